//go:build amd64 && !purego

package vec

//go:noescape
func expAVX(dst, src *float32, n int)

//go:noescape
func sigmoidAVX(dst, src *float32, n int)

//go:noescape
func tanhAVX(dst, src *float32, n int)

//go:noescape
func geluAVX(dst, src *float32, n int)

//go:noescape
func geluGradAVX(dst, x, gr *float32, n int)

//go:noescape
func adamAVX(w, gr, m, v *float32, n int, c *[9]float32)

func cpuid(eaxArg, ecxArg uint32) (eax, ebx, ecx, edx uint32)
func xgetbv() (eax, edx uint32)

// hasAVX: CPUID leaf 1 ECX bits 12 (FMA), 27 (OSXSAVE), 28 (AVX), leaf 7
// EBX bit 5 (AVX2), and XCR0 bits 1-2 (the OS saves YMM state).
var hasAVX = func() bool {
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
