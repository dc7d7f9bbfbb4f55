package ensemble

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/emergo/emergo/forecast"
)

// Combination selects how an Ensemble combines its members' forecasts.
type Combination int

const (
	// Mean averages the members with equal weights 1/M.
	Mean Combination = iota
	// Weighted uses the fixed convex weights of Options.Weights.
	Weighted
	// InverseError weights each member by the inverse of its one-step
	// mean squared error on the validation rows, normalised to sum to 1
	// (Bates & Granger 1969).
	InverseError
	// Stacked fits the convex weights (w ≥ 0, Σw = 1) that minimise the
	// mean squared error of the combined one-step forecasts of the
	// validation rows (Wolpert 1992; Breiman 1996), by accelerated
	// projected gradient descent.
	Stacked
)

// String names the combination.
func (c Combination) String() string {
	switch c {
	case Mean:
		return "mean"
	case Weighted:
		return "weighted"
	case InverseError:
		return "inverse-error"
	case Stacked:
		return "stacked"
	}
	return fmt.Sprintf("Combination(%d)", int(c))
}

// MinValRows is the number of validation rows InverseError and Stacked
// need to fit their weights.
const MinValRows = 10

// Options configures an Ensemble. The zero value (or nil) is the mean of
// the members under the name "ensemble".
type Options struct {
	// Name is the ensemble's Name ("" → "ensemble").
	Name string
	// Combination selects the combination rule.
	Combination Combination
	// Weights are the convex weights of Weighted (one per member,
	// non-negative, summing to 1 within 1e-9).
	Weights []float64
}

// Member names a registered model and its spec, for Build.
type Member struct {
	Model string
	Spec  forecast.Spec
}

// Build constructs the members from the forecast registry; the error
// names the first member that fails.
func Build(members []Member) ([]forecast.Forecaster, error) {
	out := make([]forecast.Forecaster, len(members))
	for i, m := range members {
		f, err := forecast.New(m.Model, m.Spec)
		if err != nil {
			return nil, fmt.Errorf("ensemble: member %d (%s): %w", i, m.Model, err)
		}
		out[i] = f
	}
	return out, nil
}

// Homogeneous returns m members of one model with the same
// hyperparameters and seeds seed, seed+1, …: the reference ensemble
// whose diversity comes only from the random initialisation.
func Homogeneous(model string, hyper map[string]float64, m int, seed uint64) []Member {
	out := make([]Member, m)
	for i := range out {
		out[i] = Member{Model: model, Spec: forecast.Spec{Hyper: hyper, Seed: seed + uint64(i)}}
	}
	return out
}

// Ensemble is a heterogeneous ensemble of forecasters, itself a
// forecast.Forecaster: Fit fits every member on the same data (in order),
// then, for InverseError and Stacked, the combination weights from the
// members' one-step forecasts of the validation rows; Predict runs every
// member's own closed loop from the context and combines the forecasts
// row by row,
//
//	f̄(t) = Σ_α w_α f_α(t).
//
// The members keep their own feedback: each rolls out on its own
// forecasts, not on the combined ones (for horizon 1 the two coincide).
// ContextLen is the largest member context; each member receives the
// whole context block (longer contexts are allowed by the Forecaster
// contract). Represent concatenates the representations of the members
// that implement forecast.Representer, aligned to the end.
//
// References:
//
//	Bates, J. M. & Granger, C. W. J. (1969). The combination of
//	  forecasts. Oper. Res. Q. 20, 451-468.
//	Wolpert, D. H. (1992). Stacked generalization. Neural Networks 5,
//	  241-259.
//	Breiman, L. (1996). Stacked regressions. Machine Learning 24, 49-64.
//	Krogh, A. & Vedelsby, J. (1995). Neural network ensembles, cross
//	  validation, and active learning. NIPS 7, 231-238.
type Ensemble struct {
	name    string
	members []forecast.Forecaster
	comb    Combination
	fixed   []float64
	weights []float64
	fitted  bool
	dim     int
}

// New returns an unfitted ensemble of members (not copied; the ensemble
// fits them). It returns an error for no members, a nil member, a
// member listed twice, or invalid weights.
func New(members []forecast.Forecaster, opt *Options) (*Ensemble, error) {
	var o Options
	if opt != nil {
		o = *opt
	}
	if len(members) == 0 {
		return nil, errors.New("ensemble: no members")
	}
	seen := map[forecast.Forecaster]int{}
	for i, m := range members {
		if m == nil {
			return nil, fmt.Errorf("ensemble: member %d is nil", i)
		}
		if j, dup := seen[m]; dup {
			return nil, fmt.Errorf("ensemble: members %d and %d are the same model value; build separate members", j, i)
		}
		seen[m] = i
	}
	if o.Name == "" {
		o.Name = "ensemble"
	}
	e := &Ensemble{name: o.Name, members: append([]forecast.Forecaster(nil), members...), comb: o.Combination}
	switch o.Combination {
	case Mean, InverseError, Stacked:
	case Weighted:
		if err := checkWeights(o.Weights, len(members)); err != nil {
			return nil, err
		}
		e.fixed = append([]float64(nil), o.Weights...)
	default:
		return nil, fmt.Errorf("ensemble: unknown combination %v", o.Combination)
	}
	return e, nil
}

func checkWeights(w []float64, m int) error {
	if len(w) != m {
		return fmt.Errorf("ensemble: %d weights for %d members", len(w), m)
	}
	var s float64
	for i, v := range w {
		if !(v >= 0) || math.IsInf(v, 0) {
			return fmt.Errorf("ensemble: weight %d is %v; weights must be finite and non-negative", i, v)
		}
		s += v
	}
	if math.Abs(s-1) > 1e-9 {
		return fmt.Errorf("ensemble: weights sum to %v, not 1", s)
	}
	return nil
}

// Name returns the ensemble's name.
func (e *Ensemble) Name() string { return e.name }

// Size is the number of members M.
func (e *Ensemble) Size() int { return len(e.members) }

// Members returns the members (the slice is a copy; the models are
// shared).
func (e *Ensemble) Members() []forecast.Forecaster {
	return append([]forecast.Forecaster(nil), e.members...)
}

// Combination returns the combination rule.
func (e *Ensemble) Combination() Combination { return e.comb }

// Weights returns a copy of the combination weights (nil before Fit).
func (e *Ensemble) Weights() []float64 { return append([]float64(nil), e.weights...) }

// ContextLen is the largest member context length.
func (e *Ensemble) ContextLen() int {
	c := 1
	for _, m := range e.members {
		c = max(c, m.ContextLen())
	}
	return c
}

// memberErr names a member in an error.
func (e *Ensemble) memberErr(i int, err error) error {
	return fmt.Errorf("%s: member %d (%s): %w", e.name, i, e.members[i].Name(), err)
}

// Fit fits every member on train (with val), then the combination
// weights. InverseError and Stacked need val with at least MinValRows
// rows: each validation row is forecast one step ahead by every member
// from the rows before it (the end of train, then val).
func (e *Ensemble) Fit(ctx context.Context, train, val *forecast.Block) error {
	e.fitted = false
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%s: fit: %w", e.name, err)
	}
	if train == nil || train.Dim < 1 {
		return fmt.Errorf("%s: fit: empty training block", e.name)
	}
	if val != nil && val.Dim != train.Dim {
		return fmt.Errorf("%s: fit: validation block has %d columns, training block %d", e.name, val.Dim, train.Dim)
	}
	needVal := e.comb == InverseError || e.comb == Stacked
	if needVal && (val == nil || val.Rows < MinValRows) {
		rows := 0
		if val != nil {
			rows = val.Rows
		}
		return fmt.Errorf("%s: fit: the %v combination needs a validation block of at least %d rows, got %d", e.name, e.comb, MinValRows, rows)
	}
	for i, m := range e.members {
		if err := m.Fit(ctx, train, val); err != nil {
			return e.memberErr(i, err)
		}
	}
	e.dim = train.Dim
	M := len(e.members)
	switch e.comb {
	case Mean:
		e.weights = make([]float64, M)
		for i := range e.weights {
			e.weights[i] = 1 / float64(M)
		}
	case Weighted:
		e.weights = append([]float64(nil), e.fixed...)
	default:
		cl := e.ContextLen()
		if train.Rows < cl {
			return fmt.Errorf("%s: fit: %d training rows cannot provide the %d context rows of the validation forecasts", e.name, train.Rows, cl)
		}
		joined := joinRows(train.Slice(train.Rows-cl, train.Rows), val)
		preds, err := e.oneStepAll(joined, cl, joined.Rows)
		if err != nil {
			return err
		}
		truth := joined.Slice(cl, joined.Rows)
		scale := forecast.Std(train)
		if e.comb == InverseError {
			e.weights = inverseErrorWeights(preds, truth, scale)
		} else {
			e.weights = stackWeights(preds, truth, scale)
		}
	}
	e.fitted = true
	return nil
}

// joinRows returns a new block holding a's rows then b's.
func joinRows(a, b *forecast.Block) *forecast.Block {
	x := make([]float64, 0, len(a.X)+len(b.X))
	x = append(append(x, a.X...), b.X...)
	return forecast.NewBlock(x, a.Dim)
}

// OneStep returns m's one-step forecasts of rows [from, to) of data, each
// from the m.ContextLen() rows before it. It needs from ≥ ContextLen.
func OneStep(m forecast.Forecaster, data *forecast.Block, from, to int) (*forecast.Block, error) {
	cl := m.ContextLen()
	if from < cl || to > data.Rows || from >= to {
		return nil, fmt.Errorf("ensemble: one-step forecasts of rows [%d, %d) of %d need %d context rows before the first", from, to, data.Rows, cl)
	}
	d := data.Dim
	out := make([]float64, 0, (to-from)*d)
	for i := from; i < to; i++ {
		p, err := m.Predict(data.Slice(i-cl, i), 1)
		if err != nil {
			return nil, fmt.Errorf("one-step forecast of row %d: %w", i, err)
		}
		out = append(out, p.X...)
	}
	return forecast.NewBlock(out, d), nil
}

// oneStepAll returns every member's one-step forecasts of rows [from, to).
func (e *Ensemble) oneStepAll(data *forecast.Block, from, to int) ([]*forecast.Block, error) {
	out := make([]*forecast.Block, len(e.members))
	for i, m := range e.members {
		p, err := OneStep(m, data, from, to)
		if err != nil {
			return nil, e.memberErr(i, err)
		}
		out[i] = p
	}
	return out, nil
}

// MemberOneStep returns each member's one-step forecasts of rows
// [from, to) of data (from ≥ ContextLen), for diversity analyses.
func (e *Ensemble) MemberOneStep(data *forecast.Block, from, to int) ([]*forecast.Block, error) {
	if !e.fitted {
		return nil, fmt.Errorf("%s: model is not fitted; call Fit first", e.name)
	}
	if data == nil || data.Dim != e.dim {
		return nil, fmt.Errorf("%s: one-step data must have %d columns", e.name, e.dim)
	}
	return e.oneStepAll(data, from, to)
}

// MemberPredict returns each member's forecast of horizon rows from the
// context.
func (e *Ensemble) MemberPredict(c *forecast.Block, horizon int) ([]*forecast.Block, error) {
	if !e.fitted {
		return nil, fmt.Errorf("%s: model is not fitted; call Fit first", e.name)
	}
	if c == nil {
		return nil, fmt.Errorf("%s: context block is nil", e.name)
	}
	if c.Rows < e.ContextLen() {
		return nil, fmt.Errorf("%s: context has %d rows; the model needs at least %d", e.name, c.Rows, e.ContextLen())
	}
	out := make([]*forecast.Block, len(e.members))
	for i, m := range e.members {
		p, err := m.Predict(c, horizon)
		if err != nil {
			return nil, e.memberErr(i, err)
		}
		out[i] = p
	}
	return out, nil
}

// Combine returns Σ_α w_α preds[α] (all of the same shape).
func Combine(preds []*forecast.Block, w []float64) *forecast.Block {
	if len(preds) == 0 || len(w) != len(preds) {
		panic(fmt.Sprintf("ensemble: Combine with %d forecasts and %d weights", len(preds), len(w)))
	}
	out := make([]float64, len(preds[0].X))
	for a, p := range preds {
		if len(p.X) != len(out) || p.Dim != preds[0].Dim {
			panic("ensemble: Combine with forecasts of different shapes")
		}
		for k, v := range p.X {
			out[k] += w[a] * v
		}
	}
	return forecast.NewBlock(out, preds[0].Dim)
}

// Predict combines the members' forecasts of horizon rows.
func (e *Ensemble) Predict(c *forecast.Block, horizon int) (*forecast.Block, error) {
	if !e.fitted {
		return nil, fmt.Errorf("%s: model is not fitted; call Fit first", e.name)
	}
	if horizon < 1 {
		return nil, fmt.Errorf("%s: predict: horizon %d must be at least 1", e.name, horizon)
	}
	if c == nil || c.Dim != e.dim {
		return nil, fmt.Errorf("%s: context must have %d columns", e.name, e.dim)
	}
	preds, err := e.MemberPredict(c, horizon)
	if err != nil {
		return nil, err
	}
	return Combine(preds, e.weights), nil
}

// Represent concatenates, for each row, the representations of the
// members that implement forecast.Representer, aligned to the end of x
// (the result has as many rows as the shortest member representation).
// It is an error when no member implements it.
func (e *Ensemble) Represent(x *forecast.Block) (*forecast.Block, error) {
	if !e.fitted {
		return nil, fmt.Errorf("%s: model is not fitted; call Fit first", e.name)
	}
	var reps []*forecast.Block
	var names []string
	for i, m := range e.members {
		r, ok := m.(forecast.Representer)
		if !ok {
			continue
		}
		b, err := r.Represent(x)
		if err != nil {
			return nil, e.memberErr(i, err)
		}
		reps = append(reps, b)
		names = append(names, m.Name())
	}
	if len(reps) == 0 {
		return nil, fmt.Errorf("%s: no member exposes a representation (forecast.Representer)", e.name)
	}
	rows, width := reps[0].Rows, 0
	for _, r := range reps {
		rows = min(rows, r.Rows)
		width += r.Dim
	}
	if rows < 1 || width < 1 {
		return nil, fmt.Errorf("%s: the member representations (%s) are empty", e.name, strings.Join(names, ", "))
	}
	out := make([]float64, rows*width)
	off := 0
	for _, r := range reps {
		skip := r.Rows - rows
		for i := 0; i < rows; i++ {
			copy(out[i*width+off:], r.Row(skip+i))
		}
		off += r.Dim
	}
	return forecast.NewBlock(out, width), nil
}
