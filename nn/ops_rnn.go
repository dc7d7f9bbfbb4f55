package nn

import (
	"fmt"

	"github.com/emergo/emergo/nn/gemm"
	"github.com/emergo/emergo/nn/internal/par"
	"github.com/emergo/emergo/nn/internal/vec"
)

// rnnJob runs a GRU or LSTM recurrence over a range of batch rows for all
// time steps. The recurrences of different sequences of a batch are
// independent, so each worker owns a fixed block of rows for the whole
// sequence: one synchronisation per sequence instead of one per step, and
// a split that does not depend on timing. All buffers are time-major:
// row (t, b) of a [T, B, ·] buffer is at (t·B + b)·width.
type rnnJob struct {
	lstm     bool
	backward bool
	bsz, t   int // batch size, sequence length
	h, g     int // hidden size, gate width (3H GRU, 4H LSTM)
	parts    int

	wh    []float32    // [H, G]
	whP   gemm.PackedB // wh packed for h·Wh (forward)
	whTP  gemm.PackedB // Whᵀ packed for dA·Whᵀ (backward)
	bh    []float32    // GRU recurrent bias [G]
	gx    []float32    // [T, B, G] input projections (input bias included)
	gh    []float32    // GRU: [T, B, G] recurrent projections; LSTM: [B, G] scratch
	gates []float32    // [T, B, G] gate activations (GRU r, z, n; LSTM i, f, g, o)
	hs    []float32    // [T+1, B, H] hidden states, hs[0] = h0
	cs    []float32    // LSTM [T+1, B, H] cell states
	tc    []float32    // LSTM [T, B, H] tanh(c)

	dout     []float32 // [B, T, H] gradient of the output sequence, or nil
	dcLast   []float32 // LSTM [B, H] gradient of the last cell state, or nil
	dgx, dgh []float32 // [T, B, G] gradients of the pre-activations (LSTM: dgx only)
	dh, dc   []float32 // [B, H] running gradients
}

func (j *rnnJob) Do(i int) {
	b0, b1 := par.Split(j.bsz, j.parts, i)
	if b0 == b1 {
		return
	}
	switch {
	case !j.lstm && !j.backward:
		j.gruForward(b0, b1)
	case !j.lstm:
		j.gruBackward(b0, b1)
	case !j.backward:
		j.lstmForward(b0, b1)
	default:
		j.lstmBackward(b0, b1)
	}
}

func (j *rnnJob) gruForward(b0, b1 int) {
	B, H, G := j.bsz, j.h, j.g
	m := b1 - b0
	bh := j.bh[:G]
	for t := 0; t < j.t; t++ {
		hp := j.hs[(t*B+b0)*H:]
		gh := j.gh[(t*B+b0)*G:]
		gemm.SgemmPacked(false, m, 1, hp, H, &j.whP, 0, gh, G)
		for b := b0; b < b1; b++ {
			row := (t*B + b) * G
			gx, ghr, gt := j.gx[row:row+G], j.gh[row:row+G], j.gates[row:row+G]
			hprev := j.hs[(t*B+b)*H : (t*B+b+1)*H]
			hnext := j.hs[((t+1)*B+b)*H : ((t+1)*B+b+1)*H]
			rz := gt[:2*H]
			for k := range rz {
				rz[k] = gx[k] + ghr[k] + bh[k]
			}
			vec.Sigmoid(rz, rz)
			n := gt[2*H : 3*H]
			for k := range n {
				n[k] = gx[2*H+k] + rz[k]*(ghr[2*H+k]+bh[2*H+k])
			}
			vec.Tanh(n, n)
			z := rz[H:]
			for k := range n {
				hnext[k] = (1-z[k])*n[k] + z[k]*hprev[k]
			}
		}
	}
}

func (j *rnnJob) gruBackward(b0, b1 int) {
	B, T, H, G := j.bsz, j.t, j.h, j.g
	m := b1 - b0
	bh := j.bh[:G]
	for t := T - 1; t >= 0; t-- {
		for b := b0; b < b1; b++ {
			row := (t*B + b) * G
			gt, ghr := j.gates[row:row+G], j.gh[row:row+G]
			dgx, dgh := j.dgx[row:row+G], j.dgh[row:row+G]
			hprev := j.hs[(t*B+b)*H : (t*B+b+1)*H]
			dh := j.dh[b*H : (b+1)*H]
			if j.dout != nil {
				axpy(dh, 1, j.dout[(b*T+t)*H:(b*T+t+1)*H])
			}
			for k := 0; k < H; k++ {
				r, z, n := gt[k], gt[H+k], gt[2*H+k]
				d := dh[k]
				dn := d * (1 - z)
				dz := d * (hprev[k] - n)
				dan := dn * (1 - n*n)
				dr := dan * (ghr[2*H+k] + bh[2*H+k])
				dar := dr * r * (1 - r)
				daz := dz * z * (1 - z)
				dgx[k], dgx[H+k], dgx[2*H+k] = dar, daz, dan
				dgh[k], dgh[H+k], dgh[2*H+k] = dar, daz, dan*r
				dh[k] = d * z
			}
		}
		// dh(t-1) += dGh(t)·Whᵀ
		gemm.SgemmPacked(false, m, 1, j.dgh[(t*B+b0)*G:], G, &j.whTP, 1, j.dh[b0*H:], H)
	}
}

func (j *rnnJob) lstmForward(b0, b1 int) {
	B, H, G := j.bsz, j.h, j.g
	m := b1 - b0
	for t := 0; t < j.t; t++ {
		gemm.SgemmPacked(false, m, 1, j.hs[(t*B+b0)*H:], H, &j.whP, 0, j.gh[b0*G:], G)
		for b := b0; b < b1; b++ {
			row := (t*B + b) * G
			gx, gh, gt := j.gx[row:row+G], j.gh[b*G:(b+1)*G], j.gates[row:row+G]
			cp := j.cs[(t*B+b)*H : (t*B+b+1)*H]
			cn := j.cs[((t+1)*B+b)*H : ((t+1)*B+b+1)*H]
			hn := j.hs[((t+1)*B+b)*H : ((t+1)*B+b+1)*H]
			tc := j.tc[(t*B+b)*H : (t*B+b+1)*H]
			for k := range gt {
				gt[k] = gx[k] + gh[k]
			}
			vec.Sigmoid(gt[:2*H], gt[:2*H])
			vec.Tanh(gt[2*H:3*H], gt[2*H:3*H])
			vec.Sigmoid(gt[3*H:], gt[3*H:])
			for k := 0; k < H; k++ {
				cn[k] = gt[H+k]*cp[k] + gt[k]*gt[2*H+k]
			}
			vec.Tanh(tc, cn)
			for k := 0; k < H; k++ {
				hn[k] = gt[3*H+k] * tc[k]
			}
		}
	}
}

func (j *rnnJob) lstmBackward(b0, b1 int) {
	B, T, H, G := j.bsz, j.t, j.h, j.g
	m := b1 - b0
	for t := T - 1; t >= 0; t-- {
		for b := b0; b < b1; b++ {
			row := (t*B + b) * G
			gt, da := j.gates[row:row+G], j.dgx[row:row+G]
			cp := j.cs[(t*B+b)*H : (t*B+b+1)*H]
			tc := j.tc[(t*B+b)*H : (t*B+b+1)*H]
			dh, dc := j.dh[b*H:(b+1)*H], j.dc[b*H:(b+1)*H]
			if j.dout != nil {
				axpy(dh, 1, j.dout[(b*T+t)*H:(b*T+t+1)*H])
			}
			for k := 0; k < H; k++ {
				i, f, g, o := gt[k], gt[H+k], gt[2*H+k], gt[3*H+k]
				d, tcv := dh[k], tc[k]
				dcv := dc[k] + d*o*(1-tcv*tcv)
				da[k] = dcv * g * i * (1 - i)
				da[H+k] = dcv * cp[k] * f * (1 - f)
				da[2*H+k] = dcv * i * (1 - g*g)
				da[3*H+k] = d * tcv * o * (1 - o)
				dc[k] = dcv * f
			}
		}
		// dh(t-1) = dA(t)·Whᵀ (h(t-1) reaches the loss only through the gates)
		gemm.SgemmPacked(false, m, 1, j.dgx[(t*B+b0)*G:], G, &j.whTP, 0, j.dh[b0*H:], H)
	}
}

func (tp *Tape) newRNNJob() *rnnJob {
	if tp.rnnJobs < len(tp.rnnPool) {
		j := tp.rnnPool[tp.rnnJobs]
		tp.rnnJobs++
		*j = rnnJob{}
		return j
	}
	j := &rnnJob{}
	tp.rnnPool = append(tp.rnnPool, j)
	tp.rnnJobs++
	return j
}

// rnnParts chooses how many row blocks a recurrence is split into.
func rnnParts(bsz, t, h, g int) int {
	w := par.Workers()
	if w == 1 || bsz < 2 || bsz*t*h*g < 4*parMinWork {
		return 1
	}
	return min(w, bsz)
}

// timeMajor copies x [B, T, I] into a new [T, B, I] buffer.
func (tp *Tape) timeMajor(x []float32, bsz, t, in int) []float32 {
	xt := tp.buf(len(x))
	for b := 0; b < bsz; b++ {
		for s := 0; s < t; s++ {
			copy(xt[(s*bsz+b)*in:(s*bsz+b+1)*in], x[(b*t+s)*in:(b*t+s+1)*in])
		}
	}
	return xt
}

// rnnInputs validates shapes and computes the time-major input projection
// gx = x·wx + bx.
func (tp *Tape) rnnInputs(name string, x, wx, wh, bx *Tensor, h0 *Tensor, gates int) (xt, gx []float32, bsz, t, in, h int) {
	if x.rank != 3 {
		panic(fmt.Sprintf("nn: %s input %v: want [batch, time, features]", name, x.Shape()))
	}
	bsz, t, in = x.dims[0], x.dims[1], x.dims[2]
	h = wh.Dim(0)
	g := gates * h
	if wx.rank != 2 || wx.dims[0] != in || wx.dims[1] != g || wh.rank != 2 || wh.dims[1] != g || bx.Size() != g {
		panic(fmt.Sprintf("nn: %s weights wx %v, wh %v, bias %v for input %v: want [%d, %d], [H, %d], [%d]", name, wx.Shape(), wh.Shape(), bx.Shape(), x.Shape(), in, g, g, g))
	}
	if h0 != nil && (h0.Size() != bsz*h) {
		panic(fmt.Sprintf("nn: %s initial state %v: want [%d, %d]", name, h0.Shape(), bsz, h))
	}
	xt = tp.timeMajor(x.Data, bsz, t, in)
	gx = tp.buf(t * bsz * g)
	gemm.Sgemm(false, false, t*bsz, g, in, 1, xt, in, wx.Data, g, 0, gx, g)
	j := &tp.ew
	j.kind, j.a, j.b, j.c, j.cols, j.act = ewBiasAct, gx, bx.Data, gx, g, Identity
	tp.runEW(t*bsz, g)
	return
}

// sequenceOut copies the time-major states hs[1:] into a [B, T, H] tensor.
func (tp *Tape) sequenceOut(hs []float32, bsz, t, h int) *Tensor {
	out := tp.newTensor(bsz, t, h)
	for s := 0; s < t; s++ {
		for b := 0; b < bsz; b++ {
			copy(out.Data[(b*t+s)*h:(b*t+s+1)*h], hs[((s+1)*bsz+b)*h:((s+1)*bsz+b+1)*h])
		}
	}
	return out
}

// GRU runs a gated recurrent unit (Cho et al. 2014, in PyTorch's
// formulation) over the sequences x [B, T, I] from the initial states h0
// [B, H] (nil for zeros) and returns all hidden states [B, T, H]:
//
//	r = σ(x·Wxr + bxr + h·Whr + bhr)
//	z = σ(x·Wxz + bxz + h·Whz + bhz)
//	n = tanh(x·Wxn + bxn + r∘(h·Whn + bhn))
//	h' = (1 - z)∘n + z∘h
//
// wx [I, 3H] and wh [H, 3H] hold the r, z, n blocks side by side, bx and
// bh [3H] likewise. The input projection of all steps is one matrix
// product; each step then costs one [B, H]·[H, 3H] product and a fused
// elementwise cell, and the backward pass accumulates the weight
// gradients in one product each over all steps.
//
// References:
//
//	K. Cho et al., "Learning phrase representations using RNN
//	encoder-decoder for statistical machine translation", EMNLP (2014).
func (tp *Tape) GRU(x, wx, wh, bx, bh, h0 *Tensor) *Tensor {
	xt, gx, bsz, t, in, h := tp.rnnInputs("GRU", x, wx, wh, bx, h0, 3)
	g := 3 * h
	if bh.Size() != g {
		panic(fmt.Sprintf("nn: GRU recurrent bias %v: want [%d]", bh.Shape(), g))
	}
	j := tp.newRNNJob()
	*j = rnnJob{bsz: bsz, t: t, h: h, g: g, wh: wh.Data, bh: bh.Data, gx: gx,
		gh: tp.buf(t * bsz * g), gates: tp.buf(t * bsz * g), hs: tp.buf((t + 1) * bsz * h)}
	if h0 != nil {
		copy(j.hs, h0.Data)
	} else {
		clear(j.hs[:bsz*h])
	}
	gemm.PackB(&j.whP, false, h, g, wh.Data, g, tp.buf(gemm.PackedBSize(h, g)))
	j.parts = rnnParts(bsz, t, h, g)
	par.Run(j.parts, j)
	out := tp.sequenceOut(j.hs, bsz, t, h)
	if tp.needs(x, wx, wh, bx, bh, h0) {
		n := tp.record(opGRU, out)
		n.a, n.b, n.c, n.d, n.e, n.f = x, wx, wh, bx, bh, h0
		n.aux = xt
		n.i[0], n.i[1] = tp.rnnJobs-1, in
	}
	return out
}

func (tp *Tape) gruBackward(n *node) {
	x, wx, wh, bx, bh, h0 := n.a, n.b, n.c, n.d, n.e, n.f
	j := tp.rnnPool[n.i[0]]
	in := n.i[1]
	B, T, H, G := j.bsz, j.t, j.h, j.g
	j.backward = true
	j.dout = n.out.Grad
	j.dgx, j.dgh = tp.buf(T*B*G), tp.buf(T*B*G)
	gemm.PackB(&j.whTP, true, G, H, wh.Data, G, tp.buf(gemm.PackedBSize(G, H)))
	j.dh = tp.zbuf(B * H)
	par.Run(j.parts, j)
	tp.rnnParamGrads(x, wx, wh, bx, h0, n.aux, j, in, j.dgx)
	if bh.needGrad {
		tp.addColSums(tp.gradOf(bh), j.dgh, G)
	}
	if wh.needGrad {
		dw, fresh := tp.gradFor(wh)
		gemm.Sgemm(true, false, H, G, T*B, 1, j.hs, H, j.dgh, G, betaFor(fresh), dw, G)
	}
}

// rnnParamGrads adds the gradients that go through the input projection
// (wx, bx, x) and the initial state.
func (tp *Tape) rnnParamGrads(x, wx, wh, bx, h0 *Tensor, xt []float32, j *rnnJob, in int, dgx []float32) {
	B, T, G := j.bsz, j.t, j.g
	if bx.needGrad {
		tp.addColSums(tp.gradOf(bx), dgx, G)
	}
	if wx.needGrad {
		dw, fresh := tp.gradFor(wx)
		gemm.Sgemm(true, false, in, G, T*B, 1, xt, in, dgx, G, betaFor(fresh), dw, G)
	}
	if x.needGrad {
		dxt := tp.buf(T * B * in)
		gemm.Sgemm(false, true, T*B, in, G, 1, dgx, G, wx.Data, G, 0, dxt, in)
		dx := tp.gradOf(x)
		for b := 0; b < B; b++ {
			for s := 0; s < T; s++ {
				axpy(dx[(b*T+s)*in:(b*T+s+1)*in], 1, dxt[(s*B+b)*in:(s*B+b+1)*in])
			}
		}
	}
	if h0 != nil && h0.needGrad {
		axpy(tp.gradOf(h0), 1, j.dh)
	}
	_ = wh
}

// LSTM runs a long short-term memory network (Hochreiter & Schmidhuber
// 1997, with the forget gate of Gers et al. 2000) over x [B, T, I] from
// h0, c0 [B, H] (nil for zeros). It returns all hidden states [B, T, H]
// and the last cell state [B, H]:
//
//	i = σ(x·Wxi + h·Whi + bi)   f = σ(x·Wxf + h·Whf + bf)
//	g = tanh(x·Wxg + h·Whg + bg) o = σ(x·Wxo + h·Who + bo)
//	c' = f∘c + i∘g               h' = o∘tanh(c')
//
// wx [I, 4H] and wh [H, 4H] hold the i, f, g, o blocks side by side and b
// [4H] the single bias (PyTorch's two biases are redundant).
//
// References:
//
//	S. Hochreiter and J. Schmidhuber, "Long short-term memory", Neural
//	Comput. 9, 1735 (1997).
//	F. A. Gers, J. Schmidhuber and F. Cummins, "Learning to forget:
//	continual prediction with LSTM", Neural Comput. 12, 2451 (2000).
func (tp *Tape) LSTM(x, wx, wh, b, h0, c0 *Tensor) (seq, cLast *Tensor) {
	xt, gx, bsz, t, in, h := tp.rnnInputs("LSTM", x, wx, wh, b, h0, 4)
	if c0 != nil && c0.Size() != bsz*h {
		panic(fmt.Sprintf("nn: LSTM initial cell state %v: want [%d, %d]", c0.Shape(), bsz, h))
	}
	g := 4 * h
	j := tp.newRNNJob()
	*j = rnnJob{lstm: true, bsz: bsz, t: t, h: h, g: g, wh: wh.Data, gx: gx,
		gh: tp.buf(bsz * g), gates: tp.buf(t * bsz * g), hs: tp.buf((t + 1) * bsz * h),
		cs: tp.buf((t + 1) * bsz * h), tc: tp.buf(t * bsz * h)}
	if h0 != nil {
		copy(j.hs, h0.Data)
	} else {
		clear(j.hs[:bsz*h])
	}
	if c0 != nil {
		copy(j.cs, c0.Data)
	} else {
		clear(j.cs[:bsz*h])
	}
	gemm.PackB(&j.whP, false, h, g, wh.Data, g, tp.buf(gemm.PackedBSize(h, g)))
	j.parts = rnnParts(bsz, t, h, g)
	par.Run(j.parts, j)
	seq = tp.sequenceOut(j.hs, bsz, t, h)
	cLast = tp.newTensor(bsz, h)
	copy(cLast.Data, j.cs[t*bsz*h:])
	if tp.needs(x, wx, wh, b, h0, c0) {
		n := tp.record(opLSTM, seq)
		n.a, n.b, n.c, n.d, n.e, n.f = x, wx, wh, b, h0, cLast
		n.ins = append(n.ins, c0)
		n.aux = xt
		n.i[0], n.i[1] = tp.rnnJobs-1, in
		cLast.needGrad = true
		cLast.node = seq.node
	}
	return seq, cLast
}

func (tp *Tape) lstmBackward(n *node) {
	x, wx, wh, b, h0, cLast, c0 := n.a, n.b, n.c, n.d, n.e, n.f, n.ins[0]
	j := tp.rnnPool[n.i[0]]
	in := n.i[1]
	B, T, H, G := j.bsz, j.t, j.h, j.g
	j.backward = true
	j.dout = n.out.Grad
	j.dgx = tp.buf(T * B * G)
	gemm.PackB(&j.whTP, true, G, H, wh.Data, G, tp.buf(gemm.PackedBSize(G, H)))
	j.dh = tp.zbuf(B * H)
	j.dc = tp.zbuf(B * H)
	if cLast.Grad != nil {
		copy(j.dc, cLast.Grad)
	}
	par.Run(j.parts, j)
	tp.rnnParamGrads(x, wx, wh, b, h0, n.aux, j, in, j.dgx)
	if wh.needGrad {
		dw, fresh := tp.gradFor(wh)
		gemm.Sgemm(true, false, H, G, T*B, 1, j.hs, H, j.dgx, G, betaFor(fresh), dw, G)
	}
	if c0 != nil && c0.needGrad {
		axpy(tp.gradOf(c0), 1, j.dc)
	}
}
