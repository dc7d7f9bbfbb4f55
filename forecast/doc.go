// Package forecast defines the Forecaster interface, the model zoo
// registry and forecast metrics.
//
// Conventions:
//   - Data are multivariate, row-major: a block of n rows of dim values
//     (row i is the state at time i), as series.Series.X holds them.
//   - Fit sees only training (and optional validation) data; models do
//     their own input scaling internally, fitted on the training part.
//   - Predict takes a context block (the most recent rows, oldest first)
//     and returns the next horizon rows, feeding its own predictions back
//     for horizons beyond one step (autoregressive rollout).
//   - Every random choice (initial weights, reservoirs, minibatches) is
//     drawn from a math/rand/v2 source seeded by Spec.Seed.
package forecast
