package adapt

import (
	"context"
	"fmt"
	"math"

	"github.com/emergo/emergo/forecast"
)

// Online is a forecasting model that observes a stream one row at a time.
//
// The protocol is test-then-train: Predict forecasts the row that comes
// next from everything observed so far, then Observe reveals it. Missing
// values are NaN; every model here carries the last observed value of a
// missing column forward as its input and does not learn from a row that
// has a missing value (RLS neither from the rows whose features still
// depend on a carried-forward value, see FeatureMap.Memory).
type Online interface {
	// Name identifies the model ("rls-esn", "frozen-ridge", ...).
	Name() string
	// Observe consumes the true next row: it updates the model's state
	// and, when the model learns, its parameters. It returns an error for
	// a row of the wrong length or with an infinite value.
	Observe(x []float64) error
	// Predict writes the one-step forecast of the next row into dst (nil
	// or short: a new slice) and returns it.
	Predict(dst []float64) []float64
}

// scaler standardises columns, z = (x − μ)/σ, with the population
// statistics of a warm-up window, as forecast's models do: a column whose
// σ is not above 10⁻¹²·max(1, |μ|) is only centred.
type scaler struct {
	mu, sd []float64
}

// fitScaler computes the statistics of the finite values of each column
// of b (a column without any finite value gets μ = 0, σ = 1).
func fitScaler(b *forecast.Block) scaler {
	d := b.Dim
	s := scaler{mu: make([]float64, d), sd: make([]float64, d)}
	for j := 0; j < d; j++ {
		var m float64
		var n int
		for i := 0; i < b.Rows; i++ {
			if v := b.X[i*d+j]; !math.IsNaN(v) {
				m += v
				n++
			}
		}
		if n == 0 {
			s.sd[j] = 1
			continue
		}
		m /= float64(n)
		var ss float64
		for i := 0; i < b.Rows; i++ {
			if v := b.X[i*d+j]; !math.IsNaN(v) {
				r := v - m
				ss += r * r
			}
		}
		sd := math.Sqrt(ss / float64(n))
		if !(sd > 1e-12*max(1, math.Abs(m))) {
			sd = 1
		}
		s.mu[j], s.sd[j] = m, sd
	}
	return s
}

// checkRow validates an observation: its length, and no infinite values
// (NaN marks a missing value). It reports whether the row is complete.
func checkRow(name string, x []float64, dim int) (complete bool, err error) {
	if len(x) != dim {
		return false, fmt.Errorf("%s: observation has %d values, the model has %d columns", name, len(x), dim)
	}
	complete = true
	for j, v := range x {
		switch {
		case math.IsInf(v, 0):
			return false, fmt.Errorf("%s: observation column %d is %v (missing values are NaN)", name, j, v)
		case math.IsNaN(v):
			complete = false
		}
	}
	return complete, nil
}

// fillForward writes x into last, keeping last's value where x is NaN.
func fillForward(last, x []float64) {
	for j, v := range x {
		if !math.IsNaN(v) {
			last[j] = v
		}
	}
}

// FeatureMap turns the history of standardised rows into a feature
// vector for a linear readout. It is driven one row at a time.
type FeatureMap interface {
	// Dim is the number of columns of a row.
	Dim() int
	// Len is the number of features (the readout adds a constant).
	Len() int
	// Push consumes one standardised row (Dim values, all finite).
	Push(z []float64)
	// Ready reports whether enough rows have been pushed for Features.
	Ready() bool
	// Features writes the Len features of the current history into dst.
	Features(dst []float64)
	// Reset forgets the history.
	Reset()
	// Memory is the number of most recent rows the features depend on
	// appreciably: after an incomplete row RLS does not learn until that
	// many complete rows have been pushed, since the carried-forward
	// values would teach it a wrong mapping.
	Memory() int
}

// Lags is the delay-tap feature map of forecast's ridge and NVAR models:
// the k rows z(t), z(t−s), …, z(t−(k−1)s), newest first, and, for order
// > 1, their unique monomials up to that order (forecast.PolyFeatures,
// NVAR's order). Order 1 with s = 1 is the linear vector autoregression
// VAR(k) of forecast's "ridge"; order 2 with k = 2 the NG-RC of Gauthier
// et al. (2021).
type Lags struct {
	dim, k, s int
	poly      *forecast.PolyFeatures
	span      int
	hist      []float64 // ring of span rows
	pos       int       // slot of the next row
	count     int
	lin       []float64
}

// NewLags returns the delay-tap features of rows of dim columns: k taps
// spaced s rows apart and monomials up to order (1..3).
func NewLags(dim, k, s, order int) (*Lags, error) {
	switch {
	case dim < 1:
		return nil, fmt.Errorf("lags: dimension %d must be at least 1", dim)
	case k < 1:
		return nil, fmt.Errorf("lags: number of taps k=%d must be at least 1", k)
	case s < 1:
		return nil, fmt.Errorf("lags: spacing s=%d must be at least 1", s)
	}
	poly, err := forecast.NewPolyFeatures(k*dim, order)
	if err != nil {
		return nil, fmt.Errorf("lags: %w", err)
	}
	span := (k-1)*s + 1
	return &Lags{dim: dim, k: k, s: s, poly: poly, span: span, hist: make([]float64, span*dim), lin: make([]float64, k*dim)}, nil
}

// Dim is the number of columns.
func (l *Lags) Dim() int { return l.dim }

// Len is k·dim plus the number of monomials.
func (l *Lags) Len() int { return l.poly.Len() }

// Span is the number of rows the taps cover, (k−1)s + 1.
func (l *Lags) Span() int { return l.span }

// Push appends a row to the delay line.
func (l *Lags) Push(z []float64) {
	copy(l.hist[l.pos*l.dim:(l.pos+1)*l.dim], z)
	l.pos = (l.pos + 1) % l.span
	l.count++
}

// Ready reports whether the delay line is full.
func (l *Lags) Ready() bool { return l.count >= l.span }

// Features writes the taps and their monomials.
func (l *Lags) Features(dst []float64) {
	d := l.dim
	for j := 0; j < l.k; j++ {
		slot := ((l.pos-1-j*l.s)%l.span + l.span) % l.span
		copy(l.lin[j*d:(j+1)*d], l.hist[slot*d:(slot+1)*d])
	}
	l.poly.Eval(dst, l.lin)
}

// Reset empties the delay line.
func (l *Lags) Reset() { l.pos, l.count = 0, 0 }

// Memory is the span of the taps.
func (l *Lags) Memory() int { return l.span }

// ESNFeatures is the feature map of a batch-trained echo state network:
// each pushed row drives the reservoir one step (forecast.ESNDriver) and
// the features are the ESN's readout features φ(r) = [r; r∘r] (or r).
// The reservoir and the ESN's standardisation are those fitted by
// forecast; only the readout is learnt online. Rows pushed should be
// standardised with the statistics the ESN was fitted with (true when
// the RLS that uses it warms up on the ESN's training rows). The map is
// ready after the ESN's washout.
type ESNFeatures struct {
	d *forecast.ESNDriver
}

// NewESNFeatures returns the feature map of the fitted ESN m.
func NewESNFeatures(m *forecast.ESN) (*ESNFeatures, error) {
	d, err := m.Driver()
	if err != nil {
		return nil, err
	}
	return &ESNFeatures{d: d}, nil
}

// Dim is the ESN's input dimension.
func (f *ESNFeatures) Dim() int { return f.d.Dim() }

// Len is the number of readout features.
func (f *ESNFeatures) Len() int { return f.d.NumFeatures() }

// Push drives the reservoir with z.
func (f *ESNFeatures) Push(z []float64) { f.d.Step(z) }

// Ready reports whether the washout has passed (at least one step).
func (f *ESNFeatures) Ready() bool { return f.d.Steps() >= max(1, f.d.Washout()) }

// Features writes φ(r).
func (f *ESNFeatures) Features(dst []float64) { f.d.Features(dst) }

// Reset returns the reservoir to the zero state.
func (f *ESNFeatures) Reset() { f.d.Reset() }

// Memory is ESNMemory: a reservoir forgets its inputs gradually, and
// waiting out its whole washout after every missing row would stop
// learning altogether at realistic missing rates.
func (f *ESNFeatures) Memory() int { return ESNMemory }

// ESNMemory is the number of complete rows after a missing one before
// RLS learns again on reservoir features. On the "missing" scenario
// (10% of Lorenz rows missing) 10 gives rls-esn a median error after the
// change of 1.3·10⁻³ against 6.4·10⁻³ with 0 and 2.6·10⁻³ with 30.
const ESNMemory = 10

// RLSOptions configures an RLS model. The zero value means λ = 1 and
// δ = 10⁻⁶ (DefaultDelta), predicting the next row.
type RLSOptions struct {
	// Name is reported by Name (default "rls").
	Name string
	// Lambda is the forgetting factor λ ∈ (0, 1]: the model minimises the
	// exponentially weighted squared error Σ λ^{n−i} e_i²; the effective
	// memory is about 1/(1 − λ) rows. 0 means 1 (no forgetting).
	Lambda float64
	// Delta is the regularisation δ > 0 of the initial inverse
	// correlation matrix P0 = I/δ, equivalent to a ridge penalty δλⁿ on
	// the weights. 0 means DefaultDelta.
	Delta float64
	// Increment makes the readout predict the increment z(t+1) − z(t)
	// (as NG-RC does) instead of z(t+1).
	Increment bool
	// Floor, when positive, prevents covariance windup under forgetting:
	// at each update one coordinate direction (cycling through all) also
	// receives a pseudo-observation that confirms the current weights
	// (zero error, so W is unchanged), with a strength chosen so that the
	// information matrix P⁻¹ stays above about Floor·I in every direction,
	// that is P below I/Floor. Without it, directions the features do not
	// excite keep growing in P by 1/λ per row, and the first rows that do
	// excite them (typically right after a regime change) produce huge
	// weight changes and error bursts. 0 turns it off (exact RLS).
	Floor float64
}

// DefaultDelta is the default RLS regularisation δ.
const DefaultDelta = 1e-6

// RLS is recursive least squares on a feature map: the forecast of the
// next standardised row is
//
//	ẑ(t+1) = Wᵀ ψ(t),   ψ(t) = [1; φ(t)],
//
// (plus z(t) with Increment), with φ(t) the features of the history up
// to row t. Each observed row y (or its increment) updates W and the
// inverse correlation matrix P (Haykin 2014, Ch. 10; P is shared by the
// outputs since they have the same regressors):
//
//	π = P ψ,   k = π / (λ + ψᵀπ),
//	e = y − Wᵀψ   (the a priori error),
//	W ← W + k eᵀ,
//	P ← (P − k πᵀ) / λ,
//
// from W = 0 and P = I/δ. After n rows W minimises
// Σ_i λ^{n−i} ||y_i − Wᵀψ_i||² + δλⁿ ||W||²_F; with λ = 1 this is the
// batch ridge regression with penalty δ on every coefficient (the
// intercept included, unlike forecast's ridge, which leaves it
// unpenalised). P stays exactly symmetric (each update subtracts
// π_iπ_j/den). A non-positive or non-finite denominator, which rounding
// can produce after long forgetting with poorly exciting features, resets
// P to I/δ (covariance resetting, Goodwin & Sin 1984); Resets counts it.
// With forgetting, directions the features do not excite grow in P by
// 1/λ per row (covariance windup); RLSOptions.Floor bounds P by cheap
// zero-error pseudo-observations of one coordinate per row.
//
// Inputs are standardised with the column statistics of a warm-up window
// (Warm, or SetScaling); forecasts are returned in physical units. An
// Observe costs O(L² + L·dim) for L features and allocates nothing.
//
// References:
//
//	Haykin, S. (2014). Adaptive Filter Theory, 5th ed., Pearson, Ch. 10
//	  (the exponentially weighted RLS algorithm and its initialisation).
//	Goodwin, G. C. & Sin, K. S. (1984). Adaptive Filtering, Prediction and
//	  Control. Prentice-Hall (covariance resetting).
type RLS struct {
	name      string
	fm        FeatureMap
	dim, nf   int // nf = 1 + fm.Len()
	lambda    float64
	delta     float64
	increment bool
	learn     bool

	sc     scaler
	scaled bool

	w, p     []float64 // nf×dim and nf×nf
	psi, pi  []float64
	z, zlast []float64
	last     []float64 // last observed row, physical (missing carried forward)
	e        []float64
	havePsi  bool
	seen     int // rows observed
	updates  int
	resets   int
	stale    int     // complete rows still to push before learning again
	rho      float64 // strength of the anchoring pseudo-observations
	cycle    int     // next anchored coordinate
}

// NewRLS returns an RLS model on the feature map fm, with learning on.
// It panics when opt has λ outside (0, 1] or δ negative (programmer
// misuse).
func NewRLS(fm FeatureMap, opt RLSOptions) *RLS {
	lam, del := opt.Lambda, opt.Delta
	if lam == 0 {
		lam = 1
	}
	if del == 0 {
		del = DefaultDelta
	}
	if !(lam > 0 && lam <= 1) {
		panic(fmt.Sprintf("adapt: RLS forgetting factor λ=%v is outside (0, 1]", opt.Lambda))
	}
	if !(del > 0) || math.IsInf(del, 0) {
		panic(fmt.Sprintf("adapt: RLS regularisation δ=%v must be positive and finite", opt.Delta))
	}
	if !(opt.Floor >= 0) || math.IsInf(opt.Floor, 0) {
		panic(fmt.Sprintf("adapt: RLS floor %v must be non-negative and finite", opt.Floor))
	}
	name := opt.Name
	if name == "" {
		name = "rls"
	}
	d := fm.Dim()
	nf := 1 + fm.Len()
	m := &RLS{name: name, fm: fm, dim: d, nf: nf, lambda: lam, delta: del, increment: opt.Increment, learn: true,
		w: make([]float64, nf*d), p: make([]float64, nf*nf), psi: make([]float64, nf), pi: make([]float64, nf),
		z: make([]float64, d), zlast: make([]float64, d), last: make([]float64, d), e: make([]float64, d)}
	if opt.Floor > 0 && lam < 1 {
		// Each coordinate is anchored every nf updates and its
		// pseudo-information decays by λ per update: the steady state is
		// ρ/(1 − λ^nf) = Floor.
		m.rho = opt.Floor * (1 - math.Pow(lam, float64(nf)))
	}
	m.Restart()
	return m
}

// Name returns the model's name.
func (m *RLS) Name() string { return m.name }

// Lambda is the forgetting factor.
func (m *RLS) Lambda() float64 { return m.lambda }

// Delta is the regularisation δ.
func (m *RLS) Delta() float64 { return m.delta }

// SetLearning turns parameter updates on or off; with learning off the
// model is a frozen linear readout that still tracks its state.
func (m *RLS) SetLearning(on bool) { m.learn = on }

// Learning reports whether updates are on.
func (m *RLS) Learning() bool { return m.learn }

// Restart resets P to I/δ and keeps the weights: the next rows are
// learnt as fast as at the start (covariance resetting, a common reaction
// to a detected change).
func (m *RLS) Restart() {
	clear(m.p)
	for i := 0; i < m.nf; i++ {
		m.p[i*m.nf+i] = 1 / m.delta
	}
}

// Updates is the number of parameter updates made; Resets the number of
// times P was reset after a numerical breakdown.
func (m *RLS) Updates() int { return m.updates }

// Resets is the number of automatic resets of P (see RLS).
func (m *RLS) Resets() int { return m.resets }

// Weights returns a copy of W: (1 + Len)×dim row-major, row 0 the
// intercepts, in standardised units.
func (m *RLS) Weights() []float64 { return append([]float64(nil), m.w...) }

// SetScaling sets the standardisation z = (x − μ)/σ (σ > 0).
func (m *RLS) SetScaling(mu, sd []float64) error {
	if len(mu) != m.dim || len(sd) != m.dim {
		return fmt.Errorf("%s: scaling has %d means and %d deviations for %d columns", m.name, len(mu), len(sd), m.dim)
	}
	for j := range sd {
		if !(sd[j] > 0) || math.IsInf(sd[j], 0) || math.IsNaN(mu[j]) || math.IsInf(mu[j], 0) {
			return fmt.Errorf("%s: column %d: mean %v and deviation %v must be finite with a positive deviation", m.name, j, mu[j], sd[j])
		}
	}
	m.sc = scaler{mu: append([]float64(nil), mu...), sd: append([]float64(nil), sd...)}
	m.scaled = true
	return nil
}

// Warm standardises with the statistics of rows (unless SetScaling was
// called) and observes every row, learning when learning is on. With λ = 1
// the weights afterwards are the ridge regression on the warm-up rows.
func (m *RLS) Warm(ctx context.Context, rows *forecast.Block) error {
	if rows == nil || rows.Rows == 0 {
		return fmt.Errorf("%s: empty warm-up window", m.name)
	}
	if rows.Dim != m.dim {
		return fmt.Errorf("%s: warm-up window has %d columns, the model %d", m.name, rows.Dim, m.dim)
	}
	if !m.scaled {
		m.sc = fitScaler(rows)
		m.scaled = true
	}
	for i := 0; i < rows.Rows; i++ {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("%s: warm-up: %w", m.name, err)
			}
		}
		if err := m.Observe(rows.Row(i)); err != nil {
			return fmt.Errorf("%s: warm-up row %d: %w", m.name, i, err)
		}
	}
	return nil
}

// Observe learns from x (when learning is on, x is complete, the
// features of the previous history are ready and none of the last
// Memory rows was incomplete) and pushes x, its missing values carried
// forward, into the feature map.
func (m *RLS) Observe(x []float64) error {
	if !m.scaled {
		return fmt.Errorf("%s: no standardisation; call Warm or SetScaling first", m.name)
	}
	complete, err := checkRow(m.name, x, m.dim)
	if err != nil {
		return err
	}
	if m.seen == 0 {
		copy(m.last, m.sc.mu)
	}
	fillForward(m.last, x)
	for j, v := range m.last {
		m.z[j] = (v - m.sc.mu[j]) / m.sc.sd[j]
	}
	if !complete {
		m.stale = m.fm.Memory()
	}
	if complete && m.learn && m.havePsi && m.stale == 0 {
		for j, v := range m.z {
			if m.increment {
				v -= m.zlast[j]
			}
			m.e[j] = v
		}
		m.update()
	}
	if complete && m.stale > 0 {
		m.stale--
	}
	m.fm.Push(m.z)
	copy(m.zlast, m.z)
	m.seen++
	m.havePsi = m.fm.Ready()
	if m.havePsi {
		m.psi[0] = 1
		m.fm.Features(m.psi[1:])
	}
	return nil
}

// update applies one RLS step with regressor psi and target e (which
// update overwrites with the a priori error).
func (m *RLS) update() {
	nf, d := m.nf, m.dim
	psi, pi, p, w, e := m.psi, m.pi, m.p, m.w, m.e
	den := m.lambda
	for i := 0; i < nf; i++ {
		row := p[i*nf : (i+1)*nf]
		var v float64
		for j, pj := range psi {
			v += row[j] * pj
		}
		pi[i] = v
		den += psi[i] * v
	}
	if !(den > 0) || math.IsInf(den, 0) {
		m.Restart()
		m.resets++
		return
	}
	// A priori error e = y − Wᵀψ.
	for f, v := range psi {
		if v == 0 {
			continue
		}
		wf := w[f*d : (f+1)*d]
		for j := range e {
			e[j] -= wf[j] * v
		}
	}
	inv := 1 / den
	il := 1 / m.lambda
	for i := 0; i < nf; i++ {
		ki := pi[i] * inv
		wi := w[i*d : (i+1)*d]
		for j, ej := range e {
			wi[j] += ki * ej
		}
		// (π_i π_j)/den is symmetric in i and j bit for bit.
		pii := pi[i]
		row := p[i*nf : (i+1)*nf]
		for j, pj := range pi {
			row[j] = (row[j] - pii*pj*inv) * il
		}
	}
	m.updates++
	if m.rho > 0 {
		m.anchor()
	}
}

// anchor applies the pseudo-observation √ρ·e_c with zero error to P:
// P ← P − ρ P e_c e_cᵀ P / (1 + ρ P_cc), leaving W unchanged.
func (m *RLS) anchor() {
	nf, p := m.nf, m.p
	c := m.cycle
	m.cycle = (c + 1) % nf
	pc := m.pi
	for i := 0; i < nf; i++ {
		pc[i] = p[i*nf+c]
	}
	g := m.rho / (1 + m.rho*pc[c])
	for i := 0; i < nf; i++ {
		pci := pc[i]
		if pci == 0 {
			continue
		}
		// (P_ic P_jc)·g is symmetric in i and j bit for bit.
		row := p[i*nf : (i+1)*nf]
		for j, v := range pc {
			row[j] -= pci * v * g
		}
	}
}

// Predict writes the forecast of the next row. Before the feature map is
// ready it repeats the last observed row (the warm-up mean before any).
func (m *RLS) Predict(dst []float64) []float64 {
	d := m.dim
	if len(dst) < d {
		dst = make([]float64, d)
	}
	dst = dst[:d]
	switch {
	case !m.scaled:
		clear(dst)
		return dst
	case m.seen == 0:
		copy(dst, m.sc.mu)
		return dst
	case !m.havePsi:
		copy(dst, m.last)
		return dst
	}
	for j := range dst {
		var v float64
		if m.increment {
			v = m.zlast[j]
		}
		dst[j] = v
	}
	for f, v := range m.psi {
		wf := m.w[f*d : (f+1)*d]
		for j := range dst {
			dst[j] += wf[j] * v
		}
	}
	for j := range dst {
		dst[j] = dst[j]*m.sc.sd[j] + m.sc.mu[j]
	}
	return dst
}

// Frozen runs a trained forecast.Forecaster step by step without
// updating it: it keeps the last ContextLen rows as the context and
// forecasts the next row with Predict(context, 1). It is the baseline
// that online models are compared with. Missing values are carried
// forward into the context. When the model's Predict fails (a diverged
// forecast) the last row is forecast instead (persistence) and Failures
// counts it.
type Frozen struct {
	m        forecast.Forecaster
	name     string
	dim, n   int
	win      []float64 // n rows, oldest first
	last     []float64
	failures int
}

// NewFrozen wraps the fitted model m; history holds at least
// m.ContextLen() complete rows that precede the stream (usually the
// training rows), of which the last ContextLen start the context.
func NewFrozen(name string, m forecast.Forecaster, history *forecast.Block) (*Frozen, error) {
	if name == "" {
		name = "frozen-" + m.Name()
	}
	n := max(1, m.ContextLen())
	if history == nil || history.Rows < n {
		rows := 0
		if history != nil {
			rows = history.Rows
		}
		return nil, fmt.Errorf("%s: the model needs a context of %d rows, the history has %d", name, n, rows)
	}
	hist := history.Slice(history.Rows-n, history.Rows)
	if err := hist.Check(name + ": history"); err != nil {
		return nil, err
	}
	d := history.Dim
	f := &Frozen{m: m, name: name, dim: d, n: n, win: append([]float64(nil), hist.X...), last: make([]float64, d)}
	copy(f.last, hist.Row(n-1))
	if _, err := m.Predict(forecast.NewBlock(f.win, d), 1); err != nil {
		return nil, fmt.Errorf("%s: the model cannot forecast from the history: %w", name, err)
	}
	return f, nil
}

// Name returns the wrapper's name.
func (f *Frozen) Name() string { return f.name }

// Failures is the number of forecasts that fell back to persistence.
func (f *Frozen) Failures() int { return f.failures }

// Observe appends x to the context (missing values carried forward).
func (f *Frozen) Observe(x []float64) error {
	if _, err := checkRow(f.name, x, f.dim); err != nil {
		return err
	}
	fillForward(f.last, x)
	d := f.dim
	copy(f.win, f.win[d:])
	copy(f.win[(f.n-1)*d:], f.last)
	return nil
}

// Predict forecasts the next row from the context.
func (f *Frozen) Predict(dst []float64) []float64 {
	d := f.dim
	if len(dst) < d {
		dst = make([]float64, d)
	}
	dst = dst[:d]
	p, err := f.m.Predict(forecast.NewBlock(f.win, d), 1)
	if err != nil {
		f.failures++
		copy(dst, f.last)
		return dst
	}
	copy(dst, p.X)
	return dst
}
