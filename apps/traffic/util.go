package traffic

import (
	"fmt"
	"math"
	"strings"
)

// splitmix returns a well-mixed seed for work item i.
func splitmix(seed uint64, i int) uint64 {
	z := seed + uint64(i+1)*0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// meanStd returns the mean and the sample standard deviation.
func meanStd(x []float64) (m, s float64) {
	if len(x) == 0 {
		return math.NaN(), math.NaN()
	}
	for _, v := range x {
		m += v
	}
	m /= float64(len(x))
	if len(x) < 2 {
		return m, 0
	}
	for _, v := range x {
		s += (v - m) * (v - m)
	}
	return m, math.Sqrt(s / float64(len(x)-1))
}

// pm formats mean ± std.
func pm(m, s float64) string { return fmt.Sprintf("%.4g ± %.2g", m, s) }

// checkRange reports an error unless v is in [lo, hi].
func checkRange(name string, v, lo, hi float64) error {
	if !(v >= lo && v <= hi) {
		return fmt.Errorf("%s: %v is not in [%g, %g]", name, v, lo, hi)
	}
	return nil
}

// checkInt reports an error unless v is in [lo, hi].
func checkInt(name string, v, lo, hi int) error {
	if v < lo || v > hi {
		return fmt.Errorf("%s: %d is not in [%d, %d]", name, v, lo, hi)
	}
	return nil
}

// joinFloats formats a list.
func joinFloats(x []float64) string {
	s := make([]string, len(x))
	for i, v := range x {
		s[i] = fmt.Sprintf("%g", v)
	}
	return strings.Join(s, ", ")
}
