package chaos

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"

	"github.com/emergo/emergo/system"
	"github.com/emergo/emergo/system/ode"
)

// Tangent is a system that carries k deviation vectors along its
// trajectory: Q (row-major n×k, columns are the vectors) evolves by the
// linearised dynamics. *ode.Tangent (flows) and *system.MapTangent (maps)
// implement it.
type Tangent interface {
	system.System
	// K is the number of deviation vectors.
	K() int
	// Deviations copies Q into dst (allocating when dst is short).
	Deviations(dst []float64) []float64
	// SetDeviations overwrites Q.
	SetDeviations(q []float64)
}

// SpectrumOptions tunes LyapunovSpectrum. The zero value (or nil) gives
// the defaults documented on each field.
type SpectrumOptions struct {
	// K is the number of exponents, 1 ≤ K ≤ Dim (0: Dim).
	K int
	// Transient is the time (model units; iterations for maps) run with
	// renormalisation but without averaging, so the state settles on the
	// attractor and Q aligns with the Lyapunov vectors (0: 100 for flows,
	// 1000 iterations for maps; negative: none beyond the single first
	// step, which is never averaged).
	Transient float64
	// Time is the averaging time after the transient (0: 1000 for flows,
	// 10^5 iterations for maps).
	Time float64
	// Renorm is the number of sampling steps between QR
	// re-orthonormalisations (0: 1). Larger values are cheaper for flows
	// but lose accuracy in the most contracting directions once
	// exp((λ1−λk)·Renorm·dt) approaches 1/ε_machine.
	Renorm int
	// DT is the sampling step of flows (0: the system's own, see
	// system.Sampler). Ignored for maps and for Tangent inputs.
	DT float64
	// ODE selects the integrator of the tangent flow (nil: DOPRI5 with
	// rtol = atol = 1e-9).
	ODE *ode.Options
	// Blocks is the number of equal blocks the averaging time is split
	// into for the standard error (0: 10; at least 2).
	Blocks int
	// Progress, when not nil, is called about every 1% of the steps
	// (transient included) and once at the end. The context is checked
	// at every step.
	Progress system.Progress
}

// Spectrum is the result of LyapunovSpectrum.
type Spectrum struct {
	// Exponents λ1 ≥ … ≥ λk in inverse model time units (per iteration
	// for maps), natural logarithms.
	Exponents []float64
	// StdErr is the standard error of each exponent from the spread of
	// the Blocks block averages: sd(block means)/√Blocks.
	StdErr []float64
	// Spread is, for each exponent, max − min of the running estimate
	// λ(t) over the last half of the averaging time (sampled at each
	// renormalisation): a convergence diagnostic independent of StdErr.
	Spread []float64
	// Time is the averaging time and Steps the number of sampling steps
	// it took (transient excluded).
	Time  float64
	Steps int
}

// KaplanYorke returns the Kaplan-Yorke dimension of s.Exponents.
func (s *Spectrum) KaplanYorke() float64 { return KaplanYorke(s.Exponents) }

// LyapunovSpectrum estimates the k largest Lyapunov exponents of sys by
// the standard method of Benettin et al. (1980) and Shimada & Nagashima
// (1979): the state and k deviation vectors Q are evolved together
// (dQ/dt = J(x)Q for flows, Q ← J(x)Q for maps); every Renorm steps Q is
// re-orthonormalised by the QR decomposition Q = Q'R (modified
// Gram-Schmidt) and
//
//	λ_i = (1/T) Σ ln R_ii
//
// over the averaging time T, after a transient with renormalisation but
// no averaging.
//
// sys may be a Tangent (used as is, from its current state and
// deviations), a discrete map implementing system.Field (iterated with
// system.NewMapTangent, analytic Jacobian when it has one), or a flow
// implementing system.Field (integrated with ode.NewTangentOf: analytic
// Jacobian when available, otherwise directional finite differences).
// sys itself is not advanced; the tangent copy starts from its current
// state.
//
// It returns an error for a system without tangent dynamics, for K
// outside [1, Dim], for a diverging trajectory (*system.DivergedError),
// for a collapsed deviation vector (R_ii = 0, e.g. a map with a singular
// Jacobian) and with ctx.Err() when ctx is cancelled.
//
// References:
//
//	Benettin, G., Galgani, L., Giorgilli, A. & Strelcyn, J.-M. (1980).
//	  Lyapunov characteristic exponents for smooth dynamical systems and
//	  for Hamiltonian systems; a method for computing all of them.
//	  Meccanica 15, 9-20 and 21-30.
//	Shimada, I. & Nagashima, T. (1979). A numerical approach to ergodic
//	  problem of dissipative dynamical systems. Prog. Theor. Phys. 61,
//	  1605-1616.
//	Wolf, A., Swift, J. B., Swinney, H. L. & Vastano, J. A. (1985).
//	  Determining Lyapunov exponents from a time series. Physica D 16,
//	  285-317.
func LyapunovSpectrum(ctx context.Context, sys system.System, opt *SpectrumOptions) (*Spectrum, error) {
	var o SpectrumOptions
	if opt != nil {
		o = *opt
	}
	if tg, ok := sys.(Tangent); ok {
		return SpectrumTangent(ctx, tg, opt)
	}
	n := sys.Dim()
	if o.K == 0 {
		o.K = n
	}
	if o.K < 1 || o.K > n {
		return nil, fmt.Errorf("chaos: LyapunovSpectrum: number of exponents k=%d must be in [1, %d] (the system's dimension)", o.K, n)
	}
	if _, ok := sys.(system.Field); !ok {
		return nil, fmt.Errorf("chaos: LyapunovSpectrum: %T has no tangent dynamics (it implements neither system.Field nor chaos.Tangent)", sys)
	}
	var tg Tangent
	if system.IsDiscrete(sys) {
		mt, err := system.NewMapTangent(sys, o.K)
		if err != nil {
			return nil, fmt.Errorf("chaos: LyapunovSpectrum: %w", err)
		}
		tg = mt
	} else {
		ft, err := ode.NewTangentOf(sys, o.K, o.DT, o.ODE)
		if err != nil {
			return nil, fmt.Errorf("chaos: LyapunovSpectrum: %w", err)
		}
		tg = ft
	}
	o.K = 0 // the tangent's own K is used
	return SpectrumTangent(ctx, tg, &o)
}

// SpectrumTangent runs the Benettin/QR algorithm of LyapunovSpectrum on
// a tangent system, from its current state and deviations (which it
// advances and overwrites). opt.K, when set, must equal tg.K(); DT and
// ODE are ignored. Time is measured by tg.Time(), so maps and flows are
// handled alike.
func SpectrumTangent(ctx context.Context, tg Tangent, opt *SpectrumOptions) (*Spectrum, error) {
	var o SpectrumOptions
	if opt != nil {
		o = *opt
	}
	n, k := tg.Dim(), tg.K()
	if o.K != 0 && o.K != k {
		return nil, fmt.Errorf("chaos: SpectrumTangent: options ask for k=%d exponents but the tangent system carries %d deviation vectors", o.K, k)
	}
	if k < 1 || k > n {
		return nil, fmt.Errorf("chaos: SpectrumTangent: number of exponents k=%d must be in [1, %d]", k, n)
	}
	discrete := system.IsDiscrete(tg)
	if o.Transient == 0 {
		o.Transient = 100
		if discrete {
			o.Transient = 1000
		}
	}
	if o.Time == 0 {
		o.Time = 1000
		if discrete {
			o.Time = 1e5
		}
	}
	if o.Renorm == 0 {
		o.Renorm = 1
	}
	if o.Blocks == 0 {
		o.Blocks = 10
	}
	switch {
	case math.IsNaN(o.Transient) || math.IsInf(o.Transient, 0):
		return nil, fmt.Errorf("chaos: SpectrumTangent: transient %v must be finite", o.Transient)
	case !(o.Time > 0) || math.IsInf(o.Time, 0):
		return nil, fmt.Errorf("chaos: SpectrumTangent: averaging time %v must be positive and finite", o.Time)
	case o.Renorm < 1:
		return nil, fmt.Errorf("chaos: SpectrumTangent: renormalisation interval %d must be ≥ 1 step", o.Renorm)
	case o.Blocks < 2:
		return nil, fmt.Errorf("chaos: SpectrumTangent: need at least 2 blocks for the standard error, got %d", o.Blocks)
	}

	// Take one step to measure the sampling interval, from which the step
	// counts follow; this step is never averaged.
	q := tg.Deviations(nil)
	rdiag := make([]float64, k)
	t0 := tg.Time()
	if err := tg.Step(); err != nil {
		return nil, err
	}
	h := tg.Time() - t0
	if !(h > 0) {
		return nil, fmt.Errorf("chaos: SpectrumTangent: the system's time does not advance (step %v)", h)
	}
	if err := orthonormalise(tg, q, rdiag, n, k); err != nil {
		return nil, err
	}
	trSteps := max(int(math.Ceil(o.Transient/h-1e-9)), 1)
	avSteps := int(math.Ceil(o.Time/h - 1e-9))
	avSteps = max(avSteps, o.Renorm*o.Blocks)
	// Round the averaging steps to whole renormalisation intervals.
	avSteps = (avSteps + o.Renorm - 1) / o.Renorm * o.Renorm
	total := trSteps + avSteps
	every := max(total/100, 1)
	done := 1

	tick := func() error {
		done++
		if err := ctx.Err(); err != nil {
			return err
		}
		if o.Progress != nil && done%every == 0 {
			o.Progress(min(done, total), total)
		}
		return nil
	}

	// Transient: renormalise but do not average.
	for s := 1; s < trSteps; s++ {
		if err := tg.Step(); err != nil {
			return nil, err
		}
		if s%o.Renorm == 0 {
			if err := orthonormalise(tg, q, rdiag, n, k); err != nil {
				return nil, err
			}
		}
		if err := tick(); err != nil {
			return nil, err
		}
	}
	if err := orthonormalise(tg, q, rdiag, n, k); err != nil {
		return nil, err
	}

	nren := avSteps / o.Renorm
	sum := make([]float64, k)
	blockSum := make([]float64, k)
	blocks := make([][]float64, 0, o.Blocks)
	lo := make([]float64, k)
	hi := make([]float64, k)
	for i := range lo {
		lo[i], hi[i] = math.Inf(1), math.Inf(-1)
	}
	tStart := tg.Time()
	tBlock := tStart
	blk := 0
	for r := 1; r <= nren; r++ {
		for s := 0; s < o.Renorm; s++ {
			if err := tg.Step(); err != nil {
				return nil, err
			}
			if err := tick(); err != nil {
				return nil, err
			}
		}
		if err := orthonormalise(tg, q, rdiag, n, k); err != nil {
			return nil, err
		}
		for i, v := range rdiag {
			l := math.Log(v)
			sum[i] += l
			blockSum[i] += l
		}
		el := tg.Time() - tStart
		if 2*r > nren {
			for i := range sum {
				v := sum[i] / el
				lo[i] = math.Min(lo[i], v)
				hi[i] = math.Max(hi[i], v)
			}
		}
		// Block boundaries at equal numbers of renormalisations.
		if r*o.Blocks >= (blk+1)*nren {
			bt := tg.Time() - tBlock
			b := make([]float64, k)
			for i := range b {
				b[i] = blockSum[i] / bt
				blockSum[i] = 0
			}
			blocks = append(blocks, b)
			tBlock = tg.Time()
			blk++
		}
	}
	T := tg.Time() - tStart
	res := &Spectrum{Exponents: make([]float64, k), StdErr: make([]float64, k), Spread: make([]float64, k), Time: T, Steps: avSteps}
	col := make([]float64, len(blocks))
	for i := 0; i < k; i++ {
		res.Exponents[i] = sum[i] / T
		for b := range blocks {
			col[b] = blocks[b][i]
		}
		res.StdErr[i] = sampleStd(col) / math.Sqrt(float64(len(col)))
		res.Spread[i] = hi[i] - lo[i]
	}
	if o.Progress != nil {
		o.Progress(total, total)
	}
	return res, nil
}

// errCollapsed reports a deviation vector with zero norm after QR.
var errCollapsed = errors.New("chaos: a deviation vector collapsed to zero (singular Jacobian, or an exponent of −∞); Lyapunov exponents are undefined along this orbit")

// orthonormalise reads Q from tg, replaces it by the Q factor of its
// modified Gram-Schmidt QR decomposition and writes R's diagonal into
// rdiag.
func orthonormalise(tg Tangent, q, rdiag []float64, n, k int) error {
	tg.Deviations(q)
	if err := mgs(q, rdiag, n, k); err != nil {
		return fmt.Errorf("%w (t=%g)", err, tg.Time())
	}
	tg.SetDeviations(q)
	return nil
}

// mgs orthonormalises the k columns of the row-major n×k matrix q in
// place by modified Gram-Schmidt and stores the norms (R's diagonal,
// positive) in rdiag. A second orthogonalisation pass against the
// previous columns ("twice is enough", Giraud et al. 2005) keeps Q
// orthonormal to rounding even for nearly dependent columns.
func mgs(q, rdiag []float64, n, k int) error {
	for c := 0; c < k; c++ {
		for pass := 0; pass < 2; pass++ {
			for p := 0; p < c; p++ {
				var dot float64
				for i := 0; i < n; i++ {
					dot += q[i*k+p] * q[i*k+c]
				}
				for i := 0; i < n; i++ {
					q[i*k+c] -= dot * q[i*k+p]
				}
			}
		}
		var nrm float64
		for i := 0; i < n; i++ {
			nrm += q[i*k+c] * q[i*k+c]
		}
		nrm = math.Sqrt(nrm)
		if !(nrm > 0) || math.IsInf(nrm, 0) {
			return errCollapsed
		}
		rdiag[c] = nrm
		inv := 1 / nrm
		for i := 0; i < n; i++ {
			q[i*k+c] *= inv
		}
	}
	return nil
}

// KaplanYorke returns the Kaplan-Yorke (Lyapunov) dimension of a
// spectrum:
//
//	D_KY = j + (λ1 + … + λj) / |λ_{j+1}|,
//
// where the exponents are sorted in decreasing order and j is the largest
// index with λ1 + … + λj ≥ 0. It is 0 when λ1 < 0 and len(lambda) when
// every partial sum is non-negative (the spectrum given is too short to
// bound the dimension). lambda is not modified.
//
// References:
//
//	Kaplan, J. L. & Yorke, J. A. (1979). Chaotic behavior of
//	  multidimensional difference equations. Lecture Notes in Mathematics
//	  730, 204-227.
//	Frederickson, P., Kaplan, J. L., Yorke, E. D. & Yorke, J. A. (1983).
//	  The Liapunov dimension of strange attractors. J. Differential
//	  Equations 49, 185-207.
func KaplanYorke(lambda []float64) float64 {
	l := append([]float64(nil), lambda...)
	sort.Sort(sort.Reverse(sort.Float64Slice(l)))
	var s float64
	for j, v := range l {
		if s+v < 0 {
			return float64(j) + s/math.Abs(v)
		}
		s += v
	}
	return float64(len(l))
}
