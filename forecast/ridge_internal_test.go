package forecast

import (
	"context"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// ridgeProblem returns a row function for m samples of nf random
// features (with unequal scales and an offset) and d outputs y = c +
// Wᵀφ + noise·ε.
func ridgeProblem(m, nf, d int, noise float64, seed uint64) (row func(i int, phi, y []float64), wTrue, cTrue []float64) {
	rng := rand.New(rand.NewPCG(seed, 3))
	x := make([]float64, m*nf)
	for i := range x {
		f := i % nf
		x[i] = float64(f+1)*rng.NormFloat64() + 0.5*float64(f)
	}
	wTrue = make([]float64, nf*d)
	for i := range wTrue {
		wTrue[i] = rng.NormFloat64()
	}
	cTrue = []float64{1, -2, 3}[:d]
	y := make([]float64, m*d)
	for i := 0; i < m; i++ {
		for j := 0; j < d; j++ {
			v := cTrue[j] + noise*rng.NormFloat64()
			for f := 0; f < nf; f++ {
				v += wTrue[f*d+j] * x[i*nf+f]
			}
			y[i*d+j] = v
		}
	}
	return func(i int, phi, yy []float64) {
		copy(phi, x[i*nf:(i+1)*nf])
		copy(yy, y[i*d:(i+1)*d])
	}, wTrue, cTrue
}

// Exact case: noise-free linear data are fitted exactly (α = 0) by both
// solution paths.
func TestRidgeExact(t *testing.T) {
	const tol = 1e-10
	m, nf, d := 300, 12, 3
	row, wTrue, cTrue := ridgeProblem(m, nf, d, 0, 1)
	w, b, err := ridge(context.Background(), "test", m, nf, d, 0, row)
	if err != nil {
		t.Fatal(err)
	}
	for k := range w {
		if math.Abs(w[k]-wTrue[k]) > tol {
			t.Fatalf("SVD path: W[%d] = %.15g, want %.15g", k, w[k], wTrue[k])
		}
	}
	for j := range b {
		if math.Abs(b[j]-cTrue[j]) > tol {
			t.Fatalf("SVD path: b[%d] = %.15g, want %g", j, b[j], cTrue[j])
		}
	}
	mphi, my := means(row, m, nf, d)
	// The normal equations need α > 0 only for rank deficiency; here the
	// design is well conditioned.
	w2, err := ridgeNormal(context.Background(), "test", m, nf, d, 0, row, mphi, my)
	if err != nil {
		t.Fatal(err)
	}
	for k := range w2 {
		if math.Abs(w2[k]-wTrue[k]) > tol {
			t.Fatalf("normal-equation path: W[%d] = %.15g, want %.15g", k, w2[k], wTrue[k])
		}
	}
}

func means(row func(i int, phi, y []float64), m, nf, d int) (mphi, my []float64) {
	mphi, my = make([]float64, nf), make([]float64, d)
	phi, y := make([]float64, nf), make([]float64, d)
	for i := 0; i < m; i++ {
		row(i, phi, y)
		for f, v := range phi {
			mphi[f] += v / float64(m)
		}
		for j, v := range y {
			my[j] += v / float64(m)
		}
	}
	return mphi, my
}

// Invariant: with a penalty, both paths solve the same problem; they
// agree to the accuracy of the normal equations (κ·ε), and the ridge
// solution satisfies its normal equations (Φcᵀ Φc + αI)W = Φcᵀ Yc, checked
// through the gradient of the objective.
func TestRidgePathsAgree(t *testing.T) {
	const tol = 1e-9
	m, nf, d := 1000, 30, 2
	row, _, _ := ridgeProblem(m, nf, d, 0.5, 2)
	mphi, my := means(row, m, nf, d)
	for _, alpha := range []float64{1e-3, 10, 1e4} {
		w1, err := ridgeSVD("test", m, nf, d, alpha, row, mphi, my)
		if err != nil {
			t.Fatal(err)
		}
		w2, err := ridgeNormal(context.Background(), "test", m, nf, d, alpha, row, mphi, my)
		if err != nil {
			t.Fatal(err)
		}
		scale := 0.0
		for _, v := range w1 {
			scale = max(scale, math.Abs(v))
		}
		for k := range w1 {
			if math.Abs(w1[k]-w2[k]) > tol*scale {
				t.Fatalf("α=%g: W[%d] = %.15g (SVD) vs %.15g (normal equations)", alpha, k, w1[k], w2[k])
			}
		}
		// Gradient Φcᵀ(Φc W − Yc) + αW = 0.
		phi, y := make([]float64, nf), make([]float64, d)
		grad := make([]float64, nf*d)
		for i := 0; i < m; i++ {
			row(i, phi, y)
			for j := 0; j < d; j++ {
				r := -(y[j] - my[j])
				for f := 0; f < nf; f++ {
					r += w1[f*d+j] * (phi[f] - mphi[f])
				}
				for f := 0; f < nf; f++ {
					grad[f*d+j] += (phi[f] - mphi[f]) * r
				}
			}
		}
		for k := range grad {
			if g := grad[k] + alpha*w1[k]; math.Abs(g) > 1e-8*float64(m) {
				t.Fatalf("α=%g: gradient component %d = %.3g", alpha, k, g)
			}
		}
	}
}

// A constant feature with α = 0 is singular, and the error says so; with
// α > 0 the problem is well posed.
func TestRidgeSingular(t *testing.T) {
	m, nf, d := 200, 5, 1
	base, _, _ := ridgeProblem(m, nf, d, 0.1, 3)
	row := func(i int, phi, y []float64) {
		base(i, phi, y)
		phi[2] = 7 // constant column
	}
	mphi, my := means(row, m, nf, d)
	if _, err := ridgeSVD("test", m, nf, d, 0, row, mphi, my); err == nil || !strings.Contains(err.Error(), "linearly dependent") {
		t.Errorf("SVD path, constant feature, α = 0: error %v", err)
	}
	if _, err := ridgeNormal(context.Background(), "test", m, nf, d, 0, row, mphi, my); err == nil || !strings.Contains(err.Error(), "constant") {
		t.Errorf("normal path, constant feature, α = 0: error %v", err)
	}
	if _, _, err := ridge(context.Background(), "test", m, nf, d, 1e-6, row); err != nil {
		t.Errorf("constant feature, α = 1e-6: %v", err)
	}
}
