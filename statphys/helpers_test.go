package statphys

import (
	"math"
	"math/rand/v2"
	"slices"
)

// newRand returns a seeded test generator.
func newRand(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(splitmix64(seed), splitmix64(seed^0x7e57)))
}

// paretoSample draws n continuous power-law values with exponent alpha
// above xmin by inversion.
func paretoSample(r *rand.Rand, n int, alpha, xmin float64) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = xmin * math.Pow(1-r.Float64(), -1/(alpha-1))
	}
	return x
}

// zetaSample draws n discrete power-law values above xmin, exactly.
func zetaSample(r *rand.Rand, n int, alpha, xmin float64) []float64 {
	ds := newDiscreteSampler(alpha, xmin, math.Inf(1))
	x := make([]float64, n)
	for i := range x {
		x[i] = ds.draw(1 - r.Float64())
	}
	return x
}

// bruteFit is the reference CSN scan: every admissible candidate, the
// full KS distance, no pruning.
func bruteFit(x []float64, o PowerLawOptions) plFit {
	best, _ := bruteScan(x, o)
	return best
}

// bruteScan also returns every candidate's exact KS distance, keyed by
// its distinct-value index.
func bruteScan(x []float64, o PowerLawOptions) (plFit, map[int]float64) {
	all := map[int]float64{}
	if o.MinTail <= 0 {
		o.MinTail = DefaultMinTail
	}
	d := slices.Clone(x)
	slices.Sort(d)
	xmax := math.Inf(1)
	if o.Xmax > 0 {
		xmax = o.Xmax
		k, _ := slices.BinarySearch(d, math.Nextafter(xmax, math.Inf(1)))
		d = d[:k]
	}
	sc := newScanner(o.Discrete, o.Xmax)
	sc.load(d)
	u := len(sc.uv)
	best := plFit{ks: math.Inf(1)}
	for q := 0; q <= u-2; q++ {
		m := sc.n - sc.us[q]
		if m < o.MinTail || (o.Xmax > 0 && sc.uv[q] > o.Xmax/10) {
			break
		}
		xmin := sc.uv[q]
		a, s, ll := sc.estimate(q, xmin)
		var dd float64
		for r := q; r < u; r++ {
			lo := float64(sc.us[r]-sc.us[q]) / float64(m)
			hi := float64(sc.us[r+1]-sc.us[q]) / float64(m)
			if o.Discrete {
				z0, _, _ := powSum(a, xmin, xmax, false)
				p := 1.0
				if sc.uv[r] < xmax {
					t, _, _ := powSum(a, sc.uv[r]+1, xmax, false)
					p = 1 - t/z0
				}
				pm := p - math.Pow(sc.uv[r], -a)/z0
				dd = max(dd, math.Abs(hi-p), math.Abs(lo-pm))
			} else {
				var f float64
				if o.Xmax > 0 {
					f = truncCDF(a-1, sc.ul[r]-sc.ul[q], math.Log(xmax/xmin))
				} else {
					f = 1 - math.Exp(-(a-1)*(sc.ul[r]-sc.ul[q]))
				}
				dd = max(dd, f-lo, hi-f)
			}
		}
		all[q] = dd
		if dd < best.ks {
			best = plFit{alpha: a, sigma: s, xmin: xmin, ks: dd, loglik: ll, ntail: m}
		}
	}
	return best, all
}
