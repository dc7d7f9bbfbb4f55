"""PyTorch side of bench/foundation/compare.sh: the foundation model of
emergo's package foundation (presets tiny, small, medium; C = 256, H = 32,
P = 16, flatten head plus linear skip head, pre-norm Transformer blocks
with tanh-GELU, learned positions, RevIN-normalised windows) trained with
AdamW and gradient clipping on windows drawn from a synthetic corpus.
Prints one JSON line per preset: {"config", "params", "windows_per_s",
"steps_per_s", "threads", "torch"}, the best of REPEATS measuring runs.

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/foundation/torch_ref.py [threads] [seconds] [repeats] [sizes]
"""
import json
import math
import sys
import time

import torch
import torch.nn as tnn

THREADS = int(sys.argv[1]) if len(sys.argv) > 1 else 2
SECONDS = float(sys.argv[2]) if len(sys.argv) > 2 else 6.0
REPEATS = int(sys.argv[3]) if len(sys.argv) > 3 else 3
SIZES = sys.argv[4].split(",") if len(sys.argv) > 4 else ["tiny", "small", "medium"]
torch.set_num_threads(THREADS)
torch.manual_seed(1)

C, H, P, BATCH = 256, 32, 16, 64
N = C // P
PRESETS = {"micro": (16, 1, 2, 32), "tiny": (32, 2, 2, 64), "small": (64, 3, 4, 128), "medium": (128, 4, 4, 512)}


class FM(tnn.Module):
    def __init__(self, d, layers, heads, ffn):
        super().__init__()
        self.embed = tnn.Linear(P, d)
        self.pos = tnn.Parameter(torch.randn(N, d) * 0.02)
        self.blocks = tnn.ModuleList([
            tnn.TransformerEncoderLayer(d, heads, ffn, dropout=0.0, activation=tnn.GELU(approximate="tanh"),
                                        batch_first=True, norm_first=True) for _ in range(layers)])
        self.norm = tnn.LayerNorm(d)
        self.head = tnn.Linear(N * d, H)
        self.skip = tnn.Linear(C, H)
        tnn.init.zeros_(self.skip.weight)
        self.d = d

    def forward(self, x):
        b = x.shape[0]
        h = self.embed(x.view(b, N, P)) + self.pos
        for blk in self.blocks:
            h = blk(h)
        h = self.norm(h).reshape(b, N * self.d)
        return self.head(h) + self.skip(x)


def corpus():
    g = torch.Generator().manual_seed(1)
    t = torch.arange(2048, dtype=torch.float32)
    rows = []
    for _ in range(64):
        p1 = 20 + 20 * torch.rand(1, generator=g)
        p2 = 50 + 50 * torch.rand(1, generator=g)
        rows.append(torch.sin(2 * math.pi * t / p1) + 0.5 * torch.sin(2 * math.pi * t / p2)
                    + 0.05 * torch.randn(2048, generator=g))
    return torch.stack(rows)


def make_step(model, series):
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4, weight_decay=0.01)
    span = C + H
    offsets = torch.arange(span)

    def step():
        s = torch.randint(0, series.shape[0], (BATCH,))
        st = torch.randint(0, series.shape[1] - span + 1, (BATCH,))
        w = series[s[:, None], st[:, None] + offsets]
        ctx, tgt = w[:, :C], w[:, C:]
        mu = ctx.mean(dim=1, keepdim=True)
        sd = ctx.std(dim=1, unbiased=False, keepdim=True).clamp_min(1e-8)
        x = (ctx - mu) / sd
        y = ((tgt - mu) / sd).clamp(-10, 10) - x[:, -1:]
        opt.zero_grad(set_to_none=False)
        loss = tnn.functional.mse_loss(model(x), y)
        loss.backward()
        tnn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        return loss

    return step


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


series = corpus()
for name in SIZES:
    model = FM(*PRESETS[name])
    params = sum(p.numel() for p in model.parameters())
    sps = measure(make_step(model, series))
    print(json.dumps({"config": name, "params": params, "windows_per_s": sps * BATCH, "steps_per_s": sps,
                      "threads": torch.get_num_threads(), "torch": torch.__version__}), flush=True)
