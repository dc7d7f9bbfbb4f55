package flows

import (
	"math"

	"github.com/emergo/emergo/system"
	"github.com/emergo/emergo/system/ode"
)

// sprott2003 names the source of the literature Lyapunov spectra.
const sprott2003 = "Sprott, J. C. (2003). Chaos and Time-Series Analysis, Oxford Univ. Press, App. A"

func init() {
	for _, s := range catalogue() {
		register(s)
	}
}

// catalogue is the table of registered flows.
func catalogue() []spec {
	return []spec{
		{
			name: "Lorenz",
			params: []param{
				{name: "sigma", doc: "Prandtl number σ"},
				{name: "rho", doc: "reduced Rayleigh number ρ"},
				{name: "beta", doc: "geometric factor β (dysts uses 2.667; Lorenz 1963 used 8/3)"},
			},
			field:       lorenz,
			dt:          0.01, // the customary sampling interval (about 1/90 of a Lyapunov time)
			citation:    "Lorenz, E. N. (1963). Deterministic nonperiodic flow. J. Atmos. Sci. 20, 130-141.",
			description: "dx/dt = σ(y − x), dy/dt = x(ρ − z) − y, dz/dt = xy − βz.",
			observables: []string{"x", "y", "z"},
			aliases:     []string{"Lorenz63"},
			invariants: []system.Invariant{
				{Name: "lyapunov_spectrum", Values: []float64{0.9056, 0, -14.5723}, Source: sprott2003 + " (σ=10, ρ=28, β=8/3)"},
				{Name: "kaplan_yorke", Values: []float64{2.06215}, Source: sprott2003 + " (σ=10, ρ=28, β=8/3)"},
				{Name: "correlation_dimension", Values: []float64{2.055}, Source: "Sprott, J. C., Lorenz attractor Lyapunov exponents, sprott.physics.wisc.edu/chaos/lorenzle.htm: D2 = 2.055 ± 0.004 (σ=10, ρ=28, β=8/3)"},
			},
		},
		{
			name: "Rossler",
			params: []param{
				{name: "a", doc: "feedback of y on itself"},
				{name: "b", doc: "constant injection into z"},
				{name: "c", doc: "threshold of the z nonlinearity"},
			},
			field:       rossler,
			citation:    "Rössler, O. E. (1976). An equation for continuous chaos. Phys. Lett. A 57, 397-398.",
			description: "dx/dt = −y − z, dy/dt = x + ay, dz/dt = b + z(x − c).",
			observables: []string{"x", "y", "z"},
			aliases:     []string{"Roessler"},
			invariants: []system.Invariant{
				{Name: "lyapunov_spectrum", Values: []float64{0.0714, 0, -5.3943}, Source: sprott2003 + " (a=b=0.2, c=5.7)"},
				{Name: "kaplan_yorke", Values: []float64{2.0132}, Source: sprott2003 + " (a=b=0.2, c=5.7)"},
			},
		},
		{
			name: "Chen",
			params: []param{
				{name: "a", doc: "coupling rate of x to y"},
				{name: "b", doc: "damping of z"},
				{name: "c", doc: "feedback gain (c − a)x + cy in dy/dt"},
			},
			field: chen,
			citation: "Chen, G. & Ueta, T. (1999). Yet another chaotic attractor. Int. J. Bifurcation Chaos 9, 1465-1466. " +
				"(dysts cites Chen (1997), Proc. First Int. Conf. Control of Oscillations and Chaos.)",
			description: "dx/dt = a(y − x), dy/dt = (c − a)x − xz + cy, dz/dt = xy − bz.",
			observables: []string{"x", "y", "z"},
			invariants: []system.Invariant{
				{Name: "lyapunov_spectrum", Values: []float64{2.0272, 0, -12.0272}, Source: sprott2003 + " (a=35, b=3, c=28)"},
				{Name: "kaplan_yorke", Values: []float64{2.1686}, Source: sprott2003 + " (a=35, b=3, c=28)"},
			},
		},
		{
			name: "Chua",
			params: []param{
				{name: "alpha", doc: "capacitance ratio α"},
				{name: "beta", doc: "inductance parameter β"},
				{name: "m0", doc: "slope of the diode characteristic for |x| < 1"},
				{name: "m1", doc: "slope of the diode characteristic for |x| > 1"},
			},
			field: chua,
			citation: "Chua, L. O., Komuro, M. & Matsumoto, T. (1986). The double scroll family. IEEE Trans. Circuits Syst. 33, 1072-1118; " +
				"Matsumoto, T. (1984). A chaotic attractor from Chua's circuit. IEEE Trans. Circuits Syst. 31, 1055-1058. " +
				"(dysts cites Chua, L. O. (1969). Introduction to Nonlinear Network Theory, McGraw-Hill.)",
			description: "dx/dt = α(y − x − g(x)), dy/dt = x − y + z, dz/dt = −βy, with the piecewise-linear diode " +
				"g(x) = m1·x + (m0 − m1)(|x + 1| − |x − 1|)/2. The Jacobian takes g' = m0 inside, m1 outside and their mean at |x| = 1.",
			observables: []string{"x", "y", "z"},
		},
		{
			name: "Thomas",
			params: []param{
				{name: "a", doc: "damping a"},
				{name: "b", doc: "amplitude b of the sinusoidal feedback"},
			},
			field:       thomas,
			citation:    "Thomas, R. (1999). Deterministic chaos seen in terms of feedback circuits: analysis, synthesis, \"labyrinth chaos\". Int. J. Bifurcation Chaos 9, 1889-1905.",
			description: "dx/dt = −ax + b sin y, dy/dt = −ay + b sin z, dz/dt = −az + b sin x.",
			observables: []string{"x", "y", "z"},
		},
		{
			name: "Lorenz96",
			params: []param{
				{name: "f", doc: "forcing F (dysts: 20 with n = 4; the classic benchmark is F = 8 with n = 40)"},
				{name: "n", doc: "number of sites, the dimension (dysts: 4; the classic benchmark is 40)", extra: true, def: 4, min: 4, max: 10000, integer: true},
			},
			field: lorenz96,
			dim:   func(p system.Params) int { return int(p["n"]) },
			ic: func(p system.Params, n int, d []float64) []float64 {
				if n == len(d) {
					return append([]float64(nil), d...)
				}
				x := make([]float64, n)
				for i := range x {
					x[i] = p["f"]
				}
				x[0] += 0.01
				return x
			},
			citation: "Lorenz, E. N. (1996). Predictability: a problem partly solved. Proc. Seminar on Predictability, Vol. 1, ECMWF, Reading, 1-18.",
			description: "dx_i/dt = (x_{i+1} − x_{i−2}) x_{i−1} − x_i + F, i = 0..n−1 cyclic. Default n = 4, F = 20 as in dysts (its initial condition); " +
				"the classic benchmark is n = 40, F = 8, sampled at dt ≈ 0.05. For n ≠ 4 the initial condition is x_i = F with x_0 += 0.01 " +
				"(deterministic), next to the unstable symmetric fixed point x_i = F.",
		},
		{
			name: "Duffing",
			params: []param{
				{name: "alpha", doc: "coefficient α of the cubic restoring force αx³ (dysts' naming)"},
				{name: "beta", doc: "coefficient β of the linear restoring force βx (negative: double well)"},
				{name: "delta", doc: "damping δ"},
				{name: "gamma", doc: "forcing amplitude γ"},
				{name: "omega", doc: "forcing angular frequency ω"},
			},
			field: duffing,
			citation: "Duffing, G. (1918). Erzwungene Schwingungen bei veränderlicher Eigenfrequenz und ihre technische Bedeutung. Vieweg, Braunschweig. " +
				"Double-well form: Holmes, P. (1979). A nonlinear oscillator with a strange attractor. Phil. Trans. R. Soc. Lond. A 292, 419-448.",
			description: "d²x/dt² + δ dx/dt + βx + αx³ = γ cos ωt, made autonomous with the phase z = ωt: dx/dt = y, " +
				"dy/dt = −δy − βx − αx³ + γ cos z, dz/dt = ω. The phase is reduced into [0, 2π) after each sample.",
			observables: []string{"x", "y", "phase"},
			phases:      []int{2},
		},
		{
			name: "DoublePendulum",
			params: []param{
				{name: "g", doc: "gravitational acceleration"},
				{name: "l1", doc: "length of the upper rod", min: 1e-6, max: 1e6},
				{name: "l2", doc: "length of the lower rod", min: 1e-6, max: 1e6},
				{name: "m1", doc: "upper bob mass", min: 1e-6, max: 1e6},
				{name: "m2", doc: "lower bob mass", min: 1e-6, max: 1e6},
			},
			field: doublePendulum,
			citation: "Shinbrot, T., Grebogi, C., Wisdom, J. & Yorke, J. A. (1992). Chaos in a double pendulum. Am. J. Phys. 60, 491-499; " +
				"Thornton, S. T. & Marion, J. B. (2004). Classical Dynamics of Particles and Systems, 5th ed., Brooks/Cole.",
			description: "Hamilton's equations for angles θ1, θ2 from the vertical and their canonical momenta p1, p2 (state θ1, θ2, p1, p2, angles unwrapped). " +
				"Unlike dysts, whose momentum equations are not derived from the Hamiltonian, these conserve the energy " +
				"H = [m2 l2² p1² + (m1+m2) l1² p2² − 2 m2 l1 l2 p1 p2 cos(θ1−θ2)] / [2 m2 l1² l2² (m1 + m2 sin²(θ1−θ2))] − (m1+m2) g l1 cos θ1 − m2 g l2 cos θ2.",
			observables:      []string{"theta1", "theta2", "p1", "p2"},
			noDystsEstimates: "dysts' estimates belong to its non-conservative momentum equations",
		},
		{
			name: "HindmarshRose",
			params: []param{
				{name: "a", doc: "cubic coefficient a"},
				{name: "b", doc: "quadratic coefficient b"},
				{name: "c", doc: "constant drive of the slow variable"},
				{name: "d", doc: "quadratic coefficient d of the recovery variable"},
				{name: "s", doc: "coupling s of x into the slow variable"},
				{name: "tx", doc: "time scale τx of the membrane potential", min: 1e-6, max: 1e6},
				{name: "tz", doc: "time scale τz of the slow adaptation current", min: 1e-6, max: 1e6},
			},
			field: hindmarshRose,
			citation: "Hindmarsh, J. L. & Rose, R. M. (1984). A model of neuronal bursting using three coupled first order differential equations. " +
				"Proc. R. Soc. Lond. B 221, 87-102. Scaled form and parameters as in dysts, after Marhl, M. & Perc, M. (2005), Chaos Solitons Fractals.",
			description: "τx dx/dt = −τx x + y − ax³ + bx² + z, dy/dt = −ax³ − (d − b)x² + z, τz dz/dt = −sx − z + c.",
			observables: []string{"x", "y", "z"},
		},
		{
			name: "ForcedFitzHughNagumo",
			params: []param{
				{name: "a", doc: "recovery offset a"},
				{name: "b", doc: "recovery damping b"},
				{name: "curr", doc: "constant stimulus current I"},
				{name: "f", doc: "forcing amplitude"},
				{name: "gamma", doc: "recovery rate γ"},
				{name: "omega", doc: "forcing angular frequency ω"},
			},
			field: forcedFitzHughNagumo,
			citation: "FitzHugh, R. (1961). Impulses and physiological states in theoretical models of nerve membrane. Biophys. J. 1, 445-466; " +
				"Nagumo, J., Arimoto, S. & Yoshizawa, S. (1962). An active pulse transmission line simulating nerve axon. Proc. IRE 50, 2061-2070.",
			description: "dv/dt = v − v³/3 − w + I + f sin z, dw/dt = γ(v + a − bw), dz/dt = ω (the forcing phase z = ωt, " +
				"reduced into [0, 2π) after each sample).",
			observables: []string{"v", "w", "phase"},
			phases:      []int{2},
		},
	}
}

// lorenz is the Lorenz (1963) convection model:
//
//	dx/dt = σ(y − x)
//	dy/dt = x(ρ − z) − y
//	dz/dt = xy − βz
//
// Its divergence is −(σ + 1 + β) everywhere.
//
// References:
//
//	Lorenz, E. N. (1963). Deterministic nonperiodic flow. J. Atmos. Sci.
//	  20, 130-141.
func lorenz(p system.Params, _ int) (ode.Func, system.JacFunc) {
	sigma, rho, beta := p["sigma"], p["rho"], p["beta"]
	f := func(dst, x []float64, _ float64) {
		dst[0] = sigma * (x[1] - x[0])
		dst[1] = x[0]*(rho-x[2]) - x[1]
		dst[2] = x[0]*x[1] - beta*x[2]
	}
	jac := func(dst, x []float64, _ float64) {
		dst[0], dst[1], dst[2] = -sigma, sigma, 0
		dst[3], dst[4], dst[5] = rho-x[2], -1, -x[0]
		dst[6], dst[7], dst[8] = x[1], x[0], -beta
	}
	return f, jac
}

// rossler is Rössler's (1976) spiral-chaos oscillator:
//
//	dx/dt = −y − z
//	dy/dt = x + ay
//	dz/dt = b + z(x − c)
//
// References:
//
//	Rössler, O. E. (1976). An equation for continuous chaos. Phys. Lett. A
//	  57, 397-398.
func rossler(p system.Params, _ int) (ode.Func, system.JacFunc) {
	a, b, c := p["a"], p["b"], p["c"]
	f := func(dst, x []float64, _ float64) {
		dst[0] = -x[1] - x[2]
		dst[1] = x[0] + a*x[1]
		dst[2] = b + x[2]*(x[0]-c)
	}
	jac := func(dst, x []float64, _ float64) {
		dst[0], dst[1], dst[2] = 0, -1, -1
		dst[3], dst[4], dst[5] = 1, a, 0
		dst[6], dst[7], dst[8] = x[2], 0, x[0]-c
	}
	return f, jac
}

// chen is Chen's system, a Lorenz-like attractor from anti-control:
//
//	dx/dt = a(y − x)
//	dy/dt = (c − a)x − xz + cy
//	dz/dt = xy − bz
//
// Its divergence is c − a − b everywhere.
//
// References:
//
//	Chen, G. & Ueta, T. (1999). Yet another chaotic attractor. Int. J.
//	  Bifurcation Chaos 9, 1465-1466.
func chen(p system.Params, _ int) (ode.Func, system.JacFunc) {
	a, b, c := p["a"], p["b"], p["c"]
	f := func(dst, x []float64, _ float64) {
		dst[0] = a * (x[1] - x[0])
		dst[1] = (c-a)*x[0] - x[0]*x[2] + c*x[1]
		dst[2] = x[0]*x[1] - b*x[2]
	}
	jac := func(dst, x []float64, _ float64) {
		dst[0], dst[1], dst[2] = -a, a, 0
		dst[3], dst[4], dst[5] = c-a-x[2], c, -x[0]
		dst[6], dst[7], dst[8] = x[1], x[0], -b
	}
	return f, jac
}

// chua is the dimensionless Chua circuit with a piecewise-linear diode:
//
//	dx/dt = α(y − x − g(x)),  g(x) = m1 x + (m0 − m1)(|x+1| − |x−1|)/2
//	dy/dt = x − y + z
//	dz/dt = −βy
//
// g is not differentiable at |x| = 1; the Jacobian takes the mean of the
// one-sided slopes there (as dysts does through sign(0) = 0).
//
// References:
//
//	Chua, L. O., Komuro, M. & Matsumoto, T. (1986). The double scroll
//	  family. IEEE Trans. Circuits Syst. 33, 1072-1118.
func chua(p system.Params, _ int) (ode.Func, system.JacFunc) {
	alpha, beta, m0, m1 := p["alpha"], p["beta"], p["m0"], p["m1"]
	f := func(dst, x []float64, _ float64) {
		g := m1*x[0] + 0.5*(m0-m1)*(math.Abs(x[0]+1)-math.Abs(x[0]-1))
		dst[0] = alpha * (x[1] - x[0] - g)
		dst[1] = x[0] - x[1] + x[2]
		dst[2] = -beta * x[1]
	}
	jac := func(dst, x []float64, _ float64) {
		var dg float64
		switch ax := math.Abs(x[0]); {
		case ax < 1:
			dg = m0
		case ax > 1:
			dg = m1
		default:
			dg = 0.5 * (m0 + m1)
		}
		dst[0], dst[1], dst[2] = -alpha*(1+dg), alpha, 0
		dst[3], dst[4], dst[5] = 1, -1, 1
		dst[6], dst[7], dst[8] = 0, -beta, 0
	}
	return f, jac
}

// thomas is Thomas' cyclically symmetric attractor:
//
//	dx/dt = −ax + b sin y
//	dy/dt = −ay + b sin z
//	dz/dt = −az + b sin x
//
// References:
//
//	Thomas, R. (1999). Deterministic chaos seen in terms of feedback
//	  circuits: analysis, synthesis, "labyrinth chaos". Int. J.
//	  Bifurcation Chaos 9, 1889-1905.
func thomas(p system.Params, _ int) (ode.Func, system.JacFunc) {
	a, b := p["a"], p["b"]
	f := func(dst, x []float64, _ float64) {
		dst[0] = -a*x[0] + b*math.Sin(x[1])
		dst[1] = -a*x[1] + b*math.Sin(x[2])
		dst[2] = -a*x[2] + b*math.Sin(x[0])
	}
	jac := func(dst, x []float64, _ float64) {
		dst[0], dst[1], dst[2] = -a, b*math.Cos(x[1]), 0
		dst[3], dst[4], dst[5] = 0, -a, b*math.Cos(x[2])
		dst[6], dst[7], dst[8] = b*math.Cos(x[0]), 0, -a
	}
	return f, jac
}

// lorenz96 is the Lorenz (1996) model on n ≥ 4 cyclic sites:
//
//	dx_i/dt = (x_{i+1} − x_{i−2}) x_{i−1} − x_i + F,  indices mod n.
//
// x_i = F for all i is a fixed point; the field commutes with cyclic
// shifts of the sites.
//
// References:
//
//	Lorenz, E. N. (1996). Predictability: a problem partly solved. Proc.
//	  Seminar on Predictability, Vol. 1, ECMWF, Reading, 1-18.
func lorenz96(p system.Params, n int) (ode.Func, system.JacFunc) {
	F := p["f"]
	f := func(dst, x []float64, _ float64) {
		x, dst = x[:n], dst[:n]
		dst[0] = (x[1]-x[n-2])*x[n-1] - x[0] + F
		dst[1] = (x[2]-x[n-1])*x[0] - x[1] + F
		for i := 2; i < n-1; i++ {
			dst[i] = (x[i+1]-x[i-2])*x[i-1] - x[i] + F
		}
		dst[n-1] = (x[0]-x[n-3])*x[n-2] - x[n-1] + F
	}
	jac := func(dst, x []float64, _ float64) {
		clear(dst[:n*n])
		for i := 0; i < n; i++ {
			im2, im1, ip1 := (i+n-2)%n, (i+n-1)%n, (i+1)%n
			row := dst[i*n : (i+1)*n]
			row[im2] = -x[im1]
			row[im1] = x[ip1] - x[im2]
			row[i] = -1
			row[ip1] = x[im1]
		}
	}
	return f, jac
}

// duffing is dysts' forced Duffing oscillator, made autonomous with the
// forcing phase z:
//
//	dx/dt = y
//	dy/dt = −δy − βx − αx³ + γ cos z
//	dz/dt = ω
//
// dysts names the cubic coefficient α and the linear one β; with β < 0
// the potential is a double well (Holmes 1979).
//
// References:
//
//	Duffing, G. (1918). Erzwungene Schwingungen bei veränderlicher
//	  Eigenfrequenz und ihre technische Bedeutung. Vieweg, Braunschweig.
//	Holmes, P. (1979). A nonlinear oscillator with a strange attractor.
//	  Phil. Trans. R. Soc. Lond. A 292, 419-448.
func duffing(p system.Params, _ int) (ode.Func, system.JacFunc) {
	alpha, beta, delta, gamma, omega := p["alpha"], p["beta"], p["delta"], p["gamma"], p["omega"]
	f := func(dst, x []float64, _ float64) {
		dst[0] = x[1]
		dst[1] = -delta*x[1] - beta*x[0] - alpha*x[0]*x[0]*x[0] + gamma*math.Cos(x[2])
		dst[2] = omega
	}
	jac := func(dst, x []float64, _ float64) {
		dst[0], dst[1], dst[2] = 0, 1, 0
		dst[3], dst[4], dst[5] = -beta-3*alpha*x[0]*x[0], -delta, -gamma*math.Sin(x[2])
		dst[6], dst[7], dst[8] = 0, 0, 0
	}
	return f, jac
}

// doublePendulum gives Hamilton's equations of a planar double pendulum
// (point masses m1, m2 on massless rods l1, l2, angles θ from the
// downward vertical, canonical momenta p). With Δ = θ1 − θ2,
// D = m1 + m2 sin²Δ and N = m2 l2² p1² + (m1+m2) l1² p2² − 2 m2 l1 l2 p1 p2 cos Δ,
// the Hamiltonian is
//
//	H = N / (2 m2 l1² l2² D) − (m1+m2) g l1 cos θ1 − m2 g l2 cos θ2
//
// and
//
//	dθ1/dt = (l2 p1 − l1 p2 cos Δ) / (l1² l2 D)
//	dθ2/dt = ((m1+m2) l1 p2 − m2 l2 p1 cos Δ) / (m2 l1 l2² D)
//	dp1/dt = −(m1+m2) g l1 sin θ1 − C1 + C2
//	dp2/dt = −m2 g l2 sin θ2 + C1 − C2
//
// with C1 = p1 p2 sin Δ / (l1 l2 D) and C2 = N sin 2Δ / (2 l1² l2² D²).
// dysts' momentum equations use a different C2 (its second term is not
// ∂H/∂θ), so they do not conserve H; these do.
//
// References:
//
//	Shinbrot, T., Grebogi, C., Wisdom, J. & Yorke, J. A. (1992). Chaos in
//	  a double pendulum. Am. J. Phys. 60, 491-499.
//	Thornton, S. T. & Marion, J. B. (2004). Classical Dynamics of
//	  Particles and Systems, 5th ed., Brooks/Cole.
func doublePendulum(p system.Params, _ int) (ode.Func, system.JacFunc) {
	g, l1, l2, m1, m2 := p["g"], p["l1"], p["l2"], p["m1"], p["m2"]
	M := m1 + m2
	f := func(dst, x []float64, _ float64) {
		th1, th2, p1, p2 := x[0], x[1], x[2], x[3]
		s, c := math.Sincos(th1 - th2)
		D := m1 + m2*s*s
		N := m2*l2*l2*p1*p1 + M*l1*l1*p2*p2 - 2*m2*l1*l2*p1*p2*c
		L := l1 * l2 * D
		c1 := p1 * p2 * s / L
		c2 := N * 2 * s * c / (2 * L * L)
		dst[0] = (l2*p1 - l1*p2*c) / (l1 * L)
		dst[1] = (M*l1*p2 - m2*l2*p1*c) / (m2 * l2 * L)
		dst[2] = -M*g*l1*math.Sin(th1) - c1 + c2
		dst[3] = -m2*g*l2*math.Sin(th2) + c1 - c2
	}
	jac := func(dst, x []float64, _ float64) {
		th1, th2, p1, p2 := x[0], x[1], x[2], x[3]
		s, c := math.Sincos(th1 - th2)
		s2, c2d := 2*s*c, c*c-s*s // sin 2Δ, cos 2Δ
		D := m1 + m2*s*s
		dD := m2 * s2 // ∂D/∂Δ
		N := m2*l2*l2*p1*p1 + M*l1*l1*p2*p2 - 2*m2*l1*l2*p1*p2*c
		dN := 2 * m2 * l1 * l2 * p1 * p2 * s // ∂N/∂Δ
		Np1 := 2*m2*l2*l2*p1 - 2*m2*l1*l2*p2*c
		Np2 := 2*M*l1*l1*p2 - 2*m2*l1*l2*p1*c
		K := l1 * l1 * l2 * l2 // L² = K D²

		a1 := l2*p1 - l1*p2*c
		a2 := M*l1*p2 - m2*l2*p1*c
		dth1 := l1*p2*s/(l1*l1*l2*D) - a1*dD/(l1*l1*l2*D*D)          // ∂θ1'/∂Δ
		dth2 := m2*l2*p1*s/(m2*l1*l2*l2*D) - a2*dD/(m2*l1*l2*l2*D*D) // ∂θ2'/∂Δ
		dC1 := p1 * p2 * (c/(l1*l2*D) - s*dD/(l1*l2*D*D))
		dC2 := (dN*s2 + 2*N*c2d - 2*N*s2*dD/D) / (2 * K * D * D)
		C1p1, C1p2 := p2*s/(l1*l2*D), p1*s/(l1*l2*D)
		C2p1, C2p2 := Np1*s2/(2*K*D*D), Np2*s2/(2*K*D*D)
		h12 := -c / (l1 * l2 * D) // ∂θ1'/∂p2 = ∂θ2'/∂p1

		dst[0], dst[1], dst[2], dst[3] = dth1, -dth1, 1/(l1*l1*D), h12
		dst[4], dst[5], dst[6], dst[7] = dth2, -dth2, h12, M/(m2*l2*l2*D)
		dp := -dC1 + dC2 // ∂(−C1 + C2)/∂Δ
		dst[8], dst[9], dst[10], dst[11] = -M*g*l1*math.Cos(th1)+dp, -dp, -C1p1+C2p1, -C1p2+C2p2
		dst[12], dst[13], dst[14], dst[15] = -dp, -m2*g*l2*math.Cos(th2)+dp, C1p1-C2p1, C1p2-C2p2
	}
	return f, jac
}

// pendulumEnergy is the double pendulum's Hamiltonian at state x.
func pendulumEnergy(p system.Params, x []float64) float64 {
	g, l1, l2, m1, m2 := p["g"], p["l1"], p["l2"], p["m1"], p["m2"]
	M := m1 + m2
	s, c := math.Sincos(x[0] - x[1])
	p1, p2 := x[2], x[3]
	N := m2*l2*l2*p1*p1 + M*l1*l1*p2*p2 - 2*m2*l1*l2*p1*p2*c
	return N/(2*m2*l1*l1*l2*l2*(m1+m2*s*s)) - M*g*l1*math.Cos(x[0]) - m2*g*l2*math.Cos(x[1])
}

// hindmarshRose is the Hindmarsh-Rose bursting neuron in dysts' scaled
// form:
//
//	dx/dt = −x + (y − a x³ + b x² + z)/τx
//	dy/dt = −a x³ − (d − b) x² + z
//	dz/dt = (−s x − z + c)/τz
//
// References:
//
//	Hindmarsh, J. L. & Rose, R. M. (1984). A model of neuronal bursting
//	  using three coupled first order differential equations. Proc. R.
//	  Soc. Lond. B 221, 87-102.
func hindmarshRose(p system.Params, _ int) (ode.Func, system.JacFunc) {
	a, b, c, d, s, tx, tz := p["a"], p["b"], p["c"], p["d"], p["s"], p["tx"], p["tz"]
	f := func(dst, x []float64, _ float64) {
		u, v, w := x[0], x[1], x[2]
		u2 := u * u
		dst[0] = -u + (v-a*u2*u+b*u2+w)/tx
		dst[1] = -a*u2*u - (d-b)*u2 + w
		dst[2] = (-s*u - w + c) / tz
	}
	jac := func(dst, x []float64, _ float64) {
		u := x[0]
		dst[0], dst[1], dst[2] = -1+(-3*a*u*u+2*b*u)/tx, 1/tx, 1/tx
		dst[3], dst[4], dst[5] = -3*a*u*u-2*(d-b)*u, 0, 1
		dst[6], dst[7], dst[8] = -s/tz, 0, -1/tz
	}
	return f, jac
}

// forcedFitzHughNagumo is the FitzHugh-Nagumo neuron driven by a
// sinusoidal current, made autonomous with the forcing phase z:
//
//	dv/dt = v − v³/3 − w + I + f sin z
//	dw/dt = γ(v + a − b w)
//	dz/dt = ω
//
// References:
//
//	FitzHugh, R. (1961). Impulses and physiological states in theoretical
//	  models of nerve membrane. Biophys. J. 1, 445-466.
//	Nagumo, J., Arimoto, S. & Yoshizawa, S. (1962). An active pulse
//	  transmission line simulating nerve axon. Proc. IRE 50, 2061-2070.
func forcedFitzHughNagumo(p system.Params, _ int) (ode.Func, system.JacFunc) {
	a, b, curr, F, gamma, omega := p["a"], p["b"], p["curr"], p["f"], p["gamma"], p["omega"]
	f := func(dst, x []float64, _ float64) {
		v, w := x[0], x[1]
		dst[0] = v - v*v*v/3 - w + curr + F*math.Sin(x[2])
		dst[1] = gamma * (v + a - b*w)
		dst[2] = omega
	}
	jac := func(dst, x []float64, _ float64) {
		v := x[0]
		dst[0], dst[1], dst[2] = 1-v*v, -1, F*math.Cos(x[2])
		dst[3], dst[4], dst[5] = gamma, -gamma*b, 0
		dst[6], dst[7], dst[8] = 0, 0, 0
	}
	return f, jac
}
