package svg

import (
	"fmt"
	"math"
	"strings"
)

// frame is the plotting area in pixels.
type frame struct{ l, t, r, b float64 }

func (f frame) w() float64 { return f.r - f.l }
func (f frame) h() float64 { return f.b - f.t }

// px converts normalised coordinates (u right, v up, both in [0, 1]) to
// pixels.
func (f frame) px(u, v float64) (float64, float64) { return f.l + u*f.w(), f.b - v*f.h() }

// sane keeps a frame at least minimally sized whatever the canvas.
func (f frame) sane() frame {
	if f.r-f.l < 20 {
		f.r = f.l + 20
	}
	if f.b-f.t < 20 {
		f.b = f.t + 20
	}
	return f
}

// topMargin is the space above the plotting area.
func topMargin(title string) float64 {
	if title == "" {
		return 14
	}
	return 36
}

// drawGrid draws minor and major grid lines (xa may be nil).
func drawGrid(c *canvas, fr frame, xa, ya *axis) {
	var minor, major strings.Builder
	hline := func(b *strings.Builder, a *axis, v float64) {
		if y := a.pos(v); y >= fr.t-0.5 && y <= fr.b+0.5 {
			fmt.Fprintf(b, "M%s %sH%s", num(fr.l), num(y), num(fr.r))
		}
	}
	vline := func(b *strings.Builder, a *axis, v float64) {
		if x := a.pos(v); x >= fr.l-0.5 && x <= fr.r+0.5 {
			fmt.Fprintf(b, "M%s %sV%s", num(x), num(fr.b), num(fr.t))
		}
	}
	for _, v := range ya.minor {
		hline(&minor, ya, v)
	}
	for _, v := range ya.major {
		hline(&major, ya, v)
	}
	if xa != nil {
		for _, v := range xa.minor {
			vline(&minor, xa, v)
		}
		for _, v := range xa.major {
			vline(&major, xa, v)
		}
	}
	if minor.Len() > 0 {
		c.printf(`<path d="%s" stroke="%s" fill="none"/>`, minor.String(), gridMinor)
	}
	if major.Len() > 0 {
		c.printf(`<path d="%s" stroke="%s" fill="none"/>`, major.String(), gridMajor)
	}
}

// drawAxes draws the left and bottom spines, outward ticks and tick
// labels (xa may be nil: no x ticks).
func drawAxes(c *canvas, fr frame, xa, ya *axis) {
	var ticks strings.Builder
	fmt.Fprintf(&ticks, "M%s %sV%sH%s", num(fr.l), num(fr.t), num(fr.b), num(fr.r))
	in := func(p, a, b float64) bool { return p >= a-0.5 && p <= b+0.5 }
	for _, v := range ya.minor {
		if y := ya.pos(v); in(y, fr.t, fr.b) {
			fmt.Fprintf(&ticks, "M%s %sh-2.5", num(fr.l), num(y))
		}
	}
	for _, v := range ya.major {
		if y := ya.pos(v); in(y, fr.t, fr.b) {
			fmt.Fprintf(&ticks, "M%s %sh-4", num(fr.l), num(y))
		}
	}
	if xa != nil {
		for _, v := range xa.minor {
			if x := xa.pos(v); in(x, fr.l, fr.r) {
				fmt.Fprintf(&ticks, "M%s %sv2.5", num(x), num(fr.b))
			}
		}
		for _, v := range xa.major {
			if x := xa.pos(v); in(x, fr.l, fr.r) {
				fmt.Fprintf(&ticks, "M%s %sv4", num(x), num(fr.b))
			}
		}
	}
	c.printf(`<path d="%s" stroke="%s" fill="none"/>`, ticks.String(), spineFill)
	c.printf(`<g fill="%s">`, tickFill)
	for i, v := range ya.major {
		if y := ya.pos(v); in(y, fr.t, fr.b) {
			writeLabel(c, fr.l-7, y+4, "end", ya.labels[i])
		}
	}
	if xa != nil {
		for i, v := range xa.major {
			if x := xa.pos(v); in(x, fr.l, fr.r) {
				writeLabel(c, x, fr.b+18, "middle", xa.labels[i])
			}
		}
	}
	c.raw("</g>")
}

// drawAxisTitles draws the x label centred under the frame at baseline y
// and the y label rotated along the left edge.
func drawAxisTitles(c *canvas, fr frame, xl string, xlY float64, yl string) {
	if xl != "" {
		c.text((fr.l+fr.r)/2, xlY, fmt.Sprintf(` text-anchor="middle" font-size="%g" fill="%s"`, labelSize, labelFill), xl)
	}
	if yl != "" {
		cy := (fr.t + fr.b) / 2
		c.printf(`<text x="17" y="%s" text-anchor="middle" font-size="%g" fill="%s" transform="rotate(-90 17 %s)">%s</text>`,
			num(cy), labelSize, labelFill, num(cy), esc(yl))
	}
}

// legendEntry is one row of a legend.
type legendEntry struct {
	name, color string
	line, dash  bool // a line swatch, dashed or not
	marker      bool // a point swatch (over the line if both)
	box         bool // a filled square swatch (bars)
	width       float64
	opacity     float64
}

const (
	legendRow   = 17.0
	legendFont  = 11.0
	legendChars = 40 // longer names are truncated with an ellipsis
)

func legendSize(es []legendEntry) (w, h float64) {
	m := 0.0
	for _, e := range es {
		m = math.Max(m, textWidth(truncate(e.name, legendChars), legendFont))
	}
	return m + 44, float64(len(es))*legendRow + 8
}

// drawLegend draws the entries in a box with its top-left corner at (x, y).
func drawLegend(c *canvas, x, y float64, es []legendEntry) {
	w, h := legendSize(es)
	c.printf(`<g class="legend"><rect x="%s" y="%s" width="%s" height="%s" rx="3" fill="#ffffff" fill-opacity="0.9" stroke="#d4d4d4"/>`,
		num(x), num(y), num(w), num(h))
	for i, e := range es {
		cy := y + 4 + legendRow*(float64(i)+0.5)
		op := ""
		if e.opacity > 0 && e.opacity < 1 {
			op = fmt.Sprintf(` opacity="%.2g"`, math.Max(e.opacity, 0.5))
		}
		if e.box {
			c.printf(`<rect x="%s" y="%s" width="16" height="10" fill="%s"%s/>`, num(x+10), num(cy-5), esc(e.color), op)
		}
		if e.line {
			dash := ""
			if e.dash {
				dash = ` stroke-dasharray="5 3"`
			}
			wd := math.Min(math.Max(e.width, 1.5), 3)
			c.printf(`<path d="M%s %sh22" stroke="%s" stroke-width="%g"%s%s/>`, num(x+7), num(cy), esc(e.color), wd, dash, op)
		}
		if e.marker {
			c.printf(`<circle cx="%s" cy="%s" r="3" fill="%s"/>`, num(x+18), num(cy), esc(e.color))
		}
		c.text(x+36, cy+4, fmt.Sprintf(` font-size="%g" fill="%s"`, legendFont, labelFill), truncate(e.name, legendChars))
	}
	c.raw("</g>")
}

// sampler collects normalised positions of drawn marks, to keep the
// legend off the data.
type sampler struct{ pts [][2]float64 }

const sampleStep = 0.025

func (s *sampler) point(u, v float64) {
	if u >= 0 && u <= 1 && v >= 0 && v <= 1 {
		s.pts = append(s.pts, [2]float64{u, v})
	}
}

// segment samples a straight line between two normalised points.
func (s *sampler) segment(u0, v0, u1, v1 float64) {
	d := math.Hypot(u1-u0, v1-v0)
	n := min(int(d/sampleStep), 80)
	for k := 1; k <= n; k++ {
		f := float64(k) / float64(n+1)
		s.point(u0+(u1-u0)*f, v0+(v1-v0)*f)
	}
}

// rect samples a filled rectangle.
func (s *sampler) rect(u0, v0, u1, v1 float64) {
	if u0 > u1 {
		u0, u1 = u1, u0
	}
	if v0 > v1 {
		v0, v1 = v1, v0
	}
	u0, v0 = math.Max(u0, 0), math.Max(v0, 0)
	u1, v1 = math.Min(u1, 1), math.Min(v1, 1)
	for u := u0; u <= u1; u += sampleStep {
		for v := v0; v <= v1; v += sampleStep {
			s.point(u, v)
		}
		s.point(u, v1)
	}
}

// placeLegend picks the frame corner where a legend of size w×h covers
// the fewest samples. inside is false when every corner covers a notable
// share of the data and the legend should go to the right of the frame.
func placeLegend(fr frame, w, h float64, s *sampler) (x, y float64, inside bool) {
	const pad = 8.0
	cands := [][2]float64{
		{fr.r - pad - w, fr.t + pad}, // top right
		{fr.l + pad, fr.t + pad},     // top left
		{fr.r - pad - w, fr.b - pad - h},
		{fr.l + pad, fr.b - pad - h},
		{(fr.l + fr.r - w) / 2, fr.t + pad}, // top centre
	}
	best, bestN := 0, math.MaxInt
	for i, cd := range cands {
		n := 0
		for _, p := range s.pts {
			px, py := fr.px(p[0], p[1])
			if px >= cd[0]-4 && px <= cd[0]+w+4 && py >= cd[1]-4 && py <= cd[1]+h+4 {
				n++
			}
		}
		if n < bestN {
			best, bestN = i, n
		}
	}
	// Inside unless even the best corner hides a quarter of what an even
	// spread of the samples would put under the legend (or the legend is
	// too large to take room from the frame).
	expected := float64(len(s.pts)) * (w * h) / math.Max(fr.w()*fr.h(), 1)
	inside = bestN == 0 || float64(bestN) < 0.25*expected || w > 0.35*fr.w() || h > 0.8*fr.h()
	return cands[best][0], cands[best][1], inside
}

// seriesStyle is the resolved look of a series.
type seriesStyle struct {
	color   string
	width   float64
	opacity float64
	line    bool
	marker  bool
	radius  float64
	dash    bool
	smooth  bool // Catmull-Rom curves through the points (trajectories)
}

func resolve(i int, s Series, scatter, path bool) seriesStyle {
	st := seriesStyle{color: s.Color, width: s.Width, opacity: s.Opacity, dash: s.Dash}
	if st.color == "" {
		st.color = Palette(i)
	}
	n := min(len(s.X), len(s.Y))
	switch {
	case path:
		st.line, st.smooth = true, true
		if st.width <= 0 {
			st.width = 0.6
		}
		if st.opacity <= 0 {
			st.opacity = 0.6
		}
	case scatter:
		st.marker = true
		st.line = s.Connect
	default:
		st.marker = s.Marker
		st.line = !s.Marker || s.Connect
	}
	if st.width <= 0 {
		st.width = 1.5
	}
	st.radius = 2.8
	if n > 2000 {
		st.radius = 1.2
	} else if n > 300 {
		st.radius = 1.8
	}
	return st
}

// maxTooltipPoints is the largest series whose markers are separate
// circles with a tooltip each; larger ones are one path of dots.
const maxTooltipPoints = 200

// xyPlot is the engine behind LineChart, ScatterChart and Histogram.
type xyPlot struct {
	title, xlabel, ylabel string
	w, h                  int
	xs, ys                rangeSpec
	series                []Series
	styles                []seriesStyle
	vlines                []VLine
	hlines                []HLine
	bars                  []bar
	barEntry              *legendEntry
	noLegend              bool
}

// bar is one histogram bar in data coordinates.
type bar struct {
	x0, x1, y float64
	color     string
	tip       string
}

func (p *xyPlot) render() string {
	c := newCanvas(p.w, p.h, p.title)
	var xv, yv []float64
	xok := func(v float64) bool { return finite(v) && (!p.xs.log || v > 0) }
	yok := func(v float64) bool { return finite(v) && (!p.ys.log || v > 0) }
	for _, s := range p.series {
		for k := range min(len(s.X), len(s.Y)) {
			if xok(s.X[k]) && yok(s.Y[k]) {
				xv, yv = append(xv, s.X[k]), append(yv, s.Y[k])
			}
		}
	}
	for _, b := range p.bars {
		if xok(b.x0) && xok(b.x1) && yok(b.y) {
			xv, yv = append(xv, b.x0, b.x1), append(yv, b.y)
			if !p.ys.log {
				yv = append(yv, 0)
			}
		}
	}
	if len(xv) == 0 {
		return c.nodata(p.title)
	}
	for _, l := range p.hlines {
		if yok(l.Y) {
			yv = append(yv, l.Y)
		}
	}
	top := topMargin(p.title)
	p.xs.length, p.xs.pixelsPerTick = float64(p.w)-110, 80
	p.ys.length, p.ys.pixelsPerTick = float64(p.h)-top-60, 48
	xa, _ := newAxis(xv, p.xs)
	ya, _ := newAxis(yv, p.ys)

	left := 10 + ya.maxLabelWidth() + 8
	if p.ylabel != "" {
		left += 20
	}
	bottom := 30.0
	if p.xlabel != "" {
		bottom += 20
	}
	right := 14.0
	if n := len(xa.major); n > 0 && xa.frac(xa.major[n-1]) > 0.9 {
		right = math.Max(right, xa.labels[n-1].width(tickSize)/2+6)
	}
	fr := frame{left, top, float64(p.w) - right, float64(p.h) - bottom}.sane()

	// Legend entries and placement.
	var entries []legendEntry
	if p.barEntry != nil && p.barEntry.name != "" {
		entries = append(entries, *p.barEntry)
	}
	for i, s := range p.series {
		if s.Name == "" {
			continue
		}
		st := p.styles[i]
		entries = append(entries, legendEntry{name: s.Name, color: st.color, line: st.line, dash: st.dash,
			marker: st.marker, width: st.width, opacity: st.opacity})
	}
	showLegend := !p.noLegend && len(entries) >= 2
	var lx, ly float64
	if showLegend {
		smp := p.samples(xa, ya)
		lw, lh := legendSize(entries)
		var inside bool
		lx, ly, inside = placeLegend(fr, lw, lh, smp)
		if !inside {
			fr.r = math.Max(fr.l+120, float64(p.w)-lw-12)
			lx, ly = fr.r+8, fr.t
		}
	}
	xa.p0, xa.p1 = fr.l, fr.r
	ya.p0, ya.p1 = fr.b, fr.t

	c.title(fr.l, p.title)
	drawGrid(c, fr, xa, ya)
	c.printf(`<defs><clipPath id="%sc"><rect x="%s" y="%s" width="%s" height="%s"/></clipPath></defs><g clip-path="url(#%[1]sc)">`,
		idMark, num(fr.l-1), num(fr.t-1), num(fr.w()+2), num(fr.h()+2))
	p.drawBars(c, fr, xa, ya)
	for i, s := range p.series {
		p.drawSeries(c, s, p.styles[i], xa, ya)
	}
	labels := p.drawMarkerLines(c, fr, xa, ya)
	c.raw("</g>")
	drawAxes(c, fr, xa, ya)
	c.raw(labels)
	drawAxisTitles(c, fr, p.xlabel, fr.b+38, p.ylabel)
	if showLegend {
		drawLegend(c, lx, ly, entries)
	}
	return c.done()
}

// samples returns the normalised positions of everything drawn in the
// frame.
func (p *xyPlot) samples(xa, ya *axis) *sampler {
	s := &sampler{}
	for i, sr := range p.series {
		n := min(len(sr.X), len(sr.Y))
		stride := max(1, n/1500)
		pu, pv, have := 0.0, 0.0, false
		for k := 0; k < n; k += stride {
			if !xa.ok(sr.X[k]) || !ya.ok(sr.Y[k]) {
				have = false
				continue
			}
			u, v := xa.frac(sr.X[k]), ya.frac(sr.Y[k])
			s.point(u, v)
			if have && p.styles[i].line {
				s.segment(pu, pv, u, v)
			}
			pu, pv, have = u, v, true
		}
	}
	for _, b := range p.bars {
		if xa.ok(b.x0) && xa.ok(b.x1) && ya.ok(b.y) {
			base := 0.0
			if !ya.log {
				base = ya.frac(0)
			}
			s.rect(xa.frac(b.x0), base, xa.frac(b.x1), ya.frac(b.y))
		}
	}
	for _, l := range p.vlines {
		if xa.ok(l.X) {
			s.segment(xa.frac(l.X), -0.01, xa.frac(l.X), 1.01)
			if l.Label != "" {
				s.rect(xa.frac(l.X), 0.93, xa.frac(l.X)+0.1, 0.99)
			}
		}
	}
	for _, l := range p.hlines {
		if ya.ok(l.Y) {
			s.segment(-0.01, ya.frac(l.Y), 1.01, ya.frac(l.Y))
			if l.Label != "" {
				s.rect(0, ya.frac(l.Y), 0.15, ya.frac(l.Y)+0.06)
			}
		}
	}
	return s
}

func (p *xyPlot) drawBars(c *canvas, fr frame, xa, ya *axis) {
	if len(p.bars) == 0 {
		return
	}
	base := fr.b
	if !ya.log {
		base = ya.pos(0)
	}
	c.raw(`<g stroke="#ffffff" stroke-width="0.6">`)
	for _, b := range p.bars {
		if !xa.ok(b.x0) || !xa.ok(b.x1) || !ya.ok(b.y) {
			continue
		}
		x0, x1, y := xa.pos(b.x0), xa.pos(b.x1), ya.pos(b.y)
		c.printf(`<rect x="%s" y="%s" width="%s" height="%s" fill="%s"><title>%s</title></rect>`,
			num(math.Min(x0, x1)), num(math.Min(y, base)), num(math.Abs(x1-x0)), num(math.Max(math.Abs(base-y), 0.8)), esc(b.color), esc(b.tip))
	}
	c.raw("</g>")
}

func (p *xyPlot) drawSeries(c *canvas, s Series, st seriesStyle, xa, ya *axis) {
	n := min(len(s.X), len(s.Y))
	op := ""
	if st.opacity > 0 && st.opacity < 1 {
		op = fmt.Sprintf(` opacity="%.2g"`, st.opacity)
	}
	tip := ""
	if s.Name != "" {
		tip = "<title>" + esc(s.Name) + "</title>"
	}
	if st.line {
		pb := pathBuilder{minStep: 5, smooth: st.smooth}
		for k := range n {
			if !xa.ok(s.X[k]) || !ya.ok(s.Y[k]) {
				pb.breakLine()
				continue
			}
			pb.add(xa.pos(s.X[k]), ya.pos(s.Y[k]))
		}
		if d := pb.String(); d != "" {
			dash := ""
			if st.dash {
				dash = fmt.Sprintf(` stroke-dasharray="%s %s"`, num(4*math.Max(st.width, 1.2)), num(2.5*math.Max(st.width, 1.2)))
			}
			c.printf(`<path d="%s" fill="none" stroke="%s" stroke-width="%s" stroke-linejoin="round" stroke-linecap="round"%s%s>%s</path>`,
				d, esc(st.color), num(st.width), dash, op, tip)
		}
	}
	if !st.marker {
		return
	}
	drawable := 0
	for k := range n {
		if xa.ok(s.X[k]) && ya.ok(s.Y[k]) {
			drawable++
		}
	}
	if drawable == 0 {
		return
	}
	if drawable <= maxTooltipPoints {
		c.printf(`<g fill="%s"%s>`, esc(st.color), op)
		for k := range n {
			if xa.ok(s.X[k]) && ya.ok(s.Y[k]) {
				c.printf(`<circle cx="%s" cy="%s" r="%g"><title>%s</title></circle>`, num(xa.pos(s.X[k])), num(ya.pos(s.Y[k])), st.radius,
					esc(joinNonEmpty(": ", s.Name, "("+FormatTick(s.X[k])+", "+FormatTick(s.Y[k])+")")))
			}
		}
		c.raw("</g>")
		return
	}
	// Many points: one path of zero-length segments with round caps.
	b := make([]byte, 0, 12*drawable)
	var lx, ly int64
	first := true
	for k := range n {
		if !xa.ok(s.X[k]) || !ya.ok(s.Y[k]) {
			continue
		}
		tx, ty := tenths(xa.pos(s.X[k])), tenths(ya.pos(s.Y[k]))
		if first {
			b = append(b, 'M')
			b = appendTenths(b, tx, false)
			b = appendTenths(b, ty, true)
			first = false
		} else {
			if tx == lx && ty == ly {
				continue
			}
			b = append(b, 'm')
			b = appendTenths(b, tx-lx, false)
			b = appendTenths(b, ty-ly, true)
		}
		b = append(b, 'h', '0')
		lx, ly = tx, ty
	}
	c.printf(`<path d="%s" fill="none" stroke="%s" stroke-width="%g" stroke-linecap="round"%s>%s</path>`,
		b, esc(st.color), 2*st.radius, op, tip)
}

// drawMarkerLines draws vertical and horizontal marker lines inside the
// clip group and returns their labels, to be drawn above the axes.
func (p *xyPlot) drawMarkerLines(c *canvas, fr frame, xa, ya *axis) string {
	lc := &canvas{}
	const halo = ` paint-order="stroke" stroke="#ffffff" stroke-width="3" stroke-linejoin="round"`
	var placed [][4]float64
	for _, l := range p.vlines {
		if !xa.ok(l.X) {
			continue
		}
		x := xa.pos(l.X)
		if x < fr.l-0.5 || x > fr.r+0.5 {
			continue
		}
		col := l.Color
		if col == "" {
			col = "#666666"
		}
		c.printf(`<path d="M%s %sV%s" stroke="%s" stroke-width="1.2" stroke-dasharray="4 3"><title>%s</title></path>`,
			num(x), num(fr.t), num(fr.b), esc(col), esc(joinNonEmpty(": ", l.Label, "x = "+FormatTick(l.X))))
		if l.Label == "" {
			continue
		}
		tw := textWidth(l.Label, 10)
		lx, anchor := x+4, ""
		if lx+tw > fr.r {
			lx, anchor = x-4, "end"
		}
		x0 := lx
		if anchor == "end" {
			x0 = lx - tw
		}
		y := fr.t + 11
		for moved := true; moved; {
			moved = false
			for _, b := range placed {
				if x0 < b[2] && x0+tw > b[0] && y-9 < b[3] && y+2 > b[1] {
					y, moved = b[3]+11, true
				}
			}
		}
		placed = append(placed, [4]float64{x0, y - 9, x0 + tw, y + 2})
		lc.text(lx, y, fmt.Sprintf(`%s font-size="10" fill="%s"%s`, anchorAttr(anchor), esc(col), halo), l.Label)
	}
	for _, l := range p.hlines {
		if !ya.ok(l.Y) {
			continue
		}
		y := ya.pos(l.Y)
		if y < fr.t-0.5 || y > fr.b+0.5 {
			continue
		}
		col := l.Color
		if col == "" {
			col = "#666666"
		}
		c.printf(`<path d="M%s %sH%s" stroke="%s" stroke-dasharray="4 3"><title>%s</title></path>`,
			num(fr.l), num(y), num(fr.r), esc(col), esc(joinNonEmpty(": ", l.Label, "y = "+FormatTick(l.Y))))
		if l.Label != "" {
			ty := y - 4
			if ty-10 < fr.t {
				ty = y + 12
			}
			lc.text(fr.l+5, ty, fmt.Sprintf(` font-size="10" fill="%s"%s`, esc(col), halo), l.Label)
		}
	}
	return string(lc.b)
}
