package series

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/emergo/emergo/system"
)

// small returns a 5×2 series with columns "a" and "b" at times 0..4,
// a_i = i+1 and b_i = 10(i+1).
func small(t *testing.T) *Series {
	t.Helper()
	s, err := FromColumns([]string{"a", "b"}, nil, []float64{1, 2, 3, 4, 5}, []float64{10, 20, 30, 40, 50})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func wantErr(t *testing.T, err error, want string) {
	t.Helper()
	if err == nil {
		t.Fatalf("want an error containing %q, got nil", want)
	}
	if !strings.Contains(err.Error(), want) {
		t.Fatalf("error %q does not contain %q", err, want)
	}
}

func TestNewAndValidate(t *testing.T) {
	s := small(t)
	if s.Len() != 5 || s.Dim() != 2 || s.At(3, 1) != 40 || s.T[4] != 4 {
		t.Fatalf("FromColumns: %v %v", s.T, s.X)
	}
	if r := s.Row(2); len(r) != 2 || r[0] != 3 || r[1] != 30 {
		t.Errorf("Row(2) = %v", r)
	}
	_, err := New([]string{"a", "b"}, []float64{0, 1}, []float64{1, 2, 3})
	wantErr(t, err, "3 values for 2 rows of 2 columns")
	_, err = New([]string{"a", "a"}, nil, []float64{1, 2})
	wantErr(t, err, `both named "a"`)
	_, err = New([]string{"a", " "}, nil, []float64{1, 2})
	wantErr(t, err, "column 1 has an empty name")
	_, err = FromColumns([]string{"a", "b"}, nil, []float64{1, 2}, []float64{1})
	wantErr(t, err, `column "b" has 1 values, column "a" has 2`)
	bad := small(t)
	bad.Levels = map[string][]string{"a": {"x", "y"}}
	wantErr(t, bad.Validate(), `categorical column "a" has code 2 at row 1`)
	// New copies its inputs.
	x := []float64{1, 2}
	s2, _ := New([]string{"v"}, nil, x)
	x[0] = 99
	if s2.X[0] != 1 {
		t.Error("New must copy its values")
	}
}

// FromTrajectory keeps values and times of a system.Sample exactly.
func TestFromTrajectory(t *testing.T) {
	m := system.NewMap("double", func(dst, x []float64, _ float64) { dst[0], dst[1] = 2*x[0], x[1]+1 }, nil, []float64{1, 0})
	tr, err := system.Sample(context.Background(), m, 6, nil)
	if err != nil {
		t.Fatal(err)
	}
	s, err := FromTrajectory(tr, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Names[0] != "x0" || s.Names[1] != "x1" || s.Len() != 6 {
		t.Fatalf("names %v len %d", s.Names, s.Len())
	}
	for i := 0; i < 6; i++ {
		if s.T[i] != float64(i) || s.At(i, 0) != math.Pow(2, float64(i)) || s.At(i, 1) != float64(i) {
			t.Errorf("row %d: t=%v %v", i, s.T[i], s.Row(i))
		}
	}
	_, err = FromTrajectory(tr, []string{"only"})
	wantErr(t, err, "1 names for a trajectory of dimension 2")
}

func TestSelectDropAndErrors(t *testing.T) {
	s := small(t)
	b, err := s.Select("b", "a")
	if err != nil {
		t.Fatal(err)
	}
	if b.Names[0] != "b" || b.At(1, 0) != 20 || b.At(1, 1) != 2 {
		t.Errorf("Select(b, a) = %v %v", b.Names, b.X)
	}
	_, err = s.Select("close")
	wantErr(t, err, `series: no column "close" (columns: "a", "b")`)
	_, err = s.Select("aa")
	wantErr(t, err, `did you mean "a"?`)
	_, err = s.Select("a", "a")
	wantErr(t, err, `column "a" selected twice`)
	if j, err := s.Index("B"); err != nil || j != 1 {
		t.Errorf("case-insensitive Index: %d %v", j, err)
	}
	c, err := s.Column("b")
	if err != nil || len(c) != 5 || c[4] != 50 {
		t.Errorf("Column(b) = %v %v", c, err)
	}
	d, err := s.Drop("a")
	if err != nil || d.Dim() != 1 || d.Names[0] != "b" {
		t.Errorf("Drop(a) = %v %v", d, err)
	}
	_, err = s.Drop("a", "b")
	wantErr(t, err, "leaves no columns")
}

func TestSliceRowsBetween(t *testing.T) {
	s := small(t)
	sl := s.Slice(1, 3)
	if sl.Len() != 2 || sl.T[0] != 1 || sl.At(1, 1) != 30 {
		t.Errorf("Slice(1,3) = %v %v", sl.T, sl.X)
	}
	sl.X[0] = -1
	if s.X[2] == -1 {
		t.Error("Slice must copy")
	}
	if bt := s.Between(1.5, 4); bt.Len() != 2 || bt.T[0] != 2 || bt.T[1] != 3 {
		t.Errorf("Between(1.5, 4) times %v", bt.T)
	}
	defer func() {
		if recover() == nil {
			t.Error("Slice out of range must panic")
		}
	}()
	s.Slice(2, 9)
}

func TestDatesHelpers(t *testing.T) {
	d := time.Date(2000, 1, 3, 12, 0, 0, 0, time.UTC)
	// 2000-01-03 is day 10959 after 1970-01-01 (30 years, 7 leap days: 30·365+7+2).
	if got := DayOf(d); got != 10959.5 {
		t.Errorf("DayOf = %v, want 10959.5", got)
	}
	if got := DateOf(10959.5); !got.Equal(d) {
		t.Errorf("DateOf = %v", got)
	}
	s := small(t)
	s.Dates = make([]time.Time, 5)
	for i := range s.Dates {
		s.Dates[i] = d.AddDate(0, 0, i)
		s.T[i] = DayOf(s.Dates[i])
	}
	got := s.BetweenDates(d.AddDate(0, 0, 1), d.AddDate(0, 0, 3))
	if got.Len() != 2 || got.At(0, 0) != 2 || !got.Dates[1].Equal(d.AddDate(0, 0, 2)) {
		t.Errorf("BetweenDates: %v", got)
	}
	if !strings.Contains(s.String(), "5×2") {
		t.Errorf("String() = %s", s)
	}
}

func TestCheckFiniteAndFill(t *testing.T) {
	nan := math.NaN()
	s, _ := FromColumns([]string{"a", "b"}, []float64{0, 1, 2, 4, 5},
		[]float64{nan, 2, nan, 8, nan},
		[]float64{1, 2, 3, 4, 5})
	err := s.CheckFinite()
	var ne *NaNError
	if !errors.As(err, &ne) || ne.Row != 0 || ne.Column != "a" {
		t.Fatalf("CheckFinite: %v", err)
	}
	wantErr(t, err, `row 0 (t=0), column "a" is missing (NaN)`)
	if c := s.CountNaN(); c[0] != 3 || c[1] != 0 {
		t.Errorf("CountNaN = %v", c)
	}
	if d := s.DropNaN(); d.Len() != 2 || d.T[0] != 1 || d.T[1] != 4 {
		t.Errorf("DropNaN times %v", d.T)
	}
	// Forward: leading gap takes the first value; trailing carries 8.
	f, err := s.FillNaN(FillForward)
	if err != nil {
		t.Fatal(err)
	}
	if a, _ := f.Column("a"); !equal(a, []float64{2, 2, 2, 8, 8}) {
		t.Errorf("forward fill %v", a)
	}
	// Linear in time: t=2 lies 1/3 of the way from t=1 (2) to t=4 (8): 4.
	l, _ := s.FillNaN(FillLinear)
	if a, _ := l.Column("a"); !equal(a, []float64{2, 2, 4, 8, 8}) {
		t.Errorf("linear fill %v", a)
	}
	if err := l.CheckFinite(); err != nil {
		t.Error(err)
	}
	allNaN, _ := FromColumns([]string{"z"}, nil, []float64{nan, nan})
	_, err = allNaN.FillNaN(FillLinear)
	wantErr(t, err, `column "z" has no observed value`)
	inf, _ := FromColumns([]string{"z"}, nil, []float64{1, math.Inf(1)})
	wantErr(t, inf.CheckFinite(), `row 1 (t=1), column "z" is infinite`)
}

func equal(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] && !(math.IsNaN(a[i]) && math.IsNaN(b[i])) {
			return false
		}
	}
	return true
}
