package finance

import (
	"context"
	"strings"
	"testing"

	"github.com/emergo/emergo/system"
	_ "github.com/emergo/emergo/system/flows" // Lorenz: a system without returns
)

// SimulateReturns returns exactly the log_return observable of stepping
// the system by hand, after the transient.
func TestSimulateReturnsMatchesStepping(t *testing.T) {
	const n, tr = 300, 50
	got, err := SimulateReturns(context.Background(), "LuxMarchesi", n, &SimulateOptions{Seed: 4, Transient: tr})
	if err != nil {
		t.Fatal(err)
	}
	sys, err := system.New("LuxMarchesi", nil, 4)
	if err != nil {
		t.Fatal(err)
	}
	x := make([]float64, sys.Dim())
	for i := 0; i < tr; i++ {
		if err := sys.Step(); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < n; i++ {
		if err := sys.Step(); err != nil {
			t.Fatal(err)
		}
		sys.State(x)
		if got[i] != x[1] {
			t.Fatalf("return %d = %v, stepping gives %v", i, got[i], x[1])
		}
	}
}

func TestSimulateReturnsColumns(t *testing.T) {
	ctx := context.Background()
	// GARCH observes [r, sigma]: the default picks "r"; Column picks sigma.
	r, err := SimulateReturns(ctx, "GARCH", 100, &SimulateOptions{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	s, err := SimulateReturns(ctx, "GARCH", 100, &SimulateOptions{Seed: 1, Column: "sigma"})
	if err != nil {
		t.Fatal(err)
	}
	neg := false
	for i := range r {
		neg = neg || r[i] < 0
		if !(s[i] > 0) {
			t.Fatalf("sigma[%d] = %v, want positive", i, s[i])
		}
	}
	if !neg {
		t.Error("GARCH returns have no negative value: the sigma column was returned")
	}
	for _, c := range []struct {
		name, sys, col, want string
	}{
		{"unknown system", "LuxMarchesy", "", "LuxMarchesi"},
		{"unknown column", "GARCH", "price", "no observable"},
		{"no return column", "Lorenz", "", "no return observable"},
	} {
		_, err := SimulateReturns(ctx, c.sys, 10, &SimulateOptions{Column: c.col})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one mentioning %q", c.name, err, c.want)
		}
	}
	if _, err := SimulateReturns(ctx, "GARCH", 0, nil); err == nil {
		t.Error("n = 0: no error")
	}
}
