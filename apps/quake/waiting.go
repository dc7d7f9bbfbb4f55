package quake

import (
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"
)

// Waiting is the statistics of the waiting (inter-event) times of a
// sequence of events.
type Waiting struct {
	// N is the number of positive waiting times analysed; Zeros counts
	// the zero intervals (simultaneous origin times) left out.
	N, Zeros int
	// Mean is the mean waiting time (input units) and Rate = 1/Mean the
	// mean rate R of Corral (2004).
	Mean, Rate float64
	// CV is the coefficient of variation σ/μ: 1 for a Poisson process
	// (exponential waiting times), above 1 for clustered (bursty)
	// occurrence, below 1 for quasi-periodic occurrence.
	CV float64
	// Theta are the rescaled times θ = R·τ (mean 1), ascending.
	Theta []float64
	// GammaShape γ and GammaScale a of the gamma density fitted to θ by
	// maximum likelihood, f(θ) = θ^(γ−1) e^(−θ/a) / (Γ(γ) a^γ); γ = 1 is
	// the exponential. Corral (2004) finds γ ≈ 0.7 for rescaled
	// earthquake waiting times of many regions and magnitude thresholds.
	GammaShape, GammaScale float64
	// KSExp and PExp are the Kolmogorov-Smirnov distance of θ from the
	// unit exponential and its asymptotic p-value; KSGamma and PGamma the
	// same for the fitted gamma. Both p-values ignore that parameters were
	// fitted, so they are conservative (too large; Lilliefors 1969).
	KSExp, PExp, KSGamma, PGamma float64
	// LR is the likelihood-ratio statistic 2(ℓ_gamma − ℓ_exp) of the gamma
	// against the nested exponential (both fitted by maximum likelihood)
	// and PLR its χ²₁ p-value (Wilks 1938): a small PLR rejects Poisson
	// occurrence in favour of the gamma.
	LR, PLR float64
}

// AnalyzeWaiting computes the statistics of the waiting times tau (any
// positive time unit): mean, rate, coefficient of variation, the rescaled
// times θ = R·τ of Corral (2004), the maximum-likelihood gamma fit, the
// Kolmogorov-Smirnov distances from the exponential and the gamma, and
// the likelihood-ratio test of the gamma against the exponential.
//
// Zero intervals are counted in Zeros and left out (the gamma density and
// the logarithms need positive values). Errors: fewer than 3 positive
// values, negative or non-finite values (naming the index).
//
// References:
//
//	Corral, Á. (2004). Long-term clustering, scaling, and universality in
//	  the temporal occurrence of earthquakes. Phys. Rev. Lett. 92, 108501.
//	Lilliefors, H. W. (1969). On the Kolmogorov-Smirnov test for the
//	  exponential distribution with mean unknown. J. Am. Stat. Assoc. 64,
//	  387-389.
//	Wilks, S. S. (1938). The large-sample distribution of the likelihood
//	  ratio for testing composite hypotheses. Ann. Math. Statist. 9, 60-62.
func AnalyzeWaiting(tau []float64) (*Waiting, error) {
	w := &Waiting{}
	x := make([]float64, 0, len(tau))
	for i, v := range tau {
		switch {
		case math.IsNaN(v) || math.IsInf(v, 0):
			return nil, fmt.Errorf("quake: waiting time at index %d is %v", i, v)
		case v < 0:
			return nil, fmt.Errorf("quake: waiting time at index %d is negative (%v); events must be in ascending time", i, v)
		case v == 0:
			w.Zeros++
		default:
			x = append(x, v)
		}
	}
	if len(x) < 3 {
		return nil, fmt.Errorf("quake: %d positive waiting times; need at least 3: %w", len(x), ErrTooFew)
	}
	w.N = len(x)
	var sd float64
	w.Mean, sd = meanSD(x)
	w.Rate = 1 / w.Mean
	w.CV = sd / w.Mean
	w.Theta = make([]float64, len(x))
	for i, v := range x {
		w.Theta[i] = v * w.Rate
	}
	sort.Float64s(w.Theta)
	var err error
	if w.GammaShape, w.GammaScale, err = FitGamma(w.Theta); err != nil {
		return nil, err
	}
	w.KSExp = ksDistance(w.Theta, func(t float64) float64 { return -math.Expm1(-t) })
	w.PExp = ksPValue(w.KSExp, w.N)
	g := distuv.Gamma{Alpha: w.GammaShape, Beta: 1 / w.GammaScale}
	w.KSGamma = ksDistance(w.Theta, g.CDF)
	w.PGamma = ksPValue(w.KSGamma, w.N)
	// Log-likelihoods of θ (mean 1): the fitted exponential has rate 1.
	n := float64(w.N)
	var sumLog, sum float64
	for _, t := range w.Theta {
		sumLog += math.Log(t)
		sum += t
	}
	lExp := -sum
	lg, _ := math.Lgamma(w.GammaShape)
	lGam := (w.GammaShape-1)*sumLog - sum/w.GammaScale - n*w.GammaShape*math.Log(w.GammaScale) - n*lg
	w.LR = math.Max(2*(lGam-lExp), 0)
	w.PLR = math.Erfc(math.Sqrt(w.LR / 2))
	return w, nil
}

// FitGamma returns the maximum-likelihood shape k and scale θ of a gamma
// density fitted to x (all positive): k solves ln k − ψ(k) = ln x̄ − ⟨ln x⟩
// (ψ the digamma function; the left side decreases strictly from +∞ to 0,
// so the root is unique and found by bisection in ln k), and θ = x̄/k.
//
// Errors: fewer than 2 values, a value ≤ 0 or non-finite (naming the
// index), or constant data (no finite shape).
//
// References:
//
//	Choi, S. C. & Wette, R. (1969). Maximum likelihood estimation of the
//	  parameters of the gamma distribution and their bias.
//	  Technometrics 11, 683-690.
func FitGamma(x []float64) (shape, scale float64, err error) {
	if len(x) < 2 {
		return 0, 0, fmt.Errorf("quake: FitGamma needs at least 2 values, got %d: %w", len(x), ErrTooFew)
	}
	var sum, sumLog float64
	for i, v := range x {
		if !(v > 0) || math.IsInf(v, 0) {
			return 0, 0, fmt.Errorf("quake: FitGamma: value at index %d is %v; need positive finite values", i, v)
		}
		sum += v
		sumLog += math.Log(v)
	}
	n := float64(len(x))
	mean := sum / n
	s := math.Log(mean) - sumLog/n
	if !(s > 1e-12) {
		return 0, 0, fmt.Errorf("quake: FitGamma: the values are (nearly) constant; no finite shape")
	}
	f := func(lk float64) float64 { k := math.Exp(lk); return lk - mathext.Digamma(k) - s }
	lo, hi := math.Log(1e-6), math.Log(1e8)
	for range 200 {
		mid := (lo + hi) / 2
		if f(mid) > 0 {
			lo = mid
		} else {
			hi = mid
		}
		if hi-lo < 1e-13 {
			break
		}
	}
	shape = math.Exp((lo + hi) / 2)
	return shape, mean / shape, nil
}

// ksDistance returns sup|S − F| between the empirical CDF of the sorted
// sample x and the CDF F.
func ksDistance(x []float64, cdf func(float64) float64) float64 {
	n := float64(len(x))
	var d float64
	for i, v := range x {
		f := cdf(v)
		d = math.Max(d, math.Max(float64(i+1)/n-f, f-float64(i)/n))
	}
	return d
}

// ksPValue is the asymptotic Kolmogorov p-value of distance d for n
// values, with Stephens' (1970) small-sample factor:
// Q(λ) = 2 Σ_{k≥1} (−1)^(k−1) e^(−2k²λ²), λ = (√n + 0.12 + 0.11/√n)·d.
func ksPValue(d float64, n int) float64 {
	sn := math.Sqrt(float64(n))
	l := (sn + 0.12 + 0.11/sn) * d
	if l < 0.2 {
		return 1
	}
	var q float64
	sign := 1.0
	for k := 1; k <= 100; k++ {
		t := sign * math.Exp(-2*float64(k*k)*l*l)
		q += t
		if math.Abs(t) < 1e-16 {
			break
		}
		sign = -sign
	}
	return math.Min(math.Max(2*q, 0), 1)
}

// LogDensity returns a histogram density estimate of the positive values
// x in logarithmic bins (perDecade bins per decade, from the smallest to
// the largest value): the geometric bin centres and count/(n·width) of
// the non-empty bins. It is the customary estimate of waiting-time
// densities that span decades (Corral 2004).
func LogDensity(x []float64, perDecade int) (centres, density []float64) {
	lo, hi := math.Inf(1), math.Inf(-1)
	n := 0
	for _, v := range x {
		if v > 0 && !math.IsInf(v, 0) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
			n++
		}
	}
	if n == 0 || perDecade < 1 {
		return nil, nil
	}
	l0 := math.Floor(math.Log10(lo)*float64(perDecade)) / float64(perDecade)
	nb := int(math.Ceil((math.Log10(hi)-l0)*float64(perDecade))) + 1
	counts := make([]int, nb)
	for _, v := range x {
		if v > 0 && !math.IsInf(v, 0) {
			k := int((math.Log10(v) - l0) * float64(perDecade))
			counts[min(max(k, 0), nb-1)]++
		}
	}
	for k, c := range counts {
		if c == 0 {
			continue
		}
		a := math.Pow(10, l0+float64(k)/float64(perDecade))
		b := math.Pow(10, l0+float64(k+1)/float64(perDecade))
		centres = append(centres, math.Sqrt(a*b))
		density = append(density, float64(c)/(float64(n)*(b-a)))
	}
	return centres, density
}
