package market

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/emergo/emergo/system"
)

// LMParams are the parameters of the Lux-Marchesi market. The names follow
// Lux & Marchesi (2000): Tc = N·t_c is the chartists' aggregate trading
// volume and Tf = N·γ the fundamentalists' aggregate reaction strength.
type LMParams struct {
	N      int     // number of traders
	V1     float64 // frequency of opinion revaluation among chartists
	V2     float64 // frequency of chartist-fundamentalist strategy changes
	Beta   float64 // market maker's reaction speed β
	Tc     float64 // N·t_c: chartists' trading volume
	Tf     float64 // N·γ: fundamentalists' reaction strength
	Alpha1 float64 // weight of the majority opinion (herding)
	Alpha2 float64 // weight of the price trend
	Alpha3 float64 // pressure of profit differentials
	Pf     float64 // fundamental value p_f (constant)
	Div    float64 // nominal dividend r (r/p_f = R in equilibrium)
	R      float64 // average real return of other investments
	S      float64 // discount factor s < 1 of fundamentalists' profits
	Sigma  float64 // standard deviation σ_μ of the noise in excess demand
	Dt     float64 // internal time increment Δt
	Dp     float64 // price tick Δp
	Window float64 // length of the interval over which dp/dt is averaged
	Z0     float64 // initial fraction of chartists
}

// LMParameterSet returns Lux & Marchesi's (2000) parameter set 1-4
// (footnote p of the paper), with the simulation settings of their
// Section 4: Δt = 0.01, Δp = 0.01, trend averaged over 0.2 time units,
// p_f = 10, r = 0.004, R = 0.0004, and an initial chartist fraction of
// 0.1. Set I is the catalogue default. It panics for other set numbers.
func LMParameterSet(set int) LMParams {
	p := LMParams{N: 500, Pf: 10, Div: 0.004, R: 0.0004, Dt: 0.01, Dp: 0.01, Window: 0.2, Z0: 0.1}
	switch set {
	case 1:
		p.V1, p.V2, p.Beta, p.Tc, p.Tf = 3, 2, 6, 10, 5
		p.Alpha1, p.Alpha2, p.Alpha3, p.S, p.Sigma = 0.6, 0.2, 0.5, 0.75, 0.05
	case 2:
		p.V1, p.V2, p.Beta, p.Tc, p.Tf = 4, 1, 4, 7.5, 5
		p.Alpha1, p.Alpha2, p.Alpha3, p.S, p.Sigma = 0.9, 0.25, 1, 0.75, 0.1
	case 3:
		p.V1, p.V2, p.Beta, p.Tc, p.Tf = 0.5, 0.5, 2, 10, 10
		p.Alpha1, p.Alpha2, p.Alpha3, p.S, p.Sigma = 0.75, 0.25, 0.75, 0.8, 0.1
	case 4:
		p.V1, p.V2, p.Beta, p.Tc, p.Tf = 2, 0.6, 4, 5, 5
		p.Alpha1, p.Alpha2, p.Alpha3, p.S, p.Sigma = 0.8, 0.2, 1, 0.75, 0.05
	default:
		panic(fmt.Sprintf("market: Lux-Marchesi parameter set %d does not exist (1-4)", set))
	}
	return p
}

// CriticalChartistFraction is the fraction of chartists z̄ above which the
// fundamental equilibrium (x = 0, p = p_f) of the mean-value dynamics is
// unstable, the smallest root in (0, 1) of Lux & Marchesi's (2000)
// condition (cond 1), the trace of the linearised (x, p) dynamics:
//
//	2 z v1 (α1 − 1 + α2 β z Tc/v1) + 2 (1 − z) α3 β z Tc/p_f − β (1 − z) Tf = 0.
//
// It returns NaN when the trace stays negative on (0, 1).
func CriticalChartistFraction(p LMParams) float64 {
	f := func(z float64) float64 {
		return 2*z*p.V1*(p.Alpha1-1+p.Alpha2*p.Beta*z*p.Tc/p.V1) +
			2*(1-z)*p.Alpha3*p.Beta*z*p.Tc/p.Pf - p.Beta*(1-z)*p.Tf
	}
	const grid = 1000
	prev := f(0)
	for i := 1; i <= grid; i++ {
		z := float64(i) / grid
		cur := f(z)
		if prev < 0 && cur >= 0 {
			lo, hi := z-1.0/grid, z
			for k := 0; k < 100; k++ {
				mid := 0.5 * (lo + hi)
				if f(mid) < 0 {
					lo = mid
				} else {
					hi = mid
				}
			}
			return 0.5 * (lo + hi)
		}
		prev = cur
	}
	return math.NaN()
}

// minGroup is Lux & Marchesi's lower bound on the number of chartists and
// of fundamentalists: agents cannot leave a strategy that would otherwise
// fall below four members, which excludes the absorbing states z = 0 and
// z = 1.
const minGroup = 4

// LuxMarchesi is the stochastic multi-agent market of Lux & Marchesi
// (1999, 2000). N traders are optimistic chartists (n₊), pessimistic
// chartists (n₋) or fundamentalists (n_f); x = (n₊ − n₋)/n_c is the opinion
// index and z = n_c/N the fraction of chartists. In each small time
// increment Δt every trader switches group with probability π·Δt, where
//
//	π₊₋ = v1 (n_c/N) e^{U1},  π₋₊ = v1 (n_c/N) e^{−U1},  U1 = α1 x + (α2/v1) ṗ
//	π₊f = v2 (n₊/N) e^{U21},  πf₊ = v2 (n_f/N) e^{−U21}
//	π₋f = v2 (n₋/N) e^{U22},  πf₋ = v2 (n_f/N) e^{−U22}
//	U21 = α3 [(r + ṗ/v2)/p − R − s|p_f − p|/p]
//	U22 = α3 [R − (r + ṗ/v2)/p − s|p_f − p|/p]
//
// (the first index is the group moved to: π₊₋ takes a pessimist to the
// optimists). The market maker moves the price one tick Δp up (down) with
// probability max(0, β(ED + μ))·Δt/Δp (resp. −min(0, β(ED + μ))·Δt/Δp),
// capped at one, where ED = t_c(n₊ − n₋) + γ n_f (p_f − p), t_c = Tc/N,
// γ = Tf/N and μ ~ N(0, σ_μ²) is drawn anew each increment; with
// Δt = Δp = 0.01 this is the paper's probability β(ED + μ) per increment,
// and the mean price follows dp/dt = β ED. The trend ṗ is the average
// price change rate over the last 0.2 time units, as in the paper.
//
// A Step is one unit of time (a "day", 1/Δt increments); the observation
// is [ln p, r, z, x] with r the log return over the Step. The fundamental
// value is constant, as in the 2000 paper. The price never falls below
// one tick.
//
// Differences from the paper's program: the time increment is fixed. The
// paper used Δt = 0.01 but refined it to 0.002 "when the frequency of
// price changes became higher than average", without stating the rule;
// a fixed Δt = 0.01 caps the price speed at one tick per increment in
// bursts, a fixed Δt = 0.002 (parameter dt) lifts the cap fivefold and
// gives more violent bursts (set I: kurtosis in the hundreds, maximum
// daily |r| ≈ 0.5, against the paper's 0.2-0.3). Also ours: the switches
// of each group are drawn as binomial counts with the paper's per-trader
// probabilities, and the lower bound of four members is enforced by
// trimming the outflow of a group that would fall below it.
//
// References:
//
//	Lux, T. & Marchesi, M. (1999). Nature 397, 498-500.
//	Lux, T. & Marchesi, M. (2000). Int. J. Theor. Appl. Finance 3,
//	  675-702.
type LuxMarchesi struct {
	par       LMParams
	tc, gam   float64
	a2v1      float64 // α2/v1 (0 when v1 = 0)
	invV2     float64 // 1/v2 (0 when v2 = 0)
	micro     int     // increments per Step
	w         int     // trend window in increments
	np, nm    int     // optimists, pessimists
	nf        int     // fundamentalists
	p         float64
	hist      []float64 // the last w prices, a ring
	hpos      int
	ret       float64
	t, dtStep float64
	np0, nm0  int
	nf0       int
	p0        float64
	src       *rand.PCG
	src0      rand.PCG
	rng       *rand.Rand
}

// NewLuxMarchesi returns the market with parameters par, sampling interval
// dtStep (a multiple of par.Dt) and random seed. Traders are distributed
// at random: round(Z0·N) chartists, each optimistic or pessimistic with
// probability 1/2, the rest fundamentalists; the price starts at p_f.
func NewLuxMarchesi(par LMParams, dtStep float64, seed uint64) (*LuxMarchesi, error) {
	const name = "LuxMarchesi"
	if par.N < 2*minGroup {
		return nil, fmt.Errorf("%s: N=%d traders must be at least %d (four chartists and four fundamentalists)", name, par.N, 2*minGroup)
	}
	for _, v := range []struct {
		s string
		x float64
	}{{"v1", par.V1}, {"v2", par.V2}, {"beta", par.Beta}, {"Tc", par.Tc}, {"Tf", par.Tf}, {"alpha1", par.Alpha1},
		{"alpha2", par.Alpha2}, {"alpha3", par.Alpha3}, {"dividend", par.Div}, {"R", par.R}, {"s", par.S}, {"sigma", par.Sigma}} {
		if !(v.x >= 0) || math.IsInf(v.x, 0) {
			return nil, fmt.Errorf("%s: parameter %s=%v must be finite and non-negative", name, v.s, v.x)
		}
	}
	if !(par.Pf > 0) || !(par.Dt > 0) || !(par.Dp > 0) || math.IsInf(par.Pf, 0) {
		return nil, fmt.Errorf("%s: pf=%v, dt=%v and dp=%v must be positive", name, par.Pf, par.Dt, par.Dp)
	}
	if !(dtStep > 0) || math.IsInf(dtStep, 0) {
		return nil, fmt.Errorf("%s: sampling interval %v must be positive", name, dtStep)
	}
	micro := int(math.Round(dtStep / par.Dt))
	if micro < 1 || math.Abs(float64(micro)*par.Dt-dtStep) > 1e-9*dtStep {
		return nil, fmt.Errorf("%s: sampling interval %v must be a positive multiple of the time increment dt=%v", name, dtStep, par.Dt)
	}
	w := int(math.Round(par.Window / par.Dt))
	if w < 1 {
		return nil, fmt.Errorf("%s: trend window %v must be at least one time increment dt=%v", name, par.Window, par.Dt)
	}
	if !(par.Z0 > 0 && par.Z0 < 1) {
		return nil, fmt.Errorf("%s: initial chartist fraction z0=%v must be in (0, 1)", name, par.Z0)
	}
	m := &LuxMarchesi{par: par, tc: par.Tc / float64(par.N), gam: par.Tf / float64(par.N), micro: micro, w: w,
		hist: make([]float64, w), dtStep: dtStep, p0: par.Pf, src: rand.NewPCG(seed, streamLuxMarchesi)}
	if par.V1 > 0 {
		m.a2v1 = par.Alpha2 / par.V1
	}
	if par.V2 > 0 {
		m.invV2 = 1 / par.V2
	}
	m.rng = rand.New(m.src)
	nc := int(math.Round(par.Z0 * float64(par.N)))
	nc = min(max(nc, minGroup), par.N-minGroup)
	m.np0 = binomial(m.rng, nc, 0.5)
	m.nm0 = nc - m.np0
	m.nf0 = par.N - nc
	m.src0 = *m.src
	m.Reset()
	return m, nil
}

// Name returns "LuxMarchesi".
func (m *LuxMarchesi) Name() string { return "LuxMarchesi" }

// Dim is 4.
func (m *LuxMarchesi) Dim() int { return 4 }

// Time is the current time in days.
func (m *LuxMarchesi) Time() float64 { return m.t }

// Parameters returns the model's parameters.
func (m *LuxMarchesi) Parameters() LMParams { return m.par }

// Price is the current price p.
func (m *LuxMarchesi) Price() float64 { return m.p }

// Groups returns the numbers of optimists, pessimists and fundamentalists.
func (m *LuxMarchesi) Groups() (optimists, pessimists, fundamentalists int) { return m.np, m.nm, m.nf }

// State writes [ln p, r, z, x] into dst.
func (m *LuxMarchesi) State(dst []float64) []float64 {
	if len(dst) < 4 {
		dst = make([]float64, 4)
	}
	nc := m.np + m.nm
	dst[0] = math.Log(m.p)
	dst[1] = m.ret
	dst[2] = float64(nc) / float64(m.par.N)
	dst[3] = float64(m.np-m.nm) / float64(nc)
	return dst[:4]
}

// SetGroups sets the numbers of optimists, pessimists and fundamentalists
// (they must sum to N, with at least four chartists and four
// fundamentalists). It panics otherwise.
func (m *LuxMarchesi) SetGroups(optimists, pessimists, fundamentalists int) {
	if optimists < 0 || pessimists < 0 || optimists+pessimists < minGroup || fundamentalists < minGroup ||
		optimists+pessimists+fundamentalists != m.par.N {
		panic(fmt.Sprintf("market: LuxMarchesi SetGroups(%d, %d, %d) needs N=%d traders with ≥ %d chartists and fundamentalists",
			optimists, pessimists, fundamentalists, m.par.N, minGroup))
	}
	m.np, m.nm, m.nf = optimists, pessimists, fundamentalists
}

// SetPrice sets the price (positive), clearing the trend history to it.
func (m *LuxMarchesi) SetPrice(p float64) {
	if !(p > 0) || math.IsInf(p, 0) {
		panic(fmt.Sprintf("market: LuxMarchesi SetPrice(%v) needs a positive price", p))
	}
	m.p = p
	for i := range m.hist {
		m.hist[i] = p
	}
}

// Reset restores the initial groups and price, time zero and the seeded
// random stream.
func (m *LuxMarchesi) Reset() {
	m.np, m.nm, m.nf = m.np0, m.nm0, m.nf0
	m.SetPrice(m.p0)
	m.hpos = 0
	m.ret = 0
	m.t = 0
	*m.src = m.src0
}

// clamp01 limits a probability to [0, 1].
func clamp01(q float64) float64 {
	if q > 1 {
		return 1
	}
	if !(q > 0) {
		return 0
	}
	return q
}

// split draws how many of n members leave for two destinations with
// per-member probabilities q1 and q2 (q1 + q2 ≤ 1 after scaling).
func split(r *rand.Rand, n int, q1, q2 float64) (k1, k2 int) {
	if n == 0 {
		return 0, 0
	}
	q1, q2 = clamp01(q1), clamp01(q2)
	if s := q1 + q2; s > 1 {
		q1, q2 = q1/s, q2/s
	}
	k1 = binomial(r, n, q1)
	if q1 < 1 {
		k2 = binomial(r, n-k1, q2/(1-q1))
	}
	return k1, k2
}

// trim reduces a and b, the larger first, until a + b ≤ limit.
func trim(a, b *int, limit int) {
	for *a+*b > limit {
		if *a >= *b {
			*a--
		} else {
			*b--
		}
	}
}

// increment advances the market by one time increment Δt.
func (m *LuxMarchesi) increment() {
	par := &m.par
	dt := par.Dt
	n := float64(par.N)
	nc := m.np + m.nm
	x := float64(m.np-m.nm) / float64(nc)
	z := float64(nc) / n
	// Trend: average rate of price change over the last window.
	old := m.hist[m.hpos]
	m.hist[m.hpos] = m.p
	m.hpos++
	if m.hpos == m.w {
		m.hpos = 0
	}
	pdot := (m.p - old) / (float64(m.w) * dt)

	u1 := par.Alpha1*x + m.a2v1*pdot
	gain := (par.Div + pdot*m.invV2) / m.p
	mis := par.S * math.Abs((par.Pf-m.p)/m.p)
	u21 := par.Alpha3 * (gain - par.R - mis)
	u22 := par.Alpha3 * (par.R - gain - mis)
	e1, e21, e22 := math.Exp(u1), math.Exp(u21), math.Exp(u22)

	herd := par.V1 * z * dt
	toOpt := herd * e1  // per pessimist, to the optimists
	toPess := herd / e1 // per optimist, to the pessimists
	meetF := par.V2 * float64(m.nf) / n * dt
	optToF := meetF / e21                           // per optimist
	pessToF := meetF / e22                          // per pessimist
	fToOpt := par.V2 * float64(m.np) / n * e21 * dt // per fundamentalist
	fToPess := par.V2 * float64(m.nm) / n * e22 * dt

	kOP, kOF := split(m.rng, m.np, toPess, optToF) // optimists → pessimists, fundamentalists
	kPO, kPF := split(m.rng, m.nm, toOpt, pessToF) // pessimists → optimists, fundamentalists
	kFO, kFP := split(m.rng, m.nf, fToOpt, fToPess)
	trim(&kOF, &kPF, nc-minGroup)
	trim(&kFO, &kFP, m.nf-minGroup)
	m.np += kPO + kFO - kOP - kOF
	m.nm += kOP + kFP - kPO - kPF
	m.nf += kOF + kPF - kFO - kFP

	// Market maker.
	ed := m.tc*float64(m.np-m.nm) + m.gam*float64(m.nf)*(par.Pf-m.p)
	d := par.Beta * (ed + par.Sigma*m.rng.NormFloat64())
	q := math.Abs(d) * dt / par.Dp
	if q >= 1 || m.rng.Float64() < q {
		if d > 0 {
			m.p += par.Dp
		} else if m.p-par.Dp >= par.Dp {
			m.p -= par.Dp
		}
	}
}

// Step advances one sampling interval (one day by default).
func (m *LuxMarchesi) Step() error {
	p0 := m.p
	for k := 0; k < m.micro; k++ {
		m.increment()
	}
	m.ret = math.Log(m.p / p0)
	m.t += m.dtStep
	if math.IsNaN(m.p) || math.IsInf(m.p, 0) {
		return &system.DivergedError{System: "LuxMarchesi", Time: m.t, State: m.State(nil)}
	}
	return nil
}

func init() {
	d := LMParameterSet(1)
	system.Register(system.Entry{
		Info: system.Info{
			Name:     "LuxMarchesi",
			Category: system.CatMarket,
			Dim:      4,
			Params: []system.Param{
				{Name: "N", Default: float64(d.N), Min: 2 * minGroup, Max: 1e7, Integer: true, Doc: "number of traders"},
				{Name: "v1", Default: d.V1, Min: 0, Max: 1000, Doc: "frequency of chartists' opinion revaluation"},
				{Name: "v2", Default: d.V2, Min: 0, Max: 1000, Doc: "frequency of chartist-fundamentalist switching"},
				{Name: "beta", Default: d.Beta, Min: 0, Max: 1000, Doc: "market maker's reaction speed β"},
				{Name: "Tc", Default: d.Tc, Min: 0, Max: 1e4, Doc: "chartists' trading volume N·t_c"},
				{Name: "Tf", Default: d.Tf, Min: 0, Max: 1e4, Doc: "fundamentalists' reaction strength N·γ"},
				{Name: "alpha1", Default: d.Alpha1, Min: 0, Max: 100, Doc: "weight of the majority opinion"},
				{Name: "alpha2", Default: d.Alpha2, Min: 0, Max: 100, Doc: "weight of the price trend"},
				{Name: "alpha3", Default: d.Alpha3, Min: 0, Max: 100, Doc: "pressure of profit differentials"},
				{Name: "pf", Default: d.Pf, Min: 1e-3, Max: 1e6, Doc: "fundamental value (constant)"},
				{Name: "dividend", Default: d.Div, Min: 0, Max: 1e3, Doc: "nominal dividend r (r/pf = R at equilibrium)"},
				{Name: "R", Default: d.R, Min: 0, Max: 1, Doc: "average real return of other investments per day"},
				{Name: "s", Default: d.S, Min: 0, Max: 1, Doc: "discount factor of fundamentalists' expected profits"},
				{Name: "sigma", Default: d.Sigma, Min: 0, Max: 100, Doc: "standard deviation σ_μ of the excess-demand noise"},
				{Name: "dt", Default: d.Dt, Min: 1e-5, Max: 1, Doc: "internal time increment Δt (a divisor of the sampling interval)"},
				{Name: "dp", Default: d.Dp, Min: 1e-6, Max: 1, Doc: "price tick Δp"},
				{Name: "z0", Default: d.Z0, Min: 0.001, Max: 0.999, Doc: "initial fraction of chartists"},
			},
			DT:       1,
			Citation: "T. Lux & M. Marchesi, Volatility clustering in financial markets: a microsimulation of interacting agents, Int. J. Theor. Appl. Finance 3, 675-702 (2000); Nature 397, 498-500 (1999)",
			Description: "Lux-Marchesi agent-based market: optimistic/pessimistic chartists and fundamentalists switch by " +
				"transition rates driven by herding, price trend and profit differentials; a market maker moves the price " +
				"by ticks with probability proportional to noisy excess demand. Parameter set I; sampled daily.",
			Observables: []string{"log_price", "log_return", "chartist_fraction", "opinion_index"},
			Invariants: []system.Invariant{
				{Name: "critical_chartist_fraction", Values: []float64{0.65},
					Source: "z̄ from (cond 1), parameter set I (Lux & Marchesi 2000, Fig. 1)"},
				{Name: "kurtosis", Values: []float64{135.73},
					Source: "daily returns, 20,000 steps, parameter set I (Lux & Marchesi 2000, Table 2)"},
				{Name: "hill_tail_index", Values: []float64{2.04, 2.11, 1.93},
					Source: "median Hill estimates at 2.5%, 5%, 10% tails, 10 samples of 2,000, set I (Lux & Marchesi 2000, Table 2)"},
			},
			Stochastic: true,
		},
		Build: func(c system.Config) (system.System, error) {
			q := c.Params
			par := LMParams{N: int(q["N"]), V1: q["v1"], V2: q["v2"], Beta: q["beta"], Tc: q["Tc"], Tf: q["Tf"],
				Alpha1: q["alpha1"], Alpha2: q["alpha2"], Alpha3: q["alpha3"], Pf: q["pf"], Div: q["dividend"], R: q["R"],
				S: q["s"], Sigma: q["sigma"], Dt: q["dt"], Dp: q["dp"], Window: d.Window, Z0: q["z0"]}
			dt := c.DT
			if dt == 0 {
				dt = 1
			}
			return NewLuxMarchesi(par, dt, c.Seed)
		},
	})
}
