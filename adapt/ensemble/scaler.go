package ensemble

import (
	"math"

	"github.com/emergo/emergo/forecast"
)

// scaler standardises columns with the training mean and population
// standard deviation (a constant column is only centred).
type scaler struct{ mu, sd []float64 }

func fitScaler(b *forecast.Block) scaler {
	d := b.Dim
	s := scaler{mu: make([]float64, d), sd: make([]float64, d)}
	for j := 0; j < d; j++ {
		var m float64
		for i := 0; i < b.Rows; i++ {
			m += b.X[i*d+j]
		}
		m /= float64(b.Rows)
		var ss float64
		for i := 0; i < b.Rows; i++ {
			e := b.X[i*d+j] - m
			ss += e * e
		}
		sd := math.Sqrt(ss / float64(b.Rows))
		if !(sd > 1e-12*max(1, math.Abs(m))) {
			sd = 1
		}
		s.mu[j], s.sd[j] = m, sd
	}
	return s
}

func (s *scaler) to(dst, x []float64) {
	for j, v := range x {
		dst[j] = (v - s.mu[j]) / s.sd[j]
	}
}

func (s *scaler) from(dst, z []float64) {
	for j, v := range z {
		dst[j] = v*s.sd[j] + s.mu[j]
	}
}

func (s *scaler) standardize(b *forecast.Block) []float64 {
	out := make([]float64, len(b.X))
	d := b.Dim
	for i := 0; i < b.Rows; i++ {
		s.to(out[i*d:(i+1)*d], b.X[i*d:(i+1)*d])
	}
	return out
}
