// A stage moved onto an Alpine base: apt-get commands become apk ones (install → `apk add --no-cache` with the
// package-name map; purge/remove → `apk del`; update, clean, autoremove, the lists cleanup, apt.conf snippets and
// apt cache mounts go, as apk's --no-cache keeps no index), Debian's adduser/addgroup become busybox's, tools the
// old base had and the stage uses are added. What cannot be translated surely is a blocker (a coded reason).
import { formatImageRef, replaceBaseImage, type DockerfileModel, type Instruction, type Stage, type TextEdit } from '../../dockerfile/index.js';
import { apkNames } from '../../analysis/packages/apk-names.js';
import { aptCommand, packageName, type AptCommand } from '../../analysis/packages/apt.js';
import { removeWord } from '../../analysis/python/pip.js';
import { mounts, runScript, type RunCommand } from '../../analysis/shell/run-script.js';
import { removeArgs, replaceHead } from '../../analysis/shell/script-edit.js';
import { removeCommands } from '../../analysis/shell/structure-edit.js';
import { withoutRedirections, type ShellWord } from '../../analysis/shell/shell.js';
import { reason, type Reason } from '../../reasons.js';
import type { Project, RuleEdits } from '../types.js';
import { addTools, muslNotes } from './notes.js';
import { translateUserCommand } from './users.js';
import { alpineBlockers } from './evidence.js';
import type { AlpineTarget } from './target.js';

export type { AlpineTarget } from './target.js';

const WITH_VALUE = new Set(['-o', '-c', '-t', '--option', '--config-file', '--target-release', '--default-release']);
const DROPPED = new Set(['update', 'clean', 'autoclean', 'autoremove']);
const UPGRADE = new Set(['upgrade', 'dist-upgrade', 'full-upgrade']);
/** apt's own state and configuration: nothing of it exists on Alpine. */
const APT_STATE = /^\/(var\/lib\/apt|var\/cache\/apt|var\/apt|etc\/apt\/apt\.conf)/;
/** Groups Debian has and Alpine lacks. */
const DEBIAN_GROUPS = new Set(['sudo', 'staff', 'plugdev', 'src', 'lpadmin', 'sambashare']);

export interface AlpineEdits extends RuleEdits {
  /** Why the variant is expected to fail; base-alpine declines on any unless forced. */
  blockers: Reason[];
}

interface Found {
  edits: TextEdit[];
  installed: Set<string>;
  guessed: string[];
  pins: string[];
  untranslatable: string[];
  users: string[];
  /** apt commands that cannot be dropped without breaking their RUN's shell structure: why. */
  structure: string[];
}

/** The edits that move `stage` onto the Alpine image and translate its apt commands, with what blocks it. */
export function alpineStageEdits(p: Project, stage: Stage, target: AlpineTarget): AlpineEdits {
  const model = p.dockerfile;
  const f: Found = { edits: [replaceBaseImage(model, stage.index, formatImageRef(target.image))], installed: new Set(), guessed: [], pins: [], untranslatable: [], users: [], structure: [] };
  for (const instr of stage.instructions) {
    if (instr.keyword !== 'RUN') continue;
    if (instr.jsonForm) {
      if (instr.args.some((a) => /(^|\/)(apt(-get)?|adduser|addgroup)$/.test(a))) f.untranslatable.push(`exec-form RUN with apt or adduser (line ${instr.line})`);
      continue;
    }
    translateRun(model, instr, f);
    f.edits.push(...aptCacheMounts(instr, model.escapeChar));
  }
  const blockers = alpineBlockers(p, stage, target.osOnly);
  if (f.untranslatable.length) blockers.push(reason('alpine-apt-untranslatable', `no sure apk form for ${unique(f.untranslatable).join(', ')}`));
  if (f.structure.length) blockers.push(reason('shell-structure', unique(f.structure).join('; ')));
  if (f.users.length) blockers.push(reason('alpine-user-setup', `busybox cannot run as written: ${unique(f.users).join(', ')}`));
  const notes = translationNotes(f);
  addTools(model, stage, target, f.installed, f.edits, notes);
  notes.push(...muslNotes(p, stage, target, f.installed));
  return { dockerfile: f.edits, files: [], notes, blockers };
}

function translateRun(model: DockerfileModel, instr: Instruction, f: Found): void {
  const script = runScript(model, instr)!;
  const drop: RunCommand[] = [];
  for (const cmd of script.commands) {
    const a = aptCommand(cmd);
    if (a) {
      const sub = a.sub.text;
      if (DROPPED.has(sub)) drop.push(cmd);
      else if (sub === 'install' || sub === 'purge' || sub === 'remove') {
        if (!translatePackages(model, a, sub === 'install' ? 'apk add --no-cache' : 'apk del', instr.line, f)) drop.push(cmd);
      } else if (UPGRADE.has(sub)) f.edits.push(replaceHead(cmd, cmd.at.length - 1, 'apk upgrade --no-cache'));
      else f.untranslatable.push(`apt-get ${sub} (line ${instr.line})`);
    } else if (cmd.name === 'apt-cache' || cmd.name === 'apt-mark' || cmd.name === 'apt-config') {
      f.untranslatable.push(`${cmd.name} (line ${instr.line})`);
    } else if (cmd.name === 'adduser' || cmd.name === 'addgroup') {
      const t = translateUserCommand(cmd);
      if ('why' in t) f.users.push(`${t.why} (line ${instr.line})`);
      else if (t.edit) f.edits.push(t.edit);
    } else {
      aptStateCommand(cmd, drop);
    }
    const groups = debianGroups(cmd);
    if (groups.length) f.users.push(`${cmd.name} adding to group ${groups.join(', ')}, which Alpine lacks (line ${instr.line})`);
  }
  const removed = removeCommands(model, script, drop);
  if (removed.ok) f.edits.push(...removed.edits);
  else f.structure.push(`the apt housekeeping apk does not need cannot be dropped: ${removed.why}`);
}

/** `rm` of apt's lists and caches only, and commands that only write apt.conf snippets: dropped (an rm of other paths too stays whole: `rm -rf` of a missing path is harmless). */
function aptStateCommand(cmd: RunCommand, drop: RunCommand[]): void {
  const args = withoutRedirections(cmd.at.slice(1)).filter((w) => !w.text.startsWith('-'));
  const apt = args.filter((w) => APT_STATE.test(w.text));
  const redirectsToApt = cmd.at.some((w, i) => /^\d*>>?$/.test(w.text) && APT_STATE.test(cmd.at[i + 1]?.text ?? '')) || cmd.at.some((w) => /^\d*>>?\/etc\/apt\//.test(w.text));
  if (redirectsToApt && (cmd.name === 'echo' || cmd.name === 'printf')) drop.push(cmd);
  else if (apt.length === 0) return;
  else if (cmd.name === 'rm' && apt.length === args.length) drop.push(cmd);
  else if (cmd.name === 'mkdir' || cmd.name === 'touch') drop.push(cmd);
}

/** Edits the command's head and package words; false when no package is left (the command goes). */
function translatePackages(model: DockerfileModel, a: AptCommand, head: string, line: number, f: Found): boolean {
  const cmd = a.cmd;
  const args = withoutRedirections(cmd.at.slice(cmd.at.indexOf(a.optionsEnd) + 1));
  const edits: TextEdit[] = [replaceHead(cmd, cmd.at.indexOf(a.optionsEnd), head)];
  const gone: ShellWord[] = [];
  let kept = 0;
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    if (w.text.startsWith('-')) {
      edits.push(removeWord(model, cmd.part, w));
      if (WITH_VALUE.has(w.text) && args[i + 1]) edits.push(removeWord(model, cmd.part, args[++i]!));
      continue;
    }
    if (/[$*?`]/.test(w.text)) {
      f.untranslatable.push(`${w.text} (line ${line}: package names in a variable or pattern)`);
      kept++;
      continue;
    }
    const name = packageName(w.text);
    if (name !== w.text) f.pins.push(w.text);
    const apk = apkNames(name);
    if (apk.how === 'kept') f.untranslatable.push(`${name} (line ${line}: no Alpine name known)`);
    if (apk.how === 'guessed') f.guessed.push(`${name} → ${apk.names.join(' ')}`);
    if (head.startsWith('apk add')) apk.names.forEach((n) => f.installed.add(n));
    if (apk.names.length === 0) gone.push(w);
    else {
      kept++;
      if (apk.names.join(' ') !== w.text) edits.push({ start: cmd.part.offsets[w.start]!, end: cmd.part.offsets[w.end - 1]! + 1, newText: apk.names.join(' ') });
    }
  }
  if (kept === 0) return false;
  f.edits.push(...edits, ...removeArgs(model, cmd, gone));
  return true;
}

/** Removes `--mount=type=cache` flags over apt's caches and lists (apk add --no-cache keeps no cache to mount). */
function aptCacheMounts(instr: Instruction, escapeChar: string): TextEdit[] {
  const edits: TextEdit[] = [];
  const flags = instr.flags.filter((fl) => fl.name === 'mount' && fl.value !== null);
  mounts(instr).forEach((m, i) => {
    if (m.get('type') !== 'cache' || !/^\/var\/(cache|lib)\/apt(\/|$)/.test(m.get('target') ?? '')) return;
    const text = `--mount=${flags[i]!.value}`;
    const at = instr.raw.indexOf(text);
    if (at === -1) return;
    // The flag goes with the continuation after it, unless a blank line follows that (it would then end the RUN).
    const esc = escapeChar.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
    const after = new RegExp(`^[ \\t]*(?:${esc}[ \\t]*(?:\\r\\n|\\r|\\n)[ \\t]*(?=\\S))?`).exec(instr.raw.slice(at + text.length))![0];
    edits.push({ start: instr.start + at, end: instr.start + at + text.length + after.length, newText: '' });
  });
  return edits;
}

/** Groups Alpine lacks that `useradd -G`, `usermod -aG`, `adduser USER GROUP` or `gpasswd -a` name. */
function debianGroups(cmd: RunCommand): string[] {
  const w = cmd.words;
  let groups: string[] = [];
  if (cmd.name === 'useradd' || cmd.name === 'usermod') {
    w.forEach((x, i) => {
      if (x === '-G' || x === '--groups' || /^-a?G$/.test(x) || x === '-aG') groups.push(...(w[i + 1] ?? '').split(','));
      else if (x.startsWith('--groups=')) groups.push(...x.slice(9).split(','));
    });
  } else if (cmd.name === 'adduser' && w.length === 3 && !w.some((x) => x.startsWith('-'))) groups = [w[2]!];
  return groups.filter((g) => DEBIAN_GROUPS.has(g));
}

function translationNotes(f: Found): string[] {
  const notes: string[] = [];
  if (f.guessed.length) notes.push(`guessed Alpine package names: ${f.guessed.join(', ')} (check with \`apk search\`)`);
  if (f.pins.length) notes.push(`Debian version pins dropped: ${f.pins.join(', ')}`);
  return notes;
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}

