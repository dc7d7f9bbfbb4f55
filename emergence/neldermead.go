package emergence

import (
	"math"
	"slices"
)

// nelderMead minimises f from x0 by the Nelder-Mead simplex method
// (Nelder & Mead 1965) with the standard coefficients (reflection 1,
// expansion 2, contraction ½, shrink ½; Lagarias et al. 1998) and an
// initial simplex x0 + step_i·e_i. It stops when the spread of the
// simplex values falls below 1e-10·(|f_best| + 1e-300) and the simplex
// is smaller than 1e-7 in every coordinate, or after maxEval
// evaluations, and restarts once from the best vertex (a standard guard
// against premature collapse). It returns the best point and value.
func nelderMead(f func([]float64) float64, x0, step []float64, maxEval int) ([]float64, float64) {
	x, _ := nmRun(f, x0, step, maxEval/2)
	return nmRun(f, x, step, maxEval/2)
}

func nmRun(f func([]float64) float64, x0, step []float64, maxEval int) ([]float64, float64) {
	n := len(x0)
	pts := make([][]float64, n+1)
	vals := make([]float64, n+1)
	for i := range pts {
		pts[i] = slices.Clone(x0)
		if i > 0 {
			pts[i][i-1] += step[i-1]
		}
		vals[i] = f(pts[i])
	}
	evals := n + 1
	order := make([]int, n+1)
	centroid := make([]float64, n)
	xr := make([]float64, n)
	xe := make([]float64, n)
	xc := make([]float64, n)
	for evals < maxEval {
		// Insertion sort of the n+1 vertices by value (stable).
		for i := range order {
			order[i] = i
			for j := i; j > 0 && vals[order[j]] < vals[order[j-1]]; j-- {
				order[j], order[j-1] = order[j-1], order[j]
			}
		}
		best, worst, second := order[0], order[n], order[n-1]
		// Convergence.
		if math.Abs(vals[worst]-vals[best]) <= 1e-10*(math.Abs(vals[best])+1e-300) {
			small := true
			for j := 0; j < n && small; j++ {
				for i := range pts {
					if math.Abs(pts[i][j]-pts[best][j]) > 1e-7 {
						small = false
						break
					}
				}
			}
			if small {
				break
			}
		}
		clear(centroid)
		for _, i := range order[:n] {
			for j, v := range pts[i] {
				centroid[j] += v / float64(n)
			}
		}
		for j := range xr {
			xr[j] = centroid[j] + (centroid[j] - pts[worst][j])
		}
		fr := f(xr)
		evals++
		switch {
		case fr < vals[best]:
			for j := range xe {
				xe[j] = centroid[j] + 2*(centroid[j]-pts[worst][j])
			}
			fe := f(xe)
			evals++
			if fe < fr {
				copy(pts[worst], xe)
				vals[worst] = fe
			} else {
				copy(pts[worst], xr)
				vals[worst] = fr
			}
		case fr < vals[second]:
			copy(pts[worst], xr)
			vals[worst] = fr
		default:
			// Contraction: outside if the reflection improved on the
			// worst, inside otherwise.
			outside := fr < vals[worst]
			for j := range xc {
				if outside {
					xc[j] = centroid[j] + 0.5*(xr[j]-centroid[j])
				} else {
					xc[j] = centroid[j] + 0.5*(pts[worst][j]-centroid[j])
				}
			}
			fc := f(xc)
			evals++
			if (outside && fc <= fr) || (!outside && fc < vals[worst]) {
				copy(pts[worst], xc)
				vals[worst] = fc
				continue
			}
			for _, i := range order[1:] {
				for j := range pts[i] {
					pts[i][j] = pts[best][j] + 0.5*(pts[i][j]-pts[best][j])
				}
				vals[i] = f(pts[i])
				evals++
			}
		}
	}
	bi := 0
	for i := range vals {
		if vals[i] < vals[bi] {
			bi = i
		}
	}
	return slices.Clone(pts[bi]), vals[bi]
}
