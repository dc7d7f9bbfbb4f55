package catalog

// Exception documents a registered dysts system that departs from "every
// coordinate stays bounded" or from dysts' estimated invariants, with the
// reason. The generated catalogue (docs/CATALOGUE.md) prints these lists.
type Exception struct {
	// Name is the registered name.
	Name string
	// What names the coordinates concerned (empty when the whole system).
	What string
	// Reason explains the behaviour and says which test checks it.
	Reason string
}

// Unbounded lists the registered dysts systems that have a coordinate
// which does not stay in a bounded set over 100 periods from the default
// initial condition (phases, winding angles, transported or diffusing
// coordinates, or a divergence at dysts' own defaults), and the reason.
// Forcing phases that emergo wraps into [0, 2π) are bounded and not listed.
var Unbounded = []Exception{
	{"BickleyJet", "x (and the clock z)", "x is transported along the jet; it drifts no faster than U(1 + 2Σε_n) and z = z0 + ωt is time (checked in TestBoundedA; dysts post-processes both)."},
	{"DoublePendulum", "θ1, θ2", "the angles are unwrapped and wind when the pendulum turns over (θ2 drifts from 173 to 292 rad over 100 periods); their sines and cosines, and the momenta, are bounded (checked in TestBounded100PeriodsClassic)."},
	{"OscillatingFlow", "x", "transport between the rolls of the cellular flow: |x(t) − x(0)| ≤ |u|t (checked in TestGroupBBounded100Periods; dysts observes cos kx)."},
	{"SwingingAtwood", "θ", "the swinging mass's angle winds (dysts marks it unbounded); r, p_r and p_θ obey the energy bounds (checked in TestBoundedC)."},
	{"SprottDelay", "x", "with c = 0 the equation is invariant under x → x + 2π and solutions diffuse among the translates of the attractor; |x(t) − x(0)| ≤ |μ|t (checked in TestDystsDelayBounded)."},
	{"Circle", "θ (with wrap = 0)", "dysts' lift of the circle map drifts with the mean rotation (≈ 0.5 per iteration); emergo's default wrap = 1 reduces θ mod 1 (checked in TestDystsMapsDocumentedBehaviour)."},
	{"Chirikov", "θ, p (with wrap = 0)", "the unreduced standard map (dysts' convention) drifts; the default reduces both mod 2π (checked in the maps tests)."},
	{"ZeraouliaSprott", "x, y (at dysts' defaults)", "dysts' defaults a = 1.641, b = 1.902 diverge (y grows like bⁿ and passes 10¹² at iteration 45); emergo's defaults are a bounded chaotic set (checked in TestDystsMapsDocumentedBehaviour)."},
	{"PanXuZhou", "", "bounded, but not chaotic from dysts' initial condition: it settles onto the stable equilibrium E− (checked in TestPanXuZhouEquilibrium)."},
}

// NotRegistered lists the dysts entries emergo does not register.
var NotRegistered = []Exception{
	{"EndCap", "", "dysts' discrete_maps.json has metadata for it but dysts' code (dysts/maps.py) has no EndCap class, and the entry's citation is empty: there are no equations to implement."},
}

// Renamed maps a dysts name to emergo's when they differ: dysts has both a
// Duffing flow and a Duffing map, and a registry name is unique.
var Renamed = map[string]string{"Duffing": "DuffingMap"}

// Diagnoses gives, per system, a specific reason why emergo's computed
// invariants differ from dysts' estimates, where one is known. The
// catalogue table prints it next to the flag.
var Diagnoses = map[string]string{
	"PanXuZhou":         "from dysts' initial condition the orbit settles onto the stable equilibrium E− (TestPanXuZhouEquilibrium), so λ1 < 0 is correct there; dysts' estimate belongs to a chaotic orbit",
	"DoublePendulum":    "emergo integrates Hamilton's equations; dysts' estimates (λ1 3.985, D_KY 3.81) belong to its non-conservative momentum equations and are not comparable",
	"Torus":             "the flow is quasiperiodic: every exponent is exactly zero, and dysts' small positive estimate (0.00817) is finite-time noise",
	"MultiChua":         "emergo's orbit wanders among all the scrolls, while dysts' record stays on the negative ones (mean x = −17; TestGroupBBounded100Periods), so dysts' estimate describes a different part of the attractor",
	"HyperQi":           "emergo's standard deviations are 1.6-2.2 times dysts' record with the same equations and parameters (TestGroupBBounded100Periods): dysts' record is probably from a short run",
	"CellCycle":         "emergo's two cascades alternate with symmetric statistics, while dysts' record has the second almost at rest (TestBoundedA): dysts sampled a transient",
	"ExcitableCell":     "dysts' period of 1 is far shorter than the bursting cycle (its record covers a fraction of one burst; TestBoundedA), so its per-period estimates are rough",
	"BickleyJet":        "x is transported along the jet and z is a clock (both unbounded); the chaos lives in y alone",
	"HenonHeiles":       "a Hamiltonian flow (energy conserved, TestHenonHeilesEnergyA): λ1 depends on whether the initial condition lies in a chaotic layer or on a regular island, and is zero on an island",
	"ArnoldWeb":         "a near-integrable Hamiltonian flow (energy conserved at ω = 0, TestArnoldWebHamiltonianA): chaos lives in thin resonance layers, so λ1 is small and depends on the orbit",
	"SwingingAtwood":    "a Hamiltonian flow (energy conserved, TestBoundedC) with a winding angle: λ1 depends on whether the initial condition lies in a chaotic layer or on a regular island",
	"NuclearQuadrupole": "a Hamiltonian flow (energy conserved, TestNuclearQuadrupoleHamiltonian): λ1 depends on the orbit's energy layer",
}
