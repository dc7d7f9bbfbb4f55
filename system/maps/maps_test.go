package maps

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/emergo/emergo/system"
	"github.com/emergo/emergo/system/dysts"
	"github.com/emergo/emergo/system/systest"
)

// Tolerances, named by what they bound.
const (
	// ruleTol bounds hand-computed map values (a few roundings).
	ruleTol = 1e-14
	// jacRelTol bounds analytic against central-difference Jacobians,
	// relative to the largest entry (at least 1).
	jacRelTol = 1e-6
	// areaTol bounds the relative error of the area of the image of a
	// small polygon (radius 1e-4, 64 vertices): curvature of the image
	// and the polygonal approximation contribute ~1e-8.
	areaTol = 1e-6
)

var names = []string{"Logistic", "Henon", "Ikeda", "Chirikov", "Tent"}

func mustBuild(t testing.TB, name string, c system.Config) *system.Map {
	t.Helper()
	sys, err := system.NewConfig(name, c)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return sys.(*system.Map)
}

// Every map passes the catalogue conformance suite.
func TestConformance(t *testing.T) {
	for _, name := range names {
		t.Run(name, func(t *testing.T) { systest.Run(t, name) })
	}
}

// The metadata follows dysts: parameter defaults and initial conditions;
// DT = 1; category map; analytic Jacobian.
func TestMetadataFromDysts(t *testing.T) {
	for _, name := range names {
		e, err := system.Lookup(name)
		if err != nil {
			t.Fatal(err)
		}
		in, d := e.Info, dysts.MustGetMap(name)
		if in.Category != system.CatMap || in.DT != 1 || !in.Discrete || !in.Jacobian || in.Description == "" {
			t.Errorf("%s: %+v", name, in)
		}
		for _, k := range d.ParamNames() {
			v, _ := d.Param(k)
			if p, ok := in.Param(k); !ok || p.Default != v || p.Doc == "" {
				t.Errorf("%s: parameter %s = %+v, dysts default %v", name, k, p, v)
			}
		}
		if len(in.IC) != in.Dim || in.Dim != len(d.InitialConditions) {
			t.Fatalf("%s: IC %v, Dim %d, dysts IC %v", name, in.IC, in.Dim, d.InitialConditions)
		}
		m := mustBuild(t, name, system.Config{})
		x := m.State(nil)
		for i := range x {
			if x[i] != d.InitialConditions[i] {
				t.Errorf("%s: initial state %v, dysts %v", name, x, d.InitialConditions)
			}
		}
		if !system.IsDiscrete(m) {
			t.Errorf("%s is not discrete", name)
		}
	}
	if e, err := system.Lookup("standardmap"); err != nil || e.Info.Name != "Chirikov" {
		t.Errorf("alias StandardMap: %v", err)
	}
}

// Exact: each map at a point, computed by hand from the rule with dysts'
// defaults (r=3.9; a=1.4, b=0.3; u=0.9; K=0.971635; μ=0.95).
func TestRuleAtPoint(t *testing.T) {
	const k = 0.971635
	cases := []struct {
		name string
		x    []float64
		want []float64
	}{
		{"Logistic", []float64{0.5}, []float64{0.975}},
		{"Logistic", []float64{0.25}, []float64{3.9 * 0.1875}},
		{"Henon", []float64{0.5, 0.2}, []float64{1 - 0.35 + 0.2, 0.15}},
		// τ = 0.4 − 6 at the origin: the image is (1, 0) whatever τ.
		{"Ikeda", []float64{0, 0}, []float64{1, 0}},
		// τ = 0.4 − 6/2 = −2.6 at (1, 0).
		{"Ikeda", []float64{1, 0}, []float64{1 + 0.9*math.Cos(-2.6), 0.9 * math.Sin(-2.6)}},
		{"Chirikov", []float64{0.5, math.Pi / 2}, []float64{0.5 + k, math.Pi/2 + 0.5 + k}},
		{"Tent", []float64{0.25}, []float64{0.475}},
		{"Tent", []float64{0.75}, []float64{0.475}},
		{"Tent", []float64{0.5}, []float64{0.95}},
	}
	for _, c := range cases {
		m := mustBuild(t, c.name, system.Config{})
		got := make([]float64, len(c.x))
		m.Eval(got, c.x, 0)
		for i := range got {
			if math.Abs(got[i]-c.want[i]) > ruleTol*math.Max(1, math.Abs(c.want[i])) {
				t.Errorf("%s at %v: %v, want %v", c.name, c.x, got, c.want)
				break
			}
		}
	}
}

// The analytic Jacobians agree with central differences at random points
// (away from the tent's kink), relative to 1e-6.
func TestJacobianFiniteDifferences(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, name := range names {
		m := mustBuild(t, name, system.Config{})
		n := m.Dim()
		fd := system.NewFiniteDiff(n, m.Eval)
		J, F := make([]float64, n*n), make([]float64, n*n)
		for k := 0; k < 20; k++ {
			x := make([]float64, n)
			for i := range x {
				x[i] = 4*rng.Float64() - 2
			}
			if name == "Tent" && math.Abs(x[0]-0.5) < 1e-3 {
				continue
			}
			m.Jacobian(J, x, 0)
			fd.Jacobian(F, x, 0)
			scale := 1.0
			for _, v := range F {
				scale = math.Max(scale, math.Abs(v))
			}
			for i := range J {
				if math.Abs(J[i]-F[i]) > jacRelTol*scale {
					t.Errorf("%s at %v: J[%d] = %.12g, finite differences %.12g", name, x, i, J[i], F[i])
					break
				}
			}
		}
	}
}

// Exact: at r = 4 the logistic map is conjugate to the doubling map,
// x_n = sin²(2ⁿ θ) with θ = asin √x_0. Rounding errors grow at most
// fourfold per iteration (|f'| ≤ 4), so step n is compared to within
// 1e-15·4ⁿ (1.7e-8 at n = 12; a wrong rule is off by O(1)).
func TestLogisticClosedForm(t *testing.T) {
	for _, x0 := range []float64{0.3, 0.51, 0.123456789} {
		m := mustBuild(t, "Logistic", system.Config{Params: system.Params{"r": 4}, IC: []float64{x0}})
		theta := math.Asin(math.Sqrt(x0))
		for n := 1; n <= 12; n++ {
			m.Step()
			want := math.Pow(math.Sin(math.Ldexp(theta, n)), 2)
			got := m.State(nil)[0]
			if tol := 1e-15 * math.Pow(4, float64(n)); math.Abs(got-want) > tol {
				t.Fatalf("x0=%v n=%d: x_n = %.17g, closed form %.17g (tol %g)", x0, n, got, want, tol)
			}
		}
	}
}

// imageArea returns the area of the image under f of the regular
// 64-gon of radius 1e-4 centred at c, divided by the 64-gon's own area
// (shoelace formula).
func imageArea(f func(dst, x []float64, t float64), c []float64) float64 {
	const (
		n = 64
		r = 1e-4
	)
	px, py := make([]float64, n), make([]float64, n)
	qx, qy := make([]float64, n), make([]float64, n)
	y := make([]float64, 2)
	for i := 0; i < n; i++ {
		a := 2 * math.Pi * float64(i) / n
		px[i], py[i] = c[0]+r*math.Cos(a), c[1]+r*math.Sin(a)
		f(y, []float64{px[i], py[i]}, 0)
		qx[i], qy[i] = y[0], y[1]
	}
	area := func(x, y []float64) float64 {
		var s float64
		for i := range x {
			j := (i + 1) % len(x)
			s += (x[i]-x[0])*(y[j]-y[0]) - (x[j]-x[0])*(y[i]-y[0])
		}
		return s / 2
	}
	return area(qx, qy) / area(px, py)
}

// Invariants of the two-dimensional maps, on the Jacobian (determinant)
// and on the map itself (signed area ratio of the image of a small
// polygon): Hénon −b exactly, Ikeda u², Chirikov 1 (area preserving).
func TestDeterminantsAndAreas(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	cases := []struct {
		name string
		over system.Params
		det  float64
		ulps float64 // allowed |det J − want| in units of 2^-52 |want|; 0: exact
	}{
		{"Henon", nil, -0.3, 0},
		{"Henon", system.Params{"a": 1.2, "b": -0.7}, 0.7, 0},
		{"Ikeda", nil, 0.81, 64},
		{"Ikeda", system.Params{"u": 0.6}, 0.36, 64},
		{"Chirikov", nil, 1, 4},
		{"Chirikov", system.Params{"k": 5}, 1, 16},
	}
	J := make([]float64, 4)
	for _, c := range cases {
		m := mustBuild(t, c.name, system.Config{Params: c.over})
		for k := 0; k < 200; k++ {
			x := []float64{6*rng.Float64() - 3, 6*rng.Float64() - 3}
			m.Jacobian(J, x, 0)
			det := J[0]*J[3] - J[1]*J[2]
			if d := math.Abs(det - c.det); c.ulps == 0 && det != c.det || d > c.ulps*0x1p-52*math.Abs(c.det) {
				t.Fatalf("%s%v at %v: det J = %.17g, want %v", c.name, c.over, x, det, c.det)
			}
			if k < 20 {
				if a := imageArea(m.Eval, x); math.Abs(a-c.det) > areaTol*math.Abs(c.det) {
					t.Fatalf("%s%v at %v: area ratio %.12g, want %v", c.name, c.over, x, a, c.det)
				}
			}
		}
	}
}

// Exact: at μ = 1 the tent map doubles dyadic rationals k/2^m without
// rounding; the orbit matches integer arithmetic exactly and reaches 1/2,
// 1 and 0 after m−1, m and m+1 iterations.
func TestTentDyadicOrbit(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	const m = 40
	den := int64(1) << m
	for trial := 0; trial < 20; trial++ {
		num := rng.Int64N(den/2)*2 + 1 // odd: exactly m halvings to go
		x0 := float64(num) / float64(den)
		sys := mustBuild(t, "Tent", system.Config{Params: system.Params{"mu": 1}, IC: []float64{x0}})
		for n := 1; n <= m+1; n++ {
			if 2*num <= den {
				num *= 2
			} else {
				num = 2 * (den - num)
			}
			sys.Step()
			got := sys.State(nil)[0]
			if want := float64(num) / float64(den); got != want {
				t.Fatalf("x0=%v step %d: %v, exact %v", x0, n, got, want)
			}
			if (n == m-1 && got != 0.5) || (n == m && got != 1) || (n == m+1 && got != 0) {
				t.Fatalf("x0=%v step %d: %v", x0, n, got)
			}
		}
	}
}

// The standard map's reduction keeps x in [0, 2π) and p in [−π, π), and
// is invisible to the dynamics: over the first iterations the reduced
// orbit equals the unreduced one (dysts' convention, wrap = 0) modulo 2π.
func TestChirikovWrap(t *testing.T) {
	w := mustBuild(t, "Chirikov", system.Config{})
	u := mustBuild(t, "Chirikov", system.Config{Params: system.Params{"wrap": 0}})
	for i := 0; i < 20; i++ {
		w.Step()
		u.Step()
		a, b := w.State(nil), u.State(nil)
		dp := math.Remainder(a[0]-b[0], 2*math.Pi)
		dx := math.Remainder(a[1]-b[1], 2*math.Pi)
		if math.Abs(dp) > 1e-9 || math.Abs(dx) > 1e-9 {
			t.Fatalf("step %d: reduced %v, unreduced %v", i, a, b)
		}
	}
	for i := 0; i < 100000; i++ {
		w.Step()
		x := w.State(nil)
		if x[0] < -math.Pi || x[0] >= math.Pi || x[1] < 0 || x[1] >= 2*math.Pi {
			t.Fatalf("iteration %d: state %v outside the torus", i, x)
		}
	}
}

// Build honours Config.IC (with a length check) and rejects a sampling
// interval other than one iteration.
func TestConfig(t *testing.T) {
	if _, err := system.NewConfig("Henon", system.Config{IC: []float64{1}}); err == nil ||
		!strings.Contains(err.Error(), "initial condition has 1 values, want 2") {
		t.Errorf("short IC: %v", err)
	}
	if _, err := system.NewConfig("Henon", system.Config{DT: 0.5}); err == nil || !strings.Contains(err.Error(), "dt must be 1") {
		t.Errorf("dt 0.5: %v", err)
	}
	if _, err := system.NewConfig("Logistic", system.Config{Params: system.Params{"r": 4.5}}); err == nil {
		t.Error("r = 4.5 must be rejected")
	}
	m := mustBuild(t, "Henon", system.Config{IC: []float64{0, 0}, DT: 1, Method: "rk4"})
	m.Step()
	m.Step()
	a := 1.4 // a variable, so that 1 − a rounds as the map computes it
	if x := m.State(nil); x[0] != 1-a || x[1] != 0.3 || m.Time() != 2 {
		t.Errorf("Henon from the origin after 2 steps: %v at t=%v, want [-0.4 0.3] at 2", x, m.Time())
	}
}

// mapLyapunov estimates the Lyapunov spectrum of a map by iterating n
// deviation vectors with system.MapTangent and re-orthonormalising them
// (modified Gram-Schmidt) every iteration (Benettin et al. 1980).
func mapLyapunov(t *testing.T, m system.System, iters int) []float64 {
	t.Helper()
	n := m.Dim()
	mt, err := system.NewMapTangent(m, n)
	if err != nil {
		t.Fatal(err)
	}
	q := make([]float64, n*n)
	sum := make([]float64, n)
	for it := 0; it < iters; it++ {
		if err := mt.Step(); err != nil {
			t.Fatal(err)
		}
		mt.Deviations(q)
		for c := 0; c < n; c++ {
			for b := 0; b < c; b++ {
				var dot float64
				for j := 0; j < n; j++ {
					dot += q[j*n+c] * q[j*n+b]
				}
				for j := 0; j < n; j++ {
					q[j*n+c] -= dot * q[j*n+b]
				}
			}
			var norm float64
			for j := 0; j < n; j++ {
				norm += q[j*n+c] * q[j*n+c]
			}
			norm = math.Sqrt(norm)
			sum[c] += math.Log(norm)
			for j := 0; j < n; j++ {
				q[j*n+c] /= norm
			}
		}
		mt.SetDeviations(q)
	}
	for i := range sum {
		sum[i] /= float64(iters)
	}
	return sum
}

// Published and exact Lyapunov exponents, from 2·10^5 iterations after a
// transient of 1000:
//   - Tent: λ = ln(2μ) exactly (|f'| = 2μ); only the rounding of the
//     running sum remains (tolerance 1e-9).
//   - Logistic r = 4: λ = ln 2 exactly (Ulam-von Neumann). log|f'| − ln 2
//     is a coboundary (the map is conjugate to the tent map), so the
//     average converges like 1/N: spread 1.3e-5 over six independent
//     orbits, tolerance 1e-4.
//   - Hénon (a=1.4, b=0.3): (0.41922, −1.62319), Sprott (2003) App. A.
//     Six independent orbits deviate by up to 0.0021; tolerance 0.006.
//   - Ikeda (u=0.9): (0.50752, −0.71824) (the QR estimate cited in Info).
//     Six independent orbits deviate by up to 0.0022; tolerance 0.007.
//   - The sums are exact: ln|b| for Hénon, 2 ln u for Ikeda, 0 for the
//     area-preserving Chirikov map (tolerance 1e-10, rounding).
func TestLyapunovExponents(t *testing.T) {
	const iters = 200000
	cases := []struct {
		name string
		over system.Params
		want []float64
		tol  float64
		sum  float64 // exact sum (NaN: none)
	}{
		{"Tent", nil, []float64{math.Log(1.9)}, 1e-9, math.NaN()},
		{"Logistic", system.Params{"r": 4}, []float64{math.Ln2}, 1e-4, math.NaN()},
		{"Henon", nil, []float64{0.41922, -1.62319}, 0.006, math.Log(0.3)},
		{"Ikeda", nil, []float64{0.50752, -0.71824}, 0.007, 2 * math.Log(0.9)},
		{"Chirikov", nil, nil, 0, 0},
	}
	for _, c := range cases {
		m := mustBuild(t, c.name, system.Config{Params: c.over})
		for i := 0; i < 1000; i++ {
			m.Step()
		}
		got := mapLyapunov(t, m, iters)
		t.Logf("%s: λ = %.6f (reference %v)", c.name, got, c.want)
		for i, w := range c.want {
			if math.Abs(got[i]-w) > c.tol {
				t.Errorf("%s: λ%d = %.5f, want %v ± %v", c.name, i+1, got[i], w, c.tol)
			}
		}
		if !math.IsNaN(c.sum) {
			if s := got[0] + got[1]; math.Abs(s-c.sum) > 1e-10 {
				t.Errorf("%s: sum of exponents %.12f, exact %.12f", c.name, s, c.sum)
			}
		}
	}
}

// Every map of maps.go stays bounded over dmIters iterations from its
// default initial condition, in a box derived from its equations:
//   - Logistic (r ≤ 4) and Tent (μ ≤ 1) leave [0, 1] invariant;
//   - Ikeda: |z'| ≤ 1 + u|z|, so the disc |z| ≤ 1/(1 − u) is absorbing
//     for u < 1 and |z| ≤ max(|z0|, 1/(1 − u)) along the orbit;
//   - Chirikov (wrap = 1, the default) reduces x into [0, 2π) and p into
//     [−π, π) (dysts' unreduced lift, wrap = 0, drifts: see
//     system/catalog.Unbounded);
//   - Hénon at a = 1.4, b = 0.3: the attractor lies in |x| ≤ 1.3,
//     |y| ≤ 0.4 (Hénon 1976); the test uses |x| ≤ 1.5, |y| ≤ 0.5.
func TestBoundedClassic(t *testing.T) {
	in := func(v, lo, hi float64) bool { return v >= lo && v <= hi }
	boxes := map[string]func(p system.Params, x, x0 []float64) bool{
		"Logistic": func(_ system.Params, x, _ []float64) bool { return in(x[0], 0, 1) },
		"Tent":     func(_ system.Params, x, _ []float64) bool { return in(x[0], 0, 1) },
		"Ikeda": func(p system.Params, x, x0 []float64) bool {
			return math.Hypot(x[0], x[1]) <= math.Max(math.Hypot(x0[0], x0[1]), 1/(1-p["u"]))*(1+1e-12)
		},
		"Chirikov": func(_ system.Params, x, _ []float64) bool {
			return in(x[0], -math.Pi, math.Pi) && x[0] < math.Pi && in(x[1], 0, 2*math.Pi) && x[1] < 2*math.Pi
		},
		"Henon": func(_ system.Params, x, _ []float64) bool { return math.Abs(x[0]) <= 1.5 && math.Abs(x[1]) <= 0.5 },
	}
	for _, name := range names {
		e, _ := system.Lookup(name)
		p, _ := e.Resolve(nil)
		if name == "Henon" && (p["a"] != 1.4 || p["b"] != 0.3) {
			t.Fatalf("Henon defaults %v: the box assumes a = 1.4, b = 0.3", p)
		}
		m := mustBuild(t, name, system.Config{})
		x0 := m.State(nil)
		x := make([]float64, m.Dim())
		for i := 1; i <= dmIters; i++ {
			if err := m.Step(); err != nil {
				t.Fatalf("%s: iteration %d: %v", name, i, err)
			}
			if m.State(x); !boxes[name](p, x, x0) {
				t.Fatalf("%s: iteration %d: state %v outside its box", name, i, x)
			}
		}
	}
}
