package quake

import (
	"context"
	"fmt"
	"math"

	"github.com/emergo/emergo/statphys"
	"github.com/emergo/emergo/system"
	"github.com/emergo/emergo/system/lattice"
)

// OFCOptions controls SimulateOFC and AnalyzeOFC.
type OFCOptions struct {
	// L is the lattice side (L×L sites, open boundaries).
	L int
	// Alpha is the fraction of a toppling force passed to each of the
	// four neighbours; 0.25 is conservative in the bulk.
	Alpha float64
	// Quakes are recorded after Transient quakes are discarded.
	Quakes, Transient int
	// Seed seeds the initial forces.
	Seed uint64
	// XmaxFactor sets the upper bound of the truncated power-law fit,
	// xmax = XmaxFactor·L² (0: 1).
	XmaxFactor float64
	// DM is the magnitude bin of the Aki-Utsu b-value (0: 0.1).
	DM float64
	// Replicates is the number of CSN goodness-of-fit bootstrap
	// replicates of the truncated fit (0: none).
	Replicates int
	// Progress, when not nil, receives the simulated quakes out of
	// Transient + Quakes.
	Progress system.Progress
}

// OFCAnalysis is the avalanche-size statistics of an OFC run and the
// b-value they imply.
type OFCAnalysis struct {
	L      int
	Alpha  float64
	Quakes int
	// MeanSize and MaxSize are the mean and largest number of topplings.
	MeanSize, MaxSize float64
	// Fit is the Clauset-Shalizi-Newman fit of the discrete power law
	// P(S) ∝ S^−τ above its KS-optimal xmin, without an upper bound.
	Fit *statphys.PowerLaw
	// Trunc is the doubly truncated fit on [xmin, xmax] (Deluca & Corral
	// 2013), which excludes the finite-size bump of a finite lattice;
	// its P is the goodness-of-fit p-value (NaN without replicates).
	Trunc *statphys.PowerLaw
	// BTau = 1.5(τ − 1) is the b-value implied by the truncated τ when
	// magnitudes are M = (2/3) log10 S + c, and BTauErr = 1.5 σ_τ.
	BTau, BTauErr float64
	// GR is the Aki-Utsu b of the magnitudes M = (2/3) log10 S (c = 0;
	// b does not depend on c) above the first magnitude bin wholly above
	// (2/3) log10 xmin of Trunc, with all larger quakes included, as a
	// catalogue analysis would do.
	GR *statphys.GR
	// Mags are the magnitudes of the recorded quakes.
	Mags []float64
}

// SizeToMagnitude converts an avalanche size (topplings, a proxy of the
// seismic moment) to a magnitude M = (2/3) log10 S + c, the form of the
// moment magnitude Mw = (2/3) log10 M0 − 6.07 (Hanks & Kanamori 1979).
// Since log10 N(≥M) = a − b M, a density P(S) ∝ S^−τ gives b = 1.5(τ − 1).
func SizeToMagnitude(s, c float64) float64 { return 2.0/3.0*math.Log10(s) + c }

// SimulateOFC runs the Olami-Feder-Christensen model (lattice.OFC) and
// returns the sizes (topplings) of the recorded quakes.
func SimulateOFC(ctx context.Context, opt OFCOptions) ([]float64, error) {
	if opt.Quakes < 1 || opt.Transient < 0 {
		return nil, fmt.Errorf("quake: OFC needs quakes ≥ 1 and transient ≥ 0, got %d and %d", opt.Quakes, opt.Transient)
	}
	o, err := lattice.NewOFC(opt.L, opt.Alpha, opt.Seed)
	if err != nil {
		return nil, err
	}
	ev, err := statphys.CollectEvents(ctx, o, opt.Quakes, &statphys.CollectOptions{Transient: opt.Transient, Progress: opt.Progress})
	if err != nil {
		return nil, err
	}
	return statphys.EventValues(ev, statphys.EventSize), nil
}

// AnalyzeOFC fits the avalanche sizes of an OFC run: the CSN discrete
// power law without and with the finite-size bound xmax, the b-value
// 1.5(τ − 1) implied by the truncated exponent and the Aki-Utsu b of the
// magnitudes (see OFCAnalysis).
//
// References:
//
//	Olami, Z., Feder, H. J. S. & Christensen, K. (1992). Phys. Rev. Lett.
//	  68, 1244-1247.
//	Clauset, A., Shalizi, C. R. & Newman, M. E. J. (2009). SIAM Review 51,
//	  661-703.
//	Deluca, A. & Corral, Á. (2013). Acta Geophys. 61, 1351-1394.
//	Hanks, T. C. & Kanamori, H. (1979). A moment magnitude scale.
//	  J. Geophys. Res. 84, 2348-2350.
func AnalyzeOFC(ctx context.Context, sizes []float64, opt OFCOptions) (*OFCAnalysis, error) {
	if len(sizes) < 20 {
		return nil, fmt.Errorf("quake: %d OFC quakes; need at least 20 for a power-law fit: %w", len(sizes), ErrTooFew)
	}
	if opt.XmaxFactor == 0 {
		opt.XmaxFactor = 1
	}
	if opt.DM == 0 {
		opt.DM = 0.1
	}
	a := &OFCAnalysis{L: opt.L, Alpha: opt.Alpha, Quakes: len(sizes)}
	for _, s := range sizes {
		a.MeanSize += s / float64(len(sizes))
		a.MaxSize = math.Max(a.MaxSize, s)
	}
	var err error
	if a.Fit, err = statphys.FitPowerLaw(sizes, &statphys.PowerLawOptions{Discrete: true}); err != nil {
		return nil, fmt.Errorf("quake: OFC α=%g: power-law fit: %w", opt.Alpha, err)
	}
	xmax := opt.XmaxFactor * float64(opt.L*opt.L)
	if a.Trunc, err = statphys.FitPowerLaw(sizes, &statphys.PowerLawOptions{Discrete: true, Xmax: xmax}); err != nil {
		return nil, fmt.Errorf("quake: OFC α=%g: truncated power-law fit on [xmin, %g]: %w", opt.Alpha, xmax, err)
	}
	if opt.Replicates > 0 {
		if _, err := a.Trunc.GoodnessOfFit(ctx, &statphys.BootstrapOptions{Replicates: opt.Replicates, Seed: opt.Seed, Workers: 1}); err != nil {
			return nil, err
		}
	}
	a.BTau = 1.5 * (a.Trunc.Alpha - 1)
	a.BTauErr = 1.5 * a.Trunc.Sigma
	a.Mags = make([]float64, len(sizes))
	for i, s := range sizes {
		a.Mags[i] = SizeToMagnitude(s, 0)
	}
	m0 := SizeToMagnitude(a.Trunc.Xmin, 0)
	mc := math.Ceil((m0+opt.DM/2)/opt.DM-1e-9) * opt.DM
	if a.GR, err = statphys.BValue(a.Mags, &statphys.GROptions{DM: opt.DM, McMethod: statphys.McFixed, Mc: mc}); err != nil {
		a.GR = nil // too few large quakes for a magnitude fit: reported as missing
	}
	return a, nil
}
