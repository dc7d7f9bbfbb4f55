package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/emergo/emergo/store"
)

// fakeStore is an in-memory store.Reader with the SQLite store's
// lookup rules and not-found errors. It is safe for concurrent use, so a
// test may change a task while the server reads.
type fakeStore struct {
	mu         sync.Mutex
	studies    []store.Study // newest first
	studyTasks map[string][]string
	tasks      map[string]store.Task
	metrics    map[string][]store.Metric
	artifacts  map[string][]store.Artifact
	// err, when set, makes every call fail with it.
	err error
}

var _ store.Reader = (*fakeStore)(nil)

func newFakeStore() *fakeStore {
	return &fakeStore{
		studyTasks: map[string][]string{},
		tasks:      map[string]store.Task{},
		metrics:    map[string][]store.Metric{},
		artifacts:  map[string][]store.Artifact{},
	}
}

// addStudy stores a study (its counts are computed) with its tasks;
// a task already stored under the same key is shared.
func (f *fakeStore) addStudy(st store.Study, tasks ...store.Task) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, t := range tasks {
		if _, ok := f.tasks[t.Key]; !ok {
			f.tasks[t.Key] = t
		}
		f.studyTasks[st.ID] = append(f.studyTasks[st.ID], t.Key)
	}
	f.studies = append(f.studies, st)
	slices.SortStableFunc(f.studies, func(a, b store.Study) int { return b.Updated.Compare(a.Updated) })
}

// setResult stores a task's metrics and artifacts.
func (f *fakeStore) setResult(key string, ms []store.Metric, as []store.Artifact) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.metrics[key] = ms
	f.artifacts[key] = as
}

// setStatus changes a task's status as a runner would.
func (f *fakeStore) setStatus(key string, s store.Status, finished time.Time, seconds float64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	t := f.tasks[key]
	t.Status, t.Finished, t.Seconds = s, finished, seconds
	f.tasks[key] = t
}

func (f *fakeStore) setErr(err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.err = err
}

// counted returns st with its task counts.
func (f *fakeStore) counted(st store.Study) store.Study {
	st.Tasks, st.Pending, st.Running, st.Done, st.Failed = 0, 0, 0, 0, 0
	for _, k := range f.studyTasks[st.ID] {
		st.Tasks++
		switch f.tasks[k].Status {
		case store.Pending:
			st.Pending++
		case store.Running:
			st.Running++
		case store.Done:
			st.Done++
		case store.Failed:
			st.Failed++
		}
	}
	return st
}

func (f *fakeStore) Studies(ctx context.Context) ([]store.Study, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return nil, f.err
	}
	out := []store.Study{}
	for _, st := range f.studies {
		out = append(out, f.counted(st))
	}
	return out, nil
}

func (f *fakeStore) Study(ctx context.Context, ref string) (*store.Study, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return nil, f.err
	}
	var prefix []store.Study
	for _, st := range f.studies {
		if st.ID == ref {
			c := f.counted(st)
			return &c, nil
		}
		if len(ref) >= 4 && strings.HasPrefix(st.ID, ref) {
			prefix = append(prefix, st)
		}
	}
	if len(prefix) == 1 {
		c := f.counted(prefix[0])
		return &c, nil
	}
	for _, st := range f.studies { // newest first
		if st.Name == ref {
			c := f.counted(st)
			return &c, nil
		}
	}
	return nil, fmt.Errorf("store: no study %q (by ID, ID prefix or name): %w", ref, store.ErrNotFound)
}

func (f *fakeStore) Tasks(ctx context.Context, studyID string) ([]store.Task, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return nil, f.err
	}
	keys, ok := f.studyTasks[studyID]
	if !ok {
		return nil, fmt.Errorf("store: study %q: %w", studyID, store.ErrNotFound)
	}
	out := []store.Task{}
	for _, k := range keys {
		out = append(out, f.tasks[k])
	}
	return out, nil
}

func (f *fakeStore) Task(ctx context.Context, key string) (*store.Task, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return nil, f.err
	}
	t, ok := f.tasks[key]
	if !ok {
		return nil, fmt.Errorf("store: task %s: %w", key, store.ErrNotFound)
	}
	return &t, nil
}

func (f *fakeStore) Metrics(ctx context.Context, key string) ([]store.Metric, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return nil, f.err
	}
	if _, ok := f.tasks[key]; !ok {
		return nil, fmt.Errorf("store: task %s: %w", key, store.ErrNotFound)
	}
	return slices.Clone(f.metrics[key]), nil
}

func (f *fakeStore) StudyMetrics(ctx context.Context, studyID string) ([]store.TaskMetric, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return nil, f.err
	}
	keys, ok := f.studyTasks[studyID]
	if !ok {
		return nil, fmt.Errorf("store: study %q: %w", studyID, store.ErrNotFound)
	}
	out := []store.TaskMetric{}
	for _, k := range keys {
		t := f.tasks[k]
		if t.Status != store.Done {
			continue
		}
		for _, m := range f.metrics[k] {
			out = append(out, store.TaskMetric{Key: k, Kind: t.Kind, Label: t.Label, Name: m.Name, Value: m.Value})
		}
	}
	return out, nil
}

func (f *fakeStore) Artifacts(ctx context.Context, key string) ([]store.ArtifactInfo, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return nil, f.err
	}
	if _, ok := f.tasks[key]; !ok {
		return nil, fmt.Errorf("store: task %s: %w", key, store.ErrNotFound)
	}
	out := []store.ArtifactInfo{}
	for _, a := range f.artifacts[key] {
		out = append(out, store.ArtifactInfo{Name: a.Name, MIME: a.MIME, Size: int64(len(a.Data))})
	}
	return out, nil
}

func (f *fakeStore) Artifact(ctx context.Context, key, name string) (*store.Artifact, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return nil, f.err
	}
	for _, a := range f.artifacts[key] {
		if a.Name == name {
			return &a, nil
		}
	}
	return nil, fmt.Errorf("store: artifact %q of task %s: %w", name, key, store.ErrNotFound)
}

// hashKey is a task key or study ID as the store makes them: the hex
// SHA-256 of a spec.
func hashKey(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// The fixture: study "lorenz-scaling" with ten tasks (eight done, one
// failed, one running) and the older study "quick-check" sharing its data
// task.
var (
	fixtureTime  = time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
	scalingID    = hashKey("study lorenz-scaling")
	quickID      = hashKey("study quick-check")
	dataKey      = hashKey("data Lorenz")
	systemKey    = hashKey("system Lorenz")
	failedKey    = hashKey("train esn seed 1")
	runningKey   = hashKey("train lstm seed 1")
	failedError  = "train esn on Lorenz, seed 1: diverged at step 412: state [NaN NaN NaN]\nhint: lower the spectral radius"
	spectrumSVG  = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100" width="400" height="200"><rect width="200" height="100" fill="#fff"/><polyline points="10,90 50,40 90,60 130,20 190,30" fill="none" stroke="#1971c2" stroke-width="2"/><text x="100" y="12" text-anchor="middle" font-size="9">Lyapunov spectrum</text></svg>`
	checkpointNm = "checkpoint/model.safetensors"
)

func fixtureTask(key, kind, label string, status store.Status, i int) store.Task {
	t := store.Task{
		Key: key, Kind: kind, Label: label, Status: status,
		Spec:    fmt.Sprintf(`{"kind":%q,"label":%q,"seed":%d,"system":{"name":"Lorenz","params":{"sigma":10,"rho":28,"beta":2.6666666666666665}}}`, kind, label, i),
		Version: "v0.1.0-dev",
	}
	if status != store.Pending {
		t.Attempts = 1
		t.Worker = "bench-host/4242"
		t.Started = fixtureTime.Add(time.Duration(i) * time.Minute)
	}
	if status == store.Done || status == store.Failed {
		t.Finished = t.Started.Add(time.Duration(10+i) * time.Second)
		t.Seconds = float64(10+i) + 0.25
	}
	if kind != "data" {
		t.Deps = []string{dataKey}
	}
	return t
}

// newFixture builds the fixture store.
func newFixture() *fakeStore {
	f := newFakeStore()
	train := func(model string, seed int, st store.Status, i int) store.Task {
		key := hashKey(fmt.Sprintf("train %s seed %d", model, seed))
		return fixtureTask(key, "train", fmt.Sprintf("train %s on Lorenz, seed %d", model, seed), st, i)
	}
	tasks := []store.Task{
		fixtureTask(dataKey, "data", "data Lorenz (8000 steps)", store.Done, 0),
		fixtureTask(systemKey, "system", "system Lorenz: Lyapunov spectrum", store.Done, 1),
		train("gru", 1, store.Done, 2),
		train("gru", 2, store.Done, 3),
		train("gru", 3, store.Done, 4),
		train("gru", 4, store.Done, 5),
		train("esn", 1, store.Failed, 6),
		train("lstm", 1, store.Running, 7),
		train("ridge", 1, store.Done, 8),
		fixtureTask(hashKey("homogenization Lorenz"), "homogenization", "homogenization on Lorenz", store.Done, 9),
	}
	tasks[6].Error = failedError
	f.addStudy(store.Study{
		ID: scalingID, Name: "lorenz-scaling", Spec: "name: lorenz-scaling\nsystems: [Lorenz]\nmodels: [gru, esn, lstm, ridge]\nseeds: 4\n",
		Version: "v0.1.0-dev", Created: fixtureTime, Updated: fixtureTime.Add(time.Hour),
	}, tasks...)
	f.addStudy(store.Study{
		ID: quickID, Name: "quick-check", Spec: "name: quick-check\n", Version: "v0.1.0-dev",
		Created: fixtureTime.Add(-48 * time.Hour), Updated: fixtureTime.Add(-47 * time.Hour),
	}, tasks[0], fixtureTask(hashKey("quick persistence"), "train", "persistence on Lorenz", store.Done, 1))

	f.setResult(dataKey, []store.Metric{{Name: "rows", Value: 8000}}, []store.Artifact{
		{Name: "series.f64", MIME: "application/octet-stream", Data: []byte{1, 2, 3, 4, 5, 6, 7, 8}},
	})
	f.setResult(systemKey, []store.Metric{
		{Name: "dimension_error", Value: math.NaN()},
		{Name: "kaplan_yorke", Value: 2.062},
		{Name: "lambda1", Value: 0.9056},
		{Name: "ratio", Value: math.Inf(1)},
	}, []store.Artifact{
		{Name: checkpointNm, MIME: "application/octet-stream", Data: []byte("not really a model")},
		{Name: "result.json", MIME: "application/json", Data: []byte(`{"lambda1":0.9056}`)},
		{Name: "spectrum.svg", MIME: "image/svg+xml", Data: []byte(spectrumSVG)},
	})
	return f
}
