package gemm64

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// unitRoundoff is the float64 unit roundoff u = 2⁻⁵³.
const unitRoundoff = 1.0 / (1 << 53)

// bound is the forward error bound of a floating-point inner product of
// length k, |ĉ − c| ≤ γ_{k+1} Σ|a_p||b_p| with γ_k = ku/(1−ku) (Higham,
// Accuracy and Stability of Numerical Algorithms, 2nd ed. 2002, eq. 3.5),
// one more term for adding the blocks into C.
func bound(k int, absDot float64) float64 {
	g := float64(k+2) * unitRoundoff / (1 - float64(k+2)*unitRoundoff)
	return g*absDot + 1e-300
}

func randMat(rng *rand.Rand, n int) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	return x
}

// TestMulAgainstNaive checks every element of AᵀB, AᵀA and ABᵀ against
// a naive triple loop, within the rigorous inner-product error bound, for
// sizes that exercise partial tiles, several contraction blocks, padded
// strides and both kernels.
func TestMulAgainstNaive(t *testing.T) {
	sizes := [][3]int{{1, 1, 1}, {5, 7, 3}, {6, 8, 256}, {13, 17, 257}, {73, 9, 600}, {150, 41, 31}, {0, 4, 5}, {4, 3, 0}}
	kernels := []bool{false}
	if hasAVX2FMA {
		kernels = append(kernels, true)
	}
	defer func(u bool) { useAsm = u }(useAsm)
	for _, asm := range kernels {
		useAsm = asm
		for _, s := range sizes {
			m, n, k := s[0], s[1], s[2]
			name := fmt.Sprintf("asm=%v/m%d_n%d_k%d", asm, m, n, k)
			rng := rand.New(rand.NewPCG(uint64(m*7919+n*31+k), 3))
			lda, ldb, ldc := m+2, n+1, n+3
			a := randMat(rng, k*lda)
			b := randMat(rng, k*ldb)
			c := randMat(rng, m*ldc) // garbage on entry
			AtB(m, n, k, a, lda, b, ldb, c, ldc)
			for i := 0; i < m; i++ {
				for j := 0; j < n; j++ {
					var s, abs float64
					for p := 0; p < k; p++ {
						s += a[p*lda+i] * b[p*ldb+j]
						abs += math.Abs(a[p*lda+i] * b[p*ldb+j])
					}
					if d := math.Abs(c[i*ldc+j] - s); d > 2*bound(k, abs) {
						t.Fatalf("%s AtB[%d,%d] = %v, want %v (diff %g)", name, i, j, c[i*ldc+j], s, d)
					}
				}
			}
			// AᵀA with both triangles.
			cc := randMat(rng, m*(m+1))
			AtA(m, k, a, lda, cc, m+1)
			for i := 0; i < m; i++ {
				for j := 0; j < m; j++ {
					var s, abs float64
					for p := 0; p < k; p++ {
						s += a[p*lda+i] * a[p*lda+j]
						abs += math.Abs(a[p*lda+i] * a[p*lda+j])
					}
					if d := math.Abs(cc[i*(m+1)+j] - s); d > 2*bound(k, abs) {
						t.Fatalf("%s AtA[%d,%d] = %v, want %v", name, i, j, cc[i*(m+1)+j], s)
					}
				}
			}
			// A·Bᵀ with A m×k and B n×k.
			lda2, ldb2 := k+1, k+2
			a2 := randMat(rng, m*lda2)
			b2 := randMat(rng, n*ldb2)
			c2 := randMat(rng, m*ldc)
			ABt(m, n, k, a2, lda2, b2, ldb2, c2, ldc)
			for i := 0; i < m; i++ {
				for j := 0; j < n; j++ {
					var s, abs float64
					for p := 0; p < k; p++ {
						s += a2[i*lda2+p] * b2[j*ldb2+p]
						abs += math.Abs(a2[i*lda2+p] * b2[j*ldb2+p])
					}
					if d := math.Abs(c2[i*ldc+j] - s); d > 2*bound(k, abs) {
						t.Fatalf("%s ABt[%d,%d] = %v, want %v", name, i, j, c2[i*ldc+j], s)
					}
				}
			}
		}
	}
}

// TestDeterministic checks that a product split over goroutines is
// bit-identical from run to run.
func TestDeterministic(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	m, n, k := 300, 200, 700
	a := randMat(rng, k*m)
	b := randMat(rng, k*n)
	c1 := make([]float64, m*n)
	c2 := make([]float64, m*n)
	AtB(m, n, k, a, m, b, n, c1, n)
	AtB(m, n, k, a, m, b, n, c2, n)
	for i := range c1 {
		if c1[i] != c2[i] {
			t.Fatalf("element %d differs between runs: %v vs %v", i, c1[i], c2[i])
		}
	}
}

func TestPanics(t *testing.T) {
	for name, f := range map[string]func(){
		"short A":    func() { AtB(3, 3, 3, make([]float64, 8), 3, make([]float64, 9), 3, make([]float64, 9), 3) },
		"bad stride": func() { AtB(3, 3, 3, make([]float64, 9), 2, make([]float64, 9), 3, make([]float64, 9), 3) },
		"upper shape": func() {
			Mul(true, 2, make([]float64, 6), 2, PackB(false, 3, 3, make([]float64, 9), 3), make([]float64, 6), 3, true)
		},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}

func BenchmarkAtB(b *testing.B) {
	for _, s := range [][3]int{{512, 512, 10000}, {256, 256, 2000}} {
		m, n, k := s[0], s[1], s[2]
		b.Run(fmt.Sprintf("%dx%dx%d", m, n, k), func(b *testing.B) {
			rng := rand.New(rand.NewPCG(1, 1))
			a := randMat(rng, k*m)
			bb := randMat(rng, k*n)
			c := make([]float64, m*n)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				AtB(m, n, k, a, m, bb, n, c, n)
			}
			b.ReportMetric(2*float64(m)*float64(n)*float64(k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}

// TestMulCols checks column ranges of A·Bᵀ against the full product.
func TestMulCols(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	m, n, k := 100, 77, 300
	a := randMat(rng, m*k)
	b := randMat(rng, n*k)
	full := make([]float64, m*n)
	ABt(m, n, k, a, k, b, k, full, n)
	pb := PackB(true, k, n, b, k)
	var ws Workspace
	for _, r := range [][2]int{{0, 77}, {8, 16}, {16, 77}, {72, 77}, {0, 5}, {40, 40}} {
		w := r[1] - r[0]
		c := randMat(rng, m*(w+1))
		MulCols(false, m, a, k, pb, r[0], r[1], c, w+1, &ws)
		for i := 0; i < m; i++ {
			for j := 0; j < w; j++ {
				if c[i*(w+1)+j] != full[i*n+r[0]+j] {
					t.Fatalf("range %v: C[%d,%d] = %v, full product %v", r, i, j, c[i*(w+1)+j], full[i*n+r[0]+j])
				}
			}
		}
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("unaligned start did not panic")
			}
		}()
		MulCols(false, m, a, k, pb, 3, 10, make([]float64, m*7), 7, &ws)
	}()
}
