package traffic

import (
	"math"
	"math/rand/v2"
	"testing"
)

// vdrRing returns a ring of l cells with n cars and the VDR rule p0. A
// homogeneous start spaces the cars evenly and gives them speed vmax; a
// jammed start packs them bumper to bumper at rest (one compact jam).
func vdrRing(t testing.TB, l, n, vmax int, p, p0 float64, homogeneous bool, seed uint64) *NaSch {
	t.Helper()
	cells := make([]int, n)
	for i := range cells {
		if homogeneous {
			cells[i] = i * l / n
		} else {
			cells[i] = i
		}
	}
	m, err := NewNaSchAt(l, vmax, p, cells, seed)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.SetSlowToStart(p0); err != nil {
		t.Fatal(err)
	}
	if homogeneous {
		for i := range m.vel { // white-box: start at full speed
			m.vel[i] = int32(vmax)
		}
	}
	return m
}

// referenceNaSchStep is the plain Nagel-Schreckenberg update written out
// independently (the rules of Nagel & Schreckenberg 1992 with the
// package's draw convention: one Uint64 per moving car, compared with the
// threshold of p).
func referenceNaSchStep(pos, vel []int32, l, vmax int, thr uint64, rng *rand.Rand) {
	n := len(pos)
	for i := range n {
		gap := int32(l - 1)
		if n > 1 {
			gap = (pos[(i+1)%n] - pos[i] - 1 + int32(l)) % int32(l)
		}
		v := min(vel[i]+1, int32(vmax), gap)
		if v > 0 && rng.Uint64() < thr {
			v--
		}
		vel[i] = v
	}
	for i := range n {
		pos[i] = (pos[i] + vel[i]) % int32(l)
	}
}

// Exact: with p0 = p the VDR ring is the plain Nagel-Schreckenberg
// automaton bit for bit. Checked against an independent implementation of
// the plain rules driven by the same random stream, car by car over 2000
// steps, for two braking probabilities.
func TestVDRPlainLimitBitIdentical(t *testing.T) {
	for _, p := range []float64{0.25, 0.5} {
		m := mustNaSch(t, 300, 0.2, 5, p, 17)
		if err := m.SetSlowToStart(p); err != nil {
			t.Fatal(err)
		}
		pos := make([]int32, m.N())
		for i, x := range m.Positions(nil) {
			pos[i] = int32(x)
		}
		vel := make([]int32, m.N())
		rng := rand.New(rand.NewPCG(17, streamNaSch))
		// Replay the construction's draws (partial Fisher-Yates on 300
		// cells for 60 cars) so that both streams are at the same point.
		for i := 0; i < m.N(); i++ {
			_ = rng.IntN(300 - i)
		}
		thr, _ := probThreshold(p)
		for s := 0; s < 2000; s++ {
			_ = m.Step()
			referenceNaSchStep(pos, vel, 300, 5, thr, rng)
			got := m.Positions(nil)
			for i := range got {
				if int32(got[i]) != pos[i] {
					t.Fatalf("p=%v step %d car %d: VDR with p0 = p at %d, plain rules at %d", p, s, i, got[i], pos[i])
				}
			}
		}
	}
}

// Exact cases of the slow-to-start rule. With p0 = 1 a compact jam never
// moves (every stopped car brakes back to 0): the flow stays exactly 0.
// With p = 0 a homogeneous state with gaps ≥ vmax never stops a car, so
// p0 has no effect and the flow is exactly ρ vmax.
func TestVDRExactCases(t *testing.T) {
	m := vdrRing(t, 100, 30, 5, 0.2, 1, false, 3)
	for s := 0; s < 500; s++ {
		_ = m.Step()
		if m.Moved() != 0 {
			t.Fatalf("p0 = 1: a car of the compact jam moved at step %d", s)
		}
	}
	m = vdrRing(t, 600, 100, 5, 0, 0.9, true, 3) // gap 5 = vmax
	for s := 0; s < 500; s++ {
		_ = m.Step()
		if m.Moved() != 500 {
			t.Fatalf("p = 0 homogeneous: Σv = %d at step %d, want N vmax = 500", m.Moved(), s)
		}
	}
	if err := m.SetSlowToStart(1.5); err == nil {
		t.Error("p0 = 1.5 accepted")
	}
}

// Analytic limit: for p = 0 the car at the front of a compact jam leaves
// with probability 1 − p0 in each step in which the cell ahead of it is
// empty, and the next car becomes the front the step after, so cars leave
// the jam at the rate J_out = 1 − p0 exactly (renewal process with
// geometric intervals of mean 1/(1 − p0) and variance p0/(1 − p0)²;
// Barlovic et al. 1998, Barlovic et al. 2002 for the random-walk
// picture). With p = 0 no other car ever stops, so the rate of starts
// (a speed going from 0 to > 0) is the outflow. By the renewal central
// limit theorem the rate measured over T steps has standard error
// √(σ²/(μ³T)) with μ = 1/(1 − p0), σ² = p0/(1 − p0)²: 0.0035 at p0 = 0.5
// and T = 20 000. The tolerance is 5 standard errors.
func TestVDRJamOutflowExact(t *testing.T) {
	const steps = 20000
	for _, p0 := range []float64{0.5, 0.75} {
		m := vdrRing(t, 1000, 300, 5, 0, p0, false, 5)
		prev := m.Speeds(nil)
		cur := make([]int, len(prev))
		starts := 0
		for s := 0; s < steps; s++ {
			_ = m.Step()
			cur = m.Speeds(cur)
			for i := range cur {
				if prev[i] == 0 && cur[i] > 0 {
					starts++
				}
			}
			prev, cur = cur, prev
		}
		jout := float64(starts) / steps
		mu := 1 / (1 - p0)
		se := math.Sqrt(p0 / ((1 - p0) * (1 - p0)) / (mu * mu * mu) / steps)
		if math.Abs(jout-(1-p0)) > 5*se {
			t.Errorf("p0=%v: jam outflow %.4f, want 1 − p0 = %v ± %.4f", p0, jout, 1-p0, 5*se)
		}
		t.Logf("p0=%v: outflow %.4f (exact %v, 5 SE %.4f)", p0, jout, 1-p0, 5*se)
	}
}

// Published behaviour (Barlovic et al. 1998, Figs. 2-3: VDR with vmax = 5,
// p = 0.01, p0 = 0.5): the fundamental diagram has two branches. Started
// homogeneous (cars evenly spaced at vmax) the ring at ρ = 0.15 keeps
// free flow, J ≈ ρ(vmax − p) = 0.7485; started from one compact jam it
// stays phase separated with J ≈ J_out(1 − ρ)/(1 − J_out/vmax) ≈ 0.44
// (J_out ≈ 1 − p0), below the jam's outflow. Tolerances: free branch
// within 0.01 of ρ(vmax − p) (a braking car slows followers with gap
// exactly vmax), jammed branch below 1 − p0 = 0.5 and at least 0.25
// below the free branch on each of three seeds. Below the density where
// the branches meet (ρ = 0.08 < J_out/vmax) the jam dissolves and both
// starts give the same flow within 0.005; the plain model (p0 = p) shows
// no hysteresis at ρ = 0.15 either.
func TestVDRHysteresis(t *testing.T) {
	const (
		l, vmax          = 1000, 5
		p, p0            = 0.01, 0.5
		transient, steps = 2000, 3000
	)
	for seed := uint64(1); seed <= 3; seed++ {
		n := 150
		free := meanFlow(vdrRing(t, l, n, vmax, p, p0, true, seed), transient, steps)
		jam := meanFlow(vdrRing(t, l, n, vmax, p, p0, false, seed), transient, steps)
		want := float64(n) / l * (vmax - p)
		if math.Abs(free-want) > 0.01 {
			t.Errorf("seed %d: free branch at ρ = 0.15 has J = %.4f, want ρ(vmax − p) = %.4f ± 0.01", seed, free, want)
		}
		if !(jam < 1-p0 && jam < free-0.25) {
			t.Errorf("seed %d: jammed branch J = %.4f, want below 1 − p0 = %v and 0.25 below the free branch %.4f", seed, jam, 1-p0, free)
		}
		plainJam := meanFlow(vdrRing(t, l, n, vmax, p, p, false, seed), transient, steps)
		if math.Abs(plainJam-free) > 0.005 {
			t.Errorf("seed %d: plain NaSch (p0 = p) from a jam J = %.4f, want the free-flow %.4f (no hysteresis)", seed, plainJam, free)
		}
		lowFree := meanFlow(vdrRing(t, l, 80, vmax, p, p0, true, seed), transient, steps)
		lowJam := meanFlow(vdrRing(t, l, 80, vmax, p, p0, false, seed), transient, steps)
		if math.Abs(lowFree-lowJam) > 0.005 {
			t.Errorf("seed %d: at ρ = 0.08 the branches differ (%.4f vs %.4f): the jam should dissolve", seed, lowFree, lowJam)
		}
		t.Logf("seed %d: ρ = 0.15 free %.4f, jammed %.4f, plain from jam %.4f; ρ = 0.08 free %.4f, jammed %.4f", seed, free, jam, plainJam, lowFree, lowJam)
	}
}
