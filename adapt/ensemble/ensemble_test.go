package ensemble_test

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/emergo/emergo/adapt/ensemble"
	_ "github.com/emergo/emergo/adapt/reservoir" // registers "esn-critical"
	"github.com/emergo/emergo/forecast"
)

// Members of the diversity experiment. The heterogeneous ensemble mixes
// five families: a linear VAR(4) (ridge), a quadratic NG-RC (nvar), a
// fixed echo state network (esn), a criticality-tuned one
// (esn-critical) and a small MLP; the homogeneous references are five
// MLPs, or five ESNs, differing only in their seeds.
var (
	mlpHyper = map[string]float64{"window": 4, "hidden": 16, "layers": 1, "epochs": 50, "increment": 0}
	esnHyper = map[string]float64{"size": 100, "washout": 50}
	hetero   = []ensemble.Member{
		{Model: "ridge", Spec: forecast.Spec{Hyper: map[string]float64{"lags": 4}, Seed: 1}},
		{Model: "nvar", Spec: forecast.Spec{Hyper: map[string]float64{"k": 4, "increment": 0}, Seed: 1}},
		{Model: "esn", Spec: forecast.Spec{Hyper: esnHyper, Seed: 1}},
		{Model: "esn-critical", Spec: forecast.Spec{Hyper: esnHyper, Seed: 1}},
		{Model: "mlp", Spec: forecast.Spec{Hyper: mlpHyper, Seed: 1}},
	}
)

// fitEnsemble builds and fits an ensemble on the training and
// validation rows and measures its diversity on the test rows' one-step
// forecasts.
func fitEnsemble(t *testing.T, members []ensemble.Member, comb ensemble.Combination) (*ensemble.Ensemble, *ensemble.Diversity, []*forecast.Block) {
	t.Helper()
	data := mackeyGlass(t)
	ms, err := ensemble.Build(members)
	if err != nil {
		t.Fatal(err)
	}
	e, err := ensemble.New(ms, &ensemble.Options{Combination: comb})
	if err != nil {
		t.Fatal(err)
	}
	train := data.Slice(0, mgTrain)
	if err := e.Fit(context.Background(), train, data.Slice(mgTrain, mgTrain+mgVal)); err != nil {
		t.Fatal(err)
	}
	preds, err := e.MemberOneStep(data, mgTest, mgTestEnd)
	if err != nil {
		t.Fatal(err)
	}
	dv, err := ensemble.Measure(preds, data.Slice(mgTest, mgTestEnd), forecast.Std(train), e.Weights())
	if err != nil {
		t.Fatal(err)
	}
	return e, dv, preds
}

// Diversity of heterogeneous and homogeneous ensembles of equal size
// (5) on the one-step forecasts of 500 held-out Mackey-Glass rows.
//
// For every ensemble the ambiguity decomposition of Krogh & Vedelsby
// (1995), computed by homogenization.AmbiguityDecomposition with the
// ensemble's weights on the standardised forecasts, satisfies its
// identity EnsembleError = MeanMemberError − Ambiguity to 1e-12 relative,
// so the ensemble beats or matches its average member (Ambiguity ≥ 0),
// and the combined forecast that Measure decomposes is the one Predict
// returns. The heterogeneous ensemble's members are less correlated in
// their errors (homogenization.ErrorCorrelation, mean off-diagonal) than
// five MLPs that differ only in their seeds, by at least 0.2. Stacking
// gives the poor linear member (ridge: NRMSE 0.43 on this nonlinear
// problem) a weight below 0.05 and beats the plain mean.
//
// Measured (mean error correlation; ensemble NRMSE; member NRMSE):
// heterogeneous 0.13, 0.104 (mean) and 0.0047 (stacked), members 0.43,
// 0.13, 0.0047, 0.048, 0.079; five MLPs 0.55, 0.104, members 0.079-0.19;
// five ESNs 0.20, 0.0030, members 0.0032-0.0088.
func TestDiversity(t *testing.T) {
	const (
		tol    = 1e-12
		margin = 0.2
	)
	data := mackeyGlass(t)
	cases := []struct {
		name    string
		members []ensemble.Member
		comb    ensemble.Combination
	}{
		{"heterogeneous/mean", hetero, ensemble.Mean},
		{"heterogeneous/stacked", hetero, ensemble.Stacked},
		{"homogeneous-mlp/mean", ensemble.Homogeneous("mlp", mlpHyper, 5, 1), ensemble.Mean},
		{"homogeneous-esn/mean", ensemble.Homogeneous("esn", esnHyper, 5, 1), ensemble.Mean},
	}
	res := map[string]*ensemble.Diversity{}
	var stackedW []float64
	for _, c := range cases {
		e, dv, preds := fitEnsemble(t, c.members, c.comb)
		res[c.name] = dv
		a := dv.Ambiguity
		t.Logf("%s: mean error correlation %.3f, ensemble NRMSE %.4g, member NRMSE %.3g, weights %.3f; ensemble MSE %.4g = mean member %.4g − ambiguity %.4g",
			c.name, dv.MeanErrorCorr, dv.EnsembleNRMSE, dv.MemberNRMSE, dv.Weights, a.EnsembleError, a.MeanMemberError, a.Ambiguity)
		if d := math.Abs(a.EnsembleError - (a.MeanMemberError - a.Ambiguity)); d > tol*a.MeanMemberError {
			t.Errorf("%s: ambiguity identity off by %.3g (ensemble %.6g, mean member %.6g, ambiguity %.6g)", c.name, d, a.EnsembleError, a.MeanMemberError, a.Ambiguity)
		}
		if !(a.Ambiguity >= 0) || !(a.EnsembleError <= a.MeanMemberError) {
			t.Errorf("%s: ambiguity %.4g, ensemble error %.4g, mean member error %.4g: the ensemble is worse than its average member", c.name, a.Ambiguity, a.EnsembleError, a.MeanMemberError)
		}
		// The decomposed combination is the ensemble's own forecast.
		comb := ensemble.Combine(preds, e.Weights())
		cl := e.ContextLen()
		for _, r := range []int{0, 17, 499} {
			p, err := e.Predict(data.Slice(mgTest+r-cl, mgTest+r), 1)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(p.X[0]-comb.X[r]) > 1e-12*max(1, math.Abs(p.X[0])) {
				t.Errorf("%s: Predict of test row %d is %v, the combined member forecast %v", c.name, r, p.X[0], comb.X[r])
			}
		}
		if c.comb == ensemble.Stacked {
			stackedW = e.Weights()
		}
	}
	het, hom := res["heterogeneous/mean"], res["homogeneous-mlp/mean"]
	if !(het.MeanErrorCorr < hom.MeanErrorCorr-margin) {
		t.Errorf("mean error correlation: heterogeneous %.3f, homogeneous MLPs %.3f; want the heterogeneous lower by %g", het.MeanErrorCorr, hom.MeanErrorCorr, margin)
	}
	if !(stackedW[0] < 0.05) {
		t.Errorf("stacked weights %.3f give the ridge member %.3f, want < 0.05", stackedW, stackedW[0])
	}
	if st := res["heterogeneous/stacked"]; !(st.EnsembleNRMSE < het.EnsembleNRMSE) {
		t.Errorf("stacked NRMSE %.4g not below the mean combination's %.4g", st.EnsembleNRMSE, het.EnsembleNRMSE)
	}
}

// Invalid ensembles and fits are errors naming the problem.
func TestErrors(t *testing.T) {
	mk := func(n int) []forecast.Forecaster {
		ms, err := ensemble.Build(ensemble.Homogeneous("ridge", map[string]float64{"lags": 2}, n, 1))
		if err != nil {
			t.Fatal(err)
		}
		return ms
	}
	two := mk(2)
	cases := []struct {
		name    string
		members []forecast.Forecaster
		opt     *ensemble.Options
		want    string
	}{
		{"none", nil, nil, "no members"},
		{"nil member", []forecast.Forecaster{two[0], nil}, nil, "member 1 is nil"},
		{"duplicate", []forecast.Forecaster{two[0], two[0]}, nil, "same model value"},
		{"weights length", mk(2), &ensemble.Options{Combination: ensemble.Weighted, Weights: []float64{1}}, "1 weights for 2 members"},
		{"negative weight", mk(2), &ensemble.Options{Combination: ensemble.Weighted, Weights: []float64{1.5, -0.5}}, "weight 1 is -0.5"},
		{"weights sum", mk(2), &ensemble.Options{Combination: ensemble.Weighted, Weights: []float64{0.5, 0.4}}, "sum to 0.9"},
		{"combination", mk(2), &ensemble.Options{Combination: 9}, "unknown combination"},
	}
	for _, c := range cases {
		_, err := ensemble.New(c.members, c.opt)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
	data := mackeyGlass(t)
	e, err := ensemble.New(mk(2), &ensemble.Options{Combination: ensemble.Stacked})
	if err != nil {
		t.Fatal(err)
	}
	err = e.Fit(context.Background(), data.Slice(0, 100), data.Slice(100, 105))
	if err == nil || !strings.Contains(err.Error(), "at least 10 rows, got 5") {
		t.Errorf("stacked fit with 5 validation rows: error %v, want one about the validation size", err)
	}
	if _, err := ensemble.Build([]ensemble.Member{{Model: "ridge"}, {Model: "no-such-model"}}); err == nil || !strings.Contains(err.Error(), "member 1 (no-such-model)") {
		t.Errorf("Build with an unknown model: error %v, want one naming member 1", err)
	}
	if _, err := ensemble.Measure([]*forecast.Block{data}, data, nil, nil); err == nil {
		t.Errorf("Measure with one member: no error")
	}
}
