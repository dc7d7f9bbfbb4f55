package flows

import (
	"fmt"
	"testing"

	"github.com/emergo/emergo/system"
)

func benchStep(b *testing.B, name string, c system.Config) {
	sys, err := system.NewConfig(name, c)
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < 100; i++ { // leave the transient and the solver's start-up
		sys.Step()
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := sys.Step(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "samples/s")
}

// One sample (dt = 0.01) of Lorenz with DOPRI5 at rtol = atol = 1e-9.
func BenchmarkLorenzStepDOPRI5(b *testing.B) { benchStep(b, "Lorenz", system.Config{}) }

// One sample of Lorenz with RK4, ten internal steps of 1e-3.
func BenchmarkLorenzStepRK4(b *testing.B) { benchStep(b, "Lorenz", system.Config{Method: "rk4"}) }

// One sample (dt = 0.022) of the classic 40-site Lorenz96 with F = 8.
func BenchmarkLorenz96N40Step(b *testing.B) {
	benchStep(b, "Lorenz96", system.Config{Params: system.Params{"n": 40, "f": 8}})
}

// One sample of each flow at its defaults.
func BenchmarkDefaultStep(b *testing.B) {
	for _, name := range names {
		b.Run(name, func(b *testing.B) { benchStep(b, name, system.Config{}) })
	}
}

// Build a catalogue flow by name, override a parameter and sample it.
func Example() {
	sys, err := system.New("Lorenz", system.Params{"rho": 28}, 0)
	if err != nil {
		panic(err)
	}
	e, _ := system.Lookup("Lorenz")
	fmt.Println(e.Info.Category, sys.Dim(), e.Info.DT, e.Info.IC)
	for i := 0; i < 100; i++ {
		sys.Step()
	}
	fmt.Printf("t = %.2f\n", sys.Time())
	// Output:
	// flow 3 0.01 [-9.7869288 -15.03852 20.533978]
	// t = 1.00
}
