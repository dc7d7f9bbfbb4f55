#!/usr/bin/env bash
# Side-by-side training-step throughput of emergo's nn engine and PyTorch
# on the three reference configurations of nn/refbench (MLP, GRU,
# Transformer block; Adam; same shapes), for the pure-Go build and the
# -tags openblas build.
#
#   bash bench/nn/compare.sh [seconds-per-config] [rounds]
#
# Needs Debian's python3-torch (apt-get install -y python3-torch) run with
# Debian's own interpreter /usr/bin/python3, and libopenblas-dev for the
# openblas build (skipped with a note when missing). PyTorch runs with
# OPENBLAS_NUM_THREADS=1 and torch.set_num_threads(T); emergo with
# GOMAXPROCS=T. The programs run in alternation for several rounds so
# that they share the machine's conditions; each reports its best
# measuring window (after warm-up), and the best over rounds is shown.
# Two tables: T = 2 (both cores, the target comparison) and T = 1 (one
# core each, which is robust when other processes share the machine).
set -euo pipefail
cd "$(dirname "$0")/../.."
SECS=${1:-3}
ROUNDS=${2:-2}
PY=/usr/bin/python3
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

go build -o "$OUT/go" ./bench/nn
HAVE_OB=1
if ! go build -tags openblas -o "$OUT/openblas" ./bench/nn 2>"$OUT/ob.err"; then
  HAVE_OB=0
  echo "note: the openblas build failed (apt-get install -y libopenblas-dev):" >&2
  head -3 "$OUT/ob.err" >&2
fi
if ! $PY -c 'import torch' 2>/dev/null; then
  echo "PyTorch not found for $PY: apt-get install -y python3-torch" >&2
  exit 1
fi

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)   ($(nproc) CPUs)"
for T in 2 1; do
  for r in $(seq "$ROUNDS"); do
    GOMAXPROCS=$T "$OUT/go" -seconds "$SECS" >>"$OUT/go-$T.json"
    if [ "$HAVE_OB" = 1 ]; then
      GOMAXPROCS=$T "$OUT/openblas" -seconds "$SECS" >>"$OUT/ob-$T.json"
    fi
    OPENBLAS_NUM_THREADS=1 $PY bench/nn/torch_ref.py "$T" "$SECS" 6 >>"$OUT/torch-$T.json"
  done
done
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"

$PY - "$OUT" "$HAVE_OB" <<'PYEOF'
import json, os, sys
out, have_ob = sys.argv[1], sys.argv[2] == "1"
def best(name):
    path = os.path.join(out, name)
    res = {}
    if not os.path.exists(path):
        return res
    for line in open(path):
        r = json.loads(line)
        res[r["config"]] = max(res.get(r["config"], 0), r["steps_per_s"])
    return res
for T in (2, 1):
    tor, go, ob = best(f"torch-{T}.json"), best(f"go-{T}.json"), best(f"ob-{T}.json")
    print(f"\nthreads = {T}   (steps/s, best of rounds; ratio = emergo / PyTorch)")
    print(f"{'config':<12} {'PyTorch':>9} | {'pure Go':>9} {'ratio':>6} | {'openblas':>9} {'ratio':>6}")
    for c in ("mlp", "gru", "transformer"):
        t, g = tor.get(c, float("nan")), go.get(c, float("nan"))
        row = f"{c:<12} {t:9.1f} | {g:9.1f} {g / t:5.2f}x |"
        if have_ob:
            o = ob.get(c, float("nan"))
            row += f" {o:9.1f} {o / t:5.2f}x"
        else:
            row += f" {'n/a':>9} {'':>6}"
        print(row)
PYEOF
