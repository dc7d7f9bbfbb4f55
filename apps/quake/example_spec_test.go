package quake_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/emergo/emergo/apps/quake"
	"github.com/emergo/emergo/experiment"
	"github.com/emergo/emergo/study"
)

// The example spec parses as a study and spells out exactly the defaults.
func TestExampleSpec(t *testing.T) {
	s, _, err := study.ParseFile("../../examples/earthquakes.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Experiments) != 1 || s.Experiments[0].Kind != quake.KindName {
		t.Fatalf("experiments: %+v", s.Experiments)
	}
	k, err := experiment.Lookup(quake.KindName)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := json.Marshal(s.Experiments[0].Params)
	if err != nil {
		t.Fatal(err)
	}
	p, err := k.Decode(raw)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(p, quake.DefaultParams()) {
		t.Errorf("the example's params differ from the defaults:\n%+v\n%+v", p, quake.DefaultParams())
	}
}
