package adapt

import (
	"fmt"
	"math"
	"strings"
)

// Detector watches a stream of numbers (here: a model's forecast errors)
// for a change in its distribution.
type Detector interface {
	// Add consumes the next value and reports whether a change was
	// detected at it. A detector restarts by itself after reporting one
	// (PageHinkley forgets everything, ADWIN keeps the recent sub-window),
	// so the next alarm is about a further change.
	Add(x float64) bool
	// Reset forgets everything seen.
	Reset()
}

// PageHinkley is the Page-Hinkley test for an increase of the mean:
//
//	m_T = α m_{T−1} + (x_T − x̄_T − δ),   M_T = min_{t≤T} m_t,
//
// with x̄_T the mean of x_1..x_T, signalling a change when m_T − M_T > λ.
// δ (Delta) is the magnitude of change that is tolerated, λ (Lambda) the
// alarm threshold and α (Alpha) a fading factor (Gama et al. 2013) that
// lets old deviations be forgotten; α = 1 is the original cumulative sum.
// For i.i.d. values with standard deviation σ a mean shift of Δ > δ is
// detected after about λ/(Δ − δ) values. After an alarm the test
// restarts. The zero value is not usable: set Delta ≥ 0, Lambda > 0 and
// Alpha ∈ (0, 1] (0 means 1).
//
// References:
//
//	Page, E. S. (1954). Continuous inspection schemes. Biometrika 41,
//	  100-115.
//	Hinkley, D. V. (1971). Inference about the change-point from
//	  cumulative sum tests. Biometrika 58, 509-523.
//	Gama, J., Sebastião, R. & Rodrigues, P. P. (2013). On evaluating
//	  stream learning algorithms. Machine Learning 90, 317-346 (the
//	  fading-factor form).
type PageHinkley struct {
	Delta, Lambda, Alpha float64

	n        int
	mean     float64
	cum, min float64
}

// Add consumes x (NaN is ignored) and reports an alarm.
func (d *PageHinkley) Add(x float64) bool {
	if math.IsNaN(x) {
		return false
	}
	if !(d.Lambda > 0) || d.Delta < 0 || d.Alpha < 0 || d.Alpha > 1 {
		panic(fmt.Sprintf("adapt: PageHinkley needs Delta ≥ 0, Lambda > 0 and Alpha in [0, 1], got %+v", *d))
	}
	a := d.Alpha
	if a == 0 {
		a = 1
	}
	d.n++
	d.mean += (x - d.mean) / float64(d.n)
	d.cum = a*d.cum + (x - d.mean - d.Delta)
	if d.n == 1 || d.cum < d.min {
		d.min = d.cum
	}
	if d.cum-d.min > d.Lambda {
		d.Reset()
		return true
	}
	return false
}

// Reset restarts the test.
func (d *PageHinkley) Reset() { d.n, d.mean, d.cum, d.min = 0, 0, 0, 0 }

// Statistic is the current m_T − M_T.
func (d *PageHinkley) Statistic() float64 { return d.cum - d.min }

// ADWIN is the adaptive windowing change detector ADWIN2 of Bifet &
// Gavaldà (2007): it keeps a window W of recent values, compressed into
// an exponential histogram (at most M buckets of each size 2^i, so
// O(M log |W|) buckets), and after each value checks every split of W at
// a bucket boundary into an older part W0 and a newer W1. When the means
// differ by more than
//
//	ε_cut = sqrt((2/m) σ²_W ln(2/δ')) + (2/(3m)) ln(2/δ'),
//	m = 1/(1/n0 + 1/n1),  δ' = δ/|W|,
//
// (the variance-aware bound of their Sect. 3, σ²_W the variance of W) the
// oldest bucket is dropped, and the check repeats until no split differs:
// the window shrinks to the part since the change. Add reports whether
// anything was dropped. The cost of Add is O(M log |W|).
//
// With IncreaseOnly a drop is reported only when the newer part has the
// larger mean (an error stream that gets worse); the window is cut either
// way. MinLen (default 5) is the shortest sub-window a split may leave, a
// practical guard as in MOA's implementation; Clock (default 1) checks
// only every Clock values.
//
// The zero value with Delta set is ready to use (Delta 0 means 0.002).
//
// References:
//
//	Bifet, A. & Gavaldà, R. (2007). Learning from time-changing data with
//	  adaptive windowing. Proc. SIAM Int. Conf. on Data Mining (SDM),
//	  443-448.
type ADWIN struct {
	// Delta is the confidence δ ∈ (0, 1) (0 means 0.002).
	Delta float64
	// M is the number of buckets kept per size (0 means 5).
	M int
	// MinLen is the minimum length of each side of a cut (0 means 5).
	MinLen int
	// Clock checks for a cut every Clock values (0 means 1).
	Clock int
	// IncreaseOnly reports only increases of the mean.
	IncreaseOnly bool

	levels [][]bucket // levels[i] holds buckets of 2^i values, oldest first
	width  int
	total  float64 // sum of the window
	varsum float64 // sum of squared deviations from the window mean
	ticks  int
}

// bucket summarises 2^level consecutive values: their sum and the sum of
// squared deviations from their mean.
type bucket struct {
	sum, varsum float64
}

func (d *ADWIN) params() (delta float64, m, minLen, clock int) {
	delta, m, minLen, clock = d.Delta, d.M, d.MinLen, d.Clock
	if delta == 0 {
		delta = 0.002
	}
	if m == 0 {
		m = 5
	}
	if minLen == 0 {
		minLen = 5
	}
	if clock == 0 {
		clock = 1
	}
	if !(delta > 0 && delta < 1) || m < 2 || minLen < 1 || clock < 1 {
		panic(fmt.Sprintf("adapt: ADWIN needs Delta in (0, 1), M ≥ 2, MinLen ≥ 1 and Clock ≥ 1, got Delta=%v M=%d MinLen=%d Clock=%d",
			d.Delta, d.M, d.MinLen, d.Clock))
	}
	return
}

// Width is the current window length.
func (d *ADWIN) Width() int { return d.width }

// Mean is the mean of the current window (NaN when empty).
func (d *ADWIN) Mean() float64 {
	if d.width == 0 {
		return math.NaN()
	}
	return d.total / float64(d.width)
}

// Reset empties the window.
func (d *ADWIN) Reset() {
	d.levels = d.levels[:0]
	d.width, d.total, d.varsum, d.ticks = 0, 0, 0, 0
}

// Add inserts x (NaN is ignored) and reports whether the window was cut.
func (d *ADWIN) Add(x float64) bool {
	if math.IsNaN(x) {
		return false
	}
	delta, m, minLen, clock := d.params()
	d.insert(x, m)
	d.ticks++
	if d.ticks%clock != 0 {
		return false
	}
	changed := false
	for d.width >= 2*minLen {
		cut, up := d.findCut(delta, minLen)
		if !cut {
			break
		}
		d.dropOldest()
		if up || !d.IncreaseOnly {
			changed = true
		}
	}
	return changed
}

// insert adds x as a new bucket of size 1 and merges overfull levels.
func (d *ADWIN) insert(x float64, m int) {
	if d.width > 0 {
		mu := d.total / float64(d.width)
		n := float64(d.width)
		// Welford: the squared deviations grow by n/(n+1)·(x − μ)².
		d.varsum += n / (n + 1) * (x - mu) * (x - mu)
	}
	d.width++
	d.total += x
	if len(d.levels) == 0 {
		d.levels = append(d.levels, nil)
	}
	d.levels[0] = append(d.levels[0], bucket{sum: x})
	for i := 0; i < len(d.levels) && len(d.levels[i]) > m; i++ {
		a, b := d.levels[i][0], d.levels[i][1]
		n := math.Ldexp(1, i) // size of each
		ma, mb := a.sum/n, b.sum/n
		merged := bucket{sum: a.sum + b.sum, varsum: a.varsum + b.varsum + n/2*(ma-mb)*(ma-mb)}
		lv := d.levels[i]
		copy(lv, lv[2:])
		d.levels[i] = lv[:len(lv)-2]
		if i+1 == len(d.levels) {
			d.levels = append(d.levels, nil)
		}
		d.levels[i+1] = append(d.levels[i+1], merged)
	}
}

// findCut scans the splits from the oldest bucket on and reports whether
// some split's means differ by more than ε_cut, and whether the newer
// part's mean is the larger there.
func (d *ADWIN) findCut(delta float64, minLen int) (cut, up bool) {
	w := float64(d.width)
	variance := d.varsum / w
	lnTerm := math.Log(2 * w / delta) // ln(2/δ'), δ' = δ/|W|
	var n0, s0 float64
	for i := len(d.levels) - 1; i >= 0; i-- {
		size := math.Ldexp(1, i)
		for _, b := range d.levels[i] {
			n0 += size
			s0 += b.sum
			n1 := w - n0
			if n1 < float64(minLen) {
				return false, false
			}
			if n0 < float64(minLen) {
				continue
			}
			mu0, mu1 := s0/n0, (d.total-s0)/n1
			mm := 1 / (1/n0 + 1/n1)
			eps := math.Sqrt(2/mm*variance*lnTerm) + 2/(3*mm)*lnTerm
			if math.Abs(mu0-mu1) > eps {
				return true, mu1 > mu0
			}
		}
	}
	return false, false
}

// dropOldest removes the oldest bucket from the window.
func (d *ADWIN) dropOldest() {
	top := len(d.levels) - 1
	for top >= 0 && len(d.levels[top]) == 0 {
		top--
	}
	if top < 0 {
		return
	}
	b := d.levels[top][0]
	lv := d.levels[top]
	copy(lv, lv[1:])
	d.levels[top] = lv[:len(lv)-1]
	d.levels = d.levels[:top+1]
	for len(d.levels) > 0 && len(d.levels[len(d.levels)-1]) == 0 {
		d.levels = d.levels[:len(d.levels)-1]
	}
	nb := math.Ldexp(1, top)
	n := float64(d.width)
	rest := n - nb
	if rest <= 0 {
		d.width, d.total, d.varsum = 0, 0, 0
		d.levels = d.levels[:0]
		return
	}
	mb := b.sum / nb
	mr := (d.total - b.sum) / rest
	d.varsum -= b.varsum + nb*rest/n*(mb-mr)*(mb-mr)
	if d.varsum < 0 {
		d.varsum = 0
	}
	d.width -= int(nb)
	d.total -= b.sum
}

// DetectorNames lists the names NewDetector accepts.
func DetectorNames() []string { return []string{"page-hinkley", "adwin", "none"} }

// NewDetector returns a factory of the named detector with its default
// settings for standardised error streams (see Evaluate):
// "page-hinkley" is PageHinkley{Delta: 0.5, Lambda: 50, Alpha: 1} (a
// shift of one calibration standard deviation is detected after about 100
// values), "adwin" is ADWIN{Delta: 0.002, IncreaseOnly: true}, "none"
// (or "") gives a nil factory.
func NewDetector(name string) (func() Detector, error) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "page-hinkley", "ph", "pagehinkley":
		return func() Detector { return &PageHinkley{Delta: 0.5, Lambda: 50, Alpha: 1} }, nil
	case "adwin":
		return func() Detector { return &ADWIN{Delta: 0.002, IncreaseOnly: true} }, nil
	case "none", "":
		return nil, nil
	}
	return nil, fmt.Errorf("unknown detector %q (detectors: %s)", name, strings.Join(DetectorNames(), ", "))
}
