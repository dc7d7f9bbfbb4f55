package system

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

// System is a dynamical system advanced in discrete sampling steps.
type System interface {
	// Dim is the length of the observation vector. It never changes.
	Dim() int
	// State writes the current observation into dst and returns it.
	// A nil or short dst is replaced by a new slice.
	State(dst []float64) []float64
	// Time is the current time in model units (iterations for maps).
	Time() float64
	// Step advances the system by one sampling interval.
	Step() error
}

// Setter is implemented by systems whose full state is the observation
// vector, so it can be overwritten (flows, maps, PDEs).
type Setter interface {
	SetState(x []float64)
}

// TimeSetter is implemented by systems whose clock can be set, which
// non-autonomous flows need to restart a trajectory at a given time.
type TimeSetter interface {
	SetTime(t float64)
}

// Resetter is implemented by systems that can return to their initial
// condition, time zero and (for random systems) their seeded random stream.
type Resetter interface {
	Reset()
}

// Field is implemented by systems defined by a deterministic rule: for
// flows the vector field dx/dt = f(x, t); for maps the update x' = f(x, t).
type Field interface {
	Eval(dst, x []float64, t float64)
}

// Jacobianer is implemented by systems with an analytic Jacobian of their
// Field: dst[i*n+j] = ∂f_i/∂x_j at (x, t), row-major n×n.
type Jacobianer interface {
	Jacobian(dst, x []float64, t float64)
}

// Discrete is implemented by maps and other discrete-time systems; a
// system that does not implement it is taken to be continuous when it
// implements Field.
type Discrete interface {
	IsDiscrete() bool
}

// Sampler is implemented by flows whose sampling interval can be read.
type Sampler interface {
	DT() float64
}

// IsDiscrete reports whether sys is a discrete-time system.
func IsDiscrete(sys System) bool {
	if d, ok := sys.(Discrete); ok {
		return d.IsDiscrete()
	}
	return false
}

// Event is one avalanche-like event emitted by a lattice model: a toppling
// cascade, a fire or an earthquake.
type Event struct {
	Time     float64 // time step at which the event started
	Size     float64 // total activity (topplings, trees burnt, stress released)
	Duration float64 // number of parallel update rounds
	Area     float64 // number of distinct sites involved
}

// EventSource is implemented by models that record discrete events such as
// avalanches. Events returns the events recorded since the last call and
// clears the buffer.
type EventSource interface {
	Events() []Event
}

// ErrDiverged is wrapped by errors reporting a state that became
// non-finite or left every reasonable bound.
var ErrDiverged = errors.New("simulation diverged")

// DivergedError names the time and state at which a simulation diverged.
type DivergedError struct {
	System string
	Time   float64
	State  []float64
	Reason string
}

func (e *DivergedError) Error() string {
	name := e.System
	if name == "" {
		name = "system"
	}
	st := e.State
	more := ""
	if len(st) > 8 {
		st, more = st[:8], fmt.Sprintf(" ... (%d values)", len(e.State))
	}
	r := e.Reason
	if r == "" {
		r = "state is not finite"
	}
	return fmt.Sprintf("%s diverged at t=%g: %s; state %v%s", name, e.Time, r, fmtVec(st), more)
}

func (e *DivergedError) Unwrap() error { return ErrDiverged }

func fmtVec(x []float64) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, v := range x {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%.6g", v)
	}
	b.WriteByte(']')
	return b.String()
}

// Bound is the magnitude above which a state is treated as diverged.
const Bound = 1e12

// CheckFinite returns a *DivergedError when x has a NaN, an infinity or a
// component larger in magnitude than Bound.
func CheckFinite(name string, t float64, x []float64) error {
	for _, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return &DivergedError{System: name, Time: t, State: append([]float64(nil), x...)}
		}
		if math.Abs(v) > Bound {
			return &DivergedError{System: name, Time: t, State: append([]float64(nil), x...),
				Reason: fmt.Sprintf("a component exceeds %g in magnitude", Bound)}
		}
	}
	return nil
}
