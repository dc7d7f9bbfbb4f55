package forecast

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// The reservoir matrix has the requested spectral radius (checked with an
// independent eigendecomposition of the scaled matrix) and, in
// expectation, degree non-zeros per row: the count is Binomial(N², degree/N),
// mean N·degree, standard deviation ≈ √(N·degree); the test allows 4.
func TestESNReservoir(t *testing.T) {
	const radiusTol = 1e-10
	for _, tc := range []struct {
		size           int
		degree, radius float64
	}{{100, 3, 0.9}, {200, 6, 1.2}, {50, 50, 0.5}} {
		m := &ESN{size: tc.size, degree: tc.degree, radius: tc.radius, inScale: 0.1, bias: 0.2, leak: 1, seed: 5}
		if err := m.build(2); err != nil {
			t.Fatal(err)
		}
		w := mat.NewDense(tc.size, tc.size, nil)
		for i := 0; i < tc.size; i++ {
			for q := m.rowPtr[i]; q < m.rowPtr[i+1]; q++ {
				w.Set(i, m.col[q], m.val[q])
			}
		}
		var eig mat.Eigen
		if !eig.Factorize(w, mat.EigenNone) {
			t.Fatal("eigendecomposition failed")
		}
		var rho float64
		for _, v := range eig.Values(nil) {
			rho = max(rho, math.Hypot(real(v), imag(v)))
		}
		if math.Abs(rho-tc.radius) > radiusTol {
			t.Errorf("size %d degree %g: spectral radius %.12f, want %g", tc.size, tc.degree, rho, tc.radius)
		}
		mean := float64(tc.size) * min(tc.degree, float64(tc.size))
		sd := math.Sqrt(mean * (1 - min(1, tc.degree/float64(tc.size))))
		if math.Abs(float64(m.nonzeros)-mean) > 4*sd+0.5 {
			t.Errorf("size %d degree %g: %d non-zeros, want %.0f ± %.1f", tc.size, tc.degree, m.nonzeros, mean, 4*sd)
		}
		// Input weights within their ranges.
		for i := 0; i < tc.size; i++ {
			if math.Abs(m.win[i*3]) > 0.2 || math.Abs(m.win[i*3+1]) > 0.1 || math.Abs(m.win[i*3+2]) > 0.1 {
				t.Fatalf("input weights of node %d out of range: %v", i, m.win[i*3:i*3+3])
			}
		}
	}
}

// The seed selects the reservoir: the same seed gives the same matrices,
// another seed different ones.
func TestESNSeed(t *testing.T) {
	mk := func(seed uint64) *ESN {
		m := &ESN{size: 60, degree: 3, radius: 1, inScale: 0.5, bias: 0.5, leak: 1, washout: 10, alpha: 1e-6, squared: true, seed: seed}
		x := make([]float64, 2*300)
		rng := rand.New(rand.NewPCG(1, 1))
		for i := range x {
			x[i] = rng.NormFloat64()
		}
		if err := m.Fit(context.Background(), NewBlock(x, 2), nil); err != nil {
			t.Fatal(err)
		}
		return m
	}
	a, b, c := mk(1), mk(1), mk(2)
	same := func(x, y []float64) bool {
		if len(x) != len(y) {
			return false
		}
		for i := range x {
			if x[i] != y[i] {
				return false
			}
		}
		return true
	}
	if !same(a.val, b.val) || !same(a.win, b.win) || !same(a.wout, b.wout) {
		t.Error("two ESNs with seed 1 differ")
	}
	if same(a.val, c.val) || same(a.win, c.win) {
		t.Error("ESNs with seeds 1 and 2 have the same reservoir")
	}
}

// The monomial enumeration has the closed-form count Σ_deg C(n+deg−1, deg)
// and no duplicates; for Lorenz with k = 2 the NG-RC feature vector has
// 6 linear and 21 quadratic terms (28 with the constant, Gauthier et al.
// 2021), 56 more with the cubic ones.
func TestMonomials(t *testing.T) {
	for _, tc := range []struct{ n, order, want int }{
		{6, 2, 21}, {6, 3, 21 + 56}, {1, 3, 2}, {3, 1, 0}, {10, 2, 55},
	} {
		mono := monomials(tc.n, tc.order)
		if len(mono) != tc.want || countMonomials(tc.n, tc.order) != tc.want {
			t.Errorf("n=%d order=%d: %d monomials (count %d), want %d", tc.n, tc.order, len(mono), countMonomials(tc.n, tc.order), tc.want)
		}
		seen := map[[3]int]bool{}
		for _, idx := range mono {
			var key [3]int
			for p := range key {
				key[p] = -1
			}
			copy(key[:], idx)
			for p := 1; p < len(idx); p++ {
				if idx[p] < idx[p-1] {
					t.Fatalf("monomial %v is not sorted", idx)
				}
			}
			if seen[key] {
				t.Fatalf("duplicate monomial %v", idx)
			}
			seen[key] = true
		}
	}
}
