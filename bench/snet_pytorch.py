#!/usr/bin/env python3
"""The same SAN2N training step and whole-scan inference as EngineBenchmark, in PyTorch from Python.

Usage: snet_pytorch.py X Y Z VOLUMES [STEPS]. Prints one JSON object: train_pairs_per_s and
denoise_voxel_volumes_per_s. Step = batch of 16 patch pairs (16^3) cut from the scan, f(P) and f(P')
without gradient, a 2x2x2 neighbour sub-sampler draw, every loss term of METHOD.md section 5 (N2N,
Neighbor2Neighbor, Sobel-attention angular terms, Rician NLL), backward, Adam.
"""
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

X, Y, Z, N = (int(a) for a in sys.argv[1:5])
STEPS = int(sys.argv[5]) if len(sys.argv) > 5 else 30
B, S, H = 16, 16, 8
torch.manual_seed(0)

scan = (torch.rand(N, Z, Y, X) + 0.5)  # (C, D, H, W): values near 1, as the network units are
partner = torch.roll(torch.arange(N), 1)
net = nn.Sequential(nn.Conv3d(N, N, 3, padding=1), nn.LeakyReLU(0.2), nn.Conv3d(N, N, 3, padding=1),
                    nn.LeakyReLU(0.2), nn.Conv3d(N, N, 1))
opt = torch.optim.Adam(net.parameters(), lr=5e-4)
sigma = torch.full((1, N, 1, 1, 1), 0.07)

positions = [(z, y, x) for z in range(0, Z - S + 1, 8) for y in range(0, Y - S + 1, 8) for x in range(0, X - S + 1, 8)]

pairs = torch.tensor([[a, a ^ (1 << bit)] for a in range(8) for bit in range(3)])
h = torch.arange(H)
cz, cy, cx = torch.meshgrid(h, h, h, indexing="ij")
cz, cy, cx = cz.reshape(-1), cy.reshape(-1), cx.reshape(-1)


def voxel(k):
    dx, dy, dz = k & 1, (k >> 1) & 1, (k >> 2) & 1
    return ((2 * cz + dz) * S + (2 * cy + dy)) * S + (2 * cx + dx)


s = torch.tensor([1.0, 2.0, 1.0])
d = torch.tensor([1.0, 0.0, -1.0])
sobel = torch.stack([torch.einsum("i,j,k->ijk", d, s, s), torch.einsum("i,j,k->ijk", s, d, s),
                     torch.einsum("i,j,k->ijk", s, s, d)]).unsqueeze(1) / 32


def pick(t, idx):
    return t.reshape(B, N, -1).gather(2, idx).reshape(B, N, H, H, H)


def step(batch):
    P = torch.stack([scan[:, z:z + S, y:y + S, x:x + S] for (z, y, x) in batch])
    Q = P[:, partner]
    with torch.no_grad():
        fP, fQ = net(P), net(Q)
    k = torch.randint(0, 24, (B, H ** 3))
    i1 = voxel(pairs[k, 0]).unsqueeze(1).expand(B, N, -1)
    i2 = voxel(pairs[k, 1]).unsqueeze(1).expand(B, N, -1)
    g1P, g2P, g1Q = pick(P, i1), pick(P, i2), pick(Q, i1)
    g1fP, g2fP, g1fQ = pick(fP, i1), pick(fP, i2), pick(fQ, i1)
    A = net(g1P)
    l1 = ((A - g2P) ** 2).mean()
    l2 = ((A - g2P - (g1fP - g2fP)) ** 2).mean()
    grad = F.conv3d(g1fP.reshape(B * N, 1, H, H, H), sobel, padding=1)
    W = grad.pow(2).sum(1).sqrt().reshape(B, N, H, H, H).softmax(1)
    lq = (W * (A - g1Q) ** 2).mean()
    lq2 = (W * (A - g1Q - (g1fP - g1fQ)) ** 2).mean()
    var = sigma ** 2
    zz = g2P * A / var
    logp = torch.where(g2P > 0, torch.log(g2P.clamp_min(1e-30) / var), torch.zeros_like(g2P)) \
        - (g2P - A) ** 2 / (2 * var) + torch.log(torch.special.i0e(zz))
    lr = -logp.sum() / B
    loss = l1 + l2 + lq + lq2 + 1e-5 * lr
    opt.zero_grad()
    loss.backward()
    opt.step()


order = torch.randperm(len(positions)).tolist()
batches = [[positions[order[(i * B + j) % len(order)]] for j in range(B)] for i in range(STEPS + 3)]
for b in batches[:3]:
    step(b)
t0 = time.perf_counter()
for b in batches[3:]:
    step(b)
train = STEPS * B / (time.perf_counter() - t0)

with torch.no_grad():
    net(scan[None])
    t0 = time.perf_counter()
    for _ in range(3):
        net(scan[None]).clamp_min(0)
    infer = X * Y * Z * N / ((time.perf_counter() - t0) / 3)

print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "train_pairs_per_s": train,
                  "denoise_voxel_volumes_per_s": infer}))
