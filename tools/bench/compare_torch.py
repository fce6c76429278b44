#!/usr/bin/env python3
"""Run `convviz bench --json` and PyTorch on the same workloads, several rounds in one run, and print every
workload in one Markdown table: medians over the rounds, their spread (min-max), the ratio convviz / torch
(below 1.0 means convviz is faster) and the goal of each workload.

Usage (from the repository root, after `swift build -c release`):

    python3 tools/bench/compare_torch.py [--binary .build/release/convviz] [--threads N] [--rounds R]
                                         [--only NAMES] [--allocations]

Both sides compute in float64. torch uses the same number of threads as convviz (--threads, default: the
number of cores, which convviz also uses); torch on one thread is shown too. Each round runs convviz's bench
(its own medians of several runs per workload), then torch on the same workloads, so both see the same machine
load; the table shows the median over the rounds and the range. A workload convviz reports that has no torch
reference here (frames, startup, keystrokes) is shown with its goal only; to compare a new workload with torch,
add a function to TORCH returning (seconds with --threads, seconds on 1 thread).

With --allocations, one more convviz run (after the timed rounds, not timed) preloads tools/bench/malloc_count.c
(built with `cc`) and the table gains the allocations each workload's run makes (median over its runs).
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import tempfile
import time

import torch
import torch.nn.functional as F

# name: (N, C_in, size, C_out, padding, groups), all 3x3 kernels at stride 1 (Bench.swift's `core` workloads).
CORE = {
    "cifar": (64, 3, 32, 6, 0, 1),
    "image": (1, 3, 256, 8, 1, 1),
    "resnet": (1, 64, 56, 64, 1, 1),
    "depthwise": (1, 32, 112, 32, 1, 32),
}

# The goal of each workload (issue 17): a ratio to torch for the core, seconds for the app.
GOALS = {
    "cifar": ("ratio", 0.5),
    "image": ("ratio", 0.5),
    "resnet": ("ratio", 1.0),
    "depthwise": ("ratio", 0.5),
    "grad-resnet": ("ratio", 2.0),
    "edit-frame": ("seconds", 0.002),
    "anim-frame": ("seconds", 0.002),
    "edit-frame-200x60": ("seconds", 0.002),
    "anim-frame-200x60": ("seconds", 0.002),
    "stack-edit": ("seconds", 0.016),
    "keystroke-512": ("seconds", 0.1),
    "keystroke-large": ("seconds", 0.016),
}


def median_seconds(function, runs):
    function()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def core_inputs(n, c, size, filters, padding, groups, requires_grad=False):
    generator = torch.Generator().manual_seed(42)
    x = torch.rand((n, c, size, size), dtype=torch.float64, generator=generator) * 2 - 1
    w = torch.rand((filters, c // groups, 3, 3), dtype=torch.float64, generator=generator) * 2 - 1
    return x.requires_grad_(requires_grad), w.requires_grad_(requires_grad)


def conv_forward(name, runs):
    n, c, size, filters, padding, groups = CORE[name]
    x, w = core_inputs(n, c, size, filters, padding, groups)
    return median_seconds(lambda: F.conv2d(x, w, padding=padding, groups=groups), runs)


def grad_resnet(runs):
    """conv2d backward for the input and the weight on the resnet workload (torch autograd)."""
    n, c, size, filters, padding, groups = CORE["resnet"]
    x, w = core_inputs(n, c, size, filters, padding, groups, requires_grad=True)
    output = F.conv2d(x, w, padding=padding, groups=groups)
    upstream = torch.ones_like(output)
    return median_seconds(lambda: torch.autograd.grad(output, (x, w), upstream, retain_graph=True), runs)


TORCH = {name: (lambda runs, name=name: conv_forward(name, runs)) for name in CORE}
TORCH["grad-resnet"] = grad_resnet


def multiply_adds(name):
    """The multiply-adds of a core workload; a gradient workload does the forward's count twice (dL/dX, dL/dW)."""
    if name.startswith("grad-"):
        forward = multiply_adds(name[len("grad-"):])
        return forward and 2 * forward
    if name not in CORE:
        return None
    n, c, size, filters, padding, groups = CORE[name]
    out = size + 2 * padding - 2
    return n * filters * out * out * (c // groups) * 9


def allocations(command):
    """{workload: allocations per run} from one convviz run with tools/bench/malloc_count.c preloaded."""
    source = os.path.join(os.path.dirname(os.path.abspath(__file__)), "malloc_count.c")
    with tempfile.TemporaryDirectory() as folder:
        library = os.path.join(folder, "malloc_count.so")
        subprocess.run(["cc", "-O2", "-shared", "-fPIC", "-o", library, source], check=True)
        environment = dict(os.environ, LD_PRELOAD=library)
        output = subprocess.run(command, check=True, capture_output=True, text=True, env=environment).stdout
    return {workload["name"]: workload.get("allocations") for workload in json.loads(output)["workloads"]}


def machine():
    model = platform.processor() or platform.machine()
    megahertz, flags = None, set()
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                key, _, value = line.partition(":")
                if key.strip() == "model name":
                    model = value.strip()
                elif key.strip() == "cpu MHz" and megahertz is None:
                    megahertz = float(value)
                elif key.strip() == "flags":
                    flags = set(value.split())
    except OSError:
        pass
    return model, megahertz, "avx512f" in flags


def spread(values, digits):
    low, high = min(values), max(values)
    return f"{statistics.median(values):.{digits}f} ({low:.{digits}f}–{high:.{digits}f})"


def milliseconds(values):
    return spread([v * 1e3 for v in values], 3)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=".build/release/convviz")
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", help="comma-separated workloads (passed to convviz bench --only)")
    parser.add_argument("--allocations", action="store_true",
                        help="also count each workload's allocations per run (LD_PRELOAD tools/bench/malloc_count.c)")
    args = parser.parse_args()

    command = [args.binary, "bench", "--json"] + (["--only", args.only] if args.only else [])
    convviz, reference, single = {}, {}, {}
    order = []
    for _ in range(args.rounds):
        report = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
        for workload in report["workloads"]:
            name = workload["name"]
            if name not in convviz:
                order.append(name)
            convviz.setdefault(name, []).append(workload["seconds"])
            if name in TORCH:
                runs = max(21, workload["runs"])
                torch.set_num_threads(args.threads)
                reference.setdefault(name, []).append(TORCH[name](runs))
                torch.set_num_threads(1)
                single.setdefault(name, []).append(TORCH[name](runs))

    counts = allocations(command) if args.allocations else {}

    model, megahertz, avx512 = machine()
    cores = os.cpu_count()
    print(f"{time.strftime('%Y-%m-%d')} · {model} · {cores} cores"
          + (f" at {megahertz:.0f} MHz" if megahertz else "")
          + f" · load average {os.getloadavg()[0]:.1f}"
          + f" · torch {torch.__version__} ({args.threads} threads) · float64"
          + f" · {args.rounds} rounds")
    if megahertz and avx512:
        peak = cores * megahertz * 1e-3 * 2 * 8 * 2
        print(f"nominal float64 peak {peak:.0f} GFLOP/s ({cores} cores x 2 FMA units x 8 lanes x 2 flops at "
              f"{megahertz:.0f} MHz)")
    print()
    print(f"| workload | convviz (ms) | torch, {args.threads} threads (ms) | ratio | goal | convviz GFLOP/s "
          f"| torch, 1 thread (ms) |" + (" allocations per run |" if counts else ""))
    print("|---|---:|---:|---:|---|---:|---:|" + ("---:|" if counts else ""))
    for name in order:
        ours = convviz[name]
        kind, target = GOALS.get(name, (None, None))
        if name in reference:
            ratios = [a / b for a, b in zip(ours, reference[name])]
            ratio = spread(ratios, 2)
            met = statistics.median(ratios) <= target if kind == "ratio" else None
            goal = f"≤ {target:g}x" + (" ✓" if met else " ✗") if kind == "ratio" else "—"
            theirs, one = milliseconds(reference[name]), milliseconds(single[name])
        else:
            ratio, theirs, one = "—", "—", "—"
            met = statistics.median(ours) < target if kind == "seconds" else None
            goal = f"< {target * 1e3:g} ms" + (" ✓" if met else " ✗") if kind == "seconds" else "—"
        work = multiply_adds(name)
        rate = f"{2 * work / statistics.median(ours) / 1e9:.1f}" if work else "—"
        counted = f" {counts.get(name, '—')} |" if counts else ""
        print(f"| {name} | {milliseconds(ours)} | {theirs} | {ratio} | {goal} | {rate} | {one} |{counted}")


if __name__ == "__main__":
    main()
