package quake

import (
	"math"
	"math/rand/v2"
	"testing"
)

// synthGR draws n continuous Gutenberg-Richter magnitudes M ≥ m0 with
// b-value b: M = m0 + E/(b ln 10), E a unit exponential.
func synthGR(rng *rand.Rand, n int, b, m0 float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = m0 + rng.ExpFloat64()/(b*math.Ln10)
	}
	return out
}

// Exact case: four magnitudes 1.0, 1.0, 1.1, 1.2 (ΔM = 0.1): the modal
// bin is 1.0, ⟨M⟩ = 1.075, so b = log10(e)/(1.075 − 0.95) (Aki 1965,
// Utsu 1966) and the Shi-Bolt error is ln(10) b² √(Σ(M−⟨M⟩)²/(n(n−1))).
func TestAnalyzeGRExact(t *testing.T) {
	a, err := AnalyzeGR([]float64{1.0, 1.2, 1.0, 1.1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	const tol = 1e-12
	b := math.Log10E / (1.075 - 0.95)
	ss := 2*0.075*0.075 + 0.025*0.025 + 0.125*0.125
	berr := math.Ln10 * b * b * math.Sqrt(ss/12)
	if math.Abs(a.McMaxc-1) > tol || math.Abs(a.Fit.Mc-1) > tol || a.Fit.N != 4 {
		t.Errorf("Mc = %v (maxc %v), N = %d; want 1, 1, 4", a.Fit.Mc, a.McMaxc, a.Fit.N)
	}
	if math.Abs(a.Fit.B-b) > tol*b || math.Abs(a.Fit.BErr-berr) > tol*berr {
		t.Errorf("b = %v ± %v, want %v ± %v", a.Fit.B, a.Fit.BErr, b, berr)
	}
	// The FMD: bins 1.0, 1.1, 1.2 with counts 2, 1, 1 and 4, 2, 1 at or above.
	wantC, wantCum := []int{2, 1, 1}, []int{4, 2, 1}
	for i := range wantC {
		if a.Counts[i] != wantC[i] || a.Cum[i] != wantCum[i] || math.Abs(a.Bins[i]-(1+0.1*float64(i))) > 1e-9 {
			t.Fatalf("FMD = %v %v %v, want bins 1.0-1.2, %v, %v", a.Bins, a.Counts, a.Cum, wantC, wantCum)
		}
	}
	if !math.IsNaN(a.BootLo) {
		t.Errorf("no bootstrap asked, got interval [%v, %v]", a.BootLo, a.BootHi)
	}
}

// The Aki-Utsu MLE recovers the b of a synthetic Gutenberg-Richter sample
// whose magnitudes are complete from the bin Mc = 2.0 (continuous values
// from Mc − ΔM/2, rounded to 0.1). Tolerance: 4 standard errors b/√n plus
// 0.01 for the binning bias of the Aki-Utsu formula (−0.0044 at b = 1,
// ΔM = 0.1, from the geometric law of binned magnitudes; Bender 1983).
// The bootstrap interval must contain
// the estimate and its spread must match the Shi-Bolt error within 20%,
// and the Shi-Bolt error must agree with Aki's b/√n within 10% (they
// coincide asymptotically for an exponential sample).
func TestAnalyzeGRRecoversB(t *testing.T) {
	for _, b := range []float64{0.8, 1.0, 1.5} {
		rng := rand.New(rand.NewPCG(7, uint64(b*10)))
		const n = 20000
		mags := synthGR(rng, n, b, 2.0-0.05)
		a, err := AnalyzeGR(mags, &GROptions{Bootstrap: 200, Seed: 3})
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(a.Fit.Mc-2.0) > 1e-9 {
			t.Errorf("b=%g: Mc = %v, want 2.0 (complete sample, no correction)", b, a.Fit.Mc)
		}
		tol := 4*b/math.Sqrt(n) + 0.01
		if math.Abs(a.Fit.B-b) > tol {
			t.Errorf("b=%g: Aki-Utsu b = %.4f, off by more than %.4f", b, a.Fit.B, tol)
		}
		if math.Abs(a.Fit.BBinned-b) > 4*b/math.Sqrt(n) {
			t.Errorf("b=%g: binned MLE b = %.4f, off by more than 4σ", b, a.Fit.BBinned)
		}
		if r := a.BootSD / a.Fit.BErr; math.Abs(r-1) > 0.2 || !(a.BootLo < a.Fit.B && a.Fit.B < a.BootHi) {
			t.Errorf("b=%g: bootstrap [%.4f, %.4f] sd %.4f vs Shi-Bolt %.4f around b̂ = %.4f", b, a.BootLo, a.BootHi, a.BootSD, a.Fit.BErr, a.Fit.B)
		}
		if r := a.Fit.BErr / a.Fit.BErrAki; math.Abs(r-1) > 0.1 {
			t.Errorf("b=%g: Shi-Bolt %.4f vs Aki %.4f", b, a.Fit.BErr, a.Fit.BErrAki)
		}
		if !a.GFT90Reached || !a.GFT95Reached {
			t.Errorf("b=%g: a pure GR sample must pass the goodness-of-fit test (R90 %v, R95 %v)", b, a.GFT90.GFTResidual, a.GFT95.GFTResidual)
		}
		// MBS never goes below the true Mc of a complete sample; sampling
		// noise in b(Mc … Mc+0.5) can push it a few bins above.
		if a.MBS == nil || a.MBS.Mc < 2.0-1e-9 || a.MBS.Mc > 2.5 || math.Abs(a.MBS.B-b) > 4*a.MBS.BErr+0.01 {
			t.Errorf("b=%g: b-value-stability fit %+v, want Mc in [2.0, 2.5] and b within 4σ", b, a.MBS)
		}
	}
}

// normCDF is Φ.
func normCDF(z float64) float64 { return 0.5 * math.Erfc(-z/math.Sqrt2) }

// A Gutenberg-Richter sample (b = 1) thinned by the detection
// probability q(M) = Φ((M − μ)/σ) of Ogata & Katsura (1993), μ = 1.5,
// σ = 0.15: maximum curvature must find the modal bin of the exact
// expected frequency-magnitude distribution (computed here by numerical
// integration of 10^(−bM)·q(M) over each bin; ±1 bin for sampling
// noise), the +0.2 correction must land within one bin of μ + 2σ = 1.8,
// where detection reaches 97.7%, and b above that Mc must be recovered
// within 0.05 (the residual incompleteness at the Mc bin's lower edge,
// q(1.75) = 95%, biases b low by a few percent).
//
// Reference: Ogata, Y. & Katsura, K. (1993). Analysis of temporal and
// spatial heterogeneity of magnitude frequency distribution inferred from
// earthquake catalogues. Geophys. J. Int. 113, 727-738.
func TestMaxCurvatureRollOff(t *testing.T) {
	const b, mu, sigma, dm = 1.0, 1.5, 0.15, 0.1
	rng := rand.New(rand.NewPCG(11, 12))
	var mags []float64
	for len(mags) < 100000 {
		m := -0.05 + rng.ExpFloat64()/(b*math.Ln10)
		if rng.Float64() < normCDF((m-mu)/sigma) {
			mags = append(mags, m)
		}
	}
	// Expected counts per bin k·dm, up to a constant.
	best, bestV := 0, -1.0
	for k := 0; k <= 40; k++ {
		var v float64
		const sub = 200
		for j := range sub {
			m := float64(k)*dm - dm/2 + (float64(j)+0.5)*dm/sub
			v += math.Pow(10, -b*m) * normCDF((m-mu)/sigma)
		}
		if v > bestV {
			best, bestV = k, v
		}
	}
	mode := float64(best) * dm
	a, err := AnalyzeGR(mags, &GROptions{McCorrection: 0.2})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(a.McMaxc-mode) > dm+1e-9 {
		t.Errorf("maximum curvature Mc = %.1f, expected modal bin %.1f", a.McMaxc, mode)
	}
	if math.Abs(a.Fit.Mc-(mu+2*sigma)) > dm+1e-9 {
		t.Errorf("Mc = maxc + 0.2 = %.1f, want within 0.1 of μ+2σ = %.2f", a.Fit.Mc, mu+2*sigma)
	}
	if math.Abs(a.Fit.B-b) > 0.05 {
		t.Errorf("b above Mc = %.3f ± %.3f, want %.1f ± 0.05", a.Fit.B, a.Fit.BErr, b)
	}
	// Without the correction the roll-off biases b low (the known
	// underestimate of maximum curvature, Woessner & Wiemer 2005).
	raw, err := AnalyzeGR(mags, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !(raw.Fit.B < a.Fit.B) {
		t.Errorf("b at the raw maxc Mc (%.3f) should be below b at Mc+0.2 (%.3f)", raw.Fit.B, a.Fit.B)
	}
}

// The shipped USGS week. The whole feed is a superposition of regional
// networks (complete from M ≈ 1) and the global network (complete from
// M ≈ 4.5): its b is far below 1 and no Mc passes the Wiemer-Wyss
// goodness-of-fit test. Single populations are near 1: the global subset
// and the California box must lie within 1 ± 0.3, the tolerance being the
// 0.8-1.2 spread of teleseismic b-values (Frohlich & Davis 1993) widened
// by about one standard error of a week's sample.
//
// Reference: Frohlich, C. & Davis, S. D. (1993). Teleseismic b values; or,
// much ado about 1.0. J. Geophys. Res. 98(B1), 631-644.
func TestRealCatalogue(t *testing.T) {
	ev, err := Catalogue(false)
	if err != nil {
		t.Fatal(err)
	}
	if len(ev) != 1679 {
		t.Fatalf("%d earthquakes, want 1679 (data.Earthquakes without 15 explosions and 13 quarry blasts)", len(ev))
	}
	withBlasts, _ := Catalogue(true)
	if len(withBlasts) != 1707 {
		t.Errorf("%d events with blasts, want 1707", len(withBlasts))
	}
	for i := 1; i < len(ev); i++ {
		if ev[i].Time < ev[i-1].Time {
			t.Fatalf("events out of time order at %d", i)
		}
	}
	opt := &GROptions{McCorrection: 0.2}
	fit := func(name string) *GRAnalysis {
		r, err := RegionByName(name)
		if err != nil {
			t.Fatal(err)
		}
		a, err := AnalyzeGR(Mags(Select(ev, r, math.Inf(-1))), opt)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	all := fit("all")
	if !(all.Fit.B < 0.5) || all.GFT90Reached {
		t.Errorf("whole feed: b = %.3f (GFT90 reached %v); expected a flat superposition, b < 0.5, no GFT90 Mc", all.Fit.B, all.GFT90Reached)
	}
	for _, name := range []string{"global", "california"} {
		a := fit(name)
		if math.Abs(a.Fit.B-1) > 0.3 {
			t.Errorf("%s: b = %.3f ± %.3f (Mc %.1f, N %d), want within 1 ± 0.3", name, a.Fit.B, a.Fit.BErr, a.Fit.Mc, a.Fit.N)
		}
	}
	if _, err := RegionByName("atlantis"); err == nil {
		t.Error("unknown region accepted")
	}
}

// Bad inputs are errors that say what is wrong.
func TestAnalyzeGRErrors(t *testing.T) {
	cases := []struct {
		name string
		mags []float64
		opt  *GROptions
	}{
		{"one magnitude", []float64{1}, nil},
		{"NaN", []float64{1, math.NaN(), 2}, nil},
		{"bin", []float64{1, 2, 3}, &GROptions{DM: -0.1}},
		{"min events", []float64{1, 2, 3}, &GROptions{MinEvents: 1}},
		{"bootstrap", []float64{1, 2, 3}, &GROptions{Bootstrap: -1}},
		{"level", []float64{1, 2, 3}, &GROptions{Level: 1.5}},
		{"correction", []float64{1, 2, 3}, &GROptions{McCorrection: math.NaN()}},
		{"one bin", []float64{1, 1, 1}, nil},
	}
	for _, c := range cases {
		if _, err := AnalyzeGR(c.mags, c.opt); err == nil {
			t.Errorf("%s: no error", c.name)
		}
	}
}

// Same seed, same bootstrap interval; another seed, another one.
func TestAnalyzeGRDeterministic(t *testing.T) {
	mags := synthGR(rand.New(rand.NewPCG(1, 2)), 500, 1, 0.95)
	run := func(seed uint64) *GRAnalysis {
		a, err := AnalyzeGR(mags, &GROptions{Bootstrap: 100, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	a, b, c := run(5), run(5), run(6)
	if a.BootLo != b.BootLo || a.BootHi != b.BootHi {
		t.Errorf("same seed: [%v, %v] vs [%v, %v]", a.BootLo, a.BootHi, b.BootLo, b.BootHi)
	}
	if a.BootLo == c.BootLo && a.BootHi == c.BootHi {
		t.Error("different seeds gave the same interval")
	}
}
