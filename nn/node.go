package nn

import (
	"github.com/emergo/emergo/nn/internal/par"
)

type opcode uint8

const (
	opCustom opcode = iota
	opMatMul
	opBatchMatMul
	opLinear
	opBinary
	opAddScalar
	opMulScalar
	opUnary
	opSoftmax
	opLogSoftmax
	opLayerNorm
	opSum
	opSumAxis
	opReshape
	opTranspose
	opConcat
	opSlice
	opDropout
	opLoss
	opGaussNLL
	opAttention
	opGRU
	opLSTM
)

// node is one recorded operation. Fields are generic slots whose meaning
// depends on op; ins keeps its capacity across Reset.
type node struct {
	op         opcode
	out        *Tensor
	a, b, c, d *Tensor
	e, f       *Tensor
	ins        []*Tensor
	i          [6]int
	x          [3]float32
	flag       [2]bool
	aux, aux2  []float32
	aux3       []float32
	custom     CustomOp
}

// record appends a node producing out and marks out as requiring
// gradients.
func (tp *Tape) record(op opcode, out *Tensor) *node {
	out.needGrad = true
	k := len(tp.nodes)
	if k < cap(tp.nodes) {
		tp.nodes = tp.nodes[:k+1]
	} else {
		tp.nodes = append(tp.nodes, node{})
	}
	n := &tp.nodes[k]
	ins := n.ins[:0]
	*n = node{op: op, out: out, ins: ins}
	out.node = int32(k + 1)
	return n
}

func (n *node) backward(tp *Tape) {
	switch n.op {
	case opCustom:
		n.custom.Backward(tp, n.out)
	case opMatMul:
		tp.matMulBackward(n)
	case opBatchMatMul:
		tp.batchMatMulBackward(n)
	case opLinear:
		tp.linearBackward(n)
	case opBinary:
		tp.binaryBackward(n)
	case opAddScalar:
		tp.addGrad(n.a, n.out.Grad)
	case opMulScalar:
		tp.mulScalarBackward(n)
	case opUnary:
		tp.unaryBackward(n)
	case opSoftmax, opLogSoftmax:
		tp.softmaxBackward(n)
	case opLayerNorm:
		tp.layerNormBackward(n)
	case opSum:
		tp.sumBackward(n)
	case opSumAxis:
		tp.sumAxisBackward(n)
	case opReshape:
		tp.reshapeBackward(n)
	case opTranspose:
		tp.transposeBackward(n)
	case opConcat:
		tp.concatBackward(n)
	case opSlice:
		tp.sliceBackward(n)
	case opDropout:
		tp.dropoutBackward(n)
	case opLoss:
		tp.lossBackward(n)
	case opGaussNLL:
		tp.gaussNLLBackward(n)
	case opAttention:
		tp.attentionBackward(n)
	case opGRU:
		tp.gruBackward(n)
	case opLSTM:
		tp.lstmBackward(n)
	default:
		panic("nn: unknown op in backward")
	}
}

// parMinWork is the amount of scalar work below which elementwise loops
// stay on one goroutine.
const parMinWork = 1 << 15

// overSplit is how many pieces per worker parallel loops are cut into:
// pieces are taken dynamically, so when another process delays one of our
// threads the others take over its share instead of waiting. Pieces are
// disjoint and every element is computed the same way in any piece, so
// the split never changes results.
const overSplit = 4

// ewKind selects the loop an ewJob runs.
type ewKind uint8

const (
	ewUnaryFwd ewKind = iota
	ewUnaryBwd
	ewBiasAct
	ewActBwd
	ewColSum
	ewSoftmax
	ewSoftmaxBwd
	ewLayerNorm
	ewLayerNormBwd
	ewLayerNormParamBwd
)

// ewJob is the parallel job behind elementwise and row-wise loops. Each
// piece handles a contiguous range of elements, rows or columns, and
// writes only its own range, so results do not depend on the split.
type ewJob struct {
	kind          ewKind
	n, parts      int
	cols          int
	act           Activation
	unary         unaryKind
	fresh, flag   bool
	x0, x1        float32
	a, b, c, d, e []float32
}

func (j *ewJob) Do(i int) {
	lo, hi := par.Split(j.n, j.parts, i)
	if lo < hi {
		j.run(lo, hi)
	}
}

func (j *ewJob) run(lo, hi int) {
	switch j.kind {
	case ewUnaryFwd:
		unaryForward(j.unary, j.a[lo:hi], j.b[lo:hi], j.x0)
	case ewUnaryBwd:
		unaryGrad(j.unary, j.a[lo:hi], j.b[lo:hi], j.c[lo:hi], j.d[lo:hi], j.fresh, j.x0)
	case ewBiasAct:
		biasAct(j.a[lo*j.cols:hi*j.cols], j.b, j.c[lo*j.cols:hi*j.cols], j.cols, j.act)
	case ewActBwd:
		var pre []float32
		if j.a != nil {
			pre = j.a[lo:hi]
		}
		actGrad(j.act, pre, j.b[lo:hi], j.c[lo:hi], j.d[lo:hi])
	case ewColSum:
		colSum(j.a, j.b, j.cols, lo, hi)
	case ewSoftmax:
		softmaxRows(j.a[lo*j.cols:hi*j.cols], j.b[lo*j.cols:hi*j.cols], j.cols, j.flag)
	case ewSoftmaxBwd:
		softmaxRowsBackward(j.a[lo*j.cols:hi*j.cols], j.b[lo*j.cols:hi*j.cols], j.c[lo*j.cols:hi*j.cols], j.cols, j.fresh, j.flag)
	case ewLayerNorm:
		layerNormRows(j, lo, hi)
	case ewLayerNormBwd:
		layerNormRowsBackward(j, lo, hi)
	case ewLayerNormParamBwd:
		layerNormParamBackward(j, lo, hi)
	}
}

// runEW runs tp.ew over n items of the given cost each, in parallel when
// the total is large.
func (tp *Tape) runEW(n, cost int) {
	runJob(&tp.ew, n, cost)
}

func runJob(j *ewJob, n, cost int) {
	j.n = n
	j.parts = 1
	if w := par.Workers(); w > 1 && n*cost >= parMinWork {
		j.parts = min(n, overSplit*w, max(2, n*cost/(parMinWork/4)))
	}
	if j.parts == 1 {
		if n > 0 {
			j.run(0, n)
		}
	} else {
		par.Run(j.parts, j)
	}
	j.a, j.b, j.c, j.d, j.e = nil, nil, nil, nil, nil
}

// colSum adds the column sums of the rows×cols matrix a into dst for
// columns [lo, hi), rows in order.
func colSum(dst, a []float32, cols, lo, hi int) {
	rows := len(a) / cols
	d := dst[lo:hi]
	for r := 0; r < rows; r++ {
		row := a[r*cols+lo : r*cols+hi]
		row = row[:len(d)]
		for j, v := range row {
			d[j] += v
		}
	}
}

// addColSums adds the column sums of the rows×cols matrix a into dst.
func (tp *Tape) addColSums(dst, a []float32, cols int) {
	j := &tp.ew
	j.kind, j.a, j.b, j.cols = ewColSum, dst, a, cols
	tp.runEW(cols, len(a)/cols)
}
