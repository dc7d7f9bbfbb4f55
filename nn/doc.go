// Package nn is emergo's training engine: float32 tensors, reverse-mode
// automatic differentiation on a tape, neural-network layers, losses,
// optimizers, learning-rate schedules, a training loop with hooks, early
// stopping and divergence detection, and safetensors checkpoints that
// resume training bit for bit. The forecasting models of package forecast
// are built on it.
//
// # Tensors and the tape
//
// A Tensor is a dense row-major float32 array with up to six axes
// (Shape, Dim, Size; rank 0 is a scalar). Every operation is a method of a
// Tape and returns a new tensor whose memory belongs to the tape:
//
//	tp := nn.NewTape()
//	x := tp.Const(data, batch, 64)   // a copy of data, shape [batch, 64]
//	h := layer.Forward(tp, x)        // layers call tape operations
//	loss := tp.MSE(h, tp.Const(target, batch, 16))
//	ps.ZeroGrad()
//	tp.Backward(loss)                // gradients land in each Param's Grad
//	opt.Step(lr)
//	tp.Reset()                       // recycle every buffer for the next step
//
// Operations compute their result immediately. When an input requires
// gradients (a parameter, a Tape.Var, or a result computed from one) the
// tape records a node; Backward runs the nodes in reverse and accumulates
// ∂loss/∂x into the Grad of every tensor that requires it. Reset forgets
// the nodes and recycles all result and gradient buffers (one arena slab,
// pooled tensor and node records), so a training step that builds the
// same graph every time allocates nothing once the arena has grown (the
// first step or two): results of a step are invalid after Reset, so copy
// out what must be kept. Set Tape.NoGrad for inference (no nodes are
// recorded) and Tape.Training for training-only behaviour (dropout, drawn
// from Tape.Rand). A Tape is used by one goroutine; separate models may
// train concurrently on separate tapes.
//
// Operations: MatMul (matrix, rows-times-matrix and batched, with
// transposes), Linear (x·W + b with a fused activation), Add, Sub, Mul,
// Div (NumPy broadcasting), AddScalar, MulScalar, Neg, ReLU, GELU, Tanh,
// Sigmoid, Exp, Log, Square, Sqrt, Abs, ClampMin, Softmax and LogSoftmax
// (last axis, stable), LayerNorm, Sum, Mean, SumAxis, MeanAxis, Reshape,
// Transpose (last two axes), Concat, Slice, Dropout (seeded), the losses
// MSE, MAE, Huber and GaussianNLL (mean and log-variance heads),
// Attention and AttentionQKV (multi-head scaled dot-product attention with
// an optional causal mask, read in place from packed projections), and
// the fused recurrences GRU and LSTM (all time steps in one node: the
// input projection is one product, each step one product and a fused
// elementwise cell, and the weight gradients one product each over all
// steps). GELU is the tanh approximation ½x(1 + tanh(√(2/π)(x +
// 0.044715x³))), PyTorch's GELU(approximate="tanh"). New operations can
// be added from outside with Tape.New, Tape.Record and a CustomOp.
//
// Misuse — mismatched shapes, an axis out of range, Backward of a
// non-scalar — panics with a message naming the shapes. Numerical and I/O
// outcomes are errors: a diverged training run (*DivergedError), a
// malformed checkpoint.
//
// # Layers and parameters
//
// Layers register their parameters in a Params collection under
// dot-separated names ("enc.ff1.weight"), which optimizers update and
// checkpoints save: Dense (also the embedding and patch projection),
// LayerNorm, GRU and LSTM (batched over sequences, unrolled over time,
// returning all hidden states and the last), MultiHeadAttention (optional
// causal mask), TransformerBlock (pre-norm: LN → attention → residual →
// LN → GELU feed-forward → residual), Sinusoidal and LearnedPositional
// encodings, and Sequential to chain Layers. Initialisation is seeded by
// the caller's *rand.Rand (math/rand/v2): Glorot-uniform or He-normal for
// dense weights, orthogonal per gate for recurrent weights, forget-gate
// bias 1 for LSTMs.
//
// # Training
//
// Optimizers (SGD with momentum, Adam, AdamW with decoupled weight decay)
// follow PyTorch's arithmetic. Schedules give the learning rate of each
// step (ConstantLR, CosineWarmup). Params.ClipGradNorm clips the global
// gradient norm. A Trainer runs the loop over an Objective: per batch it
// builds the loss on its tape, backpropagates, clips, steps the optimizer
// and calls Hooks.OnStep; per epoch it validates, keeps the best
// parameters, stops early after Patience epochs without improvement and
// calls Hooks.OnEpoch (progress bars, logging and checkpointing attach
// there). A non-finite loss, or one above DivergenceFactor times the first
// step's, stops training with a *DivergedError naming the step and leaves
// the last good parameters.
//
// # Checkpoints
//
// Checkpoint reads and writes the safetensors format (package
// nn/safetensors): parameters under their names, so the file also loads
// in PyTorch or NumPy, optimizer state under "optim.*", the best
// parameters under "best/", and string metadata for hyperparameters.
// Trainer.Checkpoint captures the whole training state — parameters,
// Adam moments and step count, the generator state, schedule position and
// early-stopping counters — and Trainer.Restore resumes it; a resumed run
// is bit-identical to one that never stopped.
//
// # Determinism and performance
//
// The same seed gives bit-identical results on a given machine and build.
// Parallel kernels split work into disjoint pieces and never reduce
// floating-point values across goroutines; the native matrix product and
// the vectorised elementwise kernels compute every element the same way
// wherever a split puts it, so results do not even depend on the number
// of cores. Matrix products go through package nn/gemm: pure Go with an
// AVX2/FMA assembly micro-kernel by default (the portable Go kernel with
// -tags purego or without AVX2), or OpenBLAS with -tags openblas (cgo,
// Debian's libopenblas-dev). Large elementwise and row-wise loops are
// split over GOMAXPROCS goroutines, small ones stay on the caller. The
// benchmarks in bench_test.go and the comparison with PyTorch in
// bench/nn/compare.sh time a training step of three reference models
// (package nn/refbench).
//
// # Example
//
//	rng := rand.New(rand.NewPCG(seed, 1))
//	ps := nn.NewParams()
//	net := nn.Sequential{
//		nn.NewDense(ps, "fc1", 64, 256, nn.ReLU, rng),
//		nn.NewDense(ps, "fc2", 256, 16, nn.Identity, rng),
//	}
//	tr := nn.NewTrainer(ps, nn.NewAdamW(ps, nil),
//		nn.CosineWarmup{Peak: 1e-3, Final: 1e-5, Warmup: 100, Total: 5000}, seed)
//	tr.ClipNorm, tr.Patience = 1, 10
//	tr.Hooks.OnEpoch = func(epoch int, train, val float64) error {
//		ck, err := tr.Checkpoint(map[string]string{"hidden": "256"})
//		if err != nil {
//			return err
//		}
//		return ck.Save("model.safetensors")
//	}
//	hist, err := tr.Fit(ctx, nn.Objective{
//		Batches: nBatches,
//		Shuffle: true,
//		Loss: func(tp *nn.Tape, b int) *nn.Tensor {
//			x, y := batch(b) // []float32 of shapes [B, 64] and [B, 16]
//			return tp.MSE(net.Forward(tp, tp.Const(x, B, 64)), tp.Const(y, B, 16))
//		},
//		Validate: func(tp *nn.Tape) float64 {
//			return float64(tp.MSE(net.Forward(tp, tp.Const(xVal, nVal, 64)), tp.Const(yVal, nVal, 16)).Item())
//		},
//	}, 200)
//
// References:
//
//	A. Griewank and A. Walther, Evaluating Derivatives, 2nd ed., SIAM
//	(2008) (reverse-mode differentiation).
//	K. Goto and R. A. van de Geijn, "Anatomy of high-performance matrix
//	multiplication", ACM Trans. Math. Softw. 34(3), 12 (2008).
//	D. P. Kingma and J. Ba, "Adam: a method for stochastic optimization",
//	ICLR (2015).
//	A. Vaswani et al., "Attention is all you need", NeurIPS 30 (2017).
package nn
