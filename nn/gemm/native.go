package gemm

import (
	"sync"
	"unsafe"

	"github.com/emergo/emergo/nn/gemm/internal/kernel"
	"github.com/emergo/emergo/nn/internal/par"
)

// useAsm selects the assembly micro-kernel; tests switch it off to check
// the portable one.
var useAsm = kernel.AVX2FMA

// inPlaceA makes the assembly path read full slivers of A in place
// instead of packing them.
var inPlaceA = true

// inPlaceBMaxM is the largest m for which the assembly path reads B in
// place instead of packing it (when B is not transposed): with at most
// eleven row slivers reusing each panel, a separate packing pass costs a
// large share of the product. (Measurements on the shared benchmark
// machine could not separate larger limits from noise.)
var inPlaceBMaxM = 64

// Blocking of the native backend (Goto & van de Geijn 2008): an MR×NR
// micro-tile of C is accumulated in registers over a KC-long panel; an
// MC×KC block of op(A) is packed to stay in L2 and a KC×NC block of op(B)
// in L3.
const (
	mr      = 6
	nr      = 16
	kcBlock = 256
	mcBlock = 144
	ncBlock = 4096
	// Products with fewer multiply-adds than this run on one goroutine.
	parMinFlops = 1 << 17
	// Batched products at most this large run one per goroutine.
	batchSerialFlops = 1 << 21
)

// Native is the pure-Go backend: blocked, packed and goroutine-parallel,
// with an AVX2/FMA assembly micro-kernel when the CPU has one.
type Native struct{}

// Name reports "native-avx2" or "native-go" according to the kernel in use.
func (Native) Name() string {
	if useAsm {
		return "native-avx2"
	}
	return "native-go"
}

// microKernel computes the MR×NR tile C += Ap·Bp (or C = Ap·Bp when !load) over
// kc packed terms. c points at C[0][0] with row stride ldc elements.
func microKernel(kc int, a, b, c *float32, ldc int, load bool) {
	if useAsm {
		kernel.Kern6x16(kc, a, b, c, ldc, load)
		return
	}
	kernGo(kc, a, b, c, ldc, load)
}

// kernGo is the portable micro-kernel. It walks the 6×16 tile in 2×4
// blocks whose eight accumulators and six operands fit in the sixteen
// floating-point registers of common 64-bit CPUs; the sum over p is in
// the same order for every element.
func kernGo(kc int, a, b, c *float32, ldc int, load bool) {
	as := unsafe.Slice(a, kc*mr)
	bs := unsafe.Slice(b, kc*nr)
	cs := unsafe.Slice(c, (mr-1)*ldc+nr)
	for r := 0; r < mr; r += 2 {
		for j := 0; j < nr; j += 4 {
			var c00, c01, c02, c03, c10, c11, c12, c13 float32
			for p := 0; p < kc; p++ {
				ap := (*[mr]float32)(as[p*mr : p*mr+mr])
				bp := (*[4]float32)(bs[p*nr+j : p*nr+j+4])
				a0, a1 := ap[r], ap[r+1]
				b0, b1, b2, b3 := bp[0], bp[1], bp[2], bp[3]
				c00 += a0 * b0
				c01 += a0 * b1
				c02 += a0 * b2
				c03 += a0 * b3
				c10 += a1 * b0
				c11 += a1 * b1
				c12 += a1 * b2
				c13 += a1 * b3
			}
			r0 := (*[4]float32)(cs[r*ldc+j : r*ldc+j+4])
			r1 := (*[4]float32)(cs[(r+1)*ldc+j : (r+1)*ldc+j+4])
			if load {
				r0[0] += c00
				r0[1] += c01
				r0[2] += c02
				r0[3] += c03
				r1[0] += c10
				r1[1] += c11
				r1[2] += c12
				r1[3] += c13
			} else {
				*r0 = [4]float32{c00, c01, c02, c03}
				*r1 = [4]float32{c10, c11, c12, c13}
			}
		}
	}
}

// problem holds one product and its packing buffers; it is the Job of the
// parallel phases.
type problem struct {
	tA, tB      bool
	m, n, k     int
	alpha       float32
	a, b, c     []float32
	lda, ldb    int
	ldc         int
	load        bool // add to C (false only in the first k-block when beta = 0)
	jc, nc      int  // current column block
	pc, kc      int  // current k block
	nsl         int  // slivers of NR columns in the column block
	bp          []float32
	inB         bool // read full slivers of B in place (not transposed)
	packParts   int
	rowChunk    int
	rowTasks    int
	slChunk     int
	slTasks     int
	serialBatch bool
}

var (
	problemPool = sync.Pool{New: func() any { return new(problem) }}
	apPool      = sync.Pool{New: func() any { s := make([]float32, mcBlock*kcBlock); return &s }}
)

type packBJob problem
type computeJob problem

func (j *packBJob) Do(i int) {
	p := (*problem)(j)
	lo, hi := par.Split(p.nsl, p.packParts, i)
	p.packB(lo, hi)
}

func (j *computeJob) Do(i int) {
	p := (*problem)(j)
	ri, si := i/p.slTasks, i%p.slTasks
	r0 := ri * p.rowChunk
	r1 := min(p.m, r0+p.rowChunk)
	s0 := si * p.slChunk
	s1 := min(p.nsl, s0+p.slChunk)
	p.compute(r0, r1, s0, s1)
}

// packB packs slivers [s0, s1) of the current KC×NC block of op(B):
// bp[(s·kc + p)·NR + j] = op(B)[pc+p][jc + s·NR + j], zero beyond n.
func (p *problem) packB(s0, s1 int) {
	kc := p.kc
	for s := s0; s < s1; s++ {
		col0 := p.jc + s*nr
		w := min(nr, p.jc+p.nc-col0)
		dst := p.bp[s*kc*nr : (s+1)*kc*nr]
		if !p.tB {
			if w == nr {
				for q := 0; q < kc; q++ {
					off := (p.pc+q)*p.ldb + col0
					*(*[nr]float32)(dst[q*nr : q*nr+nr]) = *(*[nr]float32)(p.b[off : off+nr])
				}
				continue
			}
			for q := 0; q < kc; q++ {
				src := p.b[(p.pc+q)*p.ldb+col0 : (p.pc+q)*p.ldb+col0+w]
				d := dst[q*nr : q*nr+nr]
				copy(d, src)
				clear(d[w:])
			}
			continue
		}
		if w < nr {
			clear(dst)
		}
		for j := 0; j < w; j++ {
			src := p.b[(col0+j)*p.ldb+p.pc : (col0+j)*p.ldb+p.pc+kc]
			for q, v := range src {
				dst[q*nr+j] = v
			}
		}
	}
}

// packA packs rows [i0, i0+mc) of the current k block of alpha·op(A) into
// ap in slivers of MR rows: ap[(s·kc + p)·MR + r], zero beyond m.
func (p *problem) packA(ap []float32, i0, mc int) { p.packAScaled(ap, i0, mc, p.alpha) }

// packAScaled is packA with an explicit scale.
func (p *problem) packAScaled(ap []float32, i0, mc int, alpha float32) {
	kc := p.kc
	nsl := (mc + mr - 1) / mr
	for s := 0; s < nsl; s++ {
		dst := ap[s*kc*mr : (s+1)*kc*mr]
		rows := min(mr, mc-s*mr)
		if p.tA {
			for q := 0; q < kc; q++ {
				off := (p.pc+q)*p.lda + i0 + s*mr
				d := dst[q*mr : q*mr+mr : q*mr+mr]
				if rows == mr {
					src := p.a[off : off+mr : off+mr]
					d[0], d[1], d[2], d[3], d[4], d[5] = alpha*src[0], alpha*src[1], alpha*src[2], alpha*src[3], alpha*src[4], alpha*src[5]
					continue
				}
				clear(d)
				for r, v := range p.a[off : off+rows] {
					d[r] = alpha * v
				}
			}
			continue
		}
		if rows == mr {
			base := (i0 + s*mr) * p.lda
			r0 := p.a[base+p.pc : base+p.pc+kc]
			r1 := p.a[base+p.lda+p.pc : base+p.lda+p.pc+kc]
			r2 := p.a[base+2*p.lda+p.pc : base+2*p.lda+p.pc+kc]
			r3 := p.a[base+3*p.lda+p.pc : base+3*p.lda+p.pc+kc]
			r4 := p.a[base+4*p.lda+p.pc : base+4*p.lda+p.pc+kc]
			r5 := p.a[base+5*p.lda+p.pc : base+5*p.lda+p.pc+kc]
			for q := 0; q < kc; q++ {
				d := dst[q*mr : q*mr+mr : q*mr+mr]
				d[0], d[1], d[2], d[3], d[4], d[5] = alpha*r0[q], alpha*r1[q], alpha*r2[q], alpha*r3[q], alpha*r4[q], alpha*r5[q]
			}
			continue
		}
		clear(dst)
		for r := 0; r < rows; r++ {
			i := i0 + s*mr + r
			src := p.a[i*p.lda+p.pc : i*p.lda+p.pc+kc]
			for q, v := range src {
				dst[q*mr+r] = alpha * v
			}
		}
	}
}

// compute multiplies rows [r0, r1) of the current A block with slivers
// [s0, s1) of the packed B block into C.
func (p *problem) compute(r0, r1, s0, s1 int) {
	if useAsm && inPlaceA {
		p.computeInPlace(r0, r1, s0, s1)
		return
	}
	apb := apPool.Get().(*[]float32)
	ap := *apb
	kc := p.kc
	var tmp [mr * nr]float32
	for ic := r0; ic < r1; ic += mcBlock {
		mc := min(mcBlock, r1-ic)
		p.packA(ap, ic, mc)
		for s := s0; s < s1; s++ {
			col := p.jc + s*nr
			w := min(nr, p.jc+p.nc-col)
			bs := &p.bp[s*kc*nr]
			for ir := 0; ir < mc; ir += mr {
				h := min(mr, mc-ir)
				as := &ap[(ir/mr)*kc*mr]
				row := ic + ir
				if h == mr && w == nr {
					microKernel(kc, as, bs, &p.c[row*p.ldc+col], p.ldc, p.load)
					continue
				}
				microKernel(kc, as, bs, &tmp[0], nr, false)
				p.storeEdge(&tmp, row, col, h, w)
			}
		}
	}
	apPool.Put(apb)
}

// storeEdge writes the h×w corner of an edge tile into C.
func (p *problem) storeEdge(tmp *[mr * nr]float32, row, col, h, w int) {
	for r := 0; r < h; r++ {
		dst := p.c[(row+r)*p.ldc+col : (row+r)*p.ldc+col+w]
		src := tmp[r*nr : r*nr+w]
		if p.load {
			for j, v := range src {
				dst[j] += v
			}
		} else {
			copy(dst, src)
		}
	}
}

// computeInPlace is compute with the strided assembly kernel reading full
// MR-row slivers of op(A) where they are; only a final partial sliver is
// packed (with zero rows), so that no read goes past A.
func (p *problem) computeInPlace(r0, r1, s0, s1 int) {
	kc := p.kc
	rs, cs := p.lda, 1 // strides of op(A) in elements
	if p.tA {
		rs, cs = 1, p.lda
	}
	var tmp [mr * nr]float32
	var edge [mr * kcBlock]float32
	full := r0 + (r1-r0)/mr*mr
	if full < r1 {
		// unscaled, so that every row is (Σ a·b)·alpha whichever sliver
		// it falls in: results do not depend on how rows are split
		p.packAScaled(edge[:], full, r1-full, 1)
	}
	for s := s0; s < s1; s++ {
		col := p.jc + s*nr
		w := min(nr, p.jc+p.nc-col)
		bs, bld := &p.bp[s*kc*nr], nr
		if p.inB && w == nr {
			bs, bld = &p.b[p.pc*p.ldb+col], p.ldb
		}
		for row := r0; row < full; row += mr {
			a := &p.a[row*rs+p.pc*cs]
			if w == nr {
				kernel.Kern6x16S(kc, a, rs, cs, bs, bld, &p.c[row*p.ldc+col], p.ldc, p.load, p.alpha)
				continue
			}
			kernel.Kern6x16S(kc, a, rs, cs, bs, bld, &tmp[0], nr, false, p.alpha)
			p.storeEdge(&tmp, row, col, mr, w)
		}
		if full < r1 {
			kernel.Kern6x16S(kc, &edge[0], 1, mr, bs, bld, &tmp[0], nr, false, p.alpha)
			p.storeEdge(&tmp, full, col, r1-full, w)
		}
	}
}

// plan sets the task decomposition of the current block for w workers.
func (p *problem) plan(w int) {
	p.nsl = (p.nc + nr - 1) / nr
	if w <= 1 {
		p.rowChunk, p.rowTasks, p.slChunk, p.slTasks = p.m, 1, p.nsl, 1
		p.packParts = 1
		return
	}
	// Aim for two tasks per worker, taken dynamically, so that a worker
	// delayed by another process does not hold up the rest.
	rowTasks := (p.m + mcBlock - 1) / mcBlock
	if rowTasks < 2*w && (p.m >= w*mcBlock/2 || p.nsl < w) {
		rowTasks = min(2*w, (p.m+mr-1)/mr)
	}
	chunk := (p.m + rowTasks - 1) / rowTasks
	chunk = (chunk + mr - 1) / mr * mr
	p.rowChunk = chunk
	p.rowTasks = (p.m + chunk - 1) / chunk
	p.slTasks = 1
	if p.rowTasks < 2*w {
		p.slTasks = min(p.nsl, (2*w+p.rowTasks-1)/p.rowTasks)
	}
	p.slChunk = (p.nsl + p.slTasks - 1) / p.slTasks
	p.slTasks = (p.nsl + p.slChunk - 1) / p.slChunk
	p.packParts = 1
	if p.kc*p.nc >= 1<<15 {
		p.packParts = min(p.nsl, 2*w)
	}
}

// run executes the product, in parallel when w > 1.
func (p *problem) run(beta float32, w int) {
	if p.k == 0 || p.alpha == 0 {
		scaleC(p.m, p.n, beta, p.c, p.ldc)
		return
	}
	if beta != 0 && beta != 1 {
		scaleC(p.m, p.n, beta, p.c, p.ldc)
	}
	for jc := 0; jc < p.n; jc += ncBlock {
		p.jc, p.nc = jc, min(ncBlock, p.n-jc)
		for pc := 0; pc < p.k; pc += kcBlock {
			p.pc, p.kc = pc, min(kcBlock, p.k-pc)
			p.load = pc > 0 || beta != 0
			p.plan(w)
			need := p.nsl * p.kc * nr
			if cap(p.bp) < need {
				p.bp = make([]float32, need, max(need, kcBlock*nr*((min(p.n, ncBlock)+nr-1)/nr)))
			}
			p.bp = p.bp[:need]
			p.inB = useAsm && inPlaceA && !p.tB && p.m <= inPlaceBMaxM
			switch {
			case p.inB:
				if p.nc%nr != 0 { // only the ragged last sliver
					p.packB(p.nsl-1, p.nsl)
				}
			case p.packParts > 1:
				par.Run(p.packParts, (*packBJob)(p))
			default:
				p.packB(0, p.nsl)
			}
			if tasks := p.rowTasks * p.slTasks; tasks > 1 {
				par.Run(tasks, (*computeJob)(p))
			} else {
				p.compute(0, p.m, 0, p.nsl)
			}
		}
	}
}

func (p *problem) set(tA, tB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, c []float32, ldc int) {
	p.tA, p.tB, p.m, p.n, p.k, p.alpha = tA, tB, m, n, k, alpha
	p.a, p.lda, p.b, p.ldb, p.c, p.ldc = a, lda, b, ldb, c, ldc
}

func (p *problem) release() {
	p.a, p.b, p.c = nil, nil, nil
	problemPool.Put(p)
}

// Sgemm computes C = alpha·op(A)·op(B) + beta·C.
func (Native) Sgemm(tA, tB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	check(tA, tB, m, n, k, len(a), lda, len(b), ldb, len(c), ldc)
	if m == 0 || n == 0 {
		return
	}
	w := 1
	if m*n*k >= parMinFlops {
		w = par.Workers()
	}
	p := problemPool.Get().(*problem)
	p.set(tA, tB, m, n, k, alpha, a, lda, b, ldb, c, ldc)
	p.run(beta, w)
	p.release()
}

// SgemmSerial computes C = alpha·op(A)·op(B) + beta·C on the calling
// goroutine.
func (Native) SgemmSerial(tA, tB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	check(tA, tB, m, n, k, len(a), lda, len(b), ldb, len(c), ldc)
	if m == 0 || n == 0 {
		return
	}
	p := problemPool.Get().(*problem)
	p.set(tA, tB, m, n, k, alpha, a, lda, b, ldb, c, ldc)
	p.run(beta, 1)
	p.release()
}

// PackedB is op(B) packed once into the native kernel's panel layout, for
// repeated products with the same right-hand matrix (recurrent weights
// applied at every time step). It refers to B and must not outlive a
// change of B's values.
type PackedB struct {
	k, n, nsl int
	tB        bool
	b         []float32
	ldb       int
	data      []float32
}

// PackedBSize is the number of float32 values PackB needs for a k×n op(B).
func PackedBSize(k, n int) int { return k * ((n + nr - 1) / nr) * nr }

// PackB packs op(B) (k×n, B stored n×k when tB) into pb, using buf
// (length ≥ PackedBSize(k, n); nil allocates) as storage.
func PackB(pb *PackedB, tB bool, k, n int, b []float32, ldb int, buf []float32) {
	check(false, tB, 1, n, k, k, max(k, 1), len(b), ldb, n, max(n, 1))
	size := PackedBSize(k, n)
	if buf == nil {
		buf = make([]float32, size)
	}
	*pb = PackedB{k: k, n: n, nsl: (n + nr - 1) / nr, tB: tB, b: b, ldb: ldb, data: buf[:size]}
	if n > ncBlock {
		return // products fall back to unpacked calls
	}
	p := problemPool.Get().(*problem)
	saved := p.bp
	p.set(false, tB, 0, n, k, 1, nil, 1, b, ldb, nil, 1)
	p.jc, p.nc, p.nsl = 0, n, pb.nsl
	for pc := 0; pc < k; pc += kcBlock {
		p.pc, p.kc = pc, min(kcBlock, k-pc)
		p.bp = pb.data[pc*pb.nsl*nr : (pc+p.kc)*pb.nsl*nr]
		p.packB(0, pb.nsl)
	}
	p.bp = saved
	p.release()
}

// SgemmPacked computes C = alpha·op(A)·B + beta·C (A m×k) with a packed
// B, on the calling goroutine, with the native kernel. Without the
// assembly kernel and with another backend, or for B wider than one
// column block, it calls the current backend's SgemmSerial on the
// original B.
func SgemmPacked(tA bool, m int, alpha float32, a []float32, lda int, pb *PackedB, beta float32, c []float32, ldc int) {
	be := Current()
	if _, native := be.(Native); (!native && !useAsm) || pb.n > ncBlock {
		be.SgemmSerial(tA, pb.tB, m, pb.n, pb.k, alpha, a, lda, pb.b, pb.ldb, beta, c, ldc)
		return
	}
	check(tA, false, m, pb.n, pb.k, len(a), lda, pb.k*pb.n, max(pb.n, 1), len(c), ldc)
	if m == 0 || pb.n == 0 {
		return
	}
	p := problemPool.Get().(*problem)
	p.set(tA, false, m, pb.n, pb.k, alpha, a, lda, nil, 1, c, ldc)
	if p.k == 0 || alpha == 0 {
		scaleC(m, pb.n, beta, c, ldc)
	} else {
		if beta != 0 && beta != 1 {
			scaleC(m, pb.n, beta, c, ldc)
		}
		saved := p.bp
		p.inB = false
		p.jc, p.nc, p.nsl = 0, pb.n, pb.nsl
		for pc := 0; pc < p.k; pc += kcBlock {
			p.pc, p.kc = pc, min(kcBlock, p.k-pc)
			p.load = pc > 0 || beta != 0
			p.bp = pb.data[pc*pb.nsl*nr : (pc+p.kc)*pb.nsl*nr]
			p.compute(0, m, 0, pb.nsl)
		}
		p.bp = saved
	}
	p.release()
}

// batchJob runs the products of a batch, one goroutine per chunk.
type batchJob struct {
	tA, tB                 bool
	m, n, k                int
	alpha, beta            float32
	a, b, c                []float32
	lda, ldb, ldc          int
	strideA, strideB, strC int
	count, parts           int
}

var batchPool = sync.Pool{New: func() any { return new(batchJob) }}

func (j *batchJob) Do(i int) {
	lo, hi := par.Split(j.count, j.parts, i)
	p := problemPool.Get().(*problem)
	for q := lo; q < hi; q++ {
		p.set(j.tA, j.tB, j.m, j.n, j.k, j.alpha, j.a[q*j.strideA:], j.lda, j.b[q*j.strideB:], j.ldb, j.c[q*j.strC:], j.ldc)
		p.run(j.beta, 1)
	}
	p.release()
}

// SgemmBatch computes count strided products. Small products are spread
// over the workers one product each; large ones are parallel inside.
func (nt Native) SgemmBatch(tA, tB bool, m, n, k int, alpha float32, a []float32, lda, strideA int, b []float32, ldb, strideB int, beta float32, c []float32, ldc, strideC int, count int) {
	checkBatch(tA, tB, m, n, k, len(a), lda, strideA, len(b), ldb, strideB, len(c), ldc, strideC, count)
	if count == 0 || m == 0 || n == 0 {
		return
	}
	w := par.Workers()
	if count == 1 || w == 1 || m*n*k > batchSerialFlops {
		for q := 0; q < count; q++ {
			nt.Sgemm(tA, tB, m, n, k, alpha, a[q*strideA:], lda, b[q*strideB:], ldb, beta, c[q*strideC:], ldc)
		}
		return
	}
	j := batchPool.Get().(*batchJob)
	*j = batchJob{tA: tA, tB: tB, m: m, n: n, k: k, alpha: alpha, beta: beta, a: a, b: b, c: c,
		lda: lda, ldb: ldb, ldc: ldc, strideA: strideA, strideB: strideB, strC: strideC, count: count}
	j.parts = min(count, w)
	if m*n*k*count < parMinFlops {
		j.parts = 1
	}
	par.Run(j.parts, j)
	j.a, j.b, j.c = nil, nil, nil
	batchPool.Put(j)
}
