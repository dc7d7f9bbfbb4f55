//go:build race

package nn_test

// raceEnabled: the race detector randomises sync.Pool and allocates in
// instrumentation, so allocation counts are meaningless.
const raceEnabled = true
