package chaos

import (
	"fmt"
	"math"
	"sort"
)

// maxPermOrder is the largest order of PermutationEntropy (10! patterns).
const maxPermOrder = 10

// PermutationEntropy returns the permutation entropy of order m and
// delay tau of x (Bandt & Pompe 2002): each window (x_i, x_{i+τ}, …,
// x_{i+(m−1)τ}) is mapped to the permutation that sorts it (equal values
// ordered by their position), and
//
//	H = −Σ_π p(π) ln p(π)   (nats),   h = H / ln(m!)   ∈ [0, 1].
//
// It returns H and the normalised h. A monotone series has H = 0; white
// noise has h → 1. m must be in [2, 10] and tau ≥ 1; x needs at least
// (m−1)τ + m! points (one window per possible pattern), far more for a
// good estimate.
//
// References:
//
//	Bandt, C. & Pompe, B. (2002). Permutation entropy: a natural
//	  complexity measure for time series. Phys. Rev. Lett. 88, 174102.
func PermutationEntropy(x []float64, m, tau int) (h, hNorm float64, err error) {
	if m < 2 || m > maxPermOrder || tau < 1 {
		return 0, 0, fmt.Errorf("chaos: PermutationEntropy: order m=%d must be in [2, %d] and delay tau=%d ≥ 1", m, maxPermOrder, tau)
	}
	fact := 1
	for k := 2; k <= m; k++ {
		fact *= k
	}
	if err := checkSeries("PermutationEntropy", x, (m-1)*tau+fact); err != nil {
		return 0, 0, err
	}
	nw := len(x) - (m-1)*tau
	counts := map[int]int{}
	var dense []int
	if fact <= 40320 { // m ≤ 8: a slice is cheaper than a map
		dense = make([]int, fact)
	}
	// Lehmer code: digit i counts later window entries strictly smaller
	// than entry i (ties keep positional order), weighted by (m−1−i)!.
	w := make([]int, m)
	w[m-1] = 1
	for i := m - 2; i >= 0; i-- {
		w[i] = w[i+1] * (m - 1 - i)
	}
	for s := 0; s < nw; s++ {
		code := 0
		for i := 0; i < m-1; i++ {
			vi := x[s+i*tau]
			c := 0
			for j := i + 1; j < m; j++ {
				if x[s+j*tau] < vi {
					c++
				}
			}
			code += c * w[i]
		}
		if dense != nil {
			dense[code]++
		} else {
			counts[code]++
		}
	}
	add := func(c int) {
		if c > 0 {
			p := float64(c) / float64(nw)
			h -= p * math.Log(p)
		}
	}
	for _, c := range dense {
		add(c)
	}
	for _, c := range counts {
		add(c)
	}
	h = math.Max(h, 0)
	return h, h / math.Log(float64(fact)), nil
}

// SampleEntropy returns the sample entropy SampEn(m, r) of x (Richman &
// Moorman 2000):
//
//	SampEn = −ln(A / B),
//
// where B is the number of pairs of templates (x_i … x_{i+m−1}) and A the
// number of pairs of templates of length m+1, i < j, whose Chebyshev
// distance is ≤ r; self-matches are excluded and the same N−m template
// starts are used for both lengths. r ≤ 0 takes 0.2 times the standard
// deviation of x. With no matches (A = 0 or B = 0) it returns +Inf and an
// error wrapping ErrUndefined. At least m+2 points are needed; in
// practice 10^m to 20^m (Pincus 1991).
//
// Matches are found after sorting templates by their first value, so
// only pairs within r in that coordinate are compared.
//
// References:
//
//	Richman, J. S. & Moorman, J. R. (2000). Physiological time-series
//	  analysis using approximate entropy and sample entropy. Am. J.
//	  Physiol. Heart Circ. Physiol. 278, H2039-H2049.
func SampleEntropy(x []float64, m int, r float64) (float64, error) {
	if m < 1 {
		return 0, fmt.Errorf("chaos: SampleEntropy: template length m=%d must be ≥ 1", m)
	}
	if err := checkSeries("SampleEntropy", x, m+2); err != nil {
		return 0, err
	}
	if math.IsNaN(r) || math.IsInf(r, 0) {
		return 0, fmt.Errorf("chaos: SampleEntropy: tolerance r=%v must be finite", r)
	}
	if r <= 0 {
		r = 0.2 * sampleStd(x)
	}
	a, b := sampEnCounts(x, m, r, nil)
	if a == 0 || b == 0 {
		return math.Inf(1), fmt.Errorf("chaos: SampleEntropy: %d matches of length %d and %d of length %d within r=%g (increase r or the series length): %w",
			b, m, a, m+1, r, ErrUndefined)
	}
	return -math.Log(float64(a) / float64(b)), nil
}

// sampEnCounts returns A (matches of length m+1) and B (length m); order
// is a reusable buffer.
func sampEnCounts(x []float64, m int, r float64, order []int32) (a, b int64) {
	nt := len(x) - m
	if cap(order) < nt {
		order = make([]int32, nt)
	}
	order = order[:nt]
	for i := range order {
		order[i] = int32(i)
	}
	sort.Slice(order, func(p, q int) bool { return x[order[p]] < x[order[q]] })
	for p := 0; p < nt; p++ {
		i := int(order[p])
		xi := x[i]
		for q := p + 1; q < nt; q++ {
			j := int(order[q])
			if x[j]-xi > r {
				break
			}
			match := true
			for k := 1; k < m; k++ {
				if math.Abs(x[i+k]-x[j+k]) > r {
					match = false
					break
				}
			}
			if !match {
				continue
			}
			b++
			if math.Abs(x[i+m]-x[j+m]) <= r {
				a++
			}
		}
	}
	return a, b
}

// MultiscaleEntropy returns the multiscale entropy of x (Costa,
// Goldberger & Peng 2002): for each scale s = 1 … maxScale the series is
// coarse-grained into non-overlapping means y_j = (1/s) Σ x_{(j−1)s+1 …
// js}, and SampleEntropy(y, m, r) is computed with r fixed for all scales
// (r ≤ 0: 0.15 times the standard deviation of x, as Costa et al.).
// Scales whose coarse series is too short or has no matches give NaN.
//
// References:
//
//	Costa, M., Goldberger, A. L. & Peng, C.-K. (2002). Multiscale entropy
//	  analysis of complex physiologic time series. Phys. Rev. Lett. 89,
//	  068102.
func MultiscaleEntropy(x []float64, m, maxScale int, r float64) ([]float64, error) {
	if m < 1 || maxScale < 1 {
		return nil, fmt.Errorf("chaos: MultiscaleEntropy: m=%d and maxScale=%d must be ≥ 1", m, maxScale)
	}
	if err := checkSeries("MultiscaleEntropy", x, m+2); err != nil {
		return nil, err
	}
	if math.IsNaN(r) || math.IsInf(r, 0) {
		return nil, fmt.Errorf("chaos: MultiscaleEntropy: tolerance r=%v must be finite", r)
	}
	if r <= 0 {
		r = 0.15 * sampleStd(x)
	}
	out := make([]float64, maxScale)
	y := make([]float64, len(x))
	var order []int32
	for s := 1; s <= maxScale; s++ {
		n := len(x) / s
		y = y[:n]
		for j := range y {
			var sum float64
			for _, v := range x[j*s : (j+1)*s] {
				sum += v
			}
			y[j] = sum / float64(s)
		}
		out[s-1] = math.NaN()
		if n < m+2 {
			continue
		}
		if order == nil {
			order = make([]int32, len(x))
		}
		a, b := sampEnCounts(y, m, r, order)
		if a > 0 && b > 0 {
			out[s-1] = -math.Log(float64(a) / float64(b))
		}
	}
	return out, nil
}
