package traffic

import (
	"context"
	"fmt"
	"math"

	"github.com/emergo/emergo/experiment"
	"github.com/emergo/emergo/forecast"
)

// ForecastName is the registered name of the flow-forecasting experiment.
const ForecastName = "traffic-forecast"

// ForecastParams are the parameters of "traffic-forecast".
type ForecastParams struct {
	// L, Density, Vmax and P define the ring (defaults 1000, 0.12, 5,
	// 0.25: just above the critical density, where jams come and go).
	L       int     `json:"L"`
	Density float64 `json:"density"`
	Vmax    int     `json:"vmax"`
	P       float64 `json:"p"`
	// Detectors loop detectors are spaced Spacing cells apart (defaults 4
	// and 25); each counts the cars crossing its cell.
	Detectors int `json:"detectors"`
	Spacing   int `json:"spacing"`
	// Period is the aggregation period in steps ("one minute", default
	// 60) and Rows the length of the aggregated series (default 1500).
	Period int `json:"period"`
	Rows   int `json:"rows"`
	// Warmup steps are dropped (default 2000).
	Warmup int `json:"warmup"`
	// TrainFrac is the training share of the rows (default 0.7).
	TrainFrac float64 `json:"train_frac"`
	// Horizons are the forecast horizons in periods (default 1, 2, 5, 10).
	Horizons []int `json:"horizons"`
	// Stride is the step between forecast origins in the test part
	// (default 2).
	Stride int `json:"stride"`
	// Models are the zoo models scored (persistence and mean are always
	// added as baselines).
	Models []ModelSpec `json:"models"`
}

// DefaultForecastParams returns the defaults.
func DefaultForecastParams() *ForecastParams {
	return &ForecastParams{L: 1000, Density: 0.12, Vmax: 5, P: 0.25, Detectors: 4, Spacing: 25, Period: 60, Rows: 1500, Warmup: 2000,
		TrainFrac: 0.7, Horizons: []int{1, 2, 5, 10}, Stride: 2,
		Models: []ModelSpec{
			{Name: "ridge", Hyper: map[string]float64{"lags": 8, "alpha": 1e-3}},
			{Name: "nvar", Hyper: map[string]float64{"k": 3, "s": 1, "order": 2, "alpha": 1e-2, "increment": 0}},
			{Name: "esn", Hyper: map[string]float64{"size": 200, "washout": 50, "alpha": 1e-3}},
		}}
}

// Validate names the first bad parameter.
func (p *ForecastParams) Validate() error {
	if err := checkInt("L", p.L, 20, 1_000_000); err != nil {
		return err
	}
	if err := checkRange("density", p.Density, 1/float64(p.L), 0.95); err != nil {
		return err
	}
	if err := checkInt("vmax", p.Vmax, 1, 100); err != nil {
		return err
	}
	if err := checkRange("p", p.P, 0, 1); err != nil {
		return err
	}
	if err := checkInt("detectors", p.Detectors, 1, 50); err != nil {
		return err
	}
	if err := checkInt("spacing", p.Spacing, 1, p.L/p.Detectors); err != nil {
		return err
	}
	if err := checkInt("period", p.Period, 1, 100000); err != nil {
		return err
	}
	if err := checkInt("rows", p.Rows, 100, 1_000_000); err != nil {
		return err
	}
	if err := checkInt("warmup", p.Warmup, 0, 10_000_000); err != nil {
		return err
	}
	if err := checkRange("train_frac", p.TrainFrac, 0.2, 0.9); err != nil {
		return err
	}
	if len(p.Horizons) == 0 {
		return fmt.Errorf("horizons: list at least one horizon")
	}
	test := p.Rows - int(p.TrainFrac*float64(p.Rows))
	for i, h := range p.Horizons {
		if err := checkInt(fmt.Sprintf("horizons[%d]", i), h, 1, test/4); err != nil {
			return err
		}
	}
	if err := checkInt("stride", p.Stride, 1, 1000); err != nil {
		return err
	}
	if len(p.Models) > 10 {
		return fmt.Errorf("models: %d models; at most 10", len(p.Models))
	}
	for i, m := range p.Models {
		if err := validateModel(fmt.Sprintf("models[%d]", i), m); err != nil {
			return err
		}
	}
	return nil
}

func init() {
	experiment.Register(experiment.Kind{
		Name:  ForecastName,
		Title: "Traffic: forecasting detector flows with the model zoo",
		Description: "Loop detectors on a Nagel-Schreckenberg ring just above the critical density count the cars passing per " +
			"period; zoo models (ridge VAR, NVAR, ESN) trained on the first part forecast all detectors' flows at several " +
			"horizons on the rest, scored by NRMSE and MAE against persistence and the training mean.",
		Params:   func() any { return DefaultForecastParams() },
		Validate: func(p any) error { return p.(*ForecastParams).Validate() },
		Quick: func(p any) {
			q := p.(*ForecastParams)
			q.L, q.Rows, q.Period, q.Warmup = min(q.L, 500), min(q.Rows, 400), min(q.Period, 30), min(q.Warmup, 500)
			q.Horizons = []int{1, 5}
			for i := range q.Models {
				if q.Models[i].Name == "esn" {
					h := map[string]float64{}
					for k, v := range q.Models[i].Hyper {
						h[k] = v
					}
					h["size"] = 50
					q.Models[i].Hyper = h
				}
			}
		},
		Run: func(ctx context.Context, p any, env *experiment.Env) (*experiment.Result, error) {
			return RunForecast(ctx, p.(*ForecastParams), env)
		},
	})
}

// DetectorFlows simulates the ring and returns rows×detectors counts of
// cars crossing each detector cell per period (row-major).
func DetectorFlows(ctx context.Context, l int, density float64, vmax int, p float64, detectors, spacing, period, rows, warmup int, seed uint64) ([]float64, error) {
	n := int(math.Round(density * float64(l)))
	m, err := UniformRing(l, n, vmax, p, seed)
	if err != nil {
		return nil, err
	}
	for i := 0; i < warmup; i++ {
		_ = m.Step()
	}
	out := make([]float64, rows*detectors)
	pos, vel := make([]int, n), make([]int, n)
	for r := 0; r < rows; r++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		for s := 0; s < period; s++ {
			_ = m.Step()
			pos, vel = m.Positions(pos), m.Speeds(vel)
			for i, x := range pos {
				v := vel[i]
				if v == 0 {
					continue
				}
				x0 := x - v // unwrapped start; the car crossed cells x0+1 … x
				for d := 0; d < detectors; d++ {
					c := d * spacing
					// c or c+l, c−l within (x0, x]?
					for _, cc := range [2]int{c, c + l} {
						if cc > x0 && cc <= x {
							out[r*detectors+d]++
						}
					}
					if c-l > x0 && c-l <= x {
						out[r*detectors+d]++
					}
				}
			}
		}
	}
	return out, nil
}

// RunForecast runs the forecasting experiment.
func RunForecast(ctx context.Context, p *ForecastParams, env *experiment.Env) (*experiment.Result, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	d := p.Detectors
	x, err := DetectorFlows(ctx, p.L, p.Density, p.Vmax, p.P, d, p.Spacing, p.Period, p.Rows, p.Warmup, splitmix(env.Seed, 0))
	if err != nil {
		return nil, err
	}
	all := forecast.NewBlock(x, d)
	nTrain := int(p.TrainFrac * float64(p.Rows))
	train := all.Slice(0, nTrain)
	std := forecast.Std(train)
	for j, s := range std {
		if !(s > 0) {
			return nil, fmt.Errorf("detector %d has a constant training flow (free flow or a frozen jam): change density or p", j)
		}
	}
	models := append([]ModelSpec{{Name: "persistence"}, {Name: "mean"}}, p.Models...)
	hmax := 0
	for _, h := range p.Horizons {
		hmax = max(hmax, h)
	}
	res := &experiment.Result{Title: "Forecasting detector flows on the NaSch ring"}
	nr := experiment.Table{Title: "NRMSE by horizon (RMSE / training std, averaged over detectors)", Columns: []string{"model"}}
	ma := experiment.Table{Title: "MAE by horizon (cars per period)", Columns: []string{"model"}}
	for _, h := range p.Horizons {
		nr.Columns = append(nr.Columns, fmt.Sprintf("h = %d", h))
		ma.Columns = append(ma.Columns, fmt.Sprintf("h = %d", h))
	}
	plot := experiment.Plot{Kind: experiment.Line, Title: "Forecast NRMSE against horizon", XLabel: "horizon (periods)", YLabel: "NRMSE"}
	hx := make([]float64, len(p.Horizons))
	for i, h := range p.Horizons {
		hx[i] = float64(h)
	}
	nrmse := map[string][]float64{}
	for im, ms := range models {
		env.Progress(im, len(models))
		f, err := fitModel(ctx, ms, splitmix(env.Seed, 10+im), train)
		if err != nil {
			return nil, err
		}
		cl := f.ContextLen()
		se := make([]float64, len(p.Horizons))
		ae := make([]float64, len(p.Horizons))
		cnt := 0
		for o := max(nTrain, cl); o+hmax <= p.Rows; o += p.Stride {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			pred, err := predictSafe(f, all.Slice(o-cl, o), hmax)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", ms.Name, err)
			}
			for ih, h := range p.Horizons {
				for j := 0; j < d; j++ {
					e := pred.X[(h-1)*d+j] - all.X[(o+h-1)*d+j]
					se[ih] += e * e / (std[j] * std[j])
					ae[ih] += math.Abs(e)
				}
			}
			cnt++
		}
		rowN, rowM := []any{ms.Name}, []any{ms.Name}
		ys := make([]float64, len(p.Horizons))
		for ih := range p.Horizons {
			ys[ih] = math.Sqrt(se[ih] / float64(cnt*d))
			rowN = append(rowN, ys[ih])
			rowM = append(rowM, ae[ih]/float64(cnt*d))
			res.Metric(fmt.Sprintf("nrmse_%s_h%d", ms.Name, p.Horizons[ih]), ys[ih])
			res.Metric(fmt.Sprintf("mae_%s_h%d", ms.Name, p.Horizons[ih]), ae[ih]/float64(cnt*d))
		}
		nrmse[ms.Name] = ys
		nr.AddRow(rowN...)
		ma.AddRow(rowM...)
		s := experiment.NewSeries(ms.Name, hx, ys)
		s.Marker = true
		s.Dash = ms.Name == "persistence" || ms.Name == "mean"
		plot.Series = append(plot.Series, s)
	}
	env.Progress(len(models), len(models))
	skill := experiment.Table{Title: "Skill 1 − NRMSE/NRMSE(best baseline) (positive: beats both persistence and the mean)", Columns: nr.Columns}
	best, bestSkill := "", math.Inf(-1)
	for _, ms := range p.Models {
		row := []any{ms.Name}
		for ih := range p.Horizons {
			b := math.Min(nrmse["persistence"][ih], nrmse["mean"][ih])
			s := 1 - nrmse[ms.Name][ih]/b
			row = append(row, s)
			res.Metric(fmt.Sprintf("skill_%s_h%d", ms.Name, p.Horizons[ih]), s)
			if ih == 0 && s > bestSkill {
				best, bestSkill = ms.Name, s
			}
		}
		skill.AddRow(row...)
	}
	res.Metric("best_skill_h1", bestSkill)
	res.Tables = append(res.Tables, nr, ma, skill)
	res.Plots = append(res.Plots, plot)
	// The series itself (first detector), for a look.
	ts := make([]float64, p.Rows)
	for r := range ts {
		ts[r] = x[r*d]
	}
	res.Plots = append(res.Plots, experiment.Plot{Kind: experiment.Line, Title: "Flow at detector 0", XLabel: "period", YLabel: "cars per period",
		Series: []experiment.Series{experiment.NewSeries("detector 0", nil, ts)}, VLines: []experiment.Ref{{At: experiment.Float(nTrain), Label: "train | test"}}})
	res.Summary = fmt.Sprintf("Ring L = %d, ρ = %g, vmax = %d, p = %g; %d detectors %d cells apart, flows per %d steps, %d rows (%d train). "+
		"Best model at the shortest horizon: %s (skill %.3g).", p.L, p.Density, p.Vmax, p.P, d, p.Spacing, p.Period, p.Rows, nTrain, best, bestSkill)
	res.Notes = append(res.Notes, "Forecasts roll out autonomously from each origin of the test part (every stride rows) using each model's context length; errors are normalised by the training standard deviation of each detector.",
		"The flow of a ring at fixed density fluctuates around its mean: most of the variance is noise, so skill over the mean is expected to be small; what is predictable is the passage of jams between neighbouring detectors.")
	return res, nil
}
