package ensemble_test

import (
	"context"
	"fmt"
	"math"

	"github.com/emergo/emergo/adapt/ensemble"
	"github.com/emergo/emergo/forecast"
)

// Three linear autoregressions of different orders, averaged, forecast
// a noisy sine; the ensemble's one-step error decomposes into the mean
// member error minus the ambiguity.
func Example() {
	x := make([]float64, 600)
	for i := range x {
		x[i] = math.Sin(0.2*float64(i)) + 0.1*math.Sin(2.3*float64(i))
	}
	data := forecast.NewBlock(x, 1)
	members, err := ensemble.Build([]ensemble.Member{
		{Model: "ridge", Spec: forecast.Spec{Hyper: map[string]float64{"lags": 1}}},
		{Model: "ridge", Spec: forecast.Spec{Hyper: map[string]float64{"lags": 2}}},
		{Model: "ridge", Spec: forecast.Spec{Hyper: map[string]float64{"lags": 3}}},
	})
	if err != nil {
		panic(err)
	}
	e, err := ensemble.New(members, nil)
	if err != nil {
		panic(err)
	}
	if err := e.Fit(context.Background(), data.Slice(0, 400), nil); err != nil {
		panic(err)
	}
	preds, err := e.MemberOneStep(data, 400, 600)
	if err != nil {
		panic(err)
	}
	dv, err := ensemble.Measure(preds, data.Slice(400, 600), nil, nil)
	if err != nil {
		panic(err)
	}
	a := dv.Ambiguity
	fmt.Printf("identity holds: %v\n", math.Abs(a.EnsembleError-(a.MeanMemberError-a.Ambiguity)) < 1e-12)
	fmt.Printf("ensemble no worse than its average member: %v\n", a.EnsembleError <= a.MeanMemberError)
	// Output:
	// identity holds: true
	// ensemble no worse than its average member: true
}
