package forecast

import "context"

// Persistence is the naive forecast: every future row equals the last
// observed row, x̂_{t+h} = x_t. It is the baseline of MASE and the
// forecast that a random walk makes optimal.
//
// References:
//
//	Hyndman, R. J. & Athanasopoulos, G. (2021). Forecasting: Principles
//	  and Practice, 3rd ed., OTexts, Sect. 5.2 (naïve method).
type Persistence struct {
	dim int
}

// Mean forecasts every future row as the per-column mean of the training
// data, x̂_{t+h} = x̄ (the optimal constant forecast under squared error;
// its MSE on stationary data is the variance).
type Mean struct {
	mean []float64
}

func init() {
	Register(Entry{
		Info: Info{
			Name:        "persistence",
			Family:      "baseline",
			Description: "Naive forecast: every future row equals the last observed row, x̂(t+h) = x(t).",
			Citation:    "Hyndman, R. J. & Athanasopoulos, G. (2021). Forecasting: Principles and Practice, 3rd ed. OTexts, Sect. 5.2.",
		},
		Build: func(map[string]float64, uint64) (Forecaster, error) { return &Persistence{}, nil },
	})
	Register(Entry{
		Info: Info{
			Name:        "mean",
			Family:      "baseline",
			Description: "Climatology: every future row equals the per-column mean of the training data.",
			Citation:    "Hyndman, R. J. & Athanasopoulos, G. (2021). Forecasting: Principles and Practice, 3rd ed. OTexts, Sect. 5.2.",
		},
		Build: func(map[string]float64, uint64) (Forecaster, error) { return &Mean{}, nil },
	})
}

// Name returns "persistence".
func (m *Persistence) Name() string { return "persistence" }

// ContextLen is 1.
func (m *Persistence) ContextLen() int { return 1 }

// Fit records the dimension after checking the data.
func (m *Persistence) Fit(ctx context.Context, train, val *Block) error {
	if err := checkTrain(ctx, "persistence", train, val, 1, "persistence"); err != nil {
		return err
	}
	m.dim = train.Dim
	return nil
}

// Predict repeats the last context row horizon times.
func (m *Persistence) Predict(c *Block, horizon int) (*Block, error) {
	if err := checkContext("persistence", m.dim > 0, m.dim, c, 1, horizon); err != nil {
		return nil, err
	}
	last := c.Row(c.Rows - 1)
	out := make([]float64, horizon*m.dim)
	for h := 0; h < horizon; h++ {
		copy(out[h*m.dim:], last)
	}
	return NewBlock(out, m.dim), nil
}

// Name returns "mean".
func (m *Mean) Name() string { return "mean" }

// ContextLen is 1 (the context only fixes the dimension).
func (m *Mean) ContextLen() int { return 1 }

// Fit computes the per-column training mean.
func (m *Mean) Fit(ctx context.Context, train, val *Block) error {
	if err := checkTrain(ctx, "mean", train, val, 1, "the mean"); err != nil {
		return err
	}
	d := train.Dim
	mu := make([]float64, d)
	for i := 0; i < train.Rows; i++ {
		for j, v := range train.Row(i) {
			mu[j] += v
		}
	}
	for j := range mu {
		mu[j] /= float64(train.Rows)
	}
	m.mean = mu
	return nil
}

// Predict returns the training mean horizon times.
func (m *Mean) Predict(c *Block, horizon int) (*Block, error) {
	d := len(m.mean)
	if err := checkContext("mean", d > 0, d, c, 1, horizon); err != nil {
		return nil, err
	}
	out := make([]float64, horizon*d)
	for h := 0; h < horizon; h++ {
		copy(out[h*d:], m.mean)
	}
	return NewBlock(out, d), nil
}
