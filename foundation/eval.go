package foundation

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/emergo/emergo/chaos"
	"github.com/emergo/emergo/forecast"
	"github.com/emergo/emergo/system"
)

// Target is a downstream series to forecast.
type Target struct {
	// Name labels the series (a system's name or a file's).
	Name string
	// X is the whole series; its first TrainRows rows are the downstream
	// training data, the rest the test part.
	X *forecast.Block
	// DT is the sampling interval in time units (0: unknown, 1 assumed).
	DT float64
	// Lyapunov is the literature λ1 per time unit (0: unknown).
	Lyapunov float64
}

// SystemTarget simulates rows rows of a catalogue system at its default
// parameters, sampled at ppp points per dominant period (as the corpus)
// from its catalogue initial condition after transientPeriods periods,
// integrated like the corpus (RK4 with internal step dt/10).
func SystemTarget(ctx context.Context, name string, ppp, rows int, transientPeriods float64, seed uint64) (*Target, error) {
	return SystemTargetWith(ctx, name, nil, ppp, rows, transientPeriods, seed)
}

// SystemTargetWith is SystemTarget with the system's parameters set by
// params (nil or empty: the catalogue defaults). A target whose parameters
// differ from the catalogue's is named "Name(k=v,...)" (the differing
// ones) and has a
// literature Lyapunov exponent only where the catalogue's reference values
// still apply (system.LiteratureLyapunov); otherwise Lyapunov is 0 and
// valid prediction times are reported in time units.
func SystemTargetWith(ctx context.Context, name string, params system.Params, ppp, rows int, transientPeriods float64, seed uint64) (*Target, error) {
	e, err := system.Lookup(name)
	if err != nil {
		return nil, err
	}
	in := &e.Info
	if err := usable(in); err != nil {
		return nil, fmt.Errorf("foundation: target %w", err)
	}
	c := CorpusConfig{PointsPerPeriod: ppp, TransientPeriods: transientPeriods}.Defaults()
	sys, err := e.New(system.Config{Params: params, Seed: seed, DT: SamplingDT(in, c.PointsPerPeriod), Method: method(in, &c), Tol: c.Tol})
	if err != nil {
		return nil, err
	}
	label := in.Name
	var set []string
	for _, q := range in.Params {
		if v, ok := params[q.Name]; ok && v != q.Default {
			set = append(set, fmt.Sprintf("%s=%g", q.Name, v))
		}
	}
	if len(set) > 0 {
		sort.Strings(set)
		label += "(" + strings.Join(set, ",") + ")"
	}
	tr, err := system.Sample(ctx, sys, rows, &system.SampleOptions{Transient: transientSteps(in, &c), Name: label})
	if err != nil {
		return nil, err
	}
	dt := SamplingDT(in, c.PointsPerPeriod)
	if dt == 0 {
		dt = 1
	}
	lyap := 0.0
	if r, _ := system.LiteratureLyapunov(in, params); r != nil && r.Value > 0 {
		lyap = r.Value
	}
	return &Target{Name: label, X: forecast.NewBlock(tr.X, tr.Dim), DT: dt, Lyapunov: lyap}, nil
}

// Candidate is a model entered in an evaluation.
type Candidate struct {
	Label string
	Model forecast.Forecaster
}

// BaselineNames are the baselines Baselines accepts, in table order.
var BaselineNames = []string{"mean", "persistence", ParrotName, "nvar", "esn", "gru"}

// Baselines returns the named baselines: "mean" and "persistence" (the
// forecast zoo's), ParrotName (context parroting over context rows), and
// the zoo's "nvar", "esn" and "gru" at their default hyperparameters,
// which Evaluate trains on each target's downstream training rows.
func Baselines(names []string, context int, seed uint64) ([]Candidate, error) {
	var out []Candidate
	for _, n := range names {
		if n == ParrotName {
			out = append(out, Candidate{Label: n, Model: &Parrot{Context: context}})
			continue
		}
		m, err := forecast.New(n, forecast.Spec{Seed: seed})
		if err != nil {
			return nil, fmt.Errorf("foundation: baseline: %w", err)
		}
		out = append(out, Candidate{Label: n, Model: m})
	}
	return out, nil
}

// EvalConfig configures Evaluate. Zero fields take the defaults.
type EvalConfig struct {
	// TrainRows is the number of leading rows every model may fit on
	// (default 2048).
	TrainRows int `json:"train_rows"`
	// Origins is the number of forecast origins spread evenly over the
	// test part (default 10).
	Origins int `json:"origins"`
	// Horizon is the number of rows forecast from each origin (default
	// 256).
	Horizon int `json:"horizon"`
	// SMAPERows is the number of leading forecast rows sMAPE scores
	// (default 32).
	SMAPERows int `json:"smape_rows"`
	// LongRows is the length of the closed-loop rollout from the first
	// origin whose state distribution (attractor KL) and power spectrum
	// are compared with the whole series (default 1024).
	LongRows int `json:"long_rows"`
	// LyapunovSteps, when positive, estimates the largest Lyapunov
	// exponent of every model that implements forecast.Dynamics: its
	// closed loop from the first origin, iterated with a tangent vector
	// (Benettin/QR, package chaos) for LyapunovSteps steps after as many
	// transient steps (0: not computed).
	LyapunovSteps int `json:"lyapunov_steps,omitempty"`
}

// Defaults fills zero fields.
func (c EvalConfig) Defaults() EvalConfig {
	if c.TrainRows == 0 {
		c.TrainRows = 2048
	}
	if c.Origins == 0 {
		c.Origins = 10
	}
	if c.Horizon == 0 {
		c.Horizon = 256
	}
	if c.SMAPERows == 0 {
		c.SMAPERows = 32
	}
	c.SMAPERows = min(c.SMAPERows, c.Horizon)
	if c.LongRows == 0 {
		c.LongRows = 1024
	}
	return c
}

// Rows is the length a target series needs: the training rows, the test
// part holding the origins' horizons, and room for the long rollout.
func (c EvalConfig) Rows() int {
	c = c.Defaults()
	return c.TrainRows + max(c.Horizon*c.Origins, c.LongRows)
}

// Score is one model's result on one target.
type Score struct {
	Model string `json:"model"`
	// SMAPE is the mean over origins of the sMAPE (0-200) of the first
	// SMAPERows forecast rows.
	SMAPE float64 `json:"smape"`
	// VPTSteps is the mean valid prediction time in steps (normalised
	// error below 0.5, each column scaled by the series' standard
	// deviation; Vlachas et al. 2020) and VPT the same in Lyapunov times
	// λ1·t (NaN without λ1).
	VPTSteps float64 `json:"vpt_steps"`
	VPT      float64 `json:"vpt_lyapunov"`
	// KL is the attractor fidelity of the long rollout: the histogram KL
	// divergence of its state marginals from the series' (forecast.StateKL),
	// and Spectrum the Hellinger distance of power spectra
	// (forecast.SpectrumDistance).
	KL       float64 `json:"attractor_kl"`
	Spectrum float64 `json:"spectrum"`
	// Diverged counts rollouts (of Origins+1) that left the bound; their
	// rows after divergence are NaN (worst sMAPE, VPT ending there, KL
	// overflow bin).
	Diverged   int     `json:"diverged"`
	FitSeconds float64 `json:"fit_seconds"`
	// Lyapunov is the largest Lyapunov exponent of the model's closed
	// loop per time unit (NaN when not computed or not available), to
	// compare with the target's λ1.
	Lyapunov float64 `json:"lyapunov"`
	// Err is set when the model could not be fitted or run.
	Err string `json:"error,omitempty"`
}

// Result is an evaluation of several models on one target.
type Result struct {
	Target    string  `json:"target"`
	Rows      int     `json:"rows"`
	Dim       int     `json:"dim"`
	TrainRows int     `json:"train_rows"`
	Origins   []int   `json:"origins"`
	Horizon   int     `json:"horizon"`
	DT        float64 `json:"dt"`
	Lyapunov  float64 `json:"lyapunov,omitempty"`
	Scores    []Score `json:"scores"`
}

// Evaluate fits every candidate on the first TrainRows rows of the target
// (a zero-shot foundation model only records the dimension) and scores its
// autonomous forecasts from Origins origins spread evenly over the rest,
// each given every row before it as context. A candidate that fails to
// fit or forecast gets NaN scores and its error; cancellation aborts.
func Evaluate(ctx context.Context, cands []Candidate, tg *Target, cfg EvalConfig) (*Result, error) {
	cfg = cfg.Defaults()
	x := tg.X
	if cfg.TrainRows >= x.Rows {
		return nil, fmt.Errorf("foundation: %s has %d rows, no test part after %d training rows", tg.Name, x.Rows, cfg.TrainRows)
	}
	need := 1
	for _, c := range cands {
		need = max(need, c.Model.ContextLen())
	}
	first := max(cfg.TrainRows, need)
	last := x.Rows - cfg.Horizon
	if last < first {
		return nil, fmt.Errorf("foundation: %s has %d rows; origins need at least %d rows of context and %d after them",
			tg.Name, x.Rows, first, cfg.Horizon)
	}
	n := min(cfg.Origins, last-first+1)
	origins := make([]int, n)
	for k := range origins {
		if n == 1 {
			origins[k] = first
		} else {
			origins[k] = first + k*(last-first)/(n-1)
		}
	}
	dt := tg.DT
	if dt == 0 {
		dt = 1
	}
	res := &Result{Target: tg.Name, Rows: x.Rows, Dim: x.Dim, TrainRows: cfg.TrainRows, Origins: origins,
		Horizon: cfg.Horizon, DT: dt, Lyapunov: tg.Lyapunov}
	std := forecast.Std(x)
	for j := range std {
		if !(std[j] > 0) {
			std[j] = 1
		}
	}
	train := x.Slice(0, cfg.TrainRows)
	longFrom := origins[0]
	for _, c := range cands {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		s := Score{Model: c.Label, SMAPE: math.NaN(), VPTSteps: math.NaN(), VPT: math.NaN(), KL: math.NaN(), Spectrum: math.NaN(), Lyapunov: math.NaN()}
		t0 := time.Now()
		err := c.Model.Fit(ctx, train, nil)
		s.FitSeconds = time.Since(t0).Seconds()
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			s.Err = "fit: " + err.Error()
			res.Scores = append(res.Scores, s)
			continue
		}
		var sm, vs, vl float64
		failed := false
		for _, o := range origins {
			pred, div, err := rollout(c.Model, x.Slice(0, o), cfg.Horizon)
			if err != nil {
				s.Err = fmt.Sprintf("forecast from row %d: %v", o, err)
				failed = true
				break
			}
			if div {
				s.Diverged++
			}
			truth := x.Slice(o, o+cfg.Horizon)
			sm += smapeNaN(truth.Slice(0, cfg.SMAPERows), pred.Slice(0, cfg.SMAPERows))
			v := forecast.ValidTime(truth, pred, &forecast.VPTOptions{Std: std, DT: dt, Lyapunov: tg.Lyapunov})
			vs += float64(v.Steps)
			vl += v.LyapunovTimes
		}
		if !failed {
			k := float64(len(origins))
			s.SMAPE, s.VPTSteps = sm/k, vs/k
			if tg.Lyapunov > 0 {
				s.VPT = vl / k
			}
			long, div, err := rollout(c.Model, x.Slice(0, longFrom), cfg.LongRows)
			if err != nil {
				s.Err = fmt.Sprintf("long rollout: %v", err)
			} else {
				if div {
					s.Diverged++
				}
				s.KL, _ = forecast.StateKL(x, long, nil)
				s.Spectrum = spectrumNaN(x, long)
			}
			if d, ok := c.Model.(forecast.Dynamics); ok && cfg.LyapunovSteps > 0 {
				l, err := modelLyapunov(ctx, d, x.Slice(0, longFrom), cfg.LyapunovSteps)
				switch {
				case ctx.Err() != nil:
					return nil, ctx.Err()
				case err != nil:
					s.Err = fmt.Sprintf("Lyapunov exponent: %v", err)
				default:
					s.Lyapunov = l / dt
				}
			}
		}
		res.Scores = append(res.Scores, s)
	}
	return res, nil
}

// modelLyapunov estimates the largest Lyapunov exponent (per step) of a
// model's closed loop started from context c. The deviation vector starts
// along (1, …, 1)/√n rather than a basis vector, which a shift-register
// state (the window of a forecaster) would drop within a few steps.
func modelLyapunov(ctx context.Context, d forecast.Dynamics, c *forecast.Block, steps int) (float64, error) {
	sys, err := d.Dynamics(c)
	if err != nil {
		return math.NaN(), err
	}
	opt := &chaos.SpectrumOptions{K: 1, Transient: float64(steps), Time: float64(steps)}
	if !system.IsDiscrete(sys) {
		sp, err := chaos.LyapunovSpectrum(ctx, sys, opt)
		if err != nil {
			return math.NaN(), err
		}
		return sp.Exponents[0], nil
	}
	mt, err := system.NewMapTangent(sys, 1)
	if err != nil {
		return math.NaN(), err
	}
	q := make([]float64, sys.Dim())
	for i := range q {
		q[i] = 1 / math.Sqrt(float64(len(q)))
	}
	mt.SetDeviations(q)
	sp, err := chaos.SpectrumTangent(ctx, mt, opt)
	if err != nil {
		return math.NaN(), err
	}
	return sp.Exponents[0], nil
}

// rollout forecasts horizon rows; a diverged rollout is returned with
// NaN rows from the divergence on and div set.
func rollout(m forecast.Forecaster, c *forecast.Block, horizon int) (*forecast.Block, bool, error) {
	p, err := m.Predict(c, horizon)
	if err == nil {
		return p, false, nil
	}
	var de *forecast.DivergedError
	if !errors.As(err, &de) {
		return nil, false, err
	}
	out := make([]float64, horizon*c.Dim)
	for i := range out {
		out[i] = math.NaN()
	}
	if de.Step > 1 {
		if q, err := m.Predict(c, de.Step-1); err == nil {
			copy(out, q.X)
		}
	}
	return forecast.NewBlock(out, c.Dim), true, nil
}

// smapeNaN is forecast.SMAPE with a NaN forecast value scoring the
// maximum term (200).
func smapeNaN(truth, pred *forecast.Block) float64 {
	var s float64
	for k, y := range truth.X {
		p := pred.X[k]
		if math.IsNaN(p) || math.IsInf(p, 0) {
			s++
			continue
		}
		if den := math.Abs(y) + math.Abs(p); den > 0 {
			s += math.Abs(y-p) / den
		}
	}
	return 200 * s / float64(len(truth.X))
}

// spectrumNaN is forecast.SpectrumDistance, NaN when the rollout has
// non-finite values (a diverged rollout has no spectrum).
func spectrumNaN(truth, pred *forecast.Block) float64 {
	for _, v := range pred.X {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return math.NaN()
		}
	}
	d, _ := forecast.SpectrumDistance(truth, pred, nil)
	return d
}

// MarshalJSON writes NaN and infinite scores as null.
func (s Score) MarshalJSON() ([]byte, error) {
	f := func(v float64) *float64 {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil
		}
		return &v
	}
	return json.Marshal(struct {
		Model      string   `json:"model"`
		SMAPE      *float64 `json:"smape"`
		VPTSteps   *float64 `json:"vpt_steps"`
		VPT        *float64 `json:"vpt_lyapunov"`
		KL         *float64 `json:"attractor_kl"`
		Spectrum   *float64 `json:"spectrum"`
		Diverged   int      `json:"diverged"`
		FitSeconds float64  `json:"fit_seconds"`
		Lyapunov   *float64 `json:"lyapunov"`
		Err        string   `json:"error,omitempty"`
	}{s.Model, f(s.SMAPE), f(s.VPTSteps), f(s.VPT), f(s.KL), f(s.Spectrum), s.Diverged, s.FitSeconds, f(s.Lyapunov), s.Err})
}
