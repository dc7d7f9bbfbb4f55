package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Helpers shared by the analysis commands' tests.

// analysisJSON runs a command that must succeed with --json and decodes
// its output.
func analysisJSON(t *testing.T, args ...string) map[string]any {
	t.Helper()
	r := emergo(t, append(args, "--json")...)
	r.wantOK(t)
	var out map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("%v: output is not JSON: %v\n%s", args, err, r.stdout)
	}
	return out
}

// floats reads a JSON array of numbers at path (null entries are NaN).
func floats(t *testing.T, out map[string]any, path ...string) []float64 {
	t.Helper()
	var v any = out
	for _, p := range path {
		m, ok := v.(map[string]any)
		if !ok {
			t.Fatalf("%v: %v is not an object", path, v)
		}
		v = m[p]
	}
	a, ok := v.([]any)
	if !ok {
		t.Fatalf("%v = %v (%T), want an array", path, v, v)
	}
	x := make([]float64, len(a))
	for i, e := range a {
		if e == nil {
			x[i] = math.NaN()
			continue
		}
		f, ok := e.(float64)
		if !ok {
			t.Fatalf("%v[%d] = %v (%T), want a number", path, i, e, e)
		}
		x[i] = f
	}
	return x
}

// str reads a JSON string at path.
func str(t *testing.T, out map[string]any, path ...string) string {
	t.Helper()
	var v any = out
	for _, p := range path {
		m, ok := v.(map[string]any)
		if !ok {
			t.Fatalf("%v: %v is not an object", path, v)
		}
		v = m[p]
	}
	s, ok := v.(string)
	if !ok {
		t.Fatalf("%v = %v (%T), want a string", path, v, v)
	}
	return s
}

// writeFile writes text to a file in a test's temporary directory.
func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o666); err != nil {
		t.Fatal(err)
	}
	return p
}

// columnCSV writes a one-column CSV ("x" header) of values.
func columnCSV(t *testing.T, values []float64) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("x\n")
	for _, v := range values {
		fmt.Fprintf(&b, "%v\n", v)
	}
	return writeFile(t, "x.csv", b.String())
}

// within reports |got − want| ≤ tol.
func within(got, want, tol float64) bool { return math.Abs(got-want) <= tol }

// TestJSONNaN: NaN and ±Inf are encoded as null, other numbers as
// themselves (JSON has no NaN).
func TestJSONNaN(t *testing.T) {
	b, err := json.Marshal([]jf{1.5, jf(math.NaN()), jf(math.Inf(-1)), 0})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), "[1.5,null,null,0]"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// TestLibErr: package prefixes are removed from the message, the error
// chain is kept.
func TestLibErr(t *testing.T) {
	errSentinel := errors.New("sentinel")
	base := fmt.Errorf("chaos: Rosenstein needs at least 50 points, got 10: %w", errSentinel)
	err := libErr("f.csv, column x", base)
	if got, want := err.Error(), "f.csv, column x: Rosenstein needs at least 50 points, got 10: sentinel"; got != want {
		t.Errorf("message %q, want %q", got, want)
	}
	if !errors.Is(err, errSentinel) {
		t.Error("the error chain is lost")
	}
}

// TestReadTable: a header is recognised by a non-value field, an id
// column is skipped, and a table without a header gets c0, c1, ...
func TestReadTable(t *testing.T) {
	p := writeFile(t, "a.csv", "id,f1,f2\n0,1,2\n1,3,4\n")
	tb, err := readTable(p, isNumber)
	if err != nil {
		t.Fatal(err)
	}
	if tb.labels != 1 || strings.Join(tb.names(), ",") != "f1,f2" || len(tb.rows) != 2 {
		t.Errorf("labels %d names %v rows %d", tb.labels, tb.names(), len(tb.rows))
	}
	m, err := tb.matrix()
	if err != nil {
		t.Fatal(err)
	}
	if r, c := m.Dims(); r != 2 || c != 2 || m.At(1, 1) != 4 {
		t.Errorf("matrix %dx%d, (1,1) = %v", r, c, m.At(1, 1))
	}
	p = writeFile(t, "b.csv", "1,2\n3,4\n5,6\n")
	if tb, err = readTable(p, isNumber); err != nil {
		t.Fatal(err)
	}
	if tb.labels != 0 || strings.Join(tb.names(), ",") != "c0,c1" || len(tb.rows) != 3 {
		t.Errorf("headerless: labels %d names %v rows %d", tb.labels, tb.names(), len(tb.rows))
	}
	p = writeFile(t, "c.csv", "a,b\n1,2\n3\n")
	if _, err := readTable(p, isNumber); err == nil || !strings.Contains(err.Error(), "c.csv:3") {
		t.Errorf("ragged row: error %v, want one naming line 3", err)
	}
}

// Long analyses report progress on stderr: plain lines when stderr is not
// a terminal and the run lasts (here a clock that advances a second per
// reading), for the Lyapunov spectrum and for the bootstrap.
func TestAnalysisProgress(t *testing.T) {
	var o, e bytes.Buffer
	clock := time.Unix(0, 0)
	en := &env{stdout: &o, stderr: &e, now: func() time.Time { clock = clock.Add(time.Second); return clock }}
	if err := en.run(context.Background(), []string{"lyapunov", "Henon", "--time", "5000"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(e.String(), "emergo: lyapunov Henon: ") {
		t.Errorf("no progress lines for the spectrum: %q", e.String())
	}
	e.Reset()
	path := columnCSV(t, paretoSample(3000, 2.5, 1, 4))
	if err := en.run(context.Background(), []string{"powerlaw", "--data", path, "--bootstrap", "50"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(e.String(), "emergo: bootstrap x.csv, column x: ") {
		t.Errorf("no progress lines for the bootstrap: %q", e.String())
	}
	if strings.Contains(o.String(), "emergo:") {
		t.Errorf("progress on stdout: %q", o.String())
	}
}
