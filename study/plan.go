package study

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/emergo/emergo/forecast"
	"github.com/emergo/emergo/store"
)

// pipelineVersion is part of every task's hash: bump it when a task's
// code changes what it computes, so that stored results are recomputed.
const pipelineVersion = "3"

// Job is a task with the function that computes its result from the
// results of its dependencies (read from the store).
type Job struct {
	Task store.Task
	Run  func(ctx context.Context, r store.Reader) (*store.Result, error)
}

// newJob builds a job keyed by the hash of its kind and spec.
func newJob[S any](kind, label string, spec S, deps []string, run func(context.Context, store.Reader, S) (*store.Result, error)) *Job {
	b, err := json.Marshal(spec)
	if err != nil {
		panic("study: " + err.Error())
	}
	key := Hash(struct {
		Kind string          `json:"kind"`
		Spec json.RawMessage `json:"spec"`
	}{kind, b})
	return &Job{
		Task: store.Task{Key: key, Kind: kind, Label: label, Spec: string(b), Deps: deps},
		Run:  func(ctx context.Context, r store.Reader) (*store.Result, error) { return run(ctx, r, spec) },
	}
}

// Plan expands a validated spec into its jobs, dependencies first.
func Plan(s *Spec) ([]*Job, error) {
	var jobs []*Job
	for i := range s.Systems {
		sy := s.Systems[i]
		sm := sy.merged(&s.Sampling)
		if sy.Data != "" {
			sm = Sampling{}
		}
		dj := newJob(KindData, "data "+sy.Label, dataSpec{Pipeline: pipelineVersion, System: sy, Sampling: sm, Split: s.Split, Seed: s.DataSeed},
			nil, func(ctx context.Context, _ store.Reader, sp dataSpec) (*store.Result, error) { return runData(ctx, sp) })
		sj := newJob(KindSystem, "analyse "+sy.Label, systemSpec{Pipeline: pipelineVersion, Data: dj.Task.Key, System: sy, Sampling: sm,
			Seed: s.DataSeed, Lyapunov: s.Analyses.Lyapunov, PowerLaw: s.Analyses.PowerLaw, Descriptors: s.Analyses.Descriptors},
			[]string{dj.Task.Key}, runSystem)
		jobs = append(jobs, dj, sj)
		deps := []string{dj.Task.Key, sj.Task.Key}
		var members []string
		baselines := map[string]string{} // model label → seed-1 task key of baseline models
		for _, m := range s.Models {
			var ml *ModelLyapunovSpec
			if l := s.Analyses.ModelLyapunov; l != nil && selected(l.Systems, sy.Label) && selected(l.Models, m.Label) {
				ml = l
			}
			for k, seed := range s.Seeds {
				tj := newJob(KindTrain, fmt.Sprintf("train %s on %s (seed %d)", m.Label, sy.Label, seed),
					trainSpec{Pipeline: pipelineVersion, Data: dj.Task.Key, System: sj.Task.Key, SystemLabel: sy.Label, Model: m, Seed: seed,
						Forecast: s.Analyses.Forecast, ModelLyapunov: ml, Homog: s.Homogenization}, deps, runTrain)
				jobs = append(jobs, tj)
				members = append(members, tj.Task.Key)
				if e, _ := forecast.Lookup(m.Name); k == 0 && e != nil && e.Info.Family == "baseline" {
					baselines[m.Label] = tj.Task.Key
				}
			}
		}
		if s.Homogenization != nil && len(members) >= 2 {
			jobs = append(jobs, newJob(KindHomogenization, "homogenization on "+sy.Label,
				homogSpec{Pipeline: pipelineVersion, System: sy.Label, Members: members, Spec: *s.Homogenization, Seed: s.DataSeed},
				members, runHomogenization))
		}
		if sc := s.Scale; sc != nil && selected(sc.Systems, sy.Label) {
			var base []string
			for _, k := range baselines {
				base = append(base, k)
			}
			sort.Strings(base)
			for _, ml := range sc.Models {
				m := *modelByLabel(s, ml)
				for _, frac := range sc.TrainFractions {
					var grid []string
					for _, size := range sc.Sizes {
						for _, seed := range s.Seeds {
							tj := newJob(KindTrain, fmt.Sprintf("train %s %s=%g on %s (seed %d, %g of the training rows)", m.Label, sc.Hyper, size, sy.Label, seed, frac),
								trainSpec{Pipeline: pipelineVersion, Data: dj.Task.Key, System: sj.Task.Key, SystemLabel: sy.Label, Model: m, Seed: seed,
									ScaleHyper: sc.Hyper, ScaleValue: size, TrainFraction: frac, Forecast: s.Analyses.Forecast}, deps, runTrain)
							jobs = append(jobs, tj)
							grid = append(grid, tj.Task.Key)
						}
					}
					label := fmt.Sprintf("scaling of %s with %s on %s", m.Label, sc.Hyper, sy.Label)
					if len(sc.TrainFractions) > 1 {
						label += fmt.Sprintf(" (%g of the training rows)", frac)
					}
					jobs = append(jobs, newJob(KindScaling, label,
						scalingSpec{Pipeline: pipelineVersion, System: sy.Label, Model: m.Label, Hyper: sc.Hyper, Members: grid, Baselines: base, Seed: s.DataSeed},
						append(grid, base...), runScaling))
				}
			}
		}
	}
	ej, err := experimentJobs(s)
	if err != nil {
		return nil, err
	}
	jobs = append(jobs, ej...)
	// The same task may be planned twice (identical specs): keep one.
	seen := map[string]bool{}
	out := jobs[:0]
	for _, j := range jobs {
		if !seen[j.Task.Key] {
			seen[j.Task.Key] = true
			out = append(out, j)
		}
	}
	return out, nil
}

func modelByLabel(s *Spec, l string) *ModelSpec {
	for i := range s.Models {
		if strings.EqualFold(s.Models[i].Label, l) {
			return &s.Models[i]
		}
	}
	return nil
}
