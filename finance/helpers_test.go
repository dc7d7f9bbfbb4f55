package finance

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/emergo/emergo/data"
)

// sp500Returns loads the shipped S&P 500 daily log returns.
func sp500Returns(t testing.TB) []float64 {
	t.Helper()
	s, err := data.Load("sp500-returns")
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.Column("log_return")
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// gaussian returns n iid N(mu, sd²) values from a seeded stream.
func gaussian(n int, mu, sd float64, seed uint64) []float64 {
	rng := rand.New(rand.NewPCG(seed, 7))
	out := make([]float64, n)
	for i := range out {
		out[i] = mu + sd*rng.NormFloat64()
	}
	return out
}

func approx(a, b, rtol, atol float64) bool {
	return math.Abs(a-b) <= atol+rtol*math.Abs(b)
}
