// Package delay registers delay-differential systems with one constant
// delay, integrated by the method of steps (package ode): Mackey-Glass
// and dysts' other delay systems (IkedaDelay, PiecewiseCircuit,
// ScrollDelay, SprottDelay, VossDelay). The observation is x(t); the
// initial history on [−τ, 0] interpolates dysts' initial-condition
// samples linearly.
//
// References:
//
//	Mackey, M. C. & Glass, L. (1977). Oscillation and chaos in
//	  physiological control systems. Science 197, 287-289.
//	Farmer, J. D. (1982). Chaotic attractors of an infinite-dimensional
//	  dynamical system. Physica D 4, 366-393.
package delay

import (
	"fmt"
	"math"

	"github.com/emergo/emergo/system"
	"github.com/emergo/emergo/system/dysts"
	"github.com/emergo/emergo/system/ode"
)

// MackeyGlass returns the right-hand side of
//
//	dx/dt = β x(t−τ) / (1 + x(t−τ)^n) − γ x(t).
func MackeyGlass(beta, gamma, n float64) ode.DelayFunc {
	return func(dst, x, xd []float64, _ float64) {
		d := xd[0]
		dst[0] = beta*d/(1+math.Pow(math.Abs(d), n)) - gamma*x[0]
	}
}

// historyFrom spreads samples uniformly over [−τ, 0] (the last one at 0)
// and interpolates linearly between them.
func historyFrom(samples []float64, tau float64) ode.History {
	s := append([]float64(nil), samples...)
	return func(dst []float64, t float64) {
		if len(s) == 1 {
			dst[0] = s[0]
			return
		}
		u := (t + tau) / tau * float64(len(s)-1)
		if u <= 0 {
			dst[0] = s[0]
			return
		}
		i := int(u)
		if i >= len(s)-1 {
			dst[0] = s[len(s)-1]
			return
		}
		fr := u - float64(i)
		dst[0] = s[i]*(1-fr) + s[i+1]*fr
	}
}

func init() {
	e := dysts.MustGet("MackeyGlass")
	par := func(name string) float64 {
		v, ok := e.Param(name)
		if !ok {
			panic("delay: dysts MackeyGlass lacks " + name)
		}
		return v
	}
	inv := []system.Invariant{
		{Name: "max_lyapunov", Values: []float64{e.MaxLyapunov}, Source: "dysts metadata estimate (Gilpin 2021)"},
		{Name: "correlation_dimension", Values: []float64{e.CorrelationDimension}, Source: "dysts metadata estimate (Gilpin 2021)"},
	}
	system.Register(system.Entry{
		Info: system.Info{
			Name:     "MackeyGlass",
			Category: system.CatDelay,
			Dim:      1,
			Params: []system.Param{
				{Name: "beta", Default: par("beta"), Min: 0, Max: 100, Doc: "production rate β"},
				{Name: "gamma", Default: par("gamma"), Min: 0, Max: 100, Doc: "decay rate γ"},
				{Name: "n", Default: par("n"), Min: 0, Max: 100, Doc: "Hill exponent of the feedback"},
				{Name: "tau", Default: par("tau"), Min: 1e-3, Max: 1e4, Doc: "delay τ (dysts' default 16; the classic chaotic benchmark uses 17)"},
				{Name: "h", Default: 0.02, Min: 1e-5, Max: 10, Doc: "internal RK4 step; rounded so that τ/h is an integer"},
			},
			IC:          e.InitialConditions,
			DT:          1,
			Period:      e.Period,
			Citation:    "Mackey, M. C. & Glass, L. (1977). Oscillation and chaos in physiological control systems. Science 197, 287-289.",
			Description: e.Description + " The observation is x(t); the initial history on [−τ, 0] interpolates dysts' initial-condition samples linearly.",
			Observables: []string{"x"},
			Invariants:  inv,
		},
		Build: func(c system.Config) (system.System, error) {
			p := c.Params
			ic := c.IC
			if ic == nil {
				ic = e.InitialConditions
			}
			if len(ic) == 0 {
				return nil, fmt.Errorf("MackeyGlass: empty initial history")
			}
			m := int(math.Ceil(p["tau"]/p["h"] - 1e-9))
			if m > 1_000_000 {
				return nil, fmt.Errorf("MackeyGlass: tau/h = %d grid steps per delay is too many (max 1e6)", m)
			}
			dt := c.DT
			if dt == 0 {
				dt = 1
			}
			return ode.NewDelay("MackeyGlass", MackeyGlass(p["beta"], p["gamma"], p["n"]), 1, p["tau"], m, dt, historyFrom(ic, p["tau"]))
		},
	})
}
