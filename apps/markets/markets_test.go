package markets

import (
	"context"
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/emergo/emergo/experiment"
)

func baseConfig() Config {
	p := DefaultParams()
	return Config{Traders: 30, Steps: 3000, Warmup: 500, SharedModel: p.SharedModel, Impact: p.Impact, Reversion: p.Reversion,
		Noise: p.Noise, FundVol: p.FundVol, Beta: p.Beta, Refit: p.Refit, VolWindow: p.VolWindow, CrashK: p.CrashK, Track: 10, Seed: 3}
}

// Without impact and value investors the returns are the noise traders'
// Gaussian flow: standard deviation σₙ, zero excess kurtosis, crash
// frequency Φ(−3); whatever the traders' models, the path is the same.
func TestNoImpactIsNoise(t *testing.T) {
	c := baseConfig()
	c.Impact, c.Reversion, c.Steps = 0, 0, 20000
	var first []float64
	for _, s := range []float64{0, 1} {
		c.Shared = s
		r, err := Simulate(context.Background(), c)
		if err != nil {
			t.Fatal(err)
		}
		st := r.Stats
		n := float64(len(r.Returns) - r.Warmup)
		// Standard errors: sd of the sample sd ≈ σ/√(2n), of the kurtosis √(24/n).
		if math.Abs(st.Volatility-c.Noise) > 4*c.Noise/math.Sqrt(2*n) {
			t.Errorf("shared %v: volatility %v, want %v", s, st.Volatility, c.Noise)
		}
		if math.Abs(st.Kurtosis) > 4*math.Sqrt(24/n) {
			t.Errorf("shared %v: excess kurtosis %v, want 0", s, st.Kurtosis)
		}
		want := 0.5 * math.Erfc(3/math.Sqrt2)
		if math.Abs(st.Crashes-want) > 4*math.Sqrt(want/n) {
			t.Errorf("shared %v: crash frequency %v, want Φ(−3) = %v", s, st.Crashes, want)
		}
		if first == nil {
			first = r.Price
		} else {
			for i := range first {
				if first[i] != r.Price[i] {
					t.Fatalf("price paths differ at step %d although the traders have no impact", i)
				}
			}
		}
	}
}

// The ridge AR forecaster recovers an AR(1) coefficient.
func TestForecasterAR1(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	x := make([]float64, 5000)
	for i := 1; i < len(x); i++ {
		x[i] = 0.6*x[i-1] + r.NormFloat64()
	}
	f := &forecaster{spec: ModelSpec{Family: FamilyAR, Lags: 1, Window: 5000, Alpha: 0}}
	if err := f.fit(x); err != nil {
		t.Fatal(err)
	}
	if math.Abs(f.w[0]-0.6) > 0.03 {
		t.Errorf("AR(1) coefficient %v, want 0.6", f.w[0])
	}
	if g := f.predict(nil, []float64{0, 2}); math.Abs(g-1.2) > 0.1 {
		t.Errorf("forecast after 2: %v, want about 1.2", g)
	}
	tr := &forecaster{spec: ModelSpec{Family: FamilyTrend, Lags: 2}}
	if g := tr.predict(nil, []float64{5, 1, 3}); g != 2 {
		t.Errorf("trend forecast %v, want the mean of the last two (2)", g)
	}
}

func TestSignFlipExact(t *testing.T) {
	if p := signFlipTest([]float64{1, 1, 1}, 1); p != 0.25 {
		t.Errorf("p = %v, want 2/8", p)
	}
	if p := signFlipTest([]float64{1, -1}, 1); p != 1 {
		t.Errorf("p = %v, want 1", p)
	}
}

// Traders on one model agree: their forecasts correlate more than those
// of traders with their own models (measured, not assumed: at a shared
// fraction of 1 it is 1 up to rounding).
func TestSharedModelHomogenizesForecasts(t *testing.T) {
	c := baseConfig()
	var corr [2]float64
	for k, s := range []float64{0, 1} {
		c.Shared = s
		r, err := Simulate(context.Background(), c)
		if err != nil {
			t.Fatal(err)
		}
		corr[k] = r.Stats.PredCorr
	}
	if !(corr[1] > 0.999 && corr[0] < 0.9) {
		t.Errorf("forecast correlation diverse %v, homogeneous %v", corr[0], corr[1])
	}
}

func quickRun(t *testing.T, seed uint64) (*experiment.Result, []byte) {
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
	res, err := k.Run(context.Background(), p, experiment.NewEnv(seed))
	if err != nil {
		t.Fatal(err)
	}
	if err := res.Check(); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(res)
	return res, b
}

func TestExperimentDeterministic(t *testing.T) {
	res, a := quickRun(t, 5)
	_, b := quickRun(t, 5)
	if string(a) != string(b) {
		t.Error("the same seed gave different results")
	}
	_, c := quickRun(t, 6)
	if string(a) == string(c) {
		t.Error("another seed gave the same results")
	}
	if v := float64(res.Metrics["homogeneous_forecast_correlation"]); !(v > 0.999) {
		t.Errorf("homogeneous forecast correlation %v", v)
	}
	if len(res.Tables) != 2 || len(res.Plots) < 8 {
		t.Errorf("%d tables, %d plots", len(res.Tables), len(res.Plots))
	}
}

func TestBadParams(t *testing.T) {
	k, _ := experiment.Lookup(KindName)
	for _, c := range []struct{ json, want string }{
		{`{"traders": 1}`, "traders"},
		{`{"fractions": [0, 0.5]}`, "fractions"},
		{`{"fractions": [0, 1.5, 1]}`, "fractions[1]"},
		{`{"seeds": 1}`, "seeds"},
		{`{"shared_model": {"family": "lstm", "lags": 2, "window": 100}}`, "shared_model.family"},
		{`{"shared_model": {"family": "ar", "lags": 20, "window": 50}}`, "shared_model.window"},
		{`{"track": 1000}`, "track"},
		{`{"warmup": 5000}`, "warmup"},
		{`{"volatility": 1}`, `unknown field "volatility"`},
	} {
		if _, err := k.Decode([]byte(c.json)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want it to name %q", c.json, err, c.want)
		}
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	p := DefaultParams()
	if _, err := RunExperiment(ctx, p, experiment.NewEnv(1)); err == nil {
		t.Error("a cancelled run returned no error")
	}
}
