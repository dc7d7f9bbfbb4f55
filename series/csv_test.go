package series

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// sameSeries reports whether a and b are identical bit for bit (NaN equal
// to NaN).
func sameSeries(t *testing.T, a, b *Series) {
	t.Helper()
	if strings.Join(a.Names, "|") != strings.Join(b.Names, "|") {
		t.Fatalf("names %v vs %v", a.Names, b.Names)
	}
	if !equalBits(a.T, b.T) {
		t.Fatalf("times differ: %v vs %v", a.T, b.T)
	}
	if !equalBits(a.X, b.X) {
		t.Fatalf("values differ: %v vs %v", a.X, b.X)
	}
	if (a.Dates == nil) != (b.Dates == nil) || len(a.Dates) != len(b.Dates) {
		t.Fatalf("dates %v vs %v", a.Dates, b.Dates)
	}
	for i := range a.Dates {
		if !a.Dates[i].Equal(b.Dates[i]) {
			t.Fatalf("date %d: %v vs %v", i, a.Dates[i], b.Dates[i])
		}
	}
	if len(a.Levels) != len(b.Levels) {
		t.Fatalf("levels %v vs %v", a.Levels, b.Levels)
	}
	for k, v := range a.Levels {
		if strings.Join(v, "|") != strings.Join(b.Levels[k], "|") {
			t.Fatalf("levels of %s: %v vs %v", k, v, b.Levels[k])
		}
	}
}

func equalBits(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) && !(math.IsNaN(a[i]) && math.IsNaN(b[i])) {
			return false
		}
	}
	return true
}

// awkward values whose shortest decimal forms must read back exactly.
var awkward = []float64{0.1, 1.0 / 3, math.Pi, -2.5e-300, 1e300, math.SmallestNonzeroFloat64, math.Copysign(0, -1), 123456789012345678}

func TestCSVRoundTripModelTime(t *testing.T) {
	n := len(awkward)
	tt := make([]float64, n)
	y := make([]float64, n)
	for i := range tt {
		tt[i] = 0.1 * float64(i) // not exact decimals: 0.30000000000000004
		y[i] = math.Exp(float64(i)) / 7
	}
	y[3] = math.NaN()
	s, err := FromColumns([]string{"x", "y z"}, tt, awkward, y)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := s.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), "time,x,y z\n0,0.1,") {
		t.Errorf("CSV starts %q", buf.String()[:30])
	}
	got, err := ReadCSV(bytes.NewReader(buf.Bytes()), "rt.csv", &CSVOptions{Missing: MissingKeep})
	if err != nil {
		t.Fatal(err)
	}
	sameSeries(t, s, got)
	// Without MissingKeep the NaN written on line 5 is flagged.
	_, err = ReadCSV(bytes.NewReader(buf.Bytes()), "rt.csv", nil)
	wantErr(t, err, `rt.csv:5: column "y z": missing value ("NaN")`)
}

func TestCSVRoundTripDatesAndLabels(t *testing.T) {
	d0 := time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC)
	s := &Series{Names: []string{"temp", "weather"}, Levels: map[string][]string{"weather": {"rain", "sun", "fog, light"}}}
	for i, w := range []float64{0, 1, 1, 2, 0} {
		d := d0.AddDate(0, 0, i)
		s.Dates = append(s.Dates, d)
		s.T = append(s.T, DayOf(d))
		s.X = append(s.X, 5.5+float64(i), w)
	}
	var buf bytes.Buffer
	if err := s.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(buf.String(), "\n")
	if lines[0] != "date,temp,weather" || lines[4] != `2012-01-04,8.5,"fog, light"` {
		t.Errorf("CSV lines %q", lines)
	}
	got, err := ReadCSV(&buf, "w.csv", &CSVOptions{Categorical: []string{"weather"}})
	if err != nil {
		t.Fatal(err)
	}
	sameSeries(t, s, got)

	// Instants that are not midnights are written in RFC 3339 with
	// milliseconds and read back exactly.
	e := &Series{Names: []string{"mag"}}
	for i, ms := range []int64{1517363399650, 1517363400000, 1517966773840} {
		d := time.UnixMilli(ms).UTC()
		e.Dates = append(e.Dates, d)
		e.T = append(e.T, DayOf(d))
		e.X = append(e.X, float64(i)+0.5)
	}
	buf.Reset()
	if err := e.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "2018-01-31T01:49:59.65Z,0.5") {
		t.Errorf("RFC 3339 dates: %q", buf.String())
	}
	got, err = ReadCSV(&buf, "e.csv", nil)
	if err != nil {
		t.Fatal(err)
	}
	sameSeries(t, e, got)

	// A column named like the time column cannot be written.
	bad, _ := FromColumns([]string{"Time"}, nil, []float64{1})
	wantErr(t, bad.WriteCSV(&buf), `column "Time" clashes with the time column`)
}

func TestCSVFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "s.csv")
	s := small(t)
	if err := s.WriteCSVFile(p); err != nil {
		t.Fatal(err)
	}
	got, err := ReadCSVFile(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	sameSeries(t, s, got)
	_, err = ReadCSVFile(filepath.Join(t.TempDir(), "none.csv"), nil)
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

// Every malformed-CSV error names file, line and column exactly.
func TestCSVErrors(t *testing.T) {
	const good = "date,open,close\n2000-01-03,1,2\n"
	cases := []struct {
		name string
		in   string
		opt  *CSVOptions
		want string // the complete message
	}{
		{"empty", "", nil, `data.csv: empty file (no header row)`},
		{"header only", "date,open,close\n", nil, `data.csv: no data rows after the header`},
		{"not a number", good + "2000-01-04,1,abc\n", nil, `data.csv:3: column "close": "abc" is not a number`},
		// A blank line is skipped but still counted.
		{"line after blank", good + "\n2000-01-05,x,1\n", nil, `data.csv:4: column "open": "x" is not a number`},
		{"ragged short", good + "2000-01-04,1\n", nil, `data.csv:3: 2 fields, want 3 as in the header ("date", "open", "close")`},
		{"ragged long", good + "2000-01-04,1,2,3\n", nil, `data.csv:3: 4 fields, want 3 as in the header ("date", "open", "close")`},
		{"NaN", good + "2000-01-04,NaN,2\n", nil, `data.csv:3: column "open": missing value ("NaN"); set CSVOptions.Missing to keep or drop it`},
		{"empty field", good + "2000-01-04,1,\n", nil, `data.csv:3: column "close": missing value (""); set CSVOptions.Missing to keep or drop it`},
		{"NA", good + "2000-01-04,NA,1\n", nil, `data.csv:3: column "open": missing value ("NA"); set CSVOptions.Missing to keep or drop it`},
		{"infinite", good + "2000-01-04,1,-Inf\n", nil, `data.csv:3: column "close": "-Inf" is not a finite number`},
		{"overflow", good + "2000-01-04,1,1e999\n", nil, `data.csv:3: column "close": "1e999" is out of the float64 range`},
		{"bad date", good + "2000-13-01,1,2\n", nil, `data.csv:3: column "date": "2000-13-01" is not a date of layout "2006-01-02"`},
		{"unknown date", "date,v\nyesterday,1\n", nil, `data.csv:2: column "date": "yesterday" is neither a number nor a date in a known layout (set CSVOptions.DateLayout)`},
		{"missing time", good + ",1,2\n", nil, `data.csv:3: column "date": missing time ""`},
		{"not increasing", good + "2000-01-03,1,2\n", nil, `data.csv:3: column "date": time "2000-01-03" is not after "2000-01-03" on line 2 (rows must be in increasing time)`},
		{"numeric time decreasing", "t,v\n1,1\n0.5,2\n", nil, `data.csv:3: column "t": time "0.5" is not after "1" on line 2 (rows must be in increasing time)`},
		{"numeric time bad", "t,v\n1,1\n2x,2\n", nil, `data.csv:3: column "t": "2x" is not a number`},
		{"duplicate header", "date,a,a\n2000-01-03,1,2\n", nil, `data.csv:1: column name "a" appears twice (columns 2 and 3)`},
		{"empty header name", "date,,b\n2000-01-03,1,2\n", nil, `data.csv:1: column 2 of the header has no name`},
		{"bare quote", good + "2000-01-04,1\"2,3\n", nil, `data.csv:3: byte 13 of the line: bare " in non-quoted-field`},
		{"unknown column option", good, &CSVOptions{Columns: []string{"high"}}, `data.csv:1: no column "high" in the header (columns: "date", "open", "close")`},
		{"unknown time option", good, &CSVOptions{TimeColumn: "when"}, `data.csv:1: no column "when" in the header (columns: "date", "open", "close")`},
		{"label without Categorical", "t,w\n0,rain\n", nil, `data.csv:2: column "w": "rain" is not a number`},
		{"categorical time", good, &CSVOptions{Categorical: []string{"date"}}, `data.csv:1: categorical column "date" is not among the value columns`},
		{"all dropped", "t,v\n0,NaN\n", &CSVOptions{Missing: MissingDrop}, `data.csv: every row has a missing value`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadCSV(strings.NewReader(c.in), "data.csv", c.opt)
			if err == nil {
				t.Fatalf("no error, want %q", c.want)
			}
			if err.Error() != c.want {
				t.Fatalf("error\n  %s\nwant\n  %s", err, c.want)
			}
			var ce *CSVError
			if !errors.As(err, &ce) || ce.File != "data.csv" {
				t.Errorf("error is %T, want *CSVError", err)
			}
		})
	}
}

func TestCSVOptions(t *testing.T) {
	in := "symbol,date,price\nMSFT,Jan 1 2000,39.81\nMSFT,Feb 1 2000,36.35\nIBM,Jan 1 2000,100.52\n"
	s, err := ReadCSV(strings.NewReader(in), "stocks.csv", &CSVOptions{TimeColumn: "date", Categorical: []string{"symbol"}, Unsorted: true})
	if err != nil {
		t.Fatal(err)
	}
	if s.Names[0] != "symbol" || s.Names[1] != "price" || s.Len() != 3 {
		t.Fatalf("names %v len %d", s.Names, s.Len())
	}
	if s.Label(2, 0) != "IBM" || s.At(1, 1) != 36.35 || !s.Dates[1].Equal(time.Date(2000, 2, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("parsed %v %v %v", s.Levels, s.X, s.Dates)
	}
	// Unsorted times are an error by default.
	_, err = ReadCSV(strings.NewReader(in), "stocks.csv", &CSVOptions{TimeColumn: "date", Categorical: []string{"symbol"}})
	wantErr(t, err, `stocks.csv:4: column "date": time "Jan 1 2000" is not after "Feb 1 2000" on line 3`)

	// A numeric "year" column is a model time; Columns picks and orders.
	s, err = ReadCSV(strings.NewReader("year,a,b\n1880,1,2\n1881,3,4\n"), "y.csv", &CSVOptions{Columns: []string{"b"}})
	if err != nil {
		t.Fatal(err)
	}
	if s.Dates != nil || s.T[1] != 1881 || s.Dim() != 1 || s.At(1, 0) != 4 {
		t.Errorf("year file: %v", s)
	}
	// NoTime: every column is a value; times are row numbers.
	s, err = ReadCSV(strings.NewReader("a;b\n5;6\n7;8\n"), "n.csv", &CSVOptions{TimeColumn: NoTime, Comma: ';'})
	if err != nil {
		t.Fatal(err)
	}
	if s.Dim() != 2 || s.T[1] != 1 || s.At(1, 1) != 8 {
		t.Errorf("NoTime: %v %v", s.T, s.X)
	}
	// MissingDrop drops the row, MissingKeep keeps NaN.
	in = "t,a\n0,1\n1,\n2,3\n"
	s, err = ReadCSV(strings.NewReader(in), "m.csv", &CSVOptions{Missing: MissingDrop})
	if err != nil || s.Len() != 2 || s.T[1] != 2 {
		t.Errorf("MissingDrop: %v %v", s, err)
	}
	s, err = ReadCSV(strings.NewReader(in), "m.csv", &CSVOptions{Missing: MissingKeep})
	if err != nil || s.Len() != 3 || !math.IsNaN(s.At(1, 0)) {
		t.Errorf("MissingKeep: %v %v", s, err)
	}
	// An explicit layout, CRLF line ends and a byte-order mark.
	s, err = ReadCSV(strings.NewReader("\uFEFFwhen,v\r\n03/01/2000,1\r\n"), "l.csv", &CSVOptions{TimeColumn: "when", DateLayout: "02/01/2006"})
	if err != nil {
		t.Fatal(err)
	}
	if !s.Dates[0].Equal(time.Date(2000, 1, 3, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("layout 02/01/2006: %v", s.Dates[0])
	}
}

func TestJSONRoundTrip(t *testing.T) {
	d0 := time.Date(2018, 2, 1, 10, 30, 0, 250e6, time.UTC)
	s := &Series{Names: []string{"mag", "kind"}, Levels: map[string][]string{"kind": {"earthquake", "explosion"}}}
	for i, v := range awkward {
		d := d0.Add(time.Duration(i) * time.Hour)
		s.Dates = append(s.Dates, d)
		s.T = append(s.T, DayOf(d))
		s.X = append(s.X, v, float64(i%2))
	}
	s.X[4] = math.NaN()
	var buf bytes.Buffer
	if err := s.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"values":[[0.1,0],[0.3333333333333333,1],[null,0],[-2.5e-300,1],[1e+300,0],[5e-324,1],[-0,0],`) {
		t.Errorf("JSON: %s", buf.String())
	}
	got, err := ReadJSON(&buf)
	if err != nil {
		t.Fatal(err)
	}
	sameSeries(t, s, got)

	plain := small(t)
	buf.Reset()
	if err := plain.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	want := `{"names":["a","b"],"time":[0,1,2,3,4],"values":[[1,10],[2,20],[3,30],[4,40],[5,50]]}` + "\n"
	if buf.String() != want {
		t.Errorf("JSON\n%s\nwant\n%s", buf.String(), want)
	}
	inf, _ := FromColumns([]string{"z"}, nil, []float64{1, math.Inf(-1)})
	wantErr(t, inf.WriteJSON(&buf), `row 1 (t=1), column "z" is infinite`)
	_, err = ReadJSON(strings.NewReader(`{"names":["a"],"time":[0,1],"values":[[1]]}`))
	wantErr(t, err, "1 rows of values for 2 times")
	_, err = ReadJSON(strings.NewReader(`{"names":["a"],"time":[0],"values":[[1,2]]}`))
	wantErr(t, err, "row 0 has 2 values for 1 names")
}
