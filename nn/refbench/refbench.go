// Package refbench builds the three reference training steps on which
// emergo's engine is benchmarked against PyTorch (bench/nn/compare.sh):
//
//   - MLP: 64-256-256-16 with ReLU, batch 256, MSE, Adam;
//   - GRU: input 16, hidden 128, sequence 32, batch 64, loss on the last
//     hidden state through a Dense head to 16 outputs, MSE, Adam;
//   - Transformer: one pre-norm encoder block, d_model 64, 4 heads, FFN
//     256 (GELU, tanh form), sequence 64, batch 32, MSE on its output,
//     Adam.
//
// Inputs and targets are fixed N(0, 1) tensors; a step is zero-grad,
// forward, loss, backward and one Adam update (lr 1e-3), the same work as
// bench/nn/torch_ref.py does in PyTorch.
package refbench

import (
	"math/rand/v2"

	"github.com/emergo/emergo/nn"
)

// Bench is one reference configuration ready to step.
type Bench struct {
	Name   string
	Params *nn.Params
	Tape   *nn.Tape
	opt    nn.Optimizer
	loss   func(tp *nn.Tape) *nn.Tensor
}

// Step runs one training step and returns its loss.
func (b *Bench) Step() float32 {
	tp := b.Tape
	tp.Reset()
	l := b.loss(tp)
	b.Params.ZeroGrad()
	tp.Backward(l)
	b.opt.Step(1e-3)
	return l.Item()
}

func randn(rng *rand.Rand, n int) []float32 {
	s := make([]float32, n)
	for i := range s {
		s[i] = float32(rng.NormFloat64())
	}
	return s
}

func newBench(name string, ps *nn.Params, loss func(tp *nn.Tape) *nn.Tensor) *Bench {
	return &Bench{Name: name, Params: ps, Tape: nn.NewTape(), opt: nn.NewAdam(ps, nil), loss: loss}
}

// MLP sizes.
const (
	MLPIn, MLPHidden, MLPOut, MLPBatch = 64, 256, 16, 256
)

// MLP returns the multilayer-perceptron configuration.
func MLP(seed uint64) *Bench {
	rng := rand.New(rand.NewPCG(seed, 1))
	ps := nn.NewParams()
	net := nn.Sequential{
		nn.NewDense(ps, "fc1", MLPIn, MLPHidden, nn.ReLU, rng),
		nn.NewDense(ps, "fc2", MLPHidden, MLPHidden, nn.ReLU, rng),
		nn.NewDense(ps, "fc3", MLPHidden, MLPOut, nn.Identity, rng),
	}
	x, y := randn(rng, MLPBatch*MLPIn), randn(rng, MLPBatch*MLPOut)
	return newBench("mlp", ps, func(tp *nn.Tape) *nn.Tensor {
		return tp.MSE(net.Forward(tp, tp.Const(x, MLPBatch, MLPIn)), tp.Const(y, MLPBatch, MLPOut))
	})
}

// GRU sizes.
const (
	GRUIn, GRUHidden, GRUSeq, GRUBatch, GRUOut = 16, 128, 32, 64, 16
)

// GRU returns the recurrent configuration.
func GRU(seed uint64) *Bench {
	rng := rand.New(rand.NewPCG(seed, 2))
	ps := nn.NewParams()
	g := nn.NewGRU(ps, "gru", GRUIn, GRUHidden, rng)
	head := nn.NewDense(ps, "head", GRUHidden, GRUOut, nn.Identity, rng)
	x, y := randn(rng, GRUBatch*GRUSeq*GRUIn), randn(rng, GRUBatch*GRUOut)
	return newBench("gru", ps, func(tp *nn.Tape) *nn.Tensor {
		_, last := g.Forward(tp, tp.Const(x, GRUBatch, GRUSeq, GRUIn), nil)
		return tp.MSE(head.Forward(tp, last), tp.Const(y, GRUBatch, GRUOut))
	})
}

// Transformer sizes.
const (
	TfModel, TfHeads, TfFFN, TfSeq, TfBatch = 64, 4, 256, 64, 32
)

// Transformer returns the encoder-block configuration.
func Transformer(seed uint64) *Bench {
	rng := rand.New(rand.NewPCG(seed, 3))
	ps := nn.NewParams()
	blk := nn.NewTransformerBlock(ps, "blk", nn.TransformerConfig{DModel: TfModel, Heads: TfHeads, FFN: TfFFN}, rng)
	n := TfBatch * TfSeq * TfModel
	x, y := randn(rng, n), randn(rng, n)
	return newBench("transformer", ps, func(tp *nn.Tape) *nn.Tensor {
		return tp.MSE(blk.Forward(tp, tp.Const(x, TfBatch, TfSeq, TfModel)), tp.Const(y, TfBatch, TfSeq, TfModel))
	})
}

// All returns the three configurations.
func All(seed uint64) []*Bench { return []*Bench{MLP(seed), GRU(seed), Transformer(seed)} }
