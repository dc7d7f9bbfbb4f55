package nn

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestTapeReuse: rebuilding the same graph after Reset reuses the arena
// (its size stops changing) and gives identical values; NoGrad records
// nothing and marks nothing as requiring gradients.
func TestTapeReuse(t *testing.T) {
	rng := rand.New(rand.NewPCG(70, 1))
	ps := NewParams()
	d := NewDense(ps, "d", 8, 4, GELU, rng)
	x := make([]float32, 16*8)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	tp := NewTape()
	var first []float32
	var size int
	for step := 0; step < 4; step++ {
		tp.Reset()
		y := d.Forward(tp, tp.Const(x, 16, 8))
		tp.Backward(tp.Mean(y))
		if step == 0 {
			first = append(first, y.Data...)
		} else {
			for i := range first {
				if y.Data[i] != first[i] {
					t.Fatal("values changed between identical steps")
				}
			}
		}
		if step == 2 {
			size = tp.ArenaSize()
		}
		if step == 3 && tp.ArenaSize() != size {
			t.Fatalf("arena grew from %d to %d in steady state", size, tp.ArenaSize())
		}
	}
	tp.Reset()
	tp.NoGrad = true
	y := d.Forward(tp, tp.Var(x, 16, 8))
	if tp.Len() != 0 || y.RequiresGrad() {
		t.Fatalf("NoGrad recorded %d nodes (requires grad %v)", tp.Len(), y.RequiresGrad())
	}
}

func TestMisusePanics(t *testing.T) {
	tp := NewTape()
	a := tp.Var([]float32{1, 2, 3, 4}, 2, 2)
	cases := map[string]func(){
		"backward of non-scalar": func() { tp.Backward(tp.Mul(a, a)) },
		"matmul shapes":          func() { tp.MatMul(a, tp.Const([]float32{1, 2, 3}, 3, 1), false, false) },
		"const size":             func() { tp.Const([]float32{1, 2}, 3) },
		"reshape size":           func() { tp.Reshape(a, 3, -1) },
		"axis":                   func() { tp.SumAxis(a, 2) },
		"slice range":            func() { tp.Slice(a, 0, 1, 3) },
		"heads":                  func() { tp.AttentionQKV(tp.Const(make([]float32, 2*3*9), 2, 3, 9), 2, false) },
		"duplicate param":        func() { ps := NewParams(); ps.Add("w", 1); ps.Add("w", 1) },
		"negative dim":           func() { Zeros(2, -1) },
	}
	for name, f := range cases {
		func() {
			defer func() {
				r := recover()
				if r == nil {
					t.Errorf("%s: no panic", name)
				} else if s, ok := r.(string); ok && !strings.HasPrefix(s, "nn: ") {
					t.Errorf("%s: panic message %q lacks the package prefix", name, s)
				}
			}()
			f()
		}()
	}
}
