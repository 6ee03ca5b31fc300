"""Support-ticket classifier service: GET /health, POST /predict {"text": "..."} → {"label": ...}."""
import os

from flask import Flask, jsonify, request

from classifier import load_backend, predict

app = Flask(__name__)
backend = load_backend()


@app.get("/health")
def health():
    return jsonify(status="ok", backend=backend.name)


@app.post("/predict")
def predict_route():
    payload = request.get_json(silent=True) or {}
    text = payload.get("text")
    if not isinstance(text, str) or not text.strip():
        return jsonify(error='expected a JSON body {"text": "..."}'), 400
    result = predict(backend, [text])[0]
    return jsonify(label=result["label"], scores=result["scores"], backend=backend.name)


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "8000")))
