package study

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/parser"

	"github.com/emergo/emergo/data"
	"github.com/emergo/emergo/forecast"
	"github.com/emergo/emergo/system"
)

// Spec is a declarative study: which systems are simulated (or which
// observed series are loaded), which models are trained on them with which
// seeds, which analyses run, and how homogenization is measured. Zero
// fields take the documented defaults (see Default and the commented
// example in examples/study.yaml).
type Spec struct {
	// Name identifies the study in the store and the report.
	Name string `yaml:"name" json:"name"`
	// Description is free text shown in the report.
	Description string `yaml:"description,omitempty" json:"description,omitempty"`
	// Seeds are the model seeds: every model is trained once per seed
	// (default [1]).
	Seeds []uint64 `yaml:"seeds,omitempty" json:"seeds"`
	// DataSeed seeds the stochastic simulators (default 1). The data are
	// the same for every model seed, so that models are compared on the
	// same instances.
	DataSeed uint64 `yaml:"data_seed,omitempty" json:"data_seed"`
	// Sampling is the default sampling of catalogue systems.
	Sampling Sampling `yaml:"sampling,omitempty" json:"sampling"`
	// Split divides every series in time order.
	Split Split `yaml:"split,omitempty" json:"split"`
	// Systems are the complex systems and observed series studied.
	Systems []SystemSpec `yaml:"systems" json:"systems"`
	// Models are the forecasters trained on every system.
	Models []ModelSpec `yaml:"models" json:"models"`
	// Scale, when set, trains extra models over a grid of sizes and
	// training lengths and fits scaling laws and the emergence verdict.
	Scale *ScaleSpec `yaml:"scale,omitempty" json:"scale,omitempty"`
	// Analyses configures step 3.
	Analyses Analyses `yaml:"analyses,omitempty" json:"analyses"`
	// Homogenization configures step 4 (nil: not run).
	Homogenization *HomogenizationSpec `yaml:"homogenization,omitempty" json:"homogenization,omitempty"`
	// Experiments are registered experiments run as tasks of the study:
	// the applications, step 5's dynamic models and the foundation-model
	// studies (see `emergo experiments list`).
	Experiments []ExperimentSpec `yaml:"experiments,omitempty" json:"experiments,omitempty"`
}

// Sampling says how a catalogue system is sampled.
type Sampling struct {
	// Length is the number of rows kept (default 5000).
	Length int `yaml:"length,omitempty" json:"length"`
	// DT is the sampling interval in model time units (default: the
	// catalogue's). Exclusive with PointsPerPeriod.
	DT float64 `yaml:"dt,omitempty" json:"dt,omitempty"`
	// PointsPerPeriod sets dt = period/N from the catalogue's dominant
	// period (dysts' convention).
	PointsPerPeriod float64 `yaml:"points_per_period,omitempty" json:"points_per_period,omitempty"`
	// Transient is the number of rows simulated and discarded first
	// (default 1000).
	Transient int `yaml:"transient,omitempty" json:"transient"`
}

// Split gives the fractions of each series used for training, validation
// (early stopping of neural models; taken from the end of the training
// part) and test, in time order. They must sum to at most 1.
type Split struct {
	Train float64 `yaml:"train,omitempty" json:"train"`
	Val   float64 `yaml:"val,omitempty" json:"val"`
	Test  float64 `yaml:"test,omitempty" json:"test"`
}

// SystemSpec is one system of the catalogue or one observed series.
type SystemSpec struct {
	// Name is a catalogue system ("Lorenz"); exclusive with Data.
	Name string `yaml:"name,omitempty" json:"name,omitempty"`
	// Data is an embedded dataset ("sp500-returns", see `emergo data
	// list`) or the path of a CSV file.
	Data string `yaml:"data,omitempty" json:"data,omitempty"`
	// Label names the system in results (default: Name or Data).
	Label string `yaml:"label,omitempty" json:"label"`
	// Params overrides catalogue parameters.
	Params map[string]float64 `yaml:"params,omitempty" json:"params,omitempty"`
	// Columns selects the columns forecast (default: all).
	Columns []string `yaml:"columns,omitempty" json:"columns,omitempty"`
	// Sampling overrides the study's sampling for this system (fields
	// left zero keep the study's).
	Sampling *Sampling `yaml:"sampling,omitempty" json:"sampling,omitempty"`
	// Tail names a column whose distribution gets a power-law fit
	// (avalanche sizes, returns); "" for none.
	Tail string `yaml:"tail,omitempty" json:"tail,omitempty"`
	// TailAbs fits the absolute values of Tail (for returns).
	TailAbs bool `yaml:"tail_abs,omitempty" json:"tail_abs,omitempty"`
	// TailXmax > 0 bounds the power law above (a doubly truncated fit,
	// Deluca & Corral 2013) for finite systems whose distribution has a
	// size cutoff, such as avalanches on an L×L lattice.
	TailXmax float64 `yaml:"tail_xmax,omitempty" json:"tail_xmax,omitempty"`
}

// ModelSpec is one forecaster of the zoo with its hyperparameters.
type ModelSpec struct {
	// Name is a registered model ("gru"; see `emergo models list`).
	Name string `yaml:"name" json:"name"`
	// Label names the configuration in results (default: Name); two
	// entries of the same model need distinct labels.
	Label string `yaml:"label,omitempty" json:"label"`
	// Hyper overrides hyperparameters.
	Hyper map[string]float64 `yaml:"hyper,omitempty" json:"hyper,omitempty"`
}

// ScaleSpec is a grid of model sizes and training lengths.
type ScaleSpec struct {
	// Models are the labels of the models scaled.
	Models []string `yaml:"models" json:"models"`
	// Systems are the labels of the systems (default: all).
	Systems []string `yaml:"systems,omitempty" json:"systems,omitempty"`
	// Hyper is the size hyperparameter ("hidden", "reservoir", ...).
	Hyper string `yaml:"hyper" json:"hyper"`
	// Sizes are its values.
	Sizes []float64 `yaml:"sizes" json:"sizes"`
	// TrainFractions are fractions of the training part used (default
	// [1]).
	TrainFractions []float64 `yaml:"train_fractions,omitempty" json:"train_fractions,omitempty"`
}

// Analyses configures the emergence analyses of step 3.
type Analyses struct {
	// Forecast configures forecast scoring.
	Forecast ForecastSpec `yaml:"forecast,omitempty" json:"forecast"`
	// Lyapunov computes the spectra of systems with tangent dynamics
	// (nil: not computed; the literature value is then used for valid
	// prediction times).
	Lyapunov *LyapunovSpec `yaml:"lyapunov,omitempty" json:"lyapunov,omitempty"`
	// ModelLyapunov computes the spectra of trained models that can run
	// as dynamical systems (nil: not computed).
	ModelLyapunov *ModelLyapunovSpec `yaml:"model_lyapunov,omitempty" json:"model_lyapunov,omitempty"`
	// PowerLaw configures the fits of systems' Tail columns.
	PowerLaw PowerLawSpec `yaml:"power_law,omitempty" json:"power_law"`
	// Descriptors computes correlation dimension, permutation entropy
	// and the Hurst exponent of every series.
	Descriptors bool `yaml:"descriptors,omitempty" json:"descriptors,omitempty"`
}

// ForecastSpec configures scoring.
type ForecastSpec struct {
	// Origins is the number of test forecasts (default 20).
	Origins int `yaml:"origins,omitempty" json:"origins"`
	// HorizonLyapunovTimes is the rollout length for systems with a
	// known λ1 (default 5).
	HorizonLyapunovTimes float64 `yaml:"horizon_lyapunov_times,omitempty" json:"horizon_lyapunov_times"`
	// Horizon is the rollout length in rows otherwise (default 50).
	Horizon int `yaml:"horizon,omitempty" json:"horizon"`
	// Threshold is the normalised error at which the valid prediction
	// time ends (default 0.5).
	Threshold float64 `yaml:"threshold,omitempty" json:"threshold"`
}

// LyapunovSpec configures system spectra.
type LyapunovSpec struct {
	// Exponents is the number computed (default 3, at most the dimension).
	Exponents int `yaml:"exponents,omitempty" json:"exponents"`
	// Time is the averaging time in model units (default 200).
	Time float64 `yaml:"time,omitempty" json:"time"`
}

// ModelLyapunovSpec configures the spectra of trained models.
type ModelLyapunovSpec struct {
	// Exponents is the number computed (default 3).
	Exponents int `yaml:"exponents,omitempty" json:"exponents"`
	// Steps is the averaging length in sampling steps (default 2000).
	Steps int `yaml:"steps,omitempty" json:"steps"`
	// Models and Systems restrict the spectra to these labels (default:
	// all that support it).
	Models  []string `yaml:"models,omitempty" json:"models,omitempty"`
	Systems []string `yaml:"systems,omitempty" json:"systems,omitempty"`
}

// PowerLawSpec configures power-law fits.
type PowerLawSpec struct {
	// Bootstrap is the number of goodness-of-fit replicates (default 100;
	// negative: none).
	Bootstrap int `yaml:"bootstrap,omitempty" json:"bootstrap"`
}

// HomogenizationSpec configures step 4 on every system: the models'
// representations and errors on shared test instances are compared
// across models and seeds.
type HomogenizationSpec struct {
	// Instances is the number of test instances (forecast origins)
	// (default 200).
	Instances int `yaml:"instances,omitempty" json:"instances"`
	// Horizon is the forecast length in rows scored at each instance
	// (default 10).
	Horizon int `yaml:"horizon,omitempty" json:"horizon"`
	// FailureQuantile defines failure: a model fails an instance when its
	// error exceeds this quantile of all models' errors on the system
	// (default 0.8).
	FailureQuantile float64 `yaml:"failure_quantile,omitempty" json:"failure_quantile"`
	// K is the neighbourhood size of mutual kNN (default 10).
	K int `yaml:"k,omitempty" json:"k"`
}

// ValidationError is a problem in a spec, located in its source.
type ValidationError struct {
	File   string // file name ("" for embedded text)
	Line   int    // 1-based; 0 when unknown
	Column int
	Field  string // "systems[2].name"
	Msg    string
}

func (e *ValidationError) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
	} else {
		b.WriteString("spec")
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", e.Line, e.Column)
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

//go:embed default.yaml
var defaultYAML []byte

// DefaultYAML returns the text of the embedded default study.
func DefaultYAML() []byte { return slices.Clone(defaultYAML) }

// ParseFile reads and validates a spec file.
func ParseFile(path string) (*Spec, []byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("study spec: %w", err)
	}
	s, err := Parse(b, path)
	return s, b, err
}

// Parse decodes and validates a YAML spec; file names the source in
// errors. Unknown fields, wrong types and invalid values are errors with
// their line and field.
func Parse(text []byte, file string) (*Spec, error) {
	var s Spec
	if len(bytes.TrimSpace(text)) == 0 {
		return nil, &ValidationError{File: file, Msg: "the spec is empty"}
	}
	if err := yaml.UnmarshalWithOptions(text, &s, yaml.Strict(), yaml.DisallowUnknownField()); err != nil {
		return nil, yamlError(file, err)
	}
	if err := s.Validate(); err != nil {
		var ve *ValidationError
		if errors.As(err, &ve) {
			ve.File = file
			ve.Line, ve.Column = locate(text, ve.Field)
		}
		return nil, err
	}
	return &s, nil
}

// yamlError turns a decoding error into a ValidationError.
func yamlError(file string, err error) error {
	msg := yaml.FormatError(err, false, false)
	ve := &ValidationError{File: file, Msg: msg}
	// goccy's format is "[line:col] message".
	var l, c int
	if n, _ := fmt.Sscanf(msg, "[%d:%d]", &l, &c); n == 2 {
		ve.Line, ve.Column = l, c
		if i := strings.Index(msg, "]"); i >= 0 {
			ve.Msg = strings.TrimSpace(msg[i+1:])
		}
	}
	ve.Msg = strings.ReplaceAll(ve.Msg, "unknown field", "unknown field")
	return ve
}

// locate finds the line and column of a field path such as
// "systems[2].name" in the YAML text (0, 0 when it cannot).
func locate(text []byte, field string) (int, int) {
	if field == "" {
		return 0, 0
	}
	f, err := parser.ParseBytes(text, 0)
	if err != nil {
		return 0, 0
	}
	// Walk up the path until a node exists (a missing field is reported
	// at its parent).
	for p := field; p != ""; {
		yp, err := yaml.PathString("$." + p)
		if err == nil {
			if n, err := yp.FilterFile(f); err == nil && n != nil {
				if tk := n.GetToken(); tk != nil {
					return tk.Position.Line, tk.Position.Column
				}
			}
		}
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return 0, 0
}

func bad(field, format string, a ...any) error {
	return &ValidationError{Field: field, Msg: fmt.Sprintf(format, a...)}
}

// Validate fills in defaults and checks every field: names resolve in the
// catalogue and the model zoo, parameters and hyperparameters are in
// range, labels are unique, fractions and counts are sane.
func (s *Spec) Validate() error {
	if strings.TrimSpace(s.Name) == "" {
		return bad("name", "the study needs a name")
	}
	if len(s.Seeds) == 0 {
		s.Seeds = []uint64{1}
	}
	if dup := firstDup(s.Seeds); dup >= 0 {
		return bad(fmt.Sprintf("seeds[%d]", dup), "seed %d is listed twice", s.Seeds[dup])
	}
	if s.DataSeed == 0 {
		s.DataSeed = 1
	}
	if err := s.Sampling.fill("sampling", true); err != nil {
		return err
	}
	if s.Split == (Split{}) {
		s.Split = Split{Train: 0.7, Val: 0.1, Test: 0.2}
	}
	sp := s.Split
	for _, f := range []struct {
		n string
		v float64
	}{{"train", sp.Train}, {"val", sp.Val}, {"test", sp.Test}} {
		if !(f.v >= 0 && f.v <= 1) {
			return bad("split."+f.n, "fraction %v is not in [0, 1]", f.v)
		}
	}
	if sp.Train <= 0 || sp.Test <= 0 {
		return bad("split", "train and test fractions must be positive")
	}
	if sp.Val >= sp.Train {
		return bad("split.val", "the validation fraction %v must be smaller than the training fraction %v (validation rows come from the training part)", sp.Val, sp.Train)
	}
	if sp.Train+sp.Test > 1+1e-9 {
		return bad("split", "train %v + test %v exceed 1", sp.Train, sp.Test)
	}
	if err := s.validateExperiments(); err != nil {
		return err
	}
	if len(s.Systems) == 0 && len(s.Experiments) == 0 {
		return bad("systems", "the study needs at least one system or experiment")
	}
	labels := map[string]int{}
	for i := range s.Systems {
		if err := s.Systems[i].validate(fmt.Sprintf("systems[%d]", i), &s.Sampling); err != nil {
			return err
		}
		l := strings.ToLower(s.Systems[i].Label)
		if j, ok := labels[l]; ok {
			return bad(fmt.Sprintf("systems[%d]", i), "label %q is already used by systems[%d]; give one of them another label", s.Systems[i].Label, j)
		}
		labels[l] = i
	}
	if len(s.Models) == 0 && len(s.Systems) > 0 {
		return bad("models", "the study needs at least one model to train on its systems")
	}
	mlabels := map[string]int{}
	for i := range s.Models {
		m := &s.Models[i]
		f := fmt.Sprintf("models[%d]", i)
		if m.Name == "" {
			return bad(f+".name", "a model needs a name (see `emergo models list`)")
		}
		if _, err := forecast.New(m.Name, forecast.Spec{Hyper: m.Hyper}); err != nil {
			fld := f + ".name"
			if _, lerr := forecast.Lookup(m.Name); lerr == nil {
				fld = f + ".hyper"
			}
			return bad(fld, "%v", err)
		}
		e, _ := forecast.Lookup(m.Name)
		m.Name = e.Info.Name
		if m.Label == "" {
			m.Label = m.Name
		}
		l := strings.ToLower(m.Label)
		if j, ok := mlabels[l]; ok {
			return bad(f, "label %q is already used by models[%d]; give one of them another label", m.Label, j)
		}
		mlabels[l] = i
	}
	if err := s.Analyses.fill(s, labels, mlabels); err != nil {
		return err
	}
	if h := s.Homogenization; h != nil {
		if h.Instances == 0 {
			h.Instances = 200
		}
		if h.Horizon == 0 {
			h.Horizon = 10
		}
		if h.FailureQuantile == 0 {
			h.FailureQuantile = 0.8
		}
		if h.K == 0 {
			h.K = 10
		}
		if h.Instances < 10 {
			return bad("homogenization.instances", "at least 10 instances are needed, got %d", h.Instances)
		}
		if h.Horizon < 1 {
			return bad("homogenization.horizon", "the horizon must be at least 1 row, got %d", h.Horizon)
		}
		if !(h.FailureQuantile > 0 && h.FailureQuantile < 1) {
			return bad("homogenization.failure_quantile", "%v is not in (0, 1)", h.FailureQuantile)
		}
		if h.K < 1 || h.K >= h.Instances {
			return bad("homogenization.k", "k = %d must be in [1, instances)", h.K)
		}
	}
	if sc := s.Scale; sc != nil {
		if len(sc.Models) == 0 {
			return bad("scale.models", "list the labels of the models to scale")
		}
		for i, m := range sc.Models {
			j, ok := mlabels[strings.ToLower(m)]
			if !ok {
				return bad(fmt.Sprintf("scale.models[%d]", i), "no model is labelled %q", m)
			}
			e, _ := forecast.Lookup(s.Models[j].Name)
			if !slices.ContainsFunc(e.Info.Hyper, func(p system.Param) bool { return strings.EqualFold(p.Name, sc.Hyper) }) {
				return bad("scale.hyper", "model %s has no hyperparameter %q", e.Info.Name, sc.Hyper)
			}
			for k, v := range sc.Sizes {
				h := maps2(s.Models[j].Hyper)
				h[sc.Hyper] = v
				if _, err := forecast.New(e.Info.Name, forecast.Spec{Hyper: h}); err != nil {
					return bad(fmt.Sprintf("scale.sizes[%d]", k), "%v", err)
				}
			}
		}
		for i, l := range sc.Systems {
			if _, ok := labels[strings.ToLower(l)]; !ok {
				return bad(fmt.Sprintf("scale.systems[%d]", i), "no system is labelled %q", l)
			}
		}
		if len(sc.Sizes) < 3 {
			return bad("scale.sizes", "a scaling fit needs at least 3 sizes, got %d", len(sc.Sizes))
		}
		if len(sc.TrainFractions) == 0 {
			sc.TrainFractions = []float64{1}
		}
		for i, f := range sc.TrainFractions {
			if !(f > 0 && f <= 1) {
				return bad(fmt.Sprintf("scale.train_fractions[%d]", i), "%v is not in (0, 1]", f)
			}
		}
	}
	return nil
}

func maps2(m map[string]float64) map[string]float64 {
	out := make(map[string]float64, len(m)+1)
	for k, v := range m {
		out[k] = v
	}
	return out
}

func firstDup[T comparable](x []T) int {
	seen := map[T]bool{}
	for i, v := range x {
		if seen[v] {
			return i
		}
		seen[v] = true
	}
	return -1
}

// fill applies defaults (top level) and checks a sampling block.
func (s *Sampling) fill(field string, top bool) error {
	if top && s.Length == 0 {
		s.Length = 5000
	}
	if top && s.Transient == 0 {
		s.Transient = 1000
	}
	if s.Length < 0 || (top && s.Length < 100) {
		return bad(field+".length", "length %d is too short (at least 100 rows)", s.Length)
	}
	if s.Length > 2_000_000 {
		return bad(field+".length", "length %d is too long (at most 2000000 rows)", s.Length)
	}
	if s.Transient < 0 {
		return bad(field+".transient", "transient %d is negative", s.Transient)
	}
	if s.DT < 0 || math.IsNaN(s.DT) || math.IsInf(s.DT, 0) {
		return bad(field+".dt", "dt %v must be positive", s.DT)
	}
	if s.PointsPerPeriod < 0 || math.IsNaN(s.PointsPerPeriod) {
		return bad(field+".points_per_period", "%v must be positive", s.PointsPerPeriod)
	}
	if s.DT > 0 && s.PointsPerPeriod > 0 {
		return bad(field, "dt and points_per_period are mutually exclusive")
	}
	return nil
}

// merged returns the study's sampling overridden by the system's.
func (sy *SystemSpec) merged(def *Sampling) Sampling {
	out := *def
	if o := sy.Sampling; o != nil {
		if o.Length > 0 {
			out.Length = o.Length
		}
		if o.Transient > 0 {
			out.Transient = o.Transient
		}
		if o.DT > 0 {
			out.DT, out.PointsPerPeriod = o.DT, 0
		}
		if o.PointsPerPeriod > 0 {
			out.PointsPerPeriod, out.DT = o.PointsPerPeriod, 0
		}
	}
	return out
}

func (sy *SystemSpec) validate(f string, def *Sampling) error {
	switch {
	case sy.Name == "" && sy.Data == "":
		return bad(f, "give a catalogue system (name) or observed data (data)")
	case sy.Name != "" && sy.Data != "":
		return bad(f, "name and data are mutually exclusive")
	}
	if sy.Sampling != nil {
		if err := sy.Sampling.fill(f+".sampling", false); err != nil {
			return err
		}
	}
	var columns []string
	if sy.Name != "" {
		e, err := system.Lookup(sy.Name)
		if err != nil {
			return bad(f+".name", "%v", err)
		}
		sy.Name = e.Info.Name
		if _, err := e.Resolve(system.Params(sy.Params)); err != nil {
			return bad(f+".params", "%v", err)
		}
		sm := sy.merged(def)
		if sm.PointsPerPeriod > 0 && !(e.Info.Period > 0) {
			return bad(f+".sampling.points_per_period", "%s has no dominant period in the catalogue; give dt instead", e.Info.Name)
		}
		columns = e.Info.Observables
		if sy.Label == "" {
			sy.Label = e.Info.Name
		}
	} else {
		if len(sy.Params) > 0 {
			return bad(f+".params", "observed data have no parameters")
		}
		if sy.Sampling != nil {
			return bad(f+".sampling", "observed data are not sampled; drop sampling")
		}
		s, err := loadObserved(sy.Data)
		if err != nil {
			return bad(f+".data", "%v", err)
		}
		columns = s.Names
		if sy.Label == "" {
			sy.Label = sy.Data
		}
	}
	for i, c := range sy.Columns {
		if columns != nil && !slices.Contains(columns, c) {
			return bad(fmt.Sprintf("%s.columns[%d]", f, i), "no column %q (columns: %s)", c, strings.Join(columns, ", "))
		}
	}
	if sy.TailXmax < 0 || (sy.TailXmax > 0 && sy.Tail == "") {
		return bad(f+".tail_xmax", "tail_xmax must be positive and needs tail")
	}
	if sy.Tail != "" && columns != nil && !slices.Contains(columns, sy.Tail) {
		return bad(f+".tail", "no column %q (columns: %s)", sy.Tail, strings.Join(columns, ", "))
	}
	return nil
}

// isEmbedded reports whether name is an embedded dataset.
func isEmbedded(name string) bool {
	for _, in := range data.List() {
		if strings.EqualFold(in.Name, name) {
			return true
		}
	}
	return false
}

func (a *Analyses) fill(s *Spec, systems, models map[string]int) error {
	f := &a.Forecast
	if f.Origins == 0 {
		f.Origins = 20
	}
	if f.HorizonLyapunovTimes == 0 {
		f.HorizonLyapunovTimes = 5
	}
	if f.Horizon == 0 {
		f.Horizon = 50
	}
	if f.Threshold == 0 {
		f.Threshold = 0.5
	}
	if f.Origins < 1 || f.Horizon < 1 || !(f.HorizonLyapunovTimes > 0) || !(f.Threshold > 0) {
		return bad("analyses.forecast", "origins, horizon, horizon_lyapunov_times and threshold must be positive")
	}
	if l := a.Lyapunov; l != nil {
		if l.Exponents == 0 {
			l.Exponents = 3
		}
		if l.Time == 0 {
			l.Time = 200
		}
		if l.Exponents < 1 || !(l.Time > 0) {
			return bad("analyses.lyapunov", "exponents and time must be positive")
		}
	}
	if m := a.ModelLyapunov; m != nil {
		if m.Exponents == 0 {
			m.Exponents = 3
		}
		if m.Steps == 0 {
			m.Steps = 2000
		}
		if m.Exponents < 1 || m.Steps < 10 {
			return bad("analyses.model_lyapunov", "exponents must be positive and steps at least 10")
		}
		for i, l := range m.Models {
			if _, ok := models[strings.ToLower(l)]; !ok {
				return bad(fmt.Sprintf("analyses.model_lyapunov.models[%d]", i), "no model is labelled %q", l)
			}
		}
		for i, l := range m.Systems {
			if _, ok := systems[strings.ToLower(l)]; !ok {
				return bad(fmt.Sprintf("analyses.model_lyapunov.systems[%d]", i), "no system is labelled %q", l)
			}
		}
	}
	if a.PowerLaw.Bootstrap == 0 {
		a.PowerLaw.Bootstrap = 100
	}
	return nil
}

// Hash returns the hex SHA-256 of v's canonical JSON (encoding/json sorts
// map keys), the identity of specs and tasks.
func Hash(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic("study: hash: " + err.Error())
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// ID is the study's identity: the hash of its validated spec.
func (s *Spec) ID() string { return Hash(s) }

// systemByLabel returns the system with a label.
func (s *Spec) systemByLabel(l string) *SystemSpec {
	for i := range s.Systems {
		if strings.EqualFold(s.Systems[i].Label, l) {
			return &s.Systems[i]
		}
	}
	return nil
}

// selected reports whether label is in list (empty list: all).
func selected(list []string, label string) bool {
	return len(list) == 0 || slices.ContainsFunc(list, func(s string) bool { return strings.EqualFold(s, label) })
}
