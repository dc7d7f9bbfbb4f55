package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Postgres is a results store in a PostgreSQL database, through pgx's
// connection pool. It has the logical schema of the SQLite store (see the
// package documentation; BYTEA for BLOB) and the same guarantees: each
// write method is one transaction, FinishTask stores a whole result or
// none, AddTasks is idempotent, a missing study, task or artifact is an
// error wrapping ErrNotFound, and NaN and ±Inf metrics round-trip. Many
// processes (the tasks of a Slurm job array or of a Kubernetes Indexed
// Job) may write to the same database at once; a *Postgres is safe for
// use by many goroutines.
//
// The schema lives in the connection's current schema (search_path):
// other tables may share the database as long as none has the name of
// one of emergo's.
type Postgres struct {
	pool *pgxpool.Pool
	// where names the database in messages, without the password.
	where string
}

var _ Store = (*Postgres)(nil)

// pgLockID is the key of the advisory lock that serialises schema
// creation and AddTasks across processes ("emergo" in ASCII).
const pgLockID int64 = 0x656d6572676f

// pgTables are the tables of the schema, in creation order.
var pgTables = []string{"meta", "studies", "tasks", "study_tasks", "task_deps", "metrics", "artifacts"}

// pgRetries bounds the retries of a transaction that PostgreSQL aborted
// for a deadlock or a serialization failure (another process's
// concurrent transaction); the retry is safe because every write method
// is one transaction.
const pgRetries = 8

// IsPostgresURL reports whether dsn is a PostgreSQL URL
// (postgres://... or postgresql://...), as Open decides.
func IsPostgresURL(dsn string) bool {
	l := strings.ToLower(dsn)
	return strings.HasPrefix(l, "postgres://") || strings.HasPrefix(l, "postgresql://")
}

// urlScheme matches a URL scheme followed by "://".
var urlScheme = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.-]*)://`)

// userinfo matches the user and password of a URL that url.Parse
// refuses.
var userinfo = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.-]*://[^:/@]*:)[^@]*@`)

// Open opens the results store named by dsn: a PostgreSQL database for a
// postgres:// or postgresql:// URL (OpenPostgres), else a SQLite file at
// the path dsn (OpenSQLite, read-write, created when missing). Any other
// URL scheme is an error.
func Open(ctx context.Context, dsn string) (Store, error) {
	if IsPostgresURL(dsn) {
		return OpenPostgres(ctx, dsn)
	}
	if m := urlScheme.FindStringSubmatch(dsn); m != nil {
		return nil, fmt.Errorf("store: unsupported results database %q: the scheme %s:// is neither postgres:// nor postgresql:// (give a file path for SQLite)", Redact(dsn), m[1])
	}
	return OpenSQLite(dsn, nil)
}

// Redact returns dsn with the password of a URL replaced by "xxxxx", for
// messages and logs; anything that is not a URL with a password is
// returned unchanged.
func Redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return userinfo.ReplaceAllString(dsn, "${1}xxxxx@")
	}
	if u.User == nil {
		return dsn
	}
	if _, ok := u.User.Password(); !ok {
		return dsn
	}
	u.User = url.UserPassword(u.User.Username(), "xxxxx")
	return u.String()
}

// OpenPostgres connects to the PostgreSQL database at url (a
// postgres:// URL; pgx's pool settings such as pool_max_conns may be
// given as query parameters) and creates emergo's schema there unless
// it exists. It fails with a message naming the server and database
// (never the password) when the server cannot be reached or refuses the
// login, when the database holds tables named like emergo's without its
// schema version, and when the schema is newer than this package. The
// schema is created once even when many processes open a new database at
// the same moment.
func OpenPostgres(ctx context.Context, url string) (*Postgres, error) {
	if IsPostgresURL(url) {
		// pgx knows the schemes in lower case only.
		i := strings.Index(url, "://")
		url = strings.ToLower(url[:i]) + url[i:]
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("store: bad PostgreSQL URL %s: %v", Redact(url), err)
	}
	cc := cfg.ConnConfig
	p := &Postgres{where: fmt.Sprintf("PostgreSQL database %q at %s:%d (user %q)", cc.Database, cc.Host, cc.Port, cc.User)}
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = 30 * time.Second
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("store: %s: %v", p.where, err)
	}
	p.pool = pool
	if err := p.connect(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	if err := p.init(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return p, nil
}

// connect checks that the server answers, waiting (up to a minute) while
// it reports too many connections or that it is starting: a thousand
// array tasks starting together may briefly exceed max_connections.
func (p *Postgres) connect(ctx context.Context) error {
	wait := 100 * time.Millisecond
	deadline := time.Now().Add(time.Minute)
	for {
		err := p.pool.Ping(ctx)
		if err == nil {
			return nil
		}
		var pe *pgconn.PgError
		transient := errors.As(err, &pe) && (pe.Code == "53300" || pe.Code == "57P03")
		if !transient || time.Now().After(deadline) || ctx.Err() != nil {
			return fmt.Errorf("store: cannot connect to the %s: %v", p.where, pgMessage(err))
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
		wait = min(2*wait, 2*time.Second)
	}
}

// pgMessage shortens a pgx error: a server error is its message, code
// and detail.
func pgMessage(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		s := fmt.Sprintf("%s (SQLSTATE %s)", pe.Message, pe.Code)
		if pe.Detail != "" {
			s += ": " + pe.Detail
		}
		return s
	}
	return err.Error()
}

// pgSchema is the DDL: SQLite's, with BYTEA for BLOB.
func pgSchema() []string {
	out := make([]string, len(schema))
	for i, s := range schema {
		out[i] = strings.ReplaceAll(s, " BLOB ", " BYTEA ")
	}
	return out
}

// init checks the schema, creating it in a database without it.
func (p *Postgres) init(ctx context.Context) error {
	// Usually the schema is there: check without the lock.
	ok, err := p.checkSchema(ctx, p.pool)
	if err != nil || ok {
		return err
	}
	return p.write(ctx, "create the schema", func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", pgLockID); err != nil {
			return err
		}
		ok, err := p.checkSchema(ctx, tx)
		if err != nil || ok {
			return err
		}
		for _, stmt := range pgSchema() {
			if _, err := tx.Exec(ctx, stmt); err != nil {
				return err
			}
		}
		now := time.Now().UTC().Format(timeFormat)
		for _, kv := range [][2]string{{"schema_version", strconv.Itoa(SchemaVersion)}, {"created_by", buildVersion()}, {"created", now}} {
			if _, err := tx.Exec(ctx, "INSERT INTO meta (key, value) VALUES ($1, $2)", kv[0], kv[1]); err != nil {
				return err
			}
		}
		return nil
	})
}

// pgQuerier is a pool or a transaction.
type pgQuerier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// checkSchema reports whether the schema exists at SchemaVersion. It
// returns false without error when none of emergo's tables exists, and an
// error for a partial or foreign layout or another version.
func (p *Postgres) checkSchema(ctx context.Context, q pgQuerier) (bool, error) {
	rows, err := q.Query(ctx, `SELECT table_name FROM information_schema.tables
WHERE table_schema = current_schema() AND table_name = ANY($1) ORDER BY table_name`, pgTables)
	if err != nil {
		return false, p.errf(err, "open")
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return false, p.errf(err, "open")
	}
	if len(names) == 0 {
		return false, nil
	}
	if !slices.Contains(names, "meta") {
		return false, ours("store: the %s has tables named like emergo's (%s) but no emergo schema version: use another database or schema (search_path)", p.where, strings.Join(names, ", "))
	}
	var text string
	err = q.QueryRow(ctx, "SELECT value FROM meta WHERE key = 'schema_version'").Scan(&text)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, ours("store: the %s is not an emergo results database: its meta table has no schema_version", p.where)
	}
	if err != nil {
		return false, p.errf(err, "open")
	}
	v, err := strconv.Atoi(text)
	switch {
	case err != nil || v < 1:
		return false, ours("store: the %s is not an emergo results database: bad schema_version %q", p.where, text)
	case v > SchemaVersion:
		return false, ours("store: the results schema in the %s has version %d, newer than this emergo understands (%d): upgrade emergo", p.where, v, SchemaVersion)
	case v < SchemaVersion:
		return false, ours("store: the results schema in the %s has version %d, which this emergo cannot read (it reads %d)", p.where, v, SchemaVersion)
	}
	if len(names) != len(pgTables) {
		return false, ours("store: the %s holds an incomplete emergo schema (tables %s)", p.where, strings.Join(names, ", "))
	}
	return true, nil
}

// Where names the database (server, port, database and user; never the
// password).
func (p *Postgres) Where() string { return p.where }

// Close closes the pool's connections.
func (p *Postgres) Close() error {
	p.pool.Close()
	return nil
}

// errf words a driver error during op, naming the database. Errors
// already worded here and context errors are returned as they are.
func (p *Postgres) errf(err error, op string) error {
	if err == nil || isOurs(err) {
		return err
	}
	return &storeError{fmt.Errorf("store: %s: %s: %s", op, p.where, pgMessage(err))}
}

// retryable reports whether PostgreSQL aborted a transaction only
// because of a concurrent one (deadlock, serialization failure).
func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40P01" || pe.Code == "40001")
}

// write runs f in one read-write transaction, retrying it when
// PostgreSQL aborts it for a deadlock or serialization failure.
func (p *Postgres) write(ctx context.Context, op string, f func(tx pgx.Tx) error) error {
	var err error
	for attempt := range pgRetries {
		err = p.tx(ctx, pgx.TxOptions{}, f)
		if !retryable(err) || ctx.Err() != nil {
			break
		}
		time.Sleep(time.Duration(attempt+1) * 20 * time.Millisecond)
	}
	return p.errf(err, op)
}

// read runs f in one read-only transaction with a single snapshot.
func (p *Postgres) read(ctx context.Context, op string, f func(tx pgx.Tx) error) error {
	return p.errf(p.tx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, f), op)
}

func (p *Postgres) tx(ctx context.Context, o pgx.TxOptions, f func(tx pgx.Tx) error) error {
	tx, err := p.pool.BeginTx(ctx, o)
	if err != nil {
		return err
	}
	if err := f(tx); err != nil {
		tx.Rollback(context.WithoutCancel(ctx))
		return err
	}
	return tx.Commit(ctx)
}

// pgText makes s storable in a TEXT column: PostgreSQL refuses NUL bytes
// and invalid UTF-8, which SQLite keeps; they become U+FFFD.
func pgText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.ReplaceAll(s, "\x00", "\uFFFD")
}

// PutStudy inserts a study or updates its name, spec, version and update
// time (Created is kept from the first insert). A zero Updated is now; a
// zero Created is Updated.
func (p *Postgres) PutStudy(ctx context.Context, st *Study) error {
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
	return p.write(ctx, "store study "+st.ID, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO studies (id, name, spec, version, created, updated) VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (id) DO UPDATE SET name = excluded.name, spec = excluded.spec, version = excluded.version, updated = excluded.updated`,
			st.ID, pgText(st.Name), pgText(st.Spec), pgText(st.Version), fmtTime(created), fmtTime(upd))
		return err
	})
}

// pgStudyExists fails with ErrNotFound for an unknown study ID.
func pgStudyExists(ctx context.Context, tx pgx.Tx, id string) error {
	var n int
	if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM studies WHERE id = $1", id).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return ours("store: study %q: %w", id, ErrNotFound)
	}
	return nil
}

// pgTaskExists fails with ErrNotFound for an unknown task.
func pgTaskExists(ctx context.Context, tx pgx.Tx, key string) error {
	var n int
	if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM tasks WHERE key = $1", key).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return ours("store: task %s: %w", key, ErrNotFound)
	}
	return nil
}

// AddTasks links tasks to a study in one transaction, in their order
// after the tasks already linked. A task not yet stored is inserted as
// Pending with its dependencies; a stored one (perhaps shared with
// another study) keeps its status, result and dependencies. The study
// must exist. Concurrent calls (every task of an array records its
// study) are serialised by an advisory lock, so the order is the first
// caller's.
func (p *Postgres) AddTasks(ctx context.Context, studyID string, tasks []Task) error {
	for i, t := range tasks {
		if t.Key == "" {
			return fmt.Errorf("store: add tasks to study %s: task %d (%q) has no key", studyID, i, t.Label)
		}
	}
	return p.write(ctx, "add tasks to study "+studyID, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", pgLockID); err != nil {
			return err
		}
		if err := pgStudyExists(ctx, tx, studyID); err != nil {
			return err
		}
		var taskSeq, linkSeq int64
		if err := tx.QueryRow(ctx, "SELECT COALESCE(MAX(seq), 0) FROM tasks").Scan(&taskSeq); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, "SELECT COALESCE(MAX(seq), 0) FROM study_tasks WHERE study_id = $1", studyID).Scan(&linkSeq); err != nil {
			return err
		}
		// Tasks first (their dependencies only when the task is new),
		// then the links, in batches: one round trip per batch.
		const chunk = 500
		for lo := 0; lo < len(tasks); lo += chunk {
			part := tasks[lo:min(lo+chunk, len(tasks))]
			b := &pgx.Batch{}
			for _, t := range part {
				taskSeq++
				b.Queue(`INSERT INTO tasks (key, seq, kind, label, spec, status) VALUES ($1, $2, $3, $4, $5, 'pending')
ON CONFLICT (key) DO NOTHING`, t.Key, taskSeq, pgText(t.Kind), pgText(t.Label), pgText(t.Spec))
			}
			res := tx.SendBatch(ctx, b)
			inserted := make([]bool, len(part))
			for i := range part {
				tag, err := res.Exec()
				if err != nil {
					res.Close()
					return err
				}
				inserted[i] = tag.RowsAffected() == 1
			}
			if err := res.Close(); err != nil {
				return err
			}
			b = &pgx.Batch{}
			for i, t := range part {
				if inserted[i] {
					for pos, d := range t.Deps {
						b.Queue("INSERT INTO task_deps (task_key, dep_key, pos) VALUES ($1, $2, $3) ON CONFLICT (task_key, dep_key) DO NOTHING", t.Key, d, pos)
					}
				}
				linkSeq++
				b.Queue("INSERT INTO study_tasks (study_id, task_key, seq) VALUES ($1, $2, $3) ON CONFLICT (study_id, task_key) DO NOTHING", studyID, t.Key, linkSeq)
			}
			if err := tx.SendBatch(ctx, b).Close(); err != nil {
				return err
			}
		}
		return nil
	})
}

// pgMustHit reports ErrNotFound when an update touched no task.
func pgMustHit(tag pgconn.CommandTag, key string) error {
	if tag.RowsAffected() == 0 {
		return ours("store: task %s: %w", key, ErrNotFound)
	}
	return nil
}

// StartTask marks a task Running by worker: it sets Started to now,
// counts the attempt and clears the error and finish time of a previous
// run.
func (p *Postgres) StartTask(ctx context.Context, key, worker string) error {
	now := fmtTime(time.Now())
	return p.write(ctx, "start task "+key, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE tasks SET status = 'running', started = $1, finished = NULL, attempts = attempts + 1, worker = $2, error = ''
WHERE key = $3`, now, pgText(worker), key)
		if err != nil {
			return err
		}
		return pgMustHit(tag, key)
	})
}

// FinishTask stores a task's result and marks it Done in one
// transaction: the previous metrics and artifacts are replaced, Finished
// is now, Seconds and Version come from r and the error is cleared. A
// crash, a lost connection or a concurrent FinishTask of the same task
// by another process leaves either one whole result or the previous
// state: the task's row lock orders writers of the same task. Metric and
// artifact names must be non-empty and unique.
func (p *Postgres) FinishTask(ctx context.Context, key string, r *Result) error {
	if err := checkResult(key, r); err != nil {
		return err
	}
	now := fmtTime(time.Now())
	return p.write(ctx, "store the result of task "+key, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, "UPDATE tasks SET status = 'done', finished = $1, seconds = $2, version = $3, error = '' WHERE key = $4",
			now, r.Seconds, pgText(r.Version), key)
		if err != nil {
			return err
		}
		if err := pgMustHit(tag, key); err != nil {
			return err
		}
		b := &pgx.Batch{}
		b.Queue("DELETE FROM metrics WHERE task_key = $1", key)
		b.Queue("DELETE FROM artifacts WHERE task_key = $1", key)
		for _, m := range r.Metrics {
			b.Queue("INSERT INTO metrics (task_key, name, value) VALUES ($1, $2, $3)", key, pgText(m.Name), metricArg(m.Value))
		}
		for _, a := range r.Artifacts {
			data := a.Data
			if data == nil {
				data = []byte{} // nil would be NULL
			}
			b.Queue("INSERT INTO artifacts (task_key, name, mime, size, data) VALUES ($1, $2, $3, $4, $5)",
				key, pgText(a.Name), pgText(a.MIME), int64(len(data)), data)
		}
		return tx.SendBatch(ctx, b).Close()
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
func (p *Postgres) FailTask(ctx context.Context, key, msg string) error {
	now := fmtTime(time.Now())
	return p.write(ctx, "record the failure of task "+key, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, "UPDATE tasks SET status = 'failed', error = $1, finished = $2 WHERE key = $3", pgText(msg), now, key)
		if err != nil {
			return err
		}
		if err := pgMustHit(tag, key); err != nil {
			return err
		}
		b := &pgx.Batch{}
		b.Queue("DELETE FROM metrics WHERE task_key = $1", key)
		b.Queue("DELETE FROM artifacts WHERE task_key = $1", key)
		return tx.SendBatch(ctx, b).Close()
	})
}

// pgStudyGroup is studyGroup with byte-wise ordering of the text
// columns, as SQLite's, whatever the database's collation.
const pgStudyGroup = `
GROUP BY s.id, s.name, s.spec, s.version, s.created, s.updated
ORDER BY s.updated COLLATE "C" DESC, s.created COLLATE "C" DESC, s.id COLLATE "C"`

func pgQueryStudies(ctx context.Context, tx pgx.Tx, where string, args ...any) ([]Study, error) {
	rows, err := tx.Query(ctx, studySelect+where+pgStudyGroup, args...)
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

// Studies lists every study, most recently updated first, with the
// counts of its tasks by status.
func (p *Postgres) Studies(ctx context.Context) ([]Study, error) {
	var out []Study
	err := p.read(ctx, "list studies", func(tx pgx.Tx) error {
		var err error
		out, err = pgQueryStudies(ctx, tx, "")
		return err
	})
	return out, err
}

// Study finds a study by exact ID, else by unique ID prefix of at least
// four characters (an ambiguous prefix is an error listing the
// candidates), else by name (the most recently updated study of that
// name). IDs match case-insensitively. A ref matching nothing gives an
// error wrapping ErrNotFound.
func (p *Postgres) Study(ctx context.Context, ref string) (*Study, error) {
	if ref == "" {
		return nil, fmt.Errorf("store: no study given: %w", ErrNotFound)
	}
	var found *Study
	err := p.read(ctx, "find study "+ref, func(tx pgx.Tx) error {
		id := strings.ToLower(ref)
		list, err := pgQueryStudies(ctx, tx, "WHERE s.id = $1", id)
		if err != nil {
			return err
		}
		if len(list) == 0 && len(id) >= minPrefix {
			list, err = pgQueryStudies(ctx, tx, "WHERE substr(s.id, 1, $1) = $2", len(id), id)
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
			list, err = pgQueryStudies(ctx, tx, "WHERE s.name = $1", pgText(ref))
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

// Tasks lists a study's tasks in the order they were added to it, with
// their dependencies. An unknown study ID gives an error wrapping
// ErrNotFound.
func (p *Postgres) Tasks(ctx context.Context, studyID string) ([]Task, error) {
	var out []Task
	err := p.read(ctx, "list the tasks of study "+studyID, func(tx pgx.Tx) error {
		if err := pgStudyExists(ctx, tx, studyID); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, "SELECT "+taskColumns+` FROM study_tasks st JOIN tasks t ON t.key = st.task_key
WHERE st.study_id = $1 ORDER BY st.seq`, studyID)
		if err != nil {
			return err
		}
		out = []Task{}
		index := map[string]int{}
		for rows.Next() {
			t, err := scanTask(rows)
			if err != nil {
				rows.Close()
				return err
			}
			index[t.Key] = len(out)
			out = append(out, t)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		deps, err := tx.Query(ctx, `SELECT d.task_key, d.dep_key FROM task_deps d JOIN study_tasks st ON st.task_key = d.task_key
WHERE st.study_id = $1 ORDER BY d.task_key, d.pos`, studyID)
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
func (p *Postgres) Task(ctx context.Context, key string) (*Task, error) {
	var out *Task
	err := p.read(ctx, "read task "+key, func(tx pgx.Tx) error {
		t, err := scanTask(tx.QueryRow(ctx, "SELECT "+taskColumns+" FROM tasks t WHERE t.key = $1", key))
		if errors.Is(err, pgx.ErrNoRows) {
			return ours("store: task %s: %w", key, ErrNotFound)
		}
		if err != nil {
			return err
		}
		rows, err := tx.Query(ctx, "SELECT dep_key FROM task_deps WHERE task_key = $1 ORDER BY pos", key)
		if err != nil {
			return err
		}
		deps, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return err
		}
		if len(deps) > 0 {
			t.Deps = deps
		}
		out = &t
		return nil
	})
	return out, err
}

// Metrics returns a task's metrics sorted by name (none unless Done).
func (p *Postgres) Metrics(ctx context.Context, key string) ([]Metric, error) {
	var out []Metric
	err := p.read(ctx, "read the metrics of task "+key, func(tx pgx.Tx) error {
		if err := pgTaskExists(ctx, tx, key); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, "SELECT name, value FROM metrics WHERE task_key = $1 ORDER BY name COLLATE \"C\"", key)
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
func (p *Postgres) StudyMetrics(ctx context.Context, studyID string) ([]TaskMetric, error) {
	var out []TaskMetric
	err := p.read(ctx, "read the metrics of study "+studyID, func(tx pgx.Tx) error {
		if err := pgStudyExists(ctx, tx, studyID); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT t.key, t.kind, t.label, m.name, m.value
FROM study_tasks st JOIN tasks t ON t.key = st.task_key JOIN metrics m ON m.task_key = t.key
WHERE st.study_id = $1 AND t.status = 'done' ORDER BY st.seq, m.name COLLATE "C"`, studyID)
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
func (p *Postgres) Artifacts(ctx context.Context, key string) ([]ArtifactInfo, error) {
	var out []ArtifactInfo
	err := p.read(ctx, "list the artifacts of task "+key, func(tx pgx.Tx) error {
		if err := pgTaskExists(ctx, tx, key); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT name, mime, size FROM artifacts WHERE task_key = $1 ORDER BY name COLLATE "C"`, key)
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
func (p *Postgres) Artifact(ctx context.Context, key, name string) (*Artifact, error) {
	var out *Artifact
	err := p.read(ctx, "read artifact "+name+" of task "+key, func(tx pgx.Tx) error {
		a := &Artifact{Name: name}
		err := tx.QueryRow(ctx, "SELECT mime, data FROM artifacts WHERE task_key = $1 AND name = $2", key, name).Scan(&a.MIME, &a.Data)
		if errors.Is(err, pgx.ErrNoRows) {
			if err := pgTaskExists(ctx, tx, key); err != nil {
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
