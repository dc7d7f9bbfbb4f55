package svg

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// BarGroup is one group of a grouped bar chart: a value per category.
type BarGroup struct {
	Name   string
	Values []float64 // one per category; NaN leaves a gap
	// Errors are optional symmetric error bars (± Errors[i]); missing,
	// NaN or non-positive entries draw none.
	Errors []float64
	Color  string // "" : Palette(index of the group)
}

// BarChart draws grouped bars over categories: within each category, one
// bar per group side by side. The value axis includes zero; negative
// values grow downwards. Default size 640×360. The legend appears when
// there are two or more named groups.
type BarChart struct {
	Title, XLabel, YLabel string
	Categories            []string
	Groups                []BarGroup
	Width, Height         int
	// LogY uses a logarithmic value axis: bars rise from the bottom of the
	// axis and non-positive values are skipped.
	LogY bool
}

// SVG renders the chart.
func (bc *BarChart) SVG() string {
	w, h := size(bc.Width, bc.Height)
	c := newCanvas(w, h, bc.Title)
	nc := len(bc.Categories)
	ok := func(v float64) bool { return finite(v) && (!bc.LogY || v > 0) }
	var vals []float64
	for _, g := range bc.Groups {
		for i, v := range g.Values {
			if i >= nc || !ok(v) {
				continue
			}
			vals = append(vals, v)
			if e := errAt(g.Errors, i); e > 0 {
				vals = append(vals, v+e)
				if ok(v - e) {
					vals = append(vals, v-e)
				}
			}
		}
	}
	if nc == 0 || len(vals) == 0 {
		return c.nodata(bc.Title)
	}
	if !bc.LogY {
		vals = append(vals, 0)
	}
	top := topMargin(bc.Title)
	ya, _ := newAxis(vals, rangeSpec{log: bc.LogY, margin: 0.05, stickyZero: true, length: float64(h) - top - 70, pixelsPerTick: 48})
	left := 10 + ya.maxLabelWidth() + 8
	if bc.YLabel != "" {
		left += 20
	}
	fr := frame{left, top, float64(w) - 14, float64(h) - 30}.sane()
	ng := max(len(bc.Groups), 1)
	band := 0.8
	if ng == 1 {
		band = 0.65
	}

	// Category labels: horizontal when they fit, else rotated by 40° (and
	// then only every few when the slots are narrow); the frame leaves
	// room for them.
	labels := make([]string, nc)
	maxw := 0.0
	for i, s := range bc.Categories {
		labels[i] = truncate(s, 24)
		maxw = math.Max(maxw, textWidth(labels[i], tickSize))
	}
	var slot, labelH float64
	var rotate bool
	every := 1
	layout := func() {
		for range 2 { // the left margin depends on the slot and back
			slot = fr.w() / float64(nc)
			rotate = maxw > slot-6
			if rotate {
				fr.l = math.Max(left, 4+maxw*0.766-slot/2)
			}
		}
		every, labelH = 1, 20
		if rotate {
			every = max(1, int(math.Ceil(14/slot)))
			labelH = 10 + maxw*0.643 + tickSize*0.766
		}
		bottom := 6 + labelH
		if bc.XLabel != "" {
			bottom += 20
		}
		fr.b = math.Max(fr.t+20, float64(h)-bottom)
	}
	layout()

	// Legend (placed on normalised positions, which do not depend on the
	// frame's pixels).
	var entries []legendEntry
	for gi, g := range bc.Groups {
		if g.Name != "" {
			entries = append(entries, legendEntry{name: g.Name, color: groupColor(g, gi), box: true})
		}
	}
	showLegend := len(entries) >= 2
	var lx, ly float64
	if showLegend {
		smp := &sampler{}
		base := 0.0
		if !ya.log {
			base = ya.frac(0)
		}
		for gi, g := range bc.Groups {
			for i, v := range g.Values {
				if i < nc && ya.ok(v) {
					u0 := (float64(i) + (1-band)/2 + float64(gi)*band/float64(ng)) / float64(nc)
					top := v + errAt(g.Errors, i)
					if v < 0 {
						top = v - errAt(g.Errors, i)
					}
					smp.rect(u0, base, u0+band/float64(ng)/float64(nc), ya.frac(top))
				}
			}
		}
		lw, lh := legendSize(entries)
		var inside bool
		lx, ly, inside = placeLegend(fr, lw, lh, smp)
		if !inside {
			fr.r = math.Max(fr.l+120, float64(w)-lw-12)
			lx, ly = fr.r+8, fr.t
			layout()
		}
	}
	xa := (*axis)(nil)
	ya.p0, ya.p1 = fr.b, fr.t

	c.title(fr.l, bc.Title)
	drawGrid(c, fr, xa, ya)
	base := fr.b
	if !ya.log {
		base = ya.pos(0)
	}
	bw := band * slot / float64(ng)
	gap := math.Min(1.5, bw*0.1)
	if ng == 1 {
		gap = 0
	}
	var errs strings.Builder
	for gi, g := range bc.Groups {
		col := groupColor(g, gi)
		c.printf(`<g fill="%s">`, esc(col))
		for i, v := range g.Values {
			if i >= nc || !ya.ok(v) {
				continue
			}
			x := fr.l + float64(i)*slot + (1-band)/2*slot + float64(gi)*bw
			y := ya.pos(v)
			e := errAt(g.Errors, i)
			tip := joinNonEmpty(", ", g.Name, bc.Categories[i]) + ": " + FormatTick(v)
			if e > 0 {
				tip += " ± " + FormatTick(e)
			}
			c.printf(`<rect x="%s" y="%s" width="%s" height="%s"><title>%s</title></rect>`,
				num(x+gap/2), num(math.Min(y, base)), num(bw-gap), num(math.Max(math.Abs(base-y), 0.8)), esc(tip))
			if e > 0 {
				cx := x + bw/2
				y1 := fr.b
				if ya.ok(v - e) {
					y1 = math.Min(ya.pos(v-e), fr.b)
				}
				y2 := math.Max(ya.pos(v+e), fr.t)
				cw := math.Min(4, bw*0.3)
				fmt.Fprintf(&errs, "M%s %sV%sM%s %sh%sM%s %sh%s", num(cx), num(y1), num(y2),
					num(cx-cw), num(y1), num(2*cw), num(cx-cw), num(y2), num(2*cw))
			}
		}
		c.raw("</g>")
	}
	if errs.Len() > 0 {
		c.printf(`<path d="%s" stroke="#222222" stroke-width="1.2" fill="none"/>`, errs.String())
	}
	if !ya.log && ya.lo < 0 && ya.hi > 0 {
		c.printf(`<path d="M%s %sH%s" stroke="%s"/>`, num(fr.l), num(base), num(fr.r), spineFill)
	}
	drawAxes(c, fr, xa, ya)
	c.printf(`<g fill="%s">`, tickFill)
	for i := 0; i < nc; i += every {
		x := fr.l + (float64(i)+0.5)*slot
		if rotate {
			y := fr.b + 14
			c.printf(`<text x="%s" y="%s" text-anchor="end" transform="rotate(-40 %[1]s %[2]s)">%s</text>`, num(x+3), num(y), esc(labels[i]))
		} else {
			c.text(x, fr.b+16, ` text-anchor="middle"`, labels[i])
		}
	}
	c.raw("</g>")
	drawAxisTitles(c, fr, bc.XLabel, fr.b+labelH+16, bc.YLabel)
	if showLegend {
		drawLegend(c, lx, ly, entries)
	}
	return c.done()
}

func groupColor(g BarGroup, i int) string {
	if g.Color != "" {
		return g.Color
	}
	return Palette(i)
}

func errAt(e []float64, i int) float64 {
	if i < len(e) && finite(e[i]) && e[i] > 0 {
		return e[i]
	}
	return 0
}

// Histogram draws counts as bars on a numeric x axis, with optional
// overlaid series (a fitted density, the distribution expected under
// independence). Default size 640×360.
//
// Bins gives either the bin edges (len(Counts)+1 values, bars touch) or
// the bin centres (len(Counts) values, e.g. integer categories 0, 1, 2, …;
// bars are 80% of the smallest spacing wide). Nil or any other length
// uses the centres 0, 1, …, len(Counts)-1. Integer centres get integer
// ticks.
type Histogram struct {
	Title, XLabel, YLabel string
	Bins                  []float64
	Counts                []float64
	Name                  string // legend entry of the bars ("" : none)
	Color                 string // bar colour ("" : Palette(0))
	Overlay               []Series
	// LogY uses a logarithmic count axis; zero counts are skipped.
	LogY          bool
	Width, Height int
}

// SVG renders the histogram.
func (hg *Histogram) SVG() string {
	w, h := size(hg.Width, hg.Height)
	n := len(hg.Counts)
	col := hg.Color
	if col == "" {
		col = Palette(0)
	}
	p := &xyPlot{title: hg.Title, xlabel: hg.XLabel, ylabel: hg.YLabel, w: w, h: h,
		ys:     rangeSpec{log: hg.LogY, margin: 0.05, stickyZero: true},
		series: hg.Overlay}
	edges := len(hg.Bins) == n+1 && n > 0
	if edges {
		for i, v := range hg.Counts {
			a, b := hg.Bins[i], hg.Bins[i+1]
			p.bars = append(p.bars, bar{x0: a, x1: b, y: v, color: col,
				tip: fmt.Sprintf("[%s, %s): %s", FormatTick(a), FormatTick(b), FormatTick(v))})
		}
		p.xs.margin = 0.02
	} else {
		centres := hg.Bins
		if len(centres) != n {
			centres = make([]float64, n)
			for i := range centres {
				centres[i] = float64(i)
			}
		}
		gap := minGap(centres)
		integer := true
		for _, v := range centres {
			integer = integer && v == math.Trunc(v)
		}
		p.xs.integer = integer
		for i, v := range hg.Counts {
			x := centres[i]
			p.bars = append(p.bars, bar{x0: x - 0.4*gap, x1: x + 0.4*gap, y: v, color: col,
				tip: FormatTick(x) + ": " + FormatTick(v)})
		}
		p.xs.margin = 0.1 * gap / math.Max(spanOf(centres)+0.8*gap, 1e-300)
	}
	if hg.Name != "" {
		p.barEntry = &legendEntry{name: hg.Name, color: col, box: true}
	}
	for i, s := range hg.Overlay {
		p.styles = append(p.styles, resolve(i+1, s, false, false))
	}
	return p.render()
}

// minGap is the smallest positive spacing between sorted finite values
// (1 when there is none).
func minGap(v []float64) float64 {
	s := make([]float64, 0, len(v))
	for _, x := range v {
		if finite(x) {
			s = append(s, x)
		}
	}
	sort.Float64s(s)
	g := math.Inf(1)
	for i := 1; i < len(s); i++ {
		if d := s[i] - s[i-1]; d > 0 && d < g {
			g = d
		}
	}
	if math.IsInf(g, 1) {
		return 1
	}
	return g
}

func spanOf(v []float64) float64 {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, x := range v {
		if finite(x) {
			lo, hi = math.Min(lo, x), math.Max(hi, x)
		}
	}
	if hi < lo {
		return 0
	}
	return hi - lo
}
