package pde

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/emergo/emergo/system"
)

const (
	diffDefaultD  = 0.1
	diffDefaultN  = 64
	diffDefaultL  = 2 * math.Pi
	diffDefaultDT = 0.1
	diffStream    = 0x4c44_4946 // "LDIF"
)

// LinearDiffusion is the linear reaction-diffusion (screened diffusion)
// equation
//
//	a_t = D (a_xx − a),   x ∈ [0, L) periodic,
//
// on N grid points. Each Fourier mode evolves independently,
//
//	â_k(t) = â_k(0) exp(−D (q_k² + 1) t),   q_k = 2πk/L,
//
// and Step applies this factor over the sampling interval exactly (an
// exponential integrator with no time-discretisation error), so the only
// error is rounding. The observation is a on the grid. It implements
// system.System, Setter, Resetter, Field, Jacobianer (exact) and Sampler.
type LinearDiffusion struct {
	n     int
	l, d  float64
	dt    float64
	fft   *rfft
	q     []float64
	decay []float64 // exp(−D(q²+1)dt)
	rate  []float64 // −D(q²+1): the spectral symbol of the field
	c     []complex128
	ec    []complex128
	a, a0 []float64
	k     int64
	t     float64
	jac   []float64 // the constant Jacobian, built on first use
}

// NewLinearDiffusion returns the system with diffusion coefficient d,
// domain length l, sampling interval dt and initial field a0 (its length
// is the grid size, a power of two ≥ 8; copied).
func NewLinearDiffusion(d, l, dt float64, a0 []float64) (*LinearDiffusion, error) {
	const name = "LinearDiffusion"
	n := len(a0)
	if !isPow2(n) || n < 8 {
		return nil, fmt.Errorf("%s: grid size N=%d must be a power of two ≥ 8", name, n)
	}
	if !(d >= 0) || math.IsInf(d, 0) || !(l > 0) || math.IsInf(l, 0) || !(dt > 0) || math.IsInf(dt, 0) {
		return nil, fmt.Errorf("%s: need D ≥ 0, L > 0 and dt > 0 finite (D=%v L=%v dt=%v)", name, d, l, dt)
	}
	m := n/2 + 1
	s := &LinearDiffusion{n: n, l: l, d: d, dt: dt, fft: newRFFT(n), q: wavenumbers(n, l),
		decay: make([]float64, m), rate: make([]float64, m), c: make([]complex128, m), ec: make([]complex128, m),
		a: append([]float64(nil), a0...), a0: append([]float64(nil), a0...)}
	for k, q := range s.q {
		s.rate[k] = -d * (q*q + 1)
		s.decay[k] = math.Exp(s.rate[k] * dt)
	}
	s.fft.forward(s.c, s.a)
	return s, nil
}

// Name returns "LinearDiffusion".
func (s *LinearDiffusion) Name() string { return "LinearDiffusion" }

// Dim is the number of grid points.
func (s *LinearDiffusion) Dim() int { return s.n }

// Time is the current time.
func (s *LinearDiffusion) Time() float64 { return s.t }

// DT is the sampling interval.
func (s *LinearDiffusion) DT() float64 { return s.dt }

// State writes a on the grid into dst.
func (s *LinearDiffusion) State(dst []float64) []float64 {
	if len(dst) < s.n {
		dst = make([]float64, s.n)
	}
	copy(dst, s.a)
	return dst[:s.n]
}

// SetState overwrites the field; it panics if len(x) != N.
func (s *LinearDiffusion) SetState(x []float64) {
	if len(x) != s.n {
		panic(fmt.Sprintf("pde: LinearDiffusion SetState with %d values, want %d", len(x), s.n))
	}
	copy(s.a, x)
	s.fft.forward(s.c, s.a)
}

// Reset restores the initial field and time 0.
func (s *LinearDiffusion) Reset() {
	copy(s.a, s.a0)
	s.fft.forward(s.c, s.a)
	s.k, s.t = 0, 0
}

// Step advances the field exactly by one sampling interval.
func (s *LinearDiffusion) Step() error {
	for k := range s.c {
		s.c[k] = scale(s.decay[k], s.c[k])
	}
	s.fft.inverse(s.a, s.c)
	s.k++
	s.t = float64(s.k) * s.dt
	for _, x := range s.a {
		if x-x != 0 {
			return system.CheckFinite(s.Name(), s.t, s.a)
		}
	}
	return nil
}

// Eval writes the semi-discrete right-hand side D(∂²x a − a), with the
// spectral second derivative, at the grid field x into dst.
func (s *LinearDiffusion) Eval(dst, x []float64, _ float64) {
	if len(x) != s.n || len(dst) != s.n {
		panic(fmt.Sprintf("pde: LinearDiffusion Eval with lengths %d, %d, want %d", len(dst), len(x), s.n))
	}
	s.fft.forward(s.ec, x)
	for k := range s.ec {
		s.ec[k] = scale(s.rate[k], s.ec[k])
	}
	s.fft.inverse(dst, s.ec)
}

// AnalyticJacobian reports that Jacobian is exact.
func (s *LinearDiffusion) AnalyticJacobian() bool { return true }

// Jacobian writes the (constant) matrix of Eval, D(D₂ − I) with D₂ the
// Fourier spectral second-derivative matrix, row-major N×N.
func (s *LinearDiffusion) Jacobian(dst, x []float64, t float64) {
	n := s.n
	if len(dst) != n*n {
		panic(fmt.Sprintf("pde: LinearDiffusion Jacobian with %d values, want %d", len(dst), n*n))
	}
	if s.jac == nil {
		s.jac = make([]float64, n*n)
		e, col := make([]float64, n), make([]float64, n)
		for j := 0; j < n; j++ {
			clear(e)
			e[j] = 1
			s.Eval(col, e, t)
			for i := 0; i < n; i++ {
				s.jac[i*n+j] = col[i]
			}
		}
	}
	copy(dst, s.jac)
}

// DiffusionInitial returns the default initial field: independent
// standard Gaussian values at the n grid points from a PCG stream seeded
// with seed (white noise, so every resolved mode is excited).
func DiffusionInitial(n int, seed uint64) []float64 {
	rng := rand.New(rand.NewPCG(seed, diffStream))
	a := make([]float64, n)
	for j := range a {
		a[j] = rng.NormFloat64()
	}
	return a
}

func init() {
	names := make([]string, diffDefaultN)
	for j := range names {
		names[j] = fmt.Sprintf("a%d", j)
	}
	system.Register(system.Entry{
		Info: system.Info{
			Name:     "LinearDiffusion",
			Category: system.CatPDE,
			Dim:      diffDefaultN,
			Params: []system.Param{
				{Name: "D", Default: diffDefaultD, Min: 0, Max: 1e3, Doc: "diffusion coefficient (also the rate of the linear decay term)"},
				{Name: "N", Default: diffDefaultN, Min: 8, Max: 1 << 16, Integer: true, Doc: "number of grid points (a power of two ≥ 8); the observation dimension"},
				{Name: "L", Default: diffDefaultL, Min: 1e-3, Max: 1e5, Doc: "domain length"},
			},
			DT:       diffDefaultDT,
			Citation: "Trefethen, L. N. (2000). Spectral Methods in MATLAB. SIAM (Fourier spectral differentiation); exact solution per Fourier mode a_k(t) = a_k(0) exp(−D(q²+1)t).",
			Description: "Linear reaction-diffusion a_t = D(a_xx − a) on a periodic 1D grid, advanced exactly in Fourier space; " +
				"the observation is a on N grid points, starting from seeded Gaussian white noise. Every mode decays; a linear benchmark with a closed-form solution.",
			Observables: names,
			Jacobian:    true,
		},
		Build: func(c system.Config) (system.System, error) {
			p := c.Params
			const name = "LinearDiffusion"
			n, err := gridParam(name, p["N"], 8)
			if err != nil {
				return nil, err
			}
			a0 := c.IC
			if a0 == nil {
				a0 = DiffusionInitial(n, c.Seed)
			} else if len(a0) != n {
				return nil, fmt.Errorf("%s: initial condition has %d values, want N=%d", name, len(a0), n)
			}
			dt := c.DT
			if dt == 0 {
				dt = diffDefaultDT
			}
			return NewLinearDiffusion(p["D"], p["L"], dt, a0)
		},
	})
}
