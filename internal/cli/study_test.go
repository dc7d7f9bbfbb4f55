package cli

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emergo/emergo/store"
)

// smallStudy runs in a few seconds and exercises every task kind.
const smallStudy = `name: small
seeds: [1, 2]
sampling: {length: 800, transient: 100}
systems:
  - name: Lorenz
    sampling: {points_per_period: 30}
  - name: Henon
models:
  - name: persistence
  - name: ridge
  - name: esn
    hyper: {size: 60, washout: 20}
  - name: gru
    hyper: {epochs: 3, hidden: 8}
analyses:
  forecast: {origins: 5}
  lyapunov: {exponents: 2, time: 20}
  model_lyapunov: {exponents: 2, steps: 100, systems: [Lorenz]}
  descriptors: true
homogenization: {instances: 40, k: 3}
`

func writeSpec(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "spec.yaml")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// A study runs end to end, stores every task, writes a report with plots,
// and a rerun finds everything done.
func TestStudyEndToEnd(t *testing.T) {
	out := t.TempDir()
	spec := writeSpec(t, smallStudy)
	var so, se bytes.Buffer
	if code := Main(context.Background(), []string{"study", spec, "--out", out}, &so, &se); code != 0 {
		t.Fatalf("exit %d: %s%s", code, so.String(), se.String())
	}
	if !strings.Contains(so.String(), "0 failed") {
		t.Errorf("output: %s", so.String())
	}
	rep, err := os.ReadFile(filepath.Join(out, "report-small.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<svg", "Lyapunov spectra", "CKA of hidden states", "Systemic failure", "Error growth", "Attractor projection"} {
		if !bytes.Contains(rep, []byte(want)) {
			t.Errorf("report lacks %q", want)
		}
	}
	if bytes.Contains(rep, []byte(`src="http`)) || bytes.Contains(rep, []byte(`href="http`)) || bytes.Contains(rep, []byte("<script")) {
		t.Error("the report loads something from the network")
	}
	so.Reset()
	if code := Main(context.Background(), []string{"study", spec, "--out", out, "--no-report"}, &so, &se); code != 0 {
		t.Fatalf("rerun exit %d: %s", code, se.String())
	}
	if !strings.Contains(so.String(), " 0 run") {
		t.Errorf("rerun did work again: %s", so.String())
	}
}

// Bad input fails with clear errors.
func TestStudyErrors(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "plain-file")
	os.WriteFile(file, []byte("x"), 0o644)
	corrupt := t.TempDir()
	os.WriteFile(filepath.Join(corrupt, "emergo.db"), bytes.Repeat([]byte("not a database "), 100), 0o644)
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"study", writeSpec(t, "name: x\nsystems:\n  - name: Lorenzz\nmodels:\n  - name: ridge\n")}, 1, `spec.yaml:3:11: systems[0].name: unknown system "Lorenzz"`},
		{[]string{"study", writeSpec(t, "name: x\nsystems: [{name: Lorenz}]\nmodels: [{name: ridge, hyper: {lags: 0}}]\n")}, 1, "models[0].hyper"},
		{[]string{"study", filepath.Join(dir, "missing.yaml")}, 1, "no such file"},
		{[]string{"study", writeSpec(t, minimalStudy), "--out", filepath.Join(file, "sub")}, 1, "cannot create the output directory"},
		{[]string{"study", writeSpec(t, minimalStudy), "--out", corrupt}, 1, "not an emergo results database"},
		{[]string{"study", "a.yaml", "b.yaml"}, 2, "at most one spec file"},
	} {
		var so, se bytes.Buffer
		code := Main(context.Background(), c.args, &so, &se)
		if code != c.code || !strings.Contains(se.String(), c.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args, code, se.String(), c.code, c.want)
		}
	}
}

const minimalStudy = "name: x\nsystems: [{name: Henon}]\nmodels: [{name: ridge}]\n"

// --print-default prints a spec that parses, and --quick changes the name.
func TestStudyPrintDefault(t *testing.T) {
	var so, se bytes.Buffer
	if code := Main(context.Background(), []string{"study", "--print-default"}, &so, &se); code != 0 {
		t.Fatal(se.String())
	}
	if !strings.Contains(so.String(), "name: default") || !strings.Contains(so.String(), "KuramotoSivashinsky") {
		t.Errorf("default spec: %s", so.String())
	}
}

// TestHelperStudyProcess is the child of TestStudyKillResume.
func TestHelperStudyProcess(t *testing.T) {
	args := os.Getenv("EMERGO_HELPER_STUDY")
	if args == "" {
		t.Skip("helper process")
	}
	os.Exit(Main(context.Background(), strings.Split(args, "\x1f"), os.Stdout, os.Stderr))
}

// A study killed with SIGKILL mid-run loses no finished result: the rerun
// skips every task finished before the kill (same results, same finish
// time) and completes the rest.
func TestStudyKillResume(t *testing.T) {
	if testing.Short() {
		t.Skip("subprocess test")
	}
	out := t.TempDir()
	spec := writeSpec(t, strings.Replace(smallStudy, "seeds: [1, 2]", "seeds: [1, 2, 3, 4]", 1))
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperStudyProcess$")
	cmd.Env = append(os.Environ(), "EMERGO_HELPER_STUDY="+strings.Join([]string{"study", spec, "--out", out, "--workers", "1", "--no-report"}, "\x1f"))
	var se bytes.Buffer
	cmd.Stderr = &se
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(out, "emergo.db")
	deadline := time.Now().Add(60 * time.Second)
	var before []store.Task
	var studyID string
	for time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
		st, err := store.OpenSQLite(db, &store.Options{ReadOnly: true})
		if err != nil {
			continue
		}
		ss, _ := st.Studies(context.Background())
		if len(ss) == 1 && ss[0].Done >= 8 {
			studyID = ss[0].ID
			cmd.Process.Kill()
			cmd.Wait()
			st.Close()
			break
		}
		st.Close()
	}
	if studyID == "" {
		cmd.Process.Kill()
		t.Fatalf("the study did not progress: %s", se.String())
	}
	st, err := store.OpenSQLite(db, &store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	tasks, _ := st.Tasks(context.Background(), studyID)
	metrics := map[string]int{}
	for _, tk := range tasks {
		if tk.Status == store.Done {
			before = append(before, tk)
			m, _ := st.Metrics(context.Background(), tk.Key)
			a, _ := st.Artifacts(context.Background(), tk.Key)
			if len(a) == 0 {
				t.Errorf("done task %s has no artifacts", tk.Label)
			}
			metrics[tk.Key] = len(m)
		}
	}
	st.Close()
	if len(before) == len(tasks) {
		t.Fatal("the study finished before the kill; make it longer")
	}
	var so bytes.Buffer
	se.Reset()
	if code := Main(context.Background(), []string{"study", spec, "--out", out, "--no-report"}, &so, &se); code != 0 {
		t.Fatalf("rerun exit %d: %s", code, se.String())
	}
	st, err = store.OpenSQLite(db, &store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, b := range before {
		tk, err := st.Task(context.Background(), b.Key)
		if err != nil {
			t.Fatal(err)
		}
		m, _ := st.Metrics(context.Background(), b.Key)
		if tk.Status != store.Done || !tk.Finished.Equal(b.Finished) || len(m) != metrics[b.Key] {
			t.Errorf("%s: status %s, finished %v (was %v), %d metrics (was %d)", b.Label, tk.Status, tk.Finished, b.Finished, len(m), metrics[b.Key])
		}
	}
	ss, _ := st.Studies(context.Background())
	if len(ss) != 1 || ss[0].Done != ss[0].Tasks {
		t.Errorf("after the rerun: %+v", ss)
	}
	t.Logf("killed after %d of %d tasks; rerun: %s", len(before), len(tasks), strings.TrimSpace(so.String()))
}
