// The trial's first two phases, shared by `dflab run` and `dflab plan`: load (dflab.yaml with the command line's
// selection applied, the project read) and plan (the variants for the evidence at hand). Also how a run records
// its selection in results.json and how `--resume` gets it back.
import { resolve } from 'node:path';
import { ALL_WITH_IDS, checkRuleIds, loadConfig, ruleIdProblem, type DflabConfig } from '../config/index.js';
import { locateDockerfile } from '../context/locate.js';
import { loadProject, type LoadedProject } from '../context/project.js';
import { UserError } from '../errors.js';
import { withSavingEstimates } from '../plan/estimates.js';
import { planVariants, type Plan } from '../plan/index.js';
import type { RankObjective } from '../rank/index.js';
import { ALL_VARIANT, type ImportAnalysis, type RunSelection } from '../results.js';
import { allRules } from '../rules/index.js';
import type { MinifyEvidence, Project } from '../rules/types.js';
import { fallback } from './import-evidence.js';

export interface LoadedTrial { config: DflabConfig; loaded: LoadedProject }

/**
 * Command-line choices that replace dflab.yaml's (`--rules`, `--skip-rules`, `--bases`, `--target`) and choose the
 * Dockerfile: `file` (`-f`, or DIR given as a Dockerfile; absolute, wins over dflab.yaml `dockerfile:`) or `service`
 * (`--service`: a Compose file's build entry gives the Dockerfile, context and target).
 */
export interface Selection { rules?: string[]; skipRules?: string[]; bases?: string[]; target?: string; file?: string; service?: string }

export async function loadTrial(dir: string, selection: Selection = {}): Promise<LoadedTrial> {
  const root = resolve(dir);
  const { config, file } = await loadConfig(root);
  checkRuleIds(config, allRules.map((r) => r.id), file ?? 'dflab.yaml');
  const chosen = applySelection(await locateDockerfile(root, config, selection), selection);
  return { config: chosen, loaded: await loadProject(root, chosen) };
}

/** dflab.yaml with the command line's choices applied; the rule lists checked as dflab.yaml's are (one wording). */
export function applySelection(config: DflabConfig, s: Selection): DflabConfig {
  const known = allRules.map((r) => r.id);
  const checks: [string, string[] | undefined, boolean][] = [['--rules', s.rules, true], ['--skip-rules', s.skipRules, false]];
  for (const [flag, ids = [], selects] of checks) {
    const problems = ids.flatMap((id) => ruleIdProblem(id, known, selects) ?? []);
    if (selects && ids.length > 1 && ids.includes(ALL_VARIANT)) problems.push(ALL_WITH_IDS);
    if (problems.length) throw new UserError(problems.map((p) => `${flag}: ${p}`).join('\n'), { hint: `--rules ${ALL_VARIANT} (alone) selects every rule` });
  }
  const include = s.rules?.includes(ALL_VARIANT) ? [] : s.rules ?? config.rules.include;
  const byFlag = { include: s.rules !== undefined, exclude: s.skipRules ?? [] };
  return {
    ...config,
    dockerfile: s.file ?? config.dockerfile,
    rules: { include, exclude: [...config.rules.exclude, ...(s.skipRules ?? [])], force: config.rules.force, byFlag },
    bases: s.bases ?? config.bases,
    target: s.target ?? config.target,
  };
}

/** The variants for this project and dflab.yaml; `evidence` is the original image's import analysis, when there is one. */
export function planFor(trial: LoadedTrial, evidence?: ImportAnalysis, minifyTrace?: MinifyEvidence): Plan {
  const { config } = trial;
  const project = projectFor(trial, evidence, minifyTrace);
  const plan = planVariants(project, allRules, { ...config.rules, variants: config.variants, bases: config.bases });
  return { ...plan, skipped: withSavingEstimates(plan.skipped, evidence) };
}

/** The project the rules see: dflab.yaml's settings for them, and the evidence read from the built original. */
export function projectFor({ config, loaded }: LoadedTrial, evidence?: ImportAnalysis, minifyTrace?: MinifyEvidence): Project {
  return {
    ...loaded.project, config: { onnx: config.onnx, prune: config.prune, bases: config.bases, rules: config.rules },
    ...(evidence ? { importAnalysis: evidence } : {}), ...(minifyTrace ? { minifyTrace } : {}),
  };
}

/** `dflab plan`: no image is built, so prune-requirements plans with its fallback list and says so. */
export async function planTrial(dir: string, selection: Selection = {}): Promise<LoadedTrial & { plan: Plan }> {
  const trial = await loadTrial(dir, selection);
  return { ...trial, plan: planFor(trial, fallback('`dflab plan` builds nothing; `dflab run` analyzes the imports in the built original image')) };
}

/** What a run's command line chose, as results.json records it. */
export interface Choices { selection?: Selection; objective?: RankObjective; exactCold?: boolean; repeat?: number; budgetSeconds?: number; prove?: number; zstd?: boolean }

export function recordSelection({ selection = {}, objective, exactCold, repeat, budgetSeconds, prove, zstd }: Choices): RunSelection {
  return {
    rules: selection.rules ?? null, skipRules: selection.skipRules ?? null, bases: selection.bases ?? null,
    ...(selection.target ? { target: selection.target } : {}), objective: objective ?? null, exactCold: exactCold ?? false,
    ...(selection.file ? { file: selection.file } : {}), ...(selection.service ? { service: selection.service } : {}),
    ...(repeat !== undefined && repeat > 1 ? { repeat } : {}),
    ...(budgetSeconds ? { budgetSeconds } : {}), ...(prove ? { prove } : {}), ...(zstd ? { zstd } : {}),
  };
}

/** `--resume`: the choices the first run recorded (an older results.json without them: dflab.yaml's). */
export function restoreSelection(recorded: RunSelection | undefined): Choices {
  if (!recorded) return {};
  const selection: Selection = {};
  if (recorded.rules) selection.rules = recorded.rules;
  if (recorded.skipRules) selection.skipRules = recorded.skipRules;
  if (recorded.bases) selection.bases = recorded.bases;
  if (recorded.target) selection.target = recorded.target;
  if (recorded.file) selection.file = recorded.file;
  if (recorded.service) selection.service = recorded.service;
  return {
    selection, ...(recorded.objective ? { objective: recorded.objective } : {}), exactCold: recorded.exactCold,
    ...(recorded.repeat ? { repeat: recorded.repeat } : {}),
    ...(recorded.budgetSeconds ? { budgetSeconds: recorded.budgetSeconds } : {}), ...(recorded.prove ? { prove: recorded.prove } : {}),
    ...(recorded.zstd ? { zstd: true } : {}),
  };
}
