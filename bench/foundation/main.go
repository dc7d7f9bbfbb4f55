// Command foundation times pretraining of the foundation model presets
// (package foundation; default window geometry C = 256, H = 32, P = 16,
// batch 64, AdamW, clipping) on a synthetic corpus, for the side-by-side
// comparison with the same architecture in PyTorch (torch_ref.py, run by
// compare.sh). One JSON line per preset: the training throughput in
// windows per second of the best of -repeats measuring runs.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"strings"

	"github.com/emergo/emergo/foundation"
	"github.com/emergo/emergo/nn/gemm"
)

type result struct {
	Config     string  `json:"config"`
	Params     int     `json:"params"`
	WindowsPS  float64 `json:"windows_per_s"`
	StepsPS    float64 `json:"steps_per_s"`
	Batch      int     `json:"batch"`
	Backend    string  `json:"backend"`
	GOMAXPROCS int     `json:"gomaxprocs"`
}

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "foundation bench:", err)
		os.Exit(1)
	}
}

// corpus returns 64 series of noisy two-tone oscillations.
func corpus() (*foundation.Corpus, error) {
	rng := rand.New(rand.NewPCG(1, 1))
	var s []foundation.Series
	for i := 0; i < 64; i++ {
		p1, p2 := 20+20*rng.Float64(), 50+50*rng.Float64()
		x := make([]float32, 2048)
		for k := range x {
			t := float64(k)
			x[k] = float32(math.Sin(2*math.Pi*t/p1) + 0.5*math.Sin(2*math.Pi*t/p2) + 0.05*rng.NormFloat64())
		}
		s = append(s, foundation.Series{System: fmt.Sprintf("s%d", i%16), X: x})
	}
	return foundation.NewCorpus(s, nil, nil)
}

func run(args []string) error {
	fs := flag.NewFlagSet("foundation", flag.ContinueOnError)
	seconds := fs.Float64("seconds", 6, "measuring time per preset")
	repeats := fs.Int("repeats", 3, "measuring runs; the best is reported")
	sizes := fs.String("sizes", "tiny,small,medium", "comma-separated presets")
	batch := fs.Int("batch", 64, "windows per update")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cp, err := corpus()
	if err != nil {
		return err
	}
	enc := json.NewEncoder(os.Stdout)
	for _, size := range strings.Split(*sizes, ",") {
		cfg, err := foundation.Preset(size)
		if err != nil {
			return err
		}
		train := func(steps int) (*foundation.Model, float64, error) {
			m, res, err := foundation.Pretrain(context.Background(), cp, cfg,
				foundation.PretrainConfig{Steps: steps, Batch: *batch, CheckpointEvery: steps, ValWindows: -1, LR: 1e-4, Seed: 1}, nil)
			if err != nil {
				return nil, 0, err
			}
			return m, res.WindowsPerSecond, nil
		}
		_, est, err := train(5) // warm-up and calibration
		if err != nil {
			return err
		}
		steps := max(5, int(est**seconds/float64(*repeats)/float64(*batch)))
		best, params := 0.0, 0
		for r := 0; r < *repeats; r++ {
			m, wps, err := train(steps)
			if err != nil {
				return err
			}
			best, params = max(best, wps), m.NumParams()
		}
		if err := enc.Encode(result{Config: size, Params: params, WindowsPS: best, StepsPS: best / float64(*batch), Batch: *batch,
			Backend: gemm.Current().Name(), GOMAXPROCS: runtime.GOMAXPROCS(0)}); err != nil {
			return err
		}
	}
	return nil
}
