package finance

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/emergo/emergo/forecast"
)

// ErrLookahead reports a forecast or decision that used data from the
// day it forecasts or later.
var ErrLookahead = errors.New("look-ahead: a forecast or decision used future data")

// Forecasts are one-step forecasts of a return series: Pred[i] is the
// forecast of r[Start+i], and Used[i] the number of leading observations
// r[:Used[i]] the model was given for it. A forecast without look-ahead
// has Used[i] ≤ Start+i; DecisionsFromForecasts checks this.
type Forecasts struct {
	Model string
	Start int
	Pred  []float64
	Used  []int
	// Refits are the days t0 at which the model was refitted (on days
	// before t0 only).
	Refits []int
}

// Len is the number of forecast days.
func (f *Forecasts) Len() int { return len(f.Pred) }

// Factory builds a fresh, untrained model; WalkForward calls it at every
// refit so that no state carries over.
type Factory func() (forecast.Forecaster, error)

// ModelFactory returns a Factory for the registered forecast model name
// with the given spec (forecast.New).
func ModelFactory(name string, spec forecast.Spec) Factory {
	return func() (forecast.Forecaster, error) { return forecast.New(name, spec) }
}

// WalkForwardOptions controls WalkForward. The zero value refits every
// 20 days on the trailing 1000 days and forecasts from day 1000 on.
type WalkForwardOptions struct {
	// Window is the length of the trailing training window (0:
	// DefaultWindow).
	Window int
	// Expanding trains on all of r[:t0] instead of a trailing window.
	Expanding bool
	// Refit is the number of days between refits (0: DefaultRefit).
	Refit int
	// Start is the first forecast day (0: Window).
	Start int
}

// WalkForward produces one-step forecasts of the return series r with
// models from factory, refitted periodically with no look-ahead. At each
// refit day t0 = Start, Start+Refit, ... a fresh model is fitted on a copy
// of r[t0−Window:t0] (or r[:t0]) as a one-column forecast.Block; for each
// day t in [t0, t0+Refit) it then predicts r[t] from a copy of the
// context r[t−ContextLen:t]. The model never holds a slice of r, so it
// cannot read beyond what it was given; Used[i] records t. It stops with
// ctx.Err() when ctx is cancelled.
func WalkForward(ctx context.Context, r []float64, factory Factory, opt *WalkForwardOptions) (*Forecasts, error) {
	var o WalkForwardOptions
	if opt != nil {
		o = *opt
	}
	const fn = "WalkForward"
	if o.Window == 0 {
		o.Window = DefaultWindow
	}
	if o.Refit == 0 {
		o.Refit = DefaultRefit
	}
	if o.Start == 0 {
		o.Start = o.Window
	}
	if o.Window < 2 || o.Refit < 1 || o.Start < 2 {
		return nil, fmt.Errorf("finance: %s: window %d (≥ 2), refit interval %d (≥ 1) and start %d (≥ 2) out of range", fn, o.Window, o.Refit, o.Start)
	}
	if !o.Expanding && o.Start < o.Window {
		return nil, fmt.Errorf("finance: %s: start day %d is before the end of the first window of %d days", fn, o.Start, o.Window)
	}
	n := len(r)
	if n <= o.Start {
		return nil, fmt.Errorf("finance: %s: %d returns leave no day to forecast from day %d: %w", fn, n, o.Start, ErrTooShort)
	}
	if err := checkFinite(fn, "r", r); err != nil {
		return nil, err
	}
	m := n - o.Start
	fc := &Forecasts{Start: o.Start, Pred: make([]float64, m), Used: make([]int, m)}
	for t0 := o.Start; t0 < n; t0 += o.Refit {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		lo := 0
		if !o.Expanding {
			lo = t0 - o.Window
		}
		model, err := factory()
		if err != nil {
			return nil, fmt.Errorf("finance: %s: building the model: %w", fn, err)
		}
		fc.Model = model.Name()
		train := forecast.NewBlock(append([]float64(nil), r[lo:t0]...), 1)
		if err := model.Fit(ctx, train, nil); err != nil {
			return nil, fmt.Errorf("finance: %s: %s fit on days %d..%d: %w", fn, model.Name(), lo, t0-1, err)
		}
		fc.Refits = append(fc.Refits, t0)
		c := model.ContextLen()
		if c < 1 || c > t0 {
			return nil, fmt.Errorf("finance: %s: %s needs a context of %d days, but only %d precede day %d", fn, model.Name(), c, t0, t0)
		}
		buf := make([]float64, c)
		for t := t0; t < min(t0+o.Refit, n); t++ {
			copy(buf, r[t-c:t])
			p, err := model.Predict(forecast.NewBlock(buf, 1), 1)
			if err != nil {
				return nil, fmt.Errorf("finance: %s: %s forecast of day %d: %w", fn, model.Name(), t, err)
			}
			if p.Rows < 1 || p.Dim != 1 || math.IsNaN(p.X[0]) || math.IsInf(p.X[0], 0) {
				return nil, fmt.Errorf("finance: %s: %s forecast of day %d is not one finite value (%d×%d block)", fn, model.Name(), t, p.Rows, p.Dim)
			}
			fc.Pred[t-o.Start] = p.X[0]
			fc.Used[t-o.Start] = t
		}
	}
	return fc, nil
}

// CheckCausal tests that a decision rule uses no future data. decide maps
// a return series to one decision per day, decision t being the position
// taken at the close of day t, which may depend on r[:t+1] only. For each
// cut c it recomputes the decisions on a copy of r whose days after c are
// altered (r'_t = 0.005 − 3 r_t for t > c) and reports an error wrapping
// ErrLookahead, naming the first decision t ≤ c that changed. Cuts
// outside [0, len(r)−2] are rejected.
func CheckCausal(r []float64, decide func(r []float64) ([]float64, error), cuts []int) error {
	base, err := decide(append([]float64(nil), r...))
	if err != nil {
		return fmt.Errorf("finance: CheckCausal: %w", err)
	}
	if len(base) != len(r) {
		return fmt.Errorf("finance: CheckCausal: %d decisions for %d days", len(base), len(r))
	}
	for _, c := range cuts {
		if c < 0 || c > len(r)-2 {
			return fmt.Errorf("finance: CheckCausal: cut %d outside [0, %d]", c, len(r)-2)
		}
		alt := append([]float64(nil), r...)
		for t := c + 1; t < len(alt); t++ {
			alt[t] = 0.005 - 3*alt[t]
		}
		d, err := decide(alt)
		if err != nil {
			return fmt.Errorf("finance: CheckCausal: cut %d: %w", c, err)
		}
		if len(d) != len(r) {
			return fmt.Errorf("finance: CheckCausal: %d decisions for %d days", len(d), len(r))
		}
		for t := 0; t <= c; t++ {
			if d[t] != base[t] && !(math.IsNaN(d[t]) && math.IsNaN(base[t])) {
				return fmt.Errorf("finance: CheckCausal: the decision of day %d changed from %v to %v when days after %d were altered: %w", t, base[t], d[t], c, ErrLookahead)
			}
		}
	}
	return nil
}
