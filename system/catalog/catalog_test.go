package catalog

import (
	"testing"

	"github.com/emergo/emergo/system"
	"github.com/emergo/emergo/system/dysts"
	"github.com/emergo/emergo/system/systest"
)

// Every registered system passes the conformance suite.
func TestConformance(t *testing.T) {
	for _, in := range system.List("") {
		t.Run(in.Name, func(t *testing.T) {
			systest.Run(t, in.Name)
		})
	}
}

// Every dysts flow (continuous-time system) of the embedded metadata is
// registered, as category flow or delay (delay exactly when dysts marks it
// so); every dysts map is registered as a map under its dysts name or its
// documented new name (Renamed: Duffing → DuffingMap), except the entries
// of NotRegistered (EndCap), which must indeed be absent.
func TestDystsRegistered(t *testing.T) {
	flows, maps := dysts.Flows(), dysts.Maps()
	if len(flows) != 135 || len(maps) != 26 {
		t.Fatalf("dysts metadata has %d flows and %d maps, want 135 and 26", len(flows), len(maps))
	}
	for _, name := range flows {
		e, err := system.Lookup(name)
		if err != nil {
			t.Errorf("dysts flow %s is not registered: %v", name, err)
			continue
		}
		want := system.CatFlow
		if dysts.MustGet(name).Delay {
			want = system.CatDelay
		}
		if e.Info.Category != want || e.Info.Name != name {
			t.Errorf("dysts flow %s registered as %s (%s), want %s", name, e.Info.Name, e.Info.Category, want)
		}
	}
	missing := map[string]bool{}
	for _, x := range NotRegistered {
		missing[x.Name] = true
	}
	registeredMaps := 0
	for _, name := range maps {
		if missing[name] {
			if e, err := system.Lookup(name); err == nil && e.Info.Category == system.CatMap {
				t.Errorf("%s is listed as not registered but is registered", name)
			}
			continue
		}
		reg := name
		if r, ok := Renamed[name]; ok {
			reg = r
		}
		e, err := system.Lookup(reg)
		if err != nil || e.Info.Category != system.CatMap || e.Info.Name != reg {
			t.Errorf("dysts map %s is not registered as map %s (%v)", name, reg, err)
			continue
		}
		registeredMaps++
	}
	if registeredMaps != 25 {
		t.Errorf("%d dysts maps registered, want 25 (26 minus EndCap)", registeredMaps)
	}
	// The exception lists name registered systems.
	for _, x := range Unbounded {
		if _, err := system.Lookup(x.Name); err != nil {
			t.Errorf("Unbounded lists %s: %v", x.Name, err)
		}
	}
	for name := range Diagnoses {
		if _, err := system.Lookup(name); err != nil {
			t.Errorf("Diagnoses lists %s: %v", name, err)
		}
	}
}
