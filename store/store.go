package store

import (
	"context"
	"errors"
	"time"
)

// Status is the state of a task.
type Status string

// Task states. A task is Pending until a runner starts it, Running while
// it runs, then Done (its result is stored) or Failed (its error is
// stored). A Running task whose runner died is run again by the next run.
const (
	Pending Status = "pending"
	Running Status = "running"
	Done    Status = "done"
	Failed  Status = "failed"
)

// Study is one declarative study: its spec and, when listed, the counts
// of its tasks by status.
type Study struct {
	// ID is the hash of the study's normalised spec (hex).
	ID string `json:"id"`
	// Name is the spec's name.
	Name string `json:"name"`
	// Spec is the spec's text as the user wrote it (YAML).
	Spec string `json:"spec"`
	// Version is the emergo version that last ran the study.
	Version string    `json:"version"`
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
	// Counts of the study's tasks by status (filled by Studies and
	// Study; ignored by PutStudy).
	Tasks   int `json:"tasks"`
	Pending int `json:"pending"`
	Running int `json:"running"`
	Done    int `json:"done"`
	Failed  int `json:"failed"`
}

// Task is one unit of work, keyed by the hash of its full spec, so that
// a rerun finds what is done and the same task shared by two studies is
// run once.
type Task struct {
	// Key is the hash of the task's full spec (hex).
	Key string `json:"key"`
	// Kind names the pipeline step ("data", "system", "train",
	// "homogenization", ...).
	Kind string `json:"kind"`
	// Label is a short human-readable name ("train gru on Lorenz, seed 1").
	Label string `json:"label"`
	// Spec is the task's full spec as JSON.
	Spec string `json:"spec"`
	// Deps are the keys of the tasks whose results this one reads.
	Deps []string `json:"deps,omitempty"`
	// Status, Error (for Failed), Attempts (how many times started).
	Status   Status `json:"status"`
	Error    string `json:"error,omitempty"`
	Attempts int    `json:"attempts"`
	// Worker names who ran the task last ("host/pid").
	Worker string `json:"worker,omitempty"`
	// Started and Finished are zero until set.
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`
	// Seconds is the wall time of the last run.
	Seconds float64 `json:"seconds"`
	// Version is the emergo version that produced the result.
	Version string `json:"version,omitempty"`
}

// Metric is one named number of a task's result. NaN and ±Inf are
// allowed (stored as NULL and as IEEE infinities respectively, and
// restored).
type Metric struct {
	Name  string  `json:"name"`
	Value float64 `json:"value"`
}

// Artifact is one named blob of a task's result: a JSON document, a
// series, a model checkpoint.
type Artifact struct {
	Name string `json:"name"`
	// MIME is the media type ("application/json", "text/csv",
	// "application/octet-stream").
	MIME string `json:"mime"`
	Data []byte `json:"-"`
}

// ArtifactInfo describes an artifact without its data.
type ArtifactInfo struct {
	Name string `json:"name"`
	MIME string `json:"mime"`
	Size int64  `json:"size"`
}

// Result is what a finished task stores, in one transaction.
type Result struct {
	Metrics   []Metric
	Artifacts []Artifact
	Seconds   float64
	Version   string
}

// TaskMetric is a metric with its task, for study-wide listings and
// exports.
type TaskMetric struct {
	Key   string  `json:"key"`
	Kind  string  `json:"kind"`
	Label string  `json:"label"`
	Name  string  `json:"name"`
	Value float64 `json:"value"`
}

// ErrNotFound is returned (wrapped) when a study, task or artifact does
// not exist.
var ErrNotFound = errors.New("not found")

// Reader is the read side of a results store (what the report and the
// dashboard need).
type Reader interface {
	// Studies lists every study, newest first, with task counts.
	Studies(ctx context.Context) ([]Study, error)
	// Study finds a study by ID, unique ID prefix, or name (the most
	// recently updated study of that name).
	Study(ctx context.Context, ref string) (*Study, error)
	// Tasks lists a study's tasks in the order they were added.
	Tasks(ctx context.Context, studyID string) ([]Task, error)
	// Task returns one task by key.
	Task(ctx context.Context, key string) (*Task, error)
	// Metrics returns a task's metrics sorted by name.
	Metrics(ctx context.Context, key string) ([]Metric, error)
	// StudyMetrics returns the metrics of every done task of a study.
	StudyMetrics(ctx context.Context, studyID string) ([]TaskMetric, error)
	// Artifacts lists a task's artifacts sorted by name.
	Artifacts(ctx context.Context, key string) ([]ArtifactInfo, error)
	// Artifact returns one artifact with its data.
	Artifact(ctx context.Context, key, name string) (*Artifact, error)
}

// Writer is the write side used by runners.
type Writer interface {
	// PutStudy inserts or updates a study (name, spec, version, updated).
	PutStudy(ctx context.Context, s *Study) error
	// AddTasks links tasks to a study, inserting those not yet stored as
	// Pending; a task already stored keeps its status and result.
	AddTasks(ctx context.Context, studyID string, tasks []Task) error
	// StartTask marks a task Running by worker and counts the attempt.
	StartTask(ctx context.Context, key, worker string) error
	// FinishTask stores a task's result and marks it Done, all in one
	// transaction: a crash leaves either the whole result or none.
	FinishTask(ctx context.Context, key string, r *Result) error
	// FailTask marks a task Failed with its error message.
	FailTask(ctx context.Context, key, msg string) error
}

// Store is a results store.
type Store interface {
	Reader
	Writer
	Close() error
}
