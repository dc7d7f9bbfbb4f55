package maps

import (
	"math"

	"github.com/emergo/emergo/system"
	"github.com/emergo/emergo/system/dysts"
)

// sprott2003 names the source of the literature Lyapunov spectra.
const sprott2003 = "Sprott, J. C. (2003). Chaos and Time-Series Analysis, Oxford Univ. Press, App. A"

func init() {
	for _, s := range catalogue() {
		register(s)
	}
}

// catalogue is the table of registered maps.
func catalogue() []spec {
	tentMu, _ := dysts.MustGetMap("Tent").Param("mu")
	return []spec{
		{
			name:        "Logistic",
			params:      []param{{name: "r", doc: "growth rate r; [0, 1] is invariant for r in [0, 4], chaotic for most r above 3.5699", min: 0, max: 4}},
			rule:        logistic,
			citation:    "May, R. M. (1976). Simple mathematical models with very complicated dynamics. Nature 261, 459-467.",
			description: "x' = r x (1 − x): the logistic map of population dynamics. At r = 4 it is conjugate to the doubling map, x_n = sin²(2ⁿ asin √x_0), with Lyapunov exponent ln 2.",
			observables: []string{"x"},
		},
		{
			name: "Henon",
			params: []param{
				{name: "a", doc: "strength a of the quadratic fold"},
				{name: "b", doc: "contraction b; the Jacobian determinant is −b"},
			},
			rule:     henon,
			citation: "Hénon, M. (1976). A two-dimensional mapping with a strange attractor. Commun. Math. Phys. 50, 69-77.",
			description: "x' = 1 − a x² + y, y' = b x: the Hénon map, a simplified Poincaré map of the Lorenz flow; it contracts areas by |b| per iteration. " +
				"(Sprott's form x' = 1 − a x² + b y, y' = x is linearly conjugate and has the same Lyapunov exponents.)",
			observables: []string{"x", "y"},
			invariants: []system.Invariant{
				{Name: "lyapunov_spectrum", Values: []float64{0.41922, -1.62319}, Source: sprott2003 + " (a=1.4, b=0.3)"},
				{Name: "kaplan_yorke", Values: []float64{1.25827}, Source: sprott2003 + " (a=1.4, b=0.3)"},
				{Name: "correlation_dimension", Values: []float64{1.21}, Source: "Grassberger, P. & Procaccia, I. (1983). Measuring the strangeness of strange attractors. Physica D 9, 189-208: 1.21 ± 0.01 (a=1.4, b=0.3)"},
			},
		},
		{
			name:   "Ikeda",
			params: []param{{name: "u", doc: "dissipation u of the cavity; the Jacobian determinant is u²"}},
			rule:   ikeda,
			citation: "Ikeda, K. (1979). Multiple-valued stationary state and its instability of the transmitted light by a ring cavity system. Opt. Commun. 30, 257-261; " +
				"map form: Hammel, S. M., Jones, C. K. R. T. & Moloney, J. V. (1985). Global dynamical behavior of the optical field in a ring cavity. J. Opt. Soc. Am. B 2, 552-564.",
			description: "x' = 1 + u(x cos τ − y sin τ), y' = u(x sin τ + y cos τ), τ = 0.4 − 6/(1 + x² + y²): the field in a nonlinear optical ring cavity, " +
				"a rotation by an intensity-dependent angle followed by contraction by u.",
			observables: []string{"x", "y"},
			invariants: []system.Invariant{
				{Name: "lyapunov_spectrum", Values: []float64{0.50752, -0.71824}, Source: "QR estimate at u=0.9 (a=0.4, b=6), sites.google.com/view/lyapunov-spectrum/home/ikeda_map (map from Sprott 2003); the sum is 2 ln u exactly"},
				{Name: "kaplan_yorke", Values: []float64{1.7066}, Source: "same source, u=0.9"},
			},
		},
		{
			name: "Chirikov",
			params: []param{
				{name: "k", doc: "kick strength K (default 0.971635: Greene's threshold for the breakup of the last invariant KAM circle)"},
				{name: "wrap", doc: "1 reduces x into [0, 2π) and p into [−π, π) after each iteration (the standard map on the torus); 0 leaves both unbounded as dysts does",
					extra: true, def: 1, min: 0, max: 1, integer: true},
			},
			rule: chirikov,
			wrap: func(p system.Params) func([]float64) {
				if p["wrap"] == 0 {
					return nil
				}
				return wrapTorus
			},
			citation: "Chirikov, B. V. (1979). A universal instability of many-dimensional oscillator systems. Phys. Rep. 52, 263-379; " +
				"critical K: Greene, J. M. (1979). A method for determining a stochastic transition. J. Math. Phys. 20, 1183-1201.",
			description: "p' = p + K sin x, x' = x + p': the standard map of the periodically kicked rotor (state order p, x as in dysts). " +
				"It preserves area (det J = 1). With wrap = 1 the state is reduced onto the torus, x in [0, 2π), p in [−π, π).",
			observables: []string{"p", "x"},
			aliases:     []string{"StandardMap"},
		},
		{
			name:   "Tent",
			params: []param{{name: "mu", doc: "height μ of the tent; [0, 1] is invariant for μ in [0, 1], chaotic for μ > 1/2", min: 0, max: 1}},
			rule:   tent,
			citation: "Devaney, R. L. (1989). An Introduction to Chaotic Dynamical Systems, 2nd ed., Addison-Wesley; " +
				"Sprott, J. C. (2003). Chaos and Time-Series Analysis, Oxford Univ. Press.",
			description: "x' = μ(1 − 2|x − 1/2|): the tent map, piecewise linear with slope ±2μ, so its Lyapunov exponent is ln(2μ) exactly. " +
				"At μ = 1 it maps dyadic rationals k/2^m exactly (in floating point) and they reach 0 after m+1 iterations.",
			observables: []string{"x"},
			invariants: []system.Invariant{
				{Name: "max_lyapunov", Values: []float64{math.Log(2 * tentMu)}, Source: "exact: |f'(x)| = 2μ almost everywhere, so λ = ln(2μ)"},
			},
		},
	}
}

// logistic is the logistic map
//
//	x' = r x (1 − x),  f'(x) = r (1 − 2x).
//
// References:
//
//	May, R. M. (1976). Simple mathematical models with very complicated
//	  dynamics. Nature 261, 459-467.
func logistic(p system.Params) (system.MapFunc, system.JacFunc) {
	r := p["r"]
	f := func(dst, x []float64, _ float64) { dst[0] = r * x[0] * (1 - x[0]) }
	jac := func(dst, x []float64, _ float64) { dst[0] = r * (1 - 2*x[0]) }
	return f, jac
}

// henon is the Hénon map in dysts' form
//
//	x' = 1 − a x² + y
//	y' = b x
//
// with Jacobian [[−2ax, 1], [b, 0]], whose determinant is −b everywhere.
//
// References:
//
//	Hénon, M. (1976). A two-dimensional mapping with a strange attractor.
//	  Commun. Math. Phys. 50, 69-77.
func henon(p system.Params) (system.MapFunc, system.JacFunc) {
	a, b := p["a"], p["b"]
	f := func(dst, x []float64, _ float64) {
		x0 := x[0]
		dst[0] = 1 - a*x0*x0 + x[1]
		dst[1] = b * x0
	}
	jac := func(dst, x []float64, _ float64) {
		dst[0], dst[1] = -2*a*x[0], 1
		dst[2], dst[3] = b, 0
	}
	return f, jac
}

// ikeda is the Ikeda map of a nonlinear optical ring cavity,
//
//	τ  = 0.4 − 6 / (1 + x² + y²)
//	x' = 1 + u (x cos τ − y sin τ)
//	y' = u (x sin τ + y cos τ)
//
// With A = x cos τ − y sin τ, B = x sin τ + y cos τ and
// ∂τ/∂(x, y) = 12 (x, y) / (1 + x² + y²)², the Jacobian is
//
//	[[u(cos τ − B τ_x), u(−sin τ − B τ_y)],
//	 [u(sin τ + A τ_x), u(cos τ + A τ_y)]],
//
// whose determinant is u² (the τ terms cancel).
//
// References:
//
//	Ikeda, K. (1979). Multiple-valued stationary state and its
//	  instability of the transmitted light by a ring cavity system. Opt.
//	  Commun. 30, 257-261.
//	Hammel, S. M., Jones, C. K. R. T. & Moloney, J. V. (1985). Global
//	  dynamical behavior of the optical field in a ring cavity. J. Opt.
//	  Soc. Am. B 2, 552-564.
func ikeda(p system.Params) (system.MapFunc, system.JacFunc) {
	u := p["u"]
	f := func(dst, x []float64, _ float64) {
		tau := 0.4 - 6/(1+x[0]*x[0]+x[1]*x[1])
		s, c := math.Sincos(tau)
		dst[0] = 1 + u*(x[0]*c-x[1]*s)
		dst[1] = u * (x[0]*s + x[1]*c)
	}
	jac := func(dst, x []float64, _ float64) {
		q := 1 + x[0]*x[0] + x[1]*x[1]
		s, c := math.Sincos(0.4 - 6/q)
		tx, ty := 12*x[0]/(q*q), 12*x[1]/(q*q)
		A, B := x[0]*c-x[1]*s, x[0]*s+x[1]*c
		dst[0], dst[1] = u*(c-B*tx), u*(-s-B*ty)
		dst[2], dst[3] = u*(s+A*tx), u*(c+A*ty)
	}
	return f, jac
}

// chirikov is the Chirikov standard map on the state (p, x):
//
//	p' = p + K sin x
//	x' = x + p'
//
// with Jacobian [[1, K cos x], [1, 1 + K cos x]] of determinant 1.
//
// References:
//
//	Chirikov, B. V. (1979). A universal instability of many-dimensional
//	  oscillator systems. Phys. Rep. 52, 263-379.
//	Greene, J. M. (1979). A method for determining a stochastic
//	  transition. J. Math. Phys. 20, 1183-1201.
func chirikov(p system.Params) (system.MapFunc, system.JacFunc) {
	k := p["k"]
	f := func(dst, x []float64, _ float64) {
		pp := x[0] + k*math.Sin(x[1])
		dst[0] = pp
		dst[1] = x[1] + pp
	}
	jac := func(dst, x []float64, _ float64) {
		kc := k * math.Cos(x[1])
		dst[0], dst[1] = 1, kc
		dst[2], dst[3] = 1, 1+kc
	}
	return f, jac
}

// wrapTorus reduces the standard map's state (p, x) to p in [−π, π) and
// x in [0, 2π).
func wrapTorus(s []float64) {
	const twoPi = 2 * math.Pi
	s[0] = reduce(s[0]+math.Pi, twoPi) - math.Pi
	s[1] = reduce(s[1], twoPi)
}

// reduce returns v modulo m in [0, m).
func reduce(v, m float64) float64 {
	r := math.Mod(v, m)
	if r < 0 {
		r += m
	}
	if r >= m { // r was a tiny negative number
		r = 0
	}
	return r
}

// tent is dysts' tent map
//
//	x' = μ (1 − 2 |x − 1/2|),
//
// whose derivative is 2μ for x < 1/2 and −2μ for x > 1/2; at the kink
// x = 1/2 the Jacobian takes the right derivative −2μ.
//
// References:
//
//	Devaney, R. L. (1989). An Introduction to Chaotic Dynamical Systems,
//	  2nd ed., Addison-Wesley.
func tent(p system.Params) (system.MapFunc, system.JacFunc) {
	mu := p["mu"]
	f := func(dst, x []float64, _ float64) { dst[0] = mu * (1 - 2*math.Abs(x[0]-0.5)) }
	jac := func(dst, x []float64, _ float64) {
		if x[0] < 0.5 {
			dst[0] = 2 * mu
		} else {
			dst[0] = -2 * mu
		}
	}
	return f, jac
}
