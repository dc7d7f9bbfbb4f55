// Package flows registers continuous-time chaotic flows in the system
// catalogue (category "flow"), with the parameter names, default
// parameters and initial conditions of the dysts catalogue (Gilpin 2021,
// embedded in package dysts) and an analytic Jacobian for every flow:
//
//	Lorenz, Rossler, Chen, Chua, Thomas, Lorenz96, Duffing,
//	DoublePendulum, HindmarshRose, ForcedFitzHughNagumo.
//
// Each flow's doc comment (lorenz, rossler, ... in flows.go) states its
// equations in dysts' conventions and cites the original paper.
//
// Conventions:
//   - A flow is an *ode.Flow (or a thin wrapper around one): Step
//     integrates over one sampling interval, DOPRI5 with rtol = atol = 1e-9
//     by default. system.Config.Method selects "rk4" (internal step
//     dt/10), Config.Tol sets rtol = atol, Config.DT the sampling interval
//     and Config.IC the initial condition (its length must equal the
//     dimension).
//   - The suggested sampling interval Info.DT is dysts' dominant period
//     divided by 100, rounded to three significant digits, unless an entry
//     gives a better reason (Lorenz: 0.01, the customary value).
//   - Info.Invariants lists dysts' numerical estimates with the source
//     "dysts metadata estimate (Gilpin 2021)" and, where known, literature
//     values with their source and parameters.
//   - Forced systems (Duffing, ForcedFitzHughNagumo) are made autonomous
//     with a phase variable z, dz/dt = ω, as dysts does. Because their
//     fields are 2π-periodic in z, emergo reduces z modulo 2π into [0, 2π)
//     after every sample (restarting the integrator there), so the
//     observation stays bounded; dysts leaves z unbounded and reports
//     cos z or sin z instead.
//   - Every flow is registered by one table entry (a spec) whose
//     parameters and defaults come from dysts' metadata; adding another
//     dysts flow means writing its equations, Jacobian and one entry.
//
// Known departures from dysts (documented per system): DoublePendulum
// integrates Hamilton's equations exactly (dysts' momentum equations are
// not derived from the Hamiltonian and do not conserve energy); Lorenz96
// takes an extra dimension parameter n.
//
// References:
//
//	Gilpin, W. (2021). Chaos as an interpretable benchmark for forecasting
//	  and data-driven modelling. NeurIPS Datasets and Benchmarks.
//	Sprott, J. C. (2003). Chaos and Time-Series Analysis. Oxford
//	  University Press (Appendix A: Lyapunov exponents and dimensions of
//	  common chaotic systems).
package flows
