package study

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/emergo/emergo/store"
)

// memStore is an in-memory store.Store for tests, with optional fault
// injection.
type memStore struct {
	mu        sync.Mutex
	studies   map[string]*store.Study
	tasks     map[string]*store.Task
	order     map[string][]string
	metrics   map[string][]store.Metric
	artifacts map[string]map[string]store.Artifact
	// failFinish makes FinishTask of tasks whose label contains it fail.
	failFinish string
	finished   []string
}

func newMemStore() *memStore {
	return &memStore{studies: map[string]*store.Study{}, tasks: map[string]*store.Task{}, order: map[string][]string{},
		metrics: map[string][]store.Metric{}, artifacts: map[string]map[string]store.Artifact{}}
}

func (m *memStore) Close() error { return nil }

func (m *memStore) Studies(ctx context.Context) ([]store.Study, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []store.Study
	for _, s := range m.studies {
		out = append(out, *s)
	}
	return out, nil
}

func (m *memStore) Study(ctx context.Context, ref string) (*store.Study, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, s := range m.studies {
		if s.ID == ref || s.Name == ref || strings.HasPrefix(s.ID, ref) {
			c := *s
			return &c, nil
		}
	}
	return nil, fmt.Errorf("study %q: %w", ref, store.ErrNotFound)
}

func (m *memStore) Tasks(ctx context.Context, id string) ([]store.Task, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []store.Task
	for _, k := range m.order[id] {
		out = append(out, *m.tasks[k])
	}
	return out, nil
}

func (m *memStore) Task(ctx context.Context, key string) (*store.Task, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.tasks[key]
	if !ok {
		return nil, fmt.Errorf("task %s: %w", key, store.ErrNotFound)
	}
	c := *t
	return &c, nil
}

func (m *memStore) Metrics(ctx context.Context, key string) ([]store.Metric, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.metrics[key]), nil
}

func (m *memStore) StudyMetrics(ctx context.Context, id string) ([]store.TaskMetric, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []store.TaskMetric
	for _, k := range m.order[id] {
		t := m.tasks[k]
		for _, mt := range m.metrics[k] {
			out = append(out, store.TaskMetric{Key: k, Kind: t.Kind, Label: t.Label, Name: mt.Name, Value: mt.Value})
		}
	}
	return out, nil
}

func (m *memStore) Artifacts(ctx context.Context, key string) ([]store.ArtifactInfo, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []store.ArtifactInfo
	for _, a := range m.artifacts[key] {
		out = append(out, store.ArtifactInfo{Name: a.Name, MIME: a.MIME, Size: int64(len(a.Data))})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

func (m *memStore) Artifact(ctx context.Context, key, name string) (*store.Artifact, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	a, ok := m.artifacts[key][name]
	if !ok {
		return nil, fmt.Errorf("artifact %s of %s: %w", name, key, store.ErrNotFound)
	}
	return &a, nil
}

func (m *memStore) PutStudy(ctx context.Context, s *store.Study) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	c := *s
	m.studies[s.ID] = &c
	return nil
}

func (m *memStore) AddTasks(ctx context.Context, id string, tasks []store.Task) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, t := range tasks {
		if _, ok := m.tasks[t.Key]; !ok {
			c := t
			c.Status = store.Pending
			m.tasks[t.Key] = &c
		}
		if !slices.Contains(m.order[id], t.Key) {
			m.order[id] = append(m.order[id], t.Key)
		}
	}
	return nil
}

func (m *memStore) StartTask(ctx context.Context, key, worker string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	t := m.tasks[key]
	t.Status, t.Worker, t.Started = store.Running, worker, time.Now()
	t.Attempts++
	return nil
}

func (m *memStore) FinishTask(ctx context.Context, key string, r *store.Result) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	t := m.tasks[key]
	if m.failFinish != "" && strings.Contains(t.Label, m.failFinish) {
		return fmt.Errorf("injected store failure")
	}
	t.Status, t.Error, t.Seconds, t.Version, t.Finished = store.Done, "", r.Seconds, r.Version, time.Now()
	m.metrics[key] = slices.Clone(r.Metrics)
	m.artifacts[key] = map[string]store.Artifact{}
	for _, a := range r.Artifacts {
		m.artifacts[key][a.Name] = a
	}
	m.finished = append(m.finished, key)
	return nil
}

func (m *memStore) FailTask(ctx context.Context, key, msg string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	t := m.tasks[key]
	t.Status, t.Error, t.Finished = store.Failed, msg, time.Now()
	return nil
}
