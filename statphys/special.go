package statphys

import (
	"math"
	"sync"
)

// bernoulliRatio[j-1] = B_{2j}/(2j)! for j = 1..11 (Bernoulli numbers
// B2 = 1/6, B4 = −1/30, B6 = 1/42, B8 = −1/30, B10 = 5/66,
// B12 = −691/2730, B14 = 7/6, B16 = −3617/510, B18 = 43867/798,
// B20 = −174611/330, B22 = 854513/138).
var bernoulliRatio = func() [11]float64 {
	num := [11]float64{1.0 / 6, -1.0 / 30, 1.0 / 42, -1.0 / 30, 5.0 / 66, -691.0 / 2730, 7.0 / 6,
		-3617.0 / 510, 43867.0 / 798, -174611.0 / 330, 854513.0 / 138}
	var out [11]float64
	f := 1.0
	for j := 1; j <= 11; j++ {
		f *= float64(2*j-1) * float64(2*j)
		out[j-1] = num[j-1] / f
	}
	return out
}()

// HurwitzZeta returns ζ(s, a) = Σ_{k≥0} (a+k)^(−s) for s > 1 and a > 0,
// by Euler-Maclaurin summation: the first N terms directly (N chosen so
// that a+N ≥ 12 + |s|), then
//
//	A^(1−s)/(s−1) + A^(−s)/2 + Σ_{j=1}^{10} B_{2j}/(2j)! · s(s+1)…(s+2j−2) · A^(−s−2j+1),  A = a+N,
//
// whose truncation error is below 1e-15 relative. It returns NaN for s ≤ 1
// or a ≤ 0 (where the series diverges or is not defined here).
//
// References:
//
//	Abramowitz, M. & Stegun, I. A. (1964). Handbook of Mathematical
//	  Functions, 23.1.30 (Euler-Maclaurin summation formula).
//	Johansson, F. (2015). Rigorous high-precision computation of the
//	  Hurwitz zeta function and its derivatives. Numer. Algorithms 69,
//	  253-270.
func HurwitzZeta(s, a float64) float64 {
	z, _, _ := hurwitz(s, a, false)
	return z
}

// HurwitzZetaDeriv returns ζ(s, a) and its first two derivatives with
// respect to s, ∂ζ/∂s = −Σ ln(a+k)(a+k)^(−s) and ∂²ζ/∂s² = Σ ln²(a+k)(a+k)^(−s),
// by the same Euler-Maclaurin scheme differentiated term by term.
func HurwitzZetaDeriv(s, a float64) (z, dz, d2z float64) {
	return hurwitz(s, a, true)
}

func hurwitz(s, a float64, deriv bool) (z, dz, d2z float64) {
	if !(s > 1) || !(a > 0) || math.IsInf(s, 0) || math.IsInf(a, 0) {
		return math.NaN(), math.NaN(), math.NaN()
	}
	return powSum(s, a, math.Inf(1), deriv)
}

// PowerSum returns Σ_{k=0}^{K} (a+k)^(−s), K = ⌊b−a⌋, the sum of x^(−s)
// over x = a, a+1, … ≤ b, for any real s and 0 < a ≤ b, with its first two
// derivatives in s. b = +Inf gives the Hurwitz zeta function (then s > 1
// is required). Terms below a+N (a+N ≥ 12 + |s|) are summed directly; the
// rest by Euler-Maclaurin with both end corrections,
//
//	∫_A^B x^(−s) dx + (A^(−s) + B^(−s))/2 + Σ_{j=1}^{10} B_{2j}/(2j)! · s(s+1)…(s+2j−2) · (A^(−s−2j+1) − B^(−s−2j+1)),
//
// the integral and its s-derivatives in closed form (∫ t^k e^((1−s)t) dt
// over [ln A, ln B]). It returns NaN outside the domain.
func PowerSum(s, a, b float64) (z, dz, d2z float64) {
	if math.IsNaN(s) || math.IsInf(s, 0) || !(a > 0) || !(b >= a) || math.IsInf(a, 0) || (math.IsInf(b, 1) && !(s > 1)) {
		return math.NaN(), math.NaN(), math.NaN()
	}
	return powSum(s, a, b, true)
}

func powSum(s, a, b float64, deriv bool) (z, dz, d2z float64) {
	b = a + math.Floor(b-a) // last term
	n := 0
	if need := 12 + math.Abs(s) - a; need > 0 {
		n = int(math.Ceil(need))
	}
	finite := !math.IsInf(b, 1)
	if finite && float64(n) > b-a {
		n = int(b-a) + 1 // the whole range is summed directly
	}
	for k := 0; k < n; k++ {
		x := a + float64(k)
		l := math.Log(x)
		t := math.Exp(-s * l)
		z += t
		if deriv {
			dz -= l * t
			d2z += l * l * t
		}
	}
	A := a + float64(n)
	if finite && A > b {
		return z, dz, d2z
	}
	L := math.Log(A)
	pa := math.Exp(-s * L) // A^(−s)
	if !finite {
		// Integral term A^(1−s)/(s−1) and its s-derivatives.
		inv := 1 / (s - 1)
		I := A * pa * inv
		z += I + pa/2
		if deriv {
			c := L + inv
			dz += -I*c - L*pa/2
			d2z += I*(c*c+inv*inv) + L*L*pa/2
		}
	} else {
		LB := math.Log(b)
		pb := math.Exp(-s * LB)
		i0, i1, i2 := expPolyIntegral(1-s, L, LB)
		z += i0 + (pa+pb)/2
		if deriv {
			dz += -i1 - (L*pa+LB*pb)/2
			d2z += i2 + (L*L*pa+LB*LB*pb)/2
		}
	}
	// Bernoulli terms: (B_{2j}/(2j)!) P_j(s) (A^(−s−2j+1) − B^(−s−2j+1)),
	// with P_j(s) = s(s+1)…(s+2j−2) and its derivatives built by the
	// product rule.
	p, p1, p2 := s, 1.0, 0.0 // P_1 = s
	pw := pa / A             // A^(−s−1)
	inv2 := 1 / (A * A)
	var qw, invB2, LB float64
	if finite {
		LB = math.Log(b)
		qw = math.Exp(-s*LB) / b
		invB2 = 1 / (b * b)
	}
	for j := 1; j <= 10; j++ {
		c := bernoulliRatio[j-1]
		z += c * p * (pw - qw)
		if deriv {
			dz += c * (pw*(p1-L*p) - qw*(p1-LB*p))
			d2z += c * (pw*(p2-2*L*p1+L*L*p) - qw*(p2-2*LB*p1+LB*LB*p))
		}
		// P_{j+1} = P_j (s+2j−1)(s+2j).
		for _, q := range [2]float64{s + float64(2*j-1), s + float64(2*j)} {
			p2 = p2*q + 2*p1
			p1 = p1*q + p
			p *= q
		}
		pw *= inv2
		qw *= invB2
	}
	return z, dz, d2z
}

// expPolyIntegral returns J_k = ∫_{t1}^{t2} t^k e^(βt) dt for k = 0, 1, 2,
// written as e^(βt1)(…) with K_k = ∫_0^D τ^k e^(βτ) dτ, D = t2 − t1: by
// its power series when |βD| < 1 and by integration by parts otherwise.
func expPolyIntegral(beta, t1, t2 float64) (j0, j1, j2 float64) {
	d := t2 - t1
	x := beta * d
	var k0, k1, k2 float64
	if math.Abs(x) < 1 {
		// K_k = D^(k+1) Σ_n x^n/(n!(n+k+1)).
		term := 1.0
		for n := 0; n < 40; n++ {
			fn := float64(n)
			k0 += term / (fn + 1)
			k1 += term / (fn + 2)
			k2 += term / (fn + 3)
			term *= x / (fn + 1)
			if math.Abs(term) < 1e-17 {
				break
			}
		}
		k0 *= d
		k1 *= d * d
		k2 *= d * d * d
	} else {
		e := math.Exp(x)
		k0 = math.Expm1(x) / beta
		k1 = (d*e - k0) / beta
		k2 = (d*d*e - 2*k1) / beta
	}
	e1 := math.Exp(beta * t1)
	return e1 * k0, e1 * (t1*k0 + k1), e1 * (t1*t1*k0 + 2*t1*k1 + k2)
}

// gaussLegendre10 holds the nodes and weights of the 10-point
// Gauss-Legendre rule on [−1, 1], computed once by Newton's method on
// the Legendre polynomial P_10.
var gaussLegendre10 = sync.OnceValues(func() ([10]float64, [10]float64) {
	const n = 10
	var x, w [n]float64
	for i := 0; i < n; i++ {
		r := math.Cos(math.Pi * (float64(i) + 0.75) / (n + 0.5))
		var dp float64
		for it := 0; it < 100; it++ {
			p0, p1 := 1.0, r
			for k := 2; k <= n; k++ {
				p0, p1 = p1, (float64(2*k-1)*r*p1-float64(k-1)*p0)/float64(k)
			}
			dp = n * (r*p1 - p0) / (r*r - 1)
			dr := p1 / dp
			r -= dr
			if math.Abs(dr) < 1e-16 {
				break
			}
		}
		p0, p1 := 1.0, r
		for k := 2; k <= n; k++ {
			p0, p1 = p1, (float64(2*k-1)*r*p1-float64(k-1)*p0)/float64(k)
		}
		dp = n * (r*p1 - p0) / (r*r - 1)
		x[i] = r
		w[i] = 2 / ((1 - r*r) * dp * dp)
	}
	return x, w
})

// integrate returns ∫_a^b f by adaptive 10-point Gauss-Legendre
// quadrature: a panel is accepted when its value and the sum over its
// two halves agree to rtol relative to the running total (or atol).
func integrate(f func(float64) float64, a, b float64, panels int, rtol, atol float64) float64 {
	xs, ws := gaussLegendre10()
	gl := func(lo, hi float64) float64 {
		c, h := (lo+hi)/2, (hi-lo)/2
		var s float64
		for i := range xs {
			s += ws[i] * f(c+h*xs[i])
		}
		return s * h
	}
	type seg struct {
		lo, hi, v float64
		depth     int
	}
	stack := make([]seg, 0, 64)
	h := (b - a) / float64(panels)
	var total float64
	for i := panels - 1; i >= 0; i-- {
		lo := a + float64(i)*h
		hi := lo + h
		if i == panels-1 {
			hi = b
		}
		v := gl(lo, hi)
		total += v
		stack = append(stack, seg{lo, hi, v, 0})
	}
	var sum float64
	for len(stack) > 0 {
		s := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		m := (s.lo + s.hi) / 2
		l, r := gl(s.lo, m), gl(m, s.hi)
		if d := math.Abs(l + r - s.v); d <= max(rtol*math.Abs(total), atol) || s.depth >= 40 {
			sum += l + r
			continue
		}
		total += l + r - s.v
		stack = append(stack, seg{m, s.hi, r, s.depth + 1}, seg{s.lo, m, l, s.depth + 1})
	}
	return sum
}

// logExpIntE returns ln E_p(z) for real p and z > 0, where
// E_p(z) = ∫_1^∞ t^(−p) e^(−z t) dt is the generalised exponential
// integral (so ∫_x^∞ t^(−p) e^(−λt) dt = x^(1−p) E_p(λx)). For z ≥ 1 it
// uses the continued fraction of Numerical Recipes §6.3 (valid for real
// p), evaluated by the modified Lentz method; for 0 < z < 1 adaptive
// Gauss-Legendre quadrature of ∫_0^∞ exp(−(p−1)v − z e^v) dv (t = e^v),
// whose integrand is smooth and log-concave. Relative accuracy ≈ 1e-12.
//
// References:
//
//	Press, W. H., Teukolsky, S. A., Vetterling, W. T. & Flannery, B. P.
//	  (2007). Numerical Recipes, 3rd ed., §6.3. Cambridge Univ. Press.
//	Abramowitz & Stegun (1964), 5.1.4 and 5.1.22.
func logExpIntE(p, z float64) float64 {
	if !(z > 0) {
		return math.NaN()
	}
	if z >= 1 {
		const tiny = 1e-300
		b := z + p
		c := 1 / tiny
		d := 1 / b
		h := d
		for i := 1; i < 10000; i++ {
			an := -float64(i) * (p - 1 + float64(i))
			b += 2
			d = an*d + b
			if math.Abs(d) < tiny {
				d = tiny
			}
			c = b + an/c
			if math.Abs(c) < tiny {
				c = tiny
			}
			d = 1 / d
			del := c * d
			h *= del
			if math.Abs(del-1) < 1e-15 {
				break
			}
		}
		return math.Log(h) - z
	}
	// Quadrature in v = ln t. g(v) = −(p−1)v − z e^v is concave with its
	// maximum at v* = ln((1−p)/z) when that is positive, else at v = 0.
	g := func(v float64) float64 { return -(p-1)*v - z*math.Exp(v) }
	vs := 0.0
	if p < 1 {
		if v := math.Log((1 - p) / z); v > 0 {
			vs = v
		}
	}
	gs := g(vs)
	hi := vs + 1
	for g(hi)-gs > -60 {
		hi += 1 + 0.25*hi
	}
	panels := int(math.Ceil(hi))
	val := integrate(func(v float64) float64 { return math.Exp(g(v) - gs) }, 0, hi, panels, 1e-13, 0)
	return gs + math.Log(val)
}

// erfcx returns the scaled complementary error function e^(x²) erfc(x)
// for x ≥ 0: directly for x < 25, by its asymptotic series
// 1/(x√π) · Σ_k (−1)^k (2k−1)!!/(2x²)^k beyond (six terms give double
// precision there).
func erfcx(x float64) float64 {
	if x < 25 {
		return math.Exp(x*x) * math.Erfc(x)
	}
	y := 1 / (2 * x * x)
	s, t := 1.0, 1.0
	for k := 1; k <= 6; k++ {
		t *= -float64(2*k-1) * y
		s += t
	}
	return s / (x * math.SqrtPi)
}

// logGaussTail returns ln ∫_0^∞ exp(a u + b u²) du for b < 0: with
// σ² = −1/(2b), μ = aσ² and z = −μ/(σ√2) it is
// μ²/(2σ²) + ln(σ√(π/2)) + ln erfc(z), evaluated through erfcx when
// z ≥ 0 so that it stays finite as b → 0⁻ (where it tends to ln(−1/a)).
// For b = 0 and a < 0 it is ln(−1/a); otherwise +Inf.
func logGaussTail(a, b float64) float64 {
	if b == 0 {
		if a < 0 {
			return math.Log(-1 / a)
		}
		return math.Inf(1)
	}
	if b > 0 {
		return math.Inf(1)
	}
	sigma := math.Sqrt(-1 / (2 * b))
	mu := a * sigma * sigma
	z := -mu / (sigma * math.Sqrt2)
	base := math.Log(sigma * math.Sqrt(math.Pi/2))
	if z >= 0 {
		return base + math.Log(erfcx(z))
	}
	return mu*mu/(2*sigma*sigma) + base + math.Log(math.Erfc(z))
}
