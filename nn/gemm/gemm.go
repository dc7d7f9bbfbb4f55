// Package gemm multiplies float32 matrices for emergo's training engine:
// C = alpha·op(A)·op(B) + beta·C on row-major storage, singly or in
// strided batches, through a pluggable Backend.
//
// Conventions:
//   - Matrices are row-major slices with a leading dimension (the distance
//     between the starts of consecutive rows), as in CBLAS with
//     CblasRowMajor. op(X) is X or its transpose Xᵀ; op(A) is m×k, op(B)
//     is k×n and C is m×n. A transposed operand is stored with its
//     transpose's shape (A is k×m with lda ≥ m when tA is true).
//   - beta = 0 overwrites C without reading it, so C may hold garbage
//     (even NaN) on entry.
//   - Wrong sizes or too-short slices panic: they are programming errors.
//
// Backends: Native is pure Go with an AVX2/FMA micro-kernel written in Go
// assembly (no cgo), chosen at run time when the CPU supports it, and a
// portable Go kernel otherwise (or always, with -tags purego). Built with
// -tags openblas, the package links Debian's libopenblas through cgo and
// makes OpenBLAS the default; Use switches backends at run time. Both
// parallelise large products over the same Go worker pool (OpenBLAS is
// set to one thread and each worker calls it on its own block of C), so
// no second thread pool competes for the cores.
//
// Native follows Goto & van de Geijn: op(B) is packed in panels of 16
// columns and a 6×16 tile of C is accumulated in registers. The assembly
// kernel reads full 6-row slivers of op(A) in place through row and
// column strides (packing A costs more than it saves at these sizes), and
// PackedB lets a caller pack a right-hand matrix once for many products,
// as the recurrent layers do with their weights.
//
// Determinism: Native computes every element of C with one fixed
// summation order (blocks of KC along k, a fused multiply-add per term in
// the assembly kernel, alpha applied once at the end), whichever goroutine
// runs it and however the rows and columns are split, so results are
// bit-identical from run to run and independent of the number of workers. OpenBLAS partitions over rows and columns of C
// only, which is likewise repeatable for a fixed thread count.
//
// References:
//
//	K. Goto and R. A. van de Geijn, "Anatomy of high-performance matrix
//	multiplication", ACM Trans. Math. Softw. 34(3), 12 (2008).
//	F. G. Van Zee and R. A. van de Geijn, "BLIS: A framework for rapidly
//	instantiating BLAS functionality", ACM Trans. Math. Softw. 41(3), 14
//	(2015) (the 6×16 single-precision Haswell micro-kernel shape).
package gemm

import (
	"fmt"
	"sync/atomic"
)

// Backend computes single-precision matrix products.
type Backend interface {
	// Name identifies the backend ("native-avx2", "native-go", "openblas").
	Name() string
	// Sgemm computes C = alpha·op(A)·op(B) + beta·C.
	Sgemm(tA, tB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int)
	// SgemmSerial is Sgemm on the calling goroutine only, for callers
	// that parallelise at a coarser level.
	SgemmSerial(tA, tB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int)
	// SgemmBatch computes count products; product i uses the matrices
	// starting at a[i·strideA], b[i·strideB] and c[i·strideC]. The C
	// matrices of different products must not overlap.
	SgemmBatch(tA, tB bool, m, n, k int, alpha float32, a []float32, lda, strideA int, b []float32, ldb, strideB int, beta float32, c []float32, ldc, strideC int, count int)
}

type holder struct{ b Backend }

var current atomic.Pointer[holder]

func init() { current.Store(&holder{defaultBackend()}) }

// Use makes b the backend of Sgemm and SgemmBatch and returns the previous
// one. It is safe to call concurrently with products, which use whichever
// backend was current when they started.
func Use(b Backend) Backend {
	if b == nil {
		panic("gemm: Use(nil)")
	}
	return current.Swap(&holder{b}).b
}

// Current returns the backend in use.
func Current() Backend { return current.Load().b }

// Sgemm computes C = alpha·op(A)·op(B) + beta·C with the current backend.
func Sgemm(tA, tB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	current.Load().b.Sgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// SgemmSerial computes C = alpha·op(A)·op(B) + beta·C with the current
// backend on the calling goroutine only.
func SgemmSerial(tA, tB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	current.Load().b.SgemmSerial(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// SgemmBatch computes count strided products with the current backend.
func SgemmBatch(tA, tB bool, m, n, k int, alpha float32, a []float32, lda, strideA int, b []float32, ldb, strideB int, beta float32, c []float32, ldc, strideC int, count int) {
	current.Load().b.SgemmBatch(tA, tB, m, n, k, alpha, a, lda, strideA, b, ldb, strideB, beta, c, ldc, strideC, count)
}

// need returns the minimum slice length of a rows×cols row-major matrix
// with leading dimension ld.
func need(rows, cols, ld int) int {
	if rows == 0 || cols == 0 {
		return 0
	}
	return (rows-1)*ld + cols
}

// check panics unless the arguments describe valid matrices.
func check(tA, tB bool, m, n, k int, la, lda, lb, ldb, lc, ldc int) {
	if m < 0 || n < 0 || k < 0 {
		panic(fmt.Sprintf("gemm: negative size m=%d n=%d k=%d", m, n, k))
	}
	ar, ac := m, k
	if tA {
		ar, ac = k, m
	}
	br, bc := k, n
	if tB {
		br, bc = n, k
	}
	if lda < max(ac, 1) || ldb < max(bc, 1) || ldc < max(n, 1) {
		panic(fmt.Sprintf("gemm: leading dimension too small (lda=%d ldb=%d ldc=%d for m=%d n=%d k=%d tA=%v tB=%v)", lda, ldb, ldc, m, n, k, tA, tB))
	}
	if la < need(ar, ac, lda) || lb < need(br, bc, ldb) || lc < need(m, n, ldc) {
		panic(fmt.Sprintf("gemm: slice too short (len a=%d b=%d c=%d for m=%d n=%d k=%d lda=%d ldb=%d ldc=%d tA=%v tB=%v)", la, lb, lc, m, n, k, lda, ldb, ldc, tA, tB))
	}
}

// checkBatch panics unless every product of a batch is valid.
func checkBatch(tA, tB bool, m, n, k int, la, lda, sa, lb, ldb, sb, lc, ldc, sc, count int) {
	if count < 0 || sa < 0 || sb < 0 || sc < 0 {
		panic(fmt.Sprintf("gemm: negative batch count or stride (count=%d strides %d %d %d)", count, sa, sb, sc))
	}
	if count == 0 {
		return
	}
	last := count - 1
	check(tA, tB, m, n, k, la-last*sa, lda, lb-last*sb, ldb, lc-last*sc, ldc)
	if count > 1 && sc < need(m, n, ldc) && m > 0 && n > 0 {
		panic(fmt.Sprintf("gemm: batch C stride %d smaller than a C matrix (%d)", sc, need(m, n, ldc)))
	}
}

// scaleC multiplies the m×n matrix C by beta (zeroing when beta is 0).
func scaleC(m, n int, beta float32, c []float32, ldc int) {
	if beta == 1 {
		return
	}
	for i := 0; i < m; i++ {
		row := c[i*ldc : i*ldc+n]
		if beta == 0 {
			clear(row)
			continue
		}
		for j := range row {
			row[j] *= beta
		}
	}
}

// Naive computes C = alpha·op(A)·op(B) + beta·C by the textbook triple
// loop with float64 accumulation. It is slow and meant as a reference for
// tests.
func Naive(tA, tB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	check(tA, tB, m, n, k, len(a), lda, len(b), ldb, len(c), ldc)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var s float64
			for p := 0; p < k; p++ {
				var av, bv float32
				if tA {
					av = a[p*lda+i]
				} else {
					av = a[i*lda+p]
				}
				if tB {
					bv = b[j*ldb+p]
				} else {
					bv = b[p*ldb+j]
				}
				s += float64(av) * float64(bv)
			}
			v := float64(alpha) * s
			if beta != 0 {
				v += float64(beta) * float64(c[i*ldc+j])
			}
			c[i*ldc+j] = float32(v)
		}
	}
}
