package market

import (
	"math"
	"strconv"
	"testing"

	"github.com/emergo/emergo/system/systest"
)

// Every system of the package passes the catalogue conformance suite.
func TestConformance(t *testing.T) {
	for _, name := range []string{"GARCH", "LuxMarchesi", "ContBouchaud"} {
		t.Run(name, func(t *testing.T) { systest.Run(t, name) })
	}
}

func mustCB(t testing.TB, n int, c, a, lambda float64, seed uint64) *ContBouchaud {
	t.Helper()
	m, err := NewContBouchaud(n, c, a, lambda, seed)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func cbReturns(m *ContBouchaud, steps int) (r []float64, meanSumW2 float64) {
	r = make([]float64, steps)
	for i := range r {
		_ = m.Step()
		r[i] = m.obs[0]
		meanSumW2 += m.sumW2
	}
	return r, meanSumW2 / float64(steps)
}

// Exact limits: with a = 0 nobody trades (r ≡ 0); with c = 0 every trader
// is a cluster of one; with c = N the graph is complete, one cluster of N
// traders, so r ∈ {−N/λ, 0, +N/λ}.
func TestContBouchaudLimits(t *testing.T) {
	m := mustCB(t, 500, 0.9, 0, 10, 1)
	for i := 0; i < 50; i++ {
		_ = m.Step()
		if m.obs[0] != 0 || m.obs[1] != 0 {
			t.Fatalf("a = 0: return %v, active %v, want 0", m.obs[0], m.obs[1])
		}
	}
	m = mustCB(t, 500, 0, 0.1, 10, 1)
	_ = m.Step()
	if m.sumW2 != 500 || m.obs[2] != 1.0/500 {
		t.Errorf("c = 0: Σ W² = %v, largest %v; want 500 singletons", m.sumW2, m.obs[2])
	}
	m = mustCB(t, 300, 300, 0.25, 100, 1)
	seen := map[float64]bool{}
	for i := 0; i < 200; i++ {
		_ = m.Step()
		if m.obs[2] != 1 {
			t.Fatalf("c = N: largest cluster fraction %v, want 1", m.obs[2])
		}
		seen[m.obs[0]] = true
	}
	for r := range seen {
		if r != 3 && r != -3 && r != 0 {
			t.Errorf("c = N: return %v, want −3, 0 or 3", r)
		}
	}
	if len(seen) != 3 {
		t.Errorf("c = N: saw returns %v, want all of −3, 0, 3", seen)
	}
}

// Exact identity: given the clusters, Var(Σ W φ) = 2a Σ W², so
// Var r = 2a E[Σ W²]/λ². For c = 0 (independent traders) the excess
// kurtosis of the sum of N iid trades is (1/(2a) − 3)/N.
// Invariant (Erdős & Rényi 1960): for c < 1 the mean size of the cluster
// of a random trader, E[Σ W²]/N, is 1/(1 − c) as N → ∞ (c = 0.5: 2; the
// O(1/N) correction is below 0.005 at N = 4000).
// Tolerances: the relative standard error of a sample variance is
// √((K−1)/n) ≈ 0.014 for n = 10⁴ near-Gaussian returns (tolerance 0.06),
// and the sample kurtosis of 10⁴ Gaussian-like values has SE ≈ 0.05
// (tolerance 0.2).
func TestContBouchaudVariance(t *testing.T) {
	const steps = 10000
	for _, c := range []float64{0, 0.5} {
		const n, a, lam = 4000, 0.05, 100.0
		m := mustCB(t, n, c, a, lam, 3)
		r, sw2 := cbReturns(m, steps)
		v, k := centralMoments(r)
		chi := sw2 / n
		want := 2 * a * sw2 / (lam * lam)
		t.Logf("c=%.1f: Var r / (2a E[ΣW²]/λ²) = %.4f, mean cluster size %.4f (1/(1−c) = %.4f), kurtosis %.3f", c, v/want, chi, 1/(1-c), k)
		if math.Abs(v/want-1) > 0.06 {
			t.Errorf("c=%.1f: variance ratio %.4f, want 1 ± 0.06", c, v/want)
		}
		if math.Abs(chi-1/(1-c)) > 0.01 {
			t.Errorf("c=%.1f: mean cluster size %.4f, want 1/(1−c) = %.4f ± 0.01", c, chi, 1/(1-c))
		}
		if c == 0 {
			if wantK := 3 + (1/(2*a)-3)/n; math.Abs(k-wantK) > 0.2 {
				t.Errorf("c=0: kurtosis %.3f, want %.4f ± 0.2", k, wantK)
			}
		}
	}
}

// Published (Erdős & Rényi 1960): above the threshold the giant cluster
// holds the fraction S of traders solving S = 1 − exp(−cS); c = 2 gives
// S = 0.7968. Over 200 graphs of N = 4000 the mean is within 0.01.
func TestContBouchaudGiantCluster(t *testing.T) {
	m := mustCB(t, 4000, 2, 0.001, 1000, 5)
	var s float64
	for i := 0; i < 200; i++ {
		_ = m.Step()
		s += m.obs[2]
	}
	s /= 200
	want := 1.0 // fixed-point iteration from S = 1 converges to the giant root
	for k := 0; k < 200; k++ {
		want = 1 - math.Exp(-2*want)
	}
	t.Logf("c=2: mean largest cluster fraction %.4f, S = %.4f", s, want)
	if math.Abs(s-want) > 0.01 {
		t.Errorf("largest cluster fraction %.4f, want S = 1 − e^{−2S} = %.4f ± 0.01", s, want)
	}
}

// Published (Cont & Bouchaud 2000): at the percolation threshold c = 1
// the cluster sizes are distributed as W^{−5/2}, so when about one cluster
// trades per step the returns have a power-law tail P(|r| > x) ∝ x^{−3/2}.
// With N = 4000, a = 0.0005 (about one active cluster per step) and 2·10⁴
// steps the Hill estimates at the 5% and 1% tails are 1.50 and 1.49
// (seed 1); the band [1.3, 1.75] allows for the N^{2/3} cutoff. Below
// the threshold (c = 0.5) with many clusters trading the tails thin
// (kurtosis near 3), which is checked in TestContBouchaudVariance.
func TestContBouchaudTail(t *testing.T) {
	const steps = 20000
	m := mustCB(t, 4000, 1, 0.0005, 1000, 1)
	r, _ := cbReturns(m, steps)
	h5, h1 := hill(r, steps/20), hill(r, steps/100)
	_, k := centralMoments(r)
	t.Logf("c=1: Hill(5%%) %.3f, Hill(1%%) %.3f, kurtosis %.1f", h5, h1, k)
	for _, h := range []float64{h5, h1} {
		if h < 1.3 || h > 1.75 {
			t.Errorf("tail index %.3f, want 3/2 (band [1.3, 1.75])", h)
		}
	}
	if k < 50 {
		t.Errorf("kurtosis %.1f, want very fat tails (> 50)", k)
	}
}

func TestContBouchaudBuildErrors(t *testing.T) {
	for _, c := range []struct {
		n       int
		c, a, l float64
	}{{1, 0.9, 0.01, 1}, {100, -1, 0.01, 1}, {100, 0.9, 0.6, 1}, {100, 0.9, 0.01, 0}} {
		if _, err := NewContBouchaud(c.n, c.c, c.a, c.l, 1); err == nil {
			t.Errorf("N=%d c=%v a=%v λ=%v accepted", c.n, c.c, c.a, c.l)
		}
	}
}

func BenchmarkContBouchaudStep(b *testing.B) {
	for _, n := range []int{1000, cbN, 16000} {
		m := mustCB(b, n, cbC, cbA, cbLambda, 1)
		b.Run("N="+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = m.Step()
			}
		})
	}
}
