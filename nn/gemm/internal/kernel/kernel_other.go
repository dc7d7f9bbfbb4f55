//go:build !amd64 || purego

package kernel

// AVX2FMA is false: this build has no assembly kernel.
const AVX2FMA = false

// Kern6x16 panics: this build has no assembly kernel.
func Kern6x16(kc int, a, b, c *float32, ldc int, load bool) {
	panic("gemm: no assembly kernel in this build")
}

// Kern6x16S panics: this build has no assembly kernel.
func Kern6x16S(kc int, a *float32, rsa, csa int, b *float32, ldb int, c *float32, ldc int, load bool, alpha float32) {
	panic("gemm: no assembly kernel in this build")
}
