package maps

import (
	"fmt"
	"testing"

	"github.com/emergo/emergo/system"
)

func benchStep(b *testing.B, name string) {
	sys, err := system.New(name, nil, 0)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := sys.Step(); err != nil {
			b.Fatal(err)
		}
	}
}

// One iteration of the Hénon map.
func BenchmarkHenonStep(b *testing.B) { benchStep(b, "Henon") }

// One iteration of each map at its defaults.
func BenchmarkDefaultStep(b *testing.B) {
	for _, name := range names {
		b.Run(name, func(b *testing.B) { benchStep(b, name) })
	}
}

// Iterate the logistic map at r = 4 from x = 1/4: 1/4 → 3/4, the fixed
// point 1 − 1/r, exactly in floating point.
func Example() {
	sys, err := system.NewConfig("Logistic", system.Config{Params: system.Params{"r": 4}, IC: []float64{0.25}})
	if err != nil {
		panic(err)
	}
	for i := 0; i < 3; i++ {
		sys.Step()
		fmt.Println(sys.Time(), sys.State(nil))
	}
	// Output:
	// 1 [0.75]
	// 2 [0.75]
	// 3 [0.75]
}
