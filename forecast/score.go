package forecast

import (
	"context"
	"errors"
	"fmt"
	"math"
)

// ScoreOptions configures Score: which rows of a series are forecast and
// how the forecasts are scored.
type ScoreOptions struct {
	// From and To delimit the scored rows [From, To) of the series (its
	// test part); To = 0 means the end of the series.
	From, To int
	// Horizon is the number of rows each rollout forecasts autonomously,
	// 1 ≤ Horizon ≤ To − From.
	Horizon int
	// Origins is the largest number of rollouts (at least 1). Their first
	// forecast rows are Origins(max(From, cl), To − Horizon, Origins),
	// with cl the model's context length.
	Origins int
	// OneStep is the largest number of one-step forecasts, at
	// Origins(max(From, cl), To − 1, OneStep); 0 forecasts every row.
	OneStep int
	// Std is the per-column scale σ_j of the errors (required; usually
	// the first result of TrainStats).
	Std []float64
	// Mean holds the values a diverged rollout is completed with from the
	// diverged row on (required; usually the training means, the second
	// result of TrainStats).
	Mean []float64
	// DT is the sampling interval in time units (0: 1).
	DT float64
	// Lyapunov is the largest Lyapunov exponent λ1 per time unit; ≤ 0
	// means unknown, and Scores.VPTLyapunov is then 0.
	Lyapunov float64
	// Threshold is the normalised error ending the valid prediction time
	// (0: 0.5, as in ValidTime).
	Threshold float64
	// LenientRefill changes what happens when the rows before a diverged
	// row cannot be forecast again (see Rollout): false returns the
	// error; true leaves those rows zero and goes on. The command line
	// uses false, the study pipeline true; with deterministic models the
	// second forecast never fails, and both give the same numbers.
	LenientRefill bool
	// Name prefixes error messages (default: the model's Name()).
	Name string
}

// Scores are the forecast scores of one model on the rows of a series,
// averaged over the rollouts unless said otherwise.
type Scores struct {
	// Origins holds the first forecast row of each rollout.
	Origins []int
	// NRMSE is the mean over the rollouts of NRMSE (per-column RMSE over
	// the horizon divided by Std, averaged over the columns).
	NRMSE float64
	// SMAPE is the mean of SMAPE (0-200).
	SMAPE float64
	// VPTSteps, VPTTime and VPTLyapunov are the mean valid prediction
	// time (ValidTime) in steps, time units and Lyapunov times (0 when
	// Lyapunov is unknown).
	VPTSteps, VPTTime, VPTLyapunov float64
	// VPTCensored counts the rollouts whose error stayed below the
	// threshold over the whole horizon (their VPT is a lower bound).
	VPTCensored int
	// Diverged counts the rollouts that diverged; their rows from the
	// diverged one on are scored as Mean.
	Diverged int
	// ErrorGrowth is the mean normalised error (LeadErrors) at each lead
	// 1..Horizon.
	ErrorGrowth []float64
	// First is the forecast from Origins[0] (completed if it diverged).
	First *Block
	// OneStepRows is the number of one-step forecasts.
	OneStepRows int
	// OneStepRMS is the root mean square of the normalised errors of the
	// one-step forecasts, √((1/n) Σ_t E(t)²) with E of LeadErrors.
	OneStepRMS float64
	// OneStepNRMSE is NRMSE of all one-step forecasts against their
	// truth, with the scale Std.
	OneStepNRMSE float64
	// OneStepMSE is MSE of all one-step forecasts (physical units).
	OneStepMSE float64
}

// TrainStats returns the per-column scale and mean of a training block,
// as Score wants them: std is the population standard deviation (Std),
// with 1 for a constant or non-finite column so that such a column is
// scored in its own units, and mean is the column mean.
func TrainStats(train *Block) (std, mean []float64) {
	std = Std(train)
	for j, s := range std {
		if !(s > 0) {
			std[j] = 1
		}
	}
	mean = make([]float64, train.Dim)
	for i := 0; i < train.Rows; i++ {
		for j, v := range train.Row(i) {
			mean[j] += v / float64(train.Rows)
		}
	}
	return std, mean
}

// Origins returns k row indices spread evenly over [lo, hi], both ends
// included (lo + i·(hi−lo)/(k−1), integer division), or every row when
// the range holds no more than k. It returns nil when hi < lo.
func Origins(lo, hi, k int) []int {
	if hi < lo {
		return nil
	}
	k = min(k, hi-lo+1)
	out := make([]int, k)
	for i := range out {
		if k > 1 {
			out[i] = lo + i*(hi-lo)/(k-1)
		} else {
			out[i] = lo
		}
	}
	return out
}

// LeadErrors returns the normalised error of each row of a forecast,
//
//	E(t) = √( (1/d) Σ_j (ŷ_j(t) − y_j(t))² / σ_j² ),
//
// the error whose crossing of a threshold ends the valid prediction time
// (ValidTime; Vlachas et al. 2020). std gives σ_j.
func LeadErrors(truth, pred *Block, std []float64) []float64 {
	checkPair("LeadErrors", truth, pred)
	if len(std) != truth.Dim {
		panic(fmt.Sprintf("forecast: LeadErrors with %d scales for %d columns", len(std), truth.Dim))
	}
	out := make([]float64, truth.Rows)
	for i := range out {
		t, p := truth.Row(i), pred.Row(i)
		var ss float64
		for j := range t {
			d := (p[j] - t[j]) / std[j]
			ss += d * d
		}
		out[i] = math.Sqrt(ss / float64(len(t)))
	}
	return out
}

// Rollout forecasts the h rows of x from row at on, from the model's
// context of rows before it. A rollout that diverges (a *DivergedError
// at step s) is completed: rows before s are forecast again (a rollout
// of s−1 rows) and rows from s on are o.Mean; the second result is then
// true. Other errors are returned as they are.
func (o *ScoreOptions) Rollout(m Forecaster, x *Block, at, h int) (*Block, bool, error) {
	c := x.Slice(at-m.ContextLen(), at)
	p, err := m.Predict(c, h)
	var de *DivergedError
	if !errors.As(err, &de) {
		return p, false, err
	}
	out := make([]float64, h*x.Dim)
	if de.Step > 1 {
		q, err := m.Predict(c, de.Step-1)
		switch {
		case err == nil:
			copy(out, q.X)
		case !o.LenientRefill:
			return nil, true, err
		}
	}
	for k := max(de.Step-1, 0); k < h; k++ {
		copy(out[k*x.Dim:], o.Mean)
	}
	return NewBlock(out, x.Dim), true, nil
}

// check validates o for a series of dim columns and rows rows, and
// returns the end of the scored rows.
func (o *ScoreOptions) check(rows, dim int) (int, error) {
	to := o.To
	if to == 0 {
		to = rows
	}
	switch {
	case o.From < 0 || to > rows || o.From >= to:
		return 0, fmt.Errorf("forecast: scored rows [%d, %d) are not within the series' %d rows", o.From, to, rows)
	case o.Horizon < 1 || o.Horizon > to-o.From:
		return 0, fmt.Errorf("forecast: horizon %d must be between 1 and the %d scored rows", o.Horizon, to-o.From)
	case o.Origins < 1:
		return 0, fmt.Errorf("forecast: origins must be at least 1, got %d", o.Origins)
	case o.OneStep < 0:
		return 0, fmt.Errorf("forecast: one-step forecasts must be non-negative, got %d", o.OneStep)
	case len(o.Std) != dim:
		return 0, fmt.Errorf("forecast: %d scales (Std) for %d columns", len(o.Std), dim)
	case len(o.Mean) != dim:
		return 0, fmt.Errorf("forecast: %d means (Mean) for %d columns", len(o.Mean), dim)
	}
	return to, nil
}

// Score forecasts the rows [From, To) of x with a fitted model and scores
// the forecasts, in two ways:
//
//   - rollouts: from up to Origins rows spread evenly over the scored rows
//     (the first from max(From, cl), the last ending at To), the model
//     forecasts Horizon rows autonomously; NRMSE, SMAPE, the valid
//     prediction time (ValidTime with Std, DT, Lyapunov and Threshold) and
//     the error growth are averaged over the rollouts;
//   - one-step forecasts: of up to OneStep rows (every row by default),
//     each from the true rows before it.
//
// A diverged forecast is completed with Mean (see Rollout) and scored.
// Score checks ctx between forecasts and returns ctx.Err() when it is
// done; invalid options and rows that leave no rollout are errors.
//
// References:
//
//	Vlachas, P. R. et al. (2020). Backpropagation algorithms and
//	  reservoir computing in recurrent neural networks for the forecasting
//	  of complex spatiotemporal dynamics. Neural Netw. 126, 191-217.
func Score(ctx context.Context, m Forecaster, x *Block, opt *ScoreOptions) (*Scores, error) {
	if m == nil || x == nil || opt == nil {
		return nil, errors.New("forecast: Score needs a model, a series and options")
	}
	to, err := opt.check(x.Rows, x.Dim)
	if err != nil {
		return nil, err
	}
	name := opt.Name
	if name == "" {
		name = m.Name()
	}
	h := opt.Horizon
	lo := max(opt.From, m.ContextLen())
	org := Origins(lo, to-h, opt.Origins)
	if len(org) == 0 {
		return nil, fmt.Errorf("%s: no forecast origin: a context of %d rows and a horizon of %d do not fit in rows [%d, %d)",
			name, m.ContextLen(), h, opt.From, to)
	}
	lam := max(opt.Lyapunov, 0)
	vo := &VPTOptions{Std: opt.Std, DT: opt.DT, Lyapunov: lam, Threshold: opt.Threshold}
	s := &Scores{Origins: org, ErrorGrowth: make([]float64, h)}
	var lt float64
	for k, at := range org {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		p, div, err := opt.Rollout(m, x, at, h)
		if err != nil {
			return nil, fmt.Errorf("%s: forecast from row %d: %w", name, at, err)
		}
		if div {
			s.Diverged++
		}
		if k == 0 {
			s.First = p
		}
		truth := x.Slice(at, at+h)
		for i, e := range LeadErrors(truth, p, opt.Std) {
			s.ErrorGrowth[i] += e / float64(len(org))
		}
		s.NRMSE += NRMSE(truth, p, opt.Std)
		s.SMAPE += SMAPE(truth, p)
		v := ValidTime(truth, p, vo)
		s.VPTSteps += float64(v.Steps)
		s.VPTTime += v.Time
		lt += v.LyapunovTimes
		if v.Censored {
			s.VPTCensored++
		}
	}
	k := float64(len(org))
	s.NRMSE /= k
	s.SMAPE /= k
	s.VPTSteps /= k
	s.VPTTime /= k
	if lam > 0 {
		s.VPTLyapunov = lt / k
	}

	// One-step forecasts.
	n1 := opt.OneStep
	if n1 == 0 {
		n1 = to - lo
	}
	one := Origins(lo, to-1, n1)
	s.OneStepRows = len(one)
	preds := make([]float64, 0, len(one)*x.Dim)
	truths := make([]float64, 0, len(one)*x.Dim)
	var se float64
	for i, at := range one {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		p, _, err := opt.Rollout(m, x, at, 1)
		if err != nil {
			return nil, fmt.Errorf("%s: one-step forecast of row %d: %w", name, at, err)
		}
		truth := x.Slice(at, at+1)
		e := LeadErrors(truth, p, opt.Std)[0]
		se += e * e
		preds = append(preds, p.X...)
		truths = append(truths, truth.X...)
	}
	s.OneStepRMS = math.Sqrt(se / float64(len(one)))
	tb, pb := NewBlock(truths, x.Dim), NewBlock(preds, x.Dim)
	s.OneStepNRMSE = NRMSE(tb, pb, opt.Std)
	s.OneStepMSE = MSE(tb, pb)
	return s, nil
}
