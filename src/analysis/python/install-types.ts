// The shapes of a dependency install, shared by the readers of each installer (install-trees.ts, conda.ts) and
// the stage walk that finds them (installers.ts).
import type { Instruction } from '../../dockerfile/index.js';
import type { CondaImage } from '../images/python-images.js';
import type { RunCommand } from '../shell/run-script.js';
import type { SimpleCommand } from '../shell/shell.js';

export type Installer = 'pip' | 'uv' | 'poetry' | 'pipenv' | 'conda';

/** Where an install puts the distributions it installs. */
export type InstallTree =
  /** A virtual environment (made by the Dockerfile, by uv sync, by poetry or pipenv in the project). */
  | { kind: 'venv'; path: string }
  /** The site-packages of the interpreter itself (pip without a venv, poetry with virtualenvs.create false, pipenv --system, uv --system). */
  | { kind: 'system' }
  /** The user base (`pip install --user`): `<base>/lib/pythonX.Y/site-packages`, scripts in `<base>/bin`. */
  | { kind: 'user'; base: string }
  /** A directory of its own (`--prefix`, `--target`, `--root`). */
  | { kind: 'prefix'; path: string; option: string }
  /** A conda env; `root` when it is the root prefix (conda's own install, or micromamba's base env). */
  | { kind: 'conda'; prefix: string; root: boolean }
  | { kind: 'unknown'; why: string };

/** The Python an installed tree is bound to. */
export type BoundPython =
  /** The base image's interpreter (or apt's python3), found through PATH. */
  | { kind: 'base' }
  /** An interpreter named by its absolute path. */
  | { kind: 'path'; path: string }
  /** The conda env's own. */
  | { kind: 'env' }
  /** One uv downloads or installed (not the base's). */
  | { kind: 'uv-managed'; why: string };

export interface DependencyInstall {
  instr: Instruction;
  /** The command (a RunCommand in a shell-form RUN, a plain command in exec form). */
  cmd: SimpleCommand;
  /** The command with its place in the text; null in exec form. */
  located: RunCommand | null;
  installer: Installer;
  /** As the user writes it: `pip install`, `uv sync`, `uv pip install`, `poetry install`, `pipenv sync`, `conda env create`. */
  what: string;
  tree: InstallTree;
  python: BoundPython;
  /** The project directory (uv sync, poetry, pipenv), absolute, where known. */
  project: string | null;
}

/** What the walk knows when it reaches a command: what earlier steps made and configured. */
export interface WalkState {
  /** Venvs made so far (python -m venv, virtualenv, uv venv, project envs), absolute. */
  venvs: Set<string>;
  /** The conda root prefix: the base image's, or the installer's `-p`; null when unknown. */
  condaRoot: string | null;
  /** Conda envs made so far, absolute. */
  condaEnvs: Set<string>;
  /** The base image's conda install, when it ships one. */
  condaImage: CondaImage | null;
  /** `poetry config KEY VALUE` settings run so far. */
  poetry: Map<string, string>;
  /** Line of a `uv python install`, when one ran. */
  uvPythonInstall: number | null;
  /** Whether the base has a Python (null: unknown image), or apt installed one. */
  basePython: boolean | null;
  aptPython: boolean;
  /** The base image's tag (python:3.12 → 3.12), for uv's `--python 3.12`. */
  baseTag: string | null;
  /** A context file by the path an install names (`-f environment.yml`, poetry.toml), read in the instruction's directory. */
  readFile: (instr: Instruction, arg: string) => string | undefined;
}
