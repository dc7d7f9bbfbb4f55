package lattice

import (
	"math"
	"testing"

	"github.com/emergo/emergo/system"
)

// TestKuramotoUncoupled: at K = 0 every phase advances exactly as
// θ_i(t) = θ_i(0) + ω_i t, which RK4 integrates without truncation error.
func TestKuramotoUncoupled(t *testing.T) {
	const tol = 1e-9
	ku, err := NewKuramoto(KuramotoOptions{N: 50, K: 0, Gamma: 0.5, NoWrap: true, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	th0, om := ku.State(nil), ku.Frequencies(nil)
	for i := 0; i < 100; i++ {
		_ = ku.Step()
	}
	tt := ku.Time()
	if math.Abs(tt-10) > 1e-12 {
		t.Fatalf("time %v after 100 steps of 0.1", tt)
	}
	for i, v := range ku.State(nil) {
		want := th0[i] + om[i]*tt
		if math.Abs(v-want) > tol*math.Max(1, math.Abs(want)) {
			t.Fatalf("θ_%d = %.15g, want %.15g", i, v, want)
		}
	}
}

// TestKuramotoMeanPhase: the coupling is antisymmetric, so Σθ_i grows
// exactly as t Σω_i for any K; RK4 preserves this linear invariant.
func TestKuramotoMeanPhase(t *testing.T) {
	const tol = 1e-9
	ku, _ := NewKuramoto(KuramotoOptions{N: 200, K: 3, Gamma: 0.5, NoWrap: true, Seed: 4})
	sum := func(x []float64) (s float64) {
		for _, v := range x {
			s += v
		}
		return s
	}
	s0, w := sum(ku.State(nil)), sum(ku.Frequencies(nil))
	for i := 0; i < 200; i++ {
		_ = ku.Step()
	}
	if d := sum(ku.State(nil)) - s0 - w*ku.Time(); math.Abs(d) > tol*math.Abs(s0) {
		t.Errorf("Σθ drifted from t·Σω by %v", d)
	}
}

// TestKuramotoFieldAndJacobian: the O(N) mean-field vector field equals
// the direct O(N²) sum, and the analytic Jacobian matches central
// differences.
func TestKuramotoFieldAndJacobian(t *testing.T) {
	const (
		fieldTol = 1e-12
		jacTol   = 1e-7
	)
	n := 30
	ku, _ := NewKuramoto(KuramotoOptions{N: n, K: 1.7, Gamma: 0.3, Seed: 8})
	for i := 0; i < 5; i++ {
		_ = ku.Step()
	}
	x, om := ku.State(nil), ku.Frequencies(nil)
	f := make([]float64, n)
	ku.Eval(f, x, 0)
	for i := 0; i < n; i++ {
		want := om[i]
		for j := 0; j < n; j++ {
			want += 1.7 / float64(n) * math.Sin(x[j]-x[i])
		}
		if math.Abs(f[i]-want) > fieldTol {
			t.Fatalf("f_%d = %.15g, direct sum %.15g", i, f[i], want)
		}
	}
	J, F := make([]float64, n*n), make([]float64, n*n)
	ku.Jacobian(J, x, 0)
	system.NewFiniteDiff(n, ku.Eval).Jacobian(F, x, 0)
	for i := range J {
		if math.Abs(J[i]-F[i]) > jacTol {
			t.Fatalf("J[%d,%d] = %.10g, finite differences %.10g", i/n, i%n, J[i], F[i])
		}
	}
}

// TestKuramotoIdentical: identical oscillators (γ = 0) with K > 0
// synchronise completely, r → 1.
func TestKuramotoIdentical(t *testing.T) {
	ku, _ := NewKuramoto(KuramotoOptions{N: 100, K: 1, Gamma: 0, Seed: 2})
	for i := 0; i < 500; i++ {
		_ = ku.Step()
	}
	if r, _ := ku.OrderParameter(); r < 1-1e-9 {
		t.Errorf("identical oscillators reached r = %v, want 1", r)
	}
}

// kuramotoR solves the self-consistency condition of the stationary
// partially locked state (Kuramoto 1984; Strogatz 2000, eq. 5.3),
// 1 = K ∫_{−π/2}^{π/2} cos²θ g(K r sin θ) dθ, for r by bisection, with g
// a centred Lorentzian or Gaussian of width γ.
func kuramotoR(dist int, gamma, k float64) float64 {
	g := func(w float64) float64 {
		if dist == Gaussian {
			return math.Exp(-w*w/(2*gamma*gamma)) / (gamma * math.Sqrt(2*math.Pi))
		}
		return gamma / math.Pi / (w*w + gamma*gamma)
	}
	f := func(r float64) float64 {
		const m = 2000 // midpoint rule; the integrand is smooth
		var s float64
		for i := 0; i < m; i++ {
			th := -math.Pi/2 + math.Pi*(float64(i)+0.5)/m
			c := math.Cos(th)
			s += c * c * g(k*r*math.Sin(th))
		}
		return k*s*math.Pi/m - 1
	}
	lo, hi := 1e-9, 1.0
	if f(lo) < 0 {
		return 0
	}
	for i := 0; i < 60; i++ {
		mid := (lo + hi) / 2
		if f(mid) > 0 {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}

// TestKuramotoOrderParameter: with N = 2000 quantile-spaced frequencies
// the time-averaged stationary r matches the N → ∞ theory: for the
// Lorentzian r = √(1 − 2γ/K) (Kuramoto 1984; Strogatz 2000, eq. 5.5), for
// the Gaussian the root of the self-consistency condition; below K_c the
// state is incoherent.
func TestKuramotoOrderParameter(t *testing.T) {
	// Finite N = 2000 and the time average over 30 time units leave
	// deviations below 1e-3 (measured ≤ 7e-4); below K_c, r = O(N^−½).
	const (
		rTol       = 0.005
		incoherent = 0.1
	)
	gamma := 0.5
	if got := kuramotoR(Lorentzian, gamma, 2); math.Abs(got-math.Sqrt(0.5)) > 1e-6 {
		t.Fatalf("self-consistency solver gives r = %v for the Lorentzian at K = 2, exact √½", got)
	}
	cases := []struct {
		dist int
		k    float64
	}{
		{Lorentzian, 1.5}, {Lorentzian, 2}, {Lorentzian, 3}, {Gaussian, 1.2}, {Gaussian, 2},
		{Lorentzian, 0.5},
	}
	for _, c := range cases {
		ku, _ := NewKuramoto(KuramotoOptions{N: 2000, K: c.k, Gamma: gamma, Dist: c.dist, Quantile: true,
			DT: 0.5, H: 0.05, Seed: 1})
		for i := 0; i < 60; i++ { // transient t = 30
			_ = ku.Step()
		}
		var rm float64
		const m = 60
		for i := 0; i < m; i++ {
			_ = ku.Step()
			r, _ := ku.OrderParameter()
			rm += r / m
		}
		want := kuramotoR(c.dist, gamma, c.k)
		if c.dist == Lorentzian && c.k > 2*gamma {
			want = math.Sqrt(1 - 2*gamma/c.k)
		}
		t.Logf("dist=%d K=%v (K_c=%.3f): <r> = %.4f, theory %.4f", c.dist, c.k, CriticalCoupling(c.dist, gamma), rm, want)
		if want == 0 {
			if rm > incoherent {
				t.Errorf("dist=%d K=%v below K_c: <r> = %.4f, want incoherent (< %v)", c.dist, c.k, rm, incoherent)
			}
			continue
		}
		if math.Abs(rm-want) > rTol {
			t.Errorf("dist=%d K=%v: <r> = %.4f, theory %.4f ± %v", c.dist, c.k, rm, want, rTol)
		}
	}
}

// TestKuramotoIncoherent: at K = 0 with random phases, r² averages to
// exactly 1/N (independent uniform phases).
func TestKuramotoIncoherent(t *testing.T) {
	const relTol = 0.15 // ≈ 5 standard errors of the average below
	n := 100
	var r2 float64
	var cnt int
	for seed := uint64(1); seed <= 10; seed++ {
		ku, _ := NewKuramoto(KuramotoOptions{N: n, K: 0, Gamma: 0.5, DT: 1, H: 1, Seed: seed})
		for i := 0; i < 200; i++ {
			_ = ku.Step()
			r, _ := ku.OrderParameter()
			r2 += r * r
			cnt++
		}
	}
	r2 /= float64(cnt)
	t.Logf("K=0: <r²> = %.5f, 1/N = %.5f", r2, 1/float64(n))
	if math.Abs(r2*float64(n)-1) > relTol {
		t.Errorf("<r²> = %.5f, want 1/N = %.5f", r2, 1/float64(n))
	}
}

// BenchmarkKuramoto times one sampling step (dt = 0.1: ten RK4 steps of
// four O(N) field evaluations) at N = 100.
func BenchmarkKuramoto(b *testing.B) {
	ku, _ := NewKuramoto(KuramotoOptions{N: 100, K: 2, Gamma: 0.5, Seed: 1})
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = ku.Step()
	}
	b.ReportMetric(float64(b.N)*10*4*100/b.Elapsed().Seconds(), "oscillator-evals/s")
}

var (
	_ system.Setter     = (*Kuramoto)(nil)
	_ system.Field      = (*Kuramoto)(nil)
	_ system.Jacobianer = (*Kuramoto)(nil)
	_ system.Resetter   = (*Kuramoto)(nil)
)
