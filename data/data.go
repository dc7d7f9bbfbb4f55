package data

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/emergo/emergo/series"
	"github.com/emergo/emergo/system"
)

//go:embed real/*.csv real/earthquakes.json
var files embed.FS

// Embedded file names.
const (
	fileSP500       = "real/sp500-2000.csv"
	fileStocks      = "real/stocks.csv"
	fileEarthquakes = "real/earthquakes.json"
	fileCO2         = "real/co2-concentration.csv"
	fileGlobalTemp  = "real/global-temp.csv"
	fileSeattle     = "real/seattle-weather.csv"
)

// WeatherClasses are the labels of SeattleWeather's "weather" column, in
// code order (alphabetical).
var WeatherClasses = []string{"drizzle", "fog", "rain", "snow", "sun"}

// EventTypes are the labels of Earthquakes' "type" column, in code order
// (alphabetical).
var EventTypes = []string{"earthquake", "explosion", "quarry blast"}

// StockSymbols are the symbols of Stocks, in the order of the file.
var StockSymbols = []string{"MSFT", "AMZN", "IBM", "GOOG", "AAPL"}

func readCSV(file string, opt *series.CSVOptions) (*series.Series, error) {
	b, err := files.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("data: %w", err)
	}
	s, err := series.ReadCSV(bytes.NewReader(b), file, opt)
	if err != nil {
		return nil, fmt.Errorf("data: %w", err)
	}
	return s, nil
}

// cached parses an embedded data set once and hands out deep copies, so
// callers may modify what they get.
func cached(load func() (*series.Series, error)) func() (*series.Series, error) {
	once := sync.OnceValues(load)
	return func() (*series.Series, error) {
		s, err := once()
		if err != nil {
			return nil, err
		}
		return s.Clone(), nil
	}
}

var (
	sp500       = cached(loadSP500)
	sp500Ret    = cached(loadSP500Returns)
	earthquakes = cached(loadEarthquakes)
	co2         = cached(loadCO2)
	globalTemp  = cached(loadGlobalTemp)
	seattle     = cached(loadSeattle)
	stocksLong  = cached(loadStocksLong)
	stocksWide  = cached(loadStocksWide)
)

// SP500 returns the daily S&P 500 index from 2000-01-03 to 2020-04-17
// (5105 trading days), with columns open, high, low, close, adjclose
// and volume (shares) as in the file.
func SP500() (*series.Series, error) { return sp500() }

func loadSP500() (*series.Series, error) { return readCSV(fileSP500, nil) }

// SP500LogReturns returns the daily log returns r_t = ln(close_t /
// close_{t−1}) of SP500 (5104 rows from 2000-01-04, column
// "log_return"). Their distribution is fat-tailed: excess kurtosis about
// 11, with the largest moves in October 2008 and March 2020.
func SP500LogReturns() (*series.Series, error) { return sp500Ret() }

func loadSP500Returns() (*series.Series, error) {
	s, err := sp500()
	if err != nil {
		return nil, err
	}
	c, err := s.Select("close")
	if err != nil {
		return nil, err
	}
	r, err := c.LogReturns()
	if err != nil {
		return nil, err
	}
	r.Names[0] = "log_return"
	return r, nil
}

// CO2 returns the Mauna Loa monthly mean CO2 mole fraction (ppm) from
// 1958-03 to 2020-04 (741 months; 1958-06, 1958-10 and 1964-02..04 are
// missing from the record, so rows are not all one month apart), with
// columns "co2" (the file's "CO2") and "co2_adjusted" (its "adjusted
// CO2", seasonally adjusted). Dates are the first of each month.
func CO2() (*series.Series, error) { return co2() }

func loadCO2() (*series.Series, error) {
	s, err := readCSV(fileCO2, &series.CSVOptions{Columns: []string{"CO2", "adjusted CO2"}})
	if err != nil {
		return nil, err
	}
	s.Names = []string{"co2", "co2_adjusted"}
	return s, nil
}

// GlobalTemp returns the yearly global mean surface temperature anomaly
// (°C, column "temp") from 1880 to 2023 (144 years). Each year is dated
// January 1.
func GlobalTemp() (*series.Series, error) { return globalTemp() }

func loadGlobalTemp() (*series.Series, error) {
	s, err := readCSV(fileGlobalTemp, nil) // "year" is read as a numeric time
	if err != nil {
		return nil, err
	}
	s.Dates = make([]time.Time, s.Len())
	for i, y := range s.T {
		if y != math.Trunc(y) {
			return nil, fmt.Errorf("data: %s: row %d: year %v is not a whole number", fileGlobalTemp, i, y)
		}
		s.Dates[i] = time.Date(int(y), 1, 1, 0, 0, 0, 0, time.UTC)
		s.T[i] = series.DayOf(s.Dates[i])
	}
	return s, nil
}

// SeattleWeather returns daily Seattle weather from 2012-01-01 to
// 2015-12-31 (1461 days): precipitation (mm), temp_max and temp_min (°C),
// wind (m/s) and the categorical "weather" class coded by WeatherClasses.
func SeattleWeather() (*series.Series, error) { return seattle() }

func loadSeattle() (*series.Series, error) {
	s, err := readCSV(fileSeattle, &series.CSVOptions{Categorical: []string{"weather"}})
	if err != nil {
		return nil, err
	}
	if err := recode(s, "weather", WeatherClasses); err != nil {
		return nil, err
	}
	return s, nil
}

// recode changes a categorical column's codes to the positions of its
// labels in levels.
func recode(s *series.Series, col string, levels []string) error {
	j, err := s.Index(col)
	if err != nil {
		return err
	}
	pos := map[string]int{}
	for k, l := range levels {
		pos[l] = k
	}
	old := s.Levels[col]
	for i := 0; i < s.Len(); i++ {
		lbl := old[int(s.At(i, j))]
		k, ok := pos[lbl]
		if !ok {
			return fmt.Errorf("data: column %q has the unexpected label %q at row %d (known: %s)", col, lbl, i, strings.Join(levels, ", "))
		}
		s.X[i*s.Dim()+j] = float64(k)
	}
	s.Levels[col] = append([]string(nil), levels...)
	return nil
}

func loadStocksLong() (*series.Series, error) {
	s, err := readCSV(fileStocks, &series.CSVOptions{TimeColumn: "date", DateLayout: "Jan 2 2006",
		Categorical: []string{"symbol"}, Unsorted: true})
	if err != nil {
		return nil, err
	}
	if err := recode(s, "symbol", StockSymbols); err != nil {
		return nil, err
	}
	return s, nil
}

// Stocks returns the monthly closing price (USD, column "price") of one of
// StockSymbols (case-insensitive), January 2000 to March 2010 (123
// months; GOOG from its listing, August 2004: 68 months). Dates are the
// first of each month.
func Stocks(symbol string) (*series.Series, error) {
	sym := ""
	for _, s := range StockSymbols {
		if strings.EqualFold(s, strings.TrimSpace(symbol)) {
			sym = s
		}
	}
	if sym == "" {
		msg := fmt.Sprintf("data: no stock %q", symbol)
		if sg := system.Suggest(symbol, StockSymbols, 2); len(sg) > 0 {
			msg += "; did you mean " + quoteJoin(sg) + "?"
		}
		return nil, fmt.Errorf("%s (symbols: %s)", msg, strings.Join(StockSymbols, ", "))
	}
	all, err := stocksLong()
	if err != nil {
		return nil, err
	}
	code := float64(indexOf(StockSymbols, sym))
	var rows []int
	for i := 0; i < all.Len(); i++ {
		if all.At(i, 0) == code {
			rows = append(rows, i)
		}
	}
	one, err := all.Rows(rows).Select("price")
	if err != nil {
		return nil, err
	}
	if err := one.CheckIncreasing(); err != nil {
		return nil, fmt.Errorf("data: %s rows of %s: %w", sym, fileStocks, err)
	}
	return one, nil
}

// StocksAll returns the monthly prices of all StockSymbols side by side
// (one column per symbol, named by it) over the months they all share:
// August 2004 to March 2010 (68 months).
func StocksAll() (*series.Series, error) { return stocksWide() }

func loadStocksWide() (*series.Series, error) {
	per := make([]*series.Series, len(StockSymbols))
	var dates []time.Time
	for k, sym := range StockSymbols {
		s, err := Stocks(sym)
		if err != nil {
			return nil, err
		}
		per[k] = s
		if k == 0 {
			dates = s.Dates
		} else {
			dates = intersectDates(dates, s.Dates)
		}
	}
	row := make(map[int64]int, len(dates))
	t := make([]float64, len(dates))
	for i, d := range dates {
		row[d.Unix()] = i
		t[i] = series.DayOf(d)
	}
	d := len(StockSymbols)
	x := make([]float64, len(dates)*d)
	for k, s := range per {
		for i, dt := range s.Dates {
			if r, ok := row[dt.Unix()]; ok {
				x[r*d+k] = s.At(i, 0)
			}
		}
	}
	out, err := series.New(StockSymbols, t, x)
	if err != nil {
		return nil, err
	}
	out.Dates = dates
	return out, nil
}

func intersectDates(a, b []time.Time) []time.Time {
	in := map[int64]bool{}
	for _, d := range b {
		in[d.Unix()] = true
	}
	var out []time.Time
	for _, d := range a {
		if in[d.Unix()] {
			out = append(out, d)
		}
	}
	return out
}

// quakeFeed is the part of a USGS GeoJSON feed that Earthquakes reads.
type quakeFeed struct {
	Metadata struct {
		Count int `json:"count"`
	} `json:"metadata"`
	Features []struct {
		ID         string `json:"id"`
		Properties struct {
			Mag  *float64 `json:"mag"`
			Time int64    `json:"time"` // milliseconds since 1970-01-01 UTC
			Type string   `json:"type"`
		} `json:"properties"`
		Geometry struct {
			Coordinates []float64 `json:"coordinates"` // longitude, latitude, depth (km)
		} `json:"geometry"`
	} `json:"features"`
}

// Earthquakes returns the USGS "all earthquakes, past week" feed of
// 2018-01-31 to 2018-02-07 (1707 events) in ascending time (the feed
// lists newest first), with columns mag (magnitude, in the feed's mixed
// magnitude types), depth (km, negative above sea level), latitude,
// longitude (degrees) and the categorical "type" coded by EventTypes
// (1679 earthquakes, 15 explosions, 13 quarry blasts). Dates are the
// event origin times to the millisecond.
func Earthquakes() (*series.Series, error) { return earthquakes() }

func loadEarthquakes() (*series.Series, error) {
	b, err := files.ReadFile(fileEarthquakes)
	if err != nil {
		return nil, fmt.Errorf("data: %w", err)
	}
	var feed quakeFeed
	if err := json.Unmarshal(b, &feed); err != nil {
		return nil, fmt.Errorf("data: %s: %w", fileEarthquakes, err)
	}
	fs := feed.Features
	if len(fs) != feed.Metadata.Count {
		return nil, fmt.Errorf("data: %s has %d features, its metadata says %d", fileEarthquakes, len(fs), feed.Metadata.Count)
	}
	idx := make([]int, len(fs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return fs[idx[a]].Properties.Time < fs[idx[b]].Properties.Time })
	code := map[string]int{}
	for k, t := range EventTypes {
		code[t] = k
	}
	s := &series.Series{Names: []string{"mag", "depth", "latitude", "longitude", "type"},
		T: make([]float64, len(fs)), Dates: make([]time.Time, len(fs)), X: make([]float64, 0, 5*len(fs)),
		Levels: map[string][]string{"type": append([]string(nil), EventTypes...)}}
	for r, i := range idx {
		f := fs[i]
		p := f.Properties
		if p.Mag == nil {
			return nil, fmt.Errorf("data: %s: event %s has no magnitude", fileEarthquakes, f.ID)
		}
		c := f.Geometry.Coordinates
		if len(c) != 3 {
			return nil, fmt.Errorf("data: %s: event %s has %d coordinates, want 3", fileEarthquakes, f.ID, len(c))
		}
		k, ok := code[p.Type]
		if !ok {
			return nil, fmt.Errorf("data: %s: event %s has the unknown type %q", fileEarthquakes, f.ID, p.Type)
		}
		s.Dates[r] = time.UnixMilli(p.Time).UTC()
		s.T[r] = series.DayOf(s.Dates[r])
		s.X = append(s.X, *p.Mag, c[2], c[1], c[0], float64(k))
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return s, nil
}

// InterEventTimes returns the waiting times in seconds between consecutive
// events of Earthquakes (1706 values), computed from the millisecond
// origin times.
func InterEventTimes() ([]float64, error) {
	s, err := earthquakes()
	if err != nil {
		return nil, err
	}
	out := make([]float64, s.Len()-1)
	for i := range out {
		out[i] = s.Dates[i+1].Sub(s.Dates[i]).Seconds()
	}
	return out, nil
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}

func quoteJoin(s []string) string {
	q := make([]string, len(s))
	for i, v := range s {
		q[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(q, ", ")
}
