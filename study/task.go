package study

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/emergo/emergo/store"
)

// TaskOptions configures RunTaskWith: the options of Run (Workers and
// Progress are ignored: one task runs at a time) and how to treat a
// dependency that another worker is running.
type TaskOptions struct {
	Options
	// WaitDeps bounds how long a dependency that the store shows running
	// (by another worker, presumably) is waited for before it is run
	// here too. Zero runs it here at once. The store holds no lease, so
	// a worker that was killed leaves its task running for ever: waiting
	// is bounded for that reason.
	WaitDeps time.Duration
	// Poll is the interval between reads of the store while waiting
	// (zero: 2 s).
	Poll time.Duration
}

// TaskOutcome says what RunTaskWith did.
type TaskOutcome struct {
	StudyID string
	// Index is the task's grid index, Total the number of tasks.
	Index, Total int
	Key, Label   string
	// Skipped: the task was already done, nothing ran.
	Skipped bool
	// Deps are the labels of the dependencies run here first (those that
	// were not done), in the order they ran.
	Deps []string
	// Waited is the time spent waiting for dependencies run elsewhere.
	Waited time.Duration
	// Seconds is the wall time of the task itself (zero when skipped).
	Seconds float64
}

// DependencyError reports that a task was not run because a dependency
// run here first failed; the dependency's failure is stored.
type DependencyError struct {
	Label, DepLabel string
	Err             error
}

// Error names the task, its failed dependency and the failure.
func (e *DependencyError) Error() string {
	return fmt.Sprintf("%s not run: it needs %q, which failed: %v", e.Label, e.DepLabel, e.Err)
}

// Unwrap returns the dependency's failure.
func (e *DependencyError) Unwrap() error { return e.Err }

// RunTask runs the task at a grid index of a study: the index-th job of
// Plan(s) (0-based; the order is deterministic, dependencies first). It
// is the task contract of every scheduler: a Slurm array task, a
// Kubernetes Indexed Job's pod or a person at a shell run the same
// study's indices in any order, any number of times, on any machines
// sharing the store.
//
//   - It records the study (spec text) and all its tasks, once: when the
//     store already lists them all it writes nothing; AddTasks is
//     idempotent, so concurrent first calls agree.
//   - A task the store holds as done is skipped (nothing is written).
//   - Dependencies not done are run first, here, in plan order; a
//     dependency another worker is running is not waited for (see
//     RunTaskWith). Results are deterministic (every random choice is
//     seeded from the spec), so the same task run twice — here and
//     elsewhere, or by a resubmitted index — stores the same result, and
//     FinishTask replaces a result whole: a duplicate run costs time,
//     never correctness.
//   - The result is stored in one transaction (FinishTask); a failure is
//     stored (FailTask) and returned. When a dependency fails, it is
//     stored as failed, the task is stored as failed "not run", and a
//     *DependencyError is returned.
//
// A task that was running when its worker died (a cancelled array task,
// an evicted pod) is still running in the store; RunTask runs it again
// (the attempt is counted). Cancelling ctx leaves the task running in
// the store, for the next attempt, and returns ctx.Err().
func RunTask(ctx context.Context, s *Spec, text []byte, st store.Store, index int, opt *Options) error {
	var o TaskOptions
	if opt != nil {
		o.Options = *opt
	}
	_, err := RunTaskWith(ctx, s, text, st, index, &o)
	return err
}

// RunTaskWith is RunTask with the options of TaskOptions, returning what
// it did. With WaitDeps > 0 a dependency that the store shows running is
// polled until it is done or WaitDeps has passed, then run here if it is
// still not done: this suits schedulers that start every index at once
// (a Kubernetes Indexed Job), where a task's dependencies are usually
// running in other pods, without hanging on a dependency whose worker
// died. Submissions that order the work (Slurm arrays chained by
// dependency level) need no waiting.
func RunTaskWith(ctx context.Context, s *Spec, text []byte, st store.Store, index int, opt *TaskOptions) (*TaskOutcome, error) {
	var o TaskOptions
	if opt != nil {
		o = *opt
	}
	if o.Poll <= 0 {
		o.Poll = 2 * time.Second
	}
	if o.Worker == "" {
		h, _ := os.Hostname()
		o.Worker = fmt.Sprintf("%s/%d", h, os.Getpid())
	}
	jobs, err := Plan(s)
	if err != nil {
		return nil, err
	}
	if index < 0 || index >= len(jobs) {
		return nil, fmt.Errorf("task index %d is out of range: study %q has %d tasks (indices 0 to %d)", index, s.Name, len(jobs), len(jobs)-1)
	}
	id := s.ID()
	target := jobs[index]
	out := &TaskOutcome{StudyID: id, Index: index, Total: len(jobs), Key: target.Task.Key, Label: target.Task.Label}
	if err := recordStudy(ctx, s, text, st, jobs, o.Version); err != nil {
		return out, err
	}

	byKey := make(map[string]*Job, len(jobs))
	for _, j := range jobs {
		byKey[j.Task.Key] = j
	}
	status := func(key string) (*store.Task, error) {
		t, err := st.Task(ctx, key)
		if err != nil {
			return nil, fmt.Errorf("read the state of task %s: %w", key, err)
		}
		return t, nil
	}
	t, err := status(target.Task.Key)
	if err != nil {
		return out, err
	}
	if t.Status == store.Done {
		out.Skipped = true
		return out, nil
	}
	if t.Status == store.Failed && o.KeepFailed {
		return out, fmt.Errorf("%s failed in an earlier run and failed tasks are kept: %s", target.Task.Label, t.Error)
	}

	// The dependencies not done, deepest first, in plan order.
	var need []*Job
	seen := map[string]bool{}
	var visit func(j *Job) error
	visit = func(j *Job) error {
		for _, d := range j.Task.Deps {
			if seen[d] {
				continue
			}
			seen[d] = true
			dj := byKey[d]
			if dj == nil {
				panic("study: task " + j.Task.Key + " depends on " + d + ", which is not in the plan")
			}
			dt, err := status(d)
			if err != nil {
				return err
			}
			if dt.Status == store.Done {
				continue
			}
			if err := visit(dj); err != nil {
				return err
			}
			need = append(need, dj)
		}
		return nil
	}
	if err := visit(target); err != nil {
		return out, err
	}

	for _, dj := range need {
		dt, err := status(dj.Task.Key)
		if err != nil {
			return out, err
		}
		if dt.Status == store.Running && o.WaitDeps > 0 {
			t0 := time.Now()
			dt, err = waitFor(ctx, dj.Task.Key, status, o.WaitDeps, o.Poll)
			out.Waited += time.Since(t0)
			if err != nil {
				return out, err
			}
		}
		if dt.Status == store.Done {
			continue
		}
		if _, err := runJob(ctx, dj, st, &o.Options); err != nil {
			if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
				return out, err
			}
			msg := fmt.Sprintf("not run: it needs %q, which failed", dj.Task.Label)
			if ferr := st.FailTask(context.WithoutCancel(ctx), target.Task.Key, msg); ferr != nil {
				err = fmt.Errorf("%w (and recording that %s was not run failed: %v)", err, target.Task.Label, ferr)
			}
			return out, &DependencyError{Label: target.Task.Label, DepLabel: dj.Task.Label, Err: err}
		}
		out.Deps = append(out.Deps, dj.Task.Label)
	}
	out.Seconds, err = runJob(ctx, target, st, &o.Options)
	return out, err
}

// recordStudy stores the study and links all its tasks unless the store
// lists them all already.
func recordStudy(ctx context.Context, s *Spec, text []byte, st store.Store, jobs []*Job, version string) error {
	id := s.ID()
	if got, err := st.Study(ctx, id); err == nil && got.ID == id && got.Tasks >= len(jobs) {
		return nil
	} else if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	now := time.Now().UTC()
	if err := st.PutStudy(ctx, &store.Study{ID: id, Name: s.Name, Spec: string(text), Version: version, Created: now, Updated: now}); err != nil {
		return err
	}
	tasks := make([]store.Task, len(jobs))
	for i, j := range jobs {
		tasks[i] = j.Task
	}
	return st.AddTasks(ctx, id, tasks)
}

// waitFor polls a running task until it is no longer running or wait has
// passed, and returns its last state.
func waitFor(ctx context.Context, key string, status func(string) (*store.Task, error), wait, poll time.Duration) (*store.Task, error) {
	deadline := time.Now().Add(wait)
	for {
		t, err := status(key)
		if err != nil || t.Status != store.Running || !time.Now().Before(deadline) {
			return t, err
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(min(poll, time.Until(deadline))):
		}
	}
}

// runJob runs one job here: it marks it running, runs it and stores its
// result or its failure. It returns the job's wall time in seconds.
func runJob(ctx context.Context, j *Job, st store.Store, o *Options) (float64, error) {
	if err := st.StartTask(ctx, j.Task.Key, o.Worker); err != nil {
		return 0, fmt.Errorf("start %s: %w", j.Task.Label, err)
	}
	t0 := time.Now()
	res, err := runSafely(withTaskEnv(ctx, o, j.Task.Key), j, st)
	sec := time.Since(t0).Seconds()
	if err != nil {
		if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
			return sec, err // left running, for the next attempt
		}
		if ferr := st.FailTask(context.WithoutCancel(ctx), j.Task.Key, err.Error()); ferr != nil {
			return sec, fmt.Errorf("%s: %w (and recording the failure failed: %v)", j.Task.Label, err, ferr)
		}
		return sec, fmt.Errorf("%s: %w", j.Task.Label, err)
	}
	res.Seconds = sec
	res.Version = o.Version
	if err := st.FinishTask(context.WithoutCancel(ctx), j.Task.Key, res); err != nil {
		err = fmt.Errorf("storing the result: %w", err)
		if ferr := st.FailTask(context.WithoutCancel(ctx), j.Task.Key, err.Error()); ferr != nil {
			return sec, fmt.Errorf("%s: %w (and recording the failure failed: %v)", j.Task.Label, err, ferr)
		}
		return sec, fmt.Errorf("%s: %w", j.Task.Label, err)
	}
	return sec, nil
}

// Levels returns each job's dependency level: 0 for a job without
// dependencies, else one more than the deepest of its dependencies. Jobs
// of one level do not depend on each other, so a scheduler may run a
// level at once after the levels before it (Slurm arrays chained by
// level). jobs must be in plan order (dependencies first), as Plan
// returns them.
func Levels(jobs []*Job) []int {
	level := make(map[string]int, len(jobs))
	out := make([]int, len(jobs))
	for i, j := range jobs {
		l := 0
		for _, d := range j.Task.Deps {
			dl, ok := level[d]
			if !ok {
				panic("study: Levels: job " + j.Task.Label + " comes before its dependency " + d)
			}
			l = max(l, dl+1)
		}
		level[j.Task.Key] = l
		out[i] = l
	}
	return out
}
