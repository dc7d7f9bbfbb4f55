package adapt

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/emergo/emergo/forecast"
	"github.com/emergo/emergo/system"
)

// ModelOptions overrides the settings of the registered models; zero
// fields keep the defaults listed by Models.
type ModelOptions struct {
	// Lambda is the RLS forgetting factor of the rls-* models.
	Lambda float64
	// Delta is the RLS regularisation δ of the rls-* models.
	Delta float64
	// ESNSize is the reservoir size of frozen-esn and rls-esn.
	ESNSize int
	// Floor is the anti-windup floor of the rls-* models
	// (RLSOptions.Floor; 0 means 1e-5, negative turns it off).
	Floor float64
}

// ModelInfo describes a registered online model.
type ModelInfo struct {
	Name        string `json:"name"`
	Description string `json:"description"`
}

// Defaults of the registered models.
const (
	defaultLags     = 4    // ridge / rls-ridge taps
	ridgeAlpha      = 1e-6 // forecast's ridge default
	nvarAlpha       = 2.5e-6
	defaultESNSize  = 100   // reservoir nodes (2N readout features)
	esnWashout      = 100   // forecast's default washout
	lambdaLinear    = 0.995 // rls-ridge, rls-nvar: memory ≈ 200 rows
	lambdaESN       = 0.998 // rls-esn: memory ≈ 500 rows (201 weights per output)
	defaultRLSDelta = 1e-6
	// defaultFloor is the anti-windup floor (RLSOptions.Floor): on the
	// Lorenz scenarios 1e-5 removes most of the error bursts after a
	// change (the largest one-step error after the ρ jump falls from
	// 144 to 0.34 on seed 1, 2400 rows) and costs at most a factor 3 in
	// accuracy before the change; 1e-4 costs up to 4× on rls-ridge.
	defaultFloor     = 1e-5
	frozenDesc       = "trained in batch on the warm-up rows, then run step by step without updates"
	rlsDesc          = "recursive least squares with forgetting, warmed up on the warm-up rows, then updated at every observed row"
	modelRidgeDetail = "VAR(4) on standardised rows (forecast's ridge, α = 1e-6)"
	modelNVARDetail  = "NG-RC: 2 taps and their quadratic monomials, predicting the increment (forecast's nvar, α = 2.5e-6)"
	modelESNDetail   = "echo state network, 100 nodes, washout 100, readout on [r; r²] (forecast's esn)"
)

var modelInfos = []ModelInfo{
	{"persistence", "the last observed row (forecast's persistence): no learning at all"},
	{"frozen-ridge", modelRidgeDetail + ", " + frozenDesc},
	{"frozen-nvar", modelNVARDetail + ", " + frozenDesc},
	{"frozen-esn", modelESNDetail + ", " + frozenDesc},
	{"rls-ridge", modelRidgeDetail + ", " + rlsDesc + "; λ = 0.995, δ = 1e-6, anti-windup floor 1e-5"},
	{"rls-nvar", modelNVARDetail + ", " + rlsDesc + "; λ = 0.995, δ = 1e-6, anti-windup floor 1e-5"},
	{"rls-esn", modelESNDetail + "; the reservoir is fitted in batch, the readout is " + rlsDesc + "; λ = 0.998, δ = 1e-6, anti-windup floor 1e-5"},
}

// Models lists the registered online models.
func Models() []ModelInfo { return append([]ModelInfo(nil), modelInfos...) }

// NewModel returns the factory of the named model (case-insensitive);
// opt (nil: defaults) overrides RLS and reservoir settings. An unknown
// name is an error suggesting close names.
func NewModel(name string, opt *ModelOptions) (Factory, error) {
	var o ModelOptions
	if opt != nil {
		o = *opt
	}
	if o.Lambda != 0 && !(o.Lambda > 0 && o.Lambda <= 1) {
		return Factory{}, fmt.Errorf("forgetting factor λ=%v must be in (0, 1]", o.Lambda)
	}
	if o.Delta != 0 && (!(o.Delta > 0) || math.IsInf(o.Delta, 0)) {
		return Factory{}, fmt.Errorf("regularisation δ=%v must be positive and finite", o.Delta)
	}
	if math.IsNaN(o.Floor) || math.IsInf(o.Floor, 0) {
		return Factory{}, fmt.Errorf("anti-windup floor %v must be finite", o.Floor)
	}
	if o.ESNSize != 0 && (o.ESNSize < 2 || o.ESNSize > forecast.MaxReservoir) {
		return Factory{}, fmt.Errorf("reservoir size %d must be in [2, %d]", o.ESNSize, forecast.MaxReservoir)
	}
	size := o.ESNSize
	if size == 0 {
		size = defaultESNSize
	}
	rls := func(lam float64, inc bool, nm string) RLSOptions {
		if o.Lambda != 0 {
			lam = o.Lambda
		}
		del := defaultRLSDelta
		if o.Delta != 0 {
			del = o.Delta
		}
		floor := defaultFloor
		switch {
		case o.Floor < 0:
			floor = 0
		case o.Floor > 0:
			floor = o.Floor
		}
		return RLSOptions{Name: nm, Lambda: lam, Delta: del, Increment: inc, Floor: floor}
	}
	ridgeHyper := map[string]float64{"lags": defaultLags, "alpha": ridgeAlpha}
	nvarHyper := map[string]float64{"k": 2, "s": 1, "order": 2, "alpha": nvarAlpha, "increment": 1}
	esnHyper := map[string]float64{"size": float64(size), "washout": esnWashout, "alpha": ridgeAlpha}
	key := strings.ToLower(strings.TrimSpace(name))
	switch key {
	case "persistence":
		return frozenFactory(key, "persistence", nil), nil
	case "frozen-ridge":
		return frozenFactory(key, "ridge", ridgeHyper), nil
	case "frozen-nvar":
		return frozenFactory(key, "nvar", nvarHyper), nil
	case "frozen-esn":
		return frozenFactory(key, "esn", esnHyper), nil
	case "rls-ridge":
		ro := rls(lambdaLinear, false, key)
		return Factory{Name: key, New: func(ctx context.Context, warm *forecast.Block, _ uint64) (Online, error) {
			fm, err := NewLags(warm.Dim, defaultLags, 1, 1)
			if err != nil {
				return nil, err
			}
			return warmRLS(ctx, NewRLS(fm, ro), warm)
		}}, nil
	case "rls-nvar":
		ro := rls(lambdaLinear, true, key)
		return Factory{Name: key, New: func(ctx context.Context, warm *forecast.Block, _ uint64) (Online, error) {
			fm, err := NewLags(warm.Dim, 2, 1, 2)
			if err != nil {
				return nil, err
			}
			return warmRLS(ctx, NewRLS(fm, ro), warm)
		}}, nil
	case "rls-esn":
		ro := rls(lambdaESN, false, key)
		return Factory{Name: key, New: func(ctx context.Context, warm *forecast.Block, seed uint64) (Online, error) {
			f, err := fitModel(ctx, "esn", esnHyper, seed, warm)
			if err != nil {
				return nil, err
			}
			fm, err := NewESNFeatures(f.(*forecast.ESN))
			if err != nil {
				return nil, err
			}
			return warmRLS(ctx, NewRLS(fm, ro), warm)
		}}, nil
	}
	names := make([]string, len(modelInfos))
	for i, m := range modelInfos {
		names[i] = m.Name
	}
	msg := fmt.Sprintf("unknown model %q", name)
	if s := system.Suggest(name, names, 3); len(s) > 0 {
		q := make([]string, len(s))
		for i, v := range s {
			q[i] = strconv.Quote(v)
		}
		msg += "; did you mean " + strings.Join(q, ", ") + "?"
	}
	return Factory{}, fmt.Errorf("%s (models: %s)", msg, strings.Join(names, ", "))
}

func warmRLS(ctx context.Context, m *RLS, warm *forecast.Block) (Online, error) {
	if err := m.Warm(ctx, warm); err != nil {
		return nil, err
	}
	return m, nil
}

func fitModel(ctx context.Context, model string, hyper map[string]float64, seed uint64, warm *forecast.Block) (forecast.Forecaster, error) {
	f, err := forecast.New(model, forecast.Spec{Hyper: hyper, Seed: seed})
	if err != nil {
		return nil, err
	}
	if err := f.Fit(ctx, warm, nil); err != nil {
		return nil, err
	}
	return f, nil
}

// frozenFactory fits the forecast model on the warm-up rows and wraps it
// in Frozen.
func frozenFactory(name, model string, hyper map[string]float64) Factory {
	return Factory{Name: name, New: func(ctx context.Context, warm *forecast.Block, seed uint64) (Online, error) {
		f, err := fitModel(ctx, model, hyper, seed, warm)
		if err != nil {
			return nil, err
		}
		return NewFrozen(name, f, warm)
	}}
}
