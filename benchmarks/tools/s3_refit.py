#!/usr/bin/env python3
"""Refits the S3 path model to the uploads printed by benchmarks/s3-predict.sh (its log files),
independently of ferry (scipy Nelder-Mead, several starts), in two forms, and predicts the
held-out upload (1,005 requests, 66.6 MB, 16 streams):
  additive: T = t0 + max(R(a + 1/λ)/N, R/λ) + B/C          (ferry's model)
  overlap:  T = t0 + max(R(a + 1/λ)/N, R/λ, B/C)           (bytes flow while the store works)
Usage: benchmarks/tools/s3_refit.py LOG...   (needs numpy and scipy)"""
import math
import re
import sys

import numpy as np
from scipy.optimize import minimize

def load(path):
    fit, hold = [], []
    for line in open(path):
        m = re.match(r"\s+(small-files|large-files)\s+N=(\d+)\s+files=(\d+)\s+requests=(\d+)\s+bytes=(\d+)\s+([\d.]+) s", line)
        if m: fit.append((int(m[4]), int(m[5]), int(m[2]), float(m[6])))
        m = re.match(r"mixed N=(\d+) r\d+: ([\d.]+) s", line)
        if m: hold.append(float(m[2]))
        m = re.match(r"hold-out mixed .*measured ([\d.]+) s", line)
        if m and not hold: hold.append(float(m[1]))
    return fit, float(np.median(hold))
def additive(p, R, B, N):
    a, lam, C, t0 = p
    return t0 + max(R*(a+1/lam)/N, R/lam) + B/C
def overlap(p, R, B, N):
    a, lam, C, t0 = p
    return t0 + max(R*(a+1/lam)/N, R/lam, B/C)
def fit(model, data):
    def loss(q):
        p = [math.exp(x) for x in q]
        return sum(((model(p, R, B, N) - T)/T)**2 for R, B, N, T in data)
    best = None
    for a0 in [0.03, 0.05, 0.08]:
        for lam0 in [100, 200, 400, 3000]:
            for t00 in [0.01, 0.3, 1.5]:
                r = minimize(loss, [math.log(a0), math.log(lam0), math.log(2.3e7), math.log(t00)], method="Nelder-Mead",
                             options={"maxiter": 4000, "xatol": 1e-6, "fatol": 1e-10})
                if best is None or r.fun < best.fun: best = r
    p = [math.exp(x) for x in best.x]
    return p, math.sqrt(best.fun/len(data))
for path in sys.argv[1:]:
    data, held = load(path)
    out = [path.split('/')[-1]]
    for name, model in [("additive", additive), ("overlap", overlap)]:
        p, rms = fit(model, data)
        pred = model(p, 1005, 66579816, 16)
        out.append(f"{name}: a={p[0]*1000:.1f}ms λ={p[1]:.0f} C={p[2]/1e6:.1f}MB/s t0={p[3]:.2f} rms={rms*100:.1f}% pred={pred:.2f} vs {held:.2f} err={(pred-held)/held*100:+.1f}%")
    print(" | ".join(out))
