package forecast_test

import (
	"context"
	"fmt"

	"github.com/emergo/emergo/forecast"
)

// Fit a one-lag ridge autoregression to the sequence x(t+1) = 0.5 x(t) + 1
// and forecast three steps: the recursion is recovered exactly.
func ExampleNew() {
	x := []float64{0}
	for i := 0; i < 20; i++ {
		x = append(x, 0.5*x[i]+1)
	}
	m, err := forecast.New("ridge", forecast.Spec{Hyper: map[string]float64{"lags": 1, "alpha": 0}})
	if err != nil {
		panic(err)
	}
	if err := m.Fit(context.Background(), forecast.NewBlock(x, 1), nil); err != nil {
		panic(err)
	}
	p, err := m.Predict(forecast.NewBlock([]float64{4}, 1), 3)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%.6f\n", p.X)
	// Output:
	// [3.000000 2.500000 2.250000]
}

// Score a forecast: pointwise errors and the valid prediction time.
func ExampleValidTime() {
	truth := forecast.NewBlock([]float64{1, 2, 3, 4, 5}, 1)
	pred := forecast.NewBlock([]float64{1.1, 2.1, 3.5, 5, 7}, 1)
	v := forecast.ValidTime(truth, pred, &forecast.VPTOptions{Std: []float64{1}, DT: 0.1})
	fmt.Printf("RMSE %.3f, sMAPE %.2f, valid for %d steps (%.1f time units)\n",
		forecast.RMSE(truth, pred), forecast.SMAPE(truth, pred), v.Steps, v.Time)
	// Output:
	// RMSE 1.027, sMAPE 17.07, valid for 2 steps (0.2 time units)
}
