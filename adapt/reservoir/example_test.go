package reservoir_test

import (
	"fmt"
	"math"

	"github.com/emergo/emergo/adapt/reservoir"
)

// A reservoir started deep in the stable regime (gain 0.3) tunes its
// gain until the local Lyapunov exponent of the driven dynamics is near
// zero.
func Example() {
	cfg := reservoir.DefaultConfig()
	cfg.Size, cfg.Gain = 100, 0.3
	res, err := reservoir.New(2, &cfg)
	if err != nil {
		panic(err)
	}
	u := make([]float64, 2)
	for i := 0; i < 20000; i++ {
		t := 0.05 * float64(i)
		u[0], u[1] = math.Sin(t), math.Sin(0.31*t)*math.Cos(0.17*t)
		if err := res.Step(u); err != nil {
			panic(err)
		}
	}
	h := res.History()
	fmt.Printf("running λ at step %d below −0.5: %v\n", h.Step[0], h.Lyapunov[0] < -0.5)
	fmt.Printf("running λ at step %d within 0.05 of 0: %v\n", h.Step[h.Len()-1], math.Abs(res.Lyapunov()) < 0.05)
	fmt.Printf("gain grew: %v\n", res.Gain() > cfg.Gain)
	// Output:
	// running λ at step 10 below −0.5: true
	// running λ at step 20000 within 0.05 of 0: true
	// gain grew: true
}
