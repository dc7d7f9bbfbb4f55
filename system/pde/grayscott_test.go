package pde

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/emergo/emergo/system"
)

func newGS(t testing.TB, f, k, dt float64, n, blocks int, seed uint64) *GrayScott {
	t.Helper()
	u0, v0 := GSInitial(n, gsDefaultNoise, seed)
	s, err := NewGrayScott(gsDefaultDu, gsDefaultDv, f, k, 1, dt, blocks, u0, v0)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Exact: the homogeneous state u = 1, v = 0 is a fixed point (the
// Laplacian of a constant vanishes, u v² = 0 and F(1 − u) = 0), kept
// bit for bit.
func TestGrayScottFixedPoint(t *testing.T) {
	s := newGS(t, gsDefaultF, gsDefaultK, 10, 16, 4, 1)
	u, v := make([]float64, 256), make([]float64, 256)
	for i := range u {
		u[i] = 1
	}
	s.SetFields(u, v)
	for i := 0; i < 100; i++ {
		if err := s.Step(); err != nil {
			t.Fatal(err)
		}
	}
	for i, x := range s.FieldU(nil) {
		if x != 1 || s.v[i] != 0 {
			t.Fatalf("site %d: (u, v) = (%v, %v), want (1, 0)", i, x, s.v[i])
		}
	}
}

// Exact: a spatially uniform state stays uniform and follows the Euler
// iteration of the reaction ODE u' = −uv² + F(1−u), v' = uv² − (F+k)v
// bit for bit (the Laplacian of a constant is exactly zero).
func TestGrayScottUniformIsODE(t *testing.T) {
	const n = 8
	s := newGS(t, gsDefaultF, gsDefaultK, 1, n, 0, 1)
	u, v := make([]float64, n*n), make([]float64, n*n)
	for i := range u {
		u[i], v[i] = 0.4, 0.3
	}
	s.SetFields(u, v)
	x, y := 0.4, 0.3
	f, fk := gsDefaultF, gsDefaultF+gsDefaultK
	for i := 0; i < 500; i++ {
		s.Step()
		// Same operation order as the lattice update with a zero Laplacian.
		uvv := x * y * y
		x, y = x+1*(gsDefaultDu*0-uvv+f*(1-x)), y+1*(gsDefaultDv*0+uvv-fk*y)
	}
	for i := range s.u {
		if s.u[i] != x || s.v[i] != y {
			t.Fatalf("site %d: (%v, %v), ODE (%v, %v)", i, s.u[i], s.v[i], x, y)
		}
	}
}

// Invariant: the periodic five-point Laplacian sums to zero (it only
// moves mass between neighbours): exactly for integer-valued fields,
// to rounding for real ones.
func TestLaplacianConservesMass(t *testing.T) {
	const n = 32
	rng := rand.New(rand.NewPCG(1, 2))
	a, l := make([]float64, n*n), make([]float64, n*n)
	for i := range a {
		a[i] = float64(rng.IntN(1000))
	}
	laplacian(l, a, n)
	var s float64
	for _, x := range l {
		s += x
	}
	if s != 0 {
		t.Errorf("sum of the Laplacian of an integer field is %v, want exactly 0", s)
	}
	var abs float64
	for i := range a {
		a[i] = rng.Float64()
		abs += math.Abs(a[i])
	}
	laplacian(l, a, n)
	s = 0
	for _, x := range l {
		s += x
	}
	if math.Abs(s) > 1e-13*abs {
		t.Errorf("sum of the Laplacian of a random field is %.3e (Σ|a| = %.3g)", s, abs)
	}
}

// Invariant: over one Euler step the totals change only by reaction,
// since the Laplacian conserves mass:
//
//	Σv' − Σv = h Σ(u v² − (F+k) v),   Σu' − Σu = h Σ(−u v² + F(1 − u)).
func TestGrayScottMassBalance(t *testing.T) {
	const tol = 1e-13 // relative to the totals
	s := newGS(t, gsDefaultF, gsDefaultK, 1, 32, 4, 3)
	for i := 0; i < 700; i++ { // develop a pattern first
		s.Step()
	}
	u, v := s.FieldU(nil), s.FieldV(nil)
	var su, sv, ru, rv float64
	f, fk := gsDefaultF, gsDefaultF+gsDefaultK
	for i := range u {
		su += u[i]
		sv += v[i]
		uvv := u[i] * v[i] * v[i]
		ru += -uvv + f*(1-u[i])
		rv += uvv - fk*v[i]
	}
	if sv < 1 {
		t.Fatalf("no pattern to test with (Σv = %v)", sv)
	}
	s.Step()
	var su1, sv1 float64
	for i := range s.u {
		su1 += s.u[i]
		sv1 += s.v[i]
	}
	if d := math.Abs((sv1 - sv) - s.H()*rv); d > tol*sv {
		t.Errorf("v balance: ΔΣv = %.15g, h·Σ reaction = %.15g (diff %.2e)", sv1-sv, s.H()*rv, d)
	}
	if d := math.Abs((su1 - su) - s.H()*ru); d > tol*su {
		t.Errorf("u balance: ΔΣu = %.15g, h·Σ reaction = %.15g (diff %.2e)", su1-su, s.H()*ru, d)
	}
}

// The observation: mean v equals the mean of the block means; std and
// active fraction agree with a direct computation.
func TestGrayScottObservation(t *testing.T) {
	s := newGS(t, gsDefaultF, gsDefaultK, 10, 64, 8, 1)
	for i := 0; i < 200; i++ {
		s.Step()
	}
	x := s.State(nil)
	if len(x) != 68 {
		t.Fatalf("dim %d, want 68", len(x))
	}
	var bm float64
	for _, b := range x[4:] {
		bm += b
	}
	bm /= 64
	if math.Abs(bm-x[1]) > 1e-14 {
		t.Errorf("mean of block means %.16g, mean v %.16g", bm, x[1])
	}
	var m, m2 float64
	active := 0
	for _, v := range s.v {
		m += v
		if v > GSActiveLevel {
			active++
		}
	}
	m /= 4096
	for _, v := range s.v {
		m2 += (v - m) * (v - m)
	}
	if sd := math.Sqrt(m2 / 4096); math.Abs(sd-x[2]) > 1e-12 {
		t.Errorf("std v %.16g, direct %.16g", x[2], sd)
	}
	if x[3] != float64(active)/4096 {
		t.Errorf("active fraction %v, want %v", x[3], float64(active)/4096)
	}
}

// Pattern formation (Pearson 1993): from the perturbed central square, at
// the default (F, k) = (0.035, 0.065) spots form, replicate and fill the
// domain, and the pattern persists (observed: std v ≈ 0.115, ≈ 19% of
// sites with v > 0.2 at t = 10⁴ and 2·10⁴). At k = 0.08, to the right of
// the pattern-forming region of Pearson's Fig. 3, the perturbation dies
// and the grid returns to the trivial state u = 1, v = 0.
func TestGrayScottPatternFormsOrDies(t *testing.T) {
	const (
		minStd    = 0.08 // std of v for a space-filling pattern
		minActive = 0.10
		deadV     = 1e-8 // max v once the perturbation has died
	)
	s := newGS(t, gsDefaultF, gsDefaultK, 10, 64, 8, 1)
	for _, T := range []float64{10000, 20000} {
		for s.Time() < T {
			if err := s.Step(); err != nil {
				t.Fatal(err)
			}
		}
		x := s.State(nil)
		if x[2] < minStd || x[3] < minActive {
			t.Errorf("t=%v: std v = %.4f, active fraction %.3f; want ≥ %v and ≥ %v", T, x[2], x[3], minStd, minActive)
		}
		t.Logf("pattern t=%v: mean u %.4f mean v %.4f std v %.4f active %.3f", T, x[0], x[1], x[2], x[3])
	}
	d := newGS(t, 0.035, 0.08, 10, 64, 8, 1)
	for d.Time() < 3000 {
		d.Step()
	}
	var mv float64
	for _, v := range d.v {
		mv = math.Max(mv, v)
	}
	if mv > deadV {
		t.Errorf("k=0.08: max v = %.3e at t=%v, want the pattern to die (< %v)", mv, d.Time(), deadV)
	}
	t.Logf("dead k=0.08: max v = %.2e at t=%v", mv, d.Time())
}

func TestGrayScottErrors(t *testing.T) {
	for _, tc := range []struct {
		p    system.Params
		want string
	}{
		{system.Params{"Du": 0.3}, "unstable"},
		{system.Params{"N": 60}, "must divide"},
		{system.Params{"h": 2}, "unstable"},
	} {
		if _, err := system.New("GrayScott", tc.p, 1); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("params %v: error %v, want %q", tc.p, err, tc.want)
		}
	}
	if s, err := system.New("GrayScott", system.Params{"blocks": 0, "N": 60}, 1); err != nil || s.Dim() != 4 {
		t.Errorf("blocks=0: %v", err)
	}
	a, _ := system.New("GrayScott", nil, 1)
	b, _ := system.New("GrayScott", nil, 2)
	if equalSlices(a.(*GrayScott).u, b.(*GrayScott).u) {
		t.Error("seeds 1 and 2 give the same initial noise")
	}
}

func BenchmarkGrayScottStep(b *testing.B) {
	for _, n := range []int{64, 256} {
		b.Run("N="+itoa(n), func(b *testing.B) {
			s := newGS(b, gsDefaultF, gsDefaultK, 10, n, 8, 1)
			for i := 0; i < 100; i++ {
				s.Step()
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if err := s.Step(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
