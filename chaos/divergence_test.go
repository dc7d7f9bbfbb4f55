package chaos

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// Exact: a curve rising with slope 0.7 and then flat. The growth phase
// ends at 90% of the rise, before the kink, so every window is linear and
// the fit recovers the slope to rounding.
func TestLinearRegionExact(t *testing.T) {
	const tol = 1e-12
	n := 300
	x := make([]float64, n)
	y := make([]float64, n)
	for k := range x {
		x[k] = 0.05 * float64(k)
		y[k] = -3 + 0.7*math.Min(x[k], 6)
	}
	lo, hi, err := LinearRegion(x, y, 0)
	if err != nil {
		t.Fatal(err)
	}
	s, _, _, _ := linFit(x[lo:hi+1], y[lo:hi+1])
	if math.Abs(s-0.7) > tol || x[hi] > 6 {
		t.Errorf("region [%d, %d] (x %.2f…%.2f), slope %.15f; want slope 0.7 inside x ≤ 6", lo, hi, x[lo], x[hi], s)
	}
}

// A fast initial transient (slope 3 for x < 1) is excluded: the slope of
// the region is within 5% of the linear part's 0.7 despite noise.
func TestLinearRegionTransient(t *testing.T) {
	const relTol = 0.05
	n := 400
	nz := gaussian(n, 2)
	x := make([]float64, n)
	y := make([]float64, n)
	for k := range x {
		x[k] = 0.025 * float64(k)
		v := 3 * math.Min(x[k], 1)
		if x[k] > 1 {
			v += 0.7 * (math.Min(x[k], 7) - 1)
		}
		y[k] = v + 0.01*nz[k]
	}
	lo, hi, err := LinearRegion(x, y, 0)
	if err != nil {
		t.Fatal(err)
	}
	s, _, _, _ := linFit(x[lo:hi+1], y[lo:hi+1])
	if math.Abs(s-0.7) > relTol*0.7 {
		t.Errorf("region x %.2f…%.2f, slope %.4f; want 0.7 ± 5%%", x[lo], x[hi], s)
	}
	flat := make([]float64, n)
	if _, _, err := LinearRegion(x, flat, 0); !errors.Is(err, ErrNoScaling) {
		t.Errorf("flat curve: %v", err)
	}
}

// Exact (to sampling error): the logistic map at r = 4 has λ = ln 2.
// Maps decorrelate in one step, so delay 1 and dimension 1 (the map is
// one-dimensional). Over 5000 points the curve's linear part spans about
// 12 iterations; 5% tolerance.
func TestRosensteinLogistic(t *testing.T) {
	const relTol = 0.05
	x := mapSeries(t, "Logistic", map[string]float64{"r": 4}, 5000, 0)
	for _, m := range []struct {
		name string
		f    func([]float64, float64, *DivergenceOptions) (*Divergence, error)
	}{{"Rosenstein", Rosenstein}, {"Kantz", Kantz}} {
		d, err := m.f(x, 1, &DivergenceOptions{Dim: 1, Delay: 1})
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(d.Lambda-math.Ln2) > relTol*math.Ln2 {
			t.Errorf("%s, logistic r=4: λ = %.4f (fit %d…%d), want ln 2 ± 5%%", m.name, d.Lambda, d.FitLo, d.FitHi)
		}
		t.Logf("%s, logistic r=4: λ = %.4f ± %.4f (ln 2 = 0.6931), fit %d…%d", m.name, d.Lambda, d.StdErr, d.FitLo, d.FitHi)
	}
}

// Literature: Hénon λ1 = 0.41922 (Sprott 2003, App. A). From 5000 points
// of x embedded in 2 dimensions with delay 1; 10% tolerance (both methods
// come within 6% here).
func TestRosensteinHenon(t *testing.T) {
	const relTol = 0.10
	x := mapSeries(t, "Henon", nil, 5000, 0)
	for _, m := range []struct {
		name string
		f    func([]float64, float64, *DivergenceOptions) (*Divergence, error)
	}{{"Rosenstein", Rosenstein}, {"Kantz", Kantz}} {
		d, err := m.f(x, 1, &DivergenceOptions{Dim: 2, Delay: 1})
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(d.Lambda-0.41922) > relTol*0.41922 {
			t.Errorf("%s, Hénon: λ = %.4f, want 0.419 ± 10%%", m.name, d.Lambda)
		}
		t.Logf("%s, Hénon: λ = %.4f ± %.4f (Sprott 0.4192)", m.name, d.Lambda, d.StdErr)
	}
}

// Literature: Lorenz λ1 = 0.9056 (Sprott 2003). Rosenstein et al. (1993,
// Table 2) report errors of a few per cent for the Lorenz x series with
// long records; from 2·10^4 samples (200 time units) with the automatic
// embedding (MI delay, Cao dimension) and linear region we get 0.836
// (−8%; 0.82…0.91 over other initial conditions); the tolerance is 15%.
// Kantz's estimate from the same data is 0.900 (0.92…1.0 over other
// initial conditions: his ln⟨distance⟩ weights fast-separating
// neighbours more) and is held to 20%.
func TestRosensteinKantzLorenz(t *testing.T) {
	const rosTol, kantzTol = 0.15, 0.20
	x := lorenzX(t, 20000, 0.01)
	r, err := Rosenstein(x, 0.01, nil)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(r.Lambda-0.9056) > rosTol*0.9056 {
		t.Errorf("Rosenstein, Lorenz x: λ = %.4f, want 0.9056 ± 15%%", r.Lambda)
	}
	k, err := Kantz(x, 0.01, &DivergenceOptions{Dim: r.Dim, Delay: r.Delay})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(k.Lambda-0.9056) > kantzTol*0.9056 {
		t.Errorf("Kantz, Lorenz x: λ = %.4f, want 0.9056 ± 20%%", k.Lambda)
	}
	t.Logf("Lorenz x (N=20000, dt=0.01): embedding m=%d τ=%d, Theiler %d; Rosenstein λ = %.4f ± %.4f (fit %.2f…%.2f); Kantz λ = %.4f ± %.4f (ε = %.3f, fit %.2f…%.2f); Sprott 0.9056",
		r.Dim, r.Delay, r.Theiler, r.Lambda, r.StdErr, r.Time[r.FitLo], r.Time[r.FitHi], k.Lambda, k.StdErr, k.Radius, k.Time[k.FitLo], k.Time[k.FitHi])
}

// A multivariate trajectory needs no embedding: RosensteinPoints on the
// full Lorenz state sampled every 0.05 (1000 time units). Nearest
// neighbours in the full state space give a lower estimate than the
// delay embedding here, about 0.82 (−9%; 0.80 at dt = 0.01); the
// tolerance is 15% of Sprott's 0.9056. On the Hénon state (x, y) it is
// within 10% of 0.41922.
func TestRosensteinPoints(t *testing.T) {
	const lorenzTol, henonTol = 0.15, 0.10
	tr := sample(t, build(t, "Lorenz", lorenz63, 0.05), 20000, 1000)
	d, err := RosensteinPoints(TrajectoryPoints(tr), 0.05, nil)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(d.Lambda-0.9056) > lorenzTol*0.9056 {
		t.Errorf("RosensteinPoints, Lorenz (x,y,z): λ = %.4f, want 0.9056 ± 15%%", d.Lambda)
	}
	h := sample(t, build(t, "Henon", nil, 0), 5000, 1000)
	dh, err := RosensteinPoints(TrajectoryPoints(h), 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(dh.Lambda-0.41922) > henonTol*0.41922 {
		t.Errorf("RosensteinPoints, Hénon (x,y): λ = %.4f, want 0.41922 ± 10%%", dh.Lambda)
	}
	t.Logf("RosensteinPoints: Lorenz (x,y,z) λ = %.4f ± %.4f; Hénon (x,y) λ = %.4f ± %.4f", d.Lambda, d.StdErr, dh.Lambda, dh.StdErr)
}

func TestDivergenceErrors(t *testing.T) {
	if _, err := Rosenstein(make([]float64, 30), 1, nil); !errors.Is(err, ErrTooShort) || !strings.Contains(err.Error(), "at least 50") {
		t.Errorf("short: %v", err)
	}
	c := make([]float64, 100)
	for i := range c {
		c[i] = 3
	}
	if _, err := Kantz(c, 1, nil); !errors.Is(err, ErrConstant) {
		t.Errorf("constant: %v", err)
	}
	x := mapSeries(t, "Henon", nil, 500, 0)
	x[123] = math.Inf(1)
	if _, err := Rosenstein(x, 1, nil); !errors.Is(err, ErrNotFinite) || !strings.Contains(err.Error(), "index 123") {
		t.Errorf("Inf: %v", err)
	}
	x[123] = 0
	if _, err := Rosenstein(x, 0, nil); err == nil {
		t.Error("dt = 0 must be an error")
	}
	if _, err := Rosenstein(x, 1, &DivergenceOptions{Dim: 2, Delay: 1, Theiler: 300}); !errors.Is(err, ErrTooShort) {
		t.Errorf("Theiler window wider than the data: %v", err)
	}
}
