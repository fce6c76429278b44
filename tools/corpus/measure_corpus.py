#!/usr/bin/env python3
"""Runs `convviz compute` on every hostile preset and measures each run: wall time and peak memory.

    python3 tools/corpus/measure_corpus.py [--binary .build/release/convviz] [--seconds 1] [--megabytes 256]

Each file must give one `error:` line on stderr, nothing on stdout and an exit status from 1 to 127, within
--seconds of wall time and --megabytes of peak resident memory; a run still going after ten times --seconds is
killed. Prints one line per file (slowest first) and exits 1 if any file breaks a rule. Build the binary first
(`swift build -c release`).
"""
import argparse
import os
import signal
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(ROOT, "Tests", "HostileCorpus")


def measure(binary, path, limit):
    """(seconds, peak kilobytes, exit status, stdout, stderr) of `convviz compute path`; a run still going after
    `limit` seconds is killed (status None)."""
    start = time.monotonic()
    process = subprocess.Popen([binary, "compute", path], stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    timer = threading.Timer(limit, process.kill)
    timer.start()
    outputs = {}
    readers = [threading.Thread(target=lambda name, pipe: outputs.update({name: pipe.read()}), args=(name, pipe))
               for name, pipe in (("stdout", process.stdout), ("stderr", process.stderr))]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()
    _, status, usage = os.wait4(process.pid, 0)  # this child's own peak memory, unlike RUSAGE_CHILDREN
    timer.cancel()
    seconds = time.monotonic() - start
    killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL and seconds >= limit
    status = None if killed else os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss, status, outputs["stdout"], outputs["stderr"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "convviz"))
    parser.add_argument("--seconds", type=float, default=1.0)
    parser.add_argument("--megabytes", type=float, default=256)
    arguments = parser.parse_args()
    if not os.access(arguments.binary, os.X_OK):
        sys.exit(f"error: {arguments.binary} is not built (swift build -c release)")

    names = sorted(name for name in os.listdir(CORPUS) if not name.endswith((".pgm", ".ppm", ".png", ".jpg", ".npy", ".npz", ".safetensors")))
    rows, broken = [], 0
    for name in names:
        seconds, kilobytes, status, stdout, stderr = measure(arguments.binary, os.path.join(CORPUS, name),
                                                             limit=10 * arguments.seconds)
        problems = []
        if status is None:
            problems.append(f"still running after {seconds:.0f} s: killed")
        elif seconds > arguments.seconds:
            problems.append(f"took {seconds:.2f} s")
        if kilobytes / 1024 > arguments.megabytes:
            problems.append(f"used {kilobytes / 1024:.0f} MB")
        if status is not None and not 1 <= status <= 127:
            problems.append(f"exit status {status}")
        if stdout:
            problems.append("wrote to stdout")
        if not stderr.startswith(b"error: ") or stderr.count(b"\n") != 1:
            problems.append("stderr is not one error: line")
        broken += bool(problems)
        rows.append((seconds, kilobytes, name, "; ".join(problems) or "ok"))

    for seconds, kilobytes, name, verdict in sorted(rows, reverse=True):
        print(f"{seconds * 1000:8.1f} ms {kilobytes / 1024:7.1f} MB  {name:36} {verdict}")
    slowest, largest = max(rows), max(rows, key=lambda row: row[1])
    print(f"{len(rows)} files, {broken} broken; slowest {slowest[2]} ({slowest[0] * 1000:.1f} ms), "
          f"largest {largest[2]} ({largest[1] / 1024:.1f} MB)")
    sys.exit(1 if broken else 0)


if __name__ == "__main__":
    main()
