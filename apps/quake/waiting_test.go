package quake

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/emergo/emergo/data"
)

// Exact: scaling the data by c leaves the gamma shape unchanged and
// multiplies the scale by c (the MLE is scale-equivariant); a two-point
// sample {1, e²} has s = ln((1+e²)/2) − 1, and the fitted shape solves
// ln k − ψ(k) = s.
func TestFitGammaExactAndEquivariant(t *testing.T) {
	x := []float64{1, math.Exp(2)}
	k, th, err := FitGamma(x)
	if err != nil {
		t.Fatal(err)
	}
	s := math.Log((1+math.Exp(2))/2) - 1
	// ψ(k) by the recurrence ψ(k) = ψ(k+20) − Σ 1/(k+j) and the
	// asymptotic series at k+20, independent of gonum's Digamma.
	psi := func(z float64) float64 {
		var acc float64
		for z < 20 {
			acc -= 1 / z
			z++
		}
		z2 := 1 / (z * z)
		return acc + math.Log(z) - 0.5/z - z2*(1.0/12-z2*(1.0/120-z2/252))
	}
	if r := math.Log(k) - psi(k) - s; math.Abs(r) > 1e-10 {
		t.Errorf("shape %v leaves residual %v in ln k − ψ(k) = s", k, r)
	}
	if math.Abs(k*th-(1+math.Exp(2))/2) > 1e-12 {
		t.Errorf("k·θ = %v, want the mean %v", k*th, (1+math.Exp(2))/2)
	}
	const c = 37.5
	k2, th2, err := FitGamma([]float64{c, c * math.Exp(2)})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(k2-k) > 1e-9*k || math.Abs(th2-c*th) > 1e-9*c*th {
		t.Errorf("scaled data: (%v, %v), want (%v, %v)", k2, th2, k, c*th)
	}
	if _, _, err := FitGamma([]float64{2, 2, 2}); err == nil {
		t.Error("constant data accepted")
	}
	if _, _, err := FitGamma([]float64{1, -1}); err == nil {
		t.Error("negative value accepted")
	}
}

// Recovery: maximum likelihood on 20000 gamma(0.7, 1.5) draws (Corral's
// shape) must return the shape within 0.03 (about 5 asymptotic standard
// errors, √(k/(n(kψ'(k) − 1))) ≈ 0.006) and the scale within 5%.
func TestFitGammaRecovers(t *testing.T) {
	g := distuv.Gamma{Alpha: 0.7, Beta: 1 / 1.5, Src: rand.NewPCG(3, 4)}
	x := make([]float64, 20000)
	for i := range x {
		x[i] = g.Rand()
	}
	k, th, err := FitGamma(x)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(k-0.7) > 0.03 || math.Abs(th/1.5-1) > 0.05 {
		t.Errorf("fit (%.4f, %.4f), want (0.7, 1.5)", k, th)
	}
}

// Poisson occurrence: exponential waiting times give CV ≈ 1, a gamma
// shape ≈ 1, and neither the KS test nor the likelihood ratio rejects the
// exponential; gamma(0.5) waiting times (clustered, CV = √2) are rejected
// by both. Rescaled times have mean 1 exactly.
func TestAnalyzeWaiting(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	exp := make([]float64, 5000)
	for i := range exp {
		exp[i] = 600 * rng.ExpFloat64()
	}
	w, err := AnalyzeWaiting(exp)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(w.CV-1) > 0.05 || math.Abs(w.GammaShape-1) > 0.05 || w.PExp < 0.01 || w.PLR < 0.01 {
		t.Errorf("exponential: CV %.3f, γ %.3f, p_KS %.3g, p_LR %.3g", w.CV, w.GammaShape, w.PExp, w.PLR)
	}
	var m float64
	for _, v := range w.Theta {
		m += v / float64(len(w.Theta))
	}
	if math.Abs(m-1) > 1e-12 || math.Abs(w.Rate*w.Mean-1) > 1e-12 {
		t.Errorf("mean θ = %v, R·mean = %v; want 1", m, w.Rate*w.Mean)
	}
	g := distuv.Gamma{Alpha: 0.5, Beta: 1, Src: rand.NewPCG(5, 6)}
	cl := make([]float64, 5000)
	for i := range cl {
		cl[i] = g.Rand()
	}
	w, err = AnalyzeWaiting(cl)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(w.CV-math.Sqrt2) > 0.1 || w.PExp > 1e-6 || w.PLR > 1e-6 || w.PGamma < 0.01 {
		t.Errorf("gamma(0.5): CV %.3f, p_KS(exp) %.3g, p_LR %.3g, p_KS(gamma) %.3g", w.CV, w.PExp, w.PLR, w.PGamma)
	}
	if _, err := AnalyzeWaiting([]float64{1, -2, 3, 4}); err == nil {
		t.Error("negative waiting time accepted")
	}
	if _, err := AnalyzeWaiting([]float64{0, 0, 1}); err == nil {
		t.Error("fewer than 3 positive values accepted")
	}
	w, err = AnalyzeWaiting([]float64{0, 1, 2, 3})
	if err != nil || w.Zeros != 1 || w.N != 3 {
		t.Errorf("zeros: %+v, %v", w, err)
	}
}

// The asymptotic Kolmogorov p-value: λ = 1.358 is the classical 5%
// critical value, λ = 1.628 the 1% one (Smirnov 1948 tables).
func TestKSPValue(t *testing.T) {
	const n = 1000000
	sn := math.Sqrt(n)
	for _, c := range []struct{ lambda, p float64 }{{1.358, 0.05}, {1.628, 0.01}} {
		d := c.lambda / (sn + 0.12 + 0.11/sn)
		if p := ksPValue(d, n); math.Abs(p-c.p) > 0.001 {
			t.Errorf("λ = %v: p = %.4f, want %.3f", c.lambda, p, c.p)
		}
	}
}

// Exact: one value per decade gives densities 1/(n·width).
func TestLogDensity(t *testing.T) {
	c, d := LogDensity([]float64{1, 10, 100}, 1)
	want := []float64{1.0 / 27, 1.0 / 270, 1.0 / 2700}
	if len(d) != 3 {
		t.Fatalf("%d bins, want 3", len(d))
	}
	for i := range want {
		if math.Abs(d[i]-want[i]) > 1e-12*want[i] || math.Abs(c[i]-math.Sqrt(10)*math.Pow(10, float64(i))) > 1e-9*c[i] {
			t.Errorf("bin %d: centre %v density %v, want %v %v", i, c[i], d[i], math.Sqrt(10)*math.Pow(10, float64(i)), want[i])
		}
	}
}

// The catalogue's waiting times agree with data.InterEventTimes (all
// events, blasts included).
func TestWaitingTimesMatchData(t *testing.T) {
	ev, err := Catalogue(true)
	if err != nil {
		t.Fatal(err)
	}
	got := WaitingTimes(ev)
	want, err := data.InterEventTimes()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("%d waiting times, want %d", len(got), len(want))
	}
	for i := range got {
		if math.Abs(got[i]-want[i]) > 1e-6 {
			t.Fatalf("waiting time %d: %v, want %v", i, got[i], want[i])
		}
	}
}
