package ensemble

import (
	"math"
	"sort"

	"gonum.org/v1/gonum/mat"

	"github.com/emergo/emergo/forecast"
)

// scaledDesign returns the n·d×M matrix of the members' forecasts and
// the n·d targets, each column j of the data divided by scale[j] (a
// non-positive or non-finite scale counts as 1), so that every variable
// weighs the same.
func scaledDesign(preds []*forecast.Block, truth *forecast.Block, scale []float64) (p []float64, y []float64) {
	M := len(preds)
	n, d := truth.Rows, truth.Dim
	p = make([]float64, n*d*M)
	y = make([]float64, n*d)
	for i := 0; i < n; i++ {
		for j := 0; j < d; j++ {
			s := 1.0
			if scale != nil && scale[j] > 0 && !math.IsInf(scale[j], 0) {
				s = scale[j]
			}
			r := i*d + j
			y[r] = truth.X[r] / s
			for a := range preds {
				p[r*M+a] = preds[a].X[r] / s
			}
		}
	}
	return p, y
}

// inverseErrorWeights returns w_α ∝ 1/MSE_α (scaled units); a member
// with zero error gets all the weight (shared equally among such
// members), and a member with a non-finite error gets none.
func inverseErrorWeights(preds []*forecast.Block, truth *forecast.Block, scale []float64) []float64 {
	M := len(preds)
	p, y := scaledDesign(preds, truth, scale)
	mse := make([]float64, M)
	for r, yv := range y {
		for a := 0; a < M; a++ {
			e := p[r*M+a] - yv
			mse[a] += e * e
		}
	}
	w := make([]float64, M)
	var zero int
	for a, v := range mse {
		if v == 0 {
			zero++
			w[a] = 1
		}
	}
	if zero > 0 {
		for a := range w {
			w[a] /= float64(zero)
		}
		return w
	}
	var s float64
	for a, v := range mse {
		if v > 0 && !math.IsInf(v, 0) && !math.IsNaN(v) {
			w[a] = 1 / v
			s += w[a]
		}
	}
	if !(s > 0) {
		for a := range w {
			w[a] = 1 / float64(M)
		}
		return w
	}
	for a := range w {
		w[a] /= s
	}
	return w
}

// stackWeights returns the convex weights minimising the mean squared
// error (1/N)‖y − P w‖² of the combined forecasts, by FISTA (Beck &
// Teboulle 2009) with the Euclidean projection onto the simplex (Duchi
// et al. 2008) and step 1/L, L = 2 λ_max(PᵀP/N): at most 20000
// iterations, stopping when no weight moves by more than 1e-12.
func stackWeights(preds []*forecast.Block, truth *forecast.Block, scale []float64) []float64 {
	M := len(preds)
	p, y := scaledDesign(preds, truth, scale)
	N := float64(len(y))
	// Gram matrix G = PᵀP/N and c = Pᵀy/N.
	g := mat.NewSymDense(M, nil)
	c := make([]float64, M)
	for r, yv := range y {
		row := p[r*M : (r+1)*M]
		for a := 0; a < M; a++ {
			c[a] += row[a] * yv / N
			for b := a; b < M; b++ {
				g.SetSym(a, b, g.At(a, b)+row[a]*row[b]/N)
			}
		}
	}
	var eig mat.EigenSym
	L := 0.0
	if eig.Factorize(g, false) {
		for _, v := range eig.Values(nil) {
			L = math.Max(L, v)
		}
	} else {
		for a := 0; a < M; a++ {
			L += g.At(a, a) // trace bound
		}
	}
	L *= 2
	w := make([]float64, M)
	for a := range w {
		w[a] = 1 / float64(M)
	}
	if !(L > 0) || math.IsInf(L, 0) {
		return w
	}
	z := append([]float64(nil), w...)
	prev := append([]float64(nil), w...)
	grad := make([]float64, M)
	tk := 1.0
	for it := 0; it < 20000; it++ {
		// ∇ = 2(G z − c).
		for a := 0; a < M; a++ {
			s := -c[a]
			for b := 0; b < M; b++ {
				s += g.At(a, b) * z[b]
			}
			grad[a] = 2 * s
		}
		copy(prev, w)
		for a := range w {
			w[a] = z[a] - grad[a]/L
		}
		projectSimplex(w)
		tn := (1 + math.Sqrt(1+4*tk*tk)) / 2
		var move float64
		for a := range z {
			z[a] = w[a] + (tk-1)/tn*(w[a]-prev[a])
			move = math.Max(move, math.Abs(w[a]-prev[a]))
		}
		tk = tn
		if move <= 1e-12 {
			break
		}
	}
	return w
}

// projectSimplex replaces v by its Euclidean projection onto
// {w ≥ 0, Σw = 1} (Duchi, Shalev-Shwartz, Singer & Chandra 2008).
func projectSimplex(v []float64) {
	u := append([]float64(nil), v...)
	sort.Sort(sort.Reverse(sort.Float64Slice(u)))
	var cum, theta float64
	for j, x := range u {
		cum += x
		t := (cum - 1) / float64(j+1)
		if x-t > 0 {
			theta = t
		}
	}
	for i, x := range v {
		v[i] = math.Max(0, x-theta)
	}
}
