package finance

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/emergo/emergo/experiment"
	fin "github.com/emergo/emergo/finance"
)

// smallFacts are facts parameters small enough for a test.
func smallFacts() *FactsParams {
	p := DefaultFactsParams()
	p.Days, p.Transient, p.MaxLag, p.Scales = 1000, 100, 10, []int{1, 5, 20}
	return p
}

// smallForecast are forecast parameters small enough for a test.
func smallForecast() *ForecastParams {
	p := DefaultForecastParams()
	p.Days, p.Window, p.Refit, p.HistWindow, p.CausalCuts = 800, 500, 100, 250, 1
	p.Models = p.Models[:2]
	p.Foundation = nil
	return p
}

func run(t *testing.T, name string, p any, seed uint64) *experiment.Result {
	t.Helper()
	k, err := experiment.Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	res, err := k.Run(context.Background(), p, experiment.NewEnv(seed))
	if err != nil {
		t.Fatal(err)
	}
	if err := res.Check(); err != nil {
		t.Fatalf("%s: Result.Check: %v", name, err)
	}
	return res
}

func TestFactsDeterministicAndValid(t *testing.T) {
	a := run(t, FactsKind, smallFacts(), 7)
	b := run(t, FactsKind, smallFacts(), 7)
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) != string(jb) {
		t.Error("same seed, different results")
	}
	c := run(t, FactsKind, smallFacts(), 8)
	if float64(a.Metrics["luxmarchesi_excess_kurtosis"]) == float64(c.Metrics["luxmarchesi_excess_kurtosis"]) {
		t.Error("the seed does not reach the simulated markets")
	}
	// The S&P column does not depend on the seed.
	if a.Metrics["sp_500_excess_kurtosis"] != c.Metrics["sp_500_excess_kurtosis"] {
		t.Error("S&P 500 facts depend on the seed")
	}
	if len(a.Tables) != 2 || len(a.Plots) != 4 {
		t.Errorf("%d tables, %d plots", len(a.Tables), len(a.Plots))
	}
}

// The reported S&P 500 figures are those of finance.StylizedFacts called
// directly with the same options.
func TestFactsCrossCheck(t *testing.T) {
	p := smallFacts()
	res := run(t, FactsKind, p, 1)
	r, _, err := SP500()
	if err != nil {
		t.Fatal(err)
	}
	f, err := fin.StylizedFacts(r, &fin.FactsOptions{MaxLag: p.MaxLag, HillK: hillK(r, p.HillFraction), Scales: p.Scales, Level: p.Level})
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]float64{
		"sp_500_excess_kurtosis": f.ExcessKurtosis,
		"sp_500_tail_index_csn":  f.TailIndex,
		"sp_500_tail_index_hill": f.Hill.TailIndex,
		"sp_500_leverage_lag1":   f.Leverage[0],
		"sp_500_acf_abs_lag1":    f.ACFAbs[0],
	} {
		if got := float64(res.Metrics[name]); got != want {
			t.Errorf("%s = %v, finance.StylizedFacts gives %v", name, got, want)
		}
	}
	// Published: daily S&P 500 excess kurtosis about 11 on 2000-2020
	// (docs/FINANCE.md, and the data package's documentation).
	if k := f.ExcessKurtosis; k < 9 || k > 13 {
		t.Errorf("S&P 500 excess kurtosis %.2f outside [9, 13]", k)
	}
}

func TestForecastDeterministicAndValid(t *testing.T) {
	a := run(t, ForecastKind, smallForecast(), 3)
	b := run(t, ForecastKind, smallForecast(), 3)
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) != string(jb) {
		t.Error("same seed, different results")
	}
	if len(a.Tables) != 4 || len(a.Plots) != 2 {
		t.Errorf("%d tables, %d plots", len(a.Tables), len(a.Plots))
	}
	for _, row := range a.Tables[3].Rows {
		if c := row[len(row)-1]; strings.HasPrefix(c, "FAILED") {
			t.Errorf("%s: %s", row[0], c)
		}
	}
}

// The reported Kupiec p-value of GARCH-normal 99% VaR and the buy-and-hold
// Sharpe are those of the finance library called directly.
func TestForecastCrossCheck(t *testing.T) {
	p := smallForecast()
	res := run(t, ForecastKind, p, 1)
	r, _, _ := SP500()
	r = r[:p.Days]
	v, err := fin.GARCHWalkForward(context.Background(), r, &fin.GARCHWalkOptions{Window: p.Window, Refit: p.Refit, Start: p.Window})
	if err != nil {
		t.Fatal(err)
	}
	rf, err := fin.VolatilityVaR(v, 0.99, fin.Normal)
	if err != nil {
		t.Fatal(err)
	}
	c, err := fin.BacktestVaR(r, rf)
	if err != nil {
		t.Fatal(err)
	}
	if got := float64(res.Metrics["var99_garch_1_1_normal_kupiec_p"]); got != c.PUC {
		t.Errorf("reported Kupiec p %v, library %v", got, c.PUC)
	}
	b, err := fin.Backtest(r, ones(len(r)), &fin.BacktestOptions{CostBps: p.CostBps, From: p.Window})
	if err != nil {
		t.Fatal(err)
	}
	if got := float64(res.Metrics["strat_buy_and_hold_sharpe"]); math.Abs(got-b.Strategy.Sharpe) > 1e-12 {
		t.Errorf("reported buy-and-hold Sharpe %v, library %v", got, b.Strategy.Sharpe)
	}
}

// Exact cases of the local helpers.
func TestHelpers(t *testing.T) {
	s := ScoreReturns([]float64{1, -1, 2, 0}, []float64{1, 1, 0, 5})
	// SE = 0 + 4 + 4 + 25 = 33, Σr² = 6; hits: day 0 only of 3 non-zero.
	if s.MSERatio != 33.0/6 || s.DirAcc != 1.0/3 || s.LongShare != 0.75 {
		t.Errorf("ScoreReturns = %+v", s)
	}
	// QLIKE is minimised in h at h = r² (the derivative 1/h − r²/h² vanishes).
	r := []float64{0.02}
	if q0, q1, q2 := QLIKE(r, []float64{4e-4}), QLIKE(r, []float64{3e-4}), QLIKE(r, []float64{5e-4}); !(q0 < q1 && q0 < q2) {
		t.Errorf("QLIKE not minimal at h = r²: %v %v %v", q0, q1, q2)
	}
	x := []float64{1, 2, 3, 4, 5}
	e := EWMAVol(x, 2, 0.5)
	// σ²_0 = (1+4)/2 = 2.5; σ²_1 = 0.5·2.5 + 0.5·1 = 1.75; σ²_2 = 0.5·1.75 + 0.5·4 = 2.875.
	if math.Abs(e.Sigma[0]-math.Sqrt(2.875)) > 1e-15 || len(e.Sigma) != 3 {
		t.Errorf("EWMAVol = %v", e.Sigma)
	}
	rv := RollingVol(x, 3, 2)
	// day 3: mean(2², 3²) = 6.5; day 4: mean(3², 4²) = 12.5.
	if math.Abs(rv.Sigma[0]-math.Sqrt(6.5)) > 1e-15 || math.Abs(rv.Sigma[1]-math.Sqrt(12.5)) > 1e-15 {
		t.Errorf("RollingVol = %v", rv.Sigma)
	}
	// The EWMA forecast of day t does not move when r_t changes.
	y := append([]float64(nil), x...)
	y[3] = 100
	if EWMAVol(y, 2, 0.5).Sigma[1] != e.Sigma[1] {
		t.Error("EWMAVol looks ahead")
	}
}

func TestBadParams(t *testing.T) {
	for _, c := range []struct {
		kind, raw, want string
	}{
		{FactsKind, `{"days": 10}`, "days"},
		{FactsKind, `{"markets": ["NoSuchMarket"]}`, "markets[0]"},
		{FactsKind, `{"markets": ["Lorenz"]}`, "markets[0]"},
		{FactsKind, `{"scales": [1, 1000]}`, "scales[1]"},
		{FactsKind, `{"hill_fraction": 0}`, "hill_fraction"},
		{FactsKind, `{"level": 1}`, "level"},
		{FactsKind, `{"max_lag": 0}`, "max_lag"},
		{FactsKind, `{"bogus": 1}`, "bogus"},
		{ForecastKind, `{"window": 10}`, "window"},
		{ForecastKind, `{"window": 5000}`, "window"},
		{ForecastKind, `{"refit": 0}`, "refit"},
		{ForecastKind, `{"cost_bps": -1}`, "cost_bps"},
		{ForecastKind, `{"levels": [0.5]}`, "levels[0]"},
		{ForecastKind, `{"ewma_lambda": 1}`, "ewma_lambda"},
		{ForecastKind, `{"models": [{"label": "x", "model": "nosuch"}]}`, "models[0]"},
		{ForecastKind, `{"models": [{"label": "", "model": "mean"}]}`, "models[0].label"},
		{ForecastKind, `{"models": [{"label": "a", "model": "mean"}, {"label": "a", "model": "mean"}]}`, "models[1].label"},
		{ForecastKind, `{"var_model": {"label": "v", "model": "ridge", "hyper": {"lags": -1}}}`, "var_model"},
		{ForecastKind, `{"days": 100}`, "days"},
		{ForecastKind, `{"models": [{"label": "x", "model": "mean", "bogus": 1}]}`, "bogus"},
		{ForecastKind, `{"timing_quantile": 0}`, "timing_quantile"},
		{ForecastKind, `{"foundation": {"size": "huge"}}`, "foundation.size"},
		{ForecastKind, `{"foundation": {"modes": ["zeroshot", "magic"]}}`, "foundation.modes[1]"},
		{ForecastKind, `{"foundation": {"modes": ["head", "head"]}}`, "foundation.modes[1]"},
		{ForecastKind, `{"foundation": {"modes": []}}`, "foundation.modes"},
		{ForecastKind, `{"foundation": {"model": "/no/such/dir"}}`, "foundation.model"},
		{ForecastKind, `{"foundation": {"rv_window": 0}}`, "foundation.rv_window"},
		{ForecastKind, `{"foundation": {"bogus": 1}}`, "bogus"},
	} {
		k, err := experiment.Lookup(c.kind)
		if err != nil {
			t.Fatal(err)
		}
		_, err = k.Decode([]byte(c.raw))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s %s: error %v, want one naming %q", c.kind, c.raw, err, c.want)
		}
	}
}

// A model list in a spec replaces the defaults; it is not merged into them.
func TestModelsReplaceDefaults(t *testing.T) {
	k, _ := experiment.Lookup(ForecastKind)
	p, err := k.Decode([]byte(`{"models": [{"label": "m", "model": "mean"}], "var_model": {"label": "v", "model": "ridge"}}`))
	if err != nil {
		t.Fatal(err)
	}
	fp := p.(*ForecastParams)
	if len(fp.Models) != 1 || fp.Models[0].Hyper != nil || fp.VarModel.Hyper != nil {
		t.Errorf("decoded %+v, var_model %+v", fp.Models, fp.VarModel)
	}
}

// Quick parameters stay valid and the defaults validate.
func TestQuickValid(t *testing.T) {
	for _, name := range []string{FactsKind, ForecastKind} {
		k, _ := experiment.Lookup(name)
		p, err := k.Decode(nil)
		if err != nil {
			t.Fatalf("%s defaults: %v", name, err)
		}
		k.Quick(p)
		if err := k.Validate(p); err != nil {
			t.Errorf("%s quick: %v", name, err)
		}
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := RunForecast(ctx, smallForecast(), nil); err == nil {
		t.Error("cancelled forecast run returned no error")
	}
	if _, err := RunFacts(ctx, smallFacts(), nil); err == nil {
		t.Error("cancelled facts run returned no error")
	}
}

// TestPrintDefault prints the default-parameter tables
// (EMERGO_FINANCE_STUDY=1 go test ./apps/finance -run PrintDefault -v).
func TestPrintDefault(t *testing.T) {
	if os.Getenv("EMERGO_FINANCE_STUDY") != "1" {
		t.Skip("set EMERGO_FINANCE_STUDY=1 to print the default-parameter tables")
	}
	for _, name := range []string{FactsKind, ForecastKind} {
		k, _ := experiment.Lookup(name)
		p, _ := k.Decode(nil)
		if os.Getenv("EMERGO_FINANCE_QUICK") == "1" {
			k.Quick(p)
		}
		res := run(t, name, p, 1)
		for _, tb := range res.Tables {
			fmt.Printf("\n### %s\n\n| %s |\n|%s\n", tb.Title, strings.Join(tb.Columns, " | "), strings.Repeat("---|", len(tb.Columns)))
			for _, r := range tb.Rows {
				fmt.Printf("| %s |\n", strings.Join(r, " | "))
			}
		}
		for _, n := range res.Notes {
			fmt.Println("- " + n)
		}
	}
}
