package chaos

import (
	"fmt"
	"math"
)

// ScalingOptions selects the window (box) sizes of HurstRS and DFA. The
// zero value (or nil) gives the documented defaults.
type ScalingOptions struct {
	// MinSize and MaxSize bound the window sizes (0: 10 and N/4 for R/S;
	// Order+3 and N/4 for DFA).
	MinSize, MaxSize int
	// Sizes is the number of log-spaced sizes (0: 20; duplicates after
	// rounding are dropped).
	Sizes int
	// Order is DFA's detrending polynomial order (0: 1, i.e. DFA1).
	Order int
}

// Scaling is a fluctuation function F(n) over window sizes n and its
// log-log slope.
type Scaling struct {
	// Exponent is the fitted exponent: Hurst's H (R/S, Anis-Lloyd
	// corrected) or DFA's α. StdErr is its standard error from the fit.
	Exponent, StdErr float64
	// Raw is, for R/S, the uncorrected slope of ln(R/S) against ln n
	// (biased upwards for small n); for DFA it equals Exponent.
	Raw float64
	// Sizes are the window sizes n, F the mean R/S or the DFA fluctuation
	// at each size, and Expected (R/S only) the Anis-Lloyd expectation
	// E[R/S](n) for white noise.
	Sizes       []int
	F, Expected []float64
}

// HurstRS estimates the Hurst exponent of x by rescaled-range analysis
// (Hurst 1951; Mandelbrot & Wallis 1969). For each window size n the
// series is cut into ⌊N/n⌋ non-overlapping windows; in each, with Y the
// cumulative sum of deviations from the window mean and S the window's
// standard deviation, R/S = (max Y − min Y)/S, averaged over windows.
// The raw estimate is the slope of ln(R/S) against ln n. Because R/S of
// short windows is biased (the raw slope is about 0.55 for white noise),
// the returned Exponent is the Anis-Lloyd corrected estimate (Weron 2002)
//
//	H = 0.5 + slope of ln(R/S)_n − ln E[R/S]_n against ln n,
//	E[R/S]_n = Γ((n−1)/2)/(√π Γ(n/2)) · Σ_{i=1}^{n−1} √((n−i)/i),
//
// E[R/S]_n being Anis & Lloyd's exact expectation for iid normal values
// (with S the population standard deviation, as here), so H is 0.5 in
// expectation for white noise. (Peters' empirical factor (n−½)/n is not
// applied: with this R/S it would bias the small windows by 1/(2n).) Windows default to 10 …
// N/4; at least 40 points are needed (4 windows of the smallest size).
//
// References:
//
//	Hurst, H. E. (1951). Long-term storage capacity of reservoirs.
//	  Trans. Am. Soc. Civ. Eng. 116, 770-808.
//	Anis, A. A. & Lloyd, E. H. (1976). The expected value of the adjusted
//	  rescaled Hurst range of independent normal summands. Biometrika 63,
//	  111-116.
//	Peters, E. E. (1994). Fractal Market Analysis. Wiley.
//	Weron, R. (2002). Estimating long-range dependence: finite sample
//	  properties and confidence intervals. Physica A 312, 285-299.
func HurstRS(x []float64, opt *ScalingOptions) (*Scaling, error) {
	var o ScalingOptions
	if opt != nil {
		o = *opt
	}
	if o.MinSize == 0 {
		o.MinSize = 10
	}
	if err := checkSeries("HurstRS", x, 4*max(o.MinSize, 2)); err != nil {
		return nil, err
	}
	sizes, err := scalingSizes("HurstRS", len(x), o, 2)
	if err != nil {
		return nil, err
	}
	res := &Scaling{}
	var lx, ly, lyc []float64
	for _, n := range sizes {
		var sum float64
		var cnt int
		for w := 0; w+n <= len(x); w += n {
			seg := x[w : w+n]
			mean, sd := meanStd(seg)
			if sd == 0 {
				continue
			}
			var c, lo, hi float64
			for _, v := range seg {
				c += v - mean
				lo, hi = math.Min(lo, c), math.Max(hi, c)
			}
			sum += (hi - lo) / sd
			cnt++
		}
		if cnt == 0 {
			continue
		}
		rs := sum / float64(cnt)
		e := expectedRS(n)
		res.Sizes = append(res.Sizes, n)
		res.F = append(res.F, rs)
		res.Expected = append(res.Expected, e)
		lx = append(lx, math.Log(float64(n)))
		ly = append(ly, math.Log(rs))
		lyc = append(lyc, math.Log(rs)-math.Log(e))
	}
	if len(lx) < 3 {
		return nil, fmt.Errorf("chaos: HurstRS: only %d window sizes have non-constant windows; need 3: %w", len(lx), ErrConstant)
	}
	res.Raw, _, _, _ = linFit(lx, ly)
	var s float64
	s, _, res.StdErr, _ = linFit(lx, lyc)
	res.Exponent = 0.5 + s
	return res, nil
}

// expectedRS is the Anis-Lloyd expected R/S of n iid normal values.
func expectedRS(n int) float64 {
	fn := float64(n)
	lg1, _ := math.Lgamma((fn - 1) / 2)
	lg2, _ := math.Lgamma(fn / 2)
	var s float64
	for i := 1; i < n; i++ {
		s += math.Sqrt((fn - float64(i)) / float64(i))
	}
	return math.Exp(lg1-lg2) / math.Sqrt(math.Pi) * s
}

// scalingSizes resolves the window sizes.
func scalingSizes(fn string, n int, o ScalingOptions, least int) ([]int, error) {
	if o.MaxSize == 0 {
		o.MaxSize = n / 4
	}
	if o.Sizes == 0 {
		o.Sizes = 20
	}
	if o.MinSize < least || o.MaxSize > n || o.Sizes < 3 {
		return nil, fmt.Errorf("chaos: %s: window sizes must satisfy %d ≤ MinSize (got %d), MaxSize ≤ N = %d (got %d), Sizes ≥ 3 (got %d)",
			fn, least, o.MinSize, n, o.MaxSize, o.Sizes)
	}
	sizes := logIntSizes(o.MinSize, o.MaxSize, o.Sizes)
	if len(sizes) < 3 {
		return nil, fmt.Errorf("chaos: %s: window sizes %d … %d give fewer than 3 distinct sizes (%d points): %w", fn, o.MinSize, o.MaxSize, n, ErrTooShort)
	}
	return sizes, nil
}

// DFA performs detrended fluctuation analysis of order q = opt.Order
// (Peng et al. 1994; Kantelhardt et al. 2001). With the profile
// Y_k = Σ_{i≤k} (x_i − x̄), for each box size n the profile is cut into
// ⌊N/n⌋ boxes from the start and ⌊N/n⌋ from the end; in each a
// polynomial of order q is fitted by least squares and
//
//	F(n) = √( mean over boxes of the mean squared residual ),
//
// and α is the slope of ln F against ln n: 0.5 for white noise, 1.5 for a
// random walk (Brownian motion), 1 for 1/f noise. Box sizes default to
// q+3 … N/4; at least 4(q+3) points are needed.
//
// References:
//
//	Peng, C.-K., Buldyrev, S. V., Havlin, S., Simons, M., Stanley, H. E.
//	  & Goldberger, A. L. (1994). Mosaic organization of DNA nucleotides.
//	  Phys. Rev. E 49, 1685-1689.
//	Kantelhardt, J. W., Koscielny-Bunde, E., Rego, H. H. A., Havlin, S.
//	  & Bunde, A. (2001). Detecting long-range correlations with detrended
//	  fluctuation analysis. Physica A 295, 441-454.
func DFA(x []float64, opt *ScalingOptions) (*Scaling, error) {
	var o ScalingOptions
	if opt != nil {
		o = *opt
	}
	if o.Order == 0 {
		o.Order = 1
	}
	if o.Order < 0 || o.Order > 5 {
		return nil, fmt.Errorf("chaos: DFA: detrending order %d must be in [1, 5]", o.Order)
	}
	q := o.Order
	if o.MinSize == 0 {
		o.MinSize = q + 3
	}
	if err := checkSeries("DFA", x, 4*max(o.MinSize, q+2)); err != nil {
		return nil, err
	}
	sizes, err := scalingSizes("DFA", len(x), o, q+2)
	if err != nil {
		return nil, err
	}
	mean, _ := meanStd(x)
	prof := make([]float64, len(x))
	var c float64
	for i, v := range x {
		c += v - mean
		prof[i] = c
	}
	var rms float64
	for _, v := range prof {
		rms += v * v
	}
	rms = math.Sqrt(rms / float64(len(prof)))
	res := &Scaling{}
	var lx, ly []float64
	N := len(x)
	for _, n := range sizes {
		basis := polyBasis(n, q)
		var ss float64
		boxes := N / n
		for b := 0; b < boxes; b++ {
			ss += detrendSS(prof[b*n:(b+1)*n], basis)
			ss += detrendSS(prof[N-(b+1)*n:N-b*n], basis)
		}
		f := math.Sqrt(ss / float64(2*boxes*n))
		if !(f > 1e-10*rms) { // zero up to rounding: a polynomial profile
			continue
		}
		res.Sizes = append(res.Sizes, n)
		res.F = append(res.F, f)
		lx = append(lx, math.Log(float64(n)))
		ly = append(ly, math.Log(f))
	}
	if len(lx) < 3 {
		return nil, fmt.Errorf("chaos: DFA: only %d box sizes have non-zero fluctuation; need 3 (is the series a polynomial of order ≤ %d?): %w", len(lx), q, ErrConstant)
	}
	res.Exponent, _, res.StdErr, _ = linFit(lx, ly)
	res.Raw = res.Exponent
	return res, nil
}

// polyBasis returns an orthonormal basis (row k = vector k, length n) of
// the polynomials of degree ≤ q sampled at 0 … n−1, by modified
// Gram-Schmidt on monomials of the centred, scaled abscissa.
func polyBasis(n, q int) [][]float64 {
	basis := make([][]float64, q+1)
	c := float64(n-1) / 2
	s := math.Max(c, 1)
	for k := range basis {
		v := make([]float64, n)
		for i := range v {
			v[i] = math.Pow((float64(i)-c)/s, float64(k))
		}
		for pass := 0; pass < 2; pass++ {
			for _, b := range basis[:k] {
				var d float64
				for i := range v {
					d += v[i] * b[i]
				}
				for i := range v {
					v[i] -= d * b[i]
				}
			}
		}
		var nrm float64
		for _, e := range v {
			nrm += e * e
		}
		nrm = math.Sqrt(nrm)
		for i := range v {
			v[i] /= nrm
		}
		basis[k] = v
	}
	return basis
}

// detrendSS is the residual sum of squares of y after projecting out the
// orthonormal basis.
func detrendSS(y []float64, basis [][]float64) float64 {
	var coef [6]float64
	for k, b := range basis {
		var d float64
		for i, v := range y {
			d += v * b[i]
		}
		coef[k] = d
	}
	var ss float64
	for i, v := range y {
		r := v
		for k, b := range basis {
			r -= coef[k] * b[i]
		}
		ss += r * r
	}
	return ss
}
