package emergence

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"
)

// Label is the outcome of Assess.
type Label int

const (
	// Inconclusive: the data cannot decide (too few or too sparse scales,
	// no baseline, in-sample and held-out evidence disagree).
	Inconclusive Label = iota
	// NotEmergent: smooth scaling, a jump that does not survive a
	// continuous metric (a mirage), or no gain over trivial baselines.
	NotEmergent
	// Emergent: a sharp transition that survives every continuous metric,
	// is resolved by the sampled scales and exceeds trivial baselines.
	Emergent
)

func (l Label) String() string {
	switch l {
	case Inconclusive:
		return "inconclusive"
	case NotEmergent:
		return "not emergent"
	case Emergent:
		return "emergent"
	}
	return fmt.Sprintf("Label(%d)", int(l))
}

// Default thresholds of Assess.
const (
	// DefaultNarrowFraction: a transition is sharp when its 10–90% width
	// in ln x is at most a quarter of the sampled range of ln x.
	DefaultNarrowFraction = 0.25
	// DefaultMinScalesInTransition: a transition is resolved when at
	// least 3 sampled scales fall inside its 10–90% window, so the rise
	// itself (not only its two ends) is observed: two points bound a step
	// of any width between them, a third inside pins the width.
	DefaultMinScalesInTransition = 3
	// DefaultMinScales: fewer scales cannot support the 4-parameter
	// sigmoid with one scale held out.
	DefaultMinScales = 6
	// DefaultMinJumpFraction: the fitted change inside the transition
	// window must cover at least half the range of the per-scale means.
	DefaultMinJumpFraction = 0.5
	// DefaultAICMargin: the in-sample evidence for a transition is strong
	// when the sharp model's AICc beats the best smooth model's by 10
	// (Burnham & Anderson 2002: ΔAIC > 10, essentially no support).
	DefaultAICMargin = 10.0
	// DefaultLevel is the confidence level of the capability interval.
	DefaultLevel = 0.95
)

// AssessOptions configures Assess; nil (or zero fields) means the
// defaults above, LOSO comparison of all models and seed 0.
type AssessOptions struct {
	Fit                   FitOptions
	NarrowFraction        float64
	MinScalesInTransition int
	MinScales             int
	MinJumpFraction       float64
	AICMargin             float64
	Level                 float64
	// Resamples for the capability interval; 0 means 2000.
	Resamples int
}

func (o *AssessOptions) orDefault() AssessOptions {
	var c AssessOptions
	if o != nil {
		c = *o
	}
	def := func(v *float64, d float64) {
		if *v == 0 {
			*v = d
		}
	}
	def(&c.NarrowFraction, DefaultNarrowFraction)
	def(&c.MinJumpFraction, DefaultMinJumpFraction)
	def(&c.AICMargin, DefaultAICMargin)
	def(&c.Level, DefaultLevel)
	if c.MinScalesInTransition == 0 {
		c.MinScalesInTransition = DefaultMinScalesInTransition
	}
	if c.MinScales == 0 {
		c.MinScales = DefaultMinScales
	}
	if c.Resamples == 0 {
		c.Resamples = 2000
	}
	return c
}

// Transition describes the best-supported sharp fit of a curve.
type Transition struct {
	Model Model
	// Centre is the scale at the middle of the transition (where half
	// the fitted variation over the sampled range is reached); Width the
	// width in ln x of the window holding its middle 80% (the 10–90%
	// rise of a sigmoid) and WidthFraction that width over the sampled
	// range of ln x.
	Centre, Width, WidthFraction float64
	// ScalesInside counts the sampled scales inside the 10–90% window.
	ScalesInside int
	// Change is the fitted curve's variation inside the window and Size
	// that change over the range of the per-scale means.
	Change, Size float64
	// Narrow (WidthFraction ≤ NarrowFraction), Inside (sampled scales
	// below and above the window) and Substantial (Size ≥
	// MinJumpFraction) make the transition sharp.
	Narrow, Inside, Substantial bool
}

// curveTransition locates the transition of a fitted curve numerically on
// the sampled range [ln x_min, ln x_max]: with C(u) the cumulative total
// variation of the fitted mean ŷ from u_min, the 10%, 50% and 90% points
// of C give the window [u₁₀, u₉₀] (Width = u₉₀ − u₁₀) and the Centre
// e^{u₅₀}; Change is the variation inside the window. For a sigmoid
// centred well inside the range this is its own 10–90% rise, 2·ln 9·w; it
// treats the broken power law (which can also take a generalised
// logistic shape) the same way. Inside requires a sampled scale strictly
// below u₁₀ and one strictly above u₉₀, so the curve is observed before
// and after the transition.
func curveTransition(f *Fit, scales []float64) Transition {
	const grid = 4000
	u0, u1 := math.Log(scales[0]), math.Log(scales[len(scales)-1])
	h := (u1 - u0) / grid
	cum := make([]float64, grid+1)
	prev := f.Predict(scales[0])
	for i := 1; i <= grid; i++ {
		y := f.Predict(math.Exp(u0 + float64(i)*h))
		cum[i] = cum[i-1] + math.Abs(y-prev)
		prev = y
	}
	tv := cum[grid]
	at := func(p float64) float64 {
		target := p * tv
		for i := 1; i <= grid; i++ {
			if cum[i] >= target {
				if cum[i] == cum[i-1] {
					return u0 + float64(i)*h
				}
				fr := (target - cum[i-1]) / (cum[i] - cum[i-1])
				return u0 + (float64(i-1)+fr)*h
			}
		}
		return u1
	}
	t := Transition{Model: f.Model}
	if !(tv > 0) {
		t.Centre, t.Width = math.Sqrt(scales[0]*scales[len(scales)-1]), u1-u0
		return t
	}
	a, m, b := at(0.1), at(0.5), at(0.9)
	t.Centre, t.Width, t.Change = math.Exp(m), b-a, 0.8*tv
	below, above := false, false
	for _, x := range scales {
		u := math.Log(x)
		switch {
		case u < a:
			below = true
		case u > b:
			above = true
		default:
			t.ScalesInside++
		}
	}
	t.Inside = below && above
	return t
}

// MetricReport is the analysis of one curve.
type MetricReport struct {
	Name       string
	Continuous bool
	Comparison *Comparison
	// Transition is the sharp model with the larger held-out likelihood.
	Transition Transition
	// Sharp: a sharp model wins the held-out comparison and its
	// transition is narrow, inside the range and substantial.
	Sharp bool
	// Suggested: the sharp model's AICc beats the best smooth model's by
	// AICMargin and its transition is narrow, inside and substantial.
	Suggested bool
	// Resolved: at least MinScalesInTransition scales inside the window.
	Resolved bool
	// Capability is the mean metric at the largest scale with a bootstrap
	// interval over its replicates (±z·σ of the best fit when there is a
	// single replicate); BestBaseline the best trivial baseline and
	// BeatsBaseline whether the interval clears it.
	Capability    Interval
	BestBaseline  float64
	HasBaseline   bool
	BeatsBaseline bool
}

// Jump reports whether the curve shows a transition by either criterion.
func (m *MetricReport) Jump() bool { return m.Sharp || m.Suggested }

// Verdict is the result of Assess: a label, whether the apparent jump is
// a metric mirage, the reasons in words and the numbers behind them.
type Verdict struct {
	Label   Label
	Mirage  bool
	Reasons []string
	Metrics []MetricReport
}

func (v Verdict) String() string {
	s := v.Label.String()
	if v.Mirage {
		s += " (mirage)"
	}
	return s + ": " + strings.Join(v.Reasons, "; ")
}

// Assess decides whether a capability is emergent from curves of the same
// model outputs scored by several metrics (typically from Sweep): at
// least one continuous metric, optionally discontinuous ones. Each curve
// is compared across models by held-out likelihood (Compare) and by AICc.
// Its transition is located on the best sharp fit (sigmoid or broken
// power law) by curveTransition: the window holding the middle 80% of the
// fitted curve's variation over the sampled range. A curve jumps when
// that window is narrow (width ≤ NarrowFraction of the ln-scale range),
// observed on both sides (a sampled scale below and above it) and
// substantial (its change ≥ MinJumpFraction of the range of the
// per-scale means), and either a sharp model wins the held-out comparison
// (Sharp) or beats every smooth model by AICMargin in AICc (Suggested).
// The label follows Schaeffer et al. (2023) and the three conditions of
// emergence (the jump survives continuous metrics, dense sampling, and
// trivial baselines):
//
//  1. Fewer than MinScales scales on any curve: inconclusive.
//  2. No continuous metric jumps: not emergent — a mirage if a
//     discontinuous metric jumps, smooth scaling otherwise.
//  3. A jumping continuous metric whose window holds fewer than
//     MinScalesInTransition scales: inconclusive (dense sampling needed).
//  4. Some continuous metrics jump and others scale smoothly: not
//     emergent (mirage): the jump depends on the metric.
//  5. A jump suggested in-sample but not confirmed on held-out scales:
//     inconclusive.
//  6. No continuous metric has baselines: inconclusive. Otherwise the
//     capability at the largest scale (bootstrap interval at Level) must
//     clear the best baseline on every continuous metric that has them,
//     else not emergent.
//  7. Otherwise emergent.
//
// Each curve is fitted with seed Fit.Seed + its index. Errors are those
// of Compare for malformed curves.
func Assess(curves []Curve, opt *AssessOptions) (Verdict, error) {
	o := opt.orDefault()
	var v Verdict
	nCont := 0
	for _, c := range curves {
		if _, _, err := c.validate(); err != nil {
			return Verdict{}, err
		}
		if c.Continuous {
			nCont++
		}
		if len(c.Scale) < o.MinScales {
			v.Label = Inconclusive
			v.Reasons = append(v.Reasons, fmt.Sprintf("%q has %d scales; at least %d are needed to compare a 4-parameter transition with smooth scaling on held-out scales", c.Name, len(c.Scale), o.MinScales))
		}
	}
	if nCont == 0 {
		v.Reasons = append(v.Reasons, "no continuous metric given: a jump cannot be told from a metric artefact (Schaeffer et al. 2023)")
		return v, nil
	}
	if len(v.Reasons) > 0 {
		return v, nil
	}
	for i, c := range curves {
		fo := o.Fit
		fo.Seed = o.Fit.Seed + uint64(i)
		rep, err := analyse(c, &fo, o)
		if err != nil {
			return Verdict{}, err
		}
		v.Metrics = append(v.Metrics, rep)
	}
	var jumpCont, smoothCont, jumpDisc []*MetricReport
	for i := range v.Metrics {
		m := &v.Metrics[i]
		switch {
		case m.Continuous && m.Jump():
			jumpCont = append(jumpCont, m)
		case m.Continuous:
			smoothCont = append(smoothCont, m)
		case m.Jump():
			jumpDisc = append(jumpDisc, m)
		}
	}
	// 2. No continuous jump.
	if len(jumpCont) == 0 {
		v.Label = NotEmergent
		for _, m := range jumpDisc {
			v.Mirage = true
			v.Reasons = append(v.Reasons, fmt.Sprintf("%q jumps (%s) but no continuous metric does", m.Name, describeJump(m)))
		}
		for _, m := range smoothCont {
			v.Reasons = append(v.Reasons, fmt.Sprintf("continuous metric %q scales smoothly (%s)", m.Name, describeSmooth(m)))
		}
		return v, nil
	}
	// 3. Resolution.
	for _, m := range jumpCont {
		if !m.Resolved {
			v.Label = Inconclusive
			t := m.Transition
			v.Reasons = append(v.Reasons, fmt.Sprintf("%q shows a transition near scale %.4g of width %.3g in ln x but only %d sampled scales fall inside it (need %d): sample the scales more densely",
				m.Name, t.Centre, t.Width, t.ScalesInside, o.MinScalesInTransition))
		}
	}
	if len(v.Reasons) > 0 {
		return v, nil
	}
	// 4. Metric dependence.
	if len(smoothCont) > 0 {
		v.Label, v.Mirage = NotEmergent, true
		for _, m := range smoothCont {
			v.Reasons = append(v.Reasons, fmt.Sprintf("continuous metric %q scales smoothly (%s) while %q jumps: the transition depends on the metric", m.Name, describeSmooth(m), jumpCont[0].Name))
		}
		return v, nil
	}
	// 5. Held-out confirmation.
	for _, m := range jumpCont {
		if !m.Sharp {
			v.Label = Inconclusive
			v.Reasons = append(v.Reasons, fmt.Sprintf("%q: in-sample fit favours a transition (%s) but held-out likelihood prefers the %s", m.Name, describeJump(m), m.Comparison.Best))
		}
	}
	if len(v.Reasons) > 0 {
		return v, nil
	}
	// 6. Baselines.
	anyBase := false
	for _, m := range jumpCont {
		if !m.HasBaseline {
			continue
		}
		anyBase = true
		if !m.BeatsBaseline {
			v.Label = NotEmergent
			v.Reasons = append(v.Reasons, fmt.Sprintf("%q at the largest scale is %.4g [%.4g, %.4g], not clear of the trivial baseline %.4g",
				m.Name, m.Capability.Estimate, m.Capability.Lo, m.Capability.Hi, m.BestBaseline))
		}
	}
	if !anyBase {
		v.Label = Inconclusive
		v.Reasons = append(v.Reasons, "no trivial baseline given for a continuous metric: cannot tell a capability from what a trivial forecaster achieves")
		return v, nil
	}
	if len(v.Reasons) > 0 {
		return v, nil
	}
	v.Label = Emergent
	for _, m := range jumpCont {
		v.Reasons = append(v.Reasons, fmt.Sprintf("%q: %s; capability %.4g [%.4g, %.4g] vs baseline %.4g",
			m.Name, describeJump(m), m.Capability.Estimate, m.Capability.Lo, m.Capability.Hi, m.BestBaseline))
	}
	return v, nil
}

func describeJump(m *MetricReport) string {
	t := m.Transition
	return fmt.Sprintf("%s at scale %.4g, 10–90%% width %.3g in ln x = %.0f%% of the range, %d scales inside",
		t.Model, t.Centre, t.Width, 100*t.WidthFraction, t.ScalesInside)
}

func describeSmooth(m *MetricReport) string {
	c := m.Comparison
	s := fmt.Sprintf("held-out best %s", c.Best)
	if f := c.Fit(m.Transition.Model); f != nil {
		s += fmt.Sprintf("; best sharp fit %s has width %.0f%% of the range", f.Model, 100*m.Transition.WidthFraction)
	}
	return s
}

// analyse compares the models on one curve and derives its report.
func analyse(c Curve, fo *FitOptions, o AssessOptions) (MetricReport, error) {
	cmp, err := Compare(c, fo)
	if err != nil {
		return MetricReport{}, err
	}
	rep := MetricReport{Name: c.Name, Continuous: c.Continuous, Comparison: cmp}
	lnRange := math.Log(c.Scale[len(c.Scale)-1] / c.Scale[0])
	means := c.Means()
	lo, hi := means[0], means[0]
	for _, v := range means {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	// The sharp model with the larger held-out likelihood.
	var sharp *Fit
	for _, f := range cmp.Fits {
		if f.Model.Sharp() && (sharp == nil || f.HeldOut > sharp.HeldOut || math.IsNaN(sharp.HeldOut)) {
			sharp = f
		}
	}
	bestSmoothAIC, bestSharpAIC := math.Inf(1), math.Inf(1)
	for _, f := range cmp.Fits {
		if f.Model.Sharp() {
			bestSharpAIC = math.Min(bestSharpAIC, f.AICc)
		} else {
			bestSmoothAIC = math.Min(bestSmoothAIC, f.AICc)
		}
	}
	if sharp != nil {
		t := curveTransition(sharp, c.Scale)
		t.WidthFraction = t.Width / lnRange
		if hi > lo {
			t.Size = t.Change / (hi - lo)
		}
		t.Narrow = t.WidthFraction <= o.NarrowFraction
		t.Substantial = t.Size >= o.MinJumpFraction
		rep.Transition = t
		ok := t.Narrow && t.Inside && t.Substantial
		rep.Sharp = ok && cmp.Best.Sharp()
		rep.Suggested = ok && bestSharpAIC <= bestSmoothAIC-o.AICMargin
		rep.Resolved = t.ScalesInside >= o.MinScalesInTransition
	}
	// Capability at the largest scale.
	top := c.Values[len(c.Values)-1]
	if len(top) >= 2 {
		rep.Capability = MeanInterval(top, o.Resamples, o.Level, fo.Seed)
	} else {
		z := distuv.UnitNormal.Quantile((1 + o.Level) / 2)
		best := cmp.Fit(cmp.Best)
		if best == nil {
			best = cmp.Fits[0]
		}
		m := top[0]
		rep.Capability = Interval{m, m - z*best.Sigma, m + z*best.Sigma}
	}
	if len(c.Baselines) > 0 {
		rep.HasBaseline = true
		b := c.Baselines[0]
		for _, v := range c.Baselines {
			if c.LowerIsBetter {
				b = math.Min(b, v)
			} else {
				b = math.Max(b, v)
			}
		}
		rep.BestBaseline = b
		if c.LowerIsBetter {
			rep.BeatsBaseline = rep.Capability.Hi < b
		} else {
			rep.BeatsBaseline = rep.Capability.Lo > b
		}
	}
	return rep, nil
}
