package maps

import (
	"fmt"
	"math"

	"github.com/emergo/emergo/system"
	"github.com/emergo/emergo/system/dysts"
)

// The remaining maps of the dysts catalogue. Each follows dysts' rule,
// parameter names, defaults and initial condition, with the documented
// exceptions:
//
//   - DuffingMap is dysts' Duffing map, renamed because dysts' Duffing
//     flow is already catalogued as "Duffing"; its metadata is
//     dysts.MustGetMap("Duffing").
//   - ZeraouliaSprott and Zaslavskii are commented out in dysts' code; the
//     rules here are the papers'. dysts' ZeraouliaSprott defaults (copied
//     from DeJong) diverge (|b| > 1), so emergo's defaults differ.
//   - Circle has an extra parameter wrap (default 1) that reduces θ modulo
//     1, and BlinkingVortexMap an extra parameter blink (default 1) that
//     alternates the vortex between ±b as Aref's blinking vortex does
//     (dysts' attempt to alternate does not reach its parameter list).
//   - dysts' EndCap has metadata (a = 1.4, b = 0.3, Hénon's values, and
//     citation ".") but no class or equations in dysts' code at 4b4d9de
//     or in the history that could be read, and no source defines a map
//     of that name, so it is not registered.

func init() {
	for _, d := range dystsMaps() {
		d.register()
	}
}

// dystsMap is a table entry of this file: a spec plus what register.go's
// spec cannot express.
type dystsMap struct {
	spec
	// dysts is the name of dysts' metadata entry when it differs from the
	// catalogue name.
	dysts string
	// defaults overrides dysts' default parameter values (documented in
	// the description).
	defaults map[string]float64
	// check rejects parameter combinations the rule cannot take.
	check func(p system.Params) error
}

// register adds the map to the catalogue like register.go's register,
// with the dysts name, default overrides and parameter check.
func (d dystsMap) register() {
	name := d.dysts
	if name == "" {
		name = d.name
	}
	in := d.info(dysts.MustGetMap(name))
	for i, p := range in.Params {
		if v, ok := d.defaults[p.Name]; ok {
			in.Params[i].Default = v
		}
	}
	s, check := d.spec, d.check
	system.Register(system.Entry{Info: in, Build: func(c system.Config) (system.System, error) {
		if check != nil {
			if err := check(c.Params); err != nil {
				return nil, err
			}
		}
		return s.build(c, in)
	}})
}

func dystsMaps() []dystsMap {
	kyAlpha, _ := dysts.MustGetMap("KaplanYorke").Param("alpha")
	chebA, _ := dysts.MustGetMap("Chebyshev").Param("a")
	bakerA, _ := dysts.MustGetMap("Baker").Param("a")
	return []dystsMap{
		{spec: spec{
			name:     "Chebyshev",
			params:   []param{{name: "a", doc: "degree a of the Chebyshev polynomial T_a (integer a ≥ 2 maps [−1, 1] onto itself a-to-1)"}},
			rule:     chebyshev,
			citation: "Geisel, T. & Fairen, V. (1984). Statistical properties of chaos in Chebyshev maps. Phys. Lett. A 105, 263-266.",
			description: "x' = cos(a arccos x) = T_a(x) on [−1, 1]. With x = cos θ it is θ' = aθ, so x_n = cos(aⁿ θ₀) and, for integer a, " +
				"the Lyapunov exponent is ln a exactly. The Jacobian at x = ±1 is the limit a² cos(aθ)/cos θ.",
			observables: []string{"x"},
			invariants: []system.Invariant{{Name: "max_lyapunov", Values: []float64{math.Log(chebA)},
				Source: "exact for integer a: conjugate to θ' = aθ (mod 2π) (Geisel & Fairen 1984)"}},
		}},
		{spec: spec{
			name:        "Ricker",
			params:      []param{{name: "a", doc: "intrinsic growth rate a (the fixed point x* = a has multiplier 1 − a)"}},
			rule:        ricker,
			citation:    "Ricker, W. E. (1954). Stock and recruitment. J. Fish. Res. Board Can. 11, 559-623.",
			description: "x' = x exp(a − x): the Ricker stock-recruitment map. Its maximum is e^(a−1) at x = 1, so positive orbits stay in (0, e^(a−1)].",
			observables: []string{"x"},
		}},
		{spec: spec{
			name: "Bogdanov",
			params: []param{
				{name: "eps", doc: "linear growth ε of y"},
				{name: "k", doc: "strength k of the quadratic term k x(x − 1)"},
				{name: "mu", doc: "coupling μ of the x y term"},
			},
			rule: bogdanov,
			citation: "Bogdanov, R. I. (1981). Bifurcations of a limit cycle for a family of vector fields on the plane. Selecta Math. Soviet. 1, 373-388; " +
				"map: Arrowsmith, D. K., Cartwright, J. H. E., Lansbury, A. N. & Place, C. M. (1993). The Bogdanov map: bifurcations, mode locking, and chaos in a dissipative system. Int. J. Bifurcation Chaos 3, 803-842.",
			description: "y' = (1 + ε) y + k x(x − 1) + μ x y, x' = x + y': the Bogdanov map, an Euler discretisation of the Bogdanov-Takens normal form. " +
				"The Jacobian determinant is 1 + ε + μ x, so at dysts' defaults (ε = μ = 0) the map preserves area; there the orbit of dysts' " +
				"initial condition lies on an invariant curve around the fixed point (0, 0) (quasi-periodic, Lyapunov exponents 0).",
			observables: []string{"x", "y"},
		}},
		{spec: spec{
			name: "KaplanYorke",
			params: []param{
				{name: "alpha", doc: "contraction α of y; the Lyapunov exponents are ln 2 and ln|α|"},
			},
			rule: kaplanYorke,
			citation: "Kaplan, J. L. & Yorke, J. A. (1979). Chaotic behavior of multidimensional difference equations. In Functional Differential Equations and " +
				"Approximation of Fixed Points, Lecture Notes in Mathematics 730, 204-227, Springer.",
			description: "x' = 2x mod m, y' = α y + cos(4π x), with dysts' modulus m = 0.99999995 instead of 1: doubling modulo exactly 1 shifts out one bit " +
				"of a binary float per iteration and reaches the fixed point x = 0 within 53 iterations, which the slightly smaller modulus prevents. " +
				"The Jacobian [[2, 0], [−4π sin 4πx, α]] is triangular (the interior one; x' jumps at x = m/2 and x = m), so the Lyapunov exponents are ln 2 and ln|α| " +
				"and the Kaplan-Yorke dimension is 1 + ln 2/|ln α|.",
			observables: []string{"x", "y"},
			invariants: []system.Invariant{
				{Name: "lyapunov_spectrum", Values: []float64{math.Ln2, math.Log(kyAlpha)}, Source: "exact: triangular Jacobian (Kaplan & Yorke 1979)"},
				{Name: "kaplan_yorke", Values: []float64{1 + math.Ln2/math.Abs(math.Log(kyAlpha))}, Source: "exact, from the exact exponents (Kaplan & Yorke 1979)"},
			},
		}},
		{
			spec: spec{
				name: "DuffingMap",
				params: []param{
					{name: "a", doc: "linear gain a of y"},
					{name: "b", doc: "coupling b; the Jacobian determinant is b"},
				},
				rule:     duffingMap,
				citation: "Holmes, P. J. (1979). A nonlinear oscillator with a strange attractor. Phil. Trans. R. Soc. Lond. A 292, 419-448.",
				description: "x' = y, y' = −b x + a y − y³: the Holmes (Duffing) map, a discrete analogue of the forced Duffing oscillator. " +
					"It is dysts' map \"Duffing\", renamed here because dysts' Duffing flow is catalogued under that name.",
				observables: []string{"x", "y"},
			},
			dysts: "Duffing",
		},
		{spec: spec{
			name:     "Gingerbreadman",
			rule:     gingerbreadman,
			citation: "Devaney, R. L. (1984). A piecewise linear model for the zones of instability of an area-preserving map. Physica D 10, 387-393.",
			description: "x' = 1 − y + |x|, y' = x: Devaney's gingerbread man, piecewise linear and area preserving (det J = 1). " +
				"The Jacobian [[sgn x, −1], [1, 0]] takes the right derivative +1 at x = 0. dysts' initial condition (0.51, 0.1) lies in the hexagonal " +
				"island around the elliptic fixed point (1, 1), where the map is linear with eigenvalues e^(±iπ/3): every orbit there has period 6 " +
				"(Lyapunov exponents 0).",
			observables: []string{"x", "y"},
		}},
		{spec: spec{
			name: "Zaslavskii",
			params: []param{
				{name: "eps", doc: "kick strength ε"},
				{name: "nu", doc: "rotation ν"},
				{name: "r", doc: "damping r; the Jacobian determinant is e^(−r)", min: 1e-9, max: 700},
			},
			rule:     zaslavskii,
			citation: "Zaslavsky, G. M. (1978). The simplest case of a strange attractor. Phys. Lett. A 69, 145-147.",
			description: "x' = [x + ν(1 + μ y) + ε ν μ cos 2πx] mod 1, y' = e^(−r)(y + ε cos 2πx), μ = (1 − e^(−r))/r: Zaslavsky's kicked damped rotator. " +
				"dysts' class is commented out (it reduced x modulo 0.99999995); this follows the paper (modulo 1, under which the rule is periodic). " +
				"The Jacobian determinant is e^(−r), so the Lyapunov exponents sum to −r. At dysts' defaults (ε = 5, ν = 0.2, r = 2) the orbit settles " +
				"on a stable period-2 cycle (exponents −1, −1); ν = 400/3, r = 3, ε = 0.3 gives a chaotic attractor.",
			observables: []string{"x", "y"},
		}},
		{spec: spec{
			name: "Gauss",
			params: []param{
				{name: "a", doc: "width a of the Gaussian"},
				{name: "b", doc: "offset b"},
			},
			rule:        gauss,
			citation:    "Hilborn, R. C. (2000). Chaos and Nonlinear Dynamics, 2nd ed., Oxford University Press (the Gaussian map).",
			description: "x' = exp(−a x²) + b: the Gaussian (\"mouse\") map. It is smooth, with derivative −2ax exp(−ax²), and maps the line into (b, 1 + b] for a > 0.",
			observables: []string{"x"},
		}},
		{spec: spec{
			name:   "Baker",
			params: []param{{name: "a", doc: "contraction a of y (a = 1: the area-preserving baker's map)"}},
			rule:   baker,
			citation: "Farmer, J. D., Ott, E. & Yorke, J. A. (1983). The dimension of chaotic attractors. Physica D 7, 153-180 (generalised baker's maps); " +
				"Hopf, E. (1937). Ergodentheorie. Springer, Berlin.",
			description: "x' = εx − ⌊εx⌋, y' = (a y + ⌊εx⌋)/2 with dysts' ε = 2 − 1e-10: the baker's map, stretching x by two and stacking the halves in y. " +
				"Exact doubling would shift out one bit of a binary float per iteration and reach x = 0 within 53 iterations; ε slightly below 2 prevents it. " +
				"The Jacobian is the interior one, diag(ε, a/2), constant between the jumps of ⌊εx⌋, so the Lyapunov exponents are ln ε and ln(|a|/2).",
			observables: []string{"x", "y"},
			invariants: []system.Invariant{{Name: "lyapunov_spectrum", Values: []float64{math.Log(bakerEps), math.Log(math.Abs(bakerA) / 2)},
				Source: "exact: constant diagonal Jacobian"}},
		}},
		{spec: spec{
			name: "Tinkerbell",
			params: []param{
				{name: "a", doc: "coefficient a of x in x'"},
				{name: "b", doc: "coefficient b of y in x'"},
				{name: "c", doc: "coefficient c of x in y'"},
				{name: "d", doc: "coefficient d of y in y'"},
			},
			rule:        tinkerbell,
			citation:    "Nusse, H. E. & Yorke, J. A. (1994). Dynamics: Numerical Explorations. Springer, New York (the Tinkerbell map).",
			description: "x' = x² − y² + a x + b y, y' = 2 x y + c x + d y: the Tinkerbell map, a real form of a complex quadratic map with linear terms.",
			observables: []string{"x", "y"},
		}},
		{spec: spec{
			name: "Circle",
			params: []param{
				{name: "k", doc: "nonlinearity K (K > 1: the map is not invertible)"},
				{name: "omega", doc: "bare rotation Ω"},
				{name: "wrap", doc: "1 reduces θ into [0, 1) after each iteration (the map on the circle); 0 leaves θ unbounded as dysts does",
					extra: true, def: 1, min: 0, max: 1, integer: true},
			},
			rule: circle,
			wrap: func(p system.Params) func([]float64) {
				if p["wrap"] == 0 {
					return nil
				}
				return func(s []float64) { s[0] = reduce(s[0], 1) }
			},
			citation: "Arnold, V. I. (1965). Small denominators I: mappings of the circumference onto itself. Amer. Math. Soc. Transl. (2) 46, 213-284.",
			description: "θ' = θ + Ω + (K/2π) sin 2πθ: the sine circle map in dysts' sign convention (the usual minus sign corresponds to θ → θ + 1/2). " +
				"f(θ + 1) = f(θ) + 1, so with wrap = 1 (the default) θ is reduced into [0, 1) without changing the dynamics or the Jacobian 1 + K cos 2πθ; " +
				"dysts iterates the lift, whose θ drifts without bound (wrap = 0; about 0.53 per iteration at dysts' defaults).",
			observables: []string{"theta"},
		}},
		{spec: spec{
			name: "MaynardSmith",
			params: []param{
				{name: "a", doc: "gain a of y"},
				{name: "b", doc: "offset b"},
			},
			rule:        maynardSmith,
			citation:    "Maynard Smith, J. (1968). Mathematical Ideas in Biology. Cambridge University Press (second-order population maps); form as in dysts.",
			description: "x' = y, y' = a y + b − x²: a second-order (delayed) quadratic population map in dysts' form; the Jacobian determinant is 2x.",
			observables: []string{"x", "y"},
		}},
		{spec: spec{
			name: "Pickover",
			params: []param{
				{name: "a", doc: "frequency a"},
				{name: "b", doc: "frequency b"},
				{name: "c", doc: "amplitude c of cos(a x) in x'"},
				{name: "d", doc: "amplitude d of cos(b y) in y'"},
			},
			rule:        pickover,
			citation:    "Pickover, C. A. (1994). Chaos in Wonderland: Visual Adventures in a Fractal World. St. Martin's Press, New York (the \"Clifford\" attractor).",
			description: "x' = sin(a y) + c cos(a x), y' = sin(b x) + d cos(b y): Pickover's (\"Clifford\") map; |x| ≤ 1 + |c| and |y| ≤ 1 + |d| after one iteration.",
			observables: []string{"x", "y"},
		}},
		{
			spec: spec{
				name: "BlinkingVortexMap",
				params: []param{
					{name: "a", doc: "radius a of the circular domain", min: 1e-6, max: 1e6},
					{name: "b", doc: "distance b of the vortex from the centre; 0 < |b| < a"},
					{name: "gamma", doc: "circulation Γ of the vortex; not 0"},
					{name: "t", doc: "time T during which each vortex is on"},
					{name: "blink", doc: "1 alternates the vortex between +b and −b every iteration (Aref's blinking vortex); 0 keeps it at +b, as dysts effectively does (an integrable twist map)",
						extra: true, def: 1, min: 0, max: 1, integer: true},
				},
				rule:     blinkingVortex,
				citation: "Aref, H. (1984). Stirring by chaotic advection. J. Fluid Mech. 143, 1-21.",
				description: "The blinking vortex: a fluid particle at polar position (r, θ) in a disc of radius a is advected for a time T by a point vortex of " +
					"circulation Γ at (b, 0) (with its image at a²/b), then for T by the vortex at (−b, 0), and so on. Each half step moves the particle " +
					"along its streamline, an Apollonius circle |z − b| = λ|z − a²/b|, solving a Kepler equation for the angle (dysts' closed form, checked " +
					"against integration of the velocity field). Iteration n uses the vortex at (−1)ⁿ b (blink = 1, Aref's model); dysts flips the sign of b " +
					"on an attribute its rule never reads, so dysts' map keeps the vortex at +b, which blink = 0 reproduces. The flow is incompressible: in " +
					"polar coordinates the Jacobian determinant is r/r'. The Jacobian is exact (forward-mode differentiation through the closed form and the " +
					"implicit Kepler equation).",
				observables: []string{"r", "theta"},
			},
			check: func(p system.Params) error {
				if b := math.Abs(p["b"]); !(b > 0 && b < p["a"]) {
					return fmt.Errorf("BlinkingVortexMap: the vortex offset |b| = %v must lie in (0, a = %v)", b, p["a"])
				}
				if p["gamma"] == 0 {
					return fmt.Errorf("BlinkingVortexMap: the circulation gamma must not be 0")
				}
				return nil
			},
		},
		{spec: spec{
			name: "DeJong",
			params: []param{
				{name: "a", doc: "frequency a of sin(a y) in x'"},
				{name: "b", doc: "frequency b of cos(b x) in x'"},
				{name: "c", doc: "frequency c of sin(c x) in y'"},
				{name: "d", doc: "frequency d of cos(d y) in y'"},
			},
			rule:        deJong,
			citation:    "Dewdney, A. K. (1987). Computer Recreations: Probing the strange attractions of chaos. Scientific American 257(1), 108-111 (Peter de Jong's map).",
			description: "x' = sin(a y) − cos(b x), y' = sin(c x) − cos(d y): Peter de Jong's map; the square [−2, 2]² is invariant.",
			observables: []string{"x", "y"},
		}},
		{
			spec: spec{
				name: "ZeraouliaSprott",
				params: []param{
					{name: "a", doc: "gain a of the rational term (emergo default 4; dysts' 1.641 is DeJong's)"},
					{name: "b", doc: "linear gain b of y; |b| < 1 for bounded orbits (emergo default 0.7; dysts' 1.902 diverges)"},
				},
				rule: zeraouliaSprott,
				citation: "Zeraoulia, E. & Sprott, J. C. (2008). A two-dimensional discrete mapping with C∞ multifold chaotic attractors. " +
					"Electronic Journal of Theoretical Physics 5(17).",
				description: "x' = −a x/(1 + y²), y' = x + b y: the Zeraoulia-Sprott rational map (dysts' class is commented out). dysts' defaults " +
					"a = 1.641, b = 1.902 (copied from DeJong, with DeJong's initial condition) diverge: with |b| > 1, x is damped by 1/(1 + y²) while " +
					"y grows like bⁿ (beyond 10¹² after 45 iterations). emergo's defaults a = 4, b = 0.7 give a chaotic attractor (largest Lyapunov " +
					"exponent ≈ 0.23) from the same initial condition.",
				observables: []string{"x", "y"},
			},
			defaults: map[string]float64{"a": 4, "b": 0.7},
		},
		{
			spec: spec{
				name: "Bedhead",
				params: []param{
					{name: "a", doc: "frequency a of cos(a x − y)"},
					{name: "b", doc: "scale b; must not be 0"},
				},
				rule:        bedhead,
				citation:    "Ivan Emrich's \"Bedhead\" attractor (as cited by dysts; no paper).",
				description: "x' = sin(x y/b) y + cos(a x − y), y' = x + sin(y)/b: the Bedhead map.",
				observables: []string{"x", "y"},
			},
			check: func(p system.Params) error {
				if p["b"] == 0 {
					return fmt.Errorf("Bedhead: the scale b must not be 0")
				}
				return nil
			},
		},
		{spec: spec{
			name: "Svensson",
			params: []param{
				{name: "a", doc: "frequency a of the x terms"},
				{name: "b", doc: "frequency b of the y terms"},
				{name: "c", doc: "amplitude c of cos(a x) in y'"},
				{name: "d", doc: "amplitude d of sin(a x) in x'"},
			},
			rule:        svensson,
			citation:    "Johnny Svensson's attractor (dysts cites Ivan Emrich; no paper).",
			description: "x' = d sin(a x) − sin(b y), y' = c cos(a x) + cos(b y): the Svensson map; |x| ≤ |d| + 1 and |y| ≤ |c| + 1 after one iteration.",
			observables: []string{"x", "y"},
		}},
		{spec: spec{
			name: "GumowskiMira",
			params: []param{
				{name: "a", doc: "parameter a of F(x) = a x + 2(1 − a) x²/(1 + x²)"},
				{name: "b", doc: "coupling b; the Jacobian determinant is b"},
			},
			rule:     gumowskiMira,
			citation: "Gumowski, I. & Mira, C. (1980). Recurrences and Discrete Dynamic Systems. Lecture Notes in Mathematics 809, Springer.",
			description: "x' = b y + F(x), y' = F(x') − x, F(x) = a x + 2(1 − a) x²/(1 + x²): the Gumowski-Mira map (dysts' form, y' uses the new x'). " +
				"The Jacobian determinant is b exactly. At dysts' defaults (a = −1.1, b = −0.2) the orbit from dysts' initial condition settles on a " +
				"stable period-2 cycle with y = 0.",
			observables: []string{"x", "y"},
		}},
		{spec: spec{
			name: "Hopalong",
			params: []param{
				{name: "a", doc: "offset a of y'"},
				{name: "b", doc: "slope b inside the square root"},
				{name: "c", doc: "offset c inside the square root"},
			},
			rule:     hopalong,
			citation: "Barry Martin's map, published in A. K. Dewdney's Computer Recreations column, Scientific American 255(3) (September 1986).",
			description: "x' = y − 1 − sgn(x − 1) √|b x − 1 − c|, y' = a − x − 1: Martin's \"hopalong\" map in dysts' form (sgn 0 = 0). It preserves area " +
				"(det J = 1). The Jacobian is singular on the line b x = 1 + c, where the square root has a vertical tangent; there it reports the " +
				"entry as ±Inf (0 when also x = 1).",
			observables: []string{"x", "y"},
		}},
	}
}

// chebyshev is the Chebyshev map x' = cos(a arccos x) = T_a(x), with
// derivative a sin(aθ)/sin θ at x = cos θ (and its limit a² cos(aθ)/cos θ
// at x = ±1).
//
// References:
//
//	Geisel, T. & Fairen, V. (1984). Statistical properties of chaos in
//	  Chebyshev maps. Phys. Lett. A 105, 263-266.
func chebyshev(p system.Params) (system.MapFunc, system.JacFunc) {
	a := p["a"]
	f := func(dst, x []float64, _ float64) { dst[0] = math.Cos(a * math.Acos(x[0])) }
	jac := func(dst, x []float64, _ float64) {
		th := math.Acos(x[0])
		s := math.Sin(th)
		if s == 0 {
			dst[0] = a * a * math.Cos(a*th) / math.Cos(th)
			return
		}
		dst[0] = a * math.Sin(a*th) / s
	}
	return f, jac
}

// ricker is the Ricker map x' = x exp(a − x), f'(x) = (1 − x) exp(a − x).
//
// References:
//
//	Ricker, W. E. (1954). Stock and recruitment. J. Fish. Res. Board Can.
//	  11, 559-623.
func ricker(p system.Params) (system.MapFunc, system.JacFunc) {
	a := p["a"]
	f := func(dst, x []float64, _ float64) { dst[0] = x[0] * math.Exp(a-x[0]) }
	jac := func(dst, x []float64, _ float64) { dst[0] = (1 - x[0]) * math.Exp(a-x[0]) }
	return f, jac
}

// bogdanov is the Bogdanov map on (x, y):
//
//	y' = (1 + ε) y + k x(x − 1) + μ x y
//	x' = x + y'
//
// With A = ∂y'/∂x = k(2x − 1) + μ y and B = ∂y'/∂y = 1 + ε + μ x the
// Jacobian is [[1 + A, B], [A, B]], of determinant B.
//
// References:
//
//	Arrowsmith, D. K., Cartwright, J. H. E., Lansbury, A. N. & Place, C. M.
//	  (1993). The Bogdanov map: bifurcations, mode locking, and chaos in a
//	  dissipative system. Int. J. Bifurcation Chaos 3, 803-842.
func bogdanov(p system.Params) (system.MapFunc, system.JacFunc) {
	eps, k, mu := p["eps"], p["k"], p["mu"]
	f := func(dst, s []float64, _ float64) {
		x, y := s[0], s[1]
		yp := (1+eps)*y + k*x*(x-1) + mu*x*y
		dst[0], dst[1] = x+yp, yp
	}
	jac := func(dst, s []float64, _ float64) {
		x, y := s[0], s[1]
		A, B := k*(2*x-1)+mu*y, 1+eps+mu*x
		dst[0], dst[1] = 1+A, B
		dst[2], dst[3] = A, B
	}
	return f, jac
}

// kyModulus is dysts' modulus of the Kaplan-Yorke doubling, slightly
// below 1 so that the doubling does not run out of bits.
const kyModulus = 0.99999995

// pmod returns v modulo m in [0, m) for m > 0 (Python's %).
func pmod(v, m float64) float64 {
	r := math.Mod(v, m)
	if r < 0 {
		r += m
	}
	if r >= m {
		r = 0
	}
	return r
}

// kaplanYorke is the Kaplan-Yorke map
//
//	x' = 2x mod m,  y' = α y + cos 4πx,
//
// with dysts' m = kyModulus. Its interior Jacobian is
// [[2, 0], [−4π sin 4πx, α]].
//
// References:
//
//	Kaplan, J. L. & Yorke, J. A. (1979). Chaotic behavior of
//	  multidimensional difference equations. Lecture Notes in Mathematics
//	  730, 204-227.
func kaplanYorke(p system.Params) (system.MapFunc, system.JacFunc) {
	al := p["alpha"]
	f := func(dst, s []float64, _ float64) {
		x := s[0]
		dst[0] = pmod(2*x, kyModulus)
		dst[1] = al*s[1] + math.Cos(4*math.Pi*x)
	}
	jac := func(dst, s []float64, _ float64) {
		dst[0], dst[1] = 2, 0
		dst[2], dst[3] = -4*math.Pi*math.Sin(4*math.Pi*s[0]), al
	}
	return f, jac
}

// duffingMap is the Holmes (Duffing) map
//
//	x' = y,  y' = −b x + a y − y³,
//
// with Jacobian [[0, 1], [−b, a − 3y²]] of determinant b.
//
// References:
//
//	Holmes, P. J. (1979). A nonlinear oscillator with a strange
//	  attractor. Phil. Trans. R. Soc. Lond. A 292, 419-448.
func duffingMap(p system.Params) (system.MapFunc, system.JacFunc) {
	a, b := p["a"], p["b"]
	f := func(dst, s []float64, _ float64) {
		y := s[1]
		dst[0], dst[1] = y, -b*s[0]+a*y-y*y*y
	}
	jac := func(dst, s []float64, _ float64) {
		dst[0], dst[1] = 0, 1
		dst[2], dst[3] = -b, a-3*s[1]*s[1]
	}
	return f, jac
}

// gingerbreadman is Devaney's gingerbread man
//
//	x' = 1 − y + |x|,  y' = x,
//
// with Jacobian [[sgn x, −1], [1, 0]] (right derivative +1 at x = 0).
//
// References:
//
//	Devaney, R. L. (1984). A piecewise linear model for the zones of
//	  instability of an area-preserving map. Physica D 10, 387-393.
func gingerbreadman(system.Params) (system.MapFunc, system.JacFunc) {
	f := func(dst, s []float64, _ float64) { dst[0], dst[1] = 1-s[1]+math.Abs(s[0]), s[0] }
	jac := func(dst, s []float64, _ float64) {
		dst[0] = 1.0
		if s[0] < 0 {
			dst[0] = -1
		}
		dst[1] = -1
		dst[2], dst[3] = 1, 0
	}
	return f, jac
}

// zaslavskii is Zaslavsky's map, with μ = (1 − e^(−r))/r,
//
//	x' = [x + ν(1 + μ y) + ε ν μ cos 2πx] mod 1
//	y' = e^(−r) (y + ε cos 2πx)
//
// whose Jacobian [[1 − 2πενμ sin 2πx, νμ], [−2πε e^(−r) sin 2πx, e^(−r)]]
// has determinant e^(−r).
//
// References:
//
//	Zaslavsky, G. M. (1978). The simplest case of a strange attractor.
//	  Phys. Lett. A 69, 145-147.
func zaslavskii(p system.Params) (system.MapFunc, system.JacFunc) {
	eps, nu, r := p["eps"], p["nu"], p["r"]
	mu := -math.Expm1(-r) / r
	er := math.Exp(-r)
	f := func(dst, s []float64, _ float64) {
		x, y := s[0], s[1]
		c := math.Cos(2 * math.Pi * x)
		dst[0] = pmod(x+nu*(1+mu*y)+eps*nu*mu*c, 1)
		dst[1] = er * (y + eps*c)
	}
	jac := func(dst, s []float64, _ float64) {
		sn := math.Sin(2 * math.Pi * s[0])
		dst[0], dst[1] = 1-2*math.Pi*eps*nu*mu*sn, nu*mu
		dst[2], dst[3] = -2*math.Pi*eps*er*sn, er
	}
	return f, jac
}

// gauss is the Gaussian map x' = exp(−a x²) + b, f'(x) = −2ax exp(−ax²).
//
// References:
//
//	Hilborn, R. C. (2000). Chaos and Nonlinear Dynamics, 2nd ed., Oxford
//	  University Press.
func gauss(p system.Params) (system.MapFunc, system.JacFunc) {
	a, b := p["a"], p["b"]
	f := func(dst, x []float64, _ float64) { dst[0] = math.Exp(-a*x[0]*x[0]) + b }
	jac := func(dst, x []float64, _ float64) { dst[0] = -2 * a * x[0] * math.Exp(-a*x[0]*x[0]) }
	return f, jac
}

// bakerEps is dysts' stretching factor of the baker's map, slightly below
// 2 so that the doubling does not run out of bits.
const bakerEps = 2.0 - 1e-10

// baker is dysts' baker's map with ε = bakerEps,
//
//	x' = εx − ⌊εx⌋,  y' = (a y + ⌊εx⌋)/2,
//
// whose Jacobian between the jumps of ⌊εx⌋ is diag(ε, a/2).
//
// References:
//
//	Farmer, J. D., Ott, E. & Yorke, J. A. (1983). The dimension of
//	  chaotic attractors. Physica D 7, 153-180.
func baker(p system.Params) (system.MapFunc, system.JacFunc) {
	a := p["a"]
	f := func(dst, s []float64, _ float64) {
		fl := math.Floor(bakerEps * s[0])
		dst[0] = bakerEps*s[0] - fl
		dst[1] = (a*s[1] + fl) / 2
	}
	jac := func(dst, _ []float64, _ float64) {
		dst[0], dst[1] = bakerEps, 0
		dst[2], dst[3] = 0, a/2
	}
	return f, jac
}

// tinkerbell is the Tinkerbell map
//
//	x' = x² − y² + a x + b y,  y' = 2 x y + c x + d y,
//
// with Jacobian [[2x + a, −2y + b], [2y + c, 2x + d]].
//
// References:
//
//	Nusse, H. E. & Yorke, J. A. (1994). Dynamics: Numerical
//	  Explorations. Springer.
func tinkerbell(p system.Params) (system.MapFunc, system.JacFunc) {
	a, b, c, d := p["a"], p["b"], p["c"], p["d"]
	f := func(dst, s []float64, _ float64) {
		x, y := s[0], s[1]
		dst[0] = x*x - y*y + a*x + b*y
		dst[1] = 2*x*y + c*x + d*y
	}
	jac := func(dst, s []float64, _ float64) {
		x, y := s[0], s[1]
		dst[0], dst[1] = 2*x+a, -2*y+b
		dst[2], dst[3] = 2*y+c, 2*x+d
	}
	return f, jac
}

// circle is the sine circle map in dysts' convention,
//
//	θ' = θ + Ω + (K/2π) sin 2πθ,  f'(θ) = 1 + K cos 2πθ.
//
// References:
//
//	Arnold, V. I. (1965). Small denominators I: mappings of the
//	  circumference onto itself. Amer. Math. Soc. Transl. (2) 46, 213-284.
func circle(p system.Params) (system.MapFunc, system.JacFunc) {
	k, om := p["k"], p["omega"]
	f := func(dst, x []float64, _ float64) {
		dst[0] = x[0] + om + k/(2*math.Pi)*math.Sin(2*math.Pi*x[0])
	}
	jac := func(dst, x []float64, _ float64) { dst[0] = 1 + k*math.Cos(2*math.Pi*x[0]) }
	return f, jac
}

// maynardSmith is dysts' second-order quadratic map
//
//	x' = y,  y' = a y + b − x²,
//
// with Jacobian [[0, 1], [−2x, a]].
//
// References:
//
//	Maynard Smith, J. (1968). Mathematical Ideas in Biology. Cambridge
//	  University Press.
func maynardSmith(p system.Params) (system.MapFunc, system.JacFunc) {
	a, b := p["a"], p["b"]
	f := func(dst, s []float64, _ float64) { dst[0], dst[1] = s[1], a*s[1]+b-s[0]*s[0] }
	jac := func(dst, s []float64, _ float64) {
		dst[0], dst[1] = 0, 1
		dst[2], dst[3] = -2*s[0], a
	}
	return f, jac
}

// pickover is Pickover's ("Clifford") map
//
//	x' = sin(a y) + c cos(a x),  y' = sin(b x) + d cos(b y),
//
// with Jacobian [[−ac sin(ax), a cos(ay)], [b cos(bx), −bd sin(by)]].
//
// References:
//
//	Pickover, C. A. (1994). Chaos in Wonderland: Visual Adventures in a
//	  Fractal World. St. Martin's Press.
func pickover(p system.Params) (system.MapFunc, system.JacFunc) {
	a, b, c, d := p["a"], p["b"], p["c"], p["d"]
	f := func(dst, s []float64, _ float64) {
		x, y := s[0], s[1]
		dst[0] = math.Sin(a*y) + c*math.Cos(a*x)
		dst[1] = math.Sin(b*x) + d*math.Cos(b*y)
	}
	jac := func(dst, s []float64, _ float64) {
		x, y := s[0], s[1]
		dst[0], dst[1] = -a*c*math.Sin(a*x), a*math.Cos(a*y)
		dst[2], dst[3] = b*math.Cos(b*x), -b*d*math.Sin(b*y)
	}
	return f, jac
}

// deJong is Peter de Jong's map
//
//	x' = sin(a y) − cos(b x),  y' = sin(c x) − cos(d y),
//
// with Jacobian [[b sin(bx), a cos(ay)], [c cos(cx), d sin(dy)]].
//
// References:
//
//	Dewdney, A. K. (1987). Computer Recreations: Probing the strange
//	  attractions of chaos. Scientific American 257(1), 108-111.
func deJong(p system.Params) (system.MapFunc, system.JacFunc) {
	a, b, c, d := p["a"], p["b"], p["c"], p["d"]
	f := func(dst, s []float64, _ float64) {
		x, y := s[0], s[1]
		dst[0] = math.Sin(a*y) - math.Cos(b*x)
		dst[1] = math.Sin(c*x) - math.Cos(d*y)
	}
	jac := func(dst, s []float64, _ float64) {
		x, y := s[0], s[1]
		dst[0], dst[1] = b*math.Sin(b*x), a*math.Cos(a*y)
		dst[2], dst[3] = c*math.Cos(c*x), d*math.Sin(d*y)
	}
	return f, jac
}

// zeraouliaSprott is the Zeraoulia-Sprott rational map
//
//	x' = −a x/(1 + y²),  y' = x + b y,
//
// with Jacobian [[−a/(1 + y²), 2axy/(1 + y²)²], [1, b]].
//
// References:
//
//	Zeraoulia, E. & Sprott, J. C. (2008). A two-dimensional discrete
//	  mapping with C∞ multifold chaotic attractors. Electron. J. Theor.
//	  Phys. 5(17).
func zeraouliaSprott(p system.Params) (system.MapFunc, system.JacFunc) {
	a, b := p["a"], p["b"]
	f := func(dst, s []float64, _ float64) {
		x, y := s[0], s[1]
		dst[0], dst[1] = -a*x/(1+y*y), x+b*y
	}
	jac := func(dst, s []float64, _ float64) {
		x, y := s[0], s[1]
		q := 1 + y*y
		dst[0], dst[1] = -a/q, 2*a*x*y/(q*q)
		dst[2], dst[3] = 1, b
	}
	return f, jac
}

// bedhead is the Bedhead map
//
//	x' = sin(xy/b) y + cos(ax − y),  y' = x + sin(y)/b,
//
// with Jacobian
//
//	[[(y²/b) cos(xy/b) − a sin(ax − y), (xy/b) cos(xy/b) + sin(xy/b) + sin(ax − y)],
//	 [1, cos(y)/b]].
func bedhead(p system.Params) (system.MapFunc, system.JacFunc) {
	a, b := p["a"], p["b"]
	f := func(dst, s []float64, _ float64) {
		x, y := s[0], s[1]
		dst[0] = math.Sin(x*y/b)*y + math.Cos(a*x-y)
		dst[1] = x + math.Sin(y)/b
	}
	jac := func(dst, s []float64, _ float64) {
		x, y := s[0], s[1]
		sn, cs := math.Sincos(x * y / b)
		w := math.Sin(a*x - y)
		dst[0], dst[1] = y*y/b*cs-a*w, x*y/b*cs+sn+w
		dst[2], dst[3] = 1, math.Cos(y)/b
	}
	return f, jac
}

// svensson is the Svensson map
//
//	x' = d sin(ax) − sin(by),  y' = c cos(ax) + cos(by),
//
// with Jacobian [[ad cos(ax), −b cos(by)], [−ac sin(ax), −b sin(by)]].
func svensson(p system.Params) (system.MapFunc, system.JacFunc) {
	a, b, c, d := p["a"], p["b"], p["c"], p["d"]
	f := func(dst, s []float64, _ float64) {
		x, y := s[0], s[1]
		dst[0] = d*math.Sin(a*x) - math.Sin(b*y)
		dst[1] = c*math.Cos(a*x) + math.Cos(b*y)
	}
	jac := func(dst, s []float64, _ float64) {
		x, y := s[0], s[1]
		dst[0], dst[1] = a*d*math.Cos(a*x), -b*math.Cos(b*y)
		dst[2], dst[3] = -a*c*math.Sin(a*x), -b*math.Sin(b*y)
	}
	return f, jac
}

// gumowskiMira is the Gumowski-Mira map in dysts' form, with
// F(x) = a x + 2(1 − a) x²/(1 + x²) and F'(x) = a + 4(1 − a) x/(1 + x²)²:
//
//	x' = b y + F(x),  y' = F(x') − x.
//
// The Jacobian is [[F'(x), b], [F'(x')F'(x) − 1, F'(x') b]], of
// determinant b.
//
// References:
//
//	Gumowski, I. & Mira, C. (1980). Recurrences and Discrete Dynamic
//	  Systems. Lecture Notes in Mathematics 809, Springer.
func gumowskiMira(p system.Params) (system.MapFunc, system.JacFunc) {
	a, b := p["a"], p["b"]
	F := func(x float64) float64 { return a*x + 2*(1-a)*x*x/(1+x*x) }
	dF := func(x float64) float64 {
		q := 1 + x*x
		return a + 4*(1-a)*x/(q*q)
	}
	f := func(dst, s []float64, _ float64) {
		xp := b*s[1] + F(s[0])
		dst[0], dst[1] = xp, F(xp)-s[0]
	}
	jac := func(dst, s []float64, _ float64) {
		xp := b*s[1] + F(s[0])
		f0, f1 := dF(s[0]), dF(xp)
		dst[0], dst[1] = f0, b
		dst[2], dst[3] = f1*f0-1, f1*b
	}
	return f, jac
}

// sgn is numpy's sign: −1, 0 or +1.
func sgn(v float64) float64 {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}

// hopalong is Martin's hopalong map in dysts' form,
//
//	x' = y − 1 − sgn(x − 1) √|b x − 1 − c|,  y' = a − x − 1,
//
// with Jacobian [[−sgn(x − 1) b sgn(u)/(2√|u|), 1], [−1, 0]], u = bx − 1 − c,
// of determinant 1. On u = 0 the (1,1) entry is infinite: it is reported
// as −sgn(x − 1)·Inf (0 when x = 1 too).
//
// References:
//
//	Dewdney, A. K. (1986). Computer Recreations. Scientific American
//	  255(3).
func hopalong(p system.Params) (system.MapFunc, system.JacFunc) {
	a, b, c := p["a"], p["b"], p["c"]
	f := func(dst, s []float64, _ float64) {
		x := s[0]
		dst[0] = s[1] - 1 - sgn(x-1)*math.Sqrt(math.Abs(b*x-1-c))
		dst[1] = a - x - 1
	}
	jac := func(dst, s []float64, _ float64) {
		x := s[0]
		u := b*x - 1 - c
		switch sx := sgn(x - 1); {
		case sx == 0:
			dst[0] = 0
		case u == 0:
			dst[0] = math.Inf(-int(sx))
		default:
			dst[0] = -sx * b * sgn(u) / (2 * math.Sqrt(math.Abs(u)))
		}
		dst[1] = 1
		dst[2], dst[3] = -1, 0
	}
	return f, jac
}

// dual is a number with its partial derivatives with respect to the two
// state variables (forward-mode differentiation), used for the exact
// Jacobian of the blinking vortex map's closed form.
type dual struct{ v, d0, d1 float64 }

func dconst(v float64) dual            { return dual{v: v} }
func (a dual) add(b dual) dual         { return dual{a.v + b.v, a.d0 + b.d0, a.d1 + b.d1} }
func (a dual) sub(b dual) dual         { return dual{a.v - b.v, a.d0 - b.d0, a.d1 - b.d1} }
func (a dual) scale(c float64) dual    { return dual{c * a.v, c * a.d0, c * a.d1} }
func (a dual) addConst(c float64) dual { return dual{a.v + c, a.d0, a.d1} }
func (a dual) mul(b dual) dual {
	return dual{a.v * b.v, a.d0*b.v + a.v*b.d0, a.d1*b.v + a.v*b.d1}
}
func (a dual) div(b dual) dual {
	q := a.v / b.v
	return dual{q, (a.d0 - q*b.d0) / b.v, (a.d1 - q*b.d1) / b.v}
}
func (a dual) sqrt() dual {
	r := math.Sqrt(a.v)
	return dual{r, a.d0 / (2 * r), a.d1 / (2 * r)}
}
func (a dual) abs() dual {
	if a.v < 0 {
		return a.scale(-1)
	}
	return a
}
func (a dual) sincos() (s, c dual) {
	sv, cv := math.Sincos(a.v)
	return dual{sv, cv * a.d0, cv * a.d1}, dual{cv, -sv * a.d0, -sv * a.d1}
}

// datan2 is atan2(y, x) with its derivative (x dy − y dx)/(x² + y²).
func datan2(y, x dual) dual {
	r2 := x.v*x.v + y.v*y.v
	return dual{math.Atan2(y.v, x.v), (x.v*y.d0 - y.v*x.d0) / r2, (x.v*y.d1 - y.v*x.d1) / r2}
}

// kepler solves q − e sin q = M for q (0 ≤ e < 1), to within a few
// roundings, by Newton's method safeguarded by bisection on the bracket
// [M − e, M + e] that contains the unique root. M is first reduced
// into [−π, π); the result is correct modulo 2π.
func kepler(e, M float64) float64 {
	M = math.Remainder(M, 2*math.Pi)
	lo, hi := M-e, M+e
	q := M + e*math.Sin(M)
	for i := 0; i < 100; i++ {
		g := q - e*math.Sin(q) - M
		if g == 0 {
			break
		}
		if g > 0 {
			hi = q
		} else {
			lo = q
		}
		qn := q - g/(1-e*math.Cos(q))
		if !(qn > lo && qn < hi) {
			qn = (lo + hi) / 2
		}
		if math.Abs(qn-q) <= 1e-15*math.Max(1, math.Abs(q)) {
			q = qn
			break
		}
		q = qn
	}
	return q
}

// vortexStep advances the particle at polar (r, θ) for a time T under a
// point vortex of circulation Γ at (s b, 0) in the disc of radius a
// (s = ±1), returning the new polar position with its derivatives with
// respect to (r, θ). The vortex at −b is the vortex at +b rotated by π,
// so the step is z ↦ s F(s z) with F the step for the vortex at +b.
//
// F moves z along its streamline, the Apollonius circle
// |z − b| = λ|z − B|, B = a²/b, of centre η = (b − λ²B)/(1 − λ²) and
// radius ρ = |λ(B − b)/(1 − λ²)|. The angle q about the centre obeys the
// Kepler equation q − e sin q = q₀ − e sin q₀ + 2πT/T_λ, with
// e = 2λ/(1 + λ²) and period T_λ = (2π)² ρ² (1 + λ²)/(Γ(1 − λ²)).
// Differentiating it implicitly gives dq = (dM + de sin q)/(1 − e cos q).
func vortexStep(r, th dual, a, b, gamma, T, s float64) (rn, thn dual) {
	sn, cs := th.sincos()
	x, y := r.mul(cs).scale(s), r.mul(sn).scale(s)
	B := a * a / b
	xb, xB := x.addConst(-b), x.addConst(-B)
	lam2 := xb.mul(xb).add(y.mul(y)).div(xB.mul(xB).add(y.mul(y)))
	lam := lam2.sqrt()
	one := dconst(1).sub(lam2)
	etac := dconst(b).sub(lam2.scale(B)).div(one)
	rho := lam.scale(B - b).div(one).abs()
	tp := datan2(y, x.sub(etac))
	e := lam.scale(2).div(lam2.addConst(1))
	tlam := rho.mul(rho).mul(lam2.addConst(1)).div(one).scale(4 * math.Pi * math.Pi / gamma)
	stp, _ := tp.sincos()
	M := tp.sub(e.mul(stp)).add(dconst(2 * math.Pi * T).div(tlam))
	qv := kepler(e.v, M.v)
	sq, cq := math.Sincos(qv)
	den := 1 - e.v*cq
	q := dual{qv, (M.d0 + e.d0*sq) / den, (M.d1 + e.d1*sq) / den}
	sQ, cQ := q.sincos()
	X, Y := etac.add(rho.mul(cQ)).scale(s), rho.mul(sQ).scale(s)
	return X.mul(X).add(Y.mul(Y)).sqrt(), datan2(Y, X)
}

// blinkingVortex is Aref's blinking vortex map on polar coordinates
// (r, θ): iteration n advects for a time T with the vortex at (−1)ⁿ b
// (always +b when blink = 0), by vortexStep. The Jacobian is exact:
// forward-mode derivatives of the closed form.
//
// References:
//
//	Aref, H. (1984). Stirring by chaotic advection. J. Fluid Mech. 143,
//	  1-21.
func blinkingVortex(p system.Params) (system.MapFunc, system.JacFunc) {
	a, b, gamma, T := p["a"], p["b"], p["gamma"], p["t"]
	blink := p["blink"] != 0
	side := func(t float64) float64 {
		if blink && math.Mod(t, 2) != 0 {
			return -1
		}
		return 1
	}
	f := func(dst, x []float64, t float64) {
		rn, thn := vortexStep(dual{v: x[0]}, dual{v: x[1]}, a, b, gamma, T, side(t))
		dst[0], dst[1] = rn.v, thn.v
	}
	jac := func(dst, x []float64, t float64) {
		rn, thn := vortexStep(dual{x[0], 1, 0}, dual{x[1], 0, 1}, a, b, gamma, T, side(t))
		dst[0], dst[1] = rn.d0, rn.d1
		dst[2], dst[3] = thn.d0, thn.d1
	}
	return f, jac
}
