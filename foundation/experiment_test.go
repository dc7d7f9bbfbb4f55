package foundation

import (
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/emergo/emergo/experiment"
)

// quickRun runs a registered experiment with its Quick parameters,
// checking that progress never goes backwards.
func quickRun(t *testing.T, kind string, seed uint64) *experiment.Result {
	t.Helper()
	k, err := experiment.Lookup(kind)
	if err != nil {
		t.Fatal(err)
	}
	p, err := k.Decode(nil)
	if err != nil {
		t.Fatal(err)
	}
	k.Quick(p)
	if err := k.Validate(p); err != nil {
		t.Fatalf("%s: quick parameters do not validate: %v", kind, err)
	}
	env := experiment.NewEnv(seed)
	calls, last := 0, -1
	env.Progress = func(done, total int) {
		calls++
		if done < last || done > total {
			t.Errorf("%s: progress %d/%d after %d", kind, done, total, last)
		}
		last = done
	}
	r, err := k.Run(context.Background(), p, env)
	if err != nil {
		t.Fatal(err)
	}
	if calls < 3 {
		t.Errorf("%s: %d progress calls", kind, calls)
	}
	return r
}

// Every experiment's quick run gives a well-formed result with its
// headline metrics, and is a pure function of the seed.
func TestExperimentsQuick(t *testing.T) {
	want := map[string][]string{
		KindEmergence:      {"verdict_params", "verdict_systems", "verdict_steps", "mirage_steps", "frontier_smape", "frontier_median_vpt_lyapunov_times", "frontier_attractor_kl", "frontier_fraction_kl_lt_1", "parrot_smape"},
		KindHomogenization: {"cka_shared_full", "cka_scratch", "cka_multi_head", "errcorr_shared_full", "systemic_ratio_scratch", "h_multi_full", "carriers_shared_full", "carriers_null_head", "base_excess", "inherit_p_shared_head"},
		KindZeroShot:       {"foundation_smape", "parrot_vpt", "parrot_vpt_median", "persistence_kl"},
	}
	for _, kind := range []string{KindEmergence, KindHomogenization, KindZeroShot} {
		r := quickRun(t, kind, 3)
		if err := r.Check(); err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		for _, m := range want[kind] {
			if v, ok := r.Metrics[m]; !ok || math.IsNaN(float64(v)) {
				t.Errorf("%s: metric %s = %v (present %v)", kind, m, v, ok)
			}
		}
		if len(r.Tables) == 0 || len(r.Plots) == 0 || len(r.Notes) == 0 || r.Summary == "" {
			t.Errorf("%s: %d tables, %d plots, %d notes", kind, len(r.Tables), len(r.Plots), len(r.Notes))
		}
		a, _ := json.Marshal(r)
		b, _ := json.Marshal(quickRun(t, kind, 3))
		if string(a) != string(b) {
			t.Errorf("%s: two runs with the same seed differ", kind)
		}
		switch kind {
		case KindEmergence:
			if v := r.Metrics["verdict_steps"]; v != 0 && v != 1 && v != 2 {
				t.Errorf("steps verdict code %v", v)
			}
			for _, p := range r.Plots {
				if p.Kind != experiment.Line || len(p.Series) == 0 {
					t.Errorf("plot %q: kind %s, %d series", p.Title, p.Kind, len(p.Series))
				}
			}
			if want := len(GridAxes) * 6; len(r.Plots) != want {
				t.Errorf("%d plots, want %d (every metric against every axis)", len(r.Plots), want)
			}
		case KindHomogenization:
			heat, bars := 0, 0
			for _, p := range r.Plots {
				switch p.Kind {
				case experiment.Heat:
					heat++
				case experiment.Bar:
					bars++
				}
			}
			if heat != 6 || bars != 4 {
				t.Errorf("%d heatmaps (want 5 arms + all models), %d bar charts (want 4)", heat, bars)
			}
		}
	}
}

// Bad parameters are rejected with the parameter's name.
func TestExperimentParamErrors(t *testing.T) {
	cases := []struct {
		kind, params, want string
	}{
		{KindEmergence, `{"seeds": 0}`, "seeds"},
		{KindEmergence, `{"sizes": ["huge"]}`, "sizes[0]"},
		{KindEmergence, `{"steps": [100, 50]}`, "steps"},
		{KindEmergence, `{"widths": [0]}`, "widths[0]"},
		{KindEmergence, `{"system_counts": [-2]}`, "system_counts[0]"},
		{KindEmergence, `{"patch": 7}`, "patch"},
		{KindEmergence, `{"vpt_thresholds": [-1]}`, "vpt_thresholds[0]"},
		{KindEmergence, `{"kl_threshold": 0}`, "kl_threshold"},
		{KindEmergence, `{"nonsense": 1}`, "nonsense"},
		{KindHomogenization, `{"size": "huge"}`, "size"},
		{KindHomogenization, `{"tasks": 1}`, "tasks"},
		{KindHomogenization, `{"defect": "burn"}`, "defect"},
		{KindHomogenization, `{"real": ["nosuch"]}`, "real[0]"},
		{KindHomogenization, `{"modes": ["zeroshot"]}`, "modes[0]"},
		{KindHomogenization, `{"fail_quantile": 1}`, "fail_quantile"},
		{KindHomogenization, `{"subset_fraction": 0}`, "subset_fraction"},
		{KindZeroShot, `{"baselines": ["oracle"]}`, "baselines[0]"},
		{KindZeroShot, `{"train_rows": 10}`, "train_rows"},
	}
	for _, c := range cases {
		k, err := experiment.Lookup(c.kind)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := k.Decode([]byte(c.params)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s %s: error %v, want one naming %q", c.kind, c.params, err, c.want)
		}
	}
	for _, kind := range []string{KindEmergence, KindHomogenization, KindZeroShot} {
		k, _ := experiment.Lookup(kind)
		if _, err := k.Decode(nil); err != nil {
			t.Errorf("%s: the defaults do not validate: %v", kind, err)
		}
	}
}

// A cancelled context stops every experiment with an error.
func TestExperimentsHonourCancellation(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, kind := range []string{KindEmergence, KindHomogenization, KindZeroShot} {
		k, _ := experiment.Lookup(kind)
		p, _ := k.Decode(nil)
		k.Quick(p)
		if _, err := k.Run(ctx, p, experiment.NewEnv(1)); err == nil {
			t.Errorf("%s ran to the end with a cancelled context", kind)
		}
	}
}
