package markets_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/emergo/emergo/apps/markets"
	"github.com/emergo/emergo/experiment"
	"github.com/emergo/emergo/study"
)

// The example spec parses as a study and spells out exactly the defaults.
func TestExampleSpec(t *testing.T) {
	s, _, err := study.ParseFile("../../examples/markets.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Experiments) != 1 || s.Experiments[0].Kind != markets.KindName {
		t.Fatalf("experiments: %+v", s.Experiments)
	}
	k, _ := experiment.Lookup(markets.KindName)
	raw, _ := json.Marshal(s.Experiments[0].Params)
	p, err := k.Decode(raw)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(p, markets.DefaultParams()) {
		t.Errorf("examples/markets.yaml differs from the defaults:\n%+v\n%+v", p, markets.DefaultParams())
	}
}
