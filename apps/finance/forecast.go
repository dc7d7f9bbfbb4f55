package finance

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/emergo/emergo/experiment"
	fin "github.com/emergo/emergo/finance"
	"github.com/emergo/emergo/forecast"
	"github.com/emergo/emergo/foundation"
)

// Registry models fitted to r² can predict variances ≤ 0 or near 0, which
// QLIKE and VaR cannot use: such a forecast of day t is raised to
// max(varFloor, floorShare·s²_t), s²_t the rolling mean of r² over the
// hist_window days before t (known at t).
const (
	varFloor   = 1e-10
	floorShare = 0.1
)

// volModel is one walk-forward volatility forecaster.
type volModel struct {
	name    string
	v       *fin.VolForecast
	clamped int // forecasts raised to varFloor
}

// retModel is one walk-forward return forecaster.
type retModel struct {
	name    string
	pred    []float64 // forecasts of days Window..n−1
	decide  func(r []float64) ([]float64, error)
	dec     []float64
	causal  string
	factory fin.Factory
}

// ReturnScore summarises one-step return forecasts over the test days.
type ReturnScore struct {
	// MSERatio is Σ(r − f)² / Σ r², the mean squared error relative to
	// the zero forecast; R2 = 1 − MSERatio is the out-of-sample R² of
	// Campbell & Thompson (2008) against a zero benchmark.
	MSERatio, R2 float64
	// DirAcc is the fraction of days with r ≠ 0 on which f·r > 0.
	DirAcc float64
	// LongShare is the fraction of days with f > 0.
	LongShare float64
}

// ScoreReturns scores the forecasts f of the returns r (same length).
func ScoreReturns(r, f []float64) ReturnScore {
	var se, s0 float64
	var hit, nz, long int
	for i, v := range r {
		e := v - f[i]
		se += e * e
		s0 += v * v
		if v != 0 {
			nz++
			if f[i]*v > 0 {
				hit++
			}
		}
		if f[i] > 0 {
			long++
		}
	}
	s := ReturnScore{MSERatio: se / s0, DirAcc: float64(hit) / float64(nz), LongShare: float64(long) / float64(len(r))}
	s.R2 = 1 - s.MSERatio
	return s
}

// QLIKE returns the mean QLIKE loss ln h + r²/h of the variance
// forecasts h of the returns r (Patton 2011's robust loss, up to a
// constant that does not depend on h).
//
// Reference: Patton, A. J. (2011). Volatility forecast comparison using
// imperfect volatility proxies. J. Econometrics 160, 246-256.
func QLIKE(r, h []float64) float64 {
	s := 0.0
	for i, v := range r {
		s += math.Log(h[i]) + v*v/h[i]
	}
	return s / float64(len(r))
}

// flooredVol turns walk-forward variance forecasts fc (of days fc.Start
// on) into a volatility model named name, raising each forecast below
// max(varFloor, floorShare·s²_t) to it, s_t the rolling volatility roll
// of the same day (known at t), and counting the raised ones.
func flooredVol(name string, fc *fin.Forecasts, roll *fin.VolForecast) *volModel {
	vm := &volModel{name: name, v: &fin.VolForecast{Start: fc.Start, Sigma: make([]float64, fc.Len())}}
	for i, h := range fc.Pred {
		if floor := max(varFloor, floorShare*roll.Sigma[i]*roll.Sigma[i]); !(h >= floor) {
			h = floor
			vm.clamped++
		}
		vm.v.Sigma[i] = math.Sqrt(h)
	}
	return vm
}

// EWMAVol returns the RiskMetrics EWMA volatility forecasts of days
// start..n−1: σ²_0 = mean of r[:start]², σ²_{t+1} = λσ²_t + (1−λ)r_t², so
// that σ_t uses r[:t] only (for t ≥ start, r[:start] ⊂ r[:t]).
//
// Reference: J.P. Morgan/Reuters (1996). RiskMetrics — Technical
// Document, 4th ed., §5.2.
func EWMAVol(r []float64, start int, lambda float64) *fin.VolForecast {
	s2 := 0.0
	for _, v := range r[:start] {
		s2 += v * v
	}
	s2 /= float64(start)
	v := &fin.VolForecast{Start: start, Sigma: make([]float64, len(r)-start)}
	for t := 0; t < len(r); t++ {
		if t >= start {
			v.Sigma[t-start] = math.Sqrt(s2)
		}
		s2 = lambda*s2 + (1-lambda)*r[t]*r[t]
	}
	return v
}

// RollingVol returns the volatility forecasts √(mean of r[t−w:t]²) of
// days start..n−1 (start ≥ w).
func RollingVol(r []float64, start, w int) *fin.VolForecast {
	v := &fin.VolForecast{Start: start, Sigma: make([]float64, len(r)-start)}
	s := 0.0
	for _, x := range r[start-w : start] {
		s += x * x
	}
	for t := start; t < len(r); t++ {
		v.Sigma[t-start] = math.Sqrt(s / float64(w))
		s += r[t]*r[t] - r[t-w]*r[t-w]
	}
	return v
}

// RunForecast computes the "finance-forecast" experiment.
func RunForecast(ctx context.Context, p *ForecastParams, env *experiment.Env) (*experiment.Result, error) {
	if env == nil {
		env = experiment.NewEnv(0)
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	r, dates, err := SP500()
	if err != nil {
		return nil, err
	}
	if p.Days > 0 {
		r, dates = r[:p.Days], dates[:p.Days]
	}
	n, W := len(r), p.Window
	test := r[W:]
	nvar := 0
	if p.VarModel != nil {
		nvar = 1
	}
	nfm := 0
	if p.Foundation != nil {
		nfm = 4 + len(p.Foundation.Modes)*(1+p.CausalCuts)
	}
	total := 2 + nvar + len(p.Models)*(1+p.CausalCuts) + nfm + 1
	done := 0
	step := func() { done++; env.Progress(done, total) }
	env.Progress(0, total)

	// The foundation model, loaded or pretrained first (3 progress units).
	var fm *foundation.Model
	var fmDesc string
	if p.Foundation != nil {
		base := done
		fm, fmDesc, err = foundationModel(ctx, p.Foundation, env.Seed, func(f float64) { env.Progress(base+int(3*f), total) })
		if err != nil {
			return nil, err
		}
		if fm.ContextLen() > W {
			return nil, bad("foundation.model", p.Foundation.Model, fmt.Sprintf("its context %d is longer than window = %d", fm.ContextLen(), W))
		}
		done = base + 3
	}

	// Volatility forecasts.
	gopt := fin.GARCHWalkOptions{Window: W, Refit: p.Refit, Start: W}
	vn, err := fin.GARCHWalkForward(ctx, r, &gopt)
	if err != nil {
		return nil, fmt.Errorf("GARCH-normal walk-forward: %w", err)
	}
	step()
	gopt.GARCH = fin.GARCHOptions{StudentT: true, Mean: true}
	vt, err := fin.GARCHWalkForward(ctx, r, &gopt)
	if err != nil {
		return nil, fmt.Errorf("GARCH-t walk-forward: %w", err)
	}
	step()
	vols := []*volModel{
		{name: "GARCH(1,1) normal", v: vn},
		{name: "GARCH(1,1) Student-t, μ", v: vt},
		{name: fmt.Sprintf("EWMA λ=%g", p.EWMALambda), v: EWMAVol(r, W, p.EWMALambda)},
		{name: fmt.Sprintf("rolling variance (%d d)", p.HistWindow), v: RollingVol(r, W, p.HistWindow)},
	}
	wopt := &fin.WalkForwardOptions{Window: W, Refit: p.Refit, Start: W}
	if p.VarModel != nil {
		sq := make([]float64, n)
		for i, v := range r {
			sq[i] = v * v
		}
		fc, err := fin.WalkForward(ctx, sq, fin.ModelFactory(p.VarModel.Model, forecast.Spec{Hyper: p.VarModel.Hyper, Seed: splitmix(env.Seed, 1000)}), wopt)
		if err != nil {
			return nil, fmt.Errorf("var_model %s: %w", p.VarModel.Label, err)
		}
		vols = append(vols, flooredVol(p.VarModel.Label, fc, RollingVol(r, W, p.HistWindow)))
		step()
	}
	if fm != nil {
		vm, err := foundationVol(ctx, fm, r, W, p.HistWindow, p.Foundation.RVWindow)
		if err != nil {
			return nil, err
		}
		vols = append(vols, vm)
		step()
	}

	// Return forecasts.
	type retSpec struct {
		label   string
		factory fin.Factory
		opt     *fin.WalkForwardOptions
	}
	var specs []retSpec
	for i, m := range p.Models {
		specs = append(specs, retSpec{m.Label, fin.ModelFactory(m.Model, forecast.Spec{Hyper: m.Hyper, Seed: splitmix(env.Seed, i)}), wopt})
	}
	if fm != nil {
		for i, mode := range p.Foundation.Modes {
			o := &fin.WalkForwardOptions{Window: W, Refit: p.Foundation.Refit, Start: W}
			if mode == foundation.ModeZeroShot {
				o.Refit = n // nothing to refit
			}
			specs = append(specs, retSpec{modeLabel(mode), foundationFactory(fm, mode, p.Foundation.AdaptSteps, splitmix(env.Seed, 3000+i)), o})
		}
	}
	var rets []*retModel
	for _, m := range specs {
		factory, opt := m.factory, m.opt
		rm := &retModel{name: m.label, factory: factory}
		rm.decide = func(rr []float64) ([]float64, error) {
			fc, err := fin.WalkForward(ctx, rr, factory, opt)
			if err != nil {
				return nil, err
			}
			return fin.DecisionsFromForecasts(fc, len(rr), fin.SignalRule{})
		}
		fc, err := fin.WalkForward(ctx, r, factory, opt)
		if err != nil {
			return nil, fmt.Errorf("model %s: %w", m.label, err)
		}
		rm.pred = fc.Pred
		if rm.dec, err = fin.DecisionsFromForecasts(fc, n, fin.SignalRule{}); err != nil {
			return nil, fmt.Errorf("model %s: %w", m.label, err)
		}
		step()
		rm.causal = "not checked"
		if p.CausalCuts > 0 {
			cuts := make([]int, p.CausalCuts)
			for j := range cuts {
				cuts[j] = W + (n-W)*(j+1)/(p.CausalCuts+1)
			}
			if err := fin.CheckCausal(r, rm.decide, cuts); err != nil {
				if ctx.Err() != nil {
					return nil, ctx.Err()
				}
				rm.causal = "FAILED: " + err.Error()
			} else {
				rm.causal = fmt.Sprintf("passed (%d cuts)", p.CausalCuts)
			}
			done += p.CausalCuts - 1
			step()
		}
		rets = append(rets, rm)
	}
	// The GARCH-t constant mean is a return forecast too.
	gmu := &retModel{name: "GARCH-t mean μ", pred: vt.Mu, causal: "causal by construction (GARCHWalkForward)"}
	{
		fc := &fin.Forecasts{Model: "garch-mu", Start: W, Pred: vt.Mu, Used: make([]int, len(vt.Mu))}
		for i := range fc.Used {
			fc.Used[i] = W + i
		}
		if gmu.dec, err = fin.DecisionsFromForecasts(fc, n, fin.SignalRule{}); err != nil {
			return nil, err
		}
	}
	rets = append(rets, gmu)

	res := &experiment.Result{Title: "S&P 500: walk-forward return, volatility and risk forecasts, and trading backtests"}
	res.Summary = fmt.Sprintf("Test days %d-%d (%s to %s, %d days); every model is refitted every %d days on the trailing %d days and forecasts day t from r[:t] only. "+
		"Strategies pay %g bps per unit turnover.", W, n-1, dates[W].Format("2006-01-02"), dates[n-1].Format("2006-01-02"), n-W, p.Refit, W, p.CostBps)

	// Return forecast table.
	up := ScoreReturns(test, ones(len(test)))
	rt := experiment.Table{Title: "Return forecasts (one day ahead)",
		Caption: fmt.Sprintf("MSE/zero = Σ(r − f)²/Σr², the error relative to forecasting 0 (below 1 beats it); OOS R² = 1 − MSE/zero (Campbell & Thompson 2008). "+
			"Directional accuracy: share of non-zero-return days with f·r > 0; an always-long forecast scores the up-day share, %.3f.", up.DirAcc),
		Columns: []string{"model", "MSE / zero", "OOS R² (%)", "directional accuracy", "share of f > 0"}}
	rt.AddRow("zero forecast", 1.0, 0.0, "—", 0.0)
	for _, m := range rets {
		s := ScoreReturns(test, m.pred)
		rt.AddRow(m.name, s.MSERatio, 100*s.R2, s.DirAcc, s.LongShare)
		k := slug(m.name)
		res.Metric("ret_"+k+"_mse_ratio", s.MSERatio)
		res.Metric("ret_"+k+"_dir_acc", s.DirAcc)
	}
	res.Metric("up_day_share", up.DirAcc)
	res.Tables = append(res.Tables, rt)

	// Volatility table.
	var qref float64
	vt2 := experiment.Table{Title: "Variance forecasts (one day ahead)",
		Caption: "QLIKE = mean of ln σ̂²_t + r_t²/σ̂²_t (Patton 2011; lower is better, robust to the noise of the r² proxy); Δ is the difference to GARCH-normal. " +
			"MSE ratio = Σ(r² − σ̂²)² relative to that of GARCH-normal. Mean σ̂ annualised by √252.",
		Columns: []string{"model", "QLIKE", "Δ QLIKE vs GARCH-normal", "MSE(r², σ̂²) / GARCH-normal", "mean σ̂ (annual)", "forecasts floored"}}
	var mseRef float64
	var qlikes []float64
	for i, vm := range vols {
		h := make([]float64, len(vm.v.Sigma))
		var se, sig float64
		for j, s := range vm.v.Sigma {
			h[j] = s * s
			e := test[j]*test[j] - h[j]
			se += e * e
			sig += s
		}
		q := QLIKE(test, h)
		qlikes = append(qlikes, q)
		if i == 0 {
			qref, mseRef = q, se
		}
		vt2.AddRow(vm.name, q, q-qref, se/mseRef, math.Sqrt(fin.TradingDays)*sig/float64(len(h)), vm.clamped)
		res.Metric("vol_"+slug(vm.name)+"_qlike", q)
	}
	res.Tables = append(res.Tables, vt2)

	// VaR / ES backtests.
	vr := experiment.Table{Title: "Value-at-risk and expected-shortfall backtests",
		Caption: "Exceedance: r_t < −VaR_t. Kupiec: unconditional coverage LR (χ²₁); Christoffersen: independence of hits LR (χ²₁) and conditional coverage " +
			"LR_uc + LR_ind (χ²₂); p-values in brackets, small p rejects. ES ratio = realised mean loss on hit days / forecast ES (1 when calibrated). " +
			"Volatility models use the normal law except GARCH-t, which uses its fitted Student-t.",
		Columns: []string{"method", "level", "exceedances (expected)", "rate", "Kupiec LR (p)", "indep. LR (p)", "cond. cov. LR (p)", "ES ratio"}}
	for _, lv := range p.Levels {
		h, err := fin.HistoricalVaR(r, p.HistWindow, lv)
		if err != nil {
			return nil, err
		}
		h = h.Slice(W, n)
		h.Method = fmt.Sprintf("historical simulation (%d d)", p.HistWindow)
		rfs := []*fin.RiskForecast{h}
		for _, vm := range vols {
			rf, err := fin.VolatilityVaR(vm.v, lv, fin.Normal)
			if err != nil {
				return nil, fmt.Errorf("VaR of %s: %w", vm.name, err)
			}
			rf.Method = vm.name
			rfs = append(rfs, rf)
		}
		for _, rf := range rfs {
			c, err := fin.BacktestVaR(r, rf)
			if err != nil {
				return nil, fmt.Errorf("VaR backtest of %s: %w", rf.Method, err)
			}
			vr.AddRow(rf.Method, fmt.Sprintf("%g%%", 100*lv), fmt.Sprintf("%d (%.0f)", c.Exceedances, c.Expected), fmt.Sprintf("%.2f%%", 100*c.Rate),
				fmt.Sprintf("%.2f (%.3g)", c.LRuc, c.PUC), fmt.Sprintf("%.2f (%.3g)", c.LRind, c.PInd), fmt.Sprintf("%.2f (%.3g)", c.LRcc, c.PCC), c.ESRatio)
			k := fmt.Sprintf("var%g_%s", math.Round(100*lv), slug(rf.Method))
			res.Metric(k+"_rate", c.Rate)
			res.Metric(k+"_kupiec_p", c.PUC)
			res.Metric(k+"_christoffersen_cc_p", c.PCC)
		}
	}
	res.Tables = append(res.Tables, vr)

	// Strategies.
	timing, err := fin.VolatilityTiming(vn, n, p.TimingLookback, p.TimingQuantile)
	if err != nil {
		return nil, err
	}
	type strat struct {
		name, causal string
		d            []float64
	}
	strats := []strat{{"buy-and-hold", "—", ones(n)}}
	for _, m := range rets {
		strats = append(strats, strat{m.name + ", long/flat", m.causal, m.dec})
	}
	strats = append(strats, strat{fmt.Sprintf("GARCH volatility timing (σ̂ ≤ q%g of %d d)", p.TimingQuantile, p.TimingLookback), "causal by construction (GARCHWalkForward)", timing})
	st := experiment.Table{Title: "Long/flat strategies against buy-and-hold",
		Caption: fmt.Sprintf("Days %d-%d; long when the forecast of tomorrow's return is positive, else flat (no shorting, no leverage, zero rate on cash). "+
			"Costs %g bps per unit turnover; \"Sharpe at 0 bps\" repeats the run without costs. Causality: finance.CheckCausal alters the returns after cut days and "+
			"checks that no earlier decision moves.", W, n-1, p.CostBps),
		Columns: []string{"strategy", "annual return", "annual vol", "Sharpe", "Sharpe at 0 bps", "max drawdown", "turnover / yr", "exposure", "causality check"}}
	eq := experiment.Plot{Kind: experiment.Line, Title: fmt.Sprintf("Equity curves after %g bps costs", p.CostBps),
		Caption: "Growth of 1 invested at the first test day; log scale.", XLabel: "year", YLabel: "equity", LogY: true}
	stride := max(1, (n-W)/800)
	for _, s := range strats {
		b, err := fin.Backtest(r, s.d, &fin.BacktestOptions{CostBps: p.CostBps, From: W})
		if err != nil {
			return nil, fmt.Errorf("backtest %s: %w", s.name, err)
		}
		b0, err := fin.Backtest(r, s.d, &fin.BacktestOptions{From: W})
		if err != nil {
			return nil, fmt.Errorf("backtest %s: %w", s.name, err)
		}
		q := b.Strategy
		st.AddRow(s.name, fmt.Sprintf("%.2f%%", 100*q.AnnReturn), fmt.Sprintf("%.2f%%", 100*q.AnnVol), q.Sharpe, b0.Strategy.Sharpe,
			fmt.Sprintf("%.1f%%", 100*q.MaxDrawdown), q.Turnover, q.Exposure, s.causal)
		k := "strat_" + slug(s.name)
		res.Metric(k+"_sharpe", q.Sharpe)
		res.Metric(k+"_max_drawdown", q.MaxDrawdown)
		var x, y []float64
		for i := 0; i < len(b.Equity); i += stride {
			x = append(x, decimalYear(dates[b.From+i]))
			y = append(y, b.Equity[i])
		}
		ser := experiment.NewSeries(s.name, x, y)
		ser.Dash = s.name == "buy-and-hold"
		eq.Series = append(eq.Series, ser)
	}
	res.Tables = append(res.Tables, st)

	// Volatility forecasts over time.
	vp := experiment.Plot{Kind: experiment.Line, Title: "Volatility forecasts (annualised)",
		Caption: "One-day-ahead σ̂·√252 of each volatility model over the test days (points every few days).",
		XLabel:  "year", YLabel: "σ̂ (annual)"}
	for _, vm := range vols {
		var x, y []float64
		for i := 0; i < len(vm.v.Sigma); i += stride {
			x = append(x, decimalYear(dates[vm.v.Start+i]))
			y = append(y, math.Sqrt(fin.TradingDays)*vm.v.Sigma[i])
		}
		vp.Series = append(vp.Series, experiment.NewSeries(vm.name, x, y))
	}
	res.Plots = append(res.Plots, eq, vp)

	years := float64(n-W) / fin.TradingDays
	res.Notes = append(res.Notes, volNote(vols, qlikes, p.HistWindow))
	for _, vm := range vols[4:] {
		if vm.clamped > 0 {
			res.Notes = append(res.Notes, fmt.Sprintf("%s: %d of %d variance forecasts were below %g× the rolling variance and were raised to it (QLIKE needs σ̂² > 0).",
				vm.name, vm.clamped, n-W, floorShare))
		}
	}
	if fm != nil {
		res.Notes = append(res.Notes, foundationNote(p.Foundation, fmDesc, fm.ContextLen()))
		var bad []string
		for _, m := range rets {
			if s := ScoreReturns(test, m.pred); strings.HasPrefix(m.name, "foundation") && s.MSERatio > 1.2 {
				bad = append(bad, fmt.Sprintf("%s %.2f×", m.name, s.MSERatio))
			}
		}
		if len(bad) > 0 {
			res.Notes = append(res.Notes, fmt.Sprintf("Foundation return forecasts, MSE relative to the zero forecast: %s. A model pretrained on deterministic chaotic flows "+
				"reads structure into the noise of daily returns and extrapolates it, as persistence does (%.2f×); fine-tuning on the trailing window "+
				"does not teach it that the best forecast of noise is its mean.", strings.Join(bad, ", "), ScoreReturns(test, r[W-1:n-1]).MSERatio))
		}
	}
	res.Notes = append(res.Notes,
		"No look-ahead: every forecast of day t is made by a model fitted on the trailing window before its refit day and given r[:t] only "+
			"(finance.WalkForward / GARCHWalkForward); decisions made at the close of day t are held over day t+1 (finance.Backtest).",
		"Daily index returns are close to unpredictable in the mean: an out-of-sample R² near zero or negative and a directional accuracy near the up-day share "+
			"are the expected outcome (Welch & Goyal 2008), not a defect of the models. "+
			fmt.Sprintf("Sharpe differences below about %.2f are within sampling error: the standard error of an annualised Sharpe ratio over T = %.1f years is about √(1/T) = %.2f (Lo 2002).", 2*math.Sqrt(1/years), years, math.Sqrt(1/years)),
		"One S&P 500 path and one set of hyperparameters (not tuned on the test period, but also not searched): a strategy's rank here is "+
			"not evidence that it would rank so elsewhere. Costs are proportional only (no spread widening in crises, no borrowing, no taxes).",
		"Regime changes and drift detection on the same series (Lehman 2008, COVID-19 2020) belong to the finance-regimes experiment (package finance; also adapt-scenarios, scenario sp500-2008-2020).",
	)
	env.Progress(total, total)
	return res, nil
}

func ones(n int) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = 1
	}
	return x
}

// volNote ranks the variance forecasters by QLIKE.
func volNote(vols []*volModel, q []float64, hw int) string {
	idx := make([]int, len(q))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return q[idx[a]] < q[idx[b]] })
	names := make([]string, len(idx))
	for i, j := range idx {
		names[i] = fmt.Sprintf("%s (%.3f)", vols[j].name, q[j])
	}
	return fmt.Sprintf("Volatility, unlike the mean, is forecastable. By QLIKE (lower is better) the ranking is: %s. "+
		"The rolling %d-day variance reacts late to volatility bursts, which also shows as clustered VaR exceedances (small independence p).",
		strings.Join(names, " < "), hw)
}
