package ensemble_test

import (
	"testing"

	"github.com/emergo/emergo/adapt/ensemble"
	"github.com/emergo/emergo/forecast"
	"github.com/emergo/emergo/forecast/forecasttest"
	"github.com/emergo/emergo/system"
)

// Test-only registrations of heterogeneous ensembles, so that the
// forecast conformance suite (which builds models by name) can check the
// Ensemble type: a mean of ridge, NG-RC, MLP and NCL members, and a fixed
// weighting of ridge and NG-RC.
func init() {
	members := func(seed uint64) []ensemble.Member {
		return []ensemble.Member{
			{Model: "ridge", Spec: forecast.Spec{Hyper: map[string]float64{"lags": 3}, Seed: seed}},
			{Model: "nvar", Spec: forecast.Spec{Hyper: map[string]float64{"k": 2}, Seed: seed}},
			{Model: "mlp", Spec: forecast.Spec{Hyper: map[string]float64{"window": 5, "hidden": 8, "layers": 1, "epochs": 3}, Seed: seed}},
			{Model: "ncl", Spec: forecast.Spec{Hyper: map[string]float64{"members": 3, "window": 4, "hidden": 4, "epochs": 3}, Seed: seed}},
		}
	}
	forecast.Register(forecast.Entry{
		Info: forecast.Info{Name: "ensemble-test-mean", Family: "ensemble", Description: "test-only heterogeneous mean ensemble", Hyper: []system.Param{}},
		Build: func(_ map[string]float64, seed uint64) (forecast.Forecaster, error) {
			ms, err := ensemble.Build(members(seed))
			if err != nil {
				return nil, err
			}
			return ensemble.New(ms, &ensemble.Options{Name: "ensemble-test-mean"})
		},
	})
	forecast.Register(forecast.Entry{
		Info: forecast.Info{Name: "ensemble-test-weighted", Family: "ensemble", Description: "test-only weighted ensemble", Hyper: []system.Param{}},
		Build: func(_ map[string]float64, seed uint64) (forecast.Forecaster, error) {
			ms, err := ensemble.Build(members(seed)[:2])
			if err != nil {
				return nil, err
			}
			return ensemble.New(ms, &ensemble.Options{Name: "ensemble-test-weighted", Combination: ensemble.Weighted, Weights: []float64{0.3, 0.7}})
		},
	})
}

// The NCL model and the Ensemble pass the forecast conformance suite.
func TestConformance(t *testing.T) {
	cases := []struct {
		name string
		spec forecast.Spec
	}{
		{ensemble.NCLName, forecast.Spec{Hyper: map[string]float64{"members": 3, "window": 6, "hidden": 8, "epochs": 5}, Seed: 2}},
		{ensemble.NCLName, forecast.Spec{Hyper: map[string]float64{"members": 2, "window": 1, "lambda": 1, "increment": 1, "epochs": 5, "patience": 2}, Seed: 3}},
		{"ensemble-test-mean", forecast.Spec{Seed: 4}},
		{"ensemble-test-weighted", forecast.Spec{Seed: 5}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { forecasttest.Run(t, c.name, c.spec) })
	}
}
