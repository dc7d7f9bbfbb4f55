// Package quake is the earthquake application of emergo: the statistics
// of the shipped USGS catalogue (one week of February 2018, package data)
// and of the Olami-Feder-Christensen model (system/lattice), side by side.
// It registers the experiment "earthquakes" (see Params).
//
// # Gutenberg-Richter law
//
// AnalyzeGR bins magnitudes to ΔM (0.1), finds the completeness magnitude
// Mc by maximum curvature (the modal bin; Wiemer & Wyss 2000) plus a
// correction (+0.2 recommended by Woessner & Wiemer 2005, since maximum
// curvature underestimates Mc when the roll-off is gradual), by the
// goodness-of-fit test at 90% and 95% (the smallest Mc whose fitted law
// explains the binned counts with residual R = 100 − 100·Σ|B_i − S_i|/ΣB_i
// above the level; Wiemer & Wyss 2000) and by b-value stability (Cao &
// Gao 2002). Above Mc, b = log10(e)/(⟨M⟩ − (Mc − ΔM/2)) (Aki 1965, Utsu
// 1966), with the Shi & Bolt (1982) error
// σ_b = ln(10)·b²·√(Σ(M_i − ⟨M⟩)²/(n(n−1))) and a percentile bootstrap
// interval that re-estimates Mc in each replicate. The estimators
// themselves live in package statphys (BValue, MaxCurvature).
//
// The whole USGS feed is not one population: U.S. regional networks
// report local magnitudes complete from about M 1, the global network
// body-wave magnitudes complete from about M 4.5, so the feed's b is far
// below 1 and no Mc passes the goodness-of-fit test. Regions (bounding
// boxes of the U.S. regional networks and the global remainder) separate
// them; the experiment reports every region.
//
// # Waiting times
//
// AnalyzeWaiting computes the coefficient of variation of the
// inter-event times (1 for a Poisson process), rescales them by the mean
// rate, θ = R·τ (Corral 2004), fits a gamma density by maximum likelihood
// and tests it against the exponential (Kolmogorov-Smirnov distances and
// the likelihood ratio of the nested models, χ²₁).
//
// # OFC model
//
// SimulateOFC runs lattice.OFC (L×L, open boundaries, conservation level
// α; α = 1/4 conserves force in the bulk with four neighbours) and
// AnalyzeOFC fits the avalanche sizes S (topplings) with the discrete
// Clauset-Shalizi-Newman power law, with and without the finite-size
// bound xmax (Deluca & Corral 2013). With magnitudes M = (2/3)log10 S + c,
// the form of the moment magnitude (Hanks & Kanamori 1979), a size density
// P(S) ∝ S^−τ is a Gutenberg-Richter law with b = 1.5(τ − 1): the OFC
// "b-value". The constant c is arbitrary and does not affect b.
//
// Conventions: times in seconds (Event.Time since 1970 UTC), magnitudes as
// in the feed (mixed types), inputs never modified, every random draw from
// a math/rand/v2 PCG stream seeded explicitly; bad input gives errors.
//
// References:
//
//	Gutenberg, B. & Richter, C. F. (1944). Frequency of earthquakes in
//	  California. Bull. Seismol. Soc. Am. 34, 185-188.
//	Aki, K. (1965). Maximum likelihood estimate of b in the formula
//	  log N = a − bM and its confidence limits. Bull. Earthq. Res. Inst.
//	  Tokyo Univ. 43, 237-239.
//	Utsu, T. (1966). A statistical significance test of the difference in
//	  b-value between two earthquake groups. J. Phys. Earth 14, 37-40.
//	Shi, Y. & Bolt, B. A. (1982). The standard error of the magnitude-
//	  frequency b value. Bull. Seismol. Soc. Am. 72, 1677-1687.
//	Wiemer, S. & Wyss, M. (2000). Minimum magnitude of completeness in
//	  earthquake catalogs: examples from Alaska, the western United
//	  States, and Japan. Bull. Seismol. Soc. Am. 90, 859-869.
//	Cao, A. & Gao, S. S. (2002). Temporal variation of seismic b-values
//	  beneath northeastern Japan island arc. Geophys. Res. Lett. 29, 1334.
//	Woessner, J. & Wiemer, S. (2005). Assessing the quality of earthquake
//	  catalogues: estimating the magnitude of completeness and its
//	  uncertainty. Bull. Seismol. Soc. Am. 95, 684-698.
//	Frohlich, C. & Davis, S. D. (1993). Teleseismic b values; or, much ado
//	  about 1.0. J. Geophys. Res. 98(B1), 631-644.
//	Corral, Á. (2004). Long-term clustering, scaling, and universality in
//	  the temporal occurrence of earthquakes. Phys. Rev. Lett. 92, 108501.
//	Olami, Z., Feder, H. J. S. & Christensen, K. (1992). Self-organized
//	  criticality in a continuous, nonconservative cellular automaton
//	  modeling earthquakes. Phys. Rev. Lett. 68, 1244-1247.
//	Lise, S. & Paczuski, M. (2001). Self-organized criticality and
//	  universality in a nonconservative earthquake model. Phys. Rev. E 63,
//	  036111.
//	Clauset, A., Shalizi, C. R. & Newman, M. E. J. (2009). Power-law
//	  distributions in empirical data. SIAM Review 51, 661-703.
//	Deluca, A. & Corral, Á. (2013). Fitting and goodness-of-fit test of
//	  non-truncated and truncated power-law distributions. Acta Geophys.
//	  61, 1351-1394.
//	Hanks, T. C. & Kanamori, H. (1979). A moment magnitude scale.
//	  J. Geophys. Res. 84, 2348-2350.
//	Hutton, K., Woessner, J. & Hauksson, E. (2010). Earthquake monitoring
//	  in southern California for seventy-seven years (1932-2008). Bull.
//	  Seismol. Soc. Am. 100, 423-446.
package quake
