package homogenization

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/mat"

	"github.com/emergo/emergo/homogenization/internal/gemm64"
)

// Metric is the neighbourhood metric of MutualKNN.
type Metric int

const (
	// Cosine ranks neighbours by the inner product of L2-normalised rows
	// (Huh et al. 2024's convention). Zero rows are left at zero.
	Cosine Metric = iota
	// Euclidean ranks neighbours by Euclidean distance.
	Euclidean
)

func (m Metric) String() string {
	switch m {
	case Cosine:
		return "cosine"
	case Euclidean:
		return "euclidean"
	}
	return fmt.Sprintf("Metric(%d)", int(m))
}

// MutualKNN is the mutual k-nearest-neighbour alignment of Huh et al.
// (2024): with N_X(i) the k nearest neighbours of row i among the other
// rows of x (and N_Y(i) likewise in y),
//
//	m_kNN = (1/n) Σ_i |N_X(i) ∩ N_Y(i)| / k.
//
// It is 1 when x and y induce the same neighbourhoods and, for unrelated
// representations, has expectation k/(n−1) (the overlap of two random
// k-subsets of the n−1 other rows). Ties are broken towards the smaller
// row index. Similarities are computed blockwise from X·Xᵀ, so memory is
// O(nd) and time O(n²d).
//
// Errors: ErrShape, ErrNotFinite, ErrTooFew (n ≤ k). It panics when
// k < 1 or the metric is unknown.
func MutualKNN(x, y *mat.Dense, k int, metric Metric) (float64, error) {
	if k < 1 {
		panic(fmt.Sprintf("homogenization: MutualKNN needs k ≥ 1, have %d", k))
	}
	if metric != Cosine && metric != Euclidean {
		panic(fmt.Sprintf("homogenization: unknown metric %v", metric))
	}
	rx, ry, err := pairChecked(x, y, k+1)
	if err != nil {
		return 0, err
	}
	nx := neighbours(rx, k, metric)
	ny := neighbours(ry, k, metric)
	n := rx.n
	var total int
	a := make([]int32, k)
	b := make([]int32, k)
	for i := 0; i < n; i++ {
		copy(a, nx[i*k:(i+1)*k])
		copy(b, ny[i*k:(i+1)*k])
		slices.Sort(a)
		slices.Sort(b)
		p, q := 0, 0
		for p < k && q < k {
			switch {
			case a[p] == b[q]:
				total++
				p++
				q++
			case a[p] < b[q]:
				p++
			default:
				q++
			}
		}
	}
	return float64(total) / (float64(n) * float64(k)), nil
}

// knnBlock is the number of query rows per similarity block.
const knnBlock = 96

// Neighbours returns the indices of the k nearest neighbours of every
// row of x among the other rows (n×k, row i nearest first; ties towards
// the smaller index) under metric. Errors and panics as in MutualKNN.
func Neighbours(x *mat.Dense, k int, metric Metric) ([]int32, error) {
	if k < 1 {
		panic(fmt.Sprintf("homogenization: Neighbours needs k ≥ 1, have %d", k))
	}
	rx, err := rawChecked("x", x)
	if err != nil {
		return nil, err
	}
	if rx.n <= k {
		return nil, fmt.Errorf("%w: %d rows, need more than k = %d", ErrTooFew, rx.n, k)
	}
	return neighbours(rx, k, metric), nil
}

func neighbours(m rawMat, k int, metric Metric) []int32 {
	n, d := m.n, m.d
	// Contiguous copy, normalised for cosine; bias[j] is the score
	// offset of candidate j: score = 2x_i·x_j − ‖x_j‖² for Euclidean
	// (larger is nearer), x_i·x_j for cosine.
	x := make([]float64, n*d)
	bias := make([]float64, n)
	scale := 1.0
	for i := 0; i < n; i++ {
		row := x[i*d : (i+1)*d]
		copy(row, m.row(i))
		if metric == Cosine {
			if s := math.Sqrt(dot(row, row)); s > 0 {
				for j := range row {
					row[j] /= s
				}
			}
		} else {
			bias[i] = -dot(row, row)
		}
	}
	if metric == Euclidean {
		scale = 2
	}
	pb := gemm64.PackB(true, d, n, x, d)
	out := make([]int32, n*k)
	blocks := (n + knnBlock - 1) / knnBlock
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < min(runtime.GOMAXPROCS(0), blocks); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := make([]float64, knnBlock*n)
			best := make([]float64, k)
			idx := make([]int32, k)
			for {
				b := int(next.Add(1)) - 1
				if b >= blocks {
					return
				}
				i0 := b * knnBlock
				h := min(knnBlock, n-i0)
				gemm64.MulSerial(false, h, x[i0*d:], d, pb, s, n, false)
				for r := 0; r < h; r++ {
					i := i0 + r
					topK(s[r*n:(r+1)*n], bias, scale, i, best, idx)
					copy(out[i*k:(i+1)*k], idx)
				}
			}
		}()
	}
	wg.Wait()
	return out
}

// topK fills idx with the k indices j ≠ self of the largest scores
// scale·row[j] + bias[j], best first, ties towards the smaller index,
// by insertion into a sorted list (candidates that cannot enter are
// rejected with one comparison).
func topK(row, bias []float64, scale float64, self int, best []float64, idx []int32) {
	k := len(best)
	filled := 0
	for j, v := range row {
		if j == self {
			continue
		}
		sc := scale*v + bias[j]
		if filled == k && !(sc > best[k-1]) {
			continue // equal scores keep the earlier (smaller) index
		}
		p := filled
		if filled < k {
			filled++
		} else {
			p = k - 1
		}
		for p > 0 && sc > best[p-1] {
			best[p], idx[p] = best[p-1], idx[p-1]
			p--
		}
		best[p], idx[p] = sc, int32(j)
	}
}
