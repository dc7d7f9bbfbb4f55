package nn

import (
	"math"
	"math/rand/v2"
	"testing"
)

func paramLeaves(ps *Params) []*Tensor {
	var out []*Tensor
	for _, p := range ps.List() {
		out = append(out, p.Tensor)
	}
	return out
}

func TestGradLayers(t *testing.T) {
	rng := rand.New(rand.NewPCG(30, 1))
	x := leaf(rng, 2, 5, 4)

	ps := NewParams()
	d1 := NewDense(ps, "d1", 4, 6, Tanh, rng)
	d2 := NewDense(ps, "d2", 6, 3, Identity, rng)
	checkGrad(t, "Dense", append(paramLeaves(ps), x), func(tp *Tape) *Tensor { return d2.Forward(tp, d1.Forward(tp, x)) })

	ps = NewParams()
	ln := NewLayerNorm(ps, "ln", 4)
	Normal(ln.Gamma, 1, rng)
	Normal(ln.Beta, 1, rng)
	checkGrad(t, "LayerNorm", append(paramLeaves(ps), x), func(tp *Tape) *Tensor { return ln.Forward(tp, x) })

	ps = NewParams()
	g := NewGRU(ps, "gru", 4, 3, rng)
	Normal(g.Bx, 0.5, rng)
	Normal(g.Bh, 0.5, rng)
	checkGrad(t, "GRU", append(paramLeaves(ps), x), func(tp *Tape) *Tensor {
		seq, last := g.Forward(tp, x, nil)
		return tp.Concat(0, tp.Reshape(seq, -1), tp.Reshape(last, -1))
	})

	ps = NewParams()
	l := NewLSTM(ps, "lstm", 4, 3, rng)
	checkGrad(t, "LSTM", append(paramLeaves(ps), x), func(tp *Tape) *Tensor {
		seq, h, c := l.Forward(tp, x, nil, nil)
		return tp.Concat(0, tp.Reshape(seq, -1), tp.Reshape(h, -1), tp.Reshape(c, -1))
	})

	for _, causal := range []bool{false, true} {
		ps = NewParams()
		m := NewMultiHeadAttention(ps, "mha", 4, 2, causal, rng)
		checkGrad(t, "MultiHeadAttention", append(paramLeaves(ps), x), func(tp *Tape) *Tensor { return m.Forward(tp, x) })
	}

	ps = NewParams()
	blk := NewTransformerBlock(ps, "blk", TransformerConfig{DModel: 4, Heads: 2, FFN: 8}, rng)
	for _, p := range ps.List() { // move LN parameters off their trivial initial values
		if p.Name == "blk.ln1.gamma" || p.Name == "blk.ln2.beta" {
			Normal(p.Tensor, 1, rng)
		}
	}
	checkGrad(t, "TransformerBlock", append(paramLeaves(ps), x), func(tp *Tape) *Tensor { return blk.Forward(tp, x) })

	ps = NewParams()
	lp := NewLearnedPositional(ps, "pos", 7, 4, rng)
	sp := NewSinusoidal(7, 4)
	checkGrad(t, "Positional", append(paramLeaves(ps), x), func(tp *Tape) *Tensor { return sp.Forward(tp, lp.Forward(tp, x)) })

	ps = NewParams()
	seq := Sequential{NewDense(ps, "a", 4, 5, GELU, rng), NewDense(ps, "b", 5, 2, Sigmoid, rng)}
	checkGrad(t, "Sequential", append(paramLeaves(ps), x), func(tp *Tape) *Tensor { return seq.Forward(tp, x) })
}

// TestSinusoidalValues: PE[p, 2i] = sin(p/10000^{2i/d}), PE[p, 2i+1] = cos(...)
// (Vaswani et al. 2017, §3.5).
func TestSinusoidalValues(t *testing.T) {
	pe := SinusoidalEncoding(50, 8)
	for _, c := range []struct {
		p, i int
		want float64
	}{{0, 0, 0}, {0, 1, 1}, {1, 0, math.Sin(1)}, {1, 1, math.Cos(1)}, {3, 2, math.Sin(3 / math.Pow(10000, 2.0/8))},
		{49, 7, math.Cos(49 / math.Pow(10000, 6.0/8))}} {
		if got := float64(pe.Data[c.p*8+c.i]); math.Abs(got-c.want) > 1e-6 {
			t.Errorf("PE[%d,%d] = %v, want %v", c.p, c.i, got, c.want)
		}
	}
}

// TestOrthogonalInit: Qᵀ·Q = I for square and tall matrices, Q·Qᵀ = I for
// wide ones, to float32 rounding.
func TestOrthogonalInit(t *testing.T) {
	const tol = 1e-5
	rng := rand.New(rand.NewPCG(31, 1))
	for _, sh := range [][2]int{{8, 8}, {12, 5}, {4, 9}} {
		q := Zeros(sh[0], sh[1])
		Orthogonal(q, 1, rng)
		r, c := sh[0], sh[1]
		k := min(r, c)
		for i := 0; i < k; i++ {
			for j := 0; j < k; j++ {
				var s float64
				for l := 0; l < max(r, c); l++ {
					if r >= c {
						s += float64(q.Data[l*c+i]) * float64(q.Data[l*c+j])
					} else {
						s += float64(q.Data[i*c+l]) * float64(q.Data[j*c+l])
					}
				}
				want := 0.0
				if i == j {
					want = 1
				}
				if math.Abs(s-want) > tol {
					t.Fatalf("%v: (QᵀQ)[%d][%d] = %v", sh, i, j, s)
				}
			}
		}
	}
	ps := NewParams()
	g := NewGRU(ps, "g", 3, 6, rng)
	// each 6×6 gate block of wh is orthogonal: its first column has unit norm
	for b := 0; b < 3; b++ {
		var s float64
		for i := 0; i < 6; i++ {
			v := float64(g.Wh.Data[i*18+b*6])
			s += v * v
		}
		if math.Abs(s-1) > tol {
			t.Errorf("GRU wh block %d column norm² %v", b, s)
		}
	}
}

// TestInitStatistics checks the initialiser variances on large tensors:
// Glorot-uniform Var = 2/(fanIn+fanOut), He-normal Var = 2/fanIn (within
// 5%, far beyond the sampling error of 1e5 draws, ~0.5%).
func TestInitStatistics(t *testing.T) {
	rng := rand.New(rand.NewPCG(32, 1))
	variance := func(d []float32) float64 {
		var s float64
		for _, v := range d {
			s += float64(v) * float64(v)
		}
		return s / float64(len(d))
	}
	w := Zeros(400, 250)
	GlorotUniform(w, 400, 250, rng)
	if v, want := variance(w.Data), 2.0/650; math.Abs(v/want-1) > 0.05 {
		t.Errorf("Glorot variance %v, want %v", v, want)
	}
	HeNormal(w, 400, rng)
	if v, want := variance(w.Data), 2.0/400; math.Abs(v/want-1) > 0.05 {
		t.Errorf("He variance %v, want %v", v, want)
	}
	a := rand.New(rand.NewPCG(7, 7))
	b := rand.New(rand.NewPCG(7, 7))
	psA, psB := NewParams(), NewParams()
	NewTransformerBlock(psA, "x", TransformerConfig{DModel: 8, Heads: 2, FFN: 16}, a)
	NewTransformerBlock(psB, "x", TransformerConfig{DModel: 8, Heads: 2, FFN: 16}, b)
	va, vb := psA.CopyValues(nil), psB.CopyValues(nil)
	for i := range va {
		if va[i] != vb[i] {
			t.Fatal("same seed gave different initial weights")
		}
	}
}
