package chaos_test

import (
	"context"
	"fmt"

	"github.com/emergo/emergo/chaos"
	"github.com/emergo/emergo/system"
)

// The Kaplan-Yorke dimension of Sprott's (2003) Lorenz spectrum.
func ExampleKaplanYorke() {
	fmt.Printf("%.4f\n", chaos.KaplanYorke([]float64{0.9056, 0, -14.5723}))
	// Output: 2.0621
}

// The Lyapunov spectrum of the Hénon map; the exponents sum to ln b.
func ExampleLyapunovSpectrum() {
	henon := system.NewMap("henon", func(dst, x []float64, _ float64) {
		dst[0] = 1 - 1.4*x[0]*x[0] + x[1]
		dst[1] = 0.3 * x[0]
	}, nil, []float64{0, 0})
	sp, err := chaos.LyapunovSpectrum(context.Background(), henon, nil)
	if err != nil {
		panic(err)
	}
	fmt.Printf("λ = %.2f, %.2f; sum %.4f\n", sp.Exponents[0], sp.Exponents[1], sp.Exponents[0]+sp.Exponents[1])
	// Output: λ = 0.42, -1.62; sum -1.2040
}

// Ordinal patterns of order 3: a monotone series has one; a zigzag has
// two, equally often (H = ln 2, normalised ln 2 / ln 3!); a series too
// short for the 3! patterns is refused.
func ExamplePermutationEntropy() {
	_, up, _ := chaos.PermutationEntropy([]float64{1, 2, 3, 4, 5, 6, 7, 8}, 3, 1)
	h, zig, _ := chaos.PermutationEntropy([]float64{1, 3, 2, 4, 3, 5, 4, 6}, 3, 1)
	fmt.Printf("monotone %.3f, zigzag %.4f (H %.4f)\n", up, zig, h)
	_, _, err := chaos.PermutationEntropy([]float64{1, 3, 2, 4}, 3, 1)
	fmt.Println(err)
	// Output:
	// monotone 0.000, zigzag 0.3869 (H 0.6931)
	// chaos: PermutationEntropy needs at least 8 points, got 4: too few points
}
