//go:build !openblas

package gemm

func defaultBackend() Backend { return Native{} }
