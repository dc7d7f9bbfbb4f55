//go:build !amd64 || purego

package gemm64

var hasAVX2FMA = false

var useAsm = false

func kern6x8(kc int, a, b []float64, t *[mr * nr]float64) { kern6x8go(kc, a, b, t) }
