// Package lattice holds emergo's lattice and statistical-physics
// simulators: the Bak-Tang-Wiesenfeld sandpile, the Drossel-Schwabl forest
// fire, the Olami-Feder-Christensen earthquake model, the two-dimensional
// Ising model (Metropolis and Wolff updates) and Kuramoto's phase
// oscillators. Each registers itself in the system catalogue in an init
// function; import the package (or system/catalog) for that side effect.
//
// Conventions:
//   - A Step is one unit of the model's own clock: one grain (sandpile),
//     one growth-and-lightning round (forest fire), one earthquake (OFC),
//     one sweep (Ising) or one sampling interval (Kuramoto). Time counts
//     Steps, except for Kuramoto whose time is in model units.
//   - For lattice models the observation is a short, documented vector of
//     macroscopic observables (mean height, last event's size, ...); the
//     lattice itself is read with the model's own accessors. Kuramoto's
//     observation is its full phase vector, so it also implements
//     system.Setter, system.Field and system.Jacobianer.
//   - Sites are numbered row-major, i = y·L + x, for 0 ≤ x, y < L.
//   - Models that emit avalanches, fires or earthquakes implement
//     system.EventSource. Events returns the events recorded since its last
//     call; the returned slice is reused and is valid only until the next
//     Step. At most EventBuffer events are kept between calls: when the
//     buffer is full its older half is discarded (and counted by Dropped).
//   - Every model draws its randomness from its own math/rand/v2 PCG
//     stream seeded at construction; Reset reseeds it, so a reset run
//     replays bit-identically. Steady-state Step and State(dst) do not
//     allocate.
//
// References:
//
//	Bak, P., Tang, C. & Wiesenfeld, K. (1987). Self-organized criticality:
//	  an explanation of 1/f noise. Phys. Rev. Lett. 59, 381-384.
//	Drossel, B. & Schwabl, F. (1992). Self-organized critical forest-fire
//	  model. Phys. Rev. Lett. 69, 1629-1632.
//	Olami, Z., Feder, H. J. S. & Christensen, K. (1992). Self-organized
//	  criticality in a continuous, nonconservative cellular automaton
//	  modeling earthquakes. Phys. Rev. Lett. 68, 1244-1247.
//	Onsager, L. (1944). Crystal statistics. I. A two-dimensional model with
//	  an order-disorder transition. Phys. Rev. 65, 117-149.
//	Wolff, U. (1989). Collective Monte Carlo updating for spin systems.
//	  Phys. Rev. Lett. 62, 361-364.
//	Kuramoto, Y. (1984). Chemical Oscillations, Waves, and Turbulence.
//	  Springer.
//	Strogatz, S. H. (2000). From Kuramoto to Crawford: exploring the onset
//	  of synchronization in populations of coupled oscillators. Physica D
//	  143, 1-20.
package lattice
