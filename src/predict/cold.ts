// A variant's cold build seconds, predicted before it is built (pure), from the original's recorded steps.
//
// The model: a cold build costs the sum of the steps of the stages it builds (a local base's FROM costs 0: "cold" is
// no cache above the base). Each instruction of the variant is costed by the first rule that has a basis for it:
//   1. the original built the same instruction (keyword and text, continuations joined, spaces collapsed — what
//      BuildKit names the step) and, for an install, with as many packages (a pruned requirements file keeps the
//      RUN's text): the original's recorded seconds for it (measured, or credited from the step history in
//      ~/.cache/dflab/step-seconds.json, as step-times.ts attributes them);
//   2. a new RUN that installs packages (apt-get/apt install, apk add, pip install): per install command, its
//      installer's fixed cost + its package count × the installer's per-package rate, learnt from the install steps
//      observed (the original's, and `history`: earlier runs'). The fixed cost is what a step spends before its first
//      log line and after its last (pip: ~0.5 s of start-up before "Looking in indexes", then its exit and BuildKit's
//      commit; the median over the observations that logged); the rate is Σ (seconds − fixed) / Σ packages. Without
//      it a pruned pip install was predicted at half its time (0.53–0.66 s against 0.85–1.08 s built alone: pip's
//      start does not shrink with the list). A RUN mixing installers or doing more besides is still costed by its
//      installs alone (rm, cleanup taken as free). A `pip install -r FILE` counts FILE's requirements;
//   3. a RUN that runs every command of one of the original's RUNs, in order and with as many packages, plus
//      installs (multi-stage's `python3 -m venv /opt/venv` put before a `poetry install`): that RUN's recorded seconds
//      plus the added installs, costed as in 2;
//   4. a RUN made of whole original RUNs, each one's commands in a row with options changed, plus cleanup commands
//      and installs (apt-hygiene merging `apt-get update` into each install, adding --no-install-recommends and
//      `rm -rf /var/lib/apt/lists/*`): the sum of those RUNs' seconds — the update counted in every RUN it is merged
//      into — plus the installs costed as in 2. An install without Recommends is costed as the original's: on
//      text-classifier it took 28% less time in one run (2026-12-02) and 1% less in another (2026-12-04: the packages
//      Recommends no longer brought were installed by the later RUNs instead, 8 → 30 s and 32 → 49 s), and costing
//      it by the share of each layer's Debian bytes kept was 40% low there — no model yet;
//   5. metadata instructions (ENV, LABEL, CMD …) cost 0; a new COPY, ADD or WORKDIR the median of the original's
//      steps of that keyword;
//   6. anything else (a new RUN that installs nothing, an install whose packages cannot be counted — poetry, pipenv,
//      uv, conda … —, an installer never observed): no basis, and the whole prediction is null — a partial sum is not
//      a prediction.
// Two kinds of step are costed like an install of one package, from the steps of that kind seen: `python3 -m venv
// DIR` (`venv`: ensurepip installs pip into the venv, 3.4–4.4 s a step on pip-service's builds, more than its whole
// pip install), and a RUN of file commands only (`files`: ln, sed -i, mkdir … — base-distroless's venv fix-up). No
// original has a venv; both kinds are learnt from the original's steps and the variants' of earlier runs
// (run/predictions.ts records those; a venv added to an original RUN as that step less the original's), so a first
// run leaves multi-stage's cold time unpredicted.
import { aptCommand, packageName } from '../analysis/packages/index.js';
import { installerOf } from '../analysis/python/installer-of.js';
import { venvMade } from '../analysis/python/installers.js';
import { pipInstallIndex } from '../analysis/python/pip.js';
import { runScript, type RunCommand } from '../analysis/shell/index.js';
import { builtStages, type DockerfileModel, type Instruction } from '../dockerfile/index.js';
import { median } from '../measure/spread.js';

export type Installer = 'apt' | 'pip' | 'apk' | 'venv' | 'files';
/** One install step seen: how many packages it named and how long it took. */
export interface InstallObservation {
  installer: Installer; packages: number; seconds: number;
  /** The step's seconds before its first log line and after its last (StepTiming.quietSeconds), when it logged. */
  fixedSeconds?: number;
}
/** A step of the original's build record: BuildKit's name (`[2/5] RUN …`), its seconds and its quiet seconds. */
export interface StepTime { name: string; seconds: number; quietSeconds?: number }
/** An installer's cost model: seconds = fixed + packages × perPackage. */
export interface InstallModel { fixed: number; perPackage: number }

export interface ColdInput {
  original: DockerfileModel;
  /** The original's build record, in build order. */
  originalSteps: readonly StepTime[];
  /** The original's context files (requirements …), by context path: what its `pip install -r` read. */
  originalFiles: Readonly<Record<string, string>>;
  variant: DockerfileModel;
  /** The variant's context files (the original's with its edits). */
  files: Readonly<Record<string, string>>;
  /** Install steps of earlier runs. */
  history?: readonly InstallObservation[];
}

const FREE = new Set(['FROM', 'ENV', 'ARG', 'LABEL', 'EXPOSE', 'CMD', 'ENTRYPOINT', 'USER', 'HEALTHCHECK', 'STOPSIGNAL', 'SHELL', 'ONBUILD', 'VOLUME', 'MAINTAINER']);
const LIKE_ORIGINAL = new Set(['COPY', 'ADD', 'WORKDIR']);

export function predictCold({ original, originalSteps, originalFiles, variant, files, history = [] }: ColdInput): number | null {
  const recorded = recordedSteps(originalSteps);
  const models = installModels([...installObservations(original, originalSteps, originalFiles), ...history]);
  const samePackages = (instr: Instruction) => instr.keyword !== 'RUN'
    || JSON.stringify(installsOf(variant, instr, files)) === JSON.stringify(installsOf(variant, instr, originalFiles));
  const basis: Basis = { original, originalFiles, recorded, models, runs: originalRuns(original, recorded) };
  let total = 0;
  for (const instr of builtStages(variant).flatMap((s) => s.instructions)) {
    const seconds = FREE.has(instr.keyword) ? 0
      : (samePackages(instr) ? recorded.takeStep(stepText(instr))?.seconds : null) ?? extendedRun(basis, variant, instr, files)
        ?? recomposedRun(basis, variant, instr, files) ?? newStep(variant, instr, files, models, originalSteps);
    if (seconds === null) return null;
    total += seconds;
  }
  return Math.round(total * 100) / 100;
}

/**
 * A variant's RUNs that are an original RUN with one install added (rule 3: multi-stage's venv before a `poetry
 * install`): the added install's seconds, the variant's step less the original's, where both ran and the difference
 * is positive. How a venv is learnt where it never runs alone.
 */
export function addedInstallObservations(original: DockerfileModel, originalSteps: readonly StepTime[], originalFiles: Readonly<Record<string, string>>,
  variant: DockerfileModel, steps: readonly StepTime[], files: Readonly<Record<string, string>>): InstallObservation[] {
  const recorded = recordedSteps(steps);
  const before = recordedSteps(originalSteps);
  const out: InstallObservation[] = [];
  for (const instr of variant.instructions) {
    const step = instr.keyword === 'RUN' ? recorded.takeStep(stepText(instr)) : null;
    const found = step && originalRunIn(original, originalFiles, variant, instr, files);
    if (!found || found.added.length !== 1) continue;
    const added = countInstall(found.added[0]!, files);
    const was = before.takeStep(stepText(found.run));
    if (added && was && step.seconds > was.seconds) out.push({ ...added, seconds: Math.round((step.seconds - was.seconds) * 100) / 100 });
  }
  return out;
}

/** The install steps of a built Dockerfile with their recorded seconds: what the per-package rates learn from. */
export function installObservations(model: DockerfileModel, steps: readonly StepTime[], files: Readonly<Record<string, string>>): InstallObservation[] {
  const recorded = recordedSteps(steps);
  const out: InstallObservation[] = [];
  for (const instr of model.instructions) {
    const installs = instr.keyword === 'RUN' ? installsOf(model, instr, files) : null;
    if (!installs || installs.length !== 1) continue; // a step mixing installers cannot say which one took the time
    const step = recorded.takeStep(stepText(instr));
    if (step === null || installs[0]!.packages === 0) continue;
    const fixed = step.quietSeconds;
    out.push({ ...installs[0]!, seconds: step.seconds, ...(fixed !== undefined && Number.isFinite(fixed) ? { fixedSeconds: Math.min(fixed, step.seconds) } : {}) });
  }
  return out;
}

/**
 * Per installer: the fixed cost (the median of the observed ones; 0 when no observation logged) and the per-package
 * rate Σ max(0, seconds − fixed) / Σ packages.
 */
export function installModels(seen: readonly InstallObservation[]): Map<Installer, InstallModel> {
  const by = new Map<Installer, InstallObservation[]>();
  for (const o of seen) by.set(o.installer, [...(by.get(o.installer) ?? []), o]);
  const out = new Map<Installer, InstallModel>();
  for (const [installer, xs] of by) {
    const packages = xs.reduce((n, o) => n + o.packages, 0);
    if (packages <= 0) continue;
    const fixeds = xs.flatMap((o) => (o.fixedSeconds === undefined ? [] : [o.fixedSeconds]));
    const fixed = fixeds.length ? median(fixeds) : 0;
    out.set(installer, { fixed, perPackage: xs.reduce((s, o) => s + Math.max(0, o.seconds - fixed), 0) / packages });
  }
  return out;
}

function newStep(model: DockerfileModel, instr: Instruction, files: Readonly<Record<string, string>>, models: Map<Installer, InstallModel>, steps: readonly StepTime[]): number | null {
  if (LIKE_ORIGINAL.has(instr.keyword)) {
    const same = steps.filter((s) => stepKeyword(s.name) === instr.keyword).map((s) => s.seconds);
    return same.length ? median(same) : instr.keyword === 'WORKDIR' ? 0 : null;
  }
  const installs = instr.keyword === 'RUN' ? installsOf(model, instr, files) : null;
  if (!installs || installs.length === 0) return null;
  let seconds = 0;
  for (const i of installs) {
    const m = models.get(i.installer);
    if (m === undefined) return null;
    seconds += m.fixed + i.packages * m.perPackage;
  }
  return seconds;
}

interface Basis {
  original: DockerfileModel;
  originalFiles: Readonly<Record<string, string>>;
  recorded: ReturnType<typeof recordedSteps>;
  models: Map<Installer, InstallModel>;
  /** The original's RUNs that ran, with their commands and recorded step, most commands first (rule 4). */
  runs: readonly OriginalRun[];
}

interface OriginalRun { commands: RunCommand[]; step: StepTime }

function originalRuns(original: DockerfileModel, recorded: ReturnType<typeof recordedSteps>): OriginalRun[] {
  return original.instructions.flatMap((o) => {
    const commands = o.keyword === 'RUN' ? runScript(original, o)?.commands : undefined;
    const step = recorded.peekStep(stepText(o));
    return commands?.length && step ? [{ commands, step }] : [];
  }).sort((x, y) => y.commands.length - x.commands.length);
}

/**
 * Rule 3: `instr` runs the commands of an original RUN whose recorded step is still unused (same words, in order,
 * as many packages) plus installs only: that step's seconds plus the installs' modelled ones; null when no original
 * RUN fits or an added command has no model.
 */
function extendedRun(b: Basis, variant: DockerfileModel, instr: Instruction, files: Readonly<Record<string, string>>): number | null {
  const found = originalRunIn(b.original, b.originalFiles, variant, instr, files, (o) => b.recorded.hasStep(stepText(o)));
  if (found === null) return null;
  let seconds = 0;
  for (const c of found.added) {
    const i = countInstall(c, files);
    const m = i ? b.models.get(i.installer) : undefined;
    if (!i || !m) return null;
    seconds += m.fixed + i.packages * m.perPackage;
  }
  return b.recorded.takeStep(stepText(found.run))!.seconds + seconds;
}

/**
 * Rule 4: a RUN made of whole original RUNs, each one's commands in a row with options changed, plus cleanup and
 * installs (apt-hygiene: `apt-get update && apt-get install -y --no-install-recommends … && rm -rf
 * /var/lib/apt/lists/*` from an update RUN and an install RUN; pip-no-cache's `--no-cache-dir`): the sum of those
 * RUNs' recorded seconds — one reused as often as it recurs, as a merged `apt-get update` runs once per RUN — plus
 * the installs modelled. Null when a command fits none of these or no original RUN is in it.
 */
function recomposedRun(b: Basis, variant: DockerfileModel, instr: Instruction, files: Readonly<Record<string, string>>): number | null {
  const mine = instr.keyword === 'RUN' ? runScript(variant, instr)?.commands : undefined;
  if (!mine?.length) return null;
  let total = 0;
  let fromOriginal = false;
  for (let k = 0; k < mine.length;) {
    const run = b.runs.find((r) => r.commands.every((c, j) => mine[k + j] !== undefined && sameCommand(c, b.originalFiles, mine[k + j]!, files)));
    if (run) {
      total += run.step.seconds;
      fromOriginal = true;
      k += run.commands.length;
      continue;
    }
    const c = mine[k++]!;
    const install = countInstall(c, files);
    if (install === null) return null;
    if (install === undefined) {
      if (!cleanup(c)) return null;
      continue;
    }
    const m = b.models.get(install.installer);
    if (!m) return null;
    total += m.fixed + install.packages * m.perPackage;
  }
  return fromOriginal ? total : null;
}

/** Commands that only tidy up after an install: file commands, `apt-get clean|autoclean|autoremove`. */
function cleanup(c: RunCommand): boolean {
  const sub = aptCommand(c)?.sub.text;
  return FILE_COMMANDS.has(c.name) || sub === 'clean' || sub === 'autoclean' || sub === 'autoremove';
}

/** The same command with other options: same program, same words besides options, as many packages installed. */
function sameCommand(theirs: RunCommand, theirFiles: Readonly<Record<string, string>>, mine: RunCommand, files: Readonly<Record<string, string>>): boolean {
  const plain = (c: RunCommand) => c.words.filter((w) => !w.startsWith('-'));
  const [a, b] = [plain(theirs), plain(mine)];
  return theirs.name === mine.name && a.length === b.length && a.every((w, i) => w === b[i])
    && JSON.stringify(countInstall(theirs, theirFiles)) === JSON.stringify(countInstall(mine, files));
}

/**
 * The first original RUN (`usable`) whose commands `instr` runs, in order, with as many packages, and more besides:
 * that RUN and the commands `instr` adds; null when none.
 */
function originalRunIn(original: DockerfileModel, originalFiles: Readonly<Record<string, string>>, variant: DockerfileModel, instr: Instruction,
  files: Readonly<Record<string, string>>, usable: (run: Instruction) => boolean = () => true): { run: Instruction; added: RunCommand[] } | null {
  const mine = instr.keyword === 'RUN' ? runScript(variant, instr)?.commands : undefined;
  if (!mine) return null;
  for (const o of original.instructions) {
    const theirs = o.keyword === 'RUN' ? runScript(original, o)?.commands : undefined;
    if (!theirs?.length || theirs.length >= mine.length || !usable(o)) continue;
    const split = splitCommands(theirs, mine);
    if (split && theirs.every((c, i) => JSON.stringify(countInstall(c, originalFiles)) === JSON.stringify(countInstall(split.matched[i]!, files)))) {
      return { run: o, added: split.added };
    }
  }
  return null;
}

/** `mine` as `theirs`' commands (same words, in order, each once) and the others; null when one of theirs is missing. */
function splitCommands(theirs: readonly RunCommand[], mine: readonly RunCommand[]): { matched: RunCommand[]; added: RunCommand[] } | null {
  const matched: RunCommand[] = [];
  const added: RunCommand[] = [];
  for (const m of mine) {
    if (matched.length < theirs.length && sameWords(m, theirs[matched.length]!)) matched.push(m);
    else added.push(m);
  }
  return matched.length === theirs.length ? { matched, added } : null;
}

const sameWords = (a: RunCommand, b: RunCommand) => a.words.length === b.words.length && a.words.every((w, i) => w === b.words[i]);

/** The install commands of a RUN with their package counts; null when one cannot be counted. */
function installsOf(model: DockerfileModel, instr: Instruction, files: Readonly<Record<string, string>>): { installer: Installer; packages: number }[] | null {
  const script = runScript(model, instr);
  if (!script) return null;
  const out: { installer: Installer; packages: number }[] = [];
  for (const cmd of script.commands) {
    const counted = countInstall(cmd, files);
    if (counted === undefined) continue;
    if (counted === null) return null;
    out.push(counted);
  }
  if (out.length === 0 && script.commands.length > 0 && script.error === null && script.commands.every((c) => FILE_COMMANDS.has(c.name))) return [{ installer: 'files', packages: 1 }];
  return out;
}

/** Commands that only move, link, edit or remove files: a RUN of these alone is a `files` step. */
const FILE_COMMANDS = new Set(['ln', 'sed', 'mkdir', 'rm', 'rmdir', 'chmod', 'chown', 'cp', 'mv', 'touch', 'true', 'echo', 'printf', 'cd']);

/** undefined: not an install; null: an install whose packages cannot be counted. */
function countInstall(cmd: RunCommand, files: Readonly<Record<string, string>>): { installer: Installer; packages: number } | null | undefined {
  // A venv seeded with pip (`uv venv` seeds none unless asked; then its cost is not a python venv's).
  if (venvMade(cmd) !== null) return cmd.name === 'uv' || cmd.words.includes('--without-pip') ? undefined : { installer: 'venv', packages: 1 };
  const python = installerOf(cmd);
  if (python !== null && python !== 'pip') return null;
  const apt = aptCommand(cmd);
  if (apt) return apt.sub.text === 'install' ? { installer: 'apt', packages: new Set(apt.packages.map((w) => packageName(w.text))).size } : undefined;
  if (cmd.name === 'apk' && cmd.words[1] === 'add') return { installer: 'apk', packages: cmd.words.slice(2).filter((w) => !w.startsWith('-')).length };
  const at = pipInstallIndex(cmd);
  if (at < 0) return undefined;
  let packages = 0;
  const words = cmd.words.slice(at + 1);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === '-r' || w === '--requirement') {
      const listed = requirementCount(files, words[++i] ?? '');
      if (listed === null) return null;
      packages += listed;
    } else if (w.startsWith('-')) {
      if (OPTION_WITH_VALUE.test(w)) i++;
    } else packages++;
  }
  return { installer: 'pip', packages };
}

const OPTION_WITH_VALUE = /^(?:-[ciet]|--(?:constraint|index-url|extra-index-url|find-links|target|prefix|root|src|platform|python-version|implementation|abi|upgrade-strategy|progress-bar|report))$/;

/** Requirement lines of a context file named like `path` (relative to the WORKDIR it is read in); null when not known. */
function requirementCount(files: Readonly<Record<string, string>>, path: string): number | null {
  const name = path.replace(/^\.\//, '');
  const key = name in files ? name : Object.keys(files).find((k) => k.endsWith(`/${name}`) || name.endsWith(`/${k}`));
  if (key === undefined) return null;
  return files[key]!.split('\n').map((l) => l.replace(/#.*/, '').trim()).filter((l) => l && !l.startsWith('-')).length;
}

/** The original's steps by text; each recorded step is used once (two identical COPYs are two steps). */
function recordedSteps(steps: readonly StepTime[]) {
  const byText = new Map<string, StepTime[]>();
  const first = new Map<string, StepTime>();
  for (const s of steps) {
    const text = normalize(s.name.replace(/^\[[^\]]*\]\s*/, ''));
    byText.set(text, [...(byText.get(text) ?? []), s]);
    if (!first.has(text)) first.set(text, s);
  }
  return {
    takeStep: (text: string): StepTime | null => byText.get(text)?.shift() ?? null,
    hasStep: (text: string): boolean => (byText.get(text)?.length ?? 0) > 0,
    /** The first recorded step of that text, taken or not: a step a variant runs again. */
    peekStep: (text: string): StepTime | null => first.get(text) ?? null,
  };
}

function stepText(instr: Instruction): string {
  return normalize(instr.raw.replace(/\\\r?\n/g, ' ').split('\n').filter((l) => !/^\s*#/.test(l)).join(' '));
}

function stepKeyword(name: string): string {
  return name.replace(/^\[[^\]]*\]\s*/, '').split(/\s/)[0]!.toUpperCase();
}

const normalize = (text: string) => text.replace(/\s+/g, ' ').trim();
