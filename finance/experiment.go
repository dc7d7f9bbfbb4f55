package finance

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/emergo/emergo/adapt"
	"github.com/emergo/emergo/experiment"
	"github.com/emergo/emergo/forecast"
)

// RegimesKind is the registered name of the S&P 500 regime-change
// experiment. The stylized-facts and forecasting experiments of the finance
// study ("finance-facts", "finance-forecast") are registered by package
// apps/finance on top of this package.
const RegimesKind = "finance-regimes"

// regimesScenario is the adapt scenario the experiment streams: S&P 500
// daily log returns 2000-2020, warm-up 2000-2003, onsets at the Lehman
// bankruptcy (2008-09-15) and the COVID-19 crash (2020-02-20).
const regimesScenario = "sp500-2008-2020"

// Regime targets: the stream the models forecast one day ahead.
const (
	// TargetReturns forecasts the log return r_t itself.
	TargetReturns = "returns"
	// TargetAbsReturns forecasts |r_t|, a volatility proxy.
	TargetAbsReturns = "abs_returns"
)

// RegimesParams are the parameters of "finance-regimes".
type RegimesParams struct {
	// Models are adapt online models (adapt.Models): a frozen model
	// trained once on the warm-up years and an online one that keeps
	// learning (default frozen-ridge and rls-ridge, a VAR(4) on the
	// standardised stream, RLS with forgetting λ = 0.995).
	Models []string `json:"models"`
	// Detectors are drift detectors run on each model's standardised log
	// errors (adapt.NewDetector: page-hinkley, adwin).
	Detectors []string `json:"detectors"`
	// Targets are the streams forecast: "returns" (r_t) and
	// "abs_returns" (|r_t|, a volatility proxy).
	Targets []string `json:"targets"`
	// PHLambda is the Page-Hinkley alarm threshold λ (adapt's default 50;
	// δ = 0.5 and no fading as in adapt.NewDetector): a shift of Δ
	// standard deviations of the standardised log error is detected after
	// about λ/(Δ − 0.5) days.
	PHLambda float64 `json:"ph_lambda"`
	// ADWINDelta is ADWIN's confidence δ (adapt's default 0.002; increases
	// only).
	ADWINDelta float64 `json:"adwin_delta"`
	// Lambda overrides the RLS forgetting factor of the rls-* models
	// (0: the models' default).
	Lambda float64 `json:"lambda"`
	// Calibrate is the number of first scored errors that standardise the
	// detectors' input (adapt.EvalOptions.Calibrate).
	Calibrate int `json:"calibrate"`
	// Window is the rolling-mean window (days) of the recovery time and
	// of the plotted errors.
	Window int `json:"window"`
	// Tolerance is the relative excess over the pre-onset error level
	// within which a model has recovered.
	Tolerance float64 `json:"tolerance"`
	// PreWindow is the number of days before an onset over which the
	// pre-onset error level is measured.
	PreWindow int `json:"pre_window"`
	// Lead is the number of trading days before an onset within which an
	// alarm is listed as an early warning (the adapt summary counts it as
	// a false alarm).
	Lead int `json:"lead"`
	// VolWindow is the number of trading days before and after each onset
	// over which the realised volatility is measured.
	VolWindow int `json:"vol_window"`
	// MaxPoints bounds the points per plotted series.
	MaxPoints int `json:"max_points"`
}

// DefaultRegimesParams returns the defaults of "finance-regimes".
func DefaultRegimesParams() *RegimesParams {
	return &RegimesParams{
		Models:    []string{"frozen-ridge", "rls-ridge"},
		Detectors: []string{"page-hinkley", "adwin"},
		Targets:   []string{TargetReturns, TargetAbsReturns},
		PHLambda:  50, ADWINDelta: 0.002,
		Calibrate: 500, Window: 50, Tolerance: 0.2, PreWindow: 250,
		Lead: 60, VolWindow: 60, MaxPoints: 1500,
	}
}

func badParam(name string, v any, why string) error {
	return fmt.Errorf("param %s = %v: %s", name, v, why)
}

// Validate checks the parameters, naming the first bad one.
func (p *RegimesParams) Validate() error {
	if len(p.Models) == 0 || len(p.Models) > 8 {
		return badParam("models", p.Models, "list 1 to 8 adapt online models")
	}
	seen := map[string]bool{}
	for i, m := range p.Models {
		if _, err := adapt.NewModel(m, nil); err != nil {
			return badParam(fmt.Sprintf("models[%d]", i), m, err.Error())
		}
		k := strings.ToLower(strings.TrimSpace(m))
		if seen[k] {
			return badParam(fmt.Sprintf("models[%d]", i), m, "listed twice")
		}
		seen[k] = true
	}
	if len(p.Detectors) == 0 || len(p.Detectors) > 4 {
		return badParam("detectors", p.Detectors, "list 1 to 4 drift detectors")
	}
	seen = map[string]bool{}
	for i, d := range p.Detectors {
		f, err := adapt.NewDetector(d)
		if err != nil {
			return badParam(fmt.Sprintf("detectors[%d]", i), d, err.Error())
		}
		if f == nil {
			return badParam(fmt.Sprintf("detectors[%d]", i), d, "name a detector (page-hinkley, adwin)")
		}
		k := detectorKey(d)
		if seen[k] {
			return badParam(fmt.Sprintf("detectors[%d]", i), d, "listed twice")
		}
		seen[k] = true
	}
	if len(p.Targets) == 0 || len(p.Targets) > 2 {
		return badParam("targets", p.Targets, "list 1 or 2 of returns, abs_returns")
	}
	seen = map[string]bool{}
	for i, t := range p.Targets {
		if t != TargetReturns && t != TargetAbsReturns {
			return badParam(fmt.Sprintf("targets[%d]", i), t, "must be returns or abs_returns")
		}
		if seen[t] {
			return badParam(fmt.Sprintf("targets[%d]", i), t, "listed twice")
		}
		seen[t] = true
	}
	switch {
	case !(p.PHLambda >= 1 && p.PHLambda <= 1000):
		return badParam("ph_lambda", p.PHLambda, "must be in [1, 1000]")
	case !(p.ADWINDelta > 0 && p.ADWINDelta < 1):
		return badParam("adwin_delta", p.ADWINDelta, "must be in (0, 1)")
	case p.Lambda != 0 && !(p.Lambda >= 0.9 && p.Lambda <= 1):
		return badParam("lambda", p.Lambda, "the forgetting factor must be in [0.9, 1] (0: the models' default)")
	case p.Calibrate < 50 || p.Calibrate > 900:
		return badParam("calibrate", p.Calibrate, "must be in [50, 900] (the warm-up is about 1000 days)")
	case p.Window < 1 || p.Window > 500:
		return badParam("window", p.Window, "must be in [1, 500]")
	case !(p.Tolerance > 0 && p.Tolerance <= 10):
		return badParam("tolerance", p.Tolerance, "must be in (0, 10]")
	case p.PreWindow < 20 || p.PreWindow > 1000:
		return badParam("pre_window", p.PreWindow, "must be in [20, 1000]")
	case p.Lead < 0 || p.Lead > 500:
		return badParam("lead", p.Lead, "must be in [0, 500]")
	case p.VolWindow < 5 || p.VolWindow > 500:
		return badParam("vol_window", p.VolWindow, "must be in [5, 500]")
	case p.MaxPoints < 50 || p.MaxPoints > 100000:
		return badParam("max_points", p.MaxPoints, "must be in [50, 100000]")
	}
	return nil
}

// Quick shrinks the parameters for a smoke run: one target, two models,
// fewer plotted points.
func (p *RegimesParams) Quick() {
	if len(p.Targets) > 1 {
		p.Targets = p.Targets[:1]
	}
	if len(p.Models) > 2 {
		p.Models = p.Models[:2]
	}
	p.MaxPoints = min(p.MaxPoints, 300)
}

func init() {
	experiment.Register(experiment.Kind{
		Name:  RegimesKind,
		Title: "Finance: S&P 500 regime changes, drift detection on frozen vs online forecasters (2008, 2020)",
		Description: "Streams S&P 500 daily log returns 2000-2020 (warm-up 2000-2003) through a frozen forecaster and an " +
			"online one (recursive least squares with forgetting) and runs Page-Hinkley and ADWIN drift detectors on " +
			"their standardised log one-step errors. Compares the alarm dates with the known crisis onsets (Lehman " +
			"bankruptcy 2008-09-15, COVID-19 crash 2020-02-20): delay, early warnings, false alarms, error before and " +
			"after, recovery time; the realised volatility around each onset; a timeline of errors with alarms.",
		Params: func() any { return DefaultRegimesParams() },
		Validate: func(p any) error {
			return p.(*RegimesParams).Validate()
		},
		Quick: func(p any) { p.(*RegimesParams).Quick() },
		Run: func(ctx context.Context, p any, env *experiment.Env) (*experiment.Result, error) {
			return RunRegimes(ctx, p.(*RegimesParams), env)
		},
	})
}

// detector returns the factory of the named detector with the thresholds
// of p.
func (p *RegimesParams) detector(name string) func() adapt.Detector {
	if detectorKey(name) == "ph" {
		lam := p.PHLambda
		return func() adapt.Detector { return &adapt.PageHinkley{Delta: 0.5, Lambda: lam, Alpha: 1} }
	}
	d := p.ADWINDelta
	return func() adapt.Detector { return &adapt.ADWIN{Delta: d, IncreaseOnly: true} }
}

// detectorKey is the canonical short name of a detector ("ph", "adwin").
func detectorKey(name string) string {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "page-hinkley", "ph", "pagehinkley":
		return "ph"
	}
	return strings.ToLower(strings.TrimSpace(name))
}

// onsetKeys name the scenario's change points in metric names.
var onsetKeys = []string{"lehman", "covid"}

// RegimesRun is the raw outcome of RunRegimes for one target and one
// detector, kept for callers and tests that check the tables against it.
type RegimesRun struct {
	Target   string
	Detector string
	Eval     *adapt.Evaluation
	Dates    []time.Time
}

// regimeStream returns the scenario with the target stream: the returns
// themselves or their absolute values.
func regimeStream(sc *adapt.Scenario, target string) *adapt.Scenario {
	if target == TargetReturns {
		return sc
	}
	c := *sc
	x := make([]float64, len(sc.Data.X))
	for i, v := range sc.Data.X {
		x[i] = math.Abs(v)
	}
	c.Data = forecast.NewBlock(x, sc.Data.Dim)
	c.Columns = []string{"abs_" + sc.Columns[0]}
	return &c
}

// EvaluateRegimes runs every model of p over the S&P 500 scenario with
// each detector of p on each target, in the order targets × detectors. It
// also returns the scenario's log returns (a copy) and the scenario itself
// (dates, warm-up, onsets). progress may be nil.
func EvaluateRegimes(ctx context.Context, p *RegimesParams, seed uint64, progress func(done, total int)) ([]RegimesRun, []float64, *adapt.Scenario, error) {
	if err := p.Validate(); err != nil {
		return nil, nil, nil, err
	}
	sc, err := adapt.NewScenario(ctx, regimesScenario, nil)
	if err != nil {
		return nil, nil, nil, err
	}
	if sc.Data.Dim != 1 {
		return nil, nil, nil, fmt.Errorf("finance: scenario %s has %d columns, want 1", regimesScenario, sc.Data.Dim)
	}
	r := append([]float64(nil), sc.Data.X...)
	var opt *adapt.ModelOptions
	if p.Lambda != 0 {
		opt = &adapt.ModelOptions{Lambda: p.Lambda}
	}
	facs := make([]adapt.Factory, len(p.Models))
	for i, m := range p.Models {
		if facs[i], err = adapt.NewModel(m, opt); err != nil {
			return nil, nil, nil, badParam(fmt.Sprintf("models[%d]", i), m, err.Error())
		}
	}
	total := len(p.Targets) * len(p.Detectors)
	var runs []RegimesRun
	for _, tg := range p.Targets {
		st := regimeStream(sc, tg)
		for _, dn := range p.Detectors {
			det := p.detector(dn)
			k := len(runs)
			eo := &adapt.EvalOptions{Seed: seed, Calibrate: p.Calibrate, Window: p.Window, Tolerance: p.Tolerance,
				PreWindow: p.PreWindow, Workers: 2,
				Progress: func(done, tot int) {
					if progress != nil && tot > 0 {
						progress(k*1000+done*1000/tot, total*1000)
					}
				}}
			ev, err := adapt.Evaluate(ctx, st, facs, det, eo)
			if err != nil {
				return nil, nil, nil, fmt.Errorf("finance: target %s, detector %s: %w", tg, dn, err)
			}
			runs = append(runs, RegimesRun{Target: tg, Detector: detectorKey(dn), Eval: ev, Dates: sc.Dates})
			if progress != nil {
				progress(len(runs)*1000, total*1000)
			}
		}
	}
	return runs, r, sc, nil
}

// RunRegimes computes the "finance-regimes" experiment.
func RunRegimes(ctx context.Context, p *RegimesParams, env *experiment.Env) (*experiment.Result, error) {
	if env == nil {
		env = experiment.NewEnv(0)
	}
	runs, r, sc, err := EvaluateRegimes(ctx, p, env.Seed, env.Progress)
	if err != nil {
		return nil, err
	}
	dates := sc.Dates
	day := func(row int) string {
		if row < 0 || row >= len(dates) {
			return "—"
		}
		return dates[row].Format("2006-01-02")
	}
	res := &experiment.Result{Title: "S&P 500 regime changes 2008 and 2020: drift detection on frozen vs online forecasters"}

	// Market regime around each onset (finance.Moments on the returns).
	mkt := experiment.Table{Title: "Realised volatility around the crisis onsets",
		Caption: fmt.Sprintf("Annualised standard deviation (√252 · sd) of daily log returns over the %d trading days before and from each onset; worst day in the window after.", p.VolWindow),
		Columns: []string{"onset", "first trading day", "vol before", "vol after", "ratio", "mean return after (daily)", "worst day after"}}
	for k, c := range sc.Changes {
		before, after := RegimeWindows(r, c, p.VolWindow)
		_, sdb, _, _ := Moments(before)
		ma, sda, _, _ := Moments(after)
		worst := math.Inf(1)
		for _, v := range after {
			worst = math.Min(worst, v)
		}
		vb, va := sdb*math.Sqrt(252), sda*math.Sqrt(252)
		mkt.AddRow(sc.ChangeLabels[k], day(c), vb, va, va/vb, ma, worst)
		res.Metric("vol_before_"+onsetKeys[k], vb)
		res.Metric("vol_after_"+onsetKeys[k], va)
	}

	det := experiment.Table{Title: "Alarms against the crisis onsets",
		Caption: fmt.Sprintf("Per target, model and detector: first alarm on or after each onset (delay in trading days), the last alarm in the %d trading days before it (early warning), false alarms between the previous onset (or the warm-up) and this one, the mean normalised one-step error over the %d days before the onset (pre-window) and the %d days from it (vol_window), and the recovery of the %d-day rolling error to within %.0f%% of the pre-window level (censored at the next onset or the end of the data).",
			p.Lead, p.PreWindow, p.VolWindow, p.Window, 100*p.Tolerance),
		Columns: []string{"target", "model", "detector", "onset", "first alarm after", "delay (days)", "early warning", "false alarms before",
			"error, pre-window", "error, vol_window after", "after/pre", "recovery (days)", "recovered on"}}
	alarms := experiment.Table{Title: "All alarms",
		Caption: "Every alarm date per target, model and detector (scored days 2004-2020).",
		Columns: []string{"target", "model", "detector", "alarms", "per 10 000 days", "mean error", "dates"}}
	delayBar := experiment.Plot{Kind: experiment.Bar, Title: "Detection delay after each onset",
		Caption: "Trading days from the onset to the first alarm (missing bar: no alarm in the segment).",
		YLabel:  "delay (trading days)"}
	delayByOnset := make([][]float64, len(sc.Changes))
	for _, run := range runs {
		ev := run.Eval
		for _, m := range ev.Models {
			delayBar.Categories = append(delayBar.Categories, run.Target+" "+m.Name+" "+run.Detector)
			for k, cr := range m.Changes {
				firstAfter, early := -1, -1
				if cr.Detected {
					firstAfter = cr.At + cr.Delay
				}
				for _, a := range m.Alarms {
					if a < cr.At && a >= cr.At-p.Lead {
						early = a
					}
				}
				recOn := "not recovered"
				rec := math.NaN()
				if cr.Recovered {
					rec = float64(cr.Recovery)
					recOn = day(cr.At + cr.Recovery - 1)
				}
				delay := math.NaN()
				if cr.Detected {
					delay = float64(cr.Delay)
				}
				after := meanFinite(windowAfter(m.Errors, cr.At-ev.Warm, p.VolWindow))
				det.AddRow(run.Target, m.Name, run.Detector, onsetKeys[k], day(firstAfter), delay, day(early), cr.FalseAlarmsBefore,
					cr.PreLevel, after, after/cr.PreLevel, rec, recOn)
				key := fmt.Sprintf("%s_%s_%s_%s", onsetKeys[k], run.Target, m.Name, run.Detector)
				res.Metric("delay_"+key, delay)
				res.Metric("error_after_"+key, after)
				res.Metric("error_ratio_"+key, after/cr.PreLevel)
				delayByOnset[k] = append(delayByOnset[k], delay)
			}
			var ds []string
			for _, a := range m.Alarms {
				ds = append(ds, day(a))
			}
			list := strings.Join(ds, ", ")
			if list == "" {
				list = "none"
			}
			alarms.AddRow(run.Target, m.Name, run.Detector, len(m.Alarms), 1e4*float64(len(m.Alarms))/float64(ev.Rows-ev.Warm), m.MeanError, list)
		}
	}
	for k := range sc.Changes {
		delayBar.Series = append(delayBar.Series, experiment.NewSeries(onsetKeys[k], nil, delayByOnset[k]))
	}
	res.Tables = append(res.Tables, mkt, det, alarms)

	// Timelines: one per target and detector.
	for _, run := range runs {
		ev := run.Eval
		pl := experiment.Plot{Kind: experiment.Line, LogY: true, XLabel: "year", YLabel: fmt.Sprintf("%d-day mean normalised error", p.Window),
			Title: fmt.Sprintf("Errors and %s alarms, target %s", detectorTitle(run.Detector), run.Target),
			Caption: fmt.Sprintf("Rolling %d-day mean of each model's normalised one-step error (|error| / warm-up sd of the %s); vertical lines: the crisis onsets and every alarm.",
				p.Window, run.Target)}
		for k, c := range sc.Changes {
			pl.VLines = append(pl.VLines, experiment.Ref{At: experiment.Float(decimalYear(dates[c])), Label: "onset: " + onsetKeys[k]})
		}
		for _, m := range ev.Models {
			x, y := timeline(m.Errors, dates[ev.Warm:], p.Window, p.MaxPoints)
			pl.Series = append(pl.Series, experiment.NewSeries(m.Name, x, y))
			for _, a := range m.Alarms {
				pl.VLines = append(pl.VLines, experiment.Ref{At: experiment.Float(decimalYear(dates[a])), Label: m.Name + " alarm"})
			}
		}
		res.Plots = append(res.Plots, pl)
	}
	res.Plots = append(res.Plots, delayBar)

	res.Summary = regimesSummary(runs, sc, day)
	res.Notes = append(res.Notes,
		"Daily returns are close to unpredictable, so a return forecaster's one-step error is essentially |r_t| (scaled): drift detectors on return errors detect volatility regimes, not a change of a predictable law. The abs_returns target (|r_t|, a volatility proxy) has a partly predictable level and shows the same regimes.",
		"The onsets are labels chosen by date, not estimated change points: volatility had been rising since mid-2007 (subprime, Bear Stearns in March 2008), so alarms before 2008-09-15 are early warnings of the same crisis, which the adapt summary nevertheless counts as false alarms. The COVID-19 crash was abrupt.",
		fmt.Sprintf("The detectors see the standardised log error (ln e − m)/s, with m and s from the first %d scored days (calm 2004-2005); Page-Hinkley uses δ = 0.5, λ = %g, no fading; ADWIN δ = %g on increases only. Page-Hinkley needs about λ/(Δ − δ) days for a shift of Δ standard deviations, so with λ = 50 it is slow by design; the data end on 2020-04-17, only %d trading days after the COVID onset, which censors both detection and recovery there.", p.Calibrate, p.PHLambda, p.ADWINDelta, sc.Data.Rows-sc.Changes[len(sc.Changes)-1]),
		"Frozen models are fitted once on 2000-2003; the online RLS model keeps learning with exponential forgetting (memory ≈ 1/(1−λ) days). Its one-step errors on returns barely differ from the frozen model's: what moves the error is the volatility, which neither a linear return forecaster nor its adaptation can remove. Recovery is measured against the error level just before each onset.",
	)
	return res, nil
}

// windowAfter returns x[i:i+w] clipped to x.
func windowAfter(x []float64, i, w int) []float64 {
	i = min(max(i, 0), len(x))
	return x[i:min(len(x), i+w)]
}

// meanFinite is the mean of the finite values of x (NaN if none).
func meanFinite(x []float64) float64 {
	var s float64
	var n int
	for _, v := range x {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			s += v
			n++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return s / float64(n)
}

// RegimeWindows returns the w returns before row c and the w returns from
// row c on (shorter at the ends of r). The slices alias r.
func RegimeWindows(r []float64, c, w int) (before, after []float64) {
	lo := max(0, c-w)
	hi := min(len(r), c+w)
	return r[lo:c], r[c:hi]
}

func detectorTitle(k string) string {
	switch k {
	case "ph":
		return "Page-Hinkley"
	case "adwin":
		return "ADWIN"
	}
	return k
}

// decimalYear converts a date to a fractional year (2008.71 for 2008-09-15).
func decimalYear(t time.Time) float64 {
	y := t.Year()
	a := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	b := time.Date(y+1, 1, 1, 0, 0, 0, 0, time.UTC)
	return float64(y) + t.Sub(a).Hours()/b.Sub(a).Hours()
}

// timeline returns the trailing w-day mean of errors (NaN-skipping) against
// the decimal year of each day, thinned to at most maxPoints points.
func timeline(errs []float64, dates []time.Time, w, maxPoints int) (x, y []float64) {
	n := len(errs)
	stride := max(1, (n+maxPoints-1)/maxPoints)
	var sum float64
	var cnt int
	for i := 0; i < n; i++ {
		if v := errs[i]; !math.IsNaN(v) && !math.IsInf(v, 0) {
			sum += v
			cnt++
		}
		if j := i - w; j >= 0 {
			if v := errs[j]; !math.IsNaN(v) && !math.IsInf(v, 0) {
				sum -= v
				cnt--
			}
		}
		if i < w-1 || (i-(w-1))%stride != 0 {
			continue
		}
		x = append(x, decimalYear(dates[i]))
		if cnt > 0 {
			y = append(y, sum/float64(cnt))
		} else {
			y = append(y, math.NaN())
		}
	}
	return x, y
}

// regimesSummary states the first alarms after each onset for the first
// target and detector.
func regimesSummary(runs []RegimesRun, sc *adapt.Scenario, day func(int) string) string {
	if len(runs) == 0 {
		return ""
	}
	run := runs[0]
	var parts []string
	for k, c := range sc.Changes {
		var ms []string
		for _, m := range run.Eval.Models {
			cr := m.Changes[k]
			if cr.Detected {
				ms = append(ms, fmt.Sprintf("%s %s (+%d days)", m.Name, day(c+cr.Delay), cr.Delay))
			} else {
				ms = append(ms, m.Name+" no alarm")
			}
		}
		parts = append(parts, fmt.Sprintf("%s (%s): %s", onsetKeys[k], day(c), strings.Join(ms, "; ")))
	}
	return fmt.Sprintf("First %s alarms on the %s errors: %s.", detectorTitle(run.Detector), run.Target, strings.Join(parts, " — "))
}
