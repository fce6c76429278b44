"""What the golden-fixture generators in tools/golden share.

Each make_*_fixtures.py script supplies its own torch reference (`forward`), case
generators and summary lines; this module runs the cases through torch, sorts them
into valid and rejected ones, and writes the compact JSON fixture document.

The scripts are run as `python3 tools/golden/make_X_fixtures.py`, which puts this
directory on sys.path, so a plain `import fixture_common` finds this module.
"""

import argparse
import json
import random
import time
from collections import Counter
from pathlib import Path

import torch


def parse_args(doc, default_out):
    """The command line every generator takes: --out, the fixture file to write."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("--out", type=Path, default=default_out)
    return ap.parse_args()


def seeded_rng(seed):
    """Seed torch, pin it to one thread, and return the generator's random.Random(seed)."""
    torch.manual_seed(seed)
    torch.set_num_threads(1)
    return random.Random(seed)


def as_tuple(v):
    """A preset list value as the tuple torch wants; ints and strings pass through."""
    return tuple(v) if isinstance(v, list) else v


def nested(shape, gen):
    """Nested lists of the given shape, filled by calling gen()."""
    if len(shape) == 1:
        return [gen() for _ in range(shape[0])]
    return [nested(shape[1:], gen) for _ in range(shape[0])]


def value_gen(rng, kind, lo=-3, hi=3):
    """A value source: "int" in [lo, hi], "short" (3 decimals) or full floats in [-3, 3]."""
    if kind == "int":
        return lambda: rng.randint(lo, hi)
    if kind == "short":
        return lambda: round(rng.uniform(-3.0, 3.0), 3)
    return lambda: rng.uniform(-3.0, 3.0)


def spell(rng, h, w, default, omit=True):
    """A per-axis pair in one of the preset spellings, or None (omitted) for the default."""
    if h == w:
        r = rng.random()
        if omit and h == default and r < 0.5:
            return None
        if r < 0.15:
            return [h]
        if r < 0.3:
            return [h, w]
        return h
    return [h, w]


def input_tensor(case):
    """The case's input in float64; a rank-2 [H][W] input runs unbatched as (1, H, W)."""
    x = torch.tensor(case["input"], dtype=torch.float64)
    return x.unsqueeze(0) if x.dim() == 2 else x


def weight_tensor(case):
    """The case's kernel in float64; a rank-2 [kH][kW] kernel is the weight (1, 1, kH, kW)."""
    w = torch.tensor(case["kernel"], dtype=torch.float64)
    return w.reshape(1, 1, *w.shape) if w.dim() == 2 else w


def run_case(forward, case):
    """Run one preset-form case through the torch reference forward(case).

    Returns ("ok", shape4, flat_output) or ("err", message): any raise means
    "rejected", and the message is the first line of the exception. An unbatched
    (3-D) result is reported with N = 1."""
    try:
        y = forward(case)
    except Exception as e:  # noqa: BLE001 - any raise means "rejected"
        msg = str(e).strip().splitlines()
        return ("err", msg[0] if msg else type(e).__name__)
    if y.dim() == 3:
        y = y.unsqueeze(0)
    return ("ok", list(y.shape), [float(v) for v in y.flatten().tolist()])


def ordered(case, key_order):
    """The case with its keys in the fixture's fixed order."""
    return {k: case[k] for k in key_order if k in case}


class Fixture:
    """The valid and rejected cases of one fixture file, each checked against torch.

    Cases torch does not treat as planned are noted in `surprises` as
    (kind, family or class, case, torch's shape or message)."""

    def __init__(self, forward, key_order):
        self.started = time.time()
        self.forward = forward
        self.key_order = key_order
        self.valid = []
        self.rejected = []
        self.families = Counter()
        self.surprises = []

    def collect(self, rng, seed_cases, plan, gen_valid, rejected_cases, usable=None):
        """Add the seed cases, then the sampled valid ones, then rejected_cases(rng).

        The order is part of the fixture: both generators draw from the same rng.
        Returns how many sampled cases were dropped as not usable (see add_sampled)."""
        self.add_seeds(seed_cases)
        dropped = self.add_sampled(rng, plan, gen_valid, usable)
        self.add_rejected(rejected_cases(rng))
        return dropped

    def add_seeds(self, seed_cases):
        """Add the hand-worked (case, expected 2-D output) pairs, asserting torch agrees."""
        for case, expected in seed_cases:
            res = run_case(self.forward, case)
            assert res[0] == "ok", res
            flat = [float(v) for row in expected for v in row]
            assert res[2] == flat, (case["id"], res, flat)
            self.valid.append(ordered(dict(case, shape=res[1], output=res[2]), self.key_order))
            self.families["seed"] += 1

    def add_sampled(self, rng, plan, gen_valid, usable=None):
        """Add `count` distinct cases gen_valid(rng, **kw) per (family, count, kw) of the plan.

        A case torch rejects is a surprise; a case whose flat output fails usable(output)
        is dropped. Returns how many were dropped."""
        seen = set()
        num = dropped = 0
        for family, count, kw in plan:
            made = 0
            while made < count:
                case = gen_valid(rng, **kw)
                key = json.dumps(case, sort_keys=True)
                if key in seen:
                    continue
                seen.add(key)
                res = run_case(self.forward, case)
                if res[0] != "ok":
                    self.surprises.append(("valid-case-rejected", family, case, res[1]))
                    continue
                if usable is not None and not usable(res[2]):
                    dropped += 1
                    continue
                num += 1
                case["id"] = f"valid-{num:04d}"
                case["shape"], case["output"] = res[1], res[2]
                self.valid.append(ordered(case, self.key_order))
                self.families[family] += 1
                made += 1
        return dropped

    def add_rejected(self, cases):
        """Add the (class, case, expected message substring or None) triples torch rejects.

        A case torch accepts is a surprise and left out; one rejected with another
        message is kept and also noted as a surprise."""
        for cls, case, expect in cases:
            res = run_case(self.forward, case)
            if res[0] == "ok":
                self.surprises.append(("rejected-case-accepted", cls, case, res[1]))
                continue
            if expect is not None and expect not in res[1]:
                self.surprises.append(("unexpected-message", cls, case, res[1]))
            case["id"] = f"reject-{len(self.rejected) + 1:04d}"
            case["class"] = cls
            case["error"] = res[1]
            self.rejected.append(ordered(case, self.key_order))

    def write(self, out, generator):
        """Write the fixture document as compact JSON to out and say so."""
        doc = {"generator": generator, "torch": torch.__version__,
               "valid": self.valid, "rejected": self.rejected}
        text = json.dumps(doc, separators=(",", ":"), allow_nan=False)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text + "\n")
        ids = [c["id"] for c in self.valid + self.rejected]
        assert len(ids) == len(set(ids)), "duplicate ids"
        print(f"wrote {out} ({len(text) / 1e6:.2f} MB) in {time.time() - self.started:.1f}s, "
              f"torch {torch.__version__}")

    def print_rejected_by_class(self, width):
        """One line per rejection class: its count and one of its messages."""
        print("rejected by class:")
        for cls, n in Counter(c["class"] for c in self.rejected).items():
            msgs = sorted({c["error"] for c in self.rejected if c["class"] == cls})
            more = f" (+{len(msgs) - 1} other messages)" if len(msgs) > 1 else ""
            print(f"  {cls:{width}s} {n:3d}  e.g. {msgs[0]!r}{more}")

    def print_surprises(self):
        """The surprises, without their tensors, or a line saying there were none."""
        if not self.surprises:
            print("no surprises: every valid case ran, every rejected case raised the expected message")
            return
        print(f"SURPRISES ({len(self.surprises)}):")
        for kind, cls, case, msg in self.surprises:
            brief = {k: v for k, v in case.items() if k not in ("input", "kernel", "bias")}
            print(f"  {kind} [{cls}] {brief} -> {msg}")
