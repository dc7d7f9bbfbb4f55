//go:build !amd64 || purego

package vec

const hasAVX = false

func expAVX(dst, src *float32, n int)                   { panic("vec: no assembly") }
func sigmoidAVX(dst, src *float32, n int)               { panic("vec: no assembly") }
func tanhAVX(dst, src *float32, n int)                  { panic("vec: no assembly") }
func geluAVX(dst, src *float32, n int)                  { panic("vec: no assembly") }
func geluGradAVX(dst, x, g *float32, n int)             { panic("vec: no assembly") }
func adamAVX(w, g, m, v *float32, n int, c *[9]float32) { panic("vec: no assembly") }
