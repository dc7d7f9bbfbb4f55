package emergence

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// BootstrapOptions configures Bootstrap; nil means the defaults.
type BootstrapOptions struct {
	// Resamples is the number of bootstrap resamples; 0 means 200.
	Resamples int
	// Level is the coverage of the percentile intervals; 0 means 0.95.
	Level float64
	// Seed seeds the resampling and the refits.
	Seed uint64
	// Starts is the number of fresh starts per refit (besides the
	// full-data estimate); 0 means 2.
	Starts int
}

func (o *BootstrapOptions) orDefault() BootstrapOptions {
	var c BootstrapOptions
	if o != nil {
		c = *o
	}
	if c.Resamples == 0 {
		c.Resamples = 200
	}
	if c.Level == 0 {
		c.Level = 0.95
	}
	if c.Starts == 0 {
		c.Starts = 2
	}
	if c.Resamples < 1 || !(c.Level > 0 && c.Level < 1) || c.Starts < 1 {
		panic(fmt.Sprintf("emergence: invalid bootstrap options %+v", c))
	}
	return c
}

// Interval is an estimate with a confidence interval [Lo, Hi].
type Interval struct {
	Estimate, Lo, Hi float64
}

// Contains reports whether v lies in [Lo, Hi].
func (iv Interval) Contains(v float64) bool { return v >= iv.Lo && v <= iv.Hi }

// BootstrapFit is a fit with bootstrap percentile intervals.
type BootstrapFit struct {
	Fit *Fit
	// Params holds an interval per entry of Fit.Params.
	Params []Interval
	// Centre (a scale) and Width (ln x) are the transition intervals of
	// the sharp models (see Fit.Transition); zero for smooth models.
	Centre, Width Interval
	Level         float64
	Resamples     int
	// Residual is true when residuals were resampled (some scale has a
	// single replicate) instead of replicates within scales.
	Residual bool
}

// Bootstrap fits model m and returns percentile intervals (Efron &
// Tibshirani 1993) from refits to resampled curves: when every scale has
// at least two replicates, the replicates at each scale are resampled
// with replacement (seeds are the independent units); otherwise the
// centred residuals are resampled and added to the fitted values. Each
// refit starts from the full-data estimate plus opt.Starts fresh starts.
// Resample b uses its own PCG stream, so results do not depend on
// scheduling. Errors as FitModel.
func Bootstrap(c Curve, m Model, opt *BootstrapOptions) (*BootstrapFit, error) {
	o := opt.orDefault()
	fit, err := FitModel(c, m, &FitOptions{Seed: o.Seed})
	if err != nil {
		return nil, err
	}
	x, y, _ := c.validate()
	u0, r := standardisation(c.Scale)
	residual := false
	for _, v := range c.Values {
		if len(v) < 2 {
			residual = true
		}
	}
	res := make([]float64, len(y))
	var rm float64
	for i := range y {
		res[i] = y[i] - fit.Predict(x[i])
		rm += res[i]
	}
	rm /= float64(len(y))
	for i := range res {
		res[i] -= rm
	}
	np := len(fit.Params)
	draws := make([][]float64, o.Resamples) // params, then centre, width
	seeds := make([]uint64, o.Resamples)
	master := rand.New(rand.NewPCG(o.Seed, streamBootstrap))
	for b := range seeds {
		seeds[b] = master.Uint64()
	}
	parallel(o.Resamples, func(b int) {
		rng := rand.New(rand.NewPCG(seeds[b], uint64(b)))
		yb := make([]float64, 0, len(y))
		if residual {
			for i := range y {
				yb = append(yb, y[i]-res[i]+res[rng.IntN(len(res))])
			}
		} else {
			for _, v := range c.Values {
				for range v {
					yb = append(yb, v[rng.IntN(len(v))])
				}
			}
		}
		f := fitData(newData(x, yb, u0, r), m, o.Starts, rng, [][]float64{fit.theta})
		d := append(slices.Clone(f.Params), math.NaN(), math.NaN())
		if ce, w, ok := f.Transition(); ok {
			d[np], d[np+1] = ce, w
		}
		draws[b] = d
	})
	out := &BootstrapFit{Fit: fit, Level: o.Level, Resamples: o.Resamples, Residual: residual}
	col := make([]float64, o.Resamples)
	interval := func(k int, est float64) Interval {
		for b := range draws {
			col[b] = draws[b][k]
		}
		lo, hi := percentiles(col, o.Level)
		return Interval{Estimate: est, Lo: lo, Hi: hi}
	}
	for k, p := range fit.Params {
		out.Params = append(out.Params, interval(k, p))
	}
	if ce, w, ok := fit.Transition(); ok {
		out.Centre = interval(np, ce)
		out.Width = interval(np+1, w)
	}
	return out, nil
}

// percentiles returns the (1−level)/2 and (1+level)/2 sample quantiles
// of v (linear interpolation between order statistics, Hyndman & Fan
// type 7), reordering v.
func percentiles(v []float64, level float64) (lo, hi float64) {
	slices.Sort(v)
	q := func(p float64) float64 {
		h := p * float64(len(v)-1)
		i := int(math.Floor(h))
		if i >= len(v)-1 {
			return v[len(v)-1]
		}
		return v[i] + (h-float64(i))*(v[i+1]-v[i])
	}
	return q((1 - level) / 2), q((1 + level) / 2)
}

// MeanInterval returns the mean of values with a percentile bootstrap
// interval of the given level from resamples draws (seeded). With a
// single value the interval is that value.
func MeanInterval(values []float64, resamples int, level float64, seed uint64) Interval {
	if len(values) == 0 || resamples < 1 || !(level > 0 && level < 1) {
		panic(fmt.Sprintf("emergence: MeanInterval with %d values, %d resamples, level %v", len(values), resamples, level))
	}
	m := mean(values)
	if len(values) == 1 {
		return Interval{m, m, m}
	}
	rng := rand.New(rand.NewPCG(seed, streamMean))
	draws := make([]float64, resamples)
	for b := range draws {
		var s float64
		for range values {
			s += values[rng.IntN(len(values))]
		}
		draws[b] = s / float64(len(values))
	}
	lo, hi := percentiles(draws, level)
	return Interval{m, lo, hi}
}
