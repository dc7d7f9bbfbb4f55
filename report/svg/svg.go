// Package svg draws charts as inline SVG on the server, with the standard
// library only: line and scatter charts (linear or logarithmic axes,
// marker lines), heatmaps with a colour bar, grouped bar charts with
// error bars, and trajectory projections. Output is a bare <svg> element
// (viewBox, width, height) to embed in HTML5; text is escaped; NaN and
// infinite values are skipped (lines break around them); empty data draw
// a "no data" note. The same input gives the same bytes.
package svg

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Okabe-Ito colour-blind-safe palette (Okabe & Ito 2008), black last.
var palette = []string{"#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#f0e442", "#000000"}

// Palette returns the i-th categorical colour (cycling).
func Palette(i int) string { return palette[((i%len(palette))+len(palette))%len(palette)] }

// viridis anchors (matplotlib's viridis at t = 0, 0.125, …, 1).
var viridis = [][3]float64{
	{68, 1, 84}, {71, 44, 122}, {59, 81, 139}, {44, 113, 142}, {33, 144, 141},
	{39, 173, 129}, {92, 200, 99}, {170, 220, 50}, {253, 231, 37},
}

// diverging anchors: blue – white – red (ColorBrewer RdBu, reversed).
var diverging = [][3]float64{
	{33, 102, 172}, {103, 169, 207}, {209, 229, 240}, {247, 247, 247}, {253, 219, 199}, {239, 138, 98}, {178, 24, 43},
}

func interp(anchors [][3]float64, t float64) string {
	if math.IsNaN(t) {
		return "#cccccc"
	}
	t = math.Max(0, math.Min(1, t))
	x := t * float64(len(anchors)-1)
	i := int(math.Floor(x))
	if i >= len(anchors)-1 {
		i = len(anchors) - 2
	}
	f := x - float64(i)
	var c [3]int
	for k := range c {
		c[k] = int(math.Round(anchors[i][k]*(1-f) + anchors[i+1][k]*f))
	}
	return fmt.Sprintf("#%02x%02x%02x", c[0], c[1], c[2])
}

// Viridis maps t ∈ [0, 1] to the viridis colormap (NaN: grey).
func Viridis(t float64) string { return interp(viridis, t) }

// Diverging maps t ∈ [-1, 1] to a blue-white-red colormap (NaN: grey).
func Diverging(t float64) string { return interp(diverging, (t+1)/2) }

// f formats a coordinate compactly.
func f(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

func esc(s string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#39;")
	return r.Replace(s)
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// canvas accumulates SVG elements.
type canvas struct {
	b    strings.Builder
	w, h int
}

func newCanvas(w, h int) *canvas {
	c := &canvas{w: w, h: h}
	fmt.Fprintf(&c.b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="12">`, w, h, w, h)
	fmt.Fprintf(&c.b, `<rect width="%d" height="%d" fill="#ffffff"/>`, w, h)
	return c
}

func (c *canvas) text(x, y float64, anchor, s string, extra string) {
	fmt.Fprintf(&c.b, `<text x="%s" y="%s" text-anchor="%s"%s>%s</text>`, f(x), f(y), anchor, extra, esc(s))
}

func (c *canvas) done() string {
	c.b.WriteString("</svg>")
	return c.b.String()
}

// nodata draws a centred note.
func (c *canvas) nodata(title string) string {
	if title != "" {
		c.text(float64(c.w)/2, 20, "middle", title, ` font-size="14" font-weight="600"`)
	}
	c.text(float64(c.w)/2, float64(c.h)/2, "middle", "no data", ` fill="#888888"`)
	return c.done()
}

// axis maps data values to pixels.
type axis struct {
	lo, hi   float64 // data range (log10 values on a log axis)
	p0, p1   float64 // pixel range
	log      bool
	ticks    []float64 // data values (not log)
	minor    []float64
	labelFmt func(float64) string
}

func (a *axis) pos(v float64) float64 {
	if a.log {
		v = math.Log10(v)
	}
	return a.p0 + (v-a.lo)/(a.hi-a.lo)*(a.p1-a.p0)
}

func (a *axis) ok(v float64) bool { return finite(v) && (!a.log || v > 0) }

// NiceTicks returns tick values at 1-2-5 steps covering [lo, hi] with
// about n ticks, and the step.
func NiceTicks(lo, hi float64, n int) ([]float64, float64) {
	if !(hi > lo) {
		return []float64{lo}, 0
	}
	raw := (hi - lo) / float64(max(n, 1))
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	step := 10 * p
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*p >= raw {
			step = m * p
			break
		}
	}
	var out []float64
	start := math.Ceil(lo/step-1e-9) * step
	for v := start; v <= hi+step*1e-9; v += step {
		r := math.Round(v/step) * step
		if math.Abs(r) < step*1e-9 {
			r = 0
		}
		out = append(out, r)
	}
	return out, step
}

// FormatTick formats a tick value compactly (1.5k, 2M, 1e-05, 0.25).
func FormatTick(v float64) string {
	a := math.Abs(v)
	switch {
	case v == 0:
		return "0"
	case a >= 1e6 && a < 1e9 && math.Mod(v, 1e5) == 0:
		return strconv.FormatFloat(v/1e6, 'g', 4, 64) + "M"
	case a >= 1e3 && a < 1e6 && math.Mod(v, 100) == 0:
		return strconv.FormatFloat(v/1e3, 'g', 4, 64) + "k"
	case a >= 1e9 || a < 1e-3:
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	return strconv.FormatFloat(v, 'g', 5, 64)
}

// newAxis builds an axis over the values (with optional fixed limits).
func newAxis(vals []float64, log bool, p0, p1 float64, fixLo, fixHi *float64, pad bool) (*axis, bool) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range vals {
		if !finite(v) || (log && v <= 0) {
			continue
		}
		if log {
			v = math.Log10(v)
		}
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	if fixLo != nil && (!log || *fixLo > 0) {
		lo = *fixLo
		if log {
			lo = math.Log10(lo)
		}
	}
	if fixHi != nil && (!log || *fixHi > 0) {
		hi = *fixHi
		if log {
			hi = math.Log10(hi)
		}
	}
	if math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return nil, false
	}
	if hi == lo {
		d := math.Max(math.Abs(lo)*0.1, 1)
		if log {
			d = 0.5
		}
		lo, hi = lo-d, hi+d
	}
	a := &axis{p0: p0, p1: p1, log: log}
	if log {
		a.lo, a.hi = math.Floor(lo+1e-9), math.Ceil(hi-1e-9)
		if a.hi == a.lo {
			a.hi++
		}
		stride := 1.0
		if a.hi-a.lo > 8 {
			stride = math.Ceil((a.hi - a.lo) / 8)
		}
		for e := a.lo; e <= a.hi+1e-9; e += stride {
			a.ticks = append(a.ticks, math.Pow(10, e))
			if stride == 1 && e < a.hi && a.hi-a.lo <= 6 {
				for m := 2.0; m < 10; m++ {
					a.minor = append(a.minor, m*math.Pow(10, e))
				}
			}
		}
		a.labelFmt = FormatTick
		return a, true
	}
	if pad {
		d := (hi - lo) * 0.04
		if fixLo == nil {
			lo -= d
		}
		if fixHi == nil {
			hi += d
		}
	}
	ticks, step := NiceTicks(lo, hi, 6)
	if fixLo == nil && len(ticks) > 0 && ticks[0] > lo {
		lo = ticks[0] - step
		ticks = append([]float64{lo}, ticks...)
	}
	if fixHi == nil && len(ticks) > 0 && ticks[len(ticks)-1] < hi {
		hi = ticks[len(ticks)-1] + step
		ticks = append(ticks, hi)
	}
	if len(ticks) > 0 {
		lo, hi = math.Min(lo, ticks[0]), math.Max(hi, ticks[len(ticks)-1])
	}
	a.lo, a.hi, a.ticks, a.labelFmt = lo, hi, ticks, FormatTick
	return a, true
}

// frame is the plotting area.
type frame struct {
	left, top, right, bottom float64
}

// drawAxes draws grid, ticks, labels and titles.
func drawAxes(c *canvas, fr frame, xa, ya *axis, title, xl, yl string, xlabels bool) {
	if title != "" {
		c.text(fr.left, 20, "start", title, ` font-size="14" font-weight="600"`)
	}
	for _, t := range ya.minor {
		y := ya.pos(t)
		if y >= fr.top-0.5 && y <= fr.bottom+0.5 {
			fmt.Fprintf(&c.b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#f1f1f1"/>`, f(fr.left), f(y), f(fr.right), f(y))
		}
	}
	for _, t := range ya.ticks {
		y := ya.pos(t)
		fmt.Fprintf(&c.b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#e3e3e3"/>`, f(fr.left), f(y), f(fr.right), f(y))
		c.text(fr.left-6, y+4, "end", ya.labelFmt(t), ` fill="#444444"`)
	}
	if xa != nil {
		for _, t := range xa.minor {
			x := xa.pos(t)
			fmt.Fprintf(&c.b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#f1f1f1"/>`, f(x), f(fr.top), f(x), f(fr.bottom))
		}
		for _, t := range xa.ticks {
			x := xa.pos(t)
			fmt.Fprintf(&c.b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#e3e3e3"/>`, f(x), f(fr.top), f(x), f(fr.bottom))
			if xlabels {
				c.text(x, fr.bottom+16, "middle", xa.labelFmt(t), ` fill="#444444"`)
			}
		}
	}
	fmt.Fprintf(&c.b, `<rect x="%s" y="%s" width="%s" height="%s" fill="none" stroke="#888888"/>`, f(fr.left), f(fr.top), f(fr.right-fr.left), f(fr.bottom-fr.top))
	if xl != "" {
		c.text((fr.left+fr.right)/2, fr.bottom+34, "middle", xl, ` fill="#222222"`)
	}
	if yl != "" {
		cy := (fr.top + fr.bottom) / 2
		fmt.Fprintf(&c.b, `<text x="14" y="%s" text-anchor="middle" transform="rotate(-90 14 %s)" fill="#222222">%s</text>`, f(cy), f(cy), esc(yl))
	}
}

// legend draws entries (name, colour, dashed, marker) at the top right.
type legendEntry struct {
	name, color string
	dash, mark  bool
	box         bool
}

func drawLegend(c *canvas, fr frame, es []legendEntry) {
	var named []legendEntry
	for _, e := range es {
		if e.name != "" {
			named = append(named, e)
		}
	}
	if len(named) == 0 {
		return
	}
	wmax := 0
	for _, e := range named {
		wmax = max(wmax, len([]rune(e.name)))
	}
	w := float64(wmax)*6.6 + 34
	h := float64(len(named))*16 + 8
	x0, y0 := fr.right-w-6, fr.top+6
	fmt.Fprintf(&c.b, `<g class="legend"><rect x="%s" y="%s" width="%s" height="%s" fill="#ffffff" fill-opacity="0.85" stroke="#dddddd"/>`, f(x0), f(y0), f(w), f(h))
	for i, e := range named {
		y := y0 + 12 + float64(i)*16
		switch {
		case e.box:
			fmt.Fprintf(&c.b, `<rect x="%s" y="%s" width="14" height="9" fill="%s"/>`, f(x0+6), f(y-7), e.color)
		case e.mark && !e.dash:
			fmt.Fprintf(&c.b, `<circle cx="%s" cy="%s" r="3" fill="%s"/>`, f(x0+13), f(y-3), e.color)
		default:
			dash := ""
			if e.dash {
				dash = ` stroke-dasharray="5 3"`
			}
			fmt.Fprintf(&c.b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="2"%s/>`, f(x0+5), f(y-3), f(x0+21), f(y-3), e.color, dash)
		}
		c.text(x0+26, y+1, "start", e.name, ` fill="#222222" font-size="11"`)
	}
	c.b.WriteString("</g>")
}
