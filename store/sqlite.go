package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// SchemaVersion is the version of the results schema this package
// writes. A database with a newer version is refused; an older one would
// be migrated (there is none yet).
const SchemaVersion = 1

// DefaultBusyTimeout is how long an operation waits for a lock held by
// another process before it fails.
const DefaultBusyTimeout = 5 * time.Second

// Options configures OpenSQLite. A nil *Options means read-write with
// DefaultBusyTimeout.
type Options struct {
	// ReadOnly opens an existing database for reading only: the file is
	// never created or modified, and every write method fails.
	ReadOnly bool
	// BusyTimeout is how long an operation waits for a lock held by
	// another process (zero means DefaultBusyTimeout).
	BusyTimeout time.Duration
	// Version is the emergo version recorded in a database this call
	// creates (empty: the main module's version from the build info).
	Version string
}

// ErrLocked is returned (wrapped) when another process holds the
// database's lock past the busy timeout.
var ErrLocked = errors.New("database is locked")

// SQLite is a results store in one SQLite file, through the pure-Go
// driver modernc.org/sqlite. It is safe for concurrent use by many
// goroutines, and other processes may read (or write) the same file at
// the same time: the database is in WAL mode, readers never block the
// writer, and writers wait for each other up to the busy timeout.
type SQLite struct {
	db   *sql.DB
	path string
	ro   bool
	busy time.Duration
	// wmu serialises this process's write transactions, so that its
	// goroutines queue here rather than in SQLite's busy handler.
	wmu sync.Mutex
}

var _ Store = (*SQLite)(nil)

// timeFormat is how times are stored: UTC text of fixed width, so that
// text order is time order, with every nanosecond kept.
const timeFormat = "2006-01-02T15:04:05.000000000Z"

// schema is the DDL of SchemaVersion, one statement per element. It keeps
// to SQL that PostgreSQL also accepts, except for BLOB (BYTEA there).
var schema = []string{
	`CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
)`,
	`CREATE TABLE studies (
	id      TEXT PRIMARY KEY,
	name    TEXT NOT NULL,
	spec    TEXT NOT NULL,
	version TEXT NOT NULL,
	created TEXT NOT NULL,
	updated TEXT NOT NULL
)`,
	`CREATE INDEX studies_name ON studies (name, updated)`,
	`CREATE TABLE tasks (
	key      TEXT PRIMARY KEY,
	seq      BIGINT NOT NULL,
	kind     TEXT NOT NULL,
	label    TEXT NOT NULL,
	spec     TEXT NOT NULL,
	status   TEXT NOT NULL CHECK (status IN ('pending', 'running', 'done', 'failed')),
	error    TEXT NOT NULL DEFAULT '',
	attempts INTEGER NOT NULL DEFAULT 0,
	worker   TEXT NOT NULL DEFAULT '',
	started  TEXT,
	finished TEXT,
	seconds  DOUBLE PRECISION NOT NULL DEFAULT 0,
	version  TEXT NOT NULL DEFAULT ''
)`,
	`CREATE TABLE study_tasks (
	study_id TEXT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
	task_key TEXT NOT NULL REFERENCES tasks (key) ON DELETE CASCADE,
	seq      BIGINT NOT NULL,
	PRIMARY KEY (study_id, task_key)
)`,
	`CREATE INDEX study_tasks_task ON study_tasks (task_key)`,
	`CREATE TABLE task_deps (
	task_key TEXT NOT NULL REFERENCES tasks (key) ON DELETE CASCADE,
	dep_key  TEXT NOT NULL,
	pos      INTEGER NOT NULL,
	PRIMARY KEY (task_key, dep_key)
)`,
	`CREATE TABLE metrics (
	task_key TEXT NOT NULL REFERENCES tasks (key) ON DELETE CASCADE,
	name     TEXT NOT NULL,
	value    DOUBLE PRECISION,
	PRIMARY KEY (task_key, name)
)`,
	`CREATE TABLE artifacts (
	task_key TEXT NOT NULL REFERENCES tasks (key) ON DELETE CASCADE,
	name     TEXT NOT NULL,
	mime     TEXT NOT NULL,
	size     BIGINT NOT NULL,
	data     BLOB NOT NULL,
	PRIMARY KEY (task_key, name)
)`,
}

// OpenSQLite opens the results database at path, creating it (and its
// schema) unless opt.ReadOnly; the directory must exist. It fails with a
// message naming the file when the directory is missing or not
// writable, when the file is not a SQLite database or holds no emergo
// results schema, when its schema is newer than this package, and when
// another process keeps it locked past the busy timeout. A read-only
// open of a missing file fails with an error wrapping fs.ErrNotExist and
// creates nothing.
func OpenSQLite(path string, opt *Options) (*SQLite, error) {
	var o Options
	if opt != nil {
		o = *opt
	}
	if o.BusyTimeout <= 0 {
		o.BusyTimeout = DefaultBusyTimeout
	}
	if path == "" {
		return nil, errors.New("store: no results database path given")
	}
	if err := checkPath(path, o.ReadOnly); err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("store: results database %s: %v", path, err)
	}
	db, err := sql.Open("sqlite", dsn(abs, &o))
	if err != nil {
		return nil, fmt.Errorf("store: results database %s: %v", path, err)
	}
	s := &SQLite{db: db, path: path, ro: o.ReadOnly, busy: o.BusyTimeout}
	if err := s.init(o.Version); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// checkPath gives clear errors for the common problems with path before
// SQLite gives vague ones.
func checkPath(path string, readOnly bool) error {
	st, err := os.Stat(path)
	switch {
	case err == nil && st.IsDir():
		return fmt.Errorf("store: results database %s is a directory", path)
	case err == nil && !readOnly:
		f, err := os.OpenFile(path, os.O_RDWR, 0)
		if err != nil {
			return fmt.Errorf("store: cannot write results database %s: %v", path, pathErr(err))
		}
		f.Close()
	case err == nil:
	case errors.Is(err, fs.ErrNotExist) && readOnly:
		return fmt.Errorf("store: no results database at %s: %w", path, fs.ErrNotExist)
	case errors.Is(err, fs.ErrNotExist):
	default:
		return fmt.Errorf("store: results database %s: %v", path, pathErr(err))
	}
	if readOnly {
		return nil
	}
	// Writing needs the directory too: SQLite keeps its write-ahead log
	// and shared-memory index beside the database.
	dir := filepath.Dir(path)
	verb := "create"
	if err == nil {
		verb = "write"
	}
	ds, derr := os.Stat(dir)
	switch {
	case errors.Is(derr, fs.ErrNotExist):
		return fmt.Errorf("store: cannot %s results database %s: directory %s does not exist", verb, path, dir)
	case derr != nil:
		return fmt.Errorf("store: cannot %s results database %s: directory %s: %v", verb, path, dir, pathErr(derr))
	case !ds.IsDir():
		return fmt.Errorf("store: cannot %s results database %s: %s is not a directory", verb, path, dir)
	}
	probe, perr := os.CreateTemp(dir, ".emergo-probe-*")
	if perr != nil {
		return fmt.Errorf("store: cannot %s results database %s: directory %s is not writable (%v)", verb, path, dir, pathErr(perr))
	}
	probe.Close()
	os.Remove(probe.Name())
	return nil
}

// pathErr drops the operation and path of a *fs.PathError, which the
// callers name themselves.
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// dsn is the driver's data source name for the absolute path abs: a URI
// (so that any character in the path is safe) with the settings every
// pooled connection needs.
func dsn(abs string, o *Options) string {
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // a Windows drive: file:///C:/...
	}
	u := url.URL{Scheme: "file", Path: p}
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", o.BusyTimeout.Milliseconds()))
	q.Add("_pragma", "foreign_keys(1)")
	if o.ReadOnly {
		q.Set("mode", "ro")
		q.Set("_query_only", "1")
	} else {
		// Write transactions take the write lock when they begin, so
		// they wait in the busy handler instead of failing at their
		// first write when another writer got there first.
		q.Set("_txlock", "immediate")
	}
	return u.String() + "?" + q.Encode()
}

// init checks the schema, creating it in a new database.
func (s *SQLite) init(version string) error {
	ctx := context.Background()
	v, tables, err := s.schemaVersion(ctx, s.db)
	if err != nil {
		return err
	}
	if v != 0 || len(tables) != 0 || s.ro {
		if err := s.checkVersion(v, tables); err != nil || s.ro {
			return err
		}
	}
	// Only now, with the file known to be ours (or new), may it change.
	var mode string
	if err := s.db.QueryRowContext(ctx, "PRAGMA journal_mode = WAL").Scan(&mode); err != nil {
		return s.errf(err, "open")
	}
	if v != 0 {
		return nil
	}
	// A new database: create the schema, unless another process did it
	// meanwhile.
	return s.write(ctx, "create the schema", func(tx *sql.Tx) error {
		v, tables, err := s.schemaVersion(ctx, tx)
		if err != nil {
			return err
		}
		if v != 0 || len(tables) != 0 {
			return s.checkVersion(v, tables)
		}
		for _, stmt := range schema {
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				return err
			}
		}
		if version == "" {
			version = buildVersion()
		}
		now := time.Now().UTC().Format(timeFormat)
		for _, kv := range [][2]string{{"schema_version", strconv.Itoa(SchemaVersion)}, {"created_by", version}, {"created", now}} {
			if _, err := tx.ExecContext(ctx, "INSERT INTO meta (key, value) VALUES (?, ?)", kv[0], kv[1]); err != nil {
				return err
			}
		}
		// Also in the header, for tools that look there.
		_, err = tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", SchemaVersion))
		return err
	})
}

// checkVersion judges the schema version v found with the given tables.
func (s *SQLite) checkVersion(v int, tables []string) error {
	switch {
	case v == SchemaVersion:
		return nil
	case v > SchemaVersion:
		return ours("store: results database %s has schema version %d, newer than this emergo understands (%d): upgrade emergo", s.path, v, SchemaVersion)
	case len(tables) == 0:
		return ours("store: %s is not an emergo results database: it is an empty SQLite database", s.path)
	case v == 0 && slices.Contains(tables, "studies") && slices.Contains(tables, "tasks"):
		return ours("store: %s was written by a development build of emergo with an older layout (no meta table): remove it and run the study again", s.path)
	case v == 0:
		return ours("store: %s is not an emergo results database: it is a SQLite database with other tables (%s)", s.path, strings.Join(tables, ", "))
	}
	return ours("store: results database %s has schema version %d, which this emergo cannot read (it reads %d)", s.path, v, SchemaVersion)
}

// queryer is a *sql.DB or a *sql.Tx.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// schemaVersion reads the version in the meta table (0 when there is no
// meta table) and the names of the database's tables.
func (s *SQLite) schemaVersion(ctx context.Context, q queryer) (int, []string, error) {
	rows, err := q.QueryContext(ctx, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
	if err != nil {
		return 0, nil, s.errf(err, "open")
	}
	var tables []string
	hasMeta := false
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return 0, nil, s.errf(err, "open")
		}
		tables = append(tables, n)
		hasMeta = hasMeta || n == "meta"
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, nil, s.errf(err, "open")
	}
	if !hasMeta {
		return 0, tables, nil
	}
	var text string
	err = q.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = 'schema_version'").Scan(&text)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil, ours("store: %s is not an emergo results database: its meta table has no schema_version", s.path)
	}
	if err != nil {
		return 0, nil, s.errf(err, "open")
	}
	v, err := strconv.Atoi(text)
	if err != nil || v < 1 {
		return 0, nil, ours("store: %s is not an emergo results database: bad schema_version %q", s.path, text)
	}
	return v, tables, nil
}

// buildVersion is the main module's version, as recorded in the binary.
func buildVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "unknown"
}

// Path returns the path the database was opened with.
func (s *SQLite) Path() string { return s.path }

// Close closes the database. A read-write store checkpoints its
// write-ahead log into the database file when it is the last user.
func (s *SQLite) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("store: closing results database %s: %v", s.path, err)
	}
	return nil
}

// storeError is an error this package worded, which needs no rewording.
type storeError struct{ err error }

func (e *storeError) Error() string { return e.err.Error() }
func (e *storeError) Unwrap() error { return e.err }

// ours wraps a formatted error as a storeError.
func ours(format string, args ...any) error {
	return &storeError{fmt.Errorf(format, args...)}
}

func isOurs(err error) bool {
	var se *storeError
	return errors.As(err, &se) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// errf turns a driver error during op into a clear error naming the
// file. Errors already worded here and context errors are returned as
// they are.
func (s *SQLite) errf(err error, op string) error {
	if err == nil || isOurs(err) {
		return err
	}
	return &storeError{s.explain(err, op)}
}

// explain words a driver error during op.
func (s *SQLite) explain(err error, op string) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_NOTADB:
			return fmt.Errorf("store: %s is not an emergo results database: file is not a database", s.path)
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return fmt.Errorf("store: %s: results database %s is locked by another process (waited %v): %w", op, s.path, s.busy, ErrLocked)
		case sqlite3.SQLITE_READONLY:
			if s.ro {
				return fmt.Errorf("store: %s: results database %s is open read-only", op, s.path)
			}
			return fmt.Errorf("store: %s: results database %s is read-only: %v", op, s.path, err)
		case sqlite3.SQLITE_CORRUPT:
			return fmt.Errorf("store: %s: results database %s is corrupt: %v", op, s.path, err)
		case sqlite3.SQLITE_FULL:
			return fmt.Errorf("store: %s: results database %s: the disk is full", op, s.path)
		case sqlite3.SQLITE_CANTOPEN:
			return fmt.Errorf("store: %s: cannot open results database %s: %v", op, s.path, err)
		}
	}
	return fmt.Errorf("store: %s: results database %s: %v", op, s.path, err)
}

// write runs f in one write transaction, serialised with this process's
// other writes.
func (s *SQLite) write(ctx context.Context, op string, f func(tx *sql.Tx) error) error {
	if s.ro {
		return fmt.Errorf("store: %s: results database %s is open read-only", op, s.path)
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.errf(err, op)
	}
	if err := f(tx); err != nil {
		tx.Rollback()
		return s.errf(err, op)
	}
	return s.errf(tx.Commit(), op)
}

// read runs f in one read transaction, so that its queries see one
// snapshot of the database.
func (s *SQLite) read(ctx context.Context, op string, f func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return s.errf(err, op)
	}
	defer tx.Rollback()
	return s.errf(f(tx), op)
}

// fmtTime encodes t as stored; the zero time is NULL.
func fmtTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(timeFormat)
}

// parseTime decodes a stored time; NULL is the zero time.
func parseTime(v sql.NullString) (time.Time, error) {
	if !v.Valid || v.String == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, v.String)
	if err != nil {
		return time.Time{}, fmt.Errorf("bad stored time %q: %v", v.String, err)
	}
	return t.UTC(), nil
}

// metricArg encodes a metric value: NaN as NULL (SQL has no NaN), ±Inf
// as themselves (SQLite's REAL and PostgreSQL's DOUBLE PRECISION hold
// them).
func metricArg(v float64) any {
	if math.IsNaN(v) {
		return nil
	}
	return v
}

func metricValue(v sql.NullFloat64) float64 {
	if !v.Valid {
		return math.NaN()
	}
	return v.Float64
}

// PutStudy inserts a study or updates its name, spec, version and update
// time (Created is kept from the first insert). A zero Updated is now; a
// zero Created is Updated.
func (s *SQLite) PutStudy(ctx context.Context, st *Study) error {
	if st == nil || st.ID == "" {
		return errors.New("store: PutStudy: the study has no ID")
	}
	upd := st.Updated
	if upd.IsZero() {
		upd = time.Now()
	}
	created := st.Created
	if created.IsZero() {
		created = upd
	}
	return s.write(ctx, "store study "+st.ID, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO studies (id, name, spec, version, created, updated) VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET name = excluded.name, spec = excluded.spec, version = excluded.version, updated = excluded.updated`,
			st.ID, st.Name, st.Spec, st.Version, fmtTime(created), fmtTime(upd))
		return err
	})
}

// AddTasks links tasks to a study in one transaction, in their order
// after the tasks already linked. A task not yet stored is inserted as
// Pending with its dependencies; a stored one (perhaps shared with
// another study) keeps its status, result and dependencies. The study
// must exist.
func (s *SQLite) AddTasks(ctx context.Context, studyID string, tasks []Task) error {
	for i, t := range tasks {
		if t.Key == "" {
			return fmt.Errorf("store: add tasks to study %s: task %d (%q) has no key", studyID, i, t.Label)
		}
	}
	return s.write(ctx, "add tasks to study "+studyID, func(tx *sql.Tx) error {
		if err := studyExists(ctx, tx, studyID); err != nil {
			return err
		}
		var taskSeq, linkSeq int64
		if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(seq), 0) FROM tasks").Scan(&taskSeq); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(seq), 0) FROM study_tasks WHERE study_id = ?", studyID).Scan(&linkSeq); err != nil {
			return err
		}
		insTask, err := tx.PrepareContext(ctx, `INSERT INTO tasks (key, seq, kind, label, spec, status) VALUES (?, ?, ?, ?, ?, 'pending')
ON CONFLICT (key) DO NOTHING`)
		if err != nil {
			return err
		}
		defer insTask.Close()
		insDep, err := tx.PrepareContext(ctx, "INSERT INTO task_deps (task_key, dep_key, pos) VALUES (?, ?, ?) ON CONFLICT (task_key, dep_key) DO NOTHING")
		if err != nil {
			return err
		}
		defer insDep.Close()
		insLink, err := tx.PrepareContext(ctx, "INSERT INTO study_tasks (study_id, task_key, seq) VALUES (?, ?, ?) ON CONFLICT (study_id, task_key) DO NOTHING")
		if err != nil {
			return err
		}
		defer insLink.Close()
		for _, t := range tasks {
			taskSeq++
			res, err := insTask.ExecContext(ctx, t.Key, taskSeq, t.Kind, t.Label, t.Spec)
			if err != nil {
				return err
			}
			if k, _ := res.RowsAffected(); k == 1 {
				for i, d := range t.Deps {
					if _, err := insDep.ExecContext(ctx, t.Key, d, i); err != nil {
						return err
					}
				}
			}
			linkSeq++
			if _, err := insLink.ExecContext(ctx, studyID, t.Key, linkSeq); err != nil {
				return err
			}
		}
		return nil
	})
}

// StartTask marks a task Running by worker: it sets Started to now,
// counts the attempt and clears the error and finish time of a previous
// run.
func (s *SQLite) StartTask(ctx context.Context, key, worker string) error {
	now := fmtTime(time.Now())
	return s.write(ctx, "start task "+key, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE tasks SET status = 'running', started = ?, finished = NULL, attempts = attempts + 1, worker = ?, error = ''
WHERE key = ?`, now, worker, key)
		if err != nil {
			return err
		}
		return mustHit(res, key)
	})
}

// mustHit reports ErrNotFound when an update touched no task.
func mustHit(res sql.Result, key string) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return ours("store: task %s: %w", key, ErrNotFound)
	}
	return nil
}

// FinishTask stores a task's result and marks it Done in one
// transaction: the previous metrics and artifacts are replaced, Finished
// is now, Seconds and Version come from r and the error is cleared. A
// crash leaves either all of it or none. Metric and artifact names must
// be non-empty and unique.
func (s *SQLite) FinishTask(ctx context.Context, key string, r *Result) error {
	if r == nil {
		return fmt.Errorf("store: finish task %s: no result", key)
	}
	seen := map[string]bool{}
	for _, m := range r.Metrics {
		if m.Name == "" || seen[m.Name] {
			return fmt.Errorf("store: finish task %s: metric name %q is empty or repeated", key, m.Name)
		}
		seen[m.Name] = true
	}
	clear(seen)
	for _, a := range r.Artifacts {
		if a.Name == "" || seen[a.Name] {
			return fmt.Errorf("store: finish task %s: artifact name %q is empty or repeated", key, a.Name)
		}
		seen[a.Name] = true
	}
	now := fmtTime(time.Now())
	return s.write(ctx, "store the result of task "+key, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE tasks SET status = 'done', finished = ?, seconds = ?, version = ?, error = '' WHERE key = ?",
			now, r.Seconds, r.Version, key)
		if err != nil {
			return err
		}
		if err := mustHit(res, key); err != nil {
			return err
		}
		if err := deleteResult(ctx, tx, key); err != nil {
			return err
		}
		if len(r.Metrics) > 0 {
			st, err := tx.PrepareContext(ctx, "INSERT INTO metrics (task_key, name, value) VALUES (?, ?, ?)")
			if err != nil {
				return err
			}
			defer st.Close()
			for _, m := range r.Metrics {
				if _, err := st.ExecContext(ctx, key, m.Name, metricArg(m.Value)); err != nil {
					return err
				}
			}
		}
		if len(r.Artifacts) > 0 {
			st, err := tx.PrepareContext(ctx, "INSERT INTO artifacts (task_key, name, mime, size, data) VALUES (?, ?, ?, ?, ?)")
			if err != nil {
				return err
			}
			defer st.Close()
			for _, a := range r.Artifacts {
				data := a.Data
				if data == nil {
					data = []byte{} // the driver binds nil as NULL
				}
				if _, err := st.ExecContext(ctx, key, a.Name, a.MIME, int64(len(data)), data); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

func deleteResult(ctx context.Context, tx *sql.Tx, key string) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM metrics WHERE task_key = ?", key); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, "DELETE FROM artifacts WHERE task_key = ?", key)
	return err
}

// FailTask marks a task Failed with its error message and Finished now,
// and removes any result of an earlier run: a failed task has none.
func (s *SQLite) FailTask(ctx context.Context, key, msg string) error {
	now := fmtTime(time.Now())
	return s.write(ctx, "record the failure of task "+key, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE tasks SET status = 'failed', error = ?, finished = ? WHERE key = ?", msg, now, key)
		if err != nil {
			return err
		}
		if err := mustHit(res, key); err != nil {
			return err
		}
		return deleteResult(ctx, tx, key)
	})
}

// studySelect selects studies with their task counts; callers put a
// WHERE clause (on s) between it and studyGroup.
const studySelect = `SELECT s.id, s.name, s.spec, s.version, s.created, s.updated,
	COUNT(t.key),
	COALESCE(SUM(CASE WHEN t.status = 'pending' THEN 1 ELSE 0 END), 0),
	COALESCE(SUM(CASE WHEN t.status = 'running' THEN 1 ELSE 0 END), 0),
	COALESCE(SUM(CASE WHEN t.status = 'done' THEN 1 ELSE 0 END), 0),
	COALESCE(SUM(CASE WHEN t.status = 'failed' THEN 1 ELSE 0 END), 0)
FROM studies s
LEFT JOIN study_tasks st ON st.study_id = s.id
LEFT JOIN tasks t ON t.key = st.task_key
`

const studyGroup = `
GROUP BY s.id, s.name, s.spec, s.version, s.created, s.updated
ORDER BY s.updated DESC, s.created DESC, s.id`

func queryStudies(ctx context.Context, q queryer, where string, args ...any) ([]Study, error) {
	rows, err := q.QueryContext(ctx, studySelect+where+studyGroup, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Study{}
	for rows.Next() {
		var st Study
		var created, updated sql.NullString
		if err := rows.Scan(&st.ID, &st.Name, &st.Spec, &st.Version, &created, &updated,
			&st.Tasks, &st.Pending, &st.Running, &st.Done, &st.Failed); err != nil {
			return nil, err
		}
		if st.Created, err = parseTime(created); err != nil {
			return nil, err
		}
		if st.Updated, err = parseTime(updated); err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, rows.Err()
}

// studyExists fails with ErrNotFound for an unknown study ID.
func studyExists(ctx context.Context, tx *sql.Tx, id string) error {
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM studies WHERE id = ?", id).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return ours("store: study %q: %w", id, ErrNotFound)
	}
	return nil
}

// taskExists fails with ErrNotFound for an unknown task.
func taskExists(ctx context.Context, tx *sql.Tx, key string) error {
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM tasks WHERE key = ?", key).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return ours("store: task %s: %w", key, ErrNotFound)
	}
	return nil
}

// Studies lists every study, most recently updated first, with the
// counts of its tasks by status.
func (s *SQLite) Studies(ctx context.Context) ([]Study, error) {
	var out []Study
	err := s.read(ctx, "list studies", func(tx *sql.Tx) error {
		var err error
		out, err = queryStudies(ctx, tx, "")
		return err
	})
	return out, err
}

// minPrefix is the shortest ID prefix Study accepts.
const minPrefix = 4

// Study finds a study by exact ID, else by unique ID prefix of at least
// four characters (an ambiguous prefix is an error listing the
// candidates), else by name (the most recently updated study of that
// name). IDs match case-insensitively. A ref matching nothing gives an
// error wrapping ErrNotFound.
func (s *SQLite) Study(ctx context.Context, ref string) (*Study, error) {
	if ref == "" {
		return nil, fmt.Errorf("store: no study given: %w", ErrNotFound)
	}
	var found *Study
	err := s.read(ctx, "find study "+ref, func(tx *sql.Tx) error {
		id := strings.ToLower(ref)
		list, err := queryStudies(ctx, tx, "WHERE s.id = ?", id)
		if err != nil {
			return err
		}
		if len(list) == 0 && len(id) >= minPrefix {
			list, err = queryStudies(ctx, tx, "WHERE substr(s.id, 1, ?) = ?", len(id), id)
			if err != nil {
				return err
			}
			if len(list) > 1 {
				c := make([]string, len(list))
				for i, st := range list {
					c[i] = fmt.Sprintf("%s (%s)", st.ID[:min(12, len(st.ID))], st.Name)
				}
				return ours("store: study ID prefix %q is ambiguous: it matches %s", ref, strings.Join(c, ", "))
			}
		}
		if len(list) == 0 {
			list, err = queryStudies(ctx, tx, "WHERE s.name = ?", ref)
			if err != nil {
				return err
			}
		}
		if len(list) == 0 {
			return ours("store: no study %q (by ID, ID prefix or name): %w", ref, ErrNotFound)
		}
		found = &list[0]
		return nil
	})
	return found, err
}

// taskColumns are the columns scanTask reads, from tasks t.
const taskColumns = "t.key, t.kind, t.label, t.spec, t.status, t.error, t.attempts, t.worker, t.started, t.finished, t.seconds, t.version"

func scanTask(sc interface{ Scan(...any) error }) (Task, error) {
	var t Task
	var status string
	var started, finished sql.NullString
	if err := sc.Scan(&t.Key, &t.Kind, &t.Label, &t.Spec, &status, &t.Error, &t.Attempts, &t.Worker,
		&started, &finished, &t.Seconds, &t.Version); err != nil {
		return t, err
	}
	t.Status = Status(status)
	var err error
	if t.Started, err = parseTime(started); err != nil {
		return t, err
	}
	t.Finished, err = parseTime(finished)
	return t, err
}

// Tasks lists a study's tasks in the order they were added to it, with
// their dependencies. An unknown study ID gives an error wrapping
// ErrNotFound.
func (s *SQLite) Tasks(ctx context.Context, studyID string) ([]Task, error) {
	var out []Task
	err := s.read(ctx, "list the tasks of study "+studyID, func(tx *sql.Tx) error {
		if err := studyExists(ctx, tx, studyID); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, "SELECT "+taskColumns+` FROM study_tasks st JOIN tasks t ON t.key = st.task_key
WHERE st.study_id = ? ORDER BY st.seq`, studyID)
		if err != nil {
			return err
		}
		defer rows.Close()
		out = []Task{}
		index := map[string]int{}
		for rows.Next() {
			t, err := scanTask(rows)
			if err != nil {
				return err
			}
			index[t.Key] = len(out)
			out = append(out, t)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		deps, err := tx.QueryContext(ctx, `SELECT d.task_key, d.dep_key FROM task_deps d JOIN study_tasks st ON st.task_key = d.task_key
WHERE st.study_id = ? ORDER BY d.task_key, d.pos`, studyID)
		if err != nil {
			return err
		}
		defer deps.Close()
		for deps.Next() {
			var k, d string
			if err := deps.Scan(&k, &d); err != nil {
				return err
			}
			t := &out[index[k]]
			t.Deps = append(t.Deps, d)
		}
		return deps.Err()
	})
	return out, err
}

// Task returns one task by key, with its dependencies.
func (s *SQLite) Task(ctx context.Context, key string) (*Task, error) {
	var out *Task
	err := s.read(ctx, "read task "+key, func(tx *sql.Tx) error {
		t, err := scanTask(tx.QueryRowContext(ctx, "SELECT "+taskColumns+" FROM tasks t WHERE t.key = ?", key))
		if errors.Is(err, sql.ErrNoRows) {
			return ours("store: task %s: %w", key, ErrNotFound)
		}
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, "SELECT dep_key FROM task_deps WHERE task_key = ? ORDER BY pos", key)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var d string
			if err := rows.Scan(&d); err != nil {
				return err
			}
			t.Deps = append(t.Deps, d)
		}
		out = &t
		return rows.Err()
	})
	return out, err
}

// Metrics returns a task's metrics sorted by name (none unless Done).
func (s *SQLite) Metrics(ctx context.Context, key string) ([]Metric, error) {
	var out []Metric
	err := s.read(ctx, "read the metrics of task "+key, func(tx *sql.Tx) error {
		if err := taskExists(ctx, tx, key); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, "SELECT name, value FROM metrics WHERE task_key = ? ORDER BY name", key)
		if err != nil {
			return err
		}
		defer rows.Close()
		out = []Metric{}
		for rows.Next() {
			var m Metric
			var v sql.NullFloat64
			if err := rows.Scan(&m.Name, &v); err != nil {
				return err
			}
			m.Value = metricValue(v)
			out = append(out, m)
		}
		return rows.Err()
	})
	return out, err
}

// StudyMetrics returns the metrics of every done task of a study, in the
// study's task order and by name within a task.
func (s *SQLite) StudyMetrics(ctx context.Context, studyID string) ([]TaskMetric, error) {
	var out []TaskMetric
	err := s.read(ctx, "read the metrics of study "+studyID, func(tx *sql.Tx) error {
		if err := studyExists(ctx, tx, studyID); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT t.key, t.kind, t.label, m.name, m.value
FROM study_tasks st JOIN tasks t ON t.key = st.task_key JOIN metrics m ON m.task_key = t.key
WHERE st.study_id = ? AND t.status = 'done' ORDER BY st.seq, m.name`, studyID)
		if err != nil {
			return err
		}
		defer rows.Close()
		out = []TaskMetric{}
		for rows.Next() {
			var m TaskMetric
			var v sql.NullFloat64
			if err := rows.Scan(&m.Key, &m.Kind, &m.Label, &m.Name, &v); err != nil {
				return err
			}
			m.Value = metricValue(v)
			out = append(out, m)
		}
		return rows.Err()
	})
	return out, err
}

// Artifacts lists a task's artifacts sorted by name, without their data.
func (s *SQLite) Artifacts(ctx context.Context, key string) ([]ArtifactInfo, error) {
	var out []ArtifactInfo
	err := s.read(ctx, "list the artifacts of task "+key, func(tx *sql.Tx) error {
		if err := taskExists(ctx, tx, key); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, "SELECT name, mime, size FROM artifacts WHERE task_key = ? ORDER BY name", key)
		if err != nil {
			return err
		}
		defer rows.Close()
		out = []ArtifactInfo{}
		for rows.Next() {
			var a ArtifactInfo
			if err := rows.Scan(&a.Name, &a.MIME, &a.Size); err != nil {
				return err
			}
			out = append(out, a)
		}
		return rows.Err()
	})
	return out, err
}

// Artifact returns one artifact of a task with its data.
func (s *SQLite) Artifact(ctx context.Context, key, name string) (*Artifact, error) {
	var out *Artifact
	err := s.read(ctx, "read artifact "+name+" of task "+key, func(tx *sql.Tx) error {
		a := &Artifact{Name: name}
		err := tx.QueryRowContext(ctx, "SELECT mime, data FROM artifacts WHERE task_key = ? AND name = ?", key, name).Scan(&a.MIME, &a.Data)
		if errors.Is(err, sql.ErrNoRows) {
			if err := taskExists(ctx, tx, key); err != nil {
				return err
			}
			return ours("store: artifact %q of task %s: %w", name, key, ErrNotFound)
		}
		if err != nil {
			return err
		}
		if a.Data == nil {
			a.Data = []byte{}
		}
		out = a
		return nil
	})
	return out, err
}
