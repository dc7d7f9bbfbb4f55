package adapt

import (
	"context"
	"math"
	"testing"

	"github.com/emergo/emergo/system"
	_ "github.com/emergo/emergo/system/maps" // Logistic
	_ "github.com/emergo/emergo/system/market"
)

func newSys(t *testing.T, name string, p system.Params) system.System {
	t.Helper()
	s, err := system.New(name, p, 1)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func sample(t *testing.T, s system.System, n int) []float64 {
	t.Helper()
	x, err := SampleRows(context.Background(), s, n, 0)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// Noisy with σ = 0 is the system itself, bit for bit; with σ > 0 the
// difference from the clean trajectory has mean ≈ 0 and standard
// deviation σ·scale per column (within 5 standard errors over 20 000
// values), the same at repeated State calls, and the dynamics are
// unchanged.
func TestNoisy(t *testing.T) {
	const n = 20000
	clean := sample(t, newSys(t, "Lorenz", nil), n)
	zero := sample(t, Noisy(newSys(t, "Lorenz", nil), 0, nil, 3), n)
	for i := range clean {
		if clean[i] != zero[i] {
			t.Fatalf("σ=0: value %d is %v, clean %v", i, zero[i], clean[i])
		}
	}
	scale := []float64{1, 2, 0.5}
	ns := Noisy(newSys(t, "Lorenz", nil), 0.1, scale, 3)
	if _, ok := ns.(system.Setter); !ok {
		t.Error("Noisy of a flow is not a Setter")
	}
	a := ns.State(nil)
	b := ns.State(nil)
	if a[0] != b[0] || a[2] != b[2] {
		t.Errorf("repeated State calls differ: %v %v", a, b)
	}
	noisy := sample(t, ns, n)
	for j, s := range scale {
		var m, ss float64
		for i := 0; i < n; i++ {
			e := noisy[3*i+j] - clean[3*i+j]
			m += e
			ss += e * e
		}
		m /= n
		sd := math.Sqrt(ss/n - m*m)
		want := 0.1 * s
		if math.Abs(m) > 5*want/math.Sqrt(n) || math.Abs(sd-want) > 5*want/math.Sqrt(2*n) {
			t.Errorf("column %d: noise mean %v, sd %v; want 0, %v", j, m, sd, want)
		}
	}
}

// Missing hides whole rows with probability p: the share of NaN rows is
// p within 4 binomial standard errors, the other rows equal the clean
// trajectory, and system.Sample refuses it (NaN counts as divergence)
// while SampleRows records it.
func TestMissing(t *testing.T) {
	const (
		n = 20000
		p = 0.1
	)
	clean := sample(t, newSys(t, "Lorenz", nil), n)
	ms := Missing(newSys(t, "Lorenz", nil), p, 4)
	x := sample(t, ms, n)
	miss := 0
	for i := 0; i < n; i++ {
		nan := 0
		for j := 0; j < 3; j++ {
			if math.IsNaN(x[3*i+j]) {
				nan++
			} else if x[3*i+j] != clean[3*i+j] {
				t.Fatalf("row %d column %d: %v, clean %v", i, j, x[3*i+j], clean[3*i+j])
			}
		}
		if nan == 3 {
			miss++
		} else if nan != 0 {
			t.Fatalf("row %d is partly missing", i)
		}
	}
	if se := math.Sqrt(p * (1 - p) / n); math.Abs(float64(miss)/n-p) > 4*se {
		t.Errorf("%d of %d rows missing, want %v ± %v", miss, n, p, 4*se)
	}
	if _, err := system.Sample(context.Background(), Missing(newSys(t, "Lorenz", nil), 1, 1), 10, nil); err == nil {
		t.Error("system.Sample accepted NaN observations")
	}
}

// Drift on the logistic map x' = r x (1 − x) ramps r exactly as
// documented: every step of the sample satisfies the map with
// r(k) = from + (to − from)(k − start)/steps, clamped, bit for bit.
func TestDriftLogistic(t *testing.T) {
	const start, steps = 10, 40
	// Variables, not constants: the ramp's arithmetic is float64.
	from, to := 3.2, 3.8
	d, err := Drift("Logistic", "r", from, to, start, steps, system.Config{IC: []float64{0.3}})
	if err != nil {
		t.Fatal(err)
	}
	x := sample(t, d, 80)
	for k := 0; k+1 < len(x); k++ {
		r := from
		switch {
		case k >= start+steps:
			r = to
		case k > start:
			r = from + (to-from)*float64(k-start)/float64(steps)
		}
		if want := r * x[k] * (1 - x[k]); x[k+1] != want {
			t.Fatalf("step %d: x' = %v, want r x (1 − x) = %v with r = %v", k, x[k+1], want, r)
		}
	}
	if name, v := d.Param(); name != "r" || v != to {
		t.Errorf("parameter after the ramp: %s = %v, want r = %v", name, v, to)
	}
	if d.Time() != 79 {
		t.Errorf("time %v after 79 steps", d.Time())
	}
}

// Drift on Lorenz keeps the trajectory of the plain system before the
// ramp (bit for bit), and ρ ramped to 150 ends on the large periodic
// orbit: the mean of z is near ρ − 1 (within 15%).
func TestDriftLorenz(t *testing.T) {
	plain := sample(t, newSys(t, "Lorenz", nil), 200)
	d, err := Drift("Lorenz", "rho", 28, 150, 200, 2000, system.Config{})
	if err != nil {
		t.Fatal(err)
	}
	x := sample(t, d, 5000)
	for i := range plain {
		if x[i] != plain[i] {
			t.Fatalf("value %d before the ramp: %v, plain %v", i, x[i], plain[i])
		}
	}
	var zm float64
	for i := 3000; i < 5000; i++ {
		zm += x[3*i+2]
	}
	zm /= 2000
	if math.Abs(zm-149)/149 > 0.15 {
		t.Errorf("mean z after the ramp %v, want about ρ − 1 = 149", zm)
	}
	if math.Abs(d.Time()-49.99) > 1e-9 {
		t.Errorf("time %v, want 49.99", d.Time())
	}
}

// Drift refuses what it cannot ramp, naming the problem.
func TestDriftErrors(t *testing.T) {
	for _, tc := range []struct {
		name, param string
		from, to    float64
		start, n    int
		cfg         system.Config
	}{
		{"Lorenz", "gamma", 1, 2, 0, 10, system.Config{}},                                // no such parameter
		{"Logistic", "r", 3, 5, 0, 10, system.Config{}},                                  // out of range
		{"Lorenz", "rho", 28, 30, 0, 0, system.Config{}},                                 // no steps
		{"Lorenz", "rho", 28, 30, 0, 10, system.Config{Params: system.Params{"rho": 3}}}, // set twice
		{"GARCH", "omega", 0.1, 0.2, 0, 10, system.Config{}},                             // stochastic
		{"NoSuchSystem", "a", 0, 1, 0, 10, system.Config{}},
	} {
		if _, err := Drift(tc.name, tc.param, tc.from, tc.to, tc.start, tc.n, tc.cfg); err == nil {
			t.Errorf("Drift(%s, %s, %v→%v) succeeded", tc.name, tc.param, tc.from, tc.to)
		} else {
			t.Logf("%s/%s: %v", tc.name, tc.param, err)
		}
	}
}

// Switch with carry continues b from a's state (a parameter jump): rows
// before the switch are a's, the row at the switch is one step of b from
// a's last state. Without carry the row at the switch is b's current
// observation.
func TestSwitch(t *testing.T) {
	const at = 20
	logi := func(r float64) system.System {
		s, err := system.NewConfig("Logistic", system.Config{Params: system.Params{"r": r}, IC: []float64{0.3}})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	plain := sample(t, logi(3.5), at)
	s, err := Switch(logi(3.5), logi(3.9), at, true)
	if err != nil {
		t.Fatal(err)
	}
	x := sample(t, s, 40)
	for k := 0; k < at; k++ {
		if x[k] != plain[k] {
			t.Fatalf("row %d before the switch: %v, want %v", k, x[k], plain[k])
		}
	}
	for k := at - 1; k+1 < 40; k++ {
		if want := 3.9 * x[k] * (1 - x[k]); x[k+1] != want {
			t.Fatalf("row %d after the switch: %v, want %v (r = 3.9)", k+1, x[k+1], want)
		}
	}
	if s.Time() != 39 {
		t.Errorf("time %v after 39 steps", s.Time())
	}
	b := logi(3.9)
	b0 := b.State(nil)[0]
	s, err = Switch(logi(3.5), b, at, false)
	if err != nil {
		t.Fatal(err)
	}
	x = sample(t, s, at+2)
	if x[at] != b0 || x[at+1] != 3.9*b0*(1-b0) {
		t.Errorf("rows at the switch %v, %v; want b's %v then its image", x[at], x[at+1], b0)
	}
	if _, err := Switch(logi(3.5), newSys(t, "Lorenz", nil), 5, false); err == nil {
		t.Error("systems of different dimensions were accepted")
	}
	if _, err := Switch(logi(3.5), logi(3.6), 0, false); err == nil {
		t.Error("a switch at step 0 was accepted")
	}
}
