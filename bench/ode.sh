#!/usr/bin/env bash
# Side-by-side: emergo's DOPRI5 vs SciPy's solve_ivp(RK45) on Lorenz over the
# same span, sampling and tolerance. Needs Debian's python3-scipy; uses
# Debian's own interpreter (/usr/bin/python3), not one earlier on PATH.
#   bash bench/ode.sh [T] [dt]
set -euo pipefail
cd "$(dirname "$0")/.."
T=${1:-100}; DT=${2:-0.01}
PY=/usr/bin/python3
go build -o /tmp/emergo-bench-lorenz ./bench/lorenz
/tmp/emergo-bench-lorenz -T "$T" -dt "$DT" > /tmp/emergo-bench-go.json
if ! $PY -c 'import scipy' 2>/dev/null; then
  echo "SciPy not found for $PY: apt-get install python3-scipy" >&2
  cat /tmp/emergo-bench-go.json
  exit 1
fi
OPENBLAS_NUM_THREADS=1 $PY bench/ode_scipy.py "$T" "$DT" > /tmp/emergo-bench-py.json
$PY - "$T" "$DT" <<'PYEOF'
import json, sys
go = [json.loads(l) for l in open("/tmp/emergo-bench-go.json")]
py = [json.loads(l) for l in open("/tmp/emergo-bench-py.json")]
T, dt = sys.argv[1], sys.argv[2]
print(f"Lorenz from (1,1,1), span {T}, sampled every {dt}; best of repeats")
print(f"{'tol':>7} | {'emergo DOPRI5 s':>15} {'nfev':>8} | {'SciPy RK45 s':>12} {'nfev':>8} | {'speed-up':>8}")
for g in go:
    if g["method"] != "dopri5":
        continue
    p = next(p for p in py if p["tol"] == g["tol"])
    print(f"{g['tol']:7.0e} | {g['seconds']:15.5f} {g['nfev']:8d} | {p['seconds']:12.4f} {p['nfev']:8d} | {p['seconds']/g['seconds']:7.0f}x")
rk = next(g for g in go if g["method"] == "rk4")
print(f"emergo RK4 h=0.001: {rk['seconds']:.5f} s, {rk['nfev']} evaluations")
PYEOF
