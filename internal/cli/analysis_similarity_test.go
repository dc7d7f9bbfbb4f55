package cli

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// matrixCSV writes an n×d matrix with an id column and a header.
func matrixCSV(t *testing.T, name string, x [][]float64) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("id")
	for j := range x[0] {
		fmt.Fprintf(&b, ",f%d", j)
	}
	b.WriteString("\n")
	for i, row := range x {
		fmt.Fprintf(&b, "%d", i)
		for _, v := range row {
			fmt.Fprintf(&b, ",%v", v)
		}
		b.WriteString("\n")
	}
	return writeFile(t, name, b.String())
}

func gaussMatrix(rng *rand.Rand, n, d int) [][]float64 {
	x := make([][]float64, n)
	for i := range x {
		x[i] = make([]float64, d)
		for j := range x[i] {
			x[i][j] = rng.NormFloat64()
		}
	}
	return x
}

// similarity of a representation with itself is 1 for every metric
// (CKA, debiased CKA and RBF CKA by their normalisation; SVCCA's canonical
// correlations are all 1; mutual k-NN neighbourhoods coincide).
func TestSimilarityIdentical(t *testing.T) {
	const tol = 1e-9
	rng := rand.New(rand.NewPCG(5, 6))
	a := matrixCSV(t, "a.csv", gaussMatrix(rng, 120, 5))
	out := analysisJSON(t, "similarity", a, a, "--metric", "all")
	sim, ok := out["similarity"].(map[string]any)
	if !ok {
		t.Fatalf("no similarity map in %v", out)
	}
	for _, m := range similarityMetrics {
		v, ok := sim[m].(float64)
		if !ok || !within(v, 1, tol) {
			t.Errorf("%s = %v, want 1", m, sim[m])
		}
	}
	if metric(t, out, "rows") != 120 || metric(t, out, "features_a") != 5 {
		t.Errorf("rows %v features %v", out["rows"], out["features_a"])
	}
}

// Linear CKA is invariant to an orthogonal transform and isotropic
// scaling (Kornblith et al. 2019): B = 3·A·Q gives 1, with a permutation
// p-value at its floor 1/(1+N); an independent B gives debiased CKA near
// 0 (Song et al. 2012: unbiased HSIC) and a large p-value.
func TestSimilarityInvariance(t *testing.T) {
	const (
		n, d   = 150, 3
		perms  = 99
		nullSD = 0.1 // debiased CKA of independent 150×3 data: |value| well below this
	)
	rng := rand.New(rand.NewPCG(7, 8))
	a := gaussMatrix(rng, n, d)
	// Q: rotation by θ in the (0,1) plane, then a reflection of axis 2.
	th := 0.7
	b := make([][]float64, n)
	for i, r := range a {
		b[i] = []float64{3 * (math.Cos(th)*r[0] - math.Sin(th)*r[1]), 3 * (math.Sin(th)*r[0] + math.Cos(th)*r[1]), -3 * r[2]}
	}
	pa, pb := matrixCSV(t, "a.csv", a), matrixCSV(t, "b.csv", b)
	out := analysisJSON(t, "similarity", pa, pb, "--permutations", fmt.Sprint(perms))
	res := out["results"].([]any)[0].(map[string]any)
	if v := res["value"].(float64); !within(v, 1, 1e-12) {
		t.Errorf("CKA(A, 3AQ) = %v, want 1", v)
	}
	if p := res["p_value"].(float64); !within(p, 1.0/(1+perms), 1e-12) {
		t.Errorf("p = %v, want 1/(1+%d)", p, perms)
	}
	pc := matrixCSV(t, "c.csv", gaussMatrix(rng, n, 4))
	out = analysisJSON(t, "similarity", pa, pc, "--metric", "cka-debiased", "--permutations", fmt.Sprint(perms))
	res = out["results"].([]any)[0].(map[string]any)
	if v := res["value"].(float64); math.Abs(v) > nullSD {
		t.Errorf("debiased CKA of independent data = %v, want |v| < %v", v, nullSD)
	}
	if p := res["p_value"].(float64); !(p > 0.01) {
		t.Errorf("p = %v for independent data", p)
	}
	r := emergo(t, "similarity", pa, pc, "--metric", "cka,mknn", "--k", "5")
	r.wantOK(t)
	for _, want := range []string{"cka", "mknn", "chance level"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("text lacks %q:\n%s", want, r.stdout)
		}
	}
}

func TestSimilarityErrors(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	a := matrixCSV(t, "a.csv", gaussMatrix(rng, 20, 3))
	b := matrixCSV(t, "b.csv", gaussMatrix(rng, 19, 3))
	nan := writeFile(t, "nan.csv", "f0,f1\n1,2\n3,NaN\n")
	word := writeFile(t, "word.csv", "f0,f1\n1,2\n3,abc\n")
	flat := matrixCSV(t, "flat.csv", func() [][]float64 {
		x := make([][]float64, 20)
		for i := range x {
			x[i] = []float64{1, 1}
		}
		return x
	}())
	for _, c := range []struct {
		args  []string
		code  int
		frags []string
	}{
		{[]string{"similarity", a, b}, 1, []string{"20 rows", "19", "must pair up"}},
		{[]string{"similarity", a, a, "--metric", "ckaa"}, 2, []string{"unknown --metric \"ckaa\"", "did you mean \"cka\""}},
		{[]string{"similarity", a, a, "--metric", "cosine"}, 2, []string{"unknown --metric", "svcca"}},
		{[]string{"similarity", nan, nan}, 1, []string{"nan.csv:3", "f1", "NaN"}},
		{[]string{"similarity", word, word}, 1, []string{"word.csv:3", "\"abc\" is not a number"}},
		{[]string{"similarity", a, flat}, 1, []string{"constant"}},
		{[]string{"similarity", a, a + ".missing"}, 1, []string{"cannot read"}},
		{[]string{"similarity", a}, 2, []string{"two CSV files"}},
		{[]string{"similarity", a, a, "--knn-metric", "manhattan"}, 2, []string{"--knn-metric"}},
		{[]string{"similarity", a, a, "--permutations", "-3"}, 2, []string{"--permutations"}},
	} {
		t.Run(strings.Join(c.args[min(len(c.args), 3):], " "), func(t *testing.T) {
			emergo(t, c.args...).wantFail(t, c.code, c.frags...)
		})
	}
}

// homogenization on a small failure matrix with hand-computed answers:
// models a and b fail the same two of four instances, c fails one other.
// Rates 0.5, 0.5, 0.25; the count of failing models per instance is
// {2, 2, 1, 0} → observed P(0..3) = 1/4, 1/4, 1/2, 0, against the
// Poisson-binomial (1−.5)(1−.5)(1−.25) = 0.1875 for 0, 0.4375 for 1,
// 0.3125 for 2, 0.0625 for 3; φ(a, b) = 1 and φ(a, c) = −1/√3.
func TestHomogenizationSmall(t *testing.T) {
	const tol = 1e-12
	path := writeFile(t, "f.csv", "instance,a,b,c\nx1,true,1,0\nx2,TRUE,1,false\nx3,0,false,1\nx4,false,0,0\n")
	out := analysisJSON(t, "homogenization", path, "--permutations", "0")
	for i, want := range []float64{0.5, 0.5, 0.25} {
		if got := floats(t, out, "failure_rates")[i]; !within(got, want, tol) {
			t.Errorf("rate %d = %v, want %v", i, got, want)
		}
	}
	obs, exp := floats(t, out, "systemic", "observed"), floats(t, out, "systemic", "expected")
	for j, want := range []float64{0.25, 0.25, 0.5, 0} {
		if !within(obs[j], want, tol) {
			t.Errorf("observed[%d] = %v, want %v", j, obs[j], want)
		}
	}
	for j, want := range []float64{0.1875, 0.4375, 0.3125, 0.0625} {
		if !within(exp[j], want, tol) {
			t.Errorf("expected[%d] = %v, want %v", j, exp[j], want)
		}
	}
	ec := out["error_correlation"].([]any)
	if v := ec[0].([]any)[1].(float64); !within(v, 1, tol) {
		t.Errorf("φ(a, b) = %v, want 1", v)
	}
	if v := ec[0].([]any)[2].(float64); !within(v, -1/math.Sqrt(3), tol) {
		t.Errorf("φ(a, c) = %v, want −1/√3", v)
	}
	// No instance fails under all three models: H^unif = 0 (Bommasani et
	// al. 2022: the systemic failure rate over ∏ rates).
	if h := metric(t, out, "homogenization", "h_unif"); !within(h, 0, tol) {
		t.Errorf("H_unif = %v, want 0", h)
	}
	if names := out["models"].([]any); len(names) != 3 || names[2] != "c" {
		t.Errorf("models %v", names)
	}
}

// Homogeneous failures: models that fail the same hard instances show
// systemic failure far above the independence baseline, H > 1 and a
// small permutation p-value; group-level H uses --group.
func TestHomogenizationCorrelated(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	var b strings.Builder
	b.WriteString("id,region,m1,m2,m3\n")
	for i := 0; i < 300; i++ {
		hard := rng.Float64() < 0.2
		fmt.Fprintf(&b, "%d,%s", i, []string{"north", "south"}[i%2])
		for m := 0; m < 3; m++ {
			f := rng.Float64() < 0.05 || (hard && rng.Float64() < 0.9)
			fmt.Fprintf(&b, ",%v", map[bool]int{true: 1, false: 0}[f])
		}
		b.WriteString("\n")
	}
	path := writeFile(t, "f.csv", b.String())
	out := analysisJSON(t, "homogenization", path, "--group", "region", "--permutations", "200")
	if r := metric(t, out, "systemic", "failure_ratio"); !(r > 3) {
		t.Errorf("systemic failure ratio %v, want ≫ 1", r)
	}
	if p := metric(t, out, "systemic", "perm_p_systemic"); !within(p, 1.0/201, 1e-12) {
		t.Errorf("permutation p = %v, want its floor 1/201", p)
	}
	if o := metric(t, out, "systemic", "overdispersion"); !(o > 1.5) {
		t.Errorf("overdispersion %v, want > 1.5", o)
	}
	if lvl := str(t, out, "homogenization", "level"); !strings.Contains(lvl, "region") || metric(t, out, "homogenization", "groups") != 2 {
		t.Errorf("level %q groups %v", lvl, out["homogenization"])
	}
	if len(out["models"].([]any)) != 3 {
		t.Errorf("models %v (the group column must not count as a model)", out["models"])
	}
	emergo(t, "homogenization", path).wantFail(t, 1, "\"north\" is not a failure flag", "--group region")
	r := emergo(t, "homogenization", path, "--group", "region", "--permutations", "50")
	r.wantOK(t)
	for _, want := range []string{"FAILURE RATE", "Poisson-binomial", "systemic failure", "H_unif", "Error correlation"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("text lacks %q:\n%s", want, r.stdout)
		}
	}
}

func TestHomogenizationErrors(t *testing.T) {
	bad := writeFile(t, "bad.csv", "a,b\n1,0\n2,1\n")
	one := writeFile(t, "one.csv", "a\n1\n0\n")
	ok := writeFile(t, "ok.csv", "a,b\n1,0\n0,1\n")
	never := writeFile(t, "never.csv", "a,b\n1,0\n0,0\n")
	for _, c := range []struct {
		args  []string
		code  int
		frags []string
	}{
		{[]string{"homogenization", bad}, 1, []string{"bad.csv:3", "\"2\" is not a failure flag"}},
		{[]string{"homogenization", one}, 1, []string{"at least 2 models"}},
		{[]string{"homogenization", ok, "--group", "region"}, 1, []string{"no column \"region\""}},
		{[]string{"homogenization", ok, "--permutations", "-1"}, 2, []string{"--permutations"}},
		{[]string{"homogenization"}, 2, []string{"one CSV file"}},
	} {
		t.Run(strings.Join(c.args[1:], " "), func(t *testing.T) {
			emergo(t, c.args...).wantFail(t, c.code, c.frags...)
		})
	}
	// A model that never fails leaves H undefined: a note, not an error.
	out := analysisJSON(t, "homogenization", never, "--permutations", "0")
	if out["homogenization"] != nil || !strings.Contains(fmt.Sprint(out["notes"]), "undefined") {
		t.Errorf("homogenization %v notes %v", out["homogenization"], out["notes"])
	}
}
