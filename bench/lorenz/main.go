// Command lorenz times emergo's integrators on the Lorenz system over a
// fixed span, sampling every dt, for the side-by-side comparison with
// SciPy's solve_ivp in bench/ode.sh. It prints one JSON line per
// configuration: method, tolerance, steps, field evaluations, seconds
// (best of the repeats) and the final state.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/emergo/emergo/system/ode"
)

func main() {
	span := flag.Float64("T", 100, "integration span")
	dt := flag.Float64("dt", 0.01, "sampling interval")
	reps := flag.Int("reps", 5, "repeats (best time is reported)")
	flag.Parse()
	var evals int
	lorenz := func(dst, x []float64, _ float64) {
		evals++
		dst[0] = 10 * (x[1] - x[0])
		dst[1] = x[0]*(28-x[2]) - x[1]
		dst[2] = x[0]*x[1] - 8.0/3*x[2]
	}
	x0 := []float64{1, 1, 1}
	n := int(*span / *dt + 0.5)
	type result struct {
		Method  string    `json:"method"`
		Tol     float64   `json:"tol"`
		Steps   int       `json:"steps"`
		Evals   int       `json:"nfev"`
		Seconds float64   `json:"seconds"`
		Final   []float64 `json:"final"`
	}
	run := func(method string, tol float64, h float64) {
		best := 1e300
		var res result
		for r := 0; r < *reps; r++ {
			evals = 0
			fl, err := ode.NewFlow("Lorenz", lorenz, nil, x0, *dt, &ode.Options{Method: method, RTol: tol, ATol: tol, H: h})
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			start := time.Now()
			for i := 0; i < n; i++ {
				if err := fl.Step(); err != nil {
					fmt.Fprintln(os.Stderr, err)
					os.Exit(1)
				}
			}
			sec := time.Since(start).Seconds()
			if sec < best {
				best = sec
				acc, rej := fl.Solver().Steps()
				res = result{Method: method, Tol: tol, Steps: acc + rej, Evals: evals, Seconds: sec, Final: fl.State(nil)}
			}
		}
		b, _ := json.Marshal(res)
		fmt.Println(string(b))
	}
	for _, tol := range []float64{1e-6, 1e-9} {
		run("dopri5", tol, 0)
	}
	run("rk4", 0, 0.001)
}
