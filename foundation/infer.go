package foundation

import (
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/emergo/emergo/nn"
)

// Float64 inference: the trained float32 weights converted exactly to
// float64 and evaluated with gonum's BLAS, batched over windows. The map
// is smooth to machine precision (a finite-difference Jacobian with steps
// of 10⁻⁶ is accurate), and Predict and Dynamics agree to the last bit.

func sqrt(x float64) float64 { return math.Sqrt(x) }
func abs(x float64) float64  { return math.Abs(x) }

func f64(x []float32) []float64 {
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = float64(v)
	}
	return out
}

// lin64 is a float64 dense layer y = x·W + b, W in×out row-major.
type lin64 struct {
	w, b    []float64
	in, out int
}

func newLin64(d *nn.Dense) lin64 {
	return lin64{w: f64(d.W.Data), b: f64(d.B.Data), in: d.W.Dim(0), out: d.W.Dim(1)}
}

// apply writes x·W + b for rows rows of x into dst.
func (l *lin64) apply(dst, x []float64, rows int) {
	for r := 0; r < rows; r++ {
		copy(dst[r*l.out:(r+1)*l.out], l.b)
	}
	blas64.Gemm(blas.NoTrans, blas.NoTrans, 1,
		blas64.General{Rows: rows, Cols: l.in, Stride: l.in, Data: x[:rows*l.in]},
		blas64.General{Rows: l.in, Cols: l.out, Stride: l.out, Data: l.w},
		1, blas64.General{Rows: rows, Cols: l.out, Stride: l.out, Data: dst[:rows*l.out]})
}

// ln64 is a float64 layer norm.
type ln64 struct {
	g, b []float64
	eps  float64
}

func newLN64(l *nn.LayerNorm) ln64 {
	return ln64{g: f64(l.Gamma.Data), b: f64(l.Beta.Data), eps: float64(l.Eps)}
}

func (l *ln64) apply(dst, x []float64, rows int) {
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

// gelu64 is nn's tanh approximation of GELU.
func gelu64(x float64) float64 {
	const c = 0.7978845608028654 // √(2/π)
	return 0.5 * x * (1 + math.Tanh(c*(x+0.044715*x*x*x)))
}

type block64 struct {
	ln1, ln2 ln64
	qkv, out lin64
	ff1, ff2 lin64
}

// infer64 is the float64 copy of a Model.
type infer64 struct {
	cfg    Config
	embed  lin64
	pos    []float64
	blocks []block64
	norm   ln64
	head   lin64
	skip   *lin64
}

func compile(m *Model) *infer64 {
	f := &infer64{cfg: m.cfg, embed: newLin64(m.embed), pos: f64(m.pos.P.Data), norm: newLN64(m.norm), head: newLin64(m.head)}
	if m.skip != nil {
		s := newLin64(m.skip)
		f.skip = &s
	}
	for _, b := range m.blocks {
		f.blocks = append(f.blocks, block64{ln1: newLN64(b.LN1), ln2: newLN64(b.LN2), qkv: newLin64(b.Attn.QKV),
			out: newLin64(b.Attn.Out), ff1: newLin64(b.FF1), ff2: newLin64(b.FF2)})
	}
	return f
}

// work64 is the scratch space of a batch.
type work64 struct {
	cap                        int // windows
	tok, ln, qkv, att, tmp, ff []float64
	p                          []float64
	hin                        []float64
	sk                         []float64
}

func (f *infer64) newWork(batch int) *work64 {
	c := f.cfg
	n, d := c.Tokens(), c.DModel
	r := batch * n
	return &work64{cap: batch, tok: make([]float64, r*d), ln: make([]float64, r*d), qkv: make([]float64, r*3*d),
		att: make([]float64, r*d), tmp: make([]float64, r*d), ff: make([]float64, r*c.FFN), p: make([]float64, n),
		hin: make([]float64, batch*d), sk: make([]float64, batch*c.Horizon)}
}

// run evaluates b windows: x holds b normalised contexts of C values;
// out receives b×H normalised forecasts (nil to skip; the last context
// value is added back) and rep b×d_model pooled encoder features (nil to
// skip).
func (f *infer64) run(out, rep, x []float64, b int, w *work64) {
	if w == nil || w.cap < b {
		w = f.newWork(b)
	}
	c := f.cfg
	n, d, heads := c.Tokens(), c.DModel, c.Heads
	rows := b * n
	// Patches are contiguous: the b×C contexts are (b·N)×P rows.
	f.embed.apply(w.tok, x, rows)
	for r := 0; r < rows; r++ {
		t := w.tok[r*d : (r+1)*d]
		pp := f.pos[(r%n)*d : (r%n+1)*d]
		for i := range t {
			t[i] += pp[i]
		}
	}
	dk := d / heads
	scale := 1 / math.Sqrt(float64(dk))
	for l := range f.blocks {
		bl := &f.blocks[l]
		bl.ln1.apply(w.ln, w.tok, rows)
		bl.qkv.apply(w.qkv, w.ln, rows)
		for s := 0; s < b; s++ {
			q := w.qkv[s*n*3*d : (s+1)*n*3*d]
			for h := 0; h < heads; h++ {
				for t := 0; t < n; t++ {
					qt := q[t*3*d+h*dk : t*3*d+(h+1)*dk]
					mx := math.Inf(-1)
					for u := 0; u < n; u++ {
						ku := q[u*3*d+d+h*dk : u*3*d+d+(h+1)*dk]
						var sc float64
						for i, v := range qt {
							sc += v * ku[i]
						}
						sc *= scale
						w.p[u] = sc
						mx = max(mx, sc)
					}
					var z float64
					for u := 0; u < n; u++ {
						w.p[u] = math.Exp(w.p[u] - mx)
						z += w.p[u]
					}
					o := w.att[(s*n+t)*d+h*dk : (s*n+t)*d+(h+1)*dk]
					clear(o)
					for u := 0; u < n; u++ {
						pu := w.p[u] / z
						vu := q[u*3*d+2*d+h*dk : u*3*d+2*d+(h+1)*dk]
						for i, v := range vu {
							o[i] += pu * v
						}
					}
				}
			}
		}
		bl.out.apply(w.tmp, w.att, rows)
		for i, v := range w.tmp[:rows*d] {
			w.tok[i] += v
		}
		bl.ln2.apply(w.ln, w.tok, rows)
		bl.ff1.apply(w.ff, w.ln, rows)
		for i, v := range w.ff[:rows*c.FFN] {
			w.ff[i] = gelu64(v)
		}
		bl.ff2.apply(w.tmp, w.ff, rows)
		for i, v := range w.tmp[:rows*d] {
			w.tok[i] += v
		}
	}
	f.norm.apply(w.ln, w.tok, rows)
	if rep != nil || c.Head == HeadPool {
		for s := 0; s < b; s++ {
			r := w.hin[s*d : (s+1)*d]
			clear(r)
			for t := 0; t < n; t++ {
				for i, v := range w.ln[(s*n+t)*d : (s*n+t+1)*d] {
					r[i] += v
				}
			}
			for i := range r {
				r[i] /= float64(n)
			}
		}
		if rep != nil {
			copy(rep[:b*d], w.hin[:b*d])
		}
	}
	if out == nil {
		return
	}
	if c.Head == HeadFlatten {
		f.head.apply(out, w.ln, b)
	} else {
		f.head.apply(out, w.hin, b)
	}
	H, C := c.Horizon, c.Context
	if f.skip != nil {
		f.skip.apply(w.sk, x, b)
		for i, v := range w.sk[:b*H] {
			out[i] += v
		}
	}
	for s := 0; s < b; s++ {
		last := x[s*C+C-1]
		for j := 0; j < H; j++ {
			out[s*H+j] += last
		}
	}
}
