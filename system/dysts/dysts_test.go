package dysts

import "testing"

func TestCatalogueCounts(t *testing.T) {
	flows, maps := len(Flows()), len(Maps())
	for _, n := range Flows() {
		if e := MustGet(n); len(e.InitialConditions) == 0 || e.Discrete {
			t.Errorf("flow %s: no initial condition or marked discrete", n)
		}
	}
	for _, n := range Maps() {
		if e := MustGetMap(n); len(e.InitialConditions) == 0 || !e.Discrete {
			t.Errorf("map %s: no initial condition or not marked discrete", n)
		}
	}
	if MustGetMap("Duffing").Discrete == MustGet("Duffing").Discrete {
		t.Error("Duffing map and flow must be distinct entries")
	}
	// dysts at 4b4d9de: 135 continuous-time systems and 26 maps.
	if flows != 135 || maps != 26 {
		t.Fatalf("got %d flows and %d maps, want 135 and 26", flows, maps)
	}
	l := MustGet("lorenz")
	if s, _ := l.Param("sigma"); s != 10 {
		t.Errorf("Lorenz sigma = %v, want 10", s)
	}
	if l.Period != 1.5008 {
		t.Errorf("Lorenz period = %v", l.Period)
	}
}
