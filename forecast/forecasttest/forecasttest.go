package forecasttest

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/emergo/emergo/forecast"
	"github.com/emergo/emergo/system"
)

// Suite sizes and tolerances.
const (
	// TrainRows is the length of the training series.
	TrainRows = 600
	// Horizon is the forecast length checked.
	Horizon = 8
	// DynamicsTol is the relative tolerance between the Dynamics
	// rollout (through Outputter) and Predict: |o − p| ≤ tol·(1 + |p|).
	// The two paths may order floating-point operations differently, so
	// equality is not required, but over Horizon steps they must agree to
	// nearly machine precision.
	DynamicsTol = 1e-9
	// JacobianTol is the tolerance of an analytic Jacobian against central
	// differences with steps h_j = 1e-6·max(1, |x_j|) (truncation error
	// O(h²), rounding error O(ε/h) ≈ 1e-10 relative):
	// |J − J_fd| ≤ tol·max(1, max|J|).
	JacobianTol = 1e-5
)

// Data returns the suite's synthetic series: n rows of two columns, an
// AR(2) process x_t = 1.5 x_{t−1} − 0.75 x_{t−2} + ε_t with ε ~ N(0, 0.1²),
// and a sine of period 25 rows and unit amplitude plus N(0, 0.05²) noise,
// both from a math/rand/v2 PCG stream seeded by seed.
func Data(n int, seed uint64) *forecast.Block {
	const burn = 200
	rng := rand.New(rand.NewPCG(seed, 0x666f72656361737))
	x := make([]float64, 2*n)
	var a1, a2 float64
	for i := -burn; i < n; i++ {
		a := 1.5*a1 - 0.75*a2 + 0.1*rng.NormFloat64()
		a1, a2 = a, a1
		s := math.Sin(2*math.Pi*float64(i)/25) + 0.05*rng.NormFloat64()
		if i >= 0 {
			x[2*i], x[2*i+1] = a, s
		}
	}
	return forecast.NewBlock(x, 2)
}

func clone(b *forecast.Block) *forecast.Block {
	return &forecast.Block{Rows: b.Rows, Dim: b.Dim, X: append([]float64(nil), b.X...)}
}

func sameBits(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return false
		}
	}
	return true
}

func allFinite(x []float64) bool {
	for _, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

// tb is the part of testing.TB the suite uses (a recorder in the suite's
// own tests).
type tb interface {
	Helper()
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
}

// noPanic calls f and turns a panic into a test failure.
func noPanic(t tb, what string, f func()) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("%s panicked: %v", what, r)
		}
	}()
	f()
}

// Run checks the registered model name, built with spec, against the
// contract of forecast.Forecaster and its optional extensions (see the
// package documentation).
func Run(t *testing.T, name string, spec forecast.Spec) {
	t.Helper()
	run(t, name, spec)
}

func run(t tb, name string, spec forecast.Spec) {
	t.Helper()
	ctx := context.Background()
	build := func() forecast.Forecaster {
		t.Helper()
		m, err := forecast.New(name, spec)
		if err != nil {
			t.Fatalf("New(%q): %v", name, err)
		}
		return m
	}
	m := build()
	if !strings.EqualFold(m.Name(), name) {
		t.Errorf("Name() = %q, want %q", m.Name(), name)
	}
	cl := m.ContextLen()
	if cl < 1 {
		t.Fatalf("ContextLen() = %d, want ≥ 1", cl)
	}
	data := Data(TrainRows+2*cl+Horizon, spec.Seed+1)
	train := data.Slice(0, TrainRows)
	c := data.Slice(TrainRows, TrainRows+cl)
	long := data.Slice(TrainRows-cl, TrainRows+cl)
	d := data.Dim

	// Predict before Fit.
	noPanic(t, "Predict before Fit", func() {
		if _, err := m.Predict(clone(c), 1); err == nil {
			t.Errorf("Predict before Fit: no error")
		}
	})

	// Fit errors.
	fresh := build()
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	noPanic(t, "Fit with a cancelled context", func() {
		if err := fresh.Fit(cctx, clone(train), nil); err == nil {
			t.Errorf("Fit with a cancelled context: no error")
		}
	})
	noPanic(t, "Fit on 0 rows", func() {
		if err := build().Fit(ctx, &forecast.Block{Rows: 0, Dim: d}, nil); err == nil {
			t.Errorf("Fit on an empty series: no error")
		}
	})
	if cl > 1 {
		noPanic(t, "Fit on ContextLen rows", func() {
			if err := build().Fit(ctx, clone(train.Slice(0, cl)), nil); err == nil {
				t.Errorf("Fit on %d rows (= ContextLen, no complete training pair): no error", cl)
			}
		})
	}
	bad := clone(train)
	bad.X[17*d+1] = math.NaN()
	noPanic(t, "Fit with NaN", func() {
		err := build().Fit(ctx, bad, nil)
		switch {
		case err == nil:
			t.Errorf("Fit with a NaN at row 17, column 1: no error")
		case !strings.Contains(err.Error(), "row 17") || !strings.Contains(err.Error(), "column 1"):
			t.Errorf("Fit with a NaN at row 17, column 1: error %q does not name row and column", err)
		}
	})
	noPanic(t, "Fit with a validation block of another dimension", func() {
		v := forecast.NewBlock(make([]float64, 3*10), 3)
		if err := build().Fit(ctx, clone(train), v); err == nil {
			t.Errorf("Fit with a 3-column validation block for 2-column data: no error")
		}
	})

	// Fit; it must not modify its inputs.
	trainCopy := clone(train)
	val := data.Slice(TrainRows, TrainRows+cl)
	valCopy := clone(val)
	if err := m.Fit(ctx, train, val); err != nil {
		t.Fatalf("Fit on %d rows: %v", TrainRows, err)
	}
	if !sameBits(train.X, trainCopy.X) || !sameBits(val.X, valCopy.X) {
		t.Errorf("Fit modified its training or validation block")
	}

	// Predict.
	cCopy := clone(c)
	pred, err := m.Predict(c, Horizon)
	if err != nil {
		t.Fatalf("Predict(%d context rows, horizon %d): %v", cl, Horizon, err)
	}
	if !sameBits(c.X, cCopy.X) {
		t.Errorf("Predict modified its context block")
	}
	if pred.Rows != Horizon || pred.Dim != d || len(pred.X) != Horizon*d {
		t.Fatalf("Predict returned %d×%d (%d values), want %d×%d", pred.Rows, pred.Dim, len(pred.X), Horizon, d)
	}
	if !allFinite(pred.X) {
		t.Errorf("Predict returned non-finite values: %v", pred.X)
	}
	if p2, err := m.Predict(c, Horizon); err != nil || !sameBits(p2.X, pred.X) {
		t.Errorf("a second Predict on the same context differs (err %v)", err)
	}
	if p, err := m.Predict(clone(long), Horizon); err != nil {
		t.Errorf("Predict with a longer context (%d rows): %v", long.Rows, err)
	} else if p.Rows != Horizon || !allFinite(p.X) {
		t.Errorf("Predict with a longer context: %d rows, finite %v", p.Rows, allFinite(p.X))
	}
	if h1, err := m.Predict(c, 1); err != nil || !sameBits(h1.X, pred.X[:d]) {
		t.Errorf("Predict(horizon 1) is not the first row of Predict(horizon %d) (err %v)", Horizon, err)
	}

	// Predict errors.
	noPanic(t, "Predict errors", func() {
		if cl > 1 {
			if _, err := m.Predict(clone(c.Slice(1, cl)), 1); err == nil {
				t.Errorf("Predict with %d context rows (ContextLen %d): no error", cl-1, cl)
			}
		}
		if _, err := m.Predict(&forecast.Block{Rows: 0, Dim: d}, 1); err == nil {
			t.Errorf("Predict with an empty context: no error")
		}
		nan := clone(c)
		nan.X[(cl-1)*d] = math.NaN()
		if _, err := m.Predict(nan, 1); err == nil {
			t.Errorf("Predict with a NaN in the context: no error")
		} else if want := fmt.Sprintf("row %d", cl-1); !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "column 0") {
			t.Errorf("Predict with a NaN at row %d, column 0: error %q does not name row and column", cl-1, err)
		}
		wrong := forecast.NewBlock(make([]float64, 3*cl), 3)
		if _, err := m.Predict(wrong, 1); err == nil {
			t.Errorf("Predict with a 3-column context for a 2-column model: no error")
		}
		if _, err := m.Predict(c, 0); err == nil {
			t.Errorf("Predict with horizon 0: no error")
		}
	})

	// Determinism: the same spec and data give bit-identical forecasts.
	m2 := build()
	if err := m2.Fit(ctx, clone(train), clone(val)); err != nil {
		t.Fatalf("second Fit: %v", err)
	}
	if p2, err := m2.Predict(clone(c), Horizon); err != nil || !sameBits(p2.X, pred.X) {
		t.Errorf("two models with seed %d fitted on the same data predict differently (err %v)", spec.Seed, err)
	}

	if r, ok := m.(forecast.Representer); ok {
		checkRepresenter(t, r, clone(long))
	}
	if dy, ok := m.(forecast.Dynamics); ok {
		checkDynamics(t, m, dy, c, pred)
	}
}

func checkRepresenter(t tb, r forecast.Representer, x *forecast.Block) {
	t.Helper()
	rep, err := r.Represent(x)
	if err != nil {
		t.Errorf("Represent(%d rows): %v", x.Rows, err)
		return
	}
	if rep.Rows < 1 || rep.Rows > x.Rows || rep.Dim < 1 || len(rep.X) != rep.Rows*rep.Dim {
		t.Errorf("Represent(%d rows) returned %d×%d (%d values)", x.Rows, rep.Rows, rep.Dim, len(rep.X))
		return
	}
	if !allFinite(rep.X) {
		t.Errorf("Represent returned non-finite values")
	}
	if rep2, err := r.Represent(x); err != nil || !sameBits(rep.X, rep2.X) {
		t.Errorf("Represent is not deterministic (err %v)", err)
	}
	bad := clone(x)
	bad.X[0] = math.NaN()
	noPanic(t, "Represent with NaN", func() {
		if _, err := r.Represent(bad); err == nil {
			t.Errorf("Represent with a NaN: no error")
		}
	})
}

func checkDynamics(t tb, m forecast.Forecaster, dy forecast.Dynamics, c, pred *forecast.Block) {
	t.Helper()
	sys, err := dy.Dynamics(clone(c))
	if err != nil {
		t.Errorf("Dynamics: %v", err)
		return
	}
	n := sys.Dim()
	if n < 1 {
		t.Fatalf("Dynamics system has dimension %d", n)
	}
	if !system.IsDiscrete(sys) {
		t.Errorf("Dynamics system is not a discrete map (system.Discrete)")
	}
	out, ok := sys.(forecast.Outputter)
	if !ok {
		t.Fatalf("Dynamics system %T does not implement forecast.Outputter", sys)
	}
	x0 := sys.State(nil)
	t0 := sys.Time()
	if len(x0) != n || !allFinite(x0) {
		t.Fatalf("Dynamics initial state has %d values (Dim %d), finite %v", len(x0), n, allFinite(x0))
	}
	d := pred.Dim
	for i := 0; i < pred.Rows; i++ {
		o := out.Output(nil, sys.State(nil))
		if len(o) != d {
			t.Fatalf("Output returned %d values, want %d", len(o), d)
		}
		for j, p := range pred.Row(i) {
			if !(math.Abs(o[j]-p) <= DynamicsTol*(1+math.Abs(p))) {
				t.Errorf("Dynamics after %d steps: Output[%d] = %.17g, Predict row %d = %.17g", i, j, o[j], i, p)
			}
		}
		if err := sys.Step(); err != nil {
			t.Fatalf("Dynamics Step %d: %v", i+1, err)
		}
	}
	if sys.Dim() != n {
		t.Errorf("Dynamics Dim changed from %d to %d", n, sys.Dim())
	}
	rs, ok := sys.(system.Resetter)
	if !ok {
		t.Errorf("Dynamics system does not implement system.Resetter")
	} else {
		rs.Reset()
		if !sameBits(sys.State(nil), x0) || sys.Time() != t0 {
			t.Errorf("Reset did not restore the initial state and time")
		}
	}
	f, ok := sys.(system.Field)
	if !ok {
		t.Errorf("Dynamics system does not implement system.Field")
		return
	}
	x := sys.State(nil)
	y := make([]float64, n)
	f.Eval(y, x, sys.Time())
	if err := sys.Step(); err != nil {
		t.Fatalf("Dynamics Step: %v", err)
	}
	x1 := sys.State(nil)
	for i := range y {
		if !(math.Abs(y[i]-x1[i]) <= 1e-12*(1+math.Abs(x1[i]))) {
			t.Errorf("Eval(x)[%d] = %v but Step gives %v", i, y[i], x1[i])
			break
		}
	}
	if jac, ok := sys.(system.Jacobianer); ok {
		checkJacobian(t, f, jac, x, n)
	}
	if s, ok := sys.(system.Setter); ok {
		s.SetState(x)
		if !sameBits(sys.State(nil), x) {
			t.Errorf("SetState did not set the state")
		}
	}
}

func checkJacobian(t tb, f system.Field, jac system.Jacobianer, x []float64, n int) {
	t.Helper()
	j := make([]float64, n*n)
	jac.Jacobian(j, x, 0)
	fd := system.NewFiniteDiff(n, f.Eval)
	jf := make([]float64, n*n)
	fd.Jacobian(jf, x, 0)
	scale := 1.0
	for _, v := range j {
		scale = max(scale, math.Abs(v))
	}
	bad := 0
	for k := range j {
		if !(math.Abs(j[k]-jf[k]) <= JacobianTol*scale) {
			if bad < 5 {
				t.Errorf("Jacobian[%d][%d] = %.10g, finite differences %.10g", k/n, k%n, j[k], jf[k])
			}
			bad++
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d Jacobian entries disagree with finite differences", bad, n*n)
	}
}
