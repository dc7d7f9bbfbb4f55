package cli

import (
	"bytes"
	"context"
	"math"
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
