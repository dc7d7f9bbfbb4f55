package traffic

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/emergo/emergo/system"
)

// streamNaSch is the second PCG word of the Nagel-Schreckenberg model's
// random stream.
const streamNaSch = 0x4e61_5363_6831_3939 // "NaSch199"

// Default parameters of the catalogue model (Nagel & Schreckenberg 1992
// use vmax = 5 and braking probabilities around p = 0.25–0.5).
const (
	naschL       = 1000
	naschDensity = 0.2
	naschVmax    = 5
	naschP       = 0.25
)

// NaSch is the Nagel-Schreckenberg cellular automaton on a ring road of L
// cells holding N = round(ρL) cars. Each step updates all cars in parallel
// with four rules, where gap is the number of empty cells in front of a
// car:
//
//  1. acceleration: v ← min(v + 1, vmax);
//  2. braking:      v ← min(v, gap);
//  3. randomization: with probability p, v ← max(v − 1, 0);
//  4. movement:     x ← x + v (mod L).
//
// Cars never overtake, so their cyclic order is fixed. Exact results
// checked by the tests: for p = 0 the stationary flow is
// J = min(ρ vmax, 1 − ρ) with maximum vmax/(vmax+1) at ρ = 1/(vmax+1); a
// single car on an empty road averages v̄ = vmax − p; for vmax = 1,
// J = [1 − √(1 − 4(1−p)ρ(1−ρ))]/2 (Schadschneider & Schreckenberg 1993).
//
// The observation is [flow, mean speed, jams, stopped]: the flow
// J = Σv/L (cars per step passing a point, averaged over the ring), the
// mean speed Σv/N, the number of jams (maximal runs of stopped cars with
// no empty cell between them) and the fraction of stopped cars, all
// measured after the step's movement. It implements system.System,
// Resetter and Discrete.
//
// References:
//
//	Nagel, K. & Schreckenberg, M. (1992). J. Phys. I France 2, 2221-2229.
//	Schadschneider, A. & Schreckenberg, M. (1993). J. Phys. A 26,
//	  L679-L683.
type NaSch struct {
	l, vmax int
	p       float64
	p0      float64
	rules   rules
	pos     []int32
	vel     []int32
	pos0    []int32
	src     *rand.PCG
	src0    rand.PCG
	rng     *rand.Rand
	t       float64
	moved   int64 // Σv of the last step
	obs     [4]float64
}

// NewNaSch places round(density·l) cars on distinct cells of a ring of l
// cells, chosen uniformly at random with the given seed, all at rest, and
// returns the automaton with maximum speed vmax and braking probability p.
func NewNaSch(l int, density float64, vmax int, p float64, seed uint64) (*NaSch, error) {
	const name = "NagelSchreckenberg"
	if l < 2 {
		return nil, fmt.Errorf("%s: road length L=%d must be at least 2", name, l)
	}
	if !(density > 0 && density <= 1) {
		return nil, fmt.Errorf("%s: density %v must be in (0, 1]", name, density)
	}
	n := int(math.Round(density * float64(l)))
	if n < 1 {
		return nil, fmt.Errorf("%s: density %v on L=%d cells gives no car (need density·L ≥ 0.5)", name, density, l)
	}
	if vmax < 1 {
		return nil, fmt.Errorf("%s: vmax=%d must be at least 1", name, vmax)
	}
	if !(p >= 0 && p <= 1) {
		return nil, fmt.Errorf("%s: braking probability p=%v must be in [0, 1]", name, p)
	}
	src := rand.NewPCG(seed, streamNaSch)
	rng := rand.New(src)
	// Choose n distinct cells by a partial Fisher-Yates shuffle, then mark
	// them on the ring so the cars come out in ring order.
	cells := make([]int32, l)
	for i := range cells {
		cells[i] = int32(i)
	}
	for i := 0; i < n; i++ {
		j := i + rng.IntN(l-i)
		cells[i], cells[j] = cells[j], cells[i]
	}
	occ := make([]bool, l)
	for _, c := range cells[:n] {
		occ[c] = true
	}
	pos := make([]int32, 0, n)
	for i, o := range occ {
		if o {
			pos = append(pos, int32(i))
		}
	}
	return newNaSchAt(l, vmax, p, pos, src)
}

// NewNaSchAt returns the automaton with cars at the given distinct cells
// (in any order), all at rest, and a random stream seeded with seed.
func NewNaSchAt(l, vmax int, p float64, cells []int, seed uint64) (*NaSch, error) {
	const name = "NagelSchreckenberg"
	if l < 2 || vmax < 1 || !(p >= 0 && p <= 1) || len(cells) < 1 || len(cells) > l {
		return nil, fmt.Errorf("%s: need L ≥ 2, vmax ≥ 1, p in [0,1] and 1..L cars (L=%d vmax=%d p=%v cars=%d)", name, l, vmax, p, len(cells))
	}
	occ := make([]bool, l)
	for _, c := range cells {
		if c < 0 || c >= l || occ[c] {
			return nil, fmt.Errorf("%s: car cell %d is outside [0, %d) or taken twice", name, c, l)
		}
		occ[c] = true
	}
	pos := make([]int32, 0, len(cells))
	for i, o := range occ {
		if o {
			pos = append(pos, int32(i))
		}
	}
	return newNaSchAt(l, vmax, p, pos, rand.NewPCG(seed, streamNaSch))
}

func newNaSchAt(l, vmax int, p float64, pos []int32, src *rand.PCG) (*NaSch, error) {
	m := &NaSch{l: l, vmax: vmax, p: p, pos: pos, vel: make([]int32, len(pos)),
		pos0: append([]int32(nil), pos...), src: src, src0: *src, rng: rand.New(src)}
	m.p0, m.rules = p, newRules(vmax, p)
	m.observe()
	return m, nil
}

// SetSlowToStart switches on the slow-to-start rule of the
// velocity-dependent-randomisation (VDR) model of Barlovic et al. (1998):
// in rule 3 a car that was at rest before the step (v = 0) brakes with
// probability p0 instead of p. p0 = p is the plain Nagel-Schreckenberg
// model, bit for bit (the same random draws). With p0 > p the outflow of
// a compact jam, about 1 − p0 cars per step for small p (the front car
// leaves after a geometric waiting time of mean 1/(1 − p0)), falls below
// the flow of the free branch, and homogeneous free flow is metastable
// above the density where the two branches meet: the fundamental diagram
// shows hysteresis. The rule applies from the next step and survives
// Reset.
//
// References:
//
//	Barlovic, R., Santen, L., Schadschneider, A. & Schreckenberg, M.
//	  (1998). Metastable states in cellular automata for traffic flow.
//	  Eur. Phys. J. B 5, 793-800.
func (m *NaSch) SetSlowToStart(p0 float64) error {
	if !(p0 >= 0 && p0 <= 1) {
		return fmt.Errorf("NagelSchreckenberg: slow-to-start braking probability p0=%v must be in [0, 1]", p0)
	}
	m.p0 = p0
	m.rules.setSlowToStart(p0)
	return nil
}

// SlowToStart returns the braking probability of stopped cars (p unless
// SetSlowToStart changed it).
func (m *NaSch) SlowToStart() float64 { return m.p0 }

// probThreshold converts p into t with P(Uint64() < t) = p to within
// 2^-64; always reports p ≥ 1.
// rules are rules 1-3 of the Nagel-Schreckenberg automaton with the
// slow-to-start braking of the VDR model, shared by the ring and the
// on-ramp road.
type rules struct {
	vmax      int32
	thr, thr0 uint64 // Uint64() < thr brakes with p (thr0: p0, cars at rest)
	all, all0 bool   // p ≥ 1 (p0 ≥ 1)
}

// newRules returns the rules with braking probability p for every car.
func newRules(vmax int, p float64) rules {
	r := rules{vmax: int32(vmax)}
	r.thr, r.all = probThreshold(p)
	r.thr0, r.all0 = r.thr, r.all
	return r
}

// setSlowToStart sets the braking probability of cars at rest to p0.
func (r *rules) setSlowToStart(p0 float64) { r.thr0, r.all0 = probThreshold(p0) }

// speed applies rules 1-3 to a car at speed v with gap empty cells ahead:
// accelerate by one up to vmax, slow to the gap, then brake by one with
// probability p (p0 if the car was at rest), drawing a random number only
// when the car moves and the probability is strictly between 0 and 1.
func (r *rules) speed(v, gap int32, rng *rand.Rand) int32 {
	thr, all := r.thr, r.all
	if v == 0 {
		thr, all = r.thr0, r.all0 // slow to start (VDR)
	}
	v = min(v+1, r.vmax, gap)
	if v > 0 && (all || (thr != 0 && rng.Uint64() < thr)) {
		v--
	}
	return v
}

func probThreshold(p float64) (t uint64, always bool) {
	if p >= 1 {
		return 0, true
	}
	if p <= 0 {
		return 0, false
	}
	return uint64(math.Ldexp(p, 64)), false
}

// Name returns "NagelSchreckenberg".
func (m *NaSch) Name() string { return "NagelSchreckenberg" }

// Dim is 4.
func (m *NaSch) Dim() int { return 4 }

// Time is the number of steps taken.
func (m *NaSch) Time() float64 { return m.t }

// IsDiscrete reports true: the automaton advances in unit steps.
func (m *NaSch) IsDiscrete() bool { return true }

// L is the number of cells; N the number of cars.
func (m *NaSch) L() int { return m.l }

// N is the number of cars.
func (m *NaSch) N() int { return len(m.pos) }

// Density is N/L.
func (m *NaSch) Density() float64 { return float64(len(m.pos)) / float64(m.l) }

// Positions copies the cars' cells, in ring order starting from the car
// that started lowest, into dst.
func (m *NaSch) Positions(dst []int) []int {
	if len(dst) < len(m.pos) {
		dst = make([]int, len(m.pos))
	}
	for i, x := range m.pos {
		dst[i] = int(x)
	}
	return dst[:len(m.pos)]
}

// Speeds copies the cars' speeds (same order as Positions) into dst.
func (m *NaSch) Speeds(dst []int) []int {
	if len(dst) < len(m.vel) {
		dst = make([]int, len(m.vel))
	}
	for i, v := range m.vel {
		dst[i] = int(v)
	}
	return dst[:len(m.vel)]
}

// Moved is the total distance Σv travelled by all cars in the last step
// (the number of cars crossing the L cell boundaries, summed).
func (m *NaSch) Moved() int64 { return m.moved }

// State writes [flow, mean speed, jams, stopped fraction] into dst.
func (m *NaSch) State(dst []float64) []float64 {
	if len(dst) < 4 {
		dst = make([]float64, 4)
	}
	copy(dst, m.obs[:])
	return dst[:4]
}

// Reset restores the initial placement (all cars at rest), time zero and
// the seeded random stream.
func (m *NaSch) Reset() {
	copy(m.pos, m.pos0)
	clear(m.vel)
	*m.src = m.src0
	m.t = 0
	m.moved = 0
	m.observe()
}

// gap is the number of empty cells in front of car i.
func (m *NaSch) gap(i int) int32 {
	n := len(m.pos)
	j := i + 1
	if j == n {
		j = 0
	}
	g := m.pos[j] - m.pos[i] - 1
	if g < 0 {
		g += int32(m.l)
	}
	if n == 1 {
		g = int32(m.l - 1)
	}
	return g
}

// Step applies the four rules to all cars in parallel.
func (m *NaSch) Step() error {
	n := len(m.pos)
	// Rules 1-3 use the positions before any car moves.
	for i := 0; i < n; i++ {
		m.vel[i] = m.rules.speed(m.vel[i], m.gap(i), m.rng)
	}
	// Rule 4.
	l := int32(m.l)
	var sum int64
	for i := 0; i < n; i++ {
		x := m.pos[i] + m.vel[i]
		if x >= l {
			x -= l
		}
		m.pos[i] = x
		sum += int64(m.vel[i])
	}
	m.moved = sum
	m.t++
	m.observe()
	return nil
}

// observe computes the observation vector from the current configuration.
func (m *NaSch) observe() {
	n := len(m.pos)
	var sum int64
	stopped, jams := 0, 0
	for i := 0; i < n; i++ {
		sum += int64(m.vel[i])
		if m.vel[i] != 0 {
			continue
		}
		stopped++
		// A stopped car starts a new jam unless the car right behind it
		// (no empty cell between) is also stopped.
		prev := i - 1
		if prev < 0 {
			prev = n - 1
		}
		if n == 1 || m.vel[prev] != 0 || m.gap(prev) != 0 {
			jams++
		}
	}
	if stopped > 0 && jams == 0 {
		// Every stopped car has a stopped car bumper to bumper behind it:
		// the jam closes on itself around the whole ring (density 1).
		jams = 1
	}
	m.obs[0] = float64(sum) / float64(m.l)
	m.obs[1] = float64(sum) / float64(n)
	m.obs[2] = float64(jams)
	m.obs[3] = float64(stopped) / float64(n)
}

func init() {
	system.Register(system.Entry{
		Info: system.Info{
			Name:     "NagelSchreckenberg",
			Category: system.CatTraffic,
			Dim:      4,
			Params: []system.Param{
				{Name: "L", Default: naschL, Min: 2, Max: 1e8, Integer: true, Doc: "number of cells of the ring road"},
				{Name: "density", Default: naschDensity, Min: 0, Max: 1, Doc: "cars per cell ρ in (0, 1]; N = round(ρL) cars"},
				{Name: "vmax", Default: naschVmax, Min: 1, Max: 1000, Integer: true, Doc: "maximum speed in cells per step"},
				{Name: "p", Default: naschP, Min: 0, Max: 1, Doc: "random braking probability"},
				{Name: "p0", Default: 0, Min: 0, Max: 1, Doc: "slow-to-start braking probability of stopped cars (VDR, Barlovic et al. 1998); 0: same as p"},
			},
			DT:       1,
			Citation: "K. Nagel & M. Schreckenberg, A cellular automaton model for freeway traffic, J. Phys. I France 2, 2221-2229 (1992)",
			Description: "Nagel-Schreckenberg traffic cellular automaton on a ring road: parallel acceleration, braking to the gap, " +
				"random braking with probability p and movement; random initial placement of round(ρL) cars at rest.",
			Observables: []string{"flow", "mean_speed", "jams", "stopped_fraction"},
			Invariants: []system.Invariant{
				{Name: "max_flow_deterministic", Values: []float64{float64(naschVmax) / (naschVmax + 1)},
					Source: "p = 0: J = min(ρ vmax, 1 − ρ), maximum vmax/(vmax+1) at ρ = 1/(vmax+1) (Nagel & Schreckenberg 1992)"},
				{Name: "free_car_speed", Values: []float64{naschVmax - naschP},
					Source: "single car: mean speed vmax − p (Chowdhury, Santen & Schadschneider 2000 §8)"},
			},
			Stochastic: true,
			Discrete:   true,
		},
		Build: func(c system.Config) (system.System, error) {
			m, err := NewNaSch(int(c.Params["L"]), c.Params["density"], int(c.Params["vmax"]), c.Params["p"], c.Seed)
			if err != nil {
				return nil, err
			}
			if p0 := c.Params["p0"]; p0 != 0 {
				if err := m.SetSlowToStart(p0); err != nil {
					return nil, err
				}
			}
			return m, nil
		},
	})
}
