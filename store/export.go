package store

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"time"
)

// ExportFormats are the formats Export writes.
var ExportFormats = []string{"csv", "json"}

// Export writes a study's results to w. studyID is anything Study
// accepts (ID, unique ID prefix or name).
//
// Format "csv" writes long-format rows (RFC 4180) with the header
// study,task,kind,label,status,metric,value: one row per metric of every
// task, in the study's task order and by metric name, and one row with an
// empty metric and value for a task without metrics. Values are written
// in Go's shortest round-trip form; NaN as "NaN" and infinities as
// "+Inf" and "-Inf".
//
// Format "json" writes one object {"study": ..., "tasks": [...]}, each
// task with its key, kind, label, status, error, spec (the parsed JSON),
// deps, run details, metrics (an object name → value; NaN as null,
// infinities as the strings "+Inf" and "-Inf") and artifacts (names,
// media types and sizes, not the data).
func Export(ctx context.Context, r Reader, studyID string, format string, w io.Writer) error {
	if format != "csv" && format != "json" {
		return fmt.Errorf("store: unknown export format %q (allowed: csv, json)", format)
	}
	st, err := r.Study(ctx, studyID)
	if err != nil {
		return err
	}
	tasks, err := r.Tasks(ctx, st.ID)
	if err != nil {
		return err
	}
	if format == "csv" {
		return exportCSV(ctx, r, st, tasks, w)
	}
	return exportJSON(ctx, r, st, tasks, w)
}

// FormatValue formats a metric value as Export's CSV does: the shortest
// representation that parses back to v, "NaN", "+Inf" or "-Inf".
func FormatValue(v float64) string {
	return strconv.FormatFloat(v, 'g', -1, 64)
}

func exportCSV(ctx context.Context, r Reader, st *Study, tasks []Task, w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"study", "task", "kind", "label", "status", "metric", "value"}); err != nil {
		return err
	}
	for _, t := range tasks {
		ms, err := r.Metrics(ctx, t.Key)
		if err != nil {
			return err
		}
		if len(ms) == 0 {
			if err := cw.Write([]string{st.ID, t.Key, t.Kind, t.Label, string(t.Status), "", ""}); err != nil {
				return err
			}
			continue
		}
		for _, m := range ms {
			if err := cw.Write([]string{st.ID, t.Key, t.Kind, t.Label, string(t.Status), m.Name, FormatValue(m.Value)}); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// exportTask is one task of the JSON export.
type exportTask struct {
	Key       string         `json:"key"`
	Kind      string         `json:"kind"`
	Label     string         `json:"label"`
	Status    Status         `json:"status"`
	Error     string         `json:"error"`
	Spec      any            `json:"spec"`
	Deps      []string       `json:"deps"`
	Attempts  int            `json:"attempts"`
	Worker    string         `json:"worker,omitempty"`
	Started   *time.Time     `json:"started,omitempty"`
	Finished  *time.Time     `json:"finished,omitempty"`
	Seconds   float64        `json:"seconds"`
	Version   string         `json:"version,omitempty"`
	Metrics   map[string]any `json:"metrics"`
	Artifacts []ArtifactInfo `json:"artifacts"`
}

func exportJSON(ctx context.Context, r Reader, st *Study, tasks []Task, w io.Writer) error {
	out := struct {
		Study *Study       `json:"study"`
		Tasks []exportTask `json:"tasks"`
	}{Study: st, Tasks: make([]exportTask, 0, len(tasks))}
	for _, t := range tasks {
		ms, err := r.Metrics(ctx, t.Key)
		if err != nil {
			return err
		}
		arts, err := r.Artifacts(ctx, t.Key)
		if err != nil {
			return err
		}
		et := exportTask{Key: t.Key, Kind: t.Kind, Label: t.Label, Status: t.Status, Error: t.Error,
			Spec: SpecJSON(t.Spec), Deps: t.Deps, Attempts: t.Attempts, Worker: t.Worker,
			Started: timePtr(t.Started), Finished: timePtr(t.Finished), Seconds: t.Seconds, Version: t.Version,
			Metrics: MetricsJSON(ms), Artifacts: arts}
		if et.Deps == nil {
			et.Deps = []string{}
		}
		if et.Artifacts == nil {
			et.Artifacts = []ArtifactInfo{}
		}
		out.Tasks = append(out.Tasks, et)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// SpecJSON returns a task's JSON spec for embedding in a JSON document:
// the parsed JSON when it is valid, else the text itself (nil when
// empty).
func SpecJSON(spec string) any {
	if spec == "" {
		return nil
	}
	if json.Valid([]byte(spec)) {
		return json.RawMessage(spec)
	}
	return spec
}

// MetricsJSON returns metrics as a JSON-encodable object name → value,
// with NaN as null and infinities as the strings "+Inf" and "-Inf"
// (JSON has no such numbers).
func MetricsJSON(ms []Metric) map[string]any {
	out := make(map[string]any, len(ms))
	for _, m := range ms {
		switch {
		case math.IsNaN(m.Value):
			out[m.Name] = nil
		case math.IsInf(m.Value, 0):
			out[m.Name] = FormatValue(m.Value)
		default:
			out[m.Name] = m.Value
		}
	}
	return out
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}
