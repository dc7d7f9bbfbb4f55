package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"
)

// newTable returns a tab-separated column writer; call Flush when done.
func newTable(w io.Writer) *tabwriter.Writer {
	return tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
}

// writeJSON writes v as indented JSON followed by a newline.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// num formats a number compactly: integers below 10⁹ in full, else four
// significant digits (%.4g); -0 is shown as 0.
func num(v float64) string {
	if v == 0 {
		return "0"
	}
	if v == math.Trunc(v) && math.Abs(v) < 1e9 {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}

// nums formats a vector with num.
func nums(x []float64) string {
	s := make([]string, len(x))
	for i, v := range x {
		s[i] = num(v)
	}
	return "[" + strings.Join(s, " ") + "]"
}

// dur formats a wall time with three significant digits.
func dur(d time.Duration) string {
	switch {
	case d < time.Microsecond:
		return d.String()
	case d < time.Millisecond:
		return fmt.Sprintf("%.3gµs", float64(d)/float64(time.Microsecond))
	case d < time.Second:
		return fmt.Sprintf("%.3gms", float64(d)/float64(time.Millisecond))
	}
	return fmt.Sprintf("%.3gs", d.Seconds())
}

// stats are the summary statistics of one column.
type stats struct {
	Mean float64 `json:"mean"`
	Std  float64 `json:"std"`
	Min  float64 `json:"min"`
	Max  float64 `json:"max"`
	N    int     `json:"n"` // finite values counted
}

// columnStats summarises column j of row-major x with dim columns, over
// finite values; Std is the population standard deviation (divisor n).
// Two passes, for accuracy.
func columnStats(x []float64, dim, j int) stats {
	s := stats{Min: math.Inf(1), Max: math.Inf(-1)}
	var sum float64
	for i := j; i < len(x); i += dim {
		v := x[i]
		if math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		sum += v
		s.N++
		s.Min = min(s.Min, v)
		s.Max = max(s.Max, v)
	}
	if s.N == 0 {
		return stats{Mean: math.NaN(), Std: math.NaN(), Min: math.NaN(), Max: math.NaN()}
	}
	s.Mean = sum / float64(s.N)
	var ss float64
	for i := j; i < len(x); i += dim {
		v := x[i]
		if math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		d := v - s.Mean
		ss += d * d
	}
	s.Std = math.Sqrt(ss / float64(s.N))
	return s
}

// yearParenRe finds a publication year in parentheses, "(1963)".
var yearParenRe = regexp.MustCompile(`\((1[6-9]\d\d|20\d\d)[a-z]?\)`)

// shortCitation abbreviates a reference of the form "Authors (YEAR).
// Title ..." to "Surname YEAR", "Surname & Other YEAR" or "Surname et al.
// YEAR"; when several references are joined by "; " it abbreviates the
// first and appends "; …". Text it cannot parse is truncated to max runes.
func shortCitation(c string, max int) string {
	c = strings.TrimSpace(c)
	first, rest, several := strings.Cut(c, "; ")
	if loc := yearParenRe.FindStringSubmatchIndex(first); loc != nil {
		year := first[loc[2]:loc[3]]
		if names, etAl := surnames(first[:loc[0]]); len(names) > 0 {
			var s string
			switch {
			case etAl || len(names) > 2:
				s = names[0] + " et al."
			case len(names) == 1:
				s = names[0]
			default:
				s = names[0] + " & " + names[1]
			}
			s += " " + year
			if several && rest != "" {
				s += "; …"
			}
			return s
		}
	}
	return truncate(c, max)
}

// surnames extracts author surnames from author lists such as "Lorenz,
// E. N.", "Bak, P., Tang, C. & Wiesenfeld, K.", "Mackey M C, Glass L",
// "Letellier & Rossler" or "B. van der Pol". etAl reports an "et al.".
func surnames(authors string) (names []string, etAl bool) {
	authors = strings.TrimRight(strings.TrimSpace(authors), " ,.")
	if i := strings.Index(strings.ToLower(authors), "et al"); i >= 0 {
		etAl = true
		authors = authors[:i]
	}
	repl := strings.NewReplacer(" & ", ",", " and ", ",", ";", ",")
	afterSurname := false
	for _, part := range strings.Split(repl.Replace(authors), ",") {
		part = strings.TrimSpace(part)
		switch {
		case part == "":
			continue
		case isInitials(part):
			afterSurname = false
			continue
		case afterSurname && isGiven(part):
			// "Lorenz, Edward N": the given names of the surname before.
			afterSurname = false
			continue
		}
		w := strings.Fields(part)
		if !isAuthor(w) {
			// The title begins ("K. Nagel & M. Schreckenberg, A cellular
			// automaton ... (1992)").
			break
		}
		name := surnameOf(w)
		if name == "" || len([]rune(name)) > 30 {
			return nil, false // not an author list
		}
		names = append(names, name)
		// A lone surname may be followed by its given names ("Lorenz,
		// Edward N"); "K. Nagel" or "Mackey M C" already has them.
		afterSurname = len(w) == 1
	}
	return names, etAl
}

// surnameOf picks the surname among the words of one author: the first
// word when initials follow it ("Mackey M C"), else the last word with
// any particles before it ("Edward Lorenz", "B. van der Pol").
func surnameOf(w []string) string {
	if len(w) == 0 || !unicode.IsLetter([]rune(w[0])[0]) {
		return ""
	}
	if len(w) == 1 || isInitials(strings.Join(w[1:], " ")) {
		return strings.TrimSuffix(w[0], ".")
	}
	k := len(w) - 1
	for k > 0 && isParticle(w[k-1]) {
		k--
	}
	return strings.TrimSuffix(strings.Join(w[k:], " "), ".")
}

// isAuthor reports whether words can be one author's name: at most four
// words, each capitalised or a particle.
func isAuthor(w []string) bool {
	if len(w) == 0 || len(w) > 4 {
		return false
	}
	for _, x := range w {
		if !isParticle(x) && !unicode.IsUpper([]rune(x)[0]) {
			return false
		}
	}
	return true
}

func isParticle(w string) bool {
	switch w {
	case "van", "von", "de", "der", "den", "da", "di", "du", "la", "le":
		return true
	}
	return false
}

// isInitials reports whether s is like "E. N.", "M C" or "J.-P.".
func isInitials(s string) bool {
	if strings.TrimSpace(s) == "" {
		return false
	}
	for _, w := range strings.Fields(s) {
		for _, part := range strings.FieldsFunc(w, func(r rune) bool { return r == '.' || r == '-' }) {
			r := []rune(part)
			if len(r) > 1 || !unicode.IsUpper(r[0]) {
				return false
			}
		}
	}
	return true
}

// isGiven reports whether s looks like given names with an initial:
// capitalised words, at least one of them an initial ("Edward N").
func isGiven(s string) bool {
	initial := false
	for _, w := range strings.Fields(s) {
		r := []rune(strings.TrimSuffix(w, "."))
		if len(r) == 0 || !unicode.IsUpper(r[0]) {
			return false
		}
		if len(r) == 1 {
			initial = true
		}
	}
	return initial
}

// truncate shortens s to at most max runes, ending with "…" when cut.
func truncate(s string, max int) string {
	r := []rune(s)
	if max <= 0 || len(r) <= max {
		return s
	}
	return strings.TrimSpace(string(r[:max-1])) + "…"
}

// wrap breaks text into lines of at most width runes, each prefixed by
// indent.
func wrap(text string, width int, indent string) string {
	var b strings.Builder
	line := 0
	for _, w := range strings.Fields(text) {
		n := len([]rune(w))
		if line > 0 && line+1+n > width {
			b.WriteString("\n")
			line = 0
		}
		if line == 0 {
			b.WriteString(indent)
		} else {
			b.WriteString(" ")
			line++
		}
		b.WriteString(w)
		line += n
	}
	return b.String()
}
