#!/usr/bin/env python3
"""dflab import analysis: which installed distributions (and Debian packages) an app needs.

Run inside the built original image, with the image's own Python:

    python3 analyze_imports.py APP_PATH [APP_PATH ...]

(each APP_PATH a directory of the app's sources, walked, or a single .py file).

It parses every .py file under the APP_PATHs with `ast` and keeps the top-level modules the app imports (import
statements, importlib.import_module("x"), and string constants that name an installed module, as settings
files load apps and middleware by name), leaving out the standard library and the app's own modules. It maps
them to installed distributions with importlib.metadata.packages_distributions() and follows
importlib.metadata.requires() to the dependency closure (requirements behind an extra count only when that
extra was asked for; other environment markers are evaluated when `packaging` is available, else assumed
true). The Debian packages (`dpkg -S`) owning the imported modules and the closure's metadata are reported
too, for apt-installed Python libraries (python3-X). Prints one JSON object on stdout:

    {"distributions": [...], "debPackages": [...], "unresolved": [...], "imports": [...], "parseErrors": [...]}

distributions are PEP 503 normalized names; unresolved are imported modules that no installed
distribution or Debian package provides (optional or conditional imports, usually). Standard library
only; Python 3.8+ (packages_distributions needs 3.10 or importlib_metadata; without it, top-level
names are read from each distribution's top_level.txt and RECORD).
"""
import ast
import json
import os
import re
import subprocess
import sys

try:
    import importlib.metadata as metadata
except ImportError:  # Python < 3.8
    import importlib_metadata as metadata  # type: ignore
import importlib.util

SKIP_DIRS = {".git", ".hg", ".svn", "__pycache__", "node_modules", ".venv", "venv", "env", ".tox", ".nox",
             "site-packages", "dist-packages", ".mypy_cache", ".pytest_cache", "build", "dist"}
# Tests are not what the image runs: their imports (pytest, mocks, fixtures) must not keep a dependency.
TEST_DIRS = {"tests", "test", "testing"}
TEST_FILE = re.compile(r"^(test_.*|.*_test|conftest)\.py$")


def normalize(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def python_files(root):
    if os.path.isfile(root):
        yield root
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS | TEST_DIRS and not d.endswith(".egg-info"))
        for f in sorted(filenames):
            if f.endswith(".py") and not TEST_FILE.match(f):
                yield os.path.join(dirpath, f)


def local_names(root):
    """Top-level names the app itself provides: its .py files and package directories, at any depth
    (scripts often put their own directory on sys.path)."""
    names = set()
    if os.path.isfile(root):
        return {os.path.basename(root)[:-3]} if root.endswith(".py") else set()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in SKIP_DIRS and not d.endswith(".egg-info")]
        for f in filenames:
            if f.endswith(".py"):
                names.add(f[:-3])
        for d in dirnames:
            if os.path.exists(os.path.join(dirpath, d, "__init__.py")):
                names.add(d)
    return names


def imported_modules(roots):
    """Top-level modules the app imports (import statements, import_module("x")), plus string constants that
    name a module ("rest_framework", "whitenoise.middleware.WhiteNoiseMiddleware"): settings load those by name."""
    modules, strings, errors = set(), set(), []
    for path in (p for root in roots for p in python_files(root)):
        try:
            with open(path, "rb") as fh:
                tree = ast.parse(fh.read(), filename=path)
        except (SyntaxError, ValueError) as e:
            errors.append("%s: %s" % (path, e))
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    modules.add(alias.name.split(".")[0])
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
            elif isinstance(node, ast.Call) and is_dynamic_import(node):
                modules.add(node.args[0].value.split(".")[0])
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and DOTTED.match(node.value):
                strings.add(node.value.split(".")[0])
    return modules, strings, errors


DOTTED = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")


def is_dynamic_import(node):
    """importlib.import_module("x") and __import__("x") with a literal name."""
    f = node.func
    name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else None
    if name not in ("import_module", "__import__") or not node.args:
        return False
    arg = node.args[0]
    return isinstance(arg, ast.Constant) and isinstance(arg.value, str) and not arg.value.startswith(".")


def stdlib_names():
    names = set(sys.builtin_module_names)
    names.update(getattr(sys, "stdlib_module_names", ()))
    names.add("__future__")
    return names


def top_level_map():
    """Import name -> distribution names."""
    if hasattr(metadata, "packages_distributions"):
        return {k: list(v) for k, v in metadata.packages_distributions().items()}
    mapping = {}
    for dist in metadata.distributions():
        name = dist.metadata["Name"]
        tops = (dist.read_text("top_level.txt") or "").split()
        for f in dist.files or []:
            parts = f.parts
            if parts and not parts[0].endswith((".dist-info", ".egg-info")) and parts[0] != "..":
                tops.append(parts[0][:-3] if parts[0].endswith(".py") else parts[0])
        for t in set(tops):
            mapping.setdefault(t, []).append(name)
    return mapping


_MARKER = None


def marker_true(marker, extras):
    """Whether a requirement's environment marker holds for the given requested extras."""
    global _MARKER
    if not marker:
        return True
    if _MARKER is None:
        _MARKER = False
        for mod in ("packaging.markers", "pip._vendor.packaging.markers"):
            try:
                _MARKER = __import__(mod, fromlist=["Marker"]).Marker
                break
            except Exception:
                pass
    if _MARKER:
        try:
            m = _MARKER(marker)
            if not extras:
                return m.evaluate({"extra": ""})
            return any(m.evaluate({"extra": e}) for e in extras)
        except Exception:
            pass
    wanted = re.findall(r"""extra\s*==\s*["']([^"']+)["']""", marker)
    if wanted:
        return any(normalize(w) in extras for w in wanted)
    return True


REQ = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?[^;]*(?:;(.*))?$")


def closure(roots):
    """Installed distributions reachable from roots via requires(); roots are (name, extras) pairs."""
    seen = {}
    stack = [(n, frozenset()) for n in roots]
    while stack:
        name, extras = stack.pop()
        key = normalize(name)
        if key in seen and extras <= seen[key]:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # not installed: its marker was false here, or an optional dependency
        seen[key] = seen.get(key, frozenset()) | extras
        for req in dist.requires or []:
            m = REQ.match(req)
            if not m or not marker_true((m.group(3) or "").strip(), {normalize(e) for e in extras}):
                continue
            sub = frozenset(normalize(e) for e in (m.group(2) or "[]")[1:-1].split(",") if e.strip())
            stack.append((m.group(1), sub))
    return seen


def module_file(name):
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError, AttributeError):
        return None
    if spec is None:
        return None
    if spec.origin and spec.origin not in ("built-in", "frozen", "namespace") and os.path.isabs(spec.origin):
        return spec.origin
    locations = list(spec.submodule_search_locations or [])
    return locations[0] if locations else None


def metadata_file(dist):
    path = getattr(dist, "_path", None)
    if path is None:
        return None
    path = str(path)
    for f in ("METADATA", "PKG-INFO"):
        if os.path.isfile(os.path.join(path, f)):
            return os.path.join(path, f)
    return path if os.path.exists(path) else None


def deb_owners(paths):
    """path -> Debian package owning it, via one `dpkg -S` call; {} without dpkg."""
    paths = sorted({p for p in paths if p})
    if not paths:
        return {}
    owners = {}
    for i in range(0, len(paths), 200):
        chunk = paths[i:i + 200]
        candidates = set()
        for p in chunk:
            candidates.add(p)
            real = os.path.realpath(p)
            candidates.add(real)
            if real.startswith("/usr/"):  # merged /usr: dpkg may know the file under /lib
                candidates.add(real[4:])
        try:
            out = subprocess.run(["dpkg", "-S"] + sorted(candidates), stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL, universal_newlines=True).stdout
        except OSError:
            return {}
        by_path = {}
        for line in out.splitlines():
            if line.startswith("diversion ") or ": " not in line:
                continue
            pkgs, path = line.split(": ", 1)
            by_path[path.strip()] = pkgs.split(",")[0].strip().split(":")[0]
        for p in chunk:
            real = os.path.realpath(p)
            owner = by_path.get(p) or by_path.get(real) or (by_path.get(real[4:]) if real.startswith("/usr/") else None)
            if owner:
                owners[p] = owner
    return owners


HEAVY = re.compile(r"torch|triton|nvidia|cuda|cudnn|nccl|tensorflow|jax")


def heavy_installed():
    """Bytes installed by the deep-learning stacks an onnx/CPU-only variant would drop: pip distributions
    (their RECORD) and Debian packages (dpkg's Installed-Size, KiB). Names as installed; {} when unknown."""
    sizes = {}
    for dist in metadata.distributions():
        name = normalize(dist.metadata["Name"] or "")
        if not name or not HEAVY.search(name) or name in sizes:
            continue
        total = 0
        for f in dist.files or []:
            try:
                total += os.path.getsize(str(dist.locate_file(f)))
            except OSError:
                pass
        sizes[name] = total
    try:
        out = subprocess.run(["dpkg-query", "-W", "-f", "${Package} ${Installed-Size}\\n"], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, universal_newlines=True).stdout
    except OSError:
        out = ""
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 2 and HEAVY.search(parts[0]) and parts[1].isdigit():
            sizes["deb:" + parts[0]] = int(parts[1]) * 1024
    return sizes


def analyze(roots):
    modules, strings, errors = imported_modules(roots)
    mapping = top_level_map()
    modules |= {s for s in strings if s in mapping}  # a string only counts when it names an installed module
    local = set().union(*(local_names(r) for r in roots))
    third_party = sorted(modules - stdlib_names() - local)
    roots, unmapped = [], []
    for mod in third_party:
        if mod in mapping:
            roots.extend(mapping[mod])
        else:
            unmapped.append(mod)
    dists = closure(roots)
    module_files = {mod: module_file(mod) for mod in third_party}
    meta_files = {}
    for name in dists:
        try:
            meta_files[name] = metadata_file(metadata.distribution(name))
        except metadata.PackageNotFoundError:
            pass
    owners = deb_owners(list(module_files.values()) + list(meta_files.values()))
    debs = {owners[f] for f in list(module_files.values()) + list(meta_files.values()) if f in owners}
    unresolved = [m for m in unmapped if module_files.get(m) not in owners]
    return {
        "distributions": sorted(dists),
        "debPackages": sorted(debs),
        "unresolved": sorted(unresolved),
        "imports": third_party,
        "parseErrors": errors,
        "heavyBytes": heavy_installed(),
    }


def main(argv):
    paths = argv[1:]
    if not paths or not all(os.path.isdir(p) or (os.path.isfile(p) and p.endswith(".py")) for p in paths):
        sys.stderr.write("usage: analyze_imports.py APP_PATH [APP_PATH ...] (directories or .py files)\n")
        return 2
    json.dump(analyze([os.path.abspath(p) for p in paths]), sys.stdout, sort_keys=True)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
