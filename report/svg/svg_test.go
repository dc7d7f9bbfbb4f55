package svg

import (
	"encoding/xml"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// count parses s as XML and counts elements by name.
func count(t *testing.T, s string) map[string]int {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(s))
	n := map[string]int{}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, s[:min(len(s), 400)])
		}
		if se, ok := tok.(xml.StartElement); ok {
			n[se.Name.Local]++
		}
	}
	return n
}

func TestNiceTicks(t *testing.T) {
	for _, c := range []struct {
		lo, hi float64
		want   []float64
	}{
		{0, 1, []float64{0, 0.2, 0.4, 0.6, 0.8, 1}},
		{0.013, 0.87, []float64{0.2, 0.4, 0.6, 0.8}},
		{-3, 3, []float64{-3, -2, -1, 0, 1, 2, 3}},
		{-105, -2, []float64{-100, -80, -60, -40, -20}},
	} {
		got, _ := NiceTicks(c.lo, c.hi, 6)
		if len(got) != len(c.want) {
			t.Errorf("[%v, %v]: %v, want %v", c.lo, c.hi, got, c.want)
			continue
		}
		for i := range got {
			if math.Abs(got[i]-c.want[i]) > 1e-12 {
				t.Errorf("[%v, %v]: %v, want %v", c.lo, c.hi, got, c.want)
				break
			}
		}
	}
	a, _ := newAxis([]float64{0.5, 2000}, true, 0, 100, nil, nil, false)
	if want := []float64{0.1, 1, 10, 100, 1000, 10000}; !slices.EqualFunc(a.ticks, want, func(x, y float64) bool { return math.Abs(x-y) < 1e-9*y }) {
		t.Errorf("log ticks %v, want %v", a.ticks, want)
	}
	for v, want := range map[float64]string{0: "0", 1500: "1.5k", 2e6: "2M", 1e-5: "1e-05", 0.25: "0.25", 1000: "1k"} {
		if got := FormatTick(v); got != want {
			t.Errorf("FormatTick(%v) = %q, want %q", v, got, want)
		}
	}
}

func TestColormaps(t *testing.T) {
	if Viridis(0) != "#440154" || Viridis(1) != "#fde725" {
		t.Errorf("viridis ends %s %s", Viridis(0), Viridis(1))
	}
	if Diverging(0) != "#f7f7f7" || Diverging(-1) != "#2166ac" || Diverging(1) != "#b2182b" {
		t.Errorf("diverging %s %s %s", Diverging(-1), Diverging(0), Diverging(1))
	}
	if Viridis(math.NaN()) != "#cccccc" || Viridis(2) != Viridis(1) {
		t.Error("NaN or out-of-range colour")
	}
}

func TestLineChart(t *testing.T) {
	x := []float64{1, 2, 3, 4, 5}
	lc := &LineChart{Title: `a<b & "c"`, XLabel: "lead", YLabel: "error", LogY: true,
		Series: []Series{{Name: "one", X: x, Y: []float64{1, 2, math.NaN(), 8, 16}}, {Name: "two", X: x, Y: []float64{3, 3, 3, 3, 3}, Marker: true}},
		VLines: []VLine{{X: 2.5, Label: "vpt"}}, HLines: []HLine{{Y: 4, Label: "threshold"}}}
	s := lc.SVG()
	n := count(t, s)
	if n["path"] != 1 || n["circle"] < 5 || !strings.Contains(s, "a&lt;b &amp; &quot;c&quot;") {
		t.Errorf("elements %v", n)
	}
	// The NaN breaks the line into two pieces.
	if i := strings.Index(s, `<path d="`); strings.Count(s[i:strings.Index(s[i:], `"`+" fill")+i], "M") != 2 {
		t.Error("NaN did not break the line")
	}
	if s != lc.SVG() {
		t.Error("not deterministic")
	}
	empty := (&LineChart{Title: "x"}).SVG()
	if !strings.Contains(empty, "no data") {
		t.Error("empty chart")
	}
	count(t, empty)
	flat := (&LineChart{Series: []Series{{X: x, Y: []float64{2, 2, 2, 2, 2}}}}).SVG()
	count(t, flat)
	if strings.Contains(flat, "NaN") || strings.Contains(flat, "Inf") {
		t.Error("constant series gave a degenerate axis")
	}
	// 5000 points stay small.
	big := make([]float64, 5000)
	for i := range big {
		big[i] = math.Sin(float64(i) / 50)
	}
	xs := make([]float64, 5000)
	for i := range xs {
		xs[i] = float64(i)
	}
	if n := len((&LineChart{Series: []Series{{X: xs, Y: big}}}).SVG()); n > 150000 {
		t.Errorf("5000-point line is %d bytes", n)
	}
}

func TestHeatmapAndBars(t *testing.T) {
	v := [][]float64{{1, 0.5, math.NaN()}, {0.5, 1, 0.2}, {0, 0.2, 1}}
	hm := &Heatmap{Title: "cka", RowLabels: []string{"a", "b", "c"}, ColLabels: []string{"a", "b", "c"}, Values: v, Annotate: true}
	n := count(t, hm.SVG())
	if n["title"] != 9 || n["rect"] < 9+40 {
		t.Errorf("heatmap elements %v", n)
	}
	bc := &BarChart{Title: "spectra", Categories: []string{"λ1", "λ2", "λ3"}, Groups: []BarGroup{
		{Name: "system", Values: []float64{0.9, 0, -14.5}, Errors: []float64{0.01, 0.01, 0.1}},
		{Name: "model", Values: []float64{0.8, math.NaN(), -10}}}}
	n = count(t, bc.SVG())
	if n["title"] != 5 || n["g"] != 1 {
		t.Errorf("bar elements %v", n)
	}
	count(t, (&BarChart{}).SVG())
	count(t, (&Heatmap{}).SVG())
}

// TestWriteSamples writes sample charts for a look (EMERGO_SVG_DIR).
func TestWriteSamples(t *testing.T) {
	dir := os.Getenv("EMERGO_SVG_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	var x, y []float64
	for i := 0; i < 3000; i++ {
		a := float64(i) / 60
		x, y = append(x, math.Cos(a)*(1+a/10)), append(y, math.Sin(3*a)*(1+a/20))
	}
	var page strings.Builder
	page.WriteString("<!DOCTYPE html><html><body style='background:#fff'>")
	page.WriteString(Projection("spiral", x, y, "x", "y"))
	lead, e1, e2 := []float64{}, []float64{}, []float64{}
	for i := 1; i <= 100; i++ {
		lead = append(lead, float64(i)/20)
		e1, e2 = append(e1, 0.001*math.Exp(float64(i)/15)), append(e2, 0.01*math.Exp(float64(i)/25))
	}
	page.WriteString((&LineChart{Title: "Error growth", XLabel: "lead (Lyapunov times)", YLabel: "normalised error", LogY: true,
		Series: []Series{{Name: "esn", X: lead, Y: e1}, {Name: "gru", X: lead, Y: e2}}, VLines: []VLine{{X: 2.3, Color: Palette(0)}},
		HLines: []HLine{{Y: 0.5, Label: "threshold"}}}).SVG())
	page.WriteString((&BarChart{Title: "Lyapunov spectra", YLabel: "λ", Categories: []string{"λ1", "λ2", "λ3"}, Groups: []BarGroup{
		{Name: "system", Values: []float64{0.9, 0, -14.5}, Errors: []float64{0.05, 0.02, 0.3}, Color: "#000000"}, {Name: "esn", Values: []float64{0.8, -0.1, -9}}}}).SVG())
	vals := make([][]float64, 12)
	labels := make([]string, 12)
	for i := range vals {
		labels[i] = "model" + string(rune('a'+i)) + "#1"
		vals[i] = make([]float64, 12)
		for j := range vals[i] {
			vals[i][j] = math.Exp(-math.Abs(float64(i-j)) / 4)
		}
	}
	page.WriteString((&Heatmap{Title: "CKA", RowLabels: labels, ColLabels: labels, Values: vals, Annotate: true}).SVG())
	page.WriteString("</body></html>")
	if err := os.WriteFile(filepath.Join(dir, "samples.html"), []byte(page.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}
