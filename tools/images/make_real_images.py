#!/usr/bin/env python3
"""Writes the real photographs and handwritten digits shipped in presets/images/, from sample data that
scikit-image and scikit-learn ship inside their packages (nothing is downloaded).

Run from anywhere:  python3 tools/images/make_real_images.py   (needs scikit-image, scikit-learn, Pillow)
The output is the same on every run. Provenance and licences: presets/images/README.md.

  chelsea-32.png        32x32 RGB    skimage.data.chelsea(): a cat's face, CIFAR-sized (CC0, Stefan van der Walt)
  coffee-64.png         64x64 RGB    skimage.data.coffee(): an espresso cup (CC0, Rachel Michetti)
  camera-64.png         64x64 grey   skimage.data.camera(): a cameraman on a lawn (CC0, Lav Varshney)
  sklearn-digit-K.png   8x8 grey     sklearn.datasets.load_digits(): the first handwritten K of the set, K = 0..9,
                                     samples 0..16 as scikit-learn gives them (UCI, CC BY 4.0)
"""
from pathlib import Path

import numpy as np
from PIL import Image
from skimage import data
from sklearn.datasets import load_digits

OUT = Path(__file__).resolve().parents[2] / "presets" / "images"


def square(array, top, left, size, out):
    """The size x size crop at (top, left), resized to out x out (Lanczos)."""
    crop = array[top:top + size, left:left + size]
    return Image.fromarray(crop).resize((out, out), Image.LANCZOS)


def save(image, name):
    image.save(OUT / name, optimize=True)
    print(f"wrote {name}: {image.size[0]}x{image.size[1]} {image.mode}")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    save(square(data.chelsea(), 0, 60, 300, 32), "chelsea-32.png")
    save(square(data.coffee(), 0, 80, 400, 64), "coffee-64.png")
    save(square(data.camera(), 0, 0, 512, 64), "camera-64.png")
    digits = load_digits()
    for digit in range(10):
        index = int(np.flatnonzero(digits.target == digit)[0])
        pixels = digits.images[index].astype(np.uint8)   # 0..16, kept as they are
        save(Image.fromarray(pixels, "L"), f"sklearn-digit-{digit}.png")


if __name__ == "__main__":
    main()
