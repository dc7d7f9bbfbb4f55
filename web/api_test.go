package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/emergo/emergo/store"
)

// newTestServer serves the fixture with a report func that names the
// study it was asked for.
func newTestServer(t *testing.T, f *fakeStore) (*Server, *bytes.Buffer) {
	t.Helper()
	var logBuf bytes.Buffer
	s, err := New(slog.New(slog.NewTextHandler(&logBuf, nil)), &Options{
		Store:   f,
		Version: "v1.2.3",
		Report: func(ctx context.Context, w io.Writer, studyID string) error {
			if studyID == quickID {
				return errors.New("report: study quick-check has no scaling results")
			}
			_, err := fmt.Fprintf(w, "<!doctype html><title>report</title><h1>report of %s</h1>", studyID)
			return err
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return s, &logBuf
}

// do serves one request and returns the recorded response.
func do(t *testing.T, h http.Handler, method, target string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// decode checks that the response is an envelope of the given status
// with exactly the keys it should have, and returns its data or error.
func decode(t *testing.T, rec *httptest.ResponseRecorder, wantCode int) (data json.RawMessage, apiErr apiError) {
	t.Helper()
	if rec.Code != wantCode {
		t.Fatalf("status %d, want %d; body %s", rec.Code, wantCode, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	var env map[string]json.RawMessage
	if err := json.Unmarshal(rec.Body.Bytes(), &env); err != nil {
		t.Fatalf("not JSON: %v: %s", err, rec.Body)
	}
	keys := make([]string, 0, len(env))
	for k := range env {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var status string
	json.Unmarshal(env["status"], &status)
	switch {
	case wantCode < 300:
		if status != "success" || !slices.Equal(keys, []string{"data", "status"}) {
			t.Fatalf("success envelope has status %q and keys %v: %s", status, keys, rec.Body)
		}
		return env["data"], apiError{}
	default:
		if status != "error" || !slices.Equal(keys, []string{"error", "status"}) {
			t.Fatalf("error envelope has status %q and keys %v: %s", status, keys, rec.Body)
		}
		if err := json.Unmarshal(env["error"], &apiErr); err != nil {
			t.Fatal(err)
		}
		return nil, apiErr
	}
}

func TestAPIErrors(t *testing.T) {
	s, _ := newTestServer(t, newFixture())
	tests := []struct {
		method, target string
		code           int
		kind           string
		msg            string
	}{
		{"GET", "/api/v1/studies/nope", 404, kindNotFound, `no study "nope" (by ID, ID prefix or name): not found`},
		{"GET", "/api/v1/studies/nope/tasks", 404, kindNotFound, `no study "nope"`},
		{"GET", "/api/v1/studies/nope/metrics", 404, kindNotFound, `no study "nope"`},
		{"GET", "/api/v1/tasks/abc", 404, kindNotFound, "task abc: not found"},
		{"GET", "/api/v1/tasks/abc/artifacts/x.json", 404, kindNotFound, `artifact "x.json" of task abc`},
		{"GET", "/api/v1/tasks/" + systemKey + "/artifacts/missing.svg", 404, kindNotFound, `artifact "missing.svg"`},
		{"GET", "/api/v1/nothing", 404, kindNotFound, "no API endpoint /api/v1/nothing"},
		{"GET", "/api/v2/studies", 404, kindNotFound, "no API endpoint"},
		{"GET", "/api/v1/studies/" + scalingID + "/tasks?status=broken", 400, kindBadRequest, `unknown task status "broken"`},
		{"GET", "/api/v1/studies/" + scalingID + "/tasks?status=done,Done", 400, kindBadRequest, `"Done"`},
		{"POST", "/api/v1/studies", 405, kindMethodNotAllowed, "method POST is not allowed"},
		{"DELETE", "/api/v1/tasks/" + dataKey, 405, kindMethodNotAllowed, "read-only"},
		{"PUT", "/api/v1/nothing", 405, kindMethodNotAllowed, "GET and HEAD only"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.target, func(t *testing.T) {
			rec := do(t, s.Handler(), tt.method, tt.target)
			_, e := decode(t, rec, tt.code)
			if e.Kind != tt.kind || !strings.Contains(e.Message, tt.msg) {
				t.Errorf("error %+v, want kind %s and message containing %q", e, tt.kind, tt.msg)
			}
			if tt.code == 405 && rec.Header().Get("Allow") != "GET, HEAD" {
				t.Errorf("Allow %q", rec.Header().Get("Allow"))
			}
		})
	}
}

func TestAPIInternalError(t *testing.T) {
	f := newFixture()
	s, logBuf := newTestServer(t, f)
	f.setErr(errors.New("store: read studies: disk I/O error"))
	for _, target := range []string{"/api/v1/studies", "/api/v1/studies/x", "/api/v1/tasks/" + dataKey} {
		_, e := decode(t, do(t, s.Handler(), "GET", target), 500)
		if e.Kind != kindInternal || e.Message != "read studies: disk I/O error" {
			t.Errorf("%s: error %+v", target, e)
		}
	}
	if !strings.Contains(logBuf.String(), "disk I/O error") {
		t.Errorf("the internal error is not logged: %q", logBuf)
	}
}

func TestAPIVersion(t *testing.T) {
	s, _ := newTestServer(t, newFixture())
	data, _ := decode(t, do(t, s.Handler(), "GET", "/api/v1/version"), 200)
	var v versionJSON
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	if v.Version != "v1.2.3" || !strings.HasPrefix(v.Go, "go") || !v.Report {
		t.Errorf("version %+v", v)
	}
	noReport, err := New(nil, &Options{Store: newFixture()})
	if err != nil {
		t.Fatal(err)
	}
	data, _ = decode(t, do(t, noReport.Handler(), "GET", "/api/v1/version"), 200)
	if !strings.Contains(string(data), `"report":false`) {
		t.Errorf("without a renderer: %s", data)
	}
}

func TestAPIStudies(t *testing.T) {
	s, _ := newTestServer(t, newFixture())
	data, _ := decode(t, do(t, s.Handler(), "GET", "/api/v1/studies"), 200)
	var list []map[string]any
	if err := json.Unmarshal(data, &list); err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 {
		t.Fatalf("%d studies, want 2: %s", len(list), data)
	}
	// Newest first; the list leaves out the specs.
	want := []struct {
		id, name, state                       string
		tasks, pending, running, done, failed float64
	}{
		{scalingID, "lorenz-scaling", "running", 10, 0, 1, 8, 1},
		{quickID, "quick-check", "done", 2, 0, 0, 2, 0},
	}
	for i, w := range want {
		got := list[i]
		if got["id"] != w.id || got["name"] != w.name || got["state"] != w.state ||
			got["tasks"] != w.tasks || got["pending"] != w.pending || got["running"] != w.running ||
			got["done"] != w.done || got["failed"] != w.failed {
			t.Errorf("study %d: %v, want %+v", i, got, w)
		}
		if _, ok := got["spec"]; ok {
			t.Errorf("study %d: the list shows the spec", i)
		}
	}

	// An empty store lists [] (not null).
	empty, _ := New(nil, &Options{Store: newFakeStore()})
	data, _ = decode(t, do(t, empty.Handler(), "GET", "/api/v1/studies"), 200)
	if string(data) != "[]" {
		t.Errorf("empty store: data %s, want []", data)
	}
}

func TestAPIStudy(t *testing.T) {
	s, _ := newTestServer(t, newFixture())
	// By ID, ID prefix and name.
	for _, ref := range []string{scalingID, scalingID[:8], "lorenz-scaling"} {
		data, _ := decode(t, do(t, s.Handler(), "GET", "/api/v1/studies/"+ref), 200)
		var st studyJSON
		if err := json.Unmarshal(data, &st); err != nil {
			t.Fatal(err)
		}
		if st.ID != scalingID || st.Tasks != 10 || st.Done != 8 || st.Failed != 1 || st.Running != 1 ||
			st.State != "running" || !strings.HasPrefix(st.Spec, "name: lorenz-scaling") {
			t.Errorf("ref %s: %+v", ref, st)
		}
	}
}

func TestStudyState(t *testing.T) {
	tests := []struct {
		tasks, pending, running, done, failed int
		want                                  string
	}{
		{0, 0, 0, 0, 0, "empty"},
		{3, 1, 1, 1, 0, "running"},
		{3, 1, 0, 1, 1, "incomplete"},
		{3, 0, 0, 2, 1, "failed"},
		{3, 0, 0, 3, 0, "done"},
	}
	for _, tt := range tests {
		st := storeStudy(tt.tasks, tt.pending, tt.running, tt.done, tt.failed)
		if got := studyState(&st); got != tt.want {
			t.Errorf("%+v: state %q, want %q", tt, got, tt.want)
		}
	}
}

func storeStudy(tasks, pending, running, done, failed int) store.Study {
	return store.Study{Tasks: tasks, Pending: pending, Running: running, Done: done, Failed: failed}
}

func TestAPIStudyTasks(t *testing.T) {
	s, _ := newTestServer(t, newFixture())
	tests := []struct {
		query string
		want  int
		first string // label of the first task
	}{
		{"", 10, "data Lorenz (8000 steps)"},
		{"?status=failed", 1, "train esn on Lorenz, seed 1"},
		{"?status=failed,running", 2, "train esn on Lorenz, seed 1"},
		{"?status=failed&status=running", 2, "train esn on Lorenz, seed 1"},
		{"?kind=train", 7, "train gru on Lorenz, seed 1"},
		{"?kind=train&status=done", 5, "train gru on Lorenz, seed 1"},
		{"?kind=homogenization", 1, "homogenization on Lorenz"},
		{"?kind=nothing", 0, ""},
		{"?status=pending", 0, ""},
	}
	for _, tt := range tests {
		data, _ := decode(t, do(t, s.Handler(), "GET", "/api/v1/studies/lorenz-scaling/tasks"+tt.query), 200)
		var tasks []map[string]any
		if err := json.Unmarshal(data, &tasks); err != nil {
			t.Fatal(err)
		}
		if len(tasks) != tt.want {
			t.Errorf("%q: %d tasks, want %d", tt.query, len(tasks), tt.want)
			continue
		}
		if tt.want == 0 {
			if string(data) != "[]" {
				t.Errorf("%q: data %s, want []", tt.query, data)
			}
			continue
		}
		if tasks[0]["label"] != tt.first {
			t.Errorf("%q: first task %v, want %q", tt.query, tasks[0]["label"], tt.first)
		}
		for _, task := range tasks {
			if _, ok := task["spec"]; ok {
				t.Errorf("%q: the task list shows specs", tt.query)
				break
			}
		}
	}

	// A running task has no finish time: null, not year 1.
	data, _ := decode(t, do(t, s.Handler(), "GET", "/api/v1/studies/lorenz-scaling/tasks?status=running"), 200)
	var running []taskJSON
	if err := json.Unmarshal(data, &running); err != nil {
		t.Fatal(err)
	}
	if len(running) != 1 || running[0].Key != runningKey || running[0].Started == nil || running[0].Finished != nil ||
		!strings.Contains(string(data), `"finished":null`) {
		t.Errorf("running task: %s", data)
	}
}

func TestAPIStudyMetricsNaN(t *testing.T) {
	s, _ := newTestServer(t, newFixture())
	rec := do(t, s.Handler(), "GET", "/api/v1/studies/"+scalingID+"/metrics")
	data, _ := decode(t, rec, 200)
	var ms []struct {
		Key, Kind, Label, Name string
		Value                  *float64
	}
	if err := json.Unmarshal(data, &ms); err != nil {
		t.Fatal(err)
	}
	got := map[string]*float64{}
	for _, m := range ms {
		if m.Key == systemKey {
			got[m.Name] = m.Value
		}
	}
	if len(ms) != 5 || len(got) != 4 || got["dimension_error"] != nil || got["ratio"] != nil ||
		got["lambda1"] == nil || *got["lambda1"] != 0.9056 {
		t.Errorf("study metrics: %s", data)
	}
}

func TestNumberJSON(t *testing.T) {
	tests := []struct {
		v    float64
		want string
	}{
		{math.NaN(), "null"},
		{math.Inf(1), "null"},
		{math.Inf(-1), "null"},
		{0, "0"},
		{1.5, "1.5"},
		{-2e-9, "-2e-9"},
		{1e300, "1e+300"},
	}
	for _, tt := range tests {
		b, err := json.Marshal(metricJSON{Name: "m", Value: number(tt.v)})
		if err != nil {
			t.Errorf("%v: %v", tt.v, err)
			continue
		}
		if want := `{"name":"m","value":` + tt.want + `}`; string(b) != want {
			t.Errorf("%v: %s, want %s", tt.v, b, want)
		}
	}
}

func TestAPITask(t *testing.T) {
	s, _ := newTestServer(t, newFixture())
	data, _ := decode(t, do(t, s.Handler(), "GET", "/api/v1/tasks/"+systemKey), 200)
	var d struct {
		Task struct {
			taskJSON
			Spec map[string]any `json:"spec"`
		} `json:"task"`
		Metrics   []map[string]any `json:"metrics"`
		Artifacts []artifactJSON   `json:"artifacts"`
	}
	if err := json.Unmarshal(data, &d); err != nil {
		t.Fatal(err)
	}
	if d.Task.Key != systemKey || d.Task.Kind != "system" || d.Task.Status != "done" || d.Task.Attempts != 1 ||
		d.Task.Spec["kind"] != "system" || !slices.Equal(d.Task.Deps, []string{dataKey}) {
		t.Errorf("task: %+v", d.Task)
	}
	wantMetrics := `[{"name":"dimension_error","value":null},{"name":"kaplan_yorke","value":2.062},{"name":"lambda1","value":0.9056},{"name":"ratio","value":null}]`
	if !strings.Contains(string(data), `"metrics":`+wantMetrics) {
		t.Errorf("metrics in %s, want %s", data, wantMetrics)
	}
	wantArts := []artifactJSON{
		{checkpointNm, "application/octet-stream", 18, "/api/v1/tasks/" + systemKey + "/artifacts/checkpoint/model.safetensors"},
		{"result.json", "application/json", 18, "/api/v1/tasks/" + systemKey + "/artifacts/result.json"},
		{"spectrum.svg", "image/svg+xml", int64(len(spectrumSVG)), "/api/v1/tasks/" + systemKey + "/artifacts/spectrum.svg"},
	}
	if !slices.Equal(d.Artifacts, wantArts) {
		t.Errorf("artifacts %+v, want %+v", d.Artifacts, wantArts)
	}

	// A spec that is not JSON is shown as a string.
	f := newFakeStore()
	odd := fixtureTask("k1", "data", "odd", store.Pending, 0)
	odd.Spec = "not json {"
	f.addStudy(store.Study{ID: "s1", Name: "odd"}, odd)
	s2, _ := New(nil, &Options{Store: f})
	data, _ = decode(t, do(t, s2.Handler(), "GET", "/api/v1/tasks/k1"), 200)
	if !strings.Contains(string(data), `"spec":"not json {"`) || !strings.Contains(string(data), `"started":null`) {
		t.Errorf("task with a non-JSON spec: %s", data)
	}
}

func TestAPIArtifact(t *testing.T) {
	s, _ := newTestServer(t, newFixture())
	tests := []struct {
		name, ctype, disposition, body string
	}{
		{"spectrum.svg", "image/svg+xml", `inline; filename=spectrum.svg`, spectrumSVG},
		{"result.json", "application/json", `inline; filename=result.json`, `{"lambda1":0.9056}`},
		{checkpointNm, "application/octet-stream", `attachment; filename=model.safetensors`, "not really a model"},
	}
	for _, tt := range tests {
		rec := do(t, s.Handler(), "GET", artifactURL(systemKey, tt.name))
		h := rec.Header()
		if rec.Code != 200 || h.Get("Content-Type") != tt.ctype || h.Get("Content-Disposition") != tt.disposition ||
			rec.Body.String() != tt.body {
			t.Errorf("%s: %d %q %q body %q", tt.name, rec.Code, h.Get("Content-Type"), h.Get("Content-Disposition"), rec.Body)
		}
		if !strings.Contains(h.Get("Content-Security-Policy"), "sandbox") || h.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: CSP %q, X-Content-Type-Options %q", tt.name, h.Get("Content-Security-Policy"), h.Get("X-Content-Type-Options"))
		}
	}
	// An escaped slash in the name reaches the store unescaped.
	rec := do(t, s.Handler(), "GET", "/api/v1/tasks/"+systemKey+"/artifacts/checkpoint%2Fmodel.safetensors")
	if rec.Code != 200 || rec.Body.String() != "not really a model" {
		t.Errorf("escaped name: %d %s", rec.Code, rec.Body)
	}
	// HEAD gives the headers and no body.
	rec = do(t, s.Handler(), "HEAD", artifactURL(systemKey, "spectrum.svg"))
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "image/svg+xml" ||
		rec.Header().Get("Content-Length") != fmt.Sprint(len(spectrumSVG)) {
		t.Errorf("HEAD: %d %v", rec.Code, rec.Header())
	}
}

func TestArtifactType(t *testing.T) {
	tests := []struct {
		stored, ctype string
		inline        bool
	}{
		{"image/svg+xml", "image/svg+xml", true},
		{"text/csv; charset=utf-8", "text/csv; charset=utf-8", true},
		{"application/json", "application/json", true},
		{"application/vnd.emergo+json", "application/vnd.emergo+json", true},
		{"application/octet-stream", "application/octet-stream", false},
		{"text/html", "text/html", true},
		{"", "application/octet-stream", false},
		{"not a type", "application/octet-stream", false},
	}
	for _, tt := range tests {
		ctype, inline := artifactType(tt.stored)
		if ctype != tt.ctype || inline != tt.inline {
			t.Errorf("%q: %q, %v; want %q, %v", tt.stored, ctype, inline, tt.ctype, tt.inline)
		}
	}
}
