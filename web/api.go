package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"path"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/emergo/emergo/experiment"
	"github.com/emergo/emergo/store"
)

// Error kinds of the API envelope.
const (
	kindNotFound         = "not_found"
	kindBadRequest       = "bad_request"
	kindInternal         = "internal"
	kindMethodNotAllowed = "method_not_allowed"
)

// envelope is the one shape of every API response.
type envelope struct {
	Status string    `json:"status"` // "success" or "error"
	Data   any       `json:"data,omitempty"`
	Error  *apiError `json:"error,omitempty"`
}

type apiError struct {
	Kind    string `json:"kind"`
	Message string `json:"message"`
}

// number is a float64 that encodes NaN and ±Inf as null.
type number = experiment.Float

// studyJSON is a study as the API shows it: the store's fields, its
// overall state, and its spec only when asked for one study.
type studyJSON struct {
	ID      string    `json:"id"`
	Name    string    `json:"name"`
	Version string    `json:"version"`
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
	// State sums up the counts: "empty" (no tasks), "running" (some
	// running), "incomplete" (some pending, none running), "failed"
	// (all finished, some failed) or "done".
	State   string `json:"state"`
	Tasks   int    `json:"tasks"`
	Pending int    `json:"pending"`
	Running int    `json:"running"`
	Done    int    `json:"done"`
	Failed  int    `json:"failed"`
	Spec    string `json:"spec,omitempty"`
}

func newStudyJSON(st *store.Study, withSpec bool) studyJSON {
	j := studyJSON{
		ID: st.ID, Name: st.Name, Version: st.Version, Created: st.Created, Updated: st.Updated,
		State: studyState(st), Tasks: st.Tasks, Pending: st.Pending, Running: st.Running, Done: st.Done, Failed: st.Failed,
	}
	if withSpec {
		j.Spec = st.Spec
	}
	return j
}

// studyState sums up a study's task counts in one word.
func studyState(st *store.Study) string {
	switch {
	case st.Tasks == 0:
		return "empty"
	case st.Running > 0:
		return "running"
	case st.Pending > 0:
		return "incomplete"
	case st.Failed > 0:
		return "failed"
	}
	return "done"
}

// taskJSON is a task as the API shows it; Spec only in a task's detail.
type taskJSON struct {
	Key      string       `json:"key"`
	Kind     string       `json:"kind"`
	Label    string       `json:"label"`
	Status   store.Status `json:"status"`
	Error    string       `json:"error"`
	Attempts int          `json:"attempts"`
	Worker   string       `json:"worker"`
	Started  *time.Time   `json:"started"`
	Finished *time.Time   `json:"finished"`
	Seconds  number       `json:"seconds"`
	Version  string       `json:"version"`
	Deps     []string     `json:"deps"`
	// Spec is the task's JSON spec as a JSON value (a string when the
	// stored spec is not valid JSON).
	Spec json.RawMessage `json:"spec,omitempty"`
}

func newTaskJSON(t *store.Task, withSpec bool) taskJSON {
	j := taskJSON{
		Key: t.Key, Kind: t.Kind, Label: t.Label, Status: t.Status, Error: t.Error, Attempts: t.Attempts,
		Worker: t.Worker, Started: optTime(t.Started), Finished: optTime(t.Finished), Seconds: number(t.Seconds),
		Version: t.Version, Deps: t.Deps,
	}
	if j.Deps == nil {
		j.Deps = []string{}
	}
	if withSpec {
		if json.Valid([]byte(t.Spec)) {
			j.Spec = json.RawMessage(t.Spec)
		} else {
			j.Spec, _ = json.Marshal(t.Spec)
		}
	}
	return j
}

// optTime is nil for the zero time.
func optTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

type metricJSON struct {
	Name  string `json:"name"`
	Value number `json:"value"`
}

type taskMetricJSON struct {
	Key   string `json:"key"`
	Kind  string `json:"kind"`
	Label string `json:"label"`
	Name  string `json:"name"`
	Value number `json:"value"`
}

type artifactJSON struct {
	Name string `json:"name"`
	MIME string `json:"mime"`
	Size int64  `json:"size"`
	// URL downloads the artifact.
	URL string `json:"url"`
}

// taskDetailJSON is the answer of /api/v1/tasks/{key}.
type taskDetailJSON struct {
	Task      taskJSON       `json:"task"`
	Metrics   []metricJSON   `json:"metrics"`
	Artifacts []artifactJSON `json:"artifacts"`
}

type versionJSON struct {
	Version string `json:"version"`
	Go      string `json:"go"`
	// Report tells whether the server can render study reports.
	Report bool `json:"report"`
}

func (s *Server) apiVersion(w http.ResponseWriter, r *http.Request) {
	s.writeData(w, r, versionJSON{Version: s.version, Go: runtime.Version(), Report: s.report != nil})
}

func (s *Server) apiStudies(w http.ResponseWriter, r *http.Request) {
	list, err := s.store.Studies(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]studyJSON, len(list))
	for i := range list {
		out[i] = newStudyJSON(&list[i], false)
	}
	s.writeData(w, r, out)
}

func (s *Server) apiStudy(w http.ResponseWriter, r *http.Request) {
	st, err := s.study(r.Context(), r.PathValue("ref"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeData(w, r, newStudyJSON(st, true))
}

// taskStatuses are the values the status filter accepts.
var taskStatuses = []store.Status{store.Pending, store.Running, store.Done, store.Failed}

func (s *Server) apiStudyTasks(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	statuses := splitList(q["status"])
	for _, v := range statuses {
		if !slices.Contains(taskStatuses, store.Status(v)) {
			s.writeError(w, r, http.StatusBadRequest, kindBadRequest,
				fmt.Sprintf("unknown task status %q in ?status= (want pending, running, done or failed, comma-separated)", v))
			return
		}
	}
	kinds := splitList(q["kind"])
	st, err := s.study(r.Context(), r.PathValue("ref"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	tasks, err := s.store.Tasks(r.Context(), st.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]taskJSON, 0, len(tasks))
	for i := range tasks {
		t := &tasks[i]
		if len(statuses) > 0 && !slices.Contains(statuses, string(t.Status)) ||
			len(kinds) > 0 && !slices.Contains(kinds, t.Kind) {
			continue
		}
		out = append(out, newTaskJSON(t, false))
	}
	s.writeData(w, r, out)
}

// splitList joins repeated query values and splits comma-separated
// ones, dropping empty items.
func splitList(values []string) []string {
	var out []string
	for _, v := range values {
		for item := range strings.SplitSeq(v, ",") {
			if item = strings.TrimSpace(item); item != "" {
				out = append(out, item)
			}
		}
	}
	return out
}

func (s *Server) apiStudyMetrics(w http.ResponseWriter, r *http.Request) {
	st, err := s.study(r.Context(), r.PathValue("ref"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ms, err := s.store.StudyMetrics(r.Context(), st.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]taskMetricJSON, len(ms))
	for i, m := range ms {
		out[i] = taskMetricJSON{Key: m.Key, Kind: m.Kind, Label: m.Label, Name: m.Name, Value: number(m.Value)}
	}
	s.writeData(w, r, out)
}

func (s *Server) apiTask(w http.ResponseWriter, r *http.Request) {
	ctx, key := r.Context(), r.PathValue("key")
	t, err := s.store.Task(ctx, key)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ms, err := s.store.Metrics(ctx, key)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	arts, err := s.store.Artifacts(ctx, key)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := taskDetailJSON{Task: newTaskJSON(t, true), Metrics: make([]metricJSON, len(ms)), Artifacts: make([]artifactJSON, len(arts))}
	for i, m := range ms {
		out.Metrics[i] = metricJSON{Name: m.Name, Value: number(m.Value)}
	}
	for i, a := range arts {
		out.Artifacts[i] = artifactJSON{Name: a.Name, MIME: a.MIME, Size: a.Size, URL: artifactURL(key, a.Name)}
	}
	s.writeData(w, r, out)
}

// artifactURL is the download path of an artifact; its name may hold
// slashes ("checkpoint/model.safetensors"), which stay path separators.
func artifactURL(key, name string) string {
	parts := strings.Split(name, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return "/api/v1/tasks/" + url.PathEscape(key) + "/artifacts/" + strings.Join(parts, "/")
}

// apiArtifact sends an artifact's bytes with its media type; only errors
// are in the envelope.
func (s *Server) apiArtifact(w http.ResponseWriter, r *http.Request) {
	key, name := r.PathValue("key"), r.PathValue("name")
	a, err := s.store.Artifact(r.Context(), key, name)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctype, inline := artifactType(a.MIME)
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Length", strconv.Itoa(len(a.Data)))
	h.Set("Content-Security-Policy", cspArtifact)
	h.Set("Cache-Control", "no-cache")
	disp := "attachment"
	if inline {
		disp = "inline"
	}
	h.Set("Content-Disposition", mime.FormatMediaType(disp, map[string]string{"filename": path.Base(name)}))
	w.WriteHeader(http.StatusOK)
	w.Write(a.Data)
}

// artifactType is the Content-Type to send for a stored MIME type
// (application/octet-stream when it is missing or malformed) and whether
// a browser may show it inline.
func artifactType(stored string) (ctype string, inline bool) {
	mt, params, err := mime.ParseMediaType(stored)
	if err != nil {
		return "application/octet-stream", false
	}
	ctype = mime.FormatMediaType(mt, params)
	if ctype == "" {
		return "application/octet-stream", false
	}
	switch {
	case strings.HasPrefix(mt, "text/"), strings.HasPrefix(mt, "image/"),
		mt == "application/json", strings.HasSuffix(mt, "+json"):
		inline = true
	}
	return ctype, inline
}

func (s *Server) apiUnknown(w http.ResponseWriter, r *http.Request) {
	s.writeError(w, r, http.StatusNotFound, kindNotFound,
		fmt.Sprintf("no API endpoint %s (endpoints: /api/v1/version, /api/v1/studies[/{ref}[/tasks|/metrics]], /api/v1/tasks/{key}[/artifacts/{name}])", r.URL.Path))
}

// study finds a study by reference.
func (s *Server) study(ctx context.Context, ref string) (*store.Study, error) {
	st, err := s.store.Study(ctx, ref)
	if err == nil && st == nil {
		err = fmt.Errorf("no study %q: %w", ref, store.ErrNotFound)
	}
	return st, err
}

// writeData writes a success envelope.
func (s *Server) writeData(w http.ResponseWriter, r *http.Request, data any) {
	s.writeEnvelope(w, r, http.StatusOK, envelope{Status: "success", Data: data})
}

// writeError writes an error envelope.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, code int, kind, msg string) {
	s.writeEnvelope(w, r, code, envelope{Status: "error", Error: &apiError{Kind: kind, Message: msg}})
}

func (s *Server) writeEnvelope(w http.ResponseWriter, r *http.Request, code int, e envelope) {
	b, err := json.Marshal(e)
	if err != nil {
		s.log.Error("cannot encode an API response", "path", r.URL.Path, "err", err)
		code = http.StatusInternalServerError
		b, _ = json.Marshal(envelope{Status: "error", Error: &apiError{Kind: kindInternal, Message: "cannot encode the response: " + err.Error()}})
	}
	b = append(b, '\n')
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(b)))
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	w.Write(b)
}

// fail answers a store error: not_found for errors wrapping
// store.ErrNotFound, internal (and logged) for the others.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, store.ErrNotFound):
		s.writeError(w, r, http.StatusNotFound, kindNotFound, errorText(err))
	case r.Context().Err() != nil:
		// The client went away: nobody reads the answer.
	default:
		s.log.Error("results store error", "path", r.URL.Path, "err", err)
		s.writeError(w, r, http.StatusInternalServerError, kindInternal, errorText(err))
	}
}

// errorText is an error's message without the store's package prefix.
func errorText(err error) string {
	msg := err.Error()
	if m, ok := strings.CutPrefix(msg, "store: "); ok {
		return m
	}
	return msg
}
