package reservoir_test

import (
	"context"
	"math"
	"sync"
	"testing"

	"github.com/emergo/emergo/forecast"
	"github.com/emergo/emergo/system"
	_ "github.com/emergo/emergo/system/delay"
	_ "github.com/emergo/emergo/system/flows"
)

// Data of the experiments: Lorenz (1963) at σ = 10, ρ = 28, β = 8/3
// sampled every 0.02 time units, and Mackey-Glass (dysts' defaults,
// τ = 16) sampled every time unit, each after a transient of 500 rows.
const (
	lorenzDT  = 0.02
	dataRows  = 8000
	trainRows = 5000
	testFrom  = 5200 // one-step test rows [testFrom, testTo)
	testTo    = 5400
)

var (
	dataOnce sync.Once
	lorenzB  *forecast.Block
	mgB      *forecast.Block
	dataErr  error
)

// datasets returns the Lorenz63 and Mackey-Glass series (sampled once
// per test binary).
func datasets(t testing.TB) (lorenz, mg *forecast.Block) {
	t.Helper()
	dataOnce.Do(func() {
		lorenzB, dataErr = sample("Lorenz", system.Params{"sigma": 10, "rho": 28, "beta": 8.0 / 3}, lorenzDT)
		if dataErr == nil {
			mgB, dataErr = sample("MackeyGlass", nil, 1)
		}
	})
	if dataErr != nil {
		t.Fatal(dataErr)
	}
	return lorenzB, mgB
}

func sample(name string, p system.Params, dt float64) (*forecast.Block, error) {
	sys, err := system.NewConfig(name, system.Config{Params: p, DT: dt})
	if err != nil {
		return nil, err
	}
	tr, err := system.Sample(context.Background(), sys, dataRows, &system.SampleOptions{Transient: 500})
	if err != nil {
		return nil, err
	}
	return forecast.NewBlock(tr.X, sys.Dim()), nil
}

// standardize returns (x − μ)/σ column-wise with the statistics of the
// first n rows.
func standardize(b *forecast.Block, n int) []float64 {
	d := b.Dim
	out := make([]float64, len(b.X))
	for j := 0; j < d; j++ {
		var m, ss float64
		for i := 0; i < n; i++ {
			m += b.X[i*d+j]
		}
		m /= float64(n)
		for i := 0; i < n; i++ {
			e := b.X[i*d+j] - m
			ss += e * e
		}
		sd := math.Sqrt(ss / float64(n))
		for i := 0; i < b.Rows; i++ {
			out[i*d+j] = (b.X[i*d+j] - m) / sd
		}
	}
	return out
}

// oneStepNRMSE is the NRMSE (forecast.NRMSE, scales std) of the one-step
// forecasts of rows [from, to), each from the ContextLen rows before.
func oneStepNRMSE(t testing.TB, m forecast.Forecaster, data *forecast.Block, from, to int, std []float64) float64 {
	t.Helper()
	cl := m.ContextLen()
	d := data.Dim
	pred := make([]float64, 0, (to-from)*d)
	for i := from; i < to; i++ {
		p, err := m.Predict(data.Slice(i-cl, i), 1)
		if err != nil {
			t.Fatal(err)
		}
		pred = append(pred, p.X...)
	}
	return forecast.NRMSE(data.Slice(from, to), forecast.NewBlock(pred, d), std)
}
