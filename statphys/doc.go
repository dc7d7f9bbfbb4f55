// Package statphys holds statistical-physics estimators for simulated
// systems and observed series: power-law fitting with goodness-of-fit and
// model comparison (Clauset, Shalizi & Newman 2009), the Hill tail index,
// avalanche extraction and branching ratios, Ising observables with error
// bars and the Binder-cumulant crossing, and the Gutenberg-Richter
// b-value.
//
// # Two levels
//
// Every estimator takes plain data ([]float64), so measured series and
// simulations are treated alike. Thin adapters connect systems:
// CollectEvents gathers the avalanches (system.Event) of any model that
// implements system.EventSource (the Sandpile, OFC and ForestFire lattice
// models), EventValues turns them into sizes, durations or areas;
// Observe samples one observation component of any System (an activity
// series); MeasureIsing and IsingScan run the catalogue's Ising model (or
// any System observing m and e) and return its observables.
//
// # Conventions
//
//   - Options structs: nil (or a zero field) means the documented default.
//     Inputs are never modified; sorted copies are made where needed.
//   - Bad data give errors, not panics: too few values (ErrTooShort,
//     saying how many are needed), constant data (ErrConstant), NaN or
//     ±Inf (ErrNotFinite, naming the index), zero or negative values for
//     a power law (ErrNonPositive), non-integers for a discrete fit
//     (ErrNotInteger), negative activities (ErrNegative). Programmer
//     misuse (an unknown enum value) panics.
//   - Randomness (bootstrap, temperature scans) is seeded: work item r
//     draws from its own math/rand/v2 PCG stream derived from (Seed, r)
//     by splitmix64, so results do not depend on the number of worker
//     goroutines. Long operations take a context.Context and report
//     progress through a system.Progress callback.
//   - Logarithms are natural unless written log10.
//
// # Power laws (Clauset, Shalizi & Newman 2009)
//
// Continuous: p(x) = (α−1)/xmin · (x/xmin)^−α for x ≥ xmin, with the MLE
// α̂ = 1 + n/Σ ln(x_i/xmin) and σ = (α̂−1)/√n. Discrete:
// p(x) = x^−α/ζ(α, xmin), x = xmin, xmin+1, …, with α̂ maximising
// −n ln ζ(α, xmin) − α Σ ln x_i (Newton's method on this concave function)
// and σ = 1/√(n[ζ″/ζ − (ζ'/ζ)²]) (derivatives in α). The Hurwitz zeta
// function ζ(s, a) = Σ_{k≥0} (a+k)^−s and its s-derivatives use
// Euler-Maclaurin summation accurate to ~1e-15 (HurwitzZeta; PowerSum
// for finite ranges Σ_{x=a}^{b} x^−s and any real s).
//
// xmin minimises the Kolmogorov-Smirnov distance D = sup|S(x) − P(x)|
// between the tail's empirical CDF and the fit over the observed values
// (optionally limited to a range, or fixed). The scan is exact and fast:
// sorted data and suffix sums of ln x give each candidate's α in O(1);
// D is first bounded on every 16th distinct value (and at the value that
// decided the previous candidate), monotone bounds between those values
// reject most candidates without a full pass. A CSN fit of 10^4 values
// takes about 5 ms.
//
// The goodness-of-fit p-value is CSN's semi-parametric bootstrap
// (default 1000 replicates): each replicate keeps the body (values below
// xmin resampled) and draws the tail from the fit, is refitted by the
// same procedure, and p is the fraction of replicate distances ≥ the
// observed one; the power law is rejected when p ≤ 0.1.
//
// Likelihood-ratio tests (Vuong 1989; CSN §5) compare the power law with
// the exponential, lognormal, stretched exponential (Weibull) and
// truncated power law x^−α e^−λx, each fitted by maximum likelihood on the
// same tail. R = Σ ln p_PL(x_i) − ln p_alt(x_i) (positive favours the
// power law); for non-nested alternatives p = erfc(|R|/(σ√(2n))) with σ²
// the variance of the pointwise differences; for the nested truncated
// power law p = P(χ²₁ ≥ 2|R|) = erfc(√|R|), the CSN convention (the
// boundary λ = 0 makes this conservative). Optimisers are deterministic
// and documented on Compare (closed forms, Brent's method on profile
// likelihoods, Nelder-Mead).
//
// With PowerLawOptions.Xmax the model is truncated to [xmin, xmax]
// (Deluca & Corral 2013), for data with a finite-size cutoff such as
// sandpile avalanches on a finite lattice.
//
// The Hill (1975) estimator H_k = (1/k) Σ_{i≤k} ln(X_(i)/X_(k+1)) gives the
// tail index a = 1/H_k of P(X > x) ~ x^−a (density exponent 1 + a), with
// standard error a/√k.
//
// # Avalanches and branching
//
// An avalanche of a series is a maximal run above a threshold θ; its
// duration is the run length, its size Σ(x_t − θ) (the area above the
// threshold, as in crackling noise, Papanikolaou et al. 2011) and its
// integral Σ x_t (counts from zero). Runs touching the ends of the series
// are dropped unless asked for.
//
// The branching ratio of an activity series A_t: the conventional
// σ̂ = ⟨A_{t+1}/A_t⟩ over A_t > 0 and Harris's ratio estimator
// Σ A_{t+1}/Σ A_t (the MLE for Galton-Watson processes), both biased under
// drive or subsampling; the multistep-regression estimator of Wilting &
// Priesemann (2018) regresses A_{t+k} on A_t for k = 1 … kmax, fits
// r_k = b m^k and is unaffected by subsampling (which changes only b).
//
// # Ising observables and T_c
//
// From samples of the magnetisation and energy per spin:
// ⟨|m|⟩, χ = N(⟨m²⟩ − ⟨|m|⟩²)/T, C = N(⟨e²⟩ − ⟨e⟩²)/T² and the Binder
// cumulant U = 1 − ⟨m⁴⟩/(3⟨m²⟩²), with blocking errors (Flyvbjerg &
// Petersen 1989) for the means and jackknife errors over bins for the
// nonlinear ones. BinderCrossings locates where U_L(T) of consecutive
// sizes cross (fitted polynomial of the difference), which converges to
// T_c = 2/ln(1+√2) = 2.26919 for the square lattice (Onsager 1944).
//
// # Gutenberg-Richter
//
// b = log10(e)/(⟨M⟩ − (Mc − ΔM/2)) for magnitudes M ≥ Mc binned to ΔM (Aki
// 1965 with Utsu's 1966 correction), standard error
// σ_b = ln(10) b² √(Σ(M_i−⟨M⟩)²/(n(n−1))) (Shi & Bolt 1982), and the exact
// binned MLE (Bender 1983; Tinti & Mulargia 1987). Mc by maximum curvature
// (the modal bin) or the Wiemer-Wyss (2000) goodness-of-fit test at 90% or
// 95%.
//
// References:
//
//	Clauset, A., Shalizi, C. R. & Newman, M. E. J. (2009). Power-law
//	  distributions in empirical data. SIAM Review 51, 661-703.
//	Alstott, J., Bullmore, E. & Plenz, D. (2014). powerlaw: a Python
//	  package for analysis of heavy-tailed distributions. PLoS ONE 9,
//	  e85777.
//	Deluca, A. & Corral, Á. (2013). Fitting and goodness-of-fit test of
//	  non-truncated and truncated power-law distributions. Acta Geophys.
//	  61, 1351-1394.
//	Vuong, Q. H. (1989). Likelihood ratio tests for model selection and
//	  non-nested hypotheses. Econometrica 57, 307-333.
//	Hill, B. M. (1975). A simple general approach to inference about the
//	  tail of a distribution. Ann. Statist. 3, 1163-1174.
//	Harris, T. E. (1963). The Theory of Branching Processes. Springer.
//	Wilting, J. & Priesemann, V. (2018). Inferring collective dynamical
//	  states from widely unobserved systems. Nat. Commun. 9, 2325.
//	Papanikolaou, S. et al. (2011). Universality beyond power laws and the
//	  average avalanche shape. Nature Phys. 7, 316-320.
//	Binder, K. (1981). Finite size scaling analysis of Ising model block
//	  distribution functions. Z. Phys. B 43, 119-140.
//	Flyvbjerg, H. & Petersen, H. G. (1989). Error estimates on averages of
//	  correlated data. J. Chem. Phys. 91, 461-466.
//	Onsager, L. (1944). Crystal statistics. I. Phys. Rev. 65, 117-149.
//	Aki, K. (1965). Bull. Earthq. Res. Inst. Tokyo Univ. 43, 237-239.
//	Utsu, T. (1966). J. Phys. Earth 14, 37-40.
//	Shi, Y. & Bolt, B. A. (1982). Bull. Seismol. Soc. Am. 72, 1677-1687.
//	Wiemer, S. & Wyss, M. (2000). Bull. Seismol. Soc. Am. 90, 859-869.
package statphys
