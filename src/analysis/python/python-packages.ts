// Facts about Python packages the rules share: which distributions have no musllinux wheels, which are dev/test/
// notebook tools, torch and its companions, Debian's python3-X names, and which apt packages only a build needs.
import { normalizeName } from './requirements.js';

/** Distributions with manylinux wheels only (no musllinux wheel): the catalogue with reasons is analysis/packages/musl-wheels.ts. */
export { isManylinuxOnly } from '../packages/musl-wheels.js';

/** Dev, test, lint and notebook tools: what an image that runs the app never needs (prune-requirements' fallback list). */
const DEV_TOOLS = new Set([
  'pytest', 'black', 'flake8', 'mypy', 'pylint', 'isort', 'pre-commit', 'jupyter', 'jupyterlab', 'notebook', 'ipython', 'ipykernel',
  'ipywidgets', 'coverage', 'tox', 'nox', 'ruff', 'bandit', 'autopep8', 'yapf', 'pyright', 'pycodestyle', 'pydocstyle', 'pyflakes',
  'jupyter-core', 'jupyter-client', 'jupyter-server', 'nbconvert', 'nbformat', 'jupytext', 'voila',
]);
const DEV_PREFIXES = ['pytest-', 'flake8-', 'types-', 'mypy-boto3'];

export function isDevTool(name: string): boolean {
  const n = normalizeName(name);
  return DEV_TOOLS.has(n) || DEV_PREFIXES.some((p) => n.startsWith(p));
}

/** Debian packages of the same tools. */
const DEV_DEBS = new Set([
  'python3-pytest', 'python3-coverage', 'python3-ipython', 'ipython3', 'python3-ipykernel', 'python3-notebook', 'jupyter-notebook',
  'jupyter', 'jupyter-core', 'python3-nbconvert', 'python3-nbformat', 'black', 'flake8', 'python3-flake8', 'mypy', 'python3-mypy',
  'pylint', 'python3-pylint', 'isort', 'python3-isort', 'pre-commit', 'tox', 'python3-tox', 'python3-autopep8', 'python3-hypothesis',
  'python3-mock', 'python3-nose', 'python3-pycodestyle', 'python3-pyflakes', 'python3-pydocstyle', 'python3-bandit', 'ruff',
]);

export function isDevDeb(pkg: string): boolean {
  return DEV_DEBS.has(pkg) || pkg.startsWith('python3-pytest-');
}

/** torch and the packages that come with it; what onnx-runtime leaves in the builder. */
export const TORCH_PACKAGES = new Set(['torch', 'torchvision', 'torchaudio']);
const TORCH_AND_CO = new Set([...TORCH_PACKAGES, 'onnx', 'onnxscript', 'triton', 'pytorch-lightning', 'lightning', 'torchmetrics', 'torchtext']);

export function isTorchAndCo(name: string): boolean {
  const n = normalizeName(name);
  return TORCH_AND_CO.has(n) || n.startsWith('nvidia-');
}

/** The Debian packages of torch & co. */
export function isTorchAndCoDeb(pkg: string): boolean {
  return /^python3-(torch|torchvision|torchaudio|onnx|triton|lightning|pytorch-lightning|torchmetrics)$/.test(pkg) || pkg === 'libtorch-dev' || /^libtorch\d/.test(pkg);
}

/** Debian's name for a Python distribution where it is not python3-<name>. */
const DEB_NAMES: Record<string, string> = {
  'scikit-learn': 'python3-sklearn', pillow: 'python3-pil', pyyaml: 'python3-yaml', 'opencv-python': 'python3-opencv',
  'opencv-python-headless': 'python3-opencv', beautifulsoup4: 'python3-bs4', 'python-dateutil': 'python3-dateutil',
  'psycopg2-binary': 'python3-psycopg2', pytz: 'python3-tz', 'typing-extensions': 'python3-typing-extensions', pyjwt: 'python3-jwt',
  'python-dotenv': 'python3-dotenv', msgpack: 'python3-msgpack', protobuf: 'python3-protobuf', 'onnxruntime-gpu': 'python3-onnxruntime',
};

/** The Debian package of a Python distribution (onnxruntime → python3-onnxruntime, scikit-learn → python3-sklearn). */
export function debPackageOf(distribution: string): string {
  const n = normalizeName(distribution.replace(/[[<>=!~;@ ].*$/, ''));
  return DEB_NAMES[n] ?? `python3-${n}`;
}

/** The interpreter's own packages (runtime). */
const INTERPRETER_DEBS = new Set(['python3', 'python3-full', 'python3-minimal', 'python-is-python3']);
/** Python's build and install tooling (pip, venv, headers, the dependency installers): what only a build needs. */
const PYTHON_TOOLING_DEBS = new Set([
  'python3-pip', 'python3-venv', 'python3-dev', 'python3-setuptools', 'python3-wheel', 'python3-distutils', 'libpython3-dev',
  'python3-poetry', 'python3-poetry-core', 'pipenv', 'pipx', 'python3-virtualenv', 'virtualenv', 'python3-pip-whl', 'python3-setuptools-whl',
]);

export function isPythonToolingDeb(pkg: string): boolean {
  return PYTHON_TOOLING_DEBS.has(pkg) || /^(lib)?python3\.\d+-(venv|dev)$/.test(pkg);
}

/** A Python library packaged by Debian (python3-flask …), not the interpreter or its tooling. */
export function isPythonLibDeb(pkg: string): boolean {
  return pkg.startsWith('python3-') && !INTERPRETER_DEBS.has(pkg) && !isPythonToolingDeb(pkg) && !/^python3\.\d+(-minimal)?$/.test(pkg);
}
