package statphys

import (
	"context"
	"fmt"
	"math"

	"github.com/emergo/emergo/system"
)

// Branching holds the direct estimates of the branching ratio from an
// activity series A_t (the number of active units, events or spikes in
// bin t).
type Branching struct {
	// Conventional is σ̂ = ⟨A_{t+1}/A_t⟩ over the Pairs bins with A_t > 0:
	// the mean number of descendants per ancestor (Beggs & Plenz 2003).
	Conventional float64
	// ConventionalErr is the standard error of that mean, treating the
	// ratios as independent.
	ConventionalErr float64
	// Harris is m̂ = Σ A_{t+1} / Σ A_t over the same bins, the maximum-
	// likelihood estimate for a Galton-Watson process (Harris 1948/1963).
	Harris float64
	// HarrisErr = √(s²/Σ A_t), with s² = Σ (A_{t+1} − m̂A_t)²/A_t/(Pairs−1)
	// the estimated offspring variance (Heyde 1974).
	HarrisErr float64
	Pairs     int
}

// BranchingRatio estimates the branching ratio of the activity series a
// from the pairs (A_t, A_{t+1}) with A_t > 0. For a Galton-Watson process
// observed in full, both estimators are consistent: E[A_{t+1} | A_t] =
// m A_t. Independent runs may be concatenated with a 0 between them (a
// pair whose ancestor count is 0 is skipped). Under external drive or
// subsampling both are biased: a drive h adds about h⟨1/A_t⟩ to the
// conventional ratio, and subsampling distorts both (the ratios of sparse
// counts are dominated by noise; the lag-1 regression slope is pulled
// towards 0). Use MRBranching there.
//
// Errors: fewer than 2 values, NaN/±Inf, negative values, no bin with
// A_t > 0 followed by another bin (ErrTooShort).
//
// References:
//
//	Harris, T. E. (1963). The Theory of Branching Processes. Springer.
//	Heyde, C. C. (1974). On estimating the variance of the offspring
//	  distribution in a simple branching process. Adv. Appl. Probab. 6,
//	  421-433.
//	Beggs, J. M. & Plenz, D. (2003). Neuronal avalanches in neocortical
//	  circuits. J. Neurosci. 23, 11167-11177.
func BranchingRatio(a []float64) (*Branching, error) {
	const fn = "BranchingRatio"
	if err := checkLen(fn, len(a), 2); err != nil {
		return nil, err
	}
	if err := checkFinite(fn, a); err != nil {
		return nil, err
	}
	if err := checkNonNegative(fn, a); err != nil {
		return nil, err
	}
	var n int
	var sr, sr2, num, den float64
	for t := 0; t+1 < len(a); t++ {
		if a[t] > 0 {
			r := a[t+1] / a[t]
			sr += r
			sr2 += r * r
			num += a[t+1]
			den += a[t]
			n++
		}
	}
	if n < 2 {
		return nil, fmt.Errorf("statphys: %s: %d bins with A_t > 0 followed by a bin; need at least 2: %w", fn, n, ErrTooShort)
	}
	b := &Branching{Pairs: n, Conventional: sr / float64(n), Harris: num / den}
	v := (sr2 - sr*sr/float64(n)) / float64(n-1)
	b.ConventionalErr = math.Sqrt(max(v, 0) / float64(n))
	var s2 float64
	for t := 0; t+1 < len(a); t++ {
		if a[t] > 0 {
			d := a[t+1] - b.Harris*a[t]
			s2 += d * d / a[t]
		}
	}
	s2 /= float64(n - 1)
	b.HarrisErr = math.Sqrt(s2 / den)
	return b, nil
}

// MROptions controls MRBranching. The zero value uses lags 1 … 40.
type MROptions struct {
	// KMax is the largest lag k (0: 40). It should reach several
	// autocorrelation times, −1/ln m.
	KMax int
}

// MR is the multistep-regression estimate of the branching ratio.
type MR struct {
	M float64 // branching ratio m̂
	B float64 // amplitude b̂ of r_k = b̂ m̂^k (b̂ < 1 under subsampling)
	// Tau = −1/ln m̂ is the autocorrelation time in bins (+Inf when
	// m̂ ≥ 1).
	Tau float64
	// K and R are the lags and the regression slopes r_k of A_{t+k} on A_t.
	K []int
	R []float64
}

// MRBranching estimates the branching ratio m of a driven branching
// process from a possibly subsampled activity series by multistep
// regression (Wilting & Priesemann 2018): for each lag k = 1 … KMax the
// least-squares slope r_k of A_{t+k} against A_t; for a branching process
// with drive, r_k = b·m^k, where subsampling changes only b. m̂ and b̂
// minimise Σ_k (r_k − b m^k)², with b profiled out in closed form and m
// found on a grid of 300 values in [10⁻⁴, 1.5] refined by Brent's
// method.
//
// Errors: fewer than KMax + 10 values, NaN/±Inf, negative values,
// constant data, or a lag whose regression is undefined.
//
// References:
//
//	Wilting, J. & Priesemann, V. (2018). Inferring collective dynamical
//	  states from widely unobserved systems. Nat. Commun. 9, 2325.
//	Spitzner, F. P. et al. (2021). MR. Estimator, a toolbox to determine
//	  intrinsic timescales from subsampled spiking activity. PLoS ONE 16,
//	  e0249447.
func MRBranching(a []float64, opt *MROptions) (*MR, error) {
	const fn = "MRBranching"
	kmax := 40
	if opt != nil && opt.KMax > 0 {
		kmax = opt.KMax
	}
	if err := checkSeries(fn, a, kmax+10); err != nil {
		return nil, err
	}
	if err := checkNonNegative(fn, a); err != nil {
		return nil, err
	}
	res := &MR{K: make([]int, kmax), R: make([]float64, kmax)}
	for k := 1; k <= kmax; k++ {
		n := len(a) - k
		var mx, my float64
		for t := 0; t < n; t++ {
			mx += a[t]
			my += a[t+k]
		}
		mx /= float64(n)
		my /= float64(n)
		var sxy, sxx float64
		for t := 0; t < n; t++ {
			dx := a[t] - mx
			sxy += dx * (a[t+k] - my)
			sxx += dx * dx
		}
		if !(sxx > 0) {
			return nil, fmt.Errorf("statphys: %s: A_t is constant over the first %d bins, so the lag-%d regression is undefined: %w", fn, n, k, ErrConstant)
		}
		res.K[k-1], res.R[k-1] = k, sxy/sxx
	}
	sse := func(m float64) float64 {
		var srm, smm, srr float64
		p := 1.0
		for _, r := range res.R {
			p *= m
			srm += r * p
			smm += p * p
			srr += r * r
		}
		return srr - srm*srm/smm
	}
	m, _ := gridBrent(sse, 1e-4, 1.5, 300, 1e-10)
	var srm, smm float64
	p := 1.0
	for _, r := range res.R {
		p *= m
		srm += r * p
		smm += p * p
	}
	res.M, res.B = m, srm/smm
	res.Tau = math.Inf(1)
	if m < 1 {
		res.Tau = -1 / math.Log(m)
	}
	return res, nil
}

// Observe returns component j of sys's observation for the estimators
// that take an activity or signal series (BranchingRatio, MRBranching,
// Avalanches): after transient steps it records the current observation
// and then one after each of steps−1 further steps (system.Sample).
func Observe(ctx context.Context, sys system.System, j, steps, transient int) ([]float64, error) {
	if j < 0 || j >= sys.Dim() {
		return nil, fmt.Errorf("statphys: Observe: component %d is outside the observation [0, %d)", j, sys.Dim())
	}
	tr, err := system.Sample(ctx, sys, steps, &system.SampleOptions{Transient: transient})
	if err != nil {
		return nil, err
	}
	return tr.Column(j), nil
}
