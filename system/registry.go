package system

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Category groups catalogue systems by kind.
type Category string

// The categories of the catalogue.
const (
	CatFlow       Category = "flow"
	CatMap        Category = "map"
	CatDelay      Category = "delay"
	CatPDE        Category = "pde"
	CatLattice    Category = "lattice"
	CatStatPhys   Category = "statphys"
	CatMarket     Category = "market"
	CatTraffic    Category = "traffic"
	CatBiology    Category = "biology"
	CatEpidemic   Category = "epidemic"
	CatStochastic Category = "stochastic"
)

// Param describes one parameter of a catalogue system.
type Param struct {
	Name    string  `json:"name"`
	Default float64 `json:"default"`
	// Min and Max bound the accepted values (inclusive). Both zero means
	// unbounded.
	Min     float64 `json:"min,omitempty"`
	Max     float64 `json:"max,omitempty"`
	Integer bool    `json:"integer,omitempty"`
	Doc     string  `json:"doc,omitempty"`
}

// Invariant is a reference value of a dynamical invariant with its source.
type Invariant struct {
	Name   string    `json:"name"` // e.g. "lyapunov_spectrum", "max_lyapunov", "kaplan_yorke", "correlation_dimension"
	Values []float64 `json:"values"`
	Source string    `json:"source"`
}

// Info is the metadata of a catalogue system.
type Info struct {
	Name        string    `json:"name"`
	Category    Category  `json:"category"`
	Dim         int       `json:"dim"` // observation dimension at default parameters
	Params      []Param   `json:"params"`
	IC          []float64 `json:"initial_condition,omitempty"`
	DT          float64   `json:"dt"`               // suggested sampling interval
	Period      float64   `json:"period,omitempty"` // dominant period in time units, when known
	Citation    string    `json:"citation"`
	Description string    `json:"description"`
	// Observables names the components of the observation vector when
	// they are not plain state variables.
	Observables []string    `json:"observables,omitempty"`
	Invariants  []Invariant `json:"invariants,omitempty"`
	Stochastic  bool        `json:"stochastic,omitempty"`
	Discrete    bool        `json:"discrete,omitempty"`
	Jacobian    bool        `json:"jacobian,omitempty"` // an analytic Jacobian is provided
	Aliases     []string    `json:"aliases,omitempty"`
}

// Param returns the named parameter's description.
func (in *Info) Param(name string) (Param, bool) {
	// An exact match wins (dysts' CellCycle has both Kd1 and kd1).
	for _, p := range in.Params {
		if p.Name == name {
			return p, true
		}
	}
	for _, p := range in.Params {
		if strings.EqualFold(p.Name, name) {
			return p, true
		}
	}
	return Param{}, false
}

// Invariant returns the first reference invariant of that name.
func (in *Info) Invariant(name string) (Invariant, bool) {
	for _, v := range in.Invariants {
		if v.Name == name {
			return v, true
		}
	}
	return Invariant{}, false
}

// Params holds parameter values by name.
type Params map[string]float64

// Config is what a catalogue constructor receives: complete parameters
// (defaults filled in and validated), a seed, an optional sampling interval
// and initial condition.
type Config struct {
	Params Params
	Seed   uint64
	// DT overrides the sampling interval (0: Info.DT).
	DT float64
	// IC overrides the initial condition (nil: Info.IC, or a seeded
	// random one for models without a fixed one).
	IC []float64
	// Method selects the integrator of flows: "dopri5" (default) or "rk4".
	Method string
	// Tol is the relative and absolute tolerance of adaptive integrators
	// (0: 1e-9).
	Tol float64
}

// Entry is a catalogue entry: metadata and a constructor.
type Entry struct {
	Info Info
	// Build constructs the system from a validated Config. It returns an
	// error for parameter combinations it cannot accept.
	Build func(c Config) (System, error)
}

var (
	regMu    sync.RWMutex
	registry = map[string]*Entry{}
	aliases  = map[string]string{}
)

func key(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

// Register adds an entry to the catalogue. It panics on a duplicate name,
// which is a programming error.
func Register(e Entry) {
	if e.Info.Name == "" || e.Build == nil {
		panic("system: Register needs a name and a Build function")
	}
	regMu.Lock()
	defer regMu.Unlock()
	k := key(e.Info.Name)
	if _, dup := registry[k]; dup {
		panic("system: duplicate registration of " + e.Info.Name)
	}
	if _, dup := aliases[k]; dup {
		panic("system: name " + e.Info.Name + " is already an alias")
	}
	ec := e
	registry[k] = &ec
	for _, a := range e.Info.Aliases {
		aliases[key(a)] = k
	}
}

// Lookup finds a catalogue entry by case-insensitive name or alias. An
// unknown name gives an error that suggests close names.
func Lookup(name string) (*Entry, error) {
	regMu.RLock()
	defer regMu.RUnlock()
	k := key(name)
	if e, ok := registry[k]; ok {
		return e, nil
	}
	if a, ok := aliases[k]; ok {
		return registry[a], nil
	}
	names := make([]string, 0, len(registry))
	for _, e := range registry {
		names = append(names, e.Info.Name)
	}
	sugg := Suggest(name, names, 3)
	msg := fmt.Sprintf("unknown system %q", name)
	if len(sugg) > 0 {
		msg += "; did you mean " + strings.Join(quoteAll(sugg), ", ") + "?"
	} else {
		msg += "; 'emergo systems list' shows the catalogue"
	}
	return nil, &UnknownError{Name: name, Suggestions: sugg, msg: msg}
}

// UnknownError reports an unknown catalogue name.
type UnknownError struct {
	Name        string
	Suggestions []string
	msg         string
}

func (e *UnknownError) Error() string { return e.msg }

func quoteAll(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = strconv.Quote(v)
	}
	return out
}

// List returns the catalogue's metadata sorted by name, restricted to a
// category when cat is not empty.
func List(cat Category) []Info {
	regMu.RLock()
	defer regMu.RUnlock()
	var out []Info
	for _, e := range registry {
		if cat == "" || strings.EqualFold(string(e.Info.Category), string(cat)) {
			out = append(out, e.Info)
		}
	}
	sort.Slice(out, func(i, j int) bool { return strings.ToLower(out[i].Name) < strings.ToLower(out[j].Name) })
	return out
}

// Categories lists the categories present in the catalogue.
func Categories() []Category {
	seen := map[Category]bool{}
	for _, in := range List("") {
		seen[in.Category] = true
	}
	out := make([]Category, 0, len(seen))
	for c := range seen {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// Resolve validates user parameters against the entry's metadata and fills
// in the defaults. Unknown names (with suggestions), non-integer values for
// integer parameters, non-finite and out-of-range values are errors.
func (e *Entry) Resolve(user Params) (Params, error) {
	out := make(Params, len(e.Info.Params))
	for _, p := range e.Info.Params {
		out[p.Name] = p.Default
	}
	names := make([]string, len(e.Info.Params))
	for i, p := range e.Info.Params {
		names[i] = p.Name
	}
	// Iterate user params in sorted order so errors are deterministic.
	uk := make([]string, 0, len(user))
	for k := range user {
		uk = append(uk, k)
	}
	sort.Strings(uk)
	for _, k := range uk {
		v := user[k]
		p, ok := e.Info.Param(k)
		if !ok {
			msg := fmt.Sprintf("%s has no parameter %q", e.Info.Name, k)
			if s := Suggest(k, names, 2); len(s) > 0 {
				msg += "; did you mean " + strings.Join(quoteAll(s), ", ") + "?"
			}
			if len(names) > 0 {
				msg += " (parameters: " + strings.Join(names, ", ") + ")"
			} else {
				msg += " (it takes no parameters)"
			}
			return nil, fmt.Errorf("%s", msg)
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("%s: parameter %s=%v is not a finite number", e.Info.Name, p.Name, v)
		}
		if p.Integer && v != math.Trunc(v) {
			return nil, fmt.Errorf("%s: parameter %s must be an integer, got %v", e.Info.Name, p.Name, v)
		}
		if (p.Min != 0 || p.Max != 0) && (v < p.Min || v > p.Max) {
			return nil, fmt.Errorf("%s: parameter %s=%v is out of range [%v, %v]", e.Info.Name, p.Name, v, p.Min, p.Max)
		}
		out[p.Name] = v
	}
	return out, nil
}

// New builds the named catalogue system with the given parameters (nil for
// defaults) and seed.
func New(name string, user Params, seed uint64) (System, error) {
	return NewConfig(name, Config{Params: user, Seed: seed})
}

// NewConfig builds the named catalogue system from a Config whose Params
// are user overrides.
func NewConfig(name string, c Config) (System, error) {
	e, err := Lookup(name)
	if err != nil {
		return nil, err
	}
	return e.New(c)
}

// New validates c.Params and builds the system.
func (e *Entry) New(c Config) (System, error) {
	p, err := e.Resolve(c.Params)
	if err != nil {
		return nil, err
	}
	c.Params = p
	if c.DT < 0 || math.IsNaN(c.DT) || math.IsInf(c.DT, 0) {
		return nil, fmt.Errorf("%s: sampling dt must be positive and finite, got %v", e.Info.Name, c.DT)
	}
	if c.Tol < 0 || math.IsNaN(c.Tol) {
		return nil, fmt.Errorf("%s: tolerance must be positive, got %v", e.Info.Name, c.Tol)
	}
	for i, v := range c.IC {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("%s: initial condition component %d is not finite (%v)", e.Info.Name, i, v)
		}
	}
	return e.Build(c)
}

// ParseParams parses "k=v" strings into Params, as the CLI's --param flag
// gives them. Several pairs may be joined by commas.
func ParseParams(kv []string) (Params, error) {
	p := Params{}
	for _, s := range kv {
		for _, part := range strings.Split(s, ",") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			k, v, ok := strings.Cut(part, "=")
			k = strings.TrimSpace(k)
			if !ok || k == "" {
				return nil, fmt.Errorf("parameter %q is not of the form name=value", part)
			}
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil {
				return nil, fmt.Errorf("parameter %s: %q is not a number", k, strings.TrimSpace(v))
			}
			if _, dup := p[k]; dup {
				return nil, fmt.Errorf("parameter %s given twice", k)
			}
			p[k] = f
		}
	}
	return p, nil
}

// Suggest returns up to max candidates closest to name by edit distance
// (case-insensitive), among those within a distance that scales with the
// name's length, or that contain it as a prefix.
func Suggest(name string, candidates []string, max int) []string {
	type sc struct {
		s string
		d int
	}
	n := key(name)
	var list []sc
	limit := len(n)/3 + 1
	for _, c := range candidates {
		ck := key(c)
		d := levenshtein(n, ck)
		if strings.HasPrefix(ck, n) && len(n) >= 3 {
			d = min(d, 1)
		}
		if d <= limit {
			list = append(list, sc{c, d})
		}
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].d != list[j].d {
			return list[i].d < list[j].d
		}
		return list[i].s < list[j].s
	})
	out := []string{}
	for i := 0; i < len(list) && i < max; i++ {
		out = append(out, list[i].s)
	}
	return out
}

func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
