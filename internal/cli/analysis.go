package cli

// Shared parts of the analysis commands (lyapunov, dimension, entropy,
// powerlaw, similarity, homogenization): reading one column of a CSV file,
// simulating a catalogue system for an estimator, reference invariants,
// JSON numbers that may be NaN, and error messages without package
// prefixes.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/emergo/emergo/system"
)

// jf is a float64 that JSON-encodes NaN and ±Inf as null (JSON has no
// such numbers).
type jf float64

func (v jf) MarshalJSON() ([]byte, error) {
	f := float64(v)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return json.Marshal(f)
}

// jfs converts a slice to jf values (nil stays nil).
func jfs(x []float64) []jf {
	if x == nil {
		return nil
	}
	out := make([]jf, len(x))
	for i, v := range x {
		out[i] = jf(v)
	}
	return out
}

// cleanError is a library error with its package prefixes ("chaos: ",
// "statphys: ", "homogenization: ") removed from the message, since the
// tool prints its own prefix; errors.Is still sees the original chain.
type cleanError struct {
	msg string
	err error
}

func (e *cleanError) Error() string { return e.msg }
func (e *cleanError) Unwrap() error { return e.err }

// libErr cleans err's message and prefixes it with context (when not
// empty), keeping the error chain.
func libErr(context string, err error) error {
	if err == nil {
		return nil
	}
	var u *UsageError
	if errors.As(err, &u) {
		return err
	}
	msg := err.Error()
	for _, p := range []string{"chaos: ", "statphys: ", "homogenization: "} {
		msg = strings.ReplaceAll(msg, p, "")
	}
	if context != "" {
		msg = context + ": " + msg
	}
	return &cleanError{msg: msg, err: err}
}

// scalarSeries is a scalar series to analyse, simulated or read from CSV.
type scalarSeries struct {
	label  string    // "Lorenz, x" or "prices.csv, column close"
	column string    // the column or observable
	x      []float64 // the values
	dt     float64   // sampling interval
	// dtSource says where dt came from: "--dt", "time column",
	// "system" or "row index".
	dtSource string
}

// readColumn reads one column of a CSV file (the file's only value column
// when column is ""), with its sampling interval: dt when given, else the
// median difference of the time column (days for dated data), else 1 per
// row. Missing values, NaN and ±Inf are errors naming the row.
func readColumn(path, column string, dt float64, dtGiven bool) (*scalarSeries, error) {
	var cols []string
	if column != "" {
		cols = []string{column}
	}
	ds, err := loadData(path, cols)
	if err != nil {
		return nil, err
	}
	if len(ds.names) != 1 {
		return nil, usagef("%s has %d value columns (%s); choose one with --column", path, len(ds.names), strings.Join(ds.names, ", "))
	}
	s := &scalarSeries{label: fmt.Sprintf("%s, column %s", ds.label, ds.names[0]), column: ds.names[0], x: ds.x.X}
	switch {
	case dtGiven:
		s.dt, s.dtSource = dt, "--dt"
	case len(ds.t) >= 2:
		d := make([]float64, len(ds.t)-1)
		for i := range d {
			d[i] = ds.t[i+1] - ds.t[i]
		}
		sort.Float64s(d)
		s.dt, s.dtSource = d[len(d)/2], "time column"
		if !(s.dt > 0) {
			s.dt, s.dtSource = 1, "row index"
		}
	default:
		s.dt, s.dtSource = 1, "row index"
	}
	return s, nil
}

// checkVarying returns an error when x is constant, naming the value.
func checkVarying(label string, x []float64, need string) error {
	for _, v := range x[min(1, len(x)):] {
		if v != x[0] {
			return nil
		}
	}
	if len(x) == 0 {
		return fmt.Errorf("%s: the series is empty", label)
	}
	return fmt.Errorf("%s: the series is constant (every value is %s); %s need a varying series", label, num(x[0]), need)
}

// simulated is a trajectory of a catalogue system recorded for an
// analysis.
type simulated struct {
	entry     *system.Entry
	params    system.Params // complete parameters
	dt        float64
	steps     int // recorded rows
	transient int // discarded steps
	names     []string
	x         []float64 // row-major, steps × dim
	dim       int
}

// simulateFor builds a catalogue system and records rows observations
// after transient discarded steps (a negative transient discards as many
// steps as are recorded, the default of the analysis commands).
func (e *env) simulateFor(ctx context.Context, name string, kv []string, seed uint64, dt float64, dtGiven bool, transient float64, rows int) (*simulated, error) {
	user, err := parseParams(kv)
	if err != nil {
		return nil, err
	}
	entry, err := system.Lookup(name)
	if err != nil {
		return nil, err
	}
	full, err := entry.Resolve(user)
	if err != nil {
		return nil, err
	}
	sys, err := entry.New(system.Config{Params: user, Seed: seed, DT: dt})
	if err != nil {
		return nil, err
	}
	step, err := samplingInterval(entry, sys, dt, dtGiven)
	if err != nil {
		return nil, err
	}
	if float64(rows)*float64(sys.Dim()) > maxValues {
		return nil, fmt.Errorf("%d rows of %d values would not fit in memory (limit %d values)", rows, sys.Dim(), maxValues)
	}
	ntr := rows
	if transient >= 0 {
		f := math.Round(transient / step)
		if f > maxTransient {
			return nil, usagef("--transient %v is %.3g steps of dt = %v; at most %.0g are allowed", transient, f, step, float64(maxTransient))
		}
		ntr = int(f)
	}
	r := &run{entry: entry, sys: sys, dt: step, steps: rows - 1, transient: ntr}
	if err := e.sample(ctx, r, "simulate "+entry.Info.Name); err != nil {
		return nil, err
	}
	return &simulated{entry: entry, params: full, dt: step, steps: rows, transient: ntr,
		names: r.names, x: r.traj.X, dim: r.traj.Dim}, nil
}

// column returns the named observable's series (the first when name is
// ""), or a usage error listing the observables.
func (s *simulated) column(name string) (*scalarSeries, error) {
	j := 0
	if name != "" {
		j = -1
		for i, n := range s.names {
			if strings.EqualFold(n, name) {
				j = i
				break
			}
		}
		if j < 0 {
			if i, err := strconv.Atoi(name); err == nil && i >= 0 && i < s.dim {
				j = i
			} else {
				return nil, usagef("%s has no observable %q (observables: %s)", s.entry.Info.Name, name, strings.Join(s.names, ", "))
			}
		}
	}
	x := make([]float64, s.steps)
	for i := range x {
		x[i] = s.x[i*s.dim+j]
	}
	return &scalarSeries{label: s.entry.Info.Name + ", " + s.names[j], column: s.names[j], x: x, dt: s.dt, dtSource: "system"}, nil
}

// paramString formats parameters as "sigma=10, rho=28" in the order of
// the system's metadata.
func paramString(in *system.Info, p system.Params) string {
	var parts []string
	for _, q := range in.Params {
		if v, ok := p[q.Name]; ok {
			parts = append(parts, q.Name+"="+num(v))
		}
	}
	return strings.Join(parts, ", ")
}

// changedParam names the first parameter that differs from its default
// (the reference invariants hold at the defaults), or "".
func changedParam(in *system.Info, p system.Params) string {
	for _, q := range in.Params {
		if v, ok := p[q.Name]; ok && v != q.Default {
			return fmt.Sprintf("%s=%s (default %s)", q.Name, num(v), num(q.Default))
		}
	}
	return ""
}

// reference is a reference invariant from the catalogue's metadata.
type reference struct {
	Name   string `json:"name"`
	Values []jf   `json:"values"`
	Source string `json:"source"`
	dysts  bool
}

// references returns the system's reference invariants with the given
// names, literature values before dysts' numerical estimates, and a note
// when the parameters differ from the defaults the references are for
// (then no reference is returned).
func references(in *system.Info, p system.Params, names ...string) ([]reference, string) {
	if c := changedParam(in, p); c != "" {
		return nil, "no reference values: they hold at the default parameters, and " + c
	}
	var lit, dy []reference
	for _, v := range in.Invariants {
		for _, n := range names {
			if v.Name != n || len(v.Values) == 0 {
				continue
			}
			r := reference{Name: v.Name, Values: jfs(v.Values), Source: v.Source, dysts: strings.Contains(v.Source, "dysts")}
			if r.dysts {
				dy = append(dy, r)
			} else {
				lit = append(lit, r)
			}
		}
	}
	return append(lit, dy...), ""
}

// firstRef returns the first reference with one of the names (in order
// of preference), or nil.
func firstRef(refs []reference, names ...string) *reference {
	for _, n := range names {
		for i := range refs {
			if refs[i].Name == n {
				return &refs[i]
			}
		}
	}
	return nil
}

// finitePositive reports whether v is a positive finite number.
func finitePositive(v float64) bool { return v > 0 && !math.IsInf(v, 0) }

// pickSource checks the mutually exclusive ways of naming what to analyse:
// a system NAME argument or --data FILE.
func pickSource(args []string, data string, what string) (name string, err error) {
	switch {
	case len(args) > 1:
		return "", usagef("takes one system name, got %d: %s", len(args), strings.Join(args, " "))
	case len(args) == 1 && data != "":
		return "", usagef("give either a system NAME or --data FILE, not both")
	case len(args) == 0 && data == "":
		return "", usagef("give a system NAME (see 'emergo systems list') or --data FILE --column C: %s", what)
	case len(args) == 1:
		return args[0], nil
	}
	return "", nil
}
