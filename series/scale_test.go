package series

import (
	"math"
	"testing"
	"time"
)

// Hand example: training rows a = 1, 2, 3, 4 and b = 10, 10, 20, 20 give
// μ = (2.5, 15) and population σ = (√1.25, 5). The test rows (100, 1000)
// and (5, 15) must be scaled with those training statistics, so
// (5 − 2.5)/√1.25 = √5 and (1000 − 15)/5 = 197 exactly, whatever the test
// values are.
func TestStandardizerFittedOnTrainOnly(t *testing.T) {
	const tol = 1e-15
	s, err := FromColumns([]string{"a", "b"}, nil,
		[]float64{1, 2, 3, 4, 100, 5},
		[]float64{10, 10, 20, 20, 1000, 15})
	if err != nil {
		t.Fatal(err)
	}
	sp, err := s.SplitCount(4, 0, 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	z, err := FitStandardizer(sp.Train)
	if err != nil {
		t.Fatal(err)
	}
	if z.Mean[0] != 2.5 || z.Mean[1] != 15 || z.Std[0] != math.Sqrt(1.25) || z.Std[1] != 5 {
		t.Fatalf("fitted μ %v σ %v, want [2.5 15] [√1.25 5]", z.Mean, z.Std)
	}
	zt, err := z.Transform(sp.Test)
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{97.5 / math.Sqrt(1.25), 197, math.Sqrt(5), 0}
	for k, v := range zt.X {
		if math.Abs(v-want[k]) > tol*max(1, math.Abs(want[k])) {
			t.Errorf("standardized test value %d = %.17g, want %.17g", k, v, want[k])
		}
	}
	// Standardized training data have mean 0 and population variance 1.
	ztr, _ := z.Transform(sp.Train)
	for j := 0; j < 2; j++ {
		c := ztr.col(j)
		var m, v float64
		for _, x := range c {
			m += x / 4
		}
		for _, x := range c {
			v += (x - m) * (x - m) / 4
		}
		if math.Abs(m) > tol || math.Abs(v-1) > 4*tol {
			t.Errorf("column %d: standardized mean %v, variance %v", j, m, v)
		}
	}
	// Changing the test data changes nothing fitted on training data.
	s.X[8], s.X[9] = -1e6, 7
	sp2, _ := s.SplitCount(4, 0, 2, 1)
	z2, _ := FitStandardizer(sp2.Train)
	if z2.Mean[0] != z.Mean[0] || z2.Std[1] != z.Std[1] {
		t.Error("test values leaked into the training statistics")
	}
	// Fitting on everything would have given other statistics (μ_a = 115/6).
	zall, _ := FitStandardizer(s)
	if zall.Mean[0] == z.Mean[0] {
		t.Error("a standardizer fitted on all rows should differ")
	}
	// Inverse undoes Transform.
	back, err := z.Inverse(zt)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range back.X {
		if math.Abs(v-sp.Test.X[k]) > 1e-13*math.Abs(sp.Test.X[k]) {
			t.Errorf("inverse %d = %v, want %v", k, v, sp.Test.X[k])
		}
	}
	// In-place value transforms allocate nothing.
	buf := append([]float64(nil), sp.Test.X...)
	if a := testing.AllocsPerRun(100, func() { z.TransformValues(buf, buf); z.InverseValues(buf, buf) }); a != 0 {
		t.Errorf("TransformValues allocates %v times", a)
	}
}

func TestStandardizerErrors(t *testing.T) {
	c, _ := FromColumns([]string{"a", "flat"}, nil, []float64{1, 2, 3}, []float64{7, 7, 7})
	_, err := FitStandardizer(c)
	wantErr(t, err, `column "flat" is constant (7) over the 3 fitting rows`)
	n, _ := FromColumns([]string{"a"}, nil, []float64{1, math.NaN(), 3})
	_, err = FitStandardizer(n)
	wantErr(t, err, `row 1 (t=1), column "a" is missing (NaN)`)
	ok, _ := FromColumns([]string{"a"}, nil, []float64{1, 2, 3})
	z, _ := FitStandardizer(ok)
	other, _ := FromColumns([]string{"b"}, nil, []float64{1})
	_, err = z.Transform(other)
	wantErr(t, err, `standardizer fitted on columns "a", got "b"`)
}

// Hand example: prices 100, 110, 99, 99 have log returns ln 1.1, ln 0.9
// and 0, stamped with the later row's time and date.
func TestLogReturnsHand(t *testing.T) {
	const tol = 1e-16
	d0 := time.Date(2008, 10, 1, 0, 0, 0, 0, time.UTC)
	s := &Series{Names: []string{"p"}, X: []float64{100, 110, 99, 99}}
	for i := 0; i < 4; i++ {
		s.Dates = append(s.Dates, d0.AddDate(0, 0, i))
		s.T = append(s.T, DayOf(s.Dates[i]))
	}
	r, err := s.LogReturns()
	if err != nil {
		t.Fatal(err)
	}
	// ln 1.1 and ln 0.9 to 20 digits (Python decimal, 30-digit context).
	want := []float64{0.095310179804324860044, -0.10536051565782630123, 0}
	if r.Len() != 3 || !r.Dates[0].Equal(d0.AddDate(0, 0, 1)) || r.T[2] != s.T[3] {
		t.Fatalf("returns %v at %v", r.X, r.Dates)
	}
	for i, w := range want {
		if math.Abs(r.X[i]-w) > tol {
			t.Errorf("return %d = %.20g, want %.20g", i, r.X[i], w)
		}
	}
	bad := &Series{Names: []string{"close"}, T: s.T, Dates: s.Dates, X: []float64{1, 2, 0, 3}}
	_, err = bad.LogReturns()
	wantErr(t, err, `log returns need positive prices; row 2 (2008-10-03), column "close" is 0`)
	bad.X[2] = -4
	_, err = bad.LogReturns()
	wantErr(t, err, `column "close" is -4`)
}

// Exact: squares 1, 4, 9, 16, 25 have first differences 3, 5, 7, 9, lag-2
// differences 8, 12, 16, and constant second differences 2.
func TestDiff(t *testing.T) {
	s, _ := FromColumns([]string{"sq"}, nil, []float64{1, 4, 9, 16, 25})
	d1, err := s.Diff(1)
	if err != nil || !equal(d1.X, []float64{3, 5, 7, 9}) || d1.T[0] != 1 {
		t.Errorf("Diff(1) = %v at %v (%v)", d1.X, d1.T, err)
	}
	d2, _ := s.Diff(2)
	if !equal(d2.X, []float64{8, 12, 16}) || d2.T[0] != 2 {
		t.Errorf("Diff(2) = %v at %v", d2.X, d2.T)
	}
	dd, _ := d1.Diff(1)
	if !equal(dd.X, []float64{2, 2, 2}) {
		t.Errorf("second difference %v", dd.X)
	}
	_, err = s.Diff(5)
	wantErr(t, err, "5 rows are too few for a difference of lag 5")
	_, err = s.Diff(0)
	wantErr(t, err, "lag 0 must be at least 1")
}
