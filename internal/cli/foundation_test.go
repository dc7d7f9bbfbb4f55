package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emergo/emergo/foundation"
)

// runFoundation runs a command line with the foundation commands added
// to the root (until cli.go wires them), mapping errors as Run does.
func runFoundation(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var o, e bytes.Buffer
	en := &env{stdout: &o, stderr: &e, now: time.Now}
	root := en.newRoot()
	if c, _, ferr := root.Find([]string{"pretrain"}); ferr != nil || c == root {
		root.AddCommand(en.pretrainCmd(), en.zeroshotCmd(), en.finetuneCmd())
	}
	root.SetArgs(args)
	_, err = root.ExecuteContextC(context.Background())
	var ce *commandError
	if errors.As(err, &ce) {
		err = ce.err
	}
	return o.String(), e.String(), err
}

// quickPretrain are flags of a pretraining run of a second or so.
var quickPretrain = []string{"--d-model", "8", "--layers", "1", "--heads", "2", "--context", "64", "--horizon", "16",
	"--patch", "8", "--systems", "8", "--holdout", "2", "--trajectories", "1", "--length", "200", "--steps", "40",
	"--checkpoint-every", "20", "--batch", "8", "--seed", "5"}

func pretrainQuick(t *testing.T) (dir string, res pretrainResultJSON) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "fm")
	out, _, err := runFoundation(t, append([]string{"pretrain", "--out", dir, "--json"}, quickPretrain...)...)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("pretrain --json output: %v\n%s", err, out)
	}
	return dir, res
}

func TestPretrainCommand(t *testing.T) {
	dir, res := pretrainQuick(t)
	if res.Parameters <= 0 || res.Parameters != res.Config.NumParams() || res.Config.DModel != 8 {
		t.Errorf("parameters %d, config %+v", res.Parameters, res.Config)
	}
	if len(res.HeldOut) != 2 || len(res.Systems)+len(res.Skipped) != 8 || res.Result.Steps != 40 || len(res.Result.History) != 2 {
		t.Errorf("held out %v, %d systems, %d skipped, %d steps, %d history points", res.HeldOut, len(res.Systems), len(res.Skipped), res.Result.Steps, len(res.Result.History))
	}
	for _, f := range []string{foundation.ModelFile, foundation.CheckpointFile, foundation.ManifestFile} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("missing %s: %v", f, err)
		}
	}
	// Resuming a finished run restores it and trains no more.
	out, _, err := runFoundation(t, "pretrain", "--out", dir, "--resume")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "trained 40 steps (40 restored from the checkpoint)") || !strings.Contains(out, "held out: ") {
		t.Errorf("resume output:\n%s", out)
	}
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"pretrain"}, "--out DIR is required"},
		{[]string{"pretrain", "--out", dir, "--resume", "--size", "small"}, "drop --size"},
		{append([]string{"pretrain", "--out", dir}, quickPretrain...), "already holds a checkpoint"},
		{[]string{"pretrain", "--out", t.TempDir(), "--size", "huge"}, "unknown size"},
		{[]string{"pretrain", "--out", t.TempDir(), "--context", "100"}, "multiple of the patch"},
		{[]string{"pretrain", "--out", t.TempDir(), "--resume"}, "no checkpoint"},
		{[]string{"pretrain", "--out", t.TempDir(), "--length", "100"}, "shorter than a window"},
		{[]string{"pretrain", "--out", t.TempDir(), "--categories", "flows"}, `unknown category "flows"`},
	}
	for _, c := range cases {
		if _, _, err := runFoundation(t, c.args...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: error %v, want one mentioning %q", c.args, err, c.want)
		}
	}
}

func TestZeroshotAndFinetuneCommands(t *testing.T) {
	dir, res := pretrainQuick(t)
	eval := []string{"--train", "300", "--origins", "2", "--horizon", "32", "--long", "128"}
	out, _, err := runFoundation(t, append([]string{"zeroshot", "--model", dir, "--baselines", "mean,persistence,parrot", "--json"}, eval...)...)
	if err != nil {
		t.Fatal(err)
	}
	var z struct {
		Targets []struct {
			Target string `json:"target"`
			Seen   bool   `json:"seen_in_pretraining"`
			Scores []struct {
				Model    string   `json:"model"`
				SMAPE    *float64 `json:"smape"`
				VPT      *float64 `json:"vpt_lyapunov"`
				KL       *float64 `json:"attractor_kl"`
				Diverged int      `json:"diverged"`
			} `json:"scores"`
		} `json:"targets"`
		Summary []struct {
			Model string `json:"model"`
		} `json:"summary"`
	}
	if err := json.Unmarshal([]byte(out), &z); err != nil {
		t.Fatalf("zeroshot --json: %v\n%s", err, out)
	}
	if len(z.Targets) != len(res.HeldOut) || len(z.Summary) != 4 {
		t.Fatalf("%d targets (held out %v), %d summary rows", len(z.Targets), res.HeldOut, len(z.Summary))
	}
	for i, tg := range z.Targets {
		if tg.Target != res.HeldOut[i] || tg.Seen {
			t.Errorf("target %d is %s (seen %v), want held-out %s", i, tg.Target, tg.Seen, res.HeldOut[i])
		}
		var names []string
		for _, s := range tg.Scores {
			names = append(names, s.Model)
			if s.SMAPE == nil || s.VPT == nil || s.KL == nil {
				t.Errorf("%s/%s: missing scores", tg.Target, s.Model)
			}
		}
		if got := strings.Join(names, ","); got != "foundation,mean,persistence,parrot" {
			t.Errorf("rows %s", got)
		}
	}
	// Text output, a seen system, and a CSV series.
	seen := res.Systems[0]
	text, _, err := runFoundation(t, append([]string{"zeroshot", "--model", dir, "--system", seen, "--baselines", "parrot"}, eval...)...)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, seen+" (seen in pretraining") || !strings.Contains(text, "vpt (λ1·t)") || !strings.Contains(text, "parrot") {
		t.Errorf("zeroshot text:\n%s", text)
	}
	csv := filepath.Join(t.TempDir(), "wave.csv")
	var b strings.Builder
	b.WriteString("t,x\n")
	for i := 0; i < 800; i++ {
		fmt.Fprintf(&b, "%d,%g\n", i, math.Sin(float64(i)/5)+0.3*math.Sin(float64(i)/13))
	}
	os.WriteFile(csv, []byte(b.String()), 0o644)
	text, _, err = runFoundation(t, "zeroshot", "--model", dir, "--data", csv, "--baselines", "mean,parrot")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "wave.csv (data;") || !strings.Contains(text, "foundation") {
		t.Errorf("zeroshot on data:\n%s", text)
	}
	// Fine-tuning.
	ftDir := filepath.Join(t.TempDir(), "ft")
	out, _, err = runFoundation(t, append([]string{"finetune", "--model", dir, "--system", res.HeldOut[0], "--head-only",
		"--steps", "20", "--out", ftDir, "--json"}, eval...)...)
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Targets []struct {
			Scores []struct {
				Model string `json:"model"`
			} `json:"scores"`
		} `json:"targets"`
		FineTuning struct {
			Mode  string `json:"mode"`
			Steps int    `json:"steps"`
		} `json:"fine_tuning"`
	}
	if err := json.Unmarshal([]byte(out), &f); err != nil {
		t.Fatalf("finetune --json: %v\n%s", err, out)
	}
	if f.FineTuning.Mode != foundation.ModeHead || f.FineTuning.Steps != 20 || len(f.Targets) != 1 || len(f.Targets[0].Scores) != 2 ||
		f.Targets[0].Scores[1].Model != "fine-tuned (head)" {
		t.Errorf("finetune result %+v", f)
	}
	m, err := foundation.Load(ftDir)
	if err != nil {
		t.Fatal(err)
	}
	if rec := m.Info.FineTuned; len(rec) != 1 || rec[0].Mode != foundation.ModeHead || rec[0].Target != res.HeldOut[0] {
		t.Errorf("saved fine-tuning record %+v", rec)
	}
	orig, err := foundation.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(orig.Info.FineTuned) != 0 {
		t.Errorf("finetune modified the pretrained model")
	}
	errCases := []struct {
		args []string
		want string
	}{
		{[]string{"zeroshot"}, "--model DIR is required"},
		{[]string{"zeroshot", "--model", dir, "--baselines", "oracle"}, `unknown baseline "oracle"`},
		{[]string{"zeroshot", "--model", dir, "--system", "Lorenz", "--data", csv}, "mutually exclusive"},
		{[]string{"zeroshot", "--model", dir, "--system", "Lorenzz"}, "Lorenz"},
		{[]string{"zeroshot", "--model", t.TempDir()}, "load model"},
		{[]string{"finetune", "--model", dir, "--out", ftDir}, "--system NAME or --data FILE"},
		{[]string{"finetune", "--model", dir, "--system", "Lorenz", "--out", dir}, "--out must differ"},
		{[]string{"zeroshot", "--model", dir, "--system", "Lorenz,Rossler", "--param", "rho=30"}, "exactly one --system"},
		{[]string{"zeroshot", "--model", dir, "--data", csv, "--param", "rho=30"}, "does not apply to --data"},
		{[]string{"zeroshot", "--model", dir, "--system", "Lorenz", "--param", "rhoo=30"}, "rhoo"},
		{[]string{"finetune", "--model", dir, "--system", "Lorenz", "--param", "rho=-1", "--out", t.TempDir()}, "rho"},
	}
	for _, c := range errCases {
		if _, _, err := runFoundation(t, c.args...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: error %v, want one mentioning %q", c.args, err, c.want)
		}
	}
}

// --param sets the target's parameters: the target is named with them, it
// loses the literature λ1 of the default parameters, and its series differs
// from the default one.
func TestZeroshotAndFinetuneParams(t *testing.T) {
	dir, _ := pretrainQuick(t)
	eval := []string{"--train", "300", "--origins", "2", "--horizon", "32", "--long", "128", "--baselines", "mean", "--json"}
	type result struct {
		Targets []struct {
			Target   string  `json:"target"`
			Lyapunov float64 `json:"lyapunov"`
			Scores   []struct {
				Model string   `json:"model"`
				SMAPE *float64 `json:"smape"`
			} `json:"scores"`
		} `json:"targets"`
	}
	get := func(args ...string) result {
		t.Helper()
		out, _, err := runFoundation(t, append(args, eval...)...)
		if err != nil {
			t.Fatal(err)
		}
		var r result
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
		return r
	}
	def := get("zeroshot", "--model", dir, "--system", "Lorenz")
	mod := get("zeroshot", "--model", dir, "--system", "Lorenz", "--param", "rho=45")
	if def.Targets[0].Target != "Lorenz" || mod.Targets[0].Target != "Lorenz(rho=45)" {
		t.Errorf("targets %q and %q", def.Targets[0].Target, mod.Targets[0].Target)
	}
	if !(def.Targets[0].Lyapunov > 0) || mod.Targets[0].Lyapunov != 0 {
		t.Errorf("λ1 %v at the defaults, %v at rho=45 (want the literature value, then none)", def.Targets[0].Lyapunov, mod.Targets[0].Lyapunov)
	}
	if *def.Targets[0].Scores[1].SMAPE == *mod.Targets[0].Scores[1].SMAPE {
		t.Error("rho=45 gave the same mean-baseline sMAPE as the default: the parameter was not applied")
	}
	ft := get("finetune", "--model", dir, "--system", "Lorenz", "-p", "rho=45", "--head-only", "--steps", "10", "--out", filepath.Join(t.TempDir(), "ft"))
	if ft.Targets[0].Target != "Lorenz(rho=45)" {
		t.Errorf("finetune target %q", ft.Targets[0].Target)
	}
}
