package vec

import "math"

// Scalar float32 elementary functions, written for speed in pure Go and
// accurate to a few units in the last place (checked against package
// math in the tests). They are the portable fallback of the slice kernels
// and serve scalar code paths.

const (
	log2e  = 1.44269504088896341
	ln2Hi  = 0.693359375 // ln 2 split for Cody-Waite range reduction
	ln2Lo  = -2.12194440e-4
	expMax = 88.72283  // ln(MaxFloat32)
	expMin = -87.33654 // ln(smallest normal float32)
)

// Exp32 returns e^x. The argument is reduced as x = n·ln2 + r with
// |r| ≤ ln2/2 (Cody & Waite 1980), e^r is a degree-7 Taylor polynomial
// (truncation < 1e-8 relative) and 2^n is put in the exponent bits.
// Results below the smallest normal float32 flush to zero.
//
// References:
//
//	W. J. Cody and W. Waite, Software Manual for the Elementary
//	Functions, Prentice-Hall (1980), ch. 6.
func Exp32(x float32) float32 {
	if !(x < expMax) { // also NaN
		if x != x {
			return x
		}
		return float32(math.Inf(1))
	}
	if x < expMin {
		return 0
	}
	// Adding 1.5·2²³ rounds x·log2(e) to the nearest integer n in the low
	// mantissa bits (Hacker's-Delight style), without a call to Floor.
	t := x*log2e + roundMagic
	n := t - roundMagic
	ni := int32(math.Float32bits(t)) - roundMagicBits
	r := x - n*ln2Hi - n*ln2Lo
	p := 1 + r*(1+r*(0.5+r*(1.0/6+r*(1.0/24+r*(1.0/120+r*(1.0/720+r*(1.0/5040)))))))
	if ni > 127 { // only for x within a rounding of expMax
		return p * 2 * math.Float32frombits(uint32(ni-1+127)<<23)
	}
	return p * math.Float32frombits(uint32(ni+127)<<23)
}

const (
	roundMagic     = 12582912   // 1.5·2²³
	roundMagicBits = 0x4b400000 // its float32 bits
)

// Expm1_32 returns e^x - 1, accurate also for small |x| where the
// subtraction would cancel: a degree-8 Taylor polynomial for |x| < 0.35
// (truncation below 1e-9 relative), Exp32(x) - 1 otherwise.
func Expm1_32(x float32) float32 {
	if x > -0.35 && x < 0.35 {
		return x * (1 + x*(0.5+x*(1.0/6+x*(1.0/24+x*(1.0/120+x*(1.0/720+x*(1.0/5040+x*(1.0/40320))))))))
	}
	return Exp32(x) - 1
}

// Tanh32 returns tanh x = e/(e+2) with e = expm1(2|x|), odd in x; it is ±1
// beyond |x| = 9, where tanh rounds to 1 in float32.
func Tanh32(x float32) float32 {
	ax := x
	if ax < 0 {
		ax = -ax
	}
	if ax > 9 {
		if x < 0 {
			return -1
		}
		return 1
	}
	e := Expm1_32(2 * ax)
	t := e / (e + 2)
	if x < 0 {
		return -t
	}
	return t
}

// Sigmoid32 returns 1/(1+e^{-x}).
func Sigmoid32(x float32) float32 {
	if x >= 0 {
		return 1 / (1 + Exp32(-x))
	}
	e := Exp32(x)
	return e / (1 + e)
}

// GELU constants for the tanh approximation of Hendrycks & Gimpel:
// gelu(x) ≈ ½x(1 + tanh(√(2/π)(x + 0.044715x³))) = x·σ(2√(2/π)(x + 0.044715x³)).
const (
	geluC  = 0.7978845608028654 // √(2/π)
	geluC3 = 0.044715
)

// GELU32 returns the tanh-approximated GELU and its derivative. With
// z = 2u, e = e^{-|z|} and q = 1/(1+e), σ(z) is q (z ≥ 0) or eq, and
// σ(1-σ) = eq² avoids the cancellation of 1-σ when σ ≈ 1.
func GELU32(x float32) (y, dy float32) {
	z := 2 * geluC * (x + geluC3*x*x*x)
	az := z
	if az < 0 {
		az = -az
	}
	e := Exp32(-az)
	q := 1 / (1 + e)
	s := q
	if z < 0 {
		s = e * q
	}
	dz := 2 * geluC * (1 + 3*geluC3*x*x)
	return x * s, s + x*(e*q*q)*dz
}

func Sqrt32(x float32) float32 { return float32(math.Sqrt(float64(x))) }

func Log32(x float32) float32 { return float32(math.Log(float64(x))) }

func Abs32(x float32) float32 {
	return math.Float32frombits(math.Float32bits(x) &^ (1 << 31))
}
