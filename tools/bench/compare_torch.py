#!/usr/bin/env python3
"""Run `convviz bench --json` and PyTorch's F.conv2d on the same workloads, in one run, and print
the table of ratios (convviz seconds / torch seconds; below 1.0 means convviz is faster).

Usage (from the repository root, after `swift build -c release`):

    python3 tools/bench/compare_torch.py [--binary .build/release/convviz] [--threads N]

Both sides compute in float64. torch uses the same number of threads as convviz (--threads,
default: the number of cores, which convviz also uses). Medians of several runs on both sides; torch on
one thread is shown too, because thread wake-ups dominate its small workloads on some machines.
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import time

import torch
import torch.nn.functional as F

CORE = {
    # name: (N, C_in, size, C_out, padding, groups)
    "cifar": (64, 3, 32, 6, 0, 1),
    "image": (1, 3, 256, 8, 1, 1),
    "resnet": (1, 64, 56, 64, 1, 1),
    "depthwise": (1, 32, 112, 32, 1, 32),
}


def torch_seconds(n, c, size, filters, padding, groups, runs):
    generator = torch.Generator().manual_seed(42)
    x = torch.rand((n, c, size, size), dtype=torch.float64, generator=generator) * 2 - 1
    w = torch.rand((filters, c // groups, 3, 3), dtype=torch.float64, generator=generator) * 2 - 1
    F.conv2d(x, w, padding=padding, groups=groups)  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        F.conv2d(x, w, padding=padding, groups=groups)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=".build/release/convviz")
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    report = json.loads(subprocess.run([args.binary, "bench", "--json"], check=True, capture_output=True, text=True).stdout)
    print(f"{time.strftime('%Y-%m-%d')} · {platform.processor() or platform.machine()} · {os.cpu_count()} cores · "
          f"torch {torch.__version__} ({torch.get_num_threads()} threads) · float64")
    print()
    print(f"| workload | convviz (s) | torch F.conv2d, {args.threads} threads (s) | ratio | torch, 1 thread (s) |")
    print("|---|---:|---:|---:|---:|")
    for workload in report["workloads"]:
        name, seconds = workload["name"], workload["seconds"]
        if name in CORE:
            reference = torch_seconds(*CORE[name], runs=max(21, workload["runs"]))
            torch.set_num_threads(1)
            single = torch_seconds(*CORE[name], runs=max(21, workload["runs"]))
            torch.set_num_threads(args.threads)
            print(f"| {name} | {seconds:.6f} | {reference:.6f} | {seconds / reference:.2f} | {single:.6f} |")
        else:
            print(f"| {name} | {seconds:.6f} | — | — | — |")


if __name__ == "__main__":
    main()
