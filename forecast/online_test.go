package forecast_test

import (
	"math"
	"testing"

	"github.com/emergo/emergo/forecast"
)

// PolyFeatures reproduces NVAR's feature vector: on the standardised
// delay taps of Lorenz rows, Eval equals NVAR.Represent exactly (the
// same products in the same order).
func TestPolyFeaturesMatchNVAR(t *testing.T) {
	data := lorenz(t, 0.025, nil, 200, 400)
	for _, tc := range []struct{ k, s, order int }{{2, 1, 2}, {3, 2, 3}, {1, 1, 1}} {
		m := fit(t, "nvar", map[string]float64{"k": float64(tc.k), "s": float64(tc.s), "order": float64(tc.order)}, 1, data)
		rep, err := m.(forecast.Representer).Represent(data)
		if err != nil {
			t.Fatal(err)
		}
		pf, err := forecast.NewPolyFeatures(tc.k*3, tc.order)
		if err != nil {
			t.Fatal(err)
		}
		if pf.Len() != rep.Dim {
			t.Fatalf("k=%d order=%d: %d features, NVAR has %d", tc.k, tc.order, pf.Len(), rep.Dim)
		}
		mu, sd := colStats(data)
		span := (tc.k-1)*tc.s + 1
		lin := make([]float64, tc.k*3)
		var phi []float64
		for r := 0; r < rep.Rows; r++ {
			row := r + span - 1
			for j := 0; j < tc.k; j++ {
				x := data.Row(row - j*tc.s)
				for l := 0; l < 3; l++ {
					lin[j*3+l] = (x[l] - mu[l]) / sd[l]
				}
			}
			phi = pf.Eval(phi, lin)
			for f, v := range phi {
				if want := rep.Row(r)[f]; v != want {
					t.Fatalf("k=%d s=%d order=%d: row %d feature %d = %v, NVAR %v", tc.k, tc.s, tc.order, r, f, v, want)
				}
			}
		}
	}
	if _, err := forecast.NewPolyFeatures(200, 3); err == nil {
		t.Error("200 linear features of order 3 were accepted, beyond MaxFeatures")
	}
}

// colStats returns the population mean and standard deviation of each
// column, as the models' standardisation computes them.
func colStats(b *forecast.Block) (mu, sd []float64) {
	mu, sd = make([]float64, b.Dim), make([]float64, b.Dim)
	for j := 0; j < b.Dim; j++ {
		for i := 0; i < b.Rows; i++ {
			mu[j] += b.Row(i)[j]
		}
		mu[j] /= float64(b.Rows)
		for i := 0; i < b.Rows; i++ {
			d := b.Row(i)[j] - mu[j]
			sd[j] += d * d
		}
		sd[j] = math.Sqrt(sd[j] / float64(b.Rows))
	}
	return mu, sd
}

// An ESNDriver fed the standardised rows reproduces Represent (the
// reservoir states) and, through its readout, the one-step forecasts of
// Predict; SetReadout with the fitted weights changes nothing, with
// doubled weights it changes the forecast accordingly.
func TestESNDriver(t *testing.T) {
	const tol = 1e-12
	data := lorenz(t, 0.02, nil, 200, 600)
	train := data.Slice(0, 400)
	m := fit(t, "esn", map[string]float64{"size": 60, "washout": 50}, 3, train).(*forecast.ESN)
	d, err := m.Driver()
	if err != nil {
		t.Fatal(err)
	}
	rep, err := m.Represent(data)
	if err != nil {
		t.Fatal(err)
	}
	var u, z, x []float64
	var st []float64
	for i := 0; i < data.Rows; i++ {
		u = d.Standardize(u, data.Row(i))
		d.Step(u)
		if i < 50 {
			continue
		}
		st = d.State(st)
		for j, v := range st {
			if v != rep.Row(i - 50)[j] {
				t.Fatalf("row %d node %d: driver %v, Represent %v", i, j, v, rep.Row(i - 50)[j])
			}
		}
	}
	if d.Steps() != data.Rows || d.Washout() != 50 || d.Size() != 60 || d.NumFeatures() != 120 || d.Dim() != 3 {
		t.Errorf("steps %d washout %d size %d features %d dim %d", d.Steps(), d.Washout(), d.Size(), d.NumFeatures(), d.Dim())
	}
	// The readout of the driver that consumed a whole context equals the
	// first forecast of Predict from that context (both start at zero).
	ctx := data.Slice(100, 200)
	d.Reset()
	for i := 0; i < ctx.Rows; i++ {
		u = d.Standardize(u, ctx.Row(i))
		d.Step(u)
	}
	z = d.Readout(z)
	x = d.Unstandardize(x, z)
	p, err := m.Predict(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	for j := range x {
		if math.Abs(x[j]-p.X[j]) > tol*math.Max(1, math.Abs(p.X[j])) {
			t.Errorf("column %d: driver forecast %v, Predict %v", j, x[j], p.X[j])
		}
	}
	// The readout computed from the exposed weights and features agrees.
	w, b, err := m.ReadoutWeights()
	if err != nil {
		t.Fatal(err)
	}
	phi := d.Features(nil)
	for k := range b {
		v := b[k]
		for f, pf := range phi {
			v += w[f*3+k] * pf
		}
		if math.Abs(v-z[k]) > tol*math.Max(1, math.Abs(z[k])) {
			t.Errorf("output %d: wᵀφ + b = %v, Readout %v", k, v, z[k])
		}
	}
	// Doubling the weights and intercepts doubles the standardised forecast.
	for i := range w {
		w[i] *= 2
	}
	for i := range b {
		b[i] *= 2
	}
	if err := m.SetReadout(w, b); err != nil {
		t.Fatal(err)
	}
	z2 := d.Readout(nil)
	for k := range z2 {
		if math.Abs(z2[k]-2*z[k]) > tol*math.Max(1, math.Abs(z[k])) {
			t.Errorf("output %d after doubling: %v, want %v", k, z2[k], 2*z[k])
		}
	}
	mu, sd, err := m.Scaling()
	if err != nil || len(mu) != 3 || len(sd) != 3 {
		t.Fatalf("Scaling: %v %v %v", mu, sd, err)
	}
	for _, bad := range []struct {
		w, b []float64
	}{{w[:5], b}, {w, b[:1]}, {append(append([]float64(nil), w[:len(w)-1]...), math.NaN()), b}} {
		if err := m.SetReadout(bad.w, bad.b); err == nil {
			t.Errorf("SetReadout accepted %d weights, %d intercepts (last weight %v)", len(bad.w), len(bad.b), bad.w[len(bad.w)-1])
		}
	}
	var unfitted forecast.ESN
	if _, err := unfitted.Driver(); err == nil {
		t.Error("Driver of an unfitted ESN succeeded")
	}
}
