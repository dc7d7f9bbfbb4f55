package study

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/emergo/emergo/forecast"
	"github.com/emergo/emergo/store"
)

// ArtCheckpointManifest names the manifest of a checkpoint kept on a
// shared filesystem (Options.Checkpoints): the files' paths, sizes and
// SHA-256 checksums, in place of the files.
const ArtCheckpointManifest = "checkpoint.json"

// CheckpointManifest lists the files of a checkpoint kept outside the
// store.
type CheckpointManifest struct {
	// Dir is the checkpoint's directory, as the writing worker saw it.
	Dir   string           `json:"dir"`
	Files []CheckpointFile `json:"files"`
}

// CheckpointFile is one file of a checkpoint.
type CheckpointFile struct {
	Name   string `json:"name"`
	Path   string `json:"path"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// checkpoint saves a model of the running task. Without a shared
// checkpoint directory the files become artifacts named checkpoint/<file>
// in the store; with one, they are written (atomically: a temporary
// directory renamed into place) to <dir>/<task key>/ and the store keeps
// their manifest.
func checkpoint(ctx context.Context, m forecast.Forecaster, spec forecast.Spec, meta map[string]any) ([]store.Artifact, error) {
	save := func(dir string) error { return forecast.SaveModel(dir, m, spec, nil, nil, meta) }
	te := taskEnvFrom(ctx)
	if te.checkpoints != "" {
		return checkpointShared(te.checkpoints, te.key, save)
	}
	dir, err := os.MkdirTemp("", "emergo-checkpoint-")
	if err != nil {
		return nil, fmt.Errorf("checkpoint: %w", err)
	}
	defer os.RemoveAll(dir)
	if err := save(dir); err != nil {
		return nil, fmt.Errorf("checkpoint: %w", err)
	}
	files, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []store.Artifact
	for _, f := range files {
		if f.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, f.Name()))
		if err != nil {
			return nil, err
		}
		mime := "application/octet-stream"
		if filepath.Ext(f.Name()) == ".json" {
			mime = "application/json"
		}
		out = append(out, store.Artifact{Name: ArtCheckpoint + f.Name(), MIME: mime, Data: b})
	}
	return out, nil
}

func checkpointShared(root, key string, save func(dir string) error) ([]store.Artifact, error) {
	if key == "" {
		return nil, errors.New("checkpoint: no task key in the run's context")
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("checkpoint directory %s: %w", root, err)
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return nil, fmt.Errorf("checkpoint directory %s: %w", root, err)
	}
	tmp, err := os.MkdirTemp(abs, ".tmp-"+key[:min(12, len(key))]+"-")
	if err != nil {
		return nil, fmt.Errorf("checkpoint directory %s: %w", root, err)
	}
	defer os.RemoveAll(tmp) // a no-op once renamed
	if err := save(tmp); err != nil {
		return nil, fmt.Errorf("checkpoint: %w", err)
	}
	final := filepath.Join(abs, key)
	// A rerun of the task replaces an earlier checkpoint (the task is
	// deterministic, so the files are the same).
	if err := os.RemoveAll(final); err != nil {
		return nil, fmt.Errorf("checkpoint: replace %s: %w", final, err)
	}
	if err := os.Rename(tmp, final); err != nil {
		return nil, fmt.Errorf("checkpoint: %w", err)
	}
	files, err := os.ReadDir(final)
	if err != nil {
		return nil, err
	}
	man := CheckpointManifest{Dir: final}
	for _, f := range files {
		if f.IsDir() {
			continue
		}
		p := filepath.Join(final, f.Name())
		sum, size, err := fileSHA256(p)
		if err != nil {
			return nil, fmt.Errorf("checkpoint: %w", err)
		}
		man.Files = append(man.Files, CheckpointFile{Name: f.Name(), Path: p, Size: size, SHA256: sum})
	}
	b, err := json.MarshalIndent(man, "", "  ")
	if err != nil {
		return nil, err
	}
	return []store.Artifact{{Name: ArtCheckpointManifest, MIME: "application/json", Data: b}}, nil
}

func fileSHA256(path string) (string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// ErrNoCheckpoint is returned by LoadCheckpoint for a task that stored no
// checkpoint (a model without parameters to save, or another task kind).
var ErrNoCheckpoint = errors.New("the task has no checkpoint")

// LoadCheckpoint copies the checkpoint of a finished train task into dst
// (created if needed), from the store's artifacts or from the shared
// filesystem its manifest points to; files from the filesystem are
// checked against their stored size and SHA-256, so a checkpoint
// overwritten or truncated since is reported, not loaded. The directory
// can then be opened with forecast.LoadModel.
func LoadCheckpoint(ctx context.Context, r store.Reader, key, dst string) error {
	infos, err := r.Artifacts(ctx, key)
	if err != nil {
		return err
	}
	var blobs []string
	manifest := false
	for _, a := range infos {
		switch {
		case a.Name == ArtCheckpointManifest:
			manifest = true
		case strings.HasPrefix(a.Name, ArtCheckpoint):
			blobs = append(blobs, a.Name)
		}
	}
	if !manifest && len(blobs) == 0 {
		return ErrNoCheckpoint
	}
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	for _, name := range blobs {
		a, err := r.Artifact(ctx, key, name)
		if err != nil {
			return err
		}
		base := filepath.Base(strings.TrimPrefix(name, ArtCheckpoint))
		if err := os.WriteFile(filepath.Join(dst, base), a.Data, 0o644); err != nil {
			return err
		}
	}
	if !manifest {
		return nil
	}
	a, err := r.Artifact(ctx, key, ArtCheckpointManifest)
	if err != nil {
		return err
	}
	var man CheckpointManifest
	if err := json.Unmarshal(a.Data, &man); err != nil {
		return fmt.Errorf("task %s: checkpoint manifest: %w", key, err)
	}
	for _, f := range man.Files {
		b, err := os.ReadFile(f.Path)
		if err != nil {
			return fmt.Errorf("task %s: checkpoint file on the shared filesystem: %w", key, err)
		}
		h := sha256.Sum256(b)
		if got := hex.EncodeToString(h[:]); got != f.SHA256 || int64(len(b)) != f.Size {
			return fmt.Errorf("task %s: checkpoint file %s changed since it was written (size %d, sha256 %s; the store recorded size %d, sha256 %s)", key, f.Path, len(b), got[:12], f.Size, f.SHA256[:min(12, len(f.SHA256))])
		}
		if err := os.WriteFile(filepath.Join(dst, filepath.Base(f.Name)), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}
