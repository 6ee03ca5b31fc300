#!/usr/bin/env python3
"""Builds the wheels of experiments/pip-service's private package index and its PEP 503 tree.

    python3 build_wheels.py OUT_DIR

OUT_DIR/packages/*.whl are real wheels (dist-info with METADATA, WHEEL, top_level.txt and a RECORD of
sha256 hashes) with real top-level modules, Requires-Dist between them, and — for the large ones —
package data files of seeded pseudo-random bytes (incompressible, like model weights or fonts).
OUT_DIR/simple/ is the index pip reads (--index-url http://HOST:PORT/simple/). Standard library only;
the output is the same bytes on every run (fixed seeds and zip timestamps).
"""
import base64
import hashlib
import html
import json
import os
import random
import re
import sys
import zipfile

MB = 1024 * 1024
STAMP = (2024, 6, 1, 0, 0, 0)

# name, version, requires, {module path: source}, (data dir, files, bytes each) or None, summary
PACKAGES = [
    ("acme-common", "1.4.0", [], {"acme_common/__init__.py": '''"""Shared helpers of the acme packages."""
import json


def dumps(value) -> bytes:
    return json.dumps(value, sort_keys=True).encode()


def slug(text: str) -> str:
    return "-".join(text.lower().split())
'''}, None, "Shared helpers"),
    ("acme-routes", "0.9.2", [], {"acme_routes/__init__.py": '''"""Path routing for acme-http."""


class Router:
    def __init__(self):
        self._routes = {}

    def add(self, method, path, handler):
        self._routes[(method.upper(), path)] = handler

    def match(self, method, path):
        return self._routes.get((method.upper(), path))
'''}, None, "Path routing"),
    ("acme-http", "2.1.0", ["acme-routes>=0.9", "acme-common>=1.0"], {"acme_http/__init__.py": '''"""A small WSGI web framework on the standard library's wsgiref."""
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, make_server

from acme_common import dumps
from acme_routes import Router


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class App:
    def __init__(self):
        self.router = Router()

    def route(self, path, method="GET"):
        def register(handler):
            self.router.add(method, path, handler)
            return handler
        return register

    def __call__(self, environ, start_response):
        handler = self.router.match(environ["REQUEST_METHOD"], environ.get("PATH_INFO", "/"))
        if handler is None:
            status, body = 404, {"error": "not found"}
        else:
            query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
            status, body = handler(query)
        start_response(f"{status} {'OK' if status == 200 else 'Error'}", [("Content-Type", "application/json")])
        return [dumps(body)]

    def serve(self, host="0.0.0.0", port=8080):
        print(f"serving on {host}:{port}", flush=True)
        make_server(host, port, self, handler_class=_Quiet).serve_forever()
'''}, None, "A small WSGI web framework"),
    ("geotables", "2024.6", ["acme-common>=1.0"], {"geotables/__init__.py": '''"""Country lookup tables with pre-rendered map tiles (package data)."""
import hashlib
import json
import os

HERE = os.path.dirname(__file__)


def lookup(code: str) -> dict | None:
    with open(os.path.join(HERE, "data", "index.json")) as f:
        index = json.load(f)
    entry = index.get(code.upper())
    if entry is None:
        return None
    with open(os.path.join(HERE, "data", entry["tile"]), "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()[:12]
    return {"code": code.upper(), "name": entry["name"], "tile": entry["tile"], "tileDigest": digest}
'''}, ("geotables/data", 6, 5 * MB), "Country lookup tables"),
    ("chartkit", "3.2.0", ["acme-common>=1.0"], {"chartkit/__init__.py": '''"""Charts for reports and notebooks (bundled fonts as package data)."""


def bar(values):
    return "\\n".join("#" * int(v) for v in values)
'''}, ("chartkit/fonts", 5, 5 * MB), "Charts with bundled fonts"),
    ("widgetkit", "8.1.0", [], {"widgetkit/__init__.py": '''"""Interactive widgets for notebooks."""


class Slider:
    def __init__(self, lo=0, hi=100):
        self.lo, self.hi = lo, hi
'''}, None, "Notebook widgets"),
    ("notebook-kit", "6.5.0", ["widgetkit>=8", "chartkit>=3", "acme-common>=1.0"], {"notebook_kit/__init__.py": '''"""A notebook server with its front-end assets (package data)."""


def main():
    print("notebook-kit: open http://localhost:8888")
'''}, ("notebook_kit/static", 8, 5 * MB), "Notebook server"),
    ("pytest-acme", "7.0.0", ["acme-common>=1.0"], {"pytest_acme/__init__.py": '''"""Test fixtures for acme services."""


def client(app):
    return app
'''}, None, "Test fixtures"),
    ("flake8-acme", "5.0.1", [], {"flake8_acme/__init__.py": '''"""House lint rules with their rule database (package data)."""
'''}, ("flake8_acme/rules", 3, 5 * MB), "House lint rules"),
    ("types-acme", "1.4.0.1", [], {"acme_common-stubs/__init__.pyi": "def dumps(value: object) -> bytes: ...\ndef slug(text: str) -> str: ...\n"}, None, "Type stubs for acme-common"),
]

COUNTRIES = {"FR": "France", "DE": "Germany", "JP": "Japan", "BR": "Brazil", "KE": "Kenya", "CA": "Canada"}


def norm(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def record_hash(data):
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def files_of(name, version, requires, modules, data, summary):
    dist = f"{name.replace('-', '_')}-{version}.dist-info"
    out = {path: src.encode() for path, src in modules.items()}
    if data:
        folder, count, size = data
        rng = random.Random(f"{name}-{version}")
        for i in range(count):
            out[f"{folder}/part{i:02d}.bin"] = rng.randbytes(size)
        if name == "geotables":
            index = {code: {"name": country, "tile": f"part{i % count:02d}.bin"} for i, (code, country) in enumerate(sorted(COUNTRIES.items()))}
            out[f"{folder}/index.json"] = json.dumps(index, indent=1).encode()
    meta = [f"Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}", f"Summary: {summary}", "Requires-Python: >=3.9"]
    meta += [f"Requires-Dist: {r}" for r in requires]
    out[f"{dist}/METADATA"] = ("\n".join(meta) + "\n").encode()
    out[f"{dist}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: dflab-lab-index\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    tops = sorted({p.split("/")[0].removesuffix(".py") for p in modules})
    out[f"{dist}/top_level.txt"] = ("\n".join(tops) + "\n").encode()
    rec = [f"{p},{record_hash(b)},{len(b)}" for p, b in out.items()] + [f"{dist}/RECORD,,"]
    out[f"{dist}/RECORD"] = ("\n".join(rec) + "\n").encode()
    return out


def write_wheel(path, files):
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, STAMP)
            info.compress_type = zipfile.ZIP_STORED if name.endswith(".bin") else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)


def main(out):
    os.makedirs(os.path.join(out, "packages"), exist_ok=True)
    links = []
    for name, version, requires, modules, data, summary in PACKAGES:
        wheel = f"{name.replace('-', '_')}-{version}-py3-none-any.whl"
        path = os.path.join(out, "packages", wheel)
        write_wheel(path, files_of(name, version, requires, modules, data, summary))
        with open(path, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        project = os.path.join(out, "simple", norm(name))
        os.makedirs(project, exist_ok=True)
        with open(os.path.join(project, "index.html"), "w") as f:
            f.write(f'<!DOCTYPE html>\n<html><body>\n<a href="../../packages/{wheel}#sha256={digest}" data-requires-python="&gt;=3.9">{html.escape(wheel)}</a>\n</body></html>\n')
        links.append(norm(name))
        print(f"{wheel}: {os.path.getsize(path)} bytes")
    with open(os.path.join(out, "simple", "index.html"), "w") as f:
        f.write("<!DOCTYPE html>\n<html><body>\n" + "".join(f'<a href="{n}/">{n}</a>\n' for n in sorted(links)) + "</body></html>\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "pip-index")
