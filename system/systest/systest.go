// Package systest is the conformance suite every emergo System passes:
// metadata consistency, stable dimension, determinism for a seed, finite
// states over a default run, Reset restoring the initial condition and
// replaying bit-identically, allocation-free stepping, and analytic
// Jacobians agreeing with finite differences.
package systest

import (
	"fmt"
	"math"
	"testing"

	"github.com/emergo/emergo/system"
)

// Steps is the length of the default run checked for finite states.
const Steps = 1000

// jacTol is the relative tolerance of analytic against central-difference
// Jacobians (difference step 1e-6 relative: truncation error ~1e-12,
// rounding ~1e-10 relative to the field's scale).
const jacTol = 1e-5

// Run checks the catalogue system of that name built with default
// parameters.
func Run(t *testing.T, name string) {
	t.Helper()
	e, err := system.Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	checkInfo(t, &e.Info)
	build := func(seed uint64) system.System {
		sys, err := e.New(system.Config{Seed: seed})
		if err != nil {
			t.Fatalf("%s: build with defaults: %v", name, err)
		}
		return sys
	}
	if d := build(1).Dim(); d != e.Info.Dim {
		t.Errorf("%s: Info.Dim=%d but the system has Dim()=%d", name, e.Info.Dim, d)
	}
	RunSystem(t, name, build, e.Info.Stochastic)
}

func checkInfo(t *testing.T, in *system.Info) {
	t.Helper()
	if in.Category == "" || in.Citation == "" || in.Description == "" {
		t.Errorf("%s: metadata lacks category, citation or description", in.Name)
	}
	if !(in.DT > 0) {
		t.Errorf("%s: suggested dt %v must be positive", in.Name, in.DT)
	}
	if len(in.Observables) != 0 && len(in.Observables) != in.Dim {
		t.Errorf("%s: %d observable names for dimension %d", in.Name, len(in.Observables), in.Dim)
	}
	for _, p := range in.Params {
		if (p.Min != 0 || p.Max != 0) && (p.Default < p.Min || p.Default > p.Max) {
			t.Errorf("%s: default %s=%v outside its range [%v, %v]", in.Name, p.Name, p.Default, p.Min, p.Max)
		}
	}
}

// RunSystem checks a system produced by build(seed). stochastic says
// whether different seeds must give different trajectories.
func RunSystem(t *testing.T, name string, build func(seed uint64) system.System, stochastic bool) {
	t.Helper()
	a, b := build(7), build(7)
	n := a.Dim()
	if n < 1 {
		t.Fatalf("%s: dimension %d", name, n)
	}
	x0 := a.State(nil)
	t0 := a.Time()
	if len(x0) != n {
		t.Fatalf("%s: State returned %d values for Dim %d", name, len(x0), n)
	}
	// Determinism, stable dimension, finite states.
	xa, xb := make([]float64, n), make([]float64, n)
	first := make([][]float64, 0, 50)
	for i := 0; i < Steps; i++ {
		if err := a.Step(); err != nil {
			t.Fatalf("%s: step %d: %v", name, i, err)
		}
		if err := b.Step(); err != nil {
			t.Fatalf("%s: step %d (second copy): %v", name, i, err)
		}
		if a.Dim() != n {
			t.Fatalf("%s: dimension changed from %d to %d at step %d", name, n, a.Dim(), i)
		}
		if m := len(a.State(nil)); m != n {
			t.Fatalf("%s: State returned %d values for Dim %d at step %d", name, m, n, i)
		}
		a.State(xa)
		b.State(xb)
		if err := system.CheckFinite(name, a.Time(), xa); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for j := range xa {
			if xa[j] != xb[j] && !(math.IsNaN(xa[j]) && math.IsNaN(xb[j])) {
				t.Fatalf("%s: not deterministic: step %d component %d: %v vs %v", name, i, j, xa[j], xb[j])
			}
		}
		if i < 50 {
			first = append(first, append([]float64(nil), xa...))
		}
	}
	if !(a.Time() > t0) {
		t.Errorf("%s: time did not advance (%v → %v)", name, t0, a.Time())
	}
	// Reset restores the initial condition and replays bit-identically.
	if r, ok := a.(system.Resetter); ok {
		r.Reset()
		if a.Time() != t0 {
			t.Errorf("%s: Reset gave time %v, want %v", name, a.Time(), t0)
		}
		if x := a.State(nil); !equal(x, x0) {
			t.Errorf("%s: Reset gave state %v, want %v", name, head(x), head(x0))
		}
		for i := range first {
			if err := a.Step(); err != nil {
				t.Fatalf("%s: after Reset, step %d: %v", name, i, err)
			}
			if x := a.State(xa); !equal(x, first[i]) {
				t.Fatalf("%s: after Reset, step %d differs from the first run: %v vs %v", name, i, head(x), head(first[i]))
			}
		}
	} else {
		t.Errorf("%s: does not implement system.Resetter", name)
	}
	// Different seeds give different paths for random systems.
	if stochastic {
		c, d := build(1), build(2)
		differ := false
		for i := 0; i < 200 && !differ; i++ {
			c.Step()
			d.Step()
			differ = !equal(c.State(xa), d.State(xb))
		}
		if !differ {
			t.Errorf("%s: seeds 1 and 2 give identical paths over 200 steps", name)
		}
	}
	// Allocation-free State and Step.
	if allocs := testing.AllocsPerRun(20, func() { a.State(xa) }); allocs > 0 {
		t.Errorf("%s: State(dst) allocates %.1f times per call", name, allocs)
	}
	if allocs := testing.AllocsPerRun(20, func() { _ = a.Step() }); allocs > 0 {
		t.Errorf("%s: Step allocates %.1f times per call", name, allocs)
	}
	// SetState round trip.
	if s, ok := a.(system.Setter); ok {
		x := a.State(nil)
		s.SetState(x)
		if y := a.State(nil); !equal(x, y) {
			t.Errorf("%s: SetState/State round trip changed the state", name)
		}
	}
	checkJacobian(t, name, a)
}

type analytic interface{ AnalyticJacobian() bool }

func checkJacobian(t *testing.T, name string, sys system.System) {
	t.Helper()
	jac, ok := sys.(system.Jacobianer)
	if !ok {
		return
	}
	if a, ok := sys.(analytic); ok && !a.AnalyticJacobian() {
		return
	}
	fd, ok := sys.(system.Field)
	if !ok {
		t.Errorf("%s: has a Jacobian but no Field to check it against", name)
		return
	}
	n := sys.Dim()
	J, F := make([]float64, n*n), make([]float64, n*n)
	diff := system.NewFiniteDiff(n, fd.Eval)
	x := make([]float64, n)
	for k := 0; k < 5; k++ {
		for i := 0; i < 7; i++ {
			_ = sys.Step()
		}
		sys.State(x)
		tt := sys.Time()
		jac.Jacobian(J, x, tt)
		diff.Jacobian(F, x, tt)
		var scale float64
		for _, v := range F {
			scale = math.Max(scale, math.Abs(v))
		}
		for i := range J {
			if d := math.Abs(J[i] - F[i]); d > jacTol*math.Max(1, scale) {
				t.Errorf("%s: Jacobian[%d,%d] = %.10g, finite differences %.10g at x=%v t=%v",
					name, i/n, i%n, J[i], F[i], head(x), tt)
				return
			}
		}
	}
}

func equal(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] && !(math.IsNaN(a[i]) && math.IsNaN(b[i])) {
			return false
		}
	}
	return true
}

func head(x []float64) string {
	if len(x) > 6 {
		return fmt.Sprintf("%v...(%d)", x[:6], len(x))
	}
	return fmt.Sprint(x)
}
