package traffic

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/emergo/emergo/system"
)

// streamOnRamp is the second PCG word of the on-ramp model's random
// stream.
const streamOnRamp = 0x4f6e_5261_6d70_3230 // "OnRamp20"

// OnRampConfig holds the parameters of an OnRamp road. Cells are numbered
// 0 (entrance) to L−1 (exit) in the driving direction.
type OnRampConfig struct {
	// L is the number of cells of the open road.
	L int
	// Vmax is the maximum speed (cells per step) and P the random
	// braking probability of the Nagel-Schreckenberg rules.
	Vmax int
	P    float64
	// P0, when positive, is the random braking probability of a car that
	// was stopped (speed 0 before the update): the slow-to-start rule of
	// the velocity-dependent-randomisation (VDR) model of Barlovic et al.
	// (1998). With P0 > P a jam's outflow falls below the maximal free
	// flow (capacity drop and metastable free flow). 0 (the default):
	// every car brakes with P, the plain Nagel-Schreckenberg rules.
	P0 float64
	// Inflow is the probability α that a mainline car arrives at the
	// origin queue in a step (Bernoulli arrivals, cars per step).
	Inflow float64
	// RampDemand is the probability that a car arrives at the ramp queue
	// in a step.
	RampDemand float64
	// MergeStart and MergeLen place the merge region: ramp cars enter the
	// road on one of the cells MergeStart … MergeStart+MergeLen−1.
	MergeStart, MergeLen int
	// MergeSpeed caps the speed of a ramp car as it merges (a short
	// acceleration lane: ramp cars join slower than the mainline).
	MergeSpeed int
	// DetectorStart and DetectorLen place the downstream detector: its
	// occupancy is the fraction of the DetectorLen cells from
	// DetectorStart that hold a car, its flow the number of cars crossing
	// into cell DetectorStart in a step.
	DetectorStart, DetectorLen int
}

// DefaultOnRampConfig returns the catalogue defaults: a 500-cell road
// (3.75 km), vmax = 5, p = 0.25, mainline demand 0.2 and ramp demand 0.08
// cars per step, a 10-cell merge region at cells 250-259 entered at speed at most 1, and a 20-cell
// detector just downstream of it (cells 265-284).
func DefaultOnRampConfig() OnRampConfig {
	return OnRampConfig{L: 500, Vmax: 5, P: 0.25, Inflow: 0.2, RampDemand: 0.08,
		MergeStart: 250, MergeLen: 10, MergeSpeed: 1, DetectorStart: 265, DetectorLen: 20}
}

// Validate reports the first invalid parameter by name.
func (c *OnRampConfig) Validate() error {
	const name = "NaSchOnRamp"
	switch {
	case c.L < 10 || c.L > 1e7:
		return fmt.Errorf("%s: L=%d must be in [10, 1e7]", name, c.L)
	case c.Vmax < 1 || c.Vmax > 1000:
		return fmt.Errorf("%s: vmax=%d must be in [1, 1000]", name, c.Vmax)
	case !(c.P >= 0 && c.P <= 1):
		return fmt.Errorf("%s: braking probability p=%v must be in [0, 1]", name, c.P)
	case !(c.P0 >= 0 && c.P0 <= 1):
		return fmt.Errorf("%s: slow-to-start braking probability p0=%v must be in [0, 1] (0: same as p)", name, c.P0)
	case !(c.Inflow >= 0 && c.Inflow <= 1):
		return fmt.Errorf("%s: inflow=%v must be a probability in [0, 1]", name, c.Inflow)
	case !(c.RampDemand >= 0 && c.RampDemand <= 1):
		return fmt.Errorf("%s: ramp_demand=%v must be a probability in [0, 1]", name, c.RampDemand)
	case c.MergeLen < 1 || c.MergeStart < 1 || c.MergeStart+c.MergeLen > c.L:
		return fmt.Errorf("%s: merge region [merge_start=%d, +merge_len=%d) must lie within cells 1..L−1 (L=%d)", name, c.MergeStart, c.MergeLen, c.L)
	case c.MergeSpeed < 0 || c.MergeSpeed > c.Vmax:
		return fmt.Errorf("%s: merge_speed=%d must be in [0, vmax=%d]", name, c.MergeSpeed, c.Vmax)
	case c.DetectorLen < 1 || c.DetectorStart < 1 || c.DetectorStart+c.DetectorLen > c.L:
		return fmt.Errorf("%s: detector [detector_start=%d, +detector_len=%d) must lie within cells 1..L−1 (L=%d)", name, c.DetectorStart, c.DetectorLen, c.L)
	}
	return nil
}

// OnRampCounters are the cumulative counts of an OnRamp run since
// construction or Reset. At every time
//
//	Arrived + ArrivedRamp = Exited + OnRoad + QueueMain + QueueRamp,
//	Entered + EnteredRamp = Exited + OnRoad.
type OnRampCounters struct {
	// Arrived and ArrivedRamp count the cars that arrived at the origin
	// queue and at the ramp queue.
	Arrived, ArrivedRamp int64
	// Entered and EnteredRamp count the cars that entered the road from
	// each queue.
	Entered, EnteredRamp int64
	// Exited counts the cars that left the road at its end, ExitedRamp
	// those of them that came from the ramp.
	Exited, ExitedRamp int64
	// TravelSum is Σ (exit time − arrival time) over the exited cars: a
	// car's travel time includes its wait in its queue.
	TravelSum float64
	// TravelSumRamp is the same sum over the exited ramp cars.
	TravelSumRamp float64
	// WaitSum and WaitSumRamp are Σ (entry time − arrival time) over the
	// cars that entered from the origin and from the ramp queue.
	WaitSum, WaitSumRamp float64
	// TimeSpent is the total time spent Σ_t (cars on the road and in both
	// queues after step t), the usual ramp-metering cost (Papageorgiou
	// et al. 1991).
	TimeSpent float64
}

// MeanTravelTime is TravelSum/Exited (NaN before any car exits).
func (c OnRampCounters) MeanTravelTime() float64 {
	if c.Exited == 0 {
		return math.NaN()
	}
	return c.TravelSum / float64(c.Exited)
}

// fifo is a queue of arrival times (a ring buffer that doubles when full).
type fifo struct {
	buf        []float64
	head, size int
}

func (q *fifo) push(t float64) {
	if q.size == len(q.buf) {
		nb := make([]float64, max(16, 2*len(q.buf)))
		for i := 0; i < q.size; i++ {
			nb[i] = q.buf[(q.head+i)%len(q.buf)]
		}
		q.buf, q.head = nb, 0
	}
	q.buf[(q.head+q.size)%len(q.buf)] = t
	q.size++
}

func (q *fifo) pop() float64 {
	t := q.buf[q.head]
	q.head = (q.head + 1) % len(q.buf)
	q.size--
	return t
}

func (q *fifo) reset() { q.head, q.size = 0, 0 }

// OnRamp is the Nagel-Schreckenberg automaton on an open road of L cells
// with an on-ramp, a minimal setting for ramp-metering studies. Each step:
//
//  1. the cars on the road apply the NaSch rules in parallel
//     (acceleration, braking to the gap, random braking with probability
//     p, movement); the leading car sees an unbounded gap, and a car
//     moving past cell L−1 leaves the road (free outflow);
//  2. arrivals: a mainline car joins the origin queue with probability
//     Inflow, then a ramp car joins the ramp queue with probability
//     RampDemand (Bernoulli demand, one random number each);
//  3. the head of the origin queue enters on cell 0 if it is empty, with
//     speed min(vmax, gap ahead);
//  4. the ramp meter adds MeteringRate to its credit (capped at 1); when
//     the credit reaches 1 and the ramp queue is not empty, the head ramp
//     car merges on the most downstream empty cell c of the merge region
//     whose nearest upstream car (at b, speed v_b) is far enough not to
//     collide, c − b − 1 ≥ v_b, and enters with the speed min(MergeSpeed,
//     v_b, gap ahead of c) (v_b counts as vmax with no car within vmax
//     cells behind); the credit then drops by 1. At most one ramp car
//     merges per step. A slow merging car is a perturbation that can
//     trigger a jam upstream of the merge: the capacity drop that ramp
//     metering tries to avoid.
//
// The open-boundary injection follows Cheybani, Kertész & Schreckenberg
// (2000) with a queue in front of the entrance, so that no demand is lost
// and travel times include the waiting time; the merge rule is a
// single-lane version of the on-ramp of Diedrich et al. (2000) and Jiang &
// Wu (2002), where ramp cars enter the main road in a merge region of
// finite length when a safe gap opens. Metering with a credit (token
// bucket) lets rates in (0, 1] release one car every 1/rate steps on
// average; rate 1 releases whenever a gap allows (no control), rate 0
// holds all ramp cars.
//
// The observation is [exits, density, mean speed, origin queue, ramp
// queue, detector flow, detector occupancy]: the cars that left the road in
// the last step, cars per cell on the road, their mean speed (0 on an
// empty road), the two queue lengths, the cars that crossed into the
// detector in the last step and the fraction of the detector's cells
// occupied. It implements system.System, Resetter and Discrete; the
// cumulative counters (Counters) give throughput and travel times.
//
// References:
//
//	Cheybani, S., Kertész, J. & Schreckenberg, M. (2000). Stochastic
//	  boundary conditions in the deterministic Nagel-Schreckenberg traffic
//	  model. Phys. Rev. E 63, 016107.
//	Diedrich, G., Santen, L., Schadschneider, A. & Zittartz, J. (2000).
//	  Effects of on- and off-ramps in cellular automata models for traffic
//	  flow. Int. J. Mod. Phys. C 11, 335-345.
//	Jiang, R. & Wu, Q.-S. (2002). Phase diagram of traffic flow in the
//	  cellular automata model with an on-ramp. J. Phys. A 36, 381-390.
//	Papageorgiou, M., Hadj-Salem, H. & Blosseville, J.-M. (1991). ALINEA:
//	  a local feedback control law for on-ramp metering. Transp. Res. Rec.
//	  1320, 58-64.
type OnRamp struct {
	cfg   OnRampConfig
	rules rules
	inThr uint64
	inAll bool
	rpThr uint64
	rpAll bool
	// Cars on the road, ordered downstream first (index 0 is the leader).
	pos, vel []int32
	arr      []float64 // arrival time at its queue
	ramp     []bool    // came from the ramp
	occ      []bool    // occupancy by cell
	qMain    fifo
	qRamp    fifo
	rate     float64
	credit   float64
	src      *rand.PCG
	src0     rand.PCG
	rng      *rand.Rand
	t        float64
	exits    int
	detFlow  int
	cnt      OnRampCounters
	obs      [7]float64
}

// NewOnRamp returns an empty road with empty queues, metering rate 1 (no
// control) and a random stream seeded with seed.
func NewOnRamp(cfg OnRampConfig, seed uint64) (*OnRamp, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	src := rand.NewPCG(seed, streamOnRamp)
	m := &OnRamp{cfg: cfg, rate: 1, src: src, src0: *src, rng: rand.New(src),
		pos: make([]int32, 0, cfg.L), vel: make([]int32, 0, cfg.L), arr: make([]float64, 0, cfg.L),
		ramp: make([]bool, 0, cfg.L), occ: make([]bool, cfg.L)}
	m.rules = newRules(cfg.Vmax, cfg.P)
	if cfg.P0 > 0 {
		m.rules.setSlowToStart(cfg.P0)
	}
	m.inThr, m.inAll = probThreshold(cfg.Inflow)
	m.rpThr, m.rpAll = probThreshold(cfg.RampDemand)
	m.observe()
	return m, nil
}

// Name returns "NaSchOnRamp".
func (m *OnRamp) Name() string { return "NaSchOnRamp" }

// Dim is 7.
func (m *OnRamp) Dim() int { return 7 }

// Time is the number of steps taken.
func (m *OnRamp) Time() float64 { return m.t }

// IsDiscrete reports true.
func (m *OnRamp) IsDiscrete() bool { return true }

// Config returns the parameters.
func (m *OnRamp) Config() OnRampConfig { return m.cfg }

// SetMeteringRate sets the ramp meter: on average one ramp car is released
// every 1/rate steps (when a gap allows). 1 means no control, 0 holds
// every ramp car. The rate applies from the next step; the meter's
// credit is kept.
func (m *OnRamp) SetMeteringRate(rate float64) error {
	if !(rate >= 0 && rate <= 1) {
		return fmt.Errorf("NaSchOnRamp: metering rate %v must be in [0, 1]", rate)
	}
	m.rate = rate
	return nil
}

// MeteringRate returns the current metering rate.
func (m *OnRamp) MeteringRate() float64 { return m.rate }

// Counters returns the cumulative counters.
func (m *OnRamp) Counters() OnRampCounters { return m.cnt }

// OnRoad is the number of cars on the road.
func (m *OnRamp) OnRoad() int { return len(m.pos) }

// Queues returns the lengths of the origin and the ramp queue.
func (m *OnRamp) Queues() (origin, ramp int) { return m.qMain.size, m.qRamp.size }

// Exits is the number of cars that left the road in the last step.
func (m *OnRamp) Exits() int { return m.exits }

// DetectorFlow is the number of cars that crossed into the detector's
// first cell in the last step.
func (m *OnRamp) DetectorFlow() int { return m.detFlow }

// Occupancy is the fraction of the cells [from, from+n) that hold a car
// (cells outside the road count as empty).
func (m *OnRamp) Occupancy(from, n int) float64 {
	if n <= 0 {
		return 0
	}
	c := 0
	for x := max(from, 0); x < from+n && x < m.cfg.L; x++ {
		if m.occ[x] {
			c++
		}
	}
	return float64(c) / float64(n)
}

// Positions copies the cars' cells, downstream first, into dst.
func (m *OnRamp) Positions(dst []int) []int {
	if cap(dst) < len(m.pos) {
		dst = make([]int, len(m.pos))
	}
	dst = dst[:len(m.pos)]
	for i, x := range m.pos {
		dst[i] = int(x)
	}
	return dst
}

// Speeds copies the cars' speeds (same order as Positions) into dst.
func (m *OnRamp) Speeds(dst []int) []int {
	if cap(dst) < len(m.vel) {
		dst = make([]int, len(m.vel))
	}
	dst = dst[:len(m.vel)]
	for i, v := range m.vel {
		dst[i] = int(v)
	}
	return dst
}

// State writes the observation into dst.
func (m *OnRamp) State(dst []float64) []float64 {
	if len(dst) < 7 {
		dst = make([]float64, 7)
	}
	copy(dst, m.obs[:])
	return dst[:7]
}

// Reset empties the road and the queues, sets time zero, metering rate 1,
// zero counters and restores the seeded random stream.
func (m *OnRamp) Reset() {
	m.pos, m.vel, m.arr, m.ramp = m.pos[:0], m.vel[:0], m.arr[:0], m.ramp[:0]
	clear(m.occ)
	m.qMain.reset()
	m.qRamp.reset()
	m.rate, m.credit = 1, 0
	*m.src = m.src0
	m.t = 0
	m.exits, m.detFlow = 0, 0
	m.cnt = OnRampCounters{}
	m.observe()
}

func (m *OnRamp) bernoulli(thr uint64, all bool) bool {
	// Always draw one number, so that the stream does not depend on the
	// probabilities' special values.
	u := m.rng.Uint64()
	return all || (thr != 0 && u < thr)
}

// Step advances the road by one step (see the type's documentation).
func (m *OnRamp) Step() error {
	l := int32(m.cfg.L)
	vmax := int32(m.cfg.Vmax)
	n := len(m.pos)
	// 1. NaSch rules, rules 1-3 on the configuration before the move.
	for i := 0; i < n; i++ {
		gap := vmax // the leading car has an open road
		if i > 0 {
			gap = m.pos[i-1] - m.pos[i] - 1
		}
		m.vel[i] = m.rules.speed(m.vel[i], gap, m.rng)
	}
	t1 := m.t + 1
	det := int32(m.cfg.DetectorStart)
	exits, detFlow := 0, 0
	for i := 0; i < n; i++ {
		x0 := m.pos[i]
		x := x0 + m.vel[i]
		m.occ[x0] = false
		if x0 < det && x >= det {
			detFlow++
		}
		m.pos[i] = x
		if x >= l {
			exits++
			m.cnt.Exited++
			tt := t1 - m.arr[i]
			m.cnt.TravelSum += tt
			if m.ramp[i] {
				m.cnt.ExitedRamp++
				m.cnt.TravelSumRamp += tt
			}
		}
	}
	if exits > 0 {
		// The exited cars are the leading ones.
		m.pos = append(m.pos[:0], m.pos[exits:]...)
		m.vel = append(m.vel[:0], m.vel[exits:]...)
		m.arr = append(m.arr[:0], m.arr[exits:]...)
		m.ramp = append(m.ramp[:0], m.ramp[exits:]...)
	}
	for _, x := range m.pos {
		m.occ[x] = true
	}
	m.exits, m.detFlow = exits, detFlow
	// 2. Arrivals.
	if m.bernoulli(m.inThr, m.inAll) {
		m.qMain.push(t1)
		m.cnt.Arrived++
	}
	if m.bernoulli(m.rpThr, m.rpAll) {
		m.qRamp.push(t1)
		m.cnt.ArrivedRamp++
	}
	// 3. Origin entry on cell 0.
	if m.qMain.size > 0 && !m.occ[0] {
		a := m.qMain.pop()
		v := vmax
		if len(m.pos) > 0 {
			v = min(v, m.pos[len(m.pos)-1]-1)
		}
		m.pos = append(m.pos, 0)
		m.vel = append(m.vel, v)
		m.arr = append(m.arr, a)
		m.ramp = append(m.ramp, false)
		m.occ[0] = true
		m.cnt.Entered++
		m.cnt.WaitSum += t1 - a
	}
	// 4. Ramp meter and merge.
	m.credit = min(m.credit+m.rate, 1)
	if m.credit >= 1 && m.qRamp.size > 0 {
		if m.merge(t1) {
			m.credit--
		}
	}
	m.t = t1
	q0, q1 := m.qMain.size, m.qRamp.size
	m.cnt.TimeSpent += float64(len(m.pos) + q0 + q1)
	m.observe()
	return nil
}

// merge tries to put the head ramp car on the road; it reports success.
func (m *OnRamp) merge(t1 float64) bool {
	lo, hi := int32(m.cfg.MergeStart), int32(m.cfg.MergeStart+m.cfg.MergeLen-1)
	vmax := int32(m.cfg.Vmax)
	// k is the index of the first car upstream of (behind) cell c: cars
	// are ordered downstream first, so it is the first with pos < c.
	n := len(m.pos)
	k := 0
	for c := hi; c >= lo; c-- {
		for k < n && m.pos[k] >= c {
			k++
		}
		if m.occ[c] {
			continue
		}
		vb := vmax
		if k < n {
			b := m.pos[k]
			if c-b-1 < m.vel[k] {
				continue
			}
			if c-b <= vmax {
				vb = m.vel[k]
			}
		}
		v := min(vb, int32(m.cfg.MergeSpeed))
		if k > 0 {
			v = min(v, m.pos[k-1]-c-1)
		}
		a := m.qRamp.pop()
		// Insert at index k.
		m.pos = append(m.pos, 0)
		m.vel = append(m.vel, 0)
		m.arr = append(m.arr, 0)
		m.ramp = append(m.ramp, false)
		copy(m.pos[k+1:], m.pos[k:n])
		copy(m.vel[k+1:], m.vel[k:n])
		copy(m.arr[k+1:], m.arr[k:n])
		copy(m.ramp[k+1:], m.ramp[k:n])
		m.pos[k], m.vel[k], m.arr[k], m.ramp[k] = c, v, a, true
		m.occ[c] = true
		m.cnt.EnteredRamp++
		m.cnt.WaitSumRamp += t1 - a
		return true
	}
	return false
}

func (m *OnRamp) observe() {
	n := len(m.pos)
	var sum int64
	for _, v := range m.vel {
		sum += int64(v)
	}
	m.obs[0] = float64(m.exits)
	m.obs[1] = float64(n) / float64(m.cfg.L)
	m.obs[2] = 0
	if n > 0 {
		m.obs[2] = float64(sum) / float64(n)
	}
	m.obs[3] = float64(m.qMain.size)
	m.obs[4] = float64(m.qRamp.size)
	m.obs[5] = float64(m.detFlow)
	m.obs[6] = m.Occupancy(m.cfg.DetectorStart, m.cfg.DetectorLen)
}

func init() {
	d := DefaultOnRampConfig()
	system.Register(system.Entry{
		Info: system.Info{
			Name:     "NaSchOnRamp",
			Category: system.CatTraffic,
			Dim:      7,
			Params: []system.Param{
				{Name: "L", Default: float64(d.L), Min: 10, Max: 1e7, Integer: true, Doc: "number of cells of the open road"},
				{Name: "vmax", Default: float64(d.Vmax), Min: 1, Max: 1000, Integer: true, Doc: "maximum speed in cells per step"},
				{Name: "p", Default: d.P, Min: 0, Max: 1, Doc: "random braking probability"},
				{Name: "p0", Default: d.P0, Min: 0, Max: 1, Doc: "slow-to-start braking probability of stopped cars (VDR, Barlovic et al. 1998); 0: same as p"},
				{Name: "inflow", Default: d.Inflow, Min: 0, Max: 1, Doc: "mainline demand α: probability a car arrives at the origin queue per step"},
				{Name: "ramp_demand", Default: d.RampDemand, Min: 0, Max: 1, Doc: "probability a car arrives at the ramp queue per step"},
				{Name: "merge_start", Default: float64(d.MergeStart), Min: 1, Max: 1e7, Integer: true, Doc: "first cell of the merge region"},
				{Name: "merge_len", Default: float64(d.MergeLen), Min: 1, Max: 1e7, Integer: true, Doc: "length of the merge region in cells"},
				{Name: "merge_speed", Default: float64(d.MergeSpeed), Min: 0, Max: 1000, Integer: true, Doc: "largest speed of a merging ramp car (≤ vmax)"},
				{Name: "detector_start", Default: float64(d.DetectorStart), Min: 1, Max: 1e7, Integer: true, Doc: "first cell of the downstream detector"},
				{Name: "detector_len", Default: float64(d.DetectorLen), Min: 1, Max: 1e7, Integer: true, Doc: "length of the detector in cells"},
			},
			DT: 1,
			Citation: "G. Diedrich, L. Santen, A. Schadschneider & J. Zittartz, Effects of on- and off-ramps in cellular automata models " +
				"for traffic flow, Int. J. Mod. Phys. C 11, 335-345 (2000); R. Jiang & Q.-S. Wu, J. Phys. A 36, 381-390 (2002)",
			Description: "Nagel-Schreckenberg automaton on an open road with queued Bernoulli inflow at the entrance, free outflow at " +
				"the exit and a metered single-lane on-ramp merging into a merge region; counters for throughput and travel times.",
			Observables: []string{"exits", "density", "mean_speed", "origin_queue", "ramp_queue", "detector_flow", "detector_occupancy"},
			Stochastic:  true,
			Discrete:    true,
		},
		Build: func(c system.Config) (system.System, error) {
			p := c.Params
			return NewOnRamp(OnRampConfig{L: int(p["L"]), Vmax: int(p["vmax"]), P: p["p"], P0: p["p0"], Inflow: p["inflow"],
				RampDemand: p["ramp_demand"], MergeStart: int(p["merge_start"]), MergeLen: int(p["merge_len"]), MergeSpeed: int(p["merge_speed"]),
				DetectorStart: int(p["detector_start"]), DetectorLen: int(p["detector_len"])}, c.Seed)
		},
	})
}
