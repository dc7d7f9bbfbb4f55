package chaos

import (
	"fmt"
	"math"
)

// DivergenceOptions tunes Rosenstein and Kantz. The zero value (or nil)
// gives the documented defaults.
type DivergenceOptions struct {
	// Dim and Delay embed a scalar series (0: EstimateEmbedding with the
	// Embedding options). Ignored by the *Points variants.
	Dim, Delay int
	// Embedding tunes the automatic embedding (nil: defaults).
	Embedding *EmbeddingOptions
	// Theiler excludes temporal neighbours |i−j| ≤ Theiler (0: the mean
	// period of the series, or of the first coordinate of a point set,
	// see MeanPeriod; negative: none).
	Theiler int
	// Steps is the length K of the divergence curve in samples (0:
	// max(30, 5 mean periods), at most a quarter of the points; enough
	// for the curve to saturate on typical attractors).
	Steps int
	// Radius is Kantz's neighbourhood size ε (0: automatic, see Kantz).
	Radius float64
	// MinNeighbours is the number of neighbours within ε a reference
	// point of Kantz's method needs to be used (0: 10, as TISEAN's
	// lyap_k).
	MinNeighbours int
	// MaxRefs caps the reference points of Kantz's method, taken evenly
	// spread (0: 1000; a few hundred suffice, Hegger et al. 1999).
	MaxRefs int
	// FitLo and FitHi fix the fit range [FitLo, FitHi] of the curve in
	// samples; both 0 selects it automatically (see LinearRegion).
	FitLo, FitHi int
	// SlopeTol is the relative tolerance of the automatic linear region
	// (0: 0.25, see LinearRegion).
	SlopeTol float64
}

// Divergence is a divergence curve and the largest Lyapunov exponent
// fitted to its linear region.
type Divergence struct {
	// Lambda is the slope of Curve against Time over [FitLo, FitHi] (per
	// time unit of dt); StdErr its standard error from the fit.
	Lambda, StdErr float64
	// Time[k] = k·dt and Curve[k] is the mean log divergence after k
	// samples; Count[k] is the number of terms averaged.
	Time, Curve []float64
	Count       []int
	// FitLo and FitHi delimit the fit (indices into Curve, inclusive).
	FitLo, FitHi int
	// Dim, Delay and Theiler are the embedding and window used; Radius
	// is Kantz's ε (0 for Rosenstein).
	Dim, Delay, Theiler int
	Radius              float64
}

// defaults fills the options for n points whose mean period (in
// samples, see defaultTheiler) is period.
func (o *DivergenceOptions) defaults(n, period int) {
	if o.Theiler == 0 {
		o.Theiler = period
	}
	if o.Theiler < 0 {
		o.Theiler = 0
	}
	if o.Steps == 0 {
		o.Steps = max(30, 5*period)
		o.Steps = min(o.Steps, n/4)
	}
	if o.MinNeighbours == 0 {
		o.MinNeighbours = 10
	}
	if o.MaxRefs == 0 {
		o.MaxRefs = 1000
	}
	if o.SlopeTol == 0 {
		o.SlopeTol = 0.25
	}
}

// embedSeries embeds a scalar series for the divergence methods.
func embedSeries(fn string, x []float64, o *DivergenceOptions) (Points, int, int, error) {
	if err := checkSeries(fn, x, 50); err != nil {
		return Points{}, 0, 0, err
	}
	m, tau := o.Dim, o.Delay
	if m < 0 || tau < 0 {
		return Points{}, 0, 0, fmt.Errorf("chaos: %s: embedding dimension %d and delay %d must be ≥ 0 (0: automatic)", fn, m, tau)
	}
	if m == 0 || tau == 0 {
		eo := EmbeddingOptions{}
		if o.Embedding != nil {
			eo = *o.Embedding
		}
		eo.Dim, eo.Delay = m, tau
		if eo.Theiler == 0 {
			eo.Theiler = o.Theiler
		}
		e, err := EstimateEmbedding(x, &eo)
		if err != nil {
			return Points{}, 0, 0, err
		}
		m, tau = e.Dim, e.Delay
	}
	p, err := Embed(x, m, tau)
	if err != nil {
		return Points{}, 0, 0, err
	}
	return p, m, tau, nil
}

// Rosenstein estimates the largest Lyapunov exponent of a scalar series
// x sampled every dt by the method of Rosenstein, Collins & De Luca
// (1993). x is delay-embedded (opt.Dim, opt.Delay, automatic by default,
// see EstimateEmbedding); each point y_i is paired with its nearest
// neighbour y_j (Euclidean norm, |i−j| > Theiler); the curve
//
//	y(k) = ⟨ ln ‖y_{i+k} − y_{j+k}‖ ⟩_i ,   k = 0 … K,
//
// averaged over the pairs still inside the data, grows as λ1·k·dt in its
// linear region, whose least-squares slope is returned (see
// LinearRegion for the automatic choice of the region). At least 50
// points are needed, more than 10^3 for a meaningful estimate.
//
// References:
//
//	Rosenstein, M. T., Collins, J. J. & De Luca, C. J. (1993). A
//	  practical method for calculating largest Lyapunov exponents from
//	  small data sets. Physica D 65, 117-134.
func Rosenstein(x []float64, dt float64, opt *DivergenceOptions) (*Divergence, error) {
	var o DivergenceOptions
	if opt != nil {
		o = *opt
	}
	if err := checkDT("Rosenstein", dt); err != nil {
		return nil, err
	}
	if err := checkSeries("Rosenstein", x, 50); err != nil {
		return nil, err
	}
	period := defaultTheiler(x)
	if o.Theiler == 0 {
		o.Theiler = period
	}
	p, m, tau, err := embedSeries("Rosenstein", x, &o)
	if err != nil {
		return nil, err
	}
	res, err := rosenstein(p, dt, o, period)
	if res != nil {
		res.Dim, res.Delay = m, tau
	}
	return res, err
}

// RosensteinPoints is Rosenstein's method on a point set already in
// state space (a multivariate trajectory or an embedding).
func RosensteinPoints(p Points, dt float64, opt *DivergenceOptions) (*Divergence, error) {
	var o DivergenceOptions
	if opt != nil {
		o = *opt
	}
	if err := checkDT("RosensteinPoints", dt); err != nil {
		return nil, err
	}
	if err := checkPoints("RosensteinPoints", p, 50); err != nil {
		return nil, err
	}
	res, err := rosenstein(p, dt, o, pointsTheiler(p))
	if res != nil {
		res.Dim, res.Delay = p.Dim, 1
	}
	return res, err
}

func checkDT(fn string, dt float64) error {
	if !(dt > 0) || math.IsInf(dt, 0) {
		return fmt.Errorf("chaos: %s: sampling interval dt=%v must be positive and finite", fn, dt)
	}
	return nil
}

// pointsTheiler is the default Theiler window of a point set: the mean
// period of its first non-constant coordinate.
func pointsTheiler(p Points) int {
	for j := 0; j < p.Dim; j++ {
		c := p.Column(j)
		if checkSeries("", c, 4) == nil {
			return defaultTheiler(c)
		}
	}
	return 1
}

func rosenstein(p Points, dt float64, o DivergenceOptions, period int) (*Divergence, error) {
	n := p.Len()
	o.defaults(n, period)
	K := o.Steps
	if K < 2 || n < 2*o.Theiler+K+10 {
		return nil, fmt.Errorf("chaos: Rosenstein: %d points are too few for a curve of %d steps with Theiler window %d (need at least %d): %w",
			n, K, o.Theiler, 2*o.Theiler+max(K, 2)+10, ErrTooShort)
	}
	tr := newKDTree(p, n)
	// Σ ln d is accumulated as a product of Frexp mantissas and a sum of
	// exponents (one logarithm per curve point instead of one per pair).
	mant := make([]float64, K+1)
	expo := make([]int, K+1)
	for k := range mant {
		mant[k] = 1
	}
	cnt := make([]int, K+1)
	for i := 0; i < n; i++ {
		j, _ := tr.nearest(p.Row(i), i, o.Theiler, false)
		if j < 0 {
			continue
		}
		for k := 0; k <= K && i+k < n && j+k < n; k++ {
			a, b := p.Row(i+k), p.Row(j+k)
			var s float64
			for c := range a {
				d := a[c] - b[c]
				s += d * d
			}
			if s > 0 {
				f, e := math.Frexp(s)
				mant[k] *= f
				expo[k] += e
				cnt[k]++
				if cnt[k]%512 == 0 { // 0.5^512 ≫ the smallest normal number
					f, e = math.Frexp(mant[k])
					mant[k], expo[k] = f, expo[k]+e
				}
			}
		}
	}
	sum := make([]float64, K+1)
	for k := range sum {
		// Σ ln d = ½ Σ ln d² = ½ (ln mant + expo·ln 2).
		sum[k] = 0.5 * (math.Log(mant[k]) + float64(expo[k])*math.Ln2)
	}
	return finishDivergence("Rosenstein", sum, cnt, dt, o)
}

// Kantz estimates the largest Lyapunov exponent of a scalar series x
// sampled every dt by the method of Kantz (1994). x is delay-embedded as
// in Rosenstein; for every reference point y_i with at least
// MinNeighbours neighbours U_i within ε (maximum norm, |i−j| > Theiler)
//
//	S(k) = ⟨ ln( (1/|U_i|) Σ_{j∈U_i} ‖y_{i+k} − y_{j+k}‖ ) ⟩_i ,   k = 0 … K,
//
// with the maximum norm of the whole delay vector (Kantz and TISEAN's
// lyap_k use the difference of the scalar observations, which oscillates
// more for flows); S grows as λ1·k·dt in its linear region
// (LinearRegion). At most MaxRefs reference points are used. The automatic ε is the smallest of
// ε_q = 10⁻³·s·2^{q/2}, q = 0, 1, …, (s the largest coordinate standard
// deviation) for which at least half of 200 evenly spread reference
// points have MinNeighbours neighbours.
//
// References:
//
//	Kantz, H. (1994). A robust method to estimate the maximal Lyapunov
//	  exponent of a time series. Phys. Lett. A 185, 77-87.
//	Kantz, H. & Schreiber, T. (2004). Nonlinear Time Series Analysis,
//	  2nd ed., Cambridge University Press, §5.3.
//	Hegger, R., Kantz, H. & Schreiber, T. (1999). Practical
//	  implementation of nonlinear time series methods: the TISEAN
//	  package. Chaos 9, 413-435.
func Kantz(x []float64, dt float64, opt *DivergenceOptions) (*Divergence, error) {
	var o DivergenceOptions
	if opt != nil {
		o = *opt
	}
	if err := checkDT("Kantz", dt); err != nil {
		return nil, err
	}
	if err := checkSeries("Kantz", x, 50); err != nil {
		return nil, err
	}
	period := defaultTheiler(x)
	if o.Theiler == 0 {
		o.Theiler = period
	}
	p, m, tau, err := embedSeries("Kantz", x, &o)
	if err != nil {
		return nil, err
	}
	res, err := kantz(p, dt, o, period)
	if res != nil {
		res.Dim, res.Delay = m, tau
	}
	return res, err
}

// KantzPoints is Kantz's method on a point set already in state space.
func KantzPoints(p Points, dt float64, opt *DivergenceOptions) (*Divergence, error) {
	var o DivergenceOptions
	if opt != nil {
		o = *opt
	}
	if err := checkDT("KantzPoints", dt); err != nil {
		return nil, err
	}
	if err := checkPoints("KantzPoints", p, 50); err != nil {
		return nil, err
	}
	res, err := kantz(p, dt, o, pointsTheiler(p))
	if res != nil {
		res.Dim, res.Delay = p.Dim, 1
	}
	return res, err
}

func kantz(p Points, dt float64, o DivergenceOptions, period int) (*Divergence, error) {
	n := p.Len()
	o.defaults(n, period)
	K := o.Steps
	if o.Radius < 0 || math.IsNaN(o.Radius) {
		return nil, fmt.Errorf("chaos: Kantz: radius %v must be positive (0: automatic)", o.Radius)
	}
	m := n - K // reference points and neighbours have K further samples
	if K < 2 || m < 2*o.Theiler+10+o.MinNeighbours {
		return nil, fmt.Errorf("chaos: Kantz: %d points are too few for a curve of %d steps with Theiler window %d (need at least %d): %w",
			n, K, o.Theiler, 2*o.Theiler+10+o.MinNeighbours+max(K, 2), ErrTooShort)
	}
	tr := newKDTree(p, m)
	var nb []int
	collect := func(j int, _ float64) { nb = append(nb, j) }
	eps := o.Radius
	if eps == 0 {
		var s float64
		for c := 0; c < p.Dim; c++ {
			_, sd := meanStd(p.Column(c))
			s = math.Max(s, sd)
		}
		step := max(1, m/200)
		for q := 0; q < 60; q++ {
			eps = 1e-3 * s * math.Pow(2, float64(q)/2)
			var ok, tot int
			for i := 0; i < m; i += step {
				nb = nb[:0]
				tr.within(p.Row(i), eps, i, o.Theiler, 0, true, collect)
				if len(nb) >= o.MinNeighbours {
					ok++
				}
				tot++
			}
			if 2*ok >= tot {
				break
			}
		}
	}
	sum := make([]float64, K+1)
	cnt := make([]int, K+1)
	stride := max(1, m/max(o.MaxRefs, 1))
	for i := 0; i < m; i += stride {
		nb = nb[:0]
		tr.within(p.Row(i), eps, i, o.Theiler, 0, true, collect)
		if len(nb) < o.MinNeighbours {
			continue
		}
		for k := 0; k <= K; k++ {
			a := p.Row(i + k)
			var s float64
			for _, j := range nb {
				b := p.Row(j + k)
				var d float64
				for c := range a {
					d = math.Max(d, math.Abs(a[c]-b[c]))
				}
				s += d
			}
			if s > 0 {
				sum[k] += math.Log(s / float64(len(nb)))
				cnt[k]++
			}
		}
	}
	res, err := finishDivergence("Kantz", sum, cnt, dt, o)
	if res != nil {
		res.Radius = eps
	}
	return res, err
}

// finishDivergence averages the curve and fits its linear region.
func finishDivergence(fn string, sum []float64, cnt []int, dt float64, o DivergenceOptions) (*Divergence, error) {
	K := len(sum) - 1
	res := &Divergence{Time: make([]float64, K+1), Curve: make([]float64, K+1), Count: cnt, Theiler: o.Theiler}
	for k := range sum {
		res.Time[k] = float64(k) * dt
		if cnt[k] > 0 {
			res.Curve[k] = sum[k] / float64(cnt[k])
		} else {
			res.Curve[k] = math.NaN()
		}
	}
	if cnt[0] == 0 {
		return res, fmt.Errorf("chaos: %s: no reference point has a usable neighbour (try a larger radius or a smaller Theiler window): %w", fn, ErrTooShort)
	}
	lo, hi := o.FitLo, o.FitHi
	if lo == 0 && hi == 0 {
		var err error
		lo, hi, err = LinearRegion(res.Time, res.Curve, o.SlopeTol)
		if err != nil {
			res.FitLo, res.FitHi = -1, -1
			res.Lambda, res.StdErr = math.NaN(), math.NaN()
			return res, fmt.Errorf("chaos: %s: %w", fn, err)
		}
	}
	if lo < 0 || hi > K || hi-lo < 2 {
		return res, fmt.Errorf("chaos: %s: fit range [%d, %d] must lie in [0, %d] and hold at least 3 samples", fn, lo, hi, K)
	}
	for k := lo; k <= hi; k++ {
		if math.IsNaN(res.Curve[k]) {
			return res, fmt.Errorf("chaos: %s: the curve is undefined at step %d of the fit range", fn, k)
		}
	}
	res.FitLo, res.FitHi = lo, hi
	res.Lambda, _, res.StdErr, _ = linFit(res.Time[lo:hi+1], res.Curve[lo:hi+1])
	return res, nil
}
