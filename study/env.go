package study

import (
	"context"
	"log/slog"
)

// taskEnv carries the run's options that tasks need (a directory for
// checkpoints on a shared filesystem, a scratch directory, a progress
// callback, a logger) to a running job through its context.
type taskEnv struct {
	key         string // the running task's key
	checkpoints string
	scratch     string
	progress    func(label string, done, total int)
	logger      *slog.Logger
}

type taskEnvKey struct{}

// withTaskEnv attaches the options for running task key.
func withTaskEnv(ctx context.Context, o *Options, key string) context.Context {
	if o == nil {
		return ctx
	}
	return context.WithValue(ctx, taskEnvKey{}, &taskEnv{key: key, checkpoints: o.Checkpoints, scratch: o.Scratch, progress: o.TaskProgress, logger: o.Logger})
}

// taskEnvFrom returns the running task's environment (zero when none).
func taskEnvFrom(ctx context.Context) *taskEnv {
	if te, ok := ctx.Value(taskEnvKey{}).(*taskEnv); ok {
		return te
	}
	return &taskEnv{}
}
