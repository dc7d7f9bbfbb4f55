package ode

import (
	"fmt"
	"math"

	"github.com/emergo/emergo/system"
)

// DelayFunc is the right-hand side of a delay differential equation
// dx/dt = f(x(t), x(t−τ), t): it writes f(x, xd, t) into dst.
type DelayFunc func(dst, x, xd []float64, t float64)

// History gives the state on the initial interval [−τ, 0]: it writes x(t)
// into dst for t ≤ 0.
type History func(dst []float64, t float64)

// Delay integrates a delay differential equation with a single constant
// delay τ by the method of steps (Hairer, Nørsett & Wanner §II.17) using
// classical RK4 on a grid of step h = τ/m, so that x(t−τ) at the grid
// points is a stored value; the half-step stages use cubic Hermite
// interpolation of the stored solution and its derivative, which keeps
// the method fourth-order. Output at arbitrary sampling times uses the
// same Hermite interpolant. It implements system.System, Setter
// (constant history equal to the new state), Resetter and Sampler.
type Delay struct {
	name string
	n, m int
	tau  float64
	h    float64
	dt   float64
	f    DelayFunc
	hist History

	// Ring buffers of the last m+1 grid states and derivatives; slot
	// (j mod (m+1)) holds grid point j (time j·h relative to t0).
	xs, fs [][]float64
	// fLeft is the history's derivative at t0 (left of the breaking
	// point), used by the interpolant on [t0−h, t0]; fs holds the
	// equation's derivative there.
	fLeft []float64
	j     int64 // index of the newest grid point
	t0    float64
	k     int64 // samples taken
	out   []float64
	// scratch
	xd, xm, tmp, k1, k2, k3, k4 []float64
}

// NewDelay returns a delay system of dimension n with delay tau, grid
// m steps per delay (h = τ/m), sampling interval dt and initial history.
func NewDelay(name string, f DelayFunc, n int, tau float64, m int, dt float64, hist History) (*Delay, error) {
	if !(tau > 0) || math.IsInf(tau, 0) {
		return nil, fmt.Errorf("%s: delay tau must be positive and finite, got %g", name, tau)
	}
	if m < 1 {
		return nil, fmt.Errorf("%s: need at least one grid step per delay, got %d", name, m)
	}
	if !(dt > 0) || math.IsInf(dt, 0) {
		return nil, fmt.Errorf("%s: sampling dt must be positive and finite, got %g", name, dt)
	}
	mk := func() []float64 { return make([]float64, n) }
	d := &Delay{name: name, n: n, m: m, tau: tau, h: tau / float64(m), dt: dt, f: f, hist: hist,
		xs: make([][]float64, m+1), fs: make([][]float64, m+1), out: mk(), fLeft: mk(),
		xd: mk(), xm: mk(), tmp: mk(), k1: mk(), k2: mk(), k3: mk(), k4: mk()}
	for i := range d.xs {
		d.xs[i], d.fs[i] = mk(), mk()
	}
	d.Reset()
	return d, nil
}

func (d *Delay) slot(j int64) int {
	s := int(j % int64(d.m+1))
	if s < 0 {
		s += d.m + 1
	}
	return s
}

// initHistory fills the ring with grid points −m..0 from hist, with
// derivatives by central differences of the history function.
func (d *Delay) initHistory(hist History) {
	eps := 1e-6 * d.h
	for j := int64(-d.m); j <= 0; j++ {
		t := float64(j) * d.h
		s := d.slot(j)
		hist(d.xs[s], d.t0+t)
		hist(d.tmp, d.t0+t+eps)
		if j == 0 {
			hist(d.tmp, d.t0) // one-sided at the right end
			hist(d.xm, d.t0-eps)
			for i := 0; i < d.n; i++ {
				d.fs[s][i] = (d.tmp[i] - d.xm[i]) / eps
			}
			continue
		}
		hist(d.xm, d.t0+t-eps)
		for i := 0; i < d.n; i++ {
			d.fs[s][i] = (d.tmp[i] - d.xm[i]) / (2 * eps)
		}
	}
	d.j = 0
	// The derivative at t0 is the equation's, once the history is known;
	// the history's own (left) derivative is kept for interpolation.
	s0 := d.slot(0)
	copy(d.fLeft, d.fs[s0])
	d.f(d.fs[s0], d.xs[s0], d.xs[d.slot(-int64(d.m))], d.t0)
	copy(d.out, d.xs[s0])
}

// hermite evaluates the cubic Hermite interpolant between grid points a
// and a+1 at fraction θ ∈ [0, 1].
func (d *Delay) hermite(dst []float64, a int64, th float64) {
	x0, x1 := d.xs[d.slot(a)], d.xs[d.slot(a+1)]
	f0, f1 := d.fs[d.slot(a)], d.fs[d.slot(a+1)]
	if a == -1 {
		f1 = d.fLeft // the solution's derivative jumps at the breaking point t0
	}
	h00 := (1 + 2*th) * (1 - th) * (1 - th)
	h10 := th * (1 - th) * (1 - th)
	h01 := th * th * (3 - 2*th)
	h11 := th * th * (th - 1)
	for i := range dst {
		dst[i] = h00*x0[i] + h10*d.h*f0[i] + h01*x1[i] + h11*d.h*f1[i]
	}
}

// gridStep advances from grid point j to j+1.
func (d *Delay) gridStep() {
	n, h := d.n, d.h
	j := d.j
	t := d.t0 + float64(j)*h
	x := d.xs[d.slot(j)]
	// x(t−τ) = grid point j−m; x(t+h/2−τ) by Hermite; x(t+h−τ) = j−m+1.
	d.hermite(d.xm, j-int64(d.m), 0.5)
	xdC := d.xs[d.slot(j-int64(d.m)+1)]
	copy(d.k1, d.fs[d.slot(j)])
	for i := 0; i < n; i++ {
		d.tmp[i] = x[i] + 0.5*h*d.k1[i]
	}
	d.f(d.k2, d.tmp, d.xm, t+0.5*h)
	for i := 0; i < n; i++ {
		d.tmp[i] = x[i] + 0.5*h*d.k2[i]
	}
	d.f(d.k3, d.tmp, d.xm, t+0.5*h)
	for i := 0; i < n; i++ {
		d.tmp[i] = x[i] + h*d.k3[i]
	}
	d.f(d.k4, d.tmp, xdC, t+h)
	// Slot j+1 overwrites slot j−m, which is no longer needed once
	// xdA/xm were used; xdC (slot j−m+1) is still intact.
	ns := d.slot(j + 1)
	xn := d.xs[ns]
	for i := 0; i < n; i++ {
		xn[i] = x[i] + h/6*(d.k1[i]+2*d.k2[i]+2*d.k3[i]+d.k4[i])
	}
	d.j = j + 1
	// Derivative at the new grid point needs x(t+h−τ) = grid j−m+1.
	d.f(d.fs[ns], xn, d.xs[d.slot(d.j-int64(d.m))], t+h)
}

func (d *Delay) Name() string  { return d.name }
func (d *Delay) Dim() int      { return d.n }
func (d *Delay) DT() float64   { return d.dt }
func (d *Delay) Tau() float64  { return d.tau }
func (d *Delay) Time() float64 { return d.t0 + float64(d.k)*d.dt }

func (d *Delay) State(dst []float64) []float64 {
	if len(dst) < d.n {
		dst = make([]float64, d.n)
	}
	copy(dst, d.out)
	return dst[:d.n]
}

// Step advances by one sampling interval.
func (d *Delay) Step() error {
	target := float64(d.k+1) * d.dt // relative to t0
	for float64(d.j)*d.h < target-1e-12*math.Max(1, target) {
		d.gridStep()
	}
	// Interpolate between the grid points around the target.
	a := int64(math.Floor(target / d.h))
	th := (target - float64(a)*d.h) / d.h
	if a >= d.j || (a == d.j-1 && th >= 1-1e-12) {
		copy(d.out, d.xs[d.slot(d.j)])
	} else {
		d.hermite(d.out, a, th)
	}
	d.k++
	for _, v := range d.out {
		if v-v != 0 {
			return system.CheckFinite(d.name, d.Time(), d.out)
		}
	}
	return nil
}

// SetState restarts from x with a constant history x on [t−τ, t].
func (d *Delay) SetState(x []float64) {
	if len(x) != d.n {
		panic(fmt.Sprintf("ode: %s SetState with %d values, want %d", d.name, len(x), d.n))
	}
	c := append([]float64(nil), x...)
	d.t0, d.k = d.Time(), 0
	d.initHistory(func(dst []float64, _ float64) { copy(dst, c) })
}

// Reset restores the initial history at time 0.
func (d *Delay) Reset() {
	d.t0, d.k = 0, 0
	d.initHistory(d.hist)
}
