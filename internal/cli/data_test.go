package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/emergo/emergo/data"
)

func TestDataList(t *testing.T) {
	r := emergo(t, "data", "list", "--json")
	r.wantOK(t)
	var infos []data.Info
	if err := json.Unmarshal([]byte(r.stdout), &infos); err != nil {
		t.Fatalf("not a JSON array: %v", err)
	}
	// The S&P 500 daily returns: 5104 rows from 2000-01-04 (data package
	// documentation).
	const spRows = 5104
	var found bool
	for _, in := range infos {
		if in.Name == "sp500-returns" {
			found = true
			if in.Rows != spRows || len(in.Columns) != 1 || in.Columns[0] != "log_return" {
				t.Errorf("sp500-returns: %d rows, columns %v; want %d, [log_return]", in.Rows, in.Columns, spRows)
			}
		}
	}
	if !found || len(infos) != len(data.Names()) {
		t.Errorf("listed %d data sets (sp500-returns found: %v), want %d", len(infos), found, len(data.Names()))
	}
	r = emergo(t, "data", "list")
	r.wantOK(t)
	if !strings.HasPrefix(r.stdout, "NAME") || !strings.Contains(r.stdout, "sp500-returns") {
		t.Errorf("table:\n%s", r.stdout)
	}
}

func TestDataShow(t *testing.T) {
	r := emergo(t, "data", "show", "SP500-returns", "--rows", "3")
	r.wantOK(t)
	for _, want := range []string{"sp500-returns", "rows:      5104", "2000-01-04", "log_return", "First 3 of 5104 rows"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("data show lacks %q:\n%s", want, r.stdout)
		}
	}
	r = emergo(t, "data", "show", "co2", "--json", "-n", "2")
	r.wantOK(t)
	var got struct {
		Name    string           `json:"name"`
		Rows    int              `json:"rows"`
		Head    []map[string]any `json:"head"`
		Summary []struct {
			Column string  `json:"column"`
			Min    float64 `json:"min"`
		} `json:"summary"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatal(err)
	}
	// Mauna Loa 1958-03: 315.70 ppm (the first row of the file).
	const firstCO2 = 315.7
	if got.Name != "co2" || len(got.Head) != 2 || got.Head[0]["co2"] != firstCO2 || got.Head[0]["date"] != "1958-03-01T00:00:00Z" {
		t.Errorf("data show co2 --json: %+v", got)
	}
	if len(got.Summary) != 2 || got.Summary[0].Column != "co2" {
		t.Errorf("summary %+v", got.Summary)
	}

	// --out writes the whole series.
	path := filepath.Join(t.TempDir(), "sp.csv")
	r = emergo(t, "data", "show", "sp500-returns", "--out", path)
	r.wantOK(t)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	h, rows := readCSV(t, string(b))
	if strings.Join(h, ",") != "date,log_return" || len(rows) != 5104 || rows[0][0] != "2000-01-04" {
		t.Errorf("CSV header %v, %d rows, first %v", h, len(rows), rows[0])
	}
	r = emergo(t, "data", "show", "global-temp", "--out", "-")
	r.wantOK(t)
	if _, rows := readCSV(t, r.stdout); len(rows) != 144 {
		t.Errorf("--out -: %d rows, want 144", len(rows))
	}

	emergo(t, "data", "show", "sp50").wantFail(t, ExitFailure, `unknown data set "sp50"`, `did you mean "sp500"`)
	emergo(t, "data", "show", "co2", "--out", filepath.Join(t.TempDir(), "missing", "x.csv")).
		wantFail(t, ExitFailure, "cannot write output file")
	emergo(t, "data", "show").wantFail(t, ExitUsage, "needs one data set name")
}
