package climate_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/emergo/emergo/apps/climate"
	"github.com/emergo/emergo/experiment"
	"github.com/emergo/emergo/study"
)

// The example spec parses as a study and spells out exactly the defaults
// of both experiments.
func TestExampleSpec(t *testing.T) {
	s, _, err := study.ParseFile("../../examples/climate.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{climate.Lorenz96Kind: climate.DefaultLorenz96Params(), climate.SeriesKind: climate.DefaultSeriesParams()}
	if len(s.Experiments) != len(want) {
		t.Fatalf("%d experiments, want %d", len(s.Experiments), len(want))
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
	}
}
