package cli

import (
	"strings"
	"testing"
	"time"
)

// demoLimit is the bound on the demo's run time.
const demoLimit = 30 * time.Second

// TestDemo runs the README's first command in-process: every default
// system appears as a row or is skipped with a note, the real data close
// the table, and the whole takes well under demoLimit.
func TestDemo(t *testing.T) {
	start := time.Now()
	r := emergo(t, "demo")
	el := time.Since(start)
	r.wantOK(t)
	if el > demoLimit/2 {
		t.Errorf("demo took %v; it must stay well under %v", el, demoLimit)
	}
	if !strings.Contains(r.stdout, "SYSTEM") || !strings.Contains(r.stdout, "CHARACTERISTIC") {
		t.Fatalf("no table header:\n%s", r.stdout)
	}
	for _, it := range demoItems {
		row := lineStarting(r.stdout, it.name+" ")
		note := strings.Contains(r.stdout, "note: "+it.name+" ")
		if row == "" && !note {
			t.Errorf("%s neither in the table nor noted:\n%s", it.name, r.stdout)
		}
		if row != "" && strings.Contains(row, "NaN") {
			t.Errorf("%s row has NaN: %q", it.name, row)
		}
	}
	// The S&P 500 daily log returns are fat-tailed: excess kurtosis about
	// 11 (data package documentation).
	if row := lineStarting(r.stdout, "S&P 500"); !strings.Contains(row, "excess kurtosis 11.") {
		t.Errorf("S&P 500 row %q lacks its excess kurtosis of about 11", row)
	}
	t.Logf("demo in %v:\n%s", el, r.stdout)
}

func lineStarting(text, prefix string) string {
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, prefix) {
			return l
		}
	}
	return ""
}
