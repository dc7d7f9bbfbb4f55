// Package report renders a study's results as one self-contained HTML
// file: tables of forecast skill and homogenization, and server-side SVG
// plots (package report/svg) of attractor projections, forecasts against
// truth, error growth with valid prediction times, Lyapunov spectra of
// systems and trained models, power-law tails with their fits, CKA,
// mutual-kNN and error-correlation heatmaps, the systemic-failure
// distribution against the independence baseline, and scaling curves.
// Nothing is fetched from the network when the file is opened.
package report
