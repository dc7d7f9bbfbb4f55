package homogenization

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

func randDense(rng *rand.Rand, n, d int) *mat.Dense {
	x := mat.NewDense(n, d, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < d; j++ {
			x.Set(i, j, rng.NormFloat64())
		}
	}
	return x
}

// randOrthogonal returns a random d×d orthogonal matrix (Q of the QR
// factorisation of a Gaussian matrix).
func randOrthogonal(rng *rand.Rand, d int) *mat.Dense {
	var qr mat.QR
	qr.Factorize(randDense(rng, d, d))
	var q mat.Dense
	qr.QTo(&q)
	return &q
}

func mul(a, b mat.Matrix) *mat.Dense {
	var c mat.Dense
	c.Mul(a, b)
	return &c
}

func close(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func meanSD(v []float64) (float64, float64) {
	var s float64
	for _, x := range v {
		s += x
	}
	m := s / float64(len(v))
	var ss float64
	for _, x := range v {
		ss += (x - m) * (x - m)
	}
	return m, math.Sqrt(ss / float64(len(v)-1))
}

// addCols adds the first c columns of x to the first c columns of y.
func addCols(y, x *mat.Dense, c int) {
	n, _ := y.Dims()
	for i := 0; i < n; i++ {
		for j := 0; j < c; j++ {
			y.Set(i, j, y.At(i, j)+x.At(i, j))
		}
	}
}
