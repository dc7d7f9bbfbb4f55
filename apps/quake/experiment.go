package quake

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/emergo/emergo/experiment"
	"github.com/emergo/emergo/statphys"
)

// KindName is the registered name of the experiment.
const KindName = "earthquakes"

// Params are the parameters of the "earthquakes" experiment.
type Params struct {
	// Region is the catalogue selection of the headline analysis (a name
	// of Regions; default "all").
	Region string `json:"region"`
	// Regions are the selections compared in the b-value table.
	Regions []string `json:"regions"`
	// IncludeBlasts keeps explosions and quarry blasts (default false).
	IncludeBlasts bool `json:"include_blasts"`
	// DM is the magnitude bin width (default 0.1, the feed's resolution).
	DM float64 `json:"dm"`
	// McCorrection is added to the maximum-curvature Mc (default 0.2,
	// Woessner & Wiemer 2005).
	McCorrection float64 `json:"mc_correction"`
	// MinEvents is the smallest sample above a trial Mc in the b(Mc)
	// curve and the b-value-stability Mc (default 50).
	MinEvents int `json:"min_events"`
	// Bootstrap is the number of bootstrap replicates of b (default 1000).
	Bootstrap int `json:"bootstrap"`
	// WaitingBins is the number of logarithmic bins per decade of the
	// waiting-time density (default 5).
	WaitingBins int `json:"waiting_bins_per_decade"`
	// OFCL is the OFC lattice side (default 64).
	OFCL int `json:"ofc_l"`
	// OFCAlphas are the conservation levels α simulated (default 0.25,
	// 0.2, 0.15; 0.25 is conservative with four neighbours).
	OFCAlphas []float64 `json:"ofc_alphas"`
	// OFCQuakes are recorded per α after OFCTransient quakes (defaults
	// 200000 and 200000).
	OFCQuakes    int `json:"ofc_quakes"`
	OFCTransient int `json:"ofc_transient"`
	// OFCXmaxFactor sets the upper bound xmax = factor·L² of the
	// truncated power-law fit (default 0.1: below the finite-size
	// cutoff; with the fit's minimum range xmax/xmin ≥ 10 it also keeps
	// xmin ≤ L²/100, so that the KS scan cannot settle in the cutoff).
	OFCXmaxFactor float64 `json:"ofc_xmax_factor"`
	// OFCGoF is the number of CSN goodness-of-fit replicates of the
	// truncated fit per α (default 100; 0: none).
	OFCGoF int `json:"ofc_gof"`
}

// DefaultParams returns the default parameters.
func DefaultParams() *Params {
	return &Params{
		Region: "all", Regions: []string{"all", "california", "us", "alaska", "global"},
		DM: 0.1, McCorrection: 0.2, MinEvents: 50, Bootstrap: 1000, WaitingBins: 5,
		OFCL: 64, OFCAlphas: []float64{0.25, 0.2, 0.15}, OFCQuakes: 200000, OFCTransient: 200000, OFCXmaxFactor: 0.1, OFCGoF: 100,
	}
}

// Validate checks the parameters, naming the first bad one.
func (p *Params) Validate() error {
	bad := func(name string, v any, why string) error {
		return fmt.Errorf("param %s = %v: %s", name, v, why)
	}
	if _, err := RegionByName(p.Region); err != nil {
		return bad("region", p.Region, err.Error())
	}
	if len(p.Regions) == 0 {
		return bad("regions", p.Regions, "list at least one region")
	}
	for i, r := range p.Regions {
		if _, err := RegionByName(r); err != nil {
			return bad(fmt.Sprintf("regions[%d]", i), r, err.Error())
		}
	}
	switch {
	case !(p.DM > 0 && p.DM <= 1):
		return bad("dm", p.DM, "the magnitude bin must be in (0, 1]")
	case !(math.Abs(p.McCorrection) <= 1):
		return bad("mc_correction", p.McCorrection, "must be within ±1 magnitude unit")
	case p.MinEvents < 2:
		return bad("min_events", p.MinEvents, "must be at least 2 (50 or more advisable)")
	case p.Bootstrap < 0 || p.Bootstrap > 100000:
		return bad("bootstrap", p.Bootstrap, "must be in [0, 100000]")
	case p.WaitingBins < 1 || p.WaitingBins > 50:
		return bad("waiting_bins_per_decade", p.WaitingBins, "must be in [1, 50]")
	case p.OFCL < 2 || p.OFCL > 1024:
		return bad("ofc_l", p.OFCL, "the lattice side must be in [2, 1024]")
	case len(p.OFCAlphas) > 10:
		return bad("ofc_alphas", p.OFCAlphas, "at most 10 values")
	case p.OFCQuakes < 100 || p.OFCQuakes > 100000000:
		return bad("ofc_quakes", p.OFCQuakes, "must be in [100, 1e8]")
	case p.OFCTransient < 0 || p.OFCTransient > 100000000:
		return bad("ofc_transient", p.OFCTransient, "must be in [0, 1e8]")
	case !(p.OFCXmaxFactor > 0 && p.OFCXmaxFactor <= 1e6):
		return bad("ofc_xmax_factor", p.OFCXmaxFactor, "must be positive")
	case p.OFCGoF < 0 || p.OFCGoF > 10000:
		return bad("ofc_gof", p.OFCGoF, "must be in [0, 10000]")
	}
	for i, a := range p.OFCAlphas {
		if !(a > 0 && a <= 0.25) {
			return bad(fmt.Sprintf("ofc_alphas[%d]", i), a, "α must be in (0, 0.25] (0.25 is conservative with four neighbours)")
		}
	}
	return nil
}

// Quick shrinks the parameters for a smoke run of a few seconds.
func (p *Params) Quick() {
	p.Bootstrap = min(p.Bootstrap, 100)
	p.OFCL = min(p.OFCL, 24)
	p.OFCQuakes = min(p.OFCQuakes, 20000)
	p.OFCTransient = min(p.OFCTransient, 20000)
	p.OFCGoF = 0
}

func init() {
	experiment.Register(experiment.Kind{
		Name:  KindName,
		Title: "Earthquake statistics: Gutenberg-Richter, waiting times and the OFC model",
		Description: "On the shipped USGS week of earthquakes: completeness magnitude (maximum curvature + correction, " +
			"Wiemer-Wyss goodness of fit at 90/95%, b-value stability), the Gutenberg-Richter b-value (Aki-Utsu MLE, " +
			"Shi-Bolt error, bootstrap interval) per region, the frequency-magnitude plot and b(Mc); inter-event times " +
			"(coefficient of variation, exponential vs gamma, rescaled by the rate as in Corral 2004); and the avalanche " +
			"sizes of the Olami-Feder-Christensen model at several α fitted with CSN and turned into an OFC b-value, " +
			"compared with the catalogue.",
		Params:   func() any { return DefaultParams() },
		Validate: func(p any) error { return p.(*Params).Validate() },
		Quick:    func(p any) { p.(*Params).Quick() },
		Run: func(ctx context.Context, p any, env *experiment.Env) (*experiment.Result, error) {
			return Run(ctx, p.(*Params), env)
		},
	})
}

// splitmix returns a well-mixed seed for work item i.
func splitmix(seed uint64, i int) uint64 {
	z := seed + uint64(i+1)*0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// Run computes the earthquakes experiment.
func Run(ctx context.Context, p *Params, env *experiment.Env) (*experiment.Result, error) {
	if env == nil {
		env = experiment.NewEnv(0)
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	const catUnits, ofcUnits = 10, 100
	total := catUnits + ofcUnits*len(p.OFCAlphas)
	env.Progress(0, total)
	ev, err := Catalogue(p.IncludeBlasts)
	if err != nil {
		return nil, err
	}
	res := &experiment.Result{Title: "Earthquake statistics: USGS week of February 2018 and the OFC model"}
	gopt := &GROptions{DM: p.DM, McCorrection: p.McCorrection, MinEvents: p.MinEvents, Bootstrap: p.Bootstrap, Seed: splitmix(env.Seed, 0)}

	// Gutenberg-Richter per region.
	names := append([]string(nil), p.Regions...)
	if !containsFold(names, p.Region) {
		names = append([]string{p.Region}, names...)
	}
	fits := map[string]*regionFit{}
	bt := experiment.Table{Title: "Gutenberg-Richter b-value by region",
		Caption: fmt.Sprintf("Aki-Utsu maximum-likelihood b with the Shi-Bolt standard error at Mc = maximum curvature %+.1f; "+
			"%d-replicate bootstrap 95%% interval (Mc re-estimated per replicate). GFT: the smallest Mc whose Gutenberg-Richter fit "+
			"explains the binned counts with residual R ≥ 90 (95)%% (Wiemer & Wyss 2000); \"not reached\" gives the best R. "+
			"MBS: b-value-stability Mc (Cao & Gao 2002) with at least %d events.", p.McCorrection, p.Bootstrap, p.MinEvents),
		Columns: []string{"region", "events", "Mc (maxc)", "Mc", "N ≥ Mc", "b", "± (Shi-Bolt)", "bootstrap 95%", "Mc GFT90", "Mc GFT95", "Mc MBS", "b at MBS Mc"}}
	for i, name := range names {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		r, _ := RegionByName(name)
		sel := Select(ev, r, math.Inf(-1))
		rf := &regionFit{r: r, ev: sel}
		fits[strings.ToLower(r.Name)] = rf
		o := *gopt
		o.Seed = splitmix(env.Seed, 100+i)
		a, err := AnalyzeGR(Mags(sel), &o)
		if err != nil {
			if strings.EqualFold(name, p.Region) {
				return nil, fmt.Errorf("region %s: %w", name, err)
			}
			bt.AddRow(r.Name, len(sel), "—", "—", "—", "—", "—", "—", "—", "—", "—", err.Error())
			continue
		}
		rf.a = a
		mbsMc, mbsB := "none", "—"
		if a.MBS != nil {
			mbsMc, mbsB = fmt.Sprintf("%.1f", a.MBS.Mc), fmt.Sprintf("%.3f ± %.3f", a.MBS.B, a.MBS.BErr)
		}
		bt.AddRow(r.Name, len(sel), fmt.Sprintf("%.1f", a.McMaxc), fmt.Sprintf("%.1f", a.Fit.Mc), a.Fit.N,
			fmt.Sprintf("%.3f", a.Fit.B), fmt.Sprintf("%.3f", a.Fit.BErr), interval(a.BootLo, a.BootHi),
			gftCell(a.GFT90, a.GFT90Reached), gftCell(a.GFT95, a.GFT95Reached), mbsMc, mbsB)
		res.Metric("b_"+metricName(r.Name), a.Fit.B)
		res.Metric("b_err_"+metricName(r.Name), a.Fit.BErr)
		res.Metric("mc_"+metricName(r.Name), a.Fit.Mc)
	}
	res.Tables = append(res.Tables, bt)
	env.Progress(4, total)

	main := fits[strings.ToLower(p.Region)]
	a := main.a
	res.Metric("mc", a.Fit.Mc)
	res.Metric("mc_maxc", a.McMaxc)
	res.Metric("mc_gft90", gftMetric(a.GFT90, a.GFT90Reached))
	res.Metric("mc_gft95", gftMetric(a.GFT95, a.GFT95Reached))
	res.Metric("gft_residual_at_mc", a.Fit.GFTResidual)
	res.Metric("b", a.Fit.B)
	res.Metric("b_err", a.Fit.BErr)
	res.Metric("b_boot_lo", a.BootLo)
	res.Metric("b_boot_hi", a.BootHi)
	res.Metric("n_above_mc", float64(a.Fit.N))
	res.Plots = append(res.Plots, fmdPlot(main.r.Name, a), bcurvePlot(main.r.Name, a))

	// Waiting times.
	wt := experiment.Table{Title: "Inter-event times",
		Caption: "CV = σ/μ of the waiting times (1 for a Poisson process, > 1 clustered). θ = R·τ rescales by the mean rate R (Corral 2004). " +
			"The gamma density θ^(γ−1)e^(−θ/a)/(Γ(γ)a^γ) is fitted by maximum likelihood; LR = 2(ℓ_gamma − ℓ_exp) against the nested " +
			"exponential with its χ²₁ p-value. KS p-values ignore the fitted parameters and are conservative (Lilliefors 1969).",
		Columns: []string{"sequence", "waits", "zeros", "mean wait (s)", "rate (/day)", "CV", "gamma γ", "gamma a", "KS exp", "p exp", "KS gamma", "p gamma", "LR", "p LR"}}
	var seqs []waitSeq
	addSeq := func(name string, evs []Event) {
		w, err := AnalyzeWaiting(WaitingTimes(evs))
		if err != nil {
			wt.AddRow(name, len(evs), "—", "—", "—", "—", "—", "—", "—", "—", "—", "—", "—", err.Error())
			return
		}
		seqs = append(seqs, waitSeq{name, w})
		wt.AddRow(name, w.N, w.Zeros, w.Mean, 86400*w.Rate, w.CV, w.GammaShape, w.GammaScale, w.KSExp, w.PExp, w.KSGamma, w.PGamma, w.LR, w.PLR)
	}
	addSeq(fmt.Sprintf("%s, all magnitudes", main.r.Name), main.ev)
	addSeq(fmt.Sprintf("%s, M ≥ Mc = %.1f", main.r.Name, a.Fit.Mc), Select(main.ev, main.r, a.Fit.Mc-p.DM/2))
	for _, name := range names {
		rf := fits[strings.ToLower(name)]
		if rf == main || rf.a == nil || len(seqs) >= 6 {
			continue
		}
		addSeq(fmt.Sprintf("%s, M ≥ Mc = %.1f", rf.r.Name, rf.a.Fit.Mc), Select(rf.ev, rf.r, rf.a.Fit.Mc-p.DM/2))
	}
	res.Tables = append(res.Tables, wt)
	if len(seqs) > 0 {
		res.Metric("waiting_cv", seqs[0].w.CV)
		res.Metric("waiting_gamma_shape", seqs[0].w.GammaShape)
		res.Metric("waiting_p_exp", seqs[0].w.PExp)
		if len(seqs) > 1 {
			res.Metric("waiting_cv_above_mc", seqs[1].w.CV)
			res.Metric("waiting_gamma_shape_above_mc", seqs[1].w.GammaShape)
		}
		res.Plots = append(res.Plots, waitingPlot(seqs[0].name, seqs[0].w, seqs[min(1, len(seqs)-1)].name, seqs[min(1, len(seqs)-1)].w, p.WaitingBins))
	}
	env.Progress(catUnits, total)

	// OFC.
	ot := experiment.Table{Title: "OFC avalanche sizes and the implied b-value",
		Caption: fmt.Sprintf("L = %d, open boundaries, %d quakes recorded after %d discarded per α. τ: CSN discrete power-law fit "+
			"(xmin by KS); truncated: the same on [xmin, %g·L²] (Deluca & Corral 2013), which leaves out the finite-size bump. "+
			"b = 1.5(τ − 1) follows from M = (2/3)log10 S + c; the Aki-Utsu b is fitted to those magnitudes above the CSN xmin.",
			p.OFCL, p.OFCQuakes, p.OFCTransient, p.OFCXmaxFactor),
		Columns: []string{"α", "mean S", "max S", "τ (untruncated)", "xmin", "τ (truncated)", "xmin (trunc.)", "n tail", "GoF p", "b = 1.5(τ−1)", "Aki-Utsu b (mags)", "Mc (mags)"}}
	var ofcs []*OFCAnalysis
	for i, alpha := range p.OFCAlphas {
		base := catUnits + ofcUnits*i
		opt := OFCOptions{L: p.OFCL, Alpha: alpha, Quakes: p.OFCQuakes, Transient: p.OFCTransient, Seed: splitmix(env.Seed, 1000+i),
			XmaxFactor: p.OFCXmaxFactor, DM: p.DM, Replicates: p.OFCGoF,
			Progress: func(done, tot int) { env.Progress(base+int(float64(ofcUnits-5)*float64(done)/float64(tot)), total) }}
		sizes, err := SimulateOFC(ctx, opt)
		if err != nil {
			return nil, fmt.Errorf("OFC α=%g: %w", alpha, err)
		}
		oa, err := AnalyzeOFC(ctx, sizes, opt)
		if err != nil {
			return nil, err
		}
		ofcs = append(ofcs, oa)
		akiB, akiMc := "—", "—"
		if oa.GR != nil {
			akiB, akiMc = fmt.Sprintf("%.3f ± %.3f", oa.GR.B, oa.GR.BErr), fmt.Sprintf("%.1f", oa.GR.Mc)
			res.Metric(fmt.Sprintf("ofc_b_aki_alpha%.3g", alpha), oa.GR.B)
		}
		ot.AddRow(alpha, oa.MeanSize, oa.MaxSize, fmt.Sprintf("%.3f ± %.3f", oa.Fit.Alpha, oa.Fit.Sigma), oa.Fit.Xmin,
			fmt.Sprintf("%.3f ± %.3f", oa.Trunc.Alpha, oa.Trunc.Sigma), oa.Trunc.Xmin, oa.Trunc.NTail, oa.Trunc.P,
			fmt.Sprintf("%.3f ± %.3f", oa.BTau, oa.BTauErr), akiB, akiMc)
		res.Metric(fmt.Sprintf("ofc_tau_alpha%.3g", alpha), oa.Trunc.Alpha)
		res.Metric(fmt.Sprintf("ofc_b_alpha%.3g", alpha), oa.BTau)
		env.Progress(base+ofcUnits, total)
	}
	if len(ofcs) > 0 {
		res.Tables = append(res.Tables, ot)
	}

	// Comparison.
	ct := experiment.Table{Title: "b-value: catalogue against the OFC model",
		Caption: "The real b-values are Aki-Utsu fits above Mc = maximum curvature + correction; the OFC b-values follow from the " +
			"truncated CSN exponent, b = 1.5(τ − 1). Teleseismic catalogues give b ≈ 1 (0.8–1.2; Frohlich & Davis 1993).",
		Columns: []string{"source", "b", "±", "N", "how"}}
	for _, name := range names {
		rf := fits[strings.ToLower(name)]
		if rf.a == nil {
			continue
		}
		ct.AddRow("USGS "+rf.r.Name, rf.a.Fit.B, rf.a.Fit.BErr, rf.a.Fit.N, fmt.Sprintf("Aki-Utsu, Mc = %.1f", rf.a.Fit.Mc))
	}
	for _, oa := range ofcs {
		ct.AddRow(fmt.Sprintf("OFC α = %g", oa.Alpha), oa.BTau, oa.BTauErr, oa.Trunc.NTail, fmt.Sprintf("1.5(τ−1), τ on [%g, %g]", oa.Trunc.Xmin, oa.Trunc.Xmax))
	}
	res.Tables = append(res.Tables, ct)
	if len(ofcs) > 0 {
		res.Plots = append(res.Plots, ccdfPlot(main.r.Name, a, ofcs, p.DM))
	}

	res.Summary = fmt.Sprintf("%s (%d events): Mc = %.1f (max. curvature %+.1f), b = %.3f ± %.3f (bootstrap %s); "+
		"waiting-time CV = %s.", main.r.Name, len(main.ev), a.Fit.Mc, p.McCorrection, a.Fit.B, a.Fit.BErr, interval(a.BootLo, a.BootHi), cvText(seqs))
	res.Notes = notes(p, fits, names, a, ofcs)
	env.Progress(total, total)
	return res, nil
}

// regionFit is the catalogue selection of one region and its fit.
type regionFit struct {
	r  Region
	ev []Event
	a  *GRAnalysis // nil when the fit failed
}

// waitSeq is one analysed event sequence.
type waitSeq struct {
	name string
	w    *Waiting
}

func cvText(seqs []waitSeq) string {
	if len(seqs) == 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f", seqs[0].w.CV)
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}

// metricName turns a region name into a metric suffix.
func metricName(s string) string { return strings.ReplaceAll(strings.ToLower(s), "-", "_") }

func interval(lo, hi float64) string {
	if math.IsNaN(lo) || math.IsNaN(hi) {
		return "—"
	}
	return fmt.Sprintf("[%.3f, %.3f]", lo, hi)
}

func gftCell(g *statphys.GR, reached bool) string {
	if reached {
		return fmt.Sprintf("%.1f (R = %.0f%%)", g.Mc, g.GFTResidual)
	}
	return "not reached"
}

func gftMetric(g *statphys.GR, reached bool) float64 {
	if reached {
		return g.Mc
	}
	return math.NaN()
}

// fmdPlot draws the frequency-magnitude distribution with the fitted
// Gutenberg-Richter line.
func fmdPlot(region string, a *GRAnalysis) experiment.Plot {
	var xb, yb, xc, yc []float64
	for i, m := range a.Bins {
		if a.Counts[i] > 0 {
			xb, yb = append(xb, m), append(yb, float64(a.Counts[i]))
		}
		xc, yc = append(xc, m), append(yc, float64(a.Cum[i]))
	}
	var xf, yf []float64
	for _, m := range a.Bins {
		if m >= a.Fit.Mc-1e-9 {
			xf = append(xf, m)
			yf = append(yf, math.Pow(10, a.Fit.A-a.Fit.B*m))
		}
	}
	nb := experiment.NewSeries("events per bin", xb, yb)
	nb.Marker = true
	nc := experiment.NewSeries("events ≥ M", xc, yc)
	nc.Marker = true
	fit := experiment.NewSeries(fmt.Sprintf("GR fit b = %.2f", a.Fit.B), xf, yf)
	fit.Dash = true
	return experiment.Plot{Kind: experiment.Line, Title: "Frequency-magnitude distribution (" + region + ")",
		Caption: fmt.Sprintf("log10 N(≥M) = a − bM fitted above Mc = %.1f (Aki-Utsu b = %.3f ± %.3f).", a.Fit.Mc, a.Fit.B, a.Fit.BErr),
		XLabel:  "magnitude M", YLabel: "number of events", LogY: true,
		Series: []experiment.Series{nb, nc, fit}, VLines: []experiment.Ref{{At: experiment.Float(a.Fit.Mc), Label: "Mc"}}}
}

// bcurvePlot draws b against the trial Mc with the Shi-Bolt band.
func bcurvePlot(region string, a *GRAnalysis) experiment.Plot {
	x := make([]float64, len(a.Curve))
	b, lo, hi := make([]float64, len(a.Curve)), make([]float64, len(a.Curve)), make([]float64, len(a.Curve))
	for i, c := range a.Curve {
		x[i], b[i], lo[i], hi[i] = c.Mc, c.B, c.B-c.BErr, c.B+c.BErr
	}
	sb := experiment.NewSeries("b(Mc)", x, b)
	sb.Marker = true
	sl := experiment.NewSeries("b − σ", x, lo)
	sl.Dash = true
	sh := experiment.NewSeries("b + σ", x, hi)
	sh.Dash = true
	return experiment.Plot{Kind: experiment.Line, Title: "b-value against the trial completeness magnitude (" + region + ")",
		Caption: "Aki-Utsu b and Shi-Bolt band for every trial Mc with enough events; a plateau marks completeness (Cao & Gao 2002). " +
			"The reference line is b = 1.",
		XLabel: "trial Mc", YLabel: "b", Series: []experiment.Series{sb, sl, sh},
		HLines: []experiment.Ref{{At: 1, Label: "b = 1"}}, VLines: []experiment.Ref{{At: experiment.Float(a.Fit.Mc), Label: "Mc"}}}
}

// waitingPlot draws the densities of the rescaled waiting times of two
// sequences with the exponential and the gamma fit of the first.
func waitingPlot(n1 string, w1 *Waiting, n2 string, w2 *Waiting, perDecade int) experiment.Plot {
	var series []experiment.Series
	for _, s := range []waitSeq{{n1, w1}, {n2, w2}} {
		x, y := LogDensity(s.w.Theta, perDecade)
		sr := experiment.NewSeries(s.name, x, y)
		sr.Marker = true
		series = append(series, sr)
		if s.w == w2 && w1 == w2 {
			break
		}
	}
	lo, hi := w1.Theta[0], w1.Theta[len(w1.Theta)-1]
	if w2 != nil {
		lo, hi = math.Min(lo, w2.Theta[0]), math.Max(hi, w2.Theta[len(w2.Theta)-1])
	}
	const k = 60
	xs, ye, yg := make([]float64, k), make([]float64, k), make([]float64, k)
	lg, _ := math.Lgamma(w1.GammaShape)
	for i := range xs {
		t := lo * math.Pow(hi/lo, float64(i)/float64(k-1))
		xs[i] = t
		ye[i] = math.Exp(-t)
		yg[i] = math.Exp((w1.GammaShape-1)*math.Log(t) - t/w1.GammaScale - w1.GammaShape*math.Log(w1.GammaScale) - lg)
	}
	se := experiment.NewSeries("exponential e^(−θ) (Poisson)", xs, ye)
	se.Dash = true
	sg := experiment.NewSeries(fmt.Sprintf("gamma fit γ = %.2f (%s)", w1.GammaShape, n1), xs, yg)
	sg.Dash = true
	series = append(series, se, sg)
	return experiment.Plot{Kind: experiment.Line, Title: "Density of rescaled inter-event times θ = R·τ",
		Caption: "Logarithmic bins; a Poisson process gives the exponential, clustering an excess at short and long θ (Corral 2004).",
		XLabel:  "θ = R·τ", YLabel: "density", LogX: true, LogY: true, Series: series}
}

// ccdfPlot draws the fraction of events with magnitude ≥ M, for the
// catalogue above its Mc and for each OFC run above its magnitude Mc,
// against M − Mc.
func ccdfPlot(region string, a *GRAnalysis, ofcs []*OFCAnalysis, dm float64) experiment.Plot {
	var series []experiment.Series
	var x, y []float64
	n0 := float64(a.Fit.N)
	for i, m := range a.Bins {
		if m >= a.Fit.Mc-1e-9 && a.Cum[i] > 0 {
			x, y = append(x, m-a.Fit.Mc), append(y, float64(a.Cum[i])/n0)
		}
	}
	s := experiment.NewSeries("USGS "+region, x, y)
	s.Marker = true
	series = append(series, s)
	for _, o := range ofcs {
		if o.GR == nil {
			continue
		}
		bins, _, cum := FMD(o.Mags, dm)
		x, y = nil, nil
		n := float64(o.GR.N)
		for i, m := range bins {
			if m >= o.GR.Mc-1e-9 && cum[i] > 0 {
				x, y = append(x, m-o.GR.Mc), append(y, float64(cum[i])/n)
			}
		}
		series = append(series, experiment.NewSeries(fmt.Sprintf("OFC α = %g", o.Alpha), x, y))
	}
	return experiment.Plot{Kind: experiment.Line, Title: "Magnitude distributions: catalogue and OFC",
		Caption: "Fraction of events with magnitude ≥ M above each sample's Mc; the slope is −b. OFC magnitudes are (2/3)log10 S.",
		XLabel:  "M − Mc", YLabel: "fraction ≥ M", LogY: true, Series: series}
}

// notes states the caveats the numbers need.
func notes(p *Params, fits map[string]*regionFit, names []string, a *GRAnalysis, ofcs []*OFCAnalysis) []string {
	var out []string
	if !a.GFT90Reached {
		out = append(out, fmt.Sprintf("Region %q: no trial Mc reaches the 90%% goodness-of-fit level (best residual at the headline Mc: R = %.0f%%), "+
			"so the GFT90/GFT95 Mc are undefined: by the Wiemer-Wyss criterion these magnitudes are not one Gutenberg-Richter population.",
			p.Region, a.Fit.GFTResidual))
	}
	if rf, ok := fits["all"]; ok && rf.a != nil && rf.a.Fit.B < 0.7 {
		out = append(out, fmt.Sprintf("The whole feed gives b = %.2f, far below the b ≈ 1 of single catalogues. It is a superposition: U.S. "+
			"regional networks (local magnitudes ml/md, complete from about M 1 in California) and the global network (mostly mb, complete "+
			"only from about M 4.5), so the frequency-magnitude distribution is nearly flat between M 1 and 4 and the b(Mc) curve "+
			"rises only above M 4. Regional subsets are closer to single populations.", rf.a.Fit.B))
	}
	if rf, ok := fits["global"]; ok && rf.a != nil {
		out = append(out, fmt.Sprintf("Global subset (outside the U.S. boxes): b = %.2f ± %.2f above Mc = %.1f from %d events; teleseismic "+
			"catalogues give b ≈ 1 (0.8–1.2, Frohlich & Davis 1993). One week holds few such events, and it includes the 6 February "+
			"2018 Hualien (Taiwan) M6.4 sequence.", rf.a.Fit.B, rf.a.Fit.BErr, rf.a.Fit.Mc, rf.a.Fit.N))
	}
	if rf, ok := fits["california"]; ok && rf.a != nil {
		out = append(out, fmt.Sprintf("California box: b = %.2f ± %.2f (Mc = %.1f, %d events) from one week; long California catalogues "+
			"give b close to 1 (Hutton, Woessner & Hauksson 2010), and a single week is dominated by a few swarms and sequences.",
			rf.a.Fit.B, rf.a.Fit.BErr, rf.a.Fit.Mc, rf.a.Fit.N))
	}
	var rejected []string
	for _, o := range ofcs {
		if !math.IsNaN(o.Trunc.P) && o.Trunc.P <= 0.1 {
			rejected = append(rejected, fmt.Sprintf("%g (p = %.2f)", o.Alpha, o.Trunc.P))
		}
	}
	if len(rejected) > 0 {
		out = append(out, fmt.Sprintf("CSN goodness of fit rejects the pure power law (p ≤ 0.1) for α = %s: with 10⁵ quakes the "+
			"crossovers of a finite lattice are resolved, so τ is an effective exponent over the fitted range.", strings.Join(rejected, ", ")))
	}
	for _, o := range ofcs {
		if o.Fit.Xmin > 0.25*o.Trunc.Xmax && o.Trunc.Xmax > 0 {
			out = append(out, fmt.Sprintf("OFC α = %g: the untruncated CSN fit picks xmin = %g in the finite-size bump (τ = %.2f is not a "+
				"scaling exponent); the truncated fit on [xmin, %g] is the one used for b.", o.Alpha, o.Fit.Xmin, o.Fit.Alpha, o.Trunc.Xmax))
		}
	}
	if len(ofcs) > 0 {
		var parts []string
		var below, above *OFCAnalysis // b just below and above 1
		for _, o := range ofcs {
			parts = append(parts, fmt.Sprintf("α = %g: b = %.2f", o.Alpha, o.BTau))
			if o.BTau < 1 && (below == nil || o.BTau > below.BTau) {
				below = o
			}
			if o.BTau >= 1 && (above == nil || o.BTau < above.BTau) {
				above = o
			}
		}
		verdict := "no α tried brackets b = 1"
		if below != nil && above != nil {
			verdict = fmt.Sprintf("b = 1 lies between α = %g and α = %g", above.Alpha, below.Alpha)
		}
		out = append(out, fmt.Sprintf("OFC (%s): b = 1.5(τ−1) rises as α falls (more dissipation, smaller quakes); %s. Effective exponents "+
			"drift with L and with the fitted range (Lise & Paczuski 2001 find τ ≈ 1.8 near α = 0.2 only as L grows), so an OFC b-value "+
			"is an effective, lattice-dependent number, and matching the catalogue's b tunes α rather than testing the model.",
			strings.Join(parts, "; "), verdict))
	}
	out = append(out, "Inter-event times mix every region of the feed: superposed independent sequences push the statistics "+
		"towards Poisson (CV → 1), while aftershock sequences push them towards clustering (CV > 1, gamma shape < 1).")
	return out
}
