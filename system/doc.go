// Package system defines the System interface that every simulator in emergo
// satisfies — chaotic flows and maps, delay and PDE systems, lattice and
// statistical-physics models, agent-based markets and traffic automata — and
// the catalogue registry through which they are found by name.
//
// Conventions:
//   - A System advances by one sampling interval per Step. For flows the
//     interval is the sampling dt (the integrator may take many internal
//     steps); for maps and lattice models it is one iteration or sweep.
//   - State(dst) writes the observation vector into dst (allocating when dst
//     is nil or too short) and returns it. For flows and maps the observation
//     is the full state; for lattice and agent models it is a documented
//     vector of macroscopic observables.
//   - Optional capabilities are found by type assertion: Setter (SetState),
//     Resetter (Reset), Jacobianer (analytic Jacobian), Field (the vector
//     field or map rule), Discrete (maps), Event sources (avalanches).
//   - Matrices are flat row-major []float64 slices; dst is written in place.
//   - Every random system takes its seed at construction; the same
//     configuration and seed give bit-identical trajectories.
//   - Numerical failure (a diverging state, a step size underflow) is
//     returned as an error from Step; programmer misuse (a wrong slice
//     length) panics.
package system
