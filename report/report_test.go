package report

import (
	"bytes"
	"context"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/emergo/emergo/experiment"
	"github.com/emergo/emergo/store"
	"github.com/emergo/emergo/study"
)

type plotsParams struct {
	Points int `json:"points"`
}

func init() {
	experiment.Register(experiment.Kind{
		Name:   "report-test-plots",
		Title:  "Every plot kind",
		Params: func() any { return &plotsParams{Points: 5000} },
		Run: func(ctx context.Context, p any, env *experiment.Env) (*experiment.Result, error) {
			n := p.(*plotsParams).Points
			x, y := make([]float64, n), make([]float64, n)
			for i := range x {
				x[i], y[i] = float64(i), math.Sin(float64(i)/50)
			}
			r := &experiment.Result{Title: "Every plot kind", Summary: "A summary & <escaped> text.", Notes: []string{"a note"}}
			r.Metric("gain", 0.125)
			r.Metric("undefined", math.NaN())
			t := experiment.Table{Title: "Arms", Columns: []string{"arm", "error"}}
			t.AddRow("diverse", 0.5)
			t.AddRow("homogeneous", math.NaN())
			r.Tables = append(r.Tables, t)
			r.Plots = append(r.Plots,
				experiment.Plot{Kind: experiment.Line, Title: "Timeline", XLabel: "t", YLabel: "error",
					Series: []experiment.Series{experiment.NewSeries("sine", x, y)}, VLines: []experiment.Ref{{At: 1000, Label: "change"}}},
				experiment.Plot{Kind: experiment.Scatter, Title: "Diversity vs accuracy", Series: []experiment.Series{experiment.NewSeries("ens", []float64{1, 2}, []float64{3, 4})}},
				experiment.Plot{Kind: experiment.Bar, Title: "Bars", Categories: []string{"a", "b"}, Series: []experiment.Series{experiment.NewSeries("g", nil, []float64{1, 2})}},
				experiment.Plot{Kind: experiment.Hist, Title: "Histogram", Series: []experiment.Series{experiment.NewSeries("h", []float64{0, 1, 2}, []float64{3, 4})}},
				experiment.Plot{Kind: experiment.Heat, Title: "Similarity", Rows: []string{"r1", "r2"}, Cols: []string{"c1", "c2"},
					Matrix: [][]experiment.Float{{1, 0.5}, {0.5, 1}}},
			)
			return r, nil
		},
	})
}

// An experiment's stored result becomes a report section with its
// metrics, tables (NaN as a dash), every plot kind as inline SVG, notes
// and a navigation link; long series are thinned.
func TestExperimentSection(t *testing.T) {
	spec := "name: plots\nexperiments:\n  - kind: report-test-plots\n    label: all plots\n"
	s, err := study.Parse([]byte(spec), "plots.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	st, err := store.OpenSQLite(filepath.Join(t.TempDir(), "r.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sum, err := study.Run(ctx, s, []byte(spec), st, nil)
	if err != nil || sum.Failed != 0 {
		t.Fatalf("%+v %v", sum, err)
	}
	var b bytes.Buffer
	if err := Render(ctx, st, &b, sum.StudyID); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	for _, want := range []string{
		`<a href="#exp-all-plots">all plots</a>`, `<section id="exp-all-plots" class="experiment">`,
		"<h2>Every plot kind</h2>", "A summary &amp; &lt;escaped&gt; text.", "<span>gain</span><b>0.125</b>",
		"<td>homogeneous</td><td>—</td>", "<b>Timeline.</b>", "<b>Diversity vs accuracy.</b>", "<b>Bars.</b>",
		"<b>Histogram.</b>", "<b>Similarity.</b>", "<li>a note</li>", "change",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if n := strings.Count(html, "<svg"); n < 5 {
		t.Errorf("%d SVG plots, want at least 5", n)
	}
	if len(html) > 400_000 {
		t.Errorf("report is %d bytes: the 5000-point series was not thinned", len(html))
	}
}
