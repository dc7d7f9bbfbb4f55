package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// Finite-difference gradient checks.
//
// Every operation runs in float32. The loss checked is L = Σ out∘R with
// fixed random weights R, summed in float64 from the float32 outputs. The
// numerical derivative is the central difference
// (L(x+h) - L(x-h)) / (x₊ - x₋), where x₊, x₋ are the float32 values
// actually stored, with h = gcEps = 1e-2 on inputs of order one. Its
// truncation error is h²/6·|L”'| ≈ 2e-5 and the float32 rounding of the
// outputs contributes about 1e-7·Σ|out∘R|/h ≲ 1e-4, so an analytic
// gradient g is accepted when |g - num| ≤ gcAtol + gcRtol·max(|g|, |num|)
// with gcRtol = 1e-2 and gcAtol = 2e-3. Kinks (ReLU, |x|, Huber's
// threshold) are kept farther than h from the inputs.
const (
	gcEps  = 1e-2
	gcRtol = 1e-2
	gcAtol = 2e-3
	// gcMaxChecks caps the elements checked per leaf (chosen evenly).
	gcMaxChecks = 40
)

// leaf returns a gradient-requiring tensor with N(0, 1) values, like a
// parameter.
func leaf(rng *rand.Rand, shape ...int) *Tensor {
	t := Zeros(shape...)
	t.Grad = make([]float32, len(t.Data))
	t.needGrad = true
	for i := range t.Data {
		t.Data[i] = float32(rng.NormFloat64())
	}
	return t
}

// leafAway is leaf with |values| in [0.2, 1.5], away from the kink at 0.
func leafAway(rng *rand.Rand, shape ...int) *Tensor {
	t := leaf(rng, shape...)
	for i := range t.Data {
		v := 0.2 + 1.3*rng.Float64()
		if rng.IntN(2) == 0 {
			v = -v
		}
		t.Data[i] = float32(v)
	}
	return t
}

func leafPositive(rng *rand.Rand, shape ...int) *Tensor {
	t := leafAway(rng, shape...)
	for i, v := range t.Data {
		t.Data[i] = absf(v)
	}
	return t
}

// gradError runs the check and returns a description of the first
// mismatch, or nil.
func gradError(leaves []*Tensor, build func(tp *Tape) *Tensor, eps float64) error {
	tp := NewTape()
	out := build(tp)
	rng := rand.New(rand.NewPCG(99, 1))
	r := make([]float32, out.Size())
	for i := range r {
		r[i] = float32(rng.NormFloat64())
	}
	loss := tp.Sum(tp.Mul(out, tp.Const(r, out.Shape()...)))
	for _, l := range leaves {
		clear(l.Grad)
	}
	tp.Backward(loss)
	ana := make([][]float32, len(leaves))
	for i, l := range leaves {
		ana[i] = append([]float32(nil), l.Grad...)
	}
	eval := func() float64 {
		tp.Reset()
		o := build(tp)
		var s float64
		for i, v := range o.Data {
			s += float64(v) * float64(r[i])
		}
		return s
	}
	for li, l := range leaves {
		n := len(l.Data)
		step := max(1, n/gcMaxChecks)
		for k := 0; k < n; k += step {
			orig := l.Data[k]
			l.Data[k] = float32(float64(orig) + eps)
			xp := float64(l.Data[k])
			lp := eval()
			l.Data[k] = float32(float64(orig) - eps)
			xm := float64(l.Data[k])
			lm := eval()
			l.Data[k] = orig
			num := (lp - lm) / (xp - xm)
			g := float64(ana[li][k])
			if d := math.Abs(g - num); !(d <= gcAtol+gcRtol*max(math.Abs(g), math.Abs(num))) {
				return fmt.Errorf("leaf %d %v element %d: analytic %.6g, numerical %.6g", li, l.Shape(), k, g, num)
			}
		}
	}
	return nil
}

func checkGrad(t *testing.T, name string, leaves []*Tensor, build func(tp *Tape) *Tensor) {
	t.Helper()
	checkGradEps(t, name, leaves, build, gcEps)
}

func checkGradEps(t *testing.T, name string, leaves []*Tensor, build func(tp *Tape) *Tensor, eps float64) {
	t.Helper()
	if err := gradError(leaves, build, eps); err != nil {
		t.Errorf("%s: %v", name, err)
	}
}

// wrongOp doubles its input but claims gradient 2.1: the checker must
// reject it.
type wrongOp struct{ in *Tensor }

func (w wrongOp) Backward(tp *Tape, out *Tensor) {
	g := tp.GradOf(w.in)
	for i, v := range out.Grad {
		g[i] += 2.1 * v
	}
}

func TestGradCheckDetectsWrongGradient(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	x := leaf(rng, 5)
	build := func(tp *Tape) *Tensor {
		out := tp.New(5)
		for i, v := range x.Data {
			out.Data[i] = 2 * v
		}
		return tp.Record(wrongOp{x}, out, x)
	}
	if err := gradError([]*Tensor{x}, build, gcEps); err == nil {
		t.Fatal("a gradient 5% off was accepted")
	}
	right := func(tp *Tape) *Tensor { return tp.MulScalar(x, 2) }
	if err := gradError([]*Tensor{x}, right, gcEps); err != nil {
		t.Fatalf("the correct gradient was rejected: %v", err)
	}
}
