package traffic

import (
	"context"
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/emergo/emergo/experiment"
	sys "github.com/emergo/emergo/system/traffic"
)

// Exact: for p = 0 the stationary flow of the ring is
// J(ρ) = min(vmax ρ, 1 − ρ) (Nagel & Schreckenberg 1992), reached from an
// evenly spaced start; the peak is at ρ = 1/(vmax+1) with J = vmax/(vmax+1).
func TestFundamentalExactDeterministic(t *testing.T) {
	const l, vmax = 60, 5
	best, bestN := -1.0, 0
	for n := 1; n < l; n++ {
		m, err := UniformRing(l, n, vmax, 0, 1)
		if err != nil {
			t.Fatal(err)
		}
		j := MeanFlow(m, 200, 100)
		rho := float64(n) / l
		if want := ExactFlowDeterministic(rho, vmax); math.Abs(j-want) > 1e-12 {
			t.Errorf("ρ = %d/%d: J = %v, want min(vmax ρ, 1 − ρ) = %v", n, l, j, want)
		}
		if j > best {
			best, bestN = j, n
		}
	}
	if bestN != l/(vmax+1) || math.Abs(best-float64(vmax)/(vmax+1)) > 1e-12 {
		t.Errorf("peak J = %v at n = %d, want %v at n = %d", best, bestN, float64(vmax)/(vmax+1), l/(vmax+1))
	}
	// The experiment reports the same.
	p := DefaultFundamentalParams()
	p.L, p.Ps, p.Densities, p.Transient, p.Steps = 120, []float64{0, 0.5}, 24, 300, 200
	res, err := RunFundamental(context.Background(), p, experiment.NewEnv(1))
	if err != nil {
		t.Fatal(err)
	}
	if err := res.Check(); err != nil {
		t.Fatal(err)
	}
	if d := res.Metrics["p0_max_abs_deviation_from_exact"]; d > 1e-12 {
		t.Errorf("p = 0 deviation from the exact curve %v", d)
	}
	if g := float64(res.Metrics["p0_grid_peak_density"]); math.Abs(g-1.0/6) > 1e-12 {
		t.Errorf("p = 0 grid peak at ρ = %v, want 1/6", g)
	}
	// Random braking lowers the capacity (p = 0.5: about 0.34 on a ring).
	if c := res.Metrics["capacity_p0.5"]; !(c < 0.4 && c > 0.25) {
		t.Errorf("capacity at p = 0.5 is %v, want about 0.34", c)
	}
}

// Peak finds the vertex of a sampled parabola exactly.
func TestPeakParabola(t *testing.T) {
	x := []float64{0, 1, 2, 3, 4}
	y := make([]float64, len(x))
	for i, v := range x {
		y[i] = 3 - (v-1.3)*(v-1.3)
	}
	xc, yc := Peak(x, y)
	if math.Abs(xc-1.3) > 1e-12 || math.Abs(yc-3) > 1e-12 {
		t.Errorf("Peak = (%v, %v), want (1.3, 3)", xc, yc)
	}
}

// Hand-built space-time diagrams: a jam drifting upstream is one
// cluster, a separate stopped car another, a jam across the ring's seam
// one cluster.
func TestJamTrackerHandBuilt(t *testing.T) {
	const l = 10
	rows := [][]int{
		{},        // t0
		{3, 4},    // t1
		{2, 3, 8}, // t2: the jam drifts one cell upstream; a lone stop at 8
		{2},       // t3
		{9, 0},    // t4: a jam across the seam
		{},        // t5
	}
	tr := NewJamTracker(l)
	for _, r := range rows {
		b := make([]bool, l)
		for _, x := range r {
			b[x] = true
		}
		tr.AddRow(b)
	}
	got := tr.Jams(true)
	want := []Jam{{Size: 5, Start: 1, End: 3, MaxCars: 2}, {Size: 1, Start: 2, End: 2, MaxCars: 1}, {Size: 2, Start: 4, End: 4, MaxCars: 2}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("jams = %+v, want %+v", got, want)
	}
	if got[0].Lifetime() != 3 {
		t.Errorf("lifetime %d, want 3", got[0].Lifetime())
	}
	// A car moving forward (x at t, x+1 at t+1) is not the same jam.
	tr = NewJamTracker(l)
	for _, r := range [][]int{{}, {3}, {4}, {}} {
		b := make([]bool, l)
		for _, x := range r {
			b[x] = true
		}
		tr.AddRow(b)
	}
	if n := len(tr.Jams(true)); n != 2 {
		t.Errorf("stops at (3, t) and (4, t+1): %d jams, want 2", n)
	}
}

// Exact: five cars bumper to bumper at rest, p = 0, on an otherwise
// empty ring. The queue dissolves from its head, one car per step, so the
// stopped cars after steps 1-4 are 4, 3, 2, 1 and then none: one jam of
// size 10 and lifetime 4, which the deterministic free flow never
// re-forms (density 0.1 < 1/(vmax+1)).
func TestJamFromDissolvingQueue(t *testing.T) {
	m, err := sys.NewNaSchAt(50, 5, 0, []int{0, 1, 2, 3, 4}, 1)
	if err != nil {
		t.Fatal(err)
	}
	tr := NewJamTracker(50)
	row := make([]bool, 50)
	var pos, vel []int
	for s := 0; s < 40; s++ {
		_ = m.Step()
		pos, vel = stoppedRow(m, row, pos, vel)
		tr.AddRow(row)
	}
	got := tr.Jams(false)
	if want := []Jam{{Size: 10, Start: 0, End: 3, MaxCars: 4}}; !reflect.DeepEqual(got, want) {
		t.Errorf("jams = %+v, want %+v", got, want)
	}
	if n := len(tr.Jams(true)); n != 0 {
		t.Errorf("the jam touches the first row but %d complete jams were reported", n)
	}
}

// The forecaster recovers the coefficients of a noiseless linear rule.
func TestFitForecasterExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 1))
	n := 400
	det, up := make([]float64, n), make([]float64, n)
	for i := range up {
		up[i] = rng.Float64()
	}
	det[0], det[1] = rng.Float64(), rng.Float64()
	// det[k+2] = 0.1 + 0.5 det[k] − 0.2 det[k−1] + 0.3 up[k] + noise-free.
	for k := 1; k+2 < n; k++ {
		det[k+2] = 0.1 + 0.5*det[k] - 0.2*det[k-1] + 0.3*up[k]
	}
	// Fill det[2] from the rule's first use: it is a free regressor.
	f, err := FitForecaster(det[1:], up[1:], 2, 2, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{0.5, -0.2, 0.3, 0}
	for i, w := range want {
		if math.Abs(f.W[i]-w) > 1e-8 {
			t.Errorf("w[%d] = %v, want %v", i, f.W[i], w)
		}
	}
	if math.Abs(f.B-0.1) > 1e-8 {
		t.Errorf("intercept %v, want 0.1", f.B)
	}
}

// Flow conservation on the open road under every controller: the cars
// that left per step never exceed the arrivals, and with no metering the
// long-run throughput equals the demand when the demand is below capacity;
// no car is faster than the free travel time from the merge.
func TestControlledRunConservation(t *testing.T) {
	p := DefaultControlParams()
	p.Steps = 4000
	road := Road{Name: "free", P: 0.25, Inflow: 0.2, RampDemand: 0.1}
	fc := &Forecaster{Lags: 1, Horizon: 1, W: []float64{1, 0}}
	for _, c := range Controllers {
		r, err := RunControlled(context.Background(), p, road, Controller{Name: c, Setting: 0.2}, fc, 3)
		if err != nil {
			t.Fatal(err)
		}
		if c == "no control" && math.Abs(r.Throughput-0.3) > 0.03 {
			t.Errorf("free flow throughput %v, want the demand 0.3 ± 0.03", r.Throughput)
		}
		if !(r.Throughput <= 0.3+0.03) || !(r.TravelTime >= float64(p.L-p.MergeStart-p.MergeLen)/float64(p.Vmax)) {
			t.Errorf("%s: throughput %v, travel time %v", c, r.Throughput, r.TravelTime)
		}
		if len(r.Det) != p.Steps/p.Interval {
			t.Errorf("%s: %d periods, want %d", c, len(r.Det), p.Steps/p.Interval)
		}
	}
	if _, err := RunControlled(context.Background(), p, road, Controller{Name: "bogus"}, nil, 1); err == nil || !strings.Contains(err.Error(), "bogus") {
		t.Errorf("unknown controller: %v", err)
	}
}

func quickRun(t *testing.T, name string, seed uint64) *experiment.Result {
	t.Helper()
	k, err := experiment.Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	p := k.Params()
	k.Quick(p)
	if err := k.Validate(p); err != nil {
		t.Fatalf("%s quick params invalid: %v", name, err)
	}
	res, err := k.Run(context.Background(), p, experiment.NewEnv(seed))
	if err != nil {
		t.Fatal(err)
	}
	if err := res.Check(); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return res
}

// Quick runs give well-formed, deterministic results.
func TestQuickRunsCheckAndDeterminism(t *testing.T) {
	for _, name := range []string{FundamentalName, JamsName, ControlName} {
		a := quickRun(t, name, 5)
		b := quickRun(t, name, 5)
		ja, _ := json.Marshal(a) // NaN cells of the heatmap: compare encodings
		jb, _ := json.Marshal(b)
		if string(ja) != string(jb) {
			t.Errorf("%s: two runs with the same seed differ", name)
		}
		if len(a.Metrics) == 0 || len(a.Plots) == 0 || len(a.Tables) == 0 {
			t.Errorf("%s: empty result", name)
		}
	}
	res := quickRun(t, JamsName, 5)
	if res.Plots[0].Kind != experiment.Heat || len(res.Plots[0].Matrix) != 100 || len(res.Plots[0].Cols) != 100 {
		t.Errorf("jams: want a 100 × 100 space-time heatmap first")
	}
	if n := res.Metrics["jams_rho0.2"]; !(n > 100) {
		t.Errorf("jams: %v jams at ρ = 0.2", n)
	}
}

// Cancellation is honoured.
func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, name := range []string{JamsName, ControlName} {
		k, _ := experiment.Lookup(name)
		if _, err := k.Run(ctx, k.Params(), experiment.NewEnv(1)); err == nil {
			t.Errorf("%s ran under a cancelled context", name)
		}
	}
}

// Bad parameters are errors naming the parameter.
func TestBadParams(t *testing.T) {
	cases := []struct {
		kind, raw, want string
	}{
		{FundamentalName, `{"ps": []}`, "ps"},
		{FundamentalName, `{"ps": [0, 1.5]}`, "ps[1]"},
		{FundamentalName, `{"vmax": 0}`, "vmax"},
		{FundamentalName, `{"densities": 2}`, "densities"},
		{JamsName, `{"densities": [0.2, 1.2]}`, "densities[1]"},
		{JamsName, `{"p": -0.1}`, "p"},
		{JamsName, `{"heat_cells": 0}`, "heat_cells"},
		{JamsName, `{"steps": 5}`, "steps"},
		{ControlName, `{"roads": [{"name": "a", "p": 0.2, "inflow": 2}]}`, "inflow"},
		{ControlName, `{"roads": [{"name": "a", "p": 0.2, "p0": 1.5}]}`, "p0"},
		{ControlName, `{"roads": [{"name": "a", "p": 0.2, "ramp_demand": -1}]}`, "ramp_demand"},
		{ControlName, `{"roads": [{"name": "a b", "p": 0.2}]}`, "roads[0]"},
		{ControlName, `{"roads": []}`, "roads"},
		{ControlName, `{"targets": [0.1, 2]}`, "targets[1]"},
		{ControlName, `{"tune_seeds": 0}`, "tune_seeds"},
		{ControlName, `{"merge_start": 499}`, "merge_start"},
		{ControlName, `{"seeds": 0}`, "seeds"},
		{ControlName, `{"fixed_rates": [1.5]}`, "fixed_rates[0]"},
		{ControlName, `{"upstream": 300}`, "upstream"},
		{ControlName, `{"bogus": 1}`, "bogus"},
	}
	for _, c := range cases {
		k, err := experiment.Lookup(c.kind)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := k.Decode([]byte(c.raw)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s %s: want an error naming %q, got %v", c.kind, c.raw, c.want, err)
		}
	}
	for _, name := range []string{FundamentalName, JamsName, ControlName} {
		k, _ := experiment.Lookup(name)
		if _, err := k.Decode(nil); err != nil {
			t.Errorf("%s defaults invalid: %v", name, err)
		}
	}
}

// The flow-forecasting experiment runs in quick mode and is well formed.
func TestForecastQuick(t *testing.T) {
	res := quickRun(t, ForecastName, 3)
	if len(res.Tables) == 0 {
		t.Error("forecast: no table")
	}
}
