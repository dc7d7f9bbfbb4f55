// Package dysts embeds the metadata of the dysts catalogue of chaotic
// systems (Gilpin 2021): parameters, initial conditions, integration step,
// dominant period, citation and estimated invariants of 135 flows and 26
// maps. The equations themselves live in emergo's flows and maps packages.
//
// The metadata files are from github.com/williamgilpin/dysts at 4b4d9de
// (2025-04), Apache-2.0 (LICENSE-dysts.txt in this directory). Their
// estimated invariants are rough numerical estimates; literature values
// take precedence where they exist.
//
// References:
//
//	Gilpin, W. (2021). Chaos as an interpretable benchmark for forecasting
//	  and data-driven modelling. NeurIPS Datasets and Benchmarks.
package dysts

import (
	"embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
)

//go:embed chaotic_attractors.json discrete_maps.json
var files embed.FS

// Entry is one system's metadata. Parameters keep the file's order by
// name (sorted), since JSON objects are unordered.
type Entry struct {
	Name                 string
	Parameters           map[string]any // numbers, or arrays of numbers for a few systems
	InitialConditions    []float64
	DT                   float64 // dysts' integration step
	Period               float64 // dominant period (flows)
	Citation             string
	Description          string
	EmbeddingDimension   int
	Delay                bool
	Hamiltonian          bool
	Nonautonomous        bool
	LyapunovSpectrum     []float64 // estimated
	MaxLyapunov          float64   // estimated
	KaplanYorke          float64   // estimated
	CorrelationDimension float64   // estimated
	PesinEntropy         float64
	MultiscaleEntropy    float64
	Mean, Std            []float64
	Discrete             bool
	UnboundedIndices     []int
}

type rawFlow struct {
	Citation             string         `json:"citation"`
	CorrelationDimension *float64       `json:"correlation_dimension"`
	Delay                bool           `json:"delay"`
	Description          string         `json:"description"`
	DT                   float64        `json:"dt"`
	EmbeddingDimension   int            `json:"embedding_dimension"`
	Hamiltonian          bool           `json:"hamiltonian"`
	InitialConditions    []float64      `json:"initial_conditions"`
	KaplanYorke          *float64       `json:"kaplan_yorke_dimension"`
	LyapunovSpectrum     []float64      `json:"lyapunov_spectrum_estimated"`
	MaxLyapunov          *float64       `json:"maximum_lyapunov_estimated"`
	MultiscaleEntropy    *float64       `json:"multiscale_entropy"`
	Nonautonomous        bool           `json:"nonautonomous"`
	Parameters           map[string]any `json:"parameters"`
	Period               float64        `json:"period"`
	PesinEntropy         *float64       `json:"pesin_entropy"`
	UnboundedIndices     []int          `json:"unbounded_indices"`
	Mean                 []float64      `json:"mean"`
	Std                  []float64      `json:"std"`
}

var (
	once    sync.Once
	entries map[string]*Entry // flows
	mapsIdx map[string]*Entry // discrete maps (a separate namespace: dysts has a Duffing flow and a Duffing map)
	loadErr error
)

func f(p *float64) float64 {
	if p == nil {
		return 0
	}
	return *p
}

func load() {
	entries = map[string]*Entry{}
	mapsIdx = map[string]*Entry{}
	for _, file := range []string{"chaotic_attractors.json", "discrete_maps.json"} {
		b, err := files.ReadFile(file)
		if err != nil {
			loadErr = err
			return
		}
		var raw map[string]rawFlow
		if err := json.Unmarshal(b, &raw); err != nil {
			loadErr = fmt.Errorf("dysts: %s: %w", file, err)
			return
		}
		for name, r := range raw {
			idx := entries
			if file == "discrete_maps.json" {
				idx = mapsIdx
			}
			idx[strings.ToLower(name)] = &Entry{
				Name: name, Parameters: r.Parameters, InitialConditions: r.InitialConditions,
				DT: r.DT, Period: r.Period, Citation: r.Citation, Description: r.Description,
				EmbeddingDimension: r.EmbeddingDimension, Delay: r.Delay, Hamiltonian: r.Hamiltonian,
				Nonautonomous: r.Nonautonomous, LyapunovSpectrum: r.LyapunovSpectrum,
				MaxLyapunov: f(r.MaxLyapunov), KaplanYorke: f(r.KaplanYorke),
				CorrelationDimension: f(r.CorrelationDimension), PesinEntropy: f(r.PesinEntropy),
				MultiscaleEntropy: f(r.MultiscaleEntropy), Mean: r.Mean, Std: r.Std,
				Discrete: file == "discrete_maps.json", UnboundedIndices: r.UnboundedIndices,
			}
		}
	}
}

// Get returns the metadata of the named continuous-time system
// (case-insensitive).
func Get(name string) (*Entry, error) { return get(name, false) }

// GetMap returns the metadata of the named discrete map (case-insensitive).
func GetMap(name string) (*Entry, error) { return get(name, true) }

func get(name string, discrete bool) (*Entry, error) {
	once.Do(load)
	if loadErr != nil {
		return nil, loadErr
	}
	idx, kind := entries, "flow"
	if discrete {
		idx, kind = mapsIdx, "map"
	}
	e, ok := idx[strings.ToLower(name)]
	if !ok {
		return nil, fmt.Errorf("dysts: no %s named %q", kind, name)
	}
	return e, nil
}

// MustGet is Get for names known at compile time; it panics when absent.
func MustGet(name string) *Entry {
	e, err := Get(name)
	if err != nil {
		panic(err)
	}
	return e
}

// MustGetMap is GetMap for names known at compile time.
func MustGetMap(name string) *Entry {
	e, err := GetMap(name)
	if err != nil {
		panic(err)
	}
	return e
}

// Flows lists the continuous-time systems, sorted.
func Flows() []string { once.Do(load); return names(entries) }

// Maps lists the discrete maps, sorted.
func Maps() []string { once.Do(load); return names(mapsIdx) }

func names(idx map[string]*Entry) []string {
	out := make([]string, 0, len(idx))
	for _, e := range idx {
		out = append(out, e.Name)
	}
	sort.Strings(out)
	return out
}

// Param returns a scalar parameter's value.
func (e *Entry) Param(name string) (float64, bool) {
	v, ok := e.Parameters[name]
	if !ok {
		return 0, false
	}
	x, ok := v.(float64)
	return x, ok
}

// ParamNames lists the parameter names in sorted order.
func (e *Entry) ParamNames() []string {
	out := make([]string, 0, len(e.Parameters))
	for k := range e.Parameters {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
