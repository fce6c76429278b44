#!/usr/bin/env python3
"""Writes the small Netpbm test pictures shipped in presets/images/.

Run from anywhere:  python3 tools/images/make_images.py
Standard library only; the output is byte-for-byte the same on every run.

  scene.ppm           32x32 colour, P6 (binary): sky gradient, sun, red square, grass stripes
  checker-circle.pgm  32x32 grey,   P5 (binary): 8-pixel checkerboard with a grey disc
  digit-2.pgm         16x16 grey,   P2 (ASCII, maxval 9): a hand-drawn digit 2
  quadrants.ppm       16x16 colour, P3 (ASCII): red, green, blue and white quadrants
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "..", "presets", "images"))


def clamp(v, lo=0, hi=255):
    return max(lo, min(hi, int(round(v))))


def scene(w=32, h=32):
    """Sky gradient, a yellow sun (top right), a red square (bottom left), green grass stripes."""
    px = []
    for y in range(h):
        row = []
        for x in range(w):
            # sky: dark blue at the top to pale blue at the horizon
            t = y / (h - 1)
            r, g, b = 40 + 120 * t, 80 + 130 * t, 200 + 40 * t
            # sun: a disc of radius 5 centred at (23.5, 7.5)
            if (x - 23.5) ** 2 + (y - 7.5) ** 2 <= 5.0 ** 2:
                r, g, b = 255, 220, 40
            # grass: the bottom 8 rows, alternating 2-row stripes
            if y >= h - 8:
                r, g, b = (40, 170, 60) if (y // 2) % 2 == 0 else (20, 120, 40)
            # a red square standing on the grass
            if 4 <= x < 14 and h - 18 <= y < h - 8:
                r, g, b = 210, 30, 30
            row.append((clamp(r), clamp(g), clamp(b)))
        px.append(row)
    return px


def checker_circle(w=32, h=32):
    """Black/white checkerboard of 8x8 squares, with a mid-grey disc of radius 9 in the middle."""
    px = []
    for y in range(h):
        row = []
        for x in range(w):
            v = 255 if ((x // 8) + (y // 8)) % 2 == 0 else 0
            if (x - 15.5) ** 2 + (y - 15.5) ** 2 <= 9.0 ** 2:
                v = 128
            row.append(v)
        px.append(row)
    return px


# A digit 2 on a 16x16 grid: '#' full stroke (9), '+' soft edge (5), '.' background (0).
DIGIT_2 = [
    "................",
    "................",
    ".....+####+.....",
    "....########....",
    "...+##+..+##+...",
    "...##......##...",
    "...........##...",
    "..........+##...",
    ".........+##+...",
    "........+##+....",
    ".......+##+.....",
    "......+##+......",
    ".....+##+.......",
    "....+##########.",
    "....###########.",
    "................",
]
DIGIT_LEVELS = {".": 0, "+": 5, "#": 9}


def quadrants(w=16, h=16):
    """Top left red, top right green, bottom left blue, bottom right white."""
    colours = [[(255, 0, 0), (0, 255, 0)], [(0, 0, 255), (255, 255, 255)]]
    return [[colours[y * 2 // h][x * 2 // w] for x in range(w)] for y in range(h)]


def write_p6(path, px):
    h, w = len(px), len(px[0])
    data = bytes(c for row in px for p in row for c in p)
    with open(path, "wb") as f:
        f.write(b"P6\n%d %d\n255\n" % (w, h) + data)


def write_p5(path, px):
    h, w = len(px), len(px[0])
    data = bytes(v for row in px for v in row)
    with open(path, "wb") as f:
        f.write(b"P5\n%d %d\n255\n" % (w, h) + data)


def write_p2(path, px, maxval, comment):
    h, w = len(px), len(px[0])
    lines = ["P2", "# " + comment, "%d %d" % (w, h), str(maxval)]
    lines += [" ".join(str(v) for v in row) for row in px]
    with open(path, "w", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


def write_p3(path, px, comment):
    h, w = len(px), len(px[0])
    lines = ["P3", "# " + comment, "%d %d" % (w, h), "255"]
    # one image row per line, each pixel as "r g b", pixels separated by two spaces
    lines += ["  ".join("%d %d %d" % p for p in row) for row in px]
    with open(path, "w", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    write_p6(os.path.join(OUT, "scene.ppm"), scene())
    write_p5(os.path.join(OUT, "checker-circle.pgm"), checker_circle())
    digit = [[DIGIT_LEVELS[c] for c in line] for line in DIGIT_2]
    assert len(digit) == 16 and all(len(r) == 16 for r in digit)
    write_p2(os.path.join(OUT, "digit-2.pgm"), digit, 9,
             "digit 2, 16x16, levels 0-9; made by tools/images/make_images.py")
    write_p3(os.path.join(OUT, "quadrants.ppm"), quadrants(),
             "red, green, blue, white quadrants, 16x16; made by tools/images/make_images.py")
    for name in sorted(os.listdir(OUT)):
        print(os.path.join(OUT, name))


if __name__ == "__main__":
    main()
