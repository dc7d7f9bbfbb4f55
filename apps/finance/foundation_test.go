package finance

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/emergo/emergo/foundation"
)

// smallFoundation is smallForecast with a micro foundation model
// pretrained briefly (the numbers mean nothing; the plumbing does).
func smallFoundation() *ForecastParams {
	p := smallForecast()
	p.Models = p.Models[:1]
	p.Foundation = DefaultFoundationSpec()
	p.Foundation.Size, p.Foundation.Steps, p.Foundation.AdaptSteps, p.Foundation.Refit = "micro", 100, 10, 150
	return p
}

// The foundation model appears as return forecasters (one per mode) and
// as a variance forecaster, its strategies pass the causality check, and
// a saved model given by directory gives the same numbers as the model
// pretrained in the run.
func TestForecastFoundation(t *testing.T) {
	p := smallFoundation()
	res := run(t, ForecastKind, p, 4)
	for _, key := range []string{"ret_foundation_zero_shot_mse_ratio", "ret_foundation_head_fine_tuned_mse_ratio",
		"vol_foundation_zero_shot_on_20_d_realised_variance_qlike", "strat_foundation_zero_shot_long_flat_sharpe"} {
		if _, ok := res.Metrics[key]; !ok {
			t.Errorf("metric %s missing", key)
		}
	}
	for _, row := range res.Tables[3].Rows {
		if strings.HasPrefix(row[0], "foundation") && !strings.HasPrefix(row[len(row)-1], "passed") {
			t.Errorf("%s: causality %s", row[0], row[len(row)-1])
		}
	}

	// The same model from a directory.
	cfg, _ := foundation.Preset("micro")
	cp, err := foundation.BuildCorpus(context.Background(), foundation.CorpusConfig{HoldOut: foundation.NoHoldOut, Trajectories: 2, Length: 600, Seed: splitmix(4, 2000)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	m, _, err := foundation.Pretrain(context.Background(), cp, cfg, foundation.PretrainConfig{Steps: 100, Batch: 32, LR: 3e-3, CheckpointEvery: 100, Seed: splitmix(4, 2001)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := m.Save(dir); err != nil {
		t.Fatal(err)
	}
	q := smallFoundation()
	q.Foundation.Model = dir
	res2 := run(t, ForecastKind, q, 4)
	for k, v := range res.Metrics {
		if strings.Contains(k, "foundation") && res2.Metrics[k] != v {
			t.Errorf("%s: pretrained in the run %v, loaded from %s %v", k, v, dir, res2.Metrics[k])
		}
	}
	js, _ := json.Marshal(res2.Notes)
	if !strings.Contains(string(js), "the pretrained model in "+dir) {
		t.Error("notes do not name the loaded model")
	}
}

// A loaded model whose context is longer than the window is refused by
// name.
func TestFoundationContextTooLong(t *testing.T) {
	cfg, _ := foundation.Preset("micro")
	cfg.Context = 128
	m, err := foundation.New(cfg, 1)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := m.Save(dir); err != nil {
		t.Fatal(err)
	}
	p := smallFoundation()
	p.Window, p.HistWindow, p.Foundation.Model = 100, 100, dir
	_, err = RunForecast(context.Background(), p, nil)
	if err == nil || !strings.Contains(err.Error(), "foundation.model") || !strings.Contains(err.Error(), "128") {
		t.Errorf("context 128 > window 100: error %v", err)
	}
}
