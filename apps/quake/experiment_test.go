package quake

import (
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/emergo/emergo/experiment"
)

func quickRun(t *testing.T, seed uint64) *experiment.Result {
	t.Helper()
	k, err := experiment.Lookup(KindName)
	if err != nil {
		t.Fatal(err)
	}
	p, err := k.Decode(nil)
	if err != nil {
		t.Fatal(err)
	}
	k.Quick(p)
	calls, last := 0, -1
	env := experiment.NewEnv(seed)
	env.Progress = func(done, total int) {
		calls++
		if done < last || done > total {
			t.Errorf("progress %d/%d after %d", done, total, last)
		}
		last = done
	}
	r, err := k.Run(context.Background(), p, env)
	if err != nil {
		t.Fatal(err)
	}
	if calls < 3 {
		t.Errorf("%d progress calls", calls)
	}
	return r
}

// The quick run returns a well-formed result with the headline metrics.
func TestExperimentQuick(t *testing.T) {
	r := quickRun(t, 1)
	if err := r.Check(); err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"mc", "mc_maxc", "b", "b_err", "b_boot_lo", "b_boot_hi", "b_global", "waiting_cv", "ofc_b_alpha0.25", "ofc_b_alpha0.2", "ofc_b_alpha0.15"} {
		v, ok := r.Metrics[m]
		if !ok || math.IsNaN(float64(v)) {
			t.Errorf("metric %s = %v (present %v)", m, v, ok)
		}
	}
	// The headline is the maximum-curvature Mc + 0.2 of the whole feed.
	if math.Abs(float64(r.Metrics["mc"]-r.Metrics["mc_maxc"])-0.2) > 1e-9 {
		t.Errorf("mc %v, maxc %v", r.Metrics["mc"], r.Metrics["mc_maxc"])
	}
	if len(r.Tables) != 4 || len(r.Plots) != 4 || len(r.Notes) == 0 {
		t.Errorf("%d tables, %d plots, %d notes", len(r.Tables), len(r.Plots), len(r.Notes))
	}
	if _, err := json.Marshal(r); err != nil {
		t.Fatal(err)
	}
}

// Same seed, same result; another seed changes the simulation and the
// bootstrap.
func TestExperimentDeterministic(t *testing.T) {
	a, err := json.Marshal(quickRun(t, 4))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(quickRun(t, 4))
	if string(a) != string(b) {
		t.Error("two runs with seed 4 differ")
	}
	c := quickRun(t, 5)
	var ra experiment.Result
	_ = json.Unmarshal(a, &ra)
	if ra.Metrics["ofc_tau_alpha0.2"] == c.Metrics["ofc_tau_alpha0.2"] && ra.Metrics["b_boot_lo"] == c.Metrics["b_boot_lo"] {
		t.Error("seeds 4 and 5 give the same OFC exponent and bootstrap interval")
	}
}

// Bad parameters are errors naming the parameter; unknown ones are
// rejected by the strict decoder.
func TestExperimentBadParams(t *testing.T) {
	k, err := experiment.Lookup(KindName)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ raw, name string }{
		{`{"region": "mars"}`, "region"},
		{`{"regions": []}`, "regions"},
		{`{"regions": ["all", "moon"]}`, "regions[1]"},
		{`{"dm": 0}`, "dm"},
		{`{"mc_correction": 3}`, "mc_correction"},
		{`{"min_events": 1}`, "min_events"},
		{`{"bootstrap": -5}`, "bootstrap"},
		{`{"waiting_bins_per_decade": 0}`, "waiting_bins_per_decade"},
		{`{"ofc_l": 1}`, "ofc_l"},
		{`{"ofc_alphas": [0.2, 0.3]}`, "ofc_alphas[1]"},
		{`{"ofc_quakes": 10}`, "ofc_quakes"},
		{`{"ofc_transient": -1}`, "ofc_transient"},
		{`{"ofc_xmax_factor": 0}`, "ofc_xmax_factor"},
		{`{"ofc_gof": -1}`, "ofc_gof"},
		{`{"b_value": 1}`, "b_value"},
	} {
		_, err := k.Decode([]byte(c.raw))
		if err == nil || !strings.Contains(err.Error(), c.name) {
			t.Errorf("%s: error %v, want one naming %s", c.raw, err, c.name)
		}
	}
	p, err := k.Decode([]byte(`{"ofc_alphas": [0.2], "region": "California"}`))
	if err != nil {
		t.Fatal(err)
	}
	if pp := p.(*Params); len(pp.OFCAlphas) != 1 || pp.Bootstrap != 1000 {
		t.Errorf("decoded %+v; want the override and the defaults", pp)
	}
}

// A cancelled context stops the run.
func TestExperimentCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	p := DefaultParams()
	p.Quick()
	if _, err := Run(ctx, p, nil); err == nil {
		t.Error("cancelled run returned no error")
	}
}
