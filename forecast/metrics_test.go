package forecast_test

import (
	"math"
	"strings"
	"testing"

	"github.com/emergo/emergo/forecast"
)

const metricTol = 1e-12

func b1(x ...float64) *forecast.Block { return forecast.NewBlock(x, 1) }

func approx(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if !(math.Abs(got-want) <= tol*max(1, math.Abs(want))) {
		t.Errorf("%s = %.15g, want %.15g", what, got, want)
	}
}

// Hand-computed errors: truth [[1 2] [3 4]], forecast [[1 1] [5 4]],
// errors 0, 1, −2, 0.
func TestPointMetrics(t *testing.T) {
	truth := forecast.NewBlock([]float64{1, 2, 3, 4}, 2)
	pred := forecast.NewBlock([]float64{1, 1, 5, 4}, 2)
	approx(t, "MSE", forecast.MSE(truth, pred), 5.0/4, metricTol)
	approx(t, "RMSE", forecast.RMSE(truth, pred), math.Sqrt(5.0/4), metricTol)
	approx(t, "MAE", forecast.MAE(truth, pred), 3.0/4, metricTol)
	// Column standard deviations of the truth are both 1; column RMSEs
	// are √2 and √½.
	approx(t, "Std[0]", forecast.Std(truth)[0], 1, metricTol)
	approx(t, "NRMSE", forecast.NRMSE(truth, pred, nil), (math.Sqrt2+math.Sqrt(0.5))/2, metricTol)
	approx(t, "NRMSE with scales", forecast.NRMSE(truth, pred, []float64{2, 0.5}), (math.Sqrt2/2+math.Sqrt(0.5)/0.5)/2, metricTol)
	// Pooled variance of 1, 2, 3, 4 is 1.25, so the pooled NRMSE is
	// √(1.25/1.25) = 1.
	approx(t, "PooledVariance", forecast.PooledVariance(truth), 1.25, metricTol)
	approx(t, "NRMSEPooled", forecast.NRMSEPooled(truth, pred, 0), 1, metricTol)
	approx(t, "NRMSEPooled(v=5)", forecast.NRMSEPooled(truth, pred, 5), 0.5, metricTol)
	if v := forecast.MSE(truth, truth); v != 0 {
		t.Errorf("MSE of a perfect forecast = %v", v)
	}
}

// sMAPE (darts convention, 0-200): terms |1−3|/(1+3) = ½, 0 (exact), 0
// (0/0), |4−0|/(4+0) = 1, so 200/4 · 1.5 = 75. A sign flip scores the
// maximum 200.
func TestSMAPE(t *testing.T) {
	approx(t, "sMAPE", forecast.SMAPE(b1(1, -2, 0, 4), b1(3, -2, 0, 0)), 75, metricTol)
	approx(t, "sMAPE sign flip", forecast.SMAPE(b1(1, -2), b1(-1, 2)), 200, metricTol)
	approx(t, "sMAPE perfect", forecast.SMAPE(b1(1, -2), b1(1, -2)), 0, metricTol)
}

// MASE: training 1, 2, 4, 7 has naive one-step MAE (1+2+3)/3 = 2 and
// seasonal (m = 2) MAE (3+5)/2 = 4; the forecast MAE is 1.
func TestMASE(t *testing.T) {
	train := b1(1, 2, 4, 7)
	truth, pred := b1(8, 10), b1(9, 9)
	approx(t, "MASE m=1", forecast.MASE(truth, pred, train, 1), 0.5, metricTol)
	approx(t, "MASE m=2", forecast.MASE(truth, pred, train, 2), 0.25, metricTol)
	// Per-column average: the second column's scale is 10 times larger.
	tr2 := forecast.NewBlock([]float64{1, 10, 2, 20, 4, 40, 7, 70}, 2)
	tt2 := forecast.NewBlock([]float64{8, 80, 10, 100}, 2)
	pp2 := forecast.NewBlock([]float64{9, 90, 9, 100}, 2)
	approx(t, "MASE 2 columns", forecast.MASE(tt2, pp2, tr2, 1), (0.5+0.25)/2, metricTol)
}

// Valid time: σ = 2, normalised errors 0.1, 0.3, 0.45, 0.6, 0.05: the
// first crossing of 0.5 is row 3, so 3 valid steps = 0.03 time units at
// dt = 0.01 = 0.027 Lyapunov times at λ1 = 0.9.
func TestValidTime(t *testing.T) {
	truth := b1(0, 0, 0, 0, 0)
	pred := b1(0.2, 0.6, 0.9, 1.2, 0.1)
	v := forecast.ValidTime(truth, pred, &forecast.VPTOptions{Std: []float64{2}, DT: 0.01, Lyapunov: 0.9})
	if v.Steps != 3 || v.Censored {
		t.Errorf("ValidTime steps %d censored %v, want 3, false", v.Steps, v.Censored)
	}
	approx(t, "Time", v.Time, 0.03, metricTol)
	approx(t, "LyapunovTimes", v.LyapunovTimes, 0.027, metricTol)
	// An error exactly at the threshold is a crossing (E < ε is valid).
	if v := forecast.ValidTime(b1(0, 0), b1(0.5, 0), &forecast.VPTOptions{Std: []float64{1}}); v.Steps != 0 {
		t.Errorf("error at the threshold: %d valid steps, want 0", v.Steps)
	}
	// Never crossing: censored at the horizon.
	if v := forecast.ValidTime(b1(0, 0, 0), b1(0.1, 0.1, 0.1), &forecast.VPTOptions{Std: []float64{1}}); v.Steps != 3 || !v.Censored {
		t.Errorf("no crossing: %+v, want 3 censored steps", v)
	}
	// Two columns: E = √((0.6² + 0²)/2) = 0.424 < 0.5 at σ = 1, then
	// √((0.6² + 0.6²)/2) = 0.6.
	tr := forecast.NewBlock([]float64{0, 0, 0, 0}, 2)
	pr := forecast.NewBlock([]float64{0.6, 0, 0.6, 0.6}, 2)
	if v := forecast.ValidTime(tr, pr, &forecast.VPTOptions{Std: []float64{1, 1}}); v.Steps != 1 {
		t.Errorf("two columns: %d valid steps, want 1", v.Steps)
	}
	// NaN counts as a crossing.
	if v := forecast.ValidTime(b1(0, 0), b1(0, math.NaN()), &forecast.VPTOptions{Std: []float64{1}}); v.Steps != 1 {
		t.Errorf("NaN forecast: %d valid steps, want 1", v.Steps)
	}
}

// StateKL by hand. Truth 0, 1, 2, 3 with 2 bins over [0, 3] (plus the
// two overflow bins) has counts (0, 2, 2, 0).
func TestStateKL(t *testing.T) {
	truth := b1(0, 1, 2, 3)
	// Forecast 0, 0, 0, 3: counts (0, 3, 1, 0). Without smoothing
	// KL = ½ ln(½/¾) + ½ ln(½/¼) = ½ ln(4/3).
	kl, _ := forecast.StateKL(truth, b1(0, 0, 0, 3), &forecast.HistOptions{Bins: 2, Alpha: -1})
	approx(t, "KL no smoothing", kl, 0.5*math.Log(4.0/3), metricTol)
	// Laplace smoothing: p = (1, 3, 3, 1)/8, q = (1, 4, 2, 1)/8, KL =
	// ⅜ ln(¾) + ⅜ ln(3/2) = ⅜ ln(9/8).
	kl, _ = forecast.StateKL(truth, b1(0, 0, 0, 3), &forecast.HistOptions{Bins: 2})
	approx(t, "KL Laplace", kl, 3.0/8*math.Log(9.0/8), metricTol)
	// Forecast −5, 10, 1, 2: one value in each overflow bin, counts
	// (1, 1, 1, 1), q = (2, 2, 2, 2)/8: KL = 2·⅛ ln(½) + 2·⅜ ln(3/2).
	kl, per := forecast.StateKL(truth, b1(-5, 10, 1, 2), &forecast.HistOptions{Bins: 2})
	approx(t, "KL overflow", kl, 0.25*math.Log(0.5)+0.75*math.Log(1.5), metricTol)
	if len(per) != 1 || per[0] != kl {
		t.Errorf("per-column KL %v, want [%v]", per, kl)
	}
	// Identical distributions (different lengths) give 0; columns are
	// averaged.
	tr2 := forecast.NewBlock([]float64{0, 5, 1, 6, 2, 7, 3, 8}, 2)
	pr2 := forecast.NewBlock([]float64{0, 5, 1, 6, 2, 7, 3, 8, 0, 5, 1, 6, 2, 7, 3, 8}, 2)
	if kl, _ := forecast.StateKL(tr2, pr2, &forecast.HistOptions{Bins: 4, Alpha: -1}); math.Abs(kl) > metricTol {
		t.Errorf("KL of identical distributions = %v", kl)
	}
	// An unsmoothed empty forecast bin under a populated truth bin is +Inf.
	if kl, _ := forecast.StateKL(truth, b1(0, 0, 0, 0), &forecast.HistOptions{Bins: 2, Alpha: -1}); !math.IsInf(kl, 1) {
		t.Errorf("KL with an empty forecast bin = %v, want +Inf", kl)
	}
}

// Power-spectrum distance by hand: a sine at an integer frequency bin k
// of the segment, under the periodic Hann window, has power only at
// k−1, k, k+1 in the ratio 1:4:1 (the window's DFT is ½ at 0 and −¼ at
// ±1), i.e. normalised (⅙, ⅔, ⅙). Sines at bins 5 and 6 overlap at bins
// 5 and 6: Σ√(pq) = 2√(⅔·⅙) = ⅔, H = √⅓. Sines at bins 5 and 20 do not
// overlap: H = 1.
func TestSpectrumDistance(t *testing.T) {
	const tol = 1e-9 // FFT rounding in bins with no power
	sine := func(n, k, l int) *forecast.Block {
		x := make([]float64, n)
		for i := range x {
			x[i] = math.Sin(2*math.Pi*float64(k*i)/float64(l)) + 3
		}
		return forecast.NewBlock(x, 1)
	}
	opt := &forecast.SpectrumOptions{Segment: 64}
	h, _ := forecast.SpectrumDistance(sine(64, 5, 64), sine(64, 5, 64), opt)
	approx(t, "H(same)", h, 0, tol)
	h, _ = forecast.SpectrumDistance(sine(64, 5, 64), sine(64, 6, 64), opt)
	approx(t, "H(5, 6)", h, math.Sqrt(1.0/3), tol)
	h, _ = forecast.SpectrumDistance(sine(64, 5, 64), sine(64, 20, 64), opt)
	approx(t, "H(5, 20)", h, 1, tol)
	// Welch averaging over 4 overlapping segments (160 rows, L = 64,
	// steps of 32) and series of different lengths: a sine periodic in
	// the segment has the same spectrum in every segment.
	h, _ = forecast.SpectrumDistance(sine(160, 5, 64), sine(96, 6, 64), opt)
	approx(t, "H(5, 6) Welch", h, math.Sqrt(1.0/3), tol)
	// Gaussian smoothing brings close spectra closer.
	hs, _ := forecast.SpectrumDistance(sine(64, 5, 64), sine(64, 6, 64), &forecast.SpectrumOptions{Segment: 64, Smooth: 2})
	if !(hs < math.Sqrt(1.0/3)) {
		t.Errorf("smoothed H(5, 6) = %v, want < %v", hs, math.Sqrt(1.0/3))
	}
	// Columns are averaged.
	two := func(a, b *forecast.Block) *forecast.Block {
		x := make([]float64, 0, 2*a.Rows)
		for i := 0; i < a.Rows; i++ {
			x = append(x, a.X[i], b.X[i])
		}
		return forecast.NewBlock(x, 2)
	}
	h, per := forecast.SpectrumDistance(two(sine(64, 5, 64), sine(64, 5, 64)), two(sine(64, 5, 64), sine(64, 20, 64)), opt)
	approx(t, "H two columns", h, 0.5, tol)
	if len(per) != 2 {
		t.Fatalf("per-column distances %v", per)
	}
	approx(t, "H column 0", per[0], 0, tol)
	approx(t, "H column 1", per[1], 1, tol)
	// A constant has no spectrum.
	if h, _ := forecast.SpectrumDistance(b1(1, 1, 1, 1), b1(1, 2, 1, 2), nil); !math.IsNaN(h) {
		t.Errorf("H of a constant = %v, want NaN", h)
	}
}

// Shape mismatches are programming errors and panic.
func TestMetricPanics(t *testing.T) {
	a := forecast.NewBlock([]float64{1, 2, 3, 4}, 2)
	b := forecast.NewBlock([]float64{1, 2, 3, 4}, 1)
	for name, f := range map[string]func(){
		"MSE":      func() { forecast.MSE(a, b) },
		"NRMSE":    func() { forecast.NRMSE(a, a, []float64{1}) },
		"SMAPE":    func() { forecast.SMAPE(a, b) },
		"MASE":     func() { forecast.MASE(a, a, b, 1) },
		"VPT":      func() { forecast.ValidTime(a, b, nil) },
		"StateKL":  func() { forecast.StateKL(a, b, nil) },
		"Spectrum": func() { forecast.SpectrumDistance(a, b, nil) },
		"empty":    func() { forecast.MAE(&forecast.Block{Dim: 1}, &forecast.Block{Dim: 1}) },
	} {
		func() {
			defer func() {
				r := recover()
				if r == nil {
					t.Errorf("%s: no panic on mismatched shapes", name)
				} else if s, ok := r.(string); !ok || !strings.HasPrefix(s, "forecast:") {
					t.Errorf("%s: panic %v", name, r)
				}
			}()
			f()
		}()
	}
}

// Attractor-level metrics separate a good long rollout from a bad one:
// a Lorenz63 trajectory against another stretch of the same attractor
// scores near 0, against a rollout collapsed onto small oscillations
// about a fixed point far from 0.
func TestAttractorMetricsLorenz(t *testing.T) {
	const (
		goodKL = 0.1
		goodH  = 0.2
	)
	data := lorenz(t, 0.01, nil, 1000, 40000)
	a, b := data.Slice(0, 20000), data.Slice(20000, 40000)
	kl, _ := forecast.StateKL(a, b, nil)
	h, _ := forecast.SpectrumDistance(a, b, nil)
	// A "collapsed" rollout: the last state repeated with tiny wiggles
	// around a fixed point.
	bad := make([]float64, 3*20000)
	for i := 0; i < 20000; i++ {
		bad[3*i] = 8.48 + 0.1*math.Sin(float64(i)/7)
		bad[3*i+1] = 8.48 + 0.1*math.Cos(float64(i)/7)
		bad[3*i+2] = 27 + 0.1*math.Sin(float64(i)/5)
	}
	klBad, _ := forecast.StateKL(a, forecast.NewBlock(bad, 3), nil)
	hBad, _ := forecast.SpectrumDistance(a, forecast.NewBlock(bad, 3), nil)
	t.Logf("Lorenz vs Lorenz: KL %.4f, H %.4f; Lorenz vs fixed-point wiggle: KL %.3f, H %.3f", kl, h, klBad, hBad)
	if !(kl < goodKL) || !(h < goodH) {
		t.Errorf("two stretches of the Lorenz attractor: KL %.4f (want < %g), H %.4f (want < %g)", kl, goodKL, h, goodH)
	}
	if !(klBad > 10*goodKL) || !(hBad > 2*goodH) {
		t.Errorf("Lorenz vs a collapsed rollout: KL %.4f, H %.4f, want large", klBad, hBad)
	}
}
