// Package market holds the "market-homogenization" experiment: an agent-based
// market whose traders forecast the next return with models of the
// forecast zoo (ridge autoregression, NVAR, echo state network) or with
// rules (trend following, fundamentalism), run with diverse models and
// with a growing share s of traders on one shared model fitted on the same
// data, to measure the systemic-risk side of homogenization: volatility,
// fat tails and crash frequency as the forecasters converge.
//
// The market. At step t every model forecasts ĝ of the next log return from
// past returns only (refitted every K steps on its rolling window; the
// fundamentalist sees the mispricing f − p). Trader i holds the target
// position xᵢ = L·tanh(β ĝᵢ/σ̂) — the mean-variance demand of a myopic
// investor (Brock & Hommes 1998) saturated by the position limit L, σ̂ an
// exponentially weighted volatility — and sends the order ωᵢ = xᵢ(t) −
// xᵢ(t−1). A market maker takes the other side of the net order and moves
// the log price by Farmer's (2002) linear market impact; value investors
// outside the population close a share φ of the mispricing and noise
// traders add Gaussian order flow:
//
//	r(t+1) = (λ/N)·Σᵢ ωᵢ + φ·(f(t) − p(t)) + σₙ ξ(t),   f(t+1) = f(t) + σ_f η(t).
//
// Every order executes at the new price, so positions and cash summed over
// all participants and the market maker stay zero (Books.Imbalance).
// Without model traders, p − f is the AR(1) m(t+1) = (1−φ)m(t) + σₙξ − σ_fη,
// and with φ = 0 the returns are i.i.d. N(0, σₙ²): the exact cases the
// tests check.
//
// The experiment. For each shared fraction s and run k, the diverse traders'
// families (cycled), lags, windows, penalties and gains are drawn from run
// k's seed; a seeded random subset of round(sN) traders is switched to the
// shared model. Run k of every arm shares the noise and fundamental path
// (common random numbers). Measured over the scored steps: volatility,
// excess kurtosis, the Hill (1975) tail index and the Clauset-Shalizi-Newman
// (2009) exponent of |r|, crash frequencies (r < −kσₙ and r < −k·sd(r)),
// maximum drawdown, mean |p − f|, and the homogenization of outcomes among
// tracked traders: mean pairwise forecast-error and forecast correlations
// (homogenization.ErrorCorrelation), the fraction of steps every trader got
// the direction wrong and the overdispersion of the failure count
// (homogenization.SystemicFailure, Toups et al. 2023). Homogeneous vs
// diverse is tested by Welch's t test and by the exact paired sign-flip
// permutation test.
//
// References:
//
//	Brock, W. A. & Hommes, C. H. (1998). Heterogeneous beliefs and routes
//	  to chaos in a simple asset pricing model. J. Econ. Dyn. Control 22,
//	  1235-1274.
//	Farmer, J. D. (2002). Market force, ecology and evolution. Industrial
//	  and Corporate Change 11, 895-953.
//	Beja, A. & Goldman, M. B. (1980). On the dynamic behavior of prices in
//	  disequilibrium. J. Finance 35, 235-248.
//	LeBaron, B. (2006). Agent-based computational finance. Handbook of
//	  Computational Economics 2, 1187-1233.
//	Khandani, A. E. & Lo, A. W. (2007). What happened to the quants in
//	  August 2007? J. Investment Management 5, 5-54.
//	Bommasani, R. et al. (2022). Picking on the same person: does
//	  algorithmic monoculture lead to outcome homogenization? NeurIPS.
//	Toups, C. et al. (2023). Ecosystem-level analysis of deployed machine
//	  learning reveals homogeneous outcomes. NeurIPS.
//	Hill, B. M. (1975). A simple general approach to inference about the
//	  tail of a distribution. Ann. Statist. 3, 1163-1174.
//	Clauset, A., Shalizi, C. R. & Newman, M. E. J. (2009). Power-law
//	  distributions in empirical data. SIAM Review 51, 661-703.
//	Welch, B. L. (1947). Biometrika 34, 28-35.
package market
