package finance

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/emergo/emergo/forecast"
)

// TestFinanceTables prints the Markdown tables of docs/FINANCE.md,
// measured on the shipped S&P 500 returns. It runs only without -short
// and with EMERGO_FINANCE_TABLES=1 (it takes a few seconds):
//
//	EMERGO_FINANCE_TABLES=1 go test ./finance -run TestFinanceTables -v
func TestFinanceTables(t *testing.T) {
	if testing.Short() || os.Getenv("EMERGO_FINANCE_TABLES") != "1" {
		t.Skip("set EMERGO_FINANCE_TABLES=1 (and no -short) to print the tables of docs/FINANCE.md")
	}
	if err := writeTables(context.Background(), os.Stdout, sp500Returns(t)); err != nil {
		t.Fatal(err)
	}
}

// Settings of the tables, stated in docs/FINANCE.md.
const (
	tabWindow = 1000 // walk-forward training window and first test day
	tabRefit  = 20   // refit interval (days)
	tabCost   = 5.0  // transaction cost (bps per unit turnover)
	tabSeed   = 1
)

func writeTables(ctx context.Context, w io.Writer, r []float64) error {
	n := len(r)
	// 1. Stylized facts: S&P 500 against the Lux-Marchesi market and a
	// GARCH(1,1) with the S&P estimates.
	g, err := FitGARCH(r, nil)
	if err != nil {
		return err
	}
	lmShort, err := SimulateReturns(ctx, "LuxMarchesi", n, &SimulateOptions{Seed: tabSeed, Transient: 1000})
	if err != nil {
		return err
	}
	lmLong, err := SimulateReturns(ctx, "LuxMarchesi", 20000, &SimulateOptions{Seed: tabSeed, Transient: 1000})
	if err != nil {
		return err
	}
	gs, err := SimulateReturns(ctx, "GARCH", n, &SimulateOptions{Seed: tabSeed, Transient: 1000,
		Params: map[string]float64{"omega": g.Params.Omega, "alpha": g.Params.Alpha, "beta": g.Params.Beta}})
	if err != nil {
		return err
	}
	cols := []struct {
		name string
		r    []float64
	}{
		{"S&P 500", r},
		{fmt.Sprintf("Lux-Marchesi (n=%d)", n), lmShort},
		{"Lux-Marchesi (n=20000)", lmLong},
		{fmt.Sprintf("GARCH(1,1) S&P fit (n=%d)", n), gs},
	}
	facts := make([]*Facts, len(cols))
	for i, c := range cols {
		if facts[i], err = StylizedFacts(c.r, nil); err != nil {
			return fmt.Errorf("%s: %w", c.name, err)
		}
	}
	fmt.Fprintf(w, "### Stylized facts\n\n| statistic |")
	for _, c := range cols {
		fmt.Fprintf(w, " %s |", c.name)
	}
	fmt.Fprintf(w, "\n|---|%s\n", strings.Repeat("---|", len(cols)))
	row := func(name string, f func(*Facts) string) {
		fmt.Fprintf(w, "| %s |", name)
		for _, x := range facts {
			fmt.Fprintf(w, " %s |", f(x))
		}
		fmt.Fprintln(w)
	}
	row("n", func(f *Facts) string { return fmt.Sprint(f.N) })
	row("mean", func(f *Facts) string { return fmt.Sprintf("%.2e", f.Mean) })
	row("sd", func(f *Facts) string { return fmt.Sprintf("%.4f", f.SD) })
	row("skewness", func(f *Facts) string { return fmt.Sprintf("%.2f", f.Skewness) })
	row("excess kurtosis", func(f *Facts) string { return fmt.Sprintf("%.1f", f.ExcessKurtosis) })
	row("tail index, CSN (± SE)", func(f *Facts) string { return fmt.Sprintf("%.2f ± %.2f", f.TailIndex, f.TailIndexSE) })
	row("CSN xmin / tail size", func(f *Facts) string {
		return fmt.Sprintf("%.4f / %d", f.PowerLaw.Xmin, f.PowerLaw.NTail)
	})
	row("tail index, Hill (k = 5%)", func(f *Facts) string {
		return fmt.Sprintf("%.2f ± %.2f (k=%d)", f.Hill.TailIndex, f.Hill.Sigma, f.Hill.K)
	})
	row("acf r, lag 1", func(f *Facts) string { return fmt.Sprintf("%.3f", f.ACF[0]) })
	row("max abs acf r, lags 2-20", func(f *Facts) string {
		m := 0.0
		for _, v := range f.ACF[1:] {
			m = max(m, math.Abs(v))
		}
		return fmt.Sprintf("%.3f", m)
	})
	row("acf abs r, lags 1 / 5 / 20", func(f *Facts) string {
		return fmt.Sprintf("%.3f / %.3f / %.3f", f.ACFAbs[0], f.ACFAbs[4], f.ACFAbs[19])
	})
	row("abs r lags above Bartlett band (of 20)", func(f *Facts) string {
		k := 0
		for i, v := range f.ACFAbs {
			if v > f.BandAbs[i] {
				k++
			}
		}
		return fmt.Sprint(k)
	})
	row("Ljung-Box Q(20): r / abs r", func(f *Facts) string { return fmt.Sprintf("%.0f / %.0f", f.LjungBox, f.LjungBoxAbs) })
	row("excess kurtosis at 1 / 5 / 20 / 60 days", func(f *Facts) string {
		return fmt.Sprintf("%.1f / %.1f / %.1f / %.1f", f.AggKurtosis[0], f.AggKurtosis[1], f.AggKurtosis[2], f.AggKurtosis[3])
	})
	row("leverage L(1) / mean L(1..20)", func(f *Facts) string {
		var m float64
		for _, v := range f.Leverage {
			m += v / float64(len(f.Leverage))
		}
		return fmt.Sprintf("%.3f / %.3f", f.Leverage[0], m)
	})
	fmt.Fprintf(w, "\nWhite-noise band ±%.3f (n = %d); leverage band ±%.3f.\n\n", facts[0].WhiteNoiseBand, n, facts[0].WhiteNoiseBand)

	// 2. GARCH estimates on the full sample.
	fmt.Fprintf(w, "### GARCH(1,1) estimates, S&P 500 %d days\n\n", n)
	fmt.Fprintln(w, "| model | ω (SE) | α (SE, robust SE) | β (SE, robust SE) | α+β (SE) | μ (SE) | ν (SE) | half-life (days) | annual vol | log L | AIC | converged |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|---|---|")
	for _, m := range []struct {
		name string
		o    GARCHOptions
	}{
		{"normal, μ = 0", GARCHOptions{}},
		{"normal, μ", GARCHOptions{Mean: true}},
		{"normal, μ, variance targeting", GARCHOptions{Mean: true, VarianceTargeting: true}},
		{"Student-t, μ", GARCHOptions{Mean: true, StudentT: true}},
	} {
		f, err := FitGARCH(r, &m.o)
		if err != nil {
			return err
		}
		p, s, rs := f.Params, f.SE, f.RobustSE
		mu, nu := "—", "—"
		if m.o.Mean {
			mu = fmt.Sprintf("%.2e (%.1e)", p.Mu, s.Mu)
		}
		if m.o.StudentT {
			nu = fmt.Sprintf("%.2f (%.2f)", p.Nu, s.Nu)
		}
		fmt.Fprintf(w, "| %s | %.3g (%.2g) | %.4f (%.4f, %.4f) | %.4f (%.4f, %.4f) | %.4f (%.4f) | %s | %s | %.0f | %.3f | %.1f | %.1f | %v |\n",
			m.name, p.Omega, s.Omega, p.Alpha, s.Alpha, rs.Alpha, p.Beta, s.Beta, rs.Beta, p.Persistence(), f.PersistenceSE(),
			mu, nu, p.HalfLife(), math.Sqrt(TradingDays*p.UnconditionalVariance()), f.LogLik, f.AIC, f.Converged)
	}

	// 3. VaR backtests over the same test days.
	vn, err := GARCHWalkForward(ctx, r, &GARCHWalkOptions{Window: tabWindow, Refit: tabRefit})
	if err != nil {
		return err
	}
	vt, err := GARCHWalkForward(ctx, r, &GARCHWalkOptions{Window: tabWindow, Refit: tabRefit, GARCH: GARCHOptions{StudentT: true, Mean: true}})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\n### VaR backtests, days %d-%d (%d days)\n\n", tabWindow, n-1, n-tabWindow)
	fmt.Fprintln(w, "| method | level | exceedances (expected) | rate | Kupiec LR (p) | Christoffersen ind. LR (p) | cond. coverage LR (p) | ES ratio |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|")
	for _, lv := range []float64{0.95, 0.99} {
		var rfs []*RiskForecast
		for _, win := range []int{250, 500, 1000} {
			h, err := HistoricalVaR(r, win, lv)
			if err != nil {
				return err
			}
			rfs = append(rfs, h.Slice(tabWindow, n))
		}
		gn, err := VolatilityVaR(vn, lv, Normal)
		if err != nil {
			return err
		}
		gn.Method = "GARCH-normal"
		gt, err := VolatilityVaR(vt, lv, Normal) // vt.Nu carries the fitted ν
		if err != nil {
			return err
		}
		gt.Method = "GARCH-t"
		rfs = append(rfs, gn, gt)
		for _, rf := range rfs {
			c, err := BacktestVaR(r, rf)
			if err != nil {
				return err
			}
			fmt.Fprintf(w, "| %s | %.0f%% | %d (%.0f) | %.2f%% | %.2f (%.3g) | %.2f (%.3g) | %.2f (%.3g) | %.2f |\n",
				rf.Method, 100*lv, c.Exceedances, c.Expected, 100*c.Rate, c.LRuc, c.PUC, c.LRind, c.PInd, c.LRcc, c.PCC, c.ESRatio)
		}
	}

	// 4. Strategies from day tabWindow on, 5 bps.
	fmt.Fprintf(w, "\n### Strategies, days %d-%d, %.0f bps per unit turnover\n\n", tabWindow, n-1, tabCost)
	fmt.Fprintln(w, "| strategy | annual return | annual vol | Sharpe | Sharpe at 0 bps | max drawdown | turnover/yr | hit rate | exposure |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|")
	wopt := &WalkForwardOptions{Window: tabWindow, Refit: tabRefit}
	type strat struct {
		name string
		d    []float64
	}
	var strats []strat
	for _, m := range []struct {
		label, model string
		hyper        map[string]float64
	}{
		{"ridge AR(5)", "ridge", map[string]float64{"lags": 5, "alpha": 1}},
		{"persistence (sign of yesterday)", "persistence", nil},
		{"trailing mean", "mean", nil},
	} {
		fc, err := WalkForward(ctx, r, ModelFactory(m.model, forecast.Spec{Hyper: m.hyper}), wopt)
		if err != nil {
			return err
		}
		for _, rule := range []SignalRule{{}, {Short: true}} {
			d, err := DecisionsFromForecasts(fc, n, rule)
			if err != nil {
				return err
			}
			kind := "long/flat"
			if rule.Short {
				kind = "long/short"
			}
			strats = append(strats, strat{m.label + ", " + kind, d})
		}
	}
	vtm, err := VolatilityTiming(vn, n, TradingDays, 0.5)
	if err != nil {
		return err
	}
	strats = append(strats, strat{"GARCH volatility timing (σ ≤ 1-year median)", vtm})
	bh := make([]float64, n)
	for i := range bh {
		bh[i] = 1
	}
	strats = append([]strat{{"buy-and-hold", bh}}, strats...)
	for _, s := range strats {
		b, err := Backtest(r, s.d, &BacktestOptions{CostBps: tabCost, From: tabWindow})
		if err != nil {
			return err
		}
		b0, err := Backtest(r, s.d, &BacktestOptions{From: tabWindow})
		if err != nil {
			return err
		}
		p := b.Strategy
		fmt.Fprintf(w, "| %s | %.2f%% | %.2f%% | %.2f | %.2f | %.1f%% | %.1f | %.3f | %.2f |\n",
			s.name, 100*p.AnnReturn, 100*p.AnnVol, p.Sharpe, b0.Strategy.Sharpe, 100*p.MaxDrawdown, p.Turnover, p.HitRate, p.Exposure)
	}
	return nil
}
