// Package store holds the results of studies: the Reader/Writer contract
// that runners, the report and the dashboard code against, its SQLite
// (default, one machine) and PostgreSQL (shared, clusters; Open picks by
// DSN) implementations, and export to CSV and JSON. The two backends share
// one core (query.go) for every Store method; a small dialect describes
// how their SQL differs (placeholders, BLOB vs BYTEA, collation, text
// clean-up), and each keeps its own opening, schema checks, transactions
// and retries.
//
// # Model
//
// A Study is a declarative spec (ID = hash of the normalised spec). Its
// Tasks are keyed by the hash of their full spec, so a task shared by two
// studies is stored and run once, and a rerun finds what is done. A task
// is Pending, Running, Done (it holds a result: named metrics and named
// artifacts) or Failed (it holds an error message and no result).
//
// # Schema
//
// The SQLite database (OpenSQLite) has these tables; the same schema,
// with BYTEA for BLOB, suits PostgreSQL:
//
//	meta(key PK, value)                      schema_version, created_by (emergo version), created
//	studies(id PK, name, spec, version, created, updated)
//	tasks(key PK, seq, kind, label, spec, status, error, attempts, worker,
//	      started, finished, seconds, version)
//	study_tasks(study_id, task_key, seq, PK(study_id, task_key))
//	task_deps(task_key, dep_key, pos, PK(task_key, dep_key))
//	metrics(task_key, name, value, PK(task_key, name))
//	artifacts(task_key, name, mime, size, data, PK(task_key, name))
//
// Times are UTC text of fixed width ("2006-01-02T15:04:05.000000000Z"),
// so text order is time order and nanoseconds round-trip; a zero time is
// NULL. A NaN metric is NULL (SQL has no NaN) and ±Inf are stored as the
// IEEE infinities; both are restored on reading. The seq columns keep
// insertion order: study_tasks.seq is a study's task order. The schema
// version is in meta (and in PRAGMA user_version); a database of a newer
// version is refused.
//
// # Guarantees
//
//   - Each write method is one transaction. FinishTask replaces the
//     task's metrics and artifacts and marks it Done atomically, so a
//     crash or SIGKILL at any point leaves every task either with its
//     whole result or as it was.
//   - The database is in WAL mode: readers (another process's dashboard,
//     say) never block the writer and see only committed transactions.
//     A *SQLite is safe for use by many goroutines; its writes are
//     serialised in-process, and against other processes they wait up
//     to the busy timeout, then fail with an error wrapping ErrLocked that
//     names the file.
//   - Failures name the file and the problem: a missing or unwritable
//     directory, a file that is not a SQLite database, a SQLite database
//     without the emergo schema, a newer schema, a lock held by another
//     process. A missing study, task or artifact is an error wrapping
//     ErrNotFound.
//   - A read-only store (Options.ReadOnly) never creates or changes the
//     file.
package store
