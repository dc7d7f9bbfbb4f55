// Package kernel holds the assembly micro-kernel of the native gemm
// backend and its CPU feature test. It is separate from package gemm
// because Go does not allow cgo (the OpenBLAS backend) and assembly in one
// package.
package kernel
