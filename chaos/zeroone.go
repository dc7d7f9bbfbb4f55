package chaos

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"gonum.org/v1/gonum/dsp/fourier"
)

// ZeroOneOptions tunes ZeroOneTest. The zero value (or nil) gives the
// documented defaults.
type ZeroOneOptions struct {
	// NumC is the number of random frequencies c (0: 100).
	NumC int
	// Seed seeds the draw of the c values (PCG); the same seed gives the
	// same result.
	Seed uint64
	// NCut is the largest displacement n of the mean square displacement
	// (0: N/10, as Gottwald & Melbourne recommend).
	NCut int
}

// ZeroOne is the result of ZeroOneTest.
type ZeroOne struct {
	// K is the median of Kc: near 0 for regular dynamics, near 1 for
	// chaotic dynamics.
	K float64
	// C are the frequencies drawn and Kc the correlation coefficient for
	// each.
	C, Kc []float64
}

// zeroOneStream is the PCG stream constant of ZeroOneTest's c draws.
const zeroOneStream = 0x01_7e57

// ZeroOneTest applies the 0-1 test for chaos of Gottwald & Melbourne
// (2004), in the correlation form of Gottwald & Melbourne (2009), to the
// observable φ_j, j = 1 … N. For each of NumC frequencies c drawn
// uniformly from (π/5, 4π/5) (avoiding resonances at 0 and π):
//
//	p_c(n) = Σ_{j≤n} φ_j cos(jc),   q_c(n) = Σ_{j≤n} φ_j sin(jc),
//	M_c(n) = ⟨ (p_c(j+n) − p_c(j))² + (q_c(j+n) − q_c(j))² ⟩_j,
//	D_c(n) = M_c(n) − (Eφ)² (1 − cos nc)/(1 − cos c),
//	K_c    = corr(n, D_c(n)),  n = 1 … NCut,
//
// the average over j running over the N − n available terms, computed
// for all n at once by FFT autocorrelation. K = median K_c. The test
// needs at least 100 points (several thousand recommended) and a
// sampling interval that is not much shorter than the decorrelation time
// of a flow (oversampled flows give spuriously small K; sample, for
// instance, at the period of the dominant oscillation or use a Poincaré
// section).
//
// References:
//
//	Gottwald, G. A. & Melbourne, I. (2004). A new test for chaos in
//	  deterministic systems. Proc. R. Soc. Lond. A 460, 603-611.
//	Gottwald, G. A. & Melbourne, I. (2009). On the implementation of the
//	  0-1 test for chaos. SIAM J. Appl. Dyn. Syst. 8, 129-145.
func ZeroOneTest(phi []float64, opt *ZeroOneOptions) (*ZeroOne, error) {
	var o ZeroOneOptions
	if opt != nil {
		o = *opt
	}
	if err := checkSeries("ZeroOneTest", phi, 100); err != nil {
		return nil, err
	}
	N := len(phi)
	if o.NumC == 0 {
		o.NumC = 100
	}
	if o.NCut == 0 {
		o.NCut = N / 10
	}
	if o.NumC < 1 || o.NCut < 3 || o.NCut >= N {
		return nil, fmt.Errorf("chaos: ZeroOneTest: need NumC ≥ 1 (got %d) and 3 ≤ NCut < N=%d (got %d)", o.NumC, N, o.NCut)
	}
	mean, _ := meanStd(phi)
	rng := rand.New(rand.NewPCG(o.Seed, zeroOneStream))
	// Zero padding to L ≥ N + NCut keeps the circular autocorrelation
	// exact for the lags n ≤ NCut used.
	L := 1
	for L < N+o.NCut {
		L <<= 1
	}
	fft := fourier.NewCmplxFFT(L)
	z := make([]complex128, L)
	spec := make([]complex128, L)
	acf := make([]complex128, L)
	pre := make([]float64, N+1) // prefix sums of |z_j|²
	xi := make([]float64, o.NCut)
	for n := range xi {
		xi[n] = float64(n + 1)
	}
	d := make([]float64, o.NCut)
	res := &ZeroOne{C: make([]float64, o.NumC), Kc: make([]float64, o.NumC)}
	for ic := range res.C {
		c := math.Pi/5 + rng.Float64()*3*math.Pi/5
		res.C[ic] = c
		var p, q float64
		for j := 0; j < N; j++ {
			s, co := math.Sincos(float64(j+1) * c)
			p += phi[j] * co
			q += phi[j] * s
			z[j] = complex(p, q)
			pre[j+1] = pre[j] + p*p + q*q
		}
		clear(z[N:])
		fft.Coefficients(spec, z)
		for k, v := range spec {
			spec[k] = complex(real(v)*real(v)+imag(v)*imag(v), 0)
		}
		fft.Sequence(acf, spec)
		for n := 1; n <= o.NCut; n++ {
			// Σ_{j<N−n} |z_{j+n} − z_j|² = Σ|z_{j+n}|² + Σ|z_j|² − 2 Re Σ z_{j+n} conj(z_j).
			cross := real(acf[n]) / float64(L) // gonum's Sequence is unnormalised
			s := (pre[N] - pre[n]) + pre[N-n] - 2*cross
			m := s / float64(N-n)
			vosc := mean * mean * (1 - math.Cos(float64(n)*c)) / (1 - math.Cos(c))
			d[n-1] = m - vosc
		}
		res.Kc[ic] = correlation(xi, d)
	}
	s := append([]float64(nil), res.Kc...)
	sort.Float64s(s)
	res.K = median(s)
	return res, nil
}

// correlation is Pearson's correlation coefficient (0 when either
// vector is constant).
func correlation(x, y []float64) float64 {
	mx, sx := meanStd(x)
	my, sy := meanStd(y)
	if sx == 0 || sy == 0 {
		return 0
	}
	var c float64
	for i := range x {
		c += (x[i] - mx) * (y[i] - my)
	}
	return c / float64(len(x)) / (sx * sy)
}
