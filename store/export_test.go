package store

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
)

// exportFixture stores a study of four tasks: done with metrics (NaN and
// ±Inf among them) and an artifact, done without metrics, failed, and
// pending.
func exportFixture(t *testing.T) *SQLite {
	t.Helper()
	ctx := context.Background()
	s, _ := open(t)
	t0 := time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)
	mustDo(t, s.PutStudy(ctx, &Study{ID: "5eed00aa", Name: "demo", Spec: "name: demo\n", Version: "v1", Created: t0, Updated: t0}))
	mustDo(t, s.AddTasks(ctx, "5eed00aa", []Task{
		{Key: "k1", Kind: "data", Label: "data Lorenz", Spec: `{"system":"Lorenz","n":100}`},
		{Key: "k2", Kind: "train", Label: `train "gru", seed 1`, Spec: `{"model":"gru"}`, Deps: []string{"k1"}},
		{Key: "k3", Kind: "train", Label: "train esn", Spec: `{"model":"esn"}`, Deps: []string{"k1"}},
		{Key: "k4", Kind: "homogenization", Label: "homogenization", Spec: `not json`, Deps: []string{"k2", "k3"}},
	}))
	mustDo(t, s.StartTask(ctx, "k1", "w"))
	mustDo(t, s.FinishTask(ctx, "k1", &Result{Metrics: []Metric{{"rows", 100}, {"nan", math.NaN()}, {"inf", math.Inf(1)}, {"ninf", math.Inf(-1)}, {"third", 1.0 / 3}},
		Artifacts: []Artifact{{Name: "series.f64", MIME: "application/octet-stream", Data: make([]byte, 800)}}, Seconds: 0.25}))
	mustDo(t, s.StartTask(ctx, "k2", "w"))
	mustDo(t, s.FinishTask(ctx, "k2", &Result{Seconds: 2}))
	mustDo(t, s.StartTask(ctx, "k3", "w"))
	mustDo(t, s.FailTask(ctx, "k3", "diverged,\nat t=3"))
	return s
}

func TestExportCSV(t *testing.T) {
	s := exportFixture(t)
	var b bytes.Buffer
	mustDo(t, Export(context.Background(), s, "demo", "csv", &b))
	recs, err := csv.NewReader(strings.NewReader(b.String())).ReadAll()
	mustDo(t, err)
	want := [][]string{
		{"study", "task", "kind", "label", "status", "metric", "value"},
		{"5eed00aa", "k1", "data", "data Lorenz", "done", "inf", "+Inf"},
		{"5eed00aa", "k1", "data", "data Lorenz", "done", "nan", "NaN"},
		{"5eed00aa", "k1", "data", "data Lorenz", "done", "ninf", "-Inf"},
		{"5eed00aa", "k1", "data", "data Lorenz", "done", "rows", "100"},
		{"5eed00aa", "k1", "data", "data Lorenz", "done", "third", "0.3333333333333333"},
		{"5eed00aa", "k2", "train", `train "gru", seed 1`, "done", "", ""},
		{"5eed00aa", "k3", "train", "train esn", "failed", "", ""},
		{"5eed00aa", "k4", "homogenization", "homogenization", "pending", "", ""},
	}
	if !reflect.DeepEqual(recs, want) {
		t.Errorf("CSV export:\n%s", b.String())
	}
	// RFC 4180 quoting of the label with a quote and a comma.
	if !strings.Contains(b.String(), `"train ""gru"", seed 1"`) {
		t.Errorf("label not quoted per RFC 4180:\n%s", b.String())
	}
}

func TestExportJSON(t *testing.T) {
	s := exportFixture(t)
	var b bytes.Buffer
	mustDo(t, Export(context.Background(), s, "5eed", "json", &b))
	var got struct {
		Study Study `json:"study"`
		Tasks []struct {
			Key       string          `json:"key"`
			Kind      string          `json:"kind"`
			Label     string          `json:"label"`
			Status    Status          `json:"status"`
			Error     string          `json:"error"`
			Spec      json.RawMessage `json:"spec"`
			Deps      []string        `json:"deps"`
			Seconds   float64         `json:"seconds"`
			Finished  *time.Time      `json:"finished"`
			Metrics   map[string]any  `json:"metrics"`
			Artifacts []ArtifactInfo  `json:"artifacts"`
		} `json:"tasks"`
	}
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, b.String())
	}
	if got.Study.ID != "5eed00aa" || got.Study.Name != "demo" || got.Study.Tasks != 4 || got.Study.Done != 2 || got.Study.Failed != 1 || got.Study.Spec != "name: demo\n" {
		t.Errorf("study: %+v", got.Study)
	}
	if len(got.Tasks) != 4 {
		t.Fatalf("%d tasks, want 4", len(got.Tasks))
	}
	k1, k2, k3, k4 := got.Tasks[0], got.Tasks[1], got.Tasks[2], got.Tasks[3]
	wantMetrics := map[string]any{"rows": 100.0, "nan": nil, "inf": "+Inf", "ninf": "-Inf", "third": 1.0 / 3}
	if k1.Key != "k1" || k1.Status != Done || !reflect.DeepEqual(k1.Metrics, wantMetrics) || k1.Seconds != 0.25 || k1.Finished == nil ||
		!reflect.DeepEqual(k1.Artifacts, []ArtifactInfo{{"series.f64", "application/octet-stream", 800}}) || len(k1.Deps) != 0 {
		t.Errorf("task k1: %+v", k1)
	}
	var spec map[string]any
	if err := json.Unmarshal(k1.Spec, &spec); err != nil || spec["system"] != "Lorenz" || spec["n"] != 100.0 {
		t.Errorf("k1 spec not a parsed object: %s", k1.Spec)
	}
	if k2.Status != Done || len(k2.Metrics) != 0 || !reflect.DeepEqual(k2.Deps, []string{"k1"}) || k2.Label != `train "gru", seed 1` {
		t.Errorf("task k2: %+v", k2)
	}
	if k3.Status != Failed || k3.Error != "diverged,\nat t=3" {
		t.Errorf("task k3: %+v", k3)
	}
	if k4.Status != Pending || string(k4.Spec) != `"not json"` || !reflect.DeepEqual(k4.Deps, []string{"k2", "k3"}) || k4.Finished != nil {
		t.Errorf("task k4: %+v (spec %s)", k4, k4.Spec)
	}
}

func TestExportErrors(t *testing.T) {
	s := exportFixture(t)
	ctx := context.Background()
	var b bytes.Buffer
	err := Export(ctx, s, "demo", "xlsx", &b)
	if err == nil || !strings.Contains(err.Error(), `"xlsx"`) || !strings.Contains(err.Error(), "csv, json") {
		t.Errorf("unknown format: %v", err)
	}
	if err := Export(ctx, s, "nosuch", "csv", &b); !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "nosuch") {
		t.Errorf("unknown study: %v", err)
	}
	if b.Len() != 0 {
		t.Errorf("failed exports wrote %q", b.String())
	}
}
