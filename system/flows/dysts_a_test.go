package flows

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/emergo/emergo/system"
	"github.com/emergo/emergo/system/dysts"
	"github.com/emergo/emergo/system/ode"
	"github.com/emergo/emergo/system/systest"
)

// namesA lists the flows of dysts_a.go.
var namesA = []string{"Aizawa", "AnishchenkoAstakhov", "Arneodo", "ArnoldBeltramiChildress", "ArnoldWeb",
	"AtmosphericRegime", "BeerRNN", "BelousovZhabotinsky", "BickleyJet", "Blasius", "BlinkingRotlet",
	"BlinkingVortex", "Bouali", "Bouali2", "BurkeShaw", "CaTwoPlus", "CaTwoPlusQuasiperiodic", "CellCycle",
	"CellularNeuralNetwork", "ChenLee", "CircadianRhythm", "CoevolvingPredatorPrey", "Colpitts", "Coullet",
	"Dadras", "DequanLi", "DoubleGyre", "ExcitableCell", "Finance", "FluidTrampoline", "ForcedBrusselator",
	"ForcedVanDerPol", "GenesioTesi", "GlycolyticOscillation", "GuckenheimerHolmes", "Hadley", "Halvorsen",
	"HastingsPowell", "HenonHeiles"}

// Tolerances of group A's tests, named by what they bound.
const (
	// fieldTolA bounds hand-computed field values and independent
	// transcriptions of the equations (a few roundings, relative to
	// max(1, |value|)).
	fieldTolA = 1e-12
	// traceTolA bounds the trace of the Jacobian against its closed form
	// (a few roundings relative to the largest diagonal entry).
	traceTolA = 1e-12
	// setSlackA is the integration error allowed on the boundary of an
	// invariant set that orbits approach (walls, zero populations, the
	// unit interval of a fraction): far above the tolerance 1e-9 per
	// step, far below any real escape.
	setSlackA = 1e-6
	// crudeBoxA bounds every bounded observed component to dysts' mean ±
	// this many dysts standard deviations: far outside any attractor (the
	// largest excursions measured are 12.9, Bouali2's slow z, and 10.0,
	// ExcitableCell's c; all others at most 8.6), but a diverging orbit
	// crosses it.
	crudeBoxA = 50
	// stdFactorA is the default bound on the ratio of the standard
	// deviation of each observed component over 100 periods (after 20 of
	// transient) to dysts' recorded value. Measured ratios lie in
	// [0.65, 1.82] apart from the documented exceptions of stdFactorExA;
	// the extremes are Bouali2's y (0.65, see stdFactorExA),
	// FluidTrampoline's height (1.82), ArnoldWeb's p1 (1.80: slow Arnold
	// diffusion) and Arneodo's x (1.70: dysts' record stays on one of the
	// two symmetric lobes, mean −1.67, ours visits both).
	stdFactorA = 2.0
)

// phaseIdxA lists, per flow, the state components reduced into [0, 2π).
var phaseIdxA = map[string][]int{
	"ArnoldBeltramiChildress": {0, 1, 2},
	"ArnoldWeb":               {2, 3, 4},
	"BlinkingRotlet":          {1, 2},
	"BlinkingVortex":          {1, 2},
	"CircadianRhythm":         {4},
	"DoubleGyre":              {2},
	"FluidTrampoline":         {2},
	"ForcedBrusselator":       {2},
	"ForcedVanDerPol":         {2},
}

// Every flow of the group passes the catalogue conformance suite
// (determinism, finite states over 1000 default steps, Reset replay,
// allocation-free Step and State, analytic Jacobian against finite
// differences along the orbit).
func TestConformanceA(t *testing.T) {
	if len(namesA) != 39 {
		t.Fatalf("group A has %d flows, want 39", len(namesA))
	}
	for _, name := range namesA {
		t.Run(name, func(t *testing.T) { systest.Run(t, name) })
	}
}

// The metadata follows dysts: name, every scalar parameter with its
// default and a doc string (array parameters are not exposed), the
// initial condition (phases reduced into [0, 2π); the blinking flows'
// time t becomes φ = 2πt/τ), the period and dt = period/100 to three
// significant digits, dysts' estimates, an analytic Jacobian, one
// observable name per component, a full citation.
func TestMetadataA(t *testing.T) {
	for _, name := range namesA {
		in := mustInfo(t, name)
		e := dysts.MustGet(name)
		if in.Name != e.Name || in.Category != system.CatFlow || !in.Jacobian || in.Discrete || in.Stochastic {
			t.Errorf("%s: name %q, category %q, jacobian %v, discrete %v", name, in.Name, in.Category, in.Jacobian, in.Discrete)
		}
		if in.Period != e.Period || in.DT != round3(e.Period/100) {
			t.Errorf("%s: period %v (dysts %v), DT %v", name, in.Period, e.Period, in.DT)
		}
		scalars := 0
		for _, k := range e.ParamNames() {
			v, scalar := e.Param(k)
			// Exact-name lookup: Info.Param matches case-insensitively and
			// CellCycle has both Kd1 and kd1.
			var p system.Param
			ok := false
			for _, q := range in.Params {
				if q.Name == k {
					p, ok = q, true
				}
			}
			if scalar {
				scalars++
				if !ok || p.Name != k || p.Default != v || p.Doc == "" {
					t.Errorf("%s: parameter %s = %+v, dysts default %v", name, k, p, v)
				}
			} else if ok {
				t.Errorf("%s: array parameter %s is exposed as a scalar", name, k)
			}
		}
		if len(in.Params) != scalars {
			t.Errorf("%s: %d parameters, dysts has %d scalars", name, len(in.Params), scalars)
		}
		if in.Dim != len(e.InitialConditions) || len(in.IC) != in.Dim || len(in.Observables) != in.Dim {
			t.Fatalf("%s: Dim %d, IC %v, observables %v; dysts IC %v", name, in.Dim, in.IC, in.Observables, e.InitialConditions)
		}
		wrapped := map[int]bool{}
		for _, i := range phaseIdxA[name] {
			wrapped[i] = true
		}
		for i, v := range in.IC {
			want := e.InitialConditions[i]
			switch {
			case (name == "BlinkingRotlet" || name == "BlinkingVortex") && i == 2:
				tau, _ := e.Param("tau")
				want = wrap2Pi(2 * math.Pi * want / tau)
			case wrapped[i]:
				want = wrap2Pi(want)
			}
			if v != want || (wrapped[i] && (v < 0 || v >= 2*math.Pi)) {
				t.Errorf("%s: IC[%d] = %v, want %v", name, i, v, want)
			}
		}
		if inv, ok := in.Invariant("max_lyapunov"); !ok || inv.Source != dystsSource || inv.Values[0] != e.MaxLyapunov {
			t.Errorf("%s: dysts max_lyapunov %+v present=%v", name, inv, ok)
		}
		if !strings.Contains(in.Citation, "(19") && !strings.Contains(in.Citation, "(20") {
			t.Errorf("%s: citation %q has no year", name, in.Citation)
		}
		if !strings.HasPrefix(in.Description, e.Description) || len(in.Description) <= len(e.Description)+20 {
			t.Errorf("%s: description %q does not state the equations after dysts'", name, in.Description)
		}
	}
	// The wrapped initial conditions: ABC's (147.9, −1762.8, −647.4)
	// mod 2π, CircadianRhythm's θ = 2004.02 mod 2π.
	if ic := mustInfo(t, "ArnoldBeltramiChildress").IC; math.Abs(ic[0]-math.Mod(147.91266, 2*math.Pi)) > 1e-12 {
		t.Errorf("ABC initial x %v", ic[0])
	}
	if e, err := system.Lookup("abc"); err != nil || e.Info.Name != "ArnoldBeltramiChildress" {
		t.Errorf("alias abc: %v", err)
	}
}

// Independent transcriptions of the equations of the larger models,
// written term by term from the published forms (dysts' code) rather
// than from dysts_a.go, for TestFieldAtPointA.

func bzIndependentA(p system.Params, x []float64) []float64 {
	X, Z, V := x[0], x[1], x[2]
	ybar := (1 / p["y0"]) * p["yb1"] * Z * V / (p["yb2"]*X + p["yb3"] + p["kf"])
	X = math.Max(0, X)
	rf := (p["ci"] - p["z0"]*Z) * math.Sqrt(X)
	xd := p["c1"]*X*ybar + p["c2"]*ybar + p["c3"]*X*X + p["c4"]*rf + p["c5"]*X*Z - p["kf"]*X
	zd := (p["c6"]/p["z0"])*rf + p["c7"]*X*Z + p["c8"]*Z*V + p["c9"]*Z - p["kf"]*Z
	vd := p["c10"]*X*ybar + p["c11"]*ybar + p["c12"]*X*X + p["c13"]*Z*V - p["kf"]*V
	return []float64{xd * p["t0"], zd * p["t0"], vd * p["t0"]}
}

func caIndependentA(p system.Params, x []float64) []float64 {
	z, y, a := x[0], x[1], x[2]
	pw := math.Pow
	vin := p["V0"] + p["V1"]*p["beta"]
	v2 := p["Vm2"] * z * z / (p["K2"]*p["K2"] + z*z)
	v3 := p["Vm3"] * pw(z, p["m"]) / (pw(p["Kz"], p["m"]) + pw(z, p["m"])) * (y * y / (p["Ky"]*p["Ky"] + y*y)) *
		(pw(a, 4) / (pw(p["Ka"], 4) + pw(a, 4)))
	v5 := p["Vm5"] * (pw(a, p["p"]) / (pw(p["K5"], p["p"]) + pw(a, p["p"]))) * (pw(z, p["n"]) / (pw(p["Kd"], p["n"]) + pw(z, p["n"])))
	return []float64{vin - v2 + v3 + p["kf"]*y - p["k"]*z, v2 - v3 - p["kf"]*y, p["beta"]*p["V4"] - v5 - p["eps"]*a}
}

func cellCycleIndependentA(p system.Params, x []float64) []float64 {
	c1, m1, x1, c2, m2, x2 := x[0], x[1], x[2], x[3], x[4], x[5]
	K := p["K"]
	V1 := p["Vm1"] * c1 / (p["Kc"] + c1)
	U1 := p["Vm1"] * c2 / (p["Kc"] + c2)
	V3, U3 := m1*p["Vm3"], m2*p["Vm3"]
	return []float64{
		p["vi"]*p["Kim"]/(p["Kim"]+m2) - p["vd"]*x1*c1/(p["Kd1"]+c1) - p["kd1"]*c1,
		V1*(1-m1)/(K+(1-m1)) - p["V2"]*m1/(K+m1),
		V3*(1-x1)/(K+(1-x1)) - p["V4"]*x1/(K+x1),
		p["vi"]*p["Kim"]/(p["Kim"]+m1) - p["vd"]*x2*c2/(p["Kd1"]+c2) - p["kd1"]*c2,
		U1*(1-m2)/(K+(1-m2)) - p["V2"]*m2/(K+m2),
		U3*(1-x2)/(K+(1-x2)) - p["V4"]*x2/(K+x2),
	}
}

func circadianIndependentA(p system.Params, x []float64) []float64 {
	m, fc, fs, fn, th := x[0], x[1], x[2], x[3], x[4]
	vs := p["vc"] * ((0.5 + 0.5*math.Cos(th)) + p["vmin"]) * (p["vmax"] - p["vmin"])
	kin := math.Pow(p["Ki"], p["n"])
	return []float64{
		vs*kin/(kin+math.Pow(fn, p["n"])) - p["vm"]*m/(p["km"]+m),
		p["ks"]*m - p["k1"]*fc + p["k2"]*fn - p["k"]*fc,
		p["k"]*fc - p["vd"]*fs/(p["kd"]+fs),
		p["k1"]*fc - p["k2"]*fn - p["vdn"]*fn/(p["kdn"]+fn),
		2 * math.Pi / p["ps"],
	}
}

func coevolvingIndependentA(p system.Params, x []float64) []float64 {
	X, Y, al := x[0], x[1], x[2]
	a1, a2, a3, b1, b2 := p["a1"], p["a2"], p["a3"], p["b1"], p["b2"]
	d1, d2, de, k1, k2, k4, vv := p["d1"], p["d2"], p["delta"], p["k1"], p["k2"], p["k4"], p["vv"]
	xd := X * (-(a3*Y)/(1+b2*X) + (a1*al*(1-k1*X*(-al+al*de)))/(1+b1*al) -
		d1*(1-k2*(-(al*al)+(al*de)*(al*de))+k4*(-math.Pow(al, 4)+math.Pow(al*de, 4))))
	yd := (-d2 + (a2*X)/(1+b2*X)) * Y
	ad := vv * (-((a1 * k1 * X * al * de) / (1 + b1*al)) - d1*(-2*k2*al*de*de+4*k4*al*al*al*math.Pow(de, 4)))
	return []float64{xd, yd, ad}
}

func excitableIndependentA(p system.Params, x []float64) []float64 {
	v, n, c := x[0], x[1], x[2]
	am := p["ams"] * (p["amvb"] + v) / (1 - math.Exp(-p["ar"]*v-p["amvo"]))
	bm := p["bms"] * math.Exp(-p["bmr"]*v-p["bmo"])
	minf := am / (am + bm)
	ah := p["ahs"] * math.Exp(-p["ahr"]*v-p["aho"])
	bh := 1 / (1 + math.Exp(-p["bhr"]*v-p["bho"]))
	hinf := ah / (ah + bh)
	an := p["ans"] * (p["anvb"] + v) / (1 - math.Exp(-p["ar"]*v-p["anvo"]))
	bn := p["bns"] * math.Exp(-p["bnr"]*v-p["bno"])
	ninf := an / (an + bn)
	tau := 1 / (p["tscl"] * (an + bn))
	ca := c / (1 + c)
	vd := p["gi"]*math.Pow(minf, 3)*hinf*(p["vi"]-v) + p["gkv"]*math.Pow(n, 4)*(p["vk"]-v) +
		p["gkc"]*ca*(p["vk"]-v) + p["gl"]*(p["vl"]-v)
	return []float64{vd, (ninf - n) / tau, p["rho"] * (math.Pow(minf, 3)*hinf*(p["vc"]-v) - p["kc"]*c)}
}

func bickleyIndependentA(p system.Params, x []float64) []float64 {
	eps, k, sig := dystsVector("BickleyJet", "eps"), dystsVector("BickleyJet", "k"), dystsVector("BickleyJet", "sigma")
	Y, X, Z := x[0], x[1], x[2]
	sech := 1 / math.Cosh(Y/p["ell"])
	var cosDot, sinDot float64
	for i := range k {
		un := k[i] * (X - Z*sig[i])
		cosDot += math.Cos(un) * eps[i]
		sinDot += eps[i] * k[i] * math.Sin(un)
	}
	dx := p["u"] * sech * sech * (-1 - 2*cosDot*math.Tanh(Y/p["ell"]))
	dy := p["ell"] * p["u"] * sech * sech * sinDot
	return []float64{dy, dx, p["omega"]}
}

func beerIndependentA(x []float64) []float64 {
	tau, theta := dystsVector("BeerRNN", "tau"), dystsVector("BeerRNN", "theta")
	w, _ := dystsMatrix("BeerRNN", "w")
	out := make([]float64, 3)
	for i := 0; i < 3; i++ {
		out[i] = -x[i]
		for j := 0; j < 3; j++ {
			out[i] += w[3*i+j] / (1 + math.Exp(-(x[j] + theta[j])))
		}
		out[i] /= tau[i]
	}
	return out
}

func glycolyticIndependentA(p system.Params, x []float64) []float64 {
	a, b, c := x[0], x[1], x[2]
	phi := (a * (1 + a) * math.Pow(1+b, 2)) / (p["l1"] + math.Pow(1+a, 2)*math.Pow(1+b, 2))
	eta := b * (1 + p["d"]*b) * math.Pow(1+c, 2) / (p["l2"] + math.Pow(1+p["d"]*b, 2)*math.Pow(1+c, 2))
	return []float64{p["nu"] - p["s1"]*phi, p["q1"]*p["s1"]*phi - p["s2"]*eta, p["q2"]*p["s2"]*eta - p["k"]*c}
}

// Exact: each field at one or more points, computed by hand from the
// equations with dysts' default parameters (the arithmetic is written
// out), or, for the larger models, by an independent transcription of
// the equations above; one case per model at non-default parameters.
func TestFieldAtPointA(t *testing.T) {
	p123 := []float64{1, 2, 3}
	h := math.Pi / 2
	s2 := math.Sqrt2 / 2
	// Blinking vortex (a = 1, b = 1/2, b_c = 0, σ = −1, τ = 3) at r = 1/2,
	// φ = π/2 (w = 1: the stirrer at +b). θ = π/2: κ = 1 + 1/16, ζ = 1/2,
	// v_r = b(−1/κ + 1/ζ), v_θ = ι/κ − r/ζ with ι = b²r = 1/8.
	// θ = π: κ = (1 + b/2)² = 1.5625, ι = 1/8 + 1/2, ζ = (r + b)² = 1.
	kv := 1 + 1.0/16
	vr, vth := 0.5*(-1/kv+2), 0.125/kv-1
	// Blinking rotlet (a = 1, b_c = 1, σ = −1) at r = 1/2, θ = π, w = 1:
	// v_r = 0 and, with c = cos θ = −1, κ = (1 + b/2)², γ = (3/4)(1 − b²/4),
	// ι = b²/2 + b, ζ = (1/2 + b)², ν = 1 + b²/2.
	b := 0.5298833894399929
	kr := (1 + b/2) * (1 + b/2)
	gr, ir, nr := 0.75*(1-b*b/4), b*b/2+b, 1+b*b/2
	vthR := gr*ir/(kr*kr) + 0.5*nr/kr + ir/kr - 1/(0.5+b)
	// Glycolytic at (1, 1, 1), d = 0: φ = 8/(5e8 + 16), η = 4/104.
	phi, eta := 8/(5e8+16), 4.0/104
	sg := 22.2222
	// Bickley jet at y = ℓ atanh(1/2): tanh = 1/2, sech² = 3/4, and at
	// x = z = 0 every cos u_n = 1: Σε = 0.4575.
	ell := 1.77
	cases := []struct {
		name string
		over system.Params
		x    []float64
		want []float64 // nil: the independent transcription
	}{
		// a=0.95, b=0.7, c=0.6, d=3.5, e=0.25, f=0.1
		{"Aizawa", nil, p123, []float64{3 - 0.7 - 7, 3.5 + 6 - 1.4, 0.6 + 2.85 - 9 - 1 - 4 - 0.75 - 3 + 0.3}},
		// η=0.5, μ=1.2; H(x) switches the x² source on for x > 0.
		{"AnishchenkoAstakhov", nil, p123, []float64{1.2 + 2 - 3, -1, -1.5 + 0.5}},
		{"AnishchenkoAstakhov", nil, []float64{-1, 2, 3}, []float64{-1.2 + 2 + 3, 1, -1.5}},
		// a=−5.5, b=4.5, c=1, d=−1
		{"Arneodo", nil, p123, []float64{2, 3, 5.5 - 9 - 3 - 1}},
		// A=1.73205, B=1.41421, C=1 at (0, π/2, π/2)
		{"ArnoldBeltramiChildress", nil, []float64{0, h, h}, []float64{1.73205, 0, 1 + 1.41421}},
		// μ=0.01, ω=1 at x1 = π/2, x2 = 0, z = π: D = 4 + 0 + 1 − 1.
		{"ArnoldWeb", nil, []float64{0.1, 0.2, h, 0, math.Pi}, []float64{-0.01 / 16, 0, 0.1, 0.2, 1}},
		// α=−2, β=−5, μ1=0.05, μ2=−0.01, ω=3, σ=1.1
		{"AtmosphericRegime", nil, p123, []float64{0.05 + 2.2, -0.02 + 9 - 12 - 45 - 1.1, -0.03 - 6 + 8 + 30}},
		// y = −θ: every sigmoid is 1/2; row sums of w are 8.154, 5.56, 2.17; τ = (1, 2.5, 1).
		{"BeerRNN", nil, []float64{4.108, 2.787, 1.114}, []float64{-4.108 + 4.077, (-2.787 + 2.78) / 2.5, -1.114 + 1.085}},
		{"BeerRNN", nil, []float64{0.3, -1, 2}, nil},
		{"BelousovZhabotinsky", nil, []float64{0.1, 0.9, 0.85}, nil},
		{"BelousovZhabotinsky", nil, []float64{-0.01, 0.9, 0.85}, nil}, // x < 0: only ȳ terms
		{"BelousovZhabotinsky", system.Params{"kf": 3e-4, "t0": 1000}, []float64{0.3, 1.2, 0.84}, nil},
		// U = 6.266e-5: on the jet axis at x = z = 0, only dx/dt = −U.
		{"BickleyJet", nil, []float64{0, 0, 0}, []float64{0, -6.266e-5, 1}},
		{"BickleyJet", nil, []float64{ell * math.Atanh(0.5), 0, 0}, []float64{0, -6.266e-5 * 0.75 * (1 + 2*0.5*0.4575), 1}},
		{"BickleyJet", nil, []float64{-0.4, 3.1, 2e5}, nil},
		// a=1, α1=0.2, α2=1, b=1, c=10, k1=0.05, k2=0, zs=0.006
		{"Blasius", nil, p123, []float64{1 - 0.4/1.05, -2 + 0.4/1.05 - 6, -10*(3-0.006) + 6}},
		{"BlinkingVortex", nil, []float64{0.5, h, h}, []float64{-vr, -vth / 0.5, 2 * math.Pi / 3}},
		{"BlinkingVortex", nil, []float64{0.5, math.Pi, h}, []float64{0, -(0.625/1.5625 - 1) / 0.5, 2 * math.Pi / 3}},
		// φ = 3π/2 (w = 0): the stirrer at −b; the mirror point θ = π/2 → θ = π/2 sees v_r(−b) = −v_r(b).
		{"BlinkingVortex", nil, []float64{0.5, h, 3 * h}, []float64{vr, -vth / 0.5, 2 * math.Pi / 3}},
		{"BlinkingRotlet", nil, []float64{0.5, math.Pi, h}, []float64{0, -vthR / 0.5, 2 * math.Pi / 3}},
		// a=1, b=−0.3, b_b=1, c=0.05, g=1, m=1, y0=4
		{"Bouali", nil, p123, []float64{2 + 0.9, 0, -1.5 + 3 - 0.15}},
		{"Bouali", nil, []float64{2, 1, -1}, []float64{6 - 0.3, 3, -3 - 2 + 0.05}},
		// a=3, b=2.2, b_b=c=0, g=1, m=−0.0026667, y0=1
		{"Bouali2", nil, p123, []float64{-3 - 6.6, 0, 1.5 * 0.0026667}},
		{"Bouali2", nil, []float64{2, 1, -1}, []float64{2.2, 3, 3 * 0.0026667}},
		// e=13, n=10
		{"BurkeShaw", nil, p123, []float64{-30, 2 - 30, 20 + 13}},
		{"CaTwoPlus", nil, []float64{0.3, 0.9, 0.13}, nil},
		{"CaTwoPlusQuasiperiodic", nil, []float64{0.3, 0.9, 0.5}, nil},
		{"CaTwoPlus", system.Params{"m": 3, "n": 2, "p": 3}, []float64{0.4, 1.1, 0.2}, nil},
		{"CellCycle", nil, []float64{0.6, 0.7, 0.8, 0.7, 0.9, 0.95}, nil},
		{"CellCycle", system.Params{"Kd1": 0.05, "Kim": 0.5}, []float64{0.4, 0.3, 0.2, 1.1, 0.5, 0.6}, nil},
		// a=4.4, b=3.21, c=1.1, d=1.24 at (0.5, 2, −3): f = (0.5, 1, −1).
		{"CellularNeuralNetwork", nil, []float64{0.5, 2, -3}, []float64{-0.5 + 0.62 - 3.21 + 3.21, -2 - 1.605 + 1.1 + 4.4, 3 - 1.605 + 4.4 - 1}},
		// a=5, b=−10, c=−0.38
		{"ChenLee", nil, p123, []float64{5 - 6, -20 + 3, -1.14 + 2.0/3}},
		{"CircadianRhythm", nil, []float64{6, 10, 17, 10, 1}, nil},
		{"CircadianRhythm", system.Params{"n": 2}, []float64{1, 2, 3, 4, 5}, nil},
		{"CoevolvingPredatorPrey", nil, []float64{0.1, 0.5, 0.6}, nil},
		{"CoevolvingPredatorPrey", system.Params{"delta": 1.5}, []float64{0.3, 0.2, 0.4}, nil},
		// a=30, b=0.8, c=20, d=0.08, e=10: u = z − 9.
		{"Colpitts", nil, p123, []float64{2 - 180, 20 - 1 - 1.6 - 3, 2 - 0.24}},
		{"Colpitts", nil, []float64{1, 2, 10}, []float64{2, 20 - 1 - 1.6 - 10, 2 - 0.8}},
		// a=−0.8, b=1.1, c=0.45, d=−1
		{"Coullet", nil, p123, []float64{2, 3, 0.8 - 2.2 - 1.35 - 1}},
		// c=2, e=9, o=2.7, p=3, r=1.7
		{"Dadras", nil, p123, []float64{2 - 3 + 16.2, 3.4 - 3 + 3, 4 - 27}},
		// a=40, c=1.833, d=0.16, ε=0.65, f=20, k=55
		{"DequanLi", nil, p123, []float64{40 + 0.48, 55 + 40 - 3, 5.499 + 2 - 0.65}},
		// A=0.1, ε=0.1, ω=0.62832. z = 0: f = x. z = π/2: f(1) = 0.9, ∂f/∂x = 1.
		{"DoubleGyre", nil, []float64{0.5, 0.25, 0}, []float64{-0.1 * math.Pi * s2, 0, 0.62832}},
		{"DoubleGyre", nil, []float64{1, 0.5, h}, []float64{0, 0.1 * math.Pi * math.Cos(0.9*math.Pi), 0.62832}},
		{"ExcitableCell", nil, []float64{-44, 0.14, 0.46}, nil},
		{"ExcitableCell", nil, []float64{-25.3, 0.3, 0.47}, nil}, // near α_m's removable singularity at v = −25
		{"ExcitableCell", system.Params{"gkc": 9}, []float64{-30, 0.2, 0.44}, nil},
		// a=0.001, b=0.2, c=1.1
		{"Finance", nil, p123, []float64{5 - 0.001 + 3 + 2, -0.4 - 1, -1 - 3.3}},
		// Γ=1.82, ψ=0.01019, ω=1.21; in contact (x < 0) the film pushes back.
		{"FluidTrampoline", nil, []float64{1, 2, 0}, []float64{2, -1 + 1.82, 1.21}},
		{"FluidTrampoline", nil, []float64{-1, 2, h}, []float64{2, -1 + 1 - 0.01019*4, 1.21}},
		{"FluidTrampoline", nil, []float64{-1, -2, math.Pi}, []float64{-2, -1 + 1 + 0.01019*4 - 1.82, 1.21}},
		// a=0.4, b=1.2, f=0.05, ω=0.81
		{"ForcedBrusselator", nil, []float64{1, 2, 0}, []float64{0.4 + 2 - 2.2 + 0.05, 1.2 - 2, 0.81}},
		// a=1.2, μ=8.53, ω=0.63
		{"ForcedVanDerPol", nil, []float64{1, 2, h}, []float64{2, -1 + 1.2, 0.63}},
		{"ForcedVanDerPol", nil, []float64{2, 1, 0}, []float64{1, -8.53*3 - 2, 0.63}},
		// a=0.44, b=1.1, c=1
		{"GenesioTesi", nil, p123, []float64{2, 3, -1 - 2.2 - 1.32 + 1}},
		// d=0, k=4.422, L1=5e8, L2=100, ν=1, q1=50, q2=0.02, σ1=σ2=22.2222
		{"GlycolyticOscillation", nil, []float64{1, 1, 1}, []float64{1 - sg*phi, 50*sg*phi - sg*eta, 0.02*sg*eta - 4.422}},
		{"GlycolyticOscillation", system.Params{"d": 0.3}, []float64{30, 120, 0.2}, nil},
		// a=0.4, b=20.25, c=3, d=1.6, e=1.7, f=0.44; x² + y² = 5.
		{"GuckenheimerHolmes", nil, p123, []float64{0.4 - 40.5 + 9 + 24, 0.8 + 20.25 + 18, 1.7 - 9 - 2.2 - 10.8}},
		// a=0.2, b=4, F=9, G=1
		{"Hadley", nil, p123, []float64{-4 - 9 - 0.2 + 1.8, 2 - 12 - 2 + 1, 8 + 3 - 3}},
		// a=1.4, b=4
		{"Halvorsen", nil, p123, []float64{-1.4 - 8 - 12 - 4, -2.8 - 12 - 4 - 9, -4.2 - 4 - 8 - 1}},
		// a1=5, a2=0.1, b1=3, b2=2, d1=0.4, d2=0.01 at (1/2, 1/2, 2): the
		// responses are 5·¼/2.5 = 0.5 and 0.1·1/2 = 0.05.
		{"HastingsPowell", nil, []float64{0.5, 0.5, 2}, []float64{0.25 - 0.5, 0.5 - 0.05 - 0.2, 0.05 - 0.02}},
		// λ=1
		{"HenonHeiles", nil, []float64{1, 2, 3, 4}, []float64{3, 4, -1 - 4, -2 - 1 + 4}},
	}
	independent := map[string]func(p system.Params, x []float64) []float64{
		"BeerRNN":                func(_ system.Params, x []float64) []float64 { return beerIndependentA(x) },
		"BelousovZhabotinsky":    bzIndependentA,
		"BickleyJet":             bickleyIndependentA,
		"CaTwoPlus":              caIndependentA,
		"CaTwoPlusQuasiperiodic": caIndependentA,
		"CellCycle":              cellCycleIndependentA,
		"CircadianRhythm":        circadianIndependentA,
		"CoevolvingPredatorPrey": coevolvingIndependentA,
		"ExcitableCell":          excitableIndependentA,
		"GlycolyticOscillation":  glycolyticIndependentA,
	}
	seen := map[string]bool{}
	for _, c := range cases {
		seen[c.name] = true
		sys := mustBuild(t, c.name, system.Config{Params: c.over})
		want := c.want
		if want == nil {
			want = independent[c.name](params(t, c.name, c.over), c.x)
		}
		got := make([]float64, len(c.x))
		sys.(system.Field).Eval(got, c.x, 0)
		for i := range got {
			if math.Abs(got[i]-want[i]) > fieldTolA*math.Max(1, math.Abs(want[i])) {
				t.Errorf("%s%v at %v: f = %v, want %v", c.name, c.over, c.x, got, want)
				break
			}
		}
	}
	for _, name := range namesA {
		if !seen[name] {
			t.Errorf("%s has no field value check", name)
		}
	}
}

// pointA draws a test point for name: inside the physical domain and
// around the attractor where the equations need it (positive
// concentrations and populations, fractions in (0, 1), the disc away from
// the stirrers), else uniform in ±scale.
func pointA(rng *rand.Rand, name string, n int) []float64 {
	u := func(lo, hi float64) float64 { return lo + (hi-lo)*rng.Float64() }
	x := randomPoint(rng, n, 3)
	switch name {
	case "BelousovZhabotinsky":
		x[0], x[1], x[2] = u(0.005, 1), u(0.5, 2.2), u(0.8, 0.9)
	case "BickleyJet":
		x[0], x[1], x[2] = u(-3, 3), u(-30, 30), u(0, 1e7)
	case "Blasius":
		x[0], x[1], x[2] = u(1, 15), u(1, 15), u(0.01, 1.5)
	case "BlinkingRotlet", "BlinkingVortex":
		for {
			x[0], x[1], x[2] = u(-0.95, 0.95), u(0, 2*math.Pi), u(0, 2*math.Pi)
			cx, cy := x[0]*math.Cos(x[1]), x[0]*math.Sin(x[1])
			if math.Abs(x[0]) > 0.05 && math.Hypot(math.Abs(cx)-0.53, cy) > 0.05 {
				return x
			}
		}
	case "CaTwoPlus", "CaTwoPlusQuasiperiodic":
		x[0], x[1], x[2] = u(0.05, 0.6), u(0.5, 1.4), u(0.05, 1)
	case "CellCycle":
		for i := 0; i < 2; i++ {
			x[3*i], x[3*i+1], x[3*i+2] = u(0.2, 1.3), u(0.05, 0.95), u(0.05, 0.95)
		}
	case "CircadianRhythm":
		x[0], x[1], x[2], x[3], x[4] = u(0.05, 16), u(0.5, 20), u(0.1, 50), u(0.5, 22), u(0, 2*math.Pi)
	case "CoevolvingPredatorPrey":
		x[0], x[1], x[2] = u(0.01, 0.6), u(0.2, 0.8), u(0.01, 0.7)
	case "ExcitableCell":
		x[0], x[1], x[2] = u(-55, -15), u(0.05, 0.5), u(0.4, 0.5)
	case "GlycolyticOscillation":
		x[0], x[1], x[2] = u(20, 50), u(50, 340), u(0.05, 2)
	case "HastingsPowell":
		x[0], x[1], x[2] = u(0.1, 1), u(0.01, 0.5), u(7, 11)
	case "ArnoldWeb":
		x[0], x[1] = u(-0.2, 0.2), u(-0.2, 0.2)
	}
	return x
}

// The analytic Jacobians agree with central differences of the field at
// random points (relative to the largest entry), at the defaults and
// with every non-integer parameter scaled by a random factor in
// [0.8, 1.2].
func TestJacobianFiniteDifferencesA(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	for _, name := range namesA {
		e, _ := system.Lookup(name)
		for trial := 0; trial < 2; trial++ {
			over := system.Params{}
			if trial == 1 {
				for _, p := range e.Info.Params {
					if !p.Integer {
						over[p.Name] = p.Default * (0.8 + 0.4*rng.Float64())
					}
				}
			}
			sys := mustBuild(t, name, system.Config{Params: over})
			n := sys.Dim()
			fd := system.NewFiniteDiff(n, sys.(system.Field).Eval)
			J, F := make([]float64, n*n), make([]float64, n*n)
			for k := 0; k < 8; k++ {
				x := pointA(rng, name, n)
				sys.(system.Jacobianer).Jacobian(J, x, 0)
				fd.Jacobian(F, x, 0)
				var scale float64
				for _, v := range F {
					scale = math.Max(scale, math.Abs(v))
				}
				if scale == 0 {
					t.Fatalf("%s at %v: zero Jacobian", name, x)
				}
				for i := range J {
					if math.Abs(J[i]-F[i]) > jacRelTol*scale {
						t.Errorf("%s%v at %v: J[%d,%d] = %.12g, finite differences %.12g", name, over, x, i/n, i%n, J[i], F[i])
						break
					}
				}
			}
		}
	}
}

// Invariant: the divergence (trace of the Jacobian) equals its closed
// form read off the equations, at random points: constant for several
// flows, zero for the Hamiltonian and incompressible ones.
func TestDivergenceA(t *testing.T) {
	sig := func(u float64) float64 { s := 1 / (1 + math.Exp(-u)); return s * (1 - s) }
	slope := func(u float64) float64 { // f' of the CNN saturation
		if math.Abs(u) < 1 {
			return 1
		}
		return 0
	}
	cases := map[string]func(p system.Params, x []float64) float64{
		"Aizawa": func(p system.Params, x []float64) float64 {
			return 2*(x[2]-p["b"]) + p["a"] - x[2]*x[2] - p["e"]*(x[0]*x[0]+x[1]*x[1]) + p["f"]*x[0]*x[0]*x[0]
		},
		"AnishchenkoAstakhov":     func(p system.Params, x []float64) float64 { return p["mu"] - x[2] - p["eta"] },
		"Arneodo":                 func(p system.Params, _ []float64) float64 { return -p["c"] },
		"ArnoldBeltramiChildress": func(system.Params, []float64) float64 { return 0 },
		"ArnoldWeb":               func(system.Params, []float64) float64 { return 0 },
		"AtmosphericRegime": func(p system.Params, x []float64) float64 {
			return p["mu1"] + 2*p["mu2"] + (p["sigma"]-p["beta"])*x[1] + p["alpha"]*x[2]
		},
		"BeerRNN": func(_ system.Params, x []float64) float64 {
			tau, th := dystsVector("BeerRNN", "tau"), dystsVector("BeerRNN", "theta")
			w, _ := dystsMatrix("BeerRNN", "w")
			var d float64
			for i := 0; i < 3; i++ {
				d += (-1 + w[4*i]*sig(x[i]+th[i])) / tau[i]
			}
			return d
		},
		"BickleyJet": func(system.Params, []float64) float64 { return 0 },
		"Blasius": func(p system.Params, x []float64) float64 {
			d1, d2 := 1+p["k1"]*x[0], 1+p["k2"]*x[1]
			return p["a"] - p["alpha1"]*x[1]/(d1*d1) - p["b"] + p["alpha1"]*x[0]/d1 - p["alpha2"]*x[2]/(d2*d2) -
				p["c"] + p["alpha2"]*x[1]/d2
		},
		"Bouali": func(p system.Params, x []float64) float64 {
			return p["a"]*(p["y0"]-x[1]) + p["g"]*(x[0]*x[0]-1) + p["m"]*p["bb"]*x[0] - p["c"]
		},
		"BurkeShaw": func(p system.Params, _ []float64) float64 { return 1 - p["n"] },
		"CellularNeuralNetwork": func(p system.Params, x []float64) float64 {
			return -3 + p["d"]*slope(x[0]) + p["c"]*slope(x[1]) + slope(x[2])
		},
		"ChenLee":   func(p system.Params, _ []float64) float64 { return p["a"] + p["b"] + p["c"] },
		"Colpitts":  func(p system.Params, _ []float64) float64 { return -p["b"] - p["d"] },
		"Coullet":   func(p system.Params, _ []float64) float64 { return -p["c"] },
		"Dadras":    func(p system.Params, _ []float64) float64 { return p["r"] - p["p"] - p["e"] },
		"DequanLi":  func(p system.Params, x []float64) float64 { return p["f"] + p["c"] - p["a"] + p["d"]*x[2] },
		"Finance":   func(p system.Params, x []float64) float64 { return 1/p["b"] - p["a"] + x[1] - p["b"] - p["c"] },
		"Hadley":    func(p system.Params, x []float64) float64 { return 2*x[0] - p["a"] - 2 },
		"Halvorsen": func(p system.Params, _ []float64) float64 { return -3 * p["a"] },
		"FluidTrampoline": func(p system.Params, x []float64) float64 {
			if x[0] < 0 {
				return -2 * p["psi"] * math.Abs(x[1])
			}
			return 0
		},
		"ForcedBrusselator": func(p system.Params, x []float64) float64 { return 2*x[0]*x[1] - p["b"] - 1 - x[0]*x[0] },
		"ForcedVanDerPol":   func(p system.Params, x []float64) float64 { return p["mu"] * (1 - x[0]*x[0]) },
		"GenesioTesi":       func(p system.Params, _ []float64) float64 { return -p["a"] },
		"GuckenheimerHolmes": func(p system.Params, x []float64) float64 {
			z := x[2]
			return 2*p["a"] + 2*p["c"]*z + 2*p["d"]*z*x[0] - 2*z - 3*p["a"]*z*z
		},
		"HastingsPowell": func(p system.Params, x []float64) float64 {
			e1, e2 := 1+p["b1"]*x[0], 1+p["b2"]*x[1]
			return 1 - 2*x[0] - p["a1"]*x[1]/(e1*e1) + p["a1"]*x[0]/e1 - p["a2"]*x[2]/(e2*e2) - p["d1"] +
				p["a2"]*x[1]/e2 - p["d2"]
		},
		"HenonHeiles": func(system.Params, []float64) float64 { return 0 },
		"DoubleGyre":  func(system.Params, []float64) float64 { return 0 },
	}
	cases["Bouali2"] = cases["Bouali"]
	rng := rand.New(rand.NewPCG(23, 24))
	for name, div := range cases {
		sys := mustBuild(t, name, system.Config{})
		p := params(t, name, nil)
		n := sys.Dim()
		J := make([]float64, n*n)
		for k := 0; k < 200; k++ {
			x := pointA(rng, name, n)
			sys.(system.Jacobianer).Jacobian(J, x, 0)
			var tr, mag float64
			for i := 0; i < n; i++ {
				tr += J[i*n+i]
				mag = math.Max(mag, math.Abs(J[i*n+i]))
			}
			if want := div(p, x); math.Abs(tr-want) > traceTolA*math.Max(1, mag) {
				t.Fatalf("%s at %v: trace %v, want %v", name, x, tr, want)
			}
		}
	}
	// The blinking flows are incompressible in the plane: in polar
	// coordinates ∂ṙ/∂r + ∂θ̇/∂θ = −ṙ/r.
	for _, name := range []string{"BlinkingRotlet", "BlinkingVortex"} {
		sys := mustBuild(t, name, system.Config{})
		J, f := make([]float64, 9), make([]float64, 3)
		for k := 0; k < 200; k++ {
			x := pointA(rng, name, 3)
			sys.(system.Jacobianer).Jacobian(J, x, 0)
			sys.(system.Field).Eval(f, x, 0)
			if want := -f[0] / x[0]; math.Abs(J[0]+J[4]-want) > 1e-9*math.Max(1, math.Max(math.Abs(J[0]), math.Abs(J[4]))) {
				t.Fatalf("%s at %v: ∂ṙ/∂r + ∂θ̇/∂θ = %v, want −ṙ/r = %v", name, x, J[0]+J[4], want)
			}
		}
	}
}

// postA maps an emergo state onto dysts' observed variables (dysts'
// _postprocessing), in place.
func postA(name string, p system.Params, x []float64) {
	switch name {
	case "ArnoldBeltramiChildress":
		x[0], x[1], x[2] = math.Sin(x[0]), math.Cos(x[1]), math.Sin(x[2])
	case "ArnoldWeb":
		x[2], x[3], x[4] = math.Sin(x[2]), math.Sin(x[3]), math.Cos(x[4])
	case "BickleyJet": // (y, sin(k_min x), sin(ω z k_min σ_min))
		km, sm := dystsVector("BickleyJet", "k")[0], dystsVector("BickleyJet", "sigma")[0]
		x[1], x[2] = math.Sin(km*x[1]), math.Sin(p["omega"]*x[2]*km*sm)
	case "BlinkingRotlet", "BlinkingVortex":
		x[0], x[1], x[2] = x[0]*math.Cos(x[1]), x[0]*math.Sin(x[1]), math.Sin(x[2])
	case "CircadianRhythm":
		x[4] = math.Cos(x[4])
	case "FluidTrampoline":
		x[2] = math.Cos(x[2])
	case "DoubleGyre", "ForcedBrusselator", "ForcedVanDerPol":
		x[2] = math.Sin(x[2])
	}
}

// stdFactorExA holds the documented exceptions to stdFactorA, per flow and
// observed component, with the measured ratios:
//   - Bouali2 z: z is the slow integral of x (dz/dt = 0.004x, no damping,
//     at dysts' defaults); over 100 and 1000 periods our standard
//     deviation is 4.9 and 4.0 times dysts' record (ratios 0.65 and 0.93
//     for y), and its mean is 0 where dysts records −0.06 — dysts' record
//     is evidently too short for this slow mode;
//   - CellCycle m2, x2: the two cascades are identical and the field
//     commutes with swapping them (TestCellCycleSwapA); ours alternate
//     and have symmetric statistics (over 1000 periods the standard
//     deviations of x1 and x2 are 0.18 and 0.19), while dysts' record has
//     the second cascade almost at rest (over 100 periods the ratios for
//     m2 and x2 are 2.2 and 40);
//   - ExcitableCell c: the slow calcium variable's standard deviation is
//     2.7-2.8 times dysts' over 100 and 2000 periods alike (v and n agree
//     within 4%); dysts' "period" of 1 for this flow is far shorter than
//     the bursting cycle, so its record likely covers a fraction of it;
//   - BickleyJet's time observable sin(ωk_1σ_1z) is a clock: its
//     standard deviation only measures the length of the record (ours
//     spans 4.5 of its periods; ratio 2.5), so it is not compared.
//
// (CellCycle's m2 and x2 are also exempt from the crude box around dysts'
// record, which for x2 is only 0.19 wide; the invariant unit interval is
// checked instead.)
var stdFactorExA = map[string]map[int]float64{
	"Bouali2":       {2: 6},
	"CellCycle":     {4: 3, 5: 60},
	"ExcitableCell": {2: 3.5},
	"BickleyJet":    {2: math.Inf(1)},
}

// invariantSetsA checks, at every sample of the bounded run, the sets the
// equations leave invariant (with setSlackA on their boundaries).
var invariantSetsA = map[string]func(p system.Params, x []float64) bool{
	// |y_i| within the box of the weighted sigmoid sums.
	"BeerRNN": func(_ system.Params, x []float64) bool {
		w, _ := dystsMatrix("BeerRNN", "w")
		for i := 0; i < 3; i++ {
			var lo, hi float64
			for j := 0; j < 3; j++ {
				lo += math.Min(w[3*i+j], 0)
				hi += math.Max(w[3*i+j], 0)
			}
			if x[i] < lo-setSlackA || x[i] > hi+setSlackA {
				return false
			}
		}
		return true
	},
	"BlinkingRotlet": func(p system.Params, x []float64) bool { return math.Abs(x[0]) <= p["a"]+setSlackA },
	"BlinkingVortex": func(p system.Params, x []float64) bool { return math.Abs(x[0]) <= p["a"]+setSlackA },
	"DoubleGyre": func(_ system.Params, x []float64) bool {
		return x[0] >= -setSlackA && x[0] <= 2+setSlackA && x[1] >= -setSlackA && x[1] <= 1+setSlackA
	},
	"CellCycle": func(_ system.Params, x []float64) bool {
		for i, v := range x {
			if v < -setSlackA || (i%3 != 0 && v > 1+setSlackA) {
				return false
			}
		}
		return true
	},
	"HenonHeiles": func(p system.Params, x []float64) bool { // inside the bounded well: H < 1/6
		return henonHeilesEnergy(p["lam"], x) < 1.0/6
	},
}

// nonNegativeA lists the flows whose state variables are concentrations or
// populations (the coordinate planes are invariant).
var nonNegativeA = map[string]int{ // number of leading non-negative components
	"Blasius": 3, "CaTwoPlus": 3, "CaTwoPlusQuasiperiodic": 3, "CircadianRhythm": 4, "CoevolvingPredatorPrey": 2,
	"GlycolyticOscillation": 3, "HastingsPowell": 3, "BelousovZhabotinsky": 3, "ExcitableCell": 0,
}

// Every flow stays bounded for 100 dominant periods (about 10^4 samples)
// from dysts' initial condition at the default tolerance: each sample is
// finite, phases stay in [0, 2π), populations stay non-negative, the sets
// the equations leave invariant hold, and each observed component (dysts'
// post-processed observables: sines of phases, Cartesian coordinates of
// the blinking flows) stays within dysts' mean ± 50 of its standard
// deviations; after 20 periods of transient the standard deviation of
// each observed component is within a factor 2 of dysts' record (the
// published trajectory statistics, Gilpin 2021), with the documented
// exceptions of stdFactorExA. Documented unbounded behaviour: the Bickley
// jet's x drifts no faster than U(1 + 2Σε_n) and its z equals z0 + ωt
// (both checked), only its y is boxed.
func TestBoundedA(t *testing.T) {
	for _, name := range namesA {
		t.Run(name, func(t *testing.T) { boundedRunA(t, name) })
	}
}

// boundedRunA runs one flow of TestBoundedA.
func boundedRunA(t *testing.T, name string) {
	e := dysts.MustGet(name)
	in := mustInfo(t, name)
	p := params(t, name, nil)
	sys := mustBuild(t, name, system.Config{})
	n := sys.Dim()
	steps := int(math.Round(100 * e.Period / in.DT))
	transient := steps / 5
	x, obs := make([]float64, n), make([]float64, n)
	sum, sq := make([]float64, n), make([]float64, n)
	x0 := sys.State(nil)
	var worst float64 // largest excursion from dysts' mean, in dysts' standard deviations
	inv := invariantSetsA[name]
	isPhase := map[int]bool{}
	for _, i := range phaseIdxA[name] {
		isPhase[i] = true
	}
	var bickleySpeed float64
	if name == "BickleyJet" {
		bickleySpeed = 1
		for _, v := range dystsVector("BickleyJet", "eps") {
			bickleySpeed += 2 * math.Abs(v)
		}
		bickleySpeed *= p["u"]
	}
	for k := 0; k < steps; k++ {
		if err := sys.Step(); err != nil {
			t.Fatalf("step %d: %v", k, err)
		}
		sys.State(x)
		tt := sys.Time()
		if err := system.CheckFinite(name, tt, x); err != nil {
			t.Fatal(err)
		}
		for i := range isPhase {
			if x[i] < 0 || x[i] >= 2*math.Pi {
				t.Fatalf("phase %d = %v outside [0, 2π) at t=%v", i, x[i], tt)
			}
		}
		for i := 0; i < nonNegativeA[name]; i++ {
			if x[i] < -setSlackA {
				t.Fatalf("component %d = %v negative at t=%v", i, x[i], tt)
			}
		}
		if inv != nil && !inv(p, x) {
			t.Fatalf("left its invariant set at t=%v: %v", tt, x)
		}
		if name == "BickleyJet" {
			if d := math.Abs(x[1] - x0[1]); d > bickleySpeed*tt*(1+1e-9) {
				t.Fatalf("BickleyJet: x moved %v in time %v, faster than U(1 + 2Σε) = %v", d, tt, bickleySpeed)
			}
			if want := x0[2] + p["omega"]*tt; math.Abs(x[2]-want) > 1e-9*want {
				t.Fatalf("BickleyJet: z = %v at t=%v, want z0 + ωt = %v", x[2], tt, want)
			}
		}
		copy(obs, x)
		postA(name, p, obs)
		for i, v := range obs {
			boxed := !(name == "CellCycle" && i >= 4) // see stdFactorExA
			if boxed {
				worst = math.Max(worst, math.Abs(v-e.Mean[i])/e.Std[i])
			}
			if boxed && math.Abs(v-e.Mean[i]) > crudeBoxA*e.Std[i] {
				t.Fatalf("component %d = %v at t=%v, outside dysts' mean %v ± %d std %v", i, v, tt, e.Mean[i], crudeBoxA, e.Std[i])
			}
			if k >= transient {
				sum[i] += v
				sq[i] += v * v
			}
		}
	}
	m := float64(steps - transient)
	ratios := make([]float64, n)
	for i := range sum {
		mean := sum[i] / m
		std := math.Sqrt(math.Max(0, sq[i]/m-mean*mean))
		ratios[i] = std / e.Std[i]
		factor := stdFactorA
		if f, ok := stdFactorExA[name][i]; ok {
			factor = f
		}
		if ratios[i] < 1/factor || ratios[i] > factor {
			t.Errorf("component %d has standard deviation %.4g, dysts %.4g (ratio %.3g, allowed factor %v)", i, std, e.Std[i], ratios[i], factor)
		}
	}
	t.Logf("%d samples, std ratios to dysts %.3f, largest excursion %.1f std", steps, ratios, worst)
}

// Invariant: Hénon-Heiles obeys Hamilton's equations of
// H = (p_x² + p_y²)/2 + (x² + y²)/2 + λ(x²y − y³/3) (field against central
// differences of H at λ = 0.7), and conserves H along dysts' orbit: over
// 100 periods the relative drift stays below 2e-6 at the default
// tolerance 1e-9 (measured 8.5e-7) and below 2e-9 at 1e-12 (measured
// 8.5e-10), at least 100 times smaller; a non-Hamiltonian field would
// drift by O(1) whatever the tolerance.
func TestHenonHeilesEnergyA(t *testing.T) {
	const lam = 0.7
	sys := mustBuild(t, "HenonHeiles", system.Config{Params: system.Params{"lam": lam}})
	rng := rand.New(rand.NewPCG(25, 26))
	f := make([]float64, 4)
	for k := 0; k < 20; k++ {
		x := randomPoint(rng, 4, 1)
		sys.(system.Field).Eval(f, x, 0)
		grad := make([]float64, 4)
		for j := range grad {
			const h = 1e-6
			xp, xm := append([]float64(nil), x...), append([]float64(nil), x...)
			xp[j] += h
			xm[j] -= h
			grad[j] = (henonHeilesEnergy(lam, xp) - henonHeilesEnergy(lam, xm)) / (2 * h)
		}
		want := []float64{grad[2], grad[3], -grad[0], -grad[1]}
		for i := range f {
			if math.Abs(f[i]-want[i]) > 1e-8 {
				t.Fatalf("at %v: field %v, Hamilton's equations %v", x, f, want)
			}
		}
	}
	drift := func(tol float64) float64 {
		sys := mustBuild(t, "HenonHeiles", system.Config{Tol: tol})
		x := sys.State(nil)
		h0 := henonHeilesEnergy(1, x)
		var d float64
		for i := 0; i < 10000; i++ {
			if err := sys.Step(); err != nil {
				t.Fatal(err)
			}
			d = math.Max(d, math.Abs(henonHeilesEnergy(1, sys.State(x))-h0)/h0)
		}
		return d
	}
	loose, tight := drift(0), drift(1e-12)
	t.Logf("HenonHeiles relative energy drift over 100 periods: %.3g (tol 1e-9), %.3g (tol 1e-12)", loose, tight)
	if loose > 2e-6 || tight > 2e-9 || tight > loose/100 {
		t.Errorf("energy drift %g (tol 1e-9), %g (tol 1e-12)", loose, tight)
	}
}

// Published values (Hénon & Heiles 1964): for λ = 1 the potential
// V = (x² + y²)/2 + x²y − y³/3 has its three saddles at (0, 1) and
// (±√3/2, −1/2), all at the escape energy 1/6, where the field vanishes
// (zero momenta); the origin is the minimum. Exact up to rounding.
func TestHenonHeilesSaddlesA(t *testing.T) {
	sys := mustBuild(t, "HenonHeiles", system.Config{})
	f := make([]float64, 4)
	r3 := math.Sqrt(3) / 2
	for _, q := range [][]float64{{0, 1, 0, 0}, {r3, -0.5, 0, 0}, {-r3, -0.5, 0, 0}, {0, 0, 0, 0}} {
		sys.(system.Field).Eval(f, q, 0)
		for _, v := range f {
			if math.Abs(v) > 1e-15 {
				t.Errorf("field at the critical point %v is %v", q, f)
			}
		}
		want := 1.0 / 6
		if q[1] == 0 {
			want = 0
		}
		if got := henonHeilesEnergy(1, q); math.Abs(got-want) > 1e-15 {
			t.Errorf("V%v = %v, want %v", q[:2], got, want)
		}
	}
	if h := henonHeilesEnergy(1, mustInfo(t, "HenonHeiles").IC); !(h > 0.13 && h < 1.0/6) {
		t.Errorf("dysts' initial energy %v is not the bounded 0.137", h)
	}
}

// Invariant: the Arnold web is Hamiltonian. Its field is Hamilton's
// equations of H = (p1² + p2²)/2 + μ/(4 + cos x1 + cos x2 + cos z) in
// (p, x) (central differences of H). With the third angle frozen (ω = 0)
// H is conserved over 100 periods from dysts' initial condition: the
// relative drift stays below 5e-7 at the default tolerance (measured
// 6.2e-8) and shrinks at least 100-fold at 1e-12 (measured 1.6e-10).
// With dysts' ω = 1 it changes at the rate dH/dt = μω sin z/D²: over one
// period (67 time units) H(T) − H(0) equals the Simpson quadrature of
// that rate along the orbit sampled every 0.05 to 1e-5 of the change
// (measured 7e-8).
func TestArnoldWebHamiltonianA(t *testing.T) {
	p := params(t, "ArnoldWeb", nil)
	mu := p["mu"]
	H := func(x []float64) float64 {
		return (x[0]*x[0]+x[1]*x[1])/2 + mu/(4+math.Cos(x[2])+math.Cos(x[3])+math.Cos(x[4]))
	}
	sys := mustBuild(t, "ArnoldWeb", system.Config{})
	rng := rand.New(rand.NewPCG(27, 28))
	f := make([]float64, 5)
	for k := 0; k < 20; k++ {
		x := pointA(rng, "ArnoldWeb", 5)
		sys.(system.Field).Eval(f, x, 0)
		grad := make([]float64, 5)
		for j := range grad {
			const h = 1e-6
			xp, xm := append([]float64(nil), x...), append([]float64(nil), x...)
			xp[j] += h
			xm[j] -= h
			grad[j] = (H(xp) - H(xm)) / (2 * h)
		}
		// dp_i/dt = −∂H/∂x_i, dx_i/dt = ∂H/∂p_i.
		want := []float64{-grad[2], -grad[3], grad[0], grad[1]}
		for i := range want {
			if math.Abs(f[i]-want[i]) > 1e-9 {
				t.Fatalf("at %v: field %v, Hamilton's equations %v", x, f[:4], want)
			}
		}
	}
	drift := func(tol float64) float64 {
		frozen := mustBuild(t, "ArnoldWeb", system.Config{Params: system.Params{"w": 0}, Tol: tol})
		x := frozen.State(nil)
		h0 := H(x)
		var d float64
		for i := 0; i < 10000; i++ {
			if err := frozen.Step(); err != nil {
				t.Fatal(err)
			}
			d = math.Max(d, math.Abs(H(frozen.State(x))-h0)/h0)
		}
		return d
	}
	loose, tight := drift(0), drift(1e-12)
	t.Logf("ArnoldWeb (ω = 0) relative energy drift over 100 periods: %.3g (tol 1e-9), %.3g (tol 1e-12)", loose, tight)
	if loose > 5e-7 || tight > loose/100 {
		t.Errorf("ArnoldWeb with ω = 0: energy drifts by %g (tol 1e-9), %g (tol 1e-12)", loose, tight)
	}
	// With ω = 1: H(T) − H(0) = ∫ μω sin z/D² dt (Simpson, even count).
	const dt, intervals = 0.05, 1346
	sys = mustBuild(t, "ArnoldWeb", system.Config{Tol: 1e-12, DT: dt})
	x := sys.State(nil)
	h0 := H(x)
	rate := func(x []float64) float64 {
		D := 4 + math.Cos(x[2]) + math.Cos(x[3]) + math.Cos(x[4])
		return mu * p["w"] * math.Sin(x[4]) / (D * D)
	}
	integral := rate(x)
	for i := 1; i <= intervals; i++ {
		if err := sys.Step(); err != nil {
			t.Fatal(err)
		}
		w := 2.0
		switch {
		case i == intervals:
			w = 1
		case i%2 == 1:
			w = 4
		}
		integral += w * rate(sys.State(x))
	}
	integral *= dt / 3
	change := H(x) - h0
	t.Logf("ArnoldWeb: H changed by %.9g over t = %v, Simpson quadrature of dH/dt %.9g (relative difference %.2g)",
		change, sys.Time(), integral, math.Abs(change-integral)/math.Abs(change))
	if math.Abs(change-integral) > 1e-5*math.Abs(change) {
		t.Errorf("ArnoldWeb: H changed by %v, ∫ μω sin z/D² dt = %v", change, integral)
	}
}

// Exact: the ABC velocity is a Beltrami field, curl u = u, and
// divergence-free, at random points and parameters (the curl from the
// analytic Jacobian: (∂w/∂y − ∂v/∂z, ∂u/∂z − ∂w/∂x, ∂v/∂x − ∂u/∂y)).
func TestABCBeltramiA(t *testing.T) {
	rng := rand.New(rand.NewPCG(29, 30))
	f, J := make([]float64, 3), make([]float64, 9)
	for trial := 0; trial < 5; trial++ {
		over := system.Params{"a": 2 * rng.Float64(), "b": 2 * rng.Float64(), "c": 2 * rng.Float64()}
		sys := mustBuild(t, "ArnoldBeltramiChildress", system.Config{Params: over})
		for k := 0; k < 20; k++ {
			x := randomPoint(rng, 3, 10)
			sys.(system.Field).Eval(f, x, 0)
			sys.(system.Jacobianer).Jacobian(J, x, 0)
			curl := []float64{J[7] - J[5], J[2] - J[6], J[3] - J[1]}
			for i := range f {
				if math.Abs(curl[i]-f[i]) > 1e-14 {
					t.Fatalf("ABC%v at %v: curl %v, velocity %v", over, x, curl, f)
				}
			}
			if d := J[0] + J[4] + J[8]; d != 0 {
				t.Fatalf("ABC%v at %v: divergence %v", over, x, d)
			}
		}
	}
}

// Invariant: the nonlinear and rotation terms of AtmosphericRegime
// conserve E = (x² + y² + z²)/2, so x·f(x) = μ1x² + μ2(y² + z²) exactly
// (up to rounding) at random points, for random parameters.
func TestAtmosphericRegimeEnergyA(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	f := make([]float64, 3)
	for trial := 0; trial < 5; trial++ {
		over := system.Params{}
		for _, k := range []string{"alpha", "beta", "mu1", "mu2", "omega", "sigma"} {
			over[k] = 4*rng.Float64() - 2
		}
		sys := mustBuild(t, "AtmosphericRegime", system.Config{Params: over})
		for k := 0; k < 50; k++ {
			x := randomPoint(rng, 3, 3)
			sys.(system.Field).Eval(f, x, 0)
			got := x[0]*f[0] + x[1]*f[1] + x[2]*f[2]
			want := over["mu1"]*x[0]*x[0] + over["mu2"]*(x[1]*x[1]+x[2]*x[2])
			if math.Abs(got-want) > 1e-12*math.Max(1, math.Abs(x[0]*f[0])+math.Abs(x[1]*f[1])+math.Abs(x[2]*f[2])) {
				t.Fatalf("AtmosphericRegime%v at %v: x·f = %v, want %v", over, x, got, want)
			}
		}
	}
}

// psiDriftA bounds the drift of the steady double gyre's stream function
// relative to its amplitude A over 100 periods at the default tolerance.
const psiDriftA = 1e-6

// Exact: the flows with a stream function derive from it. The double
// gyre's velocity is (−∂ψ/∂y, ∂ψ/∂x) for ψ = A sin(πf) sin(πy), and the
// Bickley jet's is (dy/dt, dx/dt) = (−∂ψ/∂x, ∂ψ/∂y) for
// ψ = −Uℓ tanh(y/ℓ) + Uℓ sech²(y/ℓ) Σ ε_n cos(k_n(x − σ_n z)) (Rypina et al.
// 2007), both by central differences of ψ written out independently. The
// double gyre's ψ vanishes on its rectangle's edges, and with ε = 0 it is
// conserved along an orbit (to 1e-6 of A over 100 periods).
func TestStreamFunctionsA(t *testing.T) {
	rng := rand.New(rand.NewPCG(33, 34))
	const h = 1e-6
	pg := params(t, "DoubleGyre", nil)
	psiG := func(eps, x, y, z float64) float64 {
		a := eps * math.Sin(z)
		F := a*x*x + (1-2*a)*x
		return pg["alpha"] * math.Sin(math.Pi*F) * math.Sin(math.Pi*y)
	}
	gyre := mustBuild(t, "DoubleGyre", system.Config{})
	f := make([]float64, 3)
	for k := 0; k < 50; k++ {
		x := []float64{2 * rng.Float64(), rng.Float64(), 2 * math.Pi * rng.Float64()}
		gyre.(system.Field).Eval(f, x, 0)
		vx := -(psiG(pg["eps"], x[0], x[1]+h, x[2]) - psiG(pg["eps"], x[0], x[1]-h, x[2])) / (2 * h)
		vy := (psiG(pg["eps"], x[0]+h, x[1], x[2]) - psiG(pg["eps"], x[0]-h, x[1], x[2])) / (2 * h)
		if math.Abs(f[0]-vx) > 1e-8 || math.Abs(f[1]-vy) > 1e-8 {
			t.Fatalf("DoubleGyre at %v: velocity (%v, %v), from ψ (%v, %v)", x, f[0], f[1], vx, vy)
		}
		for _, w := range [][2]float64{{0, x[1]}, {2, x[1]}, {x[0], 0}, {x[0], 1}} {
			if v := psiG(pg["eps"], w[0], w[1], x[2]); math.Abs(v) > 1e-15 {
				t.Fatalf("DoubleGyre: ψ(%v) = %v on the boundary", w, v)
			}
		}
	}
	steady := mustBuild(t, "DoubleGyre", system.Config{Params: system.Params{"eps": 0}})
	x := steady.State(nil)
	psi0 := psiG(0, x[0], x[1], 0)
	var drift float64
	for i := 0; i < 10000; i++ {
		if err := steady.Step(); err != nil {
			t.Fatal(err)
		}
		steady.State(x)
		drift = math.Max(drift, math.Abs(psiG(0, x[0], x[1], 0)-psi0))
	}
	t.Logf("steady DoubleGyre: ψ0 = %.4g, max |ψ − ψ0| over 100 periods %.3g (A = %v)", psi0, drift, pg["alpha"])
	if drift > psiDriftA*pg["alpha"] {
		t.Errorf("steady DoubleGyre: ψ drifts by %v from %v", drift, psi0)
	}
	pb := params(t, "BickleyJet", nil)
	eps, kk, sig := dystsVector("BickleyJet", "eps"), dystsVector("BickleyJet", "k"), dystsVector("BickleyJet", "sigma")
	psiB := func(y, x, z float64) float64 {
		ell, U := pb["ell"], pb["u"]
		var c float64
		for i := range eps {
			c += eps[i] * math.Cos(kk[i]*(x-sig[i]*z))
		}
		ch := math.Cosh(y / ell)
		return -U*ell*math.Tanh(y/ell) + U*ell*c/(ch*ch)
	}
	jet := mustBuild(t, "BickleyJet", system.Config{})
	for k := 0; k < 50; k++ {
		x := pointA(rng, "BickleyJet", 3)
		jet.(system.Field).Eval(f, x, 0)
		dy := -(psiB(x[0], x[1]+h, x[2]) - psiB(x[0], x[1]-h, x[2])) / (2 * h)
		dx := (psiB(x[0]+h, x[1], x[2]) - psiB(x[0]-h, x[1], x[2])) / (2 * h)
		if math.Abs(f[0]-dy) > 1e-6*pb["u"] || math.Abs(f[1]-dx) > 1e-6*pb["u"] {
			t.Fatalf("BickleyJet at %v: velocity (%v, %v), from ψ (%v, %v)", x, f[0], f[1], dy, dx)
		}
	}
}

// Symmetries, exact up to rounding: the Arneodo/Coullet and Halvorsen
// fields (and CNN's) commute with their symmetry groups — Arneodo is odd
// (f(−x) = −f(x)), Halvorsen is invariant under the cyclic shift
// (x, y, z) → (y, z, x), ChenLee under (x, y, z) → (−x, −y, z), the CNN
// is odd; and CellCycle's field commutes with swapping its two identical
// cascades (c1, m1, x1) ↔ (c2, m2, x2).
func TestSymmetriesA(t *testing.T) {
	rng := rand.New(rand.NewPCG(35, 36))
	type sym struct {
		name string
		g    func(x []float64) []float64 // the state map
		sign []float64                   // f(g x) = sign ⊙ g(f(x)) componentwise
	}
	neg := func(x []float64) []float64 {
		y := make([]float64, len(x))
		for i, v := range x {
			y[i] = -v
		}
		return y
	}
	cases := []sym{
		{"Arneodo", neg, []float64{1, 1, 1}},
		{"Coullet", neg, []float64{1, 1, 1}},
		{"CellularNeuralNetwork", neg, []float64{1, 1, 1}},
		{"Halvorsen", func(x []float64) []float64 { return []float64{x[1], x[2], x[0]} }, []float64{1, 1, 1}},
		{"ChenLee", func(x []float64) []float64 { return []float64{-x[0], -x[1], x[2]} }, []float64{1, 1, 1}},
		{"CellCycle", func(x []float64) []float64 { return []float64{x[3], x[4], x[5], x[0], x[1], x[2]} }, []float64{1, 1, 1, 1, 1, 1}},
	}
	for _, c := range cases {
		sys := mustBuild(t, c.name, system.Config{})
		n := sys.Dim()
		f, fg := make([]float64, n), make([]float64, n)
		for k := 0; k < 100; k++ {
			x := pointA(rng, c.name, n)
			sys.(system.Field).Eval(f, x, 0)
			sys.(system.Field).Eval(fg, c.g(x), 0)
			gf := c.g(f)
			for i := range fg {
				if math.Abs(fg[i]-c.sign[i]*gf[i]) > 1e-13*math.Max(1, math.Abs(gf[i])) {
					t.Fatalf("%s: f(g(%v)) = %v, g(f(x)) = %v", c.name, x, fg, gf)
				}
			}
		}
	}
}

// Exact: equilibria read off the equations are zeros of the field:
// GenesioTesi at (0, 0, 0) and (c, 0, 0); Halvorsen at the origin and on
// the diagonal at x = y = z = −(a + 2b); Arneodo at (±√(a/d), 0, 0);
// Blasius's herbivore-free state (0, 0, z_s); HastingsPowell's (1, 0, 0)
// (the prey alone at its carrying capacity).
func TestEquilibriaA(t *testing.T) {
	pa := params(t, "Arneodo", nil)
	xa := math.Sqrt(pa["a"] / pa["d"])
	ph := params(t, "Halvorsen", nil)
	sh := -(ph["a"] + 2*ph["b"])
	cases := []struct {
		name string
		x    []float64
	}{
		{"GenesioTesi", []float64{0, 0, 0}},
		{"GenesioTesi", []float64{params(t, "GenesioTesi", nil)["c"], 0, 0}},
		{"Halvorsen", []float64{0, 0, 0}},
		{"Halvorsen", []float64{sh, sh, sh}},
		{"Arneodo", []float64{xa, 0, 0}},
		{"Arneodo", []float64{-xa, 0, 0}},
		{"Blasius", []float64{0, 0, params(t, "Blasius", nil)["zs"]}},
		{"HastingsPowell", []float64{1, 0, 0}},
	}
	for _, c := range cases {
		sys := mustBuild(t, c.name, system.Config{})
		f := make([]float64, 3)
		sys.(system.Field).Eval(f, c.x, 0)
		for _, v := range f {
			if math.Abs(v) > 1e-12 {
				t.Errorf("%s: field at the equilibrium %v is %v", c.name, c.x, f)
				break
			}
		}
	}
}

// The phases stay in [0, 2π), and reducing them leaves the trajectory
// unchanged: over 4 time units (before chaos amplifies the 1e-12
// tolerance beyond 1e-6) each wrapped flow agrees with an unwrapped
// integration of the same field from the same initial condition, whose
// forcing phase advances as ωt (the blinking flows' as 2πt/τ).
func TestPhaseWrapA(t *testing.T) {
	cases := []struct {
		name  string
		field fieldFunc
		phase int // the driven phase
		rate  func(p system.Params) float64
	}{
		{"ArnoldWeb", arnoldWeb, 4, func(p system.Params) float64 { return p["w"] }},
		{"BlinkingRotlet", blinkingRotlet, 2, func(p system.Params) float64 { return 2 * math.Pi / p["tau"] }},
		{"CircadianRhythm", circadianRhythm, 4, func(p system.Params) float64 { return 2 * math.Pi / p["ps"] }},
		{"DoubleGyre", doubleGyre, 2, func(p system.Params) float64 { return p["omega"] }},
		{"FluidTrampoline", fluidTrampoline, 2, func(p system.Params) float64 { return p["w"] }},
		{"ForcedBrusselator", forcedBrusselator, 2, func(p system.Params) float64 { return p["w"] }},
		{"ForcedVanDerPol", forcedVanDerPol, 2, func(p system.Params) float64 { return p["w"] }},
		{"ArnoldBeltramiChildress", arnoldBeltramiChildress, -1, nil},
	}
	for _, c := range cases {
		const tol = 1e-12
		p := params(t, c.name, nil)
		in := mustInfo(t, c.name)
		n := in.Dim
		sys := mustBuild(t, c.name, system.Config{Tol: tol})
		fn, jac := c.field(p, n)
		ref, err := ode.NewFlow("ref", fn, jac, in.IC, in.DT, &ode.Options{RTol: tol, ATol: tol})
		if err != nil {
			t.Fatal(err)
		}
		x, r := make([]float64, n), make([]float64, n)
		steps := int(math.Ceil(4 / in.DT))
		for i := 0; i < steps; i++ {
			if err := sys.Step(); err != nil {
				t.Fatal(err)
			}
			if err := ref.Step(); err != nil {
				t.Fatal(err)
			}
			sys.State(x)
			for _, j := range phaseIdxA[c.name] {
				if x[j] < 0 || x[j] >= 2*math.Pi {
					t.Fatalf("%s: phase %d = %v outside [0, 2π)", c.name, j, x[j])
				}
			}
		}
		ref.State(r)
		if c.phase >= 0 {
			if want := in.IC[c.phase] + c.rate(p)*ref.Time(); math.Abs(r[c.phase]-want) > 1e-9*math.Max(1, want) {
				t.Errorf("%s: unwrapped phase %v, want %v", c.name, r[c.phase], want)
			}
		}
		wrapped := map[int]bool{}
		for _, j := range phaseIdxA[c.name] {
			wrapped[j] = true
		}
		for j := range x {
			want := r[j]
			if wrapped[j] {
				want = wrap2Pi(r[j])
			}
			if d := math.Abs(x[j] - want); d > 1e-6 && math.Abs(d-2*math.Pi) > 1e-6 {
				t.Errorf("%s: wrapped flow at %v, unwrapped %v (component %d)", c.name, x, r, j)
				break
			}
		}
	}
}

// Build rejects parameter combinations the equations cannot take, and the
// registry enforces the bounds on divisors and the integer Hill
// exponents; array parameters are not parameters.
func TestBuildErrorsA(t *testing.T) {
	cases := []struct {
		name string
		over system.Params
		msg  string
	}{
		{"BlinkingRotlet", system.Params{"b": 1.2}, "inside the container"},
		{"BlinkingVortex", system.Params{"a": 0.4}, "inside the container"},
		{"BlinkingVortex", system.Params{"tau": 0}, "out of range"},
		{"Finance", system.Params{"b": 0}, "out of range"},
		{"CaTwoPlus", system.Params{"m": 1.5}, "integer"},
		{"CaTwoPlus", system.Params{"Kz": 0}, "out of range"},
		{"CircadianRhythm", system.Params{"ps": -24}, "out of range"},
		{"CircadianRhythm", system.Params{"n": 0}, "out of range"},
		{"BickleyJet", system.Params{"ell": 0}, "out of range"},
		{"BickleyJet", system.Params{"k": 1}, "no parameter"},
		{"BeerRNN", system.Params{"tau": 1}, "no parameter"},
		{"BelousovZhabotinsky", system.Params{"y0": 0}, "out of range"},
		{"HastingsPowell", system.Params{"b1": -1}, "out of range"},
	}
	for _, c := range cases {
		_, err := system.NewConfig(c.name, system.Config{Params: c.over})
		if err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s%v: error %v, want one mentioning %q", c.name, c.over, err, c.msg)
		}
	}
}

// One sample of each group A flow at its defaults.
func BenchmarkGroupAStep(b *testing.B) {
	for _, name := range namesA {
		b.Run(name, func(b *testing.B) { benchStep(b, name, system.Config{}) })
	}
}
