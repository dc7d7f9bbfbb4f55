package statphys

import (
	"fmt"
	"math"
)

// McMethod selects how BValue finds the completeness magnitude.
type McMethod int

// Completeness-magnitude methods.
const (
	// McMaxCurvature: the magnitude bin with the most events, the maximum
	// of the non-cumulative frequency-magnitude distribution (Wiemer &
	// Wyss 2000).
	McMaxCurvature McMethod = iota
	// McGFT90 and McGFT95: the goodness-of-fit test of Wiemer & Wyss
	// (2000): the smallest trial Mc at which the Gutenberg-Richter law
	// fitted above Mc explains the binned counts with residual
	// R = 100 − 100·Σ|B_i − S_i|/Σ B_i ≥ 90 (or 95); maximum curvature when
	// no trial reaches it.
	McGFT90
	McGFT95
	// McFixed uses GROptions.Mc.
	McFixed
)

func (m McMethod) String() string {
	switch m {
	case McMaxCurvature:
		return "maxc"
	case McGFT90:
		return "gft90"
	case McGFT95:
		return "gft95"
	case McFixed:
		return "fixed"
	}
	return fmt.Sprintf("McMethod(%d)", int(m))
}

// GROptions controls BValue. The zero value bins magnitudes to 0.1 and
// finds Mc by maximum curvature.
type GROptions struct {
	// DM is the magnitude bin width ΔM (0: 0.1). Magnitudes are rounded
	// to the nearest multiple of DM before everything else.
	DM       float64
	McMethod McMethod
	Mc       float64 // completeness magnitude for McFixed
	// McCorrection is added to an estimated Mc (Woessner & Wiemer 2005
	// recommend +0.2 for maximum curvature, which tends to underestimate
	// Mc); 0 by default.
	McCorrection float64
}

// GR is a Gutenberg-Richter fit log10 N(≥M) = a − b M to magnitudes
// M ≥ Mc.
type GR struct {
	// B is Aki's (1965) maximum-likelihood b-value with Utsu's (1966)
	// correction for binning: b = log10(e) / (⟨M⟩ − (Mc − ΔM/2)).
	B float64
	// BErr is the Shi & Bolt (1982) standard error
	// σ_b = ln(10)·b²·√(Σ(M_i − ⟨M⟩)²/(n(n−1))).
	BErr float64
	// BErrAki is Aki's asymptotic error b/√n.
	BErrAki float64
	// BBinned is the exact maximum-likelihood b-value for magnitudes
	// binned to ΔM (a geometric distribution of (M−Mc)/ΔM; Bender 1983,
	// Tinti & Mulargia 1987): b = log10(1 + ΔM/(⟨M⟩ − Mc))/ΔM. It lacks
	// the O(ΔM²) bias of the Aki-Utsu formula.
	BBinned float64
	// A = log10 N + b·Mc, so that 10^(a − b·Mc) = N events at or above Mc.
	A        float64
	Mc       float64
	McMethod McMethod
	// GFTResidual is the Wiemer-Wyss goodness-of-fit R (%) at Mc.
	GFTResidual float64
	N           int     // events with M ≥ Mc
	MeanMag     float64 // ⟨M⟩ of those events
	DM          float64
}

// BValue estimates the Gutenberg-Richter b-value of the magnitudes mags
// above the completeness magnitude, by Aki's maximum-likelihood formula
// with Utsu's binning correction and the Shi-Bolt standard error (see GR
// for the formulas). Magnitudes are first rounded to multiples of ΔM.
//
// Errors: fewer than 2 magnitudes at or above Mc (at least 50 are
// advisable: the relative error is about 1/√n), NaN or ±Inf (naming the
// index), all magnitudes in one bin (ErrConstant), a bin width ≤ 0.
//
// References:
//
//	Gutenberg, B. & Richter, C. F. (1944). Frequency of earthquakes in
//	  California. Bull. Seismol. Soc. Am. 34, 185-188.
//	Aki, K. (1965). Maximum likelihood estimate of b in the formula
//	  log N = a − bM and its confidence limits. Bull. Earthq. Res. Inst.
//	  Tokyo Univ. 43, 237-239.
//	Utsu, T. (1966). A statistical significance test of the difference in
//	  b-value between two earthquake groups. J. Phys. Earth 14, 37-40.
//	Shi, Y. & Bolt, B. A. (1982). The standard error of the magnitude-
//	  frequency b value. Bull. Seismol. Soc. Am. 72, 1677-1687.
//	Bender, B. (1983). Maximum likelihood estimation of b values for
//	  magnitude grouped data. Bull. Seismol. Soc. Am. 73, 831-851.
//	Tinti, S. & Mulargia, F. (1987). Confidence intervals of b values for
//	  grouped magnitudes. Bull. Seismol. Soc. Am. 77, 2125-2134.
//	Wiemer, S. & Wyss, M. (2000). Minimum magnitude of completeness in
//	  earthquake catalogs: examples from Alaska, the western United
//	  States, and Japan. Bull. Seismol. Soc. Am. 90, 859-869.
//	Woessner, J. & Wiemer, S. (2005). Assessing the quality of earthquake
//	  catalogues. Bull. Seismol. Soc. Am. 95, 684-698.
func BValue(mags []float64, opt *GROptions) (*GR, error) {
	const fn = "BValue"
	var o GROptions
	if opt != nil {
		o = *opt
	}
	if o.DM == 0 {
		o.DM = 0.1
	}
	if !(o.DM > 0) || math.IsInf(o.DM, 0) {
		return nil, fmt.Errorf("statphys: %s: bin width ΔM=%v must be positive", fn, o.DM)
	}
	if err := checkLen(fn, len(mags), 2); err != nil {
		return nil, err
	}
	if err := checkFinite(fn, mags); err != nil {
		return nil, err
	}
	h := binMags(mags, o.DM)
	if h.hi == h.lo {
		return nil, fmt.Errorf("statphys: %s: every magnitude falls in the bin %.4g: %w", fn, h.mag(h.lo), ErrConstant)
	}
	g := &GR{McMethod: o.McMethod, DM: o.DM}
	kc := 0
	switch o.McMethod {
	case McMaxCurvature:
		kc = h.maxc()
	case McGFT90, McGFT95:
		level := 90.0
		if o.McMethod == McGFT95 {
			level = 95
		}
		kc = h.maxc()
		for k := h.lo; k < h.hi; k++ {
			if h.above(k) < 2 {
				break
			}
			if r := h.gft(k); r >= level {
				kc = k
				break
			}
		}
	case McFixed:
		if math.IsNaN(o.Mc) || math.IsInf(o.Mc, 0) {
			return nil, fmt.Errorf("statphys: %s: fixed Mc %v is not finite", fn, o.Mc)
		}
		kc = int(math.Floor(o.Mc/o.DM + 0.5 - 1e-9))
	default:
		return nil, fmt.Errorf("statphys: %s: unknown Mc method %d", fn, int(o.McMethod))
	}
	if o.McMethod != McFixed && o.McCorrection != 0 {
		kc += int(math.Round(o.McCorrection / o.DM))
	}
	n := h.above(kc)
	if n < 2 {
		return nil, fmt.Errorf("statphys: %s: %d magnitudes at or above Mc = %.4g; need at least 2 (50 or more advisable): %w", fn, n, h.mag(kc), ErrTooShort)
	}
	var s, s2 float64
	for k := max(kc, h.lo); k <= h.hi; k++ {
		c := float64(h.count[k-h.lo])
		m := h.mag(k)
		s += c * m
		s2 += c * m * m
	}
	nf := float64(n)
	mean := s / nf
	mc := h.mag(kc)
	g.Mc, g.N, g.MeanMag = mc, n, mean
	if !(mean > mc) {
		return nil, fmt.Errorf("statphys: %s: every magnitude at or above Mc = %.4g equals Mc: %w", fn, mc, ErrConstant)
	}
	g.B = math.Log10E / (mean - (mc - o.DM/2))
	ss := math.Max(s2-nf*mean*mean, 0) // Σ (M − ⟨M⟩)²
	g.BErr = math.Ln10 * g.B * g.B * math.Sqrt(ss/(nf*(nf-1)))
	g.BErrAki = g.B / math.Sqrt(nf)
	g.BBinned = math.Log10(1+o.DM/(mean-mc)) / o.DM
	g.A = math.Log10(nf) + g.B*mc
	g.GFTResidual = h.gft(kc)
	return g, nil
}

// MaxCurvature returns the magnitude bin (width dm) with the most
// events (ties: the smallest magnitude).
func MaxCurvature(mags []float64, dm float64) (float64, error) {
	if err := checkLen("MaxCurvature", len(mags), 1); err != nil {
		return 0, err
	}
	if err := checkFinite("MaxCurvature", mags); err != nil {
		return 0, err
	}
	if !(dm > 0) {
		return 0, fmt.Errorf("statphys: MaxCurvature: bin width %v must be positive", dm)
	}
	h := binMags(mags, dm)
	return h.mag(h.maxc()), nil
}

// magHist is a histogram of magnitudes in bins k·dm, k = lo … hi.
type magHist struct {
	dm     float64
	lo, hi int
	count  []int
}

// binMags rounds each magnitude to the nearest multiple of dm (the
// 1e-9 guards binary representations such as 2.3/0.1 = 22.999…).
func binMags(mags []float64, dm float64) *magHist {
	h := &magHist{dm: dm, lo: math.MaxInt, hi: math.MinInt}
	ks := make([]int, len(mags))
	for i, m := range mags {
		k := int(math.Floor(m/dm + 0.5 + 1e-9))
		ks[i] = k
		h.lo, h.hi = min(h.lo, k), max(h.hi, k)
	}
	h.count = make([]int, h.hi-h.lo+1)
	for _, k := range ks {
		h.count[k-h.lo]++
	}
	return h
}

func (h *magHist) mag(k int) float64 { return float64(k) * h.dm }

func (h *magHist) maxc() int {
	best := h.lo
	for k := h.lo; k <= h.hi; k++ {
		if h.count[k-h.lo] > h.count[best-h.lo] {
			best = k
		}
	}
	return best
}

// above returns the number of events in bins ≥ k.
func (h *magHist) above(k int) int {
	var n int
	for j := max(k, h.lo); j <= h.hi; j++ {
		n += h.count[j-h.lo]
	}
	return n
}

// gft returns the Wiemer-Wyss residual R (%) of the Gutenberg-Richter law
// fitted (Aki-Utsu) to the bins ≥ k: the synthetic count of bin j is
// N·10^(−b(M_j − M_k))·(1 − 10^(−bΔM)), so that the synthetic counts sum
// to N over the (unbounded) bins ≥ k.
func (h *magHist) gft(k int) float64 {
	n := h.above(k)
	if n < 2 {
		return math.NaN()
	}
	var s float64
	for j := max(k, h.lo); j <= h.hi; j++ {
		s += float64(h.count[j-h.lo]) * h.mag(j)
	}
	mean := s / float64(n)
	mc := h.mag(k)
	if !(mean > mc) {
		return math.NaN()
	}
	b := math.Log10E / (mean - (mc - h.dm/2))
	q := 1 - math.Pow(10, -b*h.dm)
	var dev float64
	for j := max(k, h.lo); j <= h.hi; j++ {
		syn := float64(n) * math.Pow(10, -b*(h.mag(j)-mc)) * q
		dev += math.Abs(float64(h.count[j-h.lo]) - syn)
	}
	return 100 - 100*dev/float64(n)
}
