package statphys

import (
	"errors"
	"fmt"
	"math"
)

// Errors wrapped by the input checks, so callers can test the kind of
// failure with errors.Is.
var (
	// ErrTooShort: fewer values than the method needs; the message says
	// how many are needed.
	ErrTooShort = errors.New("too few values")
	// ErrConstant: every value is the same, so no scale can be fitted.
	ErrConstant = errors.New("constant data")
	// ErrNotFinite: a value is NaN or ±Inf; the message names its index.
	ErrNotFinite = errors.New("non-finite value")
	// ErrNonPositive: a value is zero or negative where the method needs
	// positive data (power-law fits, the Hill estimator); the message
	// names its index.
	ErrNonPositive = errors.New("non-positive value")
	// ErrNotInteger: a value given to a discrete fit is not a whole
	// number; the message names its index.
	ErrNotInteger = errors.New("non-integer value")
	// ErrNegative: a count (activity, event number) is negative.
	ErrNegative = errors.New("negative value")
	// ErrNoCrossing: the Binder cumulants of two sizes do not cross inside
	// the temperature grid.
	ErrNoCrossing = errors.New("no crossing")
)

// checkLen returns an ErrTooShort error unless n ≥ need.
func checkLen(fn string, n, need int) error {
	if n < need {
		return fmt.Errorf("statphys: %s needs at least %d values, got %d: %w", fn, need, n, ErrTooShort)
	}
	return nil
}

// checkFinite names the first non-finite value of x.
func checkFinite(fn string, x []float64) error {
	for i, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("statphys: %s: value at index %d is %v: %w", fn, i, v, ErrNotFinite)
		}
	}
	return nil
}

// checkPositive names the first value ≤ 0.
func checkPositive(fn string, x []float64) error {
	for i, v := range x {
		if !(v > 0) {
			return fmt.Errorf("statphys: %s: value at index %d is %v; a power law needs positive data: %w", fn, i, v, ErrNonPositive)
		}
	}
	return nil
}

// checkNonNegative names the first negative value.
func checkNonNegative(fn string, x []float64) error {
	for i, v := range x {
		if v < 0 {
			return fmt.Errorf("statphys: %s: value at index %d is %v; activities must be ≥ 0: %w", fn, i, v, ErrNegative)
		}
	}
	return nil
}

// checkNotConstant reports ErrConstant when every value equals x[0].
func checkNotConstant(fn string, x []float64) error {
	for _, v := range x[1:] {
		if v != x[0] {
			return nil
		}
	}
	return fmt.Errorf("statphys: %s: the data are constant (every value is %g): %w", fn, x[0], ErrConstant)
}

// checkSeries checks length, finiteness and that x is not constant.
func checkSeries(fn string, x []float64, need int) error {
	if err := checkLen(fn, len(x), need); err != nil {
		return err
	}
	if err := checkFinite(fn, x); err != nil {
		return err
	}
	return checkNotConstant(fn, x)
}
