package adapt

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/emergo/emergo/data"
	"github.com/emergo/emergo/forecast"
	"github.com/emergo/emergo/system"
	_ "github.com/emergo/emergo/system/flows" // Lorenz and Rössler
)

// Scenario is a stream with known change points: the rows a model sees
// one at a time, the first Warm of which are its training (warm-up)
// window.
type Scenario struct {
	Name        string
	Description string
	// Columns names the columns of Data.
	Columns []string
	// Data holds the rows (NaN marks a missing value).
	Data *forecast.Block
	// Dates holds the calendar date of each row of real data (nil for
	// simulated data).
	Dates []time.Time
	// Warm is the number of initial rows models are trained on; scoring
	// starts at row Warm. It precedes every change point.
	Warm int
	// Changes holds the row indices where a new regime starts, increasing,
	// and ChangeLabels a short description of each.
	Changes      []int
	ChangeLabels []string
}

// Validate checks the scenario's consistency.
func (s *Scenario) Validate() error {
	switch {
	case s.Data == nil || s.Data.Rows == 0:
		return fmt.Errorf("scenario %s: no data", s.Name)
	case len(s.Data.X) != s.Data.Rows*s.Data.Dim:
		return fmt.Errorf("scenario %s: %d values for %d rows of %d", s.Name, len(s.Data.X), s.Data.Rows, s.Data.Dim)
	case len(s.Columns) != s.Data.Dim:
		return fmt.Errorf("scenario %s: %d column names for %d columns", s.Name, len(s.Columns), s.Data.Dim)
	case s.Dates != nil && len(s.Dates) != s.Data.Rows:
		return fmt.Errorf("scenario %s: %d dates for %d rows", s.Name, len(s.Dates), s.Data.Rows)
	case s.Warm < 1 || s.Warm >= s.Data.Rows:
		return fmt.Errorf("scenario %s: warm-up of %d rows must be in [1, %d)", s.Name, s.Warm, s.Data.Rows)
	case len(s.ChangeLabels) != len(s.Changes):
		return fmt.Errorf("scenario %s: %d labels for %d change points", s.Name, len(s.ChangeLabels), len(s.Changes))
	}
	prev := s.Warm
	for i, c := range s.Changes {
		if c <= prev || c >= s.Data.Rows {
			return fmt.Errorf("scenario %s: change point %d at row %d must follow row %d (the warm-up or the previous change) and precede the end (%d rows)",
				s.Name, i, c, prev, s.Data.Rows)
		}
		prev = c
	}
	return nil
}

// ScenarioOptions configures NewScenario; nil means defaults.
type ScenarioOptions struct {
	// Seed selects the initial condition of simulated scenarios (a small
	// seeded perturbation of the catalogue's, followed by a transient) and
	// the noise and missing-value streams. Real data ignore it.
	Seed uint64
	// Rows is the length of a simulated scenario (0: DefaultRows). The
	// warm-up is the first quarter, the change at the half (a ramp runs
	// over the third quarter). Real data ignore it.
	Rows int
}

// DefaultRows is the default length of a simulated scenario.
const DefaultRows = 8000

// minRows is the shortest simulated scenario.
const minRows = 400

// ScenarioInfo describes a registered scenario.
type ScenarioInfo struct {
	Name        string `json:"name"`
	Description string `json:"description"`
}

type scenarioEntry struct {
	info  ScenarioInfo
	build func(ctx context.Context, o ScenarioOptions) (*Scenario, error)
}

// Parameters of the Lorenz scenarios (the catalogue's defaults otherwise:
// σ = 10, β = 2.667, sampled every 0.01).
const (
	lorenzRho     = 28
	rampRho       = 150 // in the periodic window 145 < ρ < 166 (a period-4 orbit at β = 2.667)
	jumpRho       = 60
	noiseLevel    = 0.1 // observation noise in attractor standard deviations
	missingRate   = 0.1
	lorenzTrans   = 1000 // transient steps before recording
	icPerturb     = 0.01 // seeded perturbation of the initial condition
	rosslerTrans  = 2000 // transient of the Rössler system before the switch
	scaleSamples  = 5000 // samples of AttractorScale
	sp500Warm     = "2004-01-01"
	sp500Lehman   = "2008-09-15"
	sp500Covid    = "2020-02-20"
	sp500Describe = "S&P 500 daily log returns 2000-2020 (data set sp500-returns); warm-up 2000-2003; " +
		"changes at the Lehman Brothers bankruptcy (2008-09-15) and the start of the COVID-19 crash (2020-02-20)"
)

var scenarios = []scenarioEntry{
	{ScenarioInfo{"lorenz-noise", "Lorenz (ρ=28); from the change on, Gaussian observation noise of 0.1 attractor standard deviations (Noisy)"}, lorenzNoise},
	{ScenarioInfo{"lorenz-rho-ramp", "Lorenz with ρ ramping linearly from 28 to 150 over the third quarter (Drift), from chaos into the periodic window 145<ρ<166; changes at the ramp's start and end"}, lorenzRamp},
	{ScenarioInfo{"lorenz-rho-jump", "Lorenz with ρ jumping from 28 to 60 at the change, the state carried over (Switch)"}, lorenzJump},
	{ScenarioInfo{"lorenz-switch", "Lorenz (ρ=28, dt 0.01) replaced by Rössler (a=b=0.2, c=5.7, dt 0.0591, on its attractor) at the change (Switch)"}, lorenzSwitch},
	{ScenarioInfo{"missing", "Lorenz (ρ=28); from the change on, each row is missing (NaN) with probability 0.1 (Missing)"}, lorenzMissing},
	{ScenarioInfo{"sp500-2008-2020", sp500Describe}, sp500Scenario},
}

// Scenarios lists the registered scenarios sorted by name.
func Scenarios() []ScenarioInfo {
	out := make([]ScenarioInfo, len(scenarios))
	for i, e := range scenarios {
		out[i] = e.info
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// NewScenario builds the named scenario (case-insensitive); an unknown
// name is an error suggesting close names.
func NewScenario(ctx context.Context, name string, opt *ScenarioOptions) (*Scenario, error) {
	var o ScenarioOptions
	if opt != nil {
		o = *opt
	}
	if o.Rows == 0 {
		o.Rows = DefaultRows
	}
	if o.Rows < minRows {
		return nil, fmt.Errorf("scenario %s: %d rows are too few; use at least %d", name, o.Rows, minRows)
	}
	k := strings.ToLower(strings.TrimSpace(name))
	names := make([]string, len(scenarios))
	for i, e := range scenarios {
		if e.info.Name == k {
			s, err := e.build(ctx, o)
			if err != nil {
				return nil, fmt.Errorf("scenario %s: %w", e.info.Name, err)
			}
			s.Description = e.info.Description
			if err := s.Validate(); err != nil {
				return nil, err
			}
			return s, nil
		}
		names[i] = e.info.Name
	}
	sort.Strings(names)
	msg := fmt.Sprintf("unknown scenario %q", name)
	if s := system.Suggest(name, names, 3); len(s) > 0 {
		q := make([]string, len(s))
		for i, v := range s {
			q[i] = strconv.Quote(v)
		}
		msg += "; did you mean " + strings.Join(q, ", ") + "?"
	}
	return nil, fmt.Errorf("%s (scenarios: %s)", msg, strings.Join(names, ", "))
}

// layout returns the warm-up length and the change row of n rows.
func layout(n int) (warm, change int) { return n / 4, n / 2 }

// lorenzCfg returns the configuration of a Lorenz run at ρ with a seeded
// perturbation of the catalogue's initial condition; stream separates
// the runs of one scenario.
func lorenzCfg(rho float64, seed, stream uint64) (system.Config, error) {
	e, err := system.Lookup("Lorenz")
	if err != nil {
		return system.Config{}, err
	}
	rng := rand.New(rand.NewPCG(seed, 0x6c6f72656e7a+stream))
	ic := append([]float64(nil), e.Info.IC...)
	for j := range ic {
		ic[j] += icPerturb * rng.NormFloat64()
	}
	return system.Config{Params: system.Params{"rho": rho}, Seed: seed, IC: ic}, nil
}

func newLorenz(rho float64, seed, stream uint64) (system.System, error) {
	c, err := lorenzCfg(rho, seed, stream)
	if err != nil {
		return nil, err
	}
	return system.NewConfig("Lorenz", c)
}

// simulated samples sys into a scenario with one change at the half.
func simulated(ctx context.Context, name string, sys system.System, o ScenarioOptions, transient int, label string) (*Scenario, error) {
	x, err := SampleRows(ctx, sys, o.Rows, transient)
	if err != nil {
		return nil, err
	}
	warm, change := layout(o.Rows)
	return &Scenario{Name: name, Columns: []string{"x", "y", "z"}, Data: forecast.NewBlock(x, 3),
		Warm: warm, Changes: []int{change}, ChangeLabels: []string{label}}, nil
}

// carrySwitch runs the Lorenz system a until the change (after a
// transient), then b from a's state; b is built by wrap around a second
// Lorenz system at ρ.
func carrySwitch(ctx context.Context, name string, o ScenarioOptions, rho float64, label string,
	wrap func(system.System) system.System) (*Scenario, error) {
	a, err := newLorenz(lorenzRho, o.Seed, 0)
	if err != nil {
		return nil, err
	}
	inner, err := newLorenz(rho, o.Seed, 1)
	if err != nil {
		return nil, err
	}
	_, change := layout(o.Rows)
	sw, err := Switch(a, wrap(inner), lorenzTrans+change, true)
	if err != nil {
		return nil, err
	}
	return simulated(ctx, name, sw, o, lorenzTrans, label)
}

func lorenzNoise(ctx context.Context, o ScenarioOptions) (*Scenario, error) {
	c, err := lorenzCfg(lorenzRho, o.Seed, 2)
	if err != nil {
		return nil, err
	}
	scale, err := AttractorScale(ctx, "Lorenz", c, scaleSamples, lorenzTrans)
	if err != nil {
		return nil, err
	}
	return carrySwitch(ctx, "lorenz-noise", o, lorenzRho, "noise on (σ = 0.1 attractor sd)", func(s system.System) system.System {
		return Noisy(s, noiseLevel, scale, o.Seed)
	})
}

func lorenzMissing(ctx context.Context, o ScenarioOptions) (*Scenario, error) {
	return carrySwitch(ctx, "missing", o, lorenzRho, "10% of rows missing", func(s system.System) system.System {
		return Missing(s, missingRate, o.Seed)
	})
}

func lorenzJump(ctx context.Context, o ScenarioOptions) (*Scenario, error) {
	return carrySwitch(ctx, "lorenz-rho-jump", o, jumpRho, "ρ 28 → 60", func(s system.System) system.System { return s })
}

func lorenzRamp(ctx context.Context, o ScenarioOptions) (*Scenario, error) {
	c, err := lorenzCfg(lorenzRho, o.Seed, 0)
	if err != nil {
		return nil, err
	}
	c.Params = nil
	_, change := layout(o.Rows)
	steps := o.Rows / 4
	d, err := Drift("Lorenz", "rho", lorenzRho, rampRho, lorenzTrans+change, steps, c)
	if err != nil {
		return nil, err
	}
	s, err := simulated(ctx, "lorenz-rho-ramp", d, o, lorenzTrans, "ramp starts (ρ = 28)")
	if err != nil {
		return nil, err
	}
	s.Changes = append(s.Changes, change+steps)
	s.ChangeLabels = append(s.ChangeLabels, "ramp ends (ρ = 150, periodic)")
	return s, nil
}

func lorenzSwitch(ctx context.Context, o ScenarioOptions) (*Scenario, error) {
	a, err := newLorenz(lorenzRho, o.Seed, 0)
	if err != nil {
		return nil, err
	}
	e, err := system.Lookup("Rossler")
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(o.Seed, 0x726f73736c6572))
	ic := append([]float64(nil), e.Info.IC...)
	for j := range ic {
		ic[j] += icPerturb * rng.NormFloat64()
	}
	b, err := e.New(system.Config{Seed: o.Seed, IC: ic})
	if err != nil {
		return nil, err
	}
	if _, err := SampleRows(ctx, b, 1, rosslerTrans); err != nil {
		return nil, err
	}
	_, change := layout(o.Rows)
	sw, err := Switch(a, b, lorenzTrans+change, false)
	if err != nil {
		return nil, err
	}
	return simulated(ctx, "lorenz-switch", sw, o, lorenzTrans, "Lorenz → Rössler")
}

func sp500Scenario(ctx context.Context, _ ScenarioOptions) (*Scenario, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s, err := data.Load("sp500-returns")
	if err != nil {
		return nil, err
	}
	if s.Dates == nil {
		return nil, fmt.Errorf("sp500-returns has no dates")
	}
	first := func(day string) (int, error) {
		d, err := time.Parse("2006-01-02", day)
		if err != nil {
			return 0, err
		}
		for i, t := range s.Dates {
			if !t.Before(d) {
				return i, nil
			}
		}
		return 0, fmt.Errorf("sp500-returns ends before %s", day)
	}
	warm, err := first(sp500Warm)
	if err != nil {
		return nil, err
	}
	lehman, err := first(sp500Lehman)
	if err != nil {
		return nil, err
	}
	covid, err := first(sp500Covid)
	if err != nil {
		return nil, err
	}
	return &Scenario{Name: "sp500-2008-2020", Description: sp500Describe, Columns: append([]string(nil), s.Names...),
		Data: forecast.NewBlock(s.X, s.Dim()), Dates: s.Dates, Warm: warm,
		Changes: []int{lehman, covid}, ChangeLabels: []string{"Lehman Brothers bankruptcy, 2008-09-15", "COVID-19 crash, 2020-02-20"}}, nil
}
