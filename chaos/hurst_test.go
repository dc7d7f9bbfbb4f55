package chaos

import (
	"errors"
	"math"
	"testing"
)

// Exact: Anis & Lloyd's expectation tends to Feller's (1951) asymptote
// √(πn/2), and it is the mean R/S of iid normal windows: 4·10^4 windows
// of 10 values reproduce it to their sampling error (≈ 0.3%).
func TestExpectedRS(t *testing.T) {
	const asymTol, mcTol = 2e-3, 0.01
	n := 1000000
	if r := expectedRS(n) / math.Sqrt(math.Pi*float64(n)/2); math.Abs(r-1) > asymTol {
		t.Errorf("E[R/S](10^6)/√(πn/2) = %v, want → 1", r)
	}
	h, err := HurstRS(gaussian(400000, 3), &ScalingOptions{MinSize: 10, MaxSize: 40, Sizes: 3})
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range h.Sizes {
		if math.Abs(h.F[i]/h.Expected[i]-1) > mcTol {
			t.Errorf("n=%d: mean R/S %.4f, Anis-Lloyd %.4f", s, h.F[i], h.Expected[i])
		}
	}
}

// White noise: H = 0.5. Over seeds the corrected estimate from 10^4
// points scatters by ≈ 0.016 about 0.5 (the raw slope sits near 0.55,
// the known small-window bias); tolerance 0.05 (3σ), and the raw value
// must exceed the corrected one. DFA (Peng et al. 1994): α = 0.5 for
// white noise and 1.5 for its running sum, a random walk (scatter ≈ 0.02
// and 0.03; tolerances 0.06 and 0.09).
func TestHurstAndDFA(t *testing.T) {
	const rsTol, dfaTol, rwTol = 0.05, 0.06, 0.09
	x := gaussian(10000, 12)
	h, err := HurstRS(x, nil)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(h.Exponent-0.5) > rsTol || h.Raw <= h.Exponent {
		t.Errorf("white noise R/S: H = %.4f (raw %.4f), want 0.5 ± %v with raw > H", h.Exponent, h.Raw, rsTol)
	}
	d, err := DFA(x, nil)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(d.Exponent-0.5) > dfaTol {
		t.Errorf("white noise DFA: α = %.4f, want 0.5 ± %v", d.Exponent, dfaTol)
	}
	rw := cumsum(x)
	w, err := DFA(rw, nil)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(w.Exponent-1.5) > rwTol {
		t.Errorf("random walk DFA: α = %.4f, want 1.5 ± %v", w.Exponent, rwTol)
	}
	w2, err := DFA(rw, &ScalingOptions{Order: 2})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(w2.Exponent-1.5) > rwTol {
		t.Errorf("random walk DFA2: α = %.4f, want 1.5 ± %v", w2.Exponent, rwTol)
	}
	t.Logf("white noise: R/S H = %.4f ± %.4f (raw %.4f), DFA α = %.4f; random walk DFA1 α = %.4f, DFA2 α = %.4f",
		h.Exponent, h.StdErr, h.Raw, d.Exponent, w.Exponent, w2.Exponent)
}

// Exact: DFA of order q removes polynomial trends of order ≤ q exactly,
// so a linear series has zero fluctuation at every scale (an error), and
// adding a linear trend to noise changes nothing beyond rounding.
func TestDFADetrends(t *testing.T) {
	const tol = 1e-9
	lin := make([]float64, 1000)
	for i := range lin {
		lin[i] = 3 + 0.5*float64(i) // the profile is quadratic: DFA2 removes it
	}
	if _, err := DFA(lin, &ScalingOptions{Order: 2}); !errors.Is(err, ErrConstant) {
		t.Errorf("linear series, DFA2: %v", err)
	}
	x := gaussian(4000, 13)
	trended := make([]float64, len(x))
	for i, v := range x {
		trended[i] = v + 0.01*float64(i)
	}
	a, err := DFA(x, &ScalingOptions{Order: 2})
	if err != nil {
		t.Fatal(err)
	}
	b, err := DFA(trended, &ScalingOptions{Order: 2})
	if err != nil {
		t.Fatal(err)
	}
	for i := range a.F {
		if math.Abs(a.F[i]-b.F[i]) > tol*a.F[i] {
			t.Errorf("n=%d: F %.12g with a linear trend, %.12g without", a.Sizes[i], b.F[i], a.F[i])
		}
	}
}

func TestHurstErrors(t *testing.T) {
	if _, err := HurstRS(gaussian(30, 1), nil); !errors.Is(err, ErrTooShort) {
		t.Errorf("30 points: %v", err)
	}
	c := make([]float64, 500)
	if _, err := DFA(c, nil); !errors.Is(err, ErrConstant) {
		t.Errorf("constant: %v", err)
	}
	x := gaussian(500, 1)
	x[7] = math.Inf(-1)
	if _, err := HurstRS(x, nil); !errors.Is(err, ErrNotFinite) {
		t.Errorf("Inf: %v", err)
	}
	if _, err := DFA(gaussian(500, 1), &ScalingOptions{Order: 9}); err == nil {
		t.Error("order 9 must be an error")
	}
}
