package cli

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"

	"github.com/emergo/emergo/store"
	"github.com/emergo/emergo/study"
)

// Scale-out: `emergo run-task` (the task contract every scheduler calls),
// `emergo study submit` (Slurm job arrays, Kubernetes Indexed Jobs),
// `emergo study status` and `emergo study collect`. docs/CLUSTER.md is
// the guide.

// dbEnv is the environment variable --db defaults to in run-task, so a
// scheduler can pass the database (and its password) without a command
// line.
const dbEnv = "EMERGO_DB"

// defaultMaxArraySize is Slurm's default MaxArraySize: array indices go
// from 0 to MaxArraySize-1.
const defaultMaxArraySize = 1001

// dirScheme marks a directory of per-task SQLite files (--db file://DIR).
const dirScheme = "file://"

// checkpointsEnv is the environment variable --checkpoints defaults to in
// run-task.
const checkpointsEnv = "EMERGO_CHECKPOINTS"

// runTaskOptions are the flags of run-task.
type runTaskOptions struct {
	spec, db, worker string
	checkpoints      string
	index, offset    int
	quick            bool
	waitDeps         time.Duration
}

func (e *env) runTaskCmd() *cobra.Command {
	var o runTaskOptions
	cmd := &cobra.Command{
		Use:   "run-task --study SPEC [--index I] --db DSN",
		Short: "Run one task of a study by its grid index (what a Slurm array task or a Kubernetes pod runs)",
		Long: `Run one task of a study, chosen by its grid index: the position of the task
in the study's plan (0-based, dependencies first; 'emergo study submit
--dry-run' lists them). This is the task contract of every scheduler: a Slurm
array task, a Kubernetes Indexed Job's pod or a shell loop run the indices of
a study in any order, any number of times, on machines that share the results
database.

The index is --index, else --index-offset plus SLURM_ARRAY_TASK_ID (a Slurm
array task), else --index-offset plus JOB_COMPLETION_INDEX (a Kubernetes
Indexed Job). The study and all its tasks are recorded in the database the
first time; a task already done is skipped; its dependencies that are not
done are run first, here (results are deterministic, so running a task twice
is harmless), or waited for up to --wait-deps when another worker is running
them. The result is stored in one transaction.

--db is a PostgreSQL URL (postgres://user:password@host:5432/db), a SQLite
file (one machine), or file://DIR: a directory of per-task SQLite files
(DIR/task-000042.db) for nodes that reach no database; 'emergo study collect'
merges them. Without --db, $EMERGO_DB is used.`,
		Example: `  emergo run-task --study study.yaml --index 3 --db results.db
  emergo run-task --study study.yaml --db postgres://emergo@db:5432/emergo   # in a Slurm array
  emergo run-task --study study.yaml --index 3 --db file:///scratch/emergo-tasks`,
		Args: exactArgs(0, "no arguments (the spec is --study)"),
		RunE: runE(func(cmd *cobra.Command, _ []string) error {
			return e.runTask(cmd.Context(), &o, cmd.Flags().Changed("index"))
		}),
	}
	f := cmd.Flags()
	f.StringVar(&o.spec, "study", "", "study spec `FILE` (YAML)")
	f.IntVar(&o.index, "index", 0, "grid index of the task (default: from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX)")
	f.IntVar(&o.offset, "index-offset", 0, "`N` added to the scheduler's index (job arrays past MaxArraySize)")
	f.StringVar(&o.db, "db", "", "results database `DSN`: postgres:// URL, SQLite file or file://DIR (default $"+dbEnv+")")
	f.BoolVar(&o.quick, "quick", false, "run the task of the reduced study (as 'emergo study --quick')")
	f.DurationVar(&o.waitDeps, "wait-deps", 0, "wait up to `D` for a dependency that another worker is running before running it here")
	f.StringVar(&o.worker, "worker", "", "name of this worker in the database (default host/pid and the scheduler's job)")
	f.StringVar(&o.checkpoints, "checkpoints", "", "`DIR` on a shared filesystem for model checkpoints; the database keeps their paths and SHA-256 (default $"+checkpointsEnv+"; none: checkpoints go into the database)")
	return cmd
}

// taskIndex resolves the grid index from the flags or the scheduler's
// environment.
func taskIndex(o *runTaskOptions, indexSet bool) (int, string, error) {
	if indexSet {
		return o.index, "--index", nil
	}
	for _, name := range []string{"SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX"} {
		v, ok := os.LookupEnv(name)
		if !ok || v == "" {
			continue
		}
		i, err := strconv.Atoi(v)
		if err != nil || i < 0 {
			return 0, "", fmt.Errorf("%s=%q is not a task index", name, v)
		}
		return o.offset + i, name, nil
	}
	return 0, "", usagef("no task index: give --index, or run as a Slurm array task (SLURM_ARRAY_TASK_ID) or a Kubernetes Indexed Job pod (JOB_COMPLETION_INDEX)")
}

// workerName is host/pid plus the scheduler's name of this job.
func workerName() string {
	h, _ := os.Hostname()
	w := fmt.Sprintf("%s/%d", h, os.Getpid())
	if j, t := os.Getenv("SLURM_ARRAY_JOB_ID"), os.Getenv("SLURM_ARRAY_TASK_ID"); j != "" && t != "" {
		w += " slurm " + j + "_" + t
	} else if j := os.Getenv("SLURM_JOB_ID"); j != "" {
		w += " slurm " + j
	} else if os.Getenv("JOB_COMPLETION_INDEX") != "" && os.Getenv("HOSTNAME") != "" {
		w += " pod " + os.Getenv("HOSTNAME")
	}
	return w
}

// loadSpec reads a spec file (the embedded default for ""), applying
// --quick.
func loadSpec(path string, quick bool) (*study.Spec, []byte, error) {
	var s *study.Spec
	var text []byte
	var err error
	if path == "" {
		text = study.DefaultYAML()
		s, err = study.Parse(text, "default study")
	} else {
		s, text, err = study.ParseFile(path)
	}
	if err != nil {
		return nil, nil, err
	}
	if quick {
		s = study.Quick(s)
	}
	return s, text, nil
}

func (e *env) runTask(ctx context.Context, o *runTaskOptions, indexSet bool) error {
	if o.spec == "" {
		return usagef("run-task needs --study SPEC")
	}
	if o.db == "" {
		o.db = os.Getenv(dbEnv)
	}
	if o.db == "" {
		return usagef("run-task needs --db DSN (or $%s): a postgres:// URL, a SQLite file or file://DIR", dbEnv)
	}
	index, from, err := taskIndex(o, indexSet)
	if err != nil {
		return err
	}
	s, text, err := loadSpec(o.spec, o.quick)
	if err != nil {
		return err
	}
	st, err := openTaskStore(ctx, o.db, index)
	if err != nil {
		return err
	}
	worker := o.worker
	if worker == "" {
		worker = workerName()
	}
	start := e.now()
	out, err := study.RunTaskWith(ctx, s, text, st, index, &study.TaskOptions{
		Options:  study.Options{Version: versionString(), Worker: worker, Checkpoints: checkpointDir(o.checkpoints)},
		WaitDeps: o.waitDeps,
	})
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		if out != nil && out.Label != "" {
			return fmt.Errorf("task %d of study %q: %w", index, s.Name, err)
		}
		return err
	}
	what := fmt.Sprintf("task %d/%d of study %q (%s, index from %s)", index, out.Total, s.Name, out.Label, from)
	if out.Skipped {
		_, err = fmt.Fprintf(e.stdout, "%s: already done, nothing to do\n", what)
		return err
	}
	fmt.Fprintf(e.stdout, "%s: done in %s", what, dur(e.now().Sub(start)))
	if len(out.Deps) > 0 {
		fmt.Fprintf(e.stdout, " (ran %d missing dependencies first: %s)", len(out.Deps), strings.Join(out.Deps, "; "))
	}
	if out.Waited > 0 {
		fmt.Fprintf(e.stdout, " (waited %s for dependencies)", dur(out.Waited))
	}
	_, err = fmt.Fprintln(e.stdout)
	return err
}

// openTaskStore opens the store a task writes to: PostgreSQL (at most
// two connections per task unless the URL says otherwise), a directory
// of per-task SQLite files, or one SQLite file.
func openTaskStore(ctx context.Context, dsn string, index int) (store.Store, error) {
	switch {
	case store.IsPostgresURL(dsn):
		return store.OpenPostgres(ctx, withPoolLimit(dsn))
	case strings.HasPrefix(dsn, dirScheme):
		return openDirStore(strings.TrimPrefix(dsn, dirScheme), index)
	}
	return store.Open(ctx, dsn)
}

// withPoolLimit adds pool_max_conns=2 to a PostgreSQL URL that sets no
// pool size: a task runs one thing at a time, and a thousand tasks with
// pgx's default pool (4 or more) would exhaust max_connections.
func withPoolLimit(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.Query().Has("pool_max_conns") {
		return dsn
	}
	q := u.Query()
	q.Set("pool_max_conns", "2")
	u.RawQuery = q.Encode()
	return u.String()
}

// --- per-task SQLite files (--db file://DIR) --------------------------------

// taskFile is the name of the per-task file of a grid index.
func taskFile(index int) string { return fmt.Sprintf("task-%06d.db", index) }

// dirStore is the store of one task in a directory of per-task SQLite
// files: it writes to its own file and reads a dependency's result from
// whichever file of the directory holds it done (a task that finds none
// runs the dependency itself, into its own file). The files never share
// a writer, so the directory may be on a network filesystem where SQLite
// locking is unreliable; every file is left in rollback-journal mode when
// its task ends, so that other nodes can read it.
type dirStore struct {
	*store.SQLite
	dir, own string
	// found caches the sibling file holding a task done.
	found map[string]*store.SQLite
}

func openDirStore(dir string, index int) (*dirStore, error) {
	if dir == "" {
		return nil, errors.New("--db file://DIR: no directory given")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create the task directory %s: %w", dir, unwrapPath(err))
	}
	own := filepath.Join(dir, taskFile(index))
	s, err := store.OpenSQLite(own, nil)
	if err != nil {
		return nil, err
	}
	return &dirStore{SQLite: s, dir: dir, own: own, found: map[string]*store.SQLite{}}, nil
}

// sibling returns the store of another file of the directory that holds
// key done, or nil.
func (d *dirStore) sibling(ctx context.Context, key string) *store.SQLite {
	if s, ok := d.found[key]; ok {
		return s
	}
	files, _ := filepath.Glob(filepath.Join(d.dir, "task-*.db"))
	for _, f := range files {
		if f == d.own {
			continue
		}
		s, err := store.OpenSQLite(f, &store.Options{ReadOnly: true, BusyTimeout: time.Second})
		if err != nil {
			continue // being written, or not a results file: not a source
		}
		if t, err := s.Task(ctx, key); err == nil && t.Status == store.Done {
			d.found[key] = s
			return s
		}
		s.Close()
	}
	return nil
}

// reader returns the store to read key's result from: this task's file
// when it holds the task done, else a sibling that does, else this
// task's file.
func (d *dirStore) reader(ctx context.Context, key string) store.Reader {
	if t, err := d.SQLite.Task(ctx, key); err == nil && t.Status == store.Done {
		return d.SQLite
	}
	if s := d.sibling(ctx, key); s != nil {
		return s
	}
	return d.SQLite
}

// Task reads key's state from the file that holds it done, if any.
func (d *dirStore) Task(ctx context.Context, key string) (*store.Task, error) {
	return d.reader(ctx, key).Task(ctx, key)
}

// Metrics reads key's metrics from the file that holds it done.
func (d *dirStore) Metrics(ctx context.Context, key string) ([]store.Metric, error) {
	return d.reader(ctx, key).Metrics(ctx, key)
}

// Artifacts lists key's artifacts from the file that holds it done.
func (d *dirStore) Artifacts(ctx context.Context, key string) ([]store.ArtifactInfo, error) {
	return d.reader(ctx, key).Artifacts(ctx, key)
}

// Artifact reads an artifact of key from the file that holds it done.
func (d *dirStore) Artifact(ctx context.Context, key, name string) (*store.Artifact, error) {
	return d.reader(ctx, key).Artifact(ctx, key, name)
}

// Close closes every file and leaves this task's file in
// rollback-journal mode (no -wal or -shm beside it).
func (d *dirStore) Close() error {
	for _, s := range d.found {
		s.Close()
	}
	if err := d.SQLite.Close(); err != nil {
		return err
	}
	db, err := sql.Open("sqlite", d.own)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Exec("PRAGMA journal_mode = DELETE"); err != nil {
		return fmt.Errorf("results file %s: %v", d.own, err)
	}
	return nil
}

// --- study submit -----------------------------------------------------------

// submitOptions are the flags of study submit.
type submitOptions struct {
	engine, db, out, emergo, image, namespace string
	dbSecret, checkpoints, checkpointsPVC     string
	cpus, memory, waitDeps                    string
	sbatchArgs                                []string
	maxParallel, maxArraySize, backoff        int
	dryRun, quick                             bool
}

func (e *env) studySubcommands() []*cobra.Command {
	return []*cobra.Command{e.studySubmitCmd(), e.studyStatusCmd(), e.studyCollectCmd()}
}

func (e *env) studySubmitCmd() *cobra.Command {
	var o submitOptions
	cmd := &cobra.Command{
		Use:   "submit --engine slurm|k8s [SPEC.yaml] --db DSN",
		Short: "Run a study on a cluster: Slurm job arrays or a Kubernetes Indexed Job, one task per index",
		Long: `Run a study on a cluster scheduler, one task per index, every task running
'emergo run-task' and writing to a shared results database (--db: a
postgres:// URL reachable from the nodes, or file://DIR on a shared
filesystem, merged later with 'emergo study collect').

--engine slurm writes OUT/emergo.sbatch (an sbatch script running one task per
array index), OUT/submit.sh and OUT/study.yaml, then submits the study as job
arrays, one per dependency level (data, analysis, training, homogenization and
scaling), each depending on the one before (afterany) and throttled to
--max-parallel tasks at once; a level with indices past MaxArraySize
(--max-array-size, Slurm's default 1001) is split into several arrays with an
index offset. --dry-run writes the files and prints the sbatch commands
without running them.

--engine k8s writes OUT/job.yaml: a ConfigMap with the spec and an Indexed Job
(completions = tasks, parallelism = --max-parallel, backoffLimitPerIndex), to
apply with 'kubectl apply -f'; emergo does not call kubectl. The pods start in
any order, so they wait up to --wait-deps for dependencies other pods are
running.

Progress: 'emergo study status --db DSN'.`,
		Example: `  emergo study submit --engine slurm study.yaml --db postgres://emergo@db.cluster:5432/emergo --max-parallel 64
  emergo study submit --engine slurm study.yaml --db file:///scratch/me/tasks --dry-run
  emergo study submit --engine k8s study.yaml --db postgres://emergo@postgres:5432/emergo --image registry.example/emergo:v1`,
		Args: rangeArgs(0, 1, "at most one spec file"),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			spec := ""
			if len(args) == 1 {
				spec = args[0]
			}
			return e.submit(cmd.Context(), spec, &o, cmd.Flags().Changed("out"))
		}),
	}
	f := cmd.Flags()
	f.StringVar(&o.engine, "engine", "", "scheduler: slurm or k8s")
	f.StringVar(&o.db, "db", "", "results database `DSN` the tasks write to: postgres:// URL or file://DIR (or a SQLite file on one machine)")
	f.IntVar(&o.maxParallel, "max-parallel", 0, "at most `K` tasks at once (Slurm: per array; k8s: parallelism, default all)")
	f.StringVarP(&o.out, "out", "o", "", "`DIR` for the script or manifest (default "+defaultOut+"/cluster-NAME)")
	f.BoolVar(&o.dryRun, "dry-run", false, "write the files and print the sbatch commands, submit nothing")
	f.BoolVar(&o.quick, "quick", false, "submit the reduced study (as 'emergo study --quick')")
	f.IntVar(&o.maxArraySize, "max-array-size", defaultMaxArraySize, "Slurm's MaxArraySize: array indices stay below `N`")
	f.StringVar(&o.emergo, "emergo", "", "`PATH` of the emergo binary on the nodes (Slurm; default this binary)")
	f.StringArrayVar(&o.sbatchArgs, "sbatch-arg", nil, "extra #SBATCH `OPTION` (repeatable): --partition=cpu, --time=2:00:00, --mem=4G")
	f.StringVar(&o.cpus, "cpus", "1", "CPUs per task (Slurm --cpus-per-task; k8s request)")
	f.StringVar(&o.memory, "memory", "2Gi", "memory per task (k8s request and limit)")
	f.StringVar(&o.image, "image", "emergo:latest", "container `IMAGE` with emergo on its PATH (k8s)")
	f.StringVar(&o.namespace, "namespace", "", "Kubernetes namespace of the Job (default: kubectl's)")
	f.StringVar(&o.dbSecret, "db-secret", "", "take $EMERGO_DB from the key \"url\" of this Kubernetes `SECRET` instead of writing --db into the manifest (k8s)")
	f.IntVar(&o.backoff, "backoff-per-index", 2, "retries of a failed index (k8s backoffLimitPerIndex)")
	f.StringVar(&o.waitDeps, "wait-deps", "30m", "how long a pod waits for dependencies other pods are running (k8s)")
	f.StringVar(&o.checkpoints, "checkpoints", "", "`DIR` on a filesystem every node shares for model checkpoints (the database keeps paths and checksums); k8s: the mount path of --checkpoints-pvc")
	f.StringVar(&o.checkpointsPVC, "checkpoints-pvc", "", "PersistentVolumeClaim (ReadWriteMany) mounted at --checkpoints in every pod (k8s)")
	return cmd
}

// submission is what submit works out before writing files.
type submission struct {
	spec    *study.Spec
	text    []byte
	jobs    []*study.Job
	out     string // absolute
	name    string // job name
	id      string
	arrays  []slurmArray
	opts    *submitOptions
	emergo  string
	specOut string // the spec's copy in out
}

func (e *env) submit(ctx context.Context, specPath string, o *submitOptions, outSet bool) error {
	switch o.engine {
	case "slurm", "k8s":
	case "":
		return usagef("study submit needs --engine slurm or --engine k8s")
	default:
		return usagef("unknown --engine %q (slurm or k8s)", o.engine)
	}
	if o.db == "" && !(o.engine == "k8s" && o.dbSecret != "") {
		return usagef("study submit needs --db: the results database every task writes to (a postgres:// URL, or file://DIR on a shared filesystem)")
	}
	if o.maxParallel < 0 {
		return usagef("--max-parallel must be positive, got %d", o.maxParallel)
	}
	if o.engine == "k8s" && (o.checkpoints == "") != (o.checkpointsPVC == "") {
		return usagef("on Kubernetes --checkpoints (a mount path) and --checkpoints-pvc (the shared volume claim) go together")
	}
	if o.engine == "k8s" && o.checkpoints != "" && !filepath.IsAbs(o.checkpoints) {
		return usagef("--checkpoints %q must be an absolute mount path in the pod", o.checkpoints)
	}
	if o.engine == "slurm" && o.checkpoints != "" {
		abs, err := filepath.Abs(o.checkpoints)
		if err != nil {
			return err
		}
		o.checkpoints = abs
	}
	if o.maxArraySize < 1 {
		return usagef("--max-array-size must be positive, got %d", o.maxArraySize)
	}
	if o.engine == "k8s" {
		if _, err := time.ParseDuration(o.waitDeps); err != nil {
			return usagef("--wait-deps %q: %v", o.waitDeps, err)
		}
		if o.backoff < 0 {
			return usagef("--backoff-per-index must be at least 0, got %d", o.backoff)
		}
	}
	if o.db != "" && !store.IsPostgresURL(o.db) && !strings.HasPrefix(o.db, dirScheme) {
		fmt.Fprintf(e.stderr, "emergo: warning: --db %s is a SQLite file: every task must run on a machine that has it on a local disk (use a postgres:// URL or file://DIR on a cluster)\n", o.db)
	}
	s, text, err := loadSpec(specPath, o.quick)
	if err != nil {
		return err
	}
	jobs, err := study.Plan(s)
	if err != nil {
		return err
	}
	sub := &submission{spec: s, text: text, jobs: jobs, id: s.ID(), opts: o}
	sub.name = jobName(s.Name, sub.id)
	out := o.out
	if !outSet || out == "" {
		out = filepath.Join(defaultOut, "cluster-"+slug(s.Name))
	}
	if sub.out, err = filepath.Abs(out); err != nil {
		return err
	}
	if err := os.MkdirAll(sub.out, 0o755); err != nil {
		return fmt.Errorf("cannot create the output directory %s: %w", out, unwrapPath(err))
	}
	sub.specOut = filepath.Join(sub.out, "study.yaml")
	if err := os.WriteFile(sub.specOut, text, 0o644); err != nil {
		return fmt.Errorf("cannot write %s: %w", sub.specOut, unwrapPath(err))
	}
	if o.engine == "k8s" {
		return e.submitK8s(sub)
	}
	return e.submitSlurm(ctx, sub)
}

// jobName is "emergo-SLUG-ID8", a valid Kubernetes name (DNS label of at
// most 52 characters, leaving room for the pods' suffixes).
func jobName(name, id string) string {
	sl := slug(name)
	if len(sl) > 34 {
		sl = strings.Trim(sl[:34], "-")
	}
	return "emergo-" + sl + "-" + id[:8]
}

// slurmArray is one job array: the grid indices Offset+i for each array
// index i of Indices.
type slurmArray struct {
	Level   int
	Offset  int
	Indices []int // array indices (grid index - Offset), increasing
}

// Spec is the --array value: ranges of indices and the throttle.
func (a slurmArray) Spec(maxParallel int) string {
	var parts []string
	for i := 0; i < len(a.Indices); {
		j := i
		for j+1 < len(a.Indices) && a.Indices[j+1] == a.Indices[j]+1 {
			j++
		}
		if j == i {
			parts = append(parts, strconv.Itoa(a.Indices[i]))
		} else {
			parts = append(parts, fmt.Sprintf("%d-%d", a.Indices[i], a.Indices[j]))
		}
		i = j + 1
	}
	s := strings.Join(parts, ",")
	if maxParallel > 0 {
		s += "%" + strconv.Itoa(maxParallel)
	}
	return s
}

// planArrays groups grid indices into job arrays: one per dependency
// level, split where indices reach maxArraySize (array indices must stay
// below it), in the order they must run.
func planArrays(levels []int, maxArraySize int) []slurmArray {
	type group struct{ level, chunk int }
	byGroup := map[group][]int{}
	var groups []group
	for i, l := range levels {
		g := group{l, i / maxArraySize}
		if _, ok := byGroup[g]; !ok {
			groups = append(groups, g)
		}
		byGroup[g] = append(byGroup[g], i-g.chunk*maxArraySize)
	}
	sort.Slice(groups, func(a, b int) bool {
		if groups[a].level != groups[b].level {
			return groups[a].level < groups[b].level
		}
		return groups[a].chunk < groups[b].chunk
	})
	out := make([]slurmArray, len(groups))
	for k, g := range groups {
		out[k] = slurmArray{Level: g.level, Offset: g.chunk * maxArraySize, Indices: byGroup[g]}
	}
	return out
}

// shq quotes s for a POSIX shell.
func shq(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:=@%+,", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// sbatchScript is the batch script of every array of a submission.
func sbatchScript(sub *submission) []byte {
	o := sub.opts
	var b bytes.Buffer
	fmt.Fprintf(&b, "#!/bin/bash\n")
	fmt.Fprintf(&b, "# emergo study %q (ID %s): %d tasks, one per grid index.\n", sub.spec.Name, sub.id[:12], len(sub.jobs))
	fmt.Fprintf(&b, "# Written by 'emergo study submit --engine slurm'; submit.sh beside it submits\n")
	fmt.Fprintf(&b, "# it as %d job arrays (one per dependency level, split at MaxArraySize),\n", len(sub.arrays))
	fmt.Fprintf(&b, "# each after the one before. The grid index of an array task is $1 (its\n")
	fmt.Fprintf(&b, "# array's offset) plus SLURM_ARRAY_TASK_ID. A task already done is skipped,\n")
	fmt.Fprintf(&b, "# so resubmitting an index is safe:   sbatch --array=INDEX %s 0\n", shq(filepath.Join(sub.out, "emergo.sbatch")))
	fmt.Fprintf(&b, "# (past MaxArraySize: sbatch --array=INDEX-OFFSET %s OFFSET)\n", shq(filepath.Join(sub.out, "emergo.sbatch")))
	fmt.Fprintf(&b, "#SBATCH --job-name=%s\n", sub.name)
	fmt.Fprintf(&b, "#SBATCH --output=%s\n", filepath.Join(sub.out, "logs", "%A_%a.out"))
	fmt.Fprintf(&b, "#SBATCH --cpus-per-task=%s\n", o.cpus)
	for _, a := range o.sbatchArgs {
		fmt.Fprintf(&b, "#SBATCH %s\n", a)
	}
	fmt.Fprintf(&b, "set -eu\n")
	args := []string{shq(sub.emergo), "run-task", "--study", shq(sub.specOut), "--db", shq(o.db), "--index-offset", `"${1:-0}"`}
	if o.quick {
		args = append(args, "--quick")
	}
	if o.checkpoints != "" {
		args = append(args, "--checkpoints", shq(o.checkpoints))
	}
	fmt.Fprintf(&b, "exec %s\n", strings.Join(args, " "))
	return b.Bytes()
}

// sbatchArgs are the arguments of sbatch for array k of a submission,
// after the array it depends on (dep, "" for none).
func sbatchArgs(sub *submission, k int, dep string) []string {
	a := sub.arrays[k]
	args := []string{"--parsable", "--array=" + a.Spec(sub.opts.maxParallel)}
	if dep != "" {
		args = append(args, "--dependency=afterany:"+dep)
	}
	return append(args, filepath.Join(sub.out, "emergo.sbatch"), strconv.Itoa(a.Offset))
}

// submitScript is submit.sh: the same submissions as a shell script.
func submitScript(sub *submission) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "#!/bin/bash\n# Submits emergo study %q (ID %s) as %d Slurm job arrays, one per\n# dependency level (split at MaxArraySize), each starting after the one\n# before has ended.\nset -eu\n",
		sub.spec.Name, sub.id[:12], len(sub.arrays))
	for k := range sub.arrays {
		dep := ""
		if k > 0 {
			dep = fmt.Sprintf("$j%d", k-1)
		}
		args := sbatchArgs(sub, k, dep)
		for i, a := range args {
			if !strings.Contains(a, "$j") {
				args[i] = shq(a)
			}
		}
		fmt.Fprintf(&b, "j%d=$(sbatch %s); j%d=${j%d%%%%;*}\n", k, strings.Join(args, " "), k, k)
	}
	var ids []string
	for k := range sub.arrays {
		ids = append(ids, fmt.Sprintf("$j%d", k))
	}
	fmt.Fprintf(&b, "echo \"submitted job arrays %s\"\n", strings.Join(ids, " "))
	return b.Bytes()
}

func (e *env) submitSlurm(ctx context.Context, sub *submission) error {
	o := sub.opts
	sub.arrays = planArrays(study.Levels(sub.jobs), o.maxArraySize)
	sub.emergo = o.emergo
	if sub.emergo == "" {
		exe, err := os.Executable()
		if err != nil {
			return fmt.Errorf("cannot find this emergo binary for the batch script (give --emergo PATH): %v", err)
		}
		sub.emergo = exe
	}
	if err := os.MkdirAll(filepath.Join(sub.out, "logs"), 0o755); err != nil {
		return fmt.Errorf("cannot create %s: %w", filepath.Join(sub.out, "logs"), unwrapPath(err))
	}
	// The script may hold the database password: owner only.
	script := filepath.Join(sub.out, "emergo.sbatch")
	if err := os.WriteFile(script, sbatchScript(sub), 0o700); err != nil {
		return fmt.Errorf("cannot write %s: %w", script, unwrapPath(err))
	}
	if err := os.Chmod(script, 0o700); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(sub.out, "submit.sh"), submitScript(sub), 0o700); err != nil {
		return fmt.Errorf("cannot write submit.sh: %w", unwrapPath(err))
	}
	fmt.Fprintf(e.stdout, "study %q (%s): %d tasks in %d job arrays (one per dependency level", sub.spec.Name, sub.id[:12], len(sub.jobs), len(sub.arrays))
	if o.maxParallel > 0 {
		fmt.Fprintf(e.stdout, ", at most %d tasks at once", o.maxParallel)
	}
	fmt.Fprintf(e.stdout, ")\nfiles: %s, %s, %s\n", script, filepath.Join(sub.out, "submit.sh"), sub.specOut)
	if o.dryRun {
		fmt.Fprintln(e.stdout, "dry run: the commands submit.sh runs:")
		for k := range sub.arrays {
			dep := ""
			if k > 0 {
				dep = fmt.Sprintf("$j%d", k-1)
			}
			fmt.Fprintf(e.stdout, "  j%d=$(sbatch %s)\n", k, strings.Join(sbatchArgs(sub, k, dep), " "))
		}
		return nil
	}
	// Record the study now, so that status shows it from the start (the
	// tasks would do it otherwise); only where this machine reaches the
	// database.
	if !strings.HasPrefix(o.db, dirScheme) {
		if err := recordSubmitted(ctx, o.db, sub); err != nil {
			fmt.Fprintf(e.stderr, "emergo: warning: could not record the study in %s now (its tasks will): %v\n", store.Redact(o.db), err)
		}
	}
	var ids []string
	dep := ""
	for k, a := range sub.arrays {
		args := sbatchArgs(sub, k, dep)
		cmd := exec.CommandContext(ctx, "sbatch", args...)
		var so, se bytes.Buffer
		cmd.Stdout, cmd.Stderr = &so, &se
		if err := cmd.Run(); err != nil {
			msg := strings.TrimSpace(se.String())
			if errors.Is(err, exec.ErrNotFound) {
				msg = "sbatch is not on the PATH: run this on a Slurm login node, or use --dry-run and submit.sh"
			}
			if len(ids) > 0 {
				msg += fmt.Sprintf(" (arrays %s were submitted; cancel them with scancel %s)", strings.Join(ids, ", "), strings.Join(ids, " "))
			}
			return fmt.Errorf("sbatch %s failed: %v: %s", strings.Join(args, " "), err, msg)
		}
		id, _, _ := strings.Cut(strings.TrimSpace(so.String()), ";")
		if _, err := strconv.Atoi(id); err != nil {
			return fmt.Errorf("sbatch %s printed %q, not a job ID", strings.Join(args, " "), so.String())
		}
		fmt.Fprintf(e.stdout, "submitted job array %s: level %d, indices %s (offset %d)\n", id, a.Level, a.Spec(0), a.Offset)
		ids = append(ids, id)
		dep = id
	}
	_, err := fmt.Fprintf(e.stdout, "follow it with: emergo study status --db %s %s\n", shq(store.Redact(o.db)), sub.id[:12])
	return err
}

// recordSubmitted stores the study and its tasks as pending.
func recordSubmitted(ctx context.Context, dsn string, sub *submission) error {
	c, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	st, err := openTaskStore(c, dsn, 0)
	if err != nil {
		return err
	}
	defer st.Close()
	now := time.Now().UTC()
	if err := st.PutStudy(c, &store.Study{ID: sub.id, Name: sub.spec.Name, Spec: string(sub.text), Version: versionString(), Created: now, Updated: now}); err != nil {
		return err
	}
	tasks := make([]store.Task, len(sub.jobs))
	for i, j := range sub.jobs {
		tasks[i] = j.Task
	}
	return st.AddTasks(c, sub.id, tasks)
}

// k8sManifest is the ConfigMap holding the spec and the Indexed Job, as
// YAML documents.
func k8sManifest(sub *submission) ([]byte, error) {
	o := sub.opts
	n := int32(len(sub.jobs))
	parallel := n
	if o.maxParallel > 0 && int32(o.maxParallel) < n {
		parallel = int32(o.maxParallel)
	}
	labels := map[string]string{
		"app.kubernetes.io/name":       "emergo",
		"app.kubernetes.io/component":  "study-task",
		"app.kubernetes.io/managed-by": "emergo",
		"emergo/study":                 sub.id[:12],
	}
	cpu, err := resource.ParseQuantity(o.cpus)
	if err != nil {
		return nil, usagef("--cpus %q is not a quantity: %v", o.cpus, err)
	}
	mem, err := resource.ParseQuantity(o.memory)
	if err != nil {
		return nil, usagef("--memory %q is not a quantity: %v", o.memory, err)
	}
	cm := &corev1.ConfigMap{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "ConfigMap"},
		ObjectMeta: metav1.ObjectMeta{Name: sub.name + "-spec", Namespace: o.namespace, Labels: labels},
		Data:       map[string]string{"study.yaml": string(sub.text)},
	}
	args := []string{"run-task", "--study", "/etc/emergo/study.yaml", "--wait-deps", o.waitDeps}
	if o.quick {
		args = append(args, "--quick")
	}
	mounts := []corev1.VolumeMount{{Name: "spec", MountPath: "/etc/emergo", ReadOnly: true}}
	volumes := []corev1.Volume{{Name: "spec", VolumeSource: corev1.VolumeSource{
		ConfigMap: &corev1.ConfigMapVolumeSource{LocalObjectReference: corev1.LocalObjectReference{Name: cm.Name}},
	}}}
	if o.checkpoints != "" {
		args = append(args, "--checkpoints", o.checkpoints)
		mounts = append(mounts, corev1.VolumeMount{Name: "checkpoints", MountPath: o.checkpoints})
		volumes = append(volumes, corev1.Volume{Name: "checkpoints", VolumeSource: corev1.VolumeSource{
			PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{ClaimName: o.checkpointsPVC}}})
	}
	dbVar := corev1.EnvVar{Name: dbEnv, Value: o.db}
	if o.dbSecret != "" {
		dbVar = corev1.EnvVar{Name: dbEnv, ValueFrom: &corev1.EnvVarSource{SecretKeyRef: &corev1.SecretKeySelector{
			LocalObjectReference: corev1.LocalObjectReference{Name: o.dbSecret}, Key: "url"}}}
	}
	mode := batchv1.IndexedCompletion
	replace := batchv1.Failed
	job := &batchv1.Job{
		TypeMeta: metav1.TypeMeta{APIVersion: "batch/v1", Kind: "Job"},
		ObjectMeta: metav1.ObjectMeta{Name: sub.name, Namespace: o.namespace, Labels: labels,
			Annotations: map[string]string{"emergo/study-name": sub.spec.Name, "emergo/study-id": sub.id}},
		Spec: batchv1.JobSpec{
			CompletionMode:       &mode,
			Completions:          &n,
			Parallelism:          &parallel,
			BackoffLimitPerIndex: ptr(int32(o.backoff)),
			PodReplacementPolicy: &replace,
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: labels},
				Spec: corev1.PodSpec{
					RestartPolicy: corev1.RestartPolicyNever,
					Containers: []corev1.Container{{
						Name:    "task",
						Image:   o.image,
						Command: []string{"emergo"},
						Args:    args,
						// JOB_COMPLETION_INDEX, the task index, is set
						// by Kubernetes in every pod of an Indexed Job.
						Env: []corev1.EnvVar{dbVar},
						Resources: corev1.ResourceRequirements{
							Requests: corev1.ResourceList{corev1.ResourceCPU: cpu, corev1.ResourceMemory: mem},
							Limits:   corev1.ResourceList{corev1.ResourceMemory: mem},
						},
						VolumeMounts: mounts,
					}},
					Volumes: volumes,
				},
			},
		},
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "# emergo study %q (ID %s): %d tasks as one Kubernetes Indexed Job.\n", sub.spec.Name, sub.id[:12], n)
	fmt.Fprintf(&b, "# Written by 'emergo study submit --engine k8s'. Apply: kubectl apply -f job.yaml\n")
	fmt.Fprintf(&b, "# Each pod runs the task of its JOB_COMPLETION_INDEX; progress: emergo study status.\n")
	for i, obj := range []any{cm, job} {
		y, err := yaml.Marshal(obj)
		if err != nil {
			return nil, err
		}
		if i > 0 {
			b.WriteString("---\n")
		}
		b.Write(y)
	}
	return b.Bytes(), nil
}

func ptr[T any](v T) *T { return &v }

func (e *env) submitK8s(sub *submission) error {
	y, err := k8sManifest(sub)
	if err != nil {
		return err
	}
	path := filepath.Join(sub.out, "job.yaml")
	// The manifest may hold the database password: owner only.
	if err := os.WriteFile(path, y, 0o600); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, unwrapPath(err))
	}
	db := store.Redact(sub.opts.db)
	if db == "" {
		db = "URL"
	}
	_, err = fmt.Fprintf(e.stdout, "study %q (%s): %d tasks as the Indexed Job %s\nmanifest: %s\napply it with: kubectl apply -f %s\nfollow it with: emergo study status --db %s %s\n",
		sub.spec.Name, sub.id[:12], len(sub.jobs), sub.name, path, shq(path), shq(db), sub.id[:12])
	return err
}

// --- study status -----------------------------------------------------------

// statusJSON is the JSON form of study status.
type statusJSON struct {
	Study   *store.Study  `json:"study"`
	Kinds   []kindCount   `json:"kinds"`
	Running []statusEntry `json:"running"`
	Failed  []statusEntry `json:"failed"`
}

type kindCount struct {
	Kind    string `json:"kind"`
	Tasks   int    `json:"tasks"`
	Done    int    `json:"done"`
	Running int    `json:"running"`
	Failed  int    `json:"failed"`
	Pending int    `json:"pending"`
}

type statusEntry struct {
	// Index is the task's grid index (-1 when the stored spec does not
	// plan it).
	Index    int       `json:"index"`
	Key      string    `json:"key"`
	Label    string    `json:"label"`
	Worker   string    `json:"worker,omitempty"`
	Started  time.Time `json:"started"`
	Attempts int       `json:"attempts"`
	Error    string    `json:"error,omitempty"`
}

func (e *env) studyStatusCmd() *cobra.Command {
	var db string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "status [STUDY] --db DSN",
		Short: "Show a study's progress from the results database (tasks done, running, failed, pending)",
		Long: `Show the progress of a study from its results database: counts of tasks by
status and kind, the running tasks with their workers, the failed ones with
their errors and grid indices (to resubmit). STUDY is a name, ID or ID prefix
(default: the most recently updated study). --db is the database the tasks
write to: a postgres:// URL, a SQLite file, or file://DIR (per-task files,
read without merging them). Slurm's own accounting is not needed.`,
		Args: rangeArgs(0, 1, "at most one study"),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			ref := ""
			if len(args) == 1 {
				ref = args[0]
			}
			return e.status(cmd.Context(), db, ref, asJSON)
		}),
	}
	cmd.Flags().StringVar(&db, "db", defaultDB, "results database `DSN`: postgres:// URL, SQLite file or file://DIR")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// openReader opens a results database to read: PostgreSQL, an existing
// SQLite file (read-only), or a directory of per-task files merged in
// memory.
func openReader(ctx context.Context, dsn string) (store.Reader, func(), error) {
	switch {
	case store.IsPostgresURL(dsn):
		p, err := store.OpenPostgres(ctx, withPoolLimit(dsn))
		if err != nil {
			return nil, nil, err
		}
		return p, func() { p.Close() }, nil
	case strings.HasPrefix(dsn, dirScheme):
		mem, err := mergeDir(ctx, strings.TrimPrefix(dsn, dirScheme), false)
		if err != nil {
			return nil, nil, err
		}
		return mem, func() { mem.Close() }, nil
	}
	s, err := openResults(ctx, dsn)
	if err != nil {
		return nil, nil, err
	}
	return s, func() { s.Close() }, nil
}

// mergeDir merges a directory's per-task files into a temporary SQLite
// database (removed on close); without data, only the studies and the
// tasks' states are copied (what status needs), not the results.
func mergeDir(ctx context.Context, dir string, data bool) (*tempStore, error) {
	files, err := taskFiles(dir)
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "emergo-status-*")
	if err != nil {
		return nil, err
	}
	s, err := store.OpenSQLite(filepath.Join(tmp, "merged.db"), nil)
	if err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	ts := &tempStore{SQLite: s, dir: tmp}
	for _, f := range files {
		if _, err := mergeFile(ctx, ts, f, data); err != nil {
			ts.Close()
			return nil, err
		}
	}
	return ts, nil
}

// tempStore is a SQLite store in a temporary directory removed on Close.
type tempStore struct {
	*store.SQLite
	dir string
}

// Close closes the store and removes its directory.
func (t *tempStore) Close() error {
	err := t.SQLite.Close()
	os.RemoveAll(t.dir)
	return err
}

// taskFiles lists the SQLite files of a per-task directory.
func taskFiles(dir string) ([]string, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("task directory %s: %w", dir, unwrapPath(err))
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("%s is not a directory of per-task files", dir)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.db"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no per-task results files (*.db) in %s", dir)
	}
	return files, nil
}

func (e *env) status(ctx context.Context, dsn, ref string, asJSON bool) error {
	r, done, err := openReader(ctx, dsn)
	if err != nil {
		return err
	}
	defer done()
	if ref == "" {
		ss, err := r.Studies(ctx)
		if err != nil {
			return err
		}
		if len(ss) == 0 {
			return fmt.Errorf("%s holds no study yet", store.Redact(dsn))
		}
		ref = ss[0].ID
	}
	s, err := r.Study(ctx, ref)
	if err != nil {
		return err
	}
	tasks, err := r.Tasks(ctx, s.ID)
	if err != nil {
		return err
	}
	index := gridIndices(s)
	out := statusJSON{Study: s, Running: []statusEntry{}, Failed: []statusEntry{}}
	kinds := map[string]*kindCount{}
	for _, t := range tasks {
		k := kinds[t.Kind]
		if k == nil {
			k = &kindCount{Kind: t.Kind}
			kinds[t.Kind] = k
			out.Kinds = append(out.Kinds, kindCount{Kind: t.Kind})
		}
		k.Tasks++
		idx, ok := index[t.Key]
		if !ok {
			idx = -1
		}
		entry := statusEntry{Index: idx, Key: t.Key, Label: t.Label, Worker: t.Worker, Started: t.Started, Attempts: t.Attempts, Error: t.Error}
		switch t.Status {
		case store.Done:
			k.Done++
		case store.Running:
			k.Running++
			out.Running = append(out.Running, entry)
		case store.Failed:
			k.Failed++
			out.Failed = append(out.Failed, entry)
		default:
			k.Pending++
		}
	}
	for i := range out.Kinds {
		out.Kinds[i] = *kinds[out.Kinds[i].Kind]
	}
	if asJSON {
		return writeJSON(e.stdout, out)
	}
	pct := 0.0
	if s.Tasks > 0 {
		pct = 100 * float64(s.Done) / float64(s.Tasks)
	}
	fmt.Fprintf(e.stdout, "study %q (%s), updated %s UTC: %d tasks: %d done (%.0f%%), %d running, %d failed, %d pending\n",
		s.Name, shortID(s.ID), utc(s.Updated), s.Tasks, s.Done, pct, s.Running, s.Failed, s.Pending)
	tw := newTable(e.stdout)
	fmt.Fprintln(tw, "KIND\tTASKS\tDONE\tRUNNING\tFAILED\tPENDING")
	for _, k := range out.Kinds {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\n", k.Kind, k.Tasks, k.Done, k.Running, k.Failed, k.Pending)
	}
	tw.Flush()
	idx := func(i int) string {
		if i < 0 {
			return "-"
		}
		return strconv.Itoa(i)
	}
	if len(out.Running) > 0 {
		fmt.Fprintln(e.stdout, "running (a task whose worker died stays running until its index is rerun):")
		tw := newTable(e.stdout)
		fmt.Fprintln(tw, "  INDEX\tTASK\tWORKER\tSTARTED (UTC)\tATTEMPTS")
		for _, r := range out.Running {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%d\n", idx(r.Index), truncate(r.Label, 60), r.Worker, utc(r.Started), r.Attempts)
		}
		tw.Flush()
	}
	if len(out.Failed) > 0 {
		fmt.Fprintln(e.stdout, "failed (rerun an index with 'emergo run-task --index I' or by resubmitting it):")
		tw := newTable(e.stdout)
		fmt.Fprintln(tw, "  INDEX\tTASK\tERROR")
		for _, r := range out.Failed {
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", idx(r.Index), truncate(r.Label, 60), truncate(firstLine(r.Error), 100))
		}
		tw.Flush()
	}
	return nil
}

// gridIndices maps a stored study's task keys to their grid indices, from
// its stored spec (plain or --quick); empty when the spec does not give
// the study's ID (another emergo version).
func gridIndices(s *store.Study) map[string]int {
	spec, err := study.Parse([]byte(s.Spec), "stored spec")
	if err != nil {
		return nil
	}
	for _, cand := range []*study.Spec{spec, study.Quick(spec)} {
		if cand.ID() != s.ID {
			continue
		}
		jobs, err := study.Plan(cand)
		if err != nil {
			return nil
		}
		m := make(map[string]int, len(jobs))
		for i, j := range jobs {
			m[j.Task.Key] = i
		}
		return m
	}
	return nil
}

// --- study collect ----------------------------------------------------------

// mergeStats counts what a merge copied.
type mergeStats struct {
	Files, Studies, Done, Failed, Skipped int
}

func (e *env) studyCollectCmd() *cobra.Command {
	var db string
	cmd := &cobra.Command{
		Use:   "collect SOURCE... --db DSN",
		Short: "Merge per-task results files (--db file://DIR) or other results databases (SQLite, PostgreSQL) into one database",
		Long: `Merge results into one database (--db: a SQLite file, created when missing,
or a postgres:// URL). Each SOURCE is a directory of per-task SQLite files
(what tasks write with --db file://DIR, with or without the file:// prefix),
one SQLite results file, or a postgres:// URL (to copy a shared database into
a SQLite file for 'emergo report' or 'emergo serve').

Studies and their tasks are copied; a task's result is copied when the source
holds it done and the destination does not (a task that ran in several files,
as a dependency, is copied once); a failure is copied when the destination
has neither a result nor a failure. Copied results keep their metrics,
artifacts, wall time, version and worker; their finish time is the time of
the merge. Collecting again is harmless.`,
		Example: "  emergo study collect /scratch/me/tasks --db emergo-results/emergo.db\n  emergo study collect postgres://emergo@db:5432/emergo --db emergo-results/emergo.db",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef("%s needs at least one SOURCE (a directory of per-task files or a SQLite results file)", cmd.CommandPath())
			}
			return nil
		},
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			return e.collect(cmd.Context(), args, db)
		}),
	}
	cmd.Flags().StringVar(&db, "db", defaultDB, "destination results database `DSN`: SQLite file or postgres:// URL")
	return cmd
}

func (e *env) collect(ctx context.Context, sources []string, dsn string) error {
	var files, urls []string
	for _, src := range sources {
		if store.IsPostgresURL(src) {
			urls = append(urls, src)
			continue
		}
		src = strings.TrimPrefix(src, dirScheme)
		st, err := os.Stat(src)
		if err != nil {
			return fmt.Errorf("source %s: %w", src, unwrapPath(err))
		}
		if !st.IsDir() {
			files = append(files, src)
			continue
		}
		more, err := taskFiles(src)
		if err != nil {
			return err
		}
		files = append(files, more...)
	}
	if !store.IsPostgresURL(dsn) {
		if dir := filepath.Dir(dsn); dir != "" {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return fmt.Errorf("cannot create the directory of %s: %w", dsn, unwrapPath(err))
			}
		}
	}
	dst, err := openTaskStore(ctx, dsn, 0)
	if err != nil {
		return err
	}
	defer dst.Close()
	dstAbs := ""
	if !store.IsPostgresURL(dsn) {
		dstAbs, _ = filepath.Abs(dsn)
	}
	var total mergeStats
	for _, f := range files {
		if abs, _ := filepath.Abs(f); abs == dstAbs {
			continue // the destination itself
		}
		n, err := mergeFile(ctx, dst, f, true)
		if err != nil {
			return err
		}
		total.Files++
		total.Studies += n.Studies
		total.Done += n.Done
		total.Failed += n.Failed
		total.Skipped += n.Skipped
	}
	for _, u := range urls {
		if u == dsn {
			continue
		}
		src, err := store.OpenPostgres(ctx, withPoolLimit(u))
		if err != nil {
			return err
		}
		n, err := merge(ctx, dst, src, true)
		src.Close()
		if err != nil {
			return fmt.Errorf("merging %s: %w", store.Redact(u), err)
		}
		total.Files++
		total.Studies += n.Studies
		total.Done += n.Done
		total.Failed += n.Failed
		total.Skipped += n.Skipped
	}
	_, err = fmt.Fprintf(e.stdout, "collected %d sources into %s: %d results and %d failures copied, %d results already there\n",
		total.Files, store.Redact(dsn), total.Done, total.Failed, total.Skipped)
	return err
}

// mergeFile merges one SQLite results file into dst.
func mergeFile(ctx context.Context, dst store.Store, path string, data bool) (mergeStats, error) {
	src, err := store.OpenSQLite(path, &store.Options{ReadOnly: true})
	if err != nil {
		return mergeStats{}, err
	}
	defer src.Close()
	n, err := merge(ctx, dst, src, data)
	if err != nil {
		return n, fmt.Errorf("merging %s: %w", path, err)
	}
	return n, nil
}

// merge copies src's studies, tasks, results and failures into dst (see
// collect); without data, results are copied without their metrics and
// artifacts.
func merge(ctx context.Context, dst store.Store, src store.Reader, data bool) (mergeStats, error) {
	var n mergeStats
	studies, err := src.Studies(ctx)
	if err != nil {
		return n, err
	}
	for _, s := range studies {
		tasks, err := src.Tasks(ctx, s.ID)
		if err != nil {
			return n, err
		}
		if prev, err := dst.Study(ctx, s.ID); err == nil && prev.ID == s.ID && prev.Updated.After(s.Updated) {
			s.Updated = prev.Updated
		}
		if err := dst.PutStudy(ctx, &s); err != nil {
			return n, err
		}
		if err := dst.AddTasks(ctx, s.ID, tasks); err != nil {
			return n, err
		}
		n.Studies++
		for _, t := range tasks {
			if t.Status != store.Done && t.Status != store.Failed {
				continue
			}
			have, err := dst.Task(ctx, t.Key)
			if err != nil {
				return n, err
			}
			if have.Status == store.Done || (t.Status == store.Failed && have.Status == store.Failed) {
				if t.Status == store.Done {
					n.Skipped++
				}
				continue
			}
			if err := dst.StartTask(ctx, t.Key, t.Worker); err != nil {
				return n, err
			}
			if t.Status == store.Failed {
				if err := dst.FailTask(ctx, t.Key, t.Error); err != nil {
					return n, err
				}
				n.Failed++
				continue
			}
			r := &store.Result{Seconds: t.Seconds, Version: t.Version}
			if !data {
				if err := dst.FinishTask(ctx, t.Key, r); err != nil {
					return n, err
				}
				n.Done++
				continue
			}
			if r.Metrics, err = src.Metrics(ctx, t.Key); err != nil {
				return n, err
			}
			infos, err := src.Artifacts(ctx, t.Key)
			if err != nil {
				return n, err
			}
			for _, info := range infos {
				a, err := src.Artifact(ctx, t.Key, info.Name)
				if err != nil {
					return n, err
				}
				r.Artifacts = append(r.Artifacts, *a)
			}
			if err := dst.FinishTask(ctx, t.Key, r); err != nil {
				return n, err
			}
			n.Done++
		}
	}
	return n, nil
}

// checkpointDir is --checkpoints, else $EMERGO_CHECKPOINTS.
func checkpointDir(flag string) string {
	if flag != "" {
		return flag
	}
	return os.Getenv(checkpointsEnv)
}
