//go:build !openblas

package nn_test

const cgoBackend = false
