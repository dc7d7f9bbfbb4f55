package lattice

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/emergo/emergo/system"
)

// EventBuffer is the number of events a model keeps between calls to
// Events. When it is full, the older half is discarded and counted by the
// model's Dropped method.
const EventBuffer = 1 << 13

// Random-stream constants: the second PCG word of each model, so that two
// models built with the same seed draw independent streams.
const (
	streamSandpile   = 0x5a4d_9117_b7d1_0001
	streamForestFire = 0x5a4d_9117_b7d1_0002
	streamOFC        = 0x5a4d_9117_b7d1_0003
	streamIsing      = 0x5a4d_9117_b7d1_0004
	streamKuramoto   = 0x5a4d_9117_b7d1_0005
)

// eventLog is a bounded, preallocated buffer of events.
type eventLog struct {
	buf     []system.Event
	dropped int64
}

func newEventLog() eventLog { return eventLog{buf: make([]system.Event, 0, EventBuffer)} }

func (l *eventLog) add(e system.Event) {
	if len(l.buf) == cap(l.buf) {
		half := len(l.buf) / 2
		n := copy(l.buf, l.buf[half:])
		l.dropped += int64(half)
		l.buf = l.buf[:n]
	}
	l.buf = append(l.buf, e)
}

// take returns the buffered events and empties the buffer; the returned
// slice aliases the buffer, so it is valid until the next add.
func (l *eventLog) take() []system.Event {
	out := l.buf
	l.buf = l.buf[:0]
	return out
}

func (l *eventLog) reset() {
	l.buf = l.buf[:0]
	l.dropped = 0
}

// neighbours returns the von Neumann neighbour table of an L×L square
// lattice: nb[4i+k] for k = 0..3 are the sites right, left, below and above
// site i (row-major numbering). With periodic boundaries the indices wrap;
// with open boundaries a missing neighbour is -1.
func neighbours(l int, periodic bool) []int32 {
	n := l * l
	nb := make([]int32, 4*n)
	for y := 0; y < l; y++ {
		for x := 0; x < l; x++ {
			i := y*l + x
			set := func(k, xx, yy int) {
				if periodic {
					xx, yy = (xx+l)%l, (yy+l)%l
				} else if xx < 0 || xx >= l || yy < 0 || yy >= l {
					nb[4*i+k] = -1
					return
				}
				nb[4*i+k] = int32(yy*l + xx)
			}
			set(0, x+1, y)
			set(1, x-1, y)
			set(2, x, y+1)
			set(3, x, y-1)
		}
	}
	return nb
}

// geometric draws the number of failures before the first success of
// Bernoulli(q) trials, given logq = log(1-q), capped at limit. q = 0 (logq
// = 0) gives limit; q = 1 (logq = -Inf) gives 0.
func geometric(r *rand.Rand, logq float64, limit int) int {
	if logq == 0 {
		return limit
	}
	u := 1 - r.Float64() // (0, 1]
	g := math.Log(u) / logq
	if !(g < float64(limit)) {
		return limit
	}
	return int(g)
}

// probThreshold converts a probability into a threshold t such that
// Uint64() < t has that probability (to within 2^-64). It reports
// always = true for p ≥ 1, when no random number needs to be drawn.
func probThreshold(p float64) (t uint64, always bool) {
	switch {
	case p >= 1:
		return math.MaxUint64, true
	case p <= 0:
		return 0, false
	}
	return uint64(math.Ldexp(p, 64)), false
}

// sideLength validates the integer side length parameter L.
func sideLength(model string, v float64, lo int) (int, error) {
	l := int(v)
	if float64(l) != v || l < lo {
		return 0, fmt.Errorf("%s: side length L=%v must be an integer ≥ %d", model, v, lo)
	}
	return l, nil
}

// checkXY panics when (x, y) is outside an L×L lattice.
func checkXY(model string, l, x, y int) int {
	if x < 0 || x >= l || y < 0 || y >= l {
		panic(fmt.Sprintf("lattice: %s site (%d, %d) outside the %d×%d lattice", model, x, y, l, l))
	}
	return y*l + x
}

// stateInto writes obs into dst (allocating when dst is short).
func stateInto(dst []float64, obs ...float64) []float64 {
	if len(dst) < len(obs) {
		dst = make([]float64, len(obs))
	}
	copy(dst, obs)
	return dst[:len(obs)]
}
