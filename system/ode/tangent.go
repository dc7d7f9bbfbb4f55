package ode

import (
	"fmt"
	"math"

	"github.com/emergo/emergo/system"
)

// Tangent integrates a flow together with k deviation vectors of its
// linearisation: dx/dt = f(x, t), dQ/dt = J(x, t) Q, where Q is n×k
// (Benettin et al. 1980). J Q uses the analytic Jacobian when given;
// otherwise directional central differences J q ≈ (f(x+εq) − f(x−εq))/2ε,
// 2k extra field evaluations per stage.
//
// Tangent is itself a system.System whose observation is x; Deviations
// and SetDeviations read and write Q (row-major n×k), which Lyapunov
// estimators re-orthonormalise between steps.
type Tangent struct {
	name       string
	n, k       int
	f          Func
	jac        system.JacFunc
	sol        Solver
	dt         float64
	y          []float64 // [x, Q]
	y0         []float64
	J          []float64
	xp, fp, fm []float64
	t0         float64
	steps      int64
}

// NewTangent returns a tangent integrator with initial state x0 and Q0 =
// the first k columns of the identity.
func NewTangent(name string, f Func, jac system.JacFunc, x0 []float64, k int, dt float64, opt *Options) (*Tangent, error) {
	n := len(x0)
	if k < 1 || k > n {
		return nil, fmt.Errorf("%s: number of deviation vectors k=%d must be in [1, %d]", name, k, n)
	}
	if !(dt > 0) || math.IsInf(dt, 0) {
		return nil, fmt.Errorf("%s: sampling dt must be positive and finite, got %g", name, dt)
	}
	tg := &Tangent{name: name, n: n, k: k, f: f, jac: jac, dt: dt,
		y: make([]float64, n+n*k), J: make([]float64, n*n),
		xp: make([]float64, n), fp: make([]float64, n), fm: make([]float64, n)}
	copy(tg.y, x0)
	for i := 0; i < k; i++ {
		tg.y[n+i*k+i] = 1
	}
	tg.y0 = append([]float64(nil), tg.y...)
	sol, err := newSolver(tg.field, n+n*k, dt, opt)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	tg.sol = sol
	sol.Reset(tg.y, 0)
	return tg, nil
}

// NewTangentOf builds a tangent integrator for any continuous-time
// system that implements system.Field, starting from its current state
// and time. Its analytic Jacobian is used when it has one. dt ≤ 0 takes
// the system's own sampling interval (system.Sampler).
func NewTangentOf(sys system.System, k int, dt float64, opt *Options) (*Tangent, error) {
	fd, ok := sys.(system.Field)
	if !ok {
		return nil, fmt.Errorf("tangent: %T has no vector field (system.Field)", sys)
	}
	if system.IsDiscrete(sys) {
		return nil, fmt.Errorf("tangent: %T is a map; use system.NewMapTangent", sys)
	}
	var jac system.JacFunc
	if j, ok := sys.(system.Jacobianer); ok {
		if a, ok := sys.(interface{ AnalyticJacobian() bool }); !ok || a.AnalyticJacobian() {
			jac = j.Jacobian
		}
	}
	if dt <= 0 {
		if s, ok := sys.(system.Sampler); ok {
			dt = s.DT()
		} else {
			return nil, fmt.Errorf("tangent: no sampling interval given and %T does not report one", sys)
		}
	}
	name := fmt.Sprintf("%T", sys)
	if nm, ok := sys.(interface{ Name() string }); ok {
		name = nm.Name()
	}
	tg, err := NewTangent(name, fd.Eval, jac, sys.State(nil), k, dt, opt)
	if err != nil {
		return nil, err
	}
	tg.SetTime(sys.Time())
	return tg, nil
}

func (tg *Tangent) field(dst, y []float64, t float64) {
	n, k := tg.n, tg.k
	x := y[:n]
	tg.f(dst[:n], x, t)
	q, dq := y[n:], dst[n:]
	if tg.jac != nil {
		tg.jac(tg.J, x, t)
		for i := 0; i < n; i++ {
			row := tg.J[i*n : (i+1)*n]
			for c := 0; c < k; c++ {
				var s float64
				for j := 0; j < n; j++ {
					s += row[j] * q[j*k+c]
				}
				dq[i*k+c] = s
			}
		}
		return
	}
	for c := 0; c < k; c++ {
		var qn float64
		for j := 0; j < n; j++ {
			qn += q[j*k+c] * q[j*k+c]
		}
		qn = math.Sqrt(qn)
		if qn == 0 {
			for i := 0; i < n; i++ {
				dq[i*k+c] = 0
			}
			continue
		}
		var xn float64
		for j := 0; j < n; j++ {
			xn = math.Max(xn, math.Abs(x[j]))
		}
		eps := 1e-7 * math.Max(1, xn) / qn
		for j := 0; j < n; j++ {
			tg.xp[j] = x[j] + eps*q[j*k+c]
		}
		tg.f(tg.fp, tg.xp, t)
		for j := 0; j < n; j++ {
			tg.xp[j] = x[j] - eps*q[j*k+c]
		}
		tg.f(tg.fm, tg.xp, t)
		for i := 0; i < n; i++ {
			dq[i*k+c] = (tg.fp[i] - tg.fm[i]) / (2 * eps)
		}
	}
}

func (tg *Tangent) Name() string  { return tg.name + "/tangent" }
func (tg *Tangent) Dim() int      { return tg.n }
func (tg *Tangent) K() int        { return tg.k }
func (tg *Tangent) DT() float64   { return tg.dt }
func (tg *Tangent) Time() float64 { return tg.t0 + float64(tg.steps)*tg.dt }

func (tg *Tangent) State(dst []float64) []float64 {
	if len(dst) < tg.n {
		dst = make([]float64, tg.n)
	}
	copy(dst, tg.y[:tg.n])
	return dst[:tg.n]
}

// Deviations copies Q (row-major n×k) into dst.
func (tg *Tangent) Deviations(dst []float64) []float64 {
	m := tg.n * tg.k
	if len(dst) < m {
		dst = make([]float64, m)
	}
	copy(dst, tg.y[tg.n:])
	return dst[:m]
}

// SetDeviations overwrites Q and restarts integration at the current time.
func (tg *Tangent) SetDeviations(q []float64) {
	if len(q) != tg.n*tg.k {
		panic(fmt.Sprintf("ode: SetDeviations with %d values, want %d", len(q), tg.n*tg.k))
	}
	copy(tg.y[tg.n:], q)
	tg.restart()
}

// SetState overwrites x and restarts integration at the current time.
func (tg *Tangent) SetState(x []float64) {
	if len(x) != tg.n {
		panic(fmt.Sprintf("ode: SetState with %d values, want %d", len(x), tg.n))
	}
	copy(tg.y[:tg.n], x)
	tg.restart()
}

// SetTime restarts integration at time t.
func (tg *Tangent) SetTime(t float64) {
	tg.t0, tg.steps = t, 0
	tg.sol.Reset(tg.y, t)
}

func (tg *Tangent) restart() {
	t := tg.Time()
	tg.t0, tg.steps = t, 0
	tg.sol.Reset(tg.y, t)
}

// Reset restores the initial state, Q0 = identity columns and time 0.
func (tg *Tangent) Reset() {
	copy(tg.y, tg.y0)
	tg.t0, tg.steps = 0, 0
	tg.sol.Reset(tg.y, 0)
}

// Step integrates state and deviations over one sampling interval.
func (tg *Tangent) Step() error {
	target := tg.t0 + float64(tg.steps+1)*tg.dt
	if err := tg.sol.AdvanceTo(tg.y, target); err != nil {
		return &system.DivergedError{System: tg.name, Time: tg.Time(), State: append([]float64(nil), tg.y[:tg.n]...), Reason: err.Error()}
	}
	tg.steps++
	return system.CheckFinite(tg.name, tg.Time(), tg.y[:tg.n])
}
