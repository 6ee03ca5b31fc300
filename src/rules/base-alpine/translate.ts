// A stage moved onto an Alpine base: apt-get commands become apk ones (install → `apk add --no-cache` with
// the package-name map; update, clean and the list cleanup go, as apk's --no-cache keeps no index), tools the old
// base had and the stage uses are added, and notes say what may still break on musl.
import { formatImageRef, insertAfter, replaceBaseImage, type DockerfileModel, type ImageRef, type Stage, type TextEdit } from '../../dockerfile/index.js';
import { apkNames } from '../../analysis/packages/apk-names.js';
import { aptRuns, packageName, removesLists, type AptCommand } from '../../analysis/packages/apt.js';
import { pipInstalls, requirementFileClosure } from '../../analysis/python/pip-args.js';
import { lines, removeWord } from '../../analysis/python/pip.js';
import { isManylinuxOnly } from '../../analysis/python/python-packages.js';
import { readRequirements } from '../../analysis/python/requirements.js';
import type { RunCommand } from '../../analysis/shell/run-script.js';
import { removeArgs, replaceHead } from '../../analysis/shell/script-edit.js';
import { removeCommands } from '../../analysis/shell/structure-edit.js';
import { withoutRedirections, type ShellWord } from '../../analysis/shell/shell.js';
import type { ToolTier } from '../../analysis/images/slim-sibling.js';
import { lostTools, stageCommands } from '../../analysis/stage/stage-tools.js';
import type { Project, RuleEdits } from '../types.js';
import { reason, type Reason } from '../../reasons.js';

const WITH_VALUE = new Set(['-o', '-c', '-t', '--option', '--config-file', '--target-release', '--default-release']);
const DROPPED = new Set(['update', 'clean', 'autoclean', 'autoremove']);
const UPGRADE = new Set(['upgrade', 'dist-upgrade', 'full-upgrade']);
/** Tools busybox provides on Alpine (no package needed). */
const BUSYBOX = new Set(['wget', 'unzip', 'ps', 'patch']);
/** Debian tools with no Alpine counterpart dflab could translate to. */
const DEBIAN_ONLY = new Set(['apt-mark', 'apt-key', 'apt-cache', 'dpkg', 'dpkg-query', 'dpkg-reconfigure', 'add-apt-repository', 'update-alternatives', 'debconf-set-selections']);
const SHADOW = new Set(['useradd', 'groupadd', 'usermod', 'userdel', 'groupmod', 'chpasswd']);

export interface AlpineTarget {
  image: ImageRef;
  /** What the old base had that Alpine lacks (base-slim's tiers), null for a base without extra tools. */
  lost: ToolTier | null;
  /** The old base, for notes. */
  from: string;
  /** True when the new base has no Python of its own (alpine:3), so pip comes from apk. */
  osOnly: boolean;
}

interface Found {
  edits: TextEdit[];
  installed: Set<string>;
  unknown: string[];
  guessed: string[];
  pins: string[];
  left: string[];
  exec: number[];
}

/**
 * The edits that move `stage` onto the Alpine image and translate its apt commands; a reason instead where a
 * translation cannot be right: package names held in variables (Debian names apk would not find), or an apt
 * command whose removal would break the RUN's shell structure.
 */
export function alpineStageEdits(p: Project, stage: Stage, target: AlpineTarget): { ok: true; edits: RuleEdits } | { ok: false; reason: Reason } {
  const model = p.dockerfile;
  const f: Found = { edits: [replaceBaseImage(model, stage.index, formatImageRef(target.image))], installed: new Set(), unknown: [], guessed: [], pins: [], left: [], exec: [] };
  const { runs, exec } = aptRuns(model, stage.instructions);
  f.exec.push(...exec);
  const debianOnly = stageCommands(model, stage).find((c) => !c.runtime && DEBIAN_ONLY.has(c.cmd.name));
  if (debianOnly) return { ok: false, reason: reason('debian-only-tool', `line ${debianOnly.instr.line} runs ${debianOnly.cmd.name}, which Alpine does not have (dflab translates apt-get and apt only)`) };
  for (const run of runs) {
    const held = run.apt.flatMap(({ a }) => a.packages.filter((w) => w.text.includes('$')).map((w) => w.text));
    if (held.length) {
      return { ok: false, reason: reason('package-list-in-variable', `line ${run.script.instr.line} takes apt package names from ${[...new Set(held)].join(', ')}: Debian names that apk add would not find, and dflab translates names written in the RUN only`) };
    }
    const drop: RunCommand[] = run.script.commands.filter((c) => removesLists(c));
    for (const { a } of run.apt) {
      const sub = a.sub.text;
      if (DROPPED.has(sub)) drop.push(a.cmd);
      else if ((sub === 'purge' || sub === 'remove') && a.packages.length === 0) drop.push(a.cmd); // `purge --auto-remove -o …` with no names: nothing for apk del
      else if (sub === 'install' || sub === 'purge' || sub === 'remove') translatePackages(model, a, sub === 'install' ? 'apk add --no-cache' : 'apk del', run.script.instr.line, f);
      else if (UPGRADE.has(sub)) f.edits.push(replaceHead(a.cmd, a.cmd.at.length - 1, 'apk upgrade --no-cache'));
      else f.left.push(`apt-get ${sub} (line ${run.script.instr.line})`);
    }
    const removed = removeCommands(model, run.script, drop);
    if (!removed.ok) return { ok: false, reason: reason('shell-structure', `the apt housekeeping apk does not need cannot be dropped: ${removed.why}`) };
    f.edits.push(...removed.edits);
  }
  const notes = [...translationNotes(f)];
  addTools(model, stage, target, f, notes);
  notes.push(...muslNotes(p, stage, target, f.installed));
  return { ok: true, edits: { dockerfile: f.edits, files: [], notes } };
}

function translatePackages(model: DockerfileModel, a: AptCommand, head: string, line: number, f: Found): void {
  const cmd = a.cmd;
  f.edits.push(replaceHead(cmd, cmd.at.indexOf(a.optionsEnd), head));
  const args = withoutRedirections(cmd.at.slice(cmd.at.indexOf(a.optionsEnd) + 1));
  const gone: ShellWord[] = [];
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    if (w.text.startsWith('-')) {
      f.edits.push(removeWord(model, cmd.part, w));
      if (WITH_VALUE.has(w.text) && args[i + 1]) f.edits.push(removeWord(model, cmd.part, args[++i]!));
      continue;
    }
    if (/[$*?]/.test(w.text)) {
      f.unknown.push(`${w.text} (line ${line})`);
      continue;
    }
    const name = packageName(w.text);
    if (name !== w.text) f.pins.push(w.text);
    const apk = apkNames(name);
    if (apk.how === 'kept') f.unknown.push(`${name} (line ${line})`);
    if (apk.how === 'guessed') f.guessed.push(`${name} → ${apk.names.join(' ')}`);
    apk.names.forEach((n) => f.installed.add(n));
    if (apk.names.length === 0) gone.push(w);
    else if (apk.names.join(' ') !== w.text) f.edits.push({ start: wordStart(cmd, w), end: wordEnd(cmd, w), newText: apk.names.join(' ') });
  }
  f.edits.push(...removeArgs(model, cmd, gone));
}

function wordStart(cmd: RunCommand, w: { start: number }): number {
  return cmd.part.offsets[w.start]!;
}

function wordEnd(cmd: RunCommand, w: { end: number }): number {
  return cmd.part.offsets[w.end - 1]! + 1;
}

function translationNotes(f: Found): string[] {
  const notes: string[] = [];
  if (f.guessed.length) notes.push(`guessed Alpine package names: ${f.guessed.join(', ')} (check with \`apk search\`)`);
  if (f.unknown.length) notes.push(`no Alpine name known for ${f.unknown.join(', ')}: kept as written (check with \`apk search\`)`);
  if (f.pins.length) notes.push(`Debian version pins dropped: ${f.pins.join(', ')}`);
  if (f.left.length) notes.push(`left as is (no apk translation): ${f.left.join(', ')}`);
  if (f.exec.length) notes.push(`exec-form RUN with apt on ${lines(f.exec)} left as is: translate it to apk yourself`);
  return notes;
}

/** Adds, in a RUN right after FROM, the tools the stage uses that Alpine lacks: bash, shadow (useradd …), and the old base's extras. */
function addTools(model: DockerfileModel, stage: Stage, target: AlpineTarget, f: Found, notes: string[]): void {
  const commands = stageCommands(model, stage);
  const shell = stage.instructions.some((i) => i.keyword === 'SHELL' && i.args.some((a) => /(^|\/)bash$/.test(a)));
  const need = new Map<string, number[]>();
  const add = (pkg: string, line: number) => need.set(pkg, [...(need.get(pkg) ?? []), line]);
  for (const c of commands) {
    if (c.cmd.name === 'bash') add('bash', c.instr.line);
    if (SHADOW.has(c.cmd.name)) add('shadow', c.instr.line);
    if (c.cmd.name === 'adduser' && c.cmd.words.some((w) => w.startsWith('--'))) notes.push(`line ${c.instr.line}: busybox's adduser takes short options only (adduser -D -u 1000 app); Debian's long options fail`);
  }
  if (shell) add('bash', stage.instructions.find((i) => i.keyword === 'SHELL')!.line);
  if (target.lost !== null) {
    const lost = lostTools(model, stage, target.lost);
    for (const m of lost.missing) {
      if (BUSYBOX.has(m.pkg)) continue;
      for (const n of apkNames(m.pkg).names) for (const l of m.lines) add(n, l);
    }
    for (const l of lost.compilerUses) add('build-base', l);
  }
  for (const pkg of f.installed) need.delete(pkg);
  if (need.size === 0) return;
  const pkgs = [...need.keys()];
  f.edits.push(insertAfter(stage.from, `RUN apk add --no-cache ${pkgs.join(' ')}`));
  const uses = [...need].map(([pkg, ls]) => `${pkg} (${lines(ls)})`).join(', ');
  notes.push(`${formatImageRef(target.image)} lacks tools the stage uses: added a RUN after line ${stage.from.endLine} installing ${uses}`);
}

/** Warnings about Python packages on musl: manylinux-only wheels, source builds, PEP 668, glibc stages copied from. */
function muslNotes(p: Project, stage: Stage, target: AlpineTarget, installed: Set<string>): string[] {
  const model = p.dockerfile;
  const notes: string[] = [];
  const installs = pipInstalls(model, p.files, p.contextPaths, [stage]);
  const found: string[] = [];
  for (const inst of installs) {
    for (const t of inst.targets) if (t.name && isManylinuxOnly(t.name)) found.push(`${t.name} (line ${inst.script.instr.line})`);
    for (const rf of inst.reqFiles) {
      for (const path of rf.path ? requirementFileClosure(rf.path, p.files) : []) {
        for (const l of readRequirements(p.files[path]!)) if (l.name && isManylinuxOnly(l.name)) found.push(`${l.name} (${path} line ${l.line + 1})`);
      }
    }
  }
  const unique = [...new Set(found)];
  if (unique.length) {
    const torch = unique.some((u) => u.startsWith('torch ')) ? ' (torch has no sdist either, so pip finds no version at all)' : '';
    notes.push(`likely to fail on musl: ${unique.join(', ')} ${unique.length === 1 ? 'has' : 'have'} manylinux wheels only, which Alpine cannot install${torch}`);
  }
  if (installs.length > 0 && !installed.has('build-base')) {
    notes.push(`pip install on ${lines(installs.map((i) => i.script.instr.line))}: packages without a musllinux wheel compile from source on Alpine; add build-base and their -dev packages if a build fails`);
  }
  if (target.osOnly && installs.some((i) => !i.options.some((o) => o.name === '--break-system-packages'))) {
    notes.push(`${formatImageRef(target.image)}'s python3 is externally managed (PEP 668): pip install needs a venv or --break-system-packages there`);
  }
  const copies = stage.instructions.filter((i) => i.keyword === 'COPY' && i.flags.some((f) => f.name === 'from'));
  if (copies.length) {
    notes.push(`COPY --from on ${lines(copies.map((c) => c.line))}: binaries and Python packages built in other stages against glibc may not run on musl`);
  }
  return notes;
}
