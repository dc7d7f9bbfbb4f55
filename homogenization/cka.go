package homogenization

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"

	"gonum.org/v1/gonum/mat"

	"github.com/emergo/emergo/homogenization/internal/gemm64"
)

// Kernel selects the kernel of CKA.
type Kernel int

const (
	// Linear is the inner-product kernel k(x, x') = x·x'.
	Linear Kernel = iota
	// RBF is the Gaussian kernel k(x, x') = exp(−‖x−x'‖²/(2σ²)) with σ
	// a fraction of the median pairwise distance (Kornblith et al. 2019).
	RBF
)

func (k Kernel) String() string {
	switch k {
	case Linear:
		return "linear"
	case RBF:
		return "rbf"
	}
	return fmt.Sprintf("Kernel(%d)", int(k))
}

// DefaultMaxRows is the number of rows above which the n×n kernel
// matrices of RBF CKA (and of Gram-based permutation tests) are built on
// a seeded random subsample of rows: three n×n float64 matrices at 3000
// rows take 216 MB.
const DefaultMaxRows = 3000

// DefaultSigma is the default RBF bandwidth as a fraction of the median
// pairwise distance (Kornblith et al. 2019 use 1; they also report 0.2
// and 0.4).
const DefaultSigma = 1.0

// CKAOptions configures CKA. A nil *CKAOptions (or zero fields) means
// the linear kernel, the biased (original) estimator, σ = DefaultSigma,
// MaxRows = DefaultMaxRows and seed 0.
type CKAOptions struct {
	Kernel Kernel
	// Debiased uses the unbiased HSIC estimator (Song et al. 2012) in
	// place of the biased one, which removes the positive bias of CKA
	// between unrelated representations at small n (needs n ≥ 4).
	Debiased bool
	// Sigma is the RBF bandwidth as a fraction of the median pairwise
	// Euclidean distance; 0 means DefaultSigma.
	Sigma float64
	// MaxRows caps the rows used for n×n kernel matrices; above it a
	// seeded random subsample of rows (the same rows of x and y) is
	// used. 0 means DefaultMaxRows; a negative value never subsamples.
	MaxRows int
	// Seed seeds the row subsample.
	Seed uint64
}

func (o *CKAOptions) orDefault() CKAOptions {
	var c CKAOptions
	if o != nil {
		c = *o
	}
	if c.Sigma == 0 {
		c.Sigma = DefaultSigma
	}
	if c.MaxRows == 0 {
		c.MaxRows = DefaultMaxRows
	}
	if c.Sigma < 0 || math.IsNaN(c.Sigma) || math.IsInf(c.Sigma, 0) {
		panic(fmt.Sprintf("homogenization: CKA bandwidth fraction %v must be positive", c.Sigma))
	}
	if c.Kernel != Linear && c.Kernel != RBF {
		panic(fmt.Sprintf("homogenization: unknown kernel %v", c.Kernel))
	}
	return c
}

// LinearCKA is the linear CKA of Kornblith et al. (2019),
//
//	CKA(X, Y) = ‖YᵀX‖²_F / (‖XᵀX‖_F ‖YᵀY‖_F)
//
// on column-centred X (n×d₁) and Y (n×d₂), rows paired as instances. It
// is computed from the feature-space products XᵀX, YᵀY and XᵀY in
// O(n(d₁+d₂)²) time without forming n×n matrices (or from the n×n Gram
// matrices XXᵀ, YYᵀ when that is cheaper, n(d₁+d₂) < d₁²+d₂²+d₁d₂, and
// n ≤ 6000). It is 1 for Y = αXQ + 1bᵀ (Q orthogonal, α ≠ 0) and lies
// in [0, 1].
func LinearCKA(x, y *mat.Dense) (float64, error) { return CKA(x, y, nil) }

// DebiasedCKA is linear CKA with the unbiased HSIC estimator (see CKA).
func DebiasedCKA(x, y *mat.Dense) (float64, error) {
	return CKA(x, y, &CKAOptions{Debiased: true})
}

// CKA returns the centred kernel alignment between representations x and
// y (rows = instances, columns = features; the row counts must match):
//
//	CKA = HSIC(K, L) / √(HSIC(K, K) HSIC(L, L))
//
// with K and L the kernel matrices of the rows of x and y. The biased
// estimator is HSIC = tr(KHLH)/(n−1)² with H = I − 11ᵀ/n (Gretton et al.
// 2005); the debiased one (opt.Debiased) is the unbiased estimator of
// Song et al. (2012),
//
//	HSIC₁ = [tr(K̃L̃) + 1ᵀK̃1·1ᵀL̃1/((n−1)(n−2)) − 2·1ᵀK̃L̃1/(n−2)] / (n(n−3)),
//
// K̃, L̃ being K, L with zeroed diagonals; it equals ⟨U(K), U(L)⟩/(n(n−3))
// with U the U-centring of Székely & Rizzo (2014). For the linear kernel
// both are evaluated from feature-space products (no n×n matrices); for
// RBF the n×n matrices are formed on at most MaxRows rows.
//
// Errors: ErrShape when the row counts differ; ErrTooFew below 2 rows (4
// for the debiased estimator); ErrNotFinite; ErrDegenerate when either
// representation is constant (HSIC(K, K) ≤ 0), which the debiased
// estimator can also report for tiny n.
func CKA(x, y *mat.Dense, opt *CKAOptions) (float64, error) {
	o := opt.orDefault()
	minRows := 2
	if o.Debiased {
		minRows = 4
	}
	rx, ry, err := pairChecked(x, y, minRows)
	if err != nil {
		return 0, err
	}
	if o.Kernel == Linear {
		st := linearStats(rx, ry)
		return st.cka(o.Debiased)
	}
	k, l, err := rbfPair(rx, ry, o)
	if err != nil {
		return 0, err
	}
	n := int(math.Sqrt(float64(len(k))))
	return gramCKA(k, l, n, o.Debiased)
}

// GramCKA returns CKA from precomputed n×n kernel matrices k and l (only
// their values are read; they are not modified).
func GramCKA(k, l mat.Symmetric, debiased bool) (float64, error) {
	n := k.SymmetricDim()
	if l.SymmetricDim() != n {
		return 0, fmt.Errorf("%w: kernel matrices are %d×%d and %d×%d", ErrShape, n, n, l.SymmetricDim(), l.SymmetricDim())
	}
	if minRows := map[bool]int{false: 2, true: 4}[debiased]; n < minRows {
		return 0, fmt.Errorf("%w: %d rows, need at least %d", ErrTooFew, n, minRows)
	}
	kk := make([]float64, n*n)
	ll := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			kk[i*n+j], ll[i*n+j] = k.At(i, j), l.At(i, j)
		}
	}
	if err := checkFinite("k", n, n, kk, n); err != nil {
		return 0, err
	}
	if err := checkFinite("l", n, n, ll, n); err != nil {
		return 0, err
	}
	return gramCKA(kk, ll, n, debiased)
}

// linStats holds the sufficient statistics of linear CKA on centred
// features: ⟨K,L⟩ = ‖XᵀY‖², ‖K‖² = ‖XᵀX‖², ‖L‖² = ‖YᵀY‖², and the
// diagonals a_i = ‖x_i‖², b_i = ‖y_i‖² for the debiased estimator.
type linStats struct {
	n          int
	kl, kk, ll float64
	a, b       []float64
}

// linearStats chooses between the feature-space products (cost
// n(d₁²+d₂²+d₁d₂)) and the n×n Gram matrices (cost n²(d₁+d₂)).
func linearStats(rx, ry rawMat) linStats {
	n, dx, dy := rx.n, rx.d, ry.d
	xc, yc := centred(rx), centred(ry)
	st := linStats{n: n, a: rowSq(xc, n, dx), b: rowSq(yc, n, dy)}
	feat := float64(dx*dx + dy*dy + dx*dy)
	gram := float64(n) * float64(dx+dy+3)
	if feat <= gram || n > 2*DefaultMaxRows {
		gxy := make([]float64, dx*dy)
		gemm64.AtB(dx, dy, n, xc, dx, yc, dy, gxy, dy)
		gxx := make([]float64, dx*dx)
		gemm64.AtA(dx, n, xc, dx, gxx, dx)
		gyy := make([]float64, dy*dy)
		gemm64.AtA(dy, n, yc, dy, gyy, dy)
		st.kl, st.kk, st.ll = dot(gxy, gxy), dot(gxx, gxx), dot(gyy, gyy)
		return st
	}
	k := gramOf(xc, n, dx)
	l := gramOf(yc, n, dy)
	st.kl, st.kk, st.ll = dot(k, l), dot(k, k), dot(l, l)
	return st
}

// gramOf returns the full n×n matrix XXᵀ of a contiguous n×d matrix.
func gramOf(x []float64, n, d int) []float64 {
	g := make([]float64, n*n)
	gemm64.Mul(false, n, x, d, gemm64.PackB(true, d, n, x, d), g, n, true)
	for i := 0; i < n; i++ {
		for j := 0; j < i; j++ {
			g[i*n+j] = g[j*n+i]
		}
	}
	return g
}

func rowSq(x []float64, n, d int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = dot(x[i*d:(i+1)*d], x[i*d:(i+1)*d])
	}
	return s
}

// hsicU returns n(n−3)·HSIC₁ for centred linear features from ⟨K,L⟩ and
// the diagonals a, b: ⟨K,L⟩ − n/(n−2)·Σa_ib_i + ΣaΣb/((n−1)(n−2)), since
// centring makes K̃1 = −a.
func hsicU(kl float64, a, b []float64) float64 {
	n := float64(len(a))
	var ab, sa, sb float64
	for i := range a {
		ab += a[i] * b[i]
		sa += a[i]
		sb += b[i]
	}
	return kl - n/(n-2)*ab + sa*sb/((n-1)*(n-2))
}

func (st linStats) cka(debiased bool) (float64, error) {
	kl, kk, ll := st.kl, st.kk, st.ll
	if debiased {
		kl = hsicU(st.kl, st.a, st.b)
		kk = hsicU(st.kk, st.a, st.a)
		ll = hsicU(st.ll, st.b, st.b)
	}
	if !(kk > 0) || !(ll > 0) {
		return 0, fmt.Errorf("%w: self-similarity HSIC(x,x)=%g, HSIC(y,y)=%g (constant representation?)", ErrDegenerate, kk, ll)
	}
	return kl / math.Sqrt(kk*ll), nil
}

// dot is Σ a_i b_i with four partial sums.
func dot(a, b []float64) float64 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// centreGram centres an n×n symmetric matrix in place: HKH (double
// centring) or, when unbiased, the U-centring of Székely & Rizzo (2014):
// zero the diagonal, then K_ij − (s_i + s_j)/(n−2) + S/((n−1)(n−2)) off
// the diagonal, s the row sums and S their total, and zero the diagonal.
func centreGram(k []float64, n int, unbiased bool) {
	s := make([]float64, n)
	if unbiased {
		for i := 0; i < n; i++ {
			k[i*n+i] = 0
		}
	}
	var total float64
	for i := 0; i < n; i++ {
		var r float64
		for _, v := range k[i*n : (i+1)*n] {
			r += v
		}
		s[i] = r
		total += r
	}
	if unbiased {
		nf := float64(n)
		c := total / ((nf - 1) * (nf - 2))
		for i := 0; i < n; i++ {
			row := k[i*n : (i+1)*n]
			for j := range row {
				row[j] += c - (s[i]+s[j])/(nf-2)
			}
			row[i] = 0
		}
		return
	}
	nf := float64(n)
	g := total / (nf * nf)
	for i := 0; i < n; i++ {
		row := k[i*n : (i+1)*n]
		for j := range row {
			row[j] += g - (s[i]+s[j])/nf
		}
	}
}

// gramCKA centres k and l in place and returns their normalised inner
// product.
func gramCKA(k, l []float64, n int, debiased bool) (float64, error) {
	centreGram(k, n, debiased)
	centreGram(l, n, debiased)
	kk, ll := dot(k, k), dot(l, l)
	if !(kk > 0) || !(ll > 0) {
		return 0, fmt.Errorf("%w: self-similarity HSIC(x,x)=%g, HSIC(y,y)=%g (constant representation?)", ErrDegenerate, kk, ll)
	}
	return dot(k, l) / math.Sqrt(kk*ll), nil
}

// subsampleRows returns min(n, limit) sorted row indices: all rows when
// n ≤ limit or limit < 0, else a seeded uniform subsample.
func subsampleRows(n, limit int, seed uint64) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	if limit < 0 || n <= limit {
		return idx
	}
	rng := rand.New(rand.NewPCG(seed, streamSubsample))
	for i := 0; i < limit; i++ {
		j := i + rng.IntN(n-i)
		idx[i], idx[j] = idx[j], idx[i]
	}
	idx = idx[:limit]
	slices.Sort(idx)
	return idx
}

// Random stream constants (the second PCG word) of this package.
const (
	streamSubsample   = 0x686f6d6f01
	streamPermutation = 0x686f6d6f02
	streamSystemic    = 0x686f6d6f03
)

// gather returns a contiguous copy of the rows idx of m.
func gather(m rawMat, idx []int) rawMat {
	out := make([]float64, len(idx)*m.d)
	for k, i := range idx {
		copy(out[k*m.d:(k+1)*m.d], m.row(i))
	}
	return rawMat{n: len(idx), d: m.d, data: out, stride: m.d}
}

// rbfPair returns the RBF kernel matrices of x and y on the same
// (possibly subsampled) rows.
func rbfPair(rx, ry rawMat, o CKAOptions) (k, l []float64, err error) {
	idx := subsampleRows(rx.n, o.MaxRows, o.Seed)
	if len(idx) < rx.n {
		rx, ry = gather(rx, idx), gather(ry, idx)
	}
	if k, _, err = rbfGram(rx, o.Sigma); err != nil {
		return nil, nil, fmt.Errorf("x: %w", err)
	}
	if l, _, err = rbfGram(ry, o.Sigma); err != nil {
		return nil, nil, fmt.Errorf("y: %w", err)
	}
	return k, l, nil
}

// rbfGram returns the n×n RBF kernel matrix exp(−D_ij/(2σ²)) of the rows
// of m with σ² = frac²·median(D), D the squared Euclidean distances and
// the median taken over all n² entries of D (diagonal zeros included),
// as in Kornblith et al.'s reference implementation. It also returns σ.
func rbfGram(m rawMat, frac float64) ([]float64, float64, error) {
	n := m.n
	xc := centred(m)
	g := gramOf(xc, n, m.d)
	sq := make([]float64, n)
	for i := range sq {
		sq[i] = g[i*n+i]
	}
	upper := make([]float64, 0, n*(n-1)/2)
	for i := 0; i < n; i++ {
		g[i*n+i] = 0
		for j := i + 1; j < n; j++ {
			d := max(sq[i]+sq[j]-2*g[i*n+j], 0)
			g[i*n+j], g[j*n+i] = d, d
			upper = append(upper, d)
		}
	}
	med := medianWithZeros(upper, n)
	if !(med > 0) {
		return nil, 0, fmt.Errorf("%w: median squared distance is %g (most rows coincide)", ErrDegenerate, med)
	}
	s2 := frac * frac * med
	inv := -1 / (2 * s2)
	for i, d := range g {
		g[i] = math.Exp(d * inv)
	}
	return g, math.Sqrt(s2), nil
}

// medianWithZeros returns the median of the n² entries of a symmetric
// matrix with zero diagonal whose upper-triangle values are u (reordered
// in place): the sorted entries are n zeros followed by each u twice.
func medianWithZeros(u []float64, n int) float64 {
	total := n * n
	at := func(p int) float64 {
		if p < n {
			return 0
		}
		return selectKth(u, (p-n)/2)
	}
	if total%2 == 1 {
		return at(total / 2)
	}
	return 0.5 * (at(total/2-1) + at(total/2))
}

// selectKth returns the k-th smallest value (0-based) of v, reordering v
// (Hoare's quickselect with median-of-three pivots).
func selectKth(v []float64, k int) float64 {
	lo, hi := 0, len(v)-1
	for lo < hi {
		mid := lo + (hi-lo)/2
		if v[mid] < v[lo] {
			v[mid], v[lo] = v[lo], v[mid]
		}
		if v[hi] < v[lo] {
			v[hi], v[lo] = v[lo], v[hi]
		}
		if v[hi] < v[mid] {
			v[hi], v[mid] = v[mid], v[hi]
		}
		p := v[mid]
		i, j := lo, hi
		for i <= j {
			for v[i] < p {
				i++
			}
			for v[j] > p {
				j--
			}
			if i <= j {
				v[i], v[j] = v[j], v[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return v[k]
		}
	}
	return v[k]
}

// PermutationTest is the result of a permutation test of a similarity.
type PermutationTest struct {
	// Value is the observed statistic.
	Value float64
	// P is the one-sided p-value (1 + #{null ≥ Value})/(1 + Permutations).
	P float64
	// Permutations is the number of random permutations drawn.
	Permutations int
	// NullMean and NullSD summarise the permutation distribution.
	NullMean, NullSD float64
	// Rows is the number of rows used (after any subsampling).
	Rows int
}

// CKATest returns CKA (configured by opt, as in CKA) with a permutation
// p-value for the null hypothesis that x and y are unrelated: the rows
// of y are permuted uniformly at random perms times (permutation b drawn
// from PCG(seed-derived, b) so the result does not depend on scheduling)
// and CKA recomputed. Kernel matrices are built once when the rows (after
// subsampling to MaxRows) allow, since centring commutes with permuting
// rows, making each permutation O(n²); for the linear kernel on more rows
// the feature-space product XᵀPY is recomputed per permutation, O(nd₁d₂).
// It panics when perms < 1.
func CKATest(x, y *mat.Dense, opt *CKAOptions, perms int, seed uint64) (PermutationTest, error) {
	if perms < 1 {
		panic(fmt.Sprintf("homogenization: CKATest needs at least 1 permutation, have %d", perms))
	}
	o := opt.orDefault()
	minRows := 2
	if o.Debiased {
		minRows = 4
	}
	rx, ry, err := pairChecked(x, y, minRows)
	if err != nil {
		return PermutationTest{}, err
	}
	seeds := make([]uint64, perms)
	master := rand.New(rand.NewPCG(seed, streamPermutation))
	for i := range seeds {
		seeds[i] = master.Uint64()
	}
	var value float64
	var stat func(perm []int, scratch *[]float64) float64
	rows := rx.n
	if o.Kernel == Linear && (o.MaxRows < 0 || rx.n > o.MaxRows) {
		// Feature-space path on all rows.
		st := linearStats(rx, ry)
		if value, err = st.cka(o.Debiased); err != nil {
			return PermutationTest{}, err
		}
		xc, yc := centred(rx), centred(ry)
		n, dx, dy := rx.n, rx.d, ry.d
		pbx := gemm64.PackB(false, n, dx, xc, dx) // reused: C = (PY)ᵀX
		norm := st
		stat = func(perm []int, scratch *[]float64) float64 {
			need := n*dy + dx*dy + n
			if len(*scratch) < need {
				*scratch = make([]float64, need)
			}
			py, c, bp := (*scratch)[:n*dy], (*scratch)[n*dy:n*dy+dx*dy], (*scratch)[n*dy+dx*dy:need]
			for i, pi := range perm {
				copy(py[i*dy:(i+1)*dy], yc[pi*dy:(pi+1)*dy])
				bp[i] = norm.b[pi]
			}
			gemm64.MulSerial(true, dy, py, dy, pbx, c, dx, false)
			s := linStats{n: n, kl: dot(c, c), kk: norm.kk, ll: norm.ll, a: norm.a, b: bp}
			v, _ := s.cka(o.Debiased)
			return v
		}
	} else {
		var k, l []float64
		if o.Kernel == Linear {
			xc, yc := centred(rx), centred(ry)
			k, l = gramOf(xc, rx.n, rx.d), gramOf(yc, ry.n, ry.d)
		} else {
			if k, l, err = rbfPair(rx, ry, o); err != nil {
				return PermutationTest{}, err
			}
		}
		n := int(math.Sqrt(float64(len(k))))
		rows = n
		centreGram(k, n, o.Debiased)
		centreGram(l, n, o.Debiased)
		kk, ll := dot(k, k), dot(l, l)
		if !(kk > 0) || !(ll > 0) {
			return PermutationTest{}, fmt.Errorf("%w: self-similarity HSIC(x,x)=%g, HSIC(y,y)=%g (constant representation?)", ErrDegenerate, kk, ll)
		}
		norm := 1 / math.Sqrt(kk*ll)
		value = dot(k, l) * norm
		stat = func(perm []int, _ *[]float64) float64 {
			var s float64
			for i := 0; i < n; i++ {
				kr := k[i*n : (i+1)*n]
				lr := l[perm[i]*n : (perm[i]+1)*n]
				var r float64
				for j, pj := range perm {
					r += kr[j] * lr[pj]
				}
				s += r
			}
			return s * norm
		}
	}
	null := make([]float64, perms)
	parallelFor(perms, func(b int, scratch *[]float64, perm *[]int) {
		if len(*perm) != rows {
			*perm = make([]int, rows)
		}
		p := *perm
		for i := range p {
			p[i] = i
		}
		rng := rand.New(rand.NewPCG(seeds[b], uint64(b)))
		rng.Shuffle(rows, func(i, j int) { p[i], p[j] = p[j], p[i] })
		null[b] = stat(p, scratch)
	})
	var ge int
	var mean, m2 float64
	for i, v := range null {
		if v >= value {
			ge++
		}
		d := v - mean
		mean += d / float64(i+1)
		m2 += d * (v - mean)
	}
	sd := 0.0
	if perms > 1 {
		sd = math.Sqrt(m2 / float64(perms-1))
	}
	return PermutationTest{
		Value:        value,
		P:            float64(1+ge) / float64(1+perms),
		Permutations: perms,
		NullMean:     mean,
		NullSD:       sd,
		Rows:         rows,
	}, nil
}

// parallelFor runs f(i) for i in [0, n) on GOMAXPROCS goroutines, each
// with its own scratch slices.
func parallelFor(n int, f func(i int, scratch *[]float64, perm *[]int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	var mu sync.Mutex
	next := 0
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var scratch []float64
			var perm []int
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= n {
					return
				}
				f(i, &scratch, &perm)
			}
		}()
	}
	wg.Wait()
}
