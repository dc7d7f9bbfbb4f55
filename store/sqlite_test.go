package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

// open opens a new read-write store in a temporary directory.
func open(t testing.TB) (*SQLite, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "results.db")
	s, err := OpenSQLite(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

// mustDo fails the test on err.
func mustDo(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// randBytes returns n seeded pseudo-random bytes.
func randBytes(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 7))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// sameFloat reports whether a and b are the same float64, NaN equal to
// NaN and -0 different from 0.
func sameFloat(a, b float64) bool {
	return math.Float64bits(a) == math.Float64bits(b) || (math.IsNaN(a) && math.IsNaN(b))
}

func TestRoundTrip(t *testing.T) {
	ctx := context.Background()
	s, path := open(t)
	paris := time.FixedZone("CEST", 2*3600)
	created := time.Date(2025, 6, 1, 12, 30, 45, 123456789, paris)
	updated := time.Date(2025, 6, 2, 8, 0, 0, 1, time.UTC)
	st := &Study{ID: "a1b2c3d4e5f60718", Name: "tiny", Spec: "name: tiny\nsystems: [Lorenz]\n", Version: "v0.1.0",
		Created: created, Updated: updated}
	mustDo(t, s.PutStudy(ctx, st))
	got, err := s.Study(ctx, st.ID)
	mustDo(t, err)
	if got.ID != st.ID || got.Name != st.Name || got.Spec != st.Spec || got.Version != st.Version ||
		!got.Created.Equal(created) || !got.Updated.Equal(updated) || got.Tasks != 0 {
		t.Errorf("study round trip:\n got %+v\nwant %+v", got, st)
	}

	// A second PutStudy updates the spec, version and time but keeps the
	// creation time.
	later := updated.Add(time.Hour + 7)
	mustDo(t, s.PutStudy(ctx, &Study{ID: st.ID, Name: "tiny2", Spec: "name: tiny2\n", Version: "v0.2.0", Created: later, Updated: later}))
	got, err = s.Study(ctx, st.ID)
	mustDo(t, err)
	if got.Name != "tiny2" || got.Spec != "name: tiny2\n" || got.Version != "v0.2.0" || !got.Created.Equal(created) || !got.Updated.Equal(later) {
		t.Errorf("study after update: %+v", got)
	}

	tasks := []Task{
		{Key: "k1", Kind: "data", Label: "data Lorenz", Spec: `{"system":"Lorenz","n":1000}`},
		{Key: "k2", Kind: "train", Label: "train gru on Lorenz, seed 1", Spec: `{"model":"gru"}`, Deps: []string{"k1"}},
		{Key: "k3", Kind: "homogenization", Label: "homogenization", Spec: `{}`, Deps: []string{"k2", "k1"}},
	}
	mustDo(t, s.AddTasks(ctx, st.ID, tasks))
	list, err := s.Tasks(ctx, st.ID)
	mustDo(t, err)
	if len(list) != 3 {
		t.Fatalf("%d tasks, want 3", len(list))
	}
	for i, tk := range list {
		w := tasks[i]
		if tk.Key != w.Key || tk.Kind != w.Kind || tk.Label != w.Label || tk.Spec != w.Spec || !reflect.DeepEqual(tk.Deps, w.Deps) ||
			tk.Status != Pending || tk.Attempts != 0 || !tk.Started.IsZero() || !tk.Finished.IsZero() || tk.Error != "" || tk.Worker != "" {
			t.Errorf("task %d:\n got %+v\nwant %+v (pending)", i, tk, w)
		}
	}

	before := time.Now()
	mustDo(t, s.StartTask(ctx, "k1", "host/42"))
	tk, err := s.Task(ctx, "k1")
	mustDo(t, err)
	after := time.Now()
	if tk.Status != Running || tk.Attempts != 1 || tk.Worker != "host/42" || tk.Started.Before(before) || tk.Started.After(after) {
		t.Errorf("started task: %+v (want running, 1 attempt, started in [%v, %v])", tk, before, after)
	}

	metrics := []Metric{
		{"rmse", 0.123456789012345678},
		{"nan", math.NaN()},
		{"inf", math.Inf(1)},
		{"neginf", math.Inf(-1)},
		{"zero", 0},
		{"negzero", math.Copysign(0, -1)},
		{"tiny", math.SmallestNonzeroFloat64},
		{"huge", -math.MaxFloat64},
		{"count", 1e6},
	}
	big := randBytes(3<<20, 1)
	arts := []Artifact{
		{Name: "series.f64", MIME: "application/octet-stream", Data: big},
		{Name: "empty", MIME: "text/plain", Data: nil},
		{Name: "doc.json", MIME: "application/json", Data: []byte(`{"a":1}`)},
		{Name: "checkpoint/model.safetensors", MIME: "application/octet-stream", Data: []byte{0, 1, 2, 0, 255}},
	}
	before = time.Now()
	mustDo(t, s.FinishTask(ctx, "k1", &Result{Metrics: metrics, Artifacts: arts, Seconds: 1.5, Version: "v0.2.0"}))
	after = time.Now()

	check := func(t *testing.T, r Reader) {
		tk, err := r.Task(ctx, "k1")
		mustDo(t, err)
		if tk.Status != Done || tk.Seconds != 1.5 || tk.Version != "v0.2.0" || tk.Error != "" || tk.Attempts != 1 ||
			tk.Finished.Before(before) || tk.Finished.After(after) || tk.Kind != "data" || tk.Spec != tasks[0].Spec {
			t.Errorf("finished task: %+v", tk)
		}
		ms, err := r.Metrics(ctx, "k1")
		mustDo(t, err)
		if len(ms) != len(metrics) {
			t.Fatalf("%d metrics, want %d", len(ms), len(metrics))
		}
		for i := 1; i < len(ms); i++ {
			if ms[i-1].Name >= ms[i].Name {
				t.Errorf("metrics not sorted by name: %q before %q", ms[i-1].Name, ms[i].Name)
			}
		}
		byName := map[string]float64{}
		for _, m := range ms {
			byName[m.Name] = m.Value
		}
		for _, w := range metrics {
			v, ok := byName[w.Name]
			// -0 may come back as 0: SQL has a single zero.
			if !ok || !(sameFloat(v, w.Value) || (w.Value == 0 && v == 0)) {
				t.Errorf("metric %s = %v (present %v), want %v", w.Name, v, ok, w.Value)
			}
		}
		infos, err := r.Artifacts(ctx, "k1")
		mustDo(t, err)
		wantInfos := []ArtifactInfo{
			{"checkpoint/model.safetensors", "application/octet-stream", 5},
			{"doc.json", "application/json", 7},
			{"empty", "text/plain", 0},
			{"series.f64", "application/octet-stream", int64(len(big))},
		}
		if !reflect.DeepEqual(infos, wantInfos) {
			t.Errorf("artifacts:\n got %v\nwant %v", infos, wantInfos)
		}
		for _, w := range arts {
			a, err := r.Artifact(ctx, "k1", w.Name)
			mustDo(t, err)
			if a.Name != w.Name || a.MIME != w.MIME || !bytes.Equal(a.Data, w.Data) || a.Data == nil {
				t.Errorf("artifact %s: %d bytes of %s, want %d bytes of %s", w.Name, len(a.Data), a.MIME, len(w.Data), w.MIME)
			}
		}
		sm, err := r.StudyMetrics(ctx, st.ID)
		mustDo(t, err)
		if len(sm) != len(metrics) || sm[0].Key != "k1" || sm[0].Kind != "data" || sm[0].Label != "data Lorenz" || sm[0].Name != ms[0].Name {
			t.Errorf("study metrics: %+v", sm)
		}
		got, err := r.Study(ctx, "tiny2")
		mustDo(t, err)
		if got.Tasks != 3 || got.Done != 1 || got.Pending != 2 || got.Running != 0 || got.Failed != 0 {
			t.Errorf("counts: %+v", got)
		}
	}
	check(t, s)
	snapshot, err := s.Tasks(ctx, st.ID)
	mustDo(t, err)

	// Everything survives closing and reopening, read-only.
	mustDo(t, s.Close())
	ro, err := OpenSQLite(path, &Options{ReadOnly: true})
	mustDo(t, err)
	defer ro.Close()
	check(t, ro)
	again, err := ro.Tasks(ctx, st.ID)
	mustDo(t, err)
	if !reflect.DeepEqual(again, snapshot) {
		t.Errorf("tasks after reopening:\n got %+v\nwant %+v", again, snapshot)
	}
	if err := ro.StartTask(ctx, "k2", "w"); err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("write to a read-only store: %v", err)
	}
}

func TestTaskLifecycle(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	mustDo(t, s.PutStudy(ctx, &Study{ID: "s1", Name: "s"}))
	mustDo(t, s.AddTasks(ctx, "s1", []Task{{Key: "a", Kind: "data", Label: "a"}}))
	mustDo(t, s.StartTask(ctx, "a", "w1"))
	mustDo(t, s.FinishTask(ctx, "a", &Result{Metrics: []Metric{{"x", 1}, {"y", 2}}, Artifacts: []Artifact{{Name: "old", MIME: "text/plain", Data: []byte("old")}}}))
	// A new result replaces the old one whole.
	mustDo(t, s.FinishTask(ctx, "a", &Result{Metrics: []Metric{{"z", 3}}, Seconds: 2}))
	ms, _ := s.Metrics(ctx, "a")
	arts, _ := s.Artifacts(ctx, "a")
	if !reflect.DeepEqual(ms, []Metric{{"z", 3}}) || len(arts) != 0 {
		t.Errorf("after a second FinishTask: metrics %v, artifacts %v; want only z=3", ms, arts)
	}
	// A failure keeps no result and records the error.
	mustDo(t, s.StartTask(ctx, "a", "w2"))
	mustDo(t, s.FailTask(ctx, "a", "diverged at t=3.5"))
	tk, _ := s.Task(ctx, "a")
	ms, _ = s.Metrics(ctx, "a")
	if tk.Status != Failed || tk.Error != "diverged at t=3.5" || tk.Attempts != 2 || tk.Worker != "w2" || tk.Finished.IsZero() || len(ms) != 0 {
		t.Errorf("failed task: %+v, metrics %v", tk, ms)
	}
	// Starting again clears the error and the finish time.
	mustDo(t, s.StartTask(ctx, "a", "w3"))
	tk, _ = s.Task(ctx, "a")
	if tk.Status != Running || tk.Error != "" || !tk.Finished.IsZero() || tk.Attempts != 3 {
		t.Errorf("restarted task: %+v", tk)
	}

	bad := []struct {
		name string
		r    *Result
	}{
		{"nil result", nil},
		{"repeated metric", &Result{Metrics: []Metric{{"a", 1}, {"a", 2}}}},
		{"empty metric name", &Result{Metrics: []Metric{{"", 1}}}},
		{"repeated artifact", &Result{Artifacts: []Artifact{{Name: "x"}, {Name: "x"}}}},
	}
	for _, c := range bad {
		if err := s.FinishTask(ctx, "a", c.r); err == nil || !strings.Contains(err.Error(), "task a") {
			t.Errorf("%s: error %v, want one naming task a", c.name, err)
		}
	}
	tk, _ = s.Task(ctx, "a")
	if tk.Status != Running {
		t.Errorf("a rejected result changed the task: %+v", tk)
	}
}

func TestNotFound(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	mustDo(t, s.PutStudy(ctx, &Study{ID: "s1", Name: "s"}))
	mustDo(t, s.AddTasks(ctx, "s1", []Task{{Key: "a"}}))
	cases := []struct {
		name string
		err  error
		want string
	}{
		{"Task", second(s.Task(ctx, "nope")), "nope"},
		{"Metrics", second(s.Metrics(ctx, "nope")), "nope"},
		{"Artifacts", second(s.Artifacts(ctx, "nope")), "nope"},
		{"Artifact of unknown task", second(s.Artifact(ctx, "nope", "x")), "nope"},
		{"unknown Artifact", second(s.Artifact(ctx, "a", "x.json")), "x.json"},
		{"Tasks", second(s.Tasks(ctx, "s2")), "s2"},
		{"StudyMetrics", second(s.StudyMetrics(ctx, "s2")), "s2"},
		{"Study", second(s.Study(ctx, "s2")), "s2"},
		{"StartTask", s.StartTask(ctx, "nope", "w"), "nope"},
		{"FinishTask", s.FinishTask(ctx, "nope", &Result{}), "nope"},
		{"FailTask", s.FailTask(ctx, "nope", "x"), "nope"},
		{"AddTasks", s.AddTasks(ctx, "s2", []Task{{Key: "b"}}), "s2"},
	}
	for _, c := range cases {
		if !errors.Is(c.err, ErrNotFound) || !strings.Contains(fmt.Sprint(c.err), c.want) || !strings.HasPrefix(fmt.Sprint(c.err), "store: ") {
			t.Errorf("%s: error %v, want \"store: ...\" naming %q and wrapping ErrNotFound", c.name, c.err, c.want)
		}
	}
	if _, err := s.Task(ctx, "b"); !errors.Is(err, ErrNotFound) {
		t.Errorf("AddTasks to a missing study stored its task: %v", err)
	}
}

func second[T any](_ T, err error) error { return err }

func TestAddTasksIdempotent(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	mustDo(t, s.PutStudy(ctx, &Study{ID: "s1", Name: "s"}))
	tasks := []Task{{Key: "a", Kind: "data", Label: "A"}, {Key: "b", Kind: "train", Label: "B", Deps: []string{"a"}}}
	mustDo(t, s.AddTasks(ctx, "s1", tasks))
	mustDo(t, s.StartTask(ctx, "a", "w"))
	mustDo(t, s.FinishTask(ctx, "a", &Result{Metrics: []Metric{{"rows", 100}}, Artifacts: []Artifact{{Name: "x", MIME: "text/plain", Data: []byte("x")}}}))
	mustDo(t, s.StartTask(ctx, "b", "w"))
	mustDo(t, s.FailTask(ctx, "b", "boom"))

	// Re-adding the same tasks (a rerun), with other labels even, changes
	// nothing; a new task goes to the end.
	again := []Task{{Key: "a", Kind: "data", Label: "A renamed"}, {Key: "b", Kind: "train", Label: "B", Deps: []string{"a", "zzz"}}, {Key: "c", Label: "C"}}
	mustDo(t, s.AddTasks(ctx, "s1", again))
	mustDo(t, s.AddTasks(ctx, "s1", again))
	list, err := s.Tasks(ctx, "s1")
	mustDo(t, err)
	var keys []string
	for _, tk := range list {
		keys = append(keys, tk.Key+":"+string(tk.Status))
	}
	if want := []string{"a:done", "b:failed", "c:pending"}; !reflect.DeepEqual(keys, want) {
		t.Errorf("tasks after re-adding: %v, want %v", keys, want)
	}
	if list[0].Label != "A" || !reflect.DeepEqual(list[1].Deps, []string{"a"}) || list[1].Error != "boom" {
		t.Errorf("re-adding changed stored tasks: %+v", list)
	}
	ms, _ := s.Metrics(ctx, "a")
	if !reflect.DeepEqual(ms, []Metric{{"rows", 100}}) {
		t.Errorf("re-adding lost the result: %v", ms)
	}
	st, _ := s.Study(ctx, "s1")
	if st.Tasks != 3 || st.Done != 1 || st.Failed != 1 || st.Pending != 1 {
		t.Errorf("counts: %+v", st)
	}
	if err := s.AddTasks(ctx, "s1", []Task{{Key: ""}}); err == nil {
		t.Error("AddTasks accepted a task without a key")
	}
}

func TestSharedTask(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	mustDo(t, s.PutStudy(ctx, &Study{ID: "sa", Name: "A", Updated: t0}))
	mustDo(t, s.PutStudy(ctx, &Study{ID: "sb", Name: "B", Updated: t0.Add(time.Minute)}))
	mustDo(t, s.AddTasks(ctx, "sa", []Task{{Key: "x", Label: "x"}, {Key: "shared", Kind: "data", Label: "shared"}}))
	mustDo(t, s.AddTasks(ctx, "sb", []Task{{Key: "z", Label: "z"}, {Key: "shared", Kind: "data", Label: "shared"}}))
	mustDo(t, s.StartTask(ctx, "shared", "w"))
	mustDo(t, s.FinishTask(ctx, "shared", &Result{Metrics: []Metric{{"m", 2.5}}}))

	studies, err := s.Studies(ctx)
	mustDo(t, err)
	if len(studies) != 2 || studies[0].ID != "sb" || studies[1].ID != "sa" {
		t.Fatalf("studies not newest first: %+v", studies)
	}
	for _, st := range studies {
		if st.Tasks != 2 || st.Done != 1 || st.Pending != 1 {
			t.Errorf("study %s counts: %+v", st.ID, st)
		}
	}
	list, _ := s.Tasks(ctx, "sb")
	if len(list) != 2 || list[0].Key != "z" || list[1].Key != "shared" || list[1].Status != Done {
		t.Errorf("tasks of B: %+v", list)
	}
	for _, id := range []string{"sa", "sb"} {
		sm, err := s.StudyMetrics(ctx, id)
		mustDo(t, err)
		if len(sm) != 1 || sm[0] != (TaskMetric{Key: "shared", Kind: "data", Label: "shared", Name: "m", Value: 2.5}) {
			t.Errorf("metrics of %s: %+v", id, sm)
		}
	}
}

func TestStudyRef(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i, st := range []Study{
		{ID: "abcd1111aaaa0000", Name: "alpha"},
		{ID: "abcd2222bbbb0000", Name: "beta"},
		{ID: "ef0123456789ffff", Name: "alpha"}, // newer alpha
		{ID: "0000aaaa", Name: "abcd"},          // a name that is also an ambiguous prefix
		{ID: "1234", Name: "short"},
	} {
		st.Updated = t0.Add(time.Duration(i) * time.Hour)
		mustDo(t, s.PutStudy(ctx, &st))
	}
	cases := []struct {
		ref, want, errWant string
	}{
		{ref: "abcd1111aaaa0000", want: "abcd1111aaaa0000"},
		{ref: "abcd1", want: "abcd1111aaaa0000"},
		{ref: "ABCD2", want: "abcd2222bbbb0000"},
		{ref: "ef01", want: "ef0123456789ffff"},
		{ref: "1234", want: "1234"},
		{ref: "alpha", want: "ef0123456789ffff"},
		{ref: "beta", want: "abcd2222bbbb0000"},
		{ref: "abcd", errWant: `study ID prefix "abcd" is ambiguous: it matches abcd2222bbbb (beta), abcd1111aaaa (alpha)`},
		{ref: "ef0", errWant: `no study "ef0"`}, // too short for a prefix
		{ref: "missing", errWant: `no study "missing"`},
		{ref: "", errWant: "no study given"},
	}
	for _, c := range cases {
		got, err := s.Study(ctx, c.ref)
		switch {
		case c.errWant != "":
			if err == nil || !strings.Contains(err.Error(), c.errWant) {
				t.Errorf("Study(%q): %v, %v; want error containing %q", c.ref, got, err, c.errWant)
			}
			if strings.Contains(c.errWant, "no study") && !errors.Is(err, ErrNotFound) {
				t.Errorf("Study(%q): %v does not wrap ErrNotFound", c.ref, err)
			}
		case err != nil:
			t.Errorf("Study(%q): %v", c.ref, err)
		case got.ID != c.want:
			t.Errorf("Study(%q) = %s, want %s", c.ref, got.ID, c.want)
		}
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.db")
	mustDo(t, os.WriteFile(garbage, randBytes(8192, 3), 0o644))
	text := filepath.Join(dir, "text.db")
	mustDo(t, os.WriteFile(text, []byte(strings.Repeat("this is not a database\n", 300)), 0o644))
	foreign := filepath.Join(dir, "foreign.db")
	raw, err := sql.Open("sqlite", foreign)
	mustDo(t, err)
	_, err = raw.Exec("CREATE TABLE foo (x INTEGER); CREATE TABLE bar (y TEXT)")
	mustDo(t, err)
	raw.Close()
	oldLayout := filepath.Join(dir, "old.db")
	raw, err = sql.Open("sqlite", oldLayout)
	mustDo(t, err)
	_, err = raw.Exec("CREATE TABLE studies (id TEXT); CREATE TABLE tasks (key TEXT); PRAGMA user_version = 1")
	mustDo(t, err)
	raw.Close()
	empty := filepath.Join(dir, "empty.db")
	mustDo(t, os.WriteFile(empty, nil, 0o644))
	newer := filepath.Join(dir, "newer.db")
	s, err := OpenSQLite(newer, nil)
	mustDo(t, err)
	s.Close()
	raw, err = sql.Open("sqlite", newer)
	mustDo(t, err)
	_, err = raw.Exec("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
	mustDo(t, err)
	raw.Close()
	noDir := filepath.Join(dir, "no", "such", "x.db")
	missing := filepath.Join(dir, "missing.db")

	cases := []struct {
		name     string
		path     string
		readOnly bool
		want     string
	}{
		{"random bytes", garbage, false, "store: " + garbage + " is not an emergo results database: file is not a database"},
		{"random bytes read-only", garbage, true, "store: " + garbage + " is not an emergo results database: file is not a database"},
		{"text", text, false, "store: " + text + " is not an emergo results database: file is not a database"},
		{"other tables", foreign, false, "store: " + foreign + " is not an emergo results database: it is a SQLite database with other tables (bar, foo)"},
		{"other tables read-only", foreign, true, "store: " + foreign + " is not an emergo results database: it is a SQLite database with other tables (bar, foo)"},
		{"development layout", oldLayout, true, "store: " + oldLayout + " was written by a development build of emergo with an older layout (no meta table): remove it"},
		{"empty read-only", empty, true, "store: " + empty + " is not an emergo results database: it is an empty SQLite database"},
		{"newer schema", newer, false, "store: results database " + newer + " has schema version 99, newer than this emergo understands (1): upgrade emergo"},
		{"newer schema read-only", newer, true, "schema version 99, newer"},
		{"missing directory", noDir, false, "store: cannot create results database " + noDir + ": directory " + filepath.Dir(noDir) + " does not exist"},
		{"missing file read-only", missing, true, "store: no results database at " + missing},
		{"a directory", dir, false, "store: results database " + dir + " is a directory"},
		{"no path", "", false, "store: no results database path given"},
	}
	for _, c := range cases {
		before, _ := os.ReadFile(c.path)
		s, err := OpenSQLite(c.path, &Options{ReadOnly: c.readOnly, BusyTimeout: 100 * time.Millisecond})
		if err == nil {
			s.Close()
			t.Errorf("%s: opened", c.name)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error\n%s\nwant it to contain\n%s", c.name, err, c.want)
		}
		if after, _ := os.ReadFile(c.path); !bytes.Equal(before, after) {
			t.Errorf("%s: the failed open changed the file", c.name)
		}
	}
	if _, err := os.Stat(missing); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a read-only open created %s", missing)
	}
	if _, err := OpenSQLite(missing, &Options{ReadOnly: true}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v does not wrap fs.ErrNotExist", err)
	}
	for _, p := range []string{filepath.Join(dir, "no"), garbage + "-wal", text + "-wal"} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("a failed open created %s", p)
		}
	}

	// An empty file opened read-write becomes a results database.
	s, err = OpenSQLite(empty, nil)
	mustDo(t, err)
	mustDo(t, s.PutStudy(context.Background(), &Study{ID: "x", Name: "x"}))
	s.Close()
}

func TestOpenUnwritable(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root may write anywhere")
	}
	dir := filepath.Join(t.TempDir(), "ro")
	mustDo(t, os.Mkdir(dir, 0o555))
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	path := filepath.Join(dir, "x.db")
	_, err := OpenSQLite(path, nil)
	if want := "store: cannot create results database " + path + ": directory " + dir + " is not writable"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("unwritable directory: %v, want %q", err, want)
	}
	file := filepath.Join(t.TempDir(), "locked.db")
	s, err := OpenSQLite(file, nil)
	mustDo(t, err)
	s.Close()
	mustDo(t, os.Chmod(file, 0o444))
	_, err = OpenSQLite(file, nil)
	if want := "store: cannot write results database " + file; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("read-only file: %v, want %q", err, want)
	}
	s, err = OpenSQLite(file, &Options{ReadOnly: true})
	mustDo(t, err)
	s.Close()
}

func TestLocked(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "results.db")
	s, err := OpenSQLite(path, &Options{BusyTimeout: 100 * time.Millisecond})
	mustDo(t, err)
	defer s.Close()
	mustDo(t, s.PutStudy(ctx, &Study{ID: "s1", Name: "s"}))
	mustDo(t, s.AddTasks(ctx, "s1", []Task{{Key: "a"}}))

	// Another "process" (its own connection) takes the write lock and
	// keeps it.
	raw, err := sql.Open("sqlite", path)
	mustDo(t, err)
	defer raw.Close()
	conn, err := raw.Conn(ctx)
	mustDo(t, err)
	defer conn.Close()
	_, err = conn.ExecContext(ctx, "BEGIN EXCLUSIVE")
	mustDo(t, err)

	err = s.FinishTask(ctx, "a", &Result{Metrics: []Metric{{"m", 1}}})
	if err == nil || !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "results database "+path+" is locked by another process") {
		t.Errorf("write under another process's lock: %v", err)
	}
	// Readers are not blocked (WAL), and a second store opens.
	if tk, err := s.Task(ctx, "a"); err != nil || tk.Status != Pending {
		t.Errorf("read under the lock: %v, %v", tk, err)
	}
	s2, err := OpenSQLite(path, &Options{BusyTimeout: 100 * time.Millisecond})
	mustDo(t, err)
	if err := s2.StartTask(ctx, "a", "w"); !errors.Is(err, ErrLocked) {
		t.Errorf("second store's write under the lock: %v", err)
	}
	s2.Close()

	_, err = conn.ExecContext(ctx, "ROLLBACK")
	mustDo(t, err)
	mustDo(t, s.FinishTask(ctx, "a", &Result{Metrics: []Metric{{"m", 1}}}))
}

// TestConcurrent finishes tasks from 8 goroutines while another store on
// the same file (as the dashboard would) reads.
func TestConcurrent(t *testing.T) {
	ctx := context.Background()
	s, path := open(t)
	const workers, per = 8, 25
	mustDo(t, s.PutStudy(ctx, &Study{ID: "s1", Name: "s"}))
	var tasks []Task
	for i := range workers * per {
		tasks = append(tasks, Task{Key: fmt.Sprintf("t%03d", i), Kind: "train", Label: fmt.Sprint(i)})
	}
	mustDo(t, s.AddTasks(ctx, "s1", tasks))
	reader, err := OpenSQLite(path, &Options{ReadOnly: true})
	mustDo(t, err)
	defer reader.Close()

	stop := make(chan struct{})
	readErr := make(chan error, 1)
	go func() {
		last := 0
		for {
			select {
			case <-stop:
				readErr <- nil
				return
			default:
			}
			st, err := reader.Study(ctx, "s1")
			if err != nil {
				readErr <- err
				return
			}
			if st.Done < last || st.Tasks != workers*per {
				readErr <- fmt.Errorf("reader saw %d of %d tasks done after %d", st.Done, st.Tasks, last)
				return
			}
			last = st.Done
		}
	}()
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w * per; i < (w+1)*per; i++ {
				key := tasks[i].Key
				if err := s.StartTask(ctx, key, fmt.Sprint("w", w)); err != nil {
					errs <- err
					return
				}
				r := &Result{Metrics: []Metric{{"i", float64(i)}, {"w", float64(w)}},
					Artifacts: []Artifact{{Name: "blob", MIME: "application/octet-stream", Data: randBytes(1000+i, uint64(i))}}}
				if err := s.FinishTask(ctx, key, r); err != nil {
					errs <- err
					return
				}
				if _, err := s.Metrics(ctx, key); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if err := <-readErr; err != nil {
		t.Error(err)
	}
	st, err := reader.Study(ctx, "s1")
	mustDo(t, err)
	if st.Done != workers*per {
		t.Errorf("%d tasks done, want %d", st.Done, workers*per)
	}
	for i, tk := range tasks {
		ms, err := reader.Metrics(ctx, tk.Key)
		mustDo(t, err)
		a, err := reader.Artifact(ctx, tk.Key, "blob")
		mustDo(t, err)
		if len(ms) != 2 || ms[0].Value != float64(i) || ms[1].Value != float64(i/per) || !bytes.Equal(a.Data, randBytes(1000+i, uint64(i))) {
			t.Errorf("task %s: metrics %v, %d bytes", tk.Key, ms, len(a.Data))
		}
	}
}

// BenchmarkFinishTask stores a result of 10 metrics and one 100 kB
// artifact.
func BenchmarkFinishTask(b *testing.B) {
	ctx := context.Background()
	s, _ := open(b)
	mustDo(b, s.PutStudy(ctx, &Study{ID: "s1", Name: "s"}))
	const keys = 100
	var tasks []Task
	for i := range keys {
		tasks = append(tasks, Task{Key: fmt.Sprint("t", i)})
	}
	mustDo(b, s.AddTasks(ctx, "s1", tasks))
	r := &Result{Artifacts: []Artifact{{Name: "series.f64", MIME: "application/octet-stream", Data: randBytes(100_000, 1)}}, Seconds: 1}
	for i := range 10 {
		r.Metrics = append(r.Metrics, Metric{Name: fmt.Sprint("metric", i), Value: float64(i) / 3})
	}
	b.ReportAllocs()
	b.SetBytes(100_000)
	i := 0
	for b.Loop() {
		mustDo(b, s.FinishTask(ctx, tasks[i%keys].Key, r))
		i++
	}
}
