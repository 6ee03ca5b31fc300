// layer-order: when a COPY of the whole app (`COPY . .`, `COPY app/ /app/`) comes before the dependency
// install that reads manifests from it (pip install -r, npm ci, poetry install --no-root, go mod download …),
// every code edit reinstalls the dependencies. The fix: COPY just the manifests right before the install,
// and move the whole COPY right after it. Only ENV/ARG/LABEL/EXPOSE/USER/WORKDIR and RUNs that do not read
// the app (apt-get, useradd, mkdir, plain pip installs …) may stand between them: they stay before the COPY.
// `pip install .` moves on a stub (pyproject.toml alone; see pyproject.ts) and runs again with --no-deps
// after the COPY.
import {
  deleteInstruction, insertAfter, insertBefore, instructionText, type DockerfileModel, type Flag, type Instruction, type TextEdit,
} from '../dockerfile/index.js';
import { copyDest, copyEntries, fromContext, type CopyEntry } from '../analysis/stage/copy-sources.js';
import { depInstalls, pipReadsApp, type DepInstall } from '../analysis/python/dep-installs.js';
import { lines, pipInstallIndex } from '../analysis/python/pip.js';
import { offsetAt, runScript, type RunCommand } from '../analysis/shell/run-script.js';
import { BASE_WORKDIR, workdirAt } from '../analysis/stage/stage-env.js';
import type { Project, Rule } from './types.js';
import { defineRule, type Analysis } from './define.js';
import { reason } from '../reasons.js';

const PASSIVE = new Set(['ENV', 'ARG', 'LABEL', 'EXPOSE', 'USER', 'WORKDIR', 'STOPSIGNAL']);
/** Reserved words and loop syntax the shell reader may report as a command name; they read no file themselves. */
const SHELL_WORDS = new Set(['for', 'in', 'select', 'function', '[[', ']]', 'done', 'esac']);
const SAFE_COMMANDS = new Set(['apt-get', 'apt', 'apk', 'dnf', 'yum', 'microdnf', 'useradd', 'adduser', 'groupadd', 'addgroup', 'set', 'true', 'export', 'echo', 'mkdir']);

export const layerOrder: Rule = defineRule('layer-order', 'copy the dependency manifests and install before copying the whole app, so code edits do not reinstall', analyse, {
  requires: () => [{ kind: 'manifests-named', subject: '' }],
});

interface Move {
  copy: Instruction;
  installs: { instr: Instruction; deps: DepInstall[] }[];
}

function analyse(p: Project): Analysis {
  const model = p.dockerfile;
  const edits: TextEdit[] = [];
  const notes: string[] = [];
  const blocked: string[] = [];
  for (const stage of model.stages) {
    const ins = stage.instructions;
    let after = -1;
    for (let ci = 0; ci < ins.length; ci++) {
      if (ci <= after || !fromContext(ins[ci]!)) continue;
      const entries = copyEntries(model, ins[ci]!, p.contextPaths);
      if (!entries || entries.length === 0) continue;
      const scan = scanAfter(model, p, ins, ci, entries);
      if ('why' in scan) {
        if (scan.why) blocked.push(scan.why);
        continue;
      }
      const made = moveEdits(model, scan, entries);
      if ('why' in made) {
        blocked.push(made.why);
        continue;
      }
      edits.push(...made.edits);
      notes.push(...made.notes);
      after = ins.indexOf(scan.installs[scan.installs.length - 1]!.instr);
    }
  }
  if (edits.length > 0) return { ok: true, edits: { dockerfile: edits, files: [], notes: [...notes, ...blocked.map((b) => `not moved: ${b}`)] } };
  if (blocked.length > 0) return { ok: false, reason: reason('copy-not-movable', blocked.join('; ')) };
  const installs = model.instructions.filter((i) => i.keyword === 'RUN' && depInstalls(model, i, () => undefined).length > 0);
  if (installs.length === 0) return { ok: false, reason: reason('no-dependency-install', 'no install from dependency manifests (pip install -r, npm ci, poetry install, go mod download …) in any RUN') };
  const late = installs.flatMap((i) => {
    const copy = appCopyBefore(model, p, i);
    return copy ? [`line ${i.line} (after the COPY on line ${copy.line})`] : [];
  });
  if (late.length > 0) {
    const one = late.length === 1;
    return { ok: false, reason: reason('install-reads-no-copy', `the dependency ${one ? 'install' : 'installs'} on ${late.join(', ')} ${one ? 'reads' : 'read'} no manifest that dflab sees ${one ? 'that COPY' : 'those COPYs'} bring, so no COPY has manifests to move before ${one ? 'it' : 'them'}`) };
  }
  return { ok: false, reason: reason('installs-already-first', `the dependency installs on ${lines(installs.map((i) => i.line))} already run before the app is copied in (only their manifests come before them)`) };
}

/** The last COPY from the context before `install` in its stage that brings more than the install's manifests. */
function appCopyBefore(model: DockerfileModel, p: Project, install: Instruction): Instruction | null {
  const deps = depInstalls(model, install, () => '');
  const manifests = new Set(deps.flatMap((d) => [...d.required, ...d.optional]));
  const copies = model.stages[install.stage]!.instructions.filter((i) => i.start < install.start && fromContext(i));
  return copies.reverse().find((c) => (copyEntries(model, c, p.contextPaths) ?? []).some((e) => !manifests.has(e.image))) ?? null;
}

/** The installs after the COPY at `ci` that read manifests it brings, up to the first instruction that may need the app. */
function scanAfter(model: DockerfileModel, p: Project, ins: Instruction[], ci: number, entries: CopyEntry[]): Move | { why: string | null } {
  const copy = ins[ci]!;
  const byImage = new Map(entries.map((e) => [e.image, e.ctx]));
  const read = (image: string) => {
    const ctx = byImage.get(image);
    return ctx === undefined ? undefined : p.files[ctx] ?? '';
  };
  const installs: Move['installs'] = [];
  const provides = (m: string) => byImage.has(m) || entries.some((e) => e.image.startsWith(`${m}/`));
  for (const [k, instr] of ins.slice(ci + 1).entries()) {
    if (PASSIVE.has(instr.keyword)) continue;
    if (instr.keyword !== 'RUN') {
      // The scan stops here. An install further on that reads this COPY's manifests, while the COPY brings more than
      // them, is blocked by this instruction: not already first.
      const later = installs.length > 0 ? undefined : ins.slice(ci + 2 + k).find((i) => depInstalls(model, i, read).some((d) => d.required.some(provides)));
      const manifests = new Set(later ? depInstalls(model, later, read).flatMap((d) => [...d.required, ...d.optional]) : []);
      if (later && !entries.every((e) => manifests.has(e.image))) {
        const what = `${instr.keyword}${instr.flags.some((f) => f.name === 'from') ? ' --from' : ''}`;
        return { why: `the install on line ${later.line} reads manifests the COPY on line ${copy.line} brings, but the ${what} on line ${instr.line} between them stays where it is (dflab moves a COPY only past ENV, ARG, WORKDIR … and RUNs that do not read the app)` };
      }
      break;
    }
    const deps = depInstalls(model, instr, read).filter((d) => d.required.some(provides));
    const at = (c: RunCommand) => offsetAt(c.part, c.start);
    const manifests = new Set(deps.flatMap((d) => [...d.required, ...d.optional]));
    const other = deps.length > 0 ? runScript(model, instr)!.commands.find((c) => !deps.some((d) => at(d.cmd) === at(c)) && !safeCommand(c, entries, manifests)) : undefined;
    const source = deps.find((d) => d.needsSource !== null)?.needsSource ?? (other ? `it also runs ${other.name}, which may read them` : null);
    if (source) {
      return installs.length > 0 ? { copy, installs } : { why: `the install on line ${instr.line} after the COPY on line ${copy.line} may need the app's sources: ${source}` };
    }
    if (deps.length > 0) installs.push({ instr, deps });
    else if (!runScript(model, instr)?.commands.every((c) => safeCommand(c, entries))) break;
  }
  if (installs.length === 0) return { why: null };
  const manifests = new Set(installs.flatMap((i) => i.deps.flatMap((d) => [...d.required, ...d.optional])));
  if (entries.every((e) => manifests.has(e.image))) return { why: null }; // a manifest-only COPY: the order is right
  return { copy, installs };
}

/**
 * A command that reads nothing from the app: system packages, users, directories, pip installs by name, rm outside the
 * app or of the install's own manifests, tool config. Shell keywords the reader names as commands (`for`) read nothing.
 */
function safeCommand(c: RunCommand, entries: CopyEntry[], manifests: Set<string> = new Set()): boolean {
  const outsideApp = (p: string) => manifests.has(p) || (p.startsWith('/') && !entries.some((e) => e.image === p || e.image.startsWith(`${p.replace(/\/\*?$/, '')}/`)));
  return SAFE_COMMANDS.has(c.name) || SHELL_WORDS.has(c.name)
    || (pipInstallIndex(c) !== -1 && !pipReadsApp(c))
    || (/^(poetry|npm|pnpm|yarn|pip[\d.]*|corepack|uv)$/.test(c.name) && /^(config|self|enable|prepare)$/.test(c.words[1] ?? ''))
    || (c.name === 'rm' && c.words.slice(1).filter((w) => !w.startsWith('-')).every(outsideApp));
}

function moveEdits(model: DockerfileModel, move: Move, entries: CopyEntry[]): { edits: TextEdit[]; notes: string[] } | { why: string } {
  const { copy, installs } = move;
  const last = installs[installs.length - 1]!.instr;
  const edits: TextEdit[] = [deleteInstruction(copy)];
  const copied = new Set<string>();
  for (const { instr, deps } of installs) {
    const wanted = entries.filter((e) => !copied.has(e.image) && deps.some((d) => d.required.includes(e.image) || d.optional.includes(e.image)));
    wanted.forEach((e) => copied.add(e.image));
    const workdir = workdirAt(model, instr);
    const copies = workdir === null ? null : manifestCopies(wanted, workdir, copy.flags);
    if (copies === null) return { why: `the COPY on line ${copy.line} puts manifests where the new COPY before line ${instr.line} cannot name them (a WORKDIR with a variable, or relative to the base image's own)` };
    if (copies.length > 0) edits.push(insertBefore(instr, copies.join('\n')));
  }
  const moved = movedCopyText(model, copy, last);
  if (moved === null) return { why: `the COPY on line ${copy.line} has a relative destination and a WORKDIR between it and line ${last.line} changes what it means` };
  const reinstalls = installs.flatMap((i) => i.deps.filter((d) => d.reinstall !== null).map((d) => ({ instr: i.instr, text: d.reinstall! })));
  edits.push(insertAfter(last, [moved, ...reinstalls.map((r) => `${runPrefix(model, r.instr)}${r.text}`)].join('\n')));
  const tools = [...new Set(installs.flatMap((i) => i.deps.map((d) => d.tool)))].join(', ');
  const one = installs.length === 1 && installs[0]!.deps.length === 1;
  const notes = [`moved the COPY on line ${copy.line} after the ${tools} on ${lines(installs.map((i) => i.instr.line))}, which now ${one ? 'gets only its manifests' : 'get only their manifests'} before ${one ? 'it' : 'them'} (${[...copied].map((m) => m.replace(/^.*\//, '')).join(', ')}): code edits no longer re-run ${one ? 'it' : 'them'}`];
  if (reinstalls.length > 0) notes.push(`${reinstalls.map((r) => `line ${r.instr.line}`).join(', ')}: pip builds the project first from pyproject.toml alone (to install its dependencies), then again with --no-deps once the sources are in`);
  if (installs.some((i) => i.deps.some((d) => /^(npm|yarn|pnpm)/.test(d.tool)))) notes.push('npm/yarn/pnpm lifecycle scripts (prepare, postinstall) that need the sources now run without them: check the build');
  return { edits, notes };
}

/** COPY lines putting the manifests where the whole COPY put them: grouped by directory when names are kept. */
function manifestCopies(wanted: CopyEntry[], workdir: string, flags: readonly Flag[]): string[] | null {
  const out: string[] = [];
  const byDir = new Map<string, string[]>();
  const copyLine = (sources: string[], dest: string) => instructionText('COPY', flags, [...sources, dest].map(quote).join(' '));
  for (const e of wanted) {
    const dir = e.image.replace(/\/[^/]*$/, '') || '/';
    if (e.ctx.replace(/^.*\//, '') !== e.image.replace(/^.*\//, '')) {
      const dest = destText(e.image, workdir, false);
      if (dest === null) return null;
      out.push(copyLine([e.ctx], dest));
    } else byDir.set(dir, [...(byDir.get(dir) ?? []), e.ctx]);
  }
  for (const [dir, sources] of byDir) {
    const dest = destText(dir, workdir, true);
    if (dest === null) return null;
    out.unshift(copyLine(sources, dest));
  }
  return out;
}

/** A destination as the new COPY writes it: `./` for the WORKDIR, absolute when known, relative to an unknown base WORKDIR. */
function destText(path: string, workdir: string, dir: boolean): string | null {
  const slash = dir ? '/' : '';
  if (path === workdir) return './';
  if (!path.startsWith(BASE_WORKDIR)) return `${path}${path === '/' ? '' : slash}`;
  if (!workdir.startsWith(BASE_WORKDIR)) return null;
  const rel = path.slice(BASE_WORKDIR.length).replace(/^\//, '');
  const wd = workdir.slice(BASE_WORKDIR.length).replace(/^\//, '');
  if (wd === '') return `./${rel}${slash}`;
  if (rel.startsWith(`${wd}/`)) return `./${rel.slice(wd.length + 1)}${slash}`;
  return null;
}

/** The whole COPY's text at its new place; its relative destination made absolute when a WORKDIR in between changes it. */
function movedCopyText(model: DockerfileModel, copy: Instruction, last: Instruction): string | null {
  const next = model.stages[last.stage]!.instructions.find((i) => i.start > last.start);
  const before = workdirAt(model, copy);
  const after = next ? workdirAt(model, next) : workdirAt(model, last);
  const dest = copyDest(copy);
  if (dest.startsWith('/') || before === after) return copy.raw;
  if (before === null || before.startsWith(BASE_WORKDIR) || copy.jsonForm) return null;
  const at = copy.raw.lastIndexOf(copy.args[copy.args.length - 1]!);
  const abs = `${before}/${dest}`.replace(/\/\.?\/?$/, '/').replace(/\/\.\//g, '/');
  return `${copy.raw.slice(0, at)}${abs}${copy.raw.slice(at + copy.args[copy.args.length - 1]!.length)}`;
}

/** `RUN` and the install RUN's flags (its --mount caches …), as written. */
function runPrefix(model: DockerfileModel, instr: Instruction): string {
  const script = runScript(model, instr)!;
  return model.text.slice(instr.start, script.parts[0]!.offsets[0] ?? instr.end);
}

function quote(s: string): string {
  return /^[A-Za-z0-9_./@:+=,-]+$/.test(s) ? s : JSON.stringify(s);
}
