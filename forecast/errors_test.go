package forecast_test

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/emergo/emergo/forecast"
	"github.com/emergo/emergo/system"
)

// A training series too short for the model's lags or washout is an
// error that says how many rows are needed.
func TestTooShortErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		hyper map[string]float64
		rows  int
		want  string
	}{
		{"ridge", map[string]float64{"lags": 4}, 4, "needs at least 5"},
		{"nvar", map[string]float64{"k": 3, "s": 5}, 11, "needs at least 12"},
		{"esn", map[string]float64{"washout": 100, "size": 20}, 101, "needs at least 102"},
	} {
		m, err := forecast.New(tc.name, forecast.Spec{Hyper: tc.hyper})
		if err != nil {
			t.Fatal(err)
		}
		err = m.Fit(context.Background(), forecast.NewBlock(make([]float64, 2*tc.rows), 2), nil)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), tc.name) {
			t.Errorf("%s on %d rows: error %v, want one containing %q", tc.name, tc.rows, err, tc.want)
		}
	}
}

// Hyperparameters are validated by name and range through New.
func TestHyperValidation(t *testing.T) {
	if _, err := forecast.New("esn", forecast.Spec{Hyper: map[string]float64{"sise": 100}}); err == nil ||
		!strings.Contains(err.Error(), "hyperparameter") || !strings.Contains(err.Error(), `"size"`) {
		t.Errorf("misspelt hyperparameter: %v", err)
	}
	if _, err := forecast.New("nvar", forecast.Spec{Hyper: map[string]float64{"order": 4}}); err == nil {
		t.Errorf("order 4: no error")
	}
	if _, err := forecast.New("nvar", forecast.Spec{Hyper: map[string]float64{"k": 1.5}}); err == nil {
		t.Errorf("k = 1.5: no error")
	}
	if _, err := forecast.New("ngrc", forecast.Spec{}); err == nil {
		t.Errorf("unknown model: no error")
	}
}

// A rollout that runs away is stopped with a *DivergedError naming the
// step (it wraps system.ErrDiverged), both by Predict and by the
// Dynamics system. The data grow by 10% per step, which a one-lag ridge
// fits exactly; the forecast passes 10^6 training standard deviations
// after about ln(10^6·σ/x_last)/ln 1.1 steps.
func TestDivergedRollout(t *testing.T) {
	x := make([]float64, 100)
	for i := range x {
		x[i] = math.Pow(1.1, float64(i))
	}
	data := forecast.NewBlock(x, 1)
	m := fit(t, "ridge", map[string]float64{"lags": 1, "alpha": 0}, 1, data)
	_, err := m.Predict(data.Slice(99, 100), 1000)
	var de *forecast.DivergedError
	if !errors.As(err, &de) || !errors.Is(err, system.ErrDiverged) {
		t.Fatalf("runaway rollout: error %v, want a *DivergedError", err)
	}
	sd := forecast.Std(data)[0]
	var mean float64
	for _, v := range x {
		mean += v / 100
	}
	want := int(math.Ceil(math.Log((forecast.DivergeBound*sd+mean)/x[99]) / math.Log(1.1)))
	if de.Step < want-1 || de.Step > want+1 || !strings.Contains(err.Error(), "step") {
		t.Errorf("diverged at step %d (%v), want about %d", de.Step, err, want)
	}
	sys, err := m.(forecast.Dynamics).Dynamics(data.Slice(99, 100))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2*want; i++ {
		if err = sys.Step(); err != nil {
			break
		}
	}
	if !errors.Is(err, system.ErrDiverged) {
		t.Errorf("Dynamics of a runaway model: error %v after %d steps, want a divergence", err, 2*want)
	}
}

// Represent has the documented shapes and alignment.
func TestRepresentShapes(t *testing.T) {
	data := lorenz(t, 0.025, nil, 200, 600)
	m := fit(t, "nvar", nil, 1, data.Slice(0, 402))
	rep, err := m.(forecast.Representer).Represent(data.Slice(402, 600))
	if err != nil {
		t.Fatal(err)
	}
	// k = 2, s = 1 on 3 variables: 6 linear + 21 quadratic features, one
	// row per row with a full delay window (198 − 1).
	if rep.Dim != 27 || rep.Rows != 197 {
		t.Errorf("NG-RC representation %d×%d, want 197×27", rep.Rows, rep.Dim)
	}
	// The first linear features of the last row are the standardised
	// last row of the input.
	train := data.Slice(0, 402)
	std := forecast.Std(train)
	for j := 0; j < 3; j++ {
		var mean float64
		for i := 0; i < train.Rows; i++ {
			mean += train.X[i*3+j] / float64(train.Rows)
		}
		want := (data.Row(599)[j] - mean) / std[j]
		if got := rep.Row(rep.Rows - 1)[j]; math.Abs(got-want) > 1e-12 {
			t.Errorf("feature %d of the last row = %.15g, want %.15g", j, got, want)
		}
	}
	e := fit(t, "esn", map[string]float64{"size": 50, "washout": 20}, 1, data.Slice(0, 402))
	rs, err := e.(forecast.Representer).Represent(data.Slice(402, 600))
	if err != nil {
		t.Fatal(err)
	}
	if rs.Dim != 50 || rs.Rows != 198-20 {
		t.Errorf("ESN representation %d×%d, want 178×50", rs.Rows, rs.Dim)
	}
}
