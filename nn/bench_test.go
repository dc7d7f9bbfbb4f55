package nn_test

import (
	"math"
	"testing"

	"github.com/emergo/emergo/nn/gemm"
	"github.com/emergo/emergo/nn/refbench"
)

func benchStep(b *testing.B, bn *refbench.Bench) {
	for i := 0; i < 3; i++ { // grow the arena
		bn.Step()
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		bn.Step()
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "steps/s")
}

// BenchmarkTrainStep times one training step (zero-grad, forward, loss,
// backward, Adam) of each reference configuration with the current gemm
// backend.
func BenchmarkTrainStep(b *testing.B) {
	b.Logf("gemm backend: %s", gemm.Current().Name())
	for _, bn := range refbench.All(1) {
		b.Run(bn.Name, func(b *testing.B) { benchStep(b, bn) })
	}
}

// TestTrainStepAllocations: a steady-state training step allocates
// nothing, and the same seed gives bit-identical losses.
func TestTrainStepAllocations(t *testing.T) {
	for i, bn := range refbench.All(1) {
		for k := 0; k < 3; k++ {
			bn.Step()
		}
		if a := testing.AllocsPerRun(20, func() { bn.Step() }); a != 0 && !raceEnabled && !(cgoBackend && a <= 2) {
			t.Errorf("%s: %v allocations per step", bn.Name, a)
		}
		again := refbench.All(1)[i]
		fresh := refbench.All(1)[i]
		for k := 0; k < 3; k++ {
			l1, l2 := again.Step(), fresh.Step()
			if math.Float32bits(l1) != math.Float32bits(l2) {
				t.Fatalf("%s step %d: losses %v and %v from the same seed", bn.Name, k, l1, l2)
			}
		}
	}
}
