package finance

import (
	"fmt"
	"math"
	"slices"
)

// SignalRule maps a return forecast f to a position: +1 when
// f > Threshold, −1 when f < −Threshold and Short is set, else 0 (flat).
// The zero value is long/flat on the sign of the forecast.
type SignalRule struct {
	Threshold float64
	// Short allows short positions (long/short); otherwise long/flat.
	Short bool
}

// Position returns the position for forecast f.
func (s SignalRule) Position(f float64) float64 {
	switch {
	case f > s.Threshold:
		return 1
	case f < -s.Threshold && s.Short:
		return -1
	}
	return 0
}

// DecisionsFromForecasts turns one-step forecasts into decisions over n
// days, indexed by decision day: the forecast of day t (made with
// r[:t]) sets decisions[t−1], the position taken at the close of day
// t−1 and held over day t. Days without a forecast are flat. It returns
// an error wrapping ErrLookahead if a forecast of day t saw more than
// r[:t] (Used[i] > Start+i), and an error if the forecasts do not fit in
// n days.
func DecisionsFromForecasts(fc *Forecasts, n int, rule SignalRule) ([]float64, error) {
	const fn = "DecisionsFromForecasts"
	if fc.Start < 1 || fc.Start+len(fc.Pred) > n {
		return nil, fmt.Errorf("finance: %s: forecasts of days %d..%d do not fit %d days (the first forecast day must be ≥ 1)", fn, fc.Start, fc.Start+len(fc.Pred)-1, n)
	}
	if len(fc.Used) != len(fc.Pred) {
		return nil, fmt.Errorf("finance: %s: %d forecasts but %d Used records (the record of data seen is required)", fn, len(fc.Pred), len(fc.Used))
	}
	d := make([]float64, n)
	for i, p := range fc.Pred {
		t := fc.Start + i
		if fc.Used[i] > t {
			return nil, fmt.Errorf("finance: %s: the forecast of day %d used r[:%d], which includes day %d: %w", fn, t, fc.Used[i], t, ErrLookahead)
		}
		if math.IsNaN(p) {
			return nil, fmt.Errorf("finance: %s: the forecast of day %d is NaN", fn, t)
		}
		d[t-1] = rule.Position(p)
	}
	return d, nil
}

// VolatilityTiming returns decisions over n days that hold the asset
// (position 1) on day t when its volatility forecast σ_t is at most the
// q-quantile (lower empirical quantile, as in HistoricalVaR) of the
// last `lookback` forecasts σ_{t−lookback+1..t}, and stay flat otherwise
// or without enough forecasts: a volatility-managed rule (Moreira & Muir
// 2017) that needs no return forecast. The forecast of day t is known at
// the close of day t−1, so decisions[t−1] is set.
//
// Reference: Moreira, A. & Muir, T. (2017). Volatility-managed
// portfolios. J. Finance 72, 1611-1644.
func VolatilityTiming(v *VolForecast, n, lookback int, q float64) ([]float64, error) {
	const fn = "VolatilityTiming"
	if lookback < 1 || !(q > 0 && q <= 1) {
		return nil, fmt.Errorf("finance: %s: lookback %d must be positive and quantile %v in (0, 1]", fn, lookback, q)
	}
	if v.Start < 1 || v.Start+len(v.Sigma) > n {
		return nil, fmt.Errorf("finance: %s: forecasts of days %d..%d do not fit %d days (the first forecast day must be ≥ 1)", fn, v.Start, v.Start+len(v.Sigma)-1, n)
	}
	d := make([]float64, n)
	buf := make([]float64, lookback)
	k := max(1, int(math.Ceil(float64(lookback)*q-1e-9)))
	for i := lookback - 1; i < len(v.Sigma); i++ {
		copy(buf, v.Sigma[i-lookback+1:i+1])
		slices.Sort(buf)
		if v.Sigma[i] <= buf[k-1] {
			d[v.Start+i-1] = 1
		}
	}
	return d, nil
}

// BacktestOptions controls Backtest. The zero value charges no costs and
// evaluates days 1..n−1.
type BacktestOptions struct {
	// CostBps is the proportional transaction cost in basis points per
	// unit of turnover: a day on which the position changes by Δp costs
	// CostBps·10⁻⁴·|Δp| of capital.
	CostBps float64
	// From and To delimit the evaluated days [From, To) (0: 1 and n).
	// The strategy enters flat: the position before From is 0.
	From, To int
}

// Performance summarises a daily strategy-return series s_t.
type Performance struct {
	Days int
	// TotalReturn = ∏(1+s_t) − 1 and AnnReturn = (1+TotalReturn)^{252/Days} − 1
	// (compound annual growth).
	TotalReturn, AnnReturn float64
	// AnnVol = √252 · sd(s) with sd the sample standard deviation (n−1).
	AnnVol float64
	// Sharpe = √252 · mean(s)/sd(s), zero risk-free rate (NaN if sd = 0).
	Sharpe float64
	// MaxDrawdown = max_t (1 − E_t / max_{u≤t} E_u) on the equity curve
	// E_t = ∏_{u≤t} (1+s_u), E before the first day = 1.
	MaxDrawdown float64
	// Turnover is the mean daily |p_t − p_{t−1}| times 252 (annual
	// turnover); Costs the total cost paid, as a sum of daily returns.
	Turnover, Costs float64
	// HitRate is the fraction of invested days (p_t ≠ 0) with
	// p_t r_t > 0; Exposure the fraction of days invested.
	HitRate, Exposure float64
}

// Measure returns TotalReturn, AnnReturn, AnnVol, Sharpe and MaxDrawdown
// of the daily returns s (Days = len(s)); the position fields stay
// zero. It panics if s is empty.
//
// Reference: Sharpe, W. F. (1994). The Sharpe ratio. J. Portfolio
// Management 21(1), 49-58; Magdon-Ismail, M. & Atiya, A. F. (2004).
// Maximum drawdown. Risk 17(10), 99-102.
func Measure(s []float64) Performance {
	if len(s) == 0 {
		panic("finance: Measure of an empty return series")
	}
	n := float64(len(s))
	p := Performance{Days: len(s)}
	eq, peak := 1.0, 1.0
	var sum float64
	for _, v := range s {
		eq *= 1 + v
		peak = max(peak, eq)
		p.MaxDrawdown = max(p.MaxDrawdown, 1-eq/peak)
		sum += v
	}
	p.TotalReturn = eq - 1
	p.AnnReturn = math.Pow(eq, TradingDays/n) - 1
	mean := sum / n
	var ss float64
	for _, v := range s {
		ss += (v - mean) * (v - mean)
	}
	sd := math.NaN()
	if len(s) > 1 {
		sd = math.Sqrt(ss / (n - 1))
	}
	p.AnnVol = sd * math.Sqrt(TradingDays)
	p.Sharpe = math.NaN()
	if sd > 0 {
		p.Sharpe = mean / sd * math.Sqrt(TradingDays)
	}
	return p
}

// BacktestResult holds a backtest of a strategy and of buy-and-hold
// over the same days.
type BacktestResult struct {
	From, To          int
	Strategy, BuyHold Performance
	// Positions[i], Returns[i] and Equity[i] are p_t, s_t and E_t of day
	// t = From+i.
	Positions, Returns, Equity []float64
}

// Backtest runs the decisions on the log returns r with no look-ahead:
// decisions[t] is the position taken at the close of day t (using
// r[:t+1]) and is held over day t+1, so the position of day t is
// p_t = decisions[t−1]. A position earns p_t R_t with R_t = e^{r_t} − 1
// the simple return, and each change of position costs c|p_t − p_{t−1}|,
// c = CostBps·10⁻⁴:
//
//	s_t = p_t R_t − c |p_t − p_{t−1}|.
//
// Because of the shift, a decision that looks at the return it trades
// (decisions[t] = sign r_{t+1}) must be computed from future data, which
// CheckCausal detects; a decision from the same day's return
// (decisions[t] = sign r_t) is a legitimate, and here tested, momentum
// rule. Buy-and-hold (p_t = 1, entry cost charged on the first day) is
// measured over the same days. len(decisions) must equal len(r), and
// decisions must be finite.
func Backtest(r, decisions []float64, opt *BacktestOptions) (*BacktestResult, error) {
	var o BacktestOptions
	if opt != nil {
		o = *opt
	}
	const fn = "Backtest"
	n := len(r)
	if len(decisions) != n {
		return nil, fmt.Errorf("finance: %s: %d decisions for %d days (one decision per day, made at its close)", fn, len(decisions), n)
	}
	if o.From == 0 {
		o.From = 1
	}
	if o.To == 0 {
		o.To = n
	}
	if o.From < 1 || o.To > n || o.To-o.From < 2 {
		return nil, fmt.Errorf("finance: %s: evaluation days [%d, %d) must lie in [1, %d) and hold at least 2 days", fn, o.From, o.To, n)
	}
	if o.CostBps < 0 || math.IsNaN(o.CostBps) || math.IsInf(o.CostBps, 0) {
		return nil, fmt.Errorf("finance: %s: cost %v bps must be non-negative and finite", fn, o.CostBps)
	}
	if err := checkFinite(fn, "r", r); err != nil {
		return nil, err
	}
	if err := checkFinite(fn, "decisions", decisions); err != nil {
		return nil, err
	}
	c := o.CostBps * 1e-4
	m := o.To - o.From
	res := &BacktestResult{From: o.From, To: o.To, Positions: make([]float64, m), Returns: make([]float64, m), Equity: make([]float64, m)}
	bh := make([]float64, m)
	var prev, turn, cost float64
	var invested, hits int
	eq := 1.0
	for i := 0; i < m; i++ {
		t := o.From + i
		p := decisions[t-1]
		R := math.Expm1(r[t])
		dc := c * math.Abs(p-prev)
		s := p*R - dc
		turn += math.Abs(p - prev)
		cost += dc
		if p != 0 {
			invested++
			if p*R > 0 {
				hits++
			}
		}
		eq *= 1 + s
		res.Positions[i], res.Returns[i], res.Equity[i] = p, s, eq
		bh[i] = R
		prev = p
	}
	bh[0] -= c
	res.Strategy = Measure(res.Returns)
	res.Strategy.Turnover = turn / float64(m) * TradingDays
	res.Strategy.Costs = cost
	res.Strategy.Exposure = float64(invested) / float64(m)
	res.Strategy.HitRate = math.NaN()
	if invested > 0 {
		res.Strategy.HitRate = float64(hits) / float64(invested)
	}
	res.BuyHold = Measure(bh)
	res.BuyHold.Turnover = TradingDays / float64(m)
	res.BuyHold.Costs = c
	res.BuyHold.Exposure = 1
	hits = 0
	for i := 0; i < m; i++ {
		if r[o.From+i] > 0 {
			hits++
		}
	}
	res.BuyHold.HitRate = float64(hits) / float64(m)
	return res, nil
}
