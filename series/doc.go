// Package series holds multivariate time series — simulated trajectories
// and observed data alike — and prepares them for forecasting: column
// selection, slicing, sliding (input, target) windows, time-ordered
// train/validation/test splits, standardization fitted on training data
// only, differencing and log returns, resampling to a number of points per
// dominant period, missing-value handling, and CSV/JSON input and output.
//
// Conventions:
//   - A Series has Len() rows (time points) of Dim() named columns. Values
//     are row-major: X[i*Dim()+j] is column j at row i, the layout of
//     system.Trajectory, so a trajectory converts without reshaping.
//   - T holds times in model units for simulated data. Real data carry
//     calendar instants in Dates as well, and then T[i] is days since
//     1970-01-01 00:00 UTC (DayOf, DateOf), so that every operation works on
//     T alone and dates follow along.
//   - Operations return new series and never modify their receiver or
//     arguments. Windows and Split parts are copies, so changing them does
//     not change the source. View-returning accessors (Row, Windows.X/Y)
//     say so.
//   - Rows are expected in strictly increasing time. ReadCSV enforces it by
//     default; windows and splits preserve row order, so a test part never
//     precedes the training part and no target precedes its inputs.
//   - Standardizer uses the population standard deviation (divisor n, as
//     scikit-learn's StandardScaler). Fit it on the training part only.
//   - Categorical columns (Levels) hold codes 0..k-1 as float64 and are
//     read and written as their labels. Operations that compute new values
//     (Diff, LogReturns, Standardizer) drop the levels.
//   - Errors are returned for bad data or impossible requests (a missing
//     column names the available ones; a NaN names its row and column; a
//     malformed CSV names file, line and column, as in
//     `data.csv:17: column "close": "abc" is not a number`). Programmer
//     misuse, such as an out-of-range Slice, panics.
//
// The JSON form written by WriteJSON is one object:
//
//	{"names":["x","y"], "time":[0,0.5], "dates":["2000-01-03","2000-01-04"],
//	 "levels":{"weather":["rain","sun"]}, "values":[[1,2],[3,null]]}
//
// with NaN as null and dates and levels present only when the series has
// them.
package series
