package store

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

// crashEnv names the database a re-executed test binary writes to until
// it is killed (see TestKillMidWrite).
const crashEnv = "EMERGO_STORE_CRASH_DB"

func TestMain(m *testing.M) {
	if path := os.Getenv(crashEnv); path != "" {
		if err := crashWriter(path); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

const crashTasks = 5000

func crashKey(i int) string { return fmt.Sprintf("task%05d", i) }

// crashResult is task i's result: 10 metrics (one NaN) and 3 artifacts
// of 1 to 60 kB.
func crashResult(i int) *Result {
	r := &Result{Seconds: float64(i), Version: "crash"}
	for j := range 10 {
		v := float64(i*10 + j)
		if j == 9 {
			v = math.NaN()
		}
		r.Metrics = append(r.Metrics, Metric{Name: fmt.Sprint("m", j), Value: v})
	}
	for k := range 3 {
		size := 1000 + (i*7919+k*104729)%60000
		r.Artifacts = append(r.Artifacts, Artifact{Name: fmt.Sprint("a", k), MIME: "application/octet-stream", Data: randBytes(size, uint64(i*3+k))})
	}
	return r
}

// crashWriter stores results in a loop, printing each task's index once
// its transaction has committed, until it is killed.
func crashWriter(path string) error {
	ctx := context.Background()
	s, err := OpenSQLite(path, nil)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(os.Stdout)
	for i := range crashTasks {
		if err := s.StartTask(ctx, crashKey(i), "crash"); err != nil {
			return err
		}
		if err := s.FinishTask(ctx, crashKey(i), crashResult(i)); err != nil {
			return err
		}
		fmt.Fprintln(w, i)
		w.Flush()
	}
	return s.Close()
}

// TestKillMidWrite kills (SIGKILL) a process that is storing results
// and checks that every task is either done with its whole result or
// untouched, that every result reported committed survived, and that
// the database is intact.
func TestKillMidWrite(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "crash.db")
	s, err := OpenSQLite(path, nil)
	mustDo(t, err)
	mustDo(t, s.PutStudy(ctx, &Study{ID: "crash", Name: "crash"}))
	tasks := make([]Task, crashTasks)
	for i := range tasks {
		tasks[i] = Task{Key: crashKey(i), Kind: "train", Label: strconv.Itoa(i)}
	}
	mustDo(t, s.AddTasks(ctx, "crash", tasks))
	mustDo(t, s.Close())

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashEnv+"="+path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	mustDo(t, err)
	mustDo(t, cmd.Start())
	const killAfter = 40
	committed := -1
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		committed, err = strconv.Atoi(sc.Text())
		mustDo(t, err)
		if committed+1 >= killAfter {
			break
		}
	}
	mustDo(t, cmd.Process.Kill())
	cmd.Wait()
	if committed+1 < killAfter {
		t.Fatalf("the writer stopped after %d results: %s", committed+1, stderr.String())
	}

	raw, err := sql.Open("sqlite", path)
	mustDo(t, err)
	defer raw.Close()
	var check string
	mustDo(t, raw.QueryRow("PRAGMA integrity_check").Scan(&check))
	if check != "ok" {
		t.Errorf("integrity_check after the kill: %s", check)
	}

	s, err = OpenSQLite(path, nil)
	mustDo(t, err)
	defer s.Close()
	list, err := s.Tasks(ctx, "crash")
	mustDo(t, err)
	done := 0
	for i, tk := range list {
		ms, err := s.Metrics(ctx, tk.Key)
		mustDo(t, err)
		arts, err := s.Artifacts(ctx, tk.Key)
		mustDo(t, err)
		switch tk.Status {
		case Done:
			done++
			want := crashResult(i)
			if len(ms) != len(want.Metrics) || len(arts) != len(want.Artifacts) || tk.Seconds != float64(i) {
				t.Errorf("done task %d has %d metrics, %d artifacts, %v s", i, len(ms), len(arts), tk.Seconds)
				continue
			}
			for j, m := range ms {
				if m.Name != want.Metrics[j].Name || !sameFloat(m.Value, want.Metrics[j].Value) {
					t.Errorf("task %d: metric %s = %v, want %v", i, m.Name, m.Value, want.Metrics[j].Value)
				}
			}
			for _, wa := range want.Artifacts {
				a, err := s.Artifact(ctx, tk.Key, wa.Name)
				if err != nil || !bytes.Equal(a.Data, wa.Data) {
					t.Errorf("task %d: artifact %s damaged (%v)", i, wa.Name, err)
				}
			}
		case Pending, Running:
			if len(ms) != 0 || len(arts) != 0 {
				t.Errorf("unfinished task %d holds %d metrics and %d artifacts", i, len(ms), len(arts))
			}
			if i <= committed {
				t.Errorf("task %d was reported committed but is %s", i, tk.Status)
			}
		default:
			t.Errorf("task %d is %s", i, tk.Status)
		}
	}
	if done < committed+1 || done >= crashTasks {
		t.Errorf("%d tasks done after the kill; %d were reported committed of %d", done, committed+1, crashTasks)
	}
	t.Logf("killed after %d reported commits; %d tasks done", committed+1, done)
}
