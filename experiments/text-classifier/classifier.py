"""The two serving backends: torch (model.pt) and, with MODEL_BACKEND=onnx, onnxruntime (model.onnx).

Each backend imports only what it needs, so an image that ships onnxruntime instead of torch serves too.
"""
import os

import numpy as np

from features import LABELS, featurize

HERE = os.path.dirname(os.path.abspath(__file__))


class TorchBackend:
    name = "torch"

    def __init__(self, path: str) -> None:
        import torch

        from model import load

        self._torch = torch
        self._model = load(path)

    def logits(self, texts: list[str]) -> np.ndarray:
        with self._torch.no_grad():
            return self._model(self._torch.from_numpy(featurize(texts))).numpy()


class OnnxBackend:
    name = "onnx"

    def __init__(self, path: str) -> None:
        import onnxruntime

        self._session = onnxruntime.InferenceSession(path, providers=["CPUExecutionProvider"])

    def logits(self, texts: list[str]) -> np.ndarray:
        return self._session.run(["logits"], {"features": featurize(texts)})[0]


def load_backend(name: str | None = None):
    name = (name or os.environ.get("MODEL_BACKEND") or "torch").lower()
    if name == "onnx":
        return OnnxBackend(os.environ.get("ONNX_PATH", os.path.join(HERE, "model.onnx")))
    if name == "torch":
        return TorchBackend(os.environ.get("MODEL_PATH", os.path.join(HERE, "model.pt")))
    raise ValueError(f"MODEL_BACKEND must be torch or onnx, not {name!r}")


def predict(backend, texts: list[str]) -> list[dict]:
    logits = backend.logits(texts)
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    probs = shifted / shifted.sum(axis=1, keepdims=True)
    return [
        {"label": LABELS[int(p.argmax())], "scores": {label: round(float(s), 4) for label, s in zip(LABELS, p)}}
        for p in probs
    ]
