package study

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/emergo/emergo/chaos"
	"github.com/emergo/emergo/statphys"
	"github.com/emergo/emergo/store"
	"github.com/emergo/emergo/system"
)

// systemSpec is the hashed spec of a system-analysis task.
type systemSpec struct {
	Pipeline    string        `json:"pipeline"`
	Data        string        `json:"data"` // key of the data task
	System      SystemSpec    `json:"system"`
	Sampling    Sampling      `json:"sampling"`
	Seed        uint64        `json:"seed"`
	Lyapunov    *LyapunovSpec `json:"lyapunov,omitempty"`
	PowerLaw    PowerLawSpec  `json:"power_law"`
	Descriptors bool          `json:"descriptors"`
}

// maxProjection is the number of points kept in a projection.
const maxProjection = 4000

// runSystem runs the step-3 analyses of one system.
func runSystem(ctx context.Context, r store.Reader, sp systemSpec) (*store.Result, error) {
	start := time.Now()
	d, err := loadDataset(ctx, r, sp.Data)
	if err != nil {
		return nil, err
	}
	res := SystemResult{Label: sp.System.Label, Lambda1: Float(math.NaN()), KaplanYorke: Float(math.NaN())}
	var metrics []store.Metric
	add := func(name string, v float64) { metrics = append(metrics, store.Metric{Name: name, Value: v}) }

	// Lyapunov exponents: computed from the rule when it has tangent
	// dynamics, else the literature value.
	var entry *system.Entry
	if sp.System.Name != "" {
		entry, _ = system.Lookup(sp.System.Name)
	}
	if entry != nil {
		if ref, _ := system.LiteratureLyapunov(&entry.Info, system.Params(sp.System.Params)); ref != nil {
			res.Lambda1, res.Lambda1Source = Float(ref.Value), ref.Source
		}
		// The literature spectrum: another source than dysts when the
		// catalogue has one, else dysts' estimate.
		for _, dysts := range []bool{true, false} {
			if v, src := entry.Info.InvariantValue("lyapunov_spectrum", dysts); !math.IsNaN(v) {
				for _, inv := range entry.Info.Invariants {
					if inv.Name == "lyapunov_spectrum" && inv.Source == src {
						res.LiteratureSpectrum, res.LiteratureSource = Floats(inv.Values), inv.Source
					}
				}
			}
		}
	}
	if entry != nil && sp.Lyapunov != nil && !entry.Info.Stochastic {
		spec, note, err := systemSpectrum(ctx, entry, sp, d.info.DT)
		switch {
		case err != nil && ctx.Err() != nil:
			return nil, ctx.Err()
		case err != nil:
			res.Notes = append(res.Notes, "Lyapunov spectrum: "+err.Error())
		case spec != nil:
			res.Spectrum, res.SpectrumErr = Floats(spec.Exponents), Floats(spec.StdErr)
			res.KaplanYorke = Float(spec.KaplanYorke())
			res.Lambda1, res.Lambda1Source = Float(spec.Exponents[0]), "computed spectrum (Benettin QR)"
			for i, v := range spec.Exponents {
				add(fmt.Sprintf("lyapunov_%d", i+1), v)
			}
			var sum float64
			for _, v := range spec.Exponents {
				sum += v
			}
			if len(spec.Exponents) < entry.Info.Dim && sum > 0 {
				res.KaplanYorke = Float(math.NaN()) // not enough exponents
			}
			add("kaplan_yorke", float64(res.KaplanYorke))
		default:
			res.Notes = append(res.Notes, note)
		}
	}
	if !math.IsNaN(float64(res.Lambda1)) {
		add("lambda1", float64(res.Lambda1))
	} else if entry == nil {
		res.Notes = append(res.Notes, "observed data: no Lyapunov exponent; valid prediction times are in rows")
	}

	// A projection of the training part.
	x := d.x
	n := d.trainEnd()
	if x.Dim >= 2 {
		px, py := make([]float64, n), make([]float64, n)
		for i := 0; i < n; i++ {
			px[i], py[i] = x.Row(i)[0], x.Row(i)[1]
		}
		res.Projection = &Projection{XName: d.info.Columns[0], YName: d.info.Columns[1]}
		res.Projection.X, res.Projection.Y = thin(px, py, maxProjection)
	} else {
		col := make([]float64, n)
		for i := range col {
			col[i] = x.X[i]
		}
		tau := 1
		if t, _, err := chaos.DelayMI(col, min(100, n/10), 32); err == nil && t > 0 {
			tau = t
		}
		res.Projection = &Projection{XName: d.info.Columns[0] + "(t)", YName: fmt.Sprintf("%s(t+%d)", d.info.Columns[0], tau)}
		res.Projection.X, res.Projection.Y = thin(col[:n-tau], col[tau:], maxProjection)
	}

	if sp.Descriptors {
		res.Descriptors = map[string]Float{}
		m := min(n, 3000)
		pts := chaos.Points{X: x.X[(n-m)*x.Dim : n*x.Dim], Dim: x.Dim}
		if cd, err := chaos.CorrelationDimension(pts, nil); err == nil {
			res.Descriptors["correlation_dimension"] = Float(cd.Dim)
			add("correlation_dimension", cd.Dim)
		} else {
			res.Notes = append(res.Notes, "correlation dimension: "+err.Error())
		}
		col := make([]float64, n)
		for i := range col {
			col[i] = x.Row(i)[0]
		}
		if _, h, err := chaos.PermutationEntropy(col, 5, 1); err == nil {
			res.Descriptors["permutation_entropy"] = Float(h)
			add("permutation_entropy", h)
		}
		if s, err := chaos.DFA(col, nil); err == nil {
			res.Descriptors["dfa_alpha"] = Float(s.Exponent)
			add("dfa_alpha", s.Exponent)
		}
	}

	if sp.System.Tail != "" {
		tf, err := tailFit(ctx, d, sp, entry)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			res.Notes = append(res.Notes, "power law: "+err.Error())
		} else {
			res.Tail = tf
			add("tail_alpha", float64(tf.Alpha))
			add("tail_xmin", float64(tf.Xmin))
			add("tail_ks", float64(tf.KS))
			add("tail_p", float64(tf.P))
			add("tail_n", float64(tf.NTail))
		}
	}
	res.Seconds = time.Since(start).Seconds()
	doc, err := jsonArtifact(ArtSystem, res)
	if err != nil {
		return nil, err
	}
	return &store.Result{Metrics: metrics, Artifacts: []store.Artifact{doc}}, nil
}

// systemSpectrum computes the Lyapunov spectrum of a fresh copy of the
// system; (nil, note, nil) when it has no tangent dynamics.
func systemSpectrum(ctx context.Context, e *system.Entry, sp systemSpec, dt float64) (*chaos.Spectrum, string, error) {
	cdt := sp.Sampling.DT
	if sp.Sampling.PointsPerPeriod > 0 {
		cdt = e.Info.Period / sp.Sampling.PointsPerPeriod
	}
	sys, err := e.New(system.Config{Params: system.Params(sp.System.Params), Seed: sp.Seed, DT: cdt})
	if err != nil {
		return nil, "", err
	}
	if _, ok := sys.(system.Field); !ok {
		if _, ok := sys.(chaos.Tangent); !ok {
			return nil, fmt.Sprintf("%s has no tangent dynamics (a %s system); λ1 is the literature value", e.Info.Name, e.Info.Category), nil
		}
	}
	k := min(sp.Lyapunov.Exponents, sys.Dim())
	o := &chaos.SpectrumOptions{K: k, Time: sp.Lyapunov.Time, Transient: sp.Lyapunov.Time / 4}
	if system.IsDiscrete(sys) {
		o.Time, o.Transient = max(sp.Lyapunov.Time, 1000), 200
	}
	s, err := chaos.LyapunovSpectrum(ctx, sys, o)
	if err != nil {
		return nil, "", err
	}
	if system.IsDiscrete(sys) && dt > 0 && dt != 1 {
		// Per iteration → per time unit.
		for i := range s.Exponents {
			s.Exponents[i] /= dt
			s.StdErr[i] /= dt
		}
	}
	return s, "", nil
}

// tailFit fits a power law to a column's positive values.
func tailFit(ctx context.Context, d *dataset, sp systemSpec, e *system.Entry) (*TailFit, error) {
	col := d.column(sp.System.Tail)
	if col == nil {
		return nil, fmt.Errorf("no column %q", sp.System.Tail)
	}
	var x []float64
	discrete := true
	for _, v := range col {
		if sp.System.TailAbs {
			v = math.Abs(v)
		}
		if v > 0 {
			x = append(x, v)
			if v != math.Trunc(v) {
				discrete = false
			}
		}
	}
	if len(x) < 50 {
		return nil, fmt.Errorf("column %q has %d positive values: too few for a power-law fit (at least 50)", sp.System.Tail, len(x))
	}
	boot := &statphys.BootstrapOptions{Replicates: sp.PowerLaw.Bootstrap, Seed: sp.Seed, Workers: 1}
	if sp.PowerLaw.Bootstrap < 0 {
		boot.Replicates = -1
	}
	f, err := statphys.AnalyzePowerLaw(ctx, x, &statphys.PowerLawOptions{Discrete: discrete, Xmax: sp.System.TailXmax}, boot)
	if err != nil {
		return nil, err
	}
	tf := &TailFit{Column: sp.System.Tail, Abs: sp.System.TailAbs, N: f.N, NTail: f.NTail, Alpha: Float(f.Alpha),
		Xmin: Float(f.Xmin), Xmax: Float(f.Xmax), KS: Float(f.KS), P: Float(f.P), Discrete: discrete}
	for _, c := range f.Comparisons {
		tf.Alternatives = append(tf.Alternatives, Comparison{Alternative: c.Alternative.String(), R: Float(c.R), P: Float(c.P)})
	}
	// Empirical CCDF of the whole sample, thinned on a log grid.
	sort.Float64s(x)
	n := float64(len(x))
	var cx, cy []float64
	last := -1.0
	for i, v := range x {
		if i > 0 && v == x[i-1] {
			continue
		}
		if last > 0 && v < last*1.02 && i != len(x)-1 {
			continue
		}
		cx = append(cx, v)
		cy = append(cy, (n-float64(i))/n)
		last = v
	}
	tf.CCDFX, tf.CCDFY = Floats(cx), Floats(cy)
	// The fit, scaled to the tail's share of the sample.
	// P(X ≥ x) = P(X > xmax) + P(xmin ≤ X ≤ xmax)·S(x), S the fitted
	// (conditional) survival function on [xmin, xmax].
	share, above := float64(f.NTail)/n, float64(f.NAbove)/n
	hi := x[len(x)-1]
	if f.Xmax < hi {
		hi = f.Xmax
	}
	for k := 0; k <= 40; k++ {
		v := f.Xmin * math.Pow(hi/f.Xmin, float64(k)/40)
		tf.FitX = append(tf.FitX, Float(v))
		tf.FitY = append(tf.FitY, Float(above+share*f.CCDF(v)))
	}
	if e != nil {
		for _, inv := range e.Info.Invariants {
			if inv.Name == "avalanche_size_exponent" && len(inv.Values) > 0 && sp.System.Tail == "avalanche_size" {
				v := Float(inv.Values[0])
				tf.Reference, tf.RefSource = &v, inv.Source
			}
		}
	}
	return tf, nil
}

// thin keeps at most max points of (x, y), evenly spaced in index.
func thin(x, y []float64, max int) ([]Float, []Float) {
	n := len(x)
	if n <= max {
		return Floats(x), Floats(y)
	}
	ox, oy := make([]Float, max), make([]Float, max)
	for i := range ox {
		j := i * (n - 1) / (max - 1)
		ox[i], oy[i] = Float(x[j]), Float(y[j])
	}
	return ox, oy
}

// loadSystemResult reads a system task's document.
func loadSystemResult(ctx context.Context, r store.Reader, key string) (*SystemResult, error) {
	a, err := r.Artifact(ctx, key, ArtSystem)
	if err != nil {
		return nil, err
	}
	var s SystemResult
	if err := json.Unmarshal(a.Data, &s); err != nil {
		return nil, fmt.Errorf("system task %s: %w", key, err)
	}
	return &s, nil
}
