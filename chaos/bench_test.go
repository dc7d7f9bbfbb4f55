package chaos

import (
	"testing"

	"github.com/emergo/emergo/system"
	"github.com/emergo/emergo/system/ode"
)

// benchLyapunovStep times one sampling step of the tangent system plus
// the QR re-orthonormalisation: the inner loop of LyapunovSpectrum.
func benchLyapunovStep(b *testing.B, sys system.System, dt float64) {
	n := sys.Dim()
	tg, err := ode.NewTangentOf(sys, n, dt, nil)
	if err != nil {
		b.Fatal(err)
	}
	q := make([]float64, n*n)
	r := make([]float64, n)
	for range 100 { // settle onto the attractor
		if err := tg.Step(); err != nil {
			b.Fatal(err)
		}
		if err := orthonormalise(tg, q, r, n, n); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := tg.Step(); err != nil {
			b.Fatal(err)
		}
		if err := orthonormalise(tg, q, r, n, n); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLyapunovStepLorenz: Lorenz (1963), 3 exponents, one step of
// 0.01 time units (DOPRI5, tolerance 1e-9).
func BenchmarkLyapunovStepLorenz(b *testing.B) {
	benchLyapunovStep(b, build(b, "Lorenz", lorenz63, 0.01), 0.01)
}

// BenchmarkLyapunovStepLorenz96: Lorenz (1996) with n = 40, F = 8, all 40
// exponents (a 1640-dimensional tangent system), one step of 0.01.
func BenchmarkLyapunovStepLorenz96(b *testing.B) {
	benchLyapunovStep(b, build(b, "Lorenz96", system.Params{"n": 40, "f": 8}, 0.01), 0.01)
}

// BenchmarkCorrelationSum: 10^4 Lorenz states (dt = 0.05), 32 radii up
// to half the largest standard deviation, Theiler window 33.
func BenchmarkCorrelationSum(b *testing.B) {
	tr := sample(b, build(b, "Lorenz", lorenz63, 0.05), 10000, 1000)
	p := TrajectoryPoints(tr)
	radii := logspace(0.0045, 4.5, 32)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := CorrelationSum(p, radii, 33); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCorrelationDimension: the same points with every default
// (automatic Theiler window, radii and scaling region).
func BenchmarkCorrelationDimension(b *testing.B) {
	tr := sample(b, build(b, "Lorenz", lorenz63, 0.05), 10000, 1000)
	p := TrajectoryPoints(tr)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := CorrelationDimension(p, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSampleEntropy: 10^4 points of white noise, m = 2, r = 0.2σ.
func BenchmarkSampleEntropy(b *testing.B) {
	x := gaussian(10000, 1)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := SampleEntropy(x, 2, 0); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRosenstein: 10^4 samples of the Lorenz x series with the
// automatic embedding.
func BenchmarkRosenstein(b *testing.B) {
	x := lorenzX(b, 10000, 0.01)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := Rosenstein(x, 0.01, nil); err != nil {
			b.Fatal(err)
		}
	}
}
