package chaos

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// bruteCorrelationSum counts pairs directly (the definition).
func bruteCorrelationSum(p Points, radii []float64, w int) []float64 {
	n := p.Len()
	out := make([]float64, len(radii))
	var tot float64
	for i := 0; i < n; i++ {
		for j := i + w + 1; j < n; j++ {
			tot++
			var d float64
			for c, v := range p.Row(i) {
				d = math.Max(d, math.Abs(v-p.Row(j)[c]))
			}
			for k, r := range radii {
				if d < r {
					out[k]++
				}
			}
		}
	}
	for k := range out {
		out[k] /= tot
	}
	return out
}

// Exact: the k-d tree count equals the brute-force definition, with and
// without a Theiler window, for points with ties and radii equal to
// pair distances (d < r is strict).
func TestCorrelationSumExact(t *testing.T) {
	x := uniform(3*700, 4)
	for i := range x {
		x[i] = math.Round(x[i]*50) / 50 // many exact ties
	}
	p := Points{X: x, Dim: 3}
	radii := []float64{0.02, 0.04, 0.1, 0.2, 0.5, 1.01}
	for _, w := range []int{0, 5, 40} {
		got, err := CorrelationSum(p, radii, w)
		if err != nil {
			t.Fatal(err)
		}
		want := bruteCorrelationSum(p, radii, w)
		for k := range got {
			if got[k] != want[k] {
				t.Errorf("w=%d r=%v: C = %.10f, brute force %.10f", w, radii[k], got[k], want[k])
			}
		}
	}
	// Hand-checked: 4 points on a line at 0, 1, 3, 6: pair distances
	// 1, 3, 6, 2, 5, 3, so C(2.5) = 2/6 and C(3.5) = 4/6; with w = 1 the
	// pairs (0,1), (1,3), (3,6) go, leaving 3, 6, 5 — C(3.5) = 1/3.
	line := Points{X: []float64{0, 1, 3, 6}, Dim: 1}
	c, _ := CorrelationSum(line, []float64{2.5, 3.5}, 0)
	if c[0] != 2.0/6 || c[1] != 4.0/6 {
		t.Errorf("line: C = %v, want [1/3 2/3]", c)
	}
	c, _ = CorrelationSum(line, []float64{2.5, 3.5}, 1)
	if c[0] != 0 || c[1] != 1.0/3 {
		t.Errorf("line with w=1: C = %v, want [0 1/3]", c)
	}
}

// Exact: for iid uniform points in the unit square and the maximum norm,
// P(|Δx| < r) = 2r − r² in each coordinate, so C(r) = (2r − r²)²; the
// sample value has a relative standard deviation ≈ 1/√(pairs) plus the
// point-sampling term, within 3% here. The dimension is 2, lowered
// slightly by the same edge effect (local slope 2(2−2r)/(2−r) → 1.9 at
// r = 0.1); the automatic scaling region gives 1.96. A uniform segment
// gives 1.
func TestCorrelationDimensionUniform(t *testing.T) {
	const (
		cRelTol = 0.03
		dimTol  = 0.05
	)
	sq := Points{X: uniform(2*10000, 5), Dim: 2}
	radii := []float64{0.01, 0.03, 0.1}
	c, err := CorrelationSum(sq, radii, 0)
	if err != nil {
		t.Fatal(err)
	}
	for k, r := range radii {
		want := (2*r - r*r) * (2*r - r*r)
		if math.Abs(c[k]-want) > cRelTol*want {
			t.Errorf("square: C(%v) = %.6g, want (2r−r²)² = %.6g", r, c[k], want)
		}
	}
	d, err := CorrelationDimension(sq, nil)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(d.Dim-2) > dimTol {
		t.Errorf("square: D2 = %.4f (r %.3g…%.3g), want 2 ± %v", d.Dim, d.R[d.Lo], d.R[d.Hi], dimTol)
	}
	ln, err := CorrelationDimension(Points{X: uniform(5000, 6), Dim: 1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(ln.Dim-1) > dimTol {
		t.Errorf("segment: D2 = %.4f, want 1 ± %v", ln.Dim, dimTol)
	}
	t.Logf("uniform square D2 = %.4f ± %.4f over r %.3g…%.3g; segment D2 = %.4f", d.Dim, d.StdErr, d.R[d.Lo], d.R[d.Hi], ln.Dim)
}

// Literature: Grassberger & Procaccia (1983) find ν = 2.05 ± 0.01 for the
// Lorenz attractor (Sprott's lorenzle.htm: 2.055 ± 0.004). From 10^4
// states sampled every 0.05 (with the automatic Theiler window) we get
// about 2.06; the tolerance is 0.1. Hénon: 1.21 ± 0.01 (Grassberger &
// Procaccia 1983), from 10^4 states within 0.05 (we get about 1.21).
func TestCorrelationDimensionAttractors(t *testing.T) {
	const lorenzTol, henonTol = 0.1, 0.05
	tr := sample(t, build(t, "Lorenz", lorenz63, 0.05), 10000, 1000)
	d, err := CorrelationDimension(TrajectoryPoints(tr), nil)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(d.Dim-2.05) > lorenzTol {
		t.Errorf("Lorenz: D2 = %.4f, want 2.05 ± %v", d.Dim, lorenzTol)
	}
	h := sample(t, build(t, "Henon", nil, 0), 10000, 1000)
	dh, err := CorrelationDimension(TrajectoryPoints(h), nil)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(dh.Dim-1.21) > henonTol {
		t.Errorf("Hénon: D2 = %.4f, want 1.21 ± %v", dh.Dim, henonTol)
	}
	t.Logf("Lorenz D2 = %.4f ± %.4f (r %.3g…%.3g, Theiler %d); Hénon D2 = %.4f ± %.4f (r %.3g…%.3g)",
		d.Dim, d.StdErr, d.R[d.Lo], d.R[d.Hi], d.Theiler, dh.Dim, dh.StdErr, dh.R[dh.Lo], dh.R[dh.Hi])
}

func TestCorrelationDimensionErrors(t *testing.T) {
	if _, err := CorrelationDimension(Points{X: uniform(20, 1), Dim: 2}, nil); !errors.Is(err, ErrTooShort) || !strings.Contains(err.Error(), "at least 12 points with Theiler window 1, got 10") {
		t.Errorf("10 points: %v", err)
	}
	same := Points{X: make([]float64, 200), Dim: 2}
	if _, err := CorrelationDimension(same, nil); !errors.Is(err, ErrConstant) {
		t.Errorf("identical points: %v", err)
	}
	x := uniform(200, 1)
	x[77] = math.NaN()
	if _, err := CorrelationDimension(Points{X: x, Dim: 2}, nil); !errors.Is(err, ErrNotFinite) || !strings.Contains(err.Error(), "point 38, coordinate 1") {
		t.Errorf("NaN: %v", err)
	}
	// A lattice has no scaling region at small r (C jumps from 0).
	g := make([]float64, 0, 2*400)
	for i := 0; i < 20; i++ {
		for j := 0; j < 20; j++ {
			g = append(g, float64(i), float64(j))
		}
	}
	d, err := CorrelationDimension(Points{X: g, Dim: 2}, &CorrDimOptions{Theiler: -1, MinPairs: 10, RMin: 0.5, RMax: 0.99})
	if !errors.Is(err, ErrNoScaling) || d == nil || len(d.C) != 32 {
		t.Errorf("lattice below its spacing: err %v", err)
	}
	defer func() {
		if recover() == nil {
			t.Error("a ragged point set must panic")
		}
	}()
	CorrelationSum(Points{X: make([]float64, 5), Dim: 2}, []float64{1}, 0)
}
