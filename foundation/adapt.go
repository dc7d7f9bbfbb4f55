package foundation

import (
	"context"
	"fmt"
	"math"

	"github.com/emergo/emergo/forecast"
	"github.com/emergo/emergo/nn"
)

// Adaptation modes.
const (
	// ModeZeroShot uses the pretrained weights as they are.
	ModeZeroShot = "zeroshot"
	// ModeHead trains only the forecasting heads (the Transformer head and
	// the linear skip head: linear probing); the backbone runs without
	// gradients and its weights stay bit-identical.
	ModeHead = "head"
	// ModeFull fine-tunes every parameter.
	ModeFull = "full"
)

// Adaptation defaults.
const (
	DefaultAdaptSteps  = 300
	DefaultAdaptBatch  = 32
	DefaultAdaptLRHead = 1e-3
	DefaultAdaptLRFull = 3e-4
	DefaultAdaptEvery  = 50
)

// Adaptation configures what Fit does with downstream data. Zero fields
// take the defaults; the zero value is zero-shot.
type Adaptation struct {
	// Mode is ModeZeroShot ("" too), ModeHead or ModeFull.
	Mode string `json:"mode"`
	// Steps, Batch, LR (peak of AdamW; warm-up 5%, cosine decay to LR/10),
	// WeightDecay and Every (updates between validations) of
	// fine-tuning. LR defaults to 10⁻³ for the head and 3·10⁻⁴ for full
	// fine-tuning.
	Steps       int     `json:"steps"`
	Batch       int     `json:"batch"`
	LR          float64 `json:"lr"`
	WeightDecay float64 `json:"weight_decay"`
	Every       int     `json:"every"`
	// Seed drives the windows drawn.
	Seed uint64 `json:"seed"`
	// Target names the downstream data in the model's record.
	Target string `json:"target,omitempty"`
	// Hooks report progress.
	Hooks TrainHooks `json:"-"`
}

// Defaults fills zero fields.
func (a Adaptation) Defaults() Adaptation {
	if a.Mode == "" {
		a.Mode = ModeZeroShot
	}
	if a.Steps == 0 {
		a.Steps = DefaultAdaptSteps
	}
	if a.Batch == 0 {
		a.Batch = DefaultAdaptBatch
	}
	if a.LR == 0 {
		a.LR = DefaultAdaptLRFull
		if a.Mode == ModeHead {
			a.LR = DefaultAdaptLRHead
		}
	}
	if a.Every == 0 {
		a.Every = DefaultAdaptEvery
	}
	a.Every = min(a.Every, a.Steps)
	if r := a.Steps % max(a.Every, 1); r != 0 {
		a.Steps += a.Every - r
	}
	return a
}

func (a *Adaptation) validate() error {
	switch {
	case a.Mode != ModeZeroShot && a.Mode != ModeHead && a.Mode != ModeFull:
		return fmt.Errorf("%s: adaptation mode %q: want %q, %q or %q", ModelName, a.Mode, ModeZeroShot, ModeHead, ModeFull)
	case a.Steps < 1 || a.Batch < 1 || a.Every < 1:
		return fmt.Errorf("%s: adaptation steps %d, batch %d and every %d must be positive", ModelName, a.Steps, a.Batch, a.Every)
	case !(a.LR > 0) || math.IsInf(a.LR, 0):
		return fmt.Errorf("%s: adaptation lr %v must be positive", ModelName, a.LR)
	case !(a.WeightDecay >= 0):
		return fmt.Errorf("%s: adaptation weight_decay %v must be non-negative", ModelName, a.WeightDecay)
	}
	return nil
}

// seriesOf turns every channel of b into a standardised corpus series of
// one system named name (constant channels are skipped).
func seriesOf(b *forecast.Block, name string) []Series {
	return channels(b.X, b.Dim, name, 0, false)
}

// adapt fine-tunes according to m.Adapt.
func (m *Model) adapt(ctx context.Context, train, val *forecast.Block) error {
	a := m.Adapt.Defaults()
	if err := a.validate(); err != nil {
		return err
	}
	if a.Mode == ModeZeroShot {
		return nil
	}
	C, H := m.cfg.Context, m.cfg.Horizon
	span := C + H
	if train.Rows < span {
		return fmt.Errorf("%s: fine-tuning needs at least context+horizon = %d training rows, got %d", ModelName, span, train.Rows)
	}
	ts := seriesOf(train, a.Target)
	if len(ts) == 0 {
		return fmt.Errorf("%s: fine-tuning: every training column is constant", ModelName)
	}
	cp, err := NewCorpus(ts, nil, nil)
	if err != nil {
		return err
	}
	var vw []window
	if val != nil && val.Rows >= span {
		cp.Val = seriesOf(val, a.Target)
		// Every validation window, up to 512 evenly spaced.
		var all []window
		for s := range cp.Val {
			for st := 0; st+span <= len(cp.Val[s].X); st++ {
				all = append(all, window{int32(s), int32(st)})
			}
		}
		const maxVal = 512
		if len(all) > maxVal {
			for i := 0; i < maxVal; i++ {
				vw = append(vw, all[i*len(all)/maxVal])
			}
		} else {
			vw = all
		}
	}
	ps := m.ps
	restore := func() {}
	if a.Mode == ModeHead {
		// Optimise a collection holding copies of the heads' tensors,
		// swapped into the layers for the run; the backbone runs without
		// gradients.
		ps = nn.NewParams()
		heads := map[string]*nn.Dense{"head": m.head}
		if m.skip != nil {
			heads["skip"] = m.skip
		}
		type saved struct {
			d    *nn.Dense
			w, b *nn.Tensor
		}
		var orig []saved
		for _, name := range []string{"head", "skip"} {
			d, ok := heads[name]
			if !ok {
				continue
			}
			w := ps.Add(name+".weight", d.W.Shape()...)
			b := ps.Add(name+".bias", d.B.Shape()...)
			copy(w.Data, d.W.Data)
			copy(b.Data, d.B.Data)
			orig = append(orig, saved{d, d.W, d.B})
			d.W, d.B = w, b
		}
		m.frozen = true
		restore = func() {
			for _, o := range orig {
				copy(o.w.Data, o.d.W.Data)
				copy(o.b.Data, o.d.B.Data)
				o.d.W, o.d.B = o.w, o.b
			}
			m.frozen = false
		}
	}
	l := &loop{m: m, cp: cp, ps: ps, steps: a.Steps, every: a.Every, batch: a.Batch, lr: a.LR, wd: a.WeightDecay,
		warmup: DefaultWarmup, clip: DefaultClip, seed: a.Seed, val: vw, keepBest: len(vw) > 0, hooks: a.Hooks}
	_, taken, err := l.run(ctx)
	restore()
	m.invalidate()
	if err != nil {
		return fmt.Errorf("%s: fine-tuning: %w", ModelName, err)
	}
	m.Info.FineTuned = append(m.Info.FineTuned, FineTuneRecord{Mode: a.Mode, Target: a.Target, Steps: taken, Rows: train.Rows})
	return nil
}
