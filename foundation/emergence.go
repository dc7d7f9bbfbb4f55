package foundation

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/emergo/emergo/emergence"
)

// Scale axes of an emergence grid.
const (
	// AxisParams is model size: the number of parameters.
	AxisParams = "params"
	// AxisSystems is the number of pretraining systems.
	AxisSystems = "systems"
	// AxisSteps is the number of pretraining updates.
	AxisSteps = "steps"
)

// GridAxes lists the scale axes in table order.
var GridAxes = []string{AxisParams, AxisSystems, AxisSteps}

// Grid defaults.
const (
	DefaultGridKLThreshold = 1.0
	// DefaultSignFraction: a model's closed-loop λ1 has the right
	// (positive) sign when it is at least this fraction of the
	// literature value, so that the numerical noise around 0 of a
	// model that settled on a cycle does not count as chaos.
	DefaultSignFraction = 0.1
	// DefaultTransitionResamples is the number of bootstrap resamples of
	// the sigmoid fit of each grid curve.
	DefaultTransitionResamples = 200
)

// DefaultGridVPTThresholds are the valid prediction times (Lyapunov
// times) of the thresholded capabilities.
var DefaultGridVPTThresholds = []float64{0.5, 1}

// DefaultGridBaselines are the trivial baselines of a grid's verdicts;
// ParrotName is always evaluated as well and reported beside them.
var DefaultGridBaselines = []string{"mean", "persistence"}

// GridSize is one model size of an emergence grid.
type GridSize struct {
	// Name labels the size ("micro", "d24").
	Name string
	// Config is the architecture; zero geometry fields (Context,
	// Horizon, Patch, Head) take GridConfig.Geometry's.
	Config Config
}

// GridConfig describes an emergence grid: pretraining runs over model
// sizes × numbers of pretraining systems × replicates, each evaluated
// zero-shot on the held-out systems after several numbers of updates.
// Zero fields take the defaults noted.
type GridConfig struct {
	// Corpus is the candidate pool and its split. The held-out systems
	// are the evaluation tasks; NumSystems is ignored (SystemCounts).
	Corpus CorpusConfig
	// Sizes are the model sizes (at least one; distinct parameter
	// counts).
	Sizes []GridSize
	// Geometry gives the window geometry of every size (zero fields: the
	// package defaults).
	Geometry Config
	// SystemCounts are the numbers of pretraining systems: nested
	// prefixes of the corpus's seeded system order (0 or more than
	// available: all). Duplicates after capping are dropped.
	SystemCounts []int
	// Steps are the numbers of updates at which every run is evaluated,
	// increasing. Each run trains for max(Steps) updates under one
	// warm-up and cosine schedule and is evaluated at these checkpoints
	// (Biderman et al. 2023's checkpoint sweep), so the steps axis costs
	// no extra training; the learning rate at an early checkpoint is
	// higher than at the end of a run of that length.
	Steps []int
	// Replicates is the number of runs per (size, systems) cell: weights
	// and window draws from seeds derived from Seed and the replicate
	// index, shared across cells (common random numbers). Default 2.
	Replicates int
	// Pretrain sets Batch, LR, WeightDecay, Warmup, Clip and
	// ValWindows (default: none); Steps, CheckpointEvery and Seed are
	// set by the grid.
	Pretrain PretrainConfig
	// Eval scores each checkpoint on every held-out system (the
	// foundation model only reads its context, so TrainRows only places
	// the origins). LyapunovSteps > 0 adds the sign-of-λ1 capability.
	Eval EvalConfig
	// VPTThresholds define the capabilities "fraction of held-out
	// systems with VPT > τ" (default DefaultGridVPTThresholds);
	// KLThreshold the capability "fraction with attractor KL < τ"
	// (default DefaultGridKLThreshold nats).
	VPTThresholds []float64
	KLThreshold   float64
	// Baselines are the trivial baselines given to the verdicts
	// (default DefaultGridBaselines).
	Baselines []string
	// Assess configures the verdicts (nil: the emergence package's
	// defaults with seed Seed).
	Assess *emergence.AssessOptions
	// TransitionResamples is the number of bootstrap refits of each
	// curve's sigmoid (default DefaultTransitionResamples; negative:
	// none).
	TransitionResamples int
	// Seed drives the replicate seeds, the targets and the verdicts.
	Seed uint64
	// Workers train runs in parallel (0: 2); results do not depend on
	// it.
	Workers int
}

// Capability holds the capabilities of one model on the held-out
// systems: means of the continuous metrics and fractions of systems
// passing the thresholds. Undefined values are NaN.
type Capability struct {
	// SMAPE and KL (attractor KL, nats) are means over the held-out
	// systems and VPT (Lyapunov times) their median (continuous
	// metrics). The median because VPT in Lyapunov times is unbounded:
	// one system whose λ1·Δt is large (a stiff oscillator) can score
	// tens of Lyapunov times and would dominate a mean, as in Gilpin
	// (2021), who reports medians across systems.
	SMAPE, VPT, KL float64
	// VPTAbove[i] is the fraction of held-out systems with VPT >
	// VPTThresholds[i]; KLBelow the fraction with KL < KLThreshold;
	// LyapunovSign the fraction whose closed-loop λ1 is at least
	// DefaultSignFraction of the literature value (NaN when not
	// computed). Thresholded (discontinuous) metrics.
	VPTAbove     []float64
	KLBelow      float64
	LyapunovSign float64
}

// GridPoint is one run of the grid evaluated at one checkpoint.
type GridPoint struct {
	// Size names the model size, Params its parameter count, Systems the
	// number of pretraining systems, Steps the updates taken and
	// Replicate the seed index.
	Size      string
	Params    int
	Systems   int
	Steps     int
	Replicate int
	// TrainLoss is the mean training loss of the last block of updates.
	TrainLoss  float64
	Capability Capability
	// Scores are per held-out system, in GridResult.HeldOut order.
	Scores []Score
}

// GridBaseline is a trivial baseline's capability on the held-out
// systems.
type GridBaseline struct {
	Name       string
	Capability Capability
	Scores     []Score
}

// GridMetric describes one capability metric of a grid.
type GridMetric struct {
	// Name labels the metric; Continuous marks partial-credit metrics
	// (as opposed to thresholded ones) and LowerIsBetter error-like ones.
	Name          string
	Continuous    bool
	LowerIsBetter bool
	// Value extracts the metric from a capability.
	Value func(c *Capability) float64
}

// TransitionCI is the bootstrap interval of a curve's sigmoid
// transition: its centre (a scale) and 10–90% width in ln scale.
type TransitionCI struct {
	Metric        string
	Centre, Width emergence.Interval
	Err           string
}

// AxisVerdict is the emergence verdict along one scale axis, with the
// other axes at their largest values (the frontier).
type AxisVerdict struct {
	Axis string
	// Fixed describes the values of the other axes.
	Fixed string
	// Curves are the metrics against the axis (replicates as values).
	Curves  []emergence.Curve
	Verdict emergence.Verdict
	// Transitions are the bootstrap intervals of each curve's sigmoid
	// fit (curves with at least 5 scales).
	Transitions []TransitionCI
	// Err is set when the verdict could not be computed.
	Err string
}

// GridResult is a finished emergence grid.
type GridResult struct {
	// Config is the configuration with defaults filled in; HeldOut the
	// evaluation systems.
	Config  GridConfig
	HeldOut []string
	// Lyapunov holds the held-out systems' literature λ1 (per time unit).
	Lyapunov []float64
	// Sizes (sorted by parameter count), SystemCounts and Steps are the
	// axes' values.
	Sizes        []GridSize
	Params       []int
	SystemCounts []int
	Steps        []int
	// Metrics are the capability metrics (continuous first).
	Metrics []GridMetric
	// Points hold every run at every checkpoint, Baselines the trivial
	// baselines and ParrotName, Verdicts one per axis of GridAxes.
	Points    []GridPoint
	Baselines []GridBaseline
	Verdicts  []AxisVerdict
}

// defaults fills the zero fields of a grid configuration.
func (g GridConfig) defaults() GridConfig {
	if g.Replicates == 0 {
		g.Replicates = 2
	}
	if g.VPTThresholds == nil {
		g.VPTThresholds = DefaultGridVPTThresholds
	}
	if g.KLThreshold == 0 {
		g.KLThreshold = DefaultGridKLThreshold
	}
	if g.Baselines == nil {
		g.Baselines = DefaultGridBaselines
	}
	if g.TransitionResamples == 0 {
		g.TransitionResamples = DefaultTransitionResamples
	}
	if g.Workers <= 0 {
		g.Workers = 2
	}
	if g.Pretrain.ValWindows == 0 {
		g.Pretrain.ValWindows = -1
	}
	g.Eval = g.Eval.Defaults()
	return g
}

// validate checks a grid configuration with defaults filled in.
func (g *GridConfig) validate() error {
	switch {
	case len(g.Sizes) == 0:
		return errors.New("foundation: grid: no model sizes")
	case len(g.SystemCounts) == 0:
		return errors.New("foundation: grid: no system counts")
	case len(g.Steps) == 0:
		return errors.New("foundation: grid: no step counts")
	case g.Replicates < 1:
		return fmt.Errorf("foundation: grid: replicates %d must be at least 1", g.Replicates)
	case !(g.KLThreshold > 0):
		return fmt.Errorf("foundation: grid: kl_threshold %v must be positive", g.KLThreshold)
	}
	for i, s := range g.Steps {
		if s < 1 || (i > 0 && s <= g.Steps[i-1]) {
			return fmt.Errorf("foundation: grid: steps %v must be positive and increasing", g.Steps)
		}
	}
	for _, n := range g.SystemCounts {
		if n < 0 {
			return fmt.Errorf("foundation: grid: system count %d is negative", n)
		}
	}
	for _, v := range g.VPTThresholds {
		if !(v > 0) || math.IsInf(v, 0) {
			return fmt.Errorf("foundation: grid: VPT threshold %v must be positive and finite", v)
		}
	}
	for _, b := range g.Baselines {
		if !slices.Contains(BaselineNames, b) {
			return fmt.Errorf("foundation: grid: unknown baseline %q (baselines: %s)", b, strings.Join(BaselineNames, ", "))
		}
	}
	return nil
}

// sizeConfig returns a size's architecture with the grid's geometry.
func (g *GridConfig) sizeConfig(s GridSize) Config {
	c := s.Config
	geo := g.Geometry
	if c.Context == 0 {
		c.Context = geo.Context
	}
	if c.Horizon == 0 {
		c.Horizon = geo.Horizon
	}
	if c.Patch == 0 {
		c.Patch = geo.Patch
	}
	if c.Head == "" {
		c.Head = geo.Head
	}
	if c.Dropout == 0 {
		c.Dropout = geo.Dropout
	}
	c.NoSkip = c.NoSkip || geo.NoSkip
	return c.Defaults()
}

// gridMetrics returns the capability metrics of a configuration.
func gridMetrics(g *GridConfig) []GridMetric {
	ms := []GridMetric{
		{Name: "sMAPE", Continuous: true, LowerIsBetter: true, Value: func(c *Capability) float64 { return c.SMAPE }},
		{Name: "median VPT (Lyapunov times)", Continuous: true, Value: func(c *Capability) float64 { return c.VPT }},
		{Name: "attractor KL", Continuous: true, LowerIsBetter: true, Value: func(c *Capability) float64 { return c.KL }},
	}
	for i, tau := range g.VPTThresholds {
		ms = append(ms, GridMetric{Name: fmt.Sprintf("fraction VPT > %g", tau), Value: func(c *Capability) float64 {
			if i >= len(c.VPTAbove) {
				return math.NaN()
			}
			return c.VPTAbove[i]
		}})
	}
	ms = append(ms, GridMetric{Name: fmt.Sprintf("fraction KL < %g", g.KLThreshold), Value: func(c *Capability) float64 { return c.KLBelow }})
	if g.Eval.LyapunovSteps > 0 {
		ms = append(ms, GridMetric{Name: "fraction λ1 > 0", Value: func(c *Capability) float64 { return c.LyapunovSign }})
	}
	return ms
}

// capabilityOf summarises per-system scores; targets give the
// literature λ1 of each system.
func capabilityOf(scores []Score, targets []*Target, g *GridConfig) Capability {
	c := Capability{SMAPE: nanMean(scores, func(s *Score) float64 { return s.SMAPE }),
		VPT: nanMedian(scores, func(s *Score) float64 { return s.VPT }),
		KL:  nanMean(scores, func(s *Score) float64 { return s.KL }), LyapunovSign: math.NaN()}
	n := float64(len(scores))
	for _, tau := range g.VPTThresholds {
		k := 0
		for _, s := range scores {
			if s.VPT > tau {
				k++
			}
		}
		c.VPTAbove = append(c.VPTAbove, float64(k)/n)
	}
	k := 0
	for _, s := range scores {
		if s.KL < g.KLThreshold {
			k++
		}
	}
	c.KLBelow = float64(k) / n
	if g.Eval.LyapunovSteps > 0 {
		k = 0
		for i, s := range scores {
			if lit := targets[i].Lyapunov; lit > 0 && s.Lyapunov >= DefaultSignFraction*lit {
				k++
			}
		}
		c.LyapunovSign = float64(k) / n
	}
	return c
}

// nanMean is the mean of the finite values of f over scores (NaN when
// there is none).
func nanMean(scores []Score, f func(s *Score) float64) float64 {
	var s float64
	n := 0
	for i := range scores {
		if v := f(&scores[i]); !math.IsNaN(v) && !math.IsInf(v, 0) {
			s += v
			n++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return s / float64(n)
}

// nanMedian is the median of the finite values of f over scores (NaN
// when there is none).
func nanMedian(scores []Score, f func(s *Score) float64) float64 {
	var v []float64
	for i := range scores {
		if x := f(&scores[i]); !math.IsNaN(x) && !math.IsInf(x, 0) {
			v = append(v, x)
		}
	}
	if len(v) == 0 {
		return math.NaN()
	}
	sort.Float64s(v)
	n := len(v)
	if n%2 == 1 {
		return v[n/2]
	}
	return (v[n/2-1] + v[n/2]) / 2
}

// splitmix returns the i-th value of the splitmix64 sequence started at
// seed: well-mixed, distinct seeds for derived generators.
func splitmix(seed uint64, i uint64) uint64 {
	z := seed + (i+1)*0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// Seed streams of the experiments (first argument of splitmix's seed).
const (
	seedReplicate = 0x7265706c // "repl"
	seedTarget    = 0x74617267 // "targ"
	seedAdapt     = 0x61646170 // "adap"
	seedScratch   = 0x73637261 // "scra"
	seedBase      = 0x62617365 // "base"
	seedSubset    = 0x73756273 // "subs"
	seedProbe     = 0x70726f62 // "prob"
	seedStats     = 0x73746174 // "stat"
)

// derive returns a seed for use number i of a stream.
func derive(seed, stream uint64, i int) uint64 { return splitmix(seed^stream, uint64(i)) }

// subset returns the corpus restricted to the systems kept (in corpus
// order): exactly the corpus BuildCorpus gives for those systems, since
// each system's series depend only on the corpus seed and its name.
func (cp *Corpus) subset(keep func(i int, name string) bool) *Corpus {
	out := &Corpus{Config: cp.Config, HeldOut: append([]string(nil), cp.HeldOut...), Skipped: cp.Skipped, Rejected: cp.Rejected}
	kept := map[string]bool{}
	for i, s := range cp.Systems {
		if !keep(i, s.Name) {
			continue
		}
		kept[s.Name] = true
		out.Systems = append(out.Systems, s)
		idx := make([]int, len(cp.bySystem[i]))
		for k, j := range cp.bySystem[i] {
			idx[k] = len(out.Train)
			out.Train = append(out.Train, cp.Train[j])
		}
		out.bySystem = append(out.bySystem, idx)
	}
	for _, s := range cp.Val {
		if kept[s.System] {
			out.Val = append(out.Val, s)
		}
	}
	return out
}

// prefix returns the corpus of its first n systems (NumSystems = n).
func (cp *Corpus) prefix(n int) *Corpus {
	out := cp.subset(func(i int, _ string) bool { return i < n })
	out.Config.NumSystems = n
	return out
}

// gcdAll is the greatest common divisor of positive integers.
func gcdAll(v []int) int {
	g := 0
	for _, x := range v {
		a, b := g, x
		for b != 0 {
			a, b = b, a%b
		}
		g = a
	}
	return g
}

// pretrainAt pretrains exactly as Pretrain without a directory, with
// CheckpointEvery the greatest common divisor of at, for max(at)
// updates, and calls fn with the live model after each number of
// updates listed in at (fn must Clone it to keep it, and must not train
// it). pc's Steps and CheckpointEvery are replaced.
func pretrainAt(ctx context.Context, cp *Corpus, cfg Config, pc PretrainConfig, at []int, fn func(step int, m *Model, trainLoss float64) error) (*Model, error) {
	pc.Steps = slices.Max(at)
	pc.CheckpointEvery = gcdAll(at)
	pc = pc.Defaults()
	if err := pc.validate(); err != nil {
		return nil, err
	}
	m, err := New(cfg, pc.Seed)
	if err != nil {
		return nil, err
	}
	cc := cp.Config
	m.Info = ModelInfo{Corpus: &cc, Systems: cp.SystemNames(), HeldOut: append([]string(nil), cp.HeldOut...), Pretrain: &pc}
	span := m.cfg.Context + m.cfg.Horizon
	var val []window
	if pc.ValWindows > 0 {
		val = valWindows(cp, span, pc.ValWindows, pc.Seed)
	}
	l := &loop{m: m, cp: cp, ps: m.ps, steps: pc.Steps, every: pc.CheckpointEvery, batch: pc.Batch, lr: pc.LR,
		wd: pc.WeightDecay, warmup: pc.Warmup, clip: pc.Clip, seed: pc.Seed, val: val}
	l.hooks.OnCheckpoint = func(step, _ int, trainLoss, _ float64) error {
		if !slices.Contains(at, step) {
			return nil
		}
		m.Info.Steps = step
		return fn(step, m, trainLoss)
	}
	if _, _, err := l.run(ctx); err != nil {
		return m, err
	}
	m.Info.Steps = pc.Steps
	m.fitted = false
	return m, nil
}

// RunGrid runs an emergence grid. It builds the corpus once, simulates
// every held-out system as a target (EvalConfig.Rows rows from the
// catalogue's initial condition), scores the trivial baselines and
// ParrotName on them, then pretrains one model per (size, number of
// systems, replicate) and scores it zero-shot (Evaluate) at every
// checkpoint of Steps. Finally, for each axis, the capability metrics
// against that axis at the largest values of the others go to
// emergence.Assess (continuous metrics: sMAPE, VPT, KL; thresholded:
// the fractions of systems passing VPT and KL thresholds and, with
// Eval.LyapunovSteps, the sign of λ1), with the trivial baselines'
// values, and each curve's sigmoid fit is bootstrapped
// (emergence.Bootstrap) for the interval of its transition. progress
// (may be nil) is called with finished evaluations out of the total.
//
// References:
//
//	Schaeffer, R., Miranda, B. & Koyejo, S. (2023). Are emergent
//	  abilities of large language models a mirage? NeurIPS 36.
//	Biderman, S. et al. (2023). Pythia: a suite for analyzing large
//	  language models across training and scaling. ICML, PMLR 202.
func RunGrid(ctx context.Context, g GridConfig, progress Progress) (*GridResult, error) {
	g = g.defaults()
	if err := g.validate(); err != nil {
		return nil, err
	}
	if progress == nil {
		progress = func(int, int) {}
	}
	cc := g.Corpus
	cc.NumSystems = 0
	cp, err := BuildCorpus(ctx, cc, &BuildOptions{Workers: g.Workers})
	if err != nil {
		return nil, err
	}
	if len(cp.HeldOut) == 0 {
		return nil, errors.New("foundation: grid: the corpus holds no system out to evaluate on")
	}
	res := &GridResult{Config: g, HeldOut: cp.HeldOut, Steps: append([]int(nil), g.Steps...)}
	res.Metrics = gridMetrics(&g)
	// Sizes, sorted by parameter count.
	type sized struct {
		s GridSize
		n int
	}
	var ss []sized
	for _, s := range g.Sizes {
		c := g.sizeConfig(s)
		if err := c.Validate(); err != nil {
			return nil, fmt.Errorf("foundation: grid size %q: %w", s.Name, err)
		}
		ss = append(ss, sized{GridSize{Name: s.Name, Config: c}, c.NumParams()})
	}
	sort.SliceStable(ss, func(i, j int) bool { return ss[i].n < ss[j].n })
	for i, s := range ss {
		if i > 0 && s.n == ss[i-1].n {
			return nil, fmt.Errorf("foundation: grid sizes %q and %q have the same number of parameters (%d)", ss[i-1].s.Name, s.s.Name, s.n)
		}
		res.Sizes = append(res.Sizes, s.s)
		res.Params = append(res.Params, s.n)
	}
	for _, n := range g.SystemCounts {
		if n == 0 || n > len(cp.Systems) {
			n = len(cp.Systems)
		}
		res.SystemCounts = append(res.SystemCounts, n)
	}
	slices.Sort(res.SystemCounts)
	res.SystemCounts = slices.Compact(res.SystemCounts)
	// Targets and baselines.
	targets := make([]*Target, len(cp.HeldOut))
	for i, name := range cp.HeldOut {
		tg, err := SystemTarget(ctx, name, cp.Config.PointsPerPeriod, g.Eval.Rows(), cp.Config.TransientPeriods, derive(g.Seed, seedTarget, i))
		if err != nil {
			return nil, fmt.Errorf("foundation: grid target %s: %w", name, err)
		}
		targets[i] = tg
		res.Lyapunov = append(res.Lyapunov, tg.Lyapunov)
	}
	ctxLen := 0
	for _, s := range res.Sizes {
		ctxLen = max(ctxLen, s.Config.Context)
	}
	bnames := slices.Clone(g.Baselines)
	if !slices.Contains(bnames, ParrotName) {
		bnames = append(bnames, ParrotName)
	}
	bcands, err := Baselines(bnames, ctxLen, g.Seed)
	if err != nil {
		return nil, err
	}
	beval := g.Eval
	beval.LyapunovSteps = 0
	bscores := make([][]Score, len(bnames))
	for _, tg := range targets {
		r, err := Evaluate(ctx, bcands, tg, beval)
		if err != nil {
			return nil, err
		}
		for k := range bnames {
			bscores[k] = append(bscores[k], r.Scores[k])
		}
	}
	bg := g
	bg.Eval = beval // no closed-loop λ1 for the baselines: LyapunovSign stays NaN
	for k, n := range bnames {
		c := capabilityOf(bscores[k], targets, &bg)
		res.Baselines = append(res.Baselines, GridBaseline{Name: n, Capability: c, Scores: bscores[k]})
	}
	// Runs.
	type run struct{ size, count, rep int }
	var runs []run
	for si := range res.Sizes {
		for ci := range res.SystemCounts {
			for r := 0; r < g.Replicates; r++ {
				runs = append(runs, run{si, ci, r})
			}
		}
	}
	total := len(runs) * len(res.Steps)
	points := make([][]GridPoint, len(runs))
	var mu sync.Mutex
	done := 0
	progress(0, total)
	corpora := make([]*Corpus, len(res.SystemCounts))
	for ci, n := range res.SystemCounts {
		corpora[ci] = cp.prefix(n)
	}
	err = parallelRuns(ctx, len(runs), g.Workers, func(j int) error {
		rn := runs[j]
		size := res.Sizes[rn.size]
		pc := g.Pretrain
		pc.Seed = derive(g.Seed, seedReplicate, rn.rep)
		_, err := pretrainAt(ctx, corpora[rn.count], size.Config, pc, res.Steps, func(step int, m *Model, loss float64) error {
			snap := m.Clone()
			var scores []Score
			for _, tg := range targets {
				r, err := Evaluate(ctx, []Candidate{{Label: size.Name, Model: snap}}, tg, g.Eval)
				if err != nil {
					return err
				}
				scores = append(scores, r.Scores[0])
			}
			points[j] = append(points[j], GridPoint{Size: size.Name, Params: res.Params[rn.size], Systems: res.SystemCounts[rn.count],
				Steps: step, Replicate: rn.rep, TrainLoss: loss, Capability: capabilityOf(scores, targets, &g), Scores: scores})
			mu.Lock()
			done++
			progress(done, total)
			mu.Unlock()
			return nil
		})
		return err
	})
	if err != nil {
		return nil, err
	}
	for _, p := range points {
		res.Points = append(res.Points, p...)
	}
	// Verdicts.
	for ai, axis := range GridAxes {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		res.Verdicts = append(res.Verdicts, res.assessAxis(axis, g.Seed+uint64(ai)*1000))
	}
	return res, nil
}

// parallelRuns calls f(0…n−1) on up to workers goroutines and returns
// the first error (by index) or the context's.
func parallelRuns(ctx context.Context, n, workers int, f func(i int) error) error {
	errs := make([]error, n)
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(max(workers, 1), n); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				errs[i] = f(i)
			}
		}()
	}
feed:
	for i := 0; i < n; i++ {
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// frontier returns, for an axis, the other axes' largest values.
func (r *GridResult) frontier() (params, systems, steps int) {
	return r.Params[len(r.Params)-1], r.SystemCounts[len(r.SystemCounts)-1], r.Steps[len(r.Steps)-1]
}

// axisValues returns an axis's values.
func (r *GridResult) axisValues(axis string) []int {
	switch axis {
	case AxisParams:
		return r.Params
	case AxisSystems:
		return r.SystemCounts
	case AxisSteps:
		return r.Steps
	}
	panic("foundation: unknown grid axis " + axis)
}

// coord returns a point's value on an axis.
func (p *GridPoint) coord(axis string) int {
	switch axis {
	case AxisParams:
		return p.Params
	case AxisSystems:
		return p.Systems
	}
	return p.Steps
}

// Slice returns the points along axis with the other two axes at the
// given values (a zero value means the largest), grouped by the axis
// value in increasing order (replicates within).
func (r *GridResult) Slice(axis string, params, systems, steps int) [][]GridPoint {
	fp, fs, ft := r.frontier()
	if params == 0 {
		params = fp
	}
	if systems == 0 {
		systems = fs
	}
	if steps == 0 {
		steps = ft
	}
	vals := r.axisValues(axis)
	out := make([][]GridPoint, len(vals))
	for _, p := range r.Points {
		if (axis != AxisParams && p.Params != params) || (axis != AxisSystems && p.Systems != systems) || (axis != AxisSteps && p.Steps != steps) {
			continue
		}
		k := slices.Index(vals, p.coord(axis))
		if k >= 0 {
			out[k] = append(out[k], p)
		}
	}
	return out
}

// Curves returns the capability curves against an axis at the frontier
// (the other axes at their largest values), with the trivial baselines,
// for emergence.Assess. Non-finite replicate values are dropped; a
// scale left without values is dropped too.
func (r *GridResult) Curves(axis string) []emergence.Curve {
	sl := r.Slice(axis, 0, 0, 0)
	vals := r.axisValues(axis)
	var out []emergence.Curve
	for _, m := range r.Metrics {
		c := emergence.Curve{Name: m.Name, Continuous: m.Continuous, LowerIsBetter: m.LowerIsBetter}
		for k, pts := range sl {
			var v []float64
			for i := range pts {
				if x := m.Value(&pts[i].Capability); !math.IsNaN(x) && !math.IsInf(x, 0) {
					v = append(v, x)
				}
			}
			if len(v) > 0 {
				c.Scale = append(c.Scale, float64(vals[k]))
				c.Values = append(c.Values, v)
			}
		}
		for _, b := range r.Baselines {
			if !slices.Contains(r.Config.Baselines, b.Name) {
				continue // a reference (the parrot), not a trivial baseline
			}
			if x := m.Value(&b.Capability); !math.IsNaN(x) && !math.IsInf(x, 0) {
				c.Baselines = append(c.Baselines, x)
			}
		}
		out = append(out, c)
	}
	return out
}

// assessAxis computes the verdict of one axis.
func (r *GridResult) assessAxis(axis string, seed uint64) AxisVerdict {
	fp, fs, ft := r.frontier()
	var fixed []string
	if axis != AxisParams {
		fixed = append(fixed, fmt.Sprintf("%s (%d parameters)", r.Sizes[len(r.Sizes)-1].Name, fp))
	}
	if axis != AxisSystems {
		fixed = append(fixed, fmt.Sprintf("%d systems", fs))
	}
	if axis != AxisSteps {
		fixed = append(fixed, fmt.Sprintf("%d steps", ft))
	}
	av := AxisVerdict{Axis: axis, Fixed: strings.Join(fixed, ", "), Curves: r.Curves(axis)}
	var opt emergence.AssessOptions
	if r.Config.Assess != nil {
		opt = *r.Config.Assess
	}
	opt.Fit.Seed += seed
	v, err := emergence.Assess(av.Curves, &opt)
	if err != nil {
		av.Err = err.Error()
	}
	av.Verdict = v
	if r.Config.TransitionResamples > 0 {
		for i, c := range av.Curves {
			if len(c.Scale) < emergence.Sigmoid.NumParams()+1 {
				continue
			}
			t := TransitionCI{Metric: c.Name}
			if constantCurve(c) {
				t.Err = "constant curve: no transition to locate"
				av.Transitions = append(av.Transitions, t)
				continue
			}
			bf, err := emergence.Bootstrap(c, emergence.Sigmoid, &emergence.BootstrapOptions{Resamples: r.Config.TransitionResamples, Seed: seed + uint64(i)})
			if err != nil {
				t.Err = err.Error()
			} else {
				t.Centre, t.Width = bf.Centre, bf.Width
			}
			av.Transitions = append(av.Transitions, t)
		}
	}
	return av
}

// constantCurve reports whether every value of a curve is the same.
func constantCurve(c emergence.Curve) bool {
	for _, v := range c.Values {
		for _, x := range v {
			if x != c.Values[0][0] {
				return false
			}
		}
	}
	return true
}
