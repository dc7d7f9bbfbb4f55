package svg

import (
	"fmt"
	"math"
	"strings"
)

// Series is one line (or set of points) of a chart.
type Series struct {
	Name  string
	X, Y  []float64
	Color string // "" takes the palette colour of the series' index
	Dash  bool   // dashed line
	// Marker draws points instead of a line.
	Marker bool
	Width  float64 // line width (0: 1.6)
	// Opacity of the line or points (0: 1).
	Opacity float64
}

// VLine is a vertical marker line (a valid prediction time, an xmin).
type VLine struct {
	X     float64
	Label string
	Color string
}

// HLine is a horizontal marker line (a threshold).
type HLine struct {
	Y     float64
	Label string
	Color string
}

// LineChart draws series against a shared x axis.
type LineChart struct {
	Title, XLabel, YLabel string
	LogX, LogY            bool
	Series                []Series
	VLines                []VLine
	HLines                []HLine
	// Width and Height in pixels (0: 640×360).
	Width, Height int
	// Optional fixed axis limits.
	XMin, XMax, YMin, YMax *float64
	// NoLegend hides the legend.
	NoLegend bool
}

func size(w, h int) (int, int) {
	if w <= 0 {
		w = 640
	}
	if h <= 0 {
		h = 360
	}
	return w, h
}

// SVG renders the chart.
func (lc *LineChart) SVG() string {
	w, h := size(lc.Width, lc.Height)
	c := newCanvas(w, h)
	fr := frame{left: 64, top: 32, right: float64(w) - 16, bottom: float64(h) - 48}
	if lc.YLabel == "" {
		fr.left = 52
	}
	var xs, ys []float64
	for _, s := range lc.Series {
		n := min(len(s.X), len(s.Y))
		for i := 0; i < n; i++ {
			if finite(s.X[i]) && finite(s.Y[i]) && (!lc.LogX || s.X[i] > 0) && (!lc.LogY || s.Y[i] > 0) {
				xs, ys = append(xs, s.X[i]), append(ys, s.Y[i])
			}
		}
	}
	if len(xs) == 0 {
		return c.nodata(lc.Title)
	}
	for _, v := range lc.VLines {
		if v.X >= minOf(xs) && v.X <= maxOf(xs) {
			xs = append(xs, v.X)
		}
	}
	for _, v := range lc.HLines {
		ys = append(ys, v.Y)
	}
	xa, _ := newAxis(xs, lc.LogX, fr.left, fr.right, lc.XMin, lc.XMax, false)
	ya, _ := newAxis(ys, lc.LogY, fr.bottom, fr.top, lc.YMin, lc.YMax, true)
	drawAxes(c, fr, xa, ya, lc.Title, lc.XLabel, lc.YLabel, true)
	fmt.Fprintf(&c.b, `<clipPath id="%s"><rect x="%s" y="%s" width="%s" height="%s"/></clipPath><g clip-path="url(#%[1]s)">`,
		clipID(lc.Title, w, h), f(fr.left), f(fr.top), f(fr.right-fr.left), f(fr.bottom-fr.top))
	var leg []legendEntry
	for i, s := range lc.Series {
		col := s.Color
		if col == "" {
			col = Palette(i)
		}
		op := ""
		if s.Opacity > 0 && s.Opacity < 1 {
			op = fmt.Sprintf(` opacity="%.2g"`, s.Opacity)
		}
		n := min(len(s.X), len(s.Y))
		if s.Marker {
			fmt.Fprintf(&c.b, `<g fill="%s"%s>`, col, op)
			for k := 0; k < n; k++ {
				if xa.ok(s.X[k]) && ya.ok(s.Y[k]) {
					fmt.Fprintf(&c.b, `<circle cx="%s" cy="%s" r="2.6"/>`, f(xa.pos(s.X[k])), f(ya.pos(s.Y[k])))
				}
			}
			c.b.WriteString("</g>")
		} else {
			var d strings.Builder
			pen := false
			for k := 0; k < n; k++ {
				if !xa.ok(s.X[k]) || !ya.ok(s.Y[k]) {
					pen = false
					continue
				}
				cmd := "L"
				if !pen {
					cmd = "M"
				}
				fmt.Fprintf(&d, "%s%s %s", cmd, f(xa.pos(s.X[k])), f(ya.pos(s.Y[k])))
				pen = true
			}
			wd := s.Width
			if wd <= 0 {
				wd = 1.6
			}
			dash := ""
			if s.Dash {
				dash = ` stroke-dasharray="6 4"`
			}
			fmt.Fprintf(&c.b, `<path d="%s" fill="none" stroke="%s" stroke-width="%.2g" stroke-linejoin="round"%s%s><title>%s</title></path>`,
				d.String(), col, wd, dash, op, esc(s.Name))
		}
		leg = append(leg, legendEntry{name: s.Name, color: col, dash: s.Dash, mark: s.Marker})
	}
	for _, v := range lc.VLines {
		if !xa.ok(v.X) {
			continue
		}
		col := v.Color
		if col == "" {
			col = "#666666"
		}
		x := xa.pos(v.X)
		fmt.Fprintf(&c.b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1.2" stroke-dasharray="3 3"><title>%s = %s</title></line>`,
			f(x), f(fr.top), f(x), f(fr.bottom), col, esc(v.Label), FormatTick(v.X))
		if v.Label != "" {
			c.text(x+3, fr.top+12, "start", v.Label, fmt.Sprintf(` fill="%s" font-size="10"`, col))
		}
	}
	for _, v := range lc.HLines {
		if !ya.ok(v.Y) {
			continue
		}
		col := v.Color
		if col == "" {
			col = "#666666"
		}
		y := ya.pos(v.Y)
		fmt.Fprintf(&c.b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1" stroke-dasharray="4 3"/>`, f(fr.left), f(y), f(fr.right), f(y), col)
		if v.Label != "" {
			c.text(fr.left+4, y-4, "start", v.Label, fmt.Sprintf(` fill="%s" font-size="10"`, col))
		}
	}
	c.b.WriteString("</g>")
	if !lc.NoLegend && len(lc.Series) > 1 {
		drawLegend(c, fr, leg)
	}
	return c.done()
}

// clipID makes a deterministic id unique enough within one page.
func clipID(title string, w, h int) string {
	var hsh uint32 = 2166136261
	for _, b := range []byte(fmt.Sprintf("%s|%d|%d", title, w, h)) {
		hsh ^= uint32(b)
		hsh *= 16777619
	}
	// Charts with the same title and size have the same plotting area,
	// so sharing the clip path's id on one page is harmless.
	return fmt.Sprintf("clip%x", hsh)
}

func minOf(x []float64) float64 {
	m := math.Inf(1)
	for _, v := range x {
		m = math.Min(m, v)
	}
	return m
}

func maxOf(x []float64) float64 {
	m := math.Inf(-1)
	for _, v := range x {
		m = math.Max(m, v)
	}
	return m
}

// Downsample keeps at most n points of (x, y), evenly spaced in index,
// first and last included, order kept.
func Downsample(x, y []float64, n int) ([]float64, []float64) {
	m := min(len(x), len(y))
	if m <= n || n < 2 {
		return x[:m], y[:m]
	}
	ox, oy := make([]float64, n), make([]float64, n)
	for i := range ox {
		j := i * (m - 1) / (n - 1)
		ox[i], oy[i] = x[j], y[j]
	}
	return ox, oy
}

// Projection draws a trajectory's 2D projection as a thin translucent
// line (at most 4000 points).
func Projection(title string, x, y []float64, xl, yl string) string {
	x, y = Downsample(x, y, 4000)
	lc := &LineChart{Title: title, XLabel: xl, YLabel: yl, Width: 560, Height: 420, NoLegend: true,
		Series: []Series{{Name: title, X: x, Y: y, Color: "#0072b2", Width: 0.7, Opacity: 0.75}}}
	return lc.SVG()
}

// Heatmap draws a labelled matrix with a colour bar.
type Heatmap struct {
	Title                string
	RowLabels, ColLabels []string
	Values               [][]float64
	// Min and Max fix the colour range (nil: the data's).
	Min, Max *float64
	// Diverging uses the blue-white-red map centred on zero.
	Diverging bool
	// Annotate prints each value in its cell when cells are large enough.
	Annotate      bool
	ColorbarLabel string
	Width, Height int
}

// SVG renders the heatmap.
func (hm *Heatmap) SVG() string {
	n := len(hm.Values)
	m := 0
	for _, r := range hm.Values {
		m = max(m, len(r))
	}
	lw := 0
	for _, l := range hm.RowLabels {
		lw = max(lw, len([]rune(l)))
	}
	cw := 0
	for _, l := range hm.ColLabels {
		cw = max(cw, len([]rune(l)))
	}
	left := 12 + float64(lw)*6.4
	bottom := 14 + float64(cw)*4.6
	w, h := hm.Width, hm.Height
	if w <= 0 {
		w = int(left) + max(m, 1)*34 + 90
		w = max(min(w, 900), 360)
	}
	if h <= 0 {
		h = 40 + max(n, 1)*30 + int(bottom)
		h = max(min(h, 900), 240)
	}
	c := newCanvas(w, h)
	if n == 0 || m == 0 {
		return c.nodata(hm.Title)
	}
	if hm.Title != "" {
		c.text(left, 20, "start", hm.Title, ` font-size="14" font-weight="600"`)
	}
	top := 32.0
	gw := float64(w) - left - 90
	gh := float64(h) - top - bottom
	cellW, cellH := gw/float64(m), gh/float64(n)
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, r := range hm.Values {
		for _, v := range r {
			if finite(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	if hm.Min != nil {
		lo = *hm.Min
	}
	if hm.Max != nil {
		hi = *hm.Max
	}
	if math.IsInf(lo, 0) {
		lo, hi = 0, 1
	}
	if hi <= lo {
		hi = lo + 1
	}
	color := func(v float64) string {
		if !finite(v) {
			return "#dddddd"
		}
		t := (v - lo) / (hi - lo)
		if hm.Diverging {
			return Diverging(2*t - 1)
		}
		return Viridis(t)
	}
	for i, r := range hm.Values {
		for j, v := range r {
			x, y := left+float64(j)*cellW, top+float64(i)*cellH
			rl, cl := label(hm.RowLabels, i), label(hm.ColLabels, j)
			fmt.Fprintf(&c.b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="#ffffff" stroke-width="0.5"><title>%s × %s: %s</title></rect>`,
				f(x), f(y), f(cellW), f(cellH), color(v), esc(rl), esc(cl), FormatTick(round3(v)))
			if hm.Annotate && cellW >= 30 && cellH >= 16 && finite(v) {
				t := (v - lo) / (hi - lo)
				fill := "#ffffff"
				if (!hm.Diverging && t > 0.6) || (hm.Diverging && math.Abs(2*t-1) < 0.6) {
					fill = "#111111"
				}
				c.text(x+cellW/2, y+cellH/2+4, "middle", fmt.Sprintf("%.2f", v), fmt.Sprintf(` fill="%s" font-size="10"`, fill))
			}
		}
	}
	fs := math.Min(11, math.Max(7, cellH*0.6))
	for i := 0; i < n; i++ {
		c.text(left-5, top+(float64(i)+0.5)*cellH+fs/3, "end", label(hm.RowLabels, i), fmt.Sprintf(` font-size="%.3g" fill="#333333"`, fs))
	}
	fc := math.Min(11, math.Max(7, cellW*0.6))
	for j := 0; j < m; j++ {
		x, y := left+(float64(j)+0.5)*cellW, top+gh+8
		fmt.Fprintf(&c.b, `<text x="%s" y="%s" text-anchor="end" font-size="%.3g" fill="#333333" transform="rotate(-45 %s %s)">%s</text>`,
			f(x), f(y), fc, f(x), f(y), esc(label(hm.ColLabels, j)))
	}
	// Colour bar.
	bx, bw := float64(w)-70, 14.0
	const steps = 40
	for k := 0; k < steps; k++ {
		t := float64(k) / steps
		y := top + gh*(1-t-1.0/steps)
		fmt.Fprintf(&c.b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>`, f(bx), f(y), f(bw), f(gh/steps+0.5), color(lo+(t+0.5/steps)*(hi-lo)))
	}
	fmt.Fprintf(&c.b, `<rect x="%s" y="%s" width="%s" height="%s" fill="none" stroke="#888888"/>`, f(bx), f(top), f(bw), f(gh))
	ticks, _ := NiceTicks(lo, hi, 4)
	for _, t := range ticks {
		y := top + gh*(1-(t-lo)/(hi-lo))
		c.text(bx+bw+4, y+4, "start", FormatTick(t), ` font-size="10" fill="#444444"`)
	}
	if hm.ColorbarLabel != "" {
		c.text(bx+bw/2, top+gh+14, "middle", hm.ColorbarLabel, ` font-size="10" fill="#444444"`)
	}
	return c.done()
}

func round3(v float64) float64 {
	if !finite(v) || v == 0 {
		return v
	}
	p := math.Pow(10, 3-math.Ceil(math.Log10(math.Abs(v))))
	return math.Round(v*p) / p
}

func label(l []string, i int) string {
	if i < len(l) {
		return l[i]
	}
	return fmt.Sprint(i)
}

// BarGroup is one group of a grouped bar chart: a value per category.
type BarGroup struct {
	Name   string
	Values []float64
	// Errors are optional symmetric error bars.
	Errors []float64
	Color  string
}

// BarChart draws grouped bars over categories.
type BarChart struct {
	Title, XLabel, YLabel string
	Categories            []string
	Groups                []BarGroup
	Width, Height         int
	// LogY uses a logarithmic value axis (non-positive bars are skipped).
	LogY bool
}

// SVG renders the chart.
func (bc *BarChart) SVG() string {
	w, h := size(bc.Width, bc.Height)
	c := newCanvas(w, h)
	fr := frame{left: 64, top: 32, right: float64(w) - 16, bottom: float64(h) - 48}
	var vals []float64
	for _, g := range bc.Groups {
		for i, v := range g.Values {
			if !finite(v) {
				continue
			}
			vals = append(vals, v)
			if i < len(g.Errors) && finite(g.Errors[i]) {
				vals = append(vals, v+g.Errors[i], v-g.Errors[i])
			}
		}
	}
	if len(vals) == 0 || len(bc.Categories) == 0 {
		return c.nodata(bc.Title)
	}
	if !bc.LogY {
		vals = append(vals, 0)
	}
	ya, _ := newAxis(vals, bc.LogY, fr.bottom, fr.top, nil, nil, true)
	drawAxes(c, fr, nil, ya, bc.Title, bc.XLabel, bc.YLabel, false)
	nc, ng := len(bc.Categories), max(len(bc.Groups), 1)
	slot := (fr.right - fr.left) / float64(nc)
	bw := slot * 0.8 / float64(ng)
	base := fr.bottom
	if !bc.LogY {
		base = ya.pos(0)
		fmt.Fprintf(&c.b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#555555"/>`, f(fr.left), f(base), f(fr.right), f(base))
	}
	var leg []legendEntry
	for gi, g := range bc.Groups {
		col := g.Color
		if col == "" {
			col = Palette(gi)
		}
		for i, v := range g.Values {
			if i >= nc || !ya.ok(v) {
				continue
			}
			x := fr.left + float64(i)*slot + slot*0.1 + float64(gi)*bw
			y := ya.pos(v)
			top, hgt := math.Min(y, base), math.Abs(base-y)
			fmt.Fprintf(&c.b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"><title>%s, %s: %s</title></rect>`,
				f(x), f(top), f(bw*0.92), f(math.Max(hgt, 0.5)), col, esc(g.Name), esc(bc.Categories[i]), FormatTick(round3(v)))
			if i < len(g.Errors) && finite(g.Errors[i]) && g.Errors[i] > 0 {
				cx := x + bw*0.46
				y1, y2 := ya.pos(v-g.Errors[i]), ya.pos(v+g.Errors[i])
				if ya.ok(v - g.Errors[i]) {
					fmt.Fprintf(&c.b, `<path d="M%s %sV%sM%s %sH%sM%s %sH%s" stroke="#222222" fill="none"/>`,
						f(cx), f(y1), f(y2), f(cx-3), f(y1), f(cx+3), f(cx-3), f(y2), f(cx+3))
				}
			}
		}
		leg = append(leg, legendEntry{name: g.Name, color: col, box: true})
	}
	for i, cat := range bc.Categories {
		c.text(fr.left+(float64(i)+0.5)*slot, fr.bottom+16, "middle", cat, ` fill="#444444"`)
	}
	if len(bc.Groups) > 1 {
		drawLegend(c, fr, leg)
	}
	return c.done()
}
