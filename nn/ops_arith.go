package nn

import "fmt"

type binKind uint8

const (
	bAdd binKind = iota
	bSub
	bMul
	bDiv
)

// broadcast layouts
const (
	bcSame   = iota // equal shapes
	bcSuffix        // b's shape is a trailing part of a's (a has the result shape)
	bcPrefix        // a's shape is a trailing part of b's
	bcGeneral
)

// Add returns a + b with NumPy broadcasting: shapes are aligned on their
// last axes and each pair of sizes must be equal or one of them 1.
func (tp *Tape) Add(a, b *Tensor) *Tensor { return tp.binary(bAdd, a, b) }

// Sub returns a - b with broadcasting (see Add).
func (tp *Tape) Sub(a, b *Tensor) *Tensor { return tp.binary(bSub, a, b) }

// Mul returns a·b elementwise with broadcasting (see Add).
func (tp *Tape) Mul(a, b *Tensor) *Tensor { return tp.binary(bMul, a, b) }

// Div returns a/b elementwise with broadcasting (see Add).
func (tp *Tape) Div(a, b *Tensor) *Tensor { return tp.binary(bDiv, a, b) }

func broadcastShape(a, b *Tensor) (sh [MaxRank]int, rank int) {
	rank = max(a.rank, b.rank)
	for i := 0; i < rank; i++ {
		da, db := 1, 1
		if k := a.rank - rank + i; k >= 0 {
			da = a.dims[k]
		}
		if k := b.rank - rank + i; k >= 0 {
			db = b.dims[k]
		}
		switch {
		case da == db, db == 1:
			sh[i] = da
		case da == 1:
			sh[i] = db
		default:
			panic(fmt.Sprintf("nn: shapes %v and %v do not broadcast", a.Shape(), b.Shape()))
		}
	}
	return sh, rank
}

// isSuffix reports whether s's shape, without leading size-1 axes, equals
// the trailing axes of the full shape, so that s repeats with period
// s.Size() over a result of that shape.
func isSuffix(s *Tensor, full [MaxRank]int, rank int) bool {
	lead := 0
	for lead < s.rank && s.dims[lead] == 1 {
		lead++
	}
	r := s.rank - lead
	if r > rank {
		return false
	}
	for i := 0; i < r; i++ {
		if s.dims[lead+i] != full[rank-r+i] {
			return false
		}
	}
	return true
}

// bstrides returns t's element strides aligned to a result of the given
// rank, 0 on broadcast axes.
func bstrides(t *Tensor, full [MaxRank]int, rank int) (st [MaxRank]int) {
	s := 1
	for i := t.rank - 1; i >= 0; i-- {
		k := rank - t.rank + i
		if t.dims[i] == full[k] {
			st[k] = s
		}
		s *= t.dims[i]
	}
	return st
}

// forRows calls f for each run along the last axis of the result:
// o is the result offset, ia and ib the operands' offsets and sa, sb their
// strides along the last axis.
func forRows(full [MaxRank]int, rank int, as, bs [MaxRank]int, f func(o, ia, ib, n, sa, sb int)) {
	if rank == 0 {
		f(0, 0, 0, 1, 0, 0)
		return
	}
	last := full[rank-1]
	rows := shapeProduct(full[:rank-1])
	var idx [MaxRank]int
	for r := 0; r < rows; r++ {
		ia, ib := 0, 0
		for k := 0; k < rank-1; k++ {
			ia += idx[k] * as[k]
			ib += idx[k] * bs[k]
		}
		f(r*last, ia, ib, last, as[rank-1], bs[rank-1])
		for k := rank - 2; k >= 0; k-- {
			idx[k]++
			if idx[k] < full[k] {
				break
			}
			idx[k] = 0
		}
	}
}

func binOp(k binKind, x, y float32) float32 {
	switch k {
	case bAdd:
		return x + y
	case bSub:
		return x - y
	case bMul:
		return x * y
	}
	return x / y
}

// binFlat computes out[i] = a[i] op b[i % len(b)] (len(b) divides len(a)).
func binFlat(k binKind, a, b, out []float32) {
	nb := len(b)
	for o := 0; o < len(a); o += nb {
		ar, or := a[o:o+nb], out[o:o+nb]
		switch k {
		case bAdd:
			for i, v := range ar {
				or[i] = v + b[i]
			}
		case bSub:
			for i, v := range ar {
				or[i] = v - b[i]
			}
		case bMul:
			for i, v := range ar {
				or[i] = v * b[i]
			}
		case bDiv:
			for i, v := range ar {
				or[i] = v / b[i]
			}
		}
	}
}

func (tp *Tape) binary(k binKind, a, b *Tensor) *Tensor {
	full, rank := broadcastShape(a, b)
	out := tp.newTensor(full[:rank]...)
	mode := bcGeneral
	switch {
	case sameShape(a, b):
		mode = bcSame
	case a.Size() == out.Size() && isSuffix(b, full, rank):
		mode = bcSuffix
	case b.Size() == out.Size() && isSuffix(a, full, rank):
		mode = bcPrefix
	}
	switch mode {
	case bcSame, bcSuffix:
		binFlat(k, a.Data, b.Data, out.Data)
	case bcPrefix:
		na := len(a.Data)
		for o := 0; o < len(b.Data); o += na {
			for i := 0; i < na; i++ {
				out.Data[o+i] = binOp(k, a.Data[i], b.Data[o+i])
			}
		}
	default:
		as, bs := bstrides(a, full, rank), bstrides(b, full, rank)
		forRows(full, rank, as, bs, func(o, ia, ib, n, sa, sb int) {
			for i := 0; i < n; i++ {
				out.Data[o+i] = binOp(k, a.Data[ia+i*sa], b.Data[ib+i*sb])
			}
		})
	}
	if tp.needs(a, b) {
		n := tp.record(opBinary, out)
		n.a, n.b, n.i[0], n.i[1] = a, b, int(k), mode
	}
	return out
}

// binGrads returns ∂(x op y)/∂x and ∂/∂y times g.
func binGrads(k binKind, g, x, y float32) (gx, gy float32) {
	switch k {
	case bAdd:
		return g, g
	case bSub:
		return g, -g
	case bMul:
		return g * y, g * x
	}
	return g / y, -g * x / (y * y)
}

func (tp *Tape) binaryBackward(n *node) {
	a, b, out := n.a, n.b, n.out
	k, mode := binKind(n.i[0]), n.i[1]
	g := out.Grad
	var da, db []float32
	if a.needGrad {
		da = tp.gradOf(a)
	}
	if b.needGrad {
		db = tp.gradOf(b)
	}
	switch mode {
	case bcSame, bcSuffix:
		nb := len(b.Data)
		for o := 0; o < len(g); o += nb {
			for i := 0; i < nb; i++ {
				gx, gy := binGrads(k, g[o+i], a.Data[o+i], b.Data[i])
				if da != nil {
					da[o+i] += gx
				}
				if db != nil {
					db[i] += gy
				}
			}
		}
	case bcPrefix:
		na := len(a.Data)
		for o := 0; o < len(g); o += na {
			for i := 0; i < na; i++ {
				gx, gy := binGrads(k, g[o+i], a.Data[i], b.Data[o+i])
				if da != nil {
					da[i] += gx
				}
				if db != nil {
					db[o+i] += gy
				}
			}
		}
	default:
		full, rank := broadcastShape(a, b)
		as, bs := bstrides(a, full, rank), bstrides(b, full, rank)
		forRows(full, rank, as, bs, func(o, ia, ib, cnt, sa, sb int) {
			for i := 0; i < cnt; i++ {
				gx, gy := binGrads(k, g[o+i], a.Data[ia+i*sa], b.Data[ib+i*sb])
				if da != nil {
					da[ia+i*sa] += gx
				}
				if db != nil {
					db[ib+i*sb] += gy
				}
			}
		})
	}
}
