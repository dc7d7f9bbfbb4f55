package statphys

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/emergo/emergo/system"
	_ "github.com/emergo/emergo/system/lattice"
)

// Exact: Hill's estimate from the two largest of {1, e, e², e³}:
// H = ((3 + 2)/2) − 1 = 3/2, tail index 2/3, σ = (2/3)/√2.
func TestHillExact(t *testing.T) {
	const tol = 1e-14
	e := math.E
	h, err := HillEstimator([]float64{e, 1, e * e * e, e * e}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(h.H-1.5) > tol || math.Abs(h.TailIndex-2.0/3) > tol || math.Abs(h.Alpha-5.0/3) > tol ||
		math.Abs(h.Sigma-2.0/3/math.Sqrt2) > tol || h.Threshold != e {
		t.Errorf("Hill: %+v", h)
	}
	if _, err := HillEstimator([]float64{1, 2, 3}, 3); !errors.Is(err, ErrTooShort) {
		t.Errorf("k = n: %v", err)
	}
	if _, err := HillEstimator([]float64{-1, 2, 3}, 2); !errors.Is(err, ErrNonPositive) {
		t.Errorf("non-positive threshold: %v", err)
	}
	if _, err := HillEstimator([]float64{1, 2, math.NaN()}, 1); !errors.Is(err, ErrNotFinite) {
		t.Errorf("NaN: %v", err)
	}
}

// Pareto samples with tail index a = 1.5 (density exponent 2.5): the Hill
// estimate with k = 2000 of 10^5 values is unbiased for an exact Pareto
// tail (Hill 1975); tolerance 3σ = 3a/√k. HillCurve agrees with
// HillEstimator.
func TestHillPareto(t *testing.T) {
	x := paretoSample(newRand(8), 100000, 2.5, 1)
	h, err := HillEstimator(x, 2000)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(h.TailIndex-1.5) > 3*h.Sigma {
		t.Errorf("tail index %v ± %v, want 1.5", h.TailIndex, h.Sigma)
	}
	c, err := HillCurve(x, []int{100, 2000})
	if err != nil {
		t.Fatal(err)
	}
	if c[1].TailIndex != h.TailIndex || c[0].K != 100 {
		t.Errorf("HillCurve %v vs HillEstimator %v", c[1].TailIndex, h.TailIndex)
	}
}

// Exact avalanches of a hand series with θ = 1: runs (2, 3) and (5, 5);
// the run (4) touching the end is dropped unless KeepEdges.
func TestAvalanchesExact(t *testing.T) {
	x := []float64{0, 2, 3, 0, 1, 5, 5, 1, 0, 4}
	av, err := Avalanches(x, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []Avalanche{{Start: 1, Duration: 2, Size: 3, Integral: 5, Peak: 3}, {Start: 5, Duration: 2, Size: 8, Integral: 10, Peak: 5}}
	if len(av) != 2 || av[0] != want[0] || av[1] != want[1] {
		t.Errorf("avalanches %+v, want %+v", av, want)
	}
	av, _ = Avalanches(x, 1, &AvalancheOptions{KeepEdges: true})
	if len(av) != 3 || av[2] != (Avalanche{Start: 9, Duration: 1, Size: 3, Integral: 4, Peak: 4}) {
		t.Errorf("with edges: %+v", av)
	}
	if s, d := AvalancheSizes(av), AvalancheDurations(av); s[1] != 8 || d[2] != 1 {
		t.Errorf("sizes %v durations %v", s, d)
	}
	q, err := Quantile([]float64{4, 1, 3, 2}, 0.5)
	if err != nil || q != 2.5 {
		t.Errorf("median %v (%v), want 2.5", q, err)
	}
	if _, err := Avalanches([]float64{1, math.NaN()}, 0, nil); !errors.Is(err, ErrNotFinite) {
		t.Errorf("NaN: %v", err)
	}
	if _, err := Avalanches(nil, 0, nil); !errors.Is(err, ErrTooShort) {
		t.Errorf("empty: %v", err)
	}
}

// Invariant: CollectEvents on the catalogue's Sandpile returns exactly
// the avalanches seen in its observation (component 5 is the size of the
// avalanche caused by the step's grain), step by step, for the same seed.
func TestCollectEvents(t *testing.T) {
	ctx := context.Background()
	a, _ := system.New("Sandpile", system.Params{"L": 16}, 5)
	b, _ := system.New("Sandpile", system.Params{"L": 16}, 5)
	var last, calls int
	ev, err := CollectEvents(ctx, a, 3000, &CollectOptions{Transient: 1000, Progress: func(d, n int) { last, calls = d, calls+1 }})
	if err != nil {
		t.Fatal(err)
	}
	var sizes, series []float64 // avalanche sizes; component 5 after each step
	buf := make([]float64, b.Dim())
	for i := 0; i < 4000; i++ {
		if err := b.Step(); err != nil {
			t.Fatal(err)
		}
		if b.State(buf); i >= 1000 {
			series = append(series, buf[5])
			if buf[5] > 0 {
				sizes = append(sizes, buf[5])
			}
		}
	}
	got := EventValues(ev, EventSize)
	if len(got) != len(sizes) || len(got) == 0 {
		t.Fatalf("%d events, %d avalanches in the observation", len(got), len(sizes))
	}
	for i := range got {
		if got[i] != sizes[i] {
			t.Fatalf("event %d: size %v, observation %v", i, got[i], sizes[i])
		}
	}
	if last != 4000 || calls == 0 {
		t.Errorf("progress ended at %d", last)
	}
	// Observe reads the same avalanche sizes as an observation series
	// (sample j is the state after 1000 + j steps, so steps 1001…4000 are
	// samples 1…3000).
	c, _ := system.New("Sandpile", system.Params{"L": 16}, 5)
	obs, err := Observe(ctx, c, 5, 3001, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for j, v := range obs[1:] {
		if v != series[j] {
			t.Fatalf("Observe: sample %d is %v, the observation after step %d is %v", j+1, v, 1001+j, series[j])
		}
	}
	ising, _ := system.New("Ising", nil, 1)
	if _, err := CollectEvents(ctx, ising, 10, nil); err == nil {
		t.Error("Ising has no events: want an error")
	}
}

// BTW sandpile avalanche sizes (catalogue Sandpile, L = 64, 2·10^5 grains
// after a transient of 2·10^4 ≥ 2.1·L²): the CSN fit of the discrete
// sizes, truncated at Xmax = 1000 below the finite-size cutoff (the local
// slope of P(s) rises steeply from s ≈ 2000 at L = 64), gives the
// effective size exponent τ. Plausible range 1.05-1.30: effective slopes
// at L = 64 are near 1.1, finite-size scaling gives τ = 1.293 (Lübeck &
// Usadel, Phys. Rev. E 55, 4095 (1997)); measured τ = 1.120 ± 0.010
// (bootstrap p is marginal, 0.04-0.2 by seed: the truncated power law is a
// fair but not perfect description of the L = 64 sizes).
func TestSandpileExponent(t *testing.T) {
	const lo, hi = 1.05, 1.30
	sys, err := system.New("Sandpile", system.Params{"L": 64}, 1)
	if err != nil {
		t.Fatal(err)
	}
	ev, err := CollectEvents(context.Background(), sys, 200000, &CollectOptions{Transient: 20000})
	if err != nil {
		t.Fatal(err)
	}
	f, err := FitPowerLaw(EventValues(ev, EventSize), &PowerLawOptions{Discrete: true, Xmax: 1000})
	if err != nil {
		t.Fatal(err)
	}
	g, err := f.GoodnessOfFit(context.Background(), &BootstrapOptions{Replicates: 100, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("sandpile L=64: %d avalanches; τ = %.4f ± %.4f on [%v, %v] (%d sizes, %d above), KS = %.4f, p = %.2f (100 replicates)",
		len(ev), f.Alpha, f.Sigma, f.Xmin, f.Xmax, f.NTail, f.NAbove, f.KS, g.P)
	if f.Alpha < lo || f.Alpha > hi {
		t.Errorf("τ = %v outside [%v, %v]", f.Alpha, lo, hi)
	}
}

// poisson draws a Poisson(mu) count (Knuth's product method on pieces of
// mean ≤ 20).
func poisson(r *rand.Rand, mu float64) float64 {
	var n float64
	for mu > 0 {
		m := math.Min(mu, 20)
		mu -= m
		l, p := math.Exp(-m), r.Float64()
		for p > l {
			n++
			p *= r.Float64()
		}
	}
	return n
}

// Exact: A = {1, 2, 4, 0, 3, 3}: ratios 2, 2, 0, (skip), 1 give the
// conventional σ = 5/4; Harris's Σ A_{t+1}/Σ A_t = 9/10.
func TestBranchingExact(t *testing.T) {
	b, err := BranchingRatio([]float64{1, 2, 4, 0, 3, 3})
	if err != nil {
		t.Fatal(err)
	}
	if b.Conventional != 1.25 || math.Abs(b.Harris-0.9) > 1e-15 || b.Pairs != 4 {
		t.Errorf("%+v", b)
	}
	if _, err := BranchingRatio([]float64{1, -1, 2}); !errors.Is(err, ErrNegative) {
		t.Errorf("negative: %v", err)
	}
	// MR: a geometric series A_t = 100·0.8^t has A_{t+k} = 0.8^k A_t
	// exactly, so r_k = 0.8^k and m̂ = 0.8, b̂ = 1.
	a := make([]float64, 200)
	for i := range a {
		a[i] = 100 * math.Pow(0.8, float64(i))
	}
	mr, err := MRBranching(a, &MROptions{KMax: 20})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(mr.M-0.8) > 1e-8 || math.Abs(mr.B-1) > 1e-6 || math.Abs(mr.Tau+1/math.Log(0.8)) > 1e-6 {
		t.Errorf("MR on a geometric series: m = %v, b = %v, τ = %v", mr.M, mr.B, mr.Tau)
	}
}

// Galton-Watson process with Poisson(m) offspring, m = 0.9 (Harris 1963):
// 5000 trees from 10 ancestors each, concatenated with a 0 between them.
// E[A_{t+1} | A_t] = m A_t, so both estimators are unbiased; tolerance
// 4 standard errors.
func TestBranchingGaltonWatson(t *testing.T) {
	const m = 0.9
	r := newRand(31)
	var a []float64
	for tree := 0; tree < 5000; tree++ {
		z := 10.0
		for z > 0 {
			a = append(a, z)
			z = poisson(r, m*z)
		}
		a = append(a, 0)
	}
	b, err := BranchingRatio(a)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("GW m = 0.9: conventional %.4f ± %.4f, Harris %.4f ± %.4f (%d pairs)", b.Conventional, b.ConventionalErr, b.Harris, b.HarrisErr, b.Pairs)
	if math.Abs(b.Conventional-m) > 4*b.ConventionalErr || math.Abs(b.Harris-m) > 4*b.HarrisErr {
		t.Errorf("GW: conventional %v ± %v, Harris %v ± %v, want %v", b.Conventional, b.ConventionalErr, b.Harris, b.HarrisErr, m)
	}
}

// Driven branching process A_{t+1} ~ Poisson(m A_t + h), m = 0.9, h = 10
// (stationary mean 100), T = 10^5, subsampled with probability 0.05
// (each event seen independently), as in Wilting & Priesemann (2018,
// Fig. 2). MR recovers m from the full and the subsampled series within
// 0.02. The direct estimators are biased: on the full series the drive
// adds h⟨1/A⟩ ≈ 0.1 to the mean ratio; under subsampling the lag-1
// regression slope r_1 = b·m (W&P's "conventional" estimator) collapses
// towards 0 and the mean ratio of the sparse counts is far from m.
func TestMRSubsampled(t *testing.T) {
	const m, h, keep, tol = 0.9, 10.0, 0.05, 0.02
	r := newRand(32)
	n := 100000
	full, sub := make([]float64, n), make([]float64, n)
	a := h / (1 - m)
	for i := range full {
		a = poisson(r, m*a+h)
		full[i] = a
		var s float64
		for k := 0; k < int(a); k++ {
			if r.Float64() < keep {
				s++
			}
		}
		sub[i] = s
	}
	for _, c := range []struct {
		name string
		x    []float64
	}{{"full", full}, {"subsampled", sub}} {
		mr, err := MRBranching(c.x, nil)
		if err != nil {
			t.Fatal(err)
		}
		b, err := BranchingRatio(c.x)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: MR m = %.4f (b = %.3f), r_1 = %.4f, mean ratio %.4f, Harris %.4f", c.name, mr.M, mr.B, mr.R[0], b.Conventional, b.Harris)
		if math.Abs(mr.M-m) > tol {
			t.Errorf("%s: MR m = %v, want %v ± %v", c.name, mr.M, m, tol)
		}
		if c.name == "subsampled" && (mr.R[0] > 0.5 || math.Abs(b.Conventional-m) < 0.1) {
			t.Errorf("subsampled: r_1 = %v, mean ratio %v: expected the known strong biases", mr.R[0], b.Conventional)
		}
		if c.name == "full" && b.Conventional < m+0.05 {
			t.Errorf("driven conventional estimate %v: expected the drive bias h⟨1/A⟩", b.Conventional)
		}
	}
}
