package series

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"time"

	"gonum.org/v1/gonum/dsp/fourier"
)

// Interp selects the interpolation of Resample.
type Interp int

const (
	// Linear interpolates linearly between neighbouring rows.
	Linear Interp = iota
	// Cubic interpolates with a not-a-knot cubic spline through all rows
	// (the spline of scipy's interp1d(kind="cubic"), which dysts uses):
	// exact for cubic polynomials. Two rows fall back to a line, three to
	// the interpolating parabola.
	Cubic
)

func (m Interp) String() string {
	switch m {
	case Linear:
		return "linear"
	case Cubic:
		return "cubic"
	}
	return fmt.Sprintf("Interp(%d)", int(m))
}

// uniformTol is the largest relative deviation of one sampling interval
// from the median interval for which a series still counts as uniformly
// sampled by DominantPeriod (10%: monthly data with months of 28 to 31
// days pass; a missing month does not).
const uniformTol = 0.1

// minSpectrumLen is the fewest rows DominantPeriod accepts.
const minSpectrumLen = 8

// DominantPeriod estimates the dominant period of s, in units of T, as the
// peak of its power spectrum. Each column is centred and scaled to unit
// variance (constant columns are skipped), multiplied by a Hann window,
// and its periodogram |FFT|² computed (gonum dsp/fourier); the
// periodograms are summed over columns and the largest non-zero
// frequency bin k taken. The peak is then refined to a fraction of a bin
// by a golden-section search of the summed windowed power spectrum
// |Σ_i w_i y_i e^{−2πifi/n}|² over f ∈ [k−1, k+1]. The period is
// n·Δt/f with Δt the mean sampling interval.
//
// The rows must be in increasing time, finite, and uniformly spaced (every
// interval within 10% of the median one); at least 8 rows are needed.
// This is the dysts recipe for its catalogue's "period" (the peak of the
// power spectrum of a long trajectory); the sub-bin refinement makes a
// pure sine's period exact to about 1e-6 rather than to within a bin.
//
// References:
//
//	W. Gilpin, Chaos as an interpretable benchmark for forecasting and
//	data-driven modelling, NeurIPS Datasets and Benchmarks (2021).
//	F. J. Harris, On the use of windows for harmonic analysis with the
//	discrete Fourier transform, Proc. IEEE 66, 51 (1978).
func (s *Series) DominantPeriod() (float64, error) {
	n, d := s.Len(), s.Dim()
	if n < minSpectrumLen {
		return 0, fmt.Errorf("series: %d rows are too few for a spectrum (need %d)", n, minSpectrumLen)
	}
	if err := s.CheckIncreasing(); err != nil {
		return 0, err
	}
	if err := s.CheckFinite(); err != nil {
		return 0, err
	}
	dt, err := s.uniformStep()
	if err != nil {
		return 0, err
	}
	// Centred, scaled, windowed columns.
	cols := make([][]float64, 0, d)
	for j := 0; j < d; j++ {
		c := s.col(j)
		var m float64
		for _, v := range c {
			m += v
		}
		m /= float64(n)
		var ss float64
		for _, v := range c {
			ss += (v - m) * (v - m)
		}
		sd := math.Sqrt(ss / float64(n))
		if sd <= constTol*max(1, math.Abs(m)) {
			continue
		}
		for i := range c {
			w := 0.5 * (1 - math.Cos(2*math.Pi*float64(i)/float64(n-1)))
			c[i] = w * (c[i] - m) / sd
		}
		cols = append(cols, c)
	}
	if len(cols) == 0 {
		return 0, fmt.Errorf("series: every column is constant; there is no dominant period")
	}
	fft := fourier.NewFFT(n)
	coef := make([]complex128, n/2+1)
	power := make([]float64, n/2+1)
	for _, c := range cols {
		fft.Coefficients(coef, c)
		for k, z := range coef {
			power[k] += real(z)*real(z) + imag(z)*imag(z)
		}
	}
	kmax := 1
	for k := 2; k < len(power); k++ {
		if power[k] > power[kmax] {
			kmax = k
		}
	}
	lo := max(float64(kmax)-1, 0.5)
	hi := min(float64(kmax)+1, float64(n)/2)
	f := goldenMax(func(f float64) float64 { return dtftPower(cols, f) }, lo, hi, 1e-9)
	return float64(n) * dt / f, nil
}

// uniformStep returns the mean sampling interval, or an error when an
// interval deviates from the median one by more than uniformTol.
func (s *Series) uniformStep() (float64, error) {
	iv := s.Intervals()
	med := slices.Clone(iv)
	sort.Float64s(med)
	m := med[len(med)/2]
	for i, h := range iv {
		if math.Abs(h-m) > uniformTol*m {
			return 0, fmt.Errorf("series: rows are not uniformly spaced: interval %g from %s to %s, median interval %g (fill or resample the gap first)",
				h, s.timeString(i), s.timeString(i+1), m)
		}
	}
	return (s.T[len(s.T)-1] - s.T[0]) / float64(len(s.T)-1), nil
}

// dtftPower sums |Σ_i y_i e^{−2πi f i/n}|² over the columns, f in bins.
// The phasor is advanced by complex multiplication and re-synchronised
// from sincos every 256 samples to bound the rounding drift.
func dtftPower(cols [][]float64, f float64) float64 {
	n := len(cols[0])
	theta := -2 * math.Pi * f / float64(n)
	ws, wc := math.Sincos(theta)
	var p float64
	for _, c := range cols {
		var re, im float64
		zr, zi := 1.0, 0.0
		for i, v := range c {
			if i&255 == 0 {
				zi, zr = math.Sincos(theta * float64(i))
			}
			re += v * zr
			im += v * zi
			zr, zi = zr*wc-zi*ws, zr*ws+zi*wc
		}
		p += re*re + im*im
	}
	return p
}

// goldenMax maximises a unimodal f on [a, b] by golden-section search
// until the bracket is narrower than tol·(1+|x|).
func goldenMax(f func(float64) float64, a, b, tol float64) float64 {
	g := (math.Sqrt(5) - 1) / 2
	c, d := b-g*(b-a), a+g*(b-a)
	fc, fd := f(c), f(d)
	for b-a > tol*(1+math.Abs(a)) {
		if fc > fd {
			b, d, fd = d, c, fc
			c = b - g*(b-a)
			fc = f(c)
		} else {
			a, c, fc = c, d, fd
			d = a + g*(b-a)
			fd = f(d)
		}
	}
	return (a + b) / 2
}

// ResamplePeriod resamples s onto a uniform grid of ptsPerPeriod points
// per period, as dysts does for its trajectories (make_trajectory with
// pts_per_period): rows at t_k = T[0] + k·period/ptsPerPeriod for every
// t_k <= T[last]. period <= 0 means: estimate it with DominantPeriod.
func (s *Series) ResamplePeriod(ptsPerPeriod int, period float64, method Interp) (*Series, error) {
	if ptsPerPeriod < 2 {
		return nil, fmt.Errorf("series: %d points per period; need at least 2", ptsPerPeriod)
	}
	if math.IsNaN(period) || math.IsInf(period, 0) {
		return nil, fmt.Errorf("series: period %v is not finite", period)
	}
	if s.Len() < 2 {
		return nil, fmt.Errorf("series: %d rows are too few to resample", s.Len())
	}
	if period <= 0 {
		p, err := s.DominantPeriod()
		if err != nil {
			return nil, err
		}
		period = p
	}
	h := period / float64(ptsPerPeriod)
	t0, t1 := s.T[0], s.T[s.Len()-1]
	m := int(math.Floor((t1-t0)/h*(1+1e-12))) + 1
	if m < 2 {
		return nil, fmt.Errorf("series: span %g is shorter than one new step %g (period %g / %d points)", t1-t0, h, period, ptsPerPeriod)
	}
	times := make([]float64, m)
	for k := range times {
		times[k] = t0 + float64(k)*h
	}
	times[m-1] = min(times[m-1], t1)
	return s.Resample(times, method)
}

// Resample interpolates every column of s at the given times, which must
// be increasing and inside [T[0], T[last]] (no extrapolation). The rows of
// s must be in increasing time and finite. Categorical columns take the
// value of the last row at or before each time. Dated series get the dates
// of the new times.
func (s *Series) Resample(times []float64, method Interp) (*Series, error) {
	n, d := s.Len(), s.Dim()
	if method != Linear && method != Cubic {
		panic(fmt.Sprintf("series: unknown interpolation %d", method))
	}
	if n < 2 {
		return nil, fmt.Errorf("series: %d rows are too few to interpolate", n)
	}
	if err := s.CheckIncreasing(); err != nil {
		return nil, err
	}
	if err := s.CheckFinite(); err != nil {
		return nil, err
	}
	t0, t1 := s.T[0], s.T[n-1]
	slack := 1e-12 * (t1 - t0)
	for k, t := range times {
		if math.IsNaN(t) || t < t0-slack || t > t1+slack {
			return nil, fmt.Errorf("series: resampling time %v (index %d) is outside the data's span [%v, %v]", t, k, t0, t1)
		}
		if k > 0 && !(t > times[k-1]) {
			return nil, fmt.Errorf("series: resampling times must increase; %v at index %d follows %v", t, k, times[k-1])
		}
	}
	m := len(times)
	// Interval index of each new time: T[seg[k]] <= t < T[seg[k]+1].
	seg := make([]int, m)
	i := 0
	for k, t := range times {
		for i < n-2 && t >= s.T[i+1] {
			i++
		}
		seg[k] = i
	}
	x := make([]float64, m*d)
	y := make([]float64, n)
	var spl *spline
	if method == Cubic {
		spl = newSpline(s.T)
	}
	for j := 0; j < d; j++ {
		for i := range y {
			y[i] = s.X[i*d+j]
		}
		_, categorical := s.Levels[s.Names[j]]
		if method == Cubic && !categorical {
			spl.fit(y)
		}
		for k, t := range times {
			i := seg[k]
			var v float64
			switch {
			case categorical:
				v = y[i]
				if t >= s.T[i+1] {
					v = y[i+1]
				}
			case method == Linear:
				w := (t - s.T[i]) / (s.T[i+1] - s.T[i])
				v = y[i] + w*(y[i+1]-y[i])
			default:
				v = spl.eval(i, t)
			}
			x[k*d+j] = v
		}
	}
	out := &Series{Names: append([]string(nil), s.Names...), T: append([]float64(nil), times...), X: x, Levels: copyLevels(s.Levels)}
	if s.Dates != nil {
		out.Dates = make([]time.Time, m)
		for k, t := range times {
			out.Dates[k] = DateOf(t)
		}
	}
	return out, nil
}

// spline is a not-a-knot cubic spline on fixed knots: on [t_i, t_{i+1}]
// with h = t_{i+1} − t_i, a = (t_{i+1} − t)/h, b = 1 − a,
//
//	S(t) = a y_i + b y_{i+1} + ((a³ − a) M_i + (b³ − b) M_{i+1}) h²/6,
//
// with the second derivatives M solving the continuity equations
// h_{i−1} M_{i−1} + 2(h_{i−1}+h_i) M_i + h_i M_{i+1} = 6(δ_i − δ_{i−1})
// (δ_i the slope of interval i) and the not-a-knot ends: the third derivative continuous
// at t_1 and t_{n−2}.
//
// References:
//
//	C. de Boor, A Practical Guide to Splines, Springer (1978), ch. IV.
type spline struct {
	t, h, y, m   []float64
	sub, dia, up []float64
	rhs          []float64
}

func newSpline(t []float64) *spline {
	n := len(t)
	sp := &spline{t: t, h: make([]float64, n-1), m: make([]float64, n),
		sub: make([]float64, n), dia: make([]float64, n), up: make([]float64, n), rhs: make([]float64, n)}
	for i := range sp.h {
		sp.h[i] = t[i+1] - t[i]
	}
	return sp
}

// fit computes the second derivatives M for the values y.
func (sp *spline) fit(y []float64) {
	sp.y = y
	n, h, M := len(y), sp.h, sp.m
	switch {
	case n == 2:
		M[0], M[1] = 0, 0
		return
	case n == 3:
		c := 2 * ((y[2]-y[1])/h[1] - (y[1]-y[0])/h[0]) / (h[0] + h[1])
		M[0], M[1], M[2] = c, c, c
		return
	}
	// Unknowns M_1..M_{n-2}; rows r = 1..n-2.
	for r := 1; r <= n-2; r++ {
		sp.sub[r] = h[r-1]
		sp.dia[r] = 2 * (h[r-1] + h[r])
		sp.up[r] = h[r]
		sp.rhs[r] = 6 * ((y[r+1]-y[r])/h[r] - (y[r]-y[r-1])/h[r-1])
	}
	// Not-a-knot left: M_0 = M_1(1 + h0/h1) − M_2 h0/h1.
	h0, h1 := h[0], h[1]
	sp.dia[1] += h0 * (1 + h0/h1)
	sp.up[1] -= h0 * h0 / h1
	sp.sub[1] = 0
	// Not-a-knot right: M_{n−1} = M_{n−2}(1 + h_{n−2}/h_{n−3}) − M_{n−3} h_{n−2}/h_{n−3}.
	a, b := h[n-2], h[n-3]
	sp.dia[n-2] += a * (1 + a/b)
	sp.sub[n-2] -= a * a / b
	sp.up[n-2] = 0
	// Thomas algorithm on rows 1..n-2.
	for r := 2; r <= n-2; r++ {
		w := sp.sub[r] / sp.dia[r-1]
		sp.dia[r] -= w * sp.up[r-1]
		sp.rhs[r] -= w * sp.rhs[r-1]
	}
	M[n-2] = sp.rhs[n-2] / sp.dia[n-2]
	for r := n - 3; r >= 1; r-- {
		M[r] = (sp.rhs[r] - sp.up[r]*M[r+1]) / sp.dia[r]
	}
	M[0] = M[1]*(1+h0/h1) - M[2]*h0/h1
	M[n-1] = M[n-2]*(1+a/b) - M[n-3]*a/b
}

// eval evaluates the spline at t in interval i.
func (sp *spline) eval(i int, t float64) float64 {
	h := sp.h[i]
	a := (sp.t[i+1] - t) / h
	b := 1 - a
	return a*sp.y[i] + b*sp.y[i+1] + ((a*a*a-a)*sp.m[i]+(b*b*b-b)*sp.m[i+1])*h*h/6
}
