package forecast

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/dsp/fourier"
)

// Metrics compare a forecast pred with the truth, both Rows×Dim blocks of
// the same shape. A shape mismatch or an empty block is a programming
// error and panics; NaN values propagate into the result.

func checkPair(fn string, truth, pred *Block) {
	if truth == nil || pred == nil {
		panic(fmt.Sprintf("forecast: %s of a nil block", fn))
	}
	if truth.Rows != pred.Rows || truth.Dim != pred.Dim {
		panic(fmt.Sprintf("forecast: %s of a %d×%d truth and a %d×%d forecast", fn, truth.Rows, truth.Dim, pred.Rows, pred.Dim))
	}
	if truth.Rows == 0 || truth.Dim == 0 {
		panic(fmt.Sprintf("forecast: %s of an empty block", fn))
	}
}

// MSE is the mean squared error over all rows and columns,
// (1/(n·d)) Σ_t Σ_j (y_tj − ŷ_tj)².
func MSE(truth, pred *Block) float64 {
	checkPair("MSE", truth, pred)
	var s float64
	for k, y := range truth.X {
		e := y - pred.X[k]
		s += e * e
	}
	return s / float64(len(truth.X))
}

// RMSE is √MSE.
func RMSE(truth, pred *Block) float64 { return math.Sqrt(MSE(truth, pred)) }

// MAE is the mean absolute error over all rows and columns.
func MAE(truth, pred *Block) float64 {
	checkPair("MAE", truth, pred)
	var s float64
	for k, y := range truth.X {
		s += math.Abs(y - pred.X[k])
	}
	return s / float64(len(truth.X))
}

// Std returns the population standard deviation (divisor n) of each
// column of b.
func Std(b *Block) []float64 {
	if b == nil || b.Rows == 0 || b.Dim == 0 {
		panic("forecast: Std of an empty block")
	}
	d := b.Dim
	out := make([]float64, d)
	for j := 0; j < d; j++ {
		var m float64
		for i := 0; i < b.Rows; i++ {
			m += b.X[i*d+j]
		}
		m /= float64(b.Rows)
		var ss float64
		for i := 0; i < b.Rows; i++ {
			r := b.X[i*d+j] - m
			ss += r * r
		}
		out[j] = math.Sqrt(ss / float64(b.Rows))
	}
	return out
}

// NRMSE is the root mean squared error of each column normalised by a
// scale σ_j, averaged over the columns:
//
//	NRMSE = (1/d) Σ_j √((1/n) Σ_t (y_tj − ŷ_tj)²) / σ_j.
//
// std gives σ_j (typically the standard deviation of the attractor or of
// the training data, so that forecasts of different windows are
// comparable); nil takes the population standard deviation of each column
// of truth. A zero σ_j gives +Inf (or NaN when that column's error is
// zero too).
//
// This per-variable convention (scale-free and insensitive to the offset
// of a variable) is the one of most forecasting benchmarks. Gauthier et
// al. (2021) normalise differently, by the variance of all values pooled
// together: see NRMSEPooled.
func NRMSE(truth, pred *Block, std []float64) float64 {
	checkPair("NRMSE", truth, pred)
	d := truth.Dim
	if std == nil {
		std = Std(truth)
	}
	if len(std) != d {
		panic(fmt.Sprintf("forecast: NRMSE with %d scales for %d columns", len(std), d))
	}
	var total float64
	for j := 0; j < d; j++ {
		var s float64
		for i := 0; i < truth.Rows; i++ {
			e := truth.X[i*d+j] - pred.X[i*d+j]
			s += e * e
		}
		total += math.Sqrt(s/float64(truth.Rows)) / std[j]
	}
	return total / float64(d)
}

// PooledVariance is the variance of all values of b taken together (about
// their grand mean, divisor n·d), numpy's var of the whole array.
func PooledVariance(b *Block) float64 {
	if b == nil || len(b.X) == 0 {
		panic("forecast: PooledVariance of an empty block")
	}
	var m float64
	for _, v := range b.X {
		m += v
	}
	m /= float64(len(b.X))
	var ss float64
	for _, v := range b.X {
		ss += (v - m) * (v - m)
	}
	return ss / float64(len(b.X))
}

// NRMSEPooled is the normalised error of Gauthier et al. (2021),
//
//	NRMSE = √( (1/(n·d)) Σ_t Σ_j (y_tj − ŷ_tj)² / v ),
//
// with v the variance of all values pooled together (PooledVariance of a
// reference trajectory; Gauthier et al. take the whole simulated
// solution). v ≤ 0 takes PooledVariance(truth). For Lorenz63 the pooled
// variance includes the spread of the column means (z has mean ≈ 23.5), so
// this NRMSE is smaller than the per-variable NRMSE of the same forecast.
//
// References:
//
//	Gauthier, D. J., Bollt, E., Griffith, A. & Barbosa, W. A. S. (2021).
//	  Next generation reservoir computing. Nat. Commun. 12, 5564 (and its
//	  published code: NRMSE = sqrt(mean((x − x̂)²)/total_var)).
func NRMSEPooled(truth, pred *Block, v float64) float64 {
	if v <= 0 {
		v = PooledVariance(truth)
	}
	return math.Sqrt(MSE(truth, pred) / v)
}

// SMAPE is the symmetric mean absolute percentage error on the 0-200
// scale,
//
//	sMAPE = (200/(n·d)) Σ_t Σ_j |y_tj − ŷ_tj| / (|y_tj| + |ŷ_tj|),
//
// the convention of the darts library used by the dysts forecasting
// benchmark (Gilpin 2021). A term with y = ŷ = 0 counts as 0 (darts
// rejects such data instead).
//
// References:
//
//	Makridakis, S. (1993). Accuracy measures: theoretical and practical
//	  concerns. Int. J. Forecast. 9, 527-529.
//	Gilpin, W. (2021). Chaos as an interpretable benchmark for forecasting
//	  and data-driven modelling. NeurIPS Datasets and Benchmarks.
//	Herzen, J. et al. (2022). Darts: user-friendly modern machine learning
//	  for time series. J. Mach. Learn. Res. 23(124), 1-6 (metrics.smape).
func SMAPE(truth, pred *Block) float64 {
	checkPair("SMAPE", truth, pred)
	var s float64
	for k, y := range truth.X {
		p := pred.X[k]
		den := math.Abs(y) + math.Abs(p)
		if den == 0 {
			continue
		}
		s += math.Abs(y-p) / den
	}
	return 200 * s / float64(len(truth.X))
}

// MASE is the mean absolute scaled error of Hyndman & Koehler (2006): for
// each column, the MAE of the forecast divided by the in-sample MAE of the
// seasonal naive forecast of lag m on the training data,
//
//	MASE_j = MAE_j / ( (1/(N−m)) Σ_{t=m}^{N−1} |x_tj − x_{t−m,j}| ),
//
// averaged over the columns (m = 1: the one-step naive forecast). A value
// below 1 beats the in-sample naive forecast. It panics when train has no
// more than m rows or its dimension differs; a constant training column
// gives +Inf (or NaN).
//
// References:
//
//	Hyndman, R. J. & Koehler, A. B. (2006). Another look at measures of
//	  forecast accuracy. Int. J. Forecast. 22, 679-688.
func MASE(truth, pred, train *Block, m int) float64 {
	checkPair("MASE", truth, pred)
	if m < 1 {
		panic(fmt.Sprintf("forecast: MASE with seasonal lag %d", m))
	}
	if train == nil || train.Dim != truth.Dim || train.Rows <= m {
		panic("forecast: MASE needs a training block of the same dimension with more than m rows")
	}
	d := truth.Dim
	var total float64
	for j := 0; j < d; j++ {
		var q float64
		for t := m; t < train.Rows; t++ {
			q += math.Abs(train.X[t*d+j] - train.X[(t-m)*d+j])
		}
		q /= float64(train.Rows - m)
		var e float64
		for i := 0; i < truth.Rows; i++ {
			e += math.Abs(truth.X[i*d+j] - pred.X[i*d+j])
		}
		e /= float64(truth.Rows)
		total += e / q
	}
	return total / float64(d)
}

// VPTOptions configures ValidTime. Nil or zero fields take the defaults.
type VPTOptions struct {
	// Std is the per-column scale σ_j of the attractor (nil: the
	// population standard deviation of each column of truth; pass the
	// statistics of a long trajectory when the truth window is short).
	Std []float64
	// Threshold ε on the normalised error (0: 0.5).
	Threshold float64
	// DT is the sampling interval in time units (0: 1, i.e. steps).
	DT float64
	// Lyapunov is the largest Lyapunov exponent λ1 per time unit (0: no
	// conversion to Lyapunov times).
	Lyapunov float64
}

// VPT is a valid prediction time.
type VPT struct {
	// Steps is the number of leading forecast rows whose error stays
	// below the threshold.
	Steps int
	// Time is Steps·DT and LyapunovTimes is Time·λ1 (0 without λ1).
	Time, LyapunovTimes float64
	// Censored is true when the error never crossed the threshold, so
	// that the true valid time is at least Time.
	Censored bool
}

// ValidTime returns the valid prediction time of a forecast whose rows
// are the steps 1, 2, … after the last context row: the time before the
// normalised error
//
//	E(t) = √( (1/d) Σ_j (ŷ_j(t) − y_j(t))² / σ_j² )
//
// first reaches the threshold ε (default 0.5), in steps, time units and
// Lyapunov times λ1·t. This is the convention of Vlachas et al. (2020)
// (σ_j the standard deviation of the attractor, ε = 0.5); Pathak et al.
// (2018) use ||ŷ − y||/⟨||y||²⟩^{1/2} with ε = 0.4 instead. A NaN error
// counts as a crossing.
//
// References:
//
//	Vlachas, P. R., Pathak, J., Hunt, B. R., Sapsis, T. P., Girvan, M.,
//	  Ott, E. & Koumoutsakos, P. (2020). Backpropagation algorithms and
//	  reservoir computing in recurrent neural networks for the forecasting
//	  of complex spatiotemporal dynamics. Neural Netw. 126, 191-217.
//	Pathak, J., Hunt, B., Girvan, M., Lu, Z. & Ott, E. (2018). Model-free
//	  prediction of large spatiotemporally chaotic systems from data: a
//	  reservoir computing approach. Phys. Rev. Lett. 120, 024102.
func ValidTime(truth, pred *Block, opt *VPTOptions) VPT {
	checkPair("ValidTime", truth, pred)
	var o VPTOptions
	if opt != nil {
		o = *opt
	}
	if o.Threshold == 0 {
		o.Threshold = 0.5
	}
	if o.DT == 0 {
		o.DT = 1
	}
	if o.Std == nil {
		o.Std = Std(truth)
	}
	d := truth.Dim
	if len(o.Std) != d {
		panic(fmt.Sprintf("forecast: ValidTime with %d scales for %d columns", len(o.Std), d))
	}
	steps := truth.Rows
	for i := 0; i < truth.Rows; i++ {
		var s float64
		for j := 0; j < d; j++ {
			e := (pred.X[i*d+j] - truth.X[i*d+j]) / o.Std[j]
			s += e * e
		}
		if !(math.Sqrt(s/float64(d)) < o.Threshold) {
			steps = i
			break
		}
	}
	v := VPT{Steps: steps, Time: float64(steps) * o.DT, Censored: steps == truth.Rows}
	v.LyapunovTimes = v.Time * o.Lyapunov
	return v
}

// HistOptions configures StateKL. Zero fields take the defaults.
type HistOptions struct {
	// Bins is the number of equal bins spanning the truth's range of each
	// column (0: 50).
	Bins int
	// Alpha is the pseudo-count added to every bin, the two overflow
	// bins included (0: 1, Laplace's add-one smoothing; negative: none,
	// so an empty forecast bin under a non-empty truth bin gives +Inf).
	Alpha float64
}

// StateKL compares the long-run state distributions of a forecast and
// the truth (attractor-level fidelity of a long closed-loop rollout). For
// each column it builds histograms over Bins equal bins spanning
// [min, max] of the truth's column, plus one overflow bin below and one
// above for forecast values outside that range (both series need not have
// the same length, only the same dimension); with Laplace smoothing,
//
//	p_b = (c_b + α)/(n + (Bins+2)α),
//
// and returns the Kullback-Leibler divergence of the forecast's marginal
// from the truth's, in nats,
//
//	D_KL(P_truth ‖ Q_forecast) = Σ_b p_b ln(p_b/q_b),
//
// averaged over the columns, together with the per-column values.
// Marginals rather than the joint histogram keep the bin count linear in
// the dimension; Koppe et al. (2019) and Hess et al. (2023) use the joint
// state-space distribution (D_stsp) in low dimension. A constant truth
// column puts all its mass in one bin of zero width, and every different
// forecast value in an overflow bin.
//
// References:
//
//	Kullback, S. & Leibler, R. A. (1951). On information and sufficiency.
//	  Ann. Math. Stat. 22, 79-86.
//	Koppe, G., Toutounji, H., Kirsch, P., Lis, S. & Durstewitz, D. (2019).
//	  Identifying nonlinear dynamical systems via generative recurrent
//	  neural networks with applications to fMRI. PLoS Comput. Biol. 15,
//	  e1007263.
//	Hess, F., Monfared, Z., Brenner, M. & Durstewitz, D. (2023).
//	  Generalized teacher forcing for learning chaotic dynamics. ICML 2023,
//	  PMLR 202, 13017-13049.
func StateKL(truth, pred *Block, opt *HistOptions) (mean float64, perColumn []float64) {
	if truth == nil || pred == nil || truth.Rows == 0 || pred.Rows == 0 || truth.Dim == 0 {
		panic("forecast: StateKL of an empty block")
	}
	if truth.Dim != pred.Dim {
		panic(fmt.Sprintf("forecast: StateKL of %d and %d columns", truth.Dim, pred.Dim))
	}
	var o HistOptions
	if opt != nil {
		o = *opt
	}
	if o.Bins == 0 {
		o.Bins = 50
	}
	if o.Bins < 1 {
		panic(fmt.Sprintf("forecast: StateKL with %d bins", o.Bins))
	}
	alpha := o.Alpha
	switch {
	case alpha == 0:
		alpha = 1
	case alpha < 0:
		alpha = 0
	}
	d := truth.Dim
	nb := o.Bins + 2
	cp := make([]float64, nb)
	cq := make([]float64, nb)
	perColumn = make([]float64, d)
	for j := 0; j < d; j++ {
		lo, hi := math.Inf(1), math.Inf(-1)
		for i := 0; i < truth.Rows; i++ {
			v := truth.X[i*d+j]
			lo, hi = min(lo, v), max(hi, v)
		}
		clear(cp)
		clear(cq)
		for i := 0; i < truth.Rows; i++ {
			cp[histBin(truth.X[i*d+j], lo, hi, o.Bins)]++
		}
		for i := 0; i < pred.Rows; i++ {
			cq[histBin(pred.X[i*d+j], lo, hi, o.Bins)]++
		}
		np := float64(truth.Rows) + float64(nb)*alpha
		nq := float64(pred.Rows) + float64(nb)*alpha
		var kl float64
		for b := 0; b < nb; b++ {
			p := (cp[b] + alpha) / np
			if p == 0 {
				continue
			}
			q := (cq[b] + alpha) / nq
			kl += p * math.Log(p/q)
		}
		perColumn[j] = kl
		mean += kl
	}
	return mean / float64(d), perColumn
}

// histBin returns the bin of v: 0 below lo, 1..bins inside [lo, hi]
// (hi falls in the last bin), bins+1 above hi or NaN.
func histBin(v, lo, hi float64, bins int) int {
	switch {
	case v < lo:
		return 0
	case v > hi || math.IsNaN(v):
		return bins + 1
	case hi == lo:
		return 1
	}
	b := int((v - lo) / (hi - lo) * float64(bins))
	return 1 + min(b, bins-1)
}

// SpectrumOptions configures SpectrumDistance. Zero fields take the
// defaults.
type SpectrumOptions struct {
	// Segment is the length L of Welch's segments (0: 256, capped by the
	// length of the shorter series).
	Segment int
	// Smooth is the standard deviation, in frequency bins, of a Gaussian
	// kernel applied to each spectrum before comparison (0: none).
	Smooth float64
}

// SpectrumDistance compares the power spectra of a forecast and the
// truth, column by column, by the Hellinger distance
//
//	H(p, q) = √(1 − Σ_k √(p_k q_k)) ∈ [0, 1],
//
// between the power spectra normalised to unit sum, and returns the mean
// over the columns and the per-column values. The spectra are Welch
// estimates: segments of L rows overlapping by L/2 (the last rows that
// do not fill a segment are left out), each with its mean removed and
// multiplied by the periodic Hann window w_n = ½ − ½cos(2πn/L), and
// |DFT|² averaged over the segments, at the frequencies k = 1..L/2 (the
// zero frequency is left out). The two series may have different
// lengths; they share L. A column whose spectrum is identically zero (a
// constant) gives NaN. Mikhaeil et al. (2022) and Hess et al. (2023) use
// this distance, with Gaussian-smoothed spectra, to score the long-term
// temporal structure of rollouts on chaotic attractors.
//
// References:
//
//	Welch, P. D. (1967). The use of fast Fourier transform for the
//	  estimation of power spectra. IEEE Trans. Audio Electroacoust. 15,
//	  70-73.
//	Mikhaeil, J. M., Monfared, Z. & Durstewitz, D. (2022). On the
//	  difficulty of learning chaotic dynamics with RNNs. NeurIPS 35.
//	Hess, F., Monfared, Z., Brenner, M. & Durstewitz, D. (2023).
//	  Generalized teacher forcing for learning chaotic dynamics. ICML 2023.
func SpectrumDistance(truth, pred *Block, opt *SpectrumOptions) (mean float64, perColumn []float64) {
	if truth == nil || pred == nil || truth.Rows == 0 || pred.Rows == 0 || truth.Dim == 0 {
		panic("forecast: SpectrumDistance of an empty block")
	}
	if truth.Dim != pred.Dim {
		panic(fmt.Sprintf("forecast: SpectrumDistance of %d and %d columns", truth.Dim, pred.Dim))
	}
	var o SpectrumOptions
	if opt != nil {
		o = *opt
	}
	l := o.Segment
	if l == 0 {
		l = 256
	}
	l = min(l, truth.Rows, pred.Rows)
	if l < 2 {
		panic(fmt.Sprintf("forecast: SpectrumDistance needs segments of at least 2 rows, got %d", l))
	}
	w := newWelch(l)
	d := truth.Dim
	perColumn = make([]float64, d)
	p := make([]float64, l/2)
	q := make([]float64, l/2)
	for j := 0; j < d; j++ {
		w.spectrum(p, truth, j)
		w.spectrum(q, pred, j)
		if o.Smooth > 0 {
			p = gaussSmooth(p, o.Smooth)
			q = gaussSmooth(q, o.Smooth)
		}
		normalize(p)
		normalize(q)
		var bc float64
		for k := range p {
			bc += math.Sqrt(p[k] * q[k])
		}
		perColumn[j] = math.Sqrt(max(0, 1-bc))
		if math.IsNaN(bc) {
			perColumn[j] = math.NaN()
		}
		mean += perColumn[j]
	}
	return mean / float64(d), perColumn
}

type welch struct {
	l      int
	fft    *fourier.FFT
	win    []float64
	seg    []float64
	coeffs []complex128
}

func newWelch(l int) *welch {
	w := &welch{l: l, fft: fourier.NewFFT(l), win: make([]float64, l), seg: make([]float64, l),
		coeffs: make([]complex128, l/2+1)}
	for n := range w.win {
		w.win[n] = 0.5 - 0.5*math.Cos(2*math.Pi*float64(n)/float64(l))
	}
	return w
}

// spectrum writes the Welch power at frequencies 1..L/2 of column j of b.
func (w *welch) spectrum(dst []float64, b *Block, j int) {
	clear(dst)
	d := b.Dim
	step := max(1, w.l/2)
	segs := 0
	for s := 0; s+w.l <= b.Rows; s += step {
		var m float64
		for n := 0; n < w.l; n++ {
			m += b.X[(s+n)*d+j]
		}
		m /= float64(w.l)
		for n := 0; n < w.l; n++ {
			w.seg[n] = (b.X[(s+n)*d+j] - m) * w.win[n]
		}
		w.coeffs = w.fft.Coefficients(w.coeffs, w.seg)
		for k := 1; k <= w.l/2; k++ {
			c := w.coeffs[k]
			dst[k-1] += real(c)*real(c) + imag(c)*imag(c)
		}
		segs++
	}
	for k := range dst {
		dst[k] /= float64(segs)
	}
}

func normalize(p []float64) {
	var s float64
	for _, v := range p {
		s += v
	}
	for k := range p {
		p[k] /= s
	}
}

// gaussSmooth convolves p with a normalised Gaussian kernel of standard
// deviation sigma bins, truncated at 4σ, renormalising at the edges.
func gaussSmooth(p []float64, sigma float64) []float64 {
	r := int(math.Ceil(4 * sigma))
	out := make([]float64, len(p))
	for k := range p {
		var s, ws float64
		for o := -r; o <= r; o++ {
			i := k + o
			if i < 0 || i >= len(p) {
				continue
			}
			g := math.Exp(-0.5 * float64(o*o) / (sigma * sigma))
			s += g * p[i]
			ws += g
		}
		out[k] = s / ws
	}
	return out
}
