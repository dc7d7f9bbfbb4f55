package foundation

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/emergo/emergo/forecast"
	"github.com/emergo/emergo/nn"
	"github.com/emergo/emergo/system"
	_ "github.com/emergo/emergo/system/catalog"
)

// testSystems is a small candidate list of well-behaved flows.
var testSystems = []string{"Lorenz", "Rossler", "Chen", "LuChen", "Thomas", "Halvorsen", "Aizawa", "Arneodo",
	"Dadras", "SprottB", "SprottC", "SprottE", "SprottF", "SprottJ", "SprottK", "SprottO", "SprottS",
	"Rucklidge", "ShimizuMorioka", "NoseHoover", "Finance", "Hadley", "RikitakeDynamo", "ChenLee"}

func testCorpusConfig() CorpusConfig {
	return CorpusConfig{Systems: testSystems, HoldOut: 3, Trajectories: 2, Length: 400, Seed: 7}
}

// testModel is the architecture of the tests: C = 64 (two periods), H =
// 16, 8 patches.
var testModel = Config{Context: 64, Horizon: 16, Patch: 8, DModel: 16, Layers: 1, Heads: 2, FFN: 32}

var testPretrain = PretrainConfig{Steps: 600, Batch: 32, LR: 3e-3, CheckpointEvery: 100, ValWindows: 128, Seed: 3}

var fixture struct {
	once sync.Once
	cp   *Corpus
	m    *Model
	res  *PretrainResult
	err  error
}

// pretrained returns the shared small corpus and model pretrained on it.
func pretrained(t *testing.T) (*Corpus, *Model, *PretrainResult) {
	t.Helper()
	fixture.once.Do(func() {
		fixture.cp, fixture.err = BuildCorpus(context.Background(), testCorpusConfig(), nil)
		if fixture.err != nil {
			return
		}
		fixture.m, fixture.res, fixture.err = Pretrain(context.Background(), fixture.cp, testModel, testPretrain, nil)
	})
	if fixture.err != nil {
		t.Fatal(fixture.err)
	}
	return fixture.cp, fixture.m, fixture.res
}

func TestSplitNeverLeaksHeldOutSystems(t *testing.T) {
	cases := []struct {
		name string
		cfg  CorpusConfig
		held int
	}{
		{"flows seed 1", CorpusConfig{Seed: 1}, DefaultHoldOut},
		{"flows seed 2, 10 held out", CorpusConfig{Seed: 2, HoldOut: 10}, 10},
		{"20 systems", CorpusConfig{Seed: 1, NumSystems: 20}, DefaultHoldOut},
		{"explicit held out", CorpusConfig{Seed: 1, HeldOut: []string{"lorenz", "Rossler"}}, 2},
		{"with exclusion", CorpusConfig{Seed: 1, Exclude: []string{"Chen"}}, DefaultHoldOut},
		{"maps and delays", CorpusConfig{Seed: 4, Categories: []system.Category{system.CatMap, system.CatDelay}, HoldOut: 2}, 2},
		{"nothing held out", CorpusConfig{Seed: 1, HoldOut: NoHoldOut}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			train, held, err := Split(c.cfg)
			if err != nil {
				t.Fatal(err)
			}
			if len(held) != c.held {
				t.Fatalf("held out %d systems %v, want %d", len(held), held, c.held)
			}
			for _, h := range held {
				if slices.Contains(train, h) {
					t.Errorf("held-out %s is also a pretraining system", h)
				}
				e, _ := system.Lookup(h)
				if len(c.cfg.HeldOut) == 0 && lyapunovOf(&e.Info) <= 0 {
					t.Errorf("held-out %s has no positive literature Lyapunov exponent", h)
				}
				if slices.Contains(c.cfg.Exclude, h) {
					t.Errorf("excluded %s is held out", h)
				}
			}
			for _, x := range c.cfg.Exclude {
				if slices.Contains(train, x) {
					t.Errorf("excluded %s is a pretraining system", x)
				}
			}
			if c.cfg.NumSystems > 0 {
				if len(train) != c.cfg.NumSystems {
					t.Errorf("%d pretraining systems, want %d", len(train), c.cfg.NumSystems)
				}
				full := c.cfg
				full.NumSystems = 0
				all, held2, err := Split(full)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(all[:len(train)], train) || !slices.Equal(held, held2) {
					t.Errorf("NumSystems does not take a prefix with the same held-out systems")
				}
			}
		})
	}
	// The built corpus holds no series of a held-out system.
	cp, _, _ := pretrained(t)
	if len(cp.HeldOut) != 3 {
		t.Fatalf("corpus held out %v", cp.HeldOut)
	}
	for _, set := range [][]Series{cp.Train, cp.Val} {
		for _, s := range set {
			if slices.Contains(cp.HeldOut, s.System) {
				t.Fatalf("series of held-out system %s in the corpus", s.System)
			}
		}
	}
	for _, s := range cp.Systems {
		if slices.Contains(cp.HeldOut, s.Name) {
			t.Fatalf("held-out system %s among the corpus systems", s.Name)
		}
	}
}

func TestCorpusIsDeterministicAndStandardised(t *testing.T) {
	cfg := testCorpusConfig()
	cfg.Systems = testSystems[:8]
	cfg.HoldOut = 1
	var calls int
	a, err := BuildCorpus(context.Background(), cfg, &BuildOptions{Workers: 1, Progress: func(done, total int) { calls++ }})
	if err != nil {
		t.Fatal(err)
	}
	if calls != len(a.Systems)+len(a.Skipped) {
		t.Errorf("progress called %d times for %d systems", calls, len(a.Systems)+len(a.Skipped))
	}
	b, err := BuildCorpus(context.Background(), cfg, &BuildOptions{Workers: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Train) != len(b.Train) || len(a.Val) != len(b.Val) || !slices.Equal(a.SystemNames(), b.SystemNames()) {
		t.Fatalf("corpora differ in shape: %d/%d train, %d/%d val series", len(a.Train), len(b.Train), len(a.Val), len(b.Val))
	}
	perturbed := 0
	for i := range a.Train {
		sa, sb := a.Train[i], b.Train[i]
		if sa.System != sb.System || sa.Channel != sb.Channel || !slices.Equal(sa.X, sb.X) {
			t.Fatalf("series %d differs between 1 and 3 workers", i)
		}
		if len(sa.X) != cfg.Length {
			t.Fatalf("series %d has %d values, want %d", i, len(sa.X), cfg.Length)
		}
		var m, v float64
		for _, x := range sa.X {
			m += float64(x)
		}
		m /= float64(len(sa.X))
		for _, x := range sa.X {
			v += (float64(x) - m) * (float64(x) - m)
		}
		v /= float64(len(sa.X))
		if math.Abs(m) > 1e-5 || math.Abs(v-1) > 1e-4 {
			t.Errorf("series %d (%s) has mean %g, variance %g; want 0, 1", i, sa.System, m, v)
		}
		if sa.Perturbed {
			perturbed++
		}
		if sa.Trajectory == 0 && sa.Perturbed {
			t.Errorf("first trajectory of %s has perturbed parameters", sa.System)
		}
	}
	if perturbed == 0 {
		t.Errorf("no trajectory has perturbed parameters")
	}
	cfg.Seed++
	c, err := BuildCorpus(context.Background(), cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Equal(a.Train[0].X, c.Train[0].X) {
		t.Errorf("another seed gives the same first series")
	}
}

func TestClassify(t *testing.T) {
	const n = 1024
	lorenz, err := system.New("Lorenz", nil, 1)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := system.Sample(context.Background(), lorenz, n, &system.SampleOptions{Transient: 500})
	if err != nil {
		t.Fatal(err)
	}
	gen := func(dim int, f func(i, j int) float64) []float64 {
		x := make([]float64, n*dim)
		for i := 0; i < n; i++ {
			for j := 0; j < dim; j++ {
				x[i*dim+j] = f(i, j)
			}
		}
		return x
	}
	nan := gen(2, func(i, j int) float64 { return float64(i) })
	nan[77] = math.NaN()
	cases := []struct {
		name string
		x    []float64
		dim  int
		want string
	}{
		{"Lorenz attractor", tr.X, 3, ""},
		{"sine", gen(2, func(i, j int) float64 { return math.Sin(2*math.Pi*float64(i)/32.3 + float64(j)) }), 2, "periodic"},
		{"period-3 orbit", gen(1, func(i, j int) float64 {
			t := 2 * math.Pi * float64(i) / 31.7
			return math.Sin(t) + 0.5*math.Sin(t/3)
		}), 1, "periodic"},
		{"quasi-periodic", gen(1, func(i, j int) float64 {
			return math.Sin(2*math.Pi*float64(i)/32) + math.Sin(2*math.Pi*float64(i)/32*math.Sqrt2)
		}), 1, ""},
		{"decay to a fixed point", gen(2, func(i, j int) float64 { return 3 + math.Exp(-float64(i)/20)*math.Sin(float64(i)) }), 2, "fixed point"},
		{"constant", gen(1, func(i, j int) float64 { return 5 }), 1, "fixed point"},
		{"growing", gen(1, func(i, j int) float64 { return math.Exp(float64(i)/100) * math.Sin(float64(i)/3) }), 1, "growing"},
		{"not finite", nan, 2, "diverged"},
	}
	for _, c := range cases {
		if got := Classify(c.x, c.dim); got != c.want {
			t.Errorf("%s: Classify = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestConfigSizes(t *testing.T) {
	prev := 0
	for _, name := range Presets() {
		cfg, err := Preset(name)
		if err != nil {
			t.Fatal(err)
		}
		m, err := New(cfg, 1)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := m.NumParams(), cfg.NumParams(); got != want {
			t.Errorf("%s: %d parameters, Config.NumParams says %d", name, got, want)
		}
		if m.NumParams() <= prev {
			t.Errorf("%s (%d parameters) is not larger than the previous preset (%d)", name, m.NumParams(), prev)
		}
		prev = m.NumParams()
	}
	micro, _ := Preset("micro")
	medium, _ := Preset("medium")
	if micro.NumParams() > 3e4 || medium.NumParams() < 5e5 || medium.NumParams() > 2e6 {
		t.Errorf("presets span %d to %d parameters, want about 1e4 to 1e6", micro.NumParams(), medium.NumParams())
	}
	for _, c := range []Config{{Head: HeadPool}, {NoSkip: true}, {Context: 96, Patch: 12, Horizon: 7}} {
		c = c.Defaults()
		m, err := New(c, 1)
		if err != nil {
			t.Fatal(err)
		}
		if m.NumParams() != c.NumParams() {
			t.Errorf("%+v: %d parameters, NumParams %d", c, m.NumParams(), c.NumParams())
		}
	}
	bad := []struct {
		cfg  Config
		want string
	}{
		{Config{Context: 100, Patch: 16}, "multiple of the patch"},
		{Config{DModel: 30, Heads: 4}, "not divisible"},
		{Config{Head: "mean"}, "head"},
		{Config{Dropout: 1}, "dropout"},
	}
	for _, b := range bad {
		if _, err := New(b.cfg, 1); err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("New(%+v) error %v, want one mentioning %q", b.cfg, err, b.want)
		}
	}
	if _, err := Preset("huge"); err == nil || !strings.Contains(err.Error(), "tiny") {
		t.Errorf("Preset(huge) error %v, want the list of sizes", err)
	}
}

// TestTapeMatchesFloat64 checks that training (float32 tape) and
// inference (float64 BLAS) compute the same network.
func TestTapeMatchesFloat64(t *testing.T) {
	for _, head := range []string{HeadFlatten, HeadPool} {
		cfg := testModel
		cfg.Head, cfg.Layers = head, 2
		m, err := New(cfg, 5)
		if err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(1, 1))
		for _, p := range m.ps.List() { // leave the initial state (zero skip) for a generic one
			for i := range p.Data {
				p.Data[i] += float32(0.05 * rng.NormFloat64())
			}
		}
		c := m.cfg
		const b = 5
		x := make([]float32, b*c.Context)
		xd := make([]float64, len(x))
		for i := range x {
			x[i] = float32(rng.NormFloat64())
			xd[i] = float64(x[i])
		}
		tp := nn.NewTape()
		tp.NoGrad = true
		y := m.forward(tp, tp.Const(x, b, c.Tokens(), c.Patch))
		out := make([]float64, b*c.Horizon)
		m.compiled().run(out, nil, xd, b, nil)
		for s := 0; s < b; s++ {
			last := xd[s*c.Context+c.Context-1]
			for j := 0; j < c.Horizon; j++ {
				got, want := out[s*c.Horizon+j], float64(y.Data[s*c.Horizon+j])+last
				if math.Abs(got-want) > 1e-4*(1+math.Abs(want)) {
					t.Fatalf("%s head: window %d value %d: float64 %v, tape %v", head, s, j, got, want)
				}
			}
		}
	}
}

func TestPretrainLossDecreases(t *testing.T) {
	_, m, res := pretrained(t)
	h := res.History
	if len(h) != testPretrain.Steps/testPretrain.CheckpointEvery {
		t.Fatalf("%d history points, want %d", len(h), testPretrain.Steps/testPretrain.CheckpointEvery)
	}
	first, last := h[0], h[len(h)-1]
	if !(last.Train < 0.9*first.Train) || !(last.Val < first.Val) {
		t.Errorf("loss did not decrease: train %.4f → %.4f, val %.4f → %.4f", first.Train, last.Train, first.Val, last.Val)
	}
	if res.Steps != testPretrain.Steps || m.Info.Steps != testPretrain.Steps {
		t.Errorf("steps %d (info %d), want %d", res.Steps, m.Info.Steps, testPretrain.Steps)
	}
	if res.WindowsPerSecond <= 0 {
		t.Errorf("throughput %v", res.WindowsPerSecond)
	}
}

func TestResumeIsBitIdentical(t *testing.T) {
	cp, _, _ := pretrained(t)
	pc := PretrainConfig{Steps: 120, Batch: 16, CheckpointEvery: 30, ValWindows: 32, Seed: 11}
	cfg := testModel
	cfg.Dropout = 0.1 // dropout masks come from the checkpointed generator too
	dirA, dirB := t.TempDir(), t.TempDir()
	a, ra, err := Pretrain(context.Background(), cp, cfg, pc, &PretrainOptions{Dir: dirA})
	if err != nil {
		t.Fatal(err)
	}
	stop := TrainHooks{OnCheckpoint: func(step, total int, _, _ float64) error {
		if step == 60 {
			return nn.ErrStop
		}
		return nil
	}}
	half, _, err := Pretrain(context.Background(), cp, cfg, pc, &PretrainOptions{Dir: dirB, Hooks: stop})
	if err != nil {
		t.Fatal(err)
	}
	if half.Info.Steps != 60 {
		t.Fatalf("interrupted run took %d steps, want 60", half.Info.Steps)
	}
	if _, _, err := Pretrain(context.Background(), cp, cfg, pc, &PretrainOptions{Dir: dirB}); err == nil || !strings.Contains(err.Error(), "already holds") {
		t.Errorf("pretraining into a directory with a checkpoint: error %v", err)
	}
	other := pc
	other.LR = 5e-3
	if _, _, err := Pretrain(context.Background(), cp, cfg, other, &PretrainOptions{Dir: dirB, Resume: true}); err == nil || !strings.Contains(err.Error(), "pretrain") {
		t.Errorf("resuming with another configuration: error %v", err)
	}
	b, rb, err := Pretrain(context.Background(), cp, cfg, pc, &PretrainOptions{Dir: dirB, Resume: true})
	if err != nil {
		t.Fatal(err)
	}
	if rb.Resumed != 60 || rb.Steps != 120 {
		t.Errorf("resumed run: %d steps restored, %d in all; want 60, 120", rb.Resumed, rb.Steps)
	}
	va, vb := a.ps.CopyValues(nil), b.ps.CopyValues(nil)
	for i := range va {
		if math.Float32bits(va[i]) != math.Float32bits(vb[i]) {
			t.Fatalf("parameter value %d differs after resuming: %v vs %v", i, va[i], vb[i])
		}
	}
	if len(ra.History) != len(rb.History) {
		t.Fatalf("histories of %d and %d points", len(ra.History), len(rb.History))
	}
	for i := range ra.History {
		if ra.History[i] != rb.History[i] {
			t.Errorf("history point %d: %+v vs %+v", i, ra.History[i], rb.History[i])
		}
	}
	// The saved model is the final one.
	l, err := Load(dirB)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(l.ps.CopyValues(nil), vb) || l.Info.Steps != 120 || !slices.Equal(l.Info.HeldOut, cp.HeldOut) {
		t.Errorf("loaded model differs from the trained one (steps %d, held out %v)", l.Info.Steps, l.Info.HeldOut)
	}
}

// testEval is a small evaluation: 512 training rows, 6 origins.
var testEval = EvalConfig{TrainRows: 512, Origins: 6, Horizon: 64, SMAPERows: 16, LongRows: 256}

func heldOutTarget(t *testing.T, name string) *Target {
	t.Helper()
	tg, err := SystemTarget(context.Background(), name, DefaultPointsPerPeriod, testEval.Rows(), DefaultTransientPeriods, 1)
	if err != nil {
		t.Fatal(err)
	}
	return tg
}

func TestZeroShotBeatsMeanOnHeldOutSystems(t *testing.T) {
	cp, m, _ := pretrained(t)
	var fs, ms, fv, mv float64
	for _, name := range cp.HeldOut {
		if slices.Contains(m.Info.Systems, name) {
			t.Fatalf("%s is held out but was seen in pretraining", name)
		}
		bs, err := Baselines([]string{"mean"}, m.cfg.Context, 1)
		if err != nil {
			t.Fatal(err)
		}
		r, err := Evaluate(context.Background(), append([]Candidate{{Label: "foundation", Model: m.Clone()}}, bs...), heldOutTarget(t, name), testEval)
		if err != nil {
			t.Fatal(err)
		}
		f, mean := r.Scores[0], r.Scores[1]
		if f.Err != "" || mean.Err != "" {
			t.Fatalf("%s: errors %q, %q", name, f.Err, mean.Err)
		}
		t.Logf("%s: foundation sMAPE %.1f VPT %.2f steps; mean sMAPE %.1f VPT %.2f", name, f.SMAPE, f.VPTSteps, mean.SMAPE, mean.VPTSteps)
		fs += f.SMAPE
		ms += mean.SMAPE
		fv += f.VPTSteps
		mv += mean.VPTSteps
	}
	if !(fs < ms) || !(fv > mv) {
		t.Errorf("zero-shot foundation (sMAPE %.1f, VPT %.2f steps summed) does not beat the mean (%.1f, %.2f)", fs, fv, ms, mv)
	}
}

// blockMSE is the mean squared error, in units of each column's
// variance, of the next-H forecasts from every origin of x after from.
func blockMSE(t *testing.T, m *Model, x *forecast.Block, from int) float64 {
	t.Helper()
	H := m.cfg.Horizon
	std := forecast.Std(x)
	var s float64
	n := 0
	for o := from; o+H <= x.Rows; o += 7 {
		p, err := m.Predict(x.Slice(0, o), H)
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range p.X {
			e := (v - x.X[o*x.Dim+k]) / std[k%x.Dim]
			s += e * e
			n++
		}
	}
	return s / float64(n)
}

func TestFineTuningImprovesOnItsTask(t *testing.T) {
	cp, m, _ := pretrained(t)
	tg := heldOutTarget(t, cp.HeldOut[0])
	train := tg.X.Slice(0, testEval.TrainRows)
	zero := blockMSE(t, m, tg.X, testEval.TrainRows)
	for _, mode := range []string{ModeHead, ModeFull} {
		ft := m.Clone()
		ft.Adapt = Adaptation{Mode: mode, Steps: 200, Every: 50, Seed: 1, Target: tg.Name}
		before := ft.ps.CopyValues(nil)
		if err := ft.Fit(context.Background(), train, nil); err != nil {
			t.Fatal(err)
		}
		after := blockMSE(t, ft, tg.X, testEval.TrainRows)
		t.Logf("%s: zero-shot block MSE %.4f, %s fine-tuned %.4f", tg.Name, zero, mode, after)
		if !(after < zero) {
			t.Errorf("%s fine-tuning: test block MSE %.4f, zero-shot %.4f", mode, after, zero)
		}
		if n := len(ft.Info.FineTuned); n != 1 || ft.Info.FineTuned[0].Mode != mode || ft.Info.FineTuned[0].Steps != 200 {
			t.Errorf("fine-tuning record %+v", ft.Info.FineTuned)
		}
		if mode == ModeHead {
			changed := 0
			vals := ft.ps.CopyValues(nil)
			off := 0
			for _, p := range ft.ps.List() {
				head := strings.HasPrefix(p.Name, "head.") || strings.HasPrefix(p.Name, "skip.")
				for i := range p.Data {
					if vals[off+i] != before[off+i] {
						if !head {
							t.Fatalf("head-only fine-tuning changed backbone parameter %s", p.Name)
						}
						changed++
					}
				}
				off += len(p.Data)
			}
			if changed == 0 {
				t.Errorf("head-only fine-tuning changed nothing")
			}
		}
	}
	if got := m.Info.FineTuned; len(got) != 0 {
		t.Errorf("fine-tuning a clone changed the original: %+v", got)
	}
}

func lorenzBlock(t *testing.T, rows int) *forecast.Block {
	t.Helper()
	tg, err := SystemTarget(context.Background(), "Lorenz", DefaultPointsPerPeriod, rows, 10, 1)
	if err != nil {
		t.Fatal(err)
	}
	return tg.X
}

func TestPredictContract(t *testing.T) {
	_, m, _ := pretrained(t)
	x := lorenzBlock(t, 200)
	orig := append([]float64(nil), x.X...)
	const horizon = 50 // beyond H: autoregressive blocks
	p1, err := m.Predict(x, horizon)
	if err != nil {
		t.Fatal(err)
	}
	if p1.Rows != horizon || p1.Dim != 3 {
		t.Fatalf("forecast %d×%d, want %d×3", p1.Rows, p1.Dim, horizon)
	}
	if !slices.Equal(x.X, orig) {
		t.Fatalf("Predict modified its context")
	}
	p2, _ := m.Predict(x, horizon)
	short, _ := m.Predict(x, 1)
	if !slices.Equal(p1.X, p2.X) || !slices.Equal(short.X, p1.X[:3]) {
		t.Errorf("Predict is not deterministic or not prefix-consistent")
	}
	// Equivariance under positive scales and offsets (instance
	// normalisation), per column. (A negative scale flips the normalised
	// window, and the network is not odd.)
	a := []float64{3, 0.5, 100}
	b := []float64{-7, 2, 1e3}
	y := make([]float64, len(x.X))
	for i, v := range x.X {
		y[i] = a[i%3]*v + b[i%3]
	}
	py, err := m.Predict(forecast.NewBlock(y, 3), horizon)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range p1.X {
		want := a[i%3]*v + b[i%3]
		if math.Abs(py.X[i]-want) > 1e-8*(math.Abs(want)+math.Abs(b[i%3])) {
			t.Fatalf("forecast value %d of the affinely mapped series %v, want %v", i, py.X[i], want)
		}
	}
	// Channel independence: one column alone forecasts the same.
	col := make([]float64, x.Rows)
	for i := range col {
		col[i] = x.X[i*3+1]
	}
	pc, err := m.Predict(forecast.NewBlock(col, 1), horizon)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range pc.X {
		if v != p1.X[i*3+1] {
			t.Fatalf("column 1 forecast alone differs at row %d: %v vs %v", i, v, p1.X[i*3+1])
		}
	}
	// Errors.
	bad := append([]float64(nil), x.X...)
	bad[len(bad)-4] = math.NaN()
	for name, c := range map[string]struct {
		ctx     *forecast.Block
		horizon int
		want    string
	}{
		"short":   {x.Slice(0, 10), 5, "context length"},
		"horizon": {x, 0, "horizon"},
		"nan":     {forecast.NewBlock(bad, 3), 5, "NaN"},
	} {
		if _, err := m.Predict(c.ctx, c.horizon); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one mentioning %q", name, err, c.want)
		}
	}
	fitted := m.Clone()
	if err := fitted.Fit(context.Background(), x, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := fitted.Predict(forecast.NewBlock(col, 1), 3); err == nil {
		t.Errorf("a model fitted on 3 columns accepted a 1-column context")
	}
	dead, err := New(testModel, 1)
	if err != nil {
		t.Fatal(err)
	}
	dead.head.B.Data[0] = 1e30 // a forecast far beyond the divergence bound
	var de *forecast.DivergedError
	if _, err := dead.Predict(x, 5); !errors.As(err, &de) {
		t.Errorf("an exploding forecast gives %v, want a *forecast.DivergedError", err)
	}
}

func TestDynamicsFollowsPredict(t *testing.T) {
	_, m, _ := pretrained(t)
	x := lorenzBlock(t, 100)
	const steps = 40 // crosses two block boundaries (H = 16)
	pred, err := m.Predict(x, steps)
	if err != nil {
		t.Fatal(err)
	}
	sysAny, err := m.Dynamics(x)
	if err != nil {
		t.Fatal(err)
	}
	sys := sysAny.(*dynSys)
	if !system.IsDiscrete(sys) || sys.Dim() != (m.cfg.Context+m.cfg.Horizon-1)*3 {
		t.Fatalf("dynamics: discrete %v, dim %d", system.IsDiscrete(sys), sys.Dim())
	}
	state := make([]float64, sys.Dim())
	out := make([]float64, 3)
	for i := 0; i < steps; i++ {
		sys.Output(out, sys.State(state))
		for j, v := range out {
			if w := pred.X[i*3+j]; math.Abs(v-w) > 1e-9*(1+math.Abs(w)) {
				t.Fatalf("step %d column %d: dynamics %v, Predict %v", i, j, v, w)
			}
		}
		if i == steps-1 {
			break
		}
		// Eval agrees with Step.
		ev := make([]float64, sys.Dim())
		sys.Eval(ev, sys.State(nil), sys.Time())
		if err := sys.Step(); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(ev, sys.State(nil)) {
			t.Fatalf("step %d: Eval differs from Step", i)
		}
	}
	// The Jacobian at a forecasting phase against central differences of
	// Eval along a random direction.
	sys.Reset()
	for sys.phase(sys.Time()) != m.cfg.Horizon-1 {
		if err := sys.Step(); err != nil {
			t.Fatal(err)
		}
	}
	n := sys.Dim()
	s0 := sys.State(nil)
	J := make([]float64, n*n)
	sys.Jacobian(J, s0, sys.Time())
	rng := rand.New(rand.NewPCG(2, 2))
	v := make([]float64, n)
	for i := range v {
		v[i] = rng.NormFloat64()
	}
	const h = 1e-5
	xp, xm := make([]float64, n), make([]float64, n)
	for i := range v {
		xp[i], xm[i] = s0[i]+h*v[i], s0[i]-h*v[i]
	}
	fp, fm := make([]float64, n), make([]float64, n)
	sys.Eval(fp, xp, sys.Time())
	sys.Eval(fm, xm, sys.Time())
	var maxErr, scale float64
	for i := 0; i < n; i++ {
		var jv float64
		for k := 0; k < n; k++ {
			jv += J[i*n+k] * v[k]
		}
		fd := (fp[i] - fm[i]) / (2 * h)
		maxErr = max(maxErr, math.Abs(jv-fd))
		scale = max(scale, math.Abs(fd))
	}
	if maxErr > 1e-4*max(1, scale) {
		t.Errorf("Jacobian·v differs from finite differences by %g (scale %g)", maxErr, scale)
	}
	// No coupling between channels.
	r0 := (m.cfg.Context - 1) * 3
	for q := 0; q < m.cfg.Context; q++ {
		if J[(r0+0)*n+q*3+1] != 0 || J[(r0+2)*n+q*3+0] != 0 {
			t.Fatalf("Jacobian couples channels at window row %d", q)
		}
	}
	sys.Reset()
	if sys.Time() != 0 || !slices.Equal(sys.State(nil), sys.x0) {
		t.Errorf("Reset does not restore the initial state")
	}
}

func TestRepresent(t *testing.T) {
	_, m, _ := pretrained(t)
	x := lorenzBlock(t, 80)
	r, err := m.Represent(x)
	if err != nil {
		t.Fatal(err)
	}
	C, D := m.cfg.Context, m.cfg.DModel
	if r.Rows != x.Rows-C+1 || r.Dim != 3*D {
		t.Fatalf("representation %d×%d, want %d×%d", r.Rows, r.Dim, x.Rows-C+1, 3*D)
	}
	// The last row is the representation of the last window alone.
	last, err := m.Represent(x.Slice(x.Rows-C, x.Rows))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(last.X, r.X[(r.Rows-1)*r.Dim:]) {
		t.Errorf("last representation row is not aligned with the end of the input")
	}
	// Invariance to a per-column affine map.
	y := make([]float64, len(x.X))
	for i, v := range x.X {
		y[i] = 5*v - 20
	}
	ry, err := m.Represent(forecast.NewBlock(y, 3))
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range r.X {
		if math.Abs(ry.X[i]-v) > 1e-9*(1+math.Abs(v)) {
			t.Fatalf("representation value %d changes under an affine map: %v vs %v", i, ry.X[i], v)
		}
	}
	var sd float64
	for _, v := range r.X[:D] {
		sd += v * v
	}
	if sd == 0 {
		t.Errorf("representation is zero")
	}
}

func TestParrotCopiesPeriodicSeries(t *testing.T) {
	cases := []struct {
		period int
		match  int
	}{{20, 8}, {33, 16}, {50, 16}}
	for _, c := range cases {
		const rows = 300
		x := make([]float64, 2*(rows+100))
		for i := 0; i < rows+100; i++ {
			ph := 2 * math.Pi * float64(i%c.period) / float64(c.period)
			x[2*i] = math.Sin(ph) + 0.3*math.Cos(3*ph)
			x[2*i+1] = math.Exp(math.Sin(ph))
		}
		all := forecast.NewBlock(x, 2)
		p := &Parrot{Context: 256, Match: c.match}
		pred, err := p.Predict(all.Slice(0, rows), 100)
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range pred.X {
			if math.Abs(v-x[2*rows+i]) > 1e-12 {
				t.Fatalf("period %d: forecast value %d is %v, want %v", c.period, i, v, x[2*rows+i])
			}
		}
	}
	// On a chaotic series the parrot is imperfect but better than the
	// mean over a short horizon.
	x := lorenzBlock(t, 1200)
	p := &Parrot{Context: 1000}
	pred, err := p.Predict(x.Slice(0, 1100), 10)
	if err != nil {
		t.Fatal(err)
	}
	truth := x.Slice(1100, 1110)
	if e := forecast.NRMSE(truth, pred, forecast.Std(x)); !(e < 0.5) || e == 0 {
		t.Errorf("parrot NRMSE on Lorenz over 10 steps = %v, want in (0, 0.5)", e)
	}
}

func TestSaveLoadRoundTrip(t *testing.T) {
	_, m, _ := pretrained(t)
	dir := t.TempDir()
	if err := m.Save(dir); err != nil {
		t.Fatal(err)
	}
	l, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	x := lorenzBlock(t, 100)
	a, _ := m.Predict(x, 20)
	b, _ := l.Predict(x, 20)
	if !slices.Equal(a.X, b.X) || l.Config() != m.Config() || !slices.Equal(l.Info.Systems, m.Info.Systems) {
		t.Errorf("loaded model differs")
	}
	if _, err := os.Stat(filepath.Join(dir, ManifestFile)); err != nil {
		t.Errorf("no manifest: %v", err)
	}
	if _, err := Load(t.TempDir()); err == nil {
		t.Errorf("Load of an empty directory succeeded")
	}
}

// failing is a model whose Fit fails.
type failing struct{}

func (failing) Name() string    { return "failing" }
func (failing) ContextLen() int { return 1 }
func (failing) Fit(context.Context, *forecast.Block, *forecast.Block) error {
	return errors.New("no fit for you")
}
func (failing) Predict(*forecast.Block, int) (*forecast.Block, error) {
	return nil, errors.New("unfitted")
}

func TestEvaluateReportsFailuresPerModel(t *testing.T) {
	_, m, _ := pretrained(t)
	x := lorenzBlock(t, 700)
	tg := &Target{Name: "Lorenz", X: x, DT: 1.5 / 32, Lyapunov: 0.9056}
	cfg := EvalConfig{TrainRows: 400, Origins: 3, Horizon: 64, LongRows: 200, LyapunovSteps: 200}
	bs, err := Baselines([]string{"persistence", ParrotName}, m.cfg.Context, 1)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Evaluate(context.Background(), append(bs, Candidate{Label: "broken", Model: failing{}}, Candidate{Label: "foundation", Model: m}), tg, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Scores) != 4 || len(r.Origins) != 3 || r.Origins[0] != 400 || r.Origins[2] != 700-64 {
		t.Fatalf("%d scores, origins %v", len(r.Scores), r.Origins)
	}
	for _, s := range r.Scores {
		if s.Model == "broken" {
			if !strings.Contains(s.Err, "no fit for you") || !math.IsNaN(s.SMAPE) {
				t.Errorf("failing model scored %+v", s)
			}
			continue
		}
		// Only the foundation model has closed-loop dynamics.
		if got := !math.IsNaN(s.Lyapunov) && !math.IsInf(s.Lyapunov, 0); got != (s.Model == "foundation") {
			t.Errorf("%s: Lyapunov exponent %v", s.Model, s.Lyapunov)
		}
		// A constant rollout (persistence) has no spectrum.
		if s.Err != "" || math.IsNaN(s.SMAPE) || math.IsNaN(s.VPT) || math.IsNaN(s.KL) || math.IsNaN(s.Spectrum) != (s.Model == "persistence") {
			t.Errorf("%s: %+v", s.Model, s)
		}
	}
	if _, err := Evaluate(context.Background(), bs, &Target{Name: "tiny", X: x.Slice(0, 100)}, cfg); err == nil {
		t.Errorf("a target shorter than the training rows was accepted")
	}
	if _, err := Baselines([]string{"oracle"}, 64, 1); err == nil {
		t.Errorf("an unknown baseline was accepted")
	}
}
