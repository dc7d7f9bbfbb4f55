package finance

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// GARCHParams are the parameters of the GARCH(1,1) model
//
//	r_t = μ + ε_t,   ε_t = σ_t z_t,   σ_t² = ω + α ε_{t−1}² + β σ_{t−1}²,
//
// with iid z_t of law Dist{Nu} (normal when Nu == 0).
type GARCHParams struct {
	Omega, Alpha, Beta float64
	// Mu is the constant mean (0 unless estimated).
	Mu float64
	// Nu is the Student-t degrees of freedom (0: normal innovations).
	Nu float64
}

// Persistence is α + β, the decay factor per day of a variance shock.
func (p GARCHParams) Persistence() float64 { return p.Alpha + p.Beta }

// UnconditionalVariance is σ̄² = ω/(1 − α − β), or +Inf when α + β ≥ 1.
func (p GARCHParams) UnconditionalVariance() float64 {
	if p.Alpha+p.Beta >= 1 {
		return math.Inf(1)
	}
	return p.Omega / (1 - p.Alpha - p.Beta)
}

// HalfLife is the half-life of a variance shock in days,
// ln(1/2)/ln(α+β).
func (p GARCHParams) HalfLife() float64 { return math.Log(0.5) / math.Log(p.Alpha+p.Beta) }

// Validate checks ω > 0, α, β ≥ 0, α + β < 1 and ν = 0 or ν > 2.
func (p GARCHParams) Validate() error {
	switch {
	case !(p.Omega > 0) || math.IsInf(p.Omega, 0):
		return fmt.Errorf("finance: GARCH omega=%v must be positive and finite", p.Omega)
	case !(p.Alpha >= 0) || !(p.Beta >= 0):
		return fmt.Errorf("finance: GARCH alpha=%v and beta=%v must be non-negative", p.Alpha, p.Beta)
	case !(p.Alpha+p.Beta < 1):
		return fmt.Errorf("finance: GARCH alpha+beta=%v must be < 1 (covariance stationarity)", p.Alpha+p.Beta)
	case math.IsNaN(p.Mu) || math.IsInf(p.Mu, 0):
		return fmt.Errorf("finance: GARCH mu=%v must be finite", p.Mu)
	}
	return Dist{Nu: p.Nu}.check("GARCH")
}

// Filter returns the conditional variances σ_t², t = 0..n, of the
// returns r (length n) under p: σ_0² = s2init and
//
//	σ_{t+1}² = ω + α (r_t − μ)² + β σ_t²,
//
// so σ_t² uses r[:t] only and the last value σ_n² is the one-step
// forecast for the day after r ends. It panics if s2init ≤ 0.
func (p GARCHParams) Filter(r []float64, s2init float64) []float64 {
	if !(s2init > 0) {
		panic(fmt.Sprintf("finance: GARCH Filter with initial variance %v", s2init))
	}
	out := make([]float64, len(r)+1)
	s2 := s2init
	out[0] = s2
	for t, v := range r {
		e := v - p.Mu
		s2 = p.Omega + p.Alpha*e*e + p.Beta*s2
		out[t+1] = s2
	}
	return out
}

// Forecast returns the variance forecasts σ²_{n+k}, k = 1..h, given the
// one-step forecast s2next = σ²_{n+1}:
//
//	σ²_{n+k} = σ̄² + (α+β)^{k−1} (σ²_{n+1} − σ̄²),   σ̄² = ω/(1−α−β).
//
// It panics if h < 1.
func (p GARCHParams) Forecast(s2next float64, h int) []float64 {
	if h < 1 {
		panic(fmt.Sprintf("finance: GARCH Forecast with horizon %d", h))
	}
	out := make([]float64, h)
	vbar := p.UnconditionalVariance()
	ph := 1.0
	for k := range out {
		out[k] = vbar + ph*(s2next-vbar)
		ph *= p.Alpha + p.Beta
	}
	return out
}

// GARCHOptions controls FitGARCH. The zero value fits ω, α, β with
// normal innovations and zero mean.
type GARCHOptions struct {
	// StudentT also estimates the degrees of freedom ν of unit-variance
	// Student-t innovations.
	StudentT bool
	// Mean also estimates a constant mean μ (otherwise μ = 0).
	Mean bool
	// VarianceTargeting fixes ω = s²(1 − α − β), s² the sample variance,
	// so that the fitted unconditional variance equals it (Engle &
	// Mezrich 1996); α, β (and μ, ν) are estimated.
	VarianceTargeting bool
	// Init, when not nil, is the single starting point of the search
	// (a warm start, as in walk-forward refits; a ν above 50 or 0 starts
	// at 8); otherwise three starts are tried and the best optimum kept.
	Init *GARCHParams
}

// GARCHFit is a maximum-likelihood GARCH(1,1) fit.
type GARCHFit struct {
	Params GARCHParams
	// SE holds the standard errors from the inverse of the numerical
	// Hessian of the log-likelihood; RobustSE the Bollerslev-Wooldridge
	// sandwich H⁻¹ J H⁻¹, J = Σ_t s_t s_tᵀ the outer product of the
	// scores. Parameters not estimated have SE 0; NaN marks a Hessian
	// that is not negative definite (an optimum on the boundary).
	SE, RobustSE GARCHParams
	// Names are the estimated parameters in the order of Cov:
	// "omega" (not with variance targeting), "alpha", "beta", then "mu"
	// and "nu" when estimated.
	Names []string
	// Cov is the (len(Names))² covariance matrix, row-major, from the
	// inverse Hessian (NaN when it is not available).
	Cov []float64
	// LogLik is the maximised log-likelihood of r, LogLik/N its mean;
	// AIC = 2k − 2 LogLik and BIC = k ln N − 2 LogLik with k = len(Names).
	LogLik, AIC, BIC float64
	N                int
	// Sigma2 holds the fitted conditional variances σ_t², t = 0..N
	// (GARCHParams.Filter from Sigma2Init): Sigma2[N] is the one-step
	// forecast for the day after the sample.
	Sigma2     []float64
	Sigma2Init float64
	// Converged reports that the optimiser stopped on its convergence
	// criteria (not on an iteration limit or a failed line search).
	Converged   bool
	Evaluations int
	Options     GARCHOptions
}

// PersistenceSE is the standard error of α + β from Cov (NaN when Cov
// is unavailable).
func (f *GARCHFit) PersistenceSE() float64 {
	ia, ib := indexOf(f.Names, "alpha"), indexOf(f.Names, "beta")
	k := len(f.Names)
	v := f.Cov[ia*k+ia] + f.Cov[ib*k+ib] + 2*f.Cov[ia*k+ib]
	return math.Sqrt(v)
}

// Forecast returns the variance forecasts for the h days after the
// sample (GARCHParams.Forecast from Sigma2[N]).
func (f *GARCHFit) Forecast(h int) []float64 { return f.Params.Forecast(f.Sigma2[f.N], h) }

// Indices of the natural parameters θ = (ω, α, β, μ, ν).
const (
	pOmega = iota
	pAlpha
	pBeta
	pMu
	pNu
	nTheta
)

var thetaNames = [nTheta]string{"omega", "alpha", "beta", "mu", "nu"}

// garchModel is the likelihood of standardised returns x = r/c.
type garchModel struct {
	x    []float64
	s2   float64 // σ_0², the sample variance of x
	o    GARCHOptions
	free []int // indices into θ of the estimated parameters
}

func newGARCHModel(x []float64, s2 float64, o GARCHOptions) *garchModel {
	m := &garchModel{x: x, s2: s2, o: o}
	if !o.VarianceTargeting {
		m.free = append(m.free, pOmega)
	}
	m.free = append(m.free, pAlpha, pBeta)
	if o.Mean {
		m.free = append(m.free, pMu)
	}
	if o.StudentT {
		m.free = append(m.free, pNu)
	}
	return m
}

// loglik returns the log-likelihood Σ_t ln f(x_t − μ | σ_t²) at θ, with
// σ_0² = m.s2 and σ_{t+1}² = ω + α ε_t² + β σ_t². When grad is not nil it
// receives ∂ℓ/∂θ (length nTheta), and when scores is not nil (n·nTheta)
// the per-observation scores. The derivatives of σ_t² follow the
// recursion d_{t+1} = ∂(ω + αε_t² + βσ_t²)/∂θ + β d_t, with d_0 = 0:
//
//	∂/∂ω: 1,  ∂/∂α: ε_t²,  ∂/∂β: σ_t²,  ∂/∂μ: −2αε_t.
//
// With variance targeting ω = s²(1−α−β) and the chain rule adds
// −s² ∂ℓ/∂ω to the α and β components. It returns −Inf where a
// variance is not positive and finite.
func (m *garchModel) loglik(th *[nTheta]float64, grad, scores []float64) float64 {
	omega, alpha, beta, mu := th[pOmega], th[pAlpha], th[pBeta], th[pMu]
	if m.o.VarianceTargeting {
		omega = m.s2 * (1 - alpha - beta)
	}
	var d Dist
	if m.o.StudentT {
		d.Nu = th[pNu]
	}
	in := newInnov(d)
	want := grad != nil || scores != nil
	if grad != nil {
		clear(grad)
	}
	var dv [nTheta]float64
	s2 := m.s2
	var ll float64
	for t, xt := range m.x {
		if !(s2 > 0) || math.IsInf(s2, 1) {
			return math.Inf(-1)
		}
		eps := xt - mu
		l, dS2, dEps, dNu := in.logDensity(eps, s2)
		ll += l
		if want {
			var sc [nTheta]float64
			for j := pOmega; j <= pMu; j++ {
				sc[j] = dS2 * dv[j]
			}
			if m.o.Mean {
				sc[pMu] -= dEps
			}
			if m.o.StudentT {
				sc[pNu] = dNu
			}
			if m.o.VarianceTargeting {
				sc[pAlpha] -= m.s2 * sc[pOmega]
				sc[pBeta] -= m.s2 * sc[pOmega]
				sc[pOmega] = 0
			}
			if grad != nil {
				for j := range sc {
					grad[j] += sc[j]
				}
			}
			if scores != nil {
				copy(scores[t*nTheta:], sc[:])
			}
			dv = [nTheta]float64{1 + beta*dv[pOmega], eps*eps + beta*dv[pAlpha], s2 + beta*dv[pBeta], -2*alpha*eps + beta*dv[pMu], 0}
		}
		s2 = omega + alpha*eps*eps + beta*s2
	}
	if math.IsNaN(ll) {
		return math.Inf(-1)
	}
	return ll
}

// NuMax bounds the Student-t degrees of freedom from above: the
// likelihood is nearly flat in ν beyond a few hundred (the t law is then
// indistinguishable from the normal), and an unbounded search drifts
// there without end on near-Gaussian data.
const NuMax = 500

// The search runs in unconstrained coordinates φ: ω = e^{φ_ω};
// (α, β) = (e^{φ_α}, e^{φ_β})/(1 + e^{φ_α} + e^{φ_β}), so α, β > 0 and
// α + β < 1 everywhere; μ = φ_μ; ν = 2 + (NuMax − 2)/(1 + e^{−φ_ν}).
func (m *garchModel) toTheta(phi []float64) [nTheta]float64 {
	var th [nTheta]float64
	var ea, eb float64
	for i, j := range m.free {
		switch j {
		case pOmega:
			th[pOmega] = math.Exp(phi[i])
		case pAlpha:
			ea = math.Exp(phi[i])
		case pBeta:
			eb = math.Exp(phi[i])
		case pMu:
			th[pMu] = phi[i]
		case pNu:
			th[pNu] = 2 + (NuMax-2)/(1+math.Exp(-phi[i]))
		}
	}
	den := 1 + ea + eb
	th[pAlpha], th[pBeta] = ea/den, eb/den
	if m.o.VarianceTargeting {
		th[pOmega] = m.s2 * (1 - th[pAlpha] - th[pBeta])
	}
	return th
}

func (m *garchModel) toPhi(th [nTheta]float64) []float64 {
	phi := make([]float64, len(m.free))
	rest := 1 - th[pAlpha] - th[pBeta]
	for i, j := range m.free {
		switch j {
		case pOmega:
			phi[i] = math.Log(th[pOmega])
		case pAlpha:
			phi[i] = math.Log(th[pAlpha] / rest)
		case pBeta:
			phi[i] = math.Log(th[pBeta] / rest)
		case pMu:
			phi[i] = th[pMu]
		case pNu:
			phi[i] = math.Log((th[pNu] - 2) / (NuMax - th[pNu]))
		}
	}
	return phi
}

// gradPhi maps ∂ℓ/∂θ to ∂ℓ/∂φ: dω/dφ_ω = ω, dα/dφ_α = α(1−α),
// dα/dφ_β = dβ/dφ_α = −αβ, dβ/dφ_β = β(1−β),
// dν/dφ_ν = (ν − 2)(1 − (ν − 2)/(NuMax − 2)).
func (m *garchModel) gradPhi(dst []float64, th *[nTheta]float64, g []float64) {
	a, b := th[pAlpha], th[pBeta]
	for i, j := range m.free {
		switch j {
		case pOmega:
			dst[i] = th[pOmega] * g[pOmega]
		case pAlpha:
			dst[i] = a*(1-a)*g[pAlpha] - a*b*g[pBeta]
		case pBeta:
			dst[i] = -a*b*g[pAlpha] + b*(1-b)*g[pBeta]
		case pMu:
			dst[i] = g[pMu]
		case pNu:
			u := th[pNu] - 2
			dst[i] = u * (1 - u/(NuMax-2)) * g[pNu]
		}
	}
}

// optimum is the result of one search.
type optimum struct {
	th        [nTheta]float64
	ll        float64
	converged bool
	evals     int
}

// search maximises the log-likelihood from th0 by BFGS in φ.
func (m *garchModel) search(th0 [nTheta]float64) optimum {
	n := float64(len(m.x))
	g := make([]float64, nTheta)
	f := func(phi, grad []float64) float64 {
		th := m.toTheta(phi)
		var ll float64
		if grad == nil {
			ll = m.loglik(&th, nil, nil)
		} else {
			ll = m.loglik(&th, g, nil)
			m.gradPhi(grad, &th, g)
			for i := range grad {
				grad[i] /= -n
			}
		}
		return -ll / n
	}
	x, fx, conv, evals := bfgs(f, m.toPhi(th0), 500)
	if math.IsInf(fx, 0) || math.IsNaN(fx) {
		return optimum{ll: math.Inf(-1), evals: evals}
	}
	return optimum{th: m.toTheta(x), ll: -fx * n, converged: conv, evals: evals}
}

// FitGARCH fits the GARCH(1,1) model of GARCHParams to the returns r by
// maximum likelihood, conditional on σ_0² = s² = (1/n) Σ (r_t − r̄)²:
//
//	ℓ(θ) = Σ_{t=0}^{n−1} ln f(r_t − μ | σ_t²),
//
// with f the normal density (or the unit-variance Student-t,
// opt.StudentT). The constraints ω > 0, α, β ≥ 0, α + β < 1 (and
// 2 < ν < NuMax) hold by reparametrisation (see garchModel.toTheta); the search is BFGS
// with the analytic gradient, on returns divided by their standard
// deviation, from three starting points unless opt.Init is given.
// Standard errors come from the numerical Hessian (central differences
// of the analytic gradient, relative step 1e-4) in the natural
// parameters; with variance targeting the standard error of ω follows by
// the delta method (ignoring the sampling error of s²).
//
// r needs at least 50 finite, non-constant values; it is not modified.
//
// References:
//
//	Bollerslev, T. (1986). J. Econometrics 31, 307-327.
//	Bollerslev, T. (1987). A conditionally heteroskedastic time series
//	  model for speculative prices and rates of return. Rev. Econ. Stat.
//	  69, 542-547 (Student-t innovations).
//	Bollerslev, T. & Wooldridge, J. M. (1992). Quasi-maximum likelihood
//	  estimation and inference in dynamic models with time-varying
//	  covariances. Econometric Reviews 11, 143-172.
//	Engle, R. F. & Mezrich, J. (1996). GARCH for groups. Risk 9, 36-40
//	  (variance targeting).
//	Francq, C. & Zakoïan, J.-M. (2019). GARCH Models, 2nd ed. Wiley.
func FitGARCH(r []float64, opt *GARCHOptions) (*GARCHFit, error) {
	var o GARCHOptions
	if opt != nil {
		o = *opt
	}
	const fn = "FitGARCH"
	n := len(r)
	if n < 50 {
		return nil, fmt.Errorf("finance: %s: %d returns are too few (need at least 50)", fn, n)
	}
	if err := checkFinite(fn, "r", r); err != nil {
		return nil, err
	}
	mean, sd, _, _ := Moments(r)
	c := sd * math.Sqrt(float64(n-1)/float64(n)) // population sd: s² = c²
	if !(c > 0) {
		return nil, fmt.Errorf("finance: %s: the returns are constant (%v)", fn, r[0])
	}
	x := make([]float64, n)
	for i, v := range r {
		x[i] = v / c
	}
	m := newGARCHModel(x, 1, o)

	var starts [][nTheta]float64
	if o.Init != nil {
		p := *o.Init
		if err := p.Validate(); err != nil {
			return nil, fmt.Errorf("finance: %s: Init: %w", fn, err)
		}
		if o.StudentT && (p.Nu == 0 || p.Nu > 50) {
			// A start in the flat region of large ν would stay there.
			p.Nu = 8
		}
		if p.Alpha <= 1e-6 || p.Beta <= 1e-6 {
			// Keep the start inside the open parameter set.
			p.Alpha, p.Beta = max(p.Alpha, 1e-6), max(p.Beta, 1e-6)
			if p.Alpha+p.Beta >= 1 {
				p.Beta = 1 - p.Alpha - 1e-6
			}
		}
		starts = append(starts, [nTheta]float64{p.Omega / (c * c), p.Alpha, p.Beta, p.Mu / c, p.Nu})
	} else {
		for _, ab := range [][2]float64{{0.05, 0.90}, {0.10, 0.80}, {0.20, 0.50}} {
			starts = append(starts, [nTheta]float64{1 - ab[0] - ab[1], ab[0], ab[1], mean / c, 8})
		}
	}
	if !o.Mean {
		for i := range starts {
			starts[i][pMu] = 0
		}
	}
	best := optimum{ll: math.Inf(-1)}
	evals := 0
	for _, s := range starts {
		op := m.search(s)
		evals += op.evals
		if op.ll > best.ll {
			best = op
		}
	}
	if math.IsInf(best.ll, -1) {
		return nil, fmt.Errorf("finance: %s: the likelihood search failed from every starting point", fn)
	}

	th := best.th
	k := len(m.free)
	cov, rcov := m.covariances(th)
	// Undo the scaling: ω scales with c², μ with c; α, β, ν are invariant.
	scale := [nTheta]float64{c * c, 1, 1, c, 1}
	for i, a := range m.free {
		for j, b := range m.free {
			cov[i*k+j] *= scale[a] * scale[b]
			rcov[i*k+j] *= scale[a] * scale[b]
		}
	}
	p := GARCHParams{Omega: th[pOmega] * c * c, Alpha: th[pAlpha], Beta: th[pBeta], Mu: th[pMu] * c}
	if o.StudentT {
		p.Nu = th[pNu]
	}
	se, rse := seFrom(m.free, cov), seFrom(m.free, rcov)
	if o.VarianceTargeting {
		// ω = s²(1 − α − β): Var ω = s⁴ Var(α + β).
		s4 := c * c * c * c
		ia, ib := indexOf(m.free, pAlpha), indexOf(m.free, pBeta)
		se.Omega = math.Sqrt(s4 * (cov[ia*k+ia] + cov[ib*k+ib] + 2*cov[ia*k+ib]))
		rse.Omega = math.Sqrt(s4 * (rcov[ia*k+ia] + rcov[ib*k+ib] + 2*rcov[ia*k+ib]))
	}
	names := make([]string, k)
	for i, j := range m.free {
		names[i] = thetaNames[j]
	}
	ll := best.ll - float64(n)*math.Log(c)
	s2init := c * c
	return &GARCHFit{Params: p, SE: se, RobustSE: rse, Names: names, Cov: cov,
		LogLik: ll, AIC: 2*float64(k) - 2*ll, BIC: float64(k)*math.Log(float64(n)) - 2*ll, N: n,
		Sigma2: p.Filter(r, s2init), Sigma2Init: s2init, Converged: best.converged, Evaluations: evals, Options: o}, nil
}

func indexOf[T comparable](s []T, x T) int {
	for i, v := range s {
		if v == x {
			return i
		}
	}
	return -1
}

// seFrom reads standard errors off the diagonal of a covariance matrix
// over the free parameters.
func seFrom(free []int, cov []float64) GARCHParams {
	k := len(free)
	var v [nTheta]float64
	for i, j := range free {
		v[j] = math.Sqrt(cov[i*k+i])
	}
	return GARCHParams{Omega: v[pOmega], Alpha: v[pAlpha], Beta: v[pBeta], Mu: v[pMu], Nu: v[pNu]}
}

// covariances returns the inverse of the negative Hessian −H of the
// log-likelihood over the free natural parameters (central differences
// of the analytic gradient) and the sandwich H⁻¹ J H⁻¹. Entries are NaN
// when −H is not positive definite.
func (m *garchModel) covariances(th [nTheta]float64) (cov, rcov []float64) {
	k := len(m.free)
	n := len(m.x)
	h := mat.NewSymDense(k, nil)
	gp, gm := make([]float64, nTheta), make([]float64, nTheta)
	for jj, j := range m.free {
		step := 1e-4 * math.Abs(th[j])
		switch j {
		case pMu:
			step = 1e-4 * max(math.Abs(th[j]), 1e-2)
		case pAlpha, pBeta:
			step = max(step, 1e-10)
		}
		tp, tm := th, th
		tp[j] += step
		tm[j] -= step
		m.loglik(&tp, gp, nil)
		m.loglik(&tm, gm, nil)
		for ii, i := range m.free {
			d := -(gp[i] - gm[i]) / (2 * step)
			if ii == jj {
				h.SetSym(ii, jj, d)
			} else if ii < jj {
				h.SetSym(ii, jj, 0.5*(h.At(ii, jj)+d))
			} else {
				h.SetSym(ii, jj, d)
			}
		}
	}
	cov = make([]float64, k*k)
	rcov = make([]float64, k*k)
	var ch mat.Cholesky
	if !ch.Factorize(h) {
		for i := range cov {
			cov[i], rcov[i] = math.NaN(), math.NaN()
		}
		return cov, rcov
	}
	var inv mat.SymDense
	if err := ch.InverseTo(&inv); err != nil {
		for i := range cov {
			cov[i], rcov[i] = math.NaN(), math.NaN()
		}
		return cov, rcov
	}
	scores := make([]float64, n*nTheta)
	m.loglik(&th, nil, scores)
	j := mat.NewSymDense(k, nil)
	for t := 0; t < n; t++ {
		s := scores[t*nTheta:]
		for a, ia := range m.free {
			for b := a; b < k; b++ {
				j.SetSym(a, b, j.At(a, b)+s[ia]*s[m.free[b]])
			}
		}
	}
	var tmp, sand mat.Dense
	tmp.Mul(&inv, j)
	sand.Mul(&tmp, &inv)
	for a := 0; a < k; a++ {
		for b := 0; b < k; b++ {
			cov[a*k+b] = inv.At(a, b)
			rcov[a*k+b] = sand.At(a, b)
		}
	}
	return cov, rcov
}

// ErrTooShort reports a series too short for the requested windows.
var ErrTooShort = errors.New("series too short")
