#!/usr/bin/env python3
"""Generate golden transposed-convolution fixtures for convviz from PyTorch.

Writes Tests/ConformanceTests/Fixtures/conv_transpose2d.json (compact JSON) relative
to the repository root, so the Swift tests need no Python.

How to run (from the repository root; needs the `torch` pip package, CPU is fine):

    python3 tools/golden/make_transposed_fixtures.py            # writes the fixture
    python3 tools/golden/make_transposed_fixtures.py --out F.json

Deterministic: all parameters and tensor values come from random.Random(SEED);
torch runs in float64 on one thread. Takes a few seconds.

Every case is in "preset form" (the spelling a user's YAML preset uses):
  id, "transposed": true,
  input (rank 2 [H][W] | rank 3 [C_in][H][W] | rank 4 [N][C_in][H][W]),
  kernel (rank 2 [kH][kW] == weight (1,1,kH,kW) | rank 4 [C_in][C_out/groups][kH][kW]),
  bias (optional list of C_out values),
  stride / padding / output_padding / dilation (int | [int] | [int,int], optional),
  groups (optional int).
Omitted keys mean the defaults: stride 1, padding 0, output_padding 0, dilation 1, groups 1.

Valid cases add "shape" ([N, C_out, H_out, W_out], N = 1 for an unbatched input) and
"output" (row-major flat list of floats). Rejected cases add "error" (first line of
the exception torch raised) and "class" (which rejection rule the case exercises).

The reference is torch.nn.functional.conv_transpose2d (nn.ConvTranspose2d adds no
rule of its own once the weight's shape fixes in/out channels). A rank-2 input is
run as (1, H, W), unbatched, like a one-channel image. A case is rejected iff torch
raises. Every case is actually run through torch; a "valid" case that raises or a
"rejected" case that torch accepts is reported and dropped.

Not generated: zero-batch inputs (torch accepts N = 0; convviz rejects empty inputs)
and sizes past convviz's limits (torch's own size arithmetic overflows there).
"""

import sys
from pathlib import Path

import torch
import torch.nn.functional as F

from fixture_common import (Fixture, as_tuple, input_tensor, nested, parse_args, seeded_rng, spell, value_gen,
                            weight_tensor)

SEED = 20250611
REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT = REPO_ROOT / "Tests" / "ConformanceTests" / "Fixtures" / "conv_transpose2d.json"
GENERATOR = "tools/golden/make_transposed_fixtures.py"

MAX_INPUT_ELEMS = 200
MAX_OUTPUT_ELEMS = 600
PARAMS = ("stride", "padding", "output_padding", "dilation", "groups")


def forward(case):
    """Run one preset-form case through F.conv_transpose2d; raises if torch rejects it."""
    x, w = input_tensor(case), weight_tensor(case)
    b = torch.tensor(case["bias"], dtype=torch.float64) if "bias" in case else None
    kw = {k: as_tuple(case[k]) for k in PARAMS if k in case}
    return F.conv_transpose2d(x, w, b, **kw)


def out_size(size, s, p, op, d, k):
    return (size - 1) * s - 2 * p + d * (k - 1) + op + 1


# ----------------------------------------------------------------------------
# valid cases
# ----------------------------------------------------------------------------


def gen_valid(rng, rank=None, groups_kind=None, per_axis=False, crop=False, tries=5000):
    """Sample a case that should be valid by the documented rules."""
    for _ in range(tries):
        r = rank or rng.choice([2, 3, 3, 4, 4])
        gk = "one" if r == 2 else groups_kind or rng.choice(["one"] * 5 + ["grouped", "depthwise"])
        if gk == "one":
            g, c_in = 1, (1 if r == 2 else rng.randint(1, 3))
            c_out = rng.randint(1, 3)
        elif gk == "grouped":
            g = rng.choice([2, 2, 3])
            c_in, c_out = g * rng.randint(1, 2), g * rng.randint(1, 2)
        else:
            c_in = g = rng.randint(2, 4)
            c_out = g * rng.choice([1, 1, 2])
        n = rng.randint(1, 2) if r == 4 else 1
        h, w = rng.randint(1, 5), rng.randint(1, 5)
        kh, kw = rng.randint(1, 4), rng.randint(1, 4)

        def axis():
            s = rng.choice([1, 1, 2, 2, 3])
            d = rng.choice([1, 1, 1, 2, 3])
            op = rng.randint(0, max(s, d) - 1) if rng.random() < 0.5 else 0
            p = rng.randint(0, 3 if crop else 2)
            return s, d, op, p

        sh, dh, oph, ph = axis()
        if per_axis:
            sw, dw, opw, pw = axis()
        elif rng.random() < 0.6:
            sw, dw, opw, pw = sh, dh, oph, ph
        else:
            sw, dw, opw, pw = axis()
        ho, wo = out_size(h, sh, ph, oph, dh, kh), out_size(w, sw, pw, opw, dw, kw)
        if ho < 1 or wo < 1:
            continue
        if crop and min(ho, wo) > 3:
            continue
        if n * c_in * h * w > MAX_INPUT_ELEMS or n * c_out * ho * wo > MAX_OUTPUT_ELEMS:
            continue
        vk = rng.choice(["int", "int", "float", "float", "short"])
        ivals, kvals = value_gen(rng, vk), value_gen(rng, vk, -2, 2)
        shape = {2: [h, w], 3: [c_in, h, w], 4: [n, c_in, h, w]}[r]
        inp = nested(shape, ivals)
        if c_in == 1 and c_out == 1 and rng.random() < 0.6:
            ker = nested([kh, kw], kvals)
        else:
            ker = nested([c_in, c_out // g, kh, kw], kvals)
        case = {"transposed": True, "input": inp, "kernel": ker}
        if rng.random() < 0.5:
            case["bias"] = [kvals() for _ in range(c_out)]
        for key, hv, wv, default in [("stride", sh, sw, 1), ("padding", ph, pw, 0),
                                     ("output_padding", oph, opw, 0), ("dilation", dh, dw, 1)]:
            v = spell(rng, hv, wv, default)
            if v is not None:
                case[key] = v
        if g != 1 or rng.random() < 0.15:
            case["groups"] = g
        return case
    raise RuntimeError("could not sample a valid case")


def valid_plan():
    return [
        ("mixed", 160, {}),
        ("unbatched-rank2", 30, {"rank": 2}),
        ("batched", 30, {"rank": 4}),
        ("grouped", 30, {"groups_kind": "grouped"}),
        ("depthwise", 20, {"groups_kind": "depthwise"}),
        ("per-axis", 40, {"per_axis": True}),
        ("heavy-crop", 25, {"crop": True}),
    ]


SEED_CASES = [
    # Each input value stamps the 2x2 ones kernel onto its own 2x2 block.
    ({"id": "seed-stamp", "transposed": True, "input": [[1, 2], [3, 4]], "kernel": [[1, 1], [1, 1]], "stride": 2},
     [[1, 1, 2, 2], [1, 1, 2, 2], [3, 3, 4, 4], [3, 3, 4, 4]]),
    # Overlapping stamps add up.
    ({"id": "seed-overlap", "transposed": True, "input": [[1, 2], [3, 4]], "kernel": [[1, 1], [1, 1]]},
     [[1, 3, 2], [4, 10, 6], [3, 7, 4]]),
    # Padding crops a ring; output_padding adds a row and column at the bottom right.
    ({"id": "seed-crop-extend", "transposed": True, "input": [[1, 2], [3, 4]], "kernel": [[1, 1], [1, 1]],
      "stride": 2, "padding": 1, "output_padding": 1},
     [[1, 2, 2], [3, 4, 4], [3, 4, 4]]),
]


# ----------------------------------------------------------------------------
# rejected cases
# ----------------------------------------------------------------------------


def base_case(rng, c_in=1, c_out=1, g=1, rank=None, h=None, w=None, k=None):
    r = rank or (2 if c_in == 1 and rng.random() < 0.4 else rng.choice([3, 4]))
    h = h or rng.randint(2, 4)
    w = w or rng.randint(2, 4)
    kh, kw = k or (rng.randint(1, 3), rng.randint(1, 3))
    n = rng.randint(1, 2) if r == 4 else 1
    vg = value_gen(rng, "int")
    inp = nested({2: [h, w], 3: [c_in, h, w], 4: [n, c_in, h, w]}[r], vg)
    if c_in == 1 and c_out == 1 and g == 1 and rng.random() < 0.5:
        ker = nested([kh, kw], value_gen(rng, "int", -2, 2))
    else:
        ker = nested([c_in, max(c_out // g, 1), kh, kw], value_gen(rng, "int", -2, 2))
    case = {"transposed": True, "input": inp, "kernel": ker}
    if rng.random() < 0.3:
        case["bias"] = [rng.randint(-2, 2) for _ in range(c_out)]
    return case


def rejected_cases(rng):
    out = []  # (class, case, expected substring of the torch message)

    def add(cls, case, expect):
        out.append((cls, case, expect))

    for s in [0, -1, [1, 0], [0, 2], [-2, 1]]:
        c = base_case(rng)
        c["stride"] = s
        add("stride-nonpositive", c, "non-positive stride")
    for p in [-1, [0, -1], [-2, 1], -3]:
        c = base_case(rng)
        c["padding"] = p
        add("padding-negative", c, "negative padding")
    for op, s in [(-1, 2), ([0, -1], 2), ([-1, 0], [2, 3])]:
        c = base_case(rng)
        c["output_padding"], c["stride"] = op, s
        add("output-padding-negative", c, "negative output_padding")
    for d in [0, -1, [1, 0], [0, 2], [-1, -1]]:
        c = base_case(rng)
        c["dilation"] = d
        add("dilation-nonpositive", c, "dilation should be greater than zero")
    for gval in [0, -1, -2]:
        c = base_case(rng)
        c["groups"] = gval
        add("groups-nonpositive", c, "non-positive groups")
    # output_padding must be smaller than the stride or the dilation, on each axis.
    for op, s, d in [(1, None, None), (2, 2, None), (2, 2, 2), ([1, 0], [1, 2], None), ([0, 1], [2, 1], None),
                     (3, 3, [2, 3]), ([2, 1], [2, 2], [2, 1]), (1, None, [1, 2]), ([1, 3], [2, 3], [3, 1])]:
        c = base_case(rng)
        c["output_padding"] = op
        if s is not None:
            c["stride"] = s
        if d is not None:
            c["dilation"] = d
        add("output-padding-too-large", c, "output padding must be smaller than either stride or dilation")
    # weight dim 0 != C_in
    for c_in, wrong, g in [(2, 1, 1), (1, 2, 1), (3, 2, 1), (4, 2, 2), (2, 4, 2)]:
        c = base_case(rng, c_in=c_in, rank=rng.choice([3, 4]))
        kh, kw = rng.randint(1, 2), rng.randint(1, 2)
        c["kernel"] = nested([wrong, rng.randint(1, 2), kh, kw], value_gen(rng, "int", -2, 2))
        c.pop("bias", None)
        if g != 1:
            c["groups"] = g
        add("weight-channels-mismatch", c, "channels, but got")
    c = base_case(rng, c_in=2, rank=3)
    c["kernel"] = [[1, 0], [0, 1]]
    c.pop("bias", None)
    add("weight-channels-mismatch", c, "channels, but got")
    # C_in not divisible by groups
    for c_in, g in [(3, 2), (2, 3), (4, 3), (1, 2), (5, 2)]:
        c = base_case(rng, c_in=c_in, c_out=g, g=g, rank=rng.choice([3, 4]))
        c.pop("bias", None)
        c["groups"] = g
        add("cin-not-divisible-by-groups", c, "expected weight to be")
    # bias length != C_out (= weight dim 1 * groups)
    for c_in, per_group, g, blen in [(1, 1, 1, 2), (1, 2, 1, 1), (2, 1, 2, 1), (2, 2, 2, 2), (3, 1, 1, 3), (1, 3, 1, 0)]:
        c = base_case(rng, c_in=c_in, c_out=per_group * g, g=g, rank=3)
        c["kernel"] = nested([c_in, per_group, 2, 2], value_gen(rng, "int", -2, 2))
        c["bias"] = [rng.randint(-2, 2) for _ in range(blen)]
        if g != 1:
            c["groups"] = g
        add("bias-length", c, "expected bias to be 1-dimensional")
    # padding crops the output to nothing
    for h, w, k, p, s in [(2, 2, (2, 2), 2, None), (1, 1, (1, 1), 1, None), (3, 3, (1, 1), [0, 2], None),
                          (2, 3, (3, 1), [3, 0], None), (2, 2, (2, 2), 3, 2), (1, 4, (2, 2), [1, 5], [1, 2])]:
        c = base_case(rng, h=h, w=w, k=k)
        c["padding"] = p
        if s is not None:
            c["stride"] = s
        add("output-cropped-away", c, "Output size is too small")
    # zero-size input (what nested lists can express: W = 0)
    for inp, ker in [([[]], [[1]]), ([[], []], [[1, 2], [3, 4]]), ([[[]]], [[[[1]]]]), ([[[[]]]], [[[[2]]]])]:
        add("zero-size-input", {"transposed": True, "input": inp, "kernel": ker}, None)
    # zero-size kernel
    for ker in [[[]], [[[[]]]], [[], []]]:
        c = base_case(rng, rank=rng.choice([2, 3]))
        c["kernel"] = ker
        c.pop("bias", None)
        add("zero-size-kernel", c, None)
    return out


KEY_ORDER = ["id", "transposed", "input", "kernel", "bias", "stride", "padding", "output_padding", "dilation",
             "groups", "shape", "output", "class", "error"]


def main():
    args = parse_args(__doc__, DEFAULT_OUT)
    fixture = Fixture(forward, KEY_ORDER)
    rng = seeded_rng(SEED)
    fixture.collect(rng, SEED_CASES, valid_plan(), gen_valid, rejected_cases)
    fixture.write(args.out, GENERATOR)
    valid = fixture.valid

    print(f"valid: {len(valid)}   rejected: {len(fixture.rejected)}")
    print("valid by family:", dict(fixture.families))

    def pair_of(c, key, default):
        v = c.get(key, default)
        return (v, v) if isinstance(v, int) else (v[0], v[0]) if len(v) == 1 else tuple(v)

    print("valid with bias:", sum("bias" in c for c in valid),
          " groups>1:", sum(c.get("groups", 1) > 1 for c in valid),
          " output_padding>0:", sum(max(pair_of(c, "output_padding", 0)) > 0 for c in valid),
          " per-axis settings:", sum(any(len(set(pair_of(c, k, 0))) == 2 for k in PARAMS[:4]) for c in valid))
    fixture.print_rejected_by_class(30)
    fixture.print_surprises()
    return 0


if __name__ == "__main__":
    sys.exit(main())
