package reservoir

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/emergo/emergo/forecast"
)

// scaler standardises columns with the training mean and population
// standard deviation (a constant column is only centred).
type scaler struct{ mu, sd []float64 }

func fitScaler(b *forecast.Block) scaler {
	d := b.Dim
	s := scaler{mu: make([]float64, d), sd: make([]float64, d)}
	for j := 0; j < d; j++ {
		var m float64
		for i := 0; i < b.Rows; i++ {
			m += b.X[i*d+j]
		}
		m /= float64(b.Rows)
		var ss float64
		for i := 0; i < b.Rows; i++ {
			e := b.X[i*d+j] - m
			ss += e * e
		}
		sd := math.Sqrt(ss / float64(b.Rows))
		if !(sd > 1e-12*max(1, math.Abs(m))) {
			sd = 1
		}
		s.mu[j], s.sd[j] = m, sd
	}
	return s
}

func (s *scaler) to(dst, x []float64) {
	for j, v := range x {
		dst[j] = (v - s.mu[j]) / s.sd[j]
	}
}

func (s *scaler) from(dst, z []float64) {
	for j, v := range z {
		dst[j] = v*s.sd[j] + s.mu[j]
	}
}

func (s *scaler) standardize(b *forecast.Block) []float64 {
	out := make([]float64, len(b.X))
	d := b.Dim
	for i := 0; i < b.Rows; i++ {
		s.to(out[i*d:(i+1)*d], b.X[i*d:(i+1)*d])
	}
	return out
}

// ridge fits min Σ_i ‖y_i − b − Wᵀφ_i‖² + α‖W‖²_F over m samples of nf
// features and d outputs with an unpenalised intercept, by the normal
// equations of the centred problem (Gram matrix by blocked rank-k
// updates, Jacobi scaling, Cholesky). row(i, φ, y) writes sample i. W is
// nf×d row-major.
//
// References:
//
//	Hoerl, A. E. & Kennard, R. W. (1970). Ridge regression: biased
//	  estimation for nonorthogonal problems. Technometrics 12, 55-67.
//	Lukoševičius, M. (2012). A practical guide to applying echo state
//	  networks. Neural Networks: Tricks of the Trade, LNCS 7700, 659-686.
func ridge(ctx context.Context, m, nf, d int, alpha float64, row func(i int, phi, y []float64)) (w, b []float64, err error) {
	const block = 256
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
	g := blas64.Symmetric{N: nf, Stride: nf, Data: make([]float64, nf*nf), Uplo: blas.Upper}
	c := blas64.General{Rows: nf, Cols: d, Stride: d, Data: make([]float64, nf*d)}
	pb := make([]float64, block*nf)
	yb := make([]float64, block*d)
	for i0 := 0; i0 < m; i0 += block {
		if err := ctx.Err(); err != nil {
			return nil, nil, fmt.Errorf("esn-critical: fit: %w", err)
		}
		i1 := min(i0+block, m)
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
	s := make([]float64, nf)
	for f := 0; f < nf; f++ {
		v := g.Data[f*nf+f] + alpha
		if !finite(v) {
			return nil, nil, fmt.Errorf("esn-critical: fit: the feature matrix is not finite")
		}
		s[f] = 1
		if v > 0 {
			s[f] = 1 / math.Sqrt(v)
		}
	}
	gs := mat.NewSymDense(nf, nil)
	for i := 0; i < nf; i++ {
		for j := i; j < nf; j++ {
			v := g.Data[i*nf+j]
			if i == j {
				v += alpha
			}
			gs.SetSym(i, j, v*s[i]*s[j])
		}
	}
	var ch mat.Cholesky
	if ok := ch.Factorize(gs); !ok {
		return nil, nil, fmt.Errorf("esn-critical: fit: the regularised normal matrix (%d features, %d samples, alpha=%g) is not positive definite; increase alpha", nf, m, alpha)
	}
	if cond := ch.Cond(); !(cond <= 1e15) {
		return nil, nil, fmt.Errorf("esn-critical: fit: the regularised normal matrix (%d features, %d samples, alpha=%g) is ill-conditioned (condition number %.3g); increase alpha", nf, m, alpha, cond)
	}
	rhs := mat.NewDense(nf, d, nil)
	for f := 0; f < nf; f++ {
		for j := 0; j < d; j++ {
			rhs.Set(f, j, c.Data[f*d+j]*s[f])
		}
	}
	var sol mat.Dense
	if err := ch.SolveTo(&sol, rhs); err != nil {
		if _, ok := err.(mat.Condition); !ok {
			return nil, nil, fmt.Errorf("esn-critical: fit: ridge solve: %w", err)
		}
	}
	w = make([]float64, nf*d)
	b = make([]float64, d)
	for f := 0; f < nf; f++ {
		for j := 0; j < d; j++ {
			w[f*d+j] = sol.At(f, j) * s[f]
		}
	}
	for j := 0; j < d; j++ {
		v := my[j]
		for f := 0; f < nf; f++ {
			v -= w[f*d+j] * mphi[f]
		}
		b[j] = v
	}
	for _, v := range w {
		if !finite(v) {
			return nil, nil, fmt.Errorf("esn-critical: fit: the ridge solution is not finite; increase alpha")
		}
	}
	return w, b, nil
}
