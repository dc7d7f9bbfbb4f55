package forecast_test

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/emergo/emergo/forecast"
)

// rotate is one step of the rotation by 0.3 rad of the plane, the rule of
// the series the oracle forecasts.
func rotate(dst, x []float64) {
	c, s := math.Cos(0.3), math.Sin(0.3)
	dst[0], dst[1] = c*x[0]-s*x[1], s*x[0]+c*x[1]
}

// rotation returns n rows of the rotation map from (1, 0).
func rotation(n int) *forecast.Block {
	x := make([]float64, 2*n)
	x[0] = 1
	for t := 1; t < n; t++ {
		rotate(x[2*t:2*t+2], x[2*t-2:2*t])
	}
	return forecast.NewBlock(x, 2)
}

// oracle forecasts the rotation map by iterating its rule from the last
// context row: the same arithmetic as the series, so its forecasts are
// exact to the last bit. Rollouts of diverge rows or more (diverge 0:
// none) fail with a *DivergedError at step diverge; with failRefill the
// rollout of the diverge−1 rows before it fails too.
type oracle struct {
	diverge    int
	failRefill bool
	calls      int
}

func (o *oracle) Name() string                                                { return "oracle" }
func (o *oracle) Fit(context.Context, *forecast.Block, *forecast.Block) error { return nil }
func (o *oracle) ContextLen() int                                             { return 1 }
func (o *oracle) Predict(c *forecast.Block, h int) (*forecast.Block, error) {
	o.calls++
	if o.diverge > 0 && h >= o.diverge {
		return nil, &forecast.DivergedError{Model: "oracle", Step: o.diverge, Horizon: h}
	}
	if o.failRefill && h == o.diverge-1 {
		return nil, errors.New("refill failed")
	}
	out := make([]float64, h*2)
	prev := c.Row(c.Rows - 1)
	for i := 0; i < h; i++ {
		rotate(out[2*i:2*i+2], prev)
		prev = out[2*i : 2*i+2]
	}
	return forecast.NewBlock(out, 2), nil
}

// constant forecasts every row as the same values.
type constant struct{ v []float64 }

func (c *constant) Name() string                                                { return "constant" }
func (c *constant) Fit(context.Context, *forecast.Block, *forecast.Block) error { return nil }
func (c *constant) ContextLen() int                                             { return 1 }
func (c *constant) Predict(_ *forecast.Block, h int) (*forecast.Block, error) {
	out := make([]float64, 0, h*len(c.v))
	for i := 0; i < h; i++ {
		out = append(out, c.v...)
	}
	return forecast.NewBlock(out, len(c.v)), nil
}

func fitted(t *testing.T, name string, train *forecast.Block) forecast.Forecaster {
	t.Helper()
	m, err := forecast.New(name, forecast.Spec{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Fit(context.Background(), train, nil); err != nil {
		t.Fatal(err)
	}
	return m
}

// Origins spreads k rows evenly over [lo, hi], ends included, with
// integer division, and returns every row when there are no more than k.
func TestOrigins(t *testing.T) {
	for _, c := range []struct {
		lo, hi, k int
		want      []int
	}{
		{50, 90, 5, []int{50, 60, 70, 80, 90}},
		{0, 10, 4, []int{0, 3, 6, 10}}, // 10/3 = 3, 20/3 = 6
		{5, 8, 10, []int{5, 6, 7, 8}},
		{7, 7, 3, []int{7}},
		{3, 9, 1, []int{3}},
		{9, 3, 4, nil},
	} {
		if got := forecast.Origins(c.lo, c.hi, c.k); !slices.Equal(got, c.want) {
			t.Errorf("Origins(%d, %d, %d) = %v, want %v", c.lo, c.hi, c.k, got, c.want)
		}
	}
}

// TrainStats: population standard deviation and mean by column; a
// constant column gets the scale 1.
func TestTrainStats(t *testing.T) {
	b := forecast.NewBlock([]float64{1, 5, 3, 5, 5, 5, 7, 5}, 2) // column 0: 1,3,5,7
	std, mean := forecast.TrainStats(b)
	if want := math.Sqrt(5); math.Abs(std[0]-want) > 1e-15 || std[1] != 1 {
		t.Errorf("std %v, want [√5 1]", std)
	}
	if mean[0] != 4 || mean[1] != 5 {
		t.Errorf("mean %v, want [4 5]", mean)
	}
}

// Exact case: a forecaster that reproduces the series has zero error, a
// valid prediction time equal to the horizon (censored in every rollout)
// and λ1·horizon·dt Lyapunov times.
func TestScorePerfect(t *testing.T) {
	x := rotation(100)
	std, mean := forecast.TrainStats(x.Slice(0, 50))
	opt := &forecast.ScoreOptions{From: 50, Horizon: 10, Origins: 5, Std: std, Mean: mean, DT: 0.1, Lyapunov: 2}
	s, err := forecast.Score(context.Background(), &oracle{}, x, opt)
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{50, 60, 70, 80, 90}; !slices.Equal(s.Origins, want) {
		t.Errorf("origins %v, want %v", s.Origins, want)
	}
	if s.NRMSE != 0 || s.SMAPE != 0 || s.OneStepRMS != 0 || s.OneStepNRMSE != 0 || s.OneStepMSE != 0 || s.Diverged != 0 {
		t.Errorf("a perfect forecast has errors: %+v", s)
	}
	for i, e := range s.ErrorGrowth {
		if e != 0 {
			t.Errorf("error growth at lead %d = %v, want 0", i+1, e)
		}
	}
	const tol = 1e-12
	if s.VPTSteps != 10 || s.VPTCensored != 5 || math.Abs(s.VPTTime-1) > tol || math.Abs(s.VPTLyapunov-2) > tol {
		t.Errorf("VPT %v steps, %v time, %v Lyapunov times, %d censored; want 10, 1, 2, 5", s.VPTSteps, s.VPTTime, s.VPTLyapunov, s.VPTCensored)
	}
	if s.OneStepRows != 50 {
		t.Errorf("%d one-step forecasts, want every one of the 50 rows", s.OneStepRows)
	}
	if !slices.Equal(s.First.X, x.Slice(50, 60).X) {
		t.Errorf("first forecast %v, want the rows 50-59", s.First.X)
	}
	// Without λ1 there are no Lyapunov times; OneStep caps the one-step
	// forecasts.
	opt.Lyapunov, opt.OneStep = 0, 7
	if s, err = forecast.Score(context.Background(), &oracle{}, x, opt); err != nil {
		t.Fatal(err)
	}
	if s.VPTLyapunov != 0 || s.OneStepRows != 7 {
		t.Errorf("VPTLyapunov %v and %d one-step rows, want 0 and 7", s.VPTLyapunov, s.OneStepRows)
	}
}

// Exact case: persistence of a constant series is perfect (the constant
// training column is scored with the scale 1).
func TestScorePersistenceConstant(t *testing.T) {
	x := forecast.NewBlock(slices.Repeat([]float64{3, -2}, 80), 2)
	train := x.Slice(0, 40)
	std, mean := forecast.TrainStats(train)
	s, err := forecast.Score(context.Background(), fitted(t, "persistence", train), x,
		&forecast.ScoreOptions{From: 40, Horizon: 8, Origins: 4, Std: std, Mean: mean})
	if err != nil {
		t.Fatal(err)
	}
	if s.NRMSE != 0 || s.SMAPE != 0 || s.VPTSteps != 8 || s.VPTTime != 8 || s.VPTCensored != 4 || s.OneStepNRMSE != 0 {
		t.Errorf("persistence of a constant: %+v", s)
	}
}

// Exact case: persistence of the ramp x_t = t errs by i at lead i, so
// with σ = 4 the normalised error is E(i) = i/4, the valid time (E < 0.5)
// is 1 step, the NRMSE of a rollout of h = 5 rows is √(Σ i²/5)/4 = √11/4
// and every one-step error is 1.
func TestScorePersistenceRamp(t *testing.T) {
	x := make([]float64, 60)
	for i := range x {
		x[i] = float64(i)
	}
	b := forecast.NewBlock(x, 1)
	s, err := forecast.Score(context.Background(), fitted(t, "persistence", b.Slice(0, 30)), b,
		&forecast.ScoreOptions{From: 30, Horizon: 5, Origins: 3, Std: []float64{4}, Mean: []float64{0}})
	if err != nil {
		t.Fatal(err)
	}
	const tol = 1e-15
	for i, e := range s.ErrorGrowth {
		if want := float64(i+1) / 4; math.Abs(e-want) > tol {
			t.Errorf("error at lead %d = %v, want %v", i+1, e, want)
		}
	}
	if want := math.Sqrt(11) / 4; math.Abs(s.NRMSE-want) > tol {
		t.Errorf("NRMSE %v, want √11/4 = %v", s.NRMSE, want)
	}
	if s.VPTSteps != 1 || s.VPTCensored != 0 {
		t.Errorf("VPT %v steps (%d censored), want 1 (0)", s.VPTSteps, s.VPTCensored)
	}
	if math.Abs(s.OneStepRMS-0.25) > tol || math.Abs(s.OneStepNRMSE-0.25) > tol || math.Abs(s.OneStepMSE-1) > tol {
		t.Errorf("one-step RMS %v, NRMSE %v, MSE %v; want 0.25, 0.25, 1", s.OneStepRMS, s.OneStepNRMSE, s.OneStepMSE)
	}
}

// Invariant: the normalised scores of persistence do not change when each
// column is rescaled and shifted, x_j → a_j x_j + c_j (a_j > 0), with the
// scale and mean taken from the transformed training rows.
func TestScoreAffineInvariance(t *testing.T) {
	x := ar2(400, 3)
	y := forecast.NewBlock(slices.Clone(x.X), x.Dim)
	for i := 0; i < y.Rows; i++ {
		for j := range y.Row(i) {
			y.Row(i)[j] = float64(3+j)*y.Row(i)[j] + 7
		}
	}
	score := func(b *forecast.Block) *forecast.Scores {
		std, mean := forecast.TrainStats(b.Slice(0, 300))
		s, err := forecast.Score(context.Background(), fitted(t, "persistence", b.Slice(0, 300)), b,
			&forecast.ScoreOptions{From: 300, Horizon: 20, Origins: 6, Std: std, Mean: mean})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	a, b := score(x), score(y)
	const rtol = 1e-12
	close := func(u, v float64) bool { return math.Abs(u-v) <= rtol*math.Abs(u) }
	if !close(a.NRMSE, b.NRMSE) || !close(a.OneStepRMS, b.OneStepRMS) || !close(a.OneStepNRMSE, b.OneStepNRMSE) ||
		a.VPTSteps != b.VPTSteps || a.VPTCensored != b.VPTCensored {
		t.Errorf("scores change under x → ax + c:\n%+v\n%+v", a, b)
	}
	for i := range a.ErrorGrowth {
		if !close(a.ErrorGrowth[i], b.ErrorGrowth[i]) {
			t.Errorf("error growth at lead %d: %v vs %v", i+1, a.ErrorGrowth[i], b.ErrorGrowth[i])
		}
	}
	if a.NRMSE == 0 || a.VPTSteps == 0 {
		t.Errorf("persistence of an AR(2) series should err: %+v", a)
	}
}

// A rollout diverging at step s keeps its s−1 good rows and is completed
// with Mean; one that diverges at once scores exactly as a forecaster of
// the mean. When the good rows cannot be forecast again, the strict mode
// returns the error and the lenient one leaves them zero.
func TestScoreDiverged(t *testing.T) {
	x := rotation(100)
	std, mean := forecast.TrainStats(x.Slice(0, 50))
	opt := func() *forecast.ScoreOptions {
		return &forecast.ScoreOptions{From: 50, Horizon: 10, Origins: 5, Std: std, Mean: mean}
	}
	ctx := context.Background()
	s, err := forecast.Score(ctx, &oracle{diverge: 4}, x, opt())
	if err != nil {
		t.Fatal(err)
	}
	if s.Diverged != 5 {
		t.Errorf("%d diverged rollouts, want 5", s.Diverged)
	}
	want := slices.Concat(x.Slice(50, 53).X, slices.Repeat(mean, 7))
	if !slices.Equal(s.First.X, want) {
		t.Errorf("completed rollout %v, want %v", s.First.X, want)
	}
	if s.VPTSteps != 3 || s.ErrorGrowth[2] != 0 {
		t.Errorf("the 3 good rows should be exact: VPT %v, growth %v", s.VPTSteps, s.ErrorGrowth)
	}

	d, err := forecast.Score(ctx, &oracle{diverge: 1}, x, opt())
	if err != nil {
		t.Fatal(err)
	}
	c, err := forecast.Score(ctx, &constant{v: mean}, x, opt())
	if err != nil {
		t.Fatal(err)
	}
	if d.NRMSE != c.NRMSE || d.SMAPE != c.SMAPE || d.VPTSteps != c.VPTSteps || d.OneStepNRMSE != c.OneStepNRMSE ||
		!slices.Equal(d.ErrorGrowth, c.ErrorGrowth) || d.Diverged != 5 || c.Diverged != 0 {
		t.Errorf("diverging at once should score as the mean:\n%+v\n%+v", d, c)
	}

	if _, err := forecast.Score(ctx, &oracle{diverge: 4, failRefill: true}, x, opt()); err == nil ||
		!strings.Contains(err.Error(), "oracle: forecast from row 50: refill failed") {
		t.Errorf("strict refill: error %v, want the refill's failure", err)
	}
	lo := opt()
	lo.LenientRefill, lo.Name = true, "my model"
	l, err := forecast.Score(ctx, &oracle{diverge: 4, failRefill: true}, x, lo)
	if err != nil {
		t.Fatal(err)
	}
	if want := slices.Concat(make([]float64, 6), slices.Repeat(mean, 7)); !slices.Equal(l.First.X, want) {
		t.Errorf("lenient refill %v, want %v", l.First.X, want)
	}
}

// Bad options are errors naming the problem, and a cancelled context
// stops scoring.
func TestScoreErrors(t *testing.T) {
	x := rotation(100)
	std, mean := forecast.TrainStats(x.Slice(0, 50))
	good := forecast.ScoreOptions{From: 50, Horizon: 10, Origins: 5, Std: std, Mean: mean}
	for _, c := range []struct {
		edit func(o *forecast.ScoreOptions)
		want string
	}{
		{func(o *forecast.ScoreOptions) { o.To = 101 }, "not within the series' 100 rows"},
		{func(o *forecast.ScoreOptions) { o.From = -1 }, "scored rows [-1, 100)"},
		{func(o *forecast.ScoreOptions) { o.Horizon = 51 }, "horizon 51"},
		{func(o *forecast.ScoreOptions) { o.Horizon = 0 }, "horizon 0"},
		{func(o *forecast.ScoreOptions) { o.Origins = 0 }, "origins must be at least 1"},
		{func(o *forecast.ScoreOptions) { o.OneStep = -2 }, "one-step forecasts must be non-negative"},
		{func(o *forecast.ScoreOptions) { o.Std = std[:1] }, "1 scales (Std) for 2 columns"},
		{func(o *forecast.ScoreOptions) { o.Mean = nil }, "0 means (Mean) for 2 columns"},
		{func(o *forecast.ScoreOptions) { o.From = 0; o.To = 10; o.Horizon = 10 }, "no forecast origin"},
	} {
		o := good
		c.edit(&o)
		if _, err := forecast.Score(context.Background(), &oracle{}, x, &o); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("error %v, want one containing %q", err, c.want)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	m := &oracle{}
	if _, err := forecast.Score(ctx, m, x, &good); !errors.Is(err, context.Canceled) || m.calls != 0 {
		t.Errorf("cancelled: error %v after %d forecasts, want context.Canceled before any", err, m.calls)
	}
}
