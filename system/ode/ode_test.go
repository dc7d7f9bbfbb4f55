package ode

import (
	"math"
	"testing"
)

// Harmonic oscillator x” = −x: exact solution (cos t, −sin t) from (1, 0).
func harmonic(dst, x []float64, _ float64) { dst[0], dst[1] = x[1], -x[0] }

func harmonicErr(t *testing.T, s Solver, T float64) float64 {
	t.Helper()
	s.Reset([]float64{1, 0}, 0)
	x := make([]float64, 2)
	if err := s.AdvanceTo(x, T); err != nil {
		t.Fatal(err)
	}
	return math.Hypot(x[0]-math.Cos(T), x[1]+math.Sin(T))
}

// RK4's global error is O(h^4): halving h divides it by 2^4 = 16.
func TestRK4FourthOrder(t *testing.T) {
	const T = 10.0
	var prev float64
	for i, h := range []float64{0.2, 0.1, 0.05, 0.025} {
		e := harmonicErr(t, NewRK4(harmonic, 2, h), T)
		if i > 0 {
			order := math.Log2(prev / e)
			if math.Abs(order-4) > 0.15 {
				t.Errorf("h=%g: observed order %.3f, want 4±0.15", h, order)
			}
		}
		prev = e
	}
}

// RK4 hits output times exactly even when they are not multiples of h.
func TestRK4OutputTimes(t *testing.T) {
	s := NewRK4(harmonic, 2, 0.01)
	s.Reset([]float64{1, 0}, 0)
	x := make([]float64, 2)
	for _, T := range []float64{0.0123, 0.5, 1.77777} {
		if err := s.AdvanceTo(x, T); err != nil {
			t.Fatal(err)
		}
		if e := math.Hypot(x[0]-math.Cos(T), x[1]+math.Sin(T)); e > 1e-9 {
			t.Errorf("t=%g: error %g", T, e)
		}
	}
	if err := s.AdvanceTo(x, 1); err == nil {
		t.Error("integrating backwards must fail")
	}
}

// DOPRI5 with error control meets its tolerance on an exact solution,
// and a tighter tolerance costs more steps and gives a smaller error.
func TestDOPRI5Tolerance(t *testing.T) {
	const T = 20.0
	var prevErr float64
	var prevSteps int
	for i, tol := range []float64{1e-4, 1e-6, 1e-8, 1e-10} {
		s := NewDOPRI5(harmonic, 2, tol, tol)
		e := harmonicErr(t, s, T)
		acc, _ := s.Steps()
		// Local error per unit step is tol; the global error over T = 20
		// (about three periods) measured 6.2-7.8·tol at these tolerances,
		// so 20·tol leaves a margin without hiding a broken controller.
		if e > 20*tol {
			t.Errorf("tol=%g: global error %g exceeds 20·tol", tol, e)
		}
		if i > 0 && (e >= prevErr || acc <= prevSteps) {
			t.Errorf("tol=%g: error %g (prev %g), steps %d (prev %d): tighter tolerance must be more accurate and cost more", tol, e, prevErr, acc, prevSteps)
		}
		prevErr, prevSteps = e, acc
	}
}

// Dense output: sampling at many output times within steps is as accurate
// as the steps themselves (4th-order interpolant, Hairer §II.6).
func TestDOPRI5DenseOutput(t *testing.T) {
	const tol = 1e-9
	s := NewDOPRI5(harmonic, 2, tol, tol)
	s.Reset([]float64{1, 0}, 0)
	x := make([]float64, 2)
	var worst float64
	for k := 1; k <= 2000; k++ {
		T := float64(k) * 0.005
		if err := s.AdvanceTo(x, T); err != nil {
			t.Fatal(err)
		}
		worst = math.Max(worst, math.Hypot(x[0]-math.Cos(T), x[1]+math.Sin(T)))
	}
	acc, _ := s.Steps()
	if acc >= 2000/4 {
		t.Errorf("took %d steps for 2000 outputs: dense output should let steps span many outputs", acc)
	}
	if worst > 1e-7 {
		t.Errorf("dense output error %g > 1e-7", worst)
	}
}

// A stiff-free exponential: x' = λx, with a non-autonomous check x' = cos t.
func TestDOPRI5NonAutonomous(t *testing.T) {
	s := NewDOPRI5(func(dst, x []float64, tt float64) { dst[0] = math.Cos(tt) }, 1, 1e-10, 1e-10)
	s.Reset([]float64{0}, 0)
	x := make([]float64, 1)
	for _, T := range []float64{1, 3.3, 7} {
		if err := s.AdvanceTo(x, T); err != nil {
			t.Fatal(err)
		}
		if math.Abs(x[0]-math.Sin(T)) > 1e-8 {
			t.Errorf("x(%g) = %v, want sin = %v", T, x[0], math.Sin(T))
		}
	}
}

// A solution that blows up in finite time (x' = x², x(0)=1, singular at
// t=1) gives an error, not a silent NaN.
func TestDOPRI5BlowUp(t *testing.T) {
	s := NewDOPRI5(func(dst, x []float64, _ float64) { dst[0] = x[0] * x[0] }, 1, 1e-8, 1e-8)
	s.MaxSteps = 100000
	s.Reset([]float64{1}, 0)
	x := make([]float64, 1)
	if err := s.AdvanceTo(x, 2); err == nil {
		t.Fatalf("integrating through the singularity at t=1 must fail, got x=%v", x)
	}
}

// Flow: sampling, reset and set state.
func TestFlowResetAndSetState(t *testing.T) {
	for _, m := range []string{"dopri5", "rk4"} {
		fl, err := NewFlow("harmonic", harmonic, nil, []float64{1, 0}, 0.1, &Options{Method: m, H: 0.001})
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 100; i++ {
			if err := fl.Step(); err != nil {
				t.Fatal(err)
			}
		}
		x := fl.State(nil)
		if math.Abs(fl.Time()-10) > 1e-12 || math.Hypot(x[0]-math.Cos(10), x[1]+math.Sin(10)) > 1e-8 {
			t.Errorf("%s: t=%v x=%v, want t=10 (cos 10, −sin 10)", m, fl.Time(), x)
		}
		fl.Reset()
		if fl.Time() != 0 || fl.State(nil)[0] != 1 {
			t.Errorf("%s: reset gave t=%v x=%v", m, fl.Time(), fl.State(nil))
		}
		fl.SetState([]float64{0, 1})
		fl.Step()
		if x := fl.State(nil); math.Abs(x[0]-math.Sin(0.1)) > 1e-8 {
			t.Errorf("%s: after SetState x=%v want sin(0.1)", m, x)
		}
	}
	if _, err := NewFlow("h", harmonic, nil, []float64{1, 0}, 0.1, &Options{Method: "euler"}); err == nil {
		t.Error("unknown method must be an error")
	}
}

// Tangent integration of a linear system x' = A x: Q(t) = exp(At) Q0
// exactly; with A diagonal, Q's columns scale by e^{a_i t}. Both the
// analytic Jacobian and the finite-difference fallback are checked.
func TestTangentLinear(t *testing.T) {
	a := []float64{0.5, -1, -3}
	f := func(dst, x []float64, _ float64) {
		for i := range x {
			dst[i] = a[i] * x[i]
		}
	}
	jac := func(dst, x []float64, _ float64) {
		for i := range dst {
			dst[i] = 0
		}
		for i := range a {
			dst[i*3+i] = a[i]
		}
	}
	for _, withJac := range []bool{true, false} {
		var j func(dst, x []float64, t float64)
		if withJac {
			j = jac
		}
		tg, err := NewTangent("linear", f, j, []float64{1, 1, 1}, 3, 0.1, nil)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 20; i++ {
			if err := tg.Step(); err != nil {
				t.Fatal(err)
			}
		}
		q := tg.Deviations(nil)
		for i := 0; i < 3; i++ {
			for c := 0; c < 3; c++ {
				want := 0.0
				if i == c {
					want = math.Exp(a[i] * 2)
				}
				if math.Abs(q[i*3+c]-want) > 1e-6*math.Max(1, want) {
					t.Errorf("jac=%v Q[%d,%d] = %g, want %g", withJac, i, c, q[i*3+c], want)
				}
			}
		}
	}
}

// Delay equation x'(t) = −x(t−1) with x = 1 on [−1, 0] has the exact
// solution x(t) = Σ_{k=0}^{n+1} (−1)^k (t−k+1)^k / k! on [n, n+1]
// (method of steps; e.g. Bellman & Cooke 1963, Driver 1977).
func exactDelay(t float64) float64 {
	n := int(math.Floor(t))
	var s, fact float64 = 0, 1
	for k := 0; k <= n+1; k++ {
		if k > 0 {
			fact *= float64(k)
		}
		s += math.Pow(-1, float64(k)) * math.Pow(t-float64(k)+1, float64(k)) / fact
	}
	return s
}

func TestDelayKnownSolution(t *testing.T) {
	f := func(dst, x, xd []float64, _ float64) { dst[0] = -xd[0] }
	hist := func(dst []float64, _ float64) { dst[0] = 1 }
	var prev float64
	for i, m := range []int{10, 20, 40} {
		d, err := NewDelay("dde", f, 1, 1, m, 0.1, hist)
		if err != nil {
			t.Fatal(err)
		}
		var worst float64
		for k := 1; k <= 50; k++ {
			if err := d.Step(); err != nil {
				t.Fatal(err)
			}
			tt := d.Time()
			worst = math.Max(worst, math.Abs(d.State(nil)[0]-exactDelay(tt)))
		}
		if worst > 1e-5 {
			t.Errorf("m=%d: max error %g over t∈[0,5]", m, worst)
		}
		if i > 0 {
			if order := math.Log2(prev / worst); order < 3.5 {
				t.Errorf("m=%d: observed order %.2f, want ≥ 3.5 (fourth-order method)", m, order)
			}
		}
		prev = worst
	}
	if e := exactDelay(0.5); math.Abs(e-0.5) > 1e-15 {
		t.Fatalf("exact solution helper wrong: x(0.5)=%v", e)
	}
}

// Sampling between grid points (dt not a multiple of h) and Reset.
func TestDelayOffGridAndReset(t *testing.T) {
	f := func(dst, x, xd []float64, _ float64) { dst[0] = -xd[0] }
	d, _ := NewDelay("dde", f, 1, 1, 16, 0.037, func(dst []float64, _ float64) { dst[0] = 1 })
	var first []float64
	for k := 0; k < 100; k++ {
		d.Step()
		if e := math.Abs(d.State(nil)[0] - exactDelay(d.Time())); e > 1e-5 {
			t.Fatalf("t=%v error %g", d.Time(), e)
		}
		if k == 10 {
			first = d.State(nil)
		}
	}
	d.Reset()
	for k := 0; k <= 10; k++ {
		d.Step()
	}
	if d.State(nil)[0] != first[0] {
		t.Errorf("reset run differs: %v vs %v", d.State(nil), first)
	}
}

func BenchmarkRK4Harmonic(b *testing.B) {
	s := NewRK4(harmonic, 2, 0.01)
	s.Reset([]float64{1, 0}, 0)
	x := make([]float64, 2)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		s.AdvanceTo(x, float64(i+1)*0.01)
	}
}

func lorenzField(dst, x []float64, _ float64) {
	dst[0] = 10 * (x[1] - x[0])
	dst[1] = x[0]*(28-x[2]) - x[1]
	dst[2] = x[0]*x[1] - 8.0/3*x[2]
}

func lorenzJac(dst, x []float64, _ float64) {
	copy(dst, []float64{-10, 10, 0, 28 - x[2], -1, -x[0], x[1], x[0], -8.0 / 3})
}

// On a nonlinear flow the analytic and finite-difference tangents agree,
// and the volume of the deviation parallelepiped (det Q) grows as
// exp(∫ tr J dt) = exp(−(σ+1+β) t) by Liouville's formula.
func TestTangentLorenzLiouville(t *testing.T) {
	x0 := []float64{1, 1, 20}
	a, err := NewTangent("lorenz", lorenzField, lorenzJac, x0, 3, 0.01, &Options{RTol: 1e-11, ATol: 1e-11})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := NewTangent("lorenz", lorenzField, nil, x0, 3, 0.01, &Options{RTol: 1e-11, ATol: 1e-11})
	for i := 0; i < 50; i++ {
		if err := a.Step(); err != nil {
			t.Fatal(err)
		}
		b.Step()
	}
	qa, qb := a.Deviations(nil), b.Deviations(nil)
	for i := range qa {
		if math.Abs(qa[i]-qb[i]) > 1e-5*math.Max(1, math.Abs(qa[i])) {
			t.Fatalf("analytic vs finite-difference tangent differ at %d: %v vs %v", i, qa[i], qb[i])
		}
	}
	det := qa[0]*(qa[4]*qa[8]-qa[5]*qa[7]) - qa[1]*(qa[3]*qa[8]-qa[5]*qa[6]) + qa[2]*(qa[3]*qa[7]-qa[4]*qa[6])
	want := math.Exp(-(10 + 1 + 8.0/3) * a.Time())
	if math.Abs(det/want-1) > 1e-6 {
		t.Errorf("det Q = %g, Liouville gives %g", det, want)
	}
}

func BenchmarkLorenzDOPRI5(b *testing.B) {
	fl, _ := NewFlow("Lorenz", lorenzField, lorenzJac, []float64{1, 1, 1}, 0.01, nil)
	b.ReportAllocs()
	acc0, _ := fl.sol.(*DOPRI5).Steps()
	for b.Loop() {
		fl.Step()
	}
	acc, rej := fl.sol.(*DOPRI5).Steps()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "samples/s")
	b.ReportMetric(float64(acc-acc0)/b.Elapsed().Seconds(), "steps/s")
	b.ReportMetric(float64(rej)/float64(max(acc, 1)), "rejected/step")
}

func BenchmarkLorenzRK4(b *testing.B) {
	fl, _ := NewFlow("Lorenz", lorenzField, lorenzJac, []float64{1, 1, 1}, 0.01, &Options{Method: "rk4", H: 0.001})
	b.ReportAllocs()
	for b.Loop() {
		fl.Step()
	}
	b.ReportMetric(float64(b.N)*10/b.Elapsed().Seconds(), "rk4-steps/s")
}

func BenchmarkLorenzTangentDOPRI5(b *testing.B) {
	tg, _ := NewTangent("Lorenz", lorenzField, lorenzJac, []float64{1, 1, 1}, 3, 0.01, nil)
	// The deviation vectors grow like exp(λ1·t): reset them to the
	// identity every 100 samples (as a QR renormalisation would), or after
	// a few thousand samples they overflow and every step fails.
	eye := []float64{1, 0, 0, 0, 1, 0, 0, 0, 1}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if err := tg.Step(); err != nil {
			b.Fatal(err)
		}
		if i++; i%100 == 0 {
			tg.SetDeviations(eye)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "samples/s")
}

func BenchmarkMackeyGlassStyleDelay(b *testing.B) {
	f := func(dst, x, xd []float64, _ float64) { dst[0] = 0.2*xd[0]/(1+math.Pow(xd[0], 10)) - 0.1*x[0] }
	d, _ := NewDelay("mg", f, 1, 17, 850, 1, func(dst []float64, _ float64) { dst[0] = 1.2 })
	b.ReportAllocs()
	for b.Loop() {
		d.Step()
	}
}
