package foundation

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"

	"github.com/emergo/emergo/nn"
)

// streamInit is the random stream of a model's initial weights.
const streamInit = 0x666f756e64696e69 // "foundini"

// Head kinds.
const (
	// HeadFlatten maps the flattened token outputs (N·d_model values) to
	// the horizon, as PatchTST does.
	HeadFlatten = "flatten"
	// HeadPool maps the token outputs averaged over the patches (d_model
	// values) to the horizon.
	HeadPool = "pool"
)

// Config is the architecture of a foundation model.
type Config struct {
	// Context is the number of past values the model reads (C); a
	// multiple of Patch.
	Context int `json:"context"`
	// Horizon is the number of values predicted at once (H); longer
	// forecasts feed whole predicted blocks back.
	Horizon int `json:"horizon"`
	// Patch is the patch length P (patches do not overlap).
	Patch int `json:"patch"`
	// DModel, Layers, Heads and FFN size the Transformer encoder.
	DModel int `json:"d_model"`
	Layers int `json:"layers"`
	Heads  int `json:"heads"`
	FFN    int `json:"ffn"`
	// Head is HeadFlatten (default) or HeadPool.
	Head string `json:"head"`
	// Dropout in training (attention and feed-forward outputs, head
	// input).
	Dropout float64 `json:"dropout"`
	// NoSkip removes the linear skip head (a dense map from the
	// normalised context to the horizon, DLinear-style, added to the
	// Transformer head's output).
	NoSkip bool `json:"no_skip,omitempty"`
}

// Default window geometry.
const (
	DefaultContext = 256
	DefaultHorizon = 32
	DefaultPatch   = 16
)

// presets are the named model sizes. Parameter counts at the default
// geometry (C = 256, H = 32, P = 16, flatten head) are in the comments.
var presets = map[string]Config{
	"micro":  {DModel: 16, Layers: 1, Heads: 2, FFN: 32},   // ≈ 1.9·10⁴
	"tiny":   {DModel: 32, Layers: 2, Heads: 2, FFN: 64},   // ≈ 4.3·10⁴
	"small":  {DModel: 64, Layers: 3, Heads: 4, FFN: 128},  // ≈ 1.4·10⁵
	"medium": {DModel: 128, Layers: 4, Heads: 4, FFN: 512}, // ≈ 8.7·10⁵
}

// Presets lists the named sizes in increasing order.
func Presets() []string {
	out := make([]string, 0, len(presets))
	for k := range presets {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return presets[out[i]].DModel < presets[out[j]].DModel })
	return out
}

// Preset returns the named size with the default geometry.
func Preset(name string) (Config, error) {
	c, ok := presets[strings.ToLower(name)]
	if !ok {
		return Config{}, fmt.Errorf("foundation: unknown size %q (sizes: %s)", name, strings.Join(Presets(), ", "))
	}
	return c.Defaults(), nil
}

// Defaults fills zero fields: the default geometry, the "tiny" encoder and
// the flatten head (Dropout stays as given).
func (c Config) Defaults() Config {
	t := presets["tiny"]
	if c.Context == 0 {
		c.Context = DefaultContext
	}
	if c.Horizon == 0 {
		c.Horizon = DefaultHorizon
	}
	if c.Patch == 0 {
		c.Patch = DefaultPatch
	}
	if c.DModel == 0 {
		c.DModel = t.DModel
	}
	if c.Layers == 0 {
		c.Layers = t.Layers
	}
	if c.Heads == 0 {
		c.Heads = t.Heads
	}
	if c.FFN == 0 {
		c.FFN = 2 * c.DModel
	}
	if c.Head == "" {
		c.Head = HeadFlatten
	}
	return c
}

// Validate checks a configuration (with defaults filled in).
func (c Config) Validate() error {
	switch {
	case c.Patch < 1 || c.Context < c.Patch || c.Context%c.Patch != 0:
		return fmt.Errorf("foundation: context %d must be a positive multiple of the patch length %d", c.Context, c.Patch)
	case c.Horizon < 1:
		return fmt.Errorf("foundation: horizon %d must be at least 1", c.Horizon)
	case c.DModel < 1 || c.Layers < 0 || c.FFN < 1:
		return fmt.Errorf("foundation: d_model %d, layers %d, ffn %d must be positive", c.DModel, c.Layers, c.FFN)
	case c.Heads < 1 || c.DModel%c.Heads != 0:
		return fmt.Errorf("foundation: d_model %d is not divisible by heads %d", c.DModel, c.Heads)
	case c.Head != HeadFlatten && c.Head != HeadPool:
		return fmt.Errorf("foundation: head %q: want %q or %q", c.Head, HeadFlatten, HeadPool)
	case !(c.Dropout >= 0 && c.Dropout < 1):
		return fmt.Errorf("foundation: dropout %v must be in [0, 1)", c.Dropout)
	}
	return nil
}

// Tokens is the number of patches N = Context/Patch.
func (c Config) Tokens() int { return c.Context / c.Patch }

// NumParams is the number of scalar parameters of the architecture.
func (c Config) NumParams() int {
	d, n := c.DModel, c.Tokens()
	block := 4*d + (d*3*d + 3*d) + (d*d + d) + (d*c.FFN + c.FFN) + (c.FFN*d + d)
	headIn := d
	if c.Head == HeadFlatten {
		headIn = n * d
	}
	skip := 0
	if !c.NoSkip {
		skip = c.Context*c.Horizon + c.Horizon
	}
	return (c.Patch*d + d) + n*d + c.Layers*block + 2*d + headIn*c.Horizon + c.Horizon + skip
}

// Model is a patch-based Transformer foundation model for univariate
// windows, applied to each channel of a multivariate series separately
// (channel independence). For one channel's window of C values:
//
//  1. instance normalisation (RevIN-style, Kim et al. 2022): z = (x − μ)/σ
//     with the window's mean μ and population standard deviation σ (σ = 1
//     for a constant window), so any scale and offset work;
//  2. the N = C/P non-overlapping patches of P values are embedded
//     linearly into d_model values, and a learned positional embedding
//     is added;
//  3. L pre-norm Transformer encoder blocks (multi-head self-attention
//     and a GELU feed-forward layer, each with a residual connection) and
//     a final layer norm;
//  4. a linear head maps the flattened N×d_model outputs (or their mean
//     over patches) to the next H normalised values; a linear skip head
//     on the normalised context (C×H weights, DLinear-style; Zeng et al.
//  2023. is added, and both predict the change from the last context
//     value: ẑ_{C+j} = z_{C−1} + head_j + skip_j. The forecast is mapped
//     back with μ and σ.
//
// The skip head starts at zero, so an untrained model forecasts
// persistence, and it carries the short-range linear extrapolation that a
// Transformer learns slowly; the encoder learns the rest. Forecasts beyond
// H values feed each predicted block back into the window. Training
// minimises the mean squared error of the normalised targets. Forecasts, representations and the Dynamics system use a
// float64 copy of the trained weights (smooth to machine precision, so
// finite-difference Jacobians are meaningful). A Model is not safe for
// concurrent use (it caches the float64 copy); use Clone for each
// goroutine.
//
// References:
//
//	Nie, Y., Nguyen, N. H., Sinthong, P. & Kalagnanam, J. (2023). A time
//	  series is worth 64 words: long-term forecasting with Transformers.
//	  ICLR.
//	Zeng, A., Chen, M., Zhang, L. & Xu, Q. (2023). Are Transformers
//	  effective for time series forecasting? AAAI.
//	Kim, T. et al. (2022). Reversible instance normalization for accurate
//	  time-series forecasting against distribution shift. ICLR.
//	Lai, J., Bao, A. & Gilpin, W. (2025). Panda: a pretrained forecast
//	  model for universal representation of chaotic dynamics.
//	  arXiv:2505.13755.
type Model struct {
	cfg  Config
	seed uint64

	ps     *nn.Params
	embed  *nn.Dense
	pos    *nn.LearnedPositional
	blocks []*nn.TransformerBlock
	norm   *nn.LayerNorm
	head   *nn.Dense
	skip   *nn.Dense // nil with NoSkip
	// frozen runs the backbone without recording gradients (head-only
	// adaptation).
	frozen bool

	inf *infer64 // float64 copy; nil until compiled

	// Forecaster state.
	dim    int
	fitted bool
	// Adapt configures what Fit does (zero value: zero-shot).
	Adapt Adaptation
	// Info describes where the weights come from (saved with the model).
	Info ModelInfo
}

// ModelInfo is a model's provenance, saved with it.
type ModelInfo struct {
	// Corpus is the configuration of the pretraining corpus.
	Corpus *CorpusConfig `json:"corpus,omitempty"`
	// Systems are the pretraining systems and HeldOut the held-out ones.
	Systems []string `json:"systems,omitempty"`
	HeldOut []string `json:"held_out,omitempty"`
	// Pretrain is the pretraining configuration.
	Pretrain *PretrainConfig `json:"pretrain,omitempty"`
	// Steps is the number of pretraining updates taken.
	Steps int `json:"steps"`
	// FineTuned records adaptations applied after pretraining.
	FineTuned []FineTuneRecord `json:"fine_tuned,omitempty"`
}

// FineTuneRecord describes one adaptation.
type FineTuneRecord struct {
	Mode   string `json:"mode"`
	Target string `json:"target"`
	Steps  int    `json:"steps"`
	Rows   int    `json:"rows"`
}

// New builds an untrained model with weights drawn from seed.
func New(cfg Config, seed uint64) (*Model, error) {
	cfg = cfg.Defaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	m := &Model{cfg: cfg, seed: seed}
	m.build(rand.New(rand.NewPCG(seed, streamInit)))
	return m, nil
}

func (m *Model) build(rng *rand.Rand) {
	c := m.cfg
	m.ps = nn.NewParams()
	m.embed = nn.NewDense(m.ps, "patch.embed", c.Patch, c.DModel, nn.Identity, rng)
	m.pos = nn.NewLearnedPositional(m.ps, "patch", c.Tokens(), c.DModel, rng)
	m.blocks = nil
	for l := 0; l < c.Layers; l++ {
		m.blocks = append(m.blocks, nn.NewTransformerBlock(m.ps, fmt.Sprintf("enc%d", l),
			nn.TransformerConfig{DModel: c.DModel, Heads: c.Heads, FFN: c.FFN, Dropout: float32(c.Dropout)}, rng))
	}
	m.norm = nn.NewLayerNorm(m.ps, "enc.norm", c.DModel)
	in := c.DModel
	if c.Head == HeadFlatten {
		in = c.Tokens() * c.DModel
	}
	m.head = nn.NewDense(m.ps, "head", in, c.Horizon, nn.Identity, rng)
	m.skip = nil
	if !c.NoSkip {
		m.skip = nn.NewDense(m.ps, "skip", c.Context, c.Horizon, nn.Identity, rng)
		clear(m.skip.W.Data)
	}
}

// Config returns the architecture.
func (m *Model) Config() Config { return m.cfg }

// Seed returns the seed of the initial weights.
func (m *Model) Seed() uint64 { return m.seed }

// Params returns the trainable parameters (shared, not copied).
func (m *Model) Params() *nn.Params { return m.ps }

// NumParams is the number of scalar parameters.
func (m *Model) NumParams() int { return m.ps.NumValues() }

// invalidate drops the float64 copy after the weights changed.
func (m *Model) invalidate() { m.inf = nil }

// compiled returns the float64 copy of the current weights.
func (m *Model) compiled() *infer64 {
	if m.inf == nil {
		m.inf = compile(m)
	}
	return m.inf
}

// forward maps normalised patches x [B, N, P] to the normalised
// forecasts' changes from the last context value [B, H] on the tape.
func (m *Model) forward(tp *nn.Tape, x *nn.Tensor) *nn.Tensor {
	h := m.encode(tp, x)
	if m.cfg.Head == HeadFlatten {
		h = tp.Reshape(h, -1, m.cfg.Tokens()*m.cfg.DModel)
	} else {
		h = tp.MeanAxis(h, 1)
	}
	y := m.head.Forward(tp, tp.Dropout(h, float32(m.cfg.Dropout)))
	if m.skip != nil {
		y = tp.Add(y, m.skip.Forward(tp, tp.Reshape(x, -1, m.cfg.Context)))
	}
	return y
}

// encode runs the backbone: [B, N, P] → [B, N, D]. With m.frozen it
// records no gradients.
func (m *Model) encode(tp *nn.Tape, x *nn.Tensor) *nn.Tensor {
	if m.frozen && !tp.NoGrad {
		tp.NoGrad = true
		defer func() { tp.NoGrad = false }()
	}
	h := m.pos.Forward(tp, m.embed.Forward(tp, x))
	for _, b := range m.blocks {
		h = b.Forward(tp, h)
	}
	return m.norm.Forward(tp, h)
}

// revinEps floors the window scale: σ below revinEps·(1 + |μ|) is taken
// as 1 (a constant window is only centred).
const revinEps = 1e-8

// windowStats returns the mean and the normalising scale of a window.
func windowStats(x []float64) (mu, sd float64) {
	for _, v := range x {
		mu += v
	}
	mu /= float64(len(x))
	for _, v := range x {
		sd += (v - mu) * (v - mu)
	}
	sd = sqrt(sd / float64(len(x)))
	if !(sd > revinEps*(1+abs(mu))) {
		sd = 1
	}
	return mu, sd
}

// windowStats32 is windowStats of float32 values, accumulated in float64.
func windowStats32(x []float32) (mu, sd float64) {
	for _, v := range x {
		mu += float64(v)
	}
	mu /= float64(len(x))
	for _, v := range x {
		d := float64(v) - mu
		sd += d * d
	}
	sd = sqrt(sd / float64(len(x)))
	if !(sd > revinEps*(1+abs(mu))) {
		sd = 1
	}
	return mu, sd
}

// targetClip bounds the normalised training targets: a window whose
// context is nearly flat (a quiet phase before a burst) would otherwise
// give targets of hundreds of context scales and dominate the loss.
const targetClip = 10

// fillWindow writes the normalised context of one window into x (C
// values) and its normalised targets, clipped to ±targetClip, minus the
// last normalised context value into y (H values).
func fillWindow(x, y, src []float32) {
	c := len(x)
	mu, sd := windowStats32(src[:c])
	for i := range x {
		x[i] = float32((float64(src[i]) - mu) / sd)
	}
	last := (float64(src[c-1]) - mu) / sd
	for i := range y {
		y[i] = float32(min(max((float64(src[c+i])-mu)/sd, -targetClip), targetClip) - last)
	}
}
