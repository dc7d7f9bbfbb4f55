package study

import (
	"context"
	"fmt"
	"math"
	"sort"

	"github.com/emergo/emergo/emergence"
	"github.com/emergo/emergo/store"
)

// scalingSpec is the hashed spec of a scaling task.
type scalingSpec struct {
	Pipeline  string   `json:"pipeline"`
	System    string   `json:"system"`
	Model     string   `json:"model"`
	Hyper     string   `json:"hyper"`
	Members   []string `json:"members"`   // train task keys of the grid (full training length)
	Baselines []string `json:"baselines"` // train task keys of baseline models
	Seed      uint64   `json:"seed"`
}

// scalingMetrics are the curves assessed: name, stored metric, lower is
// better.
var scalingMetrics = []struct {
	name, metric string
	lower        bool
}{
	{"NRMSE of rollouts", "nrmse", true},
	{"one-step NRMSE", "nrmse_1step", true},
	{"valid prediction time (rows)", "vpt_steps", false},
}

// runScaling fits scaling curves of one model's metrics against its size
// and asks whether any capability emerges (emergence.Assess).
func runScaling(ctx context.Context, r store.Reader, sp scalingSpec) (*store.Result, error) {
	type obs struct {
		size float64
		m    map[string]float64
	}
	var all []obs
	for _, key := range sp.Members {
		tr, err := loadTrainResult(ctx, r, key)
		if err != nil {
			return nil, err
		}
		m := map[string]float64{}
		for k, v := range tr.Metrics {
			m[k] = float64(v)
		}
		all = append(all, obs{size: tr.ScaleValue, m: m})
	}
	base := map[string][]float64{}
	for _, key := range sp.Baselines {
		tr, err := loadTrainResult(ctx, r, key)
		if err != nil {
			return nil, err
		}
		for _, sm := range scalingMetrics {
			if v, ok := tr.Metrics[sm.metric]; ok && !math.IsNaN(float64(v)) {
				base[sm.metric] = append(base[sm.metric], float64(v))
			}
		}
	}
	sizes := map[float64][]obs{}
	for _, o := range all {
		sizes[o.size] = append(sizes[o.size], o)
	}
	var scale []float64
	for s := range sizes {
		scale = append(scale, s)
	}
	sort.Float64s(scale)
	res := ScalingResult{System: sp.System, Model: sp.Model, Hyper: sp.Hyper, Metric: scalingMetrics[0].name, Sizes: Floats(scale)}
	var curves []emergence.Curve
	for _, sm := range scalingMetrics {
		c := emergence.Curve{Name: sm.name, Scale: scale, Continuous: true, LowerIsBetter: sm.lower, Baselines: base[sm.metric]}
		ok := true
		for _, s := range scale {
			var v []float64
			for _, o := range sizes[s] {
				if x, has := o.m[sm.metric]; has && !math.IsNaN(x) && !math.IsInf(x, 0) {
					v = append(v, x)
				}
			}
			if len(v) == 0 {
				ok = false
				break
			}
			c.Values = append(c.Values, v)
		}
		if ok {
			curves = append(curves, c)
		}
	}
	if len(curves) == 0 {
		return nil, fmt.Errorf("scaling of %s on %s: no metric has values at every size", sp.Model, sp.System)
	}
	c0 := curves[0]
	for _, v := range c0.Values {
		var s float64
		for _, x := range v {
			s += x
		}
		res.Values = append(res.Values, Float(s/float64(len(v))))
	}
	res.Metric = c0.Name
	if cmp, err := emergence.Compare(c0, &emergence.FitOptions{Seed: sp.Seed}); err == nil {
		lo, hi := math.Log(scale[0]), math.Log(scale[len(scale)-1])
		for _, f := range cmp.Fits {
			cf := CurveFit{Form: f.Model.String(), Params: Floats(f.Params), AIC: Float(f.AICc)}
			for k := 0; k <= 40; k++ {
				x := math.Exp(lo + (hi-lo)*float64(k)/40)
				cf.X = append(cf.X, Float(x))
				cf.Y = append(cf.Y, Float(f.Predict(x)))
			}
			res.Fits = append(res.Fits, cf)
		}
	} else {
		res.Notes = append(res.Notes, "curve fits: "+err.Error())
	}
	metrics := []store.Metric{{Name: "sizes", Value: float64(len(scale))}}
	if v, err := emergence.Assess(curves, &emergence.AssessOptions{Fit: emergence.FitOptions{Seed: sp.Seed}, Resamples: 500}); err == nil {
		res.Verdict = v.String()
		metrics = append(metrics, store.Metric{Name: "emergent", Value: b2f(v.Label == emergence.Emergent)},
			store.Metric{Name: "mirage", Value: b2f(v.Mirage)})
	} else {
		res.Verdict = "not assessed: " + err.Error()
	}
	doc, err := jsonArtifact(ArtScaling, res)
	if err != nil {
		return nil, err
	}
	return &store.Result{Metrics: metrics, Artifacts: []store.Artifact{doc}}, nil
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
