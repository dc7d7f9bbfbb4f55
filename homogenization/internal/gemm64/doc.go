// Package gemm64 multiplies float64 matrices for the homogenization
// analyses: feature-space Gram products XᵀY (CKA, SVCCA) and row-space
// products X·Yᵀ (nearest-neighbour similarities) on row-major storage.
//
// Conventions:
//   - Matrices are row-major slices with a leading dimension (the distance
//     between the starts of consecutive rows). Results are written to C,
//     overwriting it (C may hold garbage on entry).
//   - Wrong sizes or too-short slices panic: they are programming errors.
//
// The method follows Goto & van de Geijn (2008): the right-hand operand is
// packed into panels of 8 columns (all contraction blocks at once, so a
// PackedB can be reused for many left-hand blocks), the left-hand operand
// into 6-row slivers per block of the contraction index, and a 6×8 tile
// of C is accumulated in twelve AVX2 registers by a fused multiply-add
// micro-kernel written in Go assembly (kernel_amd64.s), chosen at run time
// when the CPU supports AVX2 and FMA; elsewhere (or with -tags purego) a
// portable Go kernel is used. Blocks of rows of C are shared among
// GOMAXPROCS goroutines.
//
// Determinism: every element of C is summed in one fixed order (blocks of
// KC terms, each block's terms in order, blocks added in order), whichever
// goroutine computes it, so results are bit-identical from run to run and
// independent of the number of workers. The assembly and portable kernels
// may differ in the last bits (the former fuses multiply and add).
//
// References:
//
//	K. Goto and R. A. van de Geijn, "Anatomy of high-performance matrix
//	multiplication", ACM Trans. Math. Softw. 34(3), 12 (2008).
//	F. G. Van Zee and R. A. van de Geijn, "BLIS: A framework for rapidly
//	instantiating BLAS functionality", ACM Trans. Math. Softw. 41(3), 14
//	(2015) (the 6×8 double-precision Haswell micro-kernel shape).
package gemm64
