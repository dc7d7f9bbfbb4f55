package emergence

import (
	"math"
	"math/rand/v2"
	"testing"
)

func logVerdict(t *testing.T, v Verdict) {
	t.Helper()
	t.Logf("verdict: %s", v)
	for _, m := range v.Metrics {
		tr := m.Transition
		t.Logf("  %-14s cont=%v best=%v bestAIC=%v sharp=%v suggested=%v resolved=%v | %v centre %.4g width %.3g (%.0f%%) inside %d size %.3g | cap %.4g [%.4g, %.4g] base %.4g",
			m.Name, m.Continuous, m.Comparison.Best, m.Comparison.BestAIC, m.Sharp, m.Suggested, m.Resolved,
			tr.Model, tr.Centre, tr.Width, 100*tr.WidthFraction, tr.ScalesInside, tr.Size,
			m.Capability.Estimate, m.Capability.Lo, m.Capability.Hi, m.BestBaseline)
	}
}

// TestAssessSmoothPowerLaw: a metric that improves as a power law,
// y = 0.2 + 0.05·x^0.3, is not emergent (no mirage: nothing jumps).
func TestAssessSmoothPowerLaw(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	c := curveOf(rng, "skill", logScales(0, 4, 21), 3, 0.01, func(x float64) float64 { return 0.2 + 0.05*math.Pow(x, 0.3) })
	c.Baselines = []float64{0.15}
	v, err := Assess([]Curve{c}, nil)
	if err != nil {
		t.Fatal(err)
	}
	logVerdict(t, v)
	if v.Label != NotEmergent || v.Mirage {
		t.Errorf("smooth power law: %s, want not emergent (no mirage)", v)
	}
	if b := v.Metrics[0].Comparison.Best; b.Sharp() {
		t.Errorf("held-out best model %v for a power law", b)
	}
}

// TestAssessMirage: per-instance scores improve smoothly but the
// threshold metric jumps (Schaeffer et al. 2023): not emergent, mirage.
func TestAssessMirage(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	curves, err := Sweep(mirageScores(rng, logScales(0, 4, 33), 400, 3), nil)
	if err != nil {
		t.Fatal(err)
	}
	v, err := Assess(curves, nil)
	if err != nil {
		t.Fatal(err)
	}
	logVerdict(t, v)
	if v.Label != NotEmergent || !v.Mirage {
		t.Errorf("Schaeffer mirage: %s, want not emergent (mirage)", v)
	}
	if !v.Metrics[0].Jump() {
		t.Errorf("the threshold metric should show the apparent jump: %+v", v.Metrics[0].Transition)
	}
}

// TestAssessGenuine: a sharp transition in the continuous scores, densely
// sampled (41 scales, ≈ 5 inside the 10–90% window) and far above the
// trivial baseline, is emergent.
func TestAssessGenuine(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	curves, err := Sweep(jumpScores(rng, logScales(0, 4, 41), 300, 3), nil)
	if err != nil {
		t.Fatal(err)
	}
	v, err := Assess(curves, nil)
	if err != nil {
		t.Fatal(err)
	}
	logVerdict(t, v)
	if v.Label != Emergent || v.Mirage {
		t.Fatalf("genuine dense jump: %s, want emergent", v)
	}
	// The transition is located: true centre 300 (ln 5.70), true width
	// 2·ln 9·0.25 ≈ 1.10 widened by the instance spread 0.2·0.25 in ln x.
	for _, m := range v.Metrics {
		if m.Name != "mean score" {
			continue
		}
		if math.Abs(math.Log(m.Transition.Centre)-math.Log(300)) > 0.1 || math.Abs(m.Transition.Width-1.1) > 0.25 {
			t.Errorf("mean-score transition at %v, width %v; want ≈ 300 and ≈ 1.1", m.Transition.Centre, m.Transition.Width)
		}
	}
	// The same capability against a baseline it does not beat.
	for i := range curves {
		if curves[i].Name == "mean score" {
			curves[i].Baselines = []float64{0.95}
		}
	}
	v, err = Assess(curves, nil)
	if err != nil {
		t.Fatal(err)
	}
	if v.Label != NotEmergent || v.Mirage {
		t.Errorf("below baseline: %s, want not emergent", v)
	}
	// Without baselines: inconclusive.
	for i := range curves {
		curves[i].Baselines = nil
	}
	v, _ = Assess(curves, nil)
	if v.Label != Inconclusive {
		t.Errorf("no baseline: %s, want inconclusive", v)
	}
}

// TestAssessSparse: the same genuine transition sampled at 6 scales over
// four decades (one scale inside the window) is inconclusive.
func TestAssessSparse(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	curves, err := Sweep(jumpScores(rng, logScales(0, 4, 6), 300, 3), nil)
	if err != nil {
		t.Fatal(err)
	}
	v, err := Assess(curves, nil)
	if err != nil {
		t.Fatal(err)
	}
	logVerdict(t, v)
	if v.Label != Inconclusive {
		t.Errorf("sparse sampling: %s, want inconclusive", v)
	}
	// Fewer than MinScales: inconclusive before any fit.
	short := curves[1]
	short.Scale, short.Values = short.Scale[:5], short.Values[:5]
	v, _ = Assess([]Curve{short}, nil)
	if v.Label != Inconclusive || len(v.Metrics) != 0 {
		t.Errorf("5 scales: %s", v)
	}
}
