package delay

import (
	"context"
	"math"
	"testing"

	"github.com/emergo/emergo/system"
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
