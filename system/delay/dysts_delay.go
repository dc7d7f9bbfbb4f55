package delay

import (
	"fmt"
	"math"
	"strconv"

	"github.com/emergo/emergo/system"
	"github.com/emergo/emergo/system/dysts"
	"github.com/emergo/emergo/system/ode"
)

// The delay systems of the dysts catalogue besides MackeyGlass. Each is a
// scalar equation with one constant delay τ, integrated like MackeyGlass
// by the method of steps (ode.Delay: RK4 on a grid h = τ/m with Hermite
// interpolation of the stored solution). Like MackeyGlass, the
// observation is x(t) and the initial history on [−τ, 0] interpolates
// dysts' initial-condition samples linearly (dysts' embedding_dimension
// counts those samples; dysts itself starts from the constant history
// x(t ≤ 0) = IC[0] and delay-embeds the output, which emergo leaves to
// the analysis layer).
//
// dysts writes four of these right-hand sides as functions of the delayed
// state x(t−τ) only; the forms below follow dysts exactly.

// IkedaDelay returns the right-hand side of the Ikeda delay equation of a
// passive optical resonator,
//
//	dx/dt = μ sin(x(t−τ) − x₀) − c x(t).
//
// Every solution enters |x| ≤ |μ|/c (c > 0) and stays there, since dx/dt
// has the sign of −x whenever |x| > |μ|/c. With c = 0, μ = 1, x₀ = 0 it is
// Sprott's equation dx/dt = sin(x(t−τ)) (SprottDelay), which is invariant
// under x → x + 2π: its chaotic solutions hop between the 2π-translates of
// the attractor, so x itself is unbounded over long times.
//
// References:
//
//	Ikeda, K. & Matsumoto, K. (1987). High-dimensional chaotic behavior
//	  in systems with time-delayed feedback. Physica D 29, 223-235.
//	Sprott, J. C. (2007). A simple chaotic delay differential equation.
//	  Phys. Lett. A 366, 397-402.
func IkedaDelay(c, mu, x0 float64) ode.DelayFunc {
	return func(dst, x, xd []float64, _ float64) {
		dst[0] = mu*math.Sin(xd[0]-x0) - c*x[0]
	}
}

// VossCubic is the cubic nonlinearity of Voss's electronic delay circuit,
// f(u) = −10.44 u³ − 13.95 u² − 3.63 u + 0.85, a fit to the measured
// transfer characteristic of the circuit (the coefficients are fixed, as
// in dysts).
func VossCubic(u float64) float64 {
	return ((-10.44*u-13.95)*u-3.63)*u + 0.85
}

// VossDelay returns the right-hand side of Voss's delayed-feedback
// electronic circuit,
//
//	dx/dt = −α x(t) + f(x(t−τ)),  f = VossCubic.
//
// References:
//
//	Voss, H. U. (2002). Real-time anticipation of chaotic states of an
//	  electronic circuit. Int. J. Bifurcation Chaos 12(7).
func VossDelay(alpha float64) ode.DelayFunc {
	return func(dst, x, xd []float64, _ float64) {
		dst[0] = -alpha*x[0] + VossCubic(xd[0])
	}
}

// ScrollDelay returns dysts' right-hand side of the delayed-feedback
// oscillator with a sigmoidal (tanh) nonlinearity,
//
//	dx/dt = −α x(t−τ) + β tanh(10 x(t−τ)),
//
// which depends on the delayed state only.
//
// References:
//
//	Driver, R. D. (1977). Ordinary and Delay Differential Equations.
//	  Springer, New York.
func ScrollDelay(alpha, beta float64) ode.DelayFunc {
	return func(dst, _, xd []float64, _ float64) {
		u := xd[0]
		dst[0] = -alpha*u + beta*math.Tanh(10*u)
	}
}

// PiecewiseCircuit returns dysts' right-hand side of the
// Tamaševičius-Mykolaitis-Bumelienė delayed-feedback circuit,
//
//	dx/dt = −α x(t−τ) + β f(x(t−τ)),  f(u) = −(u/c)³ + 3u/c,
//
// which depends on the delayed state only.
//
// References:
//
//	Tamaševičius, A., Mykolaitis, G. & Bumelienė, S. (2006). Electron.
//	  Lett. 42(13) (as cited by dysts).
func PiecewiseCircuit(alpha, beta, c float64) ode.DelayFunc {
	return func(dst, _, xd []float64, _ float64) {
		u := xd[0] / c
		dst[0] = -alpha*xd[0] + beta*(3-u*u)*u
	}
}

// delaySpec is one catalogue delay equation: dysts supplies the parameter
// defaults, the initial history samples, the period and the estimated
// invariants; the entry supplies the equation.
type delaySpec struct {
	name   string
	params []delayParam
	rhs    func(p system.Params) ode.DelayFunc
	// check rejects parameter combinations the equation cannot take.
	check func(p system.Params) error
	// h is the default internal RK4 step (rounded down so that τ/h is an
	// integer).
	h           float64
	citation    string
	description string // appended to dysts' description
}

type delayParam struct {
	name     string
	doc      string
	min, max float64
}

// tauParam documents the delay, shared by every entry.
const tauDoc = "delay τ"

// maxGrid bounds the number of grid steps per delay (memory: two ring
// buffers of that many states).
const maxGrid = 1_000_000

func dystsDelaySpecs() []delaySpec {
	return []delaySpec{
		{
			name: "IkedaDelay",
			params: []delayParam{
				{name: "c", doc: "relaxation rate c of the resonator"},
				{name: "mu", doc: "feedback strength μ (dysts' default −20)"},
				{name: "tau", doc: tauDoc, min: 1e-3, max: 1e4},
				{name: "x0", doc: "phase offset x₀ of the sinusoidal feedback"},
			},
			rhs: func(p system.Params) ode.DelayFunc { return IkedaDelay(p["c"], p["mu"], p["x0"]) },
			// The feedback oscillates at rates up to |μ|: 100 steps per unit
			// time resolve it (see TestDystsDelayStepConvergence).
			h:        0.005,
			citation: "Ikeda, K. & Matsumoto, K. (1987). High-dimensional chaotic behavior in systems with time-delayed feedback. Physica D 29, 223-235.",
			description: "dx/dt = μ sin(x(t−τ) − x₀) − c x(t): the Ikeda delay equation of a passive optical resonator. " +
				"Every solution enters the interval |x| ≤ |μ|/c and stays there.",
		},
		{
			name: "SprottDelay",
			params: []delayParam{
				{name: "c", doc: "linear damping c (0 in Sprott's equation)"},
				{name: "mu", doc: "feedback strength μ"},
				{name: "tau", doc: tauDoc, min: 1e-3, max: 1e4},
				{name: "x0", doc: "phase offset x₀ of the sinusoidal feedback"},
			},
			rhs:      func(p system.Params) ode.DelayFunc { return IkedaDelay(p["c"], p["mu"], p["x0"]) },
			h:        0.01,
			citation: "Sprott, J. C. (2007). A simple chaotic delay differential equation. Phys. Lett. A 366, 397-402.",
			description: "dx/dt = μ sin(x(t−τ) − x₀) − c x(t) with dysts' defaults c = 0, μ = 1, x₀ = 0: Sprott's dx/dt = sin(x(t−τ)), " +
				"the Ikeda equation without damping (dysts implements it as a subclass of IkedaDelay). " +
				"x is unbounded over long times: the equation is invariant under x → x + 2π and its solutions diffuse among the " +
				"2π-translates of the attractor (|dx/dt| ≤ |μ| bounds the drift); sin x, or x modulo 2π, is the stationary observable.",
		},
		{
			name: "VossDelay",
			params: []delayParam{
				{name: "alpha", doc: "relaxation rate α of the circuit"},
				{name: "tau", doc: tauDoc, min: 1e-3, max: 1e4},
			},
			rhs:      func(p system.Params) ode.DelayFunc { return VossDelay(p["alpha"]) },
			h:        0.01,
			citation: "Voss, H. U. (2002). Real-time anticipation of chaotic states of an electronic circuit. Int. J. Bifurcation Chaos 12(7).",
			description: "dx/dt = −α x(t) + f(x(t−τ)), f(u) = −10.44u³ − 13.95u² − 3.63u + 0.85: Voss's delayed-feedback circuit, " +
				"with the cubic fitted to the circuit's transfer function (fixed coefficients, as in dysts).",
		},
		{
			name: "ScrollDelay",
			params: []delayParam{
				{name: "alpha", doc: "strength α of the linear delayed feedback"},
				{name: "beta", doc: "strength β of the tanh(10 x) delayed feedback"},
				{name: "tau", doc: tauDoc, min: 1e-3, max: 1e4},
			},
			rhs:      func(p system.Params) ode.DelayFunc { return ScrollDelay(p["alpha"], p["beta"]) },
			h:        0.02,
			citation: "Driver, R. D. (1977). Ordinary and Delay Differential Equations. Springer, New York.",
			description: "dx/dt = −α x(t−τ) + β tanh(10 x(t−τ)): a delayed-feedback oscillator with a sigmoidal nonlinearity (dysts' form, which " +
				"depends on the delayed state only).",
		},
		{
			name: "PiecewiseCircuit",
			params: []delayParam{
				{name: "alpha", doc: "strength α of the linear delayed feedback"},
				{name: "beta", doc: "strength β of the cubic delayed feedback"},
				{name: "c", doc: "voltage scale c of the cubic f(u) = −(u/c)³ + 3u/c; must not be 0"},
				{name: "tau", doc: tauDoc, min: 1e-3, max: 1e4},
			},
			rhs: func(p system.Params) ode.DelayFunc { return PiecewiseCircuit(p["alpha"], p["beta"], p["c"]) },
			check: func(p system.Params) error {
				if p["c"] == 0 {
					return fmt.Errorf("PiecewiseCircuit: the voltage scale c must not be 0")
				}
				return nil
			},
			h:        0.01,
			citation: "Tamaševičius, A., Mykolaitis, G. & Bumelienė, S. (2006). Electron. Lett. 42(13) (a delayed-feedback chaotic oscillator circuit).",
			description: "dx/dt = −α x(t−τ) + β f(x(t−τ)), f(u) = −(u/c)³ + 3u/c: a delayed-feedback electronic oscillator (dysts' form, which " +
				"depends on the delayed state only).",
		},
	}
}

// hParam is the internal step parameter every entry adds to dysts'.
func hParam(def float64) system.Param {
	return system.Param{Name: "h", Default: def, Min: 1e-5, Max: 10, Doc: "internal RK4 step; rounded down so that τ/h is an integer"}
}

// roundSig3 rounds v to three significant digits.
func roundSig3(v float64) float64 {
	r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 3, 64), 64)
	if err != nil {
		panic(err)
	}
	return r
}

// info assembles the catalogue metadata of s from dysts' entry e. It
// panics on an inconsistent entry, a programming error.
func (s *delaySpec) info(e *dysts.Entry) system.Info {
	seen := map[string]bool{}
	params := make([]system.Param, 0, len(s.params)+1)
	for _, q := range s.params {
		v, ok := e.Param(q.name)
		if !ok {
			panic(fmt.Sprintf("delay: %s: dysts has no scalar parameter %q", s.name, q.name))
		}
		seen[q.name] = true
		params = append(params, system.Param{Name: q.name, Default: v, Min: q.min, Max: q.max, Doc: q.doc})
	}
	for _, k := range e.ParamNames() {
		if !seen[k] {
			panic(fmt.Sprintf("delay: %s: dysts parameter %q has no table entry", s.name, k))
		}
	}
	params = append(params, hParam(s.h))
	if !(e.Period > 0) || !e.Delay {
		panic("delay: " + s.name + ": dysts gives no period or does not mark it a delay system")
	}
	var inv []system.Invariant
	const src = "dysts metadata estimate (Gilpin 2021)"
	if e.MaxLyapunov != 0 {
		inv = append(inv, system.Invariant{Name: "max_lyapunov", Values: []float64{e.MaxLyapunov}, Source: src})
	}
	if e.CorrelationDimension != 0 {
		inv = append(inv, system.Invariant{Name: "correlation_dimension", Values: []float64{e.CorrelationDimension}, Source: src})
	}
	return system.Info{
		Name:     s.name,
		Category: system.CatDelay,
		Dim:      1,
		Params:   params,
		IC:       append([]float64(nil), e.InitialConditions...),
		// dysts samples its trajectories at 100 points per dominant period.
		DT:       roundSig3(e.Period / 100),
		Period:   e.Period,
		Citation: s.citation,
		Description: e.Description + " " + s.description +
			" The observation is x(t); the initial history on [−τ, 0] interpolates dysts' initial-condition samples linearly.",
		Observables: []string{"x"},
		Invariants:  inv,
	}
}

// build constructs the delay system from a validated Config. The initial
// history is c.IC (any number of samples spread uniformly over [−τ, 0]) or
// dysts' samples.
func (s *delaySpec) build(c system.Config, in system.Info) (system.System, error) {
	p := c.Params
	if s.check != nil {
		if err := s.check(p); err != nil {
			return nil, err
		}
	}
	ic := c.IC
	if ic == nil {
		ic = in.IC
	}
	if len(ic) == 0 {
		return nil, fmt.Errorf("%s: empty initial history", s.name)
	}
	tau := p["tau"]
	m := int(math.Ceil(tau/p["h"] - 1e-9))
	if m > maxGrid {
		return nil, fmt.Errorf("%s: tau/h = %d grid steps per delay is too many (max %d)", s.name, m, maxGrid)
	}
	dt := c.DT
	if dt == 0 {
		dt = in.DT
	}
	return ode.NewDelay(s.name, s.rhs(p), 1, tau, m, dt, historyFrom(ic, tau))
}

func init() {
	for _, s := range dystsDelaySpecs() {
		in := s.info(dysts.MustGet(s.name))
		system.Register(system.Entry{Info: in, Build: func(c system.Config) (system.System, error) {
			return s.build(c, in)
		}})
	}
}
