package ensemble_test

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/emergo/emergo/adapt/ensemble"
	"github.com/emergo/emergo/forecast"
)

// nclDiversity fits an NCL ensemble (defaults but hidden 8, seed, λ) on
// the Mackey-Glass training rows and measures its members' one-step
// forecasts of the test rows.
func nclDiversity(t *testing.T, seed uint64, lambda float64) *ensemble.Diversity {
	t.Helper()
	data := mackeyGlass(t)
	cfg := ensemble.DefaultNCLConfig()
	cfg.Hidden, cfg.Seed, cfg.Lambda = 8, seed, lambda
	m, err := ensemble.NewNCL(&cfg)
	if err != nil {
		t.Fatal(err)
	}
	train := data.Slice(0, mgTrain)
	if err := m.Fit(context.Background(), train, nil); err != nil {
		t.Fatal(err)
	}
	// The test windows start Window rows before the first test row.
	x := data.Slice(mgTest-cfg.Window, mgTestEnd)
	preds, err := m.MemberOneStep(x)
	if err != nil {
		t.Fatal(err)
	}
	dv, err := ensemble.Measure(preds, data.Slice(mgTest, mgTestEnd), forecast.Std(train), nil)
	if err != nil {
		t.Fatal(err)
	}
	// The ensemble's own one-step forecast is the members' mean.
	p, err := m.Predict(data.Slice(mgTest-cfg.Window, mgTest), 1)
	if err != nil {
		t.Fatal(err)
	}
	mean := ensemble.Combine(preds, dv.Weights)
	if math.Abs(p.X[0]-mean.X[0]) > 1e-12 {
		t.Errorf("seed %d λ=%g: Predict %v differs from the members' mean %v", seed, lambda, p.X[0], mean.X[0])
	}
	return dv
}

// Negative correlation learning decorrelates the members' errors: at
// equal size (5 MLPs of 8 tanh units, window 4, 100 epochs) and with the
// same seeds, the mean pairwise correlation of the members' one-step
// errors on 500 held-out Mackey-Glass rows
// (homogenization.ErrorCorrelation) falls below that of independent training (λ = 0) for
// λ = 0.5, and by at least 0.2 for λ = 0.75, for each of seeds 1-3.
// The ambiguity identity holds for the NCL ensembles too.
//
// Measured mean error correlation λ = 0 / 0.5 / 0.75 (ensemble NRMSE):
// seed 1 0.81 / 0.67 / 0.48 (0.074 / 0.071 / 0.069), seed 2 0.72 / 0.59
// / 0.39 (0.058 / 0.055 / 0.053), seed 3 0.75 / 0.63 / 0.46 (0.072 /
// 0.068 / 0.066): the penalty trades member accuracy for diversity, and
// here the ensemble gains.
func TestNCLErrorCorrelation(t *testing.T) {
	const margin = 0.2
	for _, seed := range []uint64{1, 2, 3} {
		dv0 := nclDiversity(t, seed, 0)
		dv5 := nclDiversity(t, seed, 0.5)
		dv75 := nclDiversity(t, seed, 0.75)
		t.Logf("seed %d: mean error correlation λ=0 %.3f, λ=0.5 %.3f, λ=0.75 %.3f; ensemble NRMSE %.4f, %.4f, %.4f; ambiguity %.3g, %.3g, %.3g",
			seed, dv0.MeanErrorCorr, dv5.MeanErrorCorr, dv75.MeanErrorCorr, dv0.EnsembleNRMSE, dv5.EnsembleNRMSE, dv75.EnsembleNRMSE,
			dv0.Ambiguity.Ambiguity, dv5.Ambiguity.Ambiguity, dv75.Ambiguity.Ambiguity)
		if !(dv5.MeanErrorCorr < dv0.MeanErrorCorr) {
			t.Errorf("seed %d: mean error correlation λ=0.5 %.3f, not below independent training's %.3f", seed, dv5.MeanErrorCorr, dv0.MeanErrorCorr)
		}
		if !(dv75.MeanErrorCorr < dv0.MeanErrorCorr-margin) {
			t.Errorf("seed %d: mean error correlation λ=0.75 %.3f, want below independent training's %.3f by %g", seed, dv75.MeanErrorCorr, dv0.MeanErrorCorr, margin)
		}
		for _, dv := range []*ensemble.Diversity{dv0, dv5, dv75} {
			a := dv.Ambiguity
			if math.Abs(a.EnsembleError-(a.MeanMemberError-a.Ambiguity)) > 1e-12*a.MeanMemberError || a.Ambiguity < 0 {
				t.Errorf("seed %d: ambiguity decomposition %+v violates its identity", seed, a)
			}
		}
	}
}

// Invalid NCL settings are errors naming the field; a member view
// forecasts like the member's one-step forecasts and refuses Fit.
func TestNCLConfigAndMembers(t *testing.T) {
	cases := []struct {
		field string
		set   func(c *ensemble.NCLConfig)
	}{
		{"Members", func(c *ensemble.NCLConfig) { c.Members = 1 }},
		{"Window", func(c *ensemble.NCLConfig) { c.Window = 0 }},
		{"Hidden", func(c *ensemble.NCLConfig) { c.Hidden = 0 }},
		{"Lambda", func(c *ensemble.NCLConfig) { c.Lambda = 1.5 }},
		{"Epochs", func(c *ensemble.NCLConfig) { c.Epochs = 0 }},
		{"LR", func(c *ensemble.NCLConfig) { c.LR = math.NaN() }},
	}
	for _, c := range cases {
		cfg := ensemble.DefaultNCLConfig()
		c.set(&cfg)
		if _, err := ensemble.NewNCL(&cfg); err == nil || !strings.Contains(err.Error(), "NCLConfig."+c.field) {
			t.Errorf("%s: error %v, want one naming NCLConfig.%s", c.field, err, c.field)
		}
	}
	data := mackeyGlass(t)
	cfg := ensemble.DefaultNCLConfig()
	cfg.Members, cfg.Epochs, cfg.Increment = 3, 5, true
	m, err := ensemble.NewNCL(&cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Fit(context.Background(), data.Slice(0, 300), data.Slice(300, 340)); err != nil {
		t.Fatal(err)
	}
	if vl, _ := m.ValLoss(); len(vl) != 5 || math.IsNaN(vl[4]) {
		t.Errorf("validation losses %v, want 5 finite values", vl)
	}
	x := data.Slice(400, 420)
	preds, err := m.MemberOneStep(x)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < m.Size(); i++ {
		mem := m.Member(i)
		p, err := mem.Predict(x.Slice(0, cfg.Window), 1)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(p.X[0]-preds[i].X[0]) > 1e-12 {
			t.Errorf("member %d: Predict %v, one-step %v", i, p.X[0], preds[i].X[0])
		}
		if err := mem.Fit(context.Background(), data, nil); err == nil {
			t.Errorf("member %d: Fit of a jointly trained member: no error", i)
		}
	}
}
