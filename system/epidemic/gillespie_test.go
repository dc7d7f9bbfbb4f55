package epidemic

import (
	"math"
	"testing"

	"github.com/emergo/emergo/system/systest"
)

// Every system of the package passes the catalogue conformance suite.
func TestConformance(t *testing.T) {
	for _, name := range []string{"SIR", "SIRStochastic"} {
		t.Run(name, func(t *testing.T) { systest.Run(t, name) })
	}
}

// Invariant: every reaction moves one individual, so S + I + R = N holds
// exactly; S never increases and R never decreases.
func TestSIRStochasticConservation(t *testing.T) {
	m, err := NewSIRStochastic(5000, 5, sirBeta, sirGamma, 1, 3)
	if err != nil {
		t.Fatal(err)
	}
	ps, _, pr := m.Counts()
	for k := 0; k < 400; k++ {
		if err := m.Step(); err != nil {
			t.Fatal(err)
		}
		s, i, r := m.Counts()
		if s+i+r != 5000 || s < 0 || i < 0 || r < 0 {
			t.Fatalf("day %d: counts %d %d %d do not sum to N", k+1, s, i, r)
		}
		if s > ps || r < pr {
			t.Fatalf("day %d: S rose or R fell (%d→%d, %d→%d)", k+1, ps, s, pr, r)
		}
		ps, pr = s, r
	}
	if m.Events() == 0 {
		t.Error("no events simulated")
	}
}

// Exact: with β = 0 each infected recovers after an Exp(γ) time, so
// I(t) ~ Binomial(I0, e^{−γt}). With I0 = 1000 and t = 10/γ·… the mean
// of 50 runs of I(10) has standard error √(I0 q(1−q)/50) ≈ 2.2 around
// I0 e^{−γ·10}; the tolerance is four standard errors.
func TestSIRStochasticPureRecovery(t *testing.T) {
	const runs, i0, days = 50, 1000, 10
	q := math.Exp(-sirGamma * days)
	se := math.Sqrt(i0 * q * (1 - q) / runs)
	var sum float64
	for k := 0; k < runs; k++ {
		m, err := NewSIRStochastic(i0, i0, 0, sirGamma, 1, uint64(k+1))
		if err != nil {
			t.Fatal(err)
		}
		for d := 0; d < days; d++ {
			_ = m.Step()
		}
		_, i, _ := m.Counts()
		sum += float64(i)
	}
	mean := sum / runs
	if d := math.Abs(mean - i0*q); d > 4*se {
		t.Errorf("mean I(10) = %.2f, want I0 e^{−γt} = %.2f ± %.2f", mean, i0*q, 4*se)
	}
}

// Published: an epidemic started by one infected in a large population
// dies out early with probability 1/R0 (Whittle 1955; the extinction
// probability of the linear birth-death branching process), and a major
// outbreak infects the final-size fraction R∞ = 1 − exp(−R0 R∞)
// (Kermack & McKendrick 1927). R0 = 3, N = 2000, 1000 runs: the binomial
// standard error of the minor-outbreak fraction is 0.015 (tolerance
// 0.06 ≈ 4 SE, which also covers the O(1/√N) finite-size bias); the
// major-outbreak mean final size is within 0.01 of R∞ = 0.9405.
func TestSIRStochasticWhittle(t *testing.T) {
	const runs, n = 1000, 2000
	const tolP, tolR = 0.06, 0.01
	r0 := sirBeta / sirGamma
	minor, majors := 0, 0
	var sumMajor float64
	for k := 0; k < runs; k++ {
		m, err := NewSIRStochastic(n, 1, sirBeta, sirGamma, 1, uint64(1000+k))
		if err != nil {
			t.Fatal(err)
		}
		for d := 0; d < 5000; d++ {
			_ = m.Step()
			if _, i, _ := m.Counts(); i == 0 {
				break
			}
		}
		_, i, r := m.Counts()
		if i != 0 {
			t.Fatalf("run %d did not end within 5000 days", k)
		}
		if frac := float64(r) / n; frac < 0.1 {
			minor++
		} else {
			majors++
			sumMajor += frac
		}
	}
	p := float64(minor) / runs
	if d := math.Abs(p - 1/r0); d > tolP {
		t.Errorf("minor-outbreak probability %.3f, want 1/R0 = %.3f ± %g", p, 1/r0, tolP)
	}
	want := FinalSize(r0, 1, 0)
	if got := sumMajor / float64(majors); math.Abs(got-want) > tolR {
		t.Errorf("mean major-outbreak final size %.4f, want R∞ = %.4f ± %g", got, want, tolR)
	}
	t.Logf("minor outbreaks %.3f (1/R0 = %.3f); major final size %.4f (R∞ = %.4f)", p, 1/r0, sumMajor/float64(majors), want)
}

func TestSIRStochasticBuildErrors(t *testing.T) {
	if _, err := NewSIRStochastic(10, 11, 0.3, 0.1, 1, 1); err == nil {
		t.Error("I0 > N accepted")
	}
	if _, err := NewSIRStochastic(0, 0, 0.3, 0.1, 1, 1); err == nil {
		t.Error("N = 0 accepted")
	}
}

func BenchmarkSIRStochasticStep(b *testing.B) {
	m, err := NewSIRStochastic(ssirN, ssirI0, sirBeta, sirGamma, 1, 1)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = m.Step()
		if _, i, _ := m.Counts(); i == 0 {
			m.Reset()
		}
	}
}
