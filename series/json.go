package series

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"time"
)

// jsonSeries is the JSON form of a Series:
//
//	{"names": ["x", "y"], "time": [0, 0.1], "dates": ["2000-01-03", ...],
//	 "levels": {"weather": ["rain", "sun"]}, "values": [[1, 2], [3, null]]}
//
// values is a list of rows; NaN is null; dates and levels are omitted
// when absent.
type jsonSeries struct {
	Names  []string            `json:"names"`
	Time   []float64           `json:"time"`
	Dates  []string            `json:"dates,omitempty"`
	Levels map[string][]string `json:"levels,omitempty"`
	Values [][]*float64        `json:"values"`
}

// WriteJSON writes s as one JSON object (see the package documentation
// for its form): names, time, optional dates (RFC 3339, or YYYY-MM-DD
// when every date is a UTC midnight) and levels, and values as a list of
// rows with NaN written as null. Infinite values are an error, since JSON
// cannot hold them.
func (s *Series) WriteJSON(w io.Writer) error {
	if err := s.Validate(); err != nil {
		return err
	}
	for k, v := range s.X {
		if math.IsInf(v, 0) {
			i, j := k/s.Dim(), k%s.Dim()
			return fmt.Errorf("series: cannot write JSON: %w", &NaNError{Row: i, Column: s.Names[j], When: s.timeString(i), Value: v})
		}
	}
	for i, t := range s.T {
		if math.IsNaN(t) || math.IsInf(t, 0) {
			return fmt.Errorf("series: cannot write JSON: time of row %d is %v", i, t)
		}
	}
	// Encoded by hand, row by row, so that large series need no
	// intermediate [][]*float64.
	out := bufio.NewWriter(w)
	bw := &errWriter{w: out}
	bw.str(`{"names":`)
	b, _ := json.Marshal(s.Names)
	bw.write(b)
	bw.str(`,"time":[`)
	var buf []byte
	for i, t := range s.T {
		if i > 0 {
			bw.str(",")
		}
		buf = strconv.AppendFloat(buf[:0], t, 'g', -1, 64)
		bw.write(buf)
	}
	bw.str("]")
	if s.Dates != nil {
		layout := s.dateLayout()
		ds := make([]string, len(s.Dates))
		for i, d := range s.Dates {
			ds[i] = d.UTC().Format(layout)
		}
		b, _ = json.Marshal(ds)
		bw.str(`,"dates":`)
		bw.write(b)
	}
	if len(s.Levels) > 0 {
		b, _ = json.Marshal(s.Levels)
		bw.str(`,"levels":`)
		bw.write(b)
	}
	bw.str(`,"values":[`)
	d := s.Dim()
	for i := 0; i < s.Len(); i++ {
		if i > 0 {
			bw.str(",")
		}
		bw.str("[")
		for j := 0; j < d; j++ {
			if j > 0 {
				bw.str(",")
			}
			v := s.X[i*d+j]
			if math.IsNaN(v) {
				bw.str("null")
				continue
			}
			buf = strconv.AppendFloat(buf[:0], v, 'g', -1, 64)
			bw.write(buf)
		}
		bw.str("]")
	}
	bw.str("]}\n")
	if bw.err != nil {
		return bw.err
	}
	return out.Flush()
}

// ReadJSON reads a series written by WriteJSON (null values become NaN).
func ReadJSON(r io.Reader) (*Series, error) {
	var js jsonSeries
	dec := json.NewDecoder(r)
	if err := dec.Decode(&js); err != nil {
		return nil, fmt.Errorf("series: reading JSON: %w", err)
	}
	d := len(js.Names)
	if len(js.Values) != len(js.Time) {
		return nil, fmt.Errorf("series: JSON has %d rows of values for %d times", len(js.Values), len(js.Time))
	}
	s := &Series{Names: js.Names, T: js.Time, X: make([]float64, 0, len(js.Time)*d), Levels: js.Levels}
	for i, row := range js.Values {
		if len(row) != d {
			return nil, fmt.Errorf("series: JSON row %d has %d values for %d names", i, len(row), d)
		}
		for _, v := range row {
			if v == nil {
				s.X = append(s.X, math.NaN())
			} else {
				s.X = append(s.X, *v)
			}
		}
	}
	if js.Dates != nil {
		s.Dates = make([]time.Time, len(js.Dates))
		for i, ds := range js.Dates {
			var err error
			s.Dates[i], err = time.Parse(time.RFC3339Nano, ds)
			if err != nil {
				s.Dates[i], err = time.Parse("2006-01-02", ds)
			}
			if err != nil {
				return nil, fmt.Errorf("series: JSON date %d: %q is neither RFC 3339 nor YYYY-MM-DD", i, ds)
			}
			s.Dates[i] = s.Dates[i].UTC()
		}
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return s, nil
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) write(b []byte) {
	if e.err == nil {
		_, e.err = e.w.Write(b)
	}
}

func (e *errWriter) str(s string) { e.write([]byte(s)) }
