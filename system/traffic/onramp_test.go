package traffic

import (
	"math"
	"strings"
	"testing"

	"github.com/emergo/emergo/system/systest"
)

func TestOnRampConformance(t *testing.T) {
	systest.Run(t, "NaSchOnRamp")
}

func mustOnRamp(t testing.TB, c OnRampConfig, seed uint64) *OnRamp {
	t.Helper()
	m, err := NewOnRamp(c, seed)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// Invariant: no car is created or lost. At every step the arrivals equal
// the exits plus the cars on the road and in the queues, the entries equal
// the exits plus the cars on the road, cars never share a cell and keep
// their order, and the cumulative counters agree with the per-step ones.
// Checked for free flow, a congested road and a held ramp.
func TestOnRampConservation(t *testing.T) {
	for _, tc := range []struct {
		name         string
		inflow, ramp float64
		rate         float64
	}{{"free", 0.1, 0.05, 1}, {"congested", 0.6, 0.3, 1}, {"metered", 0.3, 0.2, 0.3}, {"held", 0.3, 0.2, 0}} {
		c := DefaultOnRampConfig()
		c.L, c.MergeStart, c.DetectorStart = 200, 100, 115
		c.Inflow, c.RampDemand = tc.inflow, tc.ramp
		m := mustOnRamp(t, c, 3)
		if err := m.SetMeteringRate(tc.rate); err != nil {
			t.Fatal(err)
		}
		var exits int64
		for s := 0; s < 3000; s++ {
			_ = m.Step()
			exits += int64(m.Exits())
			k := m.Counters()
			q0, q1 := m.Queues()
			if k.Arrived+k.ArrivedRamp != k.Exited+int64(m.OnRoad()+q0+q1) {
				t.Fatalf("%s step %d: arrived %d+%d ≠ exited %d + road %d + queues %d+%d", tc.name, s, k.Arrived, k.ArrivedRamp, k.Exited, m.OnRoad(), q0, q1)
			}
			if k.Entered+k.EnteredRamp != k.Exited+int64(m.OnRoad()) {
				t.Fatalf("%s step %d: entered ≠ exited + on road", tc.name, s)
			}
			pos := m.Positions(nil)
			for i := 1; i < len(pos); i++ {
				if pos[i] >= pos[i-1] {
					t.Fatalf("%s step %d: cars out of order or sharing a cell: %v", tc.name, s, pos[max(0, i-3):i+1])
				}
			}
		}
		k := m.Counters()
		if exits != k.Exited || k.Exited == 0 {
			t.Errorf("%s: per-step exits sum to %d, counter %d", tc.name, exits, k.Exited)
		}
		if tc.rate == 0 && k.EnteredRamp != 0 {
			t.Errorf("held ramp let %d cars in", k.EnteredRamp)
		}
		if tc.rate > 0 && k.EnteredRamp == 0 {
			t.Errorf("%s: no ramp car entered", tc.name)
		}
		// Mainline travel times are at least the free travel time L/vmax.
		mt := (k.TravelSum - k.TravelSumRamp) / float64(k.Exited-k.ExitedRamp)
		if free := float64(c.L) / float64(c.Vmax); !(mt >= free) {
			t.Errorf("%s: mean mainline travel time %v below the free travel time %v", tc.name, mt, free)
		}
	}
}

// Exact: with p = 0 and a single car the road is crossed at vmax. A car
// that arrives at step 1 enters on cell 0 at speed vmax and moves vmax
// cells a step, so it leaves the L = 20 road (vmax = 5) at step 1 + 4 =
// 5 with travel time 4; the metering credit releases exactly one ramp car
// every 1/rate steps on an empty road.
func TestOnRampExactFreeCar(t *testing.T) {
	c := OnRampConfig{L: 20, Vmax: 5, P: 0, Inflow: 1, RampDemand: 0, MergeStart: 10, MergeLen: 2, MergeSpeed: 1, DetectorStart: 12, DetectorLen: 3}
	m := mustOnRamp(t, c, 1)
	_ = m.Step()
	m.cfg.Inflow = 0 // one car only (white-box: stop further arrivals)
	m.inAll = false
	for m.Counters().Exited == 0 && m.Time() < 20 {
		_ = m.Step()
	}
	k := m.Counters()
	if m.Time() != 5 || k.Exited != 1 || k.TravelSum != 4 {
		t.Errorf("single car left at t=%v (exited %d, travel %v), want t=5, 1 car, travel 4", m.Time(), k.Exited, k.TravelSum)
	}
	// Metering: rate 0.25 on an always-full ramp releases a car every 4th step.
	c.Inflow, c.RampDemand, c.L, c.MergeStart, c.MergeLen = 0, 1, 200, 10, 10
	m = mustOnRamp(t, c, 1)
	if err := m.SetMeteringRate(0.25); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 40; i++ {
		_ = m.Step()
	}
	if got := m.Counters().EnteredRamp; got != 10 {
		t.Errorf("rate 0.25 over 40 steps released %d ramp cars, want 10", got)
	}
}

// Reset replays bit-identically, metering included.
func TestOnRampResetReplay(t *testing.T) {
	c := DefaultOnRampConfig()
	c.Inflow, c.RampDemand = 0.35, 0.15
	m := mustOnRamp(t, c, 9)
	run := func() OnRampCounters {
		for i := 0; i < 2000; i++ {
			if i == 500 {
				_ = m.SetMeteringRate(0.2)
			}
			_ = m.Step()
		}
		return m.Counters()
	}
	a := run()
	m.Reset()
	if b := run(); a != b {
		t.Errorf("replay after Reset differs:\n%+v\n%+v", a, b)
	}
}

// Bad parameters are errors naming the parameter.
func TestOnRampErrors(t *testing.T) {
	bad := []struct {
		mod  func(*OnRampConfig)
		want string
	}{
		{func(c *OnRampConfig) { c.L = 3 }, "L=3"},
		{func(c *OnRampConfig) { c.P = 1.5 }, "p=1.5"},
		{func(c *OnRampConfig) { c.P0 = -0.5 }, "p0=-0.5"},
		{func(c *OnRampConfig) { c.Inflow = -0.1 }, "inflow"},
		{func(c *OnRampConfig) { c.RampDemand = math.NaN() }, "ramp_demand"},
		{func(c *OnRampConfig) { c.MergeStart = 495 }, "merge_start"},
		{func(c *OnRampConfig) { c.DetectorLen = 0 }, "detector_len"},
		{func(c *OnRampConfig) { c.Vmax = 0 }, "vmax"},
		{func(c *OnRampConfig) { c.MergeSpeed = 6 }, "merge_speed"},
	}
	for _, b := range bad {
		c := DefaultOnRampConfig()
		b.mod(&c)
		if _, err := NewOnRamp(c, 1); err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("want an error naming %q, got %v", b.want, err)
		}
	}
	m := mustOnRamp(t, DefaultOnRampConfig(), 1)
	if err := m.SetMeteringRate(1.2); err == nil {
		t.Error("metering rate 1.2 accepted")
	}
}

// Slow-to-start (VDR) rules: P0 = P is the plain model bit for bit (the
// same thresholds and the same random draws as P0 = 0), and a stopped car
// braking with P0 = 0.75 > P lowers the throughput of the congested merge
// (capacity drop: a jam's outflow is below the free flow; Barlovic et al.
// 1998) on every one of five paired seeds.
func TestOnRampSlowToStart(t *testing.T) {
	c := DefaultOnRampConfig()
	c.Inflow, c.RampDemand = 0.35, 0.15 // total demand 0.5 above the merge's capacity
	run := func(p0 float64, seed uint64) (float64, []float64) {
		cc := c
		cc.P0 = p0
		m := mustOnRamp(t, cc, seed)
		var trace []float64
		for i := 0; i < 4000; i++ {
			if err := m.Step(); err != nil {
				t.Fatal(err)
			}
			if i%100 == 0 {
				trace = append(trace, m.State(nil)...)
			}
		}
		return float64(m.Counters().Exited) / 4000, trace
	}
	for seed := uint64(1); seed <= 5; seed++ {
		plain, a := run(0, seed)
		same, b := run(c.P, seed)
		for i := range a {
			if a[i] != b[i] {
				t.Fatalf("seed %d: P0 = P differs from the plain rules at sample %d", seed, i)
			}
		}
		if plain != same {
			t.Fatalf("seed %d: throughput %v vs %v", seed, plain, same)
		}
		vdr, _ := run(0.75, seed)
		if !(vdr < plain-0.05) {
			t.Errorf("seed %d: throughput with slow-to-start %.3f, plain %.3f: want a capacity drop of more than 0.05", seed, vdr, plain)
		}
		t.Logf("seed %d: throughput plain %.3f, VDR p0 = 0.75 %.3f", seed, plain, vdr)
	}
}
