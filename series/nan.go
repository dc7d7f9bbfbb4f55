package series

import (
	"fmt"
	"math"
)

// NaNError reports a missing (NaN) or infinite value.
type NaNError struct {
	Row    int
	Column string
	// When is the row's date, or its time t=..., for messages.
	When  string
	Value float64
}

func (e *NaNError) Error() string {
	what := "missing (NaN)"
	if math.IsInf(e.Value, 0) {
		what = "infinite"
	}
	return fmt.Sprintf("series: value at row %d (%s), column %q is %s", e.Row, e.When, e.Column, what)
}

// CheckFinite returns a *NaNError naming the first row and column whose
// value is NaN or infinite, scanning rows in order.
func (s *Series) CheckFinite() error {
	d := s.Dim()
	for k, v := range s.X {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			i, j := k/d, k%d
			return &NaNError{Row: i, Column: s.Names[j], When: s.timeString(i), Value: v}
		}
	}
	return nil
}

// CountNaN returns the number of NaN values in each column.
func (s *Series) CountNaN() []int {
	d := s.Dim()
	out := make([]int, d)
	for k, v := range s.X {
		if math.IsNaN(v) {
			out[k%d]++
		}
	}
	return out
}

// DropNaN returns the rows that have no NaN value.
func (s *Series) DropNaN() *Series {
	d := s.Dim()
	keep := make([]int, 0, s.Len())
rows:
	for i := 0; i < s.Len(); i++ {
		for _, v := range s.X[i*d : (i+1)*d] {
			if math.IsNaN(v) {
				continue rows
			}
		}
		keep = append(keep, i)
	}
	return s.Rows(keep)
}

// Fill selects how FillNaN replaces missing values.
type Fill int

const (
	// FillForward carries the last observed value forward (a gap at the
	// start takes the first observed value).
	FillForward Fill = iota
	// FillLinear interpolates linearly in time between the observed
	// neighbours (gaps at the ends take the nearest observed value).
	FillLinear
)

// FillNaN returns a copy of s with every NaN replaced according to
// method. A column with no observed value is an error. Categorical
// columns are always filled forward, since codes cannot be interpolated.
func (s *Series) FillNaN(method Fill) (*Series, error) {
	if method != FillForward && method != FillLinear {
		panic(fmt.Sprintf("series: unknown fill method %d", method))
	}
	out := s.Clone()
	n, d := s.Len(), s.Dim()
	for j := 0; j < d; j++ {
		first := -1
		for i := 0; i < n; i++ {
			if !math.IsNaN(out.X[i*d+j]) {
				first = i
				break
			}
		}
		if first < 0 {
			if n == 0 {
				continue
			}
			return nil, fmt.Errorf("series: column %q has no observed value to fill from", s.Names[j])
		}
		for i := 0; i < first; i++ {
			out.X[i*d+j] = out.X[first*d+j]
		}
		_, categorical := s.Levels[s.Names[j]]
		last := first
		for i := first + 1; i < n; i++ {
			v := out.X[i*d+j]
			if math.IsNaN(v) {
				continue
			}
			if i > last+1 {
				a, b := out.X[last*d+j], v
				for k := last + 1; k < i; k++ {
					if method == FillForward || categorical {
						out.X[k*d+j] = a
					} else {
						w := (s.T[k] - s.T[last]) / (s.T[i] - s.T[last])
						out.X[k*d+j] = a + w*(b-a)
					}
				}
			}
			last = i
		}
		for k := last + 1; k < n; k++ {
			out.X[k*d+j] = out.X[last*d+j]
		}
	}
	return out, nil
}
