package forecast

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/emergo/emergo/nn"
)

// Model directories.
//
// SaveModel writes a fitted model into a directory that LoadModel reads
// back into a model whose forecasts are bit-identical:
//
//	model.json         the Manifest: model name, complete hyperparameters,
//	                   seed, dimension, kind of checkpoint, caller metadata
//	model.safetensors  (kind "weights") the trained parameters of a
//	                   neural model under their nn names, in safetensors
//	                   format (loadable by PyTorch or NumPy), with the
//	                   hyperparameters and the standardisation (μ, σ as
//	                   exact decimal float64) in its string metadata
//	fit.json           (kind "refit") for a model without its own Saver:
//	                   the training and validation blocks (exact decimal
//	                   float64), from which LoadModel refits it; this is
//	                   exact because every model of the zoo is
//	                   deterministic for its spec and data (the
//	                   conformance suite checks it), and cheap for the
//	                   closed-form models (ridge, NG-RC, ESN) it serves.

// Checkpoint file names and formats.
const (
	ManifestFile   = "model.json"
	WeightsFile    = "model.safetensors"
	RefitFile      = "fit.json"
	manifestFormat = "emergo-forecast-model/1"
	weightsFormat  = "emergo-neural/1"
)

// Saver is implemented by models that write their own trained state
// (weights) into a directory, to be read back by LoadModel.
type Saver interface {
	Save(dir string) error
}

// Manifest describes a saved model.
type Manifest struct {
	Format string             `json:"format"`
	Model  string             `json:"model"`
	Hyper  map[string]float64 `json:"hyper"`
	Seed   uint64             `json:"seed"`
	Dim    int                `json:"dim"`
	// ContextLen is the model's context length (rows).
	ContextLen int `json:"context_len"`
	// Kind is "weights" (a Saver's files) or "refit" (fit.json).
	Kind string `json:"kind"`
	// Meta holds the caller's provenance (data source, columns, split).
	Meta map[string]any `json:"meta,omitempty"`
}

// refitData is the content of fit.json.
type refitData struct {
	Dim   int       `json:"dim"`
	Train []float64 `json:"train"`
	Val   []float64 `json:"val,omitempty"`
}

// SaveModel writes the fitted model m, built with spec, into dir (created
// when missing): through m's own Save when it is a Saver, else as a refit
// recipe holding train and val (val may be nil). meta is stored in the
// manifest for the caller. The manifest is written last, so a directory
// with a manifest is complete.
func SaveModel(dir string, m Forecaster, spec Spec, train, val *Block, meta map[string]any) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("save %s: %w", m.Name(), err)
	}
	man := Manifest{Format: manifestFormat, Model: m.Name(), Hyper: spec.Hyper, Seed: spec.Seed,
		ContextLen: m.ContextLen(), Meta: meta}
	if man.Hyper == nil {
		man.Hyper = map[string]float64{}
	}
	if nm, ok := m.(*Neural); ok {
		man.Hyper, man.Seed = nm.Hyper(), nm.seed
	}
	if train != nil {
		man.Dim = train.Dim
	}
	if s, ok := m.(Saver); ok {
		if err := s.Save(dir); err != nil {
			return err
		}
		man.Kind = "weights"
		if nm, ok := m.(*Neural); ok {
			man.Dim = nm.dim
		}
	} else {
		if train == nil {
			return fmt.Errorf("save %s: the model has no weights file format, and no training data were given to refit it from", m.Name())
		}
		rd := refitData{Dim: train.Dim, Train: train.X}
		if val != nil {
			rd.Val = val.X
		}
		if err := writeJSONFile(filepath.Join(dir, RefitFile), rd); err != nil {
			return fmt.Errorf("save %s: %w", m.Name(), err)
		}
		man.Kind = "refit"
	}
	if err := writeJSONFile(filepath.Join(dir, ManifestFile), man); err != nil {
		return fmt.Errorf("save %s: %w", m.Name(), err)
	}
	return nil
}

// writeJSONFile writes v as indented JSON through a temporary file
// renamed into place.
func writeJSONFile(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// LoadModel reads a model saved by SaveModel (refitting a "refit"
// checkpoint, which takes as long as the original fit).
func LoadModel(ctx context.Context, dir string) (Forecaster, *Manifest, error) {
	b, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil, fmt.Errorf("%s is not a saved model directory (no %s)", dir, ManifestFile)
		}
		return nil, nil, err
	}
	// Numbers in Meta stay exact (json.Number), e.g. 64-bit seeds.
	var man Manifest
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&man); err != nil {
		return nil, nil, fmt.Errorf("%s: %v", filepath.Join(dir, ManifestFile), err)
	}
	if man.Format != manifestFormat {
		return nil, nil, fmt.Errorf("%s: unknown format %q (want %q)", filepath.Join(dir, ManifestFile), man.Format, manifestFormat)
	}
	switch man.Kind {
	case "weights":
		m, err := LoadNeural(filepath.Join(dir, WeightsFile))
		if err != nil {
			return nil, nil, err
		}
		return m, &man, nil
	case "refit":
		rb, err := os.ReadFile(filepath.Join(dir, RefitFile))
		if err != nil {
			return nil, nil, err
		}
		var rd refitData
		if err := json.Unmarshal(rb, &rd); err != nil {
			return nil, nil, fmt.Errorf("%s: %v", filepath.Join(dir, RefitFile), err)
		}
		if rd.Dim < 1 || len(rd.Train)%rd.Dim != 0 || len(rd.Val)%rd.Dim != 0 {
			return nil, nil, fmt.Errorf("%s: %d training values do not fill rows of %d", filepath.Join(dir, RefitFile), len(rd.Train), rd.Dim)
		}
		m, err := New(man.Model, Spec{Hyper: man.Hyper, Seed: man.Seed})
		if err != nil {
			return nil, nil, err
		}
		var val *Block
		if rd.Val != nil {
			val = NewBlock(rd.Val, rd.Dim)
		}
		if err := m.Fit(ctx, NewBlock(rd.Train, rd.Dim), val); err != nil {
			return nil, nil, fmt.Errorf("refitting the saved %s: %w", man.Model, err)
		}
		return m, &man, nil
	}
	return nil, nil, fmt.Errorf("%s: unknown checkpoint kind %q", filepath.Join(dir, ManifestFile), man.Kind)
}

// Save writes the network's parameters and everything needed to rebuild
// it (model name, hyperparameters, seed, dimension, standardisation) to
// dir/model.safetensors. It works after Fit and inside a TrainHooks
// callback (the parameters of that moment).
func (m *Neural) Save(dir string) error {
	if m.ps == nil || !m.ready {
		return fmt.Errorf("%s: save: %w", m.kind, errNotFitted(m.kind))
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("%s: save: %w", m.kind, err)
	}
	ck := nn.NewCheckpoint()
	ck.SaveParams(m.ps, "")
	md := ck.Metadata
	md["emergo.format"] = weightsFormat
	md["emergo.model"] = m.kind
	md["emergo.seed"] = strconv.FormatUint(m.seed, 10)
	md["emergo.dim"] = strconv.Itoa(m.dim)
	for _, k := range sortedKeys(m.hyper) {
		md["emergo.hyper."+k] = strconv.FormatFloat(m.hyper[k], 'g', -1, 64)
	}
	md["emergo.scaler.mean"] = joinFloats(m.sc.mu)
	md["emergo.scaler.std"] = joinFloats(m.sc.sd)
	if sb, err := json.Marshal(summaryJSON(m.summary)); err == nil {
		md["emergo.training"] = string(sb)
	}
	if err := ck.Save(filepath.Join(dir, WeightsFile)); err != nil {
		return fmt.Errorf("%s: save: %w", m.kind, err)
	}
	return nil
}

// summaryJSON replaces a NaN validation loss (no validation), which JSON
// cannot hold, by a missing value.
func summaryJSON(s TrainSummary) map[string]any {
	out := map[string]any{"samples": s.Samples, "val_samples": s.ValSamples, "epochs": s.Epochs, "steps": s.Steps,
		"best_epoch": s.BestEpoch, "train_loss": s.TrainLoss, "stopped_early": s.StoppedEarly, "diverged": s.Diverged}
	if !math.IsNaN(s.ValLoss) {
		out["val_loss"] = s.ValLoss
	}
	return out
}

func joinFloats(x []float64) string {
	s := make([]string, len(x))
	for i, v := range x {
		s[i] = strconv.FormatFloat(v, 'g', -1, 64)
	}
	return strings.Join(s, ",")
}

func parseFloats(s string) ([]float64, error) {
	parts := strings.Split(s, ",")
	out := make([]float64, len(parts))
	for i, p := range parts {
		v, err := strconv.ParseFloat(p, 64)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// LoadNeural reads a neural model written by Neural.Save (the path of its
// model.safetensors). The loaded model predicts exactly as the saved one.
func LoadNeural(path string) (*Neural, error) {
	ck, err := nn.LoadCheckpoint(path)
	if err != nil {
		return nil, err
	}
	md := ck.Metadata
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%s: %s", path, fmt.Sprintf(format, args...))
	}
	if md["emergo.format"] != weightsFormat {
		return nil, bad("not a neural forecaster checkpoint (format %q, want %q)", md["emergo.format"], weightsFormat)
	}
	hyper := map[string]float64{}
	for k, v := range md {
		if name, ok := strings.CutPrefix(k, "emergo.hyper."); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return nil, bad("hyperparameter %s = %q: %v", name, v, err)
			}
			hyper[name] = f
		}
	}
	seed, err := strconv.ParseUint(md["emergo.seed"], 10, 64)
	if err != nil {
		return nil, bad("seed %q: %v", md["emergo.seed"], err)
	}
	dim, err := strconv.Atoi(md["emergo.dim"])
	if err != nil || dim < 1 {
		return nil, bad("dimension %q", md["emergo.dim"])
	}
	mu, err1 := parseFloats(md["emergo.scaler.mean"])
	sd, err2 := parseFloats(md["emergo.scaler.std"])
	if err := errors.Join(err1, err2); err != nil || len(mu) != dim || len(sd) != dim {
		return nil, bad("standardisation for %d columns: mean %q, std %q", dim, md["emergo.scaler.mean"], md["emergo.scaler.std"])
	}
	f, err := New(md["emergo.model"], Spec{Hyper: hyper, Seed: seed})
	if err != nil {
		return nil, bad("%v", err)
	}
	m, ok := f.(*Neural)
	if !ok {
		return nil, bad("model %q is not a neural model", md["emergo.model"])
	}
	m.dim = dim
	m.sc = scaler{mu: mu, sd: sd}
	m.ps = nn.NewParams()
	// The initial values are overwritten by the checkpoint's.
	m.net.build(m.ps, dim, rand.New(rand.NewPCG(m.seed, neuralStreamInit)))
	if err := ck.LoadParams(m.ps, ""); err != nil {
		return nil, bad("%v", err)
	}
	if s, ok := md["emergo.training"]; ok {
		var sum TrainSummary
		sum.ValLoss = math.NaN()
		if json.Unmarshal([]byte(s), &sum) == nil {
			m.summary = sum
		}
	}
	m.net.compile()
	m.ready = true
	return m, nil
}
