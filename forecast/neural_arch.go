package forecast

import (
	"fmt"
	"math/rand/v2"

	"github.com/emergo/emergo/nn"
)

// arch is one neural architecture: its parameters on the nn tape for
// training, and its float64 copy for inference. All architectures map a
// window of w standardised rows (oldest first) to the next k rows.
type arch interface {
	// build registers the parameters for dim columns, initialised from rng.
	build(ps *nn.Params, dim int, rng *rand.Rand)
	// span is the number of consecutive rows one training sample uses.
	span() int
	// shapes gives the input and target tensor shapes of b samples.
	shapes(b int) (x, y []int)
	// fill writes the inputs and targets of the samples starting at the
	// rows idx of the standardised series zs (n×dim), the inputs
	// perturbed by nz; with increment the targets are relative to the
	// (perturbed) last input row (see Neural).
	fill(x, y, zs []float32, idx []int, nz *noiser)
	// forward builds the prediction (shape of the targets) on tp.
	forward(tp *nn.Tape, x *nn.Tensor) *nn.Tensor
	// compile copies the trained weights into the float64 network.
	compile()
	// newWork returns scratch space for next and represent.
	newWork() any
	// next writes the k standardised rows (k×dim) that follow the
	// standardised window win (w×dim) into dst.
	next(dst, win []float64, ws any)
	// repDim is the length of a representation; represent writes the
	// representation of the window win into dst.
	repDim() int
	represent(dst, win []float64, ws any)
}

// noiser adds Gaussian noise of standard deviation sd to training
// inputs (nil or sd = 0: none), drawn from the trainer's generator so that
// runs are reproducible.
type noiser struct {
	sd  float32
	rng *rand.Rand
}

func (nz *noiser) perturb(x []float32) {
	if nz == nil || nz.sd == 0 {
		return
	}
	for i := range x {
		x[i] += nz.sd * float32(nz.rng.NormFloat64())
	}
}

// netCfg is what every architecture shares.
type netCfg struct {
	w, k, dim int
	inc       bool // predict relative to the last row of the window
}

// mlpArch flattens the window into w·dim inputs, applies `layers` GELU
// layers of width `hidden`, and a linear layer to the next row.
type mlpArch struct {
	netCfg
	hidden, layers int
	hid            []*nn.Dense
	out            *nn.Dense
	hid64          []dense64
	out64          dense64
}

func (a *mlpArch) build(ps *nn.Params, dim int, rng *rand.Rand) {
	a.dim = dim
	in := a.w * dim
	a.hid = nil
	for l := 0; l < a.layers; l++ {
		a.hid = append(a.hid, nn.NewDense(ps, fmt.Sprintf("mlp.hidden%d", l), in, a.hidden, nn.GELU, rng))
		in = a.hidden
	}
	a.out = nn.NewDense(ps, "mlp.out", in, dim, nn.Identity, rng)
}

func (a *mlpArch) span() int { return a.w + 1 }

func (a *mlpArch) shapes(b int) (x, y []int) { return []int{b, a.w * a.dim}, []int{b, a.dim} }

func (a *mlpArch) fill(x, y, zs []float32, idx []int, nz *noiser) {
	w, d := a.w, a.dim
	for b, i := range idx {
		xb := x[b*w*d : (b+1)*w*d]
		copy(xb, zs[i*d:(i+w)*d])
		nz.perturb(xb)
		for j := 0; j < d; j++ {
			v := zs[(i+w)*d+j]
			if a.inc {
				v -= xb[(w-1)*d+j]
			}
			y[b*d+j] = v
		}
	}
}

func (a *mlpArch) forward(tp *nn.Tape, x *nn.Tensor) *nn.Tensor {
	for _, l := range a.hid {
		x = l.Forward(tp, x)
	}
	return a.out.Forward(tp, x)
}

func (a *mlpArch) compile() {
	a.hid64 = a.hid64[:0]
	for _, l := range a.hid {
		a.hid64 = append(a.hid64, newDense64(l))
	}
	a.out64 = newDense64(a.out)
}

// mlpWork holds the pre-activations and activations of every layer.
type mlpWork struct {
	pre, act [][]float64
	g, gn    []float64
}

func (a *mlpArch) newWork() any {
	ws := &mlpWork{}
	for range a.hid64 {
		ws.pre = append(ws.pre, make([]float64, a.hidden))
		ws.act = append(ws.act, make([]float64, a.hidden))
	}
	ws.g = make([]float64, max(a.hidden, a.w*a.dim))
	ws.gn = make([]float64, max(a.hidden, a.w*a.dim))
	return ws
}

// hiddenPass runs the hidden layers on the flattened window.
func (a *mlpArch) hiddenPass(win []float64, ws *mlpWork) []float64 {
	x := win
	for l := range a.hid64 {
		a.hid64[l].pre(ws.pre[l], x)
		act := ws.act[l]
		for i, v := range ws.pre[l] {
			act[i] = gelu64(v)
		}
		x = act
	}
	return x
}

func (a *mlpArch) next(dst, win []float64, wsAny any) {
	ws := wsAny.(*mlpWork)
	h := a.hiddenPass(win, ws)
	a.out64.apply(dst, h)
	if a.inc {
		last := win[(a.w-1)*a.dim:]
		for j := 0; j < a.dim; j++ {
			dst[j] += last[j]
		}
	}
}

func (a *mlpArch) repDim() int { return a.hidden }

func (a *mlpArch) represent(dst, win []float64, wsAny any) {
	copy(dst, a.hiddenPass(win, wsAny.(*mlpWork)))
}

// jacobian writes ∂next_i/∂win_q (dim × w·dim, row-major) at win, by
// reverse-mode differentiation of the float64 network.
func (a *mlpArch) jacobian(dst, win []float64, wsAny any) {
	ws := wsAny.(*mlpWork)
	a.hiddenPass(win, ws)
	n := a.w * a.dim
	for i := 0; i < a.dim; i++ {
		// Gradient of output i with respect to the last hidden activations.
		in := a.out64.in
		g := ws.g[:in]
		for q := 0; q < in; q++ {
			g[q] = a.out64.w[q*a.out64.out+i]
		}
		for l := len(a.hid64) - 1; l >= 0; l-- {
			lay := &a.hid64[l]
			for o, v := range ws.pre[l] {
				g[o] *= gelu64Deriv(v)
			}
			gn := ws.gn[:lay.in]
			for q := 0; q < lay.in; q++ {
				row := lay.w[q*lay.out : (q+1)*lay.out]
				var s float64
				for o, w := range row {
					s += w * g[o]
				}
				gn[q] = s
			}
			ws.g, ws.gn = ws.gn, ws.g
			g = gn
		}
		copy(dst[i*n:(i+1)*n], g[:n])
		if a.inc {
			dst[i*n+(a.w-1)*a.dim+i]++
		}
	}
}

// rnnArch runs `layers` stacked GRU or LSTM layers over the window from
// zero states; a dense head reads the top layer's hidden state. It is
// trained teacher-forced: the head predicts the next row from the state
// at every position of the window (w targets per sample), and forecasts
// from the state after the last row.
type rnnArch struct {
	netCfg
	lstm           bool
	hidden, layers int
	grus           []*nn.GRU
	lstms          []*nn.LSTM
	head           *nn.Dense
	gru64s         []gru64
	lstm64s        []lstm64
	head64         dense64
}

func (a *rnnArch) build(ps *nn.Params, dim int, rng *rand.Rand) {
	a.dim = dim
	a.grus, a.lstms = nil, nil
	in := dim
	for l := 0; l < a.layers; l++ {
		if a.lstm {
			a.lstms = append(a.lstms, nn.NewLSTM(ps, fmt.Sprintf("lstm%d", l), in, a.hidden, rng))
		} else {
			a.grus = append(a.grus, nn.NewGRU(ps, fmt.Sprintf("gru%d", l), in, a.hidden, rng))
		}
		in = a.hidden
	}
	a.head = nn.NewDense(ps, "head", a.hidden, dim, nn.Identity, rng)
}

func (a *rnnArch) span() int { return a.w + 1 }

func (a *rnnArch) shapes(b int) (x, y []int) { return []int{b, a.w, a.dim}, []int{b, a.w, a.dim} }

func (a *rnnArch) fill(x, y, zs []float32, idx []int, nz *noiser) {
	w, d := a.w, a.dim
	for b, i := range idx {
		xb := x[b*w*d : (b+1)*w*d]
		copy(xb, zs[i*d:(i+w)*d])
		nz.perturb(xb)
		yb := y[b*w*d : (b+1)*w*d]
		copy(yb, zs[(i+1)*d:(i+1+w)*d])
		if a.inc {
			for q := range yb {
				yb[q] -= xb[q]
			}
		}
	}
}

func (a *rnnArch) forward(tp *nn.Tape, x *nn.Tensor) *nn.Tensor {
	seq := x
	for l := 0; l < a.layers; l++ {
		if a.lstm {
			seq, _, _ = a.lstms[l].Forward(tp, seq, nil, nil)
		} else {
			seq, _ = a.grus[l].Forward(tp, seq, nil)
		}
	}
	return a.head.Forward(tp, seq)
}

func (a *rnnArch) compile() {
	a.gru64s, a.lstm64s = nil, nil
	for _, g := range a.grus {
		a.gru64s = append(a.gru64s, newGRU64(g))
	}
	for _, l := range a.lstms {
		a.lstm64s = append(a.lstm64s, newLSTM64(l))
	}
	a.head64 = newDense64(a.head)
}

type rnnWork struct {
	seqA, seqB []float64 // w×H sequences of the layers
	h, c       []float64
	g1, g2     []float64
}

func (a *rnnArch) newWork() any {
	H := a.hidden
	return &rnnWork{seqA: make([]float64, a.w*H), seqB: make([]float64, a.w*H), h: make([]float64, H),
		c: make([]float64, H), g1: make([]float64, 4*H), g2: make([]float64, 4*H)}
}

// last runs the stack over win from zero states and returns the top
// layer's final hidden state.
func (a *rnnArch) last(win []float64, ws *rnnWork) []float64 {
	x := win
	for l := 0; l < a.layers; l++ {
		var seq []float64
		if l < a.layers-1 {
			seq = ws.seqA
		}
		clear(ws.h)
		if a.lstm {
			clear(ws.c)
			a.lstm64s[l].run(seq, ws.h, ws.c, x, a.w, ws.g1)
		} else {
			a.gru64s[l].run(seq, ws.h, x, a.w, ws.g1[:3*a.hidden], ws.g2[:3*a.hidden])
		}
		if seq != nil {
			x = seq
			ws.seqA, ws.seqB = ws.seqB, ws.seqA
		}
	}
	return ws.h
}

func (a *rnnArch) next(dst, win []float64, wsAny any) {
	h := a.last(win, wsAny.(*rnnWork))
	a.head64.apply(dst, h)
	if a.inc {
		last := win[(a.w-1)*a.dim:]
		for j := 0; j < a.dim; j++ {
			dst[j] += last[j]
		}
	}
}

func (a *rnnArch) repDim() int { return a.hidden }

func (a *rnnArch) represent(dst, win []float64, wsAny any) {
	copy(dst, a.last(win, wsAny.(*rnnWork)))
}

// patchArch is a PatchTST-style encoder with channel independence: each
// column of the window is a separate univariate sequence (sharing all
// weights), cut into n patches of length P with stride S aligned to the
// end of the window, each patch linearly embedded to d_model, positions
// added, `layers` pre-norm Transformer encoder blocks and a final layer
// norm applied, and the n×d_model outputs flattened into a linear head to
// the next k values of that column.
type patchArch struct {
	netCfg
	patch, stride, npatch int
	dmodel, heads, ffn    int
	layers                int
	learnedPos            bool
	dropout               float32
	embed                 *nn.Dense
	lpos                  *nn.LearnedPositional
	spos                  *nn.Sinusoidal
	blocks                []*nn.TransformerBlock
	norm                  *nn.LayerNorm
	head                  *nn.Dense
	embed64               dense64
	pos64                 []float64
	blocks64              []block64
	norm64                layerNorm64
	head64                dense64
}

// offset is the first row of the first patch: the patches end at the
// last row of the window, so that the most recent values are never cut.
func (a *patchArch) offset() int { return a.w - a.patch - (a.npatch-1)*a.stride }

func (a *patchArch) build(ps *nn.Params, dim int, rng *rand.Rand) {
	a.dim = dim
	a.embed = nn.NewDense(ps, "patch.embed", a.patch, a.dmodel, nn.Identity, rng)
	a.lpos, a.spos = nil, nil
	if a.learnedPos {
		a.lpos = nn.NewLearnedPositional(ps, "patch.pos", a.npatch, a.dmodel, rng)
	} else {
		a.spos = nn.NewSinusoidal(a.npatch, a.dmodel)
	}
	a.blocks = nil
	for l := 0; l < a.layers; l++ {
		a.blocks = append(a.blocks, nn.NewTransformerBlock(ps, fmt.Sprintf("enc%d", l),
			nn.TransformerConfig{DModel: a.dmodel, Heads: a.heads, FFN: a.ffn, Dropout: a.dropout}, rng))
	}
	a.norm = nn.NewLayerNorm(ps, "enc.norm", a.dmodel)
	a.head = nn.NewDense(ps, "head", a.npatch*a.dmodel, a.k, nn.Identity, rng)
}

func (a *patchArch) span() int { return a.w + a.k }

func (a *patchArch) shapes(b int) (x, y []int) {
	return []int{b * a.dim, a.npatch, a.patch}, []int{b * a.dim, a.k}
}

func (a *patchArch) fill(x, y, zs []float32, idx []int, nz *noiser) {
	w, d, k, P, N := a.w, a.dim, a.k, a.patch, a.npatch
	off := a.offset()
	col := make([]float32, w)
	for b, i := range idx {
		for c := 0; c < d; c++ {
			s := b*d + c
			for t := range col {
				col[t] = zs[(i+t)*d+c]
			}
			nz.perturb(col)
			for p := 0; p < N; p++ {
				copy(x[(s*N+p)*P:(s*N+p+1)*P], col[off+p*a.stride:])
			}
			base := float32(0)
			if a.inc {
				base = col[w-1]
			}
			for j := 0; j < k; j++ {
				y[s*k+j] = zs[(i+w+j)*d+c] - base
			}
		}
	}
}

func (a *patchArch) forward(tp *nn.Tape, x *nn.Tensor) *nn.Tensor {
	h := a.embed.Forward(tp, x)
	if a.learnedPos {
		h = a.lpos.Forward(tp, h)
	} else {
		h = a.spos.Forward(tp, h)
	}
	for _, b := range a.blocks {
		h = b.Forward(tp, h)
	}
	h = a.norm.Forward(tp, h)
	h = tp.Reshape(h, -1, a.npatch*a.dmodel)
	return a.head.Forward(tp, tp.Dropout(h, a.dropout))
}

func (a *patchArch) compile() {
	a.embed64 = newDense64(a.embed)
	if a.learnedPos {
		a.pos64 = f64(a.lpos.P.Data)
	} else {
		a.pos64 = f64(a.spos.Table.Data[:a.npatch*a.dmodel])
	}
	a.blocks64 = nil
	for _, b := range a.blocks {
		a.blocks64 = append(a.blocks64, newBlock64(b))
	}
	a.norm64 = newLayerNorm64(a.norm)
	a.head64 = newDense64(a.head)
}

type patchWork struct {
	patch, tok, out, y []float64
	buf                *blockBuf
}

func (a *patchArch) newWork() any {
	N, D := a.npatch, a.dmodel
	return &patchWork{patch: make([]float64, a.patch), tok: make([]float64, N*D), out: make([]float64, N*D),
		y: make([]float64, a.k), buf: newBlockBuf(N, D, a.ffn)}
}

// encode runs the encoder on column c of the window and leaves the
// normalised token outputs (npatch×d_model) in ws.out.
func (a *patchArch) encode(win []float64, c int, ws *patchWork) {
	d, D := a.dim, a.dmodel
	off := a.offset()
	for p := 0; p < a.npatch; p++ {
		for q := range ws.patch {
			ws.patch[q] = win[(off+p*a.stride+q)*d+c]
		}
		tok := ws.tok[p*D : (p+1)*D]
		a.embed64.apply(tok, ws.patch)
		for i := range tok {
			tok[i] += a.pos64[p*D+i]
		}
	}
	for l := range a.blocks64 {
		a.blocks64[l].apply(ws.tok, a.npatch, ws.buf)
	}
	a.norm64.applyRows(ws.out, ws.tok, a.npatch)
}

func (a *patchArch) next(dst, win []float64, wsAny any) {
	ws := wsAny.(*patchWork)
	d := a.dim
	for c := 0; c < d; c++ {
		a.encode(win, c, ws)
		a.head64.apply(ws.y, ws.out)
		base := 0.0
		if a.inc {
			base = win[(a.w-1)*d+c]
		}
		for j := 0; j < a.k; j++ {
			dst[j*d+c] = ws.y[j] + base
		}
	}
}

func (a *patchArch) repDim() int { return a.dim * a.dmodel }

// represent writes, for each column, the encoder output averaged over
// the patches (columns side by side).
func (a *patchArch) represent(dst, win []float64, wsAny any) {
	ws := wsAny.(*patchWork)
	D := a.dmodel
	for c := 0; c < a.dim; c++ {
		a.encode(win, c, ws)
		r := dst[c*D : (c+1)*D]
		clear(r)
		for p := 0; p < a.npatch; p++ {
			for i, v := range ws.out[p*D : (p+1)*D] {
				r[i] += v
			}
		}
		for i := range r {
			r[i] /= float64(a.npatch)
		}
	}
}
