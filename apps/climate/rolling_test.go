package climate

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/emergo/emergo/forecast"
)

// seasonalLine is x_t = a + b·t + s_{t mod m} with a fixed profile.
func seasonalLine(n, m int, a, b float64) []float64 {
	x := make([]float64, n)
	for t := range x {
		x[t] = a + b*float64(t) + 3*math.Sin(2*math.Pi*float64(t%m)/float64(m)) + float64(t%m%3)
	}
	return x
}

// Exact cases of the baselines.
func TestBaselinesExact(t *testing.T) {
	x := make([]float64, 24)
	for i := range x {
		x[i] = float64(i)
	}
	got := SeasonalNaiveForecast(x, 12, 13)
	for j, v := range got {
		want := float64(12 + j%12) // x_{n+j−12⌈j/12⌉}, 0-based lead j
		if v != want {
			t.Errorf("seasonal naive lead %d: %v, want %v", j+1, v, want)
		}
	}
	if got := SeasonalNaiveForecast(x, 1, 3); got[0] != 23 || got[2] != 23 {
		t.Errorf("naive (m=1): %v, want 23s", got)
	}
	// A noiseless trend + seasonal series is extrapolated exactly.
	const m = 12
	full := seasonalLine(200, m, 2, 0.37)
	fc, err := SeasonalTrendForecast(full[:170], m, 60, 30)
	if err != nil {
		t.Fatal(err)
	}
	for j, v := range fc {
		if math.Abs(v-full[170+j]) > 1e-9 {
			t.Fatalf("seasonal+trend lead %d: %v, want %v", j+1, v, full[170+j])
		}
	}
	if _, err := SeasonalTrendForecast(full[:10], m, 0, 3); err == nil {
		t.Error("10 values accepted for 13 coefficients")
	}
}

// Exact: integrating the transformed future reproduces the series.
func TestTransformIntegrate(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	x := make([]float64, 60)
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	for _, tr := range []string{TransformLevel, TransformDiff, TransformSDiff} {
		const m, c = 12, 40
		z := Transform(x, tr, m)
		lag := len(x) - len(z)
		got := Integrate(x[:c], z[c-lag:], tr, m)
		for j, v := range got {
			if math.Abs(v-x[c+j]) > 1e-12 {
				t.Fatalf("%s: lead %d: %v, want %v", tr, j+1, v, x[c+j])
			}
		}
	}
}

// On x_t = a + b·t + s_t the seasonal+trend baseline is exact (MASE 0),
// and the seasonal naive forecast misses by b·m·⌈h/m⌉ against an
// in-sample scale of b·m, so its MASE is exactly ⌈h/m⌉ (Hyndman &
// Koehler 2006). The MASE agrees with forecast.MASE origin by origin.
func TestRollingOriginExact(t *testing.T) {
	const m = 12
	x := seasonalLine(300, m, 5, 0.2)
	hs := []int{1, 6, 12, 13, 24}
	ev, err := RollingOrigin(context.Background(), x, nil, RollingOptions{Period: m, Horizons: hs, Origins: 30, TrendWindow: 48})
	if err != nil {
		t.Fatal(err)
	}
	sn, st := ev.Methods[0], ev.Methods[1]
	for i, h := range hs {
		if want := math.Ceil(float64(h) / m); math.Abs(sn.MASE[i]-want) > 1e-9 {
			t.Errorf("seasonal naive h=%d: MASE %v, want %v", h, sn.MASE[i], want)
		}
		if st.MASE[i] > 1e-9 || st.RMSE[i] > 1e-9 {
			t.Errorf("seasonal+trend h=%d: MASE %v RMSE %v, want 0", h, st.MASE[i], st.RMSE[i])
		}
	}
	// Cross-check with forecast.MASE at h = 6.
	var sum float64
	for k, o := range ev.Origins {
		truth := forecast.NewBlock([]float64{x[o+5]}, 1)
		pred := forecast.NewBlock([]float64{sn.Forecasts[k][5]}, 1)
		sum += forecast.MASE(truth, pred, forecast.NewBlock(x[:o], 1), m)
	}
	if got := sum / float64(len(ev.Origins)); math.Abs(got-sn.MASE[1]) > 1e-12 {
		t.Errorf("forecast.MASE gives %v, RollingOrigin %v", got, sn.MASE[1])
	}
}

// No look-ahead: changing the data after row c leaves every forecast made
// at an origin t ≤ c unchanged (models refitted before c saw x[:r], r ≤ c;
// contexts end at t).
func TestRollingOriginNoLookahead(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 3))
	x := seasonalLine(240, 12, 0, 0.05)
	for i := range x {
		x[i] += 0.3 * rng.NormFloat64()
	}
	models := []ModelSpec{
		{Name: "ridge", Hyper: map[string]float64{"lags": 13}},
		{Name: "esn", Hyper: map[string]float64{"size": 30, "washout": 12}, Transform: TransformDiff},
		{Name: "nvar", Hyper: map[string]float64{"k": 3, "order": 2}, Transform: TransformSDiff},
	}
	opt := RollingOptions{Period: 12, Horizons: []int{1, 12}, Origins: 40, Refit: 7, TrendWindow: 36, Seed: 9}
	a, err := RollingOrigin(context.Background(), x, models, opt)
	if err != nil {
		t.Fatal(err)
	}
	c := a.Origins[20]
	y := append([]float64(nil), x...)
	for i := c; i < len(y); i++ {
		y[i] = 1000 + 50*rng.NormFloat64()
	}
	b, err := RollingOrigin(context.Background(), y, models, opt)
	if err != nil {
		t.Fatal(err)
	}
	for mi := range a.Methods {
		for k, o := range a.Origins {
			same := true
			for j := range a.Methods[mi].Forecasts[k] {
				if a.Methods[mi].Forecasts[k][j] != b.Methods[mi].Forecasts[k][j] {
					same = false
				}
			}
			if o <= c && !same {
				t.Fatalf("%s: forecast at origin %d ≤ %d changed when data after %d changed", a.Methods[mi].Label, o, c, c)
			}
			if o == a.Origins[len(a.Origins)-1] && same {
				t.Errorf("%s: the last forecast did not change with its history", a.Methods[mi].Label)
			}
		}
		if a.Methods[mi].Fallbacks > 0 {
			t.Errorf("%s: %d fallbacks (%v)", a.Methods[mi].Label, a.Methods[mi].Fallbacks, a.Methods[mi].Err)
		}
	}
}

// Too little data and bad horizons are errors.
func TestRollingOriginErrors(t *testing.T) {
	x := seasonalLine(50, 12, 0, 1)
	if _, err := RollingOrigin(context.Background(), x, nil, RollingOptions{Period: 12, Horizons: []int{24}, Origins: 30}); err == nil {
		t.Error("50 rows accepted for 30 origins at h = 24")
	}
	if _, err := RollingOrigin(context.Background(), x, nil, RollingOptions{Period: 12, Horizons: []int{0}, Origins: 2}); err == nil {
		t.Error("horizon 0 accepted")
	}
	x[3] = math.NaN()
	if _, err := RollingOrigin(context.Background(), x, nil, RollingOptions{Period: 1, Horizons: []int{1}, Origins: 2}); err == nil {
		t.Error("NaN accepted")
	}
}

// The regular stretches of the shipped series: CO2 from 1964-05 (after
// the last gap, 1964-02..04) to 2020-04, 672 months; the temperature
// anomaly 1880-2023, 144 years.
func TestLoadRegular(t *testing.T) {
	r, err := LoadRegular("co2", "co2")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.X) != 672 || r.Step != "month" || math.Abs(r.Years[0]-(1964+4.0/12)) > 1e-9 {
		t.Errorf("co2: %d %s rows from %v", len(r.X), r.Step, r.Years[0])
	}
	r, err = LoadRegular("global-temp", "temp")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.X) != 144 || r.Step != "year" || r.Years[0] != 1880 {
		t.Errorf("global-temp: %d %s rows from %v", len(r.X), r.Step, r.Years[0])
	}
}
