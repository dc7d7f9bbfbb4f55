package market

import (
	"context"
	"fmt"
	"math"

	"github.com/emergo/emergo/forecast"
)

// Model families a trader can forecast with.
const (
	// FamilyRidge is the zoo's "ridge" autoregression on lagged returns.
	FamilyRidge = "ridge"
	// FamilyNVAR is the zoo's "nvar" (quadratic nonlinear autoregression).
	FamilyNVAR = "nvar"
	// FamilyESN is the zoo's "esn" echo state network (small reservoir).
	FamilyESN = "esn"
	// FamilyTrend is a trend-following rule: the mean of the last Lags
	// returns, scaled by Gain.
	FamilyTrend = "trend"
	// FamilyFundamental is a fundamentalist rule: Gain·(f − p), a forecast
	// that the log price p reverts toward the log fundamental f.
	FamilyFundamental = "fundamental"
)

// Families lists the known families.
var Families = []string{FamilyRidge, FamilyNVAR, FamilyESN, FamilyTrend, FamilyFundamental}

// ModelSpec describes one trader model: a family, its hyperparameters and
// its rolling training window.
type ModelSpec struct {
	// Family is one of Families.
	Family string `json:"family"`
	// Lags is the number of lagged returns (ridge lags, nvar taps, trend
	// look-back); ignored by esn and fundamental.
	Lags int `json:"lags"`
	// Window is the number of most recent returns the model is refitted on
	// (zoo families only).
	Window int `json:"window"`
	// Alpha is the ridge penalty of the zoo families.
	Alpha float64 `json:"alpha"`
	// Gain scales the rule families' forecasts (trend, fundamental).
	Gain float64 `json:"gain"`
	// Size is the reservoir size of esn.
	Size int `json:"size"`
}

// Validate reports the first bad field, naming it (prefix names the
// owner, e.g. "shared_model").
func (s ModelSpec) Validate(prefix string) error {
	switch s.Family {
	case FamilyRidge, FamilyNVAR, FamilyESN:
		if s.Window < 20 || s.Window > 100000 {
			return fmt.Errorf("%s.window = %d: want 20..100000 returns", prefix, s.Window)
		}
		if !(s.Alpha >= 0) || math.IsInf(s.Alpha, 0) {
			return fmt.Errorf("%s.alpha = %g: want a finite penalty ≥ 0", prefix, s.Alpha)
		}
	case FamilyTrend, FamilyFundamental:
		if !(s.Gain > 0) || math.IsInf(s.Gain, 0) {
			return fmt.Errorf("%s.gain = %g: want a finite gain > 0", prefix, s.Gain)
		}
	default:
		return fmt.Errorf("%s.family = %q: want one of %v", prefix, s.Family, Families)
	}
	switch s.Family {
	case FamilyRidge, FamilyNVAR, FamilyTrend:
		if s.Lags < 1 || s.Lags > 100 {
			return fmt.Errorf("%s.lags = %d: want 1..100", prefix, s.Lags)
		}
		if s.Family != FamilyTrend && s.Window < 4*s.Lags+10 {
			return fmt.Errorf("%s.window = %d: too short for %d lags (want ≥ %d)", prefix, s.Window, s.Lags, 4*s.Lags+10)
		}
	case FamilyESN:
		if s.Size < 2 || s.Size > 500 {
			return fmt.Errorf("%s.size = %d: want 2..500 reservoir nodes", prefix, s.Size)
		}
	}
	return nil
}

// history returns the number of past returns a model needs before it can
// be fitted and used.
func (s ModelSpec) history() int {
	switch s.Family {
	case FamilyRidge, FamilyNVAR, FamilyESN:
		return s.Window
	case FamilyTrend:
		return s.Lags
	}
	return 0
}

// esnWashout is the washout (and context) of the traders' echo state
// networks.
const esnWashout = 20

// Model is a trader's forecaster of the next log return.
type Model interface {
	// Refit retrains on the returns r (oldest first; only the past).
	Refit(ctx context.Context, r []float64) error
	// Forecast predicts the next return from the returns so far r, the
	// log price p and the log fundamental f.
	Forecast(r []float64, p, f float64) float64
}

// NewModel builds the model of spec; seed seeds the zoo model (reservoir
// weights).
func NewModel(spec ModelSpec, seed uint64) (Model, error) {
	if err := spec.Validate("model"); err != nil {
		return nil, err
	}
	switch spec.Family {
	case FamilyTrend:
		return &trendModel{lags: spec.Lags, gain: spec.Gain}, nil
	case FamilyFundamental:
		return &fundModel{gain: spec.Gain}, nil
	}
	var hyper map[string]float64
	switch spec.Family {
	case FamilyRidge:
		hyper = map[string]float64{"lags": float64(spec.Lags), "alpha": spec.Alpha}
	case FamilyNVAR:
		hyper = map[string]float64{"k": float64(spec.Lags), "s": 1, "order": 2, "alpha": spec.Alpha, "increment": 0}
	case FamilyESN:
		hyper = map[string]float64{"size": float64(spec.Size), "degree": 3, "radius": 0.9, "input_scaling": 0.5,
			"bias": 0.2, "leak": 1, "washout": esnWashout, "alpha": spec.Alpha}
	}
	m, err := forecast.New(spec.Family, forecast.Spec{Hyper: hyper, Seed: seed})
	if err != nil {
		return nil, err
	}
	return &zooModel{m: m, window: spec.Window}, nil
}

// zooModel wraps a zoo forecaster refitted on a rolling window.
type zooModel struct {
	m      forecast.Forecaster
	window int
	fitted bool
	ctxBuf []float64
}

// returnScale multiplies returns before the zoo sees them, so that the
// models' numerical tolerances work on values of order one.
const returnScale = 100

func (z *zooModel) Refit(ctx context.Context, r []float64) error {
	if len(r) < z.window {
		return nil
	}
	x := make([]float64, z.window)
	for i, v := range r[len(r)-z.window:] {
		x[i] = v * returnScale
	}
	if err := z.m.Fit(ctx, forecast.NewBlock(x, 1), nil); err != nil {
		// A failed fit (degenerate window) keeps the trader out of the
		// market until the next refit.
		z.fitted = false
		return nil
	}
	z.fitted = true
	return nil
}

func (z *zooModel) Forecast(r []float64, _, _ float64) float64 {
	cl := z.m.ContextLen()
	if !z.fitted || len(r) < cl {
		return 0
	}
	z.ctxBuf = z.ctxBuf[:0]
	for _, v := range r[len(r)-cl:] {
		z.ctxBuf = append(z.ctxBuf, v*returnScale)
	}
	out, err := z.m.Predict(forecast.NewBlock(z.ctxBuf, 1), 1)
	if err != nil || len(out.X) == 0 {
		return 0
	}
	g := out.X[0] / returnScale
	if math.IsNaN(g) || math.IsInf(g, 0) {
		return 0
	}
	return g
}

type trendModel struct {
	lags int
	gain float64
}

func (*trendModel) Refit(context.Context, []float64) error { return nil }

func (t *trendModel) Forecast(r []float64, _, _ float64) float64 {
	if len(r) < t.lags {
		return 0
	}
	s := 0.0
	for _, v := range r[len(r)-t.lags:] {
		s += v
	}
	return t.gain * s / float64(t.lags)
}

type fundModel struct{ gain float64 }

func (*fundModel) Refit(context.Context, []float64) error { return nil }

func (m *fundModel) Forecast(_ []float64, p, f float64) float64 { return m.gain * (f - p) }
