package nn

import "github.com/emergo/emergo/nn/internal/vec"

// Scalar float32 functions of the engine (see package vec).
var (
	expf     = vec.Exp32
	tanhf    = vec.Tanh32
	sigmoidf = vec.Sigmoid32
	geluf    = vec.GELU32
	sqrtf    = vec.Sqrt32
	logf     = vec.Log32
	absf     = vec.Abs32
)

// axpy computes y += alpha·x.
func axpy(y []float32, alpha float32, x []float32) {
	x = x[:len(y)]
	if alpha == 1 {
		for i, v := range x {
			y[i] += v
		}
		return
	}
	for i, v := range x {
		y[i] += alpha * v
	}
}
