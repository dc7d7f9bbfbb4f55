package emergence

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestBootstrapCoverage: percentile intervals (95%) for the sigmoid's
// centre and levels cover the true values in most of 10 independent
// synthetic curves (replicate resampling). With true coverage 0.95,
// P(fewer than 7 of 10) ≈ 0.001.
func TestBootstrapCoverage(t *testing.T) {
	const datasets, minCovered = 10, 7
	trueCentre := 200.0
	f := func(x float64) float64 { return 0.2 + 0.6*logistic((math.Log(x)-math.Log(trueCentre))/0.4) }
	covered := map[string]int{}
	for k := 0; k < datasets; k++ {
		rng := rand.New(rand.NewPCG(uint64(k), 77))
		c := curveOf(rng, "y", logScales(0, 4, 17), 4, 0.03, f)
		b, err := Bootstrap(c, Sigmoid, &BootstrapOptions{Resamples: 100, Seed: uint64(k)})
		if err != nil {
			t.Fatal(err)
		}
		if b.Residual {
			t.Fatal("replicates available but residuals resampled")
		}
		if b.Centre.Contains(trueCentre) {
			covered["centre"]++
		}
		if b.Params[0].Contains(0.2) {
			covered["lo"]++
		}
		if b.Params[1].Contains(0.8) {
			covered["hi"]++
		}
		if b.Width.Contains(ln9x2 * 0.4) {
			covered["width"]++
		}
		if !(b.Centre.Lo <= b.Centre.Estimate && b.Centre.Estimate <= b.Centre.Hi) {
			t.Errorf("estimate %v outside its interval [%v, %v]", b.Centre.Estimate, b.Centre.Lo, b.Centre.Hi)
		}
	}
	t.Logf("coverage of 95%% intervals over %d curves: %v", datasets, covered)
	for _, name := range []string{"centre", "lo", "hi", "width"} {
		if covered[name] < minCovered {
			t.Errorf("%s covered in %d of %d curves, want ≥ %d", name, covered[name], datasets, minCovered)
		}
	}
}

// TestBootstrapResidual: with one value per scale the residuals are
// resampled; the interval brackets the estimate, is reproducible for a
// seed and shrinks with the noise.
func TestBootstrapResidual(t *testing.T) {
	widths := map[float64]float64{}
	for _, noise := range []float64{0.02, 0.002} {
		rng := rand.New(rand.NewPCG(8, 8))
		c := curveOf(rng, "y", logScales(0, 4, 25), 1, noise, func(x float64) float64 { return 0.1 + 0.05*math.Log(x) })
		b, err := Bootstrap(c, LogLinear, &BootstrapOptions{Resamples: 300, Seed: 3})
		if err != nil {
			t.Fatal(err)
		}
		if !b.Residual {
			t.Fatal("single replicates but replicates resampled")
		}
		slope := b.Params[1]
		if !slope.Contains(slope.Estimate) || !slope.Contains(0.05) {
			t.Errorf("noise %v: slope interval %+v should contain the estimate and 0.05", noise, slope)
		}
		b2, _ := Bootstrap(c, LogLinear, &BootstrapOptions{Resamples: 300, Seed: 3})
		if b2.Params[1] != slope {
			t.Errorf("same seed, intervals %+v and %+v", b2.Params[1], slope)
		}
		widths[noise] = slope.Hi - slope.Lo
	}
	// OLS slope SE ∝ noise: the interval shrinks tenfold (allow 7–13×).
	if r := widths[0.02] / widths[0.002]; r < 7 || r > 13 {
		t.Errorf("interval width ratio %v for a tenfold noise ratio", r)
	}
}

// TestMeanInterval: for 200 normal values the 95% percentile interval of
// the mean approaches x̄ ± 1.96·s/√n (within 15%).
func TestMeanInterval(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	v := make([]float64, 200)
	for i := range v {
		v[i] = 3 + 2*rng.NormFloat64()
	}
	iv := MeanInterval(v, 4000, 0.95, 1)
	m := mean(v)
	var ss float64
	for _, x := range v {
		ss += (x - m) * (x - m)
	}
	half := 1.96 * math.Sqrt(ss/float64(len(v)-1)) / math.Sqrt(float64(len(v)))
	if iv.Estimate != m || math.Abs((iv.Hi-iv.Lo)/2-half) > 0.15*half || !iv.Contains(m) {
		t.Errorf("interval %+v, normal theory %v ± %v", iv, m, half)
	}
	if one := MeanInterval([]float64{5}, 10, 0.9, 1); one != (Interval{5, 5, 5}) {
		t.Errorf("single value: %+v", one)
	}
}
