//go:build amd64 && !purego

package gemm64

// kern6x8asm computes the 6×8 tile t[r·8+j] = Σ_p a[p·6+r]·b[p·8+j] over
// kc ≥ 0 terms, overwriting t (kernel_amd64.s). Call it only when
// hasAVX2FMA is true.
//
//go:noescape
func kern6x8asm(kc int, a, b, t *float64)

func cpuid(eaxArg, ecxArg uint32) (eax, ebx, ecx, edx uint32)
func xgetbv() (eax, edx uint32)

// hasAVX2FMA reports whether the CPU and the OS support AVX2 and FMA:
// CPUID leaf 1 ECX bits 12 (FMA), 27 (OSXSAVE) and 28 (AVX); leaf 7 EBX
// bit 5 (AVX2); XCR0 bits 1 and 2 (the OS saves XMM and YMM state).
var hasAVX2FMA = func() bool {
	maxLeaf, _, _, _ := cpuid(0, 0)
	if maxLeaf < 7 {
		return false
	}
	_, _, c1, _ := cpuid(1, 0)
	const fma, osxsave, avx = 1 << 12, 1 << 27, 1 << 28
	if c1&(fma|osxsave|avx) != fma|osxsave|avx {
		return false
	}
	if lo, _ := xgetbv(); lo&6 != 6 {
		return false
	}
	_, b7, _, _ := cpuid(7, 0)
	return b7&(1<<5) != 0
}()

// useAsm selects the assembly kernel; tests switch it off to check the
// portable one.
var useAsm = hasAVX2FMA

func kern6x8(kc int, a, b []float64, t *[mr * nr]float64) {
	if useAsm {
		if kc > 0 {
			_ = a[kc*mr-1]
			_ = b[kc*nr-1]
			kern6x8asm(kc, &a[0], &b[0], &t[0])
		} else {
			*t = [mr * nr]float64{}
		}
		return
	}
	kern6x8go(kc, a, b, t)
}
