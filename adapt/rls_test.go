package adapt

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/emergo/emergo/forecast"
)

// var2 returns n rows of the stationary bivariate VAR(1)
// x(t+1) = A x(t) + ε, A = [[0.6, 0.2], [−0.3, 0.5]] (eigenvalues
// 0.55 ± 0.24i, modulus 0.6), ε ~ N(0, 0.5² I), after a burn-in, plus a
// constant offset (3, −1) so that the intercept matters.
func var2(n int, seed uint64) *forecast.Block {
	rng := rand.New(rand.NewPCG(seed, 7))
	x := make([]float64, 2*n)
	a, b := 0.0, 0.0
	for i := -200; i < n; i++ {
		a, b = 0.6*a+0.2*b+0.5*rng.NormFloat64(), -0.3*a+0.5*b+0.5*rng.NormFloat64()
		if i >= 0 {
			x[2*i], x[2*i+1] = a+3, b-1
		}
	}
	return forecast.NewBlock(x, 2)
}

// batchRidge solves min_W Σ_i ||y_i − Wᵀψ_i||² + δ||W||²_F by QR of the
// augmented least-squares problem [Ψ; √δ I] W = [Y; 0] (Golub & Van Loan
// 2013, Sect. 6.1), independently of the recursion.
func batchRidge(t *testing.T, psi, y [][]float64, delta float64) *mat.Dense {
	t.Helper()
	m, nf, d := len(psi), len(psi[0]), len(y[0])
	a := mat.NewDense(m+nf, nf, nil)
	b := mat.NewDense(m+nf, d, nil)
	for i := range psi {
		a.SetRow(i, psi[i])
		b.SetRow(i, y[i])
	}
	for f := 0; f < nf; f++ {
		a.Set(m+f, f, math.Sqrt(delta))
	}
	var qr mat.QR
	qr.Factorize(a)
	var w mat.Dense
	if err := qr.SolveTo(&w, false, b); err != nil {
		t.Fatal(err)
	}
	return &w
}

// collect runs fm over the standardised rows of data and returns the
// regressors ψ = [1; φ] and the targets of every row that follows a
// ready feature vector (the increment with inc).
func collect(fm FeatureMap, data *forecast.Block, sc scaler, inc bool) (psi, y [][]float64) {
	d := data.Dim
	z := make([]float64, d)
	prev := make([]float64, d)
	var cur []float64
	for i := 0; i < data.Rows; i++ {
		for j, v := range data.Row(i) {
			z[j] = (v - sc.mu[j]) / sc.sd[j]
		}
		if cur != nil {
			t := append([]float64(nil), z...)
			if inc {
				for j := range t {
					t[j] -= prev[j]
				}
			}
			psi = append(psi, cur)
			y = append(y, t)
		}
		fm.Push(z)
		copy(prev, z)
		cur = nil
		if fm.Ready() {
			cur = make([]float64, 1+fm.Len())
			cur[0] = 1
			fm.Features(cur[1:])
		}
	}
	return psi, y
}

// With λ = 1, RLS from P0 = I/δ, W0 = 0 is the exact ridge regression
// with penalty δ (Haykin 2014, Ch. 10): after the whole stream its
// weights equal the batch solution to 1e-8 relative (Frobenius norm), for
// linear lags, NG-RC polynomial features (increment target) and ESN
// reservoir features. The tolerance allows the rounding of n rank-one
// updates against a well-conditioned design (δ ≥ 1e-3 here).
func TestRLSEqualsBatchRidge(t *testing.T) {
	const rtol = 1e-8
	ctx := context.Background()
	data := var2(3000, 1)
	esn, err := forecast.New("esn", forecast.Spec{Hyper: map[string]float64{"size": 30, "washout": 20}, Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	if err := esn.Fit(ctx, data.Slice(0, 500), nil); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		fm    func() FeatureMap
		delta float64
		inc   bool
	}{
		{"lags k=3", func() FeatureMap { return must(NewLags(2, 3, 1, 1)) }, 0.5, false},
		{"lags k=2 s=3 small δ", func() FeatureMap { return must(NewLags(2, 2, 3, 1)) }, 1e-3, false},
		{"nvar k=2 order=2 increment", func() FeatureMap { return must(NewLags(2, 2, 1, 2)) }, 0.1, true},
		{"esn 30 nodes", func() FeatureMap { return must(NewESNFeatures(esn.(*forecast.ESN))) }, 0.01, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := NewRLS(tc.fm(), RLSOptions{Lambda: 1, Delta: tc.delta, Increment: tc.inc})
			if err := m.Warm(ctx, data); err != nil {
				t.Fatal(err)
			}
			psi, y := collect(tc.fm(), data, m.sc, tc.inc)
			want := batchRidge(t, psi, y, tc.delta)
			got := mat.NewDense(m.nf, m.dim, m.Weights())
			var diff mat.Dense
			diff.Sub(got, want)
			rel := mat.Norm(&diff, 2) / mat.Norm(want, 2)
			t.Logf("%d samples, %d weights: relative difference %.2g", len(psi), m.nf*m.dim, rel)
			if rel > rtol || m.Updates() != len(psi) || m.Resets() != 0 {
				t.Errorf("relative difference from batch ridge %.3g (tolerance %g); %d updates for %d samples, %d resets",
					rel, rtol, m.Updates(), len(psi), m.Resets())
			}
			// P stays exactly symmetric.
			for i := 0; i < m.nf; i++ {
				for j := 0; j < i; j++ {
					if m.p[i*m.nf+j] != m.p[j*m.nf+i] {
						t.Fatalf("P[%d,%d] = %v, P[%d,%d] = %v", i, j, m.p[i*m.nf+j], j, i, m.p[j*m.nf+i])
					}
				}
			}
		})
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// RLS on linear lags with a small δ and λ = 1 forecasts like forecast's
// batch "ridge" with α = δ on the same rows: the two differ only in that
// RLS also penalises the intercept (by δ, negligible against 3000
// samples), so the one-step forecasts agree to 1e-7 relative.
func TestRLSMatchesForecastRidge(t *testing.T) {
	const (
		delta = 1e-4
		rtol  = 1e-7
	)
	ctx := context.Background()
	data := var2(4000, 2)
	train := data.Slice(0, 3000)
	ridge, err := forecast.New("ridge", forecast.Spec{Hyper: map[string]float64{"lags": 3, "alpha": delta}})
	if err != nil {
		t.Fatal(err)
	}
	if err := ridge.Fit(ctx, train, nil); err != nil {
		t.Fatal(err)
	}
	m := NewRLS(must(NewLags(2, 3, 1, 1)), RLSOptions{Lambda: 1, Delta: delta})
	if err := m.Warm(ctx, train); err != nil {
		t.Fatal(err)
	}
	m.SetLearning(false)
	var worst float64
	for i := 3000; i < 3500; i++ {
		got := m.Predict(nil)
		p, err := ridge.Predict(data.Slice(i-3, i), 1)
		if err != nil {
			t.Fatal(err)
		}
		for j := range got {
			worst = max(worst, math.Abs(got[j]-p.X[j])/math.Max(1, math.Abs(p.X[j])))
		}
		if err := m.Observe(data.Row(i)); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("largest relative difference of the forecasts: %.2g", worst)
	if worst > rtol {
		t.Errorf("RLS and forecast's ridge differ by %.3g relative (tolerance %g)", worst, rtol)
	}
	if m.Updates() != 2997 {
		t.Errorf("%d updates, want 2997 (warm-up only; learning was off after)", m.Updates())
	}
}

// ar1Switch returns rows of x(t+1) = a x(t) + ε, ε ~ N(0, 1), with
// a = a1 for the first at rows and a2 after.
func ar1Switch(n, at int, a1, a2 float64, seed uint64) *forecast.Block {
	rng := rand.New(rand.NewPCG(seed, 11))
	x := make([]float64, n)
	v := 0.0
	for i := range x {
		a := a1
		if i >= at {
			a = a2
		}
		v = a*v + rng.NormFloat64()
		x[i] = v
	}
	return forecast.NewBlock(x, 1)
}

// Forgetting tracks a coefficient change: an AR(1) coefficient jumps
// from 0.9 to −0.5 after 3000 rows. With λ = 0.995 the exponentially
// weighted estimate 1000 rows later has an effective sample of
// (1 + λ)/(1 − λ) ≈ 400 rows, a standard error of about
// sqrt((1 − a²)/400) ≈ 0.043 and a bias from the old regime of about
// λ¹⁰⁰⁰·1.4 ≈ 0.01; the test allows 0.15 (3.5 standard errors) on each
// of 10 seeds. Without forgetting (λ = 1) the estimate is the
// least-squares compromise of both regimes, weighted by their variances
// (3000·5.26 and 1000·1.33 row-variances): about 0.79, above 0.5.
func TestRLSForgettingTracksChange(t *testing.T) {
	ctx := context.Background()
	for seed := uint64(1); seed <= 10; seed++ {
		data := ar1Switch(4000, 3000, 0.9, -0.5, seed)
		est := map[float64]float64{}
		for _, lam := range []float64{0.995, 1} {
			m := NewRLS(must(NewLags(1, 1, 1, 1)), RLSOptions{Lambda: lam, Delta: 1e-3})
			if err := m.Warm(ctx, data.Slice(0, 3000)); err != nil {
				t.Fatal(err)
			}
			// Warm standardised with the pre-change statistics: the
			// coefficient is the same in z and x units.
			if before := m.Weights()[1]; math.Abs(before-0.9) > 0.1 {
				t.Errorf("seed %d λ=%v: coefficient %v before the change, want 0.9", seed, lam, before)
			}
			for i := 3000; i < 4000; i++ {
				if err := m.Observe(data.Row(i)); err != nil {
					t.Fatal(err)
				}
			}
			est[lam] = m.Weights()[1]
		}
		if math.Abs(est[0.995]+0.5) > 0.15 {
			t.Errorf("seed %d: λ=0.995 estimates %v after the change, want −0.5 ± 0.15", seed, est[0.995])
		}
		if est[1] < 0.5 {
			t.Errorf("seed %d: λ=1 estimates %v after 1000 of 4000 rows in the new regime, want the compromise ≈ 0.79", seed, est[1])
		}
	}
}

// Missing values: a NaN row is carried forward and not learnt from (nor
// are the rows whose features still contain it); an
// infinite value or a row of the wrong length is an error; Observe
// before any standardisation is an error.
func TestRLSMissingAndErrors(t *testing.T) {
	ctx := context.Background()
	data := var2(300, 3)
	m := NewRLS(must(NewLags(2, 2, 1, 1)), RLSOptions{Lambda: 0.99})
	if err := m.Observe([]float64{1, 2}); err == nil || !strings.Contains(err.Error(), "Warm") {
		t.Errorf("Observe before Warm: %v", err)
	}
	if err := m.Warm(ctx, data); err != nil {
		t.Fatal(err)
	}
	n := m.Updates()
	last := data.Row(data.Rows - 1)
	if err := m.Observe([]float64{math.NaN(), math.NaN()}); err != nil {
		t.Fatal(err)
	}
	if m.Updates() != n {
		t.Errorf("a missing row was learnt from (%d → %d updates)", n, m.Updates())
	}
	// The delay line now holds the last row twice: the forecast is the
	// model's forecast from a repeated row, finite.
	p := m.Predict(nil)
	for j, v := range p {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Errorf("forecast column %d is %v after a missing row", j, v)
		}
	}
	if got := m.last; got[0] != last[0] || got[1] != last[1] {
		t.Errorf("carried-forward row %v, want %v", got, last)
	}
	// A partly missing row carries the missing column only, and is not
	// learnt from; the next complete row is.
	if err := m.Observe([]float64{7, math.NaN()}); err != nil {
		t.Fatal(err)
	}
	if m.last[0] != 7 || m.last[1] != last[1] || m.Updates() != n {
		t.Errorf("after a partial row: last %v, %d updates (want [7 %v], %d)", m.last, m.Updates(), last[1], n)
	}
	// Learning resumes once the span of 2 rows holds observed rows only:
	// at the third complete row.
	for k, want := range []int{n, n, n + 1} {
		if err := m.Observe([]float64{3, -1}); err != nil || m.Updates() != want {
			t.Errorf("complete row %d: %v, %d updates (want %d)", k, err, m.Updates(), want)
		}
	}
	for _, bad := range [][]float64{{math.Inf(1), 0}, {1}, {1, 2, 3}} {
		if err := m.Observe(bad); err == nil {
			t.Errorf("Observe(%v) succeeded", bad)
		}
	}
	if err := m.SetScaling([]float64{0, 0}, []float64{1, 0}); err == nil {
		t.Error("SetScaling accepted a zero deviation")
	}
}

// NewRLS panics on a forgetting factor outside (0, 1] or a negative δ.
func TestRLSMisusePanics(t *testing.T) {
	for _, o := range []RLSOptions{{Lambda: 1.5}, {Lambda: -0.1}, {Delta: -1}, {Delta: math.Inf(1)}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("NewRLS(%+v) did not panic", o)
				}
			}()
			NewRLS(must(NewLags(1, 1, 1, 1)), o)
		}()
	}
}

// Frozen reproduces the wrapped model's one-step forecasts from sliding
// contexts, carries missing rows forward and never learns.
func TestFrozen(t *testing.T) {
	ctx := context.Background()
	data := var2(700, 5)
	ridge, err := forecast.New("ridge", forecast.Spec{Hyper: map[string]float64{"lags": 3}})
	if err != nil {
		t.Fatal(err)
	}
	if err := ridge.Fit(ctx, data.Slice(0, 500), nil); err != nil {
		t.Fatal(err)
	}
	f, err := NewFrozen("", ridge, data.Slice(0, 500))
	if err != nil {
		t.Fatal(err)
	}
	if f.Name() != "frozen-ridge" {
		t.Errorf("name %q", f.Name())
	}
	for i := 500; i < 700; i++ {
		got := f.Predict(nil)
		want, err := ridge.Predict(data.Slice(i-3, i), 1)
		if err != nil {
			t.Fatal(err)
		}
		for j := range got {
			if got[j] != want.X[j] {
				t.Fatalf("row %d column %d: frozen %v, model %v", i, j, got[j], want.X[j])
			}
		}
		if err := f.Observe(data.Row(i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Observe([]float64{math.NaN(), 5}); err != nil {
		t.Fatal(err)
	}
	ctxRows := f.win[len(f.win)-2:]
	if ctxRows[0] != data.Row(699)[0] || ctxRows[1] != 5 {
		t.Errorf("newest context row %v, want [%v 5]", ctxRows, data.Row(699)[0])
	}
	if _, err := NewFrozen("x", ridge, data.Slice(0, 2)); err == nil {
		t.Error("a history shorter than the context was accepted")
	}
	if f.Failures() != 0 {
		t.Errorf("%d failures", f.Failures())
	}
}

// Covariance windup and its floor: a sine next to a constant column
// (standardised to 0, so its lag features are never excited) under
// forgetting λ = 0.95: without a floor P grows by 1/λ per row in the
// unexcited directions, to far above 1/δ (0.95⁻³⁰⁰⁰ ≈ e¹⁵⁴); with
// Floor = 0.01 the diagonal of P stays below 2/Floor. The anchoring
// leaves the excited directions alone: both forecasts of the sine are
// within 1e-3 of the truth.
func TestRLSFloorPreventsWindup(t *testing.T) {
	ctx := context.Background()
	x := make([]float64, 2*3000)
	for i := 0; i < 3000; i++ {
		x[2*i], x[2*i+1] = math.Sin(0.05*float64(i)), 5
	}
	data := forecast.NewBlock(x, 2)
	maxDiag := func(m *RLS) float64 {
		var v float64
		for i := 0; i < m.nf; i++ {
			v = max(v, m.p[i*m.nf+i])
		}
		return v
	}
	var preds []float64
	for _, floor := range []float64{0, 0.01} {
		m := NewRLS(must(NewLags(2, 2, 1, 1)), RLSOptions{Lambda: 0.95, Delta: 1, Floor: floor})
		if err := m.Warm(ctx, data); err != nil {
			t.Fatal(err)
		}
		d := maxDiag(m)
		t.Logf("floor %v: largest diagonal of P %.3g, %d resets", floor, d, m.Resets())
		switch {
		case floor == 0 && !(d > 1e6 || m.Resets() > 0):
			t.Errorf("without a floor the largest diagonal of P is %v; expected windup far above 1/δ = 1", d)
		case floor > 0 && d > 2/floor:
			t.Errorf("floor %v: largest diagonal of P %v, want below %v", floor, d, 2/floor)
		}
		preds = append(preds, m.Predict(nil)[0])
	}
	want := math.Sin(0.05 * 3000)
	for i, p := range preds { // column 0 of each model's forecast
		if math.Abs(p-want) > 1e-3 {
			t.Errorf("forecast %d: %v, want %v", i, p, want)
		}
	}
}

// After a missing row RLS on lags waits until the delay line holds only
// observed rows (Memory = span complete rows) before learning again.
func TestRLSWaitsOutMissingRows(t *testing.T) {
	data := var2(400, 6)
	fm := must(NewLags(2, 3, 2, 1)) // span (3−1)·2 + 1 = 5
	m := NewRLS(fm, RLSOptions{})
	if err := m.Warm(context.Background(), data.Slice(0, 300)); err != nil {
		t.Fatal(err)
	}
	n := m.Updates()
	if err := m.Observe([]float64{math.NaN(), 1}); err != nil {
		t.Fatal(err)
	}
	for i := 301; i < 310; i++ {
		if err := m.Observe(data.Row(i)); err != nil {
			t.Fatal(err)
		}
		// Rows 301..305 refill the line; 306 is the first target whose
		// features come from observed rows only.
		want := n
		if i >= 306 {
			want = n + i - 305
		}
		if m.Updates() != want {
			t.Fatalf("after row %d: %d updates, want %d", i, m.Updates(), want)
		}
	}
}

// failing is a fitted forecaster whose forecasts fail after the first.
type failing struct{ calls int }

func (f *failing) Name() string                                                { return "failing" }
func (f *failing) Fit(context.Context, *forecast.Block, *forecast.Block) error { return nil }
func (f *failing) ContextLen() int                                             { return 1 }
func (f *failing) Predict(c *forecast.Block, h int) (*forecast.Block, error) {
	f.calls++
	if f.calls > 1 {
		return nil, errors.New("diverged")
	}
	return forecast.NewBlock(make([]float64, c.Dim), c.Dim), nil
}

// When the wrapped model's forecast fails, Frozen forecasts the last row
// (persistence) and counts the failure.
func TestFrozenFallback(t *testing.T) {
	hist := forecast.NewBlock([]float64{1, 2, 3, 4}, 2)
	f, err := NewFrozen("f", &failing{}, hist)
	if err != nil {
		t.Fatal(err)
	}
	p := f.Predict(nil)
	if p[0] != 3 || p[1] != 4 || f.Failures() != 1 {
		t.Errorf("forecast %v with %d failures, want the last row [3 4] and 1", p, f.Failures())
	}
	if _, err := NewFrozen("f", &failing{calls: 1}, hist); err == nil {
		t.Error("a model that cannot forecast from the history was accepted")
	}
}
