package cli

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// paretoSample draws n values of the continuous power law p(x) ∝ x^−α on
// x ≥ xmin by inversion, x = xmin·(1−u)^(−1/(α−1)) (Clauset et al. 2009,
// eq. D.4).
func paretoSample(n int, alpha, xmin float64, seed uint64) []float64 {
	rng := rand.New(rand.NewPCG(seed, 17))
	x := make([]float64, n)
	for i := range x {
		x[i] = xmin * math.Pow(1-rng.Float64(), -1/(alpha-1))
	}
	return x
}

// powerlaw --data on a seeded Pareto sample (α = 2.5, xmin = 1): the MLE
// is within 4σ of 2.5 (σ = (α−1)/√n_tail, CSN eq. 3.2), xmin is near 1,
// the bootstrap does not reject the power law, and the likelihood-ratio
// tests against the four alternatives are reported with R ≥ −small for
// the exponential (a power law is far heavier-tailed).
func TestPowerLawPareto(t *testing.T) {
	const (
		alpha, xmin = 2.5, 1.0
		n           = 2000
		xminTol     = 0.5 // the KS scan may cut a little of the body
	)
	path := columnCSV(t, paretoSample(n, alpha, xmin, 1))
	out := analysisJSON(t, "powerlaw", "--data", path, "--column", "x", "--bootstrap", "100", "--seed", "2")
	a, sigma := metric(t, out, "alpha"), metric(t, out, "sigma")
	if !(sigma > 0) || math.Abs(a-alpha) > 4*sigma {
		t.Errorf("alpha = %v ± %v, want %v within 4σ", a, sigma, alpha)
	}
	if want := (a - 1) / math.Sqrt(metric(t, out, "n_tail")); !within(sigma, want, 1e-9) {
		t.Errorf("sigma %v, want (α−1)/√n_tail = %v", sigma, want)
	}
	if x := metric(t, out, "xmin"); !(x >= xmin && x < xmin+xminTol) {
		t.Errorf("xmin = %v, want in [%v, %v)", x, xmin, xmin+xminTol)
	}
	if p := metric(t, out, "p_value"); !(p > 0.1) {
		t.Errorf("bootstrap p = %v for a true power law, want > 0.1", p)
	}
	if metric(t, out, "n") != n || out["discrete"] != false {
		t.Errorf("n %v discrete %v", out["n"], out["discrete"])
	}
	comps, ok := out["comparisons"].([]any)
	if !ok || len(comps) != 4 {
		t.Fatalf("comparisons %v, want 4", out["comparisons"])
	}
	exp := comps[0].(map[string]any)
	if exp["alternative"] != "exponential" || !(exp["r"].(float64) > 0) || exp["preferred"] != "power_law" {
		t.Errorf("exponential comparison %v, want R > 0 preferring the power law", exp)
	}
	// A fixed xmin is used as given; --bootstrap 0 skips the p-value.
	out = analysisJSON(t, "powerlaw", "--data", path, "--xmin", "2", "--bootstrap", "0")
	if x := metric(t, out, "xmin"); x != 2 || out["xmin_fixed"] != true || out["p_value"] != nil {
		t.Errorf("fixed xmin %v (fixed %v), p %v", x, out["xmin_fixed"], out["p_value"])
	}
	r := emergo(t, "powerlaw", "--data", path, "--bootstrap", "20")
	r.wantOK(t)
	for _, want := range []string{"alpha", "xmin", "n_tail", "bootstrap replicates", "lognormal", "truncated_power_law"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("text lacks %q:\n%s", want, r.stdout)
		}
	}
}

// powerlaw --system Sandpile: avalanche sizes are collected as integer
// counts and fitted with the discrete power law by default.
func TestPowerLawSandpile(t *testing.T) {
	needSystem(t, "Sandpile")
	out := analysisJSON(t, "powerlaw", "--system", "Sandpile", "--param", "L=16", "--events", "1500", "--bootstrap", "0")
	if out["discrete"] != true || metric(t, out, "n") != 1500 || str(t, out, "field") != "size" {
		t.Errorf("discrete %v n %v field %v", out["discrete"], out["n"], out["field"])
	}
	// Transient: max(10^4, 3·L²) steps.
	if tr := metric(t, out, "transient_steps"); tr != defaultEventTransient {
		t.Errorf("transient %v, want %v", tr, defaultEventTransient)
	}
	if a := metric(t, out, "alpha"); !(a > 1) || math.IsInf(a, 0) {
		t.Errorf("alpha %v", a)
	}
	out = analysisJSON(t, "powerlaw", "--system", "Sandpile", "--param", "L=64", "--events", "200", "--bootstrap", "0",
		"--field", "duration", "--discrete=false")
	if out["discrete"] != false || str(t, out, "field") != "duration" || metric(t, out, "transient_steps") != 3*64*64 {
		t.Errorf("discrete %v field %v transient %v", out["discrete"], out["field"], out["transient_steps"])
	}
}

// Bad input to powerlaw: the library's checks surface as one clear line.
func TestPowerLawErrors(t *testing.T) {
	neg := columnCSV(t, []float64{1, 2, -3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
	few := columnCSV(t, []float64{1, 2, 3, 4, 5})
	flat := columnCSV(t, []float64{2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2})
	frac := columnCSV(t, paretoSample(100, 2.5, 1, 3))
	nan := writeFile(t, "nan.csv", "x\n1\nnan\n3\n")
	// A time column and a blank line (skipped but counted): the zero
	// size is on line 5 of the file, data row 3.
	gap := writeFile(t, "gap.csv", "t,size\n0,1\n\n1,2\n2,0\n3,4\n")
	for _, c := range []struct {
		args  []string
		code  int
		frags []string
	}{
		{[]string{"powerlaw", "--data", neg}, 1, []string{`x.csv:4: column "x": -3 is not positive`, "non-positive", "x > 0"}},
		{[]string{"powerlaw", "--data", gap, "--column", "size"}, 1, []string{`gap.csv:5: column "size": 0 is not positive`}},
		{[]string{"powerlaw", "--data", few}, 1, []string{"needs at least 10 values, got 5"}},
		{[]string{"powerlaw", "--data", flat}, 1, []string{"constant"}},
		{[]string{"powerlaw", "--data", frac, "--discrete"}, 1, []string{`x.csv:2: column "x":`, "is not a whole number", "whole numbers"}},
		{[]string{"powerlaw", "--data", nan}, 1, []string{"missing value"}},
		{[]string{"powerlaw"}, 2, []string{"--data", "--system"}},
		{[]string{"powerlaw", "--data", few, "--system", "Sandpile"}, 2, []string{"mutually exclusive"}},
		{[]string{"powerlaw", "--data", few, "--bootstrap", "-1"}, 2, []string{"--bootstrap"}},
		{[]string{"powerlaw", "--data", few, "--xmin", "-1"}, 2, []string{"--xmin must be positive"}},
		{[]string{"powerlaw", "--data", few, "--events", "10"}, 2, []string{"--events applies to --system"}},
		{[]string{"powerlaw", "--system", lorenz}, 1, []string{"no avalanche events", "Sandpile"}},
		{[]string{"powerlaw", "--system", "Sandpile", "--field", "mass"}, 2, []string{"unknown --field"}},
		{[]string{"powerlaw", "extra"}, 2, []string{"no arguments"}},
	} {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			emergo(t, c.args...).wantFail(t, c.code, c.frags...)
		})
	}
}
