package traffic

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/emergo/emergo/forecast"
)

// ModelSpec names one zoo model with hyperparameter overrides.
type ModelSpec struct {
	// Name is the forecast registry name ("ridge", "nvar", "esn", ...).
	Name string `json:"name"`
	// Hyper overrides hyperparameters.
	Hyper map[string]float64 `json:"hyper,omitempty"`
}

// validateModel checks that the model exists and accepts its
// hyperparameters; field names the parameter in errors.
func validateModel(field string, m ModelSpec) error {
	if _, err := forecast.Lookup(m.Name); err != nil {
		return fmt.Errorf("%s.name = %q: %v", field, m.Name, err)
	}
	if _, err := forecast.New(m.Name, forecast.Spec{Hyper: m.Hyper}); err != nil {
		return fmt.Errorf("%s.hyper: %v", field, err)
	}
	return nil
}

// fitModel builds and trains one model.
func fitModel(ctx context.Context, m ModelSpec, seed uint64, train *forecast.Block) (forecast.Forecaster, error) {
	f, err := forecast.New(m.Name, forecast.Spec{Hyper: m.Hyper, Seed: seed})
	if err != nil {
		return nil, err
	}
	if err := f.Fit(ctx, train, nil); err != nil {
		return nil, fmt.Errorf("training %s: %w", m.Name, err)
	}
	return f, nil
}

// predictSafe forecasts h rows; a diverged rollout gives NaN rows.
func predictSafe(f forecast.Forecaster, c *forecast.Block, h int) (*forecast.Block, error) {
	p, err := f.Predict(c, h)
	var de *forecast.DivergedError
	if errors.As(err, &de) {
		out := make([]float64, h*c.Dim)
		for i := range out {
			out[i] = math.NaN()
		}
		return forecast.NewBlock(out, c.Dim), nil
	}
	return p, err
}
