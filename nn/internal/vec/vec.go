// Package vec holds the vectorised float32 kernels of the training
// engine: e^x, the logistic sigmoid, tanh, the tanh-form GELU and its
// derivative, and the Adam update, over whole slices. On amd64 CPUs with
// AVX2 and FMA they run in assembly, eight lanes at a time; the last
// partial vector goes through the same code with masked loads and stores,
// so an element's result does not depend on its position in the slice (a
// parallel split of an array cannot change any value). Elsewhere, or with
// -tags purego, the scalar functions of this package are used.
//
// Accuracy (checked against float64 references in the tests): e^x within
// 4 ulp, sigmoid, GELU and its derivative within 3e-7 absolute or 4 ulp,
// tanh within 4 ulp; the
// scalar and vector versions may differ in the last bits.
package vec

import "unsafe"

// AVX reports whether the assembly kernels are in use.
var AVX = hasAVX

func p(s []float32) *float32 {
	if len(s) == 0 {
		return nil
	}
	return unsafe.SliceData(s)
}

func check(dst, src []float32) {
	if len(dst) < len(src) {
		panic("vec: destination shorter than source")
	}
}

// Exp sets dst[i] = e^src[i] (dst may be src).
func Exp(dst, src []float32) {
	check(dst, src)
	if AVX && len(src) > 0 {
		expAVX(p(dst), p(src), len(src))
		return
	}
	for i, v := range src {
		dst[i] = Exp32(v)
	}
}

// Sigmoid sets dst[i] = 1/(1 + e^{-src[i]}) (dst may be src).
func Sigmoid(dst, src []float32) {
	check(dst, src)
	if AVX && len(src) > 0 {
		sigmoidAVX(p(dst), p(src), len(src))
		return
	}
	for i, v := range src {
		dst[i] = Sigmoid32(v)
	}
}

// Tanh sets dst[i] = tanh(src[i]) (dst may be src).
func Tanh(dst, src []float32) {
	check(dst, src)
	if AVX && len(src) > 0 {
		tanhAVX(p(dst), p(src), len(src))
		return
	}
	for i, v := range src {
		dst[i] = Tanh32(v)
	}
}

// GELU sets dst[i] to the tanh-form GELU of src[i] (dst may be src).
func GELU(dst, src []float32) {
	check(dst, src)
	if AVX && len(src) > 0 {
		geluAVX(p(dst), p(src), len(src))
		return
	}
	for i, v := range src {
		dst[i], _ = GELU32(v)
	}
}

// GELUGrad sets dst[i] = g[i]·gelu'(x[i]) (dst may alias x or g).
func GELUGrad(dst, x, g []float32) {
	check(dst, x)
	if len(g) < len(x) {
		panic("vec: gradient shorter than input")
	}
	if AVX && len(x) > 0 {
		geluGradAVX(p(dst), p(x), p(g), len(x))
		return
	}
	for i, v := range x {
		_, d := GELU32(v)
		dst[i] = g[i] * d
	}
}

// AdamConsts are the per-step constants of an Adam update.
type AdamConsts struct {
	Beta1, OneMinusBeta1 float32
	Beta2, OneMinusBeta2 float32
	// Step is lr/(1-β₁ᵗ); RSqrtBC2 is 1/√(1-β₂ᵗ).
	Step, RSqrtBC2, Eps float32
	// Decay multiplies w before the update (AdamW: 1 - lr·λ, else 1);
	// WeightDecay adds WeightDecay·w to the gradient (Adam's L2 term).
	Decay, WeightDecay float32
}

// Adam applies one Adam update to w with gradient g and moments m, v (all
// the same length):
//
//	g' = g + λw; w ← decay·w; m ← β₁m + (1-β₁)g'; v ← β₂v + (1-β₂)g'²
//	w ← w - step·m/(√v·rsqrtBC2 + ε)
func Adam(w, g, m, v []float32, c *AdamConsts) {
	n := len(w)
	if len(g) < n || len(m) < n || len(v) < n {
		panic("vec: Adam slices of different lengths")
	}
	if AVX && n > 0 {
		k := [9]float32{c.Beta1, c.OneMinusBeta1, c.Beta2, c.OneMinusBeta2, c.Step, c.RSqrtBC2, c.Eps, c.Decay, c.WeightDecay}
		adamAVX(p(w), p(g), p(m), p(v), n, &k)
		return
	}
	g, m, v = g[:n], m[:n], v[:n]
	for i := range w {
		gi := g[i] + c.WeightDecay*w[i]
		w[i] *= c.Decay
		m[i] = c.Beta1*m[i] + c.OneMinusBeta1*gi
		v[i] = c.Beta2*v[i] + c.OneMinusBeta2*gi*gi
		w[i] -= c.Step * m[i] / (Sqrt32(v[i])*c.RSqrtBC2 + c.Eps)
	}
}
