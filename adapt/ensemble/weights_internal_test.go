package ensemble

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/emergo/emergo/forecast"
)

// projectSimplex against hand-computed projections onto the probability
// simplex (Duchi et al. 2008, Fig. 1).
func TestProjectSimplex(t *testing.T) {
	const tol = 1e-15
	cases := []struct{ in, want []float64 }{
		{[]float64{0.2, 0.3, 0.5}, []float64{0.2, 0.3, 0.5}}, // already on the simplex
		{[]float64{1, 1}, []float64{0.5, 0.5}},               // θ = 0.5
		{[]float64{2, 0, 0}, []float64{1, 0, 0}},             // θ = 1
		{[]float64{0.5, 0.5, -3}, []float64{0.5, 0.5, 0}},    // negative coordinate clipped
		{[]float64{0, 0, 0, 0}, []float64{0.25, 0.25, 0.25, 0.25}},
		{[]float64{1.2, 0.6, -0.1}, []float64{0.8, 0.2, 0}}, // θ = 0.4
	}
	for _, c := range cases {
		v := append([]float64(nil), c.in...)
		projectSimplex(v)
		for i := range v {
			if math.Abs(v[i]-c.want[i]) > tol {
				t.Errorf("projectSimplex(%v) = %v, want %v", c.in, v, c.want)
				break
			}
		}
	}
}

// The stacked weights minimise the combined mean squared error over the
// simplex: no point of a 0.005 grid over the 3-simplex does better (to
// 1e-12), for members with correlated errors of different sizes and a
// biased member.
func TestStackWeightsOptimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	const n = 400
	truth := make([]float64, n)
	preds := []*forecast.Block{forecast.NewBlock(make([]float64, n), 1), forecast.NewBlock(make([]float64, n), 1), forecast.NewBlock(make([]float64, n), 1)}
	for i := range truth {
		truth[i] = math.Sin(0.1 * float64(i))
		common := rng.NormFloat64()
		preds[0].X[i] = truth[i] + 0.1*rng.NormFloat64() + 0.05*common
		preds[1].X[i] = truth[i] + 0.3*rng.NormFloat64() - 0.05*common
		preds[2].X[i] = truth[i] + 0.2 + 0.05*rng.NormFloat64()
	}
	tb := forecast.NewBlock(truth, 1)
	w := stackWeights(preds, tb, nil)
	mse := func(w []float64) float64 {
		var s float64
		for i := range truth {
			e := w[0]*preds[0].X[i] + w[1]*preds[1].X[i] + w[2]*preds[2].X[i] - truth[i]
			s += e * e
		}
		return s / n
	}
	var sum float64
	for _, v := range w {
		if v < 0 {
			t.Fatalf("negative stacked weight: %v", w)
		}
		sum += v
	}
	if math.Abs(sum-1) > 1e-12 {
		t.Fatalf("stacked weights %v sum to %v", w, sum)
	}
	best := mse(w)
	const step = 0.005
	for a := 0.0; a <= 1+1e-9; a += step {
		for b := 0.0; a+b <= 1+1e-9; b += step {
			g := []float64{a, b, math.Max(0, 1-a-b)}
			if m := mse(g); m < best-1e-12 {
				t.Fatalf("grid point %v has MSE %.10g below the stacked weights' %v: %.10g", g, m, w, best)
			}
		}
	}
	t.Logf("stacked weights %.4f, MSE %.5g", w, best)
	inv := inverseErrorWeights(preds, tb, nil)
	if !(inv[0] > inv[2] && inv[2] > inv[1]) {
		t.Errorf("inverse-error weights %v do not rank the members by their errors (0.11, 0.2, 0.3)", inv)
	}
}
