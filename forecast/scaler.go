package forecast

import "context"

// Scaler is the column standardiser the zoo's models use, exported for
// models built outside this package (adapt/reservoir, adapt/ensemble):
// z = (x − μ)/σ with the population mean and standard deviation of the
// training rows; a constant column is only centred.
type Scaler struct{ s scaler }

// FitScaler fits a Scaler to the rows of b.
func FitScaler(b *Block) *Scaler { return &Scaler{fitScaler(b)} }

// To writes the standardised x into dst (both of length Dim).
func (s *Scaler) To(dst, x []float64) { s.s.to(dst, x) }

// From writes the physical value of z into dst.
func (s *Scaler) From(dst, z []float64) { s.s.from(dst, z) }

// Standardize returns a standardised copy of b's values.
func (s *Scaler) Standardize(b *Block) []float64 { return s.s.standardize(b) }

// Ridge fits the readout min Σ_i ‖y_i − b − Wᵀφ_i‖² + α‖W‖²_F over m
// samples of nf features and d outputs with an unpenalised intercept,
// the solver of the zoo's linear readouts (SVD for moderate sizes, the
// normal equations by Cholesky beyond); row(i, φ, y) writes sample i and
// name labels errors. W is nf×d row-major.
func Ridge(ctx context.Context, name string, m, nf, d int, alpha float64, row func(i int, phi, y []float64)) (w, b []float64, err error) {
	return ridge(ctx, name, m, nf, d, alpha, row)
}
