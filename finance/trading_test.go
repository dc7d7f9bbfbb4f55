package finance

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/emergo/emergo/forecast"
)

func TestSignalRule(t *testing.T) {
	for _, c := range []struct {
		rule SignalRule
		f    float64
		want float64
	}{
		{SignalRule{}, 0.001, 1},
		{SignalRule{}, -0.001, 0},
		{SignalRule{}, 0, 0},
		{SignalRule{Short: true}, -0.001, -1},
		{SignalRule{Threshold: 0.002, Short: true}, 0.001, 0},
		{SignalRule{Threshold: 0.002, Short: true}, -0.003, -1},
		{SignalRule{Threshold: 0.002}, 0.0021, 1},
	} {
		if got := c.rule.Position(c.f); got != c.want {
			t.Errorf("%+v.Position(%v) = %v, want %v", c.rule, c.f, got, c.want)
		}
	}
}

func TestMeasureHand(t *testing.T) {
	for _, c := range []struct {
		name                           string
		s                              []float64
		total, ann, vol, sharpe, maxDD float64
	}{
		// mean 0.0125, deviations 0.0875 −0.2125 0.0375 0.0875,
		// sd = √(0.061875/3); Sharpe = √252·0.0125/sd; equity 1.1, 0.88,
		// 0.924, 1.0164: drawdown 1 − 0.88/1.1 = 0.2; annual 1.0164^63 − 1.
		{"four days", []float64{0.1, -0.2, 0.05, 0.1}, 0.0164, 1.7865917810095207,
			math.Sqrt(0.061875/3) * math.Sqrt(252), 0.0125 / math.Sqrt(0.061875/3) * math.Sqrt(252), 0.2},
		// equity 1.2, 1.08, 0.972, 1.2636: drawdown 1 − 0.972/1.2 = 0.19.
		{"recovery", []float64{0.2, -0.1, -0.1, 0.3}, 0.2636, math.Pow(1.2636, 63) - 1, math.NaN(), math.NaN(), 0.19},
		// The first day's loss counts against the initial capital 1.
		{"loss first", []float64{-0.5, 1, -0.5}, -0.5, math.Pow(0.5, 84) - 1, math.NaN(), math.NaN(), 0.5},
	} {
		p := Measure(c.s)
		chk := func(what string, got, want float64) {
			if !math.IsNaN(want) && !approx(got, want, 1e-12, 1e-15) {
				t.Errorf("%s: %s = %.16g, want %.16g", c.name, what, got, want)
			}
		}
		chk("total return", p.TotalReturn, c.total)
		chk("annual return", p.AnnReturn, c.ann)
		chk("annual volatility", p.AnnVol, c.vol)
		chk("Sharpe", p.Sharpe, c.sharpe)
		chk("max drawdown", p.MaxDrawdown, c.maxDD)
	}
	if got := Measure([]float64{0.01, 0.01}).Sharpe; !math.IsNaN(got) {
		t.Errorf("Sharpe of constant returns = %v, want NaN", got)
	}
}

func TestBacktestHand(t *testing.T) {
	// Simple returns 0, 10%, −5%, 2%, 4% as log returns.
	R := []float64{0, 0.10, -0.05, 0.02, 0.04}
	r := make([]float64, len(R))
	for i, v := range R {
		r[i] = math.Log1p(v)
	}
	// Decided at the close of days 0..4 → held on days 1..5: positions
	// on days 1..4 are 1, 1, 0, −1 (the last decision is never held).
	d := []float64{1, 1, 0, -1, 0}
	b, err := Backtest(r, d, &BacktestOptions{CostBps: 10})
	if err != nil {
		t.Fatal(err)
	}
	// c = 0.001: day 1 enters (+0.10 − 0.001), day 2 holds (−0.05),
	// day 3 exits (−0.001), day 4 goes short (−0.04 − 0.001).
	wantS := []float64{0.099, -0.05, -0.001, -0.041}
	wantP := []float64{1, 1, 0, -1}
	for i := range wantS {
		if !approx(b.Returns[i], wantS[i], 0, 1e-15) || b.Positions[i] != wantP[i] {
			t.Errorf("day %d: position %v return %v, want %v %v", i+1, b.Positions[i], b.Returns[i], wantP[i], wantS[i])
		}
	}
	s := b.Strategy
	// Turnover |1|+0+|−1|+|−1| = 3 over 4 days → 3/4·252 = 189 a year;
	// invested days 1, 2, 4 with one gain: hit rate 1/3; Sharpe and
	// drawdown from Python on the four returns above.
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"turnover", s.Turnover, 189},
		{"costs", s.Costs, 0.003},
		{"hit rate", s.HitRate, 1.0 / 3},
		{"exposure", s.Exposure, 0.75},
		{"Sharpe", s.Sharpe, 0.40708873604809115},
		{"max drawdown", s.MaxDrawdown, 0.08986105000000011},
		{"total return", s.TotalReturn, 0.00024270604999987455},
		{"buy-and-hold total", b.BuyHold.TotalReturn, 1.099*0.95*1.02*1.04 - 1},
		{"buy-and-hold hit rate", b.BuyHold.HitRate, 0.75},
	} {
		if !approx(c.got, c.want, 1e-12, 1e-15) {
			t.Errorf("%s = %.16g, want %.16g", c.name, c.got, c.want)
		}
	}
	for _, c := range []struct {
		name string
		d    []float64
		opt  *BacktestOptions
	}{
		{"length", d[:4], nil},
		{"NaN decision", []float64{1, math.NaN(), 0, 0, 0}, nil},
		{"negative cost", d, &BacktestOptions{CostBps: -1}},
		{"range", d, &BacktestOptions{From: 3, To: 9}},
		{"from day 0", d, &BacktestOptions{From: -1}},
	} {
		if _, err := Backtest(r, c.d, c.opt); err == nil {
			t.Errorf("%s: no error", c.name)
		}
	}
}

// A signal that "uses r_t to trade at t" is a perfect foresight rule if
// it is applied to the same day; the backtest holds decision t over day
// t+1, so its advantage vanishes on iid returns, while the unshifted
// P&L would show an absurd Sharpe ratio.
func TestBacktestShiftDefeatsPeeking(t *testing.T) {
	const n = 5000
	r := gaussian(n, 0.0003, 0.01, 9)
	d := make([]float64, n)
	var naive []float64
	for i, v := range r {
		d[i] = math.Copysign(1, v) // "trade at t on the sign of r_t"
		naive = append(naive, d[i]*math.Expm1(v))
	}
	b, err := Backtest(r, d, nil)
	if err != nil {
		t.Fatal(err)
	}
	peek := Measure(naive).Sharpe
	// Under iid returns the Sharpe estimate has standard error about
	// √(252/n) = 0.22; the unshifted rule earns |r_t|, with Sharpe
	// E|r|/sd|r|·√252 = √(2/π)/√(1−2/π)·√252 ≈ 21.
	se := math.Sqrt(252.0 / n)
	t.Logf("shifted Sharpe %.3f (SE %.2f), unshifted %.1f", b.Strategy.Sharpe, se, peek)
	if math.Abs(b.Strategy.Sharpe) > 4*se {
		t.Errorf("backtested Sharpe of the peeking rule %.3f, want |·| < %.2f", b.Strategy.Sharpe, 4*se)
	}
	if peek < 15 {
		t.Errorf("unshifted Sharpe %.2f: the check has no power", peek)
	}
	if b.Strategy.Sharpe > peek/10 {
		t.Errorf("shifted Sharpe %.2f kept the advantage of %.2f", b.Strategy.Sharpe, peek)
	}
}

// CheckCausal catches a decision rule that reads the return it will
// trade, names the day, and passes causal rules.
func TestCheckCausal(t *testing.T) {
	r := gaussian(300, 0, 0.01, 2)
	peeking := func(r []float64) ([]float64, error) {
		d := make([]float64, len(r))
		for t := 0; t+1 < len(r); t++ {
			d[t] = math.Copysign(1, r[t+1])
		}
		return d, nil
	}
	momentum := func(r []float64) ([]float64, error) {
		d := make([]float64, len(r))
		for t := 19; t < len(r); t++ {
			var s float64
			for _, v := range r[t-19 : t+1] {
				s += v
			}
			d[t] = math.Copysign(1, s)
		}
		return d, nil
	}
	cuts := []int{50, 150, 298}
	err := CheckCausal(r, peeking, cuts)
	if !errors.Is(err, ErrLookahead) || !strings.Contains(err.Error(), "day 50 ") {
		t.Errorf("peeking rule: error %v, want ErrLookahead at day 50", err)
	}
	if err := CheckCausal(r, momentum, cuts); err != nil {
		t.Errorf("momentum rule: %v", err)
	}
	if err := CheckCausal(r, momentum, []int{299}); err == nil {
		t.Error("cut at the last day: no error")
	}
}

func TestVolatilityTiming(t *testing.T) {
	v := &VolForecast{Start: 2, Sigma: []float64{1, 2, 3, 1, 5}}
	// lookback 3, median (k = ⌈1.5⌉ = 2): forecast 2 (σ=3) vs 2 → flat;
	// forecast 3 (σ=1) vs 2 → long; forecast 4 (σ=5) vs 3 → flat. The
	// forecast of day Start+i sets decision Start+i−1.
	d, err := VolatilityTiming(v, 8, 3, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{0, 0, 0, 0, 1, 0, 0, 0}
	for i := range want {
		if d[i] != want[i] {
			t.Errorf("decisions %v, want %v", d, want)
			break
		}
	}
}

func TestDecisionsFromForecasts(t *testing.T) {
	fc := &Forecasts{Start: 2, Pred: []float64{0.01, -0.02, 0.005}, Used: []int{2, 3, 4}}
	d, err := DecisionsFromForecasts(fc, 6, SignalRule{Threshold: 0.006, Short: true})
	if err != nil {
		t.Fatal(err)
	}
	// forecast of day 2 → decision 1, day 3 → 2, day 4 (below threshold) → 3.
	want := []float64{0, 1, -1, 0, 0, 0}
	for i := range want {
		if d[i] != want[i] {
			t.Fatalf("decisions %v, want %v", d, want)
		}
	}
	bad := *fc
	bad.Used = []int{2, 4, 4} // the forecast of day 3 saw r[3]
	if _, err := DecisionsFromForecasts(&bad, 6, SignalRule{}); !errors.Is(err, ErrLookahead) {
		t.Errorf("forecast that saw its target: error %v, want ErrLookahead", err)
	}
	bad.Used = nil
	if _, err := DecisionsFromForecasts(&bad, 6, SignalRule{}); err == nil {
		t.Error("missing Used record: no error")
	}
	if _, err := DecisionsFromForecasts(fc, 4, SignalRule{}); err == nil {
		t.Error("forecasts beyond n: no error")
	}
}

// spy is a forecaster that records what it was given.
type spy struct {
	train [][]float64
	ctx   [][]float64
}

func (s *spy) Name() string    { return "spy" }
func (s *spy) ContextLen() int { return 3 }
func (s *spy) Fit(_ context.Context, train, _ *forecast.Block) error {
	s.train = append(s.train, append([]float64(nil), train.X...))
	return nil
}
func (s *spy) Predict(c *forecast.Block, h int) (*forecast.Block, error) {
	s.ctx = append(s.ctx, append([]float64(nil), c.X...))
	return forecast.NewBlock([]float64{c.X[len(c.X)-1]}, 1), nil
}

// WalkForward gives the model exactly the trailing window at each refit
// and the context r[t−3:t] for day t, nothing later.
func TestWalkForwardFeedsThePast(t *testing.T) {
	r := gaussian(40, 0, 1, 5)
	sp := &spy{}
	fc, err := WalkForward(context.Background(), r, func() (forecast.Forecaster, error) { return sp, nil },
		&WalkForwardOptions{Window: 10, Refit: 7})
	if err != nil {
		t.Fatal(err)
	}
	if fc.Start != 10 || fc.Len() != 30 {
		t.Fatalf("start %d, %d forecasts; want 10, 30", fc.Start, fc.Len())
	}
	wantRefits := []int{10, 17, 24, 31, 38}
	if len(fc.Refits) != len(wantRefits) || len(sp.train) != len(wantRefits) {
		t.Fatalf("refits %v (%d fits), want %v", fc.Refits, len(sp.train), wantRefits)
	}
	for k, t0 := range wantRefits {
		if fc.Refits[k] != t0 || !equal(sp.train[k], r[t0-10:t0]) {
			t.Errorf("refit %d at day %d trained on %v, want r[%d:%d]", k, fc.Refits[k], sp.train[k], t0-10, t0)
		}
	}
	for i, c := range sp.ctx {
		day := 10 + i
		if !equal(c, r[day-3:day]) || fc.Used[i] != day || fc.Pred[i] != r[day-1] {
			t.Errorf("day %d: context %v, used %d, forecast %v; want r[%d:%d], %d, %v", day, c, fc.Used[i], fc.Pred[i], day-3, day, day, r[day-1])
		}
	}
}

func equal(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Ridge AR forecasts through WalkForward are causal (altering the
// future leaves past forecasts unchanged), and on an AR(1) series with
// φ = 0.3 their sign earns a Sharpe ratio far above buy-and-hold, while
// costs reduce it by the expected amount.
func TestWalkForwardRidgeAR(t *testing.T) {
	const n = 3000
	rng := rand.New(rand.NewPCG(8, 8))
	r := make([]float64, n)
	for i := 1; i < n; i++ {
		r[i] = 0.3*r[i-1] + 0.01*rng.NormFloat64()
	}
	opt := &WalkForwardOptions{Window: 500, Refit: 100}
	fac := ModelFactory("ridge", forecast.Spec{Hyper: map[string]float64{"lags": 2, "alpha": 1e-3}})
	fc, err := WalkForward(context.Background(), r, fac, opt)
	if err != nil {
		t.Fatal(err)
	}
	if fc.Model != "ridge" {
		t.Errorf("model %q", fc.Model)
	}
	const c = 1234
	alt := append([]float64(nil), r...)
	for i := c + 1; i < n; i++ {
		alt[i] = 0.005 - 3*alt[i]
	}
	fa, err := WalkForward(context.Background(), alt, fac, opt)
	if err != nil {
		t.Fatal(err)
	}
	for i := range fc.Pred {
		if day := fc.Start + i; day <= c+1 && fa.Pred[i] != fc.Pred[i] {
			t.Fatalf("forecast of day %d changed when days after %d were altered", day, c)
		}
	}
	d, err := DecisionsFromForecasts(fc, n, SignalRule{Short: true})
	if err != nil {
		t.Fatal(err)
	}
	b0, err := Backtest(r, d, &BacktestOptions{From: fc.Start})
	if err != nil {
		t.Fatal(err)
	}
	b5, err := Backtest(r, d, &BacktestOptions{From: fc.Start, CostBps: 5})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("AR(1) φ=0.3: Sharpe %.2f (5 bps: %.2f), hit rate %.3f, turnover %.0f/yr; buy-and-hold Sharpe %.2f",
		b0.Strategy.Sharpe, b5.Strategy.Sharpe, b0.Strategy.HitRate, b0.Strategy.Turnover, b0.BuyHold.Sharpe)
	// The sign of an AR(1) forecast is right with probability
	// 1/2 + arcsin(φ)/π ≈ 0.597 on Gaussian data.
	if want := 0.5 + math.Asin(0.3)/math.Pi; math.Abs(b0.Strategy.HitRate-want) > 0.03 {
		t.Errorf("hit rate %.3f, want %.3f ± 0.03", b0.Strategy.HitRate, want)
	}
	if b0.Strategy.Sharpe < 3 || b0.Strategy.Sharpe < b0.BuyHold.Sharpe+2 {
		t.Errorf("Sharpe %.2f, want > 3 and well above buy-and-hold %.2f", b0.Strategy.Sharpe, b0.BuyHold.Sharpe)
	}
	// Costs: each day loses 5e-4 × turnover; the mean return drops by
	// exactly Costs/Days.
	m0, _, _, _ := Moments(b0.Returns)
	m5, _, _, _ := Moments(b5.Returns)
	if !approx(m0-m5, b5.Strategy.Costs/float64(b5.Strategy.Days), 1e-9, 0) {
		t.Errorf("mean return drop %v, cost per day %v", m0-m5, b5.Strategy.Costs/float64(b5.Strategy.Days))
	}
}

func TestWalkForwardErrors(t *testing.T) {
	r := gaussian(100, 0, 1, 1)
	fac := ModelFactory("persistence", forecast.Spec{})
	for _, c := range []struct {
		name string
		fac  Factory
		opt  *WalkForwardOptions
	}{
		{"window beyond data", fac, &WalkForwardOptions{Window: 100}},
		{"start before window", fac, &WalkForwardOptions{Window: 50, Start: 20}},
		{"unknown model", ModelFactory("ridgee", forecast.Spec{}), &WalkForwardOptions{Window: 50}},
		{"bad refit", fac, &WalkForwardOptions{Window: 50, Refit: -1}},
	} {
		if _, err := WalkForward(context.Background(), r, c.fac, c.opt); err == nil {
			t.Errorf("%s: no error", c.name)
		}
	}
	// Expanding windows may start early.
	fc, err := WalkForward(context.Background(), r, fac, &WalkForwardOptions{Expanding: true, Window: 50, Start: 20})
	if err != nil {
		t.Fatal(err)
	}
	if fc.Start != 20 || fc.Pred[0] != r[19] {
		t.Errorf("expanding persistence: start %d, first forecast %v; want 20, %v", fc.Start, fc.Pred[0], r[19])
	}
}
