package series

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/emergo/emergo/system"
)

// Series is a multivariate time series: Len() rows (time points) of Dim()
// named columns.
//
// The fields are exported so that data can be built and read without
// ceremony; a Series built by hand should be checked with Validate. Every
// method of this package returns a new Series and never modifies its
// receiver or arguments, except where a method name says InPlace.
type Series struct {
	// Names holds the column names, unique and non-empty.
	Names []string
	// T holds the time of each row: model time for simulated data, or,
	// when Dates is not nil, days since 1970-01-01 00:00 UTC (DayOf).
	T []float64
	// Dates, when not nil, holds the calendar instant of each row (real
	// data). Then T[i] == DayOf(Dates[i]).
	Dates []time.Time
	// X holds the values row-major: X[i*Dim()+j] is column j at row i.
	X []float64
	// Levels maps the name of a categorical column to its labels: the
	// column holds the codes 0, 1, ..., len(labels)-1 as float64.
	Levels map[string][]string
}

// Epoch is the origin of T for dated series.
var Epoch = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)

// DayOf converts an instant to days since 1970-01-01 00:00 UTC.
func DayOf(d time.Time) float64 {
	return (float64(d.Unix()) + float64(d.Nanosecond())*1e-9) / 86400
}

// DateOf converts days since 1970-01-01 00:00 UTC to an instant (UTC),
// rounded to the nearest millisecond.
func DateOf(day float64) time.Time {
	ms := math.Round(day * 86400e3)
	return time.UnixMilli(int64(ms)).UTC()
}

// New returns a series with the given column names, times and row-major
// values. The slices are copied. t may be nil for times 0, 1, ..., n-1;
// then n is len(x)/len(names).
func New(names []string, t, x []float64) (*Series, error) {
	if len(names) == 0 {
		return nil, fmt.Errorf("series: no columns")
	}
	d := len(names)
	if t == nil {
		if len(x)%d != 0 {
			return nil, fmt.Errorf("series: %d values do not fill rows of %d columns", len(x), d)
		}
		t = make([]float64, len(x)/d)
		for i := range t {
			t[i] = float64(i)
		}
	} else {
		t = append([]float64(nil), t...)
	}
	s := &Series{Names: append([]string(nil), names...), T: t, X: append([]float64(nil), x...)}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return s, nil
}

// FromColumns builds a series from column slices of equal length. t may be
// nil for times 0, 1, ..., n-1.
func FromColumns(names []string, t []float64, cols ...[]float64) (*Series, error) {
	if len(names) != len(cols) {
		return nil, fmt.Errorf("series: %d names for %d columns", len(names), len(cols))
	}
	if len(cols) == 0 {
		return nil, fmt.Errorf("series: no columns")
	}
	n := len(cols[0])
	for j, c := range cols {
		if len(c) != n {
			return nil, fmt.Errorf("series: column %q has %d values, column %q has %d", names[j], len(c), names[0], n)
		}
	}
	d := len(cols)
	x := make([]float64, n*d)
	for j, c := range cols {
		for i, v := range c {
			x[i*d+j] = v
		}
	}
	return New(names, t, x)
}

// FromTrajectory converts a sampled trajectory of a system. names labels
// the components; nil gives "x0", "x1", ....
func FromTrajectory(tr *system.Trajectory, names []string) (*Series, error) {
	if tr == nil || tr.Dim < 1 {
		return nil, fmt.Errorf("series: empty trajectory")
	}
	if names == nil {
		names = make([]string, tr.Dim)
		for j := range names {
			names[j] = "x" + strconv.Itoa(j)
		}
	}
	if len(names) != tr.Dim {
		return nil, fmt.Errorf("series: %d names for a trajectory of dimension %d", len(names), tr.Dim)
	}
	if len(tr.X) != tr.Dim*len(tr.T) {
		return nil, fmt.Errorf("series: trajectory has %d values for %d times of dimension %d", len(tr.X), len(tr.T), tr.Dim)
	}
	return New(names, tr.T, tr.X)
}

// Validate checks the invariants of s: unique non-empty names, len(X) ==
// Len()*Dim(), Dates (if any) of length Len(), Levels naming existing
// columns whose values are valid codes.
func (s *Series) Validate() error {
	if len(s.Names) == 0 {
		return fmt.Errorf("series: no columns")
	}
	seen := make(map[string]int, len(s.Names))
	for j, nm := range s.Names {
		if strings.TrimSpace(nm) == "" {
			return fmt.Errorf("series: column %d has an empty name", j)
		}
		if k, dup := seen[nm]; dup {
			return fmt.Errorf("series: columns %d and %d are both named %q", k, j, nm)
		}
		seen[nm] = j
	}
	if len(s.X) != len(s.T)*len(s.Names) {
		return fmt.Errorf("series: %d values for %d rows of %d columns", len(s.X), len(s.T), len(s.Names))
	}
	if s.Dates != nil && len(s.Dates) != len(s.T) {
		return fmt.Errorf("series: %d dates for %d rows", len(s.Dates), len(s.T))
	}
	for name, lv := range s.Levels {
		j, ok := seen[name]
		if !ok {
			return fmt.Errorf("series: levels for unknown column %q", name)
		}
		for i := range s.T {
			v := s.X[i*len(s.Names)+j]
			if math.IsNaN(v) {
				continue
			}
			if v != math.Trunc(v) || v < 0 || int(v) >= len(lv) {
				return fmt.Errorf("series: categorical column %q has code %v at row %d, want 0..%d", name, v, i, len(lv)-1)
			}
		}
	}
	return nil
}

// Len is the number of rows.
func (s *Series) Len() int { return len(s.T) }

// Dim is the number of columns.
func (s *Series) Dim() int { return len(s.Names) }

// At returns the value of column j at row i.
func (s *Series) At(i, j int) float64 { return s.X[i*len(s.Names)+j] }

// Row returns row i as a view into X.
func (s *Series) Row(i int) []float64 {
	d := len(s.Names)
	return s.X[i*d : (i+1)*d : (i+1)*d]
}

// Index returns the position of the named column. An unknown name gives
// an error that lists the available columns and suggests close ones.
func (s *Series) Index(name string) (int, error) {
	for j, nm := range s.Names {
		if nm == name {
			return j, nil
		}
	}
	for j, nm := range s.Names {
		if strings.EqualFold(nm, name) {
			return j, nil
		}
	}
	msg := fmt.Sprintf("series: no column %q", name)
	if sg := system.Suggest(name, s.Names, 3); len(sg) > 0 {
		msg += "; did you mean " + quoteJoin(sg) + "?"
	}
	msg += " (columns: " + quoteJoin(s.Names) + ")"
	return -1, fmt.Errorf("%s", msg)
}

// Column returns a copy of the named column.
func (s *Series) Column(name string) ([]float64, error) {
	j, err := s.Index(name)
	if err != nil {
		return nil, err
	}
	return s.col(j), nil
}

func (s *Series) col(j int) []float64 {
	d := len(s.Names)
	out := make([]float64, s.Len())
	for i := range out {
		out[i] = s.X[i*d+j]
	}
	return out
}

// Label returns the label of a categorical column's value at row i, or
// the number formatted when the column is not categorical.
func (s *Series) Label(i, j int) string {
	v := s.At(i, j)
	if lv, ok := s.Levels[s.Names[j]]; ok && !math.IsNaN(v) && v >= 0 && int(v) < len(lv) {
		return lv[int(v)]
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// Select returns the named columns in the given order.
func (s *Series) Select(names ...string) (*Series, error) {
	if len(names) == 0 {
		return nil, fmt.Errorf("series: Select needs at least one column (columns: %s)", quoteJoin(s.Names))
	}
	idx := make([]int, len(names))
	for k, nm := range names {
		j, err := s.Index(nm)
		if err != nil {
			return nil, err
		}
		for _, prev := range idx[:k] {
			if prev == j {
				return nil, fmt.Errorf("series: column %q selected twice", s.Names[j])
			}
		}
		idx[k] = j
	}
	n, d, m := s.Len(), s.Dim(), len(idx)
	out := &Series{Names: make([]string, m), T: append([]float64(nil), s.T...), X: make([]float64, n*m)}
	for k, j := range idx {
		out.Names[k] = s.Names[j]
		if lv, ok := s.Levels[s.Names[j]]; ok {
			if out.Levels == nil {
				out.Levels = map[string][]string{}
			}
			out.Levels[s.Names[j]] = append([]string(nil), lv...)
		}
	}
	for i := 0; i < n; i++ {
		for k, j := range idx {
			out.X[i*m+k] = s.X[i*d+j]
		}
	}
	if s.Dates != nil {
		out.Dates = append([]time.Time(nil), s.Dates...)
	}
	return out, nil
}

// Drop returns the series without the named columns.
func (s *Series) Drop(names ...string) (*Series, error) {
	drop := map[int]bool{}
	for _, nm := range names {
		j, err := s.Index(nm)
		if err != nil {
			return nil, err
		}
		drop[j] = true
	}
	var keep []string
	for j, nm := range s.Names {
		if !drop[j] {
			keep = append(keep, nm)
		}
	}
	if len(keep) == 0 {
		return nil, fmt.Errorf("series: dropping %s leaves no columns", quoteJoin(names))
	}
	return s.Select(keep...)
}

// Slice returns a copy of rows [i, j). It panics when the range is out of
// bounds, like slicing.
func (s *Series) Slice(i, j int) *Series {
	if i < 0 || j < i || j > s.Len() {
		panic(fmt.Sprintf("series: Slice [%d, %d) out of range [0, %d]", i, j, s.Len()))
	}
	d := s.Dim()
	out := &Series{Names: append([]string(nil), s.Names...), T: append([]float64(nil), s.T[i:j]...),
		X: append([]float64(nil), s.X[i*d:j*d]...), Levels: copyLevels(s.Levels)}
	if s.Dates != nil {
		out.Dates = append([]time.Time(nil), s.Dates[i:j]...)
	}
	return out
}

// Between returns the rows with t0 <= T < t1 (in row order).
func (s *Series) Between(t0, t1 float64) *Series {
	keep := make([]int, 0)
	for i, t := range s.T {
		if t >= t0 && t < t1 {
			keep = append(keep, i)
		}
	}
	return s.Rows(keep)
}

// BetweenDates returns the rows dated in [from, to). It panics when s has
// no dates.
func (s *Series) BetweenDates(from, to time.Time) *Series {
	if s.Dates == nil {
		panic("series: BetweenDates on a series without dates")
	}
	keep := make([]int, 0)
	for i, d := range s.Dates {
		if !d.Before(from) && d.Before(to) {
			keep = append(keep, i)
		}
	}
	return s.Rows(keep)
}

// Rows returns a copy of the given rows, in the given order.
func (s *Series) Rows(idx []int) *Series {
	d := s.Dim()
	out := &Series{Names: append([]string(nil), s.Names...), T: make([]float64, len(idx)),
		X: make([]float64, len(idx)*d), Levels: copyLevels(s.Levels)}
	if s.Dates != nil {
		out.Dates = make([]time.Time, len(idx))
	}
	for k, i := range idx {
		out.T[k] = s.T[i]
		copy(out.X[k*d:(k+1)*d], s.X[i*d:(i+1)*d])
		if s.Dates != nil {
			out.Dates[k] = s.Dates[i]
		}
	}
	return out
}

// Clone returns a deep copy.
func (s *Series) Clone() *Series { return s.Slice(0, s.Len()) }

// CheckIncreasing returns an error naming the first row whose time is not
// strictly after the previous row's.
func (s *Series) CheckIncreasing() error {
	for i := 1; i < len(s.T); i++ {
		if !(s.T[i] > s.T[i-1]) {
			return fmt.Errorf("series: time %s at row %d is not after %s at row %d", s.timeString(i), i, s.timeString(i-1), i-1)
		}
	}
	return nil
}

// Intervals returns the differences T[i+1]-T[i] (length Len()-1), in the
// units of T.
func (s *Series) Intervals() []float64 {
	if s.Len() < 2 {
		return nil
	}
	out := make([]float64, s.Len()-1)
	for i := range out {
		out[i] = s.T[i+1] - s.T[i]
	}
	return out
}

// timeString formats the time of row i for messages: the date when the
// series is dated, else T.
func (s *Series) timeString(i int) string {
	if s.Dates != nil {
		return formatDate(s.Dates[i])
	}
	return "t=" + strconv.FormatFloat(s.T[i], 'g', -1, 64)
}

// String summarises the series in one line.
func (s *Series) String() string {
	if s.Len() == 0 {
		return fmt.Sprintf("series{%d columns %s; empty}", s.Dim(), quoteJoin(s.Names))
	}
	return fmt.Sprintf("series{%d×%d %s; %s .. %s}", s.Len(), s.Dim(), quoteJoin(s.Names),
		s.timeString(0), s.timeString(s.Len()-1))
}

// withValues returns a series with s's names and the given rows' times
// and dates, holding x, without categorical levels (the values are no
// longer codes).
func (s *Series) withValues(rows []int, x []float64) *Series {
	out := &Series{Names: append([]string(nil), s.Names...), T: make([]float64, len(rows)), X: x}
	if s.Dates != nil {
		out.Dates = make([]time.Time, len(rows))
	}
	for k, i := range rows {
		out.T[k] = s.T[i]
		if s.Dates != nil {
			out.Dates[k] = s.Dates[i]
		}
	}
	return out
}

func formatDate(d time.Time) string {
	d = d.UTC()
	if d.Hour() == 0 && d.Minute() == 0 && d.Second() == 0 && d.Nanosecond() == 0 {
		return d.Format("2006-01-02")
	}
	return d.Format(time.RFC3339Nano)
}

func copyLevels(l map[string][]string) map[string][]string {
	if l == nil {
		return nil
	}
	out := make(map[string][]string, len(l))
	for k, v := range l {
		out[k] = append([]string(nil), v...)
	}
	return out
}

func quoteJoin(s []string) string {
	q := make([]string, len(s))
	for i, v := range s {
		q[i] = strconv.Quote(v)
	}
	return strings.Join(q, ", ")
}
