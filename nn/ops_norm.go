package nn

import (
	"fmt"
	"math"

	"github.com/emergo/emergo/nn/internal/vec"
)

// Softmax returns exp(a)/Σexp(a) along the last axis, computed stably
// by subtracting each row's maximum first.
func (tp *Tape) Softmax(a *Tensor) *Tensor { return tp.softmax(a, false) }

// LogSoftmax returns a - log Σexp(a) along the last axis (stable: the
// row maximum is subtracted before exponentiating).
func (tp *Tape) LogSoftmax(a *Tensor) *Tensor { return tp.softmax(a, true) }

func (tp *Tape) softmax(a *Tensor, log bool) *Tensor {
	if a.rank == 0 {
		panic("nn: Softmax of a scalar")
	}
	out := tp.like(a)
	rows, cols := a.Rows()
	j := &tp.ew
	j.kind, j.a, j.b, j.cols, j.flag = ewSoftmax, a.Data, out.Data, cols, log
	tp.runEW(rows, cols*14)
	if tp.needs(a) {
		op := opSoftmax
		if log {
			op = opLogSoftmax
		}
		n := tp.record(op, out)
		n.a = a
	}
	return out
}

// softmaxRows writes the (log-)softmax of each row of x into y.
func softmaxRows(x, y []float32, cols int, log bool) {
	for o := 0; o < len(x); o += cols {
		xr, yr := x[o:o+cols], y[o:o+cols]
		m := float32(math.Inf(-1))
		for _, v := range xr {
			m = max(m, v)
		}
		if math.IsInf(float64(m), -1) {
			m = 0 // all -Inf: avoid NaN from -Inf - -Inf
		}
		for i, v := range xr {
			yr[i] = v - m
		}
		vec.Exp(yr, yr)
		var s float32
		for _, e := range yr {
			s += e
		}
		if log {
			ls := logf(s)
			for i, v := range xr {
				yr[i] = (v - m) - ls
			}
			continue
		}
		inv := 1 / s
		for i := range yr {
			yr[i] *= inv
		}
	}
}

// softmaxRowsBackward sets or adds dx: for softmax y, dx = y(g - Σ g·y);
// for log-softmax y, dx = g - e^y Σg.
func softmaxRowsBackward(y, g, dx []float32, cols int, fresh, log bool) {
	for o := 0; o < len(y); o += cols {
		yr, gr, dr := y[o:o+cols], g[o:o+cols], dx[o:o+cols]
		var s float32
		if log {
			for _, v := range gr {
				s += v
			}
			var tmp [256]float32
			for lo := 0; lo < cols; lo += len(tmp) {
				hi := min(cols, lo+len(tmp))
				e := tmp[:hi-lo]
				vec.Exp(e, yr[lo:hi])
				for i, v := range gr[lo:hi] {
					d := v - e[i]*s
					if fresh {
						dr[lo+i] = d
					} else {
						dr[lo+i] += d
					}
				}
			}
			continue
		}
		for i, v := range gr {
			s += v * yr[i]
		}
		for i, v := range gr {
			d := yr[i] * (v - s)
			if fresh {
				dr[i] = d
			} else {
				dr[i] += d
			}
		}
	}
}

func (tp *Tape) softmaxBackward(n *node) {
	if !n.a.needGrad {
		return
	}
	dx, fresh := tp.gradFor(n.a)
	rows, cols := n.a.Rows()
	j := &tp.ew
	j.kind, j.a, j.b, j.c, j.cols, j.fresh, j.flag = ewSoftmaxBwd, n.out.Data, n.out.Grad, dx, cols, fresh, n.op == opLogSoftmax
	tp.runEW(rows, cols*4)
}

// LayerNorm normalises each row along the last axis to zero mean and unit
// variance and applies the elementwise affine map gamma·x̂ + beta:
// y = gamma·(x - μ)/√(σ² + eps) + beta with the biased variance σ² (Ba,
// Kiros & Hinton 2016). gamma and beta have shape [D] for x [..., D].
//
// References:
//
//	J. L. Ba, J. R. Kiros and G. E. Hinton, "Layer normalization",
//	arXiv:1607.06450 (2016).
func (tp *Tape) LayerNorm(x, gamma, beta *Tensor, eps float32) *Tensor {
	rows, cols := x.Rows()
	if gamma.Size() != cols || beta.Size() != cols {
		panic(fmt.Sprintf("nn: LayerNorm of %v with gamma %v, beta %v", x.Shape(), gamma.Shape(), beta.Shape()))
	}
	out := tp.like(x)
	stats := tp.buf(2 * rows)
	j := &tp.ew
	j.kind, j.a, j.b, j.c, j.d, j.e, j.cols, j.x0 = ewLayerNorm, x.Data, gamma.Data, beta.Data, out.Data, stats, cols, eps
	tp.runEW(rows, cols*6)
	if tp.needs(x, gamma, beta) {
		n := tp.record(opLayerNorm, out)
		n.a, n.b, n.c, n.aux = x, gamma, beta, stats
	}
	return out
}

func layerNormRows(j *ewJob, lo, hi int) {
	cols, eps := j.cols, j.x0
	inv := 1 / float32(cols)
	for r := lo; r < hi; r++ {
		xr, yr := j.a[r*cols:(r+1)*cols], j.d[r*cols:(r+1)*cols]
		var s float32
		for _, v := range xr {
			s += v
		}
		mu := s * inv
		var v2 float32
		for _, v := range xr {
			d := v - mu
			v2 += d * d
		}
		rstd := 1 / sqrtf(v2*inv+eps)
		j.e[2*r], j.e[2*r+1] = mu, rstd
		g, b := j.b[:cols], j.c[:cols]
		for i, v := range xr {
			yr[i] = (v-mu)*rstd*g[i] + b[i]
		}
	}
}

// layerNormRowsBackward: dx = rstd·(ĝ - mean(ĝ) - x̂·mean(ĝ·x̂)), ĝ = g·gamma.
func layerNormRowsBackward(j *ewJob, lo, hi int) {
	cols := j.cols
	inv := 1 / float32(cols)
	gam := j.b[:cols]
	for r := lo; r < hi; r++ {
		xr, gr, dr := j.a[r*cols:(r+1)*cols], j.c[r*cols:(r+1)*cols], j.d[r*cols:(r+1)*cols]
		mu, rstd := j.e[2*r], j.e[2*r+1]
		var s1, s2 float32
		for i, v := range xr {
			gh := gr[i] * gam[i]
			s1 += gh
			s2 += gh * (v - mu) * rstd
		}
		s1 *= inv
		s2 *= inv
		for i, v := range xr {
			xh := (v - mu) * rstd
			d := rstd * (gr[i]*gam[i] - s1 - xh*s2)
			if j.fresh {
				dr[i] = d
			} else {
				dr[i] += d
			}
		}
	}
}

// layerNormParamBackward adds Σ_rows g·x̂ into dgamma and Σ_rows g into
// dbeta for columns [lo, hi).
func layerNormParamBackward(j *ewJob, lo, hi int) {
	cols := j.cols
	rows := len(j.a) / cols
	for r := 0; r < rows; r++ {
		mu, rstd := j.e[2*r], j.e[2*r+1]
		xr, gr := j.a[r*cols+lo:r*cols+hi], j.d[r*cols+lo:r*cols+hi]
		if j.b != nil {
			dg := j.b[lo:hi]
			for i, v := range xr {
				dg[i] += gr[i] * (v - mu) * rstd
			}
		}
		if j.c != nil {
			db := j.c[lo:hi]
			for i, v := range gr {
				db[i] += v
			}
		}
	}
}

func (tp *Tape) layerNormBackward(n *node) {
	x, gamma, beta := n.a, n.b, n.c
	rows, cols := x.Rows()
	g := n.out.Grad
	j := &tp.ew
	if x.needGrad {
		dx, fresh := tp.gradFor(x)
		j.kind, j.a, j.b, j.c, j.d, j.e, j.cols, j.fresh = ewLayerNormBwd, x.Data, gamma.Data, g, dx, n.aux, cols, fresh
		tp.runEW(rows, cols*8)
	}
	if gamma.needGrad || beta.needGrad {
		var dg, db []float32
		if gamma.needGrad {
			dg = tp.gradOf(gamma)
		}
		if beta.needGrad {
			db = tp.gradOf(beta)
		}
		j.kind, j.a, j.b, j.c, j.d, j.e, j.cols = ewLayerNormParamBwd, x.Data, dg, db, g, n.aux, cols
		tp.runEW(cols, rows*4)
	}
}
