//go:build amd64 && !purego

package kernel

// Kern6x16 is the AVX2/FMA micro-kernel (kernel_amd64.s): it computes the
// 6×16 tile C = Σ_p a[p·6+r]·b[p·16+j] over kc terms, adding C's old value
// when load is true. ldc is C's row stride in elements. Call it only when
// AVX2FMA is true.
//
//go:noescape
func Kern6x16(kc int, a, b, c *float32, ldc int, load bool)

// Kern6x16S is Kern6x16 with A and B read in place: element (r, p) of
// the 6×kc panel of A is at a[r·rsa + p·csa], row p of B's kc×16 panel at
// b[p·ldb] (16 for a packed panel), and the tile is multiplied by alpha
// before it is stored.
//
//go:noescape
func Kern6x16S(kc int, a *float32, rsa, csa int, b *float32, ldb int, c *float32, ldc int, load bool, alpha float32)

func cpuid(eaxArg, ecxArg uint32) (eax, ebx, ecx, edx uint32)
func xgetbv() (eax, edx uint32)

// AVX2FMA reports whether the CPU and OS support AVX2 and FMA (CPUID
// leaf 1 ECX bits 12 FMA, 27 OSXSAVE, 28 AVX; leaf 7 EBX bit 5 AVX2; XCR0
// bits 1-2: the OS saves XMM and YMM state).
var AVX2FMA = func() bool {
	maxLeaf, _, _, _ := cpuid(0, 0)
	if maxLeaf < 7 {
		return false
	}
	_, _, c1, _ := cpuid(1, 0)
	const fma, osxsave, avx = 1 << 12, 1 << 27, 1 << 28
	if c1&(fma|osxsave|avx) != fma|osxsave|avx {
		return false
	}
	if xcr0, _ := xgetbv(); xcr0&6 != 6 {
		return false
	}
	_, b7, _, _ := cpuid(7, 0)
	return b7&(1<<5) != 0
}()
