package gemm64

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
)

const (
	mr = 6   // rows of the micro-tile
	nr = 8   // columns of the micro-tile
	kc = 256 // contraction terms per block
	mc = 72  // rows of C per task (a multiple of mr)
)

// PackedB is a right-hand operand op(B) (K×N) packed for Mul: for each
// block of up to 256 contraction terms, panels of 8 columns stored term by
// term, the last panel padded with zeros.
type PackedB struct {
	K, N int
	np   int       // number of panels
	data []float64 // block-major, then panel-major, then term-major
}

// PackB packs op(B), a K×N matrix: B itself (k×n, row stride ldb) when
// trans is false, or Bᵀ with B stored n×k (row stride ldb) when trans is
// true.
func PackB(trans bool, k, n int, b []float64, ldb int) *PackedB {
	if k < 0 || n < 0 {
		panic(fmt.Sprintf("gemm64: negative size %d×%d", k, n))
	}
	rows, cols := k, n
	if trans {
		rows, cols = n, k
	}
	checkMat("B", rows, cols, b, ldb)
	np := (n + nr - 1) / nr
	pb := &PackedB{K: k, N: n, np: np, data: make([]float64, k*np*nr)}
	off := 0
	for q0 := 0; q0 < k; q0 += kc {
		kq := min(kc, k-q0)
		for jp := 0; jp < np; jp++ {
			j0 := jp * nr
			w := min(nr, n-j0)
			dst := pb.data[off : off+kq*nr]
			off += kq * nr
			if !trans {
				for p := 0; p < kq; p++ {
					row := b[(q0+p)*ldb+j0 : (q0+p)*ldb+j0+w]
					copy(dst[p*nr:p*nr+w], row)
				}
			} else {
				for jj := 0; jj < w; jj++ {
					row := b[(j0+jj)*ldb+q0 : (j0+jj)*ldb+q0+kq]
					for p, v := range row {
						dst[p*nr+jj] = v
					}
				}
			}
		}
	}
	return pb
}

// block returns the packed panels of contraction block q (terms
// [q·256, q·256+kq)).
func (pb *PackedB) block(q, kq int) []float64 {
	off := q * kc * pb.np * nr
	return pb.data[off : off+kq*pb.np*nr]
}

func checkMat(name string, rows, cols int, x []float64, ld int) {
	if rows == 0 || cols == 0 {
		return
	}
	if ld < cols {
		panic(fmt.Sprintf("gemm64: %s leading dimension %d < %d columns", name, ld, cols))
	}
	if need := (rows-1)*ld + cols; len(x) < need {
		panic(fmt.Sprintf("gemm64: %s has %d values, need %d for %d×%d with stride %d", name, len(x), need, rows, cols, ld))
	}
}

// Mul computes C = op(A)·op(B), overwriting C (m×pb.N, row stride ldc).
// op(A) is m×pb.K: A itself (row stride lda) when transA is false, or Aᵀ
// with A stored pb.K×m when transA is true. When upper is true (m must
// equal pb.N) only the tiles that touch the upper triangle j ≥ i are
// computed; the others are set to zero.
func Mul(transA bool, m int, a []float64, lda int, pb *PackedB, c []float64, ldc int, upper bool) {
	mul(transA, m, a, lda, pb, c, ldc, upper, runtime.GOMAXPROCS(0))
}

// MulSerial is Mul on the calling goroutine only, for callers that
// parallelise at a coarser level.
func MulSerial(transA bool, m int, a []float64, lda int, pb *PackedB, c []float64, ldc int, upper bool) {
	mul(transA, m, a, lda, pb, c, ldc, upper, 1)
}

func mul(transA bool, m int, a []float64, lda int, pb *PackedB, c []float64, ldc int, upper bool, workers int) {
	k, n := pb.K, pb.N
	if transA {
		checkMat("A", k, m, a, lda)
	} else {
		checkMat("A", m, k, a, lda)
	}
	checkMat("C", m, n, c, ldc)
	if upper && m != n {
		panic(fmt.Sprintf("gemm64: upper product needs a square result, have %d×%d", m, n))
	}
	if m == 0 || n == 0 {
		return
	}
	tasks := (m + mc - 1) / mc
	if flops := float64(m) * float64(n) * float64(k); flops < 1<<18 {
		workers = 1
	}
	workers = min(workers, tasks)
	var next atomic.Int64
	run := func() {
		var ws Workspace
		for {
			t := int(next.Add(1)) - 1
			if t >= tasks {
				return
			}
			i0 := t * mc
			rowBlock(transA, a, lda, i0, min(i0+mc, m), pb, 0, pb.np, n, c[i0*ldc:], ldc, upper, &ws)
		}
	}
	if workers == 1 {
		run()
		return
	}
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			run()
		}()
	}
	wg.Wait()
}

// Workspace holds the packing buffer of MulCols so that repeated calls
// do not allocate. The zero value is ready to use.
type Workspace struct {
	apack []float64
}

// MulCols computes columns [j0, j1) of op(A)·op(B) on the calling
// goroutine, writing them to C (m×(j1−j0), row stride ldc) with C's
// column 0 holding product column j0. j0 must be a multiple of 8.
func MulCols(transA bool, m int, a []float64, lda int, pb *PackedB, j0, j1 int, c []float64, ldc int, ws *Workspace) {
	if j0%nr != 0 || j0 < 0 || j1 < j0 || j1 > pb.N {
		panic(fmt.Sprintf("gemm64: column range [%d, %d) invalid for %d columns (start must be a multiple of %d)", j0, j1, pb.N, nr))
	}
	if transA {
		checkMat("A", pb.K, m, a, lda)
	} else {
		checkMat("A", m, pb.K, a, lda)
	}
	checkMat("C", m, j1-j0, c, ldc)
	if m == 0 || j1 == j0 {
		return
	}
	for i0 := 0; i0 < m; i0 += mc {
		rowBlock(transA, a, lda, i0, min(i0+mc, m), pb, j0/nr, (j1+nr-1)/nr, j1, c[i0*ldc:], ldc, false, ws)
	}
}

// rowBlock computes rows [i0, i1) and panels [jp0, jp1) of the product
// into c, whose element (0, 0) is product element (i0, jp0·8), clipping
// the last panel at product column jEnd. The first contraction block
// stores its tiles and later blocks add theirs. With upper, tiles below
// the diagonal are zeroed instead of computed.
func rowBlock(transA bool, a []float64, lda, i0, i1 int, pb *PackedB, jp0, jp1, jEnd int, c []float64, ldc int, upper bool, ws *Workspace) {
	if len(ws.apack) < mc*kc {
		ws.apack = make([]float64, mc*kc)
	}
	apack := ws.apack
	var tile [mr * nr]float64
	k := pb.K
	for q0, q := 0, 0; q0 < k; q0, q = q0+kc, q+1 {
		kq := min(kc, k-q0)
		packA(transA, a, lda, i0, i1, q0, kq, apack)
		bblk := pb.block(q, kq)
		for jp := jp0; jp < jp1; jp++ {
			jg := jp * nr     // product column
			jc := jg - jp0*nr // column in c
			w := min(nr, jEnd-jg)
			bp := bblk[jp*kq*nr : (jp+1)*kq*nr]
			for is := i0; is < i1; is += mr {
				h := min(mr, i1-is)
				if upper && jg+nr <= is {
					if q == 0 {
						for r := 0; r < h; r++ {
							clear(c[(is-i0+r)*ldc+jc : (is-i0+r)*ldc+jc+w])
						}
					}
					continue
				}
				ap := apack[(is-i0)*kq : (is-i0+mr)*kq]
				kern6x8(kq, ap, bp, &tile)
				for r := 0; r < h; r++ {
					crow := c[(is-i0+r)*ldc+jc : (is-i0+r)*ldc+jc+w]
					trow := tile[r*nr : r*nr+w]
					if q == 0 {
						copy(crow, trow)
						continue
					}
					for jj := range crow {
						crow[jj] += trow[jj]
					}
				}
			}
		}
	}
	if k == 0 {
		for r := 0; r < i1-i0; r++ {
			clear(c[r*ldc : r*ldc+jEnd-jp0*nr])
		}
	}
}

// packA packs rows [i0, i1) of op(A), terms [q0, q0+kq), into 6-row
// slivers: sliver s at dst[s·6·kq:], element (r, p) at p·6+r, short
// slivers padded with zeros.
func packA(transA bool, a []float64, lda, i0, i1, q0, kq int, dst []float64) {
	for is := i0; is < i1; is += mr {
		h := min(mr, i1-is)
		sl := dst[(is-i0)*kq : (is-i0+mr)*kq]
		if h < mr {
			clear(sl)
		}
		if transA {
			for p := 0; p < kq; p++ {
				src := a[(q0+p)*lda+is : (q0+p)*lda+is+h]
				copy(sl[p*mr:p*mr+h], src)
			}
		} else {
			for r := 0; r < h; r++ {
				src := a[(is+r)*lda+q0 : (is+r)*lda+q0+kq]
				for p, v := range src {
					sl[p*mr+r] = v
				}
			}
		}
	}
}

// AtB computes C = AᵀB for A (k×m, stride lda) and B (k×n, stride ldb),
// overwriting C (m×n, stride ldc).
func AtB(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	Mul(true, m, a, lda, PackB(false, k, n, b, ldb), c, ldc, false)
}

// AtA computes the symmetric C = AᵀA for A (k×m, stride lda), overwriting
// C (m×m, stride ldc); both triangles are filled.
func AtA(m, k int, a []float64, lda int, c []float64, ldc int) {
	Mul(true, m, a, lda, PackB(false, k, m, a, lda), c, ldc, true)
	for i := 0; i < m; i++ {
		for j := 0; j < i; j++ {
			c[i*ldc+j] = c[j*ldc+i]
		}
	}
}

// ABt computes C = A·Bᵀ for A (m×k, stride lda) and B (n×k, stride ldb),
// overwriting C (m×n, stride ldc).
func ABt(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	Mul(false, m, a, lda, PackB(true, k, n, b, ldb), c, ldc, false)
}

// kern6x8go is the portable micro-kernel: t[r·8+j] = Σ_p a[p·6+r]·b[p·8+j].
func kern6x8go(kq int, a, b []float64, t *[mr * nr]float64) {
	*t = [mr * nr]float64{}
	a = a[:kq*mr]
	b = b[:kq*nr]
	for r := 0; r < mr; r++ {
		var s0, s1, s2, s3, s4, s5, s6, s7 float64
		for p := 0; p < kq; p++ {
			av := a[p*mr+r]
			bp := b[p*nr : p*nr+nr : p*nr+nr]
			s0 += av * bp[0]
			s1 += av * bp[1]
			s2 += av * bp[2]
			s3 += av * bp[3]
			s4 += av * bp[4]
			s5 += av * bp[5]
			s6 += av * bp[6]
			s7 += av * bp[7]
		}
		t[r*nr], t[r*nr+1], t[r*nr+2], t[r*nr+3] = s0, s1, s2, s3
		t[r*nr+4], t[r*nr+5], t[r*nr+6], t[r*nr+7] = s4, s5, s6, s7
	}
}
