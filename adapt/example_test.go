package adapt_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/emergo/emergo/adapt"
)

// A Page-Hinkley test on a stream whose mean rises by one standard
// deviation at value 1000.
func ExamplePageHinkley() {
	rng := rand.New(rand.NewPCG(1, 2))
	d := &adapt.PageHinkley{Delta: 0.5, Lambda: 50, Alpha: 1}
	for i := 0; i < 2000; i++ {
		x := rng.NormFloat64()
		if i >= 1000 {
			x++
		}
		if d.Add(x) {
			fmt.Println("change detected", i-1000, "values after it")
			break
		}
	}
	// Output:
	// change detected 114 values after it
}
