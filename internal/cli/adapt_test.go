package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

// adaptRun runs `emergo adapt args...` in-process on a root that has the
// adapt command (added here until the root wires it), mapping errors to
// exit statuses as Run does.
func adaptRun(t *testing.T, args ...string) result {
	t.Helper()
	var o, eb bytes.Buffer
	e := &env{stdout: &o, stderr: &eb, now: time.Now}
	root := e.newRoot()
	if c, _, err := root.Find([]string{"adapt"}); err != nil || c == root || c.Name() != "adapt" {
		root.AddCommand(e.adaptCmd())
	}
	root.SetArgs(append([]string{"adapt"}, args...))
	_, err := root.ExecuteContextC(context.Background())
	if err != nil {
		var ce *commandError
		if errors.As(err, &ce) {
			err = ce.err
		} else {
			var u *UsageError
			if !errors.As(err, &u) {
				err = &UsageError{Err: err}
			}
		}
		eb.WriteString("emergo: " + err.Error() + "\n")
	}
	return result{o.String(), eb.String(), ExitCode(err)}
}

// adapt --list shows the scenarios, models and detectors.
func TestAdaptList(t *testing.T) {
	r := adaptRun(t, "--list")
	r.wantOK(t)
	for _, want := range []string{"lorenz-rho-ramp", "sp500-2008-2020", "rls-esn", "frozen-ridge", "page-hinkley, adwin"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("--list lacks %q:\n%s", want, r.stdout)
		}
	}
	r = adaptRun(t, "--list", "--json")
	r.wantOK(t)
	var l adaptListJSON
	if err := json.Unmarshal([]byte(r.stdout), &l); err != nil || len(l.Scenarios) != 6 || len(l.Models) != 7 {
		t.Errorf("--list --json: %v, %d scenarios, %d models\n%s", err, len(l.Scenarios), len(l.Models), r.stdout)
	}
}

// adapt --json on a short parameter jump gives every model's summary;
// the online NG-RC ends far more accurate than the frozen one, and the
// frozen one's error jump is detected.
func TestAdaptJSON(t *testing.T) {
	r := adaptRun(t, "--scenario", "lorenz-rho-jump", "--rows", "2400", "--model", "frozen-nvar,rls-nvar", "--json")
	r.wantOK(t)
	var out adaptJSON
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, r.stdout)
	}
	if out.Scenario != "lorenz-rho-jump" || out.Rows != 2400 || out.Warm != 600 || len(out.Changes) != 1 || out.Changes[0].At != 1200 ||
		out.Detector != "page-hinkley" || out.Seed != defaultSeed {
		t.Fatalf("header %+v", out)
	}
	if len(out.Models) != 2 || out.Models[0].Name != "frozen-nvar" || out.Models[1].Name != "rls-nvar" {
		t.Fatalf("models %+v", out.Models)
	}
	fr, on := out.Models[0].Changes[0], out.Models[1].Changes[0]
	if fr.After == nil || on.After == nil || !(*on.After*10 < *fr.After) {
		t.Errorf("error after the jump: frozen %v, online %v; want the online 10× smaller", fr.After, on.After)
	}
	if !fr.Detected || fr.Delay == nil || *fr.Delay > 100 {
		t.Errorf("frozen-nvar: detected %v, delay %v", fr.Detected, fr.Delay)
	}
	if fr.Recovered != (fr.Recovery != nil) {
		t.Errorf("recovered %v with recovery %v", fr.Recovered, fr.Recovery)
	}
}

// The text output has one table per change point and a summary; the
// S&P 500 scenario labels its changes with their dates.
func TestAdaptText(t *testing.T) {
	r := adaptRun(t, "--scenario", "sp500-2008-2020", "--model", "persistence,rls-ridge", "--detector", "adwin")
	r.wantOK(t)
	for _, want := range []string{"change 1 at row", "(2008-09-15)", "(2020-02-20)", "ERROR BEFORE", "rls-ridge", "PER 10K ROWS", "detector adwin"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, r.stdout)
		}
	}
}

// Bad command lines are usage errors (status 2) or errors naming the
// problem (status 1).
func TestAdaptErrors(t *testing.T) {
	for _, tc := range []struct {
		args      []string
		code      int
		fragments []string
	}{
		{nil, ExitUsage, []string{"--scenario is required"}},
		{[]string{"--scenario", "lorenz-rho-jump", "--detector", "cusum"}, ExitUsage, []string{"unknown detector"}},
		{[]string{"--scenario", "lorenz-rho-jump", "--lambda", "1.5"}, ExitUsage, []string{"--lambda"}},
		{[]string{"--scenario", "lorenz-rho-jmp"}, ExitFailure, []string{"unknown scenario", `"lorenz-rho-jump"`}},
		{[]string{"--scenario", "missing", "--model", "rls-nvr"}, ExitFailure, []string{"unknown model", `"rls-nvar"`}},
		{[]string{"--scenario", "missing", "--model", "rls-nvar,rls-nvar"}, ExitUsage, []string{"twice"}},
		{[]string{"--scenario", "missing", "--rows", "100"}, ExitFailure, []string{"too few"}},
		{[]string{"--list", "--scenario", "missing"}, ExitUsage, []string{"--list"}},
	} {
		adaptRun(t, tc.args...).wantFail(t, tc.code, tc.fragments...)
	}
}
