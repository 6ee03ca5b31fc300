// Which variants a run may start before the evidence it reads from the built original is in (the import analysis,
// minify's trace), and what is left to run once the plan made with that evidence is known. Without --budget or
// --prove every variant builds, in any order: one the evidence cannot change need not wait for it.
import { ORIGINAL } from '../results.js';
import type { Rule, RuleEvidence } from '../rules/types.js';
import { effectiveKey } from './effective.js';
import type { Plan, PlannedVariant } from './types.js';

/**
 * The variants of `plan` (made without the pending evidence) that the evidence cannot change: each base trial, and
 * each variant of one rule that reads none of it. `all` and dflab.yaml's combinations wait whenever evidence is
 * pending: which of their rules apply can change with it. Nothing pending: every variant but the original.
 */
export function earlyVariants(plan: Plan, rules: readonly Rule[], pending: ReadonlySet<RuleEvidence>): PlannedVariant[] {
  const others = plan.variants.filter((v) => v.name !== ORIGINAL);
  if (pending.size === 0) return others;
  const evidenceOf = new Map(rules.map((r) => [r.id, r.evidence]));
  return others.filter((v) => {
    if (v.rules.length === 0) return v.base !== undefined;
    if (v.rules.length !== 1 || v.name !== v.rules[0]) return false;
    const needs = evidenceOf.get(v.rules[0]);
    return needs === undefined || !pending.has(needs);
  });
}

/**
 * The final plan's variants (the original aside) that still have to run once `started` were started early, and the
 * started names whose build the final plan does not have under that name (their early results are stale).
 */
export function laterVariants(plan: Plan, started: readonly PlannedVariant[]): { rest: PlannedVariant[]; stale: Set<string> } {
  const key = (v: PlannedVariant) => effectiveKey(v.dockerfile, v.files);
  const startedKey = new Map(started.map((v) => [v.name, key(v)]));
  const same = (v: PlannedVariant) => startedKey.get(v.name) === key(v);
  const finalSame = new Set(plan.variants.filter((v) => startedKey.has(v.name) && same(v)).map((v) => v.name));
  return {
    rest: plan.variants.filter((v) => v.name !== ORIGINAL && !finalSame.has(v.name)),
    stale: new Set(started.map((v) => v.name).filter((n) => !finalSame.has(n))),
  };
}
