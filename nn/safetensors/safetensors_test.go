package safetensors

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"
)

// TestReferenceExample parses the example of the reference
// implementation's documentation (huggingface/safetensors,
// safetensors/src/tensor.rs, SafeTensors::deserialize): a 60-byte header
// with one I32 tensor "test" of shape [2, 2] followed by 16 zero bytes.
func TestReferenceExample(t *testing.T) {
	hdr := `{"test":{"dtype":"I32","shape":[2,2],"data_offsets":[0,16]}}`
	var b bytes.Buffer
	binary.Write(&b, binary.LittleEndian, uint64(len(hdr)))
	b.WriteString(hdr)
	b.Write(make([]byte, 16))
	if len(hdr) != 0x3c {
		t.Fatalf("example header is %d bytes, the reference's length prefix says 60", len(hdr))
	}
	f, err := Parse(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	tt, ok := f.Get("test")
	if !ok || tt.DType != "I32" || len(tt.Shape) != 2 || tt.Shape[0] != 2 || tt.Shape[1] != 2 || len(tt.Data) != 16 {
		t.Fatalf("parsed %+v", f.Tensors)
	}
}

func TestRoundTrip(t *testing.T) {
	ts := []Tensor{
		F32("w", []float32{1, -2.5, 3e-8, 4}, 2, 2),
		F32("a.b", []float32{7}, 1),
		F32("scalar", []float32{0.5}),
		F32("empty", nil, 0, 3),
	}
	md := map[string]string{"lr": "0.001", "note": "quote \" and\nnewline", "unicode": "λ"}
	var buf bytes.Buffer
	if err := Write(&buf, ts, md); err != nil {
		t.Fatal(err)
	}
	raw := buf.Bytes()
	n := binary.LittleEndian.Uint64(raw)
	if n%8 != 0 {
		t.Errorf("header length %d is not a multiple of 8", n)
	}
	if !strings.HasPrefix(string(raw[8:]), `{"__metadata__":{`) {
		t.Errorf("header starts %q", raw[8:30])
	}
	f, err := Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range md {
		if f.Metadata[k] != v {
			t.Errorf("metadata %s = %q, want %q", k, f.Metadata[k], v)
		}
	}
	for _, w := range ts {
		g, ok := f.Get(w.Name)
		if !ok {
			t.Fatalf("missing %s", w.Name)
		}
		if !bytes.Equal(g.Data, w.Data) || len(g.Shape) != len(w.Shape) {
			t.Errorf("%s: got %v %v, want %v %v", w.Name, g.Shape, g.Data, w.Shape, w.Data)
		}
		vals, err := g.Float32s(nil)
		if err != nil || len(vals) != g.Len() {
			t.Errorf("%s: Float32s %v %v", w.Name, vals, err)
		}
	}
	// deterministic bytes
	var again bytes.Buffer
	Write(&again, []Tensor{ts[3], ts[2], ts[1], ts[0]}, md)
	if !bytes.Equal(again.Bytes(), raw) {
		t.Error("writing the same content in another order changed the bytes")
	}
}

func TestRejectsMalformed(t *testing.T) {
	good := func(hdr string, data int) []byte {
		var b bytes.Buffer
		binary.Write(&b, binary.LittleEndian, uint64(len(hdr)))
		b.WriteString(hdr)
		b.Write(make([]byte, data))
		return b.Bytes()
	}
	cases := map[string][]byte{
		"short length":     {1, 2, 3},
		"huge header":      binary.LittleEndian.AppendUint64(nil, MaxHeader+1),
		"truncated header": good(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}`, 4)[:20],
		"not json":         good(`not json`, 0),
		"unknown dtype":    good(`{"a":{"dtype":"F31","shape":[1],"data_offsets":[0,4]}}`, 4),
		"size mismatch":    good(`{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}`, 4),
		"gap":              good(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`, 8),
		"overlap":          good(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}`, 4),
		"extra bytes":      good(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}`, 8),
		"beyond buffer":    good(`{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}`, 4),
		"duplicate":        good(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`, 8),
		"bad metadata":     good(`{"__metadata__":{"k":1}}`, 0),
		"negative dim":     good(`{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}`, 4),
	}
	for name, data := range cases {
		if _, err := Parse(data); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := Parse(good(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}   `, 4)); err != nil {
		t.Errorf("space padding rejected: %v", err)
	}
	if err := Write(&bytes.Buffer{}, []Tensor{{Name: "x", DType: "F32", Shape: []int{3}, Data: make([]byte, 8)}}, nil); err == nil {
		t.Error("Write accepted a tensor whose bytes do not match its shape")
	}
	if err := Write(&bytes.Buffer{}, []Tensor{F32("x", []float32{1}, 1), F32("x", []float32{1}, 1)}, nil); err == nil {
		t.Error("Write accepted duplicate names")
	}
}
