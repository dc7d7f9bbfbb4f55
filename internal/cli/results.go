package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/emergo/emergo/store"
	"github.com/emergo/emergo/study"
)

func (e *env) resultsCmd() *cobra.Command {
	var db string
	cmd := group(&cobra.Command{
		Use:   "results",
		Short: "List, show and export the studies in a results database",
		Long: `List, show and export the studies that 'emergo study' stored in its results
database (--db, default ` + defaultDB + `). The database is opened read-only,
so these commands can run while a study is writing to it.`,
		Example: "  emergo results list\n  emergo results show NAME\n  emergo results show NAME --task KEY\n  emergo results export NAME --format json --output results.json",
	})
	cmd.PersistentFlags().StringVar(&db, "db", defaultDB, "results database: a SQLite `FILE` or a postgres:// URL")
	cmd.AddCommand(e.resultsListCmd(&db), e.resultsShowCmd(&db), e.resultsExportCmd(&db), e.resultsCheckpointCmd(&db))
	return cmd
}

// openResults opens a results database: a postgres:// URL (the shared
// store of cluster runs), or a SQLite file opened read-only, whose absence
// is an error that says how to make one (and nothing is created).
func openResults(ctx context.Context, path string) (store.Store, error) {
	if store.IsPostgresURL(path) {
		return store.OpenPostgres(ctx, path)
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("no results database at %s: run `emergo study` first", path)
	}
	return store.OpenSQLite(path, &store.Options{ReadOnly: true})
}

// openStudy opens a results database and reads a study (by ID, ID prefix
// or name) with its tasks; the caller closes the store.
func openStudy(ctx context.Context, db, ref string) (store.Store, *store.Study, []store.Task, error) {
	st, err := openResults(ctx, db)
	if err != nil {
		return nil, nil, nil, err
	}
	s, err := st.Study(ctx, ref)
	if err == nil {
		var tasks []store.Task
		if tasks, err = st.Tasks(ctx, s.ID); err == nil {
			return st, s, tasks, nil
		}
	}
	st.Close()
	return nil, nil, nil, err
}

// shortID is the first 12 characters of a study ID or task key, enough
// to name it in a command.
func shortID(id string) string {
	return id[:min(12, len(id))]
}

// utc formats a stored time in UTC to the second; the zero time as "-".
func utc(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04:05")
}

// byteSize formats a size in bytes with SI prefixes ("800 B", "97.7 kB").
func byteSize(n int64) string {
	if n < 1000 {
		return fmt.Sprintf("%d B", n)
	}
	v, unit := float64(n), ""
	for _, u := range []string{"kB", "MB", "GB", "TB"} {
		v /= 1000
		unit = u
		if v < 1000 {
			break
		}
	}
	return fmt.Sprintf("%.1f %s", v, unit)
}

func (e *env) resultsListCmd(db *string) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the stored studies, most recently updated first, with their task counts",
		Args:  exactArgs(0, "no arguments"),
		RunE: runE(func(cmd *cobra.Command, _ []string) error {
			st, err := openResults(cmd.Context(), *db)
			if err != nil {
				return err
			}
			defer st.Close()
			studies, err := st.Studies(cmd.Context())
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(e.stdout, studies)
			}
			if len(studies) == 0 {
				_, err := fmt.Fprintf(e.stdout, "no studies in %s\n", *db)
				return err
			}
			tw := newTable(e.stdout)
			fmt.Fprintln(tw, "ID\tNAME\tUPDATED (UTC)\tTASKS\tDONE\tFAILED\tRUNNING")
			for _, s := range studies {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t%d\n", shortID(s.ID), truncate(s.Name, 40), utc(s.Updated),
					s.Tasks, s.Done, s.Failed, s.Running)
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			_, err = fmt.Fprintf(e.stdout, "%d studies in %s; 'emergo results show ID' gives the details\n", len(studies), *db)
			return err
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON (an array of the studies with their specs and task counts)")
	return cmd
}

// resultsShowJSON is the JSON form of results show.
type resultsShowJSON struct {
	Study *store.Study `json:"study"`
	Tasks []store.Task `json:"tasks"`
}

// resultsTaskJSON is the JSON form of results show --task: the task with
// its spec parsed, its metrics (NaN as null, infinities as "+Inf" and
// "-Inf") and the list of its artifacts.
type resultsTaskJSON struct {
	Study string `json:"study"`
	store.Task
	Spec      any                  `json:"spec"`
	Metrics   map[string]any       `json:"metrics"`
	Artifacts []store.ArtifactInfo `json:"artifacts"`
}

func (e *env) resultsShowCmd(db *string) *cobra.Command {
	var (
		asJSON bool
		task   string
	)
	cmd := &cobra.Command{
		Use:   "show STUDY",
		Short: "Show a study's summary and tasks, or one task's spec, metrics and artifacts with --task",
		Long: `Show a stored study: its summary and the table of its tasks (status, kind,
label, wall time, error). STUDY is the study's ID, a unique ID prefix (at
least 4 characters) or its name (the most recent study of that name).
--task KEY (or a unique key prefix) shows one task of the study instead: its
details, spec, metrics and artifacts.`,
		Example: "  emergo results show default\n  emergo results show 5eed --task 3fa9",
		Args:    exactArgs(1, "one study (ID, ID prefix or name)"),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			st, s, tasks, err := openStudy(ctx, *db, args[0])
			if err != nil {
				return err
			}
			defer st.Close()
			if cmd.Flags().Changed("task") {
				t, err := findTask(s, tasks, task)
				if err != nil {
					return err
				}
				return e.showTask(ctx, st, s, t, tasks, asJSON)
			}
			if asJSON {
				return writeJSON(e.stdout, resultsShowJSON{Study: s, Tasks: tasks})
			}
			return writeStudyText(e.stdout, s, tasks)
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON (the study and its tasks, or the task with its metrics and artifacts)")
	cmd.Flags().StringVar(&task, "task", "", "show the task with this `KEY` (or unique key prefix)")
	return cmd
}

// findTask finds a study's task by key or unique key prefix.
func findTask(s *store.Study, tasks []store.Task, ref string) (*store.Task, error) {
	if ref == "" {
		return nil, usagef("--task needs a task key")
	}
	key := strings.ToLower(ref)
	var found []*store.Task
	for i := range tasks {
		if tasks[i].Key == key || tasks[i].Key == ref {
			return &tasks[i], nil
		}
		if strings.HasPrefix(tasks[i].Key, key) {
			found = append(found, &tasks[i])
		}
	}
	switch len(found) {
	case 0:
		return nil, fmt.Errorf("study %s (%s) has no task %q", s.Name, shortID(s.ID), ref)
	case 1:
		return found[0], nil
	}
	var c []string
	for i, t := range found {
		if i == 5 {
			c = append(c, fmt.Sprintf("and %d more", len(found)-5))
			break
		}
		c = append(c, fmt.Sprintf("%s (%s)", shortID(t.Key), t.Label))
	}
	return nil, fmt.Errorf("task key prefix %q is ambiguous in study %s: it matches %s", ref, s.Name, strings.Join(c, ", "))
}

func writeStudyText(w io.Writer, s *store.Study, tasks []store.Task) error {
	fmt.Fprintf(w, "study %s\n", s.Name)
	fmt.Fprintf(w, "  id:       %s\n", s.ID)
	fmt.Fprintf(w, "  version:  %s\n", s.Version)
	fmt.Fprintf(w, "  created:  %s UTC\n", utc(s.Created))
	fmt.Fprintf(w, "  updated:  %s UTC\n", utc(s.Updated))
	fmt.Fprintf(w, "  tasks:    %d: %d done, %d failed, %d running, %d pending\n", s.Tasks, s.Done, s.Failed, s.Running, s.Pending)
	if len(tasks) == 0 {
		return nil
	}
	fmt.Fprintln(w)
	tw := newTable(w)
	fmt.Fprintln(tw, "  KEY\tSTATUS\tKIND\tLABEL\tSECONDS\tERROR")
	for _, t := range tasks {
		secs := "-"
		if t.Seconds > 0 {
			secs = num(t.Seconds)
		}
		msg, _, _ := strings.Cut(t.Error, "\n")
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\n", shortID(t.Key), t.Status, t.Kind, truncate(t.Label, 50), secs, truncate(msg, 60))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "\n'emergo results show %s --task KEY' shows a task's spec, metrics and artifacts\n", shortID(s.ID))
	return err
}

// showTask prints one task of study s: its details, spec, metrics and
// artifacts. tasks (the study's) name its dependencies.
func (e *env) showTask(ctx context.Context, r store.Reader, s *store.Study, t *store.Task, tasks []store.Task, asJSON bool) error {
	ms, err := r.Metrics(ctx, t.Key)
	if err != nil {
		return err
	}
	arts, err := r.Artifacts(ctx, t.Key)
	if err != nil {
		return err
	}
	if asJSON {
		return writeJSON(e.stdout, resultsTaskJSON{Study: s.ID, Task: *t, Spec: store.SpecJSON(t.Spec),
			Metrics: store.MetricsJSON(ms), Artifacts: arts})
	}
	w := e.stdout
	labels := map[string]string{}
	for _, x := range tasks {
		labels[x.Key] = x.Label
	}
	fmt.Fprintf(w, "task %s\n", t.Label)
	fmt.Fprintf(w, "  key:       %s\n", t.Key)
	fmt.Fprintf(w, "  study:     %s (%s)\n", s.Name, shortID(s.ID))
	fmt.Fprintf(w, "  kind:      %s\n", t.Kind)
	fmt.Fprintf(w, "  status:    %s\n", t.Status)
	if t.Error != "" {
		fmt.Fprintf(w, "  error:     %s\n", strings.ReplaceAll(strings.TrimRight(t.Error, "\n"), "\n", "\n             "))
	}
	fmt.Fprintf(w, "  attempts:  %d\n", t.Attempts)
	if t.Worker != "" {
		fmt.Fprintf(w, "  worker:    %s\n", t.Worker)
	}
	fmt.Fprintf(w, "  started:   %s\n", utcZ(t.Started))
	fmt.Fprintf(w, "  finished:  %s\n", utcZ(t.Finished))
	if t.Seconds > 0 {
		fmt.Fprintf(w, "  seconds:   %s\n", num(t.Seconds))
	}
	if t.Version != "" {
		fmt.Fprintf(w, "  version:   %s\n", t.Version)
	}
	for i, d := range t.Deps {
		head := "  needs:     "
		if i > 0 {
			head = "             "
		}
		l := labels[d]
		if l == "" {
			l = "not in this study"
		}
		fmt.Fprintf(w, "%s%s (%s)\n", head, shortID(d), l)
	}
	fmt.Fprintf(w, "\nspec:\n%s\n", indentSpec(t.Spec))

	if len(ms) == 0 {
		fmt.Fprintln(w, "\nno metrics")
	} else {
		fmt.Fprintf(w, "\n%d metrics:\n", len(ms))
		tw := newTable(w)
		for _, m := range ms {
			fmt.Fprintf(tw, "  %s\t%s\n", m.Name, num(m.Value))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if len(arts) == 0 {
		_, err := fmt.Fprintln(w, "\nno artifacts")
		return err
	}
	fmt.Fprintf(w, "\n%d artifacts:\n", len(arts))
	tw := newTable(w)
	for _, a := range arts {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", a.Name, a.MIME, byteSize(a.Size))
	}
	return tw.Flush()
}

// utcZ formats a time with its zone; the zero time as "-".
func utcZ(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return utc(t) + " UTC"
}

// indentSpec pretty-prints a JSON spec indented by two spaces (other
// text as it is).
func indentSpec(spec string) string {
	var b bytes.Buffer
	if err := json.Indent(&b, []byte(spec), "  ", "  "); err == nil {
		return "  " + b.String()
	}
	if spec == "" {
		return "  (none)"
	}
	return "  " + strings.ReplaceAll(spec, "\n", "\n  ")
}

func (e *env) resultsExportCmd(db *string) *cobra.Command {
	var format, output string
	cmd := &cobra.Command{
		Use:   "export STUDY",
		Short: "Export a study's results as CSV (one row per task and metric) or JSON",
		Long: `Export a stored study's results. --format csv (the default) writes long-format
rows study,task,kind,label,status,metric,value: one per metric of every task,
and one with an empty metric for a task without metrics; NaN is written NaN.
--format json writes {"study": ..., "tasks": [...]} with each task's spec,
dependencies, metrics (NaN as null) and artifact list. STUDY is an ID, a
unique ID prefix or a name.`,
		Example: "  emergo results export default > default.csv\n  emergo results export default --format json --output default.json",
		Args:    exactArgs(1, "one study (ID, ID prefix or name)"),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			if format != "csv" && format != "json" {
				return usagef("--format must be one of %s, got %q", strings.Join(store.ExportFormats, ", "), format)
			}
			ctx := cmd.Context()
			st, err := openResults(cmd.Context(), *db)
			if err != nil {
				return err
			}
			defer st.Close()
			s, err := st.Study(ctx, args[0])
			if err != nil {
				return err
			}
			write := func(w io.Writer) error { return store.Export(ctx, st, s.ID, format, w) }
			if output == "" || output == "-" {
				return write(e.stdout)
			}
			of, err := openOut(output)
			if err != nil {
				return err
			}
			defer of.abort()
			if err := of.commit(write); err != nil {
				return err
			}
			fmt.Fprintf(e.stderr, "exported study %s (%s, %d tasks) as %s to %s\n", s.Name, shortID(s.ID), s.Tasks, format, output)
			return nil
		}),
	}
	cmd.Flags().StringVarP(&format, "format", "f", "csv", "export format: csv or json")
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to `FILE` instead of stdout")
	return cmd
}

func (e *env) resultsCheckpointCmd(db *string) *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "checkpoint STUDY --task KEY --out DIR",
		Short: "Restore a trained model's checkpoint from the store or the shared filesystem into a directory",
		Long: `Copy the checkpoint of a train task into DIR, ready for 'emergo forecast
--model DIR'-style loading (forecast.LoadModel). The files come from the
database, or, for studies run with --checkpoints on a shared filesystem, from
the paths the database recorded; those are checked against the recorded
SHA-256 checksums and sizes, and a file changed since it was written is an
error.`,
		Example: "  emergo results checkpoint default --task 3fa9 --out gru-lorenz",
		Args:    exactArgs(1, "one study (ID, ID prefix or name)"),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			task, _ := cmd.Flags().GetString("task")
			if out == "" {
				return usagef("checkpoint needs --out DIR")
			}
			st, s, tasks, err := openStudy(ctx, *db, args[0])
			if err != nil {
				return err
			}
			defer st.Close()
			t, err := findTask(s, tasks, task)
			if err != nil {
				return err
			}
			if err := study.LoadCheckpoint(ctx, st, t.Key, out); err != nil {
				if errors.Is(err, study.ErrNoCheckpoint) {
					return fmt.Errorf("task %s (%s) stored no checkpoint: only neural models are checkpointed", shortID(t.Key), t.Label)
				}
				return err
			}
			_, err = fmt.Fprintf(e.stdout, "checkpoint of %s restored into %s\n", t.Label, out)
			return err
		}),
	}
	cmd.Flags().String("task", "", "the train task's `KEY` (or unique key prefix)")
	cmd.Flags().StringVarP(&out, "out", "o", "", "destination `DIR`")
	return cmd
}
