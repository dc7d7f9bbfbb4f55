package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/emergo/emergo/forecast"
	"github.com/emergo/emergo/series"
	"github.com/emergo/emergo/system"
)

// Defaults and limits of train and forecast.
const (
	defaultTrainRows = 5000
	defaultTestRows  = 1000
	// defaultHorizonRows is the forecast horizon when the system has no
	// literature Lyapunov exponent.
	defaultHorizonRows = 100
	// horizonLyapunovTimes is the default horizon in Lyapunov times when
	// the exponent is known.
	horizonLyapunovTimes = 5
	// maxOrigins bounds the forecast origins scored in the test part.
	maxOrigins = 10
	// valFraction is the share of the training rows held out for
	// validation (early stopping) by default, for neural models only.
	valFraction = 0.1
)

// trainOptions are train's flags.
type trainOptions struct {
	system    string
	params    []string
	data      string
	columns   []string
	model     string
	set       []string
	train     int
	val       int
	test      int
	horizon   int
	seed      uint64
	dt        float64
	transient float64
	save      string
	asJSON    bool
}

func (e *env) trainCmd() *cobra.Command {
	var o trainOptions
	cmd := &cobra.Command{
		Use:   "train (--system NAME | --data FILE) --model M",
		Short: "Train a forecasting model on a simulated system or a CSV file and score it on held-out data",
		Long: `Train a model of the forecasting zoo ('emergo models list') on a series and
score it on the rows that follow.

The series is a catalogue system simulated with --param, --seed, --dt and
--transient (as in 'emergo simulate'), or the columns --column of a CSV file
--data (all value columns by default). It is split in time order: the first
--train rows fit the model, of which the last --val are held out for
validation (early stopping of neural models; by default 10% for neural
models, none for the others), and the next --test rows are the test part.

Scoring: from up to 10 forecast origins evenly spread over the test part,
the model rolls out --horizon rows autonomously from the rows before the
origin (by default 5 Lyapunov times when the system has a literature
largest Lyapunov exponent λ1, else 100 rows). Reported, averaged over the
origins: nrmse (RMSE of each column over the horizon divided by the
column's training standard deviation, averaged over columns), smape
(0-200), the valid prediction time vpt (steps before the normalised error
first reaches 0.5; Vlachas et al. 2020) in steps, time units and — when λ1
is known — Lyapunov times (vpt_lyapunov); and the one-step nrmse_1step and
mse_1step over every test row. The same scores of the persistence and mean
baselines are given for comparison. λ1 comes from a literature source in
the catalogue when there is one, else from dysts' numerical estimate (the
JSON says which); it applies only at the catalogue's default parameters.

--json prints one object with at least model, family, system (the
catalogue name, or null for a --data series, whose file is then in data),
columns, hyper, rows, metrics and baselines.

Hyperparameters are set with --set name=value (repeatable, or comma-joined);
unknown names and out-of-range values are errors with suggestions. --save DIR
writes the fitted model ('emergo forecast --model DIR' uses it); neural
models are checkpointed after every epoch, so a run that diverges or is
interrupted leaves its last good parameters. Training shows a progress bar
with the current loss on a terminal, plain log lines otherwise.`,
		Example: `  emergo train --system Lorenz --model nvar --json
  emergo train --system Lorenz --model mlp --save lorenz-mlp
  emergo train --system Henon --model gru --train 2000 --test 500 --horizon 50
  emergo train --data prices.csv --column close --model lstm --set window=32`,
		Args: exactArgs(0, "no positional arguments (give the series with --system or --data)"),
		RunE: runE(func(cmd *cobra.Command, _ []string) error {
			f := cmd.Flags()
			return e.runTrain(cmd.Context(), &o, trainFlagsSet{train: f.Changed("train"), val: f.Changed("val"),
				test: f.Changed("test"), horizon: f.Changed("horizon"), dt: f.Changed("dt")})
		}),
	}
	f := cmd.Flags()
	f.StringVar(&o.system, "system", "", "simulate the catalogue system `NAME`")
	addParamFlag(f, &o.params)
	f.StringVar(&o.data, "data", "", "read the series from the CSV `FILE` (first column time or date)")
	f.StringSliceVar(&o.columns, "column", nil, "with --data: the value `COLUMN`s to model (repeat or comma-join; default all)")
	f.StringVarP(&o.model, "model", "m", "", "the model to train (see 'emergo models list')")
	f.StringArrayVar(&o.set, "set", nil, "set a hyperparameter, `name=value`; repeat the flag or join pairs with commas")
	f.IntVar(&o.train, "train", defaultTrainRows, "rows the model is fitted on (validation rows included); default with --data: 80% of the rows less --test")
	f.IntVar(&o.val, "val", 0, "validation rows at the end of the training part (default: 10% of --train for neural models, 0 otherwise)")
	f.IntVar(&o.test, "test", defaultTestRows, "rows after the training part on which the model is scored; default with --data: 20% of the rows")
	f.IntVar(&o.horizon, "horizon", 0, "rows forecast autonomously from each origin (default: 5 Lyapunov times when known, else 100)")
	f.Uint64VarP(&o.seed, "seed", "s", defaultSeed, "seed of the model's initial weights and minibatches, and of random systems")
	f.Float64Var(&o.dt, "dt", 0, "sampling interval of the simulated system (default: its suggested dt)")
	f.Float64Var(&o.transient, "transient", 0, "time to simulate and discard before recording")
	f.StringVar(&o.save, "save", "", "write the fitted model to the directory `DIR`")
	f.BoolVar(&o.asJSON, "json", false, "print the result as JSON")
	return cmd
}

// trainFlagsSet records which optional flags were given.
type trainFlagsSet struct{ train, val, test, horizon, dt bool }

// validate checks the flags that do not depend on the data.
func (o *trainOptions) validate(set trainFlagsSet) error {
	switch {
	case o.system == "" && o.data == "":
		return usagef("give the series to train on: --system NAME or --data FILE")
	case o.system != "" && o.data != "":
		return usagef("--system and --data are mutually exclusive")
	case o.data != "" && len(o.params) > 0:
		return usagef("--param sets system parameters; it does not apply to --data")
	case o.system != "" && len(o.columns) > 0:
		return usagef("--column selects CSV columns; it does not apply to --system")
	case o.model == "":
		return usagef("--model is required (see 'emergo models list')")
	case set.train && o.train < 1:
		return usagef("--train must be at least 1, got %d", o.train)
	case set.test && o.test < 1:
		return usagef("--test must be at least 1, got %d", o.test)
	case set.val && o.val < 0:
		return usagef("--val must be non-negative, got %d", o.val)
	case set.horizon && o.horizon < 1:
		return usagef("--horizon must be at least 1, got %d", o.horizon)
	case set.dt && !(o.dt > 0 && !math.IsInf(o.dt, 0)):
		return usagef("--dt must be a positive finite sampling interval, got %v", o.dt)
	case !(o.transient >= 0 && !math.IsInf(o.transient, 0)):
		return usagef("--transient must be a non-negative time, got %v", o.transient)
	}
	return nil
}

// parseHyper parses --set values.
func parseHyper(kv []string) (map[string]float64, error) {
	p, err := system.ParseParams(kv)
	if err != nil {
		return nil, &UsageError{Err: fmt.Errorf("--set: %s", strings.ReplaceAll(err.Error(), "parameter", "hyperparameter"))}
	}
	return p, nil
}

// provenance records where a model's series came from, in its saved
// manifest, so that 'emergo forecast' can rebuild it.
type provenance struct {
	Source    string             `json:"source"` // "system" or "data"
	System    string             `json:"system,omitempty"`
	Params    map[string]float64 `json:"params,omitempty"`
	Seed      uint64             `json:"seed"`
	DT        float64            `json:"dt,omitempty"`
	Transient float64            `json:"transient,omitempty"`
	Data      string             `json:"data,omitempty"`
	Columns   []string           `json:"columns"`
	TrainRows int                `json:"train_rows"`
	ValRows   int                `json:"val_rows"`
	TestRows  int                `json:"test_rows"`
	Horizon   int                `json:"horizon"`
}

// meta converts p into the manifest's metadata map.
func (p *provenance) meta() map[string]any {
	b, _ := json.Marshal(p)
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var m map[string]any
	d.Decode(&m)
	return m
}

// provenanceOf reads the provenance back from a manifest.
func provenanceOf(man *forecast.Manifest) (*provenance, error) {
	if len(man.Meta) == 0 {
		return nil, nil
	}
	b, err := json.Marshal(man.Meta)
	if err != nil {
		return nil, err
	}
	var p provenance
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// dataset is a series to train on or forecast from, with its origin.
type dataset struct {
	prov  provenance
	entry *system.Entry // nil for CSV data
	names []string
	t     []float64
	x     *forecast.Block
	label string // "Lorenz", "prices.csv"
	lyap  *lyapunovRef
}

// lyapunovRef is the largest Lyapunov exponent used for VPT in Lyapunov
// times, with its source.
type lyapunovRef = system.Reference

// literatureLyapunov is system.LiteratureLyapunov.
func literatureLyapunov(in *system.Info, p system.Params) (*lyapunovRef, string) {
	return system.LiteratureLyapunov(in, p)
}

// loadSystem simulates rows rows of a catalogue system.
func (e *env) loadSystem(ctx context.Context, name string, kv []string, seed uint64, dt float64, dtGiven bool, transient float64, rows int) (*dataset, error) {
	user, err := parseParams(kv)
	if err != nil {
		return nil, err
	}
	entry, err := system.Lookup(name)
	if err != nil {
		return nil, err
	}
	sys, err := entry.New(system.Config{Params: user, Seed: seed, DT: dt})
	if err != nil {
		return nil, err
	}
	full, err := entry.Resolve(user)
	if err != nil {
		return nil, err
	}
	step, err := samplingInterval(entry, sys, dt, dtGiven)
	if err != nil {
		return nil, err
	}
	if float64(rows)*float64(sys.Dim()) > maxValues {
		return nil, fmt.Errorf("%d rows of %d values would not fit in memory (limit %d values)", rows, sys.Dim(), maxValues)
	}
	ftrans := math.Round(transient / step)
	if ftrans > maxTransient {
		return nil, usagef("--transient %v is %.3g steps of dt = %v; at most %.0g are allowed", transient, ftrans, step, float64(maxTransient))
	}
	r := &run{entry: entry, sys: sys, dt: step, steps: rows - 1, transient: int(ftrans)}
	if err := e.sample(ctx, r, "simulate "+entry.Info.Name); err != nil {
		return nil, err
	}
	ds := &dataset{entry: entry, names: r.names, t: r.traj.T, x: forecast.NewBlock(r.traj.X, r.traj.Dim), label: entry.Info.Name,
		prov: provenance{Source: "system", System: entry.Info.Name, Params: full, Seed: seed, DT: step, Transient: transient, Columns: r.names}}
	return ds, nil
}

// loadData reads the columns of a CSV file.
func loadData(path string, columns []string) (*dataset, error) {
	s, err := series.ReadCSVFile(path, &series.CSVOptions{Columns: columns})
	if err != nil {
		// The library's advice names an API option; on the command line
		// the data must be cleaned instead.
		msg, cut := strings.CutSuffix(err.Error(), "; set CSVOptions.Missing to keep or drop it")
		if cut {
			return nil, fmt.Errorf("%s; fill or remove the missing values first", msg)
		}
		return nil, err
	}
	if err := s.CheckFinite(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	return &dataset{names: s.Names, t: s.T, x: forecast.NewBlock(s.X, s.Dim()), label: filepath.Base(path),
		prov: provenance{Source: "data", Data: abs, Columns: s.Names}}, nil
}

// split is the time-ordered division of a series.
type split struct{ train, val, test int }

// splitRows chooses the training, validation and test rows from the
// flags; n is the number of rows available (0: as many as needed).
func splitRows(o *trainOptions, set trainFlagsSet, neural bool, n int) (split, error) {
	var s split
	switch {
	case n == 0:
		s.train, s.test = o.train, o.test
	case set.train && set.test:
		s.train, s.test = o.train, o.test
	case set.train:
		s.train, s.test = o.train, n-o.train
	case set.test:
		s.train, s.test = n-o.test, o.test
	default:
		s.test = max(1, n/5)
		s.train = n - s.test
	}
	if s.train < 1 || s.test < 1 {
		return s, usagef("the data have %d rows: too few for --train %d and --test %d", n, s.train, s.test)
	}
	if n > 0 && s.train+s.test > n {
		return s, usagef("the data have %d rows, fewer than --train %d + --test %d", n, s.train, s.test)
	}
	switch {
	case set.val:
		s.val = o.val
	case neural:
		s.val = int(valFraction * float64(s.train))
	}
	if s.val >= s.train {
		return s, usagef("--val %d leaves no training rows out of --train %d", s.val, s.train)
	}
	return s, nil
}

// scores are the forecast metrics of one model on the test part.
type scores struct {
	NRMSE       float64  `json:"nrmse"`
	SMAPE       float64  `json:"smape"`
	VPTSteps    float64  `json:"vpt_steps"`
	VPTTime     float64  `json:"vpt_time"`
	VPTLyapunov *float64 `json:"vpt_lyapunov,omitempty"`
	// VPTCensored counts the origins whose error stayed below the
	// threshold over the whole horizon (their VPT is a lower bound).
	VPTCensored int     `json:"vpt_censored"`
	NRMSE1      float64 `json:"nrmse_1step"`
	MSE1        float64 `json:"mse_1step"`
	// Diverged counts rollouts that left the divergence bound; their
	// remaining rows are scored as the training mean.
	Diverged int `json:"diverged,omitempty"`
}

// newScoring describes how train scores forecasts: up to maxOrigins
// rollouts of horizon rows over the test part and one-step forecasts of
// every test row, with the scale and divergence fill of the training
// part (validation rows included).
func newScoring(x *forecast.Block, sp split, horizon int, dt, lyap float64) (*forecast.ScoreOptions, error) {
	if horizon > sp.test {
		return nil, usagef("--horizon %d is longer than the %d test rows", horizon, sp.test)
	}
	std, mean := forecast.TrainStats(x.Slice(0, sp.train))
	return &forecast.ScoreOptions{From: sp.train, To: sp.train + sp.test, Horizon: horizon, Origins: maxOrigins,
		Std: std, Mean: mean, DT: dt, Lyapunov: lyap}, nil
}

// score evaluates m on the test part of x; it also returns the number of
// rollouts.
func score(ctx context.Context, m forecast.Forecaster, x *forecast.Block, so *forecast.ScoreOptions) (scores, int, error) {
	sc, err := forecast.Score(ctx, m, x, so)
	if err != nil {
		return scores{}, 0, err
	}
	s := scores{NRMSE: sc.NRMSE, SMAPE: sc.SMAPE, VPTSteps: sc.VPTSteps, VPTTime: sc.VPTTime, VPTCensored: sc.VPTCensored,
		NRMSE1: sc.OneStepNRMSE, MSE1: sc.OneStepMSE, Diverged: sc.Diverged}
	if so.Lyapunov > 0 {
		v := sc.VPTLyapunov
		s.VPTLyapunov = &v
	}
	return s, len(sc.Origins), nil
}

// trainSummaryJSON is forecast.TrainSummary without NaN (which JSON
// cannot hold).
type trainSummaryJSON struct {
	Samples      int      `json:"samples"`
	ValSamples   int      `json:"val_samples"`
	Epochs       int      `json:"epochs"`
	Steps        int      `json:"steps"`
	BestEpoch    int      `json:"best_epoch,omitempty"`
	TrainLoss    float64  `json:"train_loss"`
	ValLoss      *float64 `json:"val_loss,omitempty"`
	StoppedEarly bool     `json:"stopped_early"`
}

// trainResult is the JSON output of train.
type trainResult struct {
	Model  string `json:"model"`
	Family string `json:"family"`
	// System is the catalogue system, null for a --data series (whose
	// file is Data).
	System     *string            `json:"system"`
	Params     map[string]float64 `json:"params,omitempty"`
	Data       string             `json:"data,omitempty"`
	Columns    []string           `json:"columns"`
	Hyper      map[string]float64 `json:"hyper"`
	Seed       uint64             `json:"seed"`
	DT         float64            `json:"dt"`
	Rows       map[string]int     `json:"rows"`
	Horizon    int                `json:"horizon"`
	Origins    int                `json:"origins"`
	Metrics    scores             `json:"metrics"`
	Baselines  map[string]scores  `json:"baselines"`
	Lyapunov   *lyapunovRef       `json:"lyapunov,omitempty"`
	Training   *trainSummaryJSON  `json:"training,omitempty"`
	Parameters int                `json:"parameters,omitempty"` // trained scalars of a neural model
	FitSeconds float64            `json:"fit_seconds"`
	Saved      string             `json:"saved,omitempty"`
	Notes      []string           `json:"notes,omitempty"`
}

// resolveHyper fills in a model's default hyperparameters (after
// forecast.New has validated them).
func resolveHyper(info forecast.Info, user map[string]float64) map[string]float64 {
	out := map[string]float64{}
	for _, p := range info.Hyper {
		out[p.Name] = p.Default
	}
	for k, v := range user {
		for _, p := range info.Hyper {
			if strings.EqualFold(p.Name, k) {
				out[p.Name] = v
			}
		}
	}
	return out
}

func (e *env) runTrain(ctx context.Context, o *trainOptions, set trainFlagsSet) error {
	if err := o.validate(set); err != nil {
		return err
	}
	user, err := parseHyper(o.set)
	if err != nil {
		return err
	}
	entry, err := forecast.Lookup(o.model)
	if err != nil {
		return err
	}
	spec := forecast.Spec{Hyper: user, Seed: o.seed}
	m, err := forecast.New(o.model, spec)
	if err != nil {
		return err
	}
	neural := entry.Info.Family == "neural"

	// The series.
	var ds *dataset
	var sp split
	if o.system != "" {
		if sp, err = splitRows(o, set, neural, 0); err != nil {
			return err
		}
		if ds, err = e.loadSystem(ctx, o.system, o.params, o.seed, o.dt, set.dt, o.transient, sp.train+sp.test); err != nil {
			return err
		}
	} else {
		if ds, err = loadData(o.data, o.columns); err != nil {
			return err
		}
		if sp, err = splitRows(o, set, neural, ds.x.Rows); err != nil {
			return err
		}
	}
	var notes []string
	dt := 1.0
	if ds.entry != nil {
		dt = ds.prov.DT
		var why string
		ds.lyap, why = literatureLyapunov(&ds.entry.Info, ds.prov.Params)
		if why != "" {
			notes = append(notes, why+"; vpt_lyapunov is not reported")
		}
	} else {
		notes = append(notes, "CSV data: vpt is in rows (vpt_time = vpt_steps), and there is no Lyapunov exponent")
	}
	horizon := o.horizon
	if !set.horizon {
		horizon = defaultHorizonRows
		if ds.lyap != nil && ds.lyap.Value > 0 {
			horizon = int(math.Round(horizonLyapunovTimes / (ds.lyap.Value * dt)))
		}
		horizon = max(1, min(horizon, sp.test))
	}
	lam := 0.0
	if ds.lyap != nil {
		lam = ds.lyap.Value
	}
	sc, err := newScoring(ds.x, sp, horizon, dt, lam)
	if err != nil {
		return err
	}
	if need := m.ContextLen() + 1; sp.train-sp.val < need {
		return fmt.Errorf("%s needs at least %d training rows (a context of %d rows and the row after it); the training part has %d (--train %d, --val %d)",
			o.model, need, m.ContextLen(), sp.train-sp.val, sp.train, sp.val)
	}
	ds.prov.TrainRows, ds.prov.ValRows, ds.prov.TestRows, ds.prov.Horizon = sp.train, sp.val, sp.test, horizon
	fitRows := sp.train - sp.val
	train := ds.x.Slice(0, fitRows)
	var val *forecast.Block
	if sp.val > 0 {
		val = ds.x.Slice(fitRows, sp.train)
	}

	// Training.
	label := "train " + entry.Info.Name
	p := newProgress(e.stderr, e.stderrTTY, e.now, label)
	saveModel := func() error {
		return forecast.SaveModel(o.save, m, spec, train, val, ds.prov.meta())
	}
	if hs, ok := m.(forecast.HookSetter); ok {
		hs.SetTrainHooks(forecast.TrainHooks{
			OnStep: func(step, total int, loss float64) {
				p.label = fmt.Sprintf("%s loss %.4g", label, loss)
				p.update(step, total)
			},
			OnEpoch: func(epoch, epochs int, trainLoss, valLoss float64) error {
				if o.save != "" {
					return saveModel()
				}
				return nil
			},
		})
	}
	start := e.now()
	err = m.Fit(ctx, train, val)
	p.finish()
	wall := e.now().Sub(start)
	if err != nil {
		var de *forecast.TrainDivergedError
		if errors.As(err, &de) && o.save != "" {
			if serr := saveModel(); serr == nil {
				return fmt.Errorf("%w; the last good parameters are saved in %s", err, o.save)
			}
		}
		if errors.Is(err, context.Canceled) {
			return fmt.Errorf("%s: training interrupted after %s: %w", o.model, dur(wall), err)
		}
		return err
	}
	if o.save != "" {
		if err := saveModel(); err != nil {
			return err
		}
	}

	// Scoring.
	res := trainResult{Model: entry.Info.Name, Family: entry.Info.Family, Columns: ds.names, Seed: o.seed, DT: dt,
		Rows: map[string]int{"train": fitRows, "val": sp.val, "test": sp.test}, Horizon: horizon,
		Baselines: map[string]scores{}, Lyapunov: ds.lyap, FitSeconds: wall.Seconds(), Saved: o.save, Notes: notes}
	if ds.entry != nil {
		name := ds.entry.Info.Name
		res.System, res.Params = &name, ds.prov.Params
	} else {
		res.Data = o.data
	}
	if nm, ok := m.(*forecast.Neural); ok {
		res.Hyper, res.Parameters = nm.Hyper(), nm.NumParams()
	} else {
		res.Hyper = resolveHyper(entry.Info, user)
	}
	if tr, ok := m.(forecast.TrainReporter); ok {
		s := tr.TrainSummary()
		res.Training = &trainSummaryJSON{Samples: s.Samples, ValSamples: s.ValSamples, Epochs: s.Epochs, Steps: s.Steps,
			BestEpoch: s.BestEpoch, TrainLoss: s.TrainLoss, StoppedEarly: s.StoppedEarly}
		if !math.IsNaN(s.ValLoss) {
			v := s.ValLoss
			res.Training.ValLoss = &v
		}
	}
	if res.Metrics, res.Origins, err = score(ctx, m, ds.x, sc); err != nil {
		return err
	}
	if res.Metrics.Diverged > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("%d of %d rollouts diverged; their rows after divergence are scored as the training mean",
			res.Metrics.Diverged, res.Origins))
	}
	for _, b := range []string{"persistence", "mean"} {
		bm, err := forecast.New(b, forecast.Spec{Seed: o.seed})
		if err != nil {
			return err
		}
		if err := bm.Fit(ctx, train, val); err != nil {
			return err
		}
		if res.Baselines[b], _, err = score(ctx, bm, ds.x, sc); err != nil {
			return err
		}
	}
	if o.asJSON {
		return writeJSON(e.stdout, res)
	}
	return writeTrainText(e.stdout, &res)
}

// writeTrainText prints train's result for people.
func writeTrainText(w io.Writer, r *trainResult) error {
	src := r.Data
	if r.System != nil {
		src = *r.System
	}
	fmt.Fprintf(w, "%s on %s (%d columns; %d train, %d validation, %d test rows; dt %s): fitted in %s",
		r.Model, src, len(r.Columns), r.Rows["train"], r.Rows["val"], r.Rows["test"], num(r.DT), dur(time.Duration(r.FitSeconds*float64(time.Second))))
	if t := r.Training; t != nil {
		fmt.Fprintf(w, ", %d epochs (%d steps), train loss %.4g", t.Epochs, t.Steps, t.TrainLoss)
		if t.ValLoss != nil {
			fmt.Fprintf(w, ", best validation loss %.4g at epoch %d", *t.ValLoss, t.BestEpoch)
		}
		if t.StoppedEarly {
			fmt.Fprint(w, ", stopped early")
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "forecasts of %d rows from %d origins in the test part", r.Horizon, r.Origins)
	if r.Lyapunov != nil {
		fmt.Fprintf(w, " (%.3g Lyapunov times; λ1 = %s from %s)", float64(r.Horizon)*r.DT*r.Lyapunov.Value, num(r.Lyapunov.Value), shortCitation(r.Lyapunov.Source, 60))
	}
	fmt.Fprintln(w, ":")
	tw := newTable(w)
	fmt.Fprintln(tw, "  MODEL\tNRMSE\tSMAPE\tVPT STEPS\tVPT TIME\tVPT λ-TIMES\tNRMSE 1-STEP")
	row := func(name string, s scores) {
		lt := "-"
		if s.VPTLyapunov != nil {
			lt = fmt.Sprintf("%.3g", *s.VPTLyapunov)
		}
		fmt.Fprintf(tw, "  %s\t%.4g\t%.4g\t%.4g\t%.4g\t%s\t%.4g\n", name, s.NRMSE, s.SMAPE, s.VPTSteps, s.VPTTime, lt, s.NRMSE1)
	}
	row(r.Model, r.Metrics)
	names := make([]string, 0, len(r.Baselines))
	for b := range r.Baselines {
		names = append(names, b)
	}
	sort.Strings(names)
	for _, b := range names {
		row(b, r.Baselines[b])
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, n := range r.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	if r.Saved != "" {
		fmt.Fprintf(w, "saved to %s ('emergo forecast --model %s' forecasts with it)\n", r.Saved, r.Saved)
	}
	return nil
}

// forecastOptions are forecast's flags.
type forecastOptions struct {
	model     string
	system    string
	params    []string
	data      string
	columns   []string
	rows      int
	seed      uint64
	dt        float64
	transient float64
	from      int
	horizon   int
	out       string
	asJSON    bool
}

func (e *env) forecastCmd() *cobra.Command {
	var o forecastOptions
	cmd := &cobra.Command{
		Use:   "forecast --model DIR",
		Short: "Forecast with a model saved by 'emergo train --save'",
		Long: `Forecast --horizon rows with a model saved by 'emergo train --save DIR',
from the rows before row --from (0-based) of a series, and write the
forecast as CSV (to --out, or stdout): a time column, then the model's
columns.

Without --system or --data the series is the one the model was trained on,
rebuilt from the saved provenance (the same system, parameters, seed and dt,
or the same CSV file and columns), and the forecast starts by default at
the first test row, for the saved horizon. With --system NAME (simulating
--rows rows) or --data FILE (--column C) the forecast starts by default
after the last row. When the series holds the true rows that follow, the
forecast is scored (nrmse, smape, vpt as in 'emergo train') and the scores
are printed on stderr, or included in the --json output.`,
		Example: `  emergo train --system Lorenz --model mlp --save lorenz-mlp
  emergo forecast --model lorenz-mlp --horizon 200 --out forecast.csv
  emergo forecast --model lorenz-mlp --system Lorenz --seed 2 --rows 3000 --from 2000 --json`,
		Args: exactArgs(0, "no positional arguments"),
		RunE: runE(func(cmd *cobra.Command, _ []string) error {
			f := cmd.Flags()
			return e.runForecast(cmd.Context(), &o, f.Changed("from"), f.Changed("horizon"), f.Changed("dt"), f.Changed("rows"))
		}),
	}
	f := cmd.Flags()
	f.StringVarP(&o.model, "model", "m", "", "the saved model directory `DIR`")
	f.StringVar(&o.system, "system", "", "forecast a freshly simulated catalogue system `NAME`")
	addParamFlag(f, &o.params)
	f.StringVar(&o.data, "data", "", "forecast the series of the CSV `FILE`")
	f.StringSliceVar(&o.columns, "column", nil, "with --data: the value `COLUMN`s, as many as the model has")
	f.IntVar(&o.rows, "rows", 0, "with --system: rows to simulate (default: the saved training and test rows)")
	f.Uint64VarP(&o.seed, "seed", "s", defaultSeed, "with --system: seed of random systems")
	f.Float64Var(&o.dt, "dt", 0, "with --system: sampling interval (default: the saved one)")
	f.Float64Var(&o.transient, "transient", 0, "with --system: time to simulate and discard first")
	f.IntVar(&o.from, "from", 0, "row (0-based) at which the forecast starts; the rows before it are the context")
	f.IntVar(&o.horizon, "horizon", 0, "rows to forecast (default: the saved horizon, else 100)")
	f.StringVarP(&o.out, "out", "o", "", "write the forecast CSV to `FILE` instead of stdout")
	f.BoolVar(&o.asJSON, "json", false, "print the forecast (and its scores) as JSON instead of CSV")
	return cmd
}

// forecastResult is the JSON output of forecast.
type forecastResult struct {
	Model    string      `json:"model"`
	Dir      string      `json:"dir"`
	Source   string      `json:"source"`
	From     int         `json:"from"`
	Horizon  int         `json:"horizon"`
	Columns  []string    `json:"columns"`
	Time     []float64   `json:"time"`
	Forecast [][]float64 `json:"forecast"`
	Metrics  *struct {
		NRMSE       float64  `json:"nrmse"`
		SMAPE       float64  `json:"smape"`
		VPTSteps    int      `json:"vpt_steps"`
		VPTTime     float64  `json:"vpt_time"`
		VPTLyapunov *float64 `json:"vpt_lyapunov,omitempty"`
		VPTCensored bool     `json:"vpt_censored"`
	} `json:"metrics,omitempty"`
	Lyapunov *lyapunovRef `json:"lyapunov,omitempty"`
}

func (e *env) runForecast(ctx context.Context, o *forecastOptions, fromSet, horizonSet, dtSet, rowsSet bool) error {
	switch {
	case o.model == "":
		return usagef("--model DIR is required (a directory written by 'emergo train --save DIR')")
	case o.system != "" && o.data != "":
		return usagef("--system and --data are mutually exclusive")
	case o.data != "" && len(o.params) > 0:
		return usagef("--param sets system parameters; it does not apply to --data")
	case o.system == "" && (len(o.params) > 0 || rowsSet || dtSet):
		return usagef("--param, --rows and --dt apply to --system")
	case o.data == "" && len(o.columns) > 0:
		return usagef("--column applies to --data")
	case fromSet && o.from < 0:
		return usagef("--from must be non-negative, got %d", o.from)
	case horizonSet && o.horizon < 1:
		return usagef("--horizon must be at least 1, got %d", o.horizon)
	case rowsSet && o.rows < 1:
		return usagef("--rows must be at least 1, got %d", o.rows)
	case dtSet && !(o.dt > 0 && !math.IsInf(o.dt, 0)):
		return usagef("--dt must be a positive finite sampling interval, got %v", o.dt)
	}
	m, man, err := forecast.LoadModel(ctx, o.model)
	if err != nil {
		return err
	}
	prov, err := provenanceOf(man)
	if err != nil {
		return fmt.Errorf("%s: the saved provenance is unreadable: %v", o.model, err)
	}
	recorded := o.system == "" && o.data == ""
	var ds *dataset
	switch {
	case o.system != "":
		rows := o.rows
		if !rowsSet {
			rows = 1000
			if prov != nil && prov.TrainRows+prov.TestRows > 0 {
				rows = prov.TrainRows + prov.TestRows
			}
		}
		dt, given := o.dt, dtSet
		if !dtSet && prov != nil && prov.Source == "system" && strings.EqualFold(prov.System, o.system) {
			dt, given = prov.DT, true
		}
		ds, err = e.loadSystem(ctx, o.system, o.params, o.seed, dt, given, o.transient, rows)
	case o.data != "":
		ds, err = loadData(o.data, o.columns)
	case prov == nil:
		return fmt.Errorf("%s records no training series; give one with --system or --data", o.model)
	case prov.Source == "system":
		kv := make([]string, 0, len(prov.Params))
		for _, k := range sortedNames(prov.Params) {
			kv = append(kv, fmt.Sprintf("%s=%v", k, prov.Params[k]))
		}
		ds, err = e.loadSystem(ctx, prov.System, kv, prov.Seed, prov.DT, true, prov.Transient, prov.TrainRows+prov.TestRows)
	default:
		ds, err = loadData(prov.Data, prov.Columns)
	}
	if err != nil {
		return err
	}
	if ds.x.Dim != man.Dim {
		return fmt.Errorf("%s models %d columns; the series has %d (%s)", o.model, man.Dim, ds.x.Dim, strings.Join(ds.names, ", "))
	}
	n := ds.x.Rows
	from := n
	if recorded {
		from = prov.TrainRows
	}
	if fromSet {
		from = o.from
	}
	cl := m.ContextLen()
	if from < cl || from > n {
		return usagef("--from %d: the forecast needs %d context rows before it, within the series' %d rows", from, cl, n)
	}
	horizon := defaultHorizonRows
	if prov != nil && prov.Horizon > 0 {
		horizon = prov.Horizon
	}
	if horizonSet {
		horizon = o.horizon
	}
	p, err := m.Predict(ds.x.Slice(from-cl, from), horizon)
	if err != nil {
		return err
	}
	// Times of the forecast rows: the series' own where it has them,
	// extrapolated by its last interval beyond.
	times := make([]float64, horizon)
	step := 1.0
	if n >= 2 {
		step = ds.t[n-1] - ds.t[n-2]
	}
	for h := range times {
		if i := from + h; i < n {
			times[h] = ds.t[i]
		} else {
			times[h] = ds.t[n-1] + float64(i-n+1)*step
		}
	}
	res := forecastResult{Model: m.Name(), Dir: o.model, Source: ds.label, From: from, Horizon: horizon, Columns: ds.names, Time: times}
	for h := 0; h < horizon; h++ {
		res.Forecast = append(res.Forecast, append([]float64(nil), p.Row(h)...))
	}
	var summary string
	if from+horizon <= n {
		ref := ds.x.Slice(0, from)
		if recorded && prov.TrainRows > 0 {
			ref = ds.x.Slice(0, prov.TrainRows)
		}
		std, _ := forecast.TrainStats(ref)
		dt, lam := 1.0, 0.0
		if ds.entry != nil {
			dt = ds.prov.DT
			ds.lyap, _ = literatureLyapunov(&ds.entry.Info, ds.prov.Params)
			if ds.lyap != nil {
				lam = ds.lyap.Value
			}
		}
		truth := ds.x.Slice(from, from+horizon)
		v := forecast.ValidTime(truth, p, &forecast.VPTOptions{Std: std, DT: dt, Lyapunov: lam})
		res.Metrics = &struct {
			NRMSE       float64  `json:"nrmse"`
			SMAPE       float64  `json:"smape"`
			VPTSteps    int      `json:"vpt_steps"`
			VPTTime     float64  `json:"vpt_time"`
			VPTLyapunov *float64 `json:"vpt_lyapunov,omitempty"`
			VPTCensored bool     `json:"vpt_censored"`
		}{NRMSE: forecast.NRMSE(truth, p, std), SMAPE: forecast.SMAPE(truth, p), VPTSteps: v.Steps, VPTTime: v.Time, VPTCensored: v.Censored}
		if lam > 0 {
			lt := v.LyapunovTimes
			res.Metrics.VPTLyapunov = &lt
			res.Lyapunov = ds.lyap
		}
		summary = fmt.Sprintf(": nrmse %.4g, smape %.4g, valid for %d steps", res.Metrics.NRMSE, res.Metrics.SMAPE, v.Steps)
		if lam > 0 {
			summary += fmt.Sprintf(" (%.3g Lyapunov times)", v.LyapunovTimes)
		}
	}
	if o.asJSON {
		return writeJSON(e.stdout, res)
	}
	s := &series.Series{Names: ds.names, T: times, X: p.X}
	if ds.prov.Source == "data" {
		// Real data are dated; T is then days since 1970.
		if orig, err := series.ReadCSVFile(ds.prov.Data, &series.CSVOptions{Columns: ds.names}); err == nil && orig.Dates != nil {
			s.Dates = make([]time.Time, horizon)
			for h, t := range times {
				s.Dates[h] = series.DateOf(t)
			}
		}
	}
	write := s.WriteCSV
	if o.out != "" && o.out != "-" {
		of, err := openOut(o.out)
		if err != nil {
			return err
		}
		defer of.abort()
		if err := of.commit(write); err != nil {
			return err
		}
	} else if err := write(e.stdout); err != nil {
		return fmt.Errorf("writing the CSV: %w", err)
	}
	fmt.Fprintf(e.stderr, "%s: forecast %d rows of %s from row %d%s\n", m.Name(), horizon, ds.label, from, summary)
	return nil
}

func sortedNames(p map[string]float64) []string {
	ks := make([]string, 0, len(p))
	for k := range p {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func (e *env) modelsCmd() *cobra.Command {
	cmd := group(&cobra.Command{
		Use:     "models",
		Aliases: []string{"model"},
		Short:   "List the forecasting models or show one model's hyperparameters",
	})
	var listJSON, showJSON bool
	list := &cobra.Command{
		Use:   "list",
		Short: "List the forecasting models: name, family, reference and description",
		Args:  exactArgs(0, "no arguments"),
		RunE: runE(func(cmd *cobra.Command, _ []string) error {
			infos := forecast.Models()
			if listJSON {
				return writeJSON(e.stdout, infos)
			}
			tw := newTable(e.stdout)
			fmt.Fprintln(tw, "NAME\tFAMILY\tREFERENCE\tDESCRIPTION")
			for _, in := range infos {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", in.Name, in.Family, shortCitation(in.Citation, 30), truncate(in.Description, 70))
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			_, err := fmt.Fprintf(e.stdout, "%d models; 'emergo models show NAME' lists the hyperparameters\n", len(infos))
			return err
		}),
	}
	list.Flags().BoolVar(&listJSON, "json", false, "print JSON (an array of the models' metadata)")
	show := &cobra.Command{
		Use:   "show NAME",
		Short: "Show a model's description, reference and hyperparameters (defaults and ranges)",
		Args:  exactArgs(1, "one model name"),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			en, err := forecast.Lookup(args[0])
			if err != nil {
				return err
			}
			in := en.Info
			if showJSON {
				return writeJSON(e.stdout, in)
			}
			fmt.Fprintf(e.stdout, "%s (%s)\n%s\n\n  reference: %s\n\n", in.Name, in.Family, wrap(in.Description, 76, "  "), in.Citation)
			if len(in.Hyper) == 0 {
				_, err := fmt.Fprintln(e.stdout, "  no hyperparameters")
				return err
			}
			tw := newTable(e.stdout)
			fmt.Fprintln(tw, "  HYPERPARAMETER\tDEFAULT\tRANGE\tDESCRIPTION")
			for _, p := range in.Hyper {
				fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", p.Name, num(p.Default), paramRange(p), p.Doc)
			}
			return tw.Flush()
		}),
	}
	show.Flags().BoolVar(&showJSON, "json", false, "print the model's metadata as JSON")
	cmd.AddCommand(list, show)
	return cmd
}
