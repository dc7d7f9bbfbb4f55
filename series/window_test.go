package series

import (
	"testing"
)

// ramp returns n rows of columns "u" = i and "v" = 100+i at times 0.5·i.
func ramp(t *testing.T, n int) *Series {
	t.Helper()
	u, v, tt := make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range u {
		u[i], v[i], tt[i] = float64(i), 100+float64(i), 0.5*float64(i)
	}
	s, err := FromColumns([]string{"u", "v"}, tt, u, v)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Exact: 10 rows, input 3, horizon 2, stride 2 give (10−5)/2+1 = 3 pairs
// starting at rows 0, 2, 4; pair k's inputs are rows s..s+2 and targets
// rows s+3, s+4.
func TestWindowsShapes(t *testing.T) {
	s := ramp(t, 10)
	w, err := s.Windows(3, 2, 2)
	if err != nil {
		t.Fatal(err)
	}
	if w.Len() != 3 || w.Dim != 2 {
		t.Fatalf("%d pairs of dim %d, want 3 of 2", w.Len(), w.Dim)
	}
	for k, start := range []int{0, 2, 4} {
		if w.Starts[k] != start {
			t.Errorf("start %d = %d, want %d", k, w.Starts[k], start)
		}
		x, y := w.X(k), w.Y(k)
		if len(x) != 3*2 || len(y) != 2*2 {
			t.Fatalf("pair %d: len X %d, Y %d", k, len(x), len(y))
		}
		for r := 0; r < 3; r++ {
			if x[2*r] != float64(start+r) || x[2*r+1] != 100+float64(start+r) {
				t.Errorf("pair %d input row %d = %v", k, r, x[2*r:2*r+2])
			}
		}
		for r := 0; r < 2; r++ {
			if y[2*r] != float64(start+3+r) {
				t.Errorf("pair %d target row %d = %v", k, r, y[2*r:2*r+2])
			}
		}
		// No look-ahead: every target time is after every input time.
		it, tt := w.InputTimes(k), w.TargetTimes(k)
		if it[len(it)-1] >= tt[0] || tt[0] != 0.5*float64(start+3) {
			t.Errorf("pair %d: input times %v, target times %v", k, it, tt)
		}
	}
	// Stride 1 uses every start: 10−5+1 = 6 pairs; the last target is
	// the last row.
	w1, _ := s.Windows(3, 2, 1)
	if w1.Len() != 6 || w1.Y(5)[2] != 9 {
		t.Errorf("stride 1: %d pairs, last target %v", w1.Len(), w1.Y(5))
	}
	x, y := w.Arrays()
	if len(x) != 3*3*2 || len(y) != 3*2*2 || x[6] != 2 || y[4] != 5 {
		t.Errorf("Arrays: %v %v", x, y)
	}
	// Windows own their data.
	s.X[0] = -1
	if w.X(0)[0] != 0 {
		t.Error("Windows must copy the series")
	}
	_, err = s.Windows(8, 3, 1)
	wantErr(t, err, "10 rows are too few for one window of 8 input + 3 target rows")
	_, err = s.Windows(3, 0, 1)
	wantErr(t, err, "must all be at least 1")
}

// Splits are consecutive, in time order, cover the rows, and windows cut
// inside each part never reach into the next part.
func TestSplitFrac(t *testing.T) {
	s := ramp(t, 100)
	sp, err := s.SplitFrac(0.7, 0.15, 0.15, 10)
	if err != nil {
		t.Fatal(err)
	}
	if sp.Train.Len() != 70 || sp.Val.Len() != 15 || sp.Test.Len() != 15 {
		t.Fatalf("sizes %d/%d/%d, want 70/15/15", sp.Train.Len(), sp.Val.Len(), sp.Test.Len())
	}
	parts := []*Series{sp.Train, sp.Val, sp.Test}
	row := 0
	for p, part := range parts {
		for i := 0; i < part.Len(); i++ {
			if part.At(i, 0) != float64(row) {
				t.Fatalf("part %d row %d holds %v, want source row %d", p, i, part.At(i, 0), row)
			}
			row++
		}
		if p > 0 && !(part.T[0] > parts[p-1].T[parts[p-1].Len()-1]) {
			t.Errorf("part %d starts at %v, not after the previous part's end", p, part.T[0])
		}
	}
	if row != 100 {
		t.Errorf("parts cover %d rows, want 100", row)
	}
	w, _ := sp.Train.Windows(5, 3, 1)
	lastTarget := w.TargetTimes(w.Len() - 1)
	if lastTarget[len(lastTarget)-1] >= sp.Val.T[0] || lastTarget[len(lastTarget)-1] != sp.Train.T[69] {
		t.Errorf("training windows reach %v; validation starts at %v", lastTarget, sp.Val.T[0])
	}

	// Rounding: 0.333/0.333/0.334 of 10 rows is 3/3/4.
	sp, err = ramp(t, 10).SplitFrac(0.333, 0.333, 0.334, 1)
	if err != nil || sp.Train.Len() != 3 || sp.Val.Len() != 3 || sp.Test.Len() != 4 {
		t.Errorf("rounding: %v %v", sp, err)
	}
	// No validation part.
	sp, err = s.SplitFrac(0.8, 0, 0.2, 1)
	if err != nil || sp.Val != nil || sp.Train.Len() != 80 || sp.Test.Len() != 20 {
		t.Errorf("no validation: %v %v", sp, err)
	}
	_, err = s.SplitFrac(0.9, 0.05, 0.05, 10)
	wantErr(t, err, "series: split fractions 0.9/0.05/0.05 of 100 rows: validation part has 5 rows, need at least 10")
	_, err = s.SplitFrac(0.7, 0.2, 0.2, 1)
	wantErr(t, err, "sum to 1.0999999999999999, want 1")
	_, err = s.SplitFrac(0, 0.5, 0.5, 1)
	wantErr(t, err, "train and test must be positive")
	_, err = s.SplitFrac(1.2, -0.1, -0.1, 1)
	wantErr(t, err, "must lie in [0, 1]")
	// A part that rounds to nothing is too short even with minLen 0.
	_, err = ramp(t, 10).SplitFrac(0.96, 0, 0.04, 0)
	wantErr(t, err, "test part has 0 rows, need at least 1")
}

func TestSplitCount(t *testing.T) {
	s := ramp(t, 50)
	sp, err := s.SplitCount(30, 5, 10, 5)
	if err != nil {
		t.Fatal(err)
	}
	if sp.Train.Len() != 30 || sp.Val.Len() != 5 || sp.Test.Len() != 10 || sp.Test.At(9, 0) != 44 || sp.Val.At(0, 0) != 30 {
		t.Errorf("SplitCount 30/5/10: %v %v %v", sp.Train, sp.Val, sp.Test)
	}
	_, err = s.SplitCount(30, 15, 10, 1)
	wantErr(t, err, "split sizes 30/15/10 need 55 rows, the series has 50")
	_, err = s.SplitCount(30, 0, 4, 5)
	wantErr(t, err, "split sizes 30/0/4: test part has 4 rows, need at least 5")
	_, err = s.SplitCount(-1, 0, 4, 5)
	wantErr(t, err, "must not be negative")
}
