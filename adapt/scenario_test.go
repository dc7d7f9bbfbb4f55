package adapt

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"
)

// Every registered scenario builds, validates, puts its warm-up before
// its changes and has finite data except where documented (missing
// rows after the change of "missing").
func TestScenariosBuild(t *testing.T) {
	ctx := context.Background()
	infos := Scenarios()
	want := []string{"lorenz-noise", "lorenz-rho-jump", "lorenz-rho-ramp", "lorenz-switch", "missing", "sp500-2008-2020"}
	if len(infos) != len(want) {
		t.Fatalf("%d scenarios, want %d", len(infos), len(want))
	}
	for i, in := range infos {
		if in.Name != want[i] || in.Description == "" {
			t.Errorf("scenario %d: %+v, want %s with a description", i, in, want[i])
		}
		sc, err := NewScenario(ctx, in.Name, &ScenarioOptions{Seed: 2, Rows: 800})
		if err != nil {
			t.Fatalf("%s: %v", in.Name, err)
		}
		if sc.Description != in.Description {
			t.Errorf("%s: description %q", in.Name, sc.Description)
		}
		nan := 0
		for k, v := range sc.Data.X {
			if math.IsNaN(v) {
				nan++
				if row := k / sc.Data.Dim; row < sc.Changes[0] {
					t.Errorf("%s: missing value at row %d before the change %d", in.Name, row, sc.Changes[0])
					break
				}
			} else if math.IsInf(v, 0) {
				t.Fatalf("%s: infinite value", in.Name)
			}
		}
		if (nan > 0) != (in.Name == "missing") {
			t.Errorf("%s: %d missing values", in.Name, nan)
		}
		if in.Name != "sp500-2008-2020" && (sc.Data.Rows != 800 || sc.Warm != 200 || sc.Changes[0] != 400) {
			t.Errorf("%s: %d rows, warm-up %d, changes %v; want 800, 200, [400 …]", in.Name, sc.Data.Rows, sc.Warm, sc.Changes)
		}
	}
}

// The simulated scenarios are deterministic for a seed and differ
// between seeds.
func TestScenarioSeed(t *testing.T) {
	ctx := context.Background()
	for _, name := range []string{"lorenz-noise", "missing", "lorenz-switch"} {
		a, err := NewScenario(ctx, name, &ScenarioOptions{Seed: 7, Rows: 500})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := NewScenario(ctx, name, &ScenarioOptions{Seed: 7, Rows: 500})
		c, _ := NewScenario(ctx, name, &ScenarioOptions{Seed: 8, Rows: 500})
		same, differ := true, false
		for i, v := range a.Data.X {
			w := b.Data.X[i]
			if v != w && !(math.IsNaN(v) && math.IsNaN(w)) {
				same = false
			}
			if v != c.Data.X[i] && !math.IsNaN(v) {
				differ = true
			}
		}
		if !same || !differ {
			t.Errorf("%s: same seed reproduces %v, other seed differs %v", name, same, differ)
		}
	}
}

// The parameter ramp and the switch show in the data: under ρ = 150 the
// Lorenz z coordinate averages about ρ − 1, far above its ρ = 28 level
// (≈ 23.5); after the switch to Rössler |x| stays below 13, the Rössler
// attractor's extent (Lorenz's x reaches about 18 at ρ = 28).
func TestScenarioRegimes(t *testing.T) {
	ctx := context.Background()
	ramp, err := NewScenario(ctx, "lorenz-rho-ramp", &ScenarioOptions{Seed: 1, Rows: 4000})
	if err != nil {
		t.Fatal(err)
	}
	meanZ := func(from, to int) float64 {
		var s float64
		for i := from; i < to; i++ {
			s += ramp.Data.Row(i)[2]
		}
		return s / float64(to-from)
	}
	if len(ramp.Changes) != 2 || ramp.Changes[1] != 3000 {
		t.Fatalf("ramp changes %v, want [2000 3000]", ramp.Changes)
	}
	if before, after := meanZ(0, 2000), meanZ(3000, 4000); math.Abs(before-23.5) > 2 || math.Abs(after-149) > 0.15*149 {
		t.Errorf("mean z %v before, %v after the ramp; want ≈ 23.5 and ≈ 149", before, after)
	}
	sw, err := NewScenario(ctx, "lorenz-switch", &ScenarioOptions{Seed: 1, Rows: 2000})
	if err != nil {
		t.Fatal(err)
	}
	var maxBefore, maxAfter float64
	for i := 0; i < sw.Data.Rows; i++ {
		x := math.Abs(sw.Data.Row(i)[0])
		if i < sw.Changes[0] {
			maxBefore = max(maxBefore, x)
		} else {
			maxAfter = max(maxAfter, x)
		}
	}
	if maxBefore < 15 || maxAfter > 13 {
		t.Errorf("max |x| %v before and %v after the switch; want Lorenz's (> 15) then Rössler's (< 13)", maxBefore, maxAfter)
	}
}

// The S&P 500 scenario puts its changes on the first trading days on or
// after the Lehman bankruptcy and the start of the COVID crash.
func TestScenarioSP500(t *testing.T) {
	sc, err := NewScenario(context.Background(), "sp500-2008-2020", nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{"2008-09-15", "2020-02-20"} {
		if got := sc.Dates[sc.Changes[i]].Format(time.DateOnly); got != want {
			t.Errorf("change %d on %s, want %s", i, got, want)
		}
	}
	if got := sc.Dates[sc.Warm].Format(time.DateOnly); got != "2004-01-02" {
		t.Errorf("stream starts on %s, want 2004-01-02 (first trading day of 2004)", got)
	}
	if sc.Data.Dim != 1 || sc.Columns[0] != "log_return" {
		t.Errorf("columns %v", sc.Columns)
	}
}

// Unknown names suggest close ones; too short scenarios are refused; a
// cancelled context stops the simulation.
func TestScenarioErrors(t *testing.T) {
	ctx := context.Background()
	_, err := NewScenario(ctx, "lorenz-nois", nil)
	if err == nil || !strings.Contains(err.Error(), `"lorenz-noise"`) {
		t.Errorf("misspelt name: %v", err)
	}
	if _, err := NewScenario(ctx, "missing", &ScenarioOptions{Rows: 100}); err == nil {
		t.Error("100 rows were accepted")
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := NewScenario(cctx, "lorenz-rho-jump", nil); err == nil || !strings.Contains(err.Error(), "canceled") {
		t.Errorf("cancelled: %v", err)
	}
	bad := &Scenario{Name: "bad", Columns: []string{"x"}, Data: nil}
	if bad.Validate() == nil {
		t.Error("a scenario without data validated")
	}
}
