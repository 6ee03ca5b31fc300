// uv's documented Docker pattern for the builder (docs.astral.sh/uv/guides/integration/docker): a cache mount on
// uv's cache, UV_COMPILE_BYTECODE=1 and UV_LINK_MODE=copy, UV_PYTHON_DOWNLOADS=0 (the venv keeps the base's
// Python, which the final stage has), and a project's dependencies synced with --no-install-project from its
// bind-mounted pyproject.toml and uv.lock before the project is copied in, then the project.
import type { DockerfileModel, Instruction, Stage, TextEdit } from '../../dockerfile/index.js';
import { commandEnv } from '../../analysis/python/install-env.js';
import type { DependencyInstall } from '../../analysis/python/installers.js';
import { mounts, offsetAfter } from '../../analysis/shell/run-script.js';
import { commandText } from '../../analysis/shell/script-edit.js';
import { copyEntries, fromContext } from '../../analysis/stage/copy-sources.js';
import { workdirAt } from '../../analysis/stage/stage-env.js';

const SETTINGS: [string, string][] = [['UV_COMPILE_BYTECODE', '1'], ['UV_LINK_MODE', 'copy'], ['UV_PYTHON_DOWNLOADS', '0']];
/** Files a dependencies-only sync reads besides pyproject.toml: what the project's copy may send without being the project. */
const MANIFESTS = new Set(['pyproject.toml', 'uv.lock', '.python-version', 'README.md', 'README.rst', 'README']);
/** Instructions that may sit between the project's copy and its sync: they change nothing the sync reads. */
const NEUTRAL = new Set(['COPY', 'ADD', 'LABEL', 'EXPOSE']);

export interface UvSplit {
  install: DependencyInstall;
  /** The copy of the project the dependencies-only sync goes before. */
  before: Instruction;
  /** The new RUN. */
  run: string;
  /** `--locked` was added (uv.lock is in the context and the sync had neither --locked nor --frozen). */
  locked: boolean;
}

export interface UvPattern {
  /** The ENV line for the builder, before its first uv install; null when every setting is already made. */
  env: string | null;
  /** Its place: the first RUN with a uv install. */
  envBefore: Instruction | null;
  /** Per RUN with a uv install: the cache mount flag to add (null when it has one, or runs without a cache). */
  cacheMount: Map<Instruction, string | null>;
  splits: UvSplit[];
  /** Words to add to the uv sync command of a split (--locked). */
  edits: TextEdit[];
}

export function uvPattern(model: DockerfileModel, stage: Stage, installs: DependencyInstall[], files: Record<string, string>, contextPaths: string[]): UvPattern | null {
  const uv = installs.filter((i) => i.installer === 'uv');
  if (uv.length === 0) return null;
  const first = uv[0]!;
  const env = commandEnv(model, first.instr, null, null);
  const settings = SETTINGS.filter(([k]) => env.get(k) === undefined).map(([k, v]) => `${k}=${v}`);
  const cacheMount = new Map<Instruction, string | null>();
  for (const i of uv) cacheMount.set(i.instr, cacheMount.get(i.instr) ?? cacheFlag(model, i));
  // A project whose dependencies already sync first (`uv sync --no-install-project` before) keeps its shape.
  const patterned = (i: DependencyInstall) => uv.some((o) => o !== i && o.project === i.project && o.instr.start < i.instr.start && o.cmd.words.includes('--no-install-project'));
  const splits = uv.flatMap((i) => (patterned(i) ? [] : split(model, stage, i, files, contextPaths, cacheMount.get(i.instr) ?? null) ?? []));
  const edits = splits.filter((s) => s.locked).map((s) => {
    const at = offsetAfter(s.install.located!.part, s.install.located!.at[1]!.end); // after `sync`
    return { start: at, end: at, newText: ' --locked' };
  });
  return { env: settings.length ? `ENV ${settings.join(' ')}` : null, envBefore: first.instr, cacheMount, splits, edits };
}

/** `--mount=type=cache,target=<uv's cache>` for the RUN, or null when it mounts one already or runs uv without a cache. */
function cacheFlag(model: DockerfileModel, i: DependencyInstall): string | null {
  const env = commandEnv(model, i.instr, null, null);
  if (i.cmd.words.includes('--no-cache') || i.cmd.words.includes('-n') || env.get('UV_NO_CACHE') !== undefined) return null;
  const dir = env.get('UV_CACHE_DIR') ?? '/root/.cache/uv';
  if (dir === null || mounts(i.instr).some((m) => m.get('type') === 'cache' && (m.get('target') === dir || /uv/.test(m.get('target') ?? '')))) return null;
  return `--mount=type=cache,target=${dir}`;
}

/** The dependencies-only sync for a `uv sync` that installs the project from a copy of the whole project; null where that does not hold. */
function split(model: DockerfileModel, stage: Stage, i: DependencyInstall, files: Record<string, string>, contextPaths: string[], cache: string | null): UvSplit | null {
  const words = i.cmd.words;
  const project = i.project;
  if (i.what !== 'uv sync' || !i.located || project === null || words.some((w) => /^--(no-install-project|no-install-workspace|only-|directory|project|package)/.test(w))) return null;
  if (workdirAt(model, i.instr) !== project || commandEnv(model, i.instr, null, null).cwd !== project) return null;
  const at = stage.instructions.indexOf(i.instr);
  let c = at - 1;
  const neutral = (x: Instruction) => NEUTRAL.has(x.keyword) && !x.flags.some((f) => f.name === 'from'); // a COPY --from may bring uv in
  while (c > 0 && neutral(stage.instructions[c]!) && !sends(model, stage.instructions[c]!, `${project}/pyproject.toml`, contextPaths)) c--;
  const copy = stage.instructions[c]!;
  if (c <= 0 || !sends(model, copy, `${project}/pyproject.toml`, contextPaths)) return null;
  const entries = copyEntries(model, copy, contextPaths) ?? [];
  if (entries.every((e) => MANIFESTS.has(e.image.slice(project.length + 1)))) return null; // only manifests: dependencies already come first
  const ctx = (name: string) => entries.find((e) => e.image === `${project}/${name}`)?.ctx;
  const pyproject = files[ctx('pyproject.toml')!];
  if (pyproject === undefined || /\[tool\.uv\.workspace\]|workspace\s*=\s*true|\bpath\s*=/.test(pyproject)) return null;
  const lock = ctx('uv.lock');
  const locked = lock !== undefined && !words.includes('--locked') && !words.includes('--frozen');
  const binds = (['uv.lock', 'pyproject.toml', '.python-version'] as const).flatMap((n) => (ctx(n) ? [`--mount=type=bind,source=${ctx(n)},target=${n}`] : []));
  const flags = [...(cache ? [cache] : []), ...i.instr.flags.map((f) => `--${f.name}${f.value === null ? '' : `=${f.value}`}`), ...binds];
  const command = `${commandText(i.located)}${locked ? ' --locked' : ''} --no-install-project`;
  const esc = model.escapeChar;
  return { install: i, before: copy, run: `RUN ${flags.join(` ${esc}\n    `)} ${esc}\n    ${command}`, locked };
}

function sends(model: DockerfileModel, instr: Instruction, imagePath: string, contextPaths: string[]): boolean {
  return fromContext(instr) && (copyEntries(model, instr, contextPaths) ?? []).some((e) => e.image === imagePath);
}
