package finance

import (
	"context"
	"math"
	"testing"
)

// The analytic gradient of the log-likelihood agrees with central
// differences for every model variant.
func TestGARCHGradient(t *testing.T) {
	r, err := SimulateReturns(context.Background(), "GARCH", 400, &SimulateOptions{Seed: 2, Params: map[string]float64{"nu": 6}})
	if err != nil {
		t.Fatal(err)
	}
	_, sd, _, _ := Moments(r)
	x := make([]float64, len(r))
	for i, v := range r {
		x[i] = v / sd
	}
	th := [nTheta]float64{0.05, 0.08, 0.85, 0.03, 7}
	for _, o := range []GARCHOptions{{}, {Mean: true}, {StudentT: true, Mean: true}, {VarianceTargeting: true, StudentT: true}} {
		m := newGARCHModel(x, 1, o)
		g := make([]float64, nTheta)
		m.loglik(&th, g, nil)
		scores := make([]float64, len(x)*nTheta)
		m.loglik(&th, nil, scores)
		for _, j := range m.free {
			h := 1e-6 * math.Abs(th[j])
			tp, tm := th, th
			tp[j] += h
			tm[j] -= h
			fd := (m.loglik(&tp, nil, nil) - m.loglik(&tm, nil, nil)) / (2 * h)
			if !approx(g[j], fd, 1e-5, 1e-6) {
				t.Errorf("%+v: ∂ℓ/∂%s = %.10g, central difference %.10g", o, thetaNames[j], g[j], fd)
			}
			var s float64
			for i := range x {
				s += scores[i*nTheta+j]
			}
			if !approx(s, g[j], 1e-12, 1e-9) {
				t.Errorf("%+v: scores of %s sum to %v, gradient %v", o, thetaNames[j], s, g[j])
			}
		}
	}
}

func TestGARCHFilterForecastHand(t *testing.T) {
	p := GARCHParams{Omega: 0.1, Alpha: 0.2, Beta: 0.7}
	// σ0² = 1; σ1² = 0.1 + 0.2·1² + 0.7·1 = 1; σ2² = 0.1 + 0.2·(−2)² + 0.7·1 = 1.6.
	s2 := p.Filter([]float64{1, -2}, 1)
	want := []float64{1, 1, 1.6}
	for i := range want {
		if !approx(s2[i], want[i], 1e-15, 1e-15) {
			t.Errorf("σ%d² = %v, want %v", i, s2[i], want[i])
		}
	}
	// σ̄² = 0.1/(1 − 0.9) = 1: forecasts 1 + 0.9^{k−1}·0.6.
	f := p.Forecast(1.6, 3)
	for k, w := range []float64{1.6, 1.54, 1.486} {
		if !approx(f[k], w, 1e-14, 0) {
			t.Errorf("σ²(n+%d) = %v, want %v", k+1, f[k], w)
		}
	}
	if hl := p.HalfLife(); !approx(hl, math.Log(0.5)/math.Log(0.9), 1e-12, 0) {
		t.Errorf("half-life %v", hl)
	}
	q := GARCHParams{Omega: 1, Alpha: 0.5, Beta: 0.5}
	if !math.IsInf(q.UnconditionalVariance(), 1) || q.Validate() == nil {
		t.Error("α+β = 1 accepted")
	}
}

// Maximum likelihood recovers the parameters of simulated GARCH(1,1)
// returns (n = 5000) within three standard errors, and the Hessian and
// sandwich standard errors agree on correctly specified data.
func TestFitGARCHRecovers(t *testing.T) {
	truth := GARCHParams{Omega: 2e-6, Alpha: 0.1, Beta: 0.85}
	for _, c := range []struct {
		name string
		nu   float64
		opt  GARCHOptions
	}{
		{"normal", 0, GARCHOptions{}},
		{"normal, variance targeting", 0, GARCHOptions{VarianceTargeting: true}},
		{"t(6)", 6, GARCHOptions{StudentT: true, Mean: true}},
	} {
		r, err := SimulateReturns(context.Background(), "GARCH", 5000, &SimulateOptions{Seed: 11,
			Params: map[string]float64{"omega": truth.Omega, "alpha": truth.Alpha, "beta": truth.Beta, "nu": c.nu}})
		if err != nil {
			t.Fatal(err)
		}
		f, err := FitGARCH(r, &c.opt)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %+v\n  SE %+v\n  robust %+v, logL %.1f, %d evaluations", c.name, f.Params, f.SE, f.RobustSE, f.LogLik, f.Evaluations)
		if !f.Converged {
			t.Errorf("%s: not converged", c.name)
		}
		want := truth
		want.Nu = c.nu
		for _, q := range []struct {
			name          string
			est, se, true float64
		}{
			{"omega", f.Params.Omega, f.SE.Omega, want.Omega},
			{"alpha", f.Params.Alpha, f.SE.Alpha, want.Alpha},
			{"beta", f.Params.Beta, f.SE.Beta, want.Beta},
			{"nu", f.Params.Nu, f.SE.Nu, want.Nu},
			{"mu", f.Params.Mu, f.SE.Mu, 0},
		} {
			if math.Abs(q.est-q.true) > 3*q.se || math.IsNaN(q.se) {
				t.Errorf("%s: %s = %.4g ± %.2g, true %.4g (more than 3 SE away)", c.name, q.name, q.est, q.se, q.true)
			}
		}
		for _, q := range [][2]float64{{f.SE.Alpha, f.RobustSE.Alpha}, {f.SE.Beta, f.RobustSE.Beta}} {
			if ratio := q[1] / q[0]; ratio < 0.7 || ratio > 1.4 {
				t.Errorf("%s: robust/Hessian SE ratio %.2f, want near 1", c.name, ratio)
			}
		}
		if f.Params.Nu == 0 && c.opt.StudentT {
			t.Errorf("%s: ν not estimated", c.name)
		}
		if len(f.Sigma2) != len(r)+1 || f.Forecast(1)[0] != f.Sigma2[len(r)] {
			t.Errorf("%s: Sigma2 has %d values, forecast %v vs %v", c.name, len(f.Sigma2), f.Forecast(1)[0], f.Sigma2[len(r)])
		}
		if c.opt.VarianceTargeting {
			_, sd, _, _ := Moments(r)
			s2 := sd * sd * float64(len(r)-1) / float64(len(r))
			if !approx(f.Params.UnconditionalVariance(), s2, 1e-12, 0) {
				t.Errorf("variance targeting: ω/(1−α−β) = %v, sample variance %v", f.Params.UnconditionalVariance(), s2)
			}
			if len(f.Names) != 2 {
				t.Errorf("variance targeting estimates %v, want alpha and beta", f.Names)
			}
		}
	}
}

// The Hessian standard errors are calibrated: over 48 seeded samples the
// z-scores (α̂ − α)/SE and (β̂ − β)/SE have a standard deviation near 1.
func TestFitGARCHStandardErrorsCalibrated(t *testing.T) {
	if testing.Short() {
		t.Skip("Monte Carlo")
	}
	const reps = 48
	var za, zb []float64
	for seed := uint64(100); seed < 100+reps; seed++ {
		r, err := SimulateReturns(context.Background(), "GARCH", 2000, &SimulateOptions{Seed: seed,
			Params: map[string]float64{"omega": 5e-6, "alpha": 0.1, "beta": 0.85}})
		if err != nil {
			t.Fatal(err)
		}
		f, err := FitGARCH(r, nil)
		if err != nil {
			t.Fatal(err)
		}
		za = append(za, (f.Params.Alpha-0.1)/f.SE.Alpha)
		zb = append(zb, (f.Params.Beta-0.85)/f.SE.Beta)
	}
	ma, sa, _, _ := Moments(za)
	mb, sb, _, _ := Moments(zb)
	t.Logf("z(alpha): mean %.2f sd %.2f; z(beta): mean %.2f sd %.2f", ma, sa, mb, sb)
	// With 48 replicates the sample sd of N(0,1) z-scores has a standard
	// error of 1/√94 ≈ 0.10 and the mean one of 1/√48 ≈ 0.14; allow
	// 3.5 of them (a pilot run of 80 samples gave sd 1.12 for α, 1.03
	// for β: the asymptotic SE of α is slightly small at n = 2000).
	for _, v := range [][2]float64{{ma, sa}, {mb, sb}} {
		if math.Abs(v[0]) > 0.5 || v[1] < 0.65 || v[1] > 1.35 {
			t.Errorf("z-scores mean %.2f sd %.2f, want about N(0, 1)", v[0], v[1])
		}
	}
}

// On daily S&P 500 returns the persistence α + β is 0.98-0.99, the usual
// finding for daily equity-index returns (reviews: Engle 2001, GARCH 101,
// J. Econ. Perspect. 15(4), 157-168; Francq & Zakoïan 2019, ch. 7).
func TestFitGARCHSP500(t *testing.T) {
	r := sp500Returns(t)
	for _, o := range []GARCHOptions{{Mean: true}, {Mean: true, StudentT: true}} {
		f, err := FitGARCH(r, &o)
		if err != nil {
			t.Fatal(err)
		}
		p := f.Params.Persistence()
		t.Logf("%+v: ω=%.3g α=%.4f±%.4f β=%.4f±%.4f μ=%.2e ν=%.2f α+β=%.4f±%.4f half-life %.0f days, logL %.1f",
			o, f.Params.Omega, f.Params.Alpha, f.SE.Alpha, f.Params.Beta, f.SE.Beta, f.Params.Mu, f.Params.Nu, p, f.PersistenceSE(), f.Params.HalfLife(), f.LogLik)
		if p < 0.975 || p >= 1 {
			t.Errorf("%+v: α+β = %.4f, want 0.98-0.99", o, p)
		}
		if o.StudentT && (f.Params.Nu < 4 || f.Params.Nu > 10) {
			t.Errorf("ν = %.2f, want fat-tailed innovations (4-10)", f.Params.Nu)
		}
	}
}

func TestFitGARCHErrors(t *testing.T) {
	r := gaussian(100, 0, 0.01, 1)
	nan := append([]float64(nil), r...)
	nan[3] = math.Inf(1)
	for _, c := range []struct {
		name string
		r    []float64
		opt  *GARCHOptions
	}{
		{"short", r[:20], nil},
		{"Inf", nan, nil},
		{"constant", make([]float64, 100), nil},
		{"bad init", r, &GARCHOptions{Init: &GARCHParams{Omega: 1, Alpha: 0.6, Beta: 0.6}}},
	} {
		if _, err := FitGARCH(c.r, c.opt); err == nil {
			t.Errorf("%s: no error", c.name)
		}
	}
}

// Walk-forward volatility forecasts use no future data: altering the
// returns after day c leaves every forecast of days ≤ c+1 bit for bit
// unchanged, and the first forecast equals the one-step forecast of a
// fit on the first window.
func TestGARCHWalkForwardNoLookahead(t *testing.T) {
	r, err := SimulateReturns(context.Background(), "GARCH", 900, &SimulateOptions{Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	opt := &GARCHWalkOptions{Window: 500, Refit: 50}
	v, err := GARCHWalkForward(context.Background(), r, opt)
	if err != nil {
		t.Fatal(err)
	}
	if v.Start != 500 || v.Len() != 400 || len(v.Refits) != 8 {
		t.Fatalf("start %d, %d forecasts, %d refits; want 500, 400, 8", v.Start, v.Len(), len(v.Refits))
	}
	f, err := FitGARCH(r[:500], nil)
	if err != nil {
		t.Fatal(err)
	}
	if v.Sigma[0] != math.Sqrt(f.Sigma2[500]) {
		t.Errorf("first forecast %v, fit on the first window gives %v", v.Sigma[0], math.Sqrt(f.Sigma2[500]))
	}
	const c = 620
	alt := append([]float64(nil), r...)
	for i := c + 1; i < len(alt); i++ {
		alt[i] = 0.005 - 3*alt[i]
	}
	va, err := GARCHWalkForward(context.Background(), alt, opt)
	if err != nil {
		t.Fatal(err)
	}
	for i := range v.Sigma {
		day := v.Start + i
		if day <= c+1 && va.Sigma[i] != v.Sigma[i] {
			t.Fatalf("forecast of day %d changed (%v → %v) when days after %d were altered", day, v.Sigma[i], va.Sigma[i], c)
		}
		if day == c+2 && va.Sigma[i] == v.Sigma[i] {
			t.Errorf("forecast of day %d did not react to r[%d]", day, c+1)
		}
	}
	if _, err := GARCHWalkForward(context.Background(), r, &GARCHWalkOptions{Window: 1000}); err == nil {
		t.Error("window longer than the data: no error")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := GARCHWalkForward(ctx, r, opt); err != context.Canceled {
		t.Errorf("cancelled context: error %v", err)
	}
}

// The unconstrained coordinates map back to the same parameters, and a
// Student-t fit of Gaussian data stops at a large ν below NuMax instead
// of drifting without bound.
func TestGARCHReparametrisation(t *testing.T) {
	m := newGARCHModel(nil, 1, GARCHOptions{StudentT: true, Mean: true})
	th := [nTheta]float64{0.03, 0.07, 0.9, -0.02, 6.5}
	back := m.toTheta(m.toPhi(th))
	for j := range th {
		if !approx(back[j], th[j], 1e-12, 1e-15) {
			t.Errorf("%s: %v → %v", thetaNames[j], th[j], back[j])
		}
	}
	r, err := SimulateReturns(context.Background(), "GARCH", 3000, &SimulateOptions{Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	f, err := FitGARCH(r, &GARCHOptions{StudentT: true})
	if err != nil {
		t.Fatal(err)
	}
	if f.Params.Nu < 20 || f.Params.Nu >= NuMax {
		t.Errorf("ν = %v on Gaussian data, want large but below %v", f.Params.Nu, NuMax)
	}
}

// The optimiser finds the minimum of Rosenbrock's function from the
// classic start (−1.2, 1), and reports failure on a function that is
// +Inf at the start.
func TestBFGS(t *testing.T) {
	rosen := func(x, g []float64) float64 {
		a, b := 1-x[0], x[1]-x[0]*x[0]
		if g != nil {
			g[0] = -2*a - 400*x[0]*b
			g[1] = 200 * b
		}
		return a*a + 100*b*b
	}
	x, f, conv, _ := bfgs(rosen, []float64{-1.2, 1}, 500)
	if !conv || !approx(x[0], 1, 0, 1e-6) || !approx(x[1], 1, 0, 1e-6) || f > 1e-12 {
		t.Errorf("Rosenbrock: x = %v, f = %v, converged %v; want (1, 1), 0, true", x, f, conv)
	}
	inf := func(x, g []float64) float64 { return math.Inf(1) }
	if _, _, conv, _ := bfgs(inf, []float64{0}, 10); conv {
		t.Error("+Inf objective reported as converged")
	}
}
