//go:build openblas

package nn_test

// cgoBackend: the OpenBLAS build calls C; the first cgo call on a new OS
// thread makes the runtime allocate, so steady-state allocation counts
// fluctuate by one or two.
const cgoBackend = true
