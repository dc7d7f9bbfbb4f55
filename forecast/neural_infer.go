package forecast

import (
	"math"

	"github.com/emergo/emergo/nn"
)

// Float64 inference.
//
// The neural models train in float32 on the nn engine's tape, but they
// forecast, represent and run as dynamical systems through the float64
// copies below of the same layers, evaluated with the trained weights
// (converted exactly from float32). The float64 map is smooth to machine
// precision, so its Jacobian by central differences is accurate (the
// float32 network's would be swamped by rounding: a step of 10⁻⁶ is a
// few float32 ulps), Predict and Dynamics agree to the last bit, and a
// forecast is independent of the engine's kernel choices. The two paths
// agree to float32 rounding (checked in the tests).

// f64 converts float32 values to float64 (exactly).
func f64(x []float32) []float64 {
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = float64(v)
	}
	return out
}

// axpy64 computes y += a·x (len(x) ≥ len(y)), four elements at a time.
func axpy64(y []float64, a float64, x []float64) {
	x = x[:len(y)]
	i := 0
	for ; i+4 <= len(y); i += 4 {
		yy, xx := y[i:i+4:i+4], x[i:i+4:i+4]
		yy[0] += a * xx[0]
		yy[1] += a * xx[1]
		yy[2] += a * xx[2]
		yy[3] += a * xx[3]
	}
	for ; i < len(y); i++ {
		y[i] += a * x[i]
	}
}

// gelu64 is the tanh approximation of GELU that nn uses,
// ½x(1 + tanh(√(2/π)(x + 0.044715x³))).
func gelu64(x float64) float64 {
	const c = 0.7978845608028654 // √(2/π)
	return 0.5 * x * (1 + math.Tanh(c*(x+0.044715*x*x*x)))
}

// gelu64Deriv is the derivative of gelu64.
func gelu64Deriv(x float64) float64 {
	const c = 0.7978845608028654
	t := math.Tanh(c * (x + 0.044715*x*x*x))
	return 0.5*(1+t) + 0.5*x*(1-t*t)*c*(1+3*0.044715*x*x)
}

func sigmoid64(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// activate64 applies an nn activation to v in place.
func activate64(v []float64, act nn.Activation) {
	switch act {
	case nn.Identity:
	case nn.ReLU:
		for i, x := range v {
			v[i] = max(x, 0)
		}
	case nn.GELU:
		for i, x := range v {
			v[i] = gelu64(x)
		}
	case nn.Tanh:
		for i, x := range v {
			v[i] = math.Tanh(x)
		}
	case nn.Sigmoid:
		for i, x := range v {
			v[i] = sigmoid64(x)
		}
	default:
		panic("forecast: unknown activation " + act.String())
	}
}

// dense64 is a float64 copy of an nn.Dense layer: y = act(x·W + b), with
// W in×out row-major.
type dense64 struct {
	w, b    []float64
	in, out int
	act     nn.Activation
}

func newDense64(d *nn.Dense) dense64 {
	return dense64{w: f64(d.W.Data), b: f64(d.B.Data), in: d.W.Dim(0), out: d.W.Dim(1), act: d.Act}
}

// pre writes x·W + b into dst (out values) for one input row x.
func (l *dense64) pre(dst, x []float64) {
	y := dst[:l.out]
	copy(y, l.b)
	for i, xi := range x[:l.in] {
		axpy64(y, xi, l.w[i*l.out:(i+1)*l.out])
	}
}

// apply writes act(x·W + b) into dst for one input row x.
func (l *dense64) apply(dst, x []float64) {
	l.pre(dst, x)
	activate64(dst[:l.out], l.act)
}

// applyRows applies the layer to each of rows input rows of x.
func (l *dense64) applyRows(dst, x []float64, rows int) {
	for r := 0; r < rows; r++ {
		l.apply(dst[r*l.out:(r+1)*l.out], x[r*l.in:(r+1)*l.in])
	}
}

// layerNorm64 is a float64 copy of nn.LayerNorm.
type layerNorm64 struct {
	g, b []float64
	eps  float64
}

func newLayerNorm64(l *nn.LayerNorm) layerNorm64 {
	return layerNorm64{g: f64(l.Gamma.Data), b: f64(l.Beta.Data), eps: float64(l.Eps)}
}

// applyRows normalises each row of x (rows×D) into dst.
func (l *layerNorm64) applyRows(dst, x []float64, rows int) {
	d := len(l.g)
	for r := 0; r < rows; r++ {
		xr, yr := x[r*d:(r+1)*d], dst[r*d:(r+1)*d]
		var s float64
		for _, v := range xr {
			s += v
		}
		mu := s / float64(d)
		var v2 float64
		for _, v := range xr {
			v2 += (v - mu) * (v - mu)
		}
		rstd := 1 / math.Sqrt(v2/float64(d)+l.eps)
		for i, v := range xr {
			yr[i] = (v-mu)*rstd*l.g[i] + l.b[i]
		}
	}
}

// gru64 is a float64 copy of nn.GRU (PyTorch's formulation, see
// nn.Tape.GRU).
type gru64 struct {
	wx, wh, bx, bh []float64
	in, h          int
}

func newGRU64(g *nn.GRU) gru64 {
	return gru64{wx: f64(g.Wx.Data), wh: f64(g.Wh.Data), bx: f64(g.Bx.Data), bh: f64(g.Bh.Data), in: g.In, h: g.Hidden}
}

// run advances the state h (H values, updated in place) over the rows
// of x (steps×in), writing every state into seq (steps×H) when not nil.
// gx and gh are scratch vectors of 3H values.
func (g *gru64) run(seq, h, x []float64, steps int, gx, gh []float64) {
	H := g.h
	for t := 0; t < steps; t++ {
		xt := x[t*g.in : (t+1)*g.in]
		copy(gx, g.bx)
		for i, v := range xt {
			axpy64(gx, v, g.wx[i*3*H:(i+1)*3*H])
		}
		copy(gh, g.bh)
		for i, v := range h {
			axpy64(gh, v, g.wh[i*3*H:(i+1)*3*H])
		}
		for k := 0; k < H; k++ {
			r := sigmoid64(gx[k] + gh[k])
			z := sigmoid64(gx[H+k] + gh[H+k])
			n := math.Tanh(gx[2*H+k] + r*gh[2*H+k])
			h[k] = (1-z)*n + z*h[k]
		}
		if seq != nil {
			copy(seq[t*H:(t+1)*H], h)
		}
	}
}

// lstm64 is a float64 copy of nn.LSTM (see nn.Tape.LSTM).
type lstm64 struct {
	wx, wh, b []float64
	in, h     int
}

func newLSTM64(l *nn.LSTM) lstm64 {
	return lstm64{wx: f64(l.Wx.Data), wh: f64(l.Wh.Data), b: f64(l.B.Data), in: l.In, h: l.Hidden}
}

// run advances the hidden and cell states h, c (H values each, in place)
// over the rows of x, writing every hidden state into seq when not nil.
// gates is a scratch vector of 4H values.
func (l *lstm64) run(seq, h, c, x []float64, steps int, gates []float64) {
	H := l.h
	for t := 0; t < steps; t++ {
		xt := x[t*l.in : (t+1)*l.in]
		copy(gates, l.b)
		for i, v := range xt {
			axpy64(gates, v, l.wx[i*4*H:(i+1)*4*H])
		}
		for i, v := range h {
			axpy64(gates, v, l.wh[i*4*H:(i+1)*4*H])
		}
		for k := 0; k < H; k++ {
			ig := sigmoid64(gates[k])
			fg := sigmoid64(gates[H+k])
			gg := math.Tanh(gates[2*H+k])
			og := sigmoid64(gates[3*H+k])
			c[k] = fg*c[k] + ig*gg
			h[k] = og * math.Tanh(c[k])
		}
		if seq != nil {
			copy(seq[t*H:(t+1)*H], h)
		}
	}
}

// block64 is a float64 copy of nn.TransformerBlock (pre-norm, no
// dropout at inference): h = x + MHA(LN₁(x)), y = h + W₂·GELU(W₁·LN₂(h)).
type block64 struct {
	ln1, ln2    layerNorm64
	qkv, out    dense64
	ff1, ff2    dense64
	heads, dmod int
}

func newBlock64(b *nn.TransformerBlock) block64 {
	return block64{ln1: newLayerNorm64(b.LN1), ln2: newLayerNorm64(b.LN2), qkv: newDense64(b.Attn.QKV),
		out: newDense64(b.Attn.Out), ff1: newDense64(b.FF1), ff2: newDense64(b.FF2), heads: b.Attn.Heads,
		dmod: b.Attn.QKV.W.Dim(0)}
}

// blockBuf holds the scratch space of a block over T tokens.
type blockBuf struct {
	ln, qkv, att, tmp, ff []float64
	p                     []float64 // attention weights of one query
}

func newBlockBuf(t, d, ffn int) *blockBuf {
	return &blockBuf{ln: make([]float64, t*d), qkv: make([]float64, t*3*d), att: make([]float64, t*d),
		tmp: make([]float64, t*d), ff: make([]float64, t*ffn), p: make([]float64, t)}
}

// apply transforms the T tokens of x (T×D) in place.
func (b *block64) apply(x []float64, T int, buf *blockBuf) {
	D := b.dmod
	dk := D / b.heads
	scale := 1 / math.Sqrt(float64(dk))
	b.ln1.applyRows(buf.ln, x, T)
	b.qkv.applyRows(buf.qkv, buf.ln, T)
	q := buf.qkv
	for h := 0; h < b.heads; h++ {
		for t := 0; t < T; t++ {
			qt := q[t*3*D+h*dk : t*3*D+(h+1)*dk]
			mx := math.Inf(-1)
			for u := 0; u < T; u++ {
				ku := q[u*3*D+D+h*dk : u*3*D+D+(h+1)*dk]
				var s float64
				for i, v := range qt {
					s += v * ku[i]
				}
				s *= scale
				buf.p[u] = s
				mx = max(mx, s)
			}
			var z float64
			for u := 0; u < T; u++ {
				buf.p[u] = math.Exp(buf.p[u] - mx)
				z += buf.p[u]
			}
			o := buf.att[t*D+h*dk : t*D+(h+1)*dk]
			clear(o)
			for u := 0; u < T; u++ {
				pu := buf.p[u] / z
				vu := q[u*3*D+2*D+h*dk : u*3*D+2*D+(h+1)*dk]
				for i, v := range vu {
					o[i] += pu * v
				}
			}
		}
	}
	b.out.applyRows(buf.tmp, buf.att, T)
	for i, v := range buf.tmp[:T*D] {
		x[i] += v
	}
	b.ln2.applyRows(buf.ln, x, T)
	b.ff1.applyRows(buf.ff, buf.ln, T)
	b.ff2.applyRows(buf.tmp, buf.ff, T)
	for i, v := range buf.tmp[:T*D] {
		x[i] += v
	}
}
