package vec

import (
	"math"
	"testing"
)

// ulp32 is the spacing of float32 numbers near v.
func ulp32(v float64) float64 {
	f := float32(math.Abs(v))
	return float64(math.Nextafter32(f, float32(math.Inf(1))) - f)
}

// TestFastMathAccuracy compares the float32 elementary functions with the
// float64 functions of package math over their useful ranges. The bounds
// (in float32 ulps of the exact value, plus an absolute floor for values
// near zero) are what a Horner evaluation in float32 can deliver: a few
// roundings of ½ulp each.
func TestFastMathAccuracy(t *testing.T) {
	const maxULP = 4
	type fn struct {
		name   string
		f      func(float32) float32
		ref    func(float64) float64
		lo, hi float64
		absTol float64
	}
	fns := []fn{
		{"exp", Exp32, math.Exp, -87, 88.5, 0},
		{"expm1", Expm1_32, math.Expm1, -20, 20, 0},
		{"tanh", Tanh32, math.Tanh, -12, 12, 0},
		{"sigmoid", Sigmoid32, func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }, -80, 80, 1e-38},
	}
	for _, f := range fns {
		worst := 0.0
		const n = 200001
		for i := 0; i < n; i++ {
			x := float32(f.lo + (f.hi-f.lo)*float64(i)/(n-1))
			got, want := float64(f.f(x)), f.ref(float64(x))
			err := math.Abs(got - want)
			if err <= f.absTol {
				continue
			}
			u := err / ulp32(want)
			worst = max(worst, u)
			if u > maxULP {
				t.Fatalf("%s(%v) = %v, want %v (%.1f ulp)", f.name, x, got, want, u)
			}
		}
		t.Logf("%s: worst %.2f ulp on [%g, %g]", f.name, worst, f.lo, f.hi)
	}
	// Small arguments, where cancellation would show.
	for _, x := range []float32{1e-8, -3e-6, 1e-4, 0.01, -0.3} {
		if got, want := float64(Tanh32(x)), math.Tanh(float64(x)); math.Abs(got-want) > 2*ulp32(want) {
			t.Errorf("tanh(%v) = %v, want %v", x, got, want)
		}
		if got, want := float64(Expm1_32(x)), math.Expm1(float64(x)); math.Abs(got-want) > 2*ulp32(want) {
			t.Errorf("expm1(%v) = %v, want %v", x, got, want)
		}
	}
	if Exp32(-100) != 0 || !math.IsInf(float64(Exp32(100)), 1) || Tanh32(50) != 1 || Tanh32(-50) != -1 {
		t.Errorf("saturation: exp(-100)=%v exp(100)=%v tanh(±50)=%v,%v", Exp32(-100), Exp32(100), Tanh32(50), Tanh32(-50))
	}
}

// TestGELUTanhApproximation checks geluf against the defining formula
// ½x(1 + tanh(√(2/π)(x + 0.044715x³))) (Hendrycks & Gimpel 2016, eq. in
// §2) in float64, and its derivative against a float64 central difference.
func TestGELUTanhApproximation(t *testing.T) {
	const tol = 2e-6
	ref := func(x float64) float64 {
		return 0.5 * x * (1 + math.Tanh(math.Sqrt(2/math.Pi)*(x+0.044715*x*x*x)))
	}
	for x := -6.0; x <= 6; x += 0.01 {
		y, dy := GELU32(float32(x))
		if d := math.Abs(float64(y) - ref(x)); d > tol*(1+math.Abs(x)) {
			t.Fatalf("gelu(%v) = %v, want %v", x, y, ref(x))
		}
		const h = 1e-6
		num := (ref(x+h) - ref(x-h)) / (2 * h)
		if d := math.Abs(float64(dy) - num); d > tol*10 {
			t.Fatalf("gelu'(%v) = %v, want %v", x, dy, num)
		}
	}
}
