package system

import (
	"context"
	"fmt"
)

// Trajectory is a sampled trajectory: Steps observations of dimension Dim,
// stored row-major in X (row i is the state at time T[i]).
type Trajectory struct {
	Dim int
	T   []float64
	X   []float64
}

// Len is the number of samples.
func (tr *Trajectory) Len() int { return len(tr.T) }

// Row returns the i-th observation (a view into X).
func (tr *Trajectory) Row(i int) []float64 { return tr.X[i*tr.Dim : (i+1)*tr.Dim] }

// Column copies the j-th component into a new slice.
func (tr *Trajectory) Column(j int) []float64 {
	out := make([]float64, tr.Len())
	for i := range out {
		out[i] = tr.X[i*tr.Dim+j]
	}
	return out
}

// Progress receives the number of completed steps out of the total.
type Progress func(done, total int)

// SampleOptions controls Sample. The zero value takes no transient and
// reports no progress.
type SampleOptions struct {
	// Transient steps are taken and discarded before recording.
	Transient int
	// Progress, when not nil, is called about every 1% of the work.
	Progress Progress
	// Name labels divergence errors.
	Name string
}

// Sample advances sys by opt.Transient steps, then records the current
// observation followed by steps-1 further ones (steps samples in all). It
// stops with a *DivergedError when the state becomes non-finite, and with
// ctx.Err() when ctx is cancelled.
func Sample(ctx context.Context, sys System, steps int, opt *SampleOptions) (*Trajectory, error) {
	if steps < 1 {
		return nil, fmt.Errorf("sample: need at least one step, got %d", steps)
	}
	var o SampleOptions
	if opt != nil {
		o = *opt
	}
	if o.Transient < 0 {
		return nil, fmt.Errorf("sample: negative transient %d", o.Transient)
	}
	n := sys.Dim()
	total := o.Transient + steps - 1
	every := max(total/100, 1)
	done := 0
	tick := func() error {
		done++
		if done%every == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
			if o.Progress != nil {
				o.Progress(done, total)
			}
		}
		return nil
	}
	buf := make([]float64, n)
	for i := 0; i < o.Transient; i++ {
		if err := stepChecked(sys, o.Name, buf); err != nil {
			return nil, err
		}
		if err := tick(); err != nil {
			return nil, err
		}
	}
	tr := &Trajectory{Dim: n, T: make([]float64, steps), X: make([]float64, steps*n)}
	sys.State(tr.X[:n])
	if err := CheckFinite(o.Name, sys.Time(), tr.X[:n]); err != nil {
		return nil, err
	}
	tr.T[0] = sys.Time()
	for i := 1; i < steps; i++ {
		if err := stepChecked(sys, o.Name, tr.X[i*n:(i+1)*n]); err != nil {
			return nil, err
		}
		tr.T[i] = sys.Time()
		if err := tick(); err != nil {
			return nil, err
		}
	}
	if o.Progress != nil {
		o.Progress(total, total)
	}
	return tr, nil
}

func stepChecked(sys System, name string, buf []float64) error {
	if err := sys.Step(); err != nil {
		return err
	}
	sys.State(buf)
	return CheckFinite(name, sys.Time(), buf)
}
