package foundation

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/emergo/emergo/nn"
)

// modelFormat identifies a saved foundation model.
const modelFormat = "emergo-foundation/1"

// Manifest is the readable summary written next to a saved model.
type Manifest struct {
	Format     string      `json:"format"`
	Config     Config      `json:"config"`
	Parameters int         `json:"parameters"`
	Seed       uint64      `json:"seed"`
	Info       ModelInfo   `json:"info"`
	History    []LossPoint `json:"history,omitempty"`
}

// Save writes the model's parameters and provenance into dir (created
// when missing): ModelFile and ManifestFile.
func (m *Model) Save(dir string) error { return m.save(dir, nil) }

func (m *Model) save(dir string, hist []LossPoint) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	cb, err := json.Marshal(m.cfg)
	if err != nil {
		return err
	}
	ib, err := json.Marshal(m.Info)
	if err != nil {
		return err
	}
	ck := nn.NewCheckpoint()
	ck.SaveParams(m.ps, "")
	ck.Metadata["foundation.format"] = modelFormat
	ck.Metadata["foundation.config"] = string(cb)
	ck.Metadata["foundation.info"] = string(ib)
	ck.Metadata["foundation.seed"] = strconv.FormatUint(m.seed, 10)
	if err := ck.Save(filepath.Join(dir, ModelFile)); err != nil {
		return err
	}
	man := Manifest{Format: modelFormat, Config: m.cfg, Parameters: m.NumParams(), Seed: m.seed, Info: m.Info, History: hist}
	b, err := json.MarshalIndent(man, "", "  ")
	if err != nil {
		return err
	}
	tmp := filepath.Join(dir, ManifestFile+".tmp")
	if err := os.WriteFile(tmp, append(b, '\n'), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(dir, ManifestFile))
}

// Load reads a model saved by Save or Pretrain from dir (or from the
// ModelFile path itself).
func Load(dir string) (*Model, error) {
	path := dir
	if st, err := os.Stat(dir); err == nil && st.IsDir() {
		path = filepath.Join(dir, ModelFile)
	}
	ck, err := nn.LoadCheckpoint(path)
	if err != nil {
		return nil, fmt.Errorf("foundation: load model: %w", err)
	}
	if f := ck.Metadata["foundation.format"]; f != modelFormat {
		return nil, fmt.Errorf("foundation: %s is not a foundation model (format %q, want %q)", path, f, modelFormat)
	}
	var cfg Config
	if err := json.Unmarshal([]byte(ck.Metadata["foundation.config"]), &cfg); err != nil {
		return nil, fmt.Errorf("foundation: %s: config: %v", path, err)
	}
	seed, err := strconv.ParseUint(ck.Metadata["foundation.seed"], 10, 64)
	if err != nil {
		return nil, fmt.Errorf("foundation: %s: seed %q: %v", path, ck.Metadata["foundation.seed"], err)
	}
	m, err := New(cfg, seed)
	if err != nil {
		return nil, fmt.Errorf("foundation: %s: %w", path, err)
	}
	if err := json.Unmarshal([]byte(ck.Metadata["foundation.info"]), &m.Info); err != nil {
		return nil, fmt.Errorf("foundation: %s: info: %v", path, err)
	}
	if err := ck.LoadParams(m.ps, ""); err != nil {
		return nil, fmt.Errorf("foundation: %s: %w", path, err)
	}
	return m, nil
}

// Clone returns an independent copy of the model (weights, provenance
// and adaptation settings).
func (m *Model) Clone() *Model {
	c, err := New(m.cfg, m.seed)
	if err != nil {
		panic("foundation: Clone of an invalid model: " + err.Error())
	}
	c.ps.SetValues(m.ps.CopyValues(nil))
	c.Info = m.Info
	c.Info.FineTuned = append([]FineTuneRecord(nil), m.Info.FineTuned...)
	c.Adapt = m.Adapt
	c.dim, c.fitted = m.dim, m.fitted
	return c
}
