package svg

import (
	"fmt"
	"math"
	"strconv"
)

// Heatmap draws a labelled matrix as coloured cells with a colour bar.
// Rows run top to bottom, columns left to right; rows shorter than the
// longest are padded with NaN, which is drawn grey. Every cell has a
// tooltip "row × column: value".
type Heatmap struct {
	Title                string
	RowLabels, ColLabels []string // missing labels are the indices
	Values               [][]float64
	// Min and Max fix the colour range (nil: the finite data's range;
	// with Diverging, symmetric about zero).
	Min, Max *float64
	// Diverging uses the blue-white-red map (Min ↦ blue, Max ↦ red)
	// instead of viridis.
	Diverging bool
	// Annotate prints each value in its cell when the cells are large
	// enough for the text.
	Annotate      bool
	ColorbarLabel string
	// Width and Height in pixels. With both zero, cells are squares of up
	// to 40 px fitted into about 480×400; a given Width (Height) sets the
	// cell width (height) and the other side follows from square cells.
	Width, Height int
}

// SVG renders the heatmap.
func (hm *Heatmap) SVG() string {
	n := len(hm.Values)
	m := 0
	for _, r := range hm.Values {
		m = max(m, len(r))
	}
	if n == 0 || m == 0 {
		w, h := size(hm.Width, hm.Height)
		return newCanvas(w, h, hm.Title).nodata(hm.Title)
	}
	rowLab := make([]string, n)
	for i := range rowLab {
		rowLab[i] = truncate(label(hm.RowLabels, i), 28)
	}
	colLab := make([]string, m)
	for j := range colLab {
		colLab[j] = truncate(label(hm.ColLabels, j), 28)
	}

	// Colour range.
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, r := range hm.Values {
		for _, v := range r {
			if finite(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	if math.IsInf(lo, 0) {
		lo, hi = 0, 1
	}
	if hm.Diverging && hm.Min == nil && hm.Max == nil {
		a := math.Max(math.Abs(lo), math.Abs(hi))
		lo, hi = -a, a
	}
	if hm.Min != nil && finite(*hm.Min) {
		lo = *hm.Min
	}
	if hm.Max != nil && finite(*hm.Max) {
		hi = *hm.Max
	}
	if lo > hi {
		lo, hi = hi, lo
	}
	if hi == lo {
		d := math.Max(math.Abs(lo)*0.1, 1)
		if hm.Diverging {
			lo, hi = lo-d, hi+d
		} else {
			hi = lo + d
		}
	}
	color := func(v float64) string {
		if !finite(v) {
			return nanColor
		}
		t := (v - lo) / (hi - lo)
		if hm.Diverging {
			return Diverging(2*t - 1)
		}
		return Viridis(t)
	}

	// Column labels are horizontal when they fit, else at 45° on wide
	// enough cells, else vertical.
	sizes := func(cw, ch float64) (fsR, fsC float64, rot int, left, bottom float64) {
		fsR = math.Min(11, math.Max(6, ch*0.75))
		rw := 0.0
		for _, s := range rowLab {
			rw = math.Max(rw, textWidth(s, fsR))
		}
		widest := func(fs float64) float64 {
			w := 0.0
			for _, s := range colLab {
				w = math.Max(w, textWidth(s, fs))
			}
			return w
		}
		fsC = math.Min(11, math.Max(6, cw*0.8))
		cwMax := widest(fsC)
		left = 10 + rw + 6
		bottom = 8 + fsC + 8
		switch {
		case cwMax <= cw-4:
		case cw >= 15:
			rot = 45
			fsC = math.Min(11, math.Max(6, cw*0.74))
			cwMax = widest(fsC)
			left = math.Max(left, 10+cwMax*0.707-cw/2)
			bottom = 8 + 6 + cwMax*0.707 + fsC*0.8
		default:
			rot = 90
			fsC = math.Min(11, math.Max(6, cw*0.85))
			bottom = 8 + 6 + widest(fsC) + 4
		}
		return
	}
	ticks, step := NiceTicks(lo, hi, 6)
	tickLabs := linearLabels(ticks, step)
	tw := 0.0
	for _, l := range tickLabs {
		tw = math.Max(tw, l.width(10))
	}
	cbW := 16 + 14 + 7 + tw + 10
	if hm.ColorbarLabel != "" {
		cbW += 20
	}
	// Geometry: square cells of up to 40 px by default; a given Width or
	// Height sets the cell size instead (margins and label fonts depend
	// on the cells, so settle them in a few rounds).
	top := topMargin(hm.Title)
	cellW := math.Max(4, math.Min(40, math.Min(480/float64(m), 400/float64(n))))
	cellH := cellW
	var fsR, fsC, left, bottom float64
	var rotate int
	for range 4 {
		fsR, fsC, rotate, left, bottom = sizes(cellW, cellH)
		if hm.Width > 0 {
			cellW = math.Max(2, (float64(hm.Width)-left-cbW)/float64(m))
			if hm.Height <= 0 {
				cellH = math.Min(cellW, 40)
			}
		}
		if hm.Height > 0 {
			cellH = math.Max(2, (float64(hm.Height)-top-bottom)/float64(n))
			if hm.Width <= 0 {
				cellW = math.Min(cellH, 40)
			}
		}
	}
	fsR, fsC, rotate, left, bottom = sizes(cellW, cellH)
	w, h := hm.Width, hm.Height
	if w <= 0 {
		w = max(int(math.Ceil(left+float64(m)*cellW+cbW)), int(math.Min(textWidth(hm.Title, titleSize)+24, 900)), 200)
	}
	if h <= 0 {
		h = max(int(math.Ceil(top+float64(n)*cellH+bottom)), 120)
	}
	gw, gh := float64(m)*cellW, float64(n)*cellH

	c := newCanvas(w, h, hm.Title)
	c.title(math.Min(left, 16), hm.Title)

	// Cells.
	stroke := ""
	if cellW >= 12 && cellH >= 12 {
		stroke = ` stroke="#ffffff" stroke-width="1"`
	}
	c.printf(`<g%s>`, stroke)
	for i := 0; i < n; i++ {
		for j := 0; j < m; j++ {
			v := math.NaN()
			if j < len(hm.Values[i]) {
				v = hm.Values[i][j]
			}
			c.printf(`<rect x="%s" y="%s" width="%s" height="%s" fill="%s"><title>%s × %s: %s</title></rect>`,
				num(left+float64(j)*cellW), num(top+float64(i)*cellH), num(cellW), num(cellH), color(v),
				esc(label(hm.RowLabels, i)), esc(label(hm.ColLabels, j)), valueText(v, false))
		}
	}
	c.raw("</g>")
	if hm.Annotate {
		afs := math.Min(11, cellH*0.42)
		var ann []byte
		for i := 0; i < n && afs >= 7; i++ {
			for j := 0; j < m && j < len(hm.Values[i]); j++ {
				v := hm.Values[i][j]
				s := valueText(v, true)
				if !finite(v) || textWidth(s, afs)+4 > cellW {
					continue
				}
				fill := "#ffffff"
				if luminance(color(v)) > 0.4 {
					fill = "#1a1a1a"
				}
				ann = fmt.Appendf(ann, `<text x="%s" y="%s" fill="%s">%s</text>`,
					num(left+(float64(j)+0.5)*cellW), num(top+(float64(i)+0.5)*cellH+afs*0.36), fill, esc(s))
			}
		}
		if len(ann) > 0 {
			c.printf(`<g text-anchor="middle" font-size="%s">%s</g>`, num(afs), ann)
		}
	}

	// Row and column labels (every k-th when cells are tiny).
	everyR := max(1, int(math.Ceil(fsR/cellH)))
	c.printf(`<g fill="%s" font-size="%s">`, tickFill, num(fsR))
	for i := 0; i < n; i += everyR {
		c.text(left-6, top+(float64(i)+0.5)*cellH+fsR*0.36, ` text-anchor="end"`, rowLab[i])
	}
	c.raw("</g>")
	everyC := max(1, int(math.Ceil(fsC*0.9/cellW)))
	c.printf(`<g fill="%s" font-size="%s">`, tickFill, num(fsC))
	for j := 0; j < m; j += everyC {
		x := left + (float64(j)+0.5)*cellW
		switch rotate {
		case 45:
			y := top + gh + 8 + fsC*0.5
			c.printf(`<text x="%s" y="%s" text-anchor="end" transform="rotate(-45 %[1]s %[2]s)">%s</text>`, num(x+fsC*0.3), num(y), esc(colLab[j]))
		case 90:
			y := top + gh + 6
			c.printf(`<text x="%s" y="%s" text-anchor="end" transform="rotate(-90 %[1]s %[2]s)">%s</text>`, num(x+fsC*0.35), num(y), esc(colLab[j]))
		default:
			c.text(x, top+gh+8+fsC, ` text-anchor="middle"`, colLab[j])
		}
	}
	c.raw("</g>")

	// Colour bar: a gradient through 17 samples of the map.
	bx := left + gw + 16
	c.printf(`<defs><linearGradient id="%sg" x1="0" y1="1" x2="0" y2="0">`, idMark)
	for k := 0; k <= 16; k++ {
		f := float64(k) / 16
		c.printf(`<stop offset="%s" stop-color="%s"/>`, strconv.FormatFloat(f, 'g', 4, 64), color(lo+f*(hi-lo)))
	}
	c.raw(`</linearGradient></defs>`)
	c.printf(`<rect x="%s" y="%s" width="14" height="%s" fill="url(#%sg)" stroke="#999999" stroke-width="0.5"/>`,
		num(bx), num(top), num(gh), idMark)
	var tk []byte
	c.printf(`<g fill="%s" font-size="10">`, tickFill)
	for i, t := range ticks {
		y := top + gh*(1-(t-lo)/(hi-lo))
		tk = fmt.Appendf(tk, "M%s %sh3", num(bx+14), num(y))
		writeLabel(c, bx+14+6, y+3.5, "", tickLabs[i])
	}
	c.raw("</g>")
	if len(tk) > 0 {
		c.printf(`<path d="%s" stroke="%s"/>`, tk, spineFill)
	}
	if hm.ColorbarLabel != "" {
		x, y := bx+14+7+tw+14, top+gh/2
		c.printf(`<text x="%s" y="%s" text-anchor="middle" font-size="%g" fill="%s" transform="rotate(-90 %[1]s %[2]s)">%[5]s</text>`,
			num(x), num(y), labelSize-1, labelFill, esc(hm.ColorbarLabel))
	}
	return c.done()
}

// valueText formats a cell value: two decimals below 10 in magnitude
// (with a typographic minus when rendered), else FormatTick.
func valueText(v float64, rendered bool) string {
	var s string
	switch {
	case !finite(v):
		return "no value"
	case math.Abs(v) < 10 && (v == 0 || math.Abs(v) >= 0.005):
		s = strconv.FormatFloat(v, 'f', 2, 64)
	default:
		s = FormatTick(v)
	}
	if rendered {
		return minus(s)
	}
	return s
}

func label(l []string, i int) string {
	if i < len(l) {
		return l[i]
	}
	return strconv.Itoa(i)
}
