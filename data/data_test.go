package data

import (
	"math"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/emergo/emergo/series"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// checkClean asserts the conventions every loader promises: dates present,
// T = DayOf(date), strictly increasing time, no NaN or infinity.
func checkClean(t *testing.T, name string, s *series.Series, rows int) {
	t.Helper()
	if err := s.Validate(); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if s.Len() != rows {
		t.Errorf("%s: %d rows, want %d", name, s.Len(), rows)
	}
	if s.Dates == nil {
		t.Fatalf("%s: no dates", name)
	}
	for i, d := range s.Dates {
		if s.T[i] != series.DayOf(d) {
			t.Fatalf("%s: row %d: T %v is not DayOf(%v)", name, i, s.T[i], d)
		}
	}
	if err := s.CheckIncreasing(); err != nil {
		t.Errorf("%s: %v", name, err)
	}
	if err := s.CheckFinite(); err != nil {
		t.Errorf("%s: %v", name, err)
	}
}

// row checks the values of row i against the raw file's text.
func row(t *testing.T, name string, s *series.Series, i int, date time.Time, want ...float64) {
	t.Helper()
	if !s.Dates[i].Equal(date) {
		t.Errorf("%s row %d: date %v, want %v", name, i, s.Dates[i], date)
	}
	for j, w := range want {
		if s.At(i, j) != w {
			t.Errorf("%s row %d column %q = %v, want %v", name, i, s.Names[j], s.At(i, j), w)
		}
	}
}

// Row counts are the files' data rows: sp500-2000.csv has 5105 (the shared
// README's 5104 is `wc -l` on a file without a final newline).
func TestSP500(t *testing.T) {
	s, err := SP500()
	if err != nil {
		t.Fatal(err)
	}
	checkClean(t, "sp500", s, 5105)
	if got := strings.Join(s.Names, ","); got != "open,high,low,close,adjclose,volume" {
		t.Errorf("columns %s", got)
	}
	// First and last lines of real/sp500-2000.csv.
	row(t, "sp500", s, 0, day(2000, 1, 3), 1469.25, 1478, 1438.359985, 1455.219971, 1455.219971, 931800000)
	row(t, "sp500", s, s.Len()-1, day(2020, 4, 17), 2842.429932, 2879.219971, 2830.879883, 2874.560059, 2874.560059, 5792140000)
	// Loaders hand out copies.
	s.X[0] = -1
	if s2, _ := SP500(); s2.X[0] != 1469.25 {
		t.Error("SP500 returned shared data")
	}
}

// The log returns are fat-tailed and their extremes fall in the crashes of
// October 2008 and March 2020. Reference values computed independently
// from the raw file with Python's statistics module (population moments):
// min −0.12765219756714355 on 2020-03-16, excess kurtosis 11.2365.
func TestSP500LogReturns(t *testing.T) {
	const (
		minReturn    = -0.12765219756714355
		kurtRef      = 11.236517166408063
		kurtRelTol   = 1e-9
		minReturnTol = 1e-15
	)
	r, err := SP500LogReturns()
	if err != nil {
		t.Fatal(err)
	}
	checkClean(t, "sp500-returns", r, 5104)
	if r.Names[0] != "log_return" || !r.Dates[0].Equal(day(2000, 1, 4)) {
		t.Errorf("columns %v, first date %v", r.Names, r.Dates[0])
	}
	// Hand check of the first return: ln(1399.420044/1455.219971).
	if want := math.Log(1399.420044 / 1455.219971); math.Abs(r.X[0]-want) > 1e-16 {
		t.Errorf("first return %v, want %v", r.X[0], want)
	}
	crash := func(d time.Time) bool {
		return (d.Year() == 2008 && d.Month() == time.October) || (d.Year() == 2020 && d.Month() == time.March)
	}
	idx := make([]int, r.Len())
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return math.Abs(r.X[idx[a]]) > math.Abs(r.X[idx[b]]) })
	for _, i := range idx[:5] {
		if !crash(r.Dates[i]) {
			t.Errorf("one of the 5 largest |returns| (%v on %v) is outside Oct 2008 and Mar 2020", r.X[i], r.Dates[i])
		}
	}
	imin := 0
	for i, v := range r.X {
		if v < r.X[imin] {
			imin = i
		}
	}
	if !r.Dates[imin].Equal(day(2020, 3, 16)) || math.Abs(r.X[imin]-minReturn) > minReturnTol {
		t.Errorf("min return %v on %v, want %v on 2020-03-16", r.X[imin], r.Dates[imin], minReturn)
	}
	var m, m2, m4 float64
	n := float64(r.Len())
	for _, v := range r.X {
		m += v / n
	}
	for _, v := range r.X {
		d := (v - m) * (v - m)
		m2 += d / n
		m4 += d * d / n
	}
	kurt := m4/(m2*m2) - 3
	if kurt <= 3 {
		t.Errorf("excess kurtosis %v, want > 3 (fat tails)", kurt)
	}
	if math.Abs(kurt-kurtRef) > kurtRelTol*kurtRef {
		t.Errorf("excess kurtosis %v, Python gives %v", kurt, kurtRef)
	}
}

func TestEarthquakes(t *testing.T) {
	s, err := Earthquakes()
	if err != nil {
		t.Fatal(err)
	}
	checkClean(t, "earthquakes", s, 1707)
	if got := strings.Join(s.Names, ","); got != "mag,depth,latitude,longitude,type" {
		t.Errorf("columns %s", got)
	}
	// The earliest event is the last feature of the file: uw61345682, mag
	// 0.31, time 1517363399650, coordinates [-122.197, 46.2035, 3.28].
	first := time.UnixMilli(1517363399650).UTC()
	row(t, "earthquakes", s, 0, first, 0.31, 3.28, 46.2035, -122.197, 0)
	// The latest is the file's first feature, ci37868143.
	row(t, "earthquakes", s, s.Len()-1, time.UnixMilli(1517966773840).UTC(), 2, 26.49, 34.4945, -118.6671667, 0)
	// The week's largest event is the M6.4 Hualien (Taiwan) earthquake of
	// 2018-02-06 15:50:42 UTC (USGS event us1000chhc).
	j, _ := s.Index("mag")
	imax := 0
	for i := 0; i < s.Len(); i++ {
		if s.At(i, j) > s.At(imax, j) {
			imax = i
		}
	}
	row(t, "earthquakes", s, imax, time.UnixMilli(1517932242400).UTC(), 6.4, 10.64, 24.1737, 121.653)
	counts := map[string]int{}
	for i := 0; i < s.Len(); i++ {
		counts[s.Label(i, 4)]++
	}
	if counts["earthquake"] != 1679 || counts["explosion"] != 15 || counts["quarry blast"] != 13 {
		t.Errorf("event types %v, want 1679 earthquakes, 15 explosions, 13 quarry blasts", counts)
	}
	dt, err := InterEventTimes()
	if err != nil {
		t.Fatal(err)
	}
	var sum float64
	for _, v := range dt {
		if !(v > 0) {
			t.Fatalf("non-positive waiting time %v", v)
		}
		sum += v
	}
	// The waiting times add up to the span of the feed: 603374.19 s.
	if len(dt) != 1706 || math.Abs(sum-603374.19) > 1e-6 {
		t.Errorf("%d waiting times summing to %v s, want 1706 summing to 603374.19", len(dt), sum)
	}
}

func TestCO2(t *testing.T) {
	s, err := CO2()
	if err != nil {
		t.Fatal(err)
	}
	checkClean(t, "co2", s, 741)
	if s.Names[0] != "co2" || s.Names[1] != "co2_adjusted" {
		t.Errorf("columns %v", s.Names)
	}
	row(t, "co2", s, 0, day(1958, 3, 1), 315.70, 314.44)
	row(t, "co2", s, s.Len()-1, day(2020, 4, 1), 416.18, 413.35)
	// The record has gaps, so it is not uniformly sampled.
	if _, err := s.DominantPeriod(); err == nil || !strings.Contains(err.Error(), "not uniformly spaced") {
		t.Errorf("CO2 gaps not detected: %v", err)
	}
}

func TestGlobalTemp(t *testing.T) {
	s, err := GlobalTemp()
	if err != nil {
		t.Fatal(err)
	}
	checkClean(t, "global-temp", s, 144)
	row(t, "global-temp", s, 0, day(1880, 1, 1), -0.17)
	row(t, "global-temp", s, s.Len()-1, day(2023, 1, 1), 1.17)
}

func TestSeattleWeather(t *testing.T) {
	s, err := SeattleWeather()
	if err != nil {
		t.Fatal(err)
	}
	checkClean(t, "seattle-weather", s, 1461)
	if got := strings.Join(s.Names, ","); got != "precipitation,temp_max,temp_min,wind,weather" {
		t.Errorf("columns %s", got)
	}
	row(t, "seattle-weather", s, 0, day(2012, 1, 1), 0.0, 12.8, 5.0, 4.7, 0) // drizzle
	row(t, "seattle-weather", s, s.Len()-1, day(2015, 12, 31), 0.0, 5.6, -2.1, 3.5, 4)
	// Class counts of the file (cut -d, -f6 | sort | uniq -c).
	want := map[string]int{"drizzle": 53, "fog": 101, "rain": 641, "snow": 26, "sun": 640}
	got := map[string]int{}
	for i := 0; i < s.Len(); i++ {
		got[s.Label(i, 4)]++
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %d days, want %d", k, got[k], v)
		}
	}
	// Daily and complete: every row one day after the previous one.
	for i, h := range s.Intervals() {
		if h != 1 {
			t.Fatalf("interval %v days after %v", h, s.Dates[i])
		}
	}
}

func TestStocks(t *testing.T) {
	for _, c := range []struct {
		sym        string
		rows       int
		first      time.Time
		firstPrice float64
	}{
		{"MSFT", 123, day(2000, 1, 1), 39.81},
		{"amzn", 123, day(2000, 1, 1), 64.56},
		{"GOOG", 68, day(2004, 8, 1), 102.37},
		{"AAPL", 123, day(2000, 1, 1), 25.94},
	} {
		s, err := Stocks(c.sym)
		if err != nil {
			t.Fatal(err)
		}
		checkClean(t, c.sym, s, c.rows)
		row(t, c.sym, s, 0, c.first, c.firstPrice)
		if !s.Dates[s.Len()-1].Equal(day(2010, 3, 1)) {
			t.Errorf("%s ends %v", c.sym, s.Dates[s.Len()-1])
		}
	}
	_, err := Stocks("GOOGL")
	if err == nil || !strings.Contains(err.Error(), `did you mean "GOOG"?`) || !strings.Contains(err.Error(), "MSFT, AMZN, IBM, GOOG, AAPL") {
		t.Errorf("unknown symbol: %v", err)
	}
	w, err := StocksAll()
	if err != nil {
		t.Fatal(err)
	}
	checkClean(t, "stocks", w, 68)
	// The Aug 1 2004 lines of real/stocks.csv.
	row(t, "stocks", w, 0, day(2004, 8, 1), 22.47, 38.14, 78.17, 102.37, 17.25)
}

func TestRegistry(t *testing.T) {
	want := map[string]int{"sp500": 5105, "sp500-returns": 5104, "earthquakes": 1707, "co2": 741,
		"global-temp": 144, "seattle-weather": 1461, "stocks": 68, "stocks-msft": 123, "stocks-goog": 68}
	list := List()
	if len(list) != 12 {
		t.Errorf("%d data sets, want 12", len(list))
	}
	seen := map[string]bool{}
	for _, in := range list {
		seen[in.Name] = true
		if n, ok := want[in.Name]; ok && in.Rows != n {
			t.Errorf("%s: %d rows listed, want %d", in.Name, in.Rows, n)
		}
		if in.Description == "" || in.Source == "" || in.License == "" || len(in.Columns) == 0 || in.Frequency == "" {
			t.Errorf("%s: incomplete metadata %+v", in.Name, in)
		}
		if !in.Start.Before(in.End) {
			t.Errorf("%s: span %v .. %v", in.Name, in.Start, in.End)
		}
		s, err := Load(strings.ToUpper(in.Name))
		if err != nil {
			t.Fatalf("Load(%q): %v", strings.ToUpper(in.Name), err)
		}
		checkClean(t, in.Name, s, in.Rows)
	}
	for n := range want {
		if !seen[n] {
			t.Errorf("data set %s not listed", n)
		}
	}
	in, err := Describe("sp500")
	if err != nil || !in.Start.Equal(day(2000, 1, 3)) || !in.End.Equal(day(2020, 4, 17)) || in.File != "real/sp500-2000.csv" {
		t.Errorf("Describe(sp500) = %+v, %v", in, err)
	}
	for name, hint := range map[string]string{
		"sp5000":      `did you mean "sp500"`,
		"global_temp": `did you mean "global-temp"`,
		"quakes":      `(data sets: sp500, sp500-returns, earthquakes,`,
	} {
		_, err := Load(name)
		if err == nil || !strings.Contains(err.Error(), hint) || !strings.Contains(err.Error(), "unknown data set") {
			t.Errorf("Load(%q): %v, want a hint %q", name, err, hint)
		}
	}
}

func BenchmarkLoadSP500(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := loadSP500(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoadEarthquakes(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := loadEarthquakes(); err != nil {
			b.Fatal(err)
		}
	}
}
