package market

import (
	"context"
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/emergo/emergo/experiment"
	"github.com/emergo/emergo/finance"
)

func testConfig() Config {
	return Config{Impact: 0.006, Reversion: 0.02, Noise: 0.01, FundamentalVol: 0.005,
		Beta: 3, PositionLimit: 1, Refit: 25, VolSpan: 50}
}

// Exact case: with no model traders and φ = 0 the returns are the noise
// traders' i.i.d. N(0, σₙ²) impact.
func TestNoTradersRandomWalk(t *testing.T) {
	c := testConfig()
	c.Reversion = 0
	s, err := NewSim(c, nil, nil, 7)
	if err != nil {
		t.Fatal(err)
	}
	const n = 40000
	r := make([]float64, n)
	for i := range r {
		if r[i], err = s.Step(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	mean, sd, _, ek := finance.Moments(r)
	// Standard errors: σ/√n for the mean, σ/√(2n) for the sd, √(24/n)
	// for the excess kurtosis; 4 standard errors.
	if math.Abs(mean) > 4*c.Noise/math.Sqrt(n) {
		t.Errorf("mean %g, want 0 ± %g", mean, 4*c.Noise/math.Sqrt(n))
	}
	if math.Abs(sd-c.Noise) > 4*c.Noise/math.Sqrt(2*n) {
		t.Errorf("sd %g, want %g", sd, c.Noise)
	}
	if math.Abs(ek) > 4*math.Sqrt(24.0/n) {
		t.Errorf("excess kurtosis %g, want 0", ek)
	}
	// The log price is the sum of the returns.
	sum := 0.0
	for _, v := range r {
		sum += v
	}
	if math.Abs(sum-s.LogPrice()) > 1e-9 {
		t.Errorf("log price %g, sum of returns %g", s.LogPrice(), sum)
	}
}

// Exact case: with no model traders the mispricing m = p − f is the AR(1)
// m' = (1−φ)m + σₙξ − σ_fη with stationary variance (σₙ²+σ_f²)/(1−(1−φ)²).
func TestNoTradersMispricingAR1(t *testing.T) {
	c := testConfig()
	c.Reversion = 0.1
	s, _ := NewSim(c, nil, nil, 3)
	const burn, n = 500, 60000
	var m []float64
	for i := 0; i < burn+n; i++ {
		s.Step(context.Background())
		if i >= burn {
			m = append(m, s.LogPrice()-s.LogFundamental())
		}
	}
	_, sd, _, _ := finance.Moments(m)
	want := math.Sqrt((c.Noise*c.Noise + c.FundamentalVol*c.FundamentalVol) / (1 - (1-c.Reversion)*(1-c.Reversion)))
	// The AR(1) autocorrelation 0.9 inflates the sampling error of the
	// variance by √((1+ρ²)/(1−ρ²)) ≈ 3.2: 5% is several standard errors.
	if math.Abs(sd/want-1) > 0.05 {
		t.Errorf("sd of p − f = %g, want %g (5%%)", sd, want)
	}
}

// Invariant: the books balance (positions and cash sum to zero over every
// participant and the market maker), positions respect the limit, and a
// trader's position equals the sum of its orders.
func TestBooksBalance(t *testing.T) {
	c := testConfig()
	specs := []ModelSpec{
		{Family: FamilyRidge, Lags: 3, Window: 60, Alpha: 1},
		{Family: FamilyTrend, Lags: 5, Gain: 1},
		{Family: FamilyFundamental, Gain: 0.1},
		{Family: FamilyNVAR, Lags: 2, Window: 80, Alpha: 1},
		{Family: FamilyESN, Window: 80, Alpha: 1, Size: 10},
	}
	var models []Model
	for i, sp := range specs {
		m, err := NewModel(sp, uint64(i))
		if err != nil {
			t.Fatal(err)
		}
		models = append(models, m)
	}
	tm := []int{0, 0, 1, 2, 3, 4, 1}
	s, err := NewSim(c, models, tm, 11)
	if err != nil {
		t.Fatal(err)
	}
	sumOrders := make([]float64, len(tm))
	prev := make([]float64, len(tm))
	traded := 0.0
	for step := 0; step < 600; step++ {
		if _, err := s.Step(context.Background()); err != nil {
			t.Fatal(err)
		}
		b := s.Books()
		pos, cash := b.Imbalance()
		scale := 1 + math.Abs(b.MakerCash) + math.Abs(b.Inventory)
		if math.Abs(pos) > 1e-9*scale || math.Abs(cash) > 1e-9*scale {
			t.Fatalf("step %d: imbalance position %g cash %g", step, pos, cash)
		}
		for i, x := range b.Positions {
			if math.Abs(x) > c.PositionLimit+1e-12 {
				t.Fatalf("step %d: trader %d position %g beyond the limit", step, i, x)
			}
			sumOrders[i] += x - prev[i]
			traded += math.Abs(x - prev[i])
			prev[i] = x
		}
	}
	for i := range tm {
		if math.Abs(sumOrders[i]-s.Position(i)) > 1e-9 {
			t.Errorf("trader %d: position %g, orders sum %g", i, s.Position(i), sumOrders[i])
		}
	}
	if traded == 0 {
		t.Error("no trader ever traded: the test checks nothing")
	}
	// Traders sharing a model hold the same position.
	if s.Position(0) != s.Position(1) || s.Position(2) != s.Position(6) {
		t.Error("traders on one model hold different positions")
	}
}

// The trend rule forecasts the gain times the mean of the last lags
// returns; the fundamentalist gain·(f − p).
func TestRules(t *testing.T) {
	m, _ := NewModel(ModelSpec{Family: FamilyTrend, Lags: 2, Gain: 2}, 0)
	if g := m.Forecast([]float64{5, 1, 3}, 0, 0); g != 4 {
		t.Errorf("trend forecast %g, want 2·(1+3)/2 = 4", g)
	}
	f, _ := NewModel(ModelSpec{Family: FamilyFundamental, Gain: 0.5}, 0)
	if g := f.Forecast(nil, 1, 3); g != 1 {
		t.Errorf("fundamental forecast %g, want 0.5·(3−1) = 1", g)
	}
}

// The zoo ridge model refitted on an AR(1) series recovers its coefficient.
func TestRidgeRecoversAR1(t *testing.T) {
	m, err := NewModel(ModelSpec{Family: FamilyRidge, Lags: 1, Window: 2000, Alpha: 1e-6}, 1)
	if err != nil {
		t.Fatal(err)
	}
	c := testConfig()
	c.Reversion = 0
	s, _ := NewSim(c, nil, nil, 5) // a source of N(0, σₙ²) noise
	r := []float64{0}
	for len(r) < 2000 {
		e, _ := s.Step(context.Background())
		r = append(r, 0.5*r[len(r)-1]+e)
	}
	if err := m.Refit(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	// ĝ(0.01) − ĝ(0) estimates 0.5·0.01 (standard error of the slope
	// ≈ √((1−0.25)/2000) ≈ 0.02).
	g1 := m.Forecast([]float64{0.01}, 0, 0)
	g0 := m.Forecast([]float64{0}, 0, 0)
	if slope := (g1 - g0) / 0.01; math.Abs(slope-0.5) > 0.08 {
		t.Errorf("fitted AR coefficient %g, want 0.5 ± 0.08", slope)
	}
}

func TestSignFlipExact(t *testing.T) {
	// Four positive differences: only the all-plus and all-minus patterns
	// reach |S| = 10, so p = 2/16.
	if p := SignFlip([]float64{1, 2, 3, 4}, 0, 1); math.Abs(p-0.125) > 1e-12 {
		t.Errorf("p = %g, want 0.125", p)
	}
	// Symmetric differences: every pattern reaches |S| ≥ 0, p = 1.
	if p := SignFlip([]float64{0, 0}, 0, 1); p != 1 {
		t.Errorf("p = %g, want 1", p)
	}
}

func TestWelchT(t *testing.T) {
	// Equal variances and sizes: Welch's t equals Student's pooled t;
	// a = {1,2,3}, b = {4,5,6}: t = 3/√(2/3) = 3.674, df = 4, two-sided
	// p = 0.02131 (Student t tables / scipy.stats.ttest_ind).
	tt, p := WelchT([]float64{1, 2, 3}, []float64{4, 5, 6})
	if math.Abs(tt-3.6742) > 1e-3 || math.Abs(p-0.02131) > 1e-4 {
		t.Errorf("t = %g, p = %g; want 3.674, 0.02131", tt, p)
	}
}

func quickParams() *Params {
	k, _ := experiment.Lookup(KindName)
	p := DefaultParams()
	k.Quick(p)
	return p
}

// Homogenization of outcomes is measured, not assumed: traders on one
// shared model have more correlated forecast errors than diverse ones.
func TestHomogeneousErrorsMoreCorrelated(t *testing.T) {
	p := quickParams()
	for k := 0; k < 2; k++ {
		seed := runSeed(9, k)
		d, err := simulate(context.Background(), p, 0, seed)
		if err != nil {
			t.Fatal(err)
		}
		h, err := simulate(context.Background(), p, 1, seed)
		if err != nil {
			t.Fatal(err)
		}
		if !(h.stats.ErrorCorr > d.stats.ErrorCorr) || !(h.stats.ForecastCorr > d.stats.ForecastCorr) {
			t.Errorf("run %d: error correlation homogeneous %g vs diverse %g; forecast correlation %g vs %g",
				k, h.stats.ErrorCorr, d.stats.ErrorCorr, h.stats.ForecastCorr, d.stats.ForecastCorr)
		}
		if d.stats.ForecastCorr > 0.9 {
			t.Errorf("run %d: diverse forecast correlation %g: the diverse arm is not diverse", k, d.stats.ForecastCorr)
		}
	}
}

func TestExperimentQuick(t *testing.T) {
	p := quickParams()
	var last, total int
	env := experiment.NewEnv(4)
	env.Progress = func(d, n int) { last, total = d, n }
	res, err := Run(context.Background(), p, env)
	if err != nil {
		t.Fatal(err)
	}
	if err := res.Check(); err != nil {
		t.Fatal(err)
	}
	if last != total || total != len(p.Fractions)*p.Seeds {
		t.Errorf("progress %d/%d", last, total)
	}
	for _, key := range []string{"volatility_diverse", "volatility_homogeneous", "crash_p", "error_corr_homogeneous"} {
		if _, ok := res.Metrics[key]; !ok {
			t.Errorf("metric %s missing", key)
		}
	}
	if _, err := json.Marshal(res); err != nil {
		t.Fatal(err)
	}
	// Determinism: the same seed gives the same result.
	res2, err := Run(context.Background(), p, experiment.NewEnv(4))
	if err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(res)
	b, _ := json.Marshal(res2)
	if string(a) != string(b) {
		t.Error("two runs with the same seed differ")
	}
	p.Workers = 1
	res3, _ := Run(context.Background(), p, experiment.NewEnv(4))
	c, _ := json.Marshal(res3)
	if string(a) != string(c) {
		t.Error("the result depends on the number of workers")
	}
}

func TestBadParams(t *testing.T) {
	k, err := experiment.Lookup(KindName)
	if err != nil {
		t.Fatal(err)
	}
	for raw, want := range map[string]string{
		`{"traders": 1}`:                    "traders",
		`{"fractions": [0, 0.5]}`:           "fractions",
		`{"fractions": [0, 1.5, 1]}`:        "fractions[1]",
		`{"impact": 0}`:                     "impact",
		`{"noise": -1}`:                     "noise",
		`{"seeds": 1}`:                      "seeds",
		`{"warmup": 10}`:                    "warmup",
		`{"families": ["ridge", "oracle"]}`: "families[1]",
		`{"shared_model": {"family": "ridge", "lags": 5, "window": 5, "alpha": 1}}`: "shared_model.window",
		`{"track": 100}`: "track",
		`{"bogus": 1}`:   "bogus",
	} {
		_, err := k.Decode([]byte(raw))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want one naming %s", raw, err, want)
		}
	}
	if _, err := NewSim(Config{}, nil, nil, 1); err == nil || !strings.Contains(err.Error(), "impact") {
		t.Errorf("zero config: %v", err)
	}
	if _, err := NewSim(testConfig(), nil, []int{0}, 1); err == nil {
		t.Error("a trader on a missing model was accepted")
	}
	// The defaults validate.
	if _, err := k.Decode(nil); err != nil {
		t.Error(err)
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, quickParams(), experiment.NewEnv(1)); err == nil {
		t.Error("a cancelled run returned no error")
	}
}

func TestQuickKeepsValid(t *testing.T) {
	p := quickParams()
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	if reflect.DeepEqual(p, DefaultParams()) {
		t.Error("Quick changed nothing")
	}
}
