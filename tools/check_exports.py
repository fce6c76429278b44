#!/usr/bin/env python3
"""Check every shipped preset's `convviz export --torch` script against `convviz compute --grad --json`.

Usage (from the repository root, after `swift build`; needs `pip install torch`):

    python3 tools/check_exports.py [--binary .build/debug/convviz] [PRESET ...]

Runs each exported script in a fresh namespace, reads its module-level `output`, `grad_input`, `grad_weight` and
`grad_bias`, and compares shapes exactly and values within 1e-9 with what `convviz compute --grad --json` prints.
Exits non-zero on a mismatch.
"""
import argparse
import contextlib
import io
import json
import pathlib
import subprocess
import sys


def flatten(value):
    """A nested JSON list's numbers in row-major order."""
    return [v for item in value for v in flatten(item)] if isinstance(value, list) else [value]


def computed(binary, name):
    """`compute --grad --json`, and True; or for a layers: preset (gradients are for single operations only)
    `compute --json`, and False."""
    grad = subprocess.run([binary, "compute", name, "--grad", "--json"], capture_output=True, text=True)
    if grad.returncode == 0:
        return json.loads(grad.stdout), True
    plain = subprocess.run([binary, "compute", name, "--json"], check=True, capture_output=True, text=True)
    return json.loads(plain.stdout), False


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=".build/debug/convviz")
    parser.add_argument("presets", nargs="*")
    args = parser.parse_args()
    names = args.presets or sorted(p.stem for p in pathlib.Path("presets").glob("*.yaml"))
    failures = 0
    for name in names:
        script = subprocess.run([args.binary, "export", name, "--torch"], check=True, capture_output=True, text=True).stdout
        expected, has_grad = computed(args.binary, name)
        namespace = {}
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(script, f"{name}.py", "exec"), namespace)
        output = namespace["output"]
        same_shape = list(output.shape) == expected["shape"]
        flat = output.flatten().tolist()
        values = flatten(expected["output"])
        close = same_shape and all(abs(a - b) <= 1e-9 * max(1.0, abs(b)) for a, b in zip(flat, values))
        for key in ("grad_input", "grad_weight", "grad_bias") if has_grad else ():
            got, want = namespace[key], expected[key]
            if got is None or want is None:
                close = close and got is None and want is None
                continue
            want_flat = flatten(want)
            got_flat = got.flatten().tolist()
            close = close and len(got_flat) == len(want_flat) and all(
                abs(a - b) <= 1e-9 * max(1.0, abs(b)) for a, b in zip(got_flat, want_flat))
        failures += not close
        print(f"{'ok' if close else 'MISMATCH'}  {name}  {list(output.shape)}")
    print(f"{len(names) - failures} passed, {failures} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
