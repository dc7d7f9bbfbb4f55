package homogenization

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/emergo/emergo/homogenization/internal/gemm64"
)

// ErrorCorrelation returns the m×m matrix of Pearson correlations between
// the columns of errs (rows = instances, columns = models): per-instance
// errors such as 0/1 failures (then it is the φ coefficient), absolute or
// signed residuals. A model whose errors are constant has no correlation:
// its row and column (diagonal included) are NaN. Errors: ErrTooFew
// (fewer than 2 rows), ErrNotFinite.
func ErrorCorrelation(errs *mat.Dense) (*mat.SymDense, error) {
	r, err := rawChecked("errs", errs)
	if err != nil {
		return nil, err
	}
	if r.n < 2 {
		return nil, fmt.Errorf("%w: %d instances, need at least 2", ErrTooFew, r.n)
	}
	m := r.d
	c := centred(r)
	g := make([]float64, m*m)
	gemm64.AtA(m, r.n, c, m, g, m)
	out := mat.NewSymDense(m, nil)
	for i := 0; i < m; i++ {
		for j := i; j < m; j++ {
			v := math.NaN()
			if g[i*m+i] > 0 && g[j*m+j] > 0 {
				v = g[i*m+j] / math.Sqrt(g[i*m+i]*g[j*m+j])
				v = math.Max(-1, math.Min(1, v))
			}
			out.SetSym(i, j, v)
		}
	}
	return out, nil
}

// failureMatrix validates a 0/1 failure matrix (rows = instances, columns
// = models) and returns it as bytes, row-major.
func failureMatrix(fail *mat.Dense) ([]uint8, int, int, error) {
	r, err := rawChecked("fail", fail)
	if err != nil {
		return nil, 0, 0, err
	}
	f := make([]uint8, r.n*r.d)
	for i := 0; i < r.n; i++ {
		for j, v := range r.row(i) {
			switch v {
			case 0:
			case 1:
				f[i*r.d+j] = 1
			default:
				return nil, 0, 0, fmt.Errorf("%w: fail[%d,%d] = %v, want 0 or 1", ErrDegenerate, i, j, v)
			}
		}
	}
	return f, r.n, r.d, nil
}

// PoissonBinomial returns the probability mass function of the number of
// successes among independent Bernoulli trials with success
// probabilities p (len(p)+1 values), by the exact O(m²) recursion
// P_k(j) = P_{k−1}(j)(1−p_k) + P_{k−1}(j−1)p_k (e.g. Chen & Liu 1997).
// It panics when a probability is outside [0, 1].
func PoissonBinomial(p []float64) []float64 {
	pmf := make([]float64, len(p)+1)
	pmf[0] = 1
	for k, pk := range p {
		if !(pk >= 0 && pk <= 1) {
			panic(fmt.Sprintf("homogenization: probability p[%d] = %v outside [0, 1]", k, pk))
		}
		for j := k + 1; j >= 1; j-- {
			pmf[j] = pmf[j]*(1-pk) + pmf[j-1]*pk
		}
		pmf[0] *= 1 - pk
	}
	return pmf
}

// SystemicOptions configures SystemicFailure. Nil means no permutation
// test.
type SystemicOptions struct {
	// Permutations is the number of independence resamples: each model's
	// failure column is shuffled independently across instances, which
	// keeps every model's failure count and destroys any dependence
	// between models. 0 skips the test (the permutation p-values are NaN).
	Permutations int
	// Seed seeds the permutations.
	Seed uint64
}

// Systemic compares the observed distribution of the number of models
// failing each instance with the independence baseline.
type Systemic struct {
	Instances, Models int
	// FailureRate is each model's fraction of failed instances.
	FailureRate []float64
	// Observed[j] is the fraction of instances failed by exactly j models
	// (j = 0…Models); Expected[j] is the Poisson-binomial probability of
	// j failures among independent models with those failure rates.
	Observed, Expected []float64
	// SystemicFailure is Observed[Models], the fraction of instances every
	// model fails (Toups et al.'s systemic failure rate), and
	// ExpectedFailure = ∏ rates its independence value; FailureRatio is
	// their ratio. SystemicSuccess, ExpectedSuccess and SuccessRatio are
	// the same for j = 0 (every model succeeds).
	SystemicFailure, ExpectedFailure, FailureRatio float64
	SystemicSuccess, ExpectedSuccess, SuccessRatio float64
	// Overdispersion is the variance of the per-instance failure count
	// over its independence value Σ r_j(1−r_j): 1 under independence,
	// above 1 when failures are positively correlated (homogeneous
	// outcomes put mass on both ends of the distribution).
	Overdispersion float64
	// ChiSquare is Pearson's statistic of the observed counts against
	// n·Expected, adjacent bins pooled until each expected count is at
	// least 5, with DF = bins − 1 and asymptotic p-value PChiSquare (an
	// approximation: the rates are estimated from the same data; prefer
	// the permutation p-values). DF 0 gives a NaN p-value.
	ChiSquare  float64
	DF         int
	PChiSquare float64
	// Permutation p-values (1 + #{null ≥ observed})/(1 + B), NaN without
	// permutations: of ChiSquare, of the variance of the failure count
	// (one-sided, more homogeneous than independent) and of the number of
	// systemic failures (one-sided).
	PermChiSquare, PermOverdispersion, PermSystemic float64
	Permutations                                    int
}

// SystemicFailure analyses a failure matrix (rows = instances, columns =
// models, entries 0 = success, 1 = failure) at the ecosystem level (Toups
// et al. 2023): the distribution of how many models fail each instance
// against the Poisson-binomial distribution expected if models failed
// independently with their observed rates, the excess of systemic
// failures (all fail) and systemic successes (all succeed), a chi-square
// statistic and, with opt.Permutations > 0, permutation p-values from
// independent per-model shuffles.
//
// Errors: ErrTooFew (no instances or models), ErrNotFinite, ErrDegenerate
// (an entry other than 0 or 1).
func SystemicFailure(fail *mat.Dense, opt *SystemicOptions) (Systemic, error) {
	f, n, m, err := failureMatrix(fail)
	if err != nil {
		return Systemic{}, err
	}
	var o SystemicOptions
	if opt != nil {
		o = *opt
	}
	if o.Permutations < 0 {
		panic(fmt.Sprintf("homogenization: negative permutation count %d", o.Permutations))
	}
	res := Systemic{Instances: n, Models: m, FailureRate: make([]float64, m)}
	colCount := make([]int, m)
	rowCount := make([]int, n)
	for i := 0; i < n; i++ {
		for j := 0; j < m; j++ {
			c := int(f[i*m+j])
			colCount[j] += c
			rowCount[i] += c
		}
	}
	for j, c := range colCount {
		res.FailureRate[j] = float64(c) / float64(n)
	}
	res.Expected = PoissonBinomial(res.FailureRate)
	hist := histogram(rowCount, m)
	res.Observed = make([]float64, m+1)
	for j, h := range hist {
		res.Observed[j] = float64(h) / float64(n)
	}
	res.SystemicFailure, res.ExpectedFailure = res.Observed[m], res.Expected[m]
	res.SystemicSuccess, res.ExpectedSuccess = res.Observed[0], res.Expected[0]
	res.FailureRatio = ratio(res.SystemicFailure, res.ExpectedFailure)
	res.SuccessRatio = ratio(res.SystemicSuccess, res.ExpectedSuccess)
	var indepVar float64
	for _, r := range res.FailureRate {
		indepVar += r * (1 - r)
	}
	obsVar := countVariance(rowCount)
	res.Overdispersion = ratio(obsVar, indepVar)

	bins := poolBins(res.Expected, n)
	chi := chiSquare(hist, res.Expected, n, bins)
	res.ChiSquare, res.DF = chi, len(bins)-1
	res.PChiSquare = math.NaN()
	if res.DF > 0 {
		res.PChiSquare = distuv.ChiSquared{K: float64(res.DF)}.Survival(chi)
	}
	res.PermChiSquare, res.PermOverdispersion, res.PermSystemic = math.NaN(), math.NaN(), math.NaN()
	if o.Permutations == 0 {
		return res, nil
	}
	// Column-major copy for shuffling.
	cols := make([][]uint8, m)
	for j := range cols {
		cols[j] = make([]uint8, n)
		for i := 0; i < n; i++ {
			cols[j][i] = f[i*m+j]
		}
	}
	seeds := make([]uint64, o.Permutations)
	master := rand.New(rand.NewPCG(o.Seed, streamSystemic))
	for b := range seeds {
		seeds[b] = master.Uint64()
	}
	type nullStat struct{ chi, v, sys float64 }
	null := make([]nullStat, o.Permutations)
	parallelFor(o.Permutations, func(b int, _ *[]float64, _ *[]int) {
		rng := rand.New(rand.NewPCG(seeds[b], uint64(b)))
		cnt := make([]int, n)
		col := make([]uint8, n)
		for j := 0; j < m; j++ {
			copy(col, cols[j])
			rng.Shuffle(n, func(a, c int) { col[a], col[c] = col[c], col[a] })
			for i, v := range col {
				cnt[i] += int(v)
			}
		}
		h := histogram(cnt, m)
		null[b] = nullStat{chiSquare(h, res.Expected, n, bins), countVariance(cnt), float64(h[m])}
	})
	var gChi, gVar, gSys int
	obsSys := float64(hist[m])
	for _, s := range null {
		if s.chi >= chi {
			gChi++
		}
		if s.v >= obsVar {
			gVar++
		}
		if s.sys >= obsSys {
			gSys++
		}
	}
	b1 := float64(o.Permutations + 1)
	res.PermChiSquare = float64(gChi+1) / b1
	res.PermOverdispersion = float64(gVar+1) / b1
	res.PermSystemic = float64(gSys+1) / b1
	res.Permutations = o.Permutations
	return res, nil
}

func ratio(a, b float64) float64 {
	if b == 0 {
		if a == 0 {
			return math.NaN()
		}
		return math.Inf(1)
	}
	return a / b
}

func histogram(count []int, m int) []int {
	h := make([]int, m+1)
	for _, c := range count {
		h[c]++
	}
	return h
}

func countVariance(count []int) float64 {
	var s, s2 float64
	for _, c := range count {
		s += float64(c)
		s2 += float64(c) * float64(c)
	}
	n := float64(len(count))
	mean := s / n
	return s2/n - mean*mean
}

// poolBins groups adjacent failure counts 0…m into bins whose expected
// count n·Σpmf is at least 5 (the last short bin joins its neighbour).
// Each bin is [lo, hi] inclusive.
func poolBins(pmf []float64, n int) [][2]int {
	var bins [][2]int
	lo := 0
	var acc float64
	for j, p := range pmf {
		acc += p * float64(n)
		if acc >= 5 {
			bins = append(bins, [2]int{lo, j})
			lo, acc = j+1, 0
		}
	}
	if lo < len(pmf) {
		if len(bins) == 0 {
			bins = append(bins, [2]int{0, len(pmf) - 1})
		} else {
			bins[len(bins)-1][1] = len(pmf) - 1
		}
	}
	return bins
}

func chiSquare(hist []int, pmf []float64, n int, bins [][2]int) float64 {
	var chi float64
	for _, b := range bins {
		var o, e float64
		for j := b[0]; j <= b[1]; j++ {
			o += float64(hist[j])
			e += pmf[j] * float64(n)
		}
		if e > 0 {
			chi += (o - e) * (o - e) / e
		}
	}
	return chi
}

// Outcome holds the outcome homogenization metrics of Bommasani et al.
// (2022). H = 1 when models fail independently; H > 1 when the same
// individuals or groups fail across models.
type Outcome struct {
	// Unif, Avg and Worst are H^unif, H^avg and H^worst.
	Unif, Avg, Worst float64
	// Groups is the number of groups (instances when no groups are given).
	Groups int
	// WorstGroup is the label of the group attaining H^worst (its row
	// index when no groups are given).
	WorstGroup int
	// SystemicRate is the fraction of instances every model fails and
	// IndependentRate = ∏_i fail(h^i) its value under independence.
	SystemicRate, IndependentRate float64
}

// OutcomeHomogenization returns the homogenization metrics of Bommasani,
// Creel, Kumar, Jurafsky & Liang (2022) for k models (columns of fail,
// entries 0 = success, 1 = failure) deployed on the same instances (rows),
// grouped by groups (one integer label per instance; nil makes every
// instance its own group: individual-level homogenization). With
// fail(h^i) model i's failure rate, fail_g(h^i) its failure rate on group
// g and P(g) = n_g/n the frequency of g (the same for every model, since
// they share the instances):
//
//	H^unif  = E_{g uniform}[∏_i fail_g(h^i)] / ∏_i fail(h^i)
//	H^avg   = Σ_g ∏_i P(g)·fail_g(h^i) / (Σ_g ∏_i P(g) · ∏_i fail(h^i))
//	H^worst = max_g ∏_i fail_g(h^i) / ∏_i fail(h^i)
//
// as in the authors' reference implementation
// (github.com/rishibommasani/HomogenizationNeurIPS2022, src/homogenization.py).
// The numerators are systemic failure rates (the chance that one
// individual or group fails under all k models); the denominator is that
// chance if models failed independently, so H = 1 means independence.
// At the individual level H^unif = H^avg = (fraction of instances failed
// by all) / ∏ rates, and H^worst = 1/∏ rates whenever any instance fails
// under every model.
//
// Errors: ErrTooFew, ErrNotFinite, ErrShape (len(groups) ≠ rows),
// ErrDegenerate (an entry other than 0 or 1, or a model that never fails,
// which makes the independence rate zero).
func OutcomeHomogenization(fail *mat.Dense, groups []int) (Outcome, error) {
	f, n, k, err := failureMatrix(fail)
	if err != nil {
		return Outcome{}, err
	}
	if groups != nil && len(groups) != n {
		return Outcome{}, fmt.Errorf("%w: %d group labels for %d instances", ErrShape, len(groups), n)
	}
	// Dense group indices in increasing label order.
	var labels []int
	gi := make([]int, n)
	if groups == nil {
		labels = make([]int, n)
		for i := range labels {
			labels[i], gi[i] = i, i
		}
	} else {
		labels = slices.Clone(groups)
		slices.Sort(labels)
		labels = slices.Compact(labels)
		for i, g := range groups {
			gi[i], _ = slices.BinarySearch(labels, g)
		}
	}
	G := len(labels)
	size := make([]int, G)
	gfail := make([]int, G*k)
	total := make([]int, k)
	var all int
	for i := 0; i < n; i++ {
		g := gi[i]
		size[g]++
		every := true
		for j := 0; j < k; j++ {
			v := int(f[i*k+j])
			gfail[g*k+j] += v
			total[j] += v
			every = every && v == 1
		}
		if every {
			all++
		}
	}
	indep := 1.0
	for j, t := range total {
		if t == 0 {
			return Outcome{}, fmt.Errorf("%w: model %d never fails, so the independent systemic failure rate is 0", ErrDegenerate, j)
		}
		indep *= float64(t) / float64(n)
	}
	// The weights ∏_i P(g) = P(g)^k are scaled by the largest group's,
	// which cancels in H^avg and avoids underflow for many models.
	maxSize := slices.Max(size)
	var sumUnif, numAvg, denAvg float64
	worst, worstG := -1.0, 0
	for g := 0; g < G; g++ {
		prod := 1.0
		for j := 0; j < k; j++ {
			prod *= float64(gfail[g*k+j]) / float64(size[g])
		}
		sumUnif += prod
		pk := math.Exp(float64(k) * math.Log(float64(size[g])/float64(maxSize)))
		numAvg += pk * prod
		denAvg += pk
		if prod > worst {
			worst, worstG = prod, g
		}
	}
	return Outcome{
		Unif:            sumUnif / float64(G) / indep,
		Avg:             numAvg / (denAvg * indep),
		Worst:           worst / indep,
		Groups:          G,
		WorstGroup:      labels[worstG],
		SystemicRate:    float64(all) / float64(n),
		IndependentRate: indep,
	}, nil
}
