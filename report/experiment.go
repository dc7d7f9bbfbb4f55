package report

import (
	"html/template"
	"sort"

	"github.com/emergo/emergo/experiment"
	"github.com/emergo/emergo/report/svg"
	"github.com/emergo/emergo/study"
)

// experimentView is one experiment's section: its tables, plots, notes
// and headline metrics, drawn generically from the stored result.
type experimentView struct {
	Label, Kind, Title, Summary string
	Metrics                     *tableView
	Tables                      []*tableView
	Plots                       []plot
	Notes                       []string
}

// maxPoints bounds the points drawn per series (long timelines are
// thinned for the page's weight; the stored result keeps every point).
const maxPoints = 1500

func buildExperiment(r *study.ExperimentResult) *experimentView {
	v := &experimentView{Label: r.Label, Kind: r.Kind, Title: r.Title, Summary: r.Summary, Notes: r.Notes}
	if v.Title == "" {
		v.Title = r.Kind
	}
	if len(r.Metrics) > 0 {
		names := make([]string, 0, len(r.Metrics))
		for n := range r.Metrics {
			names = append(names, n)
		}
		sort.Strings(names)
		t := &tableView{Title: "Headline metrics", Head: []string{"metric", "value"}}
		for _, n := range names {
			t.Rows = append(t.Rows, []string{n, num(float64(r.Metrics[n]))})
		}
		v.Metrics = t
	}
	for _, t := range r.Tables {
		v.Tables = append(v.Tables, &tableView{Title: t.Title, Head: t.Columns, Rows: t.Rows, Caption: t.Caption})
	}
	for _, p := range r.Plots {
		v.Plots = append(v.Plots, plot{Title: p.Title, Caption: p.Caption, SVG: template.HTML(drawPlot(&p))})
	}
	return v
}

// drawPlot renders an experiment's plot description.
func drawPlot(p *experiment.Plot) string {
	series := func(marker bool) []svg.Series {
		var out []svg.Series
		for i, s := range p.Series {
			y := experiment.Values(s.Y)
			var x []float64
			if s.X != nil {
				x = experiment.Values(s.X)
			} else {
				x = make([]float64, len(y))
				for j := range x {
					x[j] = float64(j)
				}
			}
			if len(x) > maxPoints && !marker && !s.Marker {
				x, y = svg.Downsample(x, y, maxPoints)
			}
			out = append(out, svg.Series{Name: s.Name, X: x, Y: y, Dash: s.Dash, Marker: marker || s.Marker, Connect: s.Marker && !marker, Color: svg.Palette(i)})
		}
		return out
	}
	switch p.Kind {
	case experiment.Line:
		lc := &svg.LineChart{Title: p.Title, XLabel: p.XLabel, YLabel: p.YLabel, LogX: p.LogX, LogY: p.LogY, Series: series(false)}
		for _, r := range p.VLines {
			lc.VLines = append(lc.VLines, svg.VLine{X: float64(r.At), Label: r.Label})
		}
		for _, r := range p.HLines {
			lc.HLines = append(lc.HLines, svg.HLine{Y: float64(r.At), Label: r.Label})
		}
		return lc.SVG()
	case experiment.Scatter:
		sc := &svg.ScatterChart{Title: p.Title, XLabel: p.XLabel, YLabel: p.YLabel, LogX: p.LogX, LogY: p.LogY, Series: series(true)}
		return sc.SVG()
	case experiment.Bar:
		bc := &svg.BarChart{Title: p.Title, XLabel: p.XLabel, YLabel: p.YLabel, Categories: p.Categories, LogY: p.LogY}
		for _, s := range p.Series {
			g := svg.BarGroup{Name: s.Name, Values: experiment.Values(s.Y)}
			if s.Err != nil {
				g.Errors = experiment.Values(s.Err)
			}
			bc.Groups = append(bc.Groups, g)
		}
		return bc.SVG()
	case experiment.Hist:
		first := p.Series[0]
		hg := &svg.Histogram{Title: p.Title, XLabel: p.XLabel, YLabel: p.YLabel, LogY: p.LogY,
			Bins: experiment.Values(first.X), Counts: experiment.Values(first.Y), Name: first.Name}
		for i, s := range p.Series[1:] {
			hg.Overlay = append(hg.Overlay, svg.Series{Name: s.Name, X: experiment.Values(s.X), Y: experiment.Values(s.Y), Dash: s.Dash, Color: svg.Palette(i + 1)})
		}
		return hg.SVG()
	case experiment.Heat:
		vals := make([][]float64, len(p.Matrix))
		for i, row := range p.Matrix {
			vals[i] = experiment.Values(row)
		}
		hm := &svg.Heatmap{Title: p.Title, RowLabels: p.Rows, ColLabels: p.Cols, Values: vals, Diverging: p.Diverging, Annotate: true}
		return hm.SVG()
	}
	return ""
}
