package chaos

import (
	"math"
	"testing"
)

// directKc evaluates K_c from the definition, with the same conventions
// as ZeroOneTest (average over the N−n available terms).
func directKc(phi []float64, c float64, ncut int) float64 {
	n := len(phi)
	p := make([]float64, n)
	q := make([]float64, n)
	var sp, sq, mean float64
	for j, v := range phi {
		sp += v * math.Cos(float64(j+1)*c)
		sq += v * math.Sin(float64(j+1)*c)
		p[j], q[j] = sp, sq
		mean += v
	}
	mean /= float64(n)
	xi := make([]float64, ncut)
	d := make([]float64, ncut)
	for k := 1; k <= ncut; k++ {
		var m float64
		for j := 0; j+k < n; j++ {
			dp, dq := p[j+k]-p[j], q[j+k]-q[j]
			m += dp*dp + dq*dq
		}
		m /= float64(n - k)
		xi[k-1] = float64(k)
		d[k-1] = m - mean*mean*(1-math.Cos(float64(k)*c))/(1-math.Cos(c))
	}
	return correlation(xi, d)
}

// Exact: the FFT evaluation of the mean square displacement equals the
// direct sums; the same seed gives the same c values and K.
func TestZeroOneMatchesDefinition(t *testing.T) {
	const tol = 1e-9
	x := mapSeries(t, "Logistic", map[string]float64{"r": 3.9}, 1200, 0)
	z, err := ZeroOneTest(x, &ZeroOneOptions{NumC: 8, Seed: 42})
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range z.C {
		if c <= math.Pi/5 || c >= 4*math.Pi/5 {
			t.Errorf("c = %v outside (π/5, 4π/5)", c)
		}
		if want := directKc(x, c, len(x)/10); math.Abs(z.Kc[i]-want) > tol {
			t.Errorf("c = %.4f: K_c = %.12f, definition %.12f", c, z.Kc[i], want)
		}
	}
	z2, _ := ZeroOneTest(x, &ZeroOneOptions{NumC: 8, Seed: 42})
	if z2.K != z.K || z2.C[3] != z.C[3] {
		t.Error("same seed, different result")
	}
}

// Gottwald & Melbourne (2004, 2009): K ≈ 0 for regular dynamics (a
// periodic sine, a quasi-periodic signal, the logistic map's stable
// period-8 orbit at r = 3.55) and K ≈ 1 for chaotic dynamics (the
// logistic map at r = 3.97, their example; the Lorenz x component
// sampled every 0.5 time units). Tolerance 0.1 either way (we get |K| <
// 0.005 and K > 0.99 from 5000 points).
func TestZeroOneRegularAndChaotic(t *testing.T) {
	const tol = 0.1
	n := 5000
	sine := make([]float64, n)
	quasi := make([]float64, n)
	for i := range sine {
		sine[i] = math.Sin(2 * math.Pi * float64(i) / 7.3)
		quasi[i] = math.Sin(0.3*float64(i)) + 0.5*math.Cos(math.Sqrt2*float64(i))
	}
	type series struct {
		name string
		x    []float64
	}
	regular := []series{
		{"sine", sine},
		{"quasi-periodic", quasi},
		{"logistic r=3.55", mapSeries(t, "Logistic", map[string]float64{"r": 3.55}, n, 0)},
	}
	for _, s := range regular {
		name, x := s.name, s.x
		z, err := ZeroOneTest(x, nil)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(z.K) > tol {
			t.Errorf("%s: K = %.4f, want ≈ 0", name, z.K)
		}
		t.Logf("%s: K = %.4f", name, z.K)
	}
	chaotic := []series{
		{"logistic r=3.97", mapSeries(t, "Logistic", map[string]float64{"r": 3.97}, n, 0)},
		{"Lorenz x", lorenzX(t, n, 0.5)},
	}
	for _, s := range chaotic {
		name, x := s.name, s.x
		z, err := ZeroOneTest(x, nil)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(z.K-1) > tol {
			t.Errorf("%s: K = %.4f, want ≈ 1", name, z.K)
		}
		t.Logf("%s: K = %.4f", name, z.K)
	}
}

func TestZeroOneErrors(t *testing.T) {
	if _, err := ZeroOneTest(gaussian(50, 1), nil); err == nil {
		t.Error("50 points must be too few")
	}
	if _, err := ZeroOneTest(make([]float64, 500), nil); err == nil {
		t.Error("a constant series must be an error")
	}
	if _, err := ZeroOneTest(gaussian(500, 1), &ZeroOneOptions{NCut: 600}); err == nil {
		t.Error("NCut ≥ N must be an error")
	}
}
