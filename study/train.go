package study

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/emergo/emergo/chaos"
	"github.com/emergo/emergo/forecast"
	"github.com/emergo/emergo/store"
	"github.com/emergo/emergo/system"
)

// trainSpec is the hashed spec of a train task.
type trainSpec struct {
	Pipeline      string              `json:"pipeline"`
	Data          string              `json:"data"`   // data task key
	System        string              `json:"system"` // system task key
	SystemLabel   string              `json:"system_label"`
	Model         ModelSpec           `json:"model"`
	Seed          uint64              `json:"seed"`
	ScaleHyper    string              `json:"scale_hyper,omitempty"`
	ScaleValue    float64             `json:"scale_value,omitempty"`
	TrainFraction float64             `json:"train_fraction,omitempty"`
	Forecast      ForecastSpec        `json:"forecast"`
	ModelLyapunov *ModelLyapunovSpec  `json:"model_lyapunov,omitempty"`
	Homog         *HomogenizationSpec `json:"homogenization,omitempty"`
}

// maxOneStep bounds the one-step forecasts scored.
const maxOneStep = 500

// runTrain fits one model with one seed on one system and scores it.
func runTrain(ctx context.Context, r store.Reader, sp trainSpec) (*store.Result, error) {
	d, err := loadDataset(ctx, r, sp.Data)
	if err != nil {
		return nil, err
	}
	sr, err := loadSystemResult(ctx, r, sp.System)
	if err != nil {
		return nil, err
	}
	entry, err := forecast.Lookup(sp.Model.Name)
	if err != nil {
		return nil, err
	}
	hyper := maps2(sp.Model.Hyper)
	if sp.ScaleHyper != "" {
		hyper[sp.ScaleHyper] = sp.ScaleValue
	}
	m, err := forecast.New(sp.Model.Name, forecast.Spec{Hyper: hyper, Seed: sp.Seed})
	if err != nil {
		return nil, err
	}
	x := d.x
	cl := m.ContextLen()
	fitEnd := d.info.Train
	fitStart := 0
	if f := sp.TrainFraction; f > 0 && f < 1 {
		fitStart = fitEnd - int(math.Round(f*float64(fitEnd)))
	}
	if fitEnd-fitStart < cl+2 {
		return nil, fmt.Errorf("%s needs at least %d training rows (its context of %d rows and targets); %s has %d",
			sp.Model.Label, cl+2, cl, sp.SystemLabel, fitEnd-fitStart)
	}
	train := x.Slice(fitStart, fitEnd)
	var val *forecast.Block
	if d.info.Val > cl+1 {
		val = x.Slice(fitEnd-cl, d.trainEnd()) // with the context leading into it
	}
	res := TrainResult{System: sp.SystemLabel, Model: sp.Model.Label, ModelName: entry.Info.Name, Family: entry.Info.Family,
		Seed: sp.Seed, Hyper: hyper, ScaleHyper: sp.ScaleHyper, ScaleValue: sp.ScaleValue, TrainFraction: sp.TrainFraction,
		TrainRows: train.Rows, DT: d.info.DT, Lambda1: sr.Lambda1, Metrics: map[string]Float{}}
	start := time.Now()
	if err := m.Fit(ctx, train, val); err != nil {
		return nil, fmt.Errorf("training %s on %s: %w", sp.Model.Label, sp.SystemLabel, err)
	}
	res.FitSeconds = time.Since(start).Seconds()
	if nm, ok := m.(*forecast.Neural); ok {
		res.Hyper, res.Parameters = nm.Hyper(), nm.NumParams()
	}
	if tr, ok := m.(forecast.TrainReporter); ok {
		s := tr.TrainSummary()
		res.Metrics["epochs"] = Float(s.Epochs)
		res.Metrics["train_loss"] = Float(s.TrainLoss)
		res.Metrics["val_loss"] = Float(s.ValLoss)
	}

	// Scoring on the test part.
	std, mean := forecast.TrainStats(train)
	ts, n := d.testStart(), x.Rows
	lam := float64(sr.Lambda1)
	h := sp.Forecast.Horizon
	res.LeadUnit = "rows"
	if lam > 0 {
		h = int(math.Round(sp.Forecast.HorizonLyapunovTimes / (lam * d.info.DT)))
		res.LeadUnit = "Lyapunov times"
	}
	h = max(1, min(h, d.info.Test-1))
	res.Horizon = h
	so := &forecast.ScoreOptions{From: ts, To: n, Horizon: h, Origins: sp.Forecast.Origins, OneStep: maxOneStep,
		Std: std, Mean: mean, DT: d.info.DT, Lyapunov: lam, Threshold: sp.Forecast.Threshold,
		LenientRefill: true, Name: sp.Model.Label}
	sc, err := forecast.Score(ctx, m, x, so)
	if err != nil {
		return nil, err
	}
	res.Origins = len(sc.Origins)
	nc := min(3, x.Dim)
	truth := x.Slice(sc.Origins[0], sc.Origins[0]+h)
	res.ExampleColumns = d.info.Columns[:nc]
	res.ExampleTruth, res.ExamplePred = make([][]Float, nc), make([][]Float, nc)
	for j := 0; j < nc; j++ {
		for i := 0; i < h; i++ {
			res.ExampleTruth[j] = append(res.ExampleTruth[j], Float(truth.Row(i)[j]))
			res.ExamplePred[j] = append(res.ExamplePred[j], Float(sc.First.Row(i)[j]))
		}
	}
	met := res.Metrics
	met["nrmse"] = Float(sc.NRMSE)
	met["smape"] = Float(sc.SMAPE)
	met["vpt_steps"] = Float(sc.VPTSteps)
	met["vpt_time"] = Float(sc.VPTTime)
	if lam > 0 {
		met["vpt_lyapunov"] = Float(sc.VPTLyapunov)
	}
	met["vpt_censored"] = Float(sc.VPTCensored)
	met["diverged"] = Float(sc.Diverged)
	res.ErrorGrowth = Floats(sc.ErrorGrowth)
	for i := range sc.ErrorGrowth {
		lt := float64(i + 1)
		if lam > 0 {
			lt *= lam * d.info.DT
		}
		res.LeadTimes = append(res.LeadTimes, Float(lt))
	}
	if sc.Diverged > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("%d of %d rollouts diverged; their rows after divergence are scored as the training mean", sc.Diverged, len(sc.Origins)))
	}
	met["nrmse_1step"] = Float(sc.OneStepRMS)

	result := &store.Result{}
	// Homogenization instances.
	if hs := sp.Homog; hs != nil {
		arts, rep, err := instances(ctx, m, x, so, hs, ts, n)
		if err != nil {
			return nil, err
		}
		res.Representation = rep
		result.Artifacts = append(result.Artifacts, arts...)
	}
	// The trained model as a dynamical system.
	if ml := sp.ModelLyapunov; ml != nil {
		if dm, ok := m.(forecast.Dynamics); ok {
			spec, err := modelSpectrum(ctx, dm, x.Slice(ts-cl, ts), ml)
			switch {
			case err != nil && ctx.Err() != nil:
				return nil, ctx.Err()
			case err != nil:
				res.Notes = append(res.Notes, "model Lyapunov spectrum: "+err.Error())
			default:
				for i := range spec.Exponents {
					spec.Exponents[i] /= d.info.DT
					spec.StdErr[i] /= d.info.DT
					met[fmt.Sprintf("model_lyapunov_%d", i+1)] = Float(spec.Exponents[i])
				}
				res.ModelSpectrum, res.ModelSpectrumErr = Floats(spec.Exponents), Floats(spec.StdErr)
				if lam > 0 {
					met["model_lambda1_error"] = Float((spec.Exponents[0] - lam) / lam)
				}
			}
		}
	}
	// A checkpoint of neural models.
	if _, ok := m.(forecast.Saver); ok {
		arts, err := checkpoint(ctx, m, forecast.Spec{Hyper: hyper, Seed: sp.Seed},
			map[string]any{"system": sp.SystemLabel, "model": sp.Model.Label, "task": taskEnvFrom(ctx).key})
		if err != nil {
			return nil, err
		}
		result.Artifacts = append(result.Artifacts, arts...)
	}
	if res.Parameters > 0 {
		met["parameters"] = Float(res.Parameters)
	}
	doc, err := jsonArtifact(ArtTrain, res)
	if err != nil {
		return nil, err
	}
	result.Artifacts = append(result.Artifacts, doc)
	names := make([]string, 0, len(met))
	for name := range met {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		result.Metrics = append(result.Metrics, store.Metric{Name: name, Value: float64(met[name])})
	}
	return result, nil
}

// instances forecasts the homogenization instances and returns the
// per-instance errors, the forecasts and the hidden states (or, for
// models without a Representer, the forecasts again).
func instances(ctx context.Context, m forecast.Forecaster, x *forecast.Block, so *forecast.ScoreOptions, hs *HomogenizationSpec, ts, n int) ([]store.Artifact, string, error) {
	h, cl := hs.Horizon, m.ContextLen()
	org := forecast.Origins(max(ts, cl), n-h, hs.Instances)
	errs := make([]float64, len(org))
	outs := make([]float64, 0, len(org)*h*x.Dim)
	for i, at := range org {
		if i%32 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, "", err
			}
		}
		p, _, err := so.Rollout(m, x, at, h)
		if err != nil {
			return nil, "", fmt.Errorf("%s: forecast from row %d: %w", m.Name(), at, err)
		}
		le := forecast.LeadErrors(x.Slice(at, at+h), p, so.Std)
		var s float64
		for _, e := range le {
			s += e * e
		}
		errs[i] = math.Sqrt(s / float64(h))
		for r := 0; r < h; r++ {
			for j, v := range p.Row(r) {
				outs = append(outs, (v-so.Mean[j])/so.Std[j])
			}
		}
	}
	arts := []store.Artifact{
		matrixArtifact(ArtErrors, len(org), 1, errs),
		matrixArtifact(ArtOutputs, len(org), h*x.Dim, outs),
	}
	rp, ok := m.(forecast.Representer)
	if !ok {
		return arts, "outputs", nil
	}
	// Hidden states after reading each instance's context: one pass over
	// the test part with a warm-up before it.
	from := max(org[0]-max(cl, 200), 0)
	to := org[len(org)-1] // states up to the row before the last origin
	in := x.Slice(from, to)
	rep, err := rp.Represent(in)
	if err != nil {
		return nil, "", fmt.Errorf("%s: hidden states: %w", m.Name(), err)
	}
	off := in.Rows - rep.Rows // input row of the first state
	feats := make([]float64, 0, len(org)*rep.Dim)
	for _, at := range org {
		k := at - 1 - from - off
		if k < 0 || k >= rep.Rows {
			return nil, "", fmt.Errorf("%s: no hidden state for row %d (the model's warm-up is longer than %d rows)", m.Name(), at-1, in.Rows)
		}
		feats = append(feats, rep.Row(k)...)
	}
	return append(arts, matrixArtifact(ArtRepr, len(org), rep.Dim, feats)), "hidden", nil
}

// modelSpectrum computes the Lyapunov spectrum of a trained model run in
// closed loop from the state a context leads to (per sampling step).
func modelSpectrum(ctx context.Context, dm forecast.Dynamics, c *forecast.Block, ml *ModelLyapunovSpec) (*chaos.Spectrum, error) {
	sys, err := dm.Dynamics(c)
	if err != nil {
		return nil, err
	}
	k := min(ml.Exponents, sys.Dim())
	s, err := chaos.LyapunovSpectrum(ctx, sys, &chaos.SpectrumOptions{K: k, Time: float64(ml.Steps), Transient: float64(ml.Steps / 5)})
	if err != nil {
		var de *system.DivergedError
		if errors.As(err, &de) {
			return nil, fmt.Errorf("the closed-loop model diverged: %w", err)
		}
		return nil, err
	}
	return s, nil
}

// loadTrainResult reads a train task's document.
func loadTrainResult(ctx context.Context, r store.Reader, key string) (*TrainResult, error) {
	a, err := r.Artifact(ctx, key, ArtTrain)
	if err != nil {
		return nil, err
	}
	var t TrainResult
	if err := json.Unmarshal(a.Data, &t); err != nil {
		return nil, fmt.Errorf("train task %s: %w", key, err)
	}
	return &t, nil
}

// loadMatrix reads a matrix artifact.
func loadMatrix(ctx context.Context, r store.Reader, key, name string) (int, int, []float64, error) {
	a, err := r.Artifact(ctx, key, name)
	if err != nil {
		return 0, 0, nil, err
	}
	return decodeMatrix(a.Data)
}
