package forecast_test

import (
	"context"
	"testing"

	"github.com/emergo/emergo/forecast"
	"github.com/emergo/emergo/system"
)

// benchModels are the learned models benchmarked at their defaults.
var benchModels = []string{"ridge", "nvar", "esn"}

// Fit on 10^4 Lorenz63 rows (dt = 0.01).
func BenchmarkFit(b *testing.B) {
	data := lorenz(b, 0.01, nil, 1000, 10000)
	for _, name := range benchModels {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				m, err := forecast.New(name, forecast.Spec{Seed: 1})
				if err != nil {
					b.Fatal(err)
				}
				if err := m.Fit(context.Background(), data, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// Predict 1000 rows ahead (closed loop) after fitting on 10^4 Lorenz63
// rows; the reported rows/s counts forecast rows.
func BenchmarkPredict(b *testing.B) {
	const horizon = 1000
	data := lorenz(b, 0.01, nil, 1000, 10200)
	for _, name := range benchModels {
		b.Run(name, func(b *testing.B) {
			m := fit(b, name, nil, 1, data.Slice(0, 10000))
			c := data.Slice(10200-m.ContextLen(), 10200)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if _, err := m.Predict(c, horizon); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N*horizon)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// One Step of the trained model as a dynamical system (zero
// allocations), and one analytic Jacobian.
func BenchmarkDynamics(b *testing.B) {
	data := lorenz(b, 0.01, nil, 1000, 10200)
	for _, name := range []string{"nvar", "esn"} {
		m := fit(b, name, nil, 1, data.Slice(0, 10000))
		sys, err := m.(forecast.Dynamics).Dynamics(data.Slice(10200-m.ContextLen(), 10200))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name+"/Step", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := sys.Step(); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/Jacobian", func(b *testing.B) {
			n := sys.Dim()
			j := make([]float64, n*n)
			x := sys.State(nil)
			jac := sys.(system.Jacobianer)
			b.ReportAllocs()
			for b.Loop() {
				jac.Jacobian(j, x, 0)
			}
		})
	}
}

// The metrics on 10^4 × 3 blocks.
func BenchmarkMetrics(b *testing.B) {
	data := lorenz(b, 0.01, nil, 1000, 20000)
	x, y := data.Slice(0, 10000), data.Slice(10000, 20000)
	b.Run("NRMSE", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			forecast.NRMSE(x, y, nil)
		}
	})
	b.Run("StateKL", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			forecast.StateKL(x, y, nil)
		}
	})
	b.Run("SpectrumDistance", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			forecast.SpectrumDistance(x, y, nil)
		}
	})
}
