package study

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/emergo/emergo/experiment"
	_ "github.com/emergo/emergo/system/catalog"
)

const minimal = "name: x\nsystems:\n  - name: Lorenz\nmodels:\n  - name: ridge\n"

// Bad specs fail with the line, column and field of the problem.
func TestParseErrors(t *testing.T) {
	for _, c := range []struct {
		yaml, want string
	}{
		{"name: x\nsystems:\n  - name: Lorenz\n  - name: Lorenzz\nmodels:\n  - name: ridge\n", `s.yaml:4:11: systems[1].name: unknown system "Lorenzz"; did you mean "Lorenz"`},
		{"name: x\nsystems:\n  - name: Lorenz\nmodels:\n  - name: ridge\n    hyper: {lagz: 3}\n", `s.yaml:6:12: models[0].hyper: ridge has no hyperparameter "lagz"; did you mean "lags"?`},
		{"name: x\nsystems:\n  - name: Lorenz\nmodels:\n  - name: rigde\n", `s.yaml:5:11: models[0].name: unknown model "rigde"; did you mean "ridge"?`},
		{"name: x\nsystems:\n  - name: Lorenz\nmodelz:\n  - name: ridge\n", `s.yaml:4:1: unknown field "modelz"`},
		{"name: x\nseeds: [1, a]\nsystems:\n  - name: Lorenz\nmodels:\n  - name: ridge\n", "s.yaml:2:12: cannot unmarshal string"},
		{"name: x\nseeds: [1, 1]\nsystems:\n  - name: Lorenz\nmodels:\n  - name: ridge\n", "s.yaml:2:12: seeds[1]: seed 1 is listed twice"},
		{"name: x\nsystems:\n  - data: no-such-file.csv\nmodels:\n  - name: ridge\n", "s.yaml:3:11: systems[0].data: open no-such-file.csv: no such file"},
		{minimal + "split: {train: 0.9, test: 0.3}\n", "s.yaml:6:8: split: train 0.9 + test 0.3 exceed 1"},
		{minimal + "split: {train: 0.5, val: 0.6, test: 0.3}\n", "split.val: the validation fraction 0.6 must be smaller"},
		{"name: [x\n", "s.yaml:1:7: sequence end token ']' not found"},
		{"", "s.yaml: the spec is empty"},
		{"systems:\n  - name: Lorenz\nmodels:\n  - name: ridge\n", "s.yaml: name: the study needs a name"},
		{"name: x\nsystems: []\nmodels:\n  - name: ridge\n", "systems: the study needs at least one system"},
		{"name: x\nsystems:\n  - name: Lorenz\n  - name: lorenz\nmodels:\n  - name: ridge\n", `systems[1]: label "Lorenz" is already used by systems[0]`},
		{"name: x\nsystems:\n  - name: Lorenz\n    data: sp500\nmodels:\n  - name: ridge\n", "systems[0]: name and data are mutually exclusive"},
		{"name: x\nsystems:\n  - name: Lorenz\n    columns: [w]\nmodels:\n  - name: ridge\n", `systems[0].columns[0]: no column "w" (columns: x, y, z)`},
		{"name: x\nsystems:\n  - name: Sandpile\n    sampling: {points_per_period: 10}\nmodels:\n  - name: ridge\n", "Sandpile has no dominant period"},
		{"name: x\nsystems:\n  - name: Lorenz\n    sampling: {dt: 0.1, points_per_period: 10}\nmodels:\n  - name: ridge\n", "dt and points_per_period are mutually exclusive"},
		{minimal + "analyses:\n  model_lyapunov: {models: [gru]}\n", `analyses.model_lyapunov.models[0]: no model is labelled "gru"`},
		{minimal + "scale: {models: [ridge], hyper: hidden, sizes: [1, 2, 3]}\n", `scale.hyper: model ridge has no hyperparameter "hidden"`},
		{minimal + "scale: {models: [ridge], hyper: lags, sizes: [1, 2]}\n", "scale.sizes: a scaling fit needs at least 3 sizes"},
		{minimal + "homogenization: {failure_quantile: 1.5}\n", "homogenization.failure_quantile: 1.5 is not in (0, 1)"},
	} {
		_, err := Parse([]byte(c.yaml), "s.yaml")
		var ve *ValidationError
		if !errors.As(err, &ve) {
			t.Errorf("%q: error %v, want a *ValidationError", c.yaml, err)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q:\n got  %v\n want %s", c.yaml, err, c.want)
		}
	}
}

// Defaults are filled in, names are canonicalised, and the ID depends on
// the content only.
func TestParseDefaults(t *testing.T) {
	s, err := Parse([]byte("name: x\nsystems:\n  - name: lorenz\n  - data: sp500-returns\nmodels:\n  - name: GRU\n"), "")
	if err != nil {
		t.Fatal(err)
	}
	if s.Systems[0].Name != "Lorenz" || s.Systems[0].Label != "Lorenz" || s.Systems[1].Label != "sp500-returns" {
		t.Errorf("systems %+v", s.Systems)
	}
	if s.Models[0].Name != "gru" || s.Models[0].Label != "gru" {
		t.Errorf("models %+v", s.Models)
	}
	if len(s.Seeds) != 1 || s.Sampling.Length != 5000 || s.Split.Train != 0.7 || s.Analyses.Forecast.Origins != 20 {
		t.Errorf("defaults not filled: %+v", s)
	}
	s2, _ := Parse([]byte("name: x\n\nsystems: [{name: Lorenz}, {data: sp500-returns}]\nmodels: [{name: gru}]\n"), "")
	if s.ID() != s2.ID() {
		t.Error("the same study written differently has another ID")
	}
	s3, _ := Parse([]byte("name: x\nseeds: [2]\nsystems: [{name: Lorenz}, {data: sp500-returns}]\nmodels: [{name: gru}]\n"), "")
	if s.ID() == s3.ID() {
		t.Error("another seed gives the same ID")
	}
}

// The embedded default and the documented example parse.
func TestShippedSpecs(t *testing.T) {
	s, err := Parse(DefaultYAML(), "default.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Systems) != 7 || len(s.Models) != 6 || len(s.Seeds) != 3 {
		t.Errorf("default study: %d systems, %d models, %d seeds", len(s.Systems), len(s.Models), len(s.Seeds))
	}
	files, _ := filepath.Glob("../examples/*.yaml")
	if len(files) == 0 {
		t.Fatal("no example specs in examples/")
	}
	for _, f := range files {
		if _, _, err := ParseFile(f); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	if _, _, err := ParseFile(filepath.Join(t.TempDir(), "none.yaml")); err == nil || !os.IsNotExist(errors.Unwrap(err)) {
		t.Errorf("missing file: %v", err)
	}
}

// The application specs spell out every experiment's default parameters,
// so that they document the defaults: decoding their params gives exactly
// what the kind decodes from nothing.
func TestExampleSpecsSpellOutDefaults(t *testing.T) {
	for _, name := range []string{"adapt", "climate", "earthquakes", "finance", "markets", "traffic"} {
		path := filepath.Join("..", "examples", name+".yaml")
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			continue
		}
		s, _, err := ParseFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Experiments) == 0 {
			t.Errorf("%s lists no experiments", path)
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
			got, err := k.Decode(raw)
			if err != nil {
				t.Fatal(err)
			}
			want, _ := k.Decode(nil)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s: %s's params differ from its defaults:\n%+v\n%+v", path, e.Kind, got, want)
			}
		}
	}
}
