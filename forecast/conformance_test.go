package forecast_test

import (
	"testing"

	"github.com/emergo/emergo/forecast"
	"github.com/emergo/emergo/forecast/forecasttest"
)

// quickHyper holds per-model hyperparameter overrides for the conformance
// run, for models whose defaults are too slow for a unit test (none of
// the current ones: every model runs at its defaults).
var quickHyper = map[string]map[string]float64{}

// Every registered model passes the conformance suite.
func TestConformance(t *testing.T) {
	models := forecast.Models()
	if len(models) < 5 {
		t.Fatalf("%d models registered, want at least persistence, mean, ridge, nvar, esn", len(models))
	}
	for _, in := range models {
		t.Run(in.Name, func(t *testing.T) {
			forecasttest.Run(t, in.Name, forecast.Spec{Hyper: quickHyper[in.Name], Seed: 7})
		})
	}
}

// Every model documents its hyperparameters with bounds.
func TestModelInfo(t *testing.T) {
	for _, in := range forecast.Models() {
		if in.Family == "" || in.Description == "" || in.Citation == "" {
			t.Errorf("%s: family, description and citation must be set", in.Name)
		}
		for _, p := range in.Hyper {
			if p.Doc == "" {
				t.Errorf("%s: hyperparameter %s has no Doc", in.Name, p.Name)
			}
			if p.Min == 0 && p.Max == 0 {
				t.Errorf("%s: hyperparameter %s has no bounds", in.Name, p.Name)
			}
			if p.Default < p.Min || p.Default > p.Max {
				t.Errorf("%s: default %s=%v outside [%v, %v]", in.Name, p.Name, p.Default, p.Min, p.Max)
			}
		}
	}
}
