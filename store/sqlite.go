package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
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
	// core implements the reads and writes, in s.read and s.write.
	core
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
	s.core = core{inRead: s.read, inWrite: s.write}
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
	v, tables, err := s.schemaVersion(s.txn(ctx, s.db))
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
	return s.write(ctx, "create the schema", func(t *txn) error {
		v, tables, err := s.schemaVersion(t)
		if err != nil {
			return err
		}
		if v != 0 || len(tables) != 0 {
			return s.checkVersion(v, tables)
		}
		if version == "" {
			version = buildVersion()
		}
		if err := t.createSchema(version); err != nil {
			return err
		}
		// Also in the header, for tools that look there.
		_, err = t.exec(fmt.Sprintf("PRAGMA user_version = %d", SchemaVersion))
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

// schemaVersion reads the version in the meta table (0 when there is no
// meta table) and the names of the database's tables.
func (s *SQLite) schemaVersion(t *txn) (int, []string, error) {
	tables, err := collect(t, scanString, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
	if err != nil {
		return 0, nil, s.errf(err, "open")
	}
	if !slices.Contains(tables, "meta") {
		return 0, tables, nil
	}
	v, err := t.readMetaVersion(s.path)
	if err != nil {
		return 0, nil, s.errf(err, "open")
	}
	return v, tables, nil
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
func (s *SQLite) write(ctx context.Context, op string, f func(t *txn) error) error {
	if s.ro {
		return fmt.Errorf("store: %s: results database %s is open read-only", op, s.path)
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.errf(err, op)
	}
	if err := f(s.txn(ctx, tx)); err != nil {
		tx.Rollback()
		return s.errf(err, op)
	}
	return s.errf(tx.Commit(), op)
}

// read runs f in one read transaction, so that its queries see one
// snapshot of the database.
func (s *SQLite) read(ctx context.Context, op string, f func(t *txn) error) error {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return s.errf(err, op)
	}
	defer tx.Rollback()
	return s.errf(f(s.txn(ctx, tx)), op)
}

// sqliteDialect is SQLite's SQL: ? placeholders, BLOB, text kept as it
// is (SQLite orders text byte-wise and stores any string).
var sqliteDialect = dialect{blob: "BLOB", text: func(s string) string { return s }, noRows: sql.ErrNoRows}

// txn runs the shared code on db (the database or a transaction).
func (s *SQLite) txn(ctx context.Context, db sqlHandle) *txn {
	return &txn{ctx: ctx, d: &sqliteDialect, c: sqlConn{db}}
}

// sqlHandle is a *sql.DB or a *sql.Tx.
type sqlHandle interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// sqlConn is the conn of database/sql.
type sqlConn struct{ db sqlHandle }

// sqlRows adapts *sql.Rows to rows.
type sqlRows struct{ *sql.Rows }

func (r sqlRows) Close() { r.Rows.Close() }

func (c sqlConn) query(ctx context.Context, q string, args ...any) (rows, error) {
	rs, err := c.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return sqlRows{rs}, nil
}

func (c sqlConn) queryRow(ctx context.Context, q string, args ...any) row {
	return c.db.QueryRowContext(ctx, q, args...)
}

// batch runs the statements one by one, each distinct text prepared
// once.
func (c sqlConn) batch(ctx context.Context, stmts []stmt) ([]int64, error) {
	n := make([]int64, len(stmts))
	if len(stmts) == 1 {
		res, err := c.db.ExecContext(ctx, stmts[0].sql, stmts[0].args...)
		if err != nil {
			return nil, err
		}
		n[0], err = res.RowsAffected()
		return n, err
	}
	prepared := map[string]*sql.Stmt{}
	defer func() {
		for _, p := range prepared {
			p.Close()
		}
	}()
	for i, st := range stmts {
		p := prepared[st.sql]
		if p == nil {
			var err error
			if p, err = c.db.PrepareContext(ctx, st.sql); err != nil {
				return nil, err
			}
			prepared[st.sql] = p
		}
		res, err := p.ExecContext(ctx, st.args...)
		if err != nil {
			return nil, err
		}
		if n[i], err = res.RowsAffected(); err != nil {
			return nil, err
		}
	}
	return n, nil
}
