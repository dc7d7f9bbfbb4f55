package forecast

import (
	"context"
	"fmt"

	"github.com/emergo/emergo/system"
)

// MaxFeatures bounds the number of polynomial features of an NVAR model;
// Fit refuses larger models (the normal matrix is MaxFeatures² values).
const MaxFeatures = 5000

// NVAR is a nonlinear vector autoregression: a ridge-regression readout
// on polynomial features of time-delayed inputs. It is the model of both
// "ridge" (order 1: a linear VAR(p) with intercept) and "nvar" (the next
// generation reservoir computer of Gauthier et al. 2021).
//
// With the data standardised column-wise on the training rows,
// z = (x − μ)/σ, the linear part of the feature vector at time t holds k
// taps spaced s rows apart, newest first,
//
//	O_lin(t) = [z(t), z(t−s), …, z(t−(k−1)s)]          (k·dim values),
//
// the nonlinear part holds every unique monomial of O_lin of degree 2 to
// order (for order 2 the products O_a·O_b, a ≤ b: k·dim(k·dim+1)/2 of
// them; order 3 adds the products of three), and the readout is
//
//	z(t+1) = [z(t)] + b + Wᵀ[O_lin(t); O_nonlin(t)],
//
// where the bracketed z(t) is present when the model predicts the
// increment (hyperparameter increment = 1, as in Gauthier et al.). W and
// the intercept b are fitted by ridge regression with penalty α on W
// (the intercept, the constant feature of Gauthier et al., is not
// penalised), in float64 through the SVD of the centred feature matrix
// (Cholesky of the normal equations for very large problems). Forecasts
// beyond one step feed the predictions back into the delay taps.
//
// Standardisation does not change the model class: polynomials of
// degree ≤ order in z span the same space as those in x. It does change
// what a given α means: Gauthier et al. apply α = 2.5·10⁻⁶ to raw Lorenz
// features (values ~10, squares ~10²), here it applies to features of
// order 1, a relatively stronger penalty. The closed-loop accuracy does
// depend on α (on the published Lorenz setting the one-Lyapunov-time
// NRMSE is 2.9·10⁻³ at α = 2.5·10⁻⁶ and 1.2·10⁻³ at 10⁻⁸, while α ≤ 10⁻⁹
// gives unstable rollouts), so α is worth tuning on validation data.
//
// As a dynamical system (Dynamics) the model is a map on the delay vector
// of the last (k−1)s+1 rows in physical units, oldest first; its Jacobian
// is analytic: the shift of the delay rows and, for the new row,
//
//	∂x_i(t+1)/∂x_l(t−js) = σ_i/σ_l · ([inc]δ_{j0}δ_il + Σ_f W_fi ∂O_f/∂O_lin,(jd+l)).
//
// References:
//
//	Gauthier, D. J., Bollt, E., Griffith, A. & Barbosa, W. A. S. (2021).
//	  Next generation reservoir computing. Nat. Commun. 12, 5564.
//	Bollt, E. (2021). On explaining the surprising success of reservoir
//	  computing forecaster of chaos? The universal machine learning
//	  dynamical system with contrast to VAR and DMD. Chaos 31, 013108.
//	Lütkepohl, H. (2005). New Introduction to Multiple Time Series
//	  Analysis. Springer (the VAR(p) model and its least-squares fit).
type NVAR struct {
	name      string
	k, s      int
	order     int
	increment bool
	alpha     float64

	// Fitted.
	dim   int
	sc    scaler
	mono  [][]int // nonlinear monomials as index lists into O_lin
	nlin  int     // k·dim
	nfeat int     // nlin + len(mono)
	w, b  []float64
}

func init() {
	Register(Entry{
		Info: Info{
			Name:   "ridge",
			Family: "linear",
			Description: "Linear vector autoregression VAR(p) with intercept, x(t+1) = c + Σ_{l=1..p} A_l x(t−l+1), " +
				"fitted by ridge regression on standardised data (closed-form float64 solve by SVD).",
			Citation: "Hoerl, A. E. & Kennard, R. W. (1970). Ridge regression: biased estimation for nonorthogonal problems. " +
				"Technometrics 12, 55-67; Lütkepohl, H. (2005). New Introduction to Multiple Time Series Analysis. Springer.",
			Hyper: []system.Param{
				{Name: "lags", Default: 4, Min: 1, Max: 1000, Integer: true, Doc: "number of lags p (rows of context)"},
				{Name: "alpha", Default: 1e-6, Min: 0, Max: 1e9, Doc: "ridge penalty α on the lag coefficients (standardised units; the intercept is not penalised)"},
			},
		},
		Build: func(h map[string]float64, _ uint64) (Forecaster, error) {
			return &NVAR{name: "ridge", k: intHyper(h, "lags"), s: 1, order: 1, alpha: h["alpha"]}, nil
		},
	})
	Register(Entry{
		Info: Info{
			Name:   "nvar",
			Family: "reservoir",
			Description: "Next generation reservoir computing (nonlinear vector autoregression): constant, k linear delay taps " +
				"spaced s rows apart and their unique polynomial monomials up to the given order, ridge readout predicting " +
				"the increment x(t+1) − x(t). Defaults are the published Lorenz63 setting.",
			Citation: "Gauthier, D. J., Bollt, E., Griffith, A. & Barbosa, W. A. S. (2021). Next generation reservoir computing. " +
				"Nat. Commun. 12, 5564.",
			Hyper: []system.Param{
				{Name: "k", Default: 2, Min: 1, Max: 100, Integer: true, Doc: "number of delay taps k"},
				{Name: "s", Default: 1, Min: 1, Max: 1000, Integer: true, Doc: "spacing s between taps, in rows"},
				{Name: "order", Default: 2, Min: 1, Max: 3, Integer: true, Doc: "highest monomial degree (1 linear, 2 quadratic, 3 cubic)"},
				{Name: "alpha", Default: 2.5e-6, Min: 0, Max: 1e9, Doc: "ridge penalty α (Gauthier et al. 2021 use 2.5e-6 for Lorenz63)"},
				{Name: "increment", Default: 1, Min: 0, Max: 1, Integer: true, Doc: "1: predict the increment x(t+1) − x(t); 0: predict x(t+1)"},
			},
		},
		Build: func(h map[string]float64, _ uint64) (Forecaster, error) {
			return &NVAR{name: "nvar", k: intHyper(h, "k"), s: intHyper(h, "s"), order: intHyper(h, "order"),
				alpha: h["alpha"], increment: h["increment"] == 1}, nil
		},
	})
}

// Name returns the registry name ("ridge" or "nvar").
func (m *NVAR) Name() string { return m.name }

// span is the number of rows the delay taps cover, (k−1)s+1.
func (m *NVAR) span() int { return (m.k-1)*m.s + 1 }

// ContextLen is (k−1)s+1 rows.
func (m *NVAR) ContextLen() int { return m.span() }

// NumFeatures is the length of the feature vector without the constant
// (0 before Fit).
func (m *NVAR) NumFeatures() int { return m.nfeat }

// monomials lists the nondecreasing index tuples of length 2..order over
// n linear features, degree by degree, each in lexicographic order.
func monomials(n, order int) [][]int {
	var out [][]int
	for deg := 2; deg <= order; deg++ {
		idx := make([]int, deg)
		var rec func(pos, from int)
		rec = func(pos, from int) {
			if pos == deg {
				out = append(out, append([]int(nil), idx...))
				return
			}
			for a := from; a < n; a++ {
				idx[pos] = a
				rec(pos+1, a)
			}
		}
		rec(0, 0)
	}
	return out
}

// countMonomials is the number of monomials of degree 2..order in n
// variables, Σ_deg C(n+deg−1, deg).
func countMonomials(n, order int) int {
	total := 0
	c := n // C(n, 1)
	for deg := 2; deg <= order; deg++ {
		c = c * (n + deg - 1) / deg
		total += c
	}
	return total
}

// Fit standardises the training rows and solves the ridge regression of
// the (increment of the) next row on the features. It needs at least
// (k−1)s+2 rows; the validation block is not used.
func (m *NVAR) Fit(ctx context.Context, train, val *Block) error {
	span := m.span()
	why := fmt.Sprintf("k=%d taps spaced s=%d ((k−1)·s+2 rows)", m.k, m.s)
	if m.name == "ridge" {
		why = fmt.Sprintf("lags=%d (lags+1 rows)", m.k)
	}
	if err := checkTrain(ctx, m.name, train, val, span+1, why); err != nil {
		return err
	}
	d := train.Dim
	nlin := m.k * d
	if nf := nlin + countMonomials(nlin, m.order); nf > MaxFeatures {
		return fmt.Errorf("%s: fit: %d linear taps (k·dim = %d·%d) give %d polynomial features of order %d, more than %d; lower k, order or the dimension",
			m.name, nlin, m.k, d, nf, m.order, MaxFeatures)
	}
	mono := monomials(nlin, m.order)
	sc := fitScaler(train)
	zs := sc.standardize(train)
	nfeat := nlin + len(mono)
	fit := &NVAR{name: m.name, k: m.k, s: m.s, order: m.order, increment: m.increment, alpha: m.alpha,
		dim: d, sc: sc, mono: mono, nlin: nlin, nfeat: nfeat}
	samples := train.Rows - span
	w, b, err := ridge(ctx, m.name, samples, nfeat, d, m.alpha, func(i int, phi, y []float64) {
		t := span - 1 + i
		lin := phi[:nlin] // features reads the linear part in place
		for j := 0; j < m.k; j++ {
			copy(lin[j*d:(j+1)*d], zs[(t-j*m.s)*d:(t-j*m.s+1)*d])
		}
		fit.features(phi, lin)
		copy(y, zs[(t+1)*d:(t+2)*d])
		if m.increment {
			for l := range y {
				y[l] -= zs[t*d+l]
			}
		}
	})
	if err != nil {
		return err
	}
	fit.w, fit.b = w, b
	*m = *fit
	return nil
}

// features writes [O_lin; O_nonlin] for the linear part lin into dst
// (lin may be dst[:nlin]).
func (m *NVAR) features(dst, lin []float64) {
	copy(dst, lin)
	for f, idx := range m.mono {
		p := 1.0
		for _, a := range idx {
			p *= lin[a]
		}
		dst[m.nlin+f] = p
	}
}

// nvarBuf holds the scratch vectors of one rollout.
type nvarBuf struct {
	lin, phi, z, row []float64
}

func (m *NVAR) newBuf() *nvarBuf {
	return &nvarBuf{lin: make([]float64, m.nlin), phi: make([]float64, m.nfeat), z: make([]float64, m.dim), row: make([]float64, m.dim)}
}

// next writes the forecast of the row that follows the delay window win
// (span rows in physical units, oldest first) into dst, and reports
// whether the standardised forecast left the divergence bound.
func (m *NVAR) next(dst, win []float64, buf *nvarBuf) bool {
	d, span := m.dim, m.span()
	for j := 0; j < m.k; j++ {
		r := span - 1 - j*m.s
		m.sc.to(buf.lin[j*d:(j+1)*d], win[r*d:(r+1)*d])
	}
	m.features(buf.phi, buf.lin)
	for i := 0; i < d; i++ {
		v := m.b[i]
		for f, p := range buf.phi {
			v += m.w[f*d+i] * p
		}
		if m.increment {
			v += buf.lin[i]
		}
		buf.z[i] = v
	}
	m.sc.from(dst, buf.z)
	return diverged(buf.z)
}

// Predict rolls the model out from the last (k−1)s+1 context rows.
func (m *NVAR) Predict(c *Block, horizon int) (*Block, error) {
	span := m.span()
	if err := checkContext(m.name, m.w != nil, m.dim, c, span, horizon); err != nil {
		return nil, err
	}
	d := m.dim
	win := append([]float64(nil), c.X[(c.Rows-span)*d:]...)
	out := make([]float64, horizon*d)
	buf := m.newBuf()
	for h := 0; h < horizon; h++ {
		row := out[h*d : (h+1)*d]
		if m.next(row, win, buf) {
			return nil, &DivergedError{Model: m.name, Step: h + 1, Horizon: horizon, Row: append([]float64(nil), row...)}
		}
		copy(win, win[d:])
		copy(win[(span-1)*d:], row)
	}
	return NewBlock(out, d), nil
}

// Represent returns the feature vector [O_lin; O_nonlin] (standardised
// units, without the constant) of every row of x that has a full delay
// window: x.Rows − (k−1)s rows, aligned to the end of x.
func (m *NVAR) Represent(x *Block) (*Block, error) {
	if m.w == nil {
		return nil, errNotFitted(m.name)
	}
	span := m.span()
	if err := checkBlock(m.name, "represent input", m.dim, x, span); err != nil {
		return nil, err
	}
	d := m.dim
	rows := x.Rows - span + 1
	out := make([]float64, rows*m.nfeat)
	lin := make([]float64, m.nlin)
	for r := 0; r < rows; r++ {
		t := r + span - 1
		for j := 0; j < m.k; j++ {
			m.sc.to(lin[j*d:(j+1)*d], x.X[(t-j*m.s)*d:(t-j*m.s+1)*d])
		}
		m.features(out[r*m.nfeat:(r+1)*m.nfeat], lin)
	}
	return NewBlock(out, m.nfeat), nil
}

// LinearCoefficients returns, for an order-1 model, the fitted VAR in
// physical units,
//
//	x(t+1) = c + Σ_{j=0}^{k−1} A_j x(t − j·s),
//
// with A[j] row-major dim×dim (A[j][i*dim+l] multiplies x_l(t−js) in the
// equation of x_i); for an increment model A_0 includes the identity.
func (m *NVAR) LinearCoefficients() (c []float64, a [][]float64, err error) {
	if m.w == nil {
		return nil, nil, errNotFitted(m.name)
	}
	if m.order != 1 {
		return nil, nil, fmt.Errorf("%s: linear coefficients need order 1, the model has order %d", m.name, m.order)
	}
	d := m.dim
	c = make([]float64, d)
	a = make([][]float64, m.k)
	for j := range a {
		a[j] = make([]float64, d*d)
	}
	for i := 0; i < d; i++ {
		ci := m.sc.mu[i] + m.sc.sd[i]*m.b[i]
		if m.increment {
			ci -= m.sc.mu[i]
		}
		for j := 0; j < m.k; j++ {
			for l := 0; l < d; l++ {
				v := m.sc.sd[i] * m.w[(j*d+l)*d+i] / m.sc.sd[l]
				ci -= v * m.sc.mu[l]
				if m.increment && j == 0 && l == i {
					v++
				}
				a[j][i*d+l] = v
			}
		}
		c[i] = ci
	}
	return c, a, nil
}

// Dynamics returns the fitted model as a map on the delay vector: the
// state holds (k−1)s+1 rows in physical units, oldest first, and one Step
// appends the model's forecast of the next row and drops the oldest. The
// system starts from the state whose newest row is the first forecast
// after the context, so that Output(State()) after i Steps is row i of
// Predict(context, ·). It implements system.Field, system.Jacobianer
// (analytic), system.Discrete, system.Setter, system.Resetter and
// Outputter (the newest row).
func (m *NVAR) Dynamics(c *Block) (system.System, error) {
	span := m.span()
	if err := checkContext(m.name, m.w != nil, m.dim, c, span, 1); err != nil {
		return nil, err
	}
	d := m.dim
	n := span * d
	sys := &nvarSys{m: m, n: n, buf: m.newBuf(), x: make([]float64, n), tmp: make([]float64, n),
		g: make([]float64, m.nfeat*m.nlin), mlin: make([]float64, d*m.nlin)}
	win := c.X[(c.Rows-span)*d:]
	sys.Eval(sys.x, win, 0)
	if sys.div {
		return nil, &DivergedError{Model: m.name, Step: 1, Horizon: 1, Row: append([]float64(nil), sys.x[n-d:]...)}
	}
	sys.x0 = append([]float64(nil), sys.x...)
	return sys, nil
}

// nvarSys is the NVAR delay map as a system.System.
type nvarSys struct {
	m      *NVAR
	n      int
	x, tmp []float64
	x0     []float64
	t      float64
	buf    *nvarBuf
	div    bool      // the last Eval left the divergence bound
	g      []float64 // ∂O/∂O_lin, nfeat×nlin
	mlin   []float64 // Wᵀ g, dim×nlin
}

func (s *nvarSys) Name() string     { return s.m.name + "/dynamics" }
func (s *nvarSys) Dim() int         { return s.n }
func (s *nvarSys) Time() float64    { return s.t }
func (s *nvarSys) IsDiscrete() bool { return true }
func (s *nvarSys) Reset()           { copy(s.x, s.x0); s.t = 0 }

func (s *nvarSys) State(dst []float64) []float64 {
	if len(dst) < s.n {
		dst = make([]float64, s.n)
	}
	copy(dst, s.x)
	return dst[:s.n]
}

func (s *nvarSys) SetState(x []float64) {
	if len(x) != s.n {
		panic(fmt.Sprintf("forecast: %s SetState with %d values, want %d", s.Name(), len(x), s.n))
	}
	copy(s.x, x)
}

// Output writes the newest row of the delay state (physical units).
func (s *nvarSys) Output(dst, state []float64) []float64 {
	d := s.m.dim
	if len(dst) < d {
		dst = make([]float64, d)
	}
	copy(dst, state[s.n-d:s.n])
	return dst[:d]
}

// Eval writes the map f(x): the delay rows shifted by one and the
// forecast row appended (dst may alias x).
func (s *nvarSys) Eval(dst, x []float64, _ float64) {
	d := s.m.dim
	s.div = s.m.next(s.buf.row, x, s.buf)
	copy(dst[:s.n-d], x[d:])
	copy(dst[s.n-d:s.n], s.buf.row)
}

func (s *nvarSys) Step() error {
	s.Eval(s.tmp, s.x, s.t)
	s.x, s.tmp = s.tmp, s.x
	s.t++
	if s.div {
		return &system.DivergedError{System: s.Name(), Time: s.t, State: append([]float64(nil), s.x...),
			Reason: fmt.Sprintf("the forecast left %g training standard deviations", DivergeBound)}
	}
	return nil
}

// Jacobian writes ∂f_i/∂x_j (row-major n×n) at x.
func (s *nvarSys) Jacobian(dst, x []float64, _ float64) {
	m := s.m
	d, n, span := m.dim, s.n, m.span()
	clear(dst[:n*n])
	for i := 0; i < n-d; i++ {
		dst[i*n+i+d] = 1
	}
	lin := s.buf.lin
	for j := 0; j < m.k; j++ {
		r := span - 1 - j*m.s
		m.sc.to(lin[j*d:(j+1)*d], x[r*d:(r+1)*d])
	}
	g := s.g
	clear(g)
	for q := 0; q < m.nlin; q++ {
		g[q*m.nlin+q] = 1
	}
	for f, idx := range m.mono {
		row := g[(m.nlin+f)*m.nlin : (m.nlin+f+1)*m.nlin]
		for p := range idx {
			prod := 1.0
			for o, a := range idx {
				if o != p {
					prod *= lin[a]
				}
			}
			row[idx[p]] += prod
		}
	}
	for i := 0; i < d; i++ {
		ml := s.mlin[i*m.nlin : (i+1)*m.nlin]
		clear(ml)
		for f := 0; f < m.nfeat; f++ {
			wf := m.w[f*d+i]
			if wf == 0 {
				continue
			}
			gr := g[f*m.nlin : (f+1)*m.nlin]
			for q, v := range gr {
				ml[q] += wf * v
			}
		}
		if m.increment {
			ml[i]++
		}
		out := dst[(n-d+i)*n : (n-d+i+1)*n]
		for j := 0; j < m.k; j++ {
			r := span - 1 - j*m.s
			for l := 0; l < d; l++ {
				out[r*d+l] = m.sc.sd[i] * ml[j*d+l] / m.sc.sd[l]
			}
		}
	}
}
