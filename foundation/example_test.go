package foundation_test

import (
	"fmt"
	"slices"

	"github.com/emergo/emergo/forecast"
	"github.com/emergo/emergo/foundation"
	_ "github.com/emergo/emergo/system/catalog"
)

// Context parroting continues a repeating pattern exactly: the last four
// values match the segment ten steps back, whose continuation is copied.
func ExampleParrot() {
	x := make([]float64, 100)
	for i := range x {
		x[i] = float64(i % 10)
	}
	p := &foundation.Parrot{Match: 4}
	f, err := p.Predict(forecast.NewBlock(x, 1), 5)
	if err != nil {
		panic(err)
	}
	fmt.Println(f.X)
	// Output: [0 1 2 3 4]
}

// The split is by system: held-out systems never enter pretraining, and
// a smaller corpus (NumSystems) is a prefix of the same seeded order.
func ExampleSplit() {
	cfg := foundation.CorpusConfig{Systems: []string{"Lorenz", "Rossler", "Chen", "Thomas", "Aizawa", "Halvorsen"}, HoldOut: 2, Seed: 1}
	train, held, err := foundation.Split(cfg)
	if err != nil {
		panic(err)
	}
	cfg.NumSystems = 2
	small, held2, _ := foundation.Split(cfg)
	fmt.Println(len(train), len(held), slices.Equal(small, train[:2]), slices.Equal(held, held2))
	for _, h := range held {
		fmt.Println(slices.Contains(train, h))
	}
	// Output:
	// 4 2 true true
	// false
	// false
}

// A model's size follows from its configuration.
func ExamplePreset() {
	for _, name := range foundation.Presets() {
		cfg, _ := foundation.Preset(name)
		fmt.Printf("%s: d_model %d, %d layers, %d parameters\n", name, cfg.DModel, cfg.Layers, cfg.NumParams())
	}
	// Output:
	// micro: d_model 16, 1 layers, 19232 parameters
	// tiny: d_model 32, 2 layers, 42848 parameters
	// small: d_model 64, 3 layers, 143680 parameters
	// medium: d_model 128, 4 layers, 871360 parameters
}
