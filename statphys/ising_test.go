package statphys

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"
)

// Exact observables of hand samples. All |m| = 1, constant e: ⟨|m|⟩ = 1,
// χ = C = 0, U = 1 − 1/3 = 2/3 (the ordered-phase value). m alternating
// 0.5, −1 and e alternating −1, −2 (N = 16, T = 2): ⟨m²⟩ = 0.625,
// ⟨m⁴⟩ = 0.53125, ⟨|m|⟩ = 0.75, so U = 1 − 0.53125/(3·0.390625),
// χ = 16(0.625 − 0.5625)/2 = 0.5 and C = 16(2.5 − 2.25)/4 = 1.
func TestIsingObservablesExact(t *testing.T) {
	const tol = 1e-14
	n := 256
	m, e := make([]float64, n), make([]float64, n)
	for i := range m {
		m[i], e[i] = float64(1-2*(i%2)), -2
	}
	s, err := IsingObservables(m, e, 16, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.AbsM != 1 || s.Chi != 0 || s.C != 0 || math.Abs(s.U-2.0/3) > tol || s.AbsMErr != 0 || s.ChiErr != 0 {
		t.Errorf("ordered samples: %+v", s)
	}
	for i := range m {
		if i%2 == 0 {
			m[i], e[i] = 0.5, -1
		} else {
			m[i], e[i] = -1, -2
		}
	}
	s, err = IsingObservables(m, e, 16, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(s.U-(1-0.53125/(3*0.390625))) > tol || math.Abs(s.Chi-0.5) > tol || math.Abs(s.C-1) > tol || math.Abs(s.AbsM-0.75) > tol {
		t.Errorf("two-valued samples: U = %v χ = %v C = %v ⟨|m|⟩ = %v", s.U, s.Chi, s.C, s.AbsM)
	}
	// Gaussian m (the disordered phase): ⟨m⁴⟩ = 3⟨m²⟩², so U → 0; the
	// jackknife error must cover it (4σ).
	r := newRand(41)
	for i := range m {
		m[i], e[i] = r.NormFloat64(), r.NormFloat64()
	}
	m = append(m, make([]float64, 20000)...)
	e = append(e, make([]float64, 20000)...)
	for i := range m {
		m[i], e[i] = r.NormFloat64(), r.NormFloat64()
	}
	s, err = IsingObservables(m, e, 100, 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(s.U) > 4*s.UErr || s.UErr > 0.05 {
		t.Errorf("Gaussian m: U = %v ± %v, want 0", s.U, s.UErr)
	}
	if _, err := IsingObservables(m[:10], e[:10], 4, 1, nil); !errors.Is(err, ErrTooShort) {
		t.Errorf("10 samples: %v", err)
	}
	m[7] = math.NaN()
	if _, err := IsingObservables(m, e, 4, 1, nil); !errors.Is(err, ErrNotFinite) {
		t.Errorf("NaN: %v", err)
	}
}

// Blocking (Flyvbjerg & Petersen 1989) against the exact standard error
// of the mean of an AR(1) series x_t = φx_{t−1} + ε_t (unit-variance ε):
// σ_mean² ≈ σ_x²(1+φ)/((1−φ)n) with σ_x² = 1/(1−φ²). Tolerance 20% (the
// plateau level with ≥ 32 blocks has a relative error ≈ 13%); for
// independent data (φ = 0) 10%.
func TestBlockingAR1(t *testing.T) {
	r := newRand(42)
	for _, c := range []struct{ phi, tol float64 }{{0, 0.1}, {0.9, 0.2}, {0.99, 0.2}} {
		n := 1 << 18
		x := make([]float64, n)
		var v float64
		for i := range x {
			v = c.phi*v + r.NormFloat64()
			x[i] = v
		}
		b, err := Blocking(x)
		if err != nil {
			t.Fatal(err)
		}
		want := math.Sqrt(1 / (1 - c.phi*c.phi) * (1 + c.phi) / (1 - c.phi) / float64(n))
		t.Logf("φ = %v: blocking error %.4g (level %d, block %d, converged %v), exact %.4g", c.phi, b.Err, b.Plateau, b.Levels[b.Plateau].BlockSize, b.Converged, want)
		if math.Abs(b.Err/want-1) > c.tol || !b.Converged {
			t.Errorf("φ = %v: error %v, want %v ± %v%%", c.phi, b.Err, want, 100*c.tol)
		}
	}
}

// Published value: T_c of the square-lattice Ising model, Onsager's
// 2/ln(1+√2) = 2.269185, from the crossings of the Binder cumulant
// (Binder 1981) of the catalogue's Ising with Wolff updates, L = 8, 16
// and 32 (32 skipped with -short), 10^4 sweeps at each of 8 temperatures
// in [2.20, 2.34]. Tolerance 0.02 on each crossing; the cumulant at the
// crossing must be near U* = 0.61069 (Kamieniarz & Blöte 1993; tolerance
// 0.02, finite-size corrections included). Measured while writing this
// test: crossings 2.2659 (8/16) and 2.2654 (16/32), in about 3 s.
func TestBinderTc(t *testing.T) {
	const tcTol, uTol = 0.02, 0.02
	sizes := []int{8, 16, 32}
	if testing.Short() {
		sizes = sizes[:2]
	}
	temps := []float64{2.20, 2.22, 2.24, 2.26, 2.28, 2.30, 2.32, 2.34}
	start := time.Now()
	sc, err := IsingScan(context.Background(), sizes, temps, &ScanOptions{MeasureOptions: MeasureOptions{Sweeps: 10000}, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	cr, err := BinderCrossings(sc)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("scan of %v × %d temperatures in %v", sizes, len(temps), time.Since(start))
	for i, l := range sc.Sizes {
		for j, T := range sc.Temps {
			s := sc.Stats[i][j]
			t.Logf("L=%d T=%.2f: ⟨|m|⟩ = %.4f±%.4f e = %.4f±%.4f χ = %.3f±%.3f C = %.3f±%.3f U = %.4f±%.4f",
				l, T, s.AbsM, s.AbsMErr, s.E, s.EErr, s.Chi, s.ChiErr, s.C, s.CErr, s.U, s.UErr)
		}
	}
	if len(cr) != len(sizes)-1 {
		t.Fatalf("%d crossings", len(cr))
	}
	for _, c := range cr {
		t.Logf("U(L=%d) × U(L=%d): T = %.4f ± %.4f, U = %.4f (Onsager %.5f)", c.L1, c.L2, c.T, c.TErr, c.U, IsingTc)
		if math.Abs(c.T-IsingTc) > tcTol || math.Abs(c.U-BinderCritical) > uTol {
			t.Errorf("crossing %d/%d at T = %v, U = %v; want %v ± %v, %v ± %v", c.L1, c.L2, c.T, c.U, IsingTc, tcTol, BinderCritical, uTol)
		}
	}
	// Determinism: the same seed gives the same scan with one worker.
	if testing.Short() {
		return
	}
	one, err := IsingScan(context.Background(), []int{8}, temps[:2], &ScanOptions{MeasureOptions: MeasureOptions{Sweeps: 500}, Seed: 1, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	two, err := IsingScan(context.Background(), []int{8}, temps[:2], &ScanOptions{MeasureOptions: MeasureOptions{Sweeps: 500}, Seed: 1, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if one.Stats[0][1] != two.Stats[0][1] {
		t.Error("IsingScan depends on the number of workers")
	}
}

// A scan whose sizes do not cross in the grid reports ErrNoCrossing.
func TestBinderNoCrossing(t *testing.T) {
	sc := &Scan{Sizes: []int{4, 8}, Temps: []float64{1, 2, 3}, Stats: [][]IsingStats{
		{{U: 0.5, UErr: 0.01}, {U: 0.4, UErr: 0.01}, {U: 0.3, UErr: 0.01}},
		{{U: 0.6, UErr: 0.01}, {U: 0.5, UErr: 0.01}, {U: 0.4, UErr: 0.01}},
	}}
	if _, err := BinderCrossings(sc); !errors.Is(err, ErrNoCrossing) {
		t.Errorf("error %v, want ErrNoCrossing", err)
	}
}
