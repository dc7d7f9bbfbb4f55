package ode

import (
	"errors"
	"fmt"
	"math"
)

// Func is a vector field: dst = f(x, t).
type Func func(dst, x []float64, t float64)

// Solver advances an initial value problem to requested output times.
type Solver interface {
	// Reset restarts the solver at state x (copied) and time t.
	Reset(x []float64, t float64)
	// AdvanceTo integrates forward to time t ≥ the last output time and
	// writes the state at t into dst.
	AdvanceTo(dst []float64, t float64) error
	// Steps reports the number of internal steps taken (accepted and
	// rejected) since the last Reset.
	Steps() (accepted, rejected int)
}

// ErrStepSize is wrapped by errors of an adaptive solver whose step size
// underflowed, which signals a singularity or a diverging solution.
var ErrStepSize = errors.New("step size underflow")

// RK4 is the classical fourth-order Runge-Kutta method with a fixed step H.
// Output times that are not multiples of H are reached by a shortened last
// step.
type RK4 struct {
	F Func
	H float64

	n                 int
	x, k1, k2, k3, k4 []float64
	tmp               []float64
	t                 float64
	accepted          int
}

// NewRK4 returns an RK4 solver for f with dimension n and step h.
func NewRK4(f Func, n int, h float64) *RK4 {
	if h <= 0 || math.IsNaN(h) {
		panic("ode: RK4 step must be positive")
	}
	return &RK4{F: f, H: h, n: n, x: make([]float64, n), k1: make([]float64, n),
		k2: make([]float64, n), k3: make([]float64, n), k4: make([]float64, n), tmp: make([]float64, n)}
}

func (s *RK4) Reset(x []float64, t float64) {
	copy(s.x, x)
	s.t = t
	s.accepted = 0
}

func (s *RK4) Steps() (int, int) { return s.accepted, 0 }

// Step takes one RK4 step of size h from (x, t) in place.
func (s *RK4) step(h float64) {
	n := s.n
	x, tmp := s.x, s.tmp
	s.F(s.k1, x, s.t)
	for i := 0; i < n; i++ {
		tmp[i] = x[i] + 0.5*h*s.k1[i]
	}
	s.F(s.k2, tmp, s.t+0.5*h)
	for i := 0; i < n; i++ {
		tmp[i] = x[i] + 0.5*h*s.k2[i]
	}
	s.F(s.k3, tmp, s.t+0.5*h)
	for i := 0; i < n; i++ {
		tmp[i] = x[i] + h*s.k3[i]
	}
	s.F(s.k4, tmp, s.t+h)
	for i := 0; i < n; i++ {
		x[i] += h / 6 * (s.k1[i] + 2*s.k2[i] + 2*s.k3[i] + s.k4[i])
	}
	s.t += h
	s.accepted++
}

func (s *RK4) AdvanceTo(dst []float64, t float64) error {
	if t < s.t-1e-12*math.Max(1, math.Abs(t)) {
		return fmt.Errorf("ode: RK4 cannot integrate backwards from t=%g to t=%g", s.t, t)
	}
	// Number of steps so that the output time is hit exactly.
	span := t - s.t
	m := int(math.Ceil(span/s.H - 1e-9))
	if m > 0 {
		h := span / float64(m)
		t0 := s.t
		for i := 0; i < m; i++ {
			s.step(h)
		}
		s.t = t0 + span
	}
	copy(dst, s.x)
	return nil
}

// DOPRI5 is the adaptive Dormand-Prince 5(4) method with the error
// control and PI step-size controller of Hairer, Nørsett & Wanner
// (§II.4) and its fourth-order dense output (§II.6).
type DOPRI5 struct {
	F          Func
	RTol, ATol float64
	// HMax caps the step size (0: unbounded). MaxSteps caps the steps
	// taken by one AdvanceTo call (0: 1e7).
	HMax     float64
	MaxSteps int

	n                                   int
	x, xnew, k1, k2, k3, k4, k5, k6, k7 []float64
	tmp                                 []float64
	r1, r2, r3, r4, r5                  []float64 // dense output coefficients of the last step
	t, told, h, facold                  float64
	started                             bool
	accepted, rejected                  int
}

// NewDOPRI5 returns an adaptive solver for f of dimension n with relative
// and absolute tolerances rtol and atol.
func NewDOPRI5(f Func, n int, rtol, atol float64) *DOPRI5 {
	mk := func() []float64 { return make([]float64, n) }
	return &DOPRI5{F: f, RTol: rtol, ATol: atol, n: n,
		x: mk(), xnew: mk(), k1: mk(), k2: mk(), k3: mk(), k4: mk(), k5: mk(), k6: mk(), k7: mk(), tmp: mk(),
		r1: mk(), r2: mk(), r3: mk(), r4: mk(), r5: mk(), facold: 1e-4}
}

func (s *DOPRI5) Reset(x []float64, t float64) {
	copy(s.x, x)
	s.t, s.told = t, t
	s.started = false
	s.h = 0
	s.facold = 1e-4
	s.accepted, s.rejected = 0, 0
}

func (s *DOPRI5) Steps() (int, int) { return s.accepted, s.rejected }

// Time returns the solver's internal time (the end of its last step).
func (s *DOPRI5) Time() float64 { return s.t }

// Butcher tableau of Dormand & Prince (1980).
const (
	c2, c3, c4, c5 = 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9

	a21                     = 1.0 / 5
	a31, a32                = 3.0 / 40, 9.0 / 40
	a41, a42, a43           = 44.0 / 45, -56.0 / 15, 32.0 / 9
	a51, a52, a53, a54      = 19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729
	a61, a62, a63, a64, a65 = 9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656
	a71, a73, a74, a75, a76 = 35.0 / 384, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84

	// Error coefficients b - b̂.
	e1, e3, e4, e5, e6, e7 = 71.0 / 57600, -71.0 / 16695, 71.0 / 1920, -17253.0 / 339200, 22.0 / 525, -1.0 / 40

	// Dense output coefficients (Hairer's contd5).
	d1, d3, d4 = -12715105075.0 / 11282082432, 87487479700.0 / 32700410799, -10690763975.0 / 1880347072
	d5, d6, d7 = 701980252875.0 / 199316789632, -1453857185.0 / 822651844, 69997945.0 / 29380423
)

func (s *DOPRI5) norm(v []float64, scaleA, scaleB []float64) float64 {
	var sum float64
	for i, e := range v {
		sc := s.ATol + s.RTol*math.Max(math.Abs(scaleA[i]), math.Abs(scaleB[i]))
		q := e / sc
		sum += q * q
	}
	return math.Sqrt(sum / float64(len(v)))
}

// initialStep chooses a starting step by Hairer's algorithm (§II.4).
func (s *DOPRI5) initialStep() float64 {
	n := s.n
	var d0, d1 float64
	for i := 0; i < n; i++ {
		sc := s.ATol + s.RTol*math.Abs(s.x[i])
		d0 += (s.x[i] / sc) * (s.x[i] / sc)
		d1 += (s.k1[i] / sc) * (s.k1[i] / sc)
	}
	d0, d1 = math.Sqrt(d0/float64(n)), math.Sqrt(d1/float64(n))
	h0 := 1e-6
	if d0 > 1e-5 && d1 > 1e-5 {
		h0 = 0.01 * d0 / d1
	}
	if s.HMax > 0 {
		h0 = math.Min(h0, s.HMax)
	}
	for i := 0; i < n; i++ {
		s.tmp[i] = s.x[i] + h0*s.k1[i]
	}
	s.F(s.k2, s.tmp, s.t+h0)
	var d2 float64
	for i := 0; i < n; i++ {
		sc := s.ATol + s.RTol*math.Abs(s.x[i])
		q := (s.k2[i] - s.k1[i]) / sc
		d2 += q * q
	}
	d2 = math.Sqrt(d2/float64(n)) / h0
	var h1 float64
	if m := math.Max(d1, d2); m <= 1e-15 {
		h1 = math.Max(1e-6, h0*1e-3)
	} else {
		h1 = math.Pow(0.01/m, 1.0/5)
	}
	h := math.Min(100*h0, h1)
	if s.HMax > 0 {
		h = math.Min(h, s.HMax)
	}
	return h
}

// step attempts steps until one is accepted, updating x, t and the dense
// output coefficients.
func (s *DOPRI5) step() error {
	const (
		safe   = 0.9
		facMin = 0.2
		facMax = 10.0
		beta   = 0.04 // PI controller (Hairer's dopri5 default)
		expo1  = 0.2 - beta*0.75
	)
	n := s.n
	x, tmp := s.x, s.tmp
	if !s.started {
		s.F(s.k1, x, s.t)
		s.h = s.initialStep()
		s.started = true
	}
	reject := false
	for {
		h := s.h
		if s.HMax > 0 && h > s.HMax {
			h = s.HMax
		}
		if h < 1e-14*math.Max(1, math.Abs(s.t)) || math.IsNaN(h) {
			return fmt.Errorf("ode: DOPRI5 at t=%g: %w (h=%g)", s.t, ErrStepSize, h)
		}
		t := s.t
		for i := 0; i < n; i++ {
			tmp[i] = x[i] + h*a21*s.k1[i]
		}
		s.F(s.k2, tmp, t+c2*h)
		for i := 0; i < n; i++ {
			tmp[i] = x[i] + h*(a31*s.k1[i]+a32*s.k2[i])
		}
		s.F(s.k3, tmp, t+c3*h)
		for i := 0; i < n; i++ {
			tmp[i] = x[i] + h*(a41*s.k1[i]+a42*s.k2[i]+a43*s.k3[i])
		}
		s.F(s.k4, tmp, t+c4*h)
		for i := 0; i < n; i++ {
			tmp[i] = x[i] + h*(a51*s.k1[i]+a52*s.k2[i]+a53*s.k3[i]+a54*s.k4[i])
		}
		s.F(s.k5, tmp, t+c5*h)
		for i := 0; i < n; i++ {
			tmp[i] = x[i] + h*(a61*s.k1[i]+a62*s.k2[i]+a63*s.k3[i]+a64*s.k4[i]+a65*s.k5[i])
		}
		s.F(s.k6, tmp, t+h)
		xn := s.xnew
		for i := 0; i < n; i++ {
			xn[i] = x[i] + h*(a71*s.k1[i]+a73*s.k3[i]+a74*s.k4[i]+a75*s.k5[i]+a76*s.k6[i])
		}
		s.F(s.k7, xn, t+h)
		for i := 0; i < n; i++ {
			tmp[i] = h * (e1*s.k1[i] + e3*s.k3[i] + e4*s.k4[i] + e5*s.k5[i] + e6*s.k6[i] + e7*s.k7[i])
		}
		err := s.norm(tmp, x, xn)
		if math.IsNaN(err) || math.IsInf(err, 0) {
			// Non-finite stages: shrink hard and retry.
			s.rejected++
			s.h = h * facMin
			reject = true
			continue
		}
		fac11 := math.Pow(err, expo1)
		fac := fac11 / math.Pow(s.facold, beta) / safe
		fac = math.Max(1/facMax, math.Min(1/facMin, fac))
		hnew := h / fac
		if err <= 1 {
			s.facold = math.Max(err, 1e-4)
			s.accepted++
			// Dense output coefficients.
			for i := 0; i < n; i++ {
				dy := xn[i] - x[i]
				bspl := h*s.k1[i] - dy
				s.r1[i] = x[i]
				s.r2[i] = dy
				s.r3[i] = bspl
				s.r4[i] = dy - h*s.k7[i] - bspl
				s.r5[i] = h * (d1*s.k1[i] + d3*s.k3[i] + d4*s.k4[i] + d5*s.k5[i] + d6*s.k6[i] + d7*s.k7[i])
			}
			s.k1, s.k7 = s.k7, s.k1 // first same as last
			s.x, s.xnew = s.xnew, s.x
			s.told = t
			s.t = t + h
			if reject {
				hnew = math.Min(hnew, h)
			}
			s.h = hnew
			return nil
		}
		s.rejected++
		s.h = h / math.Min(1/facMin, fac11/safe)
		reject = true
	}
}

// interp evaluates the dense output of the last step at time t.
func (s *DOPRI5) interp(dst []float64, t float64) {
	h := s.t - s.told
	th := (t - s.told) / h
	th1 := 1 - th
	for i := 0; i < s.n; i++ {
		dst[i] = s.r1[i] + th*(s.r2[i]+th1*(s.r3[i]+th*(s.r4[i]+th1*s.r5[i])))
	}
}

func (s *DOPRI5) AdvanceTo(dst []float64, t float64) error {
	if s.started && t < s.told-1e-12*math.Max(1, math.Abs(t)) {
		return fmt.Errorf("ode: DOPRI5 cannot integrate backwards to t=%g (last step started at %g)", t, s.told)
	}
	if !s.started && t == s.t {
		copy(dst, s.x)
		return nil
	}
	maxSteps := s.MaxSteps
	if maxSteps == 0 {
		maxSteps = 10_000_000
	}
	for k := 0; !s.started || s.t < t; k++ {
		if k >= maxSteps {
			return fmt.Errorf("ode: DOPRI5 took more than %d steps to reach t=%g from t=%g (stiff or diverging system?)", maxSteps, t, s.t)
		}
		if err := s.step(); err != nil {
			return err
		}
		for _, v := range s.x {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("ode: DOPRI5: state not finite at t=%g", s.t)
			}
		}
	}
	if t == s.t {
		copy(dst, s.x)
		return nil
	}
	s.interp(dst, t)
	return nil
}
