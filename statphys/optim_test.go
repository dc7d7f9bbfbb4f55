package statphys

import (
	"math"
	"testing"
)

// Exact minima: a parabola, cos on [0, 2π] (minimum at π), and the
// Rosenbrock function (minimum 0 at (1, 1); Rosenbrock 1960), the
// classic hard case for simplex methods.
func TestOptimisers(t *testing.T) {
	const tol = 1e-7
	x, _ := brentMin(func(x float64) float64 { return (x - 0.3) * (x - 0.3) }, -2, 5, 1e-10)
	if math.Abs(x-0.3) > tol {
		t.Errorf("parabola: x = %v, want 0.3", x)
	}
	x, _ = gridBrent(math.Cos, 0, 2*math.Pi, 16, 1e-10)
	if math.Abs(x-math.Pi) > tol {
		t.Errorf("cos: x = %v, want π", x)
	}
	rosen := func(p []float64) float64 {
		a, b := 1-p[0], p[1]-p[0]*p[0]
		return a*a + 100*b*b
	}
	p, f := nelderMead(rosen, []float64{-1.2, 1}, []float64{0.5, 0.5}, 1e-16, 5000)
	if math.Abs(p[0]-1) > 1e-4 || math.Abs(p[1]-1) > 1e-4 || f > 1e-8 {
		t.Errorf("Rosenbrock: %v (f = %g), want (1, 1)", p, f)
	}
	// +Inf outside the domain x > 0: minimum of x − ln x at x = 1.
	p, _ = nelderMead(func(p []float64) float64 {
		if p[0] <= 0 {
			return math.Inf(1)
		}
		return p[0] - math.Log(p[0])
	}, []float64{5}, []float64{-4.5}, 1e-15, 1000)
	if math.Abs(p[0]-1) > 1e-4 {
		t.Errorf("x − ln x: x = %v, want 1", p[0])
	}
}
