package forecasttest

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/emergo/emergo/forecast"
	"github.com/emergo/emergo/system"
)

// recorder collects the failures of a suite run; Fatalf stops the run.
type recorder struct{ errs []string }

type fatal struct{}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}
func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	panic(fatal{})
}

func runRecorded(name string) (errs []string) {
	r := &recorder{}
	defer func() {
		if p := recover(); p != nil {
			if _, ok := p.(fatal); !ok {
				panic(p)
			}
		}
		errs = r.errs
	}()
	run(r, name, forecast.Spec{Seed: 1})
	return r.errs
}

// Faulty models: each wraps the real NVAR and breaks one rule.
type faulty struct {
	*forecast.NVAR
	name string
	kind string
	n    int // calls, for the non-deterministic model
}

func (m *faulty) Name() string { return m.name }

func (m *faulty) Fit(ctx context.Context, train, val *forecast.Block) error {
	if m.kind == "nan" {
		clean := &forecast.Block{Rows: train.Rows, Dim: train.Dim, X: append([]float64(nil), train.X...)}
		for i, v := range clean.X {
			if math.IsNaN(v) {
				clean.X[i] = 0
			}
		}
		train = clean
	}
	return m.NVAR.Fit(ctx, train, val)
}

func (m *faulty) Predict(c *forecast.Block, h int) (*forecast.Block, error) {
	p, err := m.NVAR.Predict(c, h)
	if err != nil {
		return p, err
	}
	switch m.kind {
	case "mutate":
		c.X[0]++
	case "random":
		m.n++
		p.X[0] += 1e-9 * float64(m.n)
	case "shape":
		p.X = append(p.X, p.X[:p.Dim]...)
		p.Rows++
	}
	return p, nil
}

func (m *faulty) Dynamics(c *forecast.Block) (system.System, error) {
	sys, err := m.NVAR.Dynamics(c)
	if err != nil {
		return nil, err
	}
	return &wrapSys{System: sys, kind: m.kind}, nil
}

// wrapSys forwards to an NVAR dynamics system, breaking its output or
// its Jacobian.
type wrapSys struct {
	system.System
	kind string
}

func (s *wrapSys) IsDiscrete() bool { return true }
func (s *wrapSys) Reset()           { s.System.(system.Resetter).Reset() }
func (s *wrapSys) Eval(dst, x []float64, t float64) {
	s.System.(system.Field).Eval(dst, x, t)
}
func (s *wrapSys) Jacobian(dst, x []float64, t float64) {
	s.System.(system.Jacobianer).Jacobian(dst, x, t)
	if s.kind == "jacobian" {
		dst[len(dst)-1] *= 1.01
	}
}
func (s *wrapSys) Output(dst, state []float64) []float64 {
	o := s.System.(forecast.Outputter).Output(dst, state)
	if s.kind == "output" {
		o[0] += 1e-6
	}
	return o
}

var faults = map[string]string{
	"mutate":   "modified its context",
	"random":   "differs",
	"nan":      "NaN at row 17",
	"shape":    "Predict returned",
	"output":   "Dynamics after 0 steps",
	"jacobian": "Jacobian",
}

func init() {
	for kind := range faults {
		name := "faulty_" + kind
		forecast.Register(forecast.Entry{
			Info: forecast.Info{Name: name, Family: "test"},
			Build: func(h map[string]float64, seed uint64) (forecast.Forecaster, error) {
				m, err := forecast.New("nvar", forecast.Spec{Seed: seed})
				if err != nil {
					return nil, err
				}
				return &faulty{NVAR: m.(*forecast.NVAR), name: name, kind: kind}, nil
			},
		})
	}
}

// The suite passes the real models and catches each broken rule.
func TestSuiteDetectsFaults(t *testing.T) {
	for _, name := range []string{"nvar", "ridge", "esn", "persistence", "mean"} {
		if errs := runRecorded(name); len(errs) > 0 {
			t.Errorf("%s: unexpected failures %q", name, errs)
		}
	}
	for kind, want := range faults {
		errs := runRecorded("faulty_" + kind)
		found := false
		for _, e := range errs {
			found = found || strings.Contains(e, want)
		}
		if !found {
			t.Errorf("faulty_%s: failures %q, want one containing %q", kind, errs, want)
		}
	}
}

// Data is deterministic for a seed and has the documented AR(2) and
// sine structure.
func TestData(t *testing.T) {
	a, b := Data(500, 3), Data(500, 3)
	if !sameBits(a.X, b.X) {
		t.Fatal("Data is not deterministic")
	}
	if c := Data(500, 4); sameBits(a.X, c.X) {
		t.Fatal("Data ignores the seed")
	}
	// The residual of the AR(2) recursion has standard deviation 0.1.
	var ss float64
	for i := 2; i < a.Rows; i++ {
		e := a.X[2*i] - 1.5*a.X[2*(i-1)] + 0.75*a.X[2*(i-2)]
		ss += e * e
	}
	if sd := math.Sqrt(ss / float64(a.Rows-2)); math.Abs(sd-0.1) > 0.01 {
		t.Errorf("AR(2) innovation sd %.4f, want 0.1", sd)
	}
}
