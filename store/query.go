package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
)

// This file is the core the two backends share: the SQL of every method
// whose statements and logic are the same on SQLite and PostgreSQL,
// written once against a small interface over the two drivers (conn)
// and a dialect for what their SQL spells differently. Each backend
// keeps its own opening, schema checks, transactions, retries and error
// wording.

// dialect is what differs between the backends' SQL.
type dialect struct {
	// numbered: placeholders are $1, $2, ... (PostgreSQL), not ?.
	numbered bool
	// blob is the type of binary columns (BLOB, BYTEA).
	blob string
	// collate follows an ORDER BY on a text column, so that text sorts
	// byte-wise (SQLite's only order; PostgreSQL's depends on the
	// database's collation).
	collate string
	// text makes a string argument storable in a TEXT column.
	text func(string) string
	// lock, when not empty, is a statement that serialises AddTasks
	// across processes (SQLite's write lock does that already).
	lock string
	// noRows is the driver's error for a single-row query without a row.
	noRows error
}

// bind rewrites the ? placeholders of q in the dialect's style. The
// statements of this package have no ? in their text otherwise.
func (d *dialect) bind(q string) string {
	if !d.numbered || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// ddl is the schema of SchemaVersion in the dialect.
func (d *dialect) ddl() []string {
	out := make([]string, len(schema))
	for i, s := range schema {
		out[i] = strings.ReplaceAll(s, " BLOB ", " "+d.blob+" ")
	}
	return out
}

// row is one result row, or a single-row query's result.
type row interface {
	Scan(dest ...any) error
}

// rows are the rows of a query (pgx.Rows as it is; *sql.Rows adapted).
type rows interface {
	row
	Next() bool
	Err() error
	Close()
}

// stmt is a statement with its arguments.
type stmt struct {
	sql  string
	args []any
}

// conn runs statements in the placeholder style of its driver, on a
// database handle or in a transaction.
type conn interface {
	query(ctx context.Context, q string, args ...any) (rows, error)
	queryRow(ctx context.Context, q string, args ...any) row
	// batch runs the statements in order, stopping at the first error,
	// and returns how many rows each changed. A driver that can sends
	// them in one round trip.
	batch(ctx context.Context, stmts []stmt) ([]int64, error)
}

// txn is a conn with its context and dialect: the shared methods run on
// it.
type txn struct {
	ctx context.Context
	d   *dialect
	c   conn
}

func (t *txn) query(q string, args ...any) (rows, error) {
	return t.c.query(t.ctx, t.d.bind(q), args...)
}

func (t *txn) queryRow(q string, args ...any) row {
	return t.c.queryRow(t.ctx, t.d.bind(q), args...)
}

// batch runs stmts (written with ? placeholders) as conn.batch does.
func (t *txn) batch(stmts []stmt) ([]int64, error) {
	for i := range stmts {
		stmts[i].sql = t.d.bind(stmts[i].sql)
	}
	return t.c.batch(t.ctx, stmts)
}

// exec runs one statement and returns how many rows it changed.
func (t *txn) exec(q string, args ...any) (int64, error) {
	n, err := t.batch([]stmt{{q, args}})
	if err != nil {
		return 0, err
	}
	return n[0], nil
}

// collect reads every row of a query with scan.
func collect[T any](t *txn, scan func(row) (T, error), q string, args ...any) ([]T, error) {
	rs, err := t.query(q, args...)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	out := []T{}
	for rs.Next() {
		v, err := scan(rs)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if err := rs.Err(); err != nil {
		return nil, err
	}
	return out, nil
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

// metricValue decodes a stored metric value: NULL is NaN.
func metricValue(v sql.NullFloat64) float64 {
	if !v.Valid {
		return math.NaN()
	}
	return v.Float64
}

// readMetaVersion reads the schema version in the meta table; who names
// the database in messages ("/path/r.db", "the PostgreSQL database
// ..."). Driver errors are returned unworded.
func (t *txn) readMetaVersion(who string) (int, error) {
	var text string
	err := t.queryRow("SELECT value FROM meta WHERE key = 'schema_version'").Scan(&text)
	if errors.Is(err, t.d.noRows) {
		return 0, ours("store: %s is not an emergo results database: its meta table has no schema_version", who)
	}
	if err != nil {
		return 0, err
	}
	v, err := strconv.Atoi(text)
	if err != nil || v < 1 {
		return 0, ours("store: %s is not an emergo results database: bad schema_version %q", who, text)
	}
	return v, nil
}

// createSchema creates the tables of SchemaVersion and records the
// version, the emergo version that created them and now in meta.
func (t *txn) createSchema(version string) error {
	for _, s := range t.d.ddl() {
		if _, err := t.exec(s); err != nil {
			return err
		}
	}
	now := time.Now().UTC().Format(timeFormat)
	for _, kv := range [][2]string{{"schema_version", strconv.Itoa(SchemaVersion)}, {"created_by", version}, {"created", now}} {
		if _, err := t.exec("INSERT INTO meta (key, value) VALUES (?, ?)", kv[0], kv[1]); err != nil {
			return err
		}
	}
	return nil
}

// buildVersion is the main module's version, as recorded in the binary.
func buildVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "unknown"
}

// core implements the methods of Store whose SQL and logic the backends
// share; SQLite and Postgres embed it. Its two functions are the
// backend's: each runs f in one transaction and words f's driver errors
// as op, naming the database; inRead in a read-only transaction with one
// snapshot, inWrite in a write transaction (retried, on PostgreSQL, when
// a concurrent one aborted it).
type core struct {
	inRead  func(ctx context.Context, op string, f func(t *txn) error) error
	inWrite func(ctx context.Context, op string, f func(t *txn) error) error
}

// readAs runs f in one read transaction of c and returns its value.
func readAs[T any](ctx context.Context, c *core, op string, f func(t *txn) (T, error)) (T, error) {
	var out T
	err := c.inRead(ctx, op, func(t *txn) error {
		var err error
		out, err = f(t)
		return err
	})
	if err != nil {
		var zero T
		return zero, err
	}
	return out, nil
}

// PutStudy inserts a study or updates its name, spec, version and update
// time (Created is kept from the first insert). A zero Updated is now; a
// zero Created is Updated.
func (c *core) PutStudy(ctx context.Context, st *Study) error {
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
	return c.inWrite(ctx, "store study "+st.ID, func(t *txn) error {
		_, err := t.exec(`INSERT INTO studies (id, name, spec, version, created, updated) VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET name = excluded.name, spec = excluded.spec, version = excluded.version, updated = excluded.updated`,
			st.ID, t.d.text(st.Name), t.d.text(st.Spec), t.d.text(st.Version), fmtTime(created), fmtTime(upd))
		return err
	})
}

// studyExists fails with ErrNotFound for an unknown study ID.
func (t *txn) studyExists(id string) error {
	return t.exists("SELECT COUNT(*) FROM studies WHERE id = ?", id, func() error {
		return ours("store: study %q: %w", id, ErrNotFound)
	})
}

// taskExists fails with ErrNotFound for an unknown task.
func (t *txn) taskExists(key string) error {
	return t.exists("SELECT COUNT(*) FROM tasks WHERE key = ?", key, func() error {
		return ours("store: task %s: %w", key, ErrNotFound)
	})
}

// exists runs count, a COUNT(*) query of arg, and fails with notFound()
// when it counts none.
func (t *txn) exists(count, arg string, notFound func() error) error {
	var n int
	if err := t.queryRow(count, arg).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return notFound()
	}
	return nil
}

// addTasksChunk bounds the statements of one batch of AddTasks.
const addTasksChunk = 500

// AddTasks links tasks to a study in one transaction, in their order
// after the tasks already linked. A task not yet stored is inserted as
// Pending with its dependencies; a stored one (perhaps shared with
// another study) keeps its status, result and dependencies. The study
// must exist. Concurrent calls (every task of an array records its
// study) are serialised (by SQLite's write lock; by an advisory lock on
// PostgreSQL), so the order is the first caller's.
func (c *core) AddTasks(ctx context.Context, studyID string, tasks []Task) error {
	for i, t := range tasks {
		if t.Key == "" {
			return fmt.Errorf("store: add tasks to study %s: task %d (%q) has no key", studyID, i, t.Label)
		}
	}
	return c.inWrite(ctx, "add tasks to study "+studyID, func(t *txn) error {
		if t.d.lock != "" {
			if _, err := t.exec(t.d.lock); err != nil {
				return err
			}
		}
		if err := t.studyExists(studyID); err != nil {
			return err
		}
		var taskSeq, linkSeq int64
		if err := t.queryRow("SELECT COALESCE(MAX(seq), 0) FROM tasks").Scan(&taskSeq); err != nil {
			return err
		}
		if err := t.queryRow("SELECT COALESCE(MAX(seq), 0) FROM study_tasks WHERE study_id = ?", studyID).Scan(&linkSeq); err != nil {
			return err
		}
		// Tasks first (their dependencies only when the task is new),
		// then the links, in batches.
		for lo := 0; lo < len(tasks); lo += addTasksChunk {
			part := tasks[lo:min(lo+addTasksChunk, len(tasks))]
			ins := make([]stmt, len(part))
			for i, k := range part {
				taskSeq++
				ins[i] = stmt{`INSERT INTO tasks (key, seq, kind, label, spec, status) VALUES (?, ?, ?, ?, ?, 'pending')
ON CONFLICT (key) DO NOTHING`, []any{k.Key, taskSeq, t.d.text(k.Kind), t.d.text(k.Label), t.d.text(k.Spec)}}
			}
			inserted, err := t.batch(ins)
			if err != nil {
				return err
			}
			var links []stmt
			for i, k := range part {
				if inserted[i] == 1 {
					for pos, d := range k.Deps {
						links = append(links, stmt{"INSERT INTO task_deps (task_key, dep_key, pos) VALUES (?, ?, ?) ON CONFLICT (task_key, dep_key) DO NOTHING", []any{k.Key, d, pos}})
					}
				}
				linkSeq++
				links = append(links, stmt{"INSERT INTO study_tasks (study_id, task_key, seq) VALUES (?, ?, ?) ON CONFLICT (study_id, task_key) DO NOTHING", []any{studyID, k.Key, linkSeq}})
			}
			if _, err := t.batch(links); err != nil {
				return err
			}
		}
		return nil
	})
}

// setTask runs an UPDATE of one task (its last argument is the key),
// failing with ErrNotFound when there is no such task, and then the
// statements more in the same round trip where the driver can.
func (t *txn) setTask(key, update string, args []any, more ...stmt) error {
	n, err := t.exec(update, args...)
	if err != nil {
		return err
	}
	if n == 0 {
		return ours("store: task %s: %w", key, ErrNotFound)
	}
	if len(more) == 0 {
		return nil
	}
	_, err = t.batch(more)
	return err
}

// StartTask marks a task Running by worker: it sets Started to now,
// counts the attempt and clears the error and finish time of a previous
// run.
func (c *core) StartTask(ctx context.Context, key, worker string) error {
	now := fmtTime(time.Now())
	return c.inWrite(ctx, "start task "+key, func(t *txn) error {
		return t.setTask(key, `UPDATE tasks SET status = 'running', started = ?, finished = NULL, attempts = attempts + 1, worker = ?, error = ''
WHERE key = ?`, []any{now, t.d.text(worker), key})
	})
}

// deleteResult are the statements that remove a task's result.
func deleteResult(key string) []stmt {
	return []stmt{
		{"DELETE FROM metrics WHERE task_key = ?", []any{key}},
		{"DELETE FROM artifacts WHERE task_key = ?", []any{key}},
	}
}

// FinishTask stores a task's result and marks it Done in one
// transaction: the previous metrics and artifacts are replaced, Finished
// is now, Seconds and Version come from r and the error is cleared. A
// crash, a lost connection or a concurrent FinishTask of the same task
// by another process leaves either one whole result or the previous
// state (on PostgreSQL the task's row lock orders writers of the same
// task). Metric and artifact names must be non-empty and unique.
func (c *core) FinishTask(ctx context.Context, key string, r *Result) error {
	if err := checkResult(key, r); err != nil {
		return err
	}
	now := fmtTime(time.Now())
	return c.inWrite(ctx, "store the result of task "+key, func(t *txn) error {
		put := deleteResult(key)
		for _, m := range r.Metrics {
			put = append(put, stmt{"INSERT INTO metrics (task_key, name, value) VALUES (?, ?, ?)", []any{key, t.d.text(m.Name), metricArg(m.Value)}})
		}
		for _, a := range r.Artifacts {
			data := a.Data
			if data == nil {
				data = []byte{} // nil would be NULL
			}
			put = append(put, stmt{"INSERT INTO artifacts (task_key, name, mime, size, data) VALUES (?, ?, ?, ?, ?)",
				[]any{key, t.d.text(a.Name), t.d.text(a.MIME), int64(len(data)), data}})
		}
		return t.setTask(key, "UPDATE tasks SET status = 'done', finished = ?, seconds = ?, version = ?, error = '' WHERE key = ?",
			[]any{now, r.Seconds, t.d.text(r.Version), key}, put...)
	})
}

// checkResult rejects a nil result and empty or repeated names.
func checkResult(key string, r *Result) error {
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
	return nil
}

// FailTask marks a task Failed with its error message and Finished now,
// and removes any result of an earlier run: a failed task has none.
func (c *core) FailTask(ctx context.Context, key, msg string) error {
	now := fmtTime(time.Now())
	return c.inWrite(ctx, "record the failure of task "+key, func(t *txn) error {
		return t.setTask(key, "UPDATE tasks SET status = 'failed', error = ?, finished = ? WHERE key = ?",
			[]any{t.d.text(msg), now, key}, deleteResult(key)...)
	})
}

// studySelect selects studies with their task counts; callers put a
// WHERE clause (on s) between it and the GROUP BY of queryStudies.
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

// queryStudies lists the studies where says, most recently updated
// first (the text columns ordered byte-wise).
func (t *txn) queryStudies(where string, args ...any) ([]Study, error) {
	c := t.d.collate
	return collect(t, scanStudy, studySelect+where+`
GROUP BY s.id, s.name, s.spec, s.version, s.created, s.updated
ORDER BY s.updated`+c+` DESC, s.created`+c+` DESC, s.id`+c, args...)
}

func scanStudy(r row) (Study, error) {
	var st Study
	var created, updated sql.NullString
	if err := r.Scan(&st.ID, &st.Name, &st.Spec, &st.Version, &created, &updated,
		&st.Tasks, &st.Pending, &st.Running, &st.Done, &st.Failed); err != nil {
		return st, err
	}
	var err error
	if st.Created, err = parseTime(created); err != nil {
		return st, err
	}
	st.Updated, err = parseTime(updated)
	return st, err
}

// Studies lists every study, most recently updated first, with the
// counts of its tasks by status.
func (c *core) Studies(ctx context.Context) ([]Study, error) {
	return readAs(ctx, c, "list studies", func(t *txn) ([]Study, error) {
		return t.queryStudies("")
	})
}

// minPrefix is the shortest ID prefix Study accepts.
const minPrefix = 4

// Study finds a study by exact ID, else by unique ID prefix of at least
// four characters (an ambiguous prefix is an error listing the
// candidates), else by name (the most recently updated study of that
// name). IDs match case-insensitively. A ref matching nothing gives an
// error wrapping ErrNotFound.
func (c *core) Study(ctx context.Context, ref string) (*Study, error) {
	if ref == "" {
		return nil, fmt.Errorf("store: no study given: %w", ErrNotFound)
	}
	return readAs(ctx, c, "find study "+ref, func(t *txn) (*Study, error) {
		id := strings.ToLower(ref)
		list, err := t.queryStudies("WHERE s.id = ?", id)
		if err != nil {
			return nil, err
		}
		if len(list) == 0 && len(id) >= minPrefix {
			list, err = t.queryStudies("WHERE substr(s.id, 1, ?) = ?", len(id), id)
			if err != nil {
				return nil, err
			}
			if len(list) > 1 {
				cands := make([]string, len(list))
				for i, st := range list {
					cands[i] = fmt.Sprintf("%s (%s)", st.ID[:min(12, len(st.ID))], st.Name)
				}
				return nil, ours("store: study ID prefix %q is ambiguous: it matches %s", ref, strings.Join(cands, ", "))
			}
		}
		if len(list) == 0 {
			list, err = t.queryStudies("WHERE s.name = ?", t.d.text(ref))
			if err != nil {
				return nil, err
			}
		}
		if len(list) == 0 {
			return nil, ours("store: no study %q (by ID, ID prefix or name): %w", ref, ErrNotFound)
		}
		return &list[0], nil
	})
}

// taskColumns are the columns scanTask reads, from tasks t.
const taskColumns = "t.key, t.kind, t.label, t.spec, t.status, t.error, t.attempts, t.worker, t.started, t.finished, t.seconds, t.version"

func scanTask(r row) (Task, error) {
	var t Task
	var status string
	var started, finished sql.NullString
	if err := r.Scan(&t.Key, &t.Kind, &t.Label, &t.Spec, &status, &t.Error, &t.Attempts, &t.Worker,
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

func scanString(r row) (string, error) {
	var s string
	err := r.Scan(&s)
	return s, err
}

// Tasks lists a study's tasks in the order they were added to it, with
// their dependencies. An unknown study ID gives an error wrapping
// ErrNotFound.
func (c *core) Tasks(ctx context.Context, studyID string) ([]Task, error) {
	return readAs(ctx, c, "list the tasks of study "+studyID, func(t *txn) ([]Task, error) {
		if err := t.studyExists(studyID); err != nil {
			return nil, err
		}
		out, err := collect(t, scanTask, "SELECT "+taskColumns+` FROM study_tasks st JOIN tasks t ON t.key = st.task_key
WHERE st.study_id = ? ORDER BY st.seq`, studyID)
		if err != nil {
			return nil, err
		}
		index := make(map[string]int, len(out))
		for i, task := range out {
			index[task.Key] = i
		}
		deps, err := collect(t, func(r row) (dep [2]string, err error) {
			err = r.Scan(&dep[0], &dep[1])
			return dep, err
		}, `SELECT d.task_key, d.dep_key FROM task_deps d JOIN study_tasks st ON st.task_key = d.task_key
WHERE st.study_id = ? ORDER BY d.task_key, d.pos`, studyID)
		if err != nil {
			return nil, err
		}
		for _, d := range deps {
			task := &out[index[d[0]]]
			task.Deps = append(task.Deps, d[1])
		}
		return out, nil
	})
}

// Task returns one task by key, with its dependencies.
func (c *core) Task(ctx context.Context, key string) (*Task, error) {
	return readAs(ctx, c, "read task "+key, func(t *txn) (*Task, error) {
		task, err := scanTask(t.queryRow("SELECT "+taskColumns+" FROM tasks t WHERE t.key = ?", key))
		if errors.Is(err, t.d.noRows) {
			return nil, ours("store: task %s: %w", key, ErrNotFound)
		}
		if err != nil {
			return nil, err
		}
		deps, err := collect(t, scanString, "SELECT dep_key FROM task_deps WHERE task_key = ? ORDER BY pos", key)
		if err != nil {
			return nil, err
		}
		if len(deps) > 0 {
			task.Deps = deps
		}
		return &task, nil
	})
}

// Metrics returns a task's metrics sorted by name (none unless Done).
func (c *core) Metrics(ctx context.Context, key string) ([]Metric, error) {
	return readAs(ctx, c, "read the metrics of task "+key, func(t *txn) ([]Metric, error) {
		if err := t.taskExists(key); err != nil {
			return nil, err
		}
		return collect(t, func(r row) (m Metric, err error) {
			var v sql.NullFloat64
			err = r.Scan(&m.Name, &v)
			m.Value = metricValue(v)
			return m, err
		}, "SELECT name, value FROM metrics WHERE task_key = ? ORDER BY name"+t.d.collate, key)
	})
}

// StudyMetrics returns the metrics of every done task of a study, in the
// study's task order and by name within a task.
func (c *core) StudyMetrics(ctx context.Context, studyID string) ([]TaskMetric, error) {
	return readAs(ctx, c, "read the metrics of study "+studyID, func(t *txn) ([]TaskMetric, error) {
		if err := t.studyExists(studyID); err != nil {
			return nil, err
		}
		return collect(t, func(r row) (m TaskMetric, err error) {
			var v sql.NullFloat64
			err = r.Scan(&m.Key, &m.Kind, &m.Label, &m.Name, &v)
			m.Value = metricValue(v)
			return m, err
		}, `SELECT t.key, t.kind, t.label, m.name, m.value
FROM study_tasks st JOIN tasks t ON t.key = st.task_key JOIN metrics m ON m.task_key = t.key
WHERE st.study_id = ? AND t.status = 'done' ORDER BY st.seq, m.name`+t.d.collate, studyID)
	})
}

// Artifacts lists a task's artifacts sorted by name, without their data.
func (c *core) Artifacts(ctx context.Context, key string) ([]ArtifactInfo, error) {
	return readAs(ctx, c, "list the artifacts of task "+key, func(t *txn) ([]ArtifactInfo, error) {
		if err := t.taskExists(key); err != nil {
			return nil, err
		}
		return collect(t, func(r row) (a ArtifactInfo, err error) {
			err = r.Scan(&a.Name, &a.MIME, &a.Size)
			return a, err
		}, "SELECT name, mime, size FROM artifacts WHERE task_key = ? ORDER BY name"+t.d.collate, key)
	})
}

// Artifact returns one artifact of a task with its data.
func (c *core) Artifact(ctx context.Context, key, name string) (*Artifact, error) {
	return readAs(ctx, c, "read artifact "+name+" of task "+key, func(t *txn) (*Artifact, error) {
		a := &Artifact{Name: name}
		err := t.queryRow("SELECT mime, data FROM artifacts WHERE task_key = ? AND name = ?", key, name).Scan(&a.MIME, &a.Data)
		if errors.Is(err, t.d.noRows) {
			if err := t.taskExists(key); err != nil {
				return nil, err
			}
			return nil, ours("store: artifact %q of task %s: %w", name, key, ErrNotFound)
		}
		if err != nil {
			return nil, err
		}
		if a.Data == nil {
			a.Data = []byte{}
		}
		return a, nil
	})
}
