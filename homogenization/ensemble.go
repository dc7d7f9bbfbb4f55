package homogenization

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Ambiguity is the ambiguity decomposition of a weighted regression
// ensemble's squared error: EnsembleError = MeanMemberError − Ambiguity.
type Ambiguity struct {
	// EnsembleError is (1/n) Σ_i (f̄(x_i) − y_i)², f̄ = Σ_α w_α f_α.
	EnsembleError float64
	// MeanMemberError is Σ_α w_α E_α, E_α = (1/n) Σ_i (f_α(x_i) − y_i)².
	MeanMemberError float64
	// Ambiguity is Σ_α w_α (1/n) Σ_i (f_α(x_i) − f̄(x_i))² ≥ 0, the
	// weighted spread of the members around the ensemble.
	Ambiguity float64
	// MemberErrors are the E_α.
	MemberErrors []float64
}

// AmbiguityDecomposition returns the decomposition of Krogh & Vedelsby
// (1995) for the predictions of M ensemble members (preds: rows =
// instances, columns = members) of targets y, with convex weights w (nil
// for uniform weights 1/M; w must be non-negative and sum to 1 within
// 1e-12):
//
//	(f̄ − y)² = Σ_α w_α (f_α − y)² − Σ_α w_α (f_α − f̄)²
//
// pointwise, hence averaged over instances. The identity is exact in
// real arithmetic; the three terms are computed independently, so it
// holds here to rounding error.
//
// Errors: ErrShape, ErrTooFew, ErrNotFinite. It panics on invalid
// weights.
func AmbiguityDecomposition(preds *mat.Dense, y, w []float64) (Ambiguity, error) {
	p, err := rawChecked("preds", preds)
	if err != nil {
		return Ambiguity{}, err
	}
	n, m := p.n, p.d
	if len(y) != n {
		return Ambiguity{}, fmt.Errorf("%w: %d targets for %d instances", ErrShape, len(y), n)
	}
	if err := checkFinite("y", 1, n, y, n); err != nil {
		return Ambiguity{}, err
	}
	w = convexWeights(w, m)
	res := Ambiguity{MemberErrors: make([]float64, m)}
	var ens, amb float64
	for i := 0; i < n; i++ {
		row := p.row(i)
		var fbar float64
		for a, v := range row {
			fbar += w[a] * v
		}
		e := fbar - y[i]
		ens += e * e
		for a, v := range row {
			d := v - y[i]
			res.MemberErrors[a] += d * d
			s := v - fbar
			amb += w[a] * s * s
		}
	}
	inv := 1 / float64(n)
	res.EnsembleError = ens * inv
	res.Ambiguity = amb * inv
	for a := range res.MemberErrors {
		res.MemberErrors[a] *= inv
		res.MeanMemberError += w[a] * res.MemberErrors[a]
	}
	return res, nil
}

func convexWeights(w []float64, m int) []float64 {
	if w == nil {
		w = make([]float64, m)
		for i := range w {
			w[i] = 1 / float64(m)
		}
		return w
	}
	if len(w) != m {
		panic(fmt.Sprintf("homogenization: %d weights for %d members", len(w), m))
	}
	var s float64
	for i, v := range w {
		if !(v >= 0) || math.IsInf(v, 0) {
			panic(fmt.Sprintf("homogenization: weight %d is %v, must be non-negative", i, v))
		}
		s += v
	}
	if math.Abs(s-1) > 1e-12 {
		panic(fmt.Sprintf("homogenization: weights sum to %v, not 1", s))
	}
	return w
}

// BVC is the bias-variance-covariance decomposition of a uniformly
// averaged regression ensemble: MSE = Bias² + Variance/M + (1 − 1/M)·
// Covariance, averaged over instances.
type BVC struct {
	// MSE is the expected squared error of the ensemble mean over
	// training replicates, averaged over instances.
	MSE float64
	// Bias2 is the squared average bias (1/M Σ_α (E f_α − y))².
	Bias2 float64
	// Variance is the average member variance (1/M) Σ_α E(f_α − E f_α)².
	Variance float64
	// Covariance is the average covariance between distinct members,
	// 1/(M(M−1)) Σ_{α≠β} E(f_α − E f_α)(f_β − E f_β) (0 when M = 1).
	Covariance float64
	// Members and Replicates are M and the number of replicates.
	Members, Replicates int
}

// BiasVarianceCovariance returns the decomposition of Ueda & Nakano
// (1996) (see also Brown, Wyatt & Tiňo 2005) from R independent training
// replicates of an ensemble of M members: reps[r] holds replicate r's
// predictions (rows = instances, columns = members), y the noise-free
// targets. Expectations E are means over the replicates (population
// moments, divisor R), so for the ensemble mean f̄ = (1/M) Σ_α f_α
//
//	E(f̄ − y)² = Bias² + Variance/M + (1 − 1/M)·Covariance
//
// holds exactly (to rounding) at every instance, and so on average.
//
// Errors: ErrTooFew (no replicates), ErrShape (replicates of different
// sizes, len(y) ≠ rows), ErrNotFinite.
func BiasVarianceCovariance(reps []*mat.Dense, y []float64) (BVC, error) {
	R := len(reps)
	if R == 0 {
		return BVC{}, fmt.Errorf("%w: no replicates", ErrTooFew)
	}
	raws := make([]rawMat, R)
	for r, x := range reps {
		rm, err := rawChecked(fmt.Sprintf("reps[%d]", r), x)
		if err != nil {
			return BVC{}, err
		}
		if r > 0 && (rm.n != raws[0].n || rm.d != raws[0].d) {
			return BVC{}, fmt.Errorf("%w: replicate %d is %d×%d, replicate 0 is %d×%d", ErrShape, r, rm.n, rm.d, raws[0].n, raws[0].d)
		}
		raws[r] = rm
	}
	n, m := raws[0].n, raws[0].d
	if len(y) != n {
		return BVC{}, fmt.Errorf("%w: %d targets for %d instances", ErrShape, len(y), n)
	}
	if err := checkFinite("y", 1, n, y, n); err != nil {
		return BVC{}, err
	}
	mean := make([]float64, m)
	dev := make([]float64, m)
	res := BVC{Members: m, Replicates: R}
	invR, invM := 1/float64(R), 1/float64(m)
	for i := 0; i < n; i++ {
		clear(mean)
		for r := 0; r < R; r++ {
			for a, v := range raws[r].row(i) {
				mean[a] += v
			}
		}
		var bias float64
		for a := range mean {
			mean[a] *= invR
			bias += mean[a] - y[i]
		}
		bias *= invM
		var variance, cov, mse float64
		for r := 0; r < R; r++ {
			row := raws[r].row(i)
			var sdev, sdev2, fbar float64
			for a, v := range row {
				dev[a] = v - mean[a]
				sdev += dev[a]
				sdev2 += dev[a] * dev[a]
				fbar += v
			}
			fbar *= invM
			e := fbar - y[i]
			mse += e * e
			variance += sdev2
			cov += sdev*sdev - sdev2 // Σ_{α≠β} dev_α dev_β
		}
		res.MSE += mse * invR
		res.Bias2 += bias * bias
		res.Variance += variance * invR * invM
		if m > 1 {
			res.Covariance += cov * invR / float64(m*(m-1))
		}
	}
	inv := 1 / float64(n)
	res.MSE *= inv
	res.Bias2 *= inv
	res.Variance *= inv
	res.Covariance *= inv
	return res, nil
}
