package climate

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/emergo/emergo/forecast"
)

var nan = math.NaN()

// Baseline labels.
const (
	SeasonalNaive = "seasonal-naive"
	SeasonalTrend = "seasonal+trend"
)

// SeasonalNaiveForecast returns the forecasts of x for the h steps after
// its end by the seasonal naive method of period m:
// x̂_{n+j} = x_{n+j−m·⌈j/m⌉} (m = 1: the naive forecast x̂ = x_n).
// x must hold at least m values.
//
// References:
//
//	Hyndman, R. J. & Athanasopoulos, G. (2021). Forecasting: Principles
//	  and Practice, 3rd ed. OTexts, Sect. 5.2.
func SeasonalNaiveForecast(x []float64, m, h int) []float64 {
	n := len(x)
	out := make([]float64, h)
	for j := 1; j <= h; j++ {
		k := (j + m - 1) / m
		out[j-1] = x[n+j-1-m*k]
	}
	return out
}

// SeasonalTrendForecast fits x_t = a + b·t + Σ_{k=1}^{m−1} s_k·[t mod m = k]
// by least squares to the last w values of x (all of them when w ≤ 0 or
// w > len(x)) and extrapolates it h steps: a linear trend plus a fixed
// seasonal profile (m = 1: a straight line). The season of a row is its
// index in x modulo m. It returns an error when the window holds fewer
// than m + 2 values.
//
// References:
//
//	Hyndman, R. J. & Athanasopoulos, G. (2021). Forecasting: Principles
//	  and Practice, 3rd ed. OTexts, Sect. 7.4 (trend and seasonal dummies).
func SeasonalTrendForecast(x []float64, m, w, h int) ([]float64, error) {
	n := len(x)
	if w <= 0 || w > n {
		w = n
	}
	p := m + 1 // intercept, slope, m−1 dummies
	if w < p+1 {
		return nil, fmt.Errorf("seasonal+trend needs at least %d values, got %d", p+1, w)
	}
	a := mat.NewDense(w, p, nil)
	y := mat.NewVecDense(w, nil)
	t0 := n - w
	scale := float64(w)
	row := func(t int, dst []float64) {
		clear(dst)
		dst[0] = 1
		dst[1] = float64(t-t0) / scale
		if k := t % m; k > 0 {
			dst[1+k] = 1
		}
	}
	buf := make([]float64, p)
	for i := range w {
		row(t0+i, buf)
		a.SetRow(i, buf)
		y.SetVec(i, x[t0+i])
	}
	var qr mat.QR
	qr.Factorize(a)
	var beta mat.VecDense
	if err := qr.SolveVecTo(&beta, false, y); err != nil {
		return nil, fmt.Errorf("seasonal+trend least squares: %w", err)
	}
	out := make([]float64, h)
	for j := range h {
		row(n+j, buf)
		var v float64
		for k, c := range buf {
			v += c * beta.AtVec(k)
		}
		out[j] = v
	}
	return out, nil
}

// lagOf is the number of leading values a transform drops.
func lagOf(tr string, m int) int {
	switch tr {
	case TransformDiff:
		return 1
	case TransformSDiff:
		return m
	}
	return 0
}

// Transform returns the series a model of the given transform sees:
// x itself ("level" or ""), x_t − x_{t−1} ("diff") or x_t − x_{t−m}
// ("sdiff"); value i of a differenced series belongs to time i + lag.
func Transform(x []float64, tr string, m int) []float64 {
	lag := lagOf(tr, m)
	if lag == 0 {
		return append([]float64(nil), x...)
	}
	if len(x) <= lag {
		return nil
	}
	out := make([]float64, len(x)-lag)
	for i := range out {
		out[i] = x[i+lag] - x[i]
	}
	return out
}

// Integrate turns forecasts p of the transformed series for the times
// n, n+1, … after the history x (n = len(x)) back into levels.
func Integrate(x, p []float64, tr string, m int) []float64 {
	out := make([]float64, len(p))
	lag := lagOf(tr, m)
	if lag == 0 {
		copy(out, p)
		return out
	}
	n := len(x)
	for j, v := range p {
		t := n + j - lag // the level this difference is taken from
		var base float64
		if t < n {
			base = x[t]
		} else {
			base = out[t-n]
		}
		out[j] = base + v
	}
	return out
}

// RollingOptions controls RollingOrigin.
type RollingOptions struct {
	// Period m of the seasonal baselines and of the MASE scale (1: none).
	Period int
	// Horizons are the lead times scored, in rows (each ≥ 1).
	Horizons []int
	// Origins is the number of forecast origins: the last Origins rows
	// that leave room for the longest horizon.
	Origins int
	// Refit is the number of origins between refits of the zoo models (a
	// model fitted at origin r forecasts from the origins r … r+Refit−1
	// with their own, observed contexts).
	Refit int
	// TrendWindow is the number of most recent rows the seasonal+trend
	// baseline is fitted to (0: all rows up to the origin).
	TrendWindow int
	// Seed seeds the zoo models (model i draws from its own stream).
	Seed uint64
	// Progress, when not nil, receives finished units out of a total.
	Progress func(done, total int)
}

// Method is the outcome of one forecasting method in a rolling-origin
// evaluation.
type Method struct {
	Label string
	// MASE and RMSE per horizon (aligned with RollingOptions.Horizons),
	// averaged over the origins.
	MASE, RMSE []float64
	// Fallbacks counts the origins whose forecast could not be made
	// (training failed or the rollout diverged) and was replaced by the
	// seasonal naive forecast.
	Fallbacks int
	// Forecasts[i][j] is the forecast made at origin i for lead j+1.
	Forecasts [][]float64
	// Err is the last training error, if any.
	Err error
}

// Evaluation is a rolling-origin evaluation.
type Evaluation struct {
	// Origins are the origin rows t (the forecast at t uses x[:t]).
	Origins  []int
	Horizons []int
	// Methods: the baselines first, then the zoo models in order.
	Methods []*Method
}

// RollingOrigin evaluates the seasonal naive and seasonal+trend baselines
// and the zoo models on x by rolling-origin (time-series cross-validation)
// forecasts: at each origin t the methods see x[:t] only, forecast the
// next max(Horizons) values, and each horizon h is scored on x[t+h−1].
// Zoo models are refitted on x[:t] (transformed) every Refit origins and
// otherwise keep their last fit, forecasting from the observed context
// ending at t; nothing after t is ever read, so there is no look-ahead.
//
// MASE divides the absolute error by the in-sample mean absolute error of
// the seasonal naive forecast on x[:t], (1/(t−m)) Σ_{i=m}^{t−1} |x_i − x_{i−m}|
// (Hyndman & Koehler 2006), so a MASE below 1 beats the one-step seasonal
// naive forecast in sample; longer horizons are harder, so the seasonal
// naive forecast itself exceeds 1 at long leads.
//
// References:
//
//	Tashman, L. J. (2000). Out-of-sample tests of forecasting accuracy:
//	  an analysis and review. Int. J. Forecast. 16, 437-450.
//	Hyndman, R. J. & Koehler, A. B. (2006). Another look at measures of
//	  forecast accuracy. Int. J. Forecast. 22, 679-688.
func RollingOrigin(ctx context.Context, x []float64, models []ModelSpec, opt RollingOptions) (*Evaluation, error) {
	m := max(opt.Period, 1)
	if len(opt.Horizons) == 0 {
		return nil, fmt.Errorf("rolling origin: no horizons")
	}
	hmax := 0
	for _, h := range opt.Horizons {
		if h < 1 {
			return nil, fmt.Errorf("rolling origin: horizon %d must be ≥ 1", h)
		}
		hmax = max(hmax, h)
	}
	refit := max(opt.Refit, 1)
	n := len(x)
	first := n - hmax - opt.Origins + 1
	if opt.Origins < 1 || first < 2*m+4 {
		return nil, fmt.Errorf("rolling origin: %d rows leave no room for %d origins and horizon %d (the first origin needs %d rows of history)",
			n, opt.Origins, hmax, 2*m+4)
	}
	for i, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("rolling origin: value %d is %v", i, v)
		}
	}
	ev := &Evaluation{Horizons: append([]int(nil), opt.Horizons...)}
	for i := range opt.Origins {
		ev.Origins = append(ev.Origins, first+i)
	}
	labels := []string{SeasonalNaive, SeasonalTrend}
	for _, ms := range models {
		labels = append(labels, ms.label())
	}
	for _, l := range labels {
		fc := make([][]float64, len(ev.Origins))
		ev.Methods = append(ev.Methods, &Method{Label: l, Forecasts: fc})
	}
	total := len(ev.Origins) * (1 + len(models))
	done := 0
	report := func() {
		done++
		if opt.Progress != nil {
			opt.Progress(done, total)
		}
	}
	// Baselines.
	for i, t := range ev.Origins {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		hist := x[:t]
		sn := SeasonalNaiveForecast(hist, m, hmax)
		ev.Methods[0].Forecasts[i] = sn
		st, err := SeasonalTrendForecast(hist, m, opt.TrendWindow, hmax)
		if err != nil {
			ev.Methods[1].Fallbacks++
			ev.Methods[1].Err = err
			st = sn
		}
		ev.Methods[1].Forecasts[i] = st
		report()
	}
	// Zoo models.
	for k, ms := range models {
		meth := ev.Methods[2+k]
		var model forecast.Forecaster
		for i, t := range ev.Origins {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			hist := x[:t]
			z := Transform(hist, ms.Transform, m)
			if i%refit == 0 {
				var err error
				model, err = fit(ctx, ms, splitmix(opt.Seed, k), forecast.NewBlock(z, 1))
				if err != nil {
					if ctx.Err() != nil {
						return nil, ctx.Err()
					}
					meth.Err = err
					model = nil
				}
			}
			var out []float64
			if model != nil && len(z) >= model.ContextLen() {
				c := forecast.NewBlock(z[len(z)-model.ContextLen():], 1)
				p, ok, err := predict(model, c, hmax)
				if err == nil && ok {
					out = Integrate(hist, p.X, ms.Transform, m)
				} else if err != nil {
					meth.Err = err
				}
			}
			if out == nil || !allFinite(out) {
				meth.Fallbacks++
				out = ev.Methods[0].Forecasts[i]
			}
			meth.Forecasts[i] = out
			report()
		}
	}
	// Scores.
	for _, meth := range ev.Methods {
		meth.MASE = make([]float64, len(opt.Horizons))
		meth.RMSE = make([]float64, len(opt.Horizons))
		for hi, h := range opt.Horizons {
			var sa, ss float64
			for i, t := range ev.Origins {
				e := meth.Forecasts[i][h-1] - x[t+h-1]
				sa += math.Abs(e) / naiveScale(x[:t], m)
				ss += e * e
			}
			no := float64(len(ev.Origins))
			meth.MASE[hi] = sa / no
			meth.RMSE[hi] = math.Sqrt(ss / no)
		}
	}
	return ev, nil
}

// naiveScale is the in-sample mean absolute error of the seasonal naive
// forecast of lag m on x.
func naiveScale(x []float64, m int) float64 {
	var s float64
	for i := m; i < len(x); i++ {
		s += math.Abs(x[i] - x[i-m])
	}
	return s / float64(len(x)-m)
}

func allFinite(x []float64) bool {
	for _, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}
