"""Text → features, shared by training, the torch server and the ONNX server (numpy only, no torch).

Hashed bag of words: lower-cased word unigrams and bigrams, each counted in one of N_FEATURES
buckets chosen by CRC-32 (stable across processes, unlike Python's salted hash), then L2-normalised.
"""
import re
import zlib

import numpy as np

N_FEATURES = 2048
LABELS = ["account", "billing", "shipping", "technical"]
_WORD = re.compile(r"[a-z0-9']+")


def tokens(text: str) -> list[str]:
    words = _WORD.findall(text.lower())
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


def featurize(texts: list[str]) -> np.ndarray:
    x = np.zeros((len(texts), N_FEATURES), dtype=np.float32)
    for row, text in enumerate(texts):
        for tok in tokens(text):
            x[row, zlib.crc32(tok.encode()) % N_FEATURES] += 1.0
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return x / np.maximum(norms, 1e-6)
