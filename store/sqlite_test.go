package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// open opens a new read-write store in a temporary directory.
func open(t testing.TB) (*SQLite, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "results.db")
	s, err := OpenSQLite(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

// mustDo fails the test on err.
func mustDo(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// randBytes returns n seeded pseudo-random bytes.
func randBytes(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 7))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// sameFloat reports whether a and b are the same float64, NaN equal to
// NaN and -0 different from 0.
func sameFloat(a, b float64) bool {
	return math.Float64bits(a) == math.Float64bits(b) || (math.IsNaN(a) && math.IsNaN(b))
}

// The Store contract (round trips, lifecycle, not-found errors, idempotent
// AddTasks, shared tasks, study references, concurrency) is tested on
// SQLite by TestConformanceSQLite; the tests below are SQLite's own.

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.db")
	mustDo(t, os.WriteFile(garbage, randBytes(8192, 3), 0o644))
	text := filepath.Join(dir, "text.db")
	mustDo(t, os.WriteFile(text, []byte(strings.Repeat("this is not a database\n", 300)), 0o644))
	foreign := filepath.Join(dir, "foreign.db")
	raw, err := sql.Open("sqlite", foreign)
	mustDo(t, err)
	_, err = raw.Exec("CREATE TABLE foo (x INTEGER); CREATE TABLE bar (y TEXT)")
	mustDo(t, err)
	raw.Close()
	oldLayout := filepath.Join(dir, "old.db")
	raw, err = sql.Open("sqlite", oldLayout)
	mustDo(t, err)
	_, err = raw.Exec("CREATE TABLE studies (id TEXT); CREATE TABLE tasks (key TEXT); PRAGMA user_version = 1")
	mustDo(t, err)
	raw.Close()
	empty := filepath.Join(dir, "empty.db")
	mustDo(t, os.WriteFile(empty, nil, 0o644))
	newer := filepath.Join(dir, "newer.db")
	s, err := OpenSQLite(newer, nil)
	mustDo(t, err)
	s.Close()
	raw, err = sql.Open("sqlite", newer)
	mustDo(t, err)
	_, err = raw.Exec("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
	mustDo(t, err)
	raw.Close()
	noDir := filepath.Join(dir, "no", "such", "x.db")
	missing := filepath.Join(dir, "missing.db")

	cases := []struct {
		name     string
		path     string
		readOnly bool
		want     string
	}{
		{"random bytes", garbage, false, "store: " + garbage + " is not an emergo results database: file is not a database"},
		{"random bytes read-only", garbage, true, "store: " + garbage + " is not an emergo results database: file is not a database"},
		{"text", text, false, "store: " + text + " is not an emergo results database: file is not a database"},
		{"other tables", foreign, false, "store: " + foreign + " is not an emergo results database: it is a SQLite database with other tables (bar, foo)"},
		{"other tables read-only", foreign, true, "store: " + foreign + " is not an emergo results database: it is a SQLite database with other tables (bar, foo)"},
		{"development layout", oldLayout, true, "store: " + oldLayout + " was written by a development build of emergo with an older layout (no meta table): remove it"},
		{"empty read-only", empty, true, "store: " + empty + " is not an emergo results database: it is an empty SQLite database"},
		{"newer schema", newer, false, "store: results database " + newer + " has schema version 99, newer than this emergo understands (1): upgrade emergo"},
		{"newer schema read-only", newer, true, "schema version 99, newer"},
		{"missing directory", noDir, false, "store: cannot create results database " + noDir + ": directory " + filepath.Dir(noDir) + " does not exist"},
		{"missing file read-only", missing, true, "store: no results database at " + missing},
		{"a directory", dir, false, "store: results database " + dir + " is a directory"},
		{"no path", "", false, "store: no results database path given"},
	}
	for _, c := range cases {
		before, _ := os.ReadFile(c.path)
		s, err := OpenSQLite(c.path, &Options{ReadOnly: c.readOnly, BusyTimeout: 100 * time.Millisecond})
		if err == nil {
			s.Close()
			t.Errorf("%s: opened", c.name)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error\n%s\nwant it to contain\n%s", c.name, err, c.want)
		}
		if after, _ := os.ReadFile(c.path); !bytes.Equal(before, after) {
			t.Errorf("%s: the failed open changed the file", c.name)
		}
	}
	if _, err := os.Stat(missing); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a read-only open created %s", missing)
	}
	if _, err := OpenSQLite(missing, &Options{ReadOnly: true}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v does not wrap fs.ErrNotExist", err)
	}
	for _, p := range []string{filepath.Join(dir, "no"), garbage + "-wal", text + "-wal"} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("a failed open created %s", p)
		}
	}

	// An empty file opened read-write becomes a results database.
	s, err = OpenSQLite(empty, nil)
	mustDo(t, err)
	mustDo(t, s.PutStudy(context.Background(), &Study{ID: "x", Name: "x"}))
	s.Close()
}

func TestOpenUnwritable(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root may write anywhere")
	}
	dir := filepath.Join(t.TempDir(), "ro")
	mustDo(t, os.Mkdir(dir, 0o555))
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	path := filepath.Join(dir, "x.db")
	_, err := OpenSQLite(path, nil)
	if want := "store: cannot create results database " + path + ": directory " + dir + " is not writable"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("unwritable directory: %v, want %q", err, want)
	}
	file := filepath.Join(t.TempDir(), "locked.db")
	s, err := OpenSQLite(file, nil)
	mustDo(t, err)
	s.Close()
	mustDo(t, os.Chmod(file, 0o444))
	_, err = OpenSQLite(file, nil)
	if want := "store: cannot write results database " + file; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("read-only file: %v, want %q", err, want)
	}
	s, err = OpenSQLite(file, &Options{ReadOnly: true})
	mustDo(t, err)
	s.Close()
}

func TestLocked(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "results.db")
	s, err := OpenSQLite(path, &Options{BusyTimeout: 100 * time.Millisecond})
	mustDo(t, err)
	defer s.Close()
	mustDo(t, s.PutStudy(ctx, &Study{ID: "s1", Name: "s"}))
	mustDo(t, s.AddTasks(ctx, "s1", []Task{{Key: "a"}}))

	// Another "process" (its own connection) takes the write lock and
	// keeps it.
	raw, err := sql.Open("sqlite", path)
	mustDo(t, err)
	defer raw.Close()
	conn, err := raw.Conn(ctx)
	mustDo(t, err)
	defer conn.Close()
	_, err = conn.ExecContext(ctx, "BEGIN EXCLUSIVE")
	mustDo(t, err)

	err = s.FinishTask(ctx, "a", &Result{Metrics: []Metric{{"m", 1}}})
	if err == nil || !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "results database "+path+" is locked by another process") {
		t.Errorf("write under another process's lock: %v", err)
	}
	// Readers are not blocked (WAL), and a second store opens.
	if tk, err := s.Task(ctx, "a"); err != nil || tk.Status != Pending {
		t.Errorf("read under the lock: %v, %v", tk, err)
	}
	s2, err := OpenSQLite(path, &Options{BusyTimeout: 100 * time.Millisecond})
	mustDo(t, err)
	if err := s2.StartTask(ctx, "a", "w"); !errors.Is(err, ErrLocked) {
		t.Errorf("second store's write under the lock: %v", err)
	}
	s2.Close()

	_, err = conn.ExecContext(ctx, "ROLLBACK")
	mustDo(t, err)
	mustDo(t, s.FinishTask(ctx, "a", &Result{Metrics: []Metric{{"m", 1}}}))
}

// TestConcurrent finishes tasks from 8 goroutines while another store on
// the same file (as the dashboard would) reads.
func TestConcurrent(t *testing.T) {
	ctx := context.Background()
	s, path := open(t)
	const workers, per = 8, 25
	mustDo(t, s.PutStudy(ctx, &Study{ID: "s1", Name: "s"}))
	var tasks []Task
	for i := range workers * per {
		tasks = append(tasks, Task{Key: fmt.Sprintf("t%03d", i), Kind: "train", Label: fmt.Sprint(i)})
	}
	mustDo(t, s.AddTasks(ctx, "s1", tasks))
	reader, err := OpenSQLite(path, &Options{ReadOnly: true})
	mustDo(t, err)
	defer reader.Close()

	stop := make(chan struct{})
	readErr := make(chan error, 1)
	go func() {
		last := 0
		for {
			select {
			case <-stop:
				readErr <- nil
				return
			default:
			}
			st, err := reader.Study(ctx, "s1")
			if err != nil {
				readErr <- err
				return
			}
			if st.Done < last || st.Tasks != workers*per {
				readErr <- fmt.Errorf("reader saw %d of %d tasks done after %d", st.Done, st.Tasks, last)
				return
			}
			last = st.Done
		}
	}()
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w * per; i < (w+1)*per; i++ {
				key := tasks[i].Key
				if err := s.StartTask(ctx, key, fmt.Sprint("w", w)); err != nil {
					errs <- err
					return
				}
				r := &Result{Metrics: []Metric{{"i", float64(i)}, {"w", float64(w)}},
					Artifacts: []Artifact{{Name: "blob", MIME: "application/octet-stream", Data: randBytes(1000+i, uint64(i))}}}
				if err := s.FinishTask(ctx, key, r); err != nil {
					errs <- err
					return
				}
				if _, err := s.Metrics(ctx, key); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if err := <-readErr; err != nil {
		t.Error(err)
	}
	st, err := reader.Study(ctx, "s1")
	mustDo(t, err)
	if st.Done != workers*per {
		t.Errorf("%d tasks done, want %d", st.Done, workers*per)
	}
	for i, tk := range tasks {
		ms, err := reader.Metrics(ctx, tk.Key)
		mustDo(t, err)
		a, err := reader.Artifact(ctx, tk.Key, "blob")
		mustDo(t, err)
		if len(ms) != 2 || ms[0].Value != float64(i) || ms[1].Value != float64(i/per) || !bytes.Equal(a.Data, randBytes(1000+i, uint64(i))) {
			t.Errorf("task %s: metrics %v, %d bytes", tk.Key, ms, len(a.Data))
		}
	}
}

// BenchmarkFinishTask stores a result of 10 metrics and one 100 kB
// artifact.
func BenchmarkFinishTask(b *testing.B) {
	ctx := context.Background()
	s, _ := open(b)
	mustDo(b, s.PutStudy(ctx, &Study{ID: "s1", Name: "s"}))
	const keys = 100
	var tasks []Task
	for i := range keys {
		tasks = append(tasks, Task{Key: fmt.Sprint("t", i)})
	}
	mustDo(b, s.AddTasks(ctx, "s1", tasks))
	r := &Result{Artifacts: []Artifact{{Name: "series.f64", MIME: "application/octet-stream", Data: randBytes(100_000, 1)}}, Seconds: 1}
	for i := range 10 {
		r.Metrics = append(r.Metrics, Metric{Name: fmt.Sprint("metric", i), Value: float64(i) / 3})
	}
	b.ReportAllocs()
	b.SetBytes(100_000)
	i := 0
	for b.Loop() {
		mustDo(b, s.FinishTask(ctx, tasks[i%keys].Key, r))
		i++
	}
}

// second returns the error of a two-value call.
func second[T any](_ T, err error) error { return err }
