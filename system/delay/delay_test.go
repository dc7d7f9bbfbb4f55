package delay

import (
	"context"
	"math"
	"testing"

	"github.com/emergo/emergo/system"
	"github.com/emergo/emergo/system/dysts"
)

// The positive fixed point of Mackey-Glass solves β/(1+x^n) = γ, i.e.
// x* = (β/γ − 1)^{1/n}; a constant history at x* stays there exactly.
func TestMackeyGlassFixedPoint(t *testing.T) {
	sys, err := system.New("mackeyglass", nil, 1)
	if err != nil {
		t.Fatal(err)
	}
	xs := math.Pow(0.2/0.1-1, 1/10.0)
	sys.(system.Setter).SetState([]float64{xs})
	for i := 0; i < 200; i++ {
		if err := sys.Step(); err != nil {
			t.Fatal(err)
		}
	}
	if x := sys.State(nil)[0]; math.Abs(x-xs) > 1e-12 {
		t.Errorf("fixed point drifted: %v want %v", x, xs)
	}
}

// With τ=17 (Farmer 1982) the solution is chaotic and bounded in (0, 1.5),
// with mean near 0.9 and a standard deviation near 0.23 (values of the
// chaotic attractor in e.g. Jaeger & Haas, Science 2004, Fig. 1).
func TestMackeyGlassChaoticRange(t *testing.T) {
	sys, err := system.New("MackeyGlass", system.Params{"tau": 17}, 1)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := system.Sample(context.Background(), sys, 5000, &system.SampleOptions{Transient: 500})
	if err != nil {
		t.Fatal(err)
	}
	x := tr.Column(0)
	var mean, v, lo, hi float64 = 0, 0, math.Inf(1), math.Inf(-1)
	for _, u := range x {
		mean += u
		lo, hi = math.Min(lo, u), math.Max(hi, u)
	}
	mean /= float64(len(x))
	for _, u := range x {
		v += (u - mean) * (u - mean)
	}
	sd := math.Sqrt(v / float64(len(x)))
	if lo <= 0.2 || hi >= 1.5 {
		t.Errorf("range [%v, %v] outside (0.2, 1.5)", lo, hi)
	}
	if math.Abs(mean-0.9) > 0.05 || sd < 0.15 || sd > 0.3 {
		t.Errorf("mean %v sd %v; want mean ≈0.9±0.05, sd in [0.15, 0.3]", mean, sd)
	}
}

// From a smooth (constant) history the method of steps converges at
// fourth order: halving h divides the difference by about 16 (≥ 8 here).
// (dysts' sampled history is piecewise linear, with kinks off the grid,
// which lowers the observed order; that is a property of the history.)
func TestMackeyGlassStepConvergence(t *testing.T) {
	run := func(h float64) float64 {
		sys, _ := system.New("MackeyGlass", system.Params{"h": h}, 1)
		sys.(system.Setter).SetState([]float64{0.5})
		for i := 0; i < 50; i++ {
			sys.Step()
		}
		return sys.State(nil)[0]
	}
	a, b, c := run(0.1), run(0.05), run(0.025)
	if math.Abs(b-c) > math.Abs(a-b)/8 {
		t.Errorf("no fourth-order convergence: |x(.1)-x(.05)|=%g |x(.05)-x(.025)|=%g", math.Abs(a-b), math.Abs(b-c))
	}
}

// At its default τ = 16 (dysts'), Mackey-Glass stays bounded over 100
// dysts periods from its default history: for a positive history x stays
// positive, and since u/(1+uⁿ) ≤ f* = max_u u/(1+uⁿ), dx/dt ≤ βf* − γx,
// so x ≤ max(max history, βf*/γ) (exact invariants); x also stays within
// boxWidth of dysts' standard deviations around dysts' mean, and it keeps
// oscillating (no collapse onto the fixed point).
func TestMackeyGlassBoundedDefault(t *testing.T) {
	e, err := system.Lookup("MackeyGlass")
	if err != nil {
		t.Fatal(err)
	}
	p, _ := e.Resolve(nil)
	if p["tau"] != 16 {
		t.Fatalf("default τ = %v, the test is about dysts' τ = 16", p["tau"])
	}
	d := dysts.MustGet("MackeyGlass")
	hmax := math.Inf(-1)
	for _, v := range e.Info.IC {
		if !(v > 0) {
			t.Fatalf("default history %v is not positive", e.Info.IC)
		}
		hmax = math.Max(hmax, v)
	}
	var fstar float64
	for u := 0.0; u < 10; u += 1e-4 {
		fstar = math.Max(fstar, u/(1+math.Pow(u, p["n"])))
	}
	upper := math.Max(hmax, p["beta"]*fstar/p["gamma"]) * (1 + 1e-3)
	sys, err := system.New("MackeyGlass", nil, 1)
	if err != nil {
		t.Fatal(err)
	}
	steps := int(math.Ceil(100 * e.Info.Period / e.Info.DT))
	lo, hi := math.Inf(1), math.Inf(-1)
	buf := make([]float64, 1)
	for i := 0; i < steps; i++ {
		if err := sys.Step(); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		x := sys.State(buf)[0]
		lo, hi = math.Min(lo, x), math.Max(hi, x)
	}
	t.Logf("MackeyGlass τ=16: %d steps (t = %v), x in [%.4g, %.4g], bound %.4g, dysts mean %.4g sd %.4g", steps, sys.Time(), lo, hi, upper, d.Mean[0], d.Std[0])
	if !(lo > 0) || hi > upper {
		t.Errorf("x in [%v, %v] leaves (0, %v]", lo, hi, upper)
	}
	if lo < d.Mean[0]-boxWidth*d.Std[0] || hi > d.Mean[0]+boxWidth*d.Std[0] {
		t.Errorf("x in [%v, %v] leaves dysts' mean %v ± %v·%v", lo, hi, d.Mean[0], boxWidth, d.Std[0])
	}
	if hi-lo < 0.3 {
		t.Errorf("x in [%v, %v]: the oscillation collapsed", lo, hi)
	}
}
