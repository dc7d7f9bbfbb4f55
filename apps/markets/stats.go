package markets

import (
	"math"
	"sort"

	"github.com/emergo/emergo/statphys"
)

func mean(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

// std is the sample standard deviation (n−1); NaN for fewer than 2 values.
func std(x []float64) float64 {
	if len(x) < 2 {
		return math.NaN()
	}
	m := mean(x)
	s := 0.0
	for _, v := range x {
		s += (v - m) * (v - m)
	}
	return math.Sqrt(s / float64(len(x)-1))
}

// excessKurtosis is m4/m2² − 3 with population moments.
func excessKurtosis(x []float64) float64 {
	m := mean(x)
	var m2, m4 float64
	for _, v := range x {
		d := (v - m) * (v - m)
		m2 += d
		m4 += d * d
	}
	m2 /= float64(len(x))
	m4 /= float64(len(x))
	return m4/(m2*m2) - 3
}

// corr is Pearson's correlation; NaN when either series is constant.
func corr(a, b []float64) float64 {
	ma, mb := mean(a), mean(b)
	var sab, saa, sbb float64
	for i := range a {
		da, db := a[i]-ma, b[i]-mb
		sab += da * db
		saa += da * da
		sbb += db * db
	}
	if saa == 0 || sbb == 0 {
		return math.NaN()
	}
	return sab / math.Sqrt(saa*sbb)
}

// hillTail is the Hill tail index of |x| from its top 5% (at least 10).
func hillTail(x []float64) float64 {
	a := make([]float64, len(x))
	for i, v := range x {
		a[i] = math.Abs(v)
	}
	k := max(10, len(a)/20)
	h, err := statphys.HillEstimator(a, k)
	if err != nil {
		return math.NaN()
	}
	return h.TailIndex
}

// maxDrawdown is the largest fall of the log price from a running peak.
func maxDrawdown(p []float64) float64 {
	peak, dd := math.Inf(-1), 0.0
	for _, v := range p {
		peak = max(peak, v)
		dd = max(dd, peak-v)
	}
	return dd
}

func stats(run *Run, c Config, pred [][]float64, real []float64) Stats {
	r := run.Returns[run.Warmup:]
	p := run.Price[run.Warmup:]
	var s Stats
	s.Volatility = std(r)
	s.Kurtosis = excessKurtosis(r)
	s.TailIndex = hillTail(r)
	crash := 0
	for _, v := range r {
		if v < -c.CrashK*c.Noise {
			crash++
		}
	}
	s.Crashes = float64(crash) / float64(len(r))
	s.Drawdown = maxDrawdown(p)
	mis := 0.0
	for t := run.Warmup; t < len(run.Price); t++ {
		mis += math.Abs(run.Price[t] - run.Fundamental[t])
	}
	s.Mispricing = mis / float64(len(run.Price)-run.Warmup)
	d := run.Demand[run.Warmup:]
	s.Herding = corr(d[1:], d[:len(d)-1])
	// Forecast errors of the tracked traders: their mean pairwise
	// correlation (constant error series, which cannot correlate, are left
	// out) and their mean squared error in units of σₙ².
	errs := make([][]float64, len(pred))
	mse := 0.0
	for k, ps := range pred {
		e := make([]float64, len(ps))
		for t := range ps {
			e[t] = ps[t] - real[t]
			mse += e[t] * e[t]
		}
		errs[k] = e
	}
	n := 0
	for _, ps := range pred {
		n += len(ps)
	}
	s.ForecastMSE = mse / float64(max(n, 1)) / (c.Noise * c.Noise)
	s.ErrCorr = meanPairCorr(errs)
	s.PredCorr = meanPairCorr(pred)
	return s
}

// meanPairCorr is the mean correlation over pairs of series (pairs with a
// constant series, which cannot correlate, are left out; NaN if none).
func meanPairCorr(x [][]float64) float64 {
	sum, pairs := 0.0, 0
	for a := range x {
		for b := a + 1; b < len(x); b++ {
			if v := corr(x[a], x[b]); !math.IsNaN(v) {
				sum += v
				pairs++
			}
		}
	}
	if pairs == 0 {
		return math.NaN()
	}
	return sum / float64(pairs)
}

// signFlipTest is the two-sided paired permutation test of mean(d) = 0 by
// random sign flips (exact enumeration for up to 16 pairs).
func signFlipTest(d []float64, seed uint64) float64 {
	var clean []float64
	for _, v := range d {
		if !math.IsNaN(v) {
			clean = append(clean, v)
		}
	}
	n := len(clean)
	if n == 0 {
		return math.NaN()
	}
	obs := math.Abs(mean(clean))
	count, total := 0, 0
	if n <= 16 {
		for mask := 0; mask < 1<<n; mask++ {
			s := 0.0
			for i, v := range clean {
				if mask&(1<<i) != 0 {
					v = -v
				}
				s += v
			}
			if math.Abs(s/float64(n)) >= obs-1e-15 {
				count++
			}
			total++
		}
		return float64(count) / float64(total)
	}
	r := newRand(seed)
	const reps = 20000
	for range reps {
		s := 0.0
		for _, v := range clean {
			if r.IntN(2) == 0 {
				v = -v
			}
			s += v
		}
		if math.Abs(s/float64(n)) >= obs-1e-15 {
			count++
		}
	}
	return float64(count+1) / float64(reps+1)
}

// quantile of sorted-copy x at q (linear interpolation).
func quantile(x []float64, q float64) float64 {
	s := append([]float64(nil), x...)
	sort.Float64s(s)
	pos := q * float64(len(s)-1)
	i := int(pos)
	if i >= len(s)-1 {
		return s[len(s)-1]
	}
	return s[i] + (pos-float64(i))*(s[i+1]-s[i])
}
