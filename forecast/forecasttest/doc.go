// Package forecasttest is the conformance suite that every model of the
// forecast zoo passes: Run builds a registered model by name, fits it on
// a short seeded synthetic series and checks the contract of
// forecast.Forecaster and of the optional Representer and Dynamics
// extensions.
//
// The checks, in order:
//   - the model builds from its name and spec, reports its registry name
//     and a context length of at least 1;
//   - Predict before Fit is an error, not a panic;
//   - Fit accepts a two-column series (an AR(2) process and a noisy sine,
//     see Data) and rejects a cancelled context, an empty series, a
//     series of only ContextLen rows when ContextLen > 1 (it holds no
//     complete context-and-target pair), a NaN (the error names row and
//     column), and a validation block of another dimension; Fit does not
//     modify its inputs;
//   - Predict returns horizon×dim finite values, leaves its context
//     untouched, gives as its horizon-1 forecast the first row of a
//     longer one, accepts a longer context, and rejects a short context,
//     a NaN in the context (naming row and column), a wrong dimension and
//     a horizon below 1;
//   - two models built with the same spec and fitted on the same data
//     predict bit-identical values, and so does a second Predict call;
//   - Representer (when implemented): one finite feature vector per row
//     after the warm-up, aligned to the end, deterministic;
//   - Dynamics (when implemented): the system is a discrete map that
//     implements system.Field and forecast.Outputter; Output(State())
//     after i Steps equals row i of Predict(context, h) (the rollout
//     convention: the system starts from the state whose output is the
//     first forecast); Eval agrees with Step; an analytic Jacobian (when
//     implemented) agrees with central finite differences; Reset
//     restores the initial state and time.
//
// Every check that fails is reported with t.Errorf, except those after
// which the rest cannot run (New or Fit failing, a wrong forecast shape),
// which stop the model's test with t.Fatalf. A new model is checked by
// calling Run from its own test, or automatically by the forecast
// package's TestConformance, which runs Run on every registered model.
package forecasttest
