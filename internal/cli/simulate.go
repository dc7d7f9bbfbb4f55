package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/emergo/emergo/series"
	"github.com/emergo/emergo/system"
)

// Defaults of simulate.
const (
	defaultSteps = 1000
	defaultSeed  = 1
	// maxValues caps the values a simulation holds in memory (rows ×
	// dimension): 2^28 float64s are 2 GiB.
	maxValues = 1 << 28
	// maxTransient caps the discarded steps (weeks of computing for the
	// cheapest map).
	maxTransient = 1e13
)

// simOptions are simulate's flags.
type simOptions struct {
	params    []string
	steps     int
	span      float64 // --time
	dt        float64
	transient float64
	seed      uint64
	method    string
	tol       float64
	out       string
	ppp       int // --points-per-period
}

func (e *env) simulateCmd() *cobra.Command {
	var o simOptions
	cmd := &cobra.Command{
		Use:     "simulate NAME",
		Aliases: []string{"sim", "run"},
		Short:   "Simulate a catalogue system and write its trajectory as CSV",
		Long: `Simulate a catalogue system and write the sampled trajectory as CSV (to
--out, or stdout): a "time" column, then one column per observable.

--steps N records the state before the first step and after each of the N
steps, so the CSV has N+1 rows below its header. --time T runs round(T/dt)
steps instead, dt being the sampling interval (--dt, else the system's
suggested one; 1 for maps, lattice and agent models). --transient T first
discards round(T/dt) steps.

A one-line summary (steps, wall time, mean/std/min/max of each column)
goes to stderr, with a progress bar when stderr is a terminal. Ctrl-C
stops the run; nothing is written then.`,
		Example: `  emergo simulate Lorenz --steps 10000 --out lorenz.csv
  emergo simulate Lorenz --param sigma=10,rho=28 --time 100 --dt 0.01 --transient 10
  emergo simulate Sandpile --param L=32 --steps 5000 --seed 7`,
		Args: exactArgs(1, "one system name"),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			f := cmd.Flags()
			if f.Changed("steps") && f.Changed("time") {
				return usagef("--steps and --time are mutually exclusive: give the run length as a number of steps or as a time span, not both")
			}
			if f.Changed("points-per-period") {
				if f.Changed("dt") {
					return usagef("--dt and --points-per-period are mutually exclusive")
				}
				if o.ppp < 1 {
					return usagef("--points-per-period must be at least 1, got %d", o.ppp)
				}
				ent, err := system.Lookup(args[0])
				if err != nil {
					return err
				}
				if !(ent.Info.Period > 0) || ent.Info.Category == system.CatMap {
					return usagef("%s has no dominant period in its metadata; give --dt instead", ent.Info.Name)
				}
				o.dt = ent.Info.Period / float64(o.ppp)
				return e.simulate(cmd.Context(), args[0], &o, f.Changed("time"), true)
			}
			return e.simulate(cmd.Context(), args[0], &o, f.Changed("time"), f.Changed("dt"))
		}),
	}
	f := cmd.Flags()
	addParamFlag(f, &o.params)
	f.IntVarP(&o.steps, "steps", "n", defaultSteps, "number of sampling steps to record (`N`+1 rows)")
	f.Float64VarP(&o.span, "time", "T", 0, "simulated time span to record, in model units (instead of --steps)")
	f.Float64Var(&o.dt, "dt", 0, "sampling interval of flows, delay and PDE systems (default: the system's suggested dt)")
	f.Float64Var(&o.transient, "transient", 0, "time to simulate and discard before recording, in model units")
	f.Uint64VarP(&o.seed, "seed", "s", defaultSeed, "seed of the random number stream (random models and random initial conditions)")
	f.StringVar(&o.method, "method", "dopri5", "integrator of ODE flows: dopri5 (adaptive) or rk4 (fixed step dt/10)")
	f.Float64Var(&o.tol, "tol", 0, "relative and absolute tolerance of dopri5 (default 1e-9)")
	f.StringVarP(&o.out, "out", "o", "", "write the CSV to `FILE` instead of stdout")
	f.IntVar(&o.ppp, "points-per-period", 0, "sample `N` points per dominant period of the system's metadata (dysts' convention; instead of --dt)")
	return cmd
}

// run is the result of one simulation.
type run struct {
	entry     *system.Entry
	sys       system.System
	dt        float64
	steps     int // recorded steps (rows-1)
	transient int // discarded steps
	traj      *system.Trajectory
	names     []string
	wall      time.Duration
}

func (e *env) simulate(ctx context.Context, name string, o *simOptions, byTime, dtGiven bool) error {
	if err := o.validate(byTime, dtGiven); err != nil {
		return err
	}
	user, err := parseParams(o.params)
	if err != nil {
		return err
	}
	entry, err := system.Lookup(name)
	if err != nil {
		return err
	}
	cfg := system.Config{Params: user, Seed: o.seed, DT: o.dt, Method: strings.ToLower(o.method), Tol: o.tol}
	if cfg.Method == "dopri5" {
		cfg.Method = "" // the documented default, for systems that reject unknown methods
	}
	sys, err := entry.New(cfg)
	if err != nil {
		return err
	}
	if cfg.Method != "" || o.tol != 0 {
		if entry.Info.Category != system.CatFlow {
			fmt.Fprintf(e.stderr, "emergo: note: --method and --tol choose the integrator of ODE flows; %s (%s) has its own scheme\n",
				entry.Info.Name, entry.Info.Category)
		}
	}
	dt, err := samplingInterval(entry, sys, o.dt, dtGiven)
	if err != nil {
		return err
	}
	fsteps := float64(o.steps)
	if byTime {
		fsteps = math.Round(o.span / dt)
		if fsteps < 1 {
			return usagef("--time %v is shorter than one sampling interval (dt = %v)", o.span, dt)
		}
	}
	if (fsteps+1)*float64(sys.Dim()) > maxValues {
		return fmt.Errorf("%.4g rows of %d values would not fit in memory (limit %d values); record fewer steps",
			fsteps+1, sys.Dim(), maxValues)
	}
	steps := int(fsteps)
	ftrans := math.Round(o.transient / dt)
	if ftrans > maxTransient {
		return usagef("--transient %v is %.3g steps of dt = %v; at most %.0g are allowed", o.transient, ftrans, dt, float64(maxTransient))
	}
	transient := int(ftrans)

	// Check the output path before spending time on the simulation.
	var out *outFile
	if o.out != "" && o.out != "-" {
		out, err = openOut(o.out)
		if err != nil {
			return err
		}
		defer out.abort()
	}

	r := &run{entry: entry, sys: sys, dt: dt, steps: steps, transient: transient}
	if err := e.sample(ctx, r, "simulate "+entry.Info.Name); err != nil {
		return err
	}
	s, err := series.FromTrajectory(r.traj, r.names)
	if err != nil {
		return err
	}
	if out != nil {
		if err := out.commit(s.WriteCSV); err != nil {
			return err
		}
	} else if err := s.WriteCSV(e.stdout); err != nil {
		return fmt.Errorf("writing the CSV: %w", err)
	}
	fmt.Fprintln(e.stderr, r.summary(o))
	return nil
}

// validate checks the flag values that do not depend on the system.
func (o *simOptions) validate(byTime, dtGiven bool) error {
	switch {
	case !byTime && o.steps < 1:
		return usagef("--steps must be at least 1, got %d", o.steps)
	case byTime && !(o.span > 0 && !math.IsInf(o.span, 0)):
		return usagef("--time must be a positive finite time span, got %v", o.span)
	case dtGiven && !(o.dt > 0 && !math.IsInf(o.dt, 0)):
		return usagef("--dt must be a positive finite sampling interval, got %v", o.dt)
	case !(o.transient >= 0 && !math.IsInf(o.transient, 0)):
		return usagef("--transient must be a non-negative time, got %v", o.transient)
	case !(o.tol >= 0 && o.tol < 1):
		return usagef("--tol must be in (0, 1), got %v", o.tol)
	}
	switch strings.ToLower(o.method) {
	case "dopri5", "rk4":
	default:
		return usagef("unknown --method %q (use dopri5 or rk4)", o.method)
	}
	return nil
}

// samplingInterval is the time one Step advances: the system's own when it
// reports it (flows, delay and PDE systems), else the catalogue's (1 for
// maps, lattice and agent models). A --dt the system does not honour is an
// error rather than silently ignored.
func samplingInterval(e *system.Entry, sys system.System, dt float64, given bool) (float64, error) {
	if s, ok := sys.(system.Sampler); ok {
		if d := s.DT(); d > 0 {
			if given && math.Abs(d-dt) > 1e-9*dt {
				return 0, fmt.Errorf("%s samples every %v time units, not the %v asked with --dt", e.Info.Name, d, dt)
			}
			return d, nil
		}
	}
	d := e.Info.DT
	if !(d > 0) {
		d = 1
	}
	if given && dt != d {
		return 0, usagef("%s advances a fixed %v time units per step (%s); --dt does not apply to it",
			e.Info.Name, d, e.Info.Category)
	}
	return d, nil
}

// columnNames are the CSV column names: the catalogue's observable names
// when they fit the dimension and are usable, else x0, x1, ....
func columnNames(in *system.Info, dim int) []string {
	if len(in.Observables) == dim {
		seen := map[string]bool{}
		ok := true
		for _, n := range in.Observables {
			k := strings.ToLower(strings.TrimSpace(n))
			if k == "" || k == "time" || k == "date" || seen[k] {
				ok = false
				break
			}
			seen[k] = true
		}
		if ok {
			return append([]string(nil), in.Observables...)
		}
	}
	names := make([]string, dim)
	for j := range names {
		names[j] = "x" + strconv.Itoa(j)
	}
	return names
}

// sample runs system.Sample with a progress display and fills r.traj,
// r.names and r.wall. An interruption is reported with the steps done.
func (e *env) sample(ctx context.Context, r *run, label string) error {
	p := newProgress(e.stderr, e.stderrTTY, e.now, label)
	done := 0
	start := e.now()
	traj, err := system.Sample(ctx, r.sys, r.steps+1, &system.SampleOptions{
		Transient: r.transient,
		Name:      r.entry.Info.Name,
		Progress: func(d, total int) {
			done = d
			p.update(d, total)
		},
	})
	p.finish()
	r.wall = e.now().Sub(start)
	if err != nil {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("%s interrupted after %d of %d steps; nothing written: %w",
				r.entry.Info.Name, done, r.transient+r.steps, err)
		}
		var de *system.DivergedError
		if errors.As(err, &de) {
			switch r.entry.Info.Category {
			case system.CatFlow:
				return fmt.Errorf("%w (try other parameters, a smaller --dt with --method rk4, or a smaller --tol)", err)
			case system.CatDelay, system.CatPDE:
				return fmt.Errorf("%w (try other parameters or a smaller internal step h)", err)
			}
			return fmt.Errorf("%w (try other parameters)", err)
		}
		return err
	}
	r.traj = traj
	r.names = columnNames(&r.entry.Info, traj.Dim)
	return nil
}

// maxSummaryCols bounds the columns described in the one-line summary.
const maxSummaryCols = 6

// summary is the one-line account of a run printed on stderr.
func (r *run) summary(o *simOptions) string {
	var b strings.Builder
	tr := r.traj
	fmt.Fprintf(&b, "%s: %d steps in %s (%d rows, t %s..%s, dt %s", r.entry.Info.Name, r.steps, dur(r.wall),
		tr.Len(), num(tr.T[0]), num(tr.T[tr.Len()-1]), num(r.dt))
	if r.transient > 0 {
		fmt.Fprintf(&b, ", %d transient steps discarded", r.transient)
	}
	if o != nil && r.entry.Info.Stochastic {
		fmt.Fprintf(&b, ", seed %d", o.seed)
	}
	b.WriteString(")")
	for j := 0; j < tr.Dim && j < maxSummaryCols; j++ {
		s := columnStats(tr.X, tr.Dim, j)
		fmt.Fprintf(&b, " | %s mean %s std %s min %s max %s", r.names[j], num(s.Mean), num(s.Std), num(s.Min), num(s.Max))
	}
	if tr.Dim > maxSummaryCols {
		fmt.Fprintf(&b, " | ... %d more columns", tr.Dim-maxSummaryCols)
	}
	return b.String()
}

// outFile is an output file opened before the work that fills it, so that
// an unwritable path fails fast. A file that did not exist is removed when
// the command fails; an existing one is left untouched until commit.
type outFile struct {
	path    string
	f       *os.File
	created bool
	done    bool
}

// openOut opens path for writing without truncating it.
func openOut(path string) (*outFile, error) {
	_, statErr := os.Stat(path)
	existed := statErr == nil
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE, 0o666)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("cannot write output file %s: %v", path, err)
	}
	return &outFile{path: path, f: f, created: !existed}, nil
}

// commit truncates the file, writes it with write and closes it.
func (o *outFile) commit(write func(io.Writer) error) error {
	o.done = true
	fail := func(err error) error {
		o.f.Close()
		if o.created {
			os.Remove(o.path)
		}
		return fmt.Errorf("writing %s: %v", o.path, err)
	}
	// Only a regular file can be truncated; a device such as /dev/null or
	// a named pipe is written as it is.
	if st, err := o.f.Stat(); err == nil && st.Mode().IsRegular() {
		if err := o.f.Truncate(0); err != nil {
			return fail(err)
		}
	}
	if err := write(o.f); err != nil {
		return fail(err)
	}
	if err := o.f.Close(); err != nil {
		if o.created {
			os.Remove(o.path)
		}
		return fmt.Errorf("writing %s: %v", o.path, err)
	}
	return nil
}

// abort closes the file without writing, removing it if this command
// created it. It does nothing after commit.
func (o *outFile) abort() {
	if o.done {
		return
	}
	o.done = true
	o.f.Close()
	if o.created {
		os.Remove(o.path)
	}
}
