package chaos

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/emergo/emergo/system"
	_ "github.com/emergo/emergo/system/catalog" // registers Lorenz, Henon, Logistic, Lorenz96, …
)

// build returns a catalogue system, failing the test when it cannot.
func build(tb testing.TB, name string, p system.Params, dt float64) system.System {
	tb.Helper()
	sys, err := system.NewConfig(name, system.Config{Params: p, Seed: 1, DT: dt})
	if err != nil {
		tb.Fatalf("build %s: %v", name, err)
	}
	return sys
}

// lorenz63 are Lorenz's (1963) parameters, for which the literature
// values below hold (the catalogue's default β is dysts' 2.667).
var lorenz63 = system.Params{"sigma": 10, "rho": 28, "beta": 8.0 / 3}

// sample records n states of sys after a transient of tr steps.
func sample(tb testing.TB, sys system.System, n, tr int) *system.Trajectory {
	tb.Helper()
	t, err := system.Sample(context.Background(), sys, n, &system.SampleOptions{Transient: tr})
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

// lorenzX is the x component of the Lorenz (1963) attractor sampled every
// dt after a transient of 50 time units.
func lorenzX(tb testing.TB, n int, dt float64) []float64 {
	return sample(tb, build(tb, "Lorenz", lorenz63, dt), n, int(50/dt)).Column(0)
}

// mapSeries iterates a catalogue map and returns component c.
func mapSeries(tb testing.TB, name string, p system.Params, n, c int) []float64 {
	return sample(tb, build(tb, name, p, 0), n, 1000).Column(c)
}

// gaussian returns n iid standard normal values from a seeded PCG.
func gaussian(n int, seed uint64) []float64 {
	rng := rand.New(rand.NewPCG(seed, 7))
	x := make([]float64, n)
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	return x
}

// uniform returns n iid values in [0, 1).
func uniform(n int, seed uint64) []float64 {
	rng := rand.New(rand.NewPCG(seed, 11))
	x := make([]float64, n)
	for i := range x {
		x[i] = rng.Float64()
	}
	return x
}

// cumsum is the running sum (a random walk of iid steps).
func cumsum(x []float64) []float64 {
	out := make([]float64, len(x))
	var s float64
	for i, v := range x {
		s += v
		out[i] = s
	}
	return out
}
