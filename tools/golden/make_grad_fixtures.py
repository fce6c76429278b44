#!/usr/bin/env python3
"""Generate golden backward-pass fixtures (PyTorch autograd, float64) for convviz.

Writes Tests/ConformanceTests/Fixtures/grad.json (compact JSON) relative to the
repository root, so the Swift tests need no Python.

How to run (from the repository root; needs the `torch` pip package, CPU is fine):

    python3 tools/golden/make_grad_fixtures.py            # writes the fixture
    python3 tools/golden/make_grad_fixtures.py --out F.json

Deterministic: all parameters and tensor values come from random.Random(SEED);
torch runs in float64 on one thread. Takes a few seconds.

The cases are the preset-form cases of the forward fixture generators
(make_conv2d_fixtures.py, make_transposed_fixtures.py, make_pool_fixtures.py, whose
gen_valid samplers are reused: every parameter, padding spelling and padding mode),
sampled afresh from this script's seed, plus an optional "grad_output" key: the
upstream gradient dL/dY in the output's shape, batched exactly when the input is
([N][C][H][W]; [C][H][W], or [H][W] when C_out = 1, for an unbatched input).
Without it, dL/dY is all ones (what `convviz compute --grad` assumes).

Valid cases add "shape" and "output" (as the forward fixtures) and
  grad_input  (row-major flat dL/dX, of the 4-D input: N = 1 when unbatched),
  grad_weight (row-major flat dL/dW in the kernel's 4-D layout, or null for pooling),
  grad_bias   (list, or null without a bias),
from output.backward(grad_output) on nn.Conv2d (padding modes fold the padded taps'
gradients back), F.conv_transpose2d, F.max_pool2d and F.avg_pool2d.

The "max-ties" and "avg-ties" families use small-integer inputs (and integer
dL/dY) so windows tie: PyTorch routes a max window's gradient to its first maximum
in row-major order, and the tied values make a wrong choice visible in dL/dX.

Not generated: max-pooling windows of padding only (possible with dilation), whose
-inf output JSON cannot hold (and whose backward torch 2.15 gets wrong, writing
outside the input); such sampled cases are dropped and counted.

Rejected cases are valid operations whose grad_output has the wrong shape (sizes,
channels, or batched vs unbatched); "error" is torch's message from backward.
"""

import sys
import warnings
from collections import Counter
from pathlib import Path

import torch
import torch.nn as nn
import torch.nn.functional as F

import make_conv2d_fixtures as conv2d
import make_pool_fixtures as pool2d
import make_transposed_fixtures as transposed
from fixture_common import as_tuple, input_tensor, nested, ordered, parse_args, seeded_rng, weight_tensor

SEED = 20251204
REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT = REPO_ROOT / "Tests" / "ConformanceTests" / "Fixtures" / "grad.json"
GENERATOR = "tools/golden/make_grad_fixtures.py"


def kind(case):
    """conv2d, conv_transpose2d or pool."""
    if "pool" in case:
        return "pool"
    return "conv_transpose2d" if case.get("transposed") else "conv2d"


def backward(case):
    """Run one case forward and backward; returns (output, grad_input, grad_weight, grad_bias), 4-D where batched.

    Raises if torch rejects the case or its grad_output."""
    x = input_tensor(case).clone().requires_grad_(True)
    op = kind(case)
    weight = bias = None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if op == "conv2d":
            w = weight_tensor(case)
            kw = {k: as_tuple(case[k]) for k in ("stride", "padding", "dilation", "groups", "padding_mode") if k in case}
            module = nn.Conv2d(x.shape[-3], w.shape[0], tuple(w.shape[2:]), bias="bias" in case, dtype=torch.float64, **kw)
            module.weight = nn.Parameter(w.clone())
            if "bias" in case:
                module.bias = nn.Parameter(torch.tensor(case["bias"], dtype=torch.float64))
            weight, bias = module.weight, module.bias
            y = module(x)
        elif op == "conv_transpose2d":
            weight = weight_tensor(case).clone().requires_grad_(True)
            if "bias" in case:
                bias = torch.tensor(case["bias"], dtype=torch.float64, requires_grad=True)
            kw = {k: as_tuple(case[k]) for k in transposed.PARAMS if k in case}
            y = F.conv_transpose2d(x, weight, bias, **kw)
        else:
            kw = {k: as_tuple(case[k]) for k in ("kernel_size", "stride", "padding", "dilation", "ceil_mode",
                                                 "count_include_pad") if k in case}
            y = (F.max_pool2d if case["pool"] == "max" else F.avg_pool2d)(x, **kw)
    if not torch.isfinite(y).all():
        # A max-pooling window of padding only gives -inf; torch's backward then routes its gradient outside the
        # input (torch 2.15 corrupts memory there), and JSON cannot hold -inf: such cases are dropped.
        raise ValueError("the output is not finite")
    if "grad_output" in case:
        g = torch.tensor(case["grad_output"], dtype=torch.float64)
        if x.dim() == 3 and g.dim() == 2:
            g = g.unsqueeze(0)
    else:
        g = torch.ones_like(y)
    y.backward(g)
    batch = (lambda t: t.unsqueeze(0)) if y.dim() == 3 else (lambda t: t)
    return (batch(y.detach()), batch(x.grad), None if weight is None else weight.grad,
            None if bias is None else bias.grad)


def flat(t):
    return [float(v) for v in t.flatten().tolist()]


def input_rank(case):
    depth, v = 0, case["input"]
    while isinstance(v, list):
        depth, v = depth + 1, v[0]
    return depth


def sample(rng, family, gen):
    """One case from a forward generator, with dL/dY given (60%) or all ones; raises ValueError when its output is
    not finite."""
    case = gen()
    if family.startswith("max-ties") or family.startswith("avg-ties"):
        ints = True
    else:
        ints = rng.random() < 0.5
    if rng.random() < 0.6:
        out, _, _, _ = backward(case)
        n, c, h, w = out.shape
        gen_value = (lambda: rng.randint(-3, 3)) if ints else (lambda: round(rng.uniform(-2.0, 2.0), 3))
        if input_rank(case) == 4:
            case["grad_output"] = nested([n, c, h, w], gen_value)
        elif c == 1 and rng.random() < 0.5:
            case["grad_output"] = nested([h, w], gen_value)
        else:
            case["grad_output"] = nested([c, h, w], gen_value)
    return case


def valid_plan(rng):
    """(family, count, generator) triples: every parameter of every operation."""
    c = lambda **kw: (lambda: conv2d.gen_valid(rng, **kw))  # noqa: E731
    t = lambda **kw: (lambda: transposed.gen_valid(rng, **kw))  # noqa: E731
    p = lambda **kw: (lambda: pool2d.gen_valid(rng, **kw))  # noqa: E731
    plan = [
        ("conv-random", 40, c()),
        ("conv-rank2", 15, c(rank=2)),
        ("conv-batched", 20, c(rank=4)),
        ("conv-same-even", 12, c(padding_kind="same", kernel_kind="even")),
        ("conv-same-dilated", 12, c(padding_kind="same", dil_kind="pair")),
        ("conv-valid", 8, c(padding_kind="valid")),
        ("conv-grouped", 20, c(groups_kind="grouped")),
        ("conv-depthwise", 20, c(groups_kind="depthwise")),
        ("conv-stride-dilation", 20, c(stride_kind="pair", dil_kind="pair")),
        ("conv-kernel-bigger-than-input", 10, c(kernel_bigger_than_input=True, padding_kind="same")),
    ]
    for m in conv2d.MODES:
        plan.append((f"conv-{m}-pair", 15, c(mode=m, padding_kind="pair")))
        plan.append((f"conv-{m}-int", 8, c(mode=m, padding_kind="int")))
        plan.append((f"conv-{m}-same", 8, c(mode=m, padding_kind="same")))
    plan += [
        ("transposed-mixed", 50, t()),
        ("transposed-unbatched-rank2", 10, t(rank=2)),
        ("transposed-batched", 12, t(rank=4)),
        ("transposed-grouped", 12, t(groups_kind="grouped")),
        ("transposed-depthwise", 10, t(groups_kind="depthwise")),
        ("transposed-per-axis", 15, t(per_axis=True)),
        ("transposed-crop", 10, t(crop=True)),
        ("max", 40, p(kind="max")),
        ("avg", 40, p(kind="avg")),
        ("max-per-axis", 10, p(kind="max", per_axis=True)),
        ("avg-per-axis", 10, p(kind="avg", per_axis=True)),
        ("ceil-overhang", 20, p(overhang=True)),
        ("pool-unbatched-rank2", 10, p(rank=2)),
        ("max-ties", 30, p(kind="max", ties=True)),
        ("max-ties-overhang", 10, p(kind="max", ties=True, overhang=True)),
        ("avg-ties", 10, p(kind="avg", ties=True)),
    ]
    return plan


SEED_INPUT = [[1, 2, 0, 3, 1], [0, 1, 1, 0, 0], [1, 2, 1, 0, 0], [5, 2, 3, 1, 1], [2, 1, 0, 1, 1]]
SEED_KERNEL = [[1, 2, 1], [0, 1, 0], [2, 1, 0]]
SEED_CASES = [
    # The README's example with bias 0 and dL/dY all ones: dL/dW[a][b] sums the input window the tap sweeps.
    ({"id": "seed-pad1", "input": SEED_INPUT, "kernel": SEED_KERNEL, "bias": [0], "padding": 1},
     ([[4, 5, 5, 5, 4], [7, 8, 8, 8, 5], [7, 8, 8, 8, 5], [7, 8, 8, 8, 5], [4, 4, 4, 4, 2]],
      [23, 25, 18, 27, 30, 21, 21, 23, 15], [25])),
    # Max pooling with ties: the first 2 of each window (row-major) takes its gradient; the 1 only its own window's.
    ({"id": "seed-max-ties", "pool": "max", "input": [[2, 2], [2, 1]], "kernel_size": 2, "stride": 1, "padding": 1},
     ([[4, 2], [2, 1]], None, None)),
]


def rejected_cases(rng):
    """Valid operations whose grad_output has the wrong shape."""
    out = []
    for i in range(24):
        fam, gen = [("conv", lambda: conv2d.gen_valid(rng)), ("transposed", lambda: transposed.gen_valid(rng)),
                    ("pool", lambda: pool2d.gen_valid(rng))][i % 3]
        case = gen()
        y, _, _, _ = backward(case)
        n, c, h, w = y.shape
        batched = input_rank(case) == 4
        how = ["height", "width", "channels", "rank"][i // 3 % 4]
        if how == "height":
            shape = [n, c, h + 1, w]
        elif how == "width":
            shape = [n, c, h, max(1, w - 1) if w > 1 else w + 2]
        elif how == "channels":
            shape = [n, c + 1, h, w]
        else:
            shape = [n, c, h, w]
            batched = not batched
        case["grad_output"] = nested(shape if batched else shape[1:], lambda: rng.randint(-2, 2))
        out.append((f"grad-output-{how}", case))
    return out


KEY_ORDER = ["id", "transposed", "pool", "input", "kernel", "bias", "kernel_size", "stride", "padding",
             "output_padding", "dilation", "groups", "padding_mode", "ceil_mode", "count_include_pad", "grad_output",
             "shape", "output", "grad_input", "grad_weight", "grad_bias", "class", "error"]


def result_fields(case):
    y, gx, gw, gb = backward(case)
    return {"shape": list(y.shape), "output": flat(y), "grad_input": flat(gx),
            "grad_weight": None if gw is None else flat(gw), "grad_bias": None if gb is None else flat(gb)}


def main():
    args = parse_args(__doc__, DEFAULT_OUT)
    rng = seeded_rng(SEED)
    valid, rejected, families, surprises = [], [], Counter(), []
    for case, (gx, gw, gb) in SEED_CASES:
        fields = result_fields(case)
        assert fields["grad_input"] == [float(v) for row in gx for v in row], fields
        assert fields["grad_weight"] == (None if gw is None else [float(v) for v in gw]), fields
        assert fields["grad_bias"] == (None if gb is None else [float(v) for v in gb]), fields
        valid.append(ordered(dict(case, **fields), KEY_ORDER))
        families["seed"] += 1
    seen, dropped = set(), 0
    for family, count, gen in valid_plan(rng):
        made = 0
        while made < count:
            try:
                case = sample(rng, family, gen)
            except ValueError:
                dropped += 1  # a max-pooling window of padding only: -inf (see backward)
                continue
            key = repr(sorted(case.items()))
            if key in seen:
                continue
            seen.add(key)
            try:
                fields = result_fields(case)
            except ValueError:
                dropped += 1
                continue
            except Exception as e:  # noqa: BLE001
                surprises.append((family, str(e).splitlines()[0]))
                continue
            case["id"] = f"valid-{len(valid) + 1:04d}"
            valid.append(ordered(dict(case, **fields), KEY_ORDER))
            families[family] += 1
            made += 1
    for cls, case in rejected_cases(rng):
        try:
            backward(case)
            surprises.append((cls, "torch accepted a wrong grad_output"))
            continue
        except Exception as e:  # noqa: BLE001
            case["error"] = str(e).strip().splitlines()[0]
        case["id"] = f"reject-{len(rejected) + 1:04d}"
        case["class"] = cls
        rejected.append(ordered(case, KEY_ORDER))

    import json
    doc = {"generator": GENERATOR, "torch": torch.__version__, "valid": valid, "rejected": rejected}
    text = json.dumps(doc, separators=(",", ":"), allow_nan=False)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text + "\n")
    print(f"wrote {args.out} ({len(text) / 1e6:.2f} MB), torch {torch.__version__}")
    print(f"valid: {len(valid)}   rejected: {len(rejected)}   (dropped {dropped} cases with -inf output)")
    print("valid by operation:", dict(Counter(kind(c) for c in valid)),
          " with grad_output:", sum("grad_output" in c for c in valid))
    print("valid by family:", dict(families))
    print("padding modes:", dict(Counter(c.get("padding_mode", "zeros") for c in valid if kind(c) == "conv2d")))
    print("surprises:" if surprises else "no surprises", surprises[:10])
    return 0


if __name__ == "__main__":
    sys.exit(main())
