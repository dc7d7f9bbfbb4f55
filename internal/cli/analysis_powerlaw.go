package cli

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/emergo/emergo/statphys"
	"github.com/emergo/emergo/system"
)

// Defaults of powerlaw.
const (
	defaultEvents = 10000
	// defaultEventTransient is the least number of steps run before events
	// are collected; with an integer lattice parameter L it is at least
	// eventTransientPerSite·L² (a BTW sandpile fills in about 2.1·L²
	// grains).
	defaultEventTransient = 10000
	eventTransientPerSite = 3
	// maxStepsPerEvent bounds the steps spent collecting events.
	maxStepsPerEvent = 1000
)

// plOptions are powerlaw's flags.
type plOptions struct {
	data      string
	column    string
	system    string
	params    []string
	events    int
	field     string
	transient int
	discrete  bool
	bootstrap int
	seed      uint64
	xmin      float64
	xmax      float64
	asJSON    bool
}

func (e *env) powerlawCmd() *cobra.Command {
	var o plOptions
	cmd := &cobra.Command{
		Use:     "powerlaw (--data FILE [--column C] | --system NAME)",
		Aliases: []string{"power-law"},
		Short:   "Fit a power law to data or to a lattice model's avalanche sizes (Clauset-Shalizi-Newman)",
		Long: `Fit a power law p(x) ∝ x^−α to the tail x ≥ xmin of a sample by the method of
Clauset, Shalizi & Newman (2009): xmin minimises the Kolmogorov-Smirnov
distance between the tail and the fit (unless --xmin fixes it), α is the
maximum-likelihood exponent with standard error sigma, and the goodness of
fit is the semi-parametric bootstrap p-value over --bootstrap replicates
(the power law is rejected when p ≤ 0.1; --bootstrap 0 skips it). The
power law is compared by likelihood ratios with the exponential, lognormal,
stretched exponential and truncated power law: R > 0 favours the power law,
and p < 0.1 makes the sign significant.

The sample is a column of a CSV file (--data, --column), or the events of a
lattice model that reports avalanches (--system: Sandpile, OFC,
ForestFire): --events events are collected after a transient of --transient
steps (default max(10^4, 3·L²)), and their --field (size, duration or area)
is fitted. Event values are counts, so --system fits the discrete power law
unless --discrete=false; --data fits the continuous one unless --discrete.
--xmax truncates the model above (Deluca & Corral 2013), for finite-size
cutoffs; the comparisons are then skipped.

The values must be positive: zero and negative values, NaN and non-integers
in a discrete fit are errors naming the file line (the header is line 1).`,
		Example: `  emergo powerlaw --data sizes.csv --column size --discrete
  emergo powerlaw --system Sandpile --param L=32 --events 20000 --json
  emergo powerlaw --data returns.csv --column loss --bootstrap 0`,
		Args: exactArgs(0, "no arguments (name the sample with --data or --system)"),
		RunE: runE(func(cmd *cobra.Command, _ []string) error {
			return e.powerlaw(cmd.Context(), &o, cmd.Flags().Changed)
		}),
	}
	f := cmd.Flags()
	f.StringVar(&o.data, "data", "", "fit a column of the CSV `FILE`")
	f.StringVar(&o.column, "column", "", "with --data: the value `COLUMN` (default: the file's only one)")
	f.StringVar(&o.system, "system", "", "fit the events of the lattice model `NAME` (Sandpile, OFC, ForestFire)")
	addParamFlag(f, &o.params)
	f.IntVar(&o.events, "events", defaultEvents, "with --system: events to collect")
	f.StringVar(&o.field, "field", "size", "with --system: the event value to fit: size, duration or area")
	f.IntVar(&o.transient, "transient", 0, "with --system: steps run before collecting (default max(10^4, 3·L²))")
	f.BoolVar(&o.discrete, "discrete", false, "fit the discrete power law (integer data; default with --system)")
	f.IntVar(&o.bootstrap, "bootstrap", statphys.DefaultReplicates, "bootstrap replicates of the goodness-of-fit p-value (0: skip)")
	f.Uint64VarP(&o.seed, "seed", "s", defaultSeed, "seed of the bootstrap and of the --system simulation")
	f.Float64Var(&o.xmin, "xmin", 0, "fix xmin instead of choosing it by the KS distance")
	f.Float64Var(&o.xmax, "xmax", 0, "truncate the power law above this value (values above are left out)")
	f.BoolVar(&o.asJSON, "json", false, "print the result as JSON")
	return cmd
}

// comparisonJSON is one likelihood-ratio test.
type comparisonJSON struct {
	Alternative string        `json:"alternative"`
	R           jf            `json:"r"`
	NormalizedR jf            `json:"normalized_r"`
	P           jf            `json:"p"`
	Nested      bool          `json:"nested"`
	Preferred   string        `json:"preferred"`
	Params      map[string]jf `json:"params"`
	names       []string      // the parameters in the library's order
}

// plResult is the JSON output of powerlaw.
type plResult struct {
	Data        string             `json:"data,omitempty"`
	Column      string             `json:"column,omitempty"`
	System      string             `json:"system,omitempty"`
	Params      map[string]float64 `json:"params,omitempty"`
	Field       string             `json:"field,omitempty"`
	Transient   int                `json:"transient_steps,omitempty"`
	Steps       int                `json:"steps,omitempty"`
	N           int                `json:"n"`
	Discrete    bool               `json:"discrete"`
	Alpha       jf                 `json:"alpha"`
	Sigma       jf                 `json:"sigma"`
	Xmin        jf                 `json:"xmin"`
	XminFixed   bool               `json:"xmin_fixed"`
	Xmax        *jf                `json:"xmax,omitempty"`
	NAbove      int                `json:"n_above,omitempty"`
	NTail       int                `json:"n_tail"`
	KS          jf                 `json:"ks"`
	PValue      *jf                `json:"p_value"`
	Replicates  int                `json:"bootstrap"`
	Seed        uint64             `json:"seed"`
	Comparisons []comparisonJSON   `json:"comparisons"`
	References  []reference        `json:"references,omitempty"`
	Notes       []string           `json:"notes,omitempty"`
}

func (o *plOptions) validate(changed func(string) bool) error {
	switch {
	case o.data == "" && o.system == "":
		return usagef("give the sample: --data FILE --column C, or --system NAME for a lattice model's avalanches")
	case o.data != "" && o.system != "":
		return usagef("--data and --system are mutually exclusive")
	case o.bootstrap < 0:
		return usagef("--bootstrap must be non-negative, got %d", o.bootstrap)
	case changed("xmin") && !finitePositive(o.xmin):
		return usagef("--xmin must be positive, got %v", o.xmin)
	case changed("xmax") && !finitePositive(o.xmax):
		return usagef("--xmax must be positive, got %v", o.xmax)
	case changed("xmin") && changed("xmax") && o.xmax <= o.xmin:
		return usagef("--xmax %v must exceed --xmin %v", o.xmax, o.xmin)
	}
	if o.data != "" {
		for _, fl := range []string{"param", "events", "field", "transient"} {
			if changed(fl) {
				return usagef("--%s applies to --system", fl)
			}
		}
	} else {
		switch {
		case changed("column"):
			return usagef("--column applies to --data")
		case o.events < 1:
			return usagef("--events must be at least 1, got %d", o.events)
		case changed("transient") && o.transient < 0:
			return usagef("--transient must be non-negative, got %d", o.transient)
		}
	}
	return nil
}

func (e *env) powerlaw(ctx context.Context, o *plOptions, changed func(string) bool) error {
	if err := o.validate(changed); err != nil {
		return err
	}
	res := plResult{Seed: o.seed, Comparisons: []comparisonJSON{}}
	var x []float64
	var label string
	discrete := o.discrete
	if o.data != "" {
		s, err := readColumn(o.data, o.column, 1, true)
		if err != nil {
			return err
		}
		x, label = s.x, s.label
		res.Data, res.Column = o.data, s.column
		// Name bad values by their line in the file, as the help
		// promises and as the CSV reader names missing values.
		for i, v := range x {
			switch {
			case !(v > 0):
				return fmt.Errorf("%s %v is not positive; a power law needs positive values (remove or shift the non-positive ones: a power law lives on x > 0)", where(o.data, s.column, i), v)
			case discrete && v != math.Trunc(v):
				return fmt.Errorf("%s %v is not a whole number; a discrete fit needs whole numbers (drop --discrete for continuous data)", where(o.data, s.column, i), v)
			}
		}
	} else {
		var err error
		if x, err = e.collectEvents(ctx, o, changed, &res); err != nil {
			return err
		}
		label = res.System + " " + res.Field + "s"
		if !changed("discrete") {
			discrete = true
		}
	}
	res.Discrete = discrete
	popt := &statphys.PowerLawOptions{Discrete: discrete, Xmin: o.xmin, Xmax: o.xmax}
	boot := &statphys.BootstrapOptions{Replicates: o.bootstrap, Seed: o.seed}
	if o.bootstrap == 0 {
		boot.Replicates = -1
	}
	p := newProgress(e.stderr, e.stderrTTY, e.now, "bootstrap "+label)
	boot.Progress = p.update
	fit, err := statphys.AnalyzePowerLaw(ctx, x, popt, boot)
	p.finish()
	if err != nil {
		err = libErr(label, err)
		switch {
		case errors.Is(err, statphys.ErrNonPositive):
			return fmt.Errorf("%v (remove or shift the non-positive values: a power law lives on x > 0)", err)
		case errors.Is(err, statphys.ErrNotInteger):
			return fmt.Errorf("%v (a discrete fit needs whole numbers; drop --discrete for continuous data)", err)
		case errors.Is(err, context.Canceled):
			return fmt.Errorf("%s: power-law analysis interrupted: %w", label, err)
		}
		return err
	}
	res.N, res.Alpha, res.Sigma, res.Xmin, res.XminFixed = fit.N, jf(fit.Alpha), jf(fit.Sigma), jf(fit.Xmin), changed("xmin")
	res.NTail, res.KS, res.NAbove = fit.NTail, jf(fit.KS), fit.NAbove
	if o.xmax > 0 {
		v := jf(fit.Xmax)
		res.Xmax = &v
		res.Notes = append(res.Notes, "truncated fit (--xmax): the likelihood-ratio comparisons are not run")
	}
	if o.bootstrap > 0 {
		v := jf(fit.P)
		res.PValue = &v
		res.Replicates = o.bootstrap
	}
	for _, c := range fit.Comparisons {
		cj := comparisonJSON{Alternative: c.Alternative.String(), R: jf(c.R), NormalizedR: jf(c.NormalizedR), P: jf(c.P),
			Nested: c.Nested, Preferred: c.Preferred, Params: map[string]jf{}}
		for i, n := range c.ParamNames {
			cj.Params[n] = jf(c.Params[i])
		}
		cj.names = c.ParamNames
		res.Comparisons = append(res.Comparisons, cj)
	}
	if o.asJSON {
		return writeJSON(e.stdout, res)
	}
	return writePowerLawText(e.stdout, label, &res)
}

// collectEvents simulates a lattice model and returns o.events values of
// its events' chosen field.
func (e *env) collectEvents(ctx context.Context, o *plOptions, changed func(string) bool, res *plResult) ([]float64, error) {
	var field statphys.EventField
	switch strings.ToLower(o.field) {
	case "size":
		field = statphys.EventSize
	case "duration":
		field = statphys.EventDuration
	case "area":
		field = statphys.EventArea
	default:
		return nil, usagef("unknown --field %q (use size, duration or area)", o.field)
	}
	user, err := parseParams(o.params)
	if err != nil {
		return nil, err
	}
	entry, err := system.Lookup(o.system)
	if err != nil {
		return nil, err
	}
	full, err := entry.Resolve(user)
	if err != nil {
		return nil, err
	}
	sys, err := entry.New(system.Config{Params: user, Seed: o.seed})
	if err != nil {
		return nil, err
	}
	if _, ok := sys.(system.EventSource); !ok {
		return nil, fmt.Errorf("%s reports no avalanche events; models that do: %s (or fit a CSV column with --data)",
			entry.Info.Name, strings.Join(eventSources(), ", "))
	}
	tr := o.transient
	if !changed("transient") {
		tr = defaultEventTransient
		if q, ok := entry.Info.Param("L"); ok && q.Integer {
			l := full[q.Name]
			tr = max(tr, int(math.Ceil(eventTransientPerSite*l*l)))
		}
	}
	res.System, res.Params, res.Field, res.Transient = entry.Info.Name, full, strings.ToLower(o.field), tr
	if res.Field == "size" {
		res.References, _ = references(&entry.Info, full, "avalanche_size_exponent", "quake_size_exponent", "fire_size_exponent")
	}

	p := newProgress(e.stderr, e.stderrTTY, e.now, "events "+entry.Info.Name)
	defer p.finish()
	var vals []float64
	steps := 0
	chunk := max(100, o.events/10)
	limit := maxStepsPerEvent * o.events
	for len(vals) < o.events {
		if steps >= limit {
			return nil, fmt.Errorf("%s: only %d events with a positive %s in %d steps (wanted %d); try other parameters or fewer --events",
				entry.Info.Name, len(vals), res.Field, steps, o.events)
		}
		// The first call runs the transient first.
		copt := &statphys.CollectOptions{}
		if steps == 0 {
			copt.Transient = tr
		}
		ev, err := statphys.CollectEvents(ctx, sys, chunk, copt)
		if err != nil {
			if errors.Is(err, context.Canceled) {
				return nil, fmt.Errorf("%s: interrupted after %d of %d events: %w", entry.Info.Name, len(vals), o.events, err)
			}
			return nil, libErr(entry.Info.Name, err)
		}
		steps += chunk
		vals = append(vals, statphys.EventValues(ev, field)...)
		p.update(min(len(vals), o.events), o.events)
	}
	res.Steps = steps
	return vals[:o.events], nil
}

func writePowerLawText(w io.Writer, label string, r *plResult) error {
	kind := "continuous"
	if r.Discrete {
		kind = "discrete"
	}
	fmt.Fprintf(w, "%s: %s power-law fit (Clauset, Shalizi & Newman 2009), %d values\n", label, kind, r.N)
	if r.System != "" {
		fmt.Fprintf(w, "events collected over %d steps after a transient of %d steps\n", r.Steps, r.Transient)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "  alpha   %s ± %s\n", fnum(r.Alpha), fmtSE(r.Sigma))
	how := "minimising the KS distance"
	if r.XminFixed {
		how = "fixed by --xmin"
	}
	fmt.Fprintf(w, "  xmin    %s (%s)\n", fnum(r.Xmin), how)
	if r.Xmax != nil {
		fmt.Fprintf(w, "  xmax    %s (%d values above left out)\n", fnum(*r.Xmax), r.NAbove)
	}
	fmt.Fprintf(w, "  n_tail  %d of %d\n", r.NTail, r.N)
	fmt.Fprintf(w, "  KS      %s\n", fnum(r.KS))
	if r.PValue != nil {
		verdict := "the power law is plausible"
		if float64(*r.PValue) <= 0.1 {
			verdict = "the power law is rejected (p ≤ 0.1)"
		}
		fmt.Fprintf(w, "  p       %s (%d bootstrap replicates, seed %d): %s\n", fnum(*r.PValue), r.Replicates, r.Seed, verdict)
	} else {
		fmt.Fprintln(w, "  p       not computed (--bootstrap 0)")
	}
	if len(r.Comparisons) > 0 {
		fmt.Fprintln(w, "\nLikelihood-ratio tests (R > 0 favours the power law):")
		tw := newTable(w)
		fmt.Fprintln(tw, "  ALTERNATIVE\tR\tp\tPREFERRED\tPARAMETERS")
		for _, c := range r.Comparisons {
			var ps []string
			for _, n := range c.names {
				ps = append(ps, n+"="+fnum(c.Params[n]))
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", c.Alternative, fnum(c.R), fnum(c.P), c.Preferred, strings.Join(ps, " "))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	writeRefs(w, r.References)
	writeNotes(w, r.Notes)
	return nil
}

// eventSources lists the catalogue systems that report events (a system
// whose constructor fails or panics is skipped).
func eventSources() []string {
	var with []string
	for _, in := range system.List("") {
		func() {
			defer func() { _ = recover() }()
			if s, err := system.New(in.Name, nil, 1); err == nil {
				if _, ok := s.(system.EventSource); ok {
					with = append(with, in.Name)
				}
			}
		}()
	}
	return with
}

// where names data row i (0-based, after the header) of column in the CSV
// file at path as "file:line: column "name":", the form of the CSV
// reader's errors, with the line counted in the file as an editor shows it
// (header and blank lines included). It falls back to the 1-based data row
// when the line cannot be found.
func where(path, column string, i int) string {
	if line := dataLine(path, i); line > 0 {
		return fmt.Sprintf("%s:%d: column %q:", filepath.Base(path), line, column)
	}
	return fmt.Sprintf("%s: column %q, data row %d:", filepath.Base(path), column, i+1)
}

// dataLine returns the line on which data row i (0-based) of the CSV file
// at path starts, reading it as series.ReadCSV does (blank lines are
// skipped but counted), or 0 when the file cannot be read that far.
func dataLine(path string, i int) int {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	for r := -1; r <= i; r++ { // r = -1 is the header
		if _, err := cr.Read(); err != nil {
			return 0
		}
	}
	line, _ := cr.FieldPos(0)
	return line
}
