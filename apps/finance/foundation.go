package finance

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"

	fin "github.com/emergo/emergo/finance"
	"github.com/emergo/emergo/forecast"
	"github.com/emergo/emergo/foundation"
)

// FoundationSpec adds the foundation model of package foundation to the
// "finance-forecast" walk-forward, as a return forecaster (one per mode)
// and, zero-shot, as a variance forecaster of the realised variance.
type FoundationSpec struct {
	// Model is the directory of a pretrained model (emergo pretrain
	// --out DIR). Empty: pretrain one here on simulated catalogue flows
	// (never on financial data), with Size, Steps and the experiment seed.
	// A study's task hash covers the path, not the files behind it.
	Model string `json:"model"`
	// Size is the preset of a model pretrained here (default "tiny").
	Size string `json:"size"`
	// Steps are its pretraining updates (default 3000).
	Steps int `json:"steps"`
	// Modes are the adaptations scored: "zeroshot" (the pretrained
	// weights as they are), "head" (linear probing of the forecasting
	// heads on each training window) and "full" (fine-tuning every
	// weight). Default zeroshot and head.
	Modes []string `json:"modes"`
	// AdaptSteps are the fine-tuning updates per refit (default 200).
	AdaptSteps int `json:"adapt_steps"`
	// Refit is the number of days between refits of the adapted modes
	// (default 250: fine-tuning every 20 days costs 12× as much for
	// little change); the zero-shot model needs no refit.
	Refit int `json:"refit"`
	// RVWindow is the window in days of the realised variance the
	// zero-shot model forecasts as a variance forecaster (default 20).
	RVWindow int `json:"rv_window"`
}

// DefaultFoundationSpec returns the defaults.
func DefaultFoundationSpec() *FoundationSpec {
	return &FoundationSpec{Size: "tiny", Steps: 3000, Modes: []string{foundation.ModeZeroShot, foundation.ModeHead}, AdaptSteps: 200, Refit: 250, RVWindow: 20}
}

// validate checks the spec, naming the first bad field.
func (f *FoundationSpec) validate() error {
	if f.Model != "" {
		if _, err := os.Stat(f.Model); err != nil {
			return bad("foundation.model", f.Model, "no pretrained model there (make one with emergo pretrain --out DIR, or leave empty to pretrain here)")
		}
	} else if _, err := foundation.Preset(f.Size); err != nil {
		return bad("foundation.size", f.Size, "unknown preset (presets: "+strings.Join(foundation.Presets(), ", ")+")")
	}
	switch {
	case f.Model == "" && (f.Steps < 1 || f.Steps > 1_000_000):
		return bad("foundation.steps", f.Steps, "must be in [1, 1000000]")
	case len(f.Modes) == 0 || len(f.Modes) > 3:
		return bad("foundation.modes", f.Modes, `list 1 to 3 of "zeroshot", "head", "full" (or drop the foundation block)`)
	case f.AdaptSteps < 1 || f.AdaptSteps > 100_000:
		return bad("foundation.adapt_steps", f.AdaptSteps, "must be in [1, 100000]")
	case f.Refit < 1 || f.Refit > 5000:
		return bad("foundation.refit", f.Refit, "must be in [1, 5000]")
	case f.RVWindow < 1 || f.RVWindow > 250:
		return bad("foundation.rv_window", f.RVWindow, "must be in [1, 250]")
	}
	for i, m := range f.Modes {
		if m != foundation.ModeZeroShot && m != foundation.ModeHead && m != foundation.ModeFull {
			return bad(fmt.Sprintf("foundation.modes[%d]", i), m, `must be "zeroshot", "head" or "full"`)
		}
		if slices.Index(f.Modes, m) != i {
			return bad(fmt.Sprintf("foundation.modes[%d]", i), m, "duplicate mode")
		}
	}
	return nil
}

// quick shrinks the spec for a smoke run.
func (f *FoundationSpec) quick() {
	f.Size = "micro"
	f.Steps = min(f.Steps, 200)
	f.AdaptSteps = min(f.AdaptSteps, 20)
	f.Refit = max(f.Refit, 250)
}

// foundationModel loads the pretrained model of f, or pretrains one on the
// catalogue's flows (seeded by seed), reporting pretraining progress in
// [0, 1] through progress.
func foundationModel(ctx context.Context, f *FoundationSpec, seed uint64, progress func(float64)) (*foundation.Model, string, error) {
	if f.Model != "" {
		m, err := foundation.Load(f.Model)
		if err != nil {
			return nil, "", fmt.Errorf("foundation.model %s: %w", f.Model, err)
		}
		return m, fmt.Sprintf("the pretrained model in %s (%d parameters)", f.Model, m.NumParams()), nil
	}
	cfg, err := foundation.Preset(f.Size)
	if err != nil {
		return nil, "", err
	}
	cp, err := foundation.BuildCorpus(ctx, foundation.CorpusConfig{HoldOut: foundation.NoHoldOut, Trajectories: 2, Length: 600, Seed: splitmix(seed, 2000)}, nil)
	if err != nil {
		return nil, "", fmt.Errorf("foundation corpus: %w", err)
	}
	pc := foundation.PretrainConfig{Steps: f.Steps, Batch: 32, LR: 3e-3, CheckpointEvery: min(f.Steps, 100), Seed: splitmix(seed, 2001)}
	m, pr, err := foundation.Pretrain(ctx, cp, cfg, pc, &foundation.PretrainOptions{Hooks: foundation.TrainHooks{OnCheckpoint: func(step, _ int, _, _ float64) error {
		progress(float64(step) / float64(f.Steps))
		return nil
	}}})
	if err != nil {
		return nil, "", fmt.Errorf("foundation pretraining: %w", err)
	}
	return m, fmt.Sprintf("a %s model (%d parameters) pretrained here for %d updates on %d simulated catalogue flows (no financial data)",
		f.Size, m.NumParams(), pr.Steps, len(cp.Systems)), nil
}

// foundationFactory returns a walk-forward factory of copies of base
// adapted with mode.
func foundationFactory(base *foundation.Model, mode string, steps int, seed uint64) fin.Factory {
	return func() (forecast.Forecaster, error) {
		m := base.Clone()
		m.Adapt = foundation.Adaptation{Mode: mode, Steps: steps, Seed: seed, Target: "S&P 500 log returns"}
		return m, nil
	}
}

// modeLabel names a foundation return forecaster.
func modeLabel(mode string) string {
	switch mode {
	case foundation.ModeHead:
		return "foundation, head fine-tuned"
	case foundation.ModeFull:
		return "foundation, fully fine-tuned"
	}
	return "foundation, zero-shot"
}

// foundationVol forecasts the variance walk-forward with the zero-shot
// model on the trailing realised variance v_t = mean of r² over the
// rvWindow days up to t: the forecast of v_t from v[:t] (so from r[:t]) is
// the variance forecast of day t, floored as the zoo variance model's.
// A smooth series like v suits a model pretrained on flows: on raw r² or
// |r| (mostly noise) its forecasts fell below the floor on 900-1500 of
// 4104 days and lost to a 20-day rolling variance by 2-3.6 in QLIKE.
func foundationVol(ctx context.Context, base *foundation.Model, r []float64, W, histWindow, rvWindow int) (*volModel, error) {
	rv := make([]float64, len(r))
	s := 0.0
	for i, v := range r {
		s += v * v
		if i >= rvWindow {
			s -= r[i-rvWindow] * r[i-rvWindow]
		}
		rv[i] = max(s, 0) / float64(min(i+1, rvWindow))
	}
	fc, err := fin.WalkForward(ctx, rv, foundationFactory(base, foundation.ModeZeroShot, 1, 0), &fin.WalkForwardOptions{Window: W, Refit: len(r), Start: W})
	if err != nil {
		return nil, fmt.Errorf("foundation on the realised variance: %w", err)
	}
	return flooredVol(fmt.Sprintf("foundation zero-shot on %d-d realised variance", rvWindow), fc, RollingVol(r, W, histWindow)), nil
}

// foundationNote describes the foundation arm for the result's notes.
func foundationNote(f *FoundationSpec, desc string, context int) string {
	var adapted []string
	for _, m := range f.Modes {
		if m != foundation.ModeZeroShot {
			adapted = append(adapted, m)
		}
	}
	tune := "No adapted mode was asked for."
	if len(adapted) > 0 {
		tune = fmt.Sprintf("The adapted modes (%s) fine-tune a copy on the trailing window at every refit (%d updates, every %d days).", strings.Join(adapted, ", "), f.AdaptSteps, f.Refit)
	}
	return fmt.Sprintf("Foundation model: %s, context %d days. Zero-shot it forecasts each day from the last context days normalised by their own mean and scale. %s "+
		"As a variance forecaster it forecasts, zero-shot, the %d-day realised variance (a smooth series; on raw r² or |r| its forecasts were mostly below the floor).", desc, context, tune, f.RVWindow)
}
