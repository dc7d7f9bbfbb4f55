package adapt

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"sort"
	"sync"

	"github.com/emergo/emergo/forecast"
)

// Factory builds an Online model that has been trained on (or warmed up
// with) the warm-up rows and is positioned right after them: its next
// Predict forecasts the first row of the stream.
type Factory struct {
	Name string
	New  func(ctx context.Context, warm *forecast.Block, seed uint64) (Online, error)
}

// EvalOptions configures Evaluate; nil or zero fields mean defaults.
type EvalOptions struct {
	// Seed is passed to the factories (random reservoirs).
	Seed uint64
	// Calibrate is the number of first scored errors from which the mean
	// m and standard deviation s of each model's log error are estimated;
	// the detector then receives the standardised log errors
	// (ln e − m)/s, so its thresholds are in units of the model's own
	// error spread, whatever its accuracy (errors span orders of
	// magnitude between models; their logarithm is closer to Gaussian).
	// Default 500, capped at the rows before the first change less 10.
	Calibrate int
	// Recalibrate, when positive, makes each alarm reset the detector
	// and re-estimate the standardisation from the next Recalibrate
	// errors (at most Calibrate), detection pausing meanwhile. By default
	// (0) the first calibration is kept: the detectors restart by
	// themselves after an alarm, and on log errors a model whose error
	// level has moved for good rarely keeps alarming. (Recalibration
	// misses a change that falls within the pause after a false alarm.)
	Recalibrate int
	// Window is the length of the rolling mean of the recovery time
	// (default 50).
	Window int
	// Tolerance is the relative excess over the pre-change error level
	// within which a model has recovered (default 0.2).
	Tolerance float64
	// PreWindow is the number of rows before a change over which the
	// pre-change error level is measured (default 500).
	PreWindow int
	// Workers bounds the models run concurrently (default GOMAXPROCS).
	Workers int
	// Progress, when not nil, is called with the number of rows scored
	// over all models and the total, about every 1% (serialised).
	Progress func(done, total int)
}

func (o *EvalOptions) defaults(firstChange, warm int) EvalOptions {
	var v EvalOptions
	if o != nil {
		v = *o
	}
	if v.Calibrate == 0 {
		v.Calibrate = 500
	}
	v.Calibrate = max(1, min(v.Calibrate, firstChange-warm-10))
	if v.Recalibrate > 0 {
		v.Recalibrate = min(v.Recalibrate, v.Calibrate)
	}
	if v.Window == 0 {
		v.Window = 50
	}
	if v.Tolerance == 0 {
		v.Tolerance = 0.2
	}
	if v.PreWindow == 0 {
		v.PreWindow = 500
	}
	if v.Workers == 0 {
		v.Workers = runtime.GOMAXPROCS(0)
	}
	return v
}

// Evaluation is the outcome of Evaluate.
type Evaluation struct {
	Scenario     string        `json:"scenario"`
	Description  string        `json:"description"`
	Rows         int           `json:"rows"`
	Warm         int           `json:"warm"`
	Changes      []int         `json:"changes"`
	ChangeLabels []string      `json:"change_labels"`
	Seed         uint64        `json:"seed"`
	Calibrate    int           `json:"calibrate"`
	Recalibrate  int           `json:"recalibrate"`
	Window       int           `json:"window"`
	Tolerance    float64       `json:"tolerance"`
	Models       []ModelResult `json:"models"`
}

// ModelResult is one model's record over the stream. Error fields are
// NaN when there was nothing to average (all rows missing).
type ModelResult struct {
	Name string `json:"name"`
	// Errors holds the normalised error of each scored row (row Warm+i),
	// NaN for a missing row.
	Errors []float64 `json:"-"`
	// Alarms holds the rows at which the detector fired.
	Alarms []int `json:"alarms"`
	// MeanError is the mean error over the scored rows.
	MeanError float64 `json:"mean_error"`
	// FalseAlarms counts alarms that are not the first after a change
	// point, and FalseAlarmRate is their number per 10 000 scored rows.
	FalseAlarms    int     `json:"false_alarms"`
	FalseAlarmRate float64 `json:"false_alarm_rate"`
	// Changes summarises the model around each change point.
	Changes []ChangeResult `json:"changes"`
}

// ChangeResult summarises a model around one change point.
type ChangeResult struct {
	// At is the change row; Label its description.
	At    int    `json:"at"`
	Label string `json:"label"`
	// Before is the mean error over the segment before the change (from
	// the warm-up or the previous change), After over the segment after
	// it (to the next change or the end).
	Before float64 `json:"before"`
	After  float64 `json:"after"`
	// AfterMedian is the median error after the change, which a few huge
	// errors right after an abrupt change do not dominate.
	AfterMedian float64 `json:"after_median"`
	// Detected reports an alarm in the segment after the change; Delay is
	// the number of rows from the change to the first one (−1 if none).
	Detected bool `json:"detected"`
	Delay    int  `json:"delay"`
	// FalseAlarmsBefore counts the false alarms in the segment before the
	// change.
	FalseAlarmsBefore int `json:"false_alarms_before"`
	// PreLevel is the mean error over the PreWindow rows before the
	// change. Recovered reports that the rolling mean error over Window
	// rows, all after the change, came back to (1 + Tolerance)·PreLevel
	// within the segment; Recovery is then the number of rows from the
	// change to the end of that first window (at least Window), else −1
	// (censored).
	PreLevel  float64 `json:"pre_level"`
	Recovered bool    `json:"recovered"`
	Recovery  int     `json:"recovery"`
}

// Evaluate runs each model over the scenario prequentially (test then
// train: each row is forecast before it is observed), from row Warm on,
// after building the model from the warm-up rows with its factory. The
// error of row t is normalised by the warm-up's column standard
// deviations s_j,
//
//	e_t = sqrt( (1/d) Σ_j ((x_tj − x̂_tj)/s_j)² ),
//
// and not scored (NaN) when any value of the row is missing. When
// detector is not nil, each model gets its own detector, fed its
// standardised errors after the calibration rows (see EvalOptions); the
// summary gives, per change point, the mean errors before and after, the
// detection delay, the false alarms before and the recovery time.
//
// Models run concurrently (EvalOptions.Workers); the result does not
// depend on the number of workers and is deterministic for a given seed
// and scenario. Cancelling ctx stops the run with ctx's error.
//
// References:
//
//	Gama, J., Žliobaitė, I., Bifet, A., Pechenizkiy, M. & Bouchachia, A.
//	  (2014). A survey on concept drift adaptation. ACM Computing Surveys
//	  46, 44 (prequential evaluation, detection delay, false alarms).
//	Dawid, A. P. (1984). Statistical theory: the prequential approach.
//	  J. R. Statist. Soc. A 147, 278-292.
func Evaluate(ctx context.Context, sc *Scenario, models []Factory, detector func() Detector, opt *EvalOptions) (*Evaluation, error) {
	if err := sc.Validate(); err != nil {
		return nil, err
	}
	if len(models) == 0 {
		return nil, fmt.Errorf("evaluate: no models")
	}
	firstChange := sc.Data.Rows
	if len(sc.Changes) > 0 {
		firstChange = sc.Changes[0]
	}
	o := opt.defaults(firstChange, sc.Warm)
	if o.Window < 1 || o.Tolerance < 0 || o.PreWindow < 1 || o.Workers < 1 {
		return nil, fmt.Errorf("evaluate: window %d, tolerance %v, pre-window %d and workers %d must be positive",
			o.Window, o.Tolerance, o.PreWindow, o.Workers)
	}
	warm := sc.Data.Slice(0, sc.Warm)
	if err := warm.Check("scenario " + sc.Name + ": warm-up"); err != nil {
		return nil, fmt.Errorf("%w (models are trained on the warm-up rows, which must be complete)", err)
	}
	scale := fitScaler(warm).sd
	n := sc.Data.Rows - sc.Warm
	total := n * len(models)
	ev := &Evaluation{Scenario: sc.Name, Description: sc.Description, Rows: sc.Data.Rows, Warm: sc.Warm,
		Changes: append([]int{}, sc.Changes...), ChangeLabels: append([]string{}, sc.ChangeLabels...),
		Seed: o.Seed, Calibrate: o.Calibrate, Recalibrate: o.Recalibrate, Window: o.Window, Tolerance: o.Tolerance, Models: make([]ModelResult, len(models))}

	var (
		mu       sync.Mutex
		done     int
		lastTell int
	)
	every := max(1, total/100)
	tell := func(k int) {
		if o.Progress == nil {
			return
		}
		mu.Lock()
		done += k
		if done-lastTell >= every || done == total {
			lastTell = done
			o.Progress(done, total)
		}
		mu.Unlock()
	}
	errs := make([]error, len(models))
	panics := make([]any, len(models))
	sem := make(chan struct{}, o.Workers)
	var wg sync.WaitGroup
	for i, f := range models {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			// A panic (a bug) is raised again in the caller's goroutine,
			// where the command line's recovery can report it.
			defer func() { panics[i] = recover() }()
			r, err := runModel(ctx, sc, f, warm, scale, detector, o, tell)
			if err != nil {
				errs[i] = err
				return
			}
			ev.Models[i] = *r
		}()
	}
	wg.Wait()
	for i, p := range panics {
		if p != nil {
			panic(fmt.Sprintf("adapt: model %s: %v", models[i].Name, p))
		}
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return ev, nil
}

// runModel streams the scenario through one model.
func runModel(ctx context.Context, sc *Scenario, f Factory, warm *forecast.Block, scale []float64,
	detector func() Detector, o EvalOptions, tell func(int)) (*ModelResult, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m, err := f.New(ctx, warm, o.Seed)
	if err != nil {
		return nil, fmt.Errorf("model %s: %w", f.Name, err)
	}
	d := sc.Data.Dim
	n := sc.Data.Rows - sc.Warm
	res := &ModelResult{Name: f.Name, Errors: make([]float64, n), Alarms: []int{}}
	var det Detector
	if detector != nil {
		det = detector()
	}
	pred := make([]float64, d)
	// The detector sees z = (ln e − m)/s, m and s estimated from the
	// first Calibrate errors (and again from the Recalibrate errors after
	// each alarm when Recalibrate > 0).
	cal := make([]float64, 0, o.Calibrate)
	need := o.Calibrate
	var calMean, calSD float64
	const chunk = 256
	for i := 0; i < n; i++ {
		if i%chunk == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			if i > 0 {
				tell(chunk)
			}
		}
		t := sc.Warm + i
		x := sc.Data.Row(t)
		pred = m.Predict(pred)
		e := rowError(x, pred, scale)
		res.Errors[i] = e
		if err := m.Observe(x); err != nil {
			return nil, fmt.Errorf("model %s: row %d: %w", f.Name, t, err)
		}
		if det == nil || math.IsNaN(e) {
			continue
		}
		le := math.Log(max(e, minError))
		if len(cal) < need {
			cal = append(cal, le)
			if len(cal) == need {
				calMean, calSD = meanSD(cal)
			}
			continue
		}
		if det.Add((le - calMean) / calSD) {
			res.Alarms = append(res.Alarms, t)
			if o.Recalibrate > 0 {
				det.Reset()
				cal, need = cal[:0], o.Recalibrate
			}
		}
	}
	tell(n - (n-1)/chunk*chunk)
	summarise(res, sc, o)
	return res, nil
}

// rowError is the normalised RMS error of one row (NaN if x has a
// missing value; +Inf for a non-finite forecast).
func rowError(x, pred, scale []float64) float64 {
	var ss float64
	for j, v := range x {
		if math.IsNaN(v) {
			return math.NaN()
		}
		r := (v - pred[j]) / scale[j]
		ss += r * r
	}
	if math.IsNaN(ss) {
		return math.Inf(1)
	}
	return math.Sqrt(ss / float64(len(x)))
}

// minError is the floor of an error before its logarithm is taken.
const minError = 1e-12

// meanSD returns the mean and population standard deviation of x (sd 1
// when it is not positive or not finite).
func meanSD(x []float64) (float64, float64) {
	var m float64
	for _, v := range x {
		m += v
	}
	m /= float64(len(x))
	var ss float64
	for _, v := range x {
		ss += (v - m) * (v - m)
	}
	sd := math.Sqrt(ss / float64(len(x)))
	if !(sd > 0) || math.IsInf(sd, 0) {
		sd = 1
	}
	return m, sd
}

// meanOver is the mean of the finite-or-infinite (non-NaN) errors of rows
// [from, to) (NaN when there are none).
func meanOver(res *ModelResult, warm, from, to int) float64 {
	var s float64
	var k int
	for t := max(from, warm); t < to; t++ {
		if v := res.Errors[t-warm]; !math.IsNaN(v) {
			s += v
			k++
		}
	}
	if k == 0 {
		return math.NaN()
	}
	return s / float64(k)
}

// summarise fills the per-change summaries and the alarm counts.
func summarise(res *ModelResult, sc *Scenario, o EvalOptions) {
	warm, rows := sc.Warm, sc.Data.Rows
	res.MeanError = meanOver(res, warm, warm, rows)
	// Each change point claims the first alarm in its segment; every
	// other alarm is false.
	bounds := append(append([]int{warm}, sc.Changes...), rows)
	falseIn := make([]int, len(bounds)-1) // false alarms per segment
	for s := 0; s+1 < len(bounds); s++ {
		first := true
		for _, a := range res.Alarms {
			if a < bounds[s] || a >= bounds[s+1] {
				continue
			}
			if s > 0 && first {
				first = false
				continue
			}
			falseIn[s]++
		}
	}
	for _, v := range falseIn {
		res.FalseAlarms += v
	}
	res.FalseAlarmRate = 1e4 * float64(res.FalseAlarms) / float64(rows-warm)
	res.Changes = make([]ChangeResult, len(sc.Changes))
	for k, c := range sc.Changes {
		lo, hi := bounds[k], bounds[k+2]
		cr := ChangeResult{At: c, Label: sc.ChangeLabels[k], Before: meanOver(res, warm, lo, c), After: meanOver(res, warm, c, hi),
			Delay: -1, FalseAlarmsBefore: falseIn[k], Recovery: -1}
		cr.AfterMedian = median(res.Errors[c-warm : hi-warm])
		for _, a := range res.Alarms {
			if a >= c && a < hi {
				cr.Detected, cr.Delay = true, a-c
				break
			}
		}
		cr.PreLevel = meanOver(res, warm, max(lo, c-o.PreWindow), c)
		cr.Recovered, cr.Recovery = recovery(res.Errors[c-warm:hi-warm], cr.PreLevel, o.Window, o.Tolerance)
		res.Changes[k] = cr
	}
}

// median is the median of the non-NaN values of e (NaN when none).
func median(e []float64) float64 {
	v := make([]float64, 0, len(e))
	for _, x := range e {
		if !math.IsNaN(x) {
			v = append(v, x)
		}
	}
	if len(v) == 0 {
		return math.NaN()
	}
	sort.Float64s(v)
	k := len(v) / 2
	if len(v)%2 == 1 {
		return v[k]
	}
	return (v[k-1] + v[k]) / 2
}

// recovery finds the first window of w errors (missing ones skipped)
// whose mean is within (1 + tol)·pre; it returns the number of rows from
// the start of e to the end of that window.
func recovery(e []float64, pre float64, w int, tol float64) (bool, int) {
	if math.IsNaN(pre) {
		return false, -1
	}
	limit := (1 + tol) * pre
	for end := w; end <= len(e); end++ {
		var s float64
		var k int
		for _, v := range e[end-w : end] {
			if !math.IsNaN(v) {
				s += v
				k++
			}
		}
		if k > 0 && s/float64(k) <= limit {
			return true, end
		}
	}
	return false, -1
}
