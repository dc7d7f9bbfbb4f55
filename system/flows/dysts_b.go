package flows

import (
	"fmt"
	"math"

	"github.com/emergo/emergo/system"
	"github.com/emergo/emergo/system/ode"
)

// Group B of the dysts catalogue: forty flows from Hopfield to
// RayleighBenard (alphabetically), each with dysts' parameter names,
// defaults and initial condition and an analytic Jacobian.

func init() {
	for _, s := range groupB() {
		register(s)
	}
}

// Sources of literature invariants quoted by group B.
const (
	sprott2003RF = sprott2003 + " (α=1.1, γ=0.87)"
)

// obsXYZWB names the state of the four-dimensional (hyperchaotic) flows.
var obsXYZWB = []string{"x", "y", "z", "w"}

// obsXYZB names the state of the three-dimensional flows.
var obsXYZB = []string{"x", "y", "z"}

// posMinB and posMaxB bound a parameter that divides or sets a scale.
const (
	posMinB = 1e-6
	posMaxB = 1e6
)

// groupB is the table of group B.
func groupB() []spec {
	return []spec{
		{
			name: "Hopfield",
			params: []param{
				{name: "beta", doc: "constant inhibition β subtracted from every unit"},
				{name: "eps", doc: "gain ε of the sigmoid (steepness of the response)"},
				{name: "tau", doc: "relaxation time τ of a unit", min: posMinB, max: posMaxB},
			},
			arrays: []string{"k"},
			field:  hopfield,
			citation: "Lewis, J. E. & Glass, L. (1992). Nonlinear dynamics and symbolic dynamics of neural networks. " +
				"Neural Computation 4, 621-642.",
			description: "dx_i/dt = −x_i/τ + (1 + tanh(ε Σ_j K_ij x_j))/2 − β for six units with dysts' fixed frustrated " +
				"connectivity K (entries 0 or −1). The box −βτ ≤ x_i ≤ (1−β)τ is forward invariant and attracting.",
			observables: []string{"x1", "x2", "x3", "x4", "x5", "x6"},
		},
		{
			name: "HyperBao",
			params: []param{
				{name: "a", doc: "coupling a in a(y − x)"},
				{name: "b", doc: "damping b of z"},
				{name: "c", doc: "growth rate c of y"},
				{name: "d", doc: "gain d of the yz feedback into w"},
				{name: "e", doc: "gain e of x into w"},
			},
			field: hyperBao,
			citation: "Bao, B.-C. & Liu, Z. (2008). A hyperchaotic attractor coined from the chaotic Lü system. " +
				"Chinese Physics Letters 25, 2396-2399.",
			description: "dx/dt = a(y − x) + w, dy/dt = cy − xz, dz/dt = xy − bz, dw/dt = ex + dyz.",
			observables: obsXYZWB,
		},
		{
			name: "HyperCai",
			params: []param{
				{name: "a", doc: "coupling a in a(y − x)"},
				{name: "b", doc: "gain b of x into y"},
				{name: "c", doc: "growth rate c of y"},
				{name: "d", doc: "damping d of z"},
				{name: "e", doc: "gain e of the feedback −ex into w"},
			},
			field:       hyperCai,
			citation:    "Cai, G. & Huang, J. (2007). A new finance chaotic attractor. International Journal of Nonlinear Science 3, 213-220.",
			description: "dx/dt = a(y − x), dy/dt = bx + cy − xz + w, dz/dt = −dz + y², dw/dt = −ex.",
			observables: obsXYZWB,
		},
		{
			name: "HyperJha",
			params: []param{
				{name: "a", doc: "coupling a in a(y − x)"},
				{name: "b", doc: "Rayleigh-like gain b of x into y"},
				{name: "c", doc: "damping c of z"},
				{name: "d", doc: "growth rate d of w"},
			},
			field:       hyperJha,
			citation:    "Meier, J. (2003). Presentation of attractors with Cinema (online gallery of hyperchaotic attractors), as cited by dysts.",
			description: "dx/dt = a(y − x) + w, dy/dt = bx − y − xz, dz/dt = xy − cz, dw/dt = dw − xz.",
			observables: obsXYZWB,
		},
		{
			name: "HyperLorenz",
			params: []param{
				{name: "a", doc: "Prandtl-like coupling a in a(y − x)"},
				{name: "b", doc: "damping b of z"},
				{name: "c", doc: "Rayleigh-like gain c of x into y"},
				{name: "d", doc: "growth rate d of w"},
			},
			field:       hyperLorenz,
			citation:    "Meier, J. (2003). Presentation of attractors with Cinema (online gallery of hyperchaotic attractors), as cited by dysts.",
			description: "dx/dt = a(y − x) + w, dy/dt = cx − y − xz, dz/dt = xy − bz, dw/dt = dw − xz.",
			observables: obsXYZWB,
		},
		{
			name: "HyperLu",
			params: []param{
				{name: "a", doc: "coupling a in a(y − x)"},
				{name: "b", doc: "damping b of z"},
				{name: "c", doc: "growth rate c of y"},
				{name: "d", doc: "growth rate d of the feedback state w"},
			},
			field: hyperLu,
			citation: "Chen, A., Lu, J., Lü, J. & Yu, S. (2006). Generating hyperchaotic Lü attractor via state feedback control. " +
				"Physica A 364, 103-110.",
			description: "dx/dt = a(y − x) + w, dy/dt = cy − xz, dz/dt = xy − bz, dw/dt = dw + xz.",
			observables: obsXYZWB,
		},
		{
			name: "HyperPang",
			params: []param{
				{name: "a", doc: "coupling a in a(y − x)"},
				{name: "b", doc: "damping b of z"},
				{name: "c", doc: "growth rate c of y"},
				{name: "d", doc: "gain d of the feedback −d(x + y) into w"},
			},
			field: hyperPang,
			citation: "Pang, S. & Liu, Y. (2011). A new hyperchaotic system from the Lü system and its control. " +
				"Journal of Computational and Applied Mathematics 235, 2775-2789.",
			description: "dx/dt = a(y − x), dy/dt = cy − xz + w, dz/dt = xy − bz, dw/dt = −d(x + y).",
			observables: obsXYZWB,
		},
		{
			name: "HyperQi",
			params: []param{
				{name: "a", doc: "coupling a in a(y − x)"},
				{name: "b", doc: "gain b in b(x + y)"},
				{name: "c", doc: "damping c of z"},
				{name: "d", doc: "damping d of w"},
				{name: "e", doc: "gain e of the feedback −ew into z"},
				{name: "f", doc: "gain f of z into w"},
			},
			field: hyperQi,
			citation: "Qi, G., van Wyk, M. A., van Wyk, B. J. & Chen, G. (2008). On a new hyperchaotic system. " +
				"Physics Letters A 372, 124-136.",
			description: "dx/dt = a(y − x) + yz, dy/dt = b(x + y) − xz, dz/dt = −cz − ew + xy, dw/dt = −dw + fz + xy.",
			observables: obsXYZWB,
		},
		{
			name: "HyperRossler",
			params: []param{
				{name: "a", doc: "feedback a of y on itself"},
				{name: "b", doc: "constant injection b into z"},
				{name: "c", doc: "gain c of the feedback −cz into w"},
				{name: "d", doc: "growth rate d of w"},
			},
			field:       hyperRossler,
			citation:    "Rössler, O. E. (1979). An equation for hyperchaos. Physics Letters A 71, 155-157.",
			description: "dx/dt = −y − z, dy/dt = x + ay + w, dz/dt = b + xz, dw/dt = −cz + dw.",
			observables: obsXYZWB,
		},
		{
			name: "HyperWang",
			params: []param{
				{name: "a", doc: "coupling a in a(y − x)"},
				{name: "b", doc: "gain b of x into y"},
				{name: "c", doc: "damping c of z"},
				{name: "d", doc: "gain d of the feedback −dx into w"},
				{name: "e", doc: "gain e of x² into z"},
			},
			field: hyperWang,
			citation: "Wang, Z., Sun, Y., van Wyk, B. J., Qi, G. & van Wyk, M. A. (2009). A 3-D four-wing attractor and its analysis. " +
				"Brazilian Journal of Physics 39, 547-553.",
			description: "dx/dt = a(y − x), dy/dt = bx − xz + w, dz/dt = −cz + ex², dw/dt = −dx.",
			observables: obsXYZWB,
		},
		{
			name: "HyperXu",
			params: []param{
				{name: "a", doc: "coupling a in a(y − x)"},
				{name: "b", doc: "gain b of x into y"},
				{name: "c", doc: "damping c of z"},
				{name: "d", doc: "gain d of the feedback −dy into w"},
				{name: "e", doc: "gain e of xz into y"},
			},
			field:       hyperXu,
			citation:    "Letellier, C. & Rössler, O. E. (2007). Hyperchaos. Scholarpedia 2(8), 1936.",
			description: "dx/dt = a(y − x) + w, dy/dt = bx + exz, dz/dt = −cz − xy, dw/dt = xz − dy.",
			observables: obsXYZWB,
		},
		{
			name: "HyperYan",
			params: []param{
				{name: "a", doc: "coupling a in a(y − x)"},
				{name: "b", doc: "damping b of z"},
				{name: "c", doc: "Chen-like gain c in (c − a)x + cy"},
				{name: "d", doc: "damping d of w"},
			},
			field:       hyperYan,
			citation:    "Meier, J. (2003). Presentation of attractors with Cinema (online gallery of hyperchaotic attractors), as cited by dysts.",
			description: "dx/dt = a(y − x), dy/dt = (c − a)x − xz + cy, dz/dt = −bz + xy − yz + xz − w, dw/dt = −dw + yz − xz.",
			observables: obsXYZWB,
		},
		{
			name: "HyperYangChen",
			params: []param{
				{name: "a", doc: "coupling a in a(y − x)"},
				{name: "b", doc: "damping b of z"},
				{name: "c", doc: "gain c of x into y"},
				{name: "d", doc: "gain d of the feedback −dx into w"},
			},
			field:       hyperYangChen,
			citation:    "Meier, J. (2003). Presentation of attractors with Cinema (online gallery of hyperchaotic attractors), as cited by dysts.",
			description: "dx/dt = a(y − x), dy/dt = cx − xz + w, dz/dt = −bz + xy, dw/dt = −dx.",
			observables: obsXYZWB,
		},
		{
			name: "InteriorSquirmer",
			params: []param{
				{name: "tau", doc: "period τ of the alternation between the two boundary slip modes", min: posMinB, max: posMaxB},
			},
			arrays: []string{"a", "g"},
			field:  interiorSquirmer,
			ic:     tauPhaseICB(2),
			phases: []int{1, 2},
			citation: "Blake, J. R. (1971). Self propulsion due to oscillations on the surface of a cylinder at low Reynolds number. " +
				"Bulletin of the Australian Mathematical Society 5, 255-264.",
			description: "A fluid particle at polar position (r, θ) inside the unit cylinder, advected by the Stokes flow whose " +
				"stream function is ψ = −Σ_n r^n (r² − 1)(A_n cos nθ − G_n sin nθ), n = 1..5, with A_n = a_n P and G_n = g_n (1 − P) " +
				"switched by P = (1 + tanh(20τ sin φ))/2: dr/dt = Σ n r^(n−1)(r² − 1)(G_n cos nθ + A_n sin nθ), " +
				"dθ/dt = Σ ((n+2) r^n − n r^(n−2))(A_n cos nθ − G_n sin nθ), dφ/dt = 2π/τ (a, g fixed at dysts' values). " +
				"Departure from dysts: its third variable is the time t (unbounded, observed as sin(2πt/τ)); emergo uses the phase " +
				"φ = 2πt/τ, and reduces φ and θ into [0, 2π) after each sample, so every observable is bounded (dysts' initial t = 0.1 " +
				"becomes φ = 0.2π/τ). The wall r = 1 is invariant; the flow is area-preserving in the plane, so in (r, θ) the " +
				"divergence is −(dr/dt)/r.",
			observables: []string{"r", "theta", "phase"},
		},
		{
			name: "IsothermalChemical",
			params: []param{
				{name: "delta", doc: "time scale δ of the third species", min: posMinB, max: posMaxB},
				{name: "kappa", doc: "dimensionless precursor concentration κ"},
				{name: "mu", doc: "dimensionless rate μ of the uncatalysed reaction"},
				{name: "sigma", doc: "time scale σ of the autocatalyst", min: posMinB, max: posMaxB},
			},
			field: isothermalChemical,
			citation: "Petrov, V., Scott, S. K. & Showalter, K. (1992). Mixed-mode oscillations in chemical systems. " +
				"Journal of Chemical Physics 97, 6191-6198.",
			description: "dα/dt = μ(κ + γ) − αβ² − α, σ dβ/dt = αβ² + α − β, δ dγ/dt = β − γ.",
			observables: []string{"alpha", "beta", "gamma"},
		},
		{
			name: "ItikBanksTumor",
			params: []param{
				{name: "a12", doc: "rate a12 at which healthy cells y suppress tumour cells x"},
				{name: "a13", doc: "rate a13 at which effector immune cells z kill tumour cells"},
				{name: "a21", doc: "rate a21 at which tumour cells suppress healthy cells"},
				{name: "a31", doc: "rate a31 at which tumour cells inactivate effector cells"},
				{name: "d3", doc: "death rate d3 of effector cells"},
				{name: "k3", doc: "half-saturation k3 of effector stimulation by tumour cells", min: posMinB, max: posMaxB},
				{name: "r2", doc: "growth rate r2 of healthy cells"},
				{name: "r3", doc: "maximal stimulation rate r3 of effector cells"},
			},
			field: itikBanksTumor,
			citation: "Itik, M. & Banks, S. P. (2010). Chaos in a three-dimensional cancer model. " +
				"International Journal of Bifurcation and Chaos 20, 71-79.",
			description: "Tumour cells x, healthy cells y, effector immune cells z: dx/dt = x(1 − x) − a12 xy − a13 xz, " +
				"dy/dt = r2 y(1 − y) − a21 xy, dz/dt = r3 xz/(x + k3) − a31 xz − d3 z. The planes x = 0, y = 0, z = 0 are invariant, " +
				"so populations stay non-negative.",
			observables: obsXYZB,
		},
		{
			name: "JerkCircuit",
			params: []param{
				{name: "eps", doc: "scaled diode saturation current ε"},
				{name: "y0", doc: "scaled thermal voltage y0 of the diode", min: posMinB, max: posMaxB},
			},
			field:       jerkCircuit,
			citation:    "Sprott, J. C. (2011). A new chaotic jerk circuit. IEEE Transactions on Circuits and Systems II 58, 240-243.",
			description: "dx/dt = y, dy/dt = z, dz/dt = −z − x − ε(exp(y/y0) − 1): a jerk equation whose only nonlinearity is a diode.",
			observables: obsXYZB,
		},
		{
			name: "KawczynskiStrizhak",
			params: []param{
				{name: "beta", doc: "constant drive β of y"},
				{name: "gamma", doc: "time-scale ratio γ of the fast variable x"},
				{name: "kappa", doc: "relaxation rate κ of z towards x"},
				{name: "mu", doc: "control parameter μ"},
			},
			field: kawczynskiStrizhak,
			citation: "Strizhak, P. E. & Kawczyński, A. L. (1995). Regularities in complex transient oscillations in the " +
				"Belousov-Zhabotinsky reaction in a batch reactor. Journal of Physical Chemistry 99, 10830-10833.",
			description: "dx/dt = γ(y − x³ + 3μx), dy/dt = −2μx − y − z + β, dz/dt = κ(x − z).",
			observables: obsXYZB,
		},
		{
			name: "Laser",
			params: []param{
				{name: "a", doc: "coupling a in a(y − x)"},
				{name: "b", doc: "gain b of yz² into x"},
				{name: "c", doc: "gain c of x into y"},
				{name: "d", doc: "gain d of xz² into y"},
				{name: "h", doc: "linear rate h of z"},
				{name: "k", doc: "gain k of x² into z"},
			},
			field: laser,
			citation: "Abooee, A., Yaghini-Bonabi, H. A. & Jahed-Motlagh, M. R. (2013). Analysis and circuitry realization of a novel " +
				"three-dimensional chaotic system. Communications in Nonlinear Science and Numerical Simulation 18, 1235-1245.",
			description: "dx/dt = a(y − x) + byz², dy/dt = cx + dxz², dz/dt = hz + kx².",
			observables: obsXYZB,
		},
		{
			name: "LidDrivenCavityFlow",
			params: []param{
				{name: "a", doc: "width a of the cavity 0 ≤ x ≤ a", min: posMinB, max: posMaxB},
				{name: "b", doc: "half-height b of the cavity −b ≤ y ≤ b", min: posMinB, max: posMaxB},
				{name: "tau", doc: "period τ of the alternation of the driving walls", min: posMinB, max: posMaxB},
				{name: "u1", doc: "amplitude u1 of the first Stokes mode (its sign alternates)"},
				{name: "u2", doc: "amplitude u2 of the second Stokes mode"},
			},
			field: lidDrivenCavity,
			check: func(p system.Params) error {
				if r := p["b"] / p["a"]; r > lidMaxAspect {
					return fmt.Errorf("LidDrivenCavityFlow: aspect ratio b/a = %g must be at most %g", r, float64(lidMaxAspect))
				}
				return nil
			},
			ic:     tauPhaseICB(2),
			phases: []int{2},
			citation: "Grover, P., Ross, S. D., Stremler, M. A. & Kumar, P. (2012). Topological chaos, braiding and bifurcation of " +
				"almost-cyclic sets. Chaos 22, 043135.",
			description: "A tracer in a Stokes flow of the cavity 0 ≤ x ≤ a, |y| ≤ b, the sum of two separable modes whose first " +
				"reverses with period τ (dysts: \"alternately driven by translation of the left and right walls\"): " +
				"(dx/dt, dy/dt) = tanh(20τ sin φ) V1(x, y) + V2(x, y), dφ/dt = 2π/τ, where V_m is the m-th separable Stokes eigenmode " +
				"of amplitude u_m (dysts' weighting w V(u1) + (1 − w) V(−u1) with w = (1 + tanh(20τ sin φ))/2, simplified). " +
				"Departure from dysts: its third variable is the time t (unbounded, observed as sin(2πt/τ)); emergo uses the phase " +
				"φ = 2πt/τ reduced into [0, 2π) after each sample (dysts' initial t = 0 is φ = 0). The cavity's walls are invariant " +
				"and the flow is incompressible (zero divergence).",
			observables: []string{"x", "y", "phase"},
		},
		{
			name: "LiuChen",
			params: []param{
				{name: "a", doc: "linear rate a of x"},
				{name: "b", doc: "damping b of y"},
				{name: "c", doc: "linear rate c of z"},
				{name: "h", doc: "gain h of y into x"},
				{name: "p", doc: "gain p of the feedback −px into y"},
				{name: "q", doc: "gain q of xz into y"},
				{name: "r", doc: "gain r of the feedback −rxy into z"},
				{name: "s", doc: "gain s of yz into x"},
			},
			field: liuChenSakarya,
			citation: "Liu, W. & Chen, G. (2004). Can a three-dimensional smooth autonomous quadratic chaotic system generate a single " +
				"four-scroll attractor? International Journal of Bifurcation and Chaos 14, 1395-1403.",
			description: "The Sakarya form dx/dt = ax + hy + syz, dy/dt = −by − px + qxz, dz/dt = cz − rxy with Liu and Chen's " +
				"coefficients (h = p = 0: dx/dt = ax + yz, dy/dt = −by − xz, dz/dt = cz − xy at the defaults).",
			observables: obsXYZB,
		},
		{
			name: "Lorenz84",
			params: []param{
				{name: "a", doc: "damping a of the westerly wind x"},
				{name: "b", doc: "displacement rate b of the eddies by the wind"},
				{name: "f", doc: "symmetric thermal forcing F"},
				{name: "g", doc: "asymmetric thermal forcing G"},
			},
			field:    lorenz84,
			citation: "Lorenz, E. N. (1984). Irregularity: a fundamental property of the atmosphere. Tellus A 36, 98-110.",
			description: "dx/dt = −ax − y² − z² + aF, dy/dt = −y + xy − bxz + G, dz/dt = −z + bxy + xz: the westerly wind x " +
				"and the cosine and sine phases y, z of a chain of eddies.",
			observables: obsXYZB,
		},
		{
			name: "LorenzBounded",
			params: []param{
				{name: "beta", doc: "geometric factor β"},
				{name: "r", doc: "radius r of the confining sphere x² + y² + z² = r²", min: posMinB, max: posMaxB},
				{name: "rho", doc: "reduced Rayleigh number ρ"},
				{name: "sigma", doc: "Prandtl number σ"},
			},
			field: lorenzBounded,
			citation: "Sprott, J. C. & Xiong, A. (2015). Classifying and quantifying basins of attraction. Chaos 25, 083101 " +
				"(the Lorenz system in a confining potential; dysts cites \"Sprott & Xiong (2015). Chaos.\").",
			description: "The Lorenz field multiplied by 1 − (x² + y² + z²)/r²: dx/dt = σ(y − x)(1 − S/r²), " +
				"dy/dt = (ρx − xz − y)(1 − S/r²), dz/dt = (xy − βz)(1 − S/r²), S = x² + y² + z². The sphere S = r² consists of " +
				"fixed points, so orbits starting inside stay inside.",
			observables: obsXYZB,
		},
		{
			name: "LorenzCoupled",
			params: []param{
				{name: "beta", doc: "geometric factor β of both oscillators"},
				{name: "eps", doc: "coupling ε of x1 into x2"},
				{name: "rho", doc: "unused: dysts lists it but its equations use rho1 and rho2"},
				{name: "rho1", doc: "reduced Rayleigh number ρ1 of the drive oscillator"},
				{name: "rho2", doc: "reduced Rayleigh number ρ2 of the driven oscillator"},
				{name: "sigma", doc: "Prandtl number σ of both oscillators"},
			},
			field: lorenzCoupled,
			citation: "Lorenz, E. N. (1963). Deterministic nonperiodic flow. Journal of the Atmospheric Sciences 20, 130-141 " +
				"(two Lorenz oscillators, the second driven by the first through its x equation).",
			description: "dx1/dt = σ(y1 − x1), dy1/dt = ρ1 x1 − x1 z1 − y1, dz1/dt = x1 y1 − βz1, " +
				"dx2/dt = σ(y2 − x2) + ε(x1 − x2), dy2/dt = ρ2 x2 − x2 z2 − y2, dz2/dt = x2 y2 − βz2 " +
				"(one-way coupling; dysts' parameter rho is unused).",
			observables: []string{"x1", "y1", "z1", "x2", "y2", "z2"},
		},
		{
			name: "LorenzStenflo",
			params: []param{
				{name: "a", doc: "Prandtl number a (also the damping of w)"},
				{name: "b", doc: "geometric factor b"},
				{name: "c", doc: "reduced Rayleigh number c"},
				{name: "d", doc: "rotation parameter d coupling w into x"},
			},
			field: lorenzStenflo,
			citation: "Stenflo, L. (1996). Generalized Lorenz equations for acoustic-gravity waves in the atmosphere. " +
				"Physica Scripta 53, 83-84.",
			description: "dx/dt = a(y − x) + dw, dy/dt = cx − xz − y, dz/dt = xy − bz, dw/dt = −x − aw.",
			observables: obsXYZWB,
		},
		{
			name: "LuChen",
			params: []param{
				{name: "a", doc: "coupling a in a(y − x)"},
				{name: "b", doc: "damping b of z"},
				{name: "c", doc: "growth rate c of y (12.7 to 28.5 moves the attractor from Lorenz-like to Chen-like)"},
			},
			field:       luChen,
			citation:    "Lü, J. & Chen, G. (2002). A new chaotic attractor coined. International Journal of Bifurcation and Chaos 12, 659-661.",
			description: "dx/dt = a(y − x), dy/dt = −xz + cy, dz/dt = xy − bz.",
			observables: obsXYZB,
		},
		{
			name: "LuChenCheng",
			params: []param{
				{name: "a", doc: "growth rate a of y"},
				{name: "b", doc: "growth rate b of z"},
				{name: "c", doc: "constant drive c of x"},
			},
			field: luChenCheng,
			check: func(p system.Params) error {
				if p["a"]+p["b"] == 0 {
					return fmt.Errorf("LuChenCheng: a + b = 0 (a=%g, b=%g) makes the rate ab/(a + b) infinite", p["a"], p["b"])
				}
				return nil
			},
			citation: "Lü, J., Chen, G. & Cheng, D. (2004). A new chaotic system and beyond: the generalized Lorenz-like system. " +
				"International Journal of Bifurcation and Chaos 14, 1507-1537.",
			description: "dx/dt = −(ab/(a + b))x − yz + c, dy/dt = ay + xz, dz/dt = bz + xy: a four-scroll attractor.",
			observables: obsXYZB,
		},
		{
			name: "MacArthur",
			params: []param{
				{name: "d", doc: "dilution rate D of the chemostat"},
				{name: "m", doc: "mortality m of every species"},
				{name: "r", doc: "maximal growth rate r of every species"},
			},
			arrays: []string{"c", "k", "s"},
			field:  macArthur,
			citation: "MacArthur, R. (1970). Species packing and competitive equilibrium for many species. Theoretical Population " +
				"Biology 1, 1-11 (dysts cites MacArthur, R. (1969), PNAS 64, 1369); parameters of " +
				"Huisman, J. & Weissing, F. J. (1999). Biodiversity of plankton by species oscillations and chaos. Nature 402, 407-410.",
			description: "Five phytoplankton species N_i competing for five resources R_j: dN_i/dt = N_i(μ_i − m), " +
				"dR_j/dt = D(S_j − R_j) − Σ_i C_ji μ_i N_i, with Liebig's law of the minimum μ_i = min_j r R_j/(K_ji + R_j) " +
				"(dysts' code takes the minimum, though its description says maximum); C, K, S fixed at dysts' values " +
				"(Huisman & Weissing). The Jacobian uses the limiting resource of each species (a tie has measure zero).",
			observables: []string{"N1", "N2", "N3", "N4", "N5", "R1", "R2", "R3", "R4", "R5"},
		},
		{
			name: "MooreSpiegel",
			params: []param{
				{name: "a", doc: "gain a of z into y (thermal coupling)"},
				{name: "b", doc: "restoring coefficient b"},
				{name: "eps", doc: "gain ε of y into z"},
			},
			field:       mooreSpiegel,
			citation:    "Moore, D. W. & Spiegel, E. A. (1966). A thermally excited non-linear oscillator. Astrophysical Journal 143, 871-887.",
			description: "dx/dt = y, dy/dt = az, dz/dt = −z + εy − yx² − bx.",
			observables: obsXYZB,
		},
		{
			name: "MultiChua",
			params: []param{
				{name: "a", doc: "capacitance ratio a"},
				{name: "b", doc: "inductance parameter b"},
			},
			arrays: []string{"c", "m"},
			field:  multiChua,
			citation: "Yalçin, M. E., Suykens, J. A. K. & Vandewalle, J. (2005). Cellular Neural Networks, Multi-Scroll Chaos and " +
				"Synchronization. World Scientific, Singapore.",
			description: "dx/dt = a(y − h(x)), dy/dt = x − y + z, dz/dt = −by, with the piecewise-linear characteristic " +
				"h(x) = m5 x + Σ_{i=1..5} (m_{i−1} − m_i)(|x + c_i| − |x − c_i|)/2 (breakpoints c and slopes m fixed at dysts' values). " +
				"The Jacobian takes h' at a breakpoint as the mean of its one-sided slopes.",
			observables: obsXYZB,
		},
		{
			name: "NewtonLiepnik",
			params: []param{
				{name: "a", doc: "damping a of x"},
				{name: "b", doc: "growth rate b of z (the feedback gain)"},
			},
			field: newtonLiepnik,
			citation: "Leipnik, R. B. & Newton, T. A. (1981). Double strange attractors in rigid body motion with linear feedback control. " +
				"Physics Letters A 86, 63-67.",
			description: "dx/dt = −ax + y + 10yz, dy/dt = −x − 0.4y + 5xz, dz/dt = bz − 5xy.",
			observables: obsXYZB,
		},
		{
			name: "NoseHoover",
			params: []param{
				{name: "a", doc: "target kinetic temperature a of the thermostat"},
			},
			field: noseHoover,
			citation: "Nosé, S. (1984). A unified formulation of the constant temperature molecular dynamics methods. J. Chem. Phys. 81, " +
				"511-519; Hoover, W. G. (1985). Canonical dynamics: equilibrium phase-space distributions. Phys. Rev. A 31, 1695-1697; " +
				"Sprott, J. C. (1994). Some simple chaotic flows. Phys. Rev. E 50, R647-R650 (case A, a = 1).",
			description: "A harmonic oscillator (x, y) coupled to a Nosé-Hoover thermostat z: dx/dt = y, dy/dt = −x + yz, dz/dt = a − y². " +
				"The divergence is z, and the flow is time-reversible under (x, y, z, t) → (x, −y, −z, −t).",
			observables: obsXYZB,
		},
		{
			name: "NuclearQuadrupole",
			params: []param{
				{name: "a", doc: "harmonic frequency a"},
				{name: "b", doc: "cubic (quadrupole deformation) coupling b"},
				{name: "d", doc: "quartic coupling d"},
			},
			field: nuclearQuadrupole,
			citation: "Baran, V. & Raduta, A. A. (1998). International Journal of Modern Physics E (as cited by dysts: a classical " +
				"quadrupole boson Hamiltonian of nuclear collective motion, chaotic through resonance overlap).",
			description: "Hamilton's equations dq_i/dt = ∂H/∂p_i, dp_i/dt = −∂H/∂q_i for " +
				"H = (a/2)(p1² + p2² + q1² + q2²) − (b/√2)(q1³ − 3 q1 q2²) + (d/4)(q1² + q2²)²; the energy H is conserved.",
			observables: []string{"q1", "q2", "p1", "p2"},
		},
		{
			name: "OscillatingFlow",
			params: []param{
				{name: "b", doc: "amplitude b of the lateral oscillation of the convection rolls"},
				{name: "k", doc: "wavenumber k of the rolls"},
				{name: "omega", doc: "angular frequency ω of the oscillation"},
				{name: "u", doc: "maximal velocity u of the rolls"},
			},
			field:  oscillatingFlow,
			phases: []int{2},
			citation: "Solomon, T. H. & Gollub, J. P. (1988). Chaotic particle transport in time-dependent Rayleigh-Bénard convection. " +
				"Physical Review A 38, 6280-6286.",
			description: "A tracer in oscillating convection rolls with stream function ψ = (u/k) sin(k(x + b sin z)) sin(ky): " +
				"dx/dt = u cos(ky) sin(k(x + b sin z)), dy/dt = −u sin(ky) cos(k(x + b sin z)), dz/dt = ω. The phase z is reduced " +
				"into [0, 2π) after each sample. The lateral position x is unbounded (tracers hop between rolls: chaotic transport; " +
				"dysts observes cos kx instead), but |x(t) − x(0)| ≤ |u| t. The strip 0 < ky < π is invariant, so y stays bounded, " +
				"and the flow is incompressible.",
			observables: []string{"x", "y", "phase"},
		},
		{
			name: "PanXuZhou",
			params: []param{
				{name: "a", doc: "coupling a in a(y − x)"},
				{name: "c", doc: "linear rate c of z (−8/3 for Pan, Xu & Zhou)"},
				{name: "d", doc: "gain d of xz into x (DequanLi form; 0 here)"},
				{name: "eps", doc: "gain ε of the feedback −εx² into z (DequanLi form; 0 here)"},
				{name: "f", doc: "linear rate f of y (DequanLi form; 0 here)"},
				{name: "k", doc: "gain k of x into y"},
			},
			field: dequanLiFamily,
			citation: "Zhou, W., Xu, Y., Lu, H. & Pan, L. (2008). On dynamics analysis of a new chaotic attractor. " +
				"Physics Letters A 372, 5773-5777.",
			description: "The DequanLi form dx/dt = a(y − x) + dxz, dy/dt = kx + fy − xz, dz/dt = cz + xy − εx² with d = f = ε = 0: " +
				"dx/dt = a(y − x), dy/dt = kx − xz, dz/dt = cz + xy. At dysts' defaults the equilibria (±√(−ck), ±√(−ck), k) are " +
				"stable (Routh-Hurwitz, narrowly), and the orbit from dysts' initial condition is chaotic for about 100 time units " +
				"(55 periods) and then settles onto (−√(−ck), −√(−ck), k); dysts' statistics and estimated invariants describe that " +
				"chaotic transient.",
			observables: obsXYZB,
		},
		{
			name:   "PehlivanWei",
			params: nil,
			field:  pehlivanWei,
			citation: "Pehlivan, I. & Wei, Z. (2012). Analysis, nonlinear control, and chaos generator circuit of another strange " +
				"chaotic system. Turkish Journal of Electrical Engineering & Computer Sciences 20, 1229-1239.",
			description: "dx/dt = y − yz, dy/dt = y + yz − 2x, dz/dt = 2 − xy − y² (no parameters).",
			observables: obsXYZB,
		},
		{
			name: "Qi",
			params: []param{
				{name: "a", doc: "coupling a in a(y − x)"},
				{name: "b", doc: "gain b in b(x + y)"},
				{name: "c", doc: "damping c of z"},
				{name: "d", doc: "damping d of w"},
			},
			field: qi4,
			citation: "Qi, G., van Wyk, M. A., van Wyk, B. J. & Chen, G. (2008). On a new hyperchaotic system. " +
				"Physics Letters A 372, 124-136.",
			description: "dx/dt = a(y − x) + yzw, dy/dt = b(x + y) − xzw, dz/dt = −cz + xyw, dw/dt = −dw + obsXYZB.",
			observables: obsXYZWB,
		},
		{
			name: "QiChen",
			params: []param{
				{name: "a", doc: "coupling a in a(y − x)"},
				{name: "b", doc: "damping b of z"},
				{name: "c", doc: "gain c of x into y"},
			},
			field: qiChen,
			citation: "Qi, G. et al. (2008). Chaos, Solitons & Fractals (as cited by dysts); the system is a variant of " +
				"Qi, G., Chen, G., Du, S., Chen, Z. & Yuan, Z. (2005). Analysis of a new chaotic system. Physica A 352, 295-308.",
			description: "dx/dt = a(y − x) + yz, dy/dt = cx + y − xz, dz/dt = xy − bz.",
			observables: obsXYZB,
		},
		{
			name: "RabinovichFabrikant",
			params: []param{
				{name: "a", doc: "damping α of the satellite modes"},
				{name: "g", doc: "growth rate γ of the instability"},
			},
			field: rabinovichFabrikant,
			citation: "Rabinovich, M. I. & Fabrikant, A. L. (1979). Stochastic self-modulation of waves in nonequilibrium media. " +
				"Soviet Physics JETP 50, 311-317.",
			description: "dx/dt = y(z − 1 + x²) + γx, dy/dt = x(3z + 1 − x²) + γy, dz/dt = −2z(α + xy). The divergence is 2(γ − α) everywhere.",
			observables: obsXYZB,
			invariants: []system.Invariant{
				{Name: "lyapunov_spectrum", Values: []float64{0.1981, 0, -0.6581}, Source: sprott2003RF},
				{Name: "kaplan_yorke", Values: []float64{2.3010}, Source: sprott2003RF},
			},
		},
		{
			name: "RayleighBenard",
			params: []param{
				{name: "a", doc: "Prandtl-like coupling a in a(y − x)"},
				{name: "b", doc: "damping b of z"},
				{name: "r", doc: "growth rate r of y"},
			},
			field: rayleighBenard,
			citation: "Yanagita, T. & Kaneko, K. (1995). Rayleigh-Bénard convection: patterns, chaos, spatiotemporal chaos and " +
				"turbulence. Physica D 82, 288-313.",
			description: "dx/dt = a(y − x), dy/dt = ry − xz, dz/dt = xy − bz.",
			observables: obsXYZB,
		},
	}
}

// tauPhaseICB converts dysts' time-like variable at index i of the initial
// condition into the phase φ = 2πt/τ, reduced into [0, 2π).
func tauPhaseICB(i int) func(p system.Params, n int, d []float64) []float64 {
	return func(p system.Params, n int, d []float64) []float64 {
		x := append([]float64(nil), d...)
		x[i] = wrap2Pi(2 * math.Pi * x[i] / p["tau"])
		return x
	}
}

// hopfield is Lewis and Glass's network of six sigmoidal units with a
// frustrated (all-inhibitory) connectivity K fixed at dysts' values:
//
//	dx_i/dt = −x_i/τ + (1 + tanh(ε Σ_j K_ij x_j))/2 − β
//
// The sigmoid lies in (0, 1), so each x_i relaxes into [−βτ, (1−β)τ].
//
// References:
//
//	Lewis, J. E. & Glass, L. (1992). Nonlinear dynamics and symbolic
//	  dynamics of neural networks. Neural Computation 4, 621-642.
//	Hopfield, J. J. (1984). Neurons with graded response have collective
//	  computational properties like those of two-state neurons. PNAS 81,
//	  3088-3092.
func hopfield(p system.Params, n int) (ode.Func, system.JacFunc) {
	beta, eps, tau := p["beta"], p["eps"], p["tau"]
	K, cols := dystsMatrix("Hopfield", "k")
	if cols != n || len(K) != n*n {
		panic(fmt.Sprintf("flows: Hopfield: connectivity is %dx%d for dimension %d", len(K)/cols, cols, n))
	}
	f := func(dst, x []float64, _ float64) {
		for i := 0; i < n; i++ {
			var u float64
			for j, k := range K[i*n : (i+1)*n] {
				u += k * x[j]
			}
			dst[i] = -x[i]/tau + 0.5*(1+math.Tanh(eps*u)) - beta
		}
	}
	jac := func(dst, x []float64, _ float64) {
		for i := 0; i < n; i++ {
			row := K[i*n : (i+1)*n]
			var u float64
			for j, k := range row {
				u += k * x[j]
			}
			th := math.Tanh(eps * u)
			g := 0.5 * eps * (1 - th*th)
			for j, k := range row {
				dst[i*n+j] = g * k
			}
			dst[i*n+i] -= 1 / tau
		}
	}
	return f, jac
}

// hyperBao is Bao and Liu's hyperchaotic extension of the Lü system:
//
//	dx/dt = a(y − x) + w
//	dy/dt = cy − xz
//	dz/dt = xy − bz
//	dw/dt = ex + dyz
//
// Its divergence is c − a − b.
//
// References:
//
//	Bao, B.-C. & Liu, Z. (2008). A hyperchaotic attractor coined from the
//	  chaotic Lü system. Chinese Physics Letters 25, 2396-2399.
func hyperBao(p system.Params, _ int) (ode.Func, system.JacFunc) {
	a, b, c, d, e := p["a"], p["b"], p["c"], p["d"], p["e"]
	f := func(dst, x []float64, _ float64) {
		dst[0] = a*(x[1]-x[0]) + x[3]
		dst[1] = c*x[1] - x[0]*x[2]
		dst[2] = x[0]*x[1] - b*x[2]
		dst[3] = e*x[0] + d*x[1]*x[2]
	}
	jac := func(dst, x []float64, _ float64) {
		dst[0], dst[1], dst[2], dst[3] = -a, a, 0, 1
		dst[4], dst[5], dst[6], dst[7] = -x[2], c, -x[0], 0
		dst[8], dst[9], dst[10], dst[11] = x[1], x[0], -b, 0
		dst[12], dst[13], dst[14], dst[15] = e, d*x[2], d*x[1], 0
	}
	return f, jac
}

// hyperCai is the hyperchaotic finance system of Cai and Huang in dysts'
// form:
//
//	dx/dt = a(y − x)
//	dy/dt = bx + cy − xz + w
//	dz/dt = −dz + y²
//	dw/dt = −ex
//
// Its divergence is c − a − d.
//
// References:
//
//	Cai, G. & Huang, J. (2007). A new finance chaotic attractor.
//	  International Journal of Nonlinear Science 3, 213-220.
func hyperCai(p system.Params, _ int) (ode.Func, system.JacFunc) {
	a, b, c, d, e := p["a"], p["b"], p["c"], p["d"], p["e"]
	f := func(dst, x []float64, _ float64) {
		dst[0] = a * (x[1] - x[0])
		dst[1] = b*x[0] + c*x[1] - x[0]*x[2] + x[3]
		dst[2] = -d*x[2] + x[1]*x[1]
		dst[3] = -e * x[0]
	}
	jac := func(dst, x []float64, _ float64) {
		dst[0], dst[1], dst[2], dst[3] = -a, a, 0, 0
		dst[4], dst[5], dst[6], dst[7] = b-x[2], c, -x[0], 1
		dst[8], dst[9], dst[10], dst[11] = 0, 2*x[1], -d, 0
		dst[12], dst[13], dst[14], dst[15] = -e, 0, 0, 0
	}
	return f, jac
}

// hyperJha is a hyperchaotic Lorenz-type flow from Meier's gallery as
// given by dysts:
//
//	dx/dt = a(y − x) + w
//	dy/dt = bx − y − xz
//	dz/dt = xy − cz
//	dw/dt = dw − xz
//
// Its divergence is d − a − 1 − c.
//
// References:
//
//	Meier, J. (2003). Presentation of attractors with Cinema (online
//	  gallery), as cited by Gilpin, W. (2021), dysts.
func hyperJha(p system.Params, _ int) (ode.Func, system.JacFunc) {
	a, b, c, d := p["a"], p["b"], p["c"], p["d"]
	f := func(dst, x []float64, _ float64) {
		dst[0] = a*(x[1]-x[0]) + x[3]
		dst[1] = b*x[0] - x[1] - x[0]*x[2]
		dst[2] = x[0]*x[1] - c*x[2]
		dst[3] = d*x[3] - x[0]*x[2]
	}
	jac := func(dst, x []float64, _ float64) {
		dst[0], dst[1], dst[2], dst[3] = -a, a, 0, 1
		dst[4], dst[5], dst[6], dst[7] = b-x[2], -1, -x[0], 0
		dst[8], dst[9], dst[10], dst[11] = x[1], x[0], -c, 0
		dst[12], dst[13], dst[14], dst[15] = -x[2], 0, -x[0], d
	}
	return f, jac
}

// hyperLorenz is a hyperchaotic Lorenz flow from Meier's gallery as given
// by dysts:
//
//	dx/dt = a(y − x) + w
//	dy/dt = cx − y − xz
//	dz/dt = xy − bz
//	dw/dt = dw − xz
//
// Its divergence is d − a − 1 − b.
//
// References:
//
//	Meier, J. (2003). Presentation of attractors with Cinema (online
//	  gallery), as cited by Gilpin, W. (2021), dysts.
func hyperLorenz(p system.Params, _ int) (ode.Func, system.JacFunc) {
	a, b, c, d := p["a"], p["b"], p["c"], p["d"]
	f := func(dst, x []float64, _ float64) {
		dst[0] = a*(x[1]-x[0]) + x[3]
		dst[1] = c*x[0] - x[1] - x[0]*x[2]
		dst[2] = x[0]*x[1] - b*x[2]
		dst[3] = d*x[3] - x[0]*x[2]
	}
	jac := func(dst, x []float64, _ float64) {
		dst[0], dst[1], dst[2], dst[3] = -a, a, 0, 1
		dst[4], dst[5], dst[6], dst[7] = c-x[2], -1, -x[0], 0
		dst[8], dst[9], dst[10], dst[11] = x[1], x[0], -b, 0
		dst[12], dst[13], dst[14], dst[15] = -x[2], 0, -x[0], d
	}
	return f, jac
}

// hyperLu is the hyperchaotic Lü system obtained by state feedback:
//
//	dx/dt = a(y − x) + w
//	dy/dt = cy − xz
//	dz/dt = xy − bz
//	dw/dt = dw + xz
//
// Its divergence is c + d − a − b.
//
// References:
//
//	Chen, A., Lu, J., Lü, J. & Yu, S. (2006). Generating hyperchaotic Lü
//	  attractor via state feedback control. Physica A 364, 103-110.
func hyperLu(p system.Params, _ int) (ode.Func, system.JacFunc) {
	a, b, c, d := p["a"], p["b"], p["c"], p["d"]
	f := func(dst, x []float64, _ float64) {
		dst[0] = a*(x[1]-x[0]) + x[3]
		dst[1] = c*x[1] - x[0]*x[2]
		dst[2] = x[0]*x[1] - b*x[2]
		dst[3] = d*x[3] + x[0]*x[2]
	}
	jac := func(dst, x []float64, _ float64) {
		dst[0], dst[1], dst[2], dst[3] = -a, a, 0, 1
		dst[4], dst[5], dst[6], dst[7] = -x[2], c, -x[0], 0
		dst[8], dst[9], dst[10], dst[11] = x[1], x[0], -b, 0
		dst[12], dst[13], dst[14], dst[15] = x[2], 0, x[0], d
	}
	return f, jac
}

// hyperPang is Pang and Liu's hyperchaotic system built on the Lü system:
//
//	dx/dt = a(y − x)
//	dy/dt = cy − xz + w
//	dz/dt = xy − bz
//	dw/dt = −d(x + y)
//
// Its divergence is c − a − b.
//
// References:
//
//	Pang, S. & Liu, Y. (2011). A new hyperchaotic system from the Lü
//	  system and its control. J. Comput. Appl. Math. 235, 2775-2789.
func hyperPang(p system.Params, _ int) (ode.Func, system.JacFunc) {
	a, b, c, d := p["a"], p["b"], p["c"], p["d"]
	f := func(dst, x []float64, _ float64) {
		dst[0] = a * (x[1] - x[0])
		dst[1] = c*x[1] - x[0]*x[2] + x[3]
		dst[2] = x[0]*x[1] - b*x[2]
		dst[3] = -d * (x[0] + x[1])
	}
	jac := func(dst, x []float64, _ float64) {
		dst[0], dst[1], dst[2], dst[3] = -a, a, 0, 0
		dst[4], dst[5], dst[6], dst[7] = -x[2], c, -x[0], 1
		dst[8], dst[9], dst[10], dst[11] = x[1], x[0], -b, 0
		dst[12], dst[13], dst[14], dst[15] = -d, -d, 0, 0
	}
	return f, jac
}

// hyperQi is the hyperchaotic Qi system:
//
//	dx/dt = a(y − x) + yz
//	dy/dt = b(x + y) − xz
//	dz/dt = −cz − ew + xy
//	dw/dt = −dw + fz + xy
//
// Its divergence is b − a − c − d.
//
// References:
//
//	Qi, G., van Wyk, M. A., van Wyk, B. J. & Chen, G. (2008). On a new
//	  hyperchaotic system. Physics Letters A 372, 124-136.
func hyperQi(p system.Params, _ int) (ode.Func, system.JacFunc) {
	a, b, c, d, e, F := p["a"], p["b"], p["c"], p["d"], p["e"], p["f"]
	f := func(dst, x []float64, _ float64) {
		dst[0] = a*(x[1]-x[0]) + x[1]*x[2]
		dst[1] = b*(x[0]+x[1]) - x[0]*x[2]
		dst[2] = -c*x[2] - e*x[3] + x[0]*x[1]
		dst[3] = -d*x[3] + F*x[2] + x[0]*x[1]
	}
	jac := func(dst, x []float64, _ float64) {
		dst[0], dst[1], dst[2], dst[3] = -a, a+x[2], x[1], 0
		dst[4], dst[5], dst[6], dst[7] = b-x[2], b, -x[0], 0
		dst[8], dst[9], dst[10], dst[11] = x[1], x[0], -c, -e
		dst[12], dst[13], dst[14], dst[15] = x[1], x[0], F, -d
	}
	return f, jac
}

// hyperRossler is Rössler's (1979) hyperchaotic flow, the first with two
// positive Lyapunov exponents:
//
//	dx/dt = −y − z
//	dy/dt = x + ay + w
//	dz/dt = b + xz
//	dw/dt = −cz + dw
//
// Its divergence is a + x + d.
//
// References:
//
//	Rössler, O. E. (1979). An equation for hyperchaos. Physics Letters A
//	  71, 155-157.
func hyperRossler(p system.Params, _ int) (ode.Func, system.JacFunc) {
	a, b, c, d := p["a"], p["b"], p["c"], p["d"]
	f := func(dst, x []float64, _ float64) {
		dst[0] = -x[1] - x[2]
		dst[1] = x[0] + a*x[1] + x[3]
		dst[2] = b + x[0]*x[2]
		dst[3] = -c*x[2] + d*x[3]
	}
	jac := func(dst, x []float64, _ float64) {
		dst[0], dst[1], dst[2], dst[3] = 0, -1, -1, 0
		dst[4], dst[5], dst[6], dst[7] = 1, a, 0, 1
		dst[8], dst[9], dst[10], dst[11] = x[2], 0, x[0], 0
		dst[12], dst[13], dst[14], dst[15] = 0, 0, -c, d
	}
	return f, jac
}

// hyperWang is the hyperchaotic variant of Wang et al.'s four-wing
// system as given by dysts:
//
//	dx/dt = a(y − x)
//	dy/dt = bx − xz + w
//	dz/dt = −cz + ex²
//	dw/dt = −dx
//
// Its divergence is −a − c.
//
// References:
//
//	Wang, Z., Sun, Y., van Wyk, B. J., Qi, G. & van Wyk, M. A. (2009).
//	  A 3-D four-wing attractor and its analysis. Brazilian Journal of
//	  Physics 39, 547-553.
func hyperWang(p system.Params, _ int) (ode.Func, system.JacFunc) {
	a, b, c, d, e := p["a"], p["b"], p["c"], p["d"], p["e"]
	f := func(dst, x []float64, _ float64) {
		dst[0] = a * (x[1] - x[0])
		dst[1] = b*x[0] - x[0]*x[2] + x[3]
		dst[2] = -c*x[2] + e*x[0]*x[0]
		dst[3] = -d * x[0]
	}
	jac := func(dst, x []float64, _ float64) {
		dst[0], dst[1], dst[2], dst[3] = -a, a, 0, 0
		dst[4], dst[5], dst[6], dst[7] = b-x[2], 0, -x[0], 1
		dst[8], dst[9], dst[10], dst[11] = 2*e*x[0], 0, -c, 0
		dst[12], dst[13], dst[14], dst[15] = -d, 0, 0, 0
	}
	return f, jac
}

// hyperXu is the hyperchaotic Xu system as given by dysts:
//
//	dx/dt = a(y − x) + w
//	dy/dt = bx + exz
//	dz/dt = −cz − xy
//	dw/dt = xz − dy
//
// Its divergence is −a − c.
//
// References:
//
//	Letellier, C. & Rössler, O. E. (2007). Hyperchaos. Scholarpedia 2(8),
//	  1936.
func hyperXu(p system.Params, _ int) (ode.Func, system.JacFunc) {
	a, b, c, d, e := p["a"], p["b"], p["c"], p["d"], p["e"]
	f := func(dst, x []float64, _ float64) {
		dst[0] = a*(x[1]-x[0]) + x[3]
		dst[1] = b*x[0] + e*x[0]*x[2]
		dst[2] = -c*x[2] - x[0]*x[1]
		dst[3] = x[0]*x[2] - d*x[1]
	}
	jac := func(dst, x []float64, _ float64) {
		dst[0], dst[1], dst[2], dst[3] = -a, a, 0, 1
		dst[4], dst[5], dst[6], dst[7] = b+e*x[2], 0, e*x[0], 0
		dst[8], dst[9], dst[10], dst[11] = -x[1], -x[0], -c, 0
		dst[12], dst[13], dst[14], dst[15] = x[2], -d, x[0], 0
	}
	return f, jac
}

// hyperYan is a hyperchaotic Chen-type flow from Meier's gallery as given
// by dysts:
//
//	dx/dt = a(y − x)
//	dy/dt = (c − a)x − xz + cy
//	dz/dt = −bz + xy − yz + xz − w
//	dw/dt = −dw + yz − xz
//
// Its divergence is c − a − b − d + x − y.
//
// References:
//
//	Meier, J. (2003). Presentation of attractors with Cinema (online
//	  gallery), as cited by Gilpin, W. (2021), dysts.
func hyperYan(p system.Params, _ int) (ode.Func, system.JacFunc) {
	a, b, c, d := p["a"], p["b"], p["c"], p["d"]
	f := func(dst, x []float64, _ float64) {
		dst[0] = a * (x[1] - x[0])
		dst[1] = (c-a)*x[0] - x[0]*x[2] + c*x[1]
		dst[2] = -b*x[2] + x[0]*x[1] - x[1]*x[2] + x[0]*x[2] - x[3]
		dst[3] = -d*x[3] + x[1]*x[2] - x[0]*x[2]
	}
	jac := func(dst, x []float64, _ float64) {
		dst[0], dst[1], dst[2], dst[3] = -a, a, 0, 0
		dst[4], dst[5], dst[6], dst[7] = c-a-x[2], c, -x[0], 0
		dst[8], dst[9], dst[10], dst[11] = x[1]+x[2], x[0]-x[2], -b-x[1]+x[0], -1
		dst[12], dst[13], dst[14], dst[15] = -x[2], x[2], x[1]-x[0], -d
	}
	return f, jac
}

// hyperYangChen is a hyperchaotic Yang-Chen flow from Meier's gallery as
// given by dysts:
//
//	dx/dt = a(y − x)
//	dy/dt = cx − xz + w
//	dz/dt = −bz + xy
//	dw/dt = −dx
//
// Its divergence is −a − b.
//
// References:
//
//	Meier, J. (2003). Presentation of attractors with Cinema (online
//	  gallery), as cited by Gilpin, W. (2021), dysts.
func hyperYangChen(p system.Params, _ int) (ode.Func, system.JacFunc) {
	a, b, c, d := p["a"], p["b"], p["c"], p["d"]
	f := func(dst, x []float64, _ float64) {
		dst[0] = a * (x[1] - x[0])
		dst[1] = c*x[0] - x[0]*x[2] + x[3]
		dst[2] = -b*x[2] + x[0]*x[1]
		dst[3] = -d * x[0]
	}
	jac := func(dst, x []float64, _ float64) {
		dst[0], dst[1], dst[2], dst[3] = -a, a, 0, 0
		dst[4], dst[5], dst[6], dst[7] = c-x[2], 0, -x[0], 1
		dst[8], dst[9], dst[10], dst[11] = x[1], x[0], -b, 0
		dst[12], dst[13], dst[14], dst[15] = -d, 0, 0, 0
	}
	return f, jac
}

// squirmerSteepness is dysts' stiffness of the tanh switching protocol
// of InteriorSquirmer and LidDrivenCavityFlow: the switch is
// tanh(20 τ sin φ).
const squirmerSteepness = 20

// interiorSquirmer advects a fluid particle in the Stokes flow inside a
// unit cylinder whose boundary slip velocity alternates between two
// Fourier-mode patterns. With P = (1 + tanh(20τ sin φ))/2, A_n = a_n P,
// G_n = g_n (1 − P), S_n = G_n cos nθ + A_n sin nθ and
// T_n = A_n cos nθ − G_n sin nθ (n = 1..N, N = 5):
//
//	dr/dt = Σ n r^(n−1) (r² − 1) S_n
//	dθ/dt = Σ ((n+2) r^n − n r^(n−2)) T_n
//	dφ/dt = 2π/τ
//
// This is the velocity of the stream function
// ψ = −Σ r^n (r² − 1) T_n in polar coordinates: the wall r = 1 is
// invariant and ∂(dr/dt)/∂r + (dr/dt)/r + ∂(dθ/dt)/∂θ = 0
// (incompressibility). The origin r = 0 is a coordinate singularity.
//
// References:
//
//	Blake, J. R. (1971). Self propulsion due to oscillations on the
//	  surface of a cylinder at low Reynolds number. Bull. Austral. Math.
//	  Soc. 5, 255-264.
func interiorSquirmer(p system.Params, _ int) (ode.Func, system.JacFunc) {
	tau := p["tau"]
	av, gv := dystsVector("InteriorSquirmer", "a"), dystsVector("InteriorSquirmer", "g")
	if len(av) != len(gv) {
		panic("flows: InteriorSquirmer: coefficient vectors a and g differ in length")
	}
	N := len(av)
	s := squirmerSteepness * tau
	omega := 2 * math.Pi / tau
	f := func(dst, x []float64, _ float64) {
		r, th := x[0], x[1]
		P := 0.5 + 0.5*math.Tanh(s*math.Sin(x[2]))
		r2 := r * r
		var dr, dth float64
		rn := 1.0 // r^n, built up
		for i := 0; i < N; i++ {
			n := float64(i + 1)
			rn *= r
			sn, cn := math.Sincos(n * th)
			A, G := av[i]*P, gv[i]*(1-P)
			S := G*cn + A*sn
			T := A*cn - G*sn
			dr += n * rn / r * (r2 - 1) * S
			dth += ((n+2)*rn - n*rn/r2) * T
		}
		dst[0], dst[1], dst[2] = dr, dth, omega
	}
	jac := func(dst, x []float64, _ float64) {
		r, th := x[0], x[1]
		sp, cp := math.Sincos(x[2])
		tz := math.Tanh(s * sp)
		P := 0.5 + 0.5*tz
		dP := 0.5 * s * cp * (1 - tz*tz) // ∂P/∂φ
		r2 := r * r
		var jrr, jrt, jrp, jtr, jtt, jtp float64
		rn := 1.0
		for i := 0; i < N; i++ {
			n := float64(i + 1)
			rn *= r
			sn, cn := math.Sincos(n * th)
			A, G := av[i]*P, gv[i]*(1-P)
			S := G*cn + A*sn
			T := A*cn - G*sn
			dS := -gv[i]*dP*cn + av[i]*dP*sn // ∂S/∂φ
			dT := av[i]*dP*cn + gv[i]*dP*sn  // ∂T/∂φ
			radial := n * rn / r * (r2 - 1)  // n r^(n−1) (r² − 1)
			angular := (n+2)*rn - n*rn/r2    // (n+2) r^n − n r^(n−2)
			// d/dr [n (r^(n+1) − r^(n−1))] = n((n+1) r^n − (n−1) r^(n−2))
			jrr += n * ((n+1)*rn - (n-1)*rn/r2) * S
			jrt += radial * n * T // ∂S/∂θ = n T
			jrp += radial * dS
			// d/dr [(n+2) r^n − n r^(n−2)] = n(n+2) r^(n−1) − n(n−2) r^(n−3)
			jtr += (n*(n+2)*rn/r - n*(n-2)*rn/(r2*r)) * T
			jtt += angular * (-n * S) // ∂T/∂θ = −n S
			jtp += angular * dT
		}
		dst[0], dst[1], dst[2] = jrr, jrt, jrp
		dst[3], dst[4], dst[5] = jtr, jtt, jtp
		dst[6], dst[7], dst[8] = 0, 0, 0
	}
	return f, jac
}

// isothermalChemical is the three-variable autocatalator of Petrov,
// Scott and Showalter with mixed-mode oscillations:
//
//	dα/dt = μ(κ + γ) − αβ² − α
//	dβ/dt = (αβ² + α − β)/σ
//	dγ/dt = (β − γ)/δ
//
// References:
//
//	Petrov, V., Scott, S. K. & Showalter, K. (1992). Mixed-mode
//	  oscillations in chemical systems. J. Chem. Phys. 97, 6191-6198.
func isothermalChemical(p system.Params, _ int) (ode.Func, system.JacFunc) {
	delta, kappa, mu, sigma := p["delta"], p["kappa"], p["mu"], p["sigma"]
	f := func(dst, x []float64, _ float64) {
		al, be, ga := x[0], x[1], x[2]
		q := al*be*be + al
		dst[0] = mu*(kappa+ga) - q
		dst[1] = (q - be) / sigma
		dst[2] = (be - ga) / delta
	}
	jac := func(dst, x []float64, _ float64) {
		al, be := x[0], x[1]
		dst[0], dst[1], dst[2] = -be*be-1, -2*al*be, mu
		dst[3], dst[4], dst[5] = (be*be+1)/sigma, (2*al*be-1)/sigma, 0
		dst[6], dst[7], dst[8] = 0, 1/delta, -1/delta
	}
	return f, jac
}

// itikBanksTumor is Itik and Banks' model of tumour cells x, healthy
// host cells y and effector immune cells z:
//
//	dx/dt = x(1 − x) − a12 xy − a13 xz
//	dy/dt = r2 y(1 − y) − a21 xy
//	dz/dt = r3 xz/(x + k3) − a31 xz − d3 z
//
// References:
//
//	Itik, M. & Banks, S. P. (2010). Chaos in a three-dimensional cancer
//	  model. Int. J. Bifurcation Chaos 20, 71-79.
func itikBanksTumor(p system.Params, _ int) (ode.Func, system.JacFunc) {
	a12, a13, a21, a31 := p["a12"], p["a13"], p["a21"], p["a31"]
	d3, k3, r2, r3 := p["d3"], p["k3"], p["r2"], p["r3"]
	f := func(dst, x []float64, _ float64) {
		u, v, w := x[0], x[1], x[2]
		dst[0] = u*(1-u) - a12*u*v - a13*u*w
		dst[1] = r2*v*(1-v) - a21*u*v
		dst[2] = r3*u*w/(u+k3) - a31*u*w - d3*w
	}
	jac := func(dst, x []float64, _ float64) {
		u, v, w := x[0], x[1], x[2]
		q := u + k3
		dst[0], dst[1], dst[2] = 1-2*u-a12*v-a13*w, -a12*u, -a13*u
		dst[3], dst[4], dst[5] = -a21*v, r2*(1-2*v)-a21*u, 0
		dst[6], dst[7], dst[8] = r3*w*k3/(q*q)-a31*w, 0, r3*u/q-a31*u-d3
	}
	return f, jac
}

// jerkCircuit is Sprott's jerk circuit whose nonlinearity is a diode's
// exponential characteristic:
//
//	dx/dt = y
//	dy/dt = z
//	dz/dt = −z − x − ε(exp(y/y0) − 1)
//
// Its divergence is −1.
//
// References:
//
//	Sprott, J. C. (2011). A new chaotic jerk circuit. IEEE Trans.
//	  Circuits Syst. II 58, 240-243.
func jerkCircuit(p system.Params, _ int) (ode.Func, system.JacFunc) {
	eps, y0 := p["eps"], p["y0"]
	f := func(dst, x []float64, _ float64) {
		dst[0] = x[1]
		dst[1] = x[2]
		dst[2] = -x[2] - x[0] - eps*math.Expm1(x[1]/y0)
	}
	jac := func(dst, x []float64, _ float64) {
		dst[0], dst[1], dst[2] = 0, 1, 0
		dst[3], dst[4], dst[5] = 0, 0, 1
		dst[6], dst[7], dst[8] = -1, -eps*math.Exp(x[1]/y0)/y0, -1
	}
	return f, jac
}

// kawczynskiStrizhak is the three-variable model of mixed-mode
// oscillations in the Belousov-Zhabotinsky reaction:
//
//	dx/dt = γ(y − x³ + 3μx)
//	dy/dt = −2μx − y − z + β
//	dz/dt = κ(x − z)
//
// References:
//
//	Strizhak, P. E. & Kawczyński, A. L. (1995). J. Phys. Chem. 99,
//	  10830-10833.
func kawczynskiStrizhak(p system.Params, _ int) (ode.Func, system.JacFunc) {
	beta, gamma, kappa, mu := p["beta"], p["gamma"], p["kappa"], p["mu"]
	f := func(dst, x []float64, _ float64) {
		dst[0] = gamma * (x[1] - x[0]*x[0]*x[0] + 3*mu*x[0])
		dst[1] = -2*mu*x[0] - x[1] - x[2] + beta
		dst[2] = kappa * (x[0] - x[2])
	}
	jac := func(dst, x []float64, _ float64) {
		dst[0], dst[1], dst[2] = gamma*(3*mu-3*x[0]*x[0]), gamma, 0
		dst[3], dst[4], dst[5] = -2*mu, -1, -1
		dst[6], dst[7], dst[8] = kappa, 0, -kappa
	}
	return f, jac
}

// laser is the semiconductor-laser-inspired chaotic system of Abooee et
// al.:
//
//	dx/dt = a(y − x) + byz²
//	dy/dt = cx + dxz²
//	dz/dt = hz + kx²
//
// Its divergence is h − a.
//
// References:
//
//	Abooee, A., Yaghini-Bonabi, H. A. & Jahed-Motlagh, M. R. (2013).
//	  Analysis and circuitry realization of a novel three-dimensional
//	  chaotic system. Commun. Nonlinear Sci. Numer. Simul. 18, 1235-1245.
func laser(p system.Params, _ int) (ode.Func, system.JacFunc) {
	a, b, c, d, h, k := p["a"], p["b"], p["c"], p["d"], p["h"], p["k"]
	f := func(dst, x []float64, _ float64) {
		z2 := x[2] * x[2]
		dst[0] = a*(x[1]-x[0]) + b*x[1]*z2
		dst[1] = c*x[0] + d*x[0]*z2
		dst[2] = h*x[2] + k*x[0]*x[0]
	}
	jac := func(dst, x []float64, _ float64) {
		z := x[2]
		dst[0], dst[1], dst[2] = -a, a+b*z*z, 2*b*x[1]*z
		dst[3], dst[4], dst[5] = c+d*z*z, 0, 2*d*x[0]*z
		dst[6], dst[7], dst[8] = 2*k*x[0], 0, h
	}
	return f, jac
}

// lidMaxAspect bounds the cavity's aspect ratio b/a: beyond it the
// hyperbolic functions of the Stokes modes overflow.
const lidMaxAspect = 20

// lidMode holds the constants of one separable Stokes mode of the
// cavity, k = mπ/a, with C = 2u/(2mπb + a sinh(2mπb/a)).
type lidMode struct {
	k, mpi, C, sb, cb, b, a float64
}

func newLidMode(m, u, a, b float64) lidMode {
	k := m * math.Pi / a
	return lidMode{k: k, mpi: m * math.Pi, C: 2 * u / (2*m*math.Pi*b + a*math.Sinh(2*k*b)),
		sb: math.Sinh(k * b), cb: math.Cosh(k * b), b: b, a: a}
}

// vel writes the mode's velocity at (x, y) and, when jac is not nil, its
// 2×2 Jacobian [∂vx/∂x, ∂vx/∂y, ∂vy/∂x, ∂vy/∂y].
func (md *lidMode) vel(x, y float64, jac *[4]float64) (vx, vy float64) {
	sx, cx := math.Sincos(md.k * x)
	sy, cy := math.Sinh(md.k*y), math.Cosh(md.k*y)
	// vx = C sin(kx) Bx(y), Bx = −mπ b sinh(kb) sinh(ky) + cosh(kb)(mπ y cosh(ky) + a sinh(ky))
	bx := -md.mpi*md.b*md.sb*sy + md.cb*(md.mpi*y*cy+md.a*sy)
	// vy = C mπ cos(kx) By(y), By = b sinh(kb) cosh(ky) − cosh(kb) y sinh(ky)
	by := md.b*md.sb*cy - md.cb*y*sy
	vx = md.C * sx * bx
	vy = md.C * md.mpi * cx * by
	if jac != nil {
		dbx := -md.mpi*md.b*md.sb*md.k*cy + md.cb*(md.mpi*cy+md.mpi*y*md.k*sy+md.a*md.k*cy)
		dby := md.b*md.sb*md.k*sy - md.cb*(sy+y*md.k*cy)
		jac[0] = md.C * md.k * cx * bx
		jac[1] = md.C * sx * dbx
		jac[2] = -md.C * md.mpi * md.k * sx * by
		jac[3] = md.C * md.mpi * cx * dby
	}
	return vx, vy
}

// lidDrivenCavity is the alternately driven lid-driven cavity flow of
// Grover et al. in dysts' form, with the time replaced by the phase
// φ = 2πt/τ. The first two separable Stokes modes V1 (amplitude u1) and
// V2 (amplitude u2) of the cavity 0 ≤ x ≤ a, |y| ≤ b (k_m = mπ/a,
// C_m = 2u_m/(2mπb + a sinh(2mπb/a))) are
//
//	V_m,x = C_m sin(k_m x) [−mπb sinh(k_m b) sinh(k_m y) + cosh(k_m b)(mπy cosh(k_m y) + a sinh(k_m y))]
//	V_m,y = C_m mπ cos(k_m x) [b sinh(k_m b) cosh(k_m y) − cosh(k_m b) y sinh(k_m y)]
//
// and dysts drives with w V(u1, u2) + (1 − w) V(−u1, u2),
// w = (1 + tanh(20τ sin φ))/2, that is
//
//	d(x, y)/dt = tanh(20τ sin φ) V1(x, y) + V2(x, y),   dφ/dt = 2π/τ.
//
// Each mode is divergence-free and vanishes normal to the walls.
//
// References:
//
//	Grover, P., Ross, S. D., Stremler, M. A. & Kumar, P. (2012).
//	  Topological chaos, braiding and bifurcation of almost-cyclic sets.
//	  Chaos 22, 043135.
func lidDrivenCavity(p system.Params, _ int) (ode.Func, system.JacFunc) {
	a, b, tau := p["a"], p["b"], p["tau"]
	m1, m2 := newLidMode(1, p["u1"], a, b), newLidMode(2, p["u2"], a, b)
	s := squirmerSteepness * tau
	omega := 2 * math.Pi / tau
	f := func(dst, x []float64, _ float64) {
		sw := math.Tanh(s * math.Sin(x[2]))
		u1, v1 := m1.vel(x[0], x[1], nil)
		u2, v2 := m2.vel(x[0], x[1], nil)
		dst[0] = sw*u1 + u2
		dst[1] = sw*v1 + v2
		dst[2] = omega
	}
	jac := func(dst, x []float64, _ float64) {
		sp, cp := math.Sincos(x[2])
		sw := math.Tanh(s * sp)
		dsw := s * cp * (1 - sw*sw)
		var j1, j2 [4]float64
		u1, v1 := m1.vel(x[0], x[1], &j1)
		m2.vel(x[0], x[1], &j2)
		dst[0], dst[1], dst[2] = sw*j1[0]+j2[0], sw*j1[1]+j2[1], dsw*u1
		dst[3], dst[4], dst[5] = sw*j1[2]+j2[2], sw*j1[3]+j2[3], dsw*v1
		dst[6], dst[7], dst[8] = 0, 0, 0
	}
	return f, jac
}

// liuChenSakarya is the Sakarya family of quadratic flows, which dysts
// uses for the Liu-Chen four-scroll attractor:
//
//	dx/dt = ax + hy + syz
//	dy/dt = −by − px + qxz
//	dz/dt = cz − rxy
//
// Its divergence is a − b + c.
//
// References:
//
//	Liu, W. & Chen, G. (2004). Can a three-dimensional smooth autonomous
//	  quadratic chaotic system generate a single four-scroll attractor?
//	  Int. J. Bifurcation Chaos 14, 1395-1403.
func liuChenSakarya(p system.Params, _ int) (ode.Func, system.JacFunc) {
	a, b, c, h, pp, q, r, s := p["a"], p["b"], p["c"], p["h"], p["p"], p["q"], p["r"], p["s"]
	f := func(dst, x []float64, _ float64) {
		dst[0] = a*x[0] + h*x[1] + s*x[1]*x[2]
		dst[1] = -b*x[1] - pp*x[0] + q*x[0]*x[2]
		dst[2] = c*x[2] - r*x[0]*x[1]
	}
	jac := func(dst, x []float64, _ float64) {
		dst[0], dst[1], dst[2] = a, h+s*x[2], s*x[1]
		dst[3], dst[4], dst[5] = -pp+q*x[2], -b, q*x[0]
		dst[6], dst[7], dst[8] = -r*x[1], -r*x[0], c
	}
	return f, jac
}

// lorenz84 is Lorenz's (1984) low-order model of the general
// circulation: the westerly wind x and a chain of eddies (y, z):
//
//	dx/dt = −ax − y² − z² + aF
//	dy/dt = −y + xy − bxz + G
//	dz/dt = −z + bxy + xz
//
// Its divergence is 2x − a − 2.
//
// References:
//
//	Lorenz, E. N. (1984). Irregularity: a fundamental property of the
//	  atmosphere. Tellus A 36, 98-110.
func lorenz84(p system.Params, _ int) (ode.Func, system.JacFunc) {
	a, b, F, G := p["a"], p["b"], p["f"], p["g"]
	f := func(dst, x []float64, _ float64) {
		dst[0] = -a*x[0] - x[1]*x[1] - x[2]*x[2] + a*F
		dst[1] = -x[1] + x[0]*x[1] - b*x[0]*x[2] + G
		dst[2] = -x[2] + b*x[0]*x[1] + x[0]*x[2]
	}
	jac := func(dst, x []float64, _ float64) {
		dst[0], dst[1], dst[2] = -a, -2*x[1], -2*x[2]
		dst[3], dst[4], dst[5] = x[1]-b*x[2], x[0]-1, -b*x[0]
		dst[6], dst[7], dst[8] = b*x[1]+x[2], b*x[0], x[0]-1
	}
	return f, jac
}

// lorenzBounded is the Lorenz field L(x) confined to the ball of radius
// r: dysts' expanded polynomial equals
//
//	dx/dt = (1 − S/r²) L(x),  S = x² + y² + z²,
//	L = (σ(y − x), ρx − xz − y, xy − βz),
//
// so the Jacobian is (1 − S/r²) ∂L − (2/r²) L xᵀ. Every point of the
// sphere S = r² is a fixed point.
//
// References:
//
//	Sprott, J. C. & Xiong, A. (2015). Classifying and quantifying basins
//	  of attraction. Chaos 25, 083101.
//	Lorenz, E. N. (1963). Deterministic nonperiodic flow. J. Atmos. Sci.
//	  20, 130-141.
func lorenzBounded(p system.Params, _ int) (ode.Func, system.JacFunc) {
	beta, r, rho, sigma := p["beta"], p["r"], p["rho"], p["sigma"]
	ir2 := 1 / (r * r)
	f := func(dst, x []float64, _ float64) {
		g := 1 - (x[0]*x[0]+x[1]*x[1]+x[2]*x[2])*ir2
		dst[0] = g * sigma * (x[1] - x[0])
		dst[1] = g * (rho*x[0] - x[0]*x[2] - x[1])
		dst[2] = g * (x[0]*x[1] - beta*x[2])
	}
	jac := func(dst, x []float64, _ float64) {
		g := 1 - (x[0]*x[0]+x[1]*x[1]+x[2]*x[2])*ir2
		L := [3]float64{sigma * (x[1] - x[0]), rho*x[0] - x[0]*x[2] - x[1], x[0]*x[1] - beta*x[2]}
		dL := [9]float64{-sigma, sigma, 0, rho - x[2], -1, -x[0], x[1], x[0], -beta}
		for i := 0; i < 3; i++ {
			for j := 0; j < 3; j++ {
				dst[3*i+j] = g*dL[3*i+j] - 2*ir2*L[i]*x[j]
			}
		}
	}
	return f, jac
}

// lorenzCoupled is a Lorenz oscillator (x1, y1, z1) driving a second
// one (x2, y2, z2) through its x equation:
//
//	dx1/dt = σ(y1 − x1)            dx2/dt = σ(y2 − x2) + ε(x1 − x2)
//	dy1/dt = ρ1 x1 − x1 z1 − y1    dy2/dt = ρ2 x2 − x2 z2 − y2
//	dz1/dt = x1 y1 − βz1           dz2/dt = x2 y2 − βz2
//
// Its divergence is −2(σ + 1 + β) − ε.
//
// References:
//
//	Lorenz, E. N. (1963). Deterministic nonperiodic flow. J. Atmos. Sci.
//	  20, 130-141.
func lorenzCoupled(p system.Params, _ int) (ode.Func, system.JacFunc) {
	beta, eps, rho1, rho2, sigma := p["beta"], p["eps"], p["rho1"], p["rho2"], p["sigma"]
	f := func(dst, x []float64, _ float64) {
		dst[0] = sigma * (x[1] - x[0])
		dst[1] = rho1*x[0] - x[0]*x[2] - x[1]
		dst[2] = x[0]*x[1] - beta*x[2]
		dst[3] = sigma*(x[4]-x[3]) + eps*(x[0]-x[3])
		dst[4] = rho2*x[3] - x[3]*x[5] - x[4]
		dst[5] = x[3]*x[4] - beta*x[5]
	}
	jac := func(dst, x []float64, _ float64) {
		clear(dst[:36])
		dst[0], dst[1] = -sigma, sigma
		dst[6], dst[7], dst[8] = rho1-x[2], -1, -x[0]
		dst[12], dst[13], dst[14] = x[1], x[0], -beta
		dst[18], dst[21], dst[22] = eps, -sigma-eps, sigma
		dst[27], dst[28], dst[29] = rho2-x[5], -1, -x[3]
		dst[33], dst[34], dst[35] = x[4], x[3], -beta
	}
	return f, jac
}

// lorenzStenflo is Stenflo's generalised Lorenz system for
// acoustic-gravity waves in a rotating atmosphere:
//
//	dx/dt = a(y − x) + dw
//	dy/dt = cx − xz − y
//	dz/dt = xy − bz
//	dw/dt = −x − aw
//
// Its divergence is −2a − 1 − b.
//
// References:
//
//	Stenflo, L. (1996). Generalized Lorenz equations for acoustic-gravity
//	  waves in the atmosphere. Physica Scripta 53, 83-84.
func lorenzStenflo(p system.Params, _ int) (ode.Func, system.JacFunc) {
	a, b, c, d := p["a"], p["b"], p["c"], p["d"]
	f := func(dst, x []float64, _ float64) {
		dst[0] = a*(x[1]-x[0]) + d*x[3]
		dst[1] = c*x[0] - x[0]*x[2] - x[1]
		dst[2] = x[0]*x[1] - b*x[2]
		dst[3] = -x[0] - a*x[3]
	}
	jac := func(dst, x []float64, _ float64) {
		dst[0], dst[1], dst[2], dst[3] = -a, a, 0, d
		dst[4], dst[5], dst[6], dst[7] = c-x[2], -1, -x[0], 0
		dst[8], dst[9], dst[10], dst[11] = x[1], x[0], -b, 0
		dst[12], dst[13], dst[14], dst[15] = -1, 0, 0, -a
	}
	return f, jac
}

// luChen is the Lü-Chen system, which bridges the Lorenz and Chen
// attractors as c varies:
//
//	dx/dt = a(y − x)
//	dy/dt = −xz + cy
//	dz/dt = xy − bz
//
// Its divergence is c − a − b.
//
// References:
//
//	Lü, J. & Chen, G. (2002). A new chaotic attractor coined. Int. J.
//	  Bifurcation Chaos 12, 659-661.
func luChen(p system.Params, _ int) (ode.Func, system.JacFunc) {
	a, b, c := p["a"], p["b"], p["c"]
	f := func(dst, x []float64, _ float64) {
		dst[0] = a * (x[1] - x[0])
		dst[1] = -x[0]*x[2] + c*x[1]
		dst[2] = x[0]*x[1] - b*x[2]
	}
	jac := func(dst, x []float64, _ float64) {
		dst[0], dst[1], dst[2] = -a, a, 0
		dst[3], dst[4], dst[5] = -x[2], c, -x[0]
		dst[6], dst[7], dst[8] = x[1], x[0], -b
	}
	return f, jac
}

// luChenCheng is the four-scroll system of Lü, Chen and Cheng:
//
//	dx/dt = −(ab/(a + b)) x − yz + c
//	dy/dt = ay + xz
//	dz/dt = bz + xy
//
// Its divergence is a + b − ab/(a + b).
//
// References:
//
//	Lü, J., Chen, G. & Cheng, D. (2004). A new chaotic system and beyond:
//	  the generalized Lorenz-like system. Int. J. Bifurcation Chaos 14,
//	  1507-1537.
func luChenCheng(p system.Params, _ int) (ode.Func, system.JacFunc) {
	a, b, c := p["a"], p["b"], p["c"]
	k := a * b / (a + b)
	f := func(dst, x []float64, _ float64) {
		dst[0] = -k*x[0] - x[1]*x[2] + c
		dst[1] = a*x[1] + x[0]*x[2]
		dst[2] = b*x[2] + x[0]*x[1]
	}
	jac := func(dst, x []float64, _ float64) {
		dst[0], dst[1], dst[2] = -k, -x[2], -x[1]
		dst[3], dst[4], dst[5] = x[2], a, x[0]
		dst[6], dst[7], dst[8] = x[1], x[0], b
	}
	return f, jac
}

// macArthur is MacArthur's consumer-resource model with Liebig's law of
// the minimum, with Huisman and Weissing's five-species, five-resource
// plankton parameters (C, K, S fixed at dysts' values). Species
// N_1..N_5 are followed by resources R_1..R_5:
//
//	μ_i = min_j r R_j/(K_ji + R_j)
//	dN_i/dt = N_i (μ_i − m)
//	dR_j/dt = D(S_j − R_j) − Σ_i C_ji μ_i N_i
//
// The Jacobian differentiates through each species' limiting resource
// (the argmin; ties have measure zero).
//
// References:
//
//	MacArthur, R. (1970). Species packing and competitive equilibrium for
//	  many species. Theor. Popul. Biol. 1, 1-11.
//	Huisman, J. & Weissing, F. J. (1999). Biodiversity of plankton by
//	  species oscillations and chaos. Nature 402, 407-410.
func macArthur(p system.Params, n int) (ode.Func, system.JacFunc) {
	D, m, r := p["d"], p["m"], p["r"]
	C, cc := dystsMatrix("MacArthur", "c")
	K, kc := dystsMatrix("MacArthur", "k")
	S := dystsVector("MacArthur", "s")
	ns := kc          // species: columns of K
	nr := len(K) / kc // resources: rows of K
	if cc != ns || len(C) != nr*ns || len(S) != nr || n != ns+nr {
		panic(fmt.Sprintf("flows: MacArthur: inconsistent shapes (C %dx%d, K %dx%d, S %d, dimension %d)", len(C)/cc, cc, nr, kc, len(S), n))
	}
	// growth writes μ_i and the index of the limiting resource of each
	// species into mu and arg.
	growth := func(mu []float64, arg []int, R []float64) {
		for i := 0; i < ns; i++ {
			best, bj := math.Inf(1), 0
			for j := 0; j < nr; j++ {
				if v := r * R[j] / (K[j*ns+i] + R[j]); v < best {
					best, bj = v, j
				}
			}
			mu[i], arg[i] = best, bj
		}
	}
	muF, argF := make([]float64, ns), make([]int, ns)
	f := func(dst, x []float64, _ float64) {
		N, R := x[:ns], x[ns:ns+nr]
		growth(muF, argF, R)
		for i := 0; i < ns; i++ {
			dst[i] = N[i] * (muF[i] - m)
		}
		for j := 0; j < nr; j++ {
			var use float64
			for i := 0; i < ns; i++ {
				use += C[j*ns+i] * muF[i] * N[i]
			}
			dst[ns+j] = D*(S[j]-R[j]) - use
		}
	}
	muJ, argJ, dmu := make([]float64, ns), make([]int, ns), make([]float64, ns)
	jac := func(dst, x []float64, _ float64) {
		N, R := x[:ns], x[ns:ns+nr]
		growth(muJ, argJ, R)
		for i := 0; i < ns; i++ {
			j := argJ[i]
			q := K[j*ns+i] + R[j]
			dmu[i] = r * K[j*ns+i] / (q * q) // ∂μ_i/∂R_j at the limiting j
		}
		clear(dst[:n*n])
		for i := 0; i < ns; i++ {
			row := dst[i*n : (i+1)*n]
			row[i] = muJ[i] - m
			row[ns+argJ[i]] = N[i] * dmu[i]
		}
		for j := 0; j < nr; j++ {
			row := dst[(ns+j)*n : (ns+j+1)*n]
			for i := 0; i < ns; i++ {
				row[i] = -C[j*ns+i] * muJ[i]
				row[ns+argJ[i]] -= C[j*ns+i] * N[i] * dmu[i]
			}
			row[ns+j] -= D
		}
	}
	return f, jac
}

// mooreSpiegel is Moore and Spiegel's thermally excited oscillator:
//
//	dx/dt = y
//	dy/dt = az
//	dz/dt = −z + εy − yx² − bx
//
// Its divergence is −1.
//
// References:
//
//	Moore, D. W. & Spiegel, E. A. (1966). A thermally excited non-linear
//	  oscillator. Astrophys. J. 143, 871-887.
func mooreSpiegel(p system.Params, _ int) (ode.Func, system.JacFunc) {
	a, b, eps := p["a"], p["b"], p["eps"]
	f := func(dst, x []float64, _ float64) {
		dst[0] = x[1]
		dst[1] = a * x[2]
		dst[2] = -x[2] + eps*x[1] - x[1]*x[0]*x[0] - b*x[0]
	}
	jac := func(dst, x []float64, _ float64) {
		dst[0], dst[1], dst[2] = 0, 1, 0
		dst[3], dst[4], dst[5] = 0, 0, a
		dst[6], dst[7], dst[8] = -2*x[0]*x[1]-b, eps-x[0]*x[0], -1
	}
	return f, jac
}

// multiChua is the multi-scroll Chua circuit with a piecewise-linear
// characteristic of 2q − 1 = 11 segments (breakpoints ±c_i, slopes m_i,
// both fixed at dysts' values):
//
//	h(x) = m_q x + Σ_{i=1..q} (m_{i−1} − m_i)(|x + c_i| − |x − c_i|)/2
//	dx/dt = a(y − h(x))
//	dy/dt = x − y + z
//	dz/dt = −by
//
// h' at a breakpoint is the mean of the one-sided slopes (sign(0) = 0,
// as in dysts' Chua Jacobian).
//
// References:
//
//	Yalçin, M. E., Suykens, J. A. K. & Vandewalle, J. (2005). Cellular
//	  Neural Networks, Multi-Scroll Chaos and Synchronization. World
//	  Scientific.
func multiChua(p system.Params, _ int) (ode.Func, system.JacFunc) {
	a, b := p["a"], p["b"]
	c, m := dystsVector("MultiChua", "c"), dystsVector("MultiChua", "m")
	if len(c) != len(m) || len(m) < 2 {
		panic("flows: MultiChua: breakpoints c and slopes m must have the same length ≥ 2")
	}
	q := len(m) - 1
	h := func(x float64) float64 {
		s := m[q] * x
		for i := 1; i <= q; i++ {
			s += 0.5 * (m[i-1] - m[i]) * (math.Abs(x+c[i]) - math.Abs(x-c[i]))
		}
		return s
	}
	sign := func(v float64) float64 {
		switch {
		case v > 0:
			return 1
		case v < 0:
			return -1
		}
		return 0
	}
	dh := func(x float64) float64 {
		s := m[q]
		for i := 1; i <= q; i++ {
			s += 0.5 * (m[i-1] - m[i]) * (sign(x+c[i]) - sign(x-c[i]))
		}
		return s
	}
	f := func(dst, x []float64, _ float64) {
		dst[0] = a * (x[1] - h(x[0]))
		dst[1] = x[0] - x[1] + x[2]
		dst[2] = -b * x[1]
	}
	jac := func(dst, x []float64, _ float64) {
		dst[0], dst[1], dst[2] = -a*dh(x[0]), a, 0
		dst[3], dst[4], dst[5] = 1, -1, 1
		dst[6], dst[7], dst[8] = 0, -b, 0
	}
	return f, jac
}

// newtonLiepnik is Leipnik and Newton's rigid body with linear feedback,
// which has two coexisting strange attractors:
//
//	dx/dt = −ax + y + 10yz
//	dy/dt = −x − 0.4y + 5xz
//	dz/dt = bz − 5xy
//
// Its divergence is b − a − 0.4.
//
// References:
//
//	Leipnik, R. B. & Newton, T. A. (1981). Double strange attractors in
//	  rigid body motion with linear feedback control. Phys. Lett. A 86,
//	  63-67.
func newtonLiepnik(p system.Params, _ int) (ode.Func, system.JacFunc) {
	a, b := p["a"], p["b"]
	f := func(dst, x []float64, _ float64) {
		dst[0] = -a*x[0] + x[1] + 10*x[1]*x[2]
		dst[1] = -x[0] - 0.4*x[1] + 5*x[0]*x[2]
		dst[2] = b*x[2] - 5*x[0]*x[1]
	}
	jac := func(dst, x []float64, _ float64) {
		dst[0], dst[1], dst[2] = -a, 1+10*x[2], 10*x[1]
		dst[3], dst[4], dst[5] = -1+5*x[2], -0.4, 5*x[0]
		dst[6], dst[7], dst[8] = -5*x[1], -5*x[0], b
	}
	return f, jac
}

// noseHoover is the Nosé-Hoover thermostatted harmonic oscillator
// (Sprott's case A when a = 1):
//
//	dx/dt = y
//	dy/dt = −x + yz
//	dz/dt = a − y²
//
// Its divergence is z; d/dt (x² + y² + z²)/2 = az.
//
// References:
//
//	Nosé, S. (1984). J. Chem. Phys. 81, 511-519.
//	Hoover, W. G. (1985). Canonical dynamics: equilibrium phase-space
//	  distributions. Phys. Rev. A 31, 1695-1697.
//	Sprott, J. C. (1994). Some simple chaotic flows. Phys. Rev. E 50,
//	  R647-R650.
func noseHoover(p system.Params, _ int) (ode.Func, system.JacFunc) {
	a := p["a"]
	f := func(dst, x []float64, _ float64) {
		dst[0] = x[1]
		dst[1] = -x[0] + x[1]*x[2]
		dst[2] = a - x[1]*x[1]
	}
	jac := func(dst, x []float64, _ float64) {
		dst[0], dst[1], dst[2] = 0, 1, 0
		dst[3], dst[4], dst[5] = -1, x[2], x[1]
		dst[6], dst[7], dst[8] = 0, -2*x[1], 0
	}
	return f, jac
}

// nuclearQuadrupole gives Hamilton's equations of the classical
// quadrupole boson Hamiltonian of Baran and Raduta,
//
//	H = (a/2)(p1² + p2² + q1² + q2²) − (b/√2)(q1³ − 3 q1 q2²) + (d/4)(q1² + q2²)²:
//
//	dq1/dt = a p1
//	dq2/dt = a p2
//	dp1/dt = −a q1 + (3b/√2)(q1² − q2²) − d q1 (q1² + q2²)
//	dp2/dt = −a q2 − 3√2 b q1 q2 − d q2 (q1² + q2²)
//
// References:
//
//	Baran, V. & Raduta, A. A. (1998). International Journal of Modern
//	  Physics E (as cited by Gilpin, W. (2021), dysts).
func nuclearQuadrupole(p system.Params, _ int) (ode.Func, system.JacFunc) {
	a, b, d := p["a"], p["b"], p["d"]
	k := 3 * b / math.Sqrt2 // 3b/√2 = (3√2/2) b
	f := func(dst, x []float64, _ float64) {
		q1, q2 := x[0], x[1]
		s := q1*q1 + q2*q2
		dst[0] = a * x[2]
		dst[1] = a * x[3]
		dst[2] = -a*q1 + k*(q1*q1-q2*q2) - d*q1*s
		dst[3] = -a*q2 - 2*k*q1*q2 - d*q2*s
	}
	jac := func(dst, x []float64, _ float64) {
		q1, q2 := x[0], x[1]
		h12 := -2*k*q2 - 2*d*q1*q2
		dst[0], dst[1], dst[2], dst[3] = 0, 0, a, 0
		dst[4], dst[5], dst[6], dst[7] = 0, 0, 0, a
		dst[8], dst[9], dst[10], dst[11] = -a+2*k*q1-d*(3*q1*q1+q2*q2), h12, 0, 0
		dst[12], dst[13], dst[14], dst[15] = h12, -a-2*k*q1-d*(q1*q1+3*q2*q2), 0, 0
	}
	return f, jac
}

// quadrupoleEnergy is the NuclearQuadrupole Hamiltonian at state x.
func quadrupoleEnergy(p system.Params, x []float64) float64 {
	a, b, d := p["a"], p["b"], p["d"]
	q1, q2, p1, p2 := x[0], x[1], x[2], x[3]
	s := q1*q1 + q2*q2
	return 0.5*a*(p1*p1+p2*p2+s) - b/math.Sqrt2*(q1*q1*q1-3*q1*q2*q2) + 0.25*d*s*s
}

// oscillatingFlow is Solomon and Gollub's model of tracer transport in
// laterally oscillating convection rolls, with the forcing phase z:
//
//	dx/dt = u cos(ky) sin(k(x + b sin z))
//	dy/dt = −u sin(ky) cos(k(x + b sin z))
//	dz/dt = ω
//
// the velocity of the stream function ψ = (u/k) sin(k(x + b sin z)) sin(ky).
//
// References:
//
//	Solomon, T. H. & Gollub, J. P. (1988). Chaotic particle transport in
//	  time-dependent Rayleigh-Bénard convection. Phys. Rev. A 38,
//	  6280-6286.
func oscillatingFlow(p system.Params, _ int) (ode.Func, system.JacFunc) {
	b, k, omega, u := p["b"], p["k"], p["omega"], p["u"]
	f := func(dst, x []float64, _ float64) {
		sf, cf := math.Sincos(k * (x[0] + b*math.Sin(x[2])))
		sy, cy := math.Sincos(k * x[1])
		dst[0] = u * cy * sf
		dst[1] = -u * sy * cf
		dst[2] = omega
	}
	jac := func(dst, x []float64, _ float64) {
		sz, cz := math.Sincos(x[2])
		sf, cf := math.Sincos(k * (x[0] + b*sz))
		sy, cy := math.Sincos(k * x[1])
		uk := u * k
		dst[0], dst[1], dst[2] = uk*cy*cf, -uk*sy*sf, uk*cy*cf*b*cz
		dst[3], dst[4], dst[5] = uk*sy*sf, -uk*cy*cf, uk*sy*sf*b*cz
		dst[6], dst[7], dst[8] = 0, 0, 0
	}
	return f, jac
}

// dequanLiFamily is Dequan Li's family of quadratic flows (the
// three-scroll unified chaotic system), which dysts uses for three
// catalogue entries with different parameters: DequanLi, PanXuZhou and
// Tsucs2:
//
//	dx/dt = a(y − x) + dxz
//	dy/dt = kx + fy − xz
//	dz/dt = cz + xy − εx²
//
// With d = f = ε = 0 and c < 0 < k the equilibria (±√(−ck), ±√(−ck), k)
// have the characteristic polynomial λ³ + (a − c)λ² − c(a + k)λ − 2ack,
// stable when (a − c)(a + k) > 2ak; at PanXuZhou's dysts defaults narrowly so, and
// chaos from dysts' initial condition is a long transient.
//
// References:
//
//	Zhou, W., Xu, Y., Lu, H. & Pan, L. (2008). On dynamics analysis of a
//	  new chaotic attractor. Phys. Lett. A 372, 5773-5777.
//	Li, D. (2008). A three-scroll chaotic attractor. Phys. Lett. A 372,
//	  387-393.
//	Pan, Zhou, Li (2013). Synchronization of Three-Scroll Unified
//	  Chaotic System (TSUCS) and its hyper-chaotic system using active
//	  pinning control (dysts' citation for Tsucs2).
//
// Its divergence is f + c − a + dz.
func dequanLiFamily(p system.Params, _ int) (ode.Func, system.JacFunc) {
	a, c, d, eps, F, k := p["a"], p["c"], p["d"], p["eps"], p["f"], p["k"]
	f := func(dst, x []float64, _ float64) {
		dst[0] = a*(x[1]-x[0]) + d*x[0]*x[2]
		dst[1] = k*x[0] + F*x[1] - x[0]*x[2]
		dst[2] = c*x[2] + x[0]*x[1] - eps*x[0]*x[0]
	}
	jac := func(dst, x []float64, _ float64) {
		dst[0], dst[1], dst[2] = -a+d*x[2], a, d*x[0]
		dst[3], dst[4], dst[5] = k-x[2], F, -x[0]
		dst[6], dst[7], dst[8] = x[1]-2*eps*x[0], x[0], c
	}
	return f, jac
}

// pehlivanWei is Pehlivan and Wei's parameter-free quadratic flow:
//
//	dx/dt = y − yz
//	dy/dt = y + yz − 2x
//	dz/dt = 2 − xy − y²
//
// Its divergence is 1 + z.
//
// References:
//
//	Pehlivan, I. & Wei, Z. (2012). Analysis, nonlinear control, and chaos
//	  generator circuit of another strange chaotic system. Turk. J. Elec.
//	  Eng. & Comp. Sci. 20, 1229-1239.
func pehlivanWei(system.Params, int) (ode.Func, system.JacFunc) {
	f := func(dst, x []float64, _ float64) {
		dst[0] = x[1] - x[1]*x[2]
		dst[1] = x[1] + x[1]*x[2] - 2*x[0]
		dst[2] = 2 - x[0]*x[1] - x[1]*x[1]
	}
	jac := func(dst, x []float64, _ float64) {
		dst[0], dst[1], dst[2] = 0, 1-x[2], -x[1]
		dst[3], dst[4], dst[5] = -2, 1+x[2], x[1]
		dst[6], dst[7], dst[8] = -x[1], -x[0]-2*x[1], 0
	}
	return f, jac
}

// qi4 is the four-wing hyperchaotic Qi system with cubic couplings:
//
//	dx/dt = a(y − x) + yzw
//	dy/dt = b(x + y) − xzw
//	dz/dt = −cz + xyw
//	dw/dt = −dw + obsXYZB
//
// Its divergence is b − a − c − d.
//
// References:
//
//	Qi, G., van Wyk, M. A., van Wyk, B. J. & Chen, G. (2008). On a new
//	  hyperchaotic system. Phys. Lett. A 372, 124-136.
func qi4(p system.Params, _ int) (ode.Func, system.JacFunc) {
	a, b, c, d := p["a"], p["b"], p["c"], p["d"]
	f := func(dst, x []float64, _ float64) {
		X, Y, Z, W := x[0], x[1], x[2], x[3]
		dst[0] = a*(Y-X) + Y*Z*W
		dst[1] = b*(X+Y) - X*Z*W
		dst[2] = -c*Z + X*Y*W
		dst[3] = -d*W + X*Y*Z
	}
	jac := func(dst, x []float64, _ float64) {
		X, Y, Z, W := x[0], x[1], x[2], x[3]
		dst[0], dst[1], dst[2], dst[3] = -a, a+Z*W, Y*W, Y*Z
		dst[4], dst[5], dst[6], dst[7] = b-Z*W, b, -X*W, -X*Z
		dst[8], dst[9], dst[10], dst[11] = Y*W, X*W, -c, X*Y
		dst[12], dst[13], dst[14], dst[15] = Y*Z, X*Z, X*Y, -d
	}
	return f, jac
}

// qiChen is the double-wing quadratic system of Qi, Chen et al.:
//
//	dx/dt = a(y − x) + yz
//	dy/dt = cx + y − xz
//	dz/dt = xy − bz
//
// Its divergence is 1 − a − b.
//
// References:
//
//	Qi, G., Chen, G., Du, S., Chen, Z. & Yuan, Z. (2005). Analysis of a
//	  new chaotic system. Physica A 352, 295-308 (whose dy/dt has −y;
//	  dysts cites Qi et al. (2008), Chaos Solitons Fractals).
func qiChen(p system.Params, _ int) (ode.Func, system.JacFunc) {
	a, b, c := p["a"], p["b"], p["c"]
	f := func(dst, x []float64, _ float64) {
		dst[0] = a*(x[1]-x[0]) + x[1]*x[2]
		dst[1] = c*x[0] + x[1] - x[0]*x[2]
		dst[2] = x[0]*x[1] - b*x[2]
	}
	jac := func(dst, x []float64, _ float64) {
		dst[0], dst[1], dst[2] = -a, a+x[2], x[1]
		dst[3], dst[4], dst[5] = c-x[2], 1, -x[0]
		dst[6], dst[7], dst[8] = x[1], x[0], -b
	}
	return f, jac
}

// rabinovichFabrikant is the Rabinovich-Fabrikant model of the
// self-modulation of waves in a nonequilibrium medium:
//
//	dx/dt = y(z − 1 + x²) + γx
//	dy/dt = x(3z + 1 − x²) + γy
//	dz/dt = −2z(α + xy)
//
// Its divergence is 2(γ − α) everywhere.
//
// References:
//
//	Rabinovich, M. I. & Fabrikant, A. L. (1979). Stochastic
//	  self-modulation of waves in nonequilibrium media. Sov. Phys. JETP
//	  50, 311-317.
func rabinovichFabrikant(p system.Params, _ int) (ode.Func, system.JacFunc) {
	alpha, gamma := p["a"], p["g"]
	f := func(dst, x []float64, _ float64) {
		X, Y, Z := x[0], x[1], x[2]
		dst[0] = Y*(Z-1+X*X) + gamma*X
		dst[1] = X*(3*Z+1-X*X) + gamma*Y
		dst[2] = -2 * Z * (alpha + X*Y)
	}
	jac := func(dst, x []float64, _ float64) {
		X, Y, Z := x[0], x[1], x[2]
		dst[0], dst[1], dst[2] = 2*X*Y+gamma, Z-1+X*X, Y
		dst[3], dst[4], dst[5] = 3*Z+1-3*X*X, gamma, 3*X
		dst[6], dst[7], dst[8] = -2*Y*Z, -2*X*Z, -2*(alpha+X*Y)
	}
	return f, jac
}

// rayleighBenard is Yanagita and Kaneko's three-mode model of a
// convective cell in dysts' form:
//
//	dx/dt = a(y − x)
//	dy/dt = ry − xz
//	dz/dt = xy − bz
//
// Its divergence is r − a − b.
//
// References:
//
//	Yanagita, T. & Kaneko, K. (1995). Rayleigh-Bénard convection:
//	  patterns, chaos, spatiotemporal chaos and turbulence. Physica D 82,
//	  288-313.
func rayleighBenard(p system.Params, _ int) (ode.Func, system.JacFunc) {
	a, b, r := p["a"], p["b"], p["r"]
	f := func(dst, x []float64, _ float64) {
		dst[0] = a * (x[1] - x[0])
		dst[1] = r*x[1] - x[0]*x[2]
		dst[2] = x[0]*x[1] - b*x[2]
	}
	jac := func(dst, x []float64, _ float64) {
		dst[0], dst[1], dst[2] = -a, a, 0
		dst[3], dst[4], dst[5] = -x[2], r, -x[0]
		dst[6], dst[7], dst[8] = x[1], x[0], -b
	}
	return f, jac
}
