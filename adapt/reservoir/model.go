package reservoir

import (
	"context"
	"fmt"
	"math"

	"github.com/emergo/emergo/forecast"
	"github.com/emergo/emergo/system"
)

// ModelName is the registry name of Model.
const ModelName = "esn-critical"

// divergeBound is forecast.DivergeBound: a standardised forecast value
// beyond it stops Predict with a *forecast.DivergedError.
const divergeBound = forecast.DivergeBound

// ModelOptions configures the readout and training of a Model.
type ModelOptions struct {
	// Washout is the number of initial teacher-forced steps whose states
	// are discarded; it is also the context length.
	Washout int
	// Alpha is the ridge penalty of the readout.
	Alpha float64
	// Squared selects the readout features [r; r∘r] (true) or r.
	Squared bool
	// TuneEpochs is the number of passes over the training rows with
	// adaptation on, each from the zero state, before the reservoir is
	// frozen (0: no tuning, a fixed reservoir).
	TuneEpochs int
}

// DefaultModelOptions returns washout 100, α = 10⁻⁶, squared features
// and 3 tuning passes.
func DefaultModelOptions() ModelOptions {
	return ModelOptions{Washout: 100, Alpha: 1e-6, Squared: true, TuneEpochs: 3}
}

// Model is an echo state network forecaster ("esn-critical") whose
// reservoir is a self-tuning Reservoir: Fit standardises the training
// rows column-wise, drives the reservoir through them TuneEpochs times
// with adaptation on (gain homeostasis and intrinsic plasticity, see
// Reservoir), freezes it, runs it teacher-forced from the zero state and
// fits the ridge readout
//
//	û(t+1) = b + W_outᵀ φ(r(t+1)),   φ(r) = [r; r∘r] or r,
//
// on the states after the washout, as forecast's "esn" does. Predict
// warms the frozen reservoir up on the context and runs the closed loop,
// feeding û back as the input. Model implements forecast.Forecaster,
// forecast.Representer (the reservoir states) and forecast.Dynamics (the
// closed loop as a map with an analytic Jacobian, so
// chaos.LyapunovSpectrum measures the trained model's exponents); Driven gives
// the frozen reservoir driven by data, whose conditional exponents the
// tuning regulates.
type Model struct {
	cfg Config
	opt ModelOptions

	fitted bool
	dim    int
	sc     *forecast.Scaler
	res    *Reservoir // the tuned reservoir (frozen after Fit)
	k      *core      // frozen snapshot used for forecasting
	nf     int
	wout   []float64 // nf×dim
	bout   []float64
}

// NewModel returns an unfitted model (nil arguments: DefaultConfig and
// DefaultModelOptions). Config.Seed seeds the reservoir. Invalid
// settings are errors.
func NewModel(cfg *Config, opt *ModelOptions) (*Model, error) {
	c := DefaultConfig()
	if cfg != nil {
		c = *cfg
	}
	if err := c.validate(); err != nil {
		return nil, err
	}
	o := DefaultModelOptions()
	if opt != nil {
		o = *opt
	}
	switch {
	case o.Washout < 0:
		return nil, fmt.Errorf("%s: ModelOptions.Washout = %d; want ≥ 0", ModelName, o.Washout)
	case !(o.Alpha >= 0) || !finite(o.Alpha):
		return nil, fmt.Errorf("%s: ModelOptions.Alpha = %v; want a finite number ≥ 0", ModelName, o.Alpha)
	case o.TuneEpochs < 0:
		return nil, fmt.Errorf("%s: ModelOptions.TuneEpochs = %d; want ≥ 0", ModelName, o.TuneEpochs)
	}
	return &Model{cfg: c, opt: o}, nil
}

func init() {
	d, o := DefaultConfig(), DefaultModelOptions()
	forecast.Register(forecast.Entry{
		Info: forecast.Info{
			Name:   ModelName,
			Family: "reservoir",
			Description: "Echo state network whose reservoir tunes itself towards the edge of chaos while driven by the training data " +
				"(homeostatic gain control of the local largest Lyapunov exponent or the branching ratio, intrinsic plasticity), " +
				"then freezes; ridge readout on [r; r²], closed-loop forecasting.",
			Citation: "Schrauwen, B. et al. (2008). Improving reservoirs using intrinsic plasticity. Neurocomputing 71, 1159-1171; " +
				"Boedecker, J. et al. (2012). Information processing in echo state networks at the edge of chaos. Theory Biosci. 131, 205-213; " +
				"Schubert, F. & Gros, C. (2021). Local homeostatic regulation of the spectral radius of echo-state networks. Front. Comput. Neurosci. 15, 587721.",
			Hyper: []system.Param{
				{Name: "size", Default: float64(d.Size), Min: 2, Max: MaxSize, Integer: true, Doc: "number of reservoir neurons N"},
				{Name: "degree", Default: d.Degree, Min: 0.1, Max: MaxSize, Doc: "mean number of non-zero entries per row of W0"},
				{Name: "radius", Default: d.Gain, Min: MinGain, Max: MaxGain, Doc: "initial global gain g (spectral radius of the recurrent matrix)"},
				{Name: "input_scaling", Default: d.InputScaling, Min: 0, Max: 100, Doc: "half-width of the uniform input weights (inputs are standardised)"},
				{Name: "bias", Default: d.Bias, Min: 0, Max: 100, Doc: "half-width of the uniform bias weights"},
				{Name: "leak", Default: d.Leak, Min: 1e-4, Max: 1, Doc: "leak rate α"},
				{Name: "target", Default: 1, Min: 0, Max: 2, Integer: true, Doc: "gain homeostasis: 0 fixed gain, 1 local Lyapunov exponent, 2 branching ratio"},
				{Name: "lyapunov_target", Default: d.LyapunovTarget, Min: -10, Max: 10, Doc: "set point of the local largest Lyapunov exponent (per step)"},
				{Name: "branching_target", Default: d.BranchingTarget, Min: 1e-3, Max: 100, Doc: "set point of the mean-field branching ratio"},
				{Name: "gain_rate", Default: d.GainRate, Min: 0, Max: 1, Doc: "learning rate of the log-gain (0: fixed gain)"},
				{Name: "ip_rate", Default: d.IPRate, Min: 0, Max: 1, Doc: "intrinsic-plasticity learning rate (0: off)"},
				{Name: "ip_mean", Default: d.IPMean, Min: -0.99, Max: 0.99, Doc: "mean of the Gaussian target of the neuron outputs"},
				{Name: "ip_std", Default: d.IPStd, Min: 1e-3, Max: 10, Doc: "standard deviation of the Gaussian target of the neuron outputs"},
				{Name: "window", Default: float64(d.Window), Min: 1, Max: 1e6, Integer: true, Doc: "time constant (steps) of the running estimates"},
				{Name: "tune_epochs", Default: float64(o.TuneEpochs), Min: 0, Max: 1000, Integer: true, Doc: "passes over the training rows with adaptation before freezing"},
				{Name: "washout", Default: float64(o.Washout), Min: 0, Max: 1e6, Integer: true, Doc: "initial steps whose states are discarded; also the context length"},
				{Name: "alpha", Default: o.Alpha, Min: 0, Max: 1e9, Doc: "ridge penalty of the readout"},
				{Name: "squared", Default: 1, Min: 0, Max: 1, Integer: true, Doc: "1: readout on [r; r²]; 0: on r"},
			},
		},
		Build: func(h map[string]float64, seed uint64) (forecast.Forecaster, error) {
			c := DefaultConfig()
			c.Size, c.Degree, c.Gain = int(h["size"]), h["degree"], h["radius"]
			c.InputScaling, c.Bias, c.Leak = h["input_scaling"], h["bias"], h["leak"]
			switch int(h["target"]) {
			case 0:
				c.Target = TargetNone
			case 1:
				c.Target = TargetLyapunov
			default:
				c.Target = TargetBranching
			}
			c.LyapunovTarget, c.BranchingTarget = h["lyapunov_target"], h["branching_target"]
			c.GainRate, c.IPRate, c.IPMean, c.IPStd = h["gain_rate"], h["ip_rate"], h["ip_mean"], h["ip_std"]
			c.Window, c.Seed = int(h["window"]), seed
			o := ModelOptions{Washout: int(h["washout"]), Alpha: h["alpha"], Squared: h["squared"] == 1, TuneEpochs: int(h["tune_epochs"])}
			return NewModel(&c, &o)
		},
	})
}

// Name returns "esn-critical".
func (m *Model) Name() string { return ModelName }

// ContextLen is the washout (at least 1).
func (m *Model) ContextLen() int { return max(1, m.opt.Washout) }

// Reservoir returns the tuned reservoir after Fit (nil before), with its
// adaptation history. Forecasts use a frozen copy, so stepping or
// adapting the returned reservoir does not change them.
func (m *Model) Reservoir() *Reservoir { return m.res }

// Gain returns the frozen global gain after Fit (NaN before).
func (m *Model) Gain() float64 {
	if m.k == nil {
		return math.NaN()
	}
	return m.k.g
}

func (m *Model) features(dst, r []float64) {
	n := m.k.n
	copy(dst, r)
	if m.opt.Squared {
		for i, v := range r {
			dst[n+i] = v * v
		}
	}
}

func (m *Model) readout(z, r, phi []float64) {
	m.features(phi, r)
	d := m.dim
	copy(z, m.bout)
	for f, p := range phi {
		w := m.wout[f*d : (f+1)*d]
		for k := range z {
			z[k] += w[k] * p
		}
	}
}

// Fit tunes the reservoir on the training rows, freezes it and fits the
// readout. It needs at least washout+2 rows; val is only checked.
func (m *Model) Fit(ctx context.Context, train, val *forecast.Block) error {
	if err := m.checkTrain(ctx, train, val); err != nil {
		return err
	}
	m.fitted = false
	d := train.Dim
	m.dim = d
	m.sc = forecast.FitScaler(train)
	zs := m.sc.Standardize(train)
	res, err := New(d, &m.cfg)
	if err != nil {
		return err
	}
	if res.Adapting() {
		for e := 0; e < m.opt.TuneEpochs; e++ {
			res.ResetState()
			for t := 0; t < train.Rows; t++ {
				if t%4096 == 0 {
					if err := ctx.Err(); err != nil {
						return fmt.Errorf("%s: fit: %w", ModelName, err)
					}
				}
				if err := res.Step(zs[t*d : (t+1)*d]); err != nil {
					return fmt.Errorf("%s: fit: tuning: %w", ModelName, err)
				}
			}
		}
	}
	res.SetAdapt(false)
	res.ResetState()
	m.res = res
	m.k = res.k.clone()
	n := m.k.n
	m.nf = n
	if m.opt.Squared {
		m.nf = 2 * n
	}
	w := m.opt.Washout
	samples := train.Rows - 1 - w
	states := make([]float64, samples*n)
	r := make([]float64, n)
	x := make([]float64, n)
	y := make([]float64, n)
	for t := 0; t < train.Rows-1; t++ {
		if t%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("%s: fit: %w", ModelName, err)
			}
		}
		m.k.advance(r, zs[t*d:(t+1)*d], x, y)
		if t >= w {
			copy(states[(t-w)*n:], r)
		}
	}
	wout, bout, err := forecast.Ridge(ctx, "esn-critical", samples, m.nf, d, m.opt.Alpha, func(i int, phi, yv []float64) {
		m.features(phi, states[i*n:(i+1)*n])
		t := w + i + 1
		copy(yv, zs[t*d:(t+1)*d])
	})
	if err != nil {
		return err
	}
	m.wout, m.bout = wout, bout
	m.fitted = true
	return nil
}

func (m *Model) checkTrain(ctx context.Context, train, val *forecast.Block) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%s: fit: %w", ModelName, err)
	}
	if train == nil || train.Dim < 1 {
		return fmt.Errorf("%s: fit: empty training block", ModelName)
	}
	if len(train.X) != train.Rows*train.Dim {
		return fmt.Errorf("%s: fit: training block has %d values for %d rows of %d", ModelName, len(train.X), train.Rows, train.Dim)
	}
	if need := m.opt.Washout + 2; train.Rows < need {
		return fmt.Errorf("%s: fit: the training series has %d rows; washout=%d needs at least %d", ModelName, train.Rows, m.opt.Washout, need)
	}
	if err := train.Check(ModelName + ": training data"); err != nil {
		return err
	}
	if val != nil {
		if val.Dim != train.Dim {
			return fmt.Errorf("%s: fit: validation block has %d columns, training block %d", ModelName, val.Dim, train.Dim)
		}
		if err := val.Check(ModelName + ": validation data"); err != nil {
			return err
		}
	}
	return nil
}

func (m *Model) checkBlock(what string, c *forecast.Block, need int) error {
	if !m.fitted {
		return fmt.Errorf("%s: model is not fitted; call Fit first", ModelName)
	}
	if c == nil {
		return fmt.Errorf("%s: %s block is nil", ModelName, what)
	}
	if c.Dim != m.dim {
		return fmt.Errorf("%s: %s has %d columns; the model was fitted on %d", ModelName, what, c.Dim, m.dim)
	}
	if len(c.X) != c.Rows*c.Dim {
		return fmt.Errorf("%s: %s block has %d values for %d rows of %d", ModelName, what, len(c.X), c.Rows, c.Dim)
	}
	if c.Rows < need {
		return fmt.Errorf("%s: %s has %d rows; the model needs at least %d", ModelName, what, c.Rows, need)
	}
	return c.Check(ModelName + ": " + what)
}

// buf is the scratch of one rollout.
type buf struct{ r, x, y, phi, z, u []float64 }

func (m *Model) newBuf() *buf {
	n := m.k.n
	return &buf{r: make([]float64, n), x: make([]float64, n), y: make([]float64, n), phi: make([]float64, m.nf),
		z: make([]float64, m.dim), u: make([]float64, m.dim)}
}

func (m *Model) warm(c *forecast.Block, b *buf) {
	clear(b.r)
	for t := 0; t < c.Rows; t++ {
		m.sc.To(b.u, c.Row(t))
		m.k.advance(b.r, b.u, b.x, b.y)
	}
}

func diverged(z []float64) bool {
	for _, v := range z {
		if !(math.Abs(v) <= divergeBound) {
			return true
		}
	}
	return false
}

// Predict warms the frozen reservoir on the context and runs the closed
// loop for horizon rows.
func (m *Model) Predict(c *forecast.Block, horizon int) (*forecast.Block, error) {
	if err := m.checkBlock("context", c, m.ContextLen()); err != nil {
		return nil, err
	}
	if horizon < 1 {
		return nil, fmt.Errorf("%s: predict: horizon %d must be at least 1", ModelName, horizon)
	}
	d := m.dim
	b := m.newBuf()
	m.warm(c, b)
	out := make([]float64, horizon*d)
	for h := 0; h < horizon; h++ {
		m.readout(b.z, b.r, b.phi)
		row := out[h*d : (h+1)*d]
		m.sc.From(row, b.z)
		if diverged(b.z) {
			return nil, &forecast.DivergedError{Model: ModelName, Step: h + 1, Horizon: horizon, Row: append([]float64(nil), row...)}
		}
		if h < horizon-1 {
			m.k.advance(b.r, b.z, b.x, b.y)
		}
	}
	return forecast.NewBlock(out, d), nil
}

// Represent returns the frozen reservoir's state after each row of x,
// teacher forced from zero, for the rows after the washout (x.Rows −
// washout rows of N values, aligned to the end of x).
func (m *Model) Represent(x *forecast.Block) (*forecast.Block, error) {
	if err := m.checkBlock("represent input", x, m.opt.Washout+1); err != nil {
		return nil, err
	}
	n, w := m.k.n, m.opt.Washout
	b := m.newBuf()
	out := make([]float64, (x.Rows-w)*n)
	for t := 0; t < x.Rows; t++ {
		m.sc.To(b.u, x.Row(t))
		m.k.advance(b.r, b.u, b.x, b.y)
		if t >= w {
			copy(out[(t-w)*n:], b.r)
		}
	}
	return forecast.NewBlock(out, n), nil
}

// Driven returns the frozen reservoir driven by the rows of x
// (standardised with the training statistics), from the zero state:
// chaos.LyapunovSpectrum of it gives the conditional Lyapunov exponents
// that the tuning regulated. Run a transient of about the washout before
// averaging.
func (m *Model) Driven(x *forecast.Block) (*Driven, error) {
	if err := m.checkBlock("driving input", x, 1); err != nil {
		return nil, err
	}
	return newDriven(m.k.clone(), m.sc.Standardize(x), make([]float64, m.k.n)), nil
}

// Dynamics returns the closed loop as a map on the reservoir state,
//
//	r' = (1 − α) r + α tanh(a ∘ (g W0 r + W_in [1; ĝ(r)]) + b),
//	ĝ(r) = b_out + W_outᵀ φ(r),
//
// started from the state the teacher-forced context leads to, with the
// analytic Jacobian
//
//	∂F/∂r = (1 − α) I + α diag((1 − y²) ∘ a) (g W0 + W_in,u ∂ĝ/∂r).
//
// Output(State()) after i Steps is row i of Predict(context, ·). It
// implements system.Field, system.Jacobianer, system.Discrete,
// system.Setter, system.Resetter and forecast.Outputter.
func (m *Model) Dynamics(c *forecast.Block) (system.System, error) {
	if err := m.checkBlock("context", c, m.ContextLen()); err != nil {
		return nil, err
	}
	b := m.newBuf()
	m.warm(c, b)
	n := m.k.n
	return &closedLoop{m: m, b: b, x: append([]float64(nil), b.r...), x0: append([]float64(nil), b.r...),
		tmp: make([]float64, n), gr: make([]float64, m.dim*n), out: make([]float64, m.dim)}, nil
}

// closedLoop is the trained model's closed loop as a system.System.
type closedLoop struct {
	m     *Model
	b     *buf
	x, x0 []float64
	tmp   []float64
	t     float64
	gr    []float64 // ∂ĝ_k/∂r_j, dim×N
	out   []float64
}

func (s *closedLoop) Name() string     { return ModelName + "/dynamics" }
func (s *closedLoop) Dim() int         { return s.m.k.n }
func (s *closedLoop) Time() float64    { return s.t }
func (s *closedLoop) IsDiscrete() bool { return true }
func (s *closedLoop) Reset()           { copy(s.x, s.x0); s.t = 0 }

func (s *closedLoop) State(dst []float64) []float64 {
	n := s.m.k.n
	if len(dst) < n {
		dst = make([]float64, n)
	}
	copy(dst, s.x)
	return dst[:n]
}

func (s *closedLoop) SetState(x []float64) {
	if len(x) != s.m.k.n {
		panic(fmt.Sprintf("reservoir: %s SetState with %d values, want %d", s.Name(), len(x), s.m.k.n))
	}
	copy(s.x, x)
}

// Output writes the readout of a state in physical units.
func (s *closedLoop) Output(dst, state []float64) []float64 {
	d := s.m.dim
	if len(dst) < d {
		dst = make([]float64, d)
	}
	s.m.readout(s.out, state, s.b.phi)
	s.m.sc.From(dst[:d], s.out)
	return dst[:d]
}

// Eval writes F(r) into dst (dst may alias r).
func (s *closedLoop) Eval(dst, r []float64, _ float64) {
	m := s.m
	m.readout(s.b.z, r, s.b.phi)
	m.k.net(s.b.x, r, s.b.z)
	m.k.activate(s.b.y, s.b.x)
	if &dst[0] != &r[0] {
		copy(dst, r)
	}
	m.k.leakInto(dst[:m.k.n], s.b.y)
}

func (s *closedLoop) Step() error {
	s.Eval(s.tmp, s.x, s.t)
	s.x, s.tmp = s.tmp, s.x
	s.t++
	if diverged(s.b.z) {
		return &system.DivergedError{System: s.Name(), Time: s.t, State: append([]float64(nil), s.x...),
			Reason: fmt.Sprintf("the closed-loop output left %g training standard deviations", divergeBound)}
	}
	return nil
}

// Jacobian writes ∂F_i/∂r_j (row-major N×N) at r.
func (s *closedLoop) Jacobian(dst, r []float64, _ float64) {
	m := s.m
	k := m.k
	n, d := k.n, m.dim
	m.readout(s.b.z, r, s.b.phi)
	k.net(s.b.x, r, s.b.z)
	k.activate(s.b.y, s.b.x)
	for q := 0; q < d; q++ {
		gq := s.gr[q*n : (q+1)*n]
		for j := 0; j < n; j++ {
			v := m.wout[j*d+q]
			if m.opt.Squared {
				v += 2 * r[j] * m.wout[(n+j)*d+q]
			}
			gq[j] = v
		}
	}
	a := k.leak
	for i := 0; i < n; i++ {
		row := dst[i*n : (i+1)*n]
		clear(row)
		for q := k.rowPtr[i]; q < k.rowPtr[i+1]; q++ {
			row[k.col[q]] += k.g * k.val[q]
		}
		win := k.win[i*(1+d) : (i+1)*(1+d)]
		for q := 0; q < d; q++ {
			c := win[1+q]
			for j, v := range s.gr[q*n : (q+1)*n] {
				row[j] += c * v
			}
		}
		y := s.b.y[i]
		sc := a * (1 - y*y) * k.a[i]
		for j := range row {
			row[j] *= sc
		}
		row[i] += 1 - a
	}
}
