package statphys_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/emergo/emergo/statphys"
	"github.com/emergo/emergo/system"
	_ "github.com/emergo/emergo/system/lattice"
)

// A continuous power law with α = 2.5 above xmin = 1: fit, bootstrap
// goodness of fit and likelihood-ratio tests.
func ExampleAnalyzePowerLaw() {
	r := rand.New(rand.NewPCG(1, 2))
	x := make([]float64, 2000)
	for i := range x {
		x[i] = math.Pow(1-r.Float64(), -1/1.5)
	}
	f, err := statphys.AnalyzePowerLaw(context.Background(), x, nil, &statphys.BootstrapOptions{Replicates: 200, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("alpha = %.2f ± %.2f, xmin = %.2f, plausible: %v\n", f.Alpha, f.Sigma, f.Xmin, f.P > 0.1)
	for _, c := range f.Comparisons {
		fmt.Printf("vs %s: %s\n", c.Alternative, c.Preferred)
	}
	// Output:
	// alpha = 2.44 ± 0.04, xmin = 1.34, plausible: true
	// vs exponential: power_law
	// vs lognormal: neither
	// vs stretched_exponential: neither
	// vs truncated_power_law: neither
}

// Avalanche sizes of the BTW sandpile, collected from the catalogue
// system through system.EventSource and fitted as a discrete power law
// below the finite-size cutoff.
func ExampleCollectEvents() {
	sys, _ := system.New("Sandpile", system.Params{"L": 32}, 1)
	ev, err := statphys.CollectEvents(context.Background(), sys, 50000, &statphys.CollectOptions{Transient: 5000})
	if err != nil {
		fmt.Println(err)
		return
	}
	f, err := statphys.FitPowerLaw(statphys.EventValues(ev, statphys.EventSize), &statphys.PowerLawOptions{Discrete: true, Xmax: 300})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("tau in [1, 1.3]: %v\n", f.Alpha > 1 && f.Alpha < 1.3)
	// Output:
	// tau in [1, 1.3]: true
}

// The Gutenberg-Richter b-value of a synthetic catalogue with b = 1.
func ExampleBValue() {
	r := rand.New(rand.NewPCG(3, 4))
	m := make([]float64, 5000)
	for i := range m {
		m[i] = 2.95 + r.ExpFloat64()/math.Ln10
	}
	g, _ := statphys.BValue(m, nil)
	fmt.Printf("Mc = %.1f, b = %.2f ± %.2f\n", g.Mc, g.B, g.BErr)
	// Output:
	// Mc = 3.0, b = 1.00 ± 0.01
}
