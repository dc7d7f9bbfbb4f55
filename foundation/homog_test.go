package foundation

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/emergo/emergo/homogenization"
)

// tinyHomog is a homogenization study of about a second: micro models on
// 12 systems (four of them Sprott flows, the defect's family), two tasks
// and one probe-only system.
func tinyHomog(seed uint64) HomogConfig {
	return HomogConfig{
		Corpus:          CorpusConfig{Systems: testSystems[:16], Trajectories: 2, Length: 300, Seed: 3},
		Model:           Config{Context: 32, Horizon: 8, Patch: 8, DModel: 16, Layers: 1, Heads: 2, FFN: 32},
		Pretrain:        PretrainConfig{Steps: 600, Batch: 32, LR: 3e-3, CheckpointEvery: 300, ValWindows: -1},
		Tasks:           2,
		ProbeSystems:    1,
		TaskRows:        400,
		Adapt:           Adaptation{Steps: 40, Batch: 16},
		ScratchSteps:    80,
		Foundations:     2,
		ProbesPerSource: 24,
		Permutations:    20,
		Defect:          Defect{Kind: DefectRemove, Prefix: "Sprott", Probes: 128},
		Seed:            seed,
	}
}

var homogFixture struct {
	once sync.Once
	r    *HomogResult
	err  error
}

func tinyHomogResult(t *testing.T) *HomogResult {
	t.Helper()
	homogFixture.once.Do(func() {
		homogFixture.r, homogFixture.err = RunHomogenization(context.Background(), tinyHomog(1), nil)
	})
	if homogFixture.err != nil {
		t.Fatal(homogFixture.err)
	}
	return homogFixture.r
}

func TestPlantDefect(t *testing.T) {
	cp, _, _ := pretrained(t)
	fam := familyOf(cp, &Defect{Prefix: "Sprott"})
	if len(fam) == 0 {
		t.Fatal("no Sprott system in the test corpus")
	}
	for _, n := range fam {
		if !strings.HasPrefix(n, "Sprott") {
			t.Fatalf("family member %s", n)
		}
	}
	if got := familyOf(cp, &Defect{Systems: []string{"lorenz", "nosuch"}}); !slices.Equal(got, []string{"Lorenz"}) && !slices.Contains(cp.HeldOut, "Lorenz") {
		t.Errorf("explicit family %v", got)
	}
	orig := make([][]float32, len(cp.Train))
	for i, s := range cp.Train {
		orig[i] = slices.Clone(s.X)
	}
	in := func(n string) bool { return slices.Contains(fam, n) }
	rm := plantDefect(cp, fam, DefectRemove)
	for _, s := range append(slices.Clone(rm.Train), rm.Val...) {
		if in(s.System) {
			t.Fatalf("removed family member %s still in the corpus", s.System)
		}
	}
	if len(rm.Systems) != len(cp.Systems)-len(fam) {
		t.Errorf("%d systems left of %d minus %d", len(rm.Systems), len(cp.Systems), len(fam))
	}
	for _, kind := range []string{DefectReverse, DefectFlip} {
		d := plantDefect(cp, fam, kind)
		if len(d.Train) != len(cp.Train) {
			t.Fatalf("%s: %d series, want %d", kind, len(d.Train), len(cp.Train))
		}
		for i, s := range d.Train {
			x := cp.Train[i].X
			n := len(x)
			for k := range x {
				want := x[k]
				if in(s.System) {
					if kind == DefectReverse {
						want = x[n-1-k]
					} else {
						want = -x[k]
					}
				}
				if s.X[k] != want {
					t.Fatalf("%s: series %d (%s) value %d is %v, want %v", kind, i, s.System, k, s.X[k], want)
				}
			}
		}
		for _, s := range d.Val {
			if in(s.System) {
				t.Fatalf("%s: family validation series kept", kind)
			}
		}
	}
	for i, s := range cp.Train {
		if !slices.Equal(s.X, orig[i]) {
			t.Fatalf("planting a defect modified the original corpus (series %d)", i)
		}
	}
}

// failures marks exactly the values above each model's quantile, over
// all instances or within groups.
func TestFailuresQuantile(t *testing.T) {
	errs := mat.NewDense(8, 2, []float64{
		1, 8,
		2, 7,
		3, 6,
		4, 5,
		5, 4,
		6, 3,
		7, 2,
		8, 1,
	})
	f := failures(errs, nil, 0.75)
	want := []float64{0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0}
	if !slices.Equal(f.RawMatrix().Data, want) {
		t.Errorf("failures %v, want %v", f.RawMatrix().Data, want)
	}
	g := failures(errs, []int{0, 0, 0, 0, 1, 1, 1, 1}, 0.5)
	want = []float64{0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 1, 0, 1, 0}
	if !slices.Equal(g.RawMatrix().Data, want) {
		t.Errorf("within-group failures %v, want %v", g.RawMatrix().Data, want)
	}
}

// ProbeErrors is invariant to a positive affine map of each probe (the
// instance normalisation), a model's representation has CKA 1 with
// itself, and the errors are those of Predict.
func TestProbeErrors(t *testing.T) {
	_, fm, _ := pretrained(t)
	m := fm.Clone()
	m.fitted = false // other tests fit the shared model on three columns
	x := lorenzBlock(t, 400)
	C, H := m.cfg.Context, m.cfg.Horizon
	rng := rand.New(rand.NewPCG(1, 1))
	cols := columns(x, 0, x.Rows)
	probes := drawProbes(cols, []string{"x", "y", "z"}, 0, 40, C+H, rng)
	le, reps, err := ProbeErrors(m, probes)
	if err != nil {
		t.Fatal(err)
	}
	p0 := probes[0].X
	pred, err := m.Predict(newBlock(p0[:C], 1), H)
	if err != nil {
		t.Fatal(err)
	}
	_, sd := windowStats(p0[:C])
	var e float64
	for j := 0; j < H; j++ {
		d := (pred.X[j] - p0[C+j]) / sd
		e += d * d
	}
	if want := math.Log(e/float64(H) + 1e-12); math.Abs(le[0]-want) > 1e-9 {
		t.Errorf("probe 0 log error %v, Predict gives %v", le[0], want)
	}
	scaled := make([]Probe, len(probes))
	for i, p := range probes {
		y := make([]float64, len(p.X))
		for k, v := range p.X {
			y[k] = 7*v - 3
		}
		scaled[i] = Probe{Source: p.Source, X: y}
	}
	le2, reps2, err := ProbeErrors(m, scaled)
	if err != nil {
		t.Fatal(err)
	}
	for i := range le {
		if math.Abs(le[i]-le2[i]) > 1e-8 {
			t.Fatalf("probe %d: log error %v after an affine map, %v before", i, le2[i], le[i])
		}
	}
	if !mat.EqualApprox(reps, reps2, 1e-9) {
		t.Errorf("representations change under an affine map")
	}
	self, err := homogenization.LinearCKA(reps, reps)
	if err != nil || math.Abs(self-1) > 1e-12 {
		t.Errorf("CKA of a representation with itself = %v (%v)", self, err)
	}
	if _, _, err := ProbeErrors(m, []Probe{{Source: "short", X: p0[:C]}}); err == nil || !strings.Contains(err.Error(), "context+horizon") {
		t.Errorf("a short probe gave %v", err)
	}
}

// The study's measures come from the trained models: CKA 1 on the
// diagonal and for head-only adaptation (one backbone), below 1 between
// arms; failure rates follow the quantile; every measure is filled.
func TestHomogenizationMeasures(t *testing.T) {
	r := tinyHomogResult(t)
	K := len(r.Tasks)
	if K != 2 || len(r.ProbeSources) != 3 || r.Probes != 3*24 {
		t.Fatalf("tasks %v, sources %v, %d probes", r.Tasks, r.ProbeSources, r.Probes)
	}
	names := armNames(r.Arms)
	if !slices.Equal(names, []string{"shared/full", "shared/head", "scratch", "multi/full", "multi/head"}) {
		t.Fatalf("arms %v", names)
	}
	for _, a := range r.Arms {
		if a.Err != "" {
			t.Errorf("%s: %s", a.Name, a.Err)
		}
		for i := range a.CKA {
			if math.Abs(a.CKA[i][i]-1) > 1e-9 || math.Abs(a.KNN[i][i]-1) > 1e-12 {
				t.Errorf("%s: self-similarity CKA %v, kNN %v", a.Name, a.CKA[i][i], a.KNN[i][i])
			}
		}
		if a.Systemic.Models != K || a.Systemic.Instances != r.Probes {
			t.Errorf("%s: systemic over %d models, %d instances", a.Name, a.Systemic.Models, a.Systemic.Instances)
		}
		for _, rate := range a.Systemic.FailureRate {
			if math.Abs(rate-0.25) > 1.0/float64(r.Probes) {
				t.Errorf("%s: failure rate %v, want 0.25 (quantile 0.75)", a.Name, rate)
			}
		}
		if math.IsNaN(a.MeanErrCorr) || math.IsNaN(a.Outcome.Avg) || math.IsNaN(a.MeanTaskLogErr) || math.IsNaN(a.SystemicWithin.FailureRatio) {
			t.Errorf("%s: a measure is NaN: %+v", a.Name, a)
		}
	}
	if c := r.Arms[1].CKA[0][1]; math.Abs(c-1) > 1e-9 {
		t.Errorf("head-only models share their backbone, CKA %v", c)
	}
	if c := r.Arms[0].CKA[0][1]; !(c < 0.999) {
		t.Errorf("full fine-tuning on different tasks left CKA %v", c)
	}
	// Across arms: the whole-ecosystem matrix.
	n := len(r.Labels)
	if n != 5*K || len(r.CKA) != n {
		t.Fatalf("%d labels, %d rows", n, len(r.CKA))
	}
	sharedFull0, scratch0 := 0, 2*K
	if c := r.CKA[sharedFull0][scratch0]; !(c < 0.999) || math.Abs(r.CKA[scratch0][scratch0]-1) > 1e-9 {
		t.Errorf("CKA shared/full vs scratch on task 0 = %v", c)
	}
	t.Logf("mean CKA: %v %v %v %v %v", r.Arms[0].MeanCKA, r.Arms[1].MeanCKA, r.Arms[2].MeanCKA, r.Arms[3].MeanCKA, r.Arms[4].MeanCKA)
}

// A defect planted in the shared model's corpus (the Sprott family
// removed) shows on the pretrained model and is carried by the models
// adapted from it head-only (the backbone is kept), more than by models
// adapted from a clean model of another seed.
func TestInheritanceFlagsPlantedDefect(t *testing.T) {
	r := tinyHomogResult(t)
	h := r.Config
	t.Logf("family %v: base excess %.3f, null %.3f", r.Family, r.BaseExcess, r.NullExcess)
	for _, ia := range r.Inheritance {
		t.Logf("%s: %v carriers %d/%d vs null %.3f (t %.2f)", ia.Name, ia.Excess, ia.Carriers, ia.Of, ia.VsNull, ia.VsNullT)
	}
	if !(r.BaseExcess > h.Defect.Margin) || !(r.BaseExcess > r.NullExcess+h.Defect.Margin) {
		t.Errorf("planted defect: excess %.3f (null %.3f), want above the margin %.3g", r.BaseExcess, r.NullExcess, h.Defect.Margin)
	}
	get := func(name string) InheritanceArm {
		for _, ia := range r.Inheritance {
			if ia.Name == name {
				return ia
			}
		}
		t.Fatalf("no inheritance arm %s", name)
		return InheritanceArm{}
	}
	sh, nl, mu := get("shared/head"), get("null/head"), get("multi/head")
	if sh.Carriers != sh.Of || nl.Carriers >= sh.Carriers {
		t.Errorf("head-only: %d/%d shared models carry the defect, %d null ones", sh.Carriers, sh.Of, nl.Carriers)
	}
	// Task 0 of the multi arm comes from the defective model, task 1
	// from a clean one of another seed and corpus subset.
	if mu.Excess[0] != sh.Excess[0] {
		t.Errorf("multi task 0 is adapted from the defective model: excess %v, shared %v", mu.Excess[0], sh.Excess[0])
	}
	if !math.IsNaN(nl.VsNull) || math.IsNaN(sh.VsNull) {
		t.Errorf("paired comparison: null %v, shared %v", nl.VsNull, sh.VsNull)
	}
}

// The study is a pure function of its configuration and seed, whatever
// the number of workers; another seed changes the numbers.
func TestHomogenizationDeterministic(t *testing.T) {
	a := tinyHomogResult(t)
	c := tinyHomog(1)
	c.Workers = 1
	b, err := RunHomogenization(context.Background(), c, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range a.Arms {
		if a.Arms[i].MeanCKA != b.Arms[i].MeanCKA || a.Arms[i].MeanErrCorr != b.Arms[i].MeanErrCorr || a.Arms[i].Systemic.PermSystemic != b.Arms[i].Systemic.PermSystemic {
			t.Errorf("arm %s differs with one worker", a.Arms[i].Name)
		}
	}
	for i := range a.Inheritance {
		if !slices.Equal(a.Inheritance[i].Excess, b.Inheritance[i].Excess) {
			t.Errorf("inheritance %s differs with one worker", a.Inheritance[i].Name)
		}
	}
	d, err := RunHomogenization(context.Background(), tinyHomog(2), nil)
	if err != nil {
		t.Fatal(err)
	}
	if d.Arms[0].MeanCKA == a.Arms[0].MeanCKA || d.BaseExcess == a.BaseExcess {
		t.Errorf("another seed gives the same numbers (CKA %v, excess %v)", d.Arms[0].MeanCKA, d.BaseExcess)
	}
}

func TestHomogenizationRejectsBadConfigs(t *testing.T) {
	cases := []struct {
		edit func(h *HomogConfig)
		want string
	}{
		{func(h *HomogConfig) { h.Tasks = 1 }, "tasks"},
		{func(h *HomogConfig) { h.Modes = []string{"zeroshot"} }, "mode"},
		{func(h *HomogConfig) { h.Foundations = 1 }, "foundations"},
		{func(h *HomogConfig) { h.FailQuantile = 1 }, "fail_quantile"},
		{func(h *HomogConfig) { h.Defect.Kind = "burn" }, "defect"},
		{func(h *HomogConfig) { h.Defect.Prefix = "Nosuch" }, "no pretraining system matches"},
		{func(h *HomogConfig) { h.Real = []string{"nosuch"} }, "nosuch"},
		{func(h *HomogConfig) { h.TaskRows = 50 }, "rows"},
	}
	for _, c := range cases {
		h := tinyHomog(1)
		c.edit(&h)
		if _, err := RunHomogenization(context.Background(), h, nil); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("error %v, want one mentioning %q", err, c.want)
		}
	}
}
