package reservoir

import (
	"fmt"
	"math"

	"github.com/emergo/emergo/system"
)

// Driven is a frozen copy of a reservoir driven by a fixed input
// sequence, as a non-autonomous map on the reservoir state:
//
//	r(t+1) = F(r(t), u(t mod rows)),
//
// so chaos.LyapunovSpectrum measures the conditional Lyapunov exponents
// of the driven reservoir (the quantity the homeostasis regulates; the
// echo state property holds when the largest is negative). It
// implements system.Field and system.Jacobianer (analytic, the J of
// Reservoir), system.Discrete, system.Setter and system.Resetter. The
// input sequence wraps around after its last row.
type Driven struct {
	k      *core
	u      []float64
	rows   int
	r, r0  []float64
	x, y   []float64
	t      float64
	tmp    []float64
	inputs int
}

// Driven returns a frozen copy of the reservoir (its current gain and
// intrinsic parameters) driven by u (rows of InputDim values, row-major,
// copied), started from the reservoir's current state at time 0. Empty,
// ragged or non-finite inputs are errors.
func (res *Reservoir) Driven(u []float64) (*Driven, error) {
	d := res.k.d
	if len(u) == 0 || len(u)%d != 0 {
		return nil, fmt.Errorf("reservoir: Driven: %d input values do not form rows of %d", len(u), d)
	}
	for i, v := range u {
		if !finite(v) {
			return nil, fmt.Errorf("reservoir: Driven: input at row %d, column %d is %v", i/d, i%d, v)
		}
	}
	return newDriven(res.k.clone(), u, res.r), nil
}

func newDriven(k *core, u, r []float64) *Driven {
	n := k.n
	return &Driven{k: k, u: append([]float64(nil), u...), rows: len(u) / k.d,
		r: append([]float64(nil), r...), r0: append([]float64(nil), r...),
		x: make([]float64, n), y: make([]float64, n), tmp: make([]float64, n), inputs: k.d}
}

// Name returns "reservoir/driven".
func (s *Driven) Name() string { return "reservoir/driven" }

// Dim is the number of neurons.
func (s *Driven) Dim() int { return s.k.n }

// Time is the number of steps taken.
func (s *Driven) Time() float64 { return s.t }

// IsDiscrete returns true.
func (s *Driven) IsDiscrete() bool { return true }

// Reset restores the initial state and time 0.
func (s *Driven) Reset() { copy(s.r, s.r0); s.t = 0 }

// State writes the reservoir state into dst.
func (s *Driven) State(dst []float64) []float64 {
	n := s.k.n
	if len(dst) < n {
		dst = make([]float64, n)
	}
	copy(dst, s.r)
	return dst[:n]
}

// SetState overwrites the reservoir state; it panics on a wrong length.
func (s *Driven) SetState(x []float64) {
	if len(x) != s.k.n {
		panic(fmt.Sprintf("reservoir: %s SetState with %d values, want %d", s.Name(), len(x), s.k.n))
	}
	copy(s.r, x)
}

// input returns the input row of time t.
func (s *Driven) input(t float64) []float64 {
	i := int(math.Mod(math.Floor(t), float64(s.rows)))
	if i < 0 {
		i += s.rows
	}
	return s.u[i*s.inputs : (i+1)*s.inputs]
}

// Eval writes F(r, u(t)) into dst (dst may alias r).
func (s *Driven) Eval(dst, r []float64, t float64) {
	k := s.k
	k.net(s.x, r, s.input(t))
	k.activate(s.y, s.x)
	if &dst[0] != &r[0] {
		copy(dst, r)
	}
	k.leakInto(dst[:k.n], s.y)
}

// Jacobian writes ∂F_i/∂r_j at (r, t), row-major N×N.
func (s *Driven) Jacobian(dst, r []float64, t float64) {
	k := s.k
	k.net(s.x, r, s.input(t))
	k.activate(s.y, s.x)
	k.jacobianDriven(dst, s.y)
}

// Step advances the state by one input row.
func (s *Driven) Step() error {
	s.Eval(s.tmp, s.r, s.t)
	s.r, s.tmp = s.tmp, s.r
	s.t++
	return system.CheckFinite(s.Name(), s.t, s.r)
}
