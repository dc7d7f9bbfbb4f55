package maps

import (
	"errors"
	"math"
	"math/cmplx"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/emergo/emergo/system"
	"github.com/emergo/emergo/system/dysts"
	"github.com/emergo/emergo/system/systest"
)

// Tolerances of the dysts map tests, named by what they bound.
const (
	// dmRuleTol bounds hand-computed map values (a few roundings).
	dmRuleTol = 1e-14
	// dmFlowTol bounds the blinking vortex map against RK4 integration of
	// the point-vortex velocity field (20000 steps over T = 1.5: the RK4
	// error is ~1e-13; the Kepler solution is exact to rounding).
	dmFlowTol = 1e-10
	// dmIters is the length of the boundedness run: 10⁴ iterations from
	// dysts' initial condition.
	dmIters = 10000
	// dmLyapIters is the length of the Lyapunov runs.
	dmLyapIters = 200000
)

var dystsMapNames = []string{"Chebyshev", "Ricker", "Bogdanov", "KaplanYorke", "DuffingMap", "Gingerbreadman",
	"Zaslavskii", "Gauss", "Baker", "Tinkerbell", "Circle", "MaynardSmith", "Pickover", "BlinkingVortexMap",
	"DeJong", "ZeraouliaSprott", "Bedhead", "Svensson", "GumowskiMira", "Hopalong"}

// Every map passes the catalogue conformance suite.
func TestDystsMapsConformance(t *testing.T) {
	for _, name := range dystsMapNames {
		t.Run(name, func(t *testing.T) { systest.Run(t, name) })
	}
}

// The metadata follows dysts (parameter defaults, initial condition,
// dimension) except for the documented deviations, and the catalogue
// covers every dysts map except EndCap, for which dysts has no equations.
func TestDystsMapsMetadata(t *testing.T) {
	dystsName := map[string]string{"DuffingMap": "Duffing"}
	override := map[string]system.Params{"ZeraouliaSprott": {"a": 4, "b": 0.7}}
	extra := map[string][]string{"Circle": {"wrap"}, "BlinkingVortexMap": {"blink"}}
	for _, name := range dystsMapNames {
		e, err := system.Lookup(name)
		if err != nil {
			t.Fatal(err)
		}
		dn := name
		if v, ok := dystsName[name]; ok {
			dn = v
		}
		in, d := e.Info, dysts.MustGetMap(dn)
		if in.Category != system.CatMap || in.DT != 1 || !in.Discrete || !in.Jacobian || in.Description == "" || len(in.Citation) < 10 {
			t.Errorf("%s: %+v", name, in)
		}
		for _, k := range d.ParamNames() {
			v, _ := d.Param(k)
			if o, ok := override[name][k]; ok {
				v = o
			}
			if p, ok := in.Param(k); !ok || p.Default != v || p.Doc == "" {
				t.Errorf("%s: parameter %s = %+v, want default %v", name, k, p, v)
			}
		}
		if len(in.Params) != len(d.ParamNames())+len(extra[name]) {
			t.Errorf("%s: %d parameters, dysts has %d (+%v)", name, len(in.Params), len(d.ParamNames()), extra[name])
		}
		if in.Dim != len(d.InitialConditions) || len(in.Observables) != in.Dim {
			t.Errorf("%s: Dim %d, observables %v, dysts IC %v", name, in.Dim, in.Observables, d.InitialConditions)
		}
		x := mustBuild(t, name, system.Config{}).State(nil)
		for i := range x {
			if x[i] != d.InitialConditions[i] {
				t.Errorf("%s: initial state %v, dysts %v", name, x, d.InitialConditions)
				break
			}
		}
	}
	// Coverage of dysts' maps.
	for _, dn := range dysts.Maps() {
		name := dn
		if dn == "Duffing" {
			name = "DuffingMap"
		}
		_, err := system.Lookup(name)
		switch {
		case dn == "EndCap" && err == nil:
			t.Errorf("EndCap is registered, but dysts has no equations for it")
		case dn != "EndCap" && err != nil:
			t.Errorf("dysts map %s is not in the catalogue: %v", dn, err)
		}
	}
	// "Duffing" is the flow's name (package flows, not imported here).
	if e, err := system.Lookup("Duffing"); err == nil && e.Info.Category != system.CatFlow {
		t.Errorf("Duffing names a %s, want the flow", e.Info.Category)
	}
}

// Exact: each rule at hand-computed points with dysts' defaults (and
// emergo's for ZeraouliaSprott).
func TestDystsMapsRuleAtPoint(t *testing.T) {
	mu := (1 - math.Exp(-2)) / 2 // Zaslavskii μ at r = 2
	cases := []struct {
		name string
		x    []float64
		want []float64
	}{
		{"Chebyshev", []float64{0.5}, []float64{1}}, // cos(6·π/3)
		{"Chebyshev", []float64{0}, []float64{-1}},  // cos(6·π/2)
		{"Chebyshev", []float64{-1}, []float64{1}},  // cos(6π)
		{"Ricker", []float64{3.3}, []float64{3.3}},  // fixed point x* = a
		{"Ricker", []float64{1}, []float64{math.Exp(2.3)}},
		{"Bogdanov", []float64{0.5, 0.2}, []float64{0.4, -0.1}}, // y' = 0.2 − 1.2·0.25
		{"KaplanYorke", []float64{0.25, 1}, []float64{0.5, -0.8}},
		{"KaplanYorke", []float64{0.6, 0}, []float64{1.2 - 0.99999995, math.Cos(0.4 * math.Pi)}},
		{"DuffingMap", []float64{1, 0.5}, []float64{0.5, -0.2 + 1.375 - 0.125}},
		{"Gingerbreadman", []float64{-0.5, 0.2}, []float64{1.3, -0.5}},
		{"Gingerbreadman", []float64{1, 1}, []float64{1, 1}}, // fixed point
		{"Zaslavskii", []float64{0, 0}, []float64{0.2 + mu, 5 * math.Exp(-2)}},
		{"Zaslavskii", []float64{0.75, 0.1}, []float64{0.95 + 0.02*mu, 0.1 * math.Exp(-2)}},
		{"Gauss", []float64{0}, []float64{0.5}},
		{"Gauss", []float64{1}, []float64{math.Exp(-4.9) - 0.5}},
		{"Baker", []float64{0.25, 0.5}, []float64{0.5 - 2.5e-11, 0.25}},
		{"Baker", []float64{0.75, 0.5}, []float64{0.5 - 7.5e-11, 0.75}},
		{"Tinkerbell", []float64{0.1, 0.2}, []float64{0.01 - 0.04 + 0.09 - 0.12026, 0.04 + 0.2 + 0.1}},
		{"Circle", []float64{0}, []float64{0.333}},
		{"Circle", []float64{0.25}, []float64{0.583 + 5.7/(2*math.Pi)}},
		{"MaynardSmith", []float64{0.5, 1}, []float64{1, 0.87 + 0.75 - 0.25}},
		{"Pickover", []float64{0, 0}, []float64{1, 0.7}},
		{"Pickover", []float64{0.5, -0.5}, []float64{math.Sin(0.7) + math.Cos(0.7), math.Sin(0.8) + 0.7*math.Cos(0.8)}},
		{"DeJong", []float64{0, 0}, []float64{-1, -1}},
		{"DeJong", []float64{1, 1}, []float64{math.Sin(1.641) - math.Cos(1.902), math.Sin(0.316) - math.Cos(1.525)}},
		{"ZeraouliaSprott", []float64{1, 1}, []float64{-2, 1.7}},
		{"Bedhead", []float64{0, 0}, []float64{1, 0}},
		{"Bedhead", []float64{1, 0.83}, []float64{math.Sin(1)*0.83 + math.Cos(-1.5), 1 + math.Sin(0.83)/0.83}}, // xy/b = 1, ax − y = −1.5
		{"Svensson", []float64{0, 0}, []float64{0, 2.6}},
		{"GumowskiMira", []float64{1, 0}, []float64{1, 0}},                         // F(1) = a + 1 − a = 1, so (1, 0) is fixed
		{"GumowskiMira", []float64{0, 1}, []float64{-0.2, 0.22 + 2*2.1*0.04/1.04}}, // F(−0.2) = 0.22 + 2·2.1·0.04/1.04
		{"Hopalong", []float64{2, 1}, []float64{-math.Sqrt(0.2), 0.1}},             // √|5 − 5.2|
		{"Hopalong", []float64{0, 1}, []float64{math.Sqrt(5.2), 2.1}},              // sgn(−1) = −1
		{"Hopalong", []float64{1, 0.5}, []float64{-0.5, 1.1}},                      // sgn(0) = 0
	}
	for _, c := range cases {
		m := mustBuild(t, c.name, system.Config{})
		got := make([]float64, len(c.x))
		m.Eval(got, c.x, 0)
		for i := range got {
			if math.Abs(got[i]-c.want[i]) > dmRuleTol*math.Max(1, math.Abs(c.want[i])) {
				t.Errorf("%s at %v: %v, want %v", c.name, c.x, got, c.want)
				break
			}
		}
	}
}

// samplePoint draws a point where the rule of name is differentiable and
// at least 1e-3 away from its jumps and kinks (mod and floor, |x|, sgn,
// the square root's vertical tangent, the vortex and the θ branch cut).
func samplePoint(rng *rand.Rand, name string, p system.Params, m *system.Map, t float64) []float64 {
	u := func(lo, hi float64) float64 { return lo + (hi-lo)*rng.Float64() }
	for {
		var x []float64
		switch name {
		case "Chebyshev":
			x = []float64{u(-0.99, 0.99)}
		case "Ricker", "Gauss", "Circle":
			x = []float64{u(-2, 4)}
		case "KaplanYorke", "Baker":
			x = []float64{u(0.001, 0.999), u(-1, 1)}
			if math.Abs(x[0]-0.5) < 1e-3 {
				continue
			}
		case "Zaslavskii":
			x = []float64{u(0, 1), u(-2, 2)}
			mu := -math.Expm1(-p["r"]) / p["r"]
			v := x[0] + p["nu"]*(1+mu*x[1]) + p["eps"]*p["nu"]*mu*math.Cos(2*math.Pi*x[0])
			if f := v - math.Floor(v); f < 1e-3 || f > 1-1e-3 {
				continue
			}
		case "BlinkingVortexMap":
			x = []float64{u(0.05, 0.95), u(-3, 3)}
			y := make([]float64, 2)
			m.Eval(y, x, t)
			if math.Abs(y[1]) > math.Pi-1e-3 || y[0] < 1e-2 {
				continue
			}
		default:
			x = []float64{u(-2, 2), u(-2, 2)}
		}
		if len(x) == 2 && (name == "Gingerbreadman" && math.Abs(x[0]) < 1e-3 ||
			name == "Hopalong" && (math.Abs(x[0]-1) < 1e-3 || math.Abs(p["b"]*x[0]-1-p["c"]) < 1e-3)) {
			continue
		}
		return x
	}
}

// The analytic Jacobians agree with central differences at random points
// where the rules are differentiable (both vortex positions for
// BlinkingVortexMap), to 1e-6 of the largest entry (jacRelTol).
func TestDystsMapsJacobian(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	for _, name := range dystsMapNames {
		e, _ := system.Lookup(name)
		p, _ := e.Resolve(nil)
		m := mustBuild(t, name, system.Config{})
		n := m.Dim()
		fd := system.NewFiniteDiff(n, m.Eval)
		J, F := make([]float64, n*n), make([]float64, n*n)
		for k := 0; k < 40; k++ {
			tt := float64(k % 2)
			x := samplePoint(rng, name, p, m, tt)
			m.Jacobian(J, x, tt)
			fd.Jacobian(F, x, tt)
			scale := 1.0
			for _, v := range F {
				scale = math.Max(scale, math.Abs(v))
			}
			for i := range J {
				if math.Abs(J[i]-F[i]) > jacRelTol*scale {
					t.Errorf("%s at %v (t=%v): J[%d] = %.12g, finite differences %.12g", name, x, tt, i, J[i], F[i])
					break
				}
			}
		}
	}
}

// Invariants of the Jacobian determinant, exact for every point: 1 + ε +
// μx (Bogdanov), b (DuffingMap, GumowskiMira), 1 (Gingerbreadman,
// Hopalong), e^(−r) (Zaslavskii), 2α (KaplanYorke), ε a/2 (Baker), and
// r/r' for the incompressible blinking vortex in polar coordinates. The
// signed area of the image of a small polygon (imageArea) checks the rule
// itself against the same values, for the smooth maps.
func TestDystsMapsDeterminants(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 24))
	cases := []struct {
		name string
		over system.Params
		det  func(p system.Params, x, y []float64) float64
		area bool
	}{
		{"Bogdanov", system.Params{"eps": 0.1, "mu": -0.3}, func(p system.Params, x, _ []float64) float64 { return 1 + p["eps"] + p["mu"]*x[0] }, true},
		{"Bogdanov", nil, func(system.Params, []float64, []float64) float64 { return 1 }, true},
		{"DuffingMap", nil, func(p system.Params, _, _ []float64) float64 { return p["b"] }, true},
		{"GumowskiMira", nil, func(p system.Params, _, _ []float64) float64 { return p["b"] }, true},
		{"GumowskiMira", system.Params{"a": 0.3, "b": 0.95}, func(p system.Params, _, _ []float64) float64 { return p["b"] }, true},
		{"Gingerbreadman", nil, func(system.Params, []float64, []float64) float64 { return 1 }, true},
		{"Hopalong", nil, func(system.Params, []float64, []float64) float64 { return 1 }, true},
		{"Zaslavskii", nil, func(p system.Params, _, _ []float64) float64 { return math.Exp(-p["r"]) }, true},
		{"KaplanYorke", nil, func(p system.Params, _, _ []float64) float64 { return 2 * p["alpha"] }, true},
		{"Baker", system.Params{"a": 0.6}, func(p system.Params, _, _ []float64) float64 { return bakerEps * p["a"] / 2 }, true},
		{"BlinkingVortexMap", nil, func(_ system.Params, x, y []float64) float64 { return x[0] / y[0] }, true},
	}
	J := make([]float64, 4)
	y := make([]float64, 2)
	for _, c := range cases {
		e, _ := system.Lookup(c.name)
		p, _ := e.Resolve(c.over)
		m := mustBuild(t, c.name, system.Config{Params: c.over})
		for k := 0; k < 100; k++ {
			tt := float64(k % 2)
			x := samplePoint(rng, c.name, p, m, tt)
			m.Jacobian(J, x, tt)
			m.Eval(y, x, tt)
			det, want := J[0]*J[3]-J[1]*J[2], c.det(p, x, y)
			if math.Abs(det-want) > 1e-12*math.Max(1, math.Abs(want))*math.Max(1, math.Abs(J[0]*J[3])) {
				t.Fatalf("%s%v at %v: det J = %.17g, want %.17g", c.name, c.over, x, det, want)
			}
			if c.area && k < 20 {
				f := func(dst, x []float64, _ float64) { m.Eval(dst, x, tt) }
				if a := imageArea(f, x); math.Abs(a-want) > areaTol*math.Max(1, math.Abs(want)) {
					t.Fatalf("%s%v at %v: area ratio %.12g, want %v", c.name, c.over, x, a, want)
				}
			}
		}
	}
}

// vortexVelocity is the velocity u + iv at z of a point vortex of
// circulation Γ at zv inside the disc |z| < a, with its image vortex −Γ at
// a²/z̄v: u − iv = Γ/(2πi) [1/(z − zv) − 1/(z − a²/z̄v)].
func vortexVelocity(z, zv complex128, a, gamma float64) complex128 {
	img := complex(a*a, 0) / cmplx.Conj(zv)
	w := complex(gamma/(2*math.Pi), 0) / 1i * (1/(z-zv) - 1/(z-img))
	return cmplx.Conj(w)
}

// Independent check of the blinking vortex map: integrating the velocity
// field of the point vortex in the disc (RK4, 20000 steps over T) moves a
// particle to the same point as the closed form, for the vortex at +b
// (even iterations) and at −b (odd iterations).
func TestBlinkingVortexAgainstFlow(t *testing.T) {
	e, _ := system.Lookup("BlinkingVortexMap")
	p, _ := e.Resolve(nil)
	a, b, gamma, T := p["a"], p["b"], p["gamma"], p["t"]
	m := mustBuild(t, "BlinkingVortexMap", system.Config{})
	const steps = 20000
	y := make([]float64, 2)
	for _, start := range [][]float64{{0.17, 0.33}, {0.8, 2}, {0.3, -1}, {0.6, 3}} {
		for _, parity := range []float64{0, 1} {
			zv := complex(b*(1-2*parity), 0)
			z := cmplx.Rect(start[0], start[1])
			h := complex(T/steps, 0)
			for i := 0; i < steps; i++ {
				k1 := vortexVelocity(z, zv, a, gamma)
				k2 := vortexVelocity(z+h/2*k1, zv, a, gamma)
				k3 := vortexVelocity(z+h/2*k2, zv, a, gamma)
				k4 := vortexVelocity(z+h*k3, zv, a, gamma)
				z += h / 6 * (k1 + 2*k2 + 2*k3 + k4)
			}
			m.Eval(y, start, parity)
			if got := cmplx.Rect(y[0], y[1]); cmplx.Abs(got-z) > dmFlowTol {
				t.Errorf("from %v with the vortex at %v: map %v, flow %v", start, real(zv), got, z)
			}
		}
	}
}

// Exact: the origin lies on the streamline λ = b²/a² = 1/4, a circle of
// centre 0.4 and radius 0.4 (a = 1, b = 0.5), at the angle q = π where
// the Kepler equation's two terms vanish. After half the period T_λ =
// (2π)² ρ² (1 + λ²)/(Γ(1 − λ²)) the particle is at the far end of the
// diameter, (±0.8, 0), and after a full period back at the origin.
func TestBlinkingVortexPeriod(t *testing.T) {
	const lam2, rho = 1.0 / 16, 0.4
	period := 4 * math.Pi * math.Pi * rho * rho * (1 + lam2) / (1 - lam2)
	y := make([]float64, 2)
	for _, c := range []struct {
		t      float64
		parity float64
		want   complex128
	}{
		{period / 2, 0, 0.8}, {period / 2, 1, -0.8}, {period, 0, 0}, {period, 1, 0},
	} {
		m := mustBuild(t, "BlinkingVortexMap", system.Config{Params: system.Params{"t": c.t}})
		m.Eval(y, []float64{0, 0}, c.parity)
		if got := cmplx.Rect(y[0], y[1]); cmplx.Abs(got-c.want) > 1e-12 {
			t.Errorf("T=%v parity %v: origin maps to %v, want %v", c.t, c.parity, got, c.want)
		}
	}
}

// With blink = 0 (dysts' effective behaviour) the vortex never moves, the
// map advances along streamlines, and λ = |z − b|/|z − a²/b| is conserved
// over every iteration; with blink = 1 it is not.
func TestBlinkingVortexStreamlines(t *testing.T) {
	lam := func(x []float64) float64 {
		z := cmplx.Rect(x[0], x[1])
		return cmplx.Abs(z-0.5) / cmplx.Abs(z-2)
	}
	for _, blink := range []float64{0, 1} {
		m := mustBuild(t, "BlinkingVortexMap", system.Config{Params: system.Params{"blink": blink}})
		l0 := lam(m.State(nil))
		var drift float64
		for i := 0; i < 1000; i++ {
			if err := m.Step(); err != nil {
				t.Fatal(err)
			}
			drift = math.Max(drift, math.Abs(lam(m.State(nil))-l0))
		}
		if blink == 0 && drift > 1e-12 || blink == 1 && drift < 0.1 {
			t.Errorf("blink=%v: λ drifts by %v from %v", blink, drift, l0)
		}
	}
}

// Exact: with x = cos θ the Chebyshev map is θ' = aθ, so x_n = cos(aⁿθ₀).
// Rounding grows at most a-fold per iteration (|T_a'| ≤ a² only near ±1,
// and the orbit is compared to within 1e-15·(2a)ⁿ: 2e-6 at n = 8).
func TestChebyshevClosedForm(t *testing.T) {
	for _, x0 := range []float64{0.51, -0.3, 0.123456789} {
		m := mustBuild(t, "Chebyshev", system.Config{IC: []float64{x0}})
		th := math.Acos(x0)
		for n := 1; n <= 8; n++ {
			m.Step()
			want := math.Cos(math.Pow(6, float64(n)) * th)
			if got, tol := m.State(nil)[0], 1e-15*math.Pow(12, float64(n)); math.Abs(got-want) > tol {
				t.Fatalf("x0=%v n=%d: %.17g, closed form %.17g (tol %g)", x0, n, got, want, tol)
			}
		}
	}
}

// Lyapunov exponents, from 2·10⁵ iterations after 1000 of transient, with
// mapLyapunov (QR, Benettin et al. 1980):
//   - exact: Baker (ln ε, ln(a/2)) has a constant diagonal Jacobian, so
//     only rounding of the running sum remains (1e-9); KaplanYorke's
//     triangular Jacobian has the constant diagonal (2, α): the sum
//     ln 2 + ln α is exact to rounding and λ₁ = ln 2 up to a boundary term
//     of order 1/N (the log of the norm ratio of the tangent vector to
//     its limit direction; tolerance 1e-4);
//   - Chebyshev (a = 6): λ = ln 6 (Geisel & Fairen 1984); log|T_6'| − ln 6
//     is a coboundary under the conjugacy to θ' = 6θ, so the average
//     converges like 1/N (tolerance 1e-4);
//   - exact sums, from the constant determinants: ln b for DuffingMap and
//     GumowskiMira, −r for Zaslavskii, 0 for the area-preserving
//     Gingerbreadman and Hopalong (rounding, 1e-9), and for the blinking
//     vortex, whose polar determinant r/r' telescopes to ln(r₀/r_N)/N
//     (|·| ≤ 1e-4 for r in [1e-3, 1]);
//   - the documented regimes at dysts' defaults: chaotic (λ₁ > 0.05) for
//     BlinkingVortexMap, ZeraouliaSprott (emergo defaults), Tinkerbell,
//     DuffingMap, Circle, Ricker, Gauss; a stable period-2 cycle (both
//     exponents < 0) for Zaslavskii and GumowskiMira; quasi-periodic (|λ₁|
//     < 1e-3) for Bogdanov and the period-6 Gingerbreadman orbit.
func TestDystsMapsLyapunov(t *testing.T) {
	nan := math.NaN()
	cases := []struct {
		name   string
		over   system.Params
		want   []float64
		tol    float64
		sum    float64 // exact sum (NaN: none)
		sumTol float64
		regime string // "chaotic", "stable" or "neutral"
	}{
		{"KaplanYorke", nil, []float64{math.Ln2, math.Log(0.2)}, 1e-4, math.Ln2 + math.Log(0.2), 1e-9, "chaotic"},
		{"Baker", nil, []float64{math.Log(bakerEps), -math.Ln2}, 1e-9, nan, 0, "chaotic"},
		{"Baker", system.Params{"a": 0.6}, []float64{math.Log(bakerEps), math.Log(0.3)}, 1e-9, nan, 0, "chaotic"},
		{"Chebyshev", nil, []float64{math.Log(6)}, 1e-4, nan, 0, "chaotic"},
		{"DuffingMap", nil, nil, 0, math.Log(0.2), 1e-9, "chaotic"},
		{"GumowskiMira", nil, nil, 0, math.Log(0.2), 1e-9, "stable"},
		{"Zaslavskii", nil, nil, 0, -2, 1e-9, "stable"},
		{"Gingerbreadman", nil, nil, 0, 0, 1e-9, "neutral"},
		{"Hopalong", nil, nil, 0, 0, 1e-9, "chaotic"},
		{"BlinkingVortexMap", nil, nil, 0, 0, 1e-4, "chaotic"},
		{"Bogdanov", nil, nil, 0, 0, 1e-9, "neutral"},
		{"ZeraouliaSprott", nil, nil, 0, nan, 0, "chaotic"},
		{"Tinkerbell", nil, nil, 0, nan, 0, "chaotic"},
		{"Circle", nil, nil, 0, nan, 0, "chaotic"},
		{"Ricker", nil, nil, 0, nan, 0, "chaotic"},
		{"Gauss", nil, nil, 0, nan, 0, "chaotic"},
	}
	for _, c := range cases {
		m := mustBuild(t, c.name, system.Config{Params: c.over})
		for i := 0; i < 1000; i++ {
			if err := m.Step(); err != nil {
				t.Fatal(err)
			}
		}
		got := mapLyapunov(t, m, dmLyapIters)
		t.Logf("%s %v: λ = %.6f", c.name, c.over, got)
		for i, w := range c.want {
			if math.Abs(got[i]-w) > c.tol {
				t.Errorf("%s: λ%d = %.10f, want %.10f ± %v", c.name, i+1, got[i], w, c.tol)
			}
		}
		if !math.IsNaN(c.sum) {
			var s float64
			for _, v := range got {
				s += v
			}
			if math.Abs(s-c.sum) > c.sumTol {
				t.Errorf("%s: sum of exponents %.12f, exact %.12f", c.name, s, c.sum)
			}
		}
		switch c.regime {
		case "chaotic":
			if got[0] < 0.05 && c.name != "Hopalong" || got[0] < 0.005 {
				t.Errorf("%s: λ1 = %v, documented as chaotic", c.name, got[0])
			}
		case "stable":
			if got[0] >= -0.01 {
				t.Errorf("%s: λ1 = %v, documented as a stable cycle", c.name, got[0])
			}
		case "neutral":
			if math.Abs(got[0]) > 1e-3 {
				t.Errorf("%s: λ1 = %v, documented as quasi-periodic/periodic", c.name, got[0])
			}
		}
	}
}

// Every map stays bounded over 10⁴ iterations from dysts' initial
// condition, within its documented bounds (exact where the rule gives
// them, otherwise |x_i| ≤ 100: the largest value observed is 19, for
// Hopalong). The documented exceptional behaviours are asserted too.
func TestDystsMapsBounded(t *testing.T) {
	const generic = 100
	type box func(p system.Params, x []float64) bool
	in := func(v, lo, hi float64) bool { return v >= lo && v <= hi }
	boxes := map[string]box{
		"Chebyshev": func(_ system.Params, x []float64) bool { return in(x[0], -1, 1) },
		"Ricker":    func(p system.Params, x []float64) bool { return in(x[0], 0, math.Exp(p["a"]-1)) },
		"Gauss":     func(p system.Params, x []float64) bool { return in(x[0], p["b"], 1+p["b"]) },
		"DeJong":    func(_ system.Params, x []float64) bool { return in(x[0], -2, 2) && in(x[1], -2, 2) },
		"Pickover": func(p system.Params, x []float64) bool {
			return math.Abs(x[0]) <= 1+math.Abs(p["c"]) && math.Abs(x[1]) <= 1+math.Abs(p["d"])
		},
		"Svensson": func(p system.Params, x []float64) bool {
			return math.Abs(x[0]) <= 1+math.Abs(p["d"]) && math.Abs(x[1]) <= 1+math.Abs(p["c"])
		},
		"KaplanYorke": func(p system.Params, x []float64) bool {
			return in(x[0], 0, kyModulus) && x[0] != kyModulus && math.Abs(x[1]) <= 1/(1-math.Abs(p["alpha"]))
		},
		"Baker": func(_ system.Params, x []float64) bool { return in(x[0], 0, 1) && x[0] < 1 && in(x[1], 0, 1) },
		"Zaslavskii": func(p system.Params, x []float64) bool {
			er := math.Exp(-p["r"])
			return in(x[0], 0, 1) && x[0] < 1 && math.Abs(x[1]) <= p["eps"]*er/(1-er)
		},
		"Circle":            func(_ system.Params, x []float64) bool { return in(x[0], 0, 1) && x[0] < 1 },
		"BlinkingVortexMap": func(p system.Params, x []float64) bool { return in(x[0], 0, p["a"]) && in(x[1], -math.Pi, math.Pi) },
	}
	for _, name := range dystsMapNames {
		e, _ := system.Lookup(name)
		p, _ := e.Resolve(nil)
		m := mustBuild(t, name, system.Config{})
		b, ok := boxes[name]
		if !ok {
			b = func(_ system.Params, x []float64) bool {
				for _, v := range x {
					if math.Abs(v) > generic {
						return false
					}
				}
				return true
			}
		}
		x := make([]float64, m.Dim())
		for i := 1; i <= dmIters; i++ {
			if err := m.Step(); err != nil {
				t.Fatalf("%s: iteration %d: %v", name, i, err)
			}
			if m.State(x); !b(p, x) {
				t.Fatalf("%s: iteration %d: state %v outside its documented bounds", name, i, x)
			}
		}
	}
}

// The documented behaviours at dysts' own defaults and conventions:
//   - ZeraouliaSprott with dysts' a = 1.641, b = 1.902 diverges: y grows
//     like bⁿ and passes 10¹² (system.Bound) at iteration 45;
//   - Circle with wrap = 0 (dysts' lift) drifts without bound;
//   - Gingerbreadman: dysts' initial condition has period 6;
//   - GumowskiMira and Zaslavskii settle on period-2 cycles.
//   - KaplanYorke and Baker do not collapse onto x = 0 (the reason for
//     dysts' moduli below 1 and 2): x still takes many values late in the
//     run.
func TestDystsMapsDocumentedBehaviour(t *testing.T) {
	zs := mustBuild(t, "ZeraouliaSprott", system.Config{Params: system.Params{"a": 1.641, "b": 1.902}})
	var err error
	it := 0
	for err == nil && it < 100 {
		if err = zs.Step(); err == nil {
			err = system.CheckFinite("ZeraouliaSprott", zs.Time(), zs.State(nil))
		}
		it++
	}
	var de *system.DivergedError
	if !errors.As(err, &de) || it != 45 {
		t.Errorf("ZeraouliaSprott at dysts' defaults: error %v at iteration %d, want divergence at 45", err, it)
	}

	c := mustBuild(t, "Circle", system.Config{Params: system.Params{"wrap": 0}})
	for i := 0; i < dmIters; i++ {
		c.Step()
	}
	if th := c.State(nil)[0]; th < 1000 {
		t.Errorf("Circle lift after %d iterations: θ = %v, documented as drifting (mean rotation ≈ 0.5)", dmIters, th)
	}

	periodic := func(name string, period, skip int, tol float64) {
		m := mustBuild(t, name, system.Config{})
		for i := 0; i < skip; i++ {
			m.Step()
		}
		x0 := m.State(nil)
		for i := 0; i < period; i++ {
			m.Step()
		}
		x := m.State(nil)
		for i := range x {
			if math.Abs(x[i]-x0[i]) > tol {
				t.Errorf("%s: no period %d after %d iterations: %v → %v", name, period, skip, x0, x)
				return
			}
		}
		if period > 1 {
			m.Step()
			if y := m.State(nil); math.Abs(y[0]-x[0]) < 1e-6 {
				t.Errorf("%s: period divides 1, not %d", name, period)
			}
		}
	}
	periodic("Gingerbreadman", 6, 0, 1e-14)
	periodic("Gingerbreadman", 6, dmIters, 1e-11)
	periodic("GumowskiMira", 2, dmIters, 1e-12)
	periodic("Zaslavskii", 2, dmIters, 1e-12)

	for _, name := range []string{"KaplanYorke", "Baker"} {
		m := mustBuild(t, name, system.Config{})
		for i := 0; i < dmIters; i++ {
			m.Step()
		}
		seen := map[float64]bool{}
		for i := 0; i < 100; i++ {
			m.Step()
			seen[m.State(nil)[0]] = true
		}
		if len(seen) < 100 {
			t.Errorf("%s: only %d distinct x in 100 late iterations; the orbit collapsed", name, len(seen))
		}
	}
}

// Build rejects parameter combinations the rules cannot take.
func TestDystsMapsConfig(t *testing.T) {
	for _, c := range []struct {
		name string
		p    system.Params
		want string
	}{
		{"Bedhead", system.Params{"b": 0}, "must not be 0"},
		{"BlinkingVortexMap", system.Params{"b": 1.5}, "must lie in (0, a"},
		{"BlinkingVortexMap", system.Params{"b": 0}, "must lie in (0, a"},
		{"BlinkingVortexMap", system.Params{"gamma": 0}, "must not be 0"},
		{"Zaslavskii", system.Params{"r": 0}, "out of range"},
		{"Circle", system.Params{"wrap": 0.5}, "integer"},
	} {
		if _, err := system.New(c.name, c.p, 1); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s%v: error %v, want %q", c.name, c.p, err, c.want)
		}
	}
	if _, err := system.New("BlinkingVortexMap", system.Params{"b": -0.5}, 1); err != nil {
		t.Errorf("b = −0.5 is a valid vortex offset: %v", err)
	}
}

// One iteration of each map at its defaults.
func BenchmarkDystsMapStep(b *testing.B) {
	for _, name := range dystsMapNames {
		b.Run(name, func(b *testing.B) { benchStep(b, name) })
	}
}
