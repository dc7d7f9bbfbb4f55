package nn

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// Initialisers fill a tensor from a caller's seeded generator (for
// example rand.New(rand.NewPCG(seed, stream))), so a model built from the
// same seed has the same weights.

// Uniform fills t with independent U(-a, a) values.
func Uniform(t *Tensor, a float64, rng *rand.Rand) {
	for i := range t.Data {
		t.Data[i] = float32((2*rng.Float64() - 1) * a)
	}
}

// Normal fills t with independent N(0, std²) values.
func Normal(t *Tensor, std float64, rng *rand.Rand) {
	for i := range t.Data {
		t.Data[i] = float32(rng.NormFloat64() * std)
	}
}

// GlorotUniform fills t with U(-a, a), a = √(6/(fanIn + fanOut)), which
// keeps activation and gradient variances equal across tanh-like layers
// (Glorot & Bengio 2010).
//
// References:
//
//	X. Glorot and Y. Bengio, "Understanding the difficulty of training deep
//	feedforward neural networks", AISTATS (2010).
func GlorotUniform(t *Tensor, fanIn, fanOut int, rng *rand.Rand) {
	Uniform(t, math.Sqrt(6/float64(fanIn+fanOut)), rng)
}

// HeNormal fills t with N(0, 2/fanIn), the variance that preserves
// activation scale through ReLU layers (He et al. 2015).
//
// References:
//
//	K. He, X. Zhang, S. Ren and J. Sun, "Delving deep into rectifiers",
//	ICCV (2015).
func HeNormal(t *Tensor, fanIn int, rng *rand.Rand) {
	Normal(t, math.Sqrt(2/float64(fanIn)), rng)
}

// Orthogonal fills the rows×cols matrix t (rank 2) with gain times a
// random orthogonal matrix (orthonormal columns when rows ≥ cols, rows
// otherwise): the Q factor of a Gaussian matrix with the signs fixed by R's
// diagonal, so that it is Haar-distributed (Saxe, McClelland & Ganguli
// 2014; Mezzadri 2007).
//
// References:
//
//	A. M. Saxe, J. L. McClelland and S. Ganguli, "Exact solutions to the
//	nonlinear dynamics of learning in deep linear neural networks", ICLR
//	(2014).
//	F. Mezzadri, "How to generate random matrices from the classical
//	compact groups", Notices AMS 54, 592 (2007).
func Orthogonal(t *Tensor, gain float64, rng *rand.Rand) {
	if t.rank != 2 {
		panic(fmt.Sprintf("nn: Orthogonal of shape %v: want a matrix", t.Shape()))
	}
	q := orthogonal(t.dims[0], t.dims[1], rng)
	for i := range t.Data {
		t.Data[i] = float32(gain * q[i])
	}
}

// orthogonal returns a rows×cols row-major matrix with orthonormal
// columns (rows ≥ cols) or rows.
func orthogonal(rows, cols int, rng *rand.Rand) []float64 {
	tall := rows >= cols
	r, c := rows, cols
	if !tall {
		r, c = cols, rows
	}
	g := mat.NewDense(r, c, nil)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			g.Set(i, j, rng.NormFloat64())
		}
	}
	var qr mat.QR
	qr.Factorize(g)
	var q, rr mat.Dense
	qr.QTo(&q)
	qr.RTo(&rr)
	out := make([]float64, rows*cols)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			v := q.At(i, j)
			if rr.At(j, j) < 0 {
				v = -v
			}
			if tall {
				out[i*cols+j] = v
			} else {
				out[j*cols+i] = v
			}
		}
	}
	return out
}

// orthogonalBlocks fills each of the k consecutive H×H column blocks of
// the H×(k·H) matrix t with an independent orthogonal matrix, the usual
// initialisation of recurrent weights per gate.
func orthogonalBlocks(t *Tensor, k int, rng *rand.Rand) {
	h := t.dims[0]
	for b := 0; b < k; b++ {
		q := orthogonal(h, h, rng)
		for i := 0; i < h; i++ {
			for j := 0; j < h; j++ {
				t.Data[i*k*h+b*h+j] = float32(q[i*h+j])
			}
		}
	}
}
