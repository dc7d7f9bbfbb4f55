package foundation

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/emergo/emergo/data"
	"github.com/emergo/emergo/emergence"
	"github.com/emergo/emergo/experiment"
	_ "github.com/emergo/emergo/system/catalog" // the experiments draw their corpora from the catalogue
)

// Experiment kinds registered by the package.
const (
	KindEmergence      = "foundation-emergence"
	KindHomogenization = "foundation-homogenization"
	KindZeroShot       = "foundation-zeroshot"
)

// EmergenceParams are the parameters of the foundation-emergence
// experiment. The defaults give 2 sizes × 6 system counts × 6 step
// checkpoints × 2 seeds (24 pretraining runs, 144 evaluations on 10
// held-out systems): the systems and steps axes have the 6 scales
// emergence.Assess needs, the size axis does not (widths gives more).
type EmergenceParams struct {
	// Sizes are presets (see Presets); Widths, when set, replace them by
	// encoders of the given d_model with Layers layers (heads 2 when
	// d_model is even, FFN 2·d_model).
	Sizes  []string `json:"sizes"`
	Widths []int    `json:"widths"`
	Layers int      `json:"layers"`
	// Window geometry of every size.
	Context int `json:"context"`
	Horizon int `json:"horizon"`
	Patch   int `json:"patch"`
	// SystemCounts are the numbers of pretraining systems (0: all).
	SystemCounts []int `json:"system_counts"`
	// Steps are the evaluation checkpoints of every run (increasing).
	Steps []int   `json:"steps"`
	Seeds int     `json:"seeds"`
	Batch int     `json:"batch"`
	LR    float64 `json:"lr"`
	// Corpus: held-out systems (the evaluation tasks), training
	// trajectories per system and their length.
	HeldOut      int `json:"held_out"`
	Trajectories int `json:"trajectories"`
	Length       int `json:"length"`
	// Evaluation: forecast origins, rows forecast from each, sMAPE rows,
	// closed-loop rows for the attractor KL, λ1 steps (0: the sign
	// capability is skipped, it costs about 0.3 s per model and system).
	Origins       int `json:"origins"`
	EvalHorizon   int `json:"eval_horizon"`
	SMAPERows     int `json:"smape_rows"`
	LongRows      int `json:"long_rows"`
	LyapunovSteps int `json:"lyapunov_steps"`
	// Thresholds of the thresholded capabilities.
	VPTThresholds []float64 `json:"vpt_thresholds"`
	KLThreshold   float64   `json:"kl_threshold"`
	Workers       int       `json:"workers"`
}

// DefaultEmergenceParams returns the defaults (about 1.5 minutes on two
// cores).
func DefaultEmergenceParams() *EmergenceParams {
	return &EmergenceParams{
		Sizes: []string{"micro", "tiny"}, Layers: 1, Context: 64, Horizon: 16, Patch: 8,
		SystemCounts: []int{2, 4, 8, 16, 32, 64}, Steps: []int{100, 200, 400, 800, 1600, 3200}, Seeds: 2,
		Batch: 32, LR: 3e-3, HeldOut: 10, Trajectories: 2, Length: 600,
		Origins: 8, EvalHorizon: 256, SMAPERows: 16, LongRows: 1024,
		VPTThresholds: []float64{0.5, 1}, KLThreshold: DefaultGridKLThreshold, Workers: 2,
	}
}

// bad formats a parameter error naming the parameter.
func bad(name string, v any, why string) error {
	return fmt.Errorf("%s = %v: %s", name, v, why)
}

// Validate checks the parameters, naming the first bad one.
func (p *EmergenceParams) Validate() error {
	if len(p.Widths) == 0 {
		if len(p.Sizes) == 0 {
			return bad("sizes", p.Sizes, "give at least one preset (or widths)")
		}
		for i, s := range p.Sizes {
			if _, err := Preset(s); err != nil {
				return bad(fmt.Sprintf("sizes[%d]", i), s, "unknown preset (presets: "+strings.Join(Presets(), ", ")+")")
			}
		}
	}
	for i, w := range p.Widths {
		if w < 1 || w > 1024 {
			return bad(fmt.Sprintf("widths[%d]", i), w, "d_model must be in [1, 1024]")
		}
	}
	switch {
	case len(p.Widths) > 0 && (p.Layers < 1 || p.Layers > 16):
		return bad("layers", p.Layers, "must be in [1, 16]")
	case p.Context < 2 || p.Context > 4096:
		return bad("context", p.Context, "must be in [2, 4096]")
	case p.Horizon < 1 || p.Horizon > p.Context:
		return bad("horizon", p.Horizon, "must be in [1, context]")
	case p.Patch < 1 || p.Context%p.Patch != 0:
		return bad("patch", p.Patch, fmt.Sprintf("must divide context = %d", p.Context))
	case len(p.SystemCounts) == 0:
		return bad("system_counts", p.SystemCounts, "give at least one count")
	case len(p.Steps) == 0:
		return bad("steps", p.Steps, "give at least one checkpoint")
	case p.Seeds < 1 || p.Seeds > 100:
		return bad("seeds", p.Seeds, "must be in [1, 100]")
	case p.Batch < 1:
		return bad("batch", p.Batch, "must be at least 1")
	case !(p.LR > 0) || p.LR > 1:
		return bad("lr", p.LR, "must be in (0, 1]")
	case p.HeldOut < 1:
		return bad("held_out", p.HeldOut, "must be at least 1")
	case p.Trajectories < 1:
		return bad("trajectories", p.Trajectories, "must be at least 1")
	case p.Length < p.Context+p.Horizon:
		return bad("length", p.Length, fmt.Sprintf("must be at least context+horizon = %d", p.Context+p.Horizon))
	case p.Origins < 1:
		return bad("origins", p.Origins, "must be at least 1")
	case p.EvalHorizon < 1:
		return bad("eval_horizon", p.EvalHorizon, "must be at least 1")
	case p.SMAPERows < 1:
		return bad("smape_rows", p.SMAPERows, "must be at least 1")
	case p.LongRows < 16:
		return bad("long_rows", p.LongRows, "must be at least 16")
	case p.LyapunovSteps < 0:
		return bad("lyapunov_steps", p.LyapunovSteps, "must be non-negative")
	case !(p.KLThreshold > 0):
		return bad("kl_threshold", p.KLThreshold, "must be positive")
	case p.Workers < 0:
		return bad("workers", p.Workers, "must be non-negative")
	}
	for i, n := range p.SystemCounts {
		if n < 0 {
			return bad(fmt.Sprintf("system_counts[%d]", i), n, "must be non-negative (0: all systems)")
		}
	}
	for i, s := range p.Steps {
		if s < 1 || (i > 0 && s <= p.Steps[i-1]) {
			return bad("steps", p.Steps, "must be positive and increasing")
		}
	}
	for i, v := range p.VPTThresholds {
		if !(v > 0) || math.IsInf(v, 0) {
			return bad(fmt.Sprintf("vpt_thresholds[%d]", i), v, "must be positive")
		}
	}
	gc, err := p.grid(0)
	if err != nil {
		return err
	}
	for _, s := range gc.Sizes {
		if err := gc.sizeConfig(s).Validate(); err != nil {
			return bad("sizes", s.Name, err.Error())
		}
	}
	return nil
}

// Quick shrinks the grid for a smoke run of a few seconds: one small
// size and another, 6 short checkpoints, 2 system counts, 1 seed and 3
// held-out systems.
func (p *EmergenceParams) Quick() {
	p.Sizes, p.Widths, p.Layers = nil, []int{8, 16}, 1
	p.SystemCounts = []int{4, 12}
	p.Steps = []int{10, 20, 40, 80, 160, 320}
	p.Seeds = 1
	p.HeldOut = 3
	p.Trajectories = 1
	p.Length = min(p.Length, 400)
	p.Origins = min(p.Origins, 4)
	p.EvalHorizon = min(p.EvalHorizon, 128)
	p.LongRows = min(p.LongRows, 256)
	p.LyapunovSteps = 0
}

// grid translates the parameters.
func (p *EmergenceParams) grid(seed uint64) (GridConfig, error) {
	g := GridConfig{
		Corpus:        CorpusConfig{HoldOut: p.HeldOut, Trajectories: p.Trajectories, Length: p.Length, Seed: seed},
		Geometry:      Config{Context: p.Context, Horizon: p.Horizon, Patch: p.Patch},
		SystemCounts:  slices.Clone(p.SystemCounts),
		Steps:         slices.Clone(p.Steps),
		Replicates:    p.Seeds,
		Pretrain:      PretrainConfig{Batch: p.Batch, LR: p.LR},
		Eval:          EvalConfig{TrainRows: p.Context, Origins: p.Origins, Horizon: p.EvalHorizon, SMAPERows: min(p.SMAPERows, p.EvalHorizon), LongRows: p.LongRows, LyapunovSteps: p.LyapunovSteps},
		VPTThresholds: slices.Clone(p.VPTThresholds),
		KLThreshold:   p.KLThreshold,
		Seed:          seed,
		Workers:       p.Workers,
	}
	if g.VPTThresholds == nil {
		g.VPTThresholds = []float64{}
	}
	if len(p.Widths) > 0 {
		for _, w := range p.Widths {
			heads := 1
			if w%2 == 0 {
				heads = 2
			}
			g.Sizes = append(g.Sizes, GridSize{Name: fmt.Sprintf("d%d", w), Config: Config{DModel: w, Layers: p.Layers, Heads: heads, FFN: 2 * w}})
		}
	} else {
		for _, s := range p.Sizes {
			c, err := Preset(s)
			if err != nil {
				return g, err
			}
			c.Context, c.Horizon, c.Patch = 0, 0, 0
			g.Sizes = append(g.Sizes, GridSize{Name: strings.ToLower(s), Config: c})
		}
	}
	return g, nil
}

func init() {
	experiment.Register(experiment.Kind{
		Name:  KindEmergence,
		Title: "Foundation model: emergence of forecasting capabilities with scale",
		Description: "Pretrains the patch-Transformer foundation model over a grid of model sizes × numbers of pretraining " +
			"systems × seeds, evaluates every run zero-shot on held-out chaotic systems at several numbers of updates, and asks " +
			"whether capabilities emerge: continuous metrics (sMAPE, valid prediction time in Lyapunov times, attractor KL) and " +
			"thresholded ones (fraction of systems with VPT above a threshold, with KL below one) against each scale axis go to " +
			"the emergence toolkit's verdict (smooth vs sharp on held-out scales, bootstrap intervals, trivial baselines), which " +
			"flags a jump that only the thresholded metrics show as a metric artefact (Schaeffer et al. 2023).",
		Params:   func() any { return DefaultEmergenceParams() },
		Validate: func(p any) error { return p.(*EmergenceParams).Validate() },
		Quick:    func(p any) { p.(*EmergenceParams).Quick() },
		Run: func(ctx context.Context, p any, env *experiment.Env) (*experiment.Result, error) {
			return RunEmergenceExperiment(ctx, p.(*EmergenceParams), env)
		},
	})
	experiment.Register(experiment.Kind{
		Name:  KindHomogenization,
		Title: "Foundation model: homogenization and inherited defects",
		Description: "Adapts downstream models to several held-out systems (and a real series) from one shared pretrained model " +
			"(full fine-tuning and head-only), trains the same architecture from scratch on each task, and adapts from several " +
			"pretrained models differing in seed and corpus subset; on a common probe set it measures representation similarity " +
			"(linear CKA, mutual k-NN), error correlation, systemic failure against the independence baseline and outcome " +
			"homogenization per arm. A defect planted in the shared model's corpus (a system family removed, time-reversed or " +
			"sign-flipped) tests how many downstream models inherit it, against a null of a clean model of another seed.",
		Params:   func() any { return DefaultHomogParams() },
		Validate: func(p any) error { return p.(*HomogParams).Validate() },
		Quick:    func(p any) { p.(*HomogParams).Quick() },
		Run: func(ctx context.Context, p any, env *experiment.Env) (*experiment.Result, error) {
			return RunHomogenizationExperiment(ctx, p.(*HomogParams), env)
		},
	})
	experiment.Register(experiment.Kind{
		Name:  KindZeroShot,
		Title: "Foundation model: zero-shot forecasts against baselines",
		Description: "Pretrains one foundation model and scores it zero-shot on held-out chaotic systems (sMAPE, valid " +
			"prediction time, attractor KL) against the mean, persistence, context parroting and per-system NVAR and ESN " +
			"trained on each system's own rows.",
		Params:   func() any { return DefaultZeroShotParams() },
		Validate: func(p any) error { return p.(*ZeroShotParams).Validate() },
		Quick:    func(p any) { p.(*ZeroShotParams).Quick() },
		Run: func(ctx context.Context, p any, env *experiment.Env) (*experiment.Result, error) {
			return RunZeroShotExperiment(ctx, p.(*ZeroShotParams), env)
		},
	})
}

// metricKey turns a label into a metric name.
func metricKey(s string) string {
	r := strings.NewReplacer(" ", "_", "/", "_", ">", "gt", "<", "lt", "(", "", ")", "", ".", "p", "λ1", "lyapunov")
	return strings.ToLower(r.Replace(s))
}

// meanRange summarises replicate values as "mean [min, max]".
func meanRange(v []float64) string {
	var f []float64
	for _, x := range v {
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			f = append(f, x)
		}
	}
	switch len(f) {
	case 0:
		return "—"
	case 1:
		return experiment.Format(f[0])
	}
	return fmt.Sprintf("%s [%s, %s]", experiment.Format(mean(f)), experiment.Format(slices.Min(f)), experiment.Format(slices.Max(f)))
}

// interval formats an estimate with its interval.
func interval(iv emergence.Interval) string {
	if math.IsNaN(iv.Estimate) {
		return "—"
	}
	return fmt.Sprintf("%s [%s, %s]", experiment.Format(iv.Estimate), experiment.Format(iv.Lo), experiment.Format(iv.Hi))
}

// RunEmergenceExperiment runs the foundation-emergence experiment.
func RunEmergenceExperiment(ctx context.Context, p *EmergenceParams, env *experiment.Env) (*experiment.Result, error) {
	if env == nil {
		env = experiment.NewEnv(0)
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	g, err := p.grid(env.Seed)
	if err != nil {
		return nil, err
	}
	env.Logger.Info("foundation emergence grid", "sizes", len(g.Sizes), "system_counts", g.SystemCounts, "steps", g.Steps, "seeds", g.Replicates)
	r, err := RunGrid(ctx, g, func(done, total int) { env.Progress(done, total) })
	if err != nil {
		return nil, err
	}
	return emergenceResult(r, p), nil
}

// emergenceResult renders a grid.
func emergenceResult(r *GridResult, p *EmergenceParams) *experiment.Result {
	res := &experiment.Result{Title: "Emergence of zero-shot forecasting capabilities of the foundation model"}
	nRuns := len(r.Sizes) * len(r.SystemCounts) * r.Config.Replicates
	res.Summary = fmt.Sprintf("%d sizes (%d to %d parameters) × %d system counts (%d to %d) × %d seeds = %d pretraining runs, each evaluated after %v updates on %d held-out systems (%s).",
		len(r.Sizes), r.Params[0], r.Params[len(r.Params)-1], len(r.SystemCounts), r.SystemCounts[0], r.SystemCounts[len(r.SystemCounts)-1],
		r.Config.Replicates, nRuns, r.Steps, len(r.HeldOut), strings.Join(r.HeldOut, ", "))
	res.Metric("runs", float64(nRuns))
	res.Metric("held_out", float64(len(r.HeldOut)))
	// Frontier and baselines.
	fp, fs, ft := r.frontier()
	var front []GridPoint
	for _, pt := range r.Points {
		if pt.Params == fp && pt.Systems == fs && pt.Steps == ft {
			front = append(front, pt)
		}
	}
	for _, m := range r.Metrics {
		var v []float64
		for i := range front {
			v = append(v, m.Value(&front[i].Capability))
		}
		res.Metric("frontier_"+metricKey(m.Name), mean(v))
		for _, b := range r.Baselines {
			res.Metric(b.Name+"_"+metricKey(m.Name), m.Value(&b.Capability))
		}
	}
	// Grid table.
	gt := experiment.Table{Title: "Capabilities over the grid",
		Caption: fmt.Sprintf("Zero-shot on the %d held-out systems: mean [min, max] over %d seeds. Continuous metrics: mean sMAPE and KL, median VPT over the systems; the fractions count systems passing the threshold (resolution 1/%d).",
			len(r.HeldOut), r.Config.Replicates, len(r.HeldOut)),
		Columns: []string{"size", "parameters", "systems", "steps", "train loss"}}
	for _, m := range r.Metrics {
		gt.Columns = append(gt.Columns, m.Name)
	}
	for si, s := range r.Sizes {
		for _, n := range r.SystemCounts {
			for _, st := range r.Steps {
				var pts []GridPoint
				for _, pt := range r.Points {
					if pt.Params == r.Params[si] && pt.Systems == n && pt.Steps == st {
						pts = append(pts, pt)
					}
				}
				loss := make([]float64, len(pts))
				for i := range pts {
					loss[i] = pts[i].TrainLoss
				}
				row := []any{s.Name, r.Params[si], n, st, meanRange(loss)}
				for _, m := range r.Metrics {
					v := make([]float64, len(pts))
					for i := range pts {
						v[i] = m.Value(&pts[i].Capability)
					}
					row = append(row, meanRange(v))
				}
				gt.AddRow(row...)
			}
		}
	}
	// Baselines.
	bt := experiment.Table{Title: "Baselines on the held-out systems",
		Caption: "Trivial baselines (given to the verdicts) and context parroting (Zhang & Gilpin 2025; a reference, not a trivial baseline) with the models' context length.",
		Columns: []string{"baseline", "role"}}
	for _, m := range r.Metrics {
		bt.Columns = append(bt.Columns, m.Name)
	}
	for _, b := range r.Baselines {
		role := "trivial baseline"
		if !slices.Contains(r.Config.Baselines, b.Name) {
			role = "reference"
		}
		row := []any{b.Name, role}
		for _, m := range r.Metrics {
			row = append(row, m.Value(&b.Capability))
		}
		bt.AddRow(row...)
	}
	// Per system at the frontier.
	st := experiment.Table{Title: "Per held-out system at the frontier",
		Caption: fmt.Sprintf("The largest size, %d systems and %d steps (mean over seeds), against context parroting.", fs, ft),
		Columns: []string{"system", "λ1 (literature)", "sMAPE", "VPT", "KL", "parrot sMAPE", "parrot VPT", "parrot KL"}}
	var parrot *GridBaseline
	for i := range r.Baselines {
		if r.Baselines[i].Name == ParrotName {
			parrot = &r.Baselines[i]
		}
	}
	for i, name := range r.HeldOut {
		var sm, vp, kl []float64
		for _, pt := range front {
			sm, vp, kl = append(sm, pt.Scores[i].SMAPE), append(vp, pt.Scores[i].VPT), append(kl, pt.Scores[i].KL)
		}
		row := []any{name, r.Lyapunov[i], meanRange(sm), meanRange(vp), meanRange(kl)}
		if parrot != nil {
			ps := parrot.Scores[i]
			row = append(row, ps.SMAPE, ps.VPT, ps.KL)
		} else {
			row = append(row, "—", "—", "—")
		}
		st.AddRow(row...)
	}
	// Verdicts.
	vt := experiment.Table{Title: "Emergence verdicts",
		Caption: "emergence.Assess per scale axis with the other axes at their largest values: a capability is emergent only when a sharp transition (sigmoid or broken power law preferred on held-out scales, narrow, resolved by ≥ 3 sampled scales) appears in every continuous metric and clears the trivial baselines; a jump in thresholded metrics only is a mirage (Schaeffer et al. 2023). Fewer than 6 scales: inconclusive.",
		Columns: []string{"axis", "scales", "other axes", "verdict", "metric artefact (mirage)", "reasons"}}
	mt := experiment.Table{Title: "Per-metric analysis",
		Caption: "Held-out best model (leave-one-scale-out), the transition tests, the capability at the largest scale with its bootstrap interval over seeds, the best trivial baseline, and the 95% bootstrap interval of the fitted sigmoid's centre and 10–90% width in ln scale.",
		Columns: []string{"axis", "metric", "kind", "held-out best", "sharp", "suggested (AICc)", "resolved", "capability at largest scale", "best trivial baseline", "beats baseline", "sigmoid centre", "sigmoid width (ln)"}}
	for _, v := range r.Verdicts {
		code := float64(v.Verdict.Label)
		mirage := 0.0
		if v.Verdict.Mirage {
			mirage = 1
		}
		label := v.Verdict.Label.String()
		if v.Err != "" {
			label, code = "error", math.NaN()
		}
		res.Metric("verdict_"+v.Axis, code)
		res.Metric("mirage_"+v.Axis, mirage)
		reasons := strings.Join(v.Verdict.Reasons, "; ")
		if v.Err != "" || tooFewScales(v) > 0 {
			reasons = verdictText(v)
		}
		vt.AddRow(v.Axis, len(r.axisValues(v.Axis)), v.Fixed, label, v.Verdict.Mirage, reasons)
		res.Notes = append(res.Notes, fmt.Sprintf("%s axis (%d scales; %s): %s.", v.Axis, len(r.axisValues(v.Axis)), v.Fixed, verdictText(v)))
		for _, m := range v.Verdict.Metrics {
			kind := "thresholded"
			if m.Continuous {
				kind = "continuous"
			}
			centre, width := "—", "—"
			for _, t := range v.Transitions {
				if t.Metric == m.Name && t.Err == "" {
					centre, width = interval(t.Centre), interval(t.Width)
				}
			}
			base := any("—")
			if m.HasBaseline {
				base = m.BestBaseline
			}
			mt.AddRow(v.Axis, m.Name, kind, m.Comparison.Best.String(), m.Sharp, m.Suggested, m.Resolved, interval(m.Capability), base, m.BeatsBaseline, centre, width)
		}
	}
	res.Tables = append(res.Tables, vt, mt, gt, bt, st)
	// Plots: every metric against every axis.
	for _, axis := range GridAxes {
		for _, m := range r.Metrics {
			res.Plots = append(res.Plots, axisPlot(r, axis, m))
		}
	}
	res.Notes = append(res.Notes,
		fmt.Sprintf("Resolution: %d sizes, %d system counts and %d step checkpoints; emergence.Assess needs 6 scales on an axis (a 4-parameter sigmoid compared on held-out scales), so axes with fewer are inconclusive by design. Dense grid: params {\"widths\": [8, 12, 16, 24, 32, 48], \"system_counts\": [2, 4, 8, 16, 32, 64], \"steps\": [100, 200, 400, 800, 1600, 3200, 6400], \"seeds\": 3} (about 7 minutes on two cores).",
			len(r.Sizes), len(r.SystemCounts), len(r.Steps)),
		"The steps axis reads checkpoints of one run per cell under a single warm-up + cosine schedule over the largest step count (as in Pythia-style checkpoint sweeps): an early checkpoint has a higher learning rate than a run of that length would end with.",
		fmt.Sprintf("Thresholded metrics move in steps of 1/%d (one held-out system); a jump of one system between two scales is what a sharp-looking thresholded curve can be made of.", len(r.HeldOut)),
	)
	if parrot != nil && len(front) > 0 {
		var parts []string
		for _, m := range r.Metrics[:3] {
			var v []float64
			for i := range front {
				v = append(v, m.Value(&front[i].Capability))
			}
			f, b := mean(v), m.Value(&parrot.Capability)
			better := f > b
			if m.LowerIsBetter {
				better = f < b
			}
			word := "worse than"
			if better {
				word = "better than"
			}
			parts = append(parts, fmt.Sprintf("%s %.4g, %s the parrot's %.4g", m.Name, f, word, b))
		}
		res.Notes = append(res.Notes, "At the frontier, against context parroting on the same contexts: "+strings.Join(parts, "; ")+".")
	}
	return res
}

// verdictText is a verdict in one sentence; a verdict refused for too
// few scales is condensed.
func verdictText(v AxisVerdict) string {
	if v.Err != "" {
		return "no verdict: " + v.Err
	}
	if few := tooFewScales(v); few > 0 {
		return fmt.Sprintf("inconclusive: %d scales, fewer than the %d a transition needs to be told from smooth scaling on held-out scales", few, emergence.DefaultMinScales)
	}
	return v.Verdict.String()
}

// tooFewScales returns the number of scales of an axis whose verdict was
// refused for having too few (0 otherwise).
func tooFewScales(v AxisVerdict) int {
	if v.Verdict.Label != emergence.Inconclusive || len(v.Verdict.Metrics) > 0 || len(v.Curves) == 0 {
		return 0
	}
	for _, r := range v.Verdict.Reasons {
		if !strings.Contains(r, " scales; at least ") {
			return 0
		}
	}
	return len(v.Curves[0].Scale)
}

// axisPlot draws one metric against one axis: the mean over seeds for
// every combination of the other axes (at the last checkpoint for the
// params and systems axes), with the baselines as reference lines.
func axisPlot(r *GridResult, axis string, m GridMetric) experiment.Plot {
	xl := map[string]string{AxisParams: "parameters", AxisSystems: "pretraining systems", AxisSteps: "pretraining updates"}[axis]
	pl := experiment.Plot{Kind: experiment.Line, Title: fmt.Sprintf("%s vs %s", m.Name, xl), XLabel: xl, YLabel: m.Name, LogX: true,
		Caption: "Means over seeds (zero-shot on the held-out systems); dashed lines: baselines."}
	vals := r.axisValues(axis)
	type slice struct {
		name                   string
		params, systems, steps int
	}
	var lines []slice
	_, _, ft := r.frontier()
	switch axis {
	case AxisParams:
		for _, n := range r.SystemCounts {
			lines = append(lines, slice{fmt.Sprintf("%d systems", n), 0, n, ft})
		}
	case AxisSystems:
		for i, s := range r.Sizes {
			lines = append(lines, slice{s.Name, r.Params[i], 0, ft})
		}
	case AxisSteps:
		for i, s := range r.Sizes {
			for _, n := range r.SystemCounts {
				lines = append(lines, slice{fmt.Sprintf("%s, %d systems", s.Name, n), r.Params[i], n, 0})
			}
		}
	}
	for _, sl := range lines {
		groups := r.Slice(axis, sl.params, sl.systems, sl.steps)
		var x, y []float64
		for k, pts := range groups {
			var v []float64
			for i := range pts {
				if f := m.Value(&pts[i].Capability); !math.IsNaN(f) {
					v = append(v, f)
				}
			}
			if len(v) > 0 {
				x, y = append(x, float64(vals[k])), append(y, mean(v))
			}
		}
		s := experiment.NewSeries(sl.name, x, y)
		s.Marker = true
		pl.Series = append(pl.Series, s)
	}
	for _, b := range r.Baselines {
		if v := m.Value(&b.Capability); !math.IsNaN(v) {
			pl.HLines = append(pl.HLines, experiment.Ref{At: experiment.Float(v), Label: b.Name})
		}
	}
	return pl
}

// HomogParams are the parameters of the foundation-homogenization
// experiment.
type HomogParams struct {
	// Size is the preset of every model; Context, Horizon and Patch its
	// window geometry.
	Size    string `json:"size"`
	Context int    `json:"context"`
	Horizon int    `json:"horizon"`
	Patch   int    `json:"patch"`
	// Pretraining of every foundation model.
	PretrainSteps int     `json:"pretrain_steps"`
	Batch         int     `json:"batch"`
	LR            float64 `json:"lr"`
	Trajectories  int     `json:"trajectories"`
	Length        int     `json:"length"`
	// Tasks held-out systems are downstream tasks, ProbeSystems more
	// only give probes; Real names shipped data sets added as tasks.
	Tasks        int      `json:"tasks"`
	ProbeSystems int      `json:"probe_systems"`
	Real         []string `json:"real"`
	TaskRows     int      `json:"task_rows"`
	TrainShare   float64  `json:"train_share"`
	// Adaptation of the pretrained arms (modes "full", "head") and
	// training of the scratch arm.
	Modes        []string `json:"modes"`
	AdaptSteps   int      `json:"adapt_steps"`
	ScratchSteps int      `json:"scratch_steps"`
	// The multi arm: pretrained models and the share of systems each
	// sees.
	Foundations    int     `json:"foundations"`
	SubsetFraction float64 `json:"subset_fraction"`
	// Measures: probes per source, the failure quantile, k of mutual
	// k-NN, permutations of the systemic-failure test.
	Probes       int     `json:"probes"`
	FailQuantile float64 `json:"fail_quantile"`
	KNN          int     `json:"knn"`
	Permutations int     `json:"permutations"`
	// The planted defect: kind (remove, reverse, flip, none), the family
	// (a name prefix, or explicit systems), the excess log error that
	// flags a carrier and the number of family and control probes.
	Defect        string   `json:"defect"`
	DefectFamily  string   `json:"defect_family"`
	DefectSystems []string `json:"defect_systems"`
	DefectMargin  float64  `json:"defect_margin"`
	DefectProbes  int      `json:"defect_probes"`
	Workers       int      `json:"workers"`
}

// DefaultHomogParams returns the defaults (about a minute on two
// cores).
func DefaultHomogParams() *HomogParams {
	return &HomogParams{
		Size: "tiny", Context: 64, Horizon: 16, Patch: 8,
		PretrainSteps: 5000, Batch: 32, LR: 3e-3, Trajectories: 2, Length: 600,
		Tasks: 5, ProbeSystems: 4, Real: []string{"co2"}, TaskRows: DefaultHomogTaskRows, TrainShare: DefaultHomogTrainShare,
		Modes: []string{ModeFull, ModeHead}, AdaptSteps: DefaultAdaptSteps, ScratchSteps: scratchStepFactor * DefaultAdaptSteps,
		Foundations: DefaultHomogFoundations, SubsetFraction: DefaultHomogSubset,
		Probes: DefaultHomogProbes, FailQuantile: DefaultHomogFailQuantile, KNN: DefaultHomogKNN, Permutations: DefaultHomogPermutations,
		Defect: DefectRemove, DefectFamily: DefaultDefectPrefix, DefectMargin: DefaultDefectMargin, DefectProbes: DefaultDefectProbes,
		Workers: 2,
	}
}

// Validate checks the parameters, naming the first bad one.
func (p *HomogParams) Validate() error {
	if _, err := Preset(p.Size); err != nil {
		return bad("size", p.Size, "unknown preset (presets: "+strings.Join(Presets(), ", ")+")")
	}
	switch {
	case p.Context < 2 || p.Context > 4096:
		return bad("context", p.Context, "must be in [2, 4096]")
	case p.Horizon < 1 || p.Horizon > p.Context:
		return bad("horizon", p.Horizon, "must be in [1, context]")
	case p.Patch < 1 || p.Context%p.Patch != 0:
		return bad("patch", p.Patch, fmt.Sprintf("must divide context = %d", p.Context))
	case p.PretrainSteps < 1:
		return bad("pretrain_steps", p.PretrainSteps, "must be at least 1")
	case p.Batch < 1:
		return bad("batch", p.Batch, "must be at least 1")
	case !(p.LR > 0) || p.LR > 1:
		return bad("lr", p.LR, "must be in (0, 1]")
	case p.Trajectories < 1:
		return bad("trajectories", p.Trajectories, "must be at least 1")
	case p.Length < p.Context+p.Horizon:
		return bad("length", p.Length, fmt.Sprintf("must be at least context+horizon = %d", p.Context+p.Horizon))
	case p.Tasks < 2:
		return bad("tasks", p.Tasks, "must be at least 2")
	case p.ProbeSystems < 0:
		return bad("probe_systems", p.ProbeSystems, "must be non-negative")
	case p.TaskRows < 4*(p.Context+p.Horizon):
		return bad("task_rows", p.TaskRows, fmt.Sprintf("must be at least 4·(context+horizon) = %d", 4*(p.Context+p.Horizon)))
	case !(p.TrainShare > 0 && p.TrainShare < 1):
		return bad("train_share", p.TrainShare, "must be in (0, 1)")
	case len(p.Modes) == 0:
		return bad("modes", p.Modes, "give at least one of full, head")
	case p.AdaptSteps < 1:
		return bad("adapt_steps", p.AdaptSteps, "must be at least 1")
	case p.ScratchSteps < 1:
		return bad("scratch_steps", p.ScratchSteps, "must be at least 1")
	case p.Foundations < 2:
		return bad("foundations", p.Foundations, "must be at least 2")
	case !(p.SubsetFraction > 0 && p.SubsetFraction <= 1):
		return bad("subset_fraction", p.SubsetFraction, "must be in (0, 1]")
	case p.Probes < 2:
		return bad("probes", p.Probes, "must be at least 2")
	case !(p.FailQuantile > 0 && p.FailQuantile < 1):
		return bad("fail_quantile", p.FailQuantile, "must be in (0, 1)")
	case p.KNN < 1:
		return bad("knn", p.KNN, "must be at least 1")
	case p.Permutations < 0:
		return bad("permutations", p.Permutations, "must be non-negative")
	case !slices.Contains([]string{DefectRemove, DefectReverse, DefectFlip, DefectNone}, p.Defect):
		return bad("defect", p.Defect, "want remove, reverse, flip or none")
	case p.DefectFamily == "" && len(p.DefectSystems) == 0 && p.Defect != DefectNone:
		return bad("defect_family", p.DefectFamily, "give a name prefix or defect_systems")
	case !(p.DefectMargin > 0):
		return bad("defect_margin", p.DefectMargin, "must be positive")
	case p.DefectProbes < 2:
		return bad("defect_probes", p.DefectProbes, "must be at least 2")
	case p.Workers < 0:
		return bad("workers", p.Workers, "must be non-negative")
	}
	for i, m := range p.Modes {
		if m != ModeFull && m != ModeHead {
			return bad(fmt.Sprintf("modes[%d]", i), m, "want full or head")
		}
	}
	known := dataNames()
	for i, n := range p.Real {
		if !slices.Contains(known, strings.ToLower(n)) {
			return bad(fmt.Sprintf("real[%d]", i), n, "unknown data set (data sets: "+strings.Join(known, ", ")+")")
		}
	}
	return nil
}

// Quick shrinks the study for a smoke run of a few seconds.
func (p *HomogParams) Quick() {
	p.Size = "micro"
	p.PretrainSteps = min(p.PretrainSteps, 300)
	p.Trajectories = 1
	p.Length = min(p.Length, 400)
	p.Tasks, p.ProbeSystems, p.Real = 2, 1, nil
	p.TaskRows = min(p.TaskRows, 600)
	p.AdaptSteps = min(p.AdaptSteps, 50)
	p.ScratchSteps = min(p.ScratchSteps, 100)
	p.Foundations = 2
	p.Probes = min(p.Probes, 16)
	p.Permutations = min(p.Permutations, 50)
	p.DefectProbes = min(p.DefectProbes, 64)
}

// config translates the parameters.
func (p *HomogParams) config(seed uint64) (HomogConfig, error) {
	c, err := Preset(p.Size)
	if err != nil {
		return HomogConfig{}, err
	}
	c.Context, c.Horizon, c.Patch = p.Context, p.Horizon, p.Patch
	return HomogConfig{
		Corpus:   CorpusConfig{Trajectories: p.Trajectories, Length: p.Length, Seed: seed},
		Model:    c,
		Pretrain: PretrainConfig{Steps: p.PretrainSteps, Batch: p.Batch, LR: p.LR, CheckpointEvery: min(p.PretrainSteps, DefaultCheckpointEvery)},
		Tasks:    p.Tasks, ProbeSystems: p.ProbeSystems, Real: slices.Clone(p.Real),
		TaskRows: p.TaskRows, TrainShare: p.TrainShare, Modes: slices.Clone(p.Modes),
		Adapt:        Adaptation{Steps: p.AdaptSteps, Batch: p.Batch},
		ScratchSteps: p.ScratchSteps, ScratchLR: p.LR,
		Foundations: p.Foundations, SubsetFraction: p.SubsetFraction,
		ProbesPerSource: p.Probes, FailQuantile: p.FailQuantile, KNN: p.KNN, Permutations: p.Permutations,
		Defect:  Defect{Kind: p.Defect, Prefix: p.DefectFamily, Systems: slices.Clone(p.DefectSystems), Margin: p.DefectMargin, Probes: p.DefectProbes},
		Seed:    seed,
		Workers: p.Workers,
	}, nil
}

// RunHomogenizationExperiment runs the foundation-homogenization
// experiment.
func RunHomogenizationExperiment(ctx context.Context, p *HomogParams, env *experiment.Env) (*experiment.Result, error) {
	if env == nil {
		env = experiment.NewEnv(0)
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	h, err := p.config(env.Seed)
	if err != nil {
		return nil, err
	}
	env.Logger.Info("foundation homogenization", "size", p.Size, "tasks", p.Tasks, "real", p.Real, "defect", p.Defect)
	r, err := RunHomogenization(ctx, h, func(done, total int) { env.Progress(done, total) })
	if err != nil {
		return nil, err
	}
	return homogResult(r), nil
}

// homogResult renders a homogenization study.
func homogResult(r *HomogResult) *experiment.Result {
	h := r.Config
	K := len(r.Tasks)
	res := &experiment.Result{Title: "Homogenization of downstream models adapted from foundation models"}
	res.Summary = fmt.Sprintf("%d downstream tasks (%s); %d common probes from %d sources; arms: %s.",
		K, strings.Join(r.Tasks, ", "), r.Probes, len(r.ProbeSources), strings.Join(armNames(r.Arms), ", "))
	at := experiment.Table{Title: "Homogenization by arm",
		Caption: fmt.Sprintf("Off-diagonal means over the %d downstream models of each arm on the %d common probes: linear CKA and mutual %d-NN (cosine) of the representations, Pearson correlation of the log errors. A model fails the probes above its own %.0f%% error quantile; systemic failure is the share of probes every model fails, against the independence (Poisson-binomial) value, with a permutation p-value (%d shuffles); \"within sources\" repeats it with each model's quantile taken within each probe source, so that a source hard for every model is not a shared failure; H is Bommasani et al.'s outcome homogenization (H^avg) per probe and per probe source (1 = independence).",
			K, r.Probes, h.KNN, 100*h.FailQuantile, h.Permutations),
		Columns: []string{"arm", "CKA", "mutual k-NN", "error corr.", "systemic failure", "independent", "ratio", "p (perm.)", "overdispersion", "ratio within sources", "p within (perm.)", "H (probes)", "H (sources)", "H worst (sources)", "own-task log err", "probe log err"}}
	sim := experiment.Plot{Kind: experiment.Bar, Title: "Similarity of the downstream models by arm", YLabel: "off-diagonal mean",
		Caption: "Linear CKA and mutual k-NN of representations, correlation of log errors on the common probes."}
	sys := experiment.Plot{Kind: experiment.Bar, Title: "Systemic failure by arm", YLabel: "share of probes failed by every model",
		Caption: "Observed against the independence baseline with the same failure rates."}
	var cka, knn, ec, obs, exp []float64
	for _, a := range r.Arms {
		key := metricKey(a.Name)
		res.Metric("cka_"+key, a.MeanCKA)
		res.Metric("knn_"+key, a.MeanKNN)
		res.Metric("errcorr_"+key, a.MeanErrCorr)
		res.Metric("systemic_failure_"+key, a.Systemic.SystemicFailure)
		res.Metric("systemic_ratio_"+key, a.Systemic.FailureRatio)
		res.Metric("systemic_ratio_within_"+key, a.SystemicWithin.FailureRatio)
		res.Metric("h_"+key, a.Outcome.Avg)
		res.Metric("h_sources_"+key, a.GroupOutcome.Avg)
		res.Metric("task_logerr_"+key, a.MeanTaskLogErr)
		at.AddRow(a.Name, a.MeanCKA, a.MeanKNN, a.MeanErrCorr, a.Systemic.SystemicFailure, a.Systemic.ExpectedFailure, a.Systemic.FailureRatio,
			a.Systemic.PermSystemic, a.Systemic.Overdispersion, a.SystemicWithin.FailureRatio, a.SystemicWithin.PermSystemic, a.Outcome.Avg, a.GroupOutcome.Avg, a.GroupOutcome.Worst, a.MeanTaskLogErr, a.MeanProbeLogErr)
		sim.Categories = append(sim.Categories, a.Name)
		sys.Categories = append(sys.Categories, a.Name)
		cka, knn, ec = append(cka, a.MeanCKA), append(knn, a.MeanKNN), append(ec, a.MeanErrCorr)
		obs, exp = append(obs, a.Systemic.SystemicFailure), append(exp, a.Systemic.ExpectedFailure)
		if a.Err != "" {
			res.Notes = append(res.Notes, fmt.Sprintf("%s: %s.", a.Name, a.Err))
		}
	}
	sim.Series = []experiment.Series{experiment.NewSeries("CKA", nil, cka), experiment.NewSeries("mutual k-NN", nil, knn), experiment.NewSeries("error correlation", nil, ec)}
	sys.Series = []experiment.Series{experiment.NewSeries("observed", nil, obs), experiment.NewSeries("independent", nil, exp)}
	mt := experiment.Table{Title: "Downstream models",
		Caption: "Mean log normalised squared error of the one-block forecast on each task's own test probes (lower is better); base: the pretrained model adapted (−1: trained from scratch).",
		Columns: []string{"arm", "task", "base", "own-task log err"}}
	for _, a := range r.Arms {
		for _, m := range a.Models {
			mt.AddRow(a.Name, m.Task, m.Base, m.TaskLogErr)
		}
	}
	dt := experiment.Table{Title: "Distribution of the number of models failing a probe",
		Caption: "Observed share of probes failed by exactly j models against the Poisson-binomial independence baseline.",
		Columns: []string{"arm"}}
	for j := 0; j <= K; j++ {
		dt.Columns = append(dt.Columns, fmt.Sprintf("j=%d", j))
	}
	for _, a := range r.Arms {
		if len(a.Systemic.Observed) != K+1 {
			continue
		}
		ro := []any{a.Name + " observed"}
		re := []any{a.Name + " independent"}
		for j := 0; j <= K; j++ {
			ro, re = append(ro, a.Systemic.Observed[j]), append(re, a.Systemic.Expected[j])
		}
		dt.AddRow(ro...)
		dt.AddRow(re...)
	}
	res.Tables = append(res.Tables, at, mt, dt)
	res.Plots = append(res.Plots, sim, sys)
	for _, a := range r.Arms {
		if a.CKA == nil {
			continue
		}
		hm := experiment.Plot{Kind: experiment.Heat, Title: "CKA between the downstream models: " + a.Name,
			Caption: "Linear CKA of the representations on the common probes (1 on the diagonal).", Rows: r.Tasks, Cols: r.Tasks}
		for _, row := range a.CKA {
			hm.Matrix = append(hm.Matrix, experiment.Floats(row))
		}
		res.Plots = append(res.Plots, hm)
	}
	if r.CKA != nil {
		hm := experiment.Plot{Kind: experiment.Heat, Title: "CKA between every downstream model of every arm",
			Caption: "Blocks of the same arm on the diagonal.", Rows: r.Labels, Cols: r.Labels}
		for _, row := range r.CKA {
			hm.Matrix = append(hm.Matrix, experiment.Floats(row))
		}
		res.Plots = append(res.Plots, hm)
	}
	// Notes on the measures.
	byName := map[string]*HomogArm{}
	for i := range r.Arms {
		byName[r.Arms[i].Name] = &r.Arms[i]
	}
	var parts []string
	for _, a := range r.Arms {
		parts = append(parts, fmt.Sprintf("%s %.3f", a.Name, a.MeanCKA))
	}
	res.Notes = append(res.Notes, "Mean CKA between downstream models: "+strings.Join(parts, ", ")+".")
	if a, ok := byName[ArmShared+"/"+ModeHead]; ok {
		res.Notes = append(res.Notes, fmt.Sprintf("Head-only adaptation leaves the shared backbone untouched, so every %s model has the same representation (CKA %.3f by construction); its outcomes still differ through the heads (error correlation %.3f).", a.Name, a.MeanCKA, a.MeanErrCorr))
	}
	sf, okS := byName[ArmShared+"/"+h.Modes[0]]
	mf, okM := byName[ArmMulti+"/"+h.Modes[0]]
	sc := byName[ArmScratch]
	if okS && okM && sc != nil {
		order := func(v func(a *HomogArm) float64, what string) string {
			s, m, x := v(sf), v(mf), v(sc)
			verdict := "as expected, shared > multi > scratch"
			if !(s > m && m > x) {
				verdict = "not the expected order shared > multi > scratch"
			}
			return fmt.Sprintf("%s: shared %.3f, multi %.3f, scratch %.3f (%s)", what, s, m, x, verdict)
		}
		res.Notes = append(res.Notes, fmt.Sprintf("With %s adaptation — %s; %s; %s; %s.", h.Modes[0],
			order(func(a *HomogArm) float64 { return a.MeanCKA }, "CKA"),
			order(func(a *HomogArm) float64 { return a.MeanErrCorr }, "error correlation"),
			order(func(a *HomogArm) float64 { return a.Systemic.FailureRatio }, "systemic failure over independence"),
			order(func(a *HomogArm) float64 { return a.SystemicWithin.FailureRatio }, "the same within probe sources")))
	}
	minWithin := math.Inf(1)
	for _, a := range r.Arms {
		minWithin = min(minWithin, a.SystemicWithin.FailureRatio)
	}
	res.Notes = append(res.Notes, fmt.Sprintf("Failures are relative (each model fails its worst %.0f%% of probes), so every arm has the same failure rates and the same independence baseline. Systemic failure is far above independence in every arm, the scratch one included, and stays so with failures taken within each probe source (ratio ≥ %.3g): some instances are hard for any model, so the differences between arms, not the ratios themselves, speak to homogenization.", 100*(1-h.FailQuantile), minWithin))
	if len(r.Inheritance) == 0 {
		res.Notes = append(res.Notes, "No defect planted (defect = none): no inheritance test.")
		return res
	}
	// Inheritance.
	res.Metric("base_excess", r.BaseExcess)
	res.Metric("null_excess", r.NullExcess)
	it := experiment.Table{Title: "Inheritance of the planted defect",
		Caption: fmt.Sprintf("Defect: %s the %d %s systems from the shared model's corpus. Excess = (family-probe log error − reference's) − (control-probe log error − reference's), the reference being the clean shared model adapted to the same task in the same mode; a model carries the defect when its excess exceeds %.3g. Multi: task k adapted from pretrained model k mod %d (model 0 defective). Null: a clean model of another seed (false positives).",
			defectVerb(h.Defect.Kind), len(r.Family), familyName(&h.Defect), h.Defect.Margin, h.Foundations),
		Columns: append([]string{"arm"}, append(slices.Clone(r.Tasks), "mean excess", "carriers", "vs null (paired mean)", "paired t", "p (one-sided)")...)}
	bar := experiment.Plot{Kind: experiment.Bar, Title: "Downstream models carrying the planted defect", YLabel: "models (of " + fmt.Sprint(K) + ")",
		Caption: "Shared: every task adapted from the defective model; multi: one of the pretrained models is defective; null: a clean model of another seed."}
	ex := experiment.Plot{Kind: experiment.Bar, Title: "Excess log error on the defect's family by task", YLabel: "excess log error", Categories: r.Tasks,
		HLines: []experiment.Ref{{At: experiment.Float(h.Defect.Margin), Label: "margin"}}}
	var carriers []float64
	for _, ia := range r.Inheritance {
		row := []any{ia.Name}
		for _, e := range ia.Excess {
			row = append(row, e)
		}
		row = append(row, ia.Mean, fmt.Sprintf("%d/%d", ia.Carriers, ia.Of), ia.VsNull, ia.VsNullT, ia.VsNullP)
		it.AddRow(row...)
		res.Metric("carriers_"+metricKey(ia.Name), float64(ia.Carriers))
		res.Metric("mean_excess_"+metricKey(ia.Name), ia.Mean)
		bar.Categories = append(bar.Categories, ia.Name)
		carriers = append(carriers, float64(ia.Carriers))
		ex.Series = append(ex.Series, experiment.NewSeries(ia.Name, nil, ia.Excess))
	}
	bar.Series = []experiment.Series{experiment.NewSeries("carriers", nil, carriers)}
	bar.HLines = []experiment.Ref{{At: experiment.Float(K), Label: "all tasks"}}
	res.Tables = append(res.Tables, it)
	res.Plots = append(res.Plots, bar, ex)
	res.Notes = append(res.Notes, fmt.Sprintf("The planted defect on the pretrained models themselves: excess %.3f for the defective shared model against %.3f for a clean model of another seed (the null's spread sets the scale of the %.3g margin).", r.BaseExcess, r.NullExcess, h.Defect.Margin))
	var ip []string
	for _, ia := range r.Inheritance {
		ip = append(ip, fmt.Sprintf("%s %d/%d", ia.Name, ia.Carriers, ia.Of))
	}
	res.Notes = append(res.Notes, "Carriers of the defect: "+strings.Join(ip, ", ")+".")
	inh := map[string]InheritanceArm{}
	for _, ia := range r.Inheritance {
		inh[ia.Name] = ia
	}
	for _, mode := range h.Modes {
		s, n := inh[ArmShared+"/"+mode], inh[ArmNull+"/"+mode]
		verdict := "not significantly above the null at the 5% level"
		if s.VsNullP < 0.05 {
			verdict = "significantly above the null (p < 0.05): the defect is inherited on average"
		}
		res.Notes = append(res.Notes, fmt.Sprintf("After %s adaptation the shared arm keeps a mean excess of %.3f (%.0f%% of the planted %.3f) against %.3f for the null arm; paired over the %d tasks the difference is %.3f (t = %.2f, one-sided p = %.3g), %s.",
			mode, s.Mean, 100*s.Mean/r.BaseExcess, r.BaseExcess, n.Mean, K, s.VsNull, s.VsNullT, s.VsNullP, verdict))
		res.Metric("inherit_p_"+metricKey(ArmShared+"/"+mode), s.VsNullP)
	}
	return res
}

func armNames(a []HomogArm) []string {
	var out []string
	for _, x := range a {
		out = append(out, x.Name)
	}
	return out
}

func defectVerb(kind string) string {
	switch kind {
	case DefectReverse:
		return "time-reversing"
	case DefectFlip:
		return "sign-flipping"
	}
	return "removing"
}

func familyName(d *Defect) string {
	if len(d.Systems) > 0 {
		return strings.Join(d.Systems, ", ")
	}
	return d.Prefix + "*"
}

// dataNames lists the shipped data sets in lower case.
func dataNames() []string {
	var out []string
	for _, in := range data.List() {
		out = append(out, strings.ToLower(in.Name))
	}
	return out
}

// ZeroShotParams are the parameters of the foundation-zeroshot
// experiment.
type ZeroShotParams struct {
	Size          string   `json:"size"`
	Context       int      `json:"context"`
	Horizon       int      `json:"horizon"`
	Patch         int      `json:"patch"`
	Steps         int      `json:"steps"`
	Batch         int      `json:"batch"`
	LR            float64  `json:"lr"`
	HeldOut       int      `json:"held_out"`
	Trajectories  int      `json:"trajectories"`
	Length        int      `json:"length"`
	TrainRows     int      `json:"train_rows"`
	Origins       int      `json:"origins"`
	EvalHorizon   int      `json:"eval_horizon"`
	SMAPERows     int      `json:"smape_rows"`
	LongRows      int      `json:"long_rows"`
	LyapunovSteps int      `json:"lyapunov_steps"`
	Baselines     []string `json:"baselines"`
}

// DefaultZeroShotParams returns the defaults (under a minute on two
// cores).
func DefaultZeroShotParams() *ZeroShotParams {
	return &ZeroShotParams{Size: "tiny", Context: 64, Horizon: 16, Patch: 8, Steps: 4000, Batch: 32, LR: 3e-3,
		HeldOut: 8, Trajectories: 2, Length: 600, TrainRows: 1024, Origins: 8, EvalHorizon: 256, SMAPERows: 16, LongRows: 1024,
		Baselines: []string{"mean", "persistence", ParrotName, "nvar", "esn"}}
}

// Validate checks the parameters, naming the first bad one.
func (p *ZeroShotParams) Validate() error {
	if _, err := Preset(p.Size); err != nil {
		return bad("size", p.Size, "unknown preset (presets: "+strings.Join(Presets(), ", ")+")")
	}
	switch {
	case p.Context < 2 || p.Context > 4096:
		return bad("context", p.Context, "must be in [2, 4096]")
	case p.Horizon < 1 || p.Horizon > p.Context:
		return bad("horizon", p.Horizon, "must be in [1, context]")
	case p.Patch < 1 || p.Context%p.Patch != 0:
		return bad("patch", p.Patch, fmt.Sprintf("must divide context = %d", p.Context))
	case p.Steps < 1:
		return bad("steps", p.Steps, "must be at least 1")
	case p.Batch < 1:
		return bad("batch", p.Batch, "must be at least 1")
	case !(p.LR > 0) || p.LR > 1:
		return bad("lr", p.LR, "must be in (0, 1]")
	case p.HeldOut < 1:
		return bad("held_out", p.HeldOut, "must be at least 1")
	case p.Trajectories < 1:
		return bad("trajectories", p.Trajectories, "must be at least 1")
	case p.Length < p.Context+p.Horizon:
		return bad("length", p.Length, fmt.Sprintf("must be at least context+horizon = %d", p.Context+p.Horizon))
	case p.TrainRows < p.Context:
		return bad("train_rows", p.TrainRows, fmt.Sprintf("must be at least context = %d", p.Context))
	case p.Origins < 1:
		return bad("origins", p.Origins, "must be at least 1")
	case p.EvalHorizon < 1:
		return bad("eval_horizon", p.EvalHorizon, "must be at least 1")
	case p.SMAPERows < 1:
		return bad("smape_rows", p.SMAPERows, "must be at least 1")
	case p.LongRows < 16:
		return bad("long_rows", p.LongRows, "must be at least 16")
	case p.LyapunovSteps < 0:
		return bad("lyapunov_steps", p.LyapunovSteps, "must be non-negative")
	}
	for i, b := range p.Baselines {
		if !slices.Contains(BaselineNames, b) {
			return bad(fmt.Sprintf("baselines[%d]", i), b, "unknown baseline (baselines: "+strings.Join(BaselineNames, ", ")+")")
		}
	}
	return nil
}

// Quick shrinks the run for a smoke test of a few seconds.
func (p *ZeroShotParams) Quick() {
	p.Size = "micro"
	p.Steps = min(p.Steps, 300)
	p.HeldOut = min(p.HeldOut, 2)
	p.Trajectories = 1
	p.Length = min(p.Length, 400)
	p.TrainRows = min(p.TrainRows, 256)
	p.Origins = min(p.Origins, 3)
	p.EvalHorizon = min(p.EvalHorizon, 64)
	p.LongRows = min(p.LongRows, 256)
	p.LyapunovSteps = 0
	var keep []string
	for _, b := range p.Baselines {
		if b == "mean" || b == "persistence" || b == ParrotName {
			keep = append(keep, b)
		}
	}
	p.Baselines = keep
}

// RunZeroShotExperiment runs the foundation-zeroshot experiment: one
// model pretrained on the corpus without its held-out systems, then
// Evaluate on each held-out system with the baselines.
func RunZeroShotExperiment(ctx context.Context, p *ZeroShotParams, env *experiment.Env) (*experiment.Result, error) {
	if env == nil {
		env = experiment.NewEnv(0)
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	cfg, _ := Preset(p.Size)
	cfg.Context, cfg.Horizon, cfg.Patch = p.Context, p.Horizon, p.Patch
	cp, err := BuildCorpus(ctx, CorpusConfig{HoldOut: p.HeldOut, Trajectories: p.Trajectories, Length: p.Length, Seed: env.Seed}, nil)
	if err != nil {
		return nil, err
	}
	total := p.Steps + 100*len(cp.HeldOut)
	env.Progress(0, total)
	pc := PretrainConfig{Steps: p.Steps, Batch: p.Batch, LR: p.LR, CheckpointEvery: min(p.Steps, 100), Seed: derive(env.Seed, seedBase, 0)}
	m, pr, err := Pretrain(ctx, cp, cfg, pc, &PretrainOptions{Hooks: TrainHooks{OnCheckpoint: func(step, _ int, _, _ float64) error {
		env.Progress(min(step, p.Steps), total)
		return nil
	}}})
	if err != nil {
		return nil, err
	}
	ec := EvalConfig{TrainRows: p.TrainRows, Origins: p.Origins, Horizon: p.EvalHorizon, SMAPERows: min(p.SMAPERows, p.EvalHorizon), LongRows: p.LongRows, LyapunovSteps: p.LyapunovSteps}
	var results []*Result
	for i, name := range cp.HeldOut {
		tg, err := SystemTarget(ctx, name, cp.Config.PointsPerPeriod, ec.Rows(), cp.Config.TransientPeriods, derive(env.Seed, seedTarget, i))
		if err != nil {
			return nil, err
		}
		bs, err := Baselines(p.Baselines, cfg.Context, derive(env.Seed, seedBase, 1+i))
		if err != nil {
			return nil, err
		}
		r, err := Evaluate(ctx, append([]Candidate{{Label: ModelName, Model: m.Clone()}}, bs...), tg, ec)
		if err != nil {
			return nil, err
		}
		results = append(results, r)
		env.Progress(p.Steps+100*(i+1), total)
	}
	return zeroShotResult(cp, m, pr, results, p), nil
}

// zeroShotResult renders the zero-shot evaluation.
func zeroShotResult(cp *Corpus, m *Model, pr *PretrainResult, results []*Result, p *ZeroShotParams) *experiment.Result {
	res := &experiment.Result{Title: "Zero-shot forecasts of the foundation model on held-out systems"}
	res.Summary = fmt.Sprintf("A %s model (%d parameters) pretrained for %d updates on %d systems, scored zero-shot on %d held-out systems (%s) against %s.",
		p.Size, m.NumParams(), pr.Steps, len(cp.Systems), len(cp.HeldOut), strings.Join(cp.HeldOut, ", "), strings.Join(p.Baselines, ", "))
	models := []string{ModelName}
	models = append(models, p.Baselines...)
	st := experiment.Table{Title: "Scores per held-out system",
		Caption: fmt.Sprintf("sMAPE of the first %d forecast rows (0–200, lower is better), valid prediction time in Lyapunov times (higher is better), attractor KL of a %d-row closed loop (lower is better); per-system baselines fit on the first %d rows.", min(p.SMAPERows, p.EvalHorizon), p.LongRows, p.TrainRows),
		Columns: []string{"system", "model", "sMAPE", "VPT", "KL", "diverged", "error"}}
	type agg struct{ sm, vp, kl, rank []float64 }
	ag := make([]agg, len(models))
	smPlot := experiment.Plot{Kind: experiment.Bar, Title: "sMAPE per held-out system", YLabel: "sMAPE"}
	vpPlot := experiment.Plot{Kind: experiment.Bar, Title: "Valid prediction time per held-out system", YLabel: "VPT (Lyapunov times)"}
	smS := make([][]float64, len(models))
	vpS := make([][]float64, len(models))
	for _, r := range results {
		smPlot.Categories = append(smPlot.Categories, r.Target)
		vpPlot.Categories = append(vpPlot.Categories, r.Target)
		for k, s := range r.Scores {
			st.AddRow(r.Target, s.Model, s.SMAPE, s.VPT, s.KL, s.Diverged, s.Err)
			ag[k].sm, ag[k].vp, ag[k].kl = append(ag[k].sm, s.SMAPE), append(ag[k].vp, s.VPT), append(ag[k].kl, s.KL)
			smS[k], vpS[k] = append(smS[k], s.SMAPE), append(vpS[k], s.VPT)
			rank := 1.0
			for _, o := range r.Scores {
				if o.SMAPE < s.SMAPE {
					rank++
				}
			}
			ag[k].rank = append(ag[k].rank, rank)
		}
	}
	for k, name := range models {
		smPlot.Series = append(smPlot.Series, experiment.NewSeries(name, nil, smS[k]))
		vpPlot.Series = append(vpPlot.Series, experiment.NewSeries(name, nil, vpS[k]))
	}
	mt := experiment.Table{Title: "Over the held-out systems",
		Caption: "Means, the median VPT (a system with a large λ1·Δt can score tens of Lyapunov times and dominate the mean), and the mean rank by sMAPE.",
		Columns: []string{"model", "sMAPE", "VPT", "median VPT", "KL", "mean sMAPE rank"}}
	for k, name := range models {
		sm, vp, kl, rk := nanMeanF(ag[k].sm), nanMeanF(ag[k].vp), nanMeanF(ag[k].kl), nanMeanF(ag[k].rank)
		md := medianF(ag[k].vp)
		mt.AddRow(name, sm, vp, md, kl, rk)
		res.Metric(metricKey(name)+"_smape", sm)
		res.Metric(metricKey(name)+"_vpt", vp)
		res.Metric(metricKey(name)+"_vpt_median", md)
		res.Metric(metricKey(name)+"_kl", kl)
	}
	res.Tables = append(res.Tables, mt, st)
	res.Plots = append(res.Plots, smPlot, vpPlot)
	best, bestV := "", math.Inf(1)
	for k, name := range models {
		if v := nanMeanF(ag[k].sm); v < bestV {
			best, bestV = name, v
		}
	}
	res.Notes = append(res.Notes, fmt.Sprintf("Lowest mean sMAPE: %s (%.4g); the foundation model: %.4g.", best, bestV, nanMeanF(ag[0].sm)))
	return res
}

// nanMeanF is the mean of the finite values (NaN when none).
func nanMeanF(v []float64) float64 {
	var s float64
	n := 0
	for _, x := range v {
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			s += x
			n++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return s / float64(n)
}

// medianF is the median of the finite values (NaN when none).
func medianF(v []float64) float64 {
	s := make([]Score, len(v))
	for i, x := range v {
		s[i].VPT = x
	}
	return nanMedian(s, func(s *Score) float64 { return s.VPT })
}
