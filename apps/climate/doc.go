// Package climate is the climate application of emergo. It registers two
// experiments:
//
//   - "climate-lorenz96" (Lorenz96Params, RunLorenz96): the Lorenz (1996)
//     model dx_i/dt = (x_{i+1} − x_{i−2})x_{i−1} − x_i + F with N sites
//     (default 40) at several forcings F. Per F: the largest Lyapunov
//     exponent λ1 from the tangent dynamics of the catalogue flow's
//     analytic Jacobian (package chaos; Benettin et al. 1980), and the
//     forecast skill of zoo models (package forecast) trained at that F —
//     the valid prediction time in model time and in Lyapunov times
//     (Vlachas et al. 2020) and the NRMSE over the first Lyapunov time.
//   - "climate-series" (SeriesParams, RunSeries): the Mauna Loa CO2 record
//     (monthly) and the global temperature anomaly (yearly), forecast by
//     zoo models trained on levels or (seasonal) differences, against the
//     seasonal naive forecast and a seasonal + linear-trend regression, by
//     rolling-origin evaluation (RollingOrigin; Tashman 2000) scored with
//     MASE (Hyndman & Koehler 2006) and RMSE at several horizons.
//
// Conventions: series are []float64 in time order, one value per row;
// a forecast made at origin t reads x[:t] only (no look-ahead), and its
// value for lead h is compared with x[t+h−1]. Horizons and periods are in
// rows (months or years); Lorenz-96 times are in model time units.
// Randomness (reservoirs, network initialisation, minibatches) comes from
// the experiment seed through per-model streams; the Lorenz-96 system
// itself is deterministic (x_i = F, x_0 += 0.01). Bad parameters give
// errors naming the parameter.
//
// References:
//
//	Lorenz, E. N. (1996). Predictability: a problem partly solved. Proc.
//	  Seminar on Predictability, Vol. 1, ECMWF, Reading, 1-18.
//	Karimi, A. & Paul, M. R. (2010). Extensive chaos in the Lorenz-96
//	  model. Chaos 20, 043105.
//	Benettin, G., Galgani, L., Giorgilli, A. & Strelcyn, J.-M. (1980).
//	  Lyapunov characteristic exponents for smooth dynamical systems and
//	  for Hamiltonian systems. Meccanica 15, 9-30.
//	Vlachas, P. R. et al. (2020). Backpropagation algorithms and reservoir
//	  computing in recurrent neural networks for the forecasting of
//	  complex spatiotemporal dynamics. Neural Netw. 126, 191-217.
//	Pathak, J., Hunt, B., Girvan, M., Lu, Z. & Ott, E. (2018). Model-free
//	  prediction of large spatiotemporally chaotic systems from data: a
//	  reservoir computing approach. Phys. Rev. Lett. 120, 024102.
//	Gauthier, D. J., Bollt, E., Griffith, A. & Barbosa, W. A. S. (2021).
//	  Next generation reservoir computing. Nat. Commun. 12, 5564.
//	Hyndman, R. J. & Koehler, A. B. (2006). Another look at measures of
//	  forecast accuracy. Int. J. Forecast. 22, 679-688.
//	Tashman, L. J. (2000). Out-of-sample tests of forecasting accuracy: an
//	  analysis and review. Int. J. Forecast. 16, 437-450.
//	Hyndman, R. J. & Athanasopoulos, G. (2021). Forecasting: Principles
//	  and Practice, 3rd ed. OTexts.
package climate
