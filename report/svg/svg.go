package svg

import (
	"encoding/xml"
	"fmt"
	"hash/fnv"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// fontFamily is the generic system font stack of every chart.
const fontFamily = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"

// Text colours and sizes shared by the charts.
const (
	titleSize = 14.0
	labelSize = 12.0
	tickSize  = 11.0
	titleFill = "#111111"
	labelFill = "#222222"
	tickFill  = "#444444"
	spineFill = "#555555"
	gridMajor = "#e6e6e6"
	gridMinor = "#f3f3f3"
)

// palette is the Okabe-Ito colour-blind-safe palette (Okabe & Ito 2008,
// "Color Universal Design") without black, which callers use for
// references such as the truth; yellow is last because it is faint on
// white.
var palette = [...]string{"#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#f0e442"}

// Palette returns the i-th categorical colour, cycling through the seven
// Okabe-Ito colours (blue, vermillion, bluish green, reddish purple,
// orange, sky blue, yellow); negative i count from the end.
func Palette(i int) string {
	n := len(palette)
	return palette[((i%n)+n)%n]
}

// anchor is one control point of a colormap: position in [0, 1] and RGB in
// [0, 1].
type anchor struct {
	pos     float64
	r, g, b float64
}

// viridisAnchors samples matplotlib's viridis (van der Walt & Smith 2015)
// at entries 0, 16, …, 240 and 255 of its 256-entry table; linear
// interpolation between them stays within two units per channel of the
// full table.
var viridisAnchors = []anchor{
	{0, 0.267004, 0.004874, 0.329415},
	{16, 0.282327, 0.094955, 0.417331},
	{32, 0.278826, 0.175490, 0.483397},
	{48, 0.258965, 0.251537, 0.524736},
	{64, 0.229739, 0.322361, 0.545706},
	{80, 0.199430, 0.387607, 0.554642},
	{96, 0.172719, 0.448791, 0.557885},
	{112, 0.149039, 0.508051, 0.557250},
	{128, 0.127568, 0.566949, 0.550556},
	{144, 0.120638, 0.625828, 0.533488},
	{160, 0.157851, 0.683765, 0.501686},
	{176, 0.246070, 0.738910, 0.452024},
	{192, 0.369214, 0.788888, 0.382914},
	{208, 0.515992, 0.831158, 0.294279},
	{224, 0.678489, 0.863742, 0.189503},
	{240, 0.845561, 0.887322, 0.099702},
	{255, 0.993248, 0.906157, 0.143936},
}

// divergingHex is ColorBrewer's 11-class RdBu (Brewer, colorbrewer2.org)
// reversed, so that negative values are blue and positive ones red.
var divergingHex = []string{"#053061", "#2166ac", "#4393c3", "#92c5de", "#d1e5f0", "#f7f7f7",
	"#fddbc7", "#f4a582", "#d6604d", "#b2182b", "#67001f"}

var divergingAnchors = func() []anchor {
	a := make([]anchor, len(divergingHex))
	for i, h := range divergingHex {
		r, g, b, _ := parseHex(h)
		a[i] = anchor{float64(i) / float64(len(divergingHex)-1), r, g, b}
	}
	return a
}()

func init() {
	for i := range viridisAnchors {
		viridisAnchors[i].pos /= 255
	}
}

// nanColor is the colour of NaN in both colormaps.
const nanColor = "#cccccc"

// ramp interpolates linearly between anchors; t is clamped to [0, 1].
func ramp(as []anchor, t float64) string {
	if math.IsNaN(t) {
		return nanColor
	}
	t = math.Max(0, math.Min(1, t))
	i := 1
	for i < len(as)-1 && as[i].pos < t {
		i++
	}
	a, b := as[i-1], as[i]
	f := (t - a.pos) / (b.pos - a.pos)
	mix := func(x, y float64) int { return int(math.Round(255 * (x + (y-x)*f))) }
	return fmt.Sprintf("#%02x%02x%02x", mix(a.r, b.r), mix(a.g, b.g), mix(a.b, b.b))
}

// Viridis maps t ∈ [0, 1] to matplotlib's perceptually uniform viridis
// colormap: Viridis(0) = "#440154" (dark purple), Viridis(1) = "#fde725"
// (yellow). t outside [0, 1] is clamped; NaN gives grey "#cccccc".
func Viridis(t float64) string { return ramp(viridisAnchors, t) }

// Diverging maps t ∈ [-1, 1] to a blue-white-red colormap (ColorBrewer
// RdBu): Diverging(-1) = "#053061" (dark blue), Diverging(0) = "#f7f7f7"
// (near white), Diverging(1) = "#67001f" (dark red). It suits
// correlations. t outside [-1, 1] is clamped; NaN gives grey "#cccccc".
func Diverging(t float64) string { return ramp(divergingAnchors, (t+1)/2) }

// parseHex reads "#rrggbb" or "#rgb" into [0, 1] channels.
func parseHex(s string) (r, g, b float64, ok bool) {
	if len(s) == 4 && s[0] == '#' {
		s = "#" + s[1:2] + s[1:2] + s[2:3] + s[2:3] + s[3:4] + s[3:4]
	}
	if len(s) != 7 || s[0] != '#' {
		return 0, 0, 0, false
	}
	v, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil {
		return 0, 0, 0, false
	}
	return float64(v>>16&255) / 255, float64(v>>8&255) / 255, float64(v&255) / 255, true
}

// luminance is the relative luminance (WCAG 2) of a hex colour; unknown
// colours count as mid-grey.
func luminance(hex string) float64 {
	r, g, b, ok := parseHex(hex)
	if !ok {
		return 0.5
	}
	lin := func(c float64) float64 {
		if c <= 0.03928 {
			return c / 12.92
		}
		return math.Pow((c+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// FormatTick formats one value compactly for labels and tooltips: four
// significant digits, k and M suffixes from 1000 to 10⁹, and exponent
// notation without padding outside [0.001, 10⁹): 0, 0.25, 12.35, 1.5k,
// 2M, 1e-05 → "1e-5", NaN → "NaN".
func FormatTick(v float64) string {
	a := math.Abs(v)
	switch {
	case v == 0:
		return "0"
	case math.IsNaN(v):
		return "NaN"
	case math.IsInf(v, 0):
		if v > 0 {
			return "∞"
		}
		return "-∞"
	case a >= 1e9 || a < 1e-3:
		return cleanExp(strconv.FormatFloat(v, 'g', 3, 64))
	case a >= 1e6:
		return strconv.FormatFloat(v/1e6, 'g', 4, 64) + "M"
	case a >= 1e3:
		return strconv.FormatFloat(v/1e3, 'g', 4, 64) + "k"
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}

// cleanExp shortens Go's exponent notation: "1e-05" → "1e-5",
// "2.5e+09" → "2.5e9".
func cleanExp(s string) string {
	i := strings.IndexByte(s, 'e')
	if i < 0 {
		return s
	}
	m, e := s[:i], s[i+1:]
	sign := ""
	if e[0] == '-' {
		sign = "-"
	}
	e = strings.TrimLeft(e[1:], "0")
	if e == "" {
		e = "0"
	}
	return m + "e" + sign + e
}

// minus replaces ASCII hyphen-minus signs by the typographic minus U+2212
// for rendered tick labels.
func minus(s string) string { return strings.ReplaceAll(s, "-", "−") }

// num formats a pixel coordinate rounded to 0.1.
func num(v float64) string {
	r := math.Round(v*10) / 10
	if r == 0 {
		r = 0 // no "-0"
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}

// esc escapes text for element content and attribute values; characters
// that XML forbids become U+FFFD.
func esc(s string) string {
	if !strings.ContainsAny(s, "&<>\"'\t\n\r") && validText(s) {
		return s
	}
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s)) // writes to a strings.Builder never fail
	return b.String()
}

func validText(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == utf8.RuneError || (r >= 0xd800 && r < 0xe000) || r == 0xfffe || r == 0xffff {
			return false
		}
	}
	return true
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// textWidth estimates the rendered width in pixels of s at the given font
// size, from approximate advance widths of a sans-serif face (generous, so
// that wide fallback fonts such as DejaVu Sans still fit).
func textWidth(s string, size float64) float64 {
	w := 0.0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			w += 0.6
		case strings.ContainsRune(".,:;'!|il ", r):
			w += 0.3
		case strings.ContainsRune("fjtrI()[]", r):
			w += 0.38
		case strings.ContainsRune("mwMW", r):
			w += 0.88
		case r == '−' || r == '-' || r == '=' || r == '+' || r == '×':
			w += 0.6
		case r >= 'A' && r <= 'Z':
			w += 0.7
		case r >= 'a' && r <= 'z':
			w += 0.56
		default:
			w += 0.62
		}
	}
	return w * size
}

// truncate shortens s to at most n runes, ending with an ellipsis.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// idMark stands for the chart's id prefix until the chart is complete; a
// NUL byte cannot come from escaped user text.
const idMark = "\x00"

// canvas accumulates the SVG document.
type canvas struct {
	b    []byte
	w, h int
}

func newCanvas(w, h int, title string) *canvas {
	c := &canvas{w: w, h: h}
	c.printf(`<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="%s" font-size="%g" role="img"`,
		w, h, w, h, fontFamily, tickSize)
	if title != "" {
		c.printf(` aria-label="%s"`, esc(title))
	}
	c.printf(`><rect width="%d" height="%d" fill="#ffffff"/>`, w, h)
	return c
}

func (c *canvas) printf(format string, a ...any) { c.b = fmt.Appendf(c.b, format, a...) }

func (c *canvas) raw(s string) { c.b = append(c.b, s...) }

// text writes a text element; attrs are raw attributes (with a leading
// space), s is escaped.
func (c *canvas) text(x, y float64, attrs, s string) {
	c.printf(`<text x="%s" y="%s"%s>%s</text>`, num(x), num(y), attrs, esc(s))
}

// done closes the document and replaces the id placeholders by a hash of
// the content, so that equal charts get equal ids and different charts on
// one page get different ones.
func (c *canvas) done() string {
	c.raw("</svg>")
	s := string(c.b)
	if !strings.Contains(s, idMark) {
		return s
	}
	h := fnv.New64a()
	h.Write(c.b)
	return strings.ReplaceAll(s, idMark, fmt.Sprintf("g%012x", h.Sum64()&0xffffffffffff))
}

// title draws a chart title left-aligned at x, shrinking and then
// truncating it to fit the canvas width.
func (c *canvas) title(x float64, s string) {
	if s == "" {
		return
	}
	size := titleSize
	avail := float64(c.w) - x - 8
	if w := textWidth(s, size); w > avail {
		x = 8
		avail = float64(c.w) - 16
		if w > avail {
			size = math.Max(11, size*avail/w)
			for textWidth(s, size) > avail && utf8.RuneCountInString(s) > 4 {
				s = truncate(s, utf8.RuneCountInString(s)-1)
			}
		}
	}
	c.text(x, 20, fmt.Sprintf(` font-size="%g" font-weight="600" fill="%s"`, size, titleFill), s)
}

// nodata finishes a chart without data: title, an empty frame and a
// centred note.
func (c *canvas) nodata(title string) string {
	c.title(16, title)
	top := 34.0
	if title == "" {
		top = 12
	}
	c.printf(`<rect x="16" y="%s" width="%s" height="%s" fill="none" stroke="#dddddd"/>`,
		num(top), num(float64(c.w)-32), num(math.Max(float64(c.h)-top-16, 1)))
	c.text(float64(c.w)/2, (top+float64(c.h)-16)/2+4, ` text-anchor="middle" font-size="13" fill="#888888"`, "no data")
	return c.done()
}

// pathBuilder writes compact path data in integer tenths of a pixel with
// relative commands. Within a piece it drops points that move the pen by
// less than minStep tenths from the last kept point (the last point of
// every piece is kept); with smooth, segments longer than 4 px become
// Catmull-Rom cubic curves through the kept points. A piece of one point
// is drawn as a dot (a zero-length segment, visible with round caps).
type pathBuilder struct {
	b       []byte
	piece   [][2]int64 // kept points of the current piece (tenths)
	last    [2]int64   // last point seen but not kept
	pending bool
	minStep int64
	smooth  bool
}

func tenths(v float64) int64 {
	v = math.Max(-1e7, math.Min(1e7, v)) // keep absurd coordinates finite
	return int64(math.Round(v * 10))
}

// appendTenths writes n/10 with at most one decimal and no leading zero,
// preceded by a space when sep is set and the number has no sign.
func appendTenths(b []byte, n int64, sep bool) []byte {
	if n < 0 {
		b = append(b, '-')
		n = -n
	} else if sep {
		b = append(b, ' ')
	}
	if n >= 10 || n == 0 {
		b = strconv.AppendInt(b, n/10, 10)
	}
	if r := n % 10; r != 0 {
		b = append(b, '.', byte('0'+r))
	}
	return b
}

// add appends a point to the current piece.
func (p *pathBuilder) add(x, y float64) {
	t := [2]int64{tenths(x), tenths(y)}
	if len(p.piece) == 0 {
		p.piece = append(p.piece, t)
		p.pending = false
		return
	}
	k := p.piece[len(p.piece)-1]
	if abs64(t[0]-k[0])+abs64(t[1]-k[1]) < p.minStep {
		p.last, p.pending = t, t != k
		return
	}
	p.piece = append(p.piece, t)
	p.pending = false
}

// breakLine ends the current piece (at a NaN or skipped value).
func (p *pathBuilder) breakLine() { p.emit() }

func (p *pathBuilder) emit() {
	if p.pending {
		p.piece = append(p.piece, p.last)
		p.pending = false
	}
	pts := p.piece
	if len(pts) == 0 {
		return
	}
	p.b = append(p.b, 'M')
	p.b = appendTenths(p.b, pts[0][0], false)
	p.b = appendTenths(p.b, pts[0][1], true)
	if len(pts) == 1 {
		p.b = append(p.b, 'h', '0')
	}
	var cmd byte
	rel := func(c byte, vals ...int64) {
		sep := cmd == c
		if !sep {
			p.b = append(p.b, c)
			cmd = c
		}
		for i, v := range vals {
			p.b = appendTenths(p.b, v, sep || i > 0)
		}
	}
	for i := 1; i < len(pts); i++ {
		cur, q := pts[i-1], pts[i]
		dx, dy := q[0]-cur[0], q[1]-cur[1]
		if p.smooth && abs64(dx)+abs64(dy) > 40 {
			prev, next := pts[max(i-2, 0)], pts[min(i+1, len(pts)-1)]
			c1x := div6(q[0] - prev[0])
			c1y := div6(q[1] - prev[1])
			c2x := dx - div6(next[0]-cur[0])
			c2y := dy - div6(next[1]-cur[1])
			rel('c', c1x, c1y, c2x, c2y, dx, dy)
			continue
		}
		rel('l', dx, dy)
	}
	p.piece = p.piece[:0]
}

func (p *pathBuilder) String() string {
	p.emit()
	return string(p.b)
}

func div6(v int64) int64 { return int64(math.Round(float64(v) / 6)) }

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}
