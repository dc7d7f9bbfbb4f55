package finance

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/emergo/emergo/statphys"
	"gonum.org/v1/gonum/stat/distuv"
)

// TradingDays is the number of trading days per year used to annualise.
const TradingDays = 252

// Defaults of FactsOptions.
const (
	DefaultMaxLag       = 20
	DefaultHillFraction = 0.05
	DefaultLevel        = 0.95
)

// DefaultScales are the aggregation scales (days) at which StylizedFacts
// measures the kurtosis of aggregated returns.
var DefaultScales = []int{1, 5, 20, 60}

// FactsOptions controls StylizedFacts. The zero value (or nil) uses
// lags 1..20, the Hill estimate from the 5% largest |r|, the scales
// 1, 5, 20, 60 days, 95% bands and the default CSN scan.
type FactsOptions struct {
	// MaxLag is L, the largest lag of the autocorrelations and of the
	// leverage correlation (0: DefaultMaxLag).
	MaxLag int
	// HillK is the number k of largest |r| the Hill estimator uses (0:
	// ⌊DefaultHillFraction·m⌋, the 5% tail, at least 1, with m the number
	// of non-zero returns).
	HillK int
	// Scales are the aggregation scales in days (nil: DefaultScales).
	Scales []int
	// Level is the confidence of the Bartlett bands (0: 0.95).
	Level float64
	// PowerLaw configures the Clauset-Shalizi-Newman fit of |r| (nil:
	// continuous, every value a candidate xmin).
	PowerLaw *statphys.PowerLawOptions
	// Bootstrap, when not nil, also runs the CSN goodness-of-fit
	// bootstrap (PowerLaw.P); nil leaves P at NaN.
	Bootstrap *statphys.BootstrapOptions
}

// Facts are the stylized facts of a return series (Cont 2001).
type Facts struct {
	N                                  int
	Mean, SD, Skewness, ExcessKurtosis float64
	Min, Max                           float64

	// PowerLaw is the CSN fit of the tail of |r| (zero returns left
	// out): p(|r|) ∝ |r|^−α above Xmin. TailIndex = α − 1 is the
	// exponent of the survival function P(|r| > x) ∝ x^−TailIndex, with
	// standard error TailIndexSE = PowerLaw.Sigma.
	PowerLaw    *statphys.PowerLaw
	TailIndex   float64
	TailIndexSE float64
	// Hill is the Hill estimate from the HillK largest |r|
	// (Hill.TailIndex is comparable with TailIndex).
	Hill *statphys.Hill

	// ACF[k−1] and ACFAbs[k−1] are the sample autocorrelations of r and
	// of |r| at lag k = 1..L (see ACF).
	ACF, ACFAbs []float64
	// Band[k−1] and BandAbs[k−1] are the Bartlett half-widths of the
	// confidence bands at lag k (see BartlettBands): a value outside
	// ±Band is significant at the Level under an MA(k−1) null.
	Band, BandAbs []float64
	// WhiteNoiseBand = z_{(1+Level)/2}/√n, the iid band.
	WhiteNoiseBand float64
	// LjungBox and LjungBoxAbs are the Ljung-Box Q(L) statistics of r
	// and |r|, with their χ²(L) p-values.
	LjungBox, LjungBoxP, LjungBoxAbs, LjungBoxAbsP float64

	// Scales, AggN and AggKurtosis: at scale Scales[j] the excess
	// kurtosis of the AggN[j] non-overlapping sums of Scales[j]
	// consecutive returns (see AggregateReturns). Aggregational
	// Gaussianity: it decays toward 0 as the scale grows.
	Scales      []int
	AggN        []int
	AggKurtosis []float64

	// Leverage[k−1] = corr(r_t, |r_{t+k}|) for k = 1..L (see Leverage);
	// negative for equity indices.
	Leverage []float64
	// Level is the confidence of the bands.
	Level float64
}

// StylizedFacts measures the stylized facts of the return series r
// (Cont 2001): the first four moments (see Moments), the tail index of
// |r| by the CSN power-law fit (statphys.FitPowerLaw) and by the Hill
// estimator at k = opt.HillK, the autocorrelations of r and |r| at lags
// 1..L with Bartlett bands and Ljung-Box tests (volatility clustering:
// ACFAbs stays positive and significant while ACF is near zero), the
// excess kurtosis at the aggregation scales (aggregational Gaussianity)
// and the leverage correlations corr(r_t, |r_{t+k}|).
//
// r must hold at least max(4L, 60) finite values; it is not modified.
//
// References:
//
//	Cont, R. (2001). Empirical properties of asset returns: stylized
//	  facts and statistical issues. Quantitative Finance 1, 223-236.
//	Clauset, A., Shalizi, C. R. & Newman, M. E. J. (2009). Power-law
//	  distributions in empirical data. SIAM Review 51, 661-703.
//	Hill, B. M. (1975). Ann. Statist. 3, 1163-1174.
//	Bartlett, M. S. (1946). On the theoretical specification and
//	  sampling properties of autocorrelated time-series. J. R. Stat.
//	  Soc. Suppl. 8, 27-41.
//	Ljung, G. M. & Box, G. E. P. (1978). On a measure of lack of fit in
//	  time series models. Biometrika 65, 297-303.
//	Black, F. (1976). Studies of stock price volatility changes. Proc.
//	  Am. Stat. Assoc., Business and Economic Statistics, 177-181.
func StylizedFacts(r []float64, opt *FactsOptions) (*Facts, error) {
	var o FactsOptions
	if opt != nil {
		o = *opt
	}
	if o.MaxLag == 0 {
		o.MaxLag = DefaultMaxLag
	}
	if o.MaxLag < 1 {
		return nil, fmt.Errorf("finance: StylizedFacts: MaxLag=%d must be positive", o.MaxLag)
	}
	if o.Scales == nil {
		o.Scales = DefaultScales
	}
	if o.Level == 0 {
		o.Level = DefaultLevel
	}
	if !(o.Level > 0 && o.Level < 1) {
		return nil, fmt.Errorf("finance: StylizedFacts: Level=%v must be in (0, 1)", o.Level)
	}
	n := len(r)
	if need := max(4*o.MaxLag, 60); n < need {
		return nil, fmt.Errorf("finance: StylizedFacts: %d returns are too few (need at least %d for lags up to %d)", n, need, o.MaxLag)
	}
	if err := checkFinite("StylizedFacts", "r", r); err != nil {
		return nil, err
	}
	f := &Facts{N: n, Level: o.Level, Scales: append([]int(nil), o.Scales...)}
	f.Mean, f.SD, f.Skewness, f.ExcessKurtosis = Moments(r)
	f.Min, f.Max = r[0], r[0]
	for _, v := range r {
		f.Min, f.Max = min(f.Min, v), max(f.Max, v)
	}
	if !(f.SD > 0) {
		return nil, fmt.Errorf("finance: StylizedFacts: the returns are constant (%v)", r[0])
	}

	abs := make([]float64, 0, n)
	for _, v := range r {
		if v != 0 {
			abs = append(abs, math.Abs(v))
		}
	}
	pl, err := statphys.FitPowerLaw(abs, o.PowerLaw)
	if err != nil {
		return nil, fmt.Errorf("finance: StylizedFacts: power-law fit of |r|: %w", err)
	}
	if o.Bootstrap != nil {
		if _, err := pl.GoodnessOfFit(context.Background(), o.Bootstrap); err != nil {
			return nil, fmt.Errorf("finance: StylizedFacts: power-law bootstrap: %w", err)
		}
	}
	f.PowerLaw, f.TailIndex, f.TailIndexSE = pl, pl.Alpha-1, pl.Sigma
	k := o.HillK
	if k == 0 {
		k = max(1, int(DefaultHillFraction*float64(len(abs))))
	}
	h, err := statphys.HillEstimator(abs, k)
	if err != nil {
		return nil, fmt.Errorf("finance: StylizedFacts: Hill estimator of |r|: %w", err)
	}
	f.Hill = h

	absAll := make([]float64, n)
	for i, v := range r {
		absAll[i] = math.Abs(v)
	}
	f.ACF = ACF(r, o.MaxLag)
	f.ACFAbs = ACF(absAll, o.MaxLag)
	f.Band = BartlettBands(f.ACF, n, o.Level)
	f.BandAbs = BartlettBands(f.ACFAbs, n, o.Level)
	f.WhiteNoiseBand = normalQuantile((1+o.Level)/2) / math.Sqrt(float64(n))
	f.LjungBox, f.LjungBoxP = LjungBox(f.ACF, n)
	f.LjungBoxAbs, f.LjungBoxAbsP = LjungBox(f.ACFAbs, n)

	for _, m := range o.Scales {
		if m < 1 {
			return nil, fmt.Errorf("finance: StylizedFacts: aggregation scale %d must be positive", m)
		}
		agg := AggregateReturns(r, m)
		f.AggN = append(f.AggN, len(agg))
		kurt := math.NaN()
		if len(agg) >= 4 {
			_, _, _, kurt = Moments(agg)
		}
		f.AggKurtosis = append(f.AggKurtosis, kurt)
	}
	f.Leverage = Leverage(r, o.MaxLag)
	return f, nil
}

// Moments returns the sample mean x̄, the standard deviation
// s = √(Σ(x−x̄)²/(n−1)), the skewness g1 = m3/m2^{3/2} and the excess
// kurtosis g2 = m4/m2² − 3 of x, where m_k = (1/n) Σ (x_i − x̄)^k are the
// central moments (the moment estimators of Joanes & Gill 1998, type 1;
// NaN where undefined).
//
// Reference: Joanes, D. N. & Gill, C. A. (1998). Comparing measures of
// sample skewness and kurtosis. The Statistician 47, 183-189.
func Moments(x []float64) (mean, sd, skew, exkurt float64) {
	n := float64(len(x))
	if len(x) == 0 {
		return math.NaN(), math.NaN(), math.NaN(), math.NaN()
	}
	for _, v := range x {
		mean += v
	}
	mean /= n
	var m2, m3, m4 float64
	for _, v := range x {
		d := v - mean
		d2 := d * d
		m2 += d2
		m3 += d2 * d
		m4 += d2 * d2
	}
	sd = math.Sqrt(m2 / (n - 1))
	m2, m3, m4 = m2/n, m3/n, m4/n
	skew = m3 / math.Pow(m2, 1.5)
	exkurt = m4/(m2*m2) - 3
	return mean, sd, skew, exkurt
}

// ACF returns the sample autocorrelations ρ̂_k, k = 1..maxLag, of x
// (Box & Jenkins):
//
//	ρ̂_k = Σ_{t=0}^{n−1−k} (x_t − x̄)(x_{t+k} − x̄) / Σ_{t=0}^{n−1} (x_t − x̄)².
//
// Lags at or beyond len(x) give 0. It panics if maxLag < 1.
//
// Reference: Box, G. E. P., Jenkins, G. M., Reinsel, G. C. & Ljung,
// G. M. (2015). Time Series Analysis, 5th ed. Wiley, eq. (2.1.12).
func ACF(x []float64, maxLag int) []float64 {
	if maxLag < 1 {
		panic(fmt.Sprintf("finance: ACF with maxLag %d", maxLag))
	}
	n := len(x)
	var m float64
	for _, v := range x {
		m += v
	}
	m /= float64(n)
	var c0 float64
	for _, v := range x {
		c0 += (v - m) * (v - m)
	}
	out := make([]float64, maxLag)
	for k := 1; k <= maxLag && k < n; k++ {
		var c float64
		for t := 0; t+k < n; t++ {
			c += (x[t] - m) * (x[t+k] - m)
		}
		out[k-1] = c / c0
	}
	return out
}

// BartlettBands returns the half-widths of the confidence bands of
// sample autocorrelations rho (rho[k−1] at lag k) of a series of length
// n at the given level: by Bartlett's formula, under the null that the
// autocorrelations vanish beyond lag k−1,
//
//	Var ρ̂_k ≈ (1 + 2 Σ_{j=1}^{k−1} ρ̂_j²)/n,   band_k = z_{(1+level)/2} √Var ρ̂_k.
//
// At lag 1 this is the white-noise band z/√n.
//
// Reference: Bartlett (1946); Box, Jenkins, Reinsel & Ljung (2015),
// eq. (2.1.15).
func BartlettBands(rho []float64, n int, level float64) []float64 {
	z := normalQuantile((1 + level) / 2)
	out := make([]float64, len(rho))
	var s float64
	for k := range rho {
		out[k] = z * math.Sqrt((1+2*s)/float64(n))
		s += rho[k] * rho[k]
	}
	return out
}

// LjungBox returns the Ljung-Box statistic of the sample
// autocorrelations rho (lags 1..L) of a series of length n,
//
//	Q = n(n+2) Σ_{k=1}^{L} ρ̂_k²/(n−k),
//
// and its p-value under χ²(L) (Ljung & Box 1978).
func LjungBox(rho []float64, n int) (q, p float64) {
	for k, r := range rho {
		q += r * r / float64(n-k-1)
	}
	q *= float64(n) * float64(n+2)
	return q, distuv.ChiSquared{K: float64(len(rho))}.Survival(q)
}

// AggregateReturns returns the ⌊n/m⌋ non-overlapping sums of m
// consecutive log returns, r^{(m)}_j = Σ_{i=jm}^{jm+m−1} r_i (the log
// returns at scale m days; a partial block at the end is dropped). It
// panics if m < 1.
func AggregateReturns(r []float64, m int) []float64 {
	if m < 1 {
		panic(fmt.Sprintf("finance: AggregateReturns with scale %d", m))
	}
	out := make([]float64, len(r)/m)
	for j := range out {
		var s float64
		for _, v := range r[j*m : (j+1)*m] {
			s += v
		}
		out[j] = s
	}
	return out
}

// Leverage returns the leverage correlations L(k) = corr(r_t, |r_{t+k}|)
// for k = 1..maxLag: the Pearson correlation of the n−k pairs
// (r_t, |r_{t+k}|), t = 0..n−1−k, each variable centred on its own mean
// over the pairs. Negative values (falls raise future volatility) are
// the leverage effect of Black (1976); Bouchaud, Matacz & Potters (2001)
// study the closely related E[r_t r²_{t+k}]/E[r²]². Lags with fewer than
// three pairs give NaN. It panics if maxLag < 1.
//
// Reference: Bouchaud, J.-P., Matacz, A. & Potters, M. (2001). Leverage
// effect in financial markets: the retarded volatility model. Phys. Rev.
// Lett. 87, 228701.
func Leverage(r []float64, maxLag int) []float64 {
	if maxLag < 1 {
		panic(fmt.Sprintf("finance: Leverage with maxLag %d", maxLag))
	}
	out := make([]float64, maxLag)
	for k := 1; k <= maxLag; k++ {
		m := len(r) - k
		if m < 3 {
			out[k-1] = math.NaN()
			continue
		}
		var mx, my float64
		for t := 0; t < m; t++ {
			mx += r[t]
			my += math.Abs(r[t+k])
		}
		mx /= float64(m)
		my /= float64(m)
		var sxy, sxx, syy float64
		for t := 0; t < m; t++ {
			dx, dy := r[t]-mx, math.Abs(r[t+k])-my
			sxy += dx * dy
			sxx += dx * dx
			syy += dy * dy
		}
		out[k-1] = sxy / math.Sqrt(sxx*syy)
	}
	return out
}

// normalQuantile is the standard normal quantile Φ⁻¹(p).
func normalQuantile(p float64) float64 { return math.Sqrt2 * math.Erfinv(2*p-1) }

// ErrNotFinite reports a NaN or infinite input value.
var ErrNotFinite = errors.New("value is not finite")

func checkFinite(fn, what string, x []float64) error {
	for i, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("finance: %s: %s[%d] = %v: %w", fn, what, i, v, ErrNotFinite)
		}
	}
	return nil
}
