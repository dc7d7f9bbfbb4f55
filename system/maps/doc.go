// Package maps registers discrete-time chaotic maps in the system
// catalogue (category "map"), with the parameter names, default
// parameters and initial conditions of the dysts catalogue (Gilpin 2021,
// embedded in package dysts) and an analytic Jacobian for every map.
// maps.go holds Logistic, Henon, Ikeda, Chirikov and Tent; dysts_maps.go
// the other 20 (dysts' Duffing map is registered as DuffingMap, since the
// name Duffing belongs to the forced Duffing flow). dysts' EndCap entry
// has metadata but no equations in dysts or in its citation ("."), so it
// is not registered.
//
// Each map's doc comment states its rule in dysts' conventions and cites
// the original paper.
//
// Conventions:
//   - A map is a *system.Map: Step applies the rule once, Time counts
//     iterations, Info.DT = 1. Config.DT may be 0 or 1 only; Config.Method
//     and Config.Tol do not apply to maps and are ignored. Config.IC
//     overrides the initial condition (its length must equal the
//     dimension).
//   - Chirikov's standard map lives on a torus: after each iteration x is
//     reduced into [0, 2π) and p into [−π, π) (parameter wrap = 1, the
//     default). dysts iterates the unreduced map; wrap = 0 reproduces it.
//     The rule is 2π-periodic in both variables, so the reduction does not
//     change the dynamics or the Jacobian.
//   - Tent's Jacobian is piecewise: +2μ for x < 1/2 and −2μ for x ≥ 1/2.
//   - Like package flows, every map is one table entry (a spec) whose
//     parameter defaults come from dysts' metadata.
//
// References:
//
//	Gilpin, W. (2021). Chaos as an interpretable benchmark for forecasting
//	  and data-driven modelling. NeurIPS Datasets and Benchmarks.
//	Sprott, J. C. (2003). Chaos and Time-Series Analysis. Oxford
//	  University Press (Appendix A).
package maps
