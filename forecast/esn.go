package forecast

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/emergo/emergo/system"
)

// Random streams of the ESN (the seed is Spec.Seed).
const (
	esnStreamW  = 0x45534e5f52455321 // reservoir matrix W
	esnStreamIn = 0x45534e5f494e5055 // input matrix W_in
)

// MaxReservoir bounds the ESN size: the spectral radius is computed by a
// dense eigendecomposition, O(size³) (about 0.3 s at size 400, 20 s at
// 2000 on one core).
const MaxReservoir = 2000

// ESN is a leaky-integrator echo state network (reservoir computer) with
// a ridge-regression readout. With the inputs standardised column-wise
// on the training rows (u = (x − μ)/σ), the reservoir state r ∈ R^N
// follows
//
//	r(t+1) = (1 − a) r(t) + a tanh(W r(t) + W_in [1; u(t)]),
//
// from r = 0. W is a sparse random N×N matrix: each entry is non-zero
// with probability degree/N (so the mean in- and out-degree is degree),
// drawn uniformly from [−1, 1], then scaled to the spectral radius
// radius (computed exactly, by a dense eigendecomposition). W_in is
// dense: its first column (the bias) is uniform in [−bias, bias], the
// others uniform in [−input_scaling, input_scaling]. The leak rate is a.
//
// The readout predicts the next input from the state that has just
// consumed the current one,
//
//	û(t+1) = b + W_outᵀ φ(r(t+1)),   φ(r) = [r; r∘r] (squared = 1) or r,
//
// where the squared states break the odd symmetry of tanh (Pathak et al.
// 2017, 2018 square half of the nodes; here all are appended), and W_out,
// b are fitted by ridge regression on the teacher-forced training states
// after a washout, in float64 with an unpenalised intercept (Cholesky of
// the Jacobi-scaled normal equations; the SVD of the centred states for
// small problems).
//
// Predict warms the reservoir up on the whole context (teacher forcing),
// then runs the closed loop, feeding û back as the input. As a dynamical
// system (Dynamics) the closed loop is a map on the reservoir state,
//
//	r' = F(r) = (1 − a) r + a tanh(W r + W_in [1; g(r)]),  g(r) = b + W_outᵀ φ(r),
//
// with the analytic Jacobian
//
//	∂F/∂r = (1 − a) I + a diag(1 − tanh²(·)) (W + W_in,u ∂g/∂r),
//	∂g_k/∂r_j = W_out[j,k] + 2 r_j W_out[N+j,k] (squared states).
//
// References:
//
//	Jaeger, H. (2001). The "echo state" approach to analysing and training
//	  recurrent neural networks. GMD Report 148, German National Research
//	  Center for Information Technology.
//	Jaeger, H. & Haas, H. (2004). Harnessing nonlinearity: predicting
//	  chaotic systems and saving energy in wireless communication. Science
//	  304, 78-80.
//	Lukoševičius, M. (2012). A practical guide to applying echo state
//	  networks. In Neural Networks: Tricks of the Trade, LNCS 7700, 659-686.
//	Pathak, J., Lu, Z., Hunt, B. R., Girvan, M. & Ott, E. (2017). Using
//	  machine learning to replicate chaotic attractors and calculate
//	  Lyapunov exponents from data. Chaos 27, 121102.
//	Pathak, J., Hunt, B., Girvan, M., Lu, Z. & Ott, E. (2018). Model-free
//	  prediction of large spatiotemporally chaotic systems from data: a
//	  reservoir computing approach. Phys. Rev. Lett. 120, 024102.
type ESN struct {
	size     int
	degree   float64
	radius   float64
	inScale  float64
	bias     float64
	leak     float64
	washout  int
	alpha    float64
	squared  bool
	seed     uint64
	fitted   bool
	dim      int
	sc       scaler
	rowPtr   []int // CSR of W
	col      []int
	val      []float64
	win      []float64 // N×(1+dim) row-major, column 0 the bias
	wout     []float64 // nf×dim
	bout     []float64 // dim
	nf       int
	rho0     float64 // spectral radius of the unscaled W
	nonzeros int
}

func init() {
	Register(Entry{
		Info: Info{
			Name:   "esn",
			Family: "reservoir",
			Description: "Echo state network: sparse random leaky-tanh reservoir driven by the standardised input, " +
				"ridge readout on [r; r²], teacher-forced training and closed-loop forecasting.",
			Citation: "Jaeger, H. (2001). The \"echo state\" approach to analysing and training recurrent neural networks. " +
				"GMD Report 148; Lukoševičius, M. (2012). A practical guide to applying echo state networks. " +
				"Neural Networks: Tricks of the Trade, LNCS 7700, 659-686; Pathak, J. et al. (2018). Phys. Rev. Lett. 120, 024102.",
			Hyper: []system.Param{
				{Name: "size", Default: 400, Min: 2, Max: MaxReservoir, Integer: true, Doc: "number of reservoir nodes N"},
				{Name: "degree", Default: 3, Min: 0.1, Max: MaxReservoir, Doc: "mean number of non-zero entries per row of W (density degree/N)"},
				{Name: "radius", Default: 1.1, Min: 0, Max: 10, Doc: "spectral radius of W"},
				{Name: "input_scaling", Default: 0.25, Min: 0, Max: 100, Doc: "half-width of the uniform input weights (inputs are standardised)"},
				{Name: "bias", Default: 0.5, Min: 0, Max: 100, Doc: "half-width of the uniform bias weights"},
				{Name: "leak", Default: 1, Min: 1e-4, Max: 1, Doc: "leak rate a (1: no leaky integration)"},
				{Name: "washout", Default: 100, Min: 0, Max: 1e6, Integer: true, Doc: "initial steps whose states are discarded; also the context length"},
				{Name: "alpha", Default: 1e-6, Min: 0, Max: 1e9, Doc: "ridge penalty of the readout"},
				{Name: "squared", Default: 1, Min: 0, Max: 1, Integer: true, Doc: "1: readout on [r; r²] (Pathak et al. 2017); 0: on r"},
			},
		},
		Build: func(h map[string]float64, seed uint64) (Forecaster, error) {
			return &ESN{size: intHyper(h, "size"), degree: h["degree"], radius: h["radius"], inScale: h["input_scaling"],
				bias: h["bias"], leak: h["leak"], washout: intHyper(h, "washout"), alpha: h["alpha"],
				squared: h["squared"] == 1, seed: seed}, nil
		},
	})
}

// Name returns "esn".
func (m *ESN) Name() string { return "esn" }

// ContextLen is the washout (at least 1): the reservoir forgets its zero
// initial state over that many teacher-forced steps.
func (m *ESN) ContextLen() int { return max(1, m.washout) }

// SpectralRadius returns the spectral radius of the unscaled random
// matrix and the number of non-zero entries of W (after Fit).
func (m *ESN) SpectralRadius() (unscaled float64, nonzeros int) { return m.rho0, m.nonzeros }

// build draws W and W_in from the seed and scales W.
func (m *ESN) build(dim int) error {
	n := m.size
	rng := rand.New(rand.NewPCG(m.seed, esnStreamW))
	p := min(1, m.degree/float64(n))
	m.rowPtr = make([]int, n+1)
	m.col = m.col[:0]
	m.val = m.val[:0]
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if rng.Float64() < p {
				m.col = append(m.col, j)
				m.val = append(m.val, 2*rng.Float64()-1)
			}
		}
		m.rowPtr[i+1] = len(m.col)
	}
	m.nonzeros = len(m.val)
	m.rho0 = 0
	if m.radius > 0 {
		dense := mat.NewDense(n, n, nil)
		for i := 0; i < n; i++ {
			for q := m.rowPtr[i]; q < m.rowPtr[i+1]; q++ {
				dense.Set(i, m.col[q], m.val[q])
			}
		}
		var eig mat.Eigen
		if ok := eig.Factorize(dense, mat.EigenNone); !ok {
			return fmt.Errorf("esn: the eigendecomposition of the reservoir matrix did not converge")
		}
		for _, v := range eig.Values(nil) {
			m.rho0 = max(m.rho0, math.Hypot(real(v), imag(v)))
		}
		if !(m.rho0 > 1e-12) {
			return fmt.Errorf("esn: the random reservoir (size %d, degree %g, %d non-zeros) has spectral radius %g and cannot be scaled to %g; increase degree",
				n, m.degree, m.nonzeros, m.rho0, m.radius)
		}
	}
	scale := 0.0
	if m.radius > 0 {
		scale = m.radius / m.rho0
	}
	for q := range m.val {
		m.val[q] *= scale
	}
	rin := rand.New(rand.NewPCG(m.seed, esnStreamIn))
	m.win = make([]float64, n*(1+dim))
	for i := 0; i < n; i++ {
		m.win[i*(1+dim)] = m.bias * (2*rin.Float64() - 1)
		for k := 1; k <= dim; k++ {
			m.win[i*(1+dim)+k] = m.inScale * (2*rin.Float64() - 1)
		}
	}
	return nil
}

// preact writes W r + W_in [1; u] into pre.
func (m *ESN) preact(pre, r, u []float64) {
	d := m.dim
	for i := range pre {
		w := m.win[i*(1+d) : (i+1)*(1+d)]
		v := w[0]
		for k, uk := range u {
			v += w[1+k] * uk
		}
		for q := m.rowPtr[i]; q < m.rowPtr[i+1]; q++ {
			v += m.val[q] * r[m.col[q]]
		}
		pre[i] = v
	}
}

// update advances r in place by one step with input u (standardised);
// pre is scratch of length N.
func (m *ESN) update(r, u, pre []float64) {
	m.preact(pre, r, u)
	a := m.leak
	if a == 1 {
		for i, v := range pre {
			r[i] = math.Tanh(v)
		}
		return
	}
	for i, v := range pre {
		r[i] = (1-a)*r[i] + a*math.Tanh(v)
	}
}

// features writes φ(r) into dst.
func (m *ESN) features(dst, r []float64) {
	n := m.size
	copy(dst, r)
	if m.squared {
		for i, v := range r {
			dst[n+i] = v * v
		}
	}
}

// readout writes the standardised output b + W_outᵀ φ(r) into z; phi is
// scratch of length nf.
func (m *ESN) readout(z, r, phi []float64) {
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

// Fit draws the reservoir, runs it teacher-forced through the training
// rows and fits the readout on the states after the washout. It needs at
// least washout+2 rows; the validation block is not used.
func (m *ESN) Fit(ctx context.Context, train, val *Block) error {
	if err := checkTrain(ctx, "esn", train, val, m.washout+2, fmt.Sprintf("washout=%d (washout+2 rows)", m.washout)); err != nil {
		return err
	}
	m.fitted = false
	d := train.Dim
	m.dim = d
	if err := m.build(d); err != nil {
		return err
	}
	m.sc = fitScaler(train)
	zs := m.sc.standardize(train)
	n := m.size
	m.nf = n
	if m.squared {
		m.nf = 2 * n
	}
	samples := train.Rows - 1 - m.washout
	states := make([]float64, samples*n)
	r := make([]float64, n)
	pre := make([]float64, n)
	for t := 0; t < train.Rows-1; t++ {
		if t%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("esn: fit: %w", err)
			}
		}
		m.update(r, zs[t*d:(t+1)*d], pre)
		if t >= m.washout {
			copy(states[(t-m.washout)*n:], r)
		}
	}
	w, b, err := ridge(ctx, "esn", samples, m.nf, d, m.alpha, func(i int, phi, y []float64) {
		m.features(phi, states[i*n:(i+1)*n])
		t := m.washout + i + 1
		copy(y, zs[t*d:(t+1)*d])
	})
	if err != nil {
		return err
	}
	m.wout, m.bout = w, b
	m.fitted = true
	return nil
}

// esnBuf holds the scratch of one rollout.
type esnBuf struct {
	r, pre, phi, z, u []float64
}

func (m *ESN) newBuf() *esnBuf {
	return &esnBuf{r: make([]float64, m.size), pre: make([]float64, m.size), phi: make([]float64, m.nf),
		z: make([]float64, m.dim), u: make([]float64, m.dim)}
}

// warm runs the reservoir from zero through the context rows.
func (m *ESN) warm(c *Block, buf *esnBuf) {
	clear(buf.r)
	for t := 0; t < c.Rows; t++ {
		m.sc.to(buf.u, c.Row(t))
		m.update(buf.r, buf.u, buf.pre)
	}
}

// Predict warms the reservoir on the context and runs the closed loop.
func (m *ESN) Predict(c *Block, horizon int) (*Block, error) {
	if err := checkContext("esn", m.fitted, m.dim, c, m.ContextLen(), horizon); err != nil {
		return nil, err
	}
	d := m.dim
	buf := m.newBuf()
	m.warm(c, buf)
	out := make([]float64, horizon*d)
	for h := 0; h < horizon; h++ {
		m.readout(buf.z, buf.r, buf.phi)
		row := out[h*d : (h+1)*d]
		m.sc.from(row, buf.z)
		if diverged(buf.z) {
			return nil, &DivergedError{Model: "esn", Step: h + 1, Horizon: horizon, Row: append([]float64(nil), row...)}
		}
		if h < horizon-1 {
			m.update(buf.r, buf.z, buf.pre)
		}
	}
	return NewBlock(out, d), nil
}

// Represent returns the reservoir state after each row of x, teacher
// forced from zero, for the rows after the washout: x.Rows − washout rows
// of size values, aligned to the end of x.
func (m *ESN) Represent(x *Block) (*Block, error) {
	if !m.fitted {
		return nil, errNotFitted("esn")
	}
	if err := checkBlock("esn", "represent input", m.dim, x, m.washout+1); err != nil {
		return nil, err
	}
	n := m.size
	buf := m.newBuf()
	out := make([]float64, (x.Rows-m.washout)*n)
	for t := 0; t < x.Rows; t++ {
		m.sc.to(buf.u, x.Row(t))
		m.update(buf.r, buf.u, buf.pre)
		if t >= m.washout {
			copy(out[(t-m.washout)*n:], buf.r)
		}
	}
	return NewBlock(out, n), nil
}

// Dynamics returns the closed loop as a map on the reservoir state,
// started from the state the teacher-forced context leads to, whose
// output is the first forecast: Output(State()) after i Steps is row i of
// Predict(context, ·). It implements system.Field, system.Jacobianer
// (analytic), system.Discrete, system.Setter, system.Resetter and
// Outputter.
func (m *ESN) Dynamics(c *Block) (system.System, error) {
	if err := checkContext("esn", m.fitted, m.dim, c, m.ContextLen(), 1); err != nil {
		return nil, err
	}
	buf := m.newBuf()
	m.warm(c, buf)
	n := m.size
	s := &esnSys{m: m, buf: buf, x: append([]float64(nil), buf.r...), x0: append([]float64(nil), buf.r...),
		tmp: make([]float64, n), g: make([]float64, m.dim*n), y: make([]float64, m.dim)}
	return s, nil
}

// esnSys is the ESN closed loop as a system.System.
type esnSys struct {
	m      *ESN
	buf    *esnBuf
	x, tmp []float64
	x0     []float64
	t      float64
	g      []float64 // W_in,u ∂g/∂r rows: dim×N
	y      []float64
}

func (s *esnSys) Name() string     { return "esn/dynamics" }
func (s *esnSys) Dim() int         { return s.m.size }
func (s *esnSys) Time() float64    { return s.t }
func (s *esnSys) IsDiscrete() bool { return true }
func (s *esnSys) Reset()           { copy(s.x, s.x0); s.t = 0 }

func (s *esnSys) State(dst []float64) []float64 {
	n := s.m.size
	if len(dst) < n {
		dst = make([]float64, n)
	}
	copy(dst, s.x)
	return dst[:n]
}

func (s *esnSys) SetState(x []float64) {
	if len(x) != s.m.size {
		panic(fmt.Sprintf("forecast: %s SetState with %d values, want %d", s.Name(), len(x), s.m.size))
	}
	copy(s.x, x)
}

// Output writes the readout of the reservoir state in physical units.
func (s *esnSys) Output(dst, state []float64) []float64 {
	d := s.m.dim
	if len(dst) < d {
		dst = make([]float64, d)
	}
	s.m.readout(s.y, state, s.buf.phi)
	s.m.sc.from(dst[:d], s.y)
	return dst[:d]
}

// Eval writes F(r) into dst (dst may alias r).
func (s *esnSys) Eval(dst, r []float64, _ float64) {
	m := s.m
	m.readout(s.buf.z, r, s.buf.phi)
	if &dst[0] != &r[0] {
		copy(dst, r)
	}
	m.update(dst[:m.size], s.buf.z, s.buf.pre)
}

func (s *esnSys) Step() error {
	s.Eval(s.tmp, s.x, s.t)
	s.x, s.tmp = s.tmp, s.x
	s.t++
	if diverged(s.buf.z) {
		return &system.DivergedError{System: s.Name(), Time: s.t, State: append([]float64(nil), s.x...),
			Reason: fmt.Sprintf("the closed-loop output left %g training standard deviations", DivergeBound)}
	}
	return nil
}

// Jacobian writes ∂F_i/∂r_j (row-major N×N) at r.
func (s *esnSys) Jacobian(dst, r []float64, _ float64) {
	m := s.m
	n, d := m.size, m.dim
	m.readout(s.buf.z, r, s.buf.phi)
	m.preact(s.buf.pre, r, s.buf.z)
	// g[k][j] = ∂g_k/∂r_j.
	for k := 0; k < d; k++ {
		gk := s.g[k*n : (k+1)*n]
		for j := 0; j < n; j++ {
			v := m.wout[j*d+k]
			if m.squared {
				v += 2 * r[j] * m.wout[(n+j)*d+k]
			}
			gk[j] = v
		}
	}
	a := m.leak
	for i := 0; i < n; i++ {
		row := dst[i*n : (i+1)*n]
		clear(row)
		for q := m.rowPtr[i]; q < m.rowPtr[i+1]; q++ {
			row[m.col[q]] += m.val[q]
		}
		win := m.win[i*(1+d) : (i+1)*(1+d)]
		for k := 0; k < d; k++ {
			c := win[1+k]
			gk := s.g[k*n : (k+1)*n]
			for j, v := range gk {
				row[j] += c * v
			}
		}
		th := math.Tanh(s.buf.pre[i])
		sc := a * (1 - th*th)
		for j := range row {
			row[j] *= sc
		}
		row[i] += 1 - a
	}
}
