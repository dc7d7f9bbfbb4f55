// Package finance applies the toolkit to financial return series: the
// stylized facts of returns (fat tails, volatility clustering, leverage,
// aggregational Gaussianity) measured alike on observed data and on the
// agent-based markets of system/market; GARCH(1,1) estimation by maximum
// likelihood with walk-forward volatility forecasts; value-at-risk and
// expected shortfall with their coverage backtests (Kupiec,
// Christoffersen); and trading backtests of forecast-driven signals with
// transaction costs, fed by a walk-forward driver for any
// forecast.Forecaster.
//
// The package registers the study experiment "finance-regimes"
// (RunRegimes): drift detection (adapt's Page-Hinkley and ADWIN) on the
// one-step errors of frozen and online (RLS) forecasters of the S&P 500
// around the 2008 and 2020 crises. The stylized-facts and forecasting
// experiments are registered by apps/finance.
//
// Conventions:
//   - Returns are daily log returns r_t = ln(P_t/P_{t−1}) in a []float64
//     indexed by trading day t = 0, 1, ..., n−1 (data.Load("sp500-returns")
//     gives them); inputs are never modified.
//   - No look-ahead, by construction. A forecast of day t is made with
//     r[:t] only: VolForecast, RiskForecast and Forecasts index their
//     values by target day (value i is for day Start+i) and the
//     walk-forward drivers (GARCHWalkForward, WalkForward) give a model
//     r[:t] only (WalkForward as copies), recording in Forecasts.Used how many
//     observations each forecast saw. Trading decisions are indexed by
//     decision day: decisions[t] is the position taken at the close of
//     day t, with information r[:t+1], and Backtest holds it over day
//     t+1. CheckCausal detects a decision rule that peeks ahead by
//     perturbing the future.
//   - Risk figures are losses, positive numbers: VaR_t at level p
//     (0.95, 0.99) satisfies P(r_t < −VaR_t) = 1 − p, and an exceedance
//     is r_t < −VaR_t.
//   - Annualisation uses 252 trading days (TradingDays).
//   - Errors name the problem (function, argument, value); panics are
//     reserved for programmer misuse.
//
// References used throughout:
//
//	Cont, R. (2001). Empirical properties of asset returns: stylized
//	  facts and statistical issues. Quantitative Finance 1, 223-236.
//	Bollerslev, T. (1986). Generalized autoregressive conditional
//	  heteroskedasticity. J. Econometrics 31, 307-327.
//	Christoffersen, P. F. (1998). Evaluating interval forecasts.
//	  International Economic Review 39, 841-862.
//	McNeil, A. J., Frey, R. & Embrechts, P. (2015). Quantitative Risk
//	  Management, 2nd ed. Princeton University Press.
package finance
