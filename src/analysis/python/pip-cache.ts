// Whether a pip install leaves its download cache in the layer it runs in, and if not, what keeps it out: the
// evidence pip-no-cache and pip-cache-mount decline on (an edit that adds what is already in effect is a no-op).
import type { DockerfileModel, Instruction } from '../../dockerfile/index.js';
import { mounts, runScript, type RunCommand, type RunScript } from '../shell/run-script.js';
import type { ShellWord } from '../shell/shell.js';
import { removesPath, rmTargets } from '../shell/rm.js';
import { chainBefore, envSetting } from '../stage/stage-env.js';
import { runUser } from '../images/base-user.js';
import { copySources } from '../stage/copy-sources.js';

/** What keeps a pip install's cache out of its layer. */
export type PipCacheOff =
  /** `--no-cache-dir`, or an abbreviation pip accepts (`--no-cache`, `--no-ca` …), on the command. */
  | { kind: 'option'; word: ShellWord }
  /** `PIP_NO_CACHE_DIR=…` written before the command. */
  | { kind: 'inline'; word: ShellWord }
  /** `export PIP_NO_CACHE_DIR=…` earlier in the RUN. */
  | { kind: 'exported' }
  /** ENV PIP_NO_CACHE_DIR in the image, or ARG in the stage. */
  | { kind: 'env'; setBy: Instruction }
  /** pip's configuration sets no-cache-dir: `pip config set …no-cache-dir`, a pip.conf written or copied in. */
  | { kind: 'config'; line: number }
  /** The cache is removed later in the same RUN (`rm -rf ~/.cache/pip`, `rm -rf /root/.cache`, `pip cache purge`). */
  | { kind: 'removed'; by: string }
  /** A cache mount on the cache directory: the cache never reaches the layer. */
  | { kind: 'mount' };

/**
 * pip parses options with optparse, which takes any unambiguous prefix of a long option: `--no-ca` … `--no-cache-dir`
 * (`--no-c` is ambiguous with --no-clean, --no-color and --no-compile, and pip rejects it).
 */
const NO_CACHE_OPTION = /^--no-ca(c(h(e(-(d(i(r)?)?)?)?)?)?)?$/;
/** A pip config file's `no-cache-dir = …` line (any value disables the cache, as the environment variable does). */
const CONFIG_LINE = /(^|[\s'"]|\\n)no-cache-dir\s*=/m;
const CONFIG_FILE = /pip\.(conf|ini)\b|PIP_CONFIG_FILE/;
const DEFAULT_DIR = '~/.cache/pip';

/** True for `--no-cache-dir` and the abbreviations of it pip accepts. */
export function isNoCacheOption(word: string): boolean {
  return NO_CACHE_OPTION.test(word);
}

/** Everything that keeps `cmd`'s cache out of the layer (empty: pip keeps its cache there). */
export function pipCacheOff(model: DockerfileModel, files: Record<string, string>, script: RunScript, cmd: RunCommand): PipCacheOff[] {
  const instr = script.instr;
  const out: PipCacheOff[] = [];
  for (const word of cmd.at) if (isNoCacheOption(word.text)) out.push({ kind: 'option', word });
  for (const word of cmd.prefix) if (word.text.startsWith('PIP_NO_CACHE_DIR=')) out.push({ kind: 'inline', word });
  const at = script.commands.indexOf(cmd);
  const before = script.commands.slice(0, at);
  if (before.some((c) => c.name === 'export' && c.words.some((w) => w.startsWith('PIP_NO_CACHE_DIR=')))) out.push({ kind: 'exported' });
  const env = envSetting(model, instr, 'PIP_NO_CACHE_DIR');
  if (env) out.push({ kind: 'env', setBy: env.instr });
  const config = configLine(model, files, instr, before);
  if (config !== null) out.push({ kind: 'config', line: config });
  const dir = cacheDir(model, instr, cmd);
  if (hasPipCacheMount(instr, dir)) out.push({ kind: 'mount' });
  const removed = removedAfter(model, instr, script.commands.slice(at + 1), dir);
  if (removed !== null) out.push({ kind: 'removed', by: removed });
  return out;
}

/** True when the RUN mounts a cache where pip keeps its cache (/root/.cache, …/pip, or the cache dir in use). */
export function hasPipCacheMount(instr: Instruction, pipCacheDir: string | null): boolean {
  return mounts(instr).some((m) => {
    const target = (m.get('target') ?? '').replace(/\/+$/, '');
    return m.get('type') === 'cache' && (target === pipCacheDir || /(^|\/)\.cache$/.test(target) || /(^|[/.])pip([/-]|$)/.test(target));
  });
}

/**
 * The cache directory `cmd` uses: `--cache-dir`, else PIP_CACHE_DIR, else $XDG_CACHE_HOME/pip, else ~/.cache/pip;
 * the home directory written `~` (and /root as `~` when the RUN runs as root); null when a variable hides it.
 */
export function cacheDir(model: DockerfileModel, instr: Instruction, cmd: RunCommand): string | null {
  const i = cmd.words.findIndex((w) => w === '--cache-dir' || w.startsWith('--cache-dir='));
  const option = i === -1 ? undefined : cmd.words[i]!.includes('=') ? cmd.words[i]!.slice('--cache-dir='.length) : cmd.words[i + 1];
  const xdg = envSetting(model, instr, 'XDG_CACHE_HOME')?.value;
  const dir = option ?? envSetting(model, instr, 'PIP_CACHE_DIR')?.value ?? (xdg ? `${xdg}/pip` : DEFAULT_DIR);
  return homeRelative(model, instr, dir);
}

/** The first command of `after` that removes the cache directory `dir`, as written; null when none does. */
function removedAfter(model: DockerfileModel, instr: Instruction, after: RunCommand[], dir: string | null): string | null {
  for (const c of after) {
    if (isPip(c) && c.words.includes('cache') && c.words.includes('purge')) return c.words.join(' ');
    if (dir === null) continue;
    const target = rmTargets(c).find((t) => {
      const path = homeRelative(model, instr, t);
      return path !== null && removesPath(path, dir);
    });
    if (target !== undefined) return `rm ${target}`;
  }
  return null;
}

/** The line of what configures pip without a cache before `instr` (or earlier in its RUN); null when nothing does. */
function configLine(model: DockerfileModel, files: Record<string, string>, instr: Instruction, before: RunCommand[]): number | null {
  if (before.some(setsNoCache)) return instr.line;
  for (const i of chainBefore(model, instr).reverse()) {
    if (i.keyword === 'RUN' && runScript(model, i)?.commands.some(setsNoCache)) return i.line;
    if (!['RUN', 'COPY', 'ADD'].includes(i.keyword)) continue;
    // a pip.conf written by a RUN or a COPY heredoc, or copied in from the context
    if (CONFIG_FILE.test(i.raw) && CONFIG_LINE.test(i.raw)) return i.line;
    if (i.keyword !== 'RUN' && !i.flags.some((f) => f.name === 'from')) {
      const copied = copySources(i).map((s) => s.replace(/^\.\//, '')).filter((s) => /(^|\/)pip\.(conf|ini)$/.test(s));
      if (copied.some((s) => CONFIG_LINE.test(files[s] ?? ''))) return i.line;
    }
  }
  return null;
}

/** `pip config [--global|--user|--site] set global.no-cache-dir …` (or install.no-cache-dir). */
function setsNoCache(c: RunCommand): boolean {
  return isPip(c) && c.words.includes('config') && c.words.includes('set') && c.words.some((w) => /^(global|install)\.no-cache-dir$/.test(w));
}

function isPip(c: RunCommand): boolean {
  return /^pip[\d.]*$/.test(c.name) || (/^python[\d.]*$/.test(c.name) && c.words[1] === '-m' && c.words[2] === 'pip');
}

/** A path with the home directory written `~` (`$HOME`, `${HOME}`, and /root when running as root, base image's USER counted); null for other variables. */
function homeRelative(model: DockerfileModel, instr: Instruction, path: string): string | null {
  let p = path.replace(/^(\$HOME|\$\{HOME\})(?=\/|$)/, '~');
  if (runUser(model, instr) === null) p = p.replace(/^\/root(?=\/|$)/, '~');
  return p.includes('$') ? null : p;
}

/** Lines of shell-form RUNs that install with uv (`uv pip install`, `uv sync`): uv keeps a cache of its own, not pip's. */
export function uvInstallLines(model: DockerfileModel): number[] {
  const isUv = (c: RunCommand) => c.name === 'uv' && ((c.words[1] === 'pip' && c.words[2] === 'install') || c.words[1] === 'sync');
  return model.instructions.filter((i) => i.keyword === 'RUN' && runScript(model, i)?.commands.some(isUv)).map((i) => i.line);
}

/** How the evidence reads in a reason: `${group} ${items, joined}` says what keeps the cache out of the installs on those lines. */
export function describeCacheOff(e: PipCacheOff, line: number): { group: string; item: string } {
  switch (e.kind) {
    case 'option': return { group: `${e.word.text} on`, item: `line ${line}` };
    case 'inline': return { group: 'PIP_NO_CACHE_DIR set for', item: `line ${line} (before the command)` };
    case 'exported': return { group: 'PIP_NO_CACHE_DIR set for', item: `line ${line} (exported in the RUN)` };
    case 'env': return { group: 'PIP_NO_CACHE_DIR set for', item: `line ${line} (${e.setBy.keyword} PIP_NO_CACHE_DIR on line ${e.setBy.line})` };
    case 'config': return { group: 'pip configured with no-cache-dir for', item: `line ${line} (configured on line ${e.line})` };
    case 'removed': return { group: 'the cache removed later in the same RUN on', item: `line ${line} (${e.by})` };
    case 'mount': return { group: 'a pip cache mount on', item: `line ${line}` };
  }
}
