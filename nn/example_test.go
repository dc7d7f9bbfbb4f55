package nn_test

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/emergo/emergo/nn"
)

// Fit y = 2x - 1 with one dense unit: the learned weight and bias
// approach 2 and -1.
func Example() {
	rng := rand.New(rand.NewPCG(1, 1))
	ps := nn.NewParams()
	lin := nn.NewDense(ps, "lin", 1, 1, nn.Identity, rng)
	x := []float32{-1, -0.5, 0, 0.5, 1, 1.5}
	y := make([]float32, len(x))
	for i, v := range x {
		y[i] = 2*v - 1
	}
	tr := nn.NewTrainer(ps, nn.NewAdam(ps, nil), nn.ConstantLR(0.05), 1)
	_, err := tr.Fit(context.Background(), nn.Objective{
		Batches: 1,
		Loss: func(tp *nn.Tape, _ int) *nn.Tensor {
			return tp.MSE(lin.Forward(tp, tp.Const(x, 6, 1)), tp.Const(y, 6, 1))
		},
	}, 500)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("w = %.3f, b = %.3f\n", lin.W.Data[0], lin.B.Data[0])
	// Output: w = 2.000, b = -1.000
}

// Tape basics: the gradient of Σ(a·b) with respect to a is b.
func ExampleTape_Backward() {
	tp := nn.NewTape()
	a := tp.Var([]float32{1, 2, 3}, 3)
	b := tp.Const([]float32{4, 5, 6}, 3)
	loss := tp.Sum(tp.Mul(a, b))
	tp.Backward(loss)
	fmt.Println(loss.Item(), a.Grad)
	// Output: 32 [4 5 6]
}
