package lattice

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/emergo/emergo/system"
)

// Frequency distributions of Kuramoto oscillators.
const (
	// Lorentzian (Cauchy) g(ω) = (γ/π) / ((ω−ω₀)² + γ²), for which
	// K_c = 2γ and r = √(1 − K_c/K) exactly as N → ∞.
	Lorentzian = 0
	// Gaussian with standard deviation γ: K_c = 2/(π g(ω₀)) = γ√(8/π).
	Gaussian = 1
)

// Kuramoto is the Kuramoto model of N phase oscillators with all-to-all
// (mean-field) coupling,
//
//	dθ_i/dt = ω_i + (K/N) Σ_j sin(θ_j − θ_i) = ω_i + K r sin(ψ − θ_i),
//
// with the complex order parameter r e^{iψ} = (1/N) Σ_j e^{iθ_j}, so the
// vector field costs O(N). The natural frequencies ω_i are drawn at
// construction from a Lorentzian or Gaussian of width γ centred on ω₀
// (seeded), or placed deterministically at the quantiles (i+½)/N of that
// distribution, which removes most finite-N sampling noise. Initial
// phases are uniform on [0, 2π) from the seeded stream unless given.
//
// The system is integrated with fixed-step classical RK4 (internal step h,
// default 0.01, shortened so that it divides the sampling interval dt,
// default 0.1). The observation is the phase vector θ (dimension N);
// by default phases are reduced to [0, 2π) after each Step (the vector
// field is 2π-periodic, so this changes nothing else). It implements
// system.Setter, Field and Jacobianer (analytic):
//
//	∂f_i/∂θ_j = (K/N) cos(θ_j − θ_i)  (j ≠ i),
//	∂f_i/∂θ_i = −(K/N) Σ_{j≠i} cos(θ_j − θ_i) = −K r cos(ψ − θ_i) + K/N.
//
// Eval and Jacobian use internal buffers: they are not safe for
// concurrent use with each other or with Step.
//
// References:
//
//	Kuramoto, Y. (1975). Self-entrainment of a population of coupled
//	  non-linear oscillators. Lecture Notes in Physics 39, 420-422.
//	Kuramoto, Y. (1984). Chemical Oscillations, Waves, and Turbulence.
//	  Springer.
//	Strogatz, S. H. (2000). From Kuramoto to Crawford: exploring the onset
//	  of synchronization in populations of coupled oscillators. Physica D
//	  143, 1-20.
type Kuramoto struct {
	n      int
	k      float64
	omega  []float64
	theta  []float64
	theta0 []float64
	dt, h  float64
	sub    int
	wrap   bool

	k1, k2, k3, k4, tmp []float64
	cs, sn              []float64

	t0 float64
	ks int64
}

// KuramotoOptions configures NewKuramoto. The zero value of a field means
// its documented default.
type KuramotoOptions struct {
	N        int     // oscillators (default 100)
	K        float64 // coupling strength (used as given, zero included)
	Gamma    float64 // width γ of g(ω) (used as given, zero included)
	Omega0   float64 // centre ω₀ of g(ω)
	Dist     int     // Lorentzian (default) or Gaussian
	Quantile bool    // frequencies at the quantiles (i+½)/N instead of random
	DT       float64 // sampling interval (default 0.1)
	H        float64 // internal RK4 step (default 0.01)
	NoWrap   bool    // keep phases unwrapped
	Phases   []float64
	Seed     uint64
}

// NewKuramoto returns a Kuramoto model.
func NewKuramoto(o KuramotoOptions) (*Kuramoto, error) {
	n := o.N
	if n == 0 {
		n = 100
	}
	dt, h := o.DT, o.H
	if dt == 0 {
		dt = 0.1
	}
	if h == 0 {
		h = 0.01
	}
	switch {
	case n < 1:
		return nil, fmt.Errorf("Kuramoto: N=%d must be ≥ 1", n)
	case !(dt > 0) || math.IsInf(dt, 0):
		return nil, fmt.Errorf("Kuramoto: sampling dt=%v must be positive and finite", dt)
	case !(h > 0) || math.IsInf(h, 0):
		return nil, fmt.Errorf("Kuramoto: RK4 step h=%v must be positive and finite", h)
	case !(o.Gamma >= 0) || math.IsInf(o.Gamma, 0):
		return nil, fmt.Errorf("Kuramoto: width gamma=%v must be ≥ 0 and finite", o.Gamma)
	case math.IsNaN(o.K) || math.IsInf(o.K, 0) || math.IsNaN(o.Omega0) || math.IsInf(o.Omega0, 0):
		return nil, fmt.Errorf("Kuramoto: K=%v and omega0=%v must be finite", o.K, o.Omega0)
	case o.Dist != Lorentzian && o.Dist != Gaussian:
		return nil, fmt.Errorf("Kuramoto: dist=%d must be %d (Lorentzian) or %d (Gaussian)", o.Dist, Lorentzian, Gaussian)
	case o.Phases != nil && len(o.Phases) != n:
		return nil, fmt.Errorf("Kuramoto: %d initial phases for N=%d", len(o.Phases), n)
	}
	sub := int(math.Ceil(dt/h - 1e-9))
	if sub > 1<<20 {
		return nil, fmt.Errorf("Kuramoto: dt/h = %d RK4 steps per sample is too many", sub)
	}
	ku := &Kuramoto{n: n, k: o.K, omega: make([]float64, n), theta: make([]float64, n), theta0: make([]float64, n),
		dt: dt, h: dt / float64(sub), sub: sub, wrap: !o.NoWrap,
		k1: make([]float64, n), k2: make([]float64, n), k3: make([]float64, n), k4: make([]float64, n),
		tmp: make([]float64, n), cs: make([]float64, n), sn: make([]float64, n)}
	rng := rand.New(rand.NewPCG(o.Seed, streamKuramoto))
	// Uniform on the open interval (0, 1).
	open01 := func() float64 { return (float64(rng.Uint64()>>11) + 0.5) / (1 << 53) }
	for i := range ku.omega {
		u := (float64(i) + 0.5) / float64(n)
		if !o.Quantile {
			u = open01()
		}
		var z float64
		if o.Dist == Lorentzian {
			z = math.Tan(math.Pi * (u - 0.5))
		} else {
			z = math.Sqrt2 * math.Erfinv(2*u-1)
		}
		ku.omega[i] = o.Omega0 + o.Gamma*z
	}
	if o.Phases != nil {
		for i, v := range o.Phases {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("Kuramoto: initial phase %d is not finite", i)
			}
		}
		copy(ku.theta0, o.Phases)
	} else {
		for i := range ku.theta0 {
			ku.theta0[i] = 2 * math.Pi * rng.Float64()
		}
	}
	copy(ku.theta, ku.theta0)
	return ku, nil
}

// CriticalCoupling returns K_c = 2/(π g(ω₀)) of the N → ∞ model: 2γ for
// the Lorentzian, γ√(8/π) for the Gaussian.
func CriticalCoupling(dist int, gamma float64) float64 {
	if dist == Gaussian {
		return gamma * math.Sqrt(8/math.Pi)
	}
	return 2 * gamma
}

func (ku *Kuramoto) Dim() int               { return ku.n }
func (ku *Kuramoto) DT() float64            { return ku.dt }
func (ku *Kuramoto) Time() float64          { return ku.t0 + float64(ku.ks)*ku.dt }
func (ku *Kuramoto) AnalyticJacobian() bool { return true }

// Coupling returns K.
func (ku *Kuramoto) Coupling() float64 { return ku.k }

// Frequencies copies the natural frequencies into dst.
func (ku *Kuramoto) Frequencies(dst []float64) []float64 {
	if len(dst) < ku.n {
		dst = make([]float64, ku.n)
	}
	copy(dst, ku.omega)
	return dst[:ku.n]
}

// State copies the phases into dst.
func (ku *Kuramoto) State(dst []float64) []float64 {
	if len(dst) < ku.n {
		dst = make([]float64, ku.n)
	}
	copy(dst, ku.theta)
	return dst[:ku.n]
}

// SetState sets the phases (used as given) and restarts the clock's
// sample count at the current time.
func (ku *Kuramoto) SetState(x []float64) {
	if len(x) != ku.n {
		panic(fmt.Sprintf("lattice: Kuramoto SetState with %d values, want %d", len(x), ku.n))
	}
	copy(ku.theta, x)
	ku.t0, ku.ks = ku.Time(), 0
}

// Reset restores the initial phases and time zero.
func (ku *Kuramoto) Reset() {
	copy(ku.theta, ku.theta0)
	ku.t0, ku.ks = 0, 0
}

// OrderParameter returns r and ψ of r e^{iψ} = (1/N) Σ e^{iθ_j}.
func (ku *Kuramoto) OrderParameter() (r, psi float64) { return orderParameter(ku.theta) }

func orderParameter(theta []float64) (r, psi float64) {
	var c, s float64
	for _, th := range theta {
		sn, cs := math.Sincos(th)
		c += cs
		s += sn
	}
	n := float64(len(theta))
	return math.Hypot(c, s) / n, math.Atan2(s, c)
}

// sincos fills the cos and sin buffers from x and returns their sums.
func (ku *Kuramoto) sincos(x []float64) (sc, ss float64) {
	cs, sn := ku.cs, ku.sn
	for j, th := range x {
		s, c := math.Sincos(th)
		sn[j], cs[j] = s, c
		sc += c
		ss += s
	}
	return sc, ss
}

// Eval writes the vector field at x into dst (the model is autonomous).
func (ku *Kuramoto) Eval(dst, x []float64, _ float64) {
	sc, ss := ku.sincos(x)
	kn := ku.k / float64(ku.n)
	cs, sn := ku.cs, ku.sn
	for i := range dst[:ku.n] {
		// Σ_j sin(θ_j − θ_i) = cos θ_i Σ sin θ_j − sin θ_i Σ cos θ_j.
		dst[i] = ku.omega[i] + kn*(cs[i]*ss-sn[i]*sc)
	}
}

// Jacobian writes ∂f_i/∂θ_j at x into dst (row-major N×N).
func (ku *Kuramoto) Jacobian(dst, x []float64, _ float64) {
	n := ku.n
	sc, ss := ku.sincos(x)
	kn := ku.k / float64(n)
	cs, sn := ku.cs, ku.sn
	for i := 0; i < n; i++ {
		row := dst[i*n : (i+1)*n]
		ci, si := cs[i], sn[i]
		for j := range row {
			row[j] = kn * (ci*cs[j] + si*sn[j])
		}
		row[i] = -kn * (ci*sc + si*ss - 1)
	}
}

// Step integrates over one sampling interval with RK4.
func (ku *Kuramoto) Step() error {
	x, h := ku.theta, ku.h
	for s := 0; s < ku.sub; s++ {
		ku.Eval(ku.k1, x, 0)
		for i := range x {
			ku.tmp[i] = x[i] + 0.5*h*ku.k1[i]
		}
		ku.Eval(ku.k2, ku.tmp, 0)
		for i := range x {
			ku.tmp[i] = x[i] + 0.5*h*ku.k2[i]
		}
		ku.Eval(ku.k3, ku.tmp, 0)
		for i := range x {
			ku.tmp[i] = x[i] + h*ku.k3[i]
		}
		ku.Eval(ku.k4, ku.tmp, 0)
		for i := range x {
			x[i] += h / 6 * (ku.k1[i] + 2*ku.k2[i] + 2*ku.k3[i] + ku.k4[i])
		}
	}
	ku.ks++
	if ku.wrap {
		for i, v := range x {
			v = math.Mod(v, 2*math.Pi)
			if v < 0 {
				v += 2 * math.Pi
			}
			x[i] = v
		}
	}
	for _, v := range x {
		if v-v != 0 {
			return system.CheckFinite("Kuramoto", ku.Time(), x)
		}
	}
	return nil
}

func init() {
	system.Register(system.Entry{
		Info: system.Info{
			Name:     "Kuramoto",
			Category: system.CatStatPhys,
			Dim:      100,
			Params: []system.Param{
				{Name: "N", Default: 100, Min: 1, Max: 1 << 20, Integer: true, Doc: "number of oscillators"},
				{Name: "K", Default: 2, Min: -1000, Max: 1000, Doc: "coupling strength (K_c = 2γ for the Lorentzian)"},
				{Name: "gamma", Default: 0.5, Min: 0, Max: 1000, Doc: "width of g(ω): Lorentzian half-width or Gaussian standard deviation"},
				{Name: "omega0", Default: 0, Min: -1000, Max: 1000, Doc: "centre of g(ω)"},
				{Name: "dist", Default: Lorentzian, Min: 0, Max: 1, Integer: true, Doc: "0: Lorentzian (Cauchy) g(ω); 1: Gaussian"},
				{Name: "quantile", Default: 0, Min: 0, Max: 1, Integer: true, Doc: "1: frequencies at the quantiles (i+½)/N of g instead of random draws"},
				{Name: "h", Default: 0.01, Min: 1e-6, Max: 10, Doc: "internal RK4 step (shortened to divide the sampling interval)"},
				{Name: "wrap", Default: 1, Min: 0, Max: 1, Integer: true, Doc: "1: reduce phases to [0, 2π) after each step; 0: unwrapped"},
			},
			DT:       0.1,
			Citation: "Kuramoto, Y. (1984). Chemical Oscillations, Waves, and Turbulence. Springer; Strogatz, S. H. (2000). From Kuramoto to Crawford. Physica D 143, 1-20.",
			Description: "Kuramoto model dθ_i/dt = ω_i + (K/N) Σ_j sin(θ_j − θ_i) of N all-to-all coupled phase oscillators, evaluated " +
				"in O(N) through the order parameter and integrated by fixed-step RK4. Deterministic flow; the seed draws the natural " +
				"frequencies (Lorentzian or Gaussian of width γ) and the initial phases. Observes the N phases; OrderParameter gives r and ψ.",
			Jacobian: true,
			Invariants: []system.Invariant{
				{Name: "order_parameter", Values: []float64{math.Sqrt(1 - 2*0.5/2)},
					Source: "stationary r = √(1 − K_c/K), K_c = 2γ, for Lorentzian g(ω) as N → ∞ (K = 2, γ = 0.5): Kuramoto (1984); Strogatz, Physica D 143, 1 (2000)"},
				{Name: "critical_coupling", Values: []float64{1},
					Source: "K_c = 2/(π g(0)) = 2γ for the Lorentzian: Kuramoto (1975)"},
			},
		},
		Build: func(c system.Config) (system.System, error) {
			p := c.Params
			return NewKuramoto(KuramotoOptions{N: int(p["N"]), K: p["K"], Gamma: p["gamma"], Omega0: p["omega0"],
				Dist: int(p["dist"]), Quantile: p["quantile"] == 1, DT: c.DT, H: p["h"], NoWrap: p["wrap"] == 0,
				Phases: c.IC, Seed: c.Seed})
		},
	})
}
