package market_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/emergo/emergo/apps/market"
	"github.com/emergo/emergo/experiment"
	"github.com/emergo/emergo/study"
)

// The example spec parses as a study and spells out exactly the defaults.
func TestExampleSpec(t *testing.T) {
	s, _, err := study.ParseFile("../../examples/markets.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Experiments) != 1 || s.Experiments[0].Kind != market.KindName {
		t.Fatalf("experiments: %+v", s.Experiments)
	}
	k, err := experiment.Lookup(market.KindName)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(s.Experiments[0].Params)
	p, err := k.Decode(raw)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(p, market.DefaultParams()) {
		t.Errorf("examples/markets.yaml differs from the defaults:\n%+v\n%+v", p, market.DefaultParams())
	}
}
