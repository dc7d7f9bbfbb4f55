package nn

import (
	"fmt"
	"math/rand/v2"
)

// Tape records operations for reverse-mode differentiation and owns the
// memory of their results.
//
// Every operation (a method of Tape) computes its result at once and, when
// an input requires gradients, appends a node to the tape. Backward walks
// the nodes in reverse and accumulates gradients. Reset forgets the nodes
// and recycles every buffer the tape handed out: results and gradients are
// carved from one arena slab, and tensor and node records are pooled, so a
// training step that builds the same graph each time allocates nothing
// once the arena has grown to fit (the first step or two).
//
// A Tape is not safe for concurrent use; use one per goroutine.
type Tape struct {
	// Training selects training behaviour in layers (dropout active).
	Training bool
	// Rand drives dropout masks; it must be set before a dropout with
	// p > 0 runs in training mode. The Trainer sets it to its own seeded
	// generator so that masks are part of the checkpointed state.
	Rand *rand.Rand
	// NoGrad disables recording: no operation keeps a node and no result
	// requires gradients, as for inference or validation.
	NoGrad bool

	ar      arena
	tensors []*Tensor
	nt      int
	nodes   []node
	ew      ewJob
	gradOK  bool

	attnPool []*attnJob
	attnJobs int
	rnnPool  []*rnnJob
	rnnJobs  int
}

// NewTape returns an empty tape.
func NewTape() *Tape { return &Tape{} }

// Reset forgets all nodes and recycles all tensors the tape produced
// (their Data and Grad become invalid). Settings (Training, Rand, NoGrad)
// are kept.
func (tp *Tape) Reset() {
	for i := range tp.nodes {
		tp.nodes[i] = node{ins: tp.nodes[i].ins[:0]}
	}
	tp.nodes = tp.nodes[:0]
	tp.nt = 0
	tp.attnJobs, tp.rnnJobs = 0, 0
	tp.ar.reset()
	tp.gradOK = false
}

// Len is the number of recorded nodes.
func (tp *Tape) Len() int { return len(tp.nodes) }

// ArenaSize reports the arena's capacity in float32 values.
func (tp *Tape) ArenaSize() int { return len(tp.ar.slab) }

// arena hands out float32 buffers by bumping an offset in one slab. When
// a step needs more than the slab holds, the excess is allocated
// separately and the slab is regrown at the next reset.
type arena struct {
	slab     []float32
	off      int
	overflow int
}

func (a *arena) alloc(n int) []float32 {
	if a.off+n <= len(a.slab) {
		s := a.slab[a.off : a.off+n : a.off+n]
		a.off += n
		return s
	}
	a.overflow += n
	return make([]float32, n)
}

func (a *arena) reset() {
	if a.overflow > 0 {
		a.slab = make([]float32, (a.off+a.overflow)*5/4+1024)
	}
	a.off, a.overflow = 0, 0
}

// buf returns an uninitialised arena buffer of n values.
func (tp *Tape) buf(n int) []float32 { return tp.ar.alloc(n) }

// zbuf returns a zeroed arena buffer of n values.
func (tp *Tape) zbuf(n int) []float32 {
	s := tp.ar.alloc(n)
	clear(s)
	return s
}

// newTensor returns a pooled tensor of the given shape with an
// uninitialised Data buffer from the arena.
func (tp *Tape) newTensor(shape ...int) *Tensor {
	t := tp.header(shape)
	t.Data = tp.buf(t.Size())
	return t
}

// header returns a pooled tensor record with the shape set and no data.
func (tp *Tape) header(shape []int) *Tensor {
	if tp.nt == len(tp.tensors) {
		tp.tensors = append(tp.tensors, &Tensor{})
	}
	t := tp.tensors[tp.nt]
	tp.nt++
	*t = Tensor{tape: tp}
	t.setShape(shape)
	return t
}

// like returns a new tensor with a's shape.
func (tp *Tape) like(a *Tensor) *Tensor {
	t := tp.header(a.Shape())
	t.Data = tp.buf(len(a.Data))
	return t
}

// New returns an uninitialised tensor of the given shape from the tape's
// arena, for custom operations (see Record).
func (tp *Tape) New(shape ...int) *Tensor { return tp.newTensor(shape...) }

// Const returns a tensor holding a copy of data, not requiring gradients.
func (tp *Tape) Const(data []float32, shape ...int) *Tensor {
	t := tp.newTensor(shape...)
	if len(data) != len(t.Data) {
		panic(fmt.Sprintf("nn: Const with %d values for shape %s", len(data), fmtShape(shape)))
	}
	copy(t.Data, data)
	return t
}

// Full returns a constant tensor with every element v.
func (tp *Tape) Full(v float32, shape ...int) *Tensor {
	t := tp.newTensor(shape...)
	for i := range t.Data {
		t.Data[i] = v
	}
	return t
}

// Var returns a leaf tensor holding a copy of data that requires
// gradients: after Backward its Grad holds ∂loss/∂data (zero when the loss
// does not depend on it). Use it to differentiate with respect to inputs.
func (tp *Tape) Var(data []float32, shape ...int) *Tensor {
	t := tp.Const(data, shape...)
	t.needGrad = !tp.NoGrad
	if t.needGrad {
		t.Grad = tp.zbuf(len(t.Data))
	}
	return t
}

// needs reports whether a result computed from ins requires gradients.
func (tp *Tape) needs(ins ...*Tensor) bool {
	if tp.NoGrad {
		return false
	}
	for _, t := range ins {
		if t != nil && t.needGrad {
			return true
		}
	}
	return false
}

// gradOf returns t's gradient buffer for accumulation, allocating a
// zeroed one the first time.
func (tp *Tape) gradOf(t *Tensor) []float32 {
	if t.Grad == nil {
		t.Grad = tp.zbuf(len(t.Data))
	}
	return t.Grad
}

// gradFor returns t's gradient buffer and whether it is fresh: a fresh
// buffer is uninitialised and the caller must overwrite all of it instead
// of accumulating.
func (tp *Tape) gradFor(t *Tensor) (g []float32, fresh bool) {
	if t.Grad == nil {
		t.Grad = tp.buf(len(t.Data))
		return t.Grad, true
	}
	return t.Grad, false
}

// addGrad adds g into t's gradient (copying when t has none yet).
func (tp *Tape) addGrad(t *Tensor, g []float32) {
	if !t.needGrad {
		return
	}
	dst, fresh := tp.gradFor(t)
	if fresh {
		copy(dst, g)
		return
	}
	axpy(dst, 1, g)
}

// Backward computes the gradient of the scalar loss with respect to every
// tensor on the tape that requires gradients, accumulating into the Grad
// of parameters (which persist across steps: zero them with
// Params.ZeroGrad between steps). It panics when loss is not a
// one-element tensor of this tape or does not require gradients.
func (tp *Tape) Backward(loss *Tensor) {
	if loss.Size() != 1 {
		panic(fmt.Sprintf("nn: Backward of a non-scalar tensor with shape %v", loss.Shape()))
	}
	if !loss.needGrad {
		panic("nn: Backward of a tensor that does not depend on any parameter or Var")
	}
	if loss.tape != tp && loss.tape != nil {
		panic("nn: Backward of a tensor from another tape")
	}
	if tp.gradOK {
		panic("nn: Backward called twice without Reset")
	}
	tp.gradOK = true
	g, fresh := tp.gradFor(loss)
	if fresh {
		g[0] = 1
	} else {
		g[0]++
	}
	for i := len(tp.nodes) - 1; i >= 0; i-- {
		n := &tp.nodes[i]
		if n.out.Grad == nil && (n.op != opLSTM || n.f.Grad == nil) {
			continue
		}
		n.backward(tp)
	}
}

// CustomOp is the backward rule of an operation defined outside this
// package. Backward must add ∂loss/∂input into each input's gradient,
// using Tape.GradOf, given out.Grad.
type CustomOp interface {
	Backward(tp *Tape, out *Tensor)
}

// Record makes out (from Tape.New) the result of a custom operation on
// inputs: when any input requires gradients, out does too and op.Backward
// runs during Backward. It returns out.
func (tp *Tape) Record(op CustomOp, out *Tensor, inputs ...*Tensor) *Tensor {
	if !tp.needs(inputs...) {
		return out
	}
	n := tp.record(opCustom, out)
	n.custom = op
	return out
}

// GradOf returns t's gradient buffer for accumulation in a CustomOp
// (zeroed when first requested), or nil when t does not require gradients.
func (tp *Tape) GradOf(t *Tensor) []float32 {
	if !t.needGrad {
		return nil
	}
	return tp.gradOf(t)
}
