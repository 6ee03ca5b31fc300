// apt-hygiene: every `apt-get install`/`apt install` in a shell-form RUN gets `-y --no-install-recommends`,
// runs after `apt-get update` in the same RUN (an update-only RUN right before it is merged in), and the RUN
// ends with `rm -rf /var/lib/apt/lists/*`, so the lists never stay in a layer. Where it drops recommends
// and curl, wget or git is installed, ca-certificates joins the install: it is only a recommends of theirs,
// and without it they fail on TLS. Separate install RUNs each get their own update and cleanup (merging
// RUNs is merge-runs' job). Not added: the cleanup when an rm after the install already removes the lists
// (`/var/lib/apt/lists/*`, `/var/lib/apt` …), when a later RUN of the stage reads the lists without updating
// them first (apt-get upgrade, apt-cache …), or when the lists are in a cache mount; the flag where recommends
// are off already (in any form apt reads, or by an apt.conf written earlier). A RUN whose only edit would be
// `-y` is left alone: a build that passes without it does not need it. Every edit keeps the script's shell
// structure (structure-edit.ts): each install gets an update unless one runs before it on every path, the cleanup
// goes after the whole script; a RUN where that cannot be done, or whose package list a variable holds that
// could need ca-certificates, is left alone with the reason.
import { deleteInstruction, type DockerfileModel, type Instruction, type TextEdit } from '../dockerfile/index.js';
import {
  answersYes, aptCommand, aptRuns, isUpdate, listsInCacheMount, packageName, readsLists, recommendsOff, recommendsOffByConfig,
  removesLists, type AptRun,
} from '../analysis/packages/apt.js';
import { recommendsNeeded } from '../analysis/packages/recommends.js';
import { lines } from '../analysis/python/pip.js';
import { offsetAfter, runScript, type RunCommand } from '../analysis/shell/run-script.js';
import { commandText } from '../analysis/shell/script-edit.js';
import { expandWord } from '../analysis/shell/script-vars.js';
import { appendCommand, insertBefore, type Edited } from '../analysis/shell/structure-edit.js';
import { chainBefore } from '../analysis/stage/stage-env.js';
import type { Rule } from './types.js';
import { defineRule, type Analysis } from './define.js';
import { reason, type Reason } from '../reasons.js';

const NEEDS_CA = new Set(['curl', 'wget', 'git']);
const CLEANUP = 'rm -rf /var/lib/apt/lists/*';

export const aptHygiene: Rule = defineRule('apt-hygiene', 'apt-get install -y --no-install-recommends after apt-get update in the same RUN, ending with rm -rf /var/lib/apt/lists/*', (p) => analyse(p.dockerfile, p.keepStages ?? []), {
  requires: () => [{ kind: 'no-recommends', subject: '' }],
});

interface Findings {
  edits: TextEdit[];
  recommends: number[];
  ca: string[];
  /** Installs whose recommends a later build step needs (recommends.ts). */
  keptRecommends: string[];
  merged: string[];
  kept: string[];
  /** RUNs left as they are, with what already makes them hygienic. */
  clean: string[];
  /** Lines where -y is missing but nothing else is: -y alone is not added (a build that passes without it does not need it). */
  yesOnly: number[];
  /** RUNs left alone, and why (shell structure or package lists it cannot read). */
  alone: Reason[];
}

function analyse(model: DockerfileModel, keep: readonly number[]): Analysis {
  const f: Findings = { edits: [], recommends: [], ca: [], keptRecommends: [], merged: [], kept: [], clean: [], yesOnly: [], alone: [] };
  const exec: number[] = [];
  for (const stage of model.stages.filter((s) => !keep.includes(s.index))) {
    const found = aptRuns(model, stage.instructions);
    exec.push(...found.exec);
    for (const run of found.runs) fixRun(model, run, f);
  }
  const notes: string[] = [];
  if (f.recommends.length) notes.push(`--no-install-recommends on ${lines(f.recommends)}: software that relied on a recommended package may miss it at run time (the smoke test tells)`);
  if (f.keptRecommends.length) notes.push(`recommends kept on ${f.keptRecommends.join('; ')}`);
  if (f.ca.length) notes.push(`kept ca-certificates where ${f.ca.join(', ')}: without recommends it would be missing and TLS downloads would fail`);
  notes.push(...f.merged, ...f.kept.map((k) => `package lists not removed: ${k}`), ...f.alone.map((a) => `left alone: ${a.message}`));
  if (exec.length) notes.push(`exec-form RUN on ${lines(exec)} left as is`);
  if (f.edits.length > 0) return { ok: true, edits: { dockerfile: f.edits, files: [], notes } };
  if (f.alone.length) return { ok: false, reason: reason(f.alone[0]!.code, `every RUN that would change is left alone: ${f.alone.map((a) => a.message).join('; ')}`) };
  if (f.keptRecommends.length) return { ok: false, reason: reason('recommends-needed', `nothing to change but --no-install-recommends, and the build needs the recommends: ${f.keptRecommends.join('; ')}`) };
  if (f.clean.length === 0) {
    return { ok: false, reason: exec.length ? reason('exec-form-only', `no apt-get install in a shell-form RUN (exec-form RUN on ${lines(exec)} left as is)`) : reason('no-apt-install', 'no apt-get install or apt install in any RUN') };
  }
  const yes = f.yesOnly.length ? `; -y is not added alone on ${lines(f.yesOnly)} (a build that passes without it does not need it)` : '';
  return { ok: false, reason: reason('apt-already-clean', `every apt-get install already runs after apt-get update in its RUN, its recommends and package lists already dealt with: ${f.clean.join(', ')}${yes}`) };
}

/** The edits one RUN needs; none unless one of them changes what the build does (-y alone does not). */
function fixRun(model: DockerfileModel, run: AptRun, f: Findings): void {
  const instr = run.script.instr;
  const installs = run.apt.filter((x) => x.a.sub.text === 'install');
  if (installs.length === 0) return;
  const before = chainBefore(model, instr);
  const configured = recommendsOffByConfig([...before, instr]);
  const edits: TextEdit[] = [];
  const facts: string[] = [];
  let matters = false;
  let missingYes = false;
  const snapshot = { recommends: f.recommends.length, ca: f.ca.length, keptRecommends: f.keptRecommends.length, merged: f.merged.length, kept: f.kept.length };
  const alone = (why: Reason) => {
    f.recommends.length = snapshot.recommends;
    f.ca.length = snapshot.ca;
    f.keptRecommends.length = snapshot.keptRecommends;
    f.merged.length = snapshot.merged;
    f.kept.length = snapshot.kept;
    f.alone.push(why);
  };
  const structural = (e: Edited) => {
    if (e.ok) edits.push(...e.edits);
    else alone(reason('shell-structure', e.why));
    return e.ok;
  };
  const installed = new Set(before.flatMap((i) => (i.keyword === 'RUN' ? installedPackages(model, i) : [])));
  for (const { a } of installs) {
    const values = a.packages.map((w) => expandWord(model, run.script, a.cmd, w));
    const unread = a.packages.filter((_w, k) => values[k] === null);
    // Unread names matter only where they could need ca-certificates that the readable ones do not bring already.
    const caAnyway = installed.has('ca-certificates') || values.some((v) => v?.some((n) => NEEDS_CA.has(packageName(n)) || packageName(n) === 'ca-certificates'));
    if (unread.length && recommendsOff(a) === false && !configured && !caAnyway) {
      return alone(reason('apt-packages-unread', `line ${instr.line} installs packages named by ${unread.map((w) => w.text).join(', ')}, whose value dflab cannot read (without recommends, curl, wget or git among them would need ca-certificates)`));
    }
    const off = recommendsOff(a);
    const needed = off === false && !configured ? recommendsNeeded(model, instr, a.packages.map((p) => packageName(p.text))) : null;
    if (needed !== null) f.keptRecommends.push(`line ${instr.line} (${needed})`);
    const addRecommends = off === false && !configured && needed === null;
    missingYes ||= !answersYes(a);
    const flags = `${answersYes(a) ? '' : ' -y'}${addRecommends ? ' --no-install-recommends' : ''}`;
    if (flags) {
      const at = offsetAfter(a.cmd.part, a.optionsEnd.end);
      edits.push({ start: at, end: at, newText: flags });
    }
    const names = values.flatMap((v) => v ?? []).map(packageName);
    names.forEach((n) => installed.add(n));
    if (!addRecommends) {
      facts.push(needed !== null ? 'recommends kept: the build needs them' : off === 'wanted' ? 'recommends wanted on purpose' : off ? 'recommends off' : 'recommends off by apt config');
      continue;
    }
    matters = true;
    f.recommends.push(instr.line);
    const tools = names.filter((n) => NEEDS_CA.has(n));
    if (tools.length > 0 && !installed.has('ca-certificates')) {
      // After the last package, or after the whole command when the list ends it (a `# comment` in backticks stays with its package).
      const last = a.packages[a.packages.length - 1]!;
      const at = offsetAfter(a.cmd.part, last === a.cmd.at[a.cmd.at.length - 1] ? a.cmd.end : last.end);
      edits.push({ start: at, end: at, newText: ' ca-certificates' });
      installed.add('ca-certificates');
      f.ca.push(`${tools.join(', ')} ${tools.length === 1 ? 'is' : 'are'} installed (line ${instr.line})`);
    }
  }
  // Each install gets `apt-get update` before it unless one runs before it on every path (same branch or outside it).
  const updated = run.apt.filter((x) => isUpdate(x.a)).map((x) => x.a.cmd);
  const prev = updateOnlyRunBefore(model, instr);
  let inserted = false;
  for (const { a, index } of installs) {
    if (updated.some((u) => run.script.commands.indexOf(u) < index && dominates(u, a.cmd))) continue;
    matters = true; // the install no longer reads lists an earlier layer may hold stale
    const update = prev ? runScript(model, prev)!.parts[0]!.text.trim() : 'apt-get update';
    if (!structural(insertBefore(run.script, a.cmd, update))) return;
    updated.push(a.cmd);
    inserted = true;
  }
  if (prev && inserted && !run.apt.some((x) => isUpdate(x.a))) {
    edits.push(deleteInstruction(prev));
    f.merged.push(`merged the update-only RUN on line ${prev.line} into the install on line ${instr.line}`);
  }
  const last = installs[installs.length - 1]!;
  const remover = run.script.commands.slice(last.index + 1).find(removesLists);
  if (remover) facts.push(commandText(remover));
  else if (listsInCacheMount(instr)) facts.push('lists in a cache mount');
  else {
    const reader = laterReader(model, instr);
    if (reader === null) {
      if (!structural(appendCommand(model, run.script, CLEANUP))) return;
      matters = true;
    } else {
      f.kept.push(`line ${instr.line} keeps them for line ${reader}, which reads them without apt-get update`);
      facts.push(`lists kept for line ${reader}, which reads them`);
    }
  }
  if (matters) f.edits.push(...edits);
  else {
    f.clean.push(`line ${instr.line} (${[...new Set(facts)].join('; ')})`);
    if (missingYes) f.yesOnly.push(instr.line);
  }
}

/** True when `a` runs on every path that reaches `b` (outside or in the same branches), as far as the tree tells. */
function dominates(a: RunCommand, b: RunCommand): boolean {
  if (a.part !== b.part || a.scopes === null || b.scopes === null) return a.part === b.part && a.scopes === null;
  return a.scopes.length <= b.scopes.length && a.scopes.every((s, k) => s.node === b.scopes![k]!.node && s.clause === b.scopes![k]!.clause && s.role === 'body');
}

/** The RUN right before `instr` in its stage when it does nothing but `apt-get update` (and has no flags the install lacks). */
function updateOnlyRunBefore(model: DockerfileModel, instr: Instruction): Instruction | null {
  const stage = model.stages[instr.stage]!;
  const prev = stage.instructions.filter((i) => i.keyword === 'RUN' && i.start < instr.start).pop();
  if (!prev || prev.jsonForm || prev.heredocs.length > 0) return null;
  const flags = (i: Instruction) => i.flags.map((x) => `${x.name}=${x.value}`);
  if (!flags(prev).every((x) => flags(instr).includes(x))) return null;
  const cmds = runScript(model, prev)!.commands;
  return cmds.length === 1 && isUpdate(aptCommand(cmds[0]!)) ? prev : null;
}

/** Line of a later RUN in the stage that reads the package lists before any RUN updates them again; null when none. */
function laterReader(model: DockerfileModel, instr: Instruction): number | null {
  const later = model.stages[instr.stage]!.instructions.filter((i) => i.keyword === 'RUN' && i.start > instr.start);
  for (const i of later) {
    for (const c of runScript(model, i)?.commands ?? []) {
      const a = aptCommand(c);
      if (isUpdate(a) || a?.sub.text === 'install') return null; // updated there (installs get their own update)
      if (readsLists(a, c)) return i.line;
    }
  }
  return null;
}

function installedPackages(model: DockerfileModel, instr: Instruction): string[] {
  const script = runScript(model, instr);
  if (!script) return [];
  return script.commands.flatMap((c) => {
    const a = aptCommand(c);
    return a && a.sub.text === 'install' ? a.packages.map((p) => packageName(p.text)) : [];
  });
}
