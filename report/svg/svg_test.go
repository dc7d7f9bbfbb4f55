package svg

import (
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// node is a parsed SVG element.
type node struct {
	name     string
	attr     map[string]string
	text     string // character data directly inside
	parent   *node
	children []*node
}

// parse decodes s as XML (failing the test when it is not well-formed)
// and returns the root element.
func parse(t *testing.T, s string) *node {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(s))
	d.Strict = true
	var root *node
	var stack []*node
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%.600s", err, s)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			n := &node{name: tk.Name.Local, attr: map[string]string{}}
			for _, a := range tk.Attr {
				n.attr[a.Name.Local] = a.Value
			}
			if len(stack) > 0 {
				n.parent = stack[len(stack)-1]
				n.parent.children = append(n.parent.children, n)
			} else if root == nil {
				root = n
			} else {
				t.Fatal("more than one root element")
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text += string(tk)
			}
		case xml.ProcInst:
			t.Fatal("output has an XML prolog")
		}
	}
	if root == nil || root.name != "svg" {
		t.Fatalf("root is not <svg>: %.200s", s)
	}
	return root
}

// all returns the elements below n (n included) that satisfy keep.
func (n *node) all(keep func(*node) bool) []*node {
	var out []*node
	if keep(n) {
		out = append(out, n)
	}
	for _, c := range n.children {
		out = append(out, c.all(keep)...)
	}
	return out
}

func named(name string) func(*node) bool { return func(n *node) bool { return n.name == name } }

// child returns the first child element with the name, or nil.
func (n *node) child(name string) *node {
	for _, c := range n.children {
		if c.name == name {
			return c
		}
	}
	return nil
}

// fulltext is the text of n and all its descendants.
func (n *node) fulltext() string {
	s := n.text
	for _, c := range n.children {
		s += c.fulltext()
	}
	return s
}

// linePaths are the data lines of an xy chart (round-joined paths).
func linePaths(root *node) []*node {
	return root.all(func(n *node) bool { return n.name == "path" && n.attr["stroke-linejoin"] == "round" })
}

// legendTexts are the legend's entry names.
func legendTexts(root *node) []string {
	var out []string
	for _, g := range root.all(func(n *node) bool { return n.name == "g" && n.attr["class"] == "legend" }) {
		for _, t := range g.all(named("text")) {
			out = append(out, t.text)
		}
	}
	return out
}

// tickTexts are the texts of tick labels (with superscripts joined by
// "^").
func tickTexts(root *node) []string {
	var out []string
	for _, g := range root.all(func(n *node) bool { return n.name == "g" && n.attr["fill"] == tickFill }) {
		for _, t := range g.children {
			if t.name != "text" {
				continue
			}
			s := t.text
			if sup := t.child("tspan"); sup != nil {
				s += "^" + sup.text
			}
			out = append(out, s)
		}
	}
	return out
}

func near(a, b []float64, tol float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Abs(a[i]-b[i]) > tol*math.Max(1, math.Abs(b[i])) {
			return false
		}
	}
	return true
}

const tickTol = 1e-12

func TestNiceTicks(t *testing.T) {
	for _, c := range []struct {
		lo, hi float64
		n      int
		want   []float64
		step   float64
	}{
		{0, 1, 6, []float64{0, 0.2, 0.4, 0.6, 0.8, 1}, 0.2},
		{0.013, 0.87, 6, []float64{0.2, 0.4, 0.6, 0.8}, 0.2},
		{0.013, 0.87, 10, []float64{0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8}, 0.1},
		{-3, 3, 7, []float64{-3, -2, -1, 0, 1, 2, 3}, 1},
		{-105, -2, 6, []float64{-100, -80, -60, -40, -20}, 20},
		{-0.7, 0.35, 5, []float64{-0.6, -0.4, -0.2, 0, 0.2}, 0.2},
		{0, 10, 5, []float64{0, 5, 10}, 5},
		{1e-6, 5e-6, 5, []float64{1e-6, 2e-6, 3e-6, 4e-6, 5e-6}, 1e-6},
		{1990, 2024, 5, []float64{1990, 2000, 2010, 2020}, 10},
		{1, 0, 6, []float64{0, 0.2, 0.4, 0.6, 0.8, 1}, 0.2}, // swapped
		{2.5, 2.5, 6, []float64{2.5}, 0},
	} {
		got, step := NiceTicks(c.lo, c.hi, c.n)
		if !near(got, c.want, tickTol) || math.Abs(step-c.step) > tickTol*math.Max(1, c.step) {
			t.Errorf("NiceTicks(%v, %v, %d) = %v step %v, want %v step %v", c.lo, c.hi, c.n, got, step, c.want, c.step)
		}
	}
	// Values are clean decimals, not binary noise.
	got, _ := NiceTicks(0, 1, 11)
	if got[3] != 0.3 || got[7] != 0.7 {
		t.Errorf("ticks carry rounding noise: %v", got)
	}
	if got, _ := NiceTicks(math.NaN(), 1, 5); got != nil {
		t.Errorf("NaN bound gave %v", got)
	}
}

func TestLogTicks(t *testing.T) {
	for _, c := range []struct {
		lo, hi       float64
		maxMajor     int
		major, minor []float64
		decades      bool
	}{
		// Decades inside 0.5…2000; minors 0.5…0.9, 2…9, 20…90, 200…900, 2000.
		{0.5, 2000, 8, []float64{1, 10, 100, 1000}, []float64{0.5, 0.6, 0.7, 0.8, 0.9, 2, 3, 4, 5, 6, 7, 8, 9,
			20, 30, 40, 50, 60, 70, 80, 90, 200, 300, 400, 500, 600, 700, 800, 900, 2000}, true},
		// CCDF-like: ten decades with at most four labels → every second
		// decade, the others as minors.
		{1e-6, 1, 4, []float64{1e-6, 1e-4, 1e-2, 1}, []float64{1e-5, 1e-3, 1e-1}, true},
		// About two decades: 1-2-5 values, plainly labelled.
		{16, 2048, 8, []float64{20, 50, 100, 200, 500, 1000, 2000}, []float64{30, 40, 60, 70, 80, 90, 300, 400, 600, 700, 800, 900}, false},
		{3, 40, 8, []float64{5, 10, 20}, []float64{3, 4, 6, 7, 8, 9, 30, 40}, false},
		// Less than a decade and fewer than three 1-2-5 values: linear.
		{2, 8, 5, []float64{2, 4, 6, 8}, nil, false},
	} {
		major, minor, dec := LogTicks(c.lo, c.hi, c.maxMajor, true)
		if !near(major, c.major, 1e-12) || !near(minor, c.minor, 1e-12) || dec != c.decades {
			t.Errorf("LogTicks(%v, %v, %d) = %v, %v, %v; want %v, %v, %v", c.lo, c.hi, c.maxMajor, major, minor, dec, c.major, c.minor, c.decades)
		}
	}
	if major, _, _ := LogTicks(0, 10, 5, true); major != nil {
		t.Errorf("lo = 0 gave %v", major)
	}
}

func TestTickLabels(t *testing.T) {
	for _, c := range []struct {
		ticks []float64
		step  float64
		want  []string
	}{
		{[]float64{0, 0.2, 0.4, 1}, 0.2, []string{"0.0", "0.2", "0.4", "1.0"}},
		{[]float64{-1, 0, 1}, 1, []string{"−1", "0", "1"}},
		{[]float64{0, 0.25, 0.5}, 0.25, []string{"0.00", "0.25", "0.50"}},
		{[]float64{0, 5000, 10000, 15000}, 5000, []string{"0", "5k", "10k", "15k"}},
		{[]float64{0, 2e5, 1.2e6}, 2e5, []string{"0", "0.2M", "1.2M"}},
		{[]float64{0, 2e-5, 4e-5}, 2e-5, []string{"0", "2e−5", "4e−5"}},
		{[]float64{1e-4, 1.5e-4}, 5e-5, []string{"1.0e−4", "1.5e−4"}},
		{[]float64{2e9, 4e9}, 2e9, []string{"2e9", "4e9"}},
		{[]float64{1990, 2000, 2010}, 10, []string{"1990", "2000", "2010"}},
	} {
		var got []string
		for _, l := range linearLabels(c.ticks, c.step) {
			got = append(got, l.base)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("labels of %v = %q, want %q", c.ticks, got, c.want)
		}
	}
	dec := decadeLabels([]float64{1e-3, 1, 1e4})
	if dec[0] != (tickLabel{"10", "−3"}) || dec[1] != (tickLabel{"10", "0"}) || dec[2] != (tickLabel{"10", "4"}) {
		t.Errorf("decade labels %v", dec)
	}
	for v, want := range map[float64]string{0: "0", 0.25: "0.25", 12.345: "12.35", 1500: "1.5k", 1000: "1k",
		2e6: "2M", 1e-5: "1e-5", 2.5e9: "2.5e9", -0.001: "-0.001", -4200: "-4.2k", math.NaN(): "NaN", math.Inf(1): "∞"} {
		if got := FormatTick(v); got != want {
			t.Errorf("FormatTick(%v) = %q, want %q", v, got, want)
		}
	}
}

func TestAxisRange(t *testing.T) {
	// A constant series gets a non-zero range around its value.
	for _, c := range []struct {
		vals []float64
		log  bool
	}{{[]float64{5, 5, 5}, false}, {[]float64{0, 0}, false}, {[]float64{-2}, false}, {[]float64{0.02, 0.02}, true}} {
		a, ok := newAxis(c.vals, rangeSpec{log: c.log, margin: 0.05, length: 300, pixelsPerTick: 50})
		v := a.unit(c.vals[0])
		if !ok || !(a.hi > a.lo) || v <= a.lo || v >= a.hi || len(a.major) < 2 {
			t.Errorf("constant %v (log %v): range [%v, %v], ticks %v", c.vals, c.log, a.lo, a.hi, a.major)
		}
	}
	// Non-positive values are skipped on a log axis; the range comes from
	// the positive ones.
	a, ok := newAxis([]float64{-5, 0, 10, 1000, math.NaN(), math.Inf(1)}, rangeSpec{log: true, length: 300, pixelsPerTick: 50})
	if !ok || a.lo != 1 || a.hi != 3 {
		t.Errorf("log range [%v, %v], want [1, 3]", a.lo, a.hi)
	}
	if _, ok := newAxis([]float64{-1, 0, math.NaN()}, rangeSpec{log: true}); ok {
		t.Error("an axis without positive values on a log scale")
	}
	// Fixed limits win; bars stick to zero.
	lo, hi := 0.0, 10.0
	a, _ = newAxis([]float64{3, 4}, rangeSpec{fixLo: &lo, fixHi: &hi, margin: 0.05, length: 300, pixelsPerTick: 50})
	if a.lo != 0 || a.hi != 10 {
		t.Errorf("fixed range [%v, %v]", a.lo, a.hi)
	}
	a, _ = newAxis([]float64{0, 3, 4}, rangeSpec{margin: 0.05, stickyZero: true, length: 300, pixelsPerTick: 50})
	if a.lo != 0 || a.hi <= 4 {
		t.Errorf("sticky range [%v, %v]", a.lo, a.hi)
	}
}

func TestColormaps(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{Viridis(0), "#440154"}, {Viridis(1), "#fde725"}, {Viridis(-3), "#440154"}, {Viridis(7), "#fde725"},
		{Viridis(math.NaN()), "#cccccc"},
		{Diverging(-1), "#053061"}, {Diverging(0), "#f7f7f7"}, {Diverging(1), "#67001f"}, {Diverging(math.NaN()), "#cccccc"},
		{Palette(0), "#0072b2"}, {Palette(7), "#0072b2"}, {Palette(-1), "#f0e442"},
	} {
		if c.got != c.want {
			t.Errorf("got %s, want %s", c.got, c.want)
		}
	}
	// Midpoints against matplotlib's 256-entry viridis table (entries 64,
	// 128 and 191 at t = 64/255, 128/255, 191/255), within 2 units.
	for _, c := range []struct {
		t       float64
		r, g, b float64
	}{{64.0 / 255, 0.229739, 0.322361, 0.545706}, {128.0 / 255, 0.127568, 0.566949, 0.550556}, {191.0 / 255, 0.360741, 0.785964, 0.387814},
		{200.0 / 255, 0.440137, 0.811138, 0.340967}} {
		r, g, b, _ := parseHex(Viridis(c.t))
		if math.Abs(r-c.r)*255 > 2 || math.Abs(g-c.g)*255 > 2 || math.Abs(b-c.b)*255 > 2 {
			t.Errorf("Viridis(%.3f) = %s, want about (%.0f, %.0f, %.0f)", c.t, Viridis(c.t), c.r*255, c.g*255, c.b*255)
		}
	}
	// Viridis brightens monotonically; the diverging map is darkest at
	// its ends and lightest at zero.
	prev := -1.0
	for k := 0; k <= 50; k++ {
		l := luminance(Viridis(float64(k) / 50))
		if l <= prev {
			t.Errorf("viridis luminance not increasing at %d/50", k)
		}
		prev = l
	}
	if luminance(Diverging(0)) <= luminance(Diverging(0.5)) || luminance(Diverging(0)) <= luminance(Diverging(-0.5)) {
		t.Error("diverging map not lightest at zero")
	}
}

func TestPathEncoding(t *testing.T) {
	p := pathBuilder{minStep: 5}
	p.add(10, 20)
	p.add(10.02, 20.01) // dropped: under half a pixel
	p.add(11.5, 19)
	p.add(12, 19.2)
	p.breakLine()
	p.add(30, 40)
	p.breakLine()
	p.add(50.25, 60)
	p.add(49, 61.25) // the piece's last point is kept
	want := "M10 20l1.5-1 .5 .2M30 40h0M50.3 60l-1.3 1.3"
	// Rounding 50.25 → 50.3 and 61.25 → 61.3 (half away from zero).
	if got := p.String(); got != want {
		t.Errorf("path %q, want %q", got, want)
	}
	// The same points smoothed: long segments become cubic curves.
	s := pathBuilder{minStep: 5, smooth: true}
	for _, q := range [][2]float64{{0, 0}, {10, 0}, {20, 10}} {
		s.add(q[0], q[1])
	}
	if got := s.String(); got != "M0 0c1.7 0 6.7-1.7 10 0 3.3 1.7 8.3 8.3 10 10" {
		t.Errorf("smooth path %q", got)
	}
}

func TestLineChart(t *testing.T) {
	x := []float64{1, 2, 3, 4, 5}
	lc := &LineChart{Title: `a<b & "c"`, XLabel: "lead <t>", YLabel: "error & more", LogY: true,
		Series: []Series{
			{Name: "one", X: x, Y: []float64{1, 20, math.NaN(), 300, 1000}},
			{Name: "two", X: x, Y: []float64{3, 3, 0, 3, 3}, Marker: true},
			{Name: "", X: x, Y: []float64{5, 6, 7, 8, 9}, Dash: true},
		},
		VLines: []VLine{{X: 2.5, Label: "vpt"}, {X: 99, Label: "outside"}}, HLines: []HLine{{Y: 4, Label: "threshold"}}}
	s := lc.SVG()
	root := parse(t, s)
	lines := linePaths(root)
	if len(lines) != 2 {
		t.Fatalf("%d line paths, want 2 (one per line series)", len(lines))
	}
	if d := lines[0].attr["d"]; strings.Count(d, "M") != 2 {
		t.Errorf("the NaN did not break the line into two pieces: %s", d)
	}
	if lines[1].attr["stroke-dasharray"] == "" || lines[1].attr["stroke"] != Palette(2) {
		t.Errorf("third series: %v", lines[1].attr)
	}
	// Four drawable markers (the zero is skipped on the log axis), each
	// with a tooltip.
	circles := root.all(func(n *node) bool { return n.name == "circle" && n.parent.attr["class"] != "legend" })
	if len(circles) != 4 || circles[0].child("title") == nil || circles[0].child("title").text != "two: (1, 3)" {
		t.Errorf("%d markers, first %+v", len(circles), circles[0])
	}
	if got := legendTexts(root); !slices.Equal(got, []string{"one", "two"}) {
		t.Errorf("legend %q", got)
	}
	texts := strings.Join(func() []string {
		var o []string
		for _, n := range root.all(named("text")) {
			o = append(o, n.fulltext())
		}
		return o
	}(), "|")
	for _, want := range []string{`a<b & "c"`, "lead <t>", "error & more", "vpt", "threshold"} {
		if !strings.Contains(texts, want) {
			t.Errorf("text %q missing from %q", want, texts)
		}
	}
	if strings.Contains(texts, "outside") {
		t.Error("a vertical line outside the x range was drawn")
	}
	if !strings.Contains(s, `a&lt;b &amp; &#34;c&#34;`) {
		t.Error("title not escaped as expected")
	}
	// Log y axis: decade labels with superscripts.
	if ticks := tickTexts(root); !slices.Contains(ticks, "10^3") || !slices.Contains(ticks, "10^0") {
		t.Errorf("log tick labels %q", ticks)
	}
	// The clip path referenced by the data group exists.
	clip := root.all(named("clipPath"))
	groups := root.all(func(n *node) bool { return n.attr["clip-path"] != "" })
	if len(clip) != 1 || len(groups) != 1 || groups[0].attr["clip-path"] != "url(#"+clip[0].attr["id"]+")" {
		t.Errorf("clip path wiring: %d clipPath, %d groups", len(clip), len(groups))
	}
	if s != lc.SVG() {
		t.Error("output is not deterministic")
	}
	if strings.Contains(s, "NaN") || strings.Contains(s, "Inf") {
		t.Error("NaN or Inf leaked into the output")
	}
	w, h := root.attr["width"], root.attr["height"]
	if w != "640" || h != "360" || root.attr["viewBox"] != "0 0 640 360" {
		t.Errorf("size %s×%s viewBox %q", w, h, root.attr["viewBox"])
	}
	// Different charts on one page get different ids.
	other := (&LineChart{Series: []Series{{X: x, Y: x}}}).SVG()
	if id := parse(t, other).all(named("clipPath"))[0].attr["id"]; id == clip[0].attr["id"] {
		t.Error("two different charts share a clip-path id")
	}
}

func TestLegendPlacement(t *testing.T) {
	fr := frame{l: 50, t: 30, r: 600, b: 300}
	// Data crowding the top right: the legend moves to the top left.
	s := &sampler{}
	s.rect(0.6, 0.6, 1, 1)
	x, y, inside := placeLegend(fr, 100, 40, s)
	if !inside || x != fr.l+8 || y != fr.t+8 {
		t.Errorf("legend at (%v, %v), inside %v; want top left", x, y, inside)
	}
	// Data everywhere: outside.
	s.rect(0, 0, 1, 1)
	if _, _, inside := placeLegend(fr, 100, 40, s); inside {
		t.Error("legend inside a full frame")
	}
	// A chart whose every corner is covered puts the legend to the right.
	var xs, ys []float64
	for i := 0; i < 1600; i++ {
		xs, ys = append(xs, float64(i%40)), append(ys, float64(i/40))
	}
	lc := &LineChart{Series: []Series{{Name: "grid", X: xs, Y: ys, Marker: true}, {Name: "b", X: []float64{0, 39}, Y: []float64{0, 39}}}}
	root := parse(t, lc.SVG())
	leg := root.all(func(n *node) bool { return n.attr["class"] == "legend" })[0].child("rect")
	lx, _ := strconv.ParseFloat(leg.attr["x"], 64)
	clip := root.all(named("clipPath"))[0].child("rect")
	cx, _ := strconv.ParseFloat(clip.attr["x"], 64)
	cw, _ := strconv.ParseFloat(clip.attr["width"], 64)
	if lx < cx+cw {
		t.Errorf("legend at x = %v inside the frame ending at %v", lx, cx+cw)
	}
}

func TestScatterAndProjection(t *testing.T) {
	var x, y []float64
	for i := 0; i < 1000; i++ {
		a := float64(i) / 30
		x, y = append(x, math.Cos(a)*a), append(y, math.Sin(a)*a)
	}
	x[500] = math.NaN()
	// Many points: one path of dots per series.
	sc := &ScatterChart{Title: "s", Series: []Series{{Name: "a", X: x, Y: y}, {Name: "b", X: x[:50], Y: y[:50]}}}
	root := parse(t, sc.SVG())
	dots := root.all(func(n *node) bool {
		return n.name == "path" && n.attr["stroke-linecap"] == "round" && n.attr["fill"] == "none" && n.attr["stroke-linejoin"] == ""
	})
	if len(dots) != 1 || strings.Count(dots[0].attr["d"], "h0") < 900 {
		t.Errorf("%d dot paths", len(dots))
	}
	if n := len(root.all(func(n *node) bool { return n.name == "circle" && n.parent.attr["class"] != "legend" })); n != 50 {
		t.Errorf("%d circles for the small series, want 50", n)
	}
	// Path mode: one smooth translucent line per series.
	sc.Path = true
	root = parse(t, sc.SVG())
	if lines := linePaths(root); len(lines) != 2 || lines[0].attr["opacity"] != "0.6" || !strings.Contains(lines[0].attr["d"], "c") {
		t.Errorf("path mode: %d lines", len(lines))
	}
	// Projection: a long trajectory stays small.
	var px, py []float64
	for i := 0; i < 100000; i++ {
		a := float64(i) / 500
		px, py = append(px, math.Cos(a)*(1+a/50)), append(py, math.Sin(3*a)*(1+a/80))
	}
	p := Projection("spiral", px, py, "x", "y")
	root = parse(t, p)
	if lines := linePaths(root); len(lines) != 1 || len(p) > 150_000 {
		t.Errorf("projection: %d lines, %d bytes", len(lines), len(p))
	}
	if legendTexts(root) != nil {
		t.Error("projection has a legend")
	}
}

func TestDownsample(t *testing.T) {
	x := []float64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}
	y := []float64{10, 11, 12, 13, 14, 15, 16, 17, 18}
	ox, oy := Downsample(x, y, 4)
	if !slices.Equal(ox, []float64{0, 2, 5, 8}) || !slices.Equal(oy, []float64{10, 12, 15, 18}) {
		t.Errorf("Downsample = %v %v", ox, oy)
	}
	ox, oy = Downsample(x, y, 100)
	if len(ox) != 9 || len(oy) != 9 {
		t.Errorf("short input: %d %d", len(ox), len(oy))
	}
	if ox, _ := Downsample(nil, nil, 5); len(ox) != 0 {
		t.Error("nil input")
	}
}

func TestHeatmap(t *testing.T) {
	v := [][]float64{{1, 0.5, math.NaN()}, {0.5, 1, 0.2}, {0, 0.2}}
	hm := &Heatmap{Title: "cka", RowLabels: []string{"a<1", "b", "c"}, ColLabels: []string{"x", "y"}, Values: v, Annotate: true, ColorbarLabel: "CKA"}
	root := parse(t, hm.SVG())
	cells := root.all(func(n *node) bool { return n.name == "rect" && n.child("title") != nil })
	if len(cells) != 9 {
		t.Fatalf("%d cells, want 9", len(cells))
	}
	if got := cells[0].child("title").text; got != "a<1 × x: 1.00" {
		t.Errorf("first tooltip %q", got)
	}
	if got := cells[2].child("title").text; got != "a<1 × 2: no value" || cells[2].attr["fill"] != nanColor {
		t.Errorf("NaN cell %q %s", got, cells[2].attr["fill"])
	}
	if cells[8].attr["fill"] != nanColor {
		t.Error("the missing cell of the short row is not grey")
	}
	// Colours span viridis from the minimum (0) to the maximum (1).
	if cells[6].attr["fill"] != Viridis(0) || cells[0].attr["fill"] != Viridis(1) {
		t.Errorf("cell colours %s %s", cells[6].attr["fill"], cells[0].attr["fill"])
	}
	// One annotation per finite value; all rects = background + cells +
	// colour bar.
	ann := root.all(func(n *node) bool {
		return n.name == "text" && n.parent.attr["text-anchor"] == "middle" && n.parent.attr["font-size"] != ""
	})
	if len(ann) != 7 {
		t.Errorf("%d annotations, want 7", len(ann))
	}
	if n := len(root.all(named("rect"))); n != 1+9+1 {
		t.Errorf("%d rects, want 11", n)
	}
	if stops := root.all(named("stop")); len(stops) != 17 {
		t.Errorf("%d gradient stops", len(stops))
	}
	// Diverging without limits is symmetric about zero; annotations off.
	d := &Heatmap{Values: [][]float64{{-0.5, 0.25}}, Diverging: true}
	root = parse(t, d.SVG())
	cells = root.all(func(n *node) bool { return n.name == "rect" && n.child("title") != nil })
	if cells[0].attr["fill"] != Diverging(-1) || cells[1].attr["fill"] != Diverging(0.5) {
		t.Errorf("diverging colours %s %s", cells[0].attr["fill"], cells[1].attr["fill"])
	}
	if n := len(root.all(func(n *node) bool { return n.name == "text" && n.text == "−0.50" })); n != 0 {
		t.Error("annotations without Annotate")
	}
	// A 12×12 matrix keeps its annotations and every label.
	labels := make([]string, 12)
	big := make([][]float64, 12)
	for i := range big {
		labels[i] = fmt.Sprintf("model-%d/seed1", i)
		big[i] = make([]float64, 12)
		for j := range big[i] {
			big[i][j] = float64(i*j) / 121
		}
	}
	root = parse(t, (&Heatmap{RowLabels: labels, ColLabels: labels, Values: big, Annotate: true}).SVG())
	texts := root.all(named("text"))
	if len(texts) < 144+24 {
		t.Errorf("%d texts in a 12×12 annotated heatmap", len(texts))
	}
	// A given width (alone or with a height) holds the grid and the colour
	// bar.
	for _, c := range []struct{ w, h int }{{300, 0}, {0, 200}, {420, 260}} {
		root = parse(t, (&Heatmap{RowLabels: labels, ColLabels: labels, Values: big, Width: c.w, Height: c.h}).SVG())
		W, _ := strconv.ParseFloat(root.attr["width"], 64)
		H, _ := strconv.ParseFloat(root.attr["height"], 64)
		if (c.w > 0 && W != float64(c.w)) || (c.h > 0 && H != float64(c.h)) {
			t.Errorf("%v: size %v×%v", c, W, H)
		}
		maxX, maxY := 0.0, 0.0
		for _, r := range root.all(named("rect")) {
			x, _ := strconv.ParseFloat(r.attr["x"], 64)
			y, _ := strconv.ParseFloat(r.attr["y"], 64)
			rw, _ := strconv.ParseFloat(r.attr["width"], 64)
			rh, _ := strconv.ParseFloat(r.attr["height"], 64)
			maxX, maxY = math.Max(maxX, x+rw), math.Max(maxY, y+rh)
		}
		if maxX > W+0.1 || maxY > H+0.1 {
			t.Errorf("%v: rects reach (%v, %v) on a %v×%v canvas", c, maxX, maxY, W, H)
		}
	}
}

func TestBarChart(t *testing.T) {
	bc := &BarChart{Title: "spectra", YLabel: "λ", Categories: []string{"λ1", "λ2", `<λ3>`}, Groups: []BarGroup{
		{Name: "system", Values: []float64{0.9, 0, -14.5}, Errors: []float64{0.01, 0.01, 0.1}},
		{Name: "model", Values: []float64{0.8, math.NaN(), -10, 99}}}}
	root := parse(t, bc.SVG())
	bars := root.all(func(n *node) bool { return n.name == "rect" && n.child("title") != nil })
	if len(bars) != 5 {
		t.Fatalf("%d bars, want 5 (NaN and the value beyond the categories are skipped)", len(bars))
	}
	if got := bars[2].child("title").text; got != "system, <λ3>: -14.5 ± 0.1" {
		t.Errorf("tooltip %q", got)
	}
	if bars[0].parent.attr["fill"] != Palette(0) || bars[3].parent.attr["fill"] != Palette(1) {
		t.Error("group colours")
	}
	errs := root.all(func(n *node) bool { return n.name == "path" && n.attr["stroke"] == "#222222" })
	if len(errs) != 1 || strings.Count(errs[0].attr["d"], "V") != 3 {
		t.Errorf("error bars %v", errs)
	}
	if got := legendTexts(root); !slices.Equal(got, []string{"system", "model"}) {
		t.Errorf("legend %q", got)
	}
	// Negative bars grow down from zero: their top is the zero line.
	y0, _ := strconv.ParseFloat(bars[0].attr["y"], 64)
	h0, _ := strconv.ParseFloat(bars[0].attr["height"], 64)
	y2, _ := strconv.ParseFloat(bars[2].attr["y"], 64)
	if math.Abs(y0+h0-y2) > 0.2 {
		t.Errorf("positive bar ends at %v, negative starts at %v", y0+h0, y2)
	}
	// Log axis: non-positive bars are skipped.
	lb := &BarChart{Categories: []string{"a", "b", "c"}, LogY: true, Groups: []BarGroup{{Values: []float64{10, 0, 1000}}}}
	if n := len(parse(t, lb.SVG()).all(func(n *node) bool { return n.name == "rect" && n.child("title") != nil })); n != 2 {
		t.Errorf("log bars %d, want 2", n)
	}
}

func TestHistogram(t *testing.T) {
	ks := []float64{0, 1, 2, 3, 4, 5, 6, 7, 8}
	hg := &Histogram{Title: "systemic", XLabel: "k", Bins: ks, Counts: []float64{5, 3, 2, 1, 1, 0, 0, 0, 1}, Name: "observed",
		Overlay: []Series{{Name: "independent", X: ks, Y: []float64{4, 4, 2, 1, 0.5, 0.1, 0, 0, 0}, Marker: true, Connect: true}}}
	root := parse(t, hg.SVG())
	bars := root.all(func(n *node) bool { return n.name == "rect" && n.child("title") != nil })
	if len(bars) != 9 || bars[8].child("title").text != "8: 1" {
		t.Fatalf("%d bars", len(bars))
	}
	if len(linePaths(root)) != 1 || len(root.all(func(n *node) bool { return n.name == "circle" && n.parent.attr["class"] != "legend" })) != 9 {
		t.Error("overlay line and markers")
	}
	if got := legendTexts(root); !slices.Equal(got, []string{"observed", "independent"}) {
		t.Errorf("legend %q", got)
	}
	// Integer categories: a tick at every integer.
	ticks := tickTexts(root)
	for _, k := range []string{"0", "1", "2", "3", "4", "5", "6", "7", "8"} {
		if !slices.Contains(ticks, k) {
			t.Errorf("no tick %s in %q", k, ticks)
		}
	}
	// Edges: bars touch.
	he := &Histogram{Bins: []float64{0, 0.5, 1, 1.5}, Counts: []float64{2, 7, 1}}
	bars = parse(t, he.SVG()).all(func(n *node) bool { return n.name == "rect" && n.child("title") != nil })
	if len(bars) != 3 || bars[1].child("title").text != "[0.5, 1): 7" {
		t.Fatalf("edge bars %d", len(bars))
	}
	x0, _ := strconv.ParseFloat(bars[0].attr["x"], 64)
	w0, _ := strconv.ParseFloat(bars[0].attr["width"], 64)
	x1, _ := strconv.ParseFloat(bars[1].attr["x"], 64)
	if math.Abs(x0+w0-x1) > 0.2 {
		t.Errorf("bars do not touch: %v + %v vs %v", x0, w0, x1)
	}
}

func TestEmptyAndDegenerate(t *testing.T) {
	nan := math.NaN()
	for name, s := range map[string]string{
		"line nil":        (&LineChart{Title: "t"}).SVG(),
		"line all NaN":    (&LineChart{Series: []Series{{X: []float64{nan, 1}, Y: []float64{1, nan}}}}).SVG(),
		"line log ≤ 0":    (&LineChart{LogY: true, Series: []Series{{X: []float64{1, 2}, Y: []float64{0, -1}}}}).SVG(),
		"line no y":       (&LineChart{Series: []Series{{X: []float64{1, 2}}}}).SVG(),
		"scatter":         (&ScatterChart{}).SVG(),
		"heatmap":         (&Heatmap{Title: "h"}).SVG(),
		"heatmap rows":    (&Heatmap{Values: [][]float64{{}, {}}}).SVG(),
		"bars":            (&BarChart{}).SVG(),
		"bars no values":  (&BarChart{Categories: []string{"a"}}).SVG(),
		"bars NaN":        (&BarChart{Categories: []string{"a"}, Groups: []BarGroup{{Values: []float64{nan}}}}).SVG(),
		"histogram":       (&Histogram{}).SVG(),
		"projection":      Projection("p", nil, nil, "", ""),
		"projection tiny": Projection("p", []float64{1}, []float64{2}, "", ""),
	} {
		root := parse(t, s)
		hasNote := len(root.all(func(n *node) bool { return n.name == "text" && n.text == "no data" })) == 1
		if want := name != "projection tiny"; hasNote != want {
			t.Errorf("%s: no-data note %v, want %v", name, hasNote, want)
		}
	}
	// Degenerate but drawable: constant, single point, all-NaN heatmap,
	// a tiny canvas, huge values.
	for name, s := range map[string]string{
		"constant":     (&LineChart{Series: []Series{{X: []float64{0, 1, 2}, Y: []float64{2, 2, 2}}}}).SVG(),
		"single":       (&LineChart{Series: []Series{{X: []float64{3}, Y: []float64{4}}}}).SVG(),
		"NaN heatmap":  (&Heatmap{Values: [][]float64{{nan, nan}}}).SVG(),
		"const heat":   (&Heatmap{Values: [][]float64{{3, 3}}, Annotate: true}).SVG(),
		"tiny canvas":  (&LineChart{Width: 30, Height: 20, Title: "a long title", XLabel: "x", YLabel: "y", Series: []Series{{Name: "a", X: []float64{0, 1}, Y: []float64{0, 1}}, {Name: "b", X: []float64{0, 1}, Y: []float64{1, 0}}}}).SVG(),
		"huge":         (&LineChart{Series: []Series{{X: []float64{0, 1}, Y: []float64{-1e300, 1e300}}}}).SVG(),
		"fixed":        (&LineChart{XMin: ptr(5), XMax: ptr(1), YMin: ptr(math.Inf(1)), Series: []Series{{X: []float64{0, 10}, Y: []float64{0, 10}}}}).SVG(),
		"log fixed ≤0": (&LineChart{LogY: true, YMin: ptr(-1), Series: []Series{{X: []float64{0, 10}, Y: []float64{1, 10}}}}).SVG(),
		"control char": (&BarChart{Title: "bell\x07 \x00", Categories: []string{"\xff"}, Groups: []BarGroup{{Values: []float64{1}}}}).SVG(),
	} {
		root := parse(t, s)
		if len(root.all(func(n *node) bool { return n.text == "no data" })) != 0 {
			t.Errorf("%s: drawn as no data", name)
		}
		if strings.Contains(s, "NaN") || strings.Contains(s, "Inf") {
			t.Errorf("%s: NaN or Inf in the output", name)
		}
	}
}

func ptr(v float64) *float64 { return &v }

func TestSize(t *testing.T) {
	x, y := make([]float64, 5000), make([]float64, 5000)
	for i := range x {
		x[i], y[i] = float64(i), math.Sin(float64(i)/50)+0.1*math.Sin(float64(i)*1.3)
	}
	s := (&LineChart{Series: []Series{{X: x, Y: y}}}).SVG()
	if len(s) > 150_000 {
		t.Errorf("5000-point line: %d bytes", len(s))
	}
	s = (&ScatterChart{Series: []Series{{X: x, Y: y}}}).SVG()
	if len(s) > 150_000 {
		t.Errorf("5000-point scatter: %d bytes", len(s))
	}
}

func BenchmarkLineChart5000(b *testing.B) {
	x, y := make([]float64, 5000), make([]float64, 5000)
	for i := range x {
		x[i], y[i] = float64(i), math.Sin(float64(i)/50)
	}
	c := &LineChart{Title: "bench", XLabel: "x", YLabel: "y", Series: []Series{{Name: "a", X: x, Y: y}, {Name: "b", X: x, Y: x}}}
	b.ReportAllocs()
	for b.Loop() {
		_ = c.SVG()
	}
}

func BenchmarkHeatmap30(b *testing.B) {
	v := make([][]float64, 30)
	for i := range v {
		v[i] = make([]float64, 30)
		for j := range v[i] {
			v[i][j] = math.Sin(float64(i * j))
		}
	}
	h := &Heatmap{Values: v, Diverging: true, Annotate: true}
	b.ReportAllocs()
	for b.Loop() {
		_ = h.SVG()
	}
}
