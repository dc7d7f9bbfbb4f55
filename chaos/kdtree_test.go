package chaos

import (
	"math"
	"sort"
	"testing"
)

// Exact: nearest-neighbour and radius queries of the k-d tree agree with
// brute force, for both norms, with Theiler windows, on data with ties.
func TestKDTreeQueries(t *testing.T) {
	for _, dim := range []int{1, 2, 5} {
		x := uniform(dim*500, uint64(20+dim))
		for i := range x[:dim*100] {
			x[i] = math.Round(x[i]*8) / 8 // ties
		}
		p := Points{X: x, Dim: dim}
		n := p.Len()
		tr := newKDTree(p, n)
		dist := func(i, j int, maxNorm bool) float64 {
			var s float64
			for c := 0; c < dim; c++ {
				d := math.Abs(p.Row(i)[c] - p.Row(j)[c])
				if maxNorm {
					s = math.Max(s, d)
				} else {
					s += d * d
				}
			}
			if !maxNorm {
				s = math.Sqrt(s)
			}
			return s
		}
		for _, maxNorm := range []bool{true, false} {
			for _, w := range []int{0, 7} {
				for i := 0; i < n; i += 13 {
					j, d := tr.nearest(p.Row(i), i, w, maxNorm)
					best := math.Inf(1)
					for k := 0; k < n; k++ {
						if k-i > w || i-k > w {
							best = math.Min(best, dist(i, k, maxNorm))
						}
					}
					if math.Abs(d-best) > 1e-12 || math.Abs(dist(i, j, maxNorm)-d) > 1e-12 {
						t.Fatalf("dim %d max %v w %d: nearest of %d is %d at %v, brute force %v", dim, maxNorm, w, i, j, d, best)
					}
					r := 0.2
					var got, want []int
					tr.within(p.Row(i), r, i, w, 0, maxNorm, func(j int, _ float64) { got = append(got, j) })
					for k := 0; k < n; k++ {
						if (k-i > w || i-k > w) && dist(i, k, maxNorm) < r {
							want = append(want, k)
						}
					}
					sort.Ints(got)
					if len(got) != len(want) {
						t.Fatalf("dim %d max %v w %d: %d points within %v of %d, brute force %d", dim, maxNorm, w, len(got), r, i, len(want))
					}
					for k := range got {
						if got[k] != want[k] {
							t.Fatalf("within: %v, brute force %v", got, want)
						}
					}
				}
			}
		}
	}
}
