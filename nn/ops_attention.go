package nn

import (
	"fmt"
	"math"

	"github.com/emergo/emergo/nn/gemm"
	"github.com/emergo/emergo/nn/internal/par"
)

// attnJob runs scaled dot-product attention for a range of (batch, head)
// pairs. Queries, keys and values are read in place from row-major
// buffers with a leading dimension, so packed [B, T, 3D] projections need
// no copies or transposes.
type attnJob struct {
	b, tq, tk, h, dk, d int
	q, k, v             []float32 // data
	dq, dk_, dv         []float32 // gradients (backward)
	qOff, kOff, vOff    int
	ldq, ldk, ldv       int
	out, dout           []float32 // [B, Tq, D]
	p, dp               []float32 // [B, H, Tq, Tk]
	causal              bool
	scale               float32
	backward            bool
	betaQ, betaK, betaV float32
	parts               int
}

func (j *attnJob) Do(i int) {
	lo, hi := par.Split(j.b*j.h, j.parts, i)
	for pair := lo; pair < hi; pair++ {
		if j.backward {
			j.bwd(pair/j.h, pair%j.h)
		} else {
			j.fwd(pair/j.h, pair%j.h)
		}
	}
}

func (j *attnJob) fwd(b, h int) {
	tq, tk, dk := j.tq, j.tk, j.dk
	q := j.q[j.qOff+b*tq*j.ldq+h*dk:]
	k := j.k[j.kOff+b*tk*j.ldk+h*dk:]
	v := j.v[j.vOff+b*tk*j.ldv+h*dk:]
	p := j.p[(b*j.h+h)*tq*tk : (b*j.h+h+1)*tq*tk]
	gemm.Sgemm(false, true, tq, tk, dk, j.scale, q, j.ldq, k, j.ldk, 0, p, tk)
	for r := 0; r < tq; r++ {
		row := p[r*tk : (r+1)*tk]
		if j.causal {
			for c := r + 1; c < tk; c++ {
				row[c] = float32(math.Inf(-1))
			}
		}
		softmaxRows(row, row, tk, false)
	}
	gemm.Sgemm(false, false, tq, dk, tk, 1, p, tk, v, j.ldv, 0, j.out[b*tq*j.d+h*dk:], j.d)
}

func (j *attnJob) bwd(b, h int) {
	tq, tk, dk := j.tq, j.tk, j.dk
	qo := j.qOff + b*tq*j.ldq + h*dk
	ko := j.kOff + b*tk*j.ldk + h*dk
	vo := j.vOff + b*tk*j.ldv + h*dk
	p := j.p[(b*j.h+h)*tq*tk : (b*j.h+h+1)*tq*tk]
	dp := j.dp[(b*j.h+h)*tq*tk : (b*j.h+h+1)*tq*tk]
	dout := j.dout[b*tq*j.d+h*dk:]
	// dV = Pᵀ·dO
	if j.dv != nil {
		gemm.Sgemm(true, false, tk, dk, tq, 1, p, tk, dout, j.d, j.betaV, j.dv[vo:], j.ldv)
	}
	if j.dq == nil && j.dk_ == nil {
		return
	}
	// dP = dO·Vᵀ, then dS = P∘(dP - rowsum(dP∘P))·scale in place.
	gemm.Sgemm(false, true, tq, tk, dk, 1, dout, j.d, j.v[vo:], j.ldv, 0, dp, tk)
	for r := 0; r < tq; r++ {
		pr, dr := p[r*tk:(r+1)*tk], dp[r*tk:(r+1)*tk]
		var s float32
		for c, v := range pr {
			s += v * dr[c]
		}
		for c, v := range pr {
			dr[c] = v * (dr[c] - s) * j.scale
		}
	}
	if j.dq != nil { // dQ = dS·K
		gemm.Sgemm(false, false, tq, dk, tk, 1, dp, tk, j.k[ko:], j.ldk, j.betaQ, j.dq[qo:], j.ldq)
	}
	if j.dk_ != nil { // dK = dSᵀ·Q
		gemm.Sgemm(true, false, tk, dk, tq, 1, dp, tk, j.q[qo:], j.ldq, j.betaK, j.dk_[ko:], j.ldk)
	}
}

// Attention returns multi-head scaled dot-product attention
// softmax(Q·Kᵀ/√d_k)·V (Vaswani et al. 2017) of q [B, Tq, D] and k, v
// [B, Tk, D], split into heads along D (head h uses columns
// [h·D/heads, (h+1)·D/heads)); the result is [B, Tq, D] with the heads
// side by side. With causal set (Tq = Tk), query t attends only to keys
// ≤ t: masked scores are exactly zero after the softmax, so the output at
// t does not depend on any later input, not even through gradients.
//
// References:
//
//	A. Vaswani et al., "Attention is all you need", NeurIPS 30 (2017).
func (tp *Tape) Attention(q, k, v *Tensor, heads int, causal bool) *Tensor {
	if q.rank != 3 || k.rank != 3 || v.rank != 3 || !sameShape(k, v) || q.dims[0] != k.dims[0] || q.dims[2] != k.dims[2] {
		panic(fmt.Sprintf("nn: Attention of q %v, k %v, v %v: want [B, Tq, D], [B, Tk, D], [B, Tk, D]", q.Shape(), k.Shape(), v.Shape()))
	}
	d := q.dims[2]
	return tp.attention(q, k, v, q.dims[0], q.dims[1], k.dims[1], d, heads, causal, 0, 0, 0, d, d, d, false)
}

// AttentionQKV is Attention on a packed projection qkv [B, T, 3D] holding
// Q, K and V side by side in its last axis (the output of one Linear of
// width 3D). It reads them in place, avoiding three copies.
func (tp *Tape) AttentionQKV(qkv *Tensor, heads int, causal bool) *Tensor {
	if qkv.rank != 3 || qkv.dims[2]%3 != 0 {
		panic(fmt.Sprintf("nn: AttentionQKV of %v: want [B, T, 3D]", qkv.Shape()))
	}
	d := qkv.dims[2] / 3
	b, t := qkv.dims[0], qkv.dims[1]
	return tp.attention(qkv, qkv, qkv, b, t, t, d, heads, causal, 0, d, 2*d, 3*d, 3*d, 3*d, true)
}

func (tp *Tape) attention(q, k, v *Tensor, b, tq, tk, d, heads int, causal bool, qOff, kOff, vOff, ldq, ldk, ldv int, packed bool) *Tensor {
	if heads < 1 || d%heads != 0 {
		panic(fmt.Sprintf("nn: Attention with %d heads for width %d", heads, d))
	}
	if causal && tq != tk {
		panic(fmt.Sprintf("nn: causal Attention needs equal query and key lengths, got %d and %d", tq, tk))
	}
	out := tp.newTensor(b, tq, d)
	dk := d / heads
	var j *attnJob
	if tp.attnJobs < len(tp.attnPool) {
		j = tp.attnPool[tp.attnJobs]
	} else {
		j = &attnJob{}
		tp.attnPool = append(tp.attnPool, j)
	}
	tp.attnJobs++
	*j = attnJob{b: b, tq: tq, tk: tk, h: heads, dk: dk, d: d, q: q.Data, k: k.Data, v: v.Data,
		qOff: qOff, kOff: kOff, vOff: vOff, ldq: ldq, ldk: ldk, ldv: ldv, out: out.Data,
		p: tp.buf(b * heads * tq * tk), causal: causal, scale: 1 / float32(math.Sqrt(float64(dk)))}
	j.parts = 1
	if w := par.Workers(); w > 1 && b*heads > 1 && b*heads*tq*tk*dk >= parMinWork {
		j.parts = min(overSplit*w, b*heads)
	}
	par.Run(j.parts, j)
	if tp.needs(q, k, v) {
		n := tp.record(opAttention, out)
		n.a, n.b, n.c = q, k, v
		n.flag[0] = packed
		n.i[0] = tp.attnJobs - 1
	} else {
		j.q, j.k, j.v, j.out, j.p = nil, nil, nil, nil, nil
	}
	return out
}

func (tp *Tape) attentionBackward(n *node) {
	j := tp.attnPool[n.i[0]]
	j.backward = true
	j.dout = n.out.Grad
	j.dp = tp.buf(len(j.p))
	j.dq, j.dk_, j.dv = nil, nil, nil
	if n.flag[0] { // packed: one gradient buffer, regions disjoint and covering it
		if n.a.needGrad {
			g, fresh := tp.gradFor(n.a)
			beta := betaFor(fresh)
			j.dq, j.dk_, j.dv = g, g, g
			j.betaQ, j.betaK, j.betaV = beta, beta, beta
		}
	} else {
		if n.a.needGrad {
			g, fresh := tp.gradFor(n.a)
			j.dq, j.betaQ = g, betaFor(fresh)
		}
		if n.b.needGrad {
			g, fresh := tp.gradFor(n.b)
			j.dk_, j.betaK = g, betaFor(fresh)
		}
		if n.c.needGrad {
			g, fresh := tp.gradFor(n.c)
			j.dv, j.betaV = g, betaFor(fresh)
		}
	}
	par.Run(j.parts, j)
}
