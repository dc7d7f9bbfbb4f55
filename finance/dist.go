package finance

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"
)

// Dist is the law of standardised innovations z (zero mean, unit
// variance): standard normal when Nu == 0, else Student-t with Nu > 2
// degrees of freedom rescaled by √((ν−2)/ν) to unit variance.
type Dist struct {
	Nu float64
}

// Normal is the standard normal innovation law.
var Normal = Dist{}

// StudentT returns the unit-variance Student-t law with nu > 2 degrees
// of freedom. It panics if nu ≤ 2.
func StudentT(nu float64) Dist {
	if !(nu > 2) || math.IsInf(nu, 0) {
		panic(fmt.Sprintf("finance: StudentT with nu=%v, need 2 < nu < ∞", nu))
	}
	return Dist{Nu: nu}
}

// String names the law: "normal" or "t(ν)".
func (d Dist) String() string {
	if d.Nu == 0 {
		return "normal"
	}
	return fmt.Sprintf("t(%.3g)", d.Nu)
}

func (d Dist) check(fn string) error {
	if d.Nu != 0 && !(d.Nu > 2 && !math.IsInf(d.Nu, 0)) {
		return fmt.Errorf("finance: %s: Student-t degrees of freedom %v must be in (2, ∞) (0 for normal)", fn, d.Nu)
	}
	return nil
}

// LowerTail returns, for a confidence level p in (0, 1), the loss
// quantile q = −F⁻¹(1−p) and the expected shortfall factor
// e = −E[z | z ≤ −q] of the unit-variance law, so that a return
// r = μ + σz has VaR_p = σq − μ and ES_p = σe − μ. For the normal law
//
//	q = Φ⁻¹(p),   e = φ(q)/(1−p);
//
// for the unit-variance t law with scale s = √((ν−2)/ν) and t_p the
// p-quantile of the standard t_ν with density f_ν,
//
//	q = s t_p,   e = s f_ν(t_p) (ν + t_p²) / ((ν−1)(1−p))
//
// (McNeil, Frey & Embrechts 2015, Examples 2.14 and 2.15). It panics if
// p is outside (0, 1).
func (d Dist) LowerTail(p float64) (q, e float64) {
	if !(p > 0 && p < 1) {
		panic(fmt.Sprintf("finance: LowerTail with level %v outside (0, 1)", p))
	}
	if d.Nu == 0 {
		q = normalQuantile(p)
		return q, math.Exp(-q*q/2) / math.Sqrt(2*math.Pi) / (1 - p)
	}
	nu := d.Nu
	st := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: nu}
	tp := st.Quantile(p)
	s := math.Sqrt((nu - 2) / nu)
	return s * tp, s * st.Prob(tp) * (nu + tp*tp) / ((nu - 1) * (1 - p))
}

// innov evaluates the log density of an innovation ε = σz, with the
// terms that depend on ν alone computed once.
type innov struct {
	nu, c, dc float64
}

// newInnov prepares the density of the law d: for the unit-variance
// Student-t, c = lnΓ((ν+1)/2) − lnΓ(ν/2) − ½ ln(π(ν−2)) and
// dc = ∂c/∂ν = ½ψ((ν+1)/2) − ½ψ(ν/2) − 1/(2(ν−2)), ψ the digamma function.
func newInnov(d Dist) innov {
	if d.Nu == 0 {
		return innov{}
	}
	nu := d.Nu
	lg1, _ := math.Lgamma((nu + 1) / 2)
	lg2, _ := math.Lgamma(nu / 2)
	return innov{nu: nu, c: lg1 - lg2 - 0.5*math.Log(math.Pi*(nu-2)),
		dc: 0.5*mathext.Digamma((nu+1)/2) - 0.5*mathext.Digamma(nu/2) - 0.5/(nu-2)}
}

// logDensity returns ℓ = ln f(ε | σ²) and its derivatives with respect
// to σ², ε and ν (the last 0 for the normal law). Normal:
//
//	ℓ = −½[ln 2π + ln σ² + ε²/σ²];
//
// unit-variance Student-t, with q = ε²/(σ²(ν−2)):
//
//	ℓ = c − ½ ln σ² − (ν+1)/2 · ln(1+q),
//	∂ℓ/∂ν = dc − ½ ln(1+q) + (ν+1)q / (2(1+q)(ν−2)).
func (d *innov) logDensity(eps, s2 float64) (l, dS2, dEps, dNu float64) {
	if d.nu == 0 {
		z2 := eps * eps / s2
		l = -0.5 * (ln2Pi + math.Log(s2) + z2)
		return l, 0.5 * (z2 - 1) / s2, -eps / s2, 0
	}
	nu := d.nu
	q := eps * eps / (s2 * (nu - 2))
	l1q := math.Log1p(q)
	l = d.c - 0.5*math.Log(s2) - (nu+1)/2*l1q
	w := (nu + 1) / 2 * q / (1 + q)
	dS2 = (w - 0.5) / s2
	dEps = -(nu + 1) * eps / (s2 * (nu - 2) * (1 + q))
	dNu = d.dc - 0.5*l1q + w/(nu-2)
	return l, dS2, dEps, dNu
}

var ln2Pi = math.Log(2 * math.Pi)
