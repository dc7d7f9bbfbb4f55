package traffic

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/emergo/emergo/experiment"
	sys "github.com/emergo/emergo/system/traffic"
)

// ControlName is the registered name of the ramp-metering experiment.
const ControlName = "traffic-control"

// ControlParams are the parameters of "traffic-control".
type ControlParams struct {
	// L, Vmax, P: road length in cells, maximum speed, braking
	// probability (defaults 500, 5, 0.25).
	L    int     `json:"L"`
	Vmax int     `json:"vmax"`
	P    float64 `json:"p"`
	// P0, when positive, is the slow-to-start braking probability of
	// stopped cars (VDR rules, Barlovic et al. 1998), which gives the road
	// a capacity drop; 0 (default): plain NaSch.
	P0 float64 `json:"p0"`
	// Inflow and RampDemand are the mainline and ramp arrival
	// probabilities per step (defaults 0.35 and 0.15: total demand 0.5
	// just above the road's capacity ≈ 0.48).
	Inflow     float64 `json:"inflow"`
	RampDemand float64 `json:"ramp_demand"`
	// MergeStart, MergeLen, MergeSpeed place the merge region and cap the
	// merging speed (defaults 250, 10, 1).
	MergeStart int `json:"merge_start"`
	MergeLen   int `json:"merge_len"`
	MergeSpeed int `json:"merge_speed"`
	// DetectorStart and DetectorLen place the downstream detector whose
	// occupancy the controllers read (defaults 265, 20).
	DetectorStart int `json:"detector_start"`
	DetectorLen   int `json:"detector_len"`
	// Steps is the horizon of each run and Seeds the number of runs per
	// controller (defaults 10000 and 20).
	Steps int `json:"steps"`
	Seeds int `json:"seeds"`
	// Interval is the control period in steps: occupancies are averaged
	// over it and the meter is updated at its end (default 10).
	Interval int `json:"interval"`
	// FixedRate is the fixed-rate meter's release rate (default 0.2 cars
	// per step).
	FixedRate float64 `json:"fixed_rate"`
	// TargetOccupancy is ALINEA's set point and the forecast
	// controller's threshold (default 0.12).
	TargetOccupancy float64 `json:"target_occupancy"`
	// Gain is ALINEA's K_R (rate change per unit occupancy error and
	// period, default 0.5); MinRate the smallest rate any controller
	// uses (default 0.05).
	Gain    float64 `json:"gain"`
	MinRate float64 `json:"min_rate"`
	// Lags, Horizon and Ridge set the forecast controller: a ridge
	// regression on the last Lags period occupancies of the detector and
	// of the Upstream cells before the merge predicts the detector
	// occupancy Horizon periods ahead (defaults 4, 2, 1e-3, 40).
	Lags     int     `json:"lags"`
	Horizon  int     `json:"horizon"`
	Ridge    float64 `json:"ridge"`
	Upstream int     `json:"upstream"`
	// TrainSteps is the length of the no-control training run of the
	// forecaster (default 20000).
	TrainSteps int `json:"train_steps"`
}

// DefaultControlParams returns the defaults.
func DefaultControlParams() *ControlParams {
	return &ControlParams{L: 500, Vmax: 5, P: 0.25, Inflow: 0.35, RampDemand: 0.15,
		MergeStart: 250, MergeLen: 10, MergeSpeed: 1, DetectorStart: 265, DetectorLen: 20,
		Steps: 10000, Seeds: 20, Interval: 10, FixedRate: 0.2, TargetOccupancy: 0.12, Gain: 0.5, MinRate: 0.05,
		Lags: 4, Horizon: 2, Ridge: 1e-3, Upstream: 40, TrainSteps: 20000}
}

func (p *ControlParams) road() sys.OnRampConfig {
	return sys.OnRampConfig{L: p.L, Vmax: p.Vmax, P: p.P, P0: p.P0, Inflow: p.Inflow, RampDemand: p.RampDemand,
		MergeStart: p.MergeStart, MergeLen: p.MergeLen, MergeSpeed: p.MergeSpeed,
		DetectorStart: p.DetectorStart, DetectorLen: p.DetectorLen}
}

// Validate names the first bad parameter.
func (p *ControlParams) Validate() error {
	c := p.road()
	if err := c.Validate(); err != nil {
		return err
	}
	for _, c := range []struct {
		name      string
		v, lo, hi int
	}{{"steps", p.Steps, 100, 10_000_000}, {"seeds", p.Seeds, 1, 10_000}, {"interval", p.Interval, 1, 10_000},
		{"lags", p.Lags, 1, 100}, {"horizon", p.Horizon, 1, 100}, {"upstream", p.Upstream, 1, p.MergeStart},
		{"train_steps", p.TrainSteps, p.Interval * (p.Lags + p.Horizon + 20), 100_000_000}} {
		if err := checkInt(c.name, c.v, c.lo, c.hi); err != nil {
			return err
		}
	}
	for _, c := range []struct {
		name      string
		v, lo, hi float64
	}{{"fixed_rate", p.FixedRate, 0, 1}, {"target_occupancy", p.TargetOccupancy, 0, 1}, {"gain", p.Gain, 0, 100},
		{"min_rate", p.MinRate, 0, 1}, {"ridge", p.Ridge, 0, 1e6}} {
		if err := checkRange(c.name, c.v, c.lo, c.hi); err != nil {
			return err
		}
	}
	return nil
}

// Controllers compared by "traffic-control", in table order.
var Controllers = []string{"no control", "fixed rate", "ALINEA", "forecast"}

// Forecaster is the forecast controller's model: a ridge regression of
// the detector occupancy Horizon periods ahead on the last Lags period
// occupancies of the detector and of the upstream section.
type Forecaster struct {
	Lags, Horizon int
	W             []float64 // weights: detector lags (newest first), then upstream lags
	B             float64   // intercept
}

// features writes the regressors at period k (needs k ≥ Lags−1).
func (f *Forecaster) features(det, up []float64, k int, x []float64) {
	for j := 0; j < f.Lags; j++ {
		x[j] = det[k-j]
		x[f.Lags+j] = up[k-j]
	}
}

// Predict returns the forecast made at period k.
func (f *Forecaster) Predict(det, up []float64, k int) float64 {
	x := make([]float64, 2*f.Lags)
	f.features(det, up, k, x)
	y := f.B
	for i, w := range f.W {
		y += w * x[i]
	}
	return y
}

// FitForecaster fits the ridge regression (penalty lambda on the centred
// features, intercept unpenalised) on the period series det and up.
func FitForecaster(det, up []float64, lags, horizon int, lambda float64) (*Forecaster, error) {
	f := &Forecaster{Lags: lags, Horizon: horizon}
	nf := 2 * lags
	var rows [][]float64
	var ys []float64
	for k := lags - 1; k+horizon < len(det); k++ {
		x := make([]float64, nf)
		f.features(det, up, k, x)
		rows = append(rows, x)
		ys = append(ys, det[k+horizon])
	}
	if len(rows) < nf+2 {
		return nil, fmt.Errorf("forecaster: %d training periods for %d features", len(rows), nf)
	}
	mx := make([]float64, nf)
	var my float64
	for i, r := range rows {
		for j := range r {
			mx[j] += r[j]
		}
		my += ys[i]
	}
	n := float64(len(rows))
	for j := range mx {
		mx[j] /= n
	}
	my /= n
	a := mat.NewSymDense(nf, nil)
	b := mat.NewVecDense(nf, nil)
	for i, r := range rows {
		for j := 0; j < nf; j++ {
			dj := r[j] - mx[j]
			b.SetVec(j, b.AtVec(j)+dj*(ys[i]-my))
			for k := j; k < nf; k++ {
				a.SetSym(j, k, a.At(j, k)+dj*(r[k]-mx[k]))
			}
		}
	}
	for j := 0; j < nf; j++ {
		a.SetSym(j, j, a.At(j, j)+lambda*n)
	}
	var ch mat.Cholesky
	if !ch.Factorize(a) {
		return nil, fmt.Errorf("forecaster: singular normal equations (ridge=%g; try a larger ridge)", lambda)
	}
	var w mat.VecDense
	if err := ch.SolveVecTo(&w, b); err != nil {
		return nil, fmt.Errorf("forecaster: %v", err)
	}
	f.W = make([]float64, nf)
	f.B = my
	for j := range f.W {
		f.W[j] = w.AtVec(j)
		f.B -= f.W[j] * mx[j]
	}
	return f, nil
}

// RunStats are the outcomes of one controlled run.
type RunStats struct {
	// Throughput is the number of cars that left the road per step.
	Throughput float64
	// TravelTime is the mean travel time, ramp or origin queue wait
	// included, of the cars that left the road.
	TravelTime float64
	// TimePerCar is the total time spent (cars on the road and in both
	// queues, summed over steps) per arrived car: it also charges the
	// cars still queued at the end of the horizon.
	TimePerCar float64
	// RampQueue is the mean ramp queue length over the run.
	RampQueue float64
	// Det and Up are the period-averaged occupancies of the detector and
	// the upstream section.
	Det, Up []float64
}

// RunControlled simulates one run of steps steps with the named controller
// (one of Controllers); fc is needed by "forecast".
func RunControlled(ctx context.Context, p *ControlParams, controller string, fc *Forecaster, seed uint64) (*RunStats, error) {
	m, err := sys.NewOnRamp(p.road(), seed)
	if err != nil {
		return nil, err
	}
	rate := 1.0
	switch controller {
	case "no control", "ALINEA":
	case "fixed rate":
		rate = p.FixedRate
	case "forecast":
		if fc == nil {
			return nil, fmt.Errorf("controller forecast: no fitted forecaster")
		}
	default:
		return nil, fmt.Errorf("controller %q: unknown (known: %v)", controller, Controllers)
	}
	if err := m.SetMeteringRate(rate); err != nil {
		return nil, err
	}
	st := &RunStats{}
	var sumDet, sumUp, sumQ float64
	upFrom := p.MergeStart - p.Upstream
	for s := 1; s <= p.Steps; s++ {
		if s%1000 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		_ = m.Step()
		sumDet += m.Occupancy(p.DetectorStart, p.DetectorLen)
		sumUp += m.Occupancy(upFrom, p.Upstream)
		_, q1 := m.Queues()
		sumQ += float64(q1)
		if s%p.Interval != 0 {
			continue
		}
		st.Det = append(st.Det, sumDet/float64(p.Interval))
		st.Up = append(st.Up, sumUp/float64(p.Interval))
		sumDet, sumUp = 0, 0
		k := len(st.Det) - 1
		switch controller {
		case "ALINEA":
			// r(k) = r(k−1) + K_R (ô − o(k)) (Papageorgiou et al. 1991).
			rate = math.Min(1, math.Max(p.MinRate, rate+p.Gain*(p.TargetOccupancy-st.Det[k])))
		case "forecast":
			if k >= fc.Lags-1 {
				rate = 1
				if fc.Predict(st.Det, st.Up, k) > p.TargetOccupancy {
					rate = p.MinRate
				}
			}
		}
		if err := m.SetMeteringRate(rate); err != nil {
			return nil, err
		}
	}
	k := m.Counters()
	st.Throughput = float64(k.Exited) / float64(p.Steps)
	st.TravelTime = k.MeanTravelTime()
	st.TimePerCar = k.TimeSpent / math.Max(1, float64(k.Arrived+k.ArrivedRamp))
	st.RampQueue = sumQ / float64(p.Steps)
	return st, nil
}

func init() {
	experiment.Register(experiment.Kind{
		Name:  ControlName,
		Title: "Traffic: ramp metering on a Nagel-Schreckenberg road with an on-ramp",
		Description: "An open Nagel-Schreckenberg road with an on-ramp near capacity, run without control, with a fixed-rate meter, " +
			"with ALINEA feedback on the downstream occupancy and with a forecast-driven meter (ridge regression of the occupancy a few " +
			"periods ahead, fitted on a no-control run): throughput and travel times, ramp waiting included, over several seeds.",
		Params:   func() any { return DefaultControlParams() },
		Validate: func(p any) error { return p.(*ControlParams).Validate() },
		Quick: func(p any) {
			q := p.(*ControlParams)
			q.Steps, q.Seeds, q.TrainSteps = min(q.Steps, 3000), min(q.Seeds, 3), min(q.TrainSteps, 5000)
			q.TrainSteps = max(q.TrainSteps, q.Interval*(q.Lags+q.Horizon+20))
		},
		Run: func(ctx context.Context, p any, env *experiment.Env) (*experiment.Result, error) {
			return RunControl(ctx, p.(*ControlParams), env)
		},
	})
}

// RunControl compares the controllers.
func RunControl(ctx context.Context, p *ControlParams, env *experiment.Env) (*experiment.Result, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	res := &experiment.Result{Title: "Ramp metering on a Nagel-Schreckenberg road with an on-ramp"}
	total := 2 + len(Controllers)*p.Seeds
	// Train the forecaster on one no-control run and test it on another.
	tp := *p
	tp.Steps = p.TrainSteps
	train, err := RunControlled(ctx, &tp, "no control", nil, splitmix(env.Seed, 1))
	if err != nil {
		return nil, err
	}
	env.Progress(1, total)
	fc, err := FitForecaster(train.Det, train.Up, p.Lags, p.Horizon, p.Ridge)
	if err != nil {
		return nil, err
	}
	test, err := RunControlled(ctx, &tp, "no control", nil, splitmix(env.Seed, 2))
	if err != nil {
		return nil, err
	}
	env.Progress(2, total)
	var se, sp float64
	var fx, fa, fp []float64
	cnt := 0
	for k := p.Lags - 1; k+p.Horizon < len(test.Det); k++ {
		y := test.Det[k+p.Horizon]
		f := fc.Predict(test.Det, test.Up, k)
		se += (f - y) * (f - y)
		sp += (test.Det[k] - y) * (test.Det[k] - y)
		cnt++
		if len(fx) < 200 {
			fx = append(fx, float64((k+p.Horizon)*p.Interval))
			fa = append(fa, y)
			fp = append(fp, f)
		}
	}
	rmse, rmseP := math.Sqrt(se/float64(cnt)), math.Sqrt(sp/float64(cnt))
	res.Metric("forecast_rmse", rmse)
	res.Metric("persistence_rmse", rmseP)
	res.Metric("forecast_skill", 1-rmse/rmseP)
	fplot := experiment.Plot{Kind: experiment.Line, Title: fmt.Sprintf("Detector occupancy %d steps ahead: forecast vs observed (held-out no-control run)", p.Horizon*p.Interval),
		XLabel: "step", YLabel: "occupancy", Series: []experiment.Series{experiment.NewSeries("observed", fx, fa), experiment.NewSeries("ridge forecast", fx, fp)},
		HLines: []experiment.Ref{{At: experiment.Float(p.TargetOccupancy), Label: "target / threshold"}}}
	fplot.Series[1].Dash = true

	type agg struct{ thr, tt, tpc, rq []float64 }
	out := make([]agg, len(Controllers))
	done := 2
	for ci, c := range Controllers {
		for s := 0; s < p.Seeds; s++ {
			// The same seeds for every controller: paired comparisons.
			r, err := RunControlled(ctx, p, c, fc, splitmix(env.Seed, 100+s))
			if err != nil {
				return nil, err
			}
			out[ci].thr = append(out[ci].thr, r.Throughput)
			out[ci].tt = append(out[ci].tt, r.TravelTime)
			out[ci].tpc = append(out[ci].tpc, r.TimePerCar)
			out[ci].rq = append(out[ci].rq, r.RampQueue)
			done++
			env.Progress(done, total)
		}
	}
	tab := experiment.Table{Title: fmt.Sprintf("Controllers over %d seeds (mean ± std), %d steps each", p.Seeds, p.Steps),
		Caption: "Throughput: cars leaving the road per step. Travel time: mean over the cars that left, queue waiting included. " +
			"Time per car: total time spent (road + queues) per arrived car, which also charges cars still queued at the end. " +
			"Gains are relative to no control on the same seeds (positive = better).",
		Columns: []string{"controller", "throughput", "travel time", "time per car", "mean ramp queue", "throughput gain %", "travel-time gain %", "time-per-car gain %"}}
	thrBar := experiment.Plot{Kind: experiment.Bar, Title: "Throughput by controller", YLabel: "cars per step", Categories: Controllers}
	ttBar := experiment.Plot{Kind: experiment.Bar, Title: "Mean travel time (ramp wait included) by controller", YLabel: "steps", Categories: Controllers}
	var thrM, thrS, ttM, ttS []float64
	m0, _ := meanStd(out[0].thr)
	t0, _ := meanStd(out[0].tt)
	c0, _ := meanStd(out[0].tpc)
	keys := []string{"none", "fixed", "alinea", "forecast"}
	for ci, c := range Controllers {
		tm, ts := meanStd(out[ci].thr)
		tt, tts := meanStd(out[ci].tt)
		pc, pcs := meanStd(out[ci].tpc)
		rq, rqs := meanStd(out[ci].rq)
		gThr, gTT, gPC := 100*(tm/m0-1), 100*(1-tt/t0), 100*(1-pc/c0)
		tab.AddRow(c, pm(tm, ts), pm(tt, tts), pm(pc, pcs), pm(rq, rqs), gThr, gTT, gPC)
		thrM, thrS, ttM, ttS = append(thrM, tm), append(thrS, ts), append(ttM, tt), append(ttS, tts)
		res.Metric("throughput_"+keys[ci], tm)
		res.Metric("travel_time_"+keys[ci], tt)
		res.Metric("time_per_car_"+keys[ci], pc)
		if ci > 0 {
			res.Metric("throughput_gain_pct_"+keys[ci], gThr)
			res.Metric("travel_time_gain_pct_"+keys[ci], gTT)
		}
	}
	s := experiment.NewSeries("mean", nil, thrM)
	s.Err = experiment.Floats(thrS)
	thrBar.Series = []experiment.Series{s}
	s = experiment.NewSeries("mean", nil, ttM)
	s.Err = experiment.Floats(ttS)
	ttBar.Series = []experiment.Series{s}
	res.Tables = append(res.Tables, tab)
	res.Plots = append(res.Plots, thrBar, ttBar, fplot)
	res.Summary = fmt.Sprintf("Open road of L = %d cells (vmax = %d, p = %g), mainline demand %g and ramp demand %g cars per step, merge at cells %d–%d "+
		"(entered at speed ≤ %d), detector at cells %d–%d. Controllers update every %d steps; ALINEA set point %g, gain %g; forecast meter "+
		"closes to %g cars/step when the ridge forecast of the detector occupancy %d steps ahead exceeds %g.",
		p.L, p.Vmax, p.P, p.Inflow, p.RampDemand, p.MergeStart, p.MergeStart+p.MergeLen-1, p.MergeSpeed, p.DetectorStart, p.DetectorStart+p.DetectorLen-1,
		p.Interval, p.TargetOccupancy, p.Gain, p.MinRate, p.Horizon*p.Interval, p.TargetOccupancy)
	res.Notes = append(res.Notes,
		fmt.Sprintf("Forecaster (held-out no-control run): RMSE %.4g vs persistence %.4g (skill %.3g).", rmse, rmseP, 1-rmse/rmseP),
		"The Nagel-Schreckenberg model without slow-to-start rules has no strong capacity drop: the outflow of a jam is close to the road's "+
			"capacity, so holding ramp cars back mostly moves waiting from the road to the ramp. Metering pays off in models and on real roads "+
			"where a breakdown lowers the discharge rate; negative gains here are a property of the model, reported as measured.")
	return res, nil
}
