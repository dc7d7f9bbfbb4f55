"""SciPy side of bench/dysts.sh: integrate a sample of catalogue flows with
solve_ivp (RK45 = Dormand-Prince 5(4), rtol = atol = 1e-9) over 100 periods
sampled at 100 points per period, from the same initial conditions and
parameters (dysts' defaults, read from the JSON lines emergo prints).
The vector fields are written out here from the equations in
system/flows (dysts' conventions)."""
import json, sys, time
import numpy as np
from scipy.integrate import solve_ivp

def lorenz(p):
    s, r, b = p["sigma"], p["rho"], p["beta"]
    return lambda t, x: [s * (x[1] - x[0]), x[0] * (r - x[2]) - x[1], x[0] * x[1] - b * x[2]]

def rossler(p):
    a, b, c = p["a"], p["b"], p["c"]
    return lambda t, x: [-x[1] - x[2], x[0] + a * x[1], b + x[2] * (x[0] - c)]

def chen(p):
    a, b, c = p["a"], p["b"], p["c"]
    return lambda t, x: [a * (x[1] - x[0]), (c - a) * x[0] - x[0] * x[2] + c * x[1], x[0] * x[1] - b * x[2]]

def thomas(p):
    a, b = p["a"], p["b"]
    return lambda t, x: [-a * x[0] + b * np.sin(x[1]), -a * x[1] + b * np.sin(x[2]), -a * x[2] + b * np.sin(x[0])]

def lorenz96(p):
    f = p["f"]
    def rhs(t, x):
        n = len(x)
        return [(x[(i + 1) % n] - x[i - 2]) * x[i - 1] - x[i] + f for i in range(n)]
    return rhs

FIELDS = {"Lorenz": lorenz, "Rossler": rossler, "Chen": chen, "Thomas": thomas, "Lorenz96": lorenz96}

meta = json.load(open(sys.argv[1]))  # {name: {"params": {...}, "ic": [...], "period": P}}
reps = int(sys.argv[2]) if len(sys.argv) > 2 else 1
for name, m in meta.items():
    f = FIELDS[name](m["params"])
    P = m["period"]
    t_eval = np.arange(100 * 100 + 1) * (P / 100)
    best = 1e300
    for _ in range(reps):
        start = time.perf_counter()
        sol = solve_ivp(f, (0, t_eval[-1]), m["ic"], method="RK45", rtol=1e-9, atol=1e-9, t_eval=t_eval)
        best = min(best, time.perf_counter() - start)
    print(json.dumps({"system": name, "seconds": best, "nfev": int(sol.nfev),
                      "one_period": sol.y[:, 100].tolist(), "final": sol.y[:, -1].tolist()}))
