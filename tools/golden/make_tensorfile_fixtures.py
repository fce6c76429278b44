#!/usr/bin/env python3
"""Write the real-data fixtures: small PNG, JPEG, .npy, .npz and .safetensors files of every variant convviz reads,
with the values NumPy, Pillow and safetensors read from them.

Usage (from the repository root): python3 tools/golden/make_tensorfile_fixtures.py
Writes Tests/ConformanceTests/Fixtures/realdata/ (the files and expected.json) and the data-file fuzzer's seeds
in Fuzz/corpus/data/. Deterministic. `swift test` reads the committed outputs; it never runs Python.

PNGs are written by a small encoder here (Pillow writes neither 16-bit colour nor interlaced PNGs), so their
expected samples are the arrays encoded, checked against Pillow wherever Pillow keeps the samples as they are.
JPEG expectations are Pillow's decode (libjpeg-turbo), which convviz's libjpeg-turbo matches within a level or two.
"""
import io
import json
import struct
import zlib
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from safetensors.numpy import save as save_numpy
from safetensors.torch import save as save_torch

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "Tests" / "ConformanceTests" / "Fixtures" / "realdata"
SEEDS = ROOT / "Fuzz" / "corpus" / "data"
ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def pack_row(samples, depth):
    if depth == 16:
        return b"".join(struct.pack(">H", s) for s in samples)
    if depth == 8:
        return bytes(samples)
    per_byte = 8 // depth
    out = bytearray()
    for start in range(0, len(samples), per_byte):
        byte = 0
        group = samples[start:start + per_byte]
        for index, sample in enumerate(group):
            byte |= sample << (8 - depth * (index + 1))
        out.append(byte)
    return bytes(out)


def encode_png(pixels, color_type, depth, palette=None, trns=None, interlace=False):
    """pixels: an array (H, W, samples per pixel) of ints as stored (palette indices for colour type 3)."""
    height, width, per_pixel = pixels.shape

    def scanlines(image):
        data = b""
        for row in image:
            data += b"\x00" + pack_row([int(v) for v in row.reshape(-1)], depth)
        return data

    if interlace:
        raw = b""
        for x0, y0, dx, dy in ADAM7:
            sub = pixels[y0::dy, x0::dx]
            if sub.shape[0] and sub.shape[1]:
                raw += scanlines(sub)
    else:
        raw = scanlines(pixels)
    ihdr = struct.pack(">IIBBBBB", width, height, depth, color_type, 0, 0, 1 if interlace else 0)
    out = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
    if palette is not None:
        out += chunk(b"PLTE", bytes(np.asarray(palette, dtype=np.uint8).reshape(-1)))
    if trns is not None:
        out += chunk(b"tRNS", trns)
    return out + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def png_cases(rng):
    """(name, bytes, expected (C, H, W) array, whether Pillow reads the same samples)."""
    cases = []
    h, w = 5, 7
    for depth in (1, 2, 4, 8, 16):
        grey = rng.integers(0, 2 ** depth, (h, w, 1))
        cases.append((f"grey{depth}", encode_png(grey, 0, depth), grey.transpose(2, 0, 1), depth in (8, 16)))
    for depth in (8, 16):
        rgb = rng.integers(0, 2 ** depth, (h, w, 3))
        cases.append((f"rgb{depth}", encode_png(rgb, 2, depth), rgb.transpose(2, 0, 1), depth == 8))
        grey_alpha = rng.integers(0, 2 ** depth, (h, w, 2))
        cases.append((f"grey-alpha{depth}", encode_png(grey_alpha, 4, depth), grey_alpha[:, :, :1].transpose(2, 0, 1),
                      depth == 8))
        rgba = rng.integers(0, 2 ** depth, (h, w, 4))
        cases.append((f"rgba{depth}", encode_png(rgba, 6, depth), rgba[:, :, :3].transpose(2, 0, 1), depth == 8))
    for depth in (1, 2, 4, 8):
        colours = 2 ** depth
        palette = rng.integers(0, 256, (colours, 3))
        indices = rng.integers(0, colours, (h, w, 1))
        expected = palette[indices[:, :, 0]].transpose(2, 0, 1)
        cases.append((f"palette{depth}", encode_png(indices, 3, depth, palette=palette), expected, True))
    palette = rng.integers(0, 256, (16, 3))
    indices = rng.integers(0, 16, (h, w, 1))
    cases.append(("palette-trns", encode_png(indices, 3, 8, palette=palette, trns=bytes(range(0, 160, 10))),
                  palette[indices[:, :, 0]].transpose(2, 0, 1), True))
    grey = rng.integers(0, 256, (h, w, 1))
    cases.append(("grey-trns", encode_png(grey, 0, 8, trns=struct.pack(">H", int(grey[0, 0, 0]))),
                  grey.transpose(2, 0, 1), True))
    # Adam7: sizes that leave some passes empty and some partial.
    for name, shape, color_type, depth in [("interlaced-rgb8", (11, 9, 3), 2, 8), ("interlaced-grey16", (3, 2, 1), 0, 16),
                                           ("interlaced-rgba16", (9, 13, 4), 6, 16), ("interlaced-grey1", (10, 10, 1), 0, 1)]:
        pixels = rng.integers(0, 2 ** depth, shape)
        expected = pixels[:, :, :3 if color_type in (2, 6) else 1].transpose(2, 0, 1)
        cases.append((name, encode_png(pixels, color_type, depth, interlace=True), expected, depth == 8))
    palette = rng.integers(0, 256, (4, 3))
    indices = rng.integers(0, 4, (6, 10, 1))
    cases.append(("interlaced-palette2", encode_png(indices, 3, 2, palette=palette, interlace=True),
                  palette[indices[:, :, 0]].transpose(2, 0, 1), True))
    return cases


def pillow_samples(data):
    """What Pillow reads, as (C, H, W): alpha dropped, palette expanded."""
    image = Image.open(io.BytesIO(data))
    mode = image.mode
    if mode == "P":
        image = image.convert("RGB")
    elif mode in ("LA", "RGBA"):
        image = image.convert(mode[:-1])
    array = np.array(image)
    if array.ndim == 2:
        array = array[:, :, None]
    return array.astype(np.int64).transpose(2, 0, 1)


def jpeg_cases(rng):
    """(name, bytes, Pillow's decode as (C, H, W))."""
    y, x = np.mgrid[0:24, 0:19]
    smooth = np.stack([(x * 13) % 256, (y * 11) % 256, ((x + y) * 7) % 256], axis=2)
    noisy = np.clip(smooth + rng.integers(-40, 41, smooth.shape), 0, 255).astype(np.uint8)
    rgb = Image.fromarray(noisy, "RGB")
    grey = Image.fromarray(noisy[:, :, 0], "L")
    variants = [
        ("baseline", rgb, {"quality": 85}),
        ("baseline-444", rgb, {"quality": 95, "subsampling": 0}),
        ("progressive", rgb, {"quality": 80, "progressive": True}),
        ("optimized", rgb, {"quality": 70, "optimize": True}),
        ("grey", grey, {"quality": 90}),
        ("grey-progressive", grey, {"quality": 90, "progressive": True}),
    ]
    cases = []
    for name, image, options in variants:
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", **options)
        data = buffer.getvalue()
        cases.append((name, data, pillow_samples(data)))
    return cases


def npy_bytes(array, version=None, fortran=False):
    buffer = io.BytesIO()
    if fortran:
        array = np.asfortranarray(array)
    np.lib.format.write_array(buffer, array, version=version, allow_pickle=False)
    return buffer.getvalue()


def tensor_cases(rng):
    """(file name, bytes, [(tensor name or None, array)], ...) and the error files."""
    files = []
    expected = []

    def add(name, data, members):
        files.append((name, data))
        for member, array in members:
            # Values as repr strings: a JSON parser may round the last digit of a double.
            expected.append({"file": name, "tensor": member, "shape": list(array.shape),
                             "values": [repr(float(v)) for v in np.asarray(array, dtype=np.float64).reshape(-1)]})

    base = rng.uniform(-3, 3, (2, 3, 4))
    ints = rng.integers(-100, 100, (3, 4))
    for order in "<>":
        for kind in ("f2", "f4", "f8"):
            array = base.astype(order + kind)
            add(f"{kind}-{'le' if order == '<' else 'be'}.npy", npy_bytes(array), [(None, array)])
        for kind in ("i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8"):
            array = (np.abs(ints) if kind[0] == "u" else ints).astype(order + kind)
            add(f"{kind}-{'le' if order == '<' else 'be'}.npy", npy_bytes(array), [(None, array)])
    add("bool.npy", npy_bytes(ints > 0), [(None, ints > 0)])
    add("extremes-i8.npy", npy_bytes(np.array([-2 ** 63, 2 ** 63 - 1, -1], dtype="<i8")),
        [(None, np.array([-2 ** 63, 2 ** 63 - 1, -1], dtype="<i8"))])
    add("extremes-u8.npy", npy_bytes(np.array([2 ** 64 - 1, 0], dtype="<u8")), [(None, np.array([2 ** 64 - 1, 0], dtype="<u8"))])
    half = np.array([0.0, -0.0, 6.1e-5, 5.96e-8, 65504.0, -1.5, 0.333], dtype=np.float16)
    add("f2-special.npy", npy_bytes(half), [(None, half)])
    four = rng.uniform(-1, 1, (2, 3, 2, 5))
    add("fortran-4d.npy", npy_bytes(four, fortran=True), [(None, four)])
    add("fortran-2d-be.npy", npy_bytes(base[0].astype(">f4"), fortran=True), [(None, base[0].astype(">f4"))])
    add("scalar.npy", npy_bytes(np.float64(2.5)), [(None, np.float64(2.5))])
    add("vector.npy", npy_bytes(base[0, 0]), [(None, base[0, 0])])
    for version in ((1, 0), (2, 0), (3, 0)):
        add(f"version{version[0]}.npy", npy_bytes(base, version=version), [(None, base)])

    kernel = rng.uniform(-1, 1, (6, 3, 3, 3))
    bias = rng.uniform(-1, 1, 6)
    for name, save in (("stored.npz", np.savez), ("deflated.npz", np.savez_compressed)):
        buffer = io.BytesIO()
        save(buffer, kernel=kernel.astype(np.float32), bias=bias, counts=ints.astype(np.int16))
        add(name, buffer.getvalue(), [("kernel", kernel.astype(np.float32)), ("bias", bias),
                                      ("counts", ints.astype(np.int16))])
    buffer = io.BytesIO()
    np.savez_compressed(buffer, base)
    add("single.npz", buffer.getvalue(), [(None, base)])

    numpy_tensors = {
        "f16": base.astype(np.float16), "f32": base.astype(np.float32), "f64": base,
        "i8": ints.astype(np.int8), "i16": ints.astype(np.int16), "i32": ints.astype(np.int32),
        "i64": ints.astype(np.int64), "u8": np.abs(ints).astype(np.uint8), "u16": np.abs(ints).astype(np.uint16),
        "u32": np.abs(ints).astype(np.uint32), "u64": np.abs(ints).astype(np.uint64), "bool": ints > 0,
        "conv.weight": kernel.astype(np.float32), "conv.bias": bias.astype(np.float32),
    }
    add("numpy.safetensors", save_numpy(numpy_tensors, metadata={"format": "np"}),
        list(numpy_tensors.items()))
    bf16 = torch.tensor(base).to(torch.bfloat16)
    add("bf16.safetensors", save_torch({"weight": bf16}), [("weight", bf16.to(torch.float64).numpy())])
    add("single.safetensors", save_torch({"only": torch.tensor(kernel)}), [(None, kernel)])
    return files, expected


def error_files(good_npy, good_safetensors, good_npz, png, jpeg):
    """Malformed files and the words their error must contain."""
    header_length = struct.unpack("<Q", good_safetensors[:8])[0]
    header = json.loads(good_safetensors[8:8 + header_length])

    def safetensors_with(entry):
        text = json.dumps({"t": entry}).encode()
        return struct.pack("<Q", len(text)) + text + bytes(64)

    cmyk = io.BytesIO()
    Image.new("CMYK", (8, 8), (10, 20, 30, 40)).save(cmyk, "JPEG")
    npz_corrupt = bytearray(good_npz)
    npz_corrupt[60] ^= 0xFF
    bad_png_crc = bytearray(png)
    bad_png_crc[29] ^= 0xFF
    huge_png = png[:16] + struct.pack(">II", 100000, 100000) + png[24:]
    huge_png = huge_png[:12] + huge_png[12:29] + struct.pack(">I", zlib.crc32(huge_png[12:29]) & 0xFFFFFFFF) + huge_png[33:]
    nan = np.array([1.0, np.nan])
    assert "t" not in header
    return [
        ("bad-magic.npy", b"NUMPY\x01\x00" + good_npy[7:], None, "not a NumPy .npy array"),
        ("truncated.npy", good_npy[:-5], None, "needs"),
        ("header-cut.npy", good_npy[:20], None, "header is truncated"),
        ("object.npy", npy_bytes(np.array([1.0])).replace(b"'<f8'", b"'|O8'"), None, "unsupported dtype"),
        ("complex.npy", npy_bytes(np.array([1 + 2j])), None, "unsupported dtype"),
        ("structured.npy", npy_bytes(np.zeros(2, dtype=[("a", "<f4"), ("b", "<i4")])), None, "structured"),
        ("nan.npy", npy_bytes(nan), None, "finite"),
        ("version9.npy", good_npy[:6] + b"\x09" + good_npy[7:], None, "version 9"),
        ("too-many.npy", npy_bytes(np.zeros(1)).replace(b"(1,)", b"(99999999999,)"), None, "elements"),
        ("short.safetensors", b"\x01\x02", "t", "8-byte"),
        ("huge-header.safetensors", struct.pack("<Q", 2 ** 62) + b"{}", "t", "header claims"),
        ("not-json.safetensors", struct.pack("<Q", 4) + b"{{{{", "t", "not a JSON object"),
        ("offsets-outside.safetensors", safetensors_with({"dtype": "F32", "shape": [2], "data_offsets": [60, 68]}),
         "t", "outside"),
        ("size-mismatch.safetensors", safetensors_with({"dtype": "F32", "shape": [3], "data_offsets": [0, 8]}),
         "t", "needs 12 bytes"),
        ("f8.safetensors", safetensors_with({"dtype": "F8_E4M3", "shape": [2], "data_offsets": [0, 2]}),
         "t", "unsupported dtype"),
        ("no-such-tensor.safetensors", safetensors_with({"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}),
         "weight", "no tensor 'weight'"),
        ("not-a-zip.npz", b"PK\x03\x04 this is not a zip archive", None, "not a valid .npz"),
        ("corrupt.npz", bytes(npz_corrupt), "kernel", "cannot be unpacked"),
        ("missing-member.npz", good_npz, "kernal", "did you mean 'kernel'"),
        ("truncated.png", png[:-20], None, "not a valid PNG"),
        ("bad-crc.png", bytes(bad_png_crc), None, "CRC"),
        ("huge.png", huge_png, None, "limited to"),
        ("not-a-png.png", b"GIF89a" + bytes(40), None, "not a PNG"),
        ("truncated.jpg", jpeg[:len(jpeg) // 2], None, "not a valid JPEG"),
        ("garbage.jpg", b"\xff\xd8\xff" + bytes(range(256)) * 4, None, "not a valid JPEG"),
        ("cmyk.jpg", cmyk.getvalue(), None, "CMYK"),
        ("empty.png", b"", None, "not a PNG"),
    ]


def main():
    rng = np.random.default_rng(16)
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.iterdir():
        old.unlink()
    expected = {"images": [], "tensors": [], "errors": []}
    for name, data, samples, pillow_agrees in png_cases(rng):
        (OUT / f"{name}.png").write_bytes(data)
        if pillow_agrees:
            assert np.array_equal(pillow_samples(data), samples), name
        expected["images"].append({"file": f"{name}.png", "shape": list(samples.shape), "tolerance": 0,
                                   "values": [int(v) for v in samples.reshape(-1)]})
    for name, data, samples in jpeg_cases(rng):
        (OUT / f"{name}.jpg").write_bytes(data)
        expected["images"].append({"file": f"{name}.jpg", "shape": list(samples.shape), "tolerance": 2,
                                   "values": [int(v) for v in samples.reshape(-1)]})
    files, tensors = tensor_cases(rng)
    for name, data in files:
        (OUT / name).write_bytes(data)
    expected["tensors"] = tensors
    contents = dict(files)
    errors = error_files(contents["f8-le.npy"], contents["numpy.safetensors"], contents["deflated.npz"],
                         (OUT / "rgb8.png").read_bytes(), (OUT / "baseline.jpg").read_bytes())
    for name, data, tensor, message in errors:
        (OUT / name).write_bytes(data)
        expected["errors"].append({"file": name, "tensor": tensor, "message": message})
    (OUT / "expected.json").write_text(json.dumps(expected, separators=(",", ":")) + "\n")

    SEEDS.mkdir(parents=True, exist_ok=True)
    for old in SEEDS.iterdir():
        old.unlink()
    selector = {".png": 0, ".jpg": 1, ".npy": 2, ".npz": 3, ".safetensors": 4}
    for path in sorted(OUT.iterdir()):
        if path.suffix in selector and path.stat().st_size <= 65535:
            (SEEDS / path.name).write_bytes(bytes([selector[path.suffix]]) + path.read_bytes())
    print(f"wrote {len(expected['images'])} images, {len(files)} tensor files ({len(tensors)} tensors), "
          f"{len(errors)} malformed files to {OUT}")


if __name__ == "__main__":
    main()
