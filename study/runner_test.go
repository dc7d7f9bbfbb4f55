package study

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/emergo/emergo/store"
)

// tiny is a small study exercising every task kind in about a second.
const tiny = `name: tiny
seeds: [1, 2]
sampling: {length: 600, transient: 100}
systems:
  - name: Lorenz
    sampling: {points_per_period: 30}
  - name: Sandpile
    params: {L: 16}
    columns: [mean_height, avalanche_size]
    tail: avalanche_size
    tail_xmax: 100
    sampling: {length: 3000, transient: 1500}
models:
  - name: persistence
  - name: ridge
  - name: esn
    hyper: {size: 40, washout: 20}
  - name: mlp
    hyper: {epochs: 2, hidden: 8}
scale: {models: [mlp], systems: [Lorenz], hyper: hidden, sizes: [2, 4, 8]}
analyses:
  forecast: {origins: 4}
  lyapunov: {exponents: 3, time: 20}
  model_lyapunov: {exponents: 2, steps: 100, systems: [Lorenz]}
  power_law: {bootstrap: 5}
  descriptors: true
homogenization: {instances: 30, k: 3}
`

func runTiny(t *testing.T, st store.Store, ctx context.Context, opt *Options) (*Summary, error) {
	t.Helper()
	s, err := Parse([]byte(tiny), "tiny.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return Run(ctx, s, []byte(tiny), st, opt)
}

func metricsOf(st *memStore) map[string][]store.Metric {
	out := map[string][]store.Metric{}
	for k, v := range st.metrics {
		out[st.tasks[k].Label] = v
	}
	return out
}

// Every task of every kind runs and stores its documents; the same spec
// gives identical numbers; a rerun runs nothing.
func TestRunDeterministicAndResumable(t *testing.T) {
	st := newMemStore()
	sum, err := runTiny(t, st, context.Background(), &Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Failed != 0 || sum.Ran != sum.Total {
		t.Fatalf("summary %+v", sum)
	}
	kinds := map[string]int{}
	for _, tk := range st.tasks {
		kinds[tk.Kind]++
	}
	// 2 systems × (data + analysis + 4 models × 2 seeds + homogenization)
	// + 3 sizes × 2 seeds + 1 scaling task.
	want := map[string]int{KindData: 2, KindSystem: 2, KindTrain: 16 + 6, KindHomogenization: 2, KindScaling: 1}
	for k, n := range want {
		if kinds[k] != n {
			t.Errorf("%d %s tasks, want %d", kinds[k], k, n)
		}
	}
	m := metricsOf(st)
	get := func(label, name string) float64 {
		for _, x := range m[label] {
			if x.Name == name {
				return x.Value
			}
		}
		t.Errorf("%s: no metric %s", label, name)
		return math.NaN()
	}
	// Lorenz: the computed λ1 is near 0.9; a Sandpile avalanche tail is
	// fitted; persistence has a shorter valid time than ridge.
	if l := get("analyse Lorenz", "lambda1"); math.Abs(l-0.9) > 0.25 {
		t.Errorf("Lorenz λ1 = %v", l)
	}
	if a := get("analyse Sandpile", "tail_alpha"); !(a > 1 && a < 3) {
		t.Errorf("sandpile avalanche exponent %v", a)
	}
	if p, r := get("train persistence on Lorenz (seed 1)", "vpt_steps"), get("train ridge on Lorenz (seed 1)", "vpt_steps"); !(r > p) {
		t.Errorf("ridge VPT %v not above persistence %v", r, p)
	}
	if v := get("homogenization on Lorenz", "cka_outputs_across_seeds"); !(v > 0.5 && v <= 1+1e-9) {
		t.Errorf("CKA across seeds %v", v)
	}
	if _, ok := st.artifacts[keyOf(st, "train mlp on Lorenz (seed 1)")][ArtCheckpoint+"model.safetensors"]; !ok {
		t.Errorf("no checkpoint for mlp: %v", st.artifacts[keyOf(st, "train mlp on Lorenz (seed 1)")])
	}

	// The same spec in a new store: identical numbers.
	st2 := newMemStore()
	if _, err := runTiny(t, st2, context.Background(), &Options{Workers: 1}); err != nil {
		t.Fatal(err)
	}
	m2 := metricsOf(st2)
	for label, ms := range m {
		if fmt.Sprint(ms) != fmt.Sprint(m2[label]) {
			t.Errorf("%s: metrics differ between runs:\n%v\n%v", label, ms, m2[label])
		}
	}
	// A rerun skips everything.
	n := len(st.finished)
	sum, err = runTiny(t, st, context.Background(), nil)
	if err != nil || sum.Skipped != sum.Total || sum.Ran != 0 || len(st.finished) != n {
		t.Errorf("rerun: %+v, %v", sum, err)
	}
}

func keyOf(st *memStore, label string) string {
	for k, t := range st.tasks {
		if t.Label == label {
			return k
		}
	}
	return ""
}

// A failing task is recorded, its dependents fail naming it, the rest
// completes, and a rerun retries it.
func TestRunFailureAndRetry(t *testing.T) {
	st := newMemStore()
	st.failFinish = "analyse Sandpile"
	sum, err := runTiny(t, st, context.Background(), &Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	// The analysis, the 8 Sandpile trainings and its homogenization fail.
	if sum.Failed != 10 {
		t.Errorf("%d failed, want 10: %+v", sum.Failed, sum.Failures)
	}
	tk := st.tasks[keyOf(st, "train ridge on Sandpile (seed 1)")]
	if tk.Status != store.Failed || !strings.Contains(tk.Error, `needs "analyse Sandpile", which failed`) {
		t.Errorf("dependent task: %s %q", tk.Status, tk.Error)
	}
	if st.tasks[keyOf(st, "homogenization on Lorenz")].Status != store.Done {
		t.Error("an unrelated task did not complete")
	}
	if sum2, _ := runTiny(t, st, context.Background(), &Options{KeepFailed: true}); sum2.Ran != 0 || sum2.Failed != 10 {
		t.Errorf("keep-failed rerun %+v", sum2)
	}
	st.failFinish = ""
	sum, err = runTiny(t, st, context.Background(), nil)
	if err != nil || sum.Failed != 0 || sum.Ran != 10 {
		t.Errorf("retry: %+v %v", sum, err)
	}
}

// Cancelling stops the run with context.Canceled; finished results stay
// and the rerun completes the rest.
func TestRunCancel(t *testing.T) {
	st := newMemStore()
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	sum, err := runTiny(t, st, ctx, &Options{Workers: 2, Progress: func(p Progress) {
		if p.Last != "" {
			if n++; n == 8 {
				cancel()
			}
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v", err)
	}
	done := sum.Ran
	if done < 8 || done >= sum.Total {
		t.Errorf("%d of %d done at cancellation", done, sum.Total)
	}
	sum, err = runTiny(t, st, context.Background(), nil)
	if err != nil || sum.Skipped != done || sum.Ran != sum.Total-done {
		t.Errorf("resume: %+v %v (done before %d)", sum, err, done)
	}
}
