// Command nn times one training step (zero-grad, forward, MSE loss,
// backward, Adam) of the three reference configurations of
// nn/refbench — MLP 64-256-256-16 batch 256; GRU input 16, hidden 128,
// sequence 32, batch 64 with a Dense head on the last state; a pre-norm
// Transformer block d_model 64, 4 heads, FFN 256, sequence 64, batch 32 —
// for the side-by-side comparison with PyTorch in bench/nn/compare.sh.
//
// Each configuration is warmed up, then stepped for -repeats windows of
// -seconds/-repeats each; the best window's rate is reported, one JSON
// line per configuration.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/emergo/emergo/nn/gemm"
	"github.com/emergo/emergo/nn/refbench"
)

type result struct {
	Config     string  `json:"config"`
	StepsPerS  float64 `json:"steps_per_s"`
	MsPerStep  float64 `json:"ms_per_step"`
	Backend    string  `json:"backend"`
	GOMAXPROCS int     `json:"gomaxprocs"`
}

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "nn bench:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("nn", flag.ContinueOnError)
	seconds := fs.Float64("seconds", 3, "measuring time per configuration")
	repeats := fs.Int("repeats", 6, "measuring windows; the best is reported")
	only := fs.String("only", "", "comma-separated configurations (mlp, gru, transformer); empty for all")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *repeats < 1 || *seconds <= 0 {
		return fmt.Errorf("need -repeats ≥ 1 and -seconds > 0")
	}
	enc := json.NewEncoder(os.Stdout)
	for _, b := range refbench.All(1) {
		if *only != "" && !strings.Contains(","+*only+",", ","+b.Name+",") {
			continue
		}
		for i := 0; i < 5; i++ {
			b.Step()
		}
		window := time.Duration(*seconds / float64(*repeats) * float64(time.Second))
		best := 0.0
		for r := 0; r < *repeats; r++ {
			n, start := 0, time.Now()
			for {
				b.Step()
				n++
				if el := time.Since(start); el >= window {
					best = max(best, float64(n)/el.Seconds())
					break
				}
			}
		}
		if err := enc.Encode(result{Config: b.Name, StepsPerS: best, MsPerStep: 1e3 / best,
			Backend: gemm.Current().Name(), GOMAXPROCS: runtime.GOMAXPROCS(0)}); err != nil {
			return err
		}
	}
	return nil
}
