package nn

import (
	"fmt"

	"github.com/emergo/emergo/nn/gemm"
)

func betaFor(fresh bool) float32 {
	if fresh {
		return 0
	}
	return 1
}

// MatMul returns op(a)·op(b), where op transposes the last two axes when
// the corresponding flag is set. Three forms are accepted:
//   - a and b of rank 2: the matrix product;
//   - a of rank > 2 (not transposed) and b of rank 2: every row of a
//     (all axes but the last flattened) times op(b), keeping a's leading
//     axes, as in a dense layer;
//   - a and b of equal rank > 2 with identical leading (batch) axes: one
//     product per batch entry.
//
// It panics on mismatched shapes.
func (tp *Tape) MatMul(a, b *Tensor, transA, transB bool) *Tensor {
	if a.rank < 2 || b.rank < 2 {
		panic(fmt.Sprintf("nn: MatMul needs matrices, got shapes %v and %v", a.Shape(), b.Shape()))
	}
	if b.rank == 2 && (a.rank == 2 || !transA) {
		lda := a.dims[a.rank-1]
		m, k := a.Size()/max(lda, 1), lda
		if transA {
			k, m = a.dims[0], a.dims[1]
		}
		kb, n := b.dims[0], b.dims[1]
		if transB {
			kb, n = n, kb
		}
		if k != kb {
			panic(fmt.Sprintf("nn: MatMul inner sizes differ: %v (trans %v) · %v (trans %v)", a.Shape(), transA, b.Shape(), transB))
		}
		var out *Tensor
		if a.rank == 2 {
			out = tp.newTensor(m, n)
		} else {
			var sh [MaxRank]int
			copy(sh[:], a.Shape())
			sh[a.rank-1] = n
			out = tp.newTensor(sh[:a.rank]...)
		}
		gemm.Sgemm(transA, transB, m, n, k, 1, a.Data, lda, b.Data, b.dims[1], 0, out.Data, n)
		if tp.needs(a, b) {
			nd := tp.record(opMatMul, out)
			nd.a, nd.b, nd.flag = a, b, [2]bool{transA, transB}
			nd.i[0], nd.i[1], nd.i[2] = m, n, k
		}
		return out
	}
	if a.rank != b.rank {
		panic(fmt.Sprintf("nn: MatMul of shapes %v and %v: batch axes must match", a.Shape(), b.Shape()))
	}
	r := a.rank
	for i := 0; i < r-2; i++ {
		if a.dims[i] != b.dims[i] {
			panic(fmt.Sprintf("nn: MatMul batch axes differ: %v and %v", a.Shape(), b.Shape()))
		}
	}
	m, k := a.dims[r-2], a.dims[r-1]
	if transA {
		m, k = k, m
	}
	kb, n := b.dims[r-2], b.dims[r-1]
	if transB {
		kb, n = n, kb
	}
	if k != kb {
		panic(fmt.Sprintf("nn: MatMul inner sizes differ: %v (trans %v) · %v (trans %v)", a.Shape(), transA, b.Shape(), transB))
	}
	var sh [MaxRank]int
	copy(sh[:], a.Shape())
	sh[r-2], sh[r-1] = m, n
	out := tp.newTensor(sh[:r]...)
	count := a.Size() / max(m*k, 1)
	gemm.SgemmBatch(transA, transB, m, n, k, 1, a.Data, a.dims[r-1], m*k, b.Data, b.dims[r-1], k*n, 0, out.Data, n, m*n, count)
	if tp.needs(a, b) {
		nd := tp.record(opBatchMatMul, out)
		nd.a, nd.b, nd.flag = a, b, [2]bool{transA, transB}
		nd.i[0], nd.i[1], nd.i[2], nd.i[3] = m, n, k, count
	}
	return out
}

// mmGrads adds the gradients of C = op(A)·op(B) (count products with the
// given strides) into dA and dB (either may be nil), overwriting when the
// matching beta is 0.
func mmGrads(tA, tB bool, m, n, k, count int, A, B, dC, dA []float32, betaA float32, dB []float32, betaB float32) {
	sA, sB, sC := m*k, k*n, m*n
	if dA != nil {
		switch {
		case !tA && !tB: // dA = dC·Bᵀ
			gemm.SgemmBatch(false, true, m, k, n, 1, dC, n, sC, B, n, sB, betaA, dA, k, sA, count)
		case !tA && tB: // dA = dC·B
			gemm.SgemmBatch(false, false, m, k, n, 1, dC, n, sC, B, k, sB, betaA, dA, k, sA, count)
		case tA && !tB: // dAᵀ… stored A is k×m: dA = B·dCᵀ
			gemm.SgemmBatch(false, true, k, m, n, 1, B, n, sB, dC, n, sC, betaA, dA, m, sA, count)
		default: // dA = Bᵀ·dCᵀ
			gemm.SgemmBatch(true, true, k, m, n, 1, B, k, sB, dC, n, sC, betaA, dA, m, sA, count)
		}
	}
	if dB != nil {
		switch {
		case !tA && !tB: // dB = Aᵀ·dC
			gemm.SgemmBatch(true, false, k, n, m, 1, A, k, sA, dC, n, sC, betaB, dB, n, sB, count)
		case !tA && tB: // stored B is n×k: dB = dCᵀ·A
			gemm.SgemmBatch(true, false, n, k, m, 1, dC, n, sC, A, k, sA, betaB, dB, k, sB, count)
		case tA && !tB: // dB = A·dC
			gemm.SgemmBatch(false, false, k, n, m, 1, A, m, sA, dC, n, sC, betaB, dB, n, sB, count)
		default: // dB = dCᵀ·Aᵀ
			gemm.SgemmBatch(true, true, n, k, m, 1, dC, n, sC, A, m, sA, betaB, dB, k, sB, count)
		}
	}
}

func (tp *Tape) mmBackward(n *node, count int) {
	var dA, dB []float32
	var betaA, betaB float32
	if n.a.needGrad {
		g, fresh := tp.gradFor(n.a)
		dA, betaA = g, betaFor(fresh)
	}
	if n.b.needGrad {
		g, fresh := tp.gradFor(n.b)
		dB, betaB = g, betaFor(fresh)
	}
	mmGrads(n.flag[0], n.flag[1], n.i[0], n.i[1], n.i[2], count, n.a.Data, n.b.Data, n.out.Grad, dA, betaA, dB, betaB)
}

func (tp *Tape) matMulBackward(n *node)      { tp.mmBackward(n, 1) }
func (tp *Tape) batchMatMulBackward(n *node) { tp.mmBackward(n, n.i[3]) }

// Linear returns act(x·w + bias): x has shape [..., in], w [in, out] and
// bias [out] (nil for none); the result has shape [..., out]. The bias
// addition and activation are fused into one pass after the product, and
// their backward into one pass before the two gradient products.
func (tp *Tape) Linear(x, w, bias *Tensor, act Activation) *Tensor {
	in := x.Dim(-1)
	if w.rank != 2 || w.dims[0] != in {
		panic(fmt.Sprintf("nn: Linear of x %v with weight %v: want weight [%d, out]", x.Shape(), w.Shape(), in))
	}
	outDim := w.dims[1]
	if bias != nil && (bias.Size() != outDim) {
		panic(fmt.Sprintf("nn: Linear bias %v, want [%d]", bias.Shape(), outDim))
	}
	rows := x.Size() / max(in, 1)
	var sh [MaxRank]int
	copy(sh[:], x.Shape())
	sh[x.rank-1] = outDim
	out := tp.newTensor(sh[:x.rank]...)
	need := tp.needs(x, w, bias)
	var pre []float32
	if act == GELU && need {
		pre = tp.buf(len(out.Data))
	} else {
		pre = out.Data
	}
	gemm.Sgemm(false, false, rows, outDim, in, 1, x.Data, in, w.Data, outDim, 0, pre, outDim)
	j := &tp.ew
	var bd []float32
	if bias != nil {
		bd = bias.Data
	}
	if act == GELU && need {
		// keep the pre-activation for the backward pass
		j.kind, j.a, j.b, j.c, j.cols, j.act = ewBiasAct, pre, bd, pre, outDim, Identity
		tp.runEW(rows, outDim)
		j.kind, j.unary, j.a, j.b = ewUnaryFwd, uGELU, pre, out.Data
		tp.runEW(len(pre), uGELU.cost())
	} else if bias != nil || act != Identity {
		j.kind, j.a, j.b, j.c, j.cols, j.act = ewBiasAct, pre, bd, out.Data, outDim, act
		tp.runEW(rows, outDim*actCost(act))
	}
	if need {
		n := tp.record(opLinear, out)
		n.a, n.b, n.c = x, w, bias
		n.i[0], n.i[1], n.i[2], n.i[3] = rows, in, outDim, int(act)
		if act == GELU {
			n.aux = pre
		}
	}
	return out
}

func (tp *Tape) linearBackward(n *node) {
	x, w, bias := n.a, n.b, n.c
	rows, in, outDim, act := n.i[0], n.i[1], n.i[2], Activation(n.i[3])
	g := n.out.Grad
	dpre := g
	if act != Identity {
		dpre = tp.buf(len(g))
		j := &tp.ew
		j.kind, j.act, j.a, j.b, j.c, j.d = ewActBwd, act, n.aux, n.out.Data, g, dpre
		tp.runEW(len(g), actCost(act))
	}
	if bias != nil && bias.needGrad {
		db, fresh := tp.gradFor(bias)
		if fresh {
			clear(db)
		}
		tp.addColSums(db, dpre, outDim)
	}
	if w.needGrad {
		dw, fresh := tp.gradFor(w)
		gemm.Sgemm(true, false, in, outDim, rows, 1, x.Data, in, dpre, outDim, betaFor(fresh), dw, outDim)
	}
	if x.needGrad {
		dx, fresh := tp.gradFor(x)
		gemm.Sgemm(false, true, rows, in, outDim, 1, dpre, outDim, w.Data, outDim, betaFor(fresh), dx, in)
	}
}
