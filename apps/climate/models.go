package climate

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/emergo/emergo/forecast"
)

// ModelSpec is one zoo model of an experiment.
type ModelSpec struct {
	// Name is the forecast registry name ("ridge", "nvar", "esn", "mlp",
	// "persistence", ...; see `emergo models list`).
	Name string `json:"name"`
	// Label names the model in tables (default: Name, or Name-Transform
	// when the transform is not "level").
	Label string `json:"label,omitempty"`
	// Hyper overrides the model's hyperparameters.
	Hyper map[string]float64 `json:"hyper,omitempty"`
	// Transform is what the model is trained on (climate-series only):
	// "level" (the series), "diff" (first differences x_t − x_{t−1}) or
	// "sdiff" (seasonal differences x_t − x_{t−m}); forecasts are
	// integrated back to levels. Default "level".
	Transform string `json:"transform,omitempty"`
}

// label returns the display name.
func (m ModelSpec) label() string {
	if m.Label != "" {
		return m.Label
	}
	if m.Transform != "" && m.Transform != TransformLevel {
		return m.Name + "-" + m.Transform
	}
	return m.Name
}

// Transforms of ModelSpec.
const (
	TransformLevel = "level"
	TransformDiff  = "diff"
	TransformSDiff = "sdiff"
)

// validateModels checks a model list: registered names, valid
// hyperparameters (by building each model once), known transforms,
// unique labels. field names the parameter in errors.
func validateModels(field string, ms []ModelSpec, transforms bool) error {
	if len(ms) == 0 {
		return fmt.Errorf("param %s: list at least one model", field)
	}
	if len(ms) > 20 {
		return fmt.Errorf("param %s: %d models; at most 20", field, len(ms))
	}
	seen := map[string]int{}
	for i, m := range ms {
		f := fmt.Sprintf("%s[%d]", field, i)
		if _, err := forecast.Lookup(m.Name); err != nil {
			return fmt.Errorf("param %s.name = %q: %v", f, m.Name, err)
		}
		if _, err := forecast.New(m.Name, forecast.Spec{Hyper: m.Hyper}); err != nil {
			return fmt.Errorf("param %s.hyper: %v", f, err)
		}
		switch m.Transform {
		case "", TransformLevel:
		case TransformDiff, TransformSDiff:
			if !transforms {
				return fmt.Errorf("param %s.transform = %q: this experiment forecasts the state itself; leave transform empty", f, m.Transform)
			}
		default:
			return fmt.Errorf("param %s.transform = %q: want level, diff or sdiff", f, m.Transform)
		}
		l := strings.ToLower(m.label())
		if j, ok := seen[l]; ok {
			return fmt.Errorf("param %s: label %q is already used by %s[%d]; set label", f, m.label(), field, j)
		}
		seen[l] = i
	}
	return nil
}

// cloneModels deep-copies a model list (hyperparameter maps included).
func cloneModels(ms []ModelSpec) []ModelSpec {
	out := make([]ModelSpec, len(ms))
	for i, m := range ms {
		out[i] = m
		if m.Hyper != nil {
			out[i].Hyper = make(map[string]float64, len(m.Hyper))
			for k, v := range m.Hyper {
				out[i].Hyper[k] = v
			}
		}
	}
	return out
}

// predict forecasts h rows after the context block; a rollout that
// diverges is returned up to its last finite row with ok = false and the
// remaining rows NaN.
func predict(m forecast.Forecaster, c *forecast.Block, h int) (p *forecast.Block, ok bool, err error) {
	p, err = m.Predict(c, h)
	var de *forecast.DivergedError
	if errors.As(err, &de) {
		out := make([]float64, h*c.Dim)
		for i := range out {
			out[i] = nan
		}
		if de.Step > 1 {
			if q, err := m.Predict(c, de.Step-1); err == nil {
				copy(out, q.X)
			}
		}
		return forecast.NewBlock(out, c.Dim), false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return p, true, nil
}

// fit builds and trains one model.
func fit(ctx context.Context, m ModelSpec, seed uint64, train *forecast.Block) (forecast.Forecaster, error) {
	f, err := forecast.New(m.Name, forecast.Spec{Hyper: m.Hyper, Seed: seed})
	if err != nil {
		return nil, err
	}
	if err := f.Fit(ctx, train, nil); err != nil {
		return nil, fmt.Errorf("training %s: %w", m.label(), err)
	}
	return f, nil
}

// splitmix returns a well-mixed seed for work item i.
func splitmix(seed uint64, i int) uint64 {
	z := seed + uint64(i+1)*0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
