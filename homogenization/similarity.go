package homogenization

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// Measure is a similarity between two representations of the same
// instances (rows).
type Measure func(x, y *mat.Dense) (float64, error)

// Measures for Similarities.
var (
	// MeasureLinearCKA is LinearCKA.
	MeasureLinearCKA Measure = LinearCKA
	// MeasureDebiasedCKA is DebiasedCKA.
	MeasureDebiasedCKA Measure = DebiasedCKA
	// MeasureSVCCA is the SVCCA similarity with 99% variance kept.
	MeasureSVCCA Measure = func(x, y *mat.Dense) (float64, error) {
		r, err := SVCCA(x, y, nil)
		return r.Similarity, err
	}
)

// MeasureMutualKNN returns the mutual k-NN alignment measure.
func MeasureMutualKNN(k int, metric Metric) Measure {
	return func(x, y *mat.Dense) (float64, error) { return MutualKNN(x, y, k, metric) }
}

// Similarities returns the symmetric matrix S_ij = measure(reps[i],
// reps[j]) for a set of models' representations of the same instances
// (each rows = instances; the feature counts may differ). The diagonal
// is measure(reps[i], reps[i]). The first error names the pair.
func Similarities(reps []*mat.Dense, measure Measure) (*mat.SymDense, error) {
	m := len(reps)
	if m == 0 {
		return nil, fmt.Errorf("%w: no representations", ErrTooFew)
	}
	s := mat.NewSymDense(m, nil)
	for i := 0; i < m; i++ {
		for j := i; j < m; j++ {
			v, err := measure(reps[i], reps[j])
			if err != nil {
				return nil, fmt.Errorf("pair (%d, %d): %w", i, j, err)
			}
			s.SetSym(i, j, v)
		}
	}
	return s, nil
}
