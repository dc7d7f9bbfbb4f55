package homogenization

import (
	"errors"
	"math"
	"math/rand/v2"
	"sort"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestNeighboursBruteForce compares the blocked search with sorting all
// distances, for both metrics (the block boundary at 96 rows is crossed).
func TestNeighboursBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	n, d, k := 230, 7, 5
	x := randDense(rng, n, d)
	for _, metric := range []Metric{Cosine, Euclidean} {
		got, err := Neighbours(x, k, metric)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < n; i++ {
			type cand struct {
				j int
				s float64
			}
			var c []cand
			xi := x.RawRowView(i)
			for j := 0; j < n; j++ {
				if j == i {
					continue
				}
				xj := x.RawRowView(j)
				var s float64
				if metric == Euclidean {
					for f := range xi {
						s -= (xi[f] - xj[f]) * (xi[f] - xj[f])
					}
				} else {
					s = dot(xi, xj) / math.Sqrt(dot(xi, xi)*dot(xj, xj))
				}
				c = append(c, cand{j, s})
			}
			sort.SliceStable(c, func(a, b int) bool { return c[a].s > c[b].s })
			for r := 0; r < k; r++ {
				if int(got[i*k+r]) != c[r].j {
					t.Fatalf("%v: neighbour %d of row %d is %d, brute force %d", metric, r, i, got[i*k+r], c[r].j)
				}
			}
		}
	}
}

// TestMutualKNN: 1 for identical representations (and for any rotation
// and positive rescaling of rows under cosine); for independent random
// representations the overlap of two random k-subsets of the n−1 other
// rows has mean k/(n−1) (Huh et al. 2024's chance level).
func TestMutualKNN(t *testing.T) {
	rng := rand.New(rand.NewPCG(43, 44))
	n, d, k := 2000, 16, 10
	x := randDense(rng, n, d)
	for _, metric := range []Metric{Cosine, Euclidean} {
		v, err := MutualKNN(x, x, k, metric)
		if err != nil {
			t.Fatal(err)
		}
		if v != 1 {
			t.Errorf("%v: identical representations give %v, want 1", metric, v)
		}
	}
	y := mul(x, randOrthogonal(rng, d))
	for i := 0; i < n; i++ {
		r := y.RawRowView(i)
		s := 0.5 + rng.Float64()
		for j := range r {
			r[j] *= s
		}
	}
	if v, _ := MutualKNN(x, y, k, Cosine); v != 1 {
		t.Errorf("cosine alignment under rotation and row scaling = %v, want 1", v)
	}
	// Chance level: per-row overlap is hypergeometric with mean k²/(n−1)
	// and variance ≤ k²/(n−1); the mean over n rows has SE ≤
	// √(1/(n−1))/√n ≈ 5e-4 after dividing by k. Allow 4 SE.
	z := randDense(rng, n, d)
	v, err := MutualKNN(x, z, k, Cosine)
	if err != nil {
		t.Fatal(err)
	}
	want := float64(k) / float64(n-1)
	se := math.Sqrt(1/float64(n-1)) / math.Sqrt(float64(n))
	if math.Abs(v-want) > 4*se {
		t.Errorf("random alignment %v, chance k/(n−1) = %v (4 SE = %v)", v, want, 4*se)
	}
	if _, err := MutualKNN(x.Slice(0, 5, 0, d).(*mat.Dense), z.Slice(0, 5, 0, d).(*mat.Dense), 5, Cosine); !errors.Is(err, ErrTooFew) {
		t.Errorf("n = k: %v", err)
	}
}
