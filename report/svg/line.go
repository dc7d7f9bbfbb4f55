package svg

// Series is one set of (x, y) points of a LineChart, ScatterChart or
// Histogram overlay. Points whose coordinates are NaN, infinite or (on a
// log axis) ≤ 0 are skipped and break the line. X and Y of different
// lengths are cut to the shorter.
type Series struct {
	Name  string // legend entry and tooltip; "" keeps it out of the legend
	X, Y  []float64
	Color string // CSS colour; "" takes Palette(index of the series)
	Dash  bool   // dashed line (fits, baselines)
	// Marker draws the points as dots instead of joining them with a
	// line; with Connect, both. Series of up to 200 points get one circle
	// with a tooltip per point, longer ones a single compact path.
	Marker  bool
	Connect bool
	Width   float64 // line width in pixels (0: 1.5)
	Opacity float64 // 0 or 1: opaque
}

// VLine is a vertical marker line across the plot, such as a valid
// prediction time or a fit's xmin. It does not widen the x range.
type VLine struct {
	X     float64
	Label string // drawn at the top of the line; "" for none
	Color string // "" : grey
}

// HLine is a horizontal marker line, such as a threshold. Its value is
// included in the y range.
type HLine struct {
	Y     float64
	Label string // drawn above the line at the left; "" for none
	Color string // "" : grey
}

// LineChart draws series against a shared numeric x axis.
type LineChart struct {
	Title, XLabel, YLabel string
	LogX, LogY            bool
	Series                []Series
	VLines                []VLine
	HLines                []HLine
	// Width and Height in pixels (0: 640×360).
	Width, Height int
	// Optional fixed axis limits (nil: from the data; ignored on a log
	// axis when ≤ 0).
	XMin, XMax, YMin, YMax *float64
	// NoLegend hides the legend, which otherwise appears when two or more
	// series have names, inside the frame corner with the least data or,
	// when every corner is crowded, to the right of the frame.
	NoLegend bool
}

// size applies the default chart size.
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
	marked := false
	for _, s := range lc.Series {
		marked = marked || s.Marker
	}
	xm := 0.0
	if marked {
		xm = 0.03 // keep edge markers whole
	}
	p := &xyPlot{title: lc.Title, xlabel: lc.XLabel, ylabel: lc.YLabel, w: w, h: h,
		xs:     rangeSpec{log: lc.LogX, fixLo: lc.XMin, fixHi: lc.XMax, margin: xm},
		ys:     rangeSpec{log: lc.LogY, fixLo: lc.YMin, fixHi: lc.YMax, margin: 0.05},
		series: lc.Series, vlines: lc.VLines, hlines: lc.HLines, noLegend: lc.NoLegend}
	for i, s := range lc.Series {
		p.styles = append(p.styles, resolve(i, s, false, false))
	}
	return p.render()
}

// ScatterChart draws each series as points (Series.Marker is implied;
// Series.Connect also joins them), or, with Path, as one thin translucent
// line through the points in order, which suits a trajectory's
// projection with many thousand points. Default size 640×360.
type ScatterChart struct {
	Title, XLabel, YLabel string
	LogX, LogY            bool
	Series                []Series
	// Path joins the points of each series into one line (width 0.6 and
	// opacity 0.6 unless the series sets them) instead of drawing dots.
	Path                   bool
	Width, Height          int
	XMin, XMax, YMin, YMax *float64
	NoLegend               bool
}

// SVG renders the chart.
func (sc *ScatterChart) SVG() string {
	w, h := size(sc.Width, sc.Height)
	p := &xyPlot{title: sc.Title, xlabel: sc.XLabel, ylabel: sc.YLabel, w: w, h: h,
		xs:     rangeSpec{log: sc.LogX, fixLo: sc.XMin, fixHi: sc.XMax, margin: 0.04},
		ys:     rangeSpec{log: sc.LogY, fixLo: sc.YMin, fixHi: sc.YMax, margin: 0.05},
		series: sc.Series, noLegend: sc.NoLegend}
	for i, s := range sc.Series {
		p.styles = append(p.styles, resolve(i, s, true, sc.Path))
	}
	return p.render()
}

// ProjectionPoints is the largest number of points Projection draws.
const ProjectionPoints = 4000

// Projection draws a trajectory's two-dimensional projection (x against
// y) as a thin translucent line, 560×420 pixels, thinned with Downsample
// to at most ProjectionPoints points.
func Projection(title string, x, y []float64, xl, yl string) string {
	x, y = Downsample(x, y, ProjectionPoints)
	sc := &ScatterChart{Title: title, XLabel: xl, YLabel: yl, Width: 560, Height: 420, Path: true, NoLegend: true,
		Series: []Series{{Name: title, X: x, Y: y, Color: "#0072b2", Width: 0.6, Opacity: 0.65}}}
	return sc.SVG()
}

// Downsample keeps at most n of the points (x[i], y[i]), evenly spaced in
// index with the first and the last included, in order. It is
// deterministic. When there are at most n points (or n < 2) it returns
// x and y cut to their common length, without copying.
func Downsample(x, y []float64, n int) ([]float64, []float64) {
	m := min(len(x), len(y))
	if m <= n || n < 2 {
		return x[:m], y[:m]
	}
	ox, oy := make([]float64, n), make([]float64, n)
	for i := range ox {
		j := int(int64(i) * int64(m-1) / int64(n-1))
		ox[i], oy[i] = x[j], y[j]
	}
	return ox, oy
}
