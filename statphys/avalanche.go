package statphys

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/emergo/emergo/system"
)

// Avalanche is a maximal run of a series above a threshold θ.
type Avalanche struct {
	Start    int // index of the run's first value
	Duration int // number of values in the run (T)
	// Size is the excess over the threshold, Σ (x_t − θ) over the run:
	// the area between the signal and the threshold, the usual avalanche
	// size of crackling-noise analyses (Papanikolaou et al. 2011).
	Size float64
	// Integral is Σ x_t over the run, the size of an avalanche whose
	// activity is counted from zero (neuronal avalanches: the number of
	// events, Beggs & Plenz 2003, with θ = 0).
	Integral float64
	Peak     float64 // the run's largest value
}

// AvalancheOptions controls Avalanches. The zero value drops runs that
// touch either end of the series.
type AvalancheOptions struct {
	// KeepEdges keeps runs that start at the first value or end at the
	// last one, whose true extent is unknown (they are censored).
	KeepEdges bool
}

// Avalanches returns the maximal runs of x strictly above threshold, in
// order. Between avalanches the signal is at or below the threshold;
// a run of length T yields Duration = T, Size = Σ(x − θ) and Integral =
// Σ x. A common choice of θ is a low quantile or the median of the
// signal (Quantile), or 0 for count data. x is not modified.
//
// Errors: an empty series (ErrTooShort), NaN or ±Inf (ErrNotFinite,
// naming the index), a non-finite threshold.
//
// References:
//
//	Papanikolaou, S., Bohn, F., Sommer, R. L., Durin, G., Zapperi, S. &
//	  Sethna, J. P. (2011). Universality beyond power laws and the average
//	  avalanche shape. Nature Phys. 7, 316-320.
//	Beggs, J. M. & Plenz, D. (2003). Neuronal avalanches in neocortical
//	  circuits. J. Neurosci. 23, 11167-11177.
//	Sethna, J. P., Dahmen, K. A. & Myers, C. R. (2001). Crackling noise.
//	  Nature 410, 242-250.
func Avalanches(x []float64, threshold float64, opt *AvalancheOptions) ([]Avalanche, error) {
	const fn = "Avalanches"
	if err := checkLen(fn, len(x), 1); err != nil {
		return nil, err
	}
	if err := checkFinite(fn, x); err != nil {
		return nil, err
	}
	if math.IsNaN(threshold) || math.IsInf(threshold, 0) {
		return nil, fmt.Errorf("statphys: %s: threshold %v is not finite: %w", fn, threshold, ErrNotFinite)
	}
	var o AvalancheOptions
	if opt != nil {
		o = *opt
	}
	var out []Avalanche
	for i := 0; i < len(x); {
		if x[i] <= threshold {
			i++
			continue
		}
		a := Avalanche{Start: i, Peak: x[i]}
		for ; i < len(x) && x[i] > threshold; i++ {
			a.Duration++
			a.Size += x[i] - threshold
			a.Integral += x[i]
			a.Peak = max(a.Peak, x[i])
		}
		if !o.KeepEdges && (a.Start == 0 || i == len(x)) {
			continue
		}
		out = append(out, a)
	}
	return out, nil
}

// Quantile returns the q-quantile of x (0 ≤ q ≤ 1) by linear
// interpolation between order statistics (Hyndman & Fan 1996, type 7).
func Quantile(x []float64, q float64) (float64, error) {
	const fn = "Quantile"
	if err := checkLen(fn, len(x), 1); err != nil {
		return 0, err
	}
	if err := checkFinite(fn, x); err != nil {
		return 0, err
	}
	if !(q >= 0 && q <= 1) {
		return 0, fmt.Errorf("statphys: %s: q=%v must be in [0, 1]", fn, q)
	}
	s := slices.Clone(x)
	slices.Sort(s)
	h := q * float64(len(s)-1)
	i := int(math.Floor(h))
	if i >= len(s)-1 {
		return s[len(s)-1], nil
	}
	return s[i] + (h-float64(i))*(s[i+1]-s[i]), nil
}

// AvalancheSizes returns the Size of each avalanche.
func AvalancheSizes(av []Avalanche) []float64 {
	out := make([]float64, len(av))
	for i, a := range av {
		out[i] = a.Size
	}
	return out
}

// AvalancheDurations returns the Duration of each avalanche.
func AvalancheDurations(av []Avalanche) []float64 {
	out := make([]float64, len(av))
	for i, a := range av {
		out[i] = float64(a.Duration)
	}
	return out
}

// CollectOptions controls CollectEvents.
type CollectOptions struct {
	// Transient steps are taken first and their events discarded (a
	// sandpile needs about 2.1·L² grains to reach its stationary state).
	Transient int
	// Progress, when not nil, is called about every 1% of the steps.
	Progress system.Progress
}

// CollectEvents advances sys by opt.Transient + steps steps and returns
// the events (avalanches, fires, earthquakes) it reports through
// system.EventSource during the last steps, copied out of the system's
// buffer after every step so that none is lost. It returns an error when
// sys does not implement system.EventSource, when a Step fails, or
// ctx.Err() when ctx is cancelled.
func CollectEvents(ctx context.Context, sys system.System, steps int, opt *CollectOptions) ([]system.Event, error) {
	es, ok := sys.(system.EventSource)
	if !ok {
		return nil, fmt.Errorf("statphys: CollectEvents: %T does not implement system.EventSource (it reports no avalanches)", sys)
	}
	var o CollectOptions
	if opt != nil {
		o = *opt
	}
	if steps < 1 || o.Transient < 0 {
		return nil, fmt.Errorf("statphys: CollectEvents: need steps ≥ 1 and transient ≥ 0, got %d and %d", steps, o.Transient)
	}
	total := o.Transient + steps
	every := max(total/100, 1)
	var out []system.Event
	for i := 0; i < total; i++ {
		if err := sys.Step(); err != nil {
			return nil, err
		}
		ev := es.Events()
		if i >= o.Transient {
			out = append(out, ev...)
		}
		if (i+1)%every == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			if o.Progress != nil {
				o.Progress(i+1, total)
			}
		}
	}
	if o.Progress != nil && total%every != 0 {
		o.Progress(total, total)
	}
	return out, nil
}

// EventField selects a field of system.Event.
type EventField int

// The fields of system.Event.
const (
	EventSize EventField = iota
	EventDuration
	EventArea
)

// EventValues returns the chosen field of every event, for example the
// avalanche sizes to pass to FitPowerLaw. Events with a zero value in
// that field are skipped, since power-law fits need positive data.
func EventValues(ev []system.Event, field EventField) []float64 {
	out := make([]float64, 0, len(ev))
	for _, e := range ev {
		var v float64
		switch field {
		case EventSize:
			v = e.Size
		case EventDuration:
			v = e.Duration
		case EventArea:
			v = e.Area
		default:
			panic(fmt.Sprintf("statphys: EventValues with unknown field %d", int(field)))
		}
		if v != 0 {
			out = append(out, v)
		}
	}
	return out
}
