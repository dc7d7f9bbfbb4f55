package market

import (
	"math"
	"sort"
)

// Sample statistics used by the tests.

func mean(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

// centralMoments returns the sample variance and kurtosis m4/m2² about the
// sample mean.
func centralMoments(x []float64) (variance, kurtosis float64) {
	mu := mean(x)
	var m2, m4 float64
	for _, v := range x {
		d := (v - mu) * (v - mu)
		m2 += d
		m4 += d * d
	}
	n := float64(len(x))
	m2 /= n
	m4 /= n
	return m2, m4 / (m2 * m2)
}

// acf is the sample autocorrelation of x at lag k (biased estimator).
func acf(x []float64, k int) float64 {
	mu := mean(x)
	var num, den float64
	for i, v := range x {
		d := v - mu
		den += d * d
		if i+k < len(x) {
			num += d * (x[i+k] - mu)
		}
	}
	return num / den
}

func absAll(x []float64) []float64 {
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = math.Abs(v)
	}
	return out
}

// hill is Hill's (1975) estimator of the tail index α of |x| from the k
// largest absolute values: 1/α = (1/k) Σ_{i<k} ln(|x|_(i)/|x|_(k)).
func hill(x []float64, k int) float64 {
	a := absAll(x)
	sort.Sort(sort.Reverse(sort.Float64Slice(a)))
	var s float64
	for i := 0; i < k; i++ {
		s += math.Log(a[i] / a[k])
	}
	return float64(k) / s
}
