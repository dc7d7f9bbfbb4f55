package cli

import (
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// Reference values.
const (
	// Hénon map at a=1.4, b=0.3: Sprott (2003), Chaos and Time-Series
	// Analysis, App. A: λ = 0.41922, −1.62319, D_KY = 1.25827.
	henonL1 = 0.41922
	henonKY = 1.25827
	// Lorenz at σ=10, ρ=28, β=8/3: Sprott (2003), App. A: λ1 = 0.9056.
	lorenzL1 = 0.9056
)

// lyapunov Henon --json: the exponents sum to ln|det J| = ln b = ln 0.3
// exactly (the Jacobian determinant of the Hénon map is −b at every point,
// and the QR algorithm's Σ ln R_ii is ln|det| of the product of
// Jacobians), and λ1 and D_KY agree with Sprott's values within a few
// standard errors of a 2·10⁴-iteration average.
func TestLyapunovHenonJSON(t *testing.T) {
	const (
		sumTol = 1e-9  // rounding over 2·10⁴ QR steps
		l1Tol  = 0.015 // ~5 s.e. of a 2·10⁴-iteration average
		kyTol  = 0.02
	)
	out := analysisJSON(t, "lyapunov", "Henon", "--time", "20000")
	ex := floats(t, out, "exponents")
	if len(ex) != 2 {
		t.Fatalf("exponents %v, want 2", ex)
	}
	if sum := ex[0] + ex[1]; !within(sum, math.Log(0.3), sumTol) {
		t.Errorf("λ1+λ2 = %.12f, want ln 0.3 = %.12f", sum, math.Log(0.3))
	}
	if !within(ex[0], henonL1, l1Tol) {
		t.Errorf("λ1 = %v, want %v ± %v (Sprott 2003)", ex[0], henonL1, l1Tol)
	}
	if ky := metric(t, out, "kaplan_yorke"); !within(ky, henonKY, kyTol) {
		t.Errorf("D_KY = %v, want %v ± %v (Sprott 2003)", ky, henonKY, kyTol)
	}
	if se := floats(t, out, "stderr"); len(se) != 2 || !(se[0] > 0 && se[0] < l1Tol) {
		t.Errorf("standard errors %v", se)
	}
	if units := str(t, out, "units"); units != "per iteration" {
		t.Errorf("units %q", units)
	}
	refs, ok := out["references"].([]any)
	if !ok || len(refs) == 0 || !strings.Contains(refs[0].(map[string]any)["source"].(string), "Sprott") {
		t.Errorf("references %v, want Sprott's spectrum first", out["references"])
	}
}

// lyapunov Lorenz --k 1 with a short averaging time: λ1 near Sprott's
// 0.9056. The table form shows the reference column and its source.
func TestLyapunovLorenzQuick(t *testing.T) {
	const tol = 0.15 // ~4 s.e. of an average over 100 time units
	needSystem(t, lorenz)
	out := analysisJSON(t, "lyapunov", lorenz, "--k", "1", "--time", "100", "--transient", "10")
	ex := floats(t, out, "exponents")
	if len(ex) != 1 || !within(ex[0], lorenzL1, tol) {
		t.Errorf("exponents %v, want [%v ± %v]", ex, lorenzL1, tol)
	}
	r := emergo(t, "lyapunov", lorenz, "--k", "1", "--time", "100", "--transient", "10")
	r.wantOK(t)
	for _, want := range []string{"per time unit", "reference", "0.9056", "Sprott", "D_KY"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("table lacks %q:\n%s", want, r.stdout)
		}
	}
}

// lyapunov Lorenz --model nvar: NG-RC trained on the Lorenz system
// reproduces its largest exponent (Gauthier et al. 2021; Pathak et al.
// 2017 for reservoir computers), here within 20% with short settings,
// and the system's own λ1 is printed next to it.
func TestLyapunovModelNVAR(t *testing.T) {
	const relTol = 0.2
	needSystem(t, lorenz)
	out := analysisJSON(t, "lyapunov", lorenz, "--model", "nvar", "--train", "2000", "--time", "100", "--transient", "10")
	m, ok := out["model"].(map[string]any)
	if !ok {
		t.Fatalf("no model in %v", out)
	}
	if d, _ := m["diverged"].(string); d != "" {
		t.Fatalf("the model's dynamics diverged: %s", d)
	}
	ex := floats(t, m, "exponents")
	if len(ex) != 3 {
		t.Fatalf("model exponents %v, want 3", ex)
	}
	if math.Abs(ex[0]-lorenzL1) > relTol*lorenzL1 {
		t.Errorf("model λ1 = %v, want %v within %.0f%%", ex[0], lorenzL1, 100*relTol)
	}
	// Per-step exponents times 1/dt are the per-time-unit ones.
	ps := floats(t, m, "exponents_per_step")
	if dt := metric(t, out, "dt"); !within(ps[0]/dt, ex[0], 1e-12*math.Abs(ex[0])) {
		t.Errorf("per step %v / dt %v ≠ %v", ps[0], dt, ex[0])
	}
	if sd := metric(t, m, "state_dim"); sd != 6 {
		t.Errorf("NVAR's state has %v values, want 6 (k=2 taps of 3 variables)", sd)
	}
	l1 := floats(t, out, "exponents")[0]
	if e := metric(t, m, "lambda1_relative_error"); !within(e, (ex[0]-l1)/l1, 1e-12) {
		t.Errorf("lambda1_relative_error %v, want %v", e, (ex[0]-l1)/l1)
	}
	r := emergo(t, "lyapunov", lorenz, "--model", "nvar", "--train", "2000", "--time", "50", "--transient", "10")
	r.wantOK(t)
	for _, want := range []string{"nvar λ_i", "trained on 2000 rows", "vs the system's"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("table lacks %q:\n%s", want, r.stdout)
		}
	}
}

// A model whose closed loop diverges is reported, not an error: NVAR
// fitted on 30 rows with cubic features blows up.
func TestLyapunovModelDiverged(t *testing.T) {
	out := analysisJSON(t, "lyapunov", lorenz, "--model", "nvar", "--set", "k=1,order=3,alpha=0", "--train", "30",
		"--time", "50", "--transient", "1")
	m := out["model"].(map[string]any)
	d, _ := m["diverged"].(string)
	if d == "" {
		t.Fatalf("this model did not diverge (exponents %v); the diverged path is not exercised", m["exponents"])
	}
	if !strings.Contains(d, "diverged") || m["exponents"] != nil {
		t.Errorf("diverged %q, exponents %v", d, m["exponents"])
	}
}

// lyapunov --data: Rosenstein's method on the x column of a simulated
// Lorenz series recovers λ1 within 15%, with the embedding reported, and
// dt read from the time column.
func TestLyapunovData(t *testing.T) {
	const relTol = 0.15
	path := simulateFile(t, lorenz, "--steps", "10000")
	out := analysisJSON(t, "lyapunov", "--data", path, "--column", "x")
	l := metric(t, out, "lambda1")
	if math.Abs(l-lorenzL1) > relTol*lorenzL1 {
		t.Errorf("λ1 = %v, want %v within %.0f%% (Rosenstein et al. 1993)", l, lorenzL1, 100*relTol)
	}
	if dt := metric(t, out, "dt"); !within(dt, 0.01, 1e-12) || str(t, out, "dt_source") != "time column" {
		t.Errorf("dt %v from %q", dt, str(t, out, "dt_source"))
	}
	if d, tau := metric(t, out, "embedding", "dim"), metric(t, out, "embedding", "delay"); d < 2 || tau < 1 {
		t.Errorf("embedding dim %v delay %v", d, tau)
	}
	// kaplan_yorke is present and null (a scalar series gives λ1 only),
	// and --k 1 is accepted with data.
	if ky, ok := out["kaplan_yorke"]; !ok || ky != nil {
		t.Errorf("kaplan_yorke = %v (present %v), want null", ky, ok)
	}
	if notes, _ := json.Marshal(out["notes"]); !strings.Contains(string(notes), "kaplan_yorke is null") {
		t.Errorf("notes %s do not explain the null kaplan_yorke", notes)
	}
	k1 := analysisJSON(t, "lyapunov", "--data", path, "--column", "x", "--k", "1")
	if metric(t, k1, "lambda1") != l {
		t.Errorf("--k 1 gave λ1 %v, without it %v", metric(t, k1, "lambda1"), l)
	}
	// Fixed embedding, Kantz's method: the embedding used is the one
	// asked for.
	out = analysisJSON(t, "lyapunov", "--data", path, "--column", "x", "--method", "kantz", "--delay", "10", "--embed-dim", "3")
	if d, tau := metric(t, out, "embedding", "dim"), metric(t, out, "embedding", "delay"); d != 3 || tau != 10 {
		t.Errorf("embedding dim %v delay %v, want 3 and 10", d, tau)
	}
	if l := metric(t, out, "lambda1"); !(l > 0) {
		t.Errorf("Kantz λ1 = %v, want positive", l)
	}
	r := emergo(t, "lyapunov", "--data", path, "--column", "x")
	r.wantOK(t)
	for _, want := range []string{"Rosenstein", "embedding: dimension", "delay", "Theiler"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("text lacks %q:\n%s", want, r.stdout)
		}
	}
}

// simulateFile writes a simulated series to a temporary CSV file.
func simulateFile(t *testing.T, name string, args ...string) string {
	t.Helper()
	path := writeFile(t, name+".csv", "")
	r := emergo(t, append([]string{"simulate", name, "--out", path}, args...)...)
	r.wantOK(t)
	return path
}

// Bad input to lyapunov gives one clear line and the right status.
func TestLyapunovErrors(t *testing.T) {
	short := columnCSV(t, []float64{1, 3, 2, 5, 4, 6, 2, 8, 1, 9})
	flat := make([]float64, 200)
	for i := range flat {
		flat[i] = 2
	}
	constant := columnCSV(t, flat)
	nan := writeFile(t, "nan.csv", "x\n1\n2\nNaN\n4\n")
	two := writeFile(t, "two.csv", "a,b\n1,2\n3,4\n")
	for _, c := range []struct {
		args  []string
		code  int
		frags []string
	}{
		{[]string{"lyapunov", "Sandpile"}, 1, []string{"Sandpile", "no tangent dynamics", "--data"}},
		{[]string{"lyapunov", "MackeyGlass"}, 1, []string{"delay", "no tangent dynamics"}},
		{[]string{"lyapunov", "--data", short}, 1, []string{"needs at least 50 points, got 10"}},
		{[]string{"lyapunov", "--data", constant}, 1, []string{"constant", "every value is 2"}},
		{[]string{"lyapunov", "--data", nan}, 1, []string{"missing value", "NaN"}},
		{[]string{"lyapunov", "--data", two}, 2, []string{"2 value columns", "--column"}},
		{[]string{"lyapunov", "--data", two, "--column", "c"}, 1, []string{"c"}},
		{[]string{"lyapunov", "--data", short, "--method", "wolf"}, 2, []string{"unknown --method", "rosenstein"}},
		{[]string{"lyapunov", lorenz, "--data", short}, 2, []string{"not both"}},
		{[]string{"lyapunov"}, 2, []string{"system NAME", "--data"}},
		{[]string{"lyapunov", lorenz, "--k", "4"}, 2, []string{"--k 4 exceeds the dimension 3"}},
		{[]string{"lyapunov", lorenz, "--k", "0"}, 2, []string{"--k must be at least 1"}},
		{[]string{"lyapunov", lorenz, "--time", "-1"}, 2, []string{"--time"}},
		{[]string{"lyapunov", lorenz, "--column", "x"}, 2, []string{"--column applies to --data"}},
		{[]string{"lyapunov", lorenz, "--train", "10"}, 2, []string{"--train applies to --model"}},
		{[]string{"lyapunov", "--data", short, "--k", "2"}, 2, []string{"--k 2", "only the largest exponent", "--k 1"}},
		{[]string{"lyapunov", "--data", short, "--param", "rho=1"}, 2, []string{"--param applies to a system"}},
		{[]string{"lyapunov", lorenz, "--model", "persistence"}, 1, []string{"no Dynamics", "nvar"}},
		{[]string{"lyapunov", lorenz, "--model", "nvarr"}, 1, []string{"nvar"}},
		{[]string{"lyapunov", lorenz, "--model", "nvar", "--set", "k=0"}, 1, []string{"k"}},
		{[]string{"lyapunov", lorenz, "--model", "esn", "--set", "washout=100", "--train", "50"}, 1, []string{"needs at least 102 training rows"}},
		{[]string{"lyapunov", "Lorenzz"}, 1, []string{"unknown system", "Lorenz"}},
	} {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			emergo(t, c.args...).wantFail(t, c.code, c.frags...)
		})
	}
}

// Ctrl-C stops a spectrum: exit status 130 and one line.
func TestLyapunovInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	emergoCtx(t, ctx, "lyapunov", lorenz).wantFail(t, ExitInterrupted, "interrupted")
	emergoCtx(t, ctx, "powerlaw", "--system", "Sandpile", "--param", "L=8").wantFail(t, ExitInterrupted, "interrupted")
}

// Two exponents of a 10-site Lorenz-96 at F = 8 (both positive) cannot
// bound the dimension: kaplan_yorke is 2, flagged as a lower bound; the
// full Lorenz spectrum gives a proper value, not flagged.
func TestLyapunovKaplanYorkeLowerBound(t *testing.T) {
	out := analysisJSON(t, "lyapunov", "Lorenz96", "-p", "n=10", "--k", "2", "--time", "50")
	if ky, lb := metric(t, out, "kaplan_yorke"), out["kaplan_yorke_lower_bound"]; ky != 2 || lb != true {
		t.Errorf("Lorenz96 n=10 --k 2: kaplan_yorke %v, lower bound %v; want 2 and true", ky, lb)
	}
	// The text output says so.
	r := emergo(t, "lyapunov", "Lorenz96", "-p", "n=10", "--k", "2", "--time", "50")
	r.wantOK(t)
	if !strings.Contains(r.stdout, "D_KY is only a lower bound: the 2 exponents computed, of 10,") || !strings.Contains(r.stdout, "--k") {
		t.Errorf("text lacks the lower-bound note:\n%s", r.stdout)
	}
	out = analysisJSON(t, "lyapunov", lorenz, "--time", "50")
	if ky, lb := metric(t, out, "kaplan_yorke"), out["kaplan_yorke_lower_bound"]; !(ky > 2 && ky < 2.1) || lb != false {
		t.Errorf("Lorenz: kaplan_yorke %v, lower bound %v; want ≈ 2.06 and false", ky, lb)
	}
	// With the whole spectrum there is no such note.
	r = emergo(t, "lyapunov", lorenz, "--time", "50")
	r.wantOK(t)
	if strings.Contains(r.stdout, "lower bound") {
		t.Errorf("full Lorenz spectrum flagged as a lower bound:\n%s", r.stdout)
	}
}
