package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"

	"github.com/emergo/emergo/store"
	"github.com/emergo/emergo/study"
)

var updateCluster = flag.Bool("update-cluster", false, "rewrite the golden files of the cluster tests (testdata/cluster)")

// clusterStudy is a small study of 7 tasks on four dependency levels:
// data (index 0), analysis (1), 4 trainings (2-5), homogenization (6).
const clusterStudy = `name: cluster grid
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

// wireCluster adds the cluster commands to a root built by newRoot,
// unless cli.go does already.
func wireCluster(e *env, root *cobra.Command) {
	has := func(c *cobra.Command, name string) bool {
		return slices.ContainsFunc(c.Commands(), func(s *cobra.Command) bool { return s.Name() == name })
	}
	if !has(root, "run-task") {
		root.AddCommand(e.runTaskCmd())
	}
	for _, c := range root.Commands() {
		if c.Name() == "study" && !has(c, "submit") {
			c.AddCommand(e.studySubcommands()...)
		}
	}
}

// clusterMain is Main with the cluster commands wired in.
func clusterMain(ctx context.Context, args []string, stdout, stderr *bytes.Buffer) int {
	e := &env{stdout: stdout, stderr: stderr, now: time.Now}
	root := e.newRoot()
	wireCluster(e, root)
	root.SetArgs(args)
	_, err := root.ExecuteContextC(ctx)
	if err == nil {
		return 0
	}
	var ce *commandError
	if errors.As(err, &ce) {
		err = ce.err
	} else if u := (*UsageError)(nil); !errors.As(err, &u) {
		err = &UsageError{Err: err}
	}
	fmt.Fprintf(stderr, "emergo: %v\n", err)
	return ExitCode(err)
}

func clusterRun(t *testing.T, args ...string) result {
	t.Helper()
	var o, e bytes.Buffer
	code := clusterMain(context.Background(), args, &o, &e)
	return result{o.String(), e.String(), code}
}

// helperEnv makes the test binary act as emergo (with the cluster
// commands) in TestClusterHelperProcess: batch jobs run it through a
// wrapper script.
const helperEnv = "EMERGO_CLUSTER_HELPER"

func TestClusterHelperProcess(t *testing.T) {
	if os.Getenv(helperEnv) != "1" {
		t.Skip("the emergo process of the cluster tests' batch jobs")
	}
	args := os.Args
	if i := slices.Index(args, "--"); i >= 0 {
		args = args[i+1:]
	}
	var o, e bytes.Buffer
	code := clusterMain(context.Background(), args, &o, &e)
	os.Stdout.Write(o.Bytes())
	os.Stderr.Write(e.Bytes())
	os.Exit(code)
}

// helperBinary writes an executable "emergo" that runs this test binary
// as emergo.
func helperBinary(t *testing.T, dir string) string {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "emergo")
	script := fmt.Sprintf("#!/bin/sh\n%s=1 exec %s -test.run='^TestClusterHelperProcess$' -- \"$@\"\n", helperEnv, shq(exe))
	if err := os.WriteFile(path, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

func writeClusterSpec(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "study.yaml")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// localMetrics runs a study in-process into a new SQLite store and
// returns its metrics by task key and name.
func localMetrics(t *testing.T, text string) map[string]float64 {
	t.Helper()
	s, err := study.Parse([]byte(text), "spec")
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.OpenSQLite(filepath.Join(t.TempDir(), "local.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sum, err := study.Run(context.Background(), s, []byte(text), st, &study.Options{Workers: 2})
	if err != nil || sum.Failed > 0 {
		t.Fatalf("local run: %+v, %v", sum, err)
	}
	return metricsByKey(t, st, sum.StudyID)
}

func metricsByKey(t *testing.T, r store.Reader, id string) map[string]float64 {
	t.Helper()
	ms, err := r.StudyMetrics(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for _, m := range ms {
		out[m.Key+" "+m.Name] = m.Value
	}
	return out
}

// sameMetrics compares two metric sets exactly (NaN equal to NaN).
func sameMetrics(t *testing.T, got, want map[string]float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%d metrics, want %d", len(got), len(want))
	}
	for k, w := range want {
		g, ok := got[k]
		if !ok || !(g == w || g != g && w != w) {
			t.Errorf("metric %s = %v (present %v), the local run has %v", k, g, ok, w)
		}
	}
}

func TestClusterIndexFromEnv(t *testing.T) {
	for _, name := range []string{"SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX"} {
		os.Unsetenv(name)
	}
	cases := []struct {
		env      map[string]string
		flags    runTaskOptions
		indexSet bool
		want     int
		from     string
		err      string
	}{
		{flags: runTaskOptions{index: 4}, indexSet: true, want: 4, from: "--index"},
		{env: map[string]string{"SLURM_ARRAY_TASK_ID": "7"}, want: 7, from: "SLURM_ARRAY_TASK_ID"},
		{env: map[string]string{"SLURM_ARRAY_TASK_ID": "7"}, flags: runTaskOptions{offset: 1001}, want: 1008, from: "SLURM_ARRAY_TASK_ID"},
		{env: map[string]string{"JOB_COMPLETION_INDEX": "3"}, want: 3, from: "JOB_COMPLETION_INDEX"},
		{env: map[string]string{"SLURM_ARRAY_TASK_ID": "2", "JOB_COMPLETION_INDEX": "3"}, want: 2, from: "SLURM_ARRAY_TASK_ID"},
		{env: map[string]string{"SLURM_ARRAY_TASK_ID": "7"}, flags: runTaskOptions{index: 1}, indexSet: true, want: 1, from: "--index"},
		{env: map[string]string{"SLURM_ARRAY_TASK_ID": "x"}, err: `SLURM_ARRAY_TASK_ID="x" is not a task index`},
		{err: "no task index: give --index, or run as a Slurm array task (SLURM_ARRAY_TASK_ID) or a Kubernetes Indexed Job pod (JOB_COMPLETION_INDEX)"},
	}
	for i, c := range cases {
		t.Run(strconv.Itoa(i), func(t *testing.T) {
			for k, v := range c.env {
				t.Setenv(k, v)
			}
			got, from, err := taskIndex(&c.flags, c.indexSet)
			switch {
			case c.err != "":
				if err == nil || err.Error() != c.err {
					t.Errorf("error %v, want %q", err, c.err)
				}
			case err != nil || got != c.want || from != c.from:
				t.Errorf("index %d from %s (%v), want %d from %s", got, from, err, c.want, c.from)
			}
		})
	}
}

func TestClusterPlanArrays(t *testing.T) {
	cases := []struct {
		levels  []int
		max     int
		want    []slurmArray
		specs   []string
		maxPara int
	}{
		{[]int{0, 1, 2, 2, 2, 2, 3}, 1001, []slurmArray{{0, 0, []int{0}}, {1, 0, []int{1}}, {2, 0, []int{2, 3, 4, 5}}, {3, 0, []int{6}}},
			[]string{"0%4", "1%4", "2-5%4", "6%4"}, 4},
		// Two systems interleave their levels; MaxArraySize 4 splits.
		{[]int{0, 1, 2, 2, 3, 0, 1, 2, 2, 3}, 4,
			[]slurmArray{{0, 0, []int{0}}, {0, 4, []int{1}}, {1, 0, []int{1}}, {1, 4, []int{2}}, {2, 0, []int{2, 3}}, {2, 4, []int{3}}, {2, 8, []int{0}}, {3, 4, []int{0}}, {3, 8, []int{1}}},
			[]string{"0", "1", "1", "2", "2-3", "3", "0", "0", "1"}, 0},
		{[]int{0, 0, 0, 1, 0, 0, 1}, 1001, []slurmArray{{0, 0, []int{0, 1, 2, 4, 5}}, {1, 0, []int{3, 6}}}, []string{"0-2,4-5%2", "3,6%2"}, 2},
	}
	for _, c := range cases {
		got := planArrays(c.levels, c.max)
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("planArrays(%v, %d):\n got %v\nwant %v", c.levels, c.max, got, c.want)
			continue
		}
		for k, a := range got {
			if s := a.Spec(c.maxPara); s != c.specs[k] {
				t.Errorf("array %d spec %q, want %q", k, s, c.specs[k])
			}
			for _, i := range a.Indices {
				if i < 0 || i >= c.max || c.levels[a.Offset+i] != a.Level {
					t.Errorf("array %v: index %d out of range or of another level", a, i)
				}
			}
		}
	}
}

// clusterGolden compares got with testdata/cluster/name, rewriting it with
// -update-cluster. The study's ID (which changes with any new spec
// default) is replaced by STUDYID first.
func clusterGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	s, err := study.Parse([]byte(clusterStudy), "")
	if err != nil {
		t.Fatal(err)
	}
	id := s.ID()
	for _, n := range []int{len(id), 12, 8} {
		got = bytes.ReplaceAll(got, []byte(id[:n]), []byte("STUDYID"[:min(n, 7)]))
	}
	path := filepath.Join("testdata", "cluster", name)
	if *updateCluster {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run Cluster -update-cluster to write it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -run Cluster -update-cluster rewrites it):\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func TestClusterSubmitSlurmDryRun(t *testing.T) {
	out := filepath.Join(t.TempDir(), "sub")
	spec := writeClusterSpec(t, clusterStudy)
	r := clusterRun(t, "study", "submit", "--engine", "slurm", spec, "--db", "postgres://emergo:pw@db.example:5432/emergo", "--out", out,
		"--max-parallel", "3", "--max-array-size", "4", "--emergo", "/opt/emergo/bin/emergo", "--sbatch-arg", "--partition=cpu",
		"--sbatch-arg", "--time=1:00:00", "--dry-run")
	r.wantOK(t)
	norm := func(b []byte) []byte { return bytes.ReplaceAll(b, []byte(out), []byte("/OUT")) }
	for _, f := range []string{"emergo.sbatch", "submit.sh"} {
		b, err := os.ReadFile(filepath.Join(out, f))
		if err != nil {
			t.Fatal(err)
		}
		clusterGolden(t, "slurm-"+f, norm(b))
		if st, _ := os.Stat(filepath.Join(out, f)); st.Mode().Perm() != 0o700 {
			t.Errorf("%s has mode %v, want 0700 (it holds the database URL)", f, st.Mode().Perm())
		}
	}
	if b, _ := os.ReadFile(filepath.Join(out, "study.yaml")); string(b) != clusterStudy {
		t.Errorf("study.yaml is not the spec: %q", b)
	}
	clusterGolden(t, "slurm-dry-run.txt", norm([]byte(r.stdout)))
	if !strings.Contains(r.stdout, "7 tasks in 5 job arrays") {
		t.Errorf("output: %s", r.stdout)
	}
}

// A fake sbatch records its arguments: the arrays are chained by
// dependency, throttled, and the study is recorded before any task runs.
func TestClusterSubmitSlurmFake(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "sbatch.log")
	fake := fmt.Sprintf("#!/bin/sh\necho \"$*\" >> %s\nn=$(wc -l < %s)\necho $((100 + n))\n", log, log)
	if err := os.WriteFile(filepath.Join(dir, "sbatch"), []byte(fake), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	db := filepath.Join(dir, "results.db")
	out := filepath.Join(dir, "sub")
	r := clusterRun(t, "study", "submit", "--engine", "slurm", writeClusterSpec(t, clusterStudy), "--db", db, "--out", out, "--max-parallel", "2")
	r.wantOK(t)
	b, _ := os.ReadFile(log)
	script := filepath.Join(out, "emergo.sbatch")
	want := []string{
		"--parsable --array=0%2 " + script + " 0",
		"--parsable --array=1%2 --dependency=afterany:101 " + script + " 0",
		"--parsable --array=2-5%2 --dependency=afterany:102 " + script + " 0",
		"--parsable --array=6%2 --dependency=afterany:103 " + script + " 0",
	}
	if got := strings.Split(strings.TrimSpace(string(b)), "\n"); !slices.Equal(got, want) {
		t.Errorf("sbatch calls:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, w := range []string{"submitted job array 103: level 2, indices 2-5 (offset 0)", "follow it with: emergo study status --db " + db} {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("output lacks %q:\n%s", w, r.stdout)
		}
	}
	if !strings.Contains(r.stderr, "is a SQLite file") {
		t.Errorf("no warning about a SQLite database: %q", r.stderr)
	}
	r = clusterRun(t, "study", "status", "--db", db)
	r.wantOK(t)
	if !strings.Contains(r.stdout, `study "cluster grid"`) || !strings.Contains(r.stdout, "7 tasks: 0 done (0%), 0 running, 0 failed, 7 pending") {
		t.Errorf("status after submit:\n%s", r.stdout)
	}

	// sbatch failing midway names the arrays already submitted.
	os.WriteFile(filepath.Join(dir, "sbatch"), []byte("#!/bin/sh\nif [ -e "+log+".2 ]; then echo 'sbatch: error: Batch job submission failed: Invalid partition' >&2; exit 1; fi\ntouch "+log+".2\necho 555\n"), 0o755)
	r = clusterRun(t, "study", "submit", "--engine", "slurm", writeClusterSpec(t, clusterStudy), "--db", "file://"+dir, "--out", out)
	r.wantFail(t, 1, "Invalid partition", "arrays 555 were submitted; cancel them with scancel 555")
}

func TestClusterK8sManifest(t *testing.T) {
	out := filepath.Join(t.TempDir(), "k8s")
	r := clusterRun(t, "study", "submit", "--engine", "k8s", writeClusterSpec(t, clusterStudy), "--db", "postgres://emergo@postgres.emergo.svc:5432/emergo",
		"--out", out, "--max-parallel", "3", "--image", "registry.example/emergo:v0.1.0", "--namespace", "science", "--cpus", "2", "--memory", "3Gi")
	r.wantOK(t)
	b, err := os.ReadFile(filepath.Join(out, "job.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	clusterGolden(t, "k8s-job.yaml", b)
	if !strings.Contains(r.stdout, "kubectl apply -f "+filepath.Join(out, "job.yaml")) {
		t.Errorf("output: %s", r.stdout)
	}

	// Strict decoding: every field is one the Kubernetes types know.
	docs := strings.Split(string(b), "\n---\n")
	if len(docs) != 2 {
		t.Fatalf("%d YAML documents, want 2 (ConfigMap, Job)", len(docs))
	}
	var cm corev1.ConfigMap
	if err := yaml.UnmarshalStrict([]byte(docs[0]), &cm); err != nil {
		t.Fatalf("ConfigMap: %v", err)
	}
	var job batchv1.Job
	if err := yaml.UnmarshalStrict([]byte(docs[1]), &job); err != nil {
		t.Fatalf("Job: %v", err)
	}
	s := job.Spec
	c := s.Template.Spec.Containers
	switch {
	case cm.Kind != "ConfigMap" || cm.Data["study.yaml"] != clusterStudy:
		t.Errorf("ConfigMap %s does not hold the spec", cm.Name)
	case job.Kind != "Job" || job.APIVersion != "batch/v1" || job.Namespace != "science" || !strings.HasPrefix(job.Name, "emergo-cluster-grid-"):
		t.Errorf("job %s/%s %s %s", job.APIVersion, job.Kind, job.Namespace, job.Name)
	case s.CompletionMode == nil || *s.CompletionMode != batchv1.IndexedCompletion:
		t.Errorf("completion mode %v", s.CompletionMode)
	case *s.Completions != 7 || *s.Parallelism != 3 || *s.BackoffLimitPerIndex != 2 || s.BackoffLimit != nil:
		t.Errorf("completions %d, parallelism %d, backoff per index %d (backoffLimit %v)", *s.Completions, *s.Parallelism, *s.BackoffLimitPerIndex, s.BackoffLimit)
	case s.Template.Spec.RestartPolicy != corev1.RestartPolicyNever:
		t.Errorf("restart policy %s (backoffLimitPerIndex needs Never)", s.Template.Spec.RestartPolicy)
	case len(c) != 1 || c[0].Image != "registry.example/emergo:v0.1.0" || !slices.Equal(c[0].Args, []string{"run-task", "--study", "/etc/emergo/study.yaml", "--wait-deps", "30m"}):
		t.Errorf("container %+v", c)
	case len(c[0].Env) != 1 || c[0].Env[0].Name != dbEnv || c[0].Env[0].Value != "postgres://emergo@postgres.emergo.svc:5432/emergo":
		t.Errorf("env %+v", c[0].Env)
	case c[0].Resources.Requests.Cpu().String() != "2" || c[0].Resources.Limits.Memory().String() != "3Gi":
		t.Errorf("resources %+v", c[0].Resources)
	case s.Template.Spec.Volumes[0].ConfigMap.Name != cm.Name || c[0].VolumeMounts[0].MountPath != "/etc/emergo":
		t.Errorf("the spec is not mounted: %+v %+v", s.Template.Spec.Volumes, c[0].VolumeMounts)
	}
	// An unknown field is refused by the same decoding.
	bad := strings.Replace(docs[1], "completionMode: Indexed", "completionMode: Indexed\n  completionMod: x", 1)
	if err := yaml.UnmarshalStrict([]byte(bad), &job); err == nil {
		t.Error("strict decoding accepted an unknown field")
	}
}

func TestClusterErrors(t *testing.T) {
	spec := writeClusterSpec(t, clusterStudy)
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"study", "submit", spec, "--db", "x.db"}, 2, "study submit needs --engine slurm or --engine k8s"},
		{[]string{"study", "submit", "--engine", "pbs", spec, "--db", "x.db"}, 2, `unknown --engine "pbs" (slurm or k8s)`},
		{[]string{"study", "submit", "--engine", "slurm", spec}, 2, "study submit needs --db"},
		{[]string{"study", "submit", "--engine", "slurm", spec, "--db", "x.db", "--max-parallel", "-1"}, 2, "--max-parallel must be positive"},
		{[]string{"study", "submit", "--engine", "k8s", spec, "--db", "x.db", "--wait-deps", "soon"}, 2, `--wait-deps "soon"`},
		{[]string{"study", "submit", "--engine", "k8s", spec, "--db", "x.db", "--cpus", "lots", "--out", t.TempDir()}, 2, `--cpus "lots" is not a quantity`},
		{[]string{"run-task", "--index", "0", "--db", "x.db"}, 2, "run-task needs --study SPEC"},
		{[]string{"run-task", "--study", spec, "--index", "0"}, 2, "run-task needs --db DSN"},
		{[]string{"run-task", "--study", spec, "--index", "9", "--db", filepath.Join(t.TempDir(), "r.db")}, 1, `task index 9 is out of range: study "cluster grid" has 7 tasks (indices 0 to 6)`},
		{[]string{"run-task", "--study", spec, "--index", "0", "--db", "mysql://x/y"}, 1, "the scheme mysql:// is neither"},
		{[]string{"study", "collect", "--db", filepath.Join(t.TempDir(), "r.db")}, 2, "needs at least one SOURCE"},
		{[]string{"study", "collect", t.TempDir(), "--db", filepath.Join(t.TempDir(), "r.db")}, 1, "no per-task results files (*.db) in"},
		{[]string{"study", "status", "--db", filepath.Join(t.TempDir(), "none.db")}, 1, "no results database at"},
	} {
		t.Setenv(dbEnv, "")
		r := clusterRun(t, c.args...)
		if r.code != c.code || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args, r.code, r.stderr, c.code, c.want)
		}
	}
}

// Tasks writing per-task files (--db file://DIR), run last index first
// and then all, read their dependencies from each other's files;
// collect merges them into results equal to a local run's, and
// collecting again copies nothing.
func TestClusterTaskFiles(t *testing.T) {
	spec := writeClusterSpec(t, clusterStudy)
	dir := filepath.Join(t.TempDir(), "tasks")
	dsn := "file://" + dir
	// Index 6 (homogenization) first: it runs all its dependencies into
	// its own file.
	r := clusterRun(t, "run-task", "--study", spec, "--index", "6", "--db", dsn)
	r.wantOK(t)
	if !strings.Contains(r.stdout, "task 6/7 of study \"cluster grid\" (homogenization on Henon, index from --index): done in") ||
		!strings.Contains(r.stdout, "ran 6 missing dependencies first") {
		t.Errorf("index 6: %s", r.stdout)
	}
	// Index 2 from the environment: its dependencies are read from
	// task 6's file, not run again.
	t.Setenv("SLURM_ARRAY_TASK_ID", "1")
	r = clusterRun(t, "run-task", "--study", spec, "--index-offset", "1", "--db", dsn)
	r.wantOK(t)
	if !strings.Contains(r.stdout, "task 2/7") || !strings.Contains(r.stdout, "index from SLURM_ARRAY_TASK_ID") || strings.Contains(r.stdout, "dependencies first") {
		t.Errorf("index 2: %s", r.stdout)
	}
	os.Unsetenv("SLURM_ARRAY_TASK_ID")
	for i := range 7 {
		clusterRun(t, "run-task", "--study", spec, "--index", strconv.Itoa(i), "--db", dsn).wantOK(t)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(files) != 7 {
		t.Errorf("files in the task directory: %v, want task-000000.db to task-000006.db only (no -wal, -shm)", files)
	}
	r = clusterRun(t, "study", "status", "--db", dsn)
	r.wantOK(t)
	if !strings.Contains(r.stdout, "7 tasks: 7 done (100%)") {
		t.Errorf("status of the task files:\n%s", r.stdout)
	}

	db := filepath.Join(t.TempDir(), "merged", "emergo.db")
	r = clusterRun(t, "study", "collect", dir, "--db", db)
	r.wantOK(t)
	if !strings.Contains(r.stdout, "collected 7 sources into "+db+": 7 results and 0 failures copied") {
		t.Errorf("collect: %s", r.stdout)
	}
	r = clusterRun(t, "study", "collect", dsn, "--db", db)
	r.wantOK(t)
	if !strings.Contains(r.stdout, "0 results and 0 failures copied") {
		t.Errorf("collect again: %s", r.stdout)
	}
	st, err := store.OpenSQLite(db, &store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s, err := st.Study(context.Background(), "cluster grid")
	if err != nil {
		t.Fatal(err)
	}
	if s.Tasks != 7 || s.Done != 7 || s.Spec != clusterStudy {
		t.Errorf("merged study %+v", s)
	}
	sameMetrics(t, metricsByKey(t, st, s.ID), localMetrics(t, clusterStudy))
	// The merged database renders a report like a local one.
	rep := filepath.Join(t.TempDir(), "r.html")
	if res := emergo(t, "report", "--db", db, "--out", rep); res.code != 0 {
		t.Errorf("report of the merged database: %s", res.stderr)
	}
}

// Status lists running and failed tasks with their grid indices.
func TestClusterStatus(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "r.db")
	spec := writeClusterSpec(t, clusterStudy)
	clusterRun(t, "run-task", "--study", spec, "--index", "1", "--db", db, "--worker", "w-one").wantOK(t)
	st, err := store.OpenSQLite(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := study.Parse([]byte(clusterStudy), "")
	jobs, _ := study.Plan(s)
	st.StartTask(ctx, jobs[3].Task.Key, "node7/99 slurm 12_3")
	st.StartTask(ctx, jobs[4].Task.Key, "node8/1")
	st.FailTask(ctx, jobs[4].Task.Key, "diverged at t=3\nstack...")
	st.Close()
	r := clusterRun(t, "study", "status", "--db", db)
	r.wantOK(t)
	for _, w := range []string{
		"7 tasks: 2 done (29%), 1 running, 1 failed, 3 pending",
		"  3      train persistence on Henon (seed 2)  node7/99 slurm 12_3",
		"  4      train ridge on Henon (seed 1)  diverged at t=3",
	} {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("status lacks %q:\n%s", w, r.stdout)
		}
	}
	if !slices.ContainsFunc(strings.Split(r.stdout, "\n"), func(l string) bool {
		return slices.Equal(strings.Fields(l), []string{"train", "4", "0", "1", "1", "2"})
	}) {
		t.Errorf("status lacks the row train 4 0 1 1 2:\n%s", r.stdout)
	}
	r = clusterRun(t, "study", "status", "--db", db, "--json", "cluster grid")
	r.wantOK(t)
	for _, w := range []string{`"kind": "train"`, `"index": 4`, `"error": "diverged at t=3\nstack..."`} {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("JSON status lacks %q:\n%s", w, r.stdout)
		}
	}
}

// The database URL comes from a Secret with --db-secret.
func TestClusterK8sSecret(t *testing.T) {
	out := t.TempDir()
	clusterRun(t, "study", "submit", "--engine", "k8s", writeClusterSpec(t, clusterStudy), "--db-secret", "emergo-db", "--out", out).wantOK(t)
	b, _ := os.ReadFile(filepath.Join(out, "job.yaml"))
	var job batchv1.Job
	if err := yaml.UnmarshalStrict([]byte(strings.Split(string(b), "\n---\n")[1]), &job); err != nil {
		t.Fatal(err)
	}
	env := job.Spec.Template.Spec.Containers[0].Env
	if len(env) != 1 || env[0].Value != "" || env[0].ValueFrom == nil || env[0].ValueFrom.SecretKeyRef.Name != "emergo-db" || env[0].ValueFrom.SecretKeyRef.Key != "url" {
		t.Errorf("env %+v", env)
	}
	if st, _ := os.Stat(filepath.Join(out, "job.yaml")); st.Mode().Perm() != 0o600 {
		t.Errorf("job.yaml has mode %v, want 0600", st.Mode().Perm())
	}
}

// --checkpoints on Kubernetes mounts the shared volume claim at that path
// in every pod and passes it to run-task; the path and claim go together.
func TestClusterK8sCheckpoints(t *testing.T) {
	out := t.TempDir()
	spec := writeClusterSpec(t, clusterStudy)
	clusterRun(t, "study", "submit", "--engine", "k8s", spec, "--db-secret", "emergo-db", "--out", out,
		"--checkpoints", "/shared/ckpt", "--checkpoints-pvc", "emergo-ckpt").wantOK(t)
	b, _ := os.ReadFile(filepath.Join(out, "job.yaml"))
	var job batchv1.Job
	if err := yaml.UnmarshalStrict([]byte(strings.Split(string(b), "\n---\n")[1]), &job); err != nil {
		t.Fatal(err)
	}
	pod := job.Spec.Template.Spec
	c := pod.Containers[0]
	if args := strings.Join(c.Args, " "); !strings.Contains(args, "--checkpoints /shared/ckpt") {
		t.Errorf("args %q lack --checkpoints", args)
	}
	if len(c.VolumeMounts) != 2 || c.VolumeMounts[1].MountPath != "/shared/ckpt" || c.VolumeMounts[1].ReadOnly {
		t.Errorf("mounts %+v", c.VolumeMounts)
	}
	if len(pod.Volumes) != 2 || pod.Volumes[1].PersistentVolumeClaim == nil || pod.Volumes[1].PersistentVolumeClaim.ClaimName != "emergo-ckpt" {
		t.Errorf("volumes %+v", pod.Volumes)
	}
	for _, args := range [][]string{
		{"--checkpoints", "/shared/ckpt"},
		{"--checkpoints-pvc", "emergo-ckpt"},
		{"--checkpoints", "relative/ckpt", "--checkpoints-pvc", "emergo-ckpt"},
	} {
		a := append([]string{"study", "submit", "--engine", "k8s", spec, "--db-secret", "emergo-db", "--out", t.TempDir()}, args...)
		if r := clusterRun(t, a...); r.code == 0 || !strings.Contains(r.stderr, "--checkpoints") {
			t.Errorf("%v: exit %d, stderr %q", args, r.code, r.stderr)
		}
	}
}
