package foundation

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/emergo/emergo/forecast"
)

func newBlock(x []float64, d int) *forecast.Block { return forecast.NewBlock(x, d) }

// syntheticCorpus returns n series of noisy two-tone oscillations
// (cheap to build; the throughput does not depend on the values).
func syntheticCorpus(n, length int) *Corpus {
	rng := rand.New(rand.NewPCG(1, 1))
	var train []Series
	for i := 0; i < n; i++ {
		p1, p2 := 20+20*rng.Float64(), 50+50*rng.Float64()
		x := make([]float32, length)
		for k := range x {
			t := float64(k)
			x[k] = float32(math.Sin(2*math.Pi*t/p1) + 0.5*math.Sin(2*math.Pi*t/p2) + 0.05*rng.NormFloat64())
		}
		train = append(train, Series{System: string(rune('a' + i%26)), X: x})
	}
	cp, err := NewCorpus(train, nil, nil)
	if err != nil {
		panic(err)
	}
	return cp
}

// BenchmarkPretrain times pretraining updates (batch 64, default window
// geometry) of each preset; windows/s is the throughput.
func BenchmarkPretrain(b *testing.B) {
	cp := syntheticCorpus(32, 1024)
	for _, size := range Presets() {
		b.Run(size, func(b *testing.B) {
			cfg, err := Preset(size)
			if err != nil {
				b.Fatal(err)
			}
			m, err := New(cfg, 1)
			if err != nil {
				b.Fatal(err)
			}
			const batch = 64
			l := &loop{m: m, cp: cp, ps: m.ps, steps: b.N, every: b.N, batch: batch, lr: 1e-4, warmup: 0.05, clip: 1, seed: 1}
			b.ReportAllocs()
			b.ResetTimer()
			if _, _, err := l.run(context.Background()); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "windows/s")
		})
	}
}

// BenchmarkPredict times a 256-row forecast of three channels by the
// float64 inference path.
func BenchmarkPredict(b *testing.B) {
	cp := syntheticCorpus(3, 512)
	for _, size := range []string{"tiny", "small"} {
		b.Run(size, func(b *testing.B) {
			cfg, _ := Preset(size)
			m, err := New(cfg, 1)
			if err != nil {
				b.Fatal(err)
			}
			x := make([]float64, 3*cfg.Context)
			for i := range x {
				x[i] = float64(cp.Train[i%3].X[i/3])
			}
			c := newBlock(x, 3)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := m.Predict(c, 256); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
