package foundation

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/emergo/emergo/nn"
)

// valChunk bounds the validation windows evaluated in one tape pass.
const valChunk = 256

// TrainHooks are callbacks into pretraining and fine-tuning. Nil fields
// are skipped.
type TrainHooks struct {
	// OnStep runs after every update with the updates so far, the planned
	// total and that batch's loss (mean squared error of the normalised
	// targets).
	OnStep func(step, total int, loss float64)
	// OnCheckpoint runs after every block of CheckpointEvery updates (an
	// "epoch" of the trainer), after the checkpoint is written, with the
	// updates so far, the planned total, the block's mean training loss and
	// the validation loss (NaN without validation). Returning nn.ErrStop
	// ends training normally (a later resume continues from there); any
	// other error aborts it.
	OnCheckpoint func(step, total int, trainLoss, valLoss float64) error
}

// LossPoint is the loss after a block of updates.
type LossPoint struct {
	Step  int     `json:"step"`
	Train float64 `json:"train"`
	Val   float64 `json:"val"` // NaN without validation (null in JSON)
}

// loop is one training run of a model on the windows of a corpus.
type loop struct {
	m          *Model
	cp         *Corpus
	ps         *nn.Params // the parameters optimised
	steps      int        // planned updates (a multiple of every)
	every      int        // updates per trainer epoch
	batch      int
	lr, wd     float64
	warmup     float64
	clip       float64
	seed       uint64
	val        []window // fixed validation windows (into cp.Val)
	keepBest   bool
	hooks      TrainHooks
	checkpoint func(tr *nn.Trainer, hist []LossPoint) error // after every epoch, before the hook
	restore    func(tr *nn.Trainer) ([]LossPoint, error)    // nil: fresh start
}

// valWindows draws n validation windows from the series of cp.Val with
// a generator of its own (so that they do not depend on training).
func valWindows(cp *Corpus, span, n int, seed uint64) []window {
	var ok []int
	for i := range cp.Val {
		if len(cp.Val[i].X) >= span {
			ok = append(ok, i)
		}
	}
	if len(ok) == 0 || n <= 0 {
		return nil
	}
	rng := rand.New(rand.NewPCG(seed, streamWindows))
	out := make([]window, n)
	for i := range out {
		s := ok[rng.IntN(len(ok))]
		out[i] = window{int32(s), int32(rng.IntN(len(cp.Val[s].X) - span + 1))}
	}
	return out
}

// run trains and returns the loss history (including any restored part)
// and the number of updates taken in this call.
func (l *loop) run(ctx context.Context) ([]LossPoint, int, error) {
	m := l.m
	c := m.cfg
	C, H, N, P := c.Context, c.Horizon, c.Tokens(), c.Patch
	span := C + H
	for i := range l.cp.Train {
		if len(l.cp.Train[i].X) < span {
			return nil, 0, fmt.Errorf("foundation: series %d (%s) has %d values, fewer than context+horizon = %d",
				i, l.cp.Train[i].System, len(l.cp.Train[i].X), span)
		}
	}
	epochs := l.steps / l.every
	cfg := nn.DefaultAdamW()
	cfg.WeightDecay = l.wd
	warm := max(1, int(math.Round(l.warmup*float64(l.steps))))
	tr := nn.NewTrainer(l.ps, nn.NewAdamW(l.ps, &cfg),
		nn.CosineWarmup{Peak: l.lr, Final: l.lr / 10, Warmup: warm, Total: l.steps}, l.seed)
	tr.ClipNorm = l.clip
	tr.KeepBest = l.keepBest
	var hist []LossPoint
	if l.restore != nil {
		h, err := l.restore(tr)
		if err != nil {
			return nil, 0, err
		}
		hist = h
	}
	start := tr.Step()
	wins := make([]window, l.every*l.batch)
	xbuf := make([]float32, l.batch*C)
	ybuf := make([]float32, l.batch*H)
	obj := nn.Objective{
		Batches:    l.every,
		BeginEpoch: func(_ int, r *rand.Rand) { l.cp.drawWindows(wins, span, r) },
		Loss: func(tp *nn.Tape, b int) *nn.Tensor {
			for k, w := range wins[b*l.batch : (b+1)*l.batch] {
				src := l.cp.Train[w.series].X[w.start : int(w.start)+span]
				fillWindow(xbuf[k*C:(k+1)*C], ybuf[k*H:(k+1)*H], src)
			}
			return tp.MSE(m.forward(tp, tp.Const(xbuf, l.batch, N, P)), tp.Const(ybuf, l.batch, H))
		},
	}
	if len(l.val) > 0 {
		vx := make([]float32, valChunk*C)
		vy := make([]float32, valChunk*H)
		obj.Validate = func(tp *nn.Tape) float64 {
			var sum float64
			for lo := 0; lo < len(l.val); lo += valChunk {
				ws := l.val[lo:min(lo+valChunk, len(l.val))]
				for k, w := range ws {
					src := l.cp.Val[w.series].X[w.start : int(w.start)+span]
					fillWindow(vx[k*C:(k+1)*C], vy[k*H:(k+1)*H], src)
				}
				n := len(ws)
				loss := tp.MSE(m.forward(tp, tp.Const(vx[:n*C], n, N, P)), tp.Const(vy[:n*H], n, H)).Item()
				sum += float64(loss) * float64(n)
				tp.Reset()
			}
			return sum / float64(len(l.val))
		}
	}
	if l.hooks.OnStep != nil {
		tr.Hooks.OnStep = func(step int, loss float64) { l.hooks.OnStep(step, l.steps, loss) }
	}
	tr.Hooks.OnEpoch = func(epoch int, trainLoss, valLoss float64) error {
		m.invalidate()
		hist = append(hist, LossPoint{Step: tr.Step(), Train: trainLoss, Val: valLoss})
		if l.checkpoint != nil {
			if err := l.checkpoint(tr, hist); err != nil {
				return err
			}
		}
		if l.hooks.OnCheckpoint != nil {
			return l.hooks.OnCheckpoint(tr.Step(), l.steps, trainLoss, valLoss)
		}
		return nil
	}
	_, err := tr.Fit(ctx, obj, epochs)
	m.invalidate()
	taken := tr.Step() - start
	if err != nil {
		var de *nn.DivergedError
		if errors.As(err, &de) {
			return hist, taken, fmt.Errorf("foundation: training diverged at step %d (loss %.4g); the model keeps the last good parameters (try a smaller learning rate): %w",
				de.Step+1, de.Loss, err)
		}
		return hist, taken, err
	}
	for _, p := range l.ps.List() {
		for i, v := range p.Data {
			if f := float64(v); math.IsNaN(f) || math.IsInf(f, 0) {
				return hist, taken, fmt.Errorf("foundation: parameter %s[%d] is %v after training", p.Name, i, f)
			}
		}
	}
	return hist, taken, nil
}
