package suite

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/emergo/emergo/adapt"
	"github.com/emergo/emergo/experiment"
	"github.com/emergo/emergo/forecast"
)

// ScenariosKind is the registered name of the scenario comparison.
const ScenariosKind = "adapt-scenarios"

// ScenariosParams are the parameters of "adapt-scenarios".
type ScenariosParams struct {
	// Scenarios are adapt scenario names (adapt.Scenarios).
	Scenarios []string `json:"scenarios"`
	// Arms are the compared models: adapt's registered models
	// (frozen-nvar, rls-esn, …) and this package's critical-esn,
	// critical-esn-frozen, subcritical-esn, supercritical-esn,
	// ensemble-diverse and ensemble-seeds.
	Arms []string `json:"arms"`
	// Rows is the length of the simulated scenarios (warm-up: the first
	// quarter; change at the half). The S&P 500 scenario ignores it.
	Rows int `json:"rows"`
	// Lambda overrides the RLS forgetting factor of every learning arm
	// (0: the models' defaults, 0.995 for rls-ridge/rls-nvar and 0.998
	// for the reservoir readouts).
	Lambda float64 `json:"lambda"`
	// ReservoirSize is the number of neurons of every reservoir.
	ReservoirSize int `json:"reservoir_size"`
	// TuneEpochs is the number of passes of the critical reservoir over
	// the warm-up rows with adaptation on before the stream.
	TuneEpochs int `json:"tune_epochs"`
	// Window is the length of the rolling mean of the recovery time and
	// of the plotted error.
	Window int `json:"window"`
	// MaxPoints bounds the points per plotted series.
	MaxPoints int `json:"max_points"`
}

// DefaultScenariosParams returns the defaults.
func DefaultScenariosParams() *ScenariosParams {
	return &ScenariosParams{
		Scenarios:     []string{"lorenz-rho-jump", "lorenz-rho-ramp", "lorenz-switch", "lorenz-noise", "missing", "sp500-2008-2020"},
		Arms:          []string{"frozen-nvar", "rls-nvar", "frozen-esn", "rls-esn", ArmCritical, ArmCriticalFrozen, ArmSub, ArmSuper, ArmDiverse, ArmSeeds},
		Rows:          adapt.DefaultRows,
		ReservoirSize: 100,
		TuneEpochs:    3,
		Window:        50,
		MaxPoints:     1000,
	}
}

func bad(name string, v any, why string) error {
	return fmt.Errorf("param %s = %v: %s", name, v, why)
}

func validScenario(name string) bool {
	for _, s := range adapt.Scenarios() {
		if s.Name == name {
			return true
		}
	}
	return false
}

func scenarioNames() string {
	var n []string
	for _, s := range adapt.Scenarios() {
		n = append(n, s.Name)
	}
	return strings.Join(n, ", ")
}

// Validate checks the parameters, naming the first bad one.
func (p *ScenariosParams) Validate() error {
	if len(p.Scenarios) == 0 || len(p.Scenarios) > 10 {
		return bad("scenarios", p.Scenarios, "list 1 to 10 scenarios")
	}
	seen := map[string]bool{}
	for i, s := range p.Scenarios {
		if !validScenario(s) {
			return bad(fmt.Sprintf("scenarios[%d]", i), s, "unknown scenario (known: "+scenarioNames()+")")
		}
		if seen[s] {
			return bad(fmt.Sprintf("scenarios[%d]", i), s, "listed twice")
		}
		seen[s] = true
	}
	if len(p.Arms) == 0 || len(p.Arms) > 12 {
		return bad("arms", p.Arms, "list 1 to 12 arms")
	}
	seen = map[string]bool{}
	for i, a := range p.Arms {
		ok := false
		for _, n := range armNames() {
			ok = ok || n == a
		}
		if !ok {
			return bad(fmt.Sprintf("arms[%d]", i), a, "unknown arm (known: "+strings.Join(armNames(), ", ")+")")
		}
		if seen[a] {
			return bad(fmt.Sprintf("arms[%d]", i), a, "listed twice")
		}
		seen[a] = true
	}
	switch {
	case p.Rows < 400 || p.Rows > 200000:
		return bad("rows", p.Rows, "must be in [400, 200000]")
	case p.Lambda != 0 && !(p.Lambda > 0 && p.Lambda <= 1):
		return bad("lambda", p.Lambda, "the forgetting factor must be in (0, 1] (0: the models' defaults)")
	case p.ReservoirSize < 2 || p.ReservoirSize > 1000:
		return bad("reservoir_size", p.ReservoirSize, "must be in [2, 1000]")
	case p.TuneEpochs < 0 || p.TuneEpochs > 20:
		return bad("tune_epochs", p.TuneEpochs, "must be in [0, 20]")
	case p.Window < 1 || p.Window > 10000:
		return bad("window", p.Window, "must be in [1, 10000]")
	case p.MaxPoints < 10 || p.MaxPoints > 100000:
		return bad("max_points", p.MaxPoints, "must be in [10, 100000]")
	}
	return nil
}

// Quick shrinks the parameters for a smoke run of a few seconds: one
// simulated scenario of 1600 rows, reservoirs of 40 neurons.
func (p *ScenariosParams) Quick() {
	p.Scenarios = []string{"lorenz-rho-jump"}
	p.Rows = min(p.Rows, 1600)
	p.ReservoirSize = min(p.ReservoirSize, 40)
	p.TuneEpochs = min(p.TuneEpochs, 1)
	p.MaxPoints = min(p.MaxPoints, 300)
}

// ArmRun is one arm's record on one scenario: the evaluation with
// Page-Hinkley (PH) and the same errors' ADWIN alarms and summaries.
type ArmRun struct {
	PH, ADWIN adapt.ModelResult
}

// ScenarioRun is the outcome of one scenario.
type ScenarioRun struct {
	Scenario *adapt.Scenario
	Eval     *adapt.Evaluation
	Arms     []ArmRun
	// Critical is the critical-esn reservoir (nil when not an arm).
	Critical *Probe
}

// RunScenario evaluates the arms on one scenario: once with the
// Page-Hinkley detector (adapt.Evaluate, as `emergo adapt` does), then a
// replay of the recorded forecasts with ADWIN, so both detectors see the
// same errors. progress receives a fraction in [0, 1].
func RunScenario(ctx context.Context, p *ScenariosParams, name string, seed uint64, progress func(float64)) (*ScenarioRun, error) {
	sc, err := adapt.NewScenario(ctx, name, &adapt.ScenarioOptions{Seed: seed, Rows: p.Rows})
	if err != nil {
		return nil, err
	}
	run := &ScenarioRun{Scenario: sc}
	recs := make([]*recorder, len(p.Arms))
	facs := make([]adapt.Factory, len(p.Arms))
	for i, a := range p.Arms {
		var probe *Probe
		if a == ArmCritical {
			probe = &Probe{}
			run.Critical = probe
		}
		f, err := buildArm(a, p.Lambda, p.ReservoirSize, p.TuneEpochs, probe)
		if err != nil {
			return nil, fmt.Errorf("arm %s: %w", a, err)
		}
		facs[i] = adapt.Factory{Name: f.Name, New: func(ctx context.Context, warm *forecast.Block, s uint64) (adapt.Online, error) {
			m, err := f.New(ctx, warm, s)
			if err != nil {
				return nil, err
			}
			recs[i] = &recorder{Online: m}
			return recs[i], nil
		}}
	}
	ph, err := adapt.NewDetector("page-hinkley")
	if err != nil {
		return nil, err
	}
	ev, err := adapt.Evaluate(ctx, sc, facs, ph, &adapt.EvalOptions{Seed: seed, Window: p.Window,
		Progress: func(d, t int) { progress(0.95 * float64(d) / float64(t)) }})
	if err != nil {
		return nil, err
	}
	run.Eval = ev
	reps := make([]adapt.Factory, len(p.Arms))
	for i := range p.Arms {
		r := recs[i]
		reps[i] = adapt.Factory{Name: ev.Models[i].Name, New: func(context.Context, *forecast.Block, uint64) (adapt.Online, error) {
			return &replay{name: r.Name(), preds: r.preds, dim: sc.Data.Dim}, nil
		}}
	}
	ad, err := adapt.NewDetector("adwin")
	if err != nil {
		return nil, err
	}
	ev2, err := adapt.Evaluate(ctx, sc, reps, ad, &adapt.EvalOptions{Seed: seed, Window: p.Window})
	if err != nil {
		return nil, err
	}
	progress(1)
	for i := range p.Arms {
		run.Arms = append(run.Arms, ArmRun{PH: ev.Models[i], ADWIN: ev2.Models[i]})
	}
	return run, nil
}

// rolling returns the trailing mean of e over w values (NaN skipped;
// NaN until one value is seen), downsampled to at most maxPts points
// (every k-th), with x the row of each point (offset + index).
func rolling(e []float64, w, maxPts, offset int) (x, y []float64) {
	k := (len(e) + maxPts - 1) / maxPts
	var s float64
	var n int
	for i, v := range e {
		if !math.IsNaN(v) {
			s += v
			n++
		}
		if i >= w {
			if old := e[i-w]; !math.IsNaN(old) {
				s -= old
				n--
			}
		}
		if i%k == k-1 || i == len(e)-1 {
			x = append(x, float64(offset+i))
			if n > 0 {
				y = append(y, s/float64(n))
			} else {
				y = append(y, math.NaN())
			}
		}
	}
	return x, y
}

// delayCell formats a detection delay.
func delayCell(c adapt.ChangeResult) string {
	if !c.Detected {
		return "missed"
	}
	return fmt.Sprint(c.Delay)
}

func recoveryCell(c adapt.ChangeResult) string {
	if !c.Recovered {
		return "censored"
	}
	return fmt.Sprint(c.Recovery)
}

// metricName joins the parts of a metric name.
func metricName(parts ...string) string {
	return strings.ReplaceAll(strings.Join(parts, "."), " ", "_")
}

// RunScenarios runs the "adapt-scenarios" experiment.
func RunScenarios(ctx context.Context, p *ScenariosParams, env *experiment.Env) (*experiment.Result, error) {
	res := &experiment.Result{Title: "Frozen vs online vs criticality-tuned vs ensemble models on drifting systems"}
	const unit = 1000
	total := unit * len(p.Scenarios)
	env.Progress(0, total)
	for si, name := range p.Scenarios {
		base := si * unit
		run, err := RunScenario(ctx, p, name, env.Seed, func(f float64) { env.Progress(base+int(f*unit), total) })
		if err != nil {
			return nil, fmt.Errorf("scenario %s: %w", name, err)
		}
		env.Logger.Info("adapt scenario done", "scenario", name)
		scenarioReport(res, p, run)
	}
	res.Summary = fmt.Sprintf("%d scenarios × %d arms, evaluated prequentially (test then train) by adapt.Evaluate; errors in warm-up standard deviations; "+
		"detection delays of Page-Hinkley and ADWIN on each arm's standardised log errors.", len(p.Scenarios), len(p.Arms))
	res.Notes = append(res.Notes,
		"Errors are the RMS over columns of the one-step error divided by the warm-up standard deviations (adapt.Evaluate). "+
			"A detection delay counts rows from the true change to the first alarm of the detector run on that arm's own errors; "+
			"an alarm is false when it is not the first after a change. Recovery is the first 50-row window after the change whose "+
			"mean error is within 20% of the level over the 500 rows before it (censored: never).",
		"The ensembles combine members that all keep learning (RLS readouts), weighted by the inverse of their running mean squared error "+
			"(time constant 100 rows); ensemble-seeds has four rls-esn members that differ only in their reservoir seeds.")
	return res, nil
}

// scenarioReport adds one scenario's table, plot, metrics and notes.
func scenarioReport(res *experiment.Result, p *ScenariosParams, run *ScenarioRun) {
	sc, ev := run.Scenario, run.Eval
	tab := experiment.Table{Title: "Scenario " + sc.Name, Caption: sc.Description,
		Columns: []string{"change", "arm", "error before", "error after", "median after", "PH delay", "ADWIN delay",
			"PH false alarms", "ADWIN false alarms", "recovery"}}
	for k, c := range sc.Changes {
		label := fmt.Sprintf("row %d: %s", c, sc.ChangeLabels[k])
		for _, a := range run.Arms {
			pc, ac := a.PH.Changes[k], a.ADWIN.Changes[k]
			tab.AddRow(label, a.PH.Name, pc.Before, pc.After, pc.AfterMedian, delayCell(pc), delayCell(ac),
				pc.FalseAlarmsBefore, ac.FalseAlarmsBefore, recoveryCell(pc))
			if k == 0 {
				res.Metric(metricName(sc.Name, a.PH.Name, "error_after"), pc.After)
				res.Metric(metricName(sc.Name, a.PH.Name, "error_before"), pc.Before)
				d := math.NaN()
				if pc.Detected {
					d = float64(pc.Delay)
				}
				res.Metric(metricName(sc.Name, a.PH.Name, "ph_delay"), d)
			}
		}
	}
	res.Tables = append(res.Tables, tab)

	plot := experiment.Plot{Kind: experiment.Line, Title: "Rolling error: " + sc.Name, LogY: true, XLabel: "row", YLabel: fmt.Sprintf("%d-row mean error (warm-up sd)", p.Window),
		Caption: fmt.Sprintf("Trailing %d-row mean of each arm's one-step error from the end of the warm-up (row %d); dashed: models that do not learn on the stream; "+
			"vertical lines: the true change points and the first Page-Hinkley alarm of each arm after each change (every alarm of both detectors: the next plot).", p.Window, sc.Warm)}
	for _, a := range run.Arms {
		x, y := rolling(a.PH.Errors, p.Window, p.MaxPoints, sc.Warm)
		s := experiment.NewSeries(a.PH.Name, x, y)
		s.Dash = frozenArm(a.PH.Name)
		plot.Series = append(plot.Series, s)
	}
	for k, c := range sc.Changes {
		lab := "change: " + sc.ChangeLabels[k]
		if sc.Dates != nil {
			lab += " (" + sc.Dates[c].Format("2006-01-02") + ")"
		}
		plot.VLines = append(plot.VLines, experiment.Ref{At: experiment.Float(c), Label: lab})
		for _, a := range run.Arms {
			if ch := a.PH.Changes[k]; ch.Detected {
				plot.VLines = append(plot.VLines, experiment.Ref{At: experiment.Float(c + ch.Delay), Label: "PH alarm " + a.PH.Name})
			}
		}
	}
	res.Plots = append(res.Plots, plot, alarmRaster(run))
	if run.Critical != nil {
		if r, start, _ := run.Critical.Reservoir(); r != nil {
			h := r.History()
			var x, y []float64
			for i, s := range h.Step {
				if s < start {
					continue
				}
				x = append(x, float64(sc.Warm+s-start))
				y = append(y, h.Lyapunov[i])
			}
			lp := experiment.Plot{Kind: experiment.Line, Title: "Critical reservoir λ(t) on " + sc.Name, XLabel: "row", YLabel: "running λ per step",
				Caption: "Running (200-step EMA) largest conditional Lyapunov exponent of the critical-esn reservoir while it keeps tuning on the stream; the homeostasis targets 0.",
				Series:  []experiment.Series{experiment.NewSeries("λ(t)", downsample(x, p.MaxPoints), downsample(y, p.MaxPoints))},
				HLines:  []experiment.Ref{{At: 0, Label: "edge of chaos"}}}
			for k, c := range sc.Changes {
				lp.VLines = append(lp.VLines, experiment.Ref{At: experiment.Float(c), Label: sc.ChangeLabels[k]})
			}
			res.Plots = append(res.Plots, lp)
		}
	}
	res.Notes = append(res.Notes, scenarioNotes(run)...)
	_ = ev
}

// frozenArm reports whether the arm named name learns nothing on the
// stream (drawn dashed). The fixed-reservoir arms are not frozen: their
// RLS readouts learn.
func frozenArm(name string) bool {
	return strings.HasPrefix(name, "frozen-") || name == "persistence"
}

// alarmRaster is the scatter of every alarm of both detectors: x the row,
// y the arm's number (1 = first arm) shifted up for Page-Hinkley and down
// for ADWIN, with a column of markers at each true change point.
func alarmRaster(run *ScenarioRun) experiment.Plot {
	sc := run.Scenario
	var names []string
	var phX, phY, adX, adY, chX, chY []float64
	for i, a := range run.Arms {
		names = append(names, fmt.Sprintf("%d = %s", i+1, a.PH.Name))
		for _, t := range a.PH.Alarms {
			phX, phY = append(phX, float64(t)), append(phY, float64(i+1)+0.15)
		}
		for _, t := range a.ADWIN.Alarms {
			adX, adY = append(adX, float64(t)), append(adY, float64(i+1)-0.15)
		}
	}
	for _, c := range sc.Changes {
		for y := 0.5; y <= float64(len(run.Arms))+0.5; y += 0.25 {
			chX, chY = append(chX, float64(c)), append(chY, y)
		}
	}
	return experiment.Plot{Kind: experiment.Scatter, Title: "Drift alarms: " + sc.Name, XLabel: "row", YLabel: "arm",
		Caption: "Every alarm of Page-Hinkley (above) and ADWIN (below) run on each arm's standardised log errors; the columns of markers are the true change points. Arms: " +
			strings.Join(names, ", ") + ".",
		Series: nonEmpty(experiment.NewSeries("Page-Hinkley", phX, phY), experiment.NewSeries("ADWIN", adX, adY),
			experiment.NewSeries("true change", chX, chY))}
}

// nonEmpty returns the series that have points.
func nonEmpty(ss ...experiment.Series) []experiment.Series {
	var out []experiment.Series
	for _, s := range ss {
		if len(s.Y) > 0 {
			out = append(out, s)
		}
	}
	return out
}

// downsample keeps at most n values (every k-th, and the last).
func downsample(v []float64, n int) []float64 {
	if len(v) <= n {
		return v
	}
	k := (len(v) + n - 1) / n
	var out []float64
	for i := 0; i < len(v); i += k {
		out = append(out, v[i])
	}
	return out
}

// scenarioNotes states, per change, which arms adaptation helped.
func scenarioNotes(run *ScenarioRun) []string {
	sc := run.Scenario
	byName := map[string]adapt.ModelResult{}
	for _, a := range run.Arms {
		byName[a.PH.Name] = a.PH
	}
	var notes []string
	for k := range sc.Changes {
		best, bestV := "", math.Inf(1)
		for _, a := range run.Arms {
			if v := a.PH.Changes[k].After; v < bestV {
				best, bestV = a.PH.Name, v
			}
		}
		var parts []string
		for _, fam := range []string{"ridge", "nvar", "esn"} {
			fr, okF := byName["frozen-"+fam]
			on, okO := byName["rls-"+fam]
			if !okF || !okO {
				continue
			}
			a, b := on.Changes[k].After, fr.Changes[k].After
			verdict := "helped"
			switch {
			case !(a < b):
				verdict = "did NOT help"
			case a > 0.98*b:
				verdict = "made no material difference (< 2%)"
			}
			parts = append(parts, fmt.Sprintf("online learning %s for %s (error after %.3g vs frozen %.3g)", verdict, fam, a, b))
		}
		if c, ok := byName[ArmCritical]; ok {
			if e, ok2 := byName["rls-esn"]; ok2 {
				a, b := c.Changes[k].After, e.Changes[k].After
				w := "better than"
				if !(a < b) {
					w = "no better than"
				}
				parts = append(parts, fmt.Sprintf("the criticality-tuned reservoir was %s the fixed rls-esn (%.3g vs %.3g)", w, a, b))
			}
		}
		if c, ok := byName[ArmCritical]; ok {
			if f, ok2 := byName[ArmCriticalFrozen]; ok2 {
				a, b := c.Changes[k].After, f.Changes[k].After
				w := "helped"
				if !(a < b) {
					w = "did NOT help"
				}
				parts = append(parts, fmt.Sprintf("keeping the reservoir's tuning on during the stream %s (critical-esn %.3g vs critical-esn-frozen %.3g)", w, a, b))
			}
		}
		var resv []string
		bestR, bestRV := "", math.Inf(1)
		for _, n := range []string{ArmSub, ArmCriticalFrozen, ArmCritical, ArmSuper} {
			if m, ok := byName[n]; ok {
				resv = append(resv, n)
				if v := m.Changes[k].After; v < bestRV {
					bestR, bestRV = n, v
				}
			}
		}
		if len(resv) > 1 && bestR != "" {
			parts = append(parts, fmt.Sprintf("of the reservoirs with the same RLS readout (%s) the lowest error after was %s's (%.3g)", strings.Join(resv, ", "), bestR, bestRV))
		}
		if d, ok := byName[ArmDiverse]; ok {
			if s, ok2 := byName[ArmSeeds]; ok2 {
				a, b := d.Changes[k].After, s.Changes[k].After
				w := "beat"
				if !(a < b) {
					w = "did not beat"
				}
				parts = append(parts, fmt.Sprintf("the diverse ensemble %s the seeds-only one (%.3g vs %.3g)", w, a, b))
			}
		}
		notes = append(notes, fmt.Sprintf("%s, change at row %d (%s): lowest error after the change: %s (%.3g); %s.",
			sc.Name, sc.Changes[k], sc.ChangeLabels[k], best, bestV, strings.Join(parts, "; ")))
	}
	return notes
}

func init() {
	experiment.Register(experiment.Kind{
		Name:  ScenariosKind,
		Title: "Adaptive models on drifting systems: frozen, online, criticality-tuned, ensembles",
		Description: "Runs frozen models, online RLS models, reservoirs with an RLS readout (criticality-tuned and still tuning on the " +
			"stream, tuned then fixed, fixed sub- and super-critical) and online ensembles (diverse families vs seeds only) over " +
			"adapt's scenarios with known change points (ρ jump, ρ ramp, system switch, noise onset, missing rows, S&P 500 2008 " +
			"and 2020), test then train, and reports per scenario and arm the error before and after each change, the detection " +
			"delays and false alarms of Page-Hinkley and ADWIN on the arm's errors, the recovery time, a rolling-error timeline " +
			"with the changes and alarms, every alarm of both detectors, and the tuned reservoir's λ(t).",
		Params:   func() any { return DefaultScenariosParams() },
		Validate: func(p any) error { return p.(*ScenariosParams).Validate() },
		Quick:    func(p any) { p.(*ScenariosParams).Quick() },
		Run: func(ctx context.Context, p any, env *experiment.Env) (*experiment.Result, error) {
			return RunScenarios(ctx, p.(*ScenariosParams), env)
		},
	})
}
