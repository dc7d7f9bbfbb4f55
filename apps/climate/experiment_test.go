package climate

import (
	"context"
	"encoding/json"
	"math"
	"runtime"
	"strings"
	"testing"

	"github.com/emergo/emergo/experiment"
)

func quick(t *testing.T, kind string, seed uint64) *experiment.Result {
	t.Helper()
	k, err := experiment.Lookup(kind)
	if err != nil {
		t.Fatal(err)
	}
	p, err := k.Decode([]byte("{}"))
	if err != nil {
		t.Fatal(err)
	}
	k.Quick(p)
	env := experiment.NewEnv(seed)
	calls := 0
	env.Progress = func(done, total int) {
		calls++
		if done > total || total < 1 {
			t.Errorf("%s: progress %d/%d", kind, done, total)
		}
	}
	r, err := k.Run(context.Background(), p, env)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Check(); err != nil {
		t.Fatalf("%s: %v", kind, err)
	}
	if calls < 2 {
		t.Errorf("%s: %d progress calls", kind, calls)
	}
	return r
}

func mustJSON(t *testing.T, r *experiment.Result) string {
	t.Helper()
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The Lorenz-96 quick run: well formed, with λ1 and skill metrics, the
// same for the same seed whatever the number of workers, and different
// ESN scores for another seed.
func TestLorenz96Quick(t *testing.T) {
	a := quick(t, Lorenz96Kind, 3)
	for _, m := range []string{"lambda1_f4", "lambda1_f8", "vpt_time_persistence_f8", "vpt_time_esn_f8", "nrmse_nvar_f8"} {
		if v, ok := a.Metrics[m]; !ok || math.IsNaN(float64(v)) {
			t.Errorf("metric %s = %v (present %v)", m, v, ok)
		}
	}
	if len(a.Tables) != 2 || len(a.Plots) != 4 {
		t.Errorf("%d tables, %d plots", len(a.Tables), len(a.Plots))
	}
	prev := runtime.GOMAXPROCS(1)
	b := quick(t, Lorenz96Kind, 3)
	runtime.GOMAXPROCS(prev)
	if mustJSON(t, a) != mustJSON(t, b) {
		t.Error("seed 3 with 1 worker differs from seed 3 with GOMAXPROCS workers")
	}
	c := quick(t, Lorenz96Kind, 4)
	if a.Metrics["nrmse_esn_f8"] == c.Metrics["nrmse_esn_f8"] {
		t.Error("seeds 3 and 4 give the same ESN")
	}
	if a.Metrics["lambda1_f8"] != c.Metrics["lambda1_f8"] {
		t.Error("λ1 depends on the seed; the system is deterministic")
	}
}

// The climate-series quick run: well formed, deterministic, baselines
// and every zoo model scored at every horizon.
func TestSeriesQuick(t *testing.T) {
	a := quick(t, SeriesKind, 1)
	for _, m := range []string{"mase_co2_seasonal_naive_h12", "mase_co2_seasonal_trend_h24", "mase_co2_ridge_h1", "mase_co2_mlp_diff_h6",
		"mase_global_temp_esn_diff_h10", "mase_global_temp_seasonal_trend_h1"} {
		if v, ok := a.Metrics[m]; !ok || math.IsNaN(float64(v)) {
			t.Errorf("metric %s = %v (present %v)", m, v, ok)
		}
	}
	if len(a.Tables) != 2 || len(a.Plots) != 4 || len(a.Notes) == 0 {
		t.Errorf("%d tables, %d plots, %d notes", len(a.Tables), len(a.Plots), len(a.Notes))
	}
	if b := quick(t, SeriesKind, 1); mustJSON(t, a) != mustJSON(t, b) {
		t.Error("two runs with seed 1 differ")
	}
}

// Bad parameters are errors naming the parameter.
func TestBadParams(t *testing.T) {
	cases := []struct{ kind, raw, name string }{
		{Lorenz96Kind, `{"n": 3}`, "n"},
		{Lorenz96Kind, `{"forcings": []}`, "forcings"},
		{Lorenz96Kind, `{"forcings": [8, 1000]}`, "forcings[1]"},
		{Lorenz96Kind, `{"dt": 0}`, "dt"},
		{Lorenz96Kind, `{"transient": -1}`, "transient"},
		{Lorenz96Kind, `{"train_time": 1}`, "train_time"},
		{Lorenz96Kind, `{"origins": 0}`, "origins"},
		{Lorenz96Kind, `{"horizon_time": 0.01}`, "horizon_time"},
		{Lorenz96Kind, `{"nrmse_time": 50}`, "nrmse_time"},
		{Lorenz96Kind, `{"nrmse_lyapunov_times": 0}`, "nrmse_lyapunov_times"},
		{Lorenz96Kind, `{"threshold": 0}`, "threshold"},
		{Lorenz96Kind, `{"lyapunov_time": 0}`, "lyapunov_time"},
		{Lorenz96Kind, `{"lyapunov_transient": -2}`, "lyapunov_transient"},
		{Lorenz96Kind, `{"models": []}`, "models"},
		{Lorenz96Kind, `{"models": [{"name": "oracle"}]}`, "models[0].name"},
		{Lorenz96Kind, `{"models": [{"name": "ridge", "hyper": {"lags": -1}}]}`, "models[0].hyper"},
		{Lorenz96Kind, `{"models": [{"name": "ridge", "transform": "diff"}]}`, "models[0].transform"},
		{Lorenz96Kind, `{"models": [{"name": "ridge"}, {"name": "ridge"}]}`, "models[1]"},
		{Lorenz96Kind, `{"forcing": [8]}`, "forcing"},
		{SeriesKind, `{"series": []}`, "series"},
		{SeriesKind, `{"series": [{"data": "nope", "column": "x", "period": 1, "horizons": [1], "origins": 1, "refit": 1, "models": [{"name": "ridge"}]}]}`, "series[0].data"},
		{SeriesKind, `{"series": [{"data": "co2", "column": "x", "period": 12, "horizons": [1], "origins": 1, "refit": 1, "models": [{"name": "ridge"}]}]}`, "series[0].column"},
		{SeriesKind, `{"series": [{"data": "co2", "column": "co2", "period": 0, "horizons": [1], "origins": 1, "refit": 1, "models": [{"name": "ridge"}]}]}`, "series[0].period"},
		{SeriesKind, `{"series": [{"data": "co2", "column": "co2", "period": 12, "horizons": [1, 0], "origins": 1, "refit": 1, "models": [{"name": "ridge"}]}]}`, "series[0].horizons[1]"},
		{SeriesKind, `{"series": [{"data": "co2", "column": "co2", "period": 12, "horizons": [1], "origins": 0, "refit": 1, "models": [{"name": "ridge"}]}]}`, "series[0].origins"},
		{SeriesKind, `{"series": [{"data": "co2", "column": "co2", "period": 12, "horizons": [1], "origins": 1, "refit": 0, "models": [{"name": "ridge"}]}]}`, "series[0].refit"},
		{SeriesKind, `{"series": [{"data": "co2", "column": "co2", "period": 12, "horizons": [1], "origins": 1, "refit": 1, "trend_window": 5, "models": [{"name": "ridge"}]}]}`, "series[0].trend_window"},
		{SeriesKind, `{"series": [{"data": "co2", "column": "co2", "period": 12, "horizons": [1], "origins": 1, "refit": 1, "models": [{"name": "ridge", "transform": "log"}]}]}`, "series[0].models[0].transform"},
	}
	for _, c := range cases {
		k, err := experiment.Lookup(c.kind)
		if err != nil {
			t.Fatal(err)
		}
		_, err = k.Decode([]byte(c.raw))
		if err == nil || !strings.Contains(err.Error(), c.name) {
			t.Errorf("%s %s: error %v, want one naming %s", c.kind, c.raw, err, c.name)
		}
	}
}

// A series too short for its origins fails with a clear error, and a
// cancelled context stops both experiments.
func TestRunErrors(t *testing.T) {
	p := DefaultSeriesParams()
	p.Series = p.Series[1:]
	p.Series[0].Origins = 140
	if _, err := RunSeries(context.Background(), p, nil); err == nil || !strings.Contains(err.Error(), "global-temp") {
		t.Errorf("140 origins on 144 years: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	lp := DefaultLorenz96Params()
	lp.Quick()
	if _, err := RunLorenz96(ctx, lp, nil); err == nil {
		t.Error("cancelled Lorenz-96 run returned no error")
	}
	sp := DefaultSeriesParams()
	sp.Quick()
	if _, err := RunSeries(ctx, sp, nil); err == nil {
		t.Error("cancelled series run returned no error")
	}
}
