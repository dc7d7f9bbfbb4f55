package foundation

import (
	"context"
	"fmt"
	"math"

	"github.com/emergo/emergo/forecast"
)

// Parrot is the context-parroting baseline of Zhang & Gilpin (2025): it
// finds the past segment of the context that best matches the most
// recent Match rows and repeats what followed it. With L context rows
// (columns z-scored by the context's statistics), the lag τ ∈ [MinLag,
// L−Match] minimising
//
//	Σ_{i<Match} Σ_j (z_{L−Match+i, j} − z_{L−Match+i−τ, j})²
//
// (the smallest such τ on ties) defines the forecast x̂_{L+k} = x_{L+k−τ}
// for k = 0, 1, …, reading earlier forecasts when k ≥ τ, so the copied
// continuation repeats with period τ. It needs no training; Fit only
// records the number of columns.
//
// References:
//
//	Zhang, Y. & Gilpin, W. (2025). Context parroting: a simple but
//	  tough-to-beat baseline for foundation models in scientific machine
//	  learning. arXiv:2505.11349.
//	Lorenz, E. N. (1969). Atmospheric predictability as revealed by
//	  naturally occurring analogues. J. Atmos. Sci. 26, 636-646.
type Parrot struct {
	// Context is the number of rows searched (0: all rows given).
	Context int
	// Match is the length of the matched segment (default 16).
	Match int
	// MinLag is the smallest lag considered (0: Match), which keeps the
	// trivial near-zero lags of a smooth series out.
	MinLag int
	dim    int
}

// ParrotName is the Parrot's Forecaster name.
const ParrotName = "parrot"

// Name returns "parrot".
func (p *Parrot) Name() string { return ParrotName }

func (p *Parrot) match() int {
	if p.Match > 0 {
		return p.Match
	}
	return 16
}

func (p *Parrot) minLag() int {
	if p.MinLag > 0 {
		return p.MinLag
	}
	return p.match()
}

// ContextLen is the number of rows needed: Context, at least
// Match+MinLag.
func (p *Parrot) ContextLen() int { return max(p.Context, p.match()+p.minLag()) }

// Fit records the number of columns.
func (p *Parrot) Fit(ctx context.Context, train, val *forecast.Block) error {
	if train == nil || train.Rows < 1 {
		return fmt.Errorf("%s: fit: empty training data", ParrotName)
	}
	p.dim = train.Dim
	return ctx.Err()
}

// Predict copies the continuation of the best-matching past segment.
func (p *Parrot) Predict(c *forecast.Block, horizon int) (*forecast.Block, error) {
	need := p.ContextLen()
	switch {
	case c == nil || c.Rows < need:
		return nil, fmt.Errorf("%s: context needs at least %d rows", ParrotName, need)
	case p.dim > 0 && c.Dim != p.dim:
		return nil, fmt.Errorf("%s: context has %d columns, fitted on %d", ParrotName, c.Dim, p.dim)
	case horizon < 1:
		return nil, fmt.Errorf("%s: horizon %d must be at least 1", ParrotName, horizon)
	}
	rows := c.Rows
	if p.Context > 0 {
		rows = min(rows, p.Context)
	}
	ctxb := c.Slice(c.Rows-rows, c.Rows)
	if err := ctxb.Check(ParrotName + ": context"); err != nil {
		return nil, err
	}
	d := c.Dim
	sd := forecast.Std(ctxb)
	for j := range sd {
		if !(sd[j] > 0) {
			sd[j] = 1
		}
	}
	m := p.match()
	best, bestTau := math.Inf(1), -1
	for tau := p.minLag(); tau <= rows-m; tau++ {
		var s float64
		for i := 0; i < m && s < best; i++ {
			a := ctxb.Row(rows - m + i)
			b := ctxb.Row(rows - m + i - tau)
			for j := 0; j < d; j++ {
				e := (a[j] - b[j]) / sd[j]
				s += e * e
			}
		}
		if s < best {
			best, bestTau = s, tau
		}
	}
	seq := make([]float64, (rows+horizon)*d)
	copy(seq, ctxb.X)
	for k := 0; k < horizon; k++ {
		copy(seq[(rows+k)*d:(rows+k+1)*d], seq[(rows+k-bestTau)*d:(rows+k-bestTau+1)*d])
	}
	return forecast.NewBlock(seq[rows*d:], d), nil
}
