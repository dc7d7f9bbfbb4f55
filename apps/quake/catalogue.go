package quake

import (
	"fmt"
	"sort"
	"strings"

	"github.com/emergo/emergo/data"
)

// Event is one catalogue event.
type Event struct {
	// Time is the origin time in seconds since 1970-01-01 UTC (millisecond
	// resolution in the shipped feed).
	Time float64
	Mag  float64
	// Lat and Lon are in degrees, Depth in km.
	Lat, Lon, Depth float64
	// Type is the event type label (data.EventTypes).
	Type string
}

// Region is a named geographic selection of the catalogue.
type Region struct {
	Name        string
	Description string
	// Contains reports whether an epicentre belongs to the region.
	Contains func(lat, lon float64) bool
}

// Boxes of the U.S. regional networks that contribute to the USGS feed;
// everything outside them is reported by the global network (NEIC).
func inCalifornia(lat, lon float64) bool {
	return lat >= 32 && lat <= 42.5 && lon >= -125.5 && lon <= -114
}
func inContiguousUS(lat, lon float64) bool {
	return lat >= 24 && lat <= 50 && lon >= -125.5 && lon <= -66
}
func inAlaska(lat, lon float64) bool { return lat >= 50 && (lon <= -129 || lon >= 170) }
func inHawaii(lat, lon float64) bool {
	return lat >= 18 && lat <= 23 && lon >= -161 && lon <= -154
}
func inPuertoRico(lat, lon float64) bool {
	return lat >= 17 && lat <= 20 && lon >= -68 && lon <= -63
}

// Regions are the selections the earthquakes experiment knows, in the
// order of its tables.
var Regions = []Region{
	{"all", "the whole feed: every region and network, mixed magnitude types", func(float64, float64) bool { return true }},
	{"california", "California-Nevada box, lat 32–42.5°N, lon 125.5–114°W (regional networks, ml/md)", inCalifornia},
	{"us", "contiguous United States, lat 24–50°N, lon 125.5–66°W (includes the California box)", inContiguousUS},
	{"alaska", "Alaska and the Aleutians, lat ≥ 50°N, lon ≤ 129°W or ≥ 170°E", inAlaska},
	{"hawaii", "Hawaii, lat 18–23°N, lon 161–154°W", inHawaii},
	{"puerto-rico", "Puerto Rico and the Virgin Islands, lat 17–20°N, lon 68–63°W", inPuertoRico},
	{"global", "outside the U.S. regional boxes: events reported by the global network (mostly mb, M ≳ 4)", func(lat, lon float64) bool {
		return !inContiguousUS(lat, lon) && !inAlaska(lat, lon) && !inHawaii(lat, lon) && !inPuertoRico(lat, lon)
	}},
}

// RegionByName returns the named region (case-insensitive) or an error
// listing the known names.
func RegionByName(name string) (Region, error) {
	for _, r := range Regions {
		if strings.EqualFold(r.Name, name) {
			return r, nil
		}
	}
	return Region{}, fmt.Errorf("unknown region %q (known: %s)", name, strings.Join(RegionNames(), ", "))
}

// RegionNames lists the names of Regions.
func RegionNames() []string {
	out := make([]string, len(Regions))
	for i, r := range Regions {
		out[i] = r.Name
	}
	return out
}

// Catalogue returns the shipped USGS feed (data.Earthquakes) as events in
// ascending time. Unless withBlasts, explosions and quarry blasts are left
// out (1679 earthquakes remain).
func Catalogue(withBlasts bool) ([]Event, error) {
	s, err := data.Earthquakes()
	if err != nil {
		return nil, err
	}
	col := func(name string) ([]float64, error) { return s.Column(name) }
	mag, err := col("mag")
	if err != nil {
		return nil, err
	}
	lat, err := col("latitude")
	if err != nil {
		return nil, err
	}
	lon, err := col("longitude")
	if err != nil {
		return nil, err
	}
	dep, err := col("depth")
	if err != nil {
		return nil, err
	}
	typ, err := col("type")
	if err != nil {
		return nil, err
	}
	labels := s.Levels["type"]
	if labels == nil {
		labels = data.EventTypes
	}
	out := make([]Event, 0, s.Len())
	for i := range mag {
		k := int(typ[i])
		label := "unknown"
		if k >= 0 && k < len(labels) {
			label = labels[k]
		}
		if !withBlasts && label != "earthquake" {
			continue
		}
		out = append(out, Event{Time: float64(s.Dates[i].UnixMilli()) / 1000, Mag: mag[i], Lat: lat[i], Lon: lon[i], Depth: dep[i], Type: label})
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Time < out[b].Time })
	return out, nil
}

// Select returns the events of ev inside region r with magnitude ≥ minMag
// (use math.Inf(-1) for no threshold). ev is not modified.
func Select(ev []Event, r Region, minMag float64) []Event {
	var out []Event
	for _, e := range ev {
		if e.Mag >= minMag && r.Contains(e.Lat, e.Lon) {
			out = append(out, e)
		}
	}
	return out
}

// Mags returns the magnitudes of ev.
func Mags(ev []Event) []float64 {
	out := make([]float64, len(ev))
	for i, e := range ev {
		out[i] = e.Mag
	}
	return out
}

// WaitingTimes returns the intervals (seconds) between consecutive events
// of ev, which must be in ascending time.
func WaitingTimes(ev []Event) []float64 {
	if len(ev) < 2 {
		return nil
	}
	out := make([]float64, len(ev)-1)
	for i := 1; i < len(ev); i++ {
		out[i-1] = ev[i].Time - ev[i-1].Time
	}
	return out
}
