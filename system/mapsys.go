package system

import "fmt"

// MapFunc evaluates a map x' = f(x, t) into dst.
type MapFunc func(dst, x []float64, t float64)

// JacFunc evaluates a Jacobian row-major into dst (n×n).
type JacFunc func(dst, x []float64, t float64)

// Map is a discrete-time system x_{k+1} = f(x_k, k). It implements
// System, Setter, TimeSetter, Resetter, Field, Jacobianer and Discrete.
type Map struct {
	name string
	f    MapFunc
	jac  JacFunc
	x0   []float64
	x    []float64
	tmp  []float64
	fd   *FiniteDiff
	t    float64
	// Wrap, when not nil, is applied to the state after each iteration
	// (e.g. reduction modulo 2π for the standard map).
	Wrap func(x []float64)
}

// NewMap returns a map system with initial condition x0 (copied). jac may
// be nil, in which case Jacobian uses central finite differences.
func NewMap(name string, f MapFunc, jac JacFunc, x0 []float64) *Map {
	if len(x0) == 0 {
		panic("system: NewMap needs a non-empty initial condition")
	}
	n := len(x0)
	m := &Map{name: name, f: f, jac: jac, x0: append([]float64(nil), x0...),
		x: append([]float64(nil), x0...), tmp: make([]float64, n)}
	if jac == nil {
		m.fd = NewFiniteDiff(n, func(dst, x []float64, t float64) { f(dst, x, t) })
	}
	return m
}

// Name returns the map's name.
func (m *Map) Name() string           { return m.name }
func (m *Map) Dim() int               { return len(m.x) }
func (m *Map) Time() float64          { return m.t }
func (m *Map) IsDiscrete() bool       { return true }
func (m *Map) SetTime(t float64)      { m.t = t }
func (m *Map) AnalyticJacobian() bool { return m.jac != nil }

func (m *Map) State(dst []float64) []float64 {
	if len(dst) < len(m.x) {
		dst = make([]float64, len(m.x))
	}
	copy(dst, m.x)
	return dst[:len(m.x)]
}

func (m *Map) SetState(x []float64) {
	if len(x) != len(m.x) {
		panic(fmt.Sprintf("system: %s SetState with %d values, want %d", m.name, len(x), len(m.x)))
	}
	copy(m.x, x)
}

func (m *Map) Reset() {
	copy(m.x, m.x0)
	m.t = 0
}

func (m *Map) Step() error {
	m.f(m.tmp, m.x, m.t)
	if m.Wrap != nil {
		m.Wrap(m.tmp)
	}
	m.x, m.tmp = m.tmp, m.x
	m.t++
	for _, v := range m.x {
		if v-v != 0 { // NaN or Inf
			return CheckFinite(m.name, m.t, m.x)
		}
	}
	return nil
}

func (m *Map) Eval(dst, x []float64, t float64) { m.f(dst, x, t) }

func (m *Map) Jacobian(dst, x []float64, t float64) {
	if m.jac != nil {
		m.jac(dst, x, t)
		return
	}
	m.fd.Jacobian(dst, x, t)
}

// FiniteDiff computes Jacobians of a function R^n → R^n by central
// differences with steps h_j = 1e-6·max(1, |x_j|), without allocating.
type FiniteDiff struct {
	f          func(dst, x []float64, t float64)
	xp, fp, fm []float64
}

// NewFiniteDiff returns a finite-difference Jacobian evaluator for f.
func NewFiniteDiff(n int, f func(dst, x []float64, t float64)) *FiniteDiff {
	return &FiniteDiff{f: f, xp: make([]float64, n), fp: make([]float64, n), fm: make([]float64, n)}
}

// Jacobian writes ∂f_i/∂x_j into dst[i*n+j].
func (d *FiniteDiff) Jacobian(dst, x []float64, t float64) {
	n := len(x)
	copy(d.xp, x)
	for j := 0; j < n; j++ {
		h := 1e-6 * max(1, abs(x[j]))
		d.xp[j] = x[j] + h
		d.f(d.fp, d.xp, t)
		d.xp[j] = x[j] - h
		d.f(d.fm, d.xp, t)
		d.xp[j] = x[j]
		for i := 0; i < n; i++ {
			dst[i*n+j] = (d.fp[i] - d.fm[i]) / (2 * h)
		}
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
