#!/usr/bin/env python3
"""Generate golden 2-D pooling fixtures (max and average) for convviz from PyTorch.

Writes Tests/ConformanceTests/Fixtures/pool2d.json (compact JSON) relative to the
repository root, so the Swift tests need no Python.

How to run (from the repository root; needs the `torch` pip package, CPU is fine):

    python3 tools/golden/make_pool_fixtures.py            # writes the fixture
    python3 tools/golden/make_pool_fixtures.py --out F.json

Deterministic: all parameters and tensor values come from random.Random(SEED);
torch runs in float64 on one thread. Takes a few seconds.

Every case is in "preset form" (the spelling a user's YAML preset uses):
  id, pool ("max" | "avg"),
  input (rank 2 [H][W] | rank 3 [C][H][W] | rank 4 [N][C][H][W]),
  kernel_size, stride (omitted = kernel_size), padding, dilation (max only)
    (each int | [int] | [int,int]),
  ceil_mode (bool, optional), count_include_pad (bool, avg only, optional).
Omitted keys mean PyTorch's defaults: stride = kernel_size, padding 0, dilation 1,
ceil_mode false, count_include_pad true.

Valid cases add "shape" ([N, C, H_out, W_out], N = 1 for an unbatched input) and
"output" (row-major flat list of floats). Rejected cases add "error" (first line of
the exception torch raised) and "class" (which rejection rule the case exercises).

The references are torch.nn.functional.max_pool2d and avg_pool2d. A rank-2 input is
run as (1, H, W), unbatched, like a one-channel image (F.max_pool2d itself refuses a
2-D tensor). avg_pool2d has no dilation argument: an avg case with a dilation other
than 1 passes it anyway, and torch's TypeError is the rejection. A case is rejected
iff torch raises. Every case is actually run through torch; a "valid" case that
raises or a "rejected" case that torch accepts is reported and dropped.

Max-pooling inputs are random floats, so windows have no ties, except in the
"max-ties" family, whose small-integer inputs tie on purpose (PyTorch keeps the
first maximum in row-major order; the values are equal either way).

Not generated: windows made only of padding (possible with dilation: max pooling
gives -inf there, which JSON cannot hold; a valid case producing one is dropped and
counted), zero-batch inputs (torch accepts N = 0; convviz rejects empty inputs), and
sizes past convviz's limits.
"""

import math
import sys
from collections import Counter
from pathlib import Path

import torch.nn.functional as F

from fixture_common import Fixture, as_tuple, input_tensor, nested, parse_args, seeded_rng, spell

SEED = 20250612
REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT = REPO_ROOT / "Tests" / "ConformanceTests" / "Fixtures" / "pool2d.json"
GENERATOR = "tools/golden/make_pool_fixtures.py"

MAX_INPUT_ELEMS = 300


def forward(case):
    """Run one preset-form case through F.max_pool2d / F.avg_pool2d; raises if torch rejects it."""
    x = input_tensor(case)
    kw = {k: as_tuple(case[k]) for k in ("kernel_size", "stride", "padding", "dilation", "ceil_mode",
                                         "count_include_pad") if k in case}
    return (F.max_pool2d if case["pool"] == "max" else F.avg_pool2d)(x, **kw)


def out_size(size, k, s, p, d, ceil):
    """PyTorch's pooling_output_shape."""
    num = size + 2 * p - d * (k - 1) - 1 + (s - 1 if ceil else 0)
    out = num // s + 1
    if ceil and (out - 1) * s >= size + p:
        out -= 1
    return out


# ----------------------------------------------------------------------------
# valid cases
# ----------------------------------------------------------------------------


def gen_valid(rng, kind=None, rank=None, ceil=None, overhang=False, ties=False, per_axis=False, tries=5000):
    for _ in range(tries):
        pool = kind or rng.choice(["max", "avg"])
        r = rank or rng.choice([2, 3, 3, 4])
        c = 1 if r == 2 else rng.randint(1, 3)
        n = rng.randint(1, 2) if r == 4 else 1
        h, w = rng.randint(1, 7), rng.randint(1, 7)
        cm = rng.random() < 0.5 if ceil is None else ceil

        def axis():
            k = rng.randint(1, 4)
            s = rng.choice([1, 1, 2, 2, 3]) if rng.random() < 0.6 else k
            p = rng.randint(0, k // 2)
            d = rng.choice([1, 1, 2, 3]) if pool == "max" else 1
            return k, s, p, d

        kh, sh, ph, dh = axis()
        kw, sw, pw, dw = axis() if per_axis or rng.random() < 0.5 else (kh, sh, ph, dh)
        if overhang:
            # ceil_mode windows that overhang the padded input, or a last window that ceil_mode drops.
            cm = True
            sh, sw = rng.randint(2, 4), rng.randint(2, 4)
            kh = kh + rng.randint(0, 2)
            ph = min(ph, kh // 2)
        ho, wo = out_size(h, kh, sh, ph, dh, cm), out_size(w, kw, sw, pw, dw, cm)
        if ho < 1 or wo < 1 or n * c * h * w > MAX_INPUT_ELEMS:
            continue
        if overhang:
            axes = [(h, kh, sh, ph, dh, ho), (w, kw, sw, pw, dw, wo)]
            # ceil_mode's rule dropped a last window, or the last window reaches past the padded input.
            dropped = any((sz + 2 * p - d * (k - 1) - 1 + s - 1) // s + 1 > o for sz, k, s, p, d, o in axes)
            past = any((o - 1) * s - p + d * (k - 1) + 1 > sz + p for sz, k, s, p, d, o in axes)
            if not (dropped or past):
                continue
        if ties:
            gen = lambda: rng.randint(-2, 2)  # noqa: E731
        elif pool == "max":
            gen = lambda: rng.uniform(-3.0, 3.0)  # noqa: E731
        else:
            gen = rng.choice([lambda: rng.uniform(-3.0, 3.0), lambda: rng.randint(-3, 3),
                              lambda: round(rng.uniform(-3.0, 3.0), 3)])
        inp = nested({2: [h, w], 3: [c, h, w], 4: [n, c, h, w]}[r], gen)
        case = {"pool": pool, "input": inp, "kernel_size": spell(rng, kh, kw, None, omit=False)}
        if (sh, sw) != (kh, kw) or rng.random() < 0.3:
            case["stride"] = spell(rng, sh, sw, None, omit=False)
        for key, hv, wv, default in [("padding", ph, pw, 0), ("dilation", dh, dw, 1)]:
            if key == "dilation" and pool == "avg":
                continue
            v = spell(rng, hv, wv, default)
            if v is not None:
                case[key] = v
        if cm or rng.random() < 0.3:
            case["ceil_mode"] = cm
        if pool == "avg" and (rng.random() < 0.5):
            case["count_include_pad"] = rng.random() < 0.4
        return case
    raise RuntimeError("could not sample a valid case")


def valid_plan():
    return [
        ("max", 110, {"kind": "max"}),
        ("avg", 110, {"kind": "avg"}),
        ("max-per-axis", 20, {"kind": "max", "per_axis": True}),
        ("avg-per-axis", 20, {"kind": "avg", "per_axis": True}),
        ("ceil-overhang", 40, {"overhang": True}),
        ("unbatched-rank2", 20, {"rank": 2}),
        ("max-ties", 12, {"kind": "max", "ties": True}),
    ]


SEED_INPUT = [[1, 2, 0, 3], [4, 6, 5, 1], [7, 2, 9, 8], [0, 3, 1, 2]]
SEED_CASES = [
    ({"id": "seed-max-2x2", "pool": "max", "input": SEED_INPUT, "kernel_size": 2}, [[6, 5], [7, 9]]),
    ({"id": "seed-avg-2x2", "pool": "avg", "input": SEED_INPUT, "kernel_size": 2}, [[3.25, 2.25], [3, 5]]),
    ({"id": "seed-avg-pad-exclude", "pool": "avg", "input": [[1, 2], [3, 4]], "kernel_size": 2, "stride": 1,
      "padding": 1, "count_include_pad": False},
     [[1, 1.5, 2], [2, 2.5, 3], [3, 3.5, 4]]),
    ({"id": "seed-avg-pad-include", "pool": "avg", "input": [[1, 2], [3, 4]], "kernel_size": 2, "stride": 1,
      "padding": 1},
     [[0.25, 0.75, 0.5], [1, 2.5, 1.5], [0.75, 1.75, 1]]),
    ({"id": "seed-max-negative-pad", "pool": "max", "input": [[-1, -2], [-3, -4]], "kernel_size": 2, "stride": 1,
      "padding": 1},
     [[-1, -1, -2], [-1, -1, -2], [-3, -3, -4]]),
]


# ----------------------------------------------------------------------------
# rejected cases
# ----------------------------------------------------------------------------


def base_case(rng, pool=None, h=None, w=None, rank=None):
    pool = pool or rng.choice(["max", "avg"])
    r = rank or rng.choice([2, 3, 4])
    h, w = h or rng.randint(2, 5), w or rng.randint(2, 5)
    c = 1 if r == 2 else rng.randint(1, 2)
    shape = {2: [h, w], 3: [c, h, w], 4: [1, c, h, w]}[r]
    return {"pool": pool, "input": nested(shape, lambda: round(rng.uniform(-3, 3), 2)), "kernel_size": 2}


def rejected_cases(rng):
    out = []

    def add(cls, case, expect):
        out.append((cls, case, expect))

    for k, s in [(0, None), (0, 1), ([2, 0], 1), (-1, None), ([-1, 2], [1, 1]), ([0, 0], 2)]:
        for pool in ("max", "avg"):
            c = base_case(rng, pool)
            c["kernel_size"] = k
            if s is not None:
                c["stride"] = s
            add("kernel-nonpositive", c, None)
    for s in [0, -1, [1, 0], [-2, 1]]:
        for pool in ("max", "avg"):
            c = base_case(rng, pool)
            c["stride"] = s
            add("stride-nonpositive", c, "stride should")
    for p in [-1, [0, -1], [-1, 1]]:
        for pool in ("max", "avg"):
            c = base_case(rng, pool)
            c["padding"] = p
            add("padding-negative", c, "pad must be non-negative")
    for d in [0, -1, [1, 0]]:
        c = base_case(rng, "max")
        c["dilation"] = d
        add("dilation-nonpositive", c, "dilation should be greater than zero")
    # padding more than half the kernel size (dilation does not help: PyTorch checks pad <= kernel_size // 2)
    for k, p, d in [(2, 2, None), (3, 2, None), (1, 1, None), ([4, 1], [2, 1], None), ([3, 2], [1, 2], None),
                    (2, 2, 3), (3, 2, 2), (3, 3, 2), ([2, 3], [2, 1], [3, 1]), (4, 3, None)]:
        pool = "max" if d is not None else rng.choice(["max", "avg"])
        c = base_case(rng, pool, h=rng.randint(4, 7), w=rng.randint(4, 7))
        c["kernel_size"], c["padding"] = k, p
        if d is not None:
            c["dilation"] = d
        add("padding-more-than-half-kernel", c, "pad should be")
    # the window does not fit the padded input (by at least the stride under ceil_mode)
    for h, w, k, s, p, d, cm in [(2, 4, 3, None, None, None, None), (4, 4, 5, None, 0, None, False),
                                 (3, 6, [2, 2], None, None, 3, None), (4, 4, 6, 2, None, None, True),
                                 (4, 5, [3, 8], [1, 3], [1, 0], None, True), (2, 2, 5, None, 1, None, None),
                                 (5, 3, [1, 3], 1, None, [1, 2], False), (3, 3, 5, 1, None, None, True)]:
        pool = "max" if d is not None else rng.choice(["max", "avg"])
        c = base_case(rng, pool, h=h, w=w)
        c["kernel_size"] = k
        for key, v in [("stride", s), ("padding", p), ("dilation", d), ("ceil_mode", cm)]:
            if v is not None:
                c[key] = v
        add("window-larger-than-padded-input", c, "Output size is too small")
    for d in [2, [1, 2], [3, 1]]:
        c = base_case(rng, "avg", h=5, w=5)
        c["dilation"] = d
        add("avg-dilation", c, "unexpected keyword argument 'dilation'")
    for inp in [[[]], [[], []], [[[]]], [[[[]]]], [[[], []], [[], []]]]:
        for pool in ("max", "avg"):
            add("zero-size-input", {"pool": pool, "input": inp, "kernel_size": 1}, None)
    return out


KEY_ORDER = ["id", "pool", "input", "kernel_size", "stride", "padding", "dilation", "ceil_mode", "count_include_pad",
             "shape", "output", "class", "error"]


def main():
    args = parse_args(__doc__, DEFAULT_OUT)
    fixture = Fixture(forward, KEY_ORDER)
    rng = seeded_rng(SEED)
    dropped_infinite = fixture.collect(rng, SEED_CASES, valid_plan(), gen_valid, rejected_cases,
                                       usable=lambda output: all(math.isfinite(v) for v in output))
    fixture.write(args.out, GENERATOR)
    valid = fixture.valid

    print(f"valid: {len(valid)}   rejected: {len(fixture.rejected)}   "
          f"(dropped {dropped_infinite} valid cases with -inf output)")
    print("valid by family:", dict(fixture.families))
    print("valid by pool:", dict(Counter(c["pool"] for c in valid)),
          " ceil_mode:", sum(c.get("ceil_mode", False) for c in valid),
          " count_include_pad false:", sum(c.get("count_include_pad", True) is False for c in valid),
          " stride omitted:", sum("stride" not in c for c in valid),
          " dilation>1:", sum("dilation" in c and c["dilation"] not in (1, [1], [1, 1]) for c in valid))
    fixture.print_rejected_by_class(32)
    fixture.print_surprises()
    return 0


if __name__ == "__main__":
    sys.exit(main())
