package study

import (
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/emergo/emergo/experiment"
	"github.com/emergo/emergo/forecast"
)

type probeParams struct {
	Draws int     `json:"draws"`
	Scale float64 `json:"scale"`
}

var _ struct {
	sync.Mutex
	progress int
}

func init() {
	experiment.Register(experiment.Kind{
		Name:   "study-test-probe",
		Title:  "Probe",
		Params: func() any { return &probeParams{Draws: 100, Scale: 1} },
		Validate: func(p any) error {
			if p.(*probeParams).Draws < 1 {
				return errors.New("draws must be at least 1")
			}
			return nil
		},
		Quick: func(p any) { p.(*probeParams).Draws = 3 },
		Run: func(ctx context.Context, p any, env *experiment.Env) (*experiment.Result, error) {
			pp := p.(*probeParams)
			rng := rand.New(rand.NewPCG(env.Seed, 7))
			sum := 0.0
			for i := range pp.Draws {
				sum += rng.Float64() * pp.Scale
				env.Progress(i+1, pp.Draws)
			}
			r := &experiment.Result{Title: "probe"}
			r.Metric("sum", sum)
			r.Metric("draws", float64(pp.Draws))
			t := experiment.Table{Title: "draws", Columns: []string{"n", "sum"}}
			t.AddRow(pp.Draws, sum)
			r.Tables = append(r.Tables, t)
			return r, nil
		},
	})
}

const probeSpec = `name: probe
experiments:
  - kind: study-test-probe
    label: first
    params: {draws: 50}
  - kind: study-test-probe
    label: second
    seed: 9
`

// Experiments run as tasks with their parameters (defaults filled in),
// their seed and progress; their metrics and result document are stored;
// --quick shrinks them; reruns give the same numbers.
func TestExperimentTasks(t *testing.T) {
	s, err := Parse([]byte(probeSpec), "probe.yaml")
	if err != nil {
		t.Fatal(err)
	}
	st := newMemStore()
	calls := 0
	var mu sync.Mutex
	opt := &Options{Workers: 2, TaskProgress: func(label string, done, total int) {
		mu.Lock()
		calls++
		mu.Unlock()
	}}
	sum, err := Run(context.Background(), s, []byte(probeSpec), st, opt)
	if err != nil || sum.Failed != 0 || sum.Ran != 2 {
		t.Fatalf("run: %+v %v", sum, err)
	}
	if calls != 150 {
		t.Errorf("%d progress calls, want 150", calls)
	}
	m := metricsOf(st)
	first, second := m["experiment first"], m["experiment second"]
	if len(first) != 2 || first[0].Name != "draws" || first[0].Value != 50 || second[0].Value != 100 {
		t.Fatalf("metrics %v %v", first, second)
	}
	if first[1].Value == second[1].Value {
		t.Error("different seeds gave the same draws")
	}
	var doc ExperimentResult
	if err := json.Unmarshal(st.artifacts[keyOf(st, "experiment first")][ArtExperiment].Data, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Kind != "study-test-probe" || doc.Label != "first" || len(doc.Tables) != 1 || doc.Tables[0].Rows[0][0] != "50" {
		t.Errorf("document %+v", doc)
	}

	// Same spec, new store: the same numbers.
	st2 := newMemStore()
	if _, err := Run(context.Background(), s, []byte(probeSpec), st2, nil); err != nil {
		t.Fatal(err)
	}
	if a, b := metricsOf(st2)["experiment second"], second; a[1] != b[1] {
		t.Errorf("rerun differs: %v vs %v", a, b)
	}

	// Quick: the experiment's own shrinking applies, under another key.
	q := Quick(s)
	st3 := newMemStore()
	if _, err := Run(context.Background(), q, []byte(probeSpec), st3, nil); err != nil {
		t.Fatal(err)
	}
	if d := metricsOf(st3)["experiment first"][0].Value; d != 3 {
		t.Errorf("quick draws %v, want 3", d)
	}
}

// Spec errors name the experiment field and its line.
func TestExperimentValidation(t *testing.T) {
	cases := []struct{ spec, want string }{
		{"name: x\nexperiments:\n  - kind: nope\n", "x.yaml:3:11: experiments[0].kind: unknown experiment \"nope\""},
		{"name: x\nexperiments:\n  - kind: study-test-probe\n    params: {draws: 0}\n", "experiments[0].params: experiment study-test-probe: draws must be at least 1"},
		{"name: x\nexperiments:\n  - kind: study-test-probe\n    params: {drawz: 3}\n", `unknown field "drawz"`},
		{"name: x\nexperiments:\n  - kind: study-test-probe\n  - kind: study-test-probe\n", `label "study-test-probe" is already used by experiments[0]`},
		{"name: x\n", "at least one system or experiment"},
	}
	for _, c := range cases {
		_, err := Parse([]byte(c.spec), "x.yaml")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("spec %q: error %v, want it to contain %q", c.spec, err, c.want)
		}
	}
}

const ckptSpec = `name: ckpt
sampling: {length: 400, transient: 100}
systems:
  - name: Lorenz
    sampling: {points_per_period: 30}
models:
  - name: mlp
    hyper: {epochs: 1, hidden: 4}
analyses:
  forecast: {origins: 2}
`

// With a shared checkpoint directory the files live there and the store
// holds their manifest; LoadCheckpoint restores a loadable model and
// refuses a file changed since.
func TestSharedCheckpoints(t *testing.T) {
	s, err := Parse([]byte(ckptSpec), "ckpt.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	dir := t.TempDir()
	st := newMemStore()
	if sum, err := Run(ctx, s, []byte(ckptSpec), st, &Options{Checkpoints: dir}); err != nil || sum.Failed != 0 {
		t.Fatalf("%+v %v", sum, err)
	}
	key := keyOf(st, "train mlp on Lorenz (seed 1)")
	arts := st.artifacts[key]
	for name := range arts {
		if strings.HasPrefix(name, ArtCheckpoint) {
			t.Errorf("checkpoint file %s stored in the database although a shared directory was given", name)
		}
	}
	var man CheckpointManifest
	if err := json.Unmarshal(arts[ArtCheckpointManifest].Data, &man); err != nil {
		t.Fatal(err)
	}
	if man.Dir != filepath.Join(dir, key) || len(man.Files) == 0 || len(man.Files[0].SHA256) != 64 {
		t.Fatalf("manifest %+v", man)
	}
	out := t.TempDir()
	if err := LoadCheckpoint(ctx, st, key, out); err != nil {
		t.Fatal(err)
	}
	if _, _, err := forecast.LoadModel(ctx, out); err != nil {
		t.Fatalf("restored checkpoint does not load: %v", err)
	}
	// The default (no directory): blobs in the store, restored the same.
	st2 := newMemStore()
	if _, err := Run(ctx, s, []byte(ckptSpec), st2, nil); err != nil {
		t.Fatal(err)
	}
	out2 := t.TempDir()
	if err := LoadCheckpoint(ctx, st2, key, out2); err != nil {
		t.Fatal(err)
	}
	for _, f := range man.Files {
		a, _ := os.ReadFile(filepath.Join(out, f.Name))
		b, _ := os.ReadFile(filepath.Join(out2, f.Name))
		if string(a) != string(b) {
			t.Errorf("%s differs between the shared and the stored checkpoint", f.Name)
		}
	}
	// Tampering is caught.
	if err := os.WriteFile(man.Files[0].Path, []byte("garbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := LoadCheckpoint(ctx, st, key, t.TempDir()); err == nil || !strings.Contains(err.Error(), "changed since it was written") {
		t.Errorf("tampered checkpoint: %v", err)
	}
	if err := LoadCheckpoint(ctx, st, keyOf(st, "analyse Lorenz"), t.TempDir()); !errors.Is(err, ErrNoCheckpoint) {
		t.Errorf("task without checkpoint: %v", err)
	}
}
