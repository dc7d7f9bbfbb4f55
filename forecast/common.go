package forecast

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/emergo/emergo/system"
)

// DivergeBound is the distance from the training mean, in training
// standard deviations, beyond which an autoregressive rollout counts as
// diverged: a forecast value z (standardised) with |z| > DivergeBound, or
// a non-finite one, stops Predict with a *DivergedError.
const DivergeBound = 1e6

// DivergedError reports a rollout that left every reasonable bound. It
// wraps system.ErrDiverged, so errors.Is(err, system.ErrDiverged) holds.
type DivergedError struct {
	Model string
	// Step is the 1-based index of the forecast row that diverged.
	Step, Horizon int
	// Row holds that row's values in physical units.
	Row []float64
}

func (e *DivergedError) Error() string {
	return fmt.Sprintf("%s: rollout diverged at forecast step %d of %d: values %v are not finite or exceed %g training standard deviations",
		e.Model, e.Step, e.Horizon, e.Row, DivergeBound)
}

func (e *DivergedError) Unwrap() error { return system.ErrDiverged }

// errNotFitted is returned by Predict, Represent and Dynamics before Fit.
func errNotFitted(name string) error {
	return fmt.Errorf("%s: model is not fitted; call Fit first", name)
}

// scaler standardises columns: z = (x − μ)/σ with the population mean
// and standard deviation of the training rows. A column whose σ is not
// above constTol·max(1, |μ|) is only centred (σ is taken as 1), so that a
// constant observable does not make the model unusable.
type scaler struct {
	mu, sd []float64
}

const constTol = 1e-12

func fitScaler(b *Block) scaler {
	d := b.Dim
	s := scaler{mu: make([]float64, d), sd: make([]float64, d)}
	n := float64(b.Rows)
	for j := 0; j < d; j++ {
		var m float64
		for i := 0; i < b.Rows; i++ {
			m += b.X[i*d+j]
		}
		m /= n
		var ss float64
		for i := 0; i < b.Rows; i++ {
			r := b.X[i*d+j] - m
			ss += r * r
		}
		sd := math.Sqrt(ss / n)
		if !(sd > constTol*max(1, math.Abs(m))) {
			sd = 1
		}
		s.mu[j], s.sd[j] = m, sd
	}
	return s
}

// to writes the standardised x into dst (both of length dim).
func (s *scaler) to(dst, x []float64) {
	for j, v := range x {
		dst[j] = (v - s.mu[j]) / s.sd[j]
	}
}

// from writes the physical value of z into dst.
func (s *scaler) from(dst, z []float64) {
	for j, v := range z {
		dst[j] = v*s.sd[j] + s.mu[j]
	}
}

// standardize returns a standardised copy of b.
func (s *scaler) standardize(b *Block) []float64 {
	out := make([]float64, len(b.X))
	d := b.Dim
	for i := 0; i < b.Rows; i++ {
		s.to(out[i*d:(i+1)*d], b.X[i*d:(i+1)*d])
	}
	return out
}

// checkTrain validates the arguments of Fit: a non-empty block of finite
// values with at least need rows (why explains the requirement), and a
// validation block (when not nil) of the same dimension.
func checkTrain(ctx context.Context, name string, train, val *Block, need int, why string) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%s: fit: %w", name, err)
	}
	if train == nil || train.Dim < 1 {
		return fmt.Errorf("%s: fit: empty training block", name)
	}
	if len(train.X) != train.Rows*train.Dim {
		return fmt.Errorf("%s: fit: training block has %d values for %d rows of %d", name, len(train.X), train.Rows, train.Dim)
	}
	if train.Rows < need {
		return fmt.Errorf("%s: fit: the training series has %d rows; %s needs at least %d", name, train.Rows, why, need)
	}
	if err := train.Check(name + ": training data"); err != nil {
		return err
	}
	if val != nil {
		if val.Dim != train.Dim {
			return fmt.Errorf("%s: fit: validation block has %d columns, training block %d", name, val.Dim, train.Dim)
		}
		if err := val.Check(name + ": validation data"); err != nil {
			return err
		}
	}
	return nil
}

// checkContext validates the arguments of Predict.
func checkContext(name string, fitted bool, dim int, c *Block, need, horizon int) error {
	if !fitted {
		return errNotFitted(name)
	}
	if horizon < 1 {
		return fmt.Errorf("%s: predict: horizon %d must be at least 1", name, horizon)
	}
	return checkBlock(name, "context", dim, c, need)
}

func checkBlock(name, what string, dim int, c *Block, need int) error {
	if c == nil {
		return fmt.Errorf("%s: %s block is nil", name, what)
	}
	if c.Dim != dim {
		return fmt.Errorf("%s: %s has %d columns; the model was fitted on %d", name, what, c.Dim, dim)
	}
	if len(c.X) != c.Rows*c.Dim {
		return fmt.Errorf("%s: %s block has %d values for %d rows of %d", name, what, len(c.X), c.Rows, c.Dim)
	}
	if c.Rows < need {
		return fmt.Errorf("%s: %s has %d rows; the model needs at least %d", name, what, c.Rows, need)
	}
	return c.Check(name + ": " + what)
}

// diverged reports whether a standardised forecast row left the bound.
func diverged(z []float64) bool {
	for _, v := range z {
		if !(math.Abs(v) <= DivergeBound) {
			return true
		}
	}
	return false
}

// ridge fits the multi-output ridge regression
//
//	min_{W,b} Σ_i ||y_i − b − Wᵀφ_i||² + α ||W||²_F
//
// over m samples of nf features and d outputs, with an unpenalised
// intercept b. The samples are produced by row(i, φ, y), which may be
// called concurrently from several goroutines and must be safe for that.
// The problem is solved in float64 after centring (φ̄, ȳ the sample
// means; b = ȳ − Wᵀφ̄):
//
//   - small problems (m·nf² ≤ 2·10⁹ and m·nf ≤ 10⁷, e.g. every NVAR and
//     ridge model): through the thin SVD of the centred design Φc = UΣVᵀ,
//     W = V diag(σ_i/(σ_i² + α)) UᵀY_c, whose accuracy depends on κ(Φc)
//     rather than κ(Φc)²; with α = 0 a rank-deficient design is an error;
//   - larger ones (reservoirs): through the normal equations
//     (Φcᵀ Φc + αI) W = Φcᵀ Yc, the Gram matrix accumulated by blocked
//     symmetric rank-k updates over a fixed number of concurrent
//     partitions (summed in order, so the result does not depend on the
//     number of processors), factorised by Cholesky after symmetric
//     Jacobi scaling (which leaves the solution unchanged but lowers the
//     condition number of badly scaled features). A matrix that is not
//     numerically positive definite, or whose scaled condition number
//     exceeds 10¹⁵, is an error telling the user to increase α.
//
// W is nf×d row-major (feature f, output i).
//
// References:
//
//	Hoerl, A. E. & Kennard, R. W. (1970). Ridge regression: biased
//	  estimation for nonorthogonal problems. Technometrics 12, 55-67.
//	Golub, G. H. & Van Loan, C. F. (2013). Matrix Computations, 4th ed.,
//	  Johns Hopkins University Press, Sect. 6.1 (regularised least
//	  squares via the SVD) and 5.3 (normal equations versus orthogonal
//	  methods).
//	Lukoševičius, M. (2012). A practical guide to applying echo state
//	  networks. In Neural Networks: Tricks of the Trade, LNCS 7700,
//	  659-686 (Sect. 4.1: ridge regression of the readout).
func ridge(ctx context.Context, name string, m, nf, d int, alpha float64, row func(i int, phi, y []float64)) (w, b []float64, err error) {
	if m < 1 {
		return nil, nil, fmt.Errorf("%s: no training samples", name)
	}
	// Pass 1: means.
	mphi := make([]float64, nf)
	my := make([]float64, d)
	phi := make([]float64, nf)
	y := make([]float64, d)
	for i := 0; i < m; i++ {
		row(i, phi, y)
		for f, v := range phi {
			mphi[f] += v
		}
		for j, v := range y {
			my[j] += v
		}
	}
	for f := range mphi {
		mphi[f] /= float64(m)
	}
	for j := range my {
		my[j] /= float64(m)
	}
	if m*nf*nf <= svdWork && m*nf <= svdMem {
		w, err = ridgeSVD(name, m, nf, d, alpha, row, mphi, my)
	} else {
		w, err = ridgeNormal(ctx, name, m, nf, d, alpha, row, mphi, my)
	}
	if err != nil {
		return nil, nil, err
	}
	b = make([]float64, d)
	for j := 0; j < d; j++ {
		v := my[j]
		for f := 0; f < nf; f++ {
			v -= w[f*d+j] * mphi[f]
		}
		b[j] = v
	}
	for _, v := range w {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, nil, fmt.Errorf("%s: fit: the ridge solution is not finite; increase alpha", name)
		}
	}
	return w, b, nil
}

// Size limits of the SVD path of ridge: m·nf² flops and m·nf values.
const (
	svdWork = 2e9
	svdMem  = 1e7
)

// ridgeSVD solves the centred ridge problem through the thin SVD of the
// centred design, Φc = UΣVᵀ: W = V diag(σ_i/(σ_i² + α)) UᵀYc. Its
// accuracy depends on κ(Φc), not κ(Φc)² as the normal equations do,
// which matters for the nearly collinear features of finely sampled
// delay embeddings. With α = 0 a numerically rank-deficient design
// (σ_min ≤ σ_max·max(m, nf)·ε) is an error.
func ridgeSVD(name string, m, nf, d int, alpha float64, row func(i int, phi, y []float64), mphi, my []float64) ([]float64, error) {
	a := mat.NewDense(m, nf, nil)
	yc := mat.NewDense(m, d, nil)
	for i := 0; i < m; i++ {
		p := a.RawRowView(i)
		q := yc.RawRowView(i)
		row(i, p, q)
		for f := range p {
			p[f] -= mphi[f]
		}
		for j := range q {
			q[j] -= my[j]
		}
	}
	for _, v := range a.RawMatrix().Data {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("%s: fit: the feature matrix is not finite (features overflow)", name)
		}
	}
	var svd mat.SVD
	if ok := svd.Factorize(a, mat.SVDThin); !ok {
		return nil, fmt.Errorf("%s: fit: the SVD of the %d×%d feature matrix did not converge", name, m, nf)
	}
	sv := svd.Values(nil)
	r := len(sv)
	if alpha == 0 {
		if r < nf || !(sv[r-1] > sv[0]*float64(max(m, nf))*epsilon) {
			return nil, fmt.Errorf("%s: fit: the %d features are linearly dependent over the %d samples (rank-deficient design, singular values %.3g … %.3g); set alpha > 0 or remove constant or collinear inputs",
				name, nf, m, sv[0], sv[r-1])
		}
	}
	var u, v mat.Dense
	svd.UTo(&u)
	svd.VTo(&v)
	var uty mat.Dense
	uty.Mul(u.T(), yc) // r×d
	for i := 0; i < r; i++ {
		fi := 0.0
		if sv[i] > 0 {
			fi = sv[i] / (sv[i]*sv[i] + alpha)
		}
		for j := 0; j < d; j++ {
			uty.Set(i, j, uty.At(i, j)*fi)
		}
	}
	var wd mat.Dense
	wd.Mul(&v, &uty) // nf×d
	w := make([]float64, nf*d)
	for f := 0; f < nf; f++ {
		for j := 0; j < d; j++ {
			w[f*d+j] = wd.At(f, j)
		}
	}
	return w, nil
}

const epsilon = 0x1p-52

// ridgeNormal solves the centred ridge problem by the normal equations
// (see ridge), for problems too large for the SVD path.
func ridgeNormal(ctx context.Context, name string, m, nf, d int, alpha float64, row func(i int, phi, y []float64), mphi, my []float64) ([]float64, error) {
	const (
		block      = 256
		ridgeParts = 4
		maxCond    = 1e15
	)
	// G = Φcᵀ Φc and C = Φcᵀ Yc, accumulated in blocks of rows
	// over a fixed number of contiguous partitions of the samples that run
	// concurrently and are summed in order, so that the result does not
	// depend on the number of processors.
	parts := min(ridgeParts, (m+block-1)/block)
	gp := make([]blas64.Symmetric, parts)
	cp := make([]blas64.General, parts)
	var wg sync.WaitGroup
	var cancelled atomic.Bool
	for p := 0; p < parts; p++ {
		gp[p] = blas64.Symmetric{N: nf, Stride: nf, Data: make([]float64, nf*nf), Uplo: blas.Upper}
		cp[p] = blas64.General{Rows: nf, Cols: d, Stride: d, Data: make([]float64, nf*d)}
		lo, hi := p*m/parts, (p+1)*m/parts
		wg.Add(1)
		go func(g blas64.Symmetric, c blas64.General, lo, hi int) {
			defer wg.Done()
			pb := make([]float64, block*nf)
			yb := make([]float64, block*d)
			for i0 := lo; i0 < hi; i0 += block {
				if ctx.Err() != nil {
					cancelled.Store(true)
					return
				}
				i1 := min(i0+block, hi)
				r := i1 - i0
				for i := i0; i < i1; i++ {
					p := pb[(i-i0)*nf : (i-i0+1)*nf]
					q := yb[(i-i0)*d : (i-i0+1)*d]
					row(i, p, q)
					for f := range p {
						p[f] -= mphi[f]
					}
					for j := range q {
						q[j] -= my[j]
					}
				}
				a := blas64.General{Rows: r, Cols: nf, Stride: nf, Data: pb[:r*nf]}
				blas64.Syrk(blas.Trans, 1, a, 1, g)
				blas64.Gemm(blas.Trans, blas.NoTrans, 1, a, blas64.General{Rows: r, Cols: d, Stride: d, Data: yb[:r*d]}, 1, c)
			}
		}(gp[p], cp[p], lo, hi)
	}
	wg.Wait()
	if cancelled.Load() {
		return nil, fmt.Errorf("%s: fit: %w", name, ctx.Err())
	}
	g, c := gp[0], cp[0]
	for p := 1; p < parts; p++ {
		for i := 0; i < nf; i++ {
			for j := i; j < nf; j++ {
				g.Data[i*nf+j] += gp[p].Data[i*nf+j]
			}
		}
		for k, v := range cp[p].Data {
			c.Data[k] += v
		}
	}
	for _, v := range g.Data {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("%s: fit: the feature matrix is not finite (features overflow); standardise or shorten the data", name)
		}
	}
	// Jacobi scaling s_f = 1/sqrt(G_ff + α) (1 for an all-zero feature
	// with α = 0, which then makes the matrix singular).
	s := make([]float64, nf)
	for f := 0; f < nf; f++ {
		// A feature whose spread is at rounding level relative to its
		// mean is constant: with α = 0 it makes the problem singular,
		// which the scaling below would hide.
		if alpha == 0 && !(g.Data[f*nf+f] > float64(m)*math.Pow(constTol*max(1, math.Abs(mphi[f])), 2)) {
			return nil, fmt.Errorf("%s: fit: feature %d is constant over the %d samples, so the normal matrix is singular; set alpha > 0 or remove constant inputs", name, f, m)
		}
		g.Data[f*nf+f] += alpha
		v := g.Data[f*nf+f]
		if v > 0 {
			s[f] = 1 / math.Sqrt(v)
		} else {
			s[f] = 1
		}
	}
	gs := mat.NewSymDense(nf, nil)
	for i := 0; i < nf; i++ {
		for j := i; j < nf; j++ {
			gs.SetSym(i, j, g.Data[i*nf+j]*s[i]*s[j])
		}
	}
	var ch mat.Cholesky
	if ok := ch.Factorize(gs); !ok {
		return nil, fmt.Errorf("%s: fit: the regularised normal matrix (%d features, %d samples, alpha=%g) is singular or not positive definite; increase alpha or remove constant or collinear inputs", name, nf, m, alpha)
	}
	if cond := ch.Cond(); !(cond <= maxCond) {
		return nil, fmt.Errorf("%s: fit: the regularised normal matrix (%d features, %d samples, alpha=%g) is ill-conditioned (condition number %.3g > %g); increase alpha", name, nf, m, alpha, cond, maxCond)
	}
	rhs := mat.NewDense(nf, d, nil)
	for f := 0; f < nf; f++ {
		for j := 0; j < d; j++ {
			rhs.Set(f, j, c.Data[f*d+j]*s[f])
		}
	}
	var sol mat.Dense
	if err := ch.SolveTo(&sol, rhs); err != nil {
		var ce mat.Condition
		if !errors.As(err, &ce) {
			return nil, fmt.Errorf("%s: fit: ridge solve: %w", name, err)
		}
	}
	w := make([]float64, nf*d)
	for f := 0; f < nf; f++ {
		for j := 0; j < d; j++ {
			w[f*d+j] = sol.At(f, j) * s[f]
		}
	}
	return w, nil
}

// intHyper reads an integer hyperparameter (validated by the registry).
func intHyper(h map[string]float64, k string) int { return int(h[k]) }
