package series

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"time"
)

// Missing selects what ReadCSV does with a missing value: an empty field
// or one of NaN, NA, N/A, null (any case).
type Missing int

const (
	// MissingError makes a missing value an error naming file, line and
	// column (the default).
	MissingError Missing = iota
	// MissingKeep stores missing values as NaN (see FillNaN, DropNaN).
	MissingKeep
	// MissingDrop drops every row that has a missing value.
	MissingDrop
)

// NoTime as CSVOptions.TimeColumn means the file has no time column: the
// rows get times 0, 1, ..., n-1.
const NoTime = "-"

// DateLayouts are the layouts ReadCSV tries, in order, for a time column
// that does not hold numbers (Go reference-time layouts).
var DateLayouts = []string{
	"2006-01-02",
	time.RFC3339Nano,
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"Jan 2 2006",
	"Jan 2, 2006",
	"January 2 2006",
	"January 2, 2006",
	"2 Jan 2006",
	"2006/01/02",
	"2006-01",
}

// timeNames are the header names ReadCSV recognises, case-insensitively,
// as a time column when it is the first column.
var timeNames = []string{"time", "t", "date", "datetime", "timestamp", "year", "month", "day"}

// CSVOptions controls ReadCSV. The zero value (or nil) reads every column
// as numbers, takes a first column named like a time (time, t, date,
// datetime, timestamp, year, month, day) as the time column, and treats
// missing values as errors.
type CSVOptions struct {
	// TimeColumn names the time column: numbers are model times, anything
	// else is parsed as dates. "" detects it from the first column's name;
	// NoTime means there is none.
	TimeColumn string
	// DateLayout is the Go layout of the dates ("" tries DateLayouts and
	// keeps the first that parses the first row). Dates without a zone are
	// UTC.
	DateLayout string
	// Columns lists the value columns to keep, in order (nil: all columns
	// but the time column).
	Columns []string
	// Categorical lists value columns holding labels rather than numbers;
	// they are coded 0, 1, ... in order of first appearance (Levels).
	Categorical []string
	// Missing says what to do with missing values.
	Missing Missing
	// Comma is the field separator (0: ',').
	Comma rune
	// Unsorted accepts times that do not increase from row to row
	// (by default that is an error naming the line).
	Unsorted bool
}

// CSVError is a malformed-CSV error. Its message has the form
// "file:line: column "name": what", omitting the parts that do not
// apply.
type CSVError struct {
	File   string
	Line   int // 0 when the error concerns the whole file
	Column string
	Err    string
}

func (e *CSVError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		b.WriteString(":" + strconv.Itoa(e.Line))
	}
	b.WriteString(": ")
	if e.Column != "" {
		b.WriteString("column " + strconv.Quote(e.Column) + ": ")
	}
	b.WriteString(e.Err)
	return b.String()
}

// ReadCSVFile reads a series from a CSV file; see ReadCSV.
func ReadCSVFile(path string, opt *CSVOptions) (*Series, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadCSV(f, path, opt)
}

// ReadCSV reads a series from CSV text whose first row names the columns.
// name labels errors (normally the file name). Every error about the
// content is a *CSVError giving the line and column, for example
//
//	data.csv:17: column "close": "abc" is not a number
//
// Rows with a different number of fields than the header, an empty file, a
// header without data rows, duplicate or empty column names, missing
// values (unless opt.Missing says otherwise), infinite values, times that
// do not increase and unparsable times are all errors.
func ReadCSV(r io.Reader, name string, opt *CSVOptions) (*Series, error) {
	var o CSVOptions
	if opt != nil {
		o = *opt
	}
	cr := csv.NewReader(r)
	if o.Comma != 0 {
		cr.Comma = o.Comma
	}
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	fail := func(line int, col, format string, args ...any) error {
		return &CSVError{File: name, Line: line, Column: col, Err: fmt.Sprintf(format, args...)}
	}
	parseErr := func(err error) error {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return &CSVError{File: name, Line: pe.Line, Err: fmt.Sprintf("byte %d of the line: %v", pe.Column, pe.Err)}
		}
		return fmt.Errorf("%s: %w", name, err)
	}

	rec, err := cr.Read()
	if err == io.EOF {
		return nil, fail(0, "", "empty file (no header row)")
	}
	if err != nil {
		return nil, parseErr(err)
	}
	header := make([]string, len(rec))
	pos := map[string]int{}
	for j, h := range rec {
		h = strings.TrimSpace(h)
		if j == 0 {
			h = strings.TrimPrefix(h, "\uFEFF")
		}
		if h == "" {
			return nil, fail(1, "", "column %d of the header has no name", j+1)
		}
		if k, dup := pos[h]; dup {
			return nil, fail(1, "", "column name %q appears twice (columns %d and %d)", h, k+1, j+1)
		}
		pos[h] = j
		header[j] = h
	}
	find := func(c string) (int, error) {
		if j, ok := pos[c]; ok {
			return j, nil
		}
		return -1, fail(1, "", "no column %q in the header (columns: %s)", c, quoteJoin(header))
	}

	// The time column.
	tcol := -1
	switch o.TimeColumn {
	case NoTime:
	case "":
		for _, tn := range timeNames {
			if strings.EqualFold(header[0], tn) {
				tcol = 0
				break
			}
		}
	default:
		j, err := find(o.TimeColumn)
		if err != nil {
			return nil, err
		}
		tcol = j
	}

	// The value columns.
	var vcols []int
	if o.Columns != nil {
		for _, c := range o.Columns {
			j, err := find(c)
			if err != nil {
				return nil, err
			}
			if j == tcol {
				return nil, fail(1, "", "column %q is the time column; it cannot also be a value column", c)
			}
			vcols = append(vcols, j)
		}
	} else {
		for j := range header {
			if j != tcol {
				vcols = append(vcols, j)
			}
		}
	}
	if len(vcols) == 0 {
		return nil, fail(1, "", "no value columns (columns: %s)", quoteJoin(header))
	}
	catIdx := map[int]map[string]int{}
	s := &Series{}
	for _, c := range o.Categorical {
		j, err := find(c)
		if err != nil {
			return nil, err
		}
		isValue := false
		for _, v := range vcols {
			isValue = isValue || v == j
		}
		if !isValue {
			return nil, fail(1, "", "categorical column %q is not among the value columns", c)
		}
		catIdx[j] = map[string]int{}
		if s.Levels == nil {
			s.Levels = map[string][]string{}
		}
		s.Levels[c] = []string{}
	}
	for _, j := range vcols {
		s.Names = append(s.Names, header[j])
	}

	// Rows.
	const (
		kindUnknown = iota
		kindNumber
		kindDate
	)
	kind, layout := kindUnknown, o.DateLayout
	if layout != "" {
		kind = kindDate
	}
	prevLine, prevRaw := 0, ""
	for {
		rec, err = cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, parseErr(err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(header) {
			return nil, fail(line, "", "%d fields, want %d as in the header (%s)", len(rec), len(header), quoteJoin(header))
		}
		if tcol >= 0 {
			f := strings.TrimSpace(rec[tcol])
			col := header[tcol]
			if isMissing(f) {
				return nil, fail(line, col, "missing time %q", f)
			}
			if kind == kindUnknown {
				if _, err := strconv.ParseFloat(f, 64); err == nil {
					kind = kindNumber
				} else {
					for _, l := range DateLayouts {
						if _, err := time.Parse(l, f); err == nil {
							kind, layout = kindDate, l
							break
						}
					}
					if kind == kindUnknown {
						return nil, fail(line, col, "%q is neither a number nor a date in a known layout (set CSVOptions.DateLayout)", f)
					}
				}
			}
			var t float64
			if kind == kindNumber {
				v, err := strconv.ParseFloat(f, 64)
				if err != nil {
					return nil, fail(line, col, "%q is not a number", f)
				}
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return nil, fail(line, col, "time %q is not finite", f)
				}
				t = v
			} else {
				d, err := time.Parse(layout, f)
				if err != nil {
					return nil, fail(line, col, "%q is not a date of layout %q", f, layout)
				}
				d = d.UTC()
				s.Dates = append(s.Dates, d)
				t = DayOf(d)
			}
			if n := len(s.T); n > 0 && !o.Unsorted && !(t > s.T[n-1]) {
				return nil, fail(line, col, "time %q is not after %q on line %d (rows must be in increasing time)",
					f, prevRaw, prevLine)
			}
			prevRaw = f
			s.T = append(s.T, t)
		} else {
			s.T = append(s.T, float64(len(s.T)))
		}
		for _, j := range vcols {
			f := strings.TrimSpace(rec[j])
			col := header[j]
			if isMissing(f) {
				if o.Missing == MissingError {
					return nil, fail(line, col, "missing value (%q); set CSVOptions.Missing to keep or drop it", f)
				}
				s.X = append(s.X, math.NaN())
				continue
			}
			if codes, ok := catIdx[j]; ok {
				c, seen := codes[f]
				if !seen {
					c = len(codes)
					codes[f] = c
					s.Levels[col] = append(s.Levels[col], f)
				}
				s.X = append(s.X, float64(c))
				continue
			}
			v, err := strconv.ParseFloat(f, 64)
			if err != nil {
				if errors.Is(err, strconv.ErrRange) {
					return nil, fail(line, col, "%q is out of the float64 range", f)
				}
				return nil, fail(line, col, "%q is not a number", f)
			}
			if math.IsInf(v, 0) {
				return nil, fail(line, col, "%q is not a finite number", f)
			}
			s.X = append(s.X, v)
		}
		prevLine = line
	}
	if len(s.T) == 0 {
		return nil, fail(0, "", "no data rows after the header")
	}
	if o.Missing == MissingDrop {
		s = s.DropNaN()
		if s.Len() == 0 {
			return nil, fail(0, "", "every row has a missing value")
		}
	}
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return s, nil
}

func isMissing(f string) bool {
	if len(f) > 4 {
		return false
	}
	switch strings.ToLower(f) {
	case "", "nan", "na", "n/a", "null":
		return true
	}
	return false
}

// dateLayout returns the layout WriteCSV uses for s's dates: the calendar
// date when every date is a UTC midnight, else RFC 3339 with fractional
// seconds.
func (s *Series) dateLayout() string {
	for _, d := range s.Dates {
		d = d.UTC()
		if d.Hour() != 0 || d.Minute() != 0 || d.Second() != 0 || d.Nanosecond() != 0 {
			return time.RFC3339Nano
		}
	}
	return "2006-01-02"
}

// timeHeader is the name of the time column WriteCSV writes.
func (s *Series) timeHeader() string {
	if s.Dates != nil {
		return "date"
	}
	return "time"
}

// WriteCSV writes s as CSV: a header row ("date" or "time", then the
// column names) and one row per time. Values use the shortest decimal
// form that reads back to the same float64; NaN is written as NaN;
// categorical columns are written as their labels. ReadCSV reads the
// output back exactly (with MissingKeep when there are NaNs and
// Categorical naming the categorical columns). A dated series is written
// with its dates only (T is recomputed from them on reading). It is an
// error when a column is itself named like the time column.
func (s *Series) WriteCSV(w io.Writer) error {
	if err := s.Validate(); err != nil {
		return err
	}
	th := s.timeHeader()
	for _, nm := range s.Names {
		if strings.EqualFold(nm, th) {
			return fmt.Errorf("series: column %q clashes with the time column written as %q", nm, th)
		}
	}
	cw := csv.NewWriter(w)
	rec := append([]string{th}, s.Names...)
	if err := cw.Write(rec); err != nil {
		return err
	}
	layout := s.dateLayout()
	d := s.Dim()
	for i := 0; i < s.Len(); i++ {
		if s.Dates != nil {
			rec[0] = s.Dates[i].UTC().Format(layout)
		} else {
			rec[0] = strconv.FormatFloat(s.T[i], 'g', -1, 64)
		}
		for j := 0; j < d; j++ {
			rec[j+1] = s.Label(i, j)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteCSVFile writes s to a CSV file; see WriteCSV.
func (s *Series) WriteCSVFile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := s.WriteCSV(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
