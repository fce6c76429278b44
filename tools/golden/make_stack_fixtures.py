#!/usr/bin/env python3
"""Generate golden layer-stack fixtures (nn.Sequential) for convviz from PyTorch.

Writes Tests/ConformanceTests/Fixtures/stack.json (compact JSON) relative to the
repository root, so the Swift tests need no Python.

How to run (from the repository root; needs the `torch` pip package, CPU is fine):

    python3 tools/golden/make_stack_fixtures.py            # writes the fixture
    python3 tools/golden/make_stack_fixtures.py --out F.json

Deterministic: everything comes from random.Random(SEED); torch runs in float64 on
one thread. Takes a few seconds.

Each valid case holds "preset": the text of a JSON preset ({"name", "input",
"layers"}) exactly as a user would write it, and the references:
  outputs  every layer's output: {"shape": [N, C, H, W] or [N, features], "output": flat}
           from nn.Sequential in float64 (an unbatched input runs as a batch of one,
           so flatten gives [1, features]);
  fields   every layer's receptive field {"r", "S", "P"} per axis [H, W] (Distill's
           recurrences; a transposed convolution as stride 1/s, kernel d(k-1)/s + 1,
           padding (d(k-1) - p)/s), or null once the output is flat;
  unit     {"layer" (1-based), "position": [Y, X], "rows", "cols", "paths"}: the
           inclusive interval of input rows/columns the unit's windows cover
           (back-projected layer by layer), and the path-count grid: the gradient of
           the unit with respect to the input, by autograd, in a one-channel copy of
           the stack whose kernels are all ones (same stride, padding, dilation and
           padding mode), pools replaced by sums over their windows (zero padding, a
           ceil_mode window clipped at the padded input's edge), element-wise layers
           removed.

Conv layers sometimes give out_channels + kernel_size (and a seed) instead of
values: their weights come from convviz's documented SeededInit (SplitMix64,
uniform in [-1/sqrt(fan_in), 1/sqrt(fan_in))), reimplemented here, so the fixture
checks the initialisation too.

Rejected cases hold "preset" and "error" (torch's first line): stacks torch refuses.
"""

import json
import warnings
import math
import random
import time
from fractions import Fraction
from pathlib import Path

import torch
import torch.nn as nn
import torch.nn.functional as F

from fixture_common import nested, parse_args, seeded_rng

SEED = 20261204
REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT = REPO_ROOT / "Tests" / "ConformanceTests" / "Fixtures" / "stack.json"
GENERATOR = "tools/golden/make_stack_fixtures.py"
VALID_CASES = 160
MASK = (1 << 64) - 1


# ----------------------------------------------------------------------------
# convviz's seeded initialisation


def splitmix(seed):
    """SplitMix64 as ConvCore's SplitMix64: yields 64-bit integers."""
    state = seed & MASK
    while True:
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        yield z ^ (z >> 31)


def seeded_weight(shape, fan_in, seed):
    """ConvCore's SeededInit.weight: row-major (2u - 1) * (1 / sqrt(fan_in)), u = top 53 bits / 2^53."""
    gen = splitmix(seed)
    bound = 1 / math.sqrt(fan_in)
    count = math.prod(shape)
    values = [((2 * ((next(gen) >> 11) * 2.0 ** -53)) - 1) * bound for _ in range(count)]
    return torch.tensor(values, dtype=torch.float64).reshape(shape)


# ----------------------------------------------------------------------------
# preset form -> torch


def pair(v):
    if isinstance(v, list):
        return (v[0], v[0]) if len(v) == 1 else (v[0], v[1])
    return (v, v)


def module(layer, channels, features, index):
    """The torch module of one preset-form layer, given the input's channels (or features once flat)."""
    if isinstance(layer, str):
        return {"relu": nn.ReLU(), "sigmoid": nn.Sigmoid(), "tanh": nn.Tanh(), "flatten": nn.Flatten(),
                "softmax": nn.Softmax(dim=1)}[layer]
    (kind, s), = layer.items()
    if kind == "conv2d":
        groups = s.get("groups", 1)
        if "kernel" in s:
            w = torch.tensor(s["kernel"], dtype=torch.float64)
            if w.dim() == 2:
                w = w.reshape(1, 1, *w.shape)
        else:
            kh, kw = pair(s["kernel_size"])
            if channels % groups:
                raise ValueError("groups")
            shape = (s["out_channels"], channels // groups, kh, kw)
            w = seeded_weight(shape, shape[1] * kh * kw, s.get("seed", index))
        pad = s.get("padding", 0)
        pad = pad if isinstance(pad, str) else (tuple(pad) if isinstance(pad, list) else pad)
        m = nn.Conv2d(channels, w.shape[0], (w.shape[2], w.shape[3]), stride=pair(s.get("stride", 1)),
                      padding=pad, dilation=pair(s.get("dilation", 1)), groups=groups,
                      bias="bias" in s, padding_mode=s.get("padding_mode", "zeros"), dtype=torch.float64)
        if tuple(m.weight.shape) != tuple(w.shape):
            raise ValueError(f"weight shape {tuple(w.shape)} does not fit {tuple(m.weight.shape)}")
    elif kind == "conv_transpose2d":
        groups = s.get("groups", 1)
        if "kernel" in s:
            w = torch.tensor(s["kernel"], dtype=torch.float64)
            if w.dim() == 2:
                w = w.reshape(1, 1, *w.shape)
        else:
            kh, kw = pair(s["kernel_size"])
            if s["out_channels"] % groups:
                raise ValueError("groups")
            shape = (channels, s["out_channels"] // groups, kh, kw)
            w = seeded_weight(shape, shape[1] * kh * kw, s.get("seed", index))
        m = nn.ConvTranspose2d(channels, w.shape[1] * groups, (w.shape[2], w.shape[3]),
                               stride=pair(s.get("stride", 1)), padding=pair(s.get("padding", 0)),
                               output_padding=pair(s.get("output_padding", 0)), groups=groups,
                               bias="bias" in s, dilation=pair(s.get("dilation", 1)), dtype=torch.float64)
        if tuple(m.weight.shape) != tuple(w.shape):
            raise ValueError(f"weight shape {tuple(w.shape)} does not fit {tuple(m.weight.shape)}")
    elif kind in ("max_pool2d", "avg_pool2d"):
        kw_ = dict(kernel_size=pair(s["kernel_size"]), stride=pair(s.get("stride", s["kernel_size"])),
                   padding=pair(s.get("padding", 0)), ceil_mode=s.get("ceil_mode", False))
        if kind == "max_pool2d":
            return nn.MaxPool2d(dilation=pair(s.get("dilation", 1)), **kw_)
        return nn.AvgPool2d(count_include_pad=s.get("count_include_pad", True), **kw_)
    elif kind == "linear":
        if "weight" in s:
            w = torch.tensor(s["weight"], dtype=torch.float64)
        else:
            w = seeded_weight((s["out_features"], features), features, s.get("seed", index))
        m = nn.Linear(w.shape[1], w.shape[0], bias="bias" in s, dtype=torch.float64)
    else:
        raise ValueError(kind)
    with torch.no_grad():
        m.weight.copy_(w)
        if "bias" in s:
            m.bias.copy_(torch.tensor(s["bias"], dtype=torch.float64))
    return m


def batched_input(inp):
    x = torch.tensor(inp, dtype=torch.float64)
    while x.dim() < 4:
        x = x.unsqueeze(0)
    return x


def run(inp, layers):
    """Every layer's output, running the layers one by one as nn.Sequential does."""
    x = batched_input(inp)
    outs = []
    with torch.no_grad():
        for index, layer in enumerate(layers):
            m = module(layer, x.shape[1], x.shape[1], index)
            x = m(x)
            outs.append(x)
    return outs


# ----------------------------------------------------------------------------
# receptive fields


def local(layer, in_shape):
    """(k, s, p) per axis of one layer as Fractions, or None for flat layers."""
    if isinstance(layer, str):
        return None if layer == "flatten" else [(1, 1, 0), (1, 1, 0)]
    (kind, s), = layer.items()
    if kind == "linear":
        return None
    out = []
    for axis in range(2):
        if kind == "conv2d":
            k = (pair(s["kernel_size"]) if "kernel" not in s else kernel_hw(s["kernel"]))[axis]
            d = pair(s.get("dilation", 1))[axis]
            st = pair(s.get("stride", 1))[axis]
            pad = s.get("padding", 0)
            if pad == "same":
                p = d * (k - 1) // 2
            elif pad == "valid":
                p = 0
            else:
                p = pair(pad)[axis]
                if s.get("padding_mode", "zeros") != "zeros" and isinstance(pad, list) and len(pad) == 1 and axis == 0:
                    p = 0
            out.append((d * (k - 1) + 1, st, p))
        elif kind == "conv_transpose2d":
            k = (pair(s["kernel_size"]) if "kernel" not in s else kernel_hw(s["kernel"]))[axis]
            d = pair(s.get("dilation", 1))[axis]
            st = pair(s.get("stride", 1))[axis]
            p = pair(s.get("padding", 0))[axis]
            spread = d * (k - 1)
            out.append((Fraction(spread, st) + 1, Fraction(1, st), Fraction(spread - p, st)))
        else:
            k = pair(s["kernel_size"])[axis]
            d = pair(s.get("dilation", 1))[axis]
            st = pair(s.get("stride", s["kernel_size"]))[axis]
            p = pair(s.get("padding", 0))[axis]
            out.append((d * (k - 1) + 1, st, p))
    return out


def kernel_hw(kernel):
    t = torch.tensor(kernel)
    return (t.shape[-2], t.shape[-1])


def fields(layers):
    r, S, P = [Fraction(1)] * 2, [Fraction(1)] * 2, [Fraction(0)] * 2
    result, flat = [], False
    for layer in layers:
        loc = None if flat else local(layer, None)
        if loc is None:
            flat = True
            result.append(None)
            continue
        for a in range(2):
            k, s, p = (Fraction(v) for v in loc[a])
            r[a], P[a], S[a] = r[a] + (k - 1) * S[a], P[a] + p * S[a], S[a] * s
        result.append({"r": [float(v) for v in r], "S": [float(v) for v in S], "P": [float(v) for v in P]})
    return result


def back_project(layers, K, y, axis):
    """The unit's inclusive interval in the input along one axis, or None when empty."""
    lo, hi = y, y
    for layer in reversed(layers[:K]):
        if isinstance(layer, str):
            continue
        (kind, s), = layer.items()
        loc = local(layer, None)
        k, st, p = loc[axis]
        if kind == "conv_transpose2d":
            stride = pair(s.get("stride", 1))[axis]
            pad = pair(s.get("padding", 0))[axis]
            spread = pair(s.get("dilation", 1))[axis] * ((pair(s["kernel_size"]) if "kernel" not in s
                                                          else kernel_hw(s["kernel"]))[axis] - 1)
            lo, hi = -((-(lo + pad - spread)) // stride), (hi + pad) // stride
            if lo > hi:
                return None
        else:
            lo, hi = lo * st - p, hi * st - p + k - 1
    return [lo, hi]


def ones_module(layer, index):
    """The all-ones one-channel stand-in of a layer for path counting, or None to drop it."""
    if isinstance(layer, str):
        return None
    (kind, s), = layer.items()
    if kind == "conv2d":
        kh, kw = pair(s["kernel_size"]) if "kernel" not in s else kernel_hw(s["kernel"])
        pad = s.get("padding", 0)
        pad = pad if isinstance(pad, str) else (tuple(pad) if isinstance(pad, list) else pad)
        m = nn.Conv2d(1, 1, (kh, kw), stride=pair(s.get("stride", 1)), padding=pad,
                      dilation=pair(s.get("dilation", 1)), bias=False,
                      padding_mode=s.get("padding_mode", "zeros"), dtype=torch.float64)
    elif kind == "conv_transpose2d":
        kh, kw = pair(s["kernel_size"]) if "kernel" not in s else kernel_hw(s["kernel"])
        m = nn.ConvTranspose2d(1, 1, (kh, kw), stride=pair(s.get("stride", 1)), padding=pair(s.get("padding", 0)),
                               output_padding=pair(s.get("output_padding", 0)), bias=False,
                               dilation=pair(s.get("dilation", 1)), dtype=torch.float64)
    else:
        k = pair(s["kernel_size"])
        st = pair(s.get("stride", s["kernel_size"]))
        p = pair(s.get("padding", 0))
        d = pair(s.get("dilation", 1))
        ceil = s.get("ceil_mode", False)

        def sum_pool(x, k=k, st=st, p=p, d=d, ceil=ceil):
            ref = F.max_pool2d(x.detach(), k, st, p, d, ceil_mode=ceil)
            extra = [st[0] * k[0] * d[0], st[1] * k[1] * d[1]]
            xp = F.pad(x, (p[1], p[1] + extra[1], p[0], p[0] + extra[0]))
            # Clip ceil_mode windows at the padded input's edge: taps past H + p read nothing.
            h_lim, w_lim = x.shape[2] + 2 * p[0], x.shape[3] + 2 * p[1]
            mask = torch.zeros_like(xp)
            mask[:, :, :h_lim, :w_lim] = 1
            y = F.conv2d(xp * mask, torch.ones(1, 1, *k, dtype=torch.float64), stride=st, dilation=d)
            return y[:, :, :ref.shape[2], :ref.shape[3]]
        return sum_pool
    with torch.no_grad():
        m.weight.fill_(1)
    return m


def paths(inp, layers, K, y, x_):
    xin = batched_input(inp)[:1, :1].clone().zero_().requires_grad_(True)
    x = xin
    for index, layer in enumerate(layers[:K]):
        m = ones_module(layer, index)
        if m is not None:
            x = m(x)
    x[0, 0, y, x_].backward()
    g = xin.grad[0, 0]
    assert torch.all(g == g.round())
    return [[int(v) for v in row] for row in g.tolist()]


# ----------------------------------------------------------------------------
# random stacks


def values(rng, shape, ints):
    return nested(shape, (lambda: rng.randint(-2, 2)) if ints else (lambda: round(rng.uniform(-1.5, 1.5), 3)))


def spelled(rng, h, w):
    if h == w:
        return rng.choice([h, [h], [h, h]])
    return [h, w]


def random_layer(rng, c, h, w, flat, index, ints):
    if flat:
        kind = rng.choice(["linear", "linear", "relu", "tanh", "sigmoid", "softmax"])
    else:
        kind = rng.choices(["conv2d", "conv_transpose2d", "relu", "sigmoid", "tanh", "max_pool2d", "avg_pool2d",
                            "softmax", "flatten"], [30, 10, 8, 4, 4, 9, 8, 2, 4])[0]
    if kind in ("relu", "sigmoid", "tanh", "softmax", "flatten"):
        return kind
    if kind == "linear":
        out = rng.randint(1, 5)
        s = {}
        if rng.random() < 0.3:
            s["out_features"] = out
            if rng.random() < 0.5:
                s["seed"] = rng.randint(0, 1000)
        else:
            s["weight"] = values(rng, [out, c], ints)
        if rng.random() < 0.6:
            s["bias"] = values(rng, [out], ints)
        return {"linear": s}
    if kind in ("max_pool2d", "avg_pool2d"):
        kh, kw = rng.randint(1, 3), rng.randint(1, 3)
        if rng.random() < 0.6:
            kw = kh
        s = {"kernel_size": spelled(rng, kh, kw)}
        if rng.random() < 0.6:
            s["stride"] = spelled(rng, rng.randint(1, 3), rng.randint(1, 3))
        if rng.random() < 0.4:
            s["padding"] = spelled(rng, rng.randint(0, kh // 2), rng.randint(0, kw // 2))
        if kind == "max_pool2d" and rng.random() < 0.3:
            s["dilation"] = spelled(rng, rng.randint(1, 2), rng.randint(1, 2))
        if rng.random() < 0.3:
            s["ceil_mode"] = True
        if kind == "avg_pool2d" and rng.random() < 0.4:
            s["count_include_pad"] = False
        return {kind: s}
    groups_choices = [g for g in range(1, c + 1) if c % g == 0]
    groups = rng.choice(groups_choices)
    kh, kw = rng.randint(1, 3), rng.randint(1, 3)
    if rng.random() < 0.6:
        kw = kh
    s = {}
    if kind == "conv2d":
        out = groups * rng.randint(1, 2)
        if rng.random() < 0.25:
            s["out_channels"], s["kernel_size"] = out, spelled(rng, kh, kw)
            if rng.random() < 0.5:
                s["seed"] = rng.randint(0, 1000)
        else:
            s["kernel"] = values(rng, [kh, kw], ints) if c == 1 and out == 1 and rng.random() < 0.5 \
                else values(rng, [out, c // groups, kh, kw], ints)
        stride = (rng.randint(1, 2), rng.randint(1, 2)) if rng.random() < 0.3 else (1, 1)
        if stride != (1, 1):
            s["stride"] = spelled(rng, *stride)
        dil = (rng.randint(1, 2), rng.randint(1, 2)) if rng.random() < 0.3 else (1, 1)
        if dil != (1, 1):
            s["dilation"] = spelled(rng, *dil)
        r = rng.random()
        if r < 0.15 and stride == (1, 1):
            s["padding"] = "same"
        elif r < 0.25:
            s["padding"] = "valid"
        elif r < 0.7:
            s["padding"] = spelled(rng, rng.randint(0, 2), rng.randint(0, 2))
        if rng.random() < 0.4:
            s["padding_mode"] = rng.choice(["reflect", "replicate", "circular"])
            if s.get("padding") == "same" and isinstance(s.get("dilation"), list) and len(s["dilation"]) == 1:
                # convviz refuses this spelling as surely unintended (nn.Conv2d would pad only the height).
                s["dilation"] = s["dilation"][0]
    else:
        out = groups * rng.randint(1, 2)
        if rng.random() < 0.25:
            s["out_channels"], s["kernel_size"] = out, spelled(rng, kh, kw)
            if rng.random() < 0.5:
                s["seed"] = rng.randint(0, 1000)
        else:
            s["kernel"] = values(rng, [c, out // groups, kh, kw], ints)
        stride = (rng.randint(1, 2), rng.randint(1, 2)) if h < 12 and w < 12 else (1, 1)
        if stride != (1, 1):
            s["stride"] = spelled(rng, *stride)
        dil = (rng.randint(1, 2), rng.randint(1, 2)) if rng.random() < 0.3 else (1, 1)
        if dil != (1, 1):
            s["dilation"] = spelled(rng, *dil)
        if rng.random() < 0.4:
            s["padding"] = spelled(rng, rng.randint(0, 1), rng.randint(0, 1))
        op = (rng.randint(0, max(stride[0], dil[0]) - 1), rng.randint(0, max(stride[1], dil[1]) - 1))
        if op != (0, 0):
            s["output_padding"] = list(op)
    if groups > 1:
        s["groups"] = groups
    if rng.random() < 0.5:
        s["bias"] = values(rng, [out], ints)
    return {kind: s}


def random_stack(rng):
    ints = rng.random() < 0.5
    rank = rng.choice([2, 3, 3, 4])
    c = 1 if rank == 2 else rng.randint(1, 3)
    n = rng.randint(1, 2) if rank == 4 else 1
    h, w = rng.randint(4, 10), rng.randint(4, 10)
    inp = values(rng, [h, w], ints) if rank == 2 else values(rng, [c, h, w], ints) if rank == 3 \
        else values(rng, [n, c, h, w], ints)
    layers = []
    x = batched_input(inp)
    for index in range(rng.randint(2, 7)):
        for _attempt in range(20):
            flat = x.dim() == 2
            layer = random_layer(rng, x.shape[1], 0 if flat else x.shape[2], 0 if flat else x.shape[3], flat,
                                 index, ints)
            try:
                with torch.no_grad():
                    y = module(layer, x.shape[1], x.shape[1], index)(x)
            except Exception:  # noqa: BLE001 - a layer torch rejects is drawn again
                continue
            if y.numel() == 0 or y.numel() > 4000 or not torch.isfinite(y).all():
                continue
            layers.append(layer)
            x = y
            break
    return inp, layers


def flat_list(t):
    return [float(v) for v in t.flatten().tolist()]


def make_valid(rng):
    cases = []
    while len(cases) < VALID_CASES:
        inp, layers = random_stack(rng)
        if not layers:
            continue
        outs = run(inp, layers)
        spatial = [i for i, o in enumerate(outs) if o.dim() == 4]
        case = {"id": f"valid-{len(cases) + 1:04d}",
                "preset": json.dumps({"name": f"stack {len(cases) + 1}", "input": inp, "layers": layers}),
                "outputs": [{"shape": list(o.shape), "output": flat_list(o)} for o in outs],
                "fields": fields(layers)}
        if spatial:
            k = rng.choice(spatial)
            y, x_ = rng.randrange(outs[k].shape[2]), rng.randrange(outs[k].shape[3])
            case["unit"] = {"layer": k + 1, "position": [y, x_],
                            "rows": back_project(layers, k + 1, y, 0), "cols": back_project(layers, k + 1, x_, 1),
                            "paths": paths(inp, layers, k + 1, y, x_)}
        cases.append(case)
    return cases


def rejected_cases():
    """Stacks torch refuses: (class, input, layers)."""
    img = [[[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12], [13, 14, 15, 16]]] * 2
    k = lambda o, c: [[[[1, 0], [0, 1]]] * c] * o  # noqa: E731
    return [
        ("groups", img, [{"conv2d": {"out_channels": 4, "kernel_size": 1, "groups": 3}}]),
        ("channels", img, [{"conv2d": {"kernel": k(2, 3)}}]),
        ("channels-after", img, [{"conv2d": {"kernel": k(3, 2)}}, {"conv2d": {"kernel": k(2, 2)}}]),
        ("linear-features", img, ["flatten", {"linear": {"weight": [[1, 2, 3]]}}]),
        ("conv-after-flatten", img, ["flatten", {"conv2d": {"kernel": [[1]]}}]),
        ("pool-after-flatten", img, ["flatten", {"max_pool2d": {"kernel_size": 1}}]),
        ("kernel-too-large", img, [{"max_pool2d": {"kernel_size": 2}}, {"conv2d": {"kernel": k(1, 2) * 1,
                                                                                     "dilation": 3}}]),
        ("pool-too-large", img, [{"max_pool2d": {"kernel_size": 2}}, {"max_pool2d": {"kernel_size": 3}}]),
        ("reflect-too-large", img, [{"max_pool2d": {"kernel_size": 2}},
                                    {"conv2d": {"kernel": k(1, 2), "padding": 2, "padding_mode": "reflect"}}]),
        ("transposed-channels", img, [{"conv_transpose2d": {"kernel": [[[[1]]]] * 3}}]),
        ("linear-bias", img, ["flatten", {"linear": {"weight": [[1] * 32], "bias": [1, 2]}}]),
    ]


def make_rejected():
    cases = []
    for cls, inp, layers in rejected_cases():
        try:
            run(inp, layers)
        except Exception as e:  # noqa: BLE001 - any raise means "rejected"
            msg = str(e).strip().splitlines()
            cases.append({"id": f"reject-{len(cases) + 1:04d}", "class": cls,
                          "preset": json.dumps({"name": cls, "input": inp, "layers": layers}),
                          "error": msg[0] if msg else type(e).__name__})
            continue
        raise AssertionError(f"torch accepted the rejected case {cls}")
    return cases


def main():
    args = parse_args(__doc__, DEFAULT_OUT)
    started = time.time()
    warnings.filterwarnings("ignore", message="Using padding=.same.")
    rng = seeded_rng(SEED)
    valid = make_valid(rng)
    rejected = make_rejected()
    doc = {"generator": GENERATOR, "torch": torch.__version__, "valid": valid, "rejected": rejected}
    text = json.dumps(doc, separators=(",", ":"), allow_nan=False)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text + "\n")
    kinds = {}
    for case in valid:
        for layer in json.loads(case["preset"])["layers"]:
            kind = layer if isinstance(layer, str) else next(iter(layer))
            kinds[kind] = kinds.get(kind, 0) + 1
    print(f"wrote {args.out} ({len(text) / 1e6:.2f} MB) in {time.time() - started:.1f}s, torch {torch.__version__}")
    print(f"{len(valid)} valid stacks ({sum(1 for c in valid if 'unit' in c)} with a unit), "
          f"{len(rejected)} rejected; layers: {dict(sorted(kinds.items()))}")


if __name__ == "__main__":
    main()
