package finance

import (
	"context"
	"testing"
)

func BenchmarkFitGARCH(b *testing.B) {
	for _, c := range []struct {
		name string
		opt  GARCHOptions
	}{{"normal", GARCHOptions{}}, {"t", GARCHOptions{StudentT: true, Mean: true}}} {
		r, err := SimulateReturns(context.Background(), "GARCH", 2000, &SimulateOptions{Seed: 1, Params: map[string]float64{"nu": 6}})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := FitGARCH(r, &c.opt); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkStylizedFacts(b *testing.B) {
	r := sp500Returns(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := StylizedFacts(r, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkHistoricalVaR(b *testing.B) {
	r := sp500Returns(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := HistoricalVaR(r, 500, 0.99); err != nil {
			b.Fatal(err)
		}
	}
}
