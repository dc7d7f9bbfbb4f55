package emergence

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkCompare: four models, leave-one-scale-out over 41 scales with
// three replicates each.
func BenchmarkCompare(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	cs, _ := Sweep(jumpScores(rng, logScales(0, 4, 41), 200, 3), nil)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Compare(cs[1], nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAssess: the full verdict on three metrics (41 scales).
func BenchmarkAssess(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	cs, _ := Sweep(jumpScores(rng, logScales(0, 4, 41), 200, 3), nil)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Assess(cs, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBootstrap: 200 sigmoid refits on 17 scales × 4 replicates.
func BenchmarkBootstrap(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	c := curveOf(rng, "y", logScales(0, 4, 17), 4, 0.03, func(x float64) float64 { return 0.2 + 0.6*logistic(x/200-1) })
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Bootstrap(c, Sigmoid, &BootstrapOptions{Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}
