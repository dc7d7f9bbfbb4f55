package adapt

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The Page-Hinkley statistic on a hand-computed sequence (δ = 0, α = 1):
// after 0, 0, 0, 0 the mean is 0 and m = 0; x = 2 makes the mean 0.4 and
// m = 1.6; a second 2 makes the mean 2/3 and m = 1.6 + 4/3 ≈ 2.93. So
// λ = 1 alarms at the fifth value, λ = 2 at the sixth, λ = 3 not at all.
func TestPageHinkleyByHand(t *testing.T) {
	seq := []float64{0, 0, 0, 0, 2, 2}
	for _, tc := range []struct {
		lambda float64
		alarm  int // index of the alarm, −1 none
	}{{1, 4}, {2, 5}, {3, -1}} {
		d := &PageHinkley{Lambda: tc.lambda}
		got := -1
		for i, x := range seq {
			if d.Add(x) {
				got = i
				break
			}
		}
		if got != tc.alarm {
			t.Errorf("λ=%v: alarm at %d, want %d", tc.lambda, got, tc.alarm)
		}
	}
	d := &PageHinkley{Lambda: 3}
	for _, x := range seq {
		d.Add(x)
	}
	if s := d.Statistic(); math.Abs(s-(1.6+4.0/3)) > 1e-12 {
		t.Errorf("statistic %v, want %v", s, 1.6+4.0/3)
	}
	// NaN is ignored; after an alarm the test restarts.
	d = &PageHinkley{Lambda: 1}
	for _, x := range []float64{0, math.NaN(), 0, 0, 0, 2} {
		d.Add(x)
	}
	if d.Statistic() != 0 || d.n != 0 {
		t.Errorf("after the alarm: statistic %v, %d values", d.Statistic(), d.n)
	}
}

// shiftTrial streams pre values of N(0, 1) then N(shift, 1) through a
// fresh detector and returns the number of alarms before the change and
// the delay of the first alarm after it (−1 if none within post values).
func shiftTrial(d Detector, pre, post int, shift float64, seed uint64) (falseAlarms, delay int) {
	rng := rand.New(rand.NewPCG(seed, 3))
	delay = -1
	for i := 0; i < pre+post; i++ {
		x := rng.NormFloat64()
		if i >= pre {
			x += shift
		}
		if d.Add(x) {
			if i < pre {
				falseAlarms++
			} else {
				delay = i - pre
				return
			}
		}
	}
	return
}

// Both detectors, with the defaults Evaluate uses, detect a mean shift of
// one standard deviation after 1000 stationary N(0, 1) values within 200
// values in at least 95 of 100 seeded trials, and raise no more than 1
// false alarm per 10 000 stationary values (measured over 20 runs of
// 10 000). Theory: Page-Hinkley with δ = 0.5, λ = 50 drifts up at about
// 1 − 0.5 per value after the shift (delay ≈ 100) and its false-alarm
// probability per excursion is of order exp(−2δλ) = e^{−50}; ADWIN's cut
// needs |μ0 − μ1| > ε_cut ≈ sqrt(2 ln(2n/δ)/n1), about 40 values for
// δ = 0.002.
func TestDetectorsOnSyntheticShift(t *testing.T) {
	const (
		trials     = 100
		maxDelay   = 200
		minHits    = 95
		faRuns     = 20
		faSteps    = 10000
		maxFAPer10 = 1.0
	)
	for _, tc := range []struct {
		name string
		new  func() Detector
	}{
		{"page-hinkley", func() Detector { return &PageHinkley{Delta: 0.5, Lambda: 50, Alpha: 1} }},
		{"adwin", func() Detector { return &ADWIN{Delta: 0.002} }},
		{"adwin increase-only", func() Detector { return &ADWIN{Delta: 0.002, IncreaseOnly: true} }},
		{"adwin clock 8", func() Detector { return &ADWIN{Delta: 0.002, Clock: 8} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hits, sum := 0, 0
			for s := uint64(0); s < trials; s++ {
				_, delay := shiftTrial(tc.new(), 1000, 1000, 1, s)
				if delay >= 0 && delay < maxDelay {
					hits++
					sum += delay
				}
			}
			var fa int
			for s := uint64(0); s < faRuns; s++ {
				n, _ := shiftTrial(tc.new(), faSteps, 0, 0, 1000+s)
				fa += n
			}
			rate := float64(fa) / faRuns
			t.Logf("%d/%d detected within %d (mean delay %.1f); %.2f false alarms per 10k stationary values",
				hits, trials, maxDelay, float64(sum)/float64(max(hits, 1)), rate)
			if hits < minHits {
				t.Errorf("only %d of %d shifts detected within %d values", hits, trials, maxDelay)
			}
			if rate > maxFAPer10 {
				t.Errorf("%.2f false alarms per 10 000 values, want at most %v", rate, maxFAPer10)
			}
		})
	}
}

// A decrease of the mean is reported by ADWIN but not by ADWIN with
// IncreaseOnly (whose window is still cut) nor by Page-Hinkley, which
// tests for increases.
func TestDetectorsIgnoreDecrease(t *testing.T) {
	for _, tc := range []struct {
		name string
		d    Detector
		want bool
	}{
		{"adwin", &ADWIN{}, true},
		{"adwin increase-only", &ADWIN{IncreaseOnly: true}, false},
		{"page-hinkley", &PageHinkley{Delta: 0.5, Lambda: 50}, false},
	} {
		_, delay := shiftTrial(tc.d, 1000, 1000, -2, 9)
		if got := delay >= 0; got != tc.want {
			t.Errorf("%s: decrease reported %v (delay %d), want %v", tc.name, got, delay, tc.want)
		}
	}
	a := &ADWIN{IncreaseOnly: true}
	shiftTrial(a, 1000, 1000, -2, 9)
	// Cuts fall on bucket boundaries, so a few older values may remain.
	if a.Width() < 800 || a.Width() > 1100 || math.Abs(a.Mean()+2) > 0.2 {
		t.Errorf("increase-only ADWIN kept a window of %d with mean %v; want about the 1000 values after the change (mean −2)", a.Width(), a.Mean())
	}
}

// ADWIN's exponential histogram summarises the window exactly: its
// width, sum and variance equal those of the last Width values (kept
// here in full), and it holds at most M buckets per size, O(M log W)
// in all.
func TestADWINHistogram(t *testing.T) {
	const tol = 1e-9
	rng := rand.New(rand.NewPCG(5, 5))
	d := &ADWIN{Delta: 0.002, M: 3}
	var all []float64
	for i := 0; i < 5000; i++ {
		x := rng.NormFloat64()
		if i >= 3000 {
			x += 3
		}
		all = append(all, x)
		d.Add(x)
		if i%97 != 0 && i != 4999 {
			continue
		}
		win := all[len(all)-d.Width():]
		var s float64
		for _, v := range win {
			s += v
		}
		mu := s / float64(len(win))
		var ss float64
		for _, v := range win {
			ss += (v - mu) * (v - mu)
		}
		if math.Abs(d.total-s) > tol*float64(len(win)) || math.Abs(d.varsum-ss) > tol*math.Max(1, ss) {
			t.Fatalf("value %d: window of %d: sum %v, squares %v; exact %v, %v", i, len(win), d.total, d.varsum, s, ss)
		}
		var buckets, count int
		for lv, b := range d.levels {
			if len(b) > 3 {
				t.Fatalf("value %d: level %d holds %d buckets, more than M = 3", i, lv, len(b))
			}
			buckets += len(b)
			count += len(b) << lv
		}
		if count != d.Width() {
			t.Fatalf("value %d: buckets hold %d values, width %d", i, count, d.Width())
		}
		if limit := 3 * (int(math.Log2(float64(d.Width()))) + 2); buckets > limit {
			t.Fatalf("value %d: %d buckets for a window of %d", i, buckets, d.Width())
		}
	}
	// The change at 3000 cut the window to the part after it.
	if d.Width() > 2100 || d.Width() < 1500 {
		t.Errorf("final window %d, want about the 2000 values since the change", d.Width())
	}
	d.Reset()
	if d.Width() != 0 || !math.IsNaN(d.Mean()) {
		t.Errorf("after Reset: width %d, mean %v", d.Width(), d.Mean())
	}
}

// NewDetector knows its names and rejects others.
func TestNewDetector(t *testing.T) {
	for _, n := range []string{"page-hinkley", "ADWIN", "ph"} {
		f, err := NewDetector(n)
		if err != nil || f == nil || f() == nil {
			t.Errorf("%s: %v", n, err)
		}
	}
	if f, err := NewDetector("none"); err != nil || f != nil {
		t.Errorf("none: %v, factory %v", err, f != nil)
	}
	if _, err := NewDetector("cusum"); err == nil {
		t.Error("an unknown detector was accepted")
	}
}
