package system

import "fmt"

// MapTangent iterates a map together with k deviation vectors of its
// linearisation, Q_{n+1} = J(x_n) Q_n (Benettin et al. 1980), for
// Lyapunov analysis of discrete systems. It is itself a System whose
// observation is x; Deviations and SetDeviations read and write Q
// (row-major n×k).
type MapTangent struct {
	name   string
	f      func(dst, x []float64, t float64)
	jac    func(dst, x []float64, t float64)
	n, k   int
	x, xn  []float64
	q, qn  []float64
	J      []float64
	x0, q0 []float64
	t, t0  float64
	wrap   func([]float64)
}

// NewMapTangent builds a tangent iterator for a discrete system that
// implements Field and Jacobianer (a *Map does, with finite differences
// when it has no analytic Jacobian), starting from its current state.
func NewMapTangent(sys System, k int) (*MapTangent, error) {
	if !IsDiscrete(sys) {
		return nil, fmt.Errorf("tangent: %T is not a discrete map", sys)
	}
	fd, ok := sys.(Field)
	if !ok {
		return nil, fmt.Errorf("tangent: %T has no map rule (system.Field)", sys)
	}
	n := sys.Dim()
	if k < 1 || k > n {
		return nil, fmt.Errorf("tangent: number of deviation vectors k=%d must be in [1, %d]", k, n)
	}
	mt := &MapTangent{name: fmt.Sprintf("%T", sys), f: fd.Eval, n: n, k: k,
		x: sys.State(nil), xn: make([]float64, n), q: make([]float64, n*k), qn: make([]float64, n*k),
		J: make([]float64, n*n), t: sys.Time()}
	if nm, ok := sys.(interface{ Name() string }); ok {
		mt.name = nm.Name()
	}
	if m, ok := sys.(*Map); ok {
		mt.wrap = m.Wrap
	}
	if j, ok := sys.(Jacobianer); ok {
		mt.jac = j.Jacobian
	} else {
		mt.jac = NewFiniteDiff(n, fd.Eval).Jacobian
	}
	for i := 0; i < k; i++ {
		mt.q[i*k+i] = 1
	}
	mt.x0, mt.q0, mt.t0 = append([]float64(nil), mt.x...), append([]float64(nil), mt.q...), mt.t
	return mt, nil
}

func (mt *MapTangent) Name() string     { return mt.name + "/tangent" }
func (mt *MapTangent) Dim() int         { return mt.n }
func (mt *MapTangent) K() int           { return mt.k }
func (mt *MapTangent) Time() float64    { return mt.t }
func (mt *MapTangent) IsDiscrete() bool { return true }

func (mt *MapTangent) State(dst []float64) []float64 {
	if len(dst) < mt.n {
		dst = make([]float64, mt.n)
	}
	copy(dst, mt.x)
	return dst[:mt.n]
}

// Deviations copies Q into dst.
func (mt *MapTangent) Deviations(dst []float64) []float64 {
	if len(dst) < len(mt.q) {
		dst = make([]float64, len(mt.q))
	}
	copy(dst, mt.q)
	return dst[:len(mt.q)]
}

// SetDeviations overwrites Q.
func (mt *MapTangent) SetDeviations(q []float64) {
	if len(q) != len(mt.q) {
		panic(fmt.Sprintf("system: SetDeviations with %d values, want %d", len(q), len(mt.q)))
	}
	copy(mt.q, q)
}

// SetState overwrites x.
func (mt *MapTangent) SetState(x []float64) {
	if len(x) != mt.n {
		panic(fmt.Sprintf("system: SetState with %d values, want %d", len(x), mt.n))
	}
	copy(mt.x, x)
}

// Reset restores the starting state, Q0 and time.
func (mt *MapTangent) Reset() {
	copy(mt.x, mt.x0)
	copy(mt.q, mt.q0)
	mt.t = mt.t0
}

// Step iterates x and Q once. The Jacobian is taken at x before the
// update (and before any wrapping of angles, which does not change it).
func (mt *MapTangent) Step() error {
	n, k := mt.n, mt.k
	mt.jac(mt.J, mt.x, mt.t)
	mt.f(mt.xn, mt.x, mt.t)
	if mt.wrap != nil {
		mt.wrap(mt.xn)
	}
	for i := 0; i < n; i++ {
		row := mt.J[i*n : (i+1)*n]
		for c := 0; c < k; c++ {
			var s float64
			for j := 0; j < n; j++ {
				s += row[j] * mt.q[j*k+c]
			}
			mt.qn[i*k+c] = s
		}
	}
	mt.x, mt.xn = mt.xn, mt.x
	mt.q, mt.qn = mt.qn, mt.q
	mt.t++
	return CheckFinite(mt.name, mt.t, mt.x)
}
