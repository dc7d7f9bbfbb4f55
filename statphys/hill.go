package statphys

import (
	"fmt"
	"math"
	"slices"
)

// Hill is the Hill estimate of a tail index from the k largest values.
type Hill struct {
	K int
	// H = (1/k) Σ_{i=1}^{k} ln(X_(i)/X_(k+1)), X_(1) ≥ X_(2) ≥ … the
	// order statistics: the estimate of the extreme-value index ξ.
	H float64
	// TailIndex = 1/H estimates a in P(X > x) ~ x^(−a).
	TailIndex float64
	// Alpha = 1 + 1/H is the matching density exponent p(x) ~ x^(−α),
	// comparable with PowerLaw.Alpha.
	Alpha float64
	// Sigma = TailIndex/√k is the asymptotic standard error of
	// TailIndex (and of Alpha).
	Sigma float64
	// Threshold is X_(k+1), the value above which the tail is used.
	Threshold float64
}

// HillEstimator returns the Hill (1975) estimate of the tail index of x
// from its k largest values, 1 ≤ k ≤ len(x)−1, chosen by the caller
// (plot HillCurve to look for a plateau). The k+1 largest values must be
// positive. x is not modified.
//
// References:
//
//	Hill, B. M. (1975). A simple general approach to inference about the
//	  tail of a distribution. Ann. Statist. 3, 1163-1174.
//	Drees, H., de Haan, L. & Resnick, S. (2000). How to make a Hill plot.
//	  Ann. Statist. 28, 254-274.
func HillEstimator(x []float64, k int) (*Hill, error) {
	const fn = "HillEstimator"
	if err := checkLen(fn, len(x), 2); err != nil {
		return nil, err
	}
	if k < 1 || k >= len(x) {
		return nil, fmt.Errorf("statphys: %s: k=%d must be in [1, %d] (the sample has %d values): %w", fn, k, len(x)-1, len(x), ErrTooShort)
	}
	if err := checkFinite(fn, x); err != nil {
		return nil, err
	}
	s := slices.Clone(x)
	slices.SortFunc(s, func(a, b float64) int { return -cmpFloat(a, b) })
	if !(s[k] > 0) {
		return nil, fmt.Errorf("statphys: %s: the %d-th largest value is %v; the k+1 largest values must be positive: %w", fn, k+1, s[k], ErrNonPositive)
	}
	return hillSorted(s, k)
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// hillSorted computes the estimate from values sorted in decreasing
// order.
func hillSorted(s []float64, k int) (*Hill, error) {
	lt := math.Log(s[k])
	var h float64
	for _, v := range s[:k] {
		h += math.Log(v) - lt
	}
	h /= float64(k)
	if !(h > 0) {
		return nil, fmt.Errorf("statphys: HillEstimator: the %d largest values all equal the threshold %v: %w", k, s[k], ErrConstant)
	}
	a := 1 / h
	return &Hill{K: k, H: h, TailIndex: a, Alpha: 1 + a, Sigma: a / math.Sqrt(float64(k)), Threshold: s[k]}, nil
}

// HillCurve returns the Hill estimates for every k in ks (a Hill plot),
// sorting x only once.
func HillCurve(x []float64, ks []int) ([]Hill, error) {
	const fn = "HillCurve"
	if err := checkLen(fn, len(x), 2); err != nil {
		return nil, err
	}
	if err := checkFinite(fn, x); err != nil {
		return nil, err
	}
	s := slices.Clone(x)
	slices.SortFunc(s, func(a, b float64) int { return -cmpFloat(a, b) })
	out := make([]Hill, 0, len(ks))
	for _, k := range ks {
		if k < 1 || k >= len(x) {
			return nil, fmt.Errorf("statphys: %s: k=%d must be in [1, %d]: %w", fn, k, len(x)-1, ErrTooShort)
		}
		if !(s[k] > 0) {
			return nil, fmt.Errorf("statphys: %s: the %d-th largest value is %v; it must be positive: %w", fn, k+1, s[k], ErrNonPositive)
		}
		h, err := hillSorted(s, k)
		if err != nil {
			return nil, err
		}
		out = append(out, *h)
	}
	return out, nil
}
