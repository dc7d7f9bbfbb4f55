package statphys

import (
	"fmt"
	"math"
)

// Alternative names a heavy-tailed distribution compared with the power
// law by a likelihood-ratio test.
type Alternative int

// The alternatives of Clauset, Shalizi & Newman (2009), Table 2.1, each
// defined on x ≥ xmin (densities for continuous data; for discrete data
// the same functions of the integers x ≥ xmin, normalised by their sum).
const (
	// Exponential: p(x) ∝ e^(−λx).
	Exponential Alternative = iota
	// Lognormal: p(x) ∝ (1/x) exp(−(ln x − μ)²/(2σ²)).
	Lognormal
	// StretchedExponential (Weibull): p(x) ∝ x^(β−1) e^(−λx^β).
	StretchedExponential
	// TruncatedPowerLaw (power law with exponential cutoff):
	// p(x) ∝ x^(−α) e^(−λx). It contains the power law (λ = 0).
	TruncatedPowerLaw
)

// Alternatives lists every alternative in the order of the constants.
var Alternatives = []Alternative{Exponential, Lognormal, StretchedExponential, TruncatedPowerLaw}

func (a Alternative) String() string {
	switch a {
	case Exponential:
		return "exponential"
	case Lognormal:
		return "lognormal"
	case StretchedExponential:
		return "stretched_exponential"
	case TruncatedPowerLaw:
		return "truncated_power_law"
	}
	return fmt.Sprintf("Alternative(%d)", int(a))
}

// DefaultSignificance is the p-value below which a likelihood-ratio test
// names a preferred distribution (CSN §5 use 0.1).
const DefaultSignificance = 0.1

// Preference labels of Comparison.Preferred.
const (
	PreferPowerLaw = "power_law"
	PreferNeither  = "neither"
)

// Comparison is the likelihood-ratio test of the power law against one
// alternative, both fitted by maximum likelihood on the same tail
// x ≥ xmin.
type Comparison struct {
	Alternative Alternative
	// R = Σ_i [ln p_PL(x_i) − ln p_alt(x_i)] over the tail: positive
	// favours the power law.
	R float64
	// NormalizedR = R/(σ√n), Vuong's statistic, with σ² the variance of
	// the pointwise log-likelihood differences (0 for nested models).
	NormalizedR float64
	// P is the significance of the sign of R: erfc(|R|/(σ√(2n)))
	// (Vuong's two-sided test, CSN eq. C.6) for non-nested alternatives;
	// for the nested truncated power law P = P(χ²₁ ≥ 2|R|) = erfc(√|R|),
	// the CSN convention.
	P      float64
	Nested bool
	// Preferred is PreferPowerLaw, the alternative's String(), or
	// PreferNeither when P ≥ DefaultSignificance.
	Preferred string
	// ParamNames and Params are the alternative's fitted parameters:
	// λ (exponential, in units of 1/x); μ, σ of ln x (lognormal);
	// β, λ (stretched exponential, p ∝ x^(β−1) e^(−λx^β)); α, λ
	// (truncated power law).
	ParamNames []string
	Params     []float64
	LogLik     float64 // the alternative's log-likelihood on the tail
}

// CompareAll runs Compare for every alternative, stores the results in
// f.Comparisons and returns them.
func (f *PowerLaw) CompareAll() ([]Comparison, error) {
	out := make([]Comparison, 0, len(Alternatives))
	for _, a := range Alternatives {
		c, err := f.Compare(a)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	f.Comparisons = out
	return out, nil
}

// Compare fits the alternative by maximum likelihood to the fit's tail
// x ≥ Xmin and returns the likelihood-ratio test against the power law
// (Vuong 1989; CSN §5 and Appendix C).
//
// Optimisers (all deterministic): the exponential has a closed form
// (λ = 1/(⟨x⟩ − xmin); discrete: e^(−λ) = m/(1+m), m = ⟨x⟩ − xmin). The
// lognormal is fitted in its natural parameters (a, b) of
// u = ln(x/xmin)/s, p(u) ∝ e^(au + bu²), b ≤ 0, where its log-likelihood
// is concave, by Nelder-Mead with one restart. The continuous stretched
// exponential profiles out λ (λ̂(β) in closed form) and maximises over
// ln β by a grid plus Brent's method on β ∈ [1e-4, min(20, 600/ln(xmax/xmin))];
// its discrete form uses Nelder-Mead on (ln β, ln λ). The truncated power
// law, an exponential family in (α, λ), maximises the profile over
// ln λ (grid plus Brent; the profile of a concave function is unimodal)
// of the maximum over α (Brent). Continuous normalisations are closed
// forms (erfc, the generalised exponential integral E_α); discrete ones
// sum 64 terms and add an Euler-Maclaurin tail.
//
// References:
//
//	Vuong, Q. H. (1989). Likelihood ratio tests for model selection and
//	  non-nested hypotheses. Econometrica 57, 307-333.
//	Clauset, Shalizi & Newman (2009), SIAM Review 51, 661-703, §5.
func (f *PowerLaw) Compare(alt Alternative) (Comparison, error) {
	if !math.IsInf(f.Xmax, 1) {
		return Comparison{}, fmt.Errorf("statphys: Compare: likelihood-ratio tests are implemented for untruncated fits only (Xmax = %v)", f.Xmax)
	}
	tv := newTailValues(f.Tail(), f.Xmin)
	if len(tv.v) < 2 {
		return Comparison{}, fmt.Errorf("statphys: Compare: the tail has fewer than 2 distinct values: %w", ErrConstant)
	}
	var af altFit
	switch alt {
	case Exponential:
		af = fitExponential(tv, f.Discrete)
	case Lognormal:
		af = fitLognormal(tv, f.Discrete)
	case StretchedExponential:
		af = fitStretched(tv, f.Discrete)
	case TruncatedPowerLaw:
		af = fitTruncated(tv, f.Discrete, f.Alpha)
	default:
		panic(fmt.Sprintf("statphys: Compare with unknown alternative %d", int(alt)))
	}
	// Pointwise power-law log-likelihood.
	var lpl func(x float64) float64
	lx := math.Log(f.Xmin)
	if f.Discrete {
		lz := math.Log(HurwitzZeta(f.Alpha, f.Xmin))
		lpl = func(x float64) float64 { return -f.Alpha*math.Log(x) - lz }
	} else {
		la := math.Log(f.Alpha-1) - lx
		lpl = func(x float64) float64 { return la - f.Alpha*(math.Log(x)-lx) }
	}
	n := tv.n
	d := make([]float64, len(tv.v))
	var r, ll float64
	for i, x := range tv.v {
		la := af.lp(x)
		ll += tv.w[i] * la
		d[i] = lpl(x) - la
		r += tv.w[i] * d[i]
	}
	mean := r / n
	var v float64
	for i := range d {
		v += tv.w[i] * (d[i] - mean) * (d[i] - mean)
	}
	v /= n
	c := Comparison{Alternative: alt, R: r, ParamNames: af.names, Params: af.params, LogLik: ll}
	if alt == TruncatedPowerLaw {
		c.Nested = true
		c.P = math.Erfc(math.Sqrt(math.Abs(r)))
	} else {
		sd := math.Sqrt(v)
		switch {
		case sd > 0:
			c.NormalizedR = r / (sd * math.Sqrt(n))
			c.P = math.Erfc(math.Abs(r) / (sd * math.Sqrt(2*n)))
		case r == 0:
			c.P = 1
		default:
			c.P = 0
		}
	}
	c.Preferred = PreferNeither
	if c.P < DefaultSignificance {
		if r > 0 {
			c.Preferred = PreferPowerLaw
		} else if r < 0 {
			c.Preferred = alt.String()
		}
	}
	return c, nil
}

// tailValues holds a tail's distinct values with their counts, the
// tail's xmin and handy sums.
type tailValues struct {
	v, w   []float64 // distinct values and counts
	n      float64   // Σ w
	xmin   float64
	lxmin  float64
	sumLog float64 // Σ w ln x
	sumY   float64 // Σ w ln(x/xmin)
	sumV   float64 // Σ w x/xmin
	ymax   float64 // ln(max x / xmin)
}

func newTailValues(t []float64, xmin float64) *tailValues {
	tv := &tailValues{xmin: xmin, lxmin: math.Log(xmin)}
	for i, x := range t {
		if i > 0 && x == t[i-1] {
			tv.w[len(tv.w)-1]++
			continue
		}
		tv.v = append(tv.v, x)
		tv.w = append(tv.w, 1)
	}
	for i, x := range tv.v {
		w := tv.w[i]
		tv.n += w
		tv.sumLog += w * math.Log(x)
		tv.sumY += w * (math.Log(x) - tv.lxmin)
		tv.sumV += w * x / xmin
	}
	tv.ymax = math.Log(tv.v[len(tv.v)-1]) - tv.lxmin
	return tv
}

// altFit is a fitted alternative: its pointwise log-density and
// parameters.
type altFit struct {
	lp     func(x float64) float64
	names  []string
	params []float64
}

// logSumEM returns ln Σ_{k≥0} e^(g(xmin+k)): 64 terms summed directly,
// the rest by Euler-Maclaurin, ∫_M^∞ f + f(M)/2 − f'(M)/12 + f‴(M)/720
// with f = e^g, M = xmin + 64, f' = f g', f‴ = f(g'³ + 3g'g″ + g‴).
// logInt(M) is ln ∫_M^∞ e^g; deriv(M) gives g', g″, g‴.
func logSumEM(xmin float64, g func(float64) float64, deriv func(float64) (float64, float64, float64), logInt func(float64) float64) float64 {
	const k = 64
	var terms [k]float64
	mx := math.Inf(-1)
	for i := range terms {
		terms[i] = g(xmin + float64(i))
		mx = max(mx, terms[i])
	}
	m := xmin + k
	gm, li := g(m), logInt(m)
	mx = max(mx, gm, li)
	if math.IsInf(mx, 0) || math.IsNaN(mx) {
		return mx
	}
	var s float64
	for _, t := range terms {
		s += math.Exp(t - mx)
	}
	g1, g2, g3 := deriv(m)
	s += math.Exp(li-mx) + math.Exp(gm-mx)*(0.5-g1/12+(g1*g1*g1+3*g1*g2+g3)/720)
	return mx + math.Log(s)
}

func fitExponential(tv *tailValues, discrete bool) altFit {
	m := tv.sumV*tv.xmin/tv.n - tv.xmin // ⟨x⟩ − xmin
	if discrete {
		q := m / (1 + m)
		l1, lq := math.Log1p(-q), math.Log(q)
		return altFit{lp: func(x float64) float64 { return l1 + (x-tv.xmin)*lq },
			names: []string{"lambda"}, params: []float64{-lq}}
	}
	lam := 1 / m
	ll := math.Log(lam)
	return altFit{lp: func(x float64) float64 { return ll - lam*(x-tv.xmin) },
		names: []string{"lambda"}, params: []float64{lam}}
}

func fitStretched(tv *tailValues, discrete bool) altFit {
	n, xmin, lxmin := tv.n, tv.xmin, tv.lxmin
	ys := make([]float64, len(tv.v))
	for i, x := range tv.v {
		ys[i] = math.Log(x) - lxmin
	}
	sumE := func(beta float64) float64 { // Σ w expm1(β y)
		var s float64
		for i, y := range ys {
			s += tv.w[i] * math.Expm1(beta*y)
		}
		return s
	}
	bmax := math.Min(20, 600/tv.ymax)
	// Continuous profile: ℓ(β) = n ln β + n ln λ' − n ln xmin + (β−1)ΣY − n,
	// λ' = n/Σ expm1(βy), λ' = λ xmin^β.
	prof := func(lb float64) float64 {
		b := math.Exp(lb)
		lp := n / sumE(b)
		return -(n*lb + n*math.Log(lp) - n*lxmin + (b-1)*tv.sumY - n)
	}
	lb, _ := gridBrent(prof, math.Log(1e-4), math.Log(bmax), 40, 1e-9)
	beta := math.Exp(lb)
	lamp := n / sumE(beta)
	if discrete {
		g := func(x, b, l float64) float64 {
			y := math.Log(x) - lxmin
			return (b-1)*y - l*math.Expm1(b*y)
		}
		logZ := func(b, l float64) float64 {
			return logSumEM(xmin, func(x float64) float64 { return g(x, b, l) },
				func(x float64) (float64, float64, float64) {
					w := math.Exp(b * (math.Log(x) - lxmin))
					return ((b - 1) - l*b*w) / x, -(b - 1) * (1 + l*b*w) / (x * x),
						(b - 1) * (2 + l*b*w*(2-b)) / (x * x * x)
				},
				func(m float64) float64 {
					return lxmin - math.Log(b) - math.Log(l) - l*math.Expm1(b*(math.Log(m)-lxmin))
				})
		}
		obj := func(p []float64) float64 {
			b, l := math.Exp(p[0]), math.Exp(p[1])
			if b > 2*bmax || b < 1e-6 {
				return math.Inf(1)
			}
			return -((b-1)*tv.sumY - l*sumE(b) - n*logZ(b, l))
		}
		p, _ := nelderMead(obj, []float64{lb, math.Log(lamp)}, []float64{0.3, 0.5}, 1e-10, 2000)
		beta, lamp = math.Exp(p[0]), math.Exp(p[1])
		lz := logZ(beta, lamp)
		return altFit{lp: func(x float64) float64 { return g(x, beta, lamp) - lz },
			names:  []string{"beta", "lambda"},
			params: []float64{beta, lamp / math.Pow(xmin, beta)}}
	}
	c := math.Log(beta) + math.Log(lamp) - lxmin
	return altFit{lp: func(x float64) float64 {
		y := math.Log(x) - lxmin
		return c + (beta-1)*y - lamp*math.Expm1(beta*y)
	}, names: []string{"beta", "lambda"}, params: []float64{beta, lamp / math.Pow(xmin, beta)}}
}

func fitLognormal(tv *tailValues, discrete bool) altFit {
	n, xmin, lxmin := tv.n, tv.xmin, tv.lxmin
	// Scale u = y/s with s the root mean square of y = ln(x/xmin).
	var y2 float64
	for i, x := range tv.v {
		y := math.Log(x) - lxmin
		y2 += tv.w[i] * y * y
	}
	s := math.Sqrt(y2 / n)
	u1, u2 := tv.sumY/s, y2/(s*s)
	mu0 := u1 / n
	v0 := u2/n - mu0*mu0
	if !(v0 > 1e-6) {
		v0 = 1
	}
	a0, b0 := mu0/v0, -1/(2*v0)
	var logZ func(a, b float64) float64
	if discrete {
		logZ = func(a, b float64) float64 {
			g := func(x float64) float64 {
				u := (math.Log(x) - lxmin) / s
				return -math.Log(x) + a*u + b*u*u
			}
			return logSumEM(xmin, g,
				func(x float64) (float64, float64, float64) {
					u := (math.Log(x) - lxmin) / s
					h := -1 + (a+2*b*u)/s
					c := 2 * b / (s * s)
					return h / x, (c - h) / (x * x), (2*h - 3*c) / (x * x * x)
				},
				func(m float64) float64 {
					um := (math.Log(m) - lxmin) / s
					return math.Log(s) + a*um + b*um*um + logGaussTail(a+2*b*um, b)
				})
		}
	} else {
		logZ = func(a, b float64) float64 { return math.Log(s) + logGaussTail(a, b) }
	}
	// ln p(x) = −ln x + a u + b u² − logZ(a, b), with
	// logZ = ln ∫_xmin^∞ e^(au+bu²) dx/x = ln s + ln ∫_0^∞ e^(au+bu²) du
	// (continuous), or the log of the sum over the integers (discrete).
	obj := func(p []float64) float64 {
		a, b := p[0], p[1]
		if b > 0 {
			return math.Inf(1)
		}
		lz := logZ(a, b)
		if math.IsInf(lz, 1) || math.IsNaN(lz) {
			return math.Inf(1)
		}
		return -(-tv.sumLog + a*u1 + b*u2 - n*lz)
	}
	p, _ := nelderMead(obj, []float64{a0, b0}, []float64{math.Max(0.5, math.Abs(a0)/2), math.Abs(b0) / 2}, 1e-10, 4000)
	a, b := p[0], p[1]
	lz := logZ(a, b)
	mu, sigma := math.Inf(-1), math.Inf(1)
	if b < 0 {
		mu = lxmin + s*(-a/(2*b))
		sigma = s * math.Sqrt(-1/(2*b))
	}
	return altFit{lp: func(x float64) float64 {
		u := (math.Log(x) - lxmin) / s
		return -math.Log(x) + a*u + b*u*u - lz
	}, names: []string{"mu", "sigma"}, params: []float64{mu, sigma}}
}

func fitTruncated(tv *tailValues, discrete bool, alphaPL float64) altFit {
	n, xmin, lxmin := tv.n, tv.xmin, tv.lxmin
	// Scaled rate l = λ xmin; v = x/xmin. logZ(α, l) is the log of the
	// normaliser of exp(−α ln v − l(v−1)) over x ≥ xmin (density in x, or
	// sum over the integers).
	var logZ func(al, l float64) float64
	if discrete {
		logZ = func(al, l float64) float64 {
			return logSumEM(xmin,
				func(x float64) float64 { return -al*(math.Log(x)-lxmin) - l*(x/xmin-1) },
				func(x float64) (float64, float64, float64) {
					return -al/x - l/xmin, al / (x * x), -2 * al / (x * x * x)
				},
				func(m float64) float64 {
					return al*lxmin + l + (1-al)*math.Log(m) + logExpIntE(al, l*m/xmin)
				})
		}
	} else {
		logZ = func(al, l float64) float64 { return lxmin + l + logExpIntE(al, l) }
	}
	ll := func(al, l float64) float64 { return -al*tv.sumY - l*(tv.sumV-n) - n*logZ(al, l) }
	alo, ahi := -5.0, alphaPL+2
	inner := func(l float64) (float64, float64) {
		a, v := brentMin(func(a float64) float64 { return -ll(a, l) }, alo, ahi, 1e-9)
		return a, -v
	}
	vmax := math.Exp(tv.ymax)
	vmean := tv.sumV / n
	tlo, thi := math.Log(1e-4/vmax), math.Log(20/(vmean-1))
	if !(thi > tlo) {
		thi = tlo + 10
	}
	t, _ := gridBrent(func(t float64) float64 { _, v := inner(math.Exp(t)); return -v }, tlo, thi, 20, 1e-7)
	l := math.Exp(t)
	al, _ := inner(l)
	lz := logZ(al, l)
	return altFit{lp: func(x float64) float64 { return -al*(math.Log(x)-lxmin) - l*(x/xmin-1) - lz },
		names: []string{"alpha", "lambda"}, params: []float64{al, l / xmin}}
}
