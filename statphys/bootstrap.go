package statphys

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/emergo/emergo/system"
)

// DefaultReplicates is the default number of bootstrap replicates. CSN
// (§4.1) note that n replicates give the p-value to within about
// 1/(2√n): 0.016 for 1000 (2500 give 0.01).
const DefaultReplicates = 1000

// BootstrapOptions controls GoodnessOfFit. The zero value runs
// DefaultReplicates replicates with seed 0 on GOMAXPROCS workers.
type BootstrapOptions struct {
	Replicates int    // 0: DefaultReplicates
	Seed       uint64 // base seed; replicate r draws from its own stream
	// Workers is the number of goroutines (0: runtime.GOMAXPROCS). The
	// result does not depend on it.
	Workers int
	// Progress, when not nil, receives the number of finished replicates
	// about every 1% of the work, from one goroutine at a time.
	Progress system.Progress
}

// GoodnessOfFit is the outcome of the semi-parametric bootstrap.
type GoodnessOfFit struct {
	// P is the fraction of replicates whose KS distance is at least the
	// observed one.
	P          float64
	Replicates int // replicates that produced a fit
	// Failed counts replicates with no admissible candidate xmin; they
	// are left out of P.
	Failed int
	// KS, Alpha and Xmin are each replicate's fitted values, in replicate
	// order (NaN for failed replicates). Their spread estimates the
	// uncertainty of α and xmin (CSN §3.5).
	KS, Alpha, Xmin []float64
}

// Bootstrap streams: the second PCG word of replicate r is derived from
// this constant, the first from the seed, both mixed by splitmix64.
const streamBootstrap = 0x5a4d_9117_b7d2_0001

// splitmix64 is Steele, Lea & Flood's (2014) 64-bit mixing function.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// replicateSeed returns the PCG words of stream r under seed.
func replicateSeed(seed uint64, r int, stream uint64) (uint64, uint64) {
	a := splitmix64(seed ^ splitmix64(uint64(r)+stream))
	return a, splitmix64(a ^ stream)
}

// GoodnessOfFit computes the CSN goodness-of-fit p-value of the fit by
// the semi-parametric bootstrap (CSN §4.1): each replicate draws N values,
// each with probability NTail/N from the fitted power law above Xmin and
// otherwise uniformly from the observed values below Xmin, refits it by
// the same procedure (xmin scan with the fit's options, or the same fixed
// xmin) and records its KS distance. P is the fraction of replicates
// whose distance is ≥ the observed KS (CSN reject the power law when
// P ≤ 0.1). It also stores P in f.P.
//
// Continuous power-law values are xmin·(1−u)^(−1/(α−1)). Discrete ones are
// exact: the smallest x with P(X ≥ x+1) < u, found in a table of
// ζ(α, x)/ζ(α, xmin) for the first 4096 integers and beyond it from
// CSN's approximation ⌊(xmin−½)(1−u)^(−1/(α−1)) + ½⌋ (eq. D.6) corrected
// by direct evaluation of ζ.
//
// Replicate r draws from its own PCG stream seeded from (Seed, r); the
// replicates run on Workers goroutines, and the result is the same for
// any number of workers. It returns ctx.Err() when ctx is cancelled.
//
// References:
//
//	Clauset, Shalizi & Newman (2009), SIAM Review 51, 661-703, §4.1 and
//	  Appendix D.
func (f *PowerLaw) GoodnessOfFit(ctx context.Context, opt *BootstrapOptions) (*GoodnessOfFit, error) {
	var o BootstrapOptions
	if opt != nil {
		o = *opt
	}
	if o.Replicates < 0 {
		return nil, fmt.Errorf("statphys: GoodnessOfFit: negative number of replicates %d", o.Replicates)
	}
	if o.Replicates == 0 {
		o.Replicates = DefaultReplicates
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	o.Workers = min(o.Workers, o.Replicates)
	nrep := o.Replicates
	g := &GoodnessOfFit{KS: make([]float64, nrep), Alpha: make([]float64, nrep), Xmin: make([]float64, nrep)}
	body := f.data[:f.N-f.NTail]
	var ds *discreteSampler
	if f.Discrete {
		ds = newDiscreteSampler(f.Alpha, f.Xmin, f.Xmax)
	}
	var next atomic.Int64
	done := make(chan struct{}, nrep)
	var wg sync.WaitGroup
	errs := make([]error, o.Workers)
	for w := 0; w < o.Workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			sc := newScanner(f.Discrete, f.opt.Xmax)
			buf := make([]float64, f.N)
			src := rand.NewPCG(0, 0)
			rng := rand.New(src)
			ptail := float64(f.NTail) / float64(f.N)
			expo := -1 / (f.Alpha - 1)
			c, l := f.Alpha-1, math.Log(f.Xmax/f.Xmin)
			trunc := !math.IsInf(f.Xmax, 1)
			em := -math.Expm1(-c * l)
			for {
				r := int(next.Add(1) - 1)
				if r >= nrep {
					return
				}
				if err := ctx.Err(); err != nil {
					errs[w] = err
					return
				}
				src.Seed(replicateSeed(o.Seed, r, streamBootstrap))
				for i := range buf {
					if len(body) > 0 && rng.Float64() >= ptail {
						buf[i] = body[rng.IntN(len(body))]
						continue
					}
					u := 1 - rng.Float64() // (0, 1]
					switch {
					case ds != nil:
						buf[i] = ds.draw(u)
					case trunc:
						// Inverse of the truncated CDF (1 − e^(−cy))/(1 − e^(−cL)).
						y := (1 - u) * l
						if math.Abs(c*l) >= 1e-12 {
							y = -math.Log1p(-(1-u)*em) / c
						}
						buf[i] = min(f.Xmin*math.Exp(y), f.Xmax)
					default:
						buf[i] = f.Xmin * math.Pow(u, expo)
					}
				}
				slices.Sort(buf)
				sc.load(buf)
				res, err := sc.fit(&f.opt)
				if err != nil {
					g.KS[r], g.Alpha[r], g.Xmin[r] = math.NaN(), math.NaN(), math.NaN()
				} else {
					g.KS[r], g.Alpha[r], g.Xmin[r] = res.ks, res.alpha, res.xmin
				}
				done <- struct{}{}
			}
		}(w)
	}
	finished := make(chan struct{})
	go func() { wg.Wait(); close(finished) }()
	every := max(nrep/100, 1)
	count, reported := 0, 0
loop:
	for {
		select {
		case <-done:
			count++
			if o.Progress != nil && (count%every == 0 || count == nrep) {
				o.Progress(count, nrep)
				reported = count
			}
		case <-finished:
			break loop
		}
	}
	for range len(done) { // drain replicates finished after the last receive
		<-done
		count++
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	if o.Progress != nil && count != reported {
		o.Progress(count, nrep)
	}
	var ge int
	for _, d := range g.KS {
		if math.IsNaN(d) {
			g.Failed++
			continue
		}
		g.Replicates++
		if d >= f.KS {
			ge++
		}
	}
	g.P = math.NaN()
	if g.Replicates > 0 {
		g.P = float64(ge) / float64(g.Replicates)
	}
	f.P = g.P
	return g, nil
}

// discreteSampler draws from the discrete power law on xmin ≤ x ≤ xmax
// (xmax may be +Inf).
type discreteSampler struct {
	alpha, xmin, xmax, z0 float64
	// tail[k] = P(X ≥ xmin+k) for k < len(tail).
	tail []float64
}

const samplerTable = 4096

func newDiscreteSampler(alpha, xmin, xmax float64) *discreteSampler {
	z0, _, _ := powSum(alpha, xmin, xmax, false)
	ds := &discreteSampler{alpha: alpha, xmin: xmin, xmax: xmax, z0: z0}
	size := samplerTable
	if r := xmax - xmin + 1; r < float64(size) {
		size = int(r)
	}
	ds.tail = make([]float64, size)
	for k := range ds.tail {
		if k%64 == 0 {
			t, _, _ := powSum(alpha, xmin+float64(k), xmax, false)
			ds.tail[k] = t / z0
			continue
		}
		x := xmin + float64(k-1)
		ds.tail[k] = ds.tail[k-1] - math.Pow(x, -alpha)/z0
	}
	return ds
}

// ccdf is P(X ≥ x).
func (ds *discreteSampler) ccdf(x float64) float64 {
	if x > ds.xmax {
		return 0
	}
	if k := x - ds.xmin; k < float64(len(ds.tail)) {
		return ds.tail[int(k)]
	}
	t, _, _ := powSum(ds.alpha, x, ds.xmax, false)
	return t / ds.z0
}

// draw returns the largest x ≥ xmin with P(X ≥ x) ≥ u, for u ∈ (0, 1].
func (ds *discreteSampler) draw(u float64) float64 {
	t := ds.tail
	if u > t[len(t)-1] {
		// Largest k with t[k] ≥ u (t is decreasing, t[0] = 1).
		lo, hi := 0, len(t)-1 // t[lo] ≥ u > t[hi]
		for hi-lo > 1 {
			mid := (lo + hi) / 2
			if t[mid] >= u {
				lo = mid
			} else {
				hi = mid
			}
		}
		return ds.xmin + float64(lo)
	}
	last := ds.xmin + float64(len(t)-1)
	if !math.IsInf(ds.xmax, 1) {
		// Bisection on the integers of [last, xmax].
		lo, hi := last, ds.xmax+1 // ccdf(lo) ≥ u > ccdf(hi) = 0
		for hi-lo > 1 {
			mid := math.Floor((lo + hi) / 2)
			if ds.ccdf(mid) >= u {
				lo = mid
			} else {
				hi = mid
			}
		}
		return lo
	}
	x := math.Floor((ds.xmin-0.5)*math.Pow(u, -1/(ds.alpha-1)) + 0.5)
	if !(x < 1e15) {
		return x // beyond exact integer arithmetic: keep the approximation
	}
	x = max(x, last)
	for ds.ccdf(x+1) >= u {
		x++
	}
	for x > last && ds.ccdf(x) < u {
		x--
	}
	return x
}

// AnalyzePowerLaw runs the full CSN analysis of x: FitPowerLaw, the
// bootstrap GoodnessOfFit (skipped when boot is not nil and
// boot.Replicates < 0) and the likelihood-ratio tests against every
// Alternative (skipped for truncated fits, opt.Xmax > 0). The returned
// fit carries P and Comparisons.
func AnalyzePowerLaw(ctx context.Context, x []float64, opt *PowerLawOptions, boot *BootstrapOptions) (*PowerLaw, error) {
	f, err := FitPowerLaw(x, opt)
	if err != nil {
		return nil, err
	}
	if boot == nil || boot.Replicates >= 0 {
		if _, err := f.GoodnessOfFit(ctx, boot); err != nil {
			return nil, err
		}
	}
	if math.IsInf(f.Xmax, 1) {
		if _, err := f.CompareAll(); err != nil {
			return nil, err
		}
	}
	return f, nil
}
