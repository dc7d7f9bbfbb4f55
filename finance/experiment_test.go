package finance

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/emergo/emergo/adapt"
	"github.com/emergo/emergo/data"
	"github.com/emergo/emergo/experiment"
)

func regimesKind(t *testing.T) *experiment.Kind {
	t.Helper()
	k, err := experiment.Lookup(RegimesKind)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func quickRegimes(t *testing.T, seed uint64) *experiment.Result {
	t.Helper()
	k := regimesKind(t)
	p, err := k.Decode(nil)
	if err != nil {
		t.Fatal(err)
	}
	k.Quick(p)
	res, err := k.Run(context.Background(), p, experiment.NewEnv(seed))
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestRegimesBadParams(t *testing.T) {
	k := regimesKind(t)
	cases := []struct{ raw, want string }{
		{`{"models": []}`, "models"},
		{`{"models": ["frozen-ridge", "no-such-model"]}`, "models[1]"},
		{`{"models": ["rls-ridge", "rls-ridge"]}`, "models[1]"},
		{`{"detectors": ["cusum"]}`, "detectors[0]"},
		{`{"detectors": ["none"]}`, "detectors[0]"},
		{`{"detectors": ["ph", "page-hinkley"]}`, "detectors[1]"},
		{`{"targets": ["prices"]}`, "targets[0]"},
		{`{"lambda": 1.5}`, "lambda"},
		{`{"calibrate": 10}`, "calibrate"},
		{`{"window": 0}`, "window"},
		{`{"tolerance": -1}`, "tolerance"},
		{`{"pre_window": 5}`, "pre_window"},
		{`{"lead": -1}`, "lead"},
		{`{"vol_window": 1}`, "vol_window"},
		{`{"max_points": 2}`, "max_points"},
		{`{"no_such_param": 1}`, "no_such_param"},
	}
	for _, c := range cases {
		_, err := k.Decode([]byte(c.raw))
		if err == nil {
			t.Errorf("%s: no error", c.raw)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %q does not name %s", c.raw, err, c.want)
		}
	}
	if _, err := k.Decode(nil); err != nil {
		t.Fatalf("defaults rejected: %v", err)
	}
}

func TestRegimesDeterministicAndCheck(t *testing.T) {
	a := quickRegimes(t, 3)
	if err := a.Check(); err != nil {
		t.Fatal(err)
	}
	b := quickRegimes(t, 3)
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) != string(jb) {
		t.Fatal("two runs with the same seed differ")
	}
	if len(a.Tables) != 3 || len(a.Plots) == 0 {
		t.Fatalf("got %d tables and %d plots", len(a.Tables), len(a.Plots))
	}
	// A timeline marks both onsets.
	var onsets int
	for _, v := range a.Plots[0].VLines {
		if strings.HasPrefix(v.Label, "onset") {
			onsets++
		}
	}
	if onsets != 2 {
		t.Fatalf("timeline has %d onset lines, want 2", onsets)
	}
}

func TestRegimesCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	p := DefaultRegimesParams()
	p.Quick()
	if _, err := RunRegimes(ctx, p, experiment.NewEnv(1)); err == nil {
		t.Fatal("no error on a cancelled context")
	}
}

// TestRegimesCrossCheck recomputes reported figures directly from the data,
// the finance package and adapt, so that the wrapper cannot mis-wire them.
func TestRegimesCrossCheck(t *testing.T) {
	const tol = 1e-12
	res := quickRegimes(t, 1)
	s, err := data.SP500LogReturns()
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.Column("log_return")
	if err != nil {
		t.Fatal(err)
	}
	p := DefaultRegimesParams()
	p.Quick()
	// The Lehman onset is the first trading day on or after 2008-09-15,
	// which is that Monday itself.
	lehman := -1
	for i, d := range s.Dates {
		if d.Format("2006-01-02") == "2008-09-15" {
			lehman = i
			break
		}
	}
	if lehman < 0 {
		t.Fatal("2008-09-15 is not a trading day of the data")
	}
	_, sdb, _, _ := Moments(r[lehman-p.VolWindow : lehman])
	_, sda, _, _ := Moments(r[lehman : lehman+p.VolWindow])
	if got, want := float64(res.Metrics["vol_before_lehman"]), sdb*math.Sqrt(252); !approx(got, want, tol, 0) {
		t.Errorf("vol_before_lehman = %v, want %v", got, want)
	}
	if got, want := float64(res.Metrics["vol_after_lehman"]), sda*math.Sqrt(252); !approx(got, want, tol, 0) {
		t.Errorf("vol_after_lehman = %v, want %v", got, want)
	}
	// Realised volatility roughly tripled after Lehman (an invariant of the
	// data, not a fit): both windows are known to be 20-30% and > 60%.
	if ratio := sda / sdb; ratio < 2 {
		t.Errorf("vol ratio after Lehman %v < 2", ratio)
	}

	// The detection table against adapt.Evaluate run directly.
	sc, err := adapt.NewScenario(context.Background(), "sp500-2008-2020", nil)
	if err != nil {
		t.Fatal(err)
	}
	if sc.Changes[0] != lehman {
		t.Fatalf("scenario's Lehman row %d, data's %d", sc.Changes[0], lehman)
	}
	var facs []adapt.Factory
	for _, m := range p.Models {
		f, err := adapt.NewModel(m, nil)
		if err != nil {
			t.Fatal(err)
		}
		facs = append(facs, f)
	}
	det, _ := adapt.NewDetector(p.Detectors[0])
	ev, err := adapt.Evaluate(context.Background(), sc, facs, det, &adapt.EvalOptions{Seed: 1, Calibrate: p.Calibrate,
		Window: p.Window, Tolerance: p.Tolerance, PreWindow: p.PreWindow})
	if err != nil {
		t.Fatal(err)
	}
	tab := res.Tables[1]
	col := func(name string) int {
		for i, c := range tab.Columns {
			if c == name {
				return i
			}
		}
		t.Fatalf("no column %q", name)
		return -1
	}
	row := 0
	for _, m := range ev.Models {
		for k, cr := range m.Changes {
			got := tab.Rows[row]
			if got[col("model")] != m.Name || got[col("onset")] != onsetKeys[k] {
				t.Fatalf("row %d is %v, want model %s onset %s", row, got, m.Name, onsetKeys[k])
			}
			if want := experiment.Format(cr.PreLevel); got[col("error, pre-window")] != want {
				t.Errorf("%s %s pre-window error %s, want %s", m.Name, onsetKeys[k], got[col("error, pre-window")], want)
			}
			// The mean error over the vol_window days from the onset,
			// summed here by hand from adapt's per-day errors.
			var sum float64
			i0 := cr.At - ev.Warm
			i1 := min(len(m.Errors), i0+p.VolWindow) // the data end 40 days after the COVID onset
			for _, e := range m.Errors[i0:i1] {
				sum += e
			}
			if want := experiment.Format(sum / float64(i1-i0)); got[col("error, vol_window after")] != want {
				t.Errorf("%s %s error after %s, want %s", m.Name, onsetKeys[k], got[col("error, vol_window after")], want)
			}
			want := "—"
			if cr.Detected {
				want = s.Dates[cr.At+cr.Delay].Format("2006-01-02")
			}
			if got[col("first alarm after")] != want {
				t.Errorf("%s %s first alarm %s, want %s", m.Name, onsetKeys[k], got[col("first alarm after")], want)
			}
			row++
		}
	}
}

func TestDecimalYearAndTimeline(t *testing.T) {
	// Exact cases: 1 January is the integer year; 2 July 2001 (day 182 of
	// a 365-day year) is 2001 + 182/365.
	if got := decimalYear(time.Date(2008, 1, 1, 0, 0, 0, 0, time.UTC)); got != 2008 {
		t.Errorf("decimalYear(2008-01-01) = %v", got)
	}
	if got, want := decimalYear(time.Date(2001, 7, 2, 0, 0, 0, 0, time.UTC)), 2001+182.0/365; math.Abs(got-want) > 1e-12 {
		t.Errorf("decimalYear(2001-07-02) = %v, want %v", got, want)
	}
	// A trailing 3-day mean of 1, 2, ..., 10 is 2, 3, ..., 9; stride 2
	// (at most 5 points of 8) keeps 2, 4, 6, 8.
	errs := make([]float64, 10)
	dates := make([]time.Time, 10)
	for i := range errs {
		errs[i] = float64(i + 1)
		dates[i] = time.Date(2001, 1, 1+i, 0, 0, 0, 0, time.UTC)
	}
	_, y := timeline(errs, dates, 3, 5)
	want := []float64{2, 4, 6, 8}
	if fmt.Sprint(y) != fmt.Sprint(want) {
		t.Errorf("timeline = %v, want %v", y, want)
	}
	// RegimeWindows clips at the ends.
	b, a := RegimeWindows(errs, 2, 5)
	if len(b) != 2 || len(a) != 5 || a[0] != 3 {
		t.Errorf("RegimeWindows = %v, %v", b, a)
	}
}

// TestRegimesPrintDefault prints the default-parameter result
// (EMERGO_FINANCE_REGIMES=1 go test ./finance -run RegimesPrintDefault -v).
func TestRegimesPrintDefault(t *testing.T) {
	if os.Getenv("EMERGO_FINANCE_REGIMES") == "" {
		t.Skip("set EMERGO_FINANCE_REGIMES=1 to print the default result")
	}
	k := regimesKind(t)
	// EMERGO_FINANCE_REGIMES may hold JSON params instead of "1".
	var raw []byte
	if v := os.Getenv("EMERGO_FINANCE_REGIMES"); strings.HasPrefix(v, "{") {
		raw = []byte(v)
	}
	p, err := k.Decode(raw)
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Now()
	res, err := k.Run(context.Background(), p, experiment.NewEnv(1))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("elapsed %v; check %v", time.Since(t0), res.Check())
	t.Log(res.Summary)
	for _, tb := range res.Tables {
		t.Logf("## %s\n| %s |", tb.Title, strings.Join(tb.Columns, " | "))
		for _, row := range tb.Rows {
			t.Logf("| %s |", strings.Join(row, " | "))
		}
	}
	for _, pl := range res.Plots {
		t.Logf("plot %s %q: %d series, %d vlines", pl.Kind, pl.Title, len(pl.Series), len(pl.VLines))
	}
}
