package climate

import (
	"context"
	"fmt"
	"math"
	"strings"
	"sync"

	"github.com/emergo/emergo/data"
	"github.com/emergo/emergo/experiment"
)

// SeriesKind is the registered name of the observed-series experiment.
const SeriesKind = "climate-series"

// SeriesSpec is one observed series of the climate-series experiment.
type SeriesSpec struct {
	// Data is an embedded data set (data.Load: "co2", "global-temp", ...).
	Data string `json:"data"`
	// Column is the column forecast ("co2", "temp").
	Column string `json:"column"`
	// Label names the series in results (default: Data).
	Label string `json:"label,omitempty"`
	// Period is the seasonal period in rows (12 for monthly data, 1 for
	// yearly data: no seasonality).
	Period int `json:"period"`
	// Horizons are the lead times scored, in rows (months or years).
	Horizons []int `json:"horizons"`
	// Origins is the number of rolling forecast origins (the last rows
	// that leave room for the longest horizon).
	Origins int `json:"origins"`
	// Refit is the number of origins between refits of the zoo models.
	Refit int `json:"refit"`
	// TrendWindow is the number of rows the seasonal+trend baseline is
	// fitted to (0: all history).
	TrendWindow int `json:"trend_window"`
	// PlotHorizon is the lead time whose forecasts are drawn against the
	// truth (default: the largest horizon ≤ 12).
	PlotHorizon int `json:"plot_horizon,omitempty"`
	// Models are the zoo models, each with the transform it is trained on.
	Models []ModelSpec `json:"models"`
}

// SeriesParams are the parameters of the "climate-series" experiment.
type SeriesParams struct {
	Series []SeriesSpec `json:"series"`
}

// DefaultSeriesParams returns the default parameters: Mauna Loa CO2
// (monthly, period 12, horizons 1, 6, 12 and 24 months, the last 120
// origins) and the global temperature anomaly (yearly, horizons 1, 5 and
// 10 years, the last 40 origins).
func DefaultSeriesParams() *SeriesParams {
	return &SeriesParams{Series: []SeriesSpec{
		{Data: "co2", Column: "co2", Period: 12, Horizons: []int{1, 6, 12, 24}, Origins: 120, Refit: 12, TrendWindow: 120, PlotHorizon: 12,
			Models: []ModelSpec{
				{Name: "ridge", Hyper: map[string]float64{"lags": 25, "alpha": 1e-3}, Transform: TransformLevel},
				{Name: "ridge", Hyper: map[string]float64{"lags": 13, "alpha": 1e-3}, Transform: TransformSDiff},
				{Name: "nvar", Hyper: map[string]float64{"k": 13, "order": 2, "alpha": 1e-2, "increment": 0}, Transform: TransformDiff},
				{Name: "esn", Hyper: map[string]float64{"size": 200, "washout": 24, "radius": 0.9, "input_scaling": 0.5, "alpha": 1e-3}, Transform: TransformDiff},
				{Name: "mlp", Hyper: map[string]float64{"window": 24, "hidden": 32, "epochs": 60, "increment": 0}, Transform: TransformDiff},
			}},
		{Data: "global-temp", Column: "temp", Period: 1, Horizons: []int{1, 5, 10}, Origins: 40, Refit: 5, TrendWindow: 30, PlotHorizon: 1,
			Models: []ModelSpec{
				{Name: "ridge", Hyper: map[string]float64{"lags": 4, "alpha": 1e-2}, Transform: TransformLevel},
				{Name: "ridge", Hyper: map[string]float64{"lags": 4, "alpha": 1e-2}, Transform: TransformDiff},
				{Name: "nvar", Hyper: map[string]float64{"k": 4, "order": 2, "alpha": 1e-1, "increment": 0}, Transform: TransformDiff},
				{Name: "esn", Hyper: map[string]float64{"size": 100, "washout": 10, "radius": 0.9, "input_scaling": 0.5, "alpha": 1}, Transform: TransformDiff},
				{Name: "mlp", Hyper: map[string]float64{"window": 8, "hidden": 16, "epochs": 100, "increment": 0}, Transform: TransformDiff},
			}},
	}}
}

// Validate checks the parameters, naming the first bad one.
func (p *SeriesParams) Validate() error {
	if len(p.Series) == 0 {
		return fmt.Errorf("param series: list at least one series")
	}
	seen := map[string]int{}
	for i := range p.Series {
		s := &p.Series[i]
		f := fmt.Sprintf("series[%d]", i)
		if _, err := data.Describe(s.Data); err != nil {
			return fmt.Errorf("param %s.data = %q: %v", f, s.Data, err)
		}
		if s.Column == "" {
			return fmt.Errorf("param %s.column: name the column to forecast", f)
		}
		if info, _ := data.Describe(s.Data); !containsString(info.Columns, s.Column) {
			return fmt.Errorf("param %s.column = %q: %s has columns %s", f, s.Column, s.Data, strings.Join(info.Columns, ", "))
		}
		l := strings.ToLower(s.label())
		if j, ok := seen[l]; ok {
			return fmt.Errorf("param %s.label: %q is already used by series[%d]", f, s.label(), j)
		}
		seen[l] = i
		switch {
		case s.Period < 1 || s.Period > 366:
			return fmt.Errorf("param %s.period = %d: must be in [1, 366]", f, s.Period)
		case len(s.Horizons) == 0 || len(s.Horizons) > 20:
			return fmt.Errorf("param %s.horizons: list 1 to 20 horizons", f)
		case s.Origins < 1 || s.Origins > 100000:
			return fmt.Errorf("param %s.origins = %d: must be in [1, 100000]", f, s.Origins)
		case s.Refit < 1:
			return fmt.Errorf("param %s.refit = %d: must be at least 1", f, s.Refit)
		case s.TrendWindow < 0 || (s.TrendWindow > 0 && s.TrendWindow < s.Period+2):
			return fmt.Errorf("param %s.trend_window = %d: 0 (all history) or at least period + 2 = %d", f, s.TrendWindow, s.Period+2)
		case s.PlotHorizon < 0:
			return fmt.Errorf("param %s.plot_horizon = %d: must be ≥ 0", f, s.PlotHorizon)
		}
		for j, h := range s.Horizons {
			if h < 1 || h > 10000 {
				return fmt.Errorf("param %s.horizons[%d] = %d: must be in [1, 10000]", f, j, h)
			}
		}
		if err := validateModels(f+".models", s.Models, true); err != nil {
			return err
		}
	}
	return nil
}

// Quick shrinks the parameters for a smoke run: fewer origins, rarer
// refits, smaller and shorter-trained models.
func (p *SeriesParams) Quick() {
	for i := range p.Series {
		s := &p.Series[i]
		s.Origins = min(s.Origins, 12)
		s.Refit = max(s.Refit, s.Origins)
		for j := range s.Models {
			m := &s.Models[j]
			if m.Hyper == nil {
				m.Hyper = map[string]float64{}
			}
			switch m.Name {
			case "esn":
				m.Hyper["size"] = math.Min(orDefault(m.Hyper, "size", 400), 50)
			case "mlp", "gru", "lstm", "transformer":
				m.Hyper["epochs"] = math.Min(orDefault(m.Hyper, "epochs", 60), 5)
			}
		}
	}
}

func orDefault(h map[string]float64, k string, d float64) float64 {
	if v, ok := h[k]; ok {
		return v
	}
	return d
}

func (s *SeriesSpec) label() string {
	if s.Label != "" {
		return s.Label
	}
	return s.Data
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func init() {
	experiment.Register(experiment.Kind{
		Name:  SeriesKind,
		Title: "Climate series: CO2 and global temperature forecasts against seasonal baselines",
		Description: "Mauna Loa CO2 (monthly) and the global temperature anomaly (yearly): zoo models (ridge/AR on levels or " +
			"differences, NVAR, ESN, MLP) against the seasonal naive forecast and a seasonal + linear-trend regression, by " +
			"rolling-origin evaluation without look-ahead at several horizons, scored by MASE and RMSE, with the forecasts drawn " +
			"against the truth.",
		Params:   func() any { return DefaultSeriesParams() },
		Validate: func(p any) error { return p.(*SeriesParams).Validate() },
		Quick:    func(p any) { p.(*SeriesParams).Quick() },
		Run: func(ctx context.Context, p any, env *experiment.Env) (*experiment.Result, error) {
			return RunSeries(ctx, p.(*SeriesParams), env)
		},
	})
}

// Regular is an evenly spaced stretch of an observed series.
type Regular struct {
	// X are the values and Years the decimal years of the rows.
	X, Years []float64
	// Step is "month" or "year".
	Step string
	// Dropped is the number of rows before the stretch (left out because
	// a gap follows them).
	Dropped int
}

// LoadRegular returns the longest run of consecutive months (or years,
// for yearly data) of a data set's column: CO2 misses 1958-06, 1958-10
// and 1964-02..04, so its regular stretch starts in 1964-05.
func LoadRegular(name, column string) (*Regular, error) {
	s, err := data.Load(name)
	if err != nil {
		return nil, err
	}
	x, err := s.Column(column)
	if err != nil {
		return nil, err
	}
	if len(s.Dates) != len(x) || len(x) < 3 {
		return nil, fmt.Errorf("data %s: %d dated rows; need at least 3", name, len(x))
	}
	mi := make([]int, len(x)) // month index
	for i, d := range s.Dates {
		mi[i] = d.Year()*12 + int(d.Month()) - 1
	}
	// The step: 12 when every row is a year apart somewhere most often.
	step := 1
	yearly := 0
	for i := 1; i < len(mi); i++ {
		if mi[i]-mi[i-1] == 12 {
			yearly++
		}
	}
	if yearly > len(mi)/2 {
		step = 12
	}
	bestLo, bestLen, lo := 0, 1, 0
	for i := 1; i <= len(mi); i++ {
		if i == len(mi) || mi[i]-mi[i-1] != step {
			if i-lo > bestLen {
				bestLo, bestLen = lo, i-lo
			}
			lo = i
		}
	}
	r := &Regular{X: x[bestLo : bestLo+bestLen], Step: "month", Dropped: bestLo}
	if step == 12 {
		r.Step = "year"
	}
	for i := bestLo; i < bestLo+bestLen; i++ {
		r.Years = append(r.Years, float64(mi[i])/12)
	}
	return r, nil
}

// RunSeries computes the climate-series experiment.
func RunSeries(ctx context.Context, p *SeriesParams, env *experiment.Env) (*experiment.Result, error) {
	if env == nil {
		env = experiment.NewEnv(0)
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	res := &experiment.Result{Title: "Climate series: trend and seasonality forecasts against baselines"}
	var mu sync.Mutex
	done := make([]int, len(p.Series))
	tot := make([]int, len(p.Series))
	progress := func(i, d, t int) {
		mu.Lock()
		defer mu.Unlock()
		done[i], tot[i] = d, t
		var sd, st int
		for k := range done {
			sd += done[k]
			st += max(tot[k], 1)
		}
		env.Progress(sd, st)
	}
	var summary []string
	for si := range p.Series {
		s := &p.Series[si]
		reg, err := LoadRegular(s.Data, s.Column)
		if err != nil {
			return nil, fmt.Errorf("series %s: %w", s.label(), err)
		}
		ev, err := RollingOrigin(ctx, reg.X, s.Models, RollingOptions{Period: s.Period, Horizons: s.Horizons, Origins: s.Origins,
			Refit: s.Refit, TrendWindow: s.TrendWindow, Seed: splitmix(env.Seed, si),
			Progress: func(d, t int) { progress(si, d, t) }})
		if err != nil {
			return nil, fmt.Errorf("series %s: %w", s.label(), err)
		}
		summary = append(summary, seriesReport(res, s, reg, ev))
	}
	res.Summary = strings.Join(summary, " ")
	env.Progress(1, 1)
	return res, nil
}

// seriesReport adds the tables, plots, metrics and notes of one series
// and returns its summary sentence.
func seriesReport(res *experiment.Result, s *SeriesSpec, reg *Regular, ev *Evaluation) string {
	unit := reg.Step
	cols := []string{"method"}
	for _, h := range ev.Horizons {
		cols = append(cols, fmt.Sprintf("MASE h=%d", h))
	}
	for _, h := range ev.Horizons {
		cols = append(cols, fmt.Sprintf("RMSE h=%d", h))
	}
	cols = append(cols, "fallbacks")
	t := experiment.Table{Title: fmt.Sprintf("%s: rolling-origin forecast errors", s.label()),
		Caption: fmt.Sprintf("%d origins (the last %d %s of the regular stretch %.0f–%.0f), horizons in %ss; zoo models refitted every %d "+
			"origins on the history up to the origin. MASE scales by the in-sample MAE of the lag-%d naive forecast (Hyndman & Koehler 2006). "+
			"Fallbacks: origins where a model could not forecast and the seasonal naive forecast was used.",
			len(ev.Origins), len(ev.Origins), plural(len(ev.Origins), unit), reg.Years[0], reg.Years[len(reg.Years)-1], unit, s.Refit, max(s.Period, 1)),
		Columns: cols}
	for _, m := range ev.Methods {
		row := []any{m.Label}
		for _, v := range m.MASE {
			row = append(row, v)
		}
		for _, v := range m.RMSE {
			row = append(row, v)
		}
		row = append(row, m.Fallbacks)
		t.AddRow(row...)
		for hi, h := range ev.Horizons {
			res.Metric(fmt.Sprintf("mase_%s_%s_h%d", metricName(s.label()), metricName(m.Label), h), m.MASE[hi])
		}
	}
	res.Tables = append(res.Tables, t)

	// Best method per horizon and the verdict against the baselines.
	var verdicts []string
	var notes []string
	for hi, h := range ev.Horizons {
		best := ev.Methods[0]
		bestBase := ev.Methods[0]
		for _, m := range ev.Methods {
			if m.MASE[hi] < best.MASE[hi] {
				best = m
			}
		}
		if ev.Methods[1].MASE[hi] < bestBase.MASE[hi] {
			bestBase = ev.Methods[1]
		}
		bestZoo := ev.Methods[2]
		for _, m := range ev.Methods[2:] {
			if m.MASE[hi] < bestZoo.MASE[hi] {
				bestZoo = m
			}
		}
		verdicts = append(verdicts, fmt.Sprintf("h=%d: %s (%.2f)", h, best.Label, best.MASE[hi]))
		if bestBase.MASE[hi] <= bestZoo.MASE[hi] {
			notes = append(notes, fmt.Sprintf("%s, h = %d %s: the %s baseline (MASE %.3f) beats every zoo model (best %s, %.3f).",
				s.label(), h, plural(h, unit), bestBase.Label, bestBase.MASE[hi], bestZoo.Label, bestZoo.MASE[hi]))
		} else {
			notes = append(notes, fmt.Sprintf("%s, h = %d %s: %s (MASE %.3f) beats the best baseline, %s (%.3f), by %.0f%%.",
				s.label(), h, plural(h, unit), bestZoo.Label, bestZoo.MASE[hi], bestBase.Label, bestBase.MASE[hi],
				100*(1-bestZoo.MASE[hi]/bestBase.MASE[hi])))
		}
	}
	for _, m := range ev.Methods {
		if m.Fallbacks > 0 {
			msg := fmt.Sprintf("%s: %s fell back to the seasonal naive forecast at %d of %d origins", s.label(), m.Label, m.Fallbacks, len(ev.Origins))
			if m.Err != nil {
				msg += fmt.Sprintf(" (last error: %v)", m.Err)
			}
			notes = append(notes, msg+".")
		}
	}
	res.Notes = append(res.Notes, notes...)

	// Plots: MASE by method, and the forecasts at one lead against the truth.
	bar := experiment.Plot{Kind: experiment.Bar, Title: fmt.Sprintf("%s: MASE by method and horizon", s.label()),
		Caption: "Lower is better; the dashed line is MASE = 1 (the in-sample one-step seasonal naive error).",
		YLabel:  "MASE", HLines: []experiment.Ref{{At: 1, Label: "1"}}}
	for _, m := range ev.Methods {
		bar.Categories = append(bar.Categories, m.Label)
	}
	for hi, h := range ev.Horizons {
		y := make([]float64, len(ev.Methods))
		for k, m := range ev.Methods {
			y[k] = m.MASE[hi]
		}
		bar.Series = append(bar.Series, experiment.NewSeries(fmt.Sprintf("h = %d", h), nil, y))
	}
	res.Plots = append(res.Plots, bar)

	ph := s.PlotHorizon
	if ph == 0 || ph > maxInt(ev.Horizons) {
		ph = 0
		for _, h := range ev.Horizons {
			if h <= 12 && h > ph {
				ph = h
			}
		}
		if ph == 0 {
			ph = ev.Horizons[0]
		}
	}
	o0 := ev.Origins[0]
	lo := max(o0-3*max(s.Period, 1)-ph, 0)
	hiRow := ev.Origins[len(ev.Origins)-1] + ph
	truth := experiment.NewSeries("observed", reg.Years[lo:hiRow], reg.X[lo:hiRow])
	truth.Marker = len(reg.X[lo:hiRow]) < 80
	line := experiment.Plot{Kind: experiment.Line, Title: fmt.Sprintf("%s: %d-%s-ahead forecasts", s.label(), ph, unit),
		Caption: fmt.Sprintf("Each forecast is drawn at its target time, made %d %s earlier from the data up to its origin.", ph, plural(ph, unit)),
		XLabel:  "year", YLabel: s.Column, Series: []experiment.Series{truth},
		VLines: []experiment.Ref{{At: experiment.Float(reg.Years[o0]), Label: "first target"}}}
	for _, m := range ev.Methods {
		x := make([]float64, len(ev.Origins))
		y := make([]float64, len(ev.Origins))
		for i, t := range ev.Origins {
			x[i] = reg.Years[t+ph-1]
			y[i] = m.Forecasts[i][ph-1]
		}
		sr := experiment.NewSeries(m.Label, x, y)
		sr.Dash = m.Label == SeasonalNaive || m.Label == SeasonalTrend
		line.Series = append(line.Series, sr)
	}
	res.Plots = append(res.Plots, line)
	return fmt.Sprintf("%s best MASE — %s.", s.label(), strings.Join(verdicts, ", "))
}

func maxInt(x []int) int {
	m := 0
	for _, v := range x {
		m = max(m, v)
	}
	return m
}

func plural(n int, unit string) string {
	if n == 1 {
		return unit
	}
	return unit + "s"
}

// metricName lower-cases a label and replaces characters that are awkward
// in metric names.
func metricName(s string) string {
	r := strings.NewReplacer("-", "_", "+", "_", " ", "_", ".", "_")
	return r.Replace(strings.ToLower(s))
}
