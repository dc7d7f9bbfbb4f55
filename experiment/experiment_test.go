package experiment

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
)

type testParams struct {
	N    int     `json:"n"`
	Rate float64 `json:"rate"`
}

func testKind(name string) Kind {
	return Kind{
		Name:   name,
		Params: func() any { return &testParams{N: 10, Rate: 0.5} },
		Validate: func(p any) error {
			if tp := p.(*testParams); tp.N < 1 {
				return errors.New("n must be at least 1")
			}
			return nil
		},
		Run: func(ctx context.Context, p any, env *Env) (*Result, error) { return &Result{Title: "t"}, nil },
	}
}

func TestRegisterLookupDecode(t *testing.T) {
	Register(testKind("test-decode"))
	k, err := Lookup("test-decode")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Lookup("nope"); err == nil || !strings.Contains(err.Error(), "test-decode") {
		t.Errorf("unknown kind error should list the known kinds: %v", err)
	}
	p, err := k.Decode([]byte(`{"n": 3}`))
	if err != nil {
		t.Fatal(err)
	}
	if tp := p.(*testParams); tp.N != 3 || tp.Rate != 0.5 {
		t.Errorf("decoded %+v, want n=3 and the default rate 0.5", tp)
	}
	if p, err := k.Decode(nil); err != nil || p.(*testParams).N != 10 {
		t.Errorf("empty params should keep the defaults: %v %v", p, err)
	}
	if _, err := k.Decode([]byte(`{"m": 3}`)); err == nil || !strings.Contains(err.Error(), `"m"`) {
		t.Errorf("unknown field not named: %v", err)
	}
	if _, err := k.Decode([]byte(`{"n": 0}`)); err == nil || !strings.Contains(err.Error(), "n must be") {
		t.Errorf("validation not applied: %v", err)
	}
	defer func() {
		if recover() == nil {
			t.Error("a duplicate kind should panic")
		}
	}()
	Register(testKind("test-decode"))
}

func TestFloatJSON(t *testing.T) {
	s := NewSeries("a", []float64{0, 1, 2}, []float64{1, math.NaN(), math.Inf(1)})
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"name":"a","x":[0,1,2],"y":[1,null,null]}`; string(b) != want {
		t.Errorf("got %s, want %s", b, want)
	}
	var back Series
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if v := Values(back.Y); v[0] != 1 || !math.IsNaN(v[1]) || !math.IsNaN(v[2]) {
		t.Errorf("round trip %v", v)
	}
}

func TestCheck(t *testing.T) {
	good := &Result{
		Tables: []Table{{Title: "t", Columns: []string{"a", "b"}}},
		Plots: []Plot{
			{Kind: Line, Series: []Series{NewSeries("s", []float64{1, 2}, []float64{3, 4})}},
			{Kind: Bar, Categories: []string{"x", "y"}, Series: []Series{NewSeries("s", nil, []float64{1, 2})}},
			{Kind: Hist, Series: []Series{NewSeries("h", []float64{0, 1, 2}, []float64{5, 6})}},
			{Kind: Heat, Rows: []string{"r"}, Cols: []string{"c1", "c2"}, Matrix: [][]Float{{1, 2}}},
		},
	}
	good.Tables[0].AddRow("x", 1.23456789)
	if err := good.Check(); err != nil {
		t.Fatal(err)
	}
	if good.Tables[0].Rows[0][1] != "1.235" {
		t.Errorf("cell formatted %q", good.Tables[0].Rows[0][1])
	}
	bad := []*Result{
		{Tables: []Table{{Columns: []string{"a"}, Rows: [][]string{{"1", "2"}}}}},
		{Plots: []Plot{{Kind: Line, Series: []Series{NewSeries("s", []float64{1}, []float64{3, 4})}}}},
		{Plots: []Plot{{Kind: Bar, Categories: []string{"x"}, Series: []Series{NewSeries("s", nil, []float64{1, 2})}}}},
		{Plots: []Plot{{Kind: Hist, Series: []Series{NewSeries("h", []float64{0, 1}, []float64{5, 6})}}}},
		{Plots: []Plot{{Kind: Heat, Rows: []string{"r"}, Cols: []string{"c"}, Matrix: [][]Float{{1, 2}}}}},
		{Plots: []Plot{{Kind: "pie"}}},
	}
	for i, r := range bad {
		if err := r.Check(); err == nil {
			t.Errorf("malformed result %d passed Check", i)
		}
	}
}
