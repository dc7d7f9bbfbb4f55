//go:build openblas

package gemm

/*
#cgo LDFLAGS: -lopenblas
enum { rowMajor = 101, noTrans = 111, trans = 112 };
void cblas_sgemm(int order, int transA, int transB, int m, int n, int k,
                 float alpha, const float *a, int lda, const float *b, int ldb,
                 float beta, float *c, int ldc);
void openblas_set_num_threads(int n);

static void sgemm(int tA, int tB, int m, int n, int k, float alpha,
                  const float *a, int lda, const float *b, int ldb,
                  float beta, float *c, int ldc) {
	cblas_sgemm(rowMajor, tA ? trans : noTrans, tB ? trans : noTrans, m, n, k,
	            alpha, a, lda, b, ldb, beta, c, ldc);
}

static void sgemm_batch(int tA, int tB, int m, int n, int k, float alpha,
                        const float *a, int lda, long sa, const float *b, int ldb, long sb,
                        float beta, float *c, int ldc, long sc, int count) {
	for (int i = 0; i < count; i++) {
		cblas_sgemm(rowMajor, tA ? trans : noTrans, tB ? trans : noTrans, m, n, k,
		            alpha, a + i * sa, lda, b + i * sb, ldb, beta, c + i * sc, ldc);
	}
}
*/
import "C"

import (
	"sync"

	"github.com/emergo/emergo/nn/internal/par"
)

func defaultBackend() Backend {
	C.openblas_set_num_threads(1)
	return OpenBLAS{}
}

// OpenBLAS is the backend that calls cblas_sgemm of the system's
// libopenblas through cgo (build with -tags openblas; on Debian
// apt-get install libopenblas-dev). OpenBLAS is set to one thread when
// the package initialises; large products are cut into blocks of rows (or
// columns) of C that Go workers compute concurrently, a fixed split for a
// given worker count. Products under 2¹⁸ multiply-adds go to the native
// assembly kernel instead, which is faster at that size than a cgo call.
type OpenBLAS struct{}

// Name returns "openblas".
func (OpenBLAS) Name() string { return "openblas" }

func b2i(b bool) C.int {
	if b {
		return 1
	}
	return 0
}

func ptr(s []float32) *C.float {
	if len(s) == 0 {
		return nil
	}
	return (*C.float)(&s[0])
}

func cblas(tA, tB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	C.sgemm(b2i(tA), b2i(tB), C.int(m), C.int(n), C.int(k), C.float(alpha), ptr(a), C.int(lda),
		ptr(b), C.int(ldb), C.float(beta), ptr(c), C.int(ldc))
}

// smallFlops: below this many multiply-adds the native assembly kernel
// beats a cgo call into OpenBLAS (measured on the attention products of
// the reference Transformer, 64×64×16).
const smallFlops = 1 << 18

// SgemmSerial computes C = alpha·op(A)·op(B) + beta·C with one
// single-threaded cblas_sgemm call (small products with the native
// assembly kernel when the CPU has one).
func (OpenBLAS) SgemmSerial(tA, tB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	check(tA, tB, m, n, k, len(a), lda, len(b), ldb, len(c), ldc)
	if m == 0 || n == 0 {
		return
	}
	if k == 0 {
		scaleC(m, n, beta, c, ldc)
		return
	}
	if useAsm && m*n*k < smallFlops {
		Native{}.SgemmSerial(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	cblas(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// splitJob computes a block of rows or columns of C per piece.
type splitJob struct {
	tA, tB      bool
	m, n, k     int
	alpha, beta float32
	a, b, c     []float32
	lda, ldb    int
	ldc         int
	byRows      bool
	parts       int
}

var splitPool = sync.Pool{New: func() any { return new(splitJob) }}

func (j *splitJob) Do(i int) {
	if j.byRows {
		lo, hi := par.Split(j.m, j.parts, i)
		if hi == lo {
			return
		}
		aOff := lo * j.lda
		if j.tA {
			aOff = lo
		}
		cblas(j.tA, j.tB, hi-lo, j.n, j.k, j.alpha, j.a[aOff:], j.lda, j.b, j.ldb, j.beta, j.c[lo*j.ldc:], j.ldc)
		return
	}
	lo, hi := par.Split(j.n, j.parts, i)
	if hi == lo {
		return
	}
	bOff := lo
	if j.tB {
		bOff = lo * j.ldb
	}
	cblas(j.tA, j.tB, j.m, hi-lo, j.k, j.alpha, j.a, j.lda, j.b[bOff:], j.ldb, j.beta, j.c[lo:], j.ldc)
}

// Sgemm computes C = alpha·op(A)·op(B) + beta·C, splitting large products
// over the Go workers.
func (o OpenBLAS) Sgemm(tA, tB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	w := par.Workers()
	if w == 1 || m*n*k < parMinFlops || (m < 2*mr && n < 2*nr) {
		o.SgemmSerial(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	check(tA, tB, m, n, k, len(a), lda, len(b), ldb, len(c), ldc)
	j := splitPool.Get().(*splitJob)
	*j = splitJob{tA: tA, tB: tB, m: m, n: n, k: k, alpha: alpha, beta: beta, a: a, b: b, c: c,
		lda: lda, ldb: ldb, ldc: ldc, byRows: m >= n, parts: w}
	par.Run(w, j)
	j.a, j.b, j.c = nil, nil, nil
	splitPool.Put(j)
}

type blasBatch struct {
	tA, tB                 bool
	m, n, k                int
	alpha, beta            float32
	a, b, c                []float32
	lda, ldb, ldc          int
	strideA, strideB, strC int
	count, parts           int
}

var blasBatchPool = sync.Pool{New: func() any { return new(blasBatch) }}

func (j *blasBatch) Do(i int) {
	lo, hi := par.Split(j.count, j.parts, i)
	if hi <= lo {
		return
	}
	if useAsm && j.m*j.n*j.k < smallFlops {
		for q := lo; q < hi; q++ {
			Native{}.SgemmSerial(j.tA, j.tB, j.m, j.n, j.k, j.alpha, j.a[q*j.strideA:], j.lda, j.b[q*j.strideB:], j.ldb, j.beta, j.c[q*j.strC:], j.ldc)
		}
		return
	}
	C.sgemm_batch(b2i(j.tA), b2i(j.tB), C.int(j.m), C.int(j.n), C.int(j.k), C.float(j.alpha),
		ptr(j.a[lo*j.strideA:]), C.int(j.lda), C.long(j.strideA),
		ptr(j.b[lo*j.strideB:]), C.int(j.ldb), C.long(j.strideB),
		C.float(j.beta), ptr(j.c[lo*j.strC:]), C.int(j.ldc), C.long(j.strC), C.int(hi-lo))
}

// SgemmBatch computes count strided products. Small products are spread
// over the Go workers, large ones are split inside.
func (o OpenBLAS) SgemmBatch(tA, tB bool, m, n, k int, alpha float32, a []float32, lda, strideA int, b []float32, ldb, strideB int, beta float32, c []float32, ldc, strideC int, count int) {
	checkBatch(tA, tB, m, n, k, len(a), lda, strideA, len(b), ldb, strideB, len(c), ldc, strideC, count)
	if count == 0 || m == 0 || n == 0 {
		return
	}
	if k == 0 {
		for q := 0; q < count; q++ {
			scaleC(m, n, beta, c[q*strideC:], ldc)
		}
		return
	}
	w := par.Workers()
	if count == 1 || m*n*k > batchSerialFlops {
		for q := 0; q < count; q++ {
			o.Sgemm(tA, tB, m, n, k, alpha, a[q*strideA:], lda, b[q*strideB:], ldb, beta, c[q*strideC:], ldc)
		}
		return
	}
	j := blasBatchPool.Get().(*blasBatch)
	*j = blasBatch{tA: tA, tB: tB, m: m, n: n, k: k, alpha: alpha, beta: beta, a: a, b: b, c: c,
		lda: lda, ldb: ldb, ldc: ldc, strideA: strideA, strideB: strideB, strC: strideC, count: count, parts: 1}
	if w > 1 && m*n*k*count >= parMinFlops {
		j.parts = min(w, count)
	}
	par.Run(j.parts, j)
	j.a, j.b, j.c = nil, nil, nil
	blasBatchPool.Put(j)
}
