package foundation

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/emergo/emergo/nn"
)

// Pretraining defaults.
const (
	DefaultSteps           = 10000
	DefaultBatch           = 64
	DefaultLR              = 2e-3
	DefaultWeightDecay     = 0.01
	DefaultWarmup          = 0.05
	DefaultClip            = 1.0
	DefaultCheckpointEvery = 500
	DefaultValWindows      = 256
)

// Files of a model directory.
const (
	// ModelFile holds the parameters (safetensors) and, in its metadata,
	// the architecture and provenance.
	ModelFile = "model.safetensors"
	// CheckpointFile holds the complete training state for resuming.
	CheckpointFile = "checkpoint.safetensors"
	// ManifestFile is a readable summary (JSON).
	ManifestFile = "foundation.json"
)

// PretrainConfig configures pretraining. Zero fields take the defaults.
type PretrainConfig struct {
	// Steps is the number of updates, rounded up to a multiple of
	// CheckpointEvery.
	Steps int `json:"steps"`
	// Batch is the number of windows per update.
	Batch int `json:"batch"`
	// LR is the peak learning rate of AdamW: a linear warm-up over the
	// first Warmup share of the steps, then a cosine decay to LR/10.
	LR          float64 `json:"lr"`
	WeightDecay float64 `json:"weight_decay"`
	Warmup      float64 `json:"warmup"`
	// Clip is the global gradient-norm threshold.
	Clip float64 `json:"clip"`
	// CheckpointEvery is the number of updates between checkpoints and
	// validations.
	CheckpointEvery int `json:"checkpoint_every"`
	// ValWindows is the number of fixed validation windows drawn from the
	// pretraining systems' validation trajectories (negative: none).
	ValWindows int `json:"val_windows"`
	// Seed drives the initial weights, the windows drawn and dropout.
	Seed uint64 `json:"seed"`
}

// Defaults fills zero fields.
func (p PretrainConfig) Defaults() PretrainConfig {
	if p.Steps == 0 {
		p.Steps = DefaultSteps
	}
	if p.Batch == 0 {
		p.Batch = DefaultBatch
	}
	if p.LR == 0 {
		p.LR = DefaultLR
	}
	if p.WeightDecay == 0 {
		p.WeightDecay = DefaultWeightDecay
	}
	if p.Warmup == 0 {
		p.Warmup = DefaultWarmup
	}
	if p.Clip == 0 {
		p.Clip = DefaultClip
	}
	if p.CheckpointEvery == 0 {
		p.CheckpointEvery = DefaultCheckpointEvery
	}
	p.CheckpointEvery = min(p.CheckpointEvery, p.Steps)
	if r := p.Steps % p.CheckpointEvery; r != 0 {
		p.Steps += p.CheckpointEvery - r
	}
	if p.ValWindows == 0 {
		p.ValWindows = DefaultValWindows
	}
	return p
}

func (p *PretrainConfig) validate() error {
	switch {
	case p.Steps < 1:
		return fmt.Errorf("foundation: pretrain steps %d must be at least 1", p.Steps)
	case p.Batch < 1:
		return fmt.Errorf("foundation: pretrain batch %d must be at least 1", p.Batch)
	case !(p.LR > 0) || math.IsInf(p.LR, 0):
		return fmt.Errorf("foundation: pretrain lr %v must be positive", p.LR)
	case !(p.WeightDecay >= 0):
		return fmt.Errorf("foundation: pretrain weight_decay %v must be non-negative", p.WeightDecay)
	case !(p.Warmup >= 0 && p.Warmup < 1):
		return fmt.Errorf("foundation: pretrain warmup %v must be in [0, 1)", p.Warmup)
	case !(p.Clip >= 0):
		return fmt.Errorf("foundation: pretrain clip %v must be non-negative", p.Clip)
	case p.CheckpointEvery < 1:
		return fmt.Errorf("foundation: pretrain checkpoint_every %d must be at least 1", p.CheckpointEvery)
	}
	return nil
}

// PretrainOptions are run-time settings of Pretrain.
type PretrainOptions struct {
	// Dir, when not empty, receives ModelFile, CheckpointFile and
	// ManifestFile after every CheckpointEvery updates. Without Resume it
	// must not already hold a checkpoint.
	Dir string
	// Resume continues from Dir's checkpoint; the model, corpus and
	// pretraining configurations must be those of the checkpoint, and the
	// result is bit-identical to an uninterrupted run.
	Resume bool
	Hooks  TrainHooks
}

// PretrainResult is the record of a pretraining run.
type PretrainResult struct {
	Steps   int         `json:"steps"`   // updates taken in all
	Resumed int         `json:"resumed"` // updates restored from the checkpoint
	History []LossPoint `json:"history"` // per checkpoint block
	// Seconds is the wall time of this call's updates and WindowsPerSecond
	// their throughput (validation and checkpoints included).
	Seconds          float64 `json:"seconds"`
	WindowsPerSecond float64 `json:"windows_per_second"`
}

// Pretrain builds a model of architecture cfg (weights from pc.Seed) and
// trains it on windows of the corpus: each update draws Batch windows (a
// system uniformly, then one of its series, then a start), normalises each
// by its context (RevIN) and minimises the mean squared error of the next
// Horizon values. Validation windows come from the validation trajectories
// of the same systems; held-out systems are never seen. The final
// parameters are those of the last update.
func Pretrain(ctx context.Context, cp *Corpus, cfg Config, pc PretrainConfig, o *PretrainOptions) (*Model, *PretrainResult, error) {
	pc = pc.Defaults()
	if err := pc.validate(); err != nil {
		return nil, nil, err
	}
	var opt PretrainOptions
	if o != nil {
		opt = *o
	}
	m, err := New(cfg, pc.Seed)
	if err != nil {
		return nil, nil, err
	}
	cc := cp.Config
	m.Info = ModelInfo{Corpus: &cc, Systems: cp.SystemNames(), HeldOut: append([]string(nil), cp.HeldOut...), Pretrain: &pc}
	span := m.cfg.Context + m.cfg.Horizon
	var val []window
	if pc.ValWindows > 0 {
		val = valWindows(cp, span, pc.ValWindows, pc.Seed)
	}
	meta, err := pretrainMeta(m, cp, &pc)
	if err != nil {
		return nil, nil, err
	}
	l := &loop{m: m, cp: cp, ps: m.ps, steps: pc.Steps, every: pc.CheckpointEvery, batch: pc.Batch, lr: pc.LR,
		wd: pc.WeightDecay, warmup: pc.Warmup, clip: pc.Clip, seed: pc.Seed, val: val, hooks: opt.Hooks}
	if opt.Dir != "" {
		ckPath := filepath.Join(opt.Dir, CheckpointFile)
		_, statErr := os.Stat(ckPath)
		switch {
		case opt.Resume && statErr != nil:
			return nil, nil, fmt.Errorf("foundation: cannot resume: %s has no checkpoint (%v)", opt.Dir, statErr)
		case !opt.Resume && statErr == nil:
			return nil, nil, fmt.Errorf("foundation: %s already holds a checkpoint; resume it or choose another directory", opt.Dir)
		}
		if err := os.MkdirAll(opt.Dir, 0o755); err != nil {
			return nil, nil, err
		}
		if opt.Resume {
			l.restore = func(tr *nn.Trainer) ([]LossPoint, error) {
				return restorePretrain(tr, ckPath, meta)
			}
		}
		l.checkpoint = func(tr *nn.Trainer, hist []LossPoint) error {
			m.Info.Steps = tr.Step()
			hb, err := json.Marshal(hist)
			if err != nil {
				return err
			}
			mm := map[string]string{"foundation.history": string(hb)}
			for k, v := range meta {
				mm[k] = v
			}
			ck, err := tr.Checkpoint(mm)
			if err != nil {
				return err
			}
			if err := ck.Save(ckPath); err != nil {
				return err
			}
			return m.save(opt.Dir, hist)
		}
	} else if opt.Resume {
		return nil, nil, errors.New("foundation: resuming needs the checkpoint directory")
	}
	start := time.Now()
	hist, taken, err := l.run(ctx)
	secs := time.Since(start).Seconds()
	res := &PretrainResult{Steps: pc.Steps, History: hist, Seconds: secs}
	if len(hist) > 0 {
		res.Steps = hist[len(hist)-1].Step
	}
	res.Resumed = res.Steps - taken
	if secs > 0 {
		res.WindowsPerSecond = float64(taken*pc.Batch) / secs
	}
	m.Info.Steps = res.Steps
	if err != nil {
		return m, res, err
	}
	m.fitted = false
	return m, res, nil
}

// pretrainMeta is the checkpoint metadata that a resumed run must match.
func pretrainMeta(m *Model, cp *Corpus, pc *PretrainConfig) (map[string]string, error) {
	out := map[string]string{}
	for k, v := range map[string]any{"foundation.config": m.cfg, "foundation.corpus": cp.Config, "foundation.pretrain": pc} {
		b, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		out[k] = string(b)
	}
	return out, nil
}

// restorePretrain loads a pretraining checkpoint into tr after checking
// that it belongs to the same run.
func restorePretrain(tr *nn.Trainer, path string, meta map[string]string) ([]LossPoint, error) {
	ck, err := nn.LoadCheckpoint(path)
	if err != nil {
		return nil, err
	}
	for _, k := range []string{"foundation.config", "foundation.corpus", "foundation.pretrain"} {
		if got := ck.Metadata[k]; got != meta[k] {
			return nil, fmt.Errorf("foundation: cannot resume %s: its %s is %s, this run's is %s", path, k[len("foundation."):], got, meta[k])
		}
	}
	user, err := tr.Restore(ck)
	if err != nil {
		return nil, fmt.Errorf("foundation: resume %s: %w", path, err)
	}
	var hist []LossPoint
	if err := json.Unmarshal([]byte(user["foundation.history"]), &hist); err != nil {
		return nil, fmt.Errorf("foundation: resume %s: history: %v", path, err)
	}
	return hist, nil
}

// MarshalJSON writes a NaN validation loss as null.
func (p LossPoint) MarshalJSON() ([]byte, error) {
	v := "null"
	if !math.IsNaN(p.Val) && !math.IsInf(p.Val, 0) {
		v = strconv.FormatFloat(p.Val, 'g', -1, 64)
	}
	return []byte(fmt.Sprintf(`{"step":%d,"train":%s,"val":%s}`, p.Step, strconv.FormatFloat(p.Train, 'g', -1, 64), v)), nil
}

// UnmarshalJSON reads null as a NaN validation loss.
func (p *LossPoint) UnmarshalJSON(b []byte) error {
	var raw struct {
		Step  int      `json:"step"`
		Train float64  `json:"train"`
		Val   *float64 `json:"val"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	p.Step, p.Train, p.Val = raw.Step, raw.Train, math.NaN()
	if raw.Val != nil {
		p.Val = *raw.Val
	}
	return nil
}

// CheckpointConfig reads the model, corpus and pretraining
// configurations of the checkpoint in dir, so that a run can be resumed
// without restating them.
func CheckpointConfig(dir string) (Config, CorpusConfig, PretrainConfig, error) {
	var (
		c  Config
		cc CorpusConfig
		pc PretrainConfig
	)
	path := filepath.Join(dir, CheckpointFile)
	if _, err := os.Stat(path); err != nil {
		return c, cc, pc, fmt.Errorf("foundation: cannot resume: %s has no checkpoint (%v)", dir, err)
	}
	ck, err := nn.LoadCheckpoint(path)
	if err != nil {
		return c, cc, pc, fmt.Errorf("foundation: %w", err)
	}
	for k, v := range map[string]any{"foundation.config": &c, "foundation.corpus": &cc, "foundation.pretrain": &pc} {
		s, ok := ck.Metadata[k]
		if !ok {
			return c, cc, pc, fmt.Errorf("foundation: %s is not a pretraining checkpoint (no %s)", path, k)
		}
		if err := json.Unmarshal([]byte(s), v); err != nil {
			return c, cc, pc, fmt.Errorf("foundation: %s: %s: %v", path, k, err)
		}
	}
	return c, cc, pc, nil
}
