package statphys

import (
	"math"
	"sort"
)

// brentMin returns the minimiser and minimum of f on [a, b] by Brent's
// method (golden-section search with parabolic interpolation), to an
// absolute tolerance tol in x. f is assumed unimodal on [a, b]; for a
// function that is not, it returns a local minimum.
//
// References:
//
//	Brent, R. P. (1973). Algorithms for Minimization without Derivatives,
//	  ch. 5. Prentice-Hall.
func brentMin(f func(float64) float64, a, b, tol float64) (float64, float64) {
	const cgold = 0.3819660112501051 // (3 − √5)/2
	x := a + cgold*(b-a)
	w, v := x, x
	fx := f(x)
	fw, fv := fx, fx
	var d, e float64
	for it := 0; it < 200; it++ {
		m := (a + b) / 2
		tol1 := 1e-10*math.Abs(x) + tol/3
		tol2 := 2 * tol1
		if math.Abs(x-m) <= tol2-(b-a)/2 {
			break
		}
		golden := true
		if math.Abs(e) > tol1 {
			r := (x - w) * (fx - fv)
			q := (x - v) * (fx - fw)
			p := (x-v)*q - (x-w)*r
			q = 2 * (q - r)
			if q > 0 {
				p = -p
			}
			q = math.Abs(q)
			if math.Abs(p) < math.Abs(q*e/2) && p > q*(a-x) && p < q*(b-x) {
				e = d
				d = p / q
				u := x + d
				if u-a < tol2 || b-u < tol2 {
					d = math.Copysign(tol1, m-x)
				}
				golden = false
			}
		}
		if golden {
			if x >= m {
				e = a - x
			} else {
				e = b - x
			}
			d = cgold * e
		}
		u := x + d
		if math.Abs(d) < tol1 {
			u = x + math.Copysign(tol1, d)
		}
		fu := f(u)
		if !(fu > fx) && !math.IsNaN(fu) { // fu ≤ fx
			if u >= x {
				a = x
			} else {
				b = x
			}
			v, fv, w, fw, x, fx = w, fw, x, fx, u, fu
			continue
		}
		if u < x {
			a = u
		} else {
			b = u
		}
		if fu <= fw || w == x {
			v, fv, w, fw = w, fw, u, fu
		} else if fu <= fv || v == x || v == w {
			v, fv = u, fu
		}
	}
	return x, fx
}

// gridBrent minimises f on [a, b] by evaluating it on a grid of n+1
// evenly spaced points, then refining around the best grid point with
// brentMin. It guards brentMin against functions with several local
// minima at a scale coarser than the grid.
func gridBrent(f func(float64) float64, a, b float64, n int, tol float64) (float64, float64) {
	h := (b - a) / float64(n)
	best, fbest := a, f(a)
	for i := 1; i <= n; i++ {
		x := a + float64(i)*h
		if fx := f(x); fx < fbest {
			best, fbest = x, fx
		}
	}
	lo, hi := math.Max(a, best-h), math.Min(b, best+h)
	x, fx := brentMin(f, lo, hi, tol)
	if fx <= fbest {
		return x, fx
	}
	return best, fbest
}

// nelderMead minimises f from x0 with initial simplex steps step[i] by
// the Nelder-Mead simplex method with the standard coefficients
// (reflection 1, expansion 2, contraction 1/2, shrink 1/2). It stops when
// the spread of function values over the simplex is below ftol (absolute)
// or after maxEval evaluations, then restarts once from the best vertex
// (a restart is the usual guard against premature collapse of the
// simplex). +Inf and NaN values are treated as worse than any number, so
// f may return +Inf outside its domain.
//
// References:
//
//	Nelder, J. A. & Mead, R. (1965). A simplex method for function
//	  minimization. Comput. J. 7, 308-313.
//	Lagarias, J. C., Reeds, J. A., Wright, M. H. & Wright, P. E. (1998).
//	  Convergence properties of the Nelder-Mead simplex method in low
//	  dimensions. SIAM J. Optim. 9, 112-147.
func nelderMead(f func([]float64) float64, x0, step []float64, ftol float64, maxEval int) ([]float64, float64) {
	x := append([]float64(nil), x0...)
	var fx float64
	for restart := 0; restart < 2; restart++ {
		x, fx = nmRun(f, x, step, ftol, maxEval)
	}
	return x, fx
}

func nmRun(f func([]float64) float64, x0, step []float64, ftol float64, maxEval int) ([]float64, float64) {
	n := len(x0)
	eval := func(x []float64) float64 {
		v := f(x)
		if math.IsNaN(v) {
			return math.Inf(1)
		}
		return v
	}
	type vert struct {
		x []float64
		f float64
	}
	s := make([]vert, n+1)
	for i := range s {
		x := append([]float64(nil), x0...)
		if i > 0 {
			x[i-1] += step[i-1]
		}
		s[i] = vert{x, eval(x)}
	}
	nev := n + 1
	cen := make([]float64, n)
	try := func(t float64) vert { // point cen + t(cen − worst)
		x := make([]float64, n)
		for j := range x {
			x[j] = cen[j] + t*(cen[j]-s[n].x[j])
		}
		nev++
		return vert{x, eval(x)}
	}
	for nev < maxEval {
		sort.SliceStable(s, func(i, j int) bool { return s[i].f < s[j].f })
		if math.Abs(s[n].f-s[0].f) <= ftol && !math.IsInf(s[n].f, 1) {
			break
		}
		clear(cen)
		for _, v := range s[:n] {
			for j := range cen {
				cen[j] += v.x[j] / float64(n)
			}
		}
		r := try(1)
		switch {
		case r.f < s[0].f:
			if e := try(2); e.f < r.f {
				s[n] = e
			} else {
				s[n] = r
			}
		case r.f < s[n-1].f:
			s[n] = r
		default:
			var c vert
			if r.f < s[n].f {
				c = try(0.5) // outside contraction
			} else {
				c = try(-0.5) // inside contraction
			}
			if c.f < math.Min(r.f, s[n].f) {
				s[n] = c
				continue
			}
			for i := 1; i <= n; i++ { // shrink towards the best vertex
				for j := range s[i].x {
					s[i].x[j] = s[0].x[j] + 0.5*(s[i].x[j]-s[0].x[j])
				}
				s[i].f = eval(s[i].x)
				nev++
			}
		}
	}
	sort.SliceStable(s, func(i, j int) bool { return s[i].f < s[j].f })
	return s[0].x, s[0].f
}
