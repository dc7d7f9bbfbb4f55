package svg_test

import (
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/emergo/emergo/report/svg"
)

// sampleCharts builds one realistic chart of each kind, as the report
// draws them.
func sampleCharts() map[string]string {
	out := map[string]string{}

	// Error growth on a log axis with valid prediction times.
	lc := &svg.LineChart{Title: "Error growth", XLabel: "lead (Lyapunov times)", YLabel: "normalised error", LogY: true}
	for i, m := range []struct {
		name      string
		e0, rate  float64
		saturates float64
	}{{"esn", 1e-3, 2.2, 1.2}, {"ngrc", 3e-4, 2.6, 1.1}, {"gru", 5e-3, 1.6, 1.3}, {"transformer", 2e-2, 1.2, 1.0}} {
		var x, y []float64
		for k := 0; k <= 200; k++ {
			t := float64(k) / 25
			x = append(x, t)
			y = append(y, m.saturates/(1+(m.saturates/m.e0-1)*math.Exp(-m.rate*t)))
		}
		lc.Series = append(lc.Series, svg.Series{Name: m.name, X: x, Y: y, Color: svg.Palette(i)})
		vpt := math.Log((m.saturates/0.4-1)/(m.saturates/m.e0-1)) / -m.rate
		lc.VLines = append(lc.VLines, svg.VLine{X: vpt, Color: svg.Palette(i)})
	}
	lc.HLines = append(lc.HLines, svg.HLine{Y: 0.4, Label: "threshold", Color: "#888888"})
	out["error_growth"] = lc.SVG()

	// CCDF of Pareto samples on log-log axes with the fitted power law.
	r := rand.New(rand.NewPCG(1, 2))
	const alpha, xmin = 2.5, 3.0
	xs := make([]float64, 3000)
	for i := range xs {
		xs[i] = math.Floor(xmin * math.Pow(1-r.Float64(), -1/(alpha-1)))
	}
	slices.Sort(xs)
	var cx, cy []float64
	for i, v := range xs {
		if i == 0 || v != xs[i-1] {
			cx, cy = append(cx, v), append(cy, float64(len(xs)-i)/float64(len(xs)))
		}
	}
	fx := []float64{xmin, 1e4}
	fy := []float64{1, math.Pow(1e4/xmin, 1-alpha)}
	out["ccdf"] = (&svg.LineChart{Title: "Tail of avalanche size", XLabel: "avalanche size s", YLabel: "P(S ≥ s)", LogX: true, LogY: true,
		Series: []svg.Series{
			{Name: "data", X: cx, Y: cy, Marker: true, Color: "#333333"},
			{Name: "power law α = 2.5", X: fx, Y: fy, Dash: true, Color: "#d55e00", Width: 2},
		}, VLines: []svg.VLine{{X: xmin, Label: "xmin", Color: "#999999"}}}).SVG()

	// 12×12 CKA heatmap and a diverging error-correlation heatmap.
	labels := make([]string, 12)
	vals := make([][]float64, 12)
	corr := make([][]float64, 12)
	models := []string{"esn", "ngrc", "gru", "lstm"}
	for i := range labels {
		labels[i] = fmt.Sprintf("%s/seed%d", models[i/3], i%3+1)
	}
	for i := range vals {
		vals[i], corr[i] = make([]float64, 12), make([]float64, 12)
		for j := range vals[i] {
			vals[i][j] = math.Exp(-math.Abs(float64(i-j)) / 4)
			if i/3 == j/3 {
				vals[i][j] = math.Min(1, vals[i][j]+0.2)
			}
			corr[i][j] = math.Cos(float64(i-j) * 0.45)
		}
	}
	vals[2][7], vals[7][2] = math.NaN(), math.NaN()
	out["cka"] = (&svg.Heatmap{Title: "CKA of hidden states", RowLabels: labels, ColLabels: labels, Values: vals,
		Min: ptr(0), Max: ptr(1), Annotate: true, ColorbarLabel: "linear CKA"}).SVG()
	out["errcorr"] = (&svg.Heatmap{Title: "Error correlation", RowLabels: labels[:6], ColLabels: labels[:6],
		Values: [][]float64{corr[0][:6], corr[1][:6], corr[2][:6], corr[3][:6], corr[4][:6], corr[5][:6]},
		Min:    ptr(-1), Max: ptr(1), Diverging: true, Annotate: true, ColorbarLabel: "Pearson r"}).SVG()

	// Grouped bars with error bars: Lyapunov spectra.
	out["spectra"] = (&svg.BarChart{Title: "Lyapunov spectra: system and trained models", YLabel: "λ (per time unit)",
		Categories: []string{"λ1", "λ2", "λ3"}, Groups: []svg.BarGroup{
			{Name: "system", Values: []float64{0.906, 0, -14.57}, Errors: []float64{0.02, 0.01, 0.1}, Color: "#000000"},
			{Name: "literature", Values: []float64{0.9056, 0, -14.5723}, Color: "#999999"},
			{Name: "esn", Values: []float64{0.85, -0.05, -12.1}, Errors: []float64{0.05, 0.03, 0.8}, Color: svg.Palette(0)},
			{Name: "gru", Values: []float64{1.1, 0.02, math.NaN()}, Errors: []float64{0.1, 0.05, 0}, Color: svg.Palette(1)},
		}}).SVG()

	// Histogram of failing models with the independence baseline.
	obs := []float64{0.52, 0.18, 0.09, 0.06, 0.05, 0.04, 0.03, 0.02, 0.01}
	exp := []float64{0.30, 0.38, 0.21, 0.08, 0.025, 0.004, 0.0006, 0.00005, 0.000002}
	ks := []float64{0, 1, 2, 3, 4, 5, 6, 7, 8}
	out["systemic"] = (&svg.Histogram{Title: "Systemic failure against independence", XLabel: "models failing an instance",
		YLabel: "fraction of instances", Bins: ks, Counts: obs, Name: "observed", Color: "#d55e00",
		Overlay: []svg.Series{{Name: "independent models", X: ks, Y: exp, Marker: true, Connect: true, Color: "#0072b2"}}}).SVG()
	// Histogram over bin edges.
	edges := make([]float64, 31)
	counts := make([]float64, 30)
	for i := range edges {
		edges[i] = -3 + 0.2*float64(i)
	}
	var gx, gy []float64
	for i := 0; i < 20000; i++ {
		v := r.NormFloat64()
		if k := int(math.Floor((v + 3) / 0.2)); k >= 0 && k < 30 {
			counts[k]++
		}
	}
	for k := 0; k <= 120; k++ {
		x := -3 + 6*float64(k)/120
		gx, gy = append(gx, x), append(gy, 20000*0.2*math.Exp(-x*x/2)/math.Sqrt(2*math.Pi))
	}
	out["hist_edges"] = (&svg.Histogram{Title: "Standardised residuals", XLabel: "residual", YLabel: "count", Bins: edges, Counts: counts,
		Name: "residuals", Overlay: []svg.Series{{Name: "normal", X: gx, Y: gy, Color: "#222222", Dash: true}}}).SVG()

	// Lorenz attractor, x against z.
	var lx, lz []float64
	s := [3]float64{1, 1, 1}
	f := func(s [3]float64) [3]float64 {
		return [3]float64{10 * (s[1] - s[0]), s[0]*(28-s[2]) - s[1], s[0]*s[1] - 8.0/3*s[2]}
	}
	const dt = 0.005
	for k := 0; k < 40000; k++ {
		k1 := f(s)
		k2 := f([3]float64{s[0] + dt/2*k1[0], s[1] + dt/2*k1[1], s[2] + dt/2*k1[2]})
		k3 := f([3]float64{s[0] + dt/2*k2[0], s[1] + dt/2*k2[1], s[2] + dt/2*k2[2]})
		k4 := f([3]float64{s[0] + dt*k3[0], s[1] + dt*k3[1], s[2] + dt*k3[2]})
		for d := range s {
			s[d] += dt / 6 * (k1[d] + 2*k2[d] + 2*k3[d] + k4[d])
		}
		if k > 2000 {
			lx, lz = append(lx, s[0]), append(lz, s[2])
		}
	}
	out["projection"] = svg.Projection("lorenz63", lx, lz, "x", "z")

	// Forecast against truth on a linear axis with negative values.
	var t, truth, p1, p2 []float64
	for k := 0; k < 300; k++ {
		x := float64(k)
		t = append(t, x+1)
		truth = append(truth, 8*math.Sin(x/15)+3*math.Sin(x/4))
		p1 = append(p1, 8*math.Sin(x/15)+3*math.Sin(x/4+x*x/40000))
		p2 = append(p2, 8*math.Sin(x/15*(1+x/3000))+3*math.Sin(x/4))
	}
	out["forecast"] = (&svg.LineChart{Title: "Forecasts against truth (first test origin, x)", XLabel: "lead (rows)", YLabel: "x",
		Series: []svg.Series{{Name: "truth", X: t, Y: truth, Color: "#000000", Width: 2.5}, {Name: "esn", X: t, Y: p1}, {Name: "gru", X: t, Y: p2}}}).SVG()

	// Scaling curve on a log x axis with a fit.
	sizes := []float64{16, 32, 64, 128, 256, 512, 1024, 2048}
	var acc, fitY []float64
	for _, n := range sizes {
		acc = append(acc, 1/(1+math.Exp(-(math.Log2(n)-7)*1.3)))
		fitY = append(fitY, 1/(1+math.Exp(-(math.Log2(n)-7.1)*1.25)))
	}
	out["scaling"] = (&svg.LineChart{Title: "vpt of esn against reservoir size on lorenz63", XLabel: "reservoir size", YLabel: "vpt",
		LogX: true, Series: []svg.Series{{Name: "mean over seeds", X: sizes, Y: acc, Marker: true, Color: "#000000"},
			{Name: "sigmoid", X: sizes, Y: fitY, Dash: true, Color: svg.Palette(1)}}}).SVG()

	// Scatter of two clouds.
	var ax, ay, bx, by []float64
	for i := 0; i < 400; i++ {
		ax, ay = append(ax, r.NormFloat64()), append(ay, r.NormFloat64()*0.5+1)
		bx, by = append(bx, r.NormFloat64()*0.7+2), append(by, r.NormFloat64()*0.7-1)
	}
	out["scatter"] = (&svg.ScatterChart{Title: "Hidden states (first two principal components)", XLabel: "PC1", YLabel: "PC2",
		Series: []svg.Series{{Name: "esn", X: ax, Y: ay}, {Name: "gru", X: bx, Y: by}}}).SVG()
	out["empty"] = (&svg.LineChart{Title: "Nothing yet", XLabel: "x", YLabel: "y"}).SVG()
	return out
}

// edgeCharts are awkward inputs: crowded legends, long labels, extreme
// magnitudes, gaps, constants.
func edgeCharts() map[string]string {
	out := map[string]string{}
	// Eight long-named series on a linear axis with large values and gaps.
	lc := &svg.LineChart{Title: "A rather long title that describes the throughput of every model in great detail, maybe too long",
		XLabel: "step", YLabel: "throughput (samples/s)"}
	for i := 0; i < 8; i++ {
		var x, y []float64
		for k := 0; k < 50; k++ {
			x = append(x, float64(k*1000))
			v := 12000 + 3000*math.Sin(float64(k)/7+float64(i)) + float64(i)*900
			if k == 20+i {
				v = math.NaN()
			}
			y = append(y, v)
		}
		lc.Series = append(lc.Series, svg.Series{Name: fmt.Sprintf("model-%d with a long name", i), X: x, Y: y})
	}
	out["crowded"] = lc.SVG()
	// Tiny values, a constant series and a single point.
	out["tiny"] = (&svg.LineChart{Title: "tiny", Series: []svg.Series{
		{Name: "a", X: []float64{0, 1, 2, 3}, Y: []float64{1e-5, 3e-5, 2e-5, 4e-5}},
		{Name: "b", X: []float64{0, 1, 2, 3}, Y: []float64{2e-5, 2e-5, 2e-5, 2e-5}, Dash: true}}}).SVG()
	out["constant"] = (&svg.LineChart{Title: "constant", Series: []svg.Series{{X: []float64{0, 1, 2}, Y: []float64{5, 5, 5}, Marker: true}}}).SVG()
	out["constant_log"] = (&svg.LineChart{Title: "constant, log", LogX: true, LogY: true,
		Series: []svg.Series{{X: []float64{3, 3}, Y: []float64{0.02, 0.02}, Marker: true}}}).SVG()
	// A log axis with zeros and negatives and a threshold below zero.
	out["log_skip"] = (&svg.LineChart{Title: "log with non-positive values", LogY: true, XLabel: "t",
		Series: []svg.Series{{Name: "x", X: []float64{0, 1, 2, 3, 4, 5}, Y: []float64{1, 0, 100, -3, 1e4, 1e5}}},
		HLines: []svg.HLine{{Y: -1, Label: "never"}, {Y: 50, Label: "fifty"}}, VLines: []svg.VLine{{X: 2, Label: "two"}, {X: 2.1, Label: "two and a bit"}, {X: 99}}}).SVG()
	// Many categories with long names.
	var cats []string
	var v1, v2 []float64
	for i := 0; i < 18; i++ {
		cats = append(cats, fmt.Sprintf("category number %d", i))
		v1 = append(v1, -float64(i)*1.5)
		v2 = append(v2, -float64(i)*1.2-2)
	}
	out["bars_many"] = (&svg.BarChart{Title: "Negative bars", XLabel: "category", YLabel: "value", Categories: cats,
		Groups: []svg.BarGroup{{Name: "first", Values: v1}, {Name: "second", Values: v2}}}).SVG()
	out["bars_log"] = (&svg.BarChart{Title: "Log bars", Categories: []string{"a", "b", "c", "d"}, LogY: true,
		Groups: []svg.BarGroup{{Name: "n", Values: []float64{3, 300, 0, 30000}, Errors: []float64{1, 100, 0, 5000}}}}).SVG()
	// A large heatmap with long labels and a small fixed-size one.
	n := 30
	big := make([][]float64, n)
	labels := make([]string, n)
	for i := range big {
		labels[i] = fmt.Sprintf("transformer-%02d/seed-%d", i, i%5)
		big[i] = make([]float64, n)
		for j := range big[i] {
			big[i][j] = math.Sin(float64(i*j) / 50)
		}
	}
	out["heat_big"] = (&svg.Heatmap{Title: "Large", RowLabels: labels, ColLabels: labels, Values: big, Diverging: true, Annotate: true}).SVG()
	out["heat_fixed"] = (&svg.Heatmap{Title: "Fixed size", RowLabels: []string{"a", "b"}, ColLabels: []string{"x", "y", "z"},
		Values: [][]float64{{1, 2, 3}, {4, 5}}, Annotate: true, Width: 420, Height: 260}).SVG()
	out["hist_log"] = (&svg.Histogram{Title: "Avalanche sizes", XLabel: "size", YLabel: "count", LogY: true,
		Bins: []float64{0, 10, 20, 30, 40, 50}, Counts: []float64{5000, 400, 0, 12, 1}}).SVG()
	return out
}

func ptr(v float64) *float64 { return &v }

// wellFormed decodes s completely as XML.
func wellFormed(s string) error {
	d := xml.NewDecoder(strings.NewReader(s))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// TestWriteSamples writes every sample chart as an .svg file and all of
// them in one HTML page, into $EMERGO_SVG_DIR when set (for a look in a
// browser or with rsvg-convert) and a temporary directory otherwise.
func TestWriteSamples(t *testing.T) {
	dir := os.Getenv("EMERGO_SVG_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	charts := sampleCharts()
	for k, v := range edgeCharts() {
		charts[k] = v
	}
	names := make([]string, 0, len(charts))
	for k := range charts {
		names = append(names, k)
	}
	slices.Sort(names)
	var page strings.Builder
	page.WriteString("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>svg samples</title></head><body>\n")
	for _, k := range names {
		s := charts[k]
		if err := os.WriteFile(filepath.Join(dir, k+".svg"), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&page, "<h3>%s (%d bytes)</h3>\n%s\n", k, len(s), s)
		if len(s) > 150_000 {
			t.Errorf("%s is %d bytes", k, len(s))
		}
		if err := wellFormed(s); err != nil {
			t.Errorf("%s: %v", k, err)
		}
		if strings.Contains(s, "NaN") || strings.Contains(s, "Inf") {
			t.Errorf("%s: NaN or Inf in the output", k)
		}
	}
	page.WriteString("</body></html>\n")
	if err := os.WriteFile(filepath.Join(dir, "samples.html"), []byte(page.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A line chart with a logarithmic y axis and a marker line.
func ExampleLineChart() {
	c := &svg.LineChart{Title: "Error growth", XLabel: "lead", YLabel: "error", LogY: true,
		Series: []svg.Series{{Name: "model", X: []float64{0, 1, 2, 3}, Y: []float64{0.001, 0.01, 0.1, 1}}},
		VLines: []svg.VLine{{X: 2.5, Label: "VPT"}}}
	s := c.SVG()
	fmt.Println(strings.HasPrefix(s, "<svg "), strings.HasSuffix(s, "</svg>"))
	// Output: true true
}

func ExampleViridis() {
	fmt.Println(svg.Viridis(0), svg.Viridis(0.5), svg.Viridis(1))
	// Output: #440154 #21908c #fde725
}
