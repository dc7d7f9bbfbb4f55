// Package traffic is emergo's traffic application: experiments on the
// Nagel-Schreckenberg (NaSch) cellular automaton of package system/traffic
// registered with the experiment contract.
//
//   - "traffic-fundamental": the fundamental diagram J(ρ) of the ring
//     NaSch for several braking probabilities p, its peak (the critical
//     density ρc and the capacity), and the exact deterministic curve
//     J = min(vmax ρ, 1 − ρ) with peak at ρ = 1/(vmax+1) (Nagel &
//     Schreckenberg 1992).
//   - "traffic-jams": emergent jams found in the space-time diagram (a jam
//     is a connected space-time cluster of stopped cars), their sizes and
//     lifetimes, and Clauset-Shalizi-Newman power-law fits with bootstrap
//     p-values and likelihood-ratio tests near and above ρc (Nagel &
//     Paczuski 1995 found power-law jam lifetimes near the cruise-control
//     limit).
//   - "traffic-forecast": the flow of loop detectors on the ring,
//     aggregated per period, forecast by zoo models (ridge, NVAR, ESN ...)
//     against persistence and the mean at several horizons.
//   - "traffic-control": ramp metering on open roads with an on-ramp
//     (traffic.OnRamp), plain and with the slow-to-start (VDR) rules of
//     Barlovic et al. (1998) that give a capacity drop: no control, a
//     fixed metering rate, ALINEA feedback (Papageorgiou, Hadj-Salem &
//     Blosseville 1991) and a forecast-driven meter, each meter's setting
//     tuned on seeds disjoint from the paired evaluation seeds, scored by
//     throughput, travel time and time spent.
//
// Conventions: time in automaton steps (≈ 1 s), space in cells (7.5 m),
// flows in cars per step, densities and occupancies in cars per cell.
// Every random number comes from the experiment's seed through splitmix
// derived per-run seeds, so results do not depend on scheduling.
//
// References:
//
//	Nagel, K. & Schreckenberg, M. (1992). J. Phys. I France 2, 2221-2229.
//	Nagel, K. & Paczuski, M. (1995). Emergent traffic jams. Phys. Rev. E
//	  51, 2909-2918.
//	Clauset, A., Shalizi, C. R. & Newman, M. E. J. (2009). Power-law
//	  distributions in empirical data. SIAM Review 51, 661-703.
//	Diedrich, G., Santen, L., Schadschneider, A. & Zittartz, J. (2000).
//	  Int. J. Mod. Phys. C 11, 335-345.
//	Jiang, R. & Wu, Q.-S. (2002). J. Phys. A 36, 381-390.
//	Barlovic, R., Santen, L., Schadschneider, A. & Schreckenberg, M.
//	  (1998). Metastable states in cellular automata for traffic flow.
//	  Eur. Phys. J. B 5, 793-800.
//	Papageorgiou, M. & Kotsialos, A. (2002). Freeway ramp metering: an
//	  overview. IEEE Trans. Intell. Transp. Syst. 3, 271-281.
//	Papageorgiou, M., Hadj-Salem, H. & Blosseville, J.-M. (1991). ALINEA:
//	  a local feedback control law for on-ramp metering. Transp. Res. Rec.
//	  1320, 58-64.
//	Smaragdis, E., Papageorgiou, M. & Kosmatopoulos, E. (2004). A
//	  flow-maximizing adaptive local ramp metering strategy. Transp. Res.
//	  B 38, 251-270.
package traffic
