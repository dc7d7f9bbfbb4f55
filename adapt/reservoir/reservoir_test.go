package reservoir_test

import (
	"context"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/emergo/emergo/adapt/reservoir"
	"github.com/emergo/emergo/chaos"
)

// Tuning budget of the tests: passes over the 5000 training rows.
const tunePasses = 3

// lyapDriven measures the largest conditional Lyapunov exponent (per
// step) of the frozen reservoir driven by the rows of u, with
// chaos.LyapunovSpectrum (Benettin/QR): transient 200 steps, average over
// the following 2000.
func lyapDriven(t *testing.T, res *reservoir.Reservoir, u []float64) *chaos.Spectrum {
	t.Helper()
	dr, err := res.Driven(u)
	if err != nil {
		t.Fatal(err)
	}
	sp, err := chaos.LyapunovSpectrum(context.Background(), dr, &chaos.SpectrumOptions{K: 1, Transient: 200, Time: 2000})
	if err != nil {
		t.Fatal(err)
	}
	return sp
}

// tune drives res through the first trainRows rows of z (dim columns)
// passes times, each pass from the zero state.
func tune(t *testing.T, res *reservoir.Reservoir, z []float64, dim, passes int) {
	t.Helper()
	for p := 0; p < passes; p++ {
		res.ResetState()
		for i := 0; i < trainRows; i++ {
			if err := res.Step(z[i*dim : (i+1)*dim]); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// The homeostasis drives the largest conditional Lyapunov exponent of
// the driven reservoir (the frozen reservoir driven by held-out rows of
// the same series, measured by chaos.LyapunovSpectrum on Driven, not by
// the online estimate) to zero, from a sub-critical gain (0.5: λ ≈ −0.9
// per step) and from a super-critical one (3: λ ≈ +0.26). The gain 1.5 is
// not used as the super-critical start: under Lorenz63 or Mackey-Glass
// drive that reservoir is already stable (λ ≈ −0.04 and −0.01 per step),
// the input suppressing the chaos of the autonomous network (Molgedey et
// al. 1992). Tolerance: |λ| < 0.015 per step after 3 passes of 5000 steps,
// 1.5% of the sub-critical start. Measured: Lorenz63 −0.91 → 0.0000 and
// +0.26 → −0.0014; Mackey-Glass −0.80 → −0.0002 and +0.27 → 0.0001
// (standard errors ≤ 0.002).
func TestLyapunovConvergence(t *testing.T) {
	const tol = 0.015
	lor, mg := datasets(t)
	cases := []struct {
		data  string
		g0    float64
		check func(l float64) bool
		want  string
	}{
		{"lorenz", 0.5, func(l float64) bool { return l < -0.5 }, "< −0.5"},
		{"lorenz", 3, func(l float64) bool { return l > 0.1 }, "> 0.1"},
		{"mackey-glass", 0.5, func(l float64) bool { return l < -0.5 }, "< −0.5"},
		{"mackey-glass", 3, func(l float64) bool { return l > 0.1 }, "> 0.1"},
	}
	for _, c := range cases {
		b := lor
		if c.data == "mackey-glass" {
			b = mg
		}
		z := standardize(b, trainRows)
		d := b.Dim
		held := z[trainRows*d:]
		cfg := reservoir.DefaultConfig()
		cfg.Gain = c.g0
		res, err := reservoir.New(d, &cfg)
		if err != nil {
			t.Fatal(err)
		}
		start := lyapDriven(t, res, held)
		if !c.check(start.Exponents[0]) {
			t.Errorf("%s g0=%g: starting exponent %.4f, want %s (the start is not what the test claims)", c.data, c.g0, start.Exponents[0], c.want)
		}
		tune(t, res, z, d, tunePasses)
		res.SetAdapt(false)
		res.ResetState()
		end := lyapDriven(t, res, held)
		h := res.History()
		last := h.Len() - 1
		t.Logf("%s g0=%g: λ %.4f → %.4f ± %.4f per step (gain %.3f → %.3f); online estimate %.4f at step %d, %.4f at step %d; branching %.3f → %.3f",
			c.data, c.g0, start.Exponents[0], end.Exponents[0], end.StdErr[0], c.g0, res.Gain(),
			h.Lyapunov[0], h.Step[0], h.Lyapunov[last], h.Step[last], h.Branching[0], h.Branching[last])
		if !(math.Abs(end.Exponents[0]) < tol) {
			t.Errorf("%s g0=%g: tuned exponent %.4f ± %.4f per step, want |λ| < %g", c.data, c.g0, end.Exponents[0], end.StdErr[0], tol)
		}
	}
}

// The online estimate (the time average of γ(t) along the renormalised
// perturbation vector) of a frozen reservoir equals the Benettin/QR
// exponent that chaos.LyapunovSpectrum computes from Driven on the same
// input and starting state, once both perturbation vectors have aligned
// with the leading Lyapunov vector (1000 transient steps): the two differ
// only in the initial vector. Tolerance 2e-3 per step (measured
// differences: 1e-6 at g = 0.5, 3e-5 at 1.5, 6e-4 at 3, where the leading
// exponents are close and the vectors align slowly).
func TestOnlineEstimateMatchesChaos(t *testing.T) {
	const (
		transient = 1000
		steps     = 3000
		tol       = 2e-3
	)
	lor, _ := datasets(t)
	z := standardize(lor, trainRows)
	for _, g := range []float64{0.5, 1.5, 3} {
		cfg := reservoir.DefaultConfig()
		cfg.Gain, cfg.Target, cfg.IPRate = g, reservoir.TargetNone, 0
		res, err := reservoir.New(3, &cfg)
		if err != nil {
			t.Fatal(err)
		}
		if res.Adapting() {
			t.Fatalf("g=%g: a reservoir without gain control and intrinsic plasticity reports Adapting", g)
		}
		u := z[:3*(transient+steps+1)]
		dr, err := res.Driven(u)
		if err != nil {
			t.Fatal(err)
		}
		sp, err := chaos.LyapunovSpectrum(context.Background(), dr, &chaos.SpectrumOptions{K: 1, Transient: transient, Time: steps})
		if err != nil {
			t.Fatal(err)
		}
		var sum float64
		for i := 0; i < transient+steps; i++ {
			if err := res.Step(u[3*i : 3*i+3]); err != nil {
				t.Fatal(err)
			}
			if i >= transient {
				g, _ := res.LastStep()
				sum += g
			}
		}
		online := sum / steps
		t.Logf("g=%g: online %.6f, chaos.LyapunovSpectrum %.6f per step", g, online, sp.Exponents[0])
		if !(math.Abs(online-sp.Exponents[0]) < tol) {
			t.Errorf("g=%g: online estimate %.8f, Benettin/QR %.8f: differ by more than %g", g, online, sp.Exponents[0], tol)
		}
	}
}

// gaussKL is the Kullback-Leibler divergence of N(m, s²) from N(μ, σ²).
func gaussKL(m, s, mu, sigma float64) float64 {
	return math.Log(sigma/s) + (s*s+(m-mu)*(m-mu))/(2*sigma*sigma) - 0.5
}

// outputMoments runs the frozen reservoir over rows [from, to) of z and
// returns each neuron's output mean and standard deviation.
func outputMoments(t *testing.T, res *reservoir.Reservoir, z []float64, d, from, to int) (mean, std []float64) {
	t.Helper()
	n := res.Size()
	s1 := make([]float64, n)
	s2 := make([]float64, n)
	y := make([]float64, n)
	res.ResetState()
	for i := from; i < to; i++ {
		if err := res.Step(z[i*d : (i+1)*d]); err != nil {
			t.Fatal(err)
		}
		if i-from < 100 { // washout
			continue
		}
		res.Output(y)
		for k, v := range y {
			s1[k] += v
			s2[k] += v * v
		}
	}
	cnt := float64(to - from - 100)
	mean = make([]float64, n)
	std = make([]float64, n)
	for k := range s1 {
		mean[k] = s1[k] / cnt
		std[k] = math.Sqrt(max(0, s2[k]/cnt-mean[k]*mean[k]))
	}
	return mean, std
}

// noiseInput returns rows×dim independent standard normal values.
func noiseInput(rows, dim int, seed uint64) []float64 {
	rng := rand.New(rand.NewPCG(seed, 99))
	z := make([]float64, rows*dim)
	for i := range z {
		z[i] = rng.NormFloat64()
	}
	return z
}

// Intrinsic plasticity alone (fixed gain) moves the neuron outputs
// towards the Gaussian target N(0, 0.2²). Measured on the rows it
// adapted on (moments of each neuron's output, averaged over neurons):
//
//   - under i.i.d. Gaussian input (unimodal outputs), from narrow outputs
//     (input scaling 0.1, gain 0.5: s ≈ 0.11) and from saturated ones
//     (input scaling 2, bias 1: s ≈ 0.77), after 3 passes of 5000 steps
//     at η_IP = 10⁻³ (measured: KL 0.49 → 0.005 and 6.3 → 0.12), the mean Kullback-Leibler
//     divergence of N(m_i, s_i²) from the target drops at least fourfold,
//     the mean |s_i − 0.2| at least halves and the mean |m_i| does not
//     grow;
//   - under standardised Lorenz63 input the mean |s_i − 0.2| at least
//     halves too, but the means are not checked: the outputs are bimodal
//     (the two lobes), and the rule, which fits the whole distribution,
//     settles with skewed neurons off-centre (mean |m_i| ≈ 0.16).
func TestIntrinsicPlasticity(t *testing.T) {
	const target = 0.2
	lor, _ := datasets(t)
	zl := standardize(lor, trainRows)
	zn := noiseInput(trainRows, 3, 5)
	cases := []struct {
		name             string
		z                []float64
		gain, scale, bia float64
		checkMean        bool
	}{
		{"noise/narrow", zn, 0.5, 0.1, 0.2, true},
		{"noise/saturated", zn, 1, 2, 1, true},
		{"lorenz/narrow", zl, 0.5, 0.1, 0.2, false},
		{"lorenz/saturated", zl, 1, 2, 1, false},
	}
	for _, c := range cases {
		cfg := reservoir.DefaultConfig()
		cfg.Gain, cfg.InputScaling, cfg.Bias = c.gain, c.scale, c.bia
		cfg.Target, cfg.GainRate = reservoir.TargetNone, 0
		cfg.IPRate, cfg.IPStd = 1e-3, target
		res, err := reservoir.New(3, &cfg)
		if err != nil {
			t.Fatal(err)
		}
		measure := func() (kl, dstd, dmean, avgStd float64) {
			res.SetAdapt(false)
			m, s := outputMoments(t, res, c.z, 3, 0, trainRows)
			for i := range m {
				kl += gaussKL(m[i], s[i], 0, target)
				dstd += math.Abs(s[i] - target)
				dmean += math.Abs(m[i])
				avgStd += s[i]
			}
			n := float64(len(m))
			return kl / n, dstd / n, dmean / n, avgStd / n
		}
		kl0, ds0, dm0, s0 := measure()
		res.SetAdapt(true)
		tune(t, res, c.z, 3, 3)
		kl1, ds1, dm1, s1 := measure()
		t.Logf("%s: KL %.3f → %.4f, mean |s−σ| %.3f → %.4f, mean |m−μ| %.3f → %.4f, mean s %.3f → %.3f",
			c.name, kl0, kl1, ds0, ds1, dm0, dm1, s0, s1)
		if !(ds1 < ds0/2) {
			t.Errorf("%s: mean |s−σ| %.4f → %.4f, want at least halved", c.name, ds0, ds1)
		}
		if !c.checkMean {
			continue
		}
		if !(kl1 < kl0/4) {
			t.Errorf("%s: mean KL to the target %.4f → %.4f, want at least a fourfold drop", c.name, kl0, kl1)
		}
		if !(dm1 <= dm0) {
			t.Errorf("%s: mean |m−μ| grew from %.4f to %.4f", c.name, dm0, dm1)
		}
	}
}

// With TargetBranching the running mean-field branching ratio settles
// at its set point 1 (within 0.03, the fluctuation of the running
// average), from a low and a high start.
func TestBranchingTarget(t *testing.T) {
	const tol = 0.03
	lor, _ := datasets(t)
	z := standardize(lor, trainRows)
	for _, g0 := range []float64{0.5, 3} {
		cfg := reservoir.DefaultConfig()
		cfg.Gain, cfg.Target = g0, reservoir.TargetBranching
		res, err := reservoir.New(3, &cfg)
		if err != nil {
			t.Fatal(err)
		}
		tune(t, res, z, 3, 2)
		h := res.History()
		// Average the recorded running estimate over the last pass.
		var s float64
		var n int
		for i, st := range h.Step {
			if st > trainRows {
				s += h.Branching[i]
				n++
			}
		}
		s /= float64(n)
		t.Logf("g0=%g: branching %.3f → %.3f (gain %.3f, running λ %.4f)", g0, h.Branching[0], s, res.Gain(), res.Lyapunov())
		if !(math.Abs(s-1) < tol) {
			t.Errorf("g0=%g: branching ratio over the last pass %.4f, want 1 ± %g", g0, s, tol)
		}
	}
}

// Driven reproduces a frozen reservoir's trajectory bit for bit, and its
// analytic Jacobian agrees with central differences (steps 1e-6,
// tolerance 1e-6 relative to the largest entry).
func TestDriven(t *testing.T) {
	lor, _ := datasets(t)
	z := standardize(lor, trainRows)
	cfg := reservoir.DefaultConfig()
	cfg.Size, cfg.Leak = 40, 0.7
	res, err := reservoir.New(3, &cfg)
	if err != nil {
		t.Fatal(err)
	}
	tune(t, res, z[:3*trainRows], 3, 1)
	res.SetAdapt(false)
	u := z[3*trainRows : 3*(trainRows+50)]
	dr, err := res.Driven(u)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 50; i++ {
		if err := res.Step(u[3*i : 3*i+3]); err != nil {
			t.Fatal(err)
		}
		if err := dr.Step(); err != nil {
			t.Fatal(err)
		}
	}
	a, b := res.State(nil), dr.State(nil)
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("state %d after 50 steps: reservoir %v, driven %v", i, a[i], b[i])
		}
	}
	n := dr.Dim()
	jac := make([]float64, n*n)
	x := dr.State(nil)
	dr.Jacobian(jac, x, 7)
	xp, xm := make([]float64, n), make([]float64, n)
	fp, fm := make([]float64, n), make([]float64, n)
	var worst, big float64
	for _, v := range jac {
		big = max(big, math.Abs(v))
	}
	for j := 0; j < n; j++ {
		copy(xp, x)
		copy(xm, x)
		const h = 1e-6
		xp[j] += h
		xm[j] -= h
		dr.Eval(fp, xp, 7)
		dr.Eval(fm, xm, 7)
		for i := 0; i < n; i++ {
			worst = max(worst, math.Abs((fp[i]-fm[i])/(2*h)-jac[i*n+j]))
		}
	}
	if worst > 1e-6*max(1, big) {
		t.Errorf("driven Jacobian differs from central differences by %.3g (largest entry %.3g)", worst, big)
	}
	dr.Reset()
	if dr.Time() != 0 {
		t.Errorf("Reset: time %v, want 0", dr.Time())
	}
}

// Invalid configurations are errors naming the field.
func TestConfigErrors(t *testing.T) {
	cases := []struct {
		field string
		set   func(c *reservoir.Config)
	}{
		{"Size", func(c *reservoir.Config) { c.Size = 1 }},
		{"Degree", func(c *reservoir.Config) { c.Degree = math.NaN() }},
		{"Gain", func(c *reservoir.Config) { c.Gain = 0 }},
		{"InputScaling", func(c *reservoir.Config) { c.InputScaling = -1 }},
		{"Leak", func(c *reservoir.Config) { c.Leak = 1.5 }},
		{"Target", func(c *reservoir.Config) { c.Target = 7 }},
		{"BranchingTarget", func(c *reservoir.Config) { c.Target, c.BranchingTarget = reservoir.TargetBranching, 0 }},
		{"IPRate", func(c *reservoir.Config) { c.IPRate = -1 }},
		{"IPMean", func(c *reservoir.Config) { c.IPMean = 1 }},
		{"IPStd", func(c *reservoir.Config) { c.IPStd = 0 }},
		{"Window", func(c *reservoir.Config) { c.Window = 0 }},
	}
	for _, c := range cases {
		cfg := reservoir.DefaultConfig()
		c.set(&cfg)
		_, err := reservoir.New(2, &cfg)
		if err == nil || !strings.Contains(err.Error(), "Config."+c.field) {
			t.Errorf("%s: error %v, want one naming Config.%s", c.field, err, c.field)
		}
	}
}

// A non-finite input is an error that leaves the reservoir unchanged; a
// wrong input length panics.
func TestStepErrors(t *testing.T) {
	cfg := reservoir.DefaultConfig()
	cfg.Size = 20
	res, err := reservoir.New(2, &cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := res.Step([]float64{0.3, -0.1}); err != nil {
		t.Fatal(err)
	}
	before := res.State(nil)
	g := res.Gain()
	if err := res.Step([]float64{math.NaN(), 0}); err == nil || !strings.Contains(err.Error(), "input 0") {
		t.Errorf("Step with NaN: error %v, want one naming input 0", err)
	}
	after := res.State(nil)
	for i := range before {
		if before[i] != after[i] {
			t.Fatalf("a rejected step changed the state")
		}
	}
	if res.Steps() != 1 || res.Gain() != g {
		t.Errorf("a rejected step changed the step count (%d) or the gain", res.Steps())
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Errorf("Step with 3 inputs for 2: no panic")
			}
		}()
		_ = res.Step([]float64{1, 2, 3})
	}()
}

// The history keeps at most MaxHistory points, doubling its interval,
// with increasing step numbers.
func TestHistoryDecimation(t *testing.T) {
	cfg := reservoir.DefaultConfig()
	cfg.Size, cfg.HistoryEvery = 10, 1
	res, err := reservoir.New(1, &cfg)
	if err != nil {
		t.Fatal(err)
	}
	steps := 3*reservoir.MaxHistory + 5
	for i := 0; i < steps; i++ {
		if err := res.Step([]float64{math.Sin(0.1 * float64(i))}); err != nil {
			t.Fatal(err)
		}
	}
	h := res.History()
	if h.Len() > reservoir.MaxHistory || h.Len() < reservoir.MaxHistory/2 {
		t.Errorf("history of %d points after %d steps, want %d … %d", h.Len(), steps, reservoir.MaxHistory/2, reservoir.MaxHistory)
	}
	if h.Every != 4 {
		t.Errorf("interval %d after %d steps, want 4", h.Every, steps)
	}
	for i := 1; i < h.Len(); i++ {
		if h.Step[i] <= h.Step[i-1] {
			t.Fatalf("history steps not increasing at %d: %d, %d", i, h.Step[i-1], h.Step[i])
		}
	}
	for _, s := range [][]float64{h.Gain, h.Lyapunov, h.Branching, h.OutMean, h.OutStd} {
		if len(s) != h.Len() {
			t.Fatalf("history series of %d points for %d steps", len(s), h.Len())
		}
	}
}
