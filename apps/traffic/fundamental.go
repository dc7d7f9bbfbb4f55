package traffic

import (
	"context"
	"fmt"
	"math"

	"github.com/emergo/emergo/experiment"
	sys "github.com/emergo/emergo/system/traffic"
)

// FundamentalName is the registered name of the fundamental-diagram
// experiment.
const FundamentalName = "traffic-fundamental"

// FundamentalParams are the parameters of "traffic-fundamental".
type FundamentalParams struct {
	// L is the ring length in cells (default 600, a multiple of 6 so that
	// ρ = 1/6 is a grid density for vmax = 5).
	L int `json:"L"`
	// Vmax is the maximum speed (default 5).
	Vmax int `json:"vmax"`
	// Ps are the braking probabilities, one curve each (default 0, 0.1,
	// 0.25, 0.5); 0 gives the exact deterministic curve.
	Ps []float64 `json:"ps"`
	// Densities is the number of grid densities k/Densities·… : the grid
	// is ρ_k = k/Densities for k = 1 … Densities−1 (default 60).
	Densities int `json:"densities"`
	// Transient and Steps are the steps discarded and averaged per point
	// (defaults 1000 and 2000).
	Transient int `json:"transient"`
	Steps     int `json:"steps"`
}

// DefaultFundamentalParams returns the defaults.
func DefaultFundamentalParams() *FundamentalParams {
	return &FundamentalParams{L: 600, Vmax: 5, Ps: []float64{0, 0.1, 0.25, 0.5}, Densities: 60, Transient: 1000, Steps: 2000}
}

// Validate names the first bad parameter.
func (p *FundamentalParams) Validate() error {
	if err := checkInt("L", p.L, 10, 1_000_000); err != nil {
		return err
	}
	if err := checkInt("vmax", p.Vmax, 1, 100); err != nil {
		return err
	}
	if len(p.Ps) == 0 || len(p.Ps) > 20 {
		return fmt.Errorf("ps: list 1 to 20 braking probabilities (got %d)", len(p.Ps))
	}
	for i, v := range p.Ps {
		if err := checkRange(fmt.Sprintf("ps[%d]", i), v, 0, 1); err != nil {
			return err
		}
	}
	if err := checkInt("densities", p.Densities, 4, p.L); err != nil {
		return err
	}
	if err := checkInt("transient", p.Transient, 0, 10_000_000); err != nil {
		return err
	}
	return checkInt("steps", p.Steps, 1, 10_000_000)
}

// ExactFlowDeterministic is the stationary flow of the deterministic
// (p = 0) NaSch on a ring, J(ρ) = min(vmax ρ, 1 − ρ) (Nagel &
// Schreckenberg 1992).
func ExactFlowDeterministic(rho float64, vmax int) float64 {
	return math.Min(float64(vmax)*rho, 1-rho)
}

// UniformRing returns a NaSch ring with n cars spread as evenly as
// possible (car i on cell ⌊iL/n⌋), all at rest. From this start the
// deterministic model reaches its stationary flow exactly: below
// 1/(vmax+1) every gap is at least vmax, above it every gap is at most
// vmax, so every car ends up moving at min(vmax, its gap).
func UniformRing(l, n, vmax int, p float64, seed uint64) (*sys.NaSch, error) {
	if n < 1 || n > l {
		return nil, fmt.Errorf("cars: %d is not in [1, L=%d]", n, l)
	}
	cells := make([]int, n)
	for i := range cells {
		cells[i] = i * l / n
	}
	return sys.NewNaSchAt(l, vmax, p, cells, seed)
}

// MeanFlow runs transient steps, then returns the flow Σv/L averaged over
// steps.
func MeanFlow(m *sys.NaSch, transient, steps int) float64 {
	for i := 0; i < transient; i++ {
		_ = m.Step()
	}
	var s int64
	for i := 0; i < steps; i++ {
		_ = m.Step()
		s += m.Moved()
	}
	return float64(s) / float64(steps) / float64(m.L())
}

// Peak returns the argmax of y over x refined by the parabola through the
// best grid point and its neighbours (the grid point itself at an end or
// when the parabola is not concave), and the parabola's maximum.
func Peak(x, y []float64) (xc, yc float64) {
	k := 0
	for i := range y {
		if y[i] > y[k] {
			k = i
		}
	}
	xc, yc = x[k], y[k]
	if k == 0 || k == len(y)-1 {
		return
	}
	x0, x1, x2 := x[k-1], x[k], x[k+1]
	y0, y1, y2 := y[k-1], y[k], y[k+1]
	d := (x0 - x1) * (x0 - x2) * (x1 - x2)
	a := (x2*(y1-y0) + x1*(y0-y2) + x0*(y2-y1)) / d
	b := (x2*x2*(y0-y1) + x1*x1*(y2-y0) + x0*x0*(y1-y2)) / d
	c := y0 - a*x0*x0 - b*x0
	if !(a < 0) {
		return
	}
	xv := -b / (2 * a)
	if xv < x0 || xv > x2 {
		return
	}
	return xv, a*xv*xv + b*xv + c
}

func init() {
	experiment.Register(experiment.Kind{
		Name:  FundamentalName,
		Title: "Traffic: fundamental diagram of the Nagel-Schreckenberg ring",
		Description: "Flow against density of the Nagel-Schreckenberg automaton on a ring for several braking probabilities p, " +
			"the critical density (peak of the flow curve) and capacity per p, checked against the exact deterministic curve " +
			"J = min(vmax ρ, 1 − ρ) with peak at ρ = 1/(vmax+1).",
		Params:   func() any { return DefaultFundamentalParams() },
		Validate: func(p any) error { return p.(*FundamentalParams).Validate() },
		Quick: func(p any) {
			q := p.(*FundamentalParams)
			q.L, q.Densities, q.Transient, q.Steps = min(q.L, 300), min(q.Densities, 30), min(q.Transient, 300), min(q.Steps, 500)
		},
		Run: func(ctx context.Context, p any, env *experiment.Env) (*experiment.Result, error) {
			return RunFundamental(ctx, p.(*FundamentalParams), env)
		},
	})
}

// RunFundamental measures the fundamental diagrams.
func RunFundamental(ctx context.Context, p *FundamentalParams, env *experiment.Env) (*experiment.Result, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	res := &experiment.Result{Title: "Fundamental diagram of the Nagel-Schreckenberg ring"}
	var rhos []float64
	var ns []int
	last := -1
	for k := 1; k < p.Densities; k++ {
		n := int(math.Round(float64(k) / float64(p.Densities) * float64(p.L)))
		if n == last || n < 1 {
			continue
		}
		last = n
		ns = append(ns, n)
		rhos = append(rhos, float64(n)/float64(p.L))
	}
	total := len(p.Ps) * len(ns)
	plot := experiment.Plot{Kind: experiment.Line, Title: "Fundamental diagram J(ρ)", XLabel: "density ρ (cars/cell)", YLabel: "flow J (cars/step)"}
	tab := experiment.Table{Title: "Critical density and capacity per braking probability",
		Columns: []string{"p", "critical density ρc", "capacity J(ρc)", "grid peak ρ", "grid peak J"}}
	done := 0
	rhoStar := 1 / float64(p.Vmax+1)
	for ip, pb := range p.Ps {
		flows := make([]float64, len(ns))
		for i, n := range ns {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			m, err := UniformRing(p.L, n, p.Vmax, pb, splitmix(env.Seed, ip*100000+i))
			if err != nil {
				return nil, err
			}
			flows[i] = MeanFlow(m, p.Transient, p.Steps)
			done++
			env.Progress(done, total)
		}
		s := experiment.NewSeries(fmt.Sprintf("p = %g", pb), rhos, flows)
		s.Marker = true
		plot.Series = append(plot.Series, s)
		xc, yc := Peak(rhos, flows)
		k := 0
		for i := range flows {
			if flows[i] > flows[k] {
				k = i
			}
		}
		if pb == 0 {
			// The deterministic curve is a tent, not a parabola: its
			// maximum is the grid point (exact when 1/(vmax+1) is on it).
			xc, yc = rhos[k], flows[k]
		}
		tab.AddRow(pb, xc, yc, rhos[k], flows[k])
		res.Metric(fmt.Sprintf("critical_density_p%g", pb), xc)
		res.Metric(fmt.Sprintf("capacity_p%g", pb), yc)
		if pb == 0 {
			var dev float64
			for i, r := range rhos {
				dev = math.Max(dev, math.Abs(flows[i]-ExactFlowDeterministic(r, p.Vmax)))
			}
			res.Metric("p0_max_abs_deviation_from_exact", dev)
			res.Metric("p0_grid_peak_density", rhos[k])
			res.Notes = append(res.Notes, fmt.Sprintf("p = 0: largest |J − min(vmax ρ, 1 − ρ)| over the grid is %.3g; the grid peak is at ρ = %.4g (exact 1/(vmax+1) = %.4g, J = %.4g).",
				dev, rhos[k], rhoStar, float64(p.Vmax)/float64(p.Vmax+1)))
		}
	}
	exact := make([]float64, len(rhos))
	for i, r := range rhos {
		exact[i] = ExactFlowDeterministic(r, p.Vmax)
	}
	es := experiment.NewSeries("exact p = 0", rhos, exact)
	es.Dash = true
	plot.Series = append(plot.Series, es)
	plot.VLines = []experiment.Ref{{At: experiment.Float(rhoStar), Label: "1/(vmax+1)"}}
	res.Plots = append(res.Plots, plot)
	res.Tables = append(res.Tables, tab)
	res.Metric("exact_critical_density_p0", rhoStar)
	res.Summary = fmt.Sprintf("Ring of L = %d cells, vmax = %d, %d densities, cars evenly spaced at rest, %d transient + %d averaged steps per point. "+
		"Random braking lowers the capacity and moves the critical density below 1/(vmax+1).", p.L, p.Vmax, len(rhos), p.Transient, p.Steps)
	res.Notes = append(res.Notes, "For p = 0 the critical density is the grid maximum (the curve is a tent); for p > 0 it is the vertex of the parabola through the grid maximum and its neighbours; its resolution is the grid spacing 1/densities.")
	return res, nil
}
