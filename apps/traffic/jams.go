package traffic

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strconv"

	"github.com/emergo/emergo/experiment"
	"github.com/emergo/emergo/statphys"
	sys "github.com/emergo/emergo/system/traffic"
)

// JamsName is the registered name of the jam-statistics experiment.
const JamsName = "traffic-jams"

// JamsParams are the parameters of "traffic-jams".
type JamsParams struct {
	// L is the ring length in cells (default 2000).
	L int `json:"L"`
	// Vmax and P are the maximum speed and braking probability (defaults
	// 5 and 0.25).
	Vmax int     `json:"vmax"`
	P    float64 `json:"p"`
	// Densities are the densities studied (default 0.12, 0.15, 0.2: near,
	// just above and well above the critical density ≈ 0.12 of vmax = 5,
	// p = 0.25 measured by "traffic-fundamental").
	Densities []float64 `json:"densities"`
	// Transient steps are discarded, then Steps steps are recorded
	// (defaults 2000 and 30000).
	Transient int `json:"transient"`
	Steps     int `json:"steps"`
	// Bootstrap is the number of CSN goodness-of-fit replicates per fit
	// (default 50; 0 skips the goodness-of-fit test, which costs
	// about 0.2 s per replicate when the fitted tail starts at a few cars
	// and holds thousands of jams).
	Bootstrap int `json:"bootstrap"`
	// HeatCells and HeatSteps size the space-time snapshot of the first
	// density (default 100 × 100).
	HeatCells int `json:"heat_cells"`
	HeatSteps int `json:"heat_steps"`
}

// DefaultJamsParams returns the defaults.
func DefaultJamsParams() *JamsParams {
	return &JamsParams{L: 2000, Vmax: 5, P: 0.25, Densities: []float64{0.12, 0.15, 0.2},
		Transient: 2000, Steps: 30000, Bootstrap: 50, HeatCells: 100, HeatSteps: 100}
}

// Validate names the first bad parameter.
func (p *JamsParams) Validate() error {
	if err := checkInt("L", p.L, 10, 1_000_000); err != nil {
		return err
	}
	if err := checkInt("vmax", p.Vmax, 1, 100); err != nil {
		return err
	}
	if err := checkRange("p", p.P, 0, 1); err != nil {
		return err
	}
	if len(p.Densities) == 0 || len(p.Densities) > 20 {
		return fmt.Errorf("densities: list 1 to 20 densities (got %d)", len(p.Densities))
	}
	for i, d := range p.Densities {
		if !(d > 0 && d < 1) {
			return fmt.Errorf("densities[%d]: %v is not in (0, 1)", i, d)
		}
		if math.Round(d*float64(p.L)) < 1 {
			return fmt.Errorf("densities[%d]: %v gives no car on L=%d cells", i, d, p.L)
		}
	}
	if err := checkInt("transient", p.Transient, 0, 10_000_000); err != nil {
		return err
	}
	if err := checkInt("steps", p.Steps, 10, 10_000_000); err != nil {
		return err
	}
	if err := checkInt("bootstrap", p.Bootstrap, 0, 100_000); err != nil {
		return err
	}
	if err := checkInt("heat_cells", p.HeatCells, 1, p.L); err != nil {
		return err
	}
	return checkInt("heat_steps", p.HeatSteps, 1, p.Steps)
}

// Jam is one space-time cluster of stopped cars.
type Jam struct {
	// Size is the number of stopped car-steps in the cluster (its area in
	// the space-time diagram).
	Size int
	// Start and End are the first and last steps with a stopped car of
	// the cluster; the lifetime is End − Start + 1.
	Start, End int
	// MaxCars is the largest number of cars stopped in it at one step.
	MaxCars int
}

// Lifetime is End − Start + 1.
func (j Jam) Lifetime() int { return j.End - j.Start + 1 }

// JamTracker finds jams in a space-time diagram fed one row (time step)
// at a time: a jam is a connected cluster of stopped cars, where a
// stopped car on cell x at step t is connected to stopped cars on cells
// x ± 1 at step t (bumper to bumper) and on cells x and x − 1 at step
// t + 1 (the car itself, or the next car joining the jam from behind as a
// jam drifts upstream). The road is a ring of L cells. Rows are labelled
// by runs of stopped cells, joined across rows by union-find, so memory
// grows with the number of runs, not with L × steps.
type JamTracker struct {
	l          int
	prev, cur  []int32 // node per cell at the previous/current row (-1: none)
	parent     []int32
	size       []int
	start, end []int
	maxCars    []int
	rowCars    []int // cars of a node created on the current row
	t          int
}

// NewJamTracker returns a tracker for a ring of l cells.
func NewJamTracker(l int) *JamTracker {
	j := &JamTracker{l: l, prev: make([]int32, l), cur: make([]int32, l)}
	for i := range j.prev {
		j.prev[i], j.cur[i] = -1, -1
	}
	return j
}

func (j *JamTracker) find(a int32) int32 {
	for j.parent[a] != a {
		j.parent[a] = j.parent[j.parent[a]]
		a = j.parent[a]
	}
	return a
}

func (j *JamTracker) union(a, b int32) {
	a, b = j.find(a), j.find(b)
	if a == b {
		return
	}
	if j.size[a] < j.size[b] {
		a, b = b, a
	}
	j.parent[b] = a
	j.size[a] += j.size[b]
	j.start[a] = min(j.start[a], j.start[b])
	j.end[a] = max(j.end[a], j.end[b])
	j.maxCars[a] = max(j.maxCars[a], j.maxCars[b])
}

// AddRow records the stopped cells of the next step (stopped[x] reports a
// stopped car on cell x; len(stopped) must be L).
func (j *JamTracker) AddRow(stopped []bool) {
	t := j.t
	j.prev, j.cur = j.cur, j.prev
	for x := range j.cur {
		j.cur[x] = -1
	}
	first := len(j.parent)
	for x := 0; x < j.l; x++ {
		if !stopped[x] {
			continue
		}
		if x > 0 && j.cur[x-1] >= 0 {
			j.cur[x] = j.cur[x-1]
			j.size[j.cur[x]]++
			j.rowCars[j.cur[x]]++
			continue
		}
		id := int32(len(j.parent))
		j.parent = append(j.parent, id)
		j.size = append(j.size, 1)
		j.start = append(j.start, t)
		j.end = append(j.end, t)
		j.maxCars = append(j.maxCars, 0)
		j.rowCars = append(j.rowCars, 1)
		j.cur[x] = id
	}
	if j.l > 1 && j.cur[0] >= 0 && j.cur[j.l-1] >= 0 {
		j.union(j.cur[0], j.cur[j.l-1])
	}
	for x := 0; x < j.l; x++ {
		if j.cur[x] < 0 {
			continue
		}
		if a := j.prev[x]; a >= 0 {
			j.union(j.cur[x], a)
		}
		if a := j.prev[(x+1)%j.l]; a >= 0 {
			j.union(j.cur[x], a)
		}
	}
	// Update the row statistics of the clusters present on this row: the
	// new nodes carry this row's cars; fold them into their roots' maxima.
	seen := map[int32]int{}
	for id := first; id < len(j.parent); id++ {
		seen[j.find(int32(id))] += j.rowCars[id]
		j.rowCars[id] = 0
	}
	for r, c := range seen {
		j.end[r] = t
		j.maxCars[r] = max(j.maxCars[r], c)
		j.rowCars[r] = 0
	}
	j.t++
}

// Jams returns the jams found so far, ordered by start; with complete
// true only those that neither touch the first nor the last recorded row
// (so their lifetimes are not censored by the observation window).
func (j *JamTracker) Jams(complete bool) []Jam {
	var out []Jam
	for i := range j.parent {
		if j.parent[i] != int32(i) {
			continue
		}
		if complete && (j.start[i] == 0 || j.end[i] == j.t-1) {
			continue
		}
		out = append(out, Jam{Size: j.size[i], Start: j.start[i], End: j.end[i], MaxCars: j.maxCars[i]})
	}
	sort.Slice(out, func(a, b int) bool { return out[a].Start < out[b].Start })
	return out
}

func init() {
	experiment.Register(experiment.Kind{
		Name:  JamsName,
		Title: "Traffic: emergent jams of the Nagel-Schreckenberg ring",
		Description: "Jams (space-time clusters of stopped cars) of the Nagel-Schreckenberg ring near and above the critical " +
			"density: their sizes and lifetimes, Clauset-Shalizi-Newman power-law fits with goodness-of-fit and likelihood-ratio " +
			"tests, a space-time snapshot and the CCDFs.",
		Params:   func() any { return DefaultJamsParams() },
		Validate: func(p any) error { return p.(*JamsParams).Validate() },
		Quick: func(p any) {
			q := p.(*JamsParams)
			q.L, q.Transient, q.Steps, q.Bootstrap = min(q.L, 1000), min(q.Transient, 500), min(q.Steps, 5000), 0
			q.HeatCells, q.HeatSteps = min(q.HeatCells, q.L), min(q.HeatSteps, q.Steps)
		},
		Run: func(ctx context.Context, p any, env *experiment.Env) (*experiment.Result, error) {
			return RunJams(ctx, p.(*JamsParams), env)
		},
	})
}

// stoppedRow marks the cells holding a stopped car.
func stoppedRow(m *sys.NaSch, row []bool, pos, vel []int) ([]int, []int) {
	pos = m.Positions(pos)
	vel = m.Speeds(vel)
	clear(row)
	for i, x := range pos {
		if vel[i] == 0 {
			row[x] = true
		}
	}
	return pos, vel
}

// ccdf returns the distinct values of x and the fraction of x ≥ each.
func ccdf(x []float64) (xs, ps []float64) {
	s := append([]float64(nil), x...)
	sort.Float64s(s)
	n := float64(len(s))
	for i := 0; i < len(s); i++ {
		if i > 0 && s[i] == s[i-1] {
			continue
		}
		xs = append(xs, s[i])
		ps = append(ps, float64(len(s)-i)/n)
	}
	return
}

// RunJams runs the jam statistics.
func RunJams(ctx context.Context, p *JamsParams, env *experiment.Env) (*experiment.Result, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	res := &experiment.Result{Title: "Emergent jams of the Nagel-Schreckenberg ring"}
	tab := experiment.Table{Title: "Jams per density (complete jams only) and power-law fits",
		Caption: "α: CSN maximum-likelihood exponent of the density p(x) ∝ x^−α above xmin (discrete fit); p_gof: bootstrap goodness of fit " +
			"(power law rejected when ≤ 0.1); LR vs lognormal / truncated PL: preferred model of the likelihood-ratio test.",
		Columns: []string{"ρ", "quantity", "jams", "mean", "max", "xmin", "n tail", "α ± σ", "p_gof", "vs lognormal", "vs truncated PL"}}
	sizePlot := experiment.Plot{Kind: experiment.Line, Title: "Jam size CCDF P(S ≥ s)", XLabel: "size s (stopped car-steps)", YLabel: "P(S ≥ s)", LogX: true, LogY: true}
	lifePlot := experiment.Plot{Kind: experiment.Line, Title: "Jam lifetime CCDF P(T ≥ τ)", XLabel: "lifetime τ (steps)", YLabel: "P(T ≥ τ)", LogX: true, LogY: true}
	total := len(p.Densities) * (p.Transient + p.Steps)
	done := 0
	row := make([]bool, p.L)
	var pos, vel []int
	for id, rho := range p.Densities {
		m, err := sys.NewNaSch(p.L, rho, p.Vmax, p.P, splitmix(env.Seed, 1000+id))
		if err != nil {
			return nil, err
		}
		for s := 0; s < p.Transient; s++ {
			if s%1000 == 0 {
				if err := ctx.Err(); err != nil {
					return nil, err
				}
				env.Progress(done+s, total)
			}
			_ = m.Step()
		}
		done += p.Transient
		tr := NewJamTracker(p.L)
		var heat [][]experiment.Float
		for s := 0; s < p.Steps; s++ {
			if s%1000 == 0 {
				if err := ctx.Err(); err != nil {
					return nil, err
				}
				env.Progress(done+s, total)
			}
			_ = m.Step()
			pos, vel = stoppedRow(m, row, pos, vel)
			tr.AddRow(row)
			if id == 0 && s < p.HeatSteps {
				hr := make([]experiment.Float, p.HeatCells)
				for i := range hr {
					hr[i] = experiment.Float(math.NaN())
				}
				for i, x := range pos {
					if x < p.HeatCells {
						hr[x] = experiment.Float(vel[i])
					}
				}
				heat = append(heat, hr)
			}
		}
		done += p.Steps
		if id == 0 {
			hp := experiment.Plot{Kind: experiment.Heat, Title: fmt.Sprintf("Space-time diagram at ρ = %g (speed; empty cells grey)", rho),
				Caption: "Rows are steps (time runs down), columns cells (cars drive right); jams are the bands of speed 0 drifting upstream (left).",
				Matrix:  heat}
			for s := range heat {
				hp.Rows = append(hp.Rows, strconv.Itoa(s))
			}
			for x := 0; x < p.HeatCells; x++ {
				hp.Cols = append(hp.Cols, strconv.Itoa(x))
			}
			res.Plots = append(res.Plots, hp)
		}
		jams := tr.Jams(true)
		sizes := make([]float64, len(jams))
		lifes := make([]float64, len(jams))
		for i, j := range jams {
			sizes[i], lifes[i] = float64(j.Size), float64(j.Lifetime())
		}
		res.Metric(fmt.Sprintf("jams_rho%g", rho), float64(len(jams)))
		for qi, q := range []struct {
			name string
			x    []float64
			plot *experiment.Plot
		}{{"size", sizes, &sizePlot}, {"lifetime", lifes, &lifePlot}} {
			mean, mx := math.NaN(), math.NaN()
			if len(q.x) > 0 {
				mean, _ = meanStd(q.x)
				mx = q.x[0]
				for _, v := range q.x {
					mx = math.Max(mx, v)
				}
				xs, ps := ccdf(q.x)
				q.plot.Series = append(q.plot.Series, experiment.NewSeries(fmt.Sprintf("ρ = %g", rho), xs, ps))
			}
			res.Metric(fmt.Sprintf("mean_%s_rho%g", q.name, rho), mean)
			boot := &statphys.BootstrapOptions{Replicates: p.Bootstrap, Seed: splitmix(env.Seed, 5000+10*id+qi)}
			if p.Bootstrap == 0 {
				boot.Replicates = -1
			}
			fit, err := statphys.AnalyzePowerLaw(ctx, q.x, &statphys.PowerLawOptions{Discrete: true}, boot)
			if err != nil {
				if ctx.Err() != nil {
					return nil, ctx.Err()
				}
				tab.AddRow(rho, q.name, len(q.x), mean, mx, "—", "—", "—", "—", "—", err.Error())
				res.Notes = append(res.Notes, fmt.Sprintf("ρ = %g %s: no power-law fit (%v).", rho, q.name, err))
				continue
			}
			lnPref, tpPref := "—", "—"
			for _, c := range fit.Comparisons {
				switch c.Alternative {
				case statphys.Lognormal:
					lnPref = fmt.Sprintf("%s (p=%.2g)", c.Preferred, c.P)
				case statphys.TruncatedPowerLaw:
					tpPref = fmt.Sprintf("%s (p=%.2g)", c.Preferred, c.P)
				}
			}
			tab.AddRow(rho, q.name, len(q.x), mean, mx, fit.Xmin, fit.NTail, fmt.Sprintf("%.3f ± %.3f", fit.Alpha, fit.Sigma), fit.P, lnPref, tpPref)
			res.Metric(fmt.Sprintf("alpha_%s_rho%g", q.name, rho), fit.Alpha)
			res.Metric(fmt.Sprintf("xmin_%s_rho%g", q.name, rho), fit.Xmin)
			res.Metric(fmt.Sprintf("gof_p_%s_rho%g", q.name, rho), fit.P)
			if id == 0 {
				// The fitted CCDF, rescaled to the empirical fraction of the
				// sample above xmin, over the tail.
				frac := float64(fit.NTail) / float64(len(q.x))
				var fx, fy []float64
				for x := fit.Xmin; x <= mx; x = math.Max(x+1, math.Round(x*1.25)) {
					fx = append(fx, x)
					fy = append(fy, frac*fit.CCDF(x))
				}
				s := experiment.NewSeries(fmt.Sprintf("power law α = %.2f (ρ = %g)", fit.Alpha, rho), fx, fy)
				s.Dash = true
				q.plot.Series = append(q.plot.Series, s)
			}
		}
	}
	env.Progress(total, total)
	res.Plots = append(res.Plots, sizePlot, lifePlot)
	res.Tables = append(res.Tables, tab)
	res.Summary = fmt.Sprintf("Ring of L = %d cells, vmax = %d, p = %g, densities %s; %d steps recorded after %d transient steps. "+
		"A jam is a connected space-time cluster of stopped cars (bumper-to-bumper at one step, the same or the next upstream cell at the next step); "+
		"jams cut by the observation window are left out.", p.L, p.Vmax, p.P, joinFloats(p.Densities), p.Steps, p.Transient)
	res.Notes = append(res.Notes,
		"Nagel & Paczuski (1995) found power-law jam lifetimes only in the cruise-control limit (no random braking at full speed); with "+
			"p > 0 at every speed the distributions are expected to be broad near the critical density but cut off, which the goodness-of-fit "+
			"p-values and the likelihood-ratio tests against the truncated power law and the lognormal measure.",
		"Above the critical density the jams merge into long-lived, system-spanning structures: fewer complete jams, longer lifetimes.")
	return res, nil
}
