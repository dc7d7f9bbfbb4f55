package cli

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/emergo/emergo/forecast"
	"github.com/emergo/emergo/store"
	"github.com/emergo/emergo/study"
)

// The end-to-end test of the scale-out path needs a Slurm cluster and a
// PostgreSQL server; .ci/cluster.sh starts throw-away ones and sets
// these variables (SLURM_CONF too).
const (
	slurmEnv   = "EMERGO_SLURM"  // "1": sbatch, squeue and scancel reach a cluster
	pgURLEnv   = "EMERGO_PG_URL" // a database the test may create schemas in
	emergoEnv  = "EMERGO_BIN"    // an emergo binary (else this test binary acts as one)
	slurmLimit = 5 * time.Minute // bound of every wait for the cluster
)

// e2eStudy has 9 tasks on four levels, a neural model among them:
// data (0), analysis (1), six trainings (2-7), homogenization (8).
const e2eStudy = `name: cluster e2e
seeds: [1, 2]
sampling: {length: 600, transient: 100}
systems:
  - name: Henon
models:
  - name: persistence
  - name: ridge
  - name: gru
    hyper: {epochs: 2, hidden: 8}
analyses:
  forecast: {origins: 4}
  lyapunov: {exponents: 2, time: 20}
homogenization: {instances: 20, k: 3}
`

// slowStudy has one slow training (index 2), long enough to be cancelled
// while it runs.
const slowStudy = `name: cluster cancel
seeds: [7]
sampling: {length: 3000, transient: 100}
systems:
  - name: Henon
models:
  - name: gru
    hyper: {epochs: 100, hidden: 32}
analyses:
  forecast: {origins: 4}
  lyapunov: {exponents: 2, time: 20}
`

var pgTestSchemas atomic.Int64

// pgTestURL creates a schema for one test and returns the URL selecting
// it; the schema is dropped at the end.
func pgTestURL(t *testing.T) string {
	t.Helper()
	base := os.Getenv(pgURLEnv)
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connect to %s: %v", store.Redact(base), err)
	}
	name := fmt.Sprintf("emergo_cli_%d_%d", os.Getpid(), pgTestSchemas.Add(1))
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

// emergoForJobs returns the emergo the batch jobs run: $EMERGO_BIN when
// it has run-task, else this test binary through a wrapper script.
func emergoForJobs(t *testing.T, dir string) string {
	if bin := os.Getenv(emergoEnv); bin != "" {
		if help, err := exec.Command(bin, "run-task", "--help").Output(); err == nil && bytes.Contains(help, []byte("--index-offset")) {
			t.Logf("batch jobs run %s", bin)
			return bin
		}
		t.Logf("%s has no run-task command (not wired yet): batch jobs run this test binary", bin)
	}
	return helperBinary(t, dir)
}

// waitSlurmJobs waits until Slurm lists none of the jobs as pending or
// running.
func waitSlurmJobs(t *testing.T, ids ...string) {
	t.Helper()
	deadline := time.Now().Add(slurmLimit)
	for {
		out, err := exec.Command("squeue", "-h", "-o", "%i %T", "-j", strings.Join(ids, ",")).CombinedOutput()
		if err == nil && strings.TrimSpace(string(out)) == "" {
			return
		}
		if err != nil && !strings.Contains(string(out), "Invalid job id") {
			t.Fatalf("squeue: %v: %s", err, out)
		}
		if time.Now().After(deadline) {
			t.Fatalf("jobs %v still queued after %v:\n%s", ids, slurmLimit, out)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func runSbatch(t *testing.T, args ...string) string {
	t.Helper()
	out, err := exec.Command("sbatch", append([]string{"--parsable"}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("sbatch %v: %v: %s", args, err, out)
	}
	id, _, _ := strings.Cut(strings.TrimSpace(string(out)), ";")
	return id
}

// jobLogs returns the batch logs of a job array.
func jobLogs(t *testing.T, dir, id string) string {
	files, _ := filepath.Glob(filepath.Join(dir, "logs", id+"_*.out"))
	var b strings.Builder
	for _, f := range files {
		data, _ := os.ReadFile(f)
		fmt.Fprintf(&b, "--- %s\n%s", filepath.Base(f), data)
	}
	return b.String()
}

func clusterTask(t *testing.T, st store.Reader, key string) *store.Task {
	t.Helper()
	tk, err := st.Task(context.Background(), key)
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

// TestClusterSlurmEndToEnd submits a study as Slurm job arrays writing to
// PostgreSQL and checks every task's results against a local run; a
// resubmitted index changes nothing; a task cancelled while it runs
// (scancel) is completed by resubmitting its index.
func TestClusterSlurmEndToEnd(t *testing.T) {
	if os.Getenv(slurmEnv) != "1" || os.Getenv(pgURLEnv) == "" {
		t.Skip("needs a Slurm cluster and PostgreSQL (" + slurmEnv + "=1, " + pgURLEnv + "): .ci/cluster.sh starts them")
	}
	ctx := context.Background()
	t0 := time.Now()
	db := pgTestURL(t)
	work := t.TempDir()
	bin := emergoForJobs(t, work)
	pg, err := store.OpenPostgres(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()

	// 1. The whole study as job arrays, at most 2 tasks at once.
	specPath := filepath.Join(work, "e2e.yaml")
	os.WriteFile(specPath, []byte(e2eStudy), 0o644)
	out := filepath.Join(work, "e2e")
	ckpt := filepath.Join(work, "shared", "checkpoints")
	r := clusterRun(t, "study", "submit", "--engine", "slurm", specPath, "--db", db, "--out", out, "--max-parallel", "2", "--emergo", bin, "--checkpoints", ckpt)
	r.wantOK(t)
	ids := regexp.MustCompile(`submitted job array (\d+)`).FindAllStringSubmatch(r.stdout, -1)
	if len(ids) != 4 {
		t.Fatalf("%d job arrays submitted, want 4 (one per level):\n%s", len(ids), r.stdout)
	}
	var jobIDs []string
	for _, m := range ids {
		jobIDs = append(jobIDs, m[1])
	}
	waitSlurmJobs(t, jobIDs...)
	tArrays := time.Since(t0)
	s, _ := study.Parse([]byte(e2eStudy), "")
	jobs, _ := study.Plan(s)
	st, err := pg.Study(ctx, s.ID())
	if err != nil {
		t.Fatal(err)
	}
	if st.Tasks != len(jobs) || st.Done != len(jobs) {
		var all string
		for _, id := range jobIDs {
			all += jobLogs(t, out, id)
		}
		t.Fatalf("after the arrays: %d of %d tasks done (%+v)\n%s", st.Done, len(jobs), st, all)
	}
	before, err := pg.Tasks(ctx, s.ID())
	if err != nil {
		t.Fatal(err)
	}
	for _, tk := range before {
		if tk.Attempts != 1 || !strings.Contains(tk.Worker, " slurm ") {
			t.Errorf("%s: %d attempts by %q, want 1 by a Slurm array task", tk.Label, tk.Attempts, tk.Worker)
		}
	}
	for _, id := range jobIDs {
		if l := jobLogs(t, out, id); strings.Count(l, ": done in") != strings.Count(l, "--- ") || strings.Contains(l, "missing dependencies") {
			t.Errorf("array %s: every task should be done without running a dependency:\n%s", id, l)
		}
	}
	metrics := metricsByKey(t, pg, s.ID())
	tLocal := time.Now()
	sameMetrics(t, metrics, localMetrics(t, e2eStudy))
	t.Logf("cluster_test: %d tasks in %d job arrays done in %v (the same study in-process: %v)", len(jobs), len(jobIDs), tArrays.Round(time.Millisecond), time.Since(tLocal).Round(time.Millisecond))

	// The GRU's checkpoints are on the shared filesystem, the database
	// holds their manifests; the results commands read PostgreSQL and
	// restore a checkpoint after checking its checksums.
	var gru string
	for _, j := range jobs {
		if j.Task.Label == "train gru on Henon (seed 1)" {
			gru = j.Task.Key
		}
	}
	arts, err := pg.Artifacts(ctx, gru)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, a := range arts {
		names = append(names, a.Name)
		if strings.HasPrefix(a.Name, study.ArtCheckpoint) {
			t.Errorf("checkpoint file %s is in the database although the study ran with --checkpoints", a.Name)
		}
	}
	if !strings.Contains(strings.Join(names, " "), study.ArtCheckpointManifest) {
		t.Errorf("no checkpoint manifest among %v", names)
	}
	if fs, _ := filepath.Glob(filepath.Join(ckpt, gru, "*")); len(fs) < 2 {
		t.Errorf("checkpoint files on the shared filesystem: %v", fs)
	}
	restored := filepath.Join(work, "restored")
	clusterRun(t, "results", "checkpoint", "--db", db, "cluster e2e", "--task", gru[:12], "--out", restored).wantOK(t)
	if _, _, err := forecast.LoadModel(ctx, restored); err != nil {
		t.Errorf("the restored checkpoint does not load: %v", err)
	}
	if r := clusterRun(t, "results", "list", "--db", db); !strings.Contains(r.stdout, "cluster e2e") {
		t.Errorf("results list from PostgreSQL:\n%s%s", r.stdout, r.stderr)
	}

	// 2. Resubmitting a done index (a training) changes nothing.
	t1 := time.Now()
	again := runSbatch(t, "--array=4", filepath.Join(out, "emergo.sbatch"), "0")
	waitSlurmJobs(t, again)
	after, err := pg.Tasks(ctx, s.ID())
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before) {
		t.Errorf("%d tasks after resubmitting, %d before", len(after), len(before))
	}
	for i := range min(len(after), len(before)) {
		if after[i].Attempts != before[i].Attempts || !after[i].Finished.Equal(before[i].Finished) || after[i].Status != store.Done {
			t.Errorf("resubmitting index 4 changed %s: %+v, before %+v", after[i].Label, after[i], before[i])
		}
	}
	if m := metricsByKey(t, pg, s.ID()); len(m) != len(metrics) {
		t.Errorf("%d metrics after resubmitting, %d before", len(m), len(metrics))
	}
	if studies, _ := pg.Studies(ctx); len(studies) != 1 {
		t.Errorf("%d studies, want 1", len(studies))
	}
	if l := jobLogs(t, out, again); !strings.Contains(l, "task 4/9 of study \"cluster e2e\"") || !strings.Contains(l, "already done, nothing to do") {
		t.Errorf("the resubmitted index did not skip its task:\n%s", l)
	}
	t.Logf("cluster_test: resubmitting a done index took %v", time.Since(t1).Round(time.Millisecond))

	// 3. A task cancelled while it runs stays running in the store; its
	// index resubmitted completes it.
	t2 := time.Now()
	slowPath := filepath.Join(work, "slow.yaml")
	os.WriteFile(slowPath, []byte(slowStudy), 0o644)
	slowOut := filepath.Join(work, "slow")
	clusterRun(t, "study", "submit", "--engine", "slurm", slowPath, "--db", db, "--out", slowOut, "--emergo", bin, "--dry-run").wantOK(t)
	ss, _ := study.Parse([]byte(slowStudy), "")
	sjobs, _ := study.Plan(ss)
	const slow = 2
	if sjobs[slow].Task.Kind != study.KindTrain {
		t.Fatalf("index %d is %s, not the training", slow, sjobs[slow].Task.Label)
	}
	key := sjobs[slow].Task.Key
	script := filepath.Join(slowOut, "emergo.sbatch")
	first := runSbatch(t, "--array="+strconv.Itoa(slow), script, "0")
	deadline := time.Now().Add(slurmLimit)
	for {
		if tk, err := pg.Task(ctx, key); err == nil && tk.Status == store.Running {
			break
		} else if err == nil && tk.Status != store.Pending {
			t.Fatalf("the slow task is %s before it could be cancelled (make slowStudy slower): %+v", tk.Status, tk)
		}
		if time.Now().After(deadline) {
			t.Fatalf("the slow task did not start:\n%s", jobLogs(t, slowOut, first))
		}
		time.Sleep(50 * time.Millisecond)
	}
	tRunning := time.Now()
	if out, err := exec.Command("scancel", first).CombinedOutput(); err != nil {
		t.Fatalf("scancel: %v: %s", err, out)
	}
	waitSlurmJobs(t, first)
	tk := clusterTask(t, pg, key)
	if tk.Status != store.Running || tk.Attempts != 1 {
		t.Fatalf("after scancel: %s after %d attempts, want running after 1 (the worker died)", tk.Status, tk.Attempts)
	}
	depsBefore := []*store.Task{clusterTask(t, pg, sjobs[0].Task.Key), clusterTask(t, pg, sjobs[1].Task.Key)}
	second := runSbatch(t, "--array="+strconv.Itoa(slow), script, "0")
	waitSlurmJobs(t, second)
	tk = clusterTask(t, pg, key)
	if tk.Status != store.Done || tk.Attempts != 2 || !strings.Contains(tk.Worker, "slurm "+second+"_") {
		t.Errorf("after the rerun: %+v, want done after 2 attempts by job %s\n%s", tk, second, jobLogs(t, slowOut, second))
	}
	for _, d := range depsBefore {
		if now := clusterTask(t, pg, d.Key); now.Attempts != 1 || now.Status != store.Done {
			t.Errorf("the rerun ran dependency %s again: %+v", d.Label, now)
		}
	}
	if ms, _ := pg.Metrics(ctx, key); len(ms) == 0 {
		t.Error("the rerun stored no metrics")
	}
	t.Logf("cluster_test: cancel scenario took %v (cancelled %v after submitting; the rerun trained for %.1f s)", time.Since(t2).Round(time.Millisecond),
		tRunning.Sub(t2).Round(time.Millisecond), tk.Seconds)
	t.Logf("cluster_test: end-to-end test took %v", time.Since(t0).Round(time.Millisecond))

	// Status from PostgreSQL; the database copied into a SQLite file
	// holds the same numbers.
	r = clusterRun(t, "study", "status", "--db", db, "cluster e2e")
	r.wantOK(t)
	if !strings.Contains(r.stdout, "9 tasks: 9 done (100%), 0 running, 0 failed, 0 pending") {
		t.Errorf("status:\n%s", r.stdout)
	}
	local := filepath.Join(work, "copy", "emergo.db")
	r = clusterRun(t, "study", "collect", db, "--db", local)
	r.wantOK(t)
	if !strings.Contains(r.stdout, "collected 1 sources into "+local+": 12 results and 0 failures copied") {
		t.Errorf("collect from PostgreSQL: %s", r.stdout)
	}
	cp, err := store.OpenSQLite(local, &store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	sameMetrics(t, metricsByKey(t, cp, s.ID()), metrics)
}
