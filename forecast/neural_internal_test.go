package forecast

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/emergo/emergo/nn"
)

// internalQuick are small configurations of every neural architecture,
// with two stacked recurrent layers so that the stacking is exercised.
var internalQuick = map[string]map[string]float64{
	"mlp":         {"window": 5, "hidden": 12, "layers": 2, "epochs": 2},
	"gru":         {"window": 5, "hidden": 6, "layers": 2, "epochs": 2},
	"lstm":        {"window": 5, "hidden": 6, "layers": 2, "epochs": 2},
	"transformer": {"window": 9, "patch": 4, "stride": 2, "d_model": 8, "heads": 2, "ffn": 12, "layers": 2, "epochs": 2, "horizon_out": 2, "learned_pos": 0},
}

// randomSeries is n rows of dim columns of a smooth random signal.
func randomSeries(n, dim int, seed uint64) *Block {
	r := rand.New(rand.NewPCG(seed, 1))
	x := make([]float64, n*dim)
	for j := 0; j < dim; j++ {
		f := 0.1 + 0.3*r.Float64()
		for i := 0; i < n; i++ {
			x[i*dim+j] = math.Sin(f*float64(i)) + 0.1*r.NormFloat64()
		}
	}
	return NewBlock(x, dim)
}

func trainedInternal(t *testing.T, name string) *Neural {
	t.Helper()
	f, err := New(name, Spec{Hyper: internalQuick[name], Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	m := f.(*Neural)
	if err := m.Fit(context.Background(), randomSeries(120, 2, 1), nil); err != nil {
		t.Fatal(err)
	}
	return m
}

// float32Forward evaluates the engine's (float32, tape) network on the
// windows starting at the rows idx of the standardised series zs.
func float32Forward(m *Neural, zs []float32, idx []int) []float32 {
	xs, ys := m.net.shapes(len(idx))
	x, y := make([]float32, prod(xs)), make([]float32, prod(ys))
	m.net.fill(x, y, zs, idx, nil)
	tp := nn.NewTape()
	tp.NoGrad = true
	out := m.net.forward(tp, tp.Const(x, xs...))
	return append([]float32(nil), out.Data...)
}

// The float64 inference network is a faithful copy of the trained
// float32 network: on the same windows the two agree to float32 rounding
// (float32Tol relative to the output scale). For the recurrent models
// (teacher-forced heads at every position) the last position is compared;
// with increment, the base (last window row) is subtracted first.
func TestFloat64InferenceMatchesEngine(t *testing.T) {
	const float32Tol = 2e-5
	for _, name := range []string{"mlp", "gru", "lstm", "transformer"} {
		m := trainedInternal(t, name)
		data := randomSeries(60, 2, 9)
		z := m.sc.standardize(data)
		zs := toF32(z)
		d, w, k := m.dim, m.w, m.k
		idx := []int{0, 7, 30}
		got := float32Forward(m, zs, idx)
		ws := m.newWork()
		zwin := make([]float64, w*d)
		blk := make([]float64, k*d)
		for b, i := range idx {
			for q := range zwin {
				zwin[q] = float64(zs[i*d+q])
			}
			m.net.next(blk, zwin, ws.net)
			for j := 0; j < k; j++ {
				for c := 0; c < d; c++ {
					want := blk[j*d+c] - zwin[(w-1)*d+c] // increment = 1 by default
					var g float64
					switch name {
					case "mlp":
						g = float64(got[b*d+c])
					case "gru", "lstm":
						g = float64(got[(b*w+w-1)*d+c])
					case "transformer":
						g = float64(got[(b*d+c)*k+j])
					}
					if math.Abs(g-want) > float32Tol*(1+math.Abs(want)) {
						t.Errorf("%s window %d, row %d, column %d: engine %.8g, float64 copy %.8g", name, i, j, c, g, want)
					}
				}
			}
		}
	}
}

// Gradients reach every parameter tensor of every architecture.
func TestGradientsReachEveryParameter(t *testing.T) {
	for _, name := range []string{"mlp", "gru", "lstm", "transformer"} {
		m := trainedInternal(t, name)
		zs := toF32(m.sc.standardize(randomSeries(60, 2, 3)))
		idx := []int{0, 5, 11, 20}
		xs, ys := m.net.shapes(len(idx))
		x, y := make([]float32, prod(xs)), make([]float32, prod(ys))
		m.net.fill(x, y, zs, idx, nil)
		tp := nn.NewTape()
		loss := tp.MSE(m.net.forward(tp, tp.Const(x, xs...)), tp.Const(y, ys...))
		m.ps.ZeroGrad()
		tp.Backward(loss)
		for _, p := range m.ps.List() {
			var g float64
			for _, v := range p.Grad {
				g += float64(v) * float64(v)
			}
			if !(g > 0) || math.IsInf(g, 0) {
				t.Errorf("%s: parameter %s has gradient norm² %v", name, p.Name, g)
			}
		}
	}
}

// The mlp's analytic Jacobian (reverse mode through the float64 network)
// agrees with central differences of the network (mlpJacTol, absolute,
// for O(1) entries: truncation O(h²) with h = 1e-6).
func TestMLPJacobian(t *testing.T) {
	const mlpJacTol = 1e-7
	m := trainedInternal(t, "mlp")
	a := m.net.(*mlpArch)
	ws := m.newWork()
	d, w := m.dim, m.w
	win := make([]float64, w*d)
	r := rand.New(rand.NewPCG(5, 5))
	for i := range win {
		win[i] = r.NormFloat64()
	}
	jac := make([]float64, d*w*d)
	a.jacobian(jac, win, ws.net)
	yp, ym := make([]float64, d), make([]float64, d)
	for q := range win {
		const h = 1e-6
		v := win[q]
		win[q] = v + h
		a.next(yp, win, ws.net)
		win[q] = v - h
		a.next(ym, win, ws.net)
		win[q] = v
		for i := 0; i < d; i++ {
			fd := (yp[i] - ym[i]) / (2 * h)
			if got := jac[i*w*d+q]; math.Abs(got-fd) > mlpJacTol*(1+math.Abs(fd)) {
				t.Errorf("∂y%d/∂x%d = %.10g, central differences %.10g", i, q, got, fd)
			}
		}
	}
}

// The conformance suite runs the models at their defaults; these
// configurations (stacked recurrent layers, sinusoidal positions, block
// forecasts) go through its Dynamics checks too, via a direct rollout.
func TestDynamicsMatchesPredictInternal(t *testing.T) {
	for _, name := range []string{"gru", "lstm", "transformer"} {
		m := trainedInternal(t, name)
		c := randomSeries(m.w+3, 2, 8)
		p, err := m.Predict(c, 9)
		if err != nil {
			t.Fatal(err)
		}
		sys, err := m.Dynamics(c)
		if err != nil {
			t.Fatal(err)
		}
		out := sys.(*neuralSys)
		for i := 0; i < 9; i++ {
			o := out.Output(nil, sys.State(nil))
			for j := range o {
				if o[j] != p.Row(i)[j] {
					t.Errorf("%s step %d: output %v, Predict %v", name, i, o, p.Row(i))
				}
			}
			if err := sys.Step(); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func BenchmarkFloat64Next(b *testing.B) {
	for _, name := range []string{"mlp", "gru", "lstm", "transformer"} {
		f, _ := New(name, Spec{Seed: 1})
		m := f.(*Neural)
		if err := m.Fit(context.Background(), randomSeries(200, 3, 1), nil); err != nil {
			b.Fatal(err)
		}
		ws := m.newWork()
		win := make([]float64, m.w*m.dim)
		blk := make([]float64, m.k*m.dim)
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				m.net.next(blk, win, ws.net)
			}
		})
	}
}
