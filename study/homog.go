package study

import (
	"context"
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/mat"

	"github.com/emergo/emergo/homogenization"
	"github.com/emergo/emergo/store"
)

// homogSpec is the hashed spec of a homogenization task.
type homogSpec struct {
	Pipeline string             `json:"pipeline"`
	System   string             `json:"system"`
	Members  []string           `json:"members"` // train task keys
	Spec     HomogenizationSpec `json:"spec"`
	Seed     uint64             `json:"seed"`
}

// systemicPermutations is the number of independence resamples of the
// systemic-failure test.
const systemicPermutations = 1000

// runHomogenization compares the members trained on one system.
func runHomogenization(ctx context.Context, r store.Reader, sp homogSpec) (*store.Result, error) {
	type member struct {
		label, model string
		seed         uint64
		errs         []float64
		out, rep     *mat.Dense
	}
	var ms []member
	for _, key := range sp.Members {
		tr, err := loadTrainResult(ctx, r, key)
		if err != nil {
			return nil, err
		}
		mb := member{label: fmt.Sprintf("%s#%d", tr.Model, tr.Seed), model: tr.Model, seed: tr.Seed}
		rows, _, e, err := loadMatrix(ctx, r, key, ArtErrors)
		if err != nil {
			return nil, err
		}
		mb.errs = e[:rows]
		rows, cols, o, err := loadMatrix(ctx, r, key, ArtOutputs)
		if err != nil {
			return nil, err
		}
		mb.out = mat.NewDense(rows, cols, o)
		if rows, cols, h, err := loadMatrix(ctx, r, key, ArtRepr); err == nil {
			mb.rep = mat.NewDense(rows, cols, h)
		}
		ms = append(ms, mb)
	}
	if len(ms) < 2 {
		return nil, fmt.Errorf("homogenization of %s needs at least 2 trained models, got %d", sp.System, len(ms))
	}
	n := len(ms[0].errs)
	for _, m := range ms {
		if len(m.errs) != n {
			return nil, fmt.Errorf("homogenization of %s: %s has %d instances, %s has %d", sp.System, m.label, len(m.errs), ms[0].label, n)
		}
	}
	res := HomogenizationResult{System: sp.System, Instances: n, Metrics: map[string]Float{}}
	for _, m := range ms {
		res.Members = append(res.Members, m.label)
		res.Models = append(res.Models, m.model)
		res.Seeds = append(res.Seeds, m.seed)
	}
	met := res.Metrics

	// Similarity of forecasts (all members) and of hidden states.
	outs := make([]*mat.Dense, len(ms))
	for i := range ms {
		outs[i] = ms[i].out
	}
	ck, err := similarity(ctx, outs, res.Members, homogenization.LinearCKA)
	if err != nil {
		return nil, fmt.Errorf("CKA of forecasts: %w", err)
	}
	res.CKAOutputs = ck
	acrossModels, acrossSeeds := pairMeans(ck, res.Models)
	met["cka_outputs_across_models"], met["cka_outputs_across_seeds"] = Float(acrossModels), Float(acrossSeeds)
	var reps []*mat.Dense
	var rl, rm []string
	for _, m := range ms {
		if m.rep != nil {
			reps, rl, rm = append(reps, m.rep), append(rl, m.label), append(rm, m.model)
		}
	}
	if len(reps) >= 2 {
		if res.CKAHidden, err = similarity(ctx, reps, rl, homogenization.LinearCKA); err != nil {
			return nil, fmt.Errorf("CKA of hidden states: %w", err)
		}
		a, s := pairMeans(res.CKAHidden, rm)
		met["cka_hidden_across_models"], met["cka_hidden_across_seeds"] = Float(a), Float(s)
		k := min(sp.Spec.K, n-1)
		if res.MutualKNN, err = similarity(ctx, reps, rl, homogenization.MeasureMutualKNN(k, homogenization.Euclidean)); err != nil {
			return nil, fmt.Errorf("mutual kNN: %w", err)
		}
		a, s = pairMeans(res.MutualKNN, rm)
		met["mutual_knn_across_models"], met["mutual_knn_across_seeds"] = Float(a), Float(s)
	} else {
		res.Notes = append(res.Notes, "fewer than two members expose hidden states; hidden-state similarity is not computed")
	}

	// Error correlations.
	errs := mat.NewDense(n, len(ms), nil)
	var pooled []float64
	for j, m := range ms {
		for i, v := range m.errs {
			errs.Set(i, j, v)
		}
		pooled = append(pooled, m.errs...)
	}
	ec, err := homogenization.ErrorCorrelation(errs)
	if err != nil {
		return nil, fmt.Errorf("error correlation: %w", err)
	}
	res.ErrorCorr = Matrix{Rows: res.Members, Cols: res.Members, Values: symValues(ec)}
	a, _ := pairMeans(res.ErrorCorr, res.Models)
	met["error_corr_across_models"] = Float(a)

	// Failures: an error above the pooled quantile.
	sort.Float64s(pooled)
	thr := pooled[int(math.Min(float64(len(pooled)-1), math.Floor(sp.Spec.FailureQuantile*float64(len(pooled)))))]
	res.Threshold = Float(thr)
	fail := func(cols []int) *mat.Dense {
		f := mat.NewDense(n, len(cols), nil)
		for c, j := range cols {
			for i, v := range ms[j].errs {
				if v > thr {
					f.Set(i, c, 1)
				}
			}
		}
		return f
	}
	// One member per model (its first seed), then all members.
	var firsts []int
	seen := map[string]bool{}
	for j, m := range ms {
		if !seen[m.model] {
			seen[m.model] = true
			firsts = append(firsts, j)
		}
	}
	all := make([]int, len(ms))
	for j := range all {
		all[j] = j
	}
	if len(firsts) >= 2 {
		f := fail(firsts)
		sy, err := homogenization.SystemicFailure(f, &homogenization.SystemicOptions{Permutations: systemicPermutations, Seed: sp.Seed})
		if err != nil {
			res.Notes = append(res.Notes, "systemic failure across models: "+err.Error())
		} else {
			res.FailureRates, res.Observed, res.Expected = Floats(sy.FailureRate), Floats(sy.Observed), Floats(sy.Expected)
			met["systemic_failure"], met["systemic_failure_expected"] = Float(sy.SystemicFailure), Float(sy.ExpectedFailure)
			met["systemic_failure_ratio"], met["overdispersion"] = Float(sy.FailureRatio), Float(sy.Overdispersion)
			met["systemic_success"], met["systemic_success_expected"] = Float(sy.SystemicSuccess), Float(sy.ExpectedSuccess)
		}
		if oh, err := homogenization.OutcomeHomogenization(f, nil); err == nil {
			met["h_individual"] = Float(oh.Avg)
		} else {
			res.Notes = append(res.Notes, "outcome homogenization: "+err.Error())
		}
	}
	if sy, err := homogenization.SystemicFailure(fail(all), nil); err == nil {
		res.ObservedAll, res.ExpectedAll = Floats(sy.Observed), Floats(sy.Expected)
		met["systemic_failure_all"], met["systemic_failure_all_expected"] = Float(sy.SystemicFailure), Float(sy.ExpectedFailure)
		met["overdispersion_all"] = Float(sy.Overdispersion)
	}
	doc, err := jsonArtifact(ArtHomogenization, res)
	if err != nil {
		return nil, err
	}
	out := &store.Result{Artifacts: []store.Artifact{doc}}
	names := make([]string, 0, len(met))
	for k := range met {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		out.Metrics = append(out.Metrics, store.Metric{Name: k, Value: float64(met[k])})
	}
	return out, nil
}

// similarity computes a labelled similarity matrix.
func similarity(ctx context.Context, reps []*mat.Dense, labels []string, m homogenization.Measure) (Matrix, error) {
	if err := ctx.Err(); err != nil {
		return Matrix{}, err
	}
	s, err := homogenization.Similarities(reps, m)
	if err != nil {
		return Matrix{}, err
	}
	return Matrix{Rows: labels, Cols: labels, Values: symValues(s)}, nil
}

func symValues(s mat.Symmetric) [][]Float {
	k := s.SymmetricDim()
	out := make([][]Float, k)
	for i := range out {
		out[i] = make([]Float, k)
		for j := range out[i] {
			out[i][j] = Float(s.At(i, j))
		}
	}
	return out
}

// pairMeans averages the off-diagonal entries between members of
// different models and between members of the same model (different
// seeds); NaN when there are none.
func pairMeans(m Matrix, models []string) (across, within float64) {
	var sa, sw float64
	var na, nw int
	for i := range m.Values {
		for j := i + 1; j < len(m.Values); j++ {
			v := float64(m.Values[i][j])
			if math.IsNaN(v) {
				continue
			}
			if models[i] == models[j] {
				sw, nw = sw+v, nw+1
			} else {
				sa, na = sa+v, na+1
			}
		}
	}
	across, within = math.NaN(), math.NaN()
	if na > 0 {
		across = sa / float64(na)
	}
	if nw > 0 {
		within = sw / float64(nw)
	}
	return across, within
}
