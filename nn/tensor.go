package nn

import (
	"fmt"
	"strconv"
	"strings"
)

// MaxRank is the largest number of axes a Tensor may have.
const MaxRank = 6

// Tensor is a dense float32 array in row-major order with a shape of up to
// MaxRank axes (rank 0 is a scalar holding one value).
//
// Data holds the values. Grad holds ∂loss/∂Data after Tape.Backward for
// tensors that require gradients (parameters, Tape.Var leaves and every
// result computed from them); it is nil otherwise.
//
// A tensor produced by a Tape's operation lives in the tape's arena: its
// Data and Grad are reused by the next step after Tape.Reset, so copy out
// anything that must outlive the step.
type Tensor struct {
	Data []float32
	Grad []float32

	dims     [MaxRank]int
	rank     int
	needGrad bool
	node     int32 // index+1 of the producing node on its tape; 0 for leaves
	tape     *Tape
}

// NewTensor wraps data (not copied) in a tensor of the given shape. It
// panics when len(data) does not match the shape. The tensor does not
// require gradients.
func NewTensor(data []float32, shape ...int) *Tensor {
	t := &Tensor{}
	t.setShape(shape)
	if len(data) != t.Size() {
		panic(fmt.Sprintf("nn: NewTensor with %d values for shape %s", len(data), fmtShape(shape)))
	}
	t.Data = data
	return t
}

// Zeros returns a new zero tensor of the given shape.
func Zeros(shape ...int) *Tensor {
	t := &Tensor{}
	t.setShape(shape)
	t.Data = make([]float32, t.Size())
	return t
}

func (t *Tensor) setShape(shape []int) {
	if len(shape) > MaxRank {
		panic("nn: shape " + fmtShape(shape) + " has more than 6 axes")
	}
	for _, d := range shape {
		if d < 0 {
			panic("nn: negative dimension in shape " + fmtShape(shape))
		}
	}
	t.rank = copy(t.dims[:], shape)
	for i := t.rank; i < MaxRank; i++ {
		t.dims[i] = 0
	}
}

// Shape returns the tensor's dimensions. The slice aliases the tensor: do
// not modify it.
func (t *Tensor) Shape() []int { return t.dims[:t.rank] }

// Rank is the number of axes.
func (t *Tensor) Rank() int { return t.rank }

// Dim returns the size of axis i; negative i counts from the end (-1 is
// the last axis).
func (t *Tensor) Dim(i int) int {
	if i < 0 {
		i += t.rank
	}
	if i < 0 || i >= t.rank {
		panic(fmt.Sprintf("nn: axis %d out of range for shape %v", i, t.Shape()))
	}
	return t.dims[i]
}

// Size is the number of elements (1 for a scalar).
func (t *Tensor) Size() int {
	n := 1
	for _, d := range t.dims[:t.rank] {
		n *= d
	}
	return n
}

// RequiresGrad reports whether gradients flow to this tensor.
func (t *Tensor) RequiresGrad() bool { return t.needGrad }

// Item returns the value of a one-element tensor.
func (t *Tensor) Item() float32 {
	if len(t.Data) != 1 {
		panic(fmt.Sprintf("nn: Item of a tensor with shape %v", t.Shape()))
	}
	return t.Data[0]
}

// Rows returns the product of all axes but the last, and the last axis:
// the tensor viewed as a matrix.
func (t *Tensor) Rows() (rows, cols int) {
	if t.rank == 0 {
		return 1, 1
	}
	cols = t.dims[t.rank-1]
	if cols == 0 {
		return 0, 0
	}
	return t.Size() / cols, cols
}

// String describes the shape and the first values.
func (t *Tensor) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Tensor%v[", t.Shape())
	for i, v := range t.Data {
		if i == 8 {
			b.WriteString(" …")
			break
		}
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%.4g", v)
	}
	b.WriteByte(']')
	return b.String()
}

// fmtShape formats a shape like fmt's %v without making it escape (so
// that shape arguments stay on the caller's stack).
func fmtShape(s []int) string {
	b := []byte{'['}
	for i, d := range s {
		if i > 0 {
			b = append(b, ' ')
		}
		b = strconv.AppendInt(b, int64(d), 10)
	}
	return string(append(b, ']'))
}

func sameShape(a, b *Tensor) bool {
	return a.rank == b.rank && a.dims == b.dims
}

func shapeProduct(s []int) int {
	n := 1
	for _, d := range s {
		n *= d
	}
	return n
}
