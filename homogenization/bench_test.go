package homogenization

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

var sink float64

func benchPair(n, d int) (*mat.Dense, *mat.Dense) {
	rng := rand.New(rand.NewPCG(uint64(n), uint64(d)))
	return randDense(rng, n, d), randDense(rng, n, d)
}

// BenchmarkLinearCKA: 10⁴ instances × 512 features, two matrices
// (feature-space products, ≈ 1.05·10¹⁰ flops).
func BenchmarkLinearCKA(b *testing.B) {
	for _, s := range []struct{ n, d int }{{10000, 512}, {2000, 256}} {
		b.Run(fmt.Sprintf("%dx%d", s.n, s.d), func(b *testing.B) {
			x, y := benchPair(s.n, s.d)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				v, err := LinearCKA(x, y)
				if err != nil {
					b.Fatal(err)
				}
				sink = v
			}
		})
	}
}

// BenchmarkDebiasedCKA: 2000 × 256.
func BenchmarkDebiasedCKA(b *testing.B) {
	x, y := benchPair(2000, 256)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v, err := DebiasedCKA(x, y)
		if err != nil {
			b.Fatal(err)
		}
		sink = v
	}
}

// BenchmarkRBFCKA: 2000 × 64 (two 2000×2000 kernels).
func BenchmarkRBFCKA(b *testing.B) {
	x, y := benchPair(2000, 64)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v, err := CKA(x, y, &CKAOptions{Kernel: RBF})
		if err != nil {
			b.Fatal(err)
		}
		sink = v
	}
}

// BenchmarkMutualKNN: 10⁴ × 64, k = 10 (two n×n similarity sweeps).
func BenchmarkMutualKNN(b *testing.B) {
	x, y := benchPair(10000, 64)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v, err := MutualKNN(x, y, 10, Cosine)
		if err != nil {
			b.Fatal(err)
		}
		sink = v
	}
}

// BenchmarkSVCCA: 10⁴ × 128.
func BenchmarkSVCCA(b *testing.B) {
	x, y := benchPair(10000, 128)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := SVCCA(x, y, nil)
		if err != nil {
			b.Fatal(err)
		}
		sink = r.Similarity
	}
}

// BenchmarkSystemicFailure: 10⁴ instances × 10 models, 100 permutations.
func BenchmarkSystemicFailure(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	f, _ := latentFailures(rng, 10000, []float64{0.1, 0.15, 0.2, 0.25, 0.3, 0.3, 0.35, 0.4, 0.45, 0.5})
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s, err := SystemicFailure(f, &SystemicOptions{Permutations: 100, Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
		sink = s.ChiSquare
	}
}
