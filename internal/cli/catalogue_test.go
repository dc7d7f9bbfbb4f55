package cli

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/emergo/emergo/system"
)

func TestDisagreeRule(t *testing.T) {
	cases := []struct {
		got, ref float64
		want     bool
	}{
		{0.9056, 0.9, false},
		{0.9056, 1.5, true},
		{0.005, -0.004, false}, // both near zero
		{math.NaN(), 1, false},
		{1, math.NaN(), false},
		{0.2, 0.3, true},
	}
	for _, c := range cases {
		if got := disagree(c.got, c.ref); got != c.want {
			t.Errorf("disagree(%v, %v) = %v, want %v", c.got, c.ref, got, c.want)
		}
	}
}

// The table computes Hénon's λ1 near the literature value 0.41922
// (Sprott 2003) and the Kaplan-Yorke dimension 1.258, and does not flag it.
func TestCatalogueTableHenon(t *testing.T) {
	in, err := system.Lookup("Henon")
	if err != nil {
		t.Fatal(err)
	}
	r := catalogueRow(context.Background(), in.Info, 100)
	if math.Abs(r.Lambda1-0.41922) > 0.01 || math.Abs(r.KY-1.258) > 0.01 {
		t.Errorf("Henon λ1=%v KY=%v", r.Lambda1, r.KY)
	}
	if r.FlagL1 || r.FlagKY {
		t.Errorf("Henon flagged: %+v", r)
	}
	var b bytes.Buffer
	if err := writeCatalogue(&b, []catRow{r, {Info: system.Info{Name: "X", Category: system.CatLattice, Dim: 2, Description: "A lattice. More."}, Lambda1: math.NaN()}}, 100); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"## map", "| Henon | 2 | 0.42", "## lattice", "| X | 2 | A lattice. |"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}

// Writing to a device that cannot be truncated (/dev/null) succeeds: the
// output file is truncated only when it is a regular file.
func TestSimulateDevNull(t *testing.T) {
	if _, err := os.Stat(os.DevNull); err != nil || os.DevNull != "/dev/null" {
		t.Skip("no /dev/null on this system")
	}
	emergo(t, "simulate", "Lorenz", "--steps", "5", "-o", os.DevNull).wantOK(t)
}

// The diagnosis classes: a CellCycle-like row (small but significantly
// positive λ1) is weak, not "no positive exponent"; a DequanLi-like row
// (s.e. as large as λ1) is unreliable; a PanXuZhou-like row (clearly
// negative) has no positive exponent and carries its specific reason; a
// well-resolved row below dysts is "below dysts"; a row flagged for D_KY
// alone is "D_KY only"; a jump field is "discontinuous field".
func TestDiagnoseClasses(t *testing.T) {
	row := func(name string, l1, se, ref float64) catRow {
		r := catRow{Info: system.Info{Name: name, Category: system.CatFlow}, Lambda1: l1, StdErr: se,
			RefL1: ref, LitL1: math.NaN(), RefKY: math.NaN(), LitKY: math.NaN(), AvgTime: 1e5}
		r.FlagL1 = disagree(l1, ref)
		return r
	}
	cases := []struct {
		r     catRow
		class string
		text  string
	}{
		{row("CellCycleLike", 0.004687, 0.00026, 0.01017), classWeak, "below the 0.01 floor"},
		{row("DequanLiLike", 0.1557, 0.16, 0.7397), classUnreliable, "unreliable"},
		{row("PanXuZhou", -0.03893, 0.013, 0.6132), classNoPositive, "stable equilibrium"},
		{row("Bouali2Like", 0.0007193, 0.0036, 0.07682), classNoPositive, "not significantly positive"},
		{row("HopfieldLike", 0.064, 0.004, 0.568), classBelow, "below dysts' estimate by 89%"},
		{row("AboveLike", 2, 0.01, 1), classAbove, "above"},
	}
	ky := row("KYOnly", 0.5, 0.01, 0.5)
	ky.KY, ky.RefKY, ky.FlagKY = 3, 2, true
	cases = append(cases, struct {
		r     catRow
		class string
		text  string
	}{ky, classKY, "Kaplan-Yorke"})
	jump := row("JumpLike", 0.002, 0.0001, 1)
	jump.Info.Description = "A jump field; the tangent-space estimate is not valid."
	cases = append(cases, struct {
		r     catRow
		class string
		text  string
	}{jump, classDiscontinuous, "discontinuous"})
	for _, c := range cases {
		if !c.r.FlagL1 && !c.r.FlagKY {
			t.Fatalf("%s: test row is not flagged", c.r.Info.Name)
		}
		class, text := diagnose(c.r)
		if class != c.class || !strings.Contains(text, c.text) {
			t.Errorf("%s: class %q, text %q; want class %q containing %q", c.r.Info.Name, class, text, c.class, c.text)
		}
	}
	// Unflagged rows get no diagnosis.
	if class, text := diagnose(row("Agrees", 0.9, 0.01, 0.9)); class != "" || text != "" {
		t.Errorf("unflagged row diagnosed: %q %q", class, text)
	}
	// A short averaging span makes an otherwise tight estimate unreliable.
	short := row("ShortSpan", 0.3, 0.01, 1)
	short.AvgTime = 10 // 10 Lyapunov times of the reference
	if class, _ := diagnose(short); class != classUnreliable {
		t.Errorf("short span: class %q, want %q", class, classUnreliable)
	}
}

// MaynardSmith's default initial condition has x = 0, where the Jacobian
// is singular (det J = 2x); iterating the state alone first gives a
// finite λ1 instead of collapsed deviation vectors.
func TestCatalogueRowMaynardSmith(t *testing.T) {
	in, err := system.Lookup("MaynardSmith")
	if err != nil {
		t.Fatal(err)
	}
	if in.Info.IC[0] != 0 {
		t.Fatalf("MaynardSmith IC %v: the test expects dysts' x = 0", in.Info.IC)
	}
	r := catalogueRow(context.Background(), in.Info, 20)
	if r.Err != "" || math.IsNaN(r.Lambda1) || math.IsInf(r.Lambda1, 0) {
		t.Fatalf("MaynardSmith row: λ1 = %v, error %q", r.Lambda1, r.Err)
	}
	t.Logf("MaynardSmith λ1 = %.4g ± %.2g, D_KY = %.4g", r.Lambda1, r.StdErr, r.KY)
}

// The delay rows show dysts' estimates and a data-based λ1 labelled with
// its method (or the estimator's error).
func TestCatalogueRowDelay(t *testing.T) {
	in, err := system.Lookup("MackeyGlass")
	if err != nil {
		t.Fatal(err)
	}
	r := catalogueRow(context.Background(), in.Info, 200)
	if math.Abs(r.RefL1-0.07288) > 1e-4 || math.Abs(r.RefKY-8.013) > 1e-3 {
		t.Errorf("MackeyGlass dysts λ1 %v, D_KY %v; want 0.07288, 8.013", r.RefL1, r.RefKY)
	}
	if !strings.Contains(r.Method, "Rosenstein") && !strings.Contains(r.Method, "Kantz") {
		t.Errorf("method %q names no estimator", r.Method)
	}
	if r.Err == "" && !(r.Lambda1 > 0 && r.Lambda1 < 1) {
		t.Errorf("MackeyGlass λ1 = %v, want a small positive exponent", r.Lambda1)
	}
	var b bytes.Buffer
	if err := writeCatalogue(&b, []catRow{r}, 200); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "| MackeyGlass | 1 | ") || !strings.Contains(b.String(), r.Method) {
		t.Errorf("delay row missing:\n%s", b.String())
	}
}

// docs/CATALOGUE.md lists exactly the registered systems, once each, so
// it cannot go stale silently: regenerate it with
// `emergo systems table --out docs/CATALOGUE.md` after adding a system.
func TestCatalogueDocCurrent(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "docs", "CATALOGUE.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	// The per-category tables come before the first notes section.
	if i := strings.Index(text, "\n## Flagged systems"); i > 0 {
		text = text[:i]
	}
	if i := strings.Index(text, "\n## dysts coverage"); i > 0 {
		text = text[:i]
	}
	listed := map[string]int{}
	for _, line := range strings.Split(text, "\n") {
		f := strings.Split(line, "|")
		if len(f) < 4 || !strings.HasPrefix(line, "| ") {
			continue
		}
		name := strings.TrimSpace(f[1])
		if name == "name" || strings.HasPrefix(name, "---") {
			continue
		}
		listed[name]++
	}
	// The CLI tests register fake systems named CLITest*; they are not
	// part of the catalogue.
	var all []system.Info
	for _, in := range system.List("") {
		if !strings.HasPrefix(in.Name, "CLITest") {
			all = append(all, in)
		}
	}
	for _, in := range all {
		if listed[in.Name] != 1 {
			t.Errorf("%s is registered but listed %d times in docs/CATALOGUE.md", in.Name, listed[in.Name])
		}
		delete(listed, in.Name)
	}
	for name := range listed {
		t.Errorf("docs/CATALOGUE.md lists %s, which is not registered", name)
	}
	if want := fmt.Sprintf("(%d systems)", len(all)); !strings.Contains(text, want) {
		t.Errorf("docs/CATALOGUE.md header lacks %q", want)
	}
}
