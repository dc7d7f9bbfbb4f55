package nn

import "fmt"

// Sum returns the sum of all elements as a scalar (rank 0), accumulated
// in float64 in index order.
func (tp *Tape) Sum(a *Tensor) *Tensor { return tp.sumAll(a, 1) }

// Mean returns the mean of all elements as a scalar.
func (tp *Tape) Mean(a *Tensor) *Tensor { return tp.sumAll(a, 1/float32(max(a.Size(), 1))) }

func (tp *Tape) sumAll(a *Tensor, scale float32) *Tensor {
	out := tp.newTensor()
	var s float64
	for _, v := range a.Data {
		s += float64(v)
	}
	out.Data[0] = float32(s * float64(scale))
	if tp.needs(a) {
		n := tp.record(opSum, out)
		n.a, n.x[0] = a, scale
	}
	return out
}

func (tp *Tape) sumBackward(n *node) {
	if !n.a.needGrad {
		return
	}
	g := n.out.Grad[0] * n.x[0]
	dx, fresh := tp.gradFor(n.a)
	if fresh {
		for i := range dx {
			dx[i] = g
		}
		return
	}
	for i := range dx {
		dx[i] += g
	}
}

func normAxis(a *Tensor, axis int) int {
	if axis < 0 {
		axis += a.rank
	}
	if axis < 0 || axis >= a.rank {
		panic(fmt.Sprintf("nn: axis %d out of range for shape %v", axis, a.Shape()))
	}
	return axis
}

// split3 views a as [outer, a.dims[axis], inner].
func split3(a *Tensor, axis int) (outer, n, inner int) {
	outer = shapeProduct(a.dims[:axis])
	n = a.dims[axis]
	inner = shapeProduct(a.dims[axis+1 : a.rank])
	return
}

func dropAxis(a *Tensor, axis int) (sh [MaxRank]int, r int) {
	for i := 0; i < a.rank; i++ {
		if i != axis {
			sh[r] = a.dims[i]
			r++
		}
	}
	return
}

// SumAxis sums along one axis (negative counts from the end), removing it.
func (tp *Tape) SumAxis(a *Tensor, axis int) *Tensor { return tp.sumAxis(a, axis, false) }

// MeanAxis averages along one axis (negative counts from the end),
// removing it.
func (tp *Tape) MeanAxis(a *Tensor, axis int) *Tensor { return tp.sumAxis(a, axis, true) }

func (tp *Tape) sumAxis(a *Tensor, axis int, mean bool) *Tensor {
	axis = normAxis(a, axis)
	outer, n, inner := split3(a, axis)
	sh, r := dropAxis(a, axis)
	out := tp.newTensor(sh[:r]...)
	scale := float32(1)
	if mean && n > 0 {
		scale = 1 / float32(n)
	}
	clear(out.Data)
	for o := 0; o < outer; o++ {
		dst := out.Data[o*inner : (o+1)*inner]
		for k := 0; k < n; k++ {
			axpy(dst, 1, a.Data[(o*n+k)*inner:(o*n+k+1)*inner])
		}
		if scale != 1 {
			for i := range dst {
				dst[i] *= scale
			}
		}
	}
	if tp.needs(a) {
		nd := tp.record(opSumAxis, out)
		nd.a, nd.i[0], nd.x[0] = a, axis, scale
	}
	return out
}

func (tp *Tape) sumAxisBackward(nd *node) {
	if !nd.a.needGrad {
		return
	}
	outer, n, inner := split3(nd.a, nd.i[0])
	dx := tp.gradOf(nd.a)
	g, s := nd.out.Grad, nd.x[0]
	for o := 0; o < outer; o++ {
		src := g[o*inner : (o+1)*inner]
		for k := 0; k < n; k++ {
			axpy(dx[(o*n+k)*inner:(o*n+k+1)*inner], s, src)
		}
	}
}

// Reshape returns a with a new shape of the same size; one dimension may
// be -1 and is inferred. The result shares a's data (no copy).
func (tp *Tape) Reshape(a *Tensor, shape ...int) *Tensor {
	var sh [MaxRank]int
	if len(shape) > MaxRank {
		panic("nn: Reshape to " + fmtShape(shape) + ": more than 6 axes")
	}
	copy(sh[:], shape)
	infer, known := -1, 1
	for i, d := range shape {
		if d == -1 {
			if infer >= 0 {
				panic("nn: Reshape to " + fmtShape(shape) + ": more than one -1")
			}
			infer = i
			continue
		}
		known *= d
	}
	if infer >= 0 && known > 0 {
		sh[infer] = a.Size() / known
	}
	if shapeProduct(sh[:len(shape)]) != a.Size() {
		panic("nn: cannot reshape " + fmtShape(a.Shape()) + " to " + fmtShape(shape))
	}
	out := tp.header(sh[:len(shape)])
	out.Data = a.Data
	if tp.needs(a) {
		n := tp.record(opReshape, out)
		n.a = a
	}
	return out
}

func (tp *Tape) reshapeBackward(n *node) {
	if !n.a.needGrad {
		return
	}
	if n.a.Grad == nil {
		n.a.Grad = n.out.Grad // nothing else reads out.Grad after this point
		return
	}
	axpy(n.a.Grad, 1, n.out.Grad)
}

// transposeInto writes the transpose of each rows×cols matrix of src into
// dst (cols×rows), adding when acc is set.
func transposeInto(dst, src []float32, count, rows, cols int, acc bool) {
	for b := 0; b < count; b++ {
		s, d := src[b*rows*cols:(b+1)*rows*cols], dst[b*rows*cols:(b+1)*rows*cols]
		for i := 0; i < rows; i++ {
			for j := 0; j < cols; j++ {
				if acc {
					d[j*rows+i] += s[i*cols+j]
				} else {
					d[j*rows+i] = s[i*cols+j]
				}
			}
		}
	}
}

// Transpose swaps the last two axes (copying).
func (tp *Tape) Transpose(a *Tensor) *Tensor {
	if a.rank < 2 {
		panic(fmt.Sprintf("nn: Transpose of shape %v", a.Shape()))
	}
	sh := a.dims
	r := a.rank
	rows, cols := sh[r-2], sh[r-1]
	sh[r-2], sh[r-1] = cols, rows
	out := tp.newTensor(sh[:r]...)
	count := a.Size() / max(rows*cols, 1)
	transposeInto(out.Data, a.Data, count, rows, cols, false)
	if tp.needs(a) {
		n := tp.record(opTranspose, out)
		n.a, n.i[0], n.i[1], n.i[2] = a, count, rows, cols
	}
	return out
}

func (tp *Tape) transposeBackward(n *node) {
	if !n.a.needGrad {
		return
	}
	dx, fresh := tp.gradFor(n.a)
	transposeInto(dx, n.out.Grad, n.i[0], n.i[2], n.i[1], !fresh)
}

// Concat joins tensors along an axis (negative counts from the end); all
// other axes must agree.
func (tp *Tape) Concat(axis int, ts ...*Tensor) *Tensor {
	if len(ts) == 0 {
		panic("nn: Concat of nothing")
	}
	a0 := ts[0]
	axis = normAxis(a0, axis)
	sh := a0.dims
	total := 0
	for _, t := range ts {
		if t.rank != a0.rank {
			panic(fmt.Sprintf("nn: Concat of shapes %v and %v", a0.Shape(), t.Shape()))
		}
		for i := 0; i < t.rank; i++ {
			if i != axis && t.dims[i] != a0.dims[i] {
				panic(fmt.Sprintf("nn: Concat along axis %d of shapes %v and %v", axis, a0.Shape(), t.Shape()))
			}
		}
		total += t.dims[axis]
	}
	sh[axis] = total
	out := tp.newTensor(sh[:a0.rank]...)
	outer, _, inner := split3(out, axis)
	off := 0
	for _, t := range ts {
		w := t.dims[axis] * inner
		for o := 0; o < outer; o++ {
			copy(out.Data[o*total*inner+off:o*total*inner+off+w], t.Data[o*w:(o+1)*w])
		}
		off += w
	}
	if tp.needs(ts...) {
		n := tp.record(opConcat, out)
		n.ins = append(n.ins, ts...)
		n.i[0] = axis
	}
	return out
}

func (tp *Tape) concatBackward(n *node) {
	outer, total, inner := split3(n.out, n.i[0])
	g := n.out.Grad
	off := 0
	for _, t := range n.ins {
		w := t.dims[n.i[0]] * inner
		if t.needGrad {
			dx, fresh := tp.gradFor(t)
			for o := 0; o < outer; o++ {
				src := g[o*total*inner+off : o*total*inner+off+w]
				if fresh {
					copy(dx[o*w:(o+1)*w], src)
				} else {
					axpy(dx[o*w:(o+1)*w], 1, src)
				}
			}
		}
		off += w
	}
}

// Slice returns the part of a with index in [start, end) along an axis
// (negative axis counts from the end), copying.
func (tp *Tape) Slice(a *Tensor, axis, start, end int) *Tensor {
	axis = normAxis(a, axis)
	if start < 0 || end > a.dims[axis] || start > end {
		panic(fmt.Sprintf("nn: Slice [%d, %d) of axis %d of shape %v", start, end, axis, a.Shape()))
	}
	outer, n, inner := split3(a, axis)
	sh := a.dims
	sh[axis] = end - start
	out := tp.newTensor(sh[:a.rank]...)
	w := (end - start) * inner
	for o := 0; o < outer; o++ {
		copy(out.Data[o*w:(o+1)*w], a.Data[(o*n+start)*inner:(o*n+start)*inner+w])
	}
	if tp.needs(a) {
		nd := tp.record(opSlice, out)
		nd.a, nd.i[0], nd.i[1], nd.i[2] = a, axis, start, end
	}
	return out
}

func (tp *Tape) sliceBackward(nd *node) {
	if !nd.a.needGrad {
		return
	}
	outer, n, inner := split3(nd.a, nd.i[0])
	start, end := nd.i[1], nd.i[2]
	w := (end - start) * inner
	dx := tp.gradOf(nd.a)
	g := nd.out.Grad
	for o := 0; o < outer; o++ {
		axpy(dx[(o*n+start)*inner:(o*n+start)*inner+w], 1, g[o*w:(o+1)*w])
	}
}

// Dropout zeroes each element with probability p and scales the kept ones
// by 1/(1-p) (inverted dropout, Srivastava et al. 2014), when the tape is
// in training mode and p > 0; otherwise it returns a unchanged. Masks are
// drawn from tp.Rand in index order, so a seeded generator gives
// reproducible masks.
//
// References:
//
//	N. Srivastava et al., "Dropout: a simple way to prevent neural networks
//	from overfitting", J. Mach. Learn. Res. 15, 1929 (2014).
func (tp *Tape) Dropout(a *Tensor, p float32) *Tensor {
	if !tp.Training || p == 0 {
		return a
	}
	if p < 0 || p >= 1 {
		panic(fmt.Sprintf("nn: dropout probability %v outside [0, 1)", p))
	}
	if tp.Rand == nil {
		panic("nn: Dropout in training mode needs Tape.Rand")
	}
	out := tp.like(a)
	mask := tp.buf(len(a.Data))
	keep := 1 / (1 - p)
	for i, v := range a.Data {
		if tp.Rand.Float32() < p {
			mask[i] = 0
		} else {
			mask[i] = keep
		}
		out.Data[i] = v * mask[i]
	}
	if tp.needs(a) {
		n := tp.record(opDropout, out)
		n.a, n.aux = a, mask
	}
	return out
}

func (tp *Tape) dropoutBackward(n *node) {
	if !n.a.needGrad {
		return
	}
	dx, fresh := tp.gradFor(n.a)
	for i, g := range n.out.Grad {
		if fresh {
			dx[i] = g * n.aux[i]
		} else {
			dx[i] += g * n.aux[i]
		}
	}
}
