package vec

import (
	"math"
	"math/rand/v2"
	"testing"
)

func sig64(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

func gelu64(x float64) (y, dy float64) {
	u := math.Sqrt(2/math.Pi) * (x + 0.044715*x*x*x)
	t := math.Tanh(u)
	du := math.Sqrt(2/math.Pi) * (1 + 3*0.044715*x*x)
	return 0.5 * x * (1 + t), 0.5*(1+t) + 0.5*x*(1-t*t)*du
}

// forBoth runs f with the assembly kernels (when available) and with the
// portable scalar code.
func forBoth(t *testing.T, f func(t *testing.T, name string)) {
	saved := AVX
	defer func() { AVX = saved }()
	if hasAVX {
		AVX = true
		f(t, "avx")
	}
	AVX = false
	f(t, "scalar")
}

// TestSliceKernelsAccuracy compares each kernel with float64 references on
// a dense grid. Bounds: e^x within 4 ulp relative; sigmoid, GELU and its
// derivative within 3e-7 absolute or 4 ulp relative; tanh within 4 ulp or 1e-9 absolute near 0.
func TestSliceKernelsAccuracy(t *testing.T) {
	const n = 100003 // not a multiple of 8: exercises the masked tail
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(-30 + 60*float64(i)/(n-1))
	}
	ex := make([]float32, n)
	for i := range ex {
		ex[i] = float32(-87 + 175.3*float64(i)/(n-1))
	}
	y := make([]float32, n)
	g := make([]float32, n)
	for i := range g {
		g[i] = float32(math.Sin(float64(i)))
	}
	forBoth(t, func(t *testing.T, name string) {
		Exp(y, ex)
		for i, v := range ex {
			want := math.Exp(float64(v))
			if math.Abs(float64(y[i])-want) > 4*ulp32(want) {
				t.Fatalf("%s: exp(%v) = %v, want %v", name, v, y[i], want)
			}
		}
		Sigmoid(y, x)
		for i, v := range x {
			if math.Abs(float64(y[i])-sig64(float64(v))) > 3e-7 {
				t.Fatalf("%s: sigmoid(%v) = %v, want %v", name, v, y[i], sig64(float64(v)))
			}
		}
		Tanh(y, x)
		for i, v := range x {
			want := math.Tanh(float64(v))
			if d := math.Abs(float64(y[i]) - want); d > 4*ulp32(want) && d > 1e-9 {
				t.Fatalf("%s: tanh(%v) = %v, want %v (%.1f ulp)", name, v, y[i], want, d/ulp32(want))
			}
		}
		GELU(y, x)
		for i, v := range x {
			want, _ := gelu64(float64(v))
			if d := math.Abs(float64(y[i]) - want); d > 3e-7 && d > 4*ulp32(want) {
				t.Fatalf("%s: gelu(%v) = %v, want %v", name, v, y[i], want)
			}
		}
		GELUGrad(y, x, g)
		for i, v := range x {
			_, dy := gelu64(float64(v))
			want := float64(g[i]) * dy
			if d := math.Abs(float64(y[i]) - want); d > 3e-7 && d > 4*ulp32(want) {
				t.Fatalf("%s: g·gelu'(%v) = %v, want %v", name, v, y[i], want)
			}
		}
	})
}

func TestTanhSmallArguments(t *testing.T) {
	x := []float32{1e-8, -3e-6, 1e-4, 0.01, -0.1, 0.29, 0.31, -0.5}
	y := make([]float32, len(x))
	forBoth(t, func(t *testing.T, name string) {
		Tanh(y, x)
		for i, v := range x {
			if want := math.Tanh(float64(v)); math.Abs(float64(y[i])-want) > 4*ulp32(want) {
				t.Errorf("%s: tanh(%v) = %v, want %v", name, v, y[i], want)
			}
		}
	})
}

func TestSpecialValues(t *testing.T) {
	inf, nan := float32(math.Inf(1)), float32(math.NaN())
	x := []float32{-200, -88, 0, 89, 200, inf, float32(math.Inf(-1)), nan}
	y := make([]float32, len(x))
	forBoth(t, func(t *testing.T, name string) {
		Exp(y, x)
		if y[0] != 0 || y[1] != 0 || y[2] != 1 || !math.IsInf(float64(y[3]), 1) || !math.IsInf(float64(y[4]), 1) ||
			!math.IsInf(float64(y[5]), 1) || y[6] != 0 || !math.IsNaN(float64(y[7])) {
			t.Errorf("%s: exp%v = %v", name, x, y)
		}
		Sigmoid(y, x)
		if y[0] != 0 || y[2] != 0.5 || y[4] != 1 || y[5] != 1 || y[6] != 0 || !math.IsNaN(float64(y[7])) {
			t.Errorf("%s: sigmoid%v = %v", name, x, y)
		}
		Tanh(y, x)
		if y[0] != -1 || y[2] != 0 || y[4] != 1 || y[5] != 1 || y[6] != -1 || !math.IsNaN(float64(y[7])) {
			t.Errorf("%s: tanh%v = %v", name, x, y)
		}
	})
}

// TestPositionIndependent: a slice processed whole or in pieces of any
// size gives bit-identical results, so parallel splits change nothing.
func TestPositionIndependent(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	x := make([]float32, 1000)
	for i := range x {
		x[i] = float32(rng.NormFloat64() * 3)
	}
	kernels := map[string]func(dst, src []float32){"exp": Exp, "sigmoid": Sigmoid, "tanh": Tanh, "gelu": GELU,
		"geluGrad": func(dst, src []float32) { GELUGrad(dst, src, src) }}
	for name, k := range kernels {
		whole, pieces := make([]float32, len(x)), make([]float32, len(x))
		k(whole, x)
		for lo := 0; lo < len(x); {
			hi := min(len(x), lo+1+rng.IntN(13))
			k(pieces[lo:hi], x[lo:hi])
			lo = hi
		}
		for i := range x {
			if math.Float32bits(whole[i]) != math.Float32bits(pieces[i]) {
				t.Fatalf("%s: element %d differs: %v whole, %v in pieces", name, i, whole[i], pieces[i])
			}
		}
	}
}

// TestAdamMatchesFormula checks the kernel against the update written out
// in float64 (tolerance: a few float32 roundings of the step).
func TestAdamMatchesFormula(t *testing.T) {
	const n = 37
	rng := rand.New(rand.NewPCG(3, 4))
	c := AdamConsts{Beta1: 0.9, OneMinusBeta1: 0.1, Beta2: 0.999, OneMinusBeta2: 0.001, Step: 0.01 / 0.19,
		RSqrtBC2: float32(1 / math.Sqrt(0.001999)), Eps: 1e-8, Decay: 0.999, WeightDecay: 0.01}
	forBoth(t, func(t *testing.T, name string) {
		w, g, m, v := make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n)
		for i := 0; i < n; i++ {
			w[i], g[i], m[i], v[i] = float32(rng.NormFloat64()), float32(rng.NormFloat64()), float32(rng.NormFloat64()*0.1), float32(rng.Float64()*0.01)
		}
		w0, m0, v0 := append([]float32{}, w...), append([]float32{}, m...), append([]float32{}, v...)
		Adam(w, g, m, v, &c)
		for i := 0; i < n; i++ {
			gi := float64(g[i]) + 0.01*float64(w0[i])
			mi := 0.9*float64(m0[i]) + 0.1*gi
			vi := 0.999*float64(v0[i]) + 0.001*gi*gi
			wi := 0.999*float64(w0[i]) - float64(c.Step)*mi/(math.Sqrt(vi)*float64(c.RSqrtBC2)+1e-8)
			if math.Abs(float64(m[i])-mi) > 1e-6 || math.Abs(float64(v[i])-vi) > 1e-7 || math.Abs(float64(w[i])-wi) > 1e-5 {
				t.Fatalf("%s: element %d: w %v m %v v %v, want %v %v %v", name, i, w[i], m[i], v[i], wi, mi, vi)
			}
		}
	})
}

func BenchmarkKernels(b *testing.B) {
	x := make([]float32, 4096)
	for i := range x {
		x[i] = float32(i%200)/20 - 5
	}
	y := make([]float32, 4096)
	for name, k := range map[string]func(dst, src []float32){"exp": Exp, "sigmoid": Sigmoid, "tanh": Tanh, "gelu": GELU} {
		b.Run(name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				k(y, x)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(x)), "ns/elem")
		})
	}
}
