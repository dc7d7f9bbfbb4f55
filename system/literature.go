package system

import (
	"fmt"
	"math"
	"strings"
)

// InvariantValue returns the first value of the invariant name of in and
// its source, choosing among dysts' numerical estimates (dysts true) or
// the other literature sources (dysts false); NaN and "" when there is
// none.
func (in *Info) InvariantValue(name string, dysts bool) (float64, string) {
	for _, v := range in.Invariants {
		if v.Name != name || len(v.Values) == 0 {
			continue
		}
		if strings.Contains(v.Source, "dysts") == dysts {
			return v.Values[0], v.Source
		}
	}
	return math.NaN(), ""
}

// Reference is a literature value with its source.
type Reference struct {
	Value  float64 `json:"value"`
	Source string  `json:"source"`
	Note   string  `json:"note,omitempty"`
}

// LiteratureLyapunov returns the largest Lyapunov exponent λ1 (per time
// unit) of a catalogue system at its default parameters: from a non-dysts
// source when the catalogue has one, else dysts' numerical estimate. It
// returns nil and the reason at other parameter values (p holds the
// user's parameters) or when none is known.
func LiteratureLyapunov(in *Info, p Params) (*Reference, string) {
	for _, q := range in.Params {
		if v, ok := p[q.Name]; ok && v != q.Default {
			return nil, fmt.Sprintf("no literature Lyapunov exponent: %s=%v differs from the reference value %v", q.Name, v, q.Default)
		}
	}
	for _, dysts := range []bool{false, true} {
		for _, name := range []string{"max_lyapunov", "lyapunov_spectrum"} {
			if v, src := in.InvariantValue(name, dysts); !math.IsNaN(v) {
				r := &Reference{Value: v, Source: src}
				if dysts {
					r.Note = "dysts' numerical estimate; the catalogue has no other literature value"
				}
				return r, ""
			}
		}
	}
	return nil, "the catalogue has no Lyapunov exponent for " + in.Name
}
