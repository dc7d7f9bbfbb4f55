package homogenization

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// TestSVCCALinearlyRelated: when Y = XA (+ shift) for invertible A, the
// kept subspaces coincide and every canonical correlation is 1 (Raghu et
// al. 2017: SVCCA is invariant to invertible linear transforms). With
// VarianceKept = 1 this holds for any A; with 99% it holds when the
// retained directions are the same, here for an isotropic latent mapped
// by a scaled orthogonal matrix.
func TestSVCCALinearlyRelated(t *testing.T) {
	const tol = 1e-9
	rng := rand.New(rand.NewPCG(31, 32))
	n, r, d := 2000, 6, 20
	z := randDense(rng, n, r)
	x := mul(z, randDense(rng, r, d)) // rank r, d features
	y := mul(x, randDense(rng, d, 15))
	for i := 0; i < n; i++ {
		y.Set(i, 3, y.At(i, 3)+7)
	}
	res, err := SVCCA(x, y, &SVCCAOptions{VarianceKept: 1})
	if err != nil {
		t.Fatal(err)
	}
	if res.KeptX != r || res.KeptY != r {
		t.Errorf("kept %d and %d directions, want the rank %d", res.KeptX, res.KeptY, r)
	}
	if !close(res.Similarity, 1, tol) {
		t.Errorf("SVCCA of linearly related representations = %.12f, want 1 (correlations %v)", res.Similarity, res.Correlations)
	}
	// 99% variance, isotropic case: X = Z·[I 0]·Q, Y = 2.5·X·Q'.
	xi := mul(z, mat.NewDense(r, d, func() []float64 {
		e := make([]float64, r*d)
		for i := 0; i < r; i++ {
			e[i*d+i] = 1
		}
		return e
	}()))
	xi = mul(xi, randOrthogonal(rng, d))
	yi := mul(xi, randOrthogonal(rng, d))
	yi.Scale(2.5, yi)
	res, err = SVCCA(xi, yi, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !close(res.Similarity, 1, tol) {
		t.Errorf("SVCCA (99%%) of rotated isotropic data = %.12f, want 1 (kept %d, %d)", res.Similarity, res.KeptX, res.KeptY)
	}
}

// TestSVCCAMatchesGonumCC: the canonical correlations equal those of
// gonum's stat.CC (an independent CCA via QR and SVD) on the reduced
// representations X·V_k, Y·V_k.
func TestSVCCAMatchesGonumCC(t *testing.T) {
	const tol = 1e-9
	rng := rand.New(rand.NewPCG(33, 34))
	n := 800
	x := randDense(rng, n, 8)
	y := randDense(rng, n, 6)
	addCols(y, x, 3)
	// A decaying spectrum so that 99% drops some directions.
	for i := 0; i < n; i++ {
		for j := 0; j < 8; j++ {
			x.Set(i, j, x.At(i, j)*math.Pow(0.3, float64(j)))
		}
	}
	res, err := SVCCA(x, y, nil)
	if err != nil {
		t.Fatal(err)
	}
	reduce := func(a *mat.Dense, k int) *mat.Dense {
		ra, _ := rawChecked("a", a)
		_, d := a.Dims()
		c := mat.NewDense(n, d, centred(ra))
		var pc stat.PC
		pc.PrincipalComponents(c, nil)
		var v mat.Dense
		pc.VectorsTo(&v)
		return mul(c, v.Slice(0, d, 0, k))
	}
	xr, yr := reduce(x, res.KeptX), reduce(y, res.KeptY)
	var cc stat.CC
	if err := cc.CanonicalCorrelations(xr, yr, nil); err != nil {
		t.Fatal(err)
	}
	want := cc.CorrsTo(nil)
	if len(want) != len(res.Correlations) {
		t.Fatalf("%d correlations, gonum gives %d", len(res.Correlations), len(want))
	}
	for i := range want {
		if !close(res.Correlations[i], want[i], tol) {
			t.Errorf("ρ_%d = %.12f, gonum stat.CC %.12f", i, res.Correlations[i], want[i])
		}
	}
	if res.KeptX >= 8 {
		t.Errorf("99%% of a decaying spectrum kept all %d directions", res.KeptX)
	}
}

// TestSVCCAUnrelated: independent representations with n ≫ k give small
// canonical correlations (the largest null correlation of k_x vs k_y
// Gaussian variables is ≈ (√k_x + √k_y)/√n; here ≈ 0.09).
func TestSVCCAUnrelated(t *testing.T) {
	const maxMean = 0.1
	rng := rand.New(rand.NewPCG(35, 36))
	res, err := SVCCA(randDense(rng, 5000, 10), randDense(rng, 5000, 10), nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Similarity > maxMean {
		t.Errorf("SVCCA of independent data %v, want < %v", res.Similarity, maxMean)
	}
}
