package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/emergo/emergo/chaos"
	"github.com/emergo/emergo/system"
)

// Defaults of dimension and entropy.
const (
	// defaultAnalysisSteps is the number of observations simulated for
	// the data estimators when the input is a system.
	defaultAnalysisSteps = 10000
	// Entropy parameters: permutation order (Bandt & Pompe 2002 recommend
	// 3 to 7), template length m and tolerance r in standard deviations
	// of sample entropy (Richman & Moorman 2000), multiscale scales and
	// tolerance (Costa et al. 2002).
	defaultPEOrder   = 5
	defaultSampEnM   = 2
	defaultSampEnR   = 0.2
	defaultMSEScales = 10
	defaultMSER      = 0.15
	// zeroOneSamplesPerPeriod: the 0-1 test is applied to the series
	// subsampled to about this many points per mean period, since
	// oversampled flows give a spuriously small K (Gottwald & Melbourne
	// 2009); zeroOneMinPoints is the test's minimum length.
	zeroOneSamplesPerPeriod = 10
	zeroOneMinPoints        = 100
	// dimSamplesPerPeriod: without --dt, dimension samples a flow about
	// this many times per catalogue period (never more often than its
	// suggested dt), so that the --steps states spread over many turns
	// of the attractor instead of resolving a few finely: for Lorenz
	// (period 1.50) every 0.05 time units, 10^4 states over 500 time
	// units. Measured on Lorenz, five 10^4-state segments give D2 2.040
	// to 2.090 (mean 2.072) this way, against 2.091 to 2.133 (mean
	// 2.108) at the suggested dt 0.01 over 100 time units; the reference
	// is 2.05 to 2.055.
	dimSamplesPerPeriod = 30
)

// seriesFlags are the flags of the commands that analyse a system's
// simulated series or a CSV column.
type seriesFlags struct {
	params    []string
	steps     int
	transient float64
	seed      uint64
	dt        float64
	data      string
	column    string
	asJSON    bool
}

func (s *seriesFlags) add(f *pflag.FlagSet) {
	addParamFlag(f, &s.params)
	f.IntVarP(&s.steps, "steps", "n", defaultAnalysisSteps, "with a system: observations to record")
	f.Float64Var(&s.transient, "transient", 0, "with a system: time simulated and discarded first (default: as long as the recorded part)")
	f.Uint64VarP(&s.seed, "seed", "s", defaultSeed, "seed of random systems and initial conditions (and of the 0-1 test's frequencies)")
	f.Float64Var(&s.dt, "dt", 0, "sampling interval of the flow (default its suggested dt) or of the --data series")
	f.StringVar(&s.data, "data", "", "analyse a column of the CSV `FILE` instead of a system")
	f.StringVar(&s.column, "column", "", "the `COLUMN` of --data (default: the only one), or the observable of a system (default: the first)")
	f.BoolVar(&s.asJSON, "json", false, "print the result as JSON")
}

// check validates the shared flags.
func (s *seriesFlags) check(changed func(string) bool) error {
	if s.data != "" {
		for _, fl := range []string{"param", "steps", "transient"} {
			if changed(fl) {
				return usagef("--%s applies to a system NAME, not to --data", fl)
			}
		}
	}
	switch {
	case changed("steps") && s.steps < 2:
		return usagef("--steps must be at least 2, got %d", s.steps)
	case changed("transient") && !(s.transient >= 0 && !math.IsInf(s.transient, 0)):
		return usagef("--transient must be a non-negative time, got %v", s.transient)
	case changed("dt") && !finitePositive(s.dt):
		return usagef("--dt must be a positive finite sampling interval, got %v", s.dt)
	}
	return nil
}

// transientArg is the transient for simulateFor: the flag when given,
// else -1 (as long as the recorded part).
func (s *seriesFlags) transientArg(changed func(string) bool) float64 {
	if changed("transient") {
		return s.transient
	}
	return -1
}

// dimOptions are dimension's flags.
type dimOptions struct {
	seriesFlags
	delay, embedDim int
	theiler         int
	span            float64 // --time of the Lyapunov spectrum for D_KY
}

func (e *env) dimensionCmd() *cobra.Command {
	var o dimOptions
	cmd := &cobra.Command{
		Use:     "dimension (NAME | --data FILE [--column C])",
		Aliases: []string{"dim"},
		Short:   "Correlation dimension (and Kaplan-Yorke dimension) of a system or of a data column",
		Long: `Correlation dimension D2 by the method of Grassberger & Procaccia (1983):
the slope of ln C(r) against ln r, C(r) being the fraction of pairs of
points closer than r (maximum norm; pairs closer in time than the Theiler
window, by default the mean period, are left out), over the scaling region
chosen automatically: the longest run of at least 4 radii, each with at
least 1000 pairs, whose local slopes lie within 10% of their median. The
region is reported.

For a system NAME the points are its simulated states (--steps
observations after --transient, by default as long); a flow is sampled
about 30 times per period unless --dt is given (Lorenz: every 0.05 time
units, 10^4 states over 500), since states spread over many turns of the
attractor estimate D2 better than finely resolved ones. For systems with
tangent dynamics (flows and maps) the Kaplan-Yorke dimension of their
Lyapunov spectrum is printed too (averaged over --time, as in 'emergo
lyapunov'), with the catalogue's reference values.

For --data FILE the column is delay-embedded first (delay: first minimum of
the mutual information, dimension: Cao's method, unless --delay and
--embed-dim fix them; use --delay 1 for map data).`,
		Example: `  emergo dimension Henon
  emergo dimension Lorenz --steps 20000 --json
  emergo dimension --data lorenz.csv --column x`,
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			name, err := pickSource(args, o.data, "the dimension of what?")
			if err != nil {
				return err
			}
			return e.dimension(cmd.Context(), name, &o, cmd.Flags().Changed)
		}),
	}
	f := cmd.Flags()
	o.seriesFlags.add(f)
	f.IntVar(&o.delay, "delay", 0, "with --data: embedding delay in samples (default: first minimum of the mutual information)")
	f.IntVar(&o.embedDim, "embed-dim", 0, "with --data: embedding dimension (default: Cao's method)")
	f.IntVar(&o.theiler, "theiler", 0, "Theiler window in samples (default: the mean period; negative: none)")
	f.Float64VarP(&o.span, "time", "T", 0, "with a system: averaging time of the Lyapunov spectrum for D_KY (default as in 'emergo lyapunov')")
	return cmd
}

// dimResult is the JSON output of dimension.
type dimResult struct {
	System string             `json:"system,omitempty"`
	Params map[string]float64 `json:"params,omitempty"`
	Data   string             `json:"data,omitempty"`
	Column string             `json:"column,omitempty"`
	// DT and Span are a system's sampling interval and the time its
	// states cover, in time units.
	DT          float64        `json:"dt,omitempty"`
	Span        float64        `json:"span,omitempty"`
	Points      int            `json:"points"`
	PointDim    int            `json:"point_dim"`
	Embedding   *embeddingJSON `json:"embedding,omitempty"`
	Dimension   jf             `json:"correlation_dimension"`
	StdErr      jf             `json:"stderr"`
	Region      [2]jf          `json:"scaling_region"` // [r_lo, r_hi]
	RegionRadii int            `json:"scaling_radii"`
	Theiler     int            `json:"theiler"`
	KaplanYorke *jf            `json:"kaplan_yorke,omitempty"`
	Exponents   []jf           `json:"exponents,omitempty"` // of D_KY
	References  []reference    `json:"references,omitempty"`
	Curve       struct {
		R     []jf `json:"r"`
		C     []jf `json:"c"`
		Slope []jf `json:"slope"`
	} `json:"curve"`
	Notes []string `json:"notes,omitempty"`
}

type embeddingJSON struct {
	Dim   int    `json:"dim"`
	Delay int    `json:"delay"`
	Rule  string `json:"rule"`
}

func (e *env) dimension(ctx context.Context, name string, o *dimOptions, changed func(string) bool) error {
	if err := o.check(changed); err != nil {
		return err
	}
	if name != "" {
		for _, fl := range []string{"delay", "embed-dim", "column"} {
			if changed(fl) {
				return usagef("--%s applies to --data (a system's points are its states)", fl)
			}
		}
	} else if changed("time") {
		return usagef("--time applies to a system NAME, not to --data")
	}
	if changed("time") && !finitePositive(o.span) {
		return usagef("--time must be a positive finite averaging time, got %v", o.span)
	}
	switch {
	case changed("delay") && o.delay < 1:
		return usagef("--delay must be at least 1, got %d", o.delay)
	case changed("embed-dim") && o.embedDim < 1:
		return usagef("--embed-dim must be at least 1, got %d", o.embedDim)
	}
	var res dimResult
	var pts chaos.Points
	var label string
	var info *system.Info
	var sim *simulated
	if name != "" {
		dt, dtGiven := o.dt, changed("dt")
		if entry, err := system.Lookup(name); err == nil && !dtGiven && entry.Info.Category == system.CatFlow &&
			entry.Info.Period > 0 && entry.Info.Period/dimSamplesPerPeriod > entry.Info.DT {
			dt, dtGiven = round3(entry.Info.Period/dimSamplesPerPeriod), true
		}
		var err error
		sim, err = e.simulateFor(ctx, name, o.params, o.seed, dt, dtGiven, o.transientArg(changed), o.steps)
		if err != nil {
			return err
		}
		res.DT, res.Span = sim.dt, roundSig(sim.dt*float64(sim.steps-1), 12)
		info = &sim.entry.Info
		label = info.Name
		res.System, res.Params = info.Name, sim.params
		pts = chaos.Points{X: sim.x, Dim: sim.dim}
		var note string
		res.References, note = references(info, sim.params, "correlation_dimension", "kaplan_yorke")
		if note != "" {
			res.Notes = append(res.Notes, note)
		}
	} else {
		s, err := readColumn(o.data, o.column, o.dt, changed("dt"))
		if err != nil {
			return err
		}
		label = s.label
		if err := checkVarying(s.label, s.x, "dimensions"); err != nil {
			return err
		}
		res.Data, res.Column = o.data, s.column
		emb, err := chaos.EstimateEmbedding(s.x, &chaos.EmbeddingOptions{Delay: o.delay, Dim: o.embedDim})
		if err != nil {
			return libErr(s.label, err)
		}
		if pts, err = chaos.Embed(s.x, emb.Dim, emb.Delay); err != nil {
			return libErr(s.label, err)
		}
		res.Embedding = &embeddingJSON{Dim: emb.Dim, Delay: emb.Delay, Rule: embeddingRule(o.delay == 0, o.embedDim == 0)}
	}
	res.Points, res.PointDim = pts.Len(), pts.Dim
	copt := &chaos.CorrDimOptions{}
	if changed("theiler") {
		copt.Theiler = o.theiler
		if o.theiler == 0 {
			copt.Theiler = -1 // 0 given explicitly: no window beyond i = j
		}
	}
	cd, err := chaos.CorrelationDimension(pts, copt)
	if err != nil {
		err = libErr(label, err)
		if errors.Is(err, chaos.ErrNoScaling) {
			hint := "a longer series (--steps) may help"
			if name == "" {
				hint = "for map data try --delay 1; a longer series or a fixed --embed-dim may help"
			}
			return fmt.Errorf("%v (%s)", err, hint)
		}
		return err
	}
	res.Dimension, res.StdErr, res.Theiler = jf(cd.Dim), jf(cd.StdErr), cd.Theiler
	res.Region = [2]jf{jf(cd.R[cd.Lo]), jf(cd.R[cd.Hi])}
	res.RegionRadii = cd.Hi - cd.Lo + 1
	res.Curve.R, res.Curve.Slope = jfs(cd.R), jfs(cd.Slope)
	res.Curve.C = jfs(cd.C)

	// Kaplan-Yorke from the Lyapunov spectrum of systems with tangent
	// dynamics.
	if sim != nil {
		sys, err := sim.entry.New(system.Config{Params: sim.params, Seed: o.seed, DT: o.dt})
		if err != nil {
			return err
		}
		_, isField := sys.(system.Field)
		_, isTangent := sys.(chaos.Tangent)
		if isField || isTangent {
			opt := &chaos.SpectrumOptions{}
			if changed("time") {
				opt.Time = o.span
			}
			sp, _, err := e.spectrum(ctx, "lyapunov "+info.Name, sys, opt)
			if err != nil {
				return lyapErr(info.Name, err)
			}
			ky := jf(sp.KaplanYorke())
			res.KaplanYorke, res.Exponents = &ky, jfs(sp.Exponents)
		} else {
			res.Notes = append(res.Notes, fmt.Sprintf("%s has no tangent dynamics, so no Kaplan-Yorke dimension", info.Name))
		}
	}
	if o.asJSON {
		return writeJSON(e.stdout, res)
	}
	return writeDimText(e.stdout, label, &res, info)
}

func writeDimText(w io.Writer, label string, r *dimResult, info *system.Info) error {
	if info != nil {
		ps := paramString(info, r.Params)
		if ps != "" {
			ps = " (" + ps + ")"
		}
		sampling := ""
		if info.Category == system.CatFlow {
			sampling = fmt.Sprintf(", every %s time units over %s", num(r.DT), num(r.Span))
		}
		fmt.Fprintf(w, "%s%s: %d states of dimension %d%s\n\n", label, ps, r.Points, r.PointDim, sampling)
	} else {
		fmt.Fprintf(w, "%s: %d delay vectors, embedding dimension %d, delay %d (%s)\n\n", label, r.Points, r.Embedding.Dim,
			r.Embedding.Delay, r.Embedding.Rule)
	}
	cdRef := firstRef(r.References, "correlation_dimension")
	kyRef := firstRef(r.References, "kaplan_yorke")
	tw := newTable(w)
	fmt.Fprintln(tw, "  DIMENSION\tVALUE\t± S.E.\tREFERENCE\tDETAILS")
	ref := ""
	if cdRef != nil {
		ref = fnum(cdRef.Values[0])
	}
	fmt.Fprintf(tw, "  correlation D2\t%s\t%s\t%s\tscaling region r = %s .. %s (%d radii), Theiler window %d\n", fnum(r.Dimension), fmtSE(r.StdErr),
		ref, fnum(r.Region[0]), fnum(r.Region[1]), r.RegionRadii, r.Theiler)
	if r.KaplanYorke != nil {
		ref = ""
		if kyRef != nil {
			ref = fnum(kyRef.Values[0])
		}
		fmt.Fprintf(tw, "  Kaplan-Yorke\t%s\t\t%s\tfrom λ = %s\n", fnum(*r.KaplanYorke), ref, fnums(r.Exponents))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	writeRefs(w, r.References)
	writeNotes(w, r.Notes)
	return nil
}

// entOptions are entropy's flags.
type entOptions struct {
	seriesFlags
	order  int
	m      int
	r      float64
	scales int
	mseR   float64
	stride int
}

func (e *env) entropyCmd() *cobra.Command {
	var o entOptions
	cmd := &cobra.Command{
		Use:   "entropy (NAME | --data FILE [--column C])",
		Short: "Entropies, Hurst exponents and the 0-1 test for chaos of a system's observable or a data column",
		Long: `Complexity measures of a scalar series:

  permutation entropy   H of the ordinal patterns of order --order (Bandt &
                        Pompe 2002), in nats and normalised by ln(order!)
  sample entropy        SampEn(m, r) = −ln(A/B) (Richman & Moorman 2000),
                        m = --m, r = --r standard deviations
  multiscale entropy    SampEn of the coarse-grained series at scales 1 ..
                        --scales, r = --mse-r standard deviations of the
                        original series (Costa et al. 2002)
  Hurst exponent        rescaled range with the Anis-Lloyd correction (0.5
                        for white noise)
  DFA α                 detrended fluctuation analysis (0.5 white noise, 1
                        1/f noise, 1.5 random walk; Peng et al. 1994)
  0-1 test K            near 0 regular, near 1 chaotic (Gottwald & Melbourne
                        2004, 2009)

The series is a system's observable --column (default the first; --steps
observations after --transient, by default as long) or a CSV column. The 0-1
test uses every --stride-th value (default: about 10 values per mean period,
so that an oversampled flow does not give a spuriously small K), the stride
being reduced if fewer than 100 values would remain.`,
		Example: `  emergo entropy Lorenz --column x
  emergo entropy Logistic --json
  emergo entropy --data prices.csv --column close`,
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			name, err := pickSource(args, o.data, "the entropy of what?")
			if err != nil {
				return err
			}
			return e.entropy(cmd.Context(), name, &o, cmd.Flags().Changed)
		}),
	}
	f := cmd.Flags()
	o.seriesFlags.add(f)
	f.IntVar(&o.order, "order", defaultPEOrder, "order of the permutation entropy (2 to 10)")
	f.IntVar(&o.m, "m", defaultSampEnM, "template length of the sample and multiscale entropies")
	f.Float64Var(&o.r, "r", defaultSampEnR, "tolerance of the sample entropy, in standard deviations")
	f.IntVar(&o.scales, "scales", defaultMSEScales, "largest scale of the multiscale entropy")
	f.Float64Var(&o.mseR, "mse-r", defaultMSER, "tolerance of the multiscale entropy, in standard deviations")
	f.IntVar(&o.stride, "stride", 0, "use every `N`th value in the 0-1 test (default: about 10 per mean period)")
	return cmd
}

// entResult is the JSON output of entropy.
type entResult struct {
	System      string             `json:"system,omitempty"`
	Params      map[string]float64 `json:"params,omitempty"`
	Data        string             `json:"data,omitempty"`
	Column      string             `json:"column"`
	Points      int                `json:"points"`
	Permutation struct {
		Order      int `json:"order"`
		Delay      int `json:"delay"`
		H          jf  `json:"h"`
		Normalized jf  `json:"normalized"`
	} `json:"permutation_entropy"`
	Sample struct {
		M     int `json:"m"`
		R     jf  `json:"r"`
		Value jf  `json:"value"`
	} `json:"sample_entropy"`
	Multiscale struct {
		M      int   `json:"m"`
		R      jf    `json:"r"`
		Scales []int `json:"scales"`
		Values []jf  `json:"values"`
	} `json:"multiscale_entropy"`
	Hurst struct {
		H      jf `json:"h"`
		StdErr jf `json:"stderr"`
		Raw    jf `json:"raw"`
	} `json:"hurst_rs"`
	DFA struct {
		Alpha  jf `json:"alpha"`
		StdErr jf `json:"stderr"`
	} `json:"dfa"`
	ZeroOne struct {
		K      jf     `json:"k"`
		Stride int    `json:"stride"`
		Points int    `json:"points"`
		Seed   uint64 `json:"seed"`
	} `json:"zero_one"`
	Notes []string `json:"notes,omitempty"`
}

func (e *env) entropy(ctx context.Context, name string, o *entOptions, changed func(string) bool) error {
	if err := o.check(changed); err != nil {
		return err
	}
	switch {
	case o.order < 2 || o.order > 10:
		return usagef("--order must be in [2, 10], got %d", o.order)
	case o.m < 1:
		return usagef("--m must be at least 1, got %d", o.m)
	case !finitePositive(o.r):
		return usagef("--r must be a positive number of standard deviations, got %v", o.r)
	case !finitePositive(o.mseR):
		return usagef("--mse-r must be a positive number of standard deviations, got %v", o.mseR)
	case o.scales < 1:
		return usagef("--scales must be at least 1, got %d", o.scales)
	case changed("stride") && o.stride < 1:
		return usagef("--stride must be at least 1, got %d", o.stride)
	}
	var s *scalarSeries
	var res entResult
	if name != "" {
		sim, err := e.simulateFor(ctx, name, o.params, o.seed, o.dt, changed("dt"), o.transientArg(changed), o.steps)
		if err != nil {
			return err
		}
		if s, err = sim.column(o.column); err != nil {
			return err
		}
		res.System, res.Params = sim.entry.Info.Name, sim.params
	} else {
		var err error
		if s, err = readColumn(o.data, o.column, o.dt, changed("dt")); err != nil {
			return err
		}
		res.Data = o.data
	}
	if err := checkVarying(s.label, s.x, "entropies"); err != nil {
		return err
	}
	res.Column, res.Points = s.column, len(s.x)
	x := s.x
	sd := columnStats(x, 1, 0).Std

	h, hn, err := chaos.PermutationEntropy(x, o.order, 1)
	if err != nil {
		return libErr(s.label, err)
	}
	res.Permutation.Order, res.Permutation.Delay, res.Permutation.H, res.Permutation.Normalized = o.order, 1, jf(h), jf(hn)

	res.Sample.M, res.Sample.R = o.m, jf(o.r*sd)
	se, err := chaos.SampleEntropy(x, o.m, o.r*sd)
	switch {
	case errors.Is(err, chaos.ErrUndefined):
		res.Sample.Value = jf(math.NaN())
		res.Notes = append(res.Notes, "sample entropy: "+libErr("", err).Error())
	case err != nil:
		return libErr(s.label, err)
	default:
		res.Sample.Value = jf(se)
	}

	mse, err := chaos.MultiscaleEntropy(x, o.m, o.scales, o.mseR*sd)
	if err != nil {
		return libErr(s.label, err)
	}
	res.Multiscale.M, res.Multiscale.R, res.Multiscale.Values = o.m, jf(o.mseR*sd), jfs(mse)
	for i := range mse {
		res.Multiscale.Scales = append(res.Multiscale.Scales, i+1)
	}

	hr, err := chaos.HurstRS(x, nil)
	if err != nil {
		return libErr(s.label, err)
	}
	res.Hurst.H, res.Hurst.StdErr, res.Hurst.Raw = jf(hr.Exponent), jf(hr.StdErr), jf(hr.Raw)
	df, err := chaos.DFA(x, nil)
	if err != nil {
		return libErr(s.label, err)
	}
	res.DFA.Alpha, res.DFA.StdErr = jf(df.Exponent), jf(df.StdErr)

	stride := o.stride
	if !changed("stride") {
		stride = 1
		if mp, err := chaos.MeanPeriod(x); err == nil && mp > 0 {
			stride = max(1, int(math.Round(mp/zeroOneSamplesPerPeriod)))
		}
		stride = max(1, min(stride, len(x)/zeroOneMinPoints))
	}
	y := make([]float64, 0, len(x)/stride+1)
	for i := 0; i < len(x); i += stride {
		y = append(y, x[i])
	}
	z, err := chaos.ZeroOneTest(y, &chaos.ZeroOneOptions{Seed: o.seed})
	if err != nil {
		if stride > 1 {
			return libErr(fmt.Sprintf("%s (every %dth value)", s.label, stride), err)
		}
		return libErr(s.label, err)
	}
	res.ZeroOne.K, res.ZeroOne.Stride, res.ZeroOne.Points, res.ZeroOne.Seed = jf(z.K), stride, len(y), o.seed
	if o.asJSON {
		return writeJSON(e.stdout, res)
	}
	return writeEntropyText(e.stdout, s.label, &res)
}

func writeEntropyText(w io.Writer, label string, r *entResult) error {
	fmt.Fprintf(w, "%s: %d values\n\n", label, r.Points)
	tw := newTable(w)
	fmt.Fprintln(tw, "  MEASURE\tVALUE\tDETAILS")
	fmt.Fprintf(tw, "  permutation entropy\t%s\tnormalised by ln %d!: %s; order %d, delay 1 (nats)\n", fnum(r.Permutation.H), r.Permutation.Order,
		fnum(r.Permutation.Normalized), r.Permutation.Order)
	fmt.Fprintf(tw, "  sample entropy\t%s\tm %d, r %s\n", fnum(r.Sample.Value), r.Sample.M, fnum(r.Sample.R))
	ms := make([]string, len(r.Multiscale.Values))
	for i, v := range r.Multiscale.Values {
		ms[i] = fnum(v)
	}
	fmt.Fprintf(tw, "  multiscale entropy\t%s\tscales 1..%d: %s; m %d, r %s\n", fnum(meanFinite(r.Multiscale.Values)), len(ms),
		strings.Join(ms, " "), r.Multiscale.M, fnum(r.Multiscale.R))
	fmt.Fprintf(tw, "  Hurst exponent (R/S)\t%s\t± %s, Anis-Lloyd corrected (raw slope %s)\n", fnum(r.Hurst.H), fmtSE(r.Hurst.StdErr), fnum(r.Hurst.Raw))
	fmt.Fprintf(tw, "  DFA α\t%s\t± %s, DFA1\n", fnum(r.DFA.Alpha), fmtSE(r.DFA.StdErr))
	fmt.Fprintf(tw, "  0-1 test K\t%s\t%s; stride %d, %d points\n", fnum(r.ZeroOne.K), zeroOneVerdict(float64(r.ZeroOne.K)),
		r.ZeroOne.Stride, r.ZeroOne.Points)
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w, "\n  (multiscale VALUE is the mean over the scales)")
	writeNotes(w, r.Notes)
	return nil
}

// zeroOneVerdict reads K.
func zeroOneVerdict(k float64) string {
	switch {
	case math.IsNaN(k):
		return "undefined"
	case k > 0.8:
		return "chaotic"
	case k < 0.2:
		return "regular"
	}
	return "inconclusive"
}

// meanFinite averages the finite values (NaN when none).
func meanFinite(x []jf) jf {
	var s float64
	n := 0
	for _, v := range x {
		if f := float64(v); !math.IsNaN(f) && !math.IsInf(f, 0) {
			s += f
			n++
		}
	}
	if n == 0 {
		return jf(math.NaN())
	}
	return jf(s / float64(n))
}

// round3 rounds v to three significant digits (a sampling interval that
// reads well in the output).
func round3(v float64) float64 { return roundSig(v, 3) }

// roundSig rounds v to n significant digits.
func roundSig(v float64, n int) float64 {
	r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'g', n, 64), 64)
	if err != nil {
		return v
	}
	return r
}
