package suite_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/emergo/emergo/adapt/suite"
	"github.com/emergo/emergo/experiment"
	"github.com/emergo/emergo/study"
)

// The example spec parses as a study and spells out exactly the defaults
// of the three experiments.
func TestExampleSpec(t *testing.T) {
	s, _, err := study.ParseFile("../../examples/adapt.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{suite.ScenariosKind: suite.DefaultScenariosParams(), suite.ReservoirKind: suite.DefaultReservoirParams(),
		suite.EnsembleKind: suite.DefaultEnsembleParams()}
	if len(s.Experiments) != len(want) {
		t.Fatalf("experiments: %+v", s.Experiments)
	}
	for _, e := range s.Experiments {
		k, err := experiment.Lookup(e.Kind)
		if err != nil {
			t.Fatal(err)
		}
		raw, err := json.Marshal(e.Params)
		if err != nil {
			t.Fatal(err)
		}
		p, err := k.Decode(raw)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(p, want[e.Kind]) {
			t.Errorf("%s: the example's params differ from the defaults:\n%+v\n%+v", e.Kind, p, want[e.Kind])
		}
		delete(want, e.Kind)
	}
	if len(want) != 0 {
		t.Errorf("missing experiments: %v", want)
	}
}
