// Package safetensors reads and writes the safetensors tensor file format
// of Hugging Face (https://github.com/huggingface/safetensors):
//
//	8 bytes      N, the header length, unsigned little-endian
//	N bytes      a UTF-8 JSON object: for each tensor name
//	             {"dtype": "F32", "shape": [d0, d1, ...],
//	              "data_offsets": [begin, end]}, and optionally
//	             "__metadata__": {string: string}
//	rest         the byte buffer; a tensor's bytes are buffer[begin:end],
//	             little-endian, row-major (C order), no strides
//
// The writer orders tensors by name (all tensors it writes share one
// alignment), lays them out back to back from offset 0 and pads the header
// with spaces to a multiple of 8 bytes, as the reference implementation
// does, so files are byte-identical for the same content. The reader
// checks everything the reference checks: the header length (at most
// 100 MB and within the file), the JSON, known dtypes, each tensor's byte
// count against its dtype and shape, offsets that tile the buffer exactly
// from 0 to the end of the file, duplicate names and string-only metadata.
package safetensors

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
)

// MaxHeader is the largest header accepted (the reference's limit).
const MaxHeader = 100_000_000

// dtypeSizes lists the dtypes of the format and their element sizes.
var dtypeSizes = map[string]int{
	"BOOL": 1, "U8": 1, "I8": 1, "F8_E5M2": 1, "F8_E4M3": 1,
	"I16": 2, "U16": 2, "F16": 2, "BF16": 2,
	"I32": 4, "U32": 4, "F32": 4,
	"I64": 8, "U64": 8, "F64": 8,
}

// Tensor is one named tensor with its raw little-endian bytes.
type Tensor struct {
	Name  string
	DType string
	Shape []int
	Data  []byte
}

// F32 builds an F32 tensor from float32 values (copied). It panics when
// the number of values does not match the shape.
func F32(name string, values []float32, shape ...int) Tensor {
	n := 1
	for _, d := range shape {
		n *= d
	}
	if n != len(values) {
		panic(fmt.Sprintf("safetensors: %d values for shape %v", len(values), shape))
	}
	b := make([]byte, 4*len(values))
	for i, v := range values {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(v))
	}
	return Tensor{Name: name, DType: "F32", Shape: append([]int{}, shape...), Data: b}
}

// Float32s decodes an F32 tensor into dst (grown when too short).
func (t *Tensor) Float32s(dst []float32) ([]float32, error) {
	if t.DType != "F32" {
		return nil, fmt.Errorf("safetensors: tensor %q has dtype %s, want F32", t.Name, t.DType)
	}
	n := len(t.Data) / 4
	if cap(dst) < n {
		dst = make([]float32, n)
	}
	dst = dst[:n]
	for i := range dst {
		dst[i] = math.Float32frombits(binary.LittleEndian.Uint32(t.Data[4*i:]))
	}
	return dst, nil
}

// Len is the number of elements.
func (t *Tensor) Len() int {
	n := 1
	for _, d := range t.Shape {
		n *= d
	}
	return n
}

// File is the content of a safetensors file.
type File struct {
	Tensors  []Tensor // in order of their data offsets
	Metadata map[string]string
}

// Get returns the named tensor.
func (f *File) Get(name string) (*Tensor, bool) {
	for i := range f.Tensors {
		if f.Tensors[i].Name == name {
			return &f.Tensors[i], true
		}
	}
	return nil, false
}

// Write writes tensors and metadata (nil for none) in safetensors format.
// Names must be unique and not "__metadata__"; each tensor's byte count
// must match its dtype and shape.
func Write(w io.Writer, tensors []Tensor, metadata map[string]string) error {
	order := make([]int, len(tensors))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return tensors[order[a]].Name < tensors[order[b]].Name })
	var hdr bytes.Buffer
	hdr.WriteByte('{')
	first := true
	sep := func() {
		if !first {
			hdr.WriteByte(',')
		}
		first = false
	}
	if len(metadata) > 0 {
		keys := make([]string, 0, len(metadata))
		for k := range metadata {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		sep()
		hdr.WriteString(`"__metadata__":{`)
		for i, k := range keys {
			if i > 0 {
				hdr.WriteByte(',')
			}
			writeJSONString(&hdr, k)
			hdr.WriteByte(':')
			writeJSONString(&hdr, metadata[k])
		}
		hdr.WriteByte('}')
	}
	var off int64
	for i, idx := range order {
		t := &tensors[idx]
		if t.Name == "__metadata__" || t.Name == "" {
			return fmt.Errorf("safetensors: invalid tensor name %q", t.Name)
		}
		if i > 0 && t.Name == tensors[order[i-1]].Name {
			return fmt.Errorf("safetensors: duplicate tensor name %q", t.Name)
		}
		size, ok := dtypeSizes[t.DType]
		if !ok {
			return fmt.Errorf("safetensors: tensor %q: unknown dtype %q", t.Name, t.DType)
		}
		n := int64(1)
		for _, d := range t.Shape {
			if d < 0 {
				return fmt.Errorf("safetensors: tensor %q: negative dimension in shape %v", t.Name, t.Shape)
			}
			n *= int64(d)
		}
		if n*int64(size) != int64(len(t.Data)) {
			return fmt.Errorf("safetensors: tensor %q: %d bytes for dtype %s and shape %v", t.Name, len(t.Data), t.DType, t.Shape)
		}
		sep()
		writeJSONString(&hdr, t.Name)
		hdr.WriteString(`:{"dtype":"`)
		hdr.WriteString(t.DType)
		hdr.WriteString(`","shape":[`)
		for k, d := range t.Shape {
			if k > 0 {
				hdr.WriteByte(',')
			}
			hdr.WriteString(strconv.Itoa(d))
		}
		hdr.WriteString(`],"data_offsets":[`)
		hdr.WriteString(strconv.FormatInt(off, 10))
		hdr.WriteByte(',')
		off += int64(len(t.Data))
		hdr.WriteString(strconv.FormatInt(off, 10))
		hdr.WriteString("]}")
	}
	hdr.WriteByte('}')
	for hdr.Len()%8 != 0 {
		hdr.WriteByte(' ')
	}
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], uint64(hdr.Len()))
	if _, err := w.Write(n[:]); err != nil {
		return err
	}
	if _, err := w.Write(hdr.Bytes()); err != nil {
		return err
	}
	for _, idx := range order {
		if _, err := w.Write(tensors[idx].Data); err != nil {
			return err
		}
	}
	return nil
}

func writeJSONString(b *bytes.Buffer, s string) {
	enc, _ := json.Marshal(s) // strings always marshal
	b.Write(enc)
}

// Read parses a whole safetensors stream.
func Read(r io.Reader) (*File, error) {
	var lenBuf [8]byte
	if _, err := io.ReadFull(r, lenBuf[:]); err != nil {
		return nil, fmt.Errorf("safetensors: reading header length: %w", err)
	}
	n := binary.LittleEndian.Uint64(lenBuf[:])
	if n > MaxHeader {
		return nil, fmt.Errorf("safetensors: header of %d bytes exceeds the %d-byte limit", n, MaxHeader)
	}
	hdr := make([]byte, n)
	if _, err := io.ReadFull(r, hdr); err != nil {
		return nil, fmt.Errorf("safetensors: header of %d bytes is truncated: %w", n, err)
	}
	buf, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return parse(hdr, buf)
}

// Parse parses a safetensors file held in memory.
func Parse(data []byte) (*File, error) {
	return Read(bytes.NewReader(data))
}

type entry struct {
	DType   string  `json:"dtype"`
	Shape   []int64 `json:"shape"`
	Offsets []int64 `json:"data_offsets"`
}

func parse(hdr, buf []byte) (*File, error) {
	dec := json.NewDecoder(bytes.NewReader(hdr))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil || tok != json.Delim('{') {
		return nil, errors.New("safetensors: header is not a JSON object")
	}
	f := &File{}
	type named struct {
		name string
		e    entry
	}
	var list []named
	seen := map[string]bool{}
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("safetensors: header JSON: %v", err)
		}
		key, _ := kt.(string)
		if seen[key] {
			return nil, fmt.Errorf("safetensors: duplicate key %q in header", key)
		}
		seen[key] = true
		if key == "__metadata__" {
			var md map[string]string
			if err := dec.Decode(&md); err != nil {
				return nil, fmt.Errorf("safetensors: __metadata__ must map strings to strings: %v", err)
			}
			f.Metadata = md
			continue
		}
		var e entry
		if err := dec.Decode(&e); err != nil {
			return nil, fmt.Errorf("safetensors: tensor %q: %v", key, err)
		}
		list = append(list, named{key, e})
	}
	if _, err := dec.Token(); err != nil {
		return nil, fmt.Errorf("safetensors: header JSON: %v", err)
	}
	if rest := bytes.TrimRight(hdr[dec.InputOffset():], " "); len(rest) != 0 {
		return nil, errors.New("safetensors: trailing bytes after the header object")
	}
	sort.SliceStable(list, func(a, b int) bool {
		oa, ob := list[a].e.Offsets, list[b].e.Offsets
		if len(oa) != 2 || len(ob) != 2 {
			return len(oa) < len(ob)
		}
		return oa[0] < ob[0] || (oa[0] == ob[0] && oa[1] < ob[1])
	})
	var end int64
	for _, nt := range list {
		e := nt.e
		size, ok := dtypeSizes[e.DType]
		if !ok {
			return nil, fmt.Errorf("safetensors: tensor %q: unknown dtype %q", nt.name, e.DType)
		}
		if len(e.Offsets) != 2 {
			return nil, fmt.Errorf("safetensors: tensor %q: data_offsets must be [begin, end]", nt.name)
		}
		if e.Offsets[0] != end || e.Offsets[1] < e.Offsets[0] {
			return nil, fmt.Errorf("safetensors: tensor %q: offsets %v do not continue the buffer at %d", nt.name, e.Offsets, end)
		}
		elems := int64(1)
		shape := make([]int, len(e.Shape))
		for i, d := range e.Shape {
			if d < 0 || (d > 0 && elems > math.MaxInt64/d/int64(size)) {
				return nil, fmt.Errorf("safetensors: tensor %q: invalid shape %v", nt.name, e.Shape)
			}
			elems *= d
			shape[i] = int(d)
		}
		if elems*int64(size) != e.Offsets[1]-e.Offsets[0] {
			return nil, fmt.Errorf("safetensors: tensor %q: %d bytes for dtype %s and shape %v", nt.name, e.Offsets[1]-e.Offsets[0], e.DType, e.Shape)
		}
		end = e.Offsets[1]
		if end > int64(len(buf)) {
			return nil, fmt.Errorf("safetensors: tensor %q ends at byte %d beyond the %d-byte buffer", nt.name, end, len(buf))
		}
		f.Tensors = append(f.Tensors, Tensor{Name: nt.name, DType: e.DType, Shape: shape, Data: buf[e.Offsets[0]:end:end]})
	}
	if end != int64(len(buf)) {
		return nil, fmt.Errorf("safetensors: tensors cover %d bytes of a %d-byte buffer", end, len(buf))
	}
	return f, nil
}
