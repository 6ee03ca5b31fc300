// Semantic check: no planned variant is a no-op. A variant is one when, read as BuildKit reads it (comments, blanks
// and line continuations aside), its Dockerfile and files equal the original's, or when its only changes to the
// original are flags and cleanups already in effect there: `-y` on an apt install (a build that passes does not need
// it), `--no-install-recommends` where recommends are off already, `--no-cache-dir` on a pip install whose cache is
// kept out of the layer already, an `apt-get update` where the RUN updates already, an `rm` of what the RUN removes
// already, a pip cache mount on a RUN that disables or deletes pip's cache. Re-derived simply here (words and
// regular expressions), apart from the rules' own analysis, so that a gap in one shows in the other.
import type { Project } from '../../../../src/analysis/project.js';
import { parseDockerfile, type DockerfileModel, type Instruction } from '../../../../src/dockerfile/index.js';
import { runScript, type RunCommand } from '../../../../src/analysis/shell/run-script.js';
import { effectiveDockerfile, effectiveInstruction } from '../../../../src/plan/index.js';
import { chainBefore } from '../../../../src/analysis/stage/stage-env.js';
import { runUser } from '../../../../src/analysis/images/base-user.js';

export function noOpCheck(original: Project, variantName: string, variant: { dockerfile: string; files: Record<string, string | null> }): string[] {
  const changesFiles = Object.entries(variant.files).some(([path, text]) =>
    text === null ? original.contextPaths.includes(path) : original.files[path] !== text);
  if (changesFiles) return [];
  const after = parseDockerfile(variant.dockerfile);
  const before = original.dockerfile;
  if (effectiveDockerfile(before) === effectiveDockerfile(after)) {
    return [`${variantName}: a no-op: its Dockerfile differs from the original only in comments, blanks or line continuations, and it changes no file`];
  }
  if (after.instructions.length !== before.instructions.length) return [];
  const redundant: string[] = [];
  let real = false;
  for (let i = 0; i < before.instructions.length; i++) {
    const o = before.instructions[i]!;
    const v = after.instructions[i]!;
    if (effectiveInstruction(o) === effectiveInstruction(v)) continue;
    const d = differences(before, o, after, v);
    real ||= d.real;
    if (d.inEffect.length) redundant.push(`line ${o.line}: ${d.inEffect.join(', ')}`);
  }
  if (!real && redundant.length > 0) return [`${variantName}: a no-op: it only adds what is in effect already (${redundant.join('; ')})`];
  // Within a variant that does change something, an edit that repeats what is in effect is a false claim all the same.
  const claims = redundant.filter((r) => !/^line \d+: (-y|--yes|--assume-yes)(, (-y|--yes|--assume-yes))*$/.test(r));
  return claims.length ? [`${variantName}: adds what is in effect already (${claims.join('; ')})`] : [];
}

interface Differences {
  /** Something the variant changes that matters (or that this check cannot read). */
  real: boolean;
  /** What it adds that is in effect already. */
  inEffect: string[];
}

/** How a variant's RUN differs from the original's: additions in effect already, and whether anything else changes. */
function differences(model: DockerfileModel, o: Instruction, vModel: DockerfileModel, v: Instruction): Differences {
  const d: Differences = { real: false, inEffect: [] };
  if (o.keyword !== 'RUN' || v.keyword !== 'RUN' || o.jsonForm || v.jsonForm) return { real: true, inEffect: [] };
  const os = runScript(model, o)!;
  const vs = runScript(vModel, v)!;
  const oFlags = o.flags.map((f) => `${f.name}=${f.value}`);
  const vFlags = v.flags.map((f) => `${f.name}=${f.value}`);
  d.real ||= !oFlags.every((f) => vFlags.includes(f));
  // A cache mount the variant adds does nothing where the variant's own RUN still disables or deletes pip's cache.
  const installs = vs.commands.flatMap((c, k) => (isPipInstall(c) ? [k] : []));
  const off = installs.length > 0 && installs.every((k) => pipCacheOff(vModel, v, vs.commands, k, false));
  for (const f of vFlags.filter((x) => !oFlags.includes(x))) {
    if (/^mount=.*type=cache/.test(f) && /pip|\.cache/.test(f) && off) d.inEffect.push(`--${f}`);
    else d.real = true;
  }
  let j = 0;
  for (const c of vs.commands) {
    const k = os.commands.findIndex((x, i) => i >= j && key(x) === key(c));
    if (k > j) {
      d.real = true; // the original's commands j … k-1 are gone
      j = k;
    }
    const oc = os.commands[j];
    if (oc && key(oc) === key(c)) {
      const added = extraWords(oc.words, c.words);
      if (added === null || prefixText(oc) !== prefixText(c)) d.real = true; // words taken away or changed
      for (const w of added ?? []) {
        if (wordInEffect(model, o, os.commands, j, oc, w)) d.inEffect.push(w);
        else d.real = true;
      }
      j++;
    } else if (commandInEffect(os.commands, j, c)) d.inEffect.push(c.words.join(' '));
    else d.real = true;
  }
  d.real ||= j !== os.commands.length;
  return d;
}

/** What pairs a variant's command with the original's: its name and first argument that is not an option (`apt-get install`). */
function key(c: RunCommand): string {
  return `${c.name} ${c.words.slice(1).find((w) => !w.startsWith('-')) ?? ''}`;
}

function prefixText(c: RunCommand): string {
  return c.prefix.map((w) => w.text).join(' ');
}

/** The words of `v` beyond those of `o`, when `o`'s words appear in `v` in order; null otherwise. */
function extraWords(o: string[], v: string[]): string[] | null {
  const extra: string[] = [];
  let i = 0;
  for (const w of v) {
    if (i < o.length && o[i] === w) i++;
    else extra.push(w);
  }
  return i === o.length ? extra : null;
}

/** A word added to original command `oc` (at `at` among the RUN's commands) that changes nothing. */
function wordInEffect(model: DockerfileModel, instr: Instruction, cmds: RunCommand[], at: number, oc: RunCommand, w: string): boolean {
  const apt = /^apt(-get)?$/.test(oc.name) && oc.words.includes('install');
  if (apt && /^(-y|--yes|--assume-yes)$/.test(w)) return true;
  if (apt && w === '--no-install-recommends') {
    return oc.words.some((x) => /no-install-recommends|Install-Recommends=(0|false|no)/i.test(x))
      || earlier(model, instr).some((i) => /APT::Install-Recommends\s*"?(0|false|no)/i.test(i.raw));
  }
  if (/^--no-ca/.test(w) && isPipInstall(oc)) return pipCacheOff(model, instr, cmds, at, true);
  return false;
}

/** A command the variant adds at position `at` of the original's commands that changes nothing. */
function commandInEffect(cmds: RunCommand[], at: number, c: RunCommand): boolean {
  if (/^apt(-get)?$/.test(c.name) && c.words[1] === 'update') return cmds.slice(0, at).some((x) => /^apt(-get)?$/.test(x.name) && x.words.includes('update'));
  if (c.name !== 'rm') return false;
  // what an rm before the last command that writes (an update, an install …) removed, that command may bring back
  const cleanup = (x: RunCommand) => x.name === 'rm' || (/^apt(-get)?$/.test(x.name) && x.words.includes('clean'));
  let writer = at - 1;
  while (writer >= 0 && cleanup(cmds[writer]!)) writer--;
  const removed = cmds.slice(writer + 1).filter((x) => x.name === 'rm').flatMap((x) => x.words.slice(1).filter((t) => !t.startsWith('-')));
  const base = (t: string) => t.replace(/\/\*$/, '').replace(/\/+$/, '');
  return c.words.slice(1).filter((t) => !t.startsWith('-')).every((t) => removed.some((r) => base(t) === base(r) || base(t).startsWith(`${base(r)}/`)));
}

/** Whether the pip install at `at` keeps no cache in the layer (a cache mount on the RUN counted when `mount`). */
function pipCacheOff(model: DockerfileModel, instr: Instruction, cmds: RunCommand[], at: number, mount: boolean): boolean {
  if (mount && instr.flags.some((f) => f.name === 'mount' && /type=cache/.test(f.value ?? '') && /pip|\.cache/.test(f.value ?? ''))) return true;
  if (earlier(model, instr).some((i) => (i.keyword === 'ENV' || i.keyword === 'ARG') && /\bPIP_NO_CACHE_DIR\b/.test(i.raw))) return true;
  if (earlier(model, instr).some((i) => /no-cache-dir/.test(i.raw) && /pip\.conf|pip config/.test(i.raw))) return true;
  if (cmds.slice(0, at + 1).some((c) => c.prefix.some((w) => w.text.startsWith('PIP_NO_CACHE_DIR=')) || (c.name === 'export' && c.words.some((w) => w.startsWith('PIP_NO_CACHE_DIR='))))) return true;
  const cmd = cmds[at];
  if (cmd && cmd.words.some((w) => /^--no-ca/.test(w))) return true;
  // root's cache is /root/.cache/pip; another user's (a USER, or the base image's) is under its own HOME
  const home = runUser(model, instr) === null ? '(~|\\$HOME|\\$\\{HOME\\}|/root)' : '(~|\\$HOME|\\$\\{HOME\\})';
  const cache = new RegExp(`^${home}/\\.cache(/pip)?(/\\*?)?$`);
  return cmds.slice(at + 1).some((c) => (c.name === 'rm' && c.words.some((w) => cache.test(w))) || (/^pip/.test(c.name) && c.words.includes('purge')));
}

function isPipInstall(c: RunCommand): boolean {
  return (/^pip[\d.]*$/.test(c.name) && c.words.includes('install')) || (/^python/.test(c.name) && c.words.includes('pip') && c.words.includes('install'));
}

/** The instructions before `instr` in its image (its stage, and the stages it is built FROM). */
function earlier(model: DockerfileModel, instr: Instruction): Instruction[] {
  return chainBefore(model, instr);
}
