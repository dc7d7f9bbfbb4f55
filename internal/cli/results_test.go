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

	"github.com/emergo/emergo/store"
)

// results runs `emergo results ...` in-process as Main would. It adds
// the results command to the root when cli.go does not yet, so that the
// test holds before and after the wiring.
func results(t *testing.T, args ...string) result {
	t.Helper()
	var o, eb bytes.Buffer
	e := &env{stdout: &o, stderr: &eb, now: time.Now}
	root := e.newRoot()
	wired := false
	for _, c := range root.Commands() {
		wired = wired || c.Name() == "results"
	}
	if !wired {
		root.AddCommand(e.resultsCmd())
	}
	root.SetArgs(append([]string{"results"}, args...))
	_, err := root.ExecuteContextC(context.Background())
	// The error handling of env.run and Main.
	var ce *commandError
	var u *UsageError
	switch {
	case errors.As(err, &ce):
		err = ce.err
	case err != nil && !errors.As(err, &u):
		err = &UsageError{Err: err}
	}
	if err != nil {
		fmt.Fprintf(&eb, "emergo: %v\n", err)
	}
	return result{o.String(), eb.String(), ExitCode(err)}
}

// Keys of the fixture's tasks: two share the prefix "7e57a".
const (
	keyData  = "d47a0001aaaaaaaaaaaa"
	keyGRU   = "7e57a001bbbbbbbbbbbb"
	keyESN   = "7e57a002cccccccccccc"
	keyHomog = "40e00001dddddddddddd"
	demoID   = "5eed00aa11112222"
	otherID  = "0123456789abcdef"
)

// resultsDB writes a results database with two studies: "demo" (a done
// task with metrics and artifacts, a done one without metrics, a failed
// and a pending one) and an older, empty "other".
func resultsDB(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "emergo.db")
	s, err := store.OpenSQLite(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	t0 := time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.PutStudy(ctx, &store.Study{ID: otherID, Name: "other", Spec: "name: other\n", Created: t0, Updated: t0}))
	must(s.PutStudy(ctx, &store.Study{ID: demoID, Name: "demo", Spec: "name: demo\n", Version: "v0.1.0", Created: t0, Updated: t0.Add(time.Hour)}))
	must(s.AddTasks(ctx, demoID, []store.Task{
		{Key: keyData, Kind: "data", Label: "data Lorenz", Spec: `{"system":"Lorenz","n":1000}`},
		{Key: keyGRU, Kind: "train", Label: "train gru on Lorenz, seed 1", Spec: `{"model":"gru"}`, Deps: []string{keyData}},
		{Key: keyESN, Kind: "train", Label: "train esn on Lorenz, seed 1", Spec: `{"model":"esn"}`, Deps: []string{keyData}},
		{Key: keyHomog, Kind: "homogenization", Label: "homogenization on Lorenz", Spec: `{}`, Deps: []string{keyGRU, keyESN}},
	}))
	must(s.StartTask(ctx, keyData, "host/1"))
	must(s.FinishTask(ctx, keyData, &store.Result{
		Metrics:   []store.Metric{{Name: "rows", Value: 1000}, {Name: "lyapunov", Value: 0.9056}, {Name: "gap", Value: math.NaN()}},
		Artifacts: []store.Artifact{{Name: "series.f64", MIME: "application/octet-stream", Data: make([]byte, 24016)}, {Name: "data.json", MIME: "application/json", Data: []byte(`{}`)}},
		Seconds:   1.25, Version: "v0.1.0"}))
	must(s.StartTask(ctx, keyGRU, "host/1"))
	must(s.FinishTask(ctx, keyGRU, &store.Result{Seconds: 3}))
	must(s.StartTask(ctx, keyESN, "host/1"))
	must(s.FailTask(ctx, keyESN, "esn: reservoir diverged at step 17\nmore detail"))
	return path
}

func TestResultsList(t *testing.T) {
	db := resultsDB(t)
	r := results(t, "list", "--db", db)
	r.wantOK(t)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "ID") {
		t.Fatalf("table:\n%s", r.stdout)
	}
	// Newest first: demo, then other.
	for i, want := range [][]string{
		{demoID[:12], "demo", "2025-03-04 06:06:07", "4", "2", "1", "0"},
		{otherID[:12], "other", "2025-03-04 05:06:07", "0", "0", "0", "0"},
	} {
		f := strings.Fields(lines[i+1])
		got := append(f[:2:2], f[2]+" "+f[3])
		got = append(got, f[4:]...)
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("row %d: %q, want %q", i, lines[i+1], want)
		}
	}
	if !strings.Contains(lines[3], "2 studies in "+db) {
		t.Errorf("footer: %q", lines[3])
	}

	r = results(t, "--db", db, "list", "--json")
	r.wantOK(t)
	var studies []store.Study
	if err := json.Unmarshal([]byte(r.stdout), &studies); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, r.stdout)
	}
	if len(studies) != 2 || studies[0].ID != demoID || studies[0].Tasks != 4 || studies[0].Done != 2 || studies[0].Failed != 1 || studies[0].Pending != 1 {
		t.Errorf("studies: %+v", studies)
	}
}

func TestResultsShow(t *testing.T) {
	db := resultsDB(t)
	for _, ref := range []string{"demo", demoID, "5EED00"} {
		r := results(t, "show", ref, "--db", db)
		r.wantOK(t)
		for _, want := range []string{"study demo", "id:       " + demoID, "tasks:    4: 2 done, 1 failed, 0 running, 1 pending",
			"KEY", keyData[:12], "done", "data Lorenz", "1.25", "failed", "esn: reservoir diverged at step 17", "pending", "homogenization on Lorenz"} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("show %s lacks %q:\n%s", ref, want, r.stdout)
			}
		}
		if strings.Contains(r.stdout, "more detail") {
			t.Errorf("show prints more than an error's first line:\n%s", r.stdout)
		}
	}
	r := results(t, "show", "demo", "--json", "--db", db)
	r.wantOK(t)
	var got struct {
		Study store.Study  `json:"study"`
		Tasks []store.Task `json:"tasks"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, r.stdout)
	}
	if got.Study.ID != demoID || len(got.Tasks) != 4 || got.Tasks[2].Status != store.Failed || len(got.Tasks[3].Deps) != 2 || got.Tasks[0].Seconds != 1.25 {
		t.Errorf("show --json: %+v", got)
	}
}

func TestResultsShowTask(t *testing.T) {
	db := resultsDB(t)
	r := results(t, "show", "demo", "--task", "d47a", "--db", db)
	r.wantOK(t)
	for _, want := range []string{"task data Lorenz", "key:       " + keyData, "status:    done", "attempts:  1", "worker:    host/1",
		`"system": "Lorenz"`, "3 metrics:", "gap", "NaN", "lyapunov", "0.9056", "rows", "1000",
		"2 artifacts:", "series.f64", "application/octet-stream", "24.0 kB", "data.json", "2 B"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("show --task lacks %q:\n%s", want, r.stdout)
		}
	}
	r = results(t, "show", "demo", "--task", keyESN, "--db", db)
	r.wantOK(t)
	for _, want := range []string{"status:    failed", "error:     esn: reservoir diverged at step 17\n             more detail", "needs:     " + keyData[:12] + " (data Lorenz)", "no metrics", "no artifacts"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("show --task (failed) lacks %q:\n%s", want, r.stdout)
		}
	}
	r = results(t, "show", "demo", "--task", keyData, "--json", "--db", db)
	r.wantOK(t)
	var got struct {
		Study     string               `json:"study"`
		Key       string               `json:"key"`
		Status    store.Status         `json:"status"`
		Spec      map[string]any       `json:"spec"`
		Metrics   map[string]any       `json:"metrics"`
		Artifacts []store.ArtifactInfo `json:"artifacts"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, r.stdout)
	}
	if got.Study != demoID || got.Key != keyData || got.Status != store.Done || got.Spec["system"] != "Lorenz" ||
		got.Metrics["rows"] != 1000.0 || got.Metrics["gap"] != nil || len(got.Metrics) != 3 ||
		len(got.Artifacts) != 2 || got.Artifacts[1].Size != 24016 {
		t.Errorf("show --task --json: %+v", got)
	}

	r = results(t, "show", "demo", "--task", "7e57a", "--db", db)
	r.wantFail(t, ExitFailure, `task key prefix "7e57a" is ambiguous`, keyGRU[:12]+" (train gru on Lorenz, seed 1)", keyESN[:12])
	r = results(t, "show", "demo", "--task", "ffff", "--db", db)
	r.wantFail(t, ExitFailure, `study demo (`+demoID[:12]+`) has no task "ffff"`)
}

func TestResultsExport(t *testing.T) {
	db := resultsDB(t)
	r := results(t, "export", "demo", "--db", db)
	r.wantOK(t)
	header, rows := readCSV(t, r.stdout)
	if strings.Join(header, ",") != "study,task,kind,label,status,metric,value" {
		t.Errorf("header %v", header)
	}
	want := [][]string{
		{demoID, keyData, "data", "data Lorenz", "done", "gap", "NaN"},
		{demoID, keyData, "data", "data Lorenz", "done", "lyapunov", "0.9056"},
		{demoID, keyData, "data", "data Lorenz", "done", "rows", "1000"},
		{demoID, keyGRU, "train", "train gru on Lorenz, seed 1", "done", "", ""},
		{demoID, keyESN, "train", "train esn on Lorenz, seed 1", "failed", "", ""},
		{demoID, keyHomog, "homogenization", "homogenization on Lorenz", "pending", "", ""},
	}
	if !equalRows(rows, want) {
		t.Errorf("CSV rows:\n%v\nwant\n%v", rows, want)
	}

	out := filepath.Join(t.TempDir(), "demo.json")
	r = results(t, "export", "5eed", "--format", "json", "--output", out, "--db", db)
	r.wantOK(t)
	if r.stdout != "" || !strings.Contains(r.stderr, "exported study demo") || !strings.Contains(r.stderr, out) {
		t.Errorf("export --output: stdout %q, stderr %q", r.stdout, r.stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Study store.Study `json:"study"`
		Tasks []struct {
			Key     string         `json:"key"`
			Metrics map[string]any `json:"metrics"`
		} `json:"tasks"`
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("exported file is not JSON: %v", err)
	}
	if got.Study.ID != demoID || len(got.Tasks) != 4 || got.Tasks[0].Metrics["lyapunov"] != 0.9056 {
		t.Errorf("exported JSON: %+v", got)
	}

	r = results(t, "export", "demo", "--format", "xml", "--db", db)
	r.wantFail(t, ExitUsage, "--format must be one of csv, json", `"xml"`)
}

func TestResultsErrors(t *testing.T) {
	db := resultsDB(t)
	missing := filepath.Join(t.TempDir(), "nope", "emergo.db")
	garbage := filepath.Join(t.TempDir(), "garbage.db")
	if err := os.WriteFile(garbage, []byte(strings.Repeat("not sqlite ", 500)), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		args      []string
		code      int
		fragments []string
	}{
		{[]string{"list", "--db", missing}, ExitFailure, []string{"no results database at " + missing + ": run `emergo study` first"}},
		{[]string{"show", "demo", "--db", missing}, ExitFailure, []string{"no results database at " + missing}},
		{[]string{"export", "demo", "--db", missing}, ExitFailure, []string{"no results database at " + missing}},
		{[]string{"list", "--db", garbage}, ExitFailure, []string{garbage + " is not an emergo results database: file is not a database"}},
		{[]string{"show", "nosuch", "--db", db}, ExitFailure, []string{`no study "nosuch"`}},
		{[]string{"export", "nosuch", "--db", db}, ExitFailure, []string{`no study "nosuch"`}},
		{[]string{"show", "--db", db}, ExitUsage, []string{"needs one study"}},
		{[]string{"list", "extra", "--db", db}, ExitUsage, []string{"takes no arguments"}},
		{[]string{"frobnicate"}, ExitUsage, []string{`unknown command "frobnicate"`}},
	}
	for _, c := range cases {
		r := results(t, c.args...)
		r.wantFail(t, c.code, c.fragments...)
	}
	if _, err := os.Stat(filepath.Dir(missing)); err == nil {
		t.Errorf("reading created %s", filepath.Dir(missing))
	}
	// An export that fails leaves no output file behind.
	out := filepath.Join(t.TempDir(), "x.csv")
	results(t, "export", "nosuch", "--output", out, "--db", db).wantFail(t, ExitFailure, "nosuch")
	if _, err := os.Stat(out); err == nil {
		t.Errorf("a failed export left %s", out)
	}
}
