package market

import (
	"math"
	"strings"
	"testing"

	"github.com/emergo/emergo/system"
)

func mustLM(t testing.TB, par LMParams, seed uint64) *LuxMarchesi {
	t.Helper()
	m, err := NewLuxMarchesi(par, 1, seed)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// Exact: without chartist demand (Tc = 0) and without noise (σ_μ = 0) the
// excess demand vanishes at p = p_f, so the market maker never moves the
// price however the traders switch: every return is exactly zero.
func TestLuxMarchesiQuietMarket(t *testing.T) {
	par := LMParameterSet(1)
	par.Tc, par.Sigma = 0, 0
	m := mustLM(t, par, 5)
	for d := 0; d < 200; d++ {
		if err := m.Step(); err != nil {
			t.Fatal(err)
		}
		if x := m.State(nil); x[0] != math.Log(par.Pf) || x[1] != 0 {
			t.Fatalf("day %d: log price %v, return %v; want ln p_f and 0", d+1, x[0], x[1])
		}
	}
}

// Exact: with α1 = α2 = 0 and v2 = 0 the chartists flip opinion
// independently with probability q = v1 z Δt per increment (an Ehrenfest
// urn), so E[x] decays as (1 − 2q)^k over k increments. Starting from
// 400 optimists, z = 0.8, v1 = 0.5: after one day (100 increments)
// E[x] = 0.992¹⁰⁰ = 0.4479; the mean of 300 runs has standard error
// √((1 − E[x]²)/400/300) = 0.0026, tolerance 4 standard errors.
func TestLuxMarchesiOpinionRelaxation(t *testing.T) {
	const runs = 300
	par := LMParameterSet(1)
	par.V1, par.V2, par.Alpha1, par.Alpha2, par.Tc, par.Sigma = 0.5, 0, 0, 0, 0, 0
	q := par.V1 * 0.8 * par.Dt
	want := math.Pow(1-2*q, 100)
	se := math.Sqrt((1 - want*want) / 400 / runs)
	var sum float64
	for k := 0; k < runs; k++ {
		m := mustLM(t, par, uint64(k+1))
		m.SetGroups(400, 0, 100)
		_ = m.Step()
		x := m.State(nil)
		if x[2] != 0.8 {
			t.Fatalf("chartist fraction changed to %v with v2 = 0", x[2])
		}
		sum += x[3]
	}
	if got := sum / runs; math.Abs(got-want) > 4*se {
		t.Errorf("mean opinion index after one day %.4f, want (1−2q)^100 = %.4f ± %.4f", got, want, 4*se)
	}
}

// Exact: with frozen groups (v1 = v2 = 0), inert fundamentalists (Tf = 0)
// and no noise, the excess demand is t_c(n₊ − n₋) and the price rises one
// tick with probability q = β t_c (n₊ − n₋) Δt/Δp per increment, so the
// mean price follows dp/dt = β ED (Lux & Marchesi 2000, eq. A.1). With
// n₊ − n₋ = 1, q = 0.12 and 400 days: E[Δp] = 48 with standard error
// √(4·10⁴ q(1−q))·Δp = 0.65 (tolerance 4 SE). With n₊ − n₋ = 10 the tick
// probability 1.2 saturates: exactly one tick per increment, +1 per day.
func TestLuxMarchesiMarketMaker(t *testing.T) {
	par := LMParameterSet(1)
	par.V1, par.V2, par.Tf, par.Sigma = 0, 0, 0, 0
	m := mustLM(t, par, 9)
	m.SetGroups(11, 10, 479)
	for d := 0; d < 400; d++ {
		_ = m.Step()
	}
	q := par.Beta * par.Tc / float64(par.N) * 1 * par.Dt / par.Dp
	want := 400 * 100 * q * par.Dp
	se := math.Sqrt(400*100*q*(1-q)) * par.Dp
	if got := m.Price() - par.Pf; math.Abs(got-want) > 4*se {
		t.Errorf("price rise over 400 days %.3f, want β t_c (n₊−n₋)·400 = %.3f ± %.3f", got, want, 4*se)
	}
	s := mustLM(t, par, 9)
	s.SetGroups(15, 5, 480)
	_ = s.Step()
	if got := s.Price(); math.Abs(got-(par.Pf+1)) > 1e-9 {
		t.Errorf("saturated market maker: price after one day %.12f, want p_f + 100 ticks = %v", got, par.Pf+1)
	}
}

// Invariants: traders are conserved, and the lower bound of four
// chartists and four fundamentalists holds through bursts.
func TestLuxMarchesiConservation(t *testing.T) {
	m := mustLM(t, LMParameterSet(1), 2)
	for d := 0; d < 3000; d++ {
		_ = m.Step()
		np, nm, nf := m.Groups()
		if np < 0 || nm < 0 || np+nm+nf != 500 || np+nm < minGroup || nf < minGroup {
			t.Fatalf("day %d: groups %d %d %d violate conservation or the lower bound", d+1, np, nm, nf)
		}
		if !(m.Price() >= m.par.Dp) {
			t.Fatalf("day %d: price %v below one tick", d+1, m.Price())
		}
	}
}

// Published: for parameter set I, Lux & Marchesi (2000, Fig. 1 and cond 1)
// give the critical chartist fraction z̄ = 0.65 above which the
// fundamental equilibrium loses stability. The trace condition evaluates
// to 0.6597; the paper quotes two digits, so the tolerance is 0.015.
func TestLuxMarchesiCriticalFraction(t *testing.T) {
	const published, tol = 0.65, 0.015
	z := CriticalChartistFraction(LMParameterSet(1))
	t.Logf("z̄(set I) = %.4f (published 0.65); sets II-IV: %.4f %.4f %.4f", z,
		CriticalChartistFraction(LMParameterSet(2)), CriticalChartistFraction(LMParameterSet(3)), CriticalChartistFraction(LMParameterSet(4)))
	if math.Abs(z-published) > tol {
		t.Errorf("z̄ = %.4f, want %.2f ± %g", z, published, tol)
	}
	stable := LMParameterSet(1)
	stable.Alpha2 = 0 // no trend chasing: (α1 − 1) < 0 keeps the trace negative
	if z := CriticalChartistFraction(stable); !math.IsNaN(z) {
		t.Errorf("without trend chasing z̄ = %v, want NaN (always stable)", z)
	}
}

// Stylized facts (Lux & Marchesi 2000, Sec. 5 and Table 2; Cont 2001) from
// 20,000 simulated days with parameter set I:
//   - fat tails: kurtosis well above 3 (paper: 135.7 with its refined
//     time step; the fixed Δt = 0.01 gives 20-30 across seeds, so > 10 is
//     required) and a Hill tail index near 2 at the 5% tail (paper:
//     median 2.11, range 1.51-2.64 over samples of 2,000; required
//     [1.5, 3]);
//   - volatility clustering: the autocorrelation of |r| is positive and
//     significant (> 2/√n) at every lag 1-50;
//   - no linear predictability: raw autocorrelations at lags 3-50 are
//     small (mean |ρ| < 0.05, below a fifth of the mean for |r|); lags 1
//     and 2 are negative, as the paper notes ("somewhat too large");
//   - the price stays at the fundamental on average (|mean ln(p/p_f)| <
//     0.005), and volatility rises with the fraction of chartists
//     (on-off intermittency: corr(z, |r|) > 0.2).
func TestLuxMarchesiStylizedFacts(t *testing.T) {
	const n = 20000
	sys, err := system.New("LuxMarchesi", nil, 1)
	if err != nil {
		t.Fatal(err)
	}
	for d := 0; d < 1000; d++ {
		_ = sys.Step()
	}
	r, z := make([]float64, n), make([]float64, n)
	x := make([]float64, 4)
	var dev float64
	for i := 0; i < n; i++ {
		if err := sys.Step(); err != nil {
			t.Fatal(err)
		}
		sys.State(x)
		r[i], z[i] = x[1], x[2]
		dev += x[0] - math.Log(10)
	}
	dev /= n
	_, kurt := centralMoments(r)
	tail := hill(r, n/20)
	a := absAll(r)
	sig := 2 / math.Sqrt(n)
	var rawMean, absMean float64
	for k := 1; k <= 50; k++ {
		ca := acf(a, k)
		if ca < sig {
			t.Errorf("acf of |r| at lag %d = %.3f, not significantly positive (> %.3f)", k, ca, sig)
		}
		if k >= 3 {
			rawMean += math.Abs(acf(r, k)) / 48
			absMean += ca / 48
		}
	}
	cz := corr(z, a)
	t.Logf("kurtosis %.1f, Hill(5%%) %.2f, acf r lag1 %.3f lag2 %.3f, mean|acf r|(3-50) %.4f, mean acf|r|(3-50) %.3f, acf|r| lag50 %.3f, mean ln(p/pf) %.5f, corr(z,|r|) %.3f",
		kurt, tail, acf(r, 1), acf(r, 2), rawMean, absMean, acf(a, 50), dev, cz)
	if kurt < 10 {
		t.Errorf("kurtosis %.2f, want fat tails (> 10)", kurt)
	}
	if tail < 1.5 || tail > 3 {
		t.Errorf("Hill tail index %.2f, want in [1.5, 3] (paper: 2.11)", tail)
	}
	if rawMean > 0.05 || rawMean > absMean/5 {
		t.Errorf("mean |acf| of raw returns at lags 3-50 is %.4f, want < 0.05 and < %.4f", rawMean, absMean/5)
	}
	if acf(r, 1) > 0 {
		t.Errorf("lag-1 autocorrelation %.3f, want negative as in the paper", acf(r, 1))
	}
	if math.Abs(dev) > 0.005 {
		t.Errorf("mean log deviation from the fundamental %.5f, want |·| < 0.005", dev)
	}
	if cz < 0.2 {
		t.Errorf("corr(chartist fraction, |r|) = %.3f, want > 0.2", cz)
	}
}

func corr(x, y []float64) float64 {
	mx, my := mean(x), mean(y)
	var sxy, sxx, syy float64
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	return sxy / math.Sqrt(sxx*syy)
}

func TestLuxMarchesiBuildErrors(t *testing.T) {
	if _, err := system.New("LuxMarchesi", system.Params{"dt": 0.3}, 1); err == nil || !strings.Contains(err.Error(), "multiple") {
		t.Errorf("dt = 0.3 (not dividing the day): error %v", err)
	}
	if _, err := system.New("LuxMarchesi", system.Params{"N": 7}, 1); err == nil {
		t.Error("N = 7 accepted")
	}
	// R and the dividend are distinct parameters (names are matched
	// case-insensitively by the registry).
	sys, err := system.New("LuxMarchesi", system.Params{"R": 0.001}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if p := sys.(*LuxMarchesi).Parameters(); p.R != 0.001 || p.Div != 0.004 {
		t.Errorf("R=0.001 gave R=%v, dividend=%v", p.R, p.Div)
	}
	defer func() {
		if recover() == nil {
			t.Error("LMParameterSet(5) did not panic")
		}
	}()
	LMParameterSet(5)
}

func BenchmarkLuxMarchesiStep(b *testing.B) {
	m := mustLM(b, LMParameterSet(1), 1)
	b.ReportAllocs()
	for b.Loop() {
		_ = m.Step()
	}
}
