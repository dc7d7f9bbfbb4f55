package nn

import (
	"fmt"
	"math"
	"sort"
)

// Param is a named trainable tensor. Its Grad is allocated with it and
// accumulates over Backward calls until zeroed.
type Param struct {
	Name string
	*Tensor
}

// Params is the ordered, named collection of a model's parameters: layers
// register their tensors in it when built, optimizers update them, and
// checkpoints save and load them by name. The order of registration is
// the order of iteration, so it is deterministic.
type Params struct {
	list   []*Param
	byName map[string]*Param
}

// NewParams returns an empty collection.
func NewParams() *Params { return &Params{byName: map[string]*Param{}} }

// Add registers a zero-initialised parameter and returns its tensor. It
// panics when the name is empty or already taken.
func (ps *Params) Add(name string, shape ...int) *Tensor {
	if name == "" {
		panic("nn: parameter without a name")
	}
	if _, dup := ps.byName[name]; dup {
		panic(fmt.Sprintf("nn: duplicate parameter name %q", name))
	}
	t := Zeros(shape...)
	t.Grad = make([]float32, len(t.Data))
	t.needGrad = true
	p := &Param{Name: name, Tensor: t}
	ps.list = append(ps.list, p)
	ps.byName[name] = p
	return t
}

// Get returns the named parameter's tensor, or nil.
func (ps *Params) Get(name string) *Tensor {
	if p, ok := ps.byName[name]; ok {
		return p.Tensor
	}
	return nil
}

// List returns the parameters in registration order (do not modify the
// slice).
func (ps *Params) List() []*Param { return ps.list }

// Names returns the parameter names in registration order.
func (ps *Params) Names() []string {
	out := make([]string, len(ps.list))
	for i, p := range ps.list {
		out[i] = p.Name
	}
	return out
}

// Len is the number of parameter tensors.
func (ps *Params) Len() int { return len(ps.list) }

// NumValues is the total number of scalar parameters.
func (ps *Params) NumValues() int {
	n := 0
	for _, p := range ps.list {
		n += len(p.Data)
	}
	return n
}

// ZeroGrad sets every gradient to zero.
func (ps *Params) ZeroGrad() {
	for _, p := range ps.list {
		clear(p.Grad)
	}
}

// GradNorm returns the global L2 norm of all gradients, summed in float64
// in registration order.
func (ps *Params) GradNorm() float64 {
	var s float64
	for _, p := range ps.list {
		for _, g := range p.Grad {
			s += float64(g) * float64(g)
		}
	}
	return math.Sqrt(s)
}

// ClipGradNorm rescales all gradients by maxNorm/‖g‖ when their global
// L2 norm ‖g‖ exceeds maxNorm (Pascanu, Mikolov & Bengio 2013), and
// returns the norm before clipping. A non-finite norm leaves the gradients
// unchanged (the caller's divergence check sees it).
//
// References:
//
//	R. Pascanu, T. Mikolov and Y. Bengio, "On the difficulty of training
//	recurrent neural networks", ICML (2013).
func (ps *Params) ClipGradNorm(maxNorm float64) float64 {
	norm := ps.GradNorm()
	if maxNorm > 0 && norm > maxNorm && !math.IsInf(norm, 0) {
		s := float32(maxNorm / norm)
		for _, p := range ps.list {
			for i := range p.Grad {
				p.Grad[i] *= s
			}
		}
	}
	return norm
}

// CopyValues copies all parameter values, in order, into dst (grown when
// too short) and returns it.
func (ps *Params) CopyValues(dst []float32) []float32 {
	n := ps.NumValues()
	if cap(dst) < n {
		dst = make([]float32, n)
	}
	dst = dst[:n]
	off := 0
	for _, p := range ps.list {
		off += copy(dst[off:], p.Data)
	}
	return dst
}

// SetValues loads all parameter values, in order, from src (as written by
// CopyValues). It panics when the length differs.
func (ps *Params) SetValues(src []float32) {
	if len(src) != ps.NumValues() {
		panic(fmt.Sprintf("nn: SetValues with %d values for %d parameters", len(src), ps.NumValues()))
	}
	off := 0
	for _, p := range ps.list {
		off += copy(p.Data, src[off:])
	}
}

// sortedNames returns the names in lexical order.
func (ps *Params) sortedNames() []string {
	n := ps.Names()
	sort.Strings(n)
	return n
}
