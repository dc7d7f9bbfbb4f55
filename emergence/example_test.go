package emergence_test

import (
	"fmt"
	"math"

	"github.com/emergo/emergo/emergence"
)

// Fit a sigmoid in log scale to a noise-free curve and read off the
// transition: centred at scale 300 with a 10–90% width of 2·ln 9·0.3.
func ExampleFitModel() {
	var c emergence.Curve
	for i := 0; i <= 20; i++ {
		x := math.Pow(10, float64(i)/5)
		y := 0.1 + 0.7/(1+math.Exp(-(math.Log(x)-math.Log(300))/0.3))
		c.Scale = append(c.Scale, x)
		c.Values = append(c.Values, []float64{y})
	}
	f, err := emergence.FitModel(c, emergence.Sigmoid, nil)
	if err != nil {
		panic(err)
	}
	centre, width, _ := f.Transition()
	fmt.Printf("lo %.3f hi %.3f centre %.1f width %.4f\n", f.Params[0], f.Params[1], centre, width)
	// Output: lo 0.100 hi 0.800 centre 300.0 width 1.3183
}
