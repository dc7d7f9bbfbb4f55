package markets

import (
	"context"
	"fmt"
	"math"
	"sync"

	"github.com/emergo/emergo/experiment"
)

// KindName is the registered name of the experiment.
const KindName = "market-homogenization"

// Params are the parameters of the "market-homogenization" experiment.
type Params struct {
	// Traders is the number of model traders (default 100).
	Traders int `json:"traders"`
	// Steps per run after the noise-only start, and the Warmup dropped
	// from the statistics (defaults 4000 and 1000).
	Steps  int `json:"steps"`
	Warmup int `json:"warmup"`
	// Fractions are the shares of traders on the shared model, one arm
	// each (default 0, 0.25, 0.5, 0.75, 1); 0 and 1 are required, the
	// diverse and the homogeneous market.
	Fractions []float64 `json:"fractions"`
	// Seeds is the number of runs per arm (default 8). Run k of every arm
	// uses the same noise, fundamental path and traders' own models.
	Seeds int `json:"seeds"`
	// SharedModel is the model every shared trader uses (default a ridge
	// AR(5) on 250 rows, alpha 0.01).
	SharedModel ModelSpec `json:"shared_model"`
	// Market: impact λ (0.01), reversion φ (0.02), noise σₙ (0.01),
	// fundamental volatility σ_f (0.005), demand intensity β (2).
	Impact    float64 `json:"impact"`
	Reversion float64 `json:"reversion"`
	Noise     float64 `json:"noise"`
	FundVol   float64 `json:"fundamental_volatility"`
	Beta      float64 `json:"beta"`
	// Refit is the number of steps between refits (default 20); VolWindow
	// the rows of the traders' volatility estimate (default 50).
	Refit     int `json:"refit"`
	VolWindow int `json:"vol_window"`
	// CrashK defines a crash: a return below −CrashK·σₙ (default 3).
	CrashK float64 `json:"crash_k"`
	// Track is the number of traders whose forecasts are recorded for the
	// error and forecast correlations (default 20).
	Track int `json:"track"`
	// Workers run markets in parallel (default 2).
	Workers int `json:"workers"`
}

// DefaultParams returns the defaults.
func DefaultParams() *Params {
	return &Params{Traders: 100, Steps: 4000, Warmup: 1000, Fractions: []float64{0, 0.25, 0.5, 0.75, 1}, Seeds: 8,
		SharedModel: ModelSpec{Family: FamilyAR, Lags: 5, Window: 250, Alpha: 0.01},
		Impact:      0.01, Reversion: 0.02, Noise: 0.01, FundVol: 0.005, Beta: 2, Refit: 20, VolWindow: 50, CrashK: 3, Track: 20, Workers: 2}
}

// Validate checks the parameters, naming the first bad one.
func (p *Params) Validate() error {
	switch {
	case p.Traders < 2 || p.Traders > 10000:
		return fmt.Errorf("traders: %d is not in [2, 10000]", p.Traders)
	case p.Steps < 200:
		return fmt.Errorf("steps: %d is too few (at least 200)", p.Steps)
	case p.Warmup < 0 || p.Warmup > p.Steps-100:
		return fmt.Errorf("warmup: %d must be in [0, steps−100]", p.Warmup)
	case p.Seeds < 2:
		return fmt.Errorf("seeds: %d runs per arm cannot be compared (at least 2)", p.Seeds)
	case !(p.Impact >= 0) || !(p.Reversion >= 0 && p.Reversion < 1) || !(p.Noise > 0) || !(p.FundVol >= 0) || !(p.Beta > 0):
		return fmt.Errorf("impact, reversion (in [0, 1)), noise, fundamental_volatility and beta must be non-negative numbers, noise and beta positive")
	case p.Refit < 1:
		return fmt.Errorf("refit: %d must be at least 1", p.Refit)
	case p.VolWindow < 5:
		return fmt.Errorf("vol_window: %d must be at least 5", p.VolWindow)
	case !(p.CrashK > 0):
		return fmt.Errorf("crash_k: %v must be positive", p.CrashK)
	case p.Track < 2 || p.Track > p.Traders:
		return fmt.Errorf("track: %d must be in [2, traders]", p.Track)
	case p.Workers < 1:
		return fmt.Errorf("workers: %d must be at least 1", p.Workers)
	}
	has0, has1 := false, false
	for i, f := range p.Fractions {
		if !(f >= 0 && f <= 1) {
			return fmt.Errorf("fractions[%d]: %v is not in [0, 1]", i, f)
		}
		has0 = has0 || f == 0
		has1 = has1 || f == 1
	}
	if !has0 || !has1 {
		return fmt.Errorf("fractions: must include 0 (diverse) and 1 (homogeneous)")
	}
	return p.SharedModel.validate("shared_model")
}

func init() {
	experiment.Register(experiment.Kind{
		Name:  KindName,
		Title: "Market homogenization: traders on diverse vs shared forecasting models",
		Description: "An agent-based market whose traders trade on their own forecasters' predictions, run with diverse models " +
			"and with a growing share of traders on one shared model: volatility, fat tails, crash frequency, drawdowns, " +
			"mispricing and the correlation of the traders' forecasts and errors against the shared fraction, with paired " +
			"permutation tests of the homogeneous against the diverse market.",
		Params:   func() any { return DefaultParams() },
		Validate: func(p any) error { return p.(*Params).Validate() },
		Quick: func(p any) {
			q := p.(*Params)
			q.Traders, q.Steps, q.Warmup, q.Seeds = min(q.Traders, 30), min(q.Steps, 800), min(q.Warmup, 200), min(q.Seeds, 3)
			q.Fractions = []float64{0, 1}
			q.Track = min(q.Track, 8)
		},
		Run: func(ctx context.Context, p any, env *experiment.Env) (*experiment.Result, error) {
			return RunExperiment(ctx, p.(*Params), env)
		},
	})
}

// metric names one statistic for tables and tests.
type metric struct {
	key, label string
	get        func(*Stats) float64
}

var metrics = []metric{
	{"volatility", "volatility", func(s *Stats) float64 { return s.Volatility }},
	{"excess_kurtosis", "excess kurtosis", func(s *Stats) float64 { return s.Kurtosis }},
	{"tail_index", "Hill tail index", func(s *Stats) float64 { return s.TailIndex }},
	{"crash_frequency", "crash frequency", func(s *Stats) float64 { return s.Crashes }},
	{"max_drawdown", "max drawdown", func(s *Stats) float64 { return s.Drawdown }},
	{"mispricing", "mean |p − f|", func(s *Stats) float64 { return s.Mispricing }},
	{"forecast_correlation", "forecast correlation", func(s *Stats) float64 { return s.PredCorr }},
	{"error_correlation", "error correlation", func(s *Stats) float64 { return s.ErrCorr }},
	{"demand_autocorrelation", "demand autocorrelation", func(s *Stats) float64 { return s.Herding }},
	{"forecast_mse", "forecast MSE / σₙ²", func(s *Stats) float64 { return s.ForecastMSE }},
}

// RunExperiment runs every arm and seed and builds the result.
func RunExperiment(ctx context.Context, p *Params, env *experiment.Env) (*experiment.Result, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	type job struct{ arm, seed int }
	na := len(p.Fractions)
	runs := make([][]*Run, na)
	for a := range runs {
		runs[a] = make([]*Run, p.Seeds)
	}
	jobs := make(chan job)
	var (
		mu       sync.Mutex
		done     int
		firstErr error
		wg       sync.WaitGroup
	)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for range p.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				r, err := Simulate(ctx, Config{Traders: p.Traders, Steps: p.Steps, Warmup: p.Warmup, Shared: p.Fractions[j.arm],
					SharedModel: p.SharedModel, Impact: p.Impact, Reversion: p.Reversion, Noise: p.Noise, FundVol: p.FundVol,
					Beta: p.Beta, Refit: p.Refit, VolWindow: p.VolWindow, CrashK: p.CrashK, Track: p.Track,
					Seed: env.Seed*7919 + uint64(j.seed)})
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = fmt.Errorf("arm %g, run %d: %w", p.Fractions[j.arm], j.seed, err)
					cancel()
				}
				runs[j.arm][j.seed] = r
				done++
				env.Progress(done, na*p.Seeds)
				mu.Unlock()
			}
		}()
	}
feed:
	for a := range na {
		for s := range p.Seeds {
			select {
			case jobs <- job{a, s}:
			case <-ctx.Done():
				break feed
			}
		}
	}
	close(jobs)
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return buildResult(p, env.Seed, runs), nil
}

func values(rs []*Run, m metric) []float64 {
	out := make([]float64, len(rs))
	for i, r := range rs {
		out[i] = m.get(&r.Stats)
	}
	return out
}

func buildResult(p *Params, seed uint64, runs [][]*Run) *experiment.Result {
	res := &experiment.Result{Title: "Market homogenization: traders on diverse vs shared forecasting models"}
	iDiv, iHom := 0, 0
	for a, f := range p.Fractions {
		if f == 0 {
			iDiv = a
		}
		if f == 1 {
			iHom = a
		}
	}
	arms := experiment.Table{Title: "Market statistics by share of traders on the shared model (mean ± sd over runs)",
		Columns: []string{"shared fraction"}}
	for _, m := range metrics {
		arms.Columns = append(arms.Columns, m.label)
	}
	for a, f := range p.Fractions {
		row := []any{fmt.Sprintf("%.2f", f)}
		for _, m := range metrics {
			v := values(runs[a], m)
			row = append(row, fmt.Sprintf("%.4g ± %.2g", mean(v), std(v)))
		}
		arms.AddRow(row...)
	}
	arms.Caption = fmt.Sprintf("%d traders, %d runs per arm (run k of every arm shares its noise, fundamental path and the traders' own models), "+
		"%d steps after %d warm-up steps. A crash is a return below −%g σₙ. Correlations are over %d tracked traders.",
		p.Traders, p.Seeds, p.Steps-p.Warmup, p.Warmup, p.CrashK, p.Track)
	test := experiment.Table{Title: "Homogeneous (all on the shared model) minus diverse, paired by run",
		Columns: []string{"statistic", "diverse", "homogeneous", "difference", "relative", "p (sign-flip)"}}
	for k, m := range metrics {
		dv, hv := values(runs[iDiv], m), values(runs[iHom], m)
		diff := make([]float64, len(dv))
		for i := range dv {
			diff[i] = hv[i] - dv[i]
		}
		pv := signFlipTest(diff, seed+uint64(k))
		test.AddRow(m.label, mean(dv), mean(hv), mean(diff), mean(diff)/math.Abs(mean(dv)), pv)
		res.Metric("diverse_"+m.key, mean(dv))
		res.Metric("homogeneous_"+m.key, mean(hv))
		res.Metric("p_"+m.key, pv)
	}
	test.Caption = "Two-sided paired sign-flip permutation test of a zero mean difference (exact for up to 16 runs)."
	res.Tables = append(res.Tables, arms, test)

	// Plots: statistics against the shared fraction (mean and ±1 sd).
	for _, key := range []string{"volatility", "crash_frequency", "excess_kurtosis", "forecast_correlation", "demand_autocorrelation", "mispricing"} {
		var m metric
		for _, mm := range metrics {
			if mm.key == key {
				m = mm
			}
		}
		mu, lo, hi := make([]float64, len(p.Fractions)), make([]float64, len(p.Fractions)), make([]float64, len(p.Fractions))
		for a := range p.Fractions {
			v := values(runs[a], m)
			mu[a], lo[a], hi[a] = mean(v), mean(v)-std(v), mean(v)+std(v)
		}
		mean := experiment.NewSeries("mean", p.Fractions, mu)
		mean.Marker = true
		lower, upper := experiment.NewSeries("−1 sd", p.Fractions, lo), experiment.NewSeries("+1 sd", p.Fractions, hi)
		lower.Dash, upper.Dash = true, true
		res.Plots = append(res.Plots, experiment.Plot{Kind: experiment.Line, Title: m.label + " vs shared fraction",
			XLabel: "fraction of traders on the shared model", YLabel: m.label, Series: []experiment.Series{mean, lower, upper},
			Caption: fmt.Sprintf("Mean over %d runs per arm with ±1 standard deviation.", p.Seeds)})
	}
	// A sample path per extreme arm (run 0), with the fundamental.
	d, h := runs[iDiv][0], runs[iHom][0]
	t := make([]float64, len(d.Price))
	for i := range t {
		t[i] = float64(i)
	}
	res.Plots = append(res.Plots, experiment.Plot{Kind: experiment.Line, Title: "Log price, run 1", XLabel: "step", YLabel: "log price",
		Series: []experiment.Series{experiment.NewSeries("diverse", t, d.Price), experiment.NewSeries("homogeneous", t, h.Price),
			{Name: "fundamental", X: experiment.Floats(t), Y: experiment.Floats(d.Fundamental), Dash: true}},
		VLines:  []experiment.Ref{{At: experiment.Float(d.Warmup), Label: "end of warm-up"}},
		Caption: "The same noise and fundamental path drive both markets; only the traders' models differ."})
	// Return distributions of the extreme arms (all runs pooled).
	pool := func(rs []*Run) []float64 {
		var out []float64
		for _, r := range rs {
			out = append(out, r.Returns[r.Warmup:]...)
		}
		return out
	}
	rd, rh := pool(runs[iDiv]), pool(runs[iHom])
	lo := math.Min(quantile(rd, 0.0005), quantile(rh, 0.0005))
	hi := math.Max(quantile(rd, 0.9995), quantile(rh, 0.9995))
	const nb = 40
	edges := make([]float64, nb+1)
	centres := make([]float64, nb)
	for i := range edges {
		edges[i] = lo + (hi-lo)*float64(i)/nb
	}
	for i := range centres {
		centres[i] = (edges[i] + edges[i+1]) / 2
	}
	hist := func(x []float64) []float64 {
		c := make([]float64, nb)
		for _, v := range x {
			if k := int((v - lo) / (hi - lo) * nb); k >= 0 && k < nb {
				c[k]++
			}
		}
		return c
	}
	res.Plots = append(res.Plots, experiment.Plot{Kind: experiment.Hist, Title: "Return distribution", XLabel: "return", YLabel: "count", LogY: true,
		Series:  []experiment.Series{experiment.NewSeries("diverse", edges, hist(rd)), {Name: "homogeneous", X: experiment.Floats(centres), Y: experiment.Floats(hist(rh)), Marker: true}},
		Caption: "Bars: the diverse market; line: the homogeneous one (all runs pooled, after the warm-up)."})

	v := func(key string, a int) float64 {
		for _, m := range metrics {
			if m.key == key {
				return mean(values(runs[a], m))
			}
		}
		return math.NaN()
	}
	res.Summary = fmt.Sprintf("All traders on one model vs diverse models: volatility %.4g vs %.4g, crash frequency %.3g vs %.3g, "+
		"forecast correlation %.2f vs %.2f, demand autocorrelation %.2f vs %.2f.",
		v("volatility", iHom), v("volatility", iDiv), v("crash_frequency", iHom), v("crash_frequency", iDiv),
		v("forecast_correlation", iHom), v("forecast_correlation", iDiv), v("demand_autocorrelation", iHom), v("demand_autocorrelation", iDiv))
	res.Notes = append(res.Notes,
		"Homogenization of forecasts is by construction at a shared fraction of 1 (every trader acts on one forecast); the question is what it does to the market.",
		"Error correlations are high in every arm because each error contains the same realised return; the forecast correlation isolates the agreement of the models.",
		"Returns in this stylised market have thin, not fat, tails at the default settings (negative excess kurtosis): the bounded tanh demand with a linear impact does not produce the fat tails of real markets, so tail statements here are about relative changes only.",
		"Read the p-values with the number of runs in mind; increase seeds for finer differences.")
	return res
}
