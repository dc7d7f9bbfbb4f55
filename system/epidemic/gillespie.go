package epidemic

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/emergo/emergo/system"
)

// streamSIRStochastic is the second PCG word of SIRStochastic's random
// stream, so that it differs from other models built with the same seed.
const streamSIRStochastic = 0x5349_5253_746f_6331 // "SIRStoc1"

// Default parameters of the catalogue stochastic SIR model.
const (
	ssirN  = 10000
	ssirI0 = 10
)

// SIRStochastic is the stochastic SIR epidemic on N individuals: a
// continuous-time Markov jump process with the two reactions
//
//	S + I → 2I   at rate β S I / N   (infection)
//	I → R        at rate γ I         (recovery),
//
// simulated exactly with Gillespie's direct method. Its mean follows the
// SIR ODE as N → ∞ (Kurtz 1970); for finite N an epidemic started by I0
// infected dies out early with probability ≈ (1/R0)^I0 when R0 = β/γ > 1
// (Whittle 1955), and otherwise infects about the final-size fraction R∞.
//
// A Step advances one sampling interval (1 day by default): events are
// drawn until the next event would fall beyond the sampling time, which is
// exact because waiting times are memoryless. The observation is the
// vector of fractions [S, I, R]/N. It implements system.System, Resetter
// and Sampler.
//
// References:
//
//	Gillespie, D. T. (1977). J. Phys. Chem. 81, 2340-2361.
//	Whittle, P. (1955). Biometrika 42, 116-122.
//	Kurtz, T. G. (1970). Solutions of ordinary differential equations as
//	  limits of pure jump Markov processes. J. Appl. Prob. 7, 49-58.
type SIRStochastic struct {
	n           int64
	beta, gamma float64
	dt          float64
	s, i, r     int64
	s0, i0      int64
	t           float64 // sampling clock
	events      int64
	src         *rand.PCG
	src0        rand.PCG
	rng         *rand.Rand
}

// NewSIRStochastic returns the stochastic SIR model on n individuals with
// i0 initially infected (the rest susceptible), rates beta and gamma,
// sampling interval dt and random seed.
func NewSIRStochastic(n, i0 int64, beta, gamma, dt float64, seed uint64) (*SIRStochastic, error) {
	const name = "SIRStochastic"
	if n < 1 {
		return nil, fmt.Errorf("%s: population N=%d must be at least 1", name, n)
	}
	if i0 < 0 || i0 > n {
		return nil, fmt.Errorf("%s: initial infected I0=%d must be in [0, N=%d]", name, i0, n)
	}
	if !(beta >= 0) || !(gamma >= 0) || math.IsInf(beta, 0) || math.IsInf(gamma, 0) {
		return nil, fmt.Errorf("%s: rates must be finite and non-negative (beta=%v gamma=%v)", name, beta, gamma)
	}
	if !(dt > 0) || math.IsInf(dt, 0) {
		return nil, fmt.Errorf("%s: sampling dt must be positive and finite, got %v", name, dt)
	}
	m := &SIRStochastic{n: n, beta: beta, gamma: gamma, dt: dt, s0: n - i0, i0: i0,
		src: rand.NewPCG(seed, streamSIRStochastic)}
	m.src0 = *m.src
	m.rng = rand.New(m.src)
	m.Reset()
	return m, nil
}

// Name returns "SIRStochastic".
func (m *SIRStochastic) Name() string { return "SIRStochastic" }

// Dim is 3.
func (m *SIRStochastic) Dim() int { return 3 }

// Time is the sampling time in days.
func (m *SIRStochastic) Time() float64 { return m.t }

// DT is the sampling interval.
func (m *SIRStochastic) DT() float64 { return m.dt }

// Counts returns the integer compartment sizes S, I and R.
func (m *SIRStochastic) Counts() (s, i, r int64) { return m.s, m.i, m.r }

// Events is the number of reactions simulated since the last Reset.
func (m *SIRStochastic) Events() int64 { return m.events }

// State writes the fractions [S, I, R]/N into dst.
func (m *SIRStochastic) State(dst []float64) []float64 {
	if len(dst) < 3 {
		dst = make([]float64, 3)
	}
	inv := 1 / float64(m.n)
	dst[0] = float64(m.s) * inv
	dst[1] = float64(m.i) * inv
	dst[2] = float64(m.r) * inv
	return dst[:3]
}

// Reset restores the initial counts, time zero and the seeded random
// stream.
func (m *SIRStochastic) Reset() {
	*m.src = m.src0
	m.s, m.i, m.r = m.s0, m.i0, 0
	m.t = 0
	m.events = 0
}

// Step simulates the reactions of one sampling interval.
func (m *SIRStochastic) Step() error {
	target := m.t + m.dt
	tev := m.t
	invN := 1 / float64(m.n)
	for m.i > 0 {
		inf := m.beta * float64(m.s) * float64(m.i) * invN
		rec := m.gamma * float64(m.i)
		a0 := inf + rec
		if a0 <= 0 {
			break
		}
		tev += m.rng.ExpFloat64() / a0
		if tev > target {
			break // memoryless: the pending event is redrawn next interval
		}
		if m.rng.Float64()*a0 < inf {
			m.s--
			m.i++
		} else {
			m.i--
			m.r++
		}
		m.events++
	}
	m.t = target
	return nil
}

func init() {
	system.Register(system.Entry{
		Info: system.Info{
			Name:     "SIRStochastic",
			Category: system.CatEpidemic,
			Dim:      3,
			Params: []system.Param{
				{Name: "N", Default: ssirN, Min: 1, Max: 1e9, Integer: true, Doc: "population size"},
				{Name: "beta", Default: sirBeta, Min: 0, Max: 100, Doc: "transmission rate β per day"},
				{Name: "gamma", Default: sirGamma, Min: 0, Max: 100, Doc: "recovery rate γ per day"},
				{Name: "I0", Default: ssirI0, Min: 0, Max: 1e9, Integer: true, Doc: "initially infected individuals (the rest susceptible)"},
			},
			DT:       1,
			Citation: "D. T. Gillespie, Exact stochastic simulation of coupled chemical reactions, J. Phys. Chem. 81, 2340-2361 (1977); W. O. Kermack & A. G. McKendrick, Proc. R. Soc. Lond. A 115, 700-721 (1927)",
			Description: "Stochastic SIR epidemic on N individuals (infection S+I→2I at rate βSI/N, recovery I→R at rate γI) " +
				"simulated exactly by Gillespie's direct method; observation [S, I, R]/N, sampled daily.",
			Observables: []string{"S", "I", "R"},
			Invariants: []system.Invariant{
				{Name: "minor_outbreak_probability", Values: []float64{math.Pow(sirGamma/sirBeta, ssirI0)},
					Source: "(1/R0)^I0 for N → ∞, branching-process approximation (Whittle 1955)"},
				{Name: "final_size", Values: []float64{FinalSize(sirBeta/sirGamma, 1, 0)},
					Source: "major-outbreak fraction, root of R∞ = 1 − exp(−R0 R∞) for N → ∞ (Kermack & McKendrick 1927)"},
			},
			Stochastic: true,
		},
		Build: func(c system.Config) (system.System, error) {
			dt := c.DT
			if dt == 0 {
				dt = 1
			}
			return NewSIRStochastic(int64(c.Params["N"]), int64(c.Params["I0"]), c.Params["beta"], c.Params["gamma"], dt, c.Seed)
		},
	})
}
