// Command dysts integrates every continuous-time system of the catalogue
// (the ODE flows with DOPRI5 at rtol = atol = 1e-9, the default, and the
// six delay systems with their fixed-step RK4 on the delay grid) for 100
// dominant periods at 100 points per period from its default initial
// condition, and prints the wall time of each and the total. With -only it
// restricts to a comma-separated list and prints JSON lines (with the
// state after one period and at the end), for the SciPy comparison in
// bench/dysts.sh.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/emergo/emergo/system"
	_ "github.com/emergo/emergo/system/catalog"
)

func main() {
	only := flag.String("only", "", "comma-separated systems (default: every flow and delay system)")
	periods := flag.Float64("periods", 100, "periods to integrate")
	ppp := flag.Int("ppp", 100, "points per period")
	reps := flag.Int("reps", 1, "repeats (best time)")
	flag.Parse()
	var names []string
	if *only != "" {
		names = strings.Split(*only, ",")
	} else {
		for _, cat := range []system.Category{system.CatFlow, system.CatDelay} {
			for _, in := range system.List(cat) {
				names = append(names, in.Name)
			}
		}
	}
	var total float64
	var failed []string
	for _, name := range names {
		e, err := system.Lookup(name)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		p := e.Info.Period
		if !(p > 0) {
			p = 100 * e.Info.DT
		}
		steps := int(*periods * float64(*ppp))
		best := 1e300
		var final, first []float64
		for r := 0; r < *reps; r++ {
			sys, err := e.New(system.Config{DT: p / float64(*ppp), Seed: 1})
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			start := time.Now()
			for i := 0; i < steps && err == nil; i++ {
				err = sys.Step()
				if i+1 == *ppp && r == 0 {
					first = sys.State(nil) // after one period: one allocation, first repeat only
				}
			}
			sec := time.Since(start).Seconds()
			if err != nil {
				failed = append(failed, fmt.Sprintf("%s: %v", name, err))
				break
			}
			best = min(best, sec)
			final = sys.State(nil)
		}
		total += best
		if *only != "" {
			b, _ := json.Marshal(map[string]any{"system": name, "seconds": best, "steps": steps, "period": p, "one_period": first, "final": final})
			fmt.Println(string(b))
		} else {
			fmt.Printf("%-28s %9.4f s\n", name, best)
		}
	}
	if *only == "" {
		nd := len(system.List(system.CatDelay))
		fmt.Printf("total: %d systems (%d ODE flows, DOPRI5 1e-9; %d delay, RK4), %.2f s (%g periods at %d points per period)\n",
			len(names), len(names)-nd, nd, total, *periods, *ppp)
	}
	for _, f := range failed {
		fmt.Fprintln(os.Stderr, "failed:", f)
	}
	if len(failed) > 0 {
		os.Exit(1)
	}
}
