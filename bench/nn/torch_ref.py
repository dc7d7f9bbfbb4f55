"""PyTorch side of bench/nn/compare.sh: times one training step (zero-grad,
forward, MSE loss, backward, Adam) of the three reference configurations
of emergo's nn/refbench with the same shapes, and prints one JSON line per
configuration: {"config", "steps_per_s", "ms_per_step", "threads", "torch"}.

Run with Debian's interpreter and python3-torch, OPENBLAS_NUM_THREADS=1:
    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/nn/torch_ref.py [threads] [seconds] [repeats]
"""
import json
import sys
import time

import torch
import torch.nn as tnn

THREADS = int(sys.argv[1]) if len(sys.argv) > 1 else 2
SECONDS = float(sys.argv[2]) if len(sys.argv) > 2 else 2.0
REPEATS = int(sys.argv[3]) if len(sys.argv) > 3 else 5
torch.set_num_threads(THREADS)
torch.manual_seed(1)


class Step:
    def __init__(self, model, loss_fn):
        self.model = model
        self.loss_fn = loss_fn
        self.opt = torch.optim.Adam(model.parameters(), lr=1e-3)

    def __call__(self):
        self.opt.zero_grad(set_to_none=False)
        loss = self.loss_fn()
        loss.backward()
        self.opt.step()
        return loss


def mlp():
    net = tnn.Sequential(tnn.Linear(64, 256), tnn.ReLU(), tnn.Linear(256, 256), tnn.ReLU(), tnn.Linear(256, 16))
    x, y = torch.randn(256, 64), torch.randn(256, 16)
    return Step(net, lambda: tnn.functional.mse_loss(net(x), y))


class GRUHead(tnn.Module):
    def __init__(self):
        super().__init__()
        self.gru = tnn.GRU(16, 128, batch_first=True)
        self.head = tnn.Linear(128, 16)

    def forward(self, x):
        _, h = self.gru(x)
        return self.head(h[-1])


def gru():
    net = GRUHead()
    x, y = torch.randn(64, 32, 16), torch.randn(64, 16)
    return Step(net, lambda: tnn.functional.mse_loss(net(x), y))


def transformer():
    blk = tnn.TransformerEncoderLayer(d_model=64, nhead=4, dim_feedforward=256, dropout=0.0,
                                      activation=tnn.GELU(approximate="tanh"), batch_first=True, norm_first=True)
    x, y = torch.randn(32, 64, 64), torch.randn(32, 64, 64)
    return Step(blk, lambda: tnn.functional.mse_loss(blk(x), y))


def measure(step):
    for _ in range(5):
        step()
    best = 0.0
    for _ in range(REPEATS):
        n, start = 0, time.perf_counter()
        while True:
            step()
            n += 1
            el = time.perf_counter() - start
            if el >= SECONDS / REPEATS:
                break
        best = max(best, n / el)
    return best


for name, build in (("mlp", mlp), ("gru", gru), ("transformer", transformer)):
    sps = measure(build())
    print(json.dumps({"config": name, "steps_per_s": sps, "ms_per_step": 1e3 / sps,
                      "threads": torch.get_num_threads(), "torch": torch.__version__}), flush=True)
