package finance_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/emergo/emergo/apps/finance"
	"github.com/emergo/emergo/experiment"
	"github.com/emergo/emergo/study"
)

// The example spec parses as a study and spells out exactly the defaults.
func TestExampleSpec(t *testing.T) {
	s, _, err := study.ParseFile("../../examples/finance.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{finance.FactsKind: finance.DefaultFactsParams(), finance.ForecastKind: finance.DefaultForecastParams()}
	if len(s.Experiments) != len(want) {
		t.Fatalf("experiments: %+v", s.Experiments)
	}
	for _, e := range s.Experiments {
		def, ok := want[e.Kind]
		if !ok {
			t.Fatalf("unexpected kind %q", e.Kind)
		}
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
		if !reflect.DeepEqual(p, def) {
			t.Errorf("%s: the example's params differ from the defaults:\n%+v\n%+v", e.Kind, p, def)
		}
	}
}
