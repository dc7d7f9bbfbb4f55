package homogenization

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/emergo/emergo/homogenization/internal/gemm64"
)

// DefaultVarianceKept is the fraction of variance the SVD step of SVCCA
// keeps (Raghu et al. 2017 keep 99%).
const DefaultVarianceKept = 0.99

// SVCCAOptions configures SVCCA; nil means DefaultVarianceKept.
type SVCCAOptions struct {
	// VarianceKept is the fraction of each representation's variance the
	// SVD step keeps, in (0, 1]: the fewest leading singular directions
	// whose squared singular values reach it. 1 keeps every direction
	// above the numerical rank tolerance.
	VarianceKept float64
}

// SVCCAResult holds the canonical correlations of SVCCA.
type SVCCAResult struct {
	// Similarity is the mean canonical correlation.
	Similarity float64
	// Correlations are the canonical correlations ρ₁ ≥ ρ₂ ≥ … ≥ 0, as
	// many as the smaller of KeptX and KeptY.
	Correlations []float64
	// KeptX and KeptY are the numbers of singular directions kept.
	KeptX, KeptY int
}

// SVCCA is singular vector canonical correlation analysis (Raghu et al.
// 2017): centre each representation's columns; keep the leading right
// singular directions V_k that explain VarianceKept of the variance
// (from the eigendecomposition of XᵀX = VΛVᵀ); the reduced
// representations X' = XV_k have orthonormal bases Q_x = XV_kΛ_k^{-1/2};
// the canonical correlations between X' and Y' are the singular values of
//
//	Q_xᵀQ_y = Λ_x^{-1/2} V_xᵀ (XᵀY) V_y Λ_y^{-1/2}
//
// (Björck & Golub 1973), computed from feature-space products only. The
// similarity is their mean. It is 1 when Y is an invertible linear map
// of X (up to the truncation) and is invariant to invertible linear maps
// of either side within the kept subspace.
//
// CCA fits k_x·k_y parameters: with n not much larger than the kept
// dimensions, unrelated representations show spurious correlations near
// 1 (all correlations are 1 when k_x + k_y ≥ n). Use n ≫ k_x + k_y.
//
// Errors: ErrShape, ErrNotFinite, ErrTooFew (fewer than 2 rows),
// ErrDegenerate (a constant representation). It panics when VarianceKept
// is outside (0, 1].
func SVCCA(x, y *mat.Dense, opt *SVCCAOptions) (SVCCAResult, error) {
	keep := DefaultVarianceKept
	if opt != nil && opt.VarianceKept != 0 {
		keep = opt.VarianceKept
	}
	if !(keep > 0 && keep <= 1) {
		panic(fmt.Sprintf("homogenization: SVCCA VarianceKept %v must be in (0, 1]", keep))
	}
	rx, ry, err := pairChecked(x, y, 2)
	if err != nil {
		return SVCCAResult{}, err
	}
	n, dx, dy := rx.n, rx.d, ry.d
	xc, yc := centred(rx), centred(ry)
	bx, err := whitenedBasis("x", xc, n, dx, keep)
	if err != nil {
		return SVCCAResult{}, err
	}
	by, err := whitenedBasis("y", yc, n, dy, keep)
	if err != nil {
		return SVCCAResult{}, err
	}
	gxy := make([]float64, dx*dy)
	gemm64.AtB(dx, dy, n, xc, dx, yc, dy, gxy, dy)
	var t1, m mat.Dense
	t1.Mul(bx.T(), mat.NewDense(dx, dy, gxy)) // k_x × d_y
	m.Mul(&t1, by)                            // k_x × k_y
	var svd mat.SVD
	if !svd.Factorize(&m, mat.SVDNone) {
		return SVCCAResult{}, fmt.Errorf("%w: SVD of the canonical correlation matrix did not converge", ErrDegenerate)
	}
	rho := svd.Values(nil)
	var sum float64
	for i, r := range rho {
		rho[i] = math.Min(r, 1)
		sum += rho[i]
	}
	_, kx := bx.Dims()
	_, ky := by.Dims()
	return SVCCAResult{Similarity: sum / float64(len(rho)), Correlations: rho, KeptX: kx, KeptY: ky}, nil
}

// whitenedBasis returns V_kΛ_k^{-1/2} (d×k) for centred x (n×d): the
// leading eigenvectors of xᵀx explaining the fraction keep of its trace,
// scaled so that x·V_kΛ_k^{-1/2} has orthonormal columns. Eigenvalues
// below d·ε·λ_max are treated as zero.
func whitenedBasis(name string, x []float64, n, d int, keep float64) (*mat.Dense, error) {
	g := make([]float64, d*d)
	gemm64.AtA(d, n, x, d, g, d)
	var eig mat.EigenSym
	if !eig.Factorize(mat.NewSymDense(d, g), true) {
		return nil, fmt.Errorf("%w: eigendecomposition of %sᵀ%s did not converge", ErrDegenerate, name, name)
	}
	vals := eig.Values(nil) // ascending
	var vecs mat.Dense
	eig.VectorsTo(&vecs)
	lmax := vals[d-1]
	if !(lmax > 0) {
		return nil, fmt.Errorf("%w: %s is constant", ErrDegenerate, name)
	}
	tol := float64(d) * 2.220446049250313e-16 * lmax
	var total float64
	for _, v := range vals {
		if v > tol {
			total += v
		}
	}
	k := 0
	var acc float64
	for i := d - 1; i >= 0 && vals[i] > tol; i-- {
		acc += vals[i]
		k++
		if acc >= keep*total*(1-1e-12) && keep < 1 {
			break
		}
	}
	b := mat.NewDense(d, k, nil)
	for c := 0; c < k; c++ {
		col := d - 1 - c
		s := 1 / math.Sqrt(vals[col])
		for r := 0; r < d; r++ {
			b.Set(r, c, vecs.At(r, col)*s)
		}
	}
	return b, nil
}
