package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/emergo/emergo/forecast"
	"github.com/emergo/emergo/foundation"
	"github.com/emergo/emergo/series"
	"github.com/emergo/emergo/system"
)

// pretrainOptions are pretrain's flags.
type pretrainOptions struct {
	out        string
	resume     bool
	size       string
	dModel     int
	layers     int
	heads      int
	ffn        int
	context    int
	horizon    int
	patch      int
	head       string
	dropout    float64
	systems    int
	holdOut    int
	heldOut    []string
	exclude    []string
	categories []string
	trajs      int
	length     int
	ppp        int
	steps      int
	batch      int
	lr         float64
	every      int
	seed       uint64
	asJSON     bool
}

// pretrainConfigFlags are the flags that fix the run's configuration
// (taken from the checkpoint with --resume).
var pretrainConfigFlags = []string{"size", "d-model", "layers", "heads", "ffn", "context", "horizon", "patch", "head",
	"dropout", "systems", "holdout", "held-out", "exclude", "categories", "trajectories", "length", "ppp", "steps",
	"batch", "lr", "checkpoint-every", "seed"}

func (e *env) pretrainCmd() *cobra.Command {
	var o pretrainOptions
	cmd := &cobra.Command{
		Use:   "pretrain --out DIR [--size tiny|small|medium] [--systems N] [--steps S]",
		Short: "Pretrain a foundation model on a corpus of simulated systems",
		Long: `Pretrain a patch-based Transformer foundation model on many systems of the
catalogue.

The corpus: the catalogue's flows (--categories), of which --holdout systems
with a literature Lyapunov exponent are held out for zero-shot evaluation
(or the systems --held-out), and --systems of the others (0: all) in a
seeded order; --trajectories trajectories per system from perturbed initial
conditions, some with jittered parameters, --length rows each at --ppp
points per dominant period after a transient, diverging, fixed-point and
periodic trajectories rejected; every channel standardised and used as its
own univariate series.

The model (see 'go doc github.com/emergo/emergo/foundation Model'): the
window of --context values is normalised by its own mean and scale, cut into
patches of --patch values, embedded, passed through pre-norm Transformer
blocks, and mapped to the next --horizon values. --size picks a preset
(micro ≈ 2·10⁴, tiny ≈ 4·10⁴, small ≈ 1.4·10⁵, medium ≈ 9·10⁵ parameters);
--d-model, --layers, --heads and --ffn override it.

Training: --steps updates of --batch windows with AdamW (peak --lr, warm-up,
cosine decay), validated on the pretraining systems' validation trajectories
every --checkpoint-every updates, when DIR receives model.safetensors,
checkpoint.safetensors and foundation.json. An interrupted run continues
with --resume (same DIR; the configuration is read from the checkpoint), bit
for bit as if it had not stopped. The default (tiny, 10000 steps) takes a
few minutes on two cores.`,
		Example: `  emergo pretrain --out fm-tiny
  emergo pretrain --size small --systems 60 --steps 5000 --out fm-small
  emergo pretrain --out fm-tiny --resume
  emergo zeroshot --model fm-tiny`,
		Args: exactArgs(0, "no positional arguments"),
		RunE: runE(func(cmd *cobra.Command, _ []string) error {
			return e.runPretrain(cmd.Context(), cmd, &o)
		}),
	}
	f := cmd.Flags()
	f.StringVarP(&o.out, "out", "o", "", "write the model and its checkpoints to the directory `DIR` (required)")
	f.BoolVar(&o.resume, "resume", false, "continue the interrupted run in --out from its checkpoint")
	f.StringVar(&o.size, "size", "tiny", "model size preset: "+strings.Join(foundation.Presets(), ", "))
	f.IntVar(&o.dModel, "d-model", 0, "embedding width (overrides the preset)")
	f.IntVar(&o.layers, "layers", 0, "Transformer blocks (overrides the preset)")
	f.IntVar(&o.heads, "heads", 0, "attention heads (overrides the preset)")
	f.IntVar(&o.ffn, "ffn", 0, "feed-forward width (overrides the preset)")
	f.IntVar(&o.context, "context", foundation.DefaultContext, "context length C (values per window)")
	f.IntVar(&o.horizon, "horizon", foundation.DefaultHorizon, "values forecast at once H")
	f.IntVar(&o.patch, "patch", foundation.DefaultPatch, "patch length P (C must be a multiple)")
	f.StringVar(&o.head, "head", foundation.HeadFlatten, "forecast head: flatten or pool")
	f.Float64Var(&o.dropout, "dropout", 0, "dropout rate in training")
	f.IntVar(&o.systems, "systems", 0, "number of pretraining systems (0: all but the held-out ones)")
	f.IntVar(&o.holdOut, "holdout", foundation.DefaultHoldOut, "number of systems held out for zero-shot evaluation")
	f.StringSliceVar(&o.heldOut, "held-out", nil, "hold out these `SYSTEMS` instead (comma-separated)")
	f.StringSliceVar(&o.exclude, "exclude", nil, "leave these `SYSTEMS` out entirely")
	f.StringSliceVar(&o.categories, "categories", []string{"flow"}, "catalogue categories of the corpus (flow, map, delay)")
	f.IntVar(&o.trajs, "trajectories", foundation.DefaultTrajectories, "training trajectories per system")
	f.IntVar(&o.length, "length", foundation.DefaultLength, "rows per trajectory")
	f.IntVar(&o.ppp, "ppp", foundation.DefaultPointsPerPeriod, "points per dominant period of the sampling")
	f.IntVar(&o.steps, "steps", foundation.DefaultSteps, "training updates (rounded up to a multiple of --checkpoint-every)")
	f.IntVar(&o.batch, "batch", foundation.DefaultBatch, "windows per update")
	f.Float64Var(&o.lr, "lr", foundation.DefaultLR, "peak learning rate")
	f.IntVar(&o.every, "checkpoint-every", foundation.DefaultCheckpointEvery, "updates between validation and checkpoints")
	f.Uint64VarP(&o.seed, "seed", "s", defaultSeed, "seed of the corpus, the split, the initial weights and the training order")
	f.BoolVar(&o.asJSON, "json", false, "print the result as JSON")
	return cmd
}

// pretrainResultJSON is pretrain's output.
type pretrainResultJSON struct {
	Out        string                     `json:"out"`
	Config     foundation.Config          `json:"config"`
	Parameters int                        `json:"parameters"`
	Corpus     foundation.CorpusConfig    `json:"corpus"`
	Pretrain   foundation.PretrainConfig  `json:"pretrain"`
	Systems    []string                   `json:"systems"`
	HeldOut    []string                   `json:"held_out"`
	Skipped    []foundation.Skip          `json:"skipped,omitempty"`
	Rejected   map[string]int             `json:"rejected,omitempty"`
	Series     int                        `json:"series"`
	Windows    int                        `json:"windows"`
	CorpusSecs float64                    `json:"corpus_seconds"`
	Result     *foundation.PretrainResult `json:"result"`
}

func (e *env) runPretrain(ctx context.Context, cmd *cobra.Command, o *pretrainOptions) error {
	if o.out == "" {
		return usagef("--out DIR is required")
	}
	var (
		cfg foundation.Config
		cc  foundation.CorpusConfig
		pc  foundation.PretrainConfig
	)
	if o.resume {
		for _, name := range pretrainConfigFlags {
			if cmd.Flags().Changed(name) {
				return usagef("--resume takes the configuration from the checkpoint in %s; drop --%s", o.out, name)
			}
		}
		var err error
		if cfg, cc, pc, err = foundation.CheckpointConfig(o.out); err != nil {
			return err
		}
	} else {
		var err error
		if cfg, err = foundation.Preset(o.size); err != nil {
			return &UsageError{Err: fmt.Errorf("--size: %v", err)}
		}
		for _, v := range []struct {
			name string
			val  int
			dst  *int
		}{{"d-model", o.dModel, &cfg.DModel}, {"layers", o.layers, &cfg.Layers}, {"heads", o.heads, &cfg.Heads}, {"ffn", o.ffn, &cfg.FFN}} {
			if v.val < 0 {
				return usagef("--%s must be positive, got %d", v.name, v.val)
			}
			if v.val > 0 {
				*v.dst = v.val
			}
		}
		if o.dModel > 0 && o.ffn == 0 {
			cfg.FFN = 2 * o.dModel
		}
		cfg.Context, cfg.Horizon, cfg.Patch, cfg.Head, cfg.Dropout = o.context, o.horizon, o.patch, o.head, o.dropout
		if err := cfg.Validate(); err != nil {
			return &UsageError{Err: err}
		}
		var cats []system.Category
		for _, c := range o.categories {
			cat := system.Category(strings.ToLower(strings.TrimSpace(c)))
			known := false
			var all []string
			for _, k := range system.Categories() {
				known = known || k == cat
				all = append(all, string(k))
			}
			if !known {
				return usagef("--categories: unknown category %q (categories: %s)", c, strings.Join(all, ", "))
			}
			cats = append(cats, cat)
		}
		switch {
		case o.systems < 0:
			return usagef("--systems must be non-negative, got %d", o.systems)
		case o.holdOut < 0:
			return usagef("--holdout must be non-negative, got %d", o.holdOut)
		case o.trajs < 1:
			return usagef("--trajectories must be at least 1, got %d", o.trajs)
		case o.length < cfg.Context+cfg.Horizon:
			return usagef("--length %d is shorter than a window (--context %d + --horizon %d)", o.length, cfg.Context, cfg.Horizon)
		case o.ppp < 2:
			return usagef("--ppp must be at least 2, got %d", o.ppp)
		case o.steps < 1 || o.batch < 1 || o.every < 1:
			return usagef("--steps, --batch and --checkpoint-every must be positive")
		case !(o.lr > 0) || math.IsInf(o.lr, 0):
			return usagef("--lr must be a positive learning rate, got %v", o.lr)
		}
		cc = foundation.CorpusConfig{Categories: cats, HeldOut: o.heldOut, HoldOut: o.holdOut, Exclude: o.exclude,
			NumSystems: o.systems, Trajectories: o.trajs, Length: o.length, PointsPerPeriod: o.ppp, Seed: o.seed}
		if len(o.heldOut) > 0 {
			cc.HoldOut = 0
		} else if o.holdOut == 0 {
			cc.HoldOut = foundation.NoHoldOut
		}
		pc = foundation.PretrainConfig{Steps: o.steps, Batch: o.batch, LR: o.lr, CheckpointEvery: o.every, Seed: o.seed}
	}
	// Corpus.
	cp := newProgress(e.stderr, e.stderrTTY, e.now, "corpus")
	t0 := e.now()
	opts := &foundation.BuildOptions{Workers: runtime.GOMAXPROCS(0), Progress: cp.update}
	corpus, err := foundation.BuildCorpus(ctx, cc, opts)
	cp.finish()
	if err != nil {
		return err
	}
	corpusSecs := e.now().Sub(t0).Seconds()
	// Training.
	label := "pretrain"
	p := newProgress(e.stderr, e.stderrTTY, e.now, label)
	hooks := foundation.TrainHooks{
		OnStep: func(step, total int, loss float64) {
			p.label = fmt.Sprintf("%s loss %.4g", label, loss)
			p.update(step, total)
		},
	}
	m, res, err := foundation.Pretrain(ctx, corpus, cfg, pc, &foundation.PretrainOptions{Dir: o.out, Resume: o.resume, Hooks: hooks})
	p.finish()
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return fmt.Errorf("pretraining interrupted: %w; continue with 'emergo pretrain --out %s --resume'", err, o.out)
		}
		return err
	}
	pcd := pc.Defaults()
	out := pretrainResultJSON{Out: o.out, Config: m.Config(), Parameters: m.NumParams(), Corpus: corpus.Config, Pretrain: pcd,
		Systems: corpus.SystemNames(), HeldOut: corpus.HeldOut, Skipped: corpus.Skipped, Rejected: corpus.Rejected,
		Series: len(corpus.Train), Windows: corpus.NumWindows(m.Config().Context + m.Config().Horizon), CorpusSecs: corpusSecs, Result: res}
	if o.asJSON {
		return writeJSON(e.stdout, out)
	}
	return writePretrainText(e.stdout, &out)
}

func writePretrainText(w io.Writer, r *pretrainResultJSON) error {
	c := r.Config
	fmt.Fprintf(w, "corpus: %d systems (%d skipped), %d series, %d windows of %d+%d values, %d points per period (built in %s)\n",
		len(r.Systems), len(r.Skipped), r.Series, r.Windows, c.Context, c.Horizon, r.Corpus.PointsPerPeriod,
		dur(time.Duration(r.CorpusSecs*float64(time.Second))))
	if len(r.HeldOut) > 0 {
		fmt.Fprintf(w, "held out: %s\n", strings.Join(r.HeldOut, ", "))
	}
	fmt.Fprintf(w, "model: %d parameters (d_model %d, %d layers, %d heads, ffn %d, patch %d, %s head)\n",
		r.Parameters, c.DModel, c.Layers, c.Heads, c.FFN, c.Patch, c.Head)
	res := r.Result
	fmt.Fprintf(w, "trained %d steps", res.Steps)
	if res.Resumed > 0 {
		fmt.Fprintf(w, " (%d restored from the checkpoint)", res.Resumed)
	}
	fmt.Fprintf(w, " of %d windows in %s: %s windows/s\n", r.Pretrain.Batch, dur(time.Duration(res.Seconds*float64(time.Second))), num(math.Round(res.WindowsPerSecond)))
	if n := len(res.History); n > 0 {
		tw := newTable(w)
		fmt.Fprintln(tw, "step\ttrain loss\tval loss")
		for i, h := range res.History {
			if n > 8 && i%(n/8+1) != 0 && i != n-1 {
				continue
			}
			fmt.Fprintf(tw, "%d\t%.4g\t%s\n", h.Step, h.Train, fmtScore(h.Val, "%.4g"))
		}
		tw.Flush()
	}
	_, err := fmt.Fprintf(w, "saved to %s\n", r.Out)
	return err
}

// fmtScore formats a score, "-" for NaN.
func fmtScore(v float64, format string) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "-"
	}
	return fmt.Sprintf(format, v)
}

// zeroshotOptions are zeroshot's flags.
type zeroshotOptions struct {
	model     string
	systems   []string
	params    []string
	data      string
	columns   []string
	resample  bool
	baselines []string
	train     int
	origins   int
	horizon   int
	smapeRows int
	long      int
	lyapSteps int
	seed      uint64
	asJSON    bool
}

func (e *env) zeroshotCmd() *cobra.Command {
	var o zeroshotOptions
	cmd := &cobra.Command{
		Use:   "zeroshot --model DIR [--system NAME [--param k=v] | --data FILE]",
		Short: "Forecast held-out systems or real series with a pretrained foundation model, next to baselines",
		Long: `Score a pretrained foundation model zero-shot (no training on the target)
against baselines, on catalogue systems (by default the model's held-out
systems) or the columns of a CSV file.

Each target is simulated at the model's points per period (or read from
--data; --resample resamples it to the model's points per period using its
dominant period). Its first --train rows are the downstream training data on
which the per-system baselines are fitted: nvar, esn and gru of the
forecasting zoo at their default hyperparameters, and the mean; persistence
and context parroting (the best-matching past segment of the context is
copied forward; Zhang & Gilpin 2025) need none. From --origins origins
spread over the rest, every model forecasts --horizon rows autonomously.

Columns: sMAPE (0-200) of the first --smape-rows rows; the valid prediction
time (normalised error below 0.5) in Lyapunov times λ1·t with the catalogue's
literature λ1 (vpt, '-' when unknown) and in steps; the attractor fidelity
of a --long-row closed-loop rollout: the KL divergence of its state
histograms from the target's (kl) and the Hellinger distance of the power
spectra (spectrum, '-' for a constant rollout); and the rollouts that
diverged. With --lyapunov-steps, the largest Lyapunov exponent of each
model's own closed loop (foundation, esn, gru) is estimated too, to compare
with the system's λ1. A system seen in pretraining is marked.`,
		Example: `  emergo zeroshot --model fm-tiny
  emergo zeroshot --model fm-tiny --system Lorenz,Rossler --baselines mean,parrot --json
  emergo zeroshot --model fm-tiny --data series.csv --column x --resample`,
		Args: exactArgs(0, "no positional arguments"),
		RunE: runE(func(cmd *cobra.Command, _ []string) error {
			return e.runZeroshot(cmd.Context(), cmd, &o)
		}),
	}
	f := cmd.Flags()
	f.StringVarP(&o.model, "model", "m", "", "the pretrained model's directory `DIR` (required)")
	f.StringSliceVar(&o.systems, "system", nil, "catalogue `SYSTEMS` to forecast (comma-separated; default: the model's held-out systems)")
	addParamFlag(f, &o.params)
	f.StringVar(&o.data, "data", "", "forecast the columns of the CSV `FILE` instead")
	f.StringSliceVar(&o.columns, "column", nil, "with --data: the value `COLUMN`s (default all)")
	f.BoolVar(&o.resample, "resample", false, "with --data: resample to the model's points per period (dominant period of the data)")
	f.StringSliceVar(&o.baselines, "baselines", foundation.BaselineNames, "baselines in the table: "+strings.Join(foundation.BaselineNames, ", "))
	f.IntVar(&o.train, "train", 0, "downstream training rows (default 2048; with --data half the rows)")
	f.IntVar(&o.origins, "origins", 10, "forecast origins in the test part")
	f.IntVar(&o.horizon, "horizon", 0, "rows forecast from each origin (default 256; with --data at most a quarter of the test rows)")
	f.IntVar(&o.smapeRows, "smape-rows", 0, "leading forecast rows scored by sMAPE (default: the model's horizon)")
	f.IntVar(&o.long, "long", 0, "rows of the closed-loop rollout for the attractor scores (default 1024; with --data at most the test rows)")
	f.IntVar(&o.lyapSteps, "lyapunov-steps", 0, "estimate the largest Lyapunov exponent of each model's closed loop over this many steps (0: not)")
	f.Uint64VarP(&o.seed, "seed", "s", defaultSeed, "seed of the simulated targets and of the baselines")
	f.BoolVar(&o.asJSON, "json", false, "print the result as JSON")
	return cmd
}

// zeroshotTarget is one target's table.
type zeroshotTarget struct {
	*foundation.Result
	Seen   bool   `json:"seen_in_pretraining"`
	Source string `json:"source"` // "system" or "data"
}

// zeroshotJSON is zeroshot's output.
type zeroshotJSON struct {
	Model      string                `json:"model"`
	Parameters int                   `json:"parameters"`
	Config     foundation.Config     `json:"config"`
	Eval       foundation.EvalConfig `json:"eval"`
	Targets    []zeroshotTarget      `json:"targets"`
	Summary    []foundation.Score    `json:"summary"` // mean over targets (held-out systems only when there are any)
	SummaryOf  []string              `json:"summary_of"`
	Notes      []string              `json:"notes,omitempty"`
	Adaptation *finetuneInfo         `json:"fine_tuning,omitempty"`
}

// finetuneInfo describes finetune's adaptation.
type finetuneInfo struct {
	Mode  string `json:"mode"`
	Steps int    `json:"steps"`
	Out   string `json:"out"`
}

func (e *env) runZeroshot(ctx context.Context, cmd *cobra.Command, o *zeroshotOptions) error {
	if o.model == "" {
		return usagef("--model DIR is required")
	}
	if o.data != "" && len(o.params) > 0 {
		return usagef("--param sets a catalogue system's parameters; it does not apply to --data")
	}
	if o.data != "" && len(o.systems) > 0 {
		return usagef("--system and --data are mutually exclusive")
	}
	if o.data == "" && (len(o.columns) > 0 || o.resample) {
		return usagef("--column and --resample apply to --data only")
	}
	if o.origins < 1 || o.train < 0 || o.horizon < 0 || o.smapeRows < 0 || o.long < 0 || o.lyapSteps < 0 {
		return usagef("--origins must be positive and --train, --horizon, --smape-rows, --long, --lyapunov-steps non-negative")
	}
	for _, b := range o.baselines {
		if !containsFold(foundation.BaselineNames, b) {
			return usagef("--baselines: unknown baseline %q (baselines: %s)", b, strings.Join(foundation.BaselineNames, ", "))
		}
	}
	m, err := foundation.Load(o.model)
	if err != nil {
		return err
	}
	ppp := modelPPP(m)
	ec := foundation.EvalConfig{TrainRows: o.train, Origins: o.origins, Horizon: o.horizon, SMAPERows: o.smapeRows, LongRows: o.long, LyapunovSteps: o.lyapSteps}
	if ec.SMAPERows == 0 {
		ec.SMAPERows = m.Config().Horizon
	}
	out := zeroshotJSON{Model: o.model, Parameters: m.NumParams(), Config: m.Config()}
	var targets []zeroshotTarget
	var tgs []*foundation.Target
	if o.data != "" {
		tg, note, err := dataTarget(o.data, o.columns, o.resample, ppp)
		if err != nil {
			return err
		}
		if note != "" {
			out.Notes = append(out.Notes, note)
		}
		n := tg.X.Rows
		if ec.TrainRows == 0 {
			ec.TrainRows = n / 2
		}
		test := n - ec.TrainRows
		if ec.Horizon == 0 {
			ec.Horizon = max(1, min(256, test/4))
		}
		if ec.LongRows == 0 {
			ec.LongRows = max(1, min(1024, test))
		}
		tgs = append(tgs, tg)
		targets = append(targets, zeroshotTarget{Source: "data"})
	} else {
		names := o.systems
		if len(names) == 0 {
			names = m.Info.HeldOut
			if len(names) == 0 {
				return usagef("the model in %s has no held-out systems; name targets with --system", o.model)
			}
		}
		if len(o.params) > 0 && len(names) != 1 {
			return usagef("--param needs exactly one --system (got %d targets)", len(names))
		}
		ec = ec.Defaults()
		for _, n := range names {
			entry, params, err := resolveParams(strings.TrimSpace(n), o.params)
			if err != nil {
				return err
			}
			if len(o.params) == 0 {
				params = nil
			}
			tg, err := foundation.SystemTargetWith(ctx, entry.Info.Name, params, ppp, ec.Rows(), foundation.DefaultTransientPeriods, o.seed)
			if err != nil {
				return err
			}
			tgs = append(tgs, tg)
			seen := containsFold(m.Info.Systems, entry.Info.Name)
			if seen {
				out.Notes = append(out.Notes, fmt.Sprintf("%s was seen in pretraining (not a zero-shot transfer)", entry.Info.Name))
			}
			targets = append(targets, zeroshotTarget{Source: "system", Seen: seen})
		}
	}
	ec = ec.Defaults()
	out.Eval = ec
	p := newProgress(e.stderr, e.stderrTTY, e.now, "zeroshot")
	for i, tg := range tgs {
		cands := []foundation.Candidate{{Label: foundation.ModelName, Model: m.Clone()}}
		bs, err := foundation.Baselines(lowerAll(o.baselines), m.Config().Context, o.seed)
		if err != nil {
			return err
		}
		p.label = "zeroshot " + tg.Name
		res, err := foundation.Evaluate(ctx, append(cands, bs...), tg, ec)
		if err != nil {
			return err
		}
		targets[i].Result = res
		p.update(i+1, len(tgs))
	}
	p.finish()
	out.Targets = targets
	out.Summary, out.SummaryOf = summarise(targets)
	if o.asJSON {
		return writeJSON(e.stdout, out)
	}
	return writeZeroshotText(e.stdout, &out)
}

// modelPPP is the points per period of a model's pretraining corpus.
func modelPPP(m *foundation.Model) int {
	if c := m.Info.Corpus; c != nil && c.PointsPerPeriod > 0 {
		return c.PointsPerPeriod
	}
	return foundation.DefaultPointsPerPeriod
}

// dataTarget reads a CSV target, resampled to ppp points per dominant
// period when asked.
func dataTarget(path string, columns []string, resample bool, ppp int) (*foundation.Target, string, error) {
	s, err := series.ReadCSVFile(path, &series.CSVOptions{Columns: columns})
	if err != nil {
		return nil, "", err
	}
	if err := s.CheckFinite(); err != nil {
		return nil, "", fmt.Errorf("%s: %w", path, err)
	}
	note := ""
	if resample {
		per, err := s.DominantPeriod()
		if err != nil {
			return nil, "", fmt.Errorf("%s: --resample: %w", path, err)
		}
		r, err := s.ResamplePeriod(ppp, per, series.Cubic)
		if err != nil {
			return nil, "", fmt.Errorf("%s: --resample: %w", path, err)
		}
		note = fmt.Sprintf("%s resampled from %d to %d rows (%d points per dominant period %s)", filepath.Base(path), s.Len(), r.Len(), ppp, num(per))
		s = r
	}
	return &foundation.Target{Name: filepath.Base(path), X: forecast.NewBlock(s.X, s.Dim())}, note, nil
}

// summarise averages each model's scores over the held-out targets (or
// over all targets when none is held out), skipping failed ones.
func summarise(ts []zeroshotTarget) ([]foundation.Score, []string) {
	var use []zeroshotTarget
	for _, t := range ts {
		if !t.Seen {
			use = append(use, t)
		}
	}
	if len(use) == 0 {
		use = ts
	}
	var of []string
	type acc struct {
		s              foundation.Score
		n, nv, nk, nsp int
		nl             int
	}
	var order []string
	accs := map[string]*acc{}
	for _, t := range use {
		of = append(of, t.Target)
		for _, s := range t.Scores {
			a, ok := accs[s.Model]
			if !ok {
				a = &acc{s: foundation.Score{Model: s.Model}}
				accs[s.Model] = a
				order = append(order, s.Model)
			}
			if s.Err != "" || math.IsNaN(s.SMAPE) {
				continue
			}
			a.n++
			a.s.SMAPE += s.SMAPE
			a.s.VPTSteps += s.VPTSteps
			a.s.Diverged += s.Diverged
			a.s.FitSeconds += s.FitSeconds
			if !math.IsNaN(s.VPT) {
				a.nv++
				a.s.VPT += s.VPT
			}
			if !math.IsNaN(s.KL) && !math.IsInf(s.KL, 0) {
				a.nk++
				a.s.KL += s.KL
			}
			if !math.IsNaN(s.Spectrum) {
				a.nsp++
				a.s.Spectrum += s.Spectrum
			}
			if !math.IsNaN(s.Lyapunov) {
				a.nl++
				a.s.Lyapunov += s.Lyapunov
			}
		}
	}
	div := func(v float64, n int) float64 {
		if n == 0 {
			return math.NaN()
		}
		return v / float64(n)
	}
	var out []foundation.Score
	for _, k := range order {
		a := accs[k]
		s := a.s
		s.SMAPE, s.VPTSteps, s.FitSeconds = div(s.SMAPE, a.n), div(s.VPTSteps, a.n), div(s.FitSeconds, a.n)
		s.VPT, s.KL, s.Spectrum, s.Lyapunov = div(s.VPT, a.nv), div(s.KL, a.nk), div(s.Spectrum, a.nsp), div(s.Lyapunov, a.nl)
		if a.n < len(use) {
			s.Err = fmt.Sprintf("failed on %d of %d targets", len(use)-a.n, len(use))
		}
		out = append(out, s)
	}
	return out, of
}

// writeScores prints one table of scores.
func writeScores(w io.Writer, scores []foundation.Score) {
	lyap := false
	for _, s := range scores {
		lyap = lyap || !math.IsNaN(s.Lyapunov)
	}
	tw := newTable(w)
	head := "model\tsmape\tvpt (λ1·t)\tvpt (steps)\tkl\tspectrum\tdiverged\tfit"
	if lyap {
		head += "\tλ1 of model"
	}
	fmt.Fprintln(tw, head)
	for _, s := range scores {
		if s.Err != "" && math.IsNaN(s.SMAPE) {
			fmt.Fprintf(tw, "%s\t-\t-\t-\t-\t-\t-\t-\t(%s)\n", s.Model, s.Err)
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s", s.Model, fmtScore(s.SMAPE, "%.1f"), fmtScore(s.VPT, "%.2f"),
			fmtScore(s.VPTSteps, "%.1f"), fmtScore(s.KL, "%.3f"), fmtScore(s.Spectrum, "%.3f"), s.Diverged,
			dur(time.Duration(s.FitSeconds*float64(time.Second))))
		if lyap {
			fmt.Fprintf(tw, "\t%s", fmtScore(s.Lyapunov, "%.4g"))
		}
		if s.Err != "" {
			fmt.Fprintf(tw, "\t(%s)", s.Err)
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
}

func writeZeroshotText(w io.Writer, r *zeroshotJSON) error {
	c := r.Config
	fmt.Fprintf(w, "foundation model %s: %d parameters, context %d, horizon %d; %d training rows, %d origins × %d rows, sMAPE over %d rows, rollout %d rows\n",
		r.Model, r.Parameters, c.Context, c.Horizon, r.Eval.TrainRows, r.Eval.Origins, r.Eval.Horizon, r.Eval.SMAPERows, r.Eval.LongRows)
	for _, t := range r.Targets {
		tag := "held out"
		switch {
		case t.Source == "data":
			tag = "data"
		case t.Seen:
			tag = "seen in pretraining"
		}
		fmt.Fprintf(w, "\n%s (%s; %d rows × %d, dt %s", t.Target, tag, t.Rows, t.Dim, num(t.DT))
		if t.Lyapunov > 0 {
			fmt.Fprintf(w, ", λ1 %s", num(t.Lyapunov))
		}
		fmt.Fprintln(w, ")")
		writeScores(w, t.Scores)
	}
	if len(r.Targets) > 1 {
		fmt.Fprintf(w, "\nmean over %s\n", strings.Join(r.SummaryOf, ", "))
		writeScores(w, r.Summary)
	}
	for _, n := range r.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	return nil
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(strings.TrimSpace(v), strings.TrimSpace(s)) {
			return true
		}
	}
	return false
}

func lowerAll(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = strings.ToLower(strings.TrimSpace(v))
	}
	return out
}

// finetuneOptions are finetune's flags.
type finetuneOptions struct {
	model     string
	system    string
	params    []string
	data      string
	columns   []string
	resample  bool
	headOnly  bool
	out       string
	steps     int
	batch     int
	lr        float64
	train     int
	origins   int
	horizon   int
	long      int
	lyapSteps int
	baselines []string
	seed      uint64
	asJSON    bool
}

func (e *env) finetuneCmd() *cobra.Command {
	var o finetuneOptions
	cmd := &cobra.Command{
		Use:   "finetune --model DIR (--system NAME [--param k=v] | --data FILE) [--head-only] --out DIR2",
		Short: "Adapt a pretrained foundation model to one system or series and compare it with zero-shot",
		Long: `Fine-tune a pretrained foundation model on the first --train rows of a
catalogue system (simulated at the model's points per period) or of a CSV
file, and score it against the zero-shot model (and --baselines) on the rows
that follow, as 'emergo zeroshot' does.

By default every parameter is trained (full fine-tuning, peak learning rate
3e-4); --head-only trains only the forecasting heads (linear probing, 1e-3),
the Transformer backbone staying bit for bit the pretrained one. --steps
updates of --batch windows drawn from the training rows. The adapted model
is written to --out (the pretrained one is not modified).`,
		Example: `  emergo finetune --model fm-tiny --system Lorenz84 --out fm-lorenz84
  emergo finetune --model fm-tiny --system Lorenz84 --head-only --out fm-lorenz84-head --json`,
		Args: exactArgs(0, "no positional arguments"),
		RunE: runE(func(cmd *cobra.Command, _ []string) error {
			return e.runFinetune(cmd.Context(), cmd, &o)
		}),
	}
	f := cmd.Flags()
	f.StringVarP(&o.model, "model", "m", "", "the pretrained model's directory `DIR` (required)")
	f.StringVar(&o.system, "system", "", "the catalogue system `NAME` to adapt to")
	addParamFlag(f, &o.params)
	f.StringVar(&o.data, "data", "", "adapt to the columns of the CSV `FILE` instead")
	f.StringSliceVar(&o.columns, "column", nil, "with --data: the value `COLUMN`s (default all)")
	f.BoolVar(&o.resample, "resample", false, "with --data: resample to the model's points per period")
	f.BoolVar(&o.headOnly, "head-only", false, "train only the forecasting heads (linear probing)")
	f.StringVarP(&o.out, "out", "o", "", "write the adapted model to the directory `DIR2` (required)")
	f.IntVar(&o.steps, "steps", foundation.DefaultAdaptSteps, "fine-tuning updates")
	f.IntVar(&o.batch, "batch", foundation.DefaultAdaptBatch, "windows per update")
	f.Float64Var(&o.lr, "lr", 0, "peak learning rate (default 3e-4, or 1e-3 with --head-only)")
	f.IntVar(&o.train, "train", 0, "training rows (default 2048; with --data half the rows)")
	f.IntVar(&o.origins, "origins", 10, "forecast origins in the test part")
	f.IntVar(&o.horizon, "horizon", 0, "rows forecast from each origin (default 256)")
	f.IntVar(&o.long, "long", 0, "rows of the closed-loop rollout for the attractor scores (default 1024)")
	f.IntVar(&o.lyapSteps, "lyapunov-steps", 0, "estimate the largest Lyapunov exponent of each model's closed loop over this many steps (0: not)")
	f.StringSliceVar(&o.baselines, "baselines", nil, "baselines to add to the table ("+strings.Join(foundation.BaselineNames, ", ")+")")
	f.Uint64VarP(&o.seed, "seed", "s", defaultSeed, "seed of the simulated target and of the windows drawn")
	f.BoolVar(&o.asJSON, "json", false, "print the result as JSON")
	return cmd
}

func (e *env) runFinetune(ctx context.Context, cmd *cobra.Command, o *finetuneOptions) error {
	switch {
	case o.model == "":
		return usagef("--model DIR is required")
	case o.out == "":
		return usagef("--out DIR2 is required")
	case o.system == "" && o.data == "":
		return usagef("give the downstream series: --system NAME or --data FILE")
	case o.data != "" && len(o.params) > 0:
		return usagef("--param sets a catalogue system's parameters; it does not apply to --data")
	case o.system != "" && o.data != "":
		return usagef("--system and --data are mutually exclusive")
	case o.steps < 1 || o.batch < 1:
		return usagef("--steps and --batch must be positive")
	case o.lr < 0 || math.IsNaN(o.lr) || math.IsInf(o.lr, 0):
		return usagef("--lr must be a positive learning rate, got %v", o.lr)
	case o.origins < 1 || o.train < 0 || o.horizon < 0 || o.long < 0 || o.lyapSteps < 0:
		return usagef("--origins must be positive and --train, --horizon, --long, --lyapunov-steps non-negative")
	}
	for _, b := range o.baselines {
		if !containsFold(foundation.BaselineNames, b) {
			return usagef("--baselines: unknown baseline %q (baselines: %s)", b, strings.Join(foundation.BaselineNames, ", "))
		}
	}
	if abs, err1 := filepath.Abs(o.out); err1 == nil {
		if absm, err2 := filepath.Abs(o.model); err2 == nil && abs == absm {
			return usagef("--out must differ from --model (the pretrained model is kept)")
		}
	}
	m, err := foundation.Load(o.model)
	if err != nil {
		return err
	}
	ppp := modelPPP(m)
	ec := foundation.EvalConfig{TrainRows: o.train, Origins: o.origins, Horizon: o.horizon, SMAPERows: m.Config().Horizon, LongRows: o.long,
		LyapunovSteps: o.lyapSteps}
	var tg *foundation.Target
	var notes []string
	seen := false
	if o.data != "" {
		var note string
		if tg, note, err = dataTarget(o.data, o.columns, o.resample, ppp); err != nil {
			return err
		}
		if note != "" {
			notes = append(notes, note)
		}
		n := tg.X.Rows
		if ec.TrainRows == 0 {
			ec.TrainRows = n / 2
		}
		if ec.Horizon == 0 {
			ec.Horizon = max(1, min(256, (n-ec.TrainRows)/4))
		}
		if ec.LongRows == 0 {
			ec.LongRows = max(1, min(1024, n-ec.TrainRows))
		}
	} else {
		entry, params, err := resolveParams(o.system, o.params)
		if err != nil {
			return err
		}
		if len(o.params) == 0 {
			params = nil
		}
		ec = ec.Defaults()
		if tg, err = foundation.SystemTargetWith(ctx, entry.Info.Name, params, ppp, ec.Rows(), foundation.DefaultTransientPeriods, o.seed); err != nil {
			return err
		}
		seen = containsFold(m.Info.Systems, entry.Info.Name)
		if seen {
			notes = append(notes, fmt.Sprintf("%s was seen in pretraining", entry.Info.Name))
		}
	}
	ec = ec.Defaults()
	mode := foundation.ModeFull
	if o.headOnly {
		mode = foundation.ModeHead
	}
	label := "finetune " + tg.Name
	p := newProgress(e.stderr, e.stderrTTY, e.now, label)
	ft := m.Clone()
	ft.Adapt = foundation.Adaptation{Mode: mode, Steps: o.steps, Batch: o.batch, LR: o.lr, Seed: o.seed, Target: tg.Name,
		Hooks: foundation.TrainHooks{OnStep: func(step, total int, loss float64) {
			p.label = fmt.Sprintf("%s loss %.4g", label, loss)
			p.update(step, total)
		}}}
	cands := []foundation.Candidate{{Label: "zero-shot", Model: m}, {Label: "fine-tuned (" + mode + ")", Model: ft}}
	bs, err := foundation.Baselines(lowerAll(o.baselines), m.Config().Context, o.seed)
	if err != nil {
		return err
	}
	res, err := foundation.Evaluate(ctx, append(cands, bs...), tg, ec)
	p.finish()
	if err != nil {
		return err
	}
	if s := res.Scores[1]; s.Err != "" {
		return fmt.Errorf("fine-tuning on %s: %s", tg.Name, s.Err)
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return err
	}
	if err := ft.Save(o.out); err != nil {
		return err
	}
	out := zeroshotJSON{Model: o.model, Parameters: m.NumParams(), Config: m.Config(), Eval: ec,
		Targets: []zeroshotTarget{{Result: res, Seen: seen, Source: map[bool]string{true: "data", false: "system"}[o.data != ""]}},
		Notes:   notes, Adaptation: &finetuneInfo{Mode: mode, Steps: ft.Adapt.Defaults().Steps, Out: o.out}}
	if o.asJSON {
		return writeJSON(e.stdout, out)
	}
	if err := writeZeroshotText(e.stdout, &out); err != nil {
		return err
	}
	_, err = fmt.Fprintf(e.stdout, "fine-tuned model (%s, %d steps) saved to %s\n", mode, out.Adaptation.Steps, o.out)
	return err
}
