package cli

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkReadTable parses a 2000×32 representation CSV into a matrix,
// the input step of similarity (the CKA itself is benchmarked in the
// homogenization package).
func BenchmarkReadTable(b *testing.B) {
	const rows, cols = 2000, 32
	rng := rand.New(rand.NewPCG(1, 2))
	var sb strings.Builder
	sb.WriteString("id")
	for j := 0; j < cols; j++ {
		fmt.Fprintf(&sb, ",f%d", j)
	}
	sb.WriteString("\n")
	for i := 0; i < rows; i++ {
		fmt.Fprintf(&sb, "%d", i)
		for j := 0; j < cols; j++ {
			fmt.Fprintf(&sb, ",%v", rng.NormFloat64())
		}
		sb.WriteString("\n")
	}
	path := filepath.Join(b.TempDir(), "a.csv")
	if err := os.WriteFile(path, []byte(sb.String()), 0o666); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		t, err := readTable(path, isNumber)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := t.matrix(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLyapunovHenon measures a whole in-process "emergo lyapunov
// Henon --json" run with a 10⁴-iteration average: the tool's overhead on
// top of chaos.LyapunovSpectrum.
func BenchmarkLyapunovHenon(b *testing.B) {
	b.ReportAllocs()
	args := []string{"lyapunov", "Henon", "--time", "10000", "--json"}
	for b.Loop() {
		if code := Main(context.Background(), args, io.Discard, io.Discard); code != 0 {
			b.Fatalf("exit status %d", code)
		}
	}
}
