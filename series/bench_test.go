package series

import (
	"bytes"
	"fmt"
	"math"
	"testing"
)

func benchSeries(b *testing.B, n, d int) *Series {
	b.Helper()
	names := make([]string, d)
	for j := range names {
		names[j] = fmt.Sprintf("c%d", j)
	}
	x := make([]float64, n*d)
	for k := range x {
		x[k] = 100 + math.Sin(0.01*float64(k)) + float64(k%7)
	}
	s, err := New(names, nil, x)
	if err != nil {
		b.Fatal(err)
	}
	return s
}

func BenchmarkTransformValues(b *testing.B) {
	s := benchSeries(b, 5000, 6)
	z, err := FitStandardizer(s)
	if err != nil {
		b.Fatal(err)
	}
	buf := make([]float64, len(s.X))
	b.ReportAllocs()
	for b.Loop() {
		z.TransformValues(buf, s.X)
	}
}

func BenchmarkWindows(b *testing.B) {
	s := benchSeries(b, 5000, 6)
	b.ReportAllocs()
	for b.Loop() {
		w, err := s.Windows(64, 8, 1)
		if err != nil {
			b.Fatal(err)
		}
		_ = w.X(w.Len() - 1)
	}
}

func BenchmarkReadCSV(b *testing.B) {
	s := benchSeries(b, 5000, 6)
	var buf bytes.Buffer
	if err := s.WriteCSV(&buf); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ReadCSV(bytes.NewReader(data), "bench.csv", nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDominantPeriod(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			s := benchSeries(b, n, 3)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.DominantPeriod(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkResampleCubic(b *testing.B) {
	s := benchSeries(b, 10000, 3)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.ResamplePeriod(50, 100, Cubic); err != nil {
			b.Fatal(err)
		}
	}
}
