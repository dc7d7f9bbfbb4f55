package chaos

import "math"

// kdLeaf is the maximum number of points in a leaf of the k-d tree.
const kdLeaf = 12

// kdTree is a static k-d tree over a point set with bounding boxes in
// every node (Bentley 1975; Friedman, Bentley & Finkel 1977). Points are
// copied in tree order for cache locality; idx maps tree order back to
// row indices. Queries exclude temporal neighbours |i−j| ≤ w (a Theiler
// window) and support the maximum and the Euclidean norm. nearest and
// within traverse with the tree's own stack and must not run
// concurrently; countPairs takes the caller's stack and may.
type kdTree struct {
	dim   int
	pts   []float64 // points in tree order, row-major
	idx   []int32   // row index of each tree-ordered point
	nodes []kdNode
	box   []float64 // per node: dim minima then dim maxima
	stack []int32
}

type kdNode struct {
	lo, hi      int32 // tree-order range [lo, hi)
	left, right int32 // children, -1 for a leaf
	imin, imax  int32 // smallest and largest row index below the node
}

// newKDTree builds a tree over the first n rows of p.
func newKDTree(p Points, n int) *kdTree {
	d := p.Dim
	t := &kdTree{dim: d, idx: make([]int32, n)}
	for i := range t.idx {
		t.idx[i] = int32(i)
	}
	t.build(p, 0, n)
	t.pts = make([]float64, n*d)
	for k, i := range t.idx {
		copy(t.pts[k*d:(k+1)*d], p.X[int(i)*d:(int(i)+1)*d])
	}
	t.stack = make([]int32, 0, 64)
	return t
}

func (t *kdTree) build(p Points, lo, hi int) int32 {
	d := p.Dim
	id := int32(len(t.nodes))
	t.nodes = append(t.nodes, kdNode{lo: int32(lo), hi: int32(hi), left: -1, right: -1})
	t.box = append(t.box, make([]float64, 2*d)...)
	b := t.box[len(t.box)-2*d:]
	for k := 0; k < d; k++ {
		b[k], b[d+k] = math.Inf(1), math.Inf(-1)
	}
	for _, i := range t.idx[lo:hi] {
		row := p.X[int(i)*d : (int(i)+1)*d]
		for k, v := range row {
			b[k] = math.Min(b[k], v)
			b[d+k] = math.Max(b[d+k], v)
		}
	}
	imin, imax := t.idx[lo], t.idx[lo]
	for _, i := range t.idx[lo:hi] {
		imin, imax = min(imin, i), max(imax, i)
	}
	t.nodes[id].imin, t.nodes[id].imax = imin, imax
	if hi-lo <= kdLeaf {
		return id
	}
	split, ext := 0, -1.0
	for k := 0; k < d; k++ {
		if e := b[d+k] - b[k]; e > ext {
			split, ext = k, e
		}
	}
	if ext <= 0 {
		return id // all points coincide
	}
	mid := (lo + hi) / 2
	selectKth(t.idx[lo:hi], mid-lo, func(i int32) float64 { return p.X[int(i)*d+split] })
	l := t.build(p, lo, mid)
	r := t.build(p, mid, hi)
	t.nodes[id].left, t.nodes[id].right = l, r
	return id
}

// boxDist is a lower bound of the distance from q to node n's box
// (squared for the Euclidean norm).
func (t *kdTree) boxDist(q []float64, n int32, maxNorm bool) float64 {
	d := t.dim
	b := t.box[int(n)*2*d : (int(n)+1)*2*d]
	var s float64
	for k, v := range q {
		var g float64
		if v < b[k] {
			g = b[k] - v
		} else if v > b[d+k] {
			g = v - b[d+k]
		}
		if maxNorm {
			if g > s {
				s = g
			}
		} else {
			s += g * g
		}
	}
	return s
}

// dist is the distance (squared for the Euclidean norm) between q and the
// tree-ordered point k, abandoning the sum once it exceeds bound.
func (t *kdTree) dist(q []float64, k int, maxNorm bool, bound float64) float64 {
	p := t.pts[k*t.dim : (k+1)*t.dim]
	var s float64
	if maxNorm {
		for j, v := range q {
			g := math.Abs(v - p[j])
			if g > s {
				s = g
				if s > bound {
					return s
				}
			}
		}
		return s
	}
	for j, v := range q {
		g := v - p[j]
		s += g * g
		if s > bound {
			return s
		}
	}
	return s
}

// nearest returns the row index and distance of the nearest neighbour of
// q among rows j with |j−self| > w (self < 0 excludes nothing), or −1 when
// there is none. The Euclidean distance is returned unsquared.
func (t *kdTree) nearest(q []float64, self, w int, maxNorm bool) (int, float64) {
	best, bd := -1, math.Inf(1)
	t.stack = append(t.stack[:0], 0)
	for len(t.stack) > 0 {
		n := t.stack[len(t.stack)-1]
		t.stack = t.stack[:len(t.stack)-1]
		if t.boxDist(q, n, maxNorm) >= bd {
			continue
		}
		nd := &t.nodes[n]
		if nd.left < 0 {
			for k := int(nd.lo); k < int(nd.hi); k++ {
				j := int(t.idx[k])
				if self >= 0 && j-self <= w && self-j <= w {
					continue
				}
				if dd := t.dist(q, k, maxNorm, bd); dd < bd {
					best, bd = j, dd
				}
			}
			continue
		}
		// Push the farther child first so the nearer is searched first.
		dl, dr := t.boxDist(q, nd.left, maxNorm), t.boxDist(q, nd.right, maxNorm)
		if dl <= dr {
			t.stack = append(t.stack, nd.right, nd.left)
		} else {
			t.stack = append(t.stack, nd.left, nd.right)
		}
	}
	if best >= 0 && !maxNorm {
		bd = math.Sqrt(bd)
	}
	return best, bd
}

// within calls visit(j, d) for every row j ≥ jmin with |j−self| > w
// (self < 0 excludes nothing) whose distance d from q is below r (d < r;
// the Euclidean distance is passed squared, compared with r²).
func (t *kdTree) within(q []float64, r float64, self, w, jmin int, maxNorm bool, visit func(j int, d float64)) {
	bound := r
	if !maxNorm {
		bound = r * r
	}
	t.stack = append(t.stack[:0], 0)
	for len(t.stack) > 0 {
		n := t.stack[len(t.stack)-1]
		t.stack = t.stack[:len(t.stack)-1]
		nd := &t.nodes[n]
		if int(nd.imax) < jmin || self >= 0 && int(nd.imin) >= self-w && int(nd.imax) <= self+w {
			continue // every row below is excluded
		}
		if t.boxDist(q, n, maxNorm) >= bound {
			continue
		}
		if nd.left < 0 {
			for k := int(nd.lo); k < int(nd.hi); k++ {
				j := int(t.idx[k])
				if j < jmin || self >= 0 && j-self <= w && self-j <= w {
					continue
				}
				if dd := t.dist(q, k, maxNorm, bound); dd < bound {
					visit(j, dd)
				}
			}
			continue
		}
		t.stack = append(t.stack, nd.left, nd.right)
	}
}

// binOf is the smallest b with x < radii[b] (len(radii) when none).
func binOf(radii []float64, x float64) int {
	lo, hi := 0, len(radii)
	for lo < hi {
		mid := (lo + hi) >> 1
		if x < radii[mid] {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// countPairs adds to hist[b] the number of rows j ≥ jmin with |j−self| >
// w whose maximum-norm distance d from q satisfies radii[b−1] ≤ d <
// radii[b] (radii increasing; pairs with d ≥ the last radius are not
// counted).
// stack is the caller's traversal buffer (returned for reuse), so
// several goroutines can query one tree.
func (t *kdTree) countPairs(q []float64, self, w, jmin int, radii []float64, hist []int64, stack []int32) []int32 {
	rmax := radii[len(radii)-1]
	dim := t.dim
	stack = append(stack[:0], 0)
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		nd := &t.nodes[n]
		if int(nd.imax) < jmin || int(nd.imin) >= self-w && int(nd.imax) <= self+w {
			continue
		}
		b := t.box[int(n)*2*dim : (int(n)+1)*2*dim]
		var g float64
		for c, v := range q {
			g = max(g, b[c]-v, v-b[dim+c])
		}
		if g >= rmax {
			continue
		}
		if nd.left >= 0 {
			stack = append(stack, nd.left, nd.right)
			continue
		}
		for k := int(nd.lo); k < int(nd.hi); k++ {
			j := int(t.idx[k])
			if j < jmin || j-self <= w && self-j <= w {
				continue
			}
			pt := t.pts[k*dim : (k+1)*dim]
			var d float64
			for c, v := range q {
				d = max(d, math.Abs(v-pt[c]))
			}
			if d < rmax {
				hist[binOf(radii, d)]++
			}
		}
	}
	return stack
}

// selectKth partially orders idx so that idx[k] has the k-th smallest key,
// with smaller-or-equal keys before it and larger-or-equal after
// (Hoare's quickselect with a median-of-three pivot).
func selectKth(idx []int32, k int, key func(int32) float64) {
	lo, hi := 0, len(idx)-1
	for hi > lo {
		m := lo + (hi-lo)/2
		// Median of three to idx[m].
		if key(idx[m]) < key(idx[lo]) {
			idx[m], idx[lo] = idx[lo], idx[m]
		}
		if key(idx[hi]) < key(idx[lo]) {
			idx[hi], idx[lo] = idx[lo], idx[hi]
		}
		if key(idx[hi]) < key(idx[m]) {
			idx[hi], idx[m] = idx[m], idx[hi]
		}
		pv := key(idx[m])
		i, j := lo, hi
		for i <= j {
			for key(idx[i]) < pv {
				i++
			}
			for key(idx[j]) > pv {
				j--
			}
			if i <= j {
				idx[i], idx[j] = idx[j], idx[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return
		}
	}
}
