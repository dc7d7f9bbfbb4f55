package cli

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"
)

func TestShortCitation(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Lorenz, E. N. (1963). Deterministic nonperiodic flow. J. Atmos. Sci. 20, 130-141.", "Lorenz 1963"},
		{"Lorenz, Edward N (1963). Deterministic nonperiodic flow.", "Lorenz 1963"},
		{"Mackey, M. C. & Glass, L. (1977). Oscillation and chaos.", "Mackey & Glass 1977"},
		{"Glass, L. and Mackey, M. C. (1979). Pathological conditions.", "Glass & Mackey 1979"},
		{"Bak, P., Tang, C. & Wiesenfeld, K. (1987). Self-organized criticality.", "Bak et al. 1987"},
		{"Letellier & Rossler (2007). Hyperchaos.", "Letellier & Rossler 2007"},
		{"B. van der Pol (1920). A theory of the amplitude.", "van der Pol 1920"},
		{"Sprott, J. C (2007). A simple chaotic delay differential equation.", "Sprott 2007"},
		{"Edson, R. A. et al. (2019). Lyapunov exponents.", "Edson et al. 2019"},
		{"Kuramoto, Y. & Tsuzuki, T. (1976). Prog. Theor. Phys. 55; Sivashinsky, G. I. (1977).", "Kuramoto & Tsuzuki 1976; …"},
		{"Sprott Physics Letters A 2014 and a very long tail of words", "Sprott Physics Letters A 2014 and a ver…"},
		{"K. Nagel & M. Schreckenberg, A cellular automaton model for freeway traffic, J. Phys. I France 2, 2221-2229 (1992)", "Nagel & Schreckenberg 1992"},
		{"T. Lux & M. Marchesi, Volatility clustering in financial markets, Int. J. Theor. Appl. Finance 3, 675-702 (2000); Nature 397, 498-500 (1999)", "Lux & Marchesi 2000; …"},
		{"", ""},
	} {
		if got := shortCitation(c.in, 40); got != c.want {
			t.Errorf("shortCitation(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestColumnStats checks against values computed by hand: the column
// {1, 2, 3, 4} has mean 2.5 and population std sqrt(1.25).
func TestColumnStats(t *testing.T) {
	const tol = 1e-15
	x := []float64{1, 10, 2, 20, 3, 30, 4, math.NaN()}
	s := columnStats(x, 2, 0)
	if s.N != 4 || math.Abs(s.Mean-2.5) > tol || math.Abs(s.Std-math.Sqrt(1.25)) > tol || s.Min != 1 || s.Max != 4 {
		t.Errorf("stats %+v", s)
	}
	if s := columnStats(x, 2, 1); s.N != 3 || s.Mean != 20 { // NaN skipped
		t.Errorf("stats with NaN %+v", s)
	}
}

// TestMomentHelpers: exact cases. A two-point ±1 distribution has excess
// kurtosis 1 − 3 = −2; an alternating series has lag-1 autocorrelation
// −(n−1)/n.
func TestMomentHelpers(t *testing.T) {
	const tol = 1e-12
	x := []float64{1, -1, 1, -1, 1, -1, 1, -1}
	if k := excessKurtosis(x); math.Abs(k+2) > tol {
		t.Errorf("excess kurtosis %v, want -2", k)
	}
	if a := autocorr(x, 1); math.Abs(a+7.0/8) > tol {
		t.Errorf("autocorr %v, want -7/8", a)
	}
	// meanPeriod of a sampled sine of period 4π recovers it (linear
	// interpolation of crossings: error O(dt²)).
	const period, dt, perTol = 4 * math.Pi, 0.01, 1e-4
	var tt, xx []float64
	for i := 0; i < 5000; i++ {
		tt = append(tt, float64(i)*dt)
		xx = append(xx, math.Sin(2*math.Pi*float64(i)*dt/period))
	}
	if p, n := meanPeriod(tt, xx); math.Abs(p-period) > perTol || n != 3 {
		t.Errorf("meanPeriod = %v over %d cycles, want %v over 3", p, n, period)
	}
}

// fakeClock advances by step at every call.
type fakeClock struct {
	t    time.Time
	step time.Duration
}

func (c *fakeClock) now() time.Time { c.t = c.t.Add(c.step); return c.t }

func TestProgressLog(t *testing.T) {
	// 100 updates, 50 ms apart: 5 s in all. Lines at each tenth once 1 s
	// has passed (20%, 30%, ..., 90%), none at 100% (the summary follows).
	var b bytes.Buffer
	clk := &fakeClock{t: time.Unix(0, 0), step: 50 * time.Millisecond}
	p := newProgress(&b, false, clk.now, "simulate X")
	for i := 1; i <= 100; i++ {
		p.update(i*10, 1000)
	}
	p.finish()
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 8 || !strings.HasPrefix(lines[0], "emergo: simulate X: 20% (200/1000 steps") ||
		!strings.Contains(lines[7], "90% (900/1000") {
		t.Errorf("progress lines:\n%s", b.String())
	}
	// A quick run (1 ms per update) logs nothing.
	b.Reset()
	clk.step = time.Millisecond
	p = newProgress(&b, false, clk.now, "quick")
	for i := 1; i <= 100; i++ {
		p.update(i, 100)
	}
	if b.Len() != 0 {
		t.Errorf("quick run logged %q", b.String())
	}
}

func TestProgressBar(t *testing.T) {
	var b bytes.Buffer
	clk := &fakeClock{t: time.Unix(0, 0), step: 50 * time.Millisecond}
	p := newProgress(&b, true, clk.now, "sim")
	for i := 1; i <= 100; i++ {
		p.update(i, 100)
	}
	out := b.String()
	if !strings.Contains(out, "\rsim [") || !strings.Contains(out, "100% 100/100") || strings.Contains(out, "\n") {
		t.Errorf("bar output %q", out)
	}
	// Redraws are throttled to one per barEvery (every other update here)
	// and start after barDelay.
	if n := strings.Count(out, "\r"); n < 40 || n > 52 {
		t.Errorf("%d redraws for 100 updates 50 ms apart", n)
	}
	p.finish()
	if !strings.HasSuffix(b.String(), "\r") {
		t.Errorf("finish did not clear the bar: %q", b.String()[len(out):])
	}
}
