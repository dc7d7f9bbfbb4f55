package gemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
)

// unitRoundoff is the float32 unit roundoff u = 2⁻²⁴.
const unitRoundoff = 1.0 / (1 << 24)

type gemmCase struct {
	tA, tB      bool
	m, n, k     int
	padA, padB  int // extra leading-dimension padding
	padC        int
	alpha, beta float32
}

func randSlice(rng *rand.Rand, n int) []float32 {
	s := make([]float32, n)
	for i := range s {
		s[i] = float32(rng.NormFloat64())
	}
	return s
}

// errBound is the rigorous forward error bound of a floating-point inner
// product of length k, |ĉ - c| ≤ γ_k Σ|a_p||b_p| with γ_k = ku/(1-ku)
// (Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed. 2002,
// eq. 3.5), widened by three roundings for alpha, beta and the final sum.
func errBound(k int, absDot, absC float64) float64 {
	g := float64(k+3) * unitRoundoff / (1 - float64(k+3)*unitRoundoff)
	return g*(absDot+absC) + 1e-30
}

// checkAgainstReference runs f on random data and compares every element
// with a float64 evaluation of the same product, within errBound.
func checkAgainstReference(t *testing.T, name string, c gemmCase, f func(tA, tB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, cc []float32, ldc int)) {
	t.Helper()
	rng := rand.New(rand.NewPCG(uint64(c.m*1000003+c.n*1009+c.k), 7))
	ar, ac := c.m, c.k
	if c.tA {
		ar, ac = c.k, c.m
	}
	br, bc := c.k, c.n
	if c.tB {
		br, bc = c.n, c.k
	}
	lda, ldb, ldc := max(ac+c.padA, 1), max(bc+c.padB, 1), max(c.n+c.padC, 1)
	a := randSlice(rng, max(need(ar, ac, lda), 1))
	b := randSlice(rng, max(need(br, bc, ldb), 1))
	c0 := randSlice(rng, max(need(c.m, c.n, ldc), 1))
	if c.beta == 0 {
		for i := range c0 {
			c0[i] = float32(math.NaN()) // beta = 0 must not read C
		}
	}
	got := append([]float32(nil), c0...)
	f(c.tA, c.tB, c.m, c.n, c.k, c.alpha, a, lda, b, ldb, c.beta, got, ldc)
	for i := 0; i < c.m; i++ {
		for j := 0; j < c.n; j++ {
			var s, sa float64
			for p := 0; p < c.k; p++ {
				var av, bv float64
				if c.tA {
					av = float64(a[p*lda+i])
				} else {
					av = float64(a[i*lda+p])
				}
				if c.tB {
					bv = float64(b[j*ldb+p])
				} else {
					bv = float64(b[p*ldb+j])
				}
				s += av * bv
				sa += math.Abs(av * bv)
			}
			want := float64(c.alpha) * s
			absC := 0.0
			if c.beta != 0 {
				want += float64(c.beta) * float64(c0[i*ldc+j])
				absC = math.Abs(float64(c.beta) * float64(c0[i*ldc+j]))
			}
			g := float64(got[i*ldc+j])
			if d := math.Abs(g - want); !(d <= errBound(c.k, math.Abs(float64(c.alpha))*sa, absC)) {
				t.Fatalf("%s %+v: C[%d][%d] = %v, want %v (|diff| %g > bound %g)", name, c, i, j, g, want, d, errBound(c.k, sa, absC))
			}
		}
		// padding columns of C must be untouched
		for j := c.n; j < ldc && i*ldc+j < len(got); j++ {
			if math.Float32bits(got[i*ldc+j]) != math.Float32bits(c0[i*ldc+j]) {
				t.Fatalf("%s %+v: padding C[%d][%d] was written", name, c, i, j)
			}
		}
	}
}

func gemmCases() []gemmCase {
	var cs []gemmCase
	for _, tA := range []bool{false, true} {
		for _, tB := range []bool{false, true} {
			for _, sz := range [][3]int{{1, 1, 1}, {6, 16, 5}, {7, 17, 3}, {13, 33, 300}, {64, 64, 16},
				{150, 40, 257}, {5, 300, 64}, {256, 96, 70}, {33, 1, 9}, {1, 50, 40}} {
				cs = append(cs, gemmCase{tA: tA, tB: tB, m: sz[0], n: sz[1], k: sz[2], alpha: 1, beta: 0})
			}
			cs = append(cs,
				gemmCase{tA: tA, tB: tB, m: 20, n: 37, k: 19, padA: 3, padB: 5, padC: 2, alpha: -0.5, beta: 1},
				gemmCase{tA: tA, tB: tB, m: 31, n: 18, k: 600, padA: 1, padC: 4, alpha: 2, beta: 0.25},
				gemmCase{tA: tA, tB: tB, m: 4, n: 5, k: 0, alpha: 1, beta: 0.5},
				gemmCase{tA: tA, tB: tB, m: 300, n: 260, k: 33, alpha: 1.5, beta: 0})
		}
	}
	return cs
}

func TestNativeMatchesReference(t *testing.T) {
	savedAsm, savedB := useAsm, inPlaceBMaxM
	defer func() { useAsm, inPlaceBMaxM = savedAsm, savedB }()
	for _, asm := range []bool{true, false} {
		if asm && !savedAsm {
			continue
		}
		useAsm = asm
		// B packed always, and read in place whenever allowed
		for _, limB := range []int{0, 1 << 30} {
			inPlaceBMaxM = limB
			name := Native{}.Name()
			for _, c := range gemmCases() {
				checkAgainstReference(t, name, c, Native{}.Sgemm)
			}
		}
	}
}

func TestCurrentBackendMatchesReference(t *testing.T) {
	for _, c := range gemmCases() {
		checkAgainstReference(t, Current().Name(), c, Sgemm)
		checkAgainstReference(t, Current().Name()+"/serial", c, SgemmSerial)
	}
}

func TestNaiveMatchesReference(t *testing.T) {
	for _, c := range gemmCases()[:6] {
		checkAgainstReference(t, "naive", c, Naive)
	}
}

// TestNativeDeterministic checks that the parallel split does not change a
// single bit: one worker and several give identical C, and so does
// computing C in ragged blocks of rows (as the recurrent layers do), also
// with alpha ≠ 1.
func TestNativeDeterministic(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, sz := range [][3]int{{300, 200, 600}, {64, 384, 128}, {2048, 64, 192}, {64, 256, 2048}} {
		m, n, k := sz[0], sz[1], sz[2]
		a, b := randSlice(rng, m*k), randSlice(rng, k*n)
		var cs [2][]float32
		for i, w := range []int{1, 4} {
			cs[i] = make([]float32, m*n)
			p := problemPool.Get().(*problem)
			p.set(false, true, m, n, k, 1, a, k, b, k, cs[i], n)
			p.run(0, w)
			p.release()
		}
		for i := range cs[0] {
			if math.Float32bits(cs[0][i]) != math.Float32bits(cs[1][i]) {
				t.Fatalf("%v: element %d differs between 1 and 4 workers: %v vs %v", sz, i, cs[0][i], cs[1][i])
			}
		}
		whole, blocks := make([]float32, m*n), make([]float32, m*n)
		Native{}.SgemmSerial(false, true, m, n, k, 0.37, a, k, b, k, 0, whole, n)
		for r0 := 0; r0 < m; {
			r1 := min(m, r0+1+rng.IntN(17))
			Native{}.SgemmSerial(false, true, r1-r0, n, k, 0.37, a[r0*k:], k, b, k, 0, blocks[r0*n:], n)
			r0 = r1
		}
		for i := range whole {
			if math.Float32bits(whole[i]) != math.Float32bits(blocks[i]) {
				t.Fatalf("%v: element %d differs when rows are computed in blocks: %v vs %v", sz, i, whole[i], blocks[i])
			}
		}
	}
}

func TestBatchMatchesSingle(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, c := range []struct {
		m, n, k, count int
		tA, tB         bool
	}{{64, 64, 16, 128, false, true}, {64, 16, 64, 9, false, false}, {200, 300, 70, 3, true, false}, {3, 4, 5, 1, true, true}} {
		lda, ldb := c.k, c.n
		if c.tA {
			lda = c.m
		}
		if c.tB {
			ldb = c.k
		}
		sa, sb, sc := c.m*c.k+3, c.k*c.n+1, c.m*c.n+2
		a, b := randSlice(rng, sa*c.count), randSlice(rng, sb*c.count)
		got, want := make([]float32, sc*c.count), make([]float32, sc*c.count)
		for _, be := range []Backend{Native{}, Current()} {
			SgemmBatchWith(be, c.tA, c.tB, c.m, c.n, c.k, 0.5, a, lda, sa, b, ldb, sb, 0, got, c.n, sc, c.count)
			for q := 0; q < c.count; q++ {
				be.Sgemm(c.tA, c.tB, c.m, c.n, c.k, 0.5, a[q*sa:], lda, b[q*sb:], ldb, 0, want[q*sc:], c.n)
			}
			for i := range got {
				if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
					t.Fatalf("%s %+v: batch element %d = %v, single products give %v", be.Name(), c, i, got[i], want[i])
				}
			}
		}
	}
}

// SgemmBatchWith calls the batch product of a given backend.
func SgemmBatchWith(be Backend, tA, tB bool, m, n, k int, alpha float32, a []float32, lda, sa int, b []float32, ldb, sb int, beta float32, c []float32, ldc, sc, count int) {
	be.SgemmBatch(tA, tB, m, n, k, alpha, a, lda, sa, b, ldb, sb, beta, c, ldc, sc, count)
}

func TestMisusePanics(t *testing.T) {
	a := make([]float32, 10)
	for name, f := range map[string]func(){
		"short a": func() { Sgemm(false, false, 4, 4, 4, 1, a, 4, make([]float32, 16), 4, 0, make([]float32, 16), 4) },
		"small lda": func() {
			Sgemm(false, false, 2, 2, 4, 1, make([]float32, 8), 3, make([]float32, 8), 2, 0, make([]float32, 4), 2)
		},
		"negative": func() { Sgemm(false, false, -1, 2, 2, 1, a, 2, a, 2, 0, a, 2) },
		"overlap":  func() { SgemmBatch(false, false, 2, 2, 2, 1, a, 2, 0, a, 2, 0, 0, make([]float32, 8), 2, 2, 2) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}

func TestUseSwitchesBackend(t *testing.T) {
	prev := Use(Native{})
	if Current().Name() != (Native{}).Name() {
		t.Fatalf("Current after Use(Native) = %s", Current().Name())
	}
	Use(prev)
	if Current() != prev {
		t.Fatalf("Use did not restore %s", prev.Name())
	}
}

var benchSizes = [][3]int{{256, 256, 256}, {256, 256, 64}, {64, 384, 128}, {2048, 256, 64}, {64, 256, 2048}, {512, 512, 512}}

func benchGemm(b *testing.B, f func(m, n, k int, a, bb, c []float32)) {
	for _, sz := range benchSizes {
		m, n, k := sz[0], sz[1], sz[2]
		b.Run(fmt.Sprintf("%dx%dx%d", m, n, k), func(b *testing.B) {
			rng := rand.New(rand.NewPCG(1, 1))
			a, bb, c := randSlice(rng, m*k), randSlice(rng, k*n), make([]float32, m*n)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				f(m, n, k, a, bb, c)
			}
			b.ReportMetric(2*float64(m*n*k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}

func BenchmarkNative(b *testing.B) {
	benchGemm(b, func(m, n, k int, a, bb, c []float32) { Native{}.Sgemm(false, false, m, n, k, 1, a, k, bb, n, 0, c, n) })
}

func BenchmarkCurrent(b *testing.B) {
	benchGemm(b, func(m, n, k int, a, bb, c []float32) { Sgemm(false, false, m, n, k, 1, a, k, bb, n, 0, c, n) })
}

func BenchmarkGonum(b *testing.B) {
	benchGemm(b, func(m, n, k int, a, bb, c []float32) {
		blas32.Gemm(blas.NoTrans, blas.NoTrans, 1, blas32.General{Rows: m, Cols: k, Stride: k, Data: a},
			blas32.General{Rows: k, Cols: n, Stride: n, Data: bb}, 0, blas32.General{Rows: m, Cols: n, Stride: n, Data: c})
	})
}

func BenchmarkBatchAttention(b *testing.B) {
	// Scores of 128 (batch·head) pairs: 64×16 · (64×16)ᵀ.
	const cnt, t, d = 128, 64, 16
	rng := rand.New(rand.NewPCG(1, 1))
	q, k, s := randSlice(rng, cnt*t*d), randSlice(rng, cnt*t*d), make([]float32, cnt*t*t)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		SgemmBatch(false, true, t, t, d, 1, q, d, t*d, k, d, t*d, 0, s, t, t*t, cnt)
	}
	b.ReportMetric(2*float64(cnt*t*t*d)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

// TestPackedB: products with a pre-packed B equal plain products bit for
// bit (same kernel, same summation order), for both storage orders of B,
// k spanning several blocks and edge sizes.
func TestPackedB(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 9))
	for _, c := range []struct {
		m, n, k int
		tA, tB  bool
	}{{32, 384, 128, false, false}, {7, 33, 300, true, true}, {64, 128, 384, false, true}, {1, 16, 5, false, false}} {
		ldb := c.n
		if c.tB {
			ldb = c.k
		}
		lda := c.k
		if c.tA {
			lda = c.m
		}
		a, b := randSlice(rng, c.m*c.k), randSlice(rng, c.k*c.n)
		var pb PackedB
		PackB(&pb, c.tB, c.k, c.n, b, ldb, nil)
		for _, beta := range []float32{0, 1, 0.5} {
			c0 := randSlice(rng, c.m*c.n)
			got, want := append([]float32{}, c0...), append([]float32{}, c0...)
			SgemmPacked(c.tA, c.m, 0.75, a, lda, &pb, beta, got, c.n)
			ref := Current()
			if useAsm {
				ref = Native{} // packed products run the native kernel
			}
			ref.SgemmSerial(c.tA, c.tB, c.m, c.n, c.k, 0.75, a, lda, b, ldb, beta, want, c.n)
			for i := range got {
				if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
					t.Fatalf("%+v beta %v: element %d packed %v, plain %v", c, beta, i, got[i], want[i])
				}
			}
		}
	}
}

func BenchmarkRecurrentStep(b *testing.B) {
	// one GRU step of the reference benchmark: [32, 128]·[128, 384]
	rng := rand.New(rand.NewPCG(1, 1))
	h, w, c := randSlice(rng, 32*128), randSlice(rng, 128*384), make([]float32, 32*384)
	b.Run("plain", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			SgemmSerial(false, false, 32, 384, 128, 1, h, 128, w, 384, 0, c, 384)
		}
	})
	b.Run("packed", func(b *testing.B) {
		var pb PackedB
		PackB(&pb, false, 128, 384, w, 384, nil)
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			SgemmPacked(false, 32, 1, h, 128, &pb, 0, c, 384)
		}
	})
}
