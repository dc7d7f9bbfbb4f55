package markets

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// Model families of the traders' forecasters.
const (
	FamilyAR    = "ar"    // ridge autoregression on standardised lags
	FamilyQuad  = "quad"  // ridge on lags, their squares and the lag-1 × lag-2 product
	FamilyTrend = "trend" // c · mean of the last Lags returns (no fitting)
)

// ModelSpec is one forecaster: its family, number of lags (lookback of a
// trend follower), training window (rows) and ridge penalty relative to
// the number of rows.
type ModelSpec struct {
	Family string  `json:"family"`
	Lags   int     `json:"lags"`
	Window int     `json:"window"`
	Alpha  float64 `json:"alpha"`
}

func (m ModelSpec) validate(field string) error {
	switch m.Family {
	case FamilyAR, FamilyQuad, FamilyTrend:
	default:
		return fmt.Errorf("%s.family: unknown family %q (ar, quad or trend)", field, m.Family)
	}
	if m.Lags < 1 || m.Lags > 50 {
		return fmt.Errorf("%s.lags: %d is not in [1, 50]", field, m.Lags)
	}
	if m.Family != FamilyTrend && m.Window < 4*m.Lags+10 {
		return fmt.Errorf("%s.window: %d rows are too few for %d lags (at least %d)", field, m.Window, m.Lags, 4*m.Lags+10)
	}
	if !(m.Alpha >= 0) || math.IsInf(m.Alpha, 0) {
		return fmt.Errorf("%s.alpha: %v must be a non-negative number", field, m.Alpha)
	}
	return nil
}

// Config is one market run.
type Config struct {
	Traders int // model traders N
	Steps   int // steps after the noise-only start
	Warmup  int // steps dropped from the statistics
	// Shared is the fraction of traders on the shared model, in [0, 1].
	Shared      float64
	SharedModel ModelSpec
	Impact      float64 // λ: return per unit of mean demand
	Reversion   float64 // φ: pull of value investors toward the fundamental
	Noise       float64 // σₙ: noise traders' return standard deviation
	FundVol     float64 // σ_f: fundamental random-walk step
	Beta        float64 // demand intensity β
	Refit       int     // steps between refits
	VolWindow   int     // rows of the rolling σ̂
	CrashK      float64 // a crash is a return below −CrashK·σₙ
	Track       int     // traders whose forecast errors are recorded (≤ Traders)
	Seed        uint64
}

// Run is one simulated market.
type Run struct {
	Price, Fundamental, Returns, Demand []float64 // every step, warm-up included
	Warmup                              int
	Stats                               Stats
}

// Stats are a run's statistics after the warm-up.
type Stats struct {
	Volatility  float64 `json:"volatility"`
	Kurtosis    float64 `json:"excess_kurtosis"`
	TailIndex   float64 `json:"tail_index"` // Hill, on |r|, top 5%
	Crashes     float64 `json:"crash_frequency"`
	Drawdown    float64 `json:"max_drawdown"`
	Mispricing  float64 `json:"mispricing"`
	ErrCorr     float64 `json:"error_correlation"`
	PredCorr    float64 `json:"forecast_correlation"` // mean pairwise correlation of the tracked traders' forecasts
	Herding     float64 `json:"demand_autocorrelation"`
	ForecastMSE float64 `json:"forecast_mse"` // mean over tracked traders, relative to σₙ²
}

// start is the number of noise-only steps that give the first fits data.
const start = 60

// forecaster predicts the next return from the past ones.
type forecaster struct {
	spec ModelSpec
	w    []float64 // coefficients on the features (intercept last)
	sd   float64   // scale the features were standardised by
}

// features writes the features at the end of hist into dst (standardised
// by sd): lags, and for the quadratic family their squares and the
// lag-1 × lag-2 product.
func (f *forecaster) features(dst, hist []float64, sd float64) []float64 {
	dst = dst[:0]
	n := len(hist)
	for j := 1; j <= f.spec.Lags; j++ {
		dst = append(dst, hist[n-j]/sd)
	}
	if f.spec.Family == FamilyQuad {
		for j := 0; j < f.spec.Lags; j++ {
			dst = append(dst, dst[j]*dst[j]-1)
		}
		if f.spec.Lags >= 2 {
			dst = append(dst, dst[0]*dst[1])
		}
	}
	return append(dst, 1)
}

// fit refits on the last Window returns of hist by ridge regression.
func (f *forecaster) fit(hist []float64) error {
	if f.spec.Family == FamilyTrend {
		return nil
	}
	w := min(f.spec.Window, len(hist))
	data := hist[len(hist)-w:]
	sd := std(data)
	if !(sd > 0) {
		sd = 1
	}
	var x []float64
	x = f.features(x, data[:f.spec.Lags+1], sd)
	p := len(x)
	rows := len(data) - f.spec.Lags
	if rows < p+2 {
		return nil // too little data yet: keep the last fit
	}
	xtx := mat.NewSymDense(p, nil)
	xty := mat.NewVecDense(p, nil)
	for t := f.spec.Lags; t < len(data); t++ {
		x = f.features(x, data[:t], sd)
		y := data[t] / sd
		for a := range p {
			xty.SetVec(a, xty.AtVec(a)+x[a]*y)
			for b := a; b < p; b++ {
				xtx.SetSym(a, b, xtx.At(a, b)+x[a]*x[b])
			}
		}
	}
	for a := 0; a < p-1; a++ { // the intercept is not penalised
		xtx.SetSym(a, a, xtx.At(a, a)+f.spec.Alpha*float64(rows))
	}
	xtx.SetSym(p-1, p-1, xtx.At(p-1, p-1)+1e-9*float64(rows))
	var ch mat.Cholesky
	if !ch.Factorize(xtx) {
		return errors.New("the ridge system is singular")
	}
	var sol mat.VecDense
	if err := ch.SolveVecTo(&sol, xty); err != nil {
		return err
	}
	f.w = append(f.w[:0], sol.RawVector().Data...)
	f.sd = sd
	return nil
}

// predict forecasts the return after hist.
func (f *forecaster) predict(buf, hist []float64) float64 {
	if f.spec.Family == FamilyTrend {
		l := min(f.spec.Lags, len(hist))
		s := 0.0
		for _, v := range hist[len(hist)-l:] {
			s += v
		}
		return s / float64(l)
	}
	if f.w == nil {
		return 0
	}
	x := f.features(buf, hist, f.sd)
	s := 0.0
	for i, v := range x {
		s += v * f.w[i]
	}
	return s * f.sd
}

// diverseSpec draws a trader's own model.
func diverseSpec(r *rand.Rand) ModelSpec {
	fam := []string{FamilyAR, FamilyAR, FamilyQuad, FamilyTrend}[r.IntN(4)]
	lags := 1 + r.IntN(8)
	if fam == FamilyTrend {
		lags = 3 + r.IntN(40)
	}
	return ModelSpec{Family: fam, Lags: lags, Window: 100 + r.IntN(401), Alpha: math.Pow(10, -4+3*r.Float64())}
}

// Simulate runs one market.
func Simulate(ctx context.Context, c Config) (*Run, error) {
	if c.Traders < 1 || c.Steps < 100 || c.Warmup < 0 || c.Warmup >= c.Steps-50 {
		return nil, fmt.Errorf("market: need traders ≥ 1, steps ≥ 100 and 0 ≤ warmup < steps−50 (got %d, %d, %d)", c.Traders, c.Steps, c.Warmup)
	}
	if !(c.Shared >= 0 && c.Shared <= 1) {
		return nil, fmt.Errorf("market: shared fraction %v is not in [0, 1]", c.Shared)
	}
	if err := c.SharedModel.validate("shared_model"); err != nil {
		return nil, err
	}
	// Trader models: every trader's own spec is drawn whatever the shared
	// fraction, so that arms differ only in who is on the shared model.
	hyper := rand.New(rand.NewPCG(c.Seed, 0x6d6f64656c73))
	own := make([]*forecaster, c.Traders)
	for i := range own {
		own[i] = &forecaster{spec: diverseSpec(hyper)}
	}
	nShared := int(math.Round(c.Shared * float64(c.Traders)))
	shared := &forecaster{spec: c.SharedModel}
	model := func(i int) *forecaster {
		if i < nShared {
			return shared
		}
		return own[i]
	}
	track := trackIndices(c.Traders, min(c.Track, c.Traders))
	noise := rand.New(rand.NewPCG(c.Seed, 0x6e6f697365))
	total := start + c.Steps
	run := &Run{Warmup: start + c.Warmup,
		Price: make([]float64, total+1), Fundamental: make([]float64, total+1),
		Returns: make([]float64, 0, total), Demand: make([]float64, total)}
	preds := make([]float64, c.Traders)
	trackPred := make([][]float64, len(track))
	var trackReal []float64
	buf := make([]float64, 0, 64)
	for t := 0; t < total; t++ {
		if t%1000 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		hist := run.Returns
		D := 0.0
		if t >= start {
			if (t-start)%c.Refit == 0 {
				if err := shared.fit(hist); err != nil {
					return nil, fmt.Errorf("market: shared model at step %d: %w", t, err)
				}
				for i := nShared; i < c.Traders; i++ {
					if err := own[i].fit(hist); err != nil {
						return nil, fmt.Errorf("market: trader %d's model at step %d: %w", i, t, err)
					}
				}
			}
			sig := std(hist[max(0, len(hist)-c.VolWindow):])
			sig = max(sig, 0.1*c.Noise)
			sp := shared.predict(buf, hist)
			for i := range preds {
				var g float64
				if i < nShared {
					g = sp
				} else {
					g = model(i).predict(buf, hist)
				}
				preds[i] = g
				D += math.Tanh(c.Beta * g / sig)
			}
			D /= float64(c.Traders)
			if t >= run.Warmup {
				for k, i := range track {
					trackPred[k] = append(trackPred[k], preds[i])
				}
			}
		}
		run.Demand[t] = D
		r := c.Impact*D + c.Reversion*(run.Fundamental[t]-run.Price[t]) + c.Noise*noise.NormFloat64()
		run.Fundamental[t+1] = run.Fundamental[t] + c.FundVol*noise.NormFloat64()
		run.Price[t+1] = run.Price[t] + r
		if math.IsNaN(r) || math.Abs(run.Price[t+1]) > 100 {
			return nil, fmt.Errorf("market diverged at step %d (log price %v): lower impact or beta", t, run.Price[t+1])
		}
		run.Returns = append(run.Returns, r)
		if t >= run.Warmup && t >= start {
			trackReal = append(trackReal, r)
		}
	}
	run.Stats = stats(run, c, trackPred, trackReal)
	return run, nil
}

// trackIndices spreads k tracked traders over [0, n).
func trackIndices(n, k int) []int {
	out := make([]int, k)
	for j := range out {
		out[j] = j * n / k
	}
	return out
}

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0x7065726d)) }
