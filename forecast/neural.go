package forecast

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"github.com/emergo/emergo/nn"
	"github.com/emergo/emergo/system"
)

// Random stream of the neural models' initial weights (the seed is
// Spec.Seed; the trainer draws its minibatch order from its own stream of
// the same seed).
const neuralStreamInit = 0x6e657572616c696e // "neuralin"

// neuralValChunk bounds the validation samples evaluated in one tape pass.
const neuralValChunk = 1024

// Neural is a neural-network forecaster trained with the nn engine: the
// registry's "mlp", "gru", "lstm" and "transformer". Every one maps a
// window of the last `window` rows (oldest first, standardised
// column-wise on the training rows, z = (x − μ)/σ) to the next row (the
// transformer: the next horizon_out rows):
//
//   - mlp: the window flattened into window·dim inputs, `layers` dense
//     layers of width `hidden` with GELU activations, a linear output
//     layer to the next row (Rumelhart et al. 1986; the window-to-next-
//     step network of the project's seed).
//   - gru, lstm: `layers` stacked recurrent layers of width `hidden` run
//     over the window from zero states, and a linear head on the top
//     layer's hidden state. Training is teacher-forced at every position:
//     the head predicts row t+1 from the state after row t for all t of
//     the window (window targets per sample, each seeing the true rows
//     before it); the forecast reads the state after the last row. The
//     recurrence restarts from zero at every forecast step, so the model
//     sees exactly the histories it was trained on (Cho et al. 2014;
//     Hochreiter & Schmidhuber 1997).
//   - transformer: PatchTST-style (Nie et al. 2023) with channel
//     independence. Each column is a separate sequence (all columns share
//     the weights) cut into n = ⌊(window − patch)/stride⌋ + 1 patches of
//     length `patch` with stride `stride`, aligned to the end of the
//     window; each patch is embedded linearly into d_model values, learned
//     (learned_pos = 1) or sinusoidal positions are added, `layers`
//     pre-norm Transformer encoder blocks (heads, ffn; GELU) and a final
//     layer norm follow, and a linear head on the flattened n×d_model
//     outputs gives the next horizon_out values of that column. Forecasts
//     beyond horizon_out rows feed whole predicted blocks back. Unlike the
//     paper, there is no RevIN instance normalisation (the data are
//     standardised globally), the blocks are pre-norm with layer norm
//     instead of post-norm with batch norm, and there is no end padding.
//
// With increment = 1 (the default) every network predicts the change
// from the last row of its window, ẑ(t+1) = z(t) + net(window), which
// suits finely sampled flows; the loss is the same squared error of the
// next row.
//
// Training minimises the mean squared error (standardised units) of all
// samples — every run of consecutive training rows — with AdamW
// (Loshchilov & Hutter 2019; weight_decay decoupled) on minibatches of
// `batch` samples reshuffled every epoch, the learning rate following a
// linear warm-up over the first 5% of the steps and a cosine decay to
// lr/100 (nn.CosineWarmup), gradients clipped to global norm `clip`.
// With noise > 0, Gaussian noise of that standard deviation (standardised
// units) is added to the training inputs, freshly at every step (the
// targets of increment models are relative to the noisy last row, so the
// network learns to correct it); this regularises the closed loop, whose
// windows drift slightly off the training data. With
// a validation block of at least as many rows as one sample, the
// validation loss is computed after every epoch, the parameters of the
// best epoch are kept, and training stops after `patience` epochs without
// improvement; a shorter validation block is ignored. A non-finite loss,
// or one above 10⁴ times the first step's, stops training with a
// *TrainDivergedError naming the step; the model then keeps the last good
// parameters. Callbacks attach through SetTrainHooks.
//
// Forecasts, representations and the Dynamics system use a float64 copy
// of the trained network (see neural_infer.go), so that the closed-loop
// map is smooth to machine precision and its Jacobian meaningful.
//
// References:
//
//	Rumelhart, D. E., Hinton, G. E. & Williams, R. J. (1986). Learning
//	  representations by back-propagating errors. Nature 323, 533-536.
//	Cho, K. et al. (2014). Learning phrase representations using RNN
//	  encoder-decoder for statistical machine translation. EMNLP.
//	Hochreiter, S. & Schmidhuber, J. (1997). Long short-term memory.
//	  Neural Comput. 9, 1735-1780.
//	Nie, Y., Nguyen, N. H., Sinthong, P. & Kalagnanam, J. (2023). A time
//	  series is worth 64 words: long-term forecasting with Transformers.
//	  ICLR.
//	Loshchilov, I. & Hutter, F. (2019). Decoupled weight decay
//	  regularization. ICLR.
type Neural struct {
	kind  string
	hyper map[string]float64 // complete, validated
	seed  uint64

	w, k                    int
	inc                     bool
	epochs, batch, patience int
	lr, wd, clip, noise     float64

	net   arch
	hooks TrainHooks

	// Set by Fit (or Load).
	dim     int
	sc      scaler
	ps      *nn.Params
	ready   bool // the float64 network holds usable weights
	summary TrainSummary
}

// TrainHooks are callbacks into a neural model's training loop, for
// progress display, logging and checkpointing from outside. Nil fields
// are skipped.
type TrainHooks struct {
	// OnStep runs after every optimizer update with the number of
	// updates so far, the planned total (epochs × batches per epoch;
	// early stopping may end sooner) and that minibatch's loss
	// (standardised mean squared error).
	OnStep func(step, total int, loss float64)
	// OnEpoch runs after every epoch with the epochs completed, the
	// planned number, the mean training loss and the validation loss (NaN
	// without validation). During the call the model's parameters are
	// those reached at the end of that epoch, so Save writes a checkpoint
	// of them. A non-nil error stops training and is returned by Fit.
	OnEpoch func(epoch, epochs int, trainLoss, valLoss float64) error
}

// HookSetter is implemented by models whose training reports progress.
type HookSetter interface {
	SetTrainHooks(h TrainHooks)
}

// TrainSummary is the record of a neural model's training.
type TrainSummary struct {
	Samples      int     `json:"samples"`     // training samples (windows with their targets)
	ValSamples   int     `json:"val_samples"` // validation samples (0: no validation)
	Epochs       int     `json:"epochs"`      // epochs completed
	Steps        int     `json:"steps"`       // optimizer updates
	BestEpoch    int     `json:"best_epoch"`  // epoch whose parameters were kept (0: the last)
	TrainLoss    float64 `json:"train_loss"`  // mean training loss of the last epoch
	ValLoss      float64 `json:"val_loss"`    // validation loss of the kept parameters (NaN without)
	StoppedEarly bool    `json:"stopped_early"`
	Diverged     bool    `json:"diverged"`
}

// TrainReporter is implemented by models that record how their
// training went.
type TrainReporter interface {
	TrainSummary() TrainSummary
}

// TrainDivergedError reports a training run stopped because the loss
// became non-finite or exploded. The model keeps the parameters it had
// before the update that caused it.
type TrainDivergedError struct {
	Model string
	// Step is the 1-based index of the optimizer update whose loss was
	// bad, out of Steps planned; Epoch is 1-based.
	Step, Steps, Epoch int
	Loss               float64
	Err                *nn.DivergedError
}

func (e *TrainDivergedError) Error() string {
	why := fmt.Sprintf("loss %.4g exceeds %g × the first step's %.4g", e.Loss, e.Err.Factor, e.Err.Reference)
	if math.IsNaN(e.Loss) || math.IsInf(e.Loss, 0) {
		why = fmt.Sprintf("loss is %v", e.Loss)
	}
	return fmt.Sprintf("%s: fit: training diverged at step %d of %d (epoch %d): %s; the model keeps the last good parameters (try a smaller lr or clip)",
		e.Model, e.Step, e.Steps, e.Epoch, why)
}

func (e *TrainDivergedError) Unwrap() error { return e.Err }

// commonHyper lists the training hyperparameters every neural model has.
func commonHyper(window, epochs, lr float64) []system.Param {
	return []system.Param{
		{Name: "window", Default: window, Min: 1, Max: 10000, Integer: true, Doc: "number of past rows the model reads (its context length)"},
		{Name: "epochs", Default: epochs, Min: 1, Max: 1e6, Integer: true, Doc: "maximum number of passes over the training samples"},
		{Name: "batch", Default: 32, Min: 1, Max: 65536, Integer: true, Doc: "minibatch size (samples per optimizer update)"},
		{Name: "lr", Default: lr, Min: 1e-9, Max: 1e4, Doc: "peak learning rate of AdamW (linear warm-up over 5% of the steps, cosine decay to lr/100)"},
		{Name: "weight_decay", Default: 1e-4, Min: 0, Max: 10, Doc: "AdamW decoupled weight decay λ"},
		{Name: "patience", Default: 10, Min: 0, Max: 1e6, Integer: true, Doc: "early stopping: epochs without validation improvement before stopping (0: never; needs validation data)"},
		{Name: "clip", Default: 1, Min: 0, Max: 1e9, Doc: "global gradient-norm clipping threshold (0: none)"},
		{Name: "noise", Default: 0, Min: 0, Max: 10, Doc: "standard deviation of Gaussian noise added to the standardised training inputs (regularises closed-loop rollouts; 0: none)"},
		{Name: "increment", Default: 1, Min: 0, Max: 1, Integer: true, Doc: "1: predict the change from the last row of the window; 0: predict the next row itself"},
	}
}

func init() {
	mlpHyper := append(commonHyper(4, 60, 1e-3),
		system.Param{Name: "hidden", Default: 64, Min: 1, Max: 16384, Integer: true, Doc: "width of each hidden layer"},
		system.Param{Name: "layers", Default: 2, Min: 1, Max: 32, Integer: true, Doc: "number of hidden GELU layers"})
	// The MLP's default weight decay is 0.1 rather than 1e-4: trained on
	// one-step errors alone, its closed-loop rollouts on chaotic flows
	// leave the attractor and blow up unless the weights are kept small.
	// On Lorenz with the emergo train defaults (5000 rows, dt 0.01, 10
	// origins): with weight decay 1e-4 every one of seeds 1-7 diverged
	// (3, 10, 1, 10, 10, 10 and 6 of 10 rollouts), 0.05 diverged in 29 of
	// seeds 41-100, input noise 0.02 (with 1e-4) in 3 of seeds 1-60; 0.1
	// diverged in none of seeds 1-100, at a median one-step NRMSE of
	// 0.00075 (persistence: 0.075), rollout NRMSE 0.7 over 5 Lyapunov
	// times and valid prediction time 2.4 Lyapunov times.
	for i := range mlpHyper {
		if mlpHyper[i].Name == "weight_decay" {
			mlpHyper[i].Default = 0.1
		}
	}
	Register(Entry{
		Info: Info{
			Name:   "mlp",
			Family: "neural",
			Description: "Multilayer perceptron: the last `window` rows flattened, `layers` GELU layers of width `hidden`, " +
				"a linear layer to the next row; trained with AdamW on the nn engine.",
			Citation: "Rumelhart, D. E., Hinton, G. E. & Williams, R. J. (1986). Learning representations by back-propagating errors. Nature 323, 533-536.",
			Hyper:    mlpHyper,
		},
		Build: func(h map[string]float64, seed uint64) (Forecaster, error) { return newNeural("mlp", h, seed) },
	})
	rnnHyper := func() []system.Param {
		return append(commonHyper(16, 40, 3e-3),
			system.Param{Name: "hidden", Default: 32, Min: 1, Max: 4096, Integer: true, Doc: "hidden state size of each recurrent layer"},
			system.Param{Name: "layers", Default: 1, Min: 1, Max: 8, Integer: true, Doc: "number of stacked recurrent layers"})
	}
	Register(Entry{
		Info: Info{
			Name:   "gru",
			Family: "neural",
			Description: "Gated recurrent unit network run over the last `window` rows from a zero state, a linear head on the " +
				"last hidden state to the next row; trained teacher-forced at every position of the window.",
			Citation: "Cho, K. et al. (2014). Learning phrase representations using RNN encoder-decoder for statistical machine translation. EMNLP.",
			Hyper:    rnnHyper(),
		},
		Build: func(h map[string]float64, seed uint64) (Forecaster, error) { return newNeural("gru", h, seed) },
	})
	Register(Entry{
		Info: Info{
			Name:   "lstm",
			Family: "neural",
			Description: "Long short-term memory network run over the last `window` rows from zero states, a linear head on the " +
				"last hidden state to the next row; trained teacher-forced at every position of the window.",
			Citation: "Hochreiter, S. & Schmidhuber, J. (1997). Long short-term memory. Neural Comput. 9, 1735-1780.",
			Hyper:    rnnHyper(),
		},
		Build: func(h map[string]float64, seed uint64) (Forecaster, error) { return newNeural("lstm", h, seed) },
	})
	Register(Entry{
		Info: Info{
			Name:   "transformer",
			Family: "neural",
			Description: "PatchTST-style Transformer encoder with channel independence: each column's window cut into patches, " +
				"embedded, positions added, pre-norm encoder blocks, a flatten head to the next horizon_out values " +
				"(autoregressive beyond).",
			Citation: "Nie, Y., Nguyen, N. H., Sinthong, P. & Kalagnanam, J. (2023). A time series is worth 64 words: long-term forecasting with Transformers. ICLR.",
			Hyper: append(commonHyper(32, 10, 1e-3),
				system.Param{Name: "patch", Default: 8, Min: 1, Max: 10000, Integer: true, Doc: "patch length P (rows)"},
				system.Param{Name: "stride", Default: 4, Min: 1, Max: 10000, Integer: true, Doc: "stride S between patch starts (rows)"},
				system.Param{Name: "d_model", Default: 16, Min: 1, Max: 4096, Integer: true, Doc: "embedding width (divisible by heads)"},
				system.Param{Name: "heads", Default: 4, Min: 1, Max: 256, Integer: true, Doc: "attention heads"},
				system.Param{Name: "ffn", Default: 64, Min: 1, Max: 16384, Integer: true, Doc: "width of the GELU feed-forward layer of each block"},
				system.Param{Name: "layers", Default: 2, Min: 1, Max: 32, Integer: true, Doc: "number of encoder blocks"},
				system.Param{Name: "horizon_out", Default: 1, Min: 1, Max: 10000, Integer: true, Doc: "rows predicted at once by the head (autoregressive in blocks beyond)"},
				system.Param{Name: "learned_pos", Default: 1, Min: 0, Max: 1, Integer: true, Doc: "1: learned positional embedding; 0: fixed sinusoidal"},
				system.Param{Name: "dropout", Default: 0.1, Min: 0, Max: 0.9, Doc: "dropout rate in training (attention output, feed-forward output, flatten head input)"}),
		},
		Build: func(h map[string]float64, seed uint64) (Forecaster, error) { return newNeural("transformer", h, seed) },
	})
}

// newNeural builds an unfitted model of the given kind from complete
// hyperparameters.
func newNeural(kind string, h map[string]float64, seed uint64) (*Neural, error) {
	m := &Neural{kind: kind, hyper: map[string]float64{}, seed: seed,
		w: intHyper(h, "window"), k: 1, inc: h["increment"] == 1,
		epochs: intHyper(h, "epochs"), batch: intHyper(h, "batch"), patience: intHyper(h, "patience"),
		lr: h["lr"], wd: h["weight_decay"], clip: h["clip"], noise: h["noise"]}
	for k, v := range h {
		m.hyper[k] = v
	}
	switch kind {
	case "mlp":
		m.net = &mlpArch{netCfg: netCfg{w: m.w, k: 1, inc: m.inc}, hidden: intHyper(h, "hidden"), layers: intHyper(h, "layers")}
	case "gru", "lstm":
		m.net = &rnnArch{netCfg: netCfg{w: m.w, k: 1, inc: m.inc}, lstm: kind == "lstm",
			hidden: intHyper(h, "hidden"), layers: intHyper(h, "layers")}
	case "transformer":
		p, s := intHyper(h, "patch"), intHyper(h, "stride")
		dm, heads := intHyper(h, "d_model"), intHyper(h, "heads")
		if p > m.w {
			return nil, fmt.Errorf("transformer: patch=%d is longer than window=%d", p, m.w)
		}
		if dm%heads != 0 {
			return nil, fmt.Errorf("transformer: d_model=%d is not divisible by heads=%d", dm, heads)
		}
		m.k = intHyper(h, "horizon_out")
		m.net = &patchArch{netCfg: netCfg{w: m.w, k: m.k, inc: m.inc}, patch: p, stride: s,
			npatch: (m.w-p)/s + 1, dmodel: dm, heads: heads, ffn: intHyper(h, "ffn"),
			layers: intHyper(h, "layers"), learnedPos: h["learned_pos"] == 1, dropout: float32(h["dropout"])}
	default:
		panic("forecast: unknown neural kind " + kind)
	}
	return m, nil
}

// Name returns the registry name ("mlp", "gru", "lstm" or "transformer").
func (m *Neural) Name() string { return m.kind }

// ContextLen is the window length.
func (m *Neural) ContextLen() int { return m.w }

// Hyper returns a copy of the model's complete hyperparameters.
func (m *Neural) Hyper() map[string]float64 {
	out := make(map[string]float64, len(m.hyper))
	for k, v := range m.hyper {
		out[k] = v
	}
	return out
}

// Seed returns the model's seed.
func (m *Neural) Seed() uint64 { return m.seed }

// NumParams is the number of trained scalar parameters (0 before Fit).
func (m *Neural) NumParams() int {
	if m.ps == nil {
		return 0
	}
	return m.ps.NumValues()
}

// SetTrainHooks installs training callbacks for the next Fit.
func (m *Neural) SetTrainHooks(h TrainHooks) { m.hooks = h }

// TrainSummary returns the record of the last Fit.
func (m *Neural) TrainSummary() TrainSummary { return m.summary }

// toF32 rounds float64 values to float32.
func toF32(x []float64) []float32 {
	out := make([]float32, len(x))
	for i, v := range x {
		out[i] = float32(v)
	}
	return out
}

// Fit trains the network on the windows of train (see Neural). It needs
// at least window+horizon_out rows; val is used for early stopping when
// it has that many rows too.
func (m *Neural) Fit(ctx context.Context, train, val *Block) error {
	need := m.net.span()
	why := fmt.Sprintf("window=%d (window+1 rows: one window and its next row)", m.w)
	if m.k > 1 {
		why = fmt.Sprintf("window=%d and horizon_out=%d (window+horizon_out rows)", m.w, m.k)
	}
	if err := checkTrain(ctx, m.kind, train, val, need, why); err != nil {
		return err
	}
	m.ready = false
	d := train.Dim
	m.dim = d
	m.sc = fitScaler(train)
	zs := toF32(m.sc.standardize(train))
	if err := checkFinite32(m.kind, "standardised training data", zs); err != nil {
		return err
	}
	ns := train.Rows - need + 1
	var zv []float32
	nv := 0
	if val != nil && val.Rows >= need {
		zv = toF32(m.sc.standardize(val))
		if err := checkFinite32(m.kind, "standardised validation data", zv); err != nil {
			return err
		}
		nv = val.Rows - need + 1
	}
	rng := rand.New(rand.NewPCG(m.seed, neuralStreamInit))
	m.ps = nn.NewParams()
	m.net.build(m.ps, d, rng)

	bsz := min(m.batch, ns)
	nb := (ns + bsz - 1) / bsz
	total := nb * m.epochs
	xs, ys := m.net.shapes(bsz)
	xbuf := make([]float32, prod(xs))
	ybuf := make([]float32, prod(ys))
	perm := make([]int, ns)
	var nz *noiser // the trainer's generator, set below
	obj := nn.Objective{
		Batches: nb,
		BeginEpoch: func(_ int, r *rand.Rand) {
			for i := range perm {
				perm[i] = i
			}
			r.Shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
		},
		Loss: func(tp *nn.Tape, b int) *nn.Tensor {
			idx := perm[b*bsz : min((b+1)*bsz, ns)]
			xsh, ysh := m.net.shapes(len(idx))
			x, y := xbuf[:prod(xsh)], ybuf[:prod(ysh)]
			m.net.fill(x, y, zs, idx, nz)
			return tp.MSE(m.net.forward(tp, tp.Const(x, xsh...)), tp.Const(y, ysh...))
		},
	}
	if nv > 0 {
		vidx := make([]int, nv)
		for i := range vidx {
			vidx[i] = i
		}
		obj.Validate = func(tp *nn.Tape) float64 {
			var sum float64
			for lo := 0; lo < nv; lo += neuralValChunk {
				idx := vidx[lo:min(lo+neuralValChunk, nv)]
				xsh, ysh := m.net.shapes(len(idx))
				x, y := make([]float32, prod(xsh)), make([]float32, prod(ysh))
				m.net.fill(x, y, zv, idx, nil)
				l := tp.MSE(m.net.forward(tp, tp.Const(x, xsh...)), tp.Const(y, ysh...)).Item()
				sum += float64(l) * float64(len(idx))
				tp.Reset()
			}
			return sum / float64(nv)
		}
	}
	cfg := nn.DefaultAdamW()
	cfg.WeightDecay = m.wd
	tr := nn.NewTrainer(m.ps, nn.NewAdamW(m.ps, &cfg),
		nn.CosineWarmup{Peak: m.lr, Final: m.lr / 100, Warmup: max(1, total/20), Total: total}, m.seed)
	tr.ClipNorm = m.clip
	if m.noise > 0 {
		nz = &noiser{sd: float32(m.noise), rng: tr.Rand}
	}
	if nv > 0 {
		tr.Patience = m.patience
	}
	hooks := m.hooks
	if hooks.OnStep != nil {
		tr.Hooks.OnStep = func(step int, loss float64) { hooks.OnStep(step, total, loss) }
	}
	if hooks.OnEpoch != nil {
		tr.Hooks.OnEpoch = func(epoch int, trainLoss, valLoss float64) error {
			m.net.compile()
			m.ready = true
			err := hooks.OnEpoch(epoch, m.epochs, trainLoss, valLoss)
			m.ready = false
			return err
		}
	}
	m.summary = TrainSummary{Samples: ns, ValSamples: nv}
	hist, err := tr.Fit(ctx, obj, m.epochs)
	m.summary.Epochs, m.summary.Steps = tr.Epoch(), tr.Step()
	if hist != nil && len(hist.TrainLoss) > 0 {
		m.summary.TrainLoss = hist.TrainLoss[len(hist.TrainLoss)-1]
		m.summary.StoppedEarly = hist.StoppedEarly
	}
	m.summary.ValLoss = math.NaN()
	if best, epoch := tr.Best(); epoch > 0 {
		m.summary.BestEpoch, m.summary.ValLoss = epoch, best
	}
	if err != nil {
		var de *nn.DivergedError
		if errors.As(err, &de) {
			m.summary.Diverged = true
			m.net.compile()
			m.ready = true
			return &TrainDivergedError{Model: m.kind, Step: de.Step + 1, Steps: total, Epoch: de.Epoch + 1, Loss: de.Loss, Err: de}
		}
		return fmt.Errorf("%s: fit: %w", m.kind, err)
	}
	for _, p := range m.ps.List() {
		if err := checkFinite32(m.kind, "parameter "+p.Name, p.Data); err != nil {
			return err
		}
	}
	m.net.compile()
	m.ready = true
	return nil
}

func prod(s []int) int {
	p := 1
	for _, v := range s {
		p *= v
	}
	return p
}

// checkFinite32 names the first non-finite value of x.
func checkFinite32(model, what string, x []float32) error {
	for i, v := range x {
		if f := float64(v); math.IsNaN(f) || math.IsInf(f, 0) {
			return fmt.Errorf("%s: %s: value %d is %v (data too large for float32 training?)", model, what, i, f)
		}
	}
	return nil
}

// neuralWork is the scratch space of one forecast or rollout.
type neuralWork struct {
	z, zb []float64 // standardised window (w×dim) and block (k×dim)
	net   any
}

func (m *Neural) newWork() *neuralWork {
	return &neuralWork{z: make([]float64, m.w*m.dim), zb: make([]float64, m.k*m.dim), net: m.net.newWork()}
}

// block writes the k rows (physical units) that follow the window win
// (w rows, physical units, oldest first) into dst. It returns the
// 0-based index of the first row that left the divergence bound, or −1.
func (m *Neural) block(dst, win []float64, ws *neuralWork) int {
	d := m.dim
	for r := 0; r < m.w; r++ {
		m.sc.to(ws.z[r*d:(r+1)*d], win[r*d:(r+1)*d])
	}
	m.net.next(ws.zb, ws.z, ws.net)
	bad := -1
	for j := 0; j < m.k; j++ {
		zr := ws.zb[j*d : (j+1)*d]
		if bad < 0 && diverged(zr) {
			bad = j
		}
		m.sc.from(dst[j*d:(j+1)*d], zr)
	}
	return bad
}

// Predict rolls the model out from the last window context rows: each
// step forecasts the next horizon_out rows (one row except for the
// transformer) and shifts them into the window.
func (m *Neural) Predict(c *Block, horizon int) (*Block, error) {
	if err := checkContext(m.kind, m.ready, m.dim, c, m.w, horizon); err != nil {
		return nil, err
	}
	d, w, k := m.dim, m.w, m.k
	win := append([]float64(nil), c.X[(c.Rows-w)*d:]...)
	out := make([]float64, horizon*d)
	blk := make([]float64, k*d)
	ws := m.newWork()
	for h := 0; h < horizon; {
		bad := m.block(blk, win, ws)
		for j := 0; j < k && h < horizon; j++ {
			row := blk[j*d : (j+1)*d]
			if j == bad {
				return nil, &DivergedError{Model: m.kind, Step: h + 1, Horizon: horizon, Row: append([]float64(nil), row...)}
			}
			copy(out[h*d:], row)
			copy(win, win[d:])
			copy(win[(w-1)*d:], row)
			h++
		}
	}
	return NewBlock(out, d), nil
}

// Represent returns, for every row of x that ends a full window
// (x.Rows − window + 1 rows, aligned to the end of x), the network's
// hidden representation of that window: the last hidden layer's
// activations (mlp), the top layer's last hidden state (gru, lstm), or
// the encoder output averaged over the patches, columns side by side
// (transformer: dim·d_model values).
func (m *Neural) Represent(x *Block) (*Block, error) {
	if !m.ready {
		return nil, errNotFitted(m.kind)
	}
	if err := checkBlock(m.kind, "represent input", m.dim, x, m.w); err != nil {
		return nil, err
	}
	d, w := m.dim, m.w
	rows := x.Rows - w + 1
	rd := m.net.repDim()
	out := make([]float64, rows*rd)
	ws := m.newWork()
	for r := 0; r < rows; r++ {
		for i := 0; i < w; i++ {
			m.sc.to(ws.z[i*d:(i+1)*d], x.X[(r+i)*d:(r+i+1)*d])
		}
		m.net.represent(out[r*rd:(r+1)*rd], ws.z, ws.net)
	}
	return NewBlock(out, rd), nil
}

// sortedKeys returns the keys of h in order.
func sortedKeys(h map[string]float64) []string {
	ks := make([]string, 0, len(h))
	for k := range h {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
