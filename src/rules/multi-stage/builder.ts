// multi-stage's builder stage, as text: the original base and every step up to the last install, as written,
// except that the system and --user installs go into a venv made right before the first of them (pip's --user and
// uv's --system dropped; poetry and pipenv follow VIRTUAL_ENV, uv sync UV_PROJECT_ENVIRONMENT), and uv's RUNs
// follow uv's Docker pattern (uv-pattern.ts). Run-time-only instructions (CMD, USER …) stay out.
import { applyEdits, fromText, type Instruction, type TextEdit } from '../../dockerfile/index.js';
import { aptCommand } from '../../analysis/packages/apt.js';
import type { DependencyInstall } from '../../analysis/python/installers.js';
import { offsetAfter } from '../../analysis/shell/run-script.js';
import { insertBefore } from '../../analysis/shell/structure-edit.js';
import { aptInstallRun } from '../../analysis/shell/script-edit.js';
import { removeWord } from '../../analysis/python/pip.js';
import type { StageFacts } from './facts.js';

/** How an installer that would install into the system finds the builder's venv. */
const POINTED_BY: Record<string, string> = {
  poetry: 'poetry installs into the active VIRTUAL_ENV', pipenv: "pipenv --system installs with the first python on PATH, the venv's",
  uv: 'UV_PROJECT_ENVIRONMENT points uv sync at it',
};
const RUNTIME_ONLY = new Set(['CMD', 'ENTRYPOINT', 'EXPOSE', 'HEALTHCHECK', 'LABEL', 'VOLUME', 'STOPSIGNAL', 'ONBUILD', 'MAINTAINER', 'USER']);

export function builderText(f: StageFacts, name: string, systemSite: boolean, notes: string[]): string {
  const { stage, split } = f;
  const out = [fromText(stage.from.flags, stage.baseImage, name)];
  let uvEnv = f.uv?.env ?? null;
  const uvSetup = () => {
    if (uvEnv) out.push(uvEnv);
    uvEnv = null;
  };
  for (const instr of stage.instructions.slice(1, split.lastInstall + 1)) {
    if (instr.keyword === 'USER' && f.baseUser) {
      out.push(instr.raw); // the base runs as a user of its own: the steps keep the users the original gives them
      continue;
    }
    if (RUNTIME_ONLY.has(instr.keyword)) {
      if (instr.keyword === 'USER') notes.push(`USER on line ${instr.line} is left out of the builder: its installs run as root there`);
      continue;
    }
    for (const s of f.uv?.splits ?? []) {
      if (s.before !== instr) continue;
      uvSetup();
      out.push(s.run);
    }
    if (instr.keyword !== 'RUN') {
      out.push(instr.raw);
      continue;
    }
    if (f.uv?.envBefore === instr) uvSetup();
    out.push(...builderRun(f, instr, systemSite, notes));
  }
  return out.join('\n');
}

/** A RUN for the builder, with the venv made before the first install into it. */
function builderRun(f: StageFacts, instr: Instruction, systemSite: boolean, notes: string[]): string[] {
  const here = f.installs.filter((i) => i.instr === instr);
  const edits: TextEdit[] = [...intoVenvEdits(f, here, notes), ...(f.uv?.edits ?? []).filter((e) => e.start >= instr.start && e.end <= instr.end)];
  const before: string[] = [];
  const first = f.trees.firstIntoVenv;
  if (f.trees.venv !== null && first !== null && first.instr === instr) {
    const make = `python3 -m venv${systemSite ? ' --system-site-packages' : ''} ${f.trees.venv}`;
    const inline = first.located ? inlineVenv(f, first, make) : null;
    if (inline) edits.push(...inline);
    else {
      if (needsVenvModule(f)) before.push(aptInstallRun(f.model, ['python3-venv']));
      before.push(`RUN ${make}`);
    }
    before.push(venvEnv(f.trees.venv, f.trees.builderEnv));
  }
  const cache = f.uv?.cacheMount.get(instr);
  if (cache) edits.push({ start: instr.start + 3, end: instr.start + 3, newText: ` ${cache}` });
  const text = edits.length ? applyEdits(instr.raw, edits.map((e) => ({ ...e, start: e.start - instr.start, end: e.end - instr.start }))) : instr.raw;
  return [...before, text];
}

/** Drops what sends an install outside the venv: pip's --user, uv's --system and a UV_SYSTEM_PYTHON assignment before it. */
function intoVenvEdits(f: StageFacts, installs: DependencyInstall[], notes: string[]): TextEdit[] {
  if (f.trees.venv === null) return [];
  const edits: TextEdit[] = [];
  for (const i of installs) {
    if (!i.located || (i.tree.kind !== 'system' && i.tree.kind !== 'user')) continue;
    const words = i.located.at.filter((w) => (i.installer === 'pip' && w.text === '--user') || (i.installer === 'uv' && w.text === '--system'));
    const prefix = i.located.prefix.filter((w) => /^(UV_SYSTEM_PYTHON|PIP_USER)=/.test(w.text));
    edits.push(...[...words, ...prefix].map((w) => removeWord(f.model, i.located!.part, w)));
    const dropped = [...words, ...prefix].map((w) => w.text.replace(/=.*$/, ''));
    if (dropped.length) notes.push(`${i.what} ${dropped.join(' ')} on line ${i.instr.line} installs into the venv in the builder`);
    else if (i.installer !== 'pip') notes.push(`${i.what} on line ${i.instr.line} installs into the venv in the builder (${POINTED_BY[i.installer] ?? 'VIRTUAL_ENV points it at the venv'})`);
  }
  return edits;
}

/**
 * `python3 -m venv X && ` right before the install, when a command before it in its RUN runs into it with `&&` or `;`
 * (the RUN may install Python with apt first: python3-venv joins that install where the base's python3 lacks the
 * module); null when the install opens its RUN or follows a pipe or `||`.
 */
function inlineVenv(f: StageFacts, first: DependencyInstall, make: string): TextEdit[] | null {
  const cmd = first.located!;
  const script = f.split.runs.find((r) => r.instr === first.instr)?.script;
  const index = script ? script.commands.indexOf(cmd) : -1;
  const prev = index > 0 ? script!.commands[index - 1]! : null;
  if (!prev || prev.part !== cmd.part || !['&&', ';', '\n'].includes(prev.op)) return null;
  // Before the top-level command that holds the install (an if whose branches install): made on every path to it.
  const made = insertBefore(script!, cmd, make, 'script');
  if (!made.ok) return null;
  const at = made.edits[0]!.start;
  const edits: TextEdit[] = made.edits;
  const apt = script!.commands.slice(0, index).map((c) => aptCommand(c)).filter((a) => a?.sub.text === 'install');
  if (apt.some((a) => a!.cmd.part === cmd.part && offsetAfter(cmd.part, a!.cmd.end) > at)) return null; // Python comes inside that command
  const lastPkg = apt[apt.length - 1]?.packages.at(-1);
  if (needsVenvModule(f) && lastPkg) {
    const end = offsetAfter(cmd.part, lastPkg.end);
    edits.push({ start: end, end, newText: ' python3-venv' });
  } else if (needsVenvModule(f) && apt.length === 0) return null; // the module comes in a RUN of its own, before the venv's
  return edits;
}

/** True when the base's python3 may lack the venv module (Debian's comes in python3-venv; the python images have it). */
function needsVenvModule(f: StageFacts): boolean {
  return !f.base.python && !f.aptPackages.some((p) => /^python3(\.\d+)?-(venv|full)$/.test(p));
}

export function venvEnv(venv: string, extra: string[] = []): string {
  return `ENV VIRTUAL_ENV=${venv} PATH="${venv}/bin:$PATH"${extra.map((e) => ` ${e}`).join('')}`;
}
