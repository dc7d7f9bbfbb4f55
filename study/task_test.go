package study

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emergo/emergo/store"
)

// grid is a small study of 7 tasks on three levels: data, analysis,
// 4 trainings (2 models × 2 seeds), homogenization.
const grid = `name: grid
seeds: [1, 2]
sampling: {length: 500, transient: 100}
systems:
  - name: Henon
models:
  - name: persistence
  - name: ridge
analyses:
  forecast: {origins: 4}
  lyapunov: {exponents: 2, time: 20}
homogenization: {instances: 20, k: 3}
`

func parseGrid(t *testing.T) *Spec {
	t.Helper()
	s, err := Parse([]byte(grid), "grid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func indexOf(jobs []*Job, kind string) int {
	for i, j := range jobs {
		if j.Task.Kind == kind {
			return i
		}
	}
	panic("no " + kind)
}

// Running every index separately, last first, stores the same numbers as
// Run; the first call runs the dependencies, later calls skip them, and
// a rerun of any index does nothing.
func TestRunTaskMatchesRun(t *testing.T) {
	ctx := context.Background()
	s := parseGrid(t)
	jobs, err := Plan(s)
	if err != nil {
		t.Fatal(err)
	}
	if got := Levels(jobs); !slices.Equal(got, []int{0, 1, 2, 2, 2, 2, 3}) {
		t.Fatalf("levels %v, want [0 1 2 2 2 2 3]", got)
	}
	ref := newMemStore()
	if _, err := Run(ctx, s, []byte(grid), ref, &Options{Workers: 2}); err != nil {
		t.Fatal(err)
	}

	st := newMemStore()
	last := len(jobs) - 1
	out, err := RunTaskWith(ctx, s, []byte(grid), st, last, &TaskOptions{Options: Options{Worker: "w1", Version: "v-test"}})
	if err != nil {
		t.Fatal(err)
	}
	if out.Skipped || len(out.Deps) != last || out.Key != jobs[last].Task.Key || out.Total != len(jobs) || out.StudyID != s.ID() {
		t.Errorf("the last index first: %+v; want its %d dependencies run", out, last)
	}
	for i := range jobs {
		out, err := RunTaskWith(ctx, s, []byte(grid), st, i, nil)
		if err != nil || !out.Skipped || len(out.Deps) != 0 {
			t.Errorf("index %d after the last: %+v, %v; want skipped", i, out, err)
		}
	}
	if len(st.finished) != len(jobs) {
		t.Errorf("%d results stored, want %d (each once)", len(st.finished), len(jobs))
	}
	for _, j := range jobs {
		k := j.Task.Key
		tk := st.tasks[k]
		if tk.Status != store.Done || tk.Attempts != 1 || tk.Worker != "w1" || tk.Version != "v-test" {
			t.Errorf("%s: %+v", j.Task.Label, tk)
		}
		if fmt.Sprint(st.metrics[k]) != fmt.Sprint(ref.metrics[k]) {
			t.Errorf("%s: metrics differ from Run's:\n%v\n%v", j.Task.Label, st.metrics[k], ref.metrics[k])
		}
		if len(st.artifacts[k]) != len(ref.artifacts[k]) {
			t.Errorf("%s: %d artifacts, Run stored %d", j.Task.Label, len(st.artifacts[k]), len(ref.artifacts[k]))
		}
	}
	if got := st.order[s.ID()]; len(got) != len(jobs) || st.studies[s.ID()].Spec != grid {
		t.Errorf("study recorded with %d tasks and spec %q", len(got), st.studies[s.ID()].Spec)
	}
}

func TestRunTaskErrors(t *testing.T) {
	ctx := context.Background()
	s := parseGrid(t)
	for _, i := range []int{-1, 7, 1000} {
		err := RunTask(ctx, s, []byte(grid), newMemStore(), i, nil)
		if want := fmt.Sprintf(`task index %d is out of range: study "grid" has 7 tasks (indices 0 to 6)`, i); err == nil || err.Error() != want {
			t.Errorf("index %d: %v, want %q", i, err, want)
		}
	}

	// A dependency that fails: stored failed, and the task "not run".
	st := newMemStore()
	st.failFinish = "analyse Henon"
	jobs, _ := Plan(s)
	train := indexOf(jobs, KindTrain)
	err := RunTask(ctx, s, []byte(grid), st, train, nil)
	var de *DependencyError
	if !errors.As(err, &de) || de.DepLabel != "analyse Henon" || !strings.Contains(err.Error(), "injected store failure") {
		t.Fatalf("failing dependency: %v", err)
	}
	dep, tk := st.tasks[jobs[1].Task.Key], st.tasks[jobs[train].Task.Key]
	if dep.Status != store.Failed || !strings.Contains(dep.Error, "storing the result: injected store failure") {
		t.Errorf("the dependency: %s %q", dep.Status, dep.Error)
	}
	if tk.Status != store.Failed || tk.Error != `not run: it needs "analyse Henon", which failed` || tk.Attempts != 0 {
		t.Errorf("the task: %s %q after %d attempts", tk.Status, tk.Error, tk.Attempts)
	}
	// KeepFailed refuses to retry; otherwise the retry completes.
	if err := RunTask(ctx, s, []byte(grid), st, train, &Options{KeepFailed: true}); err == nil || !strings.Contains(err.Error(), "failed in an earlier run") {
		t.Errorf("keep failed: %v", err)
	}
	st.failFinish = ""
	if err := RunTask(ctx, s, []byte(grid), st, train, nil); err != nil || st.tasks[jobs[train].Task.Key].Status != store.Done {
		t.Errorf("retry: %v", err)
	}

	// A cancelled context leaves the task running, for the next attempt.
	c, cancel := context.WithCancel(ctx)
	cancel()
	st = newMemStore()
	if err := RunTask(c, s, []byte(grid), st, 0, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	if tk := st.tasks[jobs[0].Task.Key]; tk.Status != store.Running {
		t.Errorf("cancelled task: %s", tk.Status)
	}
}

// A dependency running elsewhere is waited for when WaitDeps allows it,
// and run here when it stays running past WaitDeps (its worker died).
func TestRunTaskWaitsForRunningDeps(t *testing.T) {
	ctx := context.Background()
	s := parseGrid(t)
	jobs, _ := Plan(s)
	train := indexOf(jobs, KindTrain)

	// Index 0 and 1 are done; the analysis (1) is then marked running by
	// "another worker", which a goroutine lets finish after a few polls.
	st := newMemStore()
	for i := range 2 {
		if err := RunTask(ctx, s, []byte(grid), st, i, nil); err != nil {
			t.Fatal(err)
		}
	}
	sys := jobs[1].Task.Key
	st.StartTask(ctx, sys, "elsewhere")
	cs := &countingStore{memStore: st, key: sys}
	cs.onCall = func(n int) {
		if n == 5 { // the other worker finishes during the third poll
			st.FinishTask(ctx, sys, &store.Result{Metrics: st.metrics[sys], Artifacts: artifactsOf(st, sys)})
		}
	}
	out, err := RunTaskWith(ctx, s, []byte(grid), cs, train, &TaskOptions{WaitDeps: time.Hour, Poll: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if tk := st.tasks[sys]; len(out.Deps) != 0 || out.Waited <= 0 || cs.calls != 5 || tk.Attempts != 2 || tk.Worker != "elsewhere" {
		t.Errorf("waited: %+v after %d reads; analysis %+v", out, cs.calls, tk)
	}

	// Stuck running (its worker was killed): run here after WaitDeps.
	st2 := newMemStore()
	if err := RunTask(ctx, s, []byte(grid), st2, 0, nil); err != nil {
		t.Fatal(err)
	}
	if err := RunTask(ctx, s, []byte(grid), st2, 1, nil); err != nil {
		t.Fatal(err)
	}
	st2.StartTask(ctx, sys, "killed")
	out, err = RunTaskWith(ctx, s, []byte(grid), st2, train, &TaskOptions{WaitDeps: 20 * time.Millisecond, Poll: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(out.Deps, []string{"analyse Henon"}) || out.Waited < 20*time.Millisecond || st2.tasks[sys].Status != store.Done {
		t.Errorf("stuck dependency: %+v, analysis %+v", out, st2.tasks[sys])
	}
	// Without WaitDeps, a running dependency is run here at once.
	st2.StartTask(ctx, sys, "killed")
	st2.FailTask(ctx, jobs[train].Task.Key, "x")
	out, err = RunTaskWith(ctx, s, []byte(grid), st2, train, nil)
	if err != nil || !slices.Equal(out.Deps, []string{"analyse Henon"}) || out.Waited != 0 {
		t.Errorf("no wait: %+v, %v", out, err)
	}
}

// countingStore counts the reads of one task and calls onCall with the
// count before each.
type countingStore struct {
	*memStore
	key    string
	calls  int
	onCall func(n int)
}

func (c *countingStore) Task(ctx context.Context, key string) (*store.Task, error) {
	if key == c.key {
		c.calls++
		if c.onCall != nil {
			c.onCall(c.calls)
		}
	}
	return c.memStore.Task(ctx, key)
}

func artifactsOf(st *memStore, key string) []store.Artifact {
	var out []store.Artifact
	for _, a := range st.artifacts[key] {
		out = append(out, a)
	}
	return out
}
