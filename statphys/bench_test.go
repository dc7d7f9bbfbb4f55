package statphys

import (
	"context"
	"math"
	"testing"
)

// benchSample is n values: 30% uniform body on [0.5, 1), 70% power law
// α = 2.5 above xmin = 1.
func benchSample(n int) []float64 {
	r := newRand(99)
	x := paretoSample(r, n, 2.5, 1)
	for i := 0; i < 3*n/10; i++ {
		x[i] = 0.5 + 0.5*r.Float64()
	}
	return x
}

var sink float64

// BenchmarkHurwitzZeta: ζ(s, a) with its two s-derivatives, the inner
// loop of the discrete fits.
func BenchmarkHurwitzZeta(b *testing.B) {
	b.ReportAllocs()
	s := 2.3
	for b.Loop() {
		z, d1, d2 := HurwitzZetaDeriv(s, 7)
		sink += z + d1 + d2
	}
}

// BenchmarkFitPowerLaw: one CSN scan (every distinct value a candidate)
// of n continuous values.
func BenchmarkFitPowerLaw(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		x := benchSample(n)
		b.Run(itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := FitPowerLaw(x, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkFitPowerLawDiscrete: the discrete scan of 10^4 values.
func BenchmarkFitPowerLawDiscrete(b *testing.B) {
	x := zetaSample(newRand(98), 10000, 2.5, 1)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := FitPowerLaw(x, &PowerLawOptions{Discrete: true}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBootstrapReplicate: the semi-parametric bootstrap of a
// 10^4-value continuous fit on all cores, b.N replicates in one call, so
// ns/op is the wall time per replicate (×1000 for the default p-value).
// The replicate loop does not allocate in steady state.
func BenchmarkBootstrapReplicate(b *testing.B) {
	f, err := FitPowerLaw(benchSample(10000), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	if _, err := f.GoodnessOfFit(context.Background(), &BootstrapOptions{Replicates: b.N, Seed: 1}); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkAnalyzePowerLaw1000: the whole CSN analysis of 10^4 values as
// a user runs it — xmin scan, MLE and the 1000-replicate bootstrap p-value
// on all cores — one call per iteration.
func BenchmarkAnalyzePowerLaw1000(b *testing.B) {
	x := benchSample(10000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := AnalyzePowerLaw(context.Background(), x, nil, &BootstrapOptions{Replicates: 1000, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCompareAll: the four likelihood-ratio tests on a 10^4-value
// fit (the tail is ≈ 7000 values).
func BenchmarkCompareAll(b *testing.B) {
	f, err := FitPowerLaw(benchSample(10000), &PowerLawOptions{Xmin: 1})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := f.CompareAll(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkIsingObservables: observables with blocking and jackknife
// errors from 10^4 samples.
func BenchmarkIsingObservables(b *testing.B) {
	r := newRand(5)
	m, e := make([]float64, 10000), make([]float64, 10000)
	for i := range m {
		m[i], e[i] = math.Tanh(r.NormFloat64()), -1.5+0.1*r.NormFloat64()
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := IsingObservables(m, e, 256, 2.3, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func itoa(n int) string {
	s := ""
	for n > 0 {
		s = string(rune('0'+n%10)) + s
		n /= 10
	}
	return "n=" + s
}
