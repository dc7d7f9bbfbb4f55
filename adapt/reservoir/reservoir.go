package reservoir

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Target selects the quantity the homeostatic gain control drives to its
// set point.
type Target int

const (
	// TargetLyapunov regulates the local (finite-time) largest Lyapunov
	// exponent of the driven reservoir to Config.LyapunovTarget (the edge
	// of chaos at 0).
	TargetLyapunov Target = iota
	// TargetBranching regulates the mean-field branching ratio to
	// Config.BranchingTarget (critical branching at 1).
	TargetBranching
	// TargetNone keeps the gain fixed (intrinsic plasticity may still
	// run).
	TargetNone
)

// String names the target ("lyapunov", "branching", "none").
func (t Target) String() string {
	switch t {
	case TargetLyapunov:
		return "lyapunov"
	case TargetBranching:
		return "branching"
	case TargetNone:
		return "none"
	}
	return fmt.Sprintf("Target(%d)", int(t))
}

// Bounds of the adapted parameters: the global gain stays in
// [MinGain, MaxGain] and every intrinsic-plasticity gain above MinIPGain.
const (
	MinGain   = 1e-3
	MaxGain   = 100.0
	MinIPGain = 1e-3
)

// MaxHistory is the number of points a History keeps: when it is full,
// every other point is dropped and the recording interval doubles.
const MaxHistory = 4096

// Config configures a Reservoir. DefaultConfig gives the documented
// defaults; New validates every field.
type Config struct {
	// Size is the number of neurons N (2 … MaxSize).
	Size int
	// Degree is the mean number of non-zero entries per row of the
	// random recurrent matrix W0 (density Degree/N).
	Degree float64
	// Gain is the initial global gain g: the spectral radius of g·W0
	// (W0 is normalised to spectral radius 1).
	Gain float64
	// InputScaling is the half-width of the uniform input weights and
	// Bias that of the fixed random bias weights (column 0 of W_in).
	InputScaling, Bias float64
	// Leak is the leak rate α in (0, 1] (1: no leaky integration).
	Leak float64
	// Target selects the homeostatic set point.
	Target Target
	// LyapunovTarget is the set point of the local largest Lyapunov
	// exponent, per step (TargetLyapunov).
	LyapunovTarget float64
	// BranchingTarget is the set point of the branching ratio
	// (TargetBranching); it must be positive.
	BranchingTarget float64
	// GainRate is the learning rate η_g of the log-gain (0: fixed gain).
	GainRate float64
	// IPRate is the intrinsic-plasticity learning rate η_IP (0: off);
	// IPMean and IPStd are the mean μ and standard deviation σ > 0 of
	// the Gaussian target distribution of the neuron outputs.
	IPRate, IPMean, IPStd float64
	// Window is the time constant, in steps, of the running (exponential
	// moving average) estimates of the Lyapunov exponent, the branching
	// ratio and the output moments.
	Window int
	// HistoryEvery is the initial recording interval of the History, in
	// steps.
	HistoryEvery int
	// Seed seeds the random matrices and the initial perturbation.
	Seed uint64
}

// DefaultConfig returns the defaults: 200 neurons of mean degree 10,
// initial gain 1, input scaling 0.5, bias 0.2, no leak, the Lyapunov
// target 0 with η_g = 5·10⁻³, intrinsic plasticity towards N(0, 0.2²)
// with η_IP = 2·10⁻⁴, running estimates over 200 steps, a history point
// every 10 steps, seed 1. The rates were chosen on standardised
// Lorenz63 and Mackey-Glass inputs: the log-gain settles within a few
// thousand steps, and η_g/η_IP = 25 keeps the lag of the gain behind the
// intrinsic-plasticity drift (see Reservoir) below about 0.005 per step
// in λ.
func DefaultConfig() Config {
	return Config{Size: 200, Degree: 10, Gain: 1, InputScaling: 0.5, Bias: 0.2, Leak: 1,
		Target: TargetLyapunov, LyapunovTarget: 0, BranchingTarget: 1, GainRate: 5e-3,
		IPRate: 2e-4, IPMean: 0, IPStd: 0.2, Window: 200, HistoryEvery: 10, Seed: 1}
}

// finite reports whether v is neither NaN nor infinite.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// validate returns an error naming the first invalid field.
func (c *Config) validate() error {
	bad := func(field string, v any, want string) error {
		return fmt.Errorf("reservoir: Config.%s = %v; %s", field, v, want)
	}
	switch {
	case c.Size < 2 || c.Size > MaxSize:
		return bad("Size", c.Size, fmt.Sprintf("want 2 … %d", MaxSize))
	case !(c.Degree > 0) || !finite(c.Degree):
		return bad("Degree", c.Degree, "want a positive number")
	case !(c.Gain >= MinGain && c.Gain <= MaxGain):
		return bad("Gain", c.Gain, fmt.Sprintf("want %g … %g", MinGain, MaxGain))
	case !(c.InputScaling >= 0) || !finite(c.InputScaling):
		return bad("InputScaling", c.InputScaling, "want a finite number ≥ 0")
	case !(c.Bias >= 0) || !finite(c.Bias):
		return bad("Bias", c.Bias, "want a finite number ≥ 0")
	case !(c.Leak > 0 && c.Leak <= 1):
		return bad("Leak", c.Leak, "want 0 < Leak ≤ 1")
	case c.Target < TargetLyapunov || c.Target > TargetNone:
		return bad("Target", c.Target, "want TargetLyapunov, TargetBranching or TargetNone")
	case !finite(c.LyapunovTarget):
		return bad("LyapunovTarget", c.LyapunovTarget, "want a finite number")
	case c.Target == TargetBranching && (!(c.BranchingTarget > 0) || !finite(c.BranchingTarget)):
		return bad("BranchingTarget", c.BranchingTarget, "want a positive number")
	case !(c.GainRate >= 0) || !finite(c.GainRate):
		return bad("GainRate", c.GainRate, "want a finite number ≥ 0")
	case !(c.IPRate >= 0) || !finite(c.IPRate):
		return bad("IPRate", c.IPRate, "want a finite number ≥ 0")
	case !finite(c.IPMean) || math.Abs(c.IPMean) >= 1:
		return bad("IPMean", c.IPMean, "want −1 < IPMean < 1 (tanh outputs)")
	case !(c.IPStd > 0) || !finite(c.IPStd):
		return bad("IPStd", c.IPStd, "want a positive number")
	case c.Window < 1:
		return bad("Window", c.Window, "want ≥ 1 step")
	case c.HistoryEvery < 1:
		return bad("HistoryEvery", c.HistoryEvery, "want ≥ 1 step")
	}
	return nil
}

// History is the record of a reservoir's adaptation: one point every
// Every steps (the interval doubles whenever MaxHistory points are
// reached), for plots.
type History struct {
	// Every is the current recording interval in steps.
	Every int
	// Step is the number of steps taken when each point was recorded.
	Step []int
	// Gain is the global gain g.
	Gain []float64
	// Lyapunov is the running local largest Lyapunov exponent (per step).
	Lyapunov []float64
	// Branching is the running mean-field branching ratio.
	Branching []float64
	// OutMean and OutStd are the running mean and standard deviation of
	// the neuron outputs tanh(a∘x + b), averaged over the neurons.
	OutMean, OutStd []float64
}

// Len is the number of recorded points.
func (h *History) Len() int { return len(h.Step) }

func (h *History) clone() History {
	return History{Every: h.Every, Step: append([]int(nil), h.Step...), Gain: append([]float64(nil), h.Gain...),
		Lyapunov: append([]float64(nil), h.Lyapunov...), Branching: append([]float64(nil), h.Branching...),
		OutMean: append([]float64(nil), h.OutMean...), OutStd: append([]float64(nil), h.OutStd...)}
}

// decimate keeps every other point.
func (h *History) decimate() {
	keep := func(n int) int { return (n + 1) / 2 }
	m := keep(len(h.Step))
	for i := 0; i < m; i++ {
		h.Step[i] = h.Step[2*i]
		h.Gain[i] = h.Gain[2*i]
		h.Lyapunov[i] = h.Lyapunov[2*i]
		h.Branching[i] = h.Branching[2*i]
		h.OutMean[i] = h.OutMean[2*i]
		h.OutStd[i] = h.OutStd[2*i]
	}
	h.Step, h.Gain, h.Lyapunov = h.Step[:m], h.Gain[:m], h.Lyapunov[:m]
	h.Branching, h.OutMean, h.OutStd = h.Branching[:m], h.OutMean[:m], h.OutStd[:m]
	h.Every *= 2
}

// Reservoir is a leaky-tanh echo state reservoir that tunes itself
// towards the edge of chaos while it runs. Its state r ∈ R^N follows
//
//	r(t+1) = (1 − α) r(t) + α y(t),  y(t) = tanh(a ∘ x(t) + b),
//	x(t) = g W0 r(t) + W_in [1; u(t)],
//
// where W0 is a sparse random matrix (each entry non-zero with
// probability Degree/N, uniform in [−1, 1]) normalised to spectral radius
// 1, so that g is the spectral radius of the recurrent matrix; W_in is
// dense uniform (bias column in [−Bias, Bias], inputs in
// [−InputScaling, InputScaling]); a and b are per-neuron gains and biases
// (1 and 0 initially) adapted by intrinsic plasticity. The input u is
// used as given (standardise it beforehand).
//
// Every step also propagates a perturbation vector v through the
// Jacobian of the driven map (the tangent dynamics, input held fixed),
//
//	J(t) = (1 − α) I + α diag((1 − y(t)²) ∘ a) g W0,
//	γ(t) = ln ‖J(t) v‖,  v ← J(t) v / ‖J(t) v‖,
//
// renormalised every step as in Benettin et al. (1980), so γ(t) is the
// local expansion rate along the most unstable direction and its time
// average the largest (conditional) Lyapunov exponent of the driven
// reservoir, λ = lim (1/T) Σ γ(t). The mean-field branching ratio
//
//	σ(t) = √((1/N) ‖J(t)‖²_F),
//
// is the root-mean-square one-step gain of a random perturbation (the
// slope of the Derrida map at the origin: how many "descendants" a unit
// perturbation has after one step); for a large random network it
// crosses 1 where the mean-field theory of Sompolinsky et al. (1988) and
// Molgedey et al. (1992) puts the transition to chaos. Both are reported
// as exponential moving averages over Config.Window steps.
//
// While adaptation is on (SetAdapt; on initially when a rate is
// positive), each step applies, after the state update:
//
//   - homeostatic gain control (Config.Target): a stochastic-
//     approximation step on the log-gain,
//     ln g ← ln g − η_g (γ(t) − λ*)   (TargetLyapunov), or
//     ln g ← ln g − η_g (ln σ(t) − ln σ*)   (TargetBranching),
//     whose fixed point is the set point on average, in the spirit of
//     the local homeostatic regulation of the spectral radius of
//     Schubert & Gros (2021); the targets 0 and 1 are the edge of chaos
//     (Bertschinger & Natschläger 2004; Legenstein & Maass 2007;
//     Boedecker et al. 2012) and critical branching (Beggs & Plenz 2003;
//     Haldeman & Beggs 2005);
//   - intrinsic plasticity for tanh neurons (Triesch 2005; Schrauwen et
//     al. 2008): with the Gaussian target N(μ, σ²) of the outputs y,
//     Δb_i = −η_IP (−μ/σ² + (y_i/σ²)(2σ² + 1 − y_i² + μ y_i)),
//     Δa_i = η_IP/a_i + Δb_i x_i,
//     the stochastic gradient of the Kullback-Leibler divergence of the
//     output distribution from the target.
//
// Gain control and intrinsic plasticity share a neutral direction:
// multiplying every a_i by c and g by 1/c leaves the recurrent gains
// a_i·g, hence the tangent dynamics, unchanged and only scales the input
// drive. Intrinsic plasticity moves slowly along it: with the default
// target N(0, 0.2²) on standardised Lorenz63 input, g grows from about
// 2.2 after 5·10³ steps to about 7 after 5·10⁴ (the a_i shrinking
// alike) while the measured λ stays within about 0.01 of its set
// point, so the reservoir becomes less input-driven in very long runs.
// Wider targets
// (IPStd 0.4–0.5) have a finite joint fixed point but forecast Lorenz63
// less well one step ahead. For long online runs, set IPRate to 0 once
// the outputs have settled, or watch History.Gain.
//
// A Reservoir is not safe for concurrent use.
//
// References:
//
//	Benettin, G., Galgani, L., Giorgilli, A. & Strelcyn, J.-M. (1980).
//	  Lyapunov characteristic exponents for smooth dynamical systems and
//	  for Hamiltonian systems. Meccanica 15, 9-20.
//	Triesch, J. (2005). A gradient rule for the plasticity of a neuron's
//	  intrinsic excitability. ICANN 2005, LNCS 3696, 65-70.
//	Schrauwen, B., Wardermann, M., Verstraeten, D., Steil, J. J. &
//	  Stroobandt, D. (2008). Improving reservoirs using intrinsic
//	  plasticity. Neurocomputing 71, 1159-1171.
//	Bertschinger, N. & Natschläger, T. (2004). Real-time computation at
//	  the edge of chaos in recurrent neural networks. Neural Comput. 16,
//	  1413-1436.
//	Legenstein, R. & Maass, W. (2007). Edge of chaos and prediction of
//	  computational performance for neural circuit models. Neural
//	  Networks 20, 323-334.
//	Boedecker, J., Obst, O., Lizier, J. T., Mayer, N. M. & Asada, M.
//	  (2012). Information processing in echo state networks at the edge
//	  of chaos. Theory Biosci. 131, 205-213.
//	Beggs, J. M. & Plenz, D. (2003). Neuronal avalanches in neocortical
//	  circuits. J. Neurosci. 23, 11167-11177.
//	Haldeman, C. & Beggs, J. M. (2005). Critical branching captures
//	  activity in living neural networks and maximizes the number of
//	  metastable states. Phys. Rev. Lett. 94, 058101.
//	Derrida, B. & Pomeau, Y. (1986). Random networks of automata: a
//	  simple annealed approximation. Europhys. Lett. 1, 45-49.
//	Sompolinsky, H., Crisanti, A. & Sommers, H. J. (1988). Chaos in
//	  random neural networks. Phys. Rev. Lett. 61, 259-262.
//	Molgedey, L., Schuchhardt, J. & Schuster, H. G. (1992). Suppressing
//	  chaos in neural networks by noise. Phys. Rev. Lett. 69, 3717-3719.
//	Schubert, F. & Gros, C. (2021). Local homeostatic regulation of the
//	  spectral radius of echo-state networks. Front. Comput. Neurosci.
//	  15, 587721.
type Reservoir struct {
	cfg   Config
	k     *core
	adapt bool
	rng   *rand.Rand

	r, x, y, v, jv []float64
	m1, m2         []float64 // running first and second moments of y

	steps        int
	lastGamma    float64
	lastSigma    float64
	lyap, branch float64 // running estimates
	hist         History
}

// New builds a reservoir for inputs of dim values (nil cfg:
// DefaultConfig). It returns an error for an invalid configuration or a
// recurrent matrix that cannot be normalised; it panics when dim < 1.
func New(dim int, cfg *Config) (*Reservoir, error) {
	if dim < 1 {
		panic(fmt.Sprintf("reservoir: New with input dimension %d", dim))
	}
	c := DefaultConfig()
	if cfg != nil {
		c = *cfg
	}
	if err := c.validate(); err != nil {
		return nil, err
	}
	k, err := newCore(dim, &c)
	if err != nil {
		return nil, err
	}
	n := c.Size
	res := &Reservoir{cfg: c, k: k, adapt: (c.GainRate > 0 && c.Target != TargetNone) || c.IPRate > 0,
		rng: rand.New(rand.NewPCG(c.Seed, streamTangent)),
		r:   make([]float64, n), x: make([]float64, n), y: make([]float64, n), v: make([]float64, n),
		jv: make([]float64, n), m1: make([]float64, n), m2: make([]float64, n),
		lyap: math.NaN(), branch: math.NaN(), lastGamma: math.NaN(), lastSigma: math.NaN(),
		hist: History{Every: c.HistoryEvery}}
	res.randomPerturbation()
	return res, nil
}

// randomPerturbation draws a fresh unit perturbation vector.
func (res *Reservoir) randomPerturbation() {
	var s float64
	for i := range res.v {
		res.v[i] = res.rng.NormFloat64()
		s += res.v[i] * res.v[i]
	}
	s = 1 / math.Sqrt(s)
	for i := range res.v {
		res.v[i] *= s
	}
}

// Config returns the configuration the reservoir was built with.
func (res *Reservoir) Config() Config { return res.cfg }

// Size is the number of neurons N.
func (res *Reservoir) Size() int { return res.k.n }

// InputDim is the number of input values per step.
func (res *Reservoir) InputDim() int { return res.k.d }

// SetAdapt turns adaptation (gain control and intrinsic plasticity) on
// or off; off freezes the reservoir. The running estimates keep being
// updated either way.
func (res *Reservoir) SetAdapt(on bool) { res.adapt = on }

// Adapting reports whether adaptation is on.
func (res *Reservoir) Adapting() bool { return res.adapt }

// Step advances the reservoir by one step with input u (InputDim values),
// updates the tangent vector and the running estimates, and adapts the
// gain and the intrinsic parameters when adaptation is on. A non-finite
// input is an error (the reservoir does not move); a wrong length panics.
// Step allocates nothing (except when the history grows).
func (res *Reservoir) Step(u []float64) error {
	k := res.k
	if len(u) != k.d {
		panic(fmt.Sprintf("reservoir: Step with %d inputs, want %d", len(u), k.d))
	}
	for j, v := range u {
		if !finite(v) {
			return fmt.Errorf("reservoir: step %d: input %d is %v", res.steps, j, v)
		}
	}
	k.net(res.x, res.r, u)
	k.activate(res.y, res.x)

	// Tangent dynamics and branching ratio at (r(t), u(t)).
	k.tangent(res.jv, res.v, res.y)
	var nrm float64
	for _, v := range res.jv {
		nrm += v * v
	}
	nrm = math.Sqrt(nrm)
	gamma := math.NaN()
	if nrm > 0 && finite(nrm) {
		gamma = math.Log(nrm)
		inv := 1 / nrm
		for i, v := range res.jv {
			res.v[i] = v * inv
		}
	} else {
		res.randomPerturbation()
	}
	sigma := k.branching(res.y)
	res.lastGamma, res.lastSigma = gamma, sigma

	k.leakInto(res.r, res.y)

	if res.adapt {
		res.adaptStep(gamma, sigma)
	}
	res.track(gamma, sigma)
	return nil
}

// adaptStep applies one step of gain control and intrinsic plasticity.
func (res *Reservoir) adaptStep(gamma, sigma float64) {
	c, k := &res.cfg, res.k
	if c.GainRate > 0 && c.Target != TargetNone {
		var e float64
		switch c.Target {
		case TargetLyapunov:
			e = gamma - c.LyapunovTarget
		case TargetBranching:
			e = math.Log(sigma) - math.Log(c.BranchingTarget)
		}
		if finite(e) {
			k.g = math.Min(MaxGain, math.Max(MinGain, k.g*math.Exp(-c.GainRate*e)))
		}
	}
	if c.IPRate > 0 {
		eta, mu := c.IPRate, c.IPMean
		s2 := c.IPStd * c.IPStd
		for i, y := range res.y {
			db := -eta * (-mu/s2 + y/s2*(2*s2+1-y*y+mu*y))
			k.a[i] = math.Max(MinIPGain, k.a[i]+eta/k.a[i]+db*res.x[i])
			k.b[i] += db
		}
	}
}

// track updates the running estimates and the history.
func (res *Reservoir) track(gamma, sigma float64) {
	beta := 1 / float64(res.cfg.Window)
	ema := func(old, v float64) float64 {
		if !finite(v) {
			return old
		}
		if math.IsNaN(old) {
			return v
		}
		return old + beta*(v-old)
	}
	res.lyap = ema(res.lyap, gamma)
	res.branch = ema(res.branch, sigma)
	if res.steps == 0 {
		for i, y := range res.y {
			res.m1[i], res.m2[i] = y, y*y
		}
	} else {
		for i, y := range res.y {
			res.m1[i] += beta * (y - res.m1[i])
			res.m2[i] += beta * (y*y - res.m2[i])
		}
	}
	res.steps++
	h := &res.hist
	if res.steps%h.Every == 0 {
		if h.Len() >= MaxHistory {
			h.decimate()
			if res.steps%h.Every != 0 {
				return
			}
		}
		mean, std := res.meanMoments()
		h.Step = append(h.Step, res.steps)
		h.Gain = append(h.Gain, res.k.g)
		h.Lyapunov = append(h.Lyapunov, res.lyap)
		h.Branching = append(h.Branching, res.branch)
		h.OutMean = append(h.OutMean, mean)
		h.OutStd = append(h.OutStd, std)
	}
}

// meanMoments averages the running output moments over the neurons.
func (res *Reservoir) meanMoments() (mean, std float64) {
	for i := range res.m1 {
		mean += res.m1[i]
		std += math.Sqrt(max(0, res.m2[i]-res.m1[i]*res.m1[i]))
	}
	n := float64(len(res.m1))
	return mean / n, std / n
}

// State writes the reservoir state r into dst (allocating when dst is
// short) and returns it.
func (res *Reservoir) State(dst []float64) []float64 {
	n := res.k.n
	if len(dst) < n {
		dst = make([]float64, n)
	}
	copy(dst, res.r)
	return dst[:n]
}

// Output writes the neuron outputs y = tanh(a∘x + b) of the last step
// into dst (with Leak = 1 they equal the state).
func (res *Reservoir) Output(dst []float64) []float64 {
	n := res.k.n
	if len(dst) < n {
		dst = make([]float64, n)
	}
	copy(dst, res.y)
	return dst[:n]
}

// ResetState sets the state to zero and draws a new perturbation vector;
// the adapted parameters, the running estimates, the step count and the
// history are kept.
func (res *Reservoir) ResetState() {
	clear(res.r)
	res.randomPerturbation()
}

// Steps is the number of steps taken.
func (res *Reservoir) Steps() int { return res.steps }

// Gain is the current global gain g (the spectral radius of g·W0).
func (res *Reservoir) Gain() float64 { return res.k.g }

// SetGain sets the global gain; it panics outside [MinGain, MaxGain].
func (res *Reservoir) SetGain(g float64) {
	if !(g >= MinGain && g <= MaxGain) {
		panic(fmt.Sprintf("reservoir: SetGain(%v) outside [%g, %g]", g, MinGain, MaxGain))
	}
	res.k.g = g
}

// Lyapunov is the running local largest Lyapunov exponent (per step; an
// exponential moving average over Config.Window steps of γ(t)); NaN
// before the first step.
func (res *Reservoir) Lyapunov() float64 { return res.lyap }

// Branching is the running mean-field branching ratio; NaN before the
// first step.
func (res *Reservoir) Branching() float64 { return res.branch }

// LastStep returns the instantaneous expansion rate γ(t) and branching
// ratio σ(t) of the last step.
func (res *Reservoir) LastStep() (gamma, sigma float64) { return res.lastGamma, res.lastSigma }

// IP returns copies of the intrinsic-plasticity gains a and biases b.
func (res *Reservoir) IP() (gain, bias []float64) {
	return append([]float64(nil), res.k.a...), append([]float64(nil), res.k.b...)
}

// OutputMoments returns the running mean and standard deviation of each
// neuron's output (exponential moving averages over Config.Window
// steps).
func (res *Reservoir) OutputMoments() (mean, std []float64) {
	mean = append([]float64(nil), res.m1...)
	std = make([]float64, len(res.m1))
	for i := range std {
		std[i] = math.Sqrt(max(0, res.m2[i]-res.m1[i]*res.m1[i]))
	}
	return mean, std
}

// History returns a copy of the adaptation history.
func (res *Reservoir) History() History { return res.hist.clone() }

// EffectiveRadius returns the spectral radius of diag(a)·g·W0, the
// recurrent matrix including the intrinsic-plasticity gains (a dense
// eigendecomposition, O(N³)).
func (res *Reservoir) EffectiveRadius() (float64, error) { return res.k.effectiveRadius() }

// RawRadius is the spectral radius of the random matrix before its
// normalisation.
func (res *Reservoir) RawRadius() float64 { return res.k.rho0 }
