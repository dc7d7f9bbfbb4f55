package homogenization

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// identityTol is the tolerance of the decomposition identities, which
// hold exactly in real arithmetic (errors here are O(1)).
const identityTol = 1e-12

// TestAmbiguityIdentity: E = Ē − Ā (Krogh & Vedelsby 1995) for uniform
// and non-uniform convex weights; Ā ≥ 0, so the ensemble is never worse
// than its weighted average member.
func TestAmbiguityIdentity(t *testing.T) {
	rng := rand.New(rand.NewPCG(61, 62))
	n, m := 300, 5
	y := make([]float64, n)
	preds := mat.NewDense(n, m, nil)
	for i := 0; i < n; i++ {
		y[i] = math.Sin(float64(i) / 10)
		for a := 0; a < m; a++ {
			preds.Set(i, a, y[i]+0.3*rng.NormFloat64()+0.1*float64(a))
		}
	}
	for _, w := range [][]float64{nil, {0.1, 0.2, 0.3, 0.25, 0.15}} {
		d, err := AmbiguityDecomposition(preds, y, w)
		if err != nil {
			t.Fatal(err)
		}
		if diff := d.EnsembleError - (d.MeanMemberError - d.Ambiguity); math.Abs(diff) > identityTol {
			t.Errorf("w=%v: E − (Ē − Ā) = %g", w, diff)
		}
		if d.Ambiguity <= 0 || d.EnsembleError >= d.MeanMemberError {
			t.Errorf("w=%v: %+v", w, d)
		}
	}
}

// TestBiasVarianceCovariance: E(f̄ − y)² = bias² + var/M + (1 − 1/M)covar
// (Ueda & Nakano 1996) to rounding; with M = 1 it is the classical
// bias-variance decomposition; identical members give covar = var.
func TestBiasVarianceCovariance(t *testing.T) {
	rng := rand.New(rand.NewPCG(63, 64))
	n, m, R := 200, 4, 30
	y := make([]float64, n)
	for i := range y {
		y[i] = math.Cos(float64(i) / 7)
	}
	reps := make([]*mat.Dense, R)
	for r := range reps {
		shared := 0.2 * rng.NormFloat64() // correlated part
		reps[r] = mat.NewDense(n, m, nil)
		for i := 0; i < n; i++ {
			for a := 0; a < m; a++ {
				reps[r].Set(i, a, y[i]+0.05*float64(a)+shared+0.3*rng.NormFloat64())
			}
		}
	}
	check := func(name string, d BVC) {
		M := float64(d.Members)
		if diff := d.MSE - (d.Bias2 + d.Variance/M + (1-1/M)*d.Covariance); math.Abs(diff) > identityTol {
			t.Errorf("%s: MSE − (bias² + var/M + (1−1/M)covar) = %g (%+v)", name, diff, d)
		}
	}
	d, err := BiasVarianceCovariance(reps, y)
	if err != nil {
		t.Fatal(err)
	}
	check("M=4", d)
	// The shared noise has variance 0.04: the covariance estimates it.
	if math.Abs(d.Covariance-0.04) > 0.03 || math.Abs(d.Variance-0.13) > 0.05 {
		t.Errorf("covariance %v (want ≈ 0.04), variance %v (want ≈ 0.13)", d.Covariance, d.Variance)
	}
	single := make([]*mat.Dense, R)
	for r := range reps {
		single[r] = mat.DenseCopyOf(reps[r].Slice(0, n, 0, 1))
	}
	d1, _ := BiasVarianceCovariance(single, y)
	check("M=1", d1)
	if d1.Covariance != 0 || math.Abs(d1.MSE-(d1.Bias2+d1.Variance)) > identityTol {
		t.Errorf("M=1: %+v", d1)
	}
	same := make([]*mat.Dense, R)
	for r := range reps {
		same[r] = mat.NewDense(n, 3, nil)
		for i := 0; i < n; i++ {
			v := reps[r].At(i, 0)
			same[r].SetRow(i, []float64{v, v, v})
		}
	}
	ds, _ := BiasVarianceCovariance(same, y)
	check("identical", ds)
	if math.Abs(ds.Covariance-ds.Variance) > identityTol {
		t.Errorf("identical members: covariance %v ≠ variance %v", ds.Covariance, ds.Variance)
	}
}
