// Package adapt studies forecasting models that keep learning on a
// stream whose dynamics change: online models, drift detectors, streams
// with known change points and their prequential evaluation.
//
// # Online models
//
// An Online model sees a stream one row at a time: Predict forecasts the
// next row from what has been observed, Observe reveals it (test then
// train). RLS is recursive least squares with exponential forgetting on a
// FeatureMap: Lags gives the delay taps of forecast's ridge (VAR) and,
// with monomials, of its NG-RC ("nvar"); ESNFeatures drives the reservoir
// of an echo state network trained in batch by forecast (only the readout
// is learnt online). With λ = 1 RLS reproduces the batch ridge solution
// exactly; with λ < 1 it tracks coefficients that change, and its Floor
// option keeps the inverse correlation matrix bounded (no covariance
// windup). Frozen runs any trained forecast.Forecaster step by step
// without updates, the baseline. NewModel builds the registered
// combinations (frozen-ridge, rls-esn, …) from a warm-up window.
//
// Online stochastic-gradient training of forecast's neural models is not
// provided: forecast.Neural exposes no single-step update (its training
// runs inside Fit), and this package does not modify nn.
//
// Conventions: rows are standardised column-wise with the statistics of
// a warm-up window (population standard deviation; a constant column is
// only centred); forecasts are returned in physical units. Missing
// values are NaN: every model carries the last observed value of a
// missing column forward as its input and does not learn from an
// incomplete row, RLS neither while its features still depend on one;
// Evaluate does not score it.
//
// # Drift detection
//
// A Detector watches a number stream: PageHinkley (Page 1954, Hinkley
// 1971, with the fading factor of Gama et al. 2013) tests for an increase
// of the mean; ADWIN (Bifet & Gavaldà 2007, ADWIN2 with exponential
// histograms and the variance-aware cut bound) keeps a window with no
// detectable change. On i.i.d. N(0, 1) values with a mean shift of 1,
// with the default settings, both detect the shift within 200 values in
// 100 of 100 seeded trials (mean delays: Page-Hinkley 113, ADWIN 47) and
// raised no false alarm in 200 000 stationary values.
//
// # Scenarios
//
// The wrappers Noisy (observation noise), Missing (missing rows), Drift
// (a catalogue parameter ramped linearly by rebuilding the system at each
// step) and Switch (one system, then another, optionally from the same
// state) are system.System values usable anywhere. A Scenario bundles a
// stream, its warm-up length and its change points; Scenarios lists the
// registered ones: Lorenz with noise switched on, with ρ ramped from 28
// into the periodic window at 150, with a jump of ρ, switched to Rössler,
// with missing rows, and the S&P 500 daily returns 2000-2020 with changes
// at the Lehman bankruptcy and the COVID-19 crash.
//
// # Evaluation
//
// Evaluate runs models over a scenario prequentially and summarises each
// around each change point: the mean normalised one-step error before and
// after (and its median after), the delay of the first alarm of a drift
// detector run on the model's standardised log errors, the false alarms,
// and the recovery time of the rolling error to within 20% of its
// pre-change level. Measured (8000 rows, seed 1, Page-Hinkley): after the
// ρ 28 → 60 jump the online NG-RC and ESN readouts have mean errors of
// about 10⁻³ of the attractor's standard deviation against 0.23 for the
// same models frozen; see the package tests for the asserted margins.
//
// References:
//
//	Haykin, S. (2014). Adaptive Filter Theory, 5th ed., Pearson, Ch. 10
//	  (recursive least squares).
//	Page, E. S. (1954). Continuous inspection schemes. Biometrika 41,
//	  100-115.
//	Hinkley, D. V. (1971). Inference about the change-point from
//	  cumulative sum tests. Biometrika 58, 509-523.
//	Bifet, A. & Gavaldà, R. (2007). Learning from time-changing data with
//	  adaptive windowing. Proc. SIAM Int. Conf. on Data Mining, 443-448.
//	Gama, J., Žliobaitė, I., Bifet, A., Pechenizkiy, M. & Bouchachia, A.
//	  (2014). A survey on concept drift adaptation. ACM Computing Surveys
//	  46, 44 (prequential evaluation, detection delay, false alarms).
//	Gama, J., Sebastião, R. & Rodrigues, P. P. (2013). On evaluating
//	  stream learning algorithms. Machine Learning 90, 317-346.
//	Gauthier, D. J., Bollt, E., Griffith, A. & Barbosa, W. A. S. (2021).
//	  Next generation reservoir computing. Nat. Commun. 12, 5564.
package adapt
