package foundation

import (
	"context"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/emergo/emergo/emergence"
)

// tinyGrid is a grid that runs in about a second: two widths, two
// system counts, six checkpoints, two replicates, two held-out systems.
func tinyGrid() GridConfig {
	geo := Config{Context: 32, Horizon: 8, Patch: 8}
	return GridConfig{
		Corpus:       CorpusConfig{Systems: testSystems[:12], HoldOut: 2, Trajectories: 1, Length: 300, Seed: 5},
		Sizes:        []GridSize{{"d16", Config{DModel: 16, Layers: 1, Heads: 2, FFN: 32}}, {"d8", Config{DModel: 8, Layers: 1, Heads: 2, FFN: 16}}},
		Geometry:     geo,
		SystemCounts: []int{2, 0},
		Steps:        []int{10, 20, 40, 80, 160, 320},
		Replicates:   2,
		Pretrain:     PretrainConfig{Batch: 16, LR: 3e-3},
		Eval:         EvalConfig{TrainRows: 32, Origins: 3, Horizon: 64, SMAPERows: 8, LongRows: 128},
		Assess:       &emergence.AssessOptions{Resamples: 200},
		// Few bootstrap refits: the test checks that the intervals are
		// filled in, not their coverage.
		TransitionResamples: 20,
		Seed:                9,
	}
}

var gridFixture struct {
	once sync.Once
	r    *GridResult
	err  error
}

func tinyGridResult(t *testing.T) *GridResult {
	t.Helper()
	gridFixture.once.Do(func() {
		gridFixture.r, gridFixture.err = RunGrid(context.Background(), tinyGrid(), nil)
	})
	if gridFixture.err != nil {
		t.Fatal(gridFixture.err)
	}
	return gridFixture.r
}

// capabilityOf on hand-made scores: the fractions count the systems past
// each threshold exactly, the means and the median skip NaN.
func TestCapabilityOfCountsThresholds(t *testing.T) {
	g := GridConfig{VPTThresholds: []float64{0.5, 1}, KLThreshold: 1}
	g.Eval.LyapunovSteps = 10
	scores := []Score{
		{SMAPE: 10, VPT: 0.2, KL: 0.5, Lyapunov: 0.5},
		{SMAPE: 20, VPT: 0.7, KL: 2, Lyapunov: 0.01},
		{SMAPE: math.NaN(), VPT: 1.5, KL: 0.9, Lyapunov: math.NaN()},
	}
	if m := nanMedian(append(slices.Clone(scores), Score{VPT: 2}), func(s *Score) float64 { return s.VPT }); m != 1.1 {
		t.Errorf("median of 4 values %v, want 1.1", m)
	}
	targets := []*Target{{Lyapunov: 0.9}, {Lyapunov: 0.9}, {Lyapunov: 0.9}}
	c := capabilityOf(scores, targets, &g)
	want := Capability{SMAPE: 15, VPT: 0.7, KL: 3.4 / 3, VPTAbove: []float64{2.0 / 3, 1.0 / 3}, KLBelow: 2.0 / 3, LyapunovSign: 1.0 / 3}
	const tol = 1e-12
	if math.Abs(c.SMAPE-want.SMAPE) > tol || math.Abs(c.VPT-want.VPT) > tol || math.Abs(c.KL-want.KL) > tol ||
		!slices.Equal(c.VPTAbove, want.VPTAbove) || c.KLBelow != want.KLBelow || c.LyapunovSign != want.LyapunovSign {
		t.Errorf("capability %+v, want %+v", c, want)
	}
}

// A prefix of a built corpus is the corpus BuildCorpus gives with
// NumSystems (nested corpora share their series).
func TestCorpusPrefixMatchesNumSystems(t *testing.T) {
	cfg := testCorpusConfig()
	cfg.Systems, cfg.HoldOut, cfg.Length = testSystems[:10], 2, 200
	full, err := BuildCorpus(context.Background(), cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg.NumSystems = 4
	direct, err := BuildCorpus(context.Background(), cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	pre := full.prefix(4)
	if !slices.Equal(pre.SystemNames(), direct.SystemNames()) || len(pre.Train) != len(direct.Train) || len(pre.Val) != len(direct.Val) {
		t.Fatalf("prefix %v (%d/%d series), direct %v (%d/%d)", pre.SystemNames(), len(pre.Train), len(pre.Val), direct.SystemNames(), len(direct.Train), len(direct.Val))
	}
	for i := range pre.Train {
		if pre.Train[i].System != direct.Train[i].System || !slices.Equal(pre.Train[i].X, direct.Train[i].X) {
			t.Fatalf("training series %d differs", i)
		}
	}
	if pre.Config.NumSystems != 4 || len(pre.bySystem) != 4 {
		t.Errorf("prefix config %d systems, %d groups", pre.Config.NumSystems, len(pre.bySystem))
	}
}

// pretrainAt's final model is Pretrain's, bit for bit, and its
// snapshots come at the listed steps.
func TestPretrainAtMatchesPretrain(t *testing.T) {
	cp, _, _ := pretrained(t)
	pc := PretrainConfig{Batch: 16, LR: 3e-3, ValWindows: -1, Seed: 4}
	var got []int
	var first []float32
	m, err := pretrainAt(context.Background(), cp, testModel, pc, []int{20, 60}, func(step int, m *Model, loss float64) error {
		got = append(got, step)
		if first == nil {
			first = m.Clone().ps.CopyValues(nil)
		}
		if !(loss > 0) {
			t.Errorf("step %d: training loss %v", step, loss)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	pc.Steps, pc.CheckpointEvery = 60, 20
	ref, _, err := Pretrain(context.Background(), cp, testModel, pc, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, []int{20, 60}) {
		t.Errorf("snapshots at %v, want [20 60]", got)
	}
	if !slices.Equal(m.ps.CopyValues(nil), ref.ps.CopyValues(nil)) || m.Info.Steps != 60 {
		t.Errorf("pretrainAt's model differs from Pretrain's (steps %d)", m.Info.Steps)
	}
	if slices.Equal(first, ref.ps.CopyValues(nil)) {
		t.Errorf("the snapshot after 20 updates equals the final model")
	}
}

// The tiny grid runs, fills every point, and the verdicts are populated:
// the steps axis (6 scales) gets a full analysis of every metric, the
// others (2 scales) are inconclusive with a reason.
func TestRunGridVerdicts(t *testing.T) {
	r := tinyGridResult(t)
	g := tinyGrid()
	if want := 2 * 2 * 2 * 6; len(r.Points) != want {
		t.Fatalf("%d points, want %d", len(r.Points), want)
	}
	if r.Params[0] >= r.Params[1] || r.Sizes[0].Name != "d8" {
		t.Errorf("sizes not sorted by parameters: %v %v", r.Sizes, r.Params)
	}
	if r.SystemCounts[1] != 10 { // 0 means all: 12 candidates − 2 held out
		t.Errorf("system counts %v, want [2 10]", r.SystemCounts)
	}
	for _, p := range r.Points {
		c := p.Capability
		if len(p.Scores) != len(r.HeldOut) || !(c.SMAPE >= 0 && c.SMAPE <= 200) || !(c.VPT >= 0) || !(c.KL >= 0) || !math.IsNaN(c.LyapunovSign) {
			t.Fatalf("point %+v", p)
		}
		for _, f := range append(slices.Clone(c.VPTAbove), c.KLBelow) {
			if !(f >= 0 && f <= 1) || math.Abs(f*float64(len(r.HeldOut))-math.Round(f*float64(len(r.HeldOut)))) > 1e-12 {
				t.Fatalf("fraction %v is not a count of %d systems", f, len(r.HeldOut))
			}
		}
	}
	if len(r.Baselines) != 3 || r.Baselines[2].Name != ParrotName {
		t.Fatalf("baselines %v", r.Baselines)
	}
	if len(r.Verdicts) != 3 {
		t.Fatalf("%d verdicts", len(r.Verdicts))
	}
	for _, v := range r.Verdicts {
		if v.Err != "" {
			t.Fatalf("%s: %s", v.Axis, v.Err)
		}
		if len(v.Curves) != len(r.Metrics) || len(v.Verdict.Reasons) == 0 {
			t.Fatalf("%s: %d curves, reasons %v", v.Axis, len(v.Curves), v.Verdict.Reasons)
		}
		switch v.Axis {
		case AxisSteps:
			if len(v.Verdict.Metrics) != len(r.Metrics) || len(v.Transitions) != len(r.Metrics) {
				t.Fatalf("steps axis: %d metric reports, %d transitions", len(v.Verdict.Metrics), len(v.Transitions))
			}
			for i, m := range v.Verdict.Metrics {
				if m.Comparison == nil || len(m.Comparison.Fits) == 0 || !(m.Capability.Lo <= m.Capability.Estimate && m.Capability.Estimate <= m.Capability.Hi) {
					t.Errorf("metric %s: %+v", m.Name, m)
				}
				if m.Continuous != (i < 3) || !m.HasBaseline {
					t.Errorf("metric %s: continuous %v, baseline %v", m.Name, m.Continuous, m.HasBaseline)
				}
			}
			if !slices.Equal(v.Curves[0].Scale, []float64{10, 20, 40, 80, 160, 320}) || len(v.Curves[0].Values[0]) != g.Replicates {
				t.Errorf("steps curve %+v", v.Curves[0])
			}
			// Only the trivial baselines enter the verdicts.
			if len(v.Curves[0].Baselines) != 2 {
				t.Errorf("curve baselines %v, want mean and persistence", v.Curves[0].Baselines)
			}
		default:
			if v.Verdict.Label != emergence.Inconclusive || !strings.Contains(v.Verdict.Reasons[0], "2 scales") {
				t.Errorf("%s axis: %s", v.Axis, v.Verdict)
			}
		}
	}
	t.Logf("steps axis: %s", r.Verdicts[2].Verdict)
}

// The grid is a pure function of its configuration and seed, whatever
// the number of workers; another seed changes it.
func TestRunGridDeterministic(t *testing.T) {
	a := tinyGridResult(t)
	g := tinyGrid()
	g.Workers = 1
	g.TransitionResamples = -1
	b, err := RunGrid(context.Background(), g, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range a.Points {
		pa, pb := a.Points[i], b.Points[i]
		if pa.Steps != pb.Steps || pa.TrainLoss != pb.TrainLoss || pa.Capability.SMAPE != pb.Capability.SMAPE || pa.Capability.KL != pb.Capability.KL {
			t.Fatalf("point %d differs with 1 worker: %+v vs %+v", i, pa, pb)
		}
	}
	for i := range a.Verdicts {
		if a.Verdicts[i].Verdict.String() != b.Verdicts[i].Verdict.String() {
			t.Errorf("verdict %d differs: %s vs %s", i, a.Verdicts[i].Verdict, b.Verdicts[i].Verdict)
		}
	}
	if len(b.Verdicts[2].Transitions) != 0 {
		t.Errorf("negative TransitionResamples still bootstrapped")
	}
	g.Seed++
	g.Steps = g.Steps[:1]
	c, err := RunGrid(context.Background(), g, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Points[0].TrainLoss == a.Points[0].TrainLoss {
		t.Errorf("another seed gives the same training loss %v", c.Points[0].TrainLoss)
	}
}

func TestRunGridRejectsBadConfigs(t *testing.T) {
	cases := []struct {
		edit func(g *GridConfig)
		want string
	}{
		{func(g *GridConfig) { g.Sizes = nil }, "no model sizes"},
		{func(g *GridConfig) { g.Steps = []int{20, 10} }, "increasing"},
		{func(g *GridConfig) { g.SystemCounts = []int{-1} }, "negative"},
		{func(g *GridConfig) { g.VPTThresholds = []float64{0} }, "VPT threshold"},
		{func(g *GridConfig) { g.Baselines = []string{"oracle"} }, "unknown baseline"},
		{func(g *GridConfig) { g.Sizes[1].Config = g.Sizes[0].Config }, "same number of parameters"},
		{func(g *GridConfig) { g.Sizes[0].Config.Heads = 3 }, "divisible"},
	}
	for _, c := range cases {
		g := tinyGrid()
		g.Corpus.Systems = testSystems[:4]
		c.edit(&g)
		if _, err := RunGrid(context.Background(), g, nil); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("error %v, want one mentioning %q", err, c.want)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := RunGrid(ctx, tinyGrid(), nil); err == nil {
		t.Errorf("a cancelled grid returned no error")
	}
}
