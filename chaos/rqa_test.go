package chaos

import (
	"math"
	"testing"
)

// naiveRQA builds the full recurrence matrix and counts lines by
// walking each diagonal and column: the definition, for checking the
// row-by-row scan.
func naiveRQA(p Points, eps float64, w int) (diag, vert []int64, rec int64) {
	n := p.Len()
	R := make([][]bool, n)
	for i := range R {
		R[i] = make([]bool, n)
		for j := range R[i] {
			if j-i > w || i-j > w {
				var d float64
				for c, v := range p.Row(i) {
					d = math.Max(d, math.Abs(v-p.Row(j)[c]))
				}
				R[i][j] = d <= eps
				if R[i][j] {
					rec++
				}
			}
		}
	}
	diag, vert = make([]int64, n+1), make([]int64, n+1)
	for k := -(n - 1); k <= n-1; k++ { // diagonal j − i = k
		run := 0
		for i := 0; i < n; i++ {
			j := i + k
			if j < 0 || j >= n {
				continue
			}
			if R[i][j] {
				run++
			} else if run > 0 {
				diag[run]++
				run = 0
			}
		}
		if run > 0 {
			diag[run]++
		}
	}
	for j := 0; j < n; j++ {
		run := 0
		for i := 0; i < n; i++ {
			if R[i][j] {
				run++
			} else if run > 0 {
				vert[run]++
				run = 0
			}
		}
		if run > 0 {
			vert[run]++
		}
	}
	return diag, vert, rec
}

// Exact: the streaming line counts equal the full-matrix definition.
func TestRQAMatchesDefinition(t *testing.T) {
	x := uniform(2*150, 14)
	p := Points{X: x, Dim: 2}
	for _, w := range []int{0, 3} {
		r, err := RecurrenceQuantification(p, &RQAOptions{Epsilon: 0.2, Theiler: w})
		if err != nil {
			t.Fatal(err)
		}
		diag, vert, rec := naiveRQA(p, 0.2, w)
		for l := range diag {
			if diag[l] != r.Diag[l] || vert[l] != r.Vert[l] {
				t.Fatalf("w=%d, length %d: diagonal %d vertical %d lines, definition %d and %d", w, l, r.Diag[l], r.Vert[l], diag[l], vert[l])
			}
		}
		adm := float64(150*150 - 150 - 2*(150*w-w*(w+1)/2))
		if math.Abs(r.RR-float64(rec)/adm) > 1e-15 {
			t.Errorf("w=%d: RR %v, definition %v", w, r.RR, float64(rec)/adm)
		}
	}
}

// Exact: the period-2 sequence 0,1,0,1,… (12 points) with ε = 0.5 recurs
// exactly when i − j is even: 6 even and 6 odd points give 2·6·5 = 60 of
// the 132 off-diagonal cells, all on the full diagonals j − i = ±2, ±4,
// …, ±10 of lengths 10, 8, …, 2, so DET = 1, L = 6, LMax = 10; no two
// recurrences are vertically adjacent, so LAM = 0.
func TestRQAPeriodTwo(t *testing.T) {
	const tol = 1e-15
	x := []float64{0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1}
	r, err := RecurrenceQuantification(Points{X: x, Dim: 1}, &RQAOptions{Epsilon: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(r.RR-60.0/132) > tol || r.DET != 1 || r.LAM != 0 || r.LMax != 10 || math.Abs(r.L-6) > tol {
		t.Errorf("period 2: RR %v DET %v LAM %v LMax %d L %v; want 60/132, 1, 0, 10, 6", r.RR, r.DET, r.LAM, r.LMax, r.L)
	}
}

// Expected values: for iid noise the diagonal neighbours of a recurrence
// are independent recurrences with probability RR, so a recurrence point
// lies on a line of length ≥ 2 with probability DET = 1 − (1 − RR)²
// (borders aside); 2000 points give it to ±0.003. A sine is periodic:
// DET ≈ 1. Plateaus (a signal held for 10 steps at random levels) are
// laminar: LAM ≈ 1, apart from the runs of length 1 the line of identity
// cuts off (2 in 90 per plateau).
func TestRQARegimes(t *testing.T) {
	const detTol = 0.01
	noise, err := RecurrenceQuantification(Points{X: uniform(2000, 15), Dim: 1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := 1 - (1-noise.RR)*(1-noise.RR)
	if math.Abs(noise.RR-0.05) > 0.005 || math.Abs(noise.DET-want) > detTol {
		t.Errorf("iid noise: RR %.4f (target 0.05), DET %.4f, want 1 − (1−RR)² = %.4f", noise.RR, noise.DET, want)
	}
	s := make([]float64, 2000)
	for i := range s {
		s[i] = math.Sin(2 * math.Pi * float64(i) / 50.3)
	}
	ps, _ := Embed(s, 2, 12)
	sine, err := RecurrenceQuantification(ps, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sine.DET < 0.95 {
		t.Errorf("sine: DET %.4f, want ≈ 1", sine.DET)
	}
	lv := uniform(200, 16)
	pl := make([]float64, 2000)
	for i := range pl {
		pl[i] = lv[i/10]
	}
	lam, err := RecurrenceQuantification(Points{X: pl, Dim: 1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if lam.LAM < 0.95 || noise.LAM > 0.2 {
		t.Errorf("plateaus: LAM %.4f (TT %.2f), want ≈ 1; noise LAM %.4f, want small", lam.LAM, lam.TT, noise.LAM)
	}
	t.Logf("noise: RR %.4f DET %.4f (theory %.4f) LAM %.4f; sine: DET %.4f L %.1f; plateaus: LAM %.4f TT %.2f",
		noise.RR, noise.DET, want, noise.LAM, sine.DET, sine.L, lam.LAM, lam.TT)
}

func TestRQAErrors(t *testing.T) {
	if _, err := RecurrenceQuantification(Points{X: uniform(5, 1), Dim: 1}, nil); err == nil {
		t.Error("5 points must be too few")
	}
	if _, err := RecurrenceQuantification(Points{X: make([]float64, 100), Dim: 1}, nil); err == nil {
		t.Error("identical points must be an error")
	}
	if _, err := RecurrenceQuantification(Points{X: uniform(100, 1), Dim: 1}, &RQAOptions{Theiler: -2}); err == nil {
		t.Error("a negative Theiler window must be an error")
	}
}
