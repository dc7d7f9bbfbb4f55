package kernel

import (
	"math"
	"testing"
)

// TestKern6x16 compares the assembly kernel with the definition
// C[r][j] = Σ_p a[p·6+r]·b[p·16+j] on small integers, whose products and
// sums are exact in float32, so the comparison is exact.
func TestKern6x16(t *testing.T) {
	if !AVX2FMA {
		t.Skip("no AVX2/FMA")
	}
	const kc, ldc = 7, 20
	a, b := make([]float32, kc*6), make([]float32, kc*16)
	for i := range a {
		a[i] = float32(i%5 - 2)
	}
	for i := range b {
		b[i] = float32(i%7 - 3)
	}
	for _, load := range []bool{false, true} {
		c := make([]float32, 6*ldc)
		for i := range c {
			c[i] = float32(i % 3)
		}
		c0 := append([]float32(nil), c...)
		Kern6x16(kc, &a[0], &b[0], &c[0], ldc, load)
		for r := 0; r < 6; r++ {
			for j := 0; j < ldc; j++ {
				want := c0[r*ldc+j]
				if j < 16 {
					var s float32
					for p := 0; p < kc; p++ {
						s += a[p*6+r] * b[p*16+j]
					}
					if load {
						want += s
					} else {
						want = s
					}
				}
				if math.Float32bits(c[r*ldc+j]) != math.Float32bits(want) {
					t.Fatalf("load=%v C[%d][%d] = %v, want %v", load, r, j, c[r*ldc+j], want)
				}
			}
		}
	}
}

// TestKern6x16S checks the strided kernel on a row-major A (row stride
// 11), a column-major A (column stride 9) and with alpha = 0.5, exactly
// (small integers and a power-of-two alpha keep every value exact).
func TestKern6x16S(t *testing.T) {
	if !AVX2FMA {
		t.Skip("no AVX2/FMA")
	}
	const kc, ldc = 7, 16
	b := make([]float32, kc*16)
	for i := range b {
		b[i] = float32(i%7 - 3)
	}
	a := make([]float32, 100)
	for i := range a {
		a[i] = float32(i%5 - 2)
	}
	// B with row stride 20 holds the same 16-wide panel padded per row
	bs := make([]float32, kc*20)
	for p := 0; p < kc; p++ {
		copy(bs[p*20:p*20+16], b[p*16:p*16+16])
	}
	c2 := make([]float32, 6*ldc)
	Kern6x16S(kc, &a[0], 11, 1, &bs[0], 20, &c2[0], ldc, false, 1)
	for r := 0; r < 6; r++ {
		for j := 0; j < 16; j++ {
			var s float32
			for p := 0; p < kc; p++ {
				s += a[r*11+p] * b[p*16+j]
			}
			if c2[r*ldc+j] != s {
				t.Fatalf("strided B: C[%d][%d] = %v, want %v", r, j, c2[r*ldc+j], s)
			}
		}
	}
	for _, st := range [][2]int{{11, 1}, {1, 9}, {1, 6}} {
		for _, alpha := range []float32{1, 0.5} {
			c := make([]float32, 6*ldc)
			for i := range c {
				c[i] = 1
			}
			Kern6x16S(kc, &a[0], st[0], st[1], &b[0], 16, &c[0], ldc, true, alpha)
			for r := 0; r < 6; r++ {
				for j := 0; j < 16; j++ {
					var s float32
					for p := 0; p < kc; p++ {
						s += a[r*st[0]+p*st[1]] * b[p*16+j]
					}
					if want := 1 + alpha*s; c[r*ldc+j] != want {
						t.Fatalf("strides %v alpha %v: C[%d][%d] = %v, want %v", st, alpha, r, j, c[r*ldc+j], want)
					}
				}
			}
		}
	}
}

// BenchmarkKern6x16 measures the kernel's single-core throughput with
// operands in L1 (the ceiling of the native backend).
func BenchmarkKern6x16(b *testing.B) {
	if !AVX2FMA {
		b.Skip("no AVX2/FMA")
	}
	const kc = 256
	a, bb, c := make([]float32, kc*6), make([]float32, kc*16), make([]float32, 6*16)
	for i := 0; i < b.N; i++ {
		Kern6x16(kc, &a[0], &bb[0], &c[0], 16, true)
	}
	b.ReportMetric(2*6*16*kc*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}
