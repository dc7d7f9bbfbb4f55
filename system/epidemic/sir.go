package epidemic

import (
	"fmt"
	"math"

	"github.com/emergo/emergo/system"
)

// Default parameters of the catalogue SIR model: a disease with basic
// reproduction number R0 = β/γ = 3 and a mean infectious period of 1/γ =
// 10 days, seeded with one infected in a thousand.
const (
	sirBeta     = 0.3
	sirGamma    = 0.1
	sirI0       = 1e-3
	sirSubsteps = 10
)

// SIR is the Kermack-McKendrick susceptible-infected-recovered model for a
// closed population normalised to one,
//
//	dS/dt = −β S I
//	dI/dt =  β S I − γ I
//	dR/dt =  γ I,
//
// with transmission rate β and recovery rate γ (basic reproduction number
// R0 = β/γ). S + I + R is conserved, and so is S + I − (γ/β) ln S, which
// gives the peak prevalence I_max = S0 + I0 − (1 + ln(R0 S0))/R0, reached
// when S = 1/R0, and, with R(0) = 0, the final-size relation
// R∞ = 1 − S0 exp(−R0 R∞) (Kermack & McKendrick 1927; Hethcote 2000).
//
// Each Step advances one sampling interval with a fixed number of
// classical fourth-order Runge-Kutta steps (error O(h⁴)). The observation
// is [S, I, R]. SIR implements system.System, Setter, TimeSetter,
// Resetter, Field, Jacobianer (analytic) and Sampler.
//
// References:
//
//	Kermack, W. O. & McKendrick, A. G. (1927). Proc. R. Soc. Lond. A 115,
//	  700-721.
//	Hethcote, H. W. (2000). SIAM Review 42, 599-653.
type SIR struct {
	beta, gamma float64
	dt, h       float64
	sub         int
	x, x0       [3]float64
	k1, k2      [3]float64
	k3, k4, tmp [3]float64
	t           float64
}

// NewSIR returns the SIR model with transmission rate beta, recovery rate
// gamma, initial fractions x0 = [S, I, R], sampling interval dt and substeps
// RK4 steps per interval.
func NewSIR(beta, gamma float64, x0 []float64, dt float64, substeps int) (*SIR, error) {
	const name = "SIR"
	if !(beta >= 0) || !(gamma >= 0) || math.IsInf(beta, 0) || math.IsInf(gamma, 0) {
		return nil, fmt.Errorf("%s: rates must be finite and non-negative (beta=%v gamma=%v)", name, beta, gamma)
	}
	if len(x0) != 3 {
		return nil, fmt.Errorf("%s: initial condition needs 3 values [S, I, R], got %d", name, len(x0))
	}
	for i, v := range x0 {
		if !(v >= 0) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("%s: initial compartment %d must be finite and non-negative, got %v", name, i, v)
		}
	}
	if !(dt > 0) || math.IsInf(dt, 0) {
		return nil, fmt.Errorf("%s: sampling dt must be positive and finite, got %v", name, dt)
	}
	if substeps < 1 {
		return nil, fmt.Errorf("%s: need at least one RK4 step per sampling interval, got %d", name, substeps)
	}
	s := &SIR{beta: beta, gamma: gamma, dt: dt, sub: substeps, h: dt / float64(substeps)}
	copy(s.x0[:], x0)
	s.x = s.x0
	return s, nil
}

// Name returns "SIR".
func (s *SIR) Name() string { return "SIR" }

// Dim is 3.
func (s *SIR) Dim() int { return 3 }

// Time is the current time in days.
func (s *SIR) Time() float64 { return s.t }

// DT is the sampling interval.
func (s *SIR) DT() float64 { return s.dt }

// R0 is the basic reproduction number β/γ (+Inf when γ = 0).
func (s *SIR) R0() float64 { return s.beta / s.gamma }

// AnalyticJacobian reports that Jacobian is exact.
func (s *SIR) AnalyticJacobian() bool { return true }

// State writes [S, I, R] into dst.
func (s *SIR) State(dst []float64) []float64 {
	if len(dst) < 3 {
		dst = make([]float64, 3)
	}
	copy(dst, s.x[:])
	return dst[:3]
}

// SetState overwrites [S, I, R]; the time is unchanged.
func (s *SIR) SetState(x []float64) {
	if len(x) != 3 {
		panic(fmt.Sprintf("epidemic: SIR SetState with %d values, want 3", len(x)))
	}
	copy(s.x[:], x)
}

// SetTime sets the clock (the model is autonomous, so only Time changes).
func (s *SIR) SetTime(t float64) { s.t = t }

// Reset restores the initial fractions and time zero.
func (s *SIR) Reset() {
	s.x = s.x0
	s.t = 0
}

// Eval writes the vector field f(x) = dx/dt into dst.
func (s *SIR) Eval(dst, x []float64, _ float64) {
	inf := s.beta * x[0] * x[1]
	rec := s.gamma * x[1]
	dst[0] = -inf
	dst[1] = inf - rec
	dst[2] = rec
}

// Jacobian writes ∂f_i/∂x_j row-major into dst (3×3):
//
//	[−βI   −βS     0]
//	[ βI   βS−γ    0]
//	[ 0     γ      0]
func (s *SIR) Jacobian(dst, x []float64, _ float64) {
	b, g := s.beta, s.gamma
	dst[0], dst[1], dst[2] = -b*x[1], -b*x[0], 0
	dst[3], dst[4], dst[5] = b*x[1], b*x[0]-g, 0
	dst[6], dst[7], dst[8] = 0, g, 0
}

func (s *SIR) field(dst *[3]float64, x *[3]float64) {
	inf := s.beta * x[0] * x[1]
	rec := s.gamma * x[1]
	dst[0] = -inf
	dst[1] = inf - rec
	dst[2] = rec
}

// Step advances one sampling interval with fixed-step RK4.
func (s *SIR) Step() error {
	h := s.h
	for n := 0; n < s.sub; n++ {
		s.field(&s.k1, &s.x)
		for i := range s.tmp {
			s.tmp[i] = s.x[i] + 0.5*h*s.k1[i]
		}
		s.field(&s.k2, &s.tmp)
		for i := range s.tmp {
			s.tmp[i] = s.x[i] + 0.5*h*s.k2[i]
		}
		s.field(&s.k3, &s.tmp)
		for i := range s.tmp {
			s.tmp[i] = s.x[i] + h*s.k3[i]
		}
		s.field(&s.k4, &s.tmp)
		for i := range s.x {
			s.x[i] += h / 6 * (s.k1[i] + 2*s.k2[i] + 2*s.k3[i] + s.k4[i])
		}
	}
	s.t += s.dt
	return system.CheckFinite("SIR", s.t, s.x[:])
}

// FinalSize solves the Kermack-McKendrick final-size relation
//
//	R∞ = 1 − S0 exp(−R0 (R∞ − Rinit))
//
// for the largest root R∞ in [Rinit, 1] (the epidemic's eventual
// recovered fraction when S0 + I0 + Rinit = 1), by bisection to machine
// precision. For R0 S0 ≤ 1 and I0 → 0 the root tends to Rinit.
func FinalSize(r0, s0, rinit float64) float64 {
	g := func(r float64) float64 { return 1 - s0*math.Exp(-r0*(r-rinit)) - r }
	// g(1) = −S0 exp(·) ≤ 0. The largest root lies where g changes sign
	// from positive to non-positive; g is concave, so bisect between the
	// maximiser of g (or Rinit) and 1.
	lo := rinit
	if r0 > 0 && s0 > 0 {
		if m := rinit + math.Log(r0*s0)/r0; m > lo {
			lo = m
		}
	}
	hi := 1.0
	if g(lo) <= 0 {
		return lo
	}
	for i := 0; i < 200 && hi-lo > 1e-16; i++ {
		mid := 0.5 * (lo + hi)
		if g(mid) > 0 {
			lo = mid
		} else {
			hi = mid
		}
	}
	return 0.5 * (lo + hi)
}

// PeakPrevalence is the maximum infected fraction of the SIR epidemic
// started at (S0, I0) with R0 S0 > 1, I_max = S0 + I0 − (1 + ln(R0 S0))/R0,
// from the conserved quantity S + I − ln(S)/R0. For R0 S0 ≤ 1 the
// prevalence only decreases and the maximum is I0.
func PeakPrevalence(r0, s0, i0 float64) float64 {
	if r0*s0 <= 1 {
		return i0
	}
	return s0 + i0 - (1+math.Log(r0*s0))/r0
}

func init() {
	system.Register(system.Entry{
		Info: system.Info{
			Name:     "SIR",
			Category: system.CatEpidemic,
			Dim:      3,
			Params: []system.Param{
				{Name: "beta", Default: sirBeta, Min: 0, Max: 100, Doc: "transmission rate β per day"},
				{Name: "gamma", Default: sirGamma, Min: 0, Max: 100, Doc: "recovery rate γ per day (1/γ = mean infectious period)"},
				{Name: "I0", Default: sirI0, Min: 0, Max: 1, Doc: "initial infected fraction (S0 = 1 − I0, R0 = 0)"},
				{Name: "substeps", Default: sirSubsteps, Min: 1, Max: 1e6, Integer: true, Doc: "RK4 steps per sampling interval"},
			},
			IC:       []float64{1 - sirI0, sirI0, 0},
			DT:       1,
			Citation: "W. O. Kermack & A. G. McKendrick, A contribution to the mathematical theory of epidemics, Proc. R. Soc. Lond. A 115, 700-721 (1927)",
			Description: "Kermack-McKendrick SIR epidemic ODE S' = −βSI, I' = βSI − γI, R' = γI on a population normalised to 1, " +
				"integrated with fixed-step RK4; time in days.",
			Observables: []string{"S", "I", "R"},
			Invariants: []system.Invariant{
				{Name: "basic_reproduction_number", Values: []float64{sirBeta / sirGamma}, Source: "R0 = β/γ (Kermack & McKendrick 1927)"},
				{Name: "final_size", Values: []float64{FinalSize(sirBeta/sirGamma, 1-sirI0, 0)},
					Source: "root of R∞ = 1 − S0 exp(−R0 R∞) (Kermack & McKendrick 1927; Hethcote 2000 §2)"},
				{Name: "peak_prevalence", Values: []float64{PeakPrevalence(sirBeta/sirGamma, 1-sirI0, sirI0)},
					Source: "I_max = S0 + I0 − (1 + ln(R0 S0))/R0 at S = 1/R0 (Hethcote 2000 §2)"},
			},
			Jacobian: true,
		},
		Build: func(c system.Config) (system.System, error) {
			i0 := c.Params["I0"]
			x0 := []float64{1 - i0, i0, 0}
			if c.IC != nil {
				x0 = c.IC
			}
			dt := c.DT
			if dt == 0 {
				dt = 1
			}
			return NewSIR(c.Params["beta"], c.Params["gamma"], x0, dt, int(c.Params["substeps"]))
		},
	})
}
