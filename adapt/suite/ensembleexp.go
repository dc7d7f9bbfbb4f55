package suite

import (
	"context"
	"fmt"
	"math"

	"github.com/emergo/emergo/adapt"
	"github.com/emergo/emergo/adapt/ensemble"
	_ "github.com/emergo/emergo/adapt/reservoir" // registers esn-critical
	"github.com/emergo/emergo/experiment"
	"github.com/emergo/emergo/forecast"
)

// EnsembleKind is the registered name of the ensemble experiment.
const EnsembleKind = "adapt-ensemble"

// EnsembleParams are the parameters of "adapt-ensemble".
type EnsembleParams struct {
	// Scenario supplies the data: the ensembles are fitted on its warm-up
	// rows and tested on the rows before and after its first change.
	Scenario string `json:"scenario"`
	// Rows is the length of a simulated scenario.
	Rows int `json:"rows"`
	// Members is the size M of every ensemble.
	Members int `json:"members"`
	// NCLLambdas are the negative-correlation strengths of the NCL
	// ensembles (each in [0, 1]).
	NCLLambdas []float64 `json:"ncl_lambdas"`
	// NCLEpochs is the number of training epochs of the NCL ensembles and
	// of the MLP members.
	NCLEpochs int `json:"ncl_epochs"`
	// TestRows is the number of rows of each test window.
	TestRows int `json:"test_rows"`
}

// DefaultEnsembleParams returns the defaults.
func DefaultEnsembleParams() *EnsembleParams {
	return &EnsembleParams{Scenario: "lorenz-rho-jump", Rows: 4000, Members: 5, NCLLambdas: []float64{0, 0.25, 0.5, 0.75},
		NCLEpochs: 100, TestRows: 500}
}

// Validate checks the parameters, naming the first bad one.
func (p *EnsembleParams) Validate() error {
	if !validScenario(p.Scenario) {
		return bad("scenario", p.Scenario, "unknown scenario (known: "+scenarioNames()+")")
	}
	switch {
	case p.Rows < 400 || p.Rows > 200000:
		return bad("rows", p.Rows, "must be in [400, 200000]")
	case p.Members < 2 || p.Members > 20:
		return bad("members", p.Members, "must be in [2, 20]")
	case len(p.NCLLambdas) > 10:
		return bad("ncl_lambdas", p.NCLLambdas, "at most 10 values")
	case p.NCLEpochs < 1 || p.NCLEpochs > 10000:
		return bad("ncl_epochs", p.NCLEpochs, "must be in [1, 10000]")
	case p.TestRows < 10 || p.TestRows > 100000:
		return bad("test_rows", p.TestRows, "must be in [10, 100000]")
	}
	for i, l := range p.NCLLambdas {
		if !(l >= 0 && l <= 1) {
			return bad(fmt.Sprintf("ncl_lambdas[%d]", i), l, "λ must be in [0, 1]")
		}
	}
	return nil
}

// Quick shrinks the parameters for a smoke run.
func (p *EnsembleParams) Quick() {
	p.Rows = min(p.Rows, 1600)
	p.Members = min(p.Members, 3)
	p.NCLEpochs = min(p.NCLEpochs, 10)
	p.TestRows = min(p.TestRows, 200)
	if len(p.NCLLambdas) > 2 {
		p.NCLLambdas = []float64{p.NCLLambdas[0], p.NCLLambdas[len(p.NCLLambdas)-1]}
	}
}

// ensembleSpec is one compared ensemble: a batch ensemble of members or
// an NCL ensemble.
type ensembleSpec struct {
	name    string
	members []ensemble.Member
	ncl     *ensemble.NCLConfig
}

// Point is one ensemble's diversity and accuracy on one test window.
type Point struct {
	Ensemble, Window string
	// MeanErrorCorr is the mean pairwise correlation of the members'
	// errors; Ambiguity the Krogh-Vedelsby ambiguity relative to the mean
	// member error (the fraction of it the combination removes).
	MeanErrorCorr, RelAmbiguity float64
	// EnsembleNRMSE and MeanMemberNRMSE are forecast.NRMSE values.
	EnsembleNRMSE, MeanMemberNRMSE float64
}

func (p *EnsembleParams) specs(seed uint64) []ensembleSpec {
	m := p.Members
	mlp := map[string]float64{"window": 4, "hidden": 16, "layers": 1, "epochs": float64(p.NCLEpochs), "increment": 1}
	esn := map[string]float64{"size": 100, "washout": 50}
	fams := []ensemble.Member{
		{Model: "ridge", Spec: forecast.Spec{Hyper: map[string]float64{"lags": 4}}},
		{Model: "nvar", Spec: forecast.Spec{Hyper: map[string]float64{"k": 2, "increment": 1}}},
		{Model: "esn", Spec: forecast.Spec{Hyper: esn}},
		{Model: "esn-critical", Spec: forecast.Spec{Hyper: esn}},
		{Model: "mlp", Spec: forecast.Spec{Hyper: mlp}},
	}
	het := make([]ensemble.Member, m)
	for i := range het {
		het[i] = fams[i%len(fams)]
		het[i].Spec.Seed = seed + uint64(i)
	}
	out := []ensembleSpec{
		{name: "seeds: esn", members: ensemble.Homogeneous("esn", esn, m, seed)},
		{name: "seeds: mlp", members: ensemble.Homogeneous("mlp", mlp, m, seed)},
		{name: "heterogeneous families", members: het},
	}
	for _, l := range p.NCLLambdas {
		c := ensemble.DefaultNCLConfig()
		c.Members, c.Lambda, c.Epochs, c.Seed, c.Increment = m, l, p.NCLEpochs, seed, true
		out = append(out, ensembleSpec{name: fmt.Sprintf("NCL λ=%g", l), ncl: &c})
	}
	return out
}

// RunEnsemble runs the "adapt-ensemble" experiment.
func RunEnsemble(ctx context.Context, p *EnsembleParams, env *experiment.Env) (*experiment.Result, error) {
	sc, err := adapt.NewScenario(ctx, p.Scenario, &adapt.ScenarioOptions{Seed: env.Seed, Rows: p.Rows})
	if err != nil {
		return nil, err
	}
	if len(sc.Changes) == 0 {
		return nil, bad("scenario", p.Scenario, "has no change point")
	}
	c := sc.Changes[0]
	end := sc.Data.Rows
	if len(sc.Changes) > 1 {
		end = sc.Changes[1]
	}
	n := min(p.TestRows, c-sc.Warm, end-c)
	if n < 10 {
		return nil, bad("test_rows", p.TestRows, "the scenario leaves fewer than 10 rows around its change")
	}
	train := sc.Data.Slice(0, sc.Warm)
	if err := train.Check("warm-up"); err != nil {
		return nil, err
	}
	scale := forecast.Std(train)
	windows := []struct {
		name     string
		from, to int
	}{{"before change", c - n, c}, {"after change", c, c + n}}
	specs := p.specs(env.Seed)
	var pts []Point
	env.Progress(0, len(specs))
	for k, s := range specs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		var oneStep func(from, to int) ([]*forecast.Block, error)
		if s.ncl != nil {
			m, err := ensemble.NewNCL(s.ncl)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", s.name, err)
			}
			if err := m.Fit(ctx, train, nil); err != nil {
				return nil, fmt.Errorf("%s: %w", s.name, err)
			}
			w := m.ContextLen()
			oneStep = func(from, to int) ([]*forecast.Block, error) { return m.MemberOneStep(sc.Data.Slice(from-w, to)) }
		} else {
			ms, err := ensemble.Build(s.members)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", s.name, err)
			}
			e, err := ensemble.New(ms, &ensemble.Options{Name: s.name})
			if err != nil {
				return nil, err
			}
			if err := e.Fit(ctx, train, nil); err != nil {
				return nil, fmt.Errorf("%s: %w", s.name, err)
			}
			oneStep = func(from, to int) ([]*forecast.Block, error) { return e.MemberOneStep(sc.Data, from, to) }
		}
		for _, w := range windows {
			preds, err := oneStep(w.from, w.to)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", s.name, err)
			}
			pt := Point{Ensemble: s.name, Window: w.name, MeanErrorCorr: math.NaN(), RelAmbiguity: math.NaN(),
				EnsembleNRMSE: math.NaN(), MeanMemberNRMSE: math.NaN()}
			dv, err := ensemble.Measure(preds, sc.Data.Slice(w.from, w.to), scale, nil)
			if err != nil {
				env.Logger.Warn("diversity not measurable", "ensemble", s.name, "window", w.name, "err", err)
			} else {
				pt.MeanErrorCorr = dv.MeanErrorCorr
				pt.RelAmbiguity = dv.Ambiguity.Ambiguity / dv.Ambiguity.MeanMemberError
				pt.EnsembleNRMSE = dv.EnsembleNRMSE
				var s float64
				for _, v := range dv.MemberNRMSE {
					s += v
				}
				pt.MeanMemberNRMSE = s / float64(len(dv.MemberNRMSE))
			}
			pts = append(pts, pt)
		}
		env.Progress(k+1, len(specs))
	}
	return ensembleResult(p, sc, n, pts), nil
}

func ensembleResult(p *EnsembleParams, sc *adapt.Scenario, n int, pts []Point) *experiment.Result {
	res := &experiment.Result{Title: "Ensemble diversity vs accuracy before and after a regime change",
		Summary: fmt.Sprintf("Ensembles of %d members fitted on the %d warm-up rows of %s, one-step forecasts of the %d rows before and after its first change (%s), mean combination.",
			p.Members, sc.Warm, sc.Name, n, sc.ChangeLabels[0])}
	tab := experiment.Table{Title: "Diversity and accuracy", Caption: "Mean pairwise correlation of the members' errors, ambiguity as a fraction of the mean member squared error " +
		"(Krogh & Vedelsby 1995: the share of it the mean combination removes), NRMSE of the ensemble and mean NRMSE of its members (warm-up standard deviations).",
		Columns: []string{"ensemble", "window", "mean error corr", "ambiguity / member error", "ensemble NRMSE", "mean member NRMSE"}}
	plots := map[string]*experiment.Plot{}
	amb := map[string]*experiment.Plot{}
	var order []string
	for _, pt := range pts {
		tab.AddRow(pt.Ensemble, pt.Window, pt.MeanErrorCorr, pt.RelAmbiguity, pt.EnsembleNRMSE, pt.MeanMemberNRMSE)
		pl, ok := plots[pt.Window]
		if !ok {
			pl = &experiment.Plot{Kind: experiment.Scatter, Title: "Error correlation vs accuracy, " + pt.Window, XLabel: "mean pairwise error correlation",
				YLabel: "ensemble NRMSE", LogY: true, Caption: "One point per ensemble; lower-left is diverse and accurate."}
			plots[pt.Window] = pl
			amb[pt.Window] = &experiment.Plot{Kind: experiment.Scatter, Title: "Ambiguity vs accuracy, " + pt.Window, XLabel: "ambiguity / mean member squared error",
				YLabel: "ensemble NRMSE", LogY: true, Caption: "One point per ensemble; the ambiguity is the share of the mean member error that the mean " +
					"combination removes (Krogh & Vedelsby 1995): lower-right is diverse and accurate."}
			order = append(order, pt.Window)
		}
		pl.Series = append(pl.Series, experiment.NewSeries(pt.Ensemble, []float64{pt.MeanErrorCorr}, []float64{pt.EnsembleNRMSE}))
		amb[pt.Window].Series = append(amb[pt.Window].Series, experiment.NewSeries(pt.Ensemble, []float64{pt.RelAmbiguity}, []float64{pt.EnsembleNRMSE}))
		res.Metric(metricName(pt.Ensemble, pt.Window)+".rel_ambiguity", pt.RelAmbiguity)
		key := metricName(pt.Ensemble, pt.Window)
		res.Metric(key+".nrmse", pt.EnsembleNRMSE)
		res.Metric(key+".error_corr", pt.MeanErrorCorr)
	}
	res.Tables = append(res.Tables, tab)
	for _, w := range order {
		res.Plots = append(res.Plots, *plots[w], *amb[w])
	}
	// Honest verdicts: is the most diverse ensemble the most accurate?
	for _, w := range order {
		var mostDiv, best Point
		mostDiv.MeanErrorCorr, best.EnsembleNRMSE = math.Inf(1), math.Inf(1)
		for _, pt := range pts {
			if pt.Window != w {
				continue
			}
			if pt.MeanErrorCorr < mostDiv.MeanErrorCorr {
				mostDiv = pt
			}
			if pt.EnsembleNRMSE < best.EnsembleNRMSE {
				best = pt
			}
		}
		v := "is also the most accurate"
		if mostDiv.Ensemble != best.Ensemble {
			v = fmt.Sprintf("is not the most accurate (%s, NRMSE %.3g, error correlation %.3g): diversity from weak members does not buy accuracy",
				best.Ensemble, best.EnsembleNRMSE, best.MeanErrorCorr)
		}
		res.Notes = append(res.Notes, fmt.Sprintf("%s: the most diverse ensemble (%s, error correlation %.3g, NRMSE %.3g) %s.",
			w, mostDiv.Ensemble, mostDiv.MeanErrorCorr, mostDiv.EnsembleNRMSE, v))
	}
	res.Notes = append(res.Notes, "These ensembles are frozen after fitting on the warm-up: after the change every member is wrong, and diversity only averages "+
		"differently wrong forecasts. adapt-scenarios' online ensembles (members that keep learning) are the adaptive counterpart.")
	return res
}

func init() {
	experiment.Register(experiment.Kind{
		Name:  EnsembleKind,
		Title: "Ensemble diversity vs accuracy (seeds-only, heterogeneous, negative correlation learning)",
		Description: "Fits equal-size ensembles (members differing only in their seeds, heterogeneous model families, NCL at several λ) on the " +
			"warm-up of a scenario and measures, on the rows before and after its change, the members' error correlation, the ambiguity " +
			"decomposition and the ensemble's accuracy: a scatter of diversity vs accuracy per window and a table.",
		Params:   func() any { return DefaultEnsembleParams() },
		Validate: func(p any) error { return p.(*EnsembleParams).Validate() },
		Quick:    func(p any) { p.(*EnsembleParams).Quick() },
		Run: func(ctx context.Context, p any, env *experiment.Env) (*experiment.Result, error) {
			return RunEnsemble(ctx, p.(*EnsembleParams), env)
		},
	})
}
