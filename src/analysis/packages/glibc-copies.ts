// What a stage takes from other stages built on glibc (Debian, Ubuntu …) that cannot work on musl: Python
// environments (venvs, `pip install --prefix/--target/--root/--user` trees, site-packages, conda) and wheels
// compiled there (`pip wheel -w`, `maturin build --out`), whether copied (`COPY --from`) or mounted
// (`RUN --mount=type=bind,from=…`). Compiled modules in them link glibc and do not load on Alpine. Pure.
import { parseImageRef, stageByName, stageChain, type DockerfileModel, type Instruction, type Stage } from '../../dockerfile/index.js';
import { isAlpine } from '../images/alpine-sibling.js';
import { resolvedBase } from '../images/stage-base.js';
import { mounts, runScript, type RunCommand } from '../shell/run-script.js';
import { envSetting, joinPath, workdirAt } from '../stage/stage-env.js';

export interface StageTake {
  instr: Instruction;
  /** The stage it takes from (null: an external image). */
  from: Stage | null;
  /** The path in that stage, as written. */
  source: string;
}

export interface GlibcTree extends StageTake {
  from: Stage;
  /** What the path holds: "a venv made on line 12", "pip --prefix tree", "site-packages" … */
  what: string;
}

/** Paths that hold a Python environment whatever made them. */
const PYTHON_TREE = /(^|\/)(site-packages|dist-packages|\.?venv|virtualenvs?)(\/|$)|^\/usr\/local\/lib\/python|^\/usr\/lib\/python|^\/opt\/(conda|miniconda\d?|mamba|micromamba)(\/|$)|^\/root\/\.local(\/|$)|^\/usr\/local\/?$/;

/** Every path the stage copies or bind-mounts from another stage or image. */
export function stageTakes(model: DockerfileModel, stage: Stage): StageTake[] {
  const out: StageTake[] = [];
  for (const instr of stage.instructions) {
    const from = instr.flags.find((f) => f.name === 'from')?.value;
    if ((instr.keyword === 'COPY' || instr.keyword === 'ADD') && from) {
      const src = stageByName(model, from, stage.index) ?? (/^\d+$/.test(from) ? model.stages[Number(from)] ?? null : null);
      for (const source of instr.args.slice(0, -1)) out.push({ instr, from: src, source: source.replace(/^["']|["']$/g, '') });
    }
    if (instr.keyword === 'RUN') {
      for (const m of mounts(instr)) {
        const f = m.get('from');
        if (m.get('type') !== 'bind' || !f) continue;
        out.push({ instr, from: stageByName(model, f, stage.index), source: m.get('source') ?? '/' });
      }
    }
  }
  return out;
}

/** The takes from glibc stages that hold Python environments or compiled wheels. */
export function glibcTrees(model: DockerfileModel, stage: Stage): GlibcTree[] {
  const out: GlibcTree[] = [];
  for (const t of stageTakes(model, stage)) {
    if (!t.from || !isGlibc(model, t.from)) continue;
    const path = normalize(t.source.startsWith('/') ? t.source : `/${t.source}`);
    const made = madeTrees(model, t.from).find((m) => related(path, m.path));
    if (made) out.push({ ...t, from: t.from, what: made.what });
    else if (PYTHON_TREE.test(path)) out.push({ ...t, from: t.from, what: 'a Python environment' });
  }
  return out;
}

/** True when the stage's root image is not Alpine (official images other than alpine ones are glibc). */
export function isGlibc(model: DockerfileModel, stage: Stage): boolean {
  const root = stageChain(model, stage)[0]!;
  const base = resolvedBase(model, root);
  if (base === 'scratch') return false;
  return !isAlpine(parseImageRef(base));
}

interface Made {
  path: string;
  what: string;
}

/** Venvs, pip install trees and wheel directories the stage (and those it builds on) makes. */
function madeTrees(model: DockerfileModel, stage: Stage): Made[] {
  const out: Made[] = [];
  for (const s of stageChain(model, stage)) {
    for (const instr of s.instructions) {
      const script = runScript(model, instr);
      const cwd = workdirAt(model, instr) ?? '/';
      for (const cmd of script?.commands ?? []) {
        for (const m of treesOf(cmd)) {
          const path = expandEnv(model, instr, m.path);
          if (path !== null) out.push({ path: normalize(joinPath(cwd, path)), what: `${m.what} (line ${instr.line})` });
        }
      }
    }
  }
  return out;
}

function treesOf(cmd: RunCommand): Made[] {
  const w = cmd.words;
  const value = (...names: string[]) => {
    for (let i = 0; i < w.length; i++) {
      for (const n of names) {
        if (w[i] === n && w[i + 1]) return w[i + 1]!;
        if (n.startsWith('--') && w[i]!.startsWith(`${n}=`)) return w[i]!.slice(n.length + 1);
      }
    }
    return null;
  };
  const last = () => w.slice(1).filter((x) => !x.startsWith('-')).pop() ?? null;
  if (/^python[\d.]*$/.test(cmd.name) && w[1] === '-m' && (w[2] === 'venv' || w[2] === 'virtualenv')) return one(w.slice(3).filter((x) => !x.startsWith('-')).pop() ?? null, 'a venv');
  if (cmd.name === 'virtualenv') return one(last(), 'a venv');
  if (cmd.name === 'uv' && w[1] === 'venv') return one(w.slice(2).filter((x) => !x.startsWith('-')).pop() ?? '.venv', 'a venv');
  if (cmd.name === 'uv' && w[1] === 'sync') return one('${UV_PROJECT_ENVIRONMENT:-.venv}', 'the venv of uv sync');
  if (/^pip[\d.]*$/.test(cmd.name) || (cmd.name.startsWith('python') && w[2] === 'pip')) {
    const out = [
      ...one(value('--prefix'), 'a pip install --prefix tree'), ...one(value('--target', '-t'), 'a pip install --target tree'),
      ...one(value('--root'), 'a pip install --root tree'), ...one(w.includes('--user') ? '/root/.local' : null, 'a pip install --user tree'),
    ];
    if (w.includes('wheel')) out.push(...one(value('--wheel-dir', '-w') ?? '.', 'wheels built by pip wheel'));
    return out;
  }
  if (cmd.name === 'maturin' || (w[1] === '-m' && w[2] === 'maturin')) return one(value('--out', '-o'), 'wheels built by maturin');
  return [];
}

function one(path: string | null, what: string): Made[] {
  return path === null ? [] : [{ path, what }];
}

/** `$VAR`, `${VAR}` and `${VAR:-default}` read from ENV/ARG before `instr`; null when one stays unknown. */
export function expandEnv(model: DockerfileModel, instr: Instruction, path: string): string | null {
  let unknown = false;
  const out = path.replace(/\$\{(\w+)(?::?-([^}]*))?\}|\$(\w+)/g, (_m, a: string | undefined, dflt: string | undefined, b: string | undefined) => {
    const v = envSetting(model, instr, (a ?? b)!)?.value ?? dflt ?? null;
    if (v === null) unknown = true;
    return v ?? '';
  });
  return unknown ? null : out;
}

function normalize(p: string): string {
  const n = p.replace(/\/\*$/, '').replace(/\/+$/, '').replace(/\/\.$/, '');
  return n === '' ? '/' : n;
}

/** True when one path holds the other. */
function related(a: string, b: string): boolean {
  return a === b || a === '/' || b.startsWith(`${a}/`) || a.startsWith(`${b}/`);
}
