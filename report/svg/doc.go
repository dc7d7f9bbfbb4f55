// Package svg draws charts as inline SVG on the server, with the standard
// library only. It serves the HTML report and the web dashboard.
//
// Chart types: LineChart (lines and markers on linear or logarithmic axes,
// with vertical and horizontal marker lines), ScatterChart (points, or a
// thin translucent path through them for trajectories; Projection wraps it
// for attractor projections), Heatmap (labelled matrix with a colour bar,
// sequential viridis or diverging blue-white-red), BarChart (grouped bars
// with optional error bars) and Histogram (bars over bin edges or integer
// categories, with overlaid series such as a baseline distribution).
//
// Conventions:
//   - SVG methods return a bare <svg> element (no XML prolog) with a
//     viewBox and pixel width and height, ready to embed in HTML5; a zero
//     Width or Height takes the chart's documented default.
//   - All text is XML-escaped; the output holds no scripts and no external
//     references. Colours given by callers are CSS colour strings.
//   - NaN and infinite values are skipped; a line breaks into segments
//     around them. On a logarithmic axis, values ≤ 0 are skipped too and
//     the range comes from the positive values.
//   - Charts without drawable data show their title and a centred
//     "no data" note; a constant series gets a non-zero range. No input
//     makes a chart panic.
//   - Output is deterministic: the same input gives the same bytes. Ids of
//     clip paths and gradients are derived from a hash of the chart, so
//     many charts can share one HTML page.
//   - Coordinates are rounded to 0.1 px; long lines are thinned to the
//     points that move the pen by at least half a pixel, so a 5000-point
//     line costs some tens of kilobytes.
//
// Style: white background, light grid at major ticks, left and bottom
// spines with outward ticks, Okabe-Ito categorical colours (Palette),
// generic system font. Linear axes use 1-2-5 tick steps with a fixed
// number of decimals per axis and k/M suffixes for large values; log axes
// label decades as 10 with a superscript exponent (10⁻³ … 10⁴) and draw
// minor ticks at 2…9 times each decade; log axes holding fewer than three
// decades label the values 1, 2 and 5 times 10^k plainly (20, 50, 100,
// 200, 500, 1k) when there are enough of them (see LogTicks). A legend
// appears when two or more entries have names.
package svg
