// Package chaos measures chaos and complexity of dynamical systems and of
// observed time series: Lyapunov exponents, dimensions, entropies,
// long-range correlations, the 0-1 test and recurrence quantification.
//
// # Two levels
//
// Analyses that need the rule of a system take a system.System:
// LyapunovSpectrum works on any map or flow that implements system.Field
// (using its analytic Jacobian when it has one) or on any Tangent
// (*ode.Tangent, *system.MapTangent). Everything else takes data: a
// scalar series []float64, or a point set Points (row-major, N×Dim: a
// sampled system.Trajectory via TrajectoryPoints, a delay embedding via
// Embed, or measured multivariate data). Sampling a system with
// system.Sample therefore feeds every estimator.
//
// # Conventions
//
//   - Logarithms are natural; exponents are per unit of model time (per
//     iteration for maps) for LyapunovSpectrum and per unit of the dt
//     argument for the data methods; entropies are in nats.
//   - Options structs: nil (or a zero field) means the documented
//     default. Inputs are never modified.
//   - A Theiler window w excludes pairs of points with |i−j| ≤ w from
//     neighbour searches and pair counts (Theiler 1986). Where it defaults
//     automatically it is the mean period of the series (MeanPeriod), as
//     Rosenstein et al. (1993) use.
//   - Bad data give errors, not panics: too few points (wrapping
//     ErrTooShort, saying how many are needed), a constant series
//     (ErrConstant), NaN or ±Inf (ErrNotFinite, naming the index), no
//     scaling region (ErrNoScaling, the result still carrying the curve).
//     Programmer misuse — a Points value whose length is not a whole
//     number of rows, Embed with m < 1 — panics.
//   - Neighbour searches use a k-d tree with bounding boxes (maximum or
//     Euclidean norm); correlation sums, Cao/FNN, Rosenstein and Kantz on
//     10^4 points take a fraction of a second.
//
// # Methods and formulas
//
// Lyapunov spectrum (Benettin et al. 1980; Shimada & Nagashima 1979):
// evolve x and Q (n×k) with dQ/dt = J(x)Q (flows) or Q ← J(x)Q (maps);
// every Renorm steps factor Q = Q'R (modified Gram-Schmidt) and keep Q';
// λ_i = (1/T) Σ ln R_ii. The standard error comes from block averages and
// Spread from the running estimate over the last half. The Kaplan-Yorke
// dimension is D_KY = j + (λ1+…+λj)/|λ_{j+1}| with j the largest index
// whose partial sum is ≥ 0 (Kaplan & Yorke 1979).
//
// Largest exponent from data: Rosenstein et al. (1993) follow each point's
// nearest neighbour, y(k) = ⟨ln ‖x_{i+k} − x_{j+k}‖⟩; Kantz (1994) averages
// over an ε-neighbourhood, S(k) = ⟨ln ⟨‖x_{i+k} − x_{j+k}‖⟩_U⟩. λ1 is the
// slope of the curve's linear region, chosen by LinearRegion: within the
// growth phase (up to 90% of the rise to the plateau), the longest run of
// local slopes within 25% of its median. The embedding comes from
// EstimateEmbedding: delay at the first minimum of the mutual information
// (Fraser & Swinney 1986; for maps, whose MI decays monotonically, pass
// Delay 1), dimension by Cao's E1 (Cao 1997; first d with E1(d) ≥ 0.9) or
// false nearest neighbours (Kennel et al. 1992; first d with ≤ 1% false).
//
// Correlation dimension (Grassberger & Procaccia 1983): C(r) is the
// fraction of pairs (Theiler window excluded) closer than r in the maximum
// norm; D2 is the slope of ln C against ln r over the scaling region: the
// longest run of at least 4 radii, each with ≥ 1000 pairs, whose local
// slopes lie within 10% of their median.
//
// Entropies: permutation entropy H = −Σ p(π) ln p(π) over ordinal patterns
// of order m (Bandt & Pompe 2002), normalised by ln m!; sample entropy
// SampEn = −ln(A/B), the conditional probability that sequences matching
// for m points (Chebyshev distance ≤ r) also match for m+1, self-matches
// excluded (Richman & Moorman 2000); multiscale entropy, SampEn of the
// coarse-grained series at scales 1 … s with r fixed (Costa et al. 2002).
//
// Long-range correlations: the Hurst exponent by rescaled range, with the
// Anis-Lloyd small-sample correction (Hurst 1951; Anis & Lloyd 1976;
// Weron 2002), and detrended fluctuation analysis
// F(n) ∝ n^α (Peng et al. 1994): α = 0.5 for white noise, 1.5 for a random
// walk.
//
// The 0-1 test (Gottwald & Melbourne 2004, 2009): K = median over random
// c ∈ (π/5, 4π/5) of corr(n, M_c(n) − V_osc), with M_c the mean square
// displacement of the translation variables p_c, q_c; K ≈ 0 for regular
// and ≈ 1 for chaotic dynamics.
//
// Recurrence quantification (Marwan et al. 2007): recurrence rate,
// determinism and laminarity (fractions of recurrence points on diagonal
// and vertical lines of at least a minimum length), mean and longest line
// lengths, trapping time and line-length entropy.
//
// References:
//
//	Benettin, G., Galgani, L., Giorgilli, A. & Strelcyn, J.-M. (1980).
//	  Meccanica 15, 9-20 and 21-30.
//	Shimada, I. & Nagashima, T. (1979). Prog. Theor. Phys. 61, 1605-1616.
//	Kaplan, J. L. & Yorke, J. A. (1979). Lecture Notes in Math. 730,
//	  204-227.
//	Rosenstein, M. T., Collins, J. J. & De Luca, C. J. (1993). Physica D
//	  65, 117-134.
//	Kantz, H. (1994). Phys. Lett. A 185, 77-87.
//	Fraser, A. M. & Swinney, H. L. (1986). Phys. Rev. A 33, 1134-1140.
//	Kennel, M. B., Brown, R. & Abarbanel, H. D. I. (1992). Phys. Rev. A
//	  45, 3403-3411.
//	Cao, L. (1997). Physica D 110, 43-50.
//	Grassberger, P. & Procaccia, I. (1983). Physica D 9, 189-208.
//	Theiler, J. (1986). Phys. Rev. A 34, 2427-2432.
//	Bandt, C. & Pompe, B. (2002). Phys. Rev. Lett. 88, 174102.
//	Richman, J. S. & Moorman, J. R. (2000). Am. J. Physiol. 278,
//	  H2039-H2049.
//	Costa, M., Goldberger, A. L. & Peng, C.-K. (2002). Phys. Rev. Lett.
//	  89, 068102.
//	Hurst, H. E. (1951). Trans. Am. Soc. Civ. Eng. 116, 770-808.
//	Anis, A. A. & Lloyd, E. H. (1976). Biometrika 63, 111-116.
//	Weron, R. (2002). Physica A 312, 285-299.
//	Peng, C.-K. et al. (1994). Phys. Rev. E 49, 1685-1689.
//	Gottwald, G. A. & Melbourne, I. (2004). Proc. R. Soc. A 460, 603-611;
//	  (2009). SIAM J. Appl. Dyn. Syst. 8, 129-145.
//	Marwan, N., Romano, M. C., Thiel, M. & Kurths, J. (2007). Phys. Rep.
//	  438, 237-329.
//	Sprott, J. C. (2003). Chaos and Time-Series Analysis. Oxford
//	  University Press.
package chaos
