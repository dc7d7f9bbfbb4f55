package report

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/emergo/emergo/report/svg"
	"github.com/emergo/emergo/store"
	"github.com/emergo/emergo/study"
)

// Render writes the self-contained HTML report of a study: every plot is
// inline SVG drawn on the server, styles are inline, and nothing is
// fetched from the network. Tasks not yet done are listed and left out of
// the plots, so a report of a running or partly failed study is valid.
func Render(ctx context.Context, r store.Reader, w io.Writer, studyRef string) error {
	d, err := collect(ctx, r, studyRef)
	if err != nil {
		return err
	}
	return page.Execute(w, d)
}

// view is what the template shows.
type view struct {
	Study     *store.Study
	Spec      *study.Spec
	Generated string
	Systems   []*systemView
	Scaling   []*scalingView
	// Experiments are the study's experiments in plan order.
	Experiments []*experimentView
	Failed      []store.Task
	Pending     int
	Summary     *tableView
	Homog       *tableView
}

type systemView struct {
	Label    string
	Data     *study.DataInfo
	System   *study.SystemResult
	Trains   []*study.TrainResult
	Homog    *study.HomogenizationResult
	Plots    []plot
	Tables   []*tableView
	Notes    []string
	Lyapunov string // "λ1 = … (source)"
}

type scalingView struct {
	Res  *study.ScalingResult
	Plot plot
}

type plot struct {
	Title   string
	SVG     template.HTML
	Caption string
}

type tableView struct {
	Title   string
	Head    []string
	Rows    [][]string
	Caption string
}

func decode[T any](ctx context.Context, r store.Reader, key, name string) (*T, error) {
	a, err := r.Artifact(ctx, key, name)
	if err != nil {
		return nil, err
	}
	var v T
	if err := json.Unmarshal(a.Data, &v); err != nil {
		return nil, fmt.Errorf("artifact %s of task %s: %w", name, key[:12], err)
	}
	return &v, nil
}

func collect(ctx context.Context, r store.Reader, ref string) (*view, error) {
	st, err := r.Study(ctx, ref)
	if err != nil {
		return nil, err
	}
	v := &view{Study: st, Generated: time.Now().UTC().Format("2006-01-02 15:04 UTC")}
	if sp, err := study.Parse([]byte(st.Spec), "spec"); err == nil {
		v.Spec = sp
	}
	tasks, err := r.Tasks(ctx, st.ID)
	if err != nil {
		return nil, err
	}
	bySys := map[string]*systemView{}
	var order []string
	sys := func(label string) *systemView {
		if s, ok := bySys[label]; ok {
			return s
		}
		s := &systemView{Label: label}
		bySys[label] = s
		order = append(order, label)
		return s
	}
	for _, t := range tasks {
		switch t.Status {
		case store.Failed:
			v.Failed = append(v.Failed, t)
			continue
		case store.Done:
		default:
			v.Pending++
			continue
		}
		switch t.Kind {
		case study.KindData:
			d, err := decode[study.DataInfo](ctx, r, t.Key, study.ArtData)
			if err != nil {
				return nil, err
			}
			sys(d.Label).Data = d
		case study.KindSystem:
			s, err := decode[study.SystemResult](ctx, r, t.Key, study.ArtSystem)
			if err != nil {
				return nil, err
			}
			sys(s.Label).System = s
		case study.KindTrain:
			tr, err := decode[study.TrainResult](ctx, r, t.Key, study.ArtTrain)
			if err != nil {
				return nil, err
			}
			if tr.ScaleHyper == "" {
				sv := sys(tr.System)
				sv.Trains = append(sv.Trains, tr)
			}
		case study.KindHomogenization:
			h, err := decode[study.HomogenizationResult](ctx, r, t.Key, study.ArtHomogenization)
			if err != nil {
				return nil, err
			}
			sys(h.System).Homog = h
		case study.KindScaling:
			s, err := decode[study.ScalingResult](ctx, r, t.Key, study.ArtScaling)
			if err != nil {
				return nil, err
			}
			v.Scaling = append(v.Scaling, &scalingView{Res: s, Plot: scalingPlot(s)})
		case study.KindExperiment:
			e, err := decode[study.ExperimentResult](ctx, r, t.Key, study.ArtExperiment)
			if err != nil {
				return nil, err
			}
			v.Experiments = append(v.Experiments, buildExperiment(e))
		}
	}
	for _, l := range order {
		s := bySys[l]
		buildSystem(s)
		v.Systems = append(v.Systems, s)
	}
	v.Summary = summaryTable(v.Systems)
	v.Homog = homogTable(v.Systems)
	return v, nil
}

// modelStats groups a system's train results by model label.
type modelStats struct {
	label  string
	trains []*study.TrainResult
}

func byModel(trains []*study.TrainResult) []modelStats {
	var out []modelStats
	idx := map[string]int{}
	for _, t := range trains {
		i, ok := idx[t.Model]
		if !ok {
			i = len(out)
			idx[t.Model] = i
			out = append(out, modelStats{label: t.Model})
		}
		out[i].trains = append(out[i].trains, t)
	}
	return out
}

func meanSD(trains []*study.TrainResult, metric string) (float64, float64, int) {
	var xs []float64
	for _, t := range trains {
		if v, ok := t.Metrics[metric]; ok && !math.IsNaN(float64(v)) {
			xs = append(xs, float64(v))
		}
	}
	if len(xs) == 0 {
		return math.NaN(), math.NaN(), 0
	}
	var m float64
	for _, x := range xs {
		m += x
	}
	m /= float64(len(xs))
	var s float64
	for _, x := range xs {
		s += (x - m) * (x - m)
	}
	if len(xs) > 1 {
		s = math.Sqrt(s / float64(len(xs)-1))
	} else {
		s = math.NaN()
	}
	return m, s, len(xs)
}

func num(v float64) string {
	switch {
	case math.IsNaN(v):
		return "–"
	case math.IsInf(v, 0):
		return fmt.Sprint(v)
	case v != 0 && (math.Abs(v) >= 1e5 || math.Abs(v) < 1e-3):
		return fmt.Sprintf("%.3g", v)
	}
	return fmt.Sprintf("%.4g", v)
}

func pm(m, s float64) string {
	if s < 1e-9*math.Abs(m) {
		s = 0 // rounding noise of identical seeds
	}
	if math.IsNaN(s) {
		return num(m)
	}
	return num(m) + " ± " + num(s)
}

func ptr(v float64) *float64 { return &v }

func buildSystem(s *systemView) {
	sr := s.System
	if sr != nil {
		if l := float64(sr.Lambda1); !math.IsNaN(l) {
			s.Lyapunov = fmt.Sprintf("λ1 = %s per time unit (%s)", num(l), shortSource(sr.Lambda1Source))
		}
		if p := sr.Projection; p != nil {
			s.Plots = append(s.Plots, plot{Title: "Attractor projection", Caption: "Training part, thinned to at most 4000 points.",
				SVG: template.HTML(svg.Projection(s.Label, study.Float64s(p.X), study.Float64s(p.Y), p.XName, p.YName))})
		}
		s.Notes = append(s.Notes, sr.Notes...)
	}
	models := byModel(s.Trains)
	// Forecast against truth: seed-1 rollouts of every model, first column.
	if len(s.Trains) > 0 && len(s.Trains[0].ExampleTruth) > 0 {
		t0 := s.Trains[0]
		c := &svg.LineChart{Title: "Forecasts against truth (first test origin, " + t0.ExampleColumns[0] + ")",
			XLabel: "lead (rows)", YLabel: t0.ExampleColumns[0]}
		lead := make([]float64, len(t0.ExampleTruth[0]))
		for i := range lead {
			lead[i] = float64(i + 1)
		}
		c.Series = append(c.Series, svg.Series{Name: "truth", X: lead, Y: study.Float64s(t0.ExampleTruth[0]), Color: "#000000", Width: 2.5})
		for _, m := range models {
			tr := m.trains[0]
			if len(tr.ExamplePred) > 0 {
				c.Series = append(c.Series, svg.Series{Name: m.label, X: lead, Y: clip(study.Float64s(tr.ExamplePred[0]), study.Float64s(t0.ExampleTruth[0]))})
			}
		}
		s.Plots = append(s.Plots, plot{Title: "Forecasts", SVG: template.HTML(c.SVG()),
			Caption: "Closed-loop rollouts from the same test origin (first seed of each model); values far outside the truth's range are clipped."})
	}
	// Error growth with valid prediction times.
	if len(models) > 0 {
		c := &svg.LineChart{Title: "Error growth", XLabel: "lead (" + s.Trains[0].LeadUnit + ")", YLabel: "normalised error", LogY: true}
		for i, m := range models {
			g := make([]float64, len(m.trains[0].ErrorGrowth))
			for _, t := range m.trains {
				for k, v := range t.ErrorGrowth {
					if k < len(g) {
						g[k] += float64(v) / float64(len(m.trains))
					}
				}
			}
			c.Series = append(c.Series, svg.Series{Name: m.label, X: study.Float64s(m.trains[0].LeadTimes), Y: g, Color: svg.Palette(i)})
			metric := "vpt_lyapunov"
			if s.Trains[0].LeadUnit != "Lyapunov times" {
				metric = "vpt_steps"
			}
			if v, _, n := meanSD(m.trains, metric); n > 0 && v > 0 {
				c.VLines = append(c.VLines, svg.VLine{X: v, Color: svg.Palette(i)})
			}
		}
		c.HLines = append(c.HLines, svg.HLine{Y: thresholdOf(s), Label: "threshold", Color: "#888888"})
		s.Plots = append(s.Plots, plot{Title: "Error growth", SVG: template.HTML(c.SVG()),
			Caption: "Mean normalised error against lead time over the test origins and seeds; vertical lines mark each model's mean valid prediction time."})
	}
	// Lyapunov spectra of the system and of the trained models.
	if sr != nil && len(sr.Spectrum) > 0 {
		k := len(sr.Spectrum)
		b := &svg.BarChart{Title: "Lyapunov spectra: system and trained models", YLabel: "λ (per time unit)"}
		for i := 0; i < k; i++ {
			b.Categories = append(b.Categories, fmt.Sprintf("λ%d", i+1))
		}
		b.Groups = append(b.Groups, svg.BarGroup{Name: "system", Values: study.Float64s(sr.Spectrum), Errors: study.Float64s(sr.SpectrumErr), Color: "#000000"})
		if len(sr.LiteratureSpectrum) >= k {
			b.Groups = append(b.Groups, svg.BarGroup{Name: "literature", Values: study.Float64s(sr.LiteratureSpectrum[:k]), Color: "#999999"})
		}
		for i, m := range models {
			var vals []float64
			var n int
			for _, t := range m.trains {
				if len(t.ModelSpectrum) == 0 {
					continue
				}
				if vals == nil {
					vals = make([]float64, k)
				}
				for j := 0; j < k && j < len(t.ModelSpectrum); j++ {
					vals[j] += float64(t.ModelSpectrum[j])
				}
				n++
			}
			if n > 0 {
				for j := range vals {
					vals[j] /= float64(n)
					if j >= len(m.trains[0].ModelSpectrum) {
						vals[j] = math.NaN()
					}
				}
				b.Groups = append(b.Groups, svg.BarGroup{Name: m.label, Values: vals, Color: svg.Palette(i)})
			}
		}
		s.Plots = append(s.Plots, plot{Title: "Lyapunov spectra", SVG: template.HTML(b.SVG()),
			Caption: "Benettin/QR spectrum of the system (with standard errors) against the spectra of the trained models run in closed loop (mean over seeds)."})
	}
	// Power-law tail.
	if sr != nil && sr.Tail != nil {
		tf := sr.Tail
		c := &svg.LineChart{Title: "Tail of " + tf.Column, XLabel: tf.Column, YLabel: "P(X ≥ x)", LogX: true, LogY: true,
			Series: []svg.Series{
				{Name: "data", X: study.Float64s(tf.CCDFX), Y: study.Float64s(tf.CCDFY), Marker: true, Color: "#333333"},
				{Name: fmt.Sprintf("power law α = %.3g", float64(tf.Alpha)), X: study.Float64s(tf.FitX), Y: study.Float64s(tf.FitY), Dash: true, Color: "#d55e00", Width: 2},
			}}
		c.VLines = append(c.VLines, svg.VLine{X: float64(tf.Xmin), Label: "xmin", Color: "#999999"})
		cap := fmt.Sprintf("Clauset-Shalizi-Newman fit: α = %s, xmin = %s, %d of %d values in the tail, KS = %s, bootstrap p = %s.",
			num(float64(tf.Alpha)), num(float64(tf.Xmin)), tf.NTail, tf.N, num(float64(tf.KS)), num(float64(tf.P)))
		if x := float64(tf.Xmax); x > 0 && !math.IsInf(x, 0) && !math.IsNaN(x) {
			cap += fmt.Sprintf(" Truncated at xmax = %s.", num(x))
		}
		if tf.Reference != nil {
			cap += fmt.Sprintf(" Literature exponent %s (%s).", num(float64(*tf.Reference)), shortSource(tf.RefSource))
		}
		for _, a := range tf.Alternatives {
			cap += fmt.Sprintf(" vs %s: R = %s (p = %s).", a.Alternative, num(float64(a.R)), num(float64(a.P)))
		}
		s.Plots = append(s.Plots, plot{Title: "Power-law tail", SVG: template.HTML(c.SVG()), Caption: cap})
	}
	// Homogenization.
	if h := s.Homog; h != nil {
		heat := func(title string, m study.Matrix, lo, hi float64, div bool, caption string) {
			if len(m.Values) == 0 {
				return
			}
			vals := make([][]float64, len(m.Values))
			for i, row := range m.Values {
				vals[i] = study.Float64s(row)
			}
			hm := &svg.Heatmap{Title: title, RowLabels: m.Rows, ColLabels: m.Cols, Values: vals, Min: ptr(lo), Max: ptr(hi), Diverging: div,
				Annotate: len(vals) <= 12}
			s.Plots = append(s.Plots, plot{Title: title, SVG: template.HTML(hm.SVG()), Caption: caption})
		}
		heat("CKA of hidden states", h.CKAHidden, 0, 1, false, "Linear CKA between the hidden states of every model and seed on the shared test instances (models with a Representer).")
		heat("CKA of forecasts", h.CKAOutputs, 0, 1, false, "Linear CKA between the forecasts of every model and seed on the shared test instances.")
		heat("Mutual k-NN of hidden states", h.MutualKNN, 0, 1, false, "Mean fraction of shared nearest neighbours between hidden-state spaces.")
		heat("Error correlation", h.ErrorCorr, -1, 1, true, "Pearson correlation of per-instance errors.")
		if len(h.Observed) > 0 {
			cats := make([]string, len(h.Observed))
			for i := range cats {
				cats[i] = fmt.Sprint(i)
			}
			b := &svg.BarChart{Title: "Systemic failure against independence", XLabel: "models failing an instance", YLabel: "fraction of instances",
				Categories: cats, Groups: []svg.BarGroup{
					{Name: "observed", Values: study.Float64s(h.Observed), Color: "#d55e00"},
					{Name: "independent models", Values: study.Float64s(h.Expected), Color: "#0072b2"},
				}}
			s.Plots = append(s.Plots, plot{Title: "Systemic failure", SVG: template.HTML(b.SVG()),
				Caption: fmt.Sprintf("Number of models (one seed each) whose error exceeds the %s threshold (%s) on each of %d instances, against the Poisson-binomial distribution of independent models with the same failure rates.",
					"pooled-quantile", num(float64(h.Threshold)), h.Instances)})
		}
		s.Notes = append(s.Notes, h.Notes...)
	}
	// Table of forecast metrics by model.
	if len(models) > 0 {
		t := &tableView{Title: "Forecast skill (mean ± sd over seeds)",
			Head: []string{"model", "VPT (Lyapunov times)", "VPT (rows)", "NRMSE", "one-step NRMSE", "λ1 of model", "diverged"}}
		for _, m := range models {
			row := []string{m.label}
			for _, k := range []string{"vpt_lyapunov", "vpt_steps", "nrmse", "nrmse_1step", "model_lyapunov_1", "diverged"} {
				mu, sd, n := meanSD(m.trains, k)
				if n == 0 {
					row = append(row, "–")
				} else {
					row = append(row, pm(mu, sd))
				}
			}
			t.Rows = append(t.Rows, row)
		}
		s.Tables = append(s.Tables, t)
	}
	if sr != nil && len(sr.Descriptors) > 0 {
		t := &tableView{Title: "Descriptors", Head: []string{"measure", "value"}}
		keys := make([]string, 0, len(sr.Descriptors))
		for k := range sr.Descriptors {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			t.Rows = append(t.Rows, []string{strings.ReplaceAll(k, "_", " "), num(float64(sr.Descriptors[k]))})
		}
		if ky := float64(sr.KaplanYorke); !math.IsNaN(ky) {
			t.Rows = append(t.Rows, []string{"Kaplan-Yorke dimension", num(ky)})
		}
		s.Tables = append(s.Tables, t)
	}
}

// clip bounds predictions to a band around the truth's range, so that a
// diverged rollout does not flatten the plot.
func clip(pred, truth []float64) []float64 {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range truth {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	span := hi - lo
	if !(span > 0) {
		span = 1
	}
	out := make([]float64, len(pred))
	for i, v := range pred {
		out[i] = math.Max(lo-span, math.Min(hi+span, v))
	}
	return out
}

func thresholdOf(s *systemView) float64 {
	return 0.5
}

func shortSource(s string) string {
	if r := []rune(s); len(r) > 90 {
		return string(r[:89]) + "…"
	}
	return s
}

func summaryTable(systems []*systemView) *tableView {
	var labels []string
	seen := map[string]bool{}
	for _, s := range systems {
		for _, t := range s.Trains {
			if !seen[t.Model] {
				seen[t.Model] = true
				labels = append(labels, t.Model)
			}
		}
	}
	if len(labels) == 0 {
		return nil
	}
	t := &tableView{Title: "Valid prediction time by system and model",
		Head:    append([]string{"system", "unit"}, labels...),
		Caption: "Mean over seeds and test origins; in Lyapunov times where λ1 is known, else in rows. The best model of each system is in bold."}
	for _, s := range systems {
		if len(s.Trains) == 0 {
			continue
		}
		metric, unit := "vpt_lyapunov", "Lyapunov times"
		if s.Trains[0].LeadUnit != "Lyapunov times" {
			metric, unit = "vpt_steps", "rows"
		}
		row := []string{s.Label, unit}
		best, bi := math.Inf(-1), -1
		ms := byModel(s.Trains)
		vals := map[string]float64{}
		for _, m := range ms {
			mu, _, _ := meanSD(m.trains, metric)
			vals[m.label] = mu
		}
		for i, l := range labels {
			if v, ok := vals[l]; ok && v > best {
				best, bi = v, i
			}
		}
		for i, l := range labels {
			v, ok := vals[l]
			cell := "–"
			if ok {
				cell = num(v)
			}
			if i == bi {
				cell = "**" + cell
			}
			row = append(row, cell)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func homogTable(systems []*systemView) *tableView {
	t := &tableView{Title: "Homogenization by system",
		Head:    []string{"system", "CKA hidden (across models)", "CKA hidden (across seeds)", "CKA forecasts (across models)", "error corr.", "systemic failure", "independence", "ratio", "H"},
		Caption: "Systemic failure: fraction of instances every model fails; independence: its value if models failed independently with the same rates (Poisson-binomial); H: outcome homogenization of Bommasani et al. (2022), 1 under independence."}
	for _, s := range systems {
		h := s.Homog
		if h == nil {
			continue
		}
		row := []string{s.Label}
		for _, k := range []string{"cka_hidden_across_models", "cka_hidden_across_seeds", "cka_outputs_across_models", "error_corr_across_models",
			"systemic_failure", "systemic_failure_expected", "systemic_failure_ratio", "h_individual"} {
			v, ok := h.Metrics[k]
			if !ok {
				row = append(row, "–")
				continue
			}
			row = append(row, num(float64(v)))
		}
		t.Rows = append(t.Rows, row)
	}
	if len(t.Rows) == 0 {
		return nil
	}
	return t
}

func scalingPlot(s *study.ScalingResult) plot {
	c := &svg.LineChart{Title: fmt.Sprintf("%s of %s against %s on %s", s.Metric, s.Model, s.Hyper, s.System), XLabel: s.Hyper, YLabel: s.Metric, LogX: true,
		Series: []svg.Series{{Name: "mean over seeds", X: study.Float64s(s.Sizes), Y: study.Float64s(s.Values), Marker: true, Color: "#000000"}}}
	for i, f := range s.Fits {
		c.Series = append(c.Series, svg.Series{Name: f.Form, X: study.Float64s(f.X), Y: study.Float64s(f.Y), Dash: true, Color: svg.Palette(i + 1)})
	}
	return plot{Title: "Scaling", SVG: template.HTML(c.SVG()), Caption: "Verdict: " + s.Verdict}
}

var errNoStudy = errors.New("no study")
