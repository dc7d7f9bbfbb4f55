package series

import (
	"fmt"
	"math"
)

// constTol is the relative spread below which a column counts as
// constant: std <= constTol·max(1, |mean|).
const constTol = 1e-12

// Standardizer maps each column to zero mean and unit variance,
// z = (x − μ_j)/σ_j, with μ_j and σ_j the mean and the population
// standard deviation (divisor n) of column j of the data it was fitted
// on. Fit it on the training part only, then apply it to every part, so
// that no statistic of the validation or test data leaks into training.
type Standardizer struct {
	Names []string
	Mean  []float64
	Std   []float64
}

// FitStandardizer computes per-column means and standard deviations of
// train. It is an error when train is empty, holds a NaN or infinite value
// (the error names row and column), or has a constant column (σ would be
// zero).
func FitStandardizer(train *Series) (*Standardizer, error) {
	n, d := train.Len(), train.Dim()
	if n == 0 {
		return nil, fmt.Errorf("series: cannot fit a standardizer on an empty series")
	}
	if err := train.CheckFinite(); err != nil {
		return nil, fmt.Errorf("standardizer: %w", err)
	}
	z := &Standardizer{Names: append([]string(nil), train.Names...), Mean: make([]float64, d), Std: make([]float64, d)}
	for j := 0; j < d; j++ {
		var m float64
		for i := 0; i < n; i++ {
			m += train.X[i*d+j]
		}
		m /= float64(n)
		var ss float64
		for i := 0; i < n; i++ {
			r := train.X[i*d+j] - m
			ss += r * r
		}
		sd := math.Sqrt(ss / float64(n))
		if sd <= constTol*max(1, math.Abs(m)) {
			return nil, fmt.Errorf("series: column %q is constant (%v) over the %d fitting rows; it cannot be standardized", train.Names[j], m, n)
		}
		z.Mean[j], z.Std[j] = m, sd
	}
	return z, nil
}

func (z *Standardizer) check(s *Series) error {
	if len(s.Names) != len(z.Names) {
		return fmt.Errorf("series: standardizer fitted on columns %s, got %s", quoteJoin(z.Names), quoteJoin(s.Names))
	}
	for j := range z.Names {
		if s.Names[j] != z.Names[j] {
			return fmt.Errorf("series: standardizer fitted on columns %s, got %s", quoteJoin(z.Names), quoteJoin(s.Names))
		}
	}
	return nil
}

// Transform returns the standardized copy of s, whose columns must be the
// fitted ones in the same order.
func (z *Standardizer) Transform(s *Series) (*Series, error) {
	if err := z.check(s); err != nil {
		return nil, err
	}
	out := s.Clone()
	out.Levels = nil
	z.TransformValues(out.X, s.X)
	return out, nil
}

// Inverse undoes Transform: x = μ_j + σ_j z.
func (z *Standardizer) Inverse(s *Series) (*Series, error) {
	if err := z.check(s); err != nil {
		return nil, err
	}
	out := s.Clone()
	out.Levels = nil
	z.InverseValues(out.X, s.X)
	return out, nil
}

// TransformValues standardizes the row-major values x (rows of
// len(Names) columns) into dst, which may be x itself. It does not
// allocate. It panics when the lengths do not match.
func (z *Standardizer) TransformValues(dst, x []float64) {
	d := len(z.Names)
	if len(dst) != len(x) || len(x)%d != 0 {
		panic(fmt.Sprintf("series: TransformValues with %d values into %d for %d columns", len(x), len(dst), d))
	}
	for k := 0; k < len(x); k += d {
		for j := 0; j < d; j++ {
			dst[k+j] = (x[k+j] - z.Mean[j]) / z.Std[j]
		}
	}
}

// InverseValues maps standardized row-major values back to the original
// scale into dst, which may be x itself. It does not allocate.
func (z *Standardizer) InverseValues(dst, x []float64) {
	d := len(z.Names)
	if len(dst) != len(x) || len(x)%d != 0 {
		panic(fmt.Sprintf("series: InverseValues with %d values into %d for %d columns", len(x), len(dst), d))
	}
	for k := 0; k < len(x); k += d {
		for j := 0; j < d; j++ {
			dst[k+j] = z.Mean[j] + z.Std[j]*x[k+j]
		}
	}
}

// Diff returns the lag-differences y_i = x_{i+lag} − x_i, stamped with
// the time (and date) of row i+lag; the result has Len()−lag rows.
func (s *Series) Diff(lag int) (*Series, error) {
	if lag < 1 {
		return nil, fmt.Errorf("series: difference lag %d must be at least 1", lag)
	}
	n, d := s.Len(), s.Dim()
	if n <= lag {
		return nil, fmt.Errorf("series: %d rows are too few for a difference of lag %d", n, lag)
	}
	rows := make([]int, n-lag)
	x := make([]float64, (n-lag)*d)
	for i := range rows {
		rows[i] = i + lag
		for j := 0; j < d; j++ {
			x[i*d+j] = s.X[(i+lag)*d+j] - s.X[i*d+j]
		}
	}
	return s.withValues(rows, x), nil
}

// LogReturns returns r_i = ln(p_{i+1}/p_i) for every column, stamped with
// the time (and date) of row i+1; the result has Len()−1 rows. Prices
// must be positive and finite: the error names the first offending row
// and column.
func (s *Series) LogReturns() (*Series, error) {
	n, d := s.Len(), s.Dim()
	if n < 2 {
		return nil, fmt.Errorf("series: %d rows are too few for returns", n)
	}
	for k, v := range s.X {
		if !(v > 0) || math.IsInf(v, 0) {
			i, j := k/d, k%d
			return nil, fmt.Errorf("series: log returns need positive prices; row %d (%s), column %q is %v", i, s.timeString(i), s.Names[j], v)
		}
	}
	rows := make([]int, n-1)
	x := make([]float64, (n-1)*d)
	for i := range rows {
		rows[i] = i + 1
		for j := 0; j < d; j++ {
			x[i*d+j] = math.Log(s.X[(i+1)*d+j] / s.X[i*d+j])
		}
	}
	return s.withValues(rows, x), nil
}
