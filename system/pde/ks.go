package pde

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/emergo/emergo/system"
)

// KS defaults: the L = 22 small cell studied by Cvitanović, Davidchack &
// Siminos (2010), resolved by 64 grid points, with ETDRK4 step and
// sampling 0.25 (the values of Cvitanović's ETDRK4 example ksfmstp.m).
const (
	ksDefaultL     = 22
	ksDefaultN     = 64
	ksDefaultH     = 0.25
	ksDefaultDT    = 0.25
	ksDefaultNoise = 0.01
	ksStream       = 0x4b5f_5345_4544 // "K_SEED": PCG stream of the initial noise
)

// KuramotoSivashinsky is the Kuramoto-Sivashinsky equation
//
//	u_t + u u_x + u_xx + u_xxxx = 0,   x ∈ [0, L) periodic,
//
// discretised on N equispaced points and integrated pseudo-spectrally.
// In Fourier space, with û_k the normalised coefficients and q = 2πk/L,
//
//	dû_k/dt = (q² − q⁴) û_k − (i q/2) (u²)^_k ,
//
// the stiff linear part is integrated exactly and the nonlinear term by
// the fourth-order exponential time-differencing Runge-Kutta scheme
// ETDRK4 of Cox & Matthews (2002), with its coefficients evaluated by
// contour integrals (Kassam & Trefethen 2005). Products are formed in
// physical space; with dealiasing on, modes k > N/3 of u² are dropped (the
// 2/3 rule). The spatial mean of u is conserved exactly.
//
// The observation is u at the N grid points. It implements system.System,
// Setter, Resetter, Field (the semi-discrete right-hand side) and
// Jacobianer (its exact Jacobian) and Sampler.
type KuramotoSivashinsky struct {
	n       int
	l       float64
	h       float64 // internal step
	nsub    int     // internal steps per sample
	dt      float64 // sampling interval
	dealias bool
	// nonlin multiplies the nonlinear term; tests switch it to 0 to
	// check the linear propagator exactly.
	nonlin float64

	fft *rfft
	q   []float64 // wavenumbers
	lin []float64 // q² − q⁴
	g   []float64 // nonlinear factor: N̂_k = i g_k (u²)^_k, g = −q/2 (0 where cut)

	e, e2, cq, f1, f2, f3 []float64 // ETDRK4 coefficients

	v, a, b, c, nv, na, nb, nc []complex128 // spectra (len n/2+1)
	phys                       []float64    // physical-space scratch
	u, u0                      []float64    // current and initial field
	k                          int64        // samples taken
	t                          float64

	ec   []complex128 // Eval scratch
	ep   []float64
	gmat []float64 // Jacobian pieces, built on first use
	lmat []float64
}

// KSOptions configures NewKuramotoSivashinsky. Zero fields take the
// defaults L=22, N=64, H=0.25, DT=0.25.
type KSOptions struct {
	L       float64
	N       int
	H       float64 // internal ETDRK4 step (shrunk to divide DT)
	DT      float64 // sampling interval
	Dealias bool
}

// NewKuramotoSivashinsky returns the system with initial field u0
// (length N, copied). N must be a power of two ≥ 16.
func NewKuramotoSivashinsky(opt KSOptions, u0 []float64) (*KuramotoSivashinsky, error) {
	if opt.L == 0 {
		opt.L = ksDefaultL
	}
	if opt.N == 0 {
		opt.N = ksDefaultN
	}
	if opt.H == 0 {
		opt.H = ksDefaultH
	}
	if opt.DT == 0 {
		opt.DT = ksDefaultDT
	}
	const name = "KuramotoSivashinsky"
	if !(opt.L > 0) || math.IsInf(opt.L, 0) {
		return nil, fmt.Errorf("%s: domain length L=%v must be positive and finite", name, opt.L)
	}
	if !isPow2(opt.N) || opt.N < 16 {
		return nil, fmt.Errorf("%s: grid size N=%d must be a power of two ≥ 16", name, opt.N)
	}
	if !(opt.H > 0) || !(opt.DT > 0) || math.IsInf(opt.H, 0) || math.IsInf(opt.DT, 0) {
		return nil, fmt.Errorf("%s: steps h=%v and dt=%v must be positive and finite", name, opt.H, opt.DT)
	}
	if len(u0) != opt.N {
		return nil, fmt.Errorf("%s: initial field has %d values, want N=%d", name, len(u0), opt.N)
	}
	if opt.DT/opt.H > 1e6 {
		return nil, fmt.Errorf("%s: dt/h = %g internal steps per sample is too many (max 1e6)", name, opt.DT/opt.H)
	}
	n := opt.N
	m := n/2 + 1
	s := &KuramotoSivashinsky{n: n, l: opt.L, dt: opt.DT, dealias: opt.Dealias, nonlin: 1,
		fft: newRFFT(n), q: wavenumbers(n, opt.L), lin: make([]float64, m), g: make([]float64, m),
		e: make([]float64, m), e2: make([]float64, m), cq: make([]float64, m),
		f1: make([]float64, m), f2: make([]float64, m), f3: make([]float64, m),
		phys: make([]float64, n), u: append([]float64(nil), u0...), u0: append([]float64(nil), u0...),
		ec: make([]complex128, m), ep: make([]float64, n)}
	for _, p := range []*[]complex128{&s.v, &s.a, &s.b, &s.c, &s.nv, &s.na, &s.nb, &s.nc} {
		*p = make([]complex128, m)
	}
	s.nsub, s.h = substeps(opt.DT, opt.H)
	for k, q := range s.q {
		q2 := q * q
		s.lin[k] = q2 - q2*q2
		switch {
		case k == n/2: // Nyquist: no odd derivative
		case s.dealias && 3*k > n:
		default:
			s.g[k] = -q / 2
		}
		s.e[k], s.e2[k], s.cq[k], s.f1[k], s.f2[k], s.f3[k] = etdrk4Coefficients(s.lin[k], s.h)
	}
	s.fft.forward(s.v, s.u)
	return s, nil
}

// Name returns "KuramotoSivashinsky".
func (s *KuramotoSivashinsky) Name() string { return "KuramotoSivashinsky" }

// Dim is the number of grid points N.
func (s *KuramotoSivashinsky) Dim() int { return s.n }

// Time is the current time.
func (s *KuramotoSivashinsky) Time() float64 { return s.t }

// DT is the sampling interval.
func (s *KuramotoSivashinsky) DT() float64 { return s.dt }

// H is the internal ETDRK4 step actually used.
func (s *KuramotoSivashinsky) H() float64 { return s.h }

// L is the domain length.
func (s *KuramotoSivashinsky) L() float64 { return s.l }

// State writes u on the grid into dst.
func (s *KuramotoSivashinsky) State(dst []float64) []float64 {
	if len(dst) < s.n {
		dst = make([]float64, s.n)
	}
	copy(dst, s.u)
	return dst[:s.n]
}

// SetState overwrites the field u; it panics if len(x) != N.
func (s *KuramotoSivashinsky) SetState(x []float64) {
	if len(x) != s.n {
		panic(fmt.Sprintf("pde: KuramotoSivashinsky SetState with %d values, want %d", len(x), s.n))
	}
	copy(s.u, x)
	s.fft.forward(s.v, s.u)
}

// Reset restores the initial field and time 0.
func (s *KuramotoSivashinsky) Reset() {
	copy(s.u, s.u0)
	s.fft.forward(s.v, s.u)
	s.k, s.t = 0, 0
}

// nonlinear writes N̂(v) = i g (u²)^ with u the field of spectrum v.
func (s *KuramotoSivashinsky) nonlinear(dst, v []complex128) {
	s.fft.inverse(s.phys, v)
	for j, x := range s.phys {
		s.phys[j] = x * x
	}
	s.fft.forward(dst, s.phys)
	for k, w := range dst {
		g := s.nonlin * s.g[k]
		dst[k] = complex(-g*imag(w), g*real(w))
	}
}

// etdrk4 takes one internal step of the Cox-Matthews scheme.
func (s *KuramotoSivashinsky) etdrk4() {
	v, a, b, c := s.v, s.a, s.b, s.c
	s.nonlinear(s.nv, v)
	for k := range v {
		a[k] = scale(s.e2[k], v[k]) + scale(s.cq[k], s.nv[k])
	}
	s.nonlinear(s.na, a)
	for k := range v {
		b[k] = scale(s.e2[k], v[k]) + scale(s.cq[k], s.na[k])
	}
	s.nonlinear(s.nb, b)
	for k := range v {
		c[k] = scale(s.e2[k], a[k]) + scale(s.cq[k], 2*s.nb[k]-s.nv[k])
	}
	s.nonlinear(s.nc, c)
	for k := range v {
		v[k] = scale(s.e[k], v[k]) + scale(s.f1[k], s.nv[k]) + scale(2*s.f2[k], s.na[k]+s.nb[k]) + scale(s.f3[k], s.nc[k])
	}
}

func scale(a float64, z complex128) complex128 { return complex(a*real(z), a*imag(z)) }

// Step advances u by one sampling interval. It returns a
// *system.DivergedError if the field becomes non-finite.
func (s *KuramotoSivashinsky) Step() error {
	for i := 0; i < s.nsub; i++ {
		s.etdrk4()
	}
	s.fft.inverse(s.u, s.v)
	s.k++
	s.t = float64(s.k) * s.dt
	for _, x := range s.u {
		if x-x != 0 {
			return system.CheckFinite(s.Name(), s.t, s.u)
		}
	}
	return nil
}

// Eval writes the semi-discrete right-hand side
//
//	f(u) = −½ ∂x(u²) − ∂²x u − ∂⁴x u
//
// evaluated spectrally (with the same dealiasing as the integrator) at
// the grid field x into dst. t is ignored.
func (s *KuramotoSivashinsky) Eval(dst, x []float64, _ float64) {
	if len(x) != s.n || len(dst) != s.n {
		panic(fmt.Sprintf("pde: KuramotoSivashinsky Eval with lengths %d, %d, want %d", len(dst), len(x), s.n))
	}
	for j, v := range x {
		s.ep[j] = v * v
	}
	s.fft.forward(s.nc, s.ep) // nc, ec are free outside Step
	s.fft.forward(s.ec, x)
	for k, w := range s.nc {
		g := s.nonlin * s.g[k]
		s.ec[k] = scale(s.lin[k], s.ec[k]) + complex(-g*imag(w), g*real(w))
	}
	s.fft.inverse(dst, s.ec)
}

// AnalyticJacobian reports that Jacobian is exact (not finite differences).
func (s *KuramotoSivashinsky) AnalyticJacobian() bool { return true }

// Jacobian writes the exact Jacobian of Eval at x, row-major N×N:
//
//	J = 2 G diag(x) + Lin,
//
// where G is the spectral matrix of u ↦ i g (u)^ (that is −½∂x, dealiased)
// and Lin that of −∂²x − ∂⁴x. Both are built on the first call (2N² floats).
func (s *KuramotoSivashinsky) Jacobian(dst, x []float64, _ float64) {
	n := s.n
	if len(x) != n || len(dst) != n*n {
		panic(fmt.Sprintf("pde: KuramotoSivashinsky Jacobian with lengths %d, %d, want %d, %d", len(dst), len(x), n*n, n))
	}
	if s.gmat == nil {
		s.gmat, s.lmat = make([]float64, n*n), make([]float64, n*n)
		col := make([]float64, n)
		for j := 0; j < n; j++ {
			clear(s.ep)
			s.ep[j] = 1
			s.fft.forward(s.ec, s.ep)
			for k, w := range s.ec {
				g := s.nonlin * s.g[k]
				s.nc[k] = complex(-g*imag(w), g*real(w))
				s.ec[k] = scale(s.lin[k], w)
			}
			s.fft.inverse(col, s.nc)
			for i := 0; i < n; i++ {
				s.gmat[i*n+j] = col[i]
			}
			s.fft.inverse(col, s.ec)
			for i := 0; i < n; i++ {
				s.lmat[i*n+j] = col[i]
			}
		}
	}
	for i := 0; i < n; i++ {
		row := dst[i*n : (i+1)*n]
		g, l := s.gmat[i*n:(i+1)*n], s.lmat[i*n:(i+1)*n]
		for j := range row {
			row[j] = 2*g[j]*x[j] + l[j]
		}
	}
}

// KSInitial returns the default initial field on N points of [0, L):
//
//	u0(x) = cos(2πx/L) (1 + sin(2πx/L)) + σ (ξ_j − mean ξ),
//
// the initial condition of Kassam & Trefethen (2005), cos(x/16)(1 +
// sin(x/16)) on [0, 32π], rescaled to one period of the domain, plus
// Gaussian noise ξ_j of amplitude σ drawn from a PCG stream seeded with
// seed and made zero-mean so the (conserved) spatial mean of u stays 0.
// σ = 0 gives the deterministic Kassam-Trefethen field for every seed.
func KSInitial(n int, l, sigma float64, seed uint64) []float64 {
	u := make([]float64, n)
	rng := rand.New(rand.NewPCG(seed, ksStream))
	var mean float64
	noise := make([]float64, n)
	for j := range noise {
		noise[j] = rng.NormFloat64()
		mean += noise[j]
	}
	mean /= float64(n)
	for j := range u {
		y := 2 * math.Pi * float64(j) / float64(n)
		u[j] = math.Cos(y)*(1+math.Sin(y)) + sigma*(noise[j]-mean)
	}
	return u
}

func init() {
	names := make([]string, ksDefaultN)
	for j := range names {
		names[j] = fmt.Sprintf("u%d", j)
	}
	system.Register(system.Entry{
		Info: system.Info{
			Name:     "KuramotoSivashinsky",
			Category: system.CatPDE,
			Dim:      ksDefaultN,
			Params: []system.Param{
				{Name: "L", Default: ksDefaultL, Min: 1e-3, Max: 1e5, Doc: "domain length (22: the chaotic small cell of Cvitanović et al. 2010; Pathak et al. 2018 also use 200)"},
				{Name: "N", Default: ksDefaultN, Min: 16, Max: 1 << 16, Integer: true, Doc: "number of grid points (a power of two ≥ 16); the observation dimension"},
				{Name: "h", Default: ksDefaultH, Min: 1e-6, Max: 100, Doc: "internal ETDRK4 step, shrunk to divide the sampling interval"},
				{Name: "dealias", Default: 0, Min: 0, Max: 1, Integer: true, Doc: "1 drops modes k > N/3 of the nonlinear term (2/3 rule); 0 keeps them, as Kassam & Trefethen do"},
				{Name: "noise", Default: ksDefaultNoise, Min: 0, Max: 10, Doc: "amplitude of the seeded zero-mean Gaussian noise added to the Kassam-Trefethen initial field"},
			},
			DT: ksDefaultDT,
			Citation: "Kuramoto, Y. & Tsuzuki, T. (1976). Prog. Theor. Phys. 55, 356-369; Sivashinsky, G. I. (1977). Acta Astronaut. 4, 1177-1206. " +
				"Integrator: Cox, S. M. & Matthews, P. C. (2002). J. Comput. Phys. 176, 430-455; Kassam, A.-K. & Trefethen, L. N. (2005). SIAM J. Sci. Comput. 26, 1214-1233. " +
				"L=22 benchmark: Cvitanović, P., Davidchack, R. L. & Siminos, E. (2010). SIAM J. Appl. Dyn. Syst. 9, 1-33.",
			Description: "Kuramoto-Sivashinsky equation u_t + u u_x + u_xx + u_xxxx = 0 on a periodic domain of length L, " +
				"pseudo-spectral (real FFT) with ETDRK4 time stepping; the observation is u on N grid points. " +
				"Initial field cos(2πx/L)(1+sin(2πx/L)) (Kassam & Trefethen's, rescaled) plus seeded zero-mean noise; the spatial mean of u is conserved.",
			Observables: names,
			Invariants: []system.Invariant{{Name: "max_lyapunov", Values: []float64{0.043},
				Source: "L=22: λ1 ≈ 0.043 (Edson, Bunder, Mattner & Roberts, ANZIAM J. 61, 270-285 (2019)); " +
					"Cvitanović, Davidchack & Siminos (2010) ≈ 0.048; published values span 0.043-0.048 " +
					"(a two-trajectory estimate with this integrator at the defaults gives 0.047-0.050)"}},
			Jacobian: true,
		},
		Build: func(c system.Config) (system.System, error) {
			p := c.Params
			const name = "KuramotoSivashinsky"
			n, err := gridParam(name, p["N"], 16)
			if err != nil {
				return nil, err
			}
			u0 := c.IC
			if u0 == nil {
				u0 = KSInitial(n, p["L"], p["noise"], c.Seed)
			} else if len(u0) != n {
				return nil, fmt.Errorf("%s: initial condition has %d values, want N=%d", name, len(u0), n)
			}
			return NewKuramotoSivashinsky(KSOptions{L: p["L"], N: n, H: p["h"], DT: c.DT, Dealias: p["dealias"] == 1}, u0)
		},
	})
}
