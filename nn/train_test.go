package nn

import (
	"bytes"
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// fitFull trains on a fixed dataset, full batch.
func fitFull(t *testing.T, ps *Params, model func(tp *Tape, x *Tensor) *Tensor, x []float32, xShape []int, y []float32, yShape []int, lr float64, steps int) float64 {
	t.Helper()
	tr := NewTrainer(ps, NewAdam(ps, nil), ConstantLR(lr), 1)
	var last float64
	_, err := tr.Fit(context.Background(), Objective{Batches: 1, Loss: func(tp *Tape, _ int) *Tensor {
		l := tp.MSE(model(tp, tp.Const(x, xShape...)), tp.Const(y, yShape...))
		last = float64(l.Item())
		return l
	}}, steps)
	if err != nil {
		t.Fatal(err)
	}
	return last
}

func TestMLPLearnsXOR(t *testing.T) {
	rng := rand.New(rand.NewPCG(40, 1))
	ps := NewParams()
	net := Sequential{NewDense(ps, "h", 2, 8, Tanh, rng), NewDense(ps, "o", 8, 1, Identity, rng)}
	x := []float32{0, 0, 0, 1, 1, 0, 1, 1}
	y := []float32{0, 1, 1, 0}
	fitFull(t, ps, net.Forward, x, []int{4, 2}, y, []int{4, 1}, 0.05, 400)
	tp := NewTape()
	pred := net.Forward(tp, tp.Const(x, 4, 2))
	const tol = 0.1
	for i, want := range y {
		if math.Abs(float64(pred.Data[i]-want)) > tol {
			t.Fatalf("XOR prediction %d = %v, want %v ± %v", i, pred.Data[i], want, tol)
		}
	}
	t.Logf("XOR predictions %v", pred.Data)
}

// TestMLPLearnsSine fits sin on [-π, π]; the target's variance is ½, and
// a 1-32-32-1 tanh network gets the mean squared error below 1e-3.
func TestMLPLearnsSine(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 1))
	ps := NewParams()
	net := Sequential{NewDense(ps, "a", 1, 32, Tanh, rng), NewDense(ps, "b", 32, 32, Tanh, rng), NewDense(ps, "c", 32, 1, Identity, rng)}
	const n = 64
	x, y := make([]float32, n), make([]float32, n)
	for i := range x {
		v := -math.Pi + 2*math.Pi*float64(i)/(n-1)
		x[i], y[i] = float32(v), float32(math.Sin(v))
	}
	loss := fitFull(t, ps, net.Forward, x, []int{n, 1}, y, []int{n, 1}, 0.01, 1500)
	if loss > 1e-3 {
		t.Fatalf("sine MSE %v after training, want < 1e-3", loss)
	}
	t.Logf("sine MSE %.2e", loss)
}

// rememberFirst is a memory task: y = x₀ for sequences of N(0,1) values
// of length 8; predicting 0 gives MSE 1.
func rememberFirst(rng *rand.Rand, b, T int) (x, y []float32) {
	x, y = make([]float32, b*T), make([]float32, b)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	for i := range y {
		y[i] = x[i*T]
	}
	return
}

func trainRecurrent(t *testing.T, name string, seq func(tp *Tape, x *Tensor) *Tensor, ps *Params) {
	t.Helper()
	const B, T, steps = 32, 8, 400
	data := rand.New(rand.NewPCG(42, 2))
	tr := NewTrainer(ps, NewAdam(ps, nil), ConstantLR(0.01), 1)
	_, err := tr.Fit(context.Background(), Objective{Batches: steps, Loss: func(tp *Tape, _ int) *Tensor {
		x, y := rememberFirst(data, B, T)
		return tp.MSE(seq(tp, tp.Const(x, B, T, 1)), tp.Const(y, B, 1))
	}}, 1)
	if err != nil {
		t.Fatal(err)
	}
	x, y := rememberFirst(rand.New(rand.NewPCG(43, 3)), 256, T)
	tp := NewTape()
	mse := tp.MSE(seq(tp, tp.Const(x, 256, T, 1)), tp.Const(y, 256, 1)).Item()
	const want = 0.05 // 5% of the variance
	if mse > want {
		t.Fatalf("%s: held-out MSE %v on the remember-first task, want < %v (predicting 0 gives 1)", name, mse, want)
	}
	t.Logf("%s: held-out MSE %.4f", name, mse)
}

func TestGRULearnsSequenceTask(t *testing.T) {
	rng := rand.New(rand.NewPCG(44, 1))
	ps := NewParams()
	g := NewGRU(ps, "gru", 1, 16, rng)
	head := NewDense(ps, "head", 16, 1, Identity, rng)
	trainRecurrent(t, "GRU", func(tp *Tape, x *Tensor) *Tensor {
		_, last := g.Forward(tp, x, nil)
		return head.Forward(tp, last)
	}, ps)
}

func TestLSTMLearnsSequenceTask(t *testing.T) {
	rng := rand.New(rand.NewPCG(45, 1))
	ps := NewParams()
	l := NewLSTM(ps, "lstm", 1, 16, rng)
	head := NewDense(ps, "head", 16, 1, Identity, rng)
	trainRecurrent(t, "LSTM", func(tp *Tape, x *Tensor) *Tensor {
		_, last, _ := l.Forward(tp, x, nil, nil)
		return head.Forward(tp, last)
	}, ps)
}

// quadratic sets up f(w) = (w₁ - 1)² + 3(w₂ + 2)² for optimizer tests.
func quadratic(ps *Params) (w *Tensor, loss func(tp *Tape) *Tensor) {
	w = ps.Add("w", 2)
	return w, func(tp *Tape) *Tensor {
		d := tp.Sub(w, tp.Const([]float32{1, -2}, 2))
		return tp.Sum(tp.Mul(tp.Mul(d, d), tp.Const([]float32{1, 3}, 2)))
	}
}

func step(ps *Params, opt Optimizer, loss func(tp *Tape) *Tensor, lr float64) {
	tp := NewTape()
	ps.ZeroGrad()
	tp.Backward(loss(tp))
	opt.Step(lr)
}

// TestAdamHandComputed follows three Adam steps (β₁ = 0.9, β₂ = 0.999,
// ε = 1e-8, lr = 0.1) on f(w) = (w₁-1)² + 3(w₂+2)² from w = (0, 0),
// ∇f = (2(w₁-1), 6(w₂+2)):
//
//	t=1: g = (-2, 12), m = (-0.2, 1.2), v = (0.004, 0.144),
//	     m̂ = (-2, 12), √v̂ = (2, 12), w = (0.1, -0.1) (up to ε)
//	t=2: g = (-1.8, 11.4), m = (-0.36, 2.22), v = (0.007236, 0.273816),
//	     m̂ = m/0.19, v̂ = v/0.001999, w = (0.1995877713, -0.1998335142)
//	t=3: w = (0.2984137271, -0.2993766085)
//
// (values evaluated in float64; float32 arithmetic agrees to 1e-6).
func TestAdamHandComputed(t *testing.T) {
	ps := NewParams()
	w, loss := quadratic(ps)
	opt := NewAdam(ps, nil)
	want := [][2]float64{{0.0999999995, -0.0999999999}, {0.19958777130820715, -0.19983351422122664}, {0.29841372705396974, -0.29937660846396724}}
	const tol = 1e-6
	for k, wv := range want {
		step(ps, opt, loss, 0.1)
		for i := 0; i < 2; i++ {
			if math.Abs(float64(w.Data[i])-wv[i]) > tol {
				t.Fatalf("step %d: w = %v, want %v", k+1, w.Data, wv)
			}
		}
	}
	if opt.Steps() != 3 {
		t.Errorf("Steps() = %d", opt.Steps())
	}
	m, v := opt.Moments(0)
	if math.Abs(float64(m[0])-(-0.36*0.9+0.1*2*(0.19958777-1))) > 1e-5 || v[0] <= 0 {
		t.Errorf("moments m=%v v=%v", m, v)
	}
}

// TestAdamWDecoupledDecay: with a zero loss gradient, AdamW shrinks
// weights by exactly (1 - lr·λ) per step (w₁₀ = 2·0.95¹⁰ = 1.19747388 for
// lr = 0.1, λ = 0.5), while Adam's coupled L2 term turns the decay into a
// gradient λw that goes through the moment normalisation (w₁₀ ≈ 1.02).
func TestAdamWDecoupledDecay(t *testing.T) {
	for _, decoupled := range []bool{true, false} {
		ps := NewParams()
		w := ps.Add("w", 1)
		w.Data[0] = 2
		cfg := DefaultAdam()
		cfg.WeightDecay = 0.5
		var opt *Adam
		if decoupled {
			opt = NewAdamW(ps, &cfg)
		} else {
			opt = NewAdam(ps, &cfg)
		}
		for i := 0; i < 10; i++ {
			ps.ZeroGrad()
			opt.Step(0.1)
		}
		if decoupled {
			if want := 2 * math.Pow(0.95, 10); math.Abs(float64(w.Data[0])-want) > 1e-6 {
				t.Errorf("AdamW: w = %v, want %v", w.Data[0], want)
			}
			continue
		}
		// Adam with L2: the same recursion with g = λw, evaluated in float64
		wv, m, v := 2.0, 0.0, 0.0
		for k := 1; k <= 10; k++ {
			g := 0.5 * wv
			m = 0.9*m + 0.1*g
			v = 0.999*v + 0.001*g*g
			wv -= 0.1 / (1 - math.Pow(0.9, float64(k))) * m / (math.Sqrt(v)/math.Sqrt(1-math.Pow(0.999, float64(k))) + 1e-8)
		}
		if math.Abs(float64(w.Data[0])-wv) > 1e-5 {
			t.Errorf("Adam with L2: w = %v, want %v", w.Data[0], wv)
		}
	}
}

// TestSGDMomentumHandComputed on f = w²/2 (g = w) from w = 1, lr = 0.1,
// μ = 0.9: b = 1, 1.8, 2.34 → w = 0.9, 0.72, 0.486; Nesterov's first step
// uses g + μb = 1.9 → w = 0.81.
func TestSGDMomentumHandComputed(t *testing.T) {
	const tol = 1e-6
	for _, nest := range []bool{false, true} {
		ps := NewParams()
		w := ps.Add("w", 1)
		w.Data[0] = 1
		opt := NewSGD(ps, &SGDConfig{Momentum: 0.9, Nesterov: nest})
		loss := func(tp *Tape) *Tensor { return tp.MulScalar(tp.Sum(tp.Square(w)), 0.5) }
		want := []float64{0.9, 0.72, 0.486}
		if nest {
			want = []float64{0.81}
		}
		for k, wv := range want {
			step(ps, opt, loss, 0.1)
			if math.Abs(float64(w.Data[0])-wv) > tol {
				t.Fatalf("nesterov=%v step %d: w = %v, want %v", nest, k+1, w.Data[0], wv)
			}
		}
	}
}

// TestCosineWarmup checks the schedule at known steps (Peak 1e-3, Final
// 1e-5, Warmup 10, Total 110).
func TestCosineWarmup(t *testing.T) {
	s := CosineWarmup{Peak: 1e-3, Final: 1e-5, Warmup: 10, Total: 110}
	for _, c := range []struct {
		step int
		want float64
	}{
		{0, 1e-4}, {4, 5e-4}, {9, 1e-3}, // linear warm-up (step+1)/10
		{10, 1e-3}, // cosine starts at the peak
		{35, 1e-5 + 0.5*(1e-3-1e-5)*(1+math.Sqrt2/2)}, // quarter: 8.5501786e-4
		{60, 5.05e-4}, // half way: (Peak+Final)/2
		{110, 1e-5}, {500, 1e-5},
	} {
		if got := s.LR(c.step); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("LR(%d) = %v, want %v", c.step, got, c.want)
		}
	}
	if ConstantLR(0.3).LR(99) != 0.3 {
		t.Error("ConstantLR")
	}
}

func TestClipGradNorm(t *testing.T) {
	ps := NewParams()
	a, b := ps.Add("a", 1), ps.Add("b", 1)
	a.Grad[0], b.Grad[0] = 3, 4
	if n := ps.ClipGradNorm(10); n != 5 || a.Grad[0] != 3 || b.Grad[0] != 4 {
		t.Fatalf("norm 5 under the limit 10 was changed: %v %v %v", n, a.Grad, b.Grad)
	}
	if n := ps.ClipGradNorm(1); n != 5 || math.Abs(float64(a.Grad[0])-0.6) > 1e-7 || math.Abs(float64(b.Grad[0])-0.8) > 1e-7 {
		t.Fatalf("clip to 1: norm %v, grads %v %v, want 5 and (0.6, 0.8)", n, a.Grad, b.Grad)
	}
	if n := ps.GradNorm(); math.Abs(n-1) > 1e-6 {
		t.Fatalf("norm after clipping %v, want 1", n)
	}
}

// smallModel is a model with dropout used by the checkpoint tests.
type smallModel struct {
	ps  *Params
	blk *TransformerBlock
	out *Dense
}

func newSmallModel(seed uint64) *smallModel {
	rng := rand.New(rand.NewPCG(seed, 1))
	ps := NewParams()
	m := &smallModel{ps: ps, blk: NewTransformerBlock(ps, "blk", TransformerConfig{DModel: 8, Heads: 2, FFN: 16, Dropout: 0.1}, rng)}
	m.out = NewDense(ps, "out", 8, 1, Identity, rng)
	return m
}

func (m *smallModel) forward(tp *Tape, x *Tensor) *Tensor {
	h := m.blk.Forward(tp, x)
	return m.out.Forward(tp, tp.MeanAxis(h, 1))
}

type seqData struct {
	x, y  []float32
	order []int // batch indices
}

func newSeqData(n int) *seqData {
	rng := rand.New(rand.NewPCG(50, 5))
	d := &seqData{x: make([]float32, n*6*8), y: make([]float32, n), order: make([]int, n/4)}
	for i := range d.x {
		d.x[i] = float32(rng.NormFloat64())
	}
	for i := range d.y {
		d.y[i] = d.x[i*48] * d.x[i*48+9]
	}
	for i := range d.order {
		d.order[i] = i
	}
	return d
}

func (d *seqData) objective(m *smallModel) Objective {
	return Objective{
		Batches: len(d.order),
		Shuffle: true,
		Loss: func(tp *Tape, b int) *Tensor {
			k := b
			return tp.MSE(m.forward(tp, tp.Const(d.x[k*4*48:(k+1)*4*48], 4, 6, 8)), tp.Const(d.y[k*4:(k+1)*4], 4, 1))
		},
		Validate: func(tp *Tape) float64 {
			return float64(tp.MSE(m.forward(tp, tp.Const(d.x[:16*48], 16, 6, 8)), tp.Const(d.y[:16], 16, 1)).Item())
		},
	}
}

func newTrainerFor(m *smallModel, seed uint64) *Trainer {
	tr := NewTrainer(m.ps, NewAdamW(m.ps, nil), CosineWarmup{Peak: 3e-3, Final: 1e-4, Warmup: 5, Total: 60}, seed)
	tr.ClipNorm = 1
	tr.Patience = 10
	return tr
}

// TestResumeBitIdentical trains 6 epochs without interruption while
// saving a checkpoint after epoch 3, then restores that checkpoint into a
// freshly built model and trainer (different seeds) and trains to epoch 6:
// losses and final parameters must agree bit for bit (dropout masks, batch
// order, Adam moments, schedule position and early-stopping state all
// resume).
func TestResumeBitIdentical(t *testing.T) {
	data := newSeqData(64)
	m := newSmallModel(1)
	tr := newTrainerFor(m, 7)
	var saved bytes.Buffer
	tr.Hooks.OnEpoch = func(epoch int, _, _ float64) error {
		if epoch == 3 {
			ck, err := tr.Checkpoint(map[string]string{"model": "small"})
			if err != nil {
				return err
			}
			_, err = ck.WriteTo(&saved)
			return err
		}
		return nil
	}
	hA, err := tr.Fit(context.Background(), data.objective(m), 6)
	if err != nil {
		t.Fatal(err)
	}
	data2 := newSeqData(64)
	m2 := newSmallModel(99)
	tr2 := newTrainerFor(m2, 12345)
	ck, err := ReadCheckpoint(bytes.NewReader(saved.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	meta, err := tr2.Restore(ck)
	if err != nil {
		t.Fatal(err)
	}
	if meta["model"] != "small" || tr2.Epoch() != 3 || tr2.Step() != 48 {
		t.Fatalf("restored meta %v epoch %d step %d", meta, tr2.Epoch(), tr2.Step())
	}
	hB, err := tr2.Fit(context.Background(), data2.objective(m2), 6)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		if hA.TrainLoss[3+i] != hB.TrainLoss[i] || hA.ValLoss[3+i] != hB.ValLoss[i] {
			t.Fatalf("epoch %d: losses %v/%v resumed vs %v/%v uninterrupted", 4+i, hB.TrainLoss[i], hB.ValLoss[i], hA.TrainLoss[3+i], hA.ValLoss[3+i])
		}
	}
	a, b := m.ps.CopyValues(nil), m2.ps.CopyValues(nil)
	for i := range a {
		if math.Float32bits(a[i]) != math.Float32bits(b[i]) {
			t.Fatalf("parameter value %d differs after resuming: %v vs %v", i, b[i], a[i])
		}
	}
}

// TestCheckpointRoundTrip saves parameters to a safetensors file and loads
// them into a differently initialised model: predictions are identical.
func TestCheckpointRoundTrip(t *testing.T) {
	m := newSmallModel(3)
	data := newSeqData(16)
	tr := newTrainerFor(m, 1)
	if _, err := tr.Fit(context.Background(), data.objective(m), 2); err != nil {
		t.Fatal(err)
	}
	ck := NewCheckpoint()
	ck.SaveParams(m.ps, "")
	ck.Metadata["d_model"] = "8"
	path := t.TempDir() + "/model.safetensors"
	if err := ck.Save(path); err != nil {
		t.Fatal(err)
	}
	back, err := LoadCheckpoint(path)
	if err != nil {
		t.Fatal(err)
	}
	m2 := newSmallModel(4)
	if err := back.LoadParams(m2.ps, ""); err != nil {
		t.Fatal(err)
	}
	if back.Metadata["d_model"] != "8" {
		t.Errorf("metadata %v", back.Metadata)
	}
	tp1, tp2 := NewTape(), NewTape()
	p1 := m.forward(tp1, tp1.Const(data.x, 16, 6, 8))
	p2 := m2.forward(tp2, tp2.Const(data.x, 16, 6, 8))
	for i := range p1.Data {
		if math.Float32bits(p1.Data[i]) != math.Float32bits(p2.Data[i]) {
			t.Fatalf("prediction %d: %v after loading, %v before", i, p2.Data[i], p1.Data[i])
		}
	}
	// shape mismatches are refused and leave the model untouched
	other := NewParams()
	other.Add("out.weight", 3, 3)
	if err := back.LoadParams(other, ""); err == nil {
		t.Error("loading a [8,1] tensor into a [3,3] parameter succeeded")
	}
}

// TestDivergenceDetected trains a linear regression with an exploding
// learning rate: Fit must stop with a *DivergedError naming the step and
// leave the parameters of the step before, all finite.
func TestDivergenceDetected(t *testing.T) {
	rng := rand.New(rand.NewPCG(60, 1))
	ps := NewParams()
	d := NewDense(ps, "d", 4, 1, Identity, rng)
	x := make([]float32, 32*4)
	y := make([]float32, 32)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	tr := NewTrainer(ps, NewSGD(ps, nil), ConstantLR(5), 1)
	snapshots := map[int][]float32{0: ps.CopyValues(nil)}
	tr.Hooks.OnStep = func(step int, _ float64) { snapshots[step] = ps.CopyValues(nil) }
	_, err := tr.Fit(context.Background(), Objective{Batches: 1, Loss: func(tp *Tape, _ int) *Tensor {
		return tp.MSE(d.Forward(tp, tp.Const(x, 32, 4)), tp.Const(y, 32, 1))
	}}, 1000)
	var de *DivergedError
	if !errors.As(err, &de) {
		t.Fatalf("Fit returned %v, want a *DivergedError", err)
	}
	if de.Step < 1 || de.Step > 100 {
		t.Fatalf("divergence reported at step %d", de.Step)
	}
	want := snapshots[de.Step-1]
	got := ps.CopyValues(nil)
	for i := range got {
		if got[i] != want[i] || math.IsNaN(float64(got[i])) || math.IsInf(float64(got[i]), 0) {
			t.Fatalf("parameters after divergence %v, want those after step %d: %v", got, de.Step-1, want)
		}
	}
	t.Log(err)
}

// TestDivergenceNaN: a loss that turns NaN from step 5 on (0-based: the
// sixth loss evaluated) stops training with a *DivergedError naming step 5,
// and the parameters are restored to the step-4 snapshot (those after four
// updates, before the update of step 4 that led to the bad loss), as on an
// exploding loss: the NaN branch of the check, apart from the
// exploding-loss branch above. Without the NaN check, NaN > factor·ref is
// false, training would go on with NaN gradients and Fit return nil.
func TestDivergenceNaN(t *testing.T) {
	rng := rand.New(rand.NewPCG(61, 1))
	ps := NewParams()
	d := NewDense(ps, "d", 4, 1, Identity, rng)
	x := make([]float32, 16*4)
	y := make([]float32, 16)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	tr := NewTrainer(ps, NewAdam(ps, nil), ConstantLR(1e-3), 1)
	snapshots := map[int][]float32{0: ps.CopyValues(nil)}
	tr.Hooks.OnStep = func(step int, _ float64) { snapshots[step] = ps.CopyValues(nil) }
	calls := 0
	_, err := tr.Fit(context.Background(), Objective{Batches: 1, Loss: func(tp *Tape, _ int) *Tensor {
		calls++
		l := tp.MSE(d.Forward(tp, tp.Const(x, 16, 4)), tp.Const(y, 16, 1))
		if calls > 5 {
			l = tp.MulScalar(l, float32(math.NaN()))
		}
		return l
	}}, 100)
	var de *DivergedError
	if !errors.As(err, &de) {
		t.Fatalf("Fit returned %v, want a *DivergedError", err)
	}
	if de.Step != 5 || !math.IsNaN(de.Loss) {
		t.Fatalf("divergence reported at step %d with loss %v, want step 5 and NaN", de.Step, de.Loss)
	}
	want, got := snapshots[4], ps.CopyValues(nil)
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("parameters after divergence %v, want the step-4 snapshot %v", got, want)
		}
	}
	if prev := snapshots[5]; prev == nil || slices.Equal(prev, want) {
		t.Fatalf("no update at step 4 to undo (snapshot %v): the restore is not exercised", prev)
	}
	if !strings.Contains(err.Error(), "loss is NaN") {
		t.Errorf("message %q does not say the loss is NaN", err)
	}
}

// TestEarlyStoppingRestoresBest: with patience 2, training stops two
// epochs after the best validation loss and leaves the best parameters.
func TestEarlyStoppingRestoresBest(t *testing.T) {
	ps := NewParams()
	w := ps.Add("w", 1)
	// validation loss (w - 3)² is best at the third epoch as w rises 1, 2, 3, 4, 5, ...
	tr := NewTrainer(ps, NewSGD(ps, nil), ConstantLR(1), 1)
	tr.Patience = 2
	var seen []float32
	h, err := tr.Fit(context.Background(), Objective{Batches: 1,
		Loss: func(tp *Tape, _ int) *Tensor { return tp.MulScalar(tp.Sum(w), -1) }, // gradient -1: w += 1
		Validate: func(tp *Tape) float64 {
			seen = append(seen, w.Data[0])
			d := float64(w.Data[0]) - 3
			return d * d
		}}, 100)
	if err != nil {
		t.Fatal(err)
	}
	if !h.StoppedEarly || len(h.TrainLoss) != 5 || h.BestEpoch != 3 || w.Data[0] != 3 {
		t.Fatalf("stopped early %v after %d epochs, best epoch %d, w = %v (validated at %v); want stop after 5, best 3, w = 3",
			h.StoppedEarly, len(h.TrainLoss), h.BestEpoch, w.Data[0], seen)
	}
}

func TestHookStopAndCancel(t *testing.T) {
	ps := NewParams()
	w := ps.Add("w", 1)
	obj := Objective{Batches: 2, Loss: func(tp *Tape, _ int) *Tensor { return tp.Sum(tp.Square(w)) }}
	tr := NewTrainer(ps, NewSGD(ps, nil), ConstantLR(0.1), 1)
	steps := 0
	tr.Hooks.OnStep = func(int, float64) { steps++ }
	tr.Hooks.OnEpoch = func(e int, _, _ float64) error {
		if e == 2 {
			return ErrStop
		}
		return nil
	}
	if _, err := tr.Fit(context.Background(), obj, 10); err != nil || tr.Epoch() != 2 || steps != 4 {
		t.Fatalf("ErrStop: err %v, epoch %d, steps %d", err, tr.Epoch(), steps)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := tr.Fit(ctx, obj, 10); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled context: %v", err)
	}
}
