package reservoir_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/emergo/emergo/adapt/reservoir"
)

// BenchmarkStep times one reservoir step with tuning on (gain
// homeostasis and intrinsic plasticity, tangent propagation and the
// running estimates) over a grid of sizes, mean degree 10, three inputs.
func BenchmarkStep(b *testing.B) {
	for _, n := range []int{100, 200, 400} {
		for _, adapt := range []bool{true, false} {
			b.Run(fmt.Sprintf("N=%d/adapt=%v", n, adapt), func(b *testing.B) {
				cfg := reservoir.DefaultConfig()
				cfg.Size = n
				cfg.HistoryEvery = 1 << 30 // keep the history out of the timing
				res, err := reservoir.New(3, &cfg)
				if err != nil {
					b.Fatal(err)
				}
				res.SetAdapt(adapt)
				u := make([]float64, 3)
				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					t := 0.02 * float64(i)
					u[0], u[1], u[2] = math.Sin(t), math.Cos(1.3*t), math.Sin(0.7*t)
					if err := res.Step(u); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
