package ode

import (
	"fmt"
	"math"
	"strings"

	"github.com/emergo/emergo/system"
)

// Options selects and tunes the integrator of a flow. The zero value
// (or nil) means DOPRI5 with rtol = atol = 1e-9.
type Options struct {
	// Method is "dopri5" (default) or "rk4".
	Method string
	// RTol and ATol are DOPRI5's tolerances (0: DefaultTol).
	RTol, ATol float64
	// H is the RK4 step (0: the sampling interval divided by 10).
	H float64
	// HMax caps DOPRI5's step (0: unbounded).
	HMax float64
}

// DefaultTol is the default relative and absolute tolerance of DOPRI5.
const DefaultTol = 1e-9

func newSolver(f Func, n int, dt float64, opt *Options) (Solver, error) {
	var o Options
	if opt != nil {
		o = *opt
	}
	switch strings.ToLower(o.Method) {
	case "", "dopri5", "rk45", "dp5":
		rt, at := o.RTol, o.ATol
		if rt == 0 {
			rt = DefaultTol
		}
		if at == 0 {
			at = rt
		}
		if rt < 0 || at < 0 || math.IsNaN(rt) || math.IsNaN(at) {
			return nil, fmt.Errorf("ode: tolerances must be positive (rtol=%g atol=%g)", rt, at)
		}
		s := NewDOPRI5(f, n, rt, at)
		s.HMax = o.HMax
		return s, nil
	case "rk4":
		h := o.H
		if h == 0 {
			h = dt / 10
		}
		if h <= 0 || math.IsNaN(h) || math.IsInf(h, 0) {
			return nil, fmt.Errorf("ode: RK4 step must be positive, got %g", h)
		}
		return NewRK4(f, n, h), nil
	default:
		return nil, fmt.Errorf("ode: unknown integration method %q (use dopri5 or rk4)", o.Method)
	}
}

// Flow is a continuous-time system dx/dt = f(x, t) sampled every DT. It
// implements system.System, Setter, TimeSetter, Resetter, Field,
// Jacobianer (analytic when given, else central finite differences) and
// Sampler.
type Flow struct {
	name string
	f    Func
	jac  system.JacFunc
	fd   *system.FiniteDiff
	sol  Solver
	dt   float64
	x0   []float64
	x    []float64
	t0   float64
	k    int64 // samples taken since t0
}

// NewFlow returns a flow with vector field f, optional analytic Jacobian
// jac, initial condition x0 (copied) at time 0 and sampling interval dt.
func NewFlow(name string, f Func, jac system.JacFunc, x0 []float64, dt float64, opt *Options) (*Flow, error) {
	if len(x0) == 0 {
		return nil, fmt.Errorf("%s: empty initial condition", name)
	}
	if !(dt > 0) || math.IsInf(dt, 0) {
		return nil, fmt.Errorf("%s: sampling dt must be positive and finite, got %g", name, dt)
	}
	n := len(x0)
	sol, err := newSolver(f, n, dt, opt)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	fl := &Flow{name: name, f: f, jac: jac, sol: sol, dt: dt,
		x0: append([]float64(nil), x0...), x: append([]float64(nil), x0...)}
	if jac == nil {
		fl.fd = system.NewFiniteDiff(n, func(dst, x []float64, t float64) { f(dst, x, t) })
	}
	sol.Reset(fl.x, 0)
	return fl, nil
}

func (fl *Flow) Name() string           { return fl.name }
func (fl *Flow) Dim() int               { return len(fl.x) }
func (fl *Flow) DT() float64            { return fl.dt }
func (fl *Flow) Time() float64          { return fl.t0 + float64(fl.k)*fl.dt }
func (fl *Flow) AnalyticJacobian() bool { return fl.jac != nil }

// Solver exposes the integrator (for step counts).
func (fl *Flow) Solver() Solver { return fl.sol }

func (fl *Flow) State(dst []float64) []float64 {
	if len(dst) < len(fl.x) {
		dst = make([]float64, len(fl.x))
	}
	copy(dst, fl.x)
	return dst[:len(fl.x)]
}

// SetState restarts integration from x at the current time.
func (fl *Flow) SetState(x []float64) {
	if len(x) != len(fl.x) {
		panic(fmt.Sprintf("ode: %s SetState with %d values, want %d", fl.name, len(x), len(fl.x)))
	}
	copy(fl.x, x)
	t := fl.Time()
	fl.t0, fl.k = t, 0
	fl.sol.Reset(fl.x, t)
}

// SetTime restarts integration from the current state at time t.
func (fl *Flow) SetTime(t float64) {
	fl.t0, fl.k = t, 0
	fl.sol.Reset(fl.x, t)
}

// Reset returns to the initial condition at time 0.
func (fl *Flow) Reset() {
	copy(fl.x, fl.x0)
	fl.t0, fl.k = 0, 0
	fl.sol.Reset(fl.x, 0)
}

// Step integrates over one sampling interval.
func (fl *Flow) Step() error {
	target := fl.t0 + float64(fl.k+1)*fl.dt
	if err := fl.sol.AdvanceTo(fl.x, target); err != nil {
		return &system.DivergedError{System: fl.name, Time: fl.Time(), State: append([]float64(nil), fl.x...), Reason: err.Error()}
	}
	fl.k++
	for _, v := range fl.x {
		if v-v != 0 {
			return system.CheckFinite(fl.name, fl.Time(), fl.x)
		}
	}
	return nil
}

// Eval evaluates the vector field.
func (fl *Flow) Eval(dst, x []float64, t float64) { fl.f(dst, x, t) }

// Jacobian evaluates ∂f/∂x, analytically when available.
func (fl *Flow) Jacobian(dst, x []float64, t float64) {
	if fl.jac != nil {
		fl.jac(dst, x, t)
		return
	}
	fl.fd.Jacobian(dst, x, t)
}
