package forecast

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/emergo/emergo/system"
)

// Forecaster is a trained or trainable forecasting model.
type Forecaster interface {
	// Name is the registry name of the model ("ridge", "esn", ...).
	Name() string
	// Fit trains on train (n×dim row-major); val may be nil. Both have
	// the same dim.
	Fit(ctx context.Context, train, val *Block) error
	// ContextLen is the number of most recent rows Predict needs (at
	// least 1); longer contexts are allowed, and recurrent models use
	// them to warm up their state.
	ContextLen() int
	// Predict returns horizon×dim values: the forecast of the rows that
	// follow the context block.
	Predict(context *Block, horizon int) (*Block, error)
}

// Block is a row-major block of Rows×Dim values.
type Block struct {
	Rows, Dim int
	X         []float64
}

// NewBlock wraps x (not copied) as rows of dim values.
func NewBlock(x []float64, dim int) *Block {
	if dim < 1 || len(x)%dim != 0 {
		panic(fmt.Sprintf("forecast: %d values do not fill rows of %d", len(x), dim))
	}
	return &Block{Rows: len(x) / dim, Dim: dim, X: x}
}

// Row returns row i (a view).
func (b *Block) Row(i int) []float64 { return b.X[i*b.Dim : (i+1)*b.Dim] }

// Slice returns rows [i, j) (a view).
func (b *Block) Slice(i, j int) *Block {
	return &Block{Rows: j - i, Dim: b.Dim, X: b.X[i*b.Dim : j*b.Dim]}
}

// Check returns an error naming the first non-finite value.
func (b *Block) Check(what string) error {
	for k, v := range b.X {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("%s: value at row %d, column %d is %v", what, k/b.Dim, k%b.Dim, v)
		}
	}
	return nil
}

// Representer is implemented by models that expose hidden states, for
// the homogenization analyses: Represent returns one feature vector per
// row of x (after the model's warm-up; Rows of the result may be fewer
// than x.Rows, aligned to the end of x).
type Representer interface {
	Represent(x *Block) (*Block, error)
}

// Dynamics is implemented by models that can be run as an autonomous
// dynamical system (their closed-loop rollout), so chaos tools can
// compute the trained model's Lyapunov spectrum. The system is a map
// (one step = one sampling interval of the data; it implements
// system.Discrete, system.Field and system.Jacobianer, analytic or by
// finite differences) started from the state the context block leads
// to. Its observation is the model's full internal state (e.g. the
// reservoir, or the delay vector); it also implements Outputter to give
// the forecast variables of a state.
type Dynamics interface {
	Dynamics(context *Block) (system.System, error)
}

// Outputter maps a Dynamics system's internal state to the forecast
// variables (dim values) in physical units.
type Outputter interface {
	Output(dst, state []float64) []float64
}

// Spec configures a model: hyperparameters by name (validated against
// the model's Info) and a seed.
type Spec struct {
	Hyper map[string]float64
	Seed  uint64
}

// Info describes a registered model.
type Info struct {
	Name        string         `json:"name"`
	Family      string         `json:"family"` // baseline, linear, reservoir, neural
	Description string         `json:"description"`
	Citation    string         `json:"citation,omitempty"`
	Hyper       []system.Param `json:"hyper"`
}

// Entry is a model registration.
type Entry struct {
	Info  Info
	Build func(hyper map[string]float64, seed uint64) (Forecaster, error)
}

var (
	mu      sync.RWMutex
	entries = map[string]*Entry{}
)

// Register adds a model to the zoo; it panics on a duplicate name.
func Register(e Entry) {
	mu.Lock()
	defer mu.Unlock()
	k := strings.ToLower(e.Info.Name)
	if _, dup := entries[k]; dup {
		panic("forecast: duplicate model " + e.Info.Name)
	}
	ec := e
	entries[k] = &ec
}

// Models lists the registered models sorted by name.
func Models() []Info {
	mu.RLock()
	defer mu.RUnlock()
	out := make([]Info, 0, len(entries))
	for _, e := range entries {
		out = append(out, e.Info)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Lookup finds a model by case-insensitive name, suggesting close names.
func Lookup(name string) (*Entry, error) {
	mu.RLock()
	defer mu.RUnlock()
	if e, ok := entries[strings.ToLower(name)]; ok {
		return e, nil
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Info.Name)
	}
	sort.Strings(names)
	msg := fmt.Sprintf("unknown model %q", name)
	if s := system.Suggest(name, names, 3); len(s) > 0 {
		q := make([]string, len(s))
		for i, v := range s {
			q[i] = strconv.Quote(v)
		}
		msg += "; did you mean " + strings.Join(q, ", ") + "?"
	}
	msg += " (models: " + strings.Join(names, ", ") + ")"
	return nil, fmt.Errorf("%s", msg)
}

// New builds a model from its name and spec; hyperparameters are
// validated (unknown names with suggestions, ranges, integers) and
// defaults filled in.
func New(name string, spec Spec) (Forecaster, error) {
	e, err := Lookup(name)
	if err != nil {
		return nil, err
	}
	// Reuse the system registry's parameter validation.
	se := system.Entry{Info: system.Info{Name: e.Info.Name, Params: e.Info.Hyper}}
	hp, err := se.Resolve(system.Params(spec.Hyper))
	if err != nil {
		return nil, fmt.Errorf("%s", strings.ReplaceAll(err.Error(), "parameter", "hyperparameter"))
	}
	return e.Build(hp, spec.Seed)
}
