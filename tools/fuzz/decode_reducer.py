#!/usr/bin/env python3
"""Prints a FuzzReducer input as the session it stands for, e.g.
    tools/fuzz/decode_reducer.py Fuzz/regressions/reducer/*.bin
Mirrors Session.nextEvent in Fuzz/Sources/FuzzReducer/FuzzReducer.swift (tables in Fuzz/corpus/make_reducer_seeds.py).
Click and wheel coordinates depend on the terminal size at that moment; they are shown as raw offsets."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Fuzz", "corpus"))
from make_reducer_seeds import ARGS, CHARACTERS, SPECIAL, WORDS  # noqa: E402

PRESETS = ["pytorch-example (5x5, 3x3, padding 1)", "groups 2, bias, reflect", "lesson", "batched, circular, dilation 2"]
FIELDS = ["strideHeight", "strideWidth", "paddingHeight", "paddingWidth", "dilationHeight", "dilationWidth",
          "groups", "inputChannels", "outputChannels", "paddingMode", "bias"]


def decode(data):
    it = iter(data)

    def byte(default=0):
        return next(it, default)

    events = [f"start: {PRESETS[byte() % 4]}"]
    for op in it:
        if op < 96:
            events.append(f"key {CHARACTERS[op % len(CHARACTERS)]!r}")
        elif op < 136:
            events.append(f"key {SPECIAL[op % len(SPECIAL)]}")
        elif op < 156:
            line = WORDS[byte() % len(WORDS)]
            for _ in range(byte() % 4):
                line += " " + ARGS[byte() % len(ARGS)]
            events.append(f"type ':{line}' then {'Tab' if op % 5 == 0 else 'Enter'}")
        elif op < 186:
            events.append(f"click (x-offset {byte()}, y-offset {byte()}) mod (width+4, height+4), minus 2")
        elif op < 200:
            events.append(f"wheel {'up' if op % 2 == 0 else 'down'} (x-offset {byte()}, y-offset {byte()})")
        elif op < 215:
            events.append(f"resize {1 + byte(79) % 250}x{1 + byte(23) % 80}")
        elif op < 240:
            amount = byte(1)
            delta = -amount * 0.01 if op == 239 else amount * 10 if op == 238 else amount * 0.005
            events.append(f"tick +{delta:g}s")
        else:
            value = byte()
            kind = op % 8
            if kind == 0:
                events.append(f"action selectParameter({FIELDS[value % len(FIELDS)]})")
            elif kind == 1:
                events.append(f"action adjustParameter({FIELDS[value % len(FIELDS)]}, {byte(1) % 7 - 3})")
            elif kind == 2:
                events.append(f"action adjustBothAxes({FIELDS[value % len(FIELDS)]}, {byte(1) % 5 - 2})")
            elif kind == 3:
                events.append(f"action loaded({PRESETS[value % 4]})")
            elif kind == 4:
                events.append("action loadFailed" if value % 2 == 0 else "action saveFailed")
            elif kind == 5:
                events.append("action saved")
            elif kind == 6:
                events.append(f"action confirmQuit({value % 2 == 0})")
            else:
                events.append(f"action run(':{WORDS[value % len(WORDS)]} {ARGS[byte() % len(ARGS)]}')")
    return events


if __name__ == "__main__":
    for path in sys.argv[1:]:
        with open(path, "rb") as f:
            print(f"{path}:")
            for event in decode(f.read()):
                print(f"  {event}")
