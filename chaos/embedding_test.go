package chaos

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestEmbedLayout(t *testing.T) {
	x := []float64{0, 1, 2, 3, 4, 5, 6}
	p, err := Embed(x, 3, 2)
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{0, 2, 4, 1, 3, 5, 2, 4, 6}
	if p.Dim != 3 || p.Len() != 3 {
		t.Fatalf("shape %d×%d, want 3×3", p.Len(), p.Dim)
	}
	for i, v := range want {
		if p.X[i] != v {
			t.Fatalf("embedding %v, want %v", p.X, want)
		}
	}
	if _, err := Embed(x, 4, 3); !errors.Is(err, ErrTooShort) || !strings.Contains(err.Error(), "needs at least 10 points, got 7") {
		t.Errorf("short series: %v", err)
	}
	if _, err := Embed([]float64{1, math.NaN(), 2, 3}, 2, 1); !errors.Is(err, ErrNotFinite) || !strings.Contains(err.Error(), "index 1") {
		t.Errorf("NaN: %v", err)
	}
}

// Exact: with equiprobable bins, x against itself (lag 0) has
// I = ln(bins); independent noise has I ≈ the histogram bias
// (bins−1)²/(2N) (Roulston 1999), far below it.
func TestMutualInformationBounds(t *testing.T) {
	const bins = 8
	x := uniform(20000, 1)
	mi, err := MutualInformation(x, 5, bins)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(mi[0]-math.Log(bins)) > 1e-12 {
		t.Errorf("I(0) = %v, want ln %d = %v", mi[0], bins, math.Log(bins))
	}
	bias := float64((bins-1)*(bins-1)) / (2 * float64(len(x)))
	for lag := 1; lag <= 5; lag++ {
		if mi[lag] > 3*bias {
			t.Errorf("iid noise: I(%d) = %.5f, want ≈ bias %.5f", lag, mi[lag], bias)
		}
	}
}

// Exact in the limit: for a sinusoid, x(t+τ) is determined up to sign by
// x(t) except at τ = T/4, where x(t+T/4) = ±√(1−x²) carries the least
// information, so the first minimum of the mutual information is at a
// quarter period. Observation noise (σ = 0.1 of the unit amplitude) makes
// the joint density regular, as in measured data (a noiseless sine has a
// singular one and the histogram estimate is jagged). Over ten seeds the
// rule gives 23…28 for T = 100; the tolerance is 15% of T/4.
func TestDelayMISine(t *testing.T) {
	const (
		period = 100
		relTol = 0.15
	)
	nz := gaussian(20000, 1)
	x := make([]float64, len(nz))
	for i := range x {
		x[i] = math.Sin(2*math.Pi*float64(i)/period) + 0.1*nz[i]
	}
	tau, _, err := DelayMI(x, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(float64(tau)-period/4) > relTol*period/4 {
		t.Errorf("noisy sine of period %d: delay %d, want %d ± 15%%", period, tau, period/4)
	}
}

// The Hénon map (embedding dimension 2 for its x series, Cao 1997 Fig. 1)
// and the Lorenz flow's x series (3; Kennel et al. 1992 find FNN → 0 at
// d = 3 for Lorenz): Cao's rule (E1 ≥ 0.9) and FNN (≤ 1%) must give
// these or one more (E1 approaches 1 slowly for flows).
func TestEmbeddingDimension(t *testing.T) {
	h := mapSeries(t, "Henon", nil, 5000, 0)
	e, err := EstimateEmbedding(h, &EmbeddingOptions{Delay: 1})
	if err != nil {
		t.Fatal(err)
	}
	if e.Dim != 2 {
		t.Errorf("Hénon: Cao dimension %d (E1 %v), want 2", e.Dim, e.Stat)
	}
	x := lorenzX(t, 10000, 0.01)
	e, err = EstimateEmbedding(x, nil)
	if err != nil {
		t.Fatal(err)
	}
	if e.Dim < 3 || e.Dim > 4 {
		t.Errorf("Lorenz: Cao dimension %d (E1 %v), want 3 or 4", e.Dim, e.Stat)
	}
	f, err := EstimateEmbedding(x, &EmbeddingOptions{Method: "fnn"})
	if err != nil {
		t.Fatal(err)
	}
	if f.Dim != 3 {
		t.Errorf("Lorenz: FNN dimension %d (fractions %v), want 3", f.Dim, f.Stat)
	}
	t.Logf("Lorenz x: delay %d (MI first minimum), Cao dimension %d (E1 %.3f), FNN dimension %d (%.4f), Theiler %d",
		e.Delay, e.Dim, e.Stat, f.Dim, f.Stat, e.Theiler)
}

// Cao (1997): for a stochastic series E2(d) ≈ 1 for every d; for a
// deterministic one E2 differs from 1 at small d.
func TestCaoE2(t *testing.T) {
	const tol = 0.1
	_, e2, err := Cao(gaussian(4000, 3), 1, 4, 0)
	if err != nil {
		t.Fatal(err)
	}
	for d, v := range e2 {
		if math.Abs(v-1) > tol {
			t.Errorf("white noise: E2(%d) = %.3f, want ≈ 1", d+1, v)
		}
	}
	_, e2, err = Cao(mapSeries(t, "Henon", nil, 4000, 0), 1, 4, 0)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(e2[0]-1) < 3*tol {
		t.Errorf("Hénon: E2(1) = %.3f, want far from 1", e2[0])
	}
}

// Exact: the periodogram of a sinusoid with a whole number of periods has
// all its power at one frequency, so the mean period is the period.
func TestMeanPeriod(t *testing.T) {
	x := make([]float64, 1000)
	for i := range x {
		x[i] = math.Cos(2 * math.Pi * float64(i) / 25)
	}
	mp, err := MeanPeriod(x)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(mp-25) > 1e-9 {
		t.Errorf("mean period %v, want 25", mp)
	}
	if _, err := MeanPeriod([]float64{2, 2, 2, 2, 2}); !errors.Is(err, ErrConstant) {
		t.Errorf("constant: %v", err)
	}
}
