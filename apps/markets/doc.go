// Package markets holds the market-homogenization experiment: an
// agent-based market whose traders trade on the forecasts of their own
// models, run with diverse models and with a growing share of traders on
// one shared model, to measure the systemic-risk side of homogenization —
// whether the market's volatility, fat tails and crash frequency grow when
// its forecasters converge.
//
// The market. N traders each hold a forecaster of the next log return.
// At every step trader i turns its forecast ĝᵢ into a bounded demand
// dᵢ = tanh(β ĝᵢ / σ̂), with σ̂ the rolling standard deviation of returns
// (Brock & Hommes 1998's demand of a myopic mean-variance investor,
// saturated as by a position limit). A market maker moves the log price
// with the mean demand (Farmer 2002's linear market impact, Beja &
// Goldman 1980), value investors outside the model population pull it
// toward a fundamental value that follows a random walk, and noise
// traders add Gaussian order flow:
//
//	r(t+1) = λ·mean(dᵢ(t)) + φ·(f(t) − p(t)) + σₙ ξ(t),   f(t+1) = f(t) + σ_f η(t).
//
// Forecasters are refitted every K steps on a rolling window of past
// returns only (no look-ahead): autoregressions by ridge regression on
// standardised lags, quadratic-feature ridge models, and trend followers.
// In the "diverse" market every trader draws its own family, lags,
// window and penalty; a fraction s of the traders instead share one model
// (the same family, hyperparameters and data: the foundation-model
// setting of Bommasani et al. 2021), so that at s = 1 every trader acts on
// the same forecast.
//
// Measured per run after a warm-up: return volatility, excess kurtosis,
// the Hill tail index of |r|, the frequency of crashes (returns below
// −k·σₙ), the maximum drawdown, the mean mispricing |p − f|, the mean
// pairwise correlation of the traders' forecast errors (the
// homogenization of outcomes), and the mean demand's autocorrelation
// (herding). Arms are compared across seeds with the same seed per
// fraction (common random numbers for the noise and fundamental paths) by
// a paired sign-flip permutation test.
//
// References:
//
//	Beja, A. & Goldman, M. B. (1980). On the dynamic behavior of prices in
//	  disequilibrium. J. Finance 35, 235-248.
//	Brock, W. A. & Hommes, C. H. (1998). Heterogeneous beliefs and routes
//	  to chaos in a simple asset pricing model. J. Econ. Dyn. Control 22,
//	  1235-1274.
//	Farmer, J. D. (2002). Market force, ecology and evolution. Industrial
//	  and Corporate Change 11, 895-953.
//	LeBaron, B. (2006). Agent-based computational finance. Handbook of
//	  Computational Economics 2, 1187-1233.
//	Khandani, A. E. & Lo, A. W. (2007). What happened to the quants in
//	  August 2007? J. Investment Management 5, 5-54.
//	Bommasani, R. et al. (2021). On the opportunities and risks of
//	  foundation models. arXiv:2108.07258 (homogenization).
//	Bommasani, R. et al. (2022). Picking on the same person: does
//	  algorithmic monoculture lead to outcome homogenization? NeurIPS.
//	Toups, C. et al. (2023). Ecosystem-level analysis of deployed machine
//	  learning reveals homogeneous outcomes. NeurIPS.
//	Hill, B. M. (1975). A simple general approach to inference about the
//	  tail of a distribution. Ann. Statist. 3, 1163-1174.
package markets
