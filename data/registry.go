package data

import (
	"fmt"
	"strings"
	"time"

	"github.com/emergo/emergo/series"
	"github.com/emergo/emergo/system"
)

// Info describes a shipped data set.
type Info struct {
	Name        string    `json:"name"`
	Description string    `json:"description"`
	Rows        int       `json:"rows"`
	Columns     []string  `json:"columns"`
	Frequency   string    `json:"frequency"`
	Start       time.Time `json:"start"`
	End         time.Time `json:"end"`
	Source      string    `json:"source"`
	License     string    `json:"license"`
	// File is the embedded file the data come from (under real/).
	File string `json:"file"`
}

// The sources and terms, as in real/README.md.
const (
	srcVega     = "vega-datasets 3.2.1 (npm; code BSD-3-Clause)"
	srcSP500    = "Yahoo Finance daily history as redistributed by " + srcVega
	srcUSGS     = "USGS earthquake feed all_week.geojson (generated 2018-02-07), via " + srcVega
	srcCO2      = "NOAA GML / Scripps Mauna Loa record, via " + srcVega
	srcGISS     = "NASA GISS surface temperature analysis, via " + srcVega
	srcSeattle  = "NOAA daily climate record for Seattle, via " + srcVega
	licFacts    = "index levels are facts; redistributed as in vega-datasets"
	licPublic   = "public domain (U.S. Government work)"
	licVegaData = "as distributed with vega-datasets"
)

type entry struct {
	info Info // Name, Description, Frequency, Source, License, File
	load func() (*series.Series, error)
}

// registry lists the data sets in the order List reports them.
var registry = func() []entry {
	es := []entry{
		{Info{Name: "sp500", Description: "S&P 500 index, daily open/high/low/close/adjclose/volume (dot-com crash, 2008, 2020 crash)",
			Frequency: "daily (trading days)", Source: srcSP500, License: licFacts, File: fileSP500}, SP500},
		{Info{Name: "sp500-returns", Description: "S&P 500 daily log returns of the close (fat tails, volatility clustering)",
			Frequency: "daily (trading days)", Source: srcSP500, License: licFacts, File: fileSP500}, SP500LogReturns},
		{Info{Name: "earthquakes", Description: "USGS events of one week (2018-01-31 to 2018-02-07): magnitude, depth, latitude, longitude, type; ascending time",
			Frequency: "events (irregular)", Source: srcUSGS, License: licPublic, File: fileEarthquakes}, Earthquakes},
		{Info{Name: "co2", Description: "Mauna Loa monthly mean CO2 (ppm), raw and seasonally adjusted",
			Frequency: "monthly (5 months missing)", Source: srcCO2, License: licPublic, File: fileCO2}, CO2},
		{Info{Name: "global-temp", Description: "global mean surface temperature anomaly (°C)",
			Frequency: "yearly", Source: srcGISS, License: licPublic, File: fileGlobalTemp}, GlobalTemp},
		{Info{Name: "seattle-weather", Description: "Seattle daily precipitation, max/min temperature, wind and weather class",
			Frequency: "daily", Source: srcSeattle, License: licPublic, File: fileSeattle}, SeattleWeather},
		{Info{Name: "stocks", Description: "monthly prices of MSFT, AMZN, IBM, GOOG, AAPL side by side over the months all share",
			Frequency: "monthly", Source: srcVega, License: licVegaData, File: fileStocks}, StocksAll},
	}
	for _, sym := range StockSymbols {
		es = append(es, entry{Info{Name: "stocks-" + strings.ToLower(sym), Description: "monthly price of " + sym,
			Frequency: "monthly", Source: srcVega, License: licVegaData, File: fileStocks},
			func() (*series.Series, error) { return Stocks(sym) }})
	}
	return es
}()

// Names returns the data set names in List order.
func Names() []string {
	out := make([]string, len(registry))
	for i, e := range registry {
		out[i] = e.info.Name
	}
	return out
}

func find(name string) (*entry, error) {
	k := strings.ToLower(strings.TrimSpace(name))
	for i := range registry {
		if registry[i].info.Name == k {
			return &registry[i], nil
		}
	}
	names := Names()
	msg := fmt.Sprintf("data: unknown data set %q", name)
	if sg := system.Suggest(name, names, 3); len(sg) > 0 {
		msg += "; did you mean " + quoteJoin(sg) + "?"
	}
	return nil, fmt.Errorf("%s (data sets: %s)", msg, strings.Join(names, ", "))
}

// Load returns the named data set (case-insensitive). An unknown name is
// an error that suggests close names and lists them all.
func Load(name string) (*series.Series, error) {
	e, err := find(name)
	if err != nil {
		return nil, err
	}
	return e.load()
}

// Describe returns the metadata of the named data set.
func Describe(name string) (Info, error) {
	e, err := find(name)
	if err != nil {
		return Info{}, err
	}
	return describe(e)
}

func describe(e *entry) (Info, error) {
	s, err := e.load()
	if err != nil {
		return Info{}, err
	}
	in := e.info
	in.Rows = s.Len()
	in.Columns = append([]string(nil), s.Names...)
	if s.Len() > 0 && s.Dates != nil {
		in.Start, in.End = s.Dates[0], s.Dates[s.Len()-1]
	}
	return in, nil
}

// List returns the metadata of every data set: name, description, row
// count, columns, sampling frequency, time span, source and licence. The
// counts and spans are read from the data themselves (each set is parsed
// once per process).
func List() []Info {
	out := make([]Info, 0, len(registry))
	for i := range registry {
		in, err := describe(&registry[i])
		if err != nil {
			// The embedded files are part of the build; a failure here is a
			// corrupted build, which the package tests catch.
			panic(err)
		}
		out = append(out, in)
	}
	return out
}
