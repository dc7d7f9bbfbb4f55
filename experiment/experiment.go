// Package experiment is the contract between the study pipeline and the
// application and step-5 experiments built on the library (traffic
// control, earthquake statistics, climate skill, market homogenization,
// adaptive models, foundation-model scaling...). An experiment is a named
// Kind registered at init time; a study spec lists experiments by kind
// with free-form parameters; the study runs each as one task and stores its
// Result, and the report renders the Result's tables and plots generically.
//
// The package is a leaf: it depends on nothing else of emergo, so that
// every package can register experiments without import cycles.
package experiment

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"math"
	"sort"
	"strings"
	"sync"
)

// Kind is one registered experiment.
type Kind struct {
	// Name is the kind used in study specs ("traffic-control").
	Name string
	// Title is a human title for listings and the report.
	Title string
	// Description says what the experiment measures (one paragraph).
	Description string
	// Params returns a pointer to a fresh parameter struct with its
	// defaults filled in. The study decodes the spec's params (JSON) into
	// it strictly: unknown fields are errors naming the field.
	Params func() any
	// Validate checks decoded parameters (nil: none). Errors should name
	// the parameter.
	Validate func(params any) error
	// Quick shrinks decoded parameters for smoke runs (`--quick`); nil
	// keeps them.
	Quick func(params any)
	// Run computes the result. It must honour ctx, draw every random number
	// from env.Seed, and report progress through env.Progress.
	Run func(ctx context.Context, params any, env *Env) (*Result, error)
}

// Env is what the study hands to a running experiment.
type Env struct {
	// Seed is the study's data seed combined with the experiment's.
	Seed uint64
	// Progress reports done out of total units of work (never nil).
	Progress func(done, total int)
	// Logger receives log lines (never nil).
	Logger *slog.Logger
	// Dir is a private scratch/checkpoint directory for this task ("" when
	// none is available); files left there survive an interrupted run.
	Dir string
}

// NewEnv returns an Env with no-op progress and a discarding logger.
func NewEnv(seed uint64) *Env {
	return &Env{Seed: seed, Progress: func(int, int) {}, Logger: slog.New(slog.DiscardHandler)}
}

var (
	mu    sync.RWMutex
	kinds = map[string]*Kind{}
)

// Register adds a kind; it panics on a duplicate or incomplete kind
// (a programming error found at init time).
func Register(k Kind) {
	if k.Name == "" || k.Run == nil || k.Params == nil {
		panic("experiment: Register needs Name, Params and Run")
	}
	mu.Lock()
	defer mu.Unlock()
	if _, dup := kinds[k.Name]; dup {
		panic("experiment: duplicate kind " + k.Name)
	}
	kk := k
	kinds[k.Name] = &kk
}

// Lookup returns a registered kind or an error listing the known ones.
func Lookup(name string) (*Kind, error) {
	mu.RLock()
	defer mu.RUnlock()
	if k, ok := kinds[name]; ok {
		return k, nil
	}
	return nil, fmt.Errorf("unknown experiment %q (known: %s)", name, strings.Join(namesLocked(), ", "))
}

// Names lists the registered kinds, sorted.
func Names() []string {
	mu.RLock()
	defer mu.RUnlock()
	return namesLocked()
}

func namesLocked() []string {
	n := make([]string, 0, len(kinds))
	for k := range kinds {
		n = append(n, k)
	}
	sort.Strings(n)
	return n
}

// Decode returns the kind's parameters with the defaults overridden by raw
// (a JSON object; empty or "null" keeps the defaults), validated. Unknown
// fields are rejected.
func (k *Kind) Decode(raw []byte) (any, error) {
	p := k.Params()
	if t := bytes.TrimSpace(raw); len(t) > 0 && !bytes.Equal(t, []byte("null")) {
		dec := json.NewDecoder(bytes.NewReader(t))
		dec.DisallowUnknownFields()
		if err := dec.Decode(p); err != nil {
			return nil, fmt.Errorf("experiment %s: params: %w", k.Name, err)
		}
	}
	if k.Validate != nil {
		if err := k.Validate(p); err != nil {
			return nil, fmt.Errorf("experiment %s: %w", k.Name, err)
		}
	}
	return p, nil
}

// Result is what an experiment reports: headline metrics (stored as
// queryable metrics), tables and plots (rendered by the report and the
// dashboard), and notes (honest caveats, verdicts).
type Result struct {
	Title   string `json:"title"`
	Summary string `json:"summary,omitempty"`
	// Metrics are headline numbers, e.g. "b_value", "throughput_gain".
	// Non-finite values are stored as null.
	Metrics map[string]Float `json:"metrics,omitempty"`
	Tables  []Table          `json:"tables,omitempty"`
	Plots   []Plot           `json:"plots,omitempty"`
	Notes   []string         `json:"notes,omitempty"`
}

// Metric sets a headline metric.
func (r *Result) Metric(name string, v float64) {
	if r.Metrics == nil {
		r.Metrics = map[string]Float{}
	}
	r.Metrics[name] = Float(v)
}

// Table is a rectangular table of formatted cells.
type Table struct {
	Title   string     `json:"title"`
	Caption string     `json:"caption,omitempty"`
	Columns []string   `json:"columns"`
	Rows    [][]string `json:"rows"`
}

// AddRow appends a row, formatting each value: strings as given, floats
// with %.4g (NaN as "—"), integers in decimal.
func (t *Table) AddRow(vals ...any) {
	row := make([]string, len(vals))
	for i, v := range vals {
		row[i] = Format(v)
	}
	t.Rows = append(t.Rows, row)
}

// Format renders one table cell.
func Format(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return "—"
		}
		return fmt.Sprintf("%.4g", x)
	case Float:
		return Format(float64(x))
	case float32:
		return Format(float64(x))
	case bool:
		if x {
			return "yes"
		}
		return "no"
	case fmt.Stringer:
		return x.String()
	default:
		return fmt.Sprint(x)
	}
}

// Plot kinds.
const (
	Line    = "line"    // lines through (X, Y) per series
	Scatter = "scatter" // markers only
	Bar     = "bar"     // categories × series (Y per category)
	Hist    = "hist"    // Series[0].X are bin edges (len Y+1), Y counts; more series overlay
	Heat    = "heatmap" // Matrix with row/column labels
)

// Plot is a chart described by data; the report draws it.
type Plot struct {
	Kind    string `json:"kind"`
	Title   string `json:"title"`
	Caption string `json:"caption,omitempty"`
	XLabel  string `json:"xlabel,omitempty"`
	YLabel  string `json:"ylabel,omitempty"`
	LogX    bool   `json:"logx,omitempty"`
	LogY    bool   `json:"logy,omitempty"`
	// Series are the data of line, scatter, bar and hist plots.
	Series []Series `json:"series,omitempty"`
	// Categories label the bars of a bar plot.
	Categories []string `json:"categories,omitempty"`
	// VLines and HLines are reference lines (change points, thresholds).
	VLines []Ref `json:"vlines,omitempty"`
	HLines []Ref `json:"hlines,omitempty"`
	// Matrix, Rows and Cols describe a heatmap; Diverging centres the
	// colour scale at zero.
	Matrix    [][]Float `json:"matrix,omitempty"`
	Rows      []string  `json:"rows,omitempty"`
	Cols      []string  `json:"cols,omitempty"`
	Diverging bool      `json:"diverging,omitempty"`
}

// Series is one named set of points. Dash draws a dashed line (fits,
// baselines); Marker adds point markers to a line.
type Series struct {
	Name   string  `json:"name"`
	X      []Float `json:"x,omitempty"`
	Y      []Float `json:"y"`
	Dash   bool    `json:"dash,omitempty"`
	Marker bool    `json:"marker,omitempty"`
	// Err are symmetric error bars of a bar plot (optional).
	Err []Float `json:"err,omitempty"`
}

// NewSeries builds a series from float slices (x may be nil: 0, 1, 2...).
func NewSeries(name string, x, y []float64) Series {
	s := Series{Name: name, Y: Floats(y)}
	if x != nil {
		s.X = Floats(x)
	}
	return s
}

// Ref is a reference line at a coordinate.
type Ref struct {
	At    Float  `json:"at"`
	Label string `json:"label,omitempty"`
}

// Float is a float64 that encodes NaN and ±Inf as JSON null (and decodes
// null as NaN), so results with undefined values round-trip.
type Float float64

// MarshalJSON implements json.Marshaler.
func (f Float) MarshalJSON() ([]byte, error) {
	v := float64(f)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return []byte("null"), nil
	}
	return json.Marshal(v)
}

// UnmarshalJSON implements json.Unmarshaler.
func (f *Float) UnmarshalJSON(b []byte) error {
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		*f = Float(math.NaN())
		return nil
	}
	var v float64
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*f = Float(v)
	return nil
}

// Floats converts a slice (nil stays nil).
func Floats(x []float64) []Float {
	if x == nil {
		return nil
	}
	out := make([]Float, len(x))
	for i, v := range x {
		out[i] = Float(v)
	}
	return out
}

// Values converts back.
func Values(x []Float) []float64 {
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = float64(v)
	}
	return out
}

// Check reports the first structural problem of a result (mismatched
// series lengths, ragged tables, unknown plot kinds), so that experiments
// can test what they return and the study rejects malformed results with a
// clear error instead of a broken report.
func (r *Result) Check() error {
	if r == nil {
		return fmt.Errorf("nil result")
	}
	for i, t := range r.Tables {
		for j, row := range t.Rows {
			if len(row) != len(t.Columns) {
				return fmt.Errorf("table %d %q: row %d has %d cells, want %d", i, t.Title, j, len(row), len(t.Columns))
			}
		}
	}
	for i, p := range r.Plots {
		switch p.Kind {
		case Line, Scatter:
			for _, s := range p.Series {
				if s.X != nil && len(s.X) != len(s.Y) {
					return fmt.Errorf("plot %d %q: series %q has %d x and %d y", i, p.Title, s.Name, len(s.X), len(s.Y))
				}
			}
		case Bar:
			for _, s := range p.Series {
				if len(s.Y) != len(p.Categories) {
					return fmt.Errorf("plot %d %q: series %q has %d values for %d categories", i, p.Title, s.Name, len(s.Y), len(p.Categories))
				}
			}
		case Hist:
			if len(p.Series) == 0 || len(p.Series[0].X) != len(p.Series[0].Y)+1 {
				return fmt.Errorf("plot %d %q: a histogram needs len(X) = len(Y)+1 bin edges in its first series", i, p.Title)
			}
		case Heat:
			for j, row := range p.Matrix {
				if len(row) != len(p.Cols) {
					return fmt.Errorf("plot %d %q: heatmap row %d has %d values for %d columns", i, p.Title, j, len(row), len(p.Cols))
				}
			}
			if len(p.Matrix) != len(p.Rows) {
				return fmt.Errorf("plot %d %q: heatmap has %d rows for %d row labels", i, p.Title, len(p.Matrix), len(p.Rows))
			}
		default:
			return fmt.Errorf("plot %d %q: unknown kind %q", i, p.Title, p.Kind)
		}
	}
	return nil
}
