package suite

import (
	"context"
	"fmt"
	"math"
	"strings"
	"sync"

	"github.com/emergo/emergo/adapt"
	"github.com/emergo/emergo/adapt/reservoir"
	"github.com/emergo/emergo/forecast"
)

// Arm names of the models this package adds to adapt's registered ones
// (adapt.Models).
const (
	// ArmCritical is the criticality-tuned reservoir: a
	// reservoir.Reservoir tuned towards λ = 0 on the warm-up rows and
	// kept adapting (gain homeostasis and intrinsic plasticity) on the
	// stream, with an RLS readout on [r; r∘r].
	ArmCritical = "critical-esn"
	// ArmDiverse is the online inverse-error combination of four model
	// families that all keep learning: rls-ridge, rls-nvar, rls-esn and
	// critical-esn.
	ArmDiverse = "ensemble-diverse"
	// ArmSeeds is the same combination of four rls-esn members that
	// differ only in their reservoir seeds.
	ArmSeeds = "ensemble-seeds"
	// ArmCriticalFrozen is ArmCritical's reservoir tuned on the warm-up
	// rows and then fixed (no adaptation on the stream), with the same
	// RLS readout.
	ArmCriticalFrozen = "critical-esn-frozen"
	// ArmSub and ArmSuper are fixed reservoirs (no homeostasis, no
	// intrinsic plasticity) at spectral radius SubGain and SuperGain,
	// with the same RLS readout.
	ArmSub   = "subcritical-esn"
	ArmSuper = "supercritical-esn"
)

// Spectral radii of the fixed sub-critical and super-critical reservoir
// arms (critical: 1 for an autonomous linearised reservoir).
const (
	SubGain   = 0.5
	SuperGain = 1.5
)

// RLS settings of the reservoir readouts: those of adapt's rls-esn.
const (
	rlsLambdaESN = 0.998
	rlsDelta     = 1e-6
	rlsFloor     = 1e-5
	// ensembleMemory is the time constant, in rows, of the running mean
	// squared error behind the online inverse-error weights.
	ensembleMemory = 100
	// ensembleMembers is the size of both online ensembles.
	ensembleMembers = 4
)

// ReservoirSpec configures a reservoir arm.
type ReservoirSpec struct {
	// Name reported by the model.
	Name string
	// Size is the number of neurons.
	Size int
	// Gain is the initial (for a fixed reservoir: the) spectral radius.
	Gain float64
	// Tuned turns gain homeostasis towards λ = 0 and intrinsic
	// plasticity on; otherwise the reservoir is fixed.
	Tuned bool
	// Online keeps a tuned reservoir adapting on the stream (otherwise
	// it is frozen after the warm-up tuning).
	Online bool
	// TuneEpochs is the number of passes over the warm-up rows with
	// adaptation on before the stream (tuned reservoirs only).
	TuneEpochs int
	// Lambda is the RLS forgetting factor of the readout (0: 0.998).
	Lambda float64
}

// Probe gives access to the reservoir a factory built, after Evaluate
// (one reservoir per Evaluate call).
type Probe struct {
	mu sync.Mutex
	// Res is the reservoir, StreamStart its step count when the stream
	// (the row after the warm-up) began, and Warm the warm-up length.
	res         *reservoir.Reservoir
	streamStart int
	warm        int
}

// Reservoir returns the reservoir built by the last call of the factory
// (nil before), its step count at the first stream row and the warm-up
// length.
func (p *Probe) Reservoir() (*reservoir.Reservoir, int, int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.res, p.streamStart, p.warm
}

// resFeatures is the feature map [r; r∘r] of a reservoir.Reservoir
// driven by the pushed rows.
type resFeatures struct {
	res     *reservoir.Reservoir
	washout int
	count   int
	r       []float64
	err     error
}

func (f *resFeatures) Dim() int { return f.res.InputDim() }
func (f *resFeatures) Len() int { return 2 * f.res.Size() }
func (f *resFeatures) Push(z []float64) {
	if err := f.res.Step(z); err != nil && f.err == nil {
		f.err = err
	}
	f.count++
}
func (f *resFeatures) Ready() bool { return f.count >= f.washout }
func (f *resFeatures) Features(dst []float64) {
	f.r = f.res.State(f.r)
	n := len(f.r)
	for i, v := range f.r {
		dst[i] = v
		dst[n+i] = v * v
	}
}
func (f *resFeatures) Reset()      { f.res.ResetState(); f.count = 0 }
func (f *resFeatures) Memory() int { return adapt.ESNMemory }

// reservoirWashout is the number of rows a reservoir is driven before its
// features are used.
const reservoirWashout = 100

// standardise returns the rows of b standardised column-wise with the
// population statistics (a constant column only centred).
func standardise(b *forecast.Block) []float64 {
	d := b.Dim
	mu := make([]float64, d)
	sd := make([]float64, d)
	for i := 0; i < b.Rows; i++ {
		for j := 0; j < d; j++ {
			mu[j] += b.X[i*d+j]
		}
	}
	for j := range mu {
		mu[j] /= float64(b.Rows)
	}
	for i := 0; i < b.Rows; i++ {
		for j := 0; j < d; j++ {
			r := b.X[i*d+j] - mu[j]
			sd[j] += r * r
		}
	}
	for j := range sd {
		sd[j] = math.Sqrt(sd[j] / float64(b.Rows))
		if !(sd[j] > 1e-12*max(1, math.Abs(mu[j]))) {
			sd[j] = 1
		}
	}
	z := make([]float64, len(b.X))
	for i := 0; i < b.Rows; i++ {
		for j := 0; j < d; j++ {
			z[i*d+j] = (b.X[i*d+j] - mu[j]) / sd[j]
		}
	}
	return z
}

// ReservoirFactory returns the factory of a reservoir arm: the reservoir
// (seeded by the evaluation seed) is driven TuneEpochs times through the
// standardised warm-up rows with adaptation on (tuned) or off (fixed),
// then an RLS readout warms up on the warm-up rows and the stream runs.
// probe (optional) receives the reservoir.
func ReservoirFactory(s ReservoirSpec, probe *Probe) adapt.Factory {
	return adapt.Factory{Name: s.Name, New: func(ctx context.Context, warm *forecast.Block, seed uint64) (adapt.Online, error) {
		cfg := reservoir.DefaultConfig()
		cfg.Size, cfg.Gain, cfg.Seed = s.Size, s.Gain, seed
		if !s.Tuned {
			cfg.Target, cfg.GainRate, cfg.IPRate = reservoir.TargetNone, 0, 0
		}
		res, err := reservoir.New(warm.Dim, &cfg)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s.Name, err)
		}
		if s.Tuned {
			z := standardise(warm)
			d := warm.Dim
			for e := 0; e < s.TuneEpochs; e++ {
				if err := ctx.Err(); err != nil {
					return nil, err
				}
				res.ResetState()
				for i := 0; i < warm.Rows; i++ {
					if err := res.Step(z[i*d : (i+1)*d]); err != nil {
						return nil, fmt.Errorf("%s: tuning: %w", s.Name, err)
					}
				}
			}
			res.ResetState()
			res.SetAdapt(s.Online)
		}
		lam := s.Lambda
		if lam == 0 {
			lam = rlsLambdaESN
		}
		fm := &resFeatures{res: res, washout: min(reservoirWashout, warm.Rows/2)}
		m := adapt.NewRLS(fm, adapt.RLSOptions{Name: s.Name, Lambda: lam, Delta: rlsDelta, Floor: rlsFloor})
		if err := m.Warm(ctx, warm); err != nil {
			return nil, err
		}
		if fm.err != nil {
			return nil, fmt.Errorf("%s: %w", s.Name, fm.err)
		}
		if probe != nil {
			probe.mu.Lock()
			probe.res, probe.streamStart, probe.warm = res, res.Steps(), warm.Rows
			probe.mu.Unlock()
		}
		return m, nil
	}}
}

// combo is an online ensemble: the forecast is Σ w_i p_i with weights
// proportional to the inverse of each member's exponentially weighted
// mean squared error (standardised units, time constant memory rows),
// the online form of the inverse-MSE combination of Bates & Granger
// (1969). Members all observe every row.
type combo struct {
	name    string
	members []adapt.Online
	scale   []float64
	mse     []float64
	preds   [][]float64
	w       []float64
	rate    float64
	have    bool
}

func (c *combo) Name() string { return c.name }

func (c *combo) Predict(dst []float64) []float64 {
	d := len(c.scale)
	if len(dst) < d {
		dst = make([]float64, d)
	}
	dst = dst[:d]
	var sw float64
	for i, m := range c.members {
		c.preds[i] = m.Predict(c.preds[i])
		c.w[i] = 1 / (c.mse[i] + 1e-12)
		for _, v := range c.preds[i] {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				c.w[i] = 0
			}
		}
		sw += c.w[i]
	}
	clear(dst)
	if sw == 0 {
		for j := range dst {
			dst[j] = math.NaN()
		}
		return dst
	}
	for i := range c.members {
		if c.w[i] == 0 {
			continue
		}
		w := c.w[i] / sw
		for j, v := range c.preds[i] {
			dst[j] += w * v
		}
	}
	c.have = true
	return dst
}

func (c *combo) Observe(x []float64) error {
	if c.have {
		complete := true
		for _, v := range x {
			if math.IsNaN(v) {
				complete = false
			}
		}
		if complete {
			for i := range c.members {
				var ss float64
				for j, v := range c.preds[i] {
					r := (x[j] - v) / c.scale[j]
					ss += r * r
				}
				ss /= float64(len(x))
				if math.IsNaN(ss) || math.IsInf(ss, 0) {
					ss = 1e6
				}
				c.mse[i] += c.rate * (ss - c.mse[i])
			}
		}
		c.have = false
	}
	for _, m := range c.members {
		if err := m.Observe(x); err != nil {
			return fmt.Errorf("%s: %w", c.name, err)
		}
	}
	return nil
}

// ComboFactory returns the factory of an online inverse-error ensemble of
// the given members (built with the same warm-up and seed; member k of a
// seeds-only ensemble gets seed+k when seedStep is set).
func ComboFactory(name string, members []adapt.Factory, seedStep bool) adapt.Factory {
	return adapt.Factory{Name: name, New: func(ctx context.Context, warm *forecast.Block, seed uint64) (adapt.Online, error) {
		d := warm.Dim
		c := &combo{name: name, scale: make([]float64, d), mse: make([]float64, len(members)),
			preds: make([][]float64, len(members)), w: make([]float64, len(members)), rate: 1.0 / ensembleMemory}
		for j := 0; j < d; j++ {
			var m, ss float64
			for i := 0; i < warm.Rows; i++ {
				m += warm.X[i*d+j]
			}
			m /= float64(warm.Rows)
			for i := 0; i < warm.Rows; i++ {
				r := warm.X[i*d+j] - m
				ss += r * r
			}
			c.scale[j] = math.Sqrt(ss / float64(warm.Rows))
			if !(c.scale[j] > 0) {
				c.scale[j] = 1
			}
		}
		for k, f := range members {
			s := seed
			if seedStep {
				s = seed + uint64(k)
			}
			m, err := f.New(ctx, warm, s)
			if err != nil {
				return nil, fmt.Errorf("%s: member %s: %w", name, f.Name, err)
			}
			c.members = append(c.members, m)
			c.mse[k] = 1
		}
		return c, nil
	}}
}

// recorder wraps an Online model and keeps its forecasts, so that a
// second detector can be run on the same errors by replay.
type recorder struct {
	adapt.Online
	preds []float64
}

func (r *recorder) Predict(dst []float64) []float64 {
	dst = r.Online.Predict(dst)
	r.preds = append(r.preds, dst...)
	return dst
}

// replay returns recorded forecasts in order and learns nothing.
type replay struct {
	name  string
	preds []float64
	dim   int
	i     int
}

func (r *replay) Name() string { return r.name }
func (r *replay) Predict(dst []float64) []float64 {
	if len(dst) < r.dim {
		dst = make([]float64, r.dim)
	}
	dst = dst[:r.dim]
	copy(dst, r.preds[r.i*r.dim:(r.i+1)*r.dim])
	return dst
}
func (r *replay) Observe(x []float64) error {
	if len(x) != r.dim {
		return fmt.Errorf("%s: replay: %d values, want %d", r.name, len(x), r.dim)
	}
	r.i++
	return nil
}

// buildArm returns the factory of an arm: one of adapt's registered
// models, or ArmCritical, ArmCriticalFrozen, ArmSub, ArmSuper, ArmDiverse
// or ArmSeeds. lambda (0: defaults)
// overrides the RLS forgetting factor of every learning model; size is
// the reservoir size; probe receives the critical reservoir of
// ArmCritical.
func buildArm(name string, lambda float64, size, tuneEpochs int, probe *Probe) (adapt.Factory, error) {
	mo := &adapt.ModelOptions{Lambda: lambda, ESNSize: size}
	crit := ReservoirSpec{Name: ArmCritical, Size: size, Gain: 1, Tuned: true, Online: true, TuneEpochs: tuneEpochs, Lambda: lambda}
	n := strings.ToLower(name)
	switch n {
	case ArmCritical:
		return ReservoirFactory(crit, probe), nil
	case ArmCriticalFrozen:
		s := crit
		s.Name, s.Online = ArmCriticalFrozen, false
		return ReservoirFactory(s, nil), nil
	case ArmSub, ArmSuper:
		g := SubGain
		if n == ArmSuper {
			g = SuperGain
		}
		return ReservoirFactory(ReservoirSpec{Name: n, Size: size, Gain: g, Lambda: lambda}, nil), nil
	case ArmDiverse:
		var ms []adapt.Factory
		for _, n := range []string{"rls-ridge", "rls-nvar", "rls-esn"} {
			f, err := adapt.NewModel(n, mo)
			if err != nil {
				return adapt.Factory{}, err
			}
			ms = append(ms, f)
		}
		ms = append(ms, ReservoirFactory(crit, nil))
		return ComboFactory(ArmDiverse, ms, false), nil
	case ArmSeeds:
		f, err := adapt.NewModel("rls-esn", mo)
		if err != nil {
			return adapt.Factory{}, err
		}
		ms := make([]adapt.Factory, ensembleMembers)
		for i := range ms {
			ms[i] = f
		}
		return ComboFactory(ArmSeeds, ms, true), nil
	}
	return adapt.NewModel(name, mo)
}

// armNames lists the valid arm names.
func armNames() []string {
	var out []string
	for _, m := range adapt.Models() {
		out = append(out, m.Name)
	}
	return append(out, ArmCritical, ArmCriticalFrozen, ArmSub, ArmSuper, ArmDiverse, ArmSeeds)
}
