package market

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
)

// Config holds the market's parameters (see the package documentation for
// the equations).
type Config struct {
	// Impact λ > 0 is the log-return moved by a net order of one position
	// limit per model trader (Farmer 2002's 1/λ liquidity, per trader).
	Impact float64
	// Reversion φ ≥ 0 is the share of the mispricing f − p that value
	// investors outside the model population close each step.
	Reversion float64
	// Noise σₙ > 0 is the standard deviation of the noise traders' return
	// impact.
	Noise float64
	// FundamentalVol σ_f ≥ 0 is the step standard deviation of the log
	// fundamental (a random walk).
	FundamentalVol float64
	// Beta β > 0 is the traders' risk tolerance: the target position is
	// L·tanh(β ĝ/σ̂).
	Beta float64
	// PositionLimit L > 0 bounds every trader's position.
	PositionLimit float64
	// Refit K ≥ 1: every model is refitted every K steps on its rolling
	// window.
	Refit int
	// VolSpan is the span of the traders' exponentially weighted volatility
	// estimate σ̂ (weight 2/(span+1)).
	VolSpan int
}

// Check reports the first bad field.
func (c Config) Check() error {
	switch {
	case !(c.Impact > 0) || math.IsInf(c.Impact, 0):
		return fmt.Errorf("impact = %g: want a finite value > 0", c.Impact)
	case !(c.Reversion >= 0 && c.Reversion < 1):
		return fmt.Errorf("reversion = %g: want 0 ≤ φ < 1", c.Reversion)
	case !(c.Noise > 0) || math.IsInf(c.Noise, 0):
		return fmt.Errorf("noise = %g: want a finite value > 0", c.Noise)
	case !(c.FundamentalVol >= 0) || math.IsInf(c.FundamentalVol, 0):
		return fmt.Errorf("fundamental_volatility = %g: want a finite value ≥ 0", c.FundamentalVol)
	case !(c.Beta > 0) || math.IsInf(c.Beta, 0):
		return fmt.Errorf("beta = %g: want a finite value > 0", c.Beta)
	case !(c.PositionLimit > 0) || math.IsInf(c.PositionLimit, 0):
		return fmt.Errorf("position_limit = %g: want a finite value > 0", c.PositionLimit)
	case c.Refit < 1:
		return fmt.Errorf("refit = %d: want ≥ 1 step", c.Refit)
	case c.VolSpan < 1:
		return fmt.Errorf("vol_span = %d: want ≥ 1 step", c.VolSpan)
	}
	return nil
}

// Sim is the market: model traders, noise traders, value investors and a
// market maker who takes the other side of the net order and moves the
// price by its impact. Orders are executed at the new price, so the books
// balance exactly: every position and every unit of cash a participant
// gains the market maker loses.
type Sim struct {
	cfg     Config
	models  []Model
	traderM []int // model index per trader
	rng     *rand.Rand

	t       int
	p, f    float64   // log price, log fundamental
	r       []float64 // returns so far
	sigma2  float64   // EWMA variance
	g       []float64 // current forecast per model
	pos     []float64 // trader positions
	cash    []float64 // trader cash
	orders  []float64 // last orders per trader
	mmInv   float64   // market-maker inventory
	mmCash  float64
	extPos  [2]float64 // noise traders, value investors
	extCash [2]float64
}

// NewSim builds a market with the models and, for each trader, the index
// of the model it trades on (traders sharing an index share the model and
// its forecast). The log price and fundamental start at 0 (price 1).
func NewSim(cfg Config, models []Model, traderModel []int, seed uint64) (*Sim, error) {
	if err := cfg.Check(); err != nil {
		return nil, err
	}
	for i, m := range traderModel {
		if m < 0 || m >= len(models) {
			return nil, fmt.Errorf("trader %d: model index %d out of range [0, %d)", i, m, len(models))
		}
	}
	n := len(traderModel)
	return &Sim{cfg: cfg, models: models, traderM: append([]int(nil), traderModel...),
		rng:    rand.New(rand.NewPCG(seed, 0x6d61726b6574)),
		sigma2: cfg.Noise * cfg.Noise, g: make([]float64, len(models)),
		pos: make([]float64, n), cash: make([]float64, n), orders: make([]float64, n)}, nil
}

// Step advances the market one step and returns the log return. Models
// are refitted first when the step count is a multiple of Refit; each
// model then forecasts the next return from the past only.
func (s *Sim) Step(ctx context.Context) (float64, error) {
	c := &s.cfg
	if s.t%c.Refit == 0 && s.t > 0 {
		for _, m := range s.models {
			if err := m.Refit(ctx, s.r); err != nil {
				return 0, err
			}
		}
	}
	sig := math.Sqrt(s.sigma2)
	for k, m := range s.models {
		g := m.Forecast(s.r, s.p, s.f)
		// A forecast beyond five volatilities is a model failure, not a
		// view: clamp it.
		s.g[k] = math.Max(-5*sig, math.Min(5*sig, g))
	}
	n := len(s.traderM)
	unit := c.Impact / float64(max(n, 1)) // return per unit of order
	total := 0.0
	for i, m := range s.traderM {
		target := c.PositionLimit * math.Tanh(c.Beta*s.g[m]/sig)
		s.orders[i] = target - s.pos[i]
		total += s.orders[i]
	}
	xi, eta := s.rng.NormFloat64(), s.rng.NormFloat64()
	ext := [2]float64{c.Noise * xi / unit, c.Reversion * (s.f - s.p) / unit}
	total += ext[0] + ext[1]
	ret := unit * total
	s.p += ret
	price := math.Exp(s.p)
	for i, o := range s.orders {
		s.pos[i] += o
		s.cash[i] -= o * price
	}
	for j, o := range ext {
		s.extPos[j] += o
		s.extCash[j] -= o * price
	}
	s.mmInv -= total
	s.mmCash += total * price
	s.f += c.FundamentalVol * eta
	a := 2 / float64(c.VolSpan+1)
	s.sigma2 = (1-a)*s.sigma2 + a*ret*ret
	s.r = append(s.r, ret)
	s.t++
	return ret, nil
}

// LogPrice returns the current log price p.
func (s *Sim) LogPrice() float64 { return s.p }

// LogFundamental returns the current log fundamental f.
func (s *Sim) LogFundamental() float64 { return s.f }

// Returns returns the returns so far (the Sim's own slice: do not modify).
func (s *Sim) Returns() []float64 { return s.r }

// Forecasts returns the forecast of each model made at the last step
// (the Sim's own slice: do not modify).
func (s *Sim) Forecasts() []float64 { return s.g }

// TraderModel returns the model index of trader i.
func (s *Sim) TraderModel(i int) int { return s.traderM[i] }

// Position returns trader i's position.
func (s *Sim) Position(i int) float64 { return s.pos[i] }

// Books is the accounting of every participant.
type Books struct {
	// Positions and Cash of the model traders.
	Positions, Cash []float64
	// Noise and Value are the noise traders' and the value investors'
	// (position, cash).
	Noise, Value [2]float64
	// Inventory and MakerCash are the market maker's.
	Inventory, MakerCash float64
	// Price is the current price exp(p).
	Price float64
}

// Books returns a copy of the accounts.
func (s *Sim) Books() Books {
	return Books{Positions: append([]float64(nil), s.pos...), Cash: append([]float64(nil), s.cash...),
		Noise: [2]float64{s.extPos[0], s.extCash[0]}, Value: [2]float64{s.extPos[1], s.extCash[1]},
		Inventory: s.mmInv, MakerCash: s.mmCash, Price: math.Exp(s.p)}
}

// Imbalance returns the net position and the net cash summed over every
// participant and the market maker: both are zero up to rounding (the
// market is a closed book).
func (b Books) Imbalance() (position, cash float64) {
	position = b.Inventory + b.Noise[0] + b.Value[0]
	cash = b.MakerCash + b.Noise[1] + b.Value[1]
	for i := range b.Positions {
		position += b.Positions[i]
		cash += b.Cash[i]
	}
	return position, cash
}
