package statphys

import (
	"math"
	"testing"
)

// Exact values of the Hurwitz zeta function: ζ(2,1) = π²/6,
// ζ(4,1) = π⁴/90 (Euler), ζ(2,2) = π²/6 − 1, ζ(2,1/2) = (2²−1)ζ(2) = π²/2,
// ζ(3,1) = 1.2020569031595942854 (Apéry's constant, OEIS A002117),
// ζ(3/2,1) = 2.6123753486854883433 (OEIS A078434); and derivatives
// ζ'(2) = −0.93754825431584375370 (OEIS A073002),
// ζ″(2) = 1.98928023429890102342 (OEIS A201994).
func TestHurwitzZetaExact(t *testing.T) {
	const tol = 1e-14 // relative
	pi2 := math.Pi * math.Pi
	cases := []struct{ s, a, want float64 }{
		{2, 1, pi2 / 6},
		{3, 1, 1.2020569031595942854},
		{2, 2, pi2/6 - 1},
		{4, 1, pi2 * pi2 / 90},
		{2, 0.5, pi2 / 2},
		{1.5, 1, 2.6123753486854883433},
	}
	for _, c := range cases {
		if got := HurwitzZeta(c.s, c.a); math.Abs(got/c.want-1) > tol {
			t.Errorf("ζ(%v, %v) = %.17g, want %.17g", c.s, c.a, got, c.want)
		}
	}
	// Invariant: ζ(s, a) − ζ(s, a+1) = a^(−s), for awkward (s, a).
	for _, s := range []float64{1.01, 1.5, 2.5, 7.3, 20} {
		for _, a := range []float64{0.3, 1, 3.7, 40, 1e5} {
			d := HurwitzZeta(s, a) - HurwitzZeta(s, a+1)
			want := math.Pow(a, -s)
			if math.Abs(d-want) > 1e-13*HurwitzZeta(s, a) {
				t.Errorf("ζ(%v,%v) − ζ(%v,%v) = %.15g, want a^−s = %.15g", s, a, s, a+1, d, want)
			}
		}
	}
	// Asymptotics: ζ(2, a) = 1/a + 1/(2a²) + 1/(6a³) − 1/(30a⁵) + … for a = 1000.
	a := 1000.0
	want := 1/a + 1/(2*a*a) + 1/(6*a*a*a) - 1/(30*math.Pow(a, 5))
	if got := HurwitzZeta(2, a); math.Abs(got/want-1) > 1e-15 {
		t.Errorf("ζ(2, 1000) = %.17g, want %.17g", got, want)
	}
	_, d1, d2 := HurwitzZetaDeriv(2, 1)
	if math.Abs(d1/-0.93754825431584375370-1) > 1e-13 || math.Abs(d2/1.98928023429890102342-1) > 1e-13 {
		t.Errorf("ζ'(2) = %.17g, ζ″(2) = %.17g", d1, d2)
	}
	// Derivatives against five-point differences (error O(h⁴)).
	for _, s := range []float64{1.3, 2.5, 4} {
		for _, a := range []float64{1, 5, 30} {
			const h = 1e-3
			z, d1, d2 := HurwitzZetaDeriv(s, a)
			f := func(k float64) float64 { return HurwitzZeta(s+k*h, a) }
			fd1 := (f(-2) - 8*f(-1) + 8*f(1) - f(2)) / (12 * h)
			fd2 := (-f(-2) + 16*f(-1) - 30*z + 16*f(1) - f(2)) / (12 * h * h)
			if math.Abs(d1-fd1) > 1e-8*math.Abs(d1) || math.Abs(d2-fd2) > 1e-6*math.Abs(d2) {
				t.Errorf("s=%v a=%v: ζ' %.12g (fd %.12g), ζ″ %.12g (fd %.12g)", s, a, d1, fd1, d2, fd2)
			}
		}
	}
	if !math.IsNaN(HurwitzZeta(1, 1)) || !math.IsNaN(HurwitzZeta(2, 0)) {
		t.Error("ζ(1,1) and ζ(2,0) should be NaN")
	}
}

// Exact values of E_p(z) = ∫_1^∞ t^−p e^−zt dt: E_0(z) = e^−z/z,
// E_{1/2}(z) = √(π/z) erfc(√z) (A&S 5.1.22 and 7.1.2), E_1(1) =
// 0.21938393439552027368 and E_1(1/2) = 0.55977359477616081174 (A&S Table
// 5.1), E_2(1) = e^−1 − E_1(1) (recurrence A&S 5.1.14). Both branches
// (continued fraction at z ≥ 1, quadrature below) must agree at z = 1.
func TestExpIntE(t *testing.T) {
	const tol = 1e-11 // relative
	e1 := 0.21938393439552027368
	cases := []struct{ p, z, want float64 }{
		{0, 0.3, math.Exp(-0.3) / 0.3},
		{0, 7, math.Exp(-7) / 7},
		{0.5, 0.01, math.Sqrt(math.Pi/0.01) * math.Erfc(0.1)},
		{0.5, 0.8, math.Sqrt(math.Pi/0.8) * math.Erfc(math.Sqrt(0.8))},
		{0.5, 3, math.Sqrt(math.Pi/3) * math.Erfc(math.Sqrt(3))},
		{1, 1, e1},
		{1, 0.5, 0.55977359477616081174},
		{2, 1, math.Exp(-1) - e1},
	}
	for _, c := range cases {
		if got := math.Exp(logExpIntE(c.p, c.z)); math.Abs(got/c.want-1) > tol {
			t.Errorf("E_%v(%v) = %.15g, want %.15g", c.p, c.z, got, c.want)
		}
	}
	// Recurrence p E_{p+1}(z) = e^−z − z E_p(z) (A&S 5.1.14) at real p,
	// on both sides of z = 1.
	for _, p := range []float64{-0.7, 0.3, 1.5, 2.5, 4.2} {
		for _, z := range []float64{1e-6, 0.01, 0.4, 0.999, 1, 1.001, 3, 60, 900} {
			lhs := p * math.Exp(logExpIntE(p+1, z))
			rhs := math.Exp(-z) - z*math.Exp(logExpIntE(p, z))
			scale := math.Max(math.Abs(lhs), math.Exp(-z))
			if math.Abs(lhs-rhs) > 1e-10*scale {
				t.Errorf("p=%v z=%v: p E_{p+1} = %.15g, e^−z − z E_p = %.15g", p, z, lhs, rhs)
			}
		}
	}
}

// erfcx and logGaussTail: erfcx(x) → 1/(x√π) (A&S 7.1.23); continuity at
// the switch x = 25; logGaussTail against direct quadrature and its
// b → 0⁻ limit ln(−1/a).
func TestGaussTail(t *testing.T) {
	lo, hi := erfcx(math.Nextafter(25, 0)), erfcx(25)
	if math.Abs(lo/hi-1) > 1e-13 {
		t.Errorf("erfcx jumps at 25: %.17g vs %.17g", lo, hi)
	}
	if r := erfcx(1e6) * 1e6 * math.SqrtPi; math.Abs(r-1) > 1e-12 {
		t.Errorf("erfcx(1e6)·x√π = %.17g, want 1", r)
	}
	for _, ab := range [][2]float64{{-1, -0.5}, {2, -0.3}, {-3, -1e-9}, {0.5, -2}} {
		a, b := ab[0], ab[1]
		want := integrate(func(u float64) float64 { return math.Exp(a*u + b*u*u) }, 0, 200, 400, 1e-13, 0)
		if a < 0 && b > -1e-6 {
			want = -1 / a // the integral converges too slowly for the quadrature above
		}
		if got := math.Exp(logGaussTail(a, b)); math.Abs(got/want-1) > 1e-8 {
			t.Errorf("∫ exp(%vu %+vu²) = %.15g, want %.15g", a, b, got, want)
		}
	}
}

// PowerSum on finite ranges: against direct summation for real s of
// either sign (including s = 1 and s = 0 where the integral term is
// degenerate), for long ranges where Euler-Maclaurin takes over, and the
// invariant PowerSum(s, a, ∞) − PowerSum(s, b+1, ∞) = PowerSum(s, a, b).
func TestPowerSum(t *testing.T) {
	const tol = 1e-12 // relative
	for _, s := range []float64{-2, -0.5, 0, 0.7, 1, 1.3, 2.5, 6} {
		for _, ab := range [][2]float64{{1, 1}, {1, 5}, {3, 40}, {1, 2000}, {17, 900}, {250, 100000}} {
			a, b := ab[0], ab[1]
			var want, w1, w2 float64
			for x := b; x >= a; x-- { // small terms first
				t := math.Pow(x, -s)
				l := math.Log(x)
				want += t
				w1 -= l * t
				w2 += l * l * t
			}
			z, d1, d2 := PowerSum(s, a, b)
			if math.Abs(z/want-1) > tol || math.Abs(d1-w1) > tol*math.Abs(w1)+1e-300 || math.Abs(d2-w2) > tol*math.Abs(w2) {
				t.Errorf("s=%v [%v, %v]: %.15g %.15g %.15g, want %.15g %.15g %.15g", s, a, b, z, d1, d2, want, w1, w2)
			}
		}
	}
	for _, s := range []float64{1.1, 2, 3.7} {
		for _, ab := range [][2]float64{{1, 30}, {5, 5000}, {40, 1e7}} {
			inf, _, _ := PowerSum(s, ab[0], math.Inf(1))
			tail, _, _ := PowerSum(s, ab[1]+1, math.Inf(1))
			fin, _, _ := PowerSum(s, ab[0], ab[1])
			if math.Abs((inf-tail)/fin-1) > 1e-12 {
				t.Errorf("s=%v: ζ(a) − ζ(b+1) = %.15g, finite sum %.15g", s, inf-tail, fin)
			}
		}
	}
	if z, _, _ := PowerSum(1, 1, math.Inf(1)); !math.IsNaN(z) {
		t.Error("PowerSum(1, 1, ∞) should be NaN")
	}
}
