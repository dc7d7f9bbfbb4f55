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

// groupBNames lists the flows of dysts_b.go.
var groupBNames = []string{"Hopfield", "HyperBao", "HyperCai", "HyperJha", "HyperLorenz", "HyperLu", "HyperPang",
	"HyperQi", "HyperRossler", "HyperWang", "HyperXu", "HyperYan", "HyperYangChen", "InteriorSquirmer",
	"IsothermalChemical", "ItikBanksTumor", "JerkCircuit", "KawczynskiStrizhak", "Laser", "LidDrivenCavityFlow",
	"LiuChen", "Lorenz84", "LorenzBounded", "LorenzCoupled", "LorenzStenflo", "LuChen", "LuChenCheng", "MacArthur",
	"MooreSpiegel", "MultiChua", "NewtonLiepnik", "NoseHoover", "NuclearQuadrupole", "OscillatingFlow", "PanXuZhou",
	"PehlivanWei", "Qi", "QiChen", "RabinovichFabrikant", "RayleighBenard"}

// groupBPhaseIC lists the flows whose time-like dysts variable is replaced
// by a phase, with its index.
var groupBPhaseIC = map[string]int{"InteriorSquirmer": 2, "LidDrivenCavityFlow": 2}

// Every flow of the group passes the catalogue conformance suite.
func TestGroupBConformance(t *testing.T) {
	if len(groupBNames) != 40 {
		t.Fatalf("group B has %d flows, want 40", len(groupBNames))
	}
	for _, name := range groupBNames {
		t.Run(name, func(t *testing.T) { systest.Run(t, name) })
	}
}

// The metadata follows dysts: every scalar parameter with its default
// and a doc string, the initial condition (phases converted), the
// period and dt = period/100 to three significant digits, dysts'
// estimates, an analytic Jacobian, one observable name per component.
func TestGroupBMetadata(t *testing.T) {
	for _, name := range groupBNames {
		in := mustInfo(t, name)
		e := dysts.MustGet(name)
		if in.Name != e.Name || in.Category != system.CatFlow || !in.Jacobian || in.Discrete {
			t.Errorf("%s: name %q, category %q, jacobian %v, discrete %v", name, in.Name, in.Category, in.Jacobian, in.Discrete)
		}
		if in.Period != e.Period || in.DT != round3(e.Period/100) {
			t.Errorf("%s: period %v (dysts %v), DT %v", name, in.Period, e.Period, in.DT)
		}
		for _, k := range e.ParamNames() {
			v, scalar := e.Param(k)
			p, ok := in.Param(k)
			if scalar && (!ok || p.Default != v || p.Doc == "") {
				t.Errorf("%s: parameter %s = %+v, dysts default %v", name, k, p, v)
			}
			if !scalar && ok {
				t.Errorf("%s: array parameter %s is exposed as a scalar", name, k)
			}
		}
		if in.Dim != len(e.InitialConditions) || len(in.IC) != in.Dim || len(in.Observables) != in.Dim {
			t.Fatalf("%s: Dim %d, IC %v, observables %v; dysts IC %v", name, in.Dim, in.IC, in.Observables, e.InitialConditions)
		}
		for i := range in.IC {
			want := e.InitialConditions[i]
			if j, ok := groupBPhaseIC[name]; ok && i == j {
				tau, _ := e.Param("tau")
				want = 2 * math.Pi * want / tau
			}
			if math.Abs(in.IC[i]-want) > 1e-15 {
				t.Errorf("%s: IC[%d] = %v, want %v", name, i, in.IC[i], want)
			}
		}
		if inv, ok := in.Invariant("max_lyapunov"); !ok || inv.Source != dystsSource || inv.Values[0] != e.MaxLyapunov {
			t.Errorf("%s: dysts max_lyapunov %+v present=%v", name, inv, ok)
		}
		if !strings.Contains(in.Citation, "(") || len(in.Citation) < 40 || len(in.Description) < 20 {
			t.Errorf("%s: thin citation %q or description %q", name, in.Citation, in.Description)
		}
	}
	// The InteriorSquirmer phase starts at 2π·0.1/τ (dysts' t = 0.1).
	if ic := mustInfo(t, "InteriorSquirmer").IC; math.Abs(ic[2]-2*math.Pi*0.1/3) > 1e-15 {
		t.Errorf("InteriorSquirmer initial phase %v", ic[2])
	}
	in := mustInfo(t, "RabinovichFabrikant")
	if inv, ok := in.Invariant("lyapunov_spectrum"); !ok || inv.Source != dystsSource {
		t.Errorf("RabinovichFabrikant: first spectrum should be dysts': %+v", inv)
	}
	var sprott bool
	for _, v := range in.Invariants {
		sprott = sprott || (v.Name == "lyapunov_spectrum" && v.Source == sprott2003RF && v.Values[0] == 0.1981)
	}
	if !sprott {
		t.Errorf("RabinovichFabrikant lacks Sprott's spectrum: %+v", in.Invariants)
	}
}

// Exact: each field at one or two points, computed by hand from the
// equations with dysts' default parameters (the arithmetic is spelled out
// in the expressions).
func TestGroupBFieldAtPoint(t *testing.T) {
	s2 := math.Sqrt2
	// Hopfield: with β = 1/2, (1 + tanh)/2 − β = tanh/2; the inputs
	// u = Kx at x = (0.1, −0.2, 0.3, −0.4, 0.5, −0.6) are, row by row,
	// −x1−x4−x5 = 0.3, −x3−x4−x5 = 0.5, −x0−x1−x4 = −0.4,
	// −x0−x1−x2 = −0.2, −x0−x1−x3 = 0.5, −x1−x2−x3 = 0.3.
	hopX := []float64{0.1, -0.2, 0.3, -0.4, 0.5, -0.6}
	hopU := []float64{0.3, 0.5, -0.4, -0.2, 0.5, 0.3}
	hopW := make([]float64, 6)
	for i := range hopW {
		hopW[i] = -hopX[i]/2.5 + math.Tanh(10*hopU[i])/2
	}
	// InteriorSquirmer at r = 1/2: c_n = (n+2) r^n − n r^(n−2) is
	// −0.5, −1, −0.875, −0.625, −0.40625 for n = 1..5.
	// φ = π/2: P = 1, A_n = 1/2, G_n = 0; θ = 0: S_n = 0, T_n = 1/2.
	// φ = 3π/2: P = 0, G_n = 1/2; θ = π/2: S = ½(0, −1, 0, 1, 0),
	// T = −½(1, 0, −1, 0, 1), dr = 2·½·(−¾)(−½) + 4·⅛·(−¾)·½.
	sq := 2 * math.Pi / 3
	// LidDrivenCavityFlow: on the wall y = b the fluid moves with the
	// wall, (s u1 sin(πx/a) + u2 sin(2πx/a), 0) with s = tanh(22 sin φ) = ±1
	// at φ = π/2, 3π/2; at the centre (a/2, 0) only mode 2 moves it,
	// vertically: −2π C2 b sinh(2πb/a), C2 = 2u2/(4πb + a sinh(4πb/a)).
	u1, u2 := 9.92786, 8.34932
	lidC := -2 * math.Pi * 2 * u2 / (4*math.Pi + 6*math.Sinh(4*math.Pi/6)) * math.Sinh(2*math.Pi/6)
	lidW := 2 * math.Pi / 1.1
	// MacArthur at N = 1, R = 1: every species is limited by the resource
	// of its largest K (0.39, the diagonal), μ = 1/1.39; the row sums of C
	// are 0.23, 0.42, 0.54, 0.17, 0.37 and S − R = 5, 9, 13, 3, 8.
	mu := 1 / 1.39
	mac := []float64{mu - 0.25, mu - 0.25, mu - 0.25, mu - 0.25, mu - 0.25,
		0.25*5 - 0.23*mu, 0.25*9 - 0.42*mu, 0.25*13 - 0.54*mu, 0.25*3 - 0.17*mu, 0.25*8 - 0.37*mu}
	// MultiChua: h(x) = m0 x for |x| < 1; for 3.6 < x < 8.2, integrating
	// the slopes, h(x) = m0·1 + m1·1.15 + m2·1.45 + m3(x − 3.6).
	m0, m1, m2, m3 := -0.14285714, 0.28571429, -0.57142857, 0.28571429
	h5 := m0 + m1*1.15 + m2*1.45 + m3*1.4
	// RabinovichFabrikant etc. at (1, 2, 3) follow directly.
	cases := []struct {
		name string
		over system.Params
		x    []float64
		want []float64
	}{
		{"Hopfield", nil, hopX, hopW},
		// a=36, b=3, c=20, d=0.1, e=21
		{"HyperBao", nil, []float64{1, 2, 3, 4}, []float64{36 + 4, 40 - 3, 2 - 9, 21 + 0.1*6}},
		// a=27.5, b=3, c=19.3, d=2.9, e=3.3
		{"HyperCai", nil, []float64{1, 2, 3, 4}, []float64{27.5, 3 + 38.6 - 3 + 4, -2.9*3 + 4, -3.3}},
		// a=10, b=28, c=2.667, d=1.3
		{"HyperJha", nil, []float64{1, 2, 3, 4}, []float64{10 + 4, 28 - 2 - 3, 2 - 2.667*3, 1.3*4 - 3}},
		// a=10, b=2.667, c=28, d=1.1
		{"HyperLorenz", nil, []float64{1, 2, 3, 4}, []float64{14, 23, 2 - 2.667*3, 1.1*4 - 3}},
		// a=36, b=3, c=20, d=1.3
		{"HyperLu", nil, []float64{1, 2, 3, 4}, []float64{40, 37, -7, 1.3*4 + 3}},
		// a=36, b=3, c=20, d=2
		{"HyperPang", nil, []float64{1, 2, 3, 4}, []float64{36, 40 - 3 + 4, -7, -6}},
		// a=50, b=24, c=13, d=8, e=33, f=30
		{"HyperQi", nil, []float64{1, 2, 3, 4}, []float64{50 + 6, 72 - 3, -39 - 132 + 2, -32 + 90 + 2}},
		// a=0.25, b=3, c=0.5, d=0.05
		{"HyperRossler", nil, []float64{1, 2, 3, 4}, []float64{-5, 1 + 0.5 + 4, 3 + 3, -1.5 + 0.2}},
		// a=10, b=40, c=2.5, d=10.6, e=4
		{"HyperWang", nil, []float64{1, 2, 3, 4}, []float64{10, 40 - 3 + 4, -7.5 + 4, -10.6}},
		// a=10, b=40, c=2.5, d=2, e=16
		{"HyperXu", nil, []float64{1, 2, 3, 4}, []float64{14, 40 + 48, -7.5 - 2, 3 - 4}},
		// a=37, b=3, c=26, d=38
		{"HyperYan", nil, []float64{1, 2, 3, 4}, []float64{37, -11 - 3 + 52, -9 + 2 - 6 + 3 - 4, -152 + 6 - 3}},
		// a=30, b=3, c=35, d=8
		{"HyperYangChen", nil, []float64{1, 2, 3, 4}, []float64{30, 35 - 3 + 4, -9 + 2, -8}},
		{"InteriorSquirmer", nil, []float64{0.5, 0, math.Pi / 2}, []float64{0, 0.5 * (-0.5 - 1 - 0.875 - 0.625 - 0.40625), sq}},
		{"InteriorSquirmer", nil, []float64{0.5, math.Pi / 2, 3 * math.Pi / 2},
			[]float64{2*0.5*(-0.75)*(-0.5) + 4*0.125*(-0.75)*0.5, (-0.5)*(-0.5) + (-0.875)*0.5 + (-0.40625)*(-0.5), sq}},
		// δ=1, κ=2.5, μ=0.29786, σ=0.013
		{"IsothermalChemical", nil, []float64{1, 2, 3}, []float64{0.29786*5.5 - 4 - 1, 3 / 0.013, -1}},
		// a12=1, a13=2.5, a21=1.5, a31=0.2, d3=0.5, k3=1, r2=0.6, r3=4.5
		{"ItikBanksTumor", nil, []float64{0.5, 0.5, 0.5}, []float64{0.25 - 0.25 - 0.625, 0.15 - 0.375, 0.75 - 0.05 - 0.25}},
		// ε=1e-9, y0=0.026: y/y0 = 10.
		{"JerkCircuit", nil, []float64{1, 0.26, 3}, []float64{0.26, 3, -3 - 1 - 1e-9*(math.Exp(10)-1)}},
		// β=−0.4, γ=0.49, κ=0.2, μ=2.1
		{"KawczynskiStrizhak", nil, []float64{1, 2, 3}, []float64{0.49 * (2 - 1 + 6.3), -4.2 - 2 - 3 - 0.4, 0.2 * (1 - 3)}},
		// a=10, b=1, c=5, d=−1, h=−5, k=−6
		{"Laser", nil, []float64{1, 2, 3}, []float64{10 + 18, 5 - 9, -15 - 6}},
		{"LidDrivenCavityFlow", nil, []float64{1.5, 1, math.Pi / 2}, []float64{u1*s2/2 + u2, 0, lidW}},
		{"LidDrivenCavityFlow", nil, []float64{1.5, 1, 3 * math.Pi / 2}, []float64{-u1*s2/2 + u2, 0, lidW}},
		// y = −b moves the other way; sin(3π/4) = √2/2, sin(3π/2) = −1.
		{"LidDrivenCavityFlow", nil, []float64{4.5, -1, math.Pi / 2}, []float64{-(u1*s2/2 - u2), 0, lidW}},
		{"LidDrivenCavityFlow", nil, []float64{3, 0, 1}, []float64{0, lidC, lidW}},
		// a=0.4, b=12, c=−5, h=0, p=0, q=−1, r=1, s=1
		{"LiuChen", nil, []float64{1, 2, 3}, []float64{0.4 + 6, -24 - 3, -15 - 2}},
		{"LiuChen", system.Params{"h": 2, "p": 3}, []float64{1, 2, 3}, []float64{0.4 + 4 + 6, -24 - 3 - 3, -15 - 2}},
		// a=1.32, b=7.91, F=4.83, G=4.194
		{"Lorenz84", nil, []float64{1, 2, 3}, []float64{-1.32 - 4 - 9 + 1.32*4.83, -2 + 2 - 7.91*3 + 4.194, -3 + 7.91*2 + 3}},
		// β=2.667, r=64, ρ=28, σ=10: the Lorenz field times 1 − 14/64².
		{"LorenzBounded", nil, []float64{1, 2, 3}, []float64{10 * (1 - 14.0/4096), 23 * (1 - 14.0/4096), (2 - 8.001) * (1 - 14.0/4096)}},
		// β=2.667, ε=2.85, ρ1=35, ρ2=1.15, σ=10
		{"LorenzCoupled", nil, []float64{1, 2, 3, 4, 5, 6}, []float64{10, 35 - 3 - 2, 2 - 8.001, 10 - 3*2.85, 4.6 - 24 - 5, 20 - 6*2.667}},
		// a=2, b=0.7, c=26, d=1.5
		{"LorenzStenflo", nil, []float64{1, 2, 3, 4}, []float64{2 + 6, 26 - 3 - 2, 2 - 2.1, -1 - 8}},
		// a=36, b=3, c=18
		{"LuChen", nil, []float64{1, 2, 3}, []float64{36, -3 + 36, 2 - 9}},
		// a=−10, b=−4, c=18.1: ab/(a+b) = 40/(−14).
		{"LuChenCheng", nil, []float64{1, 2, 3}, []float64{40.0/14 - 6 + 18.1, -20 + 3, -12 + 2}},
		{"MacArthur", nil, []float64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, mac},
		// a=10, b=4, ε=9
		{"MooreSpiegel", nil, []float64{1, 2, 3}, []float64{2, 30, -3 + 18 - 2 - 4}},
		// a=9, b=14.286
		{"MultiChua", nil, []float64{0.5, 1, 2}, []float64{9 * (1 - m0*0.5), 1.5, -14.286}},
		{"MultiChua", nil, []float64{5, 1, 2}, []float64{9 * (1 - h5), 6, -14.286}},
		{"MultiChua", nil, []float64{-5, 1, 2}, []float64{9 * (1 + h5), -4, -14.286}},
		// a=0.4, b=0.175
		{"NewtonLiepnik", nil, []float64{1, 2, 3}, []float64{-0.4 + 2 + 60, -1 - 0.8 + 15, 0.525 - 10}},
		// a=1.5
		{"NoseHoover", nil, []float64{1, 2, 3}, []float64{2, -1 + 6, 1.5 - 4}},
		// a=1, b=0.55, d=0.4; q = (1, 2), p = (3, 4)
		{"NuclearQuadrupole", nil, []float64{1, 2, 3, 4}, []float64{3, 4, -1 + 3/s2*0.55*(1-4) - 0.4*5, -2 - 3*s2*0.55*2 - 0.4*2*5}},
		// b=0.48, k=1, ω=0.49, u=0.72
		{"OscillatingFlow", nil, []float64{math.Pi / 2, 0, 0}, []float64{0.72, 0, 0.49}},
		{"OscillatingFlow", nil, []float64{0, math.Pi / 4, math.Pi / 2}, []float64{0.72 * s2 / 2 * math.Sin(0.48), -0.72 * s2 / 2 * math.Cos(0.48), 0.49}},
		// a=10, c=−2.6667, d=ε=f=0, k=16
		{"PanXuZhou", nil, []float64{1, 2, 3}, []float64{10, 16 - 3, -8.0001 + 2}},
		{"PanXuZhou", system.Params{"d": 1, "eps": 0.5, "f": 2}, []float64{1, 2, 3}, []float64{10 + 3, 16 + 4 - 3, -8.0001 + 2 - 0.5}},
		{"PehlivanWei", nil, []float64{1, 2, 3}, []float64{2 - 6, 2 + 6 - 2, 2 - 2 - 4}},
		// a=45, b=10, c=1, d=10
		{"Qi", nil, []float64{1, 2, 3, 4}, []float64{45 + 24, 30 - 12, -3 + 8, -40 + 6}},
		// a=38, b=2.666, c=80
		{"QiChen", nil, []float64{1, 2, 3}, []float64{38 + 6, 80 + 2 - 3, 2 - 3*2.666}},
		// α=1.1, γ=0.87
		{"RabinovichFabrikant", nil, []float64{1, 2, 3}, []float64{2*3 + 0.87, 9 + 1.74, -6 * 3.1}},
		// a=30, b=5, r=18
		{"RayleighBenard", nil, []float64{1, 2, 3}, []float64{30, 36 - 3, 2 - 15}},
	}
	seen := map[string]bool{}
	for _, c := range cases {
		seen[c.name] = true
		sys := mustBuild(t, c.name, system.Config{Params: c.over})
		got := make([]float64, len(c.x))
		sys.(system.Field).Eval(got, c.x, 0)
		for i := range got {
			if math.Abs(got[i]-c.want[i]) > fieldTol*math.Max(1, math.Abs(c.want[i])) {
				t.Errorf("%s%v at %v: f = %v, want %v", c.name, c.over, c.x, got, c.want)
				break
			}
		}
	}
	for _, name := range groupBNames {
		if !seen[name] {
			t.Errorf("%s has no hand-computed field value", name)
		}
	}
}

// groupBPoint draws a test point for name: in the physical domain where
// the equations need one (positive populations, inside the cavity or the
// cylinder), else uniform in ±scale.
func groupBPoint(rng *rand.Rand, name string, n int, scale float64) []float64 {
	u := func(lo, hi float64) float64 { return lo + (hi-lo)*rng.Float64() }
	x := randomPoint(rng, n, scale)
	switch name {
	case "ItikBanksTumor":
		for i := range x {
			x[i] = u(0.01, 1)
		}
	case "MacArthur":
		for i := 0; i < 5; i++ {
			x[i], x[5+i] = u(1, 50), u(0.05, 1)
		}
	case "InteriorSquirmer":
		x[0], x[1], x[2] = u(0.1, 1), u(0, 2*math.Pi), u(0, 2*math.Pi)
	case "LidDrivenCavityFlow":
		x[0], x[1], x[2] = u(0, 6), u(-1, 1), u(0, 2*math.Pi)
	case "JerkCircuit":
		x[1] = u(-0.5, 0.5) // exp(y/y0), y0 = 0.026
	}
	return x
}

// groupBScale is the magnitude of random test points, about the size of
// each attractor.
var groupBScale = map[string]float64{
	"Hopfield": 1.5, "HyperBao": 30, "HyperCai": 30, "HyperJha": 40, "HyperLorenz": 40, "HyperLu": 30, "HyperPang": 30,
	"HyperQi": 100, "HyperRossler": 50, "HyperWang": 30, "HyperXu": 10, "HyperYan": 20, "HyperYangChen": 30,
	"IsothermalChemical": 2, "KawczynskiStrizhak": 5, "Laser": 5, "LiuChen": 30, "Lorenz84": 3, "LorenzBounded": 30,
	"LorenzCoupled": 30, "LorenzStenflo": 20, "LuChen": 20, "LuChenCheng": 20, "MooreSpiegel": 20, "MultiChua": 30,
	"NewtonLiepnik": 1, "NoseHoover": 3, "NuclearQuadrupole": 3, "OscillatingFlow": 4, "PanXuZhou": 15,
	"PehlivanWei": 5, "Qi": 8, "QiChen": 80, "RabinovichFabrikant": 2, "RayleighBenard": 25, "JerkCircuit": 2,
	"ItikBanksTumor": 1, "MacArthur": 1, "InteriorSquirmer": 1, "LidDrivenCavityFlow": 1,
}

// The analytic Jacobians agree with central differences of the field at
// random points (relative to the largest entry, at least 1), also away
// from the default parameters.
func TestGroupBJacobianFiniteDifferences(t *testing.T) {
	type jcase struct {
		name string
		over system.Params
	}
	var cases []jcase
	for _, name := range groupBNames {
		cases = append(cases, jcase{name, nil})
	}
	cases = append(cases,
		jcase{"Hopfield", system.Params{"beta": 0.3, "eps": 2, "tau": 1.7}},
		jcase{"LiuChen", system.Params{"h": 1.5, "p": -2}},
		jcase{"PanXuZhou", system.Params{"d": 1, "eps": 0.5, "f": 2}},
		jcase{"LidDrivenCavityFlow", system.Params{"a": 3, "b": 2, "tau": 0.4}},
		jcase{"InteriorSquirmer", system.Params{"tau": 0.05}},
		jcase{"OscillatingFlow", system.Params{"k": 2.5, "b": 1.3}},
	)
	rng := rand.New(rand.NewPCG(11, 12))
	for _, c := range cases {
		sys := mustBuild(t, c.name, system.Config{Params: c.over})
		n := sys.Dim()
		fd := system.NewFiniteDiff(n, sys.(system.Field).Eval)
		J, F := make([]float64, n*n), make([]float64, n*n)
		for k := 0; k < 8; k++ {
			x := groupBPoint(rng, c.name, n, groupBScale[c.name])
			sys.(system.Jacobianer).Jacobian(J, x, 0)
			fd.Jacobian(F, x, 0)
			scale := 1.0
			for _, v := range F {
				scale = math.Max(scale, math.Abs(v))
			}
			for i := range J {
				if math.Abs(J[i]-F[i]) > jacRelTol*scale {
					t.Errorf("%s%v at %v: J[%d,%d] = %.12g, finite differences %.12g", c.name, c.over, x, i/n, i%n, J[i], F[i])
					break
				}
			}
		}
	}
}

// Invariant: the divergence (trace of the Jacobian) equals the closed
// form read off the equations, at random points. Where it is constant
// the identity is exact up to a few roundings.
func TestGroupBDivergence(t *testing.T) {
	cases := map[string]func(p system.Params, x []float64) float64{
		"Hopfield":         func(p system.Params, _ []float64) float64 { return -6 / p["tau"] }, // K has a zero diagonal
		"HyperBao":         func(p system.Params, _ []float64) float64 { return p["c"] - p["a"] - p["b"] },
		"HyperCai":         func(p system.Params, _ []float64) float64 { return p["c"] - p["a"] - p["d"] },
		"HyperJha":         func(p system.Params, _ []float64) float64 { return p["d"] - p["a"] - 1 - p["c"] },
		"HyperLorenz":      func(p system.Params, _ []float64) float64 { return p["d"] - p["a"] - 1 - p["b"] },
		"HyperLu":          func(p system.Params, _ []float64) float64 { return p["c"] + p["d"] - p["a"] - p["b"] },
		"HyperPang":        func(p system.Params, _ []float64) float64 { return p["c"] - p["a"] - p["b"] },
		"HyperQi":          func(p system.Params, _ []float64) float64 { return p["b"] - p["a"] - p["c"] - p["d"] },
		"HyperRossler":     func(p system.Params, x []float64) float64 { return p["a"] + x[0] + p["d"] },
		"HyperWang":        func(p system.Params, _ []float64) float64 { return -p["a"] - p["c"] },
		"HyperXu":          func(p system.Params, _ []float64) float64 { return -p["a"] - p["c"] },
		"HyperYan":         func(p system.Params, x []float64) float64 { return p["c"] - p["a"] - p["b"] - p["d"] + x[0] - x[1] },
		"HyperYangChen":    func(p system.Params, _ []float64) float64 { return -p["a"] - p["b"] },
		"InteriorSquirmer": func(p system.Params, x []float64) float64 { return math.NaN() }, // −(dr/dt)/r, checked below
		"IsothermalChemical": func(p system.Params, x []float64) float64 {
			return -x[1]*x[1] - 1 + (2*x[0]*x[1]-1)/p["sigma"] - 1/p["delta"]
		},
		"JerkCircuit":         func(system.Params, []float64) float64 { return -1 },
		"KawczynskiStrizhak":  func(p system.Params, x []float64) float64 { return p["gamma"]*(3*p["mu"]-3*x[0]*x[0]) - 1 - p["kappa"] },
		"Laser":               func(p system.Params, _ []float64) float64 { return p["h"] - p["a"] },
		"LidDrivenCavityFlow": func(system.Params, []float64) float64 { return 0 },
		"LiuChen":             func(p system.Params, _ []float64) float64 { return p["a"] - p["b"] + p["c"] },
		"Lorenz84":            func(p system.Params, x []float64) float64 { return 2*x[0] - p["a"] - 2 },
		"LorenzCoupled":       func(p system.Params, _ []float64) float64 { return -2*(p["sigma"]+1+p["beta"]) - p["eps"] },
		"LorenzStenflo":       func(p system.Params, _ []float64) float64 { return -2*p["a"] - 1 - p["b"] },
		"LuChen":              func(p system.Params, _ []float64) float64 { return p["c"] - p["a"] - p["b"] },
		"LuChenCheng":         func(p system.Params, _ []float64) float64 { return p["a"] + p["b"] - p["a"]*p["b"]/(p["a"]+p["b"]) },
		"MooreSpiegel":        func(system.Params, []float64) float64 { return -1 },
		"NewtonLiepnik":       func(p system.Params, _ []float64) float64 { return p["b"] - p["a"] - 0.4 },
		"NoseHoover":          func(_ system.Params, x []float64) float64 { return x[2] },
		"NuclearQuadrupole":   func(system.Params, []float64) float64 { return 0 },
		"OscillatingFlow":     func(system.Params, []float64) float64 { return 0 },
		"PanXuZhou":           func(p system.Params, x []float64) float64 { return -p["a"] + p["d"]*x[2] + p["f"] + p["c"] },
		"PehlivanWei":         func(_ system.Params, x []float64) float64 { return 1 + x[2] },
		"Qi":                  func(p system.Params, _ []float64) float64 { return p["b"] - p["a"] - p["c"] - p["d"] },
		"QiChen":              func(p system.Params, _ []float64) float64 { return 1 - p["a"] - p["b"] },
		"RabinovichFabrikant": func(p system.Params, _ []float64) float64 { return 2 * (p["g"] - p["a"]) },
		"RayleighBenard":      func(p system.Params, _ []float64) float64 { return p["r"] - p["a"] - p["b"] },
	}
	rng := rand.New(rand.NewPCG(13, 14))
	for _, name := range groupBNames {
		div, ok := cases[name]
		if !ok {
			continue // piecewise or state-dependent in a way not worth a closed form
		}
		sys := mustBuild(t, name, system.Config{})
		p := params(t, name, nil)
		n := sys.Dim()
		J, f := make([]float64, n*n), make([]float64, n)
		for k := 0; k < 200; k++ {
			x := groupBPoint(rng, name, n, groupBScale[name])
			sys.(system.Jacobianer).Jacobian(J, x, 0)
			var tr, mag float64
			for i := 0; i < n; i++ {
				tr += J[i*n+i]
				mag = math.Max(mag, math.Abs(J[i*n+i]))
			}
			want := div(p, x)
			if name == "InteriorSquirmer" {
				// Incompressible in the plane: ∂ṙ/∂r + ∂θ̇/∂θ = −ṙ/r.
				sys.(system.Field).Eval(f, x, 0)
				want = -f[0] / x[0]
			}
			if math.Abs(tr-want) > 1e-12*math.Max(1, mag) {
				t.Fatalf("%s at %v: trace %v, want %v", name, x, tr, want)
			}
		}
	}
}

// groupBPost maps an emergo state onto dysts' observed variables, for the
// flows whose unbounded coordinates dysts post-processes.
func groupBPost(name string, p system.Params, x []float64) {
	switch name {
	case "InteriorSquirmer": // (r cos θ, r sin θ, sin(2πt/τ))
		r, th := x[0], x[1]
		x[0], x[1], x[2] = r*math.Cos(th), r*math.Sin(th), math.Sin(x[2])
	case "LidDrivenCavityFlow": // (x, y, sin(2πt/τ))
		x[2] = math.Sin(x[2])
	case "OscillatingFlow": // (cos kx, y, sin z)
		x[0], x[2] = math.Cos(p["k"]*x[0]), math.Sin(x[2])
	}
}

// groupBStdFactor bounds the ratio of the standard deviation of each
// observed component over 100 periods to dysts' recorded value (its
// metadata "std"), except where documented:
//   - HyperQi: our standard deviations are 1.6-2.2 times dysts' in every
//     block of 100 periods over 1000 periods (the same equations and
//     parameters; dysts' record is probably from a short run);
//   - MultiChua: the orbit wanders between the scrolls; dysts' record
//     stays on the negative ones (mean x = −17), ours visits all, so the
//     standard deviation of x is up to twice dysts'.
var groupBStdFactor = map[string]float64{"HyperQi": 3, "MultiChua": 3}

// groupBStdDefault is the default bound on that ratio. The largest ratios
// measured (apart from the exceptions) are those of slow variables, such
// as w of HyperXu (1.6) and HyperRossler (1.6).
const groupBStdDefault = 2.0

// groupBCrudeBox bounds every observed component to dysts' mean ± this many
// dysts standard deviations: far outside any attractor (the largest
// excursion measured is HyperRossler's z spikes, 12 standard deviations),
// but a diverging orbit crosses it.
const groupBCrudeBox = 50

// groupBSetSlack is the integration error allowed on the boundary of an
// invariant set that orbits approach exponentially (the Hopfield box,
// the cylinder wall, the cavity walls): far above the tolerance 1e-9 per
// step, far below any real escape.
const groupBSetSlack = 1e-6

// groupBInvariantSets checks the sets the equations leave invariant,
// at every sample of the bounded-run test.
var groupBInvariantSets = map[string]func(p system.Params, x []float64) bool{
	// The box −βτ ≤ x_i ≤ (1−β)τ attracts and is invariant.
	"Hopfield": func(p system.Params, x []float64) bool {
		for _, v := range x {
			if v < -p["beta"]*p["tau"]-groupBSetSlack || v > (1-p["beta"])*p["tau"]+groupBSetSlack {
				return false
			}
		}
		return true
	},
	// The unit cylinder, r in (0, 1].
	"InteriorSquirmer": func(_ system.Params, x []float64) bool { return x[0] > 0 && x[0] <= 1+groupBSetSlack },
	// The cavity.
	"LidDrivenCavityFlow": func(p system.Params, x []float64) bool {
		return x[0] >= -groupBSetSlack && x[0] <= p["a"]+groupBSetSlack && math.Abs(x[1]) <= p["b"]+groupBSetSlack
	},
	// Populations stay non-negative.
	"ItikBanksTumor": func(_ system.Params, x []float64) bool { return x[0] >= 0 && x[1] >= 0 && x[2] >= 0 },
	"MacArthur": func(_ system.Params, x []float64) bool {
		for _, v := range x {
			if v < 0 {
				return false
			}
		}
		return true
	},
	// The ball x² + y² + z² ≤ r².
	"LorenzBounded": func(p system.Params, x []float64) bool {
		return x[0]*x[0]+x[1]*x[1]+x[2]*x[2] <= p["r"]*p["r"]
	},
	// The strip 0 < ky < π.
	"OscillatingFlow": func(p system.Params, x []float64) bool { return p["k"]*x[1] > 0 && p["k"]*x[1] < math.Pi },
}

// Every flow stays bounded for 100 dominant periods (about 10^4 samples)
// from dysts' initial condition at the default tolerance: each sample is
// finite, inside the sets the equations leave invariant and inside a
// crude box around dysts' recorded mean; after 20 periods of transient,
// the standard deviation of each observed component is within a factor
// of two of dysts' record. Documented behaviour:
//   - OscillatingFlow's x is unbounded (transport between rolls); it is
//     checked against |x(t) − x(0)| ≤ |u| t and observed as cos kx, as in
//     dysts, like the other flows with post-processed coordinates;
//   - PanXuZhou settles from dysts' initial condition onto its stable
//     equilibrium (checked in TestPanXuZhouEquilibrium), so its
//     statistics are not compared.
func TestGroupBBounded100Periods(t *testing.T) {
	for _, name := range groupBNames {
		t.Run(name, func(t *testing.T) { groupBBoundedRun(t, name) })
	}
}

// groupBBoundedRun runs one flow of TestGroupBBounded100Periods.
func groupBBoundedRun(t *testing.T, name string) {
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
	inv := groupBInvariantSets[name]
	for k := 0; k < steps; k++ {
		if err := sys.Step(); err != nil {
			t.Fatalf("%s: step %d: %v", name, k, err)
		}
		sys.State(x)
		if err := system.CheckFinite(name, sys.Time(), x); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if inv != nil && !inv(p, x) {
			t.Fatalf("%s: left its invariant set at t=%v: %v", name, sys.Time(), x)
		}
		if name == "OscillatingFlow" && math.Abs(x[0]-x0[0]) > math.Abs(p["u"])*sys.Time()+1e-9 {
			t.Fatalf("OscillatingFlow: x moved %v in time %v, faster than u", x[0]-x0[0], sys.Time())
		}
		copy(obs, x)
		groupBPost(name, p, obs)
		for i, v := range obs {
			if math.Abs(v-e.Mean[i]) > groupBCrudeBox*e.Std[i] {
				t.Fatalf("%s: component %d = %v at t=%v, outside dysts' mean %v ± %d std %v", name, i, v, sys.Time(), e.Mean[i], groupBCrudeBox, e.Std[i])
			}
			if k >= transient {
				sum[i] += v
				sq[i] += v * v
			}
		}
	}
	if name == "PanXuZhou" {
		return
	}
	m := float64(steps - transient)
	factor := groupBStdDefault
	if f, ok := groupBStdFactor[name]; ok {
		factor = f
	}
	worst := 1.0
	for i := range sum {
		mean := sum[i] / m
		std := math.Sqrt(math.Max(0, sq[i]/m-mean*mean))
		ratio := std / e.Std[i]
		if ratio < 1/factor || ratio > factor {
			t.Errorf("%s: component %d has standard deviation %.4g, dysts %.4g (ratio %.3g, allowed factor %v)", name, i, std, e.Std[i], ratio, factor)
		}
		if math.Abs(math.Log(ratio)) > math.Abs(math.Log(worst)) {
			worst = ratio
		}
	}
	t.Logf("%d samples, worst std ratio to dysts %.3f", steps, worst)
}

// Documented behaviour of PanXuZhou at dysts' defaults: its equilibria
// E± = (±√(−ck), ±√(−ck), k) are stable (Routh-Hurwitz on the
// characteristic polynomial λ³ + (a − c)λ² − (ac + ck)λ − 2ack of the
// Jacobian there), and the orbit from dysts' initial condition, after a
// chaotic transient of about 100 time units, converges to E−: after 100
// periods (178 time units) it is within 0.05 of it (measured 5e-3).
func TestPanXuZhouEquilibrium(t *testing.T) {
	p := params(t, "PanXuZhou", nil)
	a, c, k := p["a"], p["c"], p["k"]
	q := math.Sqrt(-c * k)
	sys := mustBuild(t, "PanXuZhou", system.Config{})
	f := make([]float64, 3)
	for _, E := range [][]float64{{q, q, k}, {-q, -q, k}} {
		sys.(system.Field).Eval(f, E, 0)
		for _, v := range f {
			if math.Abs(v) > 1e-12 {
				t.Fatalf("field at the equilibrium %v is %v", E, f)
			}
		}
		// Characteristic polynomial of J from its trace, principal
		// minors and determinant.
		J := make([]float64, 9)
		sys.(system.Jacobianer).Jacobian(J, E, 0)
		tr := J[0] + J[4] + J[8]
		m2 := J[0]*J[4] - J[1]*J[3] + J[0]*J[8] - J[2]*J[6] + J[4]*J[8] - J[5]*J[7]
		det := J[0]*(J[4]*J[8]-J[5]*J[7]) - J[1]*(J[3]*J[8]-J[5]*J[6]) + J[2]*(J[3]*J[7]-J[4]*J[6])
		a2, a1, a0 := -tr, m2, -det // λ³ + a2 λ² + a1 λ + a0
		if math.Abs(a2-(a-c)) > 1e-12 || math.Abs(a1-(-a*c-c*k)) > 1e-9 || math.Abs(a0-(-2*a*c*k)) > 1e-9 {
			t.Errorf("characteristic polynomial (%v, %v, %v), want (%v, %v, %v)", a2, a1, a0, a-c, -a*c-c*k, -2*a*c*k)
		}
		if !(a2 > 0 && a0 > 0 && a2*a1 > a0) {
			t.Errorf("equilibrium %v is not stable: λ³ + %vλ² + %vλ + %v", E, a2, a1, a0)
		}
	}
	e := dysts.MustGet("PanXuZhou")
	steps := int(math.Round(100 * e.Period / mustInfo(t, "PanXuZhou").DT))
	for i := 0; i < steps; i++ {
		if err := sys.Step(); err != nil {
			t.Fatal(err)
		}
	}
	x := sys.State(nil)
	d := math.Hypot(math.Hypot(x[0]+q, x[1]+q), x[2]-k)
	t.Logf("PanXuZhou after %d samples (t=%.0f): %v, distance %.2g to E−", steps, sys.Time(), x, d)
	if d > 0.05 {
		t.Errorf("PanXuZhou at %v, %v from the stable equilibrium E−", x, d)
	}
}

// Invariant: NuclearQuadrupole obeys Hamilton's equations for
// H = (a/2)(p² + q²) − (b/√2)(q1³ − 3q1q2²) + (d/4)(q1² + q2²)² (field
// against central differences of H), and conserves H: over 100 periods
// the relative drift stays below 1e-7 at the default tolerance 1e-9
// (measured 3e-9) and shrinks with the tolerance.
func TestNuclearQuadrupoleHamiltonian(t *testing.T) {
	over := system.Params{"a": 1.3, "b": -0.7, "d": 0.25}
	sys := mustBuild(t, "NuclearQuadrupole", system.Config{Params: over})
	p := params(t, "NuclearQuadrupole", over)
	rng := rand.New(rand.NewPCG(15, 16))
	f := make([]float64, 4)
	for k := 0; k < 20; k++ {
		x := randomPoint(rng, 4, 3)
		sys.(system.Field).Eval(f, x, 0)
		grad := make([]float64, 4)
		for j := range grad {
			const h = 1e-6
			xp, xm := append([]float64(nil), x...), append([]float64(nil), x...)
			xp[j] += h
			xm[j] -= h
			grad[j] = (quadrupoleEnergy(p, xp) - quadrupoleEnergy(p, xm)) / (2 * h)
		}
		want := []float64{grad[2], grad[3], -grad[0], -grad[1]}
		for i := range f {
			if math.Abs(f[i]-want[i]) > 1e-7*math.Max(1, math.Abs(want[i])) {
				t.Fatalf("at %v: field %v, Hamilton's equations %v", x, f, want)
			}
		}
	}
	p = params(t, "NuclearQuadrupole", nil)
	drift := func(tol float64) float64 {
		sys := mustBuild(t, "NuclearQuadrupole", system.Config{Tol: tol})
		x := sys.State(nil)
		h0 := quadrupoleEnergy(p, x)
		var d float64
		for i := 0; i < 10000; i++ {
			if err := sys.Step(); err != nil {
				t.Fatal(err)
			}
			d = math.Max(d, math.Abs(quadrupoleEnergy(p, sys.State(x))-h0)/math.Abs(h0))
		}
		return d
	}
	loose, tight := drift(0), drift(1e-12)
	t.Logf("NuclearQuadrupole max relative energy drift over 100 periods: %.3g (tol 1e-9), %.3g (tol 1e-12)", loose, tight)
	if loose > 2e-6 || tight > 2e-9 || tight > loose/100 {
		t.Errorf("energy drift %g (tol 1e-9), %g (tol 1e-12)", loose, tight)
	}
}

// Exact: LorenzBounded equals dysts' expanded polynomial form (an
// independent expression) at random points, and vanishes on the sphere
// x² + y² + z² = r².
func TestLorenzBoundedExpandedForm(t *testing.T) {
	p := params(t, "LorenzBounded", nil)
	beta, r, rho, sigma := p["beta"], p["r"], p["rho"], p["sigma"]
	sys := mustBuild(t, "LorenzBounded", system.Config{})
	rng := rand.New(rand.NewPCG(17, 18))
	got := make([]float64, 3)
	r2 := r * r
	for k := 0; k < 100; k++ {
		v := randomPoint(rng, 3, 60)
		x, y, z := v[0], v[1], v[2]
		want := []float64{
			sigma*y - sigma*x - sigma/r2*y*x*x - sigma/r2*y*y*y - sigma/r2*y*z*z + sigma/r2*x*x*x + sigma/r2*x*y*y + sigma/r2*x*z*z,
			rho*x - x*z - y - rho/r2*x*x*x - rho/r2*x*y*y - rho/r2*x*z*z + 1/r2*z*x*x*x + 1/r2*x*z*y*y + 1/r2*x*z*z*z +
				1/r2*y*x*x + 1/r2*y*y*y + 1/r2*y*z*z,
			x*y - beta*z - 1/r2*y*x*x*x - 1/r2*x*y*y*y - 1/r2*x*y*z*z + beta/r2*z*x*x + beta/r2*z*y*y + beta/r2*z*z*z,
		}
		sys.(system.Field).Eval(got, v, 0)
		for i := range got {
			if math.Abs(got[i]-want[i]) > 1e-10*math.Max(1, math.Abs(want[i])) {
				t.Fatalf("at %v: f = %v, dysts' expanded form %v", v, got, want)
			}
		}
		// Project onto the sphere: every point there is a fixed point.
		s := r / math.Sqrt(x*x+y*y+z*z)
		sys.(system.Field).Eval(got, []float64{x * s, y * s, z * s}, 0)
		for _, g := range got {
			if math.Abs(g) > 1e-9 {
				t.Fatalf("field on the sphere at %v: %v", []float64{x * s, y * s, z * s}, got)
			}
		}
	}
}

// groupBOddTol bounds |f(x) + f(−x)| for Hopfield: (1 + t)/2 − 1/2 and
// (1 − t)/2 − 1/2 round differently, by a few 1e-16.
const groupBOddTol = 1e-15

// Symmetries, exact up to rounding: with β = 1/2 the Hopfield field is odd,
// f(−x) = −f(x); the lid-driven cavity is symmetric under the reflection
// x → a − x combined with a half-period shift φ → φ + π (velocity
// (−u, v)); NoseHoover is time-reversible, f(Rx) = −R f(x) with
// R = diag(1, −1, −1); OscillatingFlow is invariant under x → x + 2π/k.
func TestGroupBSymmetries(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 20))
	hop := mustBuild(t, "Hopfield", system.Config{})
	f, g := make([]float64, 6), make([]float64, 6)
	for k := 0; k < 100; k++ {
		x := randomPoint(rng, 6, 1.5)
		mx := make([]float64, 6)
		for i := range x {
			mx[i] = -x[i]
		}
		hop.(system.Field).Eval(f, x, 0)
		hop.(system.Field).Eval(g, mx, 0)
		for i := range f {
			if math.Abs(f[i]+g[i]) > groupBOddTol {
				t.Fatalf("Hopfield not odd at %v: %v vs %v", x, f, g)
			}
		}
	}
	lid := mustBuild(t, "LidDrivenCavityFlow", system.Config{})
	a := params(t, "LidDrivenCavityFlow", nil)["a"]
	for k := 0; k < 100; k++ {
		x := groupBPoint(rng, "LidDrivenCavityFlow", 3, 1)
		lid.(system.Field).Eval(f[:3], x, 0)
		lid.(system.Field).Eval(g[:3], []float64{a - x[0], x[1], x[2] + math.Pi}, 0)
		if math.Abs(f[0]+g[0]) > 1e-12*math.Max(1, math.Abs(f[0])) || math.Abs(f[1]-g[1]) > 1e-12*math.Max(1, math.Abs(f[1])) {
			t.Fatalf("LidDrivenCavityFlow not reflection symmetric at %v: %v vs %v", x, f[:3], g[:3])
		}
	}
	nh := mustBuild(t, "NoseHoover", system.Config{})
	for k := 0; k < 100; k++ {
		x := randomPoint(rng, 3, 3)
		nh.(system.Field).Eval(f[:3], x, 0)
		nh.(system.Field).Eval(g[:3], []float64{x[0], -x[1], -x[2]}, 0)
		// Reversibility: f(Rx) = −R f(x), R = diag(1, −1, −1).
		if f[0] != -g[0] || f[1] != g[1] || f[2] != g[2] {
			t.Fatalf("NoseHoover not reversible at %v: %v vs %v", x, f[:3], g[:3])
		}
	}
	osc := mustBuild(t, "OscillatingFlow", system.Config{Params: system.Params{"k": 2.5}})
	for k := 0; k < 100; k++ {
		x := randomPoint(rng, 3, 4)
		osc.(system.Field).Eval(f[:3], x, 0)
		osc.(system.Field).Eval(g[:3], []float64{x[0] + 2*math.Pi/2.5, x[1], x[2]}, 0)
		for i := 0; i < 3; i++ {
			if math.Abs(f[i]-g[i]) > 1e-12 {
				t.Fatalf("OscillatingFlow not 2π/k-periodic in x at %v: %v vs %v", x, f[:3], g[:3])
			}
		}
	}
}

// The lid-driven cavity's velocity derives from the stream function
// ψ = Σ_m s_m C_m a sin(k_m x)(cosh(k_m b) y sinh(k_m y) − b sinh(k_m b) cosh(k_m y))
// (s_1 = tanh(20τ sin φ), s_2 = 1) as (∂ψ/∂y, −∂ψ/∂x), checked by central
// differences of ψ written out independently; ψ vanishes on the walls.
func TestLidDrivenCavityStreamFunction(t *testing.T) {
	p := params(t, "LidDrivenCavityFlow", nil)
	a, b, tau := p["a"], p["b"], p["tau"]
	psi := func(x, y, phi float64) float64 {
		var s float64
		for m, u := range []float64{p["u1"], p["u2"]} {
			mm := float64(m + 1)
			k := mm * math.Pi / a
			C := 2 * u / (2*mm*math.Pi*b + a*math.Sinh(2*k*b))
			w := 1.0
			if m == 0 {
				w = math.Tanh(20 * tau * math.Sin(phi))
			}
			s += w * C * a * math.Sin(k*x) * (math.Cosh(k*b)*y*math.Sinh(k*y) - b*math.Sinh(k*b)*math.Cosh(k*y))
		}
		return s
	}
	sys := mustBuild(t, "LidDrivenCavityFlow", system.Config{})
	rng := rand.New(rand.NewPCG(21, 22))
	f := make([]float64, 3)
	const h = 1e-6
	for k := 0; k < 50; k++ {
		x := groupBPoint(rng, "LidDrivenCavityFlow", 3, 1)
		sys.(system.Field).Eval(f, x, 0)
		vx := (psi(x[0], x[1]+h, x[2]) - psi(x[0], x[1]-h, x[2])) / (2 * h)
		vy := -(psi(x[0]+h, x[1], x[2]) - psi(x[0]-h, x[1], x[2])) / (2 * h)
		if math.Abs(f[0]-vx) > 1e-6*math.Max(1, math.Abs(vx)) || math.Abs(f[1]-vy) > 1e-6*math.Max(1, math.Abs(vy)) {
			t.Fatalf("at %v: velocity (%v, %v), from ψ (%v, %v)", x, f[0], f[1], vx, vy)
		}
		for _, w := range [][2]float64{{0, x[1]}, {a, x[1]}, {x[0], b}, {x[0], -b}} {
			if v := psi(w[0], w[1], x[2]); math.Abs(v) > 1e-12 {
				t.Fatalf("ψ(%v) = %v on the wall", w, v)
			}
		}
	}
}

// The phases of InteriorSquirmer (θ and φ), LidDrivenCavityFlow and
// OscillatingFlow stay in [0, 2π), φ advances as 2πt/τ (ωt), and
// wrapping leaves the trajectory unchanged: over 6 time units (before
// chaos amplifies the 1e-12 tolerance beyond 1e-6) the wrapped flow
// agrees with an unwrapped integration of the same field.
func TestGroupBPhaseWrap(t *testing.T) {
	cases := []struct {
		name   string
		field  fieldFunc
		phases []int
		rate   func(p system.Params) float64
	}{
		{"InteriorSquirmer", interiorSquirmer, []int{1, 2}, func(p system.Params) float64 { return 2 * math.Pi / p["tau"] }},
		{"LidDrivenCavityFlow", lidDrivenCavity, []int{2}, func(p system.Params) float64 { return 2 * math.Pi / p["tau"] }},
		{"OscillatingFlow", oscillatingFlow, []int{2}, func(p system.Params) float64 { return p["omega"] }},
	}
	for _, c := range cases {
		const tol = 1e-12
		p := params(t, c.name, nil)
		in := mustInfo(t, c.name)
		sys := mustBuild(t, c.name, system.Config{Tol: tol})
		fn, jac := c.field(p, 3)
		ref, err := ode.NewFlow("ref", fn, jac, in.IC, in.DT, &ode.Options{RTol: tol, ATol: tol})
		if err != nil {
			t.Fatal(err)
		}
		x, r := make([]float64, 3), make([]float64, 3)
		for i := 0; i < int(6/in.DT); i++ {
			if err := sys.Step(); err != nil {
				t.Fatal(err)
			}
			if err := ref.Step(); err != nil {
				t.Fatal(err)
			}
			sys.State(x)
			for _, j := range c.phases {
				if x[j] < 0 || x[j] >= 2*math.Pi {
					t.Fatalf("%s: phase %d = %v outside [0, 2π)", c.name, j, x[j])
				}
			}
		}
		ref.State(r)
		if want := in.IC[2] + c.rate(p)*ref.Time(); math.Abs(r[2]-want) > 1e-9*want {
			t.Errorf("%s: unwrapped phase %v, want %v", c.name, r[2], want)
		}
		wrapped := map[int]bool{}
		for _, j := range c.phases {
			wrapped[j] = true
		}
		for j := range x {
			want := r[j]
			if wrapped[j] {
				want = wrap2Pi(r[j])
			}
			if d := math.Abs(x[j] - want); d > 1e-6 && math.Abs(d-2*math.Pi) > 1e-6 {
				t.Errorf("%s: wrapped flow at %v, unwrapped %v (component %d)", c.name, x, r, j)
			}
		}
	}
}

// Published values: the Lyapunov spectrum of the Rabinovich-Fabrikant
// flow at α = 1.1, γ = 0.87 is 0.1981, 0, −0.6581 (Sprott, Chaos and
// Time-Series Analysis (2003), App. A). Over T = 2000 time units from
// five transients of 1000 to 5000 samples after dysts' initial condition
// the largest exponent deviated from Sprott's by at most 0.0102, so the
// tolerance is 0.03 per exponent. The sum of the spectrum equals the
// constant divergence 2(γ − α) = −0.46 (relative 1e-4).
func TestRabinovichFabrikantLyapunov(t *testing.T) {
	const (
		T   = 2000
		tol = 0.03
	)
	want := []float64{0.1981, 0, -0.6581}
	sys := mustBuild(t, "RabinovichFabrikant", system.Config{})
	for i := 0; i < 1000; i++ {
		if err := sys.Step(); err != nil {
			t.Fatal(err)
		}
	}
	got := lyapunov(t, sys, int(T/sys.(system.Sampler).DT()), 10)
	t.Logf("RabinovichFabrikant spectrum %.4f (Sprott 2003: %v), sum %.6f", got, want, got[0]+got[1]+got[2])
	for i := range got {
		if math.Abs(got[i]-want[i]) > tol {
			t.Errorf("λ%d = %.4f, Sprott (2003) %v ± %v", i+1, got[i], want[i], tol)
		}
	}
	if s := got[0] + got[1] + got[2]; math.Abs(s+0.46) > 1e-4*0.46 {
		t.Errorf("spectrum sum %.6f, exact divergence −0.46", s)
	}
}

// Build rejects parameter combinations the equations cannot take, and the
// registry enforces the bounds on divisors.
func TestGroupBBuildErrors(t *testing.T) {
	cases := []struct {
		name string
		over system.Params
		msg  string
	}{
		{"LuChenCheng", system.Params{"a": 4, "b": -4}, "a + b = 0"},
		{"LidDrivenCavityFlow", system.Params{"a": 0.01, "b": 1}, "aspect ratio"},
		{"LidDrivenCavityFlow", system.Params{"tau": 0}, "out of range"},
		{"InteriorSquirmer", system.Params{"tau": -1}, "out of range"},
		{"IsothermalChemical", system.Params{"sigma": 0}, "out of range"},
		{"JerkCircuit", system.Params{"y0": 0}, "out of range"},
		{"ItikBanksTumor", system.Params{"k3": -1}, "out of range"},
		{"LorenzBounded", system.Params{"r": 0}, "out of range"},
		{"Hopfield", system.Params{"tau": 0}, "out of range"},
		{"Hopfield", system.Params{"k": 1}, "no parameter"}, // array parameters are fixed
	}
	for _, c := range cases {
		_, err := system.NewConfig(c.name, system.Config{Params: c.over})
		if err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s%v: error %v, want one mentioning %q", c.name, c.over, err, c.msg)
		}
	}
}

// One sample of each group-B flow at its defaults.
func BenchmarkGroupBStep(b *testing.B) {
	for _, name := range groupBNames {
		b.Run(name, func(b *testing.B) { benchStep(b, name, system.Config{}) })
	}
}
