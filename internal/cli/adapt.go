package cli

import (
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/emergo/emergo/adapt"
)

// defaultAdaptModels are the models adapt runs without --model: each
// model family frozen and online.
var defaultAdaptModels = []string{"persistence", "frozen-ridge", "rls-ridge", "frozen-nvar", "rls-nvar", "frozen-esn", "rls-esn"}

// adaptOptions are adapt's flags.
type adaptOptions struct {
	scenario string
	models   []string
	detector string
	seed     uint64
	rows     int
	lambda   float64
	delta    float64
	esnSize  int
	floor    float64
	list     bool
	asJSON   bool
}

func (e *env) adaptCmd() *cobra.Command {
	var o adaptOptions
	cmd := &cobra.Command{
		Use:   "adapt (--scenario NAME | --list)",
		Short: "Compare frozen and online (RLS) forecasting models on streams with regime changes",
		Long: `Run forecasting models over a stream with known change points, one row at a
time (test then train), and compare models frozen after training with models
that keep learning.

A scenario ('emergo adapt --list') is a stream whose first quarter (simulated
scenarios) is the warm-up on which every model is trained; scoring starts
after it. Simulated scenarios have --rows rows (default 8000) and a change at
the half: observation noise switched on (lorenz-noise), a parameter ramp
(lorenz-rho-ramp, changes at the ramp's start and end), a parameter jump
(lorenz-rho-jump), a switch to another system (lorenz-switch) or missing rows
(missing); sp500-2008-2020 is the real S&P 500 daily log returns with changes
at the Lehman bankruptcy and the COVID-19 crash.

Models (--model, comma-separated; default all):
  persistence   the last observed row
  frozen-ridge  VAR(4) ridge regression, trained on the warm-up, never updated
  frozen-nvar   NG-RC (2 taps, quadratic monomials, increment target), frozen
  frozen-esn    echo state network (100 nodes, washout 100), frozen
  rls-ridge     the VAR(4) features with a recursive-least-squares readout
  rls-nvar      the NG-RC features with an RLS readout
  rls-esn       the ESN reservoir (fitted on the warm-up) with an RLS readout
The RLS models use forgetting factor λ = 0.995 (rls-esn 0.998),
regularisation δ = 1e-6 and an anti-windup floor of 1e-5 (which keeps
directions the features rarely excite from causing error bursts after a
change); --lambda, --delta and --floor override them, --esn-size sets the
reservoir size. Missing values are carried forward and not learnt from.

Reported per model and change point: the mean normalised one-step error
(RMS over columns, in warm-up standard deviations) before and after the
change and its median after; the detection delay of the drift detector
(--detector page-hinkley, adwin or none) run on the model's errors (log
errors standardised on the first 500 scored rows); the false alarms before
the change (alarms that are not the first after a change); and the recovery
time, the rows until the 50-row rolling error is back within 20% of its
level over the 500 rows before the change ("censored" when it never is).`,
		Example: `  emergo adapt --list
  emergo adapt --scenario lorenz-rho-jump
  emergo adapt --scenario lorenz-rho-ramp --model frozen-nvar,rls-nvar --detector adwin --json
  emergo adapt --scenario sp500-2008-2020 --model frozen-ridge,rls-ridge --lambda 0.99`,
		Args: exactArgs(0, "no positional arguments (give the scenario with --scenario)"),
		RunE: runE(func(cmd *cobra.Command, _ []string) error {
			return e.runAdapt(cmd, &o)
		}),
	}
	f := cmd.Flags()
	f.StringVar(&o.scenario, "scenario", "", "the scenario `NAME` (see --list)")
	f.StringSliceVarP(&o.models, "model", "m", nil, "the models to compare, comma-separated (default: all)")
	f.StringVar(&o.detector, "detector", "page-hinkley", "drift detector on each model's errors: page-hinkley, adwin or none")
	f.Uint64VarP(&o.seed, "seed", "s", defaultSeed, "seed of the scenario (initial condition, noise, missing rows) and of the reservoirs")
	f.IntVar(&o.rows, "rows", adapt.DefaultRows, "length of a simulated scenario (warm-up: the first quarter; change: at the half)")
	f.Float64Var(&o.lambda, "lambda", 0, "RLS forgetting factor λ in (0, 1] of the rls-* models (default 0.995, rls-esn 0.998)")
	f.Float64Var(&o.delta, "delta", 0, "RLS regularisation δ > 0, P0 = I/δ (default 1e-6)")
	f.Float64Var(&o.floor, "floor", 0, "RLS anti-windup floor (P stays below I/floor; default 1e-5, negative: off)")
	f.IntVar(&o.esnSize, "esn-size", 0, "reservoir size of frozen-esn and rls-esn (default 100)")
	f.BoolVar(&o.list, "list", false, "list the scenarios, models and detectors")
	f.BoolVar(&o.asJSON, "json", false, "print the result as JSON")
	return cmd
}

// adaptListJSON is the JSON form of adapt --list.
type adaptListJSON struct {
	Scenarios []adapt.ScenarioInfo `json:"scenarios"`
	Models    []adapt.ModelInfo    `json:"models"`
	Detectors []string             `json:"detectors"`
}

func (e *env) runAdapt(cmd *cobra.Command, o *adaptOptions) error {
	f := cmd.Flags()
	if o.list {
		if o.scenario != "" || f.Changed("model") {
			return usagef("--list takes no --scenario or --model")
		}
		return e.adaptList(o.asJSON)
	}
	switch {
	case o.scenario == "":
		return usagef("--scenario is required ('emergo adapt --list' shows the scenarios)")
	case f.Changed("lambda") && !(o.lambda > 0 && o.lambda <= 1):
		return usagef("--lambda must be in (0, 1], got %v", o.lambda)
	case f.Changed("delta") && (!(o.delta > 0) || math.IsInf(o.delta, 0)):
		return usagef("--delta must be positive, got %v", o.delta)
	case math.IsNaN(o.floor) || math.IsInf(o.floor, 0):
		return usagef("--floor must be finite, got %v", o.floor)
	case f.Changed("esn-size") && o.esnSize < 2:
		return usagef("--esn-size must be at least 2, got %d", o.esnSize)
	case f.Changed("rows") && o.rows < 1:
		return usagef("--rows must be positive, got %d", o.rows)
	}
	det, err := adapt.NewDetector(o.detector)
	if err != nil {
		return usagef("--detector: %v", err)
	}
	names := o.models
	if len(names) == 0 {
		names = defaultAdaptModels
	}
	mo := &adapt.ModelOptions{Lambda: o.lambda, Delta: o.delta, ESNSize: o.esnSize, Floor: o.floor}
	var factories []adapt.Factory
	seen := map[string]bool{}
	for _, n := range names {
		fac, err := adapt.NewModel(n, mo)
		if err != nil {
			return err
		}
		if seen[fac.Name] {
			return usagef("--model lists %s twice", fac.Name)
		}
		seen[fac.Name] = true
		factories = append(factories, fac)
	}
	ctx := cmd.Context()
	sc, err := adapt.NewScenario(ctx, o.scenario, &adapt.ScenarioOptions{Seed: o.seed, Rows: o.rows})
	if err != nil {
		return err
	}
	p := newProgress(e.stderr, e.stderrTTY, e.now, "adapt "+sc.Name)
	ev, err := adapt.Evaluate(ctx, sc, factories, det, &adapt.EvalOptions{Seed: o.seed, Progress: p.update})
	p.finish()
	if err != nil {
		return err
	}
	detName := strings.ToLower(o.detector)
	if det == nil {
		detName = "none"
	}
	if o.asJSON {
		return writeJSON(e.stdout, newAdaptJSON(sc, ev, detName))
	}
	return writeAdaptText(e.stdout, sc, ev, detName)
}

func (e *env) adaptList(asJSON bool) error {
	l := adaptListJSON{Scenarios: adapt.Scenarios(), Models: adapt.Models(), Detectors: adapt.DetectorNames()}
	if asJSON {
		return writeJSON(e.stdout, l)
	}
	tw := newTable(e.stdout)
	fmt.Fprintln(tw, "SCENARIO\tDESCRIPTION")
	for _, s := range l.Scenarios {
		fmt.Fprintf(tw, "%s\t%s\n", s.Name, s.Description)
	}
	fmt.Fprintln(tw, "\t")
	fmt.Fprintln(tw, "MODEL\tDESCRIPTION")
	for _, m := range l.Models {
		fmt.Fprintf(tw, "%s\t%s\n", m.Name, m.Description)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(e.stdout, "detectors: %s\n", strings.Join(l.Detectors, ", "))
	return err
}

// adaptJSON is the JSON form of an evaluation; numbers that are not
// defined (no scored row, no detection, no recovery) are null.
type adaptJSON struct {
	Scenario    string            `json:"scenario"`
	Description string            `json:"description"`
	Rows        int               `json:"rows"`
	Warm        int               `json:"warm"`
	Detector    string            `json:"detector"`
	Seed        uint64            `json:"seed"`
	Calibrate   int               `json:"calibrate"`
	Window      int               `json:"window"`
	Tolerance   float64           `json:"tolerance"`
	Changes     []adaptChangeJSON `json:"changes"`
	Models      []adaptModelJSON  `json:"models"`
}

type adaptChangeJSON struct {
	At    int    `json:"at"`
	Label string `json:"label"`
	Date  string `json:"date,omitempty"`
}

type adaptModelJSON struct {
	Name           string                 `json:"name"`
	MeanError      *float64               `json:"mean_error"`
	Alarms         []int                  `json:"alarms"`
	FalseAlarms    int                    `json:"false_alarms"`
	FalseAlarmRate float64                `json:"false_alarm_rate_per_10k"`
	Changes        []adaptModelChangeJSON `json:"changes"`
}

type adaptModelChangeJSON struct {
	At                int      `json:"at"`
	Before            *float64 `json:"error_before"`
	After             *float64 `json:"error_after"`
	AfterMedian       *float64 `json:"error_after_median"`
	Detected          bool     `json:"detected"`
	Delay             *int     `json:"delay"`
	FalseAlarmsBefore int      `json:"false_alarms_before"`
	PreLevel          *float64 `json:"pre_level"`
	Recovered         bool     `json:"recovered"`
	Recovery          *int     `json:"recovery"`
}

// finite returns a pointer to v, nil when v is NaN or infinite.
func finite(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}

// present returns a pointer to v when ok, else nil.
func present(v int, ok bool) *int {
	if !ok {
		return nil
	}
	return &v
}

// changeDate is the date of row i of a dated scenario, "" otherwise.
func changeDate(dates []time.Time, i int) string {
	if dates == nil {
		return ""
	}
	return dates[i].Format("2006-01-02")
}

func newAdaptJSON(sc *adapt.Scenario, ev *adapt.Evaluation, det string) adaptJSON {
	out := adaptJSON{Scenario: ev.Scenario, Description: ev.Description, Rows: ev.Rows, Warm: ev.Warm, Detector: det,
		Seed: ev.Seed, Calibrate: ev.Calibrate, Window: ev.Window, Tolerance: ev.Tolerance, Changes: []adaptChangeJSON{}}
	for k, c := range ev.Changes {
		out.Changes = append(out.Changes, adaptChangeJSON{At: c, Label: ev.ChangeLabels[k], Date: changeDate(sc.Dates, c)})
	}
	for _, m := range ev.Models {
		mj := adaptModelJSON{Name: m.Name, MeanError: finite(m.MeanError), Alarms: m.Alarms, FalseAlarms: m.FalseAlarms,
			FalseAlarmRate: m.FalseAlarmRate, Changes: []adaptModelChangeJSON{}}
		for _, c := range m.Changes {
			mj.Changes = append(mj.Changes, adaptModelChangeJSON{At: c.At, Before: finite(c.Before), After: finite(c.After),
				AfterMedian: finite(c.AfterMedian), Detected: c.Detected, Delay: present(c.Delay, c.Detected),
				FalseAlarmsBefore: c.FalseAlarmsBefore, PreLevel: finite(c.PreLevel), Recovered: c.Recovered,
				Recovery: present(c.Recovery, c.Recovered)})
		}
		out.Models = append(out.Models, mj)
	}
	return out
}

func writeAdaptText(w io.Writer, sc *adapt.Scenario, ev *adapt.Evaluation, det string) error {
	fmt.Fprintf(w, "scenario %s: %s\n", ev.Scenario, ev.Description)
	fmt.Fprintf(w, "%d rows, warm-up %d, %d scored; detector %s; seed %d\n", ev.Rows, ev.Warm, ev.Rows-ev.Warm, det, ev.Seed)
	for k, c := range ev.Changes {
		when := ""
		if d := changeDate(sc.Dates, c); d != "" {
			when = " (" + d + ")"
		}
		fmt.Fprintf(w, "\nchange %d at row %d%s: %s\n", k+1, c, when, ev.ChangeLabels[k])
		tw := newTable(w)
		fmt.Fprintln(tw, "MODEL\tERROR BEFORE\tERROR AFTER\tMEDIAN AFTER\tDELAY\tFALSE ALARMS BEFORE\tRECOVERY")
		for _, m := range ev.Models {
			c := m.Changes[k]
			delay, rec := "-", "censored"
			if c.Detected {
				delay = fmt.Sprint(c.Delay)
			}
			if c.Recovered {
				rec = fmt.Sprint(c.Recovery)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%s\n", m.Name, num(c.Before), num(c.After), num(c.AfterMedian),
				delay, c.FalseAlarmsBefore, rec)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	fmt.Fprintln(w)
	tw := newTable(w)
	fmt.Fprintln(tw, "MODEL\tMEAN ERROR\tALARMS\tFALSE ALARMS\tPER 10K ROWS")
	for _, m := range ev.Models {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\n", m.Name, num(m.MeanError), len(m.Alarms), m.FalseAlarms, num(m.FalseAlarmRate))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, "errors: RMS over columns of the one-step error in warm-up standard deviations; delay and recovery in rows")
	return err
}
