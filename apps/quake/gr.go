package quake

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"github.com/emergo/emergo/statphys"
)

// streamBootstrap is the PCG stream of the b-value bootstrap.
const streamBootstrap = 0x9e1

// GROptions controls AnalyzeGR. The zero value bins magnitudes to 0.1,
// adds no correction to the maximum-curvature Mc, needs 50 events above
// a trial Mc for the b(Mc) curve and runs no bootstrap.
type GROptions struct {
	// DM is the magnitude bin width ΔM (0: 0.1).
	DM float64
	// McCorrection is added to the maximum-curvature Mc for the headline
	// fit; Woessner & Wiemer (2005) recommend +0.2.
	McCorrection float64
	// MinEvents is the smallest number of events at or above a trial Mc
	// for the b(Mc) curve and the b-value-stability Mc (0: 50).
	MinEvents int
	// Bootstrap is the number of bootstrap replicates (0: none).
	Bootstrap int
	// Seed seeds the bootstrap.
	Seed uint64
	// Level is the two-sided confidence level of the bootstrap interval
	// (0: 0.95).
	Level float64
}

// McPoint is one point of the b(Mc) curve.
type McPoint struct {
	Mc, B, BErr float64
	N           int
	// R is the Wiemer-Wyss goodness-of-fit residual (%) at this Mc.
	R float64
}

// GRAnalysis is the Gutenberg-Richter analysis of a magnitude sample.
type GRAnalysis struct {
	// N is the number of magnitudes analysed.
	N  int
	DM float64
	// McMaxc is the raw maximum-curvature Mc (the modal bin).
	McMaxc float64
	// Fit is the headline fit: Aki-Utsu b with the Shi-Bolt error at
	// Mc = McMaxc + McCorrection.
	Fit *statphys.GR
	// GFT90 and GFT95 are the fits at the goodness-of-fit Mc of Wiemer &
	// Wyss (2000); GFT90Reached (GFT95Reached) is false when no trial Mc
	// reached R ≥ 90% (95%), in which case statphys falls back to maximum
	// curvature and the fit is not a completeness estimate.
	GFT90, GFT95               *statphys.GR
	GFT90Reached, GFT95Reached bool
	// MBS is the fit at the b-value-stability Mc (Cao & Gao 2002;
	// Woessner & Wiemer 2005), nil when b never stabilises.
	MBS *statphys.GR
	// Curve is b(Mc) for every trial Mc with at least MinEvents events.
	Curve []McPoint
	// Bootstrap interval of b (Mc re-estimated in each replicate); NaN
	// without bootstrap.
	BootLo, BootHi, BootMean, BootSD float64
	// McBootSD is the bootstrap standard deviation of the headline Mc.
	McBootSD float64
	// Bins, Counts and Cum are the frequency-magnitude distribution: the
	// bin magnitudes from the smallest to the largest observed, the
	// events in each bin and the events at or above it.
	Bins        []float64
	Counts, Cum []int
}

// AnalyzeGR estimates the completeness magnitude and the Gutenberg-Richter
// b-value of mags:
//
//   - Mc by maximum curvature (the modal bin of the binned magnitudes)
//     plus opt.McCorrection, the headline; Mc by the goodness-of-fit test
//     at 90% and 95% (Wiemer & Wyss 2000); Mc by b-value stability (MBS:
//     the smallest Mc at which the mean b of Mc … Mc+0.5 lies within the
//     Shi-Bolt error of b(Mc); Cao & Gao 2002, Woessner & Wiemer 2005);
//   - b by Aki's (1965) maximum likelihood with Utsu's (1966) binning
//     correction, b = log10(e)/(⟨M⟩ − (Mc − ΔM/2)), its Shi & Bolt (1982)
//     standard error, and a percentile bootstrap interval (Efron 1979)
//     that resamples the magnitudes and re-estimates Mc in each replicate,
//     so that the interval includes the uncertainty of Mc.
//
// Errors: fewer than 2 magnitudes, non-finite values (naming the index),
// or a sample the b-value cannot be fitted to (all in one bin).
//
// References:
//
//	Aki, K. (1965). Bull. Earthq. Res. Inst. Tokyo Univ. 43, 237-239.
//	Utsu, T. (1966). J. Phys. Earth 14, 37-40.
//	Shi, Y. & Bolt, B. A. (1982). Bull. Seismol. Soc. Am. 72, 1677-1687.
//	Wiemer, S. & Wyss, M. (2000). Bull. Seismol. Soc. Am. 90, 859-869.
//	Cao, A. & Gao, S. S. (2002). Temporal variation of seismic b-values
//	  beneath northeastern Japan island arc. Geophys. Res. Lett. 29, 1334.
//	Woessner, J. & Wiemer, S. (2005). Bull. Seismol. Soc. Am. 95, 684-698.
//	Efron, B. (1979). Bootstrap methods: another look at the jackknife.
//	  Ann. Statist. 7, 1-26.
func AnalyzeGR(mags []float64, opt *GROptions) (*GRAnalysis, error) {
	var o GROptions
	if opt != nil {
		o = *opt
	}
	if o.DM == 0 {
		o.DM = 0.1
	}
	if o.MinEvents == 0 {
		o.MinEvents = 50
	}
	if o.Level == 0 {
		o.Level = 0.95
	}
	switch {
	case !(o.DM > 0) || math.IsInf(o.DM, 0):
		return nil, fmt.Errorf("quake: magnitude bin width %v must be positive", o.DM)
	case math.IsNaN(o.McCorrection) || math.Abs(o.McCorrection) > 2:
		return nil, fmt.Errorf("quake: Mc correction %v must be within ±2 magnitude units", o.McCorrection)
	case o.MinEvents < 2:
		return nil, fmt.Errorf("quake: minimum events %d must be at least 2", o.MinEvents)
	case o.Bootstrap < 0:
		return nil, fmt.Errorf("quake: bootstrap replicates %d must be ≥ 0", o.Bootstrap)
	case !(o.Level > 0 && o.Level < 1):
		return nil, fmt.Errorf("quake: confidence level %v must be in (0, 1)", o.Level)
	}
	if len(mags) < 2 {
		return nil, fmt.Errorf("quake: %d magnitudes; a b-value needs at least 2 (50 or more advisable)", len(mags))
	}
	for i, m := range mags {
		if math.IsNaN(m) || math.IsInf(m, 0) {
			return nil, fmt.Errorf("quake: magnitude at index %d is %v", i, m)
		}
	}
	a := &GRAnalysis{N: len(mags), DM: o.DM, BootLo: math.NaN(), BootHi: math.NaN(), BootMean: math.NaN(), BootSD: math.NaN(), McBootSD: math.NaN()}
	var err error
	if a.McMaxc, err = statphys.MaxCurvature(mags, o.DM); err != nil {
		return nil, err
	}
	if a.Fit, err = statphys.BValue(mags, &statphys.GROptions{DM: o.DM, McMethod: statphys.McMaxCurvature, McCorrection: o.McCorrection}); err != nil {
		return nil, err
	}
	if a.GFT90, err = statphys.BValue(mags, &statphys.GROptions{DM: o.DM, McMethod: statphys.McGFT90}); err != nil {
		return nil, err
	}
	a.GFT90Reached = a.GFT90.GFTResidual >= 90
	if a.GFT95, err = statphys.BValue(mags, &statphys.GROptions{DM: o.DM, McMethod: statphys.McGFT95}); err != nil {
		return nil, err
	}
	a.GFT95Reached = a.GFT95.GFTResidual >= 95
	a.Bins, a.Counts, a.Cum = FMD(mags, o.DM)
	a.Curve = bCurve(mags, a.Bins, o.DM, o.MinEvents)
	a.MBS = mbs(a.Curve, o.DM)
	if o.Bootstrap > 0 {
		bootstrapB(a, mags, &o)
	}
	return a, nil
}

// bCurve fits b at every bin magnitude as a fixed Mc, keeping the trials
// with at least minN events at or above Mc.
func bCurve(mags, bins []float64, dm float64, minN int) []McPoint {
	var out []McPoint
	for _, mc := range bins {
		g, err := statphys.BValue(mags, &statphys.GROptions{DM: dm, McMethod: statphys.McFixed, Mc: mc})
		if err != nil || g.N < minN {
			continue
		}
		out = append(out, McPoint{Mc: g.Mc, B: g.B, BErr: g.BErr, N: g.N, R: g.GFTResidual})
	}
	return out
}

// mbs returns the first point of the curve whose b lies within its
// Shi-Bolt error of the mean b over Mc … Mc + 0.5 (all those trial Mc
// must be on the curve).
func mbs(c []McPoint, dm float64) *statphys.GR {
	k := int(math.Round(0.5 / dm))
	for i := range c {
		if i+k >= len(c) || math.Abs(c[i+k].Mc-c[i].Mc-float64(k)*dm) > dm/2 {
			continue
		}
		var s float64
		for j := i; j <= i+k; j++ {
			s += c[j].B
		}
		if ave := s / float64(k+1); math.Abs(ave-c[i].B) <= c[i].BErr {
			return &statphys.GR{B: c[i].B, BErr: c[i].BErr, Mc: c[i].Mc, N: c[i].N, GFTResidual: c[i].R, McMethod: statphys.McFixed, DM: dm}
		}
	}
	return nil
}

// bootstrapB fills the bootstrap fields of a.
func bootstrapB(a *GRAnalysis, mags []float64, o *GROptions) {
	rng := rand.New(rand.NewPCG(o.Seed, streamBootstrap))
	bs := make([]float64, 0, o.Bootstrap)
	var mcs []float64
	re := make([]float64, len(mags))
	for range o.Bootstrap {
		for i := range re {
			re[i] = mags[rng.IntN(len(mags))]
		}
		g, err := statphys.BValue(re, &statphys.GROptions{DM: o.DM, McMethod: statphys.McMaxCurvature, McCorrection: o.McCorrection})
		if err != nil {
			continue // a degenerate resample (too few above Mc): skipped
		}
		bs = append(bs, g.B)
		mcs = append(mcs, g.Mc)
	}
	if len(bs) < 2 {
		return
	}
	sort.Float64s(bs)
	q := (1 - o.Level) / 2
	a.BootLo, _ = statphys.Quantile(bs, q)
	a.BootHi, _ = statphys.Quantile(bs, 1-q)
	a.BootMean, a.BootSD = meanSD(bs)
	_, a.McBootSD = meanSD(mcs)
}

// FMD returns the frequency-magnitude distribution of mags binned to dm:
// the bin magnitudes k·dm from the smallest to the largest, the number of
// events in each bin and the number at or above it.
func FMD(mags []float64, dm float64) (bins []float64, counts, cum []int) {
	if len(mags) == 0 || !(dm > 0) {
		return nil, nil, nil
	}
	lo, hi := math.MaxInt, math.MinInt
	ks := make([]int, len(mags))
	for i, m := range mags {
		k := int(math.Floor(m/dm + 0.5 + 1e-9))
		ks[i] = k
		lo, hi = min(lo, k), max(hi, k)
	}
	counts = make([]int, hi-lo+1)
	for _, k := range ks {
		counts[k-lo]++
	}
	bins = make([]float64, len(counts))
	cum = make([]int, len(counts))
	run := 0
	for i := len(counts) - 1; i >= 0; i-- {
		run += counts[i]
		cum[i] = run
		bins[i] = float64(lo+i) * dm
	}
	return bins, counts, cum
}

// meanSD returns the mean and the sample standard deviation.
func meanSD(x []float64) (mean, sd float64) {
	if len(x) == 0 {
		return math.NaN(), math.NaN()
	}
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	if len(x) < 2 {
		return mean, math.NaN()
	}
	var ss float64
	for _, v := range x {
		ss += (v - mean) * (v - mean)
	}
	return mean, math.Sqrt(ss / float64(len(x)-1))
}

// ErrTooFew is wrapped by analyses given too few events.
var ErrTooFew = errors.New("too few events")
