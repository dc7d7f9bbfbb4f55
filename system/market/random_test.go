package market

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The samplers against their exact moments: Binomial(n, p) has mean np and
// variance np(1−p) in both regimes (inversion for np < 25, geometric
// skipping above, and the reflection p > 1/2); Gamma(k, 1) has mean and
// variance k. 2·10⁵ draws: tolerances are 5 standard errors of the mean
// and 5% on the variance (SE ≈ 0.3–0.6%).
func TestSamplers(t *testing.T) {
	const draws = 200000
	r := rand.New(rand.NewPCG(1, 2))
	for _, c := range []struct {
		n int
		p float64
	}{{10, 0.3}, {500, 0.01}, {500, 0.2}, {20000, 0.002}, {40, 0.9}, {7, 1}, {7, 0}} {
		var s, s2 float64
		for i := 0; i < draws; i++ {
			k := float64(binomial(r, c.n, c.p))
			if k < 0 || k > float64(c.n) {
				t.Fatalf("Binomial(%d, %v) drew %v", c.n, c.p, k)
			}
			s += k
			s2 += k * k
		}
		m := s / draws
		v := s2/draws - m*m
		wm, wv := float64(c.n)*c.p, float64(c.n)*c.p*(1-c.p)
		if math.Abs(m-wm) > 5*math.Sqrt(wv/draws)+1e-12 || math.Abs(v-wv) > 0.05*wv+1e-12 {
			t.Errorf("Binomial(%d, %v): mean %.4f var %.4f, want %.4f and %.4f", c.n, c.p, m, v, wm, wv)
		}
	}
	for _, k := range []float64{0.5, 1, 5} {
		var s, s2 float64
		for i := 0; i < draws; i++ {
			g := gammaVariate(r, k)
			s += g
			s2 += g * g
		}
		m := s / draws
		v := s2/draws - m*m
		if math.Abs(m-k) > 5*math.Sqrt(k/draws) || math.Abs(v/k-1) > 0.05 {
			t.Errorf("Gamma(%v): mean %.4f var %.4f, want %v and %v", k, m, v, k, k)
		}
	}
}
