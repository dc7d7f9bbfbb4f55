package foundation

import (
	"context"
	"fmt"
	"math"

	"github.com/emergo/emergo/forecast"
	"github.com/emergo/emergo/system"
)

// ModelName is the model's Forecaster name.
const ModelName = "foundation"

// Name returns "foundation".
func (m *Model) Name() string { return ModelName }

// ContextLen is the context length C.
func (m *Model) ContextLen() int { return m.cfg.Context }

// checkContext validates a context block.
func (m *Model) checkContext(c *forecast.Block, horizon int) error {
	switch {
	case c == nil || c.Dim < 1:
		return fmt.Errorf("%s: empty context", ModelName)
	case m.fitted && c.Dim != m.dim:
		return fmt.Errorf("%s: context has %d columns, the model was fitted on %d", ModelName, c.Dim, m.dim)
	case c.Rows < m.cfg.Context:
		return fmt.Errorf("%s: context has %d rows, the model reads %d (its context length)", ModelName, c.Rows, m.cfg.Context)
	case horizon < 1:
		return fmt.Errorf("%s: horizon %d must be at least 1", ModelName, horizon)
	}
	return c.Slice(c.Rows-m.cfg.Context, c.Rows).Check(ModelName + ": context")
}

// blockOf forecasts the next H rows of every channel of win (C rows ×
// d, physical units) into dst (H rows × d). xb (d·C) and ob (d·H) are
// scratch.
func (m *Model) blockOf(dst, win []float64, d int, xb, ob []float64, w *work64) {
	f := m.compiled()
	C, H := m.cfg.Context, m.cfg.Horizon
	mu := make([]float64, d)
	sd := make([]float64, d)
	col := make([]float64, C)
	for ch := 0; ch < d; ch++ {
		for i := 0; i < C; i++ {
			col[i] = win[i*d+ch]
		}
		mu[ch], sd[ch] = windowStats(col)
		for i := 0; i < C; i++ {
			xb[ch*C+i] = (col[i] - mu[ch]) / sd[ch]
		}
	}
	f.run(ob, nil, xb, d, w)
	for ch := 0; ch < d; ch++ {
		for j := 0; j < H; j++ {
			dst[j*d+ch] = ob[ch*H+j]*sd[ch] + mu[ch]
		}
	}
}

// bound reports whether v left the divergence bound of a channel whose
// context had mean mu and scale sd.
func outOfBound(v, mu, sd float64) bool {
	return math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v-mu) > forecast.DivergeBound*sd
}

// contextStats returns the mean and scale of each channel of the last C
// rows of c.
func (m *Model) contextStats(win []float64, d int) (mu, sd []float64) {
	C := m.cfg.Context
	mu, sd = make([]float64, d), make([]float64, d)
	col := make([]float64, C)
	for ch := 0; ch < d; ch++ {
		for i := 0; i < C; i++ {
			col[i] = win[i*d+ch]
		}
		mu[ch], sd[ch] = windowStats(col)
	}
	return mu, sd
}

// Predict forecasts horizon rows after the context: every channel
// separately, H values at a time, each predicted block shifted into the
// window for the next (autoregressive rollout). A forecast value farther
// than forecast.DivergeBound context scales from the context mean, or not
// finite, stops the rollout with a *forecast.DivergedError. A model that
// has not been fitted accepts any number of columns.
func (m *Model) Predict(c *forecast.Block, horizon int) (*forecast.Block, error) {
	if err := m.checkContext(c, horizon); err != nil {
		return nil, err
	}
	C, H, d := m.cfg.Context, m.cfg.Horizon, c.Dim
	win := append([]float64(nil), c.X[(c.Rows-C)*d:]...)
	mu0, sd0 := m.contextStats(win, d)
	out := make([]float64, horizon*d)
	blk := make([]float64, H*d)
	xb, ob := make([]float64, d*C), make([]float64, d*H)
	w := m.compiled().newWork(d)
	for h := 0; h < horizon; h += H {
		m.blockOf(blk, win, d, xb, ob, w)
		for j := 0; j < H && h+j < horizon; j++ {
			row := blk[j*d : (j+1)*d]
			for ch, v := range row {
				if outOfBound(v, mu0[ch], sd0[ch]) {
					return nil, &forecast.DivergedError{Model: ModelName, Step: h + j + 1, Horizon: horizon, Row: append([]float64(nil), row...)}
				}
			}
			copy(out[(h+j)*d:], row)
		}
		if H >= C {
			copy(win, blk[(H-C)*d:])
		} else {
			copy(win, win[H*d:])
			copy(win[(C-H)*d:], blk)
		}
	}
	return forecast.NewBlock(out, d), nil
}

// RepDim is the width of Represent's features for d columns.
func (m *Model) RepDim(d int) int { return d * m.cfg.DModel }

// Represent returns, for every row of x that ends a full context window
// (x.Rows − C + 1 rows, aligned to the end of x), the encoder's output
// averaged over the patches for each channel (channels side by side:
// dim·d_model values), after the window's instance normalisation.
func (m *Model) Represent(x *forecast.Block) (*forecast.Block, error) {
	if err := m.checkContext(x, 1); err != nil {
		return nil, err
	}
	if err := x.Check(ModelName + ": represent input"); err != nil {
		return nil, err
	}
	C, D, d := m.cfg.Context, m.cfg.DModel, x.Dim
	rows := x.Rows - C + 1
	out := make([]float64, rows*d*D)
	f := m.compiled()
	const chunk = 128 // windows per batch
	w := f.newWork(chunk)
	xb := make([]float64, chunk*C)
	rep := make([]float64, chunk*D)
	col := make([]float64, C)
	total := rows * d
	for lo := 0; lo < total; lo += chunk {
		n := min(chunk, total-lo)
		for k := 0; k < n; k++ {
			r, ch := (lo+k)/d, (lo+k)%d
			for i := 0; i < C; i++ {
				col[i] = x.X[(r+i)*d+ch]
			}
			mu, sd := windowStats(col)
			for i := 0; i < C; i++ {
				xb[k*C+i] = (col[i] - mu) / sd
			}
		}
		f.run(nil, rep, xb, n, w)
		for k := 0; k < n; k++ {
			r, ch := (lo+k)/d, (lo+k)%d
			copy(out[r*d*D+ch*D:r*d*D+(ch+1)*D], rep[k*D:(k+1)*D])
		}
	}
	return forecast.NewBlock(out, d*D), nil
}

// Dynamics returns the model's closed loop as a discrete map, in the
// convention of the forecast package's neural models: the state holds
// C+H−1 rows in physical units, oldest first — the C-row window the model
// reads, whose newest row is the current forecast (the Output), followed
// by the H−1 rows already forecast but not yet reached. The map has
// period H in time: at steps t ≡ H−1 (mod H) it forecasts a new block
// from the window, at the others it shifts the next pending row in, so
// that Output(State()) after i steps is row i of Predict(context, ·).
// The Jacobian is exact for the shifts and by central differences of the
// float64 network for the forecast rows (steps 10⁻⁶·max(1, |x_j|)); by
// channel independence a channel's forecast depends on its own window
// only, so each Jacobian costs 2·C network evaluations per channel,
// batched.
func (m *Model) Dynamics(c *forecast.Block) (system.System, error) {
	if err := m.checkContext(c, 1); err != nil {
		return nil, err
	}
	C, H, d := m.cfg.Context, m.cfg.Horizon, c.Dim
	n := (C + H - 1) * d
	s := &dynSys{m: m, d: d, n: n, x: make([]float64, n), tmp: make([]float64, n), blk: make([]float64, H*d),
		xb: make([]float64, d*C), ob: make([]float64, d*H), w: m.compiled().newWork(d)}
	win := c.X[(c.Rows-C)*d:]
	s.mu0, s.sd0 = m.contextStats(win, d)
	m.blockOf(s.blk, win, d, s.xb, s.ob, s.w)
	for j := 0; j < H; j++ {
		for ch := 0; ch < d; ch++ {
			if outOfBound(s.blk[j*d+ch], s.mu0[ch], s.sd0[ch]) {
				return nil, &forecast.DivergedError{Model: ModelName, Step: j + 1, Horizon: 1, Row: append([]float64(nil), s.blk[j*d:(j+1)*d]...)}
			}
		}
	}
	copy(s.x[:(C-1)*d], win[d:])
	copy(s.x[(C-1)*d:], s.blk)
	s.x0 = append([]float64(nil), s.x...)
	return s, nil
}

// dynSys is the closed loop as a system.System.
type dynSys struct {
	m          *Model
	d, n       int
	x, tmp, x0 []float64
	t          float64
	blk        []float64
	xb, ob     []float64
	w          *work64
	mu0, sd0   []float64
	div        bool
	// Jacobian scratch.
	jx, jo, jmu, jsd []float64
	jw               *work64
}

func (s *dynSys) Name() string      { return ModelName + "/dynamics" }
func (s *dynSys) Dim() int          { return s.n }
func (s *dynSys) Time() float64     { return s.t }
func (s *dynSys) SetTime(t float64) { s.t = t }
func (s *dynSys) IsDiscrete() bool  { return true }
func (s *dynSys) Reset()            { copy(s.x, s.x0); s.t = 0 }
func (s *dynSys) phase(t float64) int {
	H := s.m.cfg.Horizon
	return ((int(math.Round(t)) % H) + H) % H
}

func (s *dynSys) State(dst []float64) []float64 {
	if len(dst) < s.n {
		dst = make([]float64, s.n)
	}
	copy(dst, s.x)
	return dst[:s.n]
}

func (s *dynSys) SetState(x []float64) {
	if len(x) != s.n {
		panic(fmt.Sprintf("foundation: %s SetState with %d values, want %d", s.Name(), len(x), s.n))
	}
	copy(s.x, x)
}

// Output writes the current forecast row (row C−1 of the state).
func (s *dynSys) Output(dst, state []float64) []float64 {
	d, C := s.d, s.m.cfg.Context
	if len(dst) < d {
		dst = make([]float64, d)
	}
	copy(dst, state[(C-1)*d:C*d])
	return dst[:d]
}

// Eval writes the map F(x) at time t into dst (dst may alias x).
func (s *dynSys) Eval(dst, x []float64, t float64) {
	d, C, H, n := s.d, s.m.cfg.Context, s.m.cfg.Horizon, s.n
	if s.phase(t) < H-1 {
		copy(dst[:n-d], x[d:n])
		clear(dst[n-d : n])
		s.div = false
		return
	}
	s.m.blockOf(s.blk, x[:C*d], d, s.xb, s.ob, s.w)
	s.div = false
	for j := 0; j < H && !s.div; j++ {
		for ch := 0; ch < d; ch++ {
			if outOfBound(s.blk[j*d+ch], s.mu0[ch], s.sd0[ch]) {
				s.div = true
				break
			}
		}
	}
	copy(dst[:(C-1)*d], x[d:C*d])
	copy(dst[(C-1)*d:n], s.blk)
}

func (s *dynSys) Step() error {
	s.Eval(s.tmp, s.x, s.t)
	s.x, s.tmp = s.tmp, s.x
	s.t++
	if s.div {
		return &system.DivergedError{System: s.Name(), Time: s.t, State: append([]float64(nil), s.x...),
			Reason: fmt.Sprintf("the forecast left %g context scales", forecast.DivergeBound)}
	}
	return nil
}

// Jacobian writes ∂F_i/∂x_j (row-major n×n) at (x, t).
func (s *dynSys) Jacobian(dst, x []float64, t float64) {
	d, C, H, n := s.d, s.m.cfg.Context, s.m.cfg.Horizon, s.n
	clear(dst[:n*n])
	if s.phase(t) < H-1 {
		for i := 0; i < n-d; i++ {
			dst[i*n+i+d] = 1
		}
		return
	}
	for i := 0; i < (C-1)*d; i++ {
		dst[i*n+i+d] = 1
	}
	f := s.m.compiled()
	b := 2 * C
	if s.jw == nil {
		s.jx, s.jo = make([]float64, b*C), make([]float64, b*H)
		s.jmu, s.jsd = make([]float64, b), make([]float64, b)
		s.jw = f.newWork(b)
	}
	r0 := (C - 1) * d
	col := make([]float64, C)
	steps := make([]float64, C)
	for ch := 0; ch < d; ch++ {
		for i := 0; i < C; i++ {
			col[i] = x[i*d+ch]
			steps[i] = 1e-6 * max(1, math.Abs(col[i]))
		}
		for q := 0; q < C; q++ {
			for sgn := 0; sgn < 2; sgn++ {
				k := 2*q + sgn
				win := s.jx[k*C : (k+1)*C]
				copy(win, col)
				if sgn == 0 {
					win[q] += steps[q]
				} else {
					win[q] -= steps[q]
				}
				s.jmu[k], s.jsd[k] = windowStats(win)
				for i := range win {
					win[i] = (win[i] - s.jmu[k]) / s.jsd[k]
				}
			}
		}
		f.run(s.jo, nil, s.jx, b, s.jw)
		for q := 0; q < C; q++ {
			kp, km := 2*q, 2*q+1
			for j := 0; j < H; j++ {
				yp := s.jo[kp*H+j]*s.jsd[kp] + s.jmu[kp]
				ym := s.jo[km*H+j]*s.jsd[km] + s.jmu[km]
				dst[(r0+j*d+ch)*n+q*d+ch] = (yp - ym) / (2 * steps[q])
			}
		}
	}
}

// Fit adapts the model to a downstream series according to m.Adapt: with
// the zero-shot mode (the default) it only checks the data and records
// the number of columns; with ModeHead or ModeFull it fine-tunes (see
// Adaptation). val, when it has at least C+H rows, gives the validation
// loss after every block of updates, and the parameters of the best
// block are kept.
func (m *Model) Fit(ctx context.Context, train, val *forecast.Block) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if train == nil || train.Rows < 1 || train.Dim < 1 {
		return fmt.Errorf("%s: fit: empty training data", ModelName)
	}
	if err := train.Check(ModelName + ": training data"); err != nil {
		return err
	}
	if val != nil && val.Dim != train.Dim {
		return fmt.Errorf("%s: fit: validation data has %d columns, training data %d", ModelName, val.Dim, train.Dim)
	}
	if err := m.adapt(ctx, train, val); err != nil {
		return err
	}
	m.dim, m.fitted = train.Dim, true
	return nil
}
