package adapt

import (
	"context"
	"errors"
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/emergo/emergo/forecast"
)

// scripted is an Online model whose forecast of row t is x_t − err(t),
// so its normalised error is exactly |err(t)| on data of unit scale.
type scripted struct {
	data *forecast.Block
	t    int
	err  func(t int) float64
}

func (s *scripted) Name() string { return "scripted" }
func (s *scripted) Observe(x []float64) error {
	s.t++
	return nil
}
func (s *scripted) Predict(dst []float64) []float64 {
	x := s.data.Row(s.t)
	if len(dst) < len(x) {
		dst = make([]float64, len(x))
	}
	for j, v := range x {
		if math.IsNaN(v) {
			v = 0
		}
		dst[j] = v - s.err(s.t)
	}
	return dst[:len(x)]
}

// threshold alarms when a value exceeds its level.
type threshold struct{ level float64 }

func (d *threshold) Add(x float64) bool { return x > d.level }
func (d *threshold) Reset()             {}

// unitScenario is n rows of one column alternating ±1 (mean 0, standard
// deviation 1, so errors are not rescaled), warm-up 1000 rows, one change
// at row 2000.
func unitScenario(n int) *Scenario {
	x := make([]float64, n)
	for i := range x {
		x[i] = float64(1 - 2*(i%2))
	}
	return &Scenario{Name: "unit", Columns: []string{"x"}, Data: forecast.NewBlock(x, 1), Warm: 1000,
		Changes: []int{2000}, ChangeLabels: []string{"step"}}
}

// The summary of a scripted error stream, computed by hand: error 1
// before the change except a spike of 10 at row 1700; 3 for the 100 rows
// from the change, then 1.1. Means: before (999·1 + 10)/1000 = 1.009;
// after (100·3 + 900·1.1)/1000 = 1.29. The threshold detector (0.5 on
// the standardised log error; the calibration errors are all 1, so
// m = 0 and s falls back to 1) fires at the spike (a false alarm) and at
// the change (delay 0). Recovery: the first 50-row window after the
// change with mean ≤ 1.2·1 ends at row 2000 + e with
// ((150 − e)·3 + (e − 100)·1.1)/50 ≤ 1.2, e ≥ 147.4: e = 148.
func TestEvaluateSummaryByHand(t *testing.T) {
	sc := unitScenario(3000)
	errAt := func(t int) float64 {
		switch {
		case t == 1700:
			return 10
		case t < 2000:
			return 1
		case t < 2100:
			return 3
		}
		return 1.1
	}
	f := Factory{Name: "scripted", New: func(_ context.Context, warm *forecast.Block, _ uint64) (Online, error) {
		return &scripted{data: sc.Data, t: warm.Rows, err: errAt}, nil
	}}
	ev, err := Evaluate(context.Background(), sc, []Factory{f}, func() Detector { return &threshold{0.5} },
		&EvalOptions{Calibrate: 500, Recalibrate: 100})
	if err != nil {
		t.Fatal(err)
	}
	r := ev.Models[0]
	c := r.Changes[0]
	const tol = 1e-12
	for _, chk := range []struct {
		what      string
		got, want float64
	}{
		{"before", c.Before, 1.009},
		{"after", c.After, 1.29},
		{"after median", c.AfterMedian, 1.1},
		{"pre level", c.PreLevel, (499 + 10.0) / 500},
		{"mean", r.MeanError, (999 + 10 + 300 + 900*1.1) / 2000},
	} {
		if math.Abs(chk.got-chk.want) > tol {
			t.Errorf("%s = %v, want %v", chk.what, chk.got, chk.want)
		}
	}
	// PreLevel is 1.018 (the spike is within the 500 rows), so the
	// recovery bound is 1.2216: ((150 − e)·3 + (e − 100)·1.1)/50 ≤ 1.2216
	// gives e ≥ 146.8, e = 147.
	if len(r.Alarms) != 2 || r.Alarms[0] != 1700 || r.Alarms[1] != 2000 {
		t.Errorf("alarms %v, want [1700 2000]", r.Alarms)
	}
	if !c.Detected || c.Delay != 0 || c.FalseAlarmsBefore != 1 || r.FalseAlarms != 1 || r.FalseAlarmRate != 5 {
		t.Errorf("detected %v delay %d, false alarms %d before, %d in all (rate %v per 10k); want true, 0, 1, 1, 5",
			c.Detected, c.Delay, c.FalseAlarmsBefore, r.FalseAlarms, r.FalseAlarmRate)
	}
	if !c.Recovered || c.Recovery != 147 {
		t.Errorf("recovered %v after %d rows, want 147", c.Recovered, c.Recovery)
	}
	if len(r.Errors) != 2000 || r.Errors[0] != 1 || r.Errors[700] != 10 {
		t.Errorf("%d errors, first %v, at the spike %v", len(r.Errors), r.Errors[0], r.Errors[700])
	}
	// Without the spike and with the default pre-window the recovery is
	// the 148 rows computed above.
	ev, err = Evaluate(context.Background(), sc, []Factory{{Name: "s", New: func(_ context.Context, warm *forecast.Block, _ uint64) (Online, error) {
		return &scripted{data: sc.Data, t: warm.Rows, err: func(t int) float64 {
			if t == 1700 {
				return 1
			}
			return errAt(t)
		}}, nil
	}}}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c := ev.Models[0].Changes[0]; c.Recovery != 148 || c.Detected || c.Delay != -1 || len(ev.Models[0].Alarms) != 0 {
		t.Errorf("without detector: recovery %d (want 148), detected %v, delay %d, alarms %v", c.Recovery, c.Detected, c.Delay, ev.Models[0].Alarms)
	}
}

// onlineVsFrozen runs the frozen and online versions of the NG-RC and ESN
// models over a scenario and returns the evaluation.
func onlineVsFrozen(t *testing.T, name string, rows int, seed uint64, det func() Detector) *Evaluation {
	t.Helper()
	ctx := context.Background()
	sc, err := NewScenario(ctx, name, &ScenarioOptions{Seed: seed, Rows: rows})
	if err != nil {
		t.Fatal(err)
	}
	var fs []Factory
	for _, n := range []string{"frozen-nvar", "rls-nvar", "frozen-esn", "rls-esn"} {
		f, err := NewModel(n, &ModelOptions{ESNSize: 60})
		if err != nil {
			t.Fatal(err)
		}
		fs = append(fs, f)
	}
	ev, err := Evaluate(ctx, sc, fs, det, &EvalOptions{Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ev.Models {
		for _, c := range m.Changes {
			t.Logf("%s %-12s before %.3g after %.3g (median %.3g) delay %d recovery %d false alarms %d",
				name, m.Name, c.Before, c.After, c.AfterMedian, c.Delay, c.Recovery, c.FalseAlarmsBefore)
		}
	}
	return ev
}

// Online models beat frozen ones after a regime switch: on the seeded
// Lorenz ρ 28 → 60 jump (4000 rows, switch at 2000) the RLS versions of
// NG-RC and of the ESN readout end with a mean one-step error at least
// 10 times smaller than the same models frozen after the warm-up
// (measured: about 100×), while before the switch all four are accurate
// (below 10⁻³ attractor standard deviations); the Page-Hinkley detector
// flags the jump on the frozen models within 100 rows. On the ρ ramp the
// online models stay ahead by the same factor after both changes.
func TestOnlineBeatsFrozenAfterSwitch(t *testing.T) {
	const margin = 10
	ph, _ := NewDetector("page-hinkley")
	ev := onlineVsFrozen(t, "lorenz-rho-jump", 4000, 1, ph)
	by := map[string]ModelResult{}
	for _, m := range ev.Models {
		by[m.Name] = m
		if b := m.Changes[0].Before; b > 1e-3 {
			t.Errorf("%s: error %v before the switch, want below 1e-3", m.Name, b)
		}
	}
	for _, pair := range [][2]string{{"frozen-nvar", "rls-nvar"}, {"frozen-esn", "rls-esn"}} {
		fr, on := by[pair[0]].Changes[0], by[pair[1]].Changes[0]
		if !(on.After*margin < fr.After) {
			t.Errorf("after the switch %s has error %.3g, %s %.3g: not %d times smaller", pair[1], on.After, pair[0], fr.After, margin)
		}
		if !fr.Detected || fr.Delay > 100 {
			t.Errorf("%s: the switch was detected %v with delay %d, want within 100 rows", pair[0], fr.Detected, fr.Delay)
		}
	}
	ev = onlineVsFrozen(t, "lorenz-rho-ramp", 4000, 1, nil)
	by = map[string]ModelResult{}
	for _, m := range ev.Models {
		by[m.Name] = m
	}
	for _, pair := range [][2]string{{"frozen-nvar", "rls-nvar"}, {"frozen-esn", "rls-esn"}} {
		for k := range 2 {
			fr, on := by[pair[0]].Changes[k], by[pair[1]].Changes[k]
			if !(on.After*margin < fr.After) {
				t.Errorf("ramp change %d: %s error %.3g, %s %.3g: not %d times smaller", k, pair[1], on.After, pair[0], fr.After, margin)
			}
		}
	}
}

// Evaluate is deterministic: the same seed gives the same errors and
// alarms with one worker or two; progress ends at (total, total) and
// never decreases; missing rows are not scored.
func TestEvaluateDeterministic(t *testing.T) {
	ctx := context.Background()
	sc, err := NewScenario(ctx, "missing", &ScenarioOptions{Seed: 3, Rows: 1200})
	if err != nil {
		t.Fatal(err)
	}
	var fs []Factory
	for _, n := range []string{"rls-esn", "frozen-ridge", "rls-ridge"} {
		f, _ := NewModel(n, &ModelOptions{ESNSize: 20})
		fs = append(fs, f)
	}
	det, _ := NewDetector("adwin")
	var mu sync.Mutex
	var calls [][2]int
	run := func(workers int) *Evaluation {
		ev, err := Evaluate(ctx, sc, fs, det, &EvalOptions{Seed: 5, Workers: workers, Progress: func(d, n int) {
			mu.Lock()
			calls = append(calls, [2]int{d, n})
			mu.Unlock()
		}})
		if err != nil {
			t.Fatal(err)
		}
		return ev
	}
	a := run(1)
	last := calls[len(calls)-1]
	if total := 3 * (1200 - 300); last != [2]int{total, total} {
		t.Errorf("last progress %v, want [%d %d]", last, total, total)
	}
	for i := 1; i < len(calls); i++ {
		if calls[i][0] < calls[i-1][0] {
			t.Fatalf("progress went back: %v then %v", calls[i-1], calls[i])
		}
	}
	b := run(2)
	for i := range a.Models {
		ea, eb := a.Models[i].Errors, b.Models[i].Errors
		for k := range ea {
			if ea[k] != eb[k] && !(math.IsNaN(ea[k]) && math.IsNaN(eb[k])) {
				t.Fatalf("%s: error %d differs: %v vs %v", a.Models[i].Name, k, ea[k], eb[k])
			}
		}
		if len(a.Models[i].Alarms) != len(b.Models[i].Alarms) {
			t.Errorf("%s: alarms %v vs %v", a.Models[i].Name, a.Models[i].Alarms, b.Models[i].Alarms)
		}
		nan := 0
		for k, v := range ea {
			row := sc.Data.Row(sc.Warm + k)
			if math.IsNaN(v) != math.IsNaN(row[0]) {
				t.Fatalf("%s: row %d scored %v, data %v", a.Models[i].Name, sc.Warm+k, v, row)
			}
			if math.IsNaN(v) {
				nan++
			}
		}
		if nan == 0 {
			t.Errorf("%s: no missing rows in the scenario", a.Models[i].Name)
		}
	}
}

// Evaluate reports errors: a cancelled context, no models, a failing
// factory, a warm-up with missing values.
func TestEvaluateErrors(t *testing.T) {
	sc := unitScenario(2500)
	ok := Factory{Name: "p", New: func(_ context.Context, warm *forecast.Block, _ uint64) (Online, error) {
		return &scripted{data: sc.Data, t: warm.Rows, err: func(int) float64 { return 1 }}, nil
	}}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Evaluate(ctx, sc, []Factory{ok}, nil, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	if _, err := Evaluate(context.Background(), sc, nil, nil, nil); err == nil {
		t.Error("no models accepted")
	}
	bad := Factory{Name: "bad", New: func(context.Context, *forecast.Block, uint64) (Online, error) {
		return nil, errors.New("boom")
	}}
	if _, err := Evaluate(context.Background(), sc, []Factory{ok, bad}, nil, nil); err == nil || !strings.Contains(err.Error(), "model bad: boom") {
		t.Errorf("failing factory: %v", err)
	}
	sc.Data.X[10] = math.NaN()
	if _, err := Evaluate(context.Background(), sc, []Factory{ok}, nil, nil); err == nil || !strings.Contains(err.Error(), "warm-up") {
		t.Errorf("missing value in the warm-up: %v", err)
	}
}

// The model registry knows its names, suggests on typos and validates
// options.
func TestNewModel(t *testing.T) {
	for _, in := range Models() {
		f, err := NewModel(in.Name, nil)
		if err != nil || f.Name != in.Name || f.New == nil {
			t.Errorf("%s: %v", in.Name, err)
		}
	}
	if _, err := NewModel("rls-nvr", nil); err == nil || !strings.Contains(err.Error(), `"rls-nvar"`) {
		t.Errorf("typo: %v", err)
	}
	for _, o := range []ModelOptions{{Lambda: 1.2}, {Delta: -1}, {ESNSize: 1}} {
		if _, err := NewModel("rls-esn", &o); err == nil {
			t.Errorf("options %+v accepted", o)
		}
	}
}
