package lattice

import (
	"math"
	"testing"

	"github.com/emergo/emergo/system"
)

// TestOFCSingleToppling checks one toppling by hand on a 3×3 lattice at
// α = 1/4 (binary-exact values): the centre at 0.75 receives 0.25 and
// topples, passing 0.25 to each neighbour and resetting to zero.
func TestOFCSingleToppling(t *testing.T) {
	o, _ := NewOFC(3, 0.25, 1)
	o.SetForces([]float64{
		0.125, 0.5, 0.125,
		0.5, 0.75, 0.25,
		0.125, 0.5, 0.125,
	})
	ev := o.Topple(1, 1, 0.25)
	want := []float64{
		0.125, 0.75, 0.125,
		0.75, 0, 0.5,
		0.125, 0.75, 0.125,
	}
	got := o.Forces(nil)
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("forces %v, want %v", got, want)
		}
	}
	if ev.Size != 1 || ev.Duration != 1 || ev.Area != 1 {
		t.Errorf("event %+v, want size = duration = area = 1", ev)
	}
	if _, lost, diss := o.Budget(); lost != 0 || diss != 0 {
		t.Errorf("bulk toppling at α=1/4 lost %v and dissipated %v, want 0", lost, diss)
	}
}

// TestOFCCornerCascade: a 2×2 lattice at α = 3/16 (binary-exact
// values). The uniform drive brings (0,0) at 0.875 to the threshold
// (δ = 0.125); it passes 0.1875 to (1,0) and (0,1), loses 0.375 across
// the edge and dissipates 0.25. (1,0) at 0.6875 + 0.125 + 0.1875 = 1 then
// topples in round two, passing 0.1875 to (0,0) and (1,1).
func TestOFCCornerCascade(t *testing.T) {
	o, _ := NewOFC(2, 0.1875, 1)
	o.SetForces([]float64{0.875, 0.6875, 0.25, 0.125})
	_ = o.Step()
	ev := o.Events()
	if len(ev) != 1 {
		t.Fatalf("%d events, want 1", len(ev))
	}
	want := []float64{0.1875, 0, 0.5625, 0.4375}
	got := o.Forces(nil)
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("forces %v, want %v", got, want)
		}
	}
	if e := ev[0]; e.Size != 2 || e.Duration != 2 || e.Area != 2 {
		t.Errorf("event %+v, want size 2, duration 2, area 2", e)
	}
	if obs := o.State(nil); obs[4] != 0.125 || obs[0] != 0.296875 {
		t.Errorf("observation %v, want mean force 0.296875 and δ 0.125", obs)
	}
	if load, lost, diss := o.Budget(); load != 0.5 || lost != 0.75 || diss != 0.5 {
		t.Errorf("budget load %v lost %v dissipated %v, want 0.5, 0.75, 0.5", load, lost, diss)
	}
}

// TestOFCTies: two sites tied at the maximum reach the threshold
// together and topple in the same round.
func TestOFCTies(t *testing.T) {
	o, _ := NewOFC(4, 0.2, 1)
	f := make([]float64, 16)
	for i := range f {
		f[i] = 0.25
	}
	f[0], f[15] = 0.5, 0.5 // opposite corners
	o.SetForces(f)
	_ = o.Step()
	if e := o.Events()[0]; e.Size != 2 || e.Duration != 1 || e.Area != 2 {
		t.Errorf("event %+v, want size 2, duration 1, area 2", e)
	}
	if o.Force(0, 0) != 0 || o.Force(3, 3) != 0 {
		t.Errorf("tied sites did not both topple: %v, %v", o.Force(0, 0), o.Force(3, 3))
	}
}

// TestOFCConservation: at α = 1/4 topplings conserve force in the bulk
// exactly (nothing is dissipated), so over every earthquake ΣF changes by
// the drive minus what crosses the edge; for α < 1/4 the dissipated part
// closes the same budget. Rounding is the only error.
func TestOFCConservation(t *testing.T) {
	const tol = 1e-9 // relative to ΣF ~ L²/2, sums of ~1e3 rounded terms
	for _, alpha := range []float64{0.25, 0.2, 0.1} {
		o, _ := NewOFC(16, alpha, 5)
		bulk := 0
		for k := 0; k < 20000; k++ {
			before := o.TotalForce()
			l0, lost0, d0 := o.Budget()
			_ = o.Step()
			l1, lost1, d1 := o.Budget()
			after := o.TotalForce()
			if alpha == 0.25 && d1 != 0 {
				t.Fatalf("α=1/4 dissipated %v", d1)
			}
			want := before + (l1 - l0) - (lost1 - lost0) - (d1 - d0)
			if math.Abs(after-want) > tol*before {
				t.Fatalf("α=%v quake %d: ΣF = %.15g, budget gives %.15g", alpha, k, after, want)
			}
			if alpha == 0.25 && lost1 == lost0 {
				bulk++
				if d := after - (before + l1 - l0); math.Abs(d) > tol*before {
					t.Fatalf("bulk quake %d does not conserve ΣF: change %v", k, d)
				}
			}
			if got := o.State(nil)[0] * 256; math.Abs(got-after) > tol*before {
				t.Fatalf("running total %v differs from ΣF %v", got, after)
			}
		}
		if alpha == 0.25 && bulk == 0 {
			t.Errorf("no bulk earthquake in the run")
		}
	}
}

// TestOFCDeterminism: a seed fixes the whole event sequence; another seed
// changes it; Reset replays it.
func TestOFCDeterminism(t *testing.T) {
	run := func(o *OFC) []system.Event {
		var out []system.Event
		for i := 0; i < 3000; i++ {
			_ = o.Step()
			out = append(out, o.Events()...)
		}
		return out
	}
	a, _ := NewOFC(32, 0.2, 11)
	b, _ := NewOFC(32, 0.2, 11)
	c, _ := NewOFC(32, 0.2, 12)
	ea, eb, ec := run(a), run(b), run(c)
	a.Reset()
	er := run(a)
	same := func(x, y []system.Event) bool {
		if len(x) != len(y) {
			return false
		}
		for i := range x {
			if x[i] != y[i] {
				return false
			}
		}
		return true
	}
	if !same(ea, eb) || !same(ea, er) {
		t.Errorf("same seed or Reset gave a different event sequence")
	}
	if same(ea, ec) {
		t.Errorf("seeds 11 and 12 gave the same event sequence")
	}
}

// TestOFCHeavyTail: at α = 0.2 the stationary earthquake sizes follow a
// power law, P(s) ~ s^−τ with τ ≈ 1.8 asymptotically (Lise & Paczuski,
// Phys. Rev. E 63, 036111 (2001)); small lattices show an effective slope
// near −2. An exponential law with the same mean would make events of
// 20 mean sizes essentially impossible (e^−20 ≈ 2e−9).
func TestOFCHeavyTail(t *testing.T) {
	const (
		slopeLo, slopeHi = -2.4, -1.5
		tailMin          = 1e-4 // fraction of events larger than 20 mean sizes
	)
	o, _ := NewOFC(32, 0.2, 3)
	for i := 0; i < 300_000; i++ { // transient
		_ = o.Step()
	}
	o.Events()
	load, _, _ := o.Budget()
	n := 300_000
	sizes := make([]float64, 0, n)
	var sum float64
	for i := 0; i < n; i++ {
		_ = o.Step()
		for _, e := range o.Events() {
			sizes = append(sizes, e.Size)
			sum += e.Size
		}
	}
	mean := sum / float64(len(sizes))
	var big int
	for _, s := range sizes {
		if s > 20*mean {
			big++
		}
	}
	slope := logBinSlope(sizes, 2, 100)
	frac := float64(big) / float64(len(sizes))
	t.Logf("transient load per site %.0f; mean size %.2f; slope over [2, 100] %.3f; P(s > 20·mean) = %.2g", load/1024, mean, slope, frac)
	if slope < slopeLo || slope > slopeHi {
		t.Errorf("size-distribution slope %.3f outside [%v, %v]", slope, slopeLo, slopeHi)
	}
	if frac < tailMin {
		t.Errorf("P(s > 20·mean) = %.2g, want ≥ %v for a heavy tail", frac, tailMin)
	}
}

// BenchmarkOFC times one earthquake (drive plus relaxation) of the
// default model (L = 64, α = 0.2) after a transient.
func BenchmarkOFC(b *testing.B) {
	o, _ := NewOFC(64, 0.2, 1)
	for i := 0; i < 200_000; i++ {
		_ = o.Step()
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = o.Step()
		if i%4096 == 0 {
			o.Events()
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "quakes/s")
}

var _ system.EventSource = (*OFC)(nil)
