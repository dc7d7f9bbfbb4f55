package finance

import (
	"fmt"
	"math"
	"slices"
)

// VolForecast holds one-step forecasts of the conditional mean and
// standard deviation of returns: Mu[i] and Sigma[i] are the forecasts
// for day Start+i, made with r[:Start+i] only. Any volatility model can
// fill one (GARCHWalkForward does).
type VolForecast struct {
	Start int
	// Mu holds the conditional means (nil: zero).
	Mu    []float64
	Sigma []float64
	// Nu, when not nil, holds the Student-t degrees of freedom of each
	// day's innovations (0: normal); it overrides the law given to
	// VolatilityVaR.
	Nu []float64
	// Refits records the parameters of each refit (GARCHWalkForward).
	Refits []GARCHRefit
}

// Len is the number of forecast days.
func (v *VolForecast) Len() int { return len(v.Sigma) }

// RiskForecast holds value-at-risk and expected-shortfall forecasts at
// one confidence level: VaR[i] and ES[i] are losses (positive numbers)
// for day Start+i, made with r[:Start+i] only, with
// P(r_t < −VaR_t) = 1 − Level and ES_t = −E[r_t | r_t ≤ −VaR_t].
type RiskForecast struct {
	Method  string
	Level   float64
	Start   int
	VaR, ES []float64
}

// Slice returns the forecasts of days [from, to) (views of VaR and ES,
// not copies), to compare methods over the same days. It panics if the
// range is not within the days rf covers.
func (rf *RiskForecast) Slice(from, to int) *RiskForecast {
	if from < rf.Start || to > rf.Start+len(rf.VaR) || from > to {
		panic(fmt.Sprintf("finance: RiskForecast.Slice(%d, %d) outside days [%d, %d)", from, to, rf.Start, rf.Start+len(rf.VaR)))
	}
	out := *rf
	out.Start = from
	out.VaR = rf.VaR[from-rf.Start : to-rf.Start]
	if len(rf.ES) == len(rf.VaR) {
		out.ES = rf.ES[from-rf.Start : to-rf.Start]
	}
	return &out
}

func checkLevel(fn string, level float64) error {
	if !(level > 0 && level < 1) {
		return fmt.Errorf("finance: %s: confidence level %v must be in (0, 1) (e.g. 0.99)", fn, level)
	}
	return nil
}

// tailCount is k = ⌈m(1−level)⌉ (at least 1), the number of order
// statistics in the lower tail of m values, robust to the rounding of
// m(1−level) (500·(1−0.95) is 25.000000000000004 in floating point).
func tailCount(m int, level float64) int {
	return max(1, int(math.Ceil(float64(m)*(1-level)-1e-9)))
}

// HistoricalVaR returns the historical-simulation VaR and ES of each day
// t = window..n−1 from the trailing window r[t−window:t]: with
// x_(1) ≤ … ≤ x_(m) the sorted window (m = window) and
// k = ⌈m(1−level)⌉,
//
//	VaR_t = −x_(k),   ES_t = −(1/k) Σ_{i=1}^{k} x_(i),
//
// the lower empirical quantile (the inverse of the empirical CDF at
// 1 − level) and the mean of the k worst returns. The window must hold
// at least ⌈1/(1−level)⌉ values, so that the tail has a value.
//
// Reference: McNeil, Frey & Embrechts (2015), §9.2.3.
func HistoricalVaR(r []float64, window int, level float64) (*RiskForecast, error) {
	const fn = "HistoricalVaR"
	if err := checkLevel(fn, level); err != nil {
		return nil, err
	}
	if need := int(math.Ceil(1/(1-level) - 1e-9)); window < need {
		return nil, fmt.Errorf("finance: %s: window %d is shorter than 1/(1−level) = %d days", fn, window, need)
	}
	if len(r) <= window {
		return nil, fmt.Errorf("finance: %s: %d returns leave no day after a window of %d: %w", fn, len(r), window, ErrTooShort)
	}
	if err := checkFinite(fn, "r", r); err != nil {
		return nil, err
	}
	k := tailCount(window, level)
	m := len(r) - window
	rf := &RiskForecast{Method: fmt.Sprintf("historical(%d)", window), Level: level, Start: window, VaR: make([]float64, m), ES: make([]float64, m)}
	// buf holds the current window sorted; each day one value leaves and
	// one enters (binary search and a shift of the slice).
	buf := make([]float64, window)
	copy(buf, r[:window])
	slices.Sort(buf)
	for i := 0; i < m; i++ {
		if i > 0 {
			j, _ := slices.BinarySearch(buf, r[i-1])
			buf = slices.Delete(buf, j, j+1)
			j, _ = slices.BinarySearch(buf, r[i+window-1])
			buf = slices.Insert(buf, j, r[i+window-1])
		}
		var s float64
		for _, v := range buf[:k] {
			s += v
		}
		rf.VaR[i] = -buf[k-1]
		rf.ES[i] = -s / float64(k)
	}
	return rf, nil
}

// VolatilityVaR turns volatility forecasts into VaR and ES: for day
// Start+i, with μ = v.Mu[i], σ = v.Sigma[i] and (q, e) = d.LowerTail(level)
// of the innovation law (v.Nu[i] when v.Nu is not nil, else d),
//
//	VaR = σq − μ,   ES = σe − μ.
//
// With GARCH forecasts and the normal law this is the GARCH-normal VaR.
//
// Reference: McNeil, Frey & Embrechts (2015), §9.2.4.
func VolatilityVaR(v *VolForecast, level float64, d Dist) (*RiskForecast, error) {
	const fn = "VolatilityVaR"
	if err := checkLevel(fn, level); err != nil {
		return nil, err
	}
	if err := d.check(fn); err != nil {
		return nil, err
	}
	m := len(v.Sigma)
	if v.Mu != nil && len(v.Mu) != m {
		return nil, fmt.Errorf("finance: %s: %d means for %d volatilities", fn, len(v.Mu), m)
	}
	if v.Nu != nil && len(v.Nu) != m {
		return nil, fmt.Errorf("finance: %s: %d degrees of freedom for %d volatilities", fn, len(v.Nu), m)
	}
	if v.Start < 0 {
		return nil, fmt.Errorf("finance: %s: negative start day %d", fn, v.Start)
	}
	rf := &RiskForecast{Method: "volatility-" + d.String(), Level: level, Start: v.Start, VaR: make([]float64, m), ES: make([]float64, m)}
	q, e := d.LowerTail(level)
	lastNu := d.Nu
	for i, s := range v.Sigma {
		if !(s > 0) || math.IsInf(s, 0) {
			return nil, fmt.Errorf("finance: %s: volatility of day %d is %v, must be positive and finite", fn, v.Start+i, s)
		}
		if v.Nu != nil && v.Nu[i] != lastNu {
			di := Dist{Nu: v.Nu[i]}
			if err := di.check(fn); err != nil {
				return nil, err
			}
			q, e = di.LowerTail(level)
			lastNu = v.Nu[i]
		}
		var mu float64
		if v.Mu != nil {
			mu = v.Mu[i]
		}
		rf.VaR[i] = s*q - mu
		rf.ES[i] = s*e - mu
	}
	return rf, nil
}

// Exceedances returns the hit sequence I_t = [r_t < −VaR_t] of the days
// rf covers (hit i is day rf.Start+i).
func Exceedances(r []float64, rf *RiskForecast) ([]bool, error) {
	if rf.Start < 0 || rf.Start+len(rf.VaR) > len(r) {
		return nil, fmt.Errorf("finance: Exceedances: forecasts of days %d..%d do not fit %d returns", rf.Start, rf.Start+len(rf.VaR)-1, len(r))
	}
	hits := make([]bool, len(rf.VaR))
	for i, v := range rf.VaR {
		hits[i] = r[rf.Start+i] < -v
	}
	return hits, nil
}

// Coverage is the outcome of a VaR backtest.
type Coverage struct {
	Level       float64
	N           int     // days tested
	Exceedances int     // x, the number of days with r_t < −VaR_t
	Expected    float64 // N(1 − Level)
	Rate        float64 // x/N
	// LRuc is Kupiec's unconditional-coverage statistic, PUC its χ²(1)
	// p-value (see Kupiec).
	LRuc, PUC float64
	// N00..N11 count the transitions of the hit sequence, N01 from no
	// hit to a hit (see Christoffersen).
	N00, N01, N10, N11 int
	// LRind is Christoffersen's independence statistic (χ²(1)) and
	// LRcc = LRuc + LRind his conditional-coverage statistic (χ²(2)).
	LRind, PInd, LRcc, PCC float64
	// ESRatio = Σ_hits (−r_t) / Σ_hits ES_t, the realised over the
	// predicted mean loss beyond VaR (about 1 when ES is calibrated;
	// NaN without hits or without ES forecasts).
	ESRatio float64
}

// BacktestVaR backtests the forecasts rf against the realised returns:
// the exceedances and the Kupiec and Christoffersen tests (CoverageTest).
func BacktestVaR(r []float64, rf *RiskForecast) (*Coverage, error) {
	hits, err := Exceedances(r, rf)
	if err != nil {
		return nil, err
	}
	c, err := CoverageTest(hits, rf.Level)
	if err != nil {
		return nil, err
	}
	c.ESRatio = math.NaN()
	if len(rf.ES) == len(rf.VaR) && c.Exceedances > 0 {
		var loss, es float64
		for i, h := range hits {
			if h {
				loss -= r[rf.Start+i]
				es += rf.ES[i]
			}
		}
		c.ESRatio = loss / es
	}
	return c, nil
}

// CoverageTest runs the coverage tests of a hit sequence for VaR at the
// given confidence level (expected hit rate π = 1 − level): Kupiec's
// unconditional coverage on all N hits, Christoffersen's independence on
// the N−1 transitions, and the conditional coverage LRcc = LRuc + LRind
// (Christoffersen 1998, eq. 10, which sums the two as here). ESRatio is
// NaN. It needs at least two hits.
func CoverageTest(hits []bool, level float64) (*Coverage, error) {
	if err := checkLevel("CoverageTest", level); err != nil {
		return nil, err
	}
	if len(hits) < 2 {
		return nil, fmt.Errorf("finance: CoverageTest: %d days are too few (need 2): %w", len(hits), ErrTooShort)
	}
	c := &Coverage{Level: level, N: len(hits), Expected: float64(len(hits)) * (1 - level), ESRatio: math.NaN()}
	for _, h := range hits {
		if h {
			c.Exceedances++
		}
	}
	c.Rate = float64(c.Exceedances) / float64(c.N)
	c.LRuc, c.PUC = Kupiec(c.N, c.Exceedances, level)
	c.LRind, c.PInd, c.N00, c.N01, c.N10, c.N11 = Christoffersen(hits)
	c.LRcc = c.LRuc + c.LRind
	c.PCC = chi2Survival2(c.LRcc)
	return c, nil
}

// Kupiec returns the proportion-of-failures likelihood-ratio statistic
// of x exceedances in n days for VaR at the given level (π = 1 − level,
// π̂ = x/n),
//
//	LR_uc = −2 ln[(1−π)^{n−x} π^x] + 2 ln[(1−π̂)^{n−x} π̂^x],
//
// with 0·ln 0 = 0, and its p-value under χ²(1), P = erfc(√(LR/2)). It
// panics unless 0 ≤ x ≤ n and n ≥ 1.
//
// Reference: Kupiec, P. H. (1995). Techniques for verifying the accuracy
// of risk measurement models. J. Derivatives 3(2), 73-84.
func Kupiec(n, x int, level float64) (lr, p float64) {
	if n < 1 || x < 0 || x > n {
		panic(fmt.Sprintf("finance: Kupiec with %d exceedances in %d days", x, n))
	}
	pi := 1 - level
	ph := float64(x) / float64(n)
	nx, fx := float64(n-x), float64(x)
	lr = -2*(xlogy(nx, 1-pi)+xlogy(fx, pi)) + 2*(xlogy(nx, 1-ph)+xlogy(fx, ph))
	lr = max(lr, 0)
	return lr, chi2Survival1(lr)
}

// Christoffersen returns the Markov independence test of a hit sequence
// I_0..I_{N−1}: with n_ij the number of days t ≥ 1 with I_{t−1} = i and
// I_t = j, π01 = n01/(n00+n01), π11 = n11/(n10+n11) and
// π̂ = (n01+n11)/(N−1),
//
//	LR_ind = −2 ln[(1−π̂)^{n00+n10} π̂^{n01+n11}]
//	         + 2 ln[(1−π01)^{n00} π01^{n01} (1−π11)^{n10} π11^{n11}],
//
// with 0·ln 0 = 0, its p-value under χ²(1) and the counts. It panics if
// len(hits) < 2.
//
// Reference: Christoffersen, P. F. (1998). Evaluating interval
// forecasts. Int. Econ. Rev. 39, 841-862, §3.
func Christoffersen(hits []bool) (lr, p float64, n00, n01, n10, n11 int) {
	if len(hits) < 2 {
		panic(fmt.Sprintf("finance: Christoffersen with %d days", len(hits)))
	}
	for t := 1; t < len(hits); t++ {
		switch {
		case !hits[t-1] && !hits[t]:
			n00++
		case !hits[t-1] && hits[t]:
			n01++
		case hits[t-1] && !hits[t]:
			n10++
		default:
			n11++
		}
	}
	f00, f01, f10, f11 := float64(n00), float64(n01), float64(n10), float64(n11)
	pi := (f01 + f11) / (f00 + f01 + f10 + f11)
	var pi01, pi11 float64
	if n00+n01 > 0 {
		pi01 = f01 / (f00 + f01)
	}
	if n10+n11 > 0 {
		pi11 = f11 / (f10 + f11)
	}
	l0 := xlogy(f00+f10, 1-pi) + xlogy(f01+f11, pi)
	l1 := xlogy(f00, 1-pi01) + xlogy(f01, pi01) + xlogy(f10, 1-pi11) + xlogy(f11, pi11)
	lr = max(-2*(l0-l1), 0)
	return lr, chi2Survival1(lr), n00, n01, n10, n11
}

// xlogy is x ln y with 0 ln 0 = 0.
func xlogy(x, y float64) float64 {
	if x == 0 {
		return 0
	}
	return x * math.Log(y)
}

// chi2Survival1 is P(χ²₁ > x) = erfc(√(x/2)).
func chi2Survival1(x float64) float64 { return math.Erfc(math.Sqrt(x / 2)) }

// chi2Survival2 is P(χ²₂ > x) = e^{−x/2}.
func chi2Survival2(x float64) float64 { return math.Exp(-x / 2) }
