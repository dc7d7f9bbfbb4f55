package finance

import (
	"context"
	"fmt"
	"slices"

	"github.com/emergo/emergo/system"
	// The market models (LuxMarchesi, ContBouchaud, GARCH) register
	// themselves in the system catalogue.
	_ "github.com/emergo/emergo/system/market"
)

// ReturnObservables are the observable names SimulateReturns recognises
// as a return column, in order of preference.
var ReturnObservables = []string{"log_return", "return", "r"}

// SimulateOptions controls SimulateReturns. The zero value uses the
// catalogue defaults, seed 0, no transient and the first observable
// named in ReturnObservables.
type SimulateOptions struct {
	// Params override the catalogue defaults (nil: defaults).
	Params system.Params
	Seed   uint64
	// Transient steps are taken and discarded first (the Lux-Marchesi
	// market starts at its fundamental equilibrium and needs a few
	// hundred days to reach its stationary regime).
	Transient int
	// Column names the observable holding the returns ("": the first of
	// ReturnObservables in the system's Info.Observables).
	Column string
}

// SimulateReturns simulates n steps (days) of the named catalogue
// system, typically an agent-based market ("LuxMarchesi",
// "ContBouchaud") or "GARCH", and returns its return observable: the
// column of Info.Observables named opt.Column, or else the first of
// ReturnObservables that the system has. The result can be given to
// StylizedFacts for a side-by-side comparison with observed returns.
// It stops with ctx.Err() when ctx is cancelled.
func SimulateReturns(ctx context.Context, name string, n int, opt *SimulateOptions) ([]float64, error) {
	var o SimulateOptions
	if opt != nil {
		o = *opt
	}
	if n < 1 {
		return nil, fmt.Errorf("finance: SimulateReturns: n=%d steps must be positive", n)
	}
	e, err := system.Lookup(name)
	if err != nil {
		return nil, fmt.Errorf("finance: SimulateReturns: %w", err)
	}
	obs := e.Info.Observables
	col := -1
	if o.Column != "" {
		col = slices.Index(obs, o.Column)
		if col < 0 {
			return nil, fmt.Errorf("finance: SimulateReturns: %s has no observable %q (observables: %v)", e.Info.Name, o.Column, obs)
		}
	} else {
		for _, c := range ReturnObservables {
			if col = slices.Index(obs, c); col >= 0 {
				break
			}
		}
		if col < 0 {
			return nil, fmt.Errorf("finance: SimulateReturns: %s has no return observable (observables: %v; looked for %v); set Column", e.Info.Name, obs, ReturnObservables)
		}
	}
	sys, err := e.New(system.Config{Params: o.Params, Seed: o.Seed})
	if err != nil {
		return nil, fmt.Errorf("finance: SimulateReturns: %w", err)
	}
	if col >= sys.Dim() {
		return nil, fmt.Errorf("finance: SimulateReturns: %s observable %d (%q) is beyond its dimension %d", e.Info.Name, col, obs[col], sys.Dim())
	}
	// Sample records the current observation first; step once more so
	// that every recorded value is a return produced by a step.
	tr, err := system.Sample(ctx, sys, n, &system.SampleOptions{Transient: o.Transient + 1, Name: e.Info.Name})
	if err != nil {
		return nil, fmt.Errorf("finance: SimulateReturns: %w", err)
	}
	return tr.Column(col), nil
}
