package flows

import (
	"fmt"
	"math"
	"strconv"

	"github.com/emergo/emergo/system"
	"github.com/emergo/emergo/system/dysts"
	"github.com/emergo/emergo/system/ode"
)

// dystsSource labels the numerical estimates shipped with dysts.
const dystsSource = "dysts metadata estimate (Gilpin 2021)"

// param documents one parameter of a table entry. Its default comes from
// dysts' metadata, except for extra parameters that dysts does not have,
// which give their own default in def. Min and Max both zero leave the
// parameter unbounded; bounds are given only where the equations need
// them (a divisor, a dimension).
type param struct {
	name     string
	doc      string
	min, max float64
	integer  bool
	extra    bool    // not a dysts parameter
	def      float64 // default of an extra parameter
}

// fieldFunc builds the vector field and its analytic Jacobian from
// complete parameters and the dimension n. The returned functions must
// not allocate.
type fieldFunc func(p system.Params, n int) (ode.Func, system.JacFunc)

// spec is one catalogue flow: dysts supplies the parameter defaults, the
// initial condition, the period, the citation and the description; the
// entry supplies the equations and whatever dysts lacks.
type spec struct {
	name   string // the catalogue name, also dysts' name
	params []param
	field  fieldFunc

	// Optional.
	check       func(p system.Params) error                               // rejects parameter combinations
	dim         func(p system.Params) int                                 // dimension (default: dysts' IC length)
	ic          func(p system.Params, n int, dystsIC []float64) []float64 // default IC (default: dysts')
	dt          float64                                                   // suggested sampling interval (default: period/100, 3 significant digits)
	citation    string                                                    // full reference (default: dysts')
	description string                                                    // appended to dysts' description
	observables []string
	aliases     []string
	phases      []int              // indices of 2π-periodic phase variables, wrapped after each sample
	invariants  []system.Invariant // literature values
	// arrays names dysts parameters whose values are arrays (weight
	// matrices, per-species rates). They are fixed at dysts' values, not
	// user parameters; the field reads them with dystsVector/dystsMatrix.
	arrays []string
	// noDystsEstimates, when not empty, says why dysts' estimated
	// invariants do not apply to these equations; they are then left out.
	noDystsEstimates string
}

// round3 rounds v to three significant digits.
func round3(v float64) float64 {
	r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 3, 64), 64)
	if err != nil {
		panic(err)
	}
	return r
}

// dystsInvariants turns dysts' estimates into labelled invariants.
func dystsInvariants(e *dysts.Entry) []system.Invariant {
	var out []system.Invariant
	if len(e.LyapunovSpectrum) > 0 {
		out = append(out, system.Invariant{Name: "lyapunov_spectrum", Values: append([]float64(nil), e.LyapunovSpectrum...), Source: dystsSource})
	}
	if e.MaxLyapunov != 0 {
		out = append(out, system.Invariant{Name: "max_lyapunov", Values: []float64{e.MaxLyapunov}, Source: dystsSource})
	}
	if e.KaplanYorke != 0 {
		out = append(out, system.Invariant{Name: "kaplan_yorke", Values: []float64{e.KaplanYorke}, Source: dystsSource})
	}
	if e.CorrelationDimension != 0 {
		out = append(out, system.Invariant{Name: "correlation_dimension", Values: []float64{e.CorrelationDimension}, Source: dystsSource})
	}
	return out
}

// info assembles the catalogue metadata of s from dysts' entry e. It
// panics on an inconsistent table entry, which is a programming error.
func (s *spec) info(e *dysts.Entry) system.Info {
	if s.field == nil {
		panic("flows: " + s.name + " has no field")
	}
	seen := map[string]bool{}
	params := make([]system.Param, 0, len(s.params))
	for _, q := range s.params {
		def := q.def
		if !q.extra {
			v, ok := e.Param(q.name)
			if !ok {
				panic(fmt.Sprintf("flows: %s: dysts has no scalar parameter %q", s.name, q.name))
			}
			def = v
		}
		seen[q.name] = true
		params = append(params, system.Param{Name: q.name, Default: def, Min: q.min, Max: q.max, Integer: q.integer, Doc: q.doc})
	}
	for _, k := range s.arrays {
		if _, ok := e.Parameters[k]; !ok {
			panic(fmt.Sprintf("flows: %s: dysts has no array parameter %q", s.name, k))
		}
		seen[k] = true
	}
	for _, k := range e.ParamNames() {
		if !seen[k] {
			panic(fmt.Sprintf("flows: %s: dysts parameter %q has no table entry", s.name, k))
		}
	}
	def := system.Params{}
	for _, p := range params {
		def[p.Name] = p.Default
	}
	n := len(e.InitialConditions)
	if s.dim != nil {
		n = s.dim(def)
	}
	dt := s.dt
	if dt == 0 {
		if !(e.Period > 0) {
			panic("flows: " + s.name + ": dysts gives no period; the entry needs a dt")
		}
		dt = round3(e.Period / 100)
	}
	citation := s.citation
	if citation == "" {
		citation = e.Citation
	}
	desc := e.Description
	if s.description != "" {
		desc += " " + s.description
	}
	var inv []system.Invariant
	if s.noDystsEstimates == "" {
		inv = dystsInvariants(e)
	}
	inv = append(inv, s.invariants...)
	return system.Info{
		Name:        s.name,
		Category:    system.CatFlow,
		Dim:         n,
		Params:      params,
		IC:          s.defaultIC(def, n, e.InitialConditions),
		DT:          dt,
		Period:      e.Period,
		Citation:    citation,
		Description: desc,
		Observables: s.observables,
		Invariants:  inv,
		Jacobian:    true,
		Aliases:     s.aliases,
	}
}

func (s *spec) defaultIC(p system.Params, n int, dystsIC []float64) []float64 {
	if s.ic != nil {
		return s.ic(p, n, dystsIC)
	}
	return append([]float64(nil), dystsIC...)
}

// register adds s to the catalogue.
func register(s spec) {
	e := dysts.MustGet(s.name)
	in := s.info(e)
	system.Register(system.Entry{Info: in, Build: func(c system.Config) (system.System, error) {
		return s.build(c, in, e.InitialConditions)
	}})
}

// build constructs the flow from a validated Config.
func (s *spec) build(c system.Config, in system.Info, dystsIC []float64) (system.System, error) {
	p := c.Params
	if s.check != nil {
		if err := s.check(p); err != nil {
			return nil, err
		}
	}
	n := len(dystsIC)
	if s.dim != nil {
		n = s.dim(p)
	}
	ic := c.IC
	if ic == nil {
		ic = s.defaultIC(p, n, dystsIC)
	}
	if len(ic) != n {
		return nil, fmt.Errorf("%s: initial condition has %d values, want %d", s.name, len(ic), n)
	}
	dt := c.DT
	if dt == 0 {
		dt = in.DT
	}
	f, jac := s.field(p, n)
	fl, err := ode.NewFlow(s.name, f, jac, ic, dt, &ode.Options{Method: c.Method, RTol: c.Tol, ATol: c.Tol})
	if err != nil {
		return nil, err
	}
	if len(s.phases) > 0 {
		return newPhased(fl, s.phases), nil
	}
	return fl, nil
}

// phased is a flow whose phase variables enter the field only through
// 2π-periodic functions. After each sample it reduces them into [0, 2π)
// and restarts the integrator from the reduced state at the same time,
// which leaves the trajectory of the other variables unchanged up to the
// integration tolerance. All other methods are the flow's.
type phased struct {
	*ode.Flow
	idx []int
	buf []float64
}

func newPhased(fl *ode.Flow, idx []int) *phased {
	return &phased{Flow: fl, idx: idx, buf: make([]float64, fl.Dim())}
}

// Step integrates over one sampling interval and wraps the phases.
func (p *phased) Step() error {
	if err := p.Flow.Step(); err != nil {
		return err
	}
	x := p.Flow.State(p.buf)
	wrapped := false
	for _, i := range p.idx {
		if v := x[i]; v < 0 || v >= 2*math.Pi {
			x[i] = wrap2Pi(v)
			wrapped = true
		}
	}
	if wrapped {
		p.Flow.SetState(x)
	}
	return nil
}

// wrap2Pi reduces v into [0, 2π).
func wrap2Pi(v float64) float64 {
	r := math.Mod(v, 2*math.Pi)
	if r < 0 {
		r += 2 * math.Pi
	}
	if r >= 2*math.Pi { // r was a tiny negative number
		r = 0
	}
	return r
}

// dystsVector returns dysts' array-valued parameter of a flow as a vector.
// It panics when the parameter is absent or not a flat numeric array, which
// is a programming error in a table entry.
func dystsVector(system, name string) []float64 {
	v, ok := dysts.MustGet(system).Parameters[name].([]any)
	if !ok {
		panic(fmt.Sprintf("flows: %s: dysts parameter %q is not an array", system, name))
	}
	out := make([]float64, len(v))
	for i, x := range v {
		f, ok := x.(float64)
		if !ok {
			panic(fmt.Sprintf("flows: %s: dysts parameter %q[%d] is not a number", system, name, i))
		}
		out[i] = f
	}
	return out
}

// dystsMatrix returns dysts' matrix-valued parameter of a flow row-major,
// with its number of columns.
func dystsMatrix(system, name string) ([]float64, int) {
	rows, ok := dysts.MustGet(system).Parameters[name].([]any)
	if !ok || len(rows) == 0 {
		panic(fmt.Sprintf("flows: %s: dysts parameter %q is not a matrix", system, name))
	}
	var out []float64
	cols := -1
	for i, r := range rows {
		row, ok := r.([]any)
		if !ok || (cols >= 0 && len(row) != cols) {
			panic(fmt.Sprintf("flows: %s: dysts parameter %q row %d is not a row of the matrix", system, name, i))
		}
		cols = len(row)
		for j, x := range row {
			f, ok := x.(float64)
			if !ok {
				panic(fmt.Sprintf("flows: %s: dysts parameter %q[%d][%d] is not a number", system, name, i, j))
			}
			out = append(out, f)
		}
	}
	return out, cols
}
