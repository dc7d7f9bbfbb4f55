package lattice

import (
	"math"
	"testing"

	"github.com/emergo/emergo/system"
)

// TestForestFireFullBurn: with p = 1 one step fills the torus; a strike
// then burns all L² trees, and the fire's breadth-first depth is the
// largest torus distance from the struck site plus one, L + 1 for even L.
func TestForestFireFullBurn(t *testing.T) {
	for _, l := range []int{4, 7, 16} {
		ff, err := NewForestFire(l, 1, 0, 1)
		if err != nil {
			t.Fatal(err)
		}
		_ = ff.Step()
		if ff.Density() != 1 {
			t.Fatalf("L=%d: density %v after one step at p=1", l, ff.Density())
		}
		e := ff.Ignite(2, 3)
		wantDepth := 2*(l/2) + 1
		if e.Size != float64(l*l) || e.Area != e.Size || e.Duration != float64(wantDepth) {
			t.Errorf("L=%d: fire %+v, want size %d, duration %d", l, e, l*l, wantDepth)
		}
		if ff.Density() != 0 || len(ff.Events()) != 1 {
			t.Errorf("L=%d: density %v after the fire, want 0; one event", l, ff.Density())
		}
	}
}

// TestForestFireClusters burns hand-made clusters on a 6×6 torus: an
// L-shaped cluster joined across the periodic edge, and a separate tree
// that must survive.
func TestForestFireClusters(t *testing.T) {
	ff, _ := NewForestFire(6, 0.5, 0, 1)
	// Cluster A: (0,0) (1,0) (2,0) (2,1) (2,2) and (5,0), joined to (0,0)
	// through the periodic x edge. Lone tree B at (4,3).
	a := [][2]int{{0, 0}, {1, 0}, {2, 0}, {2, 1}, {2, 2}, {5, 0}}
	for _, c := range a {
		ff.SetTree(c[0], c[1], true)
	}
	ff.SetTree(4, 3, true)
	e := ff.Ignite(2, 2)
	// Layers from (2,2): {(2,2)}, {(2,1)}, {(2,0)}, {(1,0)}, {(0,0)}, {(5,0)}.
	if e.Size != 6 || e.Duration != 6 {
		t.Errorf("fire %+v, want size 6, duration 6", e)
	}
	if !ff.Tree(4, 3) || ff.Density() != 1.0/36 {
		t.Errorf("separate tree burnt or density %v wrong", ff.Density())
	}
	if got := ff.Ignite(0, 5); got != (system.Event{}) {
		t.Errorf("strike on an empty site gave %+v", got)
	}
}

// TestForestFireGrowth: without lightning each empty site grows a tree
// with probability p per step, so the density after t steps is
// 1 − (1 − p)^t (binomial standard error √(q(1−q)/L²) ≈ 0.002 here).
func TestForestFireGrowth(t *testing.T) {
	const tol = 0.01
	ff, _ := NewForestFire(256, 0.1, 0, 9)
	for k := 1; k <= 10; k++ {
		_ = ff.Step()
		want := 1 - math.Pow(0.9, float64(k))
		if d := ff.Density(); math.Abs(d-want) > tol {
			t.Errorf("step %d: density %.4f, want %.4f", k, d, want)
		}
	}
}

// ffRun runs a forest fire for transient+steps steps and returns the mean
// density, the mean burnt trees and fires per step, and the fire sizes.
func ffRun(l int, p, theta float64, transient, steps int, seed uint64) (rho, burnt, fires float64, sizes []float64) {
	ff, err := NewForestFire(l, p, p/theta, seed)
	if err != nil {
		panic(err)
	}
	for i := 0; i < transient; i++ {
		_ = ff.Step()
	}
	ff.Events()
	obs := make([]float64, 4)
	for i := 0; i < steps; i++ {
		_ = ff.Step()
		ff.State(obs)
		rho += obs[0]
		burnt += obs[1]
		fires += obs[2]
		for _, e := range ff.Events() {
			sizes = append(sizes, e.Size)
		}
	}
	s := float64(steps)
	return rho / s, burnt / s, fires / s, sizes
}

// TestForestFireStationary checks the stationary state against the
// literature density ρ ≈ 0.408 of the θ = p/f → ∞ limit (Clar, Drossel &
// Schwabl 1996), approached from below at finite θ; the balance of growth
// and burning; and a heavy-tailed fire-size distribution.
func TestForestFireStationary(t *testing.T) {
	const (
		rhoInf = 0.408 // Clar, Drossel & Schwabl, J. Phys. Cond. Matt. 8, 6803 (1996)
		// At θ = 1000 the density lies below 0.408 by a finite-θ correction
		// that decays roughly like θ^−0.4 (Grassberger 2002 shows it is
		// still rising at θ ~ 1e5); measured here 0.396 at L = 256.
		rhoTol1000 = 0.02
		// Growth and burning balance on average: ρ̄ steady means trees
		// grown, p(1−ρ_before)L², equal trees burnt per step (relative
		// tolerance; the fluctuation of the run's total is about 2%).
		balanceTol = 0.05
		// Fire sizes: P(s) ~ s^(1−τ) with τ ≈ 2.14-2.16 (Clar et al. 1996;
		// Grassberger 2002), an effective slope near −1.1 below the cutoff.
		slopeLo, slopeHi = -1.5, -0.8
	)
	const p = 0.01
	rho125, _, _, _ := ffRun(128, p, 125, 600, 6000, 3)
	steps := 8000
	if testing.Short() {
		steps = 3000
	}
	l := 256
	rho, burnt, fires, sizes := ffRun(l, p, 1000, 600, steps, 4)
	n := float64(l * l)
	t.Logf("ρ(θ=125, L=128) = %.4f; ρ(θ=1000, L=256) = %.4f; θ→∞ reference %.3f", rho125, rho, rhoInf)
	if rho > rhoInf || rho < rhoInf-rhoTol1000 {
		t.Errorf("density at θ=1000 is %.4f, want in [%.3f, %.3f]", rho, rhoInf-rhoTol1000, rhoInf)
	}
	if !(rho125 < rho-0.01) {
		t.Errorf("density does not rise with θ toward %.3f: ρ(125) = %.4f, ρ(1000) = %.4f", rhoInf, rho125, rho)
	}
	// Growth acts on the empty sites left by the previous step: on
	// average (1−ρ̄) plus the burnt fraction (the density is observed
	// after the fires).
	grown := p * (n*(1-rho) + burnt)
	t.Logf("per step: burnt %.1f, grown (expected) %.1f, fires %.3f, fN ρ̄ %.3f", burnt, grown, fires, p/1000*n*rho)
	if math.Abs(burnt/grown-1) > balanceTol {
		t.Errorf("burnt %.1f trees per step but %.1f grow", burnt, grown)
	}
	// Strikes on trees are a Poisson count with mean f·L²·ρ per step (ρ
	// taken after growth); allow four standard deviations of the total.
	want := p / 1000 * n * (rho + burnt/n) * float64(steps)
	if got := fires * float64(steps); math.Abs(got-want) > 4*math.Sqrt(want) {
		t.Errorf("%.0f fires in %d steps, want ≈ f·L²·ρ·steps = %.0f ± %.0f", got, steps, want, 4*math.Sqrt(want))
	}
	slope := logBinSlope(sizes, 10, 1000)
	t.Logf("fire-size log-log slope over [10, 1000]: %.3f (%d fires)", slope, len(sizes))
	if slope < slopeLo || slope > slopeHi {
		t.Errorf("fire-size slope %.3f outside [%v, %v]", slope, slopeLo, slopeHi)
	}
}

// BenchmarkForestFire times one growth-and-lightning step of the default
// model (L = 128, p = 0.01, θ = 500) in its stationary state.
func BenchmarkForestFire(b *testing.B) {
	ff, _ := NewForestFire(128, 0.01, 2e-5, 1)
	for i := 0; i < 1000; i++ {
		_ = ff.Step()
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = ff.Step()
		ff.Events()
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "steps/s")
}

var _ system.EventSource = (*ForestFire)(nil)
