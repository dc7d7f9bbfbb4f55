package homogenization

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Errors wrapped by the analyses; test with errors.Is.
var (
	// ErrShape reports representations or matrices whose sizes do not
	// fit together (different numbers of rows, a wrong weight length).
	ErrShape = errors.New("homogenization: shapes do not match")
	// ErrTooFew reports too few rows (instances) or columns for a
	// statistic; the message says how many are needed.
	ErrTooFew = errors.New("homogenization: too few rows or columns")
	// ErrNotFinite reports a NaN or infinite value, naming its place.
	ErrNotFinite = errors.New("homogenization: value is not finite")
	// ErrDegenerate reports input for which the statistic is undefined:
	// a constant representation (zero centred Gram matrix), a failure
	// rate of zero, values that are not 0 or 1 in a failure matrix.
	ErrDegenerate = errors.New("homogenization: degenerate input")
)

// rawOf returns the dimensions and storage of x; a nil x is a shape error.
func rawOf(name string, x *mat.Dense) (r, c int, data []float64, stride int, err error) {
	if x == nil || x.IsEmpty() {
		return 0, 0, nil, 0, fmt.Errorf("%w: %s is empty", ErrTooFew, name)
	}
	raw := x.RawMatrix()
	return raw.Rows, raw.Cols, raw.Data, raw.Stride, nil
}

// checkFinite returns an ErrNotFinite naming the first non-finite value.
func checkFinite(name string, r, c int, data []float64, stride int) error {
	for i := 0; i < r; i++ {
		for j, v := range data[i*stride : i*stride+c] {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("%w: %s[%d,%d] = %v", ErrNotFinite, name, i, j, v)
			}
		}
	}
	return nil
}

// pairRaw validates a pair of representations with the same number of
// rows (at least minRows) and returns their storage.
type rawMat struct {
	n, d   int
	data   []float64
	stride int
}

func (m rawMat) row(i int) []float64 { return m.data[i*m.stride : i*m.stride+m.d] }

func rawChecked(name string, x *mat.Dense) (rawMat, error) {
	r, c, data, stride, err := rawOf(name, x)
	if err != nil {
		return rawMat{}, err
	}
	if err := checkFinite(name, r, c, data, stride); err != nil {
		return rawMat{}, err
	}
	return rawMat{n: r, d: c, data: data, stride: stride}, nil
}

func pairChecked(x, y *mat.Dense, minRows int) (rawMat, rawMat, error) {
	rx, err := rawChecked("x", x)
	if err != nil {
		return rawMat{}, rawMat{}, err
	}
	ry, err := rawChecked("y", y)
	if err != nil {
		return rawMat{}, rawMat{}, err
	}
	if rx.n != ry.n {
		return rawMat{}, rawMat{}, fmt.Errorf("%w: x has %d rows, y has %d (rows are instances and must pair up)", ErrShape, rx.n, ry.n)
	}
	if rx.n < minRows {
		return rawMat{}, rawMat{}, fmt.Errorf("%w: %d rows, need at least %d", ErrTooFew, rx.n, minRows)
	}
	return rx, ry, nil
}

// centred returns a contiguous n×d copy of m with every column's mean
// subtracted (two-pass mean for accuracy).
func centred(m rawMat) []float64 {
	out := make([]float64, m.n*m.d)
	mean := make([]float64, m.d)
	for i := 0; i < m.n; i++ {
		for j, v := range m.row(i) {
			mean[j] += v
		}
	}
	inv := 1 / float64(m.n)
	for j := range mean {
		mean[j] *= inv
	}
	for i := 0; i < m.n; i++ {
		dst := out[i*m.d : (i+1)*m.d]
		for j, v := range m.row(i) {
			dst[j] = v - mean[j]
		}
	}
	return out
}

// FromBool converts rows of booleans (rows[i][j]: instance i, model j,
// true for a failure) into a 0/1 failure matrix. All rows must have the
// same length; it panics otherwise.
func FromBool(rows [][]bool) *mat.Dense {
	if len(rows) == 0 || len(rows[0]) == 0 {
		panic("homogenization: FromBool needs at least one row and one column")
	}
	m := len(rows[0])
	data := make([]float64, len(rows)*m)
	for i, r := range rows {
		if len(r) != m {
			panic(fmt.Sprintf("homogenization: FromBool row %d has %d values, row 0 has %d", i, len(r), m))
		}
		for j, b := range r {
			if b {
				data[i*m+j] = 1
			}
		}
	}
	return mat.NewDense(len(rows), m, data)
}

// Failures returns the 0/1 failure matrix of predictions against a
// truth: entry (i, j) is 1 when model j's prediction for instance i
// differs from truth[i] by more than tol (use tol 0 for labels).
func Failures(pred *mat.Dense, truth []float64, tol float64) (*mat.Dense, error) {
	p, err := rawChecked("pred", pred)
	if err != nil {
		return nil, err
	}
	if len(truth) != p.n {
		return nil, fmt.Errorf("%w: %d truths for %d instances", ErrShape, len(truth), p.n)
	}
	out := mat.NewDense(p.n, p.d, nil)
	for i := 0; i < p.n; i++ {
		for j, v := range p.row(i) {
			if math.Abs(v-truth[i]) > tol {
				out.Set(i, j, 1)
			}
		}
	}
	return out, nil
}
