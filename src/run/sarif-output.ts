// SARIF for a plan (`dflab plan --format sarif`) and for a run (results.sarif in the out dir): the planned
// variants' files as the project root sees them, handed to the pure builder in report/sarif.ts.
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Log } from 'sarif';
import type { LoadedProject } from '../context/project.js';
import type { Plan, PlannedVariant } from '../plan/index.js';
import { measuredSaving, sarifLog, type SarifFile, type SarifVariant } from '../report/sarif.js';
import { ORIGINAL, type Results } from '../results.js';
import { allRules } from '../rules/index.js';
import { dflabVersion } from '../version.js';

export const SARIF_FILE = 'results.sarif';
const NOT_BUILT = 'not built: `dflab run` measures what it saves (the planner makes no size estimate for a variant it plans)';

export function planSarif(plan: Plan, loaded: LoadedProject): Log {
  return sarifFor(plan, loaded, () => ({ saving: NOT_BUILT, level: 'note', fix: true }));
}

export function runSarif(plan: Plan, loaded: LoadedProject, results: Results): Log {
  const original = results.variants.find((v) => v.name === ORIGINAL);
  return sarifFor(plan, loaded, (v) => {
    const measured = results.variants.find((r) => r.name === v.name);
    return measured ? measuredSaving(original, measured) : { saving: 'not in the results (the run stopped before it)', level: 'note', fix: false };
  });
}

function sarifFor(plan: Plan, loaded: LoadedProject, saving: (v: PlannedVariant) => Pick<SarifVariant, 'saving' | 'level' | 'fix'>): Log {
  const variants = plan.variants.filter((v) => v.name !== ORIGINAL && (v.rules.length > 0 || v.base !== undefined));
  return sarifLog({
    rules: allRules.map((r) => ({ id: r.id, description: r.description })),
    variants: variants.map((v) => ({ name: v.name, rules: v.rules, ...(v.base !== undefined ? { base: v.base } : {}), files: filesOf(v, loaded), ...saving(v) })),
    notPlanned: plan.skipped.map((s) => ({ rule: s.rule, code: s.code, reason: s.reason })),
    rootUri: pathToFileURL(loaded.dir).href.replace(/\/?$/, '/'),
    version: dflabVersion(),
  });
}

/** The Dockerfile and the context files a variant changes, relative to the project root; files dflab did not read are left out. */
function filesOf(v: PlannedVariant, loaded: LoadedProject): SarifFile[] {
  const fromRoot = (abs: string) => relative(loaded.dir, abs).split(sep).join('/');
  const { project } = loaded;
  const files: SarifFile[] = [{ path: fromRoot(loaded.dockerfileAbs), before: project.dockerfile.text, after: v.dockerfile }];
  for (const f of v.files) {
    const known = f.path in project.files;
    if (!known && project.contextPaths.includes(f.path)) continue;
    files.push({ path: fromRoot(join(loaded.contextDir, f.path)), before: known ? project.files[f.path]! : null, after: f.newText });
  }
  return files;
}
