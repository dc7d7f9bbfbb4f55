package adapt

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/emergo/emergo/system"
)

// Random streams of the scenario wrappers (the seed is the caller's).
const (
	streamNoise   = 0x6164617074_6e6f69 // observation noise
	streamMissing = 0x6164617074_6d6973 // missing-row draws
)

// noisy adds observation noise to a system (see Noisy).
type noisy struct {
	sys   system.System
	sigma float64
	scale []float64
	seed  uint64
	rng   *rand.Rand
	x     []float64 // clean observation
	eps   []float64 // noise of the current observation
}

// noisySetter is a noisy system whose inner system is a Setter.
type noisySetter struct{ *noisy }

// Noisy wraps sys with additive Gaussian observation noise: the
// observation after each step is x + σ·s∘ε, ε ~ N(0, I) drawn once per
// step (repeated State calls between steps agree), s the per-column
// scale (nil: all ones; AttractorScale measures a system's). The dynamics
// are untouched: the noise enters only what is observed. The result
// implements system.Setter when sys does (SetState sets the clean state
// and keeps the current noise). It panics when sigma is negative or scale
// has the wrong length (programmer misuse).
func Noisy(sys system.System, sigma float64, scale []float64, seed uint64) system.System {
	d := sys.Dim()
	if !(sigma >= 0) || math.IsInf(sigma, 0) {
		panic(fmt.Sprintf("adapt: Noisy with noise level %v", sigma))
	}
	if scale != nil && len(scale) != d {
		panic(fmt.Sprintf("adapt: Noisy with %d scales for a system of dimension %d", len(scale), d))
	}
	s := make([]float64, d)
	for j := range s {
		s[j] = 1
		if scale != nil {
			s[j] = scale[j]
		}
	}
	n := &noisy{sys: sys, sigma: sigma, scale: s, seed: seed, rng: rand.New(rand.NewPCG(seed, streamNoise)),
		x: make([]float64, d), eps: make([]float64, d)}
	n.draw()
	if _, ok := sys.(system.Setter); ok {
		return noisySetter{n}
	}
	return n
}

func (n *noisy) draw() {
	for j := range n.eps {
		n.eps[j] = n.sigma * n.scale[j] * n.rng.NormFloat64()
	}
}

func (n *noisy) Dim() int      { return n.sys.Dim() }
func (n *noisy) Time() float64 { return n.sys.Time() }

func (n *noisy) Step() error {
	if err := n.sys.Step(); err != nil {
		return err
	}
	n.draw()
	return nil
}

func (n *noisy) State(dst []float64) []float64 {
	d := n.sys.Dim()
	if len(dst) < d {
		dst = make([]float64, d)
	}
	dst = n.sys.State(dst[:d])
	for j := range dst {
		dst[j] += n.eps[j]
	}
	return dst
}

func (n noisySetter) SetState(x []float64) { n.sys.(system.Setter).SetState(x) }

// missing hides whole observations at random (see Missing).
type missing struct {
	sys  system.System
	p    float64
	rng  *rand.Rand
	miss bool
}

// missingSetter is a missing system whose inner system is a Setter.
type missingSetter struct{ *missing }

// Missing wraps sys so that each observation (the whole row) is missing,
// all NaN, with probability p, independently at each step. Models in this
// package carry the last observed value forward and do not learn from a
// missing row; Evaluate does not score it. system.Sample treats NaN as
// divergence, so sample the wrapper with SampleRows. The result
// implements system.Setter when sys does. It panics when p is outside
// [0, 1].
func Missing(sys system.System, p float64, seed uint64) system.System {
	if !(p >= 0 && p <= 1) {
		panic(fmt.Sprintf("adapt: Missing with probability %v", p))
	}
	m := &missing{sys: sys, p: p, rng: rand.New(rand.NewPCG(seed, streamMissing))}
	m.miss = m.rng.Float64() < p
	if _, ok := sys.(system.Setter); ok {
		return missingSetter{m}
	}
	return m
}

func (m *missing) Dim() int      { return m.sys.Dim() }
func (m *missing) Time() float64 { return m.sys.Time() }

func (m *missing) Step() error {
	if err := m.sys.Step(); err != nil {
		return err
	}
	m.miss = m.rng.Float64() < m.p
	return nil
}

func (m *missing) State(dst []float64) []float64 {
	dst = m.sys.State(dst)
	if m.miss {
		for j := range dst {
			dst[j] = math.NaN()
		}
	}
	return dst
}

func (m missingSetter) SetState(x []float64) { m.sys.(system.Setter).SetState(x) }

// Drifting is a catalogue system whose parameter follows a linear ramp
// (see Drift).
type Drifting struct {
	entry    *system.Entry
	cfg      system.Config
	param    string
	from, to float64
	start    int
	steps    int
	k        int // steps taken
	cur      system.System
	value    float64 // parameter value of cur
	offset   float64 // time of cur's clock zero when cur cannot set its time
	buf      []float64
}

// Drift returns the catalogue system name (configured by c; c.Params
// must not set param) whose parameter param ramps linearly from `from`
// to `to`: it is `from` for the first start steps, then
//
//	p(k) = from + (to − from)(k − start)/steps,   start ≤ k ≤ start + steps,
//
// during step k (from sample k to k+1), and `to` afterwards. Catalogue
// systems hold their parameters in closures, so at each step of the ramp
// the system is rebuilt at the new value from the current state (and,
// for a non-autonomous flow, the current time): the parameter is
// piecewise constant over each sampling interval, a staircase that
// approximates the linear ramp to within (to − from)/steps. Stochastic
// systems are refused (a rebuild would restart their random stream), as
// are systems whose observation is not their full state (no
// system.Setter) or whose dimension depends on the parameter. Both end
// values are validated against the parameter's range.
//
// Example: Lorenz with ρ from 28 to 150 leaves the chaotic regime for the
// periodic window 145 < ρ < 166 (Sparrow 1982); with the catalogue's β = 2.667
// the orbit at ρ = 150 has four distinct maxima of z.
//
// References:
//
//	Sparrow, C. (1982). The Lorenz Equations: Bifurcations, Chaos, and
//	  Strange Attractors. Springer (periodic windows of the Lorenz system).
func Drift(name, param string, from, to float64, start, steps int, c system.Config) (*Drifting, error) {
	e, err := system.Lookup(name)
	if err != nil {
		return nil, err
	}
	p, ok := e.Info.Param(param)
	if !ok {
		return nil, fmt.Errorf("drift: %s has no parameter %q", e.Info.Name, param)
	}
	if e.Info.Stochastic {
		return nil, fmt.Errorf("drift: %s is stochastic; rebuilding it at each step would restart its random stream", e.Info.Name)
	}
	if start < 0 || steps < 1 {
		return nil, fmt.Errorf("drift: the ramp needs start ≥ 0 and steps ≥ 1, got start=%d steps=%d", start, steps)
	}
	for k := range c.Params {
		if q, ok := e.Info.Param(k); ok && q.Name == p.Name {
			return nil, fmt.Errorf("drift: parameter %s is set in the configuration; the ramp sets it", p.Name)
		}
	}
	params := system.Params{}
	for k, v := range c.Params {
		params[k] = v
	}
	c.Params = params
	d := &Drifting{entry: e, cfg: c, param: p.Name, from: from, to: to, start: start, steps: steps}
	end, err := d.build(to, nil)
	if err != nil {
		return nil, fmt.Errorf("drift: %s=%v: %w", p.Name, to, err)
	}
	cur, err := d.build(from, c.IC)
	if err != nil {
		return nil, fmt.Errorf("drift: %s=%v: %w", p.Name, from, err)
	}
	if _, ok := cur.(system.Setter); !ok {
		return nil, fmt.Errorf("drift: %s does not expose its full state (no SetState); only flows, maps and PDEs can drift", e.Info.Name)
	}
	if end.Dim() != cur.Dim() {
		return nil, fmt.Errorf("drift: %s has dimension %d at %s=%v and %d at %v; the ramp cannot change the dimension",
			e.Info.Name, cur.Dim(), p.Name, from, end.Dim(), to)
	}
	d.cur, d.value, d.buf = cur, from, make([]float64, cur.Dim())
	return d, nil
}

func (d *Drifting) build(v float64, ic []float64) (system.System, error) {
	c := d.cfg
	params := system.Params{}
	for k, x := range d.cfg.Params {
		params[k] = x
	}
	params[d.param] = v
	c.Params = params
	c.IC = ic
	return d.entry.New(c)
}

// Param returns the parameter's name and the value it has during the next
// step.
func (d *Drifting) Param() (name string, value float64) { return d.param, d.valueAt(d.k) }

func (d *Drifting) valueAt(k int) float64 {
	switch {
	case k <= d.start:
		return d.from
	case k >= d.start+d.steps:
		return d.to
	}
	return d.from + (d.to-d.from)*float64(k-d.start)/float64(d.steps)
}

// Dim is the system's dimension.
func (d *Drifting) Dim() int { return d.cur.Dim() }

// Time is the system's time.
func (d *Drifting) Time() float64 { return d.offset + d.cur.Time() }

// State writes the observation.
func (d *Drifting) State(dst []float64) []float64 { return d.cur.State(dst) }

// SetState sets the state of the current system.
func (d *Drifting) SetState(x []float64) { d.cur.(system.Setter).SetState(x) }

// Step rebuilds the system when the parameter has changed, then advances
// it by one sampling interval.
func (d *Drifting) Step() error {
	if v := d.valueAt(d.k); v != d.value {
		t := d.Time()
		x := d.cur.State(d.buf)
		next, err := d.build(v, x)
		if err != nil {
			return fmt.Errorf("drift: rebuilding %s at %s=%v (step %d): %w", d.entry.Info.Name, d.param, v, d.k, err)
		}
		d.offset = 0
		if ts, ok := next.(system.TimeSetter); ok {
			ts.SetTime(t)
		} else {
			d.offset = t - next.Time()
		}
		d.cur, d.value = next, v
	}
	if err := d.cur.Step(); err != nil {
		return err
	}
	d.k++
	return nil
}

// switched runs one system, then another (see Switch).
type switched struct {
	a, b   system.System
	at, k  int
	carry  bool
	tSwap  float64 // time of a at the switch
	tB     float64 // time of b at the switch
	buf    []float64
	active system.System
}

// Switch returns a system that follows a for its first at steps and b
// afterwards: rows 0..at−1 of a sample are a's, rows from at on are b's.
// With carry, b continues from a's state (b must implement system.Setter
// and have a's dimension): at step at, b is set to a's state and stepped,
// so the trajectory is continuous and only the law of motion changes (a
// parameter jump). Without carry, b continues from its own current state
// (for example its attractor after a transient) and row at is b's
// current observation. Time continues from a's time at the switch.
func Switch(a, b system.System, at int, carry bool) (system.System, error) {
	if a.Dim() != b.Dim() {
		return nil, fmt.Errorf("switch: the systems have dimensions %d and %d", a.Dim(), b.Dim())
	}
	if at < 1 {
		return nil, fmt.Errorf("switch: the switch step must be at least 1, got %d", at)
	}
	if _, ok := b.(system.Setter); carry && !ok {
		return nil, fmt.Errorf("switch: carrying the state over needs a second system with SetState")
	}
	return &switched{a: a, b: b, at: at, carry: carry, buf: make([]float64, a.Dim()), active: a}, nil
}

func (s *switched) Dim() int { return s.a.Dim() }

func (s *switched) Time() float64 {
	if s.active == s.a {
		return s.a.Time()
	}
	return s.tSwap + s.b.Time() - s.tB
}

func (s *switched) State(dst []float64) []float64 { return s.active.State(dst) }

func (s *switched) Step() error {
	if s.k+1 == s.at {
		t0 := s.a.Time()
		if s.carry {
			s.b.(system.Setter).SetState(s.a.State(s.buf))
			s.tSwap, s.tB = t0, s.b.Time()
			if err := s.b.Step(); err != nil {
				return err
			}
		} else {
			// Row at is b's current observation, one step of a later.
			if err := s.a.Step(); err != nil {
				return err
			}
			s.tSwap, s.tB = s.a.Time(), s.b.Time()
		}
		s.active = s.b
		s.k++
		return nil
	}
	if err := s.active.Step(); err != nil {
		return err
	}
	s.k++
	return nil
}

// SampleRows records n observations of sys (the current one and n−1 after
// it) after transient steps, like system.Sample but allowing missing
// (NaN) observations; an infinite value or one beyond system.Bound is a
// *system.DivergedError. It checks ctx every 1024 steps.
func SampleRows(ctx context.Context, sys system.System, n, transient int) ([]float64, error) {
	if n < 1 || transient < 0 {
		return nil, fmt.Errorf("sample: need n ≥ 1 and transient ≥ 0, got n=%d transient=%d", n, transient)
	}
	d := sys.Dim()
	for i := 0; i < transient; i++ {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if err := sys.Step(); err != nil {
			return nil, err
		}
	}
	out := make([]float64, n*d)
	for i := 0; i < n; i++ {
		if i > 0 {
			if err := sys.Step(); err != nil {
				return nil, err
			}
		}
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		row := sys.State(out[i*d : (i+1)*d])
		for _, v := range row {
			if math.IsInf(v, 0) || math.Abs(v) > system.Bound {
				return nil, &system.DivergedError{Time: sys.Time(), State: append([]float64(nil), row...)}
			}
		}
	}
	return out, nil
}

// AttractorScale returns the population standard deviation of each
// column of n samples of the catalogue system name (configured by c)
// after transient steps: the scale against which Noisy's noise level and
// Evaluate's errors are measured.
func AttractorScale(ctx context.Context, name string, c system.Config, n, transient int) ([]float64, error) {
	sys, err := system.NewConfig(name, c)
	if err != nil {
		return nil, err
	}
	x, err := SampleRows(ctx, sys, n, transient)
	if err != nil {
		return nil, err
	}
	d := sys.Dim()
	sd := make([]float64, d)
	for j := 0; j < d; j++ {
		var m float64
		for i := 0; i < n; i++ {
			m += x[i*d+j]
		}
		m /= float64(n)
		var ss float64
		for i := 0; i < n; i++ {
			r := x[i*d+j] - m
			ss += r * r
		}
		sd[j] = math.Sqrt(ss / float64(n))
	}
	return sd, nil
}
