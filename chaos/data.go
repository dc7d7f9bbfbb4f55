package chaos

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"github.com/emergo/emergo/system"
)

// Errors wrapped by the estimators' input checks, so callers can test the
// kind of failure with errors.Is.
var (
	// ErrTooShort: the series or point set has fewer points than the
	// estimator needs; the message says how many are needed.
	ErrTooShort = errors.New("too few points")
	// ErrConstant: the series (or every coordinate of a point set) is
	// constant, so scales, ranks and distances are degenerate.
	ErrConstant = errors.New("constant data")
	// ErrNotFinite: a value is NaN or infinite; the message names its
	// index.
	ErrNotFinite = errors.New("non-finite value")
	// ErrNoScaling: no scaling (linear) region satisfying the documented
	// rule was found; the result still carries the curve.
	ErrNoScaling = errors.New("no scaling region")
	// ErrUndefined: the quantity is undefined for these data (sample
	// entropy with no template matches).
	ErrUndefined = errors.New("undefined for these data")
)

// Points is a set of N points in R^Dim stored row-major: point i is
// X[i*Dim : (i+1)*Dim]. Consecutive rows are consecutive in time when
// the points come from a trajectory or a delay embedding (Theiler
// windows refer to row indices).
type Points struct {
	X   []float64
	Dim int
}

// Len is the number of points. It panics when X is not a whole number of
// rows (programmer misuse).
func (p Points) Len() int {
	if p.Dim < 1 || len(p.X)%p.Dim != 0 {
		panic(fmt.Sprintf("chaos: Points with %d values is not a whole number of rows of dimension %d", len(p.X), p.Dim))
	}
	return len(p.X) / p.Dim
}

// Row returns point i (a view into X).
func (p Points) Row(i int) []float64 { return p.X[i*p.Dim : (i+1)*p.Dim] }

// TrajectoryPoints views a sampled trajectory as a point set (no copy).
func TrajectoryPoints(tr *system.Trajectory) Points { return Points{X: tr.X, Dim: tr.Dim} }

// Column copies coordinate j of every point into a new slice.
func (p Points) Column(j int) []float64 {
	n := p.Len()
	out := make([]float64, n)
	for i := range out {
		out[i] = p.X[i*p.Dim+j]
	}
	return out
}

// Embed returns the delay embedding of x with dimension m and delay tau:
// point i is (x_i, x_{i+τ}, …, x_{i+(m−1)τ}), i = 0 … N−(m−1)τ−1.
// It panics when m < 1 or tau < 1 (programmer misuse) and returns an
// error when x is too short or has a non-finite value.
//
// References:
//
//	Takens, F. (1981). Detecting strange attractors in turbulence. Lecture
//	  Notes in Mathematics 898, 366-381.
func Embed(x []float64, m, tau int) (Points, error) {
	if m < 1 || tau < 1 {
		panic(fmt.Sprintf("chaos: Embed needs m ≥ 1 and tau ≥ 1, got m=%d tau=%d", m, tau))
	}
	span := (m - 1) * tau
	if err := checkSeries("Embed", x, span+1); err != nil {
		return Points{}, err
	}
	n := len(x) - span
	out := make([]float64, n*m)
	for i := 0; i < n; i++ {
		row := out[i*m : (i+1)*m]
		for k := range row {
			row[k] = x[i+k*tau]
		}
	}
	return Points{X: out, Dim: m}, nil
}

// checkLen returns an ErrTooShort error unless n ≥ need.
func checkLen(fn string, n, need int) error {
	if n < need {
		return fmt.Errorf("chaos: %s needs at least %d points, got %d: %w", fn, need, n, ErrTooShort)
	}
	return nil
}

// checkFinite names the first non-finite value of x.
func checkFinite(fn string, x []float64) error {
	for i, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("chaos: %s: value at index %d is %v: %w", fn, i, v, ErrNotFinite)
		}
	}
	return nil
}

// checkSeries checks length, finiteness and that x is not constant.
func checkSeries(fn string, x []float64, need int) error {
	if err := checkLen(fn, len(x), need); err != nil {
		return err
	}
	if err := checkFinite(fn, x); err != nil {
		return err
	}
	for _, v := range x[1:] {
		if v != x[0] {
			return nil
		}
	}
	return fmt.Errorf("chaos: %s: the series is constant (every value is %g): %w", fn, x[0], ErrConstant)
}

// checkPoints checks a point set: shape (panics on misuse), count,
// finiteness (naming the point and coordinate) and that not every point
// is the same.
func checkPoints(fn string, p Points, need int) error {
	n := p.Len()
	if err := checkLen(fn, n, need); err != nil {
		return err
	}
	for k, v := range p.X {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("chaos: %s: point %d, coordinate %d is %v: %w", fn, k/p.Dim, k%p.Dim, v, ErrNotFinite)
		}
	}
	d := p.Dim
	for k := d; k < len(p.X); k++ {
		if p.X[k] != p.X[k%d] {
			return nil
		}
	}
	return fmt.Errorf("chaos: %s: all %d points are identical: %w", fn, n, ErrConstant)
}

// meanStd returns the mean and the population standard deviation.
func meanStd(x []float64) (mean, std float64) {
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	var ss float64
	for _, v := range x {
		d := v - mean
		ss += d * d
	}
	return mean, math.Sqrt(ss / float64(len(x)))
}

// sampleStd is the standard deviation with the n−1 denominator.
func sampleStd(x []float64) float64 {
	if len(x) < 2 {
		return 0
	}
	_, s := meanStd(x)
	return s * math.Sqrt(float64(len(x))/float64(len(x)-1))
}

// median returns the median of x without modifying it.
func median(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	s := append([]float64(nil), x...)
	sort.Float64s(s)
	m := len(s) / 2
	if len(s)%2 == 1 {
		return s[m]
	}
	return 0.5 * (s[m-1] + s[m])
}

// linFit is the ordinary least-squares line y = a + b·x through the
// points (x[i], y[i]); it returns the slope b, the intercept a, the
// slope's standard error and the coefficient of determination R².
func linFit(x, y []float64) (slope, icept, se, r2 float64) {
	n := float64(len(x))
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx /= n
	my /= n
	var sxx, sxy, syy float64
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxx += dx * dx
		sxy += dx * dy
		syy += dy * dy
	}
	slope = sxy / sxx
	icept = my - slope*mx
	var rss float64
	for i := range x {
		r := y[i] - icept - slope*x[i]
		rss += r * r
	}
	if len(x) > 2 {
		se = math.Sqrt(rss / (n - 2) / sxx)
	}
	r2 = 1
	if syy > 0 {
		r2 = 1 - rss/syy
	}
	return slope, icept, se, r2
}

// logspace returns n values from a to b (both > 0) equally spaced in log.
func logspace(a, b float64, n int) []float64 {
	out := make([]float64, n)
	la, lb := math.Log(a), math.Log(b)
	for i := range out {
		if n == 1 {
			out[i] = a
			continue
		}
		out[i] = math.Exp(la + (lb-la)*float64(i)/float64(n-1))
	}
	return out
}

// logIntSizes returns up to n distinct integers from lo to hi, spaced
// about equally in log.
func logIntSizes(lo, hi, n int) []int {
	var out []int
	if hi < lo {
		return out
	}
	for _, v := range logspace(float64(lo), float64(hi), n) {
		s := int(math.Round(v))
		if len(out) == 0 || s > out[len(out)-1] {
			out = append(out, s)
		}
	}
	return out
}
