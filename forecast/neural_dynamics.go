package forecast

import (
	"fmt"
	"math"

	"github.com/emergo/emergo/system"
)

// Dynamics returns the trained network's closed loop as a discrete map.
// Its state holds window+horizon_out−1 rows in physical units, oldest
// first: the window the network reads, whose newest row (row window−1)
// is the current forecast and the Output, followed by the horizon_out−1
// rows already forecast but not yet reached (the rest of the current
// block; zero when not pending). With horizon_out = 1 (every model but a
// block-predicting transformer) the state is just the window and one Step
// appends the forecast of the next row and drops the oldest:
//
//	x' = F(x) = [x_2, …, x_w, g(x_1, …, x_w)],
//
// g the network. With k = horizon_out > 1 the map is periodic in time
// with period k: at steps t ≡ k−1 (mod k) it forecasts a whole new block
// from the window, at the others it shifts the next pending row into the
// window, so that the rollout is Predict's, row by row; Eval and Jacobian
// use their t argument for the phase.
//
// The system starts from the state whose output is the first forecast
// after the context, so that Output(State()) after i Steps is row i of
// Predict(context, ·). It implements system.Field, system.Jacobianer,
// system.Discrete, system.Setter, system.TimeSetter, system.Resetter and
// Outputter. The Jacobian is exact for the shift rows; for the rows
// forecast by the network it is analytic for the mlp (reverse-mode
// through the float64 network) and by central differences of the float64
// network for the others, with steps h_j = 10⁻⁶·max(1, |x_j|) (truncation
// O(h²), rounding O(ε/h): about 10⁻⁹ relative; each Jacobian costs
// 2·window·dim network evaluations).
func (m *Neural) Dynamics(c *Block) (system.System, error) {
	if err := checkContext(m.kind, m.ready, m.dim, c, m.w, 1); err != nil {
		return nil, err
	}
	d, w, k := m.dim, m.w, m.k
	n := (w + k - 1) * d
	s := &neuralSys{m: m, n: n, ws: m.newWork(), x: make([]float64, n), tmp: make([]float64, n),
		blk: make([]float64, k*d), bp: make([]float64, k*d), bm: make([]float64, k*d), xp: make([]float64, w*d)}
	if _, ok := m.net.(*mlpArch); ok {
		s.jz = make([]float64, d*w*d)
	}
	win := c.X[(c.Rows-w)*d:]
	if bad := m.block(s.blk, win, s.ws); bad >= 0 {
		return nil, &DivergedError{Model: m.kind, Step: bad + 1, Horizon: 1, Row: append([]float64(nil), s.blk[bad*d:(bad+1)*d]...)}
	}
	copy(s.x[:(w-1)*d], win[d:])
	copy(s.x[(w-1)*d:], s.blk)
	s.x0 = append([]float64(nil), s.x...)
	return s, nil
}

// neuralSys is a neural model's closed loop as a system.System.
type neuralSys struct {
	m          *Neural
	n          int
	x, tmp, x0 []float64
	t          float64
	ws         *neuralWork
	blk        []float64 // k×dim block forecast
	bp, bm, xp []float64 // finite-difference scratch
	jz         []float64 // mlp: standardised Jacobian, dim × w·dim
	div        bool      // the last Eval left the divergence bound
}

func (s *neuralSys) Name() string        { return s.m.kind + "/dynamics" }
func (s *neuralSys) Dim() int            { return s.n }
func (s *neuralSys) Time() float64       { return s.t }
func (s *neuralSys) SetTime(t float64)   { s.t = t }
func (s *neuralSys) IsDiscrete() bool    { return true }
func (s *neuralSys) Reset()              { copy(s.x, s.x0); s.t = 0 }
func (s *neuralSys) phase(t float64) int { return ((int(math.Round(t)) % s.m.k) + s.m.k) % s.m.k }

func (s *neuralSys) State(dst []float64) []float64 {
	if len(dst) < s.n {
		dst = make([]float64, s.n)
	}
	copy(dst, s.x)
	return dst[:s.n]
}

func (s *neuralSys) SetState(x []float64) {
	if len(x) != s.n {
		panic(fmt.Sprintf("forecast: %s SetState with %d values, want %d", s.Name(), len(x), s.n))
	}
	copy(s.x, x)
}

// Output writes the current forecast row: row window−1 of the state.
func (s *neuralSys) Output(dst, state []float64) []float64 {
	d, w := s.m.dim, s.m.w
	if len(dst) < d {
		dst = make([]float64, d)
	}
	copy(dst, state[(w-1)*d:w*d])
	return dst[:d]
}

// Eval writes the map F(x) at time t into dst (dst may alias x).
func (s *neuralSys) Eval(dst, x []float64, t float64) {
	m := s.m
	d, w, k, n := m.dim, m.w, m.k, s.n
	if s.phase(t) < k-1 {
		copy(dst[:n-d], x[d:n])
		clear(dst[n-d : n])
		s.div = false
		return
	}
	bad := m.block(s.blk, x[:w*d], s.ws)
	s.div = bad >= 0
	copy(dst[:(w-1)*d], x[d:w*d])
	copy(dst[(w-1)*d:n], s.blk)
}

func (s *neuralSys) Step() error {
	s.Eval(s.tmp, s.x, s.t)
	s.x, s.tmp = s.tmp, s.x
	s.t++
	if s.div {
		return &system.DivergedError{System: s.Name(), Time: s.t, State: append([]float64(nil), s.x...),
			Reason: fmt.Sprintf("the forecast left %g training standard deviations", DivergeBound)}
	}
	return nil
}

// Jacobian writes ∂F_i/∂x_j (row-major n×n) at (x, t).
func (s *neuralSys) Jacobian(dst, x []float64, t float64) {
	m := s.m
	d, w, k, n := m.dim, m.w, m.k, s.n
	clear(dst[:n*n])
	if s.phase(t) < k-1 {
		for i := 0; i < n-d; i++ {
			dst[i*n+i+d] = 1
		}
		return
	}
	for i := 0; i < (w-1)*d; i++ {
		dst[i*n+i+d] = 1
	}
	r0 := (w - 1) * d // first row of the forecast block in the state
	if mlp, ok := m.net.(*mlpArch); ok {
		// Analytic: J = diag(σ_out) · ∂g_z/∂z · diag(1/σ_in).
		for r := 0; r < w; r++ {
			m.sc.to(s.ws.z[r*d:(r+1)*d], x[r*d:(r+1)*d])
		}
		mlp.jacobian(s.jz, s.ws.z, s.ws.net)
		wd := w * d
		for i := 0; i < d; i++ {
			row := dst[(r0+i)*n : (r0+i+1)*n]
			for q := 0; q < wd; q++ {
				row[q] = m.sc.sd[i] * s.jz[i*wd+q] / m.sc.sd[q%d]
			}
		}
		return
	}
	// Central differences of the network block in physical units.
	copy(s.xp, x[:w*d])
	for q := 0; q < w*d; q++ {
		h := 1e-6 * max(1, math.Abs(x[q]))
		s.xp[q] = x[q] + h
		m.block(s.bp, s.xp, s.ws)
		s.xp[q] = x[q] - h
		m.block(s.bm, s.xp, s.ws)
		s.xp[q] = x[q]
		for i := 0; i < k*d; i++ {
			dst[(r0+i)*n+q] = (s.bp[i] - s.bm[i]) / (2 * h)
		}
	}
}
