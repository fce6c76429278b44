#!/usr/bin/env python3
"""Write the hostile preset corpus: files that must each get a clean `error:` from convviz.

Usage (from the repository root): python3 tools/corpus/make_hostile_corpus.py
Writes Tests/HostileCorpus/ (deterministic). The tests load every file there through the preset loader
and the real binary; the fuzzers use it as their seed corpus.
"""
import pathlib
import random
import shutil
import struct
import zipfile
import zlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "Tests" / "HostileCorpus"
# A small, valid JPEG to break (written by tools/golden/make_tensorfile_fixtures.py).
JPEG = ROOT / "Tests" / "ConformanceTests" / "Fixtures" / "realdata" / "baseline.jpg"
SEED = "input:\n  - [1, 2, 0]\n  - [0, 1, 1]\n  - [1, 2, 1]\nkernel:\n  - [1, 0]\n  - [0, 1]\n"


def preset(extra="", body=SEED, name="name: hostile\n"):
    return name + body + extra


def png(width, height, raw, ihdr_crc=True):
    """A greyscale 8-bit PNG whose IDAT holds `raw` (deflated), optionally with a wrong IHDR checksum."""
    def chunk(kind, data, good=True):
        crc = zlib.crc32(kind + data) ^ (0 if good else 1)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc & 0xFFFFFFFF)
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr, ihdr_crc) + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b""))


def npy(header, data):
    text = header.encode("latin-1")
    text += b" " * (63 - (10 + len(text)) % 64) + b"\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(text)) + text + data


def data_files():
    """Broken images and tensor files, and a preset pointing at each (the preset is what the tests load)."""
    good_png = png(3, 2, b"\x00\x01\x02\x03\x00\x04\x05\x06")
    jpeg = JPEG.read_bytes()
    sof = jpeg.index(b"\xff\xc0")
    huge_jpeg = jpeg[:sof + 5] + struct.pack(">HH", 65000, 65000) + jpeg[sof + 9:]
    bomb = zipfile.ZipFile(OUT / "zip-bomb.npz", "w", zipfile.ZIP_DEFLATED)
    # 140 MB of zeros (more than any tensor file may hold) deflated to about 140 KB.
    bomb.writestr("a.npy", npy("{'descr': '<f8', 'fortran_order': False, 'shape': (18350080,), }", bytes(140 << 20)))
    bomb.close()
    lying = bytearray((OUT / "zip-bomb.npz").read_bytes())
    for offset in (22, lying.rindex(b"PK\x01\x02") + 24):   # the declared sizes: 100 bytes
        lying[offset:offset + 4] = struct.pack("<I", 100)
    header = b'{"t": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}}'
    files = {
        "truncated.png": good_png[:40],
        "bad-crc.png": png(3, 2, b"\x00\x01\x02\x03\x00\x04\x05\x06", ihdr_crc=False),
        "huge-dimensions.png": png(1000000, 1000000, b"\x00"),
        "too-much-data.png": png(4, 4, bytes(50 << 20)),
        "truncated.jpg": jpeg[: len(jpeg) // 2],
        "garbage.jpg": b"\xff\xd8\xff" + bytes(random.Random(3).randrange(256) for _ in range(2048)),
        "huge-dimensions.jpg": huge_jpeg,
        "truncated.npy": npy("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 3), }", bytes(40)),
        "bad-header.npy": npy("{'descr': '<f8', 'fortran_order': Maybe, 'shape': (3, 3), }", bytes(72)),
        "huge-shape.npy": npy("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999, 99999999), }", bytes(8)),
        "object.npy": npy("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", bytes(8)),
        "nan.npy": npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1), }", struct.pack("<d", float("nan"))),
        "not-a-zip.npz": b"PK\x03\x04" + bytes(100),
        "lying-sizes.npz": bytes(lying),
        "huge-header.safetensors": struct.pack("<Q", 1 << 60) + b"{}",
        "bad-offsets.safetensors": struct.pack("<Q", len(header)) + header + bytes(4),
    }
    presets = {
        "png-truncated.yaml": "image: truncated.png",
        "png-bad-crc.yaml": "image: bad-crc.png",
        "png-huge-dimensions.yaml": "image: huge-dimensions.png",
        "png-too-much-data.yaml": "image: too-much-data.png",
        "jpeg-truncated.yaml": "image: truncated.jpg",
        "jpeg-garbage.yaml": "image: garbage.jpg",
        "jpeg-huge-dimensions.yaml": "image: huge-dimensions.jpg",
        "npy-truncated.yaml": "input: {file: truncated.npy}",
        "npy-bad-header.yaml": "input: {file: bad-header.npy}",
        "npy-huge-shape.yaml": "input: {file: huge-shape.npy}",
        "npy-object.yaml": "input: {file: object.npy}",
        "npy-nan.yaml": "input: [[1]]\nkernel: {file: nan.npy}",
        "npy-missing.yaml": "input: {file: no-such-file.npy}",
        "npy-directory.yaml": "input: {file: a-directory.yaml}",
        "npz-not-a-zip.yaml": "input: {file: not-a-zip.npz, tensor: a}",
        "npz-zip-bomb.yaml": "input: {file: zip-bomb.npz, tensor: a}",
        "npz-lying-sizes.yaml": "input: {file: lying-sizes.npz, tensor: a}",
        "safetensors-huge-header.yaml": "input: {file: huge-header.safetensors, tensor: t}",
        "safetensors-bad-offsets.yaml": "input: {file: bad-offsets.safetensors, tensor: t}",
        "tensor-unknown-key.yaml": "input: {file: nan.npy, tensro: x}",
    }
    for name, body in presets.items():
        kernel = "" if "kernel:" in body else "\nkernel: [[1]]"
        files[name] = f"name: x\n{body}{kernel}\n".encode()
    return files


def main():
    rng = random.Random(7)
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    files = {
        "empty.yaml": b"",
        "only-whitespace.yaml": b"  \n\t\n   \n",
        "only-comment.yaml": b"# nothing here\n",
        "binary-garbage.yaml": bytes(rng.randrange(256) for _ in range(4096)),
        "nul-bytes.yaml": b"name: a\x00b\ninput: [[1]]\nkernel: [[1]]\n",
        "non-utf8.yaml": "name: caf\u00e9\n".encode("latin-1") + SEED.encode(),
        "truncated.json": b'{"name": "t", "input": [[1, 2], [3, 4]], "kernel": [[1',
        "top-level-list.yaml": b"- 1\n- 2\n",
        "top-level-scalar.yaml": b"just a string\n",
        "missing-name.yaml": SEED.encode(),
        "missing-input.yaml": b"name: x\nkernel: [[1]]\n",
        "missing-kernel.yaml": b"name: x\ninput: [[1]]\n",
        "multi-line-name.yaml": b"name: |\n  two\n  lines\n" + SEED.encode(),
        "ragged-row.yaml": preset(body="input:\n  - [1, 2, 3]\n  - [4, 5]\n  - [6, 7, 8]\nkernel: [[1]]\n").encode(),
        "ragged-channels.yaml": preset(body="input:\n  - [[1, 2], [3, 4]]\n  - [[1, 2, 3], [4, 5, 6]]\nkernel: [[1]]\n").encode(),
        "empty-grid.yaml": preset(body="input: []\nkernel: [[1]]\n").encode(),
        "empty-row.yaml": preset(body="input: [[]]\nkernel: [[1]]\n").encode(),
        "empty-kernel.yaml": preset(body="input: [[1, 2]]\nkernel: [[]]\n").encode(),
        "flat-input.yaml": preset(body="input: [1, 2, 3]\nkernel: [[1]]\n").encode(),
        "rank-5-input.yaml": preset(body="input: [[[[[1]]]]]\nkernel: [[1]]\n").encode(),
        "rank-3-kernel.yaml": preset(body="input: [[1, 2], [3, 4]]\nkernel: [[[1]]]\n").encode(),
        "mixed-depth.yaml": preset(body="input: [[1, 2], 3]\nkernel: [[1]]\n").encode(),
        "string-in-grid.yaml": preset(body="input: [[1, abc], [3, 4]]\nkernel: [[1]]\n").encode(),
        "boolean-in-grid.yaml": preset(body="input: [[1, true], [3, 4]]\nkernel: [[1]]\n").encode(),
        "quoted-number.yaml": preset(body='input: [[1, "2"], [3, 4]]\nkernel: [[1]]\n').encode(),
        "null-in-grid.yaml": preset(body="input: [[1, ~], [3, 4]]\nkernel: [[1]]\n").encode(),
        "mapping-in-grid.yaml": preset(body="input: [[1, {a: 1}], [3, 4]]\nkernel: [[1]]\n").encode(),
        "nan.yaml": preset(body="input: [[1, .nan], [3, 4]]\nkernel: [[1]]\n").encode(),
        "inf.yaml": preset(body="input: [[1, .inf], [3, 4]]\nkernel: [[1]]\n").encode(),
        "negative-inf-kernel.yaml": preset(body="input: [[1, 2], [3, 4]]\nkernel: [[-.inf]]\n").encode(),
        "nan-literal.json": b'{"name": "n", "input": [[1, NaN]], "kernel": [[1]]}',
        "infinity-literal.json": b'{"name": "n", "input": [[1, Infinity]], "kernel": [[1]]}',
        "double-overflow.yaml": preset(body="input: [[1, 1e400], [3, 4]]\nkernel: [[1]]\n").encode(),
        "bias-overflow.yaml": preset("bias: [-1e309]\n").encode(),
        "int-overflow-stride.yaml": preset("stride: 99999999999999999999999\n").encode(),
        "int-overflow-groups.yaml": preset("groups: -99999999999999999999999\n").encode(),
        "stride-float.yaml": preset("stride: 1.5\n").encode(),
        "stride-string.yaml": preset("stride: two\n").encode(),
        "stride-three-values.yaml": preset("stride: [1, 1, 1]\n").encode(),
        "stride-empty-list.yaml": preset("stride: []\n").encode(),
        "stride-zero.yaml": preset("stride: 0\n").encode(),
        "dilation-negative.yaml": preset("dilation: -1\n").encode(),
        "padding-1e9.yaml": preset("padding: 1000000000\n").encode(),
        "padding-1e12.yaml": preset("padding: 1000000000000\n").encode(),
        "padding-1e18.yaml": preset("padding: 1000000000000000000\n").encode(),
        "padding-int-max.yaml": preset("padding: 9223372036854775807\n").encode(),
        "dilation-1e18.yaml": preset("dilation: 1000000000000000000\n").encode(),
        "dilation-int-max.yaml": preset("dilation: [9223372036854775807, 1]\n").encode(),
        "padding-replicate-1e15.yaml": preset("padding: 1000000000000000\npadding_mode: replicate\n").encode(),
        "terabyte-output.yaml": preset("padding: 1000000\n").encode(),
        "too-much-work.yaml": preset(body="input: [[1]]\nkernel: [[1]]\n", extra="padding: 3000\n").encode(),
        "negative-padding.yaml": preset("padding: -1\n").encode(),
        "padding-bad-string.yaml": preset("padding: full\n").encode(),
        "padding-mode-typo.yaml": preset("padding: 1\npadding_mode: reflekt\n").encode(),
        "reflect-too-large.yaml": preset("padding: 3\npadding_mode: reflect\n").encode(),
        "same-with-stride.yaml": preset("padding: same\nstride: 2\n").encode(),
        "groups-not-dividing.yaml": preset(body="input: [[[1]], [[2]], [[3]]]\nkernel: [[[[1]]], [[[1]]]]\n", extra="groups: 2\n").encode(),
        "bias-wrong-length.yaml": preset("bias: [1, 2]\n").encode(),
        "kernel-larger-than-input.yaml": preset(body="input: [[1, 2]]\nkernel: [[1, 2, 3]]\n").encode(),
        "unknown-key.yaml": preset("strides: 2\n").encode(),
        "duplicate-keys.yaml": preset("stride: 1\nstride: 2\n").encode(),
        "yaml-syntax-error.yaml": b"name: x\ninput: [[1, 2]\nkernel: [[1]]\n",
        "tab-indentation.yaml": b"name: x\ninput:\n\t- [1, 2]\nkernel: [[1]]\n",
        "unclosed-quote.yaml": b'name: "never closed\ninput: [[1]]\nkernel: [[1]]\n',
        "undefined-alias.yaml": b"name: x\ninput: *nothing\nkernel: [[1]]\n",
        "deep-flow-nesting.yaml": ("name: x\ninput: " + "[" * 20000 + "1" + "]" * 20000 + "\nkernel: [[1]]\n").encode(),
        "deep-block-nesting.yaml": ("name: x\ninput:\n" + "".join(" " * i + "-\n" for i in range(1, 1100)) + "kernel: [[1]]\n").encode(),
        "deep-compact-nesting.yaml": ("name: x\ninput:\n" + "- " * 5000 + "1\nkernel: [[1]]\n").encode(),
        "long-line.yaml": preset(body="input: [[" + ", ".join("1" for _ in range(50000)) + "]]\nkernel: [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21]]\n", extra="dilation: 100000\n").encode(),
        "image-missing.yaml": b"name: x\nimage: no-such-image.pgm\nkernel: [[1]]\n",
        "image-and-input.yaml": b"name: x\nimage: a.pgm\ninput: [[1]]\nkernel: [[1]]\n",
        "image-truncated.yaml": b"name: x\nimage: truncated.ppm\nkernel: [[1]]\n",
        "truncated.ppm": b"P6\n4 4\n255\n\x00\x01\x02",
        "image-huge-header.yaml": b"name: x\nimage: huge.pgm\nkernel: [[1]]\n",
        "huge.pgm": b"P5\n100000 100000\n255\n\x00",
        "image-not-netpbm.yaml": b"name: x\nimage: not-an-image.pgm\nkernel: [[1]]\n",
        "not-an-image.pgm": b"GIF89a garbage",
        "lesson-bad-step-key.yaml": preset("lesson:\n  - text: hi\n    animte: cell\n").encode(),
        "lesson-no-text.yaml": preset("lesson:\n  - select: [0, 0]\n").encode(),
        "lesson-bad-quiz.yaml": preset("lesson:\n  - text: q\n    quiz: maybe\n").encode(),
        "lesson-empty.yaml": preset("lesson: []\n").encode(),
    }
    # Aliases that would expand a 10 KB file into a 1000^4 grid (a "billion laughs" in grid form).
    row = "[" + ", ".join("1" for _ in range(1000)) + "]"
    files["billion-laughs.yaml"] = (
        "name: bomb\ninput:\n  - &c\n    - &b\n      - &a " + row + "\n"
        + "".join("      - *a\n" for _ in range(999))
        + "".join("    - *b\n" for _ in range(999))
        + "".join("  - *c\n" for _ in range(999))
        + "kernel: [[1]]\n").encode()
    files["alias-bomb-grid.yaml"] = (
        "name: x\ninput: &r [[1, 1, 1, 1, 1, 1, 1, 1]]\n"
        "kernel: &k [*r, *r, *r, *r, *r, *r, *r, *r]\n").encode()
    # Hostile text in keys, values and paths (issue 11): errors must show the controls visibly.
    files.update({
        "escape-in-key.yaml": preset('"k\\e]0;pwned\\a": 1\n').encode(),
        "escape-in-padding-mode.yaml": preset('padding_mode: "z\\e[2J\\u202E"\n').encode(),
        "escape-in-pool.yaml": b'name: x\ninput: [[1]]\npool: "m\\x9b31m"\n',
        "escape-in-animate.yaml": preset('lesson:\n  - text: hi\n    animate: "\\e]52;c;aGk=\\a"\n').encode(),
        "escape-in-image-path.yaml": b'name: x\nimage: "evil\\e]0;t\\a.pgm"\nkernel: [[1]]\n',
        "netpbm-escape-header.yaml": b"name: x\nimage: escape-header.pgm\nkernel: [[1]]\n",
        "escape-header.pgm": b"P5\n\x1b]0;pwned\x07 1 255\n\x00",
        "image-proc-pagemap.yaml": b"name: x\nimage: /proc/self/pagemap\nkernel: [[1]]\n",
        "image-dev-zero.yaml": b"name: x\nimage: /dev/zero\nkernel: [[1]]\n",
        "image-dev-stdin.yaml": b"name: x\nimage: /dev/stdin\nkernel: [[1]]\n",
        "unknown-key-100k.yaml": preset("k" * 100_000 + ": 1\n").encode(),
        "unknown-key-with-list.yaml": preset("junk: [" + "1, " * 10_000 + "1]\n").encode(),
        "name-too-long.yaml": preset(name="name: " + "n" * 201 + "\n").encode(),
        "lesson-text-too-long.yaml": preset("lesson:\n  - text: " + "word " * 801 + "\n").encode(),
        "lesson-too-many-steps.yaml": preset("lesson:\n" + "  - text: a\n" * 201).encode(),
    })
    files.update(data_files())
    for name, data in files.items():
        (OUT / name).write_bytes(data)
    # Valid presets whose texts are hostile: every output must show them inert.
    (OUT / "text").mkdir()
    texts = {
        "cr-code-injection.yaml": 'name: "Harmless blur\\rimport os; os.system(\'id\')  #"\n'
        'description: "line\\nbreak\\fform\\vvt\\0nul\\x85nel\\u2028ls\\u2029ps \\\\ back \'\'\' triple \\"\\"\\""\n'
        "input: [[1, 2], [3, 4]]\nkernel: [[1]]\n",
        "terminal-escapes.yaml": 'name: "title\\e]0;pwned\\a\\e]52;c;ZWNobyBoaQ==\\a\\e[2J\\x9b31m\\u202Egnp.exe\\x7f"\n'
        'description: "\\e[31mred\\e[0m and \\e]8;;http://evil\\e\\\\link\\e]8;;\\e\\\\"\n'
        "input: [[1, 2], [3, 4]]\nkernel: [[1]]\nlesson:\n"
        '  - text: "step\\e[2J\\rover\\u202Ewrite"\n    quiz: value\n',
        "wide-and-combining.yaml": 'name: "\u5bbd\u5b57\u7b26\u540d\u5b57 e\\u0301\\u0301\\u0301 \U0001f389\U0001f389 zero\\u200Bwidth"\n'
        "input: [[1, 2], [3, 4]]\nkernel: [[1]]\n",
    }
    for name, text in texts.items():
        (OUT / "text" / name).write_text(text, encoding="utf-8")
    (OUT / "a-directory.yaml").mkdir()
    (OUT / "a-directory.yaml" / "README").write_text("A directory named like a preset.\n")
    print(f"wrote {len(files)} files and a directory to {OUT}")


if __name__ == "__main__":
    main()
