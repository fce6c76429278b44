#!/usr/bin/env python3
"""Writes the FuzzReducer seed corpus (Fuzz/corpus/reducer/*.bin): short, readable sessions encoded the way
Fuzz/Sources/FuzzReducer/FuzzReducer.swift decodes bytes. Keep the tables below in step with that file."""
import os

CHARACTERS = "hjklHJKLsSpPdDagGiIoOmbvnNtuUrzqy?:[]{}<>^$ 0123456789-+.eExX,!cwQ/"
SPECIAL = ["up", "down", "left", "right", "home", "end", "pageUp", "pageDown", "enter", "escape", "backspace",
           "delete", "tab", "backTab", "ctrl-r", "ctrl-c", "ctrl-g"]
WORDS = ["stride", "padding", "dilation", "groups", "mode", "input", "kernel", "channels", "filters", "bias",
         "select", "speed", "heatmap", "load", "save", "save!", "name", "help", "lesson", "quit", "q", "quit!",
         "q!", "STRIDE", "bogus", "s", "pad", "in"]
ARGS = ["0", "1", "2", "3", "4", "5", "7", "9", "16", "-1", "-2", "63", "64", "65", "511", "512", "513",
        "4096", "2147483648", "9223372036854775807", "-9223372036854775808", "9223372036854775806",
        "same", "valid", "on", "off", "zeros", "reflect", "replicate", "circular", "7x7", "1x1", "3x5",
        "512x512", "513x2", "0x3", "-1x4", "x", "a b", "pytorch-example", "/tmp/convviz-fuzz-never-written.yaml"]


def char(c):
    return [CHARACTERS.index(c)]


def text(s):
    return [b for c in s for b in char(c)]


def key(name):
    j = SPECIAL.index(name)
    return [next(op for op in range(96, 136) if op % len(SPECIAL) == j)]


def command(word, *args, tab=False):
    op = 140 if tab else 136
    return [op, WORDS.index(word), len(args)] + [ARGS.index(a) for a in args]


def click(x, y):  # x, y are taken modulo width+4 / height+4, minus 2
    return [156, x + 2, y + 2]


def wheel(x, y, up=True):
    return [186 if up else 187, x + 1, y + 1]


def resize(width, height):
    return [200, width - 1, height - 1]


def tick(steps=1):  # 5 ms per unit
    return [215, steps]


SEEDS = {
    "edit-undo": [0] + key("enter") + text("42") + key("enter") + text("ll7") + key("enter") + text("uuU"),
    "kernel-edit": [0] + key("tab") + text("jl") + key("enter") + text("-3.5") + key("enter") + text("rz") + text("u"),
    "parameters": [0] + text("ssppddgGiIoOmmbab") + text("SPDa"),
    "play": [0] + text(" ") + tick(100) * 5 + text(" n]N[$^<>") + tick(200),
    "commands": [0] + command("stride", "2") + command("padding", "same") + command("mode", "reflect")
                + command("input", "7x7") + command("kernel", "3x5") + command("select", "1", "2")
                + command("bias", "on") + command("filters", "4") + command("groups", "2") + command("channels", "2"),
    "command-tab": [1] + command("pad", tab=True) + command("load", tab=True) + key("escape") + command("bogus"),
    "mouse": [1] + click(2, 5) + click(30, 6) + click(10, 1) + wheel(10, 1) + wheel(10, 1, up=False) + wheel(3, 8),
    "resize": [0] + resize(40, 12) + resize(1, 1) + resize(250, 80) + resize(39, 11) + resize(100, 30) + text("?") + key("escape"),
    "lesson": [2] + text("t}}") + text("1") + key("enter") + text("}") + text("9") + key("enter") + text("}}{t"),
    "batched": [3] + text("jjjjjjjjjjJLv") + key("pageDown") + key("end") + text("q") + key("escape") + text("qy"),
    "grow-channels": [1] + key("tab") + text("jjjjj") + key("enter") + text("5") + key("enter") + text("OOo"),
    "quit-confirm": [0] + text("7") + key("enter") + text("qn") + key("ctrl-c") + text("y"),
}

if __name__ == "__main__":
    folder = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reducer")
    os.makedirs(folder, exist_ok=True)
    for name, data in SEEDS.items():
        assert all(0 <= b < 256 for b in data), name
        with open(os.path.join(folder, name + ".bin"), "wb") as f:
            f.write(bytes(data))
    print(f"wrote {len(SEEDS)} seeds to {folder}")
