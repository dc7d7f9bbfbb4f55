package cli

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/emergo/emergo/data"
	"github.com/emergo/emergo/system"
)

// demoBudget bounds the wall time of one demo system, so that the whole
// demo stays well under half a minute even on a slow machine.
const demoBudget = 4 * time.Second

// demoItem is one system of the demo: how long to run it and what to say
// about its trajectory.
type demoItem struct {
	name      string
	dt        float64 // sampling interval of flows (0: the system's own)
	steps     int     // recorded steps
	transient int     // discarded steps
	// char describes the run in a few words; nil uses the generic range.
	char func(r *run) string
}

// demoItems are the default systems the demo runs, one or two of each
// family: chaotic flows, a map, a delay system, a PDE, a sandpile, a spin
// model, a traffic automaton and a market model.
var demoItems = []demoItem{
	{name: "Lorenz", dt: 0.01, steps: 10000, transient: 1000, char: lorenzChar},
	{name: "Rossler", dt: 0.1, steps: 10000, transient: 1000, char: periodChar},
	{name: "Henon", steps: 20000, transient: 100, char: mapLyapunovChar},
	{name: "MackeyGlass", steps: 3000, transient: 500, char: periodChar},
	{name: "KuramotoSivashinsky", steps: 2000, transient: 400, char: fieldChar},
	{name: "Sandpile", steps: 20000, transient: 10000, char: sandpileChar},
	{name: "Ising", steps: 2000, transient: 500, char: isingChar},
	{name: "NagelSchreckenberg", steps: 2000, transient: 500, char: trafficChar},
	{name: "LuxMarchesi", steps: 10000, transient: 1000, char: marketChar},
}

// demoDataSet is the real data set summarised after the simulations.
const demoDataSet = "sp500-returns"

func (e *env) demoCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "demo",
		Short: "Simulate and summarise a default system of each family, and the S&P 500 log returns",
		Long: `Simulate a default system of each family - the Lorenz and Rossler flows, the
Henon map, Mackey-Glass, Kuramoto-Sivashinsky, the BTW sandpile, the Ising
model, Nagel-Schreckenberg traffic and the Lux-Marchesi market - and
summarise each run in a table: category, dimension, steps, wall time, mean
and standard deviation of the first observable and one characteristic
number of the dynamics. The S&P 500 daily log returns close the table.
Systems not in the catalogue are skipped with a note. Seed 1 throughout.`,
		Args: exactArgs(0, "no arguments"),
		RunE: runE(func(cmd *cobra.Command, _ []string) error {
			return e.demo(cmd.Context(), demoItems)
		}),
	}
}

// demoRow is one line of the demo table.
type demoRow struct {
	name, category, dim, steps, wall, obs, mean, std, char string
}

func (e *env) demo(ctx context.Context, items []demoItem) error {
	start := e.now()
	fmt.Fprintf(e.stdout, "emergo demo: %d systems with default parameters (seed %d), then real data\n\n", len(items), defaultSeed)
	var rows []demoRow
	var notes []string
	for _, it := range items {
		row, note, err := e.demoOne(ctx, it)
		if err != nil {
			return err
		}
		if note != "" {
			notes = append(notes, note)
		}
		if row != nil {
			rows = append(rows, *row)
		}
	}
	if row, note := demoData(); row != nil {
		rows = append(rows, *row)
	} else {
		notes = append(notes, note)
	}

	tw := newTable(e.stdout)
	fmt.Fprintln(tw, "SYSTEM\tCATEGORY\tDIM\tSTEPS\tWALL\tOBSERVABLE\tMEAN\tSTD\tCHARACTERISTIC")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.name, r.category, r.dim, r.steps, r.wall, r.obs, r.mean, r.std, r.char)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, n := range notes {
		fmt.Fprintln(e.stdout, "note: "+n)
	}
	fmt.Fprintf(e.stdout, "\ntotal %s. Next: 'emergo systems list', 'emergo simulate Lorenz --steps 1000 --out lorenz.csv', 'emergo data list'\n",
		dur(e.now().Sub(start)))
	return nil
}

// demoOne runs one demo system. A system that is not registered, or fails,
// gives a note instead of a row; only an interruption is an error.
func (e *env) demoOne(ctx context.Context, it demoItem) (*demoRow, string, error) {
	entry, err := system.Lookup(it.name)
	if err != nil {
		return nil, fmt.Sprintf("%s skipped: not in this build's catalogue", it.name), nil
	}
	sys, err := entry.New(system.Config{Seed: defaultSeed, DT: it.dt})
	if err != nil {
		return nil, fmt.Sprintf("%s skipped: %v", it.name, err), nil
	}
	dt, err := samplingInterval(entry, sys, it.dt, it.dt != 0)
	if err != nil {
		return nil, fmt.Sprintf("%s skipped: %v", it.name, err), nil
	}
	r := &run{entry: entry, sys: sys, dt: dt, steps: it.steps, transient: it.transient}
	rctx, cancel := context.WithTimeout(ctx, demoBudget)
	err = e.sample(rctx, r, "demo "+entry.Info.Name)
	cancel()
	if err != nil {
		if ctx.Err() != nil {
			return nil, "", err // Ctrl-C: stop the demo
		}
		if errors.Is(err, context.DeadlineExceeded) {
			return nil, fmt.Sprintf("%s skipped: took longer than %s", it.name, demoBudget), nil
		}
		return nil, fmt.Sprintf("%s failed: %v", it.name, err), nil
	}
	s := columnStats(r.traj.X, r.traj.Dim, 0)
	char := rangeChar(r)
	if it.char != nil {
		if c := it.char(r); c != "" {
			char = c
		}
	}
	return &demoRow{
		name: entry.Info.Name, category: string(entry.Info.Category), dim: fmt.Sprint(r.traj.Dim),
		steps: fmt.Sprint(r.steps), wall: dur(r.wall), obs: r.names[0],
		mean: num(s.Mean), std: num(s.Std), char: char,
	}, "", nil
}

// demoData summarises the S&P 500 daily log returns.
func demoData() (*demoRow, string) {
	start := time.Now()
	s, err := data.Load(demoDataSet)
	if err != nil {
		return nil, fmt.Sprintf("data set %s skipped: %v", demoDataSet, err)
	}
	wall := time.Since(start)
	x := s.X[:s.Len()*s.Dim()]
	st := columnStats(x, s.Dim(), 0)
	col := column(x, s.Dim(), 0)
	char := fmt.Sprintf("excess kurtosis %s (Gaussian 0), annualised vol %s%%, |r| autocorr(1) %s",
		num(excessKurtosis(col)), num(100*st.Std*math.Sqrt(252)), num(autocorr(absAll(col), 1)))
	return &demoRow{
		name: "S&P 500 (" + demoDataSet + ")", category: "data", dim: fmt.Sprint(s.Dim()),
		steps: fmt.Sprint(s.Len()), wall: dur(wall), obs: s.Names[0],
		mean: num(st.Mean), std: num(st.Std), char: char,
	}, ""
}

// colIndex finds a column by any of the given names (case-insensitive).
func colIndex(names []string, want ...string) int {
	for _, w := range want {
		for j, n := range names {
			if strings.EqualFold(n, w) {
				return j
			}
		}
	}
	return -1
}

// column copies column j of row-major x with dim columns.
func column(x []float64, dim, j int) []float64 {
	out := make([]float64, 0, len(x)/dim)
	for i := j; i < len(x); i += dim {
		out = append(out, x[i])
	}
	return out
}

// rangeChar is the generic characteristic: the range of the first
// observable.
func rangeChar(r *run) string {
	s := columnStats(r.traj.X, r.traj.Dim, 0)
	return fmt.Sprintf("%s in [%s, %s]", r.names[0], num(s.Min), num(s.Max))
}

// lorenzChar counts the switches between the two wings of the Lorenz
// attractor (sign changes of x).
func lorenzChar(r *run) string {
	x := column(r.traj.X, r.traj.Dim, 0)
	n := 0
	for i := 1; i < len(x); i++ {
		if (x[i] > 0) != (x[i-1] > 0) {
			n++
		}
	}
	span := r.traj.T[len(r.traj.T)-1] - r.traj.T[0]
	return fmt.Sprintf("%d wing switches in t=%s (sign changes of %s)", n, num(span), r.names[0])
}

// periodChar estimates the mean oscillation period of the first
// observable from its upward crossings of its mean.
func periodChar(r *run) string {
	x := column(r.traj.X, r.traj.Dim, 0)
	t := r.traj.T
	p, n := meanPeriod(t, x)
	if n < 2 {
		return ""
	}
	return fmt.Sprintf("mean period %s (%d cycles, upward mean crossings of %s)", num(p), n, r.names[0])
}

// meanPeriod is the mean interval between upward crossings of x's mean,
// located by linear interpolation, and the number of intervals.
func meanPeriod(t, x []float64) (float64, int) {
	var m float64
	for _, v := range x {
		m += v
	}
	m /= float64(len(x))
	var first, last float64
	n := -1
	for i := 1; i < len(x); i++ {
		if x[i-1] < m && x[i] >= m {
			tc := t[i-1] + (t[i]-t[i-1])*(m-x[i-1])/(x[i]-x[i-1])
			if n < 0 {
				first = tc
			}
			last = tc
			n++
		}
	}
	if n < 1 {
		return 0, max(n, 0)
	}
	return (last - first) / float64(n), n
}

// mapLyapunovChar estimates the largest Lyapunov exponent of a map from
// its analytic Jacobian along the recorded orbit (Benettin et al. 1980:
// λ₁ = (1/n) Σ ln |J(x_k) v_k|, v renormalised each step), and compares
// with the catalogue's reference.
func mapLyapunovChar(r *run) string {
	jac, ok := r.sys.(system.Jacobianer)
	if !ok || !system.IsDiscrete(r.sys) {
		return ""
	}
	tr := r.traj
	n := tr.Dim
	J := make([]float64, n*n)
	v, w := make([]float64, n), make([]float64, n)
	v[0] = 1
	var sum float64
	k := 0
	for i := 0; i+1 < tr.Len(); i++ {
		jac.Jacobian(J, tr.Row(i), tr.T[i])
		var norm float64
		for a := 0; a < n; a++ {
			var s float64
			for b := 0; b < n; b++ {
				s += J[a*n+b] * v[b]
			}
			w[a] = s
			norm += s * s
		}
		norm = math.Sqrt(norm)
		if !(norm > 0) || math.IsInf(norm, 0) {
			return ""
		}
		for a := range v {
			v[a] = w[a] / norm
		}
		sum += math.Log(norm)
		k++
	}
	if k == 0 {
		return ""
	}
	s := fmt.Sprintf("largest Lyapunov exponent %s", num(sum/float64(k)))
	for _, name := range []string{"max_lyapunov", "lyapunov_spectrum"} {
		if inv, ok := r.entry.Info.Invariant(name); ok && len(inv.Values) > 0 {
			s += fmt.Sprintf(" (reference %s)", num(inv.Values[0]))
			break
		}
	}
	return s
}

// fieldChar describes a spatially extended field: the spatial standard
// deviation averaged over time, and the largest |u|.
func fieldChar(r *run) string {
	tr := r.traj
	var sd, big float64
	for i := 0; i < tr.Len(); i++ {
		row := tr.Row(i)
		var m float64
		for _, v := range row {
			m += v
			big = max(big, math.Abs(v))
		}
		m /= float64(len(row))
		var ss float64
		for _, v := range row {
			ss += (v - m) * (v - m)
		}
		sd += math.Sqrt(ss / float64(len(row)))
	}
	return fmt.Sprintf("spatial std %s (time mean), max |u| %s", num(sd/float64(tr.Len())), num(big))
}

// sandpileChar reports the stationary mean height and the largest
// avalanche.
func sandpileChar(r *run) string {
	h := colIndex(r.names, "mean_height", "height")
	a := colIndex(r.names, "avalanche_size", "size")
	if h < 0 || a < 0 {
		return ""
	}
	hs := columnStats(r.traj.X, r.traj.Dim, h)
	as := columnStats(r.traj.X, r.traj.Dim, a)
	s := fmt.Sprintf("mean height %s, largest avalanche %s topplings", num(hs.Mean), num(as.Max))
	if inv, ok := r.entry.Info.Invariant("mean_height"); ok && len(inv.Values) > 0 {
		s += fmt.Sprintf(" (bulk height %s)", num(inv.Values[0]))
	}
	return s
}

// isingChar reports the mean absolute magnetisation and energy per spin.
func isingChar(r *run) string {
	m := colIndex(r.names, "abs_m", "abs_magnetization", "m", "magnetization", "magnetisation")
	if m < 0 {
		return ""
	}
	x := column(r.traj.X, r.traj.Dim, m)
	s := fmt.Sprintf("<|m|> %s", num(mean(absAll(x))))
	if inv, ok := r.entry.Info.Invariant("spontaneous_magnetization"); ok && len(inv.Values) > 0 {
		s += fmt.Sprintf(" (Onsager-Yang %s)", num(inv.Values[0]))
	}
	if en := colIndex(r.names, "energy", "e", "energy_per_spin"); en >= 0 {
		s += fmt.Sprintf(", <e> %s", num(columnStats(r.traj.X, r.traj.Dim, en).Mean))
	}
	return s
}

// trafficChar reports the mean flow and speed of a traffic model.
func trafficChar(r *run) string {
	var parts []string
	for _, c := range []struct{ label, a, b string }{
		{"mean flow", "flow", "throughput"},
		{"mean speed", "mean_speed", "speed"},
		{"stopped fraction", "stopped_fraction", "jammed"},
	} {
		if j := colIndex(r.names, c.a, c.b); j >= 0 {
			parts = append(parts, c.label+" "+num(columnStats(r.traj.X, r.traj.Dim, j).Mean))
		}
	}
	return strings.Join(parts, ", ")
}

// marketChar reports the excess kurtosis of returns (fat tails) and the
// autocorrelation of absolute returns (volatility clustering).
func marketChar(r *run) string {
	j := colIndex(r.names, "return", "log_return", "returns", "r")
	if j < 0 {
		return ""
	}
	x := column(r.traj.X, r.traj.Dim, j)
	return fmt.Sprintf("return excess kurtosis %s (Gaussian 0), |r| autocorr(1) %s",
		num(excessKurtosis(x)), num(autocorr(absAll(x), 1)))
}

func mean(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

func absAll(x []float64) []float64 {
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = math.Abs(v)
	}
	return out
}

// excessKurtosis is m4/m2² − 3 with population moments.
func excessKurtosis(x []float64) float64 {
	m := mean(x)
	var m2, m4 float64
	for _, v := range x {
		d := (v - m) * (v - m)
		m2 += d
		m4 += d * d
	}
	m2 /= float64(len(x))
	m4 /= float64(len(x))
	return m4/(m2*m2) - 3
}

// autocorr is the sample autocorrelation of x at the given lag.
func autocorr(x []float64, lag int) float64 {
	m := mean(x)
	var cov, vr float64
	for i, v := range x {
		vr += (v - m) * (v - m)
		if i >= lag {
			cov += (v - m) * (x[i-lag] - m)
		}
	}
	return cov / vr
}
