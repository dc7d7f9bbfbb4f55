package statphys

import (
	"errors"
	"math"
	"testing"

	"github.com/emergo/emergo/data"
)

// Exact: magnitudes {2.0, 2.0, 2.1, 2.3} with Mc = 2.0, ΔM = 0.1:
// ⟨M⟩ = 2.1, b = log10(e)/(2.1 − 1.95); Shi-Bolt σ = ln10·b²·√(0.06/12);
// binned MLE log10(1 + 0.1/0.1)/0.1 = log10(2)/0.1; a = log10(4) + 2b.
func TestBValueExact(t *testing.T) {
	const tol = 1e-12
	g, err := BValue([]float64{2.3, 2.0, 2.1, 2.0}, &GROptions{McMethod: McFixed, Mc: 2})
	if err != nil {
		t.Fatal(err)
	}
	b := math.Log10E / 0.15
	if math.Abs(g.B-b) > tol || math.Abs(g.BErr-math.Ln10*b*b*math.Sqrt(0.06/12)) > tol ||
		math.Abs(g.BBinned-math.Log10(2)/0.1) > tol || math.Abs(g.A-(math.Log10(4)+2*b)) > tol || g.N != 4 || math.Abs(g.BErrAki-b/2) > tol {
		t.Errorf("%+v", g)
	}
	// Binning: 2.34 and 2.25 round to 2.3 (the 1e-9 guard rounds exact
	// halves up), 1.94 to 1.9; maximum curvature picks the modal bin.
	mc, err := MaxCurvature([]float64{1.94, 2.25, 2.34, 2.3, 2.0}, 0.1)
	if err != nil || math.Abs(mc-2.3) > 1e-12 {
		t.Errorf("maximum curvature %v (%v), want 2.3", mc, err)
	}
	if _, err := BValue([]float64{2, 2, 2}, nil); !errors.Is(err, ErrConstant) {
		t.Errorf("one bin: %v", err)
	}
	if _, err := BValue([]float64{2, math.NaN()}, nil); !errors.Is(err, ErrNotFinite) {
		t.Errorf("NaN: %v", err)
	}
	if _, err := BValue([]float64{1, 2, 3}, &GROptions{McMethod: McFixed, Mc: 3}); !errors.Is(err, ErrTooShort) {
		t.Errorf("one event above Mc: %v", err)
	}
}

// grSample draws n magnitudes from the Gutenberg-Richter law with b above
// mmin (continuous: M = mmin + Exp(b ln 10)).
func grSample(n int, b, mmin float64, seed uint64) []float64 {
	r := newRand(seed)
	m := make([]float64, n)
	for i := range m {
		m[i] = mmin + r.ExpFloat64()/(b*math.Ln10)
	}
	return m
}

// Synthetic Gutenberg-Richter catalogues with b = 1: 10^4 magnitudes
// above 1.95 binned to 0.1 (complete from Mc = 2.0). The Aki-Utsu b and
// the exact binned MLE must be within 2σ (Shi-Bolt) of 1 — the Aki-Utsu
// formula's binning bias, 1 − 0.4343/0.4357 ≈ 0.003, is a third of σ. With
// an incomplete part below (3000 further events in [1.0, 1.95), detected
// with probability rising linearly to 1), maximum curvature and the
// Wiemer-Wyss 90% test must find Mc = 2.0 ± 0.1 and b within 2σ of 1.
func TestBValueSynthetic(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		m := grSample(10000, 1, 1.95, seed)
		g, err := BValue(m, &GROptions{McMethod: McFixed, Mc: 2})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("seed %d complete: b = %.4f ± %.4f (Aki %.4f), binned MLE %.4f, N = %d", seed, g.B, g.BErr, g.BErrAki, g.BBinned, g.N)
		if math.Abs(g.B-1) > 2*g.BErr || math.Abs(g.BBinned-1) > 2*g.BErr {
			t.Errorf("seed %d: b = %v, binned %v, want 1 ± 2×%v", seed, g.B, g.BBinned, g.BErr)
		}
		r := newRand(seed + 100)
		low := grSample(20000, 1, 1.0, seed+200)
		added := 0
		for _, v := range low {
			if v < 1.95 && r.Float64() < (v-1)/0.95 && added < 3000 {
				m = append(m, v)
				added++
			}
		}
		for _, meth := range []McMethod{McMaxCurvature, McGFT90} {
			g, err := BValue(m, &GROptions{McMethod: meth})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("seed %d incomplete, %v: Mc = %.1f, b = %.4f ± %.4f, N = %d, R = %.1f%%", seed, meth, g.Mc, g.B, g.BErr, g.N, g.GFTResidual)
			if math.Abs(g.Mc-2) > 0.1+1e-9 || math.Abs(g.B-1) > 2*g.BErr {
				t.Errorf("seed %d %v: Mc = %v, b = %v ± %v", seed, meth, g.Mc, g.B, g.BErr)
			}
			if meth == McGFT90 && g.GFTResidual < 90 {
				t.Errorf("GFT90 chose Mc = %v with R = %v%% < 90%%", g.Mc, g.GFTResidual)
			}
		}
	}
}

// The shipped USGS catalogue (one week of the "all earthquakes" feed,
// 2018-01-31 to 2018-02-07, 1679 earthquakes). The feed mixes US regional
// networks, complete to about M 1, with worldwide events reported from
// about M 4-4.5 (USGS ComCat documentation), so the frequency-magnitude
// distribution of the whole feed is not one Gutenberg-Richter law: maximum
// curvature finds Mc = 0.9 and an unphysically low b ≈ 0.34. Within the
// worldwide events b rises with Mc — the signature of incompleteness —
// and at Mc = 5.0 (39 events) it is 1.07 ± 0.14, consistent with the
// global b ≈ 1 (Frohlich & Davis, J. Geophys. Res. 98, 631 (1993);
// Kagan, Pure Appl. Geophys. 155, 537 (1999)). Checks: whole-feed
// b < 0.5; b increasing with Mc over 4.0, 4.5, 5.0; |b(5.0) − 1| < 2σ.
func TestBValueUSGS(t *testing.T) {
	s, err := data.Load("earthquakes")
	if err != nil {
		t.Fatal(err)
	}
	mag, err := s.Column("mag")
	if err != nil {
		t.Fatal(err)
	}
	typ, err := s.Column("type")
	if err != nil {
		t.Fatal(err)
	}
	var eq []float64
	for i, m := range mag {
		if data.EventTypes[int(typ[i])] == "earthquake" {
			eq = append(eq, m)
		}
	}
	whole, err := BValue(eq, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("whole feed (%d earthquakes), maximum curvature: Mc = %.1f, b = %.3f ± %.3f, N = %d, R = %.0f%%",
		len(eq), whole.Mc, whole.B, whole.BErr, whole.N, whole.GFTResidual)
	if whole.B > 0.5 {
		t.Errorf("whole-feed b = %v: expected the mixing artefact b < 0.5", whole.B)
	}
	prev := 0.0
	var g *GR
	for _, mc := range []float64{4.0, 4.5, 5.0} {
		g, err = BValue(eq, &GROptions{McMethod: McFixed, Mc: mc})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("Mc = %.1f: b = %.3f ± %.3f (binned MLE %.3f), N = %d", mc, g.B, g.BErr, g.BBinned, g.N)
		if g.B <= prev {
			t.Errorf("b(Mc = %v) = %v does not rise above %v", mc, g.B, prev)
		}
		prev = g.B
	}
	if math.Abs(g.B-1) > 2*g.BErr {
		t.Errorf("b(Mc = 5.0) = %v ± %v, want 1 within 2σ", g.B, g.BErr)
	}
}
