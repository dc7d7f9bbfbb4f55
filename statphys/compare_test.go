package statphys

import (
	"math"
	"math/rand/v2"
	"testing"
)

// Invariant: every fitted alternative is a normalised distribution on
// x ≥ xmin. Continuous densities are integrated in t = ln(x/xmin) by
// adaptive quadrature; discrete ones summed directly over 2·10^5 integers
// plus an integral bound on the rest. This checks the normalisers
// (erfc/erfcx, E_α, the Euler-Maclaurin tails) independently of the
// optimisers. Tolerance 1e-8 (continuous), 1e-6 (discrete, where the
// truncated direct sum dominates the error).
func TestAlternativesNormalised(t *testing.T) {
	r := newRand(21)
	samples := map[string][]float64{
		"lognormal":   make([]float64, 3000),
		"exponential": make([]float64, 3000),
		"powerlaw":    paretoSample(r, 3000, 2.2, 3),
	}
	for i := range samples["lognormal"] {
		samples["lognormal"][i] = math.Exp(1 + 0.8*r.NormFloat64())
		samples["exponential"][i] = 3 + 5*r.ExpFloat64()
	}
	for name, x := range samples {
		for _, disc := range []bool{false, true} {
			y := x
			if disc {
				y = make([]float64, len(x))
				for i, v := range x {
					y[i] = math.Max(1, math.Round(v))
				}
			}
			f, err := FitPowerLaw(y, &PowerLawOptions{Discrete: disc, Xmin: 3})
			if err != nil {
				t.Fatal(err)
			}
			tv := newTailValues(f.Tail(), f.Xmin)
			fits := map[Alternative]altFit{
				Exponential:          fitExponential(tv, disc),
				Lognormal:            fitLognormal(tv, disc),
				StretchedExponential: fitStretched(tv, disc),
				TruncatedPowerLaw:    fitTruncated(tv, disc, f.Alpha),
			}
			for alt, af := range fits {
				var total, tol float64
				if disc {
					tol = 1e-6
					for k := 0.0; k < 2e5; k++ {
						total += math.Exp(af.lp(3 + k))
					}
				} else {
					tol = 1e-8
					total = integrate(func(u float64) float64 {
						x := 3 * math.Exp(u)
						return x * math.Exp(af.lp(x))
					}, 0, 80, 160, 1e-13, 0)
				}
				if math.Abs(total-1) > tol {
					t.Errorf("%s data, discrete=%v, %v %v: total probability %.12f", name, disc, alt, af.params, total)
				}
			}
		}
	}
}

// Recovery of known parameters (continuous, n = 2·10^4, xmin fixed below
// the bulk): lognormal (μ = 1, σ = 0.5, truncated at x = e^0.5),
// stretched exponential (β = 0.5, λ = 1 above xmin = 1, sampled as
// x = (1 + E/λ)^(1/β)), truncated power law (α = 1.5, λ = 0.01 above
// xmin = 1, by rejection from the power law). Tolerances are about 4
// standard errors of each estimate at this n.
func TestAlternativesRecover(t *testing.T) {
	const n = 20000
	r := newRand(22)
	check := func(name string, x []float64, xmin float64, alt Alternative, want, tol []float64) {
		t.Helper()
		f, err := FitPowerLaw(x, &PowerLawOptions{Xmin: xmin})
		if err != nil {
			t.Fatal(err)
		}
		c, err := f.Compare(alt)
		if err != nil {
			t.Fatal(err)
		}
		for i := range want {
			if math.Abs(c.Params[i]-want[i]) > tol[i] {
				t.Errorf("%s: %s = %.5g, want %.5g ± %v", name, c.ParamNames[i], c.Params[i], want[i], tol[i])
			}
		}
		t.Logf("%s: %v = %.4g; R = %.1f, p = %.3g, preferred %s", name, c.ParamNames, c.Params, c.R, c.P, c.Preferred)
		if c.Preferred != alt.String() {
			t.Errorf("%s: the likelihood-ratio test prefers %s", name, c.Preferred)
		}
		// The test statistic's p-value is Vuong's normal tail (nested: χ²₁).
		if !c.Nested && math.Abs(c.P-math.Erfc(math.Abs(c.NormalizedR)/math.Sqrt2)) > 1e-12 {
			t.Errorf("%s: p = %v but erfc(|R_norm|/√2) = %v", name, c.P, math.Erfc(math.Abs(c.NormalizedR)/math.Sqrt2))
		}
	}
	ln := make([]float64, 0, n)
	for len(ln) < n {
		if v := math.Exp(1 + 0.5*r.NormFloat64()); v >= math.Exp(0.5) {
			ln = append(ln, v)
		}
	}
	check("lognormal", ln, math.Exp(0.5), Lognormal, []float64{1, 0.5}, []float64{0.03, 0.02})
	se := make([]float64, n)
	for i := range se {
		se[i] = math.Pow(1+r.ExpFloat64(), 2)
	}
	check("stretched exponential", se, 1, StretchedExponential, []float64{0.5, 1}, []float64{0.02, 0.05})
	tp := make([]float64, 0, n)
	for len(tp) < n {
		x := math.Pow(1-r.Float64(), -1/0.5)
		if r.Float64() < math.Exp(-0.01*(x-1)) {
			tp = append(tp, x)
		}
	}
	check("truncated power law", tp, 1, TruncatedPowerLaw, []float64{1.5, 0.01}, []float64{0.03, 0.002})
}

// Exact: the exponential alternative on x = {2, 3, 7} with xmin = 2 fixed
// has λ = 1/(⟨x⟩ − xmin) = 1/2 and log-likelihood 3 ln λ − λ Σ(x − xmin)
// = 3 ln(1/2) − 3; the discrete (geometric) one has e^−λ = m/(1+m) with
// m = 2. R is the power law's log-likelihood minus that.
func TestExponentialExact(t *testing.T) {
	const tol = 1e-13
	x := []float64{2, 3, 7}
	f, err := FitPowerLaw(x, &PowerLawOptions{Xmin: 2, MinTail: 3})
	if err != nil {
		t.Fatal(err)
	}
	c, err := f.Compare(Exponential)
	if err != nil {
		t.Fatal(err)
	}
	ll := 3*math.Log(0.5) - 3
	if math.Abs(c.Params[0]-0.5) > tol || math.Abs(c.LogLik-ll) > tol || math.Abs(c.R-(f.LogLik-ll)) > tol {
		t.Errorf("λ = %v (want 0.5), ℓ = %v (want %v), R = %v (want %v)", c.Params[0], c.LogLik, ll, c.R, f.LogLik-ll)
	}
	g, err := FitPowerLaw(x, &PowerLawOptions{Xmin: 2, MinTail: 3, Discrete: true})
	if err != nil {
		t.Fatal(err)
	}
	d, err := g.Compare(Exponential)
	if err != nil {
		t.Fatal(err)
	}
	q := 2.0 / 3
	lld := 3*math.Log(1-q) + 6*math.Log(q)
	if math.Abs(d.Params[0]+math.Log(q)) > tol || math.Abs(d.LogLik-lld) > tol {
		t.Errorf("discrete: λ = %v (want %v), ℓ = %v (want %v)", d.Params[0], -math.Log(q), d.LogLik, lld)
	}
	// Truncated fits refuse likelihood-ratio tests.
	h, err := FitPowerLaw(paretoSample(newRand(1), 100, 2, 1), &PowerLawOptions{Xmax: 50})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Compare(Lognormal); err == nil {
		t.Error("Compare on a truncated fit should fail")
	}
}

// A pure power law is nested in the truncated power law: R ≤ 0 up to the
// optimiser's tolerance, and the nested test must not reject the power
// law at 10% for this sample (χ²₁ p-value).
func TestNestedPowerLaw(t *testing.T) {
	x := paretoSample(rand.New(rand.NewPCG(3, 3)), 5000, 2.5, 1)
	f, err := FitPowerLaw(x, &PowerLawOptions{Xmin: 1})
	if err != nil {
		t.Fatal(err)
	}
	c, err := f.Compare(TruncatedPowerLaw)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("TPL vs PL: R = %.4g, p = %.3g, α = %.4f, λ = %.3g", c.R, c.P, c.Params[0], c.Params[1])
	if c.R > 1e-6 || c.P < 0.1 || !c.Nested {
		t.Errorf("nested comparison: R = %v, p = %v", c.R, c.P)
	}
}
