package market

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/emergo/emergo/system"
)

// Default parameters of the catalogue Cont-Bouchaud model: 4000 traders
// on a random graph below the percolation threshold (mean cluster size
// 1/(1 − c) = 10), about four clusters trading per step, and a market
// depth giving daily returns of about 1%.
const (
	cbN      = 4000
	cbC      = 0.9
	cbA      = 0.001
	cbLambda = 1000
)

// ContBouchaud is the herding model of Cont & Bouchaud (2000). N traders
// are the vertices of an Erdős-Rényi random graph in which each pair is
// linked with probability c/N; the connected components (clusters) act as
// single traders. Each step every cluster α of size W_α independently buys
// (φ_α = +1) with probability a, sells (φ_α = −1) with probability a or
// stays out (φ_α = 0), and the log return is the aggregate excess demand
// over the market depth λ,
//
//	r = (1/λ) Σ_α W_α φ_α.
//
// The communication graph is drawn afresh every step, so returns are iid.
// Below the percolation threshold (c < 1) the mean size of the cluster of
// a random trader is 1/(1 − c) (Erdős & Rényi 1960), so Var r =
// 2a N/(λ²(1 − c)) for large N. At c → 1 the cluster sizes are power-law
// distributed, n_W ∝ W^{−5/2}, and when few clusters trade per step
// (a·N ≲ 1) the returns inherit this fat tail, P(|r| > x) ∝ x^{−3/2}, cut
// off at the largest cluster ∝ N^{2/3}; for many active clusters they
// approach a Gaussian.
//
// The graph is drawn exactly by geometric skipping over the N(N−1)/2
// pairs (Batagelj & Brandes 2005) and clustered by union-find, O(N + cN)
// per step without allocating. The observation is [r, active, largest]:
// the return, the fraction of traders who traded and the size of the
// largest cluster over N.
//
// References:
//
//	Cont, R. & Bouchaud, J.-P. (2000). Herd behavior and aggregate
//	  fluctuations in financial markets. Macroeconomic Dynamics 4, 170-196.
//	Erdős, P. & Rényi, A. (1960). On the evolution of random graphs. Publ.
//	  Math. Inst. Hung. Acad. Sci. 5, 17-61.
//	Batagelj, V. & Brandes, U. (2005). Efficient generation of large random
//	  networks. Phys. Rev. E 71, 036113.
type ContBouchaud struct {
	n         int
	c, a, lam float64
	invRate   float64 // 1/(−ln(1 − c/N)): geometric skips are ⌊E·invRate⌋, E ~ Exp(1)
	parent    []int32
	size      []int32
	obs       [3]float64
	sumW2     float64 // Σ W_α² of the last graph
	t         float64
	src       *rand.PCG
	src0      rand.PCG
	rng       *rand.Rand
}

// NewContBouchaud returns the model with n traders, mean degree c,
// activity a (probability that a cluster buys, and that it sells; 2a ≤ 1),
// market depth lambda and random seed.
func NewContBouchaud(n int, c, a, lambda float64, seed uint64) (*ContBouchaud, error) {
	const name = "ContBouchaud"
	if n < 2 {
		return nil, fmt.Errorf("%s: N=%d traders must be at least 2", name, n)
	}
	if n > math.MaxInt32 {
		return nil, fmt.Errorf("%s: N=%d traders exceeds %d", name, n, math.MaxInt32)
	}
	if !(c >= 0 && c <= float64(n)) {
		return nil, fmt.Errorf("%s: mean degree c=%v must be in [0, N]", name, c)
	}
	if !(a >= 0 && a <= 0.5) {
		return nil, fmt.Errorf("%s: activity a=%v must be in [0, 0.5] (each cluster buys and sells with probability a)", name, a)
	}
	if !(lambda > 0) || math.IsInf(lambda, 0) {
		return nil, fmt.Errorf("%s: market depth lambda=%v must be positive and finite", name, lambda)
	}
	m := &ContBouchaud{n: n, c: c, a: a, lam: lambda, invRate: -1 / math.Log1p(-c/float64(n)),
		parent: make([]int32, n), size: make([]int32, n), src: rand.NewPCG(seed, streamContBouchaud)}
	m.src0 = *m.src
	m.rng = rand.New(m.src)
	return m, nil
}

// Name returns "ContBouchaud".
func (m *ContBouchaud) Name() string { return "ContBouchaud" }

// Dim is 3.
func (m *ContBouchaud) Dim() int { return 3 }

// Time is the number of steps taken.
func (m *ContBouchaud) Time() float64 { return m.t }

// IsDiscrete reports true: each step is one round of trading.
func (m *ContBouchaud) IsDiscrete() bool { return true }

// SumSquaredSizes is Σ_α W_α² over the clusters of the last graph drawn
// (N times the mean size of the cluster containing a random trader).
func (m *ContBouchaud) SumSquaredSizes() float64 { return m.sumW2 }

// State writes [r, active fraction, largest cluster fraction] into dst.
func (m *ContBouchaud) State(dst []float64) []float64 {
	if len(dst) < 3 {
		dst = make([]float64, 3)
	}
	copy(dst, m.obs[:])
	return dst[:3]
}

// Reset restores time zero, the zero observation and the seeded stream.
func (m *ContBouchaud) Reset() {
	m.obs = [3]float64{}
	m.sumW2 = 0
	m.t = 0
	*m.src = m.src0
}

func (m *ContBouchaud) find(i int32) int32 {
	for m.parent[i] != i {
		m.parent[i] = m.parent[m.parent[i]] // path halving
		i = m.parent[i]
	}
	return i
}

func (m *ContBouchaud) union(i, j int32) {
	ri, rj := m.find(i), m.find(j)
	if ri == rj {
		return
	}
	if m.size[ri] < m.size[rj] {
		ri, rj = rj, ri
	}
	m.parent[rj] = ri
	m.size[ri] += m.size[rj]
}

// Step draws a new communication graph and one round of cluster trades.
func (m *ContBouchaud) Step() error {
	n := m.n
	for i := range m.parent {
		m.parent[i] = int32(i)
		m.size[i] = 1
	}
	// G(N, p) by geometric skipping over the pairs (w, v), w < v, in
	// lexicographic order of v then w (Batagelj & Brandes 2005).
	if m.c > 0 {
		if m.invRate == 0 { // c = N: complete graph
			for i := 1; i < n; i++ {
				m.union(0, int32(i))
			}
		} else {
			v, w := 1, -1
			for v < n {
				skip := math.Floor(m.rng.ExpFloat64() * m.invRate)
				w += 1 + int(min(skip, float64(n)*float64(n)))
				for w >= v && v < n {
					w -= v
					v++
				}
				if v < n {
					m.union(int32(v), int32(w))
				}
			}
		}
	}
	var demand, active, sum2 float64
	largest := int32(0)
	for i := 0; i < n; i++ {
		if m.parent[i] != int32(i) {
			continue
		}
		s := m.size[i]
		fs := float64(s)
		sum2 += fs * fs
		if s > largest {
			largest = s
		}
		u := m.rng.Float64()
		switch {
		case u < m.a:
			demand += fs
			active += fs
		case u < 2*m.a:
			demand -= fs
			active += fs
		}
	}
	m.sumW2 = sum2
	m.obs[0] = demand / m.lam
	m.obs[1] = active / float64(n)
	m.obs[2] = float64(largest) / float64(n)
	m.t++
	return nil
}

func init() {
	system.Register(system.Entry{
		Info: system.Info{
			Name:     "ContBouchaud",
			Category: system.CatMarket,
			Dim:      3,
			Params: []system.Param{
				{Name: "N", Default: cbN, Min: 2, Max: 1e8, Integer: true, Doc: "number of traders"},
				{Name: "c", Default: cbC, Min: 0, Max: 1e3, Doc: "mean degree of the random communication graph (percolation at c = 1)"},
				{Name: "a", Default: cbA, Min: 0, Max: 0.5, Doc: "probability that a cluster buys (and that it sells) each step"},
				{Name: "lambda", Default: cbLambda, Min: 1e-9, Max: 1e12, Doc: "market depth λ: r = Σ W φ / λ"},
			},
			DT:       1,
			Citation: "R. Cont & J.-P. Bouchaud, Herd behavior and aggregate fluctuations in financial markets, Macroeconomic Dynamics 4, 170-196 (2000)",
			Description: "Cont-Bouchaud herding market: traders on an Erdős-Rényi graph (mean degree c) trade in clusters; " +
				"each cluster buys or sells with probability a; return = aggregate demand / λ. Fat tails near percolation.",
			Observables: []string{"log_return", "active_fraction", "largest_cluster_fraction"},
			Invariants: []system.Invariant{
				{Name: "return_variance", Values: []float64{2 * cbA * cbN / (cbLambda * cbLambda * (1 - cbC))},
					Source: "2aN/(λ²(1 − c)) from the mean cluster size 1/(1 − c) of G(N, c/N), c < 1, N → ∞ (Erdős & Rényi 1960; Cont & Bouchaud 2000)"},
			},
			Stochastic: true,
			Discrete:   true,
		},
		Build: func(c system.Config) (system.System, error) {
			return NewContBouchaud(int(c.Params["N"]), c.Params["c"], c.Params["a"], c.Params["lambda"], c.Seed)
		},
	})
}
