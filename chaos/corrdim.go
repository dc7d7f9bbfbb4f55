package chaos

import (
	"fmt"
	"math"
	"runtime"
	"sync"
)

// CorrelationSum returns the correlation sum of the point set p at each
// radius (radii sorted increasing, all > 0):
//
//	C(r) = #{(i, j) : j − i > w, ‖x_i − x_j‖∞ < r} / #{(i, j) : j − i > w},
//
// with the maximum norm and the Theiler window w = theiler (pairs closer
// in time are excluded; theiler < 0 is taken as 0, i = j always being
// excluded). Pairs are found with a k-d tree, so the cost is about
// N log N plus the number of pairs closer than the largest radius.
//
// References:
//
//	Grassberger, P. & Procaccia, I. (1983). Characterization of strange
//	  attractors. Phys. Rev. Lett. 50, 346-349; Measuring the
//	  strangeness of strange attractors. Physica D 9, 189-208.
//	Theiler, J. (1986). Spurious dimension from correlation algorithms
//	  applied to limited time-series data. Phys. Rev. A 34, 2427-2432.
func CorrelationSum(p Points, radii []float64, theiler int) ([]float64, error) {
	if len(radii) == 0 {
		panic("chaos: CorrelationSum needs at least one radius")
	}
	for i, r := range radii {
		if !(r > 0) || math.IsInf(r, 0) || (i > 0 && r <= radii[i-1]) {
			panic(fmt.Sprintf("chaos: CorrelationSum radii must be positive, finite and increasing (radius %d is %v)", i, r))
		}
	}
	w := max(theiler, 0)
	if err := checkPoints("CorrelationSum", p, w+2); err != nil {
		return nil, err
	}
	cnt, total := pairCounts(p, radii, w)
	out := make([]float64, len(radii))
	for k, c := range cnt {
		out[k] = float64(c) / float64(total)
	}
	return out, nil
}

// pairCounts returns the cumulative pair counts below each radius and the
// number of admissible pairs.
func pairCounts(p Points, radii []float64, w int) ([]int64, int64) {
	n := p.Len()
	tr := newKDTree(p, n)
	// Reference points are dealt round-robin to one worker per CPU; the
	// integer counts are summed, so the result does not depend on the
	// number of workers.
	workers := max(1, min(runtime.GOMAXPROCS(0), n/1000))
	hists := make([][]int64, workers)
	var wg sync.WaitGroup
	for g := range hists {
		hists[g] = make([]int64, len(radii))
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			stack := make([]int32, 0, 64)
			for i := g; i < n; i += workers {
				stack = tr.countPairs(p.Row(i), i, w, i+w+1, radii, hists[g], stack)
			}
		}(g)
	}
	wg.Wait()
	hist := hists[0]
	for _, h := range hists[1:] {
		for k, v := range h {
			hist[k] += v
		}
	}
	for k := 1; k < len(hist); k++ {
		hist[k] += hist[k-1]
	}
	m := int64(n - w)
	return hist, m * (m - 1) / 2
}

// CorrDimOptions tunes CorrelationDimension. The zero value (or nil)
// gives the documented defaults.
type CorrDimOptions struct {
	// RMax is the largest radius (0: half the largest standard deviation
	// of the coordinates, beyond which C(r) saturates on typical
	// attractors; the cost grows with the number of pairs closer than
	// RMax) and RMin the smallest (0: RMax/1000).
	RMin, RMax float64
	// Radii is the number of radii, log-spaced (0: 32).
	Radii int
	// Theiler excludes pairs with |i−j| ≤ Theiler (0: the mean period of
	// the first non-constant coordinate, see MeanPeriod; negative: none).
	Theiler int
	// MinPairs is the number of pairs a radius needs to enter the
	// scaling region (0: 1000; below it C(r) is dominated by counting
	// noise).
	MinPairs int
	// SlopeTol is the relative tolerance of the scaling region (0: 0.1).
	SlopeTol float64
}

// CorrDim is the result of CorrelationDimension.
type CorrDim struct {
	// Dim is the least-squares slope of ln C against ln r over the
	// scaling region R[Lo … Hi]; StdErr is its standard error from the
	// fit (statistical, not systematic).
	Dim, StdErr float64
	// R are the radii, C the correlation sums, Count the pair counts and
	// Slope the local slopes (central differences of ln C against ln r;
	// NaN where undefined or the count is below MinPairs).
	R, C, Slope []float64
	Count       []int64
	Lo, Hi      int
	Theiler     int
}

// CorrelationDimension estimates the correlation dimension D2 of a point
// set by Grassberger & Procaccia's (1983) method: the correlation sum
// C(r) (CorrelationSum, maximum norm, Theiler window) is computed at
// log-spaced radii and D2 is the slope of ln C against ln r over the
// scaling region, chosen automatically by the rule:
//
//	the longest run of at least 4 consecutive radii, each with at least
//	MinPairs pairs, whose local slopes (central differences of ln C
//	against ln r) all lie within SlopeTol·m of the run's median m > 0
//	(ties: the smaller largest deviation).
//
// To embed a scalar series first use Embed (with EstimateEmbedding). On
// an error wrapping ErrNoScaling the returned result still holds the
// curve. At least 10 points beyond twice the Theiler window are needed,
// thousands for a meaningful estimate (Eckmann & Ruelle 1992: N must
// exceed roughly 10^{D2/2} by a wide margin).
//
// References:
//
//	Grassberger, P. & Procaccia, I. (1983). Measuring the strangeness of
//	  strange attractors. Physica D 9, 189-208.
//	Theiler, J. (1986). Phys. Rev. A 34, 2427-2432.
//	Eckmann, J.-P. & Ruelle, D. (1992). Fundamental limitations for
//	  estimating dimensions and Lyapunov exponents in dynamical systems.
//	  Physica D 56, 185-187.
func CorrelationDimension(p Points, opt *CorrDimOptions) (*CorrDim, error) {
	var o CorrDimOptions
	if opt != nil {
		o = *opt
	}
	if err := checkPoints("CorrelationDimension", p, 10); err != nil {
		return nil, err
	}
	if o.Theiler == 0 {
		o.Theiler = pointsTheiler(p)
	}
	w := max(o.Theiler, 0)
	if n := p.Len(); n < 2*w+10 {
		return nil, fmt.Errorf("chaos: CorrelationDimension needs at least %d points with Theiler window %d, got %d: %w", 2*w+10, w, n, ErrTooShort)
	}
	if o.Radii == 0 {
		o.Radii = 32
	}
	if o.MinPairs == 0 {
		o.MinPairs = 1000
	}
	if o.SlopeTol == 0 {
		o.SlopeTol = 0.1
	}
	if o.RMax == 0 {
		for j := 0; j < p.Dim; j++ {
			_, s := meanStd(p.Column(j))
			o.RMax = math.Max(o.RMax, s/2)
		}
	}
	if o.RMin == 0 {
		o.RMin = o.RMax / 1000
	}
	if !(o.RMin > 0) || !(o.RMax > o.RMin) || math.IsInf(o.RMax, 0) || o.Radii < 4 || o.SlopeTol < 0 || o.MinPairs < 0 {
		return nil, fmt.Errorf("chaos: CorrelationDimension: need 0 < RMin < RMax (got %v, %v), at least 4 radii (got %d), non-negative tolerance and pair count", o.RMin, o.RMax, o.Radii)
	}
	radii := logspace(o.RMin, o.RMax, o.Radii)
	cnt, total := pairCounts(p, radii, w)
	res := &CorrDim{R: radii, C: make([]float64, len(radii)), Slope: make([]float64, len(radii)), Count: cnt, Theiler: w, Lo: -1, Hi: -1,
		Dim: math.NaN(), StdErr: math.NaN()}
	lr := make([]float64, len(radii))
	lc := make([]float64, len(radii))
	for k := range radii {
		res.C[k] = float64(cnt[k]) / float64(total)
		lr[k] = math.Log(radii[k])
		lc[k] = math.Log(res.C[k])
	}
	for k := range radii {
		res.Slope[k] = math.NaN()
		if k == 0 || k == len(radii)-1 || cnt[k-1] < int64(max(o.MinPairs, 1)) {
			continue
		}
		res.Slope[k] = (lc[k+1] - lc[k-1]) / (lr[k+1] - lr[k-1])
	}
	a, b, ok := longestRun(res.Slope, o.SlopeTol, 4, true)
	if !ok {
		return res, fmt.Errorf("chaos: CorrelationDimension: no 4 consecutive radii with ≥ %d pairs have local slopes within %.0f%% of their median: %w", o.MinPairs, 100*o.SlopeTol, ErrNoScaling)
	}
	res.Lo, res.Hi = a, b
	res.Dim, _, res.StdErr, _ = linFit(lr[a:b+1], lc[a:b+1])
	return res, nil
}
