#!/usr/bin/env python3
"""Generate golden 2-D convolution fixtures for convviz from PyTorch.

Writes Tests/ConformanceTests/Fixtures/conv2d.json (compact JSON) relative to the
repository root, so the Swift tests need no Python.

How to run (from the repository root; needs the `torch` pip package, CPU is fine):

    python3 tools/golden/make_conv2d_fixtures.py            # writes the fixture
    python3 tools/golden/make_conv2d_fixtures.py --out F.json

Deterministic: all parameters and tensor values come from random.Random(SEED);
torch runs in float64 on one thread. Takes a few seconds.

Every case is in "preset form" (the spelling a user's YAML preset uses):
  id, input (rank 2 [H][W] | rank 3 [C][H][W] | rank 4 [N][C][H][W]),
  kernel (rank 2 [kH][kW] == weight (1,1,kH,kW) | rank 4 [C_out][C_in/groups][kH][kW]),
  bias (optional list), stride / dilation (int | [int] | [int,int], optional),
  padding (int | [int,int] | "same" | "valid", optional), groups (optional int),
  padding_mode ("zeros"|"reflect"|"replicate"|"circular", optional).
Omitted keys mean the defaults: stride 1, padding 0, dilation 1, groups 1, zeros.

Valid cases add "shape" ([N, C_out, H_out, W_out], N = 1 for unbatched input) and
"output" (row-major flat list of floats). Rejected cases add "error" (first line of
the exception torch raised) and "class" (which rejection rule the case exercises).

The reference is torch.nn.Conv2d (padding_mode only exists there), built with
in_channels = input channels (1 for a rank-2 input), out_channels = kernel dim 0,
kernel_size = kernel (kH, kW); then weight/bias are replaced by the case's tensors.
A case is rejected iff constructing the module or running it raises. Every case is
actually run through torch; a "valid" case that raises or a "rejected" case that
torch accepts is reported and dropped.

Deliberately NOT generated, because nn.Conv2d does something other than the
documented semantics there (checked on torch 2.15):
  * padding given as a 1-element list with a non-zeros padding_mode: nn.Conv2d pads
    only the W axis (zeros mode expands it to both axes);
  * dilation given as a 1-element list with padding="same" and a non-zeros mode:
    nn.Conv2d computes the 'same' padding for the H axis only;
  * negative padding with a non-zeros padding_mode (F.pad crops instead of failing);
  * 3-element padding with a non-zeros mode (F.pad pads the channel axis too, and
    torch can accept it).
"""

import sys
import warnings
from collections import Counter
from pathlib import Path

import torch
import torch.nn as nn

from fixture_common import (Fixture, as_tuple, input_tensor, nested, parse_args, seeded_rng, value_gen,
                            weight_tensor)

SEED = 20250610
MODES = ["zeros", "reflect", "replicate", "circular"]
REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT = REPO_ROOT / "Tests" / "ConformanceTests" / "Fixtures" / "conv2d.json"
GENERATOR = "tools/golden/make_conv2d_fixtures.py"

MAX_INPUT_ELEMS = 500
MAX_OUTPUT_ELEMS = 500

# ----------------------------------------------------------------------------
# torch reference
# ----------------------------------------------------------------------------


def forward(case):
    """Run one preset-form case through nn.Conv2d; raises if torch rejects it."""
    x, w = input_tensor(case), weight_tensor(case)
    kw = {}
    for key in ("stride", "padding", "dilation", "groups", "padding_mode"):
        if key in case:
            kw[key] = as_tuple(case[key])
    has_bias = "bias" in case
    with warnings.catch_warnings():
        # zero-element init / even-kernel 'same' performance warnings
        warnings.simplefilter("ignore")
        conv = nn.Conv2d(x.shape[-3], w.shape[0], tuple(w.shape[2:]),
                         bias=has_bias, dtype=torch.float64, **kw)
        with torch.no_grad():
            conv.weight = nn.Parameter(w)
            if has_bias:
                conv.bias = nn.Parameter(torch.tensor(case["bias"], dtype=torch.float64))
            return conv(x)


# ----------------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------------


def pair(v, default):
    if v is None:
        return (default, default)
    if isinstance(v, int):
        return (v, v)
    if len(v) == 1:
        return (v[0], v[0])
    return (v[0], v[1])


def pads_for(padding, k, d):
    """Per-axis (before, after) pads for padding spec; k, d are (H, W) pairs."""
    if padding == "same":
        out = []
        for kk, dd in zip(k, d):
            total = dd * (kk - 1)
            out.append((total // 2, total - total // 2))
        return out
    if padding == "valid":
        return [(0, 0), (0, 0)]
    p = pair(padding, 0)
    return [(p[0], p[0]), (p[1], p[1])]


# ----------------------------------------------------------------------------
# valid case generator
# ----------------------------------------------------------------------------


def gen_valid(rng, rank=None, mode=None, padding_kind=None, groups_kind=None,
              stride_kind=None, dil_kind=None, kernel_kind=None, hw_max=9,
              ch_max=4, big=False, kernel_bigger_than_input=False, tries=5000):
    """Sample a case that should be valid by the documented rules."""
    for _ in range(tries):
        r = rank or rng.choice([2, 3, 3, 4, 4, 4])
        gk = groups_kind or rng.choice(["one"] * 6 + ["grouped", "depthwise"])
        if r == 2:
            gk = "one"
        # channels / groups
        if gk == "one":
            g = 1
            c_in = 1 if r == 2 else rng.randint(1, 6 if big else ch_max)
            c_out = rng.randint(1, 6 if big else ch_max)
        elif gk == "grouped":
            g = rng.choice([2, 2, 3])
            c_in = g * rng.randint(1, 2)
            c_out = g * rng.randint(1, 2)
            if c_in == g and c_out == g and rng.random() < 0.7:
                c_in *= 2  # prefer genuinely grouped (not depthwise) shapes
        else:  # depthwise
            c_in = rng.randint(2, 4)
            g = c_in
            c_out = c_in * rng.choice([1, 1, 2])
        n = rng.randint(1, 3) if r == 4 else 1
        # kernel shape
        if kernel_kind == "even":
            kh = rng.choice([2, 4])
            kw = rng.choice([1, 2, 3, 4])
        elif kernel_kind == "rect":
            kh, kw = rng.sample([1, 2, 3, 4, 5], 2)
        else:
            kh = rng.choice([1, 2, 3, 3, 3, 4, 5])
            kw = kh if rng.random() < 0.5 else rng.choice([1, 2, 3, 4, 5])
        # mode
        m = mode or rng.choice(MODES)
        # padding
        pk = padding_kind or rng.choice(["omit", "int", "int", "pair", "pair", "same", "valid"])
        if pk == "omit":
            padding = None
        elif pk == "int":
            padding = rng.randint(0, 3)
        elif pk == "pair":
            padding = [rng.randint(0, 3), rng.randint(0, 3)]
            if padding[0] == padding[1]:
                padding[1] = (padding[1] + 1) % 4
        else:
            padding = pk
        # stride
        sk = stride_kind or rng.choice(["omit", "int", "int", "pair", "list1"])
        if padding == "same":
            sh = sw = 1
        elif sk == "pair":
            sh, sw = rng.randint(1, 3), rng.randint(1, 3)
            if sh == sw:
                sw = sh % 3 + 1
        else:
            sh = sw = rng.choice([1, 1, 2, 3])
        if sk == "omit" and sh == 1:
            stride = None
        elif sk == "pair":
            stride = [sh, sw]
        elif sk == "list1":
            stride = [sh]
        else:
            stride = sh
        # dilation
        dk = dil_kind or rng.choice(["omit", "omit", "int", "pair", "list1"])
        if dk == "list1" and padding == "same" and m != "zeros":
            dk = "int"  # torch quirk: see module docstring
        if dk == "pair":
            dh, dw = rng.randint(1, 3), rng.randint(1, 3)
            if dh == dw:
                dw = dh % 3 + 1
            dilation = [dh, dw]
        elif dk == "omit":
            dh = dw = 1
            dilation = None
        else:
            dh = dw = rng.choice([1, 2, 2, 3])
            dilation = [dh] if dk == "list1" else dh
        # spatial size
        hi = 9 if big else hw_max
        h, w = rng.randint(1, hi), rng.randint(1, hi)
        if big:
            h, w = rng.randint(6, 9), rng.randint(6, 9)
        if kernel_bigger_than_input:
            ekh, ekw = dh * (kh - 1) + 1, dw * (kw - 1) + 1
            if ekh < 2 or ekw < 2:
                continue
            h = rng.randint(1, ekh - 1)
            w = rng.randint(1, max(1, ekw - 1)) if rng.random() < 0.6 else rng.randint(1, hi)
        # validity
        (pt, pb), (pl, pr) = pads_for(padding if padding is not None else 0, (kh, kw), (dh, dw))
        if h + pt + pb < dh * (kh - 1) + 1 or w + pl + pr < dw * (kw - 1) + 1:
            continue
        if m == "reflect" and max(pt, pb) >= h or m == "reflect" and max(pl, pr) >= w:
            continue
        if m == "circular" and (max(pt, pb) > h or max(pl, pr) > w):
            continue
        ho = (h + pt + pb - dh * (kh - 1) - 1) // sh + 1
        wo = (w + pl + pr - dw * (kw - 1) - 1) // sw + 1
        if n * c_in * h * w > MAX_INPUT_ELEMS or n * c_out * ho * wo > MAX_OUTPUT_ELEMS:
            continue
        if not big and n * c_in * h * w > 250:
            continue
        # kernel rank
        if r == 2 and rng.random() < 0.5:
            c_out = 1
        if c_in == 1 and c_out == 1 and g == 1:
            k_rank = 2 if rng.random() < (0.8 if r == 2 else 0.35) else 4
        else:
            k_rank = 4
        # values
        vk = rng.choice(["int", "int", "float", "float", "float", "short"])
        ivals = value_gen(rng, vk)
        kvals = value_gen(rng, vk, -2, 2) if vk != "float" or rng.random() < 0.7 else value_gen(rng, "int", -2, 2)
        if r == 2:
            inp = nested([h, w], ivals)
        elif r == 3:
            inp = nested([c_in, h, w], ivals)
        else:
            inp = nested([n, c_in, h, w], ivals)
        ker = nested([kh, kw], kvals) if k_rank == 2 else nested([c_out, c_in // g, kh, kw], kvals)
        case = {"input": inp, "kernel": ker}
        if rng.random() < 0.5:
            case["bias"] = [kvals() for _ in range(c_out)]
        if stride is not None:
            case["stride"] = stride
        elif rng.random() < 0.15:
            case["stride"] = 1
        if padding is not None:
            case["padding"] = padding
        elif rng.random() < 0.15:
            case["padding"] = 0
        if dilation is not None:
            case["dilation"] = dilation
        elif rng.random() < 0.15:
            case["dilation"] = [1, 1]
        if g != 1 or rng.random() < 0.15:
            case["groups"] = g
        if m != "zeros" or rng.random() < (0.3 if mode is None else 0.6):
            case["padding_mode"] = m
        return case
    raise RuntimeError("could not sample a valid case")


SEED_INPUT = [[1, 2, 0, 3, 1], [0, 1, 1, 0, 0], [1, 2, 1, 0, 0], [5, 2, 3, 1, 1], [2, 1, 0, 1, 1]]
SEED_KERNEL = [[1, 2, 1], [0, 1, 0], [2, 1, 0]]
SEED_CASES = [
    ({"id": "seed-pad1", "input": SEED_INPUT, "kernel": SEED_KERNEL, "padding": 1},
     [[1, 3, 3, 5, 1], [5, 10, 11, 9, 5], [7, 17, 11, 8, 3], [11, 13, 9, 3, 4], [14, 13, 9, 7, 4]]),
    ({"id": "seed-pad0", "input": SEED_INPUT, "kernel": SEED_KERNEL},
     [[10, 11, 9], [17, 11, 8], [13, 9, 3]]),
    ({"id": "seed-stride2", "input": SEED_INPUT, "kernel": SEED_KERNEL, "stride": 2},
     [[10, 9], [13, 3]]),
    ({"id": "seed-stride2-pad1", "input": SEED_INPUT, "kernel": SEED_KERNEL, "stride": 2, "padding": 1},
     [[1, 3, 1], [7, 11, 3], [14, 9, 4]]),
]


def valid_plan():
    """(family, count, kwargs for gen_valid)."""
    plan = [
        ("random", 80, {}),
        ("rank2", 40, {"rank": 2}),
        ("unbatched-rank3", 25, {"rank": 3}),
        ("batched", 25, {"rank": 4}),
    ]
    for m in MODES:
        plan.append((f"{m}-per-axis", 30, {"mode": m, "padding_kind": "pair"}))
        plan.append((f"{m}-int", 10, {"mode": m, "padding_kind": "int"}))
        plan.append((f"{m}-same", 12, {"mode": m, "padding_kind": "same"}))
    plan += [
        ("same-even-kernel", 20, {"padding_kind": "same", "kernel_kind": "even"}),
        ("same-dilated", 20, {"padding_kind": "same", "dil_kind": "pair"}),
        ("valid", 20, {"padding_kind": "valid"}),
        ("grouped", 40, {"groups_kind": "grouped", "rank": None}),
        ("depthwise", 40, {"groups_kind": "depthwise"}),
        ("stride-dilation-per-axis", 30, {"stride_kind": "pair", "dil_kind": "pair"}),
        ("stride-dilation-list1", 20, {"stride_kind": "list1", "dil_kind": "list1"}),
        ("rect-kernel", 20, {"kernel_kind": "rect"}),
        ("kernel-bigger-than-input", 20, {"kernel_bigger_than_input": True,
                                          "padding_kind": "same"}),
        ("kernel-bigger-than-input-pad", 10, {"kernel_bigger_than_input": True,
                                              "padding_kind": "int", "mode": "zeros"}),
        ("larger", 10, {"big": True}),
    ]
    return plan


# ----------------------------------------------------------------------------
# rejected case generator
# ----------------------------------------------------------------------------


def base_case(rng, c_in=None, c_out=None, g=1, rank=None, h=None, w=None, k=None, ints=True):
    """A small, valid-by-itself case to mutate."""
    r = rank or rng.choice([2, 3, 4])
    if c_in is None:
        c_in = 1 if r == 2 else rng.randint(1, 3)
    if c_in > 1 and r == 2:
        r = 3
    c_out = c_out or rng.randint(1, 3)
    kh, kw = k or (rng.randint(1, 3), rng.randint(1, 3))
    h = h or rng.randint(max(kh, 3), 6)
    w = w or rng.randint(max(kw, 3), 6)
    n = rng.randint(1, 2) if r == 4 else 1
    vg = value_gen(rng, "int" if ints else "short")
    shape = {2: [h, w], 3: [c_in, h, w], 4: [n, c_in, h, w]}[r]
    inp = nested(shape, vg)
    ker_shape = [c_out, max(c_in // g, 1), kh, kw]
    if c_in == 1 and c_out == 1 and g == 1 and rng.random() < 0.5:
        ker = nested([kh, kw], value_gen(rng, "int", -2, 2))
    else:
        ker = nested(ker_shape, value_gen(rng, "int", -2, 2))
    case = {"input": inp, "kernel": ker}
    if rng.random() < 0.4:
        case["bias"] = [rng.randint(-2, 2) for _ in range(c_out)]
    return case


def rejected_cases(rng):
    out = []  # (class, case, expected substring of the torch message)

    def add(cls, case, expect):
        out.append((cls, case, expect))

    # non-positive stride
    for s in [0, -1, [1, 0], [0, 2], [0], [-2, 1], [2, -1], 0]:
        c = base_case(rng)
        c["stride"] = s
        if rng.random() < 0.5:
            c["padding"] = rng.randint(0, 1)
        if rng.random() < 0.3:
            c["padding_mode"] = rng.choice(MODES[1:3])
        add("stride-nonpositive", c, "non-positive stride")
    # negative padding (zeros mode only)
    for p in [-1, [0, -1], [-1, 0], [-2, 1], -3, [1, -2], [-1, -1], -1]:
        c = base_case(rng)
        c["padding"] = p
        if rng.random() < 0.5:
            c["padding_mode"] = "zeros"
        add("padding-negative", c, "negative padding")
    # non-positive dilation
    for d in [0, -1, [1, 0], [0, 1], [0], [-1, 2], [2, -2], 0]:
        c = base_case(rng)
        c["dilation"] = d
        if rng.random() < 0.3:
            c["padding_mode"] = rng.choice(MODES)
        add("dilation-nonpositive", c, "dilation should be greater than zero")
    # non-positive groups
    for gval in [0, -1, -2, 0, -3, 0]:
        c = base_case(rng)
        c["groups"] = gval
        add("groups-nonpositive", c, "groups must be a positive integer")
    # wrong arity of stride / padding / dilation
    for key, vals, msg in [
        ("stride", [[1, 1, 1], [2, 1, 1], [1, 2, 3], []], "expected stride"),
        ("padding", [[0, 0, 0], [1, 1, 1], [1, 0, 2], []], "expected padding"),
        ("dilation", [[1, 1, 1], [1, 2, 1], [2, 2, 2, 2], []], "expected dilation"),
    ]:
        for v in vals:
            c = base_case(rng)
            c[key] = v
            if key != "padding" and rng.random() < 0.3:
                c["padding_mode"] = rng.choice(MODES)
            elif key == "padding" and rng.random() < 0.5:
                c["padding_mode"] = "zeros"
            add(f"{key}-arity", c, msg)
    # C_in not divisible by groups
    for c_in, c_out, g in [(3, 2, 2), (2, 3, 3), (5, 2, 2), (4, 3, 3), (3, 4, 2), (1, 2, 2)]:
        c = base_case(rng, c_in=c_in, c_out=c_out, g=g, rank=rng.choice([3, 4]))
        c["groups"] = g
        add("cin-not-divisible-by-groups", c, "in_channels must be divisible by groups")
    # C_out not divisible by groups
    for c_in, c_out, g in [(2, 3, 2), (4, 2, 4), (6, 4, 3), (3, 1, 3), (2, 1, 2), (4, 6, 4)]:
        c = base_case(rng, c_in=c_in, c_out=c_out, g=g, rank=rng.choice([3, 4]))
        c["groups"] = g
        add("cout-not-divisible-by-groups", c, "out_channels must be divisible by groups")
    # weight dim 1 != C_in / groups
    for c_in, g, wrong in [(2, 1, 1), (3, 1, 2), (1, 1, 2), (4, 2, 1), (4, 2, 4), (2, 1, 3), (6, 3, 3)]:
        c = base_case(rng, c_in=c_in, c_out=g * rng.randint(1, 2), g=g, rank=rng.choice([3, 4]))
        ker = c["kernel"]
        kh, kw = len(ker[0][0]), len(ker[0][0][0])
        c["kernel"] = nested([len(ker), wrong, kh, kw], value_gen(rng, "int", -2, 2))
        if g != 1:
            c["groups"] = g
        add("weight-channels-mismatch", c, "channels, but got")
    for _ in range(2):  # rank-2 kernel (1 input channel) against a multi-channel input
        c = base_case(rng, c_in=rng.randint(2, 3), c_out=1, rank=3)
        c["kernel"] = [[1, 0], [0, 1]]
        add("weight-channels-mismatch", c, "channels, but got")
    # bias length != C_out
    for c_out, blen in [(1, 2), (2, 1), (3, 2), (1, 0), (2, 4), (3, 0), (2, 3)]:
        c = base_case(rng, c_out=c_out)
        nco = len(c["kernel"]) if isinstance(c["kernel"][0][0], list) else 1
        if blen == nco:
            blen += 1
        c["bias"] = [rng.randint(-2, 2) for _ in range(blen)]
        add("bias-length", c, "expected bias to be 1-dimensional")
    # padded input smaller than the dilated kernel
    kt = [
        # (h, w, k, padding, dilation, mode)
        (2, 5, (3, 3), None, None, None),
        (4, 4, (5, 2), 0, None, "zeros"),
        (3, 6, (2, 2), None, 3, None),
        (5, 3, (2, 3), "valid", [1, 2], "reflect"),
        (3, 3, (4, 4), None, None, "replicate"),
        (2, 2, (3, 3), [0, 1], None, "circular"),
        (4, 5, (3, 3), 1, 3, "zeros"),
        (1, 6, (2, 1), [0, 2], None, "replicate"),
        (6, 2, (1, 2), None, [1, 3], "reflect"),
        (3, 3, (2, 2), 0, 4, "circular"),
    ]
    for h, w, k, p, d, m in kt:
        c = base_case(rng, h=h, w=w, k=k)
        if p is not None:
            c["padding"] = p
        if d is not None:
            c["dilation"] = d
        if m is not None:
            c["padding_mode"] = m
        add("kernel-larger-than-padded-input", c, "Kernel size can't be greater than actual input size")
    # padding="same" with stride > 1
    for s, m in [(2, None), ([1, 2], "zeros"), ([2], "reflect"), (3, "replicate"), ([2, 1], "circular"), ([2, 2], None)]:
        c = base_case(rng)
        c["padding"] = "same"
        c["stride"] = s
        if m is not None:
            c["padding_mode"] = m
        add("same-with-stride", c, "padding='same' is not supported for strided convolutions")
    # reflect padding >= dimension size
    rt = [
        # (h, w, k, padding, dilation)
        (3, 5, (1, 1), 3, None),
        (4, 2, (1, 1), [1, 2], None),
        (2, 6, (3, 3), [2, 0], None),
        (1, 4, (1, 3), 1, None),
        (3, 3, (7, 1), "same", None),
        (5, 2, (3, 3), "same", [1, 2]),
        (6, 6, (1, 1), 6, None),
        (4, 4, (2, 2), [4, 1], None),
    ]
    for h, w, k, p, d in rt:
        c = base_case(rng, h=h, w=w, k=k)
        c["padding"] = p
        if d is not None:
            c["dilation"] = d
        c["padding_mode"] = "reflect"
        add("reflect-padding-too-large", c, "Padding size should be less than the corresponding input dimension")
    # circular padding > dimension size
    ct = [
        (3, 5, (1, 1), 4, None),
        (4, 2, (1, 1), [1, 3], None),
        (2, 6, (3, 3), [3, 0], None),
        (1, 4, (1, 3), 2, None),
        (3, 3, (9, 1), "same", None),
        (5, 2, (3, 3), "same", [1, 3]),
        (6, 6, (1, 1), 7, None),
        (4, 4, (2, 2), [5, 1], None),
    ]
    for h, w, k, p, d in ct:
        c = base_case(rng, h=h, w=w, k=k)
        c["padding"] = p
        if d is not None:
            c["dilation"] = d
        c["padding_mode"] = "circular"
        add("circular-padding-too-large", c, "Padding value causes wrapping around more than once")
    # zero-size input (only what nested lists can express: W = 0)
    zt = [
        ([[]], [[1]], {}),
        ([[], []], [[1, 2], [3, 4]], {}),
        ([[[]]], [[[[1]]]], {"padding": 1}),
        ([[[[]]]], [[[[2]]]], {}),
        ([[]], [[1]], {"padding": 1}),
        ([[[], []]], [[1]], {"padding": "same"}),
        ([[]], [[1]], {"padding": 1, "padding_mode": "replicate"}),
        ([[[[]], [[]]]], [[[[1]], [[1]]]], {"padding_mode": "reflect", "padding": [0, 1]}),
        ([[]], [[3]], {"padding": [1, 1], "padding_mode": "circular"}),
    ]
    for inp, ker, kw in zt:
        c = {"input": inp, "kernel": ker}
        c.update(kw)
        add("zero-size-input", c, None)
    # zero-size kernel
    kt0 = [
        ([[]], {}),
        ([[[[]]]], {}),
        ([[]], {"padding": 1}),
        ([[], []], {"padding": [0, 1]}),
        ([[[[], []]]], {"padding": "same"}),
        ([[]], {"padding_mode": "replicate", "padding": 1}),
    ]
    for ker, kw in kt0:
        c = base_case(rng, c_in=1, rank=rng.choice([2, 3, 4]))
        c["kernel"] = ker
        c.pop("bias", None)
        c.update(kw)
        add("zero-size-kernel", c, None)
    return out


KEY_ORDER = ["id", "input", "kernel", "bias", "stride", "padding", "dilation", "groups",
             "padding_mode", "shape", "output", "class", "error"]


# ----------------------------------------------------------------------------
# main
# ----------------------------------------------------------------------------


def main():
    args = parse_args(__doc__, DEFAULT_OUT)
    fixture = Fixture(forward, KEY_ORDER)
    rng = seeded_rng(SEED)
    fixture.collect(rng, SEED_CASES, valid_plan(), gen_valid, rejected_cases)
    fixture.write(args.out, GENERATOR)
    valid, rejected = fixture.valid, fixture.rejected

    def depth(v):
        d = 0
        while isinstance(v, list):
            d += 1
            v = v[0] if v else None
        return d

    print(f"valid: {len(valid)}   rejected: {len(rejected)}")
    print("valid by padding_mode:", dict(Counter(c.get("padding_mode", "zeros(default)") for c in valid)))
    print("valid by padding spelling:", dict(Counter(
        "omitted" if "padding" not in c else c["padding"] if isinstance(c["padding"], str)
        else "int" if isinstance(c["padding"], int) else f"list{len(c['padding'])}" for c in valid)))
    print("valid by input rank:", dict(Counter(depth(c["input"]) for c in valid)))
    print("valid by kernel rank:", dict(Counter(depth(c["kernel"]) for c in valid)))
    print("valid with bias:", sum("bias" in c for c in valid),
          " groups>1:", sum(c.get("groups", 1) > 1 for c in valid),
          " stride per-axis:", sum(isinstance(c.get("stride"), list) and len(c["stride"]) == 2
                                  and c["stride"][0] != c["stride"][1] for c in valid),
          " dilation per-axis:", sum(isinstance(c.get("dilation"), list) and len(c["dilation"]) == 2
                                    and c["dilation"][0] != c["dilation"][1] for c in valid),
          " stride/dilation list1:", sum(any(isinstance(c.get(k), list) and len(c[k]) == 1
                                            for k in ("stride", "dilation")) for c in valid))
    print("valid by family:", dict(fixture.families))
    fixture.print_rejected_by_class(34)
    fixture.print_surprises()
    return 0


if __name__ == "__main__":
    sys.exit(main())
