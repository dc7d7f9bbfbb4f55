package lattice

import (
	"math"
	"testing"
)

// isingExact enumerates all 2^(L²) configurations of the L×L periodic
// lattice and returns the Boltzmann averages of e, |m| and m per spin.
func isingExact(l int, j, t, h float64) (e, absM, m float64) {
	n := l * l
	var z float64
	s := make([]int, n)
	// Subtract the ground-state energy bound from the exponent to avoid
	// overflow.
	e0 := -2*math.Abs(j)*float64(n) - math.Abs(h)*float64(n)
	for c := 0; c < 1<<n; c++ {
		mag := 0
		for i := range s {
			s[i] = 2*((c>>i)&1) - 1
			mag += s[i]
		}
		bond := 0
		for y := 0; y < l; y++ {
			for x := 0; x < l; x++ {
				i := y*l + x
				bond += s[i] * (s[y*l+(x+1)%l] + s[((y+1)%l)*l+x])
			}
		}
		en := -j*float64(bond) - h*float64(mag)
		w := math.Exp(-(en - e0) / t)
		z += w
		e += w * en / float64(n)
		absM += w * math.Abs(float64(mag)) / float64(n)
		m += w * float64(mag) / float64(n)
	}
	return e / z, absM / z, m / z
}

// logZKaufman is ln Z of the L×L periodic Ising model with J = 1, h = 0 at
// coupling K = 1/T, from Kaufman's exact solution (Kaufman 1949; in the
// form of Beale, Phys. Rev. Lett. 76, 78 (1996)):
//
//	Z = ½ (2 sinh 2K)^(L²/2) Σ_{i=1..4} Z_i,
//	Z_1 = Π_{r=0}^{L−1} 2cosh(L γ_{2r+1}/2), Z_2 = Π 2sinh(L γ_{2r+1}/2),
//	Z_3 = Π 2cosh(L γ_{2r}/2),             Z_4 = Π 2sinh(L γ_{2r}/2),
//	cosh γ_k = cosh 2K coth 2K − cos(πk/L),  γ_0 = 2K + ln tanh K.
func logZKaufman(l int, k float64) float64 {
	gamma := func(q int) float64 {
		if q == 0 {
			return 2*k + math.Log(math.Tanh(k))
		}
		c := math.Cosh(2*k)/math.Tanh(2*k) - math.Cos(math.Pi*float64(q)/float64(l))
		return math.Acosh(c)
	}
	// ln|2cosh x| and ln|2sinh x| with their signs.
	lc := func(x float64) float64 { ax := math.Abs(x); return ax + math.Log1p(math.Exp(-2*ax)) }
	ls := func(x float64) (float64, float64) {
		ax := math.Abs(x)
		if ax == 0 {
			return math.Inf(-1), 0
		}
		sg := 1.0
		if x < 0 {
			sg = -1
		}
		return ax + math.Log1p(-math.Exp(-2*ax)), sg
	}
	var lz [4]float64
	sign := [4]float64{1, 1, 1, 1}
	half := float64(l) / 2
	for r := 0; r < l; r++ {
		g1, g0 := half*gamma(2*r+1), half*gamma(2*r)
		lz[0] += lc(g1)
		v, s := ls(g1)
		lz[1] += v
		sign[1] *= s
		lz[2] += lc(g0)
		v, s = ls(g0)
		lz[3] += v
		sign[3] *= s
	}
	mx := math.Inf(-1)
	for _, v := range lz {
		mx = math.Max(mx, v)
	}
	var sum float64
	for i, v := range lz {
		if sign[i] != 0 {
			sum += sign[i] * math.Exp(v-mx)
		}
	}
	n := float64(l * l)
	return math.Log(0.5) + n/2*math.Log(2*math.Sinh(2*k)) + mx + math.Log(sum)
}

// isingEnergyKaufman is the exact mean energy per spin of the L×L torus
// at temperature t (J = 1), −(1/L²) d ln Z/dK by central differences.
func isingEnergyKaufman(l int, t float64) float64 {
	const dk = 1e-5
	k := 1 / t
	return -(logZKaufman(l, k+dk) - logZKaufman(l, k-dk)) / (2 * dk) / float64(l*l)
}

// TestIsingKaufmanFormula checks the finite-lattice exact energy used
// below against brute-force enumeration of the 4×4 torus, and its L → ∞
// limit at T_c against Onsager's −√2.
func TestIsingKaufmanFormula(t *testing.T) {
	for _, temp := range []float64{1.5, IsingTc, 3} {
		e, _, _ := isingExact(4, 1, temp, 0)
		if k := isingEnergyKaufman(4, temp); math.Abs(k-e) > 1e-7 {
			t.Errorf("T=%v: Kaufman energy %.10f, enumeration %.10f", temp, k, e)
		}
	}
	if e := isingEnergyKaufman(512, IsingTc); math.Abs(e+math.Sqrt2) > 2e-3 {
		t.Errorf("L=512 energy at T_c %.5f, Onsager's limit −√2 = %.5f", e, -math.Sqrt2)
	}
}

// TestIsingGroundState: the cold start is the ground state, e = −2J − h;
// Wolff updates at T = 0.5 from a random start reach it (thermal
// excitations cost 8J and have weight e^−16 ≈ 1e−7 per spin).
func TestIsingGroundState(t *testing.T) {
	m, _ := NewIsing(8, 1, 0.5, 0.5, false, false, 1)
	if st := m.State(nil); st[0] != 1 || st[2] != -2.5 {
		t.Errorf("cold start observation %v, want m = 1, e = −2J − h = −2.5", st)
	}
	w, _ := NewIsing(16, 1, 0.5, 0, true, true, 2)
	if st := w.State(nil); st[1] > 0.3 {
		t.Fatalf("hot start |m| = %v is not disordered", st[1])
	}
	for i := 0; i < 20; i++ {
		_ = w.Step()
	}
	if st := w.State(nil); st[1] != 1 || st[2] != -2 {
		t.Errorf("after 20 Wolff steps at T=0.5: %v, want |m| = 1, e = −2", st)
	}
	// Conserved bookkeeping: the running sums equal a recount.
	e, mg := w.Energy(), w.Magnetization()
	w.recount()
	if w.Energy() != e || w.Magnetization() != mg {
		t.Errorf("running sums drifted")
	}
}

// mcMeans runs sweeps of m after a transient and returns the means of
// [m, |m|, e] with batch-means standard errors (50 batches).
func mcMeans(m *Ising, transient, sweeps int) (mean, se [3]float64) {
	for i := 0; i < transient; i++ {
		_ = m.Step()
	}
	const nb = 50
	per := sweeps / nb
	var bsum, bsq [3]float64
	obs := make([]float64, 3)
	for b := 0; b < nb; b++ {
		var acc [3]float64
		for i := 0; i < per; i++ {
			_ = m.Step()
			m.State(obs)
			for k := range acc {
				acc[k] += obs[k]
			}
		}
		for k := range acc {
			v := acc[k] / float64(per)
			bsum[k] += v
			bsq[k] += v * v
		}
	}
	for k := range mean {
		mean[k] = bsum[k] / nb
		se[k] = math.Sqrt((bsq[k]/nb - mean[k]*mean[k]) / (nb - 1))
	}
	return mean, se
}

// TestIsingExactSmall compares Metropolis and Wolff averages on the 4×4
// torus with exact enumeration of its 65536 states.
func TestIsingExactSmall(t *testing.T) {
	// Tolerance: five batch-means standard errors (measured ≈ 1-2e-3),
	// and the errors must be small enough for the check to bite.
	const nsig, seMax = 5, 0.005
	cases := []struct {
		name  string
		t, h  float64
		wolff bool
	}{
		{"Metropolis T=2.5", 2.5, 0, false},
		{"Metropolis T=3.0 h=0.2", 3.0, 0.2, false},
		{"Metropolis T=3.5", 3.5, 0, false},
		{"Wolff T=2.5", 2.5, 0, true},
		{"Wolff T=1.8", 1.8, 0, true},
	}
	for _, c := range cases {
		e, absM, mg := isingExact(4, 1, c.t, c.h)
		sys, err := NewIsing(4, 1, c.t, c.h, c.wolff, true, 17)
		if err != nil {
			t.Fatal(err)
		}
		mean, se := mcMeans(sys, 1000, 200_000)
		exact := [3]float64{mg, absM, e}
		names := [3]string{"m", "|m|", "e"}
		for k := range exact {
			if k == 0 && c.h == 0 {
				continue // <m> = 0 by symmetry; its estimate has a slow tunnelling error
			}
			t.Logf("%s: <%s> = %.5f ± %.5f, exact %.5f", c.name, names[k], mean[k], se[k], exact[k])
			if se[k] > seMax || math.Abs(mean[k]-exact[k]) > nsig*se[k] {
				t.Errorf("%s: <%s> = %.5f ± %.5f, exact %.5f", c.name, names[k], mean[k], se[k], exact[k])
			}
		}
	}
}

// TestIsingOnsager checks both algorithms at L = 32 against exact results:
// at T = 2 the spontaneous magnetisation (1 − sinh(2/T)^−4)^(1/8) = 0.9113
// (Onsager 1949; Yang 1952), whose finite-size correction at L = 32 is
// exponentially small (ξ ≈ 1-2 sites); the energy at T = 2 and at T_c
// against Kaufman's exact finite-lattice value; and the energy at T_c
// against Onsager's −√2 for the infinite lattice, which the L = 32 torus
// misses by its O(1/L) finite-size term.
func TestIsingOnsager(t *testing.T) {
	const (
		magTol   = 0.004 // ≈ 10 standard errors of the runs below
		nsig     = 5
		tcInfTol = 0.03 // |e_32(T_c) + √2| ≈ 0.017 by Kaufman's formula
	)
	m0 := math.Pow(1-math.Pow(math.Sinh(2/2.0), -4), 0.125)
	e2 := isingEnergyKaufman(32, 2)
	sweeps := 20_000
	if testing.Short() {
		sweeps = 5000
	}
	for _, wolff := range []bool{false, true} {
		sys, _ := NewIsing(32, 1, 2, 0, wolff, false, 5)
		mean, se := mcMeans(sys, 500, sweeps)
		t.Logf("wolff=%v T=2, L=32: <|m|> = %.5f ± %.5f (Onsager %.5f); <e> = %.5f ± %.5f (Kaufman %.5f)",
			wolff, mean[1], se[1], m0, mean[2], se[2], e2)
		if math.Abs(mean[1]-m0) > magTol {
			t.Errorf("wolff=%v: <|m|> at T=2 is %.5f, Onsager-Yang %.5f ± %v", wolff, mean[1], m0, magTol)
		}
		if math.Abs(mean[2]-e2) > nsig*se[2] {
			t.Errorf("wolff=%v: <e> at T=2 is %.5f ± %.5f, exact %.5f", wolff, mean[2], se[2], e2)
		}
	}
	ec := isingEnergyKaufman(32, IsingTc)
	sys, _ := NewIsing(32, 1, IsingTc, 0, true, false, 6)
	mean, se := mcMeans(sys, 500, sweeps)
	t.Logf("Wolff T_c, L=32: <e> = %.5f ± %.5f; Kaufman (L=32) %.5f; Onsager (L=∞) %.5f", mean[2], se[2], ec, -math.Sqrt2)
	if math.Abs(mean[2]-ec) > nsig*se[2] {
		t.Errorf("<e> at T_c is %.5f ± %.5f, exact L=32 value %.5f", mean[2], se[2], ec)
	}
	if math.Abs(mean[2]+math.Sqrt2) > tcInfTol {
		t.Errorf("<e> at T_c is %.5f, Onsager's −√2 ± %v", mean[2], tcInfTol)
	}
}

// TestIsingAlgorithmsAgree: Metropolis and Wolff sample the same
// distribution near T_c on a 16×16 torus.
func TestIsingAlgorithmsAgree(t *testing.T) {
	const nsig = 5
	a, _ := NewIsing(16, 1, 2.4, 0, false, false, 8)
	b, _ := NewIsing(16, 1, 2.4, 0, true, false, 9)
	ma, sa := mcMeans(a, 1000, 40_000)
	mb, sb := mcMeans(b, 1000, 40_000)
	for k, name := range []string{"m", "|m|", "e"} {
		if k == 0 {
			continue
		}
		d := math.Abs(ma[k] - mb[k])
		s := math.Hypot(sa[k], sb[k])
		t.Logf("<%s>: Metropolis %.5f ± %.5f, Wolff %.5f ± %.5f", name, ma[k], sa[k], mb[k], sb[k])
		if d > nsig*s {
			t.Errorf("<%s> differs: Metropolis %.5f ± %.5f, Wolff %.5f ± %.5f", name, ma[k], sa[k], mb[k], sb[k])
		}
	}
}

func TestIsingRejectsWolffField(t *testing.T) {
	if _, err := NewIsing(8, 1, 2, 0.1, true, false, 1); err == nil {
		t.Errorf("Wolff with h ≠ 0 accepted")
	}
	if _, err := NewIsing(8, -1, 2, 0, true, false, 1); err == nil {
		t.Errorf("Wolff with J < 0 accepted")
	}
}

func benchmarkIsing(b *testing.B, wolff bool, temp float64) {
	m, _ := NewIsing(64, 1, temp, 0, wolff, false, 1)
	for i := 0; i < 100; i++ {
		_ = m.Step()
	}
	_, f0 := m.Flips()
	a0, _ := m.Flips()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = m.Step()
	}
	a1, f1 := m.Flips()
	if wolff {
		b.ReportMetric(float64(f1-f0)/b.Elapsed().Seconds(), "flips/s")
	} else {
		b.ReportMetric(float64(a1-a0)/b.Elapsed().Seconds(), "flips/s")
	}
}

// BenchmarkIsingMetropolis reports attempted single-spin flips per second.
func BenchmarkIsingMetropolis(b *testing.B) { benchmarkIsing(b, false, IsingTc) }

// BenchmarkIsingWolff reports spins flipped per second by cluster moves.
func BenchmarkIsingWolff(b *testing.B) { benchmarkIsing(b, true, IsingTc) }
