// Package pde registers spatially extended systems — partial differential
// equations discretised on periodic grids — in the system catalogue:
//
//   - KuramotoSivashinsky: u_t + u u_x + u_xx + u_xxxx = 0 in one periodic
//     dimension, integrated pseudo-spectrally with ETDRK4 (Cox & Matthews
//     2002) whose φ-function coefficients are evaluated by contour
//     integrals (Kassam & Trefethen 2005).
//   - LinearDiffusion: a_t = D (a_xx − a), the linear reaction-diffusion
//     (screened diffusion) equation, advanced exactly mode by mode.
//   - GrayScott: the Gray-Scott reaction-diffusion model on an N×N
//     periodic grid (Pearson 1993), explicit Euler with the five-point
//     Laplacian.
//
// Conventions:
//   - Grids are periodic; x_j = j·L/N for j = 0..N−1 (one dimension) and
//     2D fields are stored row-major, site (i, j) at index i·N+j.
//   - Spectral coefficients are normalised so that
//     u_j = Σ_k c_k exp(i q_k x_j) with c_k = (1/N) Σ_j u_j exp(−i q_k x_j)
//     and wavenumbers q_k = 2πk/L, k = 0..N/2 (real-FFT half spectrum from
//     gonum's dsp/fourier, whose transforms are unnormalised). The
//     Nyquist mode takes no odd derivative.
//   - A Step advances by one sampling interval (Info.DT unless Config.DT
//     overrides it); the internal step h is shrunk so that it divides the
//     sampling interval exactly.
//   - The one-dimensional fields are the observation vectors and can be
//     overwritten with SetState; they also implement system.Field (the
//     semi-discrete right-hand side, evaluated spectrally) and
//     system.Jacobianer (its exact Jacobian). Gray-Scott observes a
//     compact vector of macroscopic quantities; its full fields are read
//     with FieldU and FieldV.
//   - Step and State do not allocate. A system value is not safe for
//     concurrent use (Eval and Jacobian share scratch buffers with it).
//
// References:
//
//	Kuramoto, Y. & Tsuzuki, T. (1976). Persistent propagation of
//	  concentration waves in dissipative media far from thermal
//	  equilibrium. Prog. Theor. Phys. 55, 356-369.
//	Sivashinsky, G. I. (1977). Nonlinear analysis of hydrodynamic
//	  instability in laminar flames — I. Derivation of basic equations.
//	  Acta Astronaut. 4, 1177-1206.
//	Cox, S. M. & Matthews, P. C. (2002). Exponential time differencing for
//	  stiff systems. J. Comput. Phys. 176, 430-455.
//	Kassam, A.-K. & Trefethen, L. N. (2005). Fourth-order time-stepping
//	  for stiff PDEs. SIAM J. Sci. Comput. 26, 1214-1233.
//	Cvitanović, P., Davidchack, R. L. & Siminos, E. (2010). On the state
//	  space geometry of the Kuramoto-Sivashinsky flow in a periodic
//	  domain. SIAM J. Appl. Dyn. Syst. 9, 1-33.
//	Pearson, J. E. (1993). Complex patterns in a simple system. Science
//	  261, 189-192.
//	Trefethen, L. N. (2000). Spectral Methods in MATLAB. SIAM.
package pde
