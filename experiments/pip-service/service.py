"""Country lookup service: GET /health, GET /lookup?code=FR → the country and its map tile's digest."""
import os

import geotables
from acme_http import App

app = App()


@app.route("/health")
def health(query):
    return 200, {"status": "ok"}


@app.route("/lookup")
def lookup(query):
    found = geotables.lookup(query.get("code", ""))
    return (200, found) if found else (404, {"error": f"unknown country code {query.get('code')!r}"})


if __name__ == "__main__":
    app.serve(port=int(os.environ.get("PORT", "8080")))
