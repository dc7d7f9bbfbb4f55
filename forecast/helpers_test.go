package forecast_test

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/emergo/emergo/forecast"
	"github.com/emergo/emergo/system"
	_ "github.com/emergo/emergo/system/catalog"
)

// Lorenz (1963) at the standard parameters σ = 10, ρ = 28, β = 8/3 (β set
// explicitly: the catalogue default is dysts' 2.667).
var lorenzParams = system.Params{"sigma": 10, "rho": 28, "beta": 8.0 / 3}

// lorenzLambda1 is the largest Lyapunov exponent of Lorenz63 at the
// standard parameters, per time unit: Sprott, J. C. (2003). Chaos and
// Time-Series Analysis, Oxford University Press, Table A.3 (0.9056).
const lorenzLambda1 = 0.9056

// lorenz samples n rows of Lorenz63 at interval dt after a transient of
// transient rows, from ic (nil: the catalogue's initial condition).
func lorenz(t testing.TB, dt float64, ic []float64, transient, n int) *forecast.Block {
	t.Helper()
	sys, err := system.NewConfig("Lorenz", system.Config{Params: lorenzParams, DT: dt, IC: ic})
	if err != nil {
		t.Fatal(err)
	}
	tr, err := system.Sample(context.Background(), sys, n, &system.SampleOptions{Transient: transient})
	if err != nil {
		t.Fatal(err)
	}
	return forecast.NewBlock(tr.X, 3)
}

// AR(2) process x_t = φ1 x_{t−1} + φ2 x_{t−2} + ε_t, ε ~ N(0, σ²): stationary
// (the roots of 1 − φ1 z − φ2 z² lie outside the unit circle) and
// pseudo-periodic (complex roots, modulus √0.75).
const (
	ar2Phi1  = 1.5
	ar2Phi2  = -0.75
	ar2Sigma = 0.1
)

// ar2 returns n rows of the AR(2) process after a burn-in of 1000 steps.
func ar2(n int, seed uint64) *forecast.Block {
	rng := rand.New(rand.NewPCG(seed, 42))
	x := make([]float64, n)
	var x1, x2 float64
	for i := -1000; i < n; i++ {
		v := ar2Phi1*x1 + ar2Phi2*x2 + ar2Sigma*rng.NormFloat64()
		x1, x2 = v, x1
		if i >= 0 {
			x[i] = v
		}
	}
	return forecast.NewBlock(x, 1)
}

// oneStep returns the one-step forecasts of rows [from, to) of data, each
// from the ContextLen rows before it, as a block.
func oneStep(t testing.TB, m forecast.Forecaster, data *forecast.Block, from, to int) *forecast.Block {
	t.Helper()
	cl := m.ContextLen()
	out := make([]float64, 0, (to-from)*data.Dim)
	for i := from; i < to; i++ {
		p, err := m.Predict(data.Slice(i-cl, i), 1)
		if err != nil {
			t.Fatalf("%s: one-step forecast of row %d: %v", m.Name(), i, err)
		}
		out = append(out, p.X...)
	}
	return forecast.NewBlock(out, data.Dim)
}

func fit(t testing.TB, name string, hyper map[string]float64, seed uint64, train *forecast.Block) forecast.Forecaster {
	t.Helper()
	m, err := forecast.New(name, forecast.Spec{Hyper: hyper, Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Fit(context.Background(), train, nil); err != nil {
		t.Fatalf("%s: fit: %v", name, err)
	}
	return m
}

func relErr(got, want float64) float64 { return math.Abs(got-want) / math.Abs(want) }
