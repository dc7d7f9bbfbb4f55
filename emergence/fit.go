package emergence

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sort"
	"sync"
)

// DefaultStarts is the number of Nelder-Mead runs per model fit: from the
// best points of a deterministic grid over the nonlinear parameters and
// from seeded random points.
const DefaultStarts = 6

// FitOptions configures fitting. A nil *FitOptions means every model,
// DefaultStarts starts, seed 0 and leave-one-scale-out validation.
type FitOptions struct {
	// Models are the models to compare; nil means AllModels.
	Models []Model
	// Starts is the number of local optimisations per fit (half from the
	// best grid points, half random); 0 means DefaultStarts.
	Starts int
	// Seed seeds the random starts.
	Seed uint64
	// Folds is the number of cross-validation folds over scales (scale s
	// goes to fold s mod Folds); 0, or at least the number of scales,
	// means leave-one-scale-out.
	Folds int
}

func (o *FitOptions) orDefault() FitOptions {
	var c FitOptions
	if o != nil {
		c = *o
	}
	if c.Models == nil {
		c.Models = AllModels
	}
	if c.Starts == 0 {
		c.Starts = DefaultStarts
	}
	if c.Starts < 1 || c.Folds < 0 {
		panic(fmt.Sprintf("emergence: invalid fit options %+v", c))
	}
	return c
}

// Random stream constants (the second PCG word) of this package.
const (
	streamFit       = 0x656d657201
	streamBootstrap = 0x656d657202
	streamMean      = 0x656d657203
)

// data is a curve's observations on the standardised log scale,
// aggregated by scale: least squares with one noise level only needs the
// per-scale means ȳ_s and counts n_s, since
// Σ_r (y_sr − ŷ_s)² = n_s(ȳ_s − ŷ_s)² + Σ_r (y_sr − ȳ_s)².
type data struct {
	t, y, w []float64 // per scale: standardised ln x, mean, count
	within  float64   // Σ_s Σ_r (y_sr − ȳ_s)²
	n       int       // observations
	u0, r   float64
	sdY     float64 // standard deviation of all observations, for the σ floor
}

// newData aggregates observations (x, y) by scale (x must be sorted by
// scale, as validate returns them) and standardises ln x with the given
// centre and range.
func newData(x, y []float64, u0, r float64) *data {
	d := &data{u0: u0, r: r, n: len(x)}
	for i := 0; i < len(x); {
		j := i
		var s float64
		for j < len(x) && x[j] == x[i] {
			s += y[j]
			j++
		}
		m := s / float64(j-i)
		for k := i; k < j; k++ {
			d.within += (y[k] - m) * (y[k] - m)
		}
		d.t = append(d.t, (math.Log(x[i])-u0)/r)
		d.y = append(d.y, m)
		d.w = append(d.w, float64(j-i))
		i = j
	}
	m := mean(y)
	var ss float64
	for _, v := range y {
		ss += (v - m) * (v - m)
	}
	d.sdY = math.Sqrt(ss / float64(len(y)))
	return d
}

// standardisation returns the centre and the range of ln x over the
// scales (range 1 when there is a single scale).
func standardisation(scales []float64) (u0, r float64) {
	lo, hi := math.Log(scales[0]), math.Log(scales[len(scales)-1])
	r = hi - lo
	if r <= 0 {
		r = 1
	}
	return (lo + hi) / 2, r
}

// linSolve returns the weighted least-squares c, a for ȳ ≈ c + a·g and
// the residual sum of squares of all observations; g is filled from the
// basis.
func linSolve(d *data, sp modelSpec, th, g []float64) (c, a, rss float64) {
	sp.fill(g, d.t, th)
	var W, gm, ym float64
	for i := range d.t {
		W += d.w[i]
		gm += d.w[i] * g[i]
		ym += d.w[i] * d.y[i]
	}
	gm /= W
	ym /= W
	var sgg, sgy float64
	for i := range d.t {
		dg := g[i] - gm
		sgg += d.w[i] * dg * dg
		sgy += d.w[i] * dg * (d.y[i] - ym)
	}
	if !(sgg > 1e-300) || math.IsInf(sgg, 0) || math.IsNaN(sgg) {
		a = 0
	} else {
		a = sgy / sgg
	}
	c = ym - a*gm
	rss = d.within
	for i := range d.t {
		e := d.y[i] - c - a*g[i]
		rss += d.w[i] * e * e
	}
	if math.IsNaN(rss) || math.IsInf(rss, 0) {
		rss = math.Inf(1)
	}
	return c, a, rss
}

// objective is the profiled RSS(θ) with a quadratic penalty outside the
// bounds (evaluated at the clamped point).
func objective(d *data, sp modelSpec, g, clamped []float64, big float64) func([]float64) float64 {
	return func(th []float64) float64 {
		var pen float64
		for i, v := range th {
			c := math.Max(sp.lower[i], math.Min(sp.upper[i], v))
			pen += (v - c) * (v - c)
			clamped[i] = c
		}
		_, _, rss := linSolve(d, sp, clamped, g)
		return rss + big*pen
	}
}

// startGrid returns deterministic starting points for a model, placing
// centres and breaks at the midpoints between sampled scales.
func startGrid(m Model, ts []float64) [][]float64 {
	var mids []float64
	for i := 1; i < len(ts); i++ {
		mids = append(mids, (ts[i-1]+ts[i])/2)
	}
	if len(mids) > 16 {
		sub := make([]float64, 16)
		for i := range sub {
			sub[i] = mids[i*(len(mids)-1)/15]
		}
		mids = sub
	}
	var pts [][]float64
	switch m {
	case PowerLaw:
		for _, b := range []float64{-20, -8, -3, -1, -0.3, 0.3, 1, 3, 8, 20} {
			pts = append(pts, []float64{b})
		}
	case Sigmoid:
		for _, c := range mids {
			for _, w := range []float64{0.005, 0.02, 0.06, 0.2} {
				pts = append(pts, []float64{c, math.Log(w)})
			}
		}
	case BrokenPowerLaw:
		for _, c := range mids {
			for _, b1 := range []float64{-2, 0, 2} {
				for _, b2 := range []float64{-20, -5, 5, 20} {
					for _, s := range []float64{0.01, 0.05} {
						pts = append(pts, []float64{b1, b2, c, math.Log(s)})
					}
				}
			}
		}
	}
	return pts
}

// fitData fits model m to d by variable projection with multi-start
// Nelder-Mead; extra starting points (e.g. a previous estimate) are
// tried first.
func fitData(d *data, m Model, starts int, rng *rand.Rand, extra [][]float64) *Fit {
	sp := spec(m)
	g := make([]float64, len(d.t))
	f := &Fit{Model: m, N: d.n, K: m.NumParams() + 1, u0: d.u0, r: d.r, HeldOut: math.NaN()}
	best := math.Inf(1)
	var bestTh []float64
	if sp.ntheta == 0 {
		f.theta = nil
	} else {
		clamped := make([]float64, sp.ntheta)
		obj := objective(d, sp, g, clamped, 1e3*(d.sdY*d.sdY*float64(d.n)+1))
		// Screen the grid, keep the best half of the starts.
		type cand struct {
			th []float64
			v  float64
		}
		var cs []cand
		for _, p := range startGrid(m, uniqueSorted(d.t)) {
			cs = append(cs, cand{p, obj(p)})
		}
		sort.SliceStable(cs, func(i, j int) bool { return cs[i].v < cs[j].v })
		var inits [][]float64
		inits = append(inits, extra...)
		for i := 0; i < len(cs) && i < (starts+1)/2; i++ {
			inits = append(inits, cs[i].th)
		}
		for len(inits) < starts+len(extra) {
			p := make([]float64, sp.ntheta)
			for i := range p {
				p[i] = sp.lower[i] + rng.Float64()*(sp.upper[i]-sp.lower[i])
			}
			// Exponents (the first one or two parameters of the power
			// laws) concentrate on moderate values.
			for i := 0; i < exponents(m); i++ {
				p[i] = 10 * rng.NormFloat64()
			}
			inits = append(inits, p)
		}
		for _, x0 := range inits {
			th, v := nelderMead(obj, x0, sp.step, 250*(sp.ntheta+1))
			if v < best {
				best, bestTh = v, th
			}
		}
		for i, v := range bestTh {
			bestTh[i] = math.Max(sp.lower[i], math.Min(sp.upper[i], v))
		}
		f.theta = bestTh
	}
	f.c, f.a, f.RSS = linSolve(d, sp, f.theta, g)
	f.naturalParams()
	n := float64(f.N)
	f.Sigma = math.Sqrt(f.RSS / n)
	s := math.Max(f.Sigma, sigmaFloor(d))
	f.LogLik = -n/2*math.Log(2*math.Pi*s*s) - f.RSS/(2*s*s)
	k := float64(f.K)
	f.AIC = 2*k - 2*f.LogLik
	f.AICc = math.Inf(1)
	if n > k+1 {
		f.AICc = f.AIC + 2*k*(k+1)/(n-k-1)
	}
	return f
}

// sigmaFloor keeps likelihoods finite for (near-)perfect fits: 10⁻⁶ of
// the spread of y, or 10⁻¹² for constant data.
func sigmaFloor(d *data) float64 { return math.Max(1e-6*d.sdY, 1e-12) }

// exponents is the number of leading exponent parameters of m.
func exponents(m Model) int {
	switch m {
	case PowerLaw:
		return 1
	case BrokenPowerLaw:
		return 2
	}
	return 0
}

func uniqueSorted(v []float64) []float64 {
	u := slices.Clone(v)
	slices.Sort(u)
	return slices.Compact(u)
}

// FitModel fits model m to the curve's replicate observations by least
// squares (Gaussian maximum likelihood with one noise level): the linear
// parameters are solved exactly for each value of the nonlinear ones
// (variable projection, Golub & Pereyra 1973), which are found by
// Nelder-Mead (gonum/optimize) from several starts. Errors: ErrBadCurve,
// ErrNotFinite, ErrTooFewScales (fewer distinct scales than
// NumParams + 1).
func FitModel(c Curve, m Model, opt *FitOptions) (*Fit, error) {
	o := opt.orDefault()
	x, y, err := c.validate()
	if err != nil {
		return nil, err
	}
	if len(c.Scale) < m.NumParams()+1 {
		return nil, fmt.Errorf("%w: %s needs %d scales, %s has %d", ErrTooFewScales, m, m.NumParams()+1, c.Name, len(c.Scale))
	}
	u0, r := standardisation(c.Scale)
	rng := rand.New(rand.NewPCG(o.Seed, streamFit+uint64(m)<<8))
	return fitData(newData(x, y, u0, r), m, o.Starts, rng, nil), nil
}

// Comparison holds the fits of several models to one curve.
type Comparison struct {
	// Fits holds one fit per model, in the order of FitOptions.Models,
	// with HeldOut filled in.
	Fits []*Fit
	// Best is the model with the largest held-out log-likelihood, and
	// BestAIC the one with the smallest AICc.
	Best, BestAIC Model
	// Folds is the number of cross-validation folds used.
	Folds int
	// Skipped lists the requested models not fitted because the curve
	// has fewer than NumParams + 1 scales.
	Skipped []Model
}

// Fit returns the fit of model m, or nil.
func (c *Comparison) Fit(m Model) *Fit {
	for _, f := range c.Fits {
		if f.Model == m {
			return f
		}
	}
	return nil
}

// Compare fits every model of opt to the curve and compares them by
// held-out likelihood: for each fold of scales (leave-one-scale-out by
// default) each model is refitted on the other scales and scores
// Σ ln N(y; ŷ(x), σ̂²) on the left-out observations, σ̂ the training
// fit's noise level. Models with fewer than NumParams + 1 scales are
// skipped; models that cannot be fitted on some fold (too few training
// scales) get HeldOut = NaN and cannot be Best. It is an error
// (ErrTooFewScales) when no model can be fitted. The standardisation of
// the log scale is that of the full curve in every fold, so the
// parameter bounds do not move. Folds run in parallel; results depend
// only on the seed.
func Compare(c Curve, opt *FitOptions) (*Comparison, error) {
	o := opt.orDefault()
	x, y, err := c.validate()
	if err != nil {
		return nil, err
	}
	S := len(c.Scale)
	folds := o.Folds
	if folds == 0 || folds > S {
		folds = S
	}
	if folds < 2 {
		return nil, fmt.Errorf("%w: held-out comparison needs at least 2 scales", ErrTooFewScales)
	}
	u0, r := standardisation(c.Scale)
	full := newData(x, y, u0, r)
	cmp := &Comparison{Folds: folds}
	// Observation → scale index.
	scaleOf := make([]int, 0, len(x))
	for s, v := range c.Values {
		for range v {
			scaleOf = append(scaleOf, s)
		}
	}
	type job struct{ mi, fold int }
	var jobs []job
	var models []Model
	for _, m := range o.Models {
		if S < m.NumParams()+1 {
			cmp.Skipped = append(cmp.Skipped, m)
			continue
		}
		models = append(models, m)
	}
	if len(models) == 0 {
		return nil, fmt.Errorf("%w: %s has %d scales, too few for any of %v", ErrTooFewScales, c.Name, S, o.Models)
	}
	o.Models = models
	for mi, m := range o.Models {
		rng := rand.New(rand.NewPCG(o.Seed, streamFit+uint64(m)<<8))
		cmp.Fits = append(cmp.Fits, fitData(full, m, o.Starts, rng, nil))
		for k := 0; k < folds; k++ {
			jobs = append(jobs, job{mi, k})
		}
	}
	ll := make([]float64, len(jobs))
	nn := make([]int, len(jobs))
	parallel(len(jobs), func(j int) {
		m := o.Models[jobs[j].mi]
		k := jobs[j].fold
		var tx, ty, vx, vy []float64
		trainScales := 0
		for s := 0; s < S; s++ {
			if s%folds != k {
				trainScales++
			}
		}
		for i, s := range scaleOf {
			if s%folds == k {
				vx, vy = append(vx, x[i]), append(vy, y[i])
			} else {
				tx, ty = append(tx, x[i]), append(ty, y[i])
			}
		}
		if trainScales < m.NumParams()+1 {
			ll[j] = math.NaN()
			return
		}
		rng := rand.New(rand.NewPCG(o.Seed, streamFit+uint64(m)<<8+uint64(k+1)<<20))
		td := newData(tx, ty, u0, r)
		// The full-data estimate is the first start, plus the best grid
		// point: a fold's optimum is usually near the former, and the
		// latter guards against a fold whose optimum moved.
		f := fitData(td, m, 1, rng, [][]float64{cmp.Fits[jobs[j].mi].theta})
		sg := math.Max(f.Sigma, sigmaFloor(full))
		var s float64
		for i, xv := range vx {
			e := vy[i] - f.Predict(xv)
			s += -0.5*math.Log(2*math.Pi*sg*sg) - e*e/(2*sg*sg)
		}
		ll[j], nn[j] = s, len(vx)
	})
	for _, f := range cmp.Fits {
		f.HeldOut, f.HeldOutN = 0, 0
	}
	for j, jb := range jobs {
		f := cmp.Fits[jb.mi]
		f.HeldOut += ll[j]
		f.HeldOutN += nn[j]
	}
	bestHO, bestAIC := math.Inf(-1), math.Inf(1)
	cmp.Best, cmp.BestAIC = -1, -1
	for _, f := range cmp.Fits {
		if !math.IsNaN(f.HeldOut) && f.HeldOut > bestHO {
			bestHO, cmp.Best = f.HeldOut, f.Model
		}
		if f.AICc < bestAIC {
			bestAIC, cmp.BestAIC = f.AICc, f.Model
		}
	}
	return cmp, nil
}

// parallel runs f(i) for i in [0, n) on GOMAXPROCS goroutines.
func parallel(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	var mu sync.Mutex
	next := 0
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= n {
					return
				}
				f(i)
			}
		}()
	}
	wg.Wait()
}
