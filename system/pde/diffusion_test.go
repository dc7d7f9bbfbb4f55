package pde

import (
	"math"
	"testing"
)

// Exact: every Fourier mode decays as â_k(t) = â_k(0) exp(−D(q_k²+1)t).
// The reference expands the initial field by a direct O(N²) discrete
// Fourier transform (independent of the FFT) and sums the decayed modes.
func TestLinearDiffusionExact(t *testing.T) {
	const tol = 1e-12 // relative to max |a0|
	for _, c := range []struct{ d, l, dt float64 }{{0.1, 2 * math.Pi, 0.1}, {1.3, 5, 0.037}, {0.02, 40, 2}} {
		const n = 32
		a0 := DiffusionInitial(n, 11)
		s, err := NewLinearDiffusion(c.d, c.l, c.dt, a0)
		if err != nil {
			t.Fatal(err)
		}
		const steps = 25
		for i := 0; i < steps; i++ {
			if err := s.Step(); err != nil {
				t.Fatal(err)
			}
		}
		tt := s.Time()
		if tt != steps*c.dt {
			t.Fatalf("time %v, want %v", tt, steps*c.dt)
		}
		want := make([]float64, n)
		for k := 0; k <= n/2; k++ {
			var re, im float64 // (1/N) Σ a0_j e^{−2πijk/N}
			for j, a := range a0 {
				th := 2 * math.Pi * float64(j*k) / n
				re += a * math.Cos(th)
				im -= a * math.Sin(th)
			}
			re, im = re/n, im/n
			q := 2 * math.Pi * float64(k) / c.l
			g := math.Exp(-c.d * (q*q + 1) * tt)
			w := 2.0 // ±k pair
			if k == 0 || k == n/2 {
				w = 1
			}
			for j := range want {
				th := 2 * math.Pi * float64(j*k) / n
				want[j] += w * g * (re*math.Cos(th) - im*math.Sin(th))
			}
		}
		_, sc := maxAbsDiff(a0, a0)
		d, _ := maxAbsDiff(s.State(nil), want)
		if d > tol*sc {
			t.Errorf("D=%v L=%v: max error %.3e at t=%v (amplitude %.3g)", c.d, c.l, d, tt, sc)
		}
		t.Logf("D=%v L=%v t=%v: max error %.2e (amplitude %.3g)", c.d, c.l, tt, d, sc)
	}
}

// Invariant: the mean (k = 0 mode) decays exactly as exp(−D t).
func TestLinearDiffusionMean(t *testing.T) {
	const tol = 1e-13
	a0 := DiffusionInitial(64, 2)
	for j := range a0 {
		a0[j] += 1
	}
	s, _ := NewLinearDiffusion(0.1, 2*math.Pi, 0.5, a0)
	mean := func(a []float64) float64 {
		var m float64
		for _, x := range a {
			m += x
		}
		return m / float64(len(a))
	}
	m0 := mean(a0)
	for i := 0; i < 40; i++ {
		s.Step()
	}
	if got, want := mean(s.State(nil)), m0*math.Exp(-0.1*s.Time()); math.Abs(got-want) > tol {
		t.Errorf("mean %.16g, want %.16g", got, want)
	}
}

// Consistency: the second-order finite-difference semi-discretisation
// (a_{j+1} − 2a_j + a_{j−1})/Δx², integrated by RK4 with a small step,
// converges to the spectral solution at rate Δx² for a smooth field
// a0 = exp(sin x): halving Δx divides the difference by ≈ 4.
func TestLinearDiffusionFDConsistency(t *testing.T) {
	const (
		d, l, T = 0.1, 2 * math.Pi, 1.0
		hRK     = 1e-3
		orderLo = 1.9
		orderHi = 2.1
	)
	diff := func(n int) float64 {
		a0 := make([]float64, n)
		for j := range a0 {
			a0[j] = math.Exp(math.Sin(l * float64(j) / float64(n)))
		}
		s, err := NewLinearDiffusion(d, l, T, a0)
		if err != nil {
			t.Fatal(err)
		}
		s.Step()
		dx2 := (l / float64(n)) * (l / float64(n))
		f := func(dst, a []float64) {
			for j := range a {
				dst[j] = d * ((a[(j+1)%n]-2*a[j]+a[(j+n-1)%n])/dx2 - a[j])
			}
		}
		x := append([]float64(nil), a0...)
		k1, k2, k3, k4, y := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
		for i := 0; i < int(math.Round(T/hRK)); i++ {
			f(k1, x)
			for j := range y {
				y[j] = x[j] + hRK/2*k1[j]
			}
			f(k2, y)
			for j := range y {
				y[j] = x[j] + hRK/2*k2[j]
			}
			f(k3, y)
			for j := range y {
				y[j] = x[j] + hRK*k3[j]
			}
			f(k4, y)
			for j := range x {
				x[j] += hRK / 6 * (k1[j] + 2*k2[j] + 2*k3[j] + k4[j])
			}
		}
		e, _ := maxAbsDiff(x, s.State(nil))
		return e
	}
	e16, e32, e64 := diff(16), diff(32), diff(64)
	for _, p := range [][2]float64{{e16, e32}, {e32, e64}} {
		if o := math.Log2(p[0] / p[1]); o < orderLo || o > orderHi {
			t.Errorf("FD-spectral difference order %.2f (errors %.3e → %.3e), want ≈ 2", o, p[0], p[1])
		}
	}
	if e64 > 1e-3 {
		t.Errorf("FD and spectral differ by %.3e at N=64", e64)
	}
	t.Logf("FD vs spectral at t=%v: N=16 %.3e, N=32 %.3e, N=64 %.3e", T, e16, e32, e64)
}

func BenchmarkLinearDiffusionStep(b *testing.B) {
	s, _ := NewLinearDiffusion(0.1, 2*math.Pi, 0.1, DiffusionInitial(64, 1))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i%1000 == 0 {
			s.Reset() // keep the field away from underflow
		}
		s.Step()
	}
}
