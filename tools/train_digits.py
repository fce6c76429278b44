#!/usr/bin/env python3
"""Train a small CNN on scikit-learn's handwritten digits and write its weights as safetensors.

Usage (from anywhere; CPU, seeded, well under a minute): python3 tools/train_digits.py
Writes presets/weights/digits-cnn.safetensors (float32, about 3 KB) and
Tests/ConformanceTests/Fixtures/digits_cnn.json: for each shipped digit image presets/images/sklearn-digit-K.png,
the float64 PyTorch output of every layer on the committed weights, for convviz's tests.

The network (nn.Sequential, on the raw 8x8 samples 0..16, as the PNGs hold them):
  conv1 Conv2d(1, 6, 3, padding=1) · ReLU · MaxPool2d(2)      8x8 -> 6x4x4
  conv2 Conv2d(6, 8, 3, padding=1) · ReLU · MaxPool2d(2)      -> 8x2x2
  Flatten · fc Linear(32, 10)                                 -> 10 class scores (softmax: probabilities)
The ten shipped digits (the first 0..9 of the set) are held out of training, with a fifth of the rest.
"""
import json
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from safetensors.torch import save_file
from sklearn.datasets import load_digits
from torch import nn

ROOT = Path(__file__).resolve().parents[1]
WEIGHTS = ROOT / "presets" / "weights" / "digits-cnn.safetensors"
FIXTURE = ROOT / "Tests" / "ConformanceTests" / "Fixtures" / "digits_cnn.json"


def network():
    return nn.Sequential(
        nn.Conv2d(1, 6, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(32, 10))


NAMES = {"0.weight": "conv1.weight", "0.bias": "conv1.bias", "3.weight": "conv2.weight", "3.bias": "conv2.bias",
         "7.weight": "fc.weight", "7.bias": "fc.bias"}


def main():
    torch.manual_seed(16)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    digits = load_digits()
    images = torch.tensor(digits.images, dtype=torch.float32)[:, None]
    labels = torch.tensor(digits.target)
    shipped = [int(np.flatnonzero(digits.target == k)[0]) for k in range(10)]
    order = torch.randperm(len(labels), generator=torch.Generator().manual_seed(16)).tolist()
    rest = [i for i in order if i not in shipped]
    test = shipped + rest[: len(rest) // 5]
    train = rest[len(rest) // 5:]
    model = network()
    optimiser = torch.optim.Adam(model.parameters(), lr=0.01)
    batches = torch.Generator().manual_seed(17)
    for epoch in range(40):
        permutation = torch.tensor(train)[torch.randperm(len(train), generator=batches)]
        for start in range(0, len(permutation), 64):
            batch = permutation[start:start + 64]
            optimiser.zero_grad()
            loss = nn.functional.cross_entropy(model(images[batch]), labels[batch])
            loss.backward()
            optimiser.step()
    with torch.no_grad():
        accuracy = (model(images[test]).argmax(1) == labels[test]).float().mean().item()
    tensors = {NAMES[name]: value.detach().contiguous() for name, value in model.state_dict().items()}
    WEIGHTS.parent.mkdir(parents=True, exist_ok=True)
    save_file(tensors, WEIGHTS, metadata={"source": "tools/train_digits.py", "test_accuracy": f"{accuracy:.4f}"})

    # float64 reference on the committed (float32) weights, layer by layer, for each shipped digit image.
    model = model.double()
    cases = []
    for digit in range(10):
        pixels = np.array(Image.open(ROOT / "presets" / "images" / f"sklearn-digit-{digit}.png"), dtype=np.float64)
        x = torch.tensor(pixels)[None, None]
        layers = []
        with torch.no_grad():
            for layer in model:
                x = layer(x)
                layers.append({"shape": list(x.shape), "output": x.reshape(-1).tolist()})
            probabilities = torch.softmax(x, dim=1)
        cases.append({"image": f"sklearn-digit-{digit}.png", "label": digit, "layers": layers,
                      "softmax": probabilities.reshape(-1).tolist(), "predicted": int(x.argmax())})
    FIXTURE.write_text(json.dumps({"weights": "presets/weights/digits-cnn.safetensors",
                                   "test_accuracy": accuracy, "cases": cases}) + "\n")
    right = sum(case["predicted"] == case["label"] for case in cases)
    print(f"held-out accuracy {accuracy:.3f} on {len(test)} digits; shipped digits right: {right}/10; "
          f"wrote {WEIGHTS.relative_to(ROOT)} ({WEIGHTS.stat().st_size} bytes) and {FIXTURE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
