package lattice

import (
	"math"
	"strings"
	"testing"

	"github.com/emergo/emergo/system"
	"github.com/emergo/emergo/system/systest"
)

var catalogue = []string{"Sandpile", "ForestFire", "OFC", "Ising", "Kuramoto"}

// TestConformance runs the catalogue-wide conformance suite on every
// system of the package at default parameters.
func TestConformance(t *testing.T) {
	for _, name := range catalogue {
		t.Run(name, func(t *testing.T) { systest.Run(t, name) })
	}
	// Wolff updates and hot starts are not the defaults; check them too.
	t.Run("IsingWolff", func(t *testing.T) {
		e, _ := system.Lookup("Ising")
		systest.RunSystem(t, "Ising/wolff", func(seed uint64) system.System {
			s, err := e.New(system.Config{Params: system.Params{"wolff": 1, "hot": 1, "T": 2.5}, Seed: seed})
			if err != nil {
				t.Fatal(err)
			}
			return s
		}, true)
	})
}

func TestBuildErrors(t *testing.T) {
	cases := []struct {
		name string
		p    system.Params
		want string
	}{
		{"Ising", system.Params{"wolff": 1, "h": 0.5}, "Wolff"},
		{"Ising", system.Params{"wolff": 1, "J": -1}, "Wolff"},
		{"OFC", system.Params{"alpha": 0.3}, "out of range"},
		{"ForestFire", system.Params{"p": 0}, "out of range"},
		{"Sandpile", system.Params{"L": 1}, "out of range"},
	}
	for _, c := range cases {
		_, err := system.New(c.name, c.p, 1)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s %v: error %v, want one mentioning %q", c.name, c.p, err, c.want)
		}
	}
	if _, err := system.NewConfig("Kuramoto", system.Config{IC: []float64{1, 2}}); err == nil {
		t.Errorf("Kuramoto accepted 2 initial phases for N = 100")
	}
}

// TestKuramotoCatalogue: the catalogue entry honours Config.IC and
// Config.DT, and its reference invariant is r = √(1 − 2γ/K) at defaults.
func TestKuramotoCatalogue(t *testing.T) {
	ic := make([]float64, 100)
	for i := range ic {
		ic[i] = 0.01 * float64(i)
	}
	s, err := system.NewConfig("Kuramoto", system.Config{IC: ic, DT: 0.25})
	if err != nil {
		t.Fatal(err)
	}
	if x := s.State(nil); x[7] != ic[7] {
		t.Errorf("initial phase %v, want %v", x[7], ic[7])
	}
	_ = s.Step()
	if s.Time() != 0.25 {
		t.Errorf("time %v after one step of dt 0.25", s.Time())
	}
	e, _ := system.Lookup("Kuramoto")
	inv, _ := e.Info.Invariant("order_parameter")
	if math.Abs(inv.Values[0]-math.Sqrt(0.5)) > 1e-15 {
		t.Errorf("order-parameter invariant %v", inv.Values)
	}
}

// TestEventBuffer: when nobody reads the events, the buffer keeps at most
// EventBuffer of the newest and counts the rest as dropped.
func TestEventBuffer(t *testing.T) {
	o, _ := NewOFC(8, 0.2, 1)
	steps := 3 * EventBuffer
	for i := 0; i < steps; i++ {
		_ = o.Step()
	}
	ev := o.Events()
	if len(ev) > EventBuffer || int64(len(ev))+o.Dropped() != int64(steps) {
		t.Errorf("%d events kept, %d dropped, %d quakes", len(ev), o.Dropped(), steps)
	}
	if ev[len(ev)-1].Time != float64(steps) {
		t.Errorf("newest event at time %v, want %d", ev[len(ev)-1].Time, steps)
	}
}
