"""SciPy side of bench/ode.sh: integrate Lorenz (sigma=10, rho=28, beta=8/3)
from (1,1,1) over [0, T] sampled every dt with solve_ivp's RK45 (the same
Dormand-Prince 5(4) pair as emergo's DOPRI5) at rtol=atol=tol; best of reps.
Prints one JSON line per tolerance."""
import json, sys, time
import numpy as np
from scipy.integrate import solve_ivp

T = float(sys.argv[1]) if len(sys.argv) > 1 else 100.0
dt = float(sys.argv[2]) if len(sys.argv) > 2 else 0.01
reps = int(sys.argv[3]) if len(sys.argv) > 3 else 3

def lorenz(t, x):
    return [10.0 * (x[1] - x[0]), x[0] * (28.0 - x[2]) - x[1], x[0] * x[1] - 8.0 / 3.0 * x[2]]

n = int(T / dt + 0.5)
t_eval = np.arange(n + 1) * dt
for tol in (1e-6, 1e-9):
    best, res = 1e300, None
    for _ in range(reps):
        start = time.perf_counter()
        sol = solve_ivp(lorenz, (0.0, t_eval[-1]), [1.0, 1.0, 1.0], method="RK45", rtol=tol, atol=tol, t_eval=t_eval)
        sec = time.perf_counter() - start
        if sec < best:
            best = sec
            res = {"method": "scipy-RK45", "tol": tol, "nfev": int(sol.nfev), "seconds": sec, "final": sol.y[:, -1].tolist()}
    print(json.dumps(res))
