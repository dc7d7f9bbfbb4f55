package chaos

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// Exact: hand-computed small cases and the monotone series.
func TestPermutationEntropyExact(t *testing.T) {
	const tol = 1e-12
	// Up, down, up, down, up: p = (3/5, 2/5).
	h, hn, err := PermutationEntropy([]float64{1, 3, 2, 4, 3, 5}, 2, 1)
	want := -(0.6*math.Log(0.6) + 0.4*math.Log(0.4))
	if err != nil || math.Abs(h-want) > tol || math.Abs(hn-want/math.Ln2) > tol {
		t.Errorf("alternating: H = %v (%v), want %v: %v", h, hn, want, err)
	}
	// Ties keep positional order (Bandt & Pompe 2002), so equal values
	// read as increasing: a single pattern, H = 0.
	if h, _, err := PermutationEntropy([]float64{1, 1, 1, 2, 2}, 2, 1); err != nil || h != 0 {
		t.Errorf("ties: H = %v, %v; want 0", h, err)
	}
	// A monotone series has one pattern at every order.
	mono := make([]float64, 6000)
	for i := range mono {
		mono[i] = math.Exp(0.001 * float64(i))
	}
	for m := 2; m <= 7; m++ {
		if h, _, err := PermutationEntropy(mono, m, 3); err != nil || h != 0 {
			t.Errorf("monotone, m=%d: H = %v, %v; want 0", m, h, err)
		}
	}
	// Delay: x alternates in pairs, so with τ = 2 every pattern is the
	// same (x_i < x_{i+2}).
	x := []float64{0, 10, 1, 11, 2, 12, 3, 13, 4, 14}
	if h, _, err := PermutationEntropy(x, 2, 2); err != nil || h != 0 {
		t.Errorf("delay 2: H = %v, %v; want 0", h, err)
	}
}

// White noise makes every pattern equally likely: h → 1, less the
// plug-in estimator's bias (m!−1)/(2N ln m!) (Miller 1955), which is
// below 0.002 here; tolerance 0.005. The logistic map at r = 4 never
// produces the decreasing pattern of order 3 (Bandt & Pompe 2002), so
// H ≤ ln 5 < ln 6.
func TestPermutationEntropyNoiseAndForbidden(t *testing.T) {
	const tol = 0.005
	x := gaussian(20000, 8)
	for m := 3; m <= 6; m++ {
		_, hn, err := PermutationEntropy(x, m, 1)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(hn-1) > tol {
			t.Errorf("white noise, m=%d: normalised H = %.5f, want 1 ± %v", m, hn, tol)
		}
	}
	lg := mapSeries(t, "Logistic", map[string]float64{"r": 4}, 20000, 0)
	h, _, err := PermutationEntropy(lg, 3, 1)
	if err != nil {
		t.Fatal(err)
	}
	if h > math.Log(5)+1e-12 {
		t.Errorf("logistic r=4, m=3: H = %.5f exceeds ln 5 = %.5f; a pattern should be forbidden", h, math.Log(5))
	}
}

// bruteSampEn is the definition of Richman & Moorman (2000) evaluated
// directly over all template pairs.
func bruteSampEn(x []float64, m int, r float64) float64 {
	nt := len(x) - m
	var a, b float64
	for i := 0; i < nt; i++ {
		for j := i + 1; j < nt; j++ {
			ok := true
			for k := 0; k < m; k++ {
				if math.Abs(x[i+k]-x[j+k]) > r {
					ok = false
					break
				}
			}
			if ok {
				b++
				if math.Abs(x[i+m]-x[j+m]) <= r {
					a++
				}
			}
		}
	}
	return -math.Log(a / b)
}

// Exact: the sorted search gives the definition's counts, including
// distances equal to r (≤ r matches).
func TestSampleEntropyExact(t *testing.T) {
	const tol = 1e-12
	x := uniform(600, 9)
	for i := range x {
		x[i] = math.Round(10 * x[i]) // integer values: many distances exactly r
	}
	for _, m := range []int{1, 2, 3} {
		for _, r := range []float64{1, 2, 3} {
			got, err := SampleEntropy(x, m, r)
			if err != nil {
				t.Fatal(err)
			}
			if want := bruteSampEn(x, m, r); math.Abs(got-want) > tol {
				t.Errorf("m=%d r=%v: SampEn = %.15f, definition %.15f", m, r, got, want)
			}
		}
	}
}

// Exact expectation: for iid Gaussian noise the match events of
// successive coordinates are independent, so A/B = P(|X−Y| ≤ r) =
// erf(r/(2σ)) and SampEn = −ln erf(0.1) = 2.185 at r = 0.2σ. Multiscale:
// the coarse series at scale s has σ/√s, and r stays 0.15σ (Costa et al.
// 2002), so MSE(s) = −ln erf(0.075 √s), decreasing with s as in their
// Fig. 1. Over seeds the estimates scatter by ≈ 0.005 at scale 1 and
// ≈ 0.015 at scale 10 (N/s = 2000 points); tolerance 0.06 (4σ at s = 10).
func TestSampleEntropyWhiteNoise(t *testing.T) {
	const tol = 0.06
	x := gaussian(20000, 10)
	se, err := SampleEntropy(x, 2, 0)
	if err != nil {
		t.Fatal(err)
	}
	if want := -math.Log(math.Erf(0.1)); math.Abs(se-want) > tol {
		t.Errorf("white noise: SampEn = %.4f, want −ln erf(0.1) = %.4f", se, want)
	}
	mse, err := MultiscaleEntropy(x, 2, 10, 0)
	if err != nil {
		t.Fatal(err)
	}
	for s := 1; s <= 10; s++ {
		want := -math.Log(math.Erf(0.075 * math.Sqrt(float64(s))))
		if math.Abs(mse[s-1]-want) > tol {
			t.Errorf("white noise MSE at scale %d: %.4f, want %.4f", s, mse[s-1], want)
		}
	}
	t.Logf("white noise: SampEn(2, 0.2σ) = %.4f (theory %.4f); MSE(1, 5, 10) = %.4f %.4f %.4f (theory %.4f %.4f %.4f)", se, -math.Log(math.Erf(0.1)),
		mse[0], mse[4], mse[9], -math.Log(math.Erf(0.075)), -math.Log(math.Erf(0.075*math.Sqrt(5))), -math.Log(math.Erf(0.075*math.Sqrt(10))))
}

func TestEntropyErrors(t *testing.T) {
	c := []float64{2, 2, 2, 2, 2, 2, 2, 2, 2, 2}
	if _, _, err := PermutationEntropy(c, 2, 1); !errors.Is(err, ErrConstant) {
		t.Errorf("constant: %v", err)
	}
	if _, err := SampleEntropy(c, 2, 0); !errors.Is(err, ErrConstant) {
		t.Errorf("constant: %v", err)
	}
	if _, _, err := PermutationEntropy(gaussian(100, 1), 5, 1); !errors.Is(err, ErrTooShort) || !strings.Contains(err.Error(), "at least 124 points") {
		t.Errorf("short for m=5: %v", err)
	}
	if _, _, err := PermutationEntropy(gaussian(100, 1), 11, 1); err == nil {
		t.Error("m=11 must be an error")
	}
	x := gaussian(100, 1)
	x[42] = math.NaN()
	if _, err := SampleEntropy(x, 2, 0); !errors.Is(err, ErrNotFinite) || !strings.Contains(err.Error(), "index 42") {
		t.Errorf("NaN: %v", err)
	}
	if _, err := SampleEntropy([]float64{0, 1, 0, 2, 0, 3}, 2, 0.1); !errors.Is(err, ErrUndefined) {
		t.Errorf("no matches: %v", err)
	}
}
