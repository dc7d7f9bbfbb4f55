package flows

import (
	"fmt"
	"math"

	"github.com/emergo/emergo/system"
	"github.com/emergo/emergo/system/ode"
)

// Group A of the dysts catalogue: thirty-nine flows from Aizawa to
// HenonHeiles (alphabetically), each with dysts' parameter names,
// defaults and initial condition and an analytic Jacobian. Forcing
// phases and angles that enter the equations only through 2π-periodic
// functions are reduced into [0, 2π) after each sample (and in the
// initial condition); the Bickley jet's along-jet position and time are
// the only unbounded coordinates left (see its description).

func init() {
	for _, s := range groupA() {
		register(s)
	}
}

// Bounds of group A's parameters that divide or set a scale.
const (
	posMinA = 1e-6
	posMaxA = 1e6
	// hillMaxA bounds the (integer) Hill exponents.
	hillMaxA = 16
	// rotletSteepnessA is dysts' stiffness of the blinking protocol
	// w = (1 + tanh(20 τ sin φ))/2.
	rotletSteepnessA = 20
)

// obsXYZA names the state of the plain three-dimensional flows.
var obsXYZA = []string{"x", "y", "z"}

// wrappedICA returns an initial-condition function that copies dysts'
// initial condition and reduces the components idx into [0, 2π).
func wrappedICA(idx ...int) func(system.Params, int, []float64) []float64 {
	return func(_ system.Params, _ int, d []float64) []float64 {
		x := append([]float64(nil), d...)
		for _, i := range idx {
			x[i] = wrap2Pi(x[i])
		}
		return x
	}
}

// groupA is the table of group A.
func groupA() []spec {
	return []spec{
		{
			name: "Aizawa",
			params: []param{
				{name: "a", doc: "linear growth rate a of z"},
				{name: "b", doc: "damping b of x and y"},
				{name: "c", doc: "constant drive c of z"},
				{name: "d", doc: "rotation rate d in the (x, y) plane"},
				{name: "e", doc: "coefficient e of the −ez(x² + y²) term in dz/dt"},
				{name: "f", doc: "coefficient f of the fzx³ term in dz/dt"},
			},
			field: aizawa,
			citation: "Langford, W. F. (1984). Numerical studies of torus bifurcations. In Numerical Methods for Bifurcation " +
				"Problems (ISNM 70), Birkhäuser, Basel, 285-295; Aizawa, Y. & Uezu, T. (1982). Topological aspects in chaos and " +
				"in 2^k-period doubling cascade. Prog. Theor. Phys. 67, 982-985.",
			description: "dx/dt = (z − b)x − dy, dy/dt = dx + (z − b)y, dz/dt = c + az − z³/3 − (x² + y²)(1 + ez) + fzx³.",
			observables: obsXYZA,
		},
		{
			name: "AnishchenkoAstakhov",
			params: []param{
				{name: "eta", doc: "relaxation rate η of the inertial variable z"},
				{name: "mu", doc: "negative damping μ of the oscillator (excitation)"},
			},
			field: anishchenkoAstakhov,
			citation: "Anishchenko, V. S., Astakhov, V., Neiman, A., Vadivasova, T. & Schimansky-Geier, L. (2007). Nonlinear " +
				"Dynamics of Chaotic and Stochastic Systems: Tutorial and Modern Developments, 2nd ed. Springer, Berlin " +
				"(the oscillator with inertial nonlinearity).",
			description: "dx/dt = μx + y − xz, dy/dt = −x, dz/dt = −ηz + ηH(x)x², with the Heaviside step H(x) = 1 for x > 0 " +
				"and 0 otherwise (H(x)x² is continuously differentiable, so the Jacobian is continuous).",
			observables: obsXYZA,
		},
		{
			name: "Arneodo",
			params: []param{
				{name: "a", doc: "coefficient a of −ax in the jerk"},
				{name: "b", doc: "damping b of the velocity y"},
				{name: "c", doc: "damping c of the acceleration z"},
				{name: "d", doc: "coefficient d of the cubic term dx³"},
			},
			field: arneodo,
			citation: "Arneodo, A., Coullet, P. & Tresser, C. (1980). Occurrence of strange attractors in three-dimensional " +
				"Volterra equations. Phys. Lett. A 79, 259-263.",
			description: "dx/dt = y, dy/dt = z, dz/dt = −ax − by − cz + dx³ (divergence −c).",
			observables: obsXYZA,
			aliases:     []string{"ACT"},
		},
		{
			name: "ArnoldBeltramiChildress",
			params: []param{
				{name: "a", doc: "amplitude A of the sin z, cos z components"},
				{name: "b", doc: "amplitude B of the sin x, cos x components"},
				{name: "c", doc: "amplitude C of the sin y, cos y components"},
			},
			field:  arnoldBeltramiChildress,
			ic:     wrappedICA(0, 1, 2),
			phases: []int{0, 1, 2},
			citation: "Arnold, V. I. (1965). Sur la topologie des écoulements stationnaires des fluides parfaits. C. R. Acad. " +
				"Sci. Paris 261, 17-20; Childress, S. (1970). New solutions of the kinematic dynamo problem. J. Math. Phys. 11, " +
				"3063-3076; Dombre, T., Frisch, U., Greene, J. M., Hénon, M., Mehr, A. & Soward, A. M. (1986). Chaotic " +
				"streamlines in the ABC flows. J. Fluid Mech. 167, 353-391.",
			description: "Streamlines of the steady ABC flow on the 2π-periodic cube: dx/dt = A sin z + C cos y, " +
				"dy/dt = B sin x + A cos z, dz/dt = C sin y + B cos x. The velocity is a Beltrami field (its curl equals " +
				"itself) and divergence-free. Every coordinate is an angle: emergo reduces x, y and z into [0, 2π) after " +
				"each sample and in the initial condition (dysts leaves them unbounded and reports sin x, cos y, sin z).",
			observables: obsXYZA,
			aliases:     []string{"ABC"},
		},
		{
			name: "ArnoldWeb",
			params: []param{
				{name: "mu", doc: "strength μ of the perturbation μ/(4 + cos x1 + cos x2 + cos z)"},
				{name: "w", doc: "angular frequency ω of the third angle z"},
			},
			field:  arnoldWeb,
			ic:     wrappedICA(2, 3, 4),
			phases: []int{2, 3, 4},
			citation: "Froeschlé, C., Guzzo, M. & Lega, E. (2000). Graphical evolution of the Arnold web: from order to " +
				"chaos. Science 289, 2108-2110.",
			description: "Hamilton's equations of H = (p1² + p2²)/2 + μ/D, D = 4 + cos x1 + cos x2 + cos z, with the third " +
				"angle z = ωt + z0 driven: dp_i/dt = −μ sin x_i/D², dx_i/dt = p_i (i = 1, 2), dz/dt = ω (state p1, p2, x1, " +
				"x2, z as in dysts). The angles x1, x2 and z are reduced into [0, 2π) after each sample and in the initial " +
				"condition (dysts leaves them unbounded and reports sin x1, sin x2, cos z). With ω = 0 the energy H is " +
				"conserved.",
			observables: []string{"p1", "p2", "x1", "x2", "z"},
		},
		{
			name: "AtmosphericRegime",
			params: []param{
				{name: "alpha", doc: "coefficient α of the energy-preserving yz, y² terms"},
				{name: "beta", doc: "coefficient β of the energy-preserving z², yz terms"},
				{name: "mu1", doc: "linear growth rate μ1 of the slow mode x"},
				{name: "mu2", doc: "linear growth rate μ2 of the fast pair (y, z)"},
				{name: "omega", doc: "rotation frequency ω of the fast pair"},
				{name: "sigma", doc: "coupling σ between the slow mode and the fast pair"},
			},
			field: atmosphericRegime,
			citation: "Tuwankotta, J. M. (2006). Chaos in a coupled oscillators system with widely spaced frequencies and " +
				"energy-preserving non-linearity. Int. J. Non-Linear Mech. 41, 180-191.",
			description: "dx/dt = μ1x + σxy, dy/dt = μ2y + ωz + αyz + βz² − σx², dz/dt = μ2z − ωy − αy² − βyz. The " +
				"quadratic terms conserve E = (x² + y² + z²)/2, so dE/dt = μ1x² + μ2(y² + z²).",
			observables: obsXYZA,
		},
		{
			name:   "BeerRNN",
			arrays: []string{"tau", "theta", "w"},
			field:  beerRNN,
			citation: "Beer, R. D. (1995). On the dynamics of small continuous-time recurrent neural networks. Adaptive " +
				"Behavior 3, 469-509.",
			description: "A continuous-time recurrent network of three neurons: τ_i dy_i/dt = −y_i + Σ_j w_ij s(y_j + θ_j), " +
				"s(u) = 1/(1 + e^(−u)), with dysts' time constants τ, biases θ and weights w (fixed arrays, not parameters). " +
				"The box y_i ∈ [Σ_j min(w_ij, 0), Σ_j max(w_ij, 0)] attracts every orbit.",
			observables: []string{"y1", "y2", "y3"},
		},
		{
			name: "BelousovZhabotinsky",
			params: []param{
				{name: "c1", doc: "coefficient c1 of x·ȳ in dx/dt"},
				{name: "c2", doc: "coefficient c2 of ȳ in dx/dt"},
				{name: "c3", doc: "coefficient c3 of x² in dx/dt"},
				{name: "c4", doc: "coefficient c4 of the autocatalytic rate r_f in dx/dt"},
				{name: "c5", doc: "coefficient c5 of xz in dx/dt"},
				{name: "c6", doc: "coefficient c6 (divided by z0) of r_f in dz/dt"},
				{name: "c7", doc: "coefficient c7 of xz in dz/dt"},
				{name: "c8", doc: "coefficient c8 of zv in dz/dt"},
				{name: "c9", doc: "coefficient c9 of z in dz/dt"},
				{name: "c10", doc: "coefficient c10 of x·ȳ in dv/dt"},
				{name: "c11", doc: "coefficient c11 of ȳ in dv/dt"},
				{name: "c12", doc: "coefficient c12 of x² in dv/dt"},
				{name: "c13", doc: "coefficient c13 of zv in dv/dt"},
				{name: "ci", doc: "total cerium concentration C_i in r_f = (C_i − z0 z)√x"},
				{name: "kf", doc: "flow rate k_f of the stirred reactor (the bifurcation parameter)"},
				{name: "t0", doc: "time scale T0 multiplying the whole field"},
				{name: "y0", doc: "scale Y0 of the bromide concentration (divides ȳ)", min: posMinA, max: posMaxA},
				{name: "yb1", doc: "numerator coefficient of the quasi-steady bromide ȳ"},
				{name: "yb2", doc: "coefficient of x in the denominator of ȳ"},
				{name: "yb3", doc: "constant in the denominator of ȳ"},
				{name: "z0", doc: "scale Z0 of the Ce(IV) concentration (divides c6)", min: posMinA, max: posMaxA},
			},
			field: belousovZhabotinsky,
			citation: "Györgyi, L. & Field, R. J. (1992). A three-variable model of deterministic chaos in the " +
				"Belousov-Zhabotinsky reaction. Nature 355, 808-810.",
			description: "Scaled concentrations x (HBrO2), z (Ce(IV)) and v (organic radical), with the bromide concentration " +
				"eliminated adiabatically, ȳ = (yb1/Y0) z v/(yb2 x + yb3 + k_f), and r_f = (C_i − Z0 z)√x⁺, x⁺ = max(0, x): " +
				"dx/dt = T0(c1 x⁺ȳ + c2 ȳ + c3 x⁺² + c4 r_f + c5 x⁺z − k_f x⁺), dz/dt = T0((c6/Z0) r_f + c7 x⁺z + c8 zv + " +
				"c9 z − k_f z), dv/dt = T0(c10 x⁺ȳ + c11 ȳ + c12 x⁺² + c13 zv − k_f v), as in dysts (ȳ uses x itself, the " +
				"other terms x⁺). For x ≤ 0 the Jacobian takes the derivatives of the x⁺ terms as 0; near x = 0+ the √x " +
				"term makes it grow like 1/√x.",
			observables: []string{"x", "z", "v"},
		},
		{
			name: "BickleyJet",
			params: []param{
				{name: "ell", doc: "half-width ℓ of the jet", min: posMinA, max: posMaxA},
				{name: "omega", doc: "rate ω of the time variable z (dz/dt = ω)"},
				{name: "u", doc: "peak speed U of the jet"},
			},
			arrays: []string{"eps", "k", "sigma"},
			field:  bickleyJet,
			citation: "Rypina, I. I., Brown, M. G., Beron-Vera, F. J., Koçak, H., Olascoaga, M. J. & Udovydchenkov, I. A. " +
				"(2007). On the Lagrangian dynamics of atmospheric zonal jets and the permeability of the stratospheric " +
				"polar vortex. J. Atmos. Sci. 64, 3595-3610; Hadjighasem, A., Karrasch, D., Teramoto, H. & Haller, G. " +
				"(2016). Spectral-clustering approach to Lagrangian vortex detection. Phys. Rev. E 93, 063107.",
			description: "A tracer in the perturbed Bickley jet, state (y, x, z) in dysts' order with z the time: with " +
				"s = sech²(y/ℓ), th = tanh(y/ℓ) and u_n = k_n(x − σ_n z), dy/dt = ℓUs Σ ε_n k_n sin u_n, " +
				"dx/dt = Us(−1 − 2 th Σ ε_n cos u_n), dz/dt = ω (ε, k, σ are dysts' fixed arrays: amplitudes, wavenumbers " +
				"and phase speeds of three Rossby waves). The flow is area-preserving. Not bounded, like dysts' (which marks " +
				"x and z unbounded): the along-jet position x drifts with the jet (|dx/dt| ≤ U(1 + 2Σε_n)), and z grows " +
				"as ωt; neither can be reduced to a phase, because the three wave frequencies k_nσ_n are incommensurate and " +
				"dysts' wavenumbers are rounded multiples of k_1. The cross-jet position y stays bounded.",
			observables: []string{"y", "x", "time"},
		},
		{
			name: "Blasius",
			params: []param{
				{name: "a", doc: "growth rate a of the vegetation x"},
				{name: "alpha1", doc: "maximal predation rate α1 of the herbivores y on x"},
				{name: "alpha2", doc: "maximal predation rate α2 of the predators z on y"},
				{name: "b", doc: "death rate b of the herbivores"},
				{name: "c", doc: "relaxation rate c of the predators towards z_s"},
				{name: "k1", doc: "saturation k1 of the herbivores' functional response", min: 0, max: posMaxA},
				{name: "k2", doc: "saturation k2 of the predators' functional response", min: 0, max: posMaxA},
				{name: "zs", doc: "equilibrium predator level z_s without prey"},
			},
			field: blasius,
			citation: "Blasius, B., Huppert, A. & Stone, L. (1999). Complex dynamics and phase synchronization in spatially " +
				"extended ecological systems. Nature 399, 354-359.",
			description: "dx/dt = ax − α1xy/(1 + k1x), dy/dt = −by + α1xy/(1 + k1x) − α2yz/(1 + k2y), " +
				"dz/dt = −c(z − z_s) + α2yz/(1 + k2y). The planes x = 0 and y = 0 are invariant.",
			observables: []string{"vegetation", "herbivores", "predators"},
		},
		blinkingSpecA("BlinkingRotlet", "Meleshko, V. V. & Aref, H. (1996). A blinking rotlet model for chaotic advection. "+
			"Phys. Fluids 8, 3215-3217; Tallapragada, P. & Sudarsanam, S. (2019). Phys. Rev. E 100, 032213 (dysts' "+
			"second reference)."),
		blinkingSpecA("BlinkingVortex", "Aref, H. (1984). Stirring by chaotic advection. J. Fluid Mech. 143, 1-21."),
		boualiSpecA("Bouali", "dysts' first Bouali system", ""),
		boualiSpecA("Bouali2", "dysts' modified Bouali system (b_b = c = 0: z is driven by x alone)",
			" At dysts' defaults z is the undamped slow integral of x (dz/dt = 0.004x); its spread over 100 periods is "+
				"about five times dysts' recorded standard deviation, which is evidently from a shorter record."),
		{
			name: "BurkeShaw",
			params: []param{
				{name: "e", doc: "constant drive e of z"},
				{name: "n", doc: "gain n of the couplings"},
			},
			field:       burkeShaw,
			citation:    "Shaw, R. (1981). Strange attractors, chaotic behavior, and information flow. Z. Naturforsch. A 36, 80-112.",
			description: "dx/dt = −n(x + y), dy/dt = y − nxz, dz/dt = nxy + e (divergence 1 − n).",
			observables: obsXYZA,
		},
		caTwoPlusSpecA("CaTwoPlus", "chaotic bursting"),
		caTwoPlusSpecA("CaTwoPlusQuasiperiodic", "dysts' quasiperiodic parameter set"),
		{
			name: "CellCycle",
			params: []param{
				{name: "K", doc: "Michaelis constant K of all (de)phosphorylation steps", min: posMinA, max: posMaxA},
				{name: "Kc", doc: "Michaelis constant K_c of cyclin activating the phosphatase", min: posMinA, max: posMaxA},
				{name: "Kd1", doc: "Michaelis constant K_d of cyclin degradation", min: posMinA, max: posMaxA},
				{name: "Kim", doc: "inhibition constant K_im of cyclin synthesis by the other oscillator's kinase", min: posMinA, max: posMaxA},
				{name: "V2", doc: "maximal rate V2 of kinase inactivation"},
				{name: "V4", doc: "maximal rate V4 of protease inactivation"},
				{name: "Vm1", doc: "maximal rate V_M1 of kinase activation"},
				{name: "Vm3", doc: "maximal rate V_M3 of protease activation"},
				{name: "kd1", doc: "non-specific cyclin degradation rate k_d"},
				{name: "vd", doc: "maximal rate v_d of cyclin degradation"},
				{name: "vi", doc: "cyclin synthesis rate v_i"},
			},
			field: cellCycle,
			citation: "Romond, P.-C., Rustici, M., Gonze, D. & Goldbeter, A. (1999). Alternating oscillations and chaos in a " +
				"model of two coupled biochemical oscillators driving successive phases of the cell cycle. Ann. N. Y. Acad. " +
				"Sci. 879, 180-193.",
			description: "Two Goldbeter minimal cascades (cyclin c, active kinase fraction m, active protease fraction x), " +
				"each inhibiting the other's cyclin synthesis, with identical rates: dc1/dt = v_i K_im/(K_im + m2) − " +
				"v_d x1 c1/(K_d + c1) − k_d c1, dm1/dt = V_M1 c1/(K_c + c1)·(1 − m1)/(K + 1 − m1) − V2 m1/(K + m1), " +
				"dx1/dt = V_M3 m1 (1 − x1)/(K + 1 − x1) − V4 x1/(K + x1), and the same for (c2, m2, x2) with m1 in the " +
				"inhibition (state c1, m1, x1, c2, m2, x2 as in dysts). The fractions m, x stay in [0, 1]. The field commutes " +
				"with swapping the identical cascades; at dysts' defaults both alternate with symmetric long-run statistics, " +
				"whereas dysts' recorded statistics have the second cascade almost at rest (std of x2 0.004). Parameter names " +
				"are dysts'; because the catalogue matches names case-insensitively, the override \"kd1\" reaches " +
				"whichever of Kd1 and kd1 is listed first (Kd1).",
			observables: []string{"c1", "m1", "x1", "c2", "m2", "x2"},
		},
		{
			name: "CellularNeuralNetwork",
			params: []param{
				{name: "a", doc: "antisymmetric coupling a between cells 2 and 3"},
				{name: "b", doc: "inhibitory coupling b from cell 1 and into cell 1"},
				{name: "c", doc: "self-feedback c of cell 2"},
				{name: "d", doc: "self-feedback d of cell 1"},
			},
			field: cellularNeuralNetwork,
			citation: "Arena, P., Caponetto, R., Fortuna, L. & Porto, D. (1998). Bifurcation and chaos in noninteger order " +
				"cellular neural networks. Int. J. Bifurcation Chaos 8, 1527-1539.",
			description: "With the saturation f(u) = (|u + 1| − |u − 1|)/2: dx/dt = −x + d f(x) − b f(y) − b f(z), " +
				"dy/dt = −y − b f(x) + c f(y) − a f(z), dz/dt = −z − b f(x) + a f(y) + f(z). f is not differentiable at " +
				"|u| = 1; the Jacobian takes f' = 1/2 there.",
			observables: obsXYZA,
		},
		{
			name: "ChenLee",
			params: []param{
				{name: "a", doc: "feedback gain a on x"},
				{name: "b", doc: "feedback gain b on y"},
				{name: "c", doc: "feedback gain c on z"},
			},
			field: chenLee,
			citation: "Chen, H.-K. & Lee, C.-I. (2004). Anti-control of chaos in rigid body motion. Chaos Solitons Fractals " +
				"21, 957-965.",
			description: "Euler's rigid-body equations with linear feedback: dx/dt = ax − yz, dy/dt = by + xz, " +
				"dz/dt = cz + xy/3 (divergence a + b + c).",
			observables: obsXYZA,
		},
		{
			name: "CircadianRhythm",
			params: []param{
				{name: "Ki", doc: "threshold K_I of repression by nuclear FRQ", min: posMinA, max: posMaxA},
				{name: "k", doc: "rate k of FRQ transport into the store f_s"},
				{name: "k1", doc: "rate k1 of FRQ entry into the nucleus"},
				{name: "k2", doc: "rate k2 of FRQ exit from the nucleus"},
				{name: "kd", doc: "Michaelis constant K_d of the degradation of f_s", min: posMinA, max: posMaxA},
				{name: "kdn", doc: "Michaelis constant K_dN of nuclear FRQ degradation", min: posMinA, max: posMaxA},
				{name: "km", doc: "Michaelis constant K_m of mRNA degradation", min: posMinA, max: posMaxA},
				{name: "ks", doc: "translation rate k_s of FRQ from mRNA"},
				{name: "n", doc: "Hill coefficient n of the repression", min: 1, max: hillMaxA, integer: true},
				{name: "ps", doc: "period of the light-dark forcing (dθ/dt = 2π/ps)", min: posMinA, max: posMaxA},
				{name: "vc", doc: "scale v_c of the forced transcription rate"},
				{name: "vd", doc: "maximal degradation rate v_d of f_s"},
				{name: "vdn", doc: "maximal degradation rate v_dN of nuclear FRQ"},
				{name: "vm", doc: "maximal degradation rate v_m of mRNA"},
				{name: "vmax", doc: "upper transcription level v_max"},
				{name: "vmin", doc: "lower transcription level v_min"},
			},
			field:  circadianRhythm,
			ic:     wrappedICA(4),
			phases: []int{4},
			citation: "Leloup, J.-C., Gonze, D. & Goldbeter, A. (1999). Limit cycle models for circadian rhythms based on " +
				"transcriptional regulation in Drosophila and Neurospora. J. Biol. Rhythms 14, 433-448; Gonze, D., Leloup, " +
				"J.-C. & Goldbeter, A. (2000). Theoretical models for circadian rhythms in Neurospora and Drosophila. C. R. " +
				"Acad. Sci. III 323, 57-67.",
			description: "mRNA m, cytosolic FRQ f_c, stored FRQ f_s and nuclear FRQ f_n under light forcing of phase θ: " +
				"v_s = v_c((1 + cos θ)/2 + v_min)(v_max − v_min) (dysts' form), dm/dt = v_s K_I^n/(K_I^n + f_n^n) − " +
				"v_m m/(K_m + m), df_c/dt = k_s m − (k1 + k) f_c + k2 f_n, df_s/dt = k f_c − v_d f_s/(K_d + f_s), " +
				"df_n/dt = k1 f_c − k2 f_n − v_dN f_n/(K_dN + f_n), dθ/dt = 2π/ps. The phase θ is reduced into [0, 2π) " +
				"after each sample and in the initial condition (dysts leaves it unbounded and reports cos θ).",
			observables: []string{"m", "fc", "fs", "fn", "phase"},
		},
		{
			name: "CoevolvingPredatorPrey",
			params: []param{
				{name: "a1", doc: "prey growth coefficient a1"},
				{name: "a2", doc: "predator conversion rate a2"},
				{name: "a3", doc: "predation rate a3"},
				{name: "b1", doc: "saturation b1 of prey growth in the trait α", min: 0, max: posMaxA},
				{name: "b2", doc: "handling-time saturation b2 of predation", min: 0, max: posMaxA},
				{name: "d1", doc: "prey death rate d1"},
				{name: "d2", doc: "predator death rate d2"},
				{name: "delta", doc: "fitness-landscape shape δ"},
				{name: "k1", doc: "crowding coefficient k1 of prey growth"},
				{name: "k2", doc: "quadratic coefficient k2 of the trait-dependent death rate"},
				{name: "k4", doc: "quartic coefficient k4 of the trait-dependent death rate"},
				{name: "vv", doc: "rate v of trait evolution"},
			},
			field: coevolvingPredatorPrey,
			citation: "Gilpin, W. & Feldman, M. W. (2017). A phase transition induces chaos in a predator-prey ecosystem " +
				"with a dynamic fitness landscape. PLoS Comput. Biol. 13, e1005644.",
			description: "Prey x, predators y and the prey's mean trait α: dx/dt = x(−a3y/(1 + b2x) + A − G), " +
				"dy/dt = y(−d2 + a2x/(1 + b2x)), dα/dt = v(−a1k1δxα/(1 + b1α) − d1(−2k2δ²α + 4k4δ⁴α³)), with growth " +
				"A = a1α(1 − k1xα(δ − 1))/(1 + b1α) and death G = d1(1 − k2α²(δ² − 1) + k4α⁴(δ⁴ − 1)) (dysts' form).",
			observables: []string{"prey", "predators", "trait"},
		},
		{
			name: "Colpitts",
			params: []param{
				{name: "a", doc: "gain a of the transistor's exponential-like nonlinearity"},
				{name: "b", doc: "damping b of the inductor current"},
				{name: "c", doc: "bias c of the inductor current"},
				{name: "d", doc: "damping d of the voltage z"},
				{name: "e", doc: "threshold: the transistor conducts for z < e − 1"},
			},
			field: colpitts,
			citation: "Kennedy, M. P. (1994). Chaos in the Colpitts oscillator. IEEE Trans. Circuits Syst. I 41, 771-774. " +
				"(dysts also cites Li, Zhou & Yang, Chaos Solitons Fractals.)",
			description: "A piecewise-linear Colpitts oscillator: with u = z − (e − 1) and the transistor current " +
				"F = max(−u, 0), dx/dt = y − aF, dy/dt = c − x − by − z, dz/dt = y − dz. F is not differentiable at u = 0; " +
				"the Jacobian takes the mean of the one-sided slopes there.",
			observables: obsXYZA,
		},
		{
			name: "Coullet",
			params: []param{
				{name: "a", doc: "coefficient a of −ax in the jerk"},
				{name: "b", doc: "damping b of the velocity y"},
				{name: "c", doc: "damping c of the acceleration z"},
				{name: "d", doc: "coefficient d of the cubic term dx³"},
			},
			field: arneodo,
			citation: "Arneodo, A., Coullet, P. & Tresser, C. (1980). Occurrence of strange attractors in three-dimensional " +
				"Volterra equations. Phys. Lett. A 79, 259-263.",
			description: "The Arneodo equations at other parameters: dx/dt = y, dy/dt = z, dz/dt = −ax − by − cz + dx³ " +
				"(divergence −c).",
			observables: obsXYZA,
		},
		{
			name: "Dadras",
			params: []param{
				{name: "c", doc: "gain c of the xy term in dz/dt"},
				{name: "e", doc: "damping e of z"},
				{name: "o", doc: "gain o of the yz term in dx/dt"},
				{name: "p", doc: "damping p of x"},
				{name: "r", doc: "growth rate r of y"},
			},
			field: dadras,
			citation: "Dadras, S. & Momeni, H. R. (2009). A novel three-dimensional autonomous chaotic system generating two, " +
				"three and four-scroll attractors. Phys. Lett. A 373, 3637-3642.",
			description: "dx/dt = y − px + oyz, dy/dt = ry − xz + z, dz/dt = cxy − ez (divergence r − p − e).",
			observables: obsXYZA,
		},
		{
			name: "DequanLi",
			params: []param{
				{name: "a", doc: "coupling a in a(y − x)"},
				{name: "c", doc: "growth rate c of z"},
				{name: "d", doc: "gain d of the xz term in dx/dt"},
				{name: "eps", doc: "gain ε of the −εx² term in dz/dt"},
				{name: "f", doc: "growth rate f of y"},
				{name: "k", doc: "gain k of x into y"},
			},
			field:       dequanLiFamily,
			citation:    "Li, D. (2008). A three-scroll chaotic attractor. Phys. Lett. A 372, 387-393.",
			description: "dx/dt = a(y − x) + dxz, dy/dt = kx + fy − xz, dz/dt = cz + xy − εx² (divergence f + c − a + dz).",
			observables: obsXYZA,
		},
		{
			name: "DoubleGyre",
			params: []param{
				{name: "alpha", doc: "velocity amplitude A of the gyres"},
				{name: "eps", doc: "amplitude ε of the oscillation of the separatrix"},
				{name: "omega", doc: "angular frequency ω of the oscillation"},
			},
			field:  doubleGyre,
			ic:     wrappedICA(2),
			phases: []int{2},
			citation: "Shadden, S. C., Lekien, F. & Marsden, J. E. (2005). Definition and properties of Lagrangian coherent " +
				"structures from finite-time Lyapunov exponents in two-dimensional aperiodic flows. Physica D 212, 271-304.",
			description: "A tracer in the time-periodic double gyre on [0, 2] × [0, 1]: with f = ε sin z·x² + (1 − 2ε sin z)x, " +
				"dx/dt = −πA sin(πf) cos(πy), dy/dt = πA cos(πf) sin(πy) ∂f/∂x, dz/dt = ω. The rectangle's edges are " +
				"invariant and the flow is area-preserving. The phase z is reduced into [0, 2π) after each sample and in " +
				"the initial condition (dysts leaves it unbounded and reports sin z).",
			observables: []string{"x", "y", "phase"},
		},
		{
			name:   "ExcitableCell",
			params: excitableCellParamsA(),
			field:  excitableCell,
			citation: "Chay, T. R. (1985). Chaos in a three-variable model of an excitable cell. Physica D 16, " +
				"233-242.",
			description: "Chay's reduced Hodgkin-Huxley model of a pancreatic β-cell: membrane potential v (mV), potassium " +
				"activation n and intracellular calcium c: dv/dt = g_I m∞³h∞(v_I − v) + g_KV n⁴(v_K − v) + " +
				"g_KC c/(1 + c)(v_K − v) + g_L(v_L − v), dn/dt = (n∞ − n)/τ_n, dc/dt = ρ(m∞³h∞(v_C − v) − k_C c), with " +
				"y∞ = α_y/(α_y + β_y) and 1/τ_n = tscl(α_n + β_n); α_m = a_ms(a_mvb + v)/(1 − e^(−a_r v − a_mvo)), " +
				"β_m = b_ms e^(−b_mr v − b_mo), α_h = a_hs e^(−a_hr v − a_ho), β_h = 1/(1 + e^(−b_hr v − b_ho)), " +
				"α_n = a_ns(a_nvb + v)/(1 − e^(−a_r v − a_nvo)), β_n = b_ns e^(−b_nr v − b_no). The denominators " +
				"1 − e^(−u) are evaluated as −expm1(−u). The calcium c varies on the slow bursting time scale: its standard " +
				"deviation over 100 of dysts' periods (of 1 time unit) is 2.7 times dysts' recorded value, v and n agree " +
				"within 4%.",
			observables: []string{"v", "n", "c"},
		},
		{
			name: "Finance",
			params: []param{
				{name: "a", doc: "saving amount a"},
				{name: "b", doc: "cost per investment b (its inverse drives the interest rate)", min: posMinA, max: posMaxA},
				{name: "c", doc: "elasticity c of demand"},
			},
			field:       finance,
			citation:    "Cai, G. & Huang, J. (2007). A new finance chaotic attractor. Int. J. Nonlinear Science 3, 213-220.",
			description: "Interest rate x, investment demand y and price index z: dx/dt = (1/b − a)x + z + xy, dy/dt = −by − x², dz/dt = −x − cz.",
			observables: []string{"interest", "investment", "price"},
		},
		{
			name: "FluidTrampoline",
			params: []param{
				{name: "gamma", doc: "dimensionless forcing amplitude Γ of the film"},
				{name: "psi", doc: "drag coefficient ψ of the film during contact"},
				{name: "w", doc: "dimensionless forcing angular frequency ω"},
			},
			field:  fluidTrampoline,
			ic:     wrappedICA(2),
			phases: []int{2},
			citation: "Gilet, T. & Bush, J. W. M. (2009). The fluid trampoline: droplets bouncing on a soap film. " +
				"J. Fluid Mech. 625, 167-203.",
			description: "Height x and velocity y of a droplet relative to a vibrating soap film of phase θ: dx/dt = y, " +
				"dy/dt = −1 − H(−x)(x + ψy|y|) + Γ cos θ, dθ/dt = ω, with H(−x) = 1 during contact (x < 0) and 0 " +
				"otherwise. The field jumps by ψy|y| across x = 0; the Jacobian is that of the side the state is on. The " +
				"phase θ is reduced into [0, 2π) after each sample (dysts leaves it unbounded and reports cos θ).",
			observables: []string{"height", "velocity", "phase"},
		},
		{
			name: "ForcedBrusselator",
			params: []param{
				{name: "a", doc: "feed concentration a"},
				{name: "b", doc: "feed concentration b"},
				{name: "f", doc: "forcing amplitude f"},
				{name: "w", doc: "forcing angular frequency ω"},
			},
			field:  forcedBrusselator,
			ic:     wrappedICA(2),
			phases: []int{2},
			citation: "Prigogine, I. & Lefever, R. (1968). Symmetry breaking instabilities in dissipative systems II. " +
				"J. Chem. Phys. 48, 1695-1700; Prigogine, I. (1980). From Being to Becoming: Time and Complexity in the " +
				"Physical Sciences. W. H. Freeman, New York.",
			description: "dx/dt = a + x²y − (b + 1)x + f cos z, dy/dt = bx − x²y, dz/dt = ω. The phase z is reduced into " +
				"[0, 2π) after each sample and in the initial condition (dysts leaves it unbounded and reports sin z).",
			observables: []string{"x", "y", "phase"},
		},
		{
			name: "ForcedVanDerPol",
			params: []param{
				{name: "a", doc: "forcing amplitude a"},
				{name: "mu", doc: "nonlinear damping μ"},
				{name: "w", doc: "forcing angular frequency ω"},
			},
			field:  forcedVanDerPol,
			ic:     wrappedICA(2),
			phases: []int{2},
			citation: "van der Pol, B. (1920). A theory of the amplitude of free and forced triode vibrations. Radio Review 1, " +
				"701-710, 754-762; van der Pol, B. & van der Mark, J. (1927). Frequency demultiplication. Nature 120, 363-364.",
			description: "dx/dt = y, dy/dt = μ(1 − x²)y − x + a sin z, dz/dt = ω. The phase z is reduced into [0, 2π) after " +
				"each sample and in the initial condition (dysts leaves it unbounded and reports sin z).",
			observables: []string{"x", "y", "phase"},
		},
		{
			name: "GenesioTesi",
			params: []param{
				{name: "a", doc: "damping a of the acceleration z"},
				{name: "b", doc: "damping b of the velocity y"},
				{name: "c", doc: "stiffness c of the position x"},
			},
			field: genesioTesi,
			citation: "Genesio, R. & Tesi, A. (1992). Harmonic balance methods for the analysis of chaotic dynamics in " +
				"nonlinear systems. Automatica 28, 531-548.",
			description: "dx/dt = y, dy/dt = z, dz/dt = −cx − by − az + x² (divergence −a); equilibria (0, 0, 0) and (c, 0, 0).",
			observables: obsXYZA,
		},
		{
			name: "GlycolyticOscillation",
			params: []param{
				{name: "d", doc: "nonexclusive binding coefficient d of the second enzyme"},
				{name: "k", doc: "sink rate k_s of the product c (the bifurcation parameter)"},
				{name: "l1", doc: "allosteric constant L1 of the first enzyme", min: 0, max: 1e12},
				{name: "l2", doc: "allosteric constant L2 of the second enzyme", min: 0, max: 1e12},
				{name: "nu", doc: "constant substrate injection rate ν"},
				{name: "q1", doc: "ratio q1 of dissociation constants of the first product"},
				{name: "q2", doc: "ratio q2 of dissociation constants of the second product"},
				{name: "s1", doc: "maximal rate σ1 of the first enzyme"},
				{name: "s2", doc: "maximal rate σ2 of the second enzyme"},
			},
			field: glycolyticOscillation,
			citation: "Decroly, O. & Goldbeter, A. (1982). Birhythmicity, chaos, and other patterns of temporal " +
				"self-organization in a multiply regulated biochemical system. Proc. Natl. Acad. Sci. USA 79, 6917-6921.",
			description: "Two allosteric enzymes in series with product activation (Monod-Wyman-Changeux rate laws): " +
				"φ = a(1 + a)(1 + b)²/(L1 + (1 + a)²(1 + b)²), η = b(1 + db)(1 + c)²/(L2 + (1 + db)²(1 + c)²), " +
				"da/dt = ν − σ1φ, db/dt = q1σ1φ − σ2η, dc/dt = q2σ2η − k_s c.",
			observables: []string{"a", "b", "c"},
		},
		{
			name: "GuckenheimerHolmes",
			params: []param{
				{name: "a", doc: "linear growth rate a (and coefficient of −az³)"},
				{name: "b", doc: "rotation rate b in the (x, y) plane"},
				{name: "c", doc: "coupling c of z into the rotation amplitude"},
				{name: "d", doc: "coefficient d of z(x² + y²) in dx/dt"},
				{name: "e", doc: "constant drive e of z"},
				{name: "f", doc: "coefficient f of −f(x² + y²) in dz/dt"},
			},
			field: guckenheimerHolmes,
			citation: "Guckenheimer, J. & Holmes, P. (1983). Nonlinear Oscillations, Dynamical Systems, and Bifurcations of " +
				"Vector Fields. Applied Mathematical Sciences 42, Springer, New York.",
			description: "dx/dt = ax − by + czx + dz(x² + y²), dy/dt = ay + bx + czy, dz/dt = e − z² − f(x² + y²) − az³ " +
				"(dysts' form). The Jacobian is derived from these equations (dysts' commented-out one is transposed).",
			observables: obsXYZA,
		},
		{
			name: "Hadley",
			params: []param{
				{name: "a", doc: "damping a of the westerly wind x"},
				{name: "b", doc: "displacement rate b of the eddies by the wind"},
				{name: "f", doc: "symmetric thermal forcing F"},
				{name: "g", doc: "asymmetric (land-sea) thermal forcing G"},
			},
			field: lorenz84, // Hadley is dysts' name for the same Lorenz (1984) model
			citation: "Lorenz, E. N. (1984). Irregularity: a fundamental property of the atmosphere. Tellus A 36, 98-110; " +
				"Hadley, G. (1735). Concerning the cause of the general trade-winds. Phil. Trans. R. Soc. 39, 58-62.",
			description: "Lorenz's low-order Hadley circulation: dx/dt = −y² − z² − ax + aF, dy/dt = xy − bxz − y + G, " +
				"dz/dt = bxy + xz − z (divergence 2x − a − 2).",
			observables: obsXYZA,
		},
		{
			name: "Halvorsen",
			params: []param{
				{name: "a", doc: "damping a of each variable"},
				{name: "b", doc: "cyclic linear coupling b"},
			},
			field:       halvorsen,
			citation:    "Sprott, J. C. (2010). Elegant Chaos: Algebraically Simple Chaotic Flows. World Scientific, Singapore.",
			description: "Halvorsen's cyclically symmetric flow: dx/dt = −ax − by − bz − y², and cyclically for y, z (divergence −3a).",
			observables: obsXYZA,
		},
		{
			name: "HastingsPowell",
			params: []param{
				{name: "a1", doc: "maximal predation rate a1 of y on x"},
				{name: "a2", doc: "maximal predation rate a2 of z on y"},
				{name: "b1", doc: "saturation b1 of y's functional response", min: 0, max: posMaxA},
				{name: "b2", doc: "saturation b2 of z's functional response", min: 0, max: posMaxA},
				{name: "d1", doc: "death rate d1 of y"},
				{name: "d2", doc: "death rate d2 of z"},
			},
			field:    hastingsPowell,
			citation: "Hastings, A. & Powell, T. (1991). Chaos in a three-species food chain. Ecology 72, 896-903.",
			description: "A logistic prey x, a consumer y and a top predator z with Holling type II responses: " +
				"dx/dt = x(1 − x) − a1xy/(1 + b1x), dy/dt = a1xy/(1 + b1x) − a2yz/(1 + b2y) − d1y, " +
				"dz/dt = a2yz/(1 + b2y) − d2z.",
			observables: []string{"prey", "consumer", "predator"},
		},
		{
			name: "HenonHeiles",
			params: []param{
				{name: "lam", doc: "strength λ of the cubic terms of the potential"},
			},
			field:    henonHeiles,
			citation: "Hénon, M. & Heiles, C. (1964). The applicability of the third integral of motion: some numerical experiments. Astron. J. 69, 73-79.",
			description: "Hamilton's equations of H = (p_x² + p_y²)/2 + (x² + y²)/2 + λ(x²y − y³/3): dx/dt = p_x, " +
				"dy/dt = p_y, dp_x/dt = −x − 2λxy, dp_y/dt = −y − λx² + λy². H is conserved; for λ = 1 orbits with " +
				"H < 1/6 are bounded (dysts' initial condition has H ≈ 0.137).",
			observables: []string{"x", "y", "px", "py"},
		},
	}
}

// blinkingSpecA is the table entry of dysts' blinking rotlet and blinking
// vortex, which share their equations (the vortex has b_c = 0).
func blinkingSpecA(name, citation string) spec {
	return spec{
		name: name,
		params: []param{
			{name: "a", doc: "radius a of the circular container", min: posMinA, max: posMaxA},
			{name: "b", doc: "distance b of the two stirrers from the centre (|b| < a)"},
			{name: "bc", doc: "boundary-condition weight b_c of the image terms (0: point vortex, 1: rotlet)"},
			{name: "sigma", doc: "strength σ of the stirrer (its sign sets the sense of rotation)"},
			{name: "tau", doc: "period τ of the alternation between the two stirrers", min: posMinA, max: posMaxA},
		},
		field: blinkingRotlet,
		check: func(p system.Params) error {
			if math.Abs(p["b"]) >= p["a"] {
				return fmt.Errorf("%s: stirrer position |b| = %g must be inside the container of radius a = %g", name, math.Abs(p["b"]), p["a"])
			}
			return nil
		},
		ic: func(p system.Params, _ int, d []float64) []float64 {
			x := append([]float64(nil), d...)
			x[1] = wrap2Pi(x[1])
			x[2] = wrap2Pi(2 * math.Pi * x[2] / p["tau"])
			return x
		},
		phases:   []int{1, 2},
		citation: citation,
		description: "A tracer at polar position (r, θ) in a disc of radius a stirred alternately by two stirrers at (±b, 0): " +
			"dr/dt = σ(w v_r(b) + (1 − w) v_r(−b)), dθ/dt = σ(w v_θ(b) + (1 − w) v_θ(−b))/r, dφ/dt = 2π/τ, with the " +
			"blinking protocol w = (1 + tanh(20τ sin φ))/2 and the stirrer's velocity (dysts' formulas) v_r = b sin θ(−b_c γ/κ² − " +
			"1/κ + 1/ζ), v_θ = b_c γι/κ² + b_c rν/(a²κ) + ι/κ − (r − b cos θ)/ζ, where κ = a² + b²r²/a² − 2br cos θ, " +
			"γ = (1 − r²/a²)(a² − b²r²/a²), ι = b²r/a² − b cos θ, ζ = b² + r² − 2br cos θ, ν = a² + b² − 2b²r²/a². " +
			"The wall |r| = a is invariant. Departure from dysts: its third variable is the time t (unbounded, observed " +
			"as sin(2πt/τ)); emergo uses the phase φ = 2πt/τ and reduces θ and φ into [0, 2π) after each sample, so " +
			"every observable is bounded (dysts' initial t = 0 is φ = 0). As in dysts, r may be negative (the point " +
			"(|r|, θ + π)); dθ/dt is singular at r = 0 and the velocity at the stirrers.",
		observables: []string{"r", "theta", "phase"},
	}
}

// boualiSpecA is the table entry of dysts' two Bouali systems, which share
// their equations.
func boualiSpecA(name, which, note string) spec {
	return spec{
		name: name,
		params: []param{
			{name: "a", doc: "gain a of the x(y0 − y) term"},
			{name: "b", doc: "gain b of the feedback −bz into x"},
			{name: "bb", doc: "gain b_b of the mxz term in dz/dt"},
			{name: "c", doc: "damping c of z"},
			{name: "g", doc: "rate g of the van der Pol-like y equation"},
			{name: "m", doc: "overall rate m of the z equation"},
			{name: "y0", doc: "reference level y0 (a parameter, not the initial condition)"},
		},
		field: bouali,
		citation: "Bouali, S. (1999). Feedback loop in extended van der Pol's equation applied to an economic model of " +
			"cycles. Int. J. Bifurcation Chaos 9, 745-756.",
		description: "dx/dt = ax(y0 − y) − bz, dy/dt = gy(x² − 1), dz/dt = −1.5mx + m b_b xz − cz (" + which + ")." + note,
		observables: obsXYZA,
	}
}

// caTwoPlusSpecA is the table entry of dysts' two parameter sets of the
// Houart-Dupont-Goldbeter calcium model.
func caTwoPlusSpecA(name, which string) spec {
	return spec{
		name: name,
		params: []param{
			{name: "K2", doc: "threshold K2 of Ca²⁺ pumping into the store", min: posMinA, max: posMaxA},
			{name: "K5", doc: "threshold K5 of IP3 degradation by the 3-kinase", min: posMinA, max: posMaxA},
			{name: "Ka", doc: "threshold K_A of store activation by IP3", min: posMinA, max: posMaxA},
			{name: "Kd", doc: "threshold K_d of the Ca²⁺ activation of IP3 degradation", min: posMinA, max: posMaxA},
			{name: "Ky", doc: "threshold K_y of release activation by stored Ca²⁺", min: posMinA, max: posMaxA},
			{name: "Kz", doc: "threshold K_z of release activation by cytosolic Ca²⁺", min: posMinA, max: posMaxA},
			{name: "V0", doc: "constant Ca²⁺ influx v0"},
			{name: "V1", doc: "stimulus-dependent Ca²⁺ influx v1 (times β)"},
			{name: "V4", doc: "maximal rate V4 of IP3 synthesis (times β)"},
			{name: "Vm2", doc: "maximal pumping rate V_M2 into the store"},
			{name: "Vm3", doc: "maximal release rate V_M3 from the store"},
			{name: "Vm5", doc: "maximal rate V_M5 of IP3 degradation"},
			{name: "beta", doc: "degree of stimulation β"},
			{name: "eps", doc: "rate ε of Ca²⁺-independent IP3 degradation"},
			{name: "k", doc: "rate k of Ca²⁺ efflux from the cytosol"},
			{name: "kf", doc: "leak rate k_f from the store"},
			{name: "m", doc: "Hill coefficient m of release activation by cytosolic Ca²⁺", min: 1, max: hillMaxA, integer: true},
			{name: "n", doc: "Hill coefficient n of the Ca²⁺ activation of IP3 degradation", min: 1, max: hillMaxA, integer: true},
			{name: "p", doc: "Hill coefficient p of IP3 degradation", min: 1, max: hillMaxA, integer: true},
		},
		field: caTwoPlus,
		citation: "Houart, G., Dupont, G. & Goldbeter, A. (1999). Bursting, chaos and birhythmicity originating from " +
			"self-modulation of the inositol 1,4,5-trisphosphate signal in a model for intracellular Ca²⁺ oscillations. " +
			"Bull. Math. Biol. 61, 507-530.",
		description: "Cytosolic Ca²⁺ z, stored Ca²⁺ y and IP3 a (" + which + "): dz/dt = v0 + v1β − V2 + V3 + k_f y − kz, " +
			"dy/dt = V2 − V3 − k_f y, da/dt = βV4 − V5 − εa, with V2 = V_M2 z²/(K2² + z²), V3 = V_M3 z^m/(K_z^m + z^m)·" +
			"y²/(K_y² + y²)·a⁴/(K_A⁴ + a⁴), V5 = V_M5 a^p/(K5^p + a^p)·z^n/(K_d^n + z^n). The Hill exponents are integers.",
		observables: []string{"z", "y", "a"},
	}
}

// excitableCellParamsA lists the parameters of Chay's excitable cell.
func excitableCellParamsA() []param {
	return []param{
		{name: "aho", doc: "offset of α_h = a_hs exp(−a_hr v − a_ho)"},
		{name: "ahr", doc: "voltage rate a_hr of α_h (1/mV)"},
		{name: "ahs", doc: "scale a_hs of α_h"},
		{name: "ams", doc: "scale a_ms of α_m"},
		{name: "amvb", doc: "voltage offset a_mvb (mV) in the numerator of α_m"},
		{name: "amvo", doc: "offset a_mvo in the exponential of α_m"},
		{name: "ans", doc: "scale a_ns of α_n"},
		{name: "anvb", doc: "voltage offset a_nvb (mV) in the numerator of α_n"},
		{name: "anvo", doc: "offset a_nvo in the exponential of α_n"},
		{name: "ar", doc: "voltage rate a_r (1/mV) in the exponentials of α_m and α_n"},
		{name: "bho", doc: "offset of β_h = 1/(1 + exp(−b_hr v − b_ho))"},
		{name: "bhr", doc: "voltage rate b_hr of β_h (1/mV)"},
		{name: "bmo", doc: "offset of β_m = b_ms exp(−b_mr v − b_mo)"},
		{name: "bmr", doc: "voltage rate b_mr of β_m (1/mV)"},
		{name: "bms", doc: "scale b_ms of β_m"},
		{name: "bno", doc: "offset of β_n = b_ns exp(−b_nr v − b_no)"},
		{name: "bnr", doc: "voltage rate b_nr of β_n (1/mV)"},
		{name: "bns", doc: "scale b_ns of β_n"},
		{name: "gi", doc: "maximal conductance g_I of the mixed Na⁺-Ca²⁺ channel"},
		{name: "gkc", doc: "maximal conductance g_KC of the Ca²⁺-activated K⁺ channel (controls the onset of chaos)"},
		{name: "gkv", doc: "maximal conductance g_KV of the voltage-gated K⁺ channel"},
		{name: "gl", doc: "leak conductance g_L"},
		{name: "kc", doc: "rate k_C of Ca²⁺ removal"},
		{name: "rho", doc: "proportionality ρ of the Ca²⁺ influx"},
		{name: "tscl", doc: "rate scale of the n gate (1/τ_n = tscl(α_n + β_n))"},
		{name: "vc", doc: "reversal potential v_C of Ca²⁺ (mV)"},
		{name: "vi", doc: "reversal potential v_I of the mixed channel (mV)"},
		{name: "vk", doc: "reversal potential v_K of K⁺ (mV)"},
		{name: "vl", doc: "reversal potential v_L of the leak (mV)"},
		{name: "vm", doc: "unused by the equations (dysts lists it)"},
		{name: "vn", doc: "unused by the equations (dysts lists it)"},
	}
}

// aizawa is the Aizawa (Langford) torus-like flow:
//
//	dx/dt = (z − b)x − dy
//	dy/dt = dx + (z − b)y
//	dz/dt = c + az − z³/3 − (x² + y²) − ez(x² + y²) + fzx³
//
// References:
//
//	Langford, W. F. (1984). Numerical studies of torus bifurcations. In
//	  Numerical Methods for Bifurcation Problems (ISNM 70), Birkhäuser,
//	  Basel, 285-295.
func aizawa(p system.Params, _ int) (ode.Func, system.JacFunc) {
	a, b, c, d, e, F := p["a"], p["b"], p["c"], p["d"], p["e"], p["f"]
	f := func(dst, x []float64, _ float64) {
		u, v, w := x[0], x[1], x[2]
		r2 := u*u + v*v
		dst[0] = (w-b)*u - d*v
		dst[1] = d*u + (w-b)*v
		dst[2] = c + a*w - w*w*w/3 - r2 - e*w*r2 + F*w*u*u*u
	}
	jac := func(dst, x []float64, _ float64) {
		u, v, w := x[0], x[1], x[2]
		dst[0], dst[1], dst[2] = w-b, -d, u
		dst[3], dst[4], dst[5] = d, w-b, v
		dst[6] = -2*u - 2*e*w*u + 3*F*w*u*u
		dst[7] = -2*v - 2*e*w*v
		dst[8] = a - w*w - e*(u*u+v*v) + F*u*u*u
	}
	return f, jac
}

// anishchenkoAstakhov is the Anishchenko-Astakhov oscillator with
// inertial nonlinearity:
//
//	dx/dt = μx + y − xz
//	dy/dt = −x
//	dz/dt = −ηz + ηH(x)x²
//
// with the Heaviside step H (H(0) = 0).
//
// References:
//
//	Anishchenko, V. S. et al. (2007). Nonlinear Dynamics of Chaotic and
//	  Stochastic Systems, 2nd ed. Springer, Berlin.
func anishchenkoAstakhov(p system.Params, _ int) (ode.Func, system.JacFunc) {
	eta, mu := p["eta"], p["mu"]
	f := func(dst, x []float64, _ float64) {
		u := x[0]
		dst[0] = mu*u + x[1] - u*x[2]
		dst[1] = -u
		dst[2] = -eta * x[2]
		if u > 0 {
			dst[2] += eta * u * u
		}
	}
	jac := func(dst, x []float64, _ float64) {
		u := x[0]
		var dz float64
		if u > 0 {
			dz = 2 * eta * u
		}
		dst[0], dst[1], dst[2] = mu-x[2], 1, -u
		dst[3], dst[4], dst[5] = -1, 0, 0
		dst[6], dst[7], dst[8] = dz, 0, -eta
	}
	return f, jac
}

// arneodo is the Arneodo-Coullet-Tresser jerk flow (dysts' Arneodo and
// Coullet):
//
//	dx/dt = y
//	dy/dt = z
//	dz/dt = −ax − by − cz + dx³
//
// Its divergence is −c.
//
// References:
//
//	Arneodo, A., Coullet, P. & Tresser, C. (1980). Occurrence of strange
//	  attractors in three-dimensional Volterra equations. Phys. Lett. A
//	  79, 259-263.
func arneodo(p system.Params, _ int) (ode.Func, system.JacFunc) {
	a, b, c, d := p["a"], p["b"], p["c"], p["d"]
	f := func(dst, x []float64, _ float64) {
		u := x[0]
		dst[0] = x[1]
		dst[1] = x[2]
		dst[2] = -a*u - b*x[1] - c*x[2] + d*u*u*u
	}
	jac := func(dst, x []float64, _ float64) {
		dst[0], dst[1], dst[2] = 0, 1, 0
		dst[3], dst[4], dst[5] = 0, 0, 1
		dst[6], dst[7], dst[8] = -a+3*d*x[0]*x[0], -b, -c
	}
	return f, jac
}

// arnoldBeltramiChildress is the steady ABC flow on the 2π-periodic cube:
//
//	dx/dt = A sin z + C cos y
//	dy/dt = B sin x + A cos z
//	dz/dt = C sin y + B cos x
//
// The velocity is divergence-free and equals its own curl (a Beltrami
// field).
//
// References:
//
//	Arnold, V. I. (1965). Sur la topologie des écoulements stationnaires
//	  des fluides parfaits. C. R. Acad. Sci. Paris 261, 17-20.
//	Dombre, T., Frisch, U., Greene, J. M., Hénon, M., Mehr, A. & Soward,
//	  A. M. (1986). Chaotic streamlines in the ABC flows. J. Fluid Mech.
//	  167, 353-391.
func arnoldBeltramiChildress(p system.Params, _ int) (ode.Func, system.JacFunc) {
	a, b, c := p["a"], p["b"], p["c"]
	f := func(dst, x []float64, _ float64) {
		sx, cx := math.Sincos(x[0])
		sy, cy := math.Sincos(x[1])
		sz, cz := math.Sincos(x[2])
		dst[0] = a*sz + c*cy
		dst[1] = b*sx + a*cz
		dst[2] = c*sy + b*cx
	}
	jac := func(dst, x []float64, _ float64) {
		sx, cx := math.Sincos(x[0])
		sy, cy := math.Sincos(x[1])
		sz, cz := math.Sincos(x[2])
		dst[0], dst[1], dst[2] = 0, -c*sy, a*cz
		dst[3], dst[4], dst[5] = b*cx, 0, -a*sz
		dst[6], dst[7], dst[8] = -b*sx, c*cy, 0
	}
	return f, jac
}

// arnoldWeb is Froeschlé, Guzzo and Lega's quasi-integrable Hamiltonian
// with one angle driven at frequency ω (state p1, p2, x1, x2, z):
//
//	D = 4 + cos x1 + cos x2 + cos z
//	dp_i/dt = −μ sin x_i / D²,  dx_i/dt = p_i  (i = 1, 2)
//	dz/dt = ω
//
// These are Hamilton's equations of H = (p1² + p2²)/2 + μ/D with z a given
// function of time; for ω = 0, H is conserved.
//
// References:
//
//	Froeschlé, C., Guzzo, M. & Lega, E. (2000). Graphical evolution of
//	  the Arnold web: from order to chaos. Science 289, 2108-2110.
func arnoldWeb(p system.Params, _ int) (ode.Func, system.JacFunc) {
	mu, w := p["mu"], p["w"]
	f := func(dst, x []float64, _ float64) {
		s1, c1 := math.Sincos(x[2])
		s2, c2 := math.Sincos(x[3])
		D := 4 + c1 + c2 + math.Cos(x[4])
		g := mu / (D * D)
		dst[0] = -g * s1
		dst[1] = -g * s2
		dst[2] = x[0]
		dst[3] = x[1]
		dst[4] = w
	}
	jac := func(dst, x []float64, _ float64) {
		s1, c1 := math.Sincos(x[2])
		s2, c2 := math.Sincos(x[3])
		sz, cz := math.Sincos(x[4])
		D := 4 + c1 + c2 + cz
		g := mu / (D * D)
		h := 2 * mu / (D * D * D) // ∂(μ/D²)/∂D = −h; ∂D/∂x = −sin x
		clear(dst[:25])
		// ∂(−g s_i)/∂x_j = −∂g/∂x_j s_i − g ∂s_i/∂x_j, with ∂g/∂x_j = h sin x_j.
		dst[2], dst[3], dst[4] = -h*s1*s1-g*c1, -h*s1*s2, -h*s1*sz
		dst[7], dst[8], dst[9] = -h*s2*s1, -h*s2*s2-g*c2, -h*s2*sz
		dst[10] = 1
		dst[16] = 1
	}
	return f, jac
}

// atmosphericRegime is Tuwankotta's model of atmospheric regime
// transitions, a slow mode x coupled to a fast oscillating pair (y, z):
//
//	dx/dt = μ1x + σxy
//	dy/dt = μ2y + ωz + αyz + βz² − σx²
//	dz/dt = μ2z − ωy − αy² − βyz
//
// The quadratic and rotation terms conserve (x² + y² + z²)/2.
//
// References:
//
//	Tuwankotta, J. M. (2006). Chaos in a coupled oscillators system with
//	  widely spaced frequencies and energy-preserving non-linearity. Int.
//	  J. Non-Linear Mech. 41, 180-191.
func atmosphericRegime(p system.Params, _ int) (ode.Func, system.JacFunc) {
	alpha, beta, mu1, mu2, omega, sigma := p["alpha"], p["beta"], p["mu1"], p["mu2"], p["omega"], p["sigma"]
	f := func(dst, x []float64, _ float64) {
		u, v, w := x[0], x[1], x[2]
		dst[0] = mu1*u + sigma*u*v
		dst[1] = mu2*v + omega*w + alpha*v*w + beta*w*w - sigma*u*u
		dst[2] = mu2*w - omega*v - alpha*v*v - beta*v*w
	}
	jac := func(dst, x []float64, _ float64) {
		u, v, w := x[0], x[1], x[2]
		dst[0], dst[1], dst[2] = mu1+sigma*v, sigma*u, 0
		dst[3], dst[4], dst[5] = -2*sigma*u, mu2+alpha*w, omega+alpha*v+2*beta*w
		dst[6], dst[7], dst[8] = 0, -omega-2*alpha*v-beta*w, mu2-beta*v
	}
	return f, jac
}

// beerRNN is Beer's continuous-time recurrent neural network with dysts'
// fixed time constants τ, biases θ and weights w:
//
//	τ_i dy_i/dt = −y_i + Σ_j w_ij s(y_j + θ_j),  s(u) = 1/(1 + e^(−u))
//
// References:
//
//	Beer, R. D. (1995). On the dynamics of small continuous-time recurrent
//	  neural networks. Adaptive Behavior 3, 469-509.
func beerRNN(_ system.Params, n int) (ode.Func, system.JacFunc) {
	tau := dystsVector("BeerRNN", "tau")
	theta := dystsVector("BeerRNN", "theta")
	w, cols := dystsMatrix("BeerRNN", "w")
	if len(tau) != n || len(theta) != n || cols != n || len(w) != n*n {
		panic("flows: BeerRNN: dysts' arrays do not match the dimension")
	}
	s := make([]float64, n)  // s(y_j + θ_j)
	ds := make([]float64, n) // s'(y_j + θ_j)
	sig := func(x []float64) {
		for j := 0; j < n; j++ {
			e := 1 / (1 + math.Exp(-(x[j] + theta[j])))
			s[j], ds[j] = e, e*(1-e)
		}
	}
	f := func(dst, x []float64, _ float64) {
		sig(x)
		for i := 0; i < n; i++ {
			acc := -x[i]
			for j := 0; j < n; j++ {
				acc += w[i*n+j] * s[j]
			}
			dst[i] = acc / tau[i]
		}
	}
	jac := func(dst, x []float64, _ float64) {
		sig(x)
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				dst[i*n+j] = w[i*n+j] * ds[j] / tau[i]
			}
			dst[i*n+i] -= 1 / tau[i]
		}
	}
	return f, jac
}

// belousovZhabotinsky is the Györgyi-Field three-variable model of the
// Belousov-Zhabotinsky reaction in a stirred flow reactor, as written in
// dysts. With x⁺ = max(0, x), ȳ = (yb1/Y0)zv/(yb2 x + yb3 + k_f) and
// r_f = (C_i − Z0 z)√x⁺:
//
//	dx/dt = T0(c1x⁺ȳ + c2ȳ + c3x⁺² + c4r_f + c5x⁺z − k_f x⁺)
//	dz/dt = T0((c6/Z0)r_f + c7x⁺z + c8zv + c9z − k_f z)
//	dv/dt = T0(c10x⁺ȳ + c11ȳ + c12x⁺² + c13zv − k_f v)
//
// References:
//
//	Györgyi, L. & Field, R. J. (1992). A three-variable model of
//	  deterministic chaos in the Belousov-Zhabotinsky reaction. Nature
//	  355, 808-810.
func belousovZhabotinsky(p system.Params, _ int) (ode.Func, system.JacFunc) {
	c1, c2, c3, c4, c5 := p["c1"], p["c2"], p["c3"], p["c4"], p["c5"]
	c6, c7, c8, c9 := p["c6"], p["c7"], p["c8"], p["c9"]
	c10, c11, c12, c13 := p["c10"], p["c11"], p["c12"], p["c13"]
	ci, kf, t0, y0, z0 := p["ci"], p["kf"], p["t0"], p["y0"], p["z0"]
	yb1, yb2, yb3 := p["yb1"], p["yb2"], p["yb3"]
	g := yb1 / y0
	f := func(dst, x []float64, _ float64) {
		u, z, v := x[0], x[1], x[2]
		yb := g * z * v / (yb2*u + yb3 + kf)
		xp := math.Max(0, u)
		rf := (ci - z0*z) * math.Sqrt(xp)
		dst[0] = t0 * (c1*xp*yb + c2*yb + c3*xp*xp + c4*rf + c5*xp*z - kf*xp)
		dst[1] = t0 * ((c6/z0)*rf + c7*xp*z + c8*z*v + c9*z - kf*z)
		dst[2] = t0 * (c10*xp*yb + c11*yb + c12*xp*xp + c13*z*v - kf*v)
	}
	jac := func(dst, x []float64, _ float64) {
		u, z, v := x[0], x[1], x[2]
		den := yb2*u + yb3 + kf
		yb := g * z * v / den
		ybx, ybz, ybv := -yb*yb2/den, g*v/den, g*z/den
		var xp, dxp, sq, rfx, rfz float64 // x⁺, ∂x⁺/∂x, √x⁺, ∂r_f/∂x, ∂r_f/∂z
		if u > 0 {
			xp, dxp, sq = u, 1, math.Sqrt(u)
			rfx, rfz = (ci-z0*z)/(2*sq), -z0*sq
		}
		dst[0] = t0 * (c1*(dxp*yb+xp*ybx) + c2*ybx + 2*c3*xp*dxp + c4*rfx + c5*dxp*z - kf*dxp)
		dst[1] = t0 * (c1*xp*ybz + c2*ybz + c4*rfz + c5*xp)
		dst[2] = t0 * (c1*xp*ybv + c2*ybv)
		dst[3] = t0 * ((c6/z0)*rfx + c7*dxp*z)
		dst[4] = t0 * ((c6/z0)*rfz + c7*xp + c8*v + c9 - kf)
		dst[5] = t0 * c8 * z
		dst[6] = t0 * (c10*(dxp*yb+xp*ybx) + c11*ybx + 2*c12*xp*dxp)
		dst[7] = t0 * (c10*xp*ybz + c11*ybz + c13*v)
		dst[8] = t0 * (c10*xp*ybv + c11*ybv + c13*z - kf)
	}
	return f, jac
}

// bickleyJet is the perturbed Bickley jet of Rypina et al. as written in
// dysts, state (y, x, z) with z the time. With s = sech²(y/ℓ),
// th = tanh(y/ℓ) and u_n = k_n(x − σ_n z):
//
//	dy/dt = ℓUs Σ ε_n k_n sin u_n
//	dx/dt = Us(−1 − 2 th Σ ε_n cos u_n)
//	dz/dt = ω
//
// The (y, x) flow is area-preserving (it derives from a stream function).
//
// References:
//
//	Rypina, I. I. et al. (2007). On the Lagrangian dynamics of atmospheric
//	  zonal jets and the permeability of the stratospheric polar vortex.
//	  J. Atmos. Sci. 64, 3595-3610.
//	Hadjighasem, A., Karrasch, D., Teramoto, H. & Haller, G. (2016).
//	  Spectral-clustering approach to Lagrangian vortex detection. Phys.
//	  Rev. E 93, 063107.
func bickleyJet(p system.Params, _ int) (ode.Func, system.JacFunc) {
	ell, omega, U := p["ell"], p["omega"], p["u"]
	eps := dystsVector("BickleyJet", "eps")
	k := dystsVector("BickleyJet", "k")
	sigma := dystsVector("BickleyJet", "sigma")
	if len(k) != len(eps) || len(sigma) != len(eps) {
		panic("flows: BickleyJet: dysts' wave arrays differ in length")
	}
	f := func(dst, x []float64, _ float64) {
		y, xx, z := x[0], x[1], x[2]
		ch := math.Cosh(y / ell)
		s := 1 / (ch * ch)
		th := math.Tanh(y / ell)
		var S, C float64
		for n := range eps {
			sn, cn := math.Sincos(k[n] * (xx - sigma[n]*z))
			S += eps[n] * k[n] * sn
			C += eps[n] * cn
		}
		dst[0] = ell * U * s * S
		dst[1] = U * s * (-1 - 2*th*C)
		dst[2] = omega
	}
	jac := func(dst, x []float64, _ float64) {
		y, xx, z := x[0], x[1], x[2]
		ch := math.Cosh(y / ell)
		s := 1 / (ch * ch)
		th := math.Tanh(y / ell)
		var S, C, Sx, Sz, Cz float64
		for n := range eps {
			sn, cn := math.Sincos(k[n] * (xx - sigma[n]*z))
			S += eps[n] * k[n] * sn
			C += eps[n] * cn
			Sx += eps[n] * k[n] * k[n] * cn            // ∂S/∂x
			Sz -= eps[n] * k[n] * k[n] * sigma[n] * cn // ∂S/∂z
			Cz += eps[n] * k[n] * sigma[n] * sn        // ∂C/∂z
		}
		// ∂s/∂y = −2 s th/ℓ, ∂th/∂y = s/ℓ; ∂C/∂x = −S.
		dst[0], dst[1], dst[2] = -2*U*s*th*S, ell*U*s*Sx, ell*U*s*Sz
		dst[3] = U * s / ell * (2*th*(1+2*th*C) - 2*C*s)
		dst[4] = 2 * U * s * th * S
		dst[5] = -2 * U * s * th * Cz
		dst[6], dst[7], dst[8] = 0, 0, 0
	}
	return f, jac
}

// blasius is the vegetation-herbivore-predator food chain of Blasius,
// Huppert and Stone:
//
//	dx/dt = ax − α1xy/(1 + k1x)
//	dy/dt = −by + α1xy/(1 + k1x) − α2yz/(1 + k2y)
//	dz/dt = −c(z − z_s) + α2yz/(1 + k2y)
//
// References:
//
//	Blasius, B., Huppert, A. & Stone, L. (1999). Complex dynamics and
//	  phase synchronization in spatially extended ecological systems.
//	  Nature 399, 354-359.
func blasius(p system.Params, _ int) (ode.Func, system.JacFunc) {
	a, alpha1, alpha2, b, c := p["a"], p["alpha1"], p["alpha2"], p["b"], p["c"]
	k1, k2, zs := p["k1"], p["k2"], p["zs"]
	f := func(dst, x []float64, _ float64) {
		u, v, w := x[0], x[1], x[2]
		f1 := alpha1 * u * v / (1 + k1*u)
		f2 := alpha2 * v * w / (1 + k2*v)
		dst[0] = a*u - f1
		dst[1] = -b*v + f1 - f2
		dst[2] = -c*(w-zs) + f2
	}
	jac := func(dst, x []float64, _ float64) {
		u, v, w := x[0], x[1], x[2]
		d1, d2 := 1+k1*u, 1+k2*v
		f1u, f1v := alpha1*v/(d1*d1), alpha1*u/d1
		f2v, f2w := alpha2*w/(d2*d2), alpha2*v/d2
		dst[0], dst[1], dst[2] = a-f1u, -f1v, 0
		dst[3], dst[4], dst[5] = f1u, -b+f1v-f2v, -f2w
		dst[6], dst[7], dst[8] = 0, f2v, -c+f2w
	}
	return f, jac
}

// rotletA is one stirrer's velocity (v_r, v_θ) at polar position (r, θ) in
// a disc of radius a, the stirrer at (b, 0), with its partial derivatives
// with respect to r and θ (dysts' formulas). bc weights the image terms.
type rotletA struct {
	vr, vth                float64
	vrR, vrTh, vthR, vthTh float64
	a2, b, bc, b2a2, b2    float64
}

// eval fills the velocity and its derivatives at (r, θ) with
// s, c = sin θ, cos θ.
func (q *rotletA) eval(r, s, c float64) {
	a2, b, bc, b2, b2a2 := q.a2, q.b, q.bc, q.b2, q.b2a2
	kap := a2 + b2a2*r*r - 2*b*r*c
	kapR, kapTh := 2*b2a2*r-2*b*c, 2*b*r*s
	gam := (1 - r*r/a2) * (a2 - b2a2*r*r)
	gamR := -2*r/a2*(a2-b2a2*r*r) - (1-r*r/a2)*2*b2a2*r
	iot := b2a2*r - b*c
	iotR, iotTh := b2a2, b*s
	zet := b2 + r*r - 2*b*r*c
	zetR, zetTh := 2*r-2*b*c, 2*b*r*s
	nu := a2 + b2 - 2*b2a2*r*r
	nuR := -4 * b2a2 * r
	k2, k3 := kap*kap, kap*kap*kap

	Q := -bc*gam/k2 - 1/kap + 1/zet
	QR := -bc*(gamR/k2-2*gam*kapR/k3) + kapR/k2 - zetR/(zet*zet)
	QTh := 2*bc*gam*kapTh/k3 + kapTh/k2 - zetTh/(zet*zet)
	q.vr = b * s * Q
	q.vrR = b * s * QR
	q.vrTh = b*c*Q + b*s*QTh

	t1 := gam * iot / k2
	t1R := (gamR*iot+gam*iotR)/k2 - 2*gam*iot*kapR/k3
	t1Th := gam*iotTh/k2 - 2*gam*iot*kapTh/k3
	t2 := r * nu / (a2 * kap)
	t2R := (nu+r*nuR)/(a2*kap) - r*nu*kapR/(a2*k2)
	t2Th := -r * nu * kapTh / (a2 * k2)
	t3 := iot / kap
	t3R := iotR/kap - iot*kapR/k2
	t3Th := iotTh/kap - iot*kapTh/k2
	num := r - b*c
	t4 := num / zet
	t4R := 1/zet - num*zetR/(zet*zet)
	t4Th := b*s/zet - num*zetTh/(zet*zet)
	q.vth = bc*(t1+t2) + t3 - t4
	q.vthR = bc*(t1R+t2R) + t3R - t4R
	q.vthTh = bc*(t1Th+t2Th) + t3Th - t4Th
}

// blinkingRotlet is dysts' blinking rotlet (and, with b_c = 0, blinking
// vortex): a tracer at (r, θ) in a disc of radius a, stirred alternately
// by stirrers at (b, 0) and (−b, 0) with the protocol
// w = (1 + tanh(20τ sin φ))/2:
//
//	dr/dt = σ(w v_r(b) + (1 − w) v_r(−b))
//	dθ/dt = σ(w v_θ(b) + (1 − w) v_θ(−b))/r
//	dφ/dt = 2π/τ
//
// with v_r, v_θ as in rotletA.eval. dysts integrates the time t = τφ/2π.
//
// References:
//
//	Meleshko, V. V. & Aref, H. (1996). A blinking rotlet model for chaotic
//	  advection. Phys. Fluids 8, 3215-3217.
//	Aref, H. (1984). Stirring by chaotic advection. J. Fluid Mech. 143,
//	  1-21.
func blinkingRotlet(p system.Params, _ int) (ode.Func, system.JacFunc) {
	a, b, bc, sigma, tau := p["a"], p["b"], p["bc"], p["sigma"], p["tau"]
	a2 := a * a
	one := &rotletA{a2: a2, b: b, bc: bc, b2: b * b, b2a2: b * b / a2}
	two := &rotletA{a2: a2, b: -b, bc: bc, b2: b * b, b2a2: b * b / a2}
	omega := 2 * math.Pi / tau
	steep := rotletSteepnessA * tau
	f := func(dst, x []float64, _ float64) {
		r := x[0]
		s, c := math.Sincos(x[1])
		w := 0.5 + 0.5*math.Tanh(steep*math.Sin(x[2]))
		one.eval(r, s, c)
		two.eval(r, s, c)
		dst[0] = sigma * (w*one.vr + (1-w)*two.vr)
		dst[1] = sigma * (w*one.vth + (1-w)*two.vth) / r
		dst[2] = omega
	}
	jac := func(dst, x []float64, _ float64) {
		r := x[0]
		s, c := math.Sincos(x[1])
		sp, cp := math.Sincos(x[2])
		th := math.Tanh(steep * sp)
		w := 0.5 + 0.5*th
		wp := 0.5 * (1 - th*th) * steep * cp // ∂w/∂φ
		one.eval(r, s, c)
		two.eval(r, s, c)
		vth := w*one.vth + (1-w)*two.vth
		dst[0] = sigma * (w*one.vrR + (1-w)*two.vrR)
		dst[1] = sigma * (w*one.vrTh + (1-w)*two.vrTh)
		dst[2] = sigma * wp * (one.vr - two.vr)
		dst[3] = sigma * ((w*one.vthR+(1-w)*two.vthR)/r - vth/(r*r))
		dst[4] = sigma * (w*one.vthTh + (1-w)*two.vthTh) / r
		dst[5] = sigma * wp * (one.vth - two.vth) / r
		dst[6], dst[7], dst[8] = 0, 0, 0
	}
	return f, jac
}

// bouali is dysts' form of Bouali's economic-cycle model (Bouali and
// Bouali2):
//
//	dx/dt = ax(y0 − y) − bz
//	dy/dt = gy(x² − 1)
//	dz/dt = −1.5mx + m b_b xz − cz
//
// References:
//
//	Bouali, S. (1999). Feedback loop in extended van der Pol's equation
//	  applied to an economic model of cycles. Int. J. Bifurcation Chaos 9,
//	  745-756.
func bouali(p system.Params, _ int) (ode.Func, system.JacFunc) {
	a, b, bb, c, g, m, y0 := p["a"], p["b"], p["bb"], p["c"], p["g"], p["m"], p["y0"]
	f := func(dst, x []float64, _ float64) {
		u, v, w := x[0], x[1], x[2]
		dst[0] = a*u*(y0-v) - b*w
		dst[1] = g * v * (u*u - 1)
		dst[2] = -1.5*m*u + m*bb*u*w - c*w
	}
	jac := func(dst, x []float64, _ float64) {
		u, v, w := x[0], x[1], x[2]
		dst[0], dst[1], dst[2] = a*(y0-v), -a*u, -b
		dst[3], dst[4], dst[5] = 2*g*u*v, g*(u*u-1), 0
		dst[6], dst[7], dst[8] = -1.5*m+m*bb*w, 0, m*bb*u-c
	}
	return f, jac
}

// burkeShaw is the Burke-Shaw flow:
//
//	dx/dt = −n(x + y)
//	dy/dt = y − nxz
//	dz/dt = nxy + e
//
// Its divergence is 1 − n.
//
// References:
//
//	Shaw, R. (1981). Strange attractors, chaotic behavior, and
//	  information flow. Z. Naturforsch. A 36, 80-112.
func burkeShaw(p system.Params, _ int) (ode.Func, system.JacFunc) {
	e, n := p["e"], p["n"]
	f := func(dst, x []float64, _ float64) {
		u, v, w := x[0], x[1], x[2]
		dst[0] = -n * (u + v)
		dst[1] = v - n*u*w
		dst[2] = n*u*v + e
	}
	jac := func(dst, x []float64, _ float64) {
		u, v, w := x[0], x[1], x[2]
		dst[0], dst[1], dst[2] = -n, -n, 0
		dst[3], dst[4], dst[5] = -n*w, 1, -n*u
		dst[6], dst[7], dst[8] = n*v, n*u, 0
	}
	return f, jac
}

// hillA returns the Hill function u^n/(K^n + u^n) and its derivative in u
// for an integer exponent n ≥ 1 (kn = K^n precomputed).
func hillA(u float64, n int, kn float64) (h, dh float64) {
	un1 := 1.0 // u^(n−1)
	for i := 1; i < n; i++ {
		un1 *= u
	}
	un := un1 * u
	d := kn + un
	return un / d, float64(n) * kn * un1 / (d * d)
}

// caTwoPlus is the Houart-Dupont-Goldbeter model of intracellular Ca²⁺
// oscillations with self-modulated IP3 (state z, y, a):
//
//	dz/dt = v0 + v1β − V2 + V3 + k_f y − kz
//	dy/dt = V2 − V3 − k_f y
//	da/dt = βV4 − V5 − εa
//	V2 = V_M2 z²/(K2² + z²)
//	V3 = V_M3 z^m/(K_z^m + z^m) · y²/(K_y² + y²) · a⁴/(K_A⁴ + a⁴)
//	V5 = V_M5 a^p/(K5^p + a^p) · z^n/(K_d^n + z^n)
//
// References:
//
//	Houart, G., Dupont, G. & Goldbeter, A. (1999). Bursting, chaos and
//	  birhythmicity originating from self-modulation of the inositol
//	  1,4,5-trisphosphate signal in a model for intracellular Ca²⁺
//	  oscillations. Bull. Math. Biol. 61, 507-530.
func caTwoPlus(p system.Params, _ int) (ode.Func, system.JacFunc) {
	K2, K5, Ka, Kd, Ky, Kz := p["K2"], p["K5"], p["Ka"], p["Kd"], p["Ky"], p["Kz"]
	V0, V1, V4, Vm2, Vm3, Vm5 := p["V0"], p["V1"], p["V4"], p["Vm2"], p["Vm3"], p["Vm5"]
	beta, eps, k, kf := p["beta"], p["eps"], p["k"], p["kf"]
	m, n, pp := int(p["m"]), int(p["n"]), int(p["p"])
	vin := V0 + V1*beta
	k2n, kam := K2*K2, math.Pow(Ka, 4)
	kyn := Ky * Ky
	kzm, kdn, k5p := math.Pow(Kz, float64(m)), math.Pow(Kd, float64(n)), math.Pow(K5, float64(pp))
	f := func(dst, x []float64, _ float64) {
		z, y, a := x[0], x[1], x[2]
		h2, _ := hillA(z, 2, k2n)
		hz, _ := hillA(z, m, kzm)
		hy, _ := hillA(y, 2, kyn)
		ha, _ := hillA(a, 4, kam)
		h5a, _ := hillA(a, pp, k5p)
		h5z, _ := hillA(z, n, kdn)
		v2, v3, v5 := Vm2*h2, Vm3*hz*hy*ha, Vm5*h5a*h5z
		dst[0] = vin - v2 + v3 + kf*y - k*z
		dst[1] = v2 - v3 - kf*y
		dst[2] = beta*V4 - v5 - eps*a
	}
	jac := func(dst, x []float64, _ float64) {
		z, y, a := x[0], x[1], x[2]
		_, d2 := hillA(z, 2, k2n)
		hz, dhz := hillA(z, m, kzm)
		hy, dhy := hillA(y, 2, kyn)
		ha, dha := hillA(a, 4, kam)
		h5a, dh5a := hillA(a, pp, k5p)
		h5z, dh5z := hillA(z, n, kdn)
		v2z := Vm2 * d2
		v3z, v3y, v3a := Vm3*dhz*hy*ha, Vm3*hz*dhy*ha, Vm3*hz*hy*dha
		v5z, v5a := Vm5*h5a*dh5z, Vm5*dh5a*h5z
		dst[0], dst[1], dst[2] = -v2z+v3z-k, v3y+kf, v3a
		dst[3], dst[4], dst[5] = v2z-v3z, -v3y-kf, -v3a
		dst[6], dst[7], dst[8] = -v5z, 0, -v5a-eps
	}
	return f, jac
}

// cellCycle is Romond et al.'s two coupled Goldbeter cascades (state c1,
// m1, x1, c2, m2, x2), each cyclin inhibiting the other's synthesis:
//
//	dc_i/dt = v_i K_im/(K_im + m_j) − v_d x_i c_i/(K_d + c_i) − k_d c_i
//	dm_i/dt = V_M1 c_i/(K_c + c_i)·(1 − m_i)/(K + 1 − m_i) − V2 m_i/(K + m_i)
//	dx_i/dt = V_M3 m_i (1 − x_i)/(K + 1 − x_i) − V4 x_i/(K + x_i)
//
// with j the other oscillator.
//
// References:
//
//	Romond, P.-C., Rustici, M., Gonze, D. & Goldbeter, A. (1999).
//	  Alternating oscillations and chaos in a model of two coupled
//	  biochemical oscillators driving successive phases of the cell cycle.
//	  Ann. N. Y. Acad. Sci. 879, 180-193.
func cellCycle(p system.Params, _ int) (ode.Func, system.JacFunc) {
	K, Kc, Kd, Kim := p["K"], p["Kc"], p["Kd1"], p["Kim"]
	V2, V4, Vm1, Vm3 := p["V2"], p["V4"], p["Vm1"], p["Vm3"]
	kd, vd, vi := p["kd1"], p["vd"], p["vi"]
	// One cascade (c, m, x) inhibited by the other's kinase mo.
	one := func(dst []float64, c, m, x, mo float64) {
		dst[0] = vi*Kim/(Kim+mo) - vd*x*c/(Kd+c) - kd*c
		dst[1] = Vm1*c/(Kc+c)*(1-m)/(K+1-m) - V2*m/(K+m)
		dst[2] = Vm3*m*(1-x)/(K+1-x) - V4*x/(K+x)
	}
	f := func(dst, x []float64, _ float64) {
		one(dst[0:3], x[0], x[1], x[2], x[4])
		one(dst[3:6], x[3], x[4], x[5], x[1])
	}
	// rows writes the three rows of one cascade into the 6 × 6 Jacobian
	// J, starting at row r0, with its own variables in columns o, o+1,
	// o+2 and the other cascade's kinase in column mo. With
	// g(u) = (1 − u)/(K + 1 − u), g' = −K/(K + 1 − u)², and
	// h(u; k) = u/(k + u), h' = k/(k + u)².
	rows := func(J []float64, r0, o, mo int, c, m, x, mOther float64) {
		dc, da := Kd+c, Kc+c
		hc, dhc := c/dc, Kd/(dc*dc)
		a1, da1 := c/da, Kc/(da*da)
		gmD, gxD := K+1-m, K+1-x
		gm, dgm := (1-m)/gmD, -K/(gmD*gmD)
		gx, dgx := (1-x)/gxD, -K/(gxD*gxD)
		dhm, dhx := K/((K+m)*(K+m)), K/((K+x)*(K+x))
		di := Kim + mOther
		r := J[r0*6 : r0*6+18]
		r[o] = -vd*x*dhc - kd
		r[o+2] = -vd * hc
		r[mo] = -vi * Kim / (di * di)
		r[6+o] = Vm1 * da1 * gm
		r[6+o+1] = Vm1*a1*dgm - V2*dhm
		r[12+o+1] = Vm3 * gx
		r[12+o+2] = Vm3*m*dgx - V4*dhx
	}
	jac := func(dst, x []float64, _ float64) {
		clear(dst[:36])
		rows(dst, 0, 0, 4, x[0], x[1], x[2], x[4])
		rows(dst, 3, 3, 1, x[3], x[4], x[5], x[1])
	}
	return f, jac
}

// cnnSatA is the saturation f(u) = (|u + 1| − |u − 1|)/2 of a cellular
// neural network and its slope (1/2 at the corners |u| = 1).
func cnnSatA(u float64) (float64, float64) {
	switch au := math.Abs(u); {
	case au < 1:
		return u, 1
	case au > 1:
		return math.Copysign(1, u), 0
	default:
		return u, 0.5
	}
}

// cellularNeuralNetwork is Arena et al.'s three-cell network:
//
//	dx/dt = −x + d f(x) − b f(y) − b f(z)
//	dy/dt = −y − b f(x) + c f(y) − a f(z)
//	dz/dt = −z − b f(x) + a f(y) + f(z)
//
// with f(u) = (|u + 1| − |u − 1|)/2.
//
// References:
//
//	Arena, P., Caponetto, R., Fortuna, L. & Porto, D. (1998). Bifurcation
//	  and chaos in noninteger order cellular neural networks. Int. J.
//	  Bifurcation Chaos 8, 1527-1539.
func cellularNeuralNetwork(p system.Params, _ int) (ode.Func, system.JacFunc) {
	a, b, c, d := p["a"], p["b"], p["c"], p["d"]
	f := func(dst, x []float64, _ float64) {
		fx, _ := cnnSatA(x[0])
		fy, _ := cnnSatA(x[1])
		fz, _ := cnnSatA(x[2])
		dst[0] = -x[0] + d*fx - b*fy - b*fz
		dst[1] = -x[1] - b*fx + c*fy - a*fz
		dst[2] = -x[2] - b*fx + a*fy + fz
	}
	jac := func(dst, x []float64, _ float64) {
		_, gx := cnnSatA(x[0])
		_, gy := cnnSatA(x[1])
		_, gz := cnnSatA(x[2])
		dst[0], dst[1], dst[2] = -1+d*gx, -b*gy, -b*gz
		dst[3], dst[4], dst[5] = -b*gx, -1+c*gy, -a*gz
		dst[6], dst[7], dst[8] = -b*gx, a*gy, -1+gz
	}
	return f, jac
}

// chenLee is Chen and Lee's rigid body with feedback anti-control:
//
//	dx/dt = ax − yz
//	dy/dt = by + xz
//	dz/dt = cz + xy/3
//
// Its divergence is a + b + c.
//
// References:
//
//	Chen, H.-K. & Lee, C.-I. (2004). Anti-control of chaos in rigid body
//	  motion. Chaos Solitons Fractals 21, 957-965.
func chenLee(p system.Params, _ int) (ode.Func, system.JacFunc) {
	a, b, c := p["a"], p["b"], p["c"]
	f := func(dst, x []float64, _ float64) {
		u, v, w := x[0], x[1], x[2]
		dst[0] = a*u - v*w
		dst[1] = b*v + u*w
		dst[2] = c*w + u*v/3
	}
	jac := func(dst, x []float64, _ float64) {
		u, v, w := x[0], x[1], x[2]
		dst[0], dst[1], dst[2] = a, -w, -v
		dst[3], dst[4], dst[5] = w, b, u
		dst[6], dst[7], dst[8] = v/3, u/3, c
	}
	return f, jac
}

// circadianRhythm is dysts' forced form of the Leloup-Gonze-Goldbeter
// Neurospora clock (state m, f_c, f_s, f_n, θ):
//
//	v_s = v_c((1 + cos θ)/2 + v_min)(v_max − v_min)
//	dm/dt = v_s K_I^n/(K_I^n + f_n^n) − v_m m/(K_m + m)
//	df_c/dt = k_s m − (k1 + k)f_c + k2 f_n
//	df_s/dt = k f_c − v_d f_s/(K_d + f_s)
//	df_n/dt = k1 f_c − k2 f_n − v_dN f_n/(K_dN + f_n)
//	dθ/dt = 2π/ps
//
// References:
//
//	Leloup, J.-C., Gonze, D. & Goldbeter, A. (1999). Limit cycle models
//	  for circadian rhythms based on transcriptional regulation in
//	  Drosophila and Neurospora. J. Biol. Rhythms 14, 433-448.
func circadianRhythm(p system.Params, _ int) (ode.Func, system.JacFunc) {
	Ki, k, k1, k2, kd, kdn, km, ks := p["Ki"], p["k"], p["k1"], p["k2"], p["kd"], p["kdn"], p["km"], p["ks"]
	n, ps, vc, vd, vdn, vm, vmax, vmin := int(p["n"]), p["ps"], p["vc"], p["vd"], p["vdn"], p["vm"], p["vmax"], p["vmin"]
	kin := math.Pow(Ki, float64(n))
	omega := 2 * math.Pi / ps
	// repression returns K_I^n/(K_I^n + f^n) and its derivative.
	repression := func(fn float64) (float64, float64) {
		h, dh := hillA(fn, n, kin)
		return 1 - h, -dh
	}
	f := func(dst, x []float64, _ float64) {
		m, fc, fs, fn := x[0], x[1], x[2], x[3]
		vs := vc * ((0.5 + 0.5*math.Cos(x[4])) + vmin) * (vmax - vmin)
		R, _ := repression(fn)
		dst[0] = vs*R - vm*m/(km+m)
		dst[1] = ks*m - (k1+k)*fc + k2*fn
		dst[2] = k*fc - vd*fs/(kd+fs)
		dst[3] = k1*fc - k2*fn - vdn*fn/(kdn+fn)
		dst[4] = omega
	}
	jac := func(dst, x []float64, _ float64) {
		m, fs, fn := x[0], x[2], x[3]
		sth, cth := math.Sincos(x[4])
		vs := vc * ((0.5 + 0.5*cth) + vmin) * (vmax - vmin)
		R, dR := repression(fn)
		clear(dst[:25])
		dst[0] = -vm * km / ((km + m) * (km + m))
		dst[3] = vs * dR
		dst[4] = -0.5 * vc * sth * (vmax - vmin) * R
		dst[5], dst[6], dst[8] = ks, -(k1 + k), k2
		dst[11], dst[12] = k, -vd*kd/((kd+fs)*(kd+fs))
		dst[16], dst[18] = k1, -k2-vdn*kdn/((kdn+fn)*(kdn+fn))
	}
	return f, jac
}

// coevolvingPredatorPrey is Gilpin and Feldman's predator-prey system
// with an evolving prey trait α, in dysts' form:
//
//	A = a1α(1 − k1xα(δ − 1))/(1 + b1α)
//	G = d1(1 − k2α²(δ² − 1) + k4α⁴(δ⁴ − 1))
//	dx/dt = x(−a3y/(1 + b2x) + A − G)
//	dy/dt = y(−d2 + a2x/(1 + b2x))
//	dα/dt = v(−a1k1δxα/(1 + b1α) − d1(−2k2δ²α + 4k4δ⁴α³))
//
// References:
//
//	Gilpin, W. & Feldman, M. W. (2017). A phase transition induces chaos
//	  in a predator-prey ecosystem with a dynamic fitness landscape. PLoS
//	  Comput. Biol. 13, e1005644.
func coevolvingPredatorPrey(p system.Params, _ int) (ode.Func, system.JacFunc) {
	a1, a2, a3, b1, b2 := p["a1"], p["a2"], p["a3"], p["b1"], p["b2"]
	d1, d2, delta, k1, k2, k4, vv := p["d1"], p["d2"], p["delta"], p["k1"], p["k2"], p["k4"], p["vv"]
	dm1, d2m1, d4m1 := delta-1, delta*delta-1, delta*delta*delta*delta-1
	del2, del4 := delta*delta, delta*delta*delta*delta
	f := func(dst, x []float64, _ float64) {
		u, v, al := x[0], x[1], x[2]
		A := a1 * al * (1 - k1*u*al*dm1) / (1 + b1*al)
		G := d1 * (1 - k2*al*al*d2m1 + k4*al*al*al*al*d4m1)
		dst[0] = u * (-a3*v/(1+b2*u) + A - G)
		dst[1] = v * (-d2 + a2*u/(1+b2*u))
		dst[2] = vv * (-a1*k1*delta*u*al/(1+b1*al) - d1*(-2*k2*del2*al+4*k4*del4*al*al*al))
	}
	jac := func(dst, x []float64, _ float64) {
		u, v, al := x[0], x[1], x[2]
		db, dh := 1+b1*al, 1+b2*u
		A := a1 * al * (1 - k1*u*al*dm1) / db
		G := d1 * (1 - k2*al*al*d2m1 + k4*al*al*al*al*d4m1)
		P := a3 * v / dh
		Ax := -a1 * k1 * al * al * dm1 / db
		num, dnum := al-k1*u*dm1*al*al, 1-2*k1*u*dm1*al
		Aa := a1 * (dnum*db - num*b1) / (db * db)
		Ga := d1 * (-2*k2*al*d2m1 + 4*k4*al*al*al*d4m1)
		dst[0] = -P + A - G + u*(a3*v*b2/(dh*dh)+Ax)
		dst[1] = -u * a3 / dh
		dst[2] = u * (Aa - Ga)
		dst[3] = v * a2 / (dh * dh)
		dst[4] = -d2 + a2*u/dh
		dst[5] = 0
		dst[6] = -vv * a1 * k1 * delta * al / db
		dst[7] = 0
		dst[8] = vv * (-a1*k1*delta*u/(db*db) - d1*(-2*k2*del2+12*k4*del4*al*al))
	}
	return f, jac
}

// colpitts is the piecewise-linear Colpitts oscillator in dysts' form:
// with u = z − (e − 1) and F = max(−u, 0),
//
//	dx/dt = y − aF
//	dy/dt = c − x − by − z
//	dz/dt = y − dz
//
// References:
//
//	Kennedy, M. P. (1994). Chaos in the Colpitts oscillator. IEEE Trans.
//	  Circuits Syst. I 41, 771-774.
func colpitts(p system.Params, _ int) (ode.Func, system.JacFunc) {
	a, b, c, d, e := p["a"], p["b"], p["c"], p["d"], p["e"]
	f := func(dst, x []float64, _ float64) {
		u := x[2] - (e - 1)
		F := math.Max(-u, 0)
		dst[0] = x[1] - a*F
		dst[1] = c - x[0] - b*x[1] - x[2]
		dst[2] = x[1] - d*x[2]
	}
	jac := func(dst, x []float64, _ float64) {
		var dF float64 // ∂F/∂z
		switch u := x[2] - (e - 1); {
		case u < 0:
			dF = -1
		case u == 0:
			dF = -0.5
		}
		dst[0], dst[1], dst[2] = 0, 1, -a*dF
		dst[3], dst[4], dst[5] = -1, -b, -1
		dst[6], dst[7], dst[8] = 0, 1, -d
	}
	return f, jac
}

// dadras is the Dadras-Momeni multi-scroll flow:
//
//	dx/dt = y − px + oyz
//	dy/dt = ry − xz + z
//	dz/dt = cxy − ez
//
// Its divergence is r − p − e.
//
// References:
//
//	Dadras, S. & Momeni, H. R. (2009). A novel three-dimensional
//	  autonomous chaotic system generating two, three and four-scroll
//	  attractors. Phys. Lett. A 373, 3637-3642.
func dadras(p system.Params, _ int) (ode.Func, system.JacFunc) {
	c, e, o, pp, r := p["c"], p["e"], p["o"], p["p"], p["r"]
	f := func(dst, x []float64, _ float64) {
		u, v, w := x[0], x[1], x[2]
		dst[0] = v - pp*u + o*v*w
		dst[1] = r*v - u*w + w
		dst[2] = c*u*v - e*w
	}
	jac := func(dst, x []float64, _ float64) {
		u, v, w := x[0], x[1], x[2]
		dst[0], dst[1], dst[2] = -pp, 1+o*w, o*v
		dst[3], dst[4], dst[5] = -w, r, 1-u
		dst[6], dst[7], dst[8] = c*v, c*u, -e
	}
	return f, jac
}

// doubleGyre is Shadden et al.'s time-periodic double gyre on [0, 2] × [0, 1]
// with the forcing phase z:
//
//	f(x, z) = ε sin z·x² + (1 − 2ε sin z)x
//	dx/dt = −πA sin(πf) cos(πy)
//	dy/dt = πA cos(πf) sin(πy) ∂f/∂x
//	dz/dt = ω
//
// (x, y) is advected by the stream function ψ = A sin(πf) sin(πy).
//
// References:
//
//	Shadden, S. C., Lekien, F. & Marsden, J. E. (2005). Definition and
//	  properties of Lagrangian coherent structures from finite-time
//	  Lyapunov exponents in two-dimensional aperiodic flows. Physica D
//	  212, 271-304.
func doubleGyre(p system.Params, _ int) (ode.Func, system.JacFunc) {
	A, eps, omega := p["alpha"], p["eps"], p["omega"]
	pi := math.Pi
	f := func(dst, x []float64, _ float64) {
		u, v := x[0], x[1]
		a := eps * math.Sin(x[2])
		b := 1 - 2*a
		F := a*u*u + b*u
		sf, cf := math.Sincos(pi * F)
		sy, cy := math.Sincos(pi * v)
		dst[0] = -pi * A * sf * cy
		dst[1] = pi * A * cf * sy * (2*a*u + b)
		dst[2] = omega
	}
	jac := func(dst, x []float64, _ float64) {
		u, v := x[0], x[1]
		sz, cz := math.Sincos(x[2])
		a := eps * sz
		b := 1 - 2*a
		F := a*u*u + b*u
		Fx := 2*a*u + b
		Fz := eps * cz * (u*u - 2*u)
		Fxz := 2 * eps * cz * (u - 1)
		sf, cf := math.Sincos(pi * F)
		sy, cy := math.Sincos(pi * v)
		k := pi * A
		dst[0], dst[1], dst[2] = -k*pi*cf*Fx*cy, k*pi*sf*sy, -k*pi*cf*Fz*cy
		dst[3] = k * sy * (-pi*sf*Fx*Fx + cf*2*a)
		dst[4] = k * pi * cf * cy * Fx
		dst[5] = k * sy * (-pi*sf*Fz*Fx + cf*Fxz)
		dst[6], dst[7], dst[8] = 0, 0, 0
	}
	return f, jac
}

// expRateA is a gating rate of the form s·(vb + v)/(1 − e^(−ar·v − vo))
// (Chay's α_m and α_n) with its derivative in v; the denominator is
// computed as −expm1(−ar·v − vo) to keep its relative accuracy near 0.
func expRateA(v, s, vb, ar, vo float64) (float64, float64) {
	u := -ar*v - vo
	den := -math.Expm1(u) // 1 − e^u
	val := s * (vb + v) / den
	// d(den)/dv = ar e^u.
	return val, s/den - s*(vb+v)*ar*math.Exp(u)/(den*den)
}

// steadyA returns y∞ = α/(α + β) and its derivative from the rates and
// their derivatives.
func steadyA(al, dal, be, dbe float64) (float64, float64) {
	s := al + be
	return al / s, (dal*be - al*dbe) / (s * s)
}

// excitableCell is Chay's three-variable model of an excitable cell
// (state v, n, c):
//
//	dv/dt = g_I m∞³h∞(v_I − v) + g_KV n⁴(v_K − v) + g_KC c/(1 + c)(v_K − v) + g_L(v_L − v)
//	dn/dt = tscl((α_n + β_n)(n∞ − n)) = tscl(α_n − (α_n + β_n)n)
//	dc/dt = ρ(m∞³h∞(v_C − v) − k_C c)
//
// with the rates listed in its catalogue description.
//
// References:
//
//	Chay, T. R. (1985). Chaos in a three-variable model of an excitable
//	  cell. Physica D 16, 233-242.
func excitableCell(p system.Params, _ int) (ode.Func, system.JacFunc) {
	aho, ahr, ahs, ams, amvb, amvo := p["aho"], p["ahr"], p["ahs"], p["ams"], p["amvb"], p["amvo"]
	ans, anvb, anvo, ar := p["ans"], p["anvb"], p["anvo"], p["ar"]
	bho, bhr, bmo, bmr, bms := p["bho"], p["bhr"], p["bmo"], p["bmr"], p["bms"]
	bno, bnr, bns := p["bno"], p["bnr"], p["bns"]
	gi, gkc, gkv, gl, kc, rho, tscl := p["gi"], p["gkc"], p["gkv"], p["gl"], p["kc"], p["rho"], p["tscl"]
	vc, vi, vk, vl := p["vc"], p["vi"], p["vk"], p["vl"]
	// gates returns m∞³h∞ and α_n + β_n, α_n with their v-derivatives.
	gates := func(v float64) (mh, dmh, an, dan, sn, dsn float64) {
		am, dam := expRateA(v, ams, amvb, ar, amvo)
		bm := bms * math.Exp(-bmr*v-bmo)
		minf, dminf := steadyA(am, dam, bm, -bmr*bm)
		ah := ahs * math.Exp(-ahr*v-aho)
		e := math.Exp(-bhr*v - bho)
		bh := 1 / (1 + e)
		hinf, dhinf := steadyA(ah, -ahr*ah, bh, bhr*e*bh*bh)
		an, dan = expRateA(v, ans, anvb, ar, anvo)
		bn := bns * math.Exp(-bnr*v-bno)
		m3 := minf * minf * minf
		return m3 * hinf, 3*minf*minf*dminf*hinf + m3*dhinf, an, dan, an + bn, dan - bnr*bn
	}
	f := func(dst, x []float64, _ float64) {
		v, n, c := x[0], x[1], x[2]
		mh, _, an, _, sn, _ := gates(v)
		n2 := n * n
		dst[0] = gi*mh*(vi-v) + gkv*n2*n2*(vk-v) + gkc*c/(1+c)*(vk-v) + gl*(vl-v)
		dst[1] = tscl * (an - sn*n)
		dst[2] = rho * (mh*(vc-v) - kc*c)
	}
	jac := func(dst, x []float64, _ float64) {
		v, n, c := x[0], x[1], x[2]
		mh, dmh, _, dan, sn, dsn := gates(v)
		n2 := n * n
		ca := c / (1 + c)
		dst[0] = gi*(dmh*(vi-v)-mh) - gkv*n2*n2 - gkc*ca - gl
		dst[1] = 4 * gkv * n2 * n * (vk - v)
		dst[2] = gkc * (vk - v) / ((1 + c) * (1 + c))
		dst[3] = tscl * (dan - dsn*n)
		dst[4] = -tscl * sn
		dst[5] = 0
		dst[6] = rho * (dmh*(vc-v) - mh)
		dst[7] = 0
		dst[8] = -rho * kc
	}
	return f, jac
}

// finance is Cai and Huang's finance system (interest rate x, investment
// demand y, price index z):
//
//	dx/dt = (1/b − a)x + z + xy
//	dy/dt = −by − x²
//	dz/dt = −x − cz
//
// References:
//
//	Cai, G. & Huang, J. (2007). A new finance chaotic attractor. Int. J.
//	  Nonlinear Science 3, 213-220.
func finance(p system.Params, _ int) (ode.Func, system.JacFunc) {
	a, b, c := p["a"], p["b"], p["c"]
	g := 1/b - a
	f := func(dst, x []float64, _ float64) {
		u, v, w := x[0], x[1], x[2]
		dst[0] = g*u + w + u*v
		dst[1] = -b*v - u*u
		dst[2] = -u - c*w
	}
	jac := func(dst, x []float64, _ float64) {
		u, v := x[0], x[1]
		dst[0], dst[1], dst[2] = g+v, u, 1
		dst[3], dst[4], dst[5] = -2*u, -b, 0
		dst[6], dst[7], dst[8] = -1, 0, -c
	}
	return f, jac
}

// fluidTrampoline is Gilet and Bush's bouncing droplet in dysts' form,
// height x and velocity y relative to the film, forcing phase θ:
//
//	dx/dt = y
//	dy/dt = −1 − H(−x)(x + ψy|y|) + Γ cos θ
//	dθ/dt = ω
//
// with H(−x) = 1 for x < 0 (contact) and 0 otherwise.
//
// References:
//
//	Gilet, T. & Bush, J. W. M. (2009). The fluid trampoline: droplets
//	  bouncing on a soap film. J. Fluid Mech. 625, 167-203.
func fluidTrampoline(p system.Params, _ int) (ode.Func, system.JacFunc) {
	gamma, psi, w := p["gamma"], p["psi"], p["w"]
	f := func(dst, x []float64, _ float64) {
		u, v := x[0], x[1]
		dst[0] = v
		dst[1] = -1 + gamma*math.Cos(x[2])
		if u < 0 {
			dst[1] -= u + psi*v*math.Abs(v)
		}
		dst[2] = w
	}
	jac := func(dst, x []float64, _ float64) {
		var hx, hy float64
		if x[0] < 0 {
			hx, hy = -1, -2*psi*math.Abs(x[1])
		}
		dst[0], dst[1], dst[2] = 0, 1, 0
		dst[3], dst[4], dst[5] = hx, hy, -gamma*math.Sin(x[2])
		dst[6], dst[7], dst[8] = 0, 0, 0
	}
	return f, jac
}

// forcedBrusselator is the periodically forced Brusselator:
//
//	dx/dt = a + x²y − (b + 1)x + f cos z
//	dy/dt = bx − x²y
//	dz/dt = ω
//
// References:
//
//	Prigogine, I. & Lefever, R. (1968). Symmetry breaking instabilities
//	  in dissipative systems II. J. Chem. Phys. 48, 1695-1700.
func forcedBrusselator(p system.Params, _ int) (ode.Func, system.JacFunc) {
	a, b, F, w := p["a"], p["b"], p["f"], p["w"]
	f := func(dst, x []float64, _ float64) {
		u, v := x[0], x[1]
		dst[0] = a + u*u*v - (b+1)*u + F*math.Cos(x[2])
		dst[1] = b*u - u*u*v
		dst[2] = w
	}
	jac := func(dst, x []float64, _ float64) {
		u, v := x[0], x[1]
		dst[0], dst[1], dst[2] = 2*u*v-(b+1), u*u, -F*math.Sin(x[2])
		dst[3], dst[4], dst[5] = b-2*u*v, -u*u, 0
		dst[6], dst[7], dst[8] = 0, 0, 0
	}
	return f, jac
}

// forcedVanDerPol is the sinusoidally forced van der Pol oscillator:
//
//	dx/dt = y
//	dy/dt = μ(1 − x²)y − x + a sin z
//	dz/dt = ω
//
// References:
//
//	van der Pol, B. (1920). A theory of the amplitude of free and forced
//	  triode vibrations. Radio Review 1, 701-710, 754-762.
func forcedVanDerPol(p system.Params, _ int) (ode.Func, system.JacFunc) {
	a, mu, w := p["a"], p["mu"], p["w"]
	f := func(dst, x []float64, _ float64) {
		u, v := x[0], x[1]
		dst[0] = v
		dst[1] = mu*(1-u*u)*v - u + a*math.Sin(x[2])
		dst[2] = w
	}
	jac := func(dst, x []float64, _ float64) {
		u, v := x[0], x[1]
		dst[0], dst[1], dst[2] = 0, 1, 0
		dst[3], dst[4], dst[5] = -2*mu*u*v-1, mu*(1-u*u), a*math.Cos(x[2])
		dst[6], dst[7], dst[8] = 0, 0, 0
	}
	return f, jac
}

// genesioTesi is the Genesio-Tesi jerk system:
//
//	dx/dt = y
//	dy/dt = z
//	dz/dt = −cx − by − az + x²
//
// Its divergence is −a.
//
// References:
//
//	Genesio, R. & Tesi, A. (1992). Harmonic balance methods for the
//	  analysis of chaotic dynamics in nonlinear systems. Automatica 28,
//	  531-548.
func genesioTesi(p system.Params, _ int) (ode.Func, system.JacFunc) {
	a, b, c := p["a"], p["b"], p["c"]
	f := func(dst, x []float64, _ float64) {
		u := x[0]
		dst[0] = x[1]
		dst[1] = x[2]
		dst[2] = -c*u - b*x[1] - a*x[2] + u*u
	}
	jac := func(dst, x []float64, _ float64) {
		dst[0], dst[1], dst[2] = 0, 1, 0
		dst[3], dst[4], dst[5] = 0, 0, 1
		dst[6], dst[7], dst[8] = -c+2*x[0], -b, -a
	}
	return f, jac
}

// glycolyticOscillation is Decroly and Goldbeter's model of two
// allosteric enzymes in series (substrate a, intermediate b, product c):
//
//	φ = a(1 + a)(1 + b)²/(L1 + (1 + a)²(1 + b)²)
//	η = b(1 + db)(1 + c)²/(L2 + (1 + db)²(1 + c)²)
//	da/dt = ν − σ1φ
//	db/dt = q1σ1φ − σ2η
//	dc/dt = q2σ2η − k_s c
//
// References:
//
//	Decroly, O. & Goldbeter, A. (1982). Birhythmicity, chaos, and other
//	  patterns of temporal self-organization in a multiply regulated
//	  biochemical system. Proc. Natl. Acad. Sci. USA 79, 6917-6921.
func glycolyticOscillation(p system.Params, _ int) (ode.Func, system.JacFunc) {
	d, k, l1, l2, nu := p["d"], p["k"], p["l1"], p["l2"], p["nu"]
	q1, q2, s1, s2 := p["q1"], p["q2"], p["s1"], p["s2"]
	rates := func(a, b, c float64) (phi, eta float64) {
		ab2 := (1 + a) * (1 + a) * (1 + b) * (1 + b)
		phi = a * (1 + a) * (1 + b) * (1 + b) / (l1 + ab2)
		db := 1 + d*b
		bc2 := db * db * (1 + c) * (1 + c)
		eta = b * db * (1 + c) * (1 + c) / (l2 + bc2)
		return phi, eta
	}
	f := func(dst, x []float64, _ float64) {
		phi, eta := rates(x[0], x[1], x[2])
		dst[0] = nu - s1*phi
		dst[1] = q1*s1*phi - s2*eta
		dst[2] = q2*s2*eta - k*x[2]
	}
	jac := func(dst, x []float64, _ float64) {
		a, b, c := x[0], x[1], x[2]
		// φ = N/(L1 + M): N = a(1 + a)(1 + b)², M = (1 + a)²(1 + b)².
		B2 := (1 + b) * (1 + b)
		N, M := a*(1+a)*B2, (1+a)*(1+a)*B2
		Na, Nb := (1+2*a)*B2, 2*a*(1+a)*(1+b)
		Ma, Mb := 2*(1+a)*B2, 2*(1+a)*(1+a)*(1+b)
		D1 := l1 + M
		phia := (Na*D1 - N*Ma) / (D1 * D1)
		phib := (Nb*D1 - N*Mb) / (D1 * D1)
		// η = P/(L2 + Q): P = b(1 + db)(1 + c)², Q = (1 + db)²(1 + c)².
		db, C2 := 1+d*b, (1+c)*(1+c)
		P, Q := b*db*C2, db*db*C2
		Pb, Pc := (1+2*d*b)*C2, 2*b*db*(1+c)
		Qb, Qc := 2*d*db*C2, 2*db*db*(1+c)
		D2 := l2 + Q
		etab := (Pb*D2 - P*Qb) / (D2 * D2)
		etac := (Pc*D2 - P*Qc) / (D2 * D2)
		dst[0], dst[1], dst[2] = -s1*phia, -s1*phib, 0
		dst[3], dst[4], dst[5] = q1*s1*phia, q1*s1*phib-s2*etab, -s2*etac
		dst[6], dst[7], dst[8] = 0, q2*s2*etab, q2*s2*etac-k
	}
	return f, jac
}

// guckenheimerHolmes is dysts' Guckenheimer-Holmes oscillator:
//
//	dx/dt = ax − by + czx + dz(x² + y²)
//	dy/dt = ay + bx + czy
//	dz/dt = e − z² − f(x² + y²) − az³
//
// References:
//
//	Guckenheimer, J. & Holmes, P. (1983). Nonlinear Oscillations,
//	  Dynamical Systems, and Bifurcations of Vector Fields. Springer, New
//	  York.
func guckenheimerHolmes(p system.Params, _ int) (ode.Func, system.JacFunc) {
	a, b, c, d, e, F := p["a"], p["b"], p["c"], p["d"], p["e"], p["f"]
	f := func(dst, x []float64, _ float64) {
		u, v, w := x[0], x[1], x[2]
		r2 := u*u + v*v
		dst[0] = a*u - b*v + c*w*u + d*w*r2
		dst[1] = a*v + b*u + c*w*v
		dst[2] = e - w*w - F*r2 - a*w*w*w
	}
	jac := func(dst, x []float64, _ float64) {
		u, v, w := x[0], x[1], x[2]
		dst[0], dst[1], dst[2] = a+c*w+2*d*w*u, -b+2*d*w*v, c*u+d*(u*u+v*v)
		dst[3], dst[4], dst[5] = b, a+c*w, c*v
		dst[6], dst[7], dst[8] = -2*F*u, -2*F*v, -2*w-3*a*w*w
	}
	return f, jac
}

// halvorsen is Halvorsen's cyclically symmetric flow:
//
//	dx/dt = −ax − by − bz − y²
//	dy/dt = −ay − bz − bx − z²
//	dz/dt = −az − bx − by − x²
//
// Its divergence is −3a.
//
// References:
//
//	Sprott, J. C. (2010). Elegant Chaos: Algebraically Simple Chaotic
//	  Flows. World Scientific, Singapore.
func halvorsen(p system.Params, _ int) (ode.Func, system.JacFunc) {
	a, b := p["a"], p["b"]
	f := func(dst, x []float64, _ float64) {
		u, v, w := x[0], x[1], x[2]
		dst[0] = -a*u - b*v - b*w - v*v
		dst[1] = -a*v - b*w - b*u - w*w
		dst[2] = -a*w - b*u - b*v - u*u
	}
	jac := func(dst, x []float64, _ float64) {
		u, v, w := x[0], x[1], x[2]
		dst[0], dst[1], dst[2] = -a, -b-2*v, -b
		dst[3], dst[4], dst[5] = -b, -a, -b-2*w
		dst[6], dst[7], dst[8] = -b-2*u, -b, -a
	}
	return f, jac
}

// hastingsPowell is Hastings and Powell's three-species food chain:
//
//	dx/dt = x(1 − x) − a1xy/(1 + b1x)
//	dy/dt = a1xy/(1 + b1x) − a2yz/(1 + b2y) − d1y
//	dz/dt = a2yz/(1 + b2y) − d2z
//
// References:
//
//	Hastings, A. & Powell, T. (1991). Chaos in a three-species food
//	  chain. Ecology 72, 896-903.
func hastingsPowell(p system.Params, _ int) (ode.Func, system.JacFunc) {
	a1, a2, b1, b2, d1, d2 := p["a1"], p["a2"], p["b1"], p["b2"], p["d1"], p["d2"]
	f := func(dst, x []float64, _ float64) {
		u, v, w := x[0], x[1], x[2]
		f1 := a1 * u * v / (1 + b1*u)
		f2 := a2 * v * w / (1 + b2*v)
		dst[0] = u*(1-u) - f1
		dst[1] = f1 - f2 - d1*v
		dst[2] = f2 - d2*w
	}
	jac := func(dst, x []float64, _ float64) {
		u, v, w := x[0], x[1], x[2]
		e1, e2 := 1+b1*u, 1+b2*v
		f1u, f1v := a1*v/(e1*e1), a1*u/e1
		f2v, f2w := a2*w/(e2*e2), a2*v/e2
		dst[0], dst[1], dst[2] = 1-2*u-f1u, -f1v, 0
		dst[3], dst[4], dst[5] = f1u, f1v-f2v-d1, -f2w
		dst[6], dst[7], dst[8] = 0, f2v, f2w-d2
	}
	return f, jac
}

// henonHeiles gives Hamilton's equations of the Hénon-Heiles system,
// H = (p_x² + p_y²)/2 + (x² + y²)/2 + λ(x²y − y³/3):
//
//	dx/dt = p_x,  dy/dt = p_y
//	dp_x/dt = −x − 2λxy
//	dp_y/dt = −y − λx² + λy²
//
// References:
//
//	Hénon, M. & Heiles, C. (1964). The applicability of the third
//	  integral of motion: some numerical experiments. Astron. J. 69,
//	  73-79.
func henonHeiles(p system.Params, _ int) (ode.Func, system.JacFunc) {
	lam := p["lam"]
	f := func(dst, x []float64, _ float64) {
		u, v := x[0], x[1]
		dst[0] = x[2]
		dst[1] = x[3]
		dst[2] = -u - 2*lam*u*v
		dst[3] = -v - lam*u*u + lam*v*v
	}
	jac := func(dst, x []float64, _ float64) {
		u, v := x[0], x[1]
		clear(dst[:16])
		dst[2] = 1
		dst[7] = 1
		dst[8], dst[9] = -1-2*lam*v, -2*lam*u
		dst[12], dst[13] = -2*lam*u, -1+2*lam*v
	}
	return f, jac
}

// henonHeilesEnergy is the Hénon-Heiles Hamiltonian at state x.
func henonHeilesEnergy(lam float64, x []float64) float64 {
	u, v := x[0], x[1]
	return (x[2]*x[2]+x[3]*x[3])/2 + (u*u+v*v)/2 + lam*(u*u*v-v*v*v/3)
}
