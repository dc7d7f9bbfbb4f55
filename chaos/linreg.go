package chaos

import (
	"fmt"
	"math"
)

// Parameters of LinearRegion's rule.
const (
	lrRise    = 0.9 // the growth phase ends when the curve has risen by this fraction of the way to its plateau
	lrGridMax = 32  // at most this many grid intervals over the growth phase
	lrWindow  = 8   // local slopes span 2/lrWindow of the growth phase (2 intervals at least)
)

// LinearRegion chooses the fit range [lo, hi] (inclusive indices) of a
// curve y(x) that rises linearly and then saturates, such as the
// divergence curves of Rosenstein and Kantz. The rule:
//
//  1. The plateau P is the median of y over the last quarter of the
//     curve; the growth phase [0, g] ends at the first index g where y
//     has risen by 90% of the way from y(0) to P.
//  2. [0, g] is divided by G+1 grid points into G = min(g, 32) equal
//     intervals; the local slope at grid point i is the least-squares
//     slope of y over the samples from grid point i−h to i+h, h =
//     max(1, round(G/8)) (so each slope spans about a quarter of the
//     growth phase, which averages out oscillations of flows).
//  3. The region is the longest run of consecutive grid points whose
//     local slopes all lie within tol·m of the run's median m > 0, with
//     at least 4 points (ties: the smaller largest deviation); [lo, hi]
//     spans the samples the run's slopes used.
//
// tol ≤ 0 takes 0.25. Points after the first NaN are ignored. It returns
// an error wrapping ErrNoScaling when no run qualifies (for example a
// curve that never grows).
func LinearRegion(x, y []float64, tol float64) (lo, hi int, err error) {
	if len(x) != len(y) {
		panic(fmt.Sprintf("chaos: LinearRegion with %d abscissae and %d values", len(x), len(y)))
	}
	if tol <= 0 {
		tol = 0.25
	}
	n := len(y)
	for k, v := range y {
		if math.IsNaN(v) {
			n = k
			break
		}
	}
	if n < 6 {
		return 0, 0, fmt.Errorf("a curve of %d defined points is too short for a linear region: %w", n, ErrNoScaling)
	}
	plateau := median(y[n-max(n/4, 1) : n])
	if !(plateau > y[0]) {
		return 0, 0, fmt.Errorf("the curve does not grow (start %.4g, plateau %.4g): %w", y[0], plateau, ErrNoScaling)
	}
	level := y[0] + lrRise*(plateau-y[0])
	g := n - 1
	for k := 1; k < n; k++ {
		if y[k] >= level {
			g = k
			break
		}
	}
	G := min(g, lrGridMax)
	if G < 5 {
		return 0, 0, fmt.Errorf("the growth phase of the curve (%d points) is too short: %w", g+1, ErrNoScaling)
	}
	h := max(1, int(math.Round(float64(G)/lrWindow)))
	grid := make([]int, G+1)
	for i := range grid {
		grid[i] = int(math.Round(float64(i) * float64(g) / float64(G)))
	}
	slopes := make([]float64, G+1)
	for i := range slopes {
		a, b := grid[max(i-h, 0)], grid[min(i+h, G)]
		slopes[i], _, _, _ = linFit(x[a:b+1], y[a:b+1])
	}
	a, b, ok := longestRun(slopes, tol, 4, true)
	if !ok {
		return 0, 0, fmt.Errorf("no run of local slopes agrees within %.0f%% of its median: %w", 100*tol, ErrNoScaling)
	}
	return grid[max(a-h, 0)], grid[min(b+h, G)], nil
}

// longestRun finds the longest run s[a..b] (at least minLen values) with
// every value within tol·|m| of the run's median m (and m > 0 when
// positive is set). Ties go to the run with the smaller largest relative
// deviation. NaN values break runs.
func longestRun(s []float64, tol float64, minLen int, positive bool) (a, b int, ok bool) {
	bestLen, bestDev := 0, math.Inf(1)
	buf := make([]float64, 0, len(s))
	for i := range s {
		for j := i + minLen - 1; j < len(s); j++ {
			buf = append(buf[:0], s[i:j+1]...)
			bad := false
			for _, v := range buf {
				if math.IsNaN(v) {
					bad = true
					break
				}
			}
			if bad {
				break
			}
			m := median(buf)
			if positive && !(m > 0) {
				continue
			}
			dev := 0.0
			for _, v := range buf {
				dev = math.Max(dev, math.Abs(v-m))
			}
			if dev > tol*math.Abs(m) {
				continue
			}
			l := j - i + 1
			rel := dev / math.Abs(m)
			if l > bestLen || (l == bestLen && rel < bestDev) {
				a, b, bestLen, bestDev, ok = i, j, l, rel, true
			}
		}
	}
	return a, b, ok
}
