package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// pgEnv names the PostgreSQL server of the tests (a URL of a database
// the tests may create schemas in); without it they are skipped.
// .ci/cluster.sh starts a throw-away server and sets it.
const pgEnv = "EMERGO_PG_URL"

var pgSchemaSeq atomic.Int64

// pgURL creates a new schema for one test and returns the URL that
// selects it (search_path), dropping the schema when the test ends.
func pgURL(t testing.TB) string {
	t.Helper()
	base := os.Getenv(pgEnv)
	if base == "" {
		t.Skip(pgEnv + " is not set (.ci/cluster.sh starts a server and sets it)")
	}
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connect to %s: %v", Redact(base), err)
	}
	name := fmt.Sprintf("emergo_test_%d_%d", os.Getpid(), pgSchemaSeq.Add(1))
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		admin.Exec(ctx, "DROP SCHEMA "+name+" CASCADE")
		admin.Close(ctx)
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return u.String()
}

func openPG(t testing.TB, url string) *Postgres {
	t.Helper()
	p, err := OpenPostgres(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

func TestPostgresConformance(t *testing.T) {
	if os.Getenv(pgEnv) == "" {
		t.Skip(pgEnv + " is not set")
	}
	var last string
	conformance{
		open: func(t *testing.T) Store {
			last = pgURL(t)
			return openPG(t, last)
		},
		open2: func(t *testing.T) Store { return openPG(t, last) },
	}.run(t)
}

// Many processes opening a new database at once create the schema once.
func TestPostgresConcurrentOpen(t *testing.T) {
	u := pgURL(t)
	const n = 12
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, err := OpenPostgres(context.Background(), u)
			if err != nil {
				errs <- err
				return
			}
			p.Close()
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	p := openPG(t, u)
	var rows int
	mustDo(t, p.pool.QueryRow(context.Background(), "SELECT COUNT(*) FROM meta WHERE key = 'schema_version'").Scan(&rows))
	if rows != 1 {
		t.Errorf("%d schema_version rows, want 1", rows)
	}
}

// A cancelled FinishTask leaves the whole result or the previous state.
func TestPostgresCancelledFinish(t *testing.T) {
	u := pgURL(t)
	p := openPG(t, u)
	ctx := context.Background()
	mustDo(t, p.PutStudy(ctx, &Study{ID: "s", Name: "s"}))
	const n = 20
	var tasks []Task
	for i := range n {
		tasks = append(tasks, Task{Key: fmt.Sprint("k", i)})
	}
	mustDo(t, p.AddTasks(ctx, "s", tasks))
	rng := rand.New(rand.NewPCG(3, 4))
	blob := randBytes(1<<20, 5)
	done := 0
	for i := range n {
		r := &Result{Metrics: []Metric{{"a", 1}, {"b", 2}}}
		for k := range 4 {
			r.Artifacts = append(r.Artifacts, Artifact{Name: fmt.Sprint("blob", k), MIME: "application/octet-stream", Data: blob[k<<18 : (k+1)<<18]})
		}
		// From cancelled before the start to (usually) after the commit.
		c, cancel := context.WithTimeout(ctx, time.Duration(rng.IntN(30_000))*time.Microsecond)
		err := p.FinishTask(c, tasks[i].Key, r)
		cancel()
		tk, terr := p.Task(ctx, tasks[i].Key)
		mustDo(t, terr)
		ms, _ := p.Metrics(ctx, tasks[i].Key)
		arts, _ := p.Artifacts(ctx, tasks[i].Key)
		whole := tk.Status == Done && len(ms) == 2 && len(arts) == 4
		none := tk.Status == Pending && len(ms) == 0 && len(arts) == 0
		if !whole && !none {
			t.Errorf("task %d after FinishTask (%v): %s with %d metrics and %d artifacts", i, err, tk.Status, len(ms), len(arts))
		}
		if err == nil && !whole {
			t.Errorf("task %d: FinishTask succeeded but the result is not whole", i)
		}
		if whole {
			done++
		}
	}
	t.Logf("%d of %d results stored whole, the others not at all", done, n)
}

func TestPostgresOpenErrors(t *testing.T) {
	ctx := context.Background()
	// A port nothing listens on: connection refused at once.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	mustDo(t, err)
	closed := l.Addr().String()
	l.Close()
	cases := []struct {
		name, url string
		want      []string
	}{
		{"refused", "postgres://someone:s3cret@" + closed + "/results?sslmode=disable&connect_timeout=5",
			[]string{"store: cannot connect to the PostgreSQL database \"results\" at 127.0.0.1", `(user "someone")`}},
		{"bad URL", "postgres://someone:s3cret@host:notaport/db", []string{"store: bad PostgreSQL URL"}},
	}
	for _, c := range cases {
		_, err := OpenPostgres(ctx, c.url)
		if err == nil {
			t.Errorf("%s: opened", c.name)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error\n%s\nwant it to contain %q", c.name, err, w)
			}
		}
		if strings.Contains(err.Error(), "s3cret") {
			t.Errorf("%s: the error shows the password: %s", c.name, err)
		}
	}

	if os.Getenv(pgEnv) == "" {
		return
	}
	// Layouts that are not emergo's, or a newer one, are refused.
	for _, c := range []struct {
		name  string
		setup string
		want  string
	}{
		{"foreign tables", "CREATE TABLE studies (x INTEGER); CREATE TABLE tasks (y TEXT)", "has tables named like emergo's (studies, tasks) but no emergo schema version"},
		{"newer", "", "has version 99, newer than this emergo understands (1): upgrade emergo"},
		{"no version", "CREATE TABLE meta (key TEXT, value TEXT)", "its meta table has no schema_version"},
		{"unrelated tables", "CREATE TABLE mine (x INTEGER)", ""},
	} {
		u := pgURL(t)
		conn, err := pgx.Connect(ctx, u)
		mustDo(t, err)
		if c.name == "newer" {
			p := openPG(t, u)
			p.Close()
			c.setup = "UPDATE meta SET value = '99' WHERE key = 'schema_version'"
		}
		_, err = conn.Exec(ctx, c.setup)
		mustDo(t, err)
		conn.Close(ctx)
		p, err := OpenPostgres(ctx, u)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want == "":
			p.Close()
		case err == nil:
			p.Close()
			t.Errorf("%s: opened", c.name)
		case !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "PostgreSQL database"):
			t.Errorf("%s: error\n%s\nwant it to name the database and contain %q", c.name, err, c.want)
		}
	}
}

func TestOpenPostgresOrSQLite(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "r.db")
	s, err := Open(ctx, path)
	mustDo(t, err)
	if _, ok := s.(*SQLite); !ok {
		t.Errorf("Open(%s) = %T, want *SQLite", path, s)
	}
	s.Close()
	for _, c := range []struct{ dsn, want string }{
		{"mysql://u:pw@h/db", `unsupported results database "mysql://u:xxxxx@h/db": the scheme mysql:// is neither`},
		{"postgres://u:pw@127.0.0.1:1/db?connect_timeout=2", "cannot connect to the PostgreSQL database \"db\""},
		{"POSTGRESQL://u@127.0.0.1:1/db?connect_timeout=2", "cannot connect to the PostgreSQL database \"db\""},
	} {
		_, err := Open(ctx, c.dsn)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Open(%q): %v, want an error containing %q", c.dsn, err, c.want)
		}
	}
	if u := pgEnvURL(); u != "" {
		s, err := Open(ctx, pgURL(t))
		mustDo(t, err)
		if _, ok := s.(*Postgres); !ok {
			t.Errorf("Open(postgres URL) = %T, want *Postgres", s)
		}
		s.Close()
	}
}

func pgEnvURL() string { return os.Getenv(pgEnv) }

func TestRedact(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"postgres://u:secret@h:5432/db?sslmode=disable", "postgres://u:xxxxx@h:5432/db?sslmode=disable"},
		{"postgres://u@h/db", "postgres://u@h/db"},
		{"results/emergo.db", "results/emergo.db"},
	} {
		if got := Redact(c.in); got != c.want {
			t.Errorf("Redact(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// BenchmarkPostgresFinishTask stores a result of 10 metrics and one
// 100 kB artifact (EMERGO_PG_URL must be set).
func BenchmarkPostgresFinishTask(b *testing.B) {
	ctx := context.Background()
	p := openPG(b, pgURL(b))
	mustDo(b, p.PutStudy(ctx, &Study{ID: "s1", Name: "s"}))
	const keys = 100
	var tasks []Task
	for i := range keys {
		tasks = append(tasks, Task{Key: fmt.Sprint("t", i)})
	}
	mustDo(b, p.AddTasks(ctx, "s1", tasks))
	r := &Result{Artifacts: []Artifact{{Name: "series.f64", MIME: "application/octet-stream", Data: randBytes(100_000, 1)}}, Seconds: 1}
	for i := range 10 {
		r.Metrics = append(r.Metrics, Metric{Name: fmt.Sprint("metric", i), Value: float64(i) / 3})
	}
	b.ReportAllocs()
	b.SetBytes(100_000)
	i := 0
	for b.Loop() {
		mustDo(b, p.FinishTask(ctx, tasks[i%keys].Key, r))
		i++
	}
}
