// `dflab plan`: the variants a run would build, with each one's diff, without an engine.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { buildChecks, withoutBuildKitDuplicates, type BuildCheckWarning } from '../dockerfile/index.js';
import { runBuildChecks, type BuildChecksOutcome } from '../engine/build-checks.js';
import { projectArgument } from '../context/locate.js';
import type { LoadedProject } from '../context/project.js';
import { UserError } from '../errors.js';
import { formatReason } from '../reasons.js';
import { requirementLines } from '../report/requirements.js';
import type { Plan } from '../plan/index.js';
import { OUTPUT_DIR_NAME } from '../context/project.js';
import { planSarif } from '../run/sarif-output.js';
import { planTrial, type Selection } from '../run/selection.js';
import { variantPatches } from '../run/variant-patches.js';
import { planWithBuild } from './plan-build.js';
import { formatPredictions, predictPlan, startImageRead, type PlanObjective } from './plan-image.js';

export type PlanFormat = 'text' | 'json' | 'sarif';
export interface PlanFlags extends Selection { json?: boolean; format?: PlanFormat; diff?: boolean; out?: string; buildChecks?: boolean; image?: string; objective?: PlanObjective; build?: boolean; keepImages?: boolean; builder?: string }

/** Where `dflab plan` writes without --out: beside the runs, under the project's .dflab/. */
export const PLAN_DIR = 'plan';

export async function planCommand(dir: string, flags: PlanFlags): Promise<number> {
  if (flags.build && flags.image) throw new UserError('--build and --image both name the original: give one', { hint: '--build builds DIR\'s original; --image reads one already built' });
  if ((flags.build || flags.image) && flags.format === 'sarif') throw new UserError('--format sarif is for the plan without predictions', { hint: 'use --json with --build or --image' });
  const arg = await projectArgument(dir, flags.file);
  // --image: the image's read starts first (its save takes longest) and stops if the plan cannot be made.
  const cancel = new AbortController();
  const early = flags.image ? startImageRead(flags.image, cancel.signal) : undefined;
  const trial = await planTrial(arg.dir, { ...flags, file: arg.file }).catch((e: unknown) => { cancel.abort(); throw e; });
  const { plan, loaded } = trial;
  const asJson = flags.json || flags.format === 'json';
  if (flags.image) {
    const predicted = await predictPlan(flags.image, trial, flags.objective ?? 'size', early);
    console.log(asJson ? JSON.stringify(predicted, null, 2) : formatPredictions(predicted));
    return 0;
  }
  if (flags.build) {
    const outDir = resolve(flags.out ?? join(loaded.dir, OUTPUT_DIR_NAME, PLAN_DIR));
    const predicted = await planWithBuild(trial, { outDir, objective: flags.objective ?? 'size', keepImages: flags.keepImages, builder: flags.builder });
    console.log(asJson ? JSON.stringify(predicted, null, 2) : formatPredictions(predicted));
    return 0;
  }
  const patches = variantPatches(plan, loaded);
  const out = resolve(flags.out ?? join(loaded.dir, OUTPUT_DIR_NAME, PLAN_DIR));
  await writePlan(out, plan, patches);
  // BuildKit's own checks when an engine answers; ours (engine-less) only for what BuildKit did not report.
  const buildkit: BuildChecksOutcome = flags.buildChecks === false
    ? { ran: false, code: 'not-asked', reason: '--no-build-checks' }
    : await runBuildChecks(loaded.dockerfileAbs, loaded.dir);
  const warnings = withoutBuildKitDuplicates(buildChecks(loaded.project.dockerfile), buildkit.ran ? buildkit.findings : []);
  const format = flags.format ?? (flags.json ? 'json' : 'text');
  if (format === 'sarif') {
    for (const line of [...buildKitLines(loaded, buildkit), ...warningLines(loaded, warnings)]) process.stderr.write(`${line}\n`);
    console.log(JSON.stringify(planSarif(plan, loaded), null, 2));
    return 0;
  }
  if (format === 'json') {
    const variants = plan.variants.map((v) => ({ ...v, patch: patches.get(v.name) ?? null }));
    console.log(JSON.stringify({ target: plan.target, variants, skipped: plan.skipped, warnings, buildChecks: buildkit }, null, 2));
    return 0;
  }
  for (const line of [...buildKitLines(loaded, buildkit), ...warningLines(loaded, warnings)]) process.stderr.write(`${line}\n`);
  console.log(`tuned: ${plan.target.description}`);
  for (const v of plan.variants) {
    const patch = patches.get(v.name);
    const stat = patch === undefined ? '' : `: ${diffStat(patch)}`;
    console.log(`variant ${v.name}${v.rules.length ? ` (${v.rules.join(', ')})` : ''}${v.base ? ` (base ${v.base})` : ''}${stat}`);
    for (const a of v.aliases) console.log(`  same build: ${a.name}${a.rules.length && a.rules.join(',') !== a.name ? ` (${a.rules.join(', ')})` : ''}: built once, as ${v.name}`);
    if (v.requires.length) console.log(`  requires: ${requirementLines(v.requires).join('; ')}`);
    for (const n of v.notes) console.log(`  note: ${n}`);
    if (flags.diff !== false && patch) console.log(patch.replace(/^/gm, '  ').trimEnd());
  }
  for (const s of plan.skipped) console.log(`not planned: ${s.rule}: ${formatReason({ code: s.code, message: s.reason })}`);
  console.log(`wrote ${plan.variants.length} Dockerfiles and ${patches.size} patches under ${out}`);
  return 0;
}

/** "Dockerfile +3 -1, requirements.txt -2": lines added and removed per file. */
export function diffStat(patch: string): string {
  const files: { name: string; add: number; del: number }[] = [];
  for (const line of patch.split('\n')) {
    if (line.startsWith('+++ ')) files.push({ name: line.slice(4).replace(/^b\//, ''), add: 0, del: 0 });
    else if (line.startsWith('--- ') || files.length === 0) continue;
    else if (line.startsWith('+')) files[files.length - 1]!.add++;
    else if (line.startsWith('-')) files[files.length - 1]!.del++;
  }
  return files.map((f) => `${f.name === '/dev/null' ? '(removed file)' : f.name} +${f.add} -${f.del}`).join(', ') || 'no change';
}

async function writePlan(out: string, plan: Plan, patches: Map<string, string>): Promise<void> {
  try {
    for (const v of plan.variants) {
      await mkdir(join(out, 'variants', v.name), { recursive: true });
      await writeFile(join(out, 'variants', v.name, 'Dockerfile'), v.dockerfile);
    }
    await mkdir(join(out, 'patches'), { recursive: true });
    for (const [name, patch] of patches) await writeFile(join(out, 'patches', `${name}.patch`), patch);
    await writeFile(join(out, 'plan.json'), `${JSON.stringify({ target: plan.target, variants: plan.variants, skipped: plan.skipped }, null, 2)}\n`);
  } catch (e) {
    throw new UserError(`cannot write the plan to ${out}: ${(e as Error).message}`, { hint: 'choose a writable place with --out DIR' });
  }
}

/** BuildKit's findings as `Dockerfile:3: warning: FromAsCasing: … (BuildKit build check)`, or why none ran. */
export function buildKitLines(loaded: LoadedProject, checks: BuildChecksOutcome): string[] {
  if (!checks.ran) return [`BuildKit build checks skipped: ${checks.reason}`];
  const file = relative(process.cwd(), loaded.dockerfileAbs) || loaded.dockerfileAbs;
  const lines = checks.findings.map((f) => `${file}:${f.lines[0] ?? 1}: warning: ${f.rule}: ${f.detail || f.description} (BuildKit build check${f.url ? `, ${f.url}` : ''})`);
  return checks.buildError ? [...lines, `${file}: error: ${checks.buildError} (BuildKit build check)`] : lines;
}

/** `Dockerfile:3: warning: NoEmptyContinuation: …`, the file relative to the current directory. */
export function warningLines(loaded: LoadedProject, warnings: BuildCheckWarning[]): string[] {
  const file = relative(process.cwd(), loaded.dockerfileAbs) || loaded.dockerfileAbs;
  return warnings.map((w) => `${file}:${w.line}: warning: ${w.code}: ${w.message}`);
}
