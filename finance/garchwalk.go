package finance

import (
	"context"
	"fmt"
	"math"
)

// Defaults of the walk-forward drivers.
const (
	DefaultWindow = 1000
	DefaultRefit  = 20
)

// GARCHWalkOptions controls GARCHWalkForward. The zero value refits a
// normal GARCH(1,1) every 20 days on the trailing 1000 days and
// forecasts from day 1000 on.
type GARCHWalkOptions struct {
	// GARCH configures each fit (its Init is ignored: each refit starts
	// from the previous estimate).
	GARCH GARCHOptions
	// Window is the length of the trailing estimation window (0:
	// DefaultWindow).
	Window int
	// Expanding estimates on all of r[:t0] instead of a trailing window.
	Expanding bool
	// Refit is the number of days between refits (0: DefaultRefit).
	Refit int
	// Start is the first forecast day (0: Window); it must be at least
	// 50 so that the first fit has data.
	Start int
}

// GARCHRefit records one refit of a walk-forward run.
type GARCHRefit struct {
	// Day t0 of the refit: the fit used r[From:Day] and its parameters
	// forecast days Day..Day+Refit−1.
	Day, From int
	Params    GARCHParams
	Converged bool
}

// GARCHWalkForward produces one-step GARCH(1,1) volatility forecasts of
// r with periodic re-estimation and no look-ahead. At each refit day
// t0 = Start, Start+Refit, ... the model is fitted (FitGARCH, warm-started
// from the previous estimate) on r[t0−Window:t0] (or r[:t0]); the
// forecast for each day t in [t0, t0+Refit) is then the conditional
// variance σ_t² of the filter run with those parameters over
// r[t0−Window:t], started from the window's sample variance. Every
// forecast of day t thus depends on r[:t] only. The result has Mu
// (the fitted mean, 0 unless opt.GARCH.Mean), Sigma and, for Student-t
// fits, Nu. It stops with ctx.Err() when ctx is cancelled.
func GARCHWalkForward(ctx context.Context, r []float64, opt *GARCHWalkOptions) (*VolForecast, error) {
	var o GARCHWalkOptions
	if opt != nil {
		o = *opt
	}
	const fn = "GARCHWalkForward"
	if o.Window == 0 {
		o.Window = DefaultWindow
	}
	if o.Refit == 0 {
		o.Refit = DefaultRefit
	}
	if o.Start == 0 {
		o.Start = o.Window
	}
	if o.Window < 50 || o.Refit < 1 || o.Start < 50 {
		return nil, fmt.Errorf("finance: %s: window %d (≥ 50), refit interval %d (≥ 1) and start %d (≥ 50) out of range", fn, o.Window, o.Refit, o.Start)
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
	v := &VolForecast{Start: o.Start, Mu: make([]float64, m), Sigma: make([]float64, m)}
	if o.GARCH.StudentT {
		v.Nu = make([]float64, m)
	}
	var prev *GARCHParams
	for t0 := o.Start; t0 < n; t0 += o.Refit {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		lo := 0
		if !o.Expanding {
			lo = t0 - o.Window
		}
		go1 := o.GARCH
		go1.Init = prev
		fit, err := FitGARCH(r[lo:t0], &go1)
		if err != nil && prev != nil {
			go1.Init = nil
			fit, err = FitGARCH(r[lo:t0], &go1)
		}
		if err != nil {
			return nil, fmt.Errorf("finance: %s: refit on days %d..%d: %w", fn, lo, t0-1, err)
		}
		p := fit.Params
		prev = &p
		v.Refits = append(v.Refits, GARCHRefit{Day: t0, From: lo, Params: p, Converged: fit.Converged})
		t1 := min(t0+o.Refit, n)
		s2 := p.Filter(r[lo:t1-1], fit.Sigma2Init) // s2[t−lo] = σ_t², t = lo..t1−1
		for t := t0; t < t1; t++ {
			i := t - o.Start
			v.Sigma[i] = math.Sqrt(s2[t-lo])
			v.Mu[i] = p.Mu
			if v.Nu != nil {
				v.Nu[i] = p.Nu
			}
		}
	}
	return v, nil
}
