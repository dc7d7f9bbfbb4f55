package foundation

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"sync"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/emergo/emergo/data"
	"github.com/emergo/emergo/forecast"
	"github.com/emergo/emergo/homogenization"
)

// Defect kinds planted in the pretraining corpus of the shared model.
const (
	// DefectNone plants nothing (no inheritance test).
	DefectNone = "none"
	// DefectRemove drops the family's systems from the corpus.
	DefectRemove = "remove"
	// DefectReverse reverses every series of the family in time.
	DefectReverse = "reverse"
	// DefectFlip flips the sign of every series of the family.
	DefectFlip = "flip"
)

// Arms of the homogenization study: adapted from one shared pretrained
// model, trained from scratch, adapted from several pretrained models.
const (
	ArmShared  = "shared"
	ArmScratch = "scratch"
	ArmMulti   = "multi"
	// ArmNull is the control of the inheritance test: a clean pretrained
	// model of another seed, adapted like the shared one.
	ArmNull = "null"
)

// Homogenization defaults.
const (
	DefaultHomogTasks        = 4
	DefaultHomogProbeSystems = 4
	DefaultHomogTaskRows     = 1536
	DefaultHomogTrainShare   = 0.5
	DefaultHomogFoundations  = 3
	DefaultHomogSubset       = 0.8
	DefaultHomogProbes       = 48
	DefaultHomogFailQuantile = 0.75
	DefaultHomogKNN          = 10
	DefaultHomogPermutations = 200
	DefaultDefectPrefix      = "Sprott"
	DefaultDefectMargin      = 0.15
	DefaultDefectProbes      = 512
	// scratchStepFactor: the scratch arm trains this many times the
	// adaptation steps by default (it starts from random weights).
	scratchStepFactor = 4
	// probeRows is the length of each probe system's trajectory.
	probeRows = 1024
)

// Defect is a defect planted in the pretraining corpus of the shared
// model: a family of systems removed, time-reversed or sign-flipped.
type Defect struct {
	// Kind is DefectRemove (default), DefectReverse, DefectFlip or
	// DefectNone.
	Kind string
	// Systems names the family; when empty, the pretraining systems
	// whose names start with Prefix (default DefaultDefectPrefix).
	Systems []string
	Prefix  string
	// Margin is the excess log error above which a downstream model
	// carries the defect (default DefaultDefectMargin: exp(0.15) ≈ 16%
	// more squared error on the family, relative to the controls). The
	// default is about twice the seed-to-seed spread of the statistic
	// measured between clean "tiny" models in a pilot (|excess| ≤ 0.105
	// over 6 pairs); the null arm reports the false positives of each
	// run.
	Margin float64
	// Probes is the number of defect probes (windows of the family's
	// validation trajectories, forward in time) and of control probes
	// (the other pretraining systems'); default DefaultDefectProbes.
	Probes int
}

// HomogConfig configures a homogenization study. Zero fields take the
// defaults named.
type HomogConfig struct {
	// Corpus is the pretraining corpus; when it sets no held-out
	// systems, HoldOut becomes Tasks + ProbeSystems. The first Tasks
	// held-out systems are the downstream tasks, the others only give
	// probes.
	Corpus CorpusConfig
	// Model is the architecture of every model.
	Model Config
	// Pretrain configures every pretraining run (its Seed is replaced).
	Pretrain PretrainConfig
	// Tasks (default 4) and ProbeSystems (default 4) count held-out
	// systems.
	Tasks, ProbeSystems int
	// Real names shipped data sets (package data) added as downstream
	// tasks (every column is a channel).
	Real []string
	// TaskRows is the length of each simulated task (default 1536) and
	// TrainShare the share of every task's rows used for adaptation
	// (default 0.5); the rest gives the task's own test probes.
	TaskRows   int
	TrainShare float64
	// Modes are the adaptation modes of the pretrained arms (default
	// ModeFull and ModeHead).
	Modes []string
	// Adapt configures adaptation (Mode, Seed and Target are set per
	// model).
	Adapt Adaptation
	// ScratchSteps and ScratchLR configure the scratch arm (full
	// training from random weights; defaults 4 × the adaptation steps
	// and the pretraining learning rate).
	ScratchSteps int
	ScratchLR    float64
	// Foundations is the number of pretrained models of the multi arm
	// (default 3): the shared model and Foundations−1 others with their
	// own seeds, each pretrained on a random share SubsetFraction
	// (default 0.8) of the pretraining systems. Task k is adapted from
	// model k mod Foundations.
	Foundations    int
	SubsetFraction float64
	// ProbesPerSource is the number of common probes drawn from each
	// held-out system and real task (default 48).
	ProbesPerSource int
	// FailQuantile sets failures: a model fails the probes on which its
	// log error exceeds its own FailQuantile quantile (default 0.75:
	// every model fails a quarter of the probes).
	FailQuantile float64
	// KNN is the k of mutual k-NN (default 10); Permutations the
	// independence resamples of SystemicFailure (default 200).
	KNN          int
	Permutations int
	Defect       Defect
	Seed         uint64
	// Workers run pretraining and adaptations in parallel (0: 2);
	// results do not depend on it.
	Workers int
}

// Probe is one univariate forecasting instance: Context values followed
// by the Horizon values to forecast, in physical units.
type Probe struct {
	// Source names the series the probe was cut from and Group numbers
	// it (the groups of outcome homogenization).
	Source string
	Group  int
	// X holds the Context + Horizon values.
	X []float64
}

// HomogModel is one downstream model.
type HomogModel struct {
	Arm  string
	Mode string
	Task string
	// Base is the pretrained model it was adapted from (0 the shared
	// one; −1 for the scratch arm).
	Base int
	// TaskLogErr is its mean log normalised squared error on its own
	// task's test probes.
	TaskLogErr float64
	model      *Model
}

// Label names the model in tables and heatmaps.
func (m *HomogModel) Label() string {
	return m.Arm + ":" + m.Task
}

// HomogArm holds the homogenization measures of one arm's K downstream
// models on the common probes.
type HomogArm struct {
	// Name is ArmScratch or an arm and mode ("shared/full").
	Name string
	// Models are the arm's downstream models, one per task.
	Models []HomogModel
	// CKA (linear), KNN (mutual k-NN, cosine) and ErrCorr (Pearson
	// correlation of the log errors) are K×K matrices; Mean* their
	// off-diagonal means.
	CKA, KNN, ErrCorr             [][]float64
	MeanCKA, MeanKNN, MeanErrCorr float64
	// Systemic and Outcome use failures relative to each model's error
	// quantile over all probes; SystemicWithin uses the quantile within
	// each probe source, so that sources that are hard for every model
	// do not count as shared failures; GroupOutcome is H with the probe
	// sources as groups.
	Systemic, SystemicWithin        homogenization.Systemic
	Outcome, GroupOutcome           homogenization.Outcome
	MeanTaskLogErr, MeanProbeLogErr float64
	// Err records a measure that could not be computed.
	Err string
}

// InheritanceArm counts the downstream models of an arm that carry the
// planted defect.
type InheritanceArm struct {
	// Name is an arm and mode ("shared/head", "null/full").
	Name string
	// Excess[k] = (defect-probe log error − reference's) − (control-probe
	// log error − reference's), the reference being the clean shared
	// model adapted to the same task in the same mode (full for the
	// scratch arm).
	Excess []float64
	// Mean is the mean excess over the tasks.
	Mean     float64
	Carriers int
	Of       int
	// VsNull is the mean over tasks of the excess minus the null arm's
	// (same mode, same task), VsNullT its paired t statistic and VsNullP
	// the one-sided p-value (Student t, K−1 degrees of freedom); NaN for
	// the null arm itself.
	VsNull, VsNullT, VsNullP float64
}

// HomogResult is a finished homogenization study.
type HomogResult struct {
	// Config is the configuration with defaults filled in.
	Config HomogConfig
	// Tasks names the downstream tasks, ProbeSources the sources of the
	// common probes (group g of a probe is ProbeSources[g]) and Probes
	// counts them.
	Tasks        []string
	ProbeSources []string
	Probes       int
	// Family are the defect's systems in the corpus.
	Family []string
	Arms   []HomogArm
	// Labels and CKA cover every model of every arm (clean ecosystem).
	Labels []string
	CKA    [][]float64
	// BaseExcess is the planted defect measured on the pretrained models
	// themselves (zero-shot, defective vs clean shared model), and
	// NullExcess the same statistic for a clean model of another seed.
	BaseExcess, NullExcess float64
	// Inheritance holds, per mode, the shared arm (every task adapted
	// from the defective model), the multi arm (model 0 defective) and
	// the null arm (a clean model of another seed: false positives).
	Inheritance []InheritanceArm
}

// defaults fills zero fields.
func (h HomogConfig) defaults() HomogConfig {
	if h.Tasks == 0 {
		h.Tasks = DefaultHomogTasks
	}
	if h.ProbeSystems == 0 {
		h.ProbeSystems = DefaultHomogProbeSystems
	}
	if h.Corpus.HoldOut == 0 && len(h.Corpus.HeldOut) == 0 {
		h.Corpus.HoldOut = h.Tasks + max(h.ProbeSystems, 0)
	}
	if h.TaskRows == 0 {
		h.TaskRows = DefaultHomogTaskRows
	}
	if h.TrainShare == 0 {
		h.TrainShare = DefaultHomogTrainShare
	}
	if h.Modes == nil {
		h.Modes = []string{ModeFull, ModeHead}
	}
	if h.ScratchSteps == 0 {
		h.ScratchSteps = scratchStepFactor * h.Adapt.Defaults().Steps
	}
	h.Pretrain = h.Pretrain.Defaults()
	if h.ScratchLR == 0 {
		h.ScratchLR = h.Pretrain.LR
	}
	if h.Foundations == 0 {
		h.Foundations = DefaultHomogFoundations
	}
	if h.SubsetFraction == 0 {
		h.SubsetFraction = DefaultHomogSubset
	}
	if h.ProbesPerSource == 0 {
		h.ProbesPerSource = DefaultHomogProbes
	}
	if h.FailQuantile == 0 {
		h.FailQuantile = DefaultHomogFailQuantile
	}
	if h.KNN == 0 {
		h.KNN = DefaultHomogKNN
	}
	if h.Permutations == 0 {
		h.Permutations = DefaultHomogPermutations
	}
	if h.Defect.Kind == "" {
		h.Defect.Kind = DefectRemove
	}
	if h.Defect.Prefix == "" && len(h.Defect.Systems) == 0 {
		h.Defect.Prefix = DefaultDefectPrefix
	}
	if h.Defect.Margin == 0 {
		h.Defect.Margin = DefaultDefectMargin
	}
	if h.Defect.Probes == 0 {
		h.Defect.Probes = DefaultDefectProbes
	}
	if h.Workers <= 0 {
		h.Workers = 2
	}
	h.Model = h.Model.Defaults()
	return h
}

func (h *HomogConfig) validate() error {
	switch {
	case h.Tasks < 2:
		return fmt.Errorf("foundation: homogenization tasks %d: need at least 2 downstream tasks", h.Tasks)
	case h.ProbeSystems < 0:
		return fmt.Errorf("foundation: homogenization probe_systems %d is negative", h.ProbeSystems)
	case !(h.TrainShare > 0 && h.TrainShare < 1):
		return fmt.Errorf("foundation: homogenization train_share %v must be in (0, 1)", h.TrainShare)
	case len(h.Modes) == 0:
		return errors.New("foundation: homogenization needs at least one adaptation mode")
	case h.ScratchSteps < 1:
		return fmt.Errorf("foundation: homogenization scratch_steps %d must be positive", h.ScratchSteps)
	case !(h.ScratchLR > 0):
		return fmt.Errorf("foundation: homogenization scratch_lr %v must be positive", h.ScratchLR)
	case h.Foundations < 2:
		return fmt.Errorf("foundation: homogenization foundations %d: the multi arm needs at least 2 pretrained models", h.Foundations)
	case !(h.SubsetFraction > 0 && h.SubsetFraction <= 1):
		return fmt.Errorf("foundation: homogenization subset_fraction %v must be in (0, 1]", h.SubsetFraction)
	case h.ProbesPerSource < 2:
		return fmt.Errorf("foundation: homogenization probes %d per source: need at least 2", h.ProbesPerSource)
	case !(h.FailQuantile > 0 && h.FailQuantile < 1):
		return fmt.Errorf("foundation: homogenization fail_quantile %v must be in (0, 1)", h.FailQuantile)
	case h.KNN < 1:
		return fmt.Errorf("foundation: homogenization knn %d must be at least 1", h.KNN)
	case h.Permutations < 0:
		return fmt.Errorf("foundation: homogenization permutations %d is negative", h.Permutations)
	case !slices.Contains([]string{DefectNone, DefectRemove, DefectReverse, DefectFlip}, h.Defect.Kind):
		return fmt.Errorf("foundation: homogenization defect %q: want %s, %s, %s or %s", h.Defect.Kind, DefectRemove, DefectReverse, DefectFlip, DefectNone)
	case !(h.Defect.Margin > 0):
		return fmt.Errorf("foundation: homogenization defect margin %v must be positive", h.Defect.Margin)
	case h.Defect.Probes < 2:
		return fmt.Errorf("foundation: homogenization defect probes %d: need at least 2", h.Defect.Probes)
	}
	for _, m := range h.Modes {
		if m != ModeFull && m != ModeHead {
			return fmt.Errorf("foundation: homogenization mode %q: want %q or %q", m, ModeFull, ModeHead)
		}
	}
	for _, m := range h.Modes {
		a := h.Adapt
		a.Mode = m
		a = a.Defaults()
		if err := a.validate(); err != nil {
			return err
		}
	}
	return h.Model.Validate()
}

// plantDefect returns a copy of cp with the family's training series
// removed, time-reversed or sign-flipped (validation series of the
// family are dropped, so pretraining never validates on it).
func plantDefect(cp *Corpus, family []string, kind string) *Corpus {
	in := map[string]bool{}
	for _, f := range family {
		in[f] = true
	}
	if kind == DefectRemove {
		out := cp.subset(func(_ int, name string) bool { return !in[name] })
		out.Config.Exclude = append(slices.Clone(out.Config.Exclude), family...)
		return out
	}
	out := cp.subset(func(int, string) bool { return true })
	out.Train = slices.Clone(out.Train)
	for i, s := range out.Train {
		if !in[s.System] {
			continue
		}
		x := slices.Clone(s.X)
		if kind == DefectReverse {
			slices.Reverse(x)
		} else {
			for k := range x {
				x[k] = -x[k]
			}
		}
		out.Train[i].X = x
	}
	var val []Series
	for _, s := range out.Val {
		if !in[s.System] {
			val = append(val, s)
		}
	}
	out.Val = val
	return out
}

// familyOf returns the pretraining systems of a defect's family.
func familyOf(cp *Corpus, d *Defect) []string {
	var out []string
	for _, s := range cp.Systems {
		match := false
		if len(d.Systems) > 0 {
			for _, n := range d.Systems {
				match = match || strings.EqualFold(n, s.Name)
			}
		} else {
			match = strings.HasPrefix(s.Name, d.Prefix)
		}
		if match {
			out = append(out, s.Name)
		}
	}
	return out
}

// drawProbes draws n probes of span values from the series (each a
// univariate float64 slice): a series uniformly, then a start uniformly.
func drawProbes(series [][]float64, names []string, group, n, span int, rng *rand.Rand) []Probe {
	var ok []int
	for i, s := range series {
		if len(s) >= span {
			ok = append(ok, i)
		}
	}
	if len(ok) == 0 {
		return nil
	}
	out := make([]Probe, n)
	for k := range out {
		i := ok[rng.IntN(len(ok))]
		st := rng.IntN(len(series[i]) - span + 1)
		out[k] = Probe{Source: names[i], Group: group, X: slices.Clone(series[i][st : st+span])}
	}
	return out
}

// columns splits rows [from, to) of a block into univariate series.
func columns(b *forecast.Block, from, to int) [][]float64 {
	out := make([][]float64, b.Dim)
	for j := range out {
		out[j] = make([]float64, to-from)
		for i := from; i < to; i++ {
			out[j][i-from] = b.X[i*b.Dim+j]
		}
	}
	return out
}

// ProbeErrors runs m on probes and returns, per probe, the log of the
// mean squared error of the first Horizon forecast values in units of
// the context's scale (the model's instance normalisation), and the
// model's representation of each probe context (the patch-averaged
// encoder output, d_model columns). Every probe must hold Context +
// Horizon values.
func ProbeErrors(m *Model, probes []Probe) ([]float64, *mat.Dense, error) {
	C, H, D := m.cfg.Context, m.cfg.Horizon, m.cfg.DModel
	if len(probes) == 0 {
		return nil, nil, errors.New("foundation: no probes")
	}
	for i, p := range probes {
		if len(p.X) != C+H {
			return nil, nil, fmt.Errorf("foundation: probe %d (%s) has %d values, the model needs context+horizon = %d", i, p.Source, len(p.X), C+H)
		}
	}
	f := m.compiled()
	const chunk = 128
	w := f.newWork(chunk)
	xb, ob, rb := make([]float64, chunk*C), make([]float64, chunk*H), make([]float64, chunk*D)
	mu, sd := make([]float64, chunk), make([]float64, chunk)
	logErr := make([]float64, len(probes))
	reps := make([]float64, len(probes)*D)
	for lo := 0; lo < len(probes); lo += chunk {
		b := min(chunk, len(probes)-lo)
		for k := 0; k < b; k++ {
			x := probes[lo+k].X
			mu[k], sd[k] = windowStats(x[:C])
			for i := 0; i < C; i++ {
				xb[k*C+i] = (x[i] - mu[k]) / sd[k]
			}
		}
		f.run(ob, rb, xb, b, w)
		for k := 0; k < b; k++ {
			x := probes[lo+k].X
			var e float64
			for j := 0; j < H; j++ {
				d := ob[k*H+j] - (x[C+j]-mu[k])/sd[k]
				e += d * d
			}
			// The floor keeps a perfect forecast finite.
			logErr[lo+k] = math.Log(e/float64(H) + 1e-12)
			if math.IsNaN(logErr[lo+k]) {
				logErr[lo+k] = math.Inf(1)
			}
			copy(reps[(lo+k)*D:(lo+k+1)*D], rb[k*D:(k+1)*D])
		}
	}
	for i, v := range logErr {
		if math.IsInf(v, 0) {
			return nil, nil, fmt.Errorf("foundation: the forecast of probe %d (%s) is not finite", i, probes[i].Source)
		}
	}
	return logErr, mat.NewDense(len(probes), D, reps), nil
}

// RunHomogenization runs a homogenization study. K downstream tasks (the
// first Tasks held-out systems and the Real data sets) are each given a
// model by three arms:
//
//   - shared: one pretrained model adapted to every task (once per mode
//     of Modes: full fine-tuning or head-only);
//   - scratch: the same architecture trained on each task from its own
//     random weights;
//   - multi: Foundations pretrained models differing in seed and corpus
//     subset, task k adapted from model k mod Foundations (model 0 is the
//     shared one).
//
// Every downstream model forecasts the same common probes (windows of
// fresh trajectories of every held-out system and of the real tasks'
// test parts): per arm, linear CKA and mutual k-NN of the
// representations, the correlation of the log errors, systemic failure
// against the independence baseline (Toups et al. 2023) and outcome
// homogenization H (Bommasani et al. 2022) of the failures (each model
// failing its worst 1 − FailQuantile of the probes), per probe and per
// probe source.
//
// Inheritance: the shared model is pretrained a second time, with the
// same seed, on a corpus with the Defect planted, and adapted the same
// way; so is the multi arm with its model 0 replaced by the defective
// one. A downstream model carries the defect when its log error on the
// family's probes, relative to the clean shared model adapted to the same
// task, exceeds its relative log error on control probes by more than
// Defect.Margin. A clean model of another seed, adapted the same way (the
// null arm), gives the false positives of the test. progress (may be
// nil) counts pretraining runs and adaptations.
//
// References:
//
//	Bommasani, R. et al. (2021). On the opportunities and risks of
//	  foundation models. arXiv:2108.07258 (homogenization, inherited
//	  defects).
//	Bommasani, R., Creel, K. A., Kumar, A., Jurafsky, D. & Liang, P.
//	  (2022). Picking on the same person: does algorithmic monoculture
//	  lead to outcome homogenization? NeurIPS 35.
//	Toups, C. et al. (2023). Ecosystem-level analysis of deployed machine
//	  learning reveals homogeneous outcomes. NeurIPS 36.
//	Kornblith, S., Norouzi, M., Lee, H. & Hinton, G. (2019). Similarity
//	  of neural network representations revisited. ICML.
//	Huh, M., Cheung, B., Wang, T. & Isola, P. (2024). The Platonic
//	  representation hypothesis. ICML.
func RunHomogenization(ctx context.Context, h HomogConfig, progress Progress) (*HomogResult, error) {
	h = h.defaults()
	if err := h.validate(); err != nil {
		return nil, err
	}
	if progress == nil {
		progress = func(int, int) {}
	}
	cp, err := BuildCorpus(ctx, h.Corpus, &BuildOptions{Workers: h.Workers})
	if err != nil {
		return nil, err
	}
	if len(cp.HeldOut) < h.Tasks {
		return nil, fmt.Errorf("foundation: homogenization: %d tasks but only %d held-out systems", h.Tasks, len(cp.HeldOut))
	}
	res := &HomogResult{Config: h}
	defect := h.Defect.Kind != DefectNone
	if defect {
		res.Family = familyOf(cp, &h.Defect)
		switch {
		case len(res.Family) == 0:
			return nil, fmt.Errorf("foundation: homogenization defect: no pretraining system matches (prefix %q, systems %v)", h.Defect.Prefix, h.Defect.Systems)
		case len(res.Family) == len(cp.Systems):
			return nil, fmt.Errorf("foundation: homogenization defect: the family (%d systems) is the whole corpus", len(res.Family))
		}
	}
	C, H := h.Model.Context, h.Model.Horizon
	span := C + H
	// Tasks.
	var targets []*Target
	for i, name := range cp.HeldOut[:h.Tasks] {
		tg, err := SystemTarget(ctx, name, cp.Config.PointsPerPeriod, h.TaskRows, cp.Config.TransientPeriods, derive(h.Seed, seedTarget, i))
		if err != nil {
			return nil, fmt.Errorf("foundation: homogenization task %s: %w", name, err)
		}
		targets = append(targets, tg)
	}
	for _, name := range h.Real {
		s, err := data.Load(name)
		if err != nil {
			return nil, fmt.Errorf("foundation: homogenization real task: %w", err)
		}
		targets = append(targets, &Target{Name: name, X: forecast.NewBlock(s.X, s.Dim())})
	}
	K := len(targets)
	trainRows := make([]int, K)
	for k, tg := range targets {
		trainRows[k] = int(h.TrainShare * float64(tg.X.Rows))
		if trainRows[k] < span || tg.X.Rows-trainRows[k] < span {
			return nil, fmt.Errorf("foundation: homogenization task %s: %d rows do not leave context+horizon = %d rows for both adaptation and test", tg.Name, tg.X.Rows, span)
		}
		res.Tasks = append(res.Tasks, tg.Name)
	}
	// Probes: common ones (fresh trajectories of every held-out system,
	// the real tasks' test parts), each task's own test probes, and the
	// defect's family and control probes.
	var common []Probe
	for i, name := range cp.HeldOut {
		tg, err := SystemTarget(ctx, name, cp.Config.PointsPerPeriod, max(probeRows, 2*span), cp.Config.TransientPeriods, derive(h.Seed, seedProbe, i))
		if err != nil {
			return nil, fmt.Errorf("foundation: homogenization probes of %s: %w", name, err)
		}
		cols := columns(tg.X, 0, tg.X.Rows)
		names := slices.Repeat([]string{name}, len(cols))
		rng := rand.New(rand.NewPCG(derive(h.Seed, seedProbe, i), streamWindows))
		common = append(common, drawProbes(cols, names, len(res.ProbeSources), h.ProbesPerSource, span, rng)...)
		res.ProbeSources = append(res.ProbeSources, name)
	}
	own := make([][]Probe, K)
	for k, tg := range targets {
		cols := columns(tg.X, trainRows[k], tg.X.Rows)
		names := slices.Repeat([]string{tg.Name}, len(cols))
		rng := rand.New(rand.NewPCG(derive(h.Seed, seedProbe, 1000+k), streamWindows))
		own[k] = drawProbes(cols, names, 0, h.ProbesPerSource, span, rng)
		if k >= h.Tasks { // a real task joins the common probes
			g := len(res.ProbeSources)
			for _, p := range drawProbes(cols, names, g, h.ProbesPerSource, span, rng) {
				common = append(common, p)
			}
			res.ProbeSources = append(res.ProbeSources, tg.Name)
		}
	}
	res.Probes = len(common)
	var famProbes, ctrlProbes []Probe
	if defect {
		var fam, ctrl [][]float64
		var famN, ctrlN []string
		for _, s := range cp.Val {
			x := make([]float64, len(s.X))
			for i, v := range s.X {
				x[i] = float64(v)
			}
			if slices.Contains(res.Family, s.System) {
				fam, famN = append(fam, x), append(famN, s.System)
			} else {
				ctrl, ctrlN = append(ctrl, x), append(ctrlN, s.System)
			}
		}
		rng := rand.New(rand.NewPCG(derive(h.Seed, seedProbe, 2000), streamWindows))
		famProbes = drawProbes(fam, famN, 0, h.Defect.Probes, span, rng)
		ctrlProbes = drawProbes(ctrl, ctrlN, 1, h.Defect.Probes, span, rng)
		if len(famProbes) == 0 || len(ctrlProbes) == 0 {
			return nil, fmt.Errorf("foundation: homogenization defect: validation series shorter than context+horizon = %d", span)
		}
	}
	// Pretraining: base 0 (shared), bases 1…M−1 (multi), base 0 with the
	// defect.
	M := h.Foundations
	type pjob struct {
		cp   *Corpus
		seed uint64
	}
	jobs := []pjob{{cp, derive(h.Seed, seedBase, 0)}}
	for b := 1; b < M; b++ {
		rng := rand.New(rand.NewPCG(derive(h.Seed, seedSubset, b), streamSplit))
		keep := max(1, int(math.Round(h.SubsetFraction*float64(len(cp.Systems)))))
		perm := rng.Perm(len(cp.Systems))[:keep]
		in := map[int]bool{}
		for _, i := range perm {
			in[i] = true
		}
		jobs = append(jobs, pjob{cp.subset(func(i int, _ string) bool { return in[i] }), derive(h.Seed, seedBase, b)})
	}
	if defect {
		// Base M: the shared model's seed on the defective corpus; base
		// M+1: a clean model of another seed on the full corpus (the
		// null of the inheritance test).
		jobs = append(jobs, pjob{plantDefect(cp, res.Family, h.Defect.Kind), jobs[0].seed}, pjob{cp, derive(h.Seed, seedBase, M)})
	}
	// Adaptations, keyed by (base, mode, task); base −1 is the scratch
	// arm.
	type akey struct {
		base int
		mode string
		task int
	}
	var akeys []akey
	for _, mode := range h.Modes {
		for k := 0; k < K; k++ {
			akeys = append(akeys, akey{0, mode, k})
			if b := k % M; b != 0 {
				akeys = append(akeys, akey{b, mode, k})
			}
			if defect {
				akeys = append(akeys, akey{M, mode, k}, akey{M + 1, mode, k})
			}
		}
	}
	for k := 0; k < K; k++ {
		akeys = append(akeys, akey{-1, ModeFull, k})
	}
	total := len(jobs) + len(akeys)
	var pmu sync.Mutex
	done := 0
	tick := func() {
		pmu.Lock()
		done++
		progress(done, total)
		pmu.Unlock()
	}
	progress(0, total)
	bases := make([]*Model, len(jobs))
	err = parallelRuns(ctx, len(jobs), h.Workers, func(j int) error {
		pc := h.Pretrain
		pc.Seed = jobs[j].seed
		m, _, err := Pretrain(ctx, jobs[j].cp, h.Model, pc, nil)
		if err != nil {
			return fmt.Errorf("foundation: homogenization pretraining %d: %w", j, err)
		}
		bases[j] = m
		tick()
		return nil
	})
	if err != nil {
		return nil, err
	}
	adapted := make([]*Model, len(akeys))
	err = parallelRuns(ctx, len(akeys), h.Workers, func(j int) error {
		key := akeys[j]
		tg := targets[key.task]
		a := h.Adapt
		a.Mode, a.Seed, a.Target = key.mode, derive(h.Seed, seedAdapt, key.task), tg.Name
		var m *Model
		if key.base < 0 {
			var err error
			if m, err = New(h.Model, derive(h.Seed, seedScratch, key.task)); err != nil {
				return err
			}
			a.Steps, a.LR, a.Every = h.ScratchSteps, h.ScratchLR, 0
		} else {
			m = bases[key.base].Clone()
		}
		m.Adapt = a
		if err := m.Fit(ctx, tg.X.Slice(0, trainRows[key.task]), nil); err != nil {
			return fmt.Errorf("foundation: homogenization adapting to %s: %w", tg.Name, err)
		}
		adapted[j] = m
		tick()
		return nil
	})
	if err != nil {
		return nil, err
	}
	find := func(base int, mode string, task int) *Model {
		for j, k := range akeys {
			if k == (akey{base, mode, task}) {
				return adapted[j]
			}
		}
		panic("foundation: homogenization: missing adaptation")
	}
	// Arms of the clean ecosystem.
	type armSpec struct {
		name, mode string
		base       func(k int) int
	}
	var specs []armSpec
	for _, mode := range h.Modes {
		specs = append(specs, armSpec{ArmShared + "/" + mode, mode, func(int) int { return 0 }})
	}
	specs = append(specs, armSpec{ArmScratch, ModeFull, func(int) int { return -1 }})
	for _, mode := range h.Modes {
		specs = append(specs, armSpec{ArmMulti + "/" + mode, mode, func(k int) int { return k % M }})
	}
	groups := make([]int, len(common))
	for i, p := range common {
		groups[i] = p.Group
	}
	// Outputs of every distinct model on the common probes.
	type outputs struct {
		logErr  []float64
		reps    *mat.Dense
		taskErr float64
		fam     float64
		ctrl    float64
	}
	cache := map[*Model]*outputs{}
	eval := func(m *Model, task int) (*outputs, error) {
		if o, ok := cache[m]; ok {
			return o, nil
		}
		o := &outputs{}
		var err error
		if o.logErr, o.reps, err = ProbeErrors(m, common); err != nil {
			return nil, err
		}
		if task >= 0 {
			te, _, err := ProbeErrors(m, own[task])
			if err != nil {
				return nil, err
			}
			o.taskErr = mean(te)
		}
		if defect {
			fe, _, err := ProbeErrors(m, famProbes)
			if err != nil {
				return nil, err
			}
			ce, _, err := ProbeErrors(m, ctrlProbes)
			if err != nil {
				return nil, err
			}
			o.fam, o.ctrl = mean(fe), mean(ce)
		}
		cache[m] = o
		return o, nil
	}
	var allReps []*mat.Dense
	for ai, sp := range specs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		arm := HomogArm{Name: sp.name}
		var reps []*mat.Dense
		errs := mat.NewDense(len(common), K, nil)
		var pe float64
		for k := 0; k < K; k++ {
			b := sp.base(k)
			m := find(b, sp.mode, k)
			o, err := eval(m, k)
			if err != nil {
				return nil, err
			}
			arm.Models = append(arm.Models, HomogModel{Arm: sp.name, Mode: sp.mode, Task: res.Tasks[k], Base: b, TaskLogErr: o.taskErr, model: m})
			reps = append(reps, o.reps)
			errs.SetCol(k, o.logErr)
			pe += mean(o.logErr)
			res.Labels = append(res.Labels, sp.name+":"+res.Tasks[k])
		}
		allReps = append(allReps, reps...)
		arm.MeanProbeLogErr = pe / float64(K)
		for _, m := range arm.Models {
			arm.MeanTaskLogErr += m.TaskLogErr / float64(K)
		}
		armMeasures(&arm, reps, errs, groups, &h, derive(h.Seed, seedStats, ai))
		res.Arms = append(res.Arms, arm)
	}
	if s, err := homogenization.Similarities(allReps, homogenization.MeasureLinearCKA); err == nil {
		res.CKA = symRows(s)
	}
	if !defect {
		return res, nil
	}
	// Inheritance.
	excess := func(m, ref *Model, task int) (float64, error) {
		om, err := eval(m, task)
		if err != nil {
			return 0, err
		}
		or, err := eval(ref, task)
		if err != nil {
			return 0, err
		}
		return (om.fam - or.fam) - (om.ctrl - or.ctrl), nil
	}
	if res.BaseExcess, err = excess(bases[M], bases[0], -1); err != nil {
		return nil, err
	}
	if res.NullExcess, err = excess(bases[M+1], bases[0], -1); err != nil {
		return nil, err
	}
	count := func(name string, model func(k int) *Model, ref func(k int) *Model) error {
		ia := InheritanceArm{Name: name, Of: K}
		for k := 0; k < K; k++ {
			e, err := excess(model(k), ref(k), k)
			if err != nil {
				return err
			}
			ia.Excess = append(ia.Excess, e)
			if e > h.Defect.Margin {
				ia.Carriers++
			}
		}
		ia.Mean = mean(ia.Excess)
		res.Inheritance = append(res.Inheritance, ia)
		return nil
	}
	for _, mode := range h.Modes {
		ref := func(k int) *Model { return find(0, mode, k) }
		if err := count(ArmShared+"/"+mode, func(k int) *Model { return find(M, mode, k) }, ref); err != nil {
			return nil, err
		}
		if err := count(ArmMulti+"/"+mode, func(k int) *Model {
			if b := k % M; b != 0 {
				return find(b, mode, k)
			}
			return find(M, mode, k)
		}, ref); err != nil {
			return nil, err
		}
	}
	for _, mode := range h.Modes {
		ref := func(k int) *Model { return find(0, mode, k) }
		if err := count(ArmNull+"/"+mode, func(k int) *Model { return find(M+1, mode, k) }, ref); err != nil {
			return nil, err
		}
	}
	for i := range res.Inheritance {
		ia := &res.Inheritance[i]
		ia.VsNull, ia.VsNullT, ia.VsNullP = math.NaN(), math.NaN(), math.NaN()
		arm, mode, _ := strings.Cut(ia.Name, "/")
		if arm == ArmNull {
			continue
		}
		for _, nl := range res.Inheritance {
			if nl.Name == ArmNull+"/"+mode {
				ia.VsNull, ia.VsNullT, ia.VsNullP = pairedT(ia.Excess, nl.Excess)
			}
		}
	}
	return res, nil
}

// armMeasures fills an arm's similarity and outcome measures; the first
// failure is recorded in arm.Err (the others are still computed).
func armMeasures(arm *HomogArm, reps []*mat.Dense, errs *mat.Dense, groups []int, h *HomogConfig, seed uint64) {
	note := func(what string, err error) {
		if err != nil && arm.Err == "" {
			arm.Err = what + ": " + err.Error()
		}
	}
	if s, err := homogenization.Similarities(reps, homogenization.MeasureLinearCKA); err == nil {
		arm.CKA = symRows(s)
		arm.MeanCKA = offDiagonalMean(arm.CKA)
	} else {
		note("CKA", err)
	}
	if s, err := homogenization.Similarities(reps, homogenization.MeasureMutualKNN(h.KNN, homogenization.Cosine)); err == nil {
		arm.KNN = symRows(s)
		arm.MeanKNN = offDiagonalMean(arm.KNN)
	} else {
		note("mutual k-NN", err)
	}
	if s, err := homogenization.ErrorCorrelation(errs); err == nil {
		arm.ErrCorr = symRows(s)
		arm.MeanErrCorr = offDiagonalMean(arm.ErrCorr)
	} else {
		note("error correlation", err)
	}
	fail := failures(errs, nil, h.FailQuantile)
	var err error
	arm.Systemic, err = homogenization.SystemicFailure(fail, &homogenization.SystemicOptions{Permutations: h.Permutations, Seed: seed})
	note("systemic failure", err)
	arm.SystemicWithin, err = homogenization.SystemicFailure(failures(errs, groups, h.FailQuantile), &homogenization.SystemicOptions{Permutations: h.Permutations, Seed: seed + 1})
	note("systemic failure within sources", err)
	arm.Outcome, err = homogenization.OutcomeHomogenization(fail, nil)
	note("outcome homogenization", err)
	arm.GroupOutcome, err = homogenization.OutcomeHomogenization(fail, groups)
	note("outcome homogenization by source", err)
}

// failures marks, for each model (column), the instances whose error
// exceeds the model's q-quantile: over all instances, or, with groups,
// within each group.
func failures(errs *mat.Dense, groups []int, q float64) *mat.Dense {
	n, k := errs.Dims()
	out := mat.NewDense(n, k, nil)
	members := map[int][]int{}
	for i := 0; i < n; i++ {
		g := 0
		if groups != nil {
			g = groups[i]
		}
		members[g] = append(members[g], i)
	}
	for j := 0; j < k; j++ {
		for _, idx := range members {
			s := make([]float64, len(idx))
			for a, i := range idx {
				s[a] = errs.At(i, j)
			}
			sort.Float64s(s)
			thr := s[min(len(s)-1, max(0, int(math.Ceil(q*float64(len(s))))-1))]
			for _, i := range idx {
				if errs.At(i, j) > thr {
					out.Set(i, j, 1)
				}
			}
		}
	}
	return out
}

// symRows copies a symmetric matrix into rows.
func symRows(s *mat.SymDense) [][]float64 {
	n := s.SymmetricDim()
	out := make([][]float64, n)
	for i := range out {
		out[i] = make([]float64, n)
		for j := range out[i] {
			out[i][j] = s.At(i, j)
		}
	}
	return out
}

// offDiagonalMean is the mean of the finite off-diagonal entries.
func offDiagonalMean(m [][]float64) float64 {
	var s float64
	n := 0
	for i := range m {
		for j := range m[i] {
			if i != j && !math.IsNaN(m[i][j]) && !math.IsInf(m[i][j], 0) {
				s += m[i][j]
				n++
			}
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return s / float64(n)
}

// mean is the arithmetic mean (NaN for no values).
func mean(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	var s float64
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}

// pairedT returns the mean of a − b, the paired t statistic and its
// one-sided p-value P(T ≥ t) with len−1 degrees of freedom (NaN with
// fewer than 2 pairs or no spread).
func pairedT(a, b []float64) (d, t, p float64) {
	n := len(a)
	diff := make([]float64, n)
	for i := range a {
		diff[i] = a[i] - b[i]
	}
	d = mean(diff)
	if n < 2 {
		return d, math.NaN(), math.NaN()
	}
	var ss float64
	for _, x := range diff {
		ss += (x - d) * (x - d)
	}
	se := math.Sqrt(ss / float64(n-1) / float64(n))
	if !(se > 0) {
		return d, math.NaN(), math.NaN()
	}
	t = d / se
	return d, t, distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 1)}.Survival(t)
}
