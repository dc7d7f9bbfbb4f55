package flows

import (
	"context"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/emergo/emergo/system"
	"github.com/emergo/emergo/system/dysts"
	"github.com/emergo/emergo/system/ode"
	"github.com/emergo/emergo/system/systest"
)

// Tolerances, named by what they bound.
const (
	// fieldTol bounds hand-computed field values: a few roundings of
	// numbers of order 10-100.
	fieldTol = 1e-12
	// jacRelTol bounds analytic against central-difference Jacobians
	// (step 1e-6 relative: truncation ~1e-12, rounding ~1e-10), relative
	// to the largest entry (at least 1).
	jacRelTol = 1e-6
)

var names = []string{"Lorenz", "Rossler", "Chen", "Chua", "Thomas", "Lorenz96", "Duffing",
	"DoublePendulum", "HindmarshRose", "ForcedFitzHughNagumo"}

func mustBuild(t testing.TB, name string, c system.Config) system.System {
	t.Helper()
	sys, err := system.NewConfig(name, c)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return sys
}

func mustInfo(t testing.TB, name string) system.Info {
	t.Helper()
	e, err := system.Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	return e.Info
}

// params returns the complete default parameters of name with overrides.
func params(t testing.TB, name string, over system.Params) system.Params {
	t.Helper()
	e, err := system.Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	p, err := e.Resolve(over)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// Every flow passes the catalogue conformance suite (determinism, finite
// states over 1000 default steps, Reset replay, allocation-free Step and
// State, analytic Jacobian against finite differences).
func TestConformance(t *testing.T) {
	for _, name := range names {
		t.Run(name, func(t *testing.T) { systest.Run(t, name) })
	}
}

// The metadata follows dysts: parameter defaults, initial conditions and
// period, the dt rule (period/100 to three significant digits; Lorenz
// 0.01), dysts' estimates under their label, literature values.
func TestMetadataFromDysts(t *testing.T) {
	wantDT := map[string]float64{
		"Lorenz": 0.01, "Rossler": 0.0591, "Chen": 0.00587, "Chua": 0.0142, "Thomas": 0.0497,
		"Lorenz96": 0.022, "Duffing": 0.0745, "DoublePendulum": 0.0402, "HindmarshRose": 0.0175,
		"ForcedFitzHughNagumo": 0.421,
	}
	for _, name := range names {
		in := mustInfo(t, name)
		e := dysts.MustGet(name)
		if in.Category != system.CatFlow || !in.Jacobian || in.Discrete {
			t.Errorf("%s: category %q, jacobian %v, discrete %v", name, in.Category, in.Jacobian, in.Discrete)
		}
		if in.DT != wantDT[name] {
			t.Errorf("%s: DT = %v, want %v", name, in.DT, wantDT[name])
		}
		if in.Period != e.Period {
			t.Errorf("%s: period %v, dysts %v", name, in.Period, e.Period)
		}
		for _, k := range e.ParamNames() {
			v, _ := e.Param(k)
			p, ok := in.Param(k)
			if !ok || p.Default != v || p.Doc == "" {
				t.Errorf("%s: parameter %s = %+v, dysts default %v", name, k, p, v)
			}
		}
		if len(in.IC) != len(e.InitialConditions) || in.Dim != len(in.IC) {
			t.Fatalf("%s: IC %v (Dim %d), dysts %v", name, in.IC, in.Dim, e.InitialConditions)
		}
		for i := range in.IC {
			if in.IC[i] != e.InitialConditions[i] {
				t.Errorf("%s: IC %v, dysts %v", name, in.IC, e.InitialConditions)
			}
		}
		sys := mustBuild(t, name, system.Config{})
		if x := sys.State(nil); len(x) != in.Dim || x[0] != in.IC[0] {
			t.Errorf("%s: built with state %v, IC %v", name, x, in.IC)
		}
		inv, ok := in.Invariant("max_lyapunov")
		if dp := name == "DoublePendulum"; ok == dp || (ok && (inv.Source != dystsSource || inv.Values[0] != e.MaxLyapunov)) {
			t.Errorf("%s: dysts max_lyapunov invariant %+v present=%v", name, inv, ok)
		}
	}
	in := mustInfo(t, "Lorenz")
	var sprott bool
	for _, v := range in.Invariants {
		if v.Name == "lyapunov_spectrum" && strings.HasPrefix(v.Source, "Sprott") {
			sprott = v.Values[0] == 0.9056 && v.Values[2] == -14.5723
		}
	}
	if !sprott {
		t.Errorf("Lorenz lacks Sprott's spectrum: %+v", in.Invariants)
	}
	if e, err := system.Lookup("lorenz63"); err != nil || e.Info.Name != "Lorenz" {
		t.Errorf("alias lorenz63: %v", err)
	}
}

// Exact: each field at a point, computed by hand from the equations with
// dysts' default parameters (overrides noted).
func TestFieldAtPoint(t *testing.T) {
	const (
		m0 = -1.142857 // Chua defaults
		m1 = -0.71429
	)
	cases := []struct {
		name string
		over system.Params
		x    []float64
		want []float64
	}{
		// σ=10, ρ=28, β=2.667: (10·(2−1), 1·(28−3)−2, 1·2−2.667·3)
		{"Lorenz", nil, []float64{1, 2, 3}, []float64{10, 23, -6.001}},
		// a=b=0.2, c=5.7: (−2−3, 1+0.2·2, 0.2+3·(1−5.7))
		{"Rossler", nil, []float64{1, 2, 3}, []float64{-5, 1.4, -13.9}},
		// a=35, b=3, c=28: (35·1, −7·1−1·3+28·2, 1·2−3·3)
		{"Chen", nil, []float64{1, 2, 3}, []float64{35, 46, -7}},
		// |x| < 1: g(x) = m0 x.
		{"Chua", nil, []float64{0.5, 1, -1}, []float64{15.6 * (1 - 0.5 - m0*0.5), -1.5, -28}},
		// |x| > 1: g(2) = 2 m1 + (m0 − m1) = m0 + m1.
		{"Chua", nil, []float64{2, 0, 0}, []float64{15.6 * (-2 - m0 - m1), 2, 0}},
		// a=1.85, b=10.
		{"Thomas", nil, []float64{0, math.Pi / 2, math.Pi / 6}, []float64{10, -1.85*math.Pi/2 + 5, -1.85 * math.Pi / 6}},
		// F=20: ((2−3)·4−1+20, (3−4)·1−2+20, (4−1)·2−3+20, (1−2)·3−4+20)
		{"Lorenz96", nil, []float64{1, 2, 3, 4}, []float64{15, 17, 23, 13}},
		// n=5, F=8 exercises the interior loop.
		{"Lorenz96", system.Params{"n": 5, "f": 8}, []float64{1, 2, 3, 4, 5}, []float64{-3, 4, 11, 13, -5}},
		// α=1, β=−1, δ=0.1, γ=0.35, ω=1.4: (2, −0.2+1−1+0.35, 1.4)
		{"Duffing", nil, []float64{1, 2, 0}, []float64{2, 0.15, 1.4}},
		{"Duffing", nil, []float64{2, -1, math.Pi}, []float64{-1, 0.1 + 2 - 8 - 0.35, 1.4}},
		// Δ=0: D=1, dθ1 = p1 − p2, dθ2 = 2p2 − p1, forces vanish.
		{"DoublePendulum", nil, []float64{0, 0, 1, 2}, []float64{-1, 3, 0, 0}},
		// Δ=π/2: D=2, cos Δ=0, C1 = 1/2, C2 = 0; gravity −2·9.81 on p1.
		{"DoublePendulum", nil, []float64{math.Pi / 2, 0, 1, 1}, []float64{0.5, 1, -19.62 - 0.5, 0.5}},
		// a=0.49, b=1, c=0.0322, d=1, s=1, τx=0.03, τz=0.8.
		{"HindmarshRose", nil, []float64{1, 0, 0}, []float64{-1 + 0.51/0.03, -0.49, (-1 + 0.0322) / 0.8}},
		// a=0.7, b=0.8, I=0.965, f=0.4008225, γ=0.08, ω=0.0436…
		{"ForcedFitzHughNagumo", nil, []float64{1, 0.5, math.Pi / 2},
			[]float64{1 - 1.0/3 - 0.5 + 0.965 + 0.4008225, 0.08 * (1 + 0.7 - 0.4), 0.043650793650793655}},
	}
	for _, c := range cases {
		sys := mustBuild(t, c.name, system.Config{Params: c.over})
		got := make([]float64, len(c.x))
		sys.(system.Field).Eval(got, c.x, 0)
		for i := range got {
			if math.Abs(got[i]-c.want[i]) > fieldTol*math.Max(1, math.Abs(c.want[i])) {
				t.Errorf("%s%v at %v: f = %v, want %v", c.name, c.over, c.x, got, c.want)
				break
			}
		}
	}
}

// randomPoint draws a state whose components are uniform in ±scale.
func randomPoint(rng *rand.Rand, n int, scale float64) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = scale * (2*rng.Float64() - 1)
	}
	return x
}

// The analytic Jacobians agree with central differences of the field at
// random points (including non-default parameters), relative to 1e-6.
func TestJacobianFiniteDifferences(t *testing.T) {
	cases := []struct {
		name  string
		over  system.Params
		scale float64
	}{
		{"Lorenz", nil, 20}, {"Rossler", nil, 10}, {"Chen", nil, 20}, {"Chua", nil, 3},
		{"Thomas", nil, 5}, {"Lorenz96", nil, 10}, {"Lorenz96", system.Params{"n": 40, "f": 8}, 10},
		{"Duffing", nil, 3}, {"DoublePendulum", nil, 4},
		{"DoublePendulum", system.Params{"l1": 1.3, "l2": 0.7, "m1": 2, "m2": 0.6, "g": 3}, 4},
		{"HindmarshRose", nil, 2}, {"ForcedFitzHughNagumo", nil, 3},
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, c := range cases {
		sys := mustBuild(t, c.name, system.Config{Params: c.over})
		n := sys.Dim()
		fd := system.NewFiniteDiff(n, sys.(system.Field).Eval)
		J, F := make([]float64, n*n), make([]float64, n*n)
		for k := 0; k < 8; k++ {
			x := randomPoint(rng, n, c.scale)
			tt := 10 * rng.Float64()
			sys.(system.Jacobianer).Jacobian(J, x, tt)
			fd.Jacobian(F, x, tt)
			scale := 1.0
			for _, v := range F {
				scale = math.Max(scale, math.Abs(v))
			}
			for i := range J {
				if math.Abs(J[i]-F[i]) > jacRelTol*scale {
					t.Errorf("%s%v at %v: J[%d,%d] = %.12g, finite differences %.12g", c.name, c.over, x, i/n, i%n, J[i], F[i])
					break
				}
			}
		}
	}
}

// Invariant: the divergence (trace of the Jacobian) of the Lorenz field is
// −(σ+1+β) at every point, exactly in floating point; other flows have
// known divergences too (Chen c−a−b, Thomas −3a, Duffing −δ, Rössler
// a+x−c, ForcedFitzHughNagumo 1−v²−γb, DoublePendulum 0 by Liouville).
func TestDivergence(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	cases := []struct {
		name  string
		over  system.Params
		div   func(p system.Params, x []float64) float64
		exact bool
	}{
		{"Lorenz", nil, func(p system.Params, _ []float64) float64 { return -(p["sigma"] + 1 + p["beta"]) }, true},
		{"Lorenz", system.Params{"sigma": 16, "rho": 45.92, "beta": 4}, func(p system.Params, _ []float64) float64 { return -(p["sigma"] + 1 + p["beta"]) }, true},
		{"Chen", nil, func(p system.Params, _ []float64) float64 { return p["c"] - p["a"] - p["b"] }, false},
		{"Thomas", nil, func(p system.Params, _ []float64) float64 { return -3 * p["a"] }, true},
		{"Duffing", nil, func(p system.Params, _ []float64) float64 { return -p["delta"] }, true},
		{"Rossler", nil, func(p system.Params, x []float64) float64 { return p["a"] + x[0] - p["c"] }, false},
		{"ForcedFitzHughNagumo", nil, func(p system.Params, x []float64) float64 { return 1 - x[0]*x[0] - p["gamma"]*p["b"] }, false},
		{"DoublePendulum", system.Params{"l1": 1.3, "l2": 0.7, "m1": 2, "m2": 0.6}, func(system.Params, []float64) float64 { return 0 }, false},
	}
	for _, c := range cases {
		sys := mustBuild(t, c.name, system.Config{Params: c.over})
		p := params(t, c.name, c.over)
		n := sys.Dim()
		J := make([]float64, n*n)
		for k := 0; k < 1000; k++ {
			x := randomPoint(rng, n, 30)
			sys.(system.Jacobianer).Jacobian(J, x, 0)
			var tr float64
			for i := 0; i < n; i++ {
				tr += J[i*n+i]
			}
			want := c.div(p, x)
			if c.exact && tr != want || !c.exact && math.Abs(tr-want) > 1e-12*math.Max(1, math.Abs(want)) {
				t.Fatalf("%s%v at %v: trace %v, want %v", c.name, c.over, x, tr, want)
			}
		}
	}
}

// Invariant: the Lorenz attractor is bounded, |x| < 30, |y| < 30,
// 0 < z < 60, over 10^4 samples (100 time units) after a transient.
func TestLorenzBounded(t *testing.T) {
	sys := mustBuild(t, "Lorenz", system.Config{})
	tr, err := system.Sample(context.Background(), sys, 10000, &system.SampleOptions{Transient: 1000})
	if err != nil {
		t.Fatal(err)
	}
	lo, hi := []float64{math.Inf(1), math.Inf(1), math.Inf(1)}, []float64{math.Inf(-1), math.Inf(-1), math.Inf(-1)}
	for i := 0; i < tr.Len(); i++ {
		for j, v := range tr.Row(i) {
			lo[j], hi[j] = math.Min(lo[j], v), math.Max(hi[j], v)
		}
	}
	t.Logf("Lorenz ranges: x [%.2f, %.2f], y [%.2f, %.2f], z [%.2f, %.2f]", lo[0], hi[0], lo[1], hi[1], lo[2], hi[2])
	if lo[0] <= -30 || hi[0] >= 30 || lo[1] <= -30 || hi[1] >= 30 || lo[2] <= 0 || hi[2] >= 60 {
		t.Errorf("Lorenz left the box |x|,|y| < 30, 0 < z < 60")
	}
	// It is not trivially bounded: the orbit visits both wings.
	if lo[0] > -10 || hi[0] < 10 {
		t.Errorf("Lorenz orbit does not visit both wings: x in [%v, %v]", lo[0], hi[0])
	}
}

// Exact: Hamilton's equations. The double-pendulum field equals
// (∂H/∂p1, ∂H/∂p2, −∂H/∂θ1, −∂H/∂θ2), H differentiated by central
// differences, at random points with unequal masses and lengths. (dysts'
// momentum equations fail this check.)
func TestDoublePendulumHamiltonEquations(t *testing.T) {
	over := system.Params{"l1": 1.3, "l2": 0.7, "m1": 2, "m2": 0.6, "g": 3}
	sys := mustBuild(t, "DoublePendulum", system.Config{Params: over})
	p := params(t, "DoublePendulum", over)
	rng := rand.New(rand.NewPCG(5, 6))
	f := make([]float64, 4)
	for k := 0; k < 20; k++ {
		x := randomPoint(rng, 4, 3)
		sys.(system.Field).Eval(f, x, 0)
		grad := make([]float64, 4)
		for j := range grad {
			const h = 1e-6
			xp, xm := append([]float64(nil), x...), append([]float64(nil), x...)
			xp[j] += h
			xm[j] -= h
			grad[j] = (pendulumEnergy(p, xp) - pendulumEnergy(p, xm)) / (2 * h)
		}
		want := []float64{grad[2], grad[3], -grad[0], -grad[1]}
		for i := range f {
			if math.Abs(f[i]-want[i]) > 1e-7*math.Max(1, math.Abs(want[i])) {
				t.Fatalf("at %v: field %v, Hamilton's equations %v", x, f, want)
			}
		}
	}
}

// Invariant: the undamped double pendulum conserves its energy. The
// numerical drift comes from the integrator alone, so it shrinks in
// proportion to the tolerance: over 2000 samples (80 time units) the
// maximum relative drift is below 2e-6 at the default tolerance 1e-9
// and below 2e-9 at 1e-12 (measured 9.5e-7 and 1.4e-9), at least 100
// times smaller; a field that is not Hamiltonian drifts by O(1)
// whatever the tolerance. Over 10^4 samples (402 time units, about 100
// periods) at 1e-12 it stays below 2e-8 (measured 6.2e-9).
func TestDoublePendulumEnergy(t *testing.T) {
	p := params(t, "DoublePendulum", nil)
	drift := func(tol float64, steps int) float64 {
		sys := mustBuild(t, "DoublePendulum", system.Config{Tol: tol})
		x := sys.State(nil)
		h0 := pendulumEnergy(p, x)
		var d float64
		for i := 0; i < steps; i++ {
			if err := sys.Step(); err != nil {
				t.Fatal(err)
			}
			d = math.Max(d, math.Abs(pendulumEnergy(p, sys.State(x))-h0)/math.Abs(h0))
		}
		return d
	}
	loose, tight, long := drift(0, 2000), drift(1e-12, 2000), drift(1e-12, 10000)
	t.Logf("max relative energy drift: %.3g (tol 1e-9, 2000 samples), %.3g (tol 1e-12, 2000), %.3g (tol 1e-12, 10^4)", loose, tight, long)
	if loose > 2e-6 || tight > 2e-9 || long > 2e-8 {
		t.Errorf("energy drift too large")
	}
	if loose < 100*tight {
		t.Errorf("drift does not shrink with the tolerance: %g at 1e-9, %g at 1e-12", loose, tight)
	}
}

// Exact: x_i = F is a fixed point of Lorenz96 for every n and F (the
// field vanishes exactly, and the integrator stays there), and the field
// commutes with cyclic shifts of the sites.
func TestLorenz96FixedPointAndSymmetry(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, n := range []int{4, 5, 40} {
		for _, F := range []float64{20, 8, -3.5} {
			sys := mustBuild(t, "Lorenz96", system.Config{Params: system.Params{"n": float64(n), "f": F}})
			if sys.Dim() != n {
				t.Fatalf("n=%d: Dim %d", n, sys.Dim())
			}
			x := make([]float64, n)
			for i := range x {
				x[i] = F
			}
			dx := make([]float64, n)
			sys.(system.Field).Eval(dx, x, 0)
			for i, v := range dx {
				if v != 0 {
					t.Fatalf("n=%d F=%v: field at the fixed point has component %d = %v", n, F, i, v)
				}
			}
			sys.(system.Setter).SetState(x)
			for i := 0; i < 10; i++ {
				sys.Step()
			}
			for i, v := range sys.State(nil) {
				if v != F {
					t.Fatalf("n=%d F=%v: fixed point moved, x[%d] = %v", n, F, i, v)
				}
			}
			// Shift equivariance: f(Sx) = S f(x) with (Sx)_i = x_{i+1}.
			y := randomPoint(rng, n, 10)
			sy := append(append([]float64(nil), y[1:]...), y[0])
			fy, fsy := make([]float64, n), make([]float64, n)
			sys.(system.Field).Eval(fy, y, 0)
			sys.(system.Field).Eval(fsy, sy, 0)
			for i := 0; i < n; i++ {
				if fsy[i] != fy[(i+1)%n] {
					t.Fatalf("n=%d: not shift-equivariant at site %d: %v vs %v", n, i, fsy[i], fy[(i+1)%n])
				}
			}
		}
	}
}

// Lorenz96's dimension follows n; away from n = 4 the initial condition
// is x_i = F with x_0 += 0.01.
func TestLorenz96Dimension(t *testing.T) {
	sys := mustBuild(t, "Lorenz96", system.Config{Params: system.Params{"n": 40, "f": 8}})
	x := sys.State(nil)
	if len(x) != 40 || x[0] != 8.01 || x[1] != 8 || x[39] != 8 {
		t.Fatalf("n=40 IC %v", x)
	}
	for i := 0; i < 200; i++ {
		if err := sys.Step(); err != nil {
			t.Fatal(err)
		}
	}
	// The perturbation has spread: the state is no longer near x_i = F.
	var dev float64
	for _, v := range sys.State(x) {
		dev = math.Max(dev, math.Abs(v-8))
	}
	if dev < 1 {
		t.Errorf("after 200 samples the n=40 state stays within %v of the fixed point", dev)
	}
	if _, err := system.New("Lorenz96", system.Params{"n": 3}, 0); err == nil {
		t.Error("n=3 must be rejected")
	}
}

// Build honours Config.IC (with a length check), DT, Method and Tol.
func TestConfig(t *testing.T) {
	_, err := system.NewConfig("Lorenz", system.Config{IC: []float64{1, 2}})
	if err == nil || !strings.Contains(err.Error(), "initial condition has 2 values, want 3") {
		t.Errorf("short IC: %v", err)
	}
	_, err = system.NewConfig("Lorenz96", system.Config{Params: system.Params{"n": 6}, IC: []float64{1, 2, 3, 4}})
	if err == nil || !strings.Contains(err.Error(), "want 6") {
		t.Errorf("Lorenz96 IC of the wrong length: %v", err)
	}
	if _, err := system.NewConfig("Lorenz", system.Config{Method: "euler"}); err == nil || !strings.Contains(err.Error(), "euler") {
		t.Errorf("unknown method: %v", err)
	}

	ic := []float64{1, 1, 20}
	sys := mustBuild(t, "Lorenz", system.Config{IC: ic, DT: 0.005})
	if x := sys.State(nil); x[2] != 20 {
		t.Errorf("IC not used: %v", x)
	}
	for i := 0; i < 3; i++ {
		sys.Step()
	}
	if got := sys.Time(); math.Abs(got-0.015) > 1e-15 {
		t.Errorf("time after 3 samples of dt=0.005: %v", got)
	}

	// RK4 (h = dt/10 = 1e-3) and DOPRI5 agree after one time unit; a
	// looser tolerance takes fewer steps.
	run := func(c system.Config) ([]float64, int) {
		c.IC = ic
		s := mustBuild(t, "Lorenz", c)
		for i := 0; i < 100; i++ {
			if err := s.Step(); err != nil {
				t.Fatal(err)
			}
		}
		acc, _ := s.(*ode.Flow).Solver().Steps()
		return s.State(nil), acc
	}
	a, na := run(system.Config{})
	b, _ := run(system.Config{Method: "rk4"})
	c, nc := run(system.Config{Tol: 1e-5})
	for i := range a {
		if math.Abs(a[i]-b[i]) > 1e-6 || math.Abs(a[i]-c[i]) > 1e-2 {
			t.Errorf("dopri5 %v, rk4 %v, tol 1e-5 %v", a, b, c)
			break
		}
	}
	if nc >= na {
		t.Errorf("tol 1e-5 took %d steps, default %d", nc, na)
	}
	t.Logf("DOPRI5 steps over 1 time unit: %d (tol 1e-9), %d (tol 1e-5)", na, nc)
}

// The forcing phase of Duffing and ForcedFitzHughNagumo stays in
// [0, 2π), equals ωt mod 2π, and wrapping leaves the other variables on
// the trajectory of the unwrapped flow.
func TestPhaseWrap(t *testing.T) {
	for _, name := range []string{"Duffing", "ForcedFitzHughNagumo"} {
		p := params(t, name, nil)
		in := mustInfo(t, name)
		const tol = 1e-12
		sys := mustBuild(t, name, system.Config{Tol: tol})
		f, jac := duffing(p, 3)
		if name == "ForcedFitzHughNagumo" {
			f, jac = forcedFitzHughNagumo(p, 3)
		}
		ref, err := ode.NewFlow("ref", f, jac, in.IC, in.DT, &ode.Options{RTol: tol, ATol: tol})
		if err != nil {
			t.Fatal(err)
		}
		steps := int(20 / in.DT) // twenty time units
		if name == "ForcedFitzHughNagumo" {
			steps = int(300 / in.DT) // two forcing periods
		}
		x, r := make([]float64, 3), make([]float64, 3)
		for i := 0; i < steps; i++ {
			sys.Step()
			ref.Step()
			sys.State(x)
			if x[2] < 0 || x[2] >= 2*math.Pi {
				t.Fatalf("%s: phase %v outside [0, 2π)", name, x[2])
			}
		}
		ref.State(r)
		if math.Abs(r[2]-p["omega"]*ref.Time()) > 1e-9*r[2] {
			t.Errorf("%s: unwrapped phase %v, ωt = %v", name, r[2], p["omega"]*ref.Time())
		}
		if d := math.Abs(x[2] - wrap2Pi(r[2])); d > 1e-9 {
			t.Errorf("%s: phase %v, ωt mod 2π = %v", name, x[2], wrap2Pi(r[2]))
		}
		if math.Abs(x[0]-r[0]) > 1e-7 || math.Abs(x[1]-r[1]) > 1e-7 {
			t.Errorf("%s: wrapped flow at %v, unwrapped at %v", name, x, r)
		}
	}
}

// lyapunov estimates the Lyapunov spectrum of sys from its current state:
// n deviation vectors integrated along the orbit (ode.Tangent) and
// re-orthonormalised by modified Gram-Schmidt every renorm samples, the
// logarithms of the stretching factors averaged over time (Benettin et
// al., Meccanica 15, 9 (1980)).
func lyapunov(t *testing.T, sys system.System, samples, renorm int) []float64 {
	t.Helper()
	n := sys.Dim()
	tg, err := ode.NewTangentOf(sys, n, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	t0 := tg.Time()
	q := make([]float64, n*n)
	sum := make([]float64, n)
	for s := 1; s <= samples; s++ {
		if err := tg.Step(); err != nil {
			t.Fatal(err)
		}
		if s%renorm != 0 && s != samples {
			continue
		}
		tg.Deviations(q)
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
		tg.SetDeviations(q)
	}
	T := tg.Time() - t0
	for i := range sum {
		sum[i] /= T
	}
	return sum
}

// Published values: the Lyapunov spectra of Lorenz (σ=10, ρ=28, β=8/3),
// Chen (a=35, b=3, c=28) and Rössler (a=b=0.2, c=5.7) from Sprott,
// Chaos and Time-Series Analysis (2003), App. A. Finite-time estimates
// carry statistical error of order 1/√T; each tolerance (absolute, per
// exponent) is about three times the largest deviation from the
// published value seen over five starting points (transients of 1000 to
// 5000 samples): Lorenz 0.0095 at T=1000, Chen 0.03 at T=2000 (so 0.1
// at T=1000), Rössler 0.0015 at T=20000.
// The sum of the spectrum equals the time-averaged divergence, exactly
// −(σ+1+β) for Lorenz and c−a−b for Chen.
func TestLyapunovLiterature(t *testing.T) {
	cases := []struct {
		name      string
		over      system.Params
		want      []float64
		tol       float64
		T         float64 // time units averaged
		renorm    int     // samples between re-orthonormalisations
		sum       float64 // exact sum of the spectrum, NaN if none
		long      bool    // skipped with -short
		transient int
	}{
		{"Lorenz", system.Params{"beta": 8.0 / 3}, []float64{0.9056, 0, -14.5723}, 0.03, 1000, 10, -(10 + 1 + 8.0/3), false, 1000},
		{"Chen", nil, []float64{2.0272, 0, -12.0272}, 0.1, 1000, 50, 28 - 35 - 3, false, 1000},
		{"Rossler", nil, []float64{0.0714, 0, -5.3943}, 0.005, 20000, 10, math.NaN(), true, 1000},
	}
	for _, c := range cases {
		if c.long && testing.Short() {
			t.Logf("%s: skipped in -short mode", c.name)
			continue
		}
		sys := mustBuild(t, c.name, system.Config{Params: c.over})
		for i := 0; i < c.transient; i++ {
			sys.Step()
		}
		dt := sys.(system.Sampler).DT()
		got := lyapunov(t, sys, int(c.T/dt), c.renorm)
		t.Logf("%s: spectrum %.4f (Sprott 2003: %v), sum %.6f", c.name, got, c.want, got[0]+got[1]+got[2])
		for i := range got {
			if math.Abs(got[i]-c.want[i]) > c.tol {
				t.Errorf("%s: λ%d = %.4f, Sprott (2003) %v ± %v", c.name, i+1, got[i], c.want[i], c.tol)
			}
		}
		if s := got[0] + got[1] + got[2]; !math.IsNaN(c.sum) && math.Abs(s-c.sum) > 1e-4*math.Abs(c.sum) {
			t.Errorf("%s: spectrum sum %.6f, exact divergence %.6f", c.name, s, c.sum)
		}
	}
}

// classicPhases lists, per flow of flows.go, the phase-like components
// excluded from the dysts box: the forcing phases z = ωt, wrapped into
// [0, 2π) (checked there), and the double pendulum's unwrapped angles,
// which wind when it turns over (documented in its description and in
// system/catalog.Unbounded; their sines and cosines are bounded).
var classicPhases = map[string][]int{
	"Duffing":              {2},
	"ForcedFitzHughNagumo": {2},
	"DoublePendulum":       {0, 1},
}

// classicBox is the half-width, in dysts' standard deviations, of the box
// around dysts' mean that every other component must stay in: far
// outside any attractor, but a diverging orbit crosses it.
const classicBox = 50

// Every flow of flows.go stays bounded for 100 dominant periods from its
// default initial condition at the default tolerance: each sample is
// finite and, apart from the phase-like components of classicPhases,
// inside dysts' mean ± classicBox standard deviations (dysts' recorded
// trajectory statistics, Gilpin 2021). Wrapped phases stay in [0, 2π);
// the double pendulum's angles are only required to be finite, and its
// momenta are boxed.
func TestBounded100PeriodsClassic(t *testing.T) {
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			e := dysts.MustGet(name)
			in := mustInfo(t, name)
			sys := mustBuild(t, name, system.Config{})
			n := sys.Dim()
			if len(e.Mean) != n || len(e.Std) != n {
				t.Fatalf("%s: dysts records %d means and %d stds for dimension %d", name, len(e.Mean), len(e.Std), n)
			}
			phase := map[int]bool{}
			for _, i := range classicPhases[name] {
				phase[i] = true
			}
			steps := int(math.Ceil(100 * in.Period / in.DT))
			x := make([]float64, n)
			lo, hi := make([]float64, n), make([]float64, n)
			for j := range lo {
				lo[j], hi[j] = math.Inf(1), math.Inf(-1)
			}
			for k := 0; k < steps; k++ {
				if err := sys.Step(); err != nil {
					t.Fatalf("step %d: %v", k, err)
				}
				sys.State(x)
				if err := system.CheckFinite(name, sys.Time(), x); err != nil {
					t.Fatal(err)
				}
				for j, v := range x {
					lo[j], hi[j] = math.Min(lo[j], v), math.Max(hi[j], v)
				}
			}
			t.Logf("%s: %d samples, ranges lo %.3g hi %.3g", name, steps, lo, hi)
			for j := 0; j < n; j++ {
				switch {
				case phase[j] && name == "DoublePendulum":
					// Unwrapped angle: finite (checked above).
				case phase[j]:
					if lo[j] < 0 || hi[j] >= 2*math.Pi {
						t.Errorf("phase component %d in [%v, %v], want [0, 2π)", j, lo[j], hi[j])
					}
				default:
					m, s := e.Mean[j], e.Std[j]
					if lo[j] < m-classicBox*s || hi[j] > m+classicBox*s {
						t.Errorf("component %d in [%v, %v] leaves dysts' mean %v ± %v·%v", j, lo[j], hi[j], m, classicBox, s)
					}
				}
			}
		})
	}
}
