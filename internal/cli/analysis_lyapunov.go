package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/emergo/emergo/chaos"
	"github.com/emergo/emergo/forecast"
	"github.com/emergo/emergo/system"
)

// Defaults of lyapunov.
const (
	// defaultLyapTrainRows is the length of the series a --model is
	// trained on.
	defaultLyapTrainRows = 10000
	// Averaging times and transients of chaos.LyapunovSpectrum's
	// defaults, repeated here so they can be reported: flows in time
	// units, maps in iterations.
	defaultFlowTime      = 1000
	defaultFlowTransient = 100
	defaultMapTime       = 1e5
	defaultMapTransient  = 1000
)

// lyapOptions are lyapunov's flags.
type lyapOptions struct {
	params    []string
	k         int
	span      float64 // --time
	transient float64
	seed      uint64
	dt        float64
	data      string
	column    string
	method    string
	delay     int
	embedDim  int
	model     string
	set       []string
	train     int
	asJSON    bool
}

func (e *env) lyapunovCmd() *cobra.Command {
	var o lyapOptions
	cmd := &cobra.Command{
		Use:     "lyapunov (NAME | --data FILE [--column C]) [--k K]",
		Aliases: []string{"lyap"},
		Short:   "Lyapunov spectrum of a system, of a trained model's dynamics, or the largest exponent of data",
		Long: `Lyapunov exponents, in three modes.

emergo lyapunov NAME computes the K largest exponents of a catalogue system
(--k, default all) by the method of Benettin et al. (1980): the state and K
deviation vectors evolve under the tangent dynamics (analytic Jacobian when
the system has one), re-orthonormalised by QR at every sampling step. It
averages over --time (default 1000 time units for flows, 10^5 iterations for
maps) after --transient (default 100 time units, 1000 iterations), and
prints each exponent with its standard error (from 10 block averages), the
Kaplan-Yorke dimension and the reference values of the catalogue's metadata
with their sources. Exponents are per time unit (per iteration for maps),
natural logarithms. Lattice, agent, market and delay models have no tangent
dynamics here; estimate their largest exponent from a simulated series with
--data instead.

emergo lyapunov NAME --model M also trains the forecasting model M ('emergo
models list') on --train rows of the system (default 10^4, recorded after
the transient) and computes the spectrum of the trained model run as an
autonomous map (its closed-loop Dynamics, started from the end of the
training series): exponents per step divided by dt give exponents per time
unit, printed next to the true system's. This measures the fidelity of the
dynamics that emerged in training (Pathak et al. 2017). The model's state
may have more dimensions than the system's; the K largest exponents of both
are compared.

emergo lyapunov --data FILE --column C estimates the largest exponent of a
scalar series by Rosenstein et al. (1993) or Kantz (1994) (--method), after
a delay embedding chosen automatically (delay: first minimum of the mutual
information; dimension: Cao's method) unless --delay and --embed-dim fix it.
The embedding used is reported. The sampling interval is --dt, else the
median step of the file's time column, else 1 per row. For map data use
--delay 1. Only λ1 can be estimated from one series, so --k may only be 1
here, and kaplan_yorke is null in the JSON (it needs the whole spectrum).`,
		Example: `  emergo lyapunov Henon --json
  emergo lyapunov Lorenz --k 1 --time 200
  emergo lyapunov Lorenz --model nvar --train 5000
  emergo simulate Lorenz --steps 10000 --out lorenz.csv
  emergo lyapunov --data lorenz.csv --column x --method kantz`,
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			name, err := pickSource(args, o.data, "the exponents of what?")
			if err != nil {
				return err
			}
			f := cmd.Flags()
			if o.data != "" {
				return e.lyapunovData(&o, f.Changed("dt"), f.Changed)
			}
			return e.lyapunovSystem(cmd.Context(), name, &o, f.Changed)
		}),
	}
	f := cmd.Flags()
	addParamFlag(f, &o.params)
	f.IntVarP(&o.k, "k", "k", 0, "number of exponents `K` (default: all, the system's dimension)")
	f.Float64VarP(&o.span, "time", "T", 0, "averaging time in model units (default 1000 for flows, 100000 iterations for maps)")
	f.Float64Var(&o.transient, "transient", 0, "time run before averaging (default 100 for flows, 1000 iterations for maps)")
	f.Uint64VarP(&o.seed, "seed", "s", defaultSeed, "seed of random initial conditions and of the model's weights")
	f.Float64Var(&o.dt, "dt", 0, "sampling interval: of the flow (default its suggested dt) or of the --data series")
	f.StringVar(&o.data, "data", "", "estimate the largest exponent of a column of the CSV `FILE`")
	f.StringVar(&o.column, "column", "", "with --data: the value `COLUMN` (default: the file's only one)")
	f.StringVar(&o.method, "method", "rosenstein", "with --data: rosenstein (nearest neighbour) or kantz (ε-neighbourhood)")
	f.IntVar(&o.delay, "delay", 0, "with --data: embedding delay in samples (default: first minimum of the mutual information)")
	f.IntVar(&o.embedDim, "embed-dim", 0, "with --data: embedding dimension (default: Cao's method)")
	f.StringVarP(&o.model, "model", "m", "", "train the forecasting model `M` on the system and compare its spectrum")
	f.StringArrayVar(&o.set, "set", nil, "with --model: a hyperparameter, `name=value`; repeat or join with commas")
	f.IntVar(&o.train, "train", defaultLyapTrainRows, "with --model: rows of the training series")
	f.BoolVar(&o.asJSON, "json", false, "print the result as JSON")
	return cmd
}

// spectrumJSON is a Lyapunov spectrum in the JSON output.
type spectrumJSON struct {
	Exponents   []jf `json:"exponents"`
	StdErr      []jf `json:"stderr"`
	Spread      []jf `json:"spread"`
	Sum         jf   `json:"sum"`
	KaplanYorke jf   `json:"kaplan_yorke"`
	// KaplanYorkeLowerBound is true when fewer exponents than the
	// dimension were computed and their partial sums never turn negative:
	// kaplan_yorke is then only a lower bound (ask for more with --k).
	KaplanYorkeLowerBound bool    `json:"kaplan_yorke_lower_bound"`
	Time                  float64 `json:"time"`  // averaging time, model units
	Steps                 int     `json:"steps"` // averaged sampling steps
	Seconds               float64 `json:"seconds"`
	dim                   int     // the dimension of the tangent space
}

func newSpectrumJSON(sp *chaos.Spectrum, scale float64, dim int, wall time.Duration) *spectrumJSON {
	ex := make([]float64, len(sp.Exponents))
	se := make([]float64, len(sp.Exponents))
	spr := make([]float64, len(sp.Exponents))
	var sum float64
	for i := range ex {
		ex[i] = sp.Exponents[i] * scale
		se[i] = sp.StdErr[i] * scale
		spr[i] = sp.Spread[i] * scale
		sum += ex[i]
	}
	ky := chaos.KaplanYorke(ex)
	return &spectrumJSON{Exponents: jfs(ex), StdErr: jfs(se), Spread: jfs(spr), Sum: jf(sum),
		KaplanYorke: jf(ky), KaplanYorkeLowerBound: len(ex) < dim && ky == float64(len(ex)),
		Time: sp.Time, Steps: sp.Steps, Seconds: wall.Seconds(), dim: dim}
}

// lyapSystemResult is the JSON output of lyapunov NAME.
type lyapSystemResult struct {
	System    string             `json:"system"`
	Category  string             `json:"category"`
	Params    map[string]float64 `json:"params"`
	Seed      uint64             `json:"seed"`
	DT        float64            `json:"dt"`
	Discrete  bool               `json:"discrete"`
	Units     string             `json:"units"`
	Transient float64            `json:"transient"`
	*spectrumJSON
	References []reference      `json:"references"`
	Model      *lyapModelResult `json:"model,omitempty"`
	Notes      []string         `json:"notes,omitempty"`
}

// lyapModelResult is the spectrum of a trained model's dynamics.
type lyapModelResult struct {
	Name       string             `json:"name"`
	Hyper      map[string]float64 `json:"hyper"`
	TrainRows  int                `json:"train_rows"`
	StateDim   int                `json:"state_dim"`
	FitSeconds float64            `json:"fit_seconds"`
	// The spectrum in exponents per time unit (nil when the closed loop
	// diverged), and per step.
	*spectrumJSON
	PerStep []jf `json:"exponents_per_step,omitempty"`
	// Lambda1Error is (λ1 model − λ1 system)/|λ1 system|.
	Lambda1Error *jf    `json:"lambda1_relative_error,omitempty"`
	Diverged     string `json:"diverged,omitempty"`
	Note         string `json:"note,omitempty"`
}

// validate checks lyapunov's flags for the system modes.
func (o *lyapOptions) validateSystem(changed func(string) bool) error {
	for _, fl := range []string{"column", "method", "delay", "embed-dim"} {
		if changed(fl) {
			return usagef("--%s applies to --data", fl)
		}
	}
	if o.model == "" {
		for _, fl := range []string{"set", "train"} {
			if changed(fl) {
				return usagef("--%s applies to --model", fl)
			}
		}
	}
	switch {
	case changed("k") && o.k < 1:
		return usagef("--k must be at least 1, got %d", o.k)
	case changed("time") && !finitePositive(o.span):
		return usagef("--time must be a positive finite averaging time, got %v", o.span)
	case changed("transient") && !(o.transient >= 0 && !math.IsInf(o.transient, 0)):
		return usagef("--transient must be a non-negative time, got %v", o.transient)
	case changed("dt") && !finitePositive(o.dt):
		return usagef("--dt must be a positive finite sampling interval, got %v", o.dt)
	case o.model != "" && o.train < 2:
		return usagef("--train must be at least 2 rows, got %d", o.train)
	}
	return nil
}

// noTangent explains why a system has no Lyapunov spectrum here.
func noTangent(in *system.Info) error {
	why := "it has no deterministic rule to linearise"
	switch in.Category {
	case system.CatDelay:
		why = "a delay equation is infinite-dimensional and its tangent dynamics are not implemented"
	case system.CatPDE:
		why = "its tangent dynamics are not implemented"
	}
	if in.Stochastic {
		why = "it is a stochastic model with no deterministic rule to linearise"
	}
	return fmt.Errorf("%s (%s) has no tangent dynamics: %s, so its Lyapunov spectrum cannot be computed; "+
		"estimate the largest exponent from a simulated series instead: "+
		"emergo simulate %s --steps 10000 --out s.csv && emergo lyapunov --data s.csv --column C",
		in.Name, in.Category, why, in.Name)
}

func (e *env) lyapunovSystem(ctx context.Context, name string, o *lyapOptions, changed func(string) bool) error {
	if err := o.validateSystem(changed); err != nil {
		return err
	}
	user, err := parseParams(o.params)
	if err != nil {
		return err
	}
	entry, err := system.Lookup(name)
	if err != nil {
		return err
	}
	full, err := entry.Resolve(user)
	if err != nil {
		return err
	}
	// The model and its hyperparameters are checked before any long work.
	var m forecast.Forecaster
	var hyper map[string]float64
	if o.model != "" {
		if hyper, err = parseHyper(o.set); err != nil {
			return err
		}
		if m, err = forecast.New(o.model, forecast.Spec{Hyper: hyper, Seed: o.seed}); err != nil {
			return err
		}
		if _, ok := m.(forecast.Dynamics); !ok {
			return fmt.Errorf("model %s cannot run as an autonomous dynamical system (it has no Dynamics); models that can: %s",
				m.Name(), strings.Join(dynamicsModels(), ", "))
		}
		if cl := m.ContextLen(); o.train < cl+2 {
			return fmt.Errorf("%s needs at least %d training rows (a context of %d rows and two more); --train is %d", m.Name(), cl+2, cl, o.train)
		}
	}
	cfg := system.Config{Params: user, Seed: o.seed, DT: o.dt}
	sys, err := entry.New(cfg)
	if err != nil {
		return err
	}
	_, isField := sys.(system.Field)
	_, isTangent := sys.(chaos.Tangent)
	if !isField && !isTangent {
		return noTangent(&entry.Info)
	}
	dt, err := samplingInterval(entry, sys, o.dt, changed("dt"))
	if err != nil {
		return err
	}
	discrete := system.IsDiscrete(sys) || entry.Info.Category == system.CatMap
	avg, tr := float64(defaultFlowTime), float64(defaultFlowTransient)
	units := "per time unit"
	if discrete {
		avg, tr = defaultMapTime, defaultMapTransient
		units = "per iteration"
	}
	if changed("time") {
		avg = o.span
	}
	if changed("transient") {
		tr = o.transient
	}
	// k exponents of the system; kModel of the model, whose state may
	// have more dimensions than the system's.
	k, kModel := sys.Dim(), sys.Dim()
	if changed("k") {
		if o.k > sys.Dim() && m == nil {
			return usagef("--k %d exceeds the dimension %d of %s", o.k, sys.Dim(), entry.Info.Name)
		}
		k, kModel = min(o.k, sys.Dim()), o.k
	}
	res := lyapSystemResult{System: entry.Info.Name, Category: string(entry.Info.Category), Params: full, Seed: o.seed,
		DT: dt, Discrete: discrete, Units: units, Transient: tr}
	var note string
	res.References, note = references(&entry.Info, full, "lyapunov_spectrum", "max_lyapunov", "kaplan_yorke")
	if note != "" {
		res.Notes = append(res.Notes, note)
	}
	if res.References == nil {
		res.References = []reference{}
	}
	if entry.Info.Stochastic {
		res.Notes = append(res.Notes, entry.Info.Name+" is stochastic: the exponents are those of its deterministic part")
	}

	sp, wall, err := e.spectrum(ctx, "lyapunov "+entry.Info.Name, sys, &chaos.SpectrumOptions{K: k, Time: avg, Transient: transientOpt(tr)})
	if err != nil {
		return lyapErr(entry.Info.Name, err)
	}
	res.spectrumJSON = newSpectrumJSON(sp, 1, sys.Dim(), wall)

	if m != nil {
		res.Model, err = e.modelSpectrum(ctx, o, entry, m, hyper, dt, kModel, avg, tr, changed("dt"))
		if err != nil {
			return err
		}
		if res.Model.spectrumJSON != nil {
			l, lm := float64(res.Exponents[0]), float64(res.Model.Exponents[0])
			if l != 0 {
				v := jf((lm - l) / math.Abs(l))
				res.Model.Lambda1Error = &v
			}
		}
	}
	if o.asJSON {
		return writeJSON(e.stdout, res)
	}
	return writeLyapText(e.stdout, &res, &entry.Info)
}

// transientOpt converts a transient time to SpectrumOptions.Transient, in
// which 0 means the default and a negative value none.
func transientOpt(t float64) float64 {
	if t == 0 {
		return -1
	}
	return t
}

// spectrum runs chaos.LyapunovSpectrum with a progress display.
func (e *env) spectrum(ctx context.Context, label string, sys system.System, opt *chaos.SpectrumOptions) (*chaos.Spectrum, time.Duration, error) {
	p := newProgress(e.stderr, e.stderrTTY, e.now, label)
	opt.Progress = p.update
	start := e.now()
	sp, err := chaos.LyapunovSpectrum(ctx, sys, opt)
	p.finish()
	return sp, e.now().Sub(start), err
}

// lyapErr adds advice to a failed spectrum.
func lyapErr(name string, err error) error {
	if errors.Is(err, context.Canceled) {
		return fmt.Errorf("%s: Lyapunov spectrum interrupted: %w", name, err)
	}
	if errors.Is(err, system.ErrDiverged) {
		return libErr("", fmt.Errorf("%w (try other parameters)", err))
	}
	return libErr(name, err)
}

// dynamicsModels lists the models that implement forecast.Dynamics.
func dynamicsModels() []string {
	var out []string
	for _, in := range forecast.Models() {
		func() {
			defer func() { _ = recover() }()
			if m, err := forecast.New(in.Name, forecast.Spec{}); err == nil {
				if _, ok := m.(forecast.Dynamics); ok {
					out = append(out, in.Name)
				}
			}
		}()
	}
	return out
}

// modelSpectrum trains m on the system and computes the spectrum of its
// closed-loop dynamics, in exponents per time unit.
func (e *env) modelSpectrum(ctx context.Context, o *lyapOptions, entry *system.Entry, m forecast.Forecaster, hyper map[string]float64,
	dt float64, k int, avg, tr float64, dtGiven bool) (*lyapModelResult, error) {
	name := entry.Info.Name
	sim, err := e.simulateFor(ctx, name, o.params, o.seed, o.dt, dtGiven, tr, o.train)
	if err != nil {
		return nil, err
	}
	block := forecast.NewBlock(sim.x, sim.dim)
	cl := m.ContextLen()
	p := newProgress(e.stderr, e.stderrTTY, e.now, "train "+m.Name())
	if hs, ok := m.(forecast.HookSetter); ok {
		hs.SetTrainHooks(forecast.TrainHooks{OnStep: func(step, total int, _ float64) { p.update(step, total) }})
	}
	start := e.now()
	err = m.Fit(ctx, block, nil)
	p.finish()
	fit := e.now().Sub(start)
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return nil, fmt.Errorf("%s: training interrupted after %s: %w", m.Name(), dur(fit), err)
		}
		return nil, err
	}
	en, _ := forecast.Lookup(m.Name())
	res := &lyapModelResult{Name: m.Name(), TrainRows: o.train, FitSeconds: fit.Seconds()}
	if nm, ok := m.(*forecast.Neural); ok {
		res.Hyper = nm.Hyper()
	} else if en != nil {
		res.Hyper = resolveHyper(en.Info, hyper)
	}
	dsys, err := m.(forecast.Dynamics).Dynamics(block.Slice(o.train-cl, o.train))
	if err != nil {
		return nil, fmt.Errorf("%s: building its dynamics: %w", m.Name(), err)
	}
	res.StateDim = dsys.Dim()
	km := min(k, dsys.Dim())
	if km < dsys.Dim() {
		res.Note = fmt.Sprintf("the %d largest of the %d exponents of %s's map (--k up to %d shows more); directions of the model's state that the system lacks can add spurious exponents",
			km, dsys.Dim(), m.Name(), dsys.Dim())
	}
	iters := stepsOf(avg, dt)
	trIters := math.Round(tr / dt)
	sp, wall, err := e.spectrum(ctx, "lyapunov "+m.Name(), dsys, &chaos.SpectrumOptions{K: km, Time: iters, Transient: transientOpt(trIters)})
	if err != nil {
		var de *system.DivergedError
		var fe *forecast.DivergedError
		if errors.As(err, &de) || errors.As(err, &fe) || errors.Is(err, system.ErrDiverged) {
			res.Diverged = libErr("", err).Error()
			return res, nil
		}
		return nil, lyapErr(m.Name(), err)
	}
	res.spectrumJSON = newSpectrumJSON(sp, 1/dt, dsys.Dim(), wall)
	res.Time = sp.Time * dt
	res.PerStep = jfs(sp.Exponents)
	return res, nil
}

// writeLyapText prints the spectrum table of lyapunov NAME.
func writeLyapText(w io.Writer, r *lyapSystemResult, in *system.Info) error {
	ps := paramString(in, r.Params)
	if ps != "" {
		ps = " (" + ps + ")"
	}
	unit := "time units"
	if r.Discrete {
		unit = "iterations"
	}
	fmt.Fprintf(w, "%s%s: Lyapunov exponents %s, natural log\n", r.System, ps, r.Units)
	fmt.Fprintf(w, "averaged over %s %s after a transient of %s (dt %s; Benettin/QR, s.e. from 10 blocks)\n",
		num(r.Time), unit, num(r.Transient), num(r.DT))
	if r.Model != nil {
		fmt.Fprintf(w, "model %s trained on %d rows (%s); its closed loop is a map on %d state values",
			r.Model.Name, r.Model.TrainRows, dur(time.Duration(r.Model.FitSeconds*float64(time.Second))), r.Model.StateDim)
		if r.Model.spectrumJSON != nil {
			fmt.Fprintf(w, ", averaged over %d steps", r.Model.Steps)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)
	ref := firstRef(r.References, "lyapunov_spectrum", "max_lyapunov")
	kyRef := firstRef(r.References, "kaplan_yorke")
	tw := newTable(w)
	head := "  i\tλ_i\t± s.e."
	if r.Model != nil && r.Model.spectrumJSON != nil {
		head += "\t" + r.Model.Name + " λ_i\t± s.e."
	}
	if ref != nil {
		head += "\treference"
	}
	fmt.Fprintln(tw, head)
	hasModel := r.Model != nil && r.Model.spectrumJSON != nil
	rows := len(r.Exponents)
	if hasModel {
		rows = max(rows, len(r.Model.Exponents))
	}
	for i := 0; i < rows; i++ {
		line := fmt.Sprintf("  %d\t\t", i+1)
		if i < len(r.Exponents) {
			line = fmt.Sprintf("  %d\t%s\t%s", i+1, fnum(r.Exponents[i]), fmtSE(r.StdErr[i]))
		}
		if hasModel {
			if i < len(r.Model.Exponents) {
				line += fmt.Sprintf("\t%s\t%s", fnum(r.Model.Exponents[i]), fmtSE(r.Model.StdErr[i]))
			} else {
				line += "\t\t"
			}
		}
		if ref != nil {
			line += "\t"
			if i < len(ref.Values) {
				line += fnum(ref.Values[i])
			}
		}
		fmt.Fprintln(tw, line)
	}
	for _, row := range []struct {
		name          string
		v, model, ref jf
		hasRef        bool
	}{
		{name: "sum", v: r.Sum, model: modelField(r.Model, func(s *spectrumJSON) jf { return s.Sum })},
		{name: "D_KY", v: r.KaplanYorke, model: modelField(r.Model, func(s *spectrumJSON) jf { return s.KaplanYorke }),
			ref: refValue(kyRef), hasRef: kyRef != nil},
	} {
		line := fmt.Sprintf("  %s\t%s\t", row.name, fnum(row.v))
		if hasModel {
			line += "\t" + fnum(row.model) + "\t"
		}
		if ref != nil {
			line += "\t"
			if row.hasRef {
				line += fnum(row.ref)
			}
		}
		fmt.Fprintln(tw, line)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if r.KaplanYorkeLowerBound {
		fmt.Fprintf(w, "  (D_KY is only a lower bound: the %d exponents computed, of %d, never sum below zero, so they cannot bound the dimension; ask for more with --k)\n",
			len(r.Exponents), r.dim)
	}
	if hasModel && r.Model.KaplanYorkeLowerBound {
		fmt.Fprintf(w, "  (%s's D_KY is only a lower bound: the %d exponents computed, of %d, never sum below zero; ask for more with --k)\n",
			r.Model.Name, len(r.Model.Exponents), r.Model.dim)
	}
	if r.Model != nil {
		switch {
		case r.Model.Diverged != "":
			fmt.Fprintf(w, "\nThe closed loop of %s diverged, so it has no bounded attractor to measure: %s\n", r.Model.Name, r.Model.Diverged)
		case r.Model.Lambda1Error != nil:
			fmt.Fprintf(w, "\n%s: λ1 %s vs the system's %s (%+.1f%%)\n", r.Model.Name, fnum(r.Model.Exponents[0]), fnum(r.Exponents[0]),
				100*float64(*r.Model.Lambda1Error))
		}
	}
	if r.Model != nil && r.Model.Note != "" && r.Model.spectrumJSON != nil {
		fmt.Fprintf(w, "(%s)\n", r.Model.Note)
	}
	writeRefs(w, r.References)
	writeNotes(w, r.Notes)
	return nil
}

// writeRefs lists reference invariants with their sources.
func writeRefs(w io.Writer, refs []reference) {
	if len(refs) == 0 {
		return
	}
	fmt.Fprintln(w, "\nReferences:")
	for _, v := range refs {
		fmt.Fprintf(w, "  %s = %s\n%s\n", v.Name, fnums(v.Values), wrap(v.Source, 76, "      "))
	}
}

// writeNotes prints notes, one paragraph each.
func writeNotes(w io.Writer, notes []string) {
	for _, n := range notes {
		fmt.Fprintf(w, "\nNote: %s\n", wrap(n, 70, ""))
	}
}

// fnum formats a JSON-able number for tables; NaN as "-".
func fnum(v jf) string {
	if math.IsNaN(float64(v)) {
		return "-"
	}
	return num(float64(v))
}

// fnums formats a vector of jf.
func fnums(x []jf) string {
	s := make([]string, len(x))
	for i, v := range x {
		s[i] = fnum(v)
	}
	return "[" + strings.Join(s, " ") + "]"
}

// fmtSE formats a standard error with two significant digits.
func fmtSE(v jf) string {
	if math.IsNaN(float64(v)) {
		return "-"
	}
	return fmt.Sprintf("%.2g", float64(v))
}

// lyapDataResult is the JSON output of lyapunov --data.
type lyapDataResult struct {
	Data      string  `json:"data"`
	Column    string  `json:"column"`
	Points    int     `json:"points"`
	DT        float64 `json:"dt"`
	DTSource  string  `json:"dt_source"`
	Method    string  `json:"method"`
	Exponents []jf    `json:"exponents"`
	Lambda1   jf      `json:"lambda1"`
	StdErr    jf      `json:"stderr"`
	Embedding struct {
		Dim            int    `json:"dim"`
		Delay          int    `json:"delay"`
		Theiler        int    `json:"theiler"`
		DimEstimated   bool   `json:"dim_estimated"`
		DelayEstimated bool   `json:"delay_estimated"`
		Rule           string `json:"rule"`
	} `json:"embedding"`
	// KaplanYorke is always null: the dimension needs the whole
	// spectrum, which a scalar series does not give (see Notes).
	KaplanYorke *jf       `json:"kaplan_yorke"`
	Radius      *jf       `json:"radius,omitempty"`
	Fit         [2]jf     `json:"fit_time"` // [from, to] in time units
	Curve       curveJSON `json:"curve"`
	Notes       []string  `json:"notes,omitempty"`
}

type curveJSON struct {
	Time  []jf `json:"time"`
	Value []jf `json:"value"`
}

func (e *env) lyapunovData(o *lyapOptions, dtGiven bool, changed func(string) bool) error {
	for _, fl := range []string{"param", "time", "transient", "model", "set", "train"} {
		if changed(fl) {
			return usagef("--%s applies to a system NAME, not to --data", fl)
		}
	}
	if changed("k") && o.k != 1 {
		return usagef("--k %d: from one observed series only the largest exponent can be estimated (Rosenstein's or Kantz's divergence method); use --k 1, or a system NAME for the spectrum", o.k)
	}
	method := strings.ToLower(o.method)
	switch {
	case method != "rosenstein" && method != "kantz":
		return usagef("unknown --method %q (use rosenstein or kantz)", o.method)
	case dtGiven && !finitePositive(o.dt):
		return usagef("--dt must be a positive finite sampling interval, got %v", o.dt)
	case changed("delay") && o.delay < 1:
		return usagef("--delay must be at least 1, got %d", o.delay)
	case changed("embed-dim") && o.embedDim < 1:
		return usagef("--embed-dim must be at least 1, got %d", o.embedDim)
	}
	s, err := readColumn(o.data, o.column, o.dt, dtGiven)
	if err != nil {
		return err
	}
	if err := checkVarying(s.label, s.x, "Lyapunov exponents"); err != nil {
		return err
	}
	opt := &chaos.DivergenceOptions{Dim: o.embedDim, Delay: o.delay}
	if o.delay > 0 || o.embedDim > 0 {
		opt.Embedding = &chaos.EmbeddingOptions{Delay: o.delay, Dim: o.embedDim}
	}
	var d *chaos.Divergence
	label := "Rosenstein"
	if method == "kantz" {
		label = "Kantz"
		d, err = chaos.Kantz(s.x, s.dt, opt)
	} else {
		d, err = chaos.Rosenstein(s.x, s.dt, opt)
	}
	if err != nil {
		err = libErr(s.label, err)
		if errors.Is(err, chaos.ErrNoScaling) {
			return fmt.Errorf("%v (for map data try --delay 1; a longer series or a fixed --embed-dim may help)", err)
		}
		return err
	}
	res := lyapDataResult{Data: o.data, Column: s.column, Points: len(s.x), DT: s.dt, DTSource: s.dtSource, Method: method,
		Exponents: []jf{jf(d.Lambda)}, Lambda1: jf(d.Lambda), StdErr: jf(d.StdErr)}
	res.Embedding.Dim, res.Embedding.Delay, res.Embedding.Theiler = d.Dim, d.Delay, d.Theiler
	res.Embedding.DimEstimated, res.Embedding.DelayEstimated = o.embedDim == 0, o.delay == 0
	res.Embedding.Rule = embeddingRule(o.delay == 0, o.embedDim == 0)
	if method == "kantz" {
		r := jf(d.Radius)
		res.Radius = &r
	}
	res.Fit = [2]jf{jf(d.Time[d.FitLo]), jf(d.Time[d.FitHi])}
	res.Curve = curveJSON{Time: jfs(d.Time), Value: jfs(d.Curve)}
	if s.dtSource == "row index" {
		res.Notes = append(res.Notes, "no time column and no --dt: the exponent is per row")
	}
	res.Notes = append(res.Notes, "kaplan_yorke is null: the Kaplan-Yorke dimension needs the whole Lyapunov spectrum, and a scalar series gives only λ1 (for a dimension from data see emergo dimension --data)")
	if o.asJSON {
		return writeJSON(e.stdout, res)
	}
	w := e.stdout
	unit := "per time unit"
	if s.dtSource == "row index" {
		unit = "per row"
	}
	fmt.Fprintf(w, "%s: largest Lyapunov exponent by %s's method (%d points)\n\n", s.label, label, len(s.x))
	fmt.Fprintf(w, "  λ1 = %s ± %.2g %s (dt %s from the %s)\n", num(d.Lambda), d.StdErr, unit, num(s.dt), s.dtSource)
	fmt.Fprintf(w, "  embedding: dimension %d, delay %d samples, Theiler window %d (%s)\n", d.Dim, d.Delay, d.Theiler, res.Embedding.Rule)
	if method == "kantz" {
		fmt.Fprintf(w, "  neighbourhood radius ε = %s\n", num(d.Radius))
	}
	fmt.Fprintf(w, "  slope of the divergence curve fitted over t = %s .. %s (samples %d .. %d of %d)\n",
		num(d.Time[d.FitLo]), num(d.Time[d.FitHi]), d.FitLo, d.FitHi, len(d.Curve)-1)
	writeNotes(w, res.Notes)
	return nil
}

// embeddingRule describes how an embedding was chosen.
func embeddingRule(delayAuto, dimAuto bool) string {
	var parts []string
	if delayAuto {
		parts = append(parts, "delay: first minimum of the mutual information")
	} else {
		parts = append(parts, "delay: --delay")
	}
	if dimAuto {
		parts = append(parts, "dimension: Cao's E1")
	} else {
		parts = append(parts, "dimension: --embed-dim")
	}
	parts = append(parts, "Theiler window: the mean period")
	return strings.Join(parts, "; ")
}

// modelField reads a field of a model's spectrum (NaN without one).
func modelField(m *lyapModelResult, f func(*spectrumJSON) jf) jf {
	if m == nil || m.spectrumJSON == nil {
		return jf(math.NaN())
	}
	return f(m.spectrumJSON)
}

// refValue is a reference's first value (NaN without one).
func refValue(r *reference) jf {
	if r == nil || len(r.Values) == 0 {
		return jf(math.NaN())
	}
	return r.Values[0]
}

// stepsOf is the number of steps of length dt in a time span, rounded up
// but forgiving rounding error in span/dt (20/0.01 is 2000, not 2001).
func stepsOf(span, dt float64) float64 {
	return math.Ceil(span/dt - 1e-9)
}
