package nn

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
)

// Hooks attach progress bars, checkpointing and metric logging to a
// Trainer from outside. Nil hooks are skipped.
type Hooks struct {
	// OnStep runs after every update with the number of updates taken so
	// far (1 after the first) and that batch's training loss.
	OnStep func(step int, loss float64)
	// OnEpoch runs after every epoch with the number of epochs completed
	// (1 after the first), the mean training loss and the validation loss
	// (NaN without validation). Returning ErrStop ends training normally;
	// any other error aborts Fit with that error. A checkpoint written
	// here (Trainer.Checkpoint) resumes exactly after this epoch.
	OnEpoch func(epoch int, trainLoss, valLoss float64) error
}

// ErrStop, returned by a hook, stops training without an error.
var ErrStop = errors.New("nn: stop requested")

// Objective is what Fit minimises.
type Objective struct {
	// Batches is the number of training batches per epoch.
	Batches int
	// Shuffle visits the batches of each epoch in a fresh random order
	// drawn from the trainer's generator (otherwise 0, 1, ...).
	Shuffle bool
	// BeginEpoch, when not nil, runs at the start of every epoch with the
	// trainer's generator, e.g. to reshuffle samples across batches. For
	// resumption to be exact its effect must depend only on epoch and the
	// generator (rebuild a permutation from the identity, do not shuffle
	// the previous one).
	BeginEpoch func(epoch int, rng *rand.Rand)
	// Loss builds the scalar training loss of batch number batch on tp
	// (in training mode, with tp.Rand the trainer's generator).
	Loss func(tp *Tape, batch int) *Tensor
	// Validate, when not nil, returns the validation loss, computed on tp
	// in inference mode (tp.NoGrad set, tp.Training false). It enables
	// early stopping and best-parameter restoration.
	Validate func(tp *Tape) float64
}

// DivergedError reports training that diverged: a non-finite loss, or one
// that exceeded the divergence factor times the reference loss. The
// parameters are those of the last step whose loss was good.
type DivergedError struct {
	Step, Epoch int     // update step (0-based) and epoch of the bad loss
	Loss        float64 // the bad loss
	Reference   float64 // the reference loss (first step's)
	Factor      float64
}

func (e *DivergedError) Error() string {
	if math.IsNaN(e.Loss) || math.IsInf(e.Loss, 0) {
		return fmt.Sprintf("nn: training diverged at step %d (epoch %d): loss is %v; parameters restored to those before step %d", e.Step, e.Epoch, e.Loss, e.Step-1)
	}
	return fmt.Sprintf("nn: training diverged at step %d (epoch %d): loss %.4g exceeds %g × the first step's %.4g; parameters restored to those before step %d", e.Step, e.Epoch, e.Loss, e.Factor, e.Reference, e.Step-1)
}

// DefaultDivergenceFactor is the loss growth, relative to the first
// step's loss, that Fit treats as divergence.
const DefaultDivergenceFactor = 1e4

// Trainer runs the training loop: for each batch it builds the loss on a
// reused tape, backpropagates, clips the gradient norm, applies the
// optimizer with the scheduled learning rate and calls the hooks; after
// each epoch it validates, tracks the best parameters and stops early when
// validation has not improved for Patience epochs.
//
// All randomness (batch order, dropout) comes from the trainer's PCG
// generator, which is checkpointed with the parameters and the optimizer
// state: a run resumed from a checkpoint written by OnEpoch is
// bit-identical to one that never stopped.
type Trainer struct {
	Params    *Params
	Optimizer Optimizer
	Schedule  Schedule
	// ClipNorm > 0 rescales gradients to at most this global L2 norm.
	ClipNorm float64
	// Patience > 0 stops after that many epochs without a validation
	// improvement larger than MinDelta.
	Patience int
	MinDelta float64
	// DivergenceFactor: a loss above DivergenceFactor × |the first step's
	// loss| is divergence (0: DefaultDivergenceFactor; negative: only
	// non-finite losses are, which suits losses that can start near zero
	// or change sign, like a Gaussian NLL). The reference loss is kept in
	// checkpoints. On divergence Fit restores the last good parameters and
	// returns a *DivergedError.
	DivergenceFactor float64
	// KeepBest (default true through NewTrainer) makes Fit leave the
	// parameters of the best validation epoch when it returns.
	KeepBest bool
	Hooks    Hooks

	// Tape is reused by every step.
	Tape *Tape
	// Rand is the trainer's seeded generator (batch order, dropout).
	Rand *rand.Rand
	src  *rand.PCG

	epoch, step int
	bestVal     float64
	bestEpoch   int
	wait        int
	refLoss     float64
	best        []float32
	good        []float32
	order       []int
}

// NewTrainer returns a trainer for ps with the given optimizer and
// schedule, its generator seeded from seed.
func NewTrainer(ps *Params, opt Optimizer, sched Schedule, seed uint64) *Trainer {
	src := rand.NewPCG(seed, 0x6e6e747261696e) // stream "nntrain"
	return &Trainer{Params: ps, Optimizer: opt, Schedule: sched, KeepBest: true,
		Tape: NewTape(), Rand: rand.New(src), src: src, bestVal: math.Inf(1), bestEpoch: -1, refLoss: math.NaN()}
}

// Epoch is the number of completed epochs.
func (t *Trainer) Epoch() int { return t.epoch }

// Step is the number of updates taken.
func (t *Trainer) Step() int { return t.step }

// Best returns the best validation loss so far and the epoch count at
// which it was reached (-1 before any validation).
func (t *Trainer) Best() (loss float64, epoch int) { return t.bestVal, t.bestEpoch }

// History is the record of a Fit call.
type History struct {
	TrainLoss, ValLoss []float64 // per epoch run in this call
	StoppedEarly       bool
	BestEpoch          int // epochs completed when the best validation loss was reached
	BestValLoss        float64
}

// Fit trains until Epoch() reaches epochs, early stopping, a hook's
// ErrStop, cancellation of ctx (returned as ctx.Err() after the current
// batch) or divergence (*DivergedError).
func (t *Trainer) Fit(ctx context.Context, obj Objective, epochs int) (*History, error) {
	if obj.Batches < 1 || obj.Loss == nil {
		return nil, fmt.Errorf("nn: Fit needs Objective.Batches ≥ 1 and a Loss function")
	}
	if t.Schedule == nil || t.Optimizer == nil {
		return nil, fmt.Errorf("nn: Fit needs an optimizer and a schedule")
	}
	factor := t.DivergenceFactor
	if factor == 0 {
		factor = DefaultDivergenceFactor
	}
	h := &History{BestEpoch: t.bestEpoch, BestValLoss: t.bestVal}
	tp := t.Tape
	finish := func() {
		if t.KeepBest && t.best != nil {
			t.Params.SetValues(t.best)
		}
		h.BestEpoch, h.BestValLoss = t.bestEpoch, t.bestVal
	}
	if cap(t.order) < obj.Batches {
		t.order = make([]int, obj.Batches)
	}
	order := t.order[:obj.Batches]
	for t.epoch < epochs {
		if obj.BeginEpoch != nil {
			obj.BeginEpoch(t.epoch, t.Rand)
		}
		for i := range order {
			order[i] = i
		}
		if obj.Shuffle {
			t.Rand.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		}
		var sum float64
		for _, b := range order {
			if err := ctx.Err(); err != nil {
				return h, err
			}
			tp.Reset()
			tp.Training, tp.NoGrad, tp.Rand = true, false, t.Rand
			loss := obj.Loss(tp, b)
			l := float64(loss.Item())
			if math.IsNaN(t.refLoss) {
				t.refLoss = l
			}
			if math.IsNaN(l) || math.IsInf(l, 0) || (factor > 0 && l > factor*math.Abs(t.refLoss)) {
				if t.good != nil {
					t.Params.SetValues(t.good)
				}
				return h, &DivergedError{Step: t.step, Epoch: t.epoch, Loss: l, Reference: t.refLoss, Factor: factor}
			}
			t.good = t.Params.CopyValues(t.good)
			t.Params.ZeroGrad()
			tp.Backward(loss)
			if t.ClipNorm > 0 {
				t.Params.ClipGradNorm(t.ClipNorm)
			}
			t.Optimizer.Step(t.Schedule.LR(t.step))
			t.step++
			sum += l
			if t.Hooks.OnStep != nil {
				t.Hooks.OnStep(t.step, l)
			}
		}
		train := sum / float64(obj.Batches)
		val := math.NaN()
		if obj.Validate != nil {
			tp.Reset()
			tp.Training, tp.NoGrad = false, true
			val = obj.Validate(tp)
			tp.NoGrad = false
			if val < t.bestVal-t.MinDelta {
				t.bestVal, t.bestEpoch, t.wait = val, t.epoch+1, 0
				t.best = t.Params.CopyValues(t.best)
			} else {
				t.wait++
			}
		}
		t.epoch++
		h.TrainLoss = append(h.TrainLoss, train)
		h.ValLoss = append(h.ValLoss, val)
		if t.Hooks.OnEpoch != nil {
			if err := t.Hooks.OnEpoch(t.epoch, train, val); err != nil {
				finish()
				if errors.Is(err, ErrStop) {
					return h, nil
				}
				return h, err
			}
		}
		if t.Patience > 0 && obj.Validate != nil && t.wait >= t.Patience {
			h.StoppedEarly = true
			break
		}
	}
	finish()
	return h, nil
}

// Checkpoint returns the complete training state: parameters, optimizer
// state, the best parameters so far, the generator state and counters,
// plus meta (keys must not start with "nn.").
func (t *Trainer) Checkpoint(meta map[string]string) (*Checkpoint, error) {
	if err := checkUserMeta(meta); err != nil {
		return nil, err
	}
	ck := NewCheckpoint()
	for k, v := range meta {
		ck.Metadata[k] = v
	}
	ck.Metadata["nn.format"] = "emergo-nn-checkpoint/1"
	ck.SaveParams(t.Params, "")
	t.Optimizer.SaveState(ck)
	rs, err := t.src.MarshalBinary()
	if err != nil {
		return nil, err
	}
	ck.Metadata["nn.train.rng"] = hex.EncodeToString(rs)
	ck.Metadata["nn.train.epoch"] = strconv.Itoa(t.epoch)
	ck.Metadata["nn.train.step"] = strconv.Itoa(t.step)
	ck.Metadata["nn.train.best_val"] = formatFloat(t.bestVal)
	ck.Metadata["nn.train.best_epoch"] = strconv.Itoa(t.bestEpoch)
	ck.Metadata["nn.train.wait"] = strconv.Itoa(t.wait)
	ck.Metadata["nn.train.ref_loss"] = formatFloat(t.refLoss)
	if t.best != nil {
		off := 0
		for _, p := range t.Params.List() {
			ck.Put("best/"+p.Name, t.best[off:off+len(p.Data)], p.Shape()...)
			off += len(p.Data)
		}
	}
	return ck, nil
}

// Restore loads a state written by Checkpoint into this trainer (built
// with the same model and optimizer type) and returns the checkpoint's
// user metadata. Fit then continues from the saved epoch.
func (t *Trainer) Restore(ck *Checkpoint) (map[string]string, error) {
	if ck.Metadata["nn.format"] != "emergo-nn-checkpoint/1" {
		return nil, fmt.Errorf("nn: not a training checkpoint (format %q)", ck.Metadata["nn.format"])
	}
	ints := map[string]*int{"nn.train.epoch": &t.epoch, "nn.train.step": &t.step, "nn.train.wait": &t.wait, "nn.train.best_epoch": &t.bestEpoch}
	vals := map[string]int{}
	for k := range ints {
		v, err := strconv.Atoi(ck.Metadata[k])
		if err != nil {
			return nil, fmt.Errorf("nn: checkpoint %s = %q: %v", k, ck.Metadata[k], err)
		}
		vals[k] = v
	}
	bestVal, err1 := strconv.ParseFloat(ck.Metadata["nn.train.best_val"], 64)
	refLoss, err2 := strconv.ParseFloat(ck.Metadata["nn.train.ref_loss"], 64)
	rs, err3 := hex.DecodeString(ck.Metadata["nn.train.rng"])
	if err := errors.Join(err1, err2, err3); err != nil {
		return nil, fmt.Errorf("nn: checkpoint training state: %v", err)
	}
	var best []float32
	if _, ok := ck.Tensors["best/"+t.Params.List()[0].Name]; ok {
		best = make([]float32, t.Params.NumValues())
		off := 0
		for _, p := range t.Params.List() {
			if err := ck.load("best/"+p.Name, best[off:off+len(p.Data)], p.Shape()); err != nil {
				return nil, err
			}
			off += len(p.Data)
		}
	}
	if err := ck.LoadParams(t.Params, ""); err != nil {
		return nil, err
	}
	if err := t.Optimizer.LoadState(ck); err != nil {
		return nil, err
	}
	if err := t.src.UnmarshalBinary(rs); err != nil {
		return nil, fmt.Errorf("nn: checkpoint generator state: %v", err)
	}
	for k, p := range ints {
		*p = vals[k]
	}
	t.bestVal, t.refLoss, t.best = bestVal, refLoss, best
	user := map[string]string{}
	for k, v := range ck.Metadata {
		if len(k) < 3 || k[:3] != "nn." {
			user[k] = v
		}
	}
	return user, nil
}
