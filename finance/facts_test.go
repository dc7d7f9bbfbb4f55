package finance

import (
	"context"
	"errors"
	"math"
	"testing"
)

func TestMomentsHand(t *testing.T) {
	// x = 1, 2, 3, 4, 10: mean 4, deviations −3, −2, −1, 0, 6.
	// Σd² = 50 → sd = √(50/4), m2 = 10; Σd³ = 180 → m3 = 36;
	// Σd⁴ = 1394 → m4 = 278.8.
	mean, sd, skew, kurt := Moments([]float64{1, 2, 3, 4, 10})
	const tol = 1e-14
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"mean", mean, 4},
		{"sd", sd, math.Sqrt(12.5)},
		{"skewness", skew, 36 / math.Pow(10, 1.5)},
		{"excess kurtosis", kurt, 278.8/100 - 3},
	} {
		if !approx(c.got, c.want, tol, tol) {
			t.Errorf("%s = %.16g, want %.16g", c.name, c.got, c.want)
		}
	}
}

func TestACFHand(t *testing.T) {
	// x = 1, 2, 3, 4: deviations −1.5, −0.5, 0.5, 1.5, c0 = 5;
	// lag 1: 0.75 − 0.25 + 0.75 = 1.25; lag 2: −0.75 − 0.75 = −1.5;
	// lag 3: −2.25; lag 4 has no pairs.
	got := ACF([]float64{1, 2, 3, 4}, 4)
	want := []float64{0.25, -0.3, -0.45, 0}
	for k := range want {
		if !approx(got[k], want[k], 1e-14, 1e-15) {
			t.Errorf("ρ(%d) = %v, want %v", k+1, got[k], want[k])
		}
	}
}

func TestBartlettAndLjungBoxHand(t *testing.T) {
	rho := []float64{0.5, 0.2}
	const n = 100
	z := 1.959963984540054 // Φ⁻¹(0.975)
	b := BartlettBands(rho, n, 0.95)
	// lag 1: z/√100; lag 2: z √((1 + 2·0.5²)/100) = z √0.015.
	if !approx(b[0], z/10, 1e-12, 0) || !approx(b[1], z*math.Sqrt(0.015), 1e-12, 0) {
		t.Errorf("Bartlett bands %v, want [%v %v]", b, z/10, z*math.Sqrt(0.015))
	}
	// Q = 100·102·(0.25/99 + 0.04/98); χ²(2) survival e^{−Q/2}.
	q, p := LjungBox(rho, n)
	wantQ := 100 * 102 * (0.25/99 + 0.04/98)
	if !approx(q, wantQ, 1e-13, 0) || !approx(p, math.Exp(-wantQ/2), 1e-9, 0) {
		t.Errorf("Ljung-Box Q=%v p=%v, want %v %v", q, p, wantQ, math.Exp(-wantQ/2))
	}
}

func TestAggregateAndLeverageHand(t *testing.T) {
	agg := AggregateReturns([]float64{1, 2, 3, 4, 5, 6, 7}, 3)
	if len(agg) != 2 || agg[0] != 6 || agg[1] != 15 {
		t.Errorf("AggregateReturns = %v, want [6 15]", agg)
	}
	// r = 1, −1, 2, 0, lag 1: pairs (1, 1), (−1, 2), (2, 0).
	// x̄ = 2/3, ȳ = 1; Σdxdy = −3, Σdx² = 42/9, Σdy² = 2.
	lev := Leverage([]float64{1, -1, 2, 0}, 2)
	if want := -3 / math.Sqrt(42.0/9*2); !approx(lev[0], want, 1e-14, 0) {
		t.Errorf("L(1) = %v, want %v", lev[0], want)
	}
	if !math.IsNaN(lev[1]) {
		t.Errorf("L(2) with 2 pairs = %v, want NaN", lev[1])
	}
}

// The S&P 500 shows every stylized fact (Cont 2001): fat tails with a
// tail index near 3, no linear autocorrelation beyond lag 1 but strong,
// slowly decaying autocorrelation of |r|, kurtosis falling with the
// aggregation scale, and the leverage effect.
func TestStylizedFactsSP500(t *testing.T) {
	r := sp500Returns(t)
	f, err := StylizedFacts(r, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("n=%d mean=%.2e sd=%.4f skew=%.3f exkurt=%.2f; CSN tail %.2f±%.2f (xmin %.4f, ntail %d); Hill(k=%d) %.2f±%.2f",
		f.N, f.Mean, f.SD, f.Skewness, f.ExcessKurtosis, f.TailIndex, f.TailIndexSE, f.PowerLaw.Xmin, f.PowerLaw.NTail, f.Hill.K, f.Hill.TailIndex, f.Hill.Sigma)
	t.Logf("acf r %.3f; acf |r| %.3f; agg kurt %.2f; leverage %.3f", f.ACF[:5], f.ACFAbs[:5], f.AggKurtosis, f.Leverage[:5])
	// data/SP500LogReturns documents excess kurtosis about 11.
	if f.ExcessKurtosis < 8 || f.ExcessKurtosis > 15 {
		t.Errorf("excess kurtosis %.2f, want about 11", f.ExcessKurtosis)
	}
	if f.Skewness >= 0 {
		t.Errorf("skewness %.3f, want negative", f.Skewness)
	}
	// The inverse cubic law: tail index 3 ± 1 for daily index returns
	// (Gopikrishnan et al. 1999, Phys. Rev. E 60, 5305; Cont 2001).
	for name, a := range map[string]float64{"CSN": f.TailIndex, "Hill": f.Hill.TailIndex} {
		if a < 2 || a > 4.5 {
			t.Errorf("%s tail index %.2f outside [2, 4.5]", name, a)
		}
	}
	for k := range f.ACFAbs {
		if f.ACFAbs[k] <= f.BandAbs[k] {
			t.Errorf("acf of |r| at lag %d = %.3f not above its Bartlett band %.3f", k+1, f.ACFAbs[k], f.BandAbs[k])
		}
		if k > 0 && math.Abs(f.ACF[k]) > 0.1 {
			t.Errorf("acf of r at lag %d = %.3f, want |·| < 0.1", k+1, f.ACF[k])
		}
	}
	if f.LjungBoxAbsP > 1e-10 {
		t.Errorf("Ljung-Box p of |r| = %v, want tiny", f.LjungBoxAbsP)
	}
	if !(f.AggKurtosis[3] < f.AggKurtosis[0]/3) {
		t.Errorf("kurtosis at 60 days %.2f not below a third of the daily %.2f", f.AggKurtosis[3], f.AggKurtosis[0])
	}
	if f.AggN[3] != len(r)/60 {
		t.Errorf("AggN at scale 60 = %d, want %d", f.AggN[3], len(r)/60)
	}
	neg := 0
	for _, l := range f.Leverage {
		if l < 0 {
			neg++
		}
	}
	if f.Leverage[0] > -0.05 || neg < len(f.Leverage)-1 {
		t.Errorf("leverage %v, want L(1) < −0.05 and nearly all negative", f.Leverage)
	}
}

// Gaussian iid returns: no clustering, no leverage, no excess kurtosis
// at any scale (within sampling error).
func TestStylizedFactsGaussianNull(t *testing.T) {
	const n = 8000
	r := gaussian(n, 0, 0.01, 3)
	f, err := StylizedFacts(r, &FactsOptions{MaxLag: 10, HillK: 200, Scales: []int{1, 10}})
	if err != nil {
		t.Fatal(err)
	}
	se := math.Sqrt(24.0 / n) // sd of the excess kurtosis of n normals
	if math.Abs(f.ExcessKurtosis) > 4*se {
		t.Errorf("excess kurtosis %.3f, want |·| < %.3f", f.ExcessKurtosis, 4*se)
	}
	out := 0
	for k := range f.ACFAbs {
		if math.Abs(f.ACFAbs[k]) > f.BandAbs[k] || math.Abs(f.Leverage[k]) > f.WhiteNoiseBand {
			out++
		}
	}
	// 20 checks at the 5% level: more than 4 rejections has probability < 2%.
	if out > 4 {
		t.Errorf("%d of 20 |r| autocorrelations and leverage values outside their bands", out)
	}
	if f.Hill.K != 200 {
		t.Errorf("Hill k = %d, want 200", f.Hill.K)
	}
	if f.LjungBoxAbsP < 0.001 {
		t.Errorf("Ljung-Box of |r| rejects iid data (p=%v)", f.LjungBoxAbsP)
	}
}

// The agent-based market reproduces the facts through the same function.
func TestStylizedFactsLuxMarchesi(t *testing.T) {
	r, err := SimulateReturns(context.Background(), "LuxMarchesi", 8000, &SimulateOptions{Seed: 1, Transient: 500})
	if err != nil {
		t.Fatal(err)
	}
	f, err := StylizedFacts(r, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("LM: exkurt %.1f, tail CSN %.2f Hill %.2f, acf r(1) %.3f, acf |r|(1,20) %.3f %.3f", f.ExcessKurtosis, f.TailIndex, f.Hill.TailIndex, f.ACF[0], f.ACFAbs[0], f.ACFAbs[19])
	// Lux & Marchesi (2000), Table 2: kurtosis far above 3, Hill tail index about 2.
	if f.ExcessKurtosis < 5 {
		t.Errorf("excess kurtosis %.2f, want fat tails (> 5)", f.ExcessKurtosis)
	}
	if f.Hill.TailIndex < 1.5 || f.Hill.TailIndex > 3.5 {
		t.Errorf("Hill tail index %.2f, want in [1.5, 3.5]", f.Hill.TailIndex)
	}
	for k := range f.ACFAbs {
		if f.ACFAbs[k] <= f.BandAbs[k] {
			t.Errorf("acf of |r| at lag %d = %.3f not above its band %.3f", k+1, f.ACFAbs[k], f.BandAbs[k])
		}
	}
}

func TestStylizedFactsErrors(t *testing.T) {
	long := gaussian(200, 0, 1, 1)
	nan := append([]float64(nil), long...)
	nan[17] = math.NaN()
	for _, c := range []struct {
		name string
		r    []float64
		opt  *FactsOptions
	}{
		{"short", long[:50], nil},
		{"NaN", nan, nil},
		{"constant", make([]float64, 200), nil},
		{"bad level", long, &FactsOptions{Level: 1.5}},
		{"bad lag", long, &FactsOptions{MaxLag: -1}},
		{"bad scale", long, &FactsOptions{Scales: []int{0}}},
	} {
		if _, err := StylizedFacts(c.r, c.opt); err == nil {
			t.Errorf("%s: no error", c.name)
		} else if c.name == "NaN" && !errors.Is(err, ErrNotFinite) {
			t.Errorf("NaN: error %v does not wrap ErrNotFinite", err)
		}
	}
}
