package suite

import "github.com/emergo/emergo/adapt"

// constModel forecasts a constant.
type constModel float64

func (c constModel) Name() string                    { return "const" }
func (c constModel) Observe([]float64) error         { return nil }
func (c constModel) Predict(dst []float64) []float64 { return append(dst[:0], float64(c)) }

type onlines []constModel

func (o onlines) online() []adapt.Online {
	out := make([]adapt.Online, len(o))
	for i, m := range o {
		out[i] = m
	}
	return out
}
