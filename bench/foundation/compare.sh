#!/usr/bin/env bash
# Side-by-side pretraining throughput (windows/s) of emergo's foundation
# model presets and the same architecture in PyTorch (torch_ref.py).
#
#   bash bench/foundation/compare.sh [seconds-per-preset] [rounds] [sizes]
#
# Needs Debian's python3-torch run with /usr/bin/python3. PyTorch runs with
# OPENBLAS_NUM_THREADS=1 and torch.set_num_threads(T); emergo with
# GOMAXPROCS=T. The programs alternate for several rounds so that they
# share the machine's conditions; the best round is shown. T = 2 and T = 1.
set -euo pipefail
cd "$(dirname "$0")/../.."
SECS=${1:-6}
ROUNDS=${2:-2}
SIZES=${3:-tiny,small,medium}
PY=/usr/bin/python3
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

go build -o "$OUT/go" ./bench/foundation
if ! $PY -c 'import torch' 2>/dev/null; then
  echo "PyTorch not found for $PY: apt-get install -y python3-torch" >&2
  exit 1
fi
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)   ($(nproc) CPUs)"
for T in 2 1; do
  for r in $(seq "$ROUNDS"); do
    GOMAXPROCS=$T "$OUT/go" -seconds "$SECS" -sizes "$SIZES" >>"$OUT/go-$T.json"
    OPENBLAS_NUM_THREADS=1 $PY bench/foundation/torch_ref.py "$T" "$SECS" 3 "$SIZES" >>"$OUT/torch-$T.json"
  done
done
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"

$PY - "$OUT" "$SIZES" <<'PYEOF'
import json, os, sys
out, sizes = sys.argv[1], sys.argv[2].split(",")
def best(name):
    res, params = {}, {}
    for line in open(os.path.join(out, name)):
        r = json.loads(line)
        res[r["config"]] = max(res.get(r["config"], 0), r["windows_per_s"])
        params[r["config"]] = r["params"]
    return res, params
for T in (2, 1):
    (tor, tp), (go, gp) = best(f"torch-{T}.json"), best(f"go-{T}.json")
    print(f"\nthreads = {T}   (pretraining windows/s, batch 64, best of rounds; ratio = emergo / PyTorch)")
    print(f"{'preset':<8} {'params go':>10} {'params pt':>10} {'PyTorch':>9} {'emergo':>9} {'ratio':>6}")
    for c in sizes:
        t, g = tor.get(c, float("nan")), go.get(c, float("nan"))
        print(f"{c:<8} {gp.get(c, 0):>10} {tp.get(c, 0):>10} {t:9.0f} {g:9.0f} {g / t:5.2f}x")
PYEOF
