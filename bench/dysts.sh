#!/usr/bin/env bash
# The catalogue benchmark: every flow and delay system for 100 periods at 100 points per
# period (bench/dysts/main.go), then a sample of flows side by side with
# SciPy's solve_ivp at the same tolerance, as a ratio. Needs Debian's
# python3-scipy for the second part (run with /usr/bin/python3).
#   bash bench/dysts.sh
set -euo pipefail
cd "$(dirname "$0")/.."
go build -o /tmp/emergo-bench-dysts ./bench/dysts
go build -o /tmp/emergo-cli ./cmd/emergo
/tmp/emergo-bench-dysts | tail -n 1
SAMPLE=Lorenz,Rossler,Chen,Thomas,Lorenz96
/tmp/emergo-bench-dysts -only "$SAMPLE" -reps 3 > /tmp/emergo-dysts-go.json
# Parameters and initial conditions straight from emergo's metadata.
/usr/bin/python3 - "$SAMPLE" > /tmp/emergo-dysts-meta.json <<'PY'
import json, subprocess, sys
out = {}
for name in sys.argv[1].split(","):
    info = json.loads(subprocess.check_output(["/tmp/emergo-cli", "systems", "show", name, "--json"]))
    out[name] = {"params": {p["name"]: p["default"] for p in info["params"]}, "ic": info["initial_condition"], "period": info["period"]}
print(json.dumps(out))
PY
OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/dysts_scipy.py /tmp/emergo-dysts-meta.json 3 > /tmp/emergo-dysts-py.json
/usr/bin/python3 - <<'PY'
import json
go = {d["system"]: d for d in map(json.loads, open("/tmp/emergo-dysts-go.json"))}
py = {d["system"]: d for d in map(json.loads, open("/tmp/emergo-dysts-py.json"))}
# Both integrate the same problem: the states after one period agree to
# about the tolerance; after 100 periods chaos has amplified the 1e-9
# differences to the attractor's size, so the final difference is shown
# for completeness, not as a check.
def dist(a, b):
    return max(abs(x - y) for x, y in zip(a, b))
print(f"{'system':<10} | {'emergo s':>9} | {'SciPy s':>8} | speed-up | max|Δx| at 1 period | max|Δx| at 100 periods")
for k in go:
    print(f"{k:<10} | {go[k]['seconds']:9.4f} | {py[k]['seconds']:8.3f} | {py[k]['seconds']/go[k]['seconds']:6.0f}x  | "
          f"{dist(go[k]['one_period'], py[k]['one_period']):19.2e} | {dist(go[k]['final'], py[k]['final']):.3g}")
PY
