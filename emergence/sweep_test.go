package emergence

import (
	"errors"
	"math"
	"testing"
)

// TestSweepHand checks the three metrics on a hand-computed example:
// scores {0.95, 0.5, 0} and {1, 0.9, 0.2}: fraction ≥ 0.9 = 1/3 and 2/3;
// mean 0.4833… and 0.7; log score (ln 0.95 + ln 0.5 + ln 1e-6)/3 and
// (ln 1 + ln 0.9 + ln 0.2)/3; baseline {0.1, 0.1, 0.1}: 0, 0.1, ln 0.1.
func TestSweepHand(t *testing.T) {
	const tol = 1e-15
	sc := Scores{
		Scale:    []float64{1, 10},
		Scores:   [][][]float64{{{0.95, 0.5, 0}}, {{1, 0.9, 0.2}}},
		Baseline: [][]float64{{0.1, 0.1, 0.1}},
	}
	cs, err := Sweep(sc, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][3]float64{
		"fraction ≥ 0.9": {1.0 / 3, 2.0 / 3, 0},
		"mean score":     {1.45 / 3, 2.1 / 3, 0.1},
		"log score":      {(math.Log(0.95) + math.Log(0.5) + math.Log(1e-6)) / 3, (math.Log(0.9) + math.Log(0.2)) / 3, math.Log(0.1)},
	}
	if len(cs) != 3 {
		t.Fatalf("%d curves", len(cs))
	}
	for _, c := range cs {
		w, ok := want[c.Name]
		if !ok {
			t.Fatalf("unexpected curve %q", c.Name)
		}
		if c.Continuous != (c.Name != "fraction ≥ 0.9") {
			t.Errorf("%q continuous = %v", c.Name, c.Continuous)
		}
		if math.Abs(c.Values[0][0]-w[0]) > tol || math.Abs(c.Values[1][0]-w[1]) > tol || math.Abs(c.Baselines[0]-w[2]) > tol {
			t.Errorf("%q: values %v baseline %v, want %v", c.Name, c.Values, c.Baselines, w)
		}
	}
	sc.Scores[0][0][1] = 1.2
	if _, err := Sweep(sc, nil); !errors.Is(err, ErrBadCurve) {
		t.Errorf("score 1.2: %v", err)
	}
}
