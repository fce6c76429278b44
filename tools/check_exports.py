#!/usr/bin/env python3
"""Check every shipped preset's `convviz export --torch` script against `convviz compute --json`.

Usage (from the repository root, after `swift build`; needs `pip install torch`):

    python3 tools/check_exports.py [--binary .build/debug/convviz] [PRESET ...]

Runs each exported script in a fresh namespace, reads its module-level `output`, and compares shape
exactly and values within 1e-9 with what `convviz compute --json` prints. Exits non-zero on a mismatch.
"""
import argparse
import contextlib
import io
import json
import pathlib
import subprocess
import sys


def flattened(nested):
    """The numbers of a nested list, row-major (4-D grids, or [N, features] after a stack's flatten)."""
    if isinstance(nested, list):
        return [v for item in nested for v in flattened(item)]
    return [nested]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=".build/debug/convviz")
    parser.add_argument("presets", nargs="*")
    args = parser.parse_args()
    names = args.presets or sorted(p.stem for p in pathlib.Path("presets").glob("*.yaml"))
    failures = 0
    for name in names:
        script = subprocess.run([args.binary, "export", name, "--torch"], check=True, capture_output=True, text=True).stdout
        expected = json.loads(subprocess.run([args.binary, "compute", name, "--json"], check=True, capture_output=True, text=True).stdout)
        namespace = {}
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(script, f"{name}.py", "exec"), namespace)
        output = namespace["output"]
        same_shape = list(output.shape) == expected["shape"]
        flat = output.flatten().tolist()
        values = flattened(expected["output"])
        close = same_shape and all(abs(a - b) <= 1e-9 * max(1.0, abs(b)) for a, b in zip(flat, values))
        failures += not close
        print(f"{'ok' if close else 'MISMATCH'}  {name}  {list(output.shape)}")
    print(f"{len(names) - failures} passed, {failures} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
