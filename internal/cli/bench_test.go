package cli

import (
	"context"
	"io"
	"testing"
)

// BenchmarkSimulate measures a whole in-process "emergo simulate" run:
// parsing, building, 1000 steps of the fake random walk, CSV writing and
// the summary. The per-step cost of real systems is benchmarked in their
// packages; this is the tool's own overhead.
func BenchmarkSimulate(b *testing.B) {
	b.ReportAllocs()
	args := []string{"simulate", fakeWalk, "--steps", "1000"}
	for b.Loop() {
		if code := Main(context.Background(), args, io.Discard, io.Discard); code != 0 {
			b.Fatalf("exit status %d", code)
		}
	}
}

// BenchmarkColumnStats summarises one column of a 10⁵×3 trajectory.
func BenchmarkColumnStats(b *testing.B) {
	const rows, dim = 100000, 3
	x := make([]float64, rows*dim)
	for i := range x {
		x[i] = float64(i % 97)
	}
	b.ReportAllocs()
	b.SetBytes(rows * 8)
	for b.Loop() {
		columnStats(x, dim, 1)
	}
}
