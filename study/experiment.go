package study

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/emergo/emergo/experiment"
	"github.com/emergo/emergo/store"
)

// KindExperiment is the task kind of an experiment.
const KindExperiment = "experiment"

// ArtExperiment is the JSON document (an experiment.Result) of an
// experiment task.
const ArtExperiment = "experiment.json"

// ExperimentSpec is one registered experiment (see `emergo experiments
// list`): the applications (traffic, earthquakes, climate, markets,
// finance), the dynamic models of step 5 and the foundation-model studies.
type ExperimentSpec struct {
	// Kind is the registered experiment ("traffic-control").
	Kind string `yaml:"kind" json:"kind"`
	// Label names it in results (default: Kind); labels are unique.
	Label string `yaml:"label,omitempty" json:"label"`
	// Seed is combined with the study's data seed (default 0).
	Seed uint64 `yaml:"seed,omitempty" json:"seed,omitempty"`
	// Params override the experiment's defaults; unknown names are
	// errors.
	Params map[string]any `yaml:"params,omitempty" json:"params,omitempty"`
	// Quick shrinks the experiment for smoke runs (set by --quick).
	Quick bool `yaml:"quick,omitempty" json:"quick,omitempty"`
}

// validateExperiments checks kinds, labels and parameters.
func (s *Spec) validateExperiments() error {
	labels := map[string]int{}
	for i := range s.Experiments {
		e := &s.Experiments[i]
		f := fmt.Sprintf("experiments[%d]", i)
		if e.Kind == "" {
			return bad(f+".kind", "an experiment needs a kind (see `emergo experiments list`)")
		}
		k, err := experiment.Lookup(e.Kind)
		if err != nil {
			return bad(f+".kind", "%v", err)
		}
		if e.Label == "" {
			e.Label = e.Kind
		}
		l := strings.ToLower(e.Label)
		if j, ok := labels[l]; ok {
			return bad(f, "label %q is already used by experiments[%d]; give one of them another label", e.Label, j)
		}
		labels[l] = i
		if _, err := decodeParams(k, e); err != nil {
			return bad(f+".params", "%v", err)
		}
	}
	return nil
}

// decodeParams returns the experiment's parameters: its defaults
// overridden by the spec's, shrunk when Quick.
func decodeParams(k *experiment.Kind, e *ExperimentSpec) (any, error) {
	raw, err := json.Marshal(e.Params)
	if err != nil {
		return nil, fmt.Errorf("params: %w", err)
	}
	p, err := k.Decode(raw)
	if err != nil {
		return nil, err
	}
	if e.Quick && k.Quick != nil {
		k.Quick(p)
	}
	return p, nil
}

// experimentSpec is the task spec of an experiment: the full parameters
// (defaults included) are part of the task's hash, so a change of a
// default recomputes the result.
type experimentSpec struct {
	Pipeline string          `json:"pipeline"`
	Kind     string          `json:"kind"`
	Label    string          `json:"label"`
	Params   json.RawMessage `json:"params"`
	Seed     uint64          `json:"seed"`
}

// experimentJobs plans one task per experiment.
func experimentJobs(s *Spec) ([]*Job, error) {
	var jobs []*Job
	for i := range s.Experiments {
		e := &s.Experiments[i]
		k, err := experiment.Lookup(e.Kind)
		if err != nil {
			return nil, err
		}
		p, err := decodeParams(k, e)
		if err != nil {
			return nil, fmt.Errorf("experiment %s: %w", e.Label, err)
		}
		raw, err := json.Marshal(p)
		if err != nil {
			return nil, fmt.Errorf("experiment %s: %w", e.Label, err)
		}
		seed := s.DataSeed*1_000_003 + e.Seed
		jobs = append(jobs, newJob(KindExperiment, "experiment "+e.Label,
			experimentSpec{Pipeline: pipelineVersion, Kind: k.Name, Label: e.Label, Params: raw, Seed: seed}, nil, runExperiment))
	}
	return jobs, nil
}

// runExperiment runs a registered experiment and stores its result and
// headline metrics.
func runExperiment(ctx context.Context, _ store.Reader, sp experimentSpec) (*store.Result, error) {
	k, err := experiment.Lookup(sp.Kind)
	if err != nil {
		return nil, err
	}
	p, err := k.Decode(sp.Params)
	if err != nil {
		return nil, err
	}
	te := taskEnvFrom(ctx)
	env := experiment.NewEnv(sp.Seed)
	label := "experiment " + sp.Label
	if te.progress != nil {
		env.Progress = func(done, total int) { te.progress(label, done, total) }
	}
	if te.logger != nil {
		env.Logger = te.logger.With("task", label)
	}
	if te.scratch != "" {
		env.Dir = filepath.Join(te.scratch, "experiments", safeName(sp.Kind+"-"+Hash(sp)[:12]))
		if err := os.MkdirAll(env.Dir, 0o755); err != nil {
			return nil, fmt.Errorf("experiment %s: scratch directory: %w", sp.Label, err)
		}
	}
	res, err := k.Run(ctx, p, env)
	if err != nil {
		return nil, fmt.Errorf("experiment %s: %w", sp.Label, err)
	}
	if err := res.Check(); err != nil {
		return nil, fmt.Errorf("experiment %s returned a malformed result: %w", sp.Label, err)
	}
	if res.Title == "" {
		res.Title = k.Title
	}
	doc, err := json.Marshal(ExperimentResult{Kind: sp.Kind, Label: sp.Label, Result: *res})
	if err != nil {
		return nil, fmt.Errorf("experiment %s: encode result: %w", sp.Label, err)
	}
	out := &store.Result{Artifacts: []store.Artifact{{Name: ArtExperiment, MIME: "application/json", Data: doc}}}
	names := make([]string, 0, len(res.Metrics))
	for n := range res.Metrics {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		out.Metrics = append(out.Metrics, store.Metric{Name: n, Value: float64(res.Metrics[n])})
	}
	return out, nil
}

// ExperimentResult is the stored document of an experiment task.
type ExperimentResult struct {
	Kind  string `json:"kind"`
	Label string `json:"label"`
	experiment.Result
}

func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			return r
		}
		return '_'
	}, s)
}
