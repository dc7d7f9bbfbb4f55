package emergence

import (
	"fmt"
	"math"
)

// Scores holds per-instance continuous scores of a capability at several
// scales: Scores[s][r][i] ∈ [0, 1] is the score of instance i for
// replicate (seed) r of the model at Scale[s] — the probability of the
// correct answer, a per-token accuracy, a normalised skill, partial
// credit. Baseline[r][i], optional, holds a trivial baseline's scores on
// the same instances.
type Scores struct {
	Scale    []float64
	Scores   [][][]float64
	Baseline [][]float64
}

// Default sweep settings.
const (
	// DefaultThreshold is the success threshold of the discontinuous
	// metric: an instance counts as solved when its score is at least
	// 0.9 (exact match is the threshold 1).
	DefaultThreshold = 0.9
	// DefaultLogFloor bounds ln(score) below for the log score.
	DefaultLogFloor = 1e-6
)

// SweepOptions configures Sweep; nil means one threshold,
// DefaultThreshold, and DefaultLogFloor.
type SweepOptions struct {
	// Thresholds are the success thresholds τ of the discontinuous
	// metrics "fraction ≥ τ"; nil means {DefaultThreshold}.
	Thresholds []float64
	// LogFloor replaces scores below it in the log score; 0 means
	// DefaultLogFloor.
	LogFloor float64
}

// Sweep computes, from per-instance scores, the metric sweep of Schaeffer
// et al. (2023): the same model outputs scored by a discontinuous metric
// and by continuous ones, so that an apparent jump can be checked
// against the metric:
//
//	"fraction ≥ τ"  (1/n) Σ_i 1[s_i ≥ τ]          discontinuous (one per τ)
//	"mean score"    (1/n) Σ_i s_i                 continuous (partial credit)
//	"log score"     (1/n) Σ_i ln max(s_i, floor)  continuous
//
// one value per replicate at each scale. When Baseline is given, each
// curve's Baselines holds the baseline's metric averaged over its
// replicates. Errors: ErrBadCurve for ragged or empty input or scores
// outside [0, 1], ErrNotFinite.
func Sweep(sc Scores, opt *SweepOptions) ([]Curve, error) {
	var o SweepOptions
	if opt != nil {
		o = *opt
	}
	if o.Thresholds == nil {
		o.Thresholds = []float64{DefaultThreshold}
	}
	if o.LogFloor == 0 {
		o.LogFloor = DefaultLogFloor
	}
	if !(o.LogFloor > 0) {
		panic(fmt.Sprintf("emergence: log floor %v must be positive", o.LogFloor))
	}
	if len(sc.Scale) != len(sc.Scores) || len(sc.Scale) == 0 {
		return nil, fmt.Errorf("%w: %d scales and %d score sets", ErrBadCurve, len(sc.Scale), len(sc.Scores))
	}
	type metric struct {
		name string
		cont bool
		f    func(s []float64) float64
	}
	var ms []metric
	for _, tau := range o.Thresholds {
		ms = append(ms, metric{fmt.Sprintf("fraction ≥ %g", tau), false, func(s []float64) float64 {
			var k int
			for _, v := range s {
				if v >= tau {
					k++
				}
			}
			return float64(k) / float64(len(s))
		}})
	}
	ms = append(ms,
		metric{"mean score", true, func(s []float64) float64 { return mean(s) }},
		metric{"log score", true, func(s []float64) float64 {
			var t float64
			for _, v := range s {
				t += math.Log(math.Max(v, o.LogFloor))
			}
			return t / float64(len(s))
		}})
	check := func(where string, s []float64) error {
		if len(s) == 0 {
			return fmt.Errorf("%w: no instances %s", ErrBadCurve, where)
		}
		for i, v := range s {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("%w: score of instance %d %s is %v", ErrNotFinite, i, where, v)
			}
			if v < 0 || v > 1 {
				return fmt.Errorf("%w: score of instance %d %s is %v, outside [0, 1]", ErrBadCurve, i, where, v)
			}
		}
		return nil
	}
	curves := make([]Curve, len(ms))
	for k, m := range ms {
		curves[k] = Curve{Name: m.name, Continuous: m.cont, Scale: append([]float64(nil), sc.Scale...)}
	}
	for s, reps := range sc.Scores {
		if len(reps) == 0 {
			return nil, fmt.Errorf("%w: no replicates at scale %v", ErrBadCurve, sc.Scale[s])
		}
		vals := make([][]float64, len(ms))
		for r, inst := range reps {
			if err := check(fmt.Sprintf("at scale %v, replicate %d", sc.Scale[s], r), inst); err != nil {
				return nil, err
			}
			for k, m := range ms {
				vals[k] = append(vals[k], m.f(inst))
			}
		}
		for k := range ms {
			curves[k].Values = append(curves[k].Values, vals[k])
		}
	}
	if len(sc.Baseline) > 0 {
		for k, m := range ms {
			var t float64
			for r, inst := range sc.Baseline {
				if err := check(fmt.Sprintf("of baseline replicate %d", r), inst); err != nil {
					return nil, err
				}
				t += m.f(inst)
			}
			curves[k].Baselines = []float64{t / float64(len(sc.Baseline))}
		}
	}
	return curves, nil
}
