package chaos

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
)

// RQAOptions tunes RecurrenceQuantification. The zero value (or nil)
// gives the documented defaults.
type RQAOptions struct {
	// Epsilon is the recurrence threshold (maximum norm). 0 chooses it so
	// the recurrence rate is about TargetRate: the TargetRate-quantile of
	// the distances of all admissible pairs (when there are at most
	// 200 000) or of 200 000 pairs drawn with a fixed seed.
	Epsilon float64
	// TargetRate is the recurrence rate the automatic Epsilon aims at
	// (0: 0.05).
	TargetRate float64
	// Theiler excludes the band |i−j| ≤ Theiler around the main diagonal
	// (0: only the line of identity i = j, as Marwan et al. 2007
	// recommend at least).
	Theiler int
	// LMin and VMin are the minimum diagonal and vertical line lengths
	// (0: 2).
	LMin, VMin int
}

// RQA holds recurrence quantification measures.
type RQA struct {
	// Epsilon is the threshold used; RR the recurrence rate.
	Epsilon, RR float64
	// DET is the fraction of recurrence points on diagonal lines of
	// length ≥ LMin; L their mean length; LMax the longest diagonal line;
	// ENTR the Shannon entropy (nats) of the diagonal line-length
	// distribution (lines ≥ LMin).
	DET, L, ENTR float64
	LMax         int
	// LAM is the fraction of recurrence points on vertical lines of
	// length ≥ VMin; TT (trapping time) their mean length; VMax the
	// longest.
	LAM, TT float64
	VMax    int
	// Diag[l] and Vert[l] count the diagonal and vertical lines of length
	// exactly l (index 0 unused).
	Diag, Vert []int64
}

// RecurrenceQuantification computes the recurrence plot
//
//	R_ij = Θ(ε − ‖x_i − x_j‖∞),   |i − j| > Theiler,
//
// of a point set (a trajectory, or a delay embedding of a series made
// with Embed) and its quantification (Zbilut & Webber 1992; Marwan et
// al. 2007):
//
//	RR   = Σ R_ij / #admissible pairs,
//	DET  = Σ_{l≥lmin} l P(l) / Σ_l l P(l),    L = Σ_{l≥lmin} l P(l) / Σ_{l≥lmin} P(l),
//	LAM  = Σ_{v≥vmin} v P(v) / Σ_v v P(v),    TT = Σ_{v≥vmin} v P(v) / Σ_{v≥vmin} P(v),
//	ENTR = −Σ_{l≥lmin} p(l) ln p(l),
//
// with P(l) and P(v) the histograms of diagonal and vertical line lengths
// over the whole (symmetric) plot; lines are cut by the Theiler band and
// the plot's edges. The plot is scanned row by row in O(N²) time and O(N)
// memory, without storing it. At least 2(Theiler+1) + 10 points are
// needed. Ratios with a zero denominator are NaN.
//
// References:
//
//	Marwan, N., Romano, M. C., Thiel, M. & Kurths, J. (2007). Recurrence
//	  plots for the analysis of complex systems. Phys. Rep. 438, 237-329.
//	Zbilut, J. P. & Webber, C. L. (1992). Embeddings and delays as
//	  derived from quantification of recurrence plots. Phys. Lett. A 171,
//	  199-203.
func RecurrenceQuantification(p Points, opt *RQAOptions) (*RQA, error) {
	var o RQAOptions
	if opt != nil {
		o = *opt
	}
	if o.Theiler < 0 || o.LMin < 0 || o.VMin < 0 || o.Epsilon < 0 || math.IsNaN(o.Epsilon) || o.TargetRate < 0 || o.TargetRate >= 1 {
		return nil, fmt.Errorf("chaos: RecurrenceQuantification: need Theiler, LMin, VMin, Epsilon ≥ 0 and TargetRate in [0, 1) (got %d, %d, %d, %v, %v)",
			o.Theiler, o.LMin, o.VMin, o.Epsilon, o.TargetRate)
	}
	w := o.Theiler
	if err := checkPoints("RecurrenceQuantification", p, 2*(w+1)+10); err != nil {
		return nil, err
	}
	if o.LMin == 0 {
		o.LMin = 2
	}
	if o.VMin == 0 {
		o.VMin = 2
	}
	if o.TargetRate == 0 {
		o.TargetRate = 0.05
	}
	n := p.Len()
	eps := o.Epsilon
	if eps == 0 {
		eps = rqaEpsilon(p, w, o.TargetRate)
	}
	res := &RQA{Epsilon: eps, Diag: make([]int64, n+1), Vert: make([]int64, n+1)}
	prev := make([]int32, n) // diagonal run lengths ending at (i−1, j)
	cur := make([]int32, n)
	vert := make([]int32, n) // vertical run lengths ending at (i, j)
	var rec int64
	for i := 0; i < n; i++ {
		xi := p.Row(i)
		// The diagonal ending at (i−1, n−1) cannot continue.
		if prev[n-1] > 0 {
			res.Diag[prev[n-1]]++
		}
		for j := 0; j < n; j++ {
			r := false
			if j-i > w || i-j > w {
				xj := p.Row(j)
				var d float64
				for c, v := range xi {
					d = math.Max(d, math.Abs(v-xj[c]))
					if d > eps {
						break
					}
				}
				r = d <= eps
			}
			var up int32
			if j > 0 {
				up = prev[j-1]
			}
			if r {
				rec++
				cur[j] = up + 1
				vert[j]++
			} else {
				cur[j] = 0
				if up > 0 {
					res.Diag[up]++
				}
				if vert[j] > 0 {
					res.Vert[vert[j]]++
					vert[j] = 0
				}
			}
		}
		prev, cur = cur, prev
	}
	for j := 0; j < n; j++ {
		if prev[j] > 0 {
			res.Diag[prev[j]]++
		}
		if vert[j] > 0 {
			res.Vert[vert[j]]++
		}
	}
	adm := int64(n)*int64(n) - int64(n)
	for k := 1; k <= w && k < n; k++ {
		adm -= 2 * int64(n-k)
	}
	res.RR = float64(rec) / float64(adm)
	var tot, det, ndet, lam, nlam float64
	for l := 1; l <= n; l++ {
		dl, vl := float64(res.Diag[l]), float64(res.Vert[l])
		tot += float64(l) * dl
		if l >= o.LMin && dl > 0 {
			det += float64(l) * dl
			ndet += dl
			res.LMax = l
		}
		if l >= o.VMin && vl > 0 {
			lam += float64(l) * vl
			nlam += vl
			res.VMax = l
		}
	}
	res.DET, res.L, res.LAM, res.TT = math.NaN(), math.NaN(), math.NaN(), math.NaN()
	if tot > 0 {
		res.DET = det / tot
		res.LAM = lam / tot // Σ v P(v) over all v equals the recurrence count too
	}
	if ndet > 0 {
		res.L = det / ndet
		for l := o.LMin; l <= n; l++ {
			if res.Diag[l] > 0 {
				q := float64(res.Diag[l]) / ndet
				res.ENTR -= q * math.Log(q)
			}
		}
	}
	if nlam > 0 {
		res.TT = lam / nlam
	}
	return res, nil
}

// rqaPairs is the number of pair distances behind the automatic ε.
const rqaPairs = 200000

// rqaEpsilon is the rate-quantile of admissible pair distances (maximum
// norm), exact up to rqaPairs pairs and from rqaPairs seeded random pairs
// above.
func rqaEpsilon(p Points, w int, rate float64) float64 {
	n := p.Len()
	dist := func(i, j int) float64 {
		a, b := p.Row(i), p.Row(j)
		var d float64
		for c := range a {
			d = math.Max(d, math.Abs(a[c]-b[c]))
		}
		return d
	}
	var ds []float64
	if pairs := (n - w) * (n - w - 1) / 2; pairs <= rqaPairs {
		for i := 0; i < n; i++ {
			for j := i + w + 1; j < n; j++ {
				ds = append(ds, dist(i, j))
			}
		}
	} else {
		rng := rand.New(rand.NewPCG(1, 0x8ec))
		for len(ds) < rqaPairs {
			i, j := rng.IntN(n), rng.IntN(n)
			if j-i > w || i-j > w {
				ds = append(ds, dist(i, j))
			}
		}
	}
	sort.Float64s(ds)
	k := min(int(rate*float64(len(ds))), len(ds)-1)
	return ds[k]
}
