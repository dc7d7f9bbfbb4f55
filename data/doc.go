// Package data ships a few observed time series, embedded in the binary,
// as *series.Series: financial (S&P 500 daily prices and log returns,
// monthly stock prices), geophysical (one week of the USGS earthquake
// feed) and climate (Mauna Loa CO2, global temperature anomaly, Seattle
// weather). They are the real-data counterparts of the simulated systems:
// fat-tailed returns and volatility clustering, a Gutenberg-Richter
// magnitude law, trends and seasonal cycles.
//
// Conventions:
//   - Every series is dated: Dates holds the calendar instants (UTC) and
//     T the days since 1970-01-01 (series.DayOf). Rows are in strictly
//     increasing time (the earthquake feed, newest first in the file, is
//     sorted), and no value is missing.
//   - Column names are lower case as in the files, except where a file's
//     name is awkward (CO2's "CO2"/"adjusted CO2" become "co2" and
//     "co2_adjusted"); units are given in each loader's documentation.
//   - Categorical columns (Seattle's weather class, the earthquake event
//     type) hold codes into fixed, alphabetical label lists
//     (WeatherClasses, EventTypes), also in the series' Levels.
//   - Each file is parsed once per process; every call returns a fresh
//     copy that the caller may modify.
//   - Load finds a data set by case-insensitive name ("sp500",
//     "sp500-returns", "earthquakes", "co2", "global-temp",
//     "seattle-weather", "stocks", "stocks-msft", ...); List describes
//     them all (rows, columns, span, source, licence).
//
// The files, their provenance and terms are listed in real/README.md:
// all come from the vega-datasets 3.2.1 npm package (code BSD-3-Clause),
// and each keeps its original source's terms (U.S. Government works are
// public domain; index levels are facts).
package data
