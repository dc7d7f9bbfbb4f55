package statphys

import (
	"fmt"
	"math"
	"slices"
)

// DefaultMinTail is the default smallest number of tail values x ≥ xmin
// a candidate xmin must leave (PowerLawOptions.MinTail).
const DefaultMinTail = 10

// PowerLawOptions controls FitPowerLaw. The zero value fits a continuous
// power law, scanning every observed value as a candidate xmin that
// leaves at least DefaultMinTail tail values.
type PowerLawOptions struct {
	// Discrete fits the discrete power law p(x) = x^−α/ζ(α, xmin) on
	// positive integers; otherwise the continuous density
	// p(x) = (α−1)/xmin · (x/xmin)^−α.
	Discrete bool
	// Xmin > 0 fixes xmin instead of scanning for it.
	Xmin float64
	// XminMin and XminMax limit the candidate xmins to
	// [XminMin, XminMax]; zero means unbounded on that side.
	XminMin, XminMax float64
	// MinTail is the smallest tail a candidate may leave (0: 10;
	// CSN's original scan corresponds to 2). Tails must also hold two
	// distinct values, so that α is finite.
	MinTail int
	// Xmax > 0 bounds the power law above: values above Xmax are left
	// out, and the model is p(x) ∝ x^−α on [xmin, Xmax] (the doubly
	// truncated power law of Deluca & Corral 2013), for data with a
	// finite-size cutoff. α may then take any real value. Likelihood-ratio
	// tests (Compare) need Xmax = 0.
	Xmax float64
	// MinRange is the smallest ratio Xmax/xmin a candidate may have when
	// Xmax is set (0: 10): on a narrow range a one-parameter law fits
	// almost anything (two distinct integers are fitted exactly), so the
	// KS distance would favour xmin ≈ Xmax. Deluca & Corral (2013) bound
	// the ratio for the same reason.
	MinRange float64
}

// PowerLaw is a Clauset-Shalizi-Newman power-law fit to the tail
// x ≥ Xmin of a sample.
type PowerLaw struct {
	Alpha float64 // maximum-likelihood exponent of p(x) ∝ x^−α
	Sigma float64 // its asymptotic standard error
	Xmin  float64 // lower bound of the power-law tail
	// Xmax is the upper bound of the model (+Inf unless
	// PowerLawOptions.Xmax was set).
	Xmax  float64
	NTail int // number of values Xmin ≤ x ≤ Xmax
	N     int // sample size, without the values above Xmax
	// NAbove is the number of values above Xmax, left out of the fit.
	NAbove int
	// KS is the Kolmogorov-Smirnov distance sup_x |S(x) − P(x)| between
	// the tail's empirical CDF S and the fitted CDF P.
	KS       float64
	LogLik   float64 // log-likelihood of the tail under the fit
	Discrete bool

	// P is the bootstrap goodness-of-fit p-value, NaN until
	// GoodnessOfFit (or AnalyzePowerLaw) has run.
	P float64
	// Comparisons holds the likelihood-ratio tests filled by
	// AnalyzePowerLaw (or CompareAll).
	Comparisons []Comparison

	opt  PowerLawOptions
	data []float64 // sorted copy of the sample
}

// Tail returns the tail values x ≥ Xmin in ascending order (a view into
// the fit's sorted copy of the data; do not modify).
func (f *PowerLaw) Tail() []float64 { return f.data[f.N-f.NTail:] }

// CCDF returns the fitted complementary CDF P(X ≥ x) for
// Xmin ≤ x ≤ Xmax: (x/xmin)^(1−α) (continuous) or ζ(α, x)/ζ(α, xmin)
// (discrete, x an integer), and their truncated forms when Xmax is finite.
func (f *PowerLaw) CCDF(x float64) float64 {
	switch {
	case x <= f.Xmin:
		return 1
	case x > f.Xmax:
		return 0
	}
	if f.Discrete {
		num, _, _ := powSum(f.Alpha, math.Ceil(x), f.Xmax, false)
		den, _, _ := powSum(f.Alpha, f.Xmin, f.Xmax, false)
		return num / den
	}
	if math.IsInf(f.Xmax, 1) {
		return math.Pow(x/f.Xmin, 1-f.Alpha)
	}
	return 1 - truncCDF(f.Alpha-1, math.Log(x/f.Xmin), math.Log(f.Xmax/f.Xmin))
}

// FitPowerLaw fits a power law to the tail of x by the method of
// Clauset, Shalizi & Newman (2009): for each candidate xmin (every
// distinct observed value, within the options' limits) it computes the
// maximum-likelihood α of the tail x ≥ xmin and the Kolmogorov-Smirnov
// distance D between the tail's empirical CDF and the fitted one, and
// keeps the xmin with the smallest D (ties: the smallest xmin).
//
// Continuous data: α = 1 + n / Σ ln(x_i/xmin), σ = (α−1)/√n (CSN eqs.
// 3.1, 3.2). Discrete data: α maximises −n ln ζ(α, xmin) − α Σ ln x_i
// (Newton's method on the concave log-likelihood, started from CSN's
// approximation 1 + n/Σ ln(x_i/(xmin−½))), and
// σ = 1/√(n [ζ″/ζ − (ζ'/ζ)²]) (CSN eq. 3.6).
//
// With opt.Xmax the model is truncated to [xmin, Xmax] (values above are
// left out): continuous α solves E[ln(x/xmin)] = ⟨ln(x/xmin)⟩ under
// p ∝ x^−α on [xmin, Xmax] (Newton's method on the concave
// log-likelihood) with σ = 1/√(n Var[ln x]); discrete α uses the finite
// sums Σ_{x=xmin}^{Xmax} x^−α (PowerSum) in place of ζ.
//
// D is the exact supremum distance: for continuous data the larger of
// |F(x) − S(x⁻)| and |S(x) − F(x)| at every tail value; for discrete data
// also at the integers between observed values. The scan is exact but
// fast: the data are sorted once, suffix sums of ln x give each
// candidate's α in O(1), and D is first evaluated on every 16th distinct
// value, with monotone bounds on the values in between deciding whether
// the candidate can still beat the best D (and which stretches need to
// be evaluated in full).
//
// x is not modified. Errors: fewer than max(MinTail, 2) values
// (ErrTooShort), NaN or ±Inf (ErrNotFinite), zero or negative values
// (ErrNonPositive), non-integers in a discrete fit (ErrNotInteger),
// constant data (ErrConstant), and no admissible candidate xmin
// (ErrTooShort).
//
// References:
//
//	Clauset, A., Shalizi, C. R. & Newman, M. E. J. (2009). Power-law
//	  distributions in empirical data. SIAM Review 51, 661-703.
//	Alstott, J., Bullmore, E. & Plenz, D. (2014). powerlaw: a Python
//	  package for analysis of heavy-tailed distributions. PLoS ONE 9,
//	  e85777.
//	Deluca, A. & Corral, Á. (2013). Fitting and goodness-of-fit test of
//	  non-truncated and truncated power-law distributions. Acta Geophys.
//	  61, 1351-1394.
func FitPowerLaw(x []float64, opt *PowerLawOptions) (*PowerLaw, error) {
	var o PowerLawOptions
	if opt != nil {
		o = *opt
	}
	if o.MinTail <= 0 {
		o.MinTail = DefaultMinTail
	}
	o.MinTail = max(o.MinTail, 2)
	const fn = "FitPowerLaw"
	if err := checkLen(fn, len(x), o.MinTail); err != nil {
		return nil, err
	}
	if err := checkFinite(fn, x); err != nil {
		return nil, err
	}
	if err := checkPositive(fn, x); err != nil {
		return nil, err
	}
	if o.Discrete {
		for i, v := range x {
			if v != math.Trunc(v) {
				return nil, fmt.Errorf("statphys: %s: value at index %d is %v; a discrete fit needs positive integers: %w", fn, i, v, ErrNotInteger)
			}
		}
	}
	if err := checkNotConstant(fn, x); err != nil {
		return nil, err
	}
	if math.IsNaN(o.Xmin) || o.Xmin < 0 || (o.Discrete && o.Xmin != math.Trunc(o.Xmin)) {
		return nil, fmt.Errorf("statphys: %s: fixed xmin %v must be positive (and an integer for discrete data)", fn, o.Xmin)
	}
	if math.IsNaN(o.Xmax) || o.Xmax < 0 || math.IsInf(o.Xmax, 1) {
		return nil, fmt.Errorf("statphys: %s: xmax %v must be positive and finite (0 for none)", fn, o.Xmax)
	}
	if o.Xmax > 0 && o.Discrete {
		o.Xmax = math.Floor(o.Xmax)
	}
	if o.XminMax > 0 && o.XminMax < o.XminMin {
		return nil, fmt.Errorf("statphys: %s: xmin range [%v, %v] is empty", fn, o.XminMin, o.XminMax)
	}
	data := slices.Clone(x)
	slices.Sort(data)
	above := 0
	if o.Xmax > 0 {
		k, _ := slices.BinarySearch(data, math.Nextafter(o.Xmax, math.Inf(1)))
		above = len(data) - k
		data = data[:k]
		if err := checkLen(fn+" (values ≤ xmax)", len(data), o.MinTail); err != nil {
			return nil, err
		}
	}
	sc := newScanner(o.Discrete, o.Xmax)
	sc.load(data)
	r, err := sc.fit(&o)
	if err != nil {
		return nil, fmt.Errorf("statphys: %s: %w", fn, err)
	}
	xmax := math.Inf(1)
	if o.Xmax > 0 {
		xmax = o.Xmax
	}
	return &PowerLaw{Alpha: r.alpha, Sigma: r.sigma, Xmin: r.xmin, Xmax: xmax, NTail: r.ntail, N: len(data), NAbove: above,
		KS: r.ks, LogLik: r.loglik, Discrete: o.Discrete, P: math.NaN(), opt: o, data: data}, nil
}

// plFit is the result of one scan.
type plFit struct {
	alpha, sigma, xmin, ks, loglik float64
	ntail                          int
}

// ksStride is the spacing of the distinct values at which the KS
// distance is first evaluated.
const ksStride = 16

// ksSlack absorbs rounding in the monotone bounds of the KS scan.
const ksSlack = 1e-12

// scanner holds a sorted sample and the work space of a CSN scan; it is
// reused across bootstrap replicates.
type scanner struct {
	discrete bool
	xmax     float64 // 0: no upper bound
	n        int
	uv, ul   []float64 // distinct values and their logarithms
	us       []int     // us[q]: index of uv[q]'s first occurrence; us[U] = n
	sl       []float64 // sl[q] = Σ ln x over values ≥ uv[q]
	fs, pm   []float64 // CDF values at the sampled distinct values
	// witness is the distinct value with the largest deviation found for
	// the last candidate; it is tried first for the next one.
	witness int
}

func newScanner(discrete bool, xmax float64) *scanner {
	return &scanner{discrete: discrete, xmax: xmax}
}

// load takes a sorted sample.
func (sc *scanner) load(x []float64) {
	sc.n = len(x)
	sc.witness = -1
	sc.uv, sc.ul, sc.us = sc.uv[:0], sc.ul[:0], sc.us[:0]
	for i, v := range x {
		if i == 0 || v != x[i-1] {
			sc.uv = append(sc.uv, v)
			sc.ul = append(sc.ul, math.Log(v))
			sc.us = append(sc.us, i)
		}
	}
	u := len(sc.uv)
	sc.us = append(sc.us, len(x))
	sc.sl = slices.Grow(sc.sl[:0], u+1)[:u+1]
	sc.sl[u] = 0
	for q := u - 1; q >= 0; q-- {
		sc.sl[q] = sc.sl[q+1] + float64(sc.us[q+1]-sc.us[q])*sc.ul[q]
	}
}

// tailStart returns the first distinct-value index with uv ≥ xmin.
func (sc *scanner) tailStart(xmin float64) int {
	q, _ := slices.BinarySearch(sc.uv, xmin)
	return q
}

// estimate returns α, σ and the log-likelihood of the tail starting at
// distinct value q for lower bound xmin (xmin ≤ uv[q]).
func (sc *scanner) estimate(q int, xmin float64) (alpha, sigma, loglik float64) {
	m := float64(sc.n - sc.us[q])
	lx := math.Log(xmin)
	if !sc.discrete {
		y := sc.sl[q] - m*lx // Σ ln(x/xmin)
		if sc.xmax > 0 {
			l := math.Log(sc.xmax / xmin)
			c := truncMLE(y/m, l)
			_, v := truncMoments(c, l)
			alpha = 1 + c
			return alpha, 1 / math.Sqrt(m*v), -alpha*y - m*lx - m*truncLogNorm(c, l)
		}
		alpha = 1 + m/y
		return alpha, (alpha - 1) / math.Sqrt(m), m*math.Log(alpha-1) - m*lx - alpha*y
	}
	xmax := math.Inf(1)
	if sc.xmax > 0 {
		xmax = sc.xmax
	}
	alpha = discreteMLE(m, sc.sl[q], xmin, xmax)
	z, d1, d2 := powSum(alpha, xmin, xmax, true)
	info := d2/z - (d1/z)*(d1/z)
	return alpha, 1 / math.Sqrt(m*info), -m*math.Log(z) - alpha*sc.sl[q]
}

// discreteMLE maximises ℓ(α) = −m ln Z(α) − α S (S = Σ ln x), with
// Z = Σ_{x=xmin}^{xmax} x^−α, by Newton's method safeguarded by bisection
// on [1+1e-9, 100] (xmax = ∞) or [−20, 100] (finite xmax).
func discreteMLE(m, s, xmin, xmax float64) float64 {
	lo, hi := 1+1e-9, 100.0
	a := 1 + m/(s-m*math.Log(xmin-0.5))
	if !math.IsInf(xmax, 1) {
		lo = -20
		a = max(a, 1.5) // the untruncated guess can be far too large
	}
	if !(a > lo && a < hi) {
		a = 2
	}
	for it := 0; it < 100; it++ {
		z, d1, d2 := powSum(a, xmin, xmax, true)
		g := -m*d1/z - s                 // ℓ'(α)
		h := -m * (d2/z - (d1/z)*(d1/z)) // ℓ″(α) < 0
		if g > 0 {
			lo = a
		} else {
			hi = a
		}
		next := a - g/h
		if !(next > lo && next < hi) {
			next = (lo + hi) / 2
		}
		if math.Abs(next-a) < 1e-12*math.Max(1, math.Abs(a)) || hi-lo < 1e-12 {
			return next
		}
		a = next
	}
	return a
}

// Truncated exponential on [0, L] with density ∝ e^(−cy): the law of
// y = ln(x/xmin) under the continuous power law on [xmin, xmax],
// c = α−1, L = ln(xmax/xmin).

// truncMoments returns E[y] and Var[y], by series when |cL| < 0.01.
func truncMoments(c, l float64) (mean, variance float64) {
	z := c * l
	if math.Abs(z) < 0.01 {
		z2 := z * z
		return l * (0.5 - z/12 + z*z2/720), l * l * (1.0/12 - z2/720 + z2*z2/30240)
	}
	em := math.Expm1(z)
	mean = 1/c - l/em
	// e^z/(e^z−1)² written to avoid overflow for large |z|.
	var w float64
	if z > 0 {
		ez := math.Exp(-z)
		w = ez / ((1 - ez) * (1 - ez))
	} else {
		w = math.Exp(z) / (em * em)
	}
	return mean, 1/(c*c) - l*l*w
}

// truncLogNorm returns ln ∫_0^L e^(−cy) dy = ln((1 − e^(−cL))/c).
func truncLogNorm(c, l float64) float64 {
	z := c * l
	switch {
	case math.Abs(z) < 1e-8:
		return math.Log(l) - z/2
	case z > 0:
		return math.Log(-math.Expm1(-z)) - math.Log(c)
	}
	return -z + math.Log(-math.Expm1(z)) - math.Log(-c)
}

// truncCDF returns P(y' ≤ y) = (1 − e^(−cy))/(1 − e^(−cL)).
func truncCDF(c, y, l float64) float64 {
	if math.Abs(c*l) < 1e-12 {
		return y / l
	}
	return math.Expm1(-c*y) / math.Expm1(-c*l)
}

// truncMLE solves E_c[y] = ybar (0 < ybar < L) for c by Newton's method
// safeguarded by bisection; E_c[y] decreases from L to 0 as c goes from
// −∞ to +∞.
func truncMLE(ybar, l float64) float64 {
	lo, hi := -1e3/l, 1e3/l
	c := 1/ybar - 2/l // untruncated estimate, pulled towards 0
	if !(c > lo && c < hi) {
		c = 0
	}
	for it := 0; it < 200; it++ {
		m, v := truncMoments(c, l)
		g := m - ybar
		if g > 0 {
			lo = c
		} else {
			hi = c
		}
		next := c + g/v // dE/dc = −Var
		if !(next > lo && next < hi) {
			next = (lo + hi) / 2
		}
		if math.Abs(next-c) < 1e-13*math.Max(1, math.Abs(c)) || hi-lo < 1e-13 {
			return next
		}
		c = next
	}
	return c
}

// ksCont returns the KS distance of the continuous fit (α, xmin) to the
// tail starting at distinct value q. It stops early, with exact = false
// and a returned value that is a lower bound on D, as soon as D is known
// to exceed bound (or to equal it when allowEqual is false).
func (sc *scanner) ksCont(q int, xmin, alpha, bound float64, allowEqual bool) (d float64, exact bool) {
	u := len(sc.uv)
	base := sc.us[q]
	inv := 1 / float64(sc.n-base)
	c := alpha - 1
	lx := math.Log(xmin)
	ul, us := sc.ul, sc.us
	cdf := func(r int) float64 { return 1 - math.Exp(-c*(ul[r]-lx)) }
	if sc.xmax > 0 {
		l := math.Log(sc.xmax / xmin)
		if math.Abs(c*l) < 1e-12 {
			cdf = func(r int) float64 { return (ul[r] - lx) / l }
		} else {
			den := 1 / math.Expm1(-c*l)
			cdf = func(r int) float64 { return math.Expm1(-c*(ul[r]-lx)) * den }
		}
	}
	fs := sc.fs[:0]
	var lower float64
	pruned := func() bool { return lower > bound || (lower == bound && !allowEqual) }
	dev := func(r int) float64 {
		f := cdf(r)
		return max(f-float64(us[r]-base)*inv, float64(us[r+1]-base)*inv-f)
	}
	// The value that decided the previous candidate usually decides
	// this one too.
	if w := sc.witness; w >= q && w < u {
		if lower = dev(w); pruned() {
			return lower, false
		}
	}
	for r := q; ; r += ksStride {
		r = min(r, u-1)
		f := cdf(r)
		lo, hi := float64(us[r]-base)*inv, float64(us[r+1]-base)*inv
		if d := max(f-lo, hi-f); d > lower {
			lower, sc.witness = d, r
		}
		fs = append(fs, f)
		if pruned() {
			sc.fs = fs
			return lower, false
		}
		if r == u-1 {
			break
		}
	}
	sc.fs = fs
	for k := 0; k+1 < len(fs); k++ {
		a := q + k*ksStride
		b := min(a+ksStride, u-1)
		if b-a <= 1 {
			continue
		}
		// Values strictly between a and b: F rises from F(a) to F(b) and
		// S stays within [S(a), S(b⁻)].
		ub := max(fs[k+1]-float64(us[a+1]-base)*inv, float64(us[b]-base)*inv-fs[k])
		if ub < lower-ksSlack {
			continue
		}
		for r := a + 1; r < b; r++ {
			if d := dev(r); d > lower {
				lower, sc.witness = d, r
			}
		}
		if pruned() {
			return lower, false
		}
	}
	return lower, true
}

// ksDisc is ksCont for the discrete fit: P(x) = 1 − ζ(α, x+1)/ζ(α, xmin),
// compared with the empirical CDF at every observed value u and at u−1.
func (sc *scanner) ksDisc(q int, xmin, alpha, bound float64, allowEqual bool) (d float64, exact bool) {
	u := len(sc.uv)
	base := sc.us[q]
	inv := 1 / float64(sc.n-base)
	xmax := math.Inf(1)
	if sc.xmax > 0 {
		xmax = sc.xmax
	}
	zt, _, _ := powSum(alpha, xmin, xmax, false)
	z0 := 1 / zt
	uv, us := sc.uv, sc.us
	// cdf returns P(v) and P(v−1).
	cdf := func(r int) (float64, float64) {
		v := uv[r]
		p := 1.0
		if v < xmax {
			t, _, _ := powSum(alpha, v+1, xmax, false)
			p = 1 - t*z0
		}
		return p, p - math.Pow(v, -alpha)*z0
	}
	dev := func(r int, p, pm float64) float64 {
		lo, hi := float64(us[r]-base)*inv, float64(us[r+1]-base)*inv
		return max(hi-p, p-hi, lo-pm, pm-lo)
	}
	fs, pms := sc.fs[:0], sc.pm[:0]
	var lower float64
	pruned := func() bool { return lower > bound || (lower == bound && !allowEqual) }
	if w := sc.witness; w >= q && w < u {
		p, pm := cdf(w)
		if lower = dev(w, p, pm); pruned() {
			return lower, false
		}
	}
	for r := q; ; r += ksStride {
		r = min(r, u-1)
		p, pm := cdf(r)
		if d := dev(r, p, pm); d > lower {
			lower, sc.witness = d, r
		}
		fs, pms = append(fs, p), append(pms, pm)
		if pruned() {
			sc.fs, sc.pm = fs, pms
			return lower, false
		}
		if r == u-1 {
			break
		}
	}
	sc.fs, sc.pm = fs, pms
	for k := 0; k+1 < len(fs); k++ {
		a := q + k*ksStride
		b := min(a+ksStride, u-1)
		if b-a <= 1 {
			continue
		}
		ub := max(float64(us[b]-base)*inv-fs[k], pms[k+1]-float64(us[a+1]-base)*inv)
		if ub < lower-ksSlack {
			continue
		}
		for r := a + 1; r < b; r++ {
			p, pm := cdf(r)
			if d := dev(r, p, pm); d > lower {
				lower, sc.witness = d, r
			}
		}
		if pruned() {
			return lower, false
		}
	}
	return lower, true
}

func (sc *scanner) ks(q int, xmin, alpha, bound float64, allowEqual bool) (float64, bool) {
	if sc.discrete {
		return sc.ksDisc(q, xmin, alpha, bound, allowEqual)
	}
	return sc.ksCont(q, xmin, alpha, bound, allowEqual)
}

// fit runs the CSN scan on the loaded sample.
func (sc *scanner) fit(o *PowerLawOptions) (plFit, error) {
	u := len(sc.uv)
	if o.Xmin > 0 {
		q := sc.tailStart(o.Xmin)
		if q >= u-1 || sc.n-sc.us[q] < o.MinTail {
			return plFit{}, fmt.Errorf("fixed xmin %v leaves %d values and %d distinct ones; need at least %d values and 2 distinct: %w",
				o.Xmin, sc.n-sc.us[min(q, u)], u-q, o.MinTail, ErrTooShort)
		}
		a, s, ll := sc.estimate(q, o.Xmin)
		d, _ := sc.ks(q, o.Xmin, a, math.Inf(1), true)
		return plFit{alpha: a, sigma: s, xmin: o.Xmin, ks: d, loglik: ll, ntail: sc.n - sc.us[q]}, nil
	}
	// Admissible candidates: distinct values q ≤ u−2 (two distinct tail
	// values), tail ≥ MinTail, inside [XminMin, XminMax].
	qlo := 0
	if o.XminMin > 0 {
		qlo = sc.tailStart(o.XminMin)
	}
	qhi := u - 2
	for qhi >= 0 && sc.n-sc.us[qhi] < o.MinTail {
		qhi--
	}
	xminMax := o.XminMax
	if sc.xmax > 0 {
		r := o.MinRange
		if r <= 0 {
			r = 10
		}
		if lim := sc.xmax / r; xminMax == 0 || lim < xminMax {
			xminMax = lim
		}
	}
	if xminMax > 0 {
		k, found := slices.BinarySearch(sc.uv, xminMax)
		if !found {
			k--
		}
		qhi = min(qhi, k)
	}
	if qhi < qlo {
		return plFit{}, fmt.Errorf("no candidate xmin in the range leaves at least %d values (%d distinct in all): %w", o.MinTail, u, ErrTooShort)
	}
	best, bq := math.Inf(1), -1
	consider := func(q int) {
		xmin := sc.uv[q]
		a, _, _ := sc.estimate(q, xmin)
		if bq < 0 {
			d, _ := sc.ks(q, xmin, a, math.Inf(1), true)
			best, bq = d, q
			return
		}
		d, exact := sc.ks(q, xmin, a, best, q < bq)
		if exact && (d < best || (d == best && q < bq)) {
			best, bq = d, q
		}
	}
	// A coarse pre-pass over up to 32 evenly spaced candidates gives a
	// tight bound early, so that most candidates of the full pass are
	// rejected after a few evaluations.
	ncand := qhi - qlo + 1
	step := max(1, ncand/32)
	for q := qlo; q <= qhi; q += step {
		consider(q)
	}
	for q := qlo; q <= qhi; q++ {
		if (q-qlo)%step != 0 {
			consider(q)
		}
	}
	a, s, ll := sc.estimate(bq, sc.uv[bq])
	return plFit{alpha: a, sigma: s, xmin: sc.uv[bq], ks: best, loglik: ll, ntail: sc.n - sc.us[bq]}, nil
}
