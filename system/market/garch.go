package market

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/emergo/emergo/system"
)

// Default GARCH(1,1) parameters, close to estimates for daily S&P 500
// returns: persistence α + β = 0.99 and unconditional variance
// ω/(1 − α − β) = 1e-4 (1% daily volatility).
const (
	garchOmega = 1e-6
	garchAlpha = 0.09
	garchBeta  = 0.9
)

// GARCH is the GARCH(1,1) process of Bollerslev (1986),
//
//	r_t = σ_t z_t,   σ_t² = ω + α r_{t−1}² + β σ_{t−1}²,
//
// with iid innovations z_t of zero mean and unit variance: standard normal,
// or Student-t with ν > 2 degrees of freedom rescaled by √((ν−2)/ν). It is
// covariance stationary iff α + β < 1, with unconditional variance
// E r² = ω/(1 − α − β), and for Gaussian z its kurtosis is
//
//	E r⁴/(E r²)² = 3 (1 − (α+β)²) / (1 − (α+β)² − 2α²)
//
// when the denominator is positive (Bollerslev 1986, Theorem 2); with
// innovations of kurtosis κ the 2α² becomes (κ−1)α² and the leading 3
// becomes κ.
//
// The observation is [r_t, σ_t]; the state starts at r_0 = 0 and σ_0² =
// ω/(1 − α − β) unless set. Both components determine the future law, so
// GARCH implements system.Setter as well as Resetter and Discrete.
//
// Reference: Bollerslev, T. (1986). Generalized autoregressive conditional
// heteroskedasticity. J. Econometrics 31, 307-327.
type GARCH struct {
	omega, alpha, beta float64
	nu, tscale         float64 // ν (0: Gaussian) and √((ν−2)/ν)
	r, s2              float64
	r0, s20            float64
	t                  float64
	src                *rand.PCG
	src0               rand.PCG
	rng                *rand.Rand
}

// NewGARCH returns the GARCH(1,1) process with parameters omega, alpha,
// beta, innovation degrees of freedom nu (0 for Gaussian innovations, else
// nu > 2) and random seed. It rejects non-stationary parameters
// (α + β ≥ 1).
func NewGARCH(omega, alpha, beta, nu float64, seed uint64) (*GARCH, error) {
	const name = "GARCH"
	if !(omega > 0) || math.IsInf(omega, 0) {
		return nil, fmt.Errorf("%s: omega=%v must be positive and finite", name, omega)
	}
	if !(alpha >= 0) || !(beta >= 0) {
		return nil, fmt.Errorf("%s: alpha=%v and beta=%v must be non-negative", name, alpha, beta)
	}
	if alpha+beta >= 1 {
		return nil, fmt.Errorf("%s: alpha+beta = %v must be < 1 for a covariance-stationary process (Bollerslev 1986); the variance would grow without bound", name, alpha+beta)
	}
	if nu != 0 && !(nu > 2) {
		return nil, fmt.Errorf("%s: Student-t degrees of freedom nu=%v must exceed 2 for finite variance (or be 0 for Gaussian innovations)", name, nu)
	}
	g := &GARCH{omega: omega, alpha: alpha, beta: beta, nu: nu, src: rand.NewPCG(seed, streamGARCH)}
	if nu > 0 {
		g.tscale = math.Sqrt((nu - 2) / nu)
	}
	g.src0 = *g.src
	g.rng = rand.New(g.src)
	g.s20 = g.UnconditionalVariance()
	g.r, g.s2 = g.r0, g.s20
	return g, nil
}

// Name returns "GARCH".
func (g *GARCH) Name() string { return "GARCH" }

// Dim is 2.
func (g *GARCH) Dim() int { return 2 }

// Time is the number of steps taken (days).
func (g *GARCH) Time() float64 { return g.t }

// IsDiscrete reports true.
func (g *GARCH) IsDiscrete() bool { return true }

// UnconditionalVariance is ω/(1 − α − β).
func (g *GARCH) UnconditionalVariance() float64 { return g.omega / (1 - g.alpha - g.beta) }

// Kurtosis is the stationary kurtosis E r⁴/(E r²)² of the returns, or +Inf
// when the fourth moment does not exist.
func (g *GARCH) Kurtosis() float64 {
	k := 3.0
	if g.nu > 0 {
		if g.nu <= 4 {
			return math.Inf(1)
		}
		k = 3 + 6/(g.nu-4)
	}
	return GARCHKurtosis(g.alpha, g.beta, k)
}

// GARCHKurtosis is the stationary kurtosis of a GARCH(1,1) process with
// innovations of kurtosis kappa (3 for Gaussian),
// κ(1 − (α+β)²)/(1 − (α+β)² − (κ−1)α²), or +Inf when the fourth moment is
// infinite (Bollerslev 1986).
func GARCHKurtosis(alpha, beta, kappa float64) float64 {
	p := (alpha + beta) * (alpha + beta)
	den := 1 - p - (kappa-1)*alpha*alpha
	if den <= 0 {
		return math.Inf(1)
	}
	return kappa * (1 - p) / den
}

// State writes [r, σ] into dst.
func (g *GARCH) State(dst []float64) []float64 {
	if len(dst) < 2 {
		dst = make([]float64, 2)
	}
	dst[0] = g.r
	dst[1] = math.Sqrt(g.s2)
	return dst[:2]
}

// SetState sets the last return and its conditional standard deviation
// (σ must be positive); the next step uses them.
func (g *GARCH) SetState(x []float64) {
	if len(x) != 2 {
		panic(fmt.Sprintf("market: GARCH SetState with %d values, want 2", len(x)))
	}
	if !(x[1] > 0) {
		panic(fmt.Sprintf("market: GARCH SetState with σ=%v, must be positive", x[1]))
	}
	g.r = x[0]
	g.s2 = x[1] * x[1]
}

// Reset restores r_0, σ_0, time zero and the seeded random stream.
func (g *GARCH) Reset() {
	g.r, g.s2 = g.r0, g.s20
	g.t = 0
	*g.src = g.src0
}

// innovation draws z with zero mean and unit variance.
func (g *GARCH) innovation() float64 {
	z := g.rng.NormFloat64()
	if g.nu == 0 {
		return z
	}
	chi2 := 2 * gammaVariate(g.rng, g.nu/2)
	return g.tscale * z * math.Sqrt(g.nu/chi2)
}

// Step draws the next return.
func (g *GARCH) Step() error {
	g.s2 = g.omega + g.alpha*g.r*g.r + g.beta*g.s2
	g.r = math.Sqrt(g.s2) * g.innovation()
	g.t++
	if math.IsNaN(g.r) || math.IsInf(g.r, 0) {
		return &system.DivergedError{System: "GARCH", Time: g.t, State: []float64{g.r, math.Sqrt(g.s2)}}
	}
	return nil
}

func init() {
	system.Register(system.Entry{
		Info: system.Info{
			Name:     "GARCH",
			Category: system.CatMarket,
			Dim:      2,
			Params: []system.Param{
				{Name: "omega", Default: garchOmega, Min: 1e-15, Max: 1, Doc: "constant ω of the conditional variance"},
				{Name: "alpha", Default: garchAlpha, Min: 0, Max: 1, Doc: "ARCH coefficient α on the last squared return"},
				{Name: "beta", Default: garchBeta, Min: 0, Max: 1, Doc: "GARCH coefficient β on the last conditional variance; α+β < 1"},
				{Name: "nu", Default: 0, Min: 0, Max: 1e6, Doc: "Student-t degrees of freedom ν > 2 of the innovations (0: Gaussian)"},
			},
			IC:       []float64{0, math.Sqrt(garchOmega / (1 - garchAlpha - garchBeta))},
			DT:       1,
			Citation: "T. Bollerslev, Generalized autoregressive conditional heteroskedasticity, J. Econometrics 31, 307-327 (1986)",
			Description: "GARCH(1,1) returns r_t = σ_t z_t with σ_t² = ω + α r_{t−1}² + β σ_{t−1}², Gaussian or unit-variance Student-t z; " +
				"a stochastic reference for fat tails and volatility clustering.",
			Observables: []string{"r", "sigma"},
			Invariants: []system.Invariant{
				{Name: "unconditional_variance", Values: []float64{garchOmega / (1 - garchAlpha - garchBeta)},
					Source: "ω/(1 − α − β) (Bollerslev 1986)"},
				{Name: "kurtosis", Values: []float64{GARCHKurtosis(garchAlpha, garchBeta, 3)},
					Source: "3(1 − (α+β)²)/(1 − (α+β)² − 2α²) for Gaussian innovations (Bollerslev 1986, Theorem 2)"},
			},
			Stochastic: true,
			Discrete:   true,
		},
		Build: func(c system.Config) (system.System, error) {
			g, err := NewGARCH(c.Params["omega"], c.Params["alpha"], c.Params["beta"], c.Params["nu"], c.Seed)
			if err != nil {
				return nil, err
			}
			if c.IC != nil {
				if len(c.IC) != 2 || !(c.IC[1] > 0) {
					return nil, fmt.Errorf("GARCH: initial condition must be [r0, sigma0] with sigma0 > 0, got %v", c.IC)
				}
				g.r0, g.s20 = c.IC[0], c.IC[1]*c.IC[1]
				g.r, g.s2 = g.r0, g.s20
			}
			return g, nil
		},
	})
}
