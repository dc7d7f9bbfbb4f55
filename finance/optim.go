package finance

import "math"

// bfgs minimises f (which writes its gradient into grad when grad is not
// nil, and returns +Inf outside its domain) from x0 by the
// Broyden-Fletcher-Goldfarb-Shanno quasi-Newton method with a
// backtracking Armijo line search (Nocedal & Wright 2006, Algorithm 6.1,
// with the initial scaling of eq. 6.20). It stops when the largest
// gradient component falls below 1e-9, when f changes by less than
// 1e-14·(1+|f|) in 5 successive iterations, when the line search cannot
// decrease f, or after maxIter iterations; converged is false only in
// the last two cases. x0 is not modified.
//
// Reference: Nocedal, J. & Wright, S. J. (2006). Numerical Optimization,
// 2nd ed. Springer, §6.1.
func bfgs(f func(x, grad []float64) float64, x0 []float64, maxIter int) (x []float64, fx float64, converged bool, evals int) {
	const (
		gtol  = 1e-9
		ftol  = 1e-14
		c1    = 1e-4
		still = 5
	)
	k := len(x0)
	x = append([]float64(nil), x0...)
	g := make([]float64, k)
	fx = f(x, g)
	evals = 1
	if math.IsInf(fx, 0) || math.IsNaN(fx) {
		return x, fx, false, evals
	}
	h := make([]float64, k*k) // inverse Hessian approximation
	resetH := func(scale float64) {
		clear(h)
		for i := 0; i < k; i++ {
			h[i*k+i] = scale
		}
	}
	resetH(1)
	p, xn, gn, s, y, hy := make([]float64, k), make([]float64, k), make([]float64, k), make([]float64, k), make([]float64, k), make([]float64, k)
	calm := 0
	first := true
	for it := 0; it < maxIter; it++ {
		gmax := 0.0
		for _, v := range g {
			gmax = max(gmax, math.Abs(v))
		}
		if gmax < gtol {
			return x, fx, true, evals
		}
		var gp float64
		for i := 0; i < k; i++ {
			var v float64
			for j := 0; j < k; j++ {
				v -= h[i*k+j] * g[j]
			}
			p[i] = v
			gp += v * g[i]
		}
		if !(gp < 0) {
			resetH(1)
			gp = 0
			for i := range p {
				p[i] = -g[i]
				gp -= g[i] * g[i]
			}
		}
		a := 1.0
		var fn float64
		ok := false
		for ls := 0; ls < 60; ls++ {
			for i := range xn {
				xn[i] = x[i] + a*p[i]
			}
			fn = f(xn, nil)
			evals++
			if fn <= fx+c1*a*gp {
				ok = true
				break
			}
			a /= 2
		}
		if !ok {
			return x, fx, false, evals
		}
		f(xn, gn)
		evals++
		var sy, yy float64
		for i := range s {
			s[i] = xn[i] - x[i]
			y[i] = gn[i] - g[i]
			sy += s[i] * y[i]
			yy += y[i] * y[i]
		}
		if math.Abs(fx-fn) < ftol*(1+math.Abs(fx)) {
			calm++
		} else {
			calm = 0
		}
		copy(x, xn)
		copy(g, gn)
		fx = fn
		if calm >= still {
			return x, fx, true, evals
		}
		if sy > 1e-12*math.Sqrt(yy)*norm(s) {
			if first {
				resetH(sy / yy)
				first = false
			}
			// H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, ρ = 1/yᵀs.
			rho := 1 / sy
			var yhy float64
			for i := 0; i < k; i++ {
				var v float64
				for j := 0; j < k; j++ {
					v += h[i*k+j] * y[j]
				}
				hy[i] = v
				yhy += y[i] * v
			}
			for i := 0; i < k; i++ {
				for j := 0; j < k; j++ {
					h[i*k+j] += -rho*(hy[i]*s[j]+s[i]*hy[j]) + (rho*rho*yhy+rho)*s[i]*s[j]
				}
			}
		}
	}
	return x, fx, false, evals
}

func norm(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v * v
	}
	return math.Sqrt(s)
}
