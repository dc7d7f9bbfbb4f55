package finance

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/emergo/emergo/data"
	"github.com/emergo/emergo/experiment"
	fin "github.com/emergo/emergo/finance"
	"github.com/emergo/emergo/forecast"
	"github.com/emergo/emergo/system"
)

// Registered experiment names.
const (
	FactsKind    = "finance-facts"
	ForecastKind = "finance-forecast"
)

// FactsParams are the parameters of "finance-facts".
type FactsParams struct {
	// Markets are catalogue systems whose return observable is compared
	// with the S&P 500 (default LuxMarchesi and ContBouchaud, catalogue
	// defaults; "GARCH" also works).
	Markets []string `json:"markets"`
	// Days is the length of each simulated series (default 5104, the
	// length of the shipped S&P 500 returns).
	Days int `json:"days"`
	// Transient days are simulated and discarded first (default 1000).
	Transient int `json:"transient"`
	// MaxLag is the largest lag of the autocorrelations and the leverage
	// correlation (default 50).
	MaxLag int `json:"max_lag"`
	// Scales are the aggregation scales in days of the kurtosis plot
	// (default 1, 2, 5, 10, 20, 40, 60).
	Scales []int `json:"scales"`
	// HillFraction is the fraction of the largest non-zero |r| the Hill
	// estimator uses (default 0.05).
	HillFraction float64 `json:"hill_fraction"`
	// Level is the confidence of the Bartlett bands (default 0.95).
	Level float64 `json:"level"`
}

// DefaultFactsParams returns the defaults of "finance-facts".
func DefaultFactsParams() *FactsParams {
	return &FactsParams{
		Markets: []string{"LuxMarchesi", "ContBouchaud"}, Days: 5104, Transient: 1000, MaxLag: 50,
		Scales: []int{1, 2, 5, 10, 20, 40, 60}, HillFraction: 0.05, Level: 0.95,
	}
}

func bad(name string, v any, why string) error {
	return fmt.Errorf("param %s = %v: %s", name, v, why)
}

// Validate checks the parameters, naming the first bad one.
func (p *FactsParams) Validate() error {
	if len(p.Markets) > 8 {
		return bad("markets", p.Markets, "at most 8 markets")
	}
	for i, m := range p.Markets {
		e, err := system.Lookup(m)
		if err != nil {
			return bad(fmt.Sprintf("markets[%d]", i), m, err.Error())
		}
		if returnColumn(e.Info.Observables) == "" {
			return bad(fmt.Sprintf("markets[%d]", i), m, "the system has no return observable (log_return, return or r)")
		}
	}
	switch {
	case p.MaxLag < 1 || p.MaxLag > 500:
		return bad("max_lag", p.MaxLag, "must be in [1, 500]")
	case p.Days < max(4*p.MaxLag, 500) || p.Days > 1000000:
		return bad("days", p.Days, fmt.Sprintf("must be in [max(4·max_lag, 500), 1e6] = [%d, 1e6]", max(4*p.MaxLag, 500)))
	case p.Transient < 0 || p.Transient > 1000000:
		return bad("transient", p.Transient, "must be in [0, 1e6]")
	case len(p.Scales) == 0 || len(p.Scales) > 30:
		return bad("scales", p.Scales, "list 1 to 30 aggregation scales")
	case !(p.HillFraction > 0 && p.HillFraction <= 0.5):
		return bad("hill_fraction", p.HillFraction, "must be in (0, 0.5]")
	case !(p.Level > 0 && p.Level < 1):
		return bad("level", p.Level, "must be in (0, 1)")
	}
	for i, s := range p.Scales {
		if s < 1 || 20*s > p.Days {
			return bad(fmt.Sprintf("scales[%d]", i), s, fmt.Sprintf("must be in [1, days/20] = [1, %d] (at least 20 aggregated returns)", p.Days/20))
		}
	}
	return nil
}

// Quick shrinks the parameters for a smoke run of a few seconds.
func (p *FactsParams) Quick() {
	p.Days = min(p.Days, 2000)
	p.Transient = min(p.Transient, 200)
	p.MaxLag = min(p.MaxLag, 20)
	var sc []int
	for _, s := range p.Scales {
		if 20*s <= p.Days {
			sc = append(sc, s)
		}
	}
	if len(sc) == 0 {
		sc = []int{1}
	}
	p.Scales = sc
}

// ModelSpec names a return forecaster of the forecast registry.
type ModelSpec struct {
	// Label names the model in tables and plots (unique).
	Label string `json:"label"`
	// Model is a forecast registry name ("ridge", "nvar", "mean",
	// "persistence", "esn", ...).
	Model string `json:"model"`
	// Hyper are its hyperparameters (nil: the model's defaults).
	Hyper map[string]float64 `json:"hyper,omitempty"`
}

// ForecastParams are the parameters of "finance-forecast".
type ForecastParams struct {
	// Days keeps the first Days returns of the S&P 500 (0: all 5104).
	Days int `json:"days"`
	// Window is the trailing estimation window of every walk-forward
	// model, and the first forecast day (default 1000).
	Window int `json:"window"`
	// Refit is the number of days between refits (default 20).
	Refit int `json:"refit"`
	// Models are the walk-forward return forecasters (finance.WalkForward
	// with forecast registry models).
	Models []ModelSpec `json:"models"`
	// VarModel, when not empty, is a forecast registry model fitted
	// walk-forward to squared returns as a zoo variance forecaster
	// (default ridge AR(5) on r²).
	VarModel *ModelSpec `json:"var_model,omitempty"`
	// EWMALambda is the RiskMetrics decay of the EWMA variance (default
	// 0.94).
	EWMALambda float64 `json:"ewma_lambda"`
	// HistWindow is the window of historical-simulation VaR and of the
	// rolling variance (default 250).
	HistWindow int `json:"hist_window"`
	// Levels are the VaR/ES confidence levels (default 0.95, 0.99).
	Levels []float64 `json:"levels"`
	// CostBps is the transaction cost per unit turnover, in basis points
	// (default 5).
	CostBps float64 `json:"cost_bps"`
	// TimingQuantile and TimingLookback set the GARCH volatility-timing
	// rule: hold when σ̂ is at most this quantile of the last lookback
	// forecasts (defaults 0.5 and 252).
	TimingQuantile float64 `json:"timing_quantile"`
	TimingLookback int     `json:"timing_lookback"`
	// CausalCuts is the number of cut days at which finance.CheckCausal
	// verifies each return-forecast strategy (0: no check; each cut
	// reruns the walk-forward).
	CausalCuts int `json:"causal_cuts"`
	// Foundation adds the foundation model (zero-shot and adapted) as a
	// return forecaster and, zero-shot on the realised variance, as a
	// variance forecaster; null skips it.
	Foundation *FoundationSpec `json:"foundation"`
}

// DefaultForecastParams returns the defaults of "finance-forecast".
func DefaultForecastParams() *ForecastParams {
	return &ForecastParams{
		Window: 1000, Refit: 20,
		Models: []ModelSpec{
			{Label: "ridge AR(5)", Model: "ridge", Hyper: map[string]float64{"lags": 5, "alpha": 1}},
			{Label: "NVAR quadratic (k=5)", Model: "nvar", Hyper: map[string]float64{"k": 5, "order": 2, "alpha": 1, "increment": 0}},
			{Label: "trailing mean", Model: "mean"},
			{Label: "persistence", Model: "persistence"},
		},
		VarModel:   &ModelSpec{Label: "ridge AR(5) on r²", Model: "ridge", Hyper: map[string]float64{"lags": 5, "alpha": 1}},
		EWMALambda: 0.94, HistWindow: 250, Levels: []float64{0.95, 0.99}, CostBps: 5,
		TimingQuantile: 0.5, TimingLookback: 252, CausalCuts: 2,
		Foundation: DefaultFoundationSpec(),
	}
}

// UnmarshalJSON decodes a model spec from scratch, so that a spec given
// in a study replaces a default one instead of merging its hyperparameters
// into the default's; unknown fields are errors.
func (m *ModelSpec) UnmarshalJSON(b []byte) error {
	type plain ModelSpec
	var x plain
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&x); err != nil {
		return err
	}
	*m = ModelSpec(x)
	return nil
}

func checkModel(name string, m ModelSpec) error {
	if strings.TrimSpace(m.Label) == "" {
		return bad(name+".label", m.Label, "give the model a label")
	}
	if _, err := forecast.New(m.Model, forecast.Spec{Hyper: m.Hyper}); err != nil {
		return bad(name, m.Model, err.Error())
	}
	return nil
}

// Validate checks the parameters, naming the first bad one.
func (p *ForecastParams) Validate() error {
	n := sp500Len
	switch {
	case p.Days != 0 && (p.Days < 300 || p.Days > sp500Len):
		return bad("days", p.Days, fmt.Sprintf("must be 0 (all) or in [300, %d]", sp500Len))
	case p.Window < 100:
		return bad("window", p.Window, "must be at least 100 days")
	case p.Refit < 1 || p.Refit > 1000:
		return bad("refit", p.Refit, "must be in [1, 1000]")
	case len(p.Models) > 10:
		return bad("models", len(p.Models), "at most 10 models")
	case !(p.EWMALambda > 0 && p.EWMALambda < 1):
		return bad("ewma_lambda", p.EWMALambda, "must be in (0, 1)")
	case p.HistWindow < 100 || p.HistWindow > p.Window:
		return bad("hist_window", p.HistWindow, fmt.Sprintf("must be in [100, window = %d]", p.Window))
	case len(p.Levels) == 0 || len(p.Levels) > 5:
		return bad("levels", p.Levels, "list 1 to 5 confidence levels")
	case !(p.CostBps >= 0 && p.CostBps <= 1000):
		return bad("cost_bps", p.CostBps, "must be in [0, 1000]")
	case !(p.TimingQuantile > 0 && p.TimingQuantile <= 1):
		return bad("timing_quantile", p.TimingQuantile, "must be in (0, 1]")
	case p.TimingLookback < 2 || p.TimingLookback > 5000:
		return bad("timing_lookback", p.TimingLookback, "must be in [2, 5000]")
	case p.CausalCuts < 0 || p.CausalCuts > 10:
		return bad("causal_cuts", p.CausalCuts, "must be in [0, 10]")
	}
	if p.Days != 0 {
		n = p.Days
	}
	if n-p.Window < 200 {
		return bad("window", p.Window, fmt.Sprintf("leaves %d test days of %d; keep at least 200", n-p.Window, n))
	}
	for i, l := range p.Levels {
		if !(l >= 0.8 && l < 1) {
			return bad(fmt.Sprintf("levels[%d]", i), l, "must be in [0.8, 1)")
		}
		if float64(p.HistWindow)*(1-l) < 1 {
			return bad("hist_window", p.HistWindow, fmt.Sprintf("too short for level %g: needs at least %d days", l, int(math.Ceil(1/(1-l)))))
		}
	}
	seen := map[string]bool{}
	for i, m := range p.Models {
		if err := checkModel(fmt.Sprintf("models[%d]", i), m); err != nil {
			return err
		}
		if seen[m.Label] {
			return bad(fmt.Sprintf("models[%d].label", i), m.Label, "duplicate label")
		}
		seen[m.Label] = true
	}
	if p.VarModel != nil {
		if err := checkModel("var_model", *p.VarModel); err != nil {
			return err
		}
	}
	if p.Foundation != nil {
		if err := p.Foundation.validate(); err != nil {
			return err
		}
	}
	return nil
}

// Quick shrinks the parameters for a smoke run of a few seconds.
func (p *ForecastParams) Quick() {
	if p.Days == 0 || p.Days > 1500 {
		p.Days = 1500
	}
	p.Window = min(p.Window, 500)
	p.HistWindow = min(p.HistWindow, p.Window)
	p.Refit = max(p.Refit, 50)
	p.CausalCuts = min(p.CausalCuts, 1)
	if p.Foundation != nil {
		p.Foundation.quick()
	}
}

// sp500Len is the number of shipped S&P 500 log returns.
const sp500Len = 5104

func init() {
	experiment.Register(experiment.Kind{
		Name:  FactsKind,
		Title: "Finance: stylized facts of the S&P 500 and of agent-based markets",
		Description: "The stylized facts of daily returns (Cont 2001) measured alike on the shipped S&P 500 (2000-2020) and on " +
			"agent-based markets of the catalogue (Lux-Marchesi, Cont-Bouchaud) simulated from the study seed: tail index of |r| " +
			"(Clauset-Shalizi-Newman power-law fit and Hill), excess kurtosis, autocorrelation of r and |r| (volatility clustering), " +
			"aggregational Gaussianity (kurtosis against the aggregation scale) and the leverage effect, side by side.",
		Params:   func() any { return DefaultFactsParams() },
		Validate: func(p any) error { return p.(*FactsParams).Validate() },
		Quick:    func(p any) { p.(*FactsParams).Quick() },
		Run: func(ctx context.Context, p any, env *experiment.Env) (*experiment.Result, error) {
			return RunFacts(ctx, p.(*FactsParams), env)
		},
	})
	experiment.Register(experiment.Kind{
		Name:  ForecastKind,
		Title: "Finance: walk-forward return, volatility and risk forecasts of the S&P 500, with trading backtests",
		Description: "Walk-forward (no look-ahead) forecasts of S&P 500 daily returns and volatility: GARCH(1,1) by maximum " +
			"likelihood (normal and Student-t) against EWMA, rolling variance and forecast-registry models; return forecasts " +
			"scored by MSE against the zero forecast and directional accuracy, variance forecasts by QLIKE; VaR/ES at 95/99% " +
			"with Kupiec and Christoffersen backtests; a long/flat strategy from each forecaster, with transaction costs, " +
			"against buy-and-hold (Sharpe, maximum drawdown, turnover, equity curves).",
		Params:   func() any { return DefaultForecastParams() },
		Validate: func(p any) error { return p.(*ForecastParams).Validate() },
		Quick:    func(p any) { p.(*ForecastParams).Quick() },
		Run: func(ctx context.Context, p any, env *experiment.Env) (*experiment.Result, error) {
			return RunForecast(ctx, p.(*ForecastParams), env)
		},
	})
}

// returnColumn is the observable SimulateReturns would use ("" if none).
func returnColumn(obs []string) string {
	for _, want := range fin.ReturnObservables {
		for _, o := range obs {
			if o == want {
				return o
			}
		}
	}
	return ""
}

// splitmix returns a well-mixed seed for work item i.
func splitmix(seed uint64, i int) uint64 {
	z := seed + uint64(i+1)*0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// SP500 returns the shipped S&P 500 daily log returns and their dates.
func SP500() ([]float64, []time.Time, error) {
	s, err := data.SP500LogReturns()
	if err != nil {
		return nil, nil, err
	}
	r, err := s.Column("log_return")
	if err != nil {
		return nil, nil, err
	}
	return r, s.Dates, nil
}

// decimalYear maps a date to a fractional year (2008.71).
func decimalYear(d time.Time) float64 {
	y0 := time.Date(d.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	y1 := time.Date(d.Year()+1, 1, 1, 0, 0, 0, 0, time.UTC)
	return float64(d.Year()) + d.Sub(y0).Hours()/y1.Sub(y0).Hours()
}

// slug turns a label into a metric-name fragment.
func slug(s string) string {
	var b strings.Builder
	under := false
	for _, c := range strings.ToLower(s) {
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			b.WriteRune(c)
			under = false
		case c == '&':
		default:
			if !under && b.Len() > 0 {
				b.WriteByte('_')
				under = true
			}
		}
	}
	return strings.TrimSuffix(b.String(), "_")
}
