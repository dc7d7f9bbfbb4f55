package climate

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/emergo/emergo/chaos"
	"github.com/emergo/emergo/experiment"
	"github.com/emergo/emergo/forecast"
	"github.com/emergo/emergo/system"
	_ "github.com/emergo/emergo/system/flows" // registers Lorenz96
)

// Lorenz96Kind is the registered name of the Lorenz-96 skill experiment.
const Lorenz96Kind = "climate-lorenz96"

// Lorenz96Params are the parameters of the "climate-lorenz96" experiment.
type Lorenz96Params struct {
	// N is the number of sites (default 40, the classic benchmark; the
	// catalogue's default is dysts' N = 4, F = 20).
	N int `json:"n"`
	// Forcings are the values of F scanned.
	Forcings []float64 `json:"forcings"`
	// DT is the sampling interval (default 0.05, Lorenz's "6 hours").
	DT float64 `json:"dt"`
	// Transient is the model time simulated and discarded first (default
	// 100): the initial condition x_i = F, x_0 += 0.01 sits next to the
	// unstable fixed point.
	Transient float64 `json:"transient"`
	// TrainTime is the model time of training data (default 500: 10^4
	// rows at dt = 0.05).
	TrainTime float64 `json:"train_time"`
	// Origins is the number of test forecasts per F, started after the
	// training data at non-overlapping windows (default 20).
	Origins int `json:"origins"`
	// HorizonTime is the rollout length in model time (default 10); a
	// valid time that reaches it is censored.
	HorizonTime float64 `json:"horizon_time"`
	// NRMSELyapunov is the lead window of the reported NRMSE in Lyapunov
	// times at chaotic forcings (default 1), so that the window means the
	// same predictability at every F; NRMSETime is the window in model
	// time at non-chaotic forcings (default 1).
	NRMSELyapunov float64 `json:"nrmse_lyapunov_times"`
	NRMSETime     float64 `json:"nrmse_time"`
	// Threshold is the normalised error that ends the valid prediction
	// time (default 0.5, Vlachas et al. 2020).
	Threshold float64 `json:"threshold"`
	// LyapunovTime and LyapunovTransient are the averaging and transient
	// times of λ1 (defaults 500 and 50).
	LyapunovTime      float64 `json:"lyapunov_time"`
	LyapunovTransient float64 `json:"lyapunov_transient"`
	// Models are the zoo models trained at each F (transform must be
	// empty).
	Models []ModelSpec `json:"models"`
}

// DefaultLorenz96Params returns the defaults: N = 40, F ∈ {2, 4, 5, 6, 8,
// 10, 12, 16}, dt = 0.05, persistence, a linear AR (ridge, 4 lags), a
// quadratic NVAR (1 tap: 861 features) and a 500-node ESN.
func DefaultLorenz96Params() *Lorenz96Params {
	return &Lorenz96Params{
		N: 40, Forcings: []float64{2, 4, 5, 6, 8, 10, 12, 16}, DT: 0.05, Transient: 100, TrainTime: 500,
		Origins: 20, HorizonTime: 10, NRMSELyapunov: 1, NRMSETime: 1, Threshold: 0.5, LyapunovTime: 500, LyapunovTransient: 50,
		Models: []ModelSpec{
			{Name: "persistence"},
			{Name: "ridge", Hyper: map[string]float64{"lags": 4, "alpha": 1e-6}},
			{Name: "nvar", Hyper: map[string]float64{"k": 1, "order": 2, "alpha": 1e-6}},
			{Name: "esn", Hyper: map[string]float64{"size": 500, "radius": 0.4, "input_scaling": 0.05, "alpha": 1e-4}},
		},
	}
}

// Validate checks the parameters, naming the first bad one.
func (p *Lorenz96Params) Validate() error {
	bad := func(name string, v any, why string) error { return fmt.Errorf("param %s = %v: %s", name, v, why) }
	switch {
	case p.N < 4 || p.N > 1000:
		return bad("n", p.N, "the number of sites must be in [4, 1000]")
	case len(p.Forcings) == 0 || len(p.Forcings) > 50:
		return bad("forcings", p.Forcings, "list 1 to 50 values of F")
	case !(p.DT > 0 && p.DT <= 1):
		return bad("dt", p.DT, "the sampling interval must be in (0, 1]")
	case !(p.Transient >= 0) || p.Transient > 1e5:
		return bad("transient", p.Transient, "must be in [0, 1e5]")
	case !(p.TrainTime > 0) || p.TrainTime/p.DT > 1e6:
		return bad("train_time", p.TrainTime, "must be positive and at most 10^6 rows")
	case p.Origins < 1 || p.Origins > 10000:
		return bad("origins", p.Origins, "must be in [1, 10000]")
	case !(p.HorizonTime >= p.DT) || p.HorizonTime/p.DT > 1e5:
		return bad("horizon_time", p.HorizonTime, "must be at least one step (dt) and at most 10^5 steps")
	case !(p.NRMSETime >= p.DT && p.NRMSETime <= p.HorizonTime):
		return bad("nrmse_time", p.NRMSETime, "must be in [dt, horizon_time]")
	case !(p.NRMSELyapunov > 0 && p.NRMSELyapunov <= 100):
		return bad("nrmse_lyapunov_times", p.NRMSELyapunov, "must be in (0, 100]")
	case !(p.Threshold > 0 && p.Threshold < 10):
		return bad("threshold", p.Threshold, "must be in (0, 10)")
	case !(p.LyapunovTime > 0) || p.LyapunovTime > 1e6:
		return bad("lyapunov_time", p.LyapunovTime, "must be in (0, 1e6]")
	case !(p.LyapunovTransient >= 0) || p.LyapunovTransient > 1e6:
		return bad("lyapunov_transient", p.LyapunovTransient, "must be in [0, 1e6]")
	}
	rows := int(math.Round(p.TrainTime / p.DT))
	if rows < 50 {
		return bad("train_time", p.TrainTime, fmt.Sprintf("gives %d training rows at dt = %g; need at least 50", rows, p.DT))
	}
	for i, f := range p.Forcings {
		if math.IsNaN(f) || math.Abs(f) > 100 {
			return bad(fmt.Sprintf("forcings[%d]", i), f, "F must be finite and |F| ≤ 100")
		}
	}
	return validateModels("models", p.Models, false)
}

// Quick shrinks the parameters for a smoke run.
func (p *Lorenz96Params) Quick() {
	p.N = min(p.N, 10)
	if len(p.Forcings) > 2 {
		p.Forcings = []float64{4, 8}
	}
	p.Transient = math.Min(p.Transient, 10)
	p.TrainTime = math.Min(p.TrainTime, 50)
	p.Origins = min(p.Origins, 4)
	p.HorizonTime = math.Min(p.HorizonTime, 4)
	p.NRMSETime = math.Min(p.NRMSETime, p.HorizonTime)
	p.LyapunovTime = math.Min(p.LyapunovTime, 20)
	p.LyapunovTransient = math.Min(p.LyapunovTransient, 5)
	for i := range p.Models {
		m := &p.Models[i]
		if m.Name == "esn" {
			if m.Hyper == nil {
				m.Hyper = map[string]float64{}
			}
			m.Hyper["size"] = math.Min(orDefault(m.Hyper, "size", 400), 60)
			m.Hyper["washout"] = math.Min(orDefault(m.Hyper, "washout", 100), 50)
		}
	}
}

func init() {
	experiment.Register(experiment.Kind{
		Name:  Lorenz96Kind,
		Title: "Lorenz-96 forecast skill against forcing",
		Description: "The Lorenz (1996) model with N sites (default 40) at several forcings F: the largest Lyapunov exponent λ1 " +
			"(tangent dynamics with the analytic Jacobian) and, per F, the valid prediction time (model time and Lyapunov times) " +
			"and NRMSE of zoo models (persistence, ridge AR, NVAR, ESN) trained on that F.",
		Params:   func() any { return DefaultLorenz96Params() },
		Validate: func(p any) error { return p.(*Lorenz96Params).Validate() },
		Quick:    func(p any) { p.(*Lorenz96Params).Quick() },
		Run: func(ctx context.Context, p any, env *experiment.Env) (*experiment.Result, error) {
			return RunLorenz96(ctx, p.(*Lorenz96Params), env)
		},
	})
}

// NewLorenz96 builds the catalogue's Lorenz96 flow with n sites, forcing
// f and sampling interval dt (DOPRI5, rtol = atol = 1e-9). Its initial
// condition is x_i = f with x_0 += 0.01.
func NewLorenz96(n int, f, dt float64) (system.System, error) {
	return system.NewConfig("Lorenz96", system.Config{Params: system.Params{"n": float64(n), "f": f}, DT: dt})
}

// Lorenz96Lambda1 returns the largest Lyapunov exponent of the n-site
// Lorenz-96 model at forcing f (chaos.LyapunovSpectrum with K = 1 on the
// tangent flow of the analytic Jacobian), started after `transient` model
// time from the catalogue's initial condition, renormalised every dt and
// averaged over `time`.
//
// References:
//
//	Lorenz, E. N. (1996). Predictability: a problem partly solved. Proc.
//	  Seminar on Predictability, Vol. 1, ECMWF, Reading, 1-18.
//	Karimi, A. & Paul, M. R. (2010). Extensive chaos in the Lorenz-96
//	  model. Chaos 20, 043105.
func Lorenz96Lambda1(ctx context.Context, n int, f, dt, transient, time float64) (*chaos.Spectrum, error) {
	sys, err := NewLorenz96(n, f, dt)
	if err != nil {
		return nil, err
	}
	return chaos.LyapunovSpectrum(ctx, sys, &chaos.SpectrumOptions{K: 1, Transient: transient, Time: time, DT: dt})
}

// ModelSkill is one model's forecast skill at one forcing.
type ModelSkill struct {
	Label string
	// VPTTime is the mean valid prediction time (model time units) over
	// the origins and VPTLyap the same in Lyapunov times (NaN when the
	// system is not chaotic); Censored counts origins whose error never
	// reached the threshold within the horizon.
	VPTTime, VPTLyap float64
	Censored         int
	// NRMSE is the mean over origins of the per-variable NRMSE over the
	// first NRMSELyapunov Lyapunov times of the rollout (NRMSETime model
	// time units when the system is not chaotic).
	NRMSE float64
	// Diverged counts rollouts that left every bound (their remaining
	// rows count as errors above the threshold, and as the training mean
	// in the NRMSE).
	Diverged int
	// Err is the training error, if training failed (the scores are NaN).
	Err error
}

// ForcingSkill is the outcome at one forcing F.
type ForcingSkill struct {
	F float64
	// Lambda1 ± Lambda1Err is the largest Lyapunov exponent; Chaotic is
	// λ1 > max(0.05, 3·Lambda1Err).
	Lambda1, Lambda1Err float64
	Chaotic             bool
	Models              []ModelSkill
}

// RunLorenz96 computes the climate-lorenz96 experiment.
func RunLorenz96(ctx context.Context, p *Lorenz96Params, env *experiment.Env) (*experiment.Result, error) {
	if env == nil {
		env = experiment.NewEnv(0)
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	per := 2 + len(p.Models)
	total := per * len(p.Forcings)
	var mu sync.Mutex
	done := 0
	tick := func() {
		mu.Lock()
		done++
		env.Progress(done, total)
		mu.Unlock()
	}
	env.Progress(0, total)
	out := make([]*ForcingSkill, len(p.Forcings))
	errs := make([]error, len(p.Forcings))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(p.Forcings)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				out[i], errs[i] = forcingSkill(ctx, p, i, env.Seed, tick)
				if errs[i] != nil {
					cancel()
				}
			}
		}()
	}
	for i := range p.Forcings {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("F = %g: %w", p.Forcings[i], err)
		}
	}
	return lorenz96Result(p, out), nil
}

// forcingSkill simulates, measures λ1 and trains and scores every model
// at forcing i.
func forcingSkill(ctx context.Context, p *Lorenz96Params, i int, seed uint64, tick func()) (*ForcingSkill, error) {
	f := p.Forcings[i]
	fs := &ForcingSkill{F: f}
	sys, err := NewLorenz96(p.N, f, p.DT)
	if err != nil {
		return nil, err
	}
	trainRows := int(math.Round(p.TrainTime / p.DT))
	h := max(1, int(math.Round(p.HorizonTime/p.DT)))
	rows := trainRows + p.Origins*h
	tr, err := system.Sample(ctx, sys, rows, &system.SampleOptions{Transient: int(math.Round(p.Transient / p.DT)), Name: fmt.Sprintf("Lorenz96 F=%g", f)})
	if err != nil {
		return nil, err
	}
	tick()
	// λ1 from the state at the end of the sample (on the attractor).
	sp, err := chaos.LyapunovSpectrum(ctx, sys, &chaos.SpectrumOptions{K: 1, Transient: p.LyapunovTransient, Time: p.LyapunovTime, DT: p.DT})
	if err != nil {
		return nil, fmt.Errorf("λ1: %w", err)
	}
	fs.Lambda1, fs.Lambda1Err = sp.Exponents[0], sp.StdErr[0]
	fs.Chaotic = fs.Lambda1 > math.Max(0.05, 3*fs.Lambda1Err)
	tick()
	x := forecast.NewBlock(tr.X, p.N)
	train := x.Slice(0, trainRows)
	std := forecast.Std(train)
	mean := make([]float64, p.N)
	for r := 0; r < train.Rows; r++ {
		for j, v := range train.Row(r) {
			mean[j] += v / float64(train.Rows)
		}
	}
	for j := range std {
		if !(std[j] > 0) {
			std[j] = 1 // a constant column (a fixed point): errors in raw units
		}
	}
	lam := 0.0
	nr := int(math.Round(p.NRMSETime / p.DT))
	if fs.Chaotic {
		lam = fs.Lambda1
		nr = int(math.Round(p.NRMSELyapunov / (lam * p.DT)))
	}
	nr = min(h, max(1, nr))
	for k, ms := range p.Models {
		sk := ModelSkill{Label: ms.label(), VPTTime: nan, VPTLyap: nan, NRMSE: nan}
		m, err := fit(ctx, ms, splitmix(seed, 1000*i+k), train)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			sk.Err = err
			fs.Models = append(fs.Models, sk)
			tick()
			continue
		}
		cl := m.ContextLen()
		var vt, vl, nrm float64
		for o := range p.Origins {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			at := trainRows + o*h
			if at < cl {
				return nil, fmt.Errorf("%s needs %d context rows; the training part has %d", sk.Label, cl, trainRows)
			}
			pr, ok, err := predict(m, x.Slice(at-cl, at), h)
			if err != nil {
				return nil, fmt.Errorf("%s: forecast from row %d: %w", sk.Label, at, err)
			}
			if !ok {
				sk.Diverged++
			}
			truth := x.Slice(at, at+h)
			v := forecast.ValidTime(truth, pr, &forecast.VPTOptions{Std: std, Threshold: p.Threshold, DT: p.DT, Lyapunov: lam})
			vt += v.Time
			vl += v.LyapunovTimes
			if v.Censored {
				sk.Censored++
			}
			short := forecast.NewBlock(append([]float64(nil), pr.X[:nr*p.N]...), p.N)
			for r := 0; r < short.Rows; r++ {
				row := short.Row(r)
				for j, val := range row {
					if math.IsNaN(val) {
						row[j] = mean[j]
					}
				}
			}
			nrm += forecast.NRMSE(truth.Slice(0, nr), short, std)
		}
		no := float64(p.Origins)
		sk.VPTTime, sk.NRMSE = vt/no, nrm/no
		if fs.Chaotic {
			sk.VPTLyap = vl / no
		}
		fs.Models = append(fs.Models, sk)
		tick()
	}
	return fs, nil
}

// Literature values of λ1 for N = 40 (per model time unit).
var lorenz96Literature = map[float64]string{
	8: "≈ 1.7 (Karimi & Paul 2010; 1.68 in Vlachas et al. 2020)",
}

// lorenz96Result assembles tables, plots, metrics and notes.
func lorenz96Result(p *Lorenz96Params, out []*ForcingSkill) *experiment.Result {
	res := &experiment.Result{Title: fmt.Sprintf("Lorenz-96 (N = %d): forecast skill against forcing", p.N)}
	order := make([]int, len(out))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return out[order[a]].F < out[order[b]].F })
	lt := experiment.Table{Title: "Largest Lyapunov exponent against forcing",
		Caption: fmt.Sprintf("λ1 from the tangent dynamics (analytic Jacobian, QR every dt = %g), averaged over %g time units after %g; "+
			"± is the standard error of 10 block averages. Lyapunov time = 1/λ1.", p.DT, p.LyapunovTime, p.LyapunovTransient),
		Columns: []string{"F", "λ1", "±", "Lyapunov time", "regime", "literature (N = 40)"}}
	var fx, l1, l1lo, l1hi []float64
	for _, i := range order {
		s := out[i]
		regime, ltime := "not chaotic (λ1 ≈ 0: periodic or quasi-periodic)", nan
		if s.Chaotic {
			regime, ltime = "chaotic", 1/s.Lambda1
		}
		lit := "—"
		if v, ok := lorenz96Literature[s.F]; ok && p.N == 40 {
			lit = v
		}
		lt.AddRow(s.F, s.Lambda1, s.Lambda1Err, ltime, regime, lit)
		fx = append(fx, s.F)
		l1 = append(l1, s.Lambda1)
		l1lo = append(l1lo, s.Lambda1-s.Lambda1Err)
		l1hi = append(l1hi, s.Lambda1+s.Lambda1Err)
		res.Metric("lambda1_f"+fname(s.F), s.Lambda1)
	}
	res.Tables = append(res.Tables, lt)

	st := experiment.Table{Title: "Forecast skill per forcing and model",
		Caption: fmt.Sprintf("%d rollouts of %g time units per F from the test part after %g time units of training; valid prediction "+
			"time (VPT) until the per-variable normalised error reaches %g (Vlachas et al. 2020), in model time and in Lyapunov times λ1·t. "+
			"Censored: rollouts still valid at the horizon. NRMSE over the first %g Lyapunov times (%g time units at non-chaotic F).",
			p.Origins, p.HorizonTime, p.TrainTime, p.Threshold, p.NRMSELyapunov, p.NRMSETime),
		Columns: []string{"F", "model", "VPT (time)", "VPT (Lyapunov times)", "censored", "diverged", "NRMSE"}}
	vptT := map[string][]float64{}
	vptL := map[string][]float64{}
	nrm := map[string][]float64{}
	var labels []string
	var fl []float64 // chaotic forcings
	for _, i := range order {
		s := out[i]
		if s.Chaotic {
			fl = append(fl, s.F)
		}
		for _, m := range s.Models {
			if _, ok := vptT[m.Label]; !ok {
				labels = append(labels, m.Label)
			}
			note := ""
			if m.Err != nil {
				note = m.Err.Error()
			}
			if note != "" {
				st.AddRow(s.F, m.Label, "—", "—", "—", "—", note)
			} else {
				st.AddRow(s.F, m.Label, m.VPTTime, m.VPTLyap, m.Censored, m.Diverged, m.NRMSE)
			}
			vptT[m.Label] = append(vptT[m.Label], m.VPTTime)
			nrm[m.Label] = append(nrm[m.Label], m.NRMSE)
			if s.Chaotic {
				vptL[m.Label] = append(vptL[m.Label], m.VPTLyap)
			}
			key := metricName(m.Label) + "_f" + fname(s.F)
			res.Metric("vpt_time_"+key, m.VPTTime)
			res.Metric("vpt_lyap_"+key, m.VPTLyap)
			res.Metric("nrmse_"+key, m.NRMSE)
		}
	}
	res.Tables = append(res.Tables, st)

	s1 := experiment.NewSeries("λ1", fx, l1)
	s1.Marker = true
	lo := experiment.NewSeries("λ1 − se", fx, l1lo)
	lo.Dash = true
	hi := experiment.NewSeries("λ1 + se", fx, l1hi)
	hi.Dash = true
	lp := experiment.Plot{Kind: experiment.Line, Title: "Largest Lyapunov exponent of Lorenz-96 against forcing",
		Caption: fmt.Sprintf("N = %d. λ1 ≈ 0 marks periodic or quasi-periodic travelling waves; chaos sets in between F = 4 and 5 here.", p.N),
		XLabel:  "forcing F", YLabel: "λ1 (per time unit)", Series: []experiment.Series{s1, lo, hi}, HLines: []experiment.Ref{{At: 0}}}
	if p.N == 40 {
		lit := experiment.NewSeries("literature, F = 8 (≈ 1.7)", []float64{8}, []float64{1.7})
		lit.Marker = true
		lp.Series = append(lp.Series, lit)
	}
	res.Plots = append(res.Plots, lp)
	line := func(title, ylabel, caption string, xs []float64, ys map[string][]float64, logy bool) experiment.Plot {
		pl := experiment.Plot{Kind: experiment.Line, Title: title, XLabel: "forcing F", YLabel: ylabel, Caption: caption, LogY: logy}
		for _, l := range labels {
			sr := experiment.NewSeries(l, xs, ys[l])
			sr.Marker = true
			pl.Series = append(pl.Series, sr)
		}
		return pl
	}
	res.Plots = append(res.Plots,
		line("Valid prediction time against forcing (model time)", "VPT (time units)",
			fmt.Sprintf("Mean over %d rollouts; capped by the horizon %g for non-chaotic F.", p.Origins, p.HorizonTime), fx, vptT, true),
		line("Valid prediction time against forcing (Lyapunov times)", "VPT (λ1·t)",
			"Chaotic forcings only: VPT in units of the Lyapunov time 1/λ1.", fl, vptL, false),
		line("NRMSE against forcing", "NRMSE", fmt.Sprintf("Over the first %g Lyapunov times of each rollout (%g time units at non-chaotic F).",
			p.NRMSELyapunov, p.NRMSETime), fx, nrm, true))

	// Summary and notes.
	var parts []string
	for _, i := range order {
		s := out[i]
		best := ""
		bv := -1.0
		for _, m := range s.Models {
			if m.Err == nil && m.VPTTime > bv {
				best, bv = m.Label, m.VPTTime
			}
		}
		parts = append(parts, fmt.Sprintf("F=%g: λ1=%.2f, best %s", s.F, s.Lambda1, best))
	}
	res.Summary = strings.Join(parts, "; ") + "."
	res.Notes = lorenz96Notes(p, out, order)
	return res
}

func lorenz96Notes(p *Lorenz96Params, out []*ForcingSkill, order []int) []string {
	var notes []string
	notes = append(notes, fmt.Sprintf("N = %d sites (the catalogue's default is dysts' N = 4, F = 20); initial condition x_i = F, x_0 += 0.01 "+
		"(deterministic), %g time units discarded; DOPRI5 with rtol = atol = 1e-9, sampled every dt = %g.", p.N, p.Transient, p.DT))
	for _, i := range order {
		s := out[i]
		if s.F == 8 && p.N == 40 {
			notes = append(notes, fmt.Sprintf("F = 8: λ1 = %.3f ± %.3f against ≈ 1.7 (Karimi & Paul 2010; Vlachas et al. 2020 quote 1.68).", s.Lambda1, s.Lambda1Err))
		}
	}
	// Which model wins where, and the ESN caveat.
	wins := map[string]int{}
	var chaotic int
	for _, i := range order {
		s := out[i]
		if !s.Chaotic {
			continue
		}
		chaotic++
		best, bv := "", -1.0
		for _, m := range s.Models {
			if m.Err == nil && m.VPTTime > bv {
				best, bv = m.Label, m.VPTTime
			}
		}
		wins[best]++
	}
	if chaotic > 0 {
		var w []string
		for _, k := range sortedKeys(wins) {
			w = append(w, fmt.Sprintf("%s %d", k, wins[k]))
		}
		notes = append(notes, fmt.Sprintf("Longest valid time over the %d chaotic forcings: %s.", chaotic, strings.Join(w, ", ")))
	}
	// VPT in Lyapunov times from the least to the most chaotic forcing.
	var first, last *ForcingSkill
	for _, i := range order {
		if out[i].Chaotic {
			if first == nil {
				first = out[i]
			}
			last = out[i]
		}
	}
	if first != nil && last != first {
		var trend []string
		for k, m := range first.Models {
			if k < len(last.Models) && m.Err == nil && last.Models[k].Err == nil {
				trend = append(trend, fmt.Sprintf("%s %.2f → %.2f", m.Label, m.VPTLyap, last.Models[k].VPTLyap))
			}
		}
		notes = append(notes, fmt.Sprintf("VPT in Lyapunov times from F = %g to F = %g: %s. Training covers the same model time at "+
			"every F, hence more Lyapunov times at larger F, while the attractor dimension grows with F (Karimi & Paul 2010).",
			first.F, last.F, strings.Join(trend, "; ")))
	}
	for _, i := range order {
		for _, m := range out[i].Models {
			if m.Diverged > 0 {
				notes = append(notes, fmt.Sprintf("F = %g: %s diverged (left every bound) in %d of %d rollouts; rows after a divergence count as errors above the threshold.",
					out[i].F, m.Label, m.Diverged, p.Origins))
			}
		}
	}
	// The reservoir against the linear AR, when both are in the zoo.
	esnBelow, both := 0, 0
	for _, i := range order {
		s := out[i]
		if !s.Chaotic {
			continue
		}
		var e, r *ModelSkill
		for k := range s.Models {
			switch s.Models[k].Label {
			case "esn":
				e = &s.Models[k]
			case "ridge":
				r = &s.Models[k]
			}
		}
		if e != nil && r != nil && e.Err == nil && r.Err == nil {
			both++
			if e.VPTTime < r.VPTTime {
				esnBelow++
			}
		}
	}
	if both > 0 && esnBelow == both {
		notes = append(notes, "The ESN's valid time is below the linear AR's at every chaotic F: a single reservoir of a few hundred "+
			"nodes driven by all sites is a weak model of Lorenz-96; published reservoir forecasts of this system use thousands of "+
			"nodes or local, parallel reservoirs (Pathak et al. 2018; Vlachas et al. 2020).")
	}
	notes = append(notes, "In a trial at N = 40, F = 8, dt = 0.05, an NVAR with two delay taps (3321 quadratic features, against "+
		"861 for one tap) took about ten times longer to fit and every rollout diverged within a few steps.")
	return notes
}

// fname formats a forcing for metric names ("8", "2.5" → "2_5").
func fname(f float64) string { return strings.ReplaceAll(fmt.Sprintf("%g", f), ".", "_") }
