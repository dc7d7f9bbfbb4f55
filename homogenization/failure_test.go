package homogenization

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// TestPoissonBinomialBruteForce compares the recursion with enumerating
// all 2^m outcomes, and with the binomial PMF for equal probabilities.
func TestPoissonBinomialBruteForce(t *testing.T) {
	const tol = 1e-14
	rng := rand.New(rand.NewPCG(51, 52))
	for m := 1; m <= 10; m++ {
		p := make([]float64, m)
		for i := range p {
			p[i] = rng.Float64()
		}
		p[0] = 0 // edge values
		if m > 2 {
			p[2] = 1
		}
		want := make([]float64, m+1)
		for mask := 0; mask < 1<<m; mask++ {
			pr, c := 1.0, 0
			for i := 0; i < m; i++ {
				if mask&(1<<i) != 0 {
					pr *= p[i]
					c++
				} else {
					pr *= 1 - p[i]
				}
			}
			want[c] += pr
		}
		got := PoissonBinomial(p)
		for j := range want {
			if !close(got[j], want[j], tol) {
				t.Errorf("m=%d: P(%d) = %v, enumeration %v", m, j, got[j], want[j])
			}
		}
	}
	bin := distuv.Binomial{N: 12, P: 0.37}
	p := make([]float64, 12)
	for i := range p {
		p[i] = 0.37
	}
	for j, v := range PoissonBinomial(p) {
		if !close(v, bin.Prob(float64(j)), tol) {
			t.Errorf("equal p: P(%d) = %v, binomial %v", j, v, bin.Prob(float64(j)))
		}
	}
}

// independentFailures draws n×m failures with rates p, independently.
func independentFailures(rng *rand.Rand, n int, p []float64) *mat.Dense {
	f := mat.NewDense(n, len(p), nil)
	for i := 0; i < n; i++ {
		for j, pj := range p {
			if rng.Float64() < pj {
				f.Set(i, j, 1)
			}
		}
	}
	return f
}

// latentFailures draws failures correlated through a shared latent
// difficulty: model j fails instance i when z_i + e_ij > c_j, z and e
// standard normal (latent correlation 1/2), c_j chosen so the marginal
// failure rate is p_j.
func latentFailures(rng *rand.Rand, n int, p []float64) (*mat.Dense, []float64) {
	norm := distuv.Normal{Mu: 0, Sigma: math.Sqrt2}
	f := mat.NewDense(n, len(p), nil)
	z := make([]float64, n)
	for i := 0; i < n; i++ {
		z[i] = rng.NormFloat64()
		for j, pj := range p {
			if z[i]+rng.NormFloat64() > norm.Quantile(1-pj) {
				f.Set(i, j, 1)
			}
		}
	}
	return f, z
}

// TestOutcomeHomogenizationHandExample checks the three metrics on a
// 4-instance, 2-model example evaluated by hand from the formulas of the
// reference implementation (rishibommasani/HomogenizationNeurIPS2022,
// src/homogenization.py):
//
//	fail = [[1 1] [0 1] [0 0] [1 0]], groups A = {0,1,2}, B = {3}
//	rates 1/2, 1/2 → ∏ = 1/4; A: (1/3)(2/3) = 2/9; B: 1·0 = 0
//	H^unif  = ((2/9 + 0)/2)/(1/4) = 4/9
//	H^avg   = ((3/4)²·2/9 + (1/4)²·0)/(((3/4)² + (1/4)²)·1/4) = 4/5
//	H^worst = (2/9)/(1/4) = 8/9
//
// and at the individual level H^unif = H^avg = (1/4)/(1/4) = 1 and
// H^worst = 1/(1/4) = 4.
func TestOutcomeHomogenizationHandExample(t *testing.T) {
	fail := mat.NewDense(4, 2, []float64{1, 1, 0, 1, 0, 0, 1, 0})
	o, err := OutcomeHomogenization(fail, []int{7, 7, 7, 9})
	if err != nil {
		t.Fatal(err)
	}
	if !close(o.Unif, 4.0/9, 1e-15) || !close(o.Avg, 0.8, 1e-15) || !close(o.Worst, 8.0/9, 1e-15) || o.WorstGroup != 7 || o.Groups != 2 {
		t.Errorf("group level: %+v, want H^unif 4/9, H^avg 4/5, H^worst 8/9, worst group 7", o)
	}
	o, err = OutcomeHomogenization(fail, nil)
	if err != nil {
		t.Fatal(err)
	}
	if o.Unif != 1 || o.Avg != 1 || o.Worst != 4 || o.WorstGroup != 0 || o.SystemicRate != 0.25 || o.IndependentRate != 0.25 {
		t.Errorf("individual level: %+v, want H^unif = H^avg = 1, H^worst = 4", o)
	}
}

// TestOutcomeHomogenizationIndependence: H^unif = H^avg = 1 within
// sampling error when models fail independently, at the individual level
// and for groups unrelated to the failures; H > 1 when failures share a
// latent difficulty, at both levels when groups follow the difficulty.
func TestOutcomeHomogenizationIndependence(t *testing.T) {
	rng := rand.New(rand.NewPCG(53, 54))
	n := 50000
	p := []float64{0.3, 0.4, 0.5}
	fail := independentFailures(rng, n, p)
	// Relative SE of the ratio: the systemic count is binomial(n, q),
	// q = ∏p; the rates add (1−p)/(np) each (conservatively summed).
	q := p[0] * p[1] * p[2]
	v := (1 - q) / (float64(n) * q)
	for _, pj := range p {
		v += (1 - pj) / (float64(n) * pj)
	}
	tol := 4 * math.Sqrt(v) // 4 SE ≈ 0.07
	o, err := OutcomeHomogenization(fail, nil)
	if err != nil {
		t.Fatal(err)
	}
	groups := make([]int, n)
	for i := range groups {
		groups[i] = rng.IntN(5)
	}
	og, err := OutcomeHomogenization(fail, groups)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("independent: individual H^unif %.4f, 5 random groups H^unif %.4f H^avg %.4f (tolerance %.3f)", o.Unif, og.Unif, og.Avg, tol)
	for name, h := range map[string]float64{"individual unif": o.Unif, "individual avg": o.Avg, "group unif": og.Unif, "group avg": og.Avg} {
		if math.Abs(h-1) > tol {
			t.Errorf("%s H = %v under independence, want 1 ± %v", name, h, tol)
		}
	}
	// Observed: individual 2.63; difficulty-band groups H^unif 6.0,
	// H^avg 1.44 (P(g)^k weights favour the large middle bands).
	const minH, minHAvg = 1.5, 1.2
	cf, z := latentFailures(rng, n, p)
	oc, err := OutcomeHomogenization(cf, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range groups {
		groups[i] = int(math.Floor(z[i])) // difficulty bands
	}
	ocg, err := OutcomeHomogenization(cf, groups)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("latent difficulty: individual H^unif %.3f; difficulty groups H^unif %.3f H^avg %.3f H^worst %.3f", oc.Unif, ocg.Unif, ocg.Avg, ocg.Worst)
	if oc.Unif < minH || ocg.Unif < minH || ocg.Avg < minHAvg || ocg.Worst < ocg.Unif {
		t.Errorf("correlated failures: individual %+v, groups %+v; want H^unif > %v, H^avg > %v and H^worst ≥ H^unif", oc, ocg, minH, minHAvg)
	}
	if _, err := OutcomeHomogenization(mat.NewDense(3, 2, []float64{1, 0, 0, 0, 1, 0}), nil); !errors.Is(err, ErrDegenerate) {
		t.Errorf("model that never fails: %v", err)
	}
	if _, err := OutcomeHomogenization(mat.NewDense(2, 2, []float64{1, 0.5, 0, 1}), nil); !errors.Is(err, ErrDegenerate) {
		t.Errorf("non-binary entry: %v", err)
	}
}

// TestSystemicFailure: for independent failures the observed failure-count
// distribution matches the Poisson-binomial baseline (ratios ≈ 1, the
// permutation test does not reject); with a shared latent difficulty
// there are more systemic failures and successes than independence allows
// (Toups et al. 2023's "homogeneous outcomes") and every test rejects.
func TestSystemicFailure(t *testing.T) {
	const perms = 199
	rng := rand.New(rand.NewPCG(55, 56))
	n := 20000
	p := []float64{0.1, 0.2, 0.25, 0.3, 0.4}
	ind := independentFailures(rng, n, p)
	s, err := SystemicFailure(ind, &SystemicOptions{Permutations: perms, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("independent: observed %v\n expected %v\n failure ratio %.3f success ratio %.3f overdispersion %.4f χ²=%.2f (df %d) p=%.3f perm p=%.3f/%.3f/%.3f",
		fmtv(s.Observed), fmtv(s.Expected), s.FailureRatio, s.SuccessRatio, s.Overdispersion, s.ChiSquare, s.DF, s.PChiSquare, s.PermChiSquare, s.PermOverdispersion, s.PermSystemic)
	// Overdispersion: the count variance has relative SE ≈ √(2/n) ≈ 0.01.
	const odTol = 0.05
	for j := range s.Observed {
		// Binomial SE of a fraction, 4 SE.
		se := math.Sqrt(s.Expected[j]*(1-s.Expected[j])/float64(n)) + 1e-12
		if math.Abs(s.Observed[j]-s.Expected[j]) > 4*se+1/float64(n) {
			t.Errorf("independent: P(%d fail) observed %v, Poisson-binomial %v (4 SE = %v)", j, s.Observed[j], s.Expected[j], 4*se)
		}
	}
	if math.Abs(s.Overdispersion-1) > odTol || s.PermOverdispersion < 0.01 || s.PermChiSquare < 0.01 {
		t.Errorf("independent failures look dependent: %+v", s)
	}
	c, _ := latentFailures(rng, n, p)
	s, err = SystemicFailure(c, &SystemicOptions{Permutations: perms, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("latent: observed %v\n expected %v\n failure ratio %.3f success ratio %.3f overdispersion %.4f χ²=%.1f p=%.3g perm p=%.3f",
		fmtv(s.Observed), fmtv(s.Expected), s.FailureRatio, s.SuccessRatio, s.Overdispersion, s.ChiSquare, s.PChiSquare, s.PermChiSquare)
	minP := 1.0 / (perms + 1)
	if s.FailureRatio < 2 || s.SuccessRatio < 1.1 || s.Overdispersion < 1.3 ||
		s.PermChiSquare != minP || s.PermOverdispersion != minP || s.PermSystemic != minP || s.PChiSquare > 1e-6 {
		t.Errorf("correlated failures not detected: %+v", s)
	}
	// Reproducible for a seed.
	s2, _ := SystemicFailure(c, &SystemicOptions{Permutations: perms, Seed: 1})
	if s2.PermChiSquare != s.PermChiSquare || s2.ChiSquare != s.ChiSquare {
		t.Error("same seed, different result")
	}
}

func fmtv(v []float64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = math.Round(x*1e4) / 1e4
	}
	return out
}

// TestErrorCorrelation compares with gonum's stat.Correlation pair by
// pair; a constant column gives NaN.
func TestErrorCorrelation(t *testing.T) {
	rng := rand.New(rand.NewPCG(57, 58))
	n := 500
	e, _ := latentFailures(rng, n, []float64{0.2, 0.3, 0.4, 0.5})
	r, err := ErrorCorrelation(e)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 4; i++ {
		for j := 0; j < 4; j++ {
			want := stat.Correlation(mat.Col(nil, i, e), mat.Col(nil, j, e), nil)
			if !close(r.At(i, j), want, 1e-12) {
				t.Errorf("corr(%d,%d) = %v, gonum %v", i, j, r.At(i, j), want)
			}
		}
	}
	e.Set(0, 1, 0)
	for i := 0; i < n; i++ {
		e.Set(i, 2, 1)
	}
	r, _ = ErrorCorrelation(e)
	if !math.IsNaN(r.At(2, 0)) || !math.IsNaN(r.At(2, 2)) || math.IsNaN(r.At(0, 1)) {
		t.Errorf("constant column: row 2 = %v", mat.Row(nil, 2, r))
	}
}
