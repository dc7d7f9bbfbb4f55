package market

import (
	"math"
	"math/rand/v2"
	"sort"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/emergo/emergo/finance"
	"github.com/emergo/emergo/homogenization"
	"github.com/emergo/emergo/statphys"
)

// RunStats are the statistics of one market run over its scored steps.
type RunStats struct {
	// Volatility is the standard deviation of the log returns.
	Volatility float64 `json:"volatility"`
	// Kurtosis is the excess kurtosis of the returns (0 for Gaussian).
	Kurtosis float64 `json:"kurtosis"`
	// Hill is the Hill tail index of |r − r̄| from its largest 5% (at
	// least 10) values: P(|r| > x) ~ x^(−Hill).
	Hill float64 `json:"hill"`
	// CSNAlpha is the Clauset-Shalizi-Newman maximum-likelihood density
	// exponent of the |r − r̄| tail (xmin by the KS scan over the upper
	// half), comparable with 1 + Hill.
	CSNAlpha float64 `json:"csn_alpha"`
	// Crash is the fraction of steps with r < −k·σₙ (k = crash_k, σₙ the
	// noise traders' volatility: an absolute threshold).
	Crash float64 `json:"crash"`
	// CrashRel is the fraction of steps with r < −k·sd(r) (a threshold
	// relative to the run's own volatility: the shape of the left tail).
	CrashRel float64 `json:"crash_rel"`
	// Drawdown is the largest peak-to-trough fall of the log price.
	Drawdown float64 `json:"drawdown"`
	// Mispricing is the mean |p − f|.
	Mispricing float64 `json:"mispricing"`
	// ErrorCorr is the mean pairwise Pearson correlation of the tracked
	// traders' forecast errors ĝ − r (homogenization.ErrorCorrelation).
	ErrorCorr float64 `json:"error_corr"`
	// ForecastCorr is the mean pairwise correlation of their forecasts.
	ForecastCorr float64 `json:"forecast_corr"`
	// FailAll is the fraction of steps on which every tracked trader got
	// the direction wrong (ĝ·r ≤ 0), and FailRatio its ratio to the
	// independence expectation (Toups et al. 2023's systemic failure).
	FailAll   float64 `json:"fail_all"`
	FailRatio float64 `json:"fail_ratio"`
	// Overdispersion is the variance of the number of failing traders
	// over its independence value (1: independent).
	Overdispersion float64 `json:"overdispersion"`
	// MSE is the tracked traders' mean squared forecast error over σₙ².
	MSE float64 `json:"mse"`
}

// metricDefs name the RunStats fields for tables and tests.
var metricDefs = []struct {
	Key, Label string
	Get        func(*RunStats) float64
}{
	{"volatility", "volatility", func(s *RunStats) float64 { return s.Volatility }},
	{"crash", "crash frequency (r < −kσₙ)", func(s *RunStats) float64 { return s.Crash }},
	{"crash_rel", "crash frequency (r < −k·sd)", func(s *RunStats) float64 { return s.CrashRel }},
	{"kurtosis", "excess kurtosis", func(s *RunStats) float64 { return s.Kurtosis }},
	{"hill", "Hill tail index", func(s *RunStats) float64 { return s.Hill }},
	{"csn_alpha", "CSN density exponent α", func(s *RunStats) float64 { return s.CSNAlpha }},
	{"drawdown", "max drawdown (log)", func(s *RunStats) float64 { return s.Drawdown }},
	{"mispricing", "mean |p − f|", func(s *RunStats) float64 { return s.Mispricing }},
	{"error_corr", "forecast-error correlation", func(s *RunStats) float64 { return s.ErrorCorr }},
	{"forecast_corr", "forecast correlation", func(s *RunStats) float64 { return s.ForecastCorr }},
	{"fail_all", "all traders wrong (fraction of steps)", func(s *RunStats) float64 { return s.FailAll }},
	{"overdispersion", "failure-count overdispersion", func(s *RunStats) float64 { return s.Overdispersion }},
	{"mse", "forecast MSE / σₙ²", func(s *RunStats) float64 { return s.MSE }},
}

// computeStats measures one run: r are the scored returns, gap the
// mispricings p − f, fc the tracked traders' forecasts (n×m row-major,
// row t the forecasts of r[t]).
func computeStats(r, gap, fc []float64, m int, noise, crashK float64) RunStats {
	n := len(r)
	var s RunStats
	mean, sd, _, ek := finance.Moments(r)
	s.Volatility, s.Kurtosis = sd, ek
	abs := make([]float64, n)
	for i, v := range r {
		abs[i] = math.Abs(v - mean)
	}
	s.Hill, s.CSNAlpha = math.NaN(), math.NaN()
	if k := max(10, n/20); k < n {
		if h, err := statphys.HillEstimator(abs, k); err == nil {
			s.Hill = h.TailIndex
		}
	}
	sorted := append([]float64(nil), abs...)
	sort.Float64s(sorted)
	if n >= 40 {
		if pl, err := statphys.FitPowerLaw(abs, &statphys.PowerLawOptions{XminMin: sorted[n/2], MinTail: 10}); err == nil {
			s.CSNAlpha = pl.Alpha
		}
	}
	peak, lp, crash, crashRel := 0.0, 0.0, 0, 0
	for i, v := range r {
		lp += v
		peak = math.Max(peak, lp)
		s.Drawdown = math.Max(s.Drawdown, peak-lp)
		if v < -crashK*noise {
			crash++
		}
		if v < mean-crashK*sd {
			crashRel++
		}
		s.Mispricing += math.Abs(gap[i])
	}
	s.Crash = float64(crash) / float64(n)
	s.CrashRel = float64(crashRel) / float64(n)
	s.Mispricing /= float64(n)
	s.ErrorCorr, s.ForecastCorr, s.FailAll, s.FailRatio, s.Overdispersion, s.MSE =
		math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN()
	if m < 1 || len(fc) != n*m {
		return s
	}
	errs := mat.NewDense(n, m, nil)
	fail := mat.NewDense(n, m, nil)
	mse := 0.0
	for t := 0; t < n; t++ {
		for j := 0; j < m; j++ {
			g := fc[t*m+j]
			e := g - r[t]
			errs.Set(t, j, e)
			mse += e * e
			if g*r[t] <= 0 {
				fail.Set(t, j, 1)
			}
		}
	}
	s.MSE = mse / float64(n*m) / (noise * noise)
	if m < 2 {
		return s
	}
	if c, err := homogenization.ErrorCorrelation(errs); err == nil {
		s.ErrorCorr = meanOffDiag(c)
	}
	if c, err := homogenization.ErrorCorrelation(mat.NewDense(n, m, append([]float64(nil), fc...))); err == nil {
		s.ForecastCorr = meanOffDiag(c)
	}
	if sys, err := homogenization.SystemicFailure(fail, nil); err == nil {
		s.FailAll, s.FailRatio, s.Overdispersion = sys.SystemicFailure, sys.FailureRatio, sys.Overdispersion
	}
	return s
}

// meanOffDiag averages the finite off-diagonal entries (NaN if none).
func meanOffDiag(c *mat.SymDense) float64 {
	m := c.SymmetricDim()
	sum, k := 0.0, 0
	for i := 0; i < m; i++ {
		for j := i + 1; j < m; j++ {
			if v := c.At(i, j); !math.IsNaN(v) {
				sum += v
				k++
			}
		}
	}
	if k == 0 {
		return math.NaN()
	}
	return sum / float64(k)
}

// meanSD returns the mean and sample standard deviation of the finite
// values of x (NaN when there are none; sd NaN below two).
func meanSD(x []float64) (mean, sd float64, n int) {
	for _, v := range x {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			mean += v
			n++
		}
	}
	if n == 0 {
		return math.NaN(), math.NaN(), 0
	}
	mean /= float64(n)
	if n < 2 {
		return mean, math.NaN(), n
	}
	for _, v := range x {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			sd += (v - mean) * (v - mean)
		}
	}
	return mean, math.Sqrt(sd / float64(n-1)), n
}

// WelchT returns Welch's t statistic of mean(b) − mean(a) and its
// two-sided p-value from the Student t distribution with the
// Welch-Satterthwaite degrees of freedom (NaN when undefined, e.g. both
// samples constant).
//
// Reference: Welch, B. L. (1947). The generalization of "Student's"
// problem when several different population variances are involved.
// Biometrika 34, 28-35.
func WelchT(a, b []float64) (t, p float64) {
	ma, sa, na := meanSD(a)
	mb, sb, nb := meanSD(b)
	if na < 2 || nb < 2 {
		return math.NaN(), math.NaN()
	}
	va, vb := sa*sa/float64(na), sb*sb/float64(nb)
	if va+vb == 0 {
		return math.NaN(), math.NaN()
	}
	t = (mb - ma) / math.Sqrt(va+vb)
	df := (va + vb) * (va + vb) / (va*va/float64(na-1) + vb*vb/float64(nb-1))
	st := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}
	return t, 2 * st.CDF(-math.Abs(t))
}

// SignFlip returns the two-sided p-value of the paired differences d
// (NaN entries dropped) under the sign-flip permutation null (symmetric
// about 0): exact over all 2ⁿ sign patterns for n ≤ 16, otherwise from b
// random patterns drawn with seed, counted as (1 + #{|S*| ≥ |S|})/(1 + b).
//
// Reference: Good, P. (2005). Permutation, Parametric and Bootstrap Tests
// of Hypotheses, 3rd ed. Springer (§3.1, the paired permutation test).
func SignFlip(d []float64, b int, seed uint64) float64 {
	var x []float64
	for _, v := range d {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			x = append(x, v)
		}
	}
	n := len(x)
	if n == 0 {
		return math.NaN()
	}
	obs := 0.0
	for _, v := range x {
		obs += v
	}
	obs = math.Abs(obs)
	const tol = 1e-12
	if n <= 16 {
		hits := 0
		for mask := 0; mask < 1<<n; mask++ {
			s := 0.0
			for i, v := range x {
				if mask>>i&1 == 1 {
					s -= v
				} else {
					s += v
				}
			}
			if math.Abs(s) >= obs*(1-tol) {
				hits++
			}
		}
		return float64(hits) / float64(int(1)<<n)
	}
	rng := rand.New(rand.NewPCG(seed, 0x7369676e))
	hits := 0
	for k := 0; k < b; k++ {
		s := 0.0
		for _, v := range x {
			if rng.IntN(2) == 1 {
				s -= v
			} else {
				s += v
			}
		}
		if math.Abs(s) >= obs*(1-tol) {
			hits++
		}
	}
	return float64(1+hits) / float64(1+b)
}
