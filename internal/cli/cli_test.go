package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/emergo/emergo/system"
)

// Fake systems registered for these tests only (the test binary's
// registry), so that error paths do not depend on the catalogue.
const (
	fakeBlowup = "CLITestBlowup" // x' = a·x + 1 from x0 = 1: diverges past system.Bound
	fakeWalk   = "CLITestWalk"   // seeded Gaussian random walk
	fakePanic  = "CLITestPanic"  // Build panics
)

func init() {
	system.Register(system.Entry{
		Info: system.Info{Name: fakeBlowup, Category: system.CatMap, Dim: 1, DT: 1, Discrete: true,
			Params:   []system.Param{{Name: "a", Default: 2, Min: 0, Max: 10, Doc: "growth factor"}},
			Citation: "test", Description: "a map that diverges for a > 1"},
		Build: func(c system.Config) (system.System, error) {
			a := c.Params["a"]
			return system.NewMap(fakeBlowup, func(dst, x []float64, _ float64) { dst[0] = a*x[0] + 1 }, nil, []float64{1}), nil
		},
	})
	system.Register(system.Entry{
		Info: system.Info{Name: fakeWalk, Category: system.CatStochastic, Dim: 1, DT: 1, Stochastic: true,
			Params:      []system.Param{{Name: "step", Default: 1, Min: 0, Max: 10, Doc: "standard deviation of a step"}},
			Observables: []string{"position"}, Citation: "test", Description: "Gaussian random walk"},
		Build: func(c system.Config) (system.System, error) {
			return &walk{seed: c.Seed, sd: c.Params["step"], rng: rand.New(rand.NewPCG(c.Seed, 99))}, nil
		},
	})
	system.Register(system.Entry{
		Info: system.Info{Name: fakePanic, Category: system.CatMap, Dim: 1, DT: 1, Citation: "test", Description: "panics"},
		Build: func(system.Config) (system.System, error) {
			var m map[string]int
			m["boom"]++ // a nil-map write: a runtime panic like a real bug
			return nil, nil
		},
	})
}

type walk struct {
	seed  uint64
	sd, x float64
	t     float64
	rng   *rand.Rand
}

func (w *walk) Dim() int      { return 1 }
func (w *walk) Time() float64 { return w.t }
func (w *walk) State(dst []float64) []float64 {
	if len(dst) < 1 {
		dst = make([]float64, 1)
	}
	dst[0] = w.x
	return dst[:1]
}
func (w *walk) Step() error { w.x += w.sd * w.rng.NormFloat64(); w.t++; return nil }

// result is the outcome of one in-process run.
type result struct {
	stdout, stderr string
	code           int
}

// emergo runs the command line in-process, as the binary would.
func emergo(t *testing.T, args ...string) result {
	t.Helper()
	return emergoCtx(t, context.Background(), args...)
}

func emergoCtx(t *testing.T, ctx context.Context, args ...string) result {
	t.Helper()
	var o, e bytes.Buffer
	code := Main(ctx, args, &o, &e)
	return result{o.String(), e.String(), code}
}

// wantFail checks the exit status and that stderr's first line is
// "emergo: ..." containing every fragment, with no panic or stack trace.
func (r result) wantFail(t *testing.T, code int, fragments ...string) {
	t.Helper()
	if r.code != code {
		t.Errorf("exit status %d, want %d (stderr %q)", r.code, code, r.stderr)
	}
	first, _, _ := strings.Cut(r.stderr, "\n")
	if !strings.HasPrefix(first, "emergo: ") {
		t.Errorf("stderr does not start with \"emergo: \": %q", r.stderr)
	}
	for _, f := range fragments {
		if !strings.Contains(first, f) {
			t.Errorf("error message %q lacks %q", first, f)
		}
	}
	for _, bad := range []string{"panic", "goroutine ", ".go:"} {
		if strings.Contains(r.stderr, bad) {
			t.Errorf("stderr shows %q: %q", bad, r.stderr)
		}
	}
}

func (r result) wantOK(t *testing.T) {
	t.Helper()
	if r.code != 0 {
		t.Fatalf("exit status %d, want 0; stderr: %s", r.code, r.stderr)
	}
}

// readCSV parses CSV text into its header and rows.
func readCSV(t *testing.T, text string) (header []string, rows [][]string) {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatalf("output is not CSV: %v\n%s", err, text)
	}
	if len(recs) == 0 {
		t.Fatal("empty CSV")
	}
	return recs[0], recs[1:]
}

const lorenz = "Lorenz"

// needSystem fails the test when the catalogue lacks a system the tests
// rely on (the catalogue must include every family).
func needSystem(t *testing.T, name string) {
	t.Helper()
	if _, err := system.Lookup(name); err != nil {
		t.Fatalf("%s is not in the catalogue (system/catalog must import its family): %v", name, err)
	}
}

func TestSystemsListJSON(t *testing.T) {
	needSystem(t, lorenz)
	r := emergo(t, "systems", "list", "--json")
	r.wantOK(t)
	var infos []system.Info
	if err := json.Unmarshal([]byte(r.stdout), &infos); err != nil {
		t.Fatalf("not a JSON array of systems: %v\n%s", err, r.stdout)
	}
	var found bool
	for _, in := range infos {
		if in.Name == "" || in.Category == "" || in.Dim < 1 {
			t.Errorf("incomplete entry %+v", in)
		}
		if in.Name == lorenz {
			found = true
			if in.Dim != 3 || in.Category != system.CatFlow || in.Citation == "" {
				t.Errorf("Lorenz: dim %d category %q citation %q; want 3, flow, non-empty", in.Dim, in.Category, in.Citation)
			}
		}
	}
	if !found {
		t.Errorf("Lorenz missing from systems list --json")
	}
	if len(infos) != len(system.List("")) {
		t.Errorf("%d systems listed, registry has %d", len(infos), len(system.List("")))
	}
}

func TestSystemsListTable(t *testing.T) {
	needSystem(t, lorenz)
	r := emergo(t, "systems", "list")
	r.wantOK(t)
	if !strings.HasPrefix(r.stdout, "NAME") || !strings.Contains(r.stdout, "Lorenz 1963") {
		t.Errorf("table lacks its header or the Lorenz row with its short reference:\n%s", r.stdout)
	}
	// --category filters.
	r = emergo(t, "systems", "list", "--category", "FLOW", "--json")
	r.wantOK(t)
	var infos []system.Info
	if err := json.Unmarshal([]byte(r.stdout), &infos); err != nil {
		t.Fatal(err)
	}
	if len(infos) == 0 {
		t.Fatal("no flows listed")
	}
	for _, in := range infos {
		if in.Category != system.CatFlow {
			t.Errorf("--category flow listed %s of category %s", in.Name, in.Category)
		}
	}
	emergo(t, "systems", "list", "--category", "flw").wantFail(t, ExitUsage, `unknown category "flw"`, `did you mean "flow"?`)
}

func TestSystemsShow(t *testing.T) {
	needSystem(t, lorenz)
	r := emergo(t, "systems", "show", "lorenz") // case-insensitive
	r.wantOK(t)
	for _, want := range []string{"Lorenz (flow)", "dimension:   3", "sigma", "rho", "beta", "Parameters:", "Reference:", "1963"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("systems show Lorenz lacks %q:\n%s", want, r.stdout)
		}
	}
	r = emergo(t, "systems", "show", lorenz, "--json")
	r.wantOK(t)
	var in system.Info
	if err := json.Unmarshal([]byte(r.stdout), &in); err != nil {
		t.Fatal(err)
	}
	e, _ := system.Lookup(lorenz)
	if in.Name != lorenz || in.Dim != 3 || len(in.Params) != len(e.Info.Params) || in.DT != e.Info.DT {
		t.Errorf("JSON metadata %+v differs from the registry's %+v", in, e.Info)
	}
	// --param shows the chosen values.
	r = emergo(t, "systems", "show", lorenz, "--param", "sigma=12.5", "--json")
	r.wantOK(t)
	if err := json.Unmarshal([]byte(r.stdout), &in); err != nil {
		t.Fatal(err)
	}
	if p, _ := in.Param("sigma"); p.Default != 12.5 {
		t.Errorf("show --param sigma=12.5 gives sigma=%v", p.Default)
	}
}

// simulateCSV runs simulate to stdout and parses the CSV.
func simulateCSV(t *testing.T, args ...string) (header []string, rows [][]string, stderr string) {
	t.Helper()
	r := emergo(t, append([]string{"simulate"}, args...)...)
	r.wantOK(t)
	h, rows := readCSV(t, r.stdout)
	return h, rows, r.stderr
}

// TestSimulateLorenzRows checks the documented row count: --steps N gives
// N+1 rows (the initial state and one row after each step), times 0, dt,
// ..., N·dt.
func TestSimulateLorenzRows(t *testing.T) {
	needSystem(t, lorenz)
	const steps, dt = 100, 0.01
	h, rows, stderr := simulateCSV(t, lorenz, "--steps", strconv.Itoa(steps), "--dt", "0.01")
	if len(h) != 4 || h[0] != "time" {
		t.Errorf("header %v, want time and three state columns", h)
	}
	if len(rows) != steps+1 {
		t.Fatalf("%d rows, want %d (steps+1)", len(rows), steps+1)
	}
	const tTol = 1e-12
	for i, row := range rows {
		tm, err := strconv.ParseFloat(row[0], 64)
		if err != nil || math.Abs(tm-float64(i)*dt) > tTol {
			t.Fatalf("row %d time %q, want %v", i, row[0], float64(i)*dt)
		}
	}
	e, _ := system.Lookup(lorenz)
	if ic := e.Info.IC; len(ic) == 3 {
		for j := 0; j < 3; j++ {
			if v, _ := strconv.ParseFloat(rows[0][j+1], 64); v != ic[j] {
				t.Errorf("first row %v is not the initial condition %v", rows[0], ic)
				break
			}
		}
	}
	if !strings.Contains(stderr, "Lorenz: 100 steps") || !strings.Contains(stderr, "101 rows") || !strings.Contains(stderr, "mean") {
		t.Errorf("summary line %q lacks steps, rows or statistics", stderr)
	}
	// --time gives round(T/dt) steps.
	_, rows, _ = simulateCSV(t, lorenz, "--time", "0.5", "--dt", "0.01")
	if len(rows) != 51 {
		t.Errorf("--time 0.5 --dt 0.01: %d rows, want 51", len(rows))
	}
	// --transient discards round(T/dt) steps: recording starts at t = T.
	_, rows, _ = simulateCSV(t, lorenz, "--steps", "3", "--dt", "0.01", "--transient", "0.2")
	if tm, _ := strconv.ParseFloat(rows[0][0], 64); math.Abs(tm-0.2) > tTol {
		t.Errorf("--transient 0.2: first time %v, want 0.2", tm)
	}
}

func TestSimulateParamChangesOutput(t *testing.T) {
	needSystem(t, lorenz)
	_, a, _ := simulateCSV(t, lorenz, "--steps", "50")
	_, b, _ := simulateCSV(t, lorenz, "--steps", "50", "--param", "sigma=12")
	_, c, _ := simulateCSV(t, lorenz, "--steps", "50", "-p", "sigma=12,rho=28")
	if equalRows(a, b) {
		t.Error("--param sigma=12 did not change the trajectory")
	}
	if !equalRows(b, c) {
		t.Error("-p sigma=12,rho=28 (rho at its default) differs from --param sigma=12")
	}
	if !equalRows(a[:1], b[:1]) {
		t.Error("the initial condition changed with sigma")
	}
}

func equalRows(a, b [][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if strings.Join(a[i], ",") != strings.Join(b[i], ",") {
			return false
		}
	}
	return true
}

func TestSimulateSeed(t *testing.T) {
	_, a, _ := simulateCSV(t, fakeWalk, "--steps", "200", "--seed", "5")
	_, b, _ := simulateCSV(t, fakeWalk, "--steps", "200", "--seed", "5")
	_, c, _ := simulateCSV(t, fakeWalk, "--steps", "200", "--seed", "6")
	if !equalRows(a, b) {
		t.Error("the same seed gave different output")
	}
	if equalRows(a, c) {
		t.Error("seeds 5 and 6 gave identical output")
	}
	h, _, _ := simulateCSV(t, fakeWalk, "--steps", "1")
	if strings.Join(h, ",") != "time,position" {
		t.Errorf("header %v, want the observable names", h)
	}
	// A real stochastic model, when registered: the sandpile.
	if _, err := system.Lookup("Sandpile"); err == nil {
		_, a, _ = simulateCSV(t, "Sandpile", "--steps", "300", "--seed", "3", "-p", "L=8")
		_, b, _ = simulateCSV(t, "Sandpile", "--steps", "300", "--seed", "3", "-p", "L=8")
		if !equalRows(a, b) {
			t.Error("Sandpile: the same seed gave different output")
		}
	}
}

func TestSimulateOutFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "walk.csv")
	r := emergo(t, "simulate", fakeWalk, "--steps", "20", "--out", path)
	r.wantOK(t)
	if r.stdout != "" {
		t.Errorf("--out also wrote to stdout: %q", r.stdout)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, rows := readCSV(t, string(b)); len(rows) != 21 {
		t.Errorf("%d rows in %s, want 21", len(rows), path)
	}
	// Writing again replaces the file (shorter output, no stale tail).
	emergo(t, "simulate", fakeWalk, "--steps", "2", "--out", path).wantOK(t)
	b, _ = os.ReadFile(path)
	if _, rows := readCSV(t, string(b)); len(rows) != 3 {
		t.Errorf("rewritten file has %d rows, want 3", len(rows))
	}
}

func TestSimulateErrors(t *testing.T) {
	dir := t.TempDir()
	keep := filepath.Join(dir, "keep.csv")
	if err := os.WriteFile(keep, []byte("precious\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fresh := filepath.Join(dir, "fresh.csv")
	cases := []struct {
		name      string
		args      []string
		code      int
		fragments []string
	}{
		{"unknown system", []string{"simulate", "MackeyGlas"}, ExitFailure,
			[]string{`unknown system "MackeyGlas"`, `did you mean "MackeyGlass"`}},
		{"unknown param", []string{"simulate", fakeWalk, "--param", "stp=2"}, ExitFailure,
			[]string{`has no parameter "stp"`, `did you mean "step"`}},
		{"param out of range", []string{"simulate", fakeWalk, "--param", "step=11"}, ExitFailure,
			[]string{"step=11", "out of range [0, 10]"}},
		{"param not a number", []string{"simulate", fakeWalk, "--param", "step=big"}, ExitUsage,
			[]string{`"big" is not a number`}},
		{"param without value", []string{"simulate", fakeWalk, "--param", "step"}, ExitUsage,
			[]string{"not of the form name=value"}},
		{"diverging", []string{"simulate", fakeBlowup, "--steps", "200"}, ExitFailure,
			[]string{"CLITestBlowup diverged at t=", "state [", "exceeds 1e+12"}},
		{"steps and time", []string{"simulate", fakeWalk, "--steps", "10", "--time", "10"}, ExitUsage,
			[]string{"--steps and --time are mutually exclusive"}},
		{"zero steps", []string{"simulate", fakeWalk, "--steps", "0"}, ExitUsage, []string{"--steps must be at least 1"}},
		{"negative transient", []string{"simulate", fakeWalk, "--transient", "-1"}, ExitUsage, []string{"--transient"}},
		{"bad method", []string{"simulate", fakeWalk, "--method", "euler"}, ExitUsage, []string{`unknown --method "euler"`}},
		{"dt on a map", []string{"simulate", fakeWalk, "--dt", "0.5"}, ExitUsage, []string{"--dt does not apply"}},
		{"time below dt", []string{"simulate", fakeWalk, "--time", "0.2"}, ExitUsage, []string{"shorter than one sampling interval"}},
		{"unwritable dir", []string{"simulate", fakeWalk, "--out", filepath.Join(dir, "no", "such", "dir.csv")}, ExitFailure,
			[]string{"cannot write output file " + filepath.Join(dir, "no", "such", "dir.csv"), "no such file or directory"}},
		{"output is a directory", []string{"simulate", fakeWalk, "--out", dir}, ExitFailure,
			[]string{"cannot write output file " + dir, "is a directory"}},
		{"diverging keeps file", []string{"simulate", fakeBlowup, "--steps", "200", "--out", keep}, ExitFailure, []string{"diverged"}},
		{"diverging leaves no file", []string{"simulate", fakeBlowup, "--steps", "200", "--out", fresh}, ExitFailure, []string{"diverged"}},
		{"missing name", []string{"simulate"}, ExitUsage, []string{"needs one system name"}},
		{"two names", []string{"simulate", "a", "b"}, ExitUsage, []string{"takes one system name, got 2: a b"}},
		{"unknown flag", []string{"simulate", fakeWalk, "--stpes", "3"}, ExitUsage, []string{"unknown flag: --stpes"}},
		{"bad flag value", []string{"simulate", fakeWalk, "--steps", "ten"}, ExitUsage, []string{`invalid argument "ten"`}},
		{"unknown command", []string{"simulte"}, ExitUsage, []string{`unknown command "simulte"`}},
		{"unknown subcommand", []string{"systems", "lst"}, ExitUsage, []string{`unknown command "lst" for "emergo systems"`}},
		{"panicking system", []string{"simulate", fakePanic}, ExitFailure, []string{"internal error"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := emergo(t, c.args...)
			r.wantFail(t, c.code, c.fragments...)
			if c.code == ExitUsage && !strings.Contains(r.stderr, "--help' for usage") {
				t.Errorf("usage error without a pointer to --help: %q", r.stderr)
			}
			if c.code == ExitFailure && strings.Contains(r.stderr, "for usage") {
				t.Errorf("command failure points to usage: %q", r.stderr)
			}
			if r.stdout != "" {
				t.Errorf("stdout not empty on failure: %q", r.stdout)
			}
		})
	}
	if b, err := os.ReadFile(keep); err != nil || string(b) != "precious\n" {
		t.Errorf("a failed run changed the existing output file: %q, %v", b, err)
	}
	if _, err := os.Stat(fresh); !os.IsNotExist(err) {
		t.Errorf("a failed run left the output file it created (%v)", err)
	}
}

// TestSimulateInterrupted: a cancelled context (what Ctrl-C gives main)
// stops the run with status 130 and writes nothing.
func TestSimulateInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	path := filepath.Join(t.TempDir(), "x.csv")
	r := emergoCtx(t, ctx, "simulate", fakeWalk, "--steps", "100000", "--out", path)
	r.wantFail(t, ExitInterrupted, "CLITestWalk interrupted after", "of 100000 steps", "nothing written")
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("interrupted run left %s (%v)", path, err)
	}
}

func TestVersion(t *testing.T) {
	r := emergo(t, "version")
	r.wantOK(t)
	if !strings.HasPrefix(r.stdout, "emergo v") || !strings.Contains(r.stdout, "go1.") {
		t.Errorf("version output %q", r.stdout)
	}
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{nil, {"--help"}, {"simulate", "--help"}, {"systems"}} {
		r := emergo(t, args...)
		r.wantOK(t)
		if !strings.Contains(r.stdout, "Usage:") {
			t.Errorf("emergo %v: no usage text:\n%s", args, r.stdout)
		}
	}
}

// TestSimulateLorenzErrors: the error cases on the real catalogue system.
func TestSimulateLorenzErrors(t *testing.T) {
	needSystem(t, lorenz)
	emergo(t, "simulate", "Lorentz").wantFail(t, ExitFailure, `unknown system "Lorentz"`, `did you mean "Lorenz"`)
	emergo(t, "simulate", lorenz, "-p", "sigm=3").wantFail(t, ExitFailure, `Lorenz has no parameter "sigm"`, `did you mean "sigma"?`)
	// RK4 with step 0.1 at ρ = 300 is unstable: the state overflows.
	emergo(t, "simulate", lorenz, "--method", "rk4", "--dt", "1", "-p", "rho=300").
		wantFail(t, ExitFailure, "Lorenz diverged at t=", "state [", "--method rk4")
}

// --points-per-period samples dysts-style: dt = period / N (Lorenz's
// dysts period is 1.5008).
func TestSimulatePointsPerPeriod(t *testing.T) {
	var out, errb bytes.Buffer
	code := Main(context.Background(), []string{"simulate", "Lorenz", "--steps", "2", "--points-per-period", "100"}, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[2], "0.01500") {
		t.Errorf("rows %q, want t = 0.015008 on the second data row", lines)
	}
	code = Main(context.Background(), []string{"simulate", "Henon", "--points-per-period", "10"}, &out, &errb)
	if code != 2 {
		t.Errorf("a map has no period: exit %d, want 2", code)
	}
}
