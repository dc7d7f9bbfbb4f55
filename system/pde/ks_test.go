package pde

import (
	"math"
	"strings"
	"testing"

	"github.com/emergo/emergo/system"
)

// phiRef evaluates φ_k(z) = Σ_j z^j/(j+k)! (k = 1, 2, 3) by its Taylor
// series (used for |z| < 2).
func phiRef(k int, z float64) float64 {
	var s float64
	term := 1.0
	for j := 1; j <= k; j++ {
		term /= float64(j)
	}
	for j := 0; j < 60; j++ {
		s += term
		term *= z / float64(j+k+1)
	}
	return s
}

// etdRef returns the ETDRK4 coefficients divided by h, [Q, f1, f2, f3]/h,
// in their φ-function forms (Hochbruck & Ostermann 2005):
// Q = φ1(z/2)/2, f1 = φ1 − 3φ2 + 4φ3, f2 = φ2 − 2φ3, f3 = −φ2 + 4φ3,
// summed as Taylor series for |z| < 2, and from Cox & Matthews' closed
// forms for |z| ≥ 2, where they suffer no cancellation.
func etdRef(z float64) [4]float64 {
	if math.Abs(z) < 2 {
		p1, p2, p3 := phiRef(1, z), phiRef(2, z), phiRef(3, z)
		return [4]float64{phiRef(1, z/2) / 2, p1 - 3*p2 + 4*p3, p2 - 2*p3, -p2 + 4*p3}
	}
	ez, z3 := math.Exp(z), z*z*z
	return [4]float64{(math.Exp(z/2) - 1) / z,
		(-4 - z + ez*(4-3*z+z*z)) / z3,
		(2 + z + ez*(z-2)) / z3,
		(-4 - 3*z - z*z + ez*(4-z)) / z3}
}

// Exact: the contour-integral ETDRK4 coefficients (Kassam & Trefethen
// 2005) equal their reference values from z = hλ = −5e5 (the stiffest KS
// modes at N=256) through 0, where the closed forms are 0/0, to the
// unstable side; and at z = 0 they reduce to classical RK4's weights.
func TestETDRK4Coefficients(t *testing.T) {
	// Relative to max(|c|, h/100) (f1 changes sign near z = −2.69):
	// contour cancellation near |z| = 1 costs ~1e-12 (see etdContourPoints).
	const tol = 2e-12
	const h = 0.25
	zs := []float64{-5e5, -1e3, -40, -7.5, -2.688, -2, -1, -0.3, -1e-3, -1e-9, 0, 1e-6, 0.0625, 0.5}
	for i := 0; i <= 400; i++ {
		zs = append(zs, -3+4*float64(i)/400) // dense where cancellation bites
	}
	worst := 0.0
	for _, z := range zs {
		e, e2, q, f1, f2, f3 := etdrk4Coefficients(z/h, h)
		ref := etdRef(z)
		want := []float64{math.Exp(z), math.Exp(z / 2), h * ref[0], h * ref[1], h * ref[2], h * ref[3]}
		got := []float64{e, e2, q, f1, f2, f3}
		for i := range got {
			d := math.Abs(got[i]-want[i]) / math.Max(math.Abs(want[i]), h/100)
			worst = math.Max(worst, d)
			if d > tol {
				t.Errorf("z=%g coefficient %d: %.17g, want %.17g (rel err %.2e)", z, i, got[i], want[i], d)
			}
		}
	}
	t.Logf("worst relative coefficient error %.2e", worst)
	_, _, q, f1, f2, f3 := etdrk4Coefficients(0, h)
	for i, c := range []float64{q / (h / 2), f1 / (h / 6), f2 / (h / 6), f3 / (h / 6)} {
		if math.Abs(c-1) > 1e-14 {
			t.Errorf("z=0: coefficient %d is %.17g of its RK4 value", i, c)
		}
	}
}

func newKS(t testing.TB, opt KSOptions, u0 []float64) *KuramotoSivashinsky {
	t.Helper()
	s, err := NewKuramotoSivashinsky(opt, u0)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func maxAbsDiff(a, b []float64) (d, scale float64) {
	for i := range a {
		d = math.Max(d, math.Abs(a[i]-b[i]))
		scale = math.Max(scale, math.Abs(b[i]))
	}
	return d, scale
}

// Exact: with the nonlinearity switched off, a single Fourier mode
// u = A cos(qx) + B sin(qx), q = 2πm/L, evolves as exp((q² − q⁴) t): it
// grows for q < 1 and decays for q > 1. ETDRK4 integrates the linear
// part exactly, so only rounding separates it from the closed form.
func TestKSLinearModeExact(t *testing.T) {
	const tol = 1e-12 // relative
	const n, l = 64, 22.0
	for _, m := range []int{1, 2, 3, 4, 7, 16, 31} {
		q := 2 * math.Pi * float64(m) / l
		rate := q*q - q*q*q*q
		u0 := make([]float64, n)
		for j := range u0 {
			x := l * float64(j) / n
			u0[j] = 0.7*math.Cos(q*x) - 0.4*math.Sin(q*x)
		}
		s := newKS(t, KSOptions{L: l, N: n, H: 0.25, DT: 0.5}, u0)
		s.nonlin = 0
		c0 := s.v[m]
		const steps = 6
		for i := 0; i < steps; i++ {
			if err := s.Step(); err != nil {
				t.Fatal(err)
			}
		}
		g := math.Exp(rate * s.Time())
		// The mode's coefficient is multiplied by exactly e^{(q²−q⁴)t}.
		if r := s.v[m] / c0; math.Abs(real(r)-g) > tol*g || math.Abs(imag(r)) > tol*g {
			t.Errorf("mode m=%d (q=%.4f, rate %.4g): coefficient ratio %v, want %.17g", m, q, rate, r, g)
		}
		// In physical space the field is g·u0, up to rounding relative
		// to the larger of the initial and final amplitudes (rounding in
		// the other modes persists or grows with them).
		want := make([]float64, n)
		for j := range want {
			want[j] = g * u0[j]
		}
		d, sc := maxAbsDiff(s.State(nil), want)
		if sc = math.Max(sc, 0.7); d > tol*sc {
			t.Errorf("mode m=%d: field error %.3e relative to amplitude %.3e", m, d, sc)
		}
	}
}

// Exact: Eval is the spectral right-hand side −u u_x − u_xx − u_xxxx; for
// a band-limited u whose square is still resolved it equals the analytic
// value to rounding. FFT rounding (~ε|u|) in the highest modes is
// amplified by q_max⁴ ≈ 7000, so the error bound is a few ε·q_max⁴·max|u|.
func TestKSEvalExact(t *testing.T) {
	const n, l = 64, 22.0
	qmax := math.Pi * n / l
	tolAbs := 4 * 0x1p-52 * math.Pow(qmax, 4) * 1.5 // max|u| ≤ 1.5
	s := newKS(t, KSOptions{L: l, N: n}, make([]float64, n))
	q1, q3 := 2*math.Pi/l, 6*math.Pi/l
	u, f, want := make([]float64, n), make([]float64, n), make([]float64, n)
	for j := range u {
		x := l * float64(j) / n
		u[j] = math.Cos(q1*x) + 0.5*math.Sin(q3*x)
		ux := -q1*math.Sin(q1*x) + 0.5*q3*math.Cos(q3*x)
		uxx := -q1*q1*math.Cos(q1*x) - 0.5*q3*q3*math.Sin(q3*x)
		uxxxx := math.Pow(q1, 4)*math.Cos(q1*x) + 0.5*math.Pow(q3, 4)*math.Sin(q3*x)
		want[j] = -u[j]*ux - uxx - uxxxx
	}
	s.Eval(f, u, 0)
	if d, _ := maxAbsDiff(f, want); d > tolAbs {
		t.Errorf("Eval: max error %.3e, bound %.3e", d, tolAbs)
	} else {
		t.Logf("Eval: max error %.2e (bound %.2e)", d, tolAbs)
	}
	// The Jacobian is exact: f is quadratic, so a central difference
	// along any direction δ equals J·δ up to rounding.
	J := make([]float64, n*n)
	s.Jacobian(J, u, 0)
	delta, up, um := make([]float64, n), make([]float64, n), make([]float64, n)
	for j := range delta {
		delta[j] = math.Sin(3*float64(j)) + 0.1*float64(j%5)
	}
	const eps = 1e-3
	for j := range up {
		up[j], um[j] = u[j]+eps*delta[j], u[j]-eps*delta[j]
	}
	fp, fm := make([]float64, n), make([]float64, n)
	s.Eval(fp, up, 0)
	s.Eval(fm, um, 0)
	jd, cd := make([]float64, n), make([]float64, n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			jd[i] += J[i*n+j] * delta[j]
		}
		cd[i] = (fp[i] - fm[i]) / (2 * eps)
	}
	if d, sc := maxAbsDiff(jd, cd); d > 1e-9*sc {
		t.Errorf("J·δ differs from the (exact for a quadratic) central difference by %.3e (scale %.3e)", d, sc)
	}
}

// Dealiasing (2/3 rule) removes the nonlinear term from modes k > N/3:
// there the spectrum of Eval is exactly the linear one, (q² − q⁴) û_k.
func TestKSDealias(t *testing.T) {
	const n = 32
	u := KSInitial(n, 22, 0.5, 3) // noisy: every mode is populated
	s := newKS(t, KSOptions{N: n, Dealias: true}, u)
	f := make([]float64, n)
	s.Eval(f, u, 0)
	cf, cu := make([]complex128, n/2+1), make([]complex128, n/2+1)
	s.fft.forward(cf, f)
	s.fft.forward(cu, u)
	for k := 0; k <= n/2; k++ {
		lin := scale(s.lin[k], cu[k])
		d := math.Abs(real(cf[k]-lin)) + math.Abs(imag(cf[k]-lin))
		if 3*k > n && d > 1e-12*(1+math.Abs(s.lin[k])) {
			t.Errorf("mode %d > N/3 has a nonlinear part %.3e", k, d)
		}
		if 3*k <= n && k > 0 && d < 1e-6 {
			t.Errorf("mode %d ≤ N/3 lost its nonlinear part (%.3e)", k, d)
		}
	}
}

// Invariant: the k = 0 mode has neither linear rate nor nonlinear
// forcing (the nonlinearity is a derivative), so the spatial mean of u is
// conserved exactly; the observed drift is rounding only.
func TestKSMeanConserved(t *testing.T) {
	const tol = 1e-12
	const c = 0.3
	u0 := KSInitial(64, 22, 0.1, 5)
	for j := range u0 {
		u0[j] += c
	}
	s := newKS(t, KSOptions{}, u0)
	mean := func() float64 {
		var m float64
		for _, x := range s.State(nil) {
			m += x
		}
		return m / float64(s.Dim())
	}
	m0 := mean()
	worst := 0.0
	for i := 0; i < 2000; i++ {
		if err := s.Step(); err != nil {
			t.Fatal(err)
		}
		worst = math.Max(worst, math.Abs(mean()-m0))
	}
	if worst > tol {
		t.Errorf("spatial mean drifted by %.3e over t=%v (initial mean %.15g)", worst, s.Time(), m0)
	}
	t.Logf("mean drift over t=%v: %.2e", s.Time(), worst)
}

// Independent method: ETDRK4 agrees with classical RK4 applied to the
// spectral right-hand side Eval with a step small enough for the stiff
// modes (|hλ| ≈ 1.7 at q⁴ ≈ 7000), from the Kassam-Trefethen field.
func TestKSAgainstRK4(t *testing.T) {
	const tol = 1e-8 // both errors are ~1e-10 here
	const T = 4.0
	u0 := KSInitial(64, 22, 0, 1)
	et := newKS(t, KSOptions{H: 1.0 / 128, DT: T}, u0)
	if err := et.Step(); err != nil {
		t.Fatal(err)
	}
	const hr = 1.0 / 4096
	n := len(u0)
	x := append([]float64(nil), u0...)
	k1, k2, k3, k4, y := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	for i := 0; i < int(T/hr); i++ {
		et.Eval(k1, x, 0)
		for j := range y {
			y[j] = x[j] + hr/2*k1[j]
		}
		et.Eval(k2, y, 0)
		for j := range y {
			y[j] = x[j] + hr/2*k2[j]
		}
		et.Eval(k3, y, 0)
		for j := range y {
			y[j] = x[j] + hr*k3[j]
		}
		et.Eval(k4, y, 0)
		for j := range x {
			x[j] += hr / 6 * (k1[j] + 2*k2[j] + 2*k3[j] + k4[j])
		}
	}
	d, sc := maxAbsDiff(et.State(nil), x)
	if d > tol*sc {
		t.Errorf("ETDRK4 vs RK4 at t=%v: max difference %.3e (scale %.3e)", T, d, sc)
	}
	t.Logf("ETDRK4 (h=1/128) vs RK4 (h=1/4096) at t=%v: %.2e", T, d)
}

// Convergence: ETDRK4 is fourth order (Cox & Matthews 2002). Its error
// against a tiny-step reference falls by 2^p per halving of h, with p
// approaching 4 from below as h → 0 (the stiff modes delay the
// asymptotic regime; Kassam & Trefethen 2005, Fig. 5.1).
func TestKSConvergenceOrder(t *testing.T) {
	const (
		T        = 4.0
		hRef     = 1.0 / 2048
		minOrder = 3.2 // every halving from h = 1/16
		asymLo   = 3.7 // the finest halving
		asymHi   = 4.3
	)
	u0 := KSInitial(64, 22, 0, 1)
	run := func(h float64) []float64 {
		s := newKS(t, KSOptions{H: h, DT: T}, u0)
		if err := s.Step(); err != nil {
			t.Fatal(err)
		}
		return s.State(nil)
	}
	ref := run(hRef)
	hs := []float64{1.0 / 16, 1.0 / 32, 1.0 / 64, 1.0 / 128}
	errs := make([]float64, len(hs))
	for i, h := range hs {
		errs[i], _ = maxAbsDiff(run(h), ref)
	}
	for i := 1; i < len(hs); i++ {
		p := math.Log2(errs[i-1] / errs[i])
		t.Logf("h=%-9g err=%.3e order=%.2f", hs[i], errs[i], p)
		if p < minOrder {
			t.Errorf("order %.2f between h=%g and h=%g is below %v", p, hs[i-1], hs[i], minOrder)
		}
		if i == len(hs)-1 && (p < asymLo || p > asymHi) {
			t.Errorf("finest observed order %.2f outside [%v, %v]", p, asymLo, asymHi)
		}
	}
	// The default step is accurate: relative error at h = 0.25 over T.
	e, sc := maxAbsDiff(run(0.25), ref)
	if e > 1e-3*sc {
		t.Errorf("default h=0.25: relative error %.2e over t=%v", e/sc, T)
	}
	t.Logf("h=0.25 relative error at t=%v: %.2e", T, e/sc)
}

// Boundedness: KS solutions are absorbed into a bounded set (Collet,
// Eckmann, Epstein & Stubbe, Commun. Math. Phys. 152, 203 (1993);
// Goodman, Commun. Pure Appl. Math. 47, 293 (1994)). For L = 22 the
// chaotic field stays well inside |u| < 5 (max |u| ≈ 3.1 observed) over
// t = 5000 (t = 1000 with -short).
func TestKSBounded(t *testing.T) {
	const bound = 5.0
	T := 5000.0
	if testing.Short() {
		T = 1000
	}
	s := newKS(t, KSOptions{}, KSInitial(64, 22, 0.01, 1))
	var mx, s2 float64
	var cnt int
	for s.Time() < T {
		if err := s.Step(); err != nil {
			t.Fatal(err)
		}
		for _, x := range s.u {
			mx = math.Max(mx, math.Abs(x))
			if s.Time() > 100 {
				s2 += x * x
				cnt++
			}
		}
	}
	if mx >= bound {
		t.Errorf("max |u| = %.3f over t=%v, want < %v", mx, T, bound)
	}
	// A bounded field that decayed to a steady state would also pass;
	// the L = 22 attractor keeps an rms of order one.
	rms := math.Sqrt(s2 / float64(cnt))
	if rms < 0.5 {
		t.Errorf("rms of u after the transient is %.3f: the field died out", rms)
	}
	t.Logf("t=%v: max|u| = %.3f, rms u = %.4f", T, mx, rms)
}

func TestKSSeedsAndErrors(t *testing.T) {
	a, _ := system.New("KuramotoSivashinsky", nil, 1)
	b, _ := system.New("KuramotoSivashinsky", nil, 2)
	if x, y := a.State(nil), b.State(nil); x[0] == y[0] && x[1] == y[1] {
		t.Error("seeds 1 and 2 give the same noisy initial field")
	}
	c, _ := system.New("KuramotoSivashinsky", system.Params{"noise": 0}, 1)
	d, _ := system.New("KuramotoSivashinsky", system.Params{"noise": 0}, 2)
	if x, y := c.State(nil), d.State(nil); !equalSlices(x, y) {
		t.Error("noise=0 must give the seed-independent Kassam-Trefethen field")
	}
	for _, tc := range []struct {
		p    system.Params
		want string
	}{
		{system.Params{"N": 48}, "power of two"},
		{system.Params{"N": 8}, "out of range"},
		{system.Params{"L": 0}, "out of range"},
		{system.Params{"h": 0}, "out of range"},
	} {
		if _, err := system.New("KuramotoSivashinsky", tc.p, 1); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("params %v: error %v, want %q", tc.p, err, tc.want)
		}
	}
	if _, err := NewKuramotoSivashinsky(KSOptions{N: 64}, make([]float64, 32)); err == nil {
		t.Error("wrong initial-field length must be an error")
	}
	// h is shrunk to divide the sampling interval.
	s := newKS(t, KSOptions{H: 0.3, DT: 1}, make([]float64, 64))
	if s.H() != 0.25 {
		t.Errorf("h=0.3, dt=1 gave internal step %v, want 0.25", s.H())
	}
}

func equalSlices(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func BenchmarkKSStep(b *testing.B) {
	for _, n := range []int{64, 256} {
		b.Run("N="+itoa(n), func(b *testing.B) {
			s := newKS(b, KSOptions{N: n}, KSInitial(n, 22, 0.01, 1))
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

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}
