package pde

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/emergo/emergo/system"
)

// Gray-Scott defaults, in grid units (Δx = 1): the "Bacteria 1" set of
// Rougier's Gray-Scott tutorial (Du = 0.16, Dv = 0.08, F = 0.035,
// k = 0.065), which keeps Pearson's ratio Du/Dv = 2.
const (
	gsDefaultN      = 64
	gsDefaultDu     = 0.16
	gsDefaultDv     = 0.08
	gsDefaultF      = 0.035
	gsDefaultK      = 0.065
	gsDefaultH      = 1
	gsDefaultDT     = 10
	gsDefaultBlocks = 8
	gsDefaultNoise  = 0.01
	gsSquare        = 20               // side of Pearson's perturbed central square, in sites
	gsStream        = 0x4753_5345_4544 // "GSSEED"
	// GSActiveLevel is the v level above which a site counts as part of a
	// pattern in the observation's active fraction.
	GSActiveLevel = 0.2
)

// GrayScott is the Gray-Scott reaction-diffusion model (Pearson 1993)
//
//	u_t = Du ∇²u − u v² + F (1 − u)
//	v_t = Dv ∇²v + u v² − (F + k) v
//
// on an N×N periodic grid with unit spacing, ∇² the five-point Laplacian
// and explicit Euler steps of size h (stable for Du·h, Dv·h ≤ 1/4).
//
// Initial condition (Pearson 1993): u = 1, v = 0 everywhere except a
// centred square of 20×20 sites (N/2 when N < 40) where u = 1/2,
// v = 1/4; then every value is multiplied by 1 + 0.01 ξ with ξ uniform
// in [−1, 1] from a PCG stream seeded with the seed, breaking the square's
// symmetry.
//
// The observation is [mean u, mean v, std v, fraction of sites with
// v > GSActiveLevel] followed by the means of v over B×B blocks of
// (N/B)×(N/B) sites (row-major), B = blocks (8 by default; 0 omits them).
// The full fields are read with FieldU and FieldV and written with
// SetFields. It implements system.System, Resetter and Sampler.
type GrayScott struct {
	n, blocks int
	du, dv    float64
	f, k      float64
	h         float64
	nsub      int
	dt        float64

	u, v, un, vn []float64
	u0, v0       []float64
	steps        int64
	t            float64
}

// NewGrayScott returns the model on an N×N grid (N = len(u0) must be a
// square), with the given parameters, internal step h, sampling interval
// dt and observation blocks per side (N divisible by blocks). u0 and v0
// are copied.
func NewGrayScott(du, dv, f, k, h, dt float64, blocks int, u0, v0 []float64) (*GrayScott, error) {
	const name = "GrayScott"
	n := int(math.Round(math.Sqrt(float64(len(u0)))))
	switch {
	case n < 4 || n*n != len(u0) || len(v0) != len(u0):
		return nil, fmt.Errorf("%s: fields of %d and %d values are not both N×N with N ≥ 4", name, len(u0), len(v0))
	case !(du >= 0) || !(dv >= 0) || !(f >= 0) || !(k >= 0):
		return nil, fmt.Errorf("%s: Du=%v, Dv=%v, F=%v, k=%v must be non-negative", name, du, dv, f, k)
	case !(h > 0) || !(dt > 0) || math.IsInf(h, 0) || math.IsInf(dt, 0):
		return nil, fmt.Errorf("%s: steps h=%v and dt=%v must be positive and finite", name, h, dt)
	case blocks < 0 || (blocks > 0 && n%blocks != 0):
		return nil, fmt.Errorf("%s: %d observation blocks per side do not divide N=%d", name, blocks, n)
	}
	nsub, hh := substeps(dt, h)
	if d := math.Max(du, dv) * hh; d > 0.25 {
		return nil, fmt.Errorf("%s: explicit Euler is unstable: max(Du, Dv)·h = %g exceeds 1/4 (lower h)", name, d)
	}
	if nsub > 1e6 {
		return nil, fmt.Errorf("%s: dt/h = %d internal steps per sample is too many (max 1e6)", name, nsub)
	}
	s := &GrayScott{n: n, blocks: blocks, du: du, dv: dv, f: f, k: k, h: hh, nsub: nsub, dt: dt,
		u: append([]float64(nil), u0...), v: append([]float64(nil), v0...),
		un: make([]float64, n*n), vn: make([]float64, n*n),
		u0: append([]float64(nil), u0...), v0: append([]float64(nil), v0...)}
	return s, nil
}

// GSInitial returns Pearson's initial fields on an n×n grid (see
// GrayScott) with relative noise amplitude noise (Pearson: 0.01).
func GSInitial(n int, noise float64, seed uint64) (u, v []float64) {
	u, v = make([]float64, n*n), make([]float64, n*n)
	side := gsSquare
	if n < 2*gsSquare {
		side = n / 2
	}
	lo := (n - side) / 2
	rng := rand.New(rand.NewPCG(seed, gsStream))
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			p := i*n + j
			u[p], v[p] = 1, 0
			if i >= lo && i < lo+side && j >= lo && j < lo+side {
				u[p], v[p] = 0.5, 0.25
			}
			u[p] *= 1 + noise*(2*rng.Float64()-1)
			v[p] *= 1 + noise*(2*rng.Float64()-1)
		}
	}
	return u, v
}

// Name returns "GrayScott".
func (s *GrayScott) Name() string { return "GrayScott" }

// Dim is 4 + blocks².
func (s *GrayScott) Dim() int { return 4 + s.blocks*s.blocks }

// N is the grid side.
func (s *GrayScott) N() int { return s.n }

// Time is the current time.
func (s *GrayScott) Time() float64 { return s.t }

// DT is the sampling interval.
func (s *GrayScott) DT() float64 { return s.dt }

// H is the internal Euler step actually used.
func (s *GrayScott) H() float64 { return s.h }

// FieldU copies the u field (row-major N×N) into dst and returns it.
func (s *GrayScott) FieldU(dst []float64) []float64 { return copyField(dst, s.u) }

// FieldV copies the v field (row-major N×N) into dst and returns it.
func (s *GrayScott) FieldV(dst []float64) []float64 { return copyField(dst, s.v) }

func copyField(dst, src []float64) []float64 {
	if len(dst) < len(src) {
		dst = make([]float64, len(src))
	}
	copy(dst, src)
	return dst[:len(src)]
}

// SetFields overwrites both fields; it panics unless both have N² values.
func (s *GrayScott) SetFields(u, v []float64) {
	if len(u) != s.n*s.n || len(v) != s.n*s.n {
		panic(fmt.Sprintf("pde: GrayScott SetFields with %d and %d values, want %d", len(u), len(v), s.n*s.n))
	}
	copy(s.u, u)
	copy(s.v, v)
}

// Reset restores the initial fields and time 0.
func (s *GrayScott) Reset() {
	copy(s.u, s.u0)
	copy(s.v, s.v0)
	s.steps, s.t = 0, 0
}

// State writes the observation vector (see GrayScott) into dst.
func (s *GrayScott) State(dst []float64) []float64 {
	d := s.Dim()
	if len(dst) < d {
		dst = make([]float64, d)
	}
	dst = dst[:d]
	n := s.n
	var su, sv, sv2 float64
	var active int
	for p, v := range s.v {
		su += s.u[p]
		sv += v
		sv2 += v * v
		if v > GSActiveLevel {
			active++
		}
	}
	m := float64(n * n)
	mv := sv / m
	dst[0], dst[1] = su/m, mv
	dst[2] = math.Sqrt(math.Max(sv2/m-mv*mv, 0))
	dst[3] = float64(active) / m
	if b := s.blocks; b > 0 {
		bs := n / b
		obs := dst[4:]
		clear(obs)
		for i := 0; i < n; i++ {
			row := s.v[i*n : (i+1)*n]
			o := obs[(i/bs)*b : (i/bs+1)*b]
			for j, v := range row {
				o[j/bs] += v
			}
		}
		w := 1 / float64(bs*bs)
		for i := range obs {
			obs[i] *= w
		}
	}
	return dst
}

// euler takes one explicit Euler step of size h.
func (s *GrayScott) euler() {
	n := s.n
	for i := 0; i < n; i++ {
		up, dn := i-1, i+1
		if up < 0 {
			up = n - 1
		}
		if dn == n {
			dn = 0
		}
		s.eulerRow(i*n, up*n, dn*n)
	}
	s.u, s.un = s.un, s.u
	s.v, s.vn = s.vn, s.v
}

// eulerRow updates the row starting at index r whose upper and lower
// neighbour rows start at ru and rd.
func (s *GrayScott) eulerRow(r, ru, rd int) {
	n := s.n
	h, du, dv, f, fk := s.h, s.du, s.dv, s.f, s.f+s.k
	ur, uu, ud := s.u[r:r+n], s.u[ru:ru+n], s.u[rd:rd+n]
	vr, vu, vd := s.v[r:r+n], s.v[ru:ru+n], s.v[rd:rd+n]
	uo, vo := s.un[r:r+n], s.vn[r:r+n]
	site := func(j, l, rr int) {
		uc, vc := ur[j], vr[j]
		lu := uu[j] + ud[j] + ur[l] + ur[rr] - 4*uc
		lv := vu[j] + vd[j] + vr[l] + vr[rr] - 4*vc
		uvv := uc * vc * vc
		uo[j] = uc + h*(du*lu-uvv+f*(1-uc))
		vo[j] = vc + h*(dv*lv+uvv-fk*vc)
	}
	site(0, n-1, 1)
	site(n-1, n-2, 0)
	// Interior: the same update with bounds checks hoisted.
	uu, ud, uo = uu[:len(ur)], ud[:len(ur)], uo[:len(ur)]
	vr, vu, vd, vo = vr[:len(ur)], vu[:len(ur)], vd[:len(ur)], vo[:len(ur)]
	for j := 1; j < len(ur)-1; j++ {
		uc, vc := ur[j], vr[j]
		lu := uu[j] + ud[j] + ur[j-1] + ur[j+1] - 4*uc
		lv := vu[j] + vd[j] + vr[j-1] + vr[j+1] - 4*vc
		uvv := uc * vc * vc
		uo[j] = uc + h*(du*lu-uvv+f*(1-uc))
		vo[j] = vc + h*(dv*lv+uvv-fk*vc)
	}
}

// Step advances the fields by one sampling interval. It returns a
// *system.DivergedError if a value becomes non-finite.
func (s *GrayScott) Step() error {
	for i := 0; i < s.nsub; i++ {
		s.euler()
	}
	s.steps++
	s.t = float64(s.steps) * s.dt
	for p, x := range s.v {
		if x-x != 0 || s.u[p]-s.u[p] != 0 {
			return &system.DivergedError{System: s.Name(), Time: s.t, State: s.State(nil)}
		}
	}
	return nil
}

// laplacian writes the five-point periodic Laplacian of a (n×n) into dst.
func laplacian(dst, a []float64, n int) {
	for i := 0; i < n; i++ {
		up, dn := (i+n-1)%n, (i+1)%n
		for j := 0; j < n; j++ {
			l, r := (j+n-1)%n, (j+1)%n
			dst[i*n+j] = a[up*n+j] + a[dn*n+j] + a[i*n+l] + a[i*n+r] - 4*a[i*n+j]
		}
	}
}

func init() {
	names := []string{"mean_u", "mean_v", "std_v", "active_fraction"}
	for i := 0; i < gsDefaultBlocks; i++ {
		for j := 0; j < gsDefaultBlocks; j++ {
			names = append(names, fmt.Sprintf("v_block_%d_%d", i, j))
		}
	}
	system.Register(system.Entry{
		Info: system.Info{
			Name:     "GrayScott",
			Category: system.CatPDE,
			Dim:      4 + gsDefaultBlocks*gsDefaultBlocks,
			Params: []system.Param{
				{Name: "Du", Default: gsDefaultDu, Min: 0, Max: 10, Doc: "diffusion coefficient of u in grid units (Δx = 1); Du·h ≤ 1/4 for stability"},
				{Name: "Dv", Default: gsDefaultDv, Min: 0, Max: 10, Doc: "diffusion coefficient of v in grid units; Dv·h ≤ 1/4"},
				{Name: "F", Default: gsDefaultF, Min: 0, Max: 1, Doc: "feed rate"},
				{Name: "k", Default: gsDefaultK, Min: 0, Max: 1, Doc: "removal rate of v (beyond the feed)"},
				{Name: "N", Default: gsDefaultN, Min: 4, Max: 4096, Integer: true, Doc: "grid side (N×N sites)"},
				{Name: "blocks", Default: gsDefaultBlocks, Min: 0, Max: 64, Integer: true, Doc: "coarse-grained v blocks per side in the observation (must divide N; 0: none)"},
				{Name: "h", Default: gsDefaultH, Min: 1e-4, Max: 100, Doc: "internal explicit Euler step, shrunk to divide the sampling interval"},
				{Name: "noise", Default: gsDefaultNoise, Min: 0, Max: 1, Doc: "relative amplitude of the seeded noise on the initial fields (Pearson: 0.01)"},
			},
			DT: gsDefaultDT,
			Citation: "Pearson, J. E. (1993). Complex patterns in a simple system. Science 261, 189-192. " +
				"Default (Du, Dv, F, k) = (0.16, 0.08, 0.035, 0.065) in grid units: the \"Bacteria 1\" set of Rougier, N. P. (2017), From Python to Numpy, ch. 4 (Gray-Scott).",
			Description: "Gray-Scott reaction-diffusion u_t = Du∇²u − uv² + F(1−u), v_t = Dv∇²v + uv² − (F+k)v on an N×N periodic grid (five-point Laplacian, explicit Euler, h = 1), " +
				"from Pearson's perturbed central square with 1% seeded noise. Observation: mean u, mean v, std v, fraction of sites with v > 0.2, then 8×8 block means of v.",
			Observables: names,
		},
		Build: func(c system.Config) (system.System, error) {
			p := c.Params
			const name = "GrayScott"
			n := int(p["N"])
			blocks := int(p["blocks"])
			if blocks > 0 && n%blocks != 0 {
				return nil, fmt.Errorf("%s: blocks=%d must divide N=%d", name, blocks, n)
			}
			var u0, v0 []float64
			if c.IC != nil {
				if len(c.IC) != 2*n*n {
					return nil, fmt.Errorf("%s: initial condition has %d values, want 2N² = %d (u then v, row-major)", name, len(c.IC), 2*n*n)
				}
				u0, v0 = c.IC[:n*n], c.IC[n*n:]
			} else {
				u0, v0 = GSInitial(n, p["noise"], c.Seed)
			}
			dt := c.DT
			if dt == 0 {
				dt = gsDefaultDT
			}
			return NewGrayScott(p["Du"], p["Dv"], p["F"], p["k"], p["h"], dt, blocks, u0, v0)
		},
	})
}
