package system

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
)

func linearMap(a float64) *Map {
	return NewMap("linear", func(dst, x []float64, _ float64) { dst[0] = a * x[0] }, nil, []float64{1})
}

// Exact: the tangent of a linear map x' = a x grows by exactly a per
// iteration, so log|Q_n|/n = log|a| (the map's Lyapunov exponent).
func TestMapTangentLinear(t *testing.T) {
	for _, a := range []float64{0.5, -2, 3} {
		mt, err := NewMapTangent(linearMap(a), 1)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 10; i++ {
			if err := mt.Step(); err != nil {
				t.Fatal(err)
			}
		}
		q := mt.Deviations(nil)[0]
		if got, want := math.Log(math.Abs(q))/10, math.Log(math.Abs(a)); math.Abs(got-want) > 1e-9 {
			t.Errorf("a=%v: exponent %v, want log|a| = %v", a, got, want)
		}
	}
}

func TestMapResetAndDivergence(t *testing.T) {
	m := linearMap(10)
	for i := 0; i < 3; i++ {
		m.Step()
	}
	if x := m.State(nil)[0]; x != 1000 || m.Time() != 3 {
		t.Fatalf("x=%v t=%v", x, m.Time())
	}
	m.Reset()
	if m.State(nil)[0] != 1 || m.Time() != 0 {
		t.Fatal("reset failed")
	}
	_, err := Sample(context.Background(), m, 400, nil)
	var de *DivergedError
	if !errors.As(err, &de) || !errors.Is(err, ErrDiverged) {
		t.Fatalf("want a DivergedError, got %v", err)
	}
	if !strings.Contains(err.Error(), "diverged at t=") {
		t.Errorf("message lacks time: %v", err)
	}
}

func TestSampleTransientAndCancel(t *testing.T) {
	m := linearMap(1.01)
	tr, err := Sample(context.Background(), m, 5, &SampleOptions{Transient: 3})
	if err != nil {
		t.Fatal(err)
	}
	if tr.Len() != 5 || tr.T[0] != 3 || tr.T[4] != 7 {
		t.Fatalf("times %v, want 3..7", tr.T)
	}
	if got := tr.Row(0)[0]; math.Abs(got-math.Pow(1.01, 3)) > 1e-15 {
		t.Errorf("first sample %v", got)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Sample(ctx, linearMap(1), 10000, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: got %v", err)
	}
}

func TestRegistryErrors(t *testing.T) {
	Register(Entry{Info: Info{Name: "TestOnlyLinear", Category: CatMap, Dim: 1, DT: 1,
		Params: []Param{{Name: "a", Default: 0.5, Min: -10, Max: 10}, {Name: "n", Default: 2, Min: 1, Max: 9, Integer: true}}},
		Build: func(c Config) (System, error) { return linearMap(c.Params["a"]), nil }})
	if _, err := New("testonlylinear", Params{"a": 2}, 1); err != nil {
		t.Fatalf("case-insensitive lookup: %v", err)
	}
	cases := []struct {
		p    Params
		want string
	}{
		{Params{"b": 1}, `no parameter "b"`},
		{Params{"aa": 1}, `did you mean "a"`},
		{Params{"a": 11}, "out of range"},
		{Params{"n": 2.5}, "must be an integer"},
		{Params{"a": math.NaN()}, "not a finite number"},
	}
	for _, c := range cases {
		_, err := New("TestOnlyLinear", c.p, 1)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("params %v: error %v, want it to contain %q", c.p, err, c.want)
		}
	}
	_, err := Lookup("TestOnlyLinea")
	if err == nil || !strings.Contains(err.Error(), `did you mean "TestOnlyLinear"`) {
		t.Errorf("suggestion missing: %v", err)
	}
	if _, err := ParseParams([]string{"a=1,b=2", "c=x"}); err == nil || !strings.Contains(err.Error(), "not a number") {
		t.Errorf("ParseParams: %v", err)
	}
	p, err := ParseParams([]string{"a=1, b=2", "c=-3e2"})
	if err != nil || p["a"] != 1 || p["b"] != 2 || p["c"] != -300 {
		t.Errorf("ParseParams: %v %v", p, err)
	}
	if _, err := ParseParams([]string{"a"}); err == nil {
		t.Error("missing '=' must be an error")
	}
}
