// Package finance holds the finance study experiments of emergo, built on
// the finance library (github.com/emergo/emergo/finance, imported as fin):
//
//   - "finance-facts" measures the stylized facts of daily returns (Cont
//     2001) on the shipped S&P 500 (2000-2020) and on agent-based markets
//     of the system catalogue (Lux-Marchesi, Cont-Bouchaud) side by side:
//     tail index of |r| by the Clauset-Shalizi-Newman power-law fit and by
//     Hill, excess kurtosis, the autocorrelations of r and |r| (volatility
//     clustering), excess kurtosis against the aggregation scale
//     (aggregational Gaussianity) and the leverage correlation
//     corr(r_t, |r_{t+k}|).
//   - "finance-forecast" makes walk-forward one-day forecasts of S&P 500
//     returns and volatility with no look-ahead: GARCH(1,1) by maximum
//     likelihood (normal, Student-t) against EWMA, a rolling variance and
//     forecast-registry models; scores return forecasts by MSE against the
//     zero forecast and directional accuracy, variance forecasts by QLIKE;
//     backtests VaR/ES at 95/99% (Kupiec, Christoffersen); and trades a
//     long/flat signal from each forecaster with proportional costs
//     against buy-and-hold, each return strategy verified by
//     fin.CheckCausal.
//
// Regime changes of the S&P 500 and drift detection are the subject of
// package finance's "finance-regimes" (and adapt/suite's "adapt-scenarios",
// scenario sp500-2008-2020) and are not repeated here. docs/apps/FINANCE-STUDY.md gives the measured tables.
//
// References:
//
//	Cont, R. (2001). Empirical properties of asset returns: stylized facts
//	  and statistical issues. Quantitative Finance 1, 223-236.
//	Lux, T. & Marchesi, M. (2000). Volatility clustering in financial
//	  markets: a microsimulation of interacting agents. Int. J. Theor.
//	  Appl. Finance 3, 675-702.
//	Cont, R. & Bouchaud, J.-P. (2000). Herd behavior and aggregate
//	  fluctuations in financial markets. Macroeconomic Dynamics 4, 170-196.
//	Clauset, A., Shalizi, C. R. & Newman, M. E. J. (2009). Power-law
//	  distributions in empirical data. SIAM Review 51, 661-703.
//	Bollerslev, T. (1986). Generalized autoregressive conditional
//	  heteroskedasticity. J. Econometrics 31, 307-327.
//	Patton, A. J. (2011). Volatility forecast comparison using imperfect
//	  volatility proxies. J. Econometrics 160, 246-256.
//	Kupiec, P. H. (1995). Techniques for verifying the accuracy of risk
//	  measurement models. J. Derivatives 3(2), 73-84.
//	Christoffersen, P. F. (1998). Evaluating interval forecasts. Int.
//	  Econ. Rev. 39, 841-862.
//	Campbell, J. Y. & Thompson, S. B. (2008). Predicting excess stock
//	  returns out of sample. Rev. Financial Studies 21, 1509-1531.
//	Welch, I. & Goyal, A. (2008). A comprehensive look at the empirical
//	  performance of equity premium prediction. Rev. Financial Studies 21,
//	  1455-1508.
//	Lo, A. W. (2002). The statistics of Sharpe ratios. Financial Analysts
//	  J. 58(4), 36-52.
package finance
