package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/spf13/cobra"

	"github.com/emergo/emergo/report"
	"github.com/emergo/emergo/store"
	"github.com/emergo/emergo/study"
)

// defaultOut is the directory of the results database and reports.
const defaultOut = "emergo-results"

type studyOptions struct {
	out, db      string
	quick        bool
	workers      int
	noReport     bool
	printDefault bool
	keepFailed   bool
	checkpoints  string
}

func (e *env) studyCmd() *cobra.Command {
	var o studyOptions
	cmd := &cobra.Command{
		Use:   "study [SPEC.yaml]",
		Short: "Run a declarative study (the embedded default without arguments), store its results and write its report",
		Long: `Run a declarative study: simulate its systems (or load observed data), train
its models with every seed, analyse emergence (Lyapunov spectra of systems and
of trained models, valid prediction times, power-law tails) and homogenization
(CKA and mutual-kNN similarity, error correlations, systemic failure against
the independence baseline), then write a self-contained HTML report.

Without SPEC the embedded default study runs (print it with --print-default,
edit it and pass the file). Results go to a SQLite database (--db, default
OUT/emergo.db) and the report to OUT/report-NAME.html. Every task is keyed by
the hash of its full spec: rerunning the same command skips what is done, so
an interrupted study (Ctrl-C, crash, kill) resumes where it stopped, and
failed tasks are retried. --quick runs a reduced version (seconds) of the
same study; it is stored as a separate study.`,
		Args: rangeArgs(0, 1, "at most one spec file"),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			spec := ""
			if len(args) == 1 {
				spec = args[0]
			}
			return e.runStudy(cmd.Context(), spec, &o, cmd.Flags().Changed("db"))
		}),
	}
	f := cmd.Flags()
	f.StringVarP(&o.out, "out", "o", defaultOut, "`DIR` for the results database and the report")
	f.StringVar(&o.db, "db", "", "results database: a SQLite `FILE` (default OUT/emergo.db) or a postgres:// URL")
	f.BoolVar(&o.quick, "quick", false, "run a reduced version of the study (a smoke test of every step)")
	f.IntVarP(&o.workers, "workers", "j", 0, "tasks run at once (default: the number of cores)")
	f.BoolVar(&o.noReport, "no-report", false, "do not write the HTML report")
	f.BoolVar(&o.printDefault, "print-default", false, "print the embedded default spec (commented YAML) and exit")
	f.BoolVar(&o.keepFailed, "keep-failed", false, "do not retry tasks that failed in an earlier run")
	f.StringVar(&o.checkpoints, "checkpoints", "", "`DIR` for model checkpoints (the database keeps paths and SHA-256); default: in the database")
	cmd.AddCommand(e.studySubcommands()...)
	return cmd
}

// rangeArgs accepts between lo and hi positional arguments.
func rangeArgs(lo, hi int, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < lo || len(args) > hi {
			return usagef("%s expects %s, got %d arguments", cmd.CommandPath(), what, len(args))
		}
		return nil
	}
}

func (e *env) runStudy(ctx context.Context, specPath string, o *studyOptions, dbSet bool) error {
	if o.printDefault {
		_, err := e.stdout.Write(study.DefaultYAML())
		return err
	}
	if o.workers < 0 {
		return usagef("--workers must be positive, got %d", o.workers)
	}
	var s *study.Spec
	var text []byte
	var err error
	if specPath == "" {
		text = study.DefaultYAML()
		s, err = study.Parse(text, "default study")
	} else {
		s, text, err = study.ParseFile(specPath)
	}
	if err != nil {
		return err
	}
	if o.quick {
		s = study.Quick(s)
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return fmt.Errorf("cannot create the output directory %s: %w", o.out, unwrapPath(err))
	}
	if err := checkWritable(o.out); err != nil {
		return err
	}
	db := o.db
	if !dbSet || db == "" {
		db = filepath.Join(o.out, "emergo.db")
	}
	st, err := store.Open(ctx, db)
	if err != nil {
		return err
	}
	defer st.Close()
	db = store.Redact(db)

	jobs, err := study.Plan(s)
	if err != nil {
		return err
	}
	workers := o.workers
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	what := fmt.Sprintf("%d systems, %d models, %d seeds", len(s.Systems), len(s.Models), len(s.Seeds))
	if len(s.Systems) == 0 {
		what = ""
	}
	if n := len(s.Experiments); n > 0 {
		what = strings.TrimPrefix(what+fmt.Sprintf(", %d experiments", n), ", ")
	}
	fmt.Fprintf(e.stderr, "emergo study %q: %s: %d tasks on %d workers; results in %s\n",
		s.Name, what, len(jobs), workers, db)
	bar := newProgress(e.stderr, e.stderrTTY, e.now, "study")
	start := e.now()
	lastLog := start
	// Progress comes from the runner's loop, TaskProgress from running
	// experiments' goroutines: one lock orders the writes to the terminal.
	var mu sync.Mutex
	sub := map[string]string{} // running task label → "done/total"
	lastSub := start
	base, tot := "", 0 // the bar's study-level label and task count
	sum, err := study.Run(ctx, s, text, st, &study.Options{Workers: workers, Version: versionString(), KeepFailed: o.keepFailed,
		Checkpoints: o.checkpoints, Scratch: filepath.Join(o.out, "scratch"),
		TaskProgress: func(label string, done, total int) {
			mu.Lock()
			defer mu.Unlock()
			sub[label] = fmt.Sprintf("%d/%d", done, total)
			if e.stderrTTY {
				bar.relabel(base+" · "+shorten(label, 40)+" "+sub[label], tot)
				return
			}
			if e.now().Sub(lastSub) >= 10*time.Second {
				lastSub = e.now()
				fmt.Fprintf(e.stderr, "  %s: %d of %d\n", label, done, total)
			}
		},
		Progress: func(p study.Progress) {
			mu.Lock()
			defer mu.Unlock()
			if p.LastErr != "" {
				bar.finish()
				fmt.Fprintf(e.stderr, "emergo: task failed: %s: %s\n", p.Last, firstLine(p.LastErr))
			}
			if e.stderrTTY {
				label := fmt.Sprintf("study %d/%d", p.Done, p.Total)
				if p.Failed > 0 {
					label += fmt.Sprintf(" (%d failed)", p.Failed)
				}
				base, tot = label, p.Total
				if len(p.Running) > 0 {
					label += " · " + shorten(p.Running[0], 40)
					if f, ok := sub[p.Running[0]]; ok {
						label += " " + f
					}
				}
				bar.label = label
				bar.update(p.Done+p.Failed, p.Total)
				return
			}
			if p.Last != "" && (e.now().Sub(lastLog) >= 5*time.Second || p.Done+p.Failed == p.Total) {
				lastLog = e.now()
				eta := ""
				if p.ETA > 0 {
					eta = ", about " + dur(p.ETA) + " left"
				}
				fmt.Fprintf(e.stderr, "[%d/%d] %s done%s\n", p.Done+p.Failed, p.Total, p.Last, eta)
			}
		}})
	bar.finish()
	wall := e.now().Sub(start)
	if err != nil {
		if errors.Is(err, context.Canceled) && sum != nil {
			return fmt.Errorf("study interrupted after %s: %d of %d tasks are done and stored in %s; run the same command again to resume: %w",
				dur(wall), sum.Skipped+sum.Ran, sum.Total, db, err)
		}
		return err
	}
	fmt.Fprintf(e.stdout, "study %q (%s): %d tasks, %d already done, %d run, %d failed, in %s\n",
		s.Name, sum.StudyID[:12], sum.Total, sum.Skipped, sum.Ran, sum.Failed, dur(wall))
	fmt.Fprintf(e.stdout, "results: %s\n", db)
	if !o.noReport {
		path := filepath.Join(o.out, "report-"+slug(s.Name)+".html")
		if err := writeReport(ctx, st, sum.StudyID, path); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "report:  %s\n", path)
	}
	if sum.Failed > 0 {
		for _, f := range sum.Failures {
			fmt.Fprintf(e.stderr, "  failed: %s: %s\n", f.Label, firstLine(f.Error))
		}
		return fmt.Errorf("%d of %d tasks failed (their errors are stored; `emergo results show %s` lists them); rerun to retry them",
			sum.Failed, sum.Total, sum.StudyID[:12])
	}
	return nil
}

// writeReport renders a study's report into path atomically (a temporary
// file renamed into place).
func writeReport(ctx context.Context, r store.Reader, studyID, path string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".report-*.html")
	if err != nil {
		return fmt.Errorf("cannot write the report: %w", unwrapPath(err))
	}
	defer os.Remove(tmp.Name())
	if err := report.Render(ctx, r, tmp, studyID); err != nil {
		tmp.Close()
		return fmt.Errorf("report: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// checkWritable fails clearly when files cannot be created in dir.
func checkWritable(dir string) error {
	f, err := os.CreateTemp(dir, ".emergo-write-test-*")
	if err != nil {
		return fmt.Errorf("the output directory %s is not writable: %w", dir, unwrapPath(err))
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

// unwrapPath drops the path of an *os.PathError (the message names it
// already).
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// slug makes a file-name-safe version of a study name.
func slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	s := strings.TrimSuffix(b.String(), "-")
	if s == "" {
		s = "study"
	}
	return s
}

func (e *env) reportCmd() *cobra.Command {
	var db, out string
	cmd := &cobra.Command{
		Use:   "report [STUDY]",
		Short: "Write the HTML report of a stored study (the most recent one by default)",
		Long: `Write the self-contained HTML report of a study from the results database:
STUDY is a study's name, ID or ID prefix (default: the most recently updated
study). The report can be written while the study runs; unfinished tasks are
listed and left out of the plots.`,
		Args: rangeArgs(0, 1, "at most one study"),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			st, err := openResults(cmd.Context(), db)
			if err != nil {
				return err
			}
			defer st.Close()
			ref := ""
			if len(args) == 1 {
				ref = args[0]
			} else {
				ss, err := st.Studies(cmd.Context())
				if err != nil {
					return err
				}
				if len(ss) == 0 {
					return fmt.Errorf("%s holds no study", store.Redact(db))
				}
				ref = ss[0].ID
			}
			s, err := st.Study(cmd.Context(), ref)
			if err != nil {
				return err
			}
			path := out
			if path == "" {
				path = filepath.Join(filepath.Dir(db), "report-"+slug(s.Name)+".html")
			}
			if err := writeReport(cmd.Context(), st, s.ID, path); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "report: %s\n", path)
			return nil
		}),
	}
	cmd.Flags().StringVar(&db, "db", defaultDB, "results database: a SQLite `FILE` or a postgres:// URL")
	cmd.Flags().StringVarP(&out, "out", "o", "", "report `FILE` (default: report-NAME.html beside the database)")
	return cmd
}
