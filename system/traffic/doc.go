// Package traffic holds emergo's traffic-flow simulators, starting with
// the Nagel-Schreckenberg cellular automaton for single-lane highway
// traffic on a ring road. Each model registers itself in the system
// catalogue in an init function; import the package (or system/catalog)
// for that side effect.
//
// Conventions:
//   - Space and time are discrete: the road has L cells of one car length
//     (7.5 m in Nagel & Schreckenberg's calibration), a Step is one
//     parallel update of all cars (about 1 s), and speeds are in cells per
//     step. Density ρ is cars per cell and flow J is cars per step passing
//     a point, so J = ρ·v̄ on a ring.
//   - The observation is a short vector of macroscopic observables
//     (flow, mean speed, number of jams, fraction of stopped cars); the
//     microscopic configuration is read with the model's own accessors.
//   - Every model draws its randomness from its own math/rand/v2 PCG
//     stream seeded at construction (which also places the cars); Reset
//     restores the initial configuration and the stream, so a reset run
//     replays bit-identically. Step and State(dst) do not allocate.
//
// Both the ring (NaSch.SetSlowToStart) and the on-ramp road
// (OnRampConfig.P0) take the slow-to-start rule of the velocity-dependent
// randomisation (VDR) model: a car at rest brakes with p0 instead of p.
// With p0 > p a jam discharges at about 1 − p0 cars per step, below the
// free-flow capacity (capacity drop, metastable free flow, hysteresis).
//
// References:
//
//	Barlovic, R., Santen, L., Schadschneider, A. & Schreckenberg, M.
//	  (1998). Metastable states in cellular automata for traffic flow.
//	  Eur. Phys. J. B 5, 793-800.
//	Nagel, K. & Schreckenberg, M. (1992). A cellular automaton model for
//	  freeway traffic. J. Phys. I France 2, 2221-2229.
//	Schadschneider, A. & Schreckenberg, M. (1993). Cellular automaton
//	  models and traffic flow. J. Phys. A 26, L679-L683.
//	Chowdhury, D., Santen, L. & Schadschneider, A. (2000). Statistical
//	  physics of vehicular traffic and some related systems. Phys. Rep.
//	  329, 199-329.
//	Schadschneider, A., Chowdhury, D. & Nishinari, K. (2010). Stochastic
//	  Transport in Complex Systems. Elsevier.
package traffic
