package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver
)

// schemaVersion is the version of the tables below (PRAGMA user_version).
const schemaVersion = 1

const schema = `
CREATE TABLE IF NOT EXISTS studies (
	id      TEXT PRIMARY KEY,
	name    TEXT NOT NULL,
	spec    TEXT NOT NULL,
	version TEXT NOT NULL,
	created INTEGER NOT NULL,
	updated INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS tasks (
	key      TEXT PRIMARY KEY,
	kind     TEXT NOT NULL,
	label    TEXT NOT NULL,
	spec     TEXT NOT NULL,
	status   TEXT NOT NULL,
	error    TEXT NOT NULL DEFAULT '',
	attempts INTEGER NOT NULL DEFAULT 0,
	worker   TEXT NOT NULL DEFAULT '',
	started  INTEGER NOT NULL DEFAULT 0,
	finished INTEGER NOT NULL DEFAULT 0,
	seconds  REAL NOT NULL DEFAULT 0,
	version  TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS study_tasks (
	study_id TEXT NOT NULL REFERENCES studies(id),
	task_key TEXT NOT NULL REFERENCES tasks(key),
	seq      INTEGER NOT NULL,
	PRIMARY KEY (study_id, task_key)
);
CREATE INDEX IF NOT EXISTS study_tasks_seq ON study_tasks(study_id, seq);
CREATE TABLE IF NOT EXISTS task_deps (
	task_key TEXT NOT NULL REFERENCES tasks(key),
	dep_key  TEXT NOT NULL,
	seq      INTEGER NOT NULL,
	PRIMARY KEY (task_key, dep_key)
);
CREATE TABLE IF NOT EXISTS metrics (
	task_key TEXT NOT NULL REFERENCES tasks(key),
	name     TEXT NOT NULL,
	value    REAL,
	special  TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (task_key, name)
);
CREATE TABLE IF NOT EXISTS artifacts (
	task_key TEXT NOT NULL REFERENCES tasks(key),
	name     TEXT NOT NULL,
	mime     TEXT NOT NULL,
	data     BLOB NOT NULL,
	PRIMARY KEY (task_key, name)
);
`

// Options configures OpenSQLite.
type Options struct {
	// ReadOnly opens an existing database for reading (the dashboard,
	// the report and `results`); it never creates the file.
	ReadOnly bool
	// BusyTimeout is how long a statement waits for another process's
	// lock before failing (0: 5 s).
	BusyTimeout time.Duration
}

// SQLite is the embedded results store: one file, written in WAL mode so
// that a dashboard can read while a study writes, every task result in
// one transaction.
type SQLite struct {
	db   *sql.DB
	path string
}

var _ Store = (*SQLite)(nil)

// OpenSQLite opens (read-write: creating if needed) the results database
// at path. Errors name the file and say what is wrong: a missing or
// unwritable directory, a file that is not an emergo database, a newer
// schema, a lock held by another process.
func OpenSQLite(path string, opt *Options) (*SQLite, error) {
	var o Options
	if opt != nil {
		o = *opt
	}
	if o.BusyTimeout <= 0 {
		o.BusyTimeout = 5 * time.Second
	}
	st, err := os.Stat(path)
	switch {
	case err == nil && st.IsDir():
		return nil, fmt.Errorf("store: %s is a directory, not a results database", path)
	case err != nil && o.ReadOnly:
		return nil, fmt.Errorf("store: no results database at %s: %w", path, unwrapPath(err))
	case err != nil:
		dir := filepath.Dir(path)
		if ds, derr := os.Stat(dir); derr != nil || !ds.IsDir() {
			return nil, fmt.Errorf("store: cannot create results database %s: directory %s does not exist", path, dir)
		}
	}
	dsn := "file:" + path + "?_pragma=busy_timeout(" + fmt.Sprint(o.BusyTimeout.Milliseconds()) + ")&_pragma=foreign_keys(1)"
	if o.ReadOnly {
		dsn += "&mode=ro"
	} else {
		dsn += "&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)"
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", path, err)
	}
	s := &SQLite{db: db, path: path}
	if err := s.init(o.ReadOnly); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// wrap turns driver errors into messages naming the file.
func (s *SQLite) wrap(what string, err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	switch {
	case errors.Is(err, ErrNotFound), errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	case strings.Contains(msg, "database is locked") || strings.Contains(msg, "SQLITE_BUSY"):
		return fmt.Errorf("store: %s: the database %s is locked by another process (another emergo study on the same file?): %w", what, s.path, err)
	case strings.Contains(msg, "file is not a database") || strings.Contains(msg, "malformed"):
		return fmt.Errorf("store: %s is not an emergo results database (or is corrupt): %w", s.path, err)
	case strings.Contains(msg, "readonly") || strings.Contains(msg, "read-only"):
		return fmt.Errorf("store: %s: cannot write %s (read-only file or directory): %w", what, s.path, err)
	}
	return fmt.Errorf("store: %s (%s): %w", what, s.path, err)
}

func (s *SQLite) init(readOnly bool) error {
	ctx := context.Background()
	var v int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return s.wrap("open", err)
	}
	var tables int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master WHERE type='table'").Scan(&tables); err != nil {
		return s.wrap("open", err)
	}
	switch {
	case v > schemaVersion:
		return fmt.Errorf("store: %s has schema version %d, newer than this emergo's %d: upgrade emergo", s.path, v, schemaVersion)
	case v == 0 && tables > 0:
		return fmt.Errorf("store: %s is a SQLite database but not an emergo results database", s.path)
	case v == 0 && readOnly:
		return fmt.Errorf("store: %s is empty, not an emergo results database", s.path)
	case v == 0:
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return s.wrap("create schema", err)
		}
		defer tx.Rollback()
		if _, err := tx.ExecContext(ctx, schema); err != nil {
			return s.wrap("create schema", err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", schemaVersion)); err != nil {
			return s.wrap("create schema", err)
		}
		return s.wrap("create schema", tx.Commit())
	}
	return nil
}

// Path is the database file.
func (s *SQLite) Path() string { return s.path }

// Close closes the database.
func (s *SQLite) Close() error { return s.db.Close() }

func nanos(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

func fromNanos(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}

// PutStudy implements Writer.
func (s *SQLite) PutStudy(ctx context.Context, st *Study) error {
	now := time.Now()
	created, updated := st.Created, st.Updated
	if created.IsZero() {
		created = now
	}
	if updated.IsZero() {
		updated = now
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO studies(id, name, spec, version, created, updated) VALUES(?, ?, ?, ?, ?, ?)
		ON CONFLICT(id) DO UPDATE SET name = excluded.name, spec = excluded.spec, version = excluded.version, updated = excluded.updated`,
		st.ID, st.Name, st.Spec, st.Version, nanos(created), nanos(updated))
	return s.wrap("save study "+st.Name, err)
}

// AddTasks implements Writer.
func (s *SQLite) AddTasks(ctx context.Context, studyID string, tasks []Task) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.wrap("add tasks", err)
	}
	defer tx.Rollback()
	var seq int
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(seq), -1) + 1 FROM study_tasks WHERE study_id = ?", studyID).Scan(&seq); err != nil {
		return s.wrap("add tasks", err)
	}
	for _, t := range tasks {
		if _, err := tx.ExecContext(ctx, `INSERT INTO tasks(key, kind, label, spec, status) VALUES(?, ?, ?, ?, ?) ON CONFLICT(key) DO NOTHING`,
			t.Key, t.Kind, t.Label, t.Spec, string(Pending)); err != nil {
			return s.wrap("add task "+t.Label, err)
		}
		for i, d := range t.Deps {
			if _, err := tx.ExecContext(ctx, `INSERT INTO task_deps(task_key, dep_key, seq) VALUES(?, ?, ?) ON CONFLICT DO NOTHING`, t.Key, d, i); err != nil {
				return s.wrap("add task "+t.Label, err)
			}
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO study_tasks(study_id, task_key, seq) VALUES(?, ?, ?) ON CONFLICT DO NOTHING`, studyID, t.Key, seq)
		if err != nil {
			return s.wrap("add task "+t.Label, err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			seq++
		}
	}
	return s.wrap("add tasks", tx.Commit())
}

func (s *SQLite) exec1(ctx context.Context, what, key, q string, args ...any) error {
	res, err := s.db.ExecContext(ctx, q, args...)
	if err != nil {
		return s.wrap(what, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: %s: task %s: %w", what, key, ErrNotFound)
	}
	return nil
}

// StartTask implements Writer.
func (s *SQLite) StartTask(ctx context.Context, key, worker string) error {
	return s.exec1(ctx, "start task", key, `UPDATE tasks SET status = ?, worker = ?, started = ?, attempts = attempts + 1 WHERE key = ?`,
		string(Running), worker, time.Now().UnixNano(), key)
}

// FailTask implements Writer.
func (s *SQLite) FailTask(ctx context.Context, key, msg string) error {
	return s.exec1(ctx, "record failure", key, `UPDATE tasks SET status = ?, error = ?, finished = ? WHERE key = ?`,
		string(Failed), msg, time.Now().UnixNano(), key)
}

// FinishTask implements Writer: the metrics, the artifacts and the status
// are written in one transaction.
func (s *SQLite) FinishTask(ctx context.Context, key string, r *Result) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.wrap("store result", err)
	}
	defer tx.Rollback()
	for _, q := range []string{"DELETE FROM metrics WHERE task_key = ?", "DELETE FROM artifacts WHERE task_key = ?"} {
		if _, err := tx.ExecContext(ctx, q, key); err != nil {
			return s.wrap("store result", err)
		}
	}
	for _, m := range r.Metrics {
		var v any = m.Value
		special := ""
		switch {
		case math.IsNaN(m.Value):
			v = nil
		case math.IsInf(m.Value, 1):
			v, special = nil, "+Inf"
		case math.IsInf(m.Value, -1):
			v, special = nil, "-Inf"
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO metrics(task_key, name, value, special) VALUES(?, ?, ?, ?)", key, m.Name, v, special); err != nil {
			return s.wrap("store metric "+m.Name, err)
		}
	}
	for _, a := range r.Artifacts {
		data := a.Data
		if data == nil {
			data = []byte{}
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO artifacts(task_key, name, mime, data) VALUES(?, ?, ?, ?)", key, a.Name, a.MIME, data); err != nil {
			return s.wrap("store artifact "+a.Name, err)
		}
	}
	res, err := tx.ExecContext(ctx, `UPDATE tasks SET status = ?, error = '', finished = ?, seconds = ?, version = ? WHERE key = ?`,
		string(Done), time.Now().UnixNano(), r.Seconds, r.Version, key)
	if err != nil {
		return s.wrap("store result", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: store result: task %s: %w", key, ErrNotFound)
	}
	return s.wrap("store result", tx.Commit())
}

const studyCols = `s.id, s.name, s.spec, s.version, s.created, s.updated,
	count(t.key), coalesce(sum(t.status = 'pending'), 0), coalesce(sum(t.status = 'running'), 0),
	coalesce(sum(t.status = 'done'), 0), coalesce(sum(t.status = 'failed'), 0)
	FROM studies s LEFT JOIN study_tasks st ON st.study_id = s.id LEFT JOIN tasks t ON t.key = st.task_key`

func scanStudy(sc interface{ Scan(...any) error }) (*Study, error) {
	var st Study
	var c, u int64
	if err := sc.Scan(&st.ID, &st.Name, &st.Spec, &st.Version, &c, &u, &st.Tasks, &st.Pending, &st.Running, &st.Done, &st.Failed); err != nil {
		return nil, err
	}
	st.Created, st.Updated = fromNanos(c), fromNanos(u)
	return &st, nil
}

// Studies implements Reader.
func (s *SQLite) Studies(ctx context.Context) ([]Study, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+studyCols+" GROUP BY s.id ORDER BY s.updated DESC, s.id")
	if err != nil {
		return nil, s.wrap("list studies", err)
	}
	defer rows.Close()
	var out []Study
	for rows.Next() {
		st, err := scanStudy(rows)
		if err != nil {
			return nil, s.wrap("list studies", err)
		}
		out = append(out, *st)
	}
	return out, s.wrap("list studies", rows.Err())
}

// Study implements Reader.
func (s *SQLite) Study(ctx context.Context, ref string) (*Study, error) {
	if ref == "" {
		return nil, fmt.Errorf("store: empty study reference: %w", ErrNotFound)
	}
	st, err := scanStudy(s.db.QueryRowContext(ctx, "SELECT "+studyCols+" WHERE s.id = ? GROUP BY s.id", ref))
	if err == nil {
		return st, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, s.wrap("find study", err)
	}
	if len(ref) >= 4 {
		rows, err := s.db.QueryContext(ctx, "SELECT id FROM studies WHERE id LIKE ? ESCAPE '\\'", escapeLike(ref)+"%")
		if err != nil {
			return nil, s.wrap("find study", err)
		}
		var ids []string
		for rows.Next() {
			var id string
			rows.Scan(&id)
			ids = append(ids, id)
		}
		rows.Close()
		switch len(ids) {
		case 1:
			return s.Study(ctx, ids[0])
		case 0:
		default:
			sort.Strings(ids)
			for i := range ids {
				ids[i] = ids[i][:min(len(ids[i]), 16)]
			}
			return nil, fmt.Errorf("store: study prefix %q is ambiguous: %s", ref, strings.Join(ids, ", "))
		}
	}
	st, err = scanStudy(s.db.QueryRowContext(ctx, "SELECT "+studyCols+" WHERE s.name = ? GROUP BY s.id ORDER BY s.updated DESC LIMIT 1", ref))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: no study %q in %s: %w", ref, s.path, ErrNotFound)
	}
	return st, s.wrap("find study", err)
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(s)
}

const taskCols = "t.key, t.kind, t.label, t.spec, t.status, t.error, t.attempts, t.worker, t.started, t.finished, t.seconds, t.version"

func scanTask(sc interface{ Scan(...any) error }) (*Task, error) {
	var t Task
	var status string
	var st, fi int64
	if err := sc.Scan(&t.Key, &t.Kind, &t.Label, &t.Spec, &status, &t.Error, &t.Attempts, &t.Worker, &st, &fi, &t.Seconds, &t.Version); err != nil {
		return nil, err
	}
	t.Status, t.Started, t.Finished = Status(status), fromNanos(st), fromNanos(fi)
	return &t, nil
}

func (s *SQLite) deps(ctx context.Context, keys []string) (map[string][]string, error) {
	out := map[string][]string{}
	rows, err := s.db.QueryContext(ctx, "SELECT task_key, dep_key FROM task_deps ORDER BY task_key, seq")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	want := map[string]bool{}
	for _, k := range keys {
		want[k] = true
	}
	for rows.Next() {
		var k, d string
		if err := rows.Scan(&k, &d); err != nil {
			return nil, err
		}
		if want[k] {
			out[k] = append(out[k], d)
		}
	}
	return out, rows.Err()
}

// Tasks implements Reader.
func (s *SQLite) Tasks(ctx context.Context, studyID string) ([]Task, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+taskCols+" FROM study_tasks st JOIN tasks t ON t.key = st.task_key WHERE st.study_id = ? ORDER BY st.seq", studyID)
	if err != nil {
		return nil, s.wrap("list tasks", err)
	}
	var out []Task
	var keys []string
	for rows.Next() {
		t, err := scanTask(rows)
		if err != nil {
			rows.Close()
			return nil, s.wrap("list tasks", err)
		}
		out = append(out, *t)
		keys = append(keys, t.Key)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, s.wrap("list tasks", err)
	}
	d, err := s.deps(ctx, keys)
	if err != nil {
		return nil, s.wrap("list tasks", err)
	}
	for i := range out {
		out[i].Deps = d[out[i].Key]
	}
	return out, nil
}

// Task implements Reader; key may be a unique prefix of at least 6
// characters.
func (s *SQLite) Task(ctx context.Context, key string) (*Task, error) {
	t, err := scanTask(s.db.QueryRowContext(ctx, "SELECT "+taskCols+" FROM tasks t WHERE t.key = ?", key))
	if errors.Is(err, sql.ErrNoRows) && len(key) >= 6 {
		rows, qerr := s.db.QueryContext(ctx, "SELECT "+taskCols+" FROM tasks t WHERE t.key LIKE ? ESCAPE '\\' LIMIT 2", escapeLike(key)+"%")
		if qerr != nil {
			return nil, s.wrap("find task", qerr)
		}
		var found []*Task
		for rows.Next() {
			if tt, serr := scanTask(rows); serr == nil {
				found = append(found, tt)
			}
		}
		rows.Close()
		switch len(found) {
		case 1:
			t, err = found[0], nil
		case 2:
			return nil, fmt.Errorf("store: task prefix %q is ambiguous", key)
		}
	}
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: no task %q: %w", key, ErrNotFound)
	}
	if err != nil {
		return nil, s.wrap("find task", err)
	}
	d, err := s.deps(ctx, []string{t.Key})
	if err != nil {
		return nil, s.wrap("find task", err)
	}
	t.Deps = d[t.Key]
	return t, nil
}

func metricValue(v sql.NullFloat64, special string) float64 {
	switch {
	case v.Valid:
		return v.Float64
	case special == "+Inf":
		return math.Inf(1)
	case special == "-Inf":
		return math.Inf(-1)
	}
	return math.NaN()
}

// Metrics implements Reader.
func (s *SQLite) Metrics(ctx context.Context, key string) ([]Metric, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT name, value, special FROM metrics WHERE task_key = ? ORDER BY name", key)
	if err != nil {
		return nil, s.wrap("read metrics", err)
	}
	defer rows.Close()
	var out []Metric
	for rows.Next() {
		var m Metric
		var v sql.NullFloat64
		var sp string
		if err := rows.Scan(&m.Name, &v, &sp); err != nil {
			return nil, s.wrap("read metrics", err)
		}
		m.Value = metricValue(v, sp)
		out = append(out, m)
	}
	return out, s.wrap("read metrics", rows.Err())
}

// StudyMetrics implements Reader.
func (s *SQLite) StudyMetrics(ctx context.Context, studyID string) ([]TaskMetric, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT t.key, t.kind, t.label, m.name, m.value, m.special
		FROM study_tasks st JOIN tasks t ON t.key = st.task_key JOIN metrics m ON m.task_key = t.key
		WHERE st.study_id = ? AND t.status = 'done' ORDER BY st.seq, m.name`, studyID)
	if err != nil {
		return nil, s.wrap("read metrics", err)
	}
	defer rows.Close()
	var out []TaskMetric
	for rows.Next() {
		var m TaskMetric
		var v sql.NullFloat64
		var sp string
		if err := rows.Scan(&m.Key, &m.Kind, &m.Label, &m.Name, &v, &sp); err != nil {
			return nil, s.wrap("read metrics", err)
		}
		m.Value = metricValue(v, sp)
		out = append(out, m)
	}
	return out, s.wrap("read metrics", rows.Err())
}

// Artifacts implements Reader.
func (s *SQLite) Artifacts(ctx context.Context, key string) ([]ArtifactInfo, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT name, mime, length(data) FROM artifacts WHERE task_key = ? ORDER BY name", key)
	if err != nil {
		return nil, s.wrap("list artifacts", err)
	}
	defer rows.Close()
	var out []ArtifactInfo
	for rows.Next() {
		var a ArtifactInfo
		if err := rows.Scan(&a.Name, &a.MIME, &a.Size); err != nil {
			return nil, s.wrap("list artifacts", err)
		}
		out = append(out, a)
	}
	return out, s.wrap("list artifacts", rows.Err())
}

// Artifact implements Reader.
func (s *SQLite) Artifact(ctx context.Context, key, name string) (*Artifact, error) {
	var a Artifact
	err := s.db.QueryRowContext(ctx, "SELECT name, mime, data FROM artifacts WHERE task_key = ? AND name = ?", key, name).Scan(&a.Name, &a.MIME, &a.Data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: task %s has no artifact %q: %w", key[:min(len(key), 12)], name, ErrNotFound)
	}
	if err != nil {
		return nil, s.wrap("read artifact "+name, err)
	}
	return &a, nil
}
