package market

import (
	"math"
	"math/rand/v2"
)

// Random-stream constants: the second PCG word of each model, so that two
// models built with the same seed draw independent streams.
const (
	streamGARCH        = 0x4741_5243_4831_3131 // "GARCH111"
	streamLuxMarchesi  = 0x4c75_784d_6172_6331 // "LuxMarc1"
	streamContBouchaud = 0x436f_6e74_426f_7531 // "ContBou1"
)

// binomial draws from Binomial(n, p) exactly. Small means use inversion of
// the cumulative distribution (pmf recursion from (1−p)^n); larger ones
// count successes by geometric skipping over the n trials. The cost is
// O(1 + n·min(p, 1−p)) and nothing is allocated.
func binomial(r *rand.Rand, n int, p float64) int {
	if n <= 0 || !(p > 0) {
		return 0
	}
	if p >= 1 {
		return n
	}
	if p > 0.5 {
		return n - binomial(r, n, 1-p)
	}
	if mean := float64(n) * p; mean < 25 {
		q := 1 - p
		f := math.Exp(float64(n) * math.Log1p(-p)) // (1−p)^n ≥ e^{-25·(1+p)}
		ratio := p / q
		u := r.Float64()
		k := 0
		for u > f && k < n {
			u -= f
			k++
			f *= float64(n-k+1) / float64(k) * ratio
		}
		return k
	}
	// Geometric skipping: the gap to the next success is geometric with
	// parameter p.
	lq := math.Log1p(-p)
	k, i := 0, 0
	for {
		g := math.Floor(math.Log(1-r.Float64()) / lq)
		if g >= float64(n-i) {
			return k
		}
		i += int(g) + 1
		k++
		if i >= n {
			return k
		}
	}
}

// gammaVariate draws from the Gamma(shape, 1) distribution by Marsaglia &
// Tsang's (2000) squeeze method, boosting shapes below one with
// Gamma(a) = Gamma(a+1)·U^{1/a}.
//
// Reference: Marsaglia, G. & Tsang, W. W. (2000). A simple method for
// generating gamma variables. ACM Trans. Math. Softw. 26, 363-372.
func gammaVariate(r *rand.Rand, shape float64) float64 {
	if shape < 1 {
		u := 1 - r.Float64() // (0, 1]
		return gammaVariate(r, shape+1) * math.Pow(u, 1/shape)
	}
	d := shape - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := r.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := r.Float64()
		x2 := x * x
		if u < 1-0.0331*x2*x2 {
			return d * v
		}
		if math.Log(u) < 0.5*x2+d*(1-v+math.Log(v)) {
			return d * v
		}
	}
}
