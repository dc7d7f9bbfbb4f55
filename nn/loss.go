package nn

import (
	"fmt"
	"math"
)

type lossKind uint8

const (
	lossMSE lossKind = iota
	lossMAE
	lossHuber
)

func checkSame(name string, a, b *Tensor) {
	if !sameShape(a, b) {
		panic(fmt.Sprintf("nn: %s of shapes %v and %v", name, a.Shape(), b.Shape()))
	}
}

// MSE returns the mean squared error mean((pred - target)²) as a scalar.
func (tp *Tape) MSE(pred, target *Tensor) *Tensor { return tp.pointLoss(lossMSE, pred, target, 0) }

// MAE returns the mean absolute error mean|pred - target| (gradient 0
// where they are equal).
func (tp *Tape) MAE(pred, target *Tensor) *Tensor { return tp.pointLoss(lossMAE, pred, target, 0) }

// Huber returns the mean Huber loss with threshold delta > 0 (Huber 1964;
// PyTorch's HuberLoss): ½d² for |d| < delta and delta·(|d| - ½delta)
// beyond, with d = pred - target.
//
// References:
//
//	P. J. Huber, "Robust estimation of a location parameter", Ann. Math.
//	Statist. 35, 73 (1964).
func (tp *Tape) Huber(pred, target *Tensor, delta float32) *Tensor {
	if !(delta > 0) {
		panic(fmt.Sprintf("nn: Huber delta %v must be positive", delta))
	}
	return tp.pointLoss(lossHuber, pred, target, delta)
}

func pointLossTerm(k lossKind, d, delta float32) (l float64, g float32) {
	switch k {
	case lossMSE:
		return float64(d) * float64(d), 2 * d
	case lossMAE:
		switch {
		case d > 0:
			return float64(d), 1
		case d < 0:
			return -float64(d), -1
		}
		return 0, 0
	}
	ad := absf(d)
	if ad < delta {
		return 0.5 * float64(d) * float64(d), d
	}
	if d > 0 {
		return float64(delta) * (float64(ad) - 0.5*float64(delta)), delta
	}
	return float64(delta) * (float64(ad) - 0.5*float64(delta)), -delta
}

func (tp *Tape) pointLoss(k lossKind, pred, target *Tensor, delta float32) *Tensor {
	checkSame("loss", pred, target)
	out := tp.newTensor()
	var s float64
	for i, p := range pred.Data {
		l, _ := pointLossTerm(k, p-target.Data[i], delta)
		s += l
	}
	out.Data[0] = float32(s / float64(max(len(pred.Data), 1)))
	if tp.needs(pred, target) {
		n := tp.record(opLoss, out)
		n.a, n.b, n.i[0], n.x[0] = pred, target, int(k), delta
	}
	return out
}

func (tp *Tape) lossBackward(n *node) {
	pred, target := n.a, n.b
	k, delta := lossKind(n.i[0]), n.x[0]
	scale := n.out.Grad[0] / float32(max(len(pred.Data), 1))
	var dp, dt []float32
	if pred.needGrad {
		dp = tp.gradOf(pred)
	}
	if target.needGrad {
		dt = tp.gradOf(target)
	}
	for i, p := range pred.Data {
		_, g := pointLossTerm(k, p-target.Data[i], delta)
		g *= scale
		if dp != nil {
			dp[i] += g
		}
		if dt != nil {
			dt[i] -= g
		}
	}
}

// GaussianNLL returns the mean negative log-likelihood of target under
// independent Gaussians with the given means and log-variances s,
// ½·mean(s + (target - mean)²·e^{-s}), dropping the constant ½log 2π (as
// PyTorch's GaussianNLLLoss with full=False, but parameterised by the
// log-variance so that any real head output is a valid variance).
func (tp *Tape) GaussianNLL(mean, logVar, target *Tensor) *Tensor {
	checkSame("GaussianNLL", mean, target)
	checkSame("GaussianNLL", logVar, target)
	out := tp.newTensor()
	var s float64
	for i, mu := range mean.Data {
		d := float64(target.Data[i] - mu)
		lv := float64(logVar.Data[i])
		s += 0.5 * (lv + d*d*math.Exp(-lv))
	}
	out.Data[0] = float32(s / float64(max(len(mean.Data), 1)))
	if tp.needs(mean, logVar, target) {
		n := tp.record(opGaussNLL, out)
		n.a, n.b, n.c = mean, logVar, target
	}
	return out
}

func (tp *Tape) gaussNLLBackward(n *node) {
	mean, logVar, target := n.a, n.b, n.c
	scale := n.out.Grad[0] / float32(max(len(mean.Data), 1))
	var dm, ds, dt []float32
	if mean.needGrad {
		dm = tp.gradOf(mean)
	}
	if logVar.needGrad {
		ds = tp.gradOf(logVar)
	}
	if target.needGrad {
		dt = tp.gradOf(target)
	}
	for i, mu := range mean.Data {
		d := target.Data[i] - mu
		iv := expf(-logVar.Data[i])
		if dm != nil {
			dm[i] -= scale * d * iv
		}
		if dt != nil {
			dt[i] += scale * d * iv
		}
		if ds != nil {
			ds[i] += scale * 0.5 * (1 - d*d*iv)
		}
	}
}
