package svg

import (
	"math"
	"strconv"
	"strings"
)

// NiceTicks returns the ticks inside [lo, hi] at the smallest step of the
// form {1, 2, 5}·10^k that gives at most n ticks, and that step. Tick
// values are multiples of the step, cleaned of binary noise (0.3, not
// 0.30000000000000004). lo > hi are swapped; lo = hi gives the one value
// and step 0; non-finite bounds give nil.
func NiceTicks(lo, hi float64, n int) ([]float64, float64) {
	if !finite(lo) || !finite(hi) {
		return nil, 0
	}
	if lo > hi {
		lo, hi = hi, lo
	}
	if lo == hi {
		return []float64{lo}, 0
	}
	n = max(n, 2)
	const eps = 1e-9
	e := math.Floor(math.Log10((hi - lo) / float64(n)))
	for ; ; e++ {
		p := math.Pow(10, e)
		for _, m := range []float64{1, 2, 5} {
			step := m * p
			k0, k1 := math.Ceil(lo/step-eps), math.Floor(hi/step+eps)
			if k1-k0+1 > float64(n) {
				continue
			}
			out := make([]float64, 0, int(k1-k0)+1)
			for k := k0; k <= k1; k++ {
				out = append(out, clean(k*step))
			}
			return out, step
		}
	}
}

// clean rounds away binary noise from a tick value.
func clean(v float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 12, 64), 64)
	if r == 0 {
		return 0
	}
	return r
}

// LogTicks returns the major and minor ticks of a logarithmic axis over
// [lo, hi] (0 < lo < hi) with at most maxMajor major ticks. With three or
// more decades inside the range, the majors are the decades 10^k (every
// s-th decade when there are more than maxMajor; the skipped ones become
// minors) and the minors are m·10^k, m = 2…9 (only when minors is true);
// decades reports this case. Narrower ranges take majors at the values
// 1, 2 and 5 times 10^k when there are 3 to maxMajor of them (minors at
// the other integers times 10^k), else the decades when two are inside,
// else linear 1-2-5 ticks.
func LogTicks(lo, hi float64, maxMajor int, minors bool) (major, minor []float64, decades bool) {
	if !(lo > 0) || !(hi > lo) || !finite(hi) {
		return nil, nil, false
	}
	maxMajor = max(maxMajor, 2)
	const eps = 1e-9
	elo, ehi := math.Log10(lo), math.Log10(hi)
	k0, k1 := int(math.Ceil(elo-eps)), int(math.Floor(ehi+eps))
	in := func(v float64) bool { return v >= lo*(1-eps) && v <= hi*(1+eps) }
	nd := k1 - k0 + 1
	decadeTicks := func() ([]float64, []float64, bool) {
		var major, minor []float64
		stride := (nd + maxMajor - 1) / maxMajor
		for k := k0; k <= k1; k++ {
			v := clean(math.Pow(10, float64(k)))
			if ((k%stride)+stride)%stride == 0 {
				major = append(major, v)
			} else {
				minor = append(minor, v)
			}
		}
		if stride == 1 && minors {
			for k := k0 - 1; k <= k1; k++ {
				for m := 2; m <= 9; m++ {
					if v := clean(float64(m) * math.Pow(10, float64(k))); in(v) {
						minor = append(minor, v)
					}
				}
			}
		}
		return major, sortFloats(minor), true
	}
	if nd >= 3 {
		return decadeTicks()
	}
	for k := int(math.Floor(elo)) - 1; k <= int(math.Ceil(ehi)); k++ {
		for _, m := range []int{1, 2, 5} {
			if v := clean(float64(m) * math.Pow(10, float64(k))); in(v) {
				major = append(major, v)
			}
		}
	}
	if len(major) >= 3 && len(major) <= maxMajor {
		if minors {
			for k := int(math.Floor(elo)) - 1; k <= int(math.Ceil(ehi)); k++ {
				for _, m := range []int{3, 4, 6, 7, 8, 9} {
					if v := clean(float64(m) * math.Pow(10, float64(k))); in(v) {
						minor = append(minor, v)
					}
				}
			}
		}
		return major, sortFloats(minor), false
	}
	if nd == 2 {
		return decadeTicks()
	}
	major, _ = NiceTicks(lo, hi, min(maxMajor, 5))
	return major, nil, false
}

func sortFloats(v []float64) []float64 {
	for i := 1; i < len(v); i++ {
		for j := i; j > 0 && v[j] < v[j-1]; j-- {
			v[j], v[j-1] = v[j-1], v[j]
		}
	}
	return v
}

// tickLabel is a rendered tick label: base text with an optional
// superscript (for 10^k).
type tickLabel struct {
	base, sup string
}

func (l tickLabel) width(size float64) float64 {
	return textWidth(l.base, size) + textWidth(l.sup, size*0.75)
}

// linearLabels formats linear ticks with one style per axis: a fixed
// number of decimals from the step, k or M suffixes when the largest tick
// reaches 10⁴ or 10⁶, exponent notation beyond 10⁹ or below 10⁻³.
func linearLabels(ticks []float64, step float64) []tickLabel {
	out := make([]tickLabel, len(ticks))
	maxAbs := 0.0
	for _, t := range ticks {
		maxAbs = math.Max(maxAbs, math.Abs(t))
	}
	if step <= 0 {
		for i, t := range ticks {
			out[i] = tickLabel{base: minus(FormatTick(t))}
		}
		return out
	}
	decimals := func(s float64) int { // decimals that write s exactly
		for d := 0; d < 15; d++ {
			x := s * math.Pow(10, float64(d))
			if math.Abs(x-math.Round(x)) < 1e-6*math.Max(1, x) {
				return d
			}
		}
		return 15
	}
	for i, t := range ticks {
		var s string
		switch {
		case t == 0 && (maxAbs >= 1e4 || maxAbs < 1e-3):
			s = "0"
		case maxAbs >= 1e9 || maxAbs < 1e-3:
			e := math.Floor(math.Log10(maxAbs))
			d := max(0, int(e-math.Floor(math.Log10(step)+1e-9)))
			s = cleanExp(strconv.FormatFloat(t, 'e', d, 64))
		case maxAbs >= 1e6:
			s = strconv.FormatFloat(t/1e6, 'f', decimals(step/1e6), 64) + "M"
		case maxAbs >= 1e4:
			s = strconv.FormatFloat(t/1e3, 'f', decimals(step/1e3), 64) + "k"
		default:
			s = strconv.FormatFloat(t, 'f', decimals(step), 64)
		}
		out[i] = tickLabel{base: minus(s)}
	}
	return out
}

// decadeLabels formats decades as 10 with a superscript exponent.
func decadeLabels(ticks []float64) []tickLabel {
	out := make([]tickLabel, len(ticks))
	for i, t := range ticks {
		out[i] = tickLabel{base: "10", sup: minus(strconv.Itoa(int(math.Round(math.Log10(t)))))}
	}
	return out
}

// plainLabels formats each tick on its own (narrow log axes).
func plainLabels(ticks []float64) []tickLabel {
	out := make([]tickLabel, len(ticks))
	for i, t := range ticks {
		out[i] = tickLabel{base: minus(FormatTick(t))}
	}
	return out
}

// axis maps data values to pixels along one direction.
type axis struct {
	log    bool
	lo, hi float64 // range in axis units (log10 of the data on a log axis)
	p0, p1 float64 // pixels of lo and hi
	major  []float64
	minor  []float64
	labels []tickLabel
}

// unit transforms a data value to axis units.
func (a *axis) unit(v float64) float64 {
	if a.log {
		return math.Log10(v)
	}
	return v
}

// frac is the position of v in [0, 1] along the axis range.
func (a *axis) frac(v float64) float64 { return (a.unit(v) - a.lo) / (a.hi - a.lo) }

// pos is the pixel of v.
func (a *axis) pos(v float64) float64 { return a.p0 + a.frac(v)*(a.p1-a.p0) }

// ok reports whether v can be drawn on the axis.
func (a *axis) ok(v float64) bool { return finite(v) && (!a.log || v > 0) }

// rangeSpec describes how an axis range is made from data.
type rangeSpec struct {
	log           bool
	fixLo, fixHi  *float64
	margin        float64 // fraction of the span added on free sides
	stickyZero    bool    // a linear range touching zero stops at zero
	integer       bool    // ticks at integers only
	length        float64 // approximate pixel length, for the tick count
	pixelsPerTick float64 // target spacing of major ticks
}

// newAxis builds the axis over the drawable values; ok is false when
// there are none.
func newAxis(vals []float64, s rangeSpec) (*axis, bool) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range vals {
		if !finite(v) || (s.log && v <= 0) {
			continue
		}
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	fix := func(p *float64) (float64, bool) {
		if p == nil || !finite(*p) || (s.log && *p <= 0) {
			return 0, false
		}
		return *p, true
	}
	flo, hasLo := fix(s.fixLo)
	fhi, hasHi := fix(s.fixHi)
	if hasLo {
		lo = flo
	}
	if hasHi {
		hi = fhi
	}
	if math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return nil, false
	}
	if lo > hi {
		lo, hi = hi, lo
	}
	a := &axis{log: s.log}
	if s.log {
		lo, hi = math.Log10(lo), math.Log10(hi)
	}
	dlo, dhi := lo, hi
	if hi == lo { // constant data: a range around the value
		d := 0.5 // half a decade on a log axis
		if !s.log {
			d = math.Abs(lo) * 0.1
			if d == 0 {
				d = 1
			}
		}
		if !hasLo {
			lo -= d
		}
		if !hasHi {
			hi += d
		}
		if hi == lo {
			hi = lo + 2*d
		}
	} else if s.margin > 0 {
		d := (hi - lo) * s.margin
		if !hasLo {
			lo -= d
		}
		if !hasHi {
			hi += d
		}
	}
	if s.stickyZero && !s.log { // bars grow from zero: no margin beyond it
		if !hasLo && dlo == 0 {
			lo = 0
		}
		if !hasHi && dhi == 0 {
			hi = 0
		}
	}
	if !(hi > lo) {
		hi = lo + 1
	}
	a.lo, a.hi = lo, hi
	n := max(3, min(int(math.Round(s.length/math.Max(s.pixelsPerTick, 1))), 10))
	if s.log {
		var dec bool
		a.major, a.minor, dec = LogTicks(math.Pow(10, lo), math.Pow(10, hi), n, s.length/math.Max(hi-lo, 1e-9) >= 24)
		if dec {
			a.labels = decadeLabels(a.major)
		} else {
			a.labels = plainLabels(a.major)
		}
		return a, true
	}
	ticks, step := NiceTicks(lo, hi, n)
	if s.integer {
		// Integer categories: every integer when they are not crowded.
		ni := int(math.Floor(hi)-math.Ceil(lo)) + 1
		if step < 1 || (ni >= 1 && float64(ni) <= s.length/28) {
			ticks, step = NiceTicks(lo, hi, max(ni, 2))
		}
	}
	a.major, a.labels = ticks, linearLabels(ticks, step)
	return a, true
}

// maxLabelWidth is the widest tick label at the tick font size.
func (a *axis) maxLabelWidth() float64 {
	w := 0.0
	for _, l := range a.labels {
		w = math.Max(w, l.width(tickSize))
	}
	return w
}

// writeLabel renders a tick label.
func writeLabel(c *canvas, x, y float64, anchor string, l tickLabel) {
	if l.sup == "" {
		c.printf(`<text x="%s" y="%s"%s>%s</text>`, num(x), num(y), anchorAttr(anchor), esc(l.base))
		return
	}
	c.printf(`<text x="%s" y="%s"%s>%s<tspan dy="-5" font-size="%g">%s</tspan></text>`,
		num(x), num(y), anchorAttr(anchor), esc(l.base), tickSize*0.75, esc(l.sup))
}

func anchorAttr(a string) string {
	if a == "" || a == "start" {
		return ""
	}
	return ` text-anchor="` + a + `"`
}

// joinNonEmpty joins the non-empty parts.
func joinNonEmpty(sep string, parts ...string) string {
	var keep []string
	for _, p := range parts {
		if p != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, sep)
}
