package emergence

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// TestNelderMeadRosenbrock: the simplex search finds the minimum (1, 1)
// of Rosenbrock's function (a standard test, Lagarias et al. 1998).
func TestNelderMeadRosenbrock(t *testing.T) {
	const tol = 1e-4
	f := func(x []float64) float64 {
		a, b := 1-x[0], x[1]-x[0]*x[0]
		return a*a + 100*b*b
	}
	x, v := nelderMead(f, []float64{-1.2, 1}, []float64{0.5, 0.5}, 4000)
	if math.Abs(x[0]-1) > tol || math.Abs(x[1]-1) > tol || v > 1e-8 {
		t.Errorf("Rosenbrock minimum at %v (f = %g), want (1, 1)", x, v)
	}
}

// formula evaluates the documented model equations from natural
// parameters, independently of the fitting code's standardised form.
func formula(m Model, p []float64, x float64) float64 {
	u := math.Log(x)
	switch m {
	case LogLinear:
		return p[0] + p[1]*u
	case PowerLaw:
		return p[0] + p[1]*math.Pow(x, p[2])
	case Sigmoid:
		return p[0] + (p[1]-p[0])/(1+math.Exp(-(u-p[2])/p[3]))
	case BrokenPowerLaw:
		xb := math.Exp(p[4])
		return p[0] + p[1]*math.Pow(x, p[2])*math.Pow(1+math.Pow(x/xb, 1/p[5]), (p[3]-p[2])*p[5])
	}
	panic("unknown model")
}

// TestFitRecovery: noise-free curves generated from each model's formula
// are recovered: the parameters to the stated tolerances, and Predict
// agrees with the documented formula at the fitted parameters.
func TestFitRecovery(t *testing.T) {
	cases := []struct {
		m    Model
		p    []float64
		rtol float64 // relative parameter tolerance
	}{
		{LogLinear, []float64{0.2, 0.07}, 1e-10},
		{PowerLaw, []float64{0.3, 0.02, 0.4}, 1e-6},
		{Sigmoid, []float64{0.1, 0.8, math.Log(300), 0.3}, 1e-6},
		{BrokenPowerLaw, []float64{0.05, 0.01, 0.1, 0.7, math.Log(100), 0.3}, 1e-3},
	}
	for _, cs := range cases {
		c := Curve{Name: cs.m.String(), Scale: logScales(0, 4, 31)}
		for _, x := range c.Scale {
			c.Values = append(c.Values, []float64{formula(cs.m, cs.p, x)})
		}
		f, err := FitModel(c, cs.m, &FitOptions{Starts: 10})
		if err != nil {
			t.Fatal(err)
		}
		for i, want := range cs.p {
			if math.Abs(f.Params[i]-want) > cs.rtol*math.Max(1, math.Abs(want)) {
				t.Errorf("%v: parameter %d = %.10g, want %.10g (rtol %g); all %v", cs.m, i, f.Params[i], want, cs.rtol, f.Params)
			}
		}
		for _, x := range []float64{1, 7.3, 300, 9000} {
			if d := math.Abs(f.Predict(x) - formula(cs.m, f.Params, x)); d > 1e-10 {
				t.Errorf("%v: Predict(%v) differs from the formula by %g", cs.m, x, d)
			}
		}
		if f.Model.Sharp() {
			ce, w, ok := f.Transition()
			_ = ce
			if !ok || w <= 0 {
				t.Errorf("%v: no transition", cs.m)
			}
		}
	}
}

// TestLikelihoodDefinitions: LogLik = −N/2·(ln 2πσ̂² + 1) with σ̂² =
// RSS/N, AIC = 2K − 2·LogLik, AICc = AIC + 2K(K+1)/(N−K−1); and the
// leave-one-scale-out held-out log-likelihood of the log-linear model
// equals a direct computation with closed-form least-squares refits.
func TestLikelihoodDefinitions(t *testing.T) {
	const tol = 1e-9
	rng := rand.New(rand.NewPCG(5, 5))
	c := curveOf(rng, "y", logScales(0, 3, 8), 2, 0.1, func(x float64) float64 { return 1 + 0.3*math.Log(x) })
	cmp, err := Compare(c, &FitOptions{Models: []Model{LogLinear}})
	if err != nil {
		t.Fatal(err)
	}
	f := cmp.Fits[0]
	n, k := float64(f.N), float64(f.K)
	ll := -n / 2 * (math.Log(2*math.Pi*f.RSS/n) + 1)
	if math.Abs(f.LogLik-ll) > tol || math.Abs(f.AIC-(2*k-2*ll)) > tol || math.Abs(f.AICc-(2*k-2*ll+2*k*(k+1)/(n-k-1))) > tol {
		t.Errorf("likelihood %v AIC %v AICc %v, want %v %v %v", f.LogLik, f.AIC, f.AICc, ll, 2*k-2*ll, 2*k-2*ll+2*k*(k+1)/(n-k-1))
	}
	var want float64
	for s := range c.Scale {
		// Ordinary least squares of y on ln x without scale s.
		var sx, sy, sxx, sxy, m float64
		for q, x := range c.Scale {
			if q == s {
				continue
			}
			for _, y := range c.Values[q] {
				u := math.Log(x)
				sx += u
				sy += y
				sxx += u * u
				sxy += u * y
				m++
			}
		}
		b := (m*sxy - sx*sy) / (m*sxx - sx*sx)
		a := (sy - b*sx) / m
		var rss float64
		for q, x := range c.Scale {
			if q == s {
				continue
			}
			for _, y := range c.Values[q] {
				e := y - a - b*math.Log(x)
				rss += e * e
			}
		}
		s2 := rss / m
		for _, y := range c.Values[s] {
			e := y - a - b*math.Log(c.Scale[s])
			want += -0.5*math.Log(2*math.Pi*s2) - e*e/(2*s2)
		}
	}
	if math.Abs(f.HeldOut-want) > tol || f.HeldOutN != 16 {
		t.Errorf("held-out log-likelihood %v over %d, direct computation %v over 16", f.HeldOut, f.HeldOutN, want)
	}
}

// TestCompareSelectsTruth: with noise 0.01 and three replicates at 25
// scales, the generating model's held-out log-likelihood is within
// nearTie nats of the best (the families overlap: the broken power law
// contains the logistic as b₁ = 0, (b₂−b₁)s = −1, and a sigmoid centred
// beyond the range mimics a convex power law), and for a transition
// every smooth model is at least clearGap nats worse.
func TestCompareSelectsTruth(t *testing.T) {
	const nearTie, clearGap = 5.0, 20.0
	truths := []struct {
		m Model
		f func(x float64) float64
	}{
		{LogLinear, func(x float64) float64 { return 0.1 + 0.08*math.Log(x) }},
		{PowerLaw, func(x float64) float64 { return 0.1 + 0.02*math.Pow(x, 0.4) }},
		{Sigmoid, func(x float64) float64 { return 0.2 + 0.6*logistic((math.Log(x)-math.Log(200))/0.4) }},
		{BrokenPowerLaw, func(x float64) float64 {
			return formula(BrokenPowerLaw, []float64{0, 0.05, 0, 1.5, math.Log(300), 0.05}, x)
		}},
	}
	for _, tr := range truths {
		rng := rand.New(rand.NewPCG(uint64(tr.m)+1, 9))
		c := curveOf(rng, tr.m.String(), logScales(0, 4, 25), 3, 0.01, tr.f)
		cmp, err := Compare(c, nil)
		if err != nil {
			t.Fatal(err)
		}
		best := cmp.Fit(cmp.Best).HeldOut
		truth := cmp.Fit(tr.m).HeldOut
		for _, f := range cmp.Fits {
			t.Logf("truth %v: %v held-out %.2f AICc %.2f", tr.m, f.Model, f.HeldOut, f.AICc)
			if tr.m.Sharp() && !f.Model.Sharp() && f.HeldOut > truth-clearGap {
				t.Errorf("truth %v: smooth %v held-out %.2f is within %v of the truth's %.2f", tr.m, f.Model, f.HeldOut, clearGap, truth)
			}
		}
		if truth < best-nearTie {
			t.Errorf("truth %v: held-out %.2f, best (%v) %.2f", tr.m, truth, cmp.Best, best)
		}
	}
}

func TestCurveErrors(t *testing.T) {
	bad := []Curve{
		{Scale: []float64{1, 1}, Values: [][]float64{{1}, {2}}},
		{Scale: []float64{0, 1}, Values: [][]float64{{1}, {2}}},
		{Scale: []float64{1, 2}, Values: [][]float64{{1}}},
		{Scale: []float64{1, 2}, Values: [][]float64{{1}, {}}},
	}
	for i, c := range bad {
		if _, err := FitModel(c, LogLinear, nil); !errors.Is(err, ErrBadCurve) {
			t.Errorf("case %d: %v", i, err)
		}
	}
	c := Curve{Scale: []float64{1, 2, 3}, Values: [][]float64{{1}, {math.NaN()}, {2}}}
	if _, err := FitModel(c, LogLinear, nil); !errors.Is(err, ErrNotFinite) {
		t.Errorf("NaN: %v", err)
	}
	c.Values[1][0] = 1.5
	if _, err := FitModel(c, Sigmoid, nil); !errors.Is(err, ErrTooFewScales) {
		t.Errorf("3 scales for a sigmoid: %v", err)
	}
	cmp, err := Compare(c, nil)
	if err != nil || len(cmp.Fits) != 1 || len(cmp.Skipped) != 3 {
		t.Errorf("Compare on 3 scales: %v, %+v", err, cmp)
	}
}
