package nn

import (
	"fmt"
	"math"

	"github.com/emergo/emergo/nn/internal/vec"
)

// Activation is an elementwise nonlinearity that Linear and Dense can fuse
// with the bias addition.
type Activation uint8

// Activations.
const (
	Identity Activation = iota
	ReLU
	// GELU is the tanh approximation ½x(1 + tanh(√(2/π)(x + 0.044715x³)))
	// of x·Φ(x) (Hendrycks & Gimpel 2016), PyTorch's
	// nn.GELU(approximate="tanh"); its largest deviation from the erf form
	// is about 3e-4 (near |x| ≈ 2), well below training noise.
	GELU
	Tanh
	Sigmoid
)

// String names the activation.
func (a Activation) String() string {
	switch a {
	case Identity:
		return "identity"
	case ReLU:
		return "relu"
	case GELU:
		return "gelu"
	case Tanh:
		return "tanh"
	case Sigmoid:
		return "sigmoid"
	}
	return fmt.Sprintf("Activation(%d)", uint8(a))
}

// ParseActivation maps a name ("relu", "gelu", "tanh", "sigmoid",
// "identity" or "") to an Activation.
func ParseActivation(s string) (Activation, error) {
	switch s {
	case "", "identity", "linear", "none":
		return Identity, nil
	case "relu":
		return ReLU, nil
	case "gelu":
		return GELU, nil
	case "tanh":
		return Tanh, nil
	case "sigmoid":
		return Sigmoid, nil
	}
	return Identity, fmt.Errorf("nn: unknown activation %q (identity, relu, gelu, tanh, sigmoid)", s)
}

type unaryKind uint8

const (
	uReLU unaryKind = iota
	uGELU
	uTanh
	uSigmoid
	uExp
	uLog
	uSquare
	uSqrt
	uAbs
	uClampMin // max(x, c)
)

func (u unaryKind) cost() int {
	switch u {
	case uGELU, uTanh, uSigmoid, uExp:
		return 4
	case uLog, uSqrt:
		return 8
	}
	return 1
}

// unaryForward sets y = f(x).
func unaryForward(k unaryKind, x, y []float32, c float32) {
	y = y[:len(x)]
	switch k {
	case uReLU:
		reluFwd(y, x)
	case uGELU:
		vec.GELU(y, x)
	case uTanh:
		vec.Tanh(y, x)
	case uSigmoid:
		vec.Sigmoid(y, x)
	case uExp:
		vec.Exp(y, x)
	case uLog:
		for i, v := range x {
			y[i] = logf(v)
		}
	case uSquare:
		for i, v := range x {
			y[i] = v * v
		}
	case uSqrt:
		for i, v := range x {
			y[i] = sqrtf(v)
		}
	case uAbs:
		for i, v := range x {
			y[i] = absf(v)
		}
	case uClampMin:
		for i, v := range x {
			y[i] = max(v, c)
		}
	}
}

// unaryGrad sets (fresh) or adds dx = g·f'(x) given y = f(x). The
// derivative is formed in d (a chunk of dx when fresh) and then added, so
// each kind has its own tight loop.
func unaryGrad(k unaryKind, x, y, g, dx []float32, fresh bool, c float32) {
	n := len(x)
	y, g, dx = y[:n], g[:n], dx[:n]
	const chunk = 256
	var tmp [chunk]float32
	for lo := 0; lo < n; lo += chunk {
		hi := min(lo+chunk, n)
		xs, ys, gs := x[lo:hi], y[lo:hi], g[lo:hi]
		d := tmp[:hi-lo]
		if fresh {
			d = dx[lo:hi]
		}
		switch k {
		case uReLU:
			reluGrad(d, xs, gs)
		case uGELU:
			vec.GELUGrad(d, xs, gs)
		case uTanh:
			for i, v := range ys {
				d[i] = gs[i] * (1 - v*v)
			}
		case uSigmoid:
			for i, v := range ys {
				d[i] = gs[i] * v * (1 - v)
			}
		case uExp:
			for i, v := range ys {
				d[i] = gs[i] * v
			}
		case uLog:
			for i, v := range xs {
				d[i] = gs[i] / v
			}
		case uSquare:
			for i, v := range xs {
				d[i] = 2 * gs[i] * v
			}
		case uSqrt:
			for i, v := range ys {
				d[i] = gs[i] / (2 * v)
			}
		case uAbs:
			for i, v := range xs {
				switch {
				case v > 0:
					d[i] = gs[i]
				case v < 0:
					d[i] = -gs[i]
				default:
					d[i] = 0
				}
			}
		case uClampMin:
			for i, v := range xs {
				if v > c {
					d[i] = gs[i]
				} else {
					d[i] = 0
				}
			}
		}
		if !fresh {
			axpy(dx[lo:hi], 1, d)
		}
	}
}

// reluGrad sets d = g where x > 0 and 0 elsewhere, without branches (the
// signs of activations are random, so a branch would mispredict half the
// time): the mask is all ones exactly when x's bits are positive and
// nonzero.
func reluGrad(d, x, g []float32) {
	g = g[:len(x)]
	d = d[:len(x)]
	for i, v := range x {
		b := int32(math.Float32bits(v))
		mask := uint32((-b) >> 31) // all ones iff b > 0 (x > 0, not NaN-negative)
		d[i] = math.Float32frombits(math.Float32bits(g[i]) & mask)
	}
}

// reluFwd sets y = max(x, 0) without branches.
func reluFwd(y, x []float32) {
	y = y[:len(x)]
	for i, v := range x {
		b := int32(math.Float32bits(v))
		mask := uint32((-b) >> 31)
		y[i] = math.Float32frombits(uint32(b) & mask)
	}
}

func (tp *Tape) unary(k unaryKind, a *Tensor, c float32) *Tensor {
	out := tp.like(a)
	j := &tp.ew
	j.kind, j.unary, j.a, j.b, j.x0 = ewUnaryFwd, k, a.Data, out.Data, c
	tp.runEW(len(a.Data), k.cost())
	if tp.needs(a) {
		n := tp.record(opUnary, out)
		n.a, n.i[0], n.x[0] = a, int(k), c
	}
	return out
}

func (tp *Tape) unaryBackward(n *node) {
	if !n.a.needGrad {
		return
	}
	dx, fresh := tp.gradFor(n.a)
	k := unaryKind(n.i[0])
	j := &tp.ew
	j.kind, j.unary, j.a, j.b, j.c, j.d, j.fresh, j.x0 = ewUnaryBwd, k, n.a.Data, n.out.Data, n.out.Grad, dx, fresh, n.x[0]
	tp.runEW(len(dx), k.cost())
}

// ReLU returns max(a, 0) elementwise (gradient 0 at 0).
func (tp *Tape) ReLU(a *Tensor) *Tensor { return tp.unary(uReLU, a, 0) }

// GELU returns the tanh-approximated GELU of a (see the GELU activation).
func (tp *Tape) GELU(a *Tensor) *Tensor { return tp.unary(uGELU, a, 0) }

// Tanh returns tanh(a) elementwise.
func (tp *Tape) Tanh(a *Tensor) *Tensor { return tp.unary(uTanh, a, 0) }

// Sigmoid returns 1/(1+e^{-a}) elementwise.
func (tp *Tape) Sigmoid(a *Tensor) *Tensor { return tp.unary(uSigmoid, a, 0) }

// Exp returns e^a elementwise.
func (tp *Tape) Exp(a *Tensor) *Tensor { return tp.unary(uExp, a, 0) }

// Log returns the natural logarithm of a elementwise (NaN for negative
// values, -Inf at 0).
func (tp *Tape) Log(a *Tensor) *Tensor { return tp.unary(uLog, a, 0) }

// Square returns a² elementwise.
func (tp *Tape) Square(a *Tensor) *Tensor { return tp.unary(uSquare, a, 0) }

// Sqrt returns √a elementwise.
func (tp *Tape) Sqrt(a *Tensor) *Tensor { return tp.unary(uSqrt, a, 0) }

// Abs returns |a| elementwise (gradient 0 at 0).
func (tp *Tape) Abs(a *Tensor) *Tensor { return tp.unary(uAbs, a, 0) }

// ClampMin returns max(a, c) elementwise.
func (tp *Tape) ClampMin(a *Tensor, c float32) *Tensor { return tp.unary(uClampMin, a, c) }

// Activate applies the activation act (Identity returns a itself).
func (tp *Tape) Activate(a *Tensor, act Activation) *Tensor {
	switch act {
	case Identity:
		return a
	case ReLU:
		return tp.ReLU(a)
	case GELU:
		return tp.GELU(a)
	case Tanh:
		return tp.Tanh(a)
	case Sigmoid:
		return tp.Sigmoid(a)
	}
	panic(fmt.Sprintf("nn: unknown activation %d", act))
}

// AddScalar returns a + s elementwise.
func (tp *Tape) AddScalar(a *Tensor, s float32) *Tensor {
	out := tp.like(a)
	for i, v := range a.Data {
		out.Data[i] = v + s
	}
	if tp.needs(a) {
		n := tp.record(opAddScalar, out)
		n.a = a
	}
	return out
}

// MulScalar returns s·a elementwise.
func (tp *Tape) MulScalar(a *Tensor, s float32) *Tensor {
	out := tp.like(a)
	for i, v := range a.Data {
		out.Data[i] = v * s
	}
	if tp.needs(a) {
		n := tp.record(opMulScalar, out)
		n.a, n.x[0] = a, s
	}
	return out
}

// Neg returns -a.
func (tp *Tape) Neg(a *Tensor) *Tensor { return tp.MulScalar(a, -1) }

func (tp *Tape) mulScalarBackward(n *node) {
	if !n.a.needGrad {
		return
	}
	dx, fresh := tp.gradFor(n.a)
	s := n.x[0]
	if fresh {
		for i, g := range n.out.Grad {
			dx[i] = s * g
		}
		return
	}
	axpy(dx, s, n.out.Grad)
}

// biasAct computes y = act(x + bias) row by row in place of y (x may be y).
func biasAct(x, bias, y []float32, cols int, act Activation) {
	rows := len(x) / cols
	for r := 0; r < rows; r++ {
		xr, yr := x[r*cols:(r+1)*cols], y[r*cols:(r+1)*cols]
		if bias != nil {
			b := bias[:cols]
			for j := range yr {
				yr[j] = xr[j] + b[j]
			}
			xr = yr
		}
		switch act {
		case Identity:
			if bias == nil {
				copy(yr, xr)
			}
		case ReLU:
			reluFwd(yr, xr)
		case GELU:
			vec.GELU(yr, xr)
		case Tanh:
			vec.Tanh(yr, xr)
		case Sigmoid:
			vec.Sigmoid(yr, xr)
		}
	}
}

// actGrad sets dpre = g·act'(pre) where y = act(pre).
func actGrad(act Activation, pre, y, g, dpre []float32) {
	n := len(g)
	y, dpre = y[:n], dpre[:n]
	switch act {
	case Identity:
		copy(dpre, g)
	case ReLU:
		reluGrad(dpre, y, g)
	case GELU:
		vec.GELUGrad(dpre, pre[:n], g)
	case Tanh:
		for i, v := range g {
			dpre[i] = v * (1 - y[i]*y[i])
		}
	case Sigmoid:
		for i, v := range g {
			dpre[i] = v * y[i] * (1 - y[i])
		}
	}
}

func actCost(act Activation) int {
	switch act {
	case GELU, Tanh, Sigmoid:
		return 4
	}
	return 1
}

var nan32 = float32(math.NaN())
