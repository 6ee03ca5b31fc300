// A variant's cold build seconds, predicted before it is built (pure), from the original's recorded steps.
//
// The model: a cold build costs the sum of the steps of the stages it builds (a local base's FROM costs 0: "cold" is
// no cache above the base). Each instruction of the variant is costed by the first rule that has a basis for it:
//   1. the original built the same instruction (keyword and text, continuations joined, spaces collapsed — what
//      BuildKit names the step) and, for an install, with as many packages (a pruned requirements file keeps the
//      RUN's text): the original's recorded seconds for it (measured, or credited from the step history in
//      ~/.cache/dflab/step-seconds.json, as step-times.ts attributes them);
//   2. a new RUN that installs packages (apt-get/apt install, apk add, pip install): per install command, its
//      package count × its installer's per-package rate — Σ seconds / Σ packages over the install steps observed
//      (the original's, and `history`: earlier runs'); a RUN mixing installers or doing more besides is still costed
//      by its installs alone (rm, cleanup taken as free). A `pip install -r FILE` counts FILE's requirements;
//   3. metadata instructions (ENV, LABEL, CMD …) cost 0; a new COPY, ADD or WORKDIR the median of the original's
//      steps of that keyword;
//   4. anything else (a new RUN that installs nothing, an install whose packages cannot be counted, an installer
//      never observed): no basis, and the whole prediction is null — a partial sum is not a prediction.
import { aptCommand, packageName } from '../analysis/packages/index.js';
import { pipInstallIndex } from '../analysis/python/pip.js';
import { runScript, type RunCommand } from '../analysis/shell/index.js';
import { builtStages, type DockerfileModel, type Instruction } from '../dockerfile/index.js';
import { median } from '../measure/spread.js';

export type Installer = 'apt' | 'pip' | 'apk';
/** One install step seen: how many packages it named and how long it took. */
export interface InstallObservation { installer: Installer; packages: number; seconds: number }
/** A step of the original's build record: BuildKit's name (`[2/5] RUN …`) and its seconds. */
export interface StepTime { name: string; seconds: number }

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
  const rates = installRates([...installObservations(original, originalSteps, originalFiles), ...history]);
  const samePackages = (instr: Instruction) => instr.keyword !== 'RUN'
    || JSON.stringify(installsOf(variant, instr, files)) === JSON.stringify(installsOf(variant, instr, originalFiles));
  let total = 0;
  for (const instr of builtStages(variant).flatMap((s) => s.instructions)) {
    const seconds = FREE.has(instr.keyword) ? 0
      : (samePackages(instr) ? recorded.take(stepText(instr)) : null) ?? newStep(variant, instr, files, rates, originalSteps);
    if (seconds === null) return null;
    total += seconds;
  }
  return Math.round(total * 100) / 100;
}

/** The install steps of a built Dockerfile with their recorded seconds: what the per-package rates learn from. */
export function installObservations(model: DockerfileModel, steps: readonly StepTime[], files: Readonly<Record<string, string>>): InstallObservation[] {
  const recorded = recordedSteps(steps);
  const out: InstallObservation[] = [];
  for (const instr of model.instructions) {
    const installs = instr.keyword === 'RUN' ? installsOf(model, instr, files) : null;
    if (!installs || installs.length !== 1) continue; // a step mixing installers cannot say which one took the time
    const seconds = recorded.take(stepText(instr));
    if (seconds !== null && installs[0]!.packages > 0) out.push({ ...installs[0]!, seconds });
  }
  return out;
}

/** Per installer, Σ seconds / Σ packages. */
export function installRates(seen: readonly InstallObservation[]): Map<Installer, number> {
  const sums = new Map<Installer, { seconds: number; packages: number }>();
  for (const o of seen) {
    const s = sums.get(o.installer) ?? { seconds: 0, packages: 0 };
    sums.set(o.installer, { seconds: s.seconds + o.seconds, packages: s.packages + o.packages });
  }
  return new Map([...sums].filter(([, s]) => s.packages > 0).map(([k, s]) => [k, s.seconds / s.packages]));
}

function newStep(model: DockerfileModel, instr: Instruction, files: Readonly<Record<string, string>>, rates: Map<Installer, number>, steps: readonly StepTime[]): number | null {
  if (LIKE_ORIGINAL.has(instr.keyword)) {
    const same = steps.filter((s) => stepKeyword(s.name) === instr.keyword).map((s) => s.seconds);
    return same.length ? median(same) : instr.keyword === 'WORKDIR' ? 0 : null;
  }
  const installs = instr.keyword === 'RUN' ? installsOf(model, instr, files) : null;
  if (!installs || installs.length === 0) return null;
  let seconds = 0;
  for (const i of installs) {
    const rate = rates.get(i.installer);
    if (rate === undefined) return null;
    seconds += i.packages * rate;
  }
  return seconds;
}

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
  return out;
}

/** undefined: not an install; null: an install whose packages cannot be counted. */
function countInstall(cmd: RunCommand, files: Readonly<Record<string, string>>): { installer: Installer; packages: number } | null | undefined {
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
  const byText = new Map<string, number[]>();
  for (const s of steps) {
    const text = normalize(s.name.replace(/^\[[^\]]*\]\s*/, ''));
    byText.set(text, [...(byText.get(text) ?? []), s.seconds]);
  }
  return { take: (text: string): number | null => byText.get(text)?.shift() ?? null };
}

function stepText(instr: Instruction): string {
  return normalize(instr.raw.replace(/\\\r?\n/g, ' ').split('\n').filter((l) => !/^\s*#/.test(l)).join(' '));
}

function stepKeyword(name: string): string {
  return name.replace(/^\[[^\]]*\]\s*/, '').split(/\s/)[0]!.toUpperCase();
}

const normalize = (text: string) => text.replace(/\s+/g, ' ').trim();
