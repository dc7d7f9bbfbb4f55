package statphys

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// Exact: with xmin = 1 fixed, x = {1, e, e²} gives Σ ln(x/xmin) = 3, so
// α = 1 + 3/3 = 2 and σ = (α−1)/√3 (CSN eqs. 3.1-3.2); the log-likelihood
// is 3 ln(α−1) − α·3 = −6. The KS distance compares the fitted CDF
// F(x) = 1 − 1/x, which is {0, 1−1/e, 1−1/e²} at the three points, with
// the empirical steps 0→1/3, 1/3→2/3, 2/3→1 there: the largest of the six
// gaps.
func TestPowerLawExact(t *testing.T) {
	const tol = 1e-14
	e := math.E
	f, err := FitPowerLaw([]float64{e * e, 1, e}, &PowerLawOptions{Xmin: 1, MinTail: 3})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(f.Alpha-2) > tol || math.Abs(f.Sigma-1/math.Sqrt(3)) > tol || math.Abs(f.LogLik+6) > tol {
		t.Errorf("α = %v σ = %v ℓ = %v, want 2, 1/√3, −6", f.Alpha, f.Sigma, f.LogLik)
	}
	F := []float64{0, 1 - 1/e, 1 - 1/(e*e)}
	var want float64
	for i, v := range F {
		want = max(want, math.Abs(v-float64(i)/3), math.Abs(float64(i+1)/3-v))
	}
	if math.Abs(f.KS-want) > tol || f.NTail != 3 || f.Xmin != 1 {
		t.Errorf("KS = %v (want %v), ntail %d, xmin %v", f.KS, want, f.NTail, f.Xmin)
	}
	// Discrete exact: x = {1, 1, 2} with xmin = 1. ℓ'(α) = 0 means
	// ζ'(α)/ζ(α) = −ln 2 / 3 (Σ ln x = ln 2, n = 3); check the root and
	// the CSN standard error 1/√(n(ζ″/ζ − (ζ'/ζ)²)) at it.
	g, err := FitPowerLaw([]float64{1, 2, 1}, &PowerLawOptions{Discrete: true, Xmin: 1, MinTail: 3})
	if err != nil {
		t.Fatal(err)
	}
	z, d1, d2 := HurwitzZetaDeriv(g.Alpha, 1)
	if math.Abs(d1/z+math.Ln2/3) > 1e-12 {
		t.Errorf("discrete α = %v: ζ'/ζ = %v, want −ln2/3", g.Alpha, d1/z)
	}
	if s := 1 / math.Sqrt(3*(d2/z-(d1/z)*(d1/z))); math.Abs(g.Sigma-s) > 1e-14 {
		t.Errorf("discrete σ = %v, want %v", g.Sigma, s)
	}
	// CCDF: (x/xmin)^(1−α) = 1/x for the continuous fit; for the discrete
	// one P(X ≥ x) − P(X ≥ x+1) = x^−α/ζ(α, 1); truncated at xmax the CCDF
	// is 0 beyond it and P(X = xmax) just below.
	if c := f.CCDF(4); math.Abs(c-0.25) > tol || f.CCDF(0.5) != 1 {
		t.Errorf("continuous CCDF(4) = %v, want 1/4", c)
	}
	if d := g.CCDF(3) - g.CCDF(4); math.Abs(d-math.Pow(3, -g.Alpha)/z) > tol {
		t.Errorf("discrete P(X=3) = %v, want %v", d, math.Pow(3, -g.Alpha)/z)
	}
	h, err := FitPowerLaw([]float64{1, 2, 1, 3, 5}, &PowerLawOptions{Discrete: true, Xmin: 1, Xmax: 6, MinTail: 5})
	if err != nil {
		t.Fatal(err)
	}
	zt, _, _ := PowerSum(h.Alpha, 1, 6)
	if c := h.CCDF(6); math.Abs(c-math.Pow(6, -h.Alpha)/zt) > tol || h.CCDF(7) != 0 {
		t.Errorf("truncated CCDF(6) = %v, want %v; CCDF(7) = %v", c, math.Pow(6, -h.Alpha)/zt, h.CCDF(7))
	}
}

// The fast scan (pruned KS with monotone bounds) must return exactly the
// candidate of the brute-force O(n²) scan, on continuous, rounded (tied)
// and discrete samples with and without a non-power-law body.
func TestScanMatchesBruteForce(t *testing.T) {
	const tol = 1e-13
	r := newRand(3)
	for trial := 0; trial < 12; trial++ {
		n := 300 + 200*trial
		var x []float64
		disc := trial%3 == 2
		switch {
		case disc:
			x = zetaSample(r, n, 2.2+0.1*float64(trial%4), 1+float64(trial%5))
			for i := 0; i < n/3; i++ {
				x[i] = float64(1 + r.IntN(4))
			}
		default:
			x = paretoSample(r, n, 2.5, 1)
			for i := 0; i < n/2; i++ {
				x[i] = 0.2 + 2*r.Float64() // uniform body
			}
			if trial%3 == 1 {
				for i := range x {
					x[i] = math.Round(x[i]*20) / 20
				}
			}
		}
		for _, xmax := range []float64{0, 40} { // untruncated, and truncated at 40
			o := PowerLawOptions{Discrete: disc, Xmax: xmax}
			f, err := FitPowerLaw(x, &o)
			if err != nil {
				t.Fatal(err)
			}
			b, all := bruteScan(x, o)
			if f.Xmin != b.xmin || math.Abs(f.KS-b.ks) > tol || math.Abs(f.Alpha-b.alpha) > tol {
				t.Errorf("trial %d xmax %v: fast xmin %v α %v D %v; brute xmin %v α %v D %v", trial, xmax, f.Xmin, f.Alpha, f.KS, b.xmin, b.alpha, b.ks)
			}
			// Every candidate's distance from the bounded evaluation
			// (strided pass, witness, refinement) equals the full pass; with
			// a bound it is either exact or a lower bound above the bound.
			sc := newScanner(disc, xmax)
			sc.load(f.data)
			for q, want := range all {
				a, _, _ := sc.estimate(q, sc.uv[q])
				if d, exact := sc.ks(q, sc.uv[q], a, math.Inf(1), true); !exact || math.Abs(d-want) > tol {
					t.Fatalf("trial %d xmax %v candidate %d: D = %v, full pass %v", trial, xmax, q, d, want)
				}
				bound := b.ks * 1.2
				if d, exact := sc.ks(q, sc.uv[q], a, bound, false); (exact && math.Abs(d-want) > tol) || (!exact && (d < bound || d > want+tol)) {
					t.Fatalf("trial %d xmax %v candidate %d: bounded D = %v (exact %v), full pass %v, bound %v", trial, xmax, q, d, exact, want, bound)
				}
			}
		}
	}
}

func TestPowerLawErrors(t *testing.T) {
	cases := []struct {
		x    []float64
		opt  *PowerLawOptions
		want error
	}{
		{[]float64{1, 2, 3}, nil, ErrTooShort},
		{[]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, math.NaN()}, nil, ErrNotFinite},
		{[]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 0}, nil, ErrNonPositive},
		{[]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, -2}, nil, ErrNonPositive},
		{[]float64{3, 3, 3, 3, 3, 3, 3, 3, 3, 3}, nil, ErrConstant},
		{[]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10.5}, &PowerLawOptions{Discrete: true}, ErrNotInteger},
		{[]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, &PowerLawOptions{XminMin: 20}, ErrTooShort},
		{[]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, &PowerLawOptions{Xmin: 9.5}, ErrTooShort},
	}
	for i, c := range cases {
		_, err := FitPowerLaw(c.x, c.opt)
		if !errors.Is(err, c.want) {
			t.Errorf("case %d: error %v, want %v", i, err, c.want)
		} else {
			t.Logf("case %d: %v", i, err)
		}
	}
}

// Exact (truncated): x = {1, e, e²} with xmin = 1 and xmax = e³ fixed.
// The MLE solves E_c[y] = ⟨y⟩ = 1 for y = ln x on [0, 3] with density
// ∝ e^(−cy), c = α−1, i.e. 1/c − 3/(e^(3c) − 1) = 1; checked against
// direct quadrature of the moment, and σ² = 1/(n Var_c[y]).
func TestPowerLawTruncatedExact(t *testing.T) {
	const tol = 1e-10
	e := math.E
	f, err := FitPowerLaw([]float64{1, e, e * e}, &PowerLawOptions{Xmin: 1, Xmax: e * e * e, MinTail: 3})
	if err != nil {
		t.Fatal(err)
	}
	c := f.Alpha - 1
	norm := integrate(func(y float64) float64 { return math.Exp(-c * y) }, 0, 3, 8, 1e-14, 0)
	m1 := integrate(func(y float64) float64 { return y * math.Exp(-c*y) }, 0, 3, 8, 1e-14, 0) / norm
	m2 := integrate(func(y float64) float64 { return y * y * math.Exp(-c*y) }, 0, 3, 8, 1e-14, 0) / norm
	if math.Abs(m1-1) > tol {
		t.Errorf("α = %v: E[y] = %v, want 1", f.Alpha, m1)
	}
	if s := 1 / math.Sqrt(3*(m2-m1*m1)); math.Abs(f.Sigma-s) > tol {
		t.Errorf("σ = %v, want %v", f.Sigma, s)
	}
	// Symmetric data on [0, L] (⟨y⟩ = L/2) give c = 0: α = 1 exactly.
	g, err := FitPowerLaw([]float64{1, e, e * e, e * e * e}, &PowerLawOptions{Xmin: 1, Xmax: e * e * e, MinTail: 4})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(g.Alpha-1) > tol {
		t.Errorf("symmetric truncated sample: α = %v, want 1", g.Alpha)
	}
}

// CSN on seeded synthetic samples (n = 1000, 20 seeds per case, 100
// bootstrap replicates each): continuous and discrete power laws with
// α = 2.5 from xmin = 1, and with a non-power-law body (30% uniform below
// xmin = 5, resp. 10) below a power-law tail.
//   - α: within 2σ (CSN's σ, eqs. 3.2 and 3.6) in at least 16 of 20 seeds
//     (P(|z| > 2) = 4.6%: false failure ≈ 0.002), and every fit within
//     4σ (σ ignores the uncertainty of xmin; 3σ excursions occur in 80 fits).
//   - xmin: every estimate within [0.95, 3]× the truth (the KS scan may
//     overshoot into the power-law tail, which is harmless, but must not
//     start deep in the body), and the median within 10% of the truth.
//   - p: under the power-law hypothesis p is uniform on (0, 1), so p > 0.1
//     is required in at least 14 of 20 seeds (false failure ≈ 0.002).
//     While writing this test, 1000-replicate p-values of 40 "body below
//     5" samples had 5/40 below 0.1, and 100 further samples 3/100: the
//     bootstrap is not anti-conservative.
func TestCSNSynthetic(t *testing.T) {
	const seeds, need2sigma, needP, maxZ = 20, 16, 14, 4
	cases := []struct {
		name     string
		discrete bool
		gen      func(r *rand.Rand) []float64
		xmin     float64
	}{
		{"continuous xmin=1", false, func(r *rand.Rand) []float64 { return paretoSample(r, 1000, 2.5, 1) }, 1},
		{"continuous body<5", false, func(r *rand.Rand) []float64 {
			x := paretoSample(r, 1000, 2.5, 5)
			for i := 0; i < 300; i++ {
				x[i] = 1 + 4*r.Float64()
			}
			return x
		}, 5},
		{"discrete xmin=1", true, func(r *rand.Rand) []float64 { return zetaSample(r, 1000, 2.5, 1) }, 1},
		{"discrete body<10", true, func(r *rand.Rand) []float64 {
			x := zetaSample(r, 1000, 2.5, 10)
			for i := 0; i < 300; i++ {
				x[i] = float64(1 + r.IntN(9))
			}
			return x
		}, 10},
	}
	for ci, c := range cases {
		var in2, pOK int
		var xmins []float64
		for s := uint64(0); s < seeds; s++ {
			x := c.gen(newRand(100*uint64(ci) + s))
			f, err := FitPowerLaw(x, &PowerLawOptions{Discrete: c.discrete})
			if err != nil {
				t.Fatal(err)
			}
			g, err := f.GoodnessOfFit(context.Background(), &BootstrapOptions{Replicates: 100, Seed: s})
			if err != nil {
				t.Fatal(err)
			}
			z := (f.Alpha - 2.5) / f.Sigma
			t.Logf("%s seed %d: α = %.4f ± %.4f (z = %+.2f), xmin = %.4g, n_tail = %d, KS = %.4f, p = %.2f",
				c.name, s, f.Alpha, f.Sigma, z, f.Xmin, f.NTail, f.KS, g.P)
			if math.Abs(z) > maxZ {
				t.Errorf("%s seed %d: α = %.4f is %.1fσ from 2.5", c.name, s, f.Alpha, z)
			}
			if math.Abs(z) <= 2 {
				in2++
			}
			if f.Xmin < 0.95*c.xmin || f.Xmin > 3*c.xmin {
				t.Errorf("%s seed %d: xmin = %v outside [0.95, 3]×%v", c.name, s, f.Xmin, c.xmin)
			}
			xmins = append(xmins, f.Xmin)
			if g.P > 0.1 {
				pOK++
			}
		}
		slices.Sort(xmins)
		med := (xmins[seeds/2-1] + xmins[seeds/2]) / 2
		if math.Abs(med/c.xmin-1) > 0.1 {
			t.Errorf("%s: median xmin %v, want %v ± 10%%", c.name, med, c.xmin)
		}
		if in2 < need2sigma || pOK < needP {
			t.Errorf("%s: α within 2σ in %d/%d seeds (want ≥ %d), p > 0.1 in %d/%d (want ≥ %d)", c.name, in2, seeds, need2sigma, pOK, seeds, needP)
		}
		t.Logf("%s: α within 2σ in %d/%d, p > 0.1 in %d/%d, median xmin %.4g", c.name, in2, seeds, pOK, seeds, med)
	}
}

// Samples that are not power laws (CSN §4-5), n = 5000: exponential
// x = 1 + Exp(1) and lognormal (μ = 0.5, σ = 0.7) must be rejected
// (bootstrap p < 0.1, 100 replicates) or lose a likelihood-ratio test (an
// alternative preferred at p < 0.1) in at least 4 of 5, resp. 6 of 10,
// seeds. Both can escape: the xmin scan may settle on a few hundred tail
// values whose local shape is close to a power law (CSN §4.2). Measured:
// exponential 5/5 (one with p = 0.12 that loses to the truncated power
// law), lognormal 7/10; with a detection rate near 0.75 the bound 6/10
// fails with probability ≈ 0.08 for a fresh set of seeds.
func TestCSNRejects(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name        string
		gen         func(r *rand.Rand) float64
		seeds, need int
	}{
		{"exponential", func(r *rand.Rand) float64 { return 1 + r.ExpFloat64() }, 5, 4},
		{"lognormal", func(r *rand.Rand) float64 { return math.Exp(0.5 + 0.7*r.NormFloat64()) }, 10, 6},
	}
	for ci, c := range cases {
		ok := 0
		for s := uint64(0); s < uint64(c.seeds); s++ {
			r := newRand(1000*uint64(ci+1) + s)
			x := make([]float64, 5000)
			for i := range x {
				x[i] = c.gen(r)
			}
			f, err := AnalyzePowerLaw(ctx, x, nil, &BootstrapOptions{Replicates: 100, Seed: s})
			if err != nil {
				t.Fatal(err)
			}
			lost := ""
			for _, cmp := range f.Comparisons {
				if cmp.Preferred == cmp.Alternative.String() {
					lost += " " + cmp.Alternative.String()
				}
			}
			t.Logf("%s seed %d: α = %.3f, xmin = %.3g, n_tail = %d, p = %.2f, loses to:%s", c.name, s, f.Alpha, f.Xmin, f.NTail, f.P, lost)
			if f.P < 0.1 || lost != "" {
				ok++
			}
		}
		if ok < c.need {
			t.Errorf("%s: power law rejected or beaten in %d/%d seeds, want ≥ %d", c.name, ok, c.seeds, c.need)
		}
	}
}

// Truncated power law (Deluca & Corral 2013): samples from p ∝ x^−1.2 on
// [1, 1000] plus values beyond a cutoff; the fit with Xmax = 1000 must
// recover α within 3σ and give p > 0.1 (one seed, bootstrap of 200).
func TestTruncatedRecovery(t *testing.T) {
	r := newRand(77)
	const a, xmax = 1.2, 1000.0
	c, l := a-1, math.Log(xmax)
	x := make([]float64, 4000)
	for i := range x {
		u := r.Float64()
		x[i] = math.Exp(-math.Log1p(-u*(-math.Expm1(-c*l))) / c)
	}
	for i := 0; i < 300; i++ {
		x[i] = xmax * (1 + 10*r.Float64()) // a "cutoff bump" above xmax
	}
	f, err := FitPowerLaw(x, &PowerLawOptions{Xmax: xmax})
	if err != nil {
		t.Fatal(err)
	}
	g, err := f.GoodnessOfFit(context.Background(), &BootstrapOptions{Replicates: 200, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("truncated: α = %.4f ± %.4f, xmin = %.4g, n_tail = %d, left out above xmax: %d, p = %.2f", f.Alpha, f.Sigma, f.Xmin, f.NTail, f.NAbove, g.P)
	if math.Abs(f.Alpha-a) > 3*f.Sigma || f.NAbove != 300 || !(g.P > 0.1) {
		t.Errorf("truncated fit: α = %v ± %v (want %v), %d above xmax (want 300), p = %v", f.Alpha, f.Sigma, a, f.NAbove, g.P)
	}
	// The discrete sampler with an upper bound: frequencies of the first
	// values and of the upper end against the exact pmf (binomial 4σ).
	ds := newDiscreteSampler(1.5, 3, 5000)
	const n = 200000
	cnt := map[float64]int{}
	for i := 0; i < n; i++ {
		cnt[ds.draw(1-r.Float64())]++
	}
	z, _, _ := powSum(1.5, 3, 5000, false)
	for _, v := range []float64{3, 4, 10, 4999, 5000} {
		p := math.Pow(v, -1.5) / z
		if d := math.Abs(float64(cnt[v]) - n*p); d > 4*math.Sqrt(n*p)+1 {
			t.Errorf("P(X=%v): %d draws, expected %.1f", v, cnt[v], n*p)
		}
	}
	if cnt[5001] != 0 {
		t.Error("draw above xmax")
	}
}

// The bootstrap is deterministic and independent of the number of
// workers; progress reaches the total; a cancelled context stops it.
func TestBootstrapDeterminism(t *testing.T) {
	x := paretoSample(newRand(4), 500, 2.2, 1)
	f, err := FitPowerLaw(x, nil)
	if err != nil {
		t.Fatal(err)
	}
	var last, calls int
	g1, err := f.GoodnessOfFit(context.Background(), &BootstrapOptions{Replicates: 60, Seed: 9, Workers: 1,
		Progress: func(done, total int) { last, calls = done, calls+1 }})
	if err != nil {
		t.Fatal(err)
	}
	g4, err := f.GoodnessOfFit(context.Background(), &BootstrapOptions{Replicates: 60, Seed: 9, Workers: 4})
	if err != nil {
		t.Fatal(err)
	}
	if g1.P != g4.P || !slices.Equal(g1.KS, g4.KS) || !slices.Equal(g1.Alpha, g4.Alpha) {
		t.Errorf("1 worker p = %v, 4 workers p = %v: replicates differ", g1.P, g4.P)
	}
	if last != 60 || calls == 0 {
		t.Errorf("progress ended at %d after %d calls, want 60", last, calls)
	}
	g5, _ := f.GoodnessOfFit(context.Background(), &BootstrapOptions{Replicates: 60, Seed: 10})
	if slices.Equal(g1.KS, g5.KS) {
		t.Error("another seed gave the same replicates")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := f.GoodnessOfFit(ctx, &BootstrapOptions{Replicates: 60}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled bootstrap: error %v", err)
	}
}

// The likelihood-ratio test discriminates when the tail is taken from the
// body of the distribution (xmin fixed at 1, n = 5000; CSN §5): lognormal
// samples (e^{0.5+0.7N}) are significantly (p < 0.1) preferred as
// lognormal, and shifted exponentials (1 + Exp(1)) as exponential, in at
// least 9 of 10 seeds; true power-law samples (α = 2.5, xmin = 1) are not
// significantly preferred as lognormal in at least 9 of 10. The test of
// TestCSNRejects above, with xmin chosen by the KS scan, lets some
// lognormal samples through (a known limitation: the scan picks a tail
// where the lognormal looks straight); this one shows the comparison
// itself has power. Measured: lognormal 10/10 (R ≈ −380 to −445, p <
// 1e-60), exponential 10/10 (R ≈ −360 to −406), power law 10/10 with no
// significant preference (p ≥ 0.46). A larger sample does not rescue the
// scanned xmin: at n = 20000 the KS-scan tail (155 to 1594 values) loses
// the test at p < 0.1 in only 5/10 lognormal and 6/10 exponential seeds.
func TestCSNLikelihoodRatioDiscriminates(t *testing.T) {
	cases := []struct {
		name   string
		gen    func(r *rand.Rand) float64
		alt    Alternative
		wantPL bool // true: the alternative must not win
	}{
		{"lognormal", func(r *rand.Rand) float64 { return math.Exp(0.5 + 0.7*r.NormFloat64()) }, Lognormal, false},
		{"exponential", func(r *rand.Rand) float64 { return 1 + r.ExpFloat64() }, Exponential, false},
		{"power law", nil, Lognormal, true},
	}
	for ci, c := range cases {
		hits := 0
		for s := uint64(0); s < 10; s++ {
			r := newRand(5000*uint64(ci+1) + s)
			var x []float64
			if c.gen == nil {
				x = paretoSample(r, 5000, 2.5, 1)
			} else {
				x = make([]float64, 5000)
				for i := range x {
					x[i] = c.gen(r)
				}
			}
			f, err := FitPowerLaw(x, &PowerLawOptions{Xmin: 1})
			if err != nil {
				t.Fatal(err)
			}
			cmp, err := f.Compare(c.alt)
			if err != nil {
				t.Fatal(err)
			}
			altWins := cmp.R < 0 && cmp.P < DefaultSignificance
			if altWins != c.wantPL {
				hits++
			}
			t.Logf("%s seed %d vs %s: R = %.1f, p = %.3g, preferred %s", c.name, s, c.alt, cmp.R, cmp.P, cmp.Preferred)
		}
		if hits < 9 {
			t.Errorf("%s: the likelihood-ratio test against %s gave the right verdict in %d/10 seeds, want ≥ 9", c.name, c.alt, hits)
		}
	}
}
