package reservoir

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// Random streams of a reservoir (the seed is Config.Seed).
const (
	streamW       = 0x6372697457303030 // recurrent matrix W0
	streamIn      = 0x637269745731696e // input matrix W_in
	streamTangent = 0x6372697474616e67 // initial perturbation vector
)

// MaxSize bounds the reservoir size: the recurrent matrix is normalised
// to unit spectral radius by a dense eigendecomposition, O(Size³).
const MaxSize = 2000

// core holds the parameters of the reservoir map
//
//	r' = (1 − α) r + α tanh(a ∘ x + b),   x = g W0 r + W_in [1; u],
//
// with W0 sparse (CSR) of unit spectral radius. The CSR arrays and W_in
// never change after construction and are shared between copies; a, b
// and g are owned by each copy.
type core struct {
	n, d   int
	leak   float64
	g      float64
	rowPtr []int
	col    []int
	val    []float64 // W0, spectral radius 1
	diag   []float64 // W0_ii
	rowSq  []float64 // Σ_j W0_ij²
	win    []float64 // n×(1+d), column 0 the bias
	a, b   []float64 // intrinsic-plasticity gain and bias
	rho0   float64   // spectral radius of the raw random matrix
}

// newCore draws W0 and W_in from the seed and normalises W0.
func newCore(d int, c *Config) (*core, error) {
	n := c.Size
	k := &core{n: n, d: d, leak: c.Leak, g: c.Gain}
	rng := rand.New(rand.NewPCG(c.Seed, streamW))
	p := min(1, c.Degree/float64(n))
	k.rowPtr = make([]int, n+1)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if rng.Float64() < p {
				k.col = append(k.col, j)
				k.val = append(k.val, 2*rng.Float64()-1)
			}
		}
		k.rowPtr[i+1] = len(k.col)
	}
	dense := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		for q := k.rowPtr[i]; q < k.rowPtr[i+1]; q++ {
			dense.Set(i, k.col[q], k.val[q])
		}
	}
	rho, err := spectralRadius(dense)
	if err != nil {
		return nil, err
	}
	if !(rho > 1e-12) {
		return nil, fmt.Errorf("reservoir: the random recurrent matrix (size %d, degree %g, %d non-zeros) has spectral radius %g and cannot be normalised; increase Degree",
			n, c.Degree, len(k.val), rho)
	}
	k.rho0 = rho
	for q := range k.val {
		k.val[q] /= rho
	}
	k.diag = make([]float64, n)
	k.rowSq = make([]float64, n)
	for i := 0; i < n; i++ {
		for q := k.rowPtr[i]; q < k.rowPtr[i+1]; q++ {
			v := k.val[q]
			k.rowSq[i] += v * v
			if k.col[q] == i {
				k.diag[i] = v
			}
		}
	}
	rin := rand.New(rand.NewPCG(c.Seed, streamIn))
	k.win = make([]float64, n*(1+d))
	for i := 0; i < n; i++ {
		k.win[i*(1+d)] = c.Bias * (2*rin.Float64() - 1)
		for j := 1; j <= d; j++ {
			k.win[i*(1+d)+j] = c.InputScaling * (2*rin.Float64() - 1)
		}
	}
	k.a = make([]float64, n)
	k.b = make([]float64, n)
	for i := range k.a {
		k.a[i] = 1
	}
	return k, nil
}

// spectralRadius returns max |eigenvalue| of a square matrix.
func spectralRadius(m *mat.Dense) (float64, error) {
	var eig mat.Eigen
	if ok := eig.Factorize(m, mat.EigenNone); !ok {
		return 0, fmt.Errorf("reservoir: the eigendecomposition of the %d×%d recurrent matrix did not converge", m.RawMatrix().Rows, m.RawMatrix().Cols)
	}
	var rho float64
	for _, v := range eig.Values(nil) {
		rho = max(rho, math.Hypot(real(v), imag(v)))
	}
	return rho, nil
}

// clone returns a copy whose a, b and g can change independently.
func (k *core) clone() *core {
	c := *k
	c.a = append([]float64(nil), k.a...)
	c.b = append([]float64(nil), k.b...)
	return &c
}

// net writes the net input x = g W0 r + W_in [1; u] into x.
func (k *core) net(x, r, u []float64) {
	d := k.d
	x = x[:k.n]
	for i := range x {
		w := k.win[i*(1+d) : (i+1)*(1+d)]
		v := w[0]
		for j, uj := range u {
			v += w[1+j] * uj
		}
		lo, hi := k.rowPtr[i], k.rowPtr[i+1]
		cols := k.col[lo:hi]
		vals := k.val[lo:hi]
		vals = vals[:len(cols)]
		var s float64
		for q, c := range cols {
			s += vals[q] * r[c]
		}
		x[i] = v + k.g*s
	}
}

// activate writes y = tanh(a ∘ x + b).
func (k *core) activate(y, x []float64) {
	for i, v := range x {
		y[i] = math.Tanh(k.a[i]*v + k.b[i])
	}
}

// leakInto writes r ← (1 − α) r + α y.
func (k *core) leakInto(r, y []float64) {
	a := k.leak
	if a == 1 {
		copy(r, y)
		return
	}
	for i, v := range y {
		r[i] = (1-a)*r[i] + a*v
	}
}

// advance moves r one step with input u; x and y are scratch of length
// n (they hold the net input and the activation afterwards).
func (k *core) advance(r, u, x, y []float64) {
	k.net(x, r, u)
	k.activate(y, x)
	k.leakInto(r, y)
}

// tangent writes dst = J v for the Jacobian of the driven map at the
// point whose activation is y:
//
//	J = (1 − α) I + α diag((1 − y²) ∘ a) g W0.
func (k *core) tangent(dst, v, y []float64) {
	a := k.leak
	for i := range dst {
		lo, hi := k.rowPtr[i], k.rowPtr[i+1]
		cols := k.col[lo:hi]
		vals := k.val[lo:hi]
		vals = vals[:len(cols)]
		var s float64
		for q, c := range cols {
			s += vals[q] * v[c]
		}
		dst[i] = (1-a)*v[i] + a*(1-y[i]*y[i])*k.a[i]*k.g*s
	}
}

// branching returns the mean-field branching ratio at the point whose
// activation is y: σ = √((1/N) ‖J‖²_F), the root-mean-square one-step
// gain of a random perturbation.
func (k *core) branching(y []float64) float64 {
	a := k.leak
	var s float64
	for i, yi := range y {
		di := a * (1 - yi*yi) * k.a[i] * k.g
		s += (1-a)*(1-a) + 2*(1-a)*di*k.diag[i] + di*di*k.rowSq[i]
	}
	return math.Sqrt(max(s, 0) / float64(k.n))
}

// jacobianDriven writes the dense driven Jacobian (row-major n×n) at the
// point whose activation is y.
func (k *core) jacobianDriven(dst, y []float64) {
	n, a := k.n, k.leak
	for i := 0; i < n; i++ {
		row := dst[i*n : (i+1)*n]
		clear(row)
		c := a * (1 - y[i]*y[i]) * k.a[i] * k.g
		for q := k.rowPtr[i]; q < k.rowPtr[i+1]; q++ {
			row[k.col[q]] += c * k.val[q]
		}
		row[i] += 1 - a
	}
}

// effectiveRadius is the spectral radius of diag(a) g W0, the recurrent
// matrix the neurons actually see in their linear regime.
func (k *core) effectiveRadius() (float64, error) {
	n := k.n
	dense := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		for q := k.rowPtr[i]; q < k.rowPtr[i+1]; q++ {
			dense.Set(i, k.col[q], k.a[i]*k.g*k.val[q])
		}
	}
	return spectralRadius(dense)
}
