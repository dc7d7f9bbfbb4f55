package emergence

import (
	"math"
	"math/rand/v2"
)

// logScales returns n scales 10^(lo + i·(hi−lo)/(n−1)).
func logScales(lo, hi float64, n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = math.Pow(10, lo+float64(i)*(hi-lo)/float64(n-1))
	}
	return s
}

// curveOf samples f at the scales with reps replicates of Gaussian noise.
func curveOf(rng *rand.Rand, name string, scales []float64, reps int, noise float64, f func(x float64) float64) Curve {
	c := Curve{Name: name, Scale: scales, Continuous: true}
	for _, x := range scales {
		var v []float64
		for r := 0; r < reps; r++ {
			v = append(v, f(x)+noise*rng.NormFloat64())
		}
		c.Values = append(c.Values, v)
	}
	return c
}

func clamp01(v float64) float64 { return math.Max(0, math.Min(1, v)) }

// mirageScores: per-instance scores improve smoothly as a power law,
// s_i(x) = 1 − d_i·x^(−1/2), d_i = 0.5·e^{0.3 z_i} (capped at 0.95), plus
// replicate noise 0.005 — Schaeffer et al.'s mechanism: a smooth
// per-instance improvement whose threshold metric jumps because the
// instances cross the threshold τ = 0.9 at similar scales
// (x_i = (d_i/0.1)², around 25).
func mirageScores(rng *rand.Rand, scales []float64, n, reps int) Scores {
	d := make([]float64, n)
	for i := range d {
		d[i] = math.Min(0.95, 0.5*math.Exp(0.3*rng.NormFloat64()))
	}
	sc := Scores{Scale: scales}
	for _, x := range scales {
		var rs [][]float64
		for r := 0; r < reps; r++ {
			s := make([]float64, n)
			for i := range s {
				s[i] = clamp01(1 - d[i]*math.Pow(x, -0.5) + 0.005*rng.NormFloat64())
			}
			rs = append(rs, s)
		}
		sc.Scores = append(sc.Scores, rs)
	}
	sc.Baseline = constantBaseline(rng, n, 0.1)
	return sc
}

// jumpScores: a genuine transition in every instance's score,
// s_i(x) = 0.1 + 0.8·logistic((ln x − ln 300)/0.25 + 0.2 z_i) + 0.02 ε,
// so the mean score itself rises from 0.1 to 0.9 over a 10–90% window of
// ≈ 1.1 in ln x (12% of four decades).
func jumpScores(rng *rand.Rand, scales []float64, n, reps int) Scores {
	z := make([]float64, n)
	for i := range z {
		z[i] = rng.NormFloat64()
	}
	sc := Scores{Scale: scales}
	for _, x := range scales {
		var rs [][]float64
		for r := 0; r < reps; r++ {
			s := make([]float64, n)
			for i := range s {
				s[i] = clamp01(0.1 + 0.8*logistic((math.Log(x)-math.Log(300))/0.25+0.2*z[i]) + 0.02*rng.NormFloat64())
			}
			rs = append(rs, s)
		}
		sc.Scores = append(sc.Scores, rs)
	}
	sc.Baseline = constantBaseline(rng, n, 0.1)
	return sc
}

// constantBaseline scores every instance near level (a trivial
// forecaster), two replicates.
func constantBaseline(rng *rand.Rand, n int, level float64) [][]float64 {
	b := make([][]float64, 2)
	for r := range b {
		b[r] = make([]float64, n)
		for i := range b[r] {
			b[r][i] = clamp01(level + 0.02*rng.NormFloat64())
		}
	}
	return b
}
