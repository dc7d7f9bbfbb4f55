package lattice

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/emergo/emergo/system"
)

// Ising is the two-dimensional Ising model on an L×L square lattice with
// periodic boundaries,
//
//	E = −J Σ_⟨ij⟩ s_i s_j − h Σ_i s_i,   s_i = ±1,
//
// sampled at temperature T (k_B = 1) by Markov-chain Monte Carlo. One Step
// is one sweep:
//
//   - Metropolis (the default): L² single-spin updates visiting the sites
//     in row-major order; a flip with energy change ΔE = 2 s_i (J Σ_nn s_j
//   - h) is accepted with probability min(1, e^(−ΔE/T)), read from a
//     table of the ten possible values.
//   - Wolff: k single-cluster updates (each grows a cluster from a random
//     seed spin, adding aligned neighbours with probability
//     1 − e^(−2J/T), and flips it). k is fixed for the model's lifetime
//     so that a Step flips about L² spins on average: unless given, it is
//     N/⟨C⟩ rounded, with the mean cluster size ⟨C⟩ measured at
//     construction on a scratch copy (its own random stream; 10 sweeps'
//     worth of clusters of warm-up, then 10 of measurement). A fixed k
//     keeps the sampling exact; stopping a Step once L² spins have
//     flipped would not be (the last cluster would be biased large).
//     Wolff needs J ≥ 0 and h = 0.
//
// The initial configuration is all spins up (cold start) unless hot is
// set, when the spins are independent fair coin flips from the seeded
// stream; the cold start avoids the long-lived stripe states a hot start
// can fall into below T_c. The observation is [m, |m|, e]: magnetisation
// per spin, its absolute value and energy per spin.
//
// For L = 2 the periodic neighbours right and left of a site coincide, and
// each such pair is counted twice in E, consistently in every update.
//
// References:
//
//	Metropolis, N., Rosenbluth, A. W., Rosenbluth, M. N., Teller, A. H. &
//	  Teller, E. (1953). Equation of state calculations by fast computing
//	  machines. J. Chem. Phys. 21, 1087-1092.
//	Wolff, U. (1989). Collective Monte Carlo updating for spin systems.
//	  Phys. Rev. Lett. 62, 361-364.
//	Onsager, L. (1944). Crystal statistics. I. Phys. Rev. 65, 117-149.
//	Yang, C. N. (1952). The spontaneous magnetization of a two-dimensional
//	  Ising model. Phys. Rev. 85, 808-816.
//	Kaufman, B. (1949). Crystal statistics. II. Partition function
//	  evaluated by spinor analysis. Phys. Rev. 76, 1232-1243.
type Ising struct {
	l, n    int
	j, t, h float64
	wolff   bool
	hot     bool
	spin    []int8
	nb      []int32

	// Metropolis acceptance thresholds by spin (0: down, 1: up) and
	// neighbour sum (Σ+4)/2; acc marks moves accepted without a draw.
	thr [2][5]uint64
	acc [2][5]bool
	// Wolff bond probability as a threshold.
	padd       uint64
	paddAlways bool
	stack      []int32
	clusters   int // Wolff clusters per Step

	mag, bond int // Σ s_i and Σ_⟨ij⟩ s_i s_j

	seed uint64
	src  *rand.PCG
	rng  *rand.Rand

	steps           int64
	attempts, flips int64
}

// IsingTc is the critical temperature of the square-lattice Ising model
// for J = 1: T_c = 2/ln(1+√2) (Onsager 1944).
var IsingTc = 2 / math.Log(1+math.Sqrt2)

// NewIsing returns an L×L Ising model (L ≥ 2) at temperature t > 0 with
// coupling j and field h. wolff selects cluster updates (which need j ≥ 0
// and h = 0) with an automatically calibrated number of clusters per Step;
// hot selects a random initial configuration.
func NewIsing(l int, j, t, h float64, wolff, hot bool, seed uint64) (*Ising, error) {
	return NewIsingClusters(l, j, t, h, wolff, hot, 0, seed)
}

// NewIsingClusters is NewIsing with the number of Wolff clusters per Step
// given (clusters = 0: calibrated so that a Step flips about L² spins).
func NewIsingClusters(l int, j, t, h float64, wolff, hot bool, clusters int, seed uint64) (*Ising, error) {
	if l < 2 {
		return nil, fmt.Errorf("Ising: side length L=%d must be ≥ 2", l)
	}
	if !(t > 0) || math.IsInf(t, 0) {
		return nil, fmt.Errorf("Ising: temperature T=%v must be positive and finite", t)
	}
	if math.IsNaN(j) || math.IsNaN(h) || math.IsInf(j, 0) || math.IsInf(h, 0) {
		return nil, fmt.Errorf("Ising: J=%v and h=%v must be finite", j, h)
	}
	if clusters < 0 {
		return nil, fmt.Errorf("Ising: clusters=%d must be ≥ 0", clusters)
	}
	if wolff && (j < 0 || h != 0) {
		return nil, fmt.Errorf("Ising: Wolff updates need J ≥ 0 and h = 0 (got J=%v, h=%v); use Metropolis", j, h)
	}
	n := l * l
	src := rand.NewPCG(seed, streamIsing)
	m := &Ising{l: l, n: n, j: j, t: t, h: h, wolff: wolff, hot: hot,
		spin: make([]int8, n), nb: neighbours(l, true), stack: make([]int32, 0, n),
		seed: seed, src: src, rng: rand.New(src)}
	for a, s := range []float64{-1, 1} {
		for b := 0; b < 5; b++ {
			sum := float64(2*b - 4)
			dE := 2 * s * (j*sum + h)
			m.thr[a][b], m.acc[a][b] = probThreshold(math.Exp(-dE / t))
		}
	}
	m.padd, m.paddAlways = probThreshold(-math.Expm1(-2 * j / t))
	m.Reset()
	m.clusters = clusters
	if wolff && clusters == 0 {
		m.clusters = m.calibrate()
	}
	return m, nil
}

// calibrate returns round(N/⟨C⟩), at least 1, from Wolff updates on a
// scratch copy of the initial configuration with its own stream.
func (m *Ising) calibrate() int {
	c := *m
	c.spin = append([]int8(nil), m.spin...)
	c.stack = make([]int32, 0, m.n)
	c.src = rand.NewPCG(m.seed, streamIsing^0xca11b)
	c.rng = rand.New(c.src)
	for done := 0; done < 10*m.n; {
		done += c.cluster()
	}
	count, done := 0, 0
	for done < 10*m.n {
		done += c.cluster()
		count++
	}
	k := int(math.Round(float64(m.n) * float64(count) / float64(done)))
	return max(k, 1)
}

// ClustersPerStep is the number of Wolff clusters flipped by a Step (0
// for Metropolis).
func (m *Ising) ClustersPerStep() int {
	if !m.wolff {
		return 0
	}
	return m.clusters
}

// L returns the side length.
func (m *Ising) L() int { return m.l }

// Dim is 3: m, |m| and e.
func (m *Ising) Dim() int { return 3 }

// Time is the number of sweeps.
func (m *Ising) Time() float64 { return float64(m.steps) }

// IsDiscrete reports true.
func (m *Ising) IsDiscrete() bool { return true }

// Magnetization is Σ s_i / L².
func (m *Ising) Magnetization() float64 { return float64(m.mag) / float64(m.n) }

// Energy is E / L².
func (m *Ising) Energy() float64 {
	return (-m.j*float64(m.bond) - m.h*float64(m.mag)) / float64(m.n)
}

// State writes [m, |m|, e] into dst.
func (m *Ising) State(dst []float64) []float64 {
	mg := m.Magnetization()
	return stateInto(dst, mg, math.Abs(mg), m.Energy())
}

// Spin returns s at (x, y).
func (m *Ising) Spin(x, y int) int { return int(m.spin[checkXY("Ising", m.l, x, y)]) }

// SetSpins overwrites the configuration (row-major, L² values of ±1).
func (m *Ising) SetSpins(s []int) {
	if len(s) != m.n {
		panic(fmt.Sprintf("lattice: Ising SetSpins with %d values, want %d", len(s), m.n))
	}
	for i, v := range s {
		if v != 1 && v != -1 {
			panic(fmt.Sprintf("lattice: Ising spin %d at site %d is not ±1", v, i))
		}
		m.spin[i] = int8(v)
	}
	m.recount()
}

// recount recomputes Σ s and Σ_⟨ij⟩ s_i s_j (each bond once: right and
// down neighbours).
func (m *Ising) recount() {
	m.mag, m.bond = 0, 0
	for i, s := range m.spin {
		m.mag += int(s)
		m.bond += int(s) * int(m.spin[m.nb[4*i]]+m.spin[m.nb[4*i+2]])
	}
}

// Reset restores the initial configuration, time zero and the stream.
func (m *Ising) Reset() {
	m.src.Seed(m.seed, streamIsing)
	for i := range m.spin {
		m.spin[i] = 1
		if m.hot && m.src.Uint64()&1 == 0 {
			m.spin[i] = -1
		}
	}
	m.recount()
	m.steps, m.attempts, m.flips = 0, 0, 0
}

// Flips reports the single-spin moves attempted (Metropolis; zero for
// Wolff) and the spins flipped, since the last Reset.
func (m *Ising) Flips() (attempted, flipped int64) { return m.attempts, m.flips }

// Step performs one sweep.
func (m *Ising) Step() error {
	m.steps++
	if m.wolff {
		for k := 0; k < m.clusters; k++ {
			m.flips += int64(m.cluster())
		}
		return nil
	}
	m.sweep()
	return nil
}

func (m *Ising) sweep() {
	spin, nb := m.spin, m.nb
	var flips, dmag, dbond int
	for i := range spin {
		s := spin[i]
		k := nb[4*i : 4*i+4 : 4*i+4]
		sum := int(spin[k[0]]) + int(spin[k[1]]) + int(spin[k[2]]) + int(spin[k[3]])
		a := (s + 1) >> 1
		b := (sum + 4) >> 1
		if m.acc[a][b] || m.src.Uint64() < m.thr[a][b] {
			spin[i] = -s
			flips++
			dmag -= 2 * int(s)
			dbond -= 2 * int(s) * sum
		}
	}
	m.mag += dmag
	m.bond += dbond
	m.flips += int64(flips)
	m.attempts += int64(len(spin))
}

// flip reverses spin i and updates the sums.
func (m *Ising) flip(i int32) {
	spin := m.spin
	k := m.nb[4*i : 4*i+4 : 4*i+4]
	sum := int(spin[k[0]]) + int(spin[k[1]]) + int(spin[k[2]]) + int(spin[k[3]])
	s := int(spin[i])
	m.mag -= 2 * s
	m.bond -= 2 * s * sum
	spin[i] = int8(-s)
}

// cluster grows and flips one Wolff cluster and returns its size.
func (m *Ising) cluster() int {
	i0 := int32(m.rng.IntN(m.n))
	s0 := m.spin[i0]
	m.flip(i0)
	stack := append(m.stack[:0], i0)
	size := 1
	for len(stack) > 0 {
		k := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, j := range m.nb[4*k : 4*k+4] {
			if m.spin[j] == s0 && (m.paddAlways || m.src.Uint64() < m.padd) {
				m.flip(j)
				stack = append(stack, j)
				size++
			}
		}
	}
	m.stack = stack
	return size
}

func init() {
	system.Register(system.Entry{
		Info: system.Info{
			Name:     "Ising",
			Category: system.CatStatPhys,
			Dim:      3,
			Params: []system.Param{
				{Name: "L", Default: 32, Min: 2, Max: 4096, Integer: true, Doc: "side length of the L×L periodic lattice"},
				{Name: "J", Default: 1, Min: -10, Max: 10, Doc: "coupling (J > 0 ferromagnetic)"},
				{Name: "T", Default: 2, Min: 0.01, Max: 1000, Doc: "temperature in units of J/k_B (T_c = 2.269 for J = 1); default 2.0 is in the ordered phase"},
				{Name: "h", Default: 0, Min: -10, Max: 10, Doc: "external field"},
				{Name: "wolff", Default: 0, Min: 0, Max: 1, Integer: true, Doc: "0: Metropolis sweeps; 1: Wolff cluster updates (needs J ≥ 0, h = 0)"},
				{Name: "clusters", Default: 0, Min: 0, Max: 1 << 24, Integer: true, Doc: "Wolff clusters per step; 0 calibrates it at construction so that a step flips about L² spins on average"},
				{Name: "hot", Default: 0, Min: 0, Max: 1, Integer: true, Doc: "0: start with all spins up; 1: random initial spins"},
			},
			DT:       1,
			Citation: "Onsager, L. (1944). Crystal statistics. I. A two-dimensional model with an order-disorder transition. Phys. Rev. 65, 117-149.",
			Description: "Two-dimensional Ising model E = −J Σ s_i s_j − h Σ s_i on an L×L torus at temperature T, one step being one " +
				"Metropolis sweep in row-major order (or a fixed number of Wolff cluster flips, calibrated to about L² spins). Starts with all spins up " +
				"unless hot = 1. Observes magnetisation per spin, its absolute value and energy per spin.",
			Observables: []string{"m", "abs_m", "energy"},
			Stochastic:  true,
			Discrete:    true,
			Invariants: []system.Invariant{
				{Name: "spontaneous_magnetization", Values: []float64{math.Pow(1-math.Pow(math.Sinh(2/2.0), -4), 0.125)},
					Source: "(1 − sinh(2J/T)^−4)^(1/8) at T = 2, J = 1, infinite lattice: Onsager (1949), Yang, Phys. Rev. 85, 808 (1952)"},
				{Name: "critical_temperature", Values: []float64{IsingTc},
					Source: "T_c = 2J/ln(1+√2): Kramers & Wannier (1941), Onsager, Phys. Rev. 65, 117 (1944)"},
				{Name: "critical_energy", Values: []float64{-math.Sqrt2},
					Source: "energy per spin −√2 J at T_c, infinite lattice: Onsager (1944)"},
			},
		},
		Build: func(c system.Config) (system.System, error) {
			l, err := sideLength("Ising", c.Params["L"], 2)
			if err != nil {
				return nil, err
			}
			p := c.Params
			return NewIsingClusters(l, p["J"], p["T"], p["h"], p["wolff"] == 1, p["hot"] == 1, int(p["clusters"]), c.Seed)
		},
	})
}
