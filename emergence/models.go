package emergence

import (
	"fmt"
	"math"
)

// Model is a family of metric-versus-scale curves. With u = ln x:
//
//	LogLinear       y = c + a·u                                   (c, a)
//	PowerLaw        y = c + a·x^b                                 (c, a, b)
//	Sigmoid         y = lo + (hi − lo)/(1 + exp(−(u − m)/w))      (lo, hi, m, w)
//	BrokenPowerLaw  y = c + a·x^{b₁}·(1 + (x/x_b)^{1/s})^{(b₂−b₁)s}
//	                  = c + a·exp(b₁u + (b₂−b₁)·s·softplus((u − u_b)/s))
//	                                                  (c, a, b₁, b₂, u_b, s)
//
// Fit.Params lists the parameters in that order, in natural units (m,
// w, u_b, s in ln-scale units; the break scale is x_b = e^{u_b}). The
// sigmoid is logistic in log scale; its 10–90% rise spans 2·ln 9·w in
// ln x. The broken power law's log-slope d ln(y − c)/du moves from b₁ to
// b₂ along a logistic of width s, so its 10–90% slope change spans
// 2·ln 9·s; s → 0 is a sharp break (Caballero et al. 2023's smoothly
// broken form with one break).
type Model int

const (
	LogLinear Model = iota
	PowerLaw
	Sigmoid
	BrokenPowerLaw
)

// AllModels lists every model, smooth ones first.
var AllModels = []Model{LogLinear, PowerLaw, Sigmoid, BrokenPowerLaw}

func (m Model) String() string {
	switch m {
	case LogLinear:
		return "log-linear"
	case PowerLaw:
		return "power law"
	case Sigmoid:
		return "sigmoid"
	case BrokenPowerLaw:
		return "broken power law"
	}
	return fmt.Sprintf("Model(%d)", int(m))
}

// Sharp reports whether the model can describe a transition (a sigmoid
// rise or a broken power law), as opposed to smooth scaling.
func (m Model) Sharp() bool { return m == Sigmoid || m == BrokenPowerLaw }

// NumParams is the number of parameters of the mean curve (the Gaussian
// likelihood adds the noise σ).
func (m Model) NumParams() int { return 2 + spec(m).ntheta }

// ln9x2 is 2·ln 9: the 10–90% width of a logistic of unit scale.
var ln9x2 = 2 * math.Log(9)

// modelSpec describes a model for variable projection: the mean curve is
// c + a·g(t; θ) with t = (ln x − u₀)/R the standardised log scale, so the
// linear parameters (c, a) are solved exactly for each nonlinear θ.
type modelSpec struct {
	ntheta       int
	lower, upper []float64
	step         []float64 // initial simplex steps
	// fill sets g[i] = g(ts[i]; θ), the basis at each standardised t.
	fill func(g, ts, th []float64)
}

// Bounds of the nonlinear parameters in standardised units (t spans
// [−½, ½] over the sampled range).
const (
	maxExponent = 60   // |β|: x^b changes by at most e^{30} over the range
	minWidth    = 1e-3 // w, s: a thousandth of the range
	maxWidth    = 5    // w, s: five ranges (effectively linear)
	maxCentre   = 1.0  // |m|, |t_b|: half a range beyond either end
)

func spec(m Model) modelSpec {
	switch m {
	case LogLinear:
		return modelSpec{ntheta: 0, fill: func(g, ts, _ []float64) { copy(g, ts) }}
	case PowerLaw:
		return modelSpec{ntheta: 1,
			lower: []float64{-maxExponent}, upper: []float64{maxExponent}, step: []float64{1},
			fill: func(g, ts, th []float64) {
				for i, t := range ts {
					g[i] = math.Exp(th[0] * t)
				}
			}}
	case Sigmoid:
		return modelSpec{ntheta: 2,
			lower: []float64{-maxCentre, math.Log(minWidth)}, upper: []float64{maxCentre, math.Log(maxWidth)},
			step: []float64{0.05, 0.5},
			fill: func(g, ts, th []float64) {
				inv := math.Exp(-th[1])
				for i, t := range ts {
					g[i] = logistic((t - th[0]) * inv)
				}
			}}
	case BrokenPowerLaw:
		return modelSpec{ntheta: 4,
			lower: []float64{-maxExponent, -maxExponent, -maxCentre, math.Log(minWidth)},
			upper: []float64{maxExponent, maxExponent, maxCentre, math.Log(maxWidth)},
			step:  []float64{1, 1, 0.05, 0.5},
			fill: func(g, ts, th []float64) {
				s := math.Exp(th[3])
				inv, k := 1/s, (th[1]-th[0])*s
				for i, t := range ts {
					g[i] = math.Exp(th[0]*t + k*softplus((t-th[2])*inv))
				}
			}}
	}
	panic(fmt.Sprintf("emergence: unknown model %d", int(m)))
}

func logistic(z float64) float64 {
	if z >= 0 {
		return 1 / (1 + math.Exp(-z))
	}
	e := math.Exp(z)
	return e / (1 + e)
}

// softplus is ln(1 + e^z) without overflow.
func softplus(z float64) float64 {
	if z > 0 {
		return z + math.Log1p(math.Exp(-z))
	}
	return math.Log1p(math.Exp(z))
}

// Fit is a model fitted to a curve by least squares (the Gaussian maximum
// likelihood with constant noise σ).
type Fit struct {
	Model Model
	// Params are the mean-curve parameters in natural units (see Model).
	Params []float64
	// N is the number of observations (replicates at all scales) and K
	// the number of likelihood parameters (NumParams + 1 for σ).
	N, K int
	// RSS is the residual sum of squares, Sigma = √(RSS/N) the maximum
	// likelihood noise level, LogLik the maximised Gaussian
	// log-likelihood −N/2·(ln(2πσ²) + 1), AIC = 2K − 2·LogLik and AICc
	// its small-sample correction 2K(K+1)/(N−K−1) (Hurvich & Tsai 1989;
	// +Inf when N ≤ K+1).
	RSS, Sigma, LogLik, AIC, AICc float64
	// HeldOut is the held-out log-likelihood summed over the HeldOutN
	// observations of the left-out scales (Compare); NaN when not
	// computed or when a training fold had too few scales.
	HeldOut  float64
	HeldOutN int

	u0, r float64   // standardisation t = (ln x − u0)/r
	theta []float64 // nonlinear parameters (standardised)
	c, a  float64   // linear parameters
}

// Predict returns the fitted mean metric at scale x > 0.
func (f *Fit) Predict(x float64) float64 {
	t := (math.Log(x) - f.u0) / f.r
	th := f.theta
	var g float64
	switch f.Model {
	case LogLinear:
		g = t
	case PowerLaw:
		g = math.Exp(th[0] * t)
	case Sigmoid:
		g = logistic((t - th[0]) * math.Exp(-th[1]))
	case BrokenPowerLaw:
		s := math.Exp(th[3])
		g = math.Exp(th[0]*t + (th[1]-th[0])*s*softplus((t-th[2])/s))
	}
	return f.c + f.a*g
}

// Transition returns, for the sharp models, the scale at the middle of
// the transition (the sigmoid's midpoint e^m or the break e^{u_b}) and
// its 10–90% width in ln x (2·ln 9·w or 2·ln 9·s); ok is false for
// smooth models.
func (f *Fit) Transition() (centre, width float64, ok bool) {
	switch f.Model {
	case Sigmoid:
		return math.Exp(f.Params[2]), ln9x2 * f.Params[3], true
	case BrokenPowerLaw:
		return math.Exp(f.Params[4]), ln9x2 * f.Params[5], true
	}
	return 0, 0, false
}

// naturalParams converts the standardised fit to natural units.
func (f *Fit) naturalParams() {
	u0, r, c, a, th := f.u0, f.r, f.c, f.a, f.theta
	switch f.Model {
	case LogLinear:
		f.Params = []float64{c - a*u0/r, a / r}
	case PowerLaw:
		b := th[0] / r
		f.Params = []float64{c, a * math.Exp(-b*u0), b}
	case Sigmoid:
		f.Params = []float64{c, c + a, u0 + r*th[0], r * math.Exp(th[1])}
	case BrokenPowerLaw:
		b1, b2 := th[0]/r, th[1]/r
		f.Params = []float64{c, a * math.Exp(-b1*u0), b1, b2, u0 + r*th[2], r * math.Exp(th[3])}
	}
}
