// Package homogenization measures how alike a set of forecasting models
// are: in their internal representations (CKA, SVCCA, mutual nearest
// neighbours) and in their outcomes (error correlation, systemic failure,
// outcome homogenization, ensemble diversity decompositions).
//
// # Conventions
//
//   - Inputs are *mat.Dense (gonum). Wrap row-major data without copying
//     with mat.NewDense(n, d, data); a forecast.Block b is
//     mat.NewDense(b.Rows, b.Dim, b.X). Inputs are never modified.
//   - Representations: rows are instances (the same inputs shown to each
//     model, in the same order), columns are features; two
//     representations must have the same number of rows and may differ
//     in width.
//   - Failure matrices: rows are instances, columns are models, entries 0
//     (success) or 1 (failure); FromBool and Failures build them.
//     Error matrices for ErrorCorrelation may hold any per-instance error.
//   - Bad data give errors wrapping ErrShape, ErrTooFew, ErrNotFinite or
//     ErrDegenerate; invalid options (k < 1, a bandwidth ≤ 0, weights that
//     do not sum to 1) panic.
//   - Randomness (RBF row subsampling, permutation tests) comes from
//     math/rand/v2 PCG sources seeded by the caller: the same seed gives
//     the same result, whatever the number of goroutines.
//   - Products XᵀY and X·Yᵀ run on an internal AVX2/FMA double-precision
//     GEMM (internal/gemm64, ~30 GFLOP/s on two cores; a portable Go
//     kernel elsewhere): linear CKA on 10⁴×512 takes about half a second.
//
// # Representation similarity
//
// CKA (Kornblith et al. 2019): for kernel matrices K, L of the rows of X
// and Y, CKA = HSIC(K,L)/√(HSIC(K,K)·HSIC(L,L)). The biased HSIC is
// tr(KHLH)/(n−1)², H = I − 11ᵀ/n. For the linear kernel on centred
// features this is
//
//	CKA_lin = ‖YᵀX‖²_F / (‖XᵀX‖_F ‖YᵀY‖_F),
//
// computed in O(n(d₁+d₂)²) without n×n matrices. It is invariant to
// orthogonal transforms and isotropic scaling of either side, not to
// general invertible maps or non-isotropic scaling. The debiased variant
// uses the unbiased HSIC of Song et al. (2012),
//
//	HSIC₁ = [tr(K̃L̃) + 1ᵀK̃1·1ᵀL̃1/((n−1)(n−2)) − 2·1ᵀK̃L̃1/(n−2)] / (n(n−3)),
//
// K̃ = K with zero diagonal, whose expectation is 0 for independent
// representations; biased CKA of unrelated data is strongly positive when
// d ≳ n (→ 1 as d/n → ∞), debiased CKA is centred on 0. For centred
// linear features n(n−3)·HSIC₁ = ‖YᵀX‖² − n/(n−2)·Σ‖x_i‖²‖y_i‖² +
// Σ‖x_i‖²·Σ‖y_i‖²/((n−1)(n−2)), again without n×n matrices. RBF CKA
// uses k(x,x') = exp(−‖x−x'‖²/(2σ²)), σ = Sigma·√median(‖x_i−x_j‖²)
// (median over all n² pairs, Kornblith's convention), on at most MaxRows
// rows (default 3000; a seeded subsample above). CKATest adds a
// permutation p-value: rows of Y are permuted, and since centring
// commutes with permutations each draw costs O(n²) on precomputed centred
// kernels (or one O(nd₁d₂) product on the feature path).
//
// SVCCA (Raghu et al. 2017): keep the leading singular directions
// explaining 99% of each representation's variance, then CCA; the
// canonical correlations are the singular values of
// Λ_x^{-1/2}V_xᵀ(XᵀY)V_yΛ_y^{-1/2}, and the similarity is their mean.
//
// Mutual k-NN alignment (Huh et al. 2024): the average fraction of each
// instance's k nearest neighbours (cosine by default) shared by the two
// representations; chance level k/(n−1).
//
// # Outcome homogenization
//
// ErrorCorrelation is the Pearson correlation of per-instance errors
// between models (φ for 0/1 failures).
//
// SystemicFailure (Toups et al. 2023): the fraction of instances failed
// by exactly j of m models against the Poisson-binomial PMF of
// independent models with the observed failure rates (exact O(m²)
// recursion); the ratios of observed to expected systemic failure (all
// fail) and systemic success (all succeed); the overdispersion of the
// failure count, Var/Σr_j(1−r_j); Pearson's χ² on pooled bins; and
// permutation p-values from shuffling each model's failures independently
// across instances (failure rates kept, dependence destroyed).
//
// OutcomeHomogenization (Bommasani et al. 2022): with fail_g(h^i) the
// failure rate of model i on group g,
//
//	H^unif  = E_{g uniform}[∏_i fail_g(h^i)] / ∏_i fail(h^i)
//	H^avg   = Σ_g P(g)^k ∏_i fail_g(h^i) / (Σ_g P(g)^k · ∏_i fail(h^i))
//	H^worst = max_g ∏_i fail_g(h^i) / ∏_i fail(h^i)
//
// H = 1 under independence, H > 1 when the same individuals or groups
// fail under every model. Without groups each instance is its own group.
//
// # Ensemble diversity
//
// Ambiguity decomposition (Krogh & Vedelsby 1995): for a convex
// combination f̄ = Σw_αf_α, (f̄−y)² = Σw_α(f_α−y)² − Σw_α(f_α−f̄)²: the
// ensemble error is the mean member error minus the ambiguity.
// Bias-variance-covariance decomposition (Ueda & Nakano 1996) over
// training replicates: E(f̄−y)² = bias̄² + var̄/M + (1−1/M)·covar̄.
//
// References:
//
//	Kornblith, S., Norouzi, M., Lee, H. & Hinton, G. (2019). Similarity of
//	  neural network representations revisited. ICML, PMLR 97, 3519-3529.
//	Gretton, A., Bousquet, O., Smola, A. & Schölkopf, B. (2005). Measuring
//	  statistical dependence with Hilbert-Schmidt norms. ALT, 63-77.
//	Song, L., Smola, A., Gretton, A., Bedo, J. & Borgwardt, K. (2012).
//	  Feature selection via dependence maximization. JMLR 13, 1393-1434.
//	Székely, G. J. & Rizzo, M. L. (2014). Partial distance correlation with
//	  methods for dissimilarities. Ann. Statist. 42, 2382-2412.
//	Nguyen, T., Raghu, M. & Kornblith, S. (2021). Do wide and deep networks
//	  learn the same things? ICLR (debiased CKA in practice).
//	Raghu, M., Gilmer, J., Yosinski, J. & Sohl-Dickstein, J. (2017). SVCCA:
//	  singular vector canonical correlation analysis for deep learning
//	  dynamics and interpretability. NeurIPS 30.
//	Björck, Å. & Golub, G. H. (1973). Numerical methods for computing
//	  angles between linear subspaces. Math. Comp. 27, 579-594.
//	Huh, M., Cheung, B., Wang, T. & Isola, P. (2024). The Platonic
//	  representation hypothesis. ICML, PMLR 235.
//	Toups, C., Bommasani, R., Creel, K. A., Bana, S. H., Jurafsky, D. &
//	  Liang, P. (2023). Ecosystem-level analysis of deployed machine
//	  learning reveals homogeneous outcomes. NeurIPS 36.
//	Bommasani, R., Creel, K. A., Kumar, A., Jurafsky, D. & Liang, P.
//	  (2022). Picking on the same person: does algorithmic monoculture lead
//	  to outcome homogenization? NeurIPS 35.
//	Chen, S. X. & Liu, J. S. (1997). Statistical applications of the
//	  Poisson-binomial and conditional Bernoulli distributions. Statistica
//	  Sinica 7, 875-892.
//	Krogh, A. & Vedelsby, J. (1995). Neural network ensembles, cross
//	  validation, and active learning. NIPS 7, 231-238.
//	Ueda, N. & Nakano, R. (1996). Generalization error of ensemble
//	  estimators. Proc. IEEE ICNN, 90-95.
//	Brown, G., Wyatt, J. L. & Tiňo, P. (2005). Managing diversity in
//	  regression ensembles. JMLR 6, 1621-1650.
package homogenization
