package nn

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestGradMatMul(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 1))
	for _, tr := range [][2]bool{{false, false}, {false, true}, {true, false}, {true, true}} {
		ar, ac := 4, 3
		if tr[0] {
			ar, ac = 3, 4
		}
		br, bc := 3, 5
		if tr[1] {
			br, bc = 5, 3
		}
		a, b := leaf(rng, ar, ac), leaf(rng, br, bc)
		checkGrad(t, "MatMul2D", []*Tensor{a, b}, func(tp *Tape) *Tensor { return tp.MatMul(a, b, tr[0], tr[1]) })
		// batched
		ab := leaf(rng, 2, 3, ar, ac)
		bb := leaf(rng, 2, 3, br, bc)
		checkGrad(t, "MatMulBatched", []*Tensor{ab, bb}, func(tp *Tape) *Tensor { return tp.MatMul(ab, bb, tr[0], tr[1]) })
	}
	// rows of a rank-3 tensor times a matrix
	x, w := leaf(rng, 2, 3, 4), leaf(rng, 4, 5)
	checkGrad(t, "MatMulRows", []*Tensor{x, w}, func(tp *Tape) *Tensor { return tp.MatMul(x, w, false, false) })
	checkGrad(t, "MatMulRowsT", []*Tensor{x, w}, func(tp *Tape) *Tensor { return tp.MatMul(x, tp.Transpose(w), false, true) })
}

// TestMatMulValues checks a product against hand-computed entries.
func TestMatMulValues(t *testing.T) {
	tp := NewTape()
	a := tp.Const([]float32{1, 2, 3, 4, 5, 6}, 2, 3)
	b := tp.Const([]float32{7, 8, 9, 10, 11, 12}, 3, 2)
	c := tp.MatMul(a, b, false, false)
	// [1 2 3; 4 5 6]·[7 8; 9 10; 11 12] = [58 64; 139 154]
	want := []float32{58, 64, 139, 154}
	for i, v := range want {
		if c.Data[i] != v {
			t.Fatalf("MatMul = %v, want %v", c.Data, want)
		}
	}
	ct := tp.MatMul(b, a, true, true) // (aᵀ... ) bᵀ·aᵀ = (a·b)ᵀ
	wantT := []float32{58, 139, 64, 154}
	for i, v := range wantT {
		if ct.Data[i] != v {
			t.Fatalf("MatMul(bᵀ, aᵀ) = %v, want %v", ct.Data, wantT)
		}
	}
}

func TestGradLinear(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 1))
	for _, act := range []Activation{Identity, ReLU, GELU, Tanh, Sigmoid} {
		x, w, b := leaf(rng, 2, 3, 6), leaf(rng, 6, 5), leaf(rng, 5)
		eps := gcEps
		if act == ReLU {
			eps = 1e-3
		}
		checkGradEps(t, "Linear/"+act.String(), []*Tensor{x, w, b}, func(tp *Tape) *Tensor { return tp.Linear(x, w, b, act) }, eps)
		checkGradEps(t, "LinearNoBias/"+act.String(), []*Tensor{x, w}, func(tp *Tape) *Tensor { return tp.Linear(x, w, nil, act) }, eps)
	}
}

// TestLinearMatchesComposition checks the fused op against MatMul, Add
// and the activation applied separately.
func TestLinearMatchesComposition(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 1))
	x, w, b := leaf(rng, 7, 6), leaf(rng, 6, 5), leaf(rng, 5)
	for _, act := range []Activation{Identity, ReLU, GELU, Tanh, Sigmoid} {
		tp := NewTape()
		y1 := tp.Linear(x, w, b, act)
		y2 := tp.Activate(tp.Add(tp.MatMul(x, w, false, false), b), act)
		for i := range y1.Data {
			if math.Abs(float64(y1.Data[i]-y2.Data[i])) > 1e-6 {
				t.Fatalf("%v: fused %v vs composed %v at %d", act, y1.Data[i], y2.Data[i], i)
			}
		}
	}
}

func TestGradBroadcast(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 1))
	ops := map[string]func(tp *Tape, a, b *Tensor) *Tensor{
		"Add": (*Tape).Add, "Sub": (*Tape).Sub, "Mul": (*Tape).Mul, "Div": (*Tape).Div,
	}
	shapes := [][2][]int{
		{{2, 3, 4}, {2, 3, 4}}, // same
		{{2, 3, 4}, {4}},       // suffix (bias)
		{{2, 3, 4}, {3, 4}},    // suffix (positional table)
		{{4}, {2, 3, 4}},       // prefix
		{{2, 1, 4}, {3, 1}},    // general
		{{2, 3, 4}, {1}},       // scalar-like
		{{3, 1}, {1, 5}},       // outer
	}
	for name, op := range ops {
		for _, s := range shapes {
			a := leafAway(rng, s[0]...)
			b := leafAway(rng, s[1]...)
			checkGrad(t, name, []*Tensor{a, b}, func(tp *Tape) *Tensor { return op(tp, a, b) })
		}
	}
}

func TestBroadcastValues(t *testing.T) {
	tp := NewTape()
	a := tp.Const([]float32{1, 2, 3, 4, 5, 6}, 2, 3)
	b := tp.Const([]float32{10, 20}, 2, 1)
	got := tp.Add(a, b).Data
	want := []float32{11, 12, 13, 24, 25, 26}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("[2,3]+[2,1] = %v, want %v", got, want)
		}
	}
	c := tp.Const([]float32{1, 2, 3}, 3)
	got = tp.Mul(c, a).Data
	want = []float32{1, 4, 9, 4, 10, 18}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("[3]*[2,3] = %v, want %v", got, want)
		}
	}
	defer func() {
		if recover() == nil {
			t.Fatal("incompatible shapes [2,3]+[2] did not panic")
		}
	}()
	tp.Add(a, tp.Const([]float32{1, 2}, 2))
}

func TestGradScalarOps(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 1))
	x := leaf(rng, 3, 4)
	checkGrad(t, "AddScalar", []*Tensor{x}, func(tp *Tape) *Tensor { return tp.AddScalar(x, 1.5) })
	checkGrad(t, "MulScalar", []*Tensor{x}, func(tp *Tape) *Tensor { return tp.MulScalar(x, -0.7) })
	checkGrad(t, "Neg", []*Tensor{x}, func(tp *Tape) *Tensor { return tp.Neg(x) })
}

func TestGradUnary(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 1))
	x := leafAway(rng, 3, 5)
	xp := leafPositive(rng, 3, 5)
	cases := []struct {
		name string
		in   *Tensor
		f    func(tp *Tape, a *Tensor) *Tensor
	}{
		{"ReLU", x, (*Tape).ReLU}, {"GELU", x, (*Tape).GELU}, {"Tanh", x, (*Tape).Tanh},
		{"Sigmoid", x, (*Tape).Sigmoid}, {"Exp", x, (*Tape).Exp}, {"Log", xp, (*Tape).Log},
		{"Square", x, (*Tape).Square}, {"Sqrt", xp, (*Tape).Sqrt}, {"Abs", x, (*Tape).Abs},
		{"ClampMin", x, func(tp *Tape, a *Tensor) *Tensor { return tp.ClampMin(a, 0.05) }},
	}
	for _, c := range cases {
		checkGrad(t, c.name, []*Tensor{c.in}, func(tp *Tape) *Tensor { return c.f(tp, c.in) })
	}
	// large inputs take the parallel path
	big := leafAway(rng, 300, 128)
	checkGrad(t, "GELU/parallel", []*Tensor{big}, func(tp *Tape) *Tensor { return tp.GELU(big) })
}

func TestUnaryValues(t *testing.T) {
	tp := NewTape()
	x := tp.Const([]float32{-2, -0.5, 0, 0.5, 2}, 5)
	check := func(name string, got *Tensor, ref func(float64) float64, tol float64) {
		for i, v := range x.Data {
			if d := math.Abs(float64(got.Data[i]) - ref(float64(v))); d > tol {
				t.Errorf("%s(%v) = %v, want %v", name, v, got.Data[i], ref(float64(v)))
			}
		}
	}
	const tol = 1e-6
	check("ReLU", tp.ReLU(x), func(v float64) float64 { return math.Max(v, 0) }, 0)
	check("Tanh", tp.Tanh(x), math.Tanh, tol)
	check("Sigmoid", tp.Sigmoid(x), func(v float64) float64 { return 1 / (1 + math.Exp(-v)) }, tol)
	check("Exp", tp.Exp(x), math.Exp, tol*8)
	check("GELU", tp.GELU(x), func(v float64) float64 {
		return 0.5 * v * (1 + math.Tanh(math.Sqrt(2/math.Pi)*(v+0.044715*v*v*v)))
	}, tol)
}

func TestGradSoftmax(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 1))
	x := leaf(rng, 2, 3, 7)
	checkGrad(t, "Softmax", []*Tensor{x}, func(tp *Tape) *Tensor { return tp.Softmax(x) })
	checkGrad(t, "LogSoftmax", []*Tensor{x}, func(tp *Tape) *Tensor { return tp.LogSoftmax(x) })
}

// TestSoftmaxStable checks rows that would overflow a naive exp: the
// softmax of (1000, 1001, 1002) equals that of (0, 1, 2), which is
// e^k/(1+e+e²).
func TestSoftmaxStable(t *testing.T) {
	tp := NewTape()
	x := tp.Const([]float32{1000, 1001, 1002, -1000, -1001, -1002}, 2, 3)
	s := tp.Softmax(x)
	ls := tp.LogSoftmax(x)
	z := 1 + math.E + math.E*math.E
	want := []float64{1 / z, math.E / z, math.E * math.E / z, math.E * math.E / z, math.E / z, 1 / z}
	for i, w := range want {
		if math.Abs(float64(s.Data[i])-w) > 1e-6 || math.Abs(float64(ls.Data[i])-math.Log(w)) > 1e-5 {
			t.Fatalf("softmax %v / log %v, want %v", s.Data, ls.Data, want)
		}
	}
}

func TestGradLayerNorm(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 1))
	x, g, b := leaf(rng, 2, 3, 6), leaf(rng, 6), leaf(rng, 6)
	checkGrad(t, "LayerNorm", []*Tensor{x, g, b}, func(tp *Tape) *Tensor { return tp.LayerNorm(x, g, b, 1e-5) })
	big, gb, bb := leaf(rng, 512, 64), leaf(rng, 64), leaf(rng, 64)
	checkGrad(t, "LayerNorm/parallel", []*Tensor{big, gb, bb}, func(tp *Tape) *Tensor { return tp.LayerNorm(big, gb, bb, 1e-5) })
}

// TestLayerNormValues: each row of the output has mean beta and standard
// deviation |gamma|·σ/√(σ²+eps) ≈ |gamma| for gamma, beta constant.
func TestLayerNormValues(t *testing.T) {
	rng := rand.New(rand.NewPCG(10, 1))
	tp := NewTape()
	x := leaf(rng, 4, 50)
	g, b := tp.Full(2, 50), tp.Full(0.5, 50)
	y := tp.LayerNorm(x, g, b, 0)
	for r := 0; r < 4; r++ {
		var s, s2 float64
		for _, v := range y.Data[r*50 : (r+1)*50] {
			s += float64(v)
		}
		mu := s / 50
		for _, v := range y.Data[r*50 : (r+1)*50] {
			s2 += (float64(v) - mu) * (float64(v) - mu)
		}
		if math.Abs(mu-0.5) > 1e-5 || math.Abs(math.Sqrt(s2/50)-2) > 1e-5 {
			t.Fatalf("row %d: mean %v std %v, want 0.5 and 2", r, mu, math.Sqrt(s2/50))
		}
	}
}

func TestGradReductions(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 1))
	x := leaf(rng, 2, 3, 4)
	checkGrad(t, "Sum", []*Tensor{x}, func(tp *Tape) *Tensor { return tp.Sum(x) })
	checkGrad(t, "Mean", []*Tensor{x}, func(tp *Tape) *Tensor { return tp.Mean(x) })
	for _, ax := range []int{0, 1, 2, -1} {
		checkGrad(t, "SumAxis", []*Tensor{x}, func(tp *Tape) *Tensor { return tp.SumAxis(x, ax) })
		checkGrad(t, "MeanAxis", []*Tensor{x}, func(tp *Tape) *Tensor { return tp.MeanAxis(x, ax) })
	}
	tp := NewTape()
	c := tp.Const([]float32{1, 2, 3, 4, 5, 6}, 2, 3)
	if s := tp.SumAxis(c, 0).Data; s[0] != 5 || s[1] != 7 || s[2] != 9 {
		t.Errorf("SumAxis 0 = %v, want [5 7 9]", s)
	}
	if s := tp.MeanAxis(c, 1).Data; s[0] != 2 || s[1] != 5 {
		t.Errorf("MeanAxis 1 = %v, want [2 5]", s)
	}
	if s := tp.Sum(c).Item(); s != 21 {
		t.Errorf("Sum = %v, want 21", s)
	}
}

func TestGradShapeOps(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 1))
	x := leaf(rng, 2, 3, 4)
	y := leaf(rng, 2, 5, 4)
	z := leaf(rng, 2, 3, 2)
	checkGrad(t, "Reshape", []*Tensor{x}, func(tp *Tape) *Tensor { return tp.Reshape(x, 6, -1) })
	checkGrad(t, "Transpose", []*Tensor{x}, func(tp *Tape) *Tensor { return tp.Transpose(x) })
	checkGrad(t, "Concat1", []*Tensor{x, y}, func(tp *Tape) *Tensor { return tp.Concat(1, x, y) })
	checkGrad(t, "ConcatLast", []*Tensor{x, z}, func(tp *Tape) *Tensor { return tp.Concat(-1, x, z, x) })
	checkGrad(t, "Concat0", []*Tensor{x}, func(tp *Tape) *Tensor { return tp.Concat(0, x, x) })
	for _, ax := range []int{0, 1, 2} {
		checkGrad(t, "Slice", []*Tensor{x}, func(tp *Tape) *Tensor { return tp.Slice(x, ax, 1, 2) })
	}
	// a reshaped tensor used twice: the shared gradient must add up
	checkGrad(t, "ReshapeReuse", []*Tensor{x}, func(tp *Tape) *Tensor {
		r := tp.Reshape(x, 24)
		return tp.Add(tp.Mul(r, r), tp.Reshape(tp.Square(x), 24))
	})
	tp := NewTape()
	c := tp.Const([]float32{1, 2, 3, 4, 5, 6}, 2, 3)
	if d := tp.Transpose(c).Data; d[0] != 1 || d[1] != 4 || d[2] != 2 || d[5] != 6 {
		t.Errorf("Transpose = %v, want [1 4 2 5 3 6]", d)
	}
	if d := tp.Slice(c, 1, 1, 3).Data; len(d) != 4 || d[0] != 2 || d[1] != 3 || d[2] != 5 || d[3] != 6 {
		t.Errorf("Slice = %v, want [2 3 5 6]", d)
	}
	if d := tp.Concat(0, c, c).Shape(); d[0] != 4 || d[1] != 3 {
		t.Errorf("Concat shape = %v", d)
	}
}

func TestGradDropout(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 1))
	x := leaf(rng, 4, 8)
	build := func(tp *Tape) *Tensor {
		tp.Training = true
		tp.Rand = rand.New(rand.NewPCG(5, 5)) // the same mask every evaluation
		return tp.Dropout(x, 0.3)
	}
	checkGrad(t, "Dropout", []*Tensor{x}, build)
	// statistics: kept fraction ≈ 0.7 (binomial, n = 20000: sd 0.0032) and
	// kept values scaled by 1/0.7
	tp := NewTape()
	tp.Training = true
	tp.Rand = rand.New(rand.NewPCG(1, 2))
	ones := tp.Full(1, 20000)
	y := tp.Dropout(ones, 0.3)
	kept := 0
	for _, v := range y.Data {
		if v != 0 {
			kept++
			if math.Abs(float64(v)-1/0.7) > 1e-6 {
				t.Fatalf("kept value %v, want 1/0.7", v)
			}
		}
	}
	if f := float64(kept) / 20000; math.Abs(f-0.7) > 5*0.0032 {
		t.Errorf("kept fraction %v, want 0.7 ± 0.016", f)
	}
	tp.Training = false
	if tp.Dropout(ones, 0.3) != ones {
		t.Error("dropout is not the identity outside training")
	}
	// same seed, same mask
	a := NewTape()
	a.Training, a.Rand = true, rand.New(rand.NewPCG(1, 2))
	z := a.Dropout(a.Full(1, 20000), 0.3)
	for i := range z.Data {
		if z.Data[i] != y.Data[i] {
			t.Fatal("dropout masks differ for the same seed")
		}
	}
}

func TestGradLosses(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 1))
	p, y := leaf(rng, 3, 4), leaf(rng, 3, 4)
	// keep |p - y| away from 0 (MAE kink) and from Huber's delta 0.5
	for i := range p.Data {
		d := p.Data[i] - y.Data[i]
		if absf(d) < 0.1 || absf(absf(d)-0.5) < 0.1 {
			p.Data[i] += 0.25
		}
	}
	checkGrad(t, "MSE", []*Tensor{p, y}, func(tp *Tape) *Tensor { return tp.MSE(p, y) })
	checkGrad(t, "MAE", []*Tensor{p, y}, func(tp *Tape) *Tensor { return tp.MAE(p, y) })
	checkGrad(t, "Huber", []*Tensor{p, y}, func(tp *Tape) *Tensor { return tp.Huber(p, y, 0.5) })
	lv := leaf(rng, 3, 4)
	checkGrad(t, "GaussianNLL", []*Tensor{p, lv, y}, func(tp *Tape) *Tensor { return tp.GaussianNLL(p, lv, y) })
}

// TestLossValues compares with hand-computed values.
func TestLossValues(t *testing.T) {
	tp := NewTape()
	p := tp.Const([]float32{1, 2, 3, 4}, 4)
	y := tp.Const([]float32{1, 0, 5, 1.5}, 4)
	// d = 0, 2, -2, 2.5
	cases := []struct {
		name string
		got  float32
		want float64
	}{
		{"MSE", tp.MSE(p, y).Item(), (0 + 4 + 4 + 6.25) / 4},
		{"MAE", tp.MAE(p, y).Item(), (0 + 2 + 2 + 2.5) / 4},
		// delta 1: 0, 1·(2-0.5), 1.5, 2
		{"Huber", tp.Huber(p, y, 1).Item(), (0 + 1.5 + 1.5 + 2) / 4},
		// logvar 0: ½·d²
		{"GaussianNLL", tp.GaussianNLL(p, tp.Full(0, 4), y).Item(), 0.5 * (0 + 4 + 4 + 6.25) / 4},
		// logvar ln 4: ½(ln 4 + d²/4)
		{"GaussianNLL/var4", tp.GaussianNLL(p, tp.Full(float32(math.Log(4)), 4), y).Item(), 0.5 * (math.Log(4) + (0+4+4+6.25)/4/4)},
	}
	for _, c := range cases {
		if math.Abs(float64(c.got)-c.want) > 1e-6 {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestGradAttention(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 1))
	for _, causal := range []bool{false, true} {
		q, k, v := leaf(rng, 2, 4, 6), leaf(rng, 2, 4, 6), leaf(rng, 2, 4, 6)
		checkGrad(t, "Attention", []*Tensor{q, k, v}, func(tp *Tape) *Tensor { return tp.Attention(q, k, v, 2, causal) })
		qkv := leaf(rng, 2, 5, 12)
		checkGrad(t, "AttentionQKV", []*Tensor{qkv}, func(tp *Tape) *Tensor { return tp.AttentionQKV(qkv, 2, causal) })
	}
	// cross attention with different lengths
	q, k, v := leaf(rng, 2, 3, 4), leaf(rng, 2, 5, 4), leaf(rng, 2, 5, 4)
	checkGrad(t, "CrossAttention", []*Tensor{q, k, v}, func(tp *Tape) *Tensor { return tp.Attention(q, k, v, 1, false) })
}

// TestAttentionMatchesComposition compares the fused op with the
// composition softmax(QKᵀ/√d)V from generic ops, for one head.
func TestAttentionMatchesComposition(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 1))
	q, k, v := leaf(rng, 3, 5, 4), leaf(rng, 3, 5, 4), leaf(rng, 3, 5, 4)
	tp := NewTape()
	got := tp.Attention(q, k, v, 1, false)
	s := tp.MulScalar(tp.MatMul(q, k, false, true), 0.5)
	want := tp.MatMul(tp.Softmax(s), v, false, false)
	for i := range got.Data {
		if math.Abs(float64(got.Data[i]-want.Data[i])) > 1e-5 {
			t.Fatalf("fused attention %v, composed %v at %d", got.Data[i], want.Data[i], i)
		}
	}
}

// TestCausalAttentionNoLookAhead: with a causal mask the gradient of
// output t with respect to every input at t+1.. is exactly zero, through
// a whole Transformer block.
func TestCausalAttentionNoLookAhead(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 1))
	ps := NewParams()
	blk := NewTransformerBlock(ps, "blk", TransformerConfig{DModel: 8, Heads: 2, FFN: 16, Causal: true}, rng)
	const T = 6
	x0 := make([]float32, 2*T*8)
	for i := range x0 {
		x0[i] = float32(rng.NormFloat64())
	}
	for tOut := 0; tOut < T; tOut++ {
		tp := NewTape()
		x := tp.Var(x0, 2, T, 8)
		y := blk.Forward(tp, x)
		loss := tp.Sum(tp.Slice(y, 1, tOut, tOut+1))
		tp.Backward(loss)
		for b := 0; b < 2; b++ {
			for s := 0; s < T; s++ {
				var nz bool
				for c := 0; c < 8; c++ {
					if x.Grad[(b*T+s)*8+c] != 0 {
						nz = true
					}
				}
				if s > tOut && nz {
					t.Fatalf("output %d has a nonzero gradient from input %d", tOut, s)
				}
				if s <= tOut && !nz {
					t.Fatalf("output %d has no gradient from input %d ≤ %d", tOut, s, tOut)
				}
			}
		}
	}
	// control: without the mask, the last input does reach output 0
	blk.Attn.Causal = false
	tp := NewTape()
	x := tp.Var(x0, 2, T, 8)
	tp.Backward(tp.Sum(tp.Slice(blk.Forward(tp, x), 1, 0, 1)))
	if x.Grad[(T-1)*8] == 0 {
		t.Fatal("without the causal mask output 0 should depend on input T-1")
	}
}

func TestGradGRU(t *testing.T) {
	rng := rand.New(rand.NewPCG(18, 1))
	const B, T, I, H = 3, 4, 2, 3
	x, wx, wh := leaf(rng, B, T, I), leaf(rng, I, 3*H), leaf(rng, H, 3*H)
	bx, bh, h0 := leaf(rng, 3*H), leaf(rng, 3*H), leaf(rng, B, H)
	checkGrad(t, "GRU", []*Tensor{x, wx, wh, bx, bh, h0}, func(tp *Tape) *Tensor { return tp.GRU(x, wx, wh, bx, bh, h0) })
	checkGrad(t, "GRU/noh0", []*Tensor{x, wh}, func(tp *Tape) *Tensor { return tp.GRU(x, wx, wh, bx, bh, nil) })
}

// TestGRUStep checks one GRU step against the equations written out by
// hand in float64.
func TestGRUStep(t *testing.T) {
	tp := NewTape()
	// I = 1, H = 1: weights per gate r, z, n
	x := tp.Const([]float32{0.5}, 1, 1, 1)
	wx := tp.Const([]float32{0.1, 0.2, 0.3}, 1, 3)
	wh := tp.Const([]float32{0.4, 0.5, 0.6}, 1, 3)
	bx := tp.Const([]float32{0.01, 0.02, 0.03}, 3)
	bh := tp.Const([]float32{0.04, 0.05, 0.06}, 3)
	h0 := tp.Const([]float32{-0.7}, 1, 1)
	got := tp.GRU(x, wx, wh, bx, bh, h0).Data[0]
	sig := func(v float64) float64 { return 1 / (1 + math.Exp(-v)) }
	h := -0.7
	r := sig(0.5*0.1 + 0.01 + h*0.4 + 0.04)
	z := sig(0.5*0.2 + 0.02 + h*0.5 + 0.05)
	n := math.Tanh(0.5*0.3 + 0.03 + r*(h*0.6+0.06))
	want := (1-z)*n + z*h
	if math.Abs(float64(got)-want) > 1e-6 {
		t.Fatalf("GRU step = %v, want %v", got, want)
	}
}

func TestGradLSTM(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 1))
	const B, T, I, H = 3, 4, 2, 3
	x, wx, wh := leaf(rng, B, T, I), leaf(rng, I, 4*H), leaf(rng, H, 4*H)
	b, h0, c0 := leaf(rng, 4*H), leaf(rng, B, H), leaf(rng, B, H)
	checkGrad(t, "LSTM/seq", []*Tensor{x, wx, wh, b, h0, c0}, func(tp *Tape) *Tensor {
		seq, _ := tp.LSTM(x, wx, wh, b, h0, c0)
		return seq
	})
	checkGrad(t, "LSTM/seq+c", []*Tensor{x, wh, c0}, func(tp *Tape) *Tensor {
		seq, c := tp.LSTM(x, wx, wh, b, h0, c0)
		return tp.Concat(0, tp.Reshape(seq, -1), tp.Reshape(c, -1))
	})
	checkGrad(t, "LSTM/c only", []*Tensor{x, wh, c0, h0}, func(tp *Tape) *Tensor {
		_, c := tp.LSTM(x, wx, wh, b, h0, c0)
		return c
	})
}

func TestLSTMStep(t *testing.T) {
	tp := NewTape()
	x := tp.Const([]float32{0.5}, 1, 1, 1)
	wx := tp.Const([]float32{0.1, 0.2, 0.3, 0.4}, 1, 4)
	wh := tp.Const([]float32{0.5, 0.6, 0.7, 0.8}, 1, 4)
	b := tp.Const([]float32{0.01, 0.02, 0.03, 0.04}, 4)
	h0 := tp.Const([]float32{-0.3}, 1, 1)
	c0 := tp.Const([]float32{0.9}, 1, 1)
	seq, c := tp.LSTM(x, wx, wh, b, h0, c0)
	sig := func(v float64) float64 { return 1 / (1 + math.Exp(-v)) }
	h := -0.3
	i := sig(0.05 + h*0.5 + 0.01)
	f := sig(0.1 + h*0.6 + 0.02)
	g := math.Tanh(0.15 + h*0.7 + 0.03)
	o := sig(0.2 + h*0.8 + 0.04)
	cw := f*0.9 + i*g
	hw := o * math.Tanh(cw)
	if math.Abs(float64(seq.Data[0])-hw) > 1e-6 || math.Abs(float64(c.Data[0])-cw) > 1e-6 {
		t.Fatalf("LSTM step h=%v c=%v, want %v %v", seq.Data[0], c.Data[0], hw, cw)
	}
}

// TestRNNParallelMatchesSerial: the row-block split of the recurrence
// does not change results (large batch, parallel path).
func TestRNNParallelMatchesSerial(t *testing.T) {
	rng := rand.New(rand.NewPCG(20, 1))
	const B, T, I, H = 64, 8, 5, 32
	x, wx, wh := leaf(rng, B, T, I), leaf(rng, I, 3*H), leaf(rng, H, 3*H)
	bx, bh := leaf(rng, 3*H), leaf(rng, 3*H)
	tp := NewTape()
	full := tp.GRU(x, wx, wh, bx, bh, nil)
	for b := 0; b < B; b += 21 {
		xb := tp.Slice(x, 0, b, b+1)
		one := tp.GRU(xb, wx, wh, bx, bh, nil)
		for i, v := range one.Data {
			if d := math.Abs(float64(v - full.Data[b*T*H+i])); d > 1e-5 {
				t.Fatalf("row %d: batched %v, alone %v", b, full.Data[b*T*H+i], v)
			}
		}
	}
}
