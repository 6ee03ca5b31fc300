"""Exports the trained model (model.pt) to ONNX (model.onnx) with torch.onnx.export."""
import sys

import torch

from features import N_FEATURES
from model import load


def main(weights: str = "model.pt", out: str = "model.onnx") -> None:
    model = load(weights)
    example = torch.zeros(1, N_FEATURES)
    torch.onnx.export(
        model, (example,), out,
        input_names=["features"], output_names=["logits"],
        dynamic_axes={"features": {0: "batch"}, "logits": {0: "batch"}},
        opset_version=17, dynamo=False,
    )
    print(f"exported {weights} to {out}")


if __name__ == "__main__":
    main(*sys.argv[1:])
