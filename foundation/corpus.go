package foundation

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"sync"

	"github.com/emergo/emergo/system"
)

// Random streams (the seed is CorpusConfig.Seed or a value derived from
// it); named so that no two uses share a stream.
const (
	streamSplit   = 0x73706c6974 // "split": held-out systems and the system order
	streamTraj    = 0x7472616a   // "traj": initial conditions and parameters of one system
	streamWindows = 0x77696e64   // "wind": validation windows
)

// Corpus defaults.
const (
	DefaultPointsPerPeriod  = 32
	DefaultTrajectories     = 4
	DefaultLength           = 1024
	DefaultTransientPeriods = 20
	DefaultICScale          = 0.1
	DefaultParamJitter      = 0.05
	DefaultParamFraction    = 0.5
	DefaultHoldOut          = 5
	// NoHoldOut as CorpusConfig.HoldOut holds no system out.
	NoHoldOut  = -1
	DefaultTol = 1e-7
	// maxAttemptsPerTrajectory bounds the draws for one accepted
	// trajectory before a system is given up.
	maxAttemptsPerTrajectory = 3
)

// CorpusConfig describes a pretraining corpus. Zero fields take the
// defaults (see Defaults); the same configuration and seed always give
// the same corpus, bit for bit, whatever the number of workers.
type CorpusConfig struct {
	// Categories of the catalogue to draw systems from (default: flows).
	// Stochastic systems and systems without a dominant period (other
	// than maps) are never used.
	Categories []system.Category `json:"categories"`
	// Systems, when not empty, is the explicit list of candidate systems
	// instead of Categories.
	Systems []string `json:"systems,omitempty"`
	// HeldOut names the systems kept out of pretraining for zero-shot
	// evaluation; when empty, HoldOut of the candidates with a positive
	// literature Lyapunov exponent are drawn with the seed (NoHoldOut:
	// none).
	HeldOut []string `json:"held_out,omitempty"`
	HoldOut int      `json:"hold_out"`
	// Exclude names systems used neither for pretraining nor held out
	// (for example a regime removed on purpose).
	Exclude []string `json:"exclude,omitempty"`
	// NumSystems, when positive, keeps only the first NumSystems
	// pretraining systems of the seeded order, so that the corpora of a
	// sweep over NumSystems are nested and share their held-out systems.
	NumSystems int `json:"num_systems"`
	// Trajectories per system for training; one more is drawn for
	// validation.
	Trajectories int `json:"trajectories"`
	// Length is the number of rows of each trajectory.
	Length int `json:"length"`
	// PointsPerPeriod sets the sampling interval of flows and delay
	// systems to Info.Period/PointsPerPeriod (maps keep one iterate per
	// row).
	PointsPerPeriod int `json:"points_per_period"`
	// TransientPeriods of dominant period (maps: 10× as many iterates) are
	// discarded before recording.
	TransientPeriods float64 `json:"transient_periods"`
	// ICScale is the relative size of the Gaussian perturbation of the
	// catalogue's initial condition: x0 = IC + ICScale·rms(IC)·N(0, 1).
	ICScale float64 `json:"ic_scale"`
	// ParamJitter is the relative half-width of the uniform perturbation
	// of every non-integer parameter, p·(1 + U(−j, j)), applied to a
	// share ParamFraction of the trajectories (never the first of a
	// system); negative values disable it.
	ParamJitter   float64 `json:"param_jitter"`
	ParamFraction float64 `json:"param_fraction"`
	// Method is the integrator of flows: "rk4" (default; fixed internal
	// step dt/10, so every trajectory costs the same and a stiff system
	// fails fast instead of stalling) or "dopri5" (adaptive, tolerance
	// Tol).
	Method string `json:"method"`
	// Tol is the adaptive integrator's tolerance (rtol = atol).
	Tol float64 `json:"tol"`
	// Seed drives the split and every trajectory.
	Seed uint64 `json:"seed"`
}

// Defaults returns c with zero fields replaced by the defaults.
func (c CorpusConfig) Defaults() CorpusConfig {
	if len(c.Categories) == 0 && len(c.Systems) == 0 {
		c.Categories = []system.Category{system.CatFlow}
	}
	if c.HoldOut == 0 && len(c.HeldOut) == 0 {
		c.HoldOut = DefaultHoldOut
	}
	if c.Trajectories == 0 {
		c.Trajectories = DefaultTrajectories
	}
	if c.Length == 0 {
		c.Length = DefaultLength
	}
	if c.PointsPerPeriod == 0 {
		c.PointsPerPeriod = DefaultPointsPerPeriod
	}
	if c.TransientPeriods == 0 {
		c.TransientPeriods = DefaultTransientPeriods
	}
	if c.ICScale == 0 {
		c.ICScale = DefaultICScale
	}
	if c.ParamJitter == 0 {
		c.ParamJitter = DefaultParamJitter
	}
	if c.ParamFraction == 0 {
		c.ParamFraction = DefaultParamFraction
	}
	if c.Tol == 0 {
		c.Tol = DefaultTol
	}
	if c.Method == "" {
		c.Method = "rk4"
	}
	return c
}

// validate checks a configuration with defaults filled in.
func (c *CorpusConfig) validate() error {
	switch {
	case c.HoldOut < NoHoldOut:
		return fmt.Errorf("foundation: corpus hold_out %d is negative", c.HoldOut)
	case c.NumSystems < 0:
		return fmt.Errorf("foundation: corpus num_systems %d is negative", c.NumSystems)
	case c.Trajectories < 1:
		return fmt.Errorf("foundation: corpus trajectories %d: need at least 1", c.Trajectories)
	case c.Length < 16:
		return fmt.Errorf("foundation: corpus length %d: need at least 16 rows", c.Length)
	case c.PointsPerPeriod < 2:
		return fmt.Errorf("foundation: corpus points_per_period %d: need at least 2", c.PointsPerPeriod)
	case !(c.TransientPeriods >= 0), math.IsInf(c.TransientPeriods, 0):
		return fmt.Errorf("foundation: corpus transient_periods %v must be finite and non-negative", c.TransientPeriods)
	case !(c.ICScale >= 0) || math.IsInf(c.ICScale, 0):
		return fmt.Errorf("foundation: corpus ic_scale %v must be finite and non-negative", c.ICScale)
	case math.IsNaN(c.ParamJitter) || c.ParamJitter >= 1:
		return fmt.Errorf("foundation: corpus param_jitter %v must be below 1", c.ParamJitter)
	case !(c.ParamFraction >= 0 && c.ParamFraction <= 1):
		return fmt.Errorf("foundation: corpus param_fraction %v must be in [0, 1]", c.ParamFraction)
	case c.Method != "rk4" && c.Method != "dopri5":
		return fmt.Errorf("foundation: corpus method %q: want rk4 or dopri5", c.Method)
	case !(c.Tol > 0):
		return fmt.Errorf("foundation: corpus tol %v must be positive", c.Tol)
	}
	return nil
}

// Series is one standardised univariate series of the corpus: one
// channel of one trajectory.
type Series struct {
	System     string  `json:"system"`
	Trajectory int     `json:"trajectory"`
	Channel    int     `json:"channel"`
	Perturbed  bool    `json:"perturbed"` // parameters were jittered
	Mean       float64 `json:"mean"`      // of the raw channel (removed)
	Std        float64 `json:"std"`       // of the raw channel (divided out)
	// X holds the values (x − Mean)/Std.
	X []float32 `json:"-"`
}

// SystemInfo summarises one system of a corpus.
type SystemInfo struct {
	Name         string  `json:"name"`
	Dim          int     `json:"dim"`
	DT           float64 `json:"dt"`
	Period       float64 `json:"period,omitempty"`
	Lyapunov     float64 `json:"lyapunov,omitempty"` // literature λ1 at default parameters (0: unknown)
	Trajectories int     `json:"trajectories"`       // accepted training trajectories
	Perturbed    int     `json:"perturbed"`          // of which with jittered parameters
	Channels     int     `json:"channels"`           // non-constant channels used
}

// Skip records a candidate system left out of the corpus.
type Skip struct {
	System string `json:"system"`
	Reason string `json:"reason"`
}

// Corpus is a pretraining corpus: standardised univariate series of many
// systems (channel independence: every channel of every trajectory is its
// own series), split by system.
type Corpus struct {
	Config CorpusConfig `json:"config"`
	// Systems are the pretraining systems that contributed series, in the
	// seeded order.
	Systems []SystemInfo `json:"systems"`
	// HeldOut are the held-out systems, never in Train or Val.
	HeldOut []string `json:"held_out"`
	// Skipped lists candidate pretraining systems without any valid
	// trajectory.
	Skipped []Skip `json:"skipped,omitempty"`
	// Rejected counts rejected trajectories by reason.
	Rejected map[string]int `json:"rejected,omitempty"`
	// Train holds the training series; Val the series of each system's
	// validation trajectory.
	Train []Series `json:"-"`
	Val   []Series `json:"-"`

	bySystem [][]int // Train indices of each system, aligned with Systems
}

// Progress reports done of total units of work.
type Progress func(done, total int)

// Candidates returns the catalogue systems a configuration draws from,
// sorted by name: the explicit Systems, or every non-stochastic system of
// the categories with a dominant period (maps need none), minus Exclude.
// It returns an error for an unknown name.
func Candidates(c CorpusConfig) ([]string, error) {
	c = c.Defaults()
	excl := map[string]bool{}
	for _, n := range c.Exclude {
		e, err := system.Lookup(n)
		if err != nil {
			return nil, fmt.Errorf("foundation: corpus exclude: %w", err)
		}
		excl[e.Info.Name] = true
	}
	var out []string
	if len(c.Systems) > 0 {
		seen := map[string]bool{}
		for _, n := range c.Systems {
			e, err := system.Lookup(n)
			if err != nil {
				return nil, fmt.Errorf("foundation: corpus systems: %w", err)
			}
			if err := usable(&e.Info); err != nil {
				return nil, fmt.Errorf("foundation: corpus systems: %w", err)
			}
			if !excl[e.Info.Name] && !seen[e.Info.Name] {
				seen[e.Info.Name] = true
				out = append(out, e.Info.Name)
			}
		}
	} else {
		for _, cat := range c.Categories {
			for _, in := range system.List(cat) {
				if usable(&in) == nil && !excl[in.Name] {
					out = append(out, in.Name)
				}
			}
		}
	}
	sort.Strings(out)
	out = dedup(out)
	if len(out) == 0 {
		return nil, fmt.Errorf("foundation: the corpus configuration selects no usable system (categories %v, systems %v)", c.Categories, c.Systems)
	}
	return out, nil
}

func dedup(s []string) []string {
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

// usable reports why a system cannot enter a corpus.
func usable(in *system.Info) error {
	switch {
	case in.Stochastic:
		return fmt.Errorf("%s is stochastic", in.Name)
	case in.Category == system.CatMap:
		return nil
	case !(in.Period > 0):
		return fmt.Errorf("%s has no dominant period in the catalogue", in.Name)
	}
	return nil
}

// lyapunovOf returns the literature λ1 at default parameters, or 0.
func lyapunovOf(in *system.Info) float64 {
	r, _ := system.LiteratureLyapunov(in, nil)
	if r == nil || !(r.Value > 0) {
		return 0
	}
	return r.Value
}

// Split divides the candidate systems of c into pretraining systems (in
// the seeded order, truncated to NumSystems) and held-out systems. It is
// a pure function of the configuration: held-out systems are the explicit
// HeldOut, or the first HoldOut systems with a positive literature
// Lyapunov exponent in a seeded permutation of the candidates; the
// pretraining systems are the other candidates in the same permutation.
func Split(c CorpusConfig) (train, heldOut []string, err error) {
	c = c.Defaults()
	if err := c.validate(); err != nil {
		return nil, nil, err
	}
	cands, err := Candidates(c)
	if err != nil {
		return nil, nil, err
	}
	perm := append([]string(nil), cands...)
	rng := rand.New(rand.NewPCG(c.Seed, streamSplit))
	rng.Shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
	held := map[string]bool{}
	if len(c.HeldOut) > 0 {
		for _, n := range c.HeldOut {
			e, err := system.Lookup(n)
			if err != nil {
				return nil, nil, fmt.Errorf("foundation: corpus held_out: %w", err)
			}
			if !held[e.Info.Name] {
				held[e.Info.Name] = true
				heldOut = append(heldOut, e.Info.Name)
			}
		}
	} else if c.HoldOut > 0 {
		for _, n := range perm {
			if len(heldOut) == c.HoldOut {
				break
			}
			e, _ := system.Lookup(n)
			if lyapunovOf(&e.Info) > 0 {
				held[n] = true
				heldOut = append(heldOut, n)
			}
		}
	}
	for _, n := range perm {
		if !held[n] {
			train = append(train, n)
		}
	}
	if c.NumSystems > 0 && c.NumSystems < len(train) {
		train = train[:c.NumSystems]
	}
	if len(train) == 0 {
		return nil, nil, fmt.Errorf("foundation: no pretraining system left after holding out %d of %d candidates", len(heldOut), len(cands))
	}
	return train, heldOut, nil
}

// BuildOptions are run-time settings of BuildCorpus that do not change
// its result.
type BuildOptions struct {
	// Workers simulate systems in parallel (0: 2).
	Workers int
	// Progress, when not nil, is called after each system (done systems
	// of total), from one goroutine at a time.
	Progress Progress
}

// BuildCorpus simulates the pretraining systems of c (see Split). For each
// system it draws Trajectories+1 trajectories (the last for validation):
// the initial condition is the catalogue's perturbed by ICScale, all but
// the first trajectory have their parameters jittered with probability
// ParamFraction, the sampling interval is Period/PointsPerPeriod, and
// TransientPeriods periods are discarded so that the recording starts on
// the attractor. A trajectory is rejected (and redrawn, up to 3 times per
// trajectory) when the simulation diverges or grows without bound, when it
// collapses onto a fixed point, or when it is periodic by the peak test
// (see Classify). Every non-constant channel is standardised to zero mean
// and unit variance and stored as its own series. A system without any
// accepted trajectory is listed in Skipped.
//
// The result depends only on c: each system's trajectories come from a
// generator seeded by c.Seed and the system's name, so adding a system to
// the candidates changes no other system's series.
func BuildCorpus(ctx context.Context, c CorpusConfig, opt *BuildOptions) (*Corpus, error) {
	c = c.Defaults()
	train, held, err := Split(c)
	if err != nil {
		return nil, err
	}
	var o BuildOptions
	if opt != nil {
		o = *opt
	}
	workers := o.Workers
	if workers <= 0 {
		workers = 2
	}
	results := make([]sysResult, len(train))
	jobs := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	for w := 0; w < min(workers, len(train)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				results[i] = simulateSystem(ctx, train[i], &c)
				mu.Lock()
				done++
				if o.Progress != nil {
					o.Progress(done, len(train))
				}
				mu.Unlock()
			}
		}()
	}
feed:
	for i := range train {
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	cp := &Corpus{Config: c, HeldOut: held, Rejected: map[string]int{}}
	for _, r := range results {
		if r.err != nil {
			return nil, r.err
		}
		for k, v := range r.rejected {
			cp.Rejected[k] += v
		}
		if len(r.train) == 0 {
			cp.Skipped = append(cp.Skipped, Skip{System: r.info.Name, Reason: r.skip})
			continue
		}
		idx := make([]int, len(r.train))
		for k := range r.train {
			idx[k] = len(cp.Train) + k
		}
		cp.bySystem = append(cp.bySystem, idx)
		cp.Systems = append(cp.Systems, r.info)
		cp.Train = append(cp.Train, r.train...)
		cp.Val = append(cp.Val, r.val...)
	}
	if len(cp.Systems) == 0 {
		return nil, fmt.Errorf("foundation: no pretraining system produced a valid trajectory (%d skipped)", len(cp.Skipped))
	}
	return cp, nil
}

// sysResult is what one system contributes.
type sysResult struct {
	info       SystemInfo
	train, val []Series
	rejected   map[string]int
	skip       string
	err        error // cancellation only
}

// seedFor derives the generator seed of one system from the corpus seed
// and the system's name.
func seedFor(seed uint64, name string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(strings.ToLower(name)))
	return seed ^ h.Sum64()
}

// SamplingDT returns the sampling interval of a system at ppp points per
// dominant period (maps: 0, their native iterate).
func SamplingDT(in *system.Info, ppp int) float64 {
	if in.Category == system.CatMap || !(in.Period > 0) {
		return 0
	}
	return in.Period / float64(ppp)
}

// transientSteps is the number of discarded steps.
func transientSteps(in *system.Info, c *CorpusConfig) int {
	if in.Category == system.CatMap {
		return int(math.Ceil(10 * c.TransientPeriods))
	}
	return int(math.Ceil(c.TransientPeriods * float64(c.PointsPerPeriod)))
}

// perturbIC returns the catalogue's initial condition perturbed by
// scale·rms(IC)·N(0, 1) per component, or nil when the system has none.
func perturbIC(ic []float64, scale float64, rng *rand.Rand) []float64 {
	if len(ic) == 0 {
		return nil
	}
	var s float64
	for _, v := range ic {
		s += v * v
	}
	rms := math.Sqrt(s / float64(len(ic)))
	if rms == 0 {
		rms = 1
	}
	out := make([]float64, len(ic))
	for i, v := range ic {
		out[i] = v + scale*rms*rng.NormFloat64()
	}
	return out
}

// jitterParams perturbs every non-integer, non-zero parameter by a
// relative U(−j, j), clamped into its declared range.
func jitterParams(ps []system.Param, j float64, rng *rand.Rand) system.Params {
	out := system.Params{}
	for _, p := range ps {
		u := 2*rng.Float64() - 1 // drawn for every parameter, so the stream does not depend on the values
		if p.Integer || p.Default == 0 {
			continue
		}
		v := p.Default * (1 + j*u)
		if p.Min != 0 || p.Max != 0 {
			v = min(max(v, p.Min), p.Max)
		}
		out[p.Name] = v
	}
	return out
}

// simulateSystem draws the trajectories of one system.
func simulateSystem(ctx context.Context, name string, c *CorpusConfig) sysResult {
	e, err := system.Lookup(name)
	if err != nil {
		return sysResult{err: err}
	}
	in := e.Info
	res := sysResult{rejected: map[string]int{}}
	res.info = SystemInfo{Name: in.Name, Dim: in.Dim, DT: SamplingDT(&in, c.PointsPerPeriod), Period: in.Period, Lyapunov: lyapunovOf(&in)}
	if res.info.DT == 0 {
		res.info.DT = in.DT
	}
	rng := rand.New(rand.NewPCG(seedFor(c.Seed, in.Name), streamTraj))
	want := c.Trajectories + 1
	attempts := 0
	for accepted := 0; accepted < want; {
		if attempts >= maxAttemptsPerTrajectory*want {
			break
		}
		attempts++
		ic := perturbIC(in.IC, c.ICScale, rng)
		var params system.Params
		perturbed := false
		if accepted > 0 && c.ParamJitter > 0 && rng.Float64() < c.ParamFraction {
			params = jitterParams(in.Params, c.ParamJitter, rng)
			perturbed = true
		}
		sysSeed := rng.Uint64()
		x, reason, err := trajectory(ctx, e, params, ic, sysSeed, c)
		if err != nil {
			return sysResult{err: err}
		}
		if reason != "" {
			res.rejected[reason]++
			continue
		}
		series := channels(x, in.Dim, in.Name, accepted, perturbed)
		if len(series) == 0 {
			res.rejected["constant"]++
			continue
		}
		if accepted < c.Trajectories {
			res.train = append(res.train, series...)
			res.info.Trajectories++
			if perturbed {
				res.info.Perturbed++
			}
			res.info.Channels = max(res.info.Channels, len(series))
		} else {
			res.val = append(res.val, series...)
		}
		accepted++
	}
	if res.info.Trajectories == 0 {
		reasons := make([]string, 0, len(res.rejected))
		for k, v := range res.rejected {
			reasons = append(reasons, fmt.Sprintf("%s ×%d", k, v))
		}
		sort.Strings(reasons)
		res.skip = "every trajectory was rejected: " + strings.Join(reasons, ", ")
		res.train, res.val = nil, nil
	}
	return res
}

// trajectory simulates one trajectory (rows × dim) and classifies it; a
// non-empty reason means rejection.
func trajectory(ctx context.Context, e *system.Entry, params system.Params, ic []float64, seed uint64, c *CorpusConfig) (x []float64, reason string, err error) {
	in := &e.Info
	if ic != nil && len(ic) != in.Dim && in.Category != system.CatDelay {
		ic = nil
	}
	sys, err := e.New(system.Config{Params: params, Seed: seed, DT: SamplingDT(in, c.PointsPerPeriod), IC: ic, Tol: c.Tol, Method: method(in, c)})
	if err != nil {
		return nil, "build: " + firstWords(err.Error()), nil
	}
	tr, err := system.Sample(ctx, sys, c.Length, &system.SampleOptions{Transient: transientSteps(in, c), Name: in.Name})
	if err != nil {
		if ctx.Err() != nil {
			return nil, "", ctx.Err()
		}
		if errors.Is(err, system.ErrDiverged) {
			return nil, "diverged", nil
		}
		return nil, "simulation error: " + firstWords(err.Error()), nil
	}
	return tr.X, Classify(tr.X, tr.Dim), nil
}

// method returns the integrator setting of a system: flows use
// c.Method, other categories their own default.
func method(in *system.Info, c *CorpusConfig) string {
	if in.Category == system.CatFlow {
		return c.Method
	}
	return ""
}

// firstWords shortens an error message to a stable rejection reason.
func firstWords(s string) string {
	if i := strings.IndexAny(s, ":;"); i > 0 {
		s = s[:i]
	}
	if len(s) > 60 {
		s = s[:60]
	}
	return s
}

// Thresholds of Classify.
const (
	// growthRatio: the last quarter's spread above this multiple of the
	// first quarter's means unbounded growth.
	growthRatio = 20
	// fixedRel: the last quarter's spread below this fraction of the
	// whole trajectory's (or below fixedAbs·(1+|mean|)) means collapse
	// onto a fixed point.
	fixedRel = 1e-3
	fixedAbs = 1e-8
	// peakTol is the relative resolution (of the channel's range) at
	// which two peak heights count as the same.
	peakTol = 1e-3
	// minPeaks is the number of local maxima needed for the periodicity
	// test to apply; periodicShare: at most this share of distinct peak
	// heights means periodic.
	minPeaks      = 8
	periodicShare = 0.25
)

// Classify returns why a trajectory (rows × dim, row-major) is not a
// useful chaotic sample, or "" when it is:
//   - "diverged": a non-finite value;
//   - "growing": the spread (max over channels of the standard deviation)
//     of the last quarter exceeds 20 times the first quarter's;
//   - "fixed point": the last quarter's spread is below 10⁻³ of the
//     whole trajectory's or below 10⁻⁸·(1 + |mean|);
//   - "periodic": on every channel with at least 8 local maxima (and on
//     at least one), the heights of the maxima (refined by a parabola
//     through the three samples) take at most a quarter as many distinct
//     values (to 10⁻³ of the channel's range) as there are maxima. A
//     periodic orbit repeats the same few peak heights; a chaotic one
//     almost never repeats one, and a quasi-periodic one fills an
//     interval. All channels must agree because a saturating channel
//     (relaxation or bursting oscillations) repeats its peak height even
//     on a chaotic attractor.
func Classify(x []float64, dim int) string {
	n := len(x) / dim
	for _, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return "diverged"
		}
	}
	if n < 8 {
		return ""
	}
	q := n / 4
	spread := func(lo, hi int) (sd float64, mean float64) {
		for j := 0; j < dim; j++ {
			m, s := meanStd(x, dim, j, lo, hi)
			if s >= sd {
				sd, mean = s, m
			}
		}
		return
	}
	first, _ := spread(0, q)
	last, lastMean := spread(n-q, n)
	all, _ := spread(0, n)
	switch {
	case last > growthRatio*first && first > 0:
		return "growing"
	case last < fixedRel*all || last < fixedAbs*(1+math.Abs(lastMean)):
		return "fixed point"
	}
	voters := 0
	for j := 0; j < dim; j++ {
		switch periodicChannel(x, dim, j, n) {
		case 1:
			voters++
		case -1:
			return ""
		}
	}
	if voters > 0 {
		return "periodic"
	}
	return ""
}

// periodicChannel applies the peak test to channel j: 1 periodic, −1 not
// periodic, 0 too few maxima to tell.
func periodicChannel(x []float64, dim, j, n int) int {
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := 0; i < n; i++ {
		v := x[i*dim+j]
		lo, hi = min(lo, v), max(hi, v)
	}
	var peaks []float64
	for i := 1; i+1 < n; i++ {
		a, b, c := x[(i-1)*dim+j], x[i*dim+j], x[(i+1)*dim+j]
		if b > a && b >= c {
			h := b
			if den := a - 2*b + c; den < 0 {
				p := 0.5 * (a - c) / den
				h = b - 0.25*(a-c)*p
			}
			peaks = append(peaks, h)
		}
	}
	if len(peaks) < minPeaks {
		return 0
	}
	sort.Float64s(peaks)
	distinct := 1
	for i := 1; i < len(peaks); i++ {
		if peaks[i]-peaks[i-1] > peakTol*(hi-lo) {
			distinct++
		}
	}
	if float64(distinct) <= periodicShare*float64(len(peaks)) {
		return 1
	}
	return -1
}

// meanStd returns the mean and population standard deviation of column j
// over rows [lo, hi).
func meanStd(x []float64, dim, j, lo, hi int) (mean, sd float64) {
	n := float64(hi - lo)
	for i := lo; i < hi; i++ {
		mean += x[i*dim+j]
	}
	mean /= n
	for i := lo; i < hi; i++ {
		d := x[i*dim+j] - mean
		sd += d * d
	}
	return mean, math.Sqrt(sd / n)
}

// channels standardises each non-constant channel of x into a Series.
func channels(x []float64, dim int, name string, traj int, perturbed bool) []Series {
	n := len(x) / dim
	var out []Series
	for j := 0; j < dim; j++ {
		m, s := meanStd(x, dim, j, 0, n)
		if !(s > fixedAbs*(1+math.Abs(m))) {
			continue
		}
		v := make([]float32, n)
		for i := range v {
			v[i] = float32((x[i*dim+j] - m) / s)
		}
		out = append(out, Series{System: name, Trajectory: traj, Channel: j, Perturbed: perturbed, Mean: m, Std: s, X: v})
	}
	return out
}

// NumWindows is the number of distinct training windows of length span
// (context plus horizon) in the corpus.
func (cp *Corpus) NumWindows(span int) int {
	n := 0
	for i := range cp.Train {
		n += max(0, len(cp.Train[i].X)-span+1)
	}
	return n
}

// SystemNames returns the names of the pretraining systems.
func (cp *Corpus) SystemNames() []string {
	out := make([]string, len(cp.Systems))
	for i, s := range cp.Systems {
		out[i] = s.Name
	}
	return out
}

// window identifies one window: a series and the start of its context.
type window struct{ series, start int32 }

// drawWindows fills dst with windows of length span: a system uniformly,
// then one of its series uniformly, then a start uniformly, so that every
// system weighs the same whatever its dimension.
func (cp *Corpus) drawWindows(dst []window, span int, rng *rand.Rand) {
	for i := range dst {
		idx := cp.bySystem[rng.IntN(len(cp.bySystem))]
		s := idx[rng.IntN(len(idx))]
		dst[i] = window{int32(s), int32(rng.IntN(len(cp.Train[s].X) - span + 1))}
	}
}

// NewCorpus assembles a corpus from given series (for example real data,
// or a corpus with a planted defect), grouped into systems by
// Series.System in order of first appearance. Every training series needs
// at least as many values as the model's context plus horizon; val may be
// nil.
func NewCorpus(train, val []Series, heldOut []string) (*Corpus, error) {
	if len(train) == 0 {
		return nil, errors.New("foundation: NewCorpus with no training series")
	}
	cp := &Corpus{HeldOut: append([]string(nil), heldOut...), Train: train, Val: val}
	pos := map[string]int{}
	for i, s := range train {
		if len(s.X) == 0 {
			return nil, fmt.Errorf("foundation: NewCorpus: training series %d (%s) is empty", i, s.System)
		}
		for k, v := range s.X {
			if f := float64(v); math.IsNaN(f) || math.IsInf(f, 0) {
				return nil, fmt.Errorf("foundation: NewCorpus: training series %d (%s) value %d is %v", i, s.System, k, f)
			}
		}
		for _, h := range heldOut {
			if strings.EqualFold(h, s.System) {
				return nil, fmt.Errorf("foundation: NewCorpus: training series %d belongs to held-out system %s", i, s.System)
			}
		}
		p, ok := pos[s.System]
		if !ok {
			p = len(cp.Systems)
			pos[s.System] = p
			cp.Systems = append(cp.Systems, SystemInfo{Name: s.System})
			cp.bySystem = append(cp.bySystem, nil)
		}
		cp.bySystem[p] = append(cp.bySystem[p], i)
		cp.Systems[p].Channels = max(cp.Systems[p].Channels, s.Channel+1)
	}
	return cp, nil
}
