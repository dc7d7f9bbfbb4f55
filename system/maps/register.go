package maps

import (
	"fmt"

	"github.com/emergo/emergo/system"
	"github.com/emergo/emergo/system/dysts"
)

// param documents one parameter of a table entry. Its default comes from
// dysts' metadata, except for extra parameters that dysts does not have,
// which give their own default in def. Min and Max both zero leave the
// parameter unbounded; bounds are given only where the rule needs them.
type param struct {
	name     string
	doc      string
	min, max float64
	integer  bool
	extra    bool    // not a dysts parameter
	def      float64 // default of an extra parameter
}

// ruleFunc builds the map and its analytic Jacobian from complete
// parameters. The returned functions must not allocate.
type ruleFunc func(p system.Params) (system.MapFunc, system.JacFunc)

// spec is one catalogue map: dysts supplies the parameter defaults, the
// initial condition and (when it has one) the citation; the entry
// supplies the rule, its Jacobian and the description.
type spec struct {
	name        string // the catalogue name, also dysts' name
	params      []param
	rule        ruleFunc
	citation    string // full reference (default: dysts')
	description string

	// Optional.
	wrap        func(p system.Params) func(x []float64) // reduction applied after each iteration
	observables []string
	aliases     []string
	invariants  []system.Invariant
}

func (s *spec) info(e *dysts.Entry) system.Info {
	if s.rule == nil || s.description == "" {
		panic("maps: " + s.name + " needs a rule and a description")
	}
	seen := map[string]bool{}
	params := make([]system.Param, 0, len(s.params))
	for _, q := range s.params {
		def := q.def
		if !q.extra {
			v, ok := e.Param(q.name)
			if !ok {
				panic(fmt.Sprintf("maps: %s: dysts has no scalar parameter %q", s.name, q.name))
			}
			def = v
		}
		seen[q.name] = true
		params = append(params, system.Param{Name: q.name, Default: def, Min: q.min, Max: q.max, Integer: q.integer, Doc: q.doc})
	}
	for _, k := range e.ParamNames() {
		if !seen[k] {
			panic(fmt.Sprintf("maps: %s: dysts parameter %q has no table entry", s.name, k))
		}
	}
	citation := s.citation
	if citation == "" {
		citation = e.Citation
	}
	if len(citation) < 2 { // dysts has "" or "." for some maps
		panic("maps: " + s.name + " needs a citation")
	}
	return system.Info{
		Name:        s.name,
		Category:    system.CatMap,
		Dim:         len(e.InitialConditions),
		Params:      params,
		IC:          append([]float64(nil), e.InitialConditions...),
		DT:          1,
		Citation:    citation,
		Description: s.description,
		Observables: s.observables,
		Invariants:  s.invariants,
		Discrete:    true,
		Jacobian:    true,
		Aliases:     s.aliases,
	}
}

// register adds s to the catalogue.
func register(s spec) {
	e := dysts.MustGetMap(s.name)
	in := s.info(e)
	system.Register(system.Entry{Info: in, Build: func(c system.Config) (system.System, error) {
		return s.build(c, in)
	}})
}

// build constructs the map from a validated Config.
func (s *spec) build(c system.Config, in system.Info) (system.System, error) {
	if c.DT != 0 && c.DT != 1 {
		return nil, fmt.Errorf("%s: a map advances one iteration per step; dt must be 1, got %v", s.name, c.DT)
	}
	ic := c.IC
	if ic == nil {
		ic = in.IC
	}
	if len(ic) != in.Dim {
		return nil, fmt.Errorf("%s: initial condition has %d values, want %d", s.name, len(ic), in.Dim)
	}
	f, jac := s.rule(c.Params)
	m := system.NewMap(s.name, f, jac, ic)
	if s.wrap != nil {
		m.Wrap = s.wrap(c.Params)
	}
	return m, nil
}
