package nn

import (
	"fmt"
	"math"
	"strconv"

	"github.com/emergo/emergo/nn/internal/par"
	"github.com/emergo/emergo/nn/internal/vec"
)

// Optimizer updates a Params collection from its gradients.
type Optimizer interface {
	// Step applies one update with learning rate lr.
	Step(lr float64)
	// Steps is the number of updates applied so far.
	Steps() int
	// Name identifies the algorithm ("sgd", "adam", "adamw").
	Name() string
	// SaveState writes the optimizer's state (moments, step count,
	// hyperparameters) into a checkpoint; LoadState restores it, so that
	// training resumes exactly where it stopped.
	SaveState(ck *Checkpoint)
	LoadState(ck *Checkpoint) error
}

// optimJob applies an elementwise update over the concatenation of all
// parameters, cut into contiguous ranges; every element is updated by one
// piece with the same arithmetic, so the split does not affect results.
type optimJob struct {
	ps    *Params
	off   []int // element offset of each parameter
	total int
	parts int
	kind  int // 0 SGD, 1 Adam
	// SGD
	lr, momentum, wd float32
	nesterov, first  bool
	buf              [][]float32
	// Adam
	ac   vec.AdamConsts
	m, v [][]float32
}

func (j *optimJob) init(ps *Params) {
	j.ps = ps
	j.off = make([]int, ps.Len()+1)
	for i, p := range ps.List() {
		j.off[i+1] = j.off[i] + len(p.Data)
	}
	j.total = j.off[ps.Len()]
	j.parts = 1
	if w := par.Workers(); w > 1 && j.total*8 >= parMinWork {
		j.parts = min(overSplit*w, max(2, j.total*8/parMinWork))
	}
}

func (j *optimJob) Do(i int) {
	lo, hi := par.Split(j.total, j.parts, i)
	for k, p := range j.ps.List() {
		a, b := max(lo, j.off[k]), min(hi, j.off[k+1])
		if a >= b {
			continue
		}
		s, e := a-j.off[k], b-j.off[k]
		if j.kind == 0 {
			var buf []float32
			if j.buf[k] != nil {
				buf = j.buf[k][s:e]
			}
			j.sgd(p.Data[s:e], p.Grad[s:e], buf)
		} else {
			j.adam(p.Data[s:e], p.Grad[s:e], j.m[k][s:e], j.v[k][s:e])
		}
	}
}

func (j *optimJob) run() {
	if j.parts == 1 {
		j.Do(0)
		return
	}
	par.Run(j.parts, j)
}

func (j *optimJob) sgd(w, g, buf []float32) {
	lr, mu, wd := j.lr, j.momentum, j.wd
	for i := range w {
		d := g[i] + wd*w[i]
		if mu != 0 {
			if j.first {
				buf[i] = d
			} else {
				buf[i] = mu*buf[i] + d
			}
			if j.nesterov {
				d += mu * buf[i]
			} else {
				d = buf[i]
			}
		}
		w[i] -= lr * d
	}
}

func (j *optimJob) adam(w, g, m, v []float32) { vec.Adam(w, g, m, v, &j.ac) }

// SGDConfig holds SGD hyperparameters.
type SGDConfig struct {
	// Momentum μ (0: plain gradient descent).
	Momentum float64
	// Nesterov uses the look-ahead form of momentum.
	Nesterov bool
	// WeightDecay adds WeightDecay·w to the gradient (L2 regularisation).
	WeightDecay float64
}

// SGD is stochastic gradient descent with optional momentum, in PyTorch's
// formulation: b ← μb + g (b = g at the first step), w ← w - lr·b (or
// w ← w - lr·(g + μb) with Nesterov).
type SGD struct {
	cfg   SGDConfig
	steps int
	job   optimJob
}

// NewSGD returns an SGD optimizer for ps (nil cfg: plain SGD).
func NewSGD(ps *Params, cfg *SGDConfig) *SGD {
	s := &SGD{}
	if cfg != nil {
		s.cfg = *cfg
	}
	s.job.init(ps)
	s.job.buf = make([][]float32, ps.Len())
	if s.cfg.Momentum != 0 {
		for i, p := range ps.List() {
			s.job.buf[i] = make([]float32, len(p.Data))
		}
	}
	return s
}

// Name returns "sgd".
func (s *SGD) Name() string { return "sgd" }

// Steps is the number of updates applied.
func (s *SGD) Steps() int { return s.steps }

// Step applies one update.
func (s *SGD) Step(lr float64) {
	j := &s.job
	j.kind, j.lr, j.momentum, j.wd = 0, float32(lr), float32(s.cfg.Momentum), float32(s.cfg.WeightDecay)
	j.nesterov, j.first = s.cfg.Nesterov, s.steps == 0
	j.run()
	s.steps++
}

// SaveState stores the momentum buffers and the step count.
func (s *SGD) SaveState(ck *Checkpoint) {
	ck.Metadata[metaOptim] = s.Name()
	ck.Metadata[metaOptimSteps] = strconv.Itoa(s.steps)
	ck.Metadata["nn.optim.momentum"] = formatFloat(s.cfg.Momentum)
	ck.Metadata["nn.optim.nesterov"] = strconv.FormatBool(s.cfg.Nesterov)
	ck.Metadata["nn.optim.weight_decay"] = formatFloat(s.cfg.WeightDecay)
	if s.cfg.Momentum != 0 {
		for i, p := range s.job.ps.List() {
			ck.Put("optim.momentum/"+p.Name, s.job.buf[i], p.Shape()...)
		}
	}
}

// LoadState restores the state saved by SaveState.
func (s *SGD) LoadState(ck *Checkpoint) error {
	steps, err := checkOptim(ck, s.Name())
	if err != nil {
		return err
	}
	if s.cfg.Momentum != 0 {
		for i, p := range s.job.ps.List() {
			if err := ck.load("optim.momentum/"+p.Name, s.job.buf[i], p.Shape()); err != nil {
				return err
			}
		}
	}
	s.steps = steps
	return nil
}

// AdamConfig holds Adam hyperparameters; DefaultAdam gives the usual
// values.
type AdamConfig struct {
	Beta1, Beta2, Eps float64
	// WeightDecay: for Adam, L2 regularisation added to the gradient; for
	// AdamW, decoupled decay w ← (1 - lr·WeightDecay)·w before the Adam
	// update (Loshchilov & Hutter 2019).
	WeightDecay float64
}

// DefaultAdam returns β₁ = 0.9, β₂ = 0.999, ε = 1e-8 and no weight decay
// (Kingma & Ba 2015).
func DefaultAdam() AdamConfig { return AdamConfig{Beta1: 0.9, Beta2: 0.999, Eps: 1e-8} }

// DefaultAdamW returns DefaultAdam with weight decay 0.01 (PyTorch's
// AdamW default).
func DefaultAdamW() AdamConfig {
	c := DefaultAdam()
	c.WeightDecay = 0.01
	return c
}

// Adam is the Adam optimizer (Kingma & Ba 2015) in PyTorch's arithmetic:
//
//	m ← β₁m + (1-β₁)g,  v ← β₂v + (1-β₂)g²
//	w ← w - (lr/(1-β₁ᵗ))·m / (√v/√(1-β₂ᵗ) + ε)
//
// and, for AdamW (Loshchilov & Hutter 2019), first w ← (1 - lr·λ)w.
//
// References:
//
//	D. P. Kingma and J. Ba, "Adam: a method for stochastic optimization",
//	ICLR (2015).
//	I. Loshchilov and F. Hutter, "Decoupled weight decay regularization",
//	ICLR (2019).
type Adam struct {
	cfg       AdamConfig
	decoupled bool
	steps     int
	job       optimJob
}

// NewAdam returns an Adam optimizer for ps (nil cfg: DefaultAdam).
func NewAdam(ps *Params, cfg *AdamConfig) *Adam { return newAdam(ps, cfg, false, DefaultAdam()) }

// NewAdamW returns an AdamW optimizer for ps (nil cfg: DefaultAdamW).
func NewAdamW(ps *Params, cfg *AdamConfig) *Adam { return newAdam(ps, cfg, true, DefaultAdamW()) }

func newAdam(ps *Params, cfg *AdamConfig, decoupled bool, def AdamConfig) *Adam {
	a := &Adam{cfg: def, decoupled: decoupled}
	if cfg != nil {
		a.cfg = *cfg
	}
	if a.cfg.Beta1 < 0 || a.cfg.Beta1 >= 1 || a.cfg.Beta2 < 0 || a.cfg.Beta2 >= 1 || a.cfg.Eps < 0 {
		panic(fmt.Sprintf("nn: Adam betas %v, %v must be in [0, 1) and eps %v ≥ 0", a.cfg.Beta1, a.cfg.Beta2, a.cfg.Eps))
	}
	a.job.init(ps)
	a.job.m = make([][]float32, ps.Len())
	a.job.v = make([][]float32, ps.Len())
	for i, p := range ps.List() {
		a.job.m[i] = make([]float32, len(p.Data))
		a.job.v[i] = make([]float32, len(p.Data))
	}
	return a
}

// Name returns "adam" or "adamw".
func (a *Adam) Name() string {
	if a.decoupled {
		return "adamw"
	}
	return "adam"
}

// Steps is the number of updates applied.
func (a *Adam) Steps() int { return a.steps }

// Step applies one update.
func (a *Adam) Step(lr float64) {
	a.steps++
	t := float64(a.steps)
	bc1 := 1 - math.Pow(a.cfg.Beta1, t)
	bc2 := 1 - math.Pow(a.cfg.Beta2, t)
	j := &a.job
	j.kind = 1
	// 1-β is rounded from float64, as PyTorch does (1 - float32(0.999)
	// would be off by 1e-5 relative).
	j.ac = vec.AdamConsts{Beta1: float32(a.cfg.Beta1), OneMinusBeta1: float32(1 - a.cfg.Beta1),
		Beta2: float32(a.cfg.Beta2), OneMinusBeta2: float32(1 - a.cfg.Beta2),
		Step: float32(lr / bc1), RSqrtBC2: float32(1 / math.Sqrt(bc2)), Eps: float32(a.cfg.Eps), Decay: 1}
	if a.decoupled {
		j.ac.Decay = float32(1 - lr*a.cfg.WeightDecay)
	} else {
		j.ac.WeightDecay = float32(a.cfg.WeightDecay)
	}
	j.run()
}

// Moments returns the first and second moment buffers of parameter i (in
// registration order).
func (a *Adam) Moments(i int) (m, v []float32) { return a.job.m[i], a.job.v[i] }

// SaveState stores the moments, the step count and the hyperparameters.
func (a *Adam) SaveState(ck *Checkpoint) {
	ck.Metadata[metaOptim] = a.Name()
	ck.Metadata[metaOptimSteps] = strconv.Itoa(a.steps)
	ck.Metadata["nn.optim.beta1"] = formatFloat(a.cfg.Beta1)
	ck.Metadata["nn.optim.beta2"] = formatFloat(a.cfg.Beta2)
	ck.Metadata["nn.optim.eps"] = formatFloat(a.cfg.Eps)
	ck.Metadata["nn.optim.weight_decay"] = formatFloat(a.cfg.WeightDecay)
	for i, p := range a.job.ps.List() {
		ck.Put("optim.m/"+p.Name, a.job.m[i], p.Shape()...)
		ck.Put("optim.v/"+p.Name, a.job.v[i], p.Shape()...)
	}
}

// LoadState restores the state saved by SaveState.
func (a *Adam) LoadState(ck *Checkpoint) error {
	steps, err := checkOptim(ck, a.Name())
	if err != nil {
		return err
	}
	for i, p := range a.job.ps.List() {
		if err := ck.load("optim.m/"+p.Name, a.job.m[i], p.Shape()); err != nil {
			return err
		}
		if err := ck.load("optim.v/"+p.Name, a.job.v[i], p.Shape()); err != nil {
			return err
		}
	}
	a.steps = steps
	return nil
}

const (
	metaOptim      = "nn.optim"
	metaOptimSteps = "nn.optim.steps"
)

func checkOptim(ck *Checkpoint, name string) (int, error) {
	got := ck.Metadata[metaOptim]
	if got != name {
		return 0, fmt.Errorf("nn: checkpoint holds %q optimizer state, want %q", got, name)
	}
	steps, err := strconv.Atoi(ck.Metadata[metaOptimSteps])
	if err != nil || steps < 0 {
		return 0, fmt.Errorf("nn: checkpoint optimizer step count %q: %v", ck.Metadata[metaOptimSteps], err)
	}
	return steps, nil
}

func formatFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// Schedule gives the learning rate of each update step (counted from 0).
type Schedule interface {
	LR(step int) float64
}

// ConstantLR is a fixed learning rate.
type ConstantLR float64

// LR returns the constant.
func (c ConstantLR) LR(int) float64 { return float64(c) }

// CosineWarmup rises linearly from Peak/Warmup to Peak over the first
// Warmup steps (lr = Peak·(step+1)/Warmup), then follows a half cosine
// from Peak down to Final at step Total (Loshchilov & Hutter 2017, without
// restarts), and stays at Final afterwards:
//
//	lr = Final + ½(Peak - Final)(1 + cos(π(step - Warmup)/(Total - Warmup)))
//
// References:
//
//	I. Loshchilov and F. Hutter, "SGDR: stochastic gradient descent with
//	warm restarts", ICLR (2017).
type CosineWarmup struct {
	Peak, Final   float64
	Warmup, Total int
}

// LR returns the learning rate of a step.
func (c CosineWarmup) LR(step int) float64 {
	if step < c.Warmup {
		return c.Peak * float64(step+1) / float64(c.Warmup)
	}
	if step >= c.Total {
		return c.Final
	}
	p := float64(step-c.Warmup) / float64(c.Total-c.Warmup)
	return c.Final + 0.5*(c.Peak-c.Final)*(1+math.Cos(math.Pi*p))
}
