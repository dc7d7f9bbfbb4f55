package emergence

import (
	"errors"
	"fmt"
	"math"
)

// Errors wrapped by the package; test with errors.Is.
var (
	// ErrBadCurve reports a malformed curve: scales not positive and
	// strictly increasing, a scale without values, mismatched lengths.
	ErrBadCurve = errors.New("emergence: malformed curve")
	// ErrNotFinite reports a NaN or infinite value, naming its place.
	ErrNotFinite = errors.New("emergence: value is not finite")
	// ErrTooFewScales reports fewer distinct scales than a model has
	// parameters plus one (or than a procedure needs).
	ErrTooFewScales = errors.New("emergence: too few scales")
)

// Curve is one metric measured at several scales (model size, training
// data, compute), with replicates (seeds) at each scale.
type Curve struct {
	// Name identifies the metric ("exact match", "mean score", …).
	Name string
	// Scale holds the scales, positive and strictly increasing.
	Scale []float64
	// Values[s] holds the replicate measurements at Scale[s] (at least
	// one each).
	Values [][]float64
	// Continuous marks metrics that give partial credit (a mean score, a
	// log score, a Brier or edit-distance score), as opposed to
	// discontinuous ones (exact match, accuracy above a threshold).
	Continuous bool
	// LowerIsBetter marks error-like metrics (losses, distances).
	LowerIsBetter bool
	// Baselines are the metric's values for trivial baselines
	// (persistence, climatology, chance, a constant predictor). Assess
	// needs at least one on some continuous metric to call a capability
	// emergent.
	Baselines []float64
}

// validate checks the curve and returns its observations flattened:
// x (the scale of each observation) and y.
func (c *Curve) validate() (x, y []float64, err error) {
	name := c.Name
	if name == "" {
		name = "curve"
	}
	if len(c.Scale) != len(c.Values) {
		return nil, nil, fmt.Errorf("%w: %s has %d scales and %d value lists", ErrBadCurve, name, len(c.Scale), len(c.Values))
	}
	if len(c.Scale) == 0 {
		return nil, nil, fmt.Errorf("%w: %s has no scales", ErrBadCurve, name)
	}
	for s, sc := range c.Scale {
		if !(sc > 0) || math.IsInf(sc, 0) {
			return nil, nil, fmt.Errorf("%w: %s scale %d is %v, must be positive and finite", ErrBadCurve, name, s, sc)
		}
		if s > 0 && !(sc > c.Scale[s-1]) {
			return nil, nil, fmt.Errorf("%w: %s scales must increase strictly (scale %d = %v after %v)", ErrBadCurve, name, s, sc, c.Scale[s-1])
		}
		if len(c.Values[s]) == 0 {
			return nil, nil, fmt.Errorf("%w: %s has no values at scale %v", ErrBadCurve, name, sc)
		}
		for r, v := range c.Values[s] {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, nil, fmt.Errorf("%w: %s value %d at scale %v is %v", ErrNotFinite, name, r, sc, v)
			}
			x = append(x, sc)
			y = append(y, v)
		}
	}
	for i, b := range c.Baselines {
		if math.IsNaN(b) || math.IsInf(b, 0) {
			return nil, nil, fmt.Errorf("%w: %s baseline %d is %v", ErrNotFinite, name, i, b)
		}
	}
	return x, y, nil
}

// Means returns the mean of the replicates at each scale.
func (c *Curve) Means() []float64 {
	m := make([]float64, len(c.Values))
	for s, v := range c.Values {
		m[s] = mean(v)
	}
	return m
}

func mean(v []float64) float64 {
	var s float64
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}
