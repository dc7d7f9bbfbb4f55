package store

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
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
	// core implements the reads and writes, in p.read and p.write.
	core
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
	p.core = core{inRead: p.read, inWrite: p.write}
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

// init checks the schema, creating it in a database without it.
func (p *Postgres) init(ctx context.Context) error {
	// Usually the schema is there: check without the lock.
	ok, err := p.checkSchema(p.txn(ctx, p.pool))
	if err != nil || ok {
		return err
	}
	return p.write(ctx, "create the schema", func(t *txn) error {
		if _, err := t.exec(pgDialect.lock); err != nil {
			return err
		}
		ok, err := p.checkSchema(t)
		if err != nil || ok {
			return err
		}
		return t.createSchema(buildVersion())
	})
}

// checkSchema reports whether the schema exists at SchemaVersion. It
// returns false without error when none of emergo's tables exists, and an
// error for a partial or foreign layout or another version.
func (p *Postgres) checkSchema(t *txn) (bool, error) {
	names, err := collect(t, scanString, `SELECT table_name FROM information_schema.tables
WHERE table_schema = current_schema() AND table_name = ANY(?) ORDER BY table_name`, pgTables)
	if err != nil {
		return false, p.errf(err, "open")
	}
	if len(names) == 0 {
		return false, nil
	}
	if !slices.Contains(names, "meta") {
		return false, ours("store: the %s has tables named like emergo's (%s) but no emergo schema version: use another database or schema (search_path)", p.where, strings.Join(names, ", "))
	}
	v, err := t.readMetaVersion("the " + p.where)
	switch {
	case err != nil:
		return false, p.errf(err, "open")
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
func (p *Postgres) write(ctx context.Context, op string, f func(t *txn) error) error {
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
func (p *Postgres) read(ctx context.Context, op string, f func(t *txn) error) error {
	return p.errf(p.tx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, f), op)
}

func (p *Postgres) tx(ctx context.Context, o pgx.TxOptions, f func(t *txn) error) error {
	tx, err := p.pool.BeginTx(ctx, o)
	if err != nil {
		return err
	}
	if err := f(p.txn(ctx, tx)); err != nil {
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

// pgDialect is PostgreSQL's SQL: $n placeholders, BYTEA, byte-wise
// ordering of text whatever the database's collation, text made
// storable, and an advisory lock that serialises schema creation and
// AddTasks across processes.
var pgDialect = dialect{
	numbered: true,
	blob:     "BYTEA",
	collate:  ` COLLATE "C"`,
	text:     pgText,
	lock:     fmt.Sprintf("SELECT pg_advisory_xact_lock(%d)", pgLockID),
	noRows:   pgx.ErrNoRows,
}

// txn runs the shared code on q (the pool or a transaction).
func (p *Postgres) txn(ctx context.Context, q pgQuerier) *txn {
	return &txn{ctx: ctx, d: &pgDialect, c: pgConn{q}}
}

// pgQuerier is a pool or a transaction.
type pgQuerier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults
}

// pgConn is the conn of pgx.
type pgConn struct{ q pgQuerier }

func (c pgConn) query(ctx context.Context, q string, args ...any) (rows, error) {
	return c.q.Query(ctx, q, args...)
}

func (c pgConn) queryRow(ctx context.Context, q string, args ...any) row {
	return c.q.QueryRow(ctx, q, args...)
}

// batch sends the statements in one round trip (a single statement
// alone).
func (c pgConn) batch(ctx context.Context, stmts []stmt) ([]int64, error) {
	n := make([]int64, len(stmts))
	if len(stmts) == 1 {
		tag, err := c.q.Exec(ctx, stmts[0].sql, stmts[0].args...)
		if err != nil {
			return nil, err
		}
		n[0] = tag.RowsAffected()
		return n, nil
	}
	b := &pgx.Batch{}
	for _, st := range stmts {
		b.Queue(st.sql, st.args...)
	}
	res := c.q.SendBatch(ctx, b)
	for i := range stmts {
		tag, err := res.Exec()
		if err != nil {
			res.Close()
			return nil, err
		}
		n[i] = tag.RowsAffected()
	}
	return n, res.Close()
}
