package climate

import (
	"context"
	"math"
	"testing"
)

// Exact: for F = 0.5 the symmetric fixed point x_i = F of Lorenz-96 is
// stable and attracts the catalogue's initial condition, so λ1 is the
// largest real part of the eigenvalues of the circulant Jacobian there,
// μ_k = −1 + F(e^{iθ_k} − e^{−2iθ_k}), θ_k = 2πk/N:
// Re μ_k = −1 + F(cos θ_k − cos 2θ_k). The complex pair makes the tangent
// vector rotate, so the finite-time average converges as 1/T; tolerance
// 0.005 at T = 200.
func TestLorenz96Lambda1FixedPoint(t *testing.T) {
	const n, f = 40, 0.5
	want := math.Inf(-1)
	for k := range n {
		th := 2 * math.Pi * float64(k) / n
		want = math.Max(want, -1+f*(math.Cos(th)-math.Cos(2*th)))
	}
	sp, err := Lorenz96Lambda1(context.Background(), n, f, 0.05, 50, 200)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(sp.Exponents[0]-want) > 0.005 {
		t.Errorf("λ1 = %.5f, want max Re μ_k = %.5f", sp.Exponents[0], want)
	}
}

// Literature: N = 40, F = 8 has λ1 ≈ 1.7 per time unit (Karimi & Paul
// 2010; Vlachas et al. 2020 quote 1.68). This test averages over only 100
// time units (block standard error ≈ 0.03), so the tolerance is 0.15.
// At F = 2 the attractor is a periodic travelling wave: λ1 = 0 within
// 0.02 (van Kekem & Sterk 2018 describe its Hopf bifurcation).
//
// References:
//
//	Karimi, A. & Paul, M. R. (2010). Extensive chaos in the Lorenz-96
//	  model. Chaos 20, 043105.
//	van Kekem, D. L. & Sterk, A. E. (2018). Travelling waves and their
//	  bifurcations in the Lorenz-96 model. Physica D 367, 38-60.
func TestLorenz96Lambda1Literature(t *testing.T) {
	sp, err := Lorenz96Lambda1(context.Background(), 40, 8, 0.05, 50, 100)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(sp.Exponents[0]-1.7) > 0.15 {
		t.Errorf("F = 8: λ1 = %.3f ± %.3f, want 1.7 ± 0.15", sp.Exponents[0], sp.StdErr[0])
	}
	sp, err = Lorenz96Lambda1(context.Background(), 40, 2, 0.05, 50, 100)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(sp.Exponents[0]) > 0.02 {
		t.Errorf("F = 2: λ1 = %.4f, want 0 (periodic)", sp.Exponents[0])
	}
}
