package ensemble

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/emergo/emergo/forecast"
	"github.com/emergo/emergo/homogenization"
)

// Diversity describes how an ensemble's members differ on a set of
// forecasts. Instances are all (row, column) pairs of the forecast
// block, each column divided by its scale, so every variable weighs the
// same and errors are in units of the scale (standard deviations).
type Diversity struct {
	// Ambiguity is the decomposition of Krogh & Vedelsby (1995) with the
	// ensemble's weights: EnsembleError = MeanMemberError − Ambiguity.
	Ambiguity homogenization.Ambiguity
	// ErrorCorr is the M×M matrix of Pearson correlations between the
	// members' signed errors (homogenization.ErrorCorrelation).
	ErrorCorr *mat.SymDense
	// MeanErrorCorr is the mean of its off-diagonal entries (NaN entries,
	// from members with constant errors, skipped; NaN when none is left).
	MeanErrorCorr float64
	// MemberNRMSE and EnsembleNRMSE are forecast.NRMSE of each member and
	// of the weighted combination, with the same scales.
	MemberNRMSE   []float64
	EnsembleNRMSE float64
	// Weights are the combination weights used.
	Weights []float64
}

// Measure returns the diversity of the member forecasts preds (one block
// per member, all shaped like truth) against truth, combined with convex
// weights w (nil: uniform), each column scaled by scale[j] (nil: the
// standard deviation of that column of truth). It returns an error for
// fewer than two members or two instances, mismatched shapes, invalid
// weights or non-finite values.
func Measure(preds []*forecast.Block, truth *forecast.Block, scale, w []float64) (*Diversity, error) {
	M := len(preds)
	if M < 2 {
		return nil, fmt.Errorf("ensemble: Measure needs at least 2 members, got %d", M)
	}
	if truth == nil || truth.Rows*truth.Dim < 2 {
		return nil, fmt.Errorf("ensemble: Measure needs at least 2 target values")
	}
	for a, p := range preds {
		if p == nil || p.Rows != truth.Rows || p.Dim != truth.Dim || len(p.X) != len(truth.X) {
			return nil, fmt.Errorf("ensemble: Measure: forecast of member %d is not %d×%d like the truth", a, truth.Rows, truth.Dim)
		}
	}
	if scale == nil {
		scale = forecast.Std(truth)
	}
	if len(scale) != truth.Dim {
		return nil, fmt.Errorf("ensemble: Measure: %d scales for %d columns", len(scale), truth.Dim)
	}
	for j, s := range scale {
		if !(s > 0) || math.IsInf(s, 0) {
			return nil, fmt.Errorf("ensemble: Measure: scale of column %d is %v; want a positive finite number", j, s)
		}
	}
	if w == nil {
		w = make([]float64, M)
		for a := range w {
			w[a] = 1 / float64(M)
		}
	} else if err := checkWeights(w, M); err != nil {
		return nil, err
	}
	p, y := scaledDesign(preds, truth, scale)
	n := len(y)
	pm := mat.NewDense(n, M, p)
	amb, err := homogenization.AmbiguityDecomposition(pm, y, w)
	if err != nil {
		return nil, fmt.Errorf("ensemble: Measure: %w", err)
	}
	errs := mat.NewDense(n, M, nil)
	for r := 0; r < n; r++ {
		for a := 0; a < M; a++ {
			errs.Set(r, a, p[r*M+a]-y[r])
		}
	}
	ec, err := homogenization.ErrorCorrelation(errs)
	if err != nil {
		return nil, fmt.Errorf("ensemble: Measure: %w", err)
	}
	res := &Diversity{Ambiguity: amb, ErrorCorr: ec, MeanErrorCorr: MeanOffDiagonal(ec),
		MemberNRMSE: make([]float64, M), Weights: append([]float64(nil), w...)}
	for a, pr := range preds {
		res.MemberNRMSE[a] = forecast.NRMSE(truth, pr, scale)
	}
	res.EnsembleNRMSE = forecast.NRMSE(truth, Combine(preds, w), scale)
	return res, nil
}

// MeanOffDiagonal returns the mean of the off-diagonal entries of a
// symmetric matrix, skipping NaN (NaN when none is left).
func MeanOffDiagonal(s *mat.SymDense) float64 {
	m := s.SymmetricDim()
	var sum float64
	var cnt int
	for i := 0; i < m; i++ {
		for j := i + 1; j < m; j++ {
			v := s.At(i, j)
			if math.IsNaN(v) {
				continue
			}
			sum += v
			cnt++
		}
	}
	if cnt == 0 {
		return math.NaN()
	}
	return sum / float64(cnt)
}
