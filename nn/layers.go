package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Layer is anything that maps a tensor to a tensor on a tape.
type Layer interface {
	Forward(tp *Tape, x *Tensor) *Tensor
}

// Sequential applies layers in order.
type Sequential []Layer

// Forward applies each layer to the previous one's output.
func (s Sequential) Forward(tp *Tape, x *Tensor) *Tensor {
	for _, l := range s {
		x = l.Forward(tp, x)
	}
	return x
}

// Dense is a fully connected layer y = act(x·W + b) on the last axis of
// x; it also serves as embedding and patch projection. Parameters
// "<name>.weight" [in, out] and "<name>.bias" [out].
type Dense struct {
	W, B *Tensor
	Act  Activation
}

// NewDense registers a dense layer. Weights are He-normal for ReLU and
// GELU and Glorot-uniform otherwise; biases start at zero.
func NewDense(ps *Params, name string, in, out int, act Activation, rng *rand.Rand) *Dense {
	d := &Dense{W: ps.Add(name+".weight", in, out), B: ps.Add(name+".bias", out), Act: act}
	if act == ReLU || act == GELU {
		HeNormal(d.W, in, rng)
	} else {
		GlorotUniform(d.W, in, out, rng)
	}
	return d
}

// Forward returns act(x·W + b).
func (d *Dense) Forward(tp *Tape, x *Tensor) *Tensor { return tp.Linear(x, d.W, d.B, d.Act) }

// LayerNorm is a layer that normalises the last axis (see Tape.LayerNorm) with
// parameters "<name>.gamma" (ones) and "<name>.beta" (zeros).
type LayerNorm struct {
	Gamma, Beta *Tensor
	Eps         float32
}

// DefaultLayerNormEps is the variance floor of LayerNorm layers (PyTorch's
// default).
const DefaultLayerNormEps = 1e-5

// NewLayerNorm registers a layer normalisation over width dim.
func NewLayerNorm(ps *Params, name string, dim int) *LayerNorm {
	l := &LayerNorm{Gamma: ps.Add(name+".gamma", dim), Beta: ps.Add(name+".beta", dim), Eps: DefaultLayerNormEps}
	for i := range l.Gamma.Data {
		l.Gamma.Data[i] = 1
	}
	return l
}

// Forward normalises x.
func (l *LayerNorm) Forward(tp *Tape, x *Tensor) *Tensor {
	return tp.LayerNorm(x, l.Gamma, l.Beta, l.Eps)
}

// GRU is a gated recurrent unit layer (see Tape.GRU) with parameters
// "<name>.wx" [in, 3H] (Glorot-uniform), "<name>.wh" [H, 3H] (orthogonal
// per gate), "<name>.bx" and "<name>.bh" [3H] (zero).
type GRU struct {
	Wx, Wh, Bx, Bh *Tensor
	In, Hidden     int
}

// NewGRU registers a GRU layer.
func NewGRU(ps *Params, name string, in, hidden int, rng *rand.Rand) *GRU {
	g := &GRU{Wx: ps.Add(name+".wx", in, 3*hidden), Wh: ps.Add(name+".wh", hidden, 3*hidden),
		Bx: ps.Add(name+".bx", 3*hidden), Bh: ps.Add(name+".bh", 3*hidden), In: in, Hidden: hidden}
	GlorotUniform(g.Wx, in, hidden, rng)
	orthogonalBlocks(g.Wh, 3, rng)
	return g
}

// Forward runs the GRU over x [B, T, in] from h0 [B, H] (nil for zeros)
// and returns all hidden states [B, T, H] and the last one [B, H].
func (g *GRU) Forward(tp *Tape, x, h0 *Tensor) (seq, last *Tensor) {
	seq = tp.GRU(x, g.Wx, g.Wh, g.Bx, g.Bh, h0)
	return seq, lastStep(tp, seq)
}

func lastStep(tp *Tape, seq *Tensor) *Tensor {
	t := seq.dims[1]
	return tp.Reshape(tp.Slice(seq, 1, t-1, t), seq.dims[0], seq.dims[2])
}

// LSTM is a long short-term memory layer (see Tape.LSTM) with
// parameters "<name>.wx" [in, 4H] (Glorot-uniform), "<name>.wh" [H, 4H]
// (orthogonal per gate) and "<name>.b" [4H], zero except the forget gate
// block at 1 (Jozefowicz, Zaremba & Sutskever 2015).
//
// References:
//
//	R. Jozefowicz, W. Zaremba and I. Sutskever, "An empirical exploration
//	of recurrent network architectures", ICML (2015).
type LSTM struct {
	Wx, Wh, B  *Tensor
	In, Hidden int
}

// NewLSTM registers an LSTM layer.
func NewLSTM(ps *Params, name string, in, hidden int, rng *rand.Rand) *LSTM {
	l := &LSTM{Wx: ps.Add(name+".wx", in, 4*hidden), Wh: ps.Add(name+".wh", hidden, 4*hidden),
		B: ps.Add(name+".b", 4*hidden), In: in, Hidden: hidden}
	GlorotUniform(l.Wx, in, hidden, rng)
	orthogonalBlocks(l.Wh, 4, rng)
	for i := hidden; i < 2*hidden; i++ {
		l.B.Data[i] = 1
	}
	return l
}

// Forward runs the LSTM over x [B, T, in] from h0, c0 [B, H] (nil for
// zeros) and returns all hidden states [B, T, H], the last hidden state
// and the last cell state [B, H].
func (l *LSTM) Forward(tp *Tape, x, h0, c0 *Tensor) (seq, lastH, lastC *Tensor) {
	seq, lastC = tp.LSTM(x, l.Wx, l.Wh, l.B, h0, c0)
	return seq, lastStep(tp, seq), lastC
}

// MultiHeadAttention is multi-head self-attention (Vaswani et al. 2017):
// one projection to packed queries, keys and values ("<name>.qkv",
// [D, 3D]), scaled dot-product attention per head (see
// Tape.AttentionQKV), and an output projection ("<name>.out", [D, D]).
type MultiHeadAttention struct {
	QKV, Out *Dense
	Heads    int
	Causal   bool
	// Dropout is applied to the output projection in training mode.
	Dropout float32
}

// NewMultiHeadAttention registers a self-attention layer of width dModel
// (divisible by heads).
func NewMultiHeadAttention(ps *Params, name string, dModel, heads int, causal bool, rng *rand.Rand) *MultiHeadAttention {
	if heads < 1 || dModel%heads != 0 {
		panic(fmt.Sprintf("nn: attention width %d not divisible by %d heads", dModel, heads))
	}
	return &MultiHeadAttention{QKV: NewDense(ps, name+".qkv", dModel, 3*dModel, Identity, rng),
		Out: NewDense(ps, name+".out", dModel, dModel, Identity, rng), Heads: heads, Causal: causal}
}

// Forward attends over x [B, T, D].
func (m *MultiHeadAttention) Forward(tp *Tape, x *Tensor) *Tensor {
	a := tp.AttentionQKV(m.QKV.Forward(tp, x), m.Heads, m.Causal)
	return tp.Dropout(m.Out.Forward(tp, a), m.Dropout)
}

// TransformerConfig sizes a Transformer encoder block.
type TransformerConfig struct {
	DModel, Heads, FFN int
	Causal             bool
	Dropout            float32
}

// TransformerBlock is a pre-norm Transformer encoder block (Xiong et al.
// 2020): h = x + MHA(LN₁(x)), y = h + W₂·GELU(W₁·LN₂(h)).
//
// References:
//
//	R. Xiong et al., "On layer normalization in the Transformer
//	architecture", ICML (2020).
type TransformerBlock struct {
	LN1, LN2 *LayerNorm
	Attn     *MultiHeadAttention
	FF1, FF2 *Dense
	Dropout  float32
}

// NewTransformerBlock registers a block: "<name>.ln1", "<name>.attn",
// "<name>.ln2", "<name>.ff1" (GELU) and "<name>.ff2".
func NewTransformerBlock(ps *Params, name string, c TransformerConfig, rng *rand.Rand) *TransformerBlock {
	b := &TransformerBlock{
		LN1:     NewLayerNorm(ps, name+".ln1", c.DModel),
		Attn:    NewMultiHeadAttention(ps, name+".attn", c.DModel, c.Heads, c.Causal, rng),
		LN2:     NewLayerNorm(ps, name+".ln2", c.DModel),
		FF1:     NewDense(ps, name+".ff1", c.DModel, c.FFN, GELU, rng),
		FF2:     NewDense(ps, name+".ff2", c.FFN, c.DModel, Identity, rng),
		Dropout: c.Dropout,
	}
	b.Attn.Dropout = c.Dropout
	return b
}

// Forward applies the block to x [B, T, D].
func (b *TransformerBlock) Forward(tp *Tape, x *Tensor) *Tensor {
	h := tp.Add(x, b.Attn.Forward(tp, b.LN1.Forward(tp, x)))
	f := b.FF2.Forward(tp, b.FF1.Forward(tp, b.LN2.Forward(tp, h)))
	return tp.Add(h, tp.Dropout(f, b.Dropout))
}

// SinusoidalEncoding returns the fixed positional encoding table [maxLen,
// d] of Vaswani et al. (2017): PE[p, 2i] = sin(p/10000^{2i/d}),
// PE[p, 2i+1] = cos(p/10000^{2i/d}).
func SinusoidalEncoding(maxLen, d int) *Tensor {
	t := Zeros(maxLen, d)
	for p := 0; p < maxLen; p++ {
		for i := 0; i < d; i += 2 {
			ang := float64(p) / math.Pow(10000, float64(i)/float64(d))
			t.Data[p*d+i] = float32(math.Sin(ang))
			if i+1 < d {
				t.Data[p*d+i+1] = float32(math.Cos(ang))
			}
		}
	}
	return t
}

// Sinusoidal adds the fixed sinusoidal positional encoding to sequences.
type Sinusoidal struct{ Table *Tensor }

// NewSinusoidal precomputes the encoding for sequences up to maxLen.
func NewSinusoidal(maxLen, d int) *Sinusoidal { return &Sinusoidal{SinusoidalEncoding(maxLen, d)} }

// Forward returns x [B, T, D] plus the encoding of positions 0..T-1.
func (s *Sinusoidal) Forward(tp *Tape, x *Tensor) *Tensor {
	return tp.Add(x, tp.Const(positions(s.Table, x), x.dims[1], x.dims[2]))
}

func positions(table, x *Tensor) []float32 {
	if x.rank != 3 || x.dims[2] != table.dims[1] || x.dims[1] > table.dims[0] {
		panic(fmt.Sprintf("nn: positional encoding %v for input %v", table.Shape(), x.Shape()))
	}
	return table.Data[:x.dims[1]*x.dims[2]]
}

// LearnedPositional adds a trained positional embedding "<name>.pos"
// [maxLen, D], initialised N(0, 0.02²) as in GPT-2.
type LearnedPositional struct{ P *Tensor }

// NewLearnedPositional registers a learned positional embedding.
func NewLearnedPositional(ps *Params, name string, maxLen, d int, rng *rand.Rand) *LearnedPositional {
	l := &LearnedPositional{P: ps.Add(name+".pos", maxLen, d)}
	Normal(l.P, 0.02, rng)
	return l
}

// Forward returns x [B, T, D] plus the embeddings of positions 0..T-1.
func (l *LearnedPositional) Forward(tp *Tape, x *Tensor) *Tensor {
	positions(l.P, x)
	return tp.Add(x, tp.Slice(l.P, 0, 0, x.dims[1]))
}
