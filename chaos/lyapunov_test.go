package chaos

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/emergo/emergo/system"
	"github.com/emergo/emergo/system/ode"
)

// Exact: x' = a x has λ = ln|a| at every step, so the QR average is exact
// to rounding whatever the averaging time. (The orbit sits at the fixed
// point 0; the tangent dynamics of a linear map do not depend on x.)
func TestSpectrumLinearMap1D(t *testing.T) {
	const tol = 1e-12
	for _, a := range []float64{0.5, -2, 3, 1.0001} {
		m := system.NewMap("linear", func(dst, x []float64, _ float64) { dst[0] = a * x[0] }, nil, []float64{0})
		sp, err := LyapunovSpectrum(context.Background(), m, &SpectrumOptions{Transient: 10, Time: 500})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := sp.Exponents[0], math.Log(math.Abs(a)); math.Abs(got-want) > tol {
			t.Errorf("a=%v: λ = %.15g, want ln|a| = %.15g", a, got, want)
		}
		if sp.StdErr[0] > tol || sp.Spread[0] > tol {
			t.Errorf("a=%v: a constant growth rate must have zero spread, got stderr %g spread %g", a, sp.StdErr[0], sp.Spread[0])
		}
	}
}

// Exact: a diagonal linear map diag(a, b) with |a| > |b| has the spectrum
// (ln|a|, ln|b|); the analytic Jacobian path and the finite-difference
// path (nil Jacobian) must both give it. The initial Q = I is already
// aligned, and a rotation of Q must not matter either.
func TestSpectrumDiagonalMap2D(t *testing.T) {
	const tolAnalytic, tolFD = 1e-12, 1e-8
	a, b := 1.5, -0.25
	f := func(dst, x []float64, _ float64) { dst[0], dst[1] = a*x[0], b*x[1] }
	jac := func(dst, _ []float64, _ float64) { dst[0], dst[1], dst[2], dst[3] = a, 0, 0, b }
	for _, c := range []struct {
		name   string
		jac    system.JacFunc
		tol    float64
		renorm int
	}{{"analytic", jac, tolAnalytic, 1}, {"finite differences", nil, tolFD, 1}, {"renormalised every 7 steps", jac, tolAnalytic, 7}} {
		m := system.NewMap("diag", f, c.jac, []float64{0, 0})
		sp, err := LyapunovSpectrum(context.Background(), m, &SpectrumOptions{Time: 1000, Renorm: c.renorm})
		if err != nil {
			t.Fatal(err)
		}
		want := []float64{math.Log(1.5), math.Log(0.25)}
		for i := range want {
			if math.Abs(sp.Exponents[i]-want[i]) > c.tol {
				t.Errorf("%s: λ%d = %.15g, want %.15g", c.name, i+1, sp.Exponents[i], want[i])
			}
		}
	}
	// A tangent system whose deviations start rotated by 30°.
	mt, err := system.NewMapTangent(system.NewMap("diag", f, jac, []float64{0, 0}), 2)
	if err != nil {
		t.Fatal(err)
	}
	s, co := math.Sincos(math.Pi / 6)
	mt.SetDeviations([]float64{co, -s, s, co})
	sp, err := SpectrumTangent(context.Background(), mt, &SpectrumOptions{Time: 2000})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(sp.Exponents[0]-math.Log(1.5)) > 1e-9 || math.Abs(sp.Exponents[1]-math.Log(0.25)) > 1e-9 {
		t.Errorf("rotated start: spectrum %v, want (ln 1.5, ln 0.25)", sp.Exponents)
	}
}

// Exact: the logistic map at r = 4 is conjugate to the tent (doubling)
// map by x = sin²(πy/2), so λ = ln 2 (e.g. Ott, Chaos in Dynamical
// Systems, 2nd ed., §2.3.1). Since ln|f'| = ln 2 + g∘f − g for the
// conjugacy's g, the time average telescopes and its error decays like
// 1/T rather than 1/√T; 1e-3 over 10^5 iterations is generous.
func TestSpectrumLogisticR4(t *testing.T) {
	const tol = 1e-3
	sys := build(t, "Logistic", system.Params{"r": 4}, 0)
	sp, err := LyapunovSpectrum(context.Background(), sys, nil)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(sp.Exponents[0]-math.Ln2) > tol {
		t.Errorf("logistic r=4: λ = %.5f ± %.5f, want ln 2 = %.5f", sp.Exponents[0], sp.StdErr[0], math.Ln2)
	}
	t.Logf("logistic r=4: λ = %.5f ± %.5f (ln 2 = %.5f)", sp.Exponents[0], sp.StdErr[0], math.Ln2)
}

// lorenzSpectrum is shared by the Lorenz tests: T = 1000, renormalised
// every 0.1 time units, DOPRI5 at 1e-9.
func lorenzSpectrum(t *testing.T) *Spectrum {
	t.Helper()
	sys := build(t, "Lorenz", lorenz63, 0.1)
	sp, err := LyapunovSpectrum(context.Background(), sys, &SpectrumOptions{Time: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return sp
}

// Invariant and literature: for the Lorenz flow the exponents sum to the
// trace of the Jacobian, −(σ + 1 + β) = −13.6667, at every instant (so
// to integration accuracy, 1e-3 relative is generous); λ2 = 0 for any
// flow. Literature: (0.9056, 0, −14.5723), D_KY = 2.0621 (Sprott 2003,
// Chaos and Time-Series Analysis, App. A; sprott.physics.wisc.edu/chaos/
// lorenzle.htm), within 2% for λ1 and λ3 and 0.01 for D_KY.
func TestSpectrumLorenz(t *testing.T) {
	const (
		sumRelTol = 1e-3
		litRelTol = 0.02
		lam2Tol   = 0.01
		kyTol     = 0.01
	)
	sp := lorenzSpectrum(t)
	l := sp.Exponents
	trace := -(10 + 1 + 8.0/3)
	if sum := l[0] + l[1] + l[2]; math.Abs(sum-trace) > sumRelTol*math.Abs(trace) {
		t.Errorf("Σλ = %.6f, want the trace %.6f", sum, trace)
	}
	lit := []float64{0.9056, 0, -14.5723}
	if math.Abs(l[0]-lit[0]) > litRelTol*lit[0] {
		t.Errorf("λ1 = %.4f, want %.4f ± 2%%", l[0], lit[0])
	}
	if math.Abs(l[1]) > lam2Tol {
		t.Errorf("λ2 = %.4f, want |λ2| < %v", l[1], lam2Tol)
	}
	if math.Abs(l[2]-lit[2]) > litRelTol*math.Abs(lit[2]) {
		t.Errorf("λ3 = %.4f, want %.4f ± 2%%", l[2], lit[2])
	}
	if ky := sp.KaplanYorke(); math.Abs(ky-2.0621) > kyTol {
		t.Errorf("D_KY = %.4f, want 2.0621 ± %v", ky, kyTol)
	}
	t.Logf("Lorenz: λ = %.4f %.4f %.4f (stderr %.4f %.4f %.4f, spread %.4f %.4f %.4f), Σ = %.6f, D_KY = %.4f",
		l[0], l[1], l[2], sp.StdErr[0], sp.StdErr[1], sp.StdErr[2], sp.Spread[0], sp.Spread[1], sp.Spread[2], l[0]+l[1]+l[2], sp.KaplanYorke())
}

// Invariant and literature: the Hénon map's Jacobian determinant is −b,
// so λ1 + λ2 = ln b = ln 0.3 exactly along every orbit (to rounding);
// λ1 = 0.41922 (Sprott 2003, App. A) within 0.01.
func TestSpectrumHenon(t *testing.T) {
	const (
		sumTol = 1e-9
		lamTol = 0.01
	)
	sys := build(t, "Henon", nil, 0)
	sp, err := LyapunovSpectrum(context.Background(), sys, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum := sp.Exponents[0] + sp.Exponents[1]; math.Abs(sum-math.Log(0.3)) > sumTol {
		t.Errorf("λ1+λ2 = %.12f, want ln 0.3 = %.12f", sum, math.Log(0.3))
	}
	if math.Abs(sp.Exponents[0]-0.41922) > lamTol {
		t.Errorf("λ1 = %.5f, want 0.41922 ± %v", sp.Exponents[0], lamTol)
	}
	t.Logf("Hénon: λ = %.5f ± %.5f, %.5f; Σ − ln 0.3 = %.2g", sp.Exponents[0], sp.StdErr[0], sp.Exponents[1], sp.Exponents[0]+sp.Exponents[1]-math.Log(0.3))
}

// Invariant without an analytic Jacobian: the Lorenz field as a plain
// ode.Flow with no Jacobian is linearised by directional finite
// differences; the trace identity still holds to the difference error.
// Then only the two largest exponents are asked for (k < n): with the
// fixed-step RK4 integrator the state trajectory does not depend on k,
// and Gram-Schmidt of the first columns does not depend on the later
// ones, so they must equal the first two of the full spectrum.
func TestSpectrumFiniteDifferenceFlow(t *testing.T) {
	const sumRelTol = 1e-3
	f := func(dst, x []float64, _ float64) {
		dst[0] = 10 * (x[1] - x[0])
		dst[1] = x[0]*(28-x[2]) - x[1]
		dst[2] = x[0]*x[1] - 8.0/3*x[2]
	}
	fl, err := ode.NewFlow("lorenz-fd", f, nil, []float64{1, 1, 20}, 0.1, nil)
	if err != nil {
		t.Fatal(err)
	}
	rk4 := &ode.Options{Method: "rk4", H: 0.005}
	sp, err := LyapunovSpectrum(context.Background(), fl, &SpectrumOptions{Time: 300, ODE: rk4})
	if err != nil {
		t.Fatal(err)
	}
	trace := -(10 + 1 + 8.0/3)
	if sum := sp.Exponents[0] + sp.Exponents[1] + sp.Exponents[2]; math.Abs(sum-trace) > sumRelTol*math.Abs(trace) {
		t.Errorf("finite differences: Σλ = %.6f, want %.6f", sum, trace)
	}
	fl.Reset()
	sp2, err := LyapunovSpectrum(context.Background(), fl, &SpectrumOptions{K: 2, Time: 300, ODE: rk4})
	if err != nil {
		t.Fatal(err)
	}
	const kTol = 1e-9
	if len(sp2.Exponents) != 2 || math.Abs(sp2.Exponents[0]-sp.Exponents[0]) > kTol || math.Abs(sp2.Exponents[1]-sp.Exponents[1]) > kTol {
		t.Errorf("k=2 gives %v, want the first two of %v", sp2.Exponents, sp.Exponents)
	}
}

func TestSpectrumErrors(t *testing.T) {
	ctx := context.Background()
	henon := build(t, "Henon", nil, 0)
	if _, err := LyapunovSpectrum(ctx, henon, &SpectrumOptions{K: 3}); err == nil || !strings.Contains(err.Error(), "k=3 must be in [1, 2]") {
		t.Errorf("k > dim: got %v", err)
	}
	type plain struct{ system.System }
	if _, err := LyapunovSpectrum(ctx, plain{henon}, nil); err == nil || !strings.Contains(err.Error(), "no tangent dynamics") {
		t.Errorf("no Field: got %v", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := LyapunovSpectrum(cctx, henon, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: got %v", err)
	}
	if _, err := LyapunovSpectrum(ctx, henon, &SpectrumOptions{Blocks: 1}); err == nil {
		t.Error("one block must be an error")
	}
	// A map with a zero Jacobian collapses the deviation vector.
	zero := system.NewMap("const", func(dst, _ []float64, _ float64) { dst[0] = 0.5 }, nil, []float64{0.1})
	if _, err := LyapunovSpectrum(ctx, zero, nil); err == nil || !strings.Contains(err.Error(), "collapsed") {
		t.Errorf("singular Jacobian: got %v", err)
	}
	// A diverging orbit is reported as such.
	grow := system.NewMap("grow", func(dst, x []float64, _ float64) { dst[0] = 10 * x[0] }, nil, []float64{1})
	if _, err := LyapunovSpectrum(ctx, grow, nil); !errors.Is(err, system.ErrDiverged) {
		t.Errorf("diverging map: got %v", err)
	}
}

func TestSpectrumProgress(t *testing.T) {
	var calls, last, total int
	_, err := LyapunovSpectrum(context.Background(), build(t, "Henon", nil, 0), &SpectrumOptions{Time: 5000, Transient: 100,
		Progress: func(d, tot int) { calls++; last, total = d, tot }})
	if err != nil {
		t.Fatal(err)
	}
	if calls < 50 || last != total || total != 5100 {
		t.Errorf("progress: %d calls, last %d of %d; want ≥ 50 calls ending at 5100 of 5100", calls, last, total)
	}
}

// Exact: Kaplan-Yorke from given spectra.
func TestKaplanYorke(t *testing.T) {
	const tol = 1e-12
	cases := []struct {
		l    []float64
		want float64
	}{
		{[]float64{0.9056, 0, -14.5723}, 2 + 0.9056/14.5723}, // Sprott's Lorenz: 2.0621
		{[]float64{-14.5723, 0.9056, 0}, 2 + 0.9056/14.5723}, // order does not matter
		{[]float64{0.41922, -1.62319}, 1 + 0.41922/1.62319},  // Hénon: 1.2583
		{[]float64{-0.1, -1}, 0},                             // stable fixed point
		{[]float64{0.5, 0.1}, 2},                             // spectrum too short to bound it
		{[]float64{1, 1, -4}, 2.5},
	}
	for _, c := range cases {
		if got := KaplanYorke(c.l); math.Abs(got-c.want) > tol {
			t.Errorf("KaplanYorke(%v) = %v, want %v", c.l, got, c.want)
		}
	}
}
