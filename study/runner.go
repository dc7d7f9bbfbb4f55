package study

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/emergo/emergo/store"
)

// Options configures Run.
type Options struct {
	// Workers bounds the tasks run at once (0: GOMAXPROCS).
	Workers int
	// Version is the emergo version recorded with every result.
	Version string
	// Worker names this process in the store (default host/pid).
	Worker string
	// Progress, when not nil, is called after every change of state.
	Progress func(Progress)
	// Retry reruns failed tasks (default: they are rerun; set
	// KeepFailed to keep them failed).
	KeepFailed bool
	// Checkpoints, when set, is a directory on a filesystem every worker
	// shares: model checkpoints are written there (one directory per
	// task) and the store keeps only their paths and SHA-256 checksums,
	// instead of the files themselves (see LoadCheckpoint).
	Checkpoints string
	// Scratch is a directory where long experiments keep resumable state
	// ("" : none).
	Scratch string
	// TaskProgress, when not nil, receives the progress of a running
	// task that reports it (experiments): done out of total units. It is
	// called from the task's goroutine.
	TaskProgress func(label string, done, total int)
	// Logger receives tasks' log lines (nil: discarded).
	Logger *slog.Logger
}

// Progress is a snapshot of a run.
type Progress struct {
	Total   int // tasks in the study
	Skipped int // found done at the start
	Done    int // done, skipped included
	Failed  int
	Running []string // labels of the running tasks
	// Elapsed since the start, and ETA (0 when unknown) from the mean
	// duration of the tasks run so far.
	Elapsed, ETA time.Duration
	// Last is the label of the task that just finished ("" otherwise)
	// and LastErr its error.
	Last    string
	LastErr string
}

// Summary is the outcome of Run.
type Summary struct {
	StudyID  string
	Total    int
	Skipped  int // already done
	Ran      int // run now and done
	Failed   int
	Seconds  float64
	Failures []Failure
}

// Failure names a failed task.
type Failure struct {
	Key, Label, Error string
}

// Run runs a study: it records the spec, plans its tasks, skips those
// the store holds as done and runs the others on a pool of workers,
// dependencies first. A task's result is stored in one transaction as
// soon as it finishes, so an interrupted run (Ctrl-C, crash, kill) loses
// only the tasks that were running; rerunning the same spec resumes. A
// failing task is stored with its error and the run goes on; the tasks
// that need its result fail with an error naming it. Run returns
// ctx.Err() when cancelled (with the summary so far).
func Run(ctx context.Context, s *Spec, text []byte, st store.Store, opt *Options) (*Summary, error) {
	var o Options
	if opt != nil {
		o = *opt
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if o.Worker == "" {
		h, _ := os.Hostname()
		o.Worker = fmt.Sprintf("%s/%d", h, os.Getpid())
	}
	jobs, err := Plan(s)
	if err != nil {
		return nil, err
	}
	id := s.ID()
	now := time.Now().UTC()
	if err := st.PutStudy(ctx, &store.Study{ID: id, Name: s.Name, Spec: string(text), Version: o.Version, Created: now, Updated: now}); err != nil {
		return nil, err
	}
	tasks := make([]store.Task, len(jobs))
	for i, j := range jobs {
		tasks[i] = j.Task
	}
	if err := st.AddTasks(ctx, id, tasks); err != nil {
		return nil, err
	}
	stored, err := st.Tasks(ctx, id)
	if err != nil {
		return nil, err
	}
	status := map[string]store.Status{}
	errMsg := map[string]string{}
	for _, t := range stored {
		status[t.Key] = t.Status
		errMsg[t.Key] = t.Error
	}
	sum := &Summary{StudyID: id, Total: len(jobs)}
	prog := Progress{Total: len(jobs)}
	start := time.Now()

	byKey := map[string]*Job{}
	dependents := map[string][]*Job{}
	for _, j := range jobs {
		byKey[j.Task.Key] = j
		for _, d := range j.Task.Deps {
			dependents[d] = append(dependents[d], j)
		}
	}
	state := map[string]store.Status{}
	for _, j := range jobs {
		switch st := status[j.Task.Key]; {
		case st == store.Done:
			state[j.Task.Key] = store.Done
			sum.Skipped++
		case st == store.Failed && o.KeepFailed:
			state[j.Task.Key] = store.Failed
			sum.Failed++
			sum.Failures = append(sum.Failures, Failure{j.Task.Key, j.Task.Label, errMsg[j.Task.Key]})
		default:
			state[j.Task.Key] = store.Pending
		}
	}
	prog.Skipped, prog.Done, prog.Failed = sum.Skipped, sum.Skipped, sum.Failed

	type outcome struct {
		job *Job
		res *store.Result
		err error
		dur time.Duration
	}
	results := make(chan outcome)
	running := map[string]string{}
	var ranTime time.Duration
	var ran int
	report := func() {
		if o.Progress == nil {
			return
		}
		prog.Running = prog.Running[:0]
		for _, j := range jobs {
			if l, ok := running[j.Task.Key]; ok {
				prog.Running = append(prog.Running, l)
			}
		}
		prog.Elapsed = time.Since(start)
		prog.ETA = 0
		if ran > 0 {
			left := prog.Total - prog.Done - prog.Failed
			prog.ETA = time.Duration(float64(ranTime) / float64(ran) * float64(left) / float64(o.Workers))
		}
		o.Progress(prog)
		prog.Last, prog.LastErr = "", ""
	}
	// fail records a failure and fails the pending tasks that need it.
	var fail func(j *Job, msg string)
	fail = func(j *Job, msg string) {
		state[j.Task.Key] = store.Failed
		sum.Failed++
		prog.Failed++
		sum.Failures = append(sum.Failures, Failure{j.Task.Key, j.Task.Label, msg})
		if err := st.FailTask(context.WithoutCancel(ctx), j.Task.Key, msg); err != nil {
			sum.Failures[len(sum.Failures)-1].Error += " (and recording the failure failed: " + err.Error() + ")"
		}
		for _, d := range dependents[j.Task.Key] {
			if state[d.Task.Key] == store.Pending {
				fail(d, fmt.Sprintf("not run: it needs %q, which failed", j.Task.Label))
			}
		}
	}
	ready := func(j *Job) (ok, blocked bool) {
		for _, d := range j.Task.Deps {
			switch state[d] {
			case store.Failed:
				return false, true
			case store.Done:
			default:
				return false, false
			}
		}
		return true, false
	}
	// Tasks whose dependencies failed earlier (KeepFailed) fail now.
	for _, j := range jobs {
		if state[j.Task.Key] == store.Pending {
			if _, blocked := ready(j); blocked {
				for _, d := range j.Task.Deps {
					if state[d] == store.Failed {
						fail(j, fmt.Sprintf("not run: it needs %q, which failed", byKey[d].Task.Label))
						break
					}
				}
			}
		}
	}
	report()
	inflight := 0
	var wg sync.WaitGroup
	for {
		// Launch what is ready.
		for _, j := range jobs {
			if inflight >= o.Workers || ctx.Err() != nil {
				break
			}
			if state[j.Task.Key] != store.Pending {
				continue
			}
			if ok, _ := ready(j); !ok {
				continue
			}
			if err := st.StartTask(ctx, j.Task.Key, o.Worker); err != nil {
				if ctx.Err() != nil {
					break
				}
				return sum, fmt.Errorf("start %s: %w", j.Task.Label, err)
			}
			state[j.Task.Key] = store.Running
			running[j.Task.Key] = j.Task.Label
			inflight++
			wg.Add(1)
			go func(j *Job) {
				defer wg.Done()
				t0 := time.Now()
				res, err := runSafely(withTaskEnv(ctx, &o, j.Task.Key), j, st)
				results <- outcome{j, res, err, time.Since(t0)}
			}(j)
		}
		if inflight == 0 {
			break
		}
		report()
		out := <-results
		inflight--
		delete(running, out.job.Task.Key)
		k := out.job.Task.Key
		prog.Last = out.job.Task.Label
		switch {
		case out.err != nil && ctx.Err() != nil && errors.Is(out.err, ctx.Err()):
			// Interrupted: left for the next run.
			state[k] = store.Pending
		case out.err != nil:
			prog.LastErr = out.err.Error()
			fail(out.job, out.err.Error())
		default:
			out.res.Seconds = out.dur.Seconds()
			out.res.Version = o.Version
			if err := st.FinishTask(context.WithoutCancel(ctx), k, out.res); err != nil {
				prog.LastErr = err.Error()
				fail(out.job, "storing the result: "+err.Error())
				break
			}
			state[k] = store.Done
			sum.Ran++
			prog.Done++
			ran++
			ranTime += out.dur
		}
		report()
	}
	wg.Wait()
	sum.Seconds = time.Since(start).Seconds()
	if err := ctx.Err(); err != nil {
		return sum, err
	}
	return sum, nil
}

// runSafely runs a job, turning a panic into an error with its stack.
func runSafely(ctx context.Context, j *Job, r store.Reader) (res *store.Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			st := strings.TrimSpace(string(debug.Stack()))
			if len(st) > 2000 {
				st = st[:2000] + "…"
			}
			err = fmt.Errorf("panic: %v\n%s", p, st)
		}
	}()
	res, err = j.Run(ctx, r)
	if err == nil && res == nil {
		err = errors.New("the task returned no result")
	}
	return res, err
}
