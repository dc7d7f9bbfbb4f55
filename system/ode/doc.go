// Package ode integrates ordinary and delay differential equations for
// emergo's continuous-time systems.
//
// It provides a fixed-step classical Runge-Kutta method (RK4), the
// adaptive Dormand-Prince 5(4) pair with error control and a fourth-order
// continuous extension (dense output, so states are produced at a fixed
// sampling interval whatever the internal step), the method of steps for
// delay equations with Hermite-interpolated history, and tangent
// (variational) integration of k deviation vectors for Lyapunov analysis.
//
// Conventions: a vector field writes dx/dt into dst in place and must not
// retain its arguments; Jacobians are row-major n×n. Steady-state stepping
// does not allocate.
//
// References:
//
//	Dormand, J. R. & Prince, P. J. (1980). A family of embedded Runge-Kutta
//	  formulae. J. Comput. Appl. Math. 6, 19-26.
//	Hairer, E., Nørsett, S. P. & Wanner, G. (1993). Solving Ordinary
//	  Differential Equations I, 2nd ed., Springer: §II.4 (step size
//	  control, starting step), §II.6 (dense output of DOPRI5), §II.17
//	  (delay equations, method of steps).
//	Benettin, G., Galgani, L., Giorgilli, A. & Strelcyn, J.-M. (1980).
//	  Lyapunov characteristic exponents for smooth dynamical systems.
//	  Meccanica 15, 9-20 (tangent integration).
package ode
