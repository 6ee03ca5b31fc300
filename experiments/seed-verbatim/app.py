from flask import Flask, jsonify, request
from transformers import pipeline

app = Flask(__name__)
classifier = pipeline("text-classification", model="bert-base-uncased")


@app.route("/predict", methods=["POST"])
def predict():
    text = request.get_json()["text"]
    return jsonify(classifier(text)[0])


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000)
