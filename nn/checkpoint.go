package nn

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/emergo/emergo/nn/safetensors"
)

// Checkpoint is a set of named float32 tensors with string metadata,
// stored as a safetensors file. Parameters are saved under their own
// names, so the file loads directly in other safetensors readers
// (PyTorch, NumPy); optimizer state goes under "optim.*/<name>", the best
// parameters of early stopping under "best/<name>", and the engine's own
// metadata under keys starting with "nn.". Hyperparameters of a model
// belong in Metadata under other keys.
type Checkpoint struct {
	Tensors  map[string]*Tensor
	Metadata map[string]string
}

// NewCheckpoint returns an empty checkpoint.
func NewCheckpoint() *Checkpoint {
	return &Checkpoint{Tensors: map[string]*Tensor{}, Metadata: map[string]string{}}
}

// Put stores a copy of data with the given shape under name.
func (ck *Checkpoint) Put(name string, data []float32, shape ...int) {
	ck.Tensors[name] = NewTensor(append([]float32(nil), data...), shape...)
}

// load copies the named tensor into dst after checking its shape.
func (ck *Checkpoint) load(name string, dst []float32, shape []int) error {
	t, ok := ck.Tensors[name]
	if !ok {
		return fmt.Errorf("nn: checkpoint has no tensor %q", name)
	}
	if !equalInts(t.Shape(), shape) {
		return fmt.Errorf("nn: checkpoint tensor %q has shape %v, want %s", name, t.Shape(), fmtShape(shape))
	}
	copy(dst, t.Data)
	return nil
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// SaveParams stores every parameter under its name (with prefix).
func (ck *Checkpoint) SaveParams(ps *Params, prefix string) {
	for _, p := range ps.List() {
		ck.Put(prefix+p.Name, p.Data, p.Shape()...)
	}
}

// LoadParams loads every parameter from the tensor of the same name (with
// prefix). Missing tensors and shape mismatches are errors; parameters are
// left unchanged unless all of them load.
func (ck *Checkpoint) LoadParams(ps *Params, prefix string) error {
	for _, p := range ps.List() {
		t, ok := ck.Tensors[prefix+p.Name]
		if !ok {
			return fmt.Errorf("nn: checkpoint has no parameter %q", prefix+p.Name)
		}
		if !equalInts(t.Shape(), p.Shape()) {
			return fmt.Errorf("nn: checkpoint parameter %q has shape %v, model has %v", prefix+p.Name, t.Shape(), p.Shape())
		}
	}
	for _, p := range ps.List() {
		copy(p.Data, ck.Tensors[prefix+p.Name].Data)
	}
	return nil
}

// WriteTo writes the checkpoint in safetensors format.
func (ck *Checkpoint) WriteTo(w io.Writer) (int64, error) {
	names := make([]string, 0, len(ck.Tensors))
	for n := range ck.Tensors {
		names = append(names, n)
	}
	sort.Strings(names)
	ts := make([]safetensors.Tensor, len(names))
	for i, n := range names {
		t := ck.Tensors[n]
		ts[i] = safetensors.F32(n, t.Data, t.Shape()...)
	}
	cw := &countWriter{w: w}
	err := safetensors.Write(cw, ts, ck.Metadata)
	return cw.n, err
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// ReadCheckpoint reads a safetensors checkpoint. Tensors of dtypes other
// than F32 are an error.
func ReadCheckpoint(r io.Reader) (*Checkpoint, error) {
	f, err := safetensors.Read(r)
	if err != nil {
		return nil, err
	}
	ck := NewCheckpoint()
	for k, v := range f.Metadata {
		ck.Metadata[k] = v
	}
	for i := range f.Tensors {
		st := &f.Tensors[i]
		vals, err := st.Float32s(nil)
		if err != nil {
			return nil, err
		}
		ck.Tensors[st.Name] = NewTensor(vals, st.Shape...)
	}
	return ck, nil
}

// Save writes the checkpoint to a file (via a temporary file renamed into
// place, so a crash never leaves a truncated checkpoint).
func (ck *Checkpoint) Save(path string) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	if _, err := ck.WriteTo(bw); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, path)
}

// LoadCheckpoint reads a checkpoint file.
func LoadCheckpoint(path string) (*Checkpoint, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	ck, err := ReadCheckpoint(bufio.NewReader(f))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return ck, nil
}

// checkUserMeta rejects user metadata keys reserved for the engine.
func checkUserMeta(meta map[string]string) error {
	for k := range meta {
		if strings.HasPrefix(k, "nn.") {
			return fmt.Errorf("nn: metadata key %q uses the reserved prefix \"nn.\"", k)
		}
	}
	return nil
}
