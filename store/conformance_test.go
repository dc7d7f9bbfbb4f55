package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

// conformance runs the Store contract's tests on the stores that open
// returns: each call gives a new, empty store, and open2 (when not nil)
// a second handle on the same database as the last store open returned
// (another process's view).
type conformance struct {
	open  func(t *testing.T) Store
	open2 func(t *testing.T) Store
}

func (c conformance) run(t *testing.T) {
	t.Run("RoundTrip", c.roundTrip)
	t.Run("Lifecycle", c.lifecycle)
	t.Run("NotFound", c.notFound)
	t.Run("AddTasksIdempotent", c.addTasksIdempotent)
	t.Run("SharedTask", c.sharedTask)
	t.Run("StudyRef", c.studyRef)
	t.Run("Concurrent", c.concurrent)
}

// TestConformanceSQLite checks the suite itself on the reference
// implementation.
func TestConformanceSQLite(t *testing.T) {
	var last string
	conformance{
		open: func(t *testing.T) Store {
			s, path := open(t)
			last = path
			return s
		},
		open2: func(t *testing.T) Store {
			s, err := OpenSQLite(last, nil)
			mustDo(t, err)
			t.Cleanup(func() { s.Close() })
			return s
		},
	}.run(t)
}

func (c conformance) roundTrip(t *testing.T) {
	ctx := context.Background()
	s := c.open(t)
	paris := time.FixedZone("CEST", 2*3600)
	created := time.Date(2025, 6, 1, 12, 30, 45, 123456789, paris)
	updated := time.Date(2025, 6, 2, 8, 0, 0, 1, time.UTC)
	st := &Study{ID: "a1b2c3d4e5f60718", Name: "tiny ✓", Spec: "name: tiny\nsystems: [Lorenz]\n", Version: "v0.1.0",
		Created: created, Updated: updated}
	mustDo(t, s.PutStudy(ctx, st))
	got, err := s.Study(ctx, st.ID)
	mustDo(t, err)
	if got.ID != st.ID || got.Name != st.Name || got.Spec != st.Spec || got.Version != st.Version ||
		!got.Created.Equal(created) || !got.Updated.Equal(updated) || got.Tasks != 0 {
		t.Errorf("study round trip:\n got %+v\nwant %+v", got, st)
	}
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
	if one, err := s.Task(ctx, "k3"); err != nil || !reflect.DeepEqual(one.Deps, []string{"k2", "k1"}) {
		t.Errorf("Task(k3): %+v, %v; want deps [k2 k1]", one, err)
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
		{"Upper", 1},  // byte order puts it before every lower-case name
		{"a_b", 2},    // and "_" after the capitals
		{"λ_max", 3},  // non-ASCII after ASCII
		{"a.b", 4},    // "." before "_"
		{"zz/x", 1.5}, // "/" before letters
	}
	big := randBytes(3<<20, 1)
	arts := []Artifact{
		{Name: "series.f64", MIME: "application/octet-stream", Data: big},
		{Name: "empty", MIME: "text/plain", Data: nil},
		{Name: "doc.json", MIME: "application/json", Data: []byte(`{"a":1}`)},
		{Name: "checkpoint/model.safetensors", MIME: "application/octet-stream", Data: []byte{0, 1, 2, 0, 255}},
		{Name: "Z", MIME: "text/plain", Data: []byte("z")},
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
				t.Errorf("metrics not sorted by name (bytes): %q before %q", ms[i-1].Name, ms[i].Name)
			}
		}
		byName := map[string]float64{}
		for _, m := range ms {
			byName[m.Name] = m.Value
		}
		for _, w := range metrics {
			v, ok := byName[w.Name]
			if !ok || !(sameFloat(v, w.Value) || (w.Value == 0 && v == 0)) {
				t.Errorf("metric %s = %v (present %v), want %v", w.Name, v, ok, w.Value)
			}
		}
		infos, err := r.Artifacts(ctx, "k1")
		mustDo(t, err)
		wantInfos := []ArtifactInfo{
			{"Z", "text/plain", 1},
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
	if c.open2 != nil {
		check(t, c.open2(t))
	}
}

func (c conformance) lifecycle(t *testing.T) {
	ctx := context.Background()
	s := c.open(t)
	mustDo(t, s.PutStudy(ctx, &Study{ID: "s1", Name: "s"}))
	mustDo(t, s.AddTasks(ctx, "s1", []Task{{Key: "a", Kind: "data", Label: "a"}}))
	mustDo(t, s.StartTask(ctx, "a", "w1"))
	mustDo(t, s.FinishTask(ctx, "a", &Result{Metrics: []Metric{{"x", 1}, {"y", 2}}, Artifacts: []Artifact{{Name: "old", MIME: "text/plain", Data: []byte("old")}}}))
	mustDo(t, s.FinishTask(ctx, "a", &Result{Metrics: []Metric{{"z", 3}}, Seconds: 2}))
	ms, _ := s.Metrics(ctx, "a")
	arts, _ := s.Artifacts(ctx, "a")
	if !reflect.DeepEqual(ms, []Metric{{"z", 3}}) || len(arts) != 0 {
		t.Errorf("after a second FinishTask: metrics %v, artifacts %v; want only z=3", ms, arts)
	}
	mustDo(t, s.StartTask(ctx, "a", "w2"))
	mustDo(t, s.FailTask(ctx, "a", "diverged at t=3.5"))
	tk, _ := s.Task(ctx, "a")
	ms, _ = s.Metrics(ctx, "a")
	if tk.Status != Failed || tk.Error != "diverged at t=3.5" || tk.Attempts != 2 || tk.Worker != "w2" || tk.Finished.IsZero() || len(ms) != 0 {
		t.Errorf("failed task: %+v, metrics %v", tk, ms)
	}
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
	for _, b := range bad {
		if err := s.FinishTask(ctx, "a", b.r); err == nil || !strings.Contains(err.Error(), "task a") {
			t.Errorf("%s: error %v, want one naming task a", b.name, err)
		}
	}
	tk, _ = s.Task(ctx, "a")
	if tk.Status != Running {
		t.Errorf("a rejected result changed the task: %+v", tk)
	}
}

func (c conformance) notFound(t *testing.T) {
	ctx := context.Background()
	s := c.open(t)
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
	for _, k := range cases {
		if !errors.Is(k.err, ErrNotFound) || !strings.Contains(fmt.Sprint(k.err), k.want) || !strings.HasPrefix(fmt.Sprint(k.err), "store: ") {
			t.Errorf("%s: error %v, want \"store: ...\" naming %q and wrapping ErrNotFound", k.name, k.err, k.want)
		}
	}
	if _, err := s.Task(ctx, "b"); !errors.Is(err, ErrNotFound) {
		t.Errorf("AddTasks to a missing study stored its task: %v", err)
	}
}

func (c conformance) addTasksIdempotent(t *testing.T) {
	ctx := context.Background()
	s := c.open(t)
	mustDo(t, s.PutStudy(ctx, &Study{ID: "s1", Name: "s"}))
	tasks := []Task{{Key: "a", Kind: "data", Label: "A"}, {Key: "b", Kind: "train", Label: "B", Deps: []string{"a"}}}
	mustDo(t, s.AddTasks(ctx, "s1", tasks))
	mustDo(t, s.StartTask(ctx, "a", "w"))
	mustDo(t, s.FinishTask(ctx, "a", &Result{Metrics: []Metric{{"rows", 100}}, Artifacts: []Artifact{{Name: "x", MIME: "text/plain", Data: []byte("x")}}}))
	mustDo(t, s.StartTask(ctx, "b", "w"))
	mustDo(t, s.FailTask(ctx, "b", "boom"))
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

func (c conformance) sharedTask(t *testing.T) {
	ctx := context.Background()
	s := c.open(t)
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

func (c conformance) studyRef(t *testing.T) {
	ctx := context.Background()
	s := c.open(t)
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i, st := range []Study{
		{ID: "abcd1111aaaa0000", Name: "alpha"},
		{ID: "abcd2222bbbb0000", Name: "beta"},
		{ID: "ef0123456789ffff", Name: "alpha"},
		{ID: "0000aaaa", Name: "abcd"},
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
		{ref: "ef0", errWant: `no study "ef0"`},
		{ref: "missing", errWant: `no study "missing"`},
		{ref: "", errWant: "no study given"},
	}
	for _, k := range cases {
		got, err := s.Study(ctx, k.ref)
		switch {
		case k.errWant != "":
			if err == nil || !strings.Contains(err.Error(), k.errWant) {
				t.Errorf("Study(%q): %v, %v; want error containing %q", k.ref, got, err, k.errWant)
			}
			if strings.Contains(k.errWant, "no study") && !errors.Is(err, ErrNotFound) {
				t.Errorf("Study(%q): %v does not wrap ErrNotFound", k.ref, err)
			}
		case err != nil:
			t.Errorf("Study(%q): %v", k.ref, err)
		case got.ID != k.want:
			t.Errorf("Study(%q) = %s, want %s", k.ref, got.ID, k.want)
		}
	}
}

// concurrent adds the same tasks and finishes them from 8 goroutines on
// two handles (two processes), each task finished twice with the same
// result (as two workers running the same array index would), while a
// reader checks that the done count never goes down.
func (c conformance) concurrent(t *testing.T) {
	ctx := context.Background()
	stores := []Store{c.open(t)}
	if c.open2 != nil {
		stores = append(stores, c.open2(t))
	}
	const workers, tasks = 8, 120
	var all []Task
	for i := range tasks {
		all = append(all, Task{Key: fmt.Sprintf("t%03d", i), Kind: "train", Label: fmt.Sprint(i)})
	}
	result := func(i int) *Result {
		return &Result{Metrics: []Metric{{"i", float64(i)}, {"nan", math.NaN()}},
			Artifacts: []Artifact{{Name: "blob", MIME: "application/octet-stream", Data: randBytes(1000+i, uint64(i))}}}
	}
	stop := make(chan struct{})
	readErr := make(chan error, 1)
	mustDo(t, stores[0].PutStudy(ctx, &Study{ID: "s1", Name: "s"}))
	go func() {
		r := stores[len(stores)-1]
		for {
			select {
			case <-stop:
				readErr <- nil
				return
			default:
			}
			st, err := r.Study(ctx, "s1")
			if err != nil {
				readErr <- err
				return
			}
			// Each task is finished twice: a second StartTask makes a done
			// task running again, so the count may go down, but the
			// reader always sees a consistent snapshot.
			if st.Done+st.Running+st.Pending != st.Tasks || st.Tasks > tasks || st.Failed != 0 {
				readErr <- fmt.Errorf("reader saw inconsistent counts %+v", st)
				return
			}
		}
	}()
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := stores[w%len(stores)]
			// Every worker records the study's tasks first, as every
			// array task does.
			if err := s.PutStudy(ctx, &Study{ID: "s1", Name: "s"}); err != nil {
				errs <- err
				return
			}
			if err := s.AddTasks(ctx, "s1", all); err != nil {
				errs <- err
				return
			}
			for k := range 2 * tasks / workers {
				i := (w*tasks/workers + k) % tasks
				key := all[i].Key
				if err := s.StartTask(ctx, key, fmt.Sprint("w", w)); err != nil {
					errs <- err
					return
				}
				if err := s.FinishTask(ctx, key, result(i)); err != nil {
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
	r := stores[0]
	st, err := r.Study(ctx, "s1")
	mustDo(t, err)
	if st.Done != tasks || st.Tasks != tasks {
		t.Errorf("%d of %d tasks done, want %d of %d", st.Done, st.Tasks, tasks, tasks)
	}
	list, err := r.Tasks(ctx, "s1")
	mustDo(t, err)
	for i, tk := range list {
		if tk.Key != all[i].Key || tk.Attempts != 2 {
			t.Errorf("task %d: %s with %d attempts, want %s with 2", i, tk.Key, tk.Attempts, all[i].Key)
		}
	}
	sm, err := r.StudyMetrics(ctx, "s1")
	mustDo(t, err)
	if len(sm) != 2*tasks {
		t.Errorf("%d metrics, want %d (no duplicates)", len(sm), 2*tasks)
	}
	for i, tk := range all {
		ms, err := r.Metrics(ctx, tk.Key)
		mustDo(t, err)
		a, err := r.Artifact(ctx, tk.Key, "blob")
		mustDo(t, err)
		if len(ms) != 2 || ms[0].Value != float64(i) || !math.IsNaN(ms[1].Value) || !bytes.Equal(a.Data, randBytes(1000+i, uint64(i))) {
			t.Errorf("task %s: metrics %v, %d bytes", tk.Key, ms, len(a.Data))
		}
	}
}
