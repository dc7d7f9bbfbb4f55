package finance

import (
	"math"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

func TestTailCount(t *testing.T) {
	for _, c := range []struct {
		m     int
		level float64
		want  int
	}{
		{500, 0.95, 25}, // 500·0.05 = 25.000000000000004 in floating point
		{250, 0.99, 3},  // ⌈2.5⌉
		{100, 0.99, 1},
		{5, 0.6, 2},
		{20, 0.99, 1}, // at least one
	} {
		if got := tailCount(c.m, c.level); got != c.want {
			t.Errorf("tailCount(%d, %v) = %d, want %d", c.m, c.level, got, c.want)
		}
	}
}

func TestHistoricalVaRHand(t *testing.T) {
	r := []float64{0.01, -0.02, 0.03, -0.01, 0.00, -0.04, 0.02}
	// window 5, level 0.6: k = ⌈5·0.4⌉ = 2.
	// day 5: window −0.02 −0.01 0 0.01 0.03 → VaR 0.01, ES (0.02+0.01)/2.
	// day 6: window −0.04 −0.02 −0.01 0 0.03 → VaR 0.02, ES (0.04+0.02)/2.
	rf, err := HistoricalVaR(r, 5, 0.6)
	if err != nil {
		t.Fatal(err)
	}
	if rf.Start != 5 || len(rf.VaR) != 2 {
		t.Fatalf("start %d, %d forecasts; want 5, 2", rf.Start, len(rf.VaR))
	}
	want := [][2]float64{{0.01, 0.015}, {0.02, 0.03}}
	for i, w := range want {
		if !approx(rf.VaR[i], w[0], 1e-15, 1e-17) || !approx(rf.ES[i], w[1], 1e-15, 1e-17) {
			t.Errorf("day %d: VaR %v ES %v, want %v %v", 5+i, rf.VaR[i], rf.ES[i], w[0], w[1])
		}
	}
	// Day 5 lost 0.04 > 0.01: a hit; day 6 gained.
	hits, err := Exceedances(r, rf)
	if err != nil {
		t.Fatal(err)
	}
	if !hits[0] || hits[1] {
		t.Errorf("hits %v, want [true false]", hits)
	}
	for _, c := range []struct {
		name   string
		window int
		level  float64
	}{{"window too short for the level", 10, 0.95}, {"bad level", 5, 1}, {"window beyond data", 7, 0.6}} {
		if _, err := HistoricalVaR(r, c.window, c.level); err == nil {
			t.Errorf("%s: no error", c.name)
		}
	}
}

// A return exactly at −VaR is not an exceedance; counts are exact.
func TestExceedancesExact(t *testing.T) {
	r := []float64{0, -0.02, -0.0200001, 0.05, -0.03, -0.019999}
	rf := &RiskForecast{Level: 0.95, Start: 1, VaR: []float64{0.02, 0.02, 0.02, 0.02, 0.02}}
	hits, err := Exceedances(r, rf)
	if err != nil {
		t.Fatal(err)
	}
	want := []bool{false, true, false, true, false}
	for i := range want {
		if hits[i] != want[i] {
			t.Errorf("day %d (r = %v, VaR 0.02): hit %v, want %v", i+1, r[i+1], hits[i], want[i])
		}
	}
	c, err := BacktestVaR(r, rf)
	if err != nil {
		t.Fatal(err)
	}
	if c.Exceedances != 2 || c.N != 5 || c.Rate != 0.4 || !approx(c.Expected, 0.25, 1e-15, 0) {
		t.Errorf("backtest %+v, want 2 exceedances in 5 days, expected 0.25", *c)
	}
	if _, err := Exceedances(r, &RiskForecast{Start: 3, VaR: make([]float64, 4)}); err == nil {
		t.Error("forecasts beyond the data: no error")
	}
}

func TestLowerTail(t *testing.T) {
	// Normal: q = Φ⁻¹(p), e = φ(q)/(1−p) (values from Python's
	// statistics.NormalDist).
	for _, c := range []struct{ p, q, e float64 }{
		{0.95, 1.6448536269514715, 2.062712807507429},
		{0.99, 2.3263478740408408, 2.665214220345806},
	} {
		q, e := Normal.LowerTail(c.p)
		if !approx(q, c.q, 1e-12, 0) || !approx(e, c.e, 1e-9, 0) {
			t.Errorf("normal %.2f: q=%v e=%v, want %v %v", c.p, q, e, c.q, c.e)
		}
	}
	// Unit-variance t(5): P(z ≤ −q) = 1−p by the t CDF, and e equals
	// −E[z | z ≤ −q] by quadrature of z f(z) over z = −e^x, x ≥ ln q.
	const nu = 5.0
	s := math.Sqrt((nu - 2) / nu)
	st := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: nu}
	for _, p := range []float64{0.95, 0.99} {
		q, e := StudentT(nu).LowerTail(p)
		if got := st.CDF(-q / s); !approx(got, 1-p, 1e-9, 0) {
			t.Errorf("t(5) %.2f: P(z ≤ −q) = %v, want %v", p, got, 1-p)
		}
		// Simpson's rule on [ln q, ln q + 12] (the tail beyond e^12·q
		// contributes < 1e-20).
		const m = 20000
		a, b := math.Log(q), math.Log(q)+12
		h := (b - a) / m
		f := func(x float64) float64 {
			z := math.Exp(x)
			return z * z * st.Prob(z/s) / s
		}
		sum := f(a) + f(b)
		for i := 1; i < m; i++ {
			w := 2.0
			if i%2 == 1 {
				w = 4
			}
			sum += w * f(a+float64(i)*h)
		}
		want := sum * h / 3 / (1 - p)
		if !approx(e, want, 1e-8, 0) {
			t.Errorf("t(5) %.2f: ES factor %v, quadrature %v", p, e, want)
		}
		if qn, en := Normal.LowerTail(p); p == 0.99 && (q <= qn || e <= en) {
			t.Errorf("t(5) 99%% tail (%v, %v) not beyond the normal (%v, %v)", q, e, qn, en)
		}
	}
}

func TestVolatilityVaR(t *testing.T) {
	v := &VolForecast{Start: 3, Mu: []float64{0.001, 0}, Sigma: []float64{0.01, 0.02}}
	rf, err := VolatilityVaR(v, 0.99, Normal)
	if err != nil {
		t.Fatal(err)
	}
	q, e := 2.3263478740408408, 2.665214220345806
	want := [][2]float64{{0.01*q - 0.001, 0.01*e - 0.001}, {0.02 * q, 0.02 * e}}
	for i, w := range want {
		if !approx(rf.VaR[i], w[0], 1e-12, 0) || !approx(rf.ES[i], w[1], 1e-9, 0) {
			t.Errorf("day %d: VaR %v ES %v, want %v %v", 3+i, rf.VaR[i], rf.ES[i], w[0], w[1])
		}
	}
	// Per-day ν overrides the law.
	v.Nu = []float64{0, 5}
	rt, err := VolatilityVaR(v, 0.99, Normal)
	if err != nil {
		t.Fatal(err)
	}
	qt, _ := StudentT(5).LowerTail(0.99)
	if rt.VaR[0] != rf.VaR[0] || !approx(rt.VaR[1], 0.02*qt, 1e-12, 0) {
		t.Errorf("per-day ν: VaR %v, want [%v %v]", rt.VaR, rf.VaR[0], 0.02*qt)
	}
	for _, bad := range []*VolForecast{
		{Sigma: []float64{0.01, 0}},
		{Sigma: []float64{0.01}, Mu: []float64{0, 0}},
		{Sigma: []float64{0.01}, Nu: []float64{1.5}},
	} {
		if _, err := VolatilityVaR(bad, 0.99, Normal); err == nil {
			t.Errorf("%+v: no error", *bad)
		}
	}
}

func TestKupiecHand(t *testing.T) {
	// n = 20, x = 3, level 0.95 (π = 0.05, π̂ = 0.15):
	// LR = −2[17 ln 0.95 + 3 ln 0.05] + 2[17 ln 0.85 + 3 ln 0.15]
	//    = −2[−0.871986 − 8.987197] + 2[−2.762822 − 5.691360] = 2.810002;
	// p = erfc(√(LR/2)) (values from Python's math module).
	lr, p := Kupiec(20, 3, 0.95)
	if !approx(lr, 2.81000213826103, 1e-12, 0) || !approx(p, 0.0936782508519142, 1e-12, 0) {
		t.Errorf("Kupiec(20, 3, 0.95) = %v, %v; want 2.81000213826103, 0.0936782508519142", lr, p)
	}
	// No exceedance in 100 days at 99%: LR = −2·100 ln 0.99 (0 ln 0 = 0).
	lr, p = Kupiec(100, 0, 0.99)
	if !approx(lr, -200*math.Log(0.99), 1e-14, 0) || !approx(p, 0.15625839953485104, 1e-12, 0) {
		t.Errorf("Kupiec(100, 0, 0.99) = %v, %v; want %v, 0.15625839953485104", lr, p, -200*math.Log(0.99))
	}
	// Exactly the expected rate: LR = 0, p = 1.
	if lr, p := Kupiec(100, 5, 0.95); lr > 1e-12 || p < 1-1e-6 {
		t.Errorf("Kupiec(100, 5, 0.95) = %v, %v; want 0, 1", lr, p)
	}
}

func TestChristoffersenHand(t *testing.T) {
	// Hits on days 3, 4, 10, 11 of 20: transitions n00 = 13, n01 = 2,
	// n10 = 2, n11 = 2; π01 = 2/15, π11 = 2/4, π̂ = 4/19.
	// LR_ind = −2[(15 ln(15/19) + 4 ln(4/19))
	//            − (13 ln(13/15) + 2 ln(2/15) + 2 ln(1/2) + 2 ln(1/2))]
	//        = 2.231408824993185.
	hits := make([]bool, 20)
	for _, d := range []int{3, 4, 10, 11} {
		hits[d] = true
	}
	lr, p, n00, n01, n10, n11 := Christoffersen(hits)
	if n00 != 13 || n01 != 2 || n10 != 2 || n11 != 2 {
		t.Errorf("transitions %d %d %d %d, want 13 2 2 2", n00, n01, n10, n11)
	}
	want := -2 * ((15*math.Log(15.0/19) + 4*math.Log(4.0/19)) - (13*math.Log(13.0/15) + 2*math.Log(2.0/15) + 4*math.Log(0.5)))
	if !approx(lr, want, 1e-12, 0) || !approx(lr, 2.231408824993185, 1e-12, 0) || !approx(p, 0.1352304932441099, 1e-10, 0) {
		t.Errorf("LR_ind = %v (p %v), want %v (p 0.1352304932441099)", lr, p, want)
	}
	// Conditional coverage at 95%: LR_uc(20, 4) = 5.591146667306031,
	// LR_cc = 7.822555492299216, p = e^{−LR_cc/2} = 0.020014910741064693.
	c, err := CoverageTest(hits, 0.95)
	if err != nil {
		t.Fatal(err)
	}
	if !approx(c.LRuc, 5.591146667306031, 1e-12, 0) || !approx(c.PUC, 0.018051475507555627, 1e-10, 0) ||
		!approx(c.LRcc, 7.822555492299216, 1e-12, 0) || !approx(c.PCC, 0.020014910741064693, 1e-12, 0) {
		t.Errorf("coverage %+v", *c)
	}
	// Independent-looking hits: π01 = π11 = π̂ = 1/3 gives LR_ind = 0.
	h2 := []bool{false, false, true, true, false, false, false, true, false, false}
	if lr, p, _, _, _, _ := Christoffersen(h2); lr > 1e-12 || p < 1-1e-6 {
		t.Errorf("LR_ind = %v (p %v), want 0 (p 1)", lr, p)
	}
	// No hits at all: every term vanishes.
	if lr, _, n00, _, _, _ := Christoffersen(make([]bool, 10)); lr != 0 || n00 != 9 {
		t.Errorf("no hits: LR_ind %v, n00 %d; want 0, 9", lr, n00)
	}
	if _, err := CoverageTest([]bool{true}, 0.95); err == nil {
		t.Error("one day: no error")
	}
}

// On the S&P 500 the walk-forward GARCH-normal VaR covers well at 95%
// but has too many exceedances at 99% (fat conditional tails), while
// historical simulation fails independence (its hits cluster).
func TestVaRBacktestSP500(t *testing.T) {
	if testing.Short() {
		t.Skip("walk-forward on 5104 days")
	}
	r := sp500Returns(t)
	v, err := GARCHWalkForward(t.Context(), r, &GARCHWalkOptions{Window: 1000, Refit: 50})
	if err != nil {
		t.Fatal(err)
	}
	g99, err := VolatilityVaR(v, 0.99, Normal)
	if err != nil {
		t.Fatal(err)
	}
	h95, err := HistoricalVaR(r, 1000, 0.95)
	if err != nil {
		t.Fatal(err)
	}
	cg, err := BacktestVaR(r, g99)
	if err != nil {
		t.Fatal(err)
	}
	ch, err := BacktestVaR(r, h95)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("GARCH-normal 99%%: %d exceedances (expected %.0f), Kupiec p %.2g; historical 95%%: %d (expected %.0f), Christoffersen ind p %.2g",
		cg.Exceedances, cg.Expected, cg.PUC, ch.Exceedances, ch.Expected, ch.PInd)
	if cg.Exceedances < int(1.5*cg.Expected) || cg.PUC > 0.01 {
		t.Errorf("GARCH-normal 99%%: %d exceedances for %.0f expected (p %.2g), want clear under-coverage", cg.Exceedances, cg.Expected, cg.PUC)
	}
	if ch.PInd > 0.01 {
		t.Errorf("historical 95%%: independence p = %.2g, want clustering rejected", ch.PInd)
	}
}

func TestRiskForecastSlice(t *testing.T) {
	rf := &RiskForecast{Start: 10, VaR: []float64{1, 2, 3, 4}, ES: []float64{5, 6, 7, 8}}
	s := rf.Slice(11, 13)
	if s.Start != 11 || !equal(s.VaR, []float64{2, 3}) || !equal(s.ES, []float64{6, 7}) {
		t.Errorf("Slice(11, 13) = %+v", *s)
	}
	defer func() {
		if recover() == nil {
			t.Error("Slice beyond the forecasts did not panic")
		}
	}()
	rf.Slice(9, 12)
}

// The sliding sorted window gives the same forecasts as sorting every
// window afresh.
func TestHistoricalVaRSliding(t *testing.T) {
	r := gaussian(700, 0, 0.01, 4)
	for i := 100; i < 700; i += 37 {
		r[i] = r[i-50] // ties
	}
	rf, err := HistoricalVaR(r, 250, 0.99)
	if err != nil {
		t.Fatal(err)
	}
	k := tailCount(250, 0.99)
	for i := range rf.VaR {
		w := append([]float64(nil), r[i:i+250]...)
		slices.Sort(w)
		var s float64
		for _, v := range w[:k] {
			s += v
		}
		if rf.VaR[i] != -w[k-1] || rf.ES[i] != -s/float64(k) {
			t.Fatalf("day %d: VaR %v ES %v, sorted window gives %v %v", 250+i, rf.VaR[i], rf.ES[i], -w[k-1], -s/float64(k))
		}
	}
}
