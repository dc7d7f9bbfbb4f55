package adapt

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/emergo/emergo/forecast"
)

var sinkF float64
var sinkB bool

// BenchmarkRLSObserve measures one Observe (feature update and RLS step)
// on lag features of growing size: 1+4·3 = 13 (VAR(4) on 3 columns),
// 1+2·3+21 = 28 (NG-RC), 1+8·3+300 = 325 (order 2 on 8 taps).
func BenchmarkRLSObserve(b *testing.B) {
	for _, c := range []struct{ k, order int }{{4, 1}, {2, 2}, {8, 2}} {
		fm := must(NewLags(3, c.k, 1, c.order))
		b.Run(fmt.Sprintf("features=%d", 1+fm.Len()), func(b *testing.B) {
			data := var3(2000)
			m := NewRLS(fm, RLSOptions{Lambda: 0.995, Floor: 1e-5})
			if err := m.Warm(context.Background(), data.Slice(0, 100)); err != nil {
				b.Fatal(err)
			}
			pred := make([]float64, 3)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				pred = m.Predict(pred)
				if err := m.Observe(data.Row(100 + i%1900)); err != nil {
					b.Fatal(err)
				}
			}
			sinkF = pred[0]
		})
	}
}

func var3(n int) *forecast.Block {
	rng := rand.New(rand.NewPCG(1, 1))
	x := make([]float64, 3*n)
	for i := 3; i < len(x); i++ {
		x[i] = 0.7*x[i-3] + rng.NormFloat64()
	}
	return forecast.NewBlock(x, 3)
}

// BenchmarkDetectorAdd measures one Add on N(0, 1) values.
func BenchmarkDetectorAdd(b *testing.B) {
	for _, c := range []struct {
		name string
		d    Detector
	}{
		{"page-hinkley", &PageHinkley{Delta: 0.5, Lambda: 50, Alpha: 1}},
		{"adwin", &ADWIN{Delta: 0.002}},
		{"adwin-clock32", &ADWIN{Delta: 0.002, Clock: 32}},
	} {
		b.Run(c.name, func(b *testing.B) {
			rng := rand.New(rand.NewPCG(2, 2))
			x := make([]float64, 4096)
			for i := range x {
				x[i] = rng.NormFloat64()
			}
			for _, v := range x { // fill ADWIN's window to a steady size
				c.d.Add(v)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				sinkB = c.d.Add(x[i%len(x)])
			}
		})
	}
}
