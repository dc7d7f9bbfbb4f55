package series

import (
	"math"
	"testing"
	"time"
)

// sine returns n samples every dt of x = sin(ωt + 0.3) and
// y = 5 + 3cos(ωt), plus a constant column c (which DominantPeriod must
// skip).
func sine(t *testing.T, omega, dt float64, n int) *Series {
	t.Helper()
	tt, x, y, c := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range tt {
		tt[i] = float64(i) * dt
		x[i] = math.Sin(omega*tt[i] + 0.3)
		y[i] = 5 + 3*math.Cos(omega*tt[i])
		c[i] = 2
	}
	s, err := FromColumns([]string{"x", "y", "c"}, tt, x, y, c)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Exact: a not-a-knot cubic spline reproduces any cubic polynomial (de
// Boor 1978, ch. IV); with three knots it is the interpolating parabola,
// with two the line.
func TestCubicSplineExactForPolynomials(t *testing.T) {
	const tol = 1e-12
	cubic := func(t float64) float64 { return 2*t*t*t - t*t + 3*t - 1 }
	quad := func(t float64) float64 { return 0.5*t*t - 2*t + 4 }
	line := func(t float64) float64 { return 3 - 0.25*t }
	cases := []struct {
		knots []float64
		f     func(float64) float64
	}{
		{[]float64{0, 0.3, 1.1, 1.5, 2.6, 3.0, 4.2}, cubic},
		{[]float64{-1, 0.5, 0.7, 2}, cubic},
		{[]float64{0, 1, 3}, quad},
		{[]float64{0, 2}, line},
	}
	for _, c := range cases {
		y := make([]float64, len(c.knots))
		for i, k := range c.knots {
			y[i] = c.f(k)
		}
		s, _ := FromColumns([]string{"y"}, c.knots, y)
		a, b := c.knots[0], c.knots[len(c.knots)-1]
		times := make([]float64, 101)
		for k := range times {
			times[k] = a + (b-a)*float64(k)/100
		}
		r, err := s.Resample(times, Cubic)
		if err != nil {
			t.Fatal(err)
		}
		for k, tk := range times {
			if d := math.Abs(r.X[k] - c.f(tk)); d > tol*max(1, math.Abs(c.f(tk))) {
				t.Errorf("%d knots: S(%v) = %v, want %v (error %.2g)", len(c.knots), tk, r.X[k], c.f(tk), d)
			}
		}
	}
}

// Linear interpolation is exact for lines and, for a sine, within the
// classical bound |f − p| ≤ h²/8 · max|second derivative of f|.
func TestLinearInterpolation(t *testing.T) {
	const omega, dt = 1.3, 0.05
	s := sine(t, omega, dt, 200)
	times := make([]float64, 0)
	for tk := 0.0; tk <= s.T[199]; tk += 0.0123 {
		times = append(times, tk)
	}
	r, err := s.Resample(times, Linear)
	if err != nil {
		t.Fatal(err)
	}
	bound := dt * dt / 8 * omega * omega
	worst := 0.0
	for k, tk := range times {
		worst = max(worst, math.Abs(r.At(k, 0)-math.Sin(omega*tk+0.3)))
		if r.At(k, 2) != 2 {
			t.Fatalf("constant column interpolated to %v", r.At(k, 2))
		}
	}
	if worst > bound || worst < bound/10 {
		t.Errorf("linear interpolation error %.3g, want below the bound %.3g (and not far below it)", worst, bound)
	}
}

// Exact-ish: the dominant period of a pure sine is recovered to 1e-5 from
// 10 or more periods — far better than the FFT bin spacing
// (1/(number of periods), 10% here) thanks to the sub-bin refinement; the
// residual is the Hann-window leakage of the negative-frequency image.
func TestDominantPeriodSine(t *testing.T) {
	const tol = 1e-5
	cases := []struct {
		period, dt float64
		n          int
	}{
		{2 * math.Pi / 1.3, 0.01, 5000}, // 10.3 periods
		{7.3, 0.5, 400},                 // 27.4 periods
		{3.3, 1, 64},                    // 19.4 periods, coarse sampling
		{100, 0.1, 20000},               // 20 periods, integer bin
	}
	for _, c := range cases {
		s := sine(t, 2*math.Pi/c.period, c.dt, c.n)
		p, err := s.DominantPeriod()
		if err != nil {
			t.Fatal(err)
		}
		if rel := math.Abs(p-c.period) / c.period; rel > tol {
			t.Errorf("period %v (n=%d, dt=%v): estimated %v, relative error %.2g > %g", c.period, c.n, c.dt, p, rel, tol)
		}
	}
	// The power is summed over standardized columns: a (tiny, period 10)
	// and b (80% of its variance at period 3, 20% at period 10) give
	// 1 + 0.2 at period 10 against 0.8 at period 3, so 10 wins although b's
	// raw amplitude at period 3 is a million times a's.
	n := 1000
	a, b := make([]float64, n), make([]float64, n)
	for i := range a {
		a[i] = 0.001 * math.Sin(2*math.Pi*float64(i)/10)
		b[i] = 1000*math.Sin(2*math.Pi*float64(i)/3) + 500*math.Sin(2*math.Pi*float64(i)/10)
	}
	s, _ := FromColumns([]string{"a", "b"}, nil, a, b)
	if p, _ := s.DominantPeriod(); math.Abs(p-10) > tol*10 {
		t.Errorf("two columns: period %v, want 10", p)
	}
}

func TestDominantPeriodErrors(t *testing.T) {
	s := sine(t, 1, 0.1, 100)
	gap := s.Rows(append(seq(0, 50), seq(52, 100)...))
	_, err := gap.DominantPeriod()
	wantErr(t, err, "rows are not uniformly spaced: interval 0.2999999999999998 from t=4.9 to t=5.2")
	_, err = s.Slice(0, 5).DominantPeriod()
	wantErr(t, err, "5 rows are too few for a spectrum (need 8)")
	flat, _ := s.Select("c")
	_, err = flat.DominantPeriod()
	wantErr(t, err, "every column is constant")
	s.X[3*10] = math.NaN()
	_, err = s.DominantPeriod()
	wantErr(t, err, `row 10 (t=1), column "x" is missing (NaN)`)
}

func seq(a, b int) []int {
	out := make([]int, 0, b-a)
	for i := a; i < b; i++ {
		out = append(out, i)
	}
	return out
}

// Resampling a sine sampled every 0.01 to 25 points per estimated period
// gives a grid of step P/25 on which the cubic spline is accurate to its
// O(h⁴) error (5/384·h⁴·max|f⁗| ≈ 4e-10 for h = 0.01), and whose own
// dominant period is again P.
func TestResamplePeriodSine(t *testing.T) {
	const (
		omega    = 1.3
		pts      = 25
		tolP     = 1e-5
		tolCubic = 1e-9
	)
	period := 2 * math.Pi / omega
	s := sine(t, omega, 0.01, 5000)
	r, err := s.ResamplePeriod(pts, 0, Cubic)
	if err != nil {
		t.Fatal(err)
	}
	h := r.T[1] - r.T[0]
	if rel := math.Abs(h*pts-period) / period; rel > tolP {
		t.Errorf("new step %v ×%d = %v, want the period %v", h, pts, h*pts, period)
	}
	wantN := int(math.Floor(s.T[s.Len()-1]/h)) + 1
	if r.Len() != wantN || r.T[r.Len()-1] > s.T[s.Len()-1] {
		t.Errorf("%d rows up to %v, want %d within %v", r.Len(), r.T[r.Len()-1], wantN, s.T[s.Len()-1])
	}
	for k, tk := range r.T {
		if d := math.Abs(r.At(k, 0) - math.Sin(omega*tk+0.3)); d > tolCubic {
			t.Fatalf("resampled x(%v) off by %.2g", tk, d)
		}
	}
	p, err := r.DominantPeriod()
	if err != nil {
		t.Fatal(err)
	}
	if rel := math.Abs(p-period) / period; rel > tolP {
		t.Errorf("period after resampling %v, want %v", p, period)
	}
	// A given period: 10 points per period, linear.
	r, err = s.ResamplePeriod(10, period, Linear)
	if err != nil {
		t.Fatal(err)
	}
	if h := r.T[1] - r.T[0]; math.Abs(h-period/10) > 1e-15 {
		t.Errorf("step %v, want %v", h, period/10)
	}
	bound := 0.01 * 0.01 / 8 * omega * omega
	for k, tk := range r.T {
		if d := math.Abs(r.At(k, 1) - (5 + 3*math.Cos(omega*tk))); d > 3*bound {
			t.Fatalf("linear y(%v) off by %.2g > %.2g", tk, d, 3*bound)
		}
	}
	_, err = s.ResamplePeriod(1, 0, Cubic)
	wantErr(t, err, "1 points per period; need at least 2")
	_, err = s.ResamplePeriod(10, 1000, Cubic)
	wantErr(t, err, "shorter than one new step")
}

func TestResampleDatesLabelsAndErrors(t *testing.T) {
	d0 := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	s := &Series{Names: []string{"v", "kind"}, Levels: map[string][]string{"kind": {"a", "b"}}}
	for i := 0; i < 4; i++ {
		d := d0.AddDate(0, 0, 2*i)
		s.Dates = append(s.Dates, d)
		s.T = append(s.T, DayOf(d))
		s.X = append(s.X, float64(10*i), float64(i%2))
	}
	// Daily rows between the two-day samples.
	times := []float64{s.T[0], s.T[0] + 1, s.T[0] + 2, s.T[0] + 3}
	r, err := s.Resample(times, Linear)
	if err != nil {
		t.Fatal(err)
	}
	if !equal(r.X, []float64{0, 0, 5, 0, 10, 1, 15, 1}) {
		t.Errorf("values %v", r.X)
	}
	if !r.Dates[3].Equal(d0.AddDate(0, 0, 3)) || r.Label(3, 1) != "b" {
		t.Errorf("date %v label %s", r.Dates[3], r.Label(3, 1))
	}
	_, err = s.Resample([]float64{s.T[0] - 1}, Linear)
	wantErr(t, err, "outside the data's span")
	_, err = s.Resample([]float64{s.T[1], s.T[0]}, Cubic)
	wantErr(t, err, "resampling times must increase")
	s.T[2] = s.T[1]
	_, err = s.Resample(times, Linear)
	wantErr(t, err, "time 2020-01-05 at row 2 is not after 2020-01-03 at row 1")
}
