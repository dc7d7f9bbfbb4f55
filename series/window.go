package series

import (
	"fmt"
	"math"
)

// Windows holds the (input, target) pairs of a sliding window over a
// series, for forecasting: pair k has input rows [s_k, s_k+Input) and
// target rows [s_k+Input, s_k+Input+Horizon), with s_k = k·Stride. Every
// target row comes strictly after every input row of its pair.
type Windows struct {
	Input, Horizon, Stride int
	// Dim is the number of columns of each row.
	Dim int
	// Names are the column names.
	Names []string
	// Starts[k] is the first input row of pair k, in the source series.
	Starts []int
	t      []float64
	x      []float64 // a copy of the source rows
}

// Windows cuts s into sliding windows of input rows followed by horizon
// target rows, advancing stride rows between pairs. The last rows that do
// not fill a whole pair are left out. It is an error when input, horizon
// or stride is below 1 or when s is shorter than input+horizon.
func (s *Series) Windows(input, horizon, stride int) (*Windows, error) {
	if input < 1 || horizon < 1 || stride < 1 {
		return nil, fmt.Errorf("series: window input %d, horizon %d and stride %d must all be at least 1", input, horizon, stride)
	}
	n := s.Len()
	if n < input+horizon {
		return nil, fmt.Errorf("series: %d rows are too few for one window of %d input + %d target rows", n, input, horizon)
	}
	count := (n-input-horizon)/stride + 1
	w := &Windows{Input: input, Horizon: horizon, Stride: stride, Dim: s.Dim(),
		Names: append([]string(nil), s.Names...), Starts: make([]int, count),
		t: append([]float64(nil), s.T...), x: append([]float64(nil), s.X...)}
	for k := range w.Starts {
		w.Starts[k] = k * stride
	}
	return w, nil
}

// Len is the number of pairs.
func (w *Windows) Len() int { return len(w.Starts) }

// X returns the input rows of pair k, row-major Input×Dim, as a view
// that must not be modified.
func (w *Windows) X(k int) []float64 {
	a := w.Starts[k] * w.Dim
	b := a + w.Input*w.Dim
	return w.x[a:b:b]
}

// Y returns the target rows of pair k, row-major Horizon×Dim, as a view
// that must not be modified.
func (w *Windows) Y(k int) []float64 {
	a := (w.Starts[k] + w.Input) * w.Dim
	b := a + w.Horizon*w.Dim
	return w.x[a:b:b]
}

// InputTimes returns the times of pair k's input rows (a view).
func (w *Windows) InputTimes(k int) []float64 {
	a := w.Starts[k]
	return w.t[a : a+w.Input : a+w.Input]
}

// TargetTimes returns the times of pair k's target rows (a view).
func (w *Windows) TargetTimes(k int) []float64 {
	a := w.Starts[k] + w.Input
	return w.t[a : a+w.Horizon : a+w.Horizon]
}

// Arrays copies all pairs into two new row-major arrays: X of shape
// Len()×Input×Dim and Y of shape Len()×Horizon×Dim.
func (w *Windows) Arrays() (x, y []float64) {
	xi, yi := w.Input*w.Dim, w.Horizon*w.Dim
	x = make([]float64, w.Len()*xi)
	y = make([]float64, w.Len()*yi)
	for k := range w.Starts {
		copy(x[k*xi:(k+1)*xi], w.X(k))
		copy(y[k*yi:(k+1)*yi], w.Y(k))
	}
	return x, y
}

// Split is a time-ordered partition of a series into consecutive parts:
// every row of Train comes before every row of Val, which come before
// every row of Test. Val is nil when no validation part was asked for.
type Split struct {
	Train, Val, Test *Series
}

// SplitFrac splits s into consecutive training, validation and test parts
// holding the given fractions of its rows, in time order. The fractions
// must be non-negative, train and test positive, and sum to 1 (within
// 1e-9); the training and validation sizes are rounded to the nearest
// row and the test part takes the rest. Every part asked for (val > 0)
// must end up with at least minLen rows (minLen < 1 counts as 1): a part
// too short for a window of the model is an error, not a silently empty
// set.
func (s *Series) SplitFrac(train, val, test float64, minLen int) (*Split, error) {
	const sumTol = 1e-9
	for _, f := range []float64{train, val, test} {
		if math.IsNaN(f) || f < 0 || f > 1 {
			return nil, fmt.Errorf("series: split fractions %v/%v/%v must lie in [0, 1]", train, val, test)
		}
	}
	if train == 0 || test == 0 {
		return nil, fmt.Errorf("series: split fractions %v/%v/%v: train and test must be positive", train, val, test)
	}
	if math.Abs(train+val+test-1) > sumTol {
		return nil, fmt.Errorf("series: split fractions %v/%v/%v sum to %v, want 1", train, val, test, train+val+test)
	}
	n := s.Len()
	nTrain := int(math.Round(train * float64(n)))
	nVal := int(math.Round(val * float64(n)))
	if nTrain+nVal > n {
		nVal = n - nTrain
	}
	return s.split(nTrain, nVal, n-nTrain-nVal, val > 0, minLen,
		fmt.Sprintf("fractions %v/%v/%v of %d rows", train, val, test, n))
}

// SplitCount splits the first train+val+test rows of s into consecutive
// parts of those sizes. val may be 0 (no validation part); every part
// asked for must have at least minLen rows (minLen < 1 counts as 1).
func (s *Series) SplitCount(train, val, test, minLen int) (*Split, error) {
	if train < 0 || val < 0 || test < 0 {
		return nil, fmt.Errorf("series: split sizes %d/%d/%d must not be negative", train, val, test)
	}
	if train+val+test > s.Len() {
		return nil, fmt.Errorf("series: split sizes %d/%d/%d need %d rows, the series has %d", train, val, test, train+val+test, s.Len())
	}
	return s.split(train, val, test, val > 0, minLen, fmt.Sprintf("sizes %d/%d/%d", train, val, test))
}

func (s *Series) split(nTrain, nVal, nTest int, wantVal bool, minLen int, what string) (*Split, error) {
	minLen = max(minLen, 1)
	check := func(part string, n int) error {
		if n < minLen {
			return fmt.Errorf("series: split %s: %s part has %d rows, need at least %d", what, part, n, minLen)
		}
		return nil
	}
	if err := check("training", nTrain); err != nil {
		return nil, err
	}
	if wantVal {
		if err := check("validation", nVal); err != nil {
			return nil, err
		}
	}
	if err := check("test", nTest); err != nil {
		return nil, err
	}
	sp := &Split{Train: s.Slice(0, nTrain), Test: s.Slice(nTrain+nVal, nTrain+nVal+nTest)}
	if wantVal {
		sp.Val = s.Slice(nTrain, nTrain+nVal)
	}
	return sp, nil
}
