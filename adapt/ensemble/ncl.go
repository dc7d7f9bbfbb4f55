package ensemble

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/emergo/emergo/forecast"
	"github.com/emergo/emergo/nn"
	"github.com/emergo/emergo/system"
)

// NCLName is the registry name of NCL.
const NCLName = "ncl"

// Random stream of the NCL members' initial weights (member i uses
// stream nclStreamInit+i of the seed).
const nclStreamInit = 0x6e636c5f696e6974 // "ncl_init"

// NCLConfig configures an NCL ensemble.
type NCLConfig struct {
	// Members is the ensemble size M (≥ 2).
	Members int
	// Window is the number of past rows each member reads.
	Window int
	// Hidden is the width of each member's tanh hidden layer.
	Hidden int
	// Lambda is the strength λ ∈ [0, 1] of the negative-correlation
	// penalty (0: independent training).
	Lambda float64
	// Epochs, Batch and LR set the training: Adam on minibatches of Batch
	// windows reshuffled every epoch, the learning rate warming up
	// linearly over the first 5% of the steps, then a cosine decay from
	// LR to LR/100.
	Epochs, Batch int
	LR            float64
	// Increment makes every member predict the change from the last row
	// of its window.
	Increment bool
	// Patience > 0 stops after that many epochs without improvement of
	// the validation loss (needs validation data).
	Patience int
	// Seed seeds the initial weights and the minibatch order.
	Seed uint64
}

// DefaultNCLConfig returns 5 members, window 4, 16 hidden units,
// λ = 0.5, 100 epochs of batches of 32 at learning rate 3·10⁻³, direct
// (not increment) targets, no early stopping, seed 1.
func DefaultNCLConfig() NCLConfig {
	return NCLConfig{Members: 5, Window: 4, Hidden: 16, Lambda: 0.5, Epochs: 100, Batch: 32, LR: 3e-3, Seed: 1}
}

func (c *NCLConfig) validate() error {
	bad := func(field string, v any, want string) error {
		return fmt.Errorf("%s: NCLConfig.%s = %v; %s", NCLName, field, v, want)
	}
	switch {
	case c.Members < 2:
		return bad("Members", c.Members, "want ≥ 2")
	case c.Window < 1:
		return bad("Window", c.Window, "want ≥ 1")
	case c.Hidden < 1:
		return bad("Hidden", c.Hidden, "want ≥ 1")
	case !(c.Lambda >= 0 && c.Lambda <= 1):
		return bad("Lambda", c.Lambda, "want 0 ≤ λ ≤ 1 (Liu & Yao 1999)")
	case c.Epochs < 1:
		return bad("Epochs", c.Epochs, "want ≥ 1")
	case c.Batch < 1:
		return bad("Batch", c.Batch, "want ≥ 1")
	case !(c.LR > 0) || math.IsInf(c.LR, 0):
		return bad("LR", c.LR, "want a positive number")
	case c.Patience < 0:
		return bad("Patience", c.Patience, "want ≥ 0")
	}
	return nil
}

// NCL is an ensemble of M small multilayer perceptrons trained jointly
// by negative correlation learning (Liu & Yao 1999), a
// forecast.Forecaster ("ncl"). Each member i maps the window of the last
// Window rows (standardised with the training statistics, flattened) to
// the next row through one tanh hidden layer and a linear output,
// f_i = W₂ tanh(W₁ x + b₁) + b₂ (plus the last row with Increment); the
// ensemble forecast is the mean f̄ = (1/M) Σ_i f_i.
//
// Liu & Yao's error of member i on a sample with target y is
//
//	E_i = ½ (f_i − y)² + λ p_i,   p_i = (f_i − f̄) Σ_{j≠i} (f_j − f̄) = −(f_i − f̄)²,
//
// whose derivative, with f̄ held fixed as in the paper, is
// ∂E_i/∂f_i = (f_i − y) − λ (f_i − f̄): λ = 0 trains the members
// independently, λ = 1 trains each on the error of the ensemble. The
// members are trained together on the nn engine by minimising
//
//	L = (1/M) Σ_i [ MSE(f_i, y) − λ MSE(f_i, f̄) ],
//
// averaged over the batch and the output columns, whose gradient with
// respect to f_i is (2/(M n)) [(f_i − y) − λ (f_i − f̄)], Liu & Yao's
// gradient up to a constant factor. (Treating f̄ as a constant changes
// nothing here: the exact derivative of Σ_j (f_j − f̄)² with respect to
// f_i is 2(f_i − f̄) too, because Σ_j (f_j − f̄) = 0.) Members start from
// different seeded initialisations (stream nclStreamInit+i) and see the
// same minibatches. With validation data, the parameters of the epoch
// with the lowest validation MSE of f̄ are kept.
//
// Forecasts use a float64 copy of the trained weights. Predict feeds the
// ensemble mean back (closed loop); Member(i) gives member i as a
// forecaster of its own, and MemberOneStep the members' one-step
// forecasts for diversity analyses.
//
// References:
//
//	Liu, Y. & Yao, X. (1999). Ensemble learning via negative correlation.
//	  Neural Networks 12, 1399-1404.
//	Liu, Y. & Yao, X. (1999). Simultaneous training of negatively
//	  correlated neural networks in an ensemble. IEEE Trans. Syst. Man
//	  Cybern. B 29, 716-725.
//	Brown, G., Wyatt, J. L. & Tiňo, P. (2005). Managing diversity in
//	  regression ensembles. J. Mach. Learn. Res. 6, 1621-1650.
type NCL struct {
	cfg NCLConfig

	fitted    bool
	dim       int
	sc        *forecast.Scaler
	nets      []mlp64
	trainLoss []float64
	valLoss   []float64
	bestEpoch int
}

// mlp64 is a trained member in float64: out = W2ᵀ tanh(W1ᵀ x + b1) + b2
// with W1 [in][hidden] and W2 [hidden][dim], row-major.
type mlp64 struct {
	in, hidden, out int
	w1, b1, w2, b2  []float64
}

// NewNCL returns an unfitted NCL ensemble (nil cfg: DefaultNCLConfig).
func NewNCL(cfg *NCLConfig) (*NCL, error) {
	c := DefaultNCLConfig()
	if cfg != nil {
		c = *cfg
	}
	if err := c.validate(); err != nil {
		return nil, err
	}
	return &NCL{cfg: c}, nil
}

func init() {
	d := DefaultNCLConfig()
	forecast.Register(forecast.Entry{
		Info: forecast.Info{
			Name:   NCLName,
			Family: "neural",
			Description: "Ensemble of small tanh multilayer perceptrons on a window of past rows, trained jointly by negative correlation " +
				"learning (penalty λ); the forecast is the members' mean, fed back in closed loop.",
			Citation: "Liu, Y. & Yao, X. (1999). Ensemble learning via negative correlation. Neural Networks 12, 1399-1404.",
			Hyper: []system.Param{
				{Name: "members", Default: float64(d.Members), Min: 2, Max: 1000, Integer: true, Doc: "number of members M"},
				{Name: "window", Default: float64(d.Window), Min: 1, Max: 10000, Integer: true, Doc: "number of past rows each member reads (the context length)"},
				{Name: "hidden", Default: float64(d.Hidden), Min: 1, Max: 4096, Integer: true, Doc: "width of each member's tanh hidden layer"},
				{Name: "lambda", Default: d.Lambda, Min: 0, Max: 1, Doc: "negative-correlation penalty strength λ (0: independent training)"},
				{Name: "epochs", Default: float64(d.Epochs), Min: 1, Max: 1e6, Integer: true, Doc: "passes over the training windows"},
				{Name: "batch", Default: float64(d.Batch), Min: 1, Max: 65536, Integer: true, Doc: "minibatch size"},
				{Name: "lr", Default: d.LR, Min: 1e-9, Max: 10, Doc: "peak learning rate of Adam (warm-up, cosine decay to lr/100)"},
				{Name: "increment", Default: 0, Min: 0, Max: 1, Integer: true, Doc: "1: members predict the change from the last row"},
				{Name: "patience", Default: 0, Min: 0, Max: 1e6, Integer: true, Doc: "early stopping after that many epochs without validation improvement (0: never)"},
			},
		},
		Build: func(h map[string]float64, seed uint64) (forecast.Forecaster, error) {
			c := NCLConfig{Members: int(h["members"]), Window: int(h["window"]), Hidden: int(h["hidden"]), Lambda: h["lambda"],
				Epochs: int(h["epochs"]), Batch: int(h["batch"]), LR: h["lr"], Increment: h["increment"] == 1,
				Patience: int(h["patience"]), Seed: seed}
			return NewNCL(&c)
		},
	})
}

// Name returns "ncl".
func (m *NCL) Name() string { return NCLName }

// ContextLen is the window.
func (m *NCL) ContextLen() int { return m.cfg.Window }

// Config returns the configuration.
func (m *NCL) Config() NCLConfig { return m.cfg }

// Size is the number of members.
func (m *NCL) Size() int { return m.cfg.Members }

// TrainLoss returns the mean training loss L of each epoch run.
func (m *NCL) TrainLoss() []float64 { return append([]float64(nil), m.trainLoss...) }

// ValLoss returns the validation MSE of the ensemble mean (standardised
// units) after each epoch (NaN without validation) and the epoch count
// whose parameters were kept (0: the last).
func (m *NCL) ValLoss() ([]float64, int) { return append([]float64(nil), m.valLoss...), m.bestEpoch }

// windows builds the float32 inputs and targets of the samples of the
// standardised rows z (rows×dim): sample t−w for t = w … rows−1.
func (m *NCL) windows(z []float64, rows int) (x, y []float32, n int) {
	w, d := m.cfg.Window, m.dim
	n = rows - w
	if n < 1 {
		return nil, nil, 0
	}
	in := w * d
	x = make([]float32, n*in)
	y = make([]float32, n*d)
	for s := 0; s < n; s++ {
		t := s + w
		for k := 0; k < in; k++ {
			x[s*in+k] = float32(z[(t-w)*d+k])
		}
		for j := 0; j < d; j++ {
			v := z[t*d+j]
			if m.cfg.Increment {
				v -= z[(t-1)*d+j]
			}
			y[s*d+j] = float32(v)
		}
	}
	return x, y, n
}

// Fit trains the members jointly. It needs at least Window+1 rows.
func (m *NCL) Fit(ctx context.Context, train, val *forecast.Block) error {
	c := &m.cfg
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%s: fit: %w", NCLName, err)
	}
	if train == nil || train.Dim < 1 || train.Rows == 0 {
		return fmt.Errorf("%s: fit: empty training block", NCLName)
	}
	if len(train.X) != train.Rows*train.Dim {
		return fmt.Errorf("%s: fit: training block has %d values for %d rows of %d", NCLName, len(train.X), train.Rows, train.Dim)
	}
	if train.Rows < c.Window+1 {
		return fmt.Errorf("%s: fit: the training series has %d rows; window=%d needs at least %d", NCLName, train.Rows, c.Window, c.Window+1)
	}
	if err := train.Check(NCLName + ": training data"); err != nil {
		return err
	}
	if val != nil {
		if val.Dim != train.Dim {
			return fmt.Errorf("%s: fit: validation block has %d columns, training block %d", NCLName, val.Dim, train.Dim)
		}
		if err := val.Check(NCLName + ": validation data"); err != nil {
			return err
		}
	}
	m.fitted = false
	d := train.Dim
	m.dim = d
	m.sc = forecast.FitScaler(train)
	zs := m.sc.Standardize(train)
	xs, ys, n := m.windows(zs, train.Rows)
	in := c.Window * d
	M := c.Members

	ps := nn.NewParams()
	nets := make([]nn.Sequential, M)
	for i := 0; i < M; i++ {
		rng := rand.New(rand.NewPCG(c.Seed, nclStreamInit+uint64(i)))
		nets[i] = nn.Sequential{
			nn.NewDense(ps, fmt.Sprintf("m%d.hidden", i), in, c.Hidden, nn.Tanh, rng),
			nn.NewDense(ps, fmt.Sprintf("m%d.out", i), c.Hidden, d, nn.Identity, rng),
		}
	}
	batches := (n + c.Batch - 1) / c.Batch
	total := batches * c.Epochs
	warm := max(1, total/20)
	tr := nn.NewTrainer(ps, nn.NewAdam(ps, nil), nn.CosineWarmup{Peak: c.LR, Final: c.LR / 100, Warmup: warm, Total: total}, c.Seed)
	tr.DivergenceFactor = -1 // the penalised loss can approach zero or turn negative
	tr.Patience = c.Patience

	perm := make([]int, n)
	xb := make([]float32, c.Batch*in)
	yb := make([]float32, c.Batch*d)
	fb := make([]float32, c.Batch*d)
	outs := make([]*nn.Tensor, M)
	lambda := float32(c.Lambda)
	obj := nn.Objective{
		Batches: batches,
		BeginEpoch: func(_ int, rng *rand.Rand) {
			for i := range perm {
				perm[i] = i
			}
			rng.Shuffle(n, func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
		},
		Loss: func(tp *nn.Tape, b int) *nn.Tensor {
			lo, hi := b*c.Batch, min((b+1)*c.Batch, n)
			B := hi - lo
			for k, s := range perm[lo:hi] {
				copy(xb[k*in:(k+1)*in], xs[s*in:(s+1)*in])
				copy(yb[k*d:(k+1)*d], ys[s*d:(s+1)*d])
			}
			xt := tp.Const(xb[:B*in], B, in)
			yt := tp.Const(yb[:B*d], B, d)
			clear(fb[:B*d])
			for i, net := range nets {
				outs[i] = net.Forward(tp, xt)
				for k, v := range outs[i].Data {
					fb[k] += v
				}
			}
			inv := 1 / float32(M)
			for k := range fb[:B*d] {
				fb[k] *= inv
			}
			var ft *nn.Tensor
			if lambda != 0 {
				ft = tp.Const(fb[:B*d], B, d)
			}
			var loss *nn.Tensor
			for _, o := range outs {
				li := tp.MSE(o, yt)
				if lambda != 0 {
					li = tp.Sub(li, tp.MulScalar(tp.MSE(o, ft), lambda))
				}
				if loss == nil {
					loss = li
				} else {
					loss = tp.Add(loss, li)
				}
			}
			return tp.MulScalar(loss, inv)
		},
	}
	if val != nil && train.Rows >= c.Window && val.Rows >= 1 {
		joined := joinRows(train.Slice(train.Rows-c.Window, train.Rows), val)
		vx, vy, vn := m.windows(m.sc.Standardize(joined), joined.Rows)
		obj.Validate = func(tp *nn.Tape) float64 {
			var sse float64
			const chunk = 1024
			for lo := 0; lo < vn; lo += chunk {
				hi := min(lo+chunk, vn)
				xt := tp.Const(vx[lo*in:hi*in], hi-lo, in)
				f := make([]float64, (hi-lo)*d)
				for _, net := range nets {
					for k, v := range net.Forward(tp, xt).Data {
						f[k] += float64(v) / float64(M)
					}
				}
				for k, v := range f {
					e := v - float64(vy[lo*d+k])
					sse += e * e
				}
			}
			return sse / float64(vn*d)
		}
	}
	hist, err := tr.Fit(ctx, obj, c.Epochs)
	if hist != nil {
		m.trainLoss = append([]float64(nil), hist.TrainLoss...)
		m.valLoss = append([]float64(nil), hist.ValLoss...)
		if obj.Validate != nil {
			m.bestEpoch = hist.BestEpoch
		}
	}
	if err != nil {
		return fmt.Errorf("%s: fit: %w", NCLName, err)
	}
	m.nets = make([]mlp64, M)
	for i := 0; i < M; i++ {
		h := nets[i][0].(*nn.Dense)
		o := nets[i][1].(*nn.Dense)
		m.nets[i] = mlp64{in: in, hidden: c.Hidden, out: d, w1: f64(h.W.Data), b1: f64(h.B.Data), w2: f64(o.W.Data), b2: f64(o.B.Data)}
	}
	m.fitted = true
	return nil
}

func f64(x []float32) []float64 {
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = float64(v)
	}
	return out
}

// forward writes the member's output for the flattened window x into
// dst; h is scratch of length hidden.
func (n *mlp64) forward(dst, x, h []float64) {
	copy(h, n.b1)
	for k, xv := range x {
		row := n.w1[k*n.hidden : (k+1)*n.hidden]
		for j, w := range row {
			h[j] += xv * w
		}
	}
	for j, v := range h {
		h[j] = math.Tanh(v)
	}
	copy(dst, n.b2)
	for j, hv := range h {
		row := n.w2[j*n.out : (j+1)*n.out]
		for q, w := range row {
			dst[q] += hv * w
		}
	}
}

// predict writes member i's (i ≥ 0) or the ensemble mean's (i < 0)
// standardised next row for the standardised window win into dst.
func (m *NCL) predict(dst, win, h, tmp []float64, i int) {
	w, d := m.cfg.Window, m.dim
	if i >= 0 {
		m.nets[i].forward(dst, win, h)
	} else {
		clear(dst)
		for k := range m.nets {
			m.nets[k].forward(tmp, win, h)
			for j, v := range tmp {
				dst[j] += v / float64(len(m.nets))
			}
		}
	}
	if m.cfg.Increment {
		last := win[(w-1)*d : w*d]
		for j := range dst {
			dst[j] += last[j]
		}
	}
}

func (m *NCL) checkBlock(what string, c *forecast.Block, need int) error {
	if !m.fitted {
		return fmt.Errorf("%s: model is not fitted; call Fit first", NCLName)
	}
	if c == nil {
		return fmt.Errorf("%s: %s block is nil", NCLName, what)
	}
	if c.Dim != m.dim {
		return fmt.Errorf("%s: %s has %d columns; the model was fitted on %d", NCLName, what, c.Dim, m.dim)
	}
	if len(c.X) != c.Rows*c.Dim {
		return fmt.Errorf("%s: %s block has %d values for %d rows of %d", NCLName, what, len(c.X), c.Rows, c.Dim)
	}
	if c.Rows < need {
		return fmt.Errorf("%s: %s has %d rows; the model needs at least %d", NCLName, what, c.Rows, need)
	}
	return c.Check(NCLName + ": " + what)
}

// rollout forecasts horizon rows from the context with member i (< 0:
// the ensemble mean) fed back.
func (m *NCL) rollout(c *forecast.Block, horizon, i int, name string) (*forecast.Block, error) {
	if err := m.checkBlock("context", c, m.cfg.Window); err != nil {
		return nil, err
	}
	if horizon < 1 {
		return nil, fmt.Errorf("%s: predict: horizon %d must be at least 1", name, horizon)
	}
	w, d := m.cfg.Window, m.dim
	win := make([]float64, w*d)
	for r := 0; r < w; r++ {
		m.sc.To(win[r*d:(r+1)*d], c.Row(c.Rows-w+r))
	}
	h := make([]float64, m.cfg.Hidden)
	tmp := make([]float64, d)
	z := make([]float64, d)
	out := make([]float64, horizon*d)
	for s := 0; s < horizon; s++ {
		m.predict(z, win, h, tmp, i)
		row := out[s*d : (s+1)*d]
		m.sc.From(row, z)
		for _, v := range z {
			if !(math.Abs(v) <= forecast.DivergeBound) {
				return nil, &forecast.DivergedError{Model: name, Step: s + 1, Horizon: horizon, Row: append([]float64(nil), row...)}
			}
		}
		copy(win, win[d:])
		copy(win[(w-1)*d:], z)
	}
	return forecast.NewBlock(out, d), nil
}

// Predict forecasts horizon rows, feeding the ensemble mean back.
func (m *NCL) Predict(c *forecast.Block, horizon int) (*forecast.Block, error) {
	return m.rollout(c, horizon, -1, NCLName)
}

// MemberOneStep returns each member's one-step forecasts (physical
// units) of rows [Window, x.Rows) of x, each from the true window before
// it: M blocks of x.Rows − Window rows.
func (m *NCL) MemberOneStep(x *forecast.Block) ([]*forecast.Block, error) {
	if err := m.checkBlock("input", x, m.cfg.Window+1); err != nil {
		return nil, err
	}
	w, d := m.cfg.Window, m.dim
	z := m.sc.Standardize(x)
	rows := x.Rows - w
	out := make([]*forecast.Block, len(m.nets))
	h := make([]float64, m.cfg.Hidden)
	p := make([]float64, d)
	for i := range m.nets {
		b := make([]float64, rows*d)
		for s := 0; s < rows; s++ {
			m.predict(p, z[s*d:(s+w)*d], h, nil, i)
			m.sc.From(b[s*d:(s+1)*d], p)
		}
		out[i] = forecast.NewBlock(b, d)
	}
	return out, nil
}

// Member returns member i as a forecaster of its own (closed loop on its
// own forecasts), sharing the trained weights; its Fit is an error (the
// members are trained jointly by the NCL ensemble). It panics when i is
// out of range or the ensemble is not fitted.
func (m *NCL) Member(i int) forecast.Forecaster {
	if !m.fitted {
		panic("ensemble: NCL.Member before Fit")
	}
	if i < 0 || i >= len(m.nets) {
		panic(fmt.Sprintf("ensemble: NCL.Member(%d) of %d members", i, len(m.nets)))
	}
	return &nclMember{m: m, i: i}
}

// nclMember is one trained NCL member as a forecaster.
type nclMember struct {
	m *NCL
	i int
}

func (a *nclMember) Name() string    { return NCLName + "/member" }
func (a *nclMember) ContextLen() int { return a.m.cfg.Window }
func (a *nclMember) Fit(context.Context, *forecast.Block, *forecast.Block) error {
	return fmt.Errorf("%s: member %d is trained jointly with its ensemble; fit the NCL model instead", NCLName, a.i)
}
func (a *nclMember) Predict(c *forecast.Block, horizon int) (*forecast.Block, error) {
	return a.m.rollout(c, horizon, a.i, a.Name())
}
