// Package emergence fits metric-versus-scale curves and decides whether a
// capability emerges sharply with scale or only appears to.
//
// # Conventions
//
//   - A Curve is one metric at several scales (model size, data, compute:
//     positive, strictly increasing), with replicates (seeds) at each
//     scale. Fits use every replicate; all models are functions of
//     u = ln x.
//   - Options structs: nil or zero fields mean the documented defaults.
//     Inputs are never modified. Everything random (fit starts,
//     bootstrap resamples) is drawn from math/rand/v2 PCG sources seeded
//     by the caller and split per task, so results do not depend on the
//     number of goroutines.
//   - Bad data give errors wrapping ErrBadCurve, ErrNotFinite or
//     ErrTooFewScales; invalid options panic.
//
// # Models and fitting
//
//	LogLinear       y = c + a·ln x
//	PowerLaw        y = c + a·x^b
//	Sigmoid         y = lo + (hi − lo)/(1 + exp(−(ln x − m)/w))
//	BrokenPowerLaw  y = c + a·x^{b₁}(1 + (x/x_b)^{1/s})^{(b₂−b₁)s}
//
// are fitted by least squares, which is Gaussian maximum likelihood with
// one noise level σ̂² = RSS/N. The linear parameters (c, a; lo, hi) are
// solved exactly for each value of the nonlinear ones (variable
// projection, Golub & Pereyra 1973), which are searched by Nelder-Mead
// (Nelder & Mead 1965) from the best points of a grid (transition centres
// between sampled scales) and seeded random points, within bounds on a
// standardised log scale t = (ln x − u₀)/R. Replicates are aggregated by
// scale (Σ_r(y_sr − ŷ)² = n_s(ȳ_s − ŷ)² + within-scale sum of squares).
//
// Compare ranks the models by held-out likelihood — leave-one-scale-out
// (or k folds over scales): each model is refitted without a scale and
// scores Σ ln N(y; ŷ, σ̂²) on its replicates — and reports AIC and AICc
// (Akaike 1974; Hurvich & Tsai 1989). Bootstrap gives percentile
// intervals (Efron & Tibshirani 1993) by resampling replicates within
// scales (or residuals when a scale has one value) and refitting.
//
// # Emergence or mirage
//
// Schaeffer, Miranda & Koyejo (2023) showed that apparent emergent
// abilities can be produced by the metric: per-instance quality that
// improves smoothly with scale looks like a sudden jump under a
// discontinuous metric (exact match, accuracy above a threshold) when
// instances cross the threshold at similar scales, and the jump vanishes
// under continuous metrics; sparse sampling of scales hides the shape of
// the curve. Sweep scores the same per-instance outputs by
// "fraction ≥ τ" (discontinuous), "mean score" and "log score"
// (continuous). Assess labels a capability
//
//   - emergent only when a sharp transition (a sigmoid or broken power law
//     preferred on held-out likelihood, its middle-80% window at most
//     NarrowFraction = 25% of the ln-scale range, observed on both sides)
//     appears in every continuous metric, at least MinScalesInTransition
//     = 3 sampled scales lie inside the window (two points bound a step of
//     any width; a third inside pins the rise), and the capability at the
//     largest scale clears every trivial baseline by more than its
//     bootstrap interval;
//   - not emergent when the metrics scale smoothly, when the jump does not
//     survive a continuous metric (Mirage), or when the capability does
//     not beat the baselines;
//   - inconclusive when there are too few scales (MinScales = 6), the
//     transition is not resolved by the sampled scales, in-sample and
//     held-out evidence disagree, or no baseline is given.
//
// The Verdict carries the reasons in words and, per metric, the model
// comparison, the transition, the capability interval and the baseline.
//
// References:
//
//	Schaeffer, R., Miranda, B. & Koyejo, S. (2023). Are emergent abilities
//	  of large language models a mirage? NeurIPS 36.
//	Wei, J. et al. (2022). Emergent abilities of large language models.
//	  Trans. Mach. Learn. Res.
//	Caballero, E., Gupta, K., Rish, I. & Krueger, D. (2023). Broken neural
//	  scaling laws. ICLR.
//	Kaplan, J. et al. (2020). Scaling laws for neural language models.
//	  arXiv:2001.08361.
//	Golub, G. H. & Pereyra, V. (1973). The differentiation of
//	  pseudo-inverses and nonlinear least squares problems whose variables
//	  separate. SIAM J. Numer. Anal. 10, 413-432.
//	Nelder, J. A. & Mead, R. (1965). A simplex method for function
//	  minimization. Comput. J. 7, 308-313.
//	Lagarias, J. C., Reeds, J. A., Wright, M. H. & Wright, P. E. (1998).
//	  Convergence properties of the Nelder-Mead simplex method in low
//	  dimensions. SIAM J. Optim. 9, 112-147.
//	Akaike, H. (1974). A new look at the statistical model identification.
//	  IEEE Trans. Autom. Control 19, 716-723.
//	Hurvich, C. M. & Tsai, C.-L. (1989). Regression and time series model
//	  selection in small samples. Biometrika 76, 297-307.
//	Burnham, K. P. & Anderson, D. R. (2002). Model Selection and
//	  Multimodel Inference, 2nd ed. Springer.
//	Efron, B. & Tibshirani, R. J. (1993). An Introduction to the
//	  Bootstrap. Chapman & Hall.
//	Hyndman, R. J. & Fan, Y. (1996). Sample quantiles in statistical
//	  packages. Am. Stat. 50, 361-365.
package emergence
