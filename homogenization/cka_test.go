package homogenization

import (
	"errors"
	"math"
	"math/rand/v2"
	"sort"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// exactTol is the tolerance of identities that hold exactly in real
// arithmetic (CKA = 1 under similarity transforms, formula equivalences).
const exactTol = 1e-10

// TestLinearCKAInvariance: CKA(X, αXQ + 1bᵀ) = 1 for orthogonal Q,
// α ≠ 0 and any shift b (Kornblith et al. 2019, Sec. 3: CKA is invariant
// to orthogonal transformations and isotropic scaling), on both the
// feature-space path (n ≫ d) and the Gram path (n ≪ d).
func TestLinearCKAInvariance(t *testing.T) {
	for _, s := range []struct{ n, d int }{{400, 30}, {40, 150}} {
		rng := rand.New(rand.NewPCG(uint64(s.n), uint64(s.d)))
		x := randDense(rng, s.n, s.d)
		q := randOrthogonal(rng, s.d)
		y := mul(x, q)
		y.Scale(-3.7, y)
		for i := 0; i < s.n; i++ {
			for j := 0; j < s.d; j++ {
				y.Set(i, j, y.At(i, j)+float64(j)*0.5-2)
			}
		}
		for _, debiased := range []bool{false, true} {
			for _, kern := range []Kernel{Linear, RBF} {
				v, err := CKA(x, y, &CKAOptions{Kernel: kern, Debiased: debiased})
				if err != nil {
					t.Fatal(err)
				}
				if !close(v, 1, exactTol) {
					t.Errorf("n=%d d=%d %v debiased=%v: CKA(X, αXQ+b) = %.15f, want 1 within %g", s.n, s.d, kern, debiased, v, exactTol)
				}
			}
		}
	}
}

// TestCKANonIsotropicScaling: CKA is not invariant to non-isotropic
// scaling. Designed example: X = [a, b] with a, b centred, orthogonal and
// of equal norm, Y = [a, s·b]. Then XᵀX = c·I, YᵀY = c·diag(1, s²),
// XᵀY = c·diag(1, s), so analytically
//
//	CKA = (1 + s²) / (√2 · √(1 + s⁴)),
//
// 0.71414 for s = 10 (and → 1/√2 as s → ∞).
func TestCKANonIsotropicScaling(t *testing.T) {
	const s = 10.0
	const margin = 0.25 // CKA must stay below 1 − margin
	n := 8
	x := mat.NewDense(n, 2, nil)
	y := mat.NewDense(n, 2, nil)
	for i := 0; i < n; i++ {
		a := float64(1 - 2*(i%2))   // +1 −1 +1 −1 …
		b := float64(1 - 2*(i/2%2)) // +1 +1 −1 −1 …
		x.Set(i, 0, a)
		x.Set(i, 1, b)
		y.Set(i, 0, a)
		y.Set(i, 1, s*b)
	}
	want := (1 + s*s) / (math.Sqrt2 * math.Sqrt(1+s*s*s*s))
	got, err := LinearCKA(x, y)
	if err != nil {
		t.Fatal(err)
	}
	if !close(got, want, 1e-12) {
		t.Errorf("CKA = %.15f, analytic %.15f", got, want)
	}
	if got > 1-margin {
		t.Errorf("CKA under non-isotropic scaling = %v, want < %v", got, 1-margin)
	}
	// RBF CKA is not invariant either.
	rng := rand.New(rand.NewPCG(3, 3))
	xr := randDense(rng, 200, 5)
	yr := mat.DenseCopyOf(xr)
	for i := 0; i < 200; i++ {
		yr.Set(i, 0, 20*yr.At(i, 0))
	}
	v, err := CKA(xr, yr, &CKAOptions{Kernel: RBF})
	if err != nil {
		t.Fatal(err)
	}
	if v > 1-margin {
		t.Errorf("RBF CKA under non-isotropic scaling = %v, want < %v", v, 1-margin)
	}
}

// naiveHSIC computes the biased tr(KHLH) and the unbiased HSIC of Song
// et al. (2012, eq. 5) straight from their definitions with dense
// matrices: an implementation independent of the package's.
func naiveHSIC(k, l *mat.Dense) (biased, unbiased float64) {
	n, _ := k.Dims()
	h := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			v := -1 / float64(n)
			if i == j {
				v++
			}
			h.Set(i, j, v)
		}
	}
	biased = mat.Trace(mul(mul(mul(k, h), l), h))
	kt, lt := mat.DenseCopyOf(k), mat.DenseCopyOf(l)
	for i := 0; i < n; i++ {
		kt.Set(i, i, 0)
		lt.Set(i, i, 0)
	}
	nf := float64(n)
	ones := mat.NewVecDense(n, nil)
	for i := 0; i < n; i++ {
		ones.SetVec(i, 1)
	}
	sumK, sumL := mat.Sum(kt), mat.Sum(lt)
	klSum := mat.Sum(mul(kt, lt))
	unbiased = (mat.Trace(mul(kt, lt)) + sumK*sumL/((nf-1)*(nf-2)) - 2*klSum/(nf-2)) / (nf * (nf - 3))
	return biased, unbiased
}

// TestLinearCKAMatchesGramFormula: the feature-space formulas (biased and
// debiased) equal the definitions on explicit Gram matrices K = XXᵀ,
// L = YYᵀ, and GramCKA agrees too.
func TestLinearCKAMatchesGramFormula(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	n := 23
	x := randDense(rng, n, 5)
	y := randDense(rng, n, 7)
	// Make them related so CKA is far from 0.
	addCols(y, x, 5)
	k := mul(x, x.T())
	l := mul(y, y.T())
	bKL, uKL := naiveHSIC(k, l)
	bKK, uKK := naiveHSIC(k, k)
	bLL, uLL := naiveHSIC(l, l)
	wantB := bKL / math.Sqrt(bKK*bLL)
	wantU := uKL / math.Sqrt(uKK*uLL)
	gotB, err := LinearCKA(x, y)
	if err != nil {
		t.Fatal(err)
	}
	gotU, err := DebiasedCKA(x, y)
	if err != nil {
		t.Fatal(err)
	}
	if !close(gotB, wantB, exactTol) {
		t.Errorf("linear CKA %.15f, Gram formula %.15f", gotB, wantB)
	}
	if !close(gotU, wantU, exactTol) {
		t.Errorf("debiased CKA %.15f, Song et al. formula %.15f", gotU, wantU)
	}
	ks := mat.NewSymDense(n, nil)
	ls := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			ks.SetSym(i, j, k.At(i, j))
			ls.SetSym(i, j, l.At(i, j))
		}
	}
	for _, deb := range []bool{false, true} {
		g, err := GramCKA(ks, ls, deb)
		if err != nil {
			t.Fatal(err)
		}
		want := map[bool]float64{false: wantB, true: wantU}[deb]
		if !close(g, want, exactTol) {
			t.Errorf("GramCKA(debiased=%v) = %.15f, want %.15f", deb, g, want)
		}
	}
}

// TestRBFCKAMatchesDefinition: RBF CKA equals CKA of an explicitly built
// kernel exp(−‖x_i−x_j‖²/(2σ²)), σ² = frac²·median of the n² squared
// distances (Kornblith et al.'s convention), found by sorting.
func TestRBFCKAMatchesDefinition(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	n := 41
	x := randDense(rng, n, 4)
	y := randDense(rng, n, 6)
	addCols(y, x, 4)
	const frac = 0.7
	kernel := func(a *mat.Dense) *mat.SymDense {
		d := make([]float64, 0, n*n)
		dist := mat.NewDense(n, n, nil)
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				var s float64
				for c := 0; c < a.RawMatrix().Cols; c++ {
					v := a.At(i, c) - a.At(j, c)
					s += v * v
				}
				dist.Set(i, j, s)
				d = append(d, s)
			}
		}
		sort.Float64s(d)
		med := d[len(d)/2] // n² odd
		k := mat.NewSymDense(n, nil)
		for i := 0; i < n; i++ {
			for j := i; j < n; j++ {
				k.SetSym(i, j, math.Exp(-dist.At(i, j)/(2*frac*frac*med)))
			}
		}
		return k
	}
	kx, ky := kernel(x), kernel(y)
	for _, deb := range []bool{false, true} {
		want, err := GramCKA(kx, ky, deb)
		if err != nil {
			t.Fatal(err)
		}
		got, err := CKA(x, y, &CKAOptions{Kernel: RBF, Sigma: frac, Debiased: deb})
		if err != nil {
			t.Fatal(err)
		}
		if !close(got, want, exactTol) {
			t.Errorf("debiased=%v: RBF CKA %.15f, explicit kernel %.15f", deb, got, want)
		}
	}
}

// TestRBFLargeBandwidthLimit: as σ → ∞, exp(−D/2σ²) ≈ 1 − D/2σ² and
// double centring maps −D/2 to the centred linear Gram matrix, so RBF
// CKA → linear CKA (analytic limit; error O(1/σ²)).
func TestRBFLargeBandwidthLimit(t *testing.T) {
	const tol = 1e-3 // at σ = 100 median distances the O(σ⁻²) term is ~1e-4
	rng := rand.New(rand.NewPCG(5, 6))
	x := randDense(rng, 150, 6)
	y := randDense(rng, 150, 3)
	addCols(y, x, 3)
	lin, err := LinearCKA(x, y)
	if err != nil {
		t.Fatal(err)
	}
	rbf, err := CKA(x, y, &CKAOptions{Kernel: RBF, Sigma: 100})
	if err != nil {
		t.Fatal(err)
	}
	if !close(lin, rbf, tol) {
		t.Errorf("RBF CKA at σ=100·median = %v, linear CKA = %v (tolerance %g)", rbf, lin, tol)
	}
}

// TestCKAIndependentBias: for independent Gaussian representations with
// many more features than instances, the biased estimator is far from 0
// (K ≈ dI, so centred K and L are both ≈ dH and CKA → 1 as d/n → ∞),
// while the debiased estimator, built on the unbiased HSIC whose
// expectation is exactly 0 under independence (Song et al. 2012), stays
// near 0 with small spread.
func TestCKAIndependentBias(t *testing.T) {
	const (
		n, d, trials  = 30, 300, 100
		minBiasedMean = 0.5 // observed ≈ 0.91
		// The debiased values scatter with sd ≈ √2/n ≈ 0.05 (observed
		// 0.050 over 900 trials); their mean must be within 4 standard
		// errors of 0.
		maxDebiasedSD = 0.08
	)
	rng := rand.New(rand.NewPCG(7, 8))
	var b, u []float64
	for i := 0; i < trials; i++ {
		x := randDense(rng, n, d)
		y := randDense(rng, n, d)
		vb, err := LinearCKA(x, y)
		if err != nil {
			t.Fatal(err)
		}
		vu, err := DebiasedCKA(x, y)
		if err != nil {
			t.Fatal(err)
		}
		b = append(b, vb)
		u = append(u, vu)
	}
	mb, _ := meanSD(b)
	mu, su := meanSD(u)
	t.Logf("independent n=%d d=%d: biased CKA mean %.4f; debiased mean %.4f sd %.4f", n, d, mb, mu, su)
	if mb < minBiasedMean {
		t.Errorf("biased CKA mean %v, expected the known large positive bias (> %v)", mb, minBiasedMean)
	}
	if se := su / math.Sqrt(trials); math.Abs(mu) > 4*se || su > maxDebiasedSD {
		t.Errorf("debiased CKA mean %v sd %v, want |mean| ≤ 4 SE = %v, sd ≤ %v", mu, su, 4*se, maxDebiasedSD)
	}
	// With n ≫ d the biased estimator of independent data is near 0 too.
	x := randDense(rng, 4000, 10)
	y := randDense(rng, 4000, 10)
	v, _ := LinearCKA(x, y)
	if v > 0.01 {
		t.Errorf("biased CKA of independent 4000×10 data = %v, want < 0.01", v)
	}
}

// TestCKATest: for related data the p-value is the minimum 1/(B+1); the
// permutation null mean of biased linear CKA matches its exact
// expectation over permutations, E_π⟨K̃, PL̃Pᵀ⟩ = tr K̃ · tr L̃/(n−1) for
// centred K̃, L̃ (sum over i≠j pairs of uniformly random distinct
// positions); and the feature-space and Gram paths, drawing the same
// permutations, give identical results.
func TestCKATest(t *testing.T) {
	const perms = 400
	rng := rand.New(rand.NewPCG(9, 10))
	n := 120
	x := randDense(rng, n, 6)
	y := randDense(rng, n, 4)
	res, err := CKATest(x, y, nil, perms, 1)
	if err != nil {
		t.Fatal(err)
	}
	// Exact null mean.
	xc, yc := centred(rawMat{n: n, d: 6, data: x.RawMatrix().Data, stride: 6}), centred(rawMat{n: n, d: 4, data: y.RawMatrix().Data, stride: 4})
	var trK, trL float64
	for i := 0; i < n; i++ {
		trK += dot(xc[i*6:(i+1)*6], xc[i*6:(i+1)*6])
		trL += dot(yc[i*4:(i+1)*4], yc[i*4:(i+1)*4])
	}
	st := linearStats(rawMat{n: n, d: 6, data: xc, stride: 6}, rawMat{n: n, d: 4, data: yc, stride: 4})
	want := trK * trL / float64(n-1) / math.Sqrt(st.kk*st.ll)
	se := res.NullSD / math.Sqrt(perms)
	t.Logf("null mean %.5f ± %.5f, exact %.5f; observed %.4f p=%.3f", res.NullMean, se, want, res.Value, res.P)
	if math.Abs(res.NullMean-want) > 4*se {
		t.Errorf("permutation null mean %v, exact expectation %v (4 SE = %v)", res.NullMean, want, 4*se)
	}
	// Feature-space path (MaxRows below n) with the same permutations.
	res2, err := CKATest(x, y, &CKAOptions{MaxRows: 50}, perms, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !close(res.Value, res2.Value, exactTol) || !close(res.NullMean, res2.NullMean, exactTol) || res.P != res2.P {
		t.Errorf("Gram path %+v and feature path %+v differ", res, res2)
	}
	// Debiased paths agree too.
	d1, _ := CKATest(x, y, &CKAOptions{Debiased: true}, 50, 2)
	d2, _ := CKATest(x, y, &CKAOptions{Debiased: true, MaxRows: 50}, 50, 2)
	if !close(d1.NullMean, d2.NullMean, exactTol) || d1.P != d2.P {
		t.Errorf("debiased Gram path %+v and feature path %+v differ", d1, d2)
	}
	// Related data: the minimum p-value.
	z := mat.DenseCopyOf(x)
	for i := 0; i < n; i++ {
		z.Set(i, 0, z.At(i, 0)+0.3*rng.NormFloat64())
	}
	for _, o := range []*CKAOptions{nil, {Kernel: RBF}, {Debiased: true}} {
		r, err := CKATest(x, z, o, 99, 3)
		if err != nil {
			t.Fatal(err)
		}
		if r.P != 0.01 {
			t.Errorf("%+v: related data p = %v, want 1/100", o, r.P)
		}
	}
}

// TestRBFSubsample: above MaxRows the kernel is built on a seeded
// subsample: reproducible for a seed, equal to CKA on those rows.
func TestRBFSubsample(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	x := randDense(rng, 300, 3)
	y := randDense(rng, 300, 3)
	y.Add(y, x)
	o := &CKAOptions{Kernel: RBF, MaxRows: 100, Seed: 42}
	a, _ := CKA(x, y, o)
	b, _ := CKA(x, y, o)
	if a != b {
		t.Errorf("same seed gives %v and %v", a, b)
	}
	idx := subsampleRows(300, 100, 42)
	xs, ys := mat.NewDense(100, 3, nil), mat.NewDense(100, 3, nil)
	for k, i := range idx {
		xs.SetRow(k, x.RawRowView(i))
		ys.SetRow(k, y.RawRowView(i))
	}
	c, _ := CKA(xs, ys, &CKAOptions{Kernel: RBF, MaxRows: -1})
	if a != c {
		t.Errorf("subsampled CKA %v, CKA on the subsample %v", a, c)
	}
	o.Seed = 43
	if d, _ := CKA(x, y, o); d == a {
		t.Errorf("different seeds give the same subsample value %v", d)
	}
}

func TestCKAErrors(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	x := randDense(rng, 10, 3)
	if _, err := LinearCKA(x, randDense(rng, 9, 3)); !errors.Is(err, ErrShape) {
		t.Errorf("row mismatch: %v", err)
	}
	if _, err := DebiasedCKA(randDense(rng, 3, 2), randDense(rng, 3, 2)); !errors.Is(err, ErrTooFew) {
		t.Errorf("3 rows debiased: %v", err)
	}
	c := mat.NewDense(10, 3, nil)
	if _, err := LinearCKA(x, c); !errors.Is(err, ErrDegenerate) {
		t.Errorf("constant representation: %v", err)
	}
	bad := mat.DenseCopyOf(x)
	bad.Set(4, 1, math.NaN())
	if _, err := LinearCKA(x, bad); !errors.Is(err, ErrNotFinite) {
		t.Errorf("NaN: %v", err)
	}
	if _, err := CKA(x, c, &CKAOptions{Kernel: RBF}); !errors.Is(err, ErrDegenerate) {
		t.Errorf("RBF constant: %v", err)
	}
}

func TestSelectKth(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	for trial := 0; trial < 50; trial++ {
		n := 1 + rng.IntN(200)
		v := make([]float64, n)
		for i := range v {
			v[i] = float64(rng.IntN(20)) // many ties
		}
		s := append([]float64(nil), v...)
		sort.Float64s(s)
		k := rng.IntN(n)
		if got := selectKth(append([]float64(nil), v...), k); got != s[k] {
			t.Fatalf("selectKth(k=%d) = %v, want %v", k, got, s[k])
		}
	}
}
