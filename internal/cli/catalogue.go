package cli

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/emergo/emergo/chaos"
	"github.com/emergo/emergo/system"
	"github.com/emergo/emergo/system/catalog"
	"github.com/emergo/emergo/system/dysts"
	"github.com/emergo/emergo/system/ode"
)

// flagRatio is the relative disagreement between emergo's computed
// invariant and a reference above which the catalogue table flags it.
const flagRatio = 0.30

// catRow is one line of the generated catalogue table.
type catRow struct {
	Info           system.Info
	Lambda1, KY    float64 // computed (NaN when not computed)
	StdErr         float64
	RefL1, RefKY   float64 // dysts metadata estimates (NaN when absent)
	LitL1, LitKY   float64 // literature values (NaN when absent)
	LitSource      string
	Err            string
	Seconds        float64
	FlagL1, FlagKY bool
	Class          string // diagnosis class of a flagged row
	Diagnosis      string
	// HiddenL1 and HiddenKY are dysts' estimates that the system's
	// metadata leaves out because they do not apply (shown, not compared).
	HiddenL1, HiddenKY float64
	// Method names the estimator; AvgTime is the averaging time (model
	// units; iterations for maps) and Rerun tells that it was lengthened
	// after an unreliable first estimate.
	Method  string
	AvgTime float64
	Rerun   bool
}

func (e *env) systemsTableCmd() *cobra.Command {
	var (
		out      string
		periods  float64
		category string
		workers  int
	)
	cmd := &cobra.Command{
		Use:   "table",
		Short: "Generate the catalogue table (Markdown) with computed Lyapunov exponents",
		Long: `Generate the catalogue table in Markdown: name, dimension, category and
citation of every system, and for flows and maps the largest Lyapunov
exponent and Kaplan-Yorke dimension computed by emergo (Benettin/QR on
the analytic tangent dynamics) next to the dysts metadata's estimates and
literature values, flagging disagreements of more than 30%.
This regenerates docs/CATALOGUE.md:
  emergo systems table --out docs/CATALOGUE.md`,
		Args: exactArgs(0, "no arguments"),
		RunE: runE(func(cmd *cobra.Command, _ []string) error {
			cat, err := parseCategory(category)
			if err != nil {
				return err
			}
			if !(periods > 0) {
				return usagef("--periods must be positive")
			}
			var w io.Writer = e.stdout
			var f *os.File
			if out != "" && out != "-" {
				f, err = os.Create(out)
				if err != nil {
					return fmt.Errorf("cannot write %s: %w", out, err)
				}
				defer f.Close()
				w = f
			}
			rows := computeCatalogue(cmd.Context(), system.List(cat), periods, workers, e.stderr)
			if err := cmd.Context().Err(); err != nil {
				return err
			}
			if err := writeCatalogue(w, rows, periods); err != nil {
				return err
			}
			if f != nil {
				return f.Close()
			}
			return nil
		}),
	}
	cmd.Flags().StringVarP(&out, "out", "o", "", "write the Markdown to this `file` (default: standard output)")
	cmd.Flags().Float64Var(&periods, "periods", 200, "averaging time of the Lyapunov estimate in dominant periods (maps: ×100 iterations)")
	cmd.Flags().StringVarP(&category, "category", "c", "", "only systems of this `category`")
	cmd.Flags().IntVar(&workers, "workers", runtime.NumCPU(), "systems computed in parallel")
	return cmd
}

func invariantValue(in *system.Info, name string, dysts bool) (float64, string) {
	return in.InvariantValue(name, dysts)
}

func computeCatalogue(ctx context.Context, infos []system.Info, periods float64, workers int, log io.Writer) []catRow {
	rows := make([]catRow, len(infos))
	jobs := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	workers = max(workers, 1)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				rows[i] = catalogueRow(ctx, infos[i], periods)
				mu.Lock()
				done++
				if rows[i].Seconds > 0 || rows[i].Err != "" {
					fmt.Fprintf(log, "[%d/%d] %s: λ1=%.4g (%.1fs)%s\n", done, len(infos), infos[i].Name, rows[i].Lambda1, rows[i].Seconds, errSuffix(rows[i].Err))
				}
				mu.Unlock()
			}
		}()
	}
	for i := range infos {
		if ctx.Err() != nil {
			break
		}
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return rows
}

func errSuffix(s string) string {
	if s == "" {
		return ""
	}
	return " error: " + s
}

// Flag rule and averaging of the catalogue table.
const (
	// zeroFloor is the magnitude below which an exponent is treated as
	// zero by the flag rule: a pair with both |values| below it is not
	// flagged, and a positive λ1 below it is "weak".
	zeroFloor = 0.01
	// relStdErrMax is the standard error, relative to max(|λ1|,
	// zeroFloor), above which an estimate is "unreliable" (and, for flows,
	// first recomputed over rerunFactor times the averaging time).
	relStdErrMax = 0.30
	// minLyapTimes is the least averaging time of a flow, in Lyapunov
	// times 1/λ_ref of the reference exponent (capped at maxSpanFactor
	// times the requested number of periods).
	minLyapTimes = 50
	// maxSpanFactor caps the lengthened averaging time of a flow.
	maxSpanFactor = 10
	// rerunFactor lengthens the averaging time of an unreliable flow
	// estimate once.
	rerunFactor = 5
	// shortSpanLyapTimes is the averaging span, in Lyapunov times of the
	// reference exponent, below which an estimate is called unreliable.
	shortSpanLyapTimes = 20
)

// Diagnosis classes of a flagged row.
const (
	classDiscontinuous = "discontinuous field"
	classNoPositive    = "no positive exponent"
	classUnreliable    = "unreliable estimate"
	classWeak          = "weak exponent"
	classLiterature    = "literature"
	classBelow         = "below dysts"
	classAbove         = "above dysts"
	classKY            = "D_KY only"
)

// catalogueRow computes one system's invariants. Flows average over
// `periods` dominant periods, lengthened to at least minLyapTimes
// Lyapunov times of the reference exponent (at most maxSpanFactor times
// longer), after a transient of 20 periods (sampling every Info.DT,
// DOPRI5 at 1e-9); an estimate whose standard error exceeds
// relStdErrMax of max(|λ1|, zeroFloor) is recomputed once over
// rerunFactor times that span. Maps average over 100·periods iterations
// after 100 iterations of the state alone (so an initial condition with a
// singular Jacobian, MaynardSmith's x = 0, does not collapse the
// deviation vectors) and a tangent transient of 1000. Delay systems have
// no finite-dimensional tangent dynamics: their λ1 comes from a simulated
// series by Rosenstein's method (delayLambda).
func catalogueRow(ctx context.Context, in system.Info, periods float64) catRow {
	r := catRow{Info: in, Lambda1: math.NaN(), KY: math.NaN(), StdErr: math.NaN(),
		HiddenL1: math.NaN(), HiddenKY: math.NaN()}
	r.RefL1, _ = invariantValue(&in, "max_lyapunov", true)
	r.RefKY, _ = invariantValue(&in, "kaplan_yorke", true)
	if lit, src := invariantValue(&in, "lyapunov_spectrum", false); !math.IsNaN(lit) {
		r.LitL1, r.LitSource = lit, src
	} else {
		r.LitL1, r.LitSource = invariantValue(&in, "max_lyapunov", false)
	}
	r.LitKY, _ = invariantValue(&in, "kaplan_yorke", false)
	if in.Category == system.CatFlow || in.Category == system.CatDelay {
		if e, err := dysts.Get(in.Name); err == nil {
			if math.IsNaN(r.RefL1) && e.MaxLyapunov != 0 {
				r.HiddenL1 = e.MaxLyapunov
			}
			if math.IsNaN(r.RefKY) && e.KaplanYorke != 0 {
				r.HiddenKY = e.KaplanYorke
			}
		}
	}
	if in.Category == system.CatDelay {
		// dysts' estimates apply to the delay systems as registered.
		if math.IsNaN(r.RefL1) {
			r.RefL1, r.HiddenL1 = r.HiddenL1, math.NaN()
		}
		if math.IsNaN(r.RefKY) {
			r.RefKY, r.HiddenKY = r.HiddenKY, math.NaN()
		}
		start := time.Now()
		l1, se, method, err := delayLambda(ctx, in)
		r.Seconds = time.Since(start).Seconds()
		r.Method = method
		if err != nil {
			r.Err = err.Error()
			return r
		}
		r.Lambda1, r.StdErr = l1, se
		r.FlagL1 = disagree(r.Lambda1, r.RefL1)
		r.Class, r.Diagnosis = diagnose(r)
		return r
	}
	if in.Category != system.CatFlow && in.Category != system.CatMap {
		return r
	}
	ref := r.RefL1
	if !math.IsNaN(r.LitL1) {
		ref = r.LitL1
	}
	start := time.Now()
	var sp *chaos.Spectrum
	var err error
	if in.Category == system.CatMap {
		r.Method = "Benettin/QR"
		r.AvgTime = 100 * periods
		sp, err = mapSpectrum(ctx, in, r.AvgTime)
	} else {
		r.Method = "Benettin/QR"
		p := in.Period
		if !(p > 0) {
			p = 100 * in.DT
		}
		base := periods * p
		r.AvgTime = base
		if ref > 0 {
			r.AvgTime = math.Min(math.Max(base, minLyapTimes/ref), maxSpanFactor*base)
		}
		sp, err = flowSpectrum(ctx, in, 20*p, r.AvgTime)
		if err == nil && unreliable(sp.Exponents[0], sp.StdErr[0]) {
			long := rerunFactor * r.AvgTime
			if sp2, err2 := flowSpectrum(ctx, in, 20*p, long); err2 == nil {
				sp, r.AvgTime, r.Rerun = sp2, long, true
			}
		}
	}
	r.Seconds = time.Since(start).Seconds()
	if err != nil {
		r.Err = err.Error()
		return r
	}
	r.Lambda1, r.StdErr = sp.Exponents[0], sp.StdErr[0]
	r.KY = sp.KaplanYorke()
	r.FlagL1 = disagree(r.Lambda1, ref)
	refKY := r.RefKY
	if !math.IsNaN(r.LitKY) {
		refKY = r.LitKY
	}
	r.FlagKY = disagree(r.KY, refKY)
	r.Class, r.Diagnosis = diagnose(r)
	return r
}

// flowSpectrum computes the Lyapunov spectrum of a flow from its default
// initial condition.
func flowSpectrum(ctx context.Context, in system.Info, transient, avg float64) (*chaos.Spectrum, error) {
	sys, err := system.New(in.Name, nil, 1)
	if err != nil {
		return nil, err
	}
	return chaos.LyapunovSpectrum(ctx, sys, &chaos.SpectrumOptions{
		ODE: &ode.Options{RTol: 1e-9, ATol: 1e-9}, Transient: transient, Time: avg})
}

// mapStateTransient is the number of iterations of a map's state alone
// before its tangent dynamics start.
const mapStateTransient = 100

// mapSpectrum computes the Lyapunov spectrum of a map after
// mapStateTransient iterations of the state alone, so that a singular
// Jacobian at the initial condition (MaynardSmith's x = 0, where
// det J = 2x) does not collapse the deviation vectors on the first step.
func mapSpectrum(ctx context.Context, in system.Info, iters float64) (*chaos.Spectrum, error) {
	sys, err := system.New(in.Name, nil, 1)
	if err != nil {
		return nil, err
	}
	for i := 0; i < mapStateTransient; i++ {
		if err := sys.Step(); err != nil {
			return nil, err
		}
	}
	return chaos.LyapunovSpectrum(ctx, sys, &chaos.SpectrumOptions{Transient: 1000, Time: iters})
}

// Series used for the delay systems' λ1.
const (
	delayTransientPeriods = 20
	delayPointsPerPeriod  = 25
	delaySamples          = 10000
)

// delayLambda estimates λ1 of a delay system from a simulated series of
// its observation x: delayTransientPeriods periods of transient, then
// delaySamples samples at delayPointsPerPeriod points per dysts period,
// by Rosenstein et al. (1993) with the automatic embedding (chaos
// package). It returns the exponent, its fit standard error and a label
// of the method.
func delayLambda(ctx context.Context, in system.Info) (l1, se float64, method string, err error) {
	p := in.Period
	if !(p > 0) {
		return math.NaN(), math.NaN(), "", fmt.Errorf("%s has no period", in.Name)
	}
	dt := p / delayPointsPerPeriod
	method = fmt.Sprintf("Rosenstein, then Kantz, on x (%d samples at P/%d)", delaySamples, delayPointsPerPeriod)
	sys, err := system.NewConfig(in.Name, system.Config{DT: dt, Seed: 1})
	if err != nil {
		return math.NaN(), math.NaN(), method, err
	}
	buf := make([]float64, sys.Dim())
	for i := 0; i < delayTransientPeriods*delayPointsPerPeriod; i++ {
		if err := sys.Step(); err != nil {
			return math.NaN(), math.NaN(), method, err
		}
	}
	x := make([]float64, delaySamples)
	for i := range x {
		if i%1000 == 0 && ctx.Err() != nil {
			return math.NaN(), math.NaN(), method, ctx.Err()
		}
		if err := sys.Step(); err != nil {
			return math.NaN(), math.NaN(), method, err
		}
		x[i] = sys.State(buf)[0]
	}
	// Rosenstein's method with the automatic embedding, then Kantz's
	// neighbourhood average (some of these high-dimensional attractors,
	// D_KY 6-18 in dysts, give no scaling region to either).
	tries := []struct {
		kantz bool
		dim   int
	}{{false, 0}, {true, 0}}
	var firstErr error
	for _, tr := range tries {
		var d *chaos.Divergence
		opt := &chaos.DivergenceOptions{Dim: tr.dim}
		name := "Rosenstein"
		if tr.kantz {
			name = "Kantz"
			d, err = chaos.Kantz(x, dt, opt)
		} else {
			d, err = chaos.Rosenstein(x, dt, opt)
		}
		if err == nil {
			emb := "automatic embedding"
			if tr.dim > 0 {
				emb = fmt.Sprintf("embedding m=%d", tr.dim)
			}
			method = fmt.Sprintf("%s on x, %s (%d samples at P/%d)", name, emb, delaySamples, delayPointsPerPeriod)
			return d.Lambda, d.StdErr, method, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return math.NaN(), math.NaN(), method, fmt.Errorf("no estimate: %w", firstErr)
}

// unreliable reports a standard error above relStdErrMax of
// max(|λ1|, zeroFloor).
func unreliable(l1, se float64) bool {
	return se > relStdErrMax*math.Max(math.Abs(l1), zeroFloor)
}

// disagree reports a relative difference above flagRatio. Exponents
// that are both within zeroFloor of zero are treated as equal (zero).
func disagree(got, ref float64) bool {
	if math.IsNaN(got) || math.IsNaN(ref) {
		return false
	}
	if math.Abs(got) < zeroFloor && math.Abs(ref) < zeroFloor {
		return false
	}
	return math.Abs(got-ref) > flagRatio*math.Abs(ref)
}

// diagnose classifies a flagged row and explains it: the class from the
// numbers (see the class constants), then the system's specific
// diagnosis from catalog.Diagnoses where one is known.
//
//   - discontinuous field: the description says the tangent estimate
//     misses the jumps;
//   - no positive exponent: λ1 is not significantly positive
//     (λ1 < 3 s.e.) and even λ1 + 3 s.e. is below the reference's 30%
//     band, so the disagreement is real;
//   - unreliable estimate: the standard error exceeds 30% of
//     max(|λ1|, 0.01), or the averaging span is shorter than 20 Lyapunov
//     times of the reference;
//   - weak exponent: λ1 is significantly positive but below the 0.01
//     floor (weak chaos, or a slowly converging zero exponent);
//   - otherwise the comparison with the literature, or below/above
//     dysts' estimate.
func diagnose(r catRow) (class, text string) {
	if !r.FlagL1 && !r.FlagKY {
		return "", ""
	}
	ref := r.RefL1
	if !math.IsNaN(r.LitL1) {
		ref = r.LitL1
	}
	var why []string
	switch {
	case !r.FlagL1:
		class = classKY
		why = append(why, "λ1 agrees; the Kaplan-Yorke dimension differs (it is sensitive to the near-zero exponents)")
	case strings.Contains(r.Info.Description, "variational equation misses the jump") || strings.Contains(r.Info.Description, "tangent-space estimate is not valid"):
		class = classDiscontinuous
		why = append(why, "discontinuous field: tangent-space exponents miss the jumps; see the system's description for the two-trajectory estimate")
	case r.Lambda1 < 3*r.StdErr && r.Lambda1+3*r.StdErr < (1-flagRatio)*ref:
		class = classNoPositive
		why = append(why, fmt.Sprintf("λ1 = %.3g ± %.2g is not significantly positive (below 3 s.e.) from the default initial condition: regular motion or transient chaos, where dysts estimates chaos", r.Lambda1, r.StdErr))
	case unreliable(r.Lambda1, r.StdErr) || (ref > 0 && r.AvgTime > 0 && r.AvgTime*ref < shortSpanLyapTimes):
		class = classUnreliable
		why = append(why, fmt.Sprintf("unreliable estimate: s.e. %.2g is more than 30%% of max(|λ1|, 0.01) after averaging %.4g time units (%.0f Lyapunov times of the reference); the orbit's finite-time exponent fluctuates strongly", r.StdErr, r.AvgTime, r.AvgTime*ref))
	case r.Lambda1 < zeroFloor:
		class = classWeak
		why = append(why, fmt.Sprintf("weak exponent: λ1 = %.3g ± %.2g is significantly positive but below the 0.01 floor (weak chaos, or a slowly converging zero exponent of a limit cycle or torus), while dysts estimates %.3g", r.Lambda1, r.StdErr, ref))
	case !math.IsNaN(r.LitL1) && !disagree(r.Lambda1, r.LitL1) && disagree(r.Lambda1, r.RefL1):
		class = classLiterature
		why = append(why, "agrees with the literature; the dysts estimate is rough")
	case !math.IsNaN(r.LitL1):
		class = classLiterature
		why = append(why, "differs from the literature value: check the parameter convention of the cited source")
	case r.Lambda1 < ref:
		class = classBelow
		why = append(why, fmt.Sprintf("below dysts' estimate by %.0f%% (emergo ± %.2g s.e.); dysts' values were estimated from finite trajectories and run high across the catalogue (no flagged row is above dysts; Lorenz: dysts 1.09 in its spectrum vs 0.906 in the literature)", 100*(ref-r.Lambda1)/ref, r.StdErr))
	default:
		class = classAbove
		why = append(why, fmt.Sprintf("above dysts' estimate (emergo ± %.2g s.e.)", r.StdErr))
	}
	if r.FlagKY && r.FlagL1 {
		why = append(why, "D_KY also differs")
	}
	if d, ok := catalog.Diagnoses[r.Info.Name]; ok {
		why = append(why, d)
	}
	return class, strings.Join(why, "; ")
}

func fmtNum(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	return fmt.Sprintf("%.4g", v)
}

func fmtHidden(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	return fmt.Sprintf("(%.4g)†", v)
}

func writeCatalogue(w io.Writer, rows []catRow, periods float64) error {
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].Info.Category != rows[j].Info.Category {
			return rows[i].Info.Category < rows[j].Info.Category
		}
		return rows[i].Info.Name < rows[j].Info.Name
	})
	var b strings.Builder
	fmt.Fprintf(&b, "# emergo catalogue\n\nGenerated by `emergo systems table --out docs/CATALOGUE.md` (%d systems). ", len(rows))
	fmt.Fprintf(&b, "For flows and maps, λ1 and the Kaplan-Yorke dimension D_KY are computed by emergo with the Benettin/QR "+
		"method on the analytic tangent dynamics from the default initial condition (flows: transient 20 periods, DOPRI5 at 1e-9, "+
		"averaging %g periods or %d Lyapunov times of the reference exponent if longer, at most %d×%g periods, "+
		"and %d times longer when the first estimate's standard error exceeds %.0f%% of max(|λ1|, %g); "+
		"maps: %d iterations of the state alone, a tangent transient of 1000, averaging %g iterations). "+
		"The delay systems have no finite-dimensional Jacobian: their λ1 is estimated from a simulated series of x by "+
		"Rosenstein et al. (1993) (%d samples at %d points per period after %d periods; ± is the fit's standard error) and they have no D_KY. "+
		"Next to them are the dysts metadata's estimates and literature values where they exist; "+
		"† marks a dysts estimate that the system's metadata leaves out because it does not apply (see the notes), shown but not compared.\n\n",
		periods, minLyapTimes, maxSpanFactor, periods, rerunFactor, 100*relStdErrMax, zeroFloor, mapStateTransient, 100*periods,
		delaySamples, delayPointsPerPeriod, delayTransientPeriods)
	fmt.Fprintf(&b, "**Flag rule.** ⚑ marks a relative disagreement above %.0f%% with the literature value when there is one, else with dysts' estimate; "+
		"values below %g in magnitude are treated as zero, so a pair with both below %g is not flagged. "+
		"dysts' estimates are rough; literature values win where they exist. "+
		"Each flagged row gets a class: *%s* (λ1 < 3 s.e. and λ1 + 3 s.e. below the reference's %.0f%% band), "+
		"*%s* (s.e. > %.0f%% of max(|λ1|, %g), or an averaging span under %d Lyapunov times of the reference), "+
		"*%s* (significantly positive but below %g), *%s* (tangent-space exponents miss the jumps), "+
		"*%s* / *%s* (a reliable estimate off dysts' value), *%s*, and *%s* (λ1 agrees); "+
		"a system-specific reason follows where one is known.\n\n",
		100*flagRatio, zeroFloor, zeroFloor, classNoPositive, 100*flagRatio, classUnreliable, 100*relStdErrMax, zeroFloor, shortSpanLyapTimes,
		classWeak, zeroFloor, classDiscontinuous, classBelow, classAbove, classLiterature, classKY)
	b.WriteString("**dt.** The `dt` of `emergo systems show` is the suggested *sampling* interval (dysts' period/100 to three significant digits; " +
		"Lorenz 0.01, MackeyGlass 1), the step between observations; flows are integrated by adaptive DOPRI5 at the tolerance requested, " +
		"so dysts' own `dt` (its fixed integration step, e.g. Lorenz 3e-4) is not needed and not used.\n\n")
	var flagged []catRow
	var notes []catRow
	cat := system.Category("")
	for _, r := range rows {
		if r.Info.Category != cat {
			cat = r.Info.Category
			fmt.Fprintf(&b, "\n## %s\n\n", cat)
			switch cat {
			case system.CatFlow, system.CatMap:
				b.WriteString("| name | dim | λ1 emergo (± s.e.) | λ1 dysts | λ1 literature | D_KY emergo | D_KY dysts | D_KY literature | flag | citation |\n|---|---|---|---|---|---|---|---|---|---|\n")
			case system.CatDelay:
				b.WriteString("| name | dim | λ1 emergo (± s.e.) | method | λ1 dysts | D_KY dysts | flag | citation |\n|---|---|---|---|---|---|---|---|\n")
			default:
				b.WriteString("| name | dim | description | citation |\n|---|---|---|---|\n")
			}
		}
		cit := strings.ReplaceAll(shortCitation(r.Info.Citation, 40), "|", "/")
		flag := ""
		if r.FlagL1 || r.FlagKY {
			flag = "⚑"
			flagged = append(flagged, r)
		}
		if !math.IsNaN(r.HiddenL1) || !math.IsNaN(r.HiddenKY) {
			notes = append(notes, r)
		}
		l1 := fmtNum(r.Lambda1)
		if l1 != "" && !math.IsNaN(r.StdErr) {
			l1 += fmt.Sprintf(" (±%.2g)", r.StdErr)
		}
		if r.Err != "" {
			l1 = "error: " + strings.ReplaceAll(r.Err, "|", "/")
		}
		switch cat {
		case system.CatFlow, system.CatMap:
			refL1, refKY := fmtNum(r.RefL1), fmtNum(r.RefKY)
			if refL1 == "" {
				refL1 = fmtHidden(r.HiddenL1)
			}
			if refKY == "" {
				refKY = fmtHidden(r.HiddenKY)
			}
			fmt.Fprintf(&b, "| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s |\n", r.Info.Name, r.Info.Dim, l1,
				refL1, fmtNum(r.LitL1), fmtNum(r.KY), refKY, fmtNum(r.LitKY), flag, cit)
		case system.CatDelay:
			fmt.Fprintf(&b, "| %s | %d | %s | %s | %s | %s | %s | %s |\n", r.Info.Name, r.Info.Dim, l1, r.Method,
				fmtNum(r.RefL1), fmtNum(r.RefKY), flag, cit)
		default:
			d := r.Info.Description
			if i := strings.Index(d, ". "); i > 0 && i < 160 {
				d = d[:i+1]
			} else if len(d) > 160 {
				d = d[:157] + "..."
			}
			fmt.Fprintf(&b, "| %s | %d | %s | %s |\n", r.Info.Name, r.Info.Dim, strings.ReplaceAll(d, "|", "/"), cit)
		}
	}
	if len(flagged) > 0 {
		counts := map[string]int{}
		for _, r := range flagged {
			counts[r.Class]++
		}
		classes := make([]string, 0, len(counts))
		for c := range counts {
			classes = append(classes, c)
		}
		sort.Strings(classes)
		fmt.Fprintf(&b, "\n## Flagged systems (%d)\n\nBy class:", len(flagged))
		for i, c := range classes {
			if i > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, " %s %d", c, counts[c])
		}
		b.WriteString(".\n\n| name | λ1 emergo (± s.e.) | λ1 dysts | λ1 literature | averaged | class | diagnosis |\n|---|---|---|---|---|---|---|\n")
		for _, r := range flagged {
			avg := ""
			if r.AvgTime > 0 {
				avg = fmt.Sprintf("%.4g", r.AvgTime)
				if r.Rerun {
					avg += " (rerun)"
				}
			}
			l1 := fmtNum(r.Lambda1)
			if l1 != "" && !math.IsNaN(r.StdErr) {
				l1 += fmt.Sprintf(" (±%.2g)", r.StdErr)
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s |\n", r.Info.Name, l1, fmtNum(r.RefL1), fmtNum(r.LitL1), avg, r.Class,
				mdCell(r.Diagnosis))
		}
	}
	if len(notes) > 0 {
		b.WriteString("\n## dysts estimates not compared (†)\n\n| name | λ1 dysts | D_KY dysts | reason |\n|---|---|---|---|\n")
		for _, r := range notes {
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", r.Info.Name, fmtNum(r.HiddenL1), fmtNum(r.HiddenKY), mdCell(catalog.Diagnoses[r.Info.Name]))
		}
	}
	writeExceptions(&b)
	_, err := io.WriteString(w, b.String())
	return err
}

// writeExceptions writes the generated sections on the dysts entries that
// are renamed or not registered and on the systems with unbounded
// coordinates (from system/catalog).
func writeExceptions(b *strings.Builder) {
	b.WriteString("\n## dysts coverage\n\n")
	fmt.Fprintf(b, "dysts (Gilpin 2021) lists %d continuous-time systems and %d maps. ", len(dysts.Flows()), len(dysts.Maps()))
	b.WriteString("All continuous-time systems are registered (the delay systems under category `delay`, without a Jacobian since " +
		"their state is a function on [−τ, 0]); every map but the ones below is registered under its dysts name.\n\n")
	b.WriteString("| dysts name | emergo | reason |\n|---|---|---|\n")
	renamed := make([]string, 0, len(catalog.Renamed))
	for k := range catalog.Renamed {
		renamed = append(renamed, k)
	}
	sort.Strings(renamed)
	for _, k := range renamed {
		fmt.Fprintf(b, "| %s (map) | %s | dysts also has a %s flow; registry names are unique |\n", k, catalog.Renamed[k], k)
	}
	for _, x := range catalog.NotRegistered {
		fmt.Fprintf(b, "| %s | not registered | %s |\n", x.Name, mdCell(x.Reason))
	}
	b.WriteString("\n## Unbounded coordinates and other exceptions to boundedness\n\n" +
		"Every registered dysts system stays bounded over 100 periods from its default initial condition (tested per package), " +
		"except for these coordinates; forcing phases that emergo wraps into [0, 2π) are bounded and not listed.\n\n" +
		"| name | coordinates | reason |\n|---|---|---|\n")
	for _, x := range catalog.Unbounded {
		what := x.What
		if what == "" {
			what = "none"
		}
		fmt.Fprintf(b, "| %s | %s | %s |\n", x.Name, what, mdCell(x.Reason))
	}
}

// mdCell escapes the column separator of a Markdown table cell.
func mdCell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
