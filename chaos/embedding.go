package chaos

import (
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/dsp/fourier"
)

// MutualInformation returns the time-delayed mutual information
// I(τ), τ = 0 … maxLag, of the series x in nats:
//
//	I(τ) = Σ_ab p_ab(τ) ln[ p_ab(τ) / (p_a p_b) ],
//
// with p_ab(τ) the joint probability that x_i falls in bin a and x_{i+τ}
// in bin b. The bins are equiprobable: each value is replaced by its rank
// and the ranks are cut into bins equal parts (equal values share the bin
// of their smallest rank), the first level of Fraser & Swinney's adaptive
// partition. bins ≤ 0
// chooses max(4, min(16, ⌊√(N/10)⌋)) so the bins² cells hold ≥ 10 pairs
// on average. maxLag must be in [1, N−2].
//
// References:
//
//	Fraser, A. M. & Swinney, H. L. (1986). Independent coordinates for
//	  strange attractors from mutual information. Phys. Rev. A 33,
//	  1134-1140.
func MutualInformation(x []float64, maxLag, bins int) ([]float64, error) {
	if err := checkSeries("MutualInformation", x, 16); err != nil {
		return nil, err
	}
	n := len(x)
	if maxLag < 1 || maxLag > n-2 {
		return nil, fmt.Errorf("chaos: MutualInformation: maximum lag %d must be in [1, %d] for %d points", maxLag, n-2, n)
	}
	mi := newMIHist(x, bins)
	out := make([]float64, maxLag+1)
	for lag := range out {
		out[lag] = mi.at(lag)
	}
	return out, nil
}

// miHist holds the rank bins of a series for repeated lagged MI.
type miHist struct {
	b     []int32
	nb    int
	joint []float64
	pa    []float64
	pb    []float64
}

func newMIHist(x []float64, bins int) *miHist {
	n := len(x)
	if bins <= 0 {
		bins = max(4, min(16, int(math.Sqrt(float64(n)/10))))
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, c int) bool { return x[order[a]] < x[order[c]] })
	b := make([]int32, n)
	start := 0 // equal values share the bin of their smallest rank
	for r, i := range order {
		if r > 0 && x[i] != x[order[r-1]] {
			start = r
		}
		b[i] = int32(start * bins / n)
	}
	return &miHist{b: b, nb: bins, joint: make([]float64, bins*bins), pa: make([]float64, bins), pb: make([]float64, bins)}
}

func (h *miHist) at(lag int) float64 {
	clear(h.joint)
	clear(h.pa)
	clear(h.pb)
	m := len(h.b) - lag
	for i := 0; i < m; i++ {
		a, c := h.b[i], h.b[i+lag]
		h.joint[int(a)*h.nb+int(c)]++
		h.pa[a]++
		h.pb[c]++
	}
	inv := 1 / float64(m)
	var s float64
	for a := 0; a < h.nb; a++ {
		for c := 0; c < h.nb; c++ {
			if p := h.joint[a*h.nb+c]; p > 0 {
				s += p * inv * math.Log(p*float64(m)/(h.pa[a]*h.pb[c]))
			}
		}
	}
	return s
}

// DelayMI chooses a delay by the criterion of Fraser & Swinney (1986):
// the first minimum of the mutual information I(τ). To be robust to the
// estimator's statistical wiggles in flat stretches of the curve, a
// minimum must hold over a window proportional to the lag: the smallest
// τ ≥ 1 with I(τ) < I(τ−1) and I(τ) ≤ I(τ′) for all |τ′ − τ| ≤
// max(2, ⌈τ/4⌉). The search runs up to maxLag (≤ 0: min(N/4, 1000));
// when it finds no minimum, the first τ with I(τ) ≤ I(0)/e is taken, and
// failing that maxLag. It returns the delay (in samples) and the part of
// the curve I(0 …) it computed.
//
// Maps decorrelate within a step and their MI usually decays without a
// minimum; use delay 1 for them.
func DelayMI(x []float64, maxLag, bins int) (int, []float64, error) {
	if err := checkSeries("DelayMI", x, 16); err != nil {
		return 0, nil, err
	}
	n := len(x)
	if maxLag <= 0 {
		maxLag = min(n/4, 1000)
	}
	maxLag = min(maxLag, n-3)
	h := newMIHist(x, bins)
	curve := []float64{h.at(0)}
	at := func(k int) float64 {
		for len(curve) <= k {
			curve = append(curve, h.at(len(curve)))
		}
		return curve[k]
	}
	for tau := 1; tau <= maxLag; tau++ {
		w := max(2, (tau+3)/4)
		isMin := at(tau) < at(tau-1)
		for k := max(tau-w, 0); isMin && k <= min(tau+w, n-2); k++ {
			isMin = at(tau) <= at(k)
		}
		if isMin {
			return tau, curve, nil
		}
	}
	for tau := 1; tau <= maxLag; tau++ {
		if curve[tau] <= curve[0]/math.E {
			return tau, curve, nil
		}
	}
	return maxLag, curve, nil
}

// FalseNearest returns the fraction of false nearest neighbours of the
// delay embedding of x with delay tau for dimensions d = 1 … maxDim
// (index d−1) by the method of Kennel, Brown & Abarbanel (1992). The
// nearest neighbour j of point i in dimension d (Euclidean distance R_d,
// excluding |i−j| ≤ theiler) is false when
//
//	|x_{i+dτ} − x_{j+dτ}| / R_d > rtol   or   R_{d+1} / R_A > atol,
//
// with R_A the standard deviation of x. rtol ≤ 0 and atol ≤ 0 take
// Kennel's values 15 and 2; theiler < 0 excludes only i itself. It
// panics when tau < 1 or maxDim < 1 (misuse).
//
// References:
//
//	Kennel, M. B., Brown, R. & Abarbanel, H. D. I. (1992). Determining
//	  embedding dimension for phase-space reconstruction using a
//	  geometrical construction. Phys. Rev. A 45, 3403-3411.
func FalseNearest(x []float64, tau, maxDim int, rtol, atol float64, theiler int) ([]float64, error) {
	if tau < 1 || maxDim < 1 {
		panic(fmt.Sprintf("chaos: FalseNearest needs tau ≥ 1 and maxDim ≥ 1, got %d, %d", tau, maxDim))
	}
	need := maxDim*tau + 2*max(theiler, 0) + 10
	if err := checkSeries("FalseNearest", x, need); err != nil {
		return nil, err
	}
	if rtol <= 0 {
		rtol = 15
	}
	if atol <= 0 {
		atol = 2
	}
	theiler = max(theiler, 0)
	_, ra := meanStd(x)
	out := make([]float64, maxDim)
	for d := 1; d <= maxDim; d++ {
		out[d-1] = fnnFraction(x, tau, d, rtol, atol, ra, theiler)
	}
	return out, nil
}

// fnnFraction is the false-neighbour fraction of dimension d.
func fnnFraction(x []float64, tau, d int, rtol, atol, ra float64, theiler int) float64 {
	p, _ := Embed(x, d+1, tau)
	m := p.Len()
	pd := firstCols(p, d)
	tr := newKDTree(pd, m)
	var nfalse, nvalid int
	for i := 0; i < m; i++ {
		j, rd := tr.nearest(pd.Row(i), i, theiler, false)
		if j < 0 || rd == 0 {
			continue
		}
		nvalid++
		dx := math.Abs(x[i+d*tau] - x[j+d*tau])
		if dx/rd > rtol || math.Sqrt(rd*rd+dx*dx)/ra > atol {
			nfalse++
		}
	}
	if nvalid == 0 {
		return 0
	}
	return float64(nfalse) / float64(nvalid)
}

// firstCols copies the first d coordinates of every point.
func firstCols(p Points, d int) Points {
	m := p.Len()
	out := make([]float64, m*d)
	for i := 0; i < m; i++ {
		copy(out[i*d:(i+1)*d], p.X[i*p.Dim:i*p.Dim+d])
	}
	return Points{X: out, Dim: d}
}

// Cao returns Cao's (1997) statistics E1(d) and E2(d), d = 1 … maxDim
// (index d−1), of the delay embedding of x with delay tau. With n(i, d)
// the nearest neighbour of point i in dimension d (maximum norm,
// excluding |i−j| ≤ theiler and zero distances),
//
//	E(d)  = ⟨ ‖y_i(d+1) − y_n(d+1)‖ / ‖y_i(d) − y_n(d)‖ ⟩_i,   E1(d) = E(d+1)/E(d),
//	E*(d) = ⟨ |x_{i+dτ} − x_{n+dτ}| ⟩_i,                        E2(d) = E*(d+1)/E*(d).
//
// E1 stops changing (≈ 1) from the minimum embedding dimension on; E2 ≈ 1
// for every d signals a stochastic series. It panics when tau < 1 or
// maxDim < 1 (misuse).
//
// References:
//
//	Cao, L. (1997). Practical method for determining the minimum
//	  embedding dimension of a scalar time series. Physica D 110, 43-50.
func Cao(x []float64, tau, maxDim, theiler int) (e1, e2 []float64, err error) {
	if tau < 1 || maxDim < 1 {
		panic(fmt.Sprintf("chaos: Cao needs tau ≥ 1 and maxDim ≥ 1, got %d, %d", tau, maxDim))
	}
	need := (maxDim+1)*tau + 2*max(theiler, 0) + 10
	if err := checkSeries("Cao", x, need); err != nil {
		return nil, nil, err
	}
	theiler = max(theiler, 0)
	E := make([]float64, maxDim+1)
	Es := make([]float64, maxDim+1)
	for d := 1; d <= maxDim+1; d++ {
		if E[d-1], Es[d-1], err = caoE(x, tau, d, theiler); err != nil {
			return nil, nil, err
		}
	}
	e1 = make([]float64, maxDim)
	e2 = make([]float64, maxDim)
	for d := 0; d < maxDim; d++ {
		e1[d] = E[d+1] / E[d]
		e2[d] = Es[d+1] / Es[d]
	}
	return e1, e2, nil
}

// caoE returns Cao's E(d) and E*(d).
func caoE(x []float64, tau, d, theiler int) (e, es float64, err error) {
	p, _ := Embed(x, d+1, tau)
	m := p.Len()
	pd := firstCols(p, d)
	tr := newKDTree(pd, m)
	var sa, ss float64
	var cnt int
	for i := 0; i < m; i++ {
		j, rd := tr.nearest(pd.Row(i), i, theiler, true)
		if j < 0 || rd == 0 {
			continue
		}
		dx := math.Abs(x[i+d*tau] - x[j+d*tau])
		sa += math.Max(rd, dx) / rd
		ss += dx
		cnt++
	}
	if cnt == 0 {
		return 0, 0, fmt.Errorf("chaos: Cao: no point has a distinct nearest neighbour in dimension %d", d)
	}
	return sa / float64(cnt), ss / float64(cnt), nil
}

// EmbeddingOptions tunes EstimateEmbedding. The zero value (or nil)
// gives the documented defaults.
type EmbeddingOptions struct {
	// Delay fixes the delay (0: DelayMI, first minimum of the mutual
	// information).
	Delay int
	// Dim fixes the dimension (0: estimated by Method).
	Dim int
	// MaxLag bounds the delay search (0: min(N/4, 1000)); Bins is the
	// number of MI bins (0: see MutualInformation).
	MaxLag, Bins int
	// MaxDim bounds the dimension search (0: 10).
	MaxDim int
	// Method is "cao" (default) or "fnn".
	Method string
	// Theiler excludes temporal neighbours |i−j| ≤ Theiler from the
	// nearest-neighbour searches (0: the mean period, see MeanPeriod;
	// negative: none).
	Theiler int
	// CaoThreshold: the dimension is the smallest d with E1(d) ≥
	// CaoThreshold (0: 0.9).
	CaoThreshold float64
	// FNNThreshold: the dimension is the smallest d whose false-neighbour
	// fraction is ≤ FNNThreshold (0: 0.01). RTol and ATol are Kennel's
	// tolerances (0: 15 and 2).
	FNNThreshold, RTol, ATol float64
}

// Embedding is a delay-embedding choice and the statistics behind it.
type Embedding struct {
	Dim, Delay int
	// MI is the mutual-information curve I(0 … ) when the delay was
	// estimated.
	MI []float64
	// Stat is E1(d) (Cao) or the false-neighbour fraction (FNN) for
	// d = 1, 2, … up to the chosen dimension (the search stops there) or
	// MaxDim, when the dimension was estimated; E2 is Cao's E2.
	Stat, E2 []float64
	Method   string
	Theiler  int
}

// EstimateEmbedding chooses the delay τ of a delay embedding by the first
// minimum of the mutual information (Fraser & Swinney 1986) and the
// dimension m by Cao's method (1997; default) or false nearest neighbours
// (Kennel et al. 1992). Dimension rules: Cao — the smallest d with
// E1(d) ≥ CaoThreshold (0.9), else the d with the largest E1; FNN — the
// smallest d whose false fraction is ≤ FNNThreshold (0.01), else the d
// with the smallest fraction.
func EstimateEmbedding(x []float64, opt *EmbeddingOptions) (*Embedding, error) {
	var o EmbeddingOptions
	if opt != nil {
		o = *opt
	}
	if err := checkSeries("EstimateEmbedding", x, 50); err != nil {
		return nil, err
	}
	if o.MaxDim == 0 {
		o.MaxDim = 10
	}
	if o.Method == "" {
		o.Method = "cao"
	}
	if o.CaoThreshold == 0 {
		o.CaoThreshold = 0.9
	}
	if o.FNNThreshold == 0 {
		o.FNNThreshold = 0.01
	}
	if o.Delay < 0 || o.Dim < 0 || o.MaxDim < 1 {
		return nil, fmt.Errorf("chaos: EstimateEmbedding: delay %d, dimension %d and maximum dimension %d must be positive (0 for automatic)", o.Delay, o.Dim, o.MaxDim)
	}
	res := &Embedding{Dim: o.Dim, Delay: o.Delay, Method: o.Method}
	if res.Delay == 0 {
		tau, mi, err := DelayMI(x, o.MaxLag, o.Bins)
		if err != nil {
			return nil, err
		}
		res.Delay, res.MI = tau, mi
	}
	res.Theiler = max(o.Theiler, 0)
	if o.Theiler == 0 {
		res.Theiler = defaultTheiler(x)
	}
	if res.Dim > 0 {
		return res, nil
	}
	// Shrink the search when the series is short for the delay.
	maxDim := o.MaxDim
	for maxDim > 1 && len(x) < (maxDim+1)*res.Delay+2*res.Theiler+10 {
		maxDim--
	}
	switch o.Method {
	case "cao":
		// Compute E(d) incrementally and stop at the first qualifying d.
		prev, prevS, err := caoE(x, res.Delay, 1, res.Theiler)
		if err != nil {
			return nil, err
		}
		best := 0
		for d := 1; d <= maxDim; d++ {
			e, es, err := caoE(x, res.Delay, d+1, res.Theiler)
			if err != nil {
				return nil, err
			}
			res.Stat = append(res.Stat, e/prev)
			res.E2 = append(res.E2, es/prevS)
			prev, prevS = e, es
			if res.Stat[d-1] >= o.CaoThreshold {
				res.Dim = d
				break
			}
			if res.Stat[d-1] > res.Stat[best] {
				best = d - 1
			}
		}
		if res.Dim == 0 {
			res.Dim = best + 1
		}
	case "fnn":
		rtol, atol := o.RTol, o.ATol
		if rtol <= 0 {
			rtol = 15
		}
		if atol <= 0 {
			atol = 2
		}
		_, ra := meanStd(x)
		best := 0
		for d := 1; d <= maxDim; d++ {
			f := fnnFraction(x, res.Delay, d, rtol, atol, ra, res.Theiler)
			res.Stat = append(res.Stat, f)
			if f <= o.FNNThreshold {
				res.Dim = d
				break
			}
			if f < res.Stat[best] {
				best = d - 1
			}
		}
		if res.Dim == 0 {
			res.Dim = best + 1
		}
	default:
		return nil, fmt.Errorf("chaos: EstimateEmbedding: unknown dimension method %q (use \"cao\" or \"fnn\")", o.Method)
	}
	return res, nil
}

// MeanPeriod returns the mean period of x in samples, 1/f̄, where f̄ =
// Σ f P(f) / Σ P(f) is the power-weighted mean frequency (cycles per
// sample) of the periodogram of the mean-removed series, as Rosenstein et
// al. (1993) use for their Theiler window.
func MeanPeriod(x []float64) (float64, error) {
	if err := checkSeries("MeanPeriod", x, 4); err != nil {
		return 0, err
	}
	n := len(x)
	mean, _ := meanStd(x)
	y := make([]float64, n)
	for i, v := range x {
		y[i] = v - mean
	}
	fft := fourier.NewFFT(n)
	c := fft.Coefficients(nil, y)
	var sp, sfp float64
	for k := 1; k < len(c); k++ {
		p := real(c[k])*real(c[k]) + imag(c[k])*imag(c[k])
		f := float64(k) / float64(n)
		sp += p
		sfp += f * p
	}
	if sp == 0 {
		return math.Inf(1), nil
	}
	return sp / sfp, nil
}

// defaultTheiler is the default Theiler window of the data estimators:
// the mean period (MeanPeriod) rounded up, capped at N/10. x has been
// checked.
func defaultTheiler(x []float64) int {
	mp, err := MeanPeriod(x)
	if err != nil || math.IsInf(mp, 0) {
		return 1
	}
	return max(1, min(int(math.Ceil(mp)), len(x)/10))
}
