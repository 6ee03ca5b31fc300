import pytest

from classifier import load_backend, predict


@pytest.mark.parametrize("text,label", [
    ("I was charged twice on my credit card", "billing"),
    ("my parcel never arrived", "shipping"),
])
def test_predicts_label(text, label):
    assert predict(load_backend("torch"), [text])[0]["label"] == label


def test_backends_agree():
    texts = ["the app crashes on start", "reset my password please"]
    torch_labels = [r["label"] for r in predict(load_backend("torch"), texts)]
    onnx_labels = [r["label"] for r in predict(load_backend("onnx"), texts)]
    assert torch_labels == onnx_labels
