// Package epidemic holds emergo's compartmental epidemic models: the
// Kermack-McKendrick SIR ordinary differential equations and their
// stochastic counterpart, the SIR Markov jump process on N individuals
// simulated exactly with Gillespie's direct method. Each registers itself
// in the system catalogue in an init function; import the package (or
// system/catalog) for that side effect.
//
// Conventions:
//   - Time is in days. A Step advances one sampling interval (1 day by
//     default); the ODE takes a fixed number of classical fourth-order
//     Runge-Kutta steps inside it.
//   - The observation is the vector of population fractions [S, I, R]
//     (the population is normalised to 1; the stochastic model divides
//     its integer counts by N).
//   - The deterministic SIR implements system.Setter, Resetter, Field,
//     Jacobianer (analytic) and Sampler; the stochastic one draws from
//     its own math/rand/v2 PCG stream seeded at construction, which Reset
//     restores so a reset run replays bit-identically.
//   - State(dst) and Step do not allocate.
//
// References:
//
//	Kermack, W. O. & McKendrick, A. G. (1927). A contribution to the
//	  mathematical theory of epidemics. Proc. R. Soc. Lond. A 115, 700-721.
//	Gillespie, D. T. (1977). Exact stochastic simulation of coupled
//	  chemical reactions. J. Phys. Chem. 81, 2340-2361.
//	Whittle, P. (1955). The outcome of a stochastic epidemic - a note on
//	  Bailey's paper. Biometrika 42, 116-122.
//	Hethcote, H. W. (2000). The mathematics of infectious diseases. SIAM
//	  Review 42, 599-653.
package epidemic
