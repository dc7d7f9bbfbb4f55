package forecast

import (
	"fmt"
	"math"
)

// This file exposes the internals that online learners (package adapt)
// need to drive a batch-trained model one row at a time: the ESN's
// reservoir and readout, NVAR's polynomial feature vector, and the
// standardisation of a fitted model. Nothing here changes how the models
// are trained or forecast.

// PolyFeatures builds NVAR's feature vector from a linear part:
//
//	O = [O_lin; O_nonlin],
//
// O_nonlin the unique monomials of degree 2..order of the nlin entries of
// O_lin, degree by degree, each degree in lexicographic order of
// nondecreasing index tuples (the order of NVAR.Represent). Order 1 gives
// O_lin alone.
type PolyFeatures struct {
	nlin, order int
	mono        [][]int
}

// NewPolyFeatures returns the feature builder of nlin linear features and
// monomials up to the given order (1..3, as NVAR). It returns an error
// when the feature vector would exceed MaxFeatures.
func NewPolyFeatures(nlin, order int) (*PolyFeatures, error) {
	if nlin < 1 {
		return nil, fmt.Errorf("polynomial features: need at least one linear feature, got %d", nlin)
	}
	if order < 1 || order > 3 {
		return nil, fmt.Errorf("polynomial features: order %d is outside 1..3", order)
	}
	if nf := nlin + countMonomials(nlin, order); nf > MaxFeatures {
		return nil, fmt.Errorf("polynomial features: %d linear features give %d features of order %d, more than %d",
			nlin, nf, order, MaxFeatures)
	}
	return &PolyFeatures{nlin: nlin, order: order, mono: monomials(nlin, order)}, nil
}

// Len is the length of the feature vector, nlin plus the number of
// monomials.
func (p *PolyFeatures) Len() int { return p.nlin + len(p.mono) }

// Eval writes [lin; monomials of lin] into dst (a nil or short dst is
// replaced) and returns it. lin must have nlin values and may alias
// dst[:nlin].
func (p *PolyFeatures) Eval(dst, lin []float64) []float64 {
	if len(lin) != p.nlin {
		panic(fmt.Sprintf("forecast: PolyFeatures.Eval with %d linear values, want %d", len(lin), p.nlin))
	}
	n := p.Len()
	if len(dst) < n {
		dst = make([]float64, n)
	}
	copy(dst, lin)
	for f, idx := range p.mono {
		v := 1.0
		for _, a := range idx {
			v *= dst[a]
		}
		dst[p.nlin+f] = v
	}
	return dst[:n]
}

// Scaling returns copies of the column means and standard deviations
// with which a fitted ESN standardises its inputs, z = (x − μ)/σ.
func (m *ESN) Scaling() (mu, sd []float64, err error) {
	if !m.fitted {
		return nil, nil, errNotFitted("esn")
	}
	return append([]float64(nil), m.sc.mu...), append([]float64(nil), m.sc.sd...), nil
}

// ReadoutWeights returns copies of the fitted readout in standardised
// units: w is NumReadoutFeatures()×dim row-major (feature f, output i)
// and b the dim intercepts, û = b + wᵀφ(r).
func (m *ESN) ReadoutWeights() (w, b []float64, err error) {
	if !m.fitted {
		return nil, nil, errNotFitted("esn")
	}
	return append([]float64(nil), m.wout...), append([]float64(nil), m.bout...), nil
}

// NumReadoutFeatures is the length of φ(r): 2N with squared states, N
// without (0 before Fit).
func (m *ESN) NumReadoutFeatures() int { return m.nf }

// SetReadout replaces the readout of a fitted ESN (w as returned by
// ReadoutWeights, b the intercepts), e.g. with one updated online; the
// reservoir and the standardisation are kept. Predict, Represent and
// Dynamics use the new readout from then on. The values are copied.
func (m *ESN) SetReadout(w, b []float64) error {
	if !m.fitted {
		return errNotFitted("esn")
	}
	if len(w) != m.nf*m.dim || len(b) != m.dim {
		return fmt.Errorf("esn: readout of %d weights and %d intercepts; the model needs %d×%d weights and %d intercepts",
			len(w), len(b), m.nf, m.dim, m.dim)
	}
	for i, v := range w {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("esn: readout weight %d is %v", i, v)
		}
	}
	for i, v := range b {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("esn: readout intercept %d is %v", i, v)
		}
	}
	m.wout = append(m.wout[:0], w...)
	m.bout = append(m.bout[:0], b...)
	return nil
}

// ESNDriver runs a fitted ESN's reservoir one input row at a time, from
// the zero state, with the update of ESN:
//
//	r ← (1 − a) r + a tanh(W r + W_in [1; u]).
//
// It shares the model's (read-only) reservoir, so several drivers of one
// model may run concurrently; a driver itself is not safe for concurrent
// use. Replacing the model's readout (SetReadout) while a driver runs
// changes what Readout returns.
type ESNDriver struct {
	m   *ESN
	buf *esnBuf
	n   int // steps taken since the zero state
}

// Driver returns a driver of the fitted reservoir, at the zero state.
func (m *ESN) Driver() (*ESNDriver, error) {
	if !m.fitted {
		return nil, errNotFitted("esn")
	}
	return &ESNDriver{m: m, buf: m.newBuf()}, nil
}

// Size is the number of reservoir nodes N.
func (d *ESNDriver) Size() int { return d.m.size }

// Dim is the input (and output) dimension.
func (d *ESNDriver) Dim() int { return d.m.dim }

// NumFeatures is the length of φ(r) (NumReadoutFeatures).
func (d *ESNDriver) NumFeatures() int { return d.m.nf }

// Steps is the number of inputs consumed since the zero state; states
// before the model's washout still remember the zero start.
func (d *ESNDriver) Steps() int { return d.n }

// Washout is the model's washout (its context length).
func (d *ESNDriver) Washout() int { return d.m.washout }

// Reset returns the reservoir to the zero state.
func (d *ESNDriver) Reset() { clear(d.buf.r); d.n = 0 }

// Standardize writes (x − μ)/σ with the model's training statistics into
// dst (nil or short: a new slice) and returns it.
func (d *ESNDriver) Standardize(dst, x []float64) []float64 {
	k := d.m.dim
	if len(x) != k {
		panic(fmt.Sprintf("forecast: ESNDriver.Standardize with %d values, want %d", len(x), k))
	}
	if len(dst) < k {
		dst = make([]float64, k)
	}
	d.m.sc.to(dst[:k], x)
	return dst[:k]
}

// Unstandardize writes σz + μ into dst (nil or short: a new slice) and
// returns it.
func (d *ESNDriver) Unstandardize(dst, z []float64) []float64 {
	k := d.m.dim
	if len(z) != k {
		panic(fmt.Sprintf("forecast: ESNDriver.Unstandardize with %d values, want %d", len(z), k))
	}
	if len(dst) < k {
		dst = make([]float64, k)
	}
	d.m.sc.from(dst[:k], z)
	return dst[:k]
}

// Step advances the reservoir with the standardised input u (Dim values).
func (d *ESNDriver) Step(u []float64) {
	if len(u) != d.m.dim {
		panic(fmt.Sprintf("forecast: ESNDriver.Step with %d inputs, want %d", len(u), d.m.dim))
	}
	d.m.update(d.buf.r, u, d.buf.pre)
	d.n++
}

// State writes the reservoir state r (Size values) into dst (nil or
// short: a new slice) and returns it.
func (d *ESNDriver) State(dst []float64) []float64 {
	n := d.m.size
	if len(dst) < n {
		dst = make([]float64, n)
	}
	copy(dst, d.buf.r)
	return dst[:n]
}

// Features writes φ(r) of the current state (NumFeatures values) into
// dst (nil or short: a new slice) and returns it.
func (d *ESNDriver) Features(dst []float64) []float64 {
	n := d.m.nf
	if len(dst) < n {
		dst = make([]float64, n)
	}
	d.m.features(dst[:n], d.buf.r)
	return dst[:n]
}

// Readout writes the model's standardised one-step forecast b + W_outᵀφ(r)
// of the current state into dst (nil or short: a new slice) and returns
// it.
func (d *ESNDriver) Readout(dst []float64) []float64 {
	k := d.m.dim
	if len(dst) < k {
		dst = make([]float64, k)
	}
	d.m.readout(dst[:k], d.buf.r, d.buf.phi)
	return dst[:k]
}
