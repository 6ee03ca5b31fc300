// minify on top of the recommended variant (`all+minify`): once the first builds are measured, the variant the
// ranking recommends (minify variants left out) has its own image traced under the smoke probes, and minify applied
// to its Dockerfile becomes one more variant, built and measured like the others. minify alone keeps what the
// original touched; on top of `all` it keeps what the already-pruned image touches (onnxruntime, not torch).
// Nothing is planned when minify is not in the plan, when no variant beats the original, or when the run stops.
import type { Endpoint } from '../engine/endpoint.js';
import { addVariant, onTopName, planOnTop, skippedRule, type Plan, type PlannedVariant } from '../plan/index.js';
import { recommendedWithout, type RankObjective } from '../rank/index.js';
import { reason } from '../reasons.js';
import { ORIGINAL, type VariantResult } from '../results.js';
import { minify } from '../rules/minify/index.js';
import { traceForMinify } from './minify-evidence.js';
import { projectFor, type LoadedTrial } from './selection.js';

export const MINIFY = minify.id;

export interface OnTopRequest {
  trial: LoadedTrial;
  plan: Plan;
  /** The measured results so far. */
  results: VariantResult[];
  objective: RankObjective;
  /** The built image of a variant of this run. */
  tagOf: (name: string) => string;
  /** The engine a variant's image was loaded into, when not the current one (several builders). */
  endpointOf?: (name: string) => Endpoint | undefined;
  runId: string;
  signal: AbortSignal;
  note: (line: string) => void;
  phase: (name: string, phase: string) => void;
}

const hasMinify = (rules: readonly string[]) => rules.includes(MINIFY);

/** Whether the run plans minify on top of a measured variant: minify itself is planned (its trace worked). */
export function wantsMinifyOnTop(plan: Plan): boolean {
  return plan.variants.some((v) => hasMinify(v.rules));
}

/**
 * The `<recommended>+minify` variant added to the plan (null when none is: the reason is noted, or recorded among the
 * skipped when minify was tried and did not apply).
 */
export async function planMinifyOnTop(req: OnTopRequest): Promise<{ variant: PlannedVariant; under: string } | null> {
  if (!wantsMinifyOnTop(req.plan) || req.signal.aborted) return null;
  const under = recommendedWithout(req.results, req.objective, (v) => hasMinify(v.rules));
  const planned = under ? req.plan.variants.find((v) => v.name === under) : undefined;
  if (!under || under === ORIGINAL || !planned) {
    req.note('minify on top of a variant: not planned, no variant (minify left out) beats the original; minify alone is on the original');
    return null;
  }
  const name = onTopName(under, MINIFY);
  req.phase(name, `tracing the smoke test in ${under}`);
  const trace = await traceForMinify(req.tagOf(under), req.runId, req.trial.config, { signal: req.signal, which: under, endpoint: req.endpointOf?.(under) });
  if (!trace.ok) {
    req.plan.skipped.push(skippedRule(name, reason('minify-no-trace', trace.reason)));
    return null;
  }
  const variant = planOnTop(projectFor(req.trial), planned, minify, { minifyTrace: trace });
  if (!('dockerfile' in variant)) {
    req.plan.skipped.push(variant);
    return null;
  }
  addVariant(req.plan, variant);
  // The same effective build as a planned variant makes it that one's alias: nothing more to build.
  return req.plan.variants.includes(variant) ? { variant, under } : null;
}
